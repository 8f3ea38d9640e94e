"""The store interface: records plus their audio, artwork and thumbnail files.

Every backend keeps the same promise: a record is visible only once the
files it names are safely written, and a failed write leaves no partial
record or orphaned file. Keys and file names are generated here, never taken
from user input.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from ..worker import worker_is_dead

# Record.status values.
PROCESSING = "processing"
DONE = "done"
FAILED = "failed"
# A record still "processing" this long after its last update was left by a
# process that died mid-pipeline. It is shown as failed and can be retried.
STALE_AFTER = timedelta(minutes=10)


def new_record_id() -> str:
    return uuid.uuid4().hex


def encode_cursor(record: Record) -> str:
    """Return the opaque page token that resumes listing after record (newest first)."""
    return base64.urlsafe_b64encode(f"{record.created_at}|{record.id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, str]:
    """Return (created_at, id) from a page token; raise ValueError for a token this module did not make."""
    try:
        created_at, record_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
    except (ValueError, UnicodeDecodeError):
        raise ValueError(f"invalid cursor {cursor!r}") from None
    return created_at, record_id


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Record:
    id: str
    owner: str
    created_at: str
    updated_at: str
    status: str = PROCESSING
    failed_stage: str | None = None
    # {"key": catalogue key, "params": {...}} so the reason can be shown in either language.
    error: dict[str, Any] | None = None
    transcript: str | None = None
    prompt: str | None = None
    # The prompt as first built, when the one drawn from was edited or rewritten.
    prompt_original: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    audio_key: str | None = None
    audio_format: str | None = None
    duration_s: float | None = None
    image_key: str | None = None
    thumbnail_key: str | None = None
    width: int | None = None
    height: int | None = None
    engines: dict[str, str] = field(default_factory=dict)
    recipe: dict[str, Any] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Acoustic features of the recording (loudness, pitch, rate) when computed.
    features: dict[str, Any] = field(default_factory=dict)
    # "host:pid:start" of the process drawing it while status is processing.
    worker: str | None = None

    @property
    def mood(self) -> str | None:
        return self.context.get("mood")

    @property
    def mood_key(self) -> str | None:
        return self.context.get("mood_key")

    @property
    def location(self) -> str | None:
        place = self.context.get("place") or {}
        if place.get("name"):
            return place["name"]
        if place.get("latitude") is not None and place.get("longitude") is not None:
            return f"{place['latitude']:.3f}, {place['longitude']:.3f}"
        return None

    @property
    def weather(self) -> dict[str, Any] | None:
        return self.context.get("weather")

    @property
    def weather_category(self) -> str:
        return (self.weather or {}).get("category") or "unknown"

    @property
    def effective_status(self) -> str:
        """Return the status, reading "processing" as failed when its worker died or it went stale."""
        if self.status != PROCESSING:
            return self.status
        if worker_is_dead(self.worker):
            return FAILED
        if datetime.now(timezone.utc) - datetime.fromisoformat(self.updated_at) > STALE_AFTER:
            return FAILED
        return self.status

    @property
    def retryable(self) -> bool:
        return self.effective_status == FAILED

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in names})


@dataclass
class GalleryQuery:
    """Filters for listing; None means "any"."""

    owner: str | None = None
    mood_key: str | None = None
    weather: str | None = None
    status: str | None = None
    # ISO dates (YYYY-MM-DD), inclusive, compared with created_at in UTC.
    date_from: str | None = None
    date_to: str | None = None
    # Case-insensitive substring of transcript or prompt.
    text: str | None = None


@dataclass
class GalleryPage:
    records: list[Record]
    # Opaque token for the next page; None on the last page.
    next_cursor: str | None = None


class Store(Protocol):
    name: str

    def create(self, record: Record, audio: bytes) -> Record:
        """Write the audio file, then the record; on failure leave neither. Sets audio_key."""

    def attach_artwork(self, record_id: str, png: bytes, thumbnail: bytes, **fields: Any) -> Record:
        """Write artwork and thumbnail files, then mark the record done with fields; all or nothing."""

    def update(self, record_id: str, **fields: Any) -> Record:
        """Change a record's fields (status, transcript, timings…) and return it."""

    def get(self, record_id: str) -> Record:
        """Return the record or raise RecordNotFound."""

    def list(self, query: GalleryQuery | None = None, limit: int = 24, cursor: str | None = None) -> GalleryPage:
        """Return records newest first, one page at a time."""

    def count(self, query: GalleryQuery | None = None, at_most: int | None = None) -> int:
        """Return how many records match query, stopping at at_most (when set) so a page stays cheap."""

    def delete(self, record_id: str, owner: str | None = None) -> bool:
        """Delete the record and its files; False if it did not exist.

        With owner set, raise NotOwner when the record belongs to someone else.
        """

    def read(self, key: str) -> bytes:
        """Return a stored file's bytes."""

    def locate(self, key: str) -> str:
        """Return where a stored file lives: a local path, or an s3:// address."""

    def health(self) -> dict[str, Any]: ...
