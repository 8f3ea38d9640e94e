"""Error types, one per failure a user can meet, each with a catalogue message.

BadInput subclasses are the user's to fix: the CLI exits 2 and nothing is
stored. Other MumbleErrors are failures of an engine or of storage (exit 1).
"""

from __future__ import annotations

from .i18n import t


class MumbleError(Exception):
    """Base error: carries a catalogue key and the values its message needs."""

    key = "error.generic"
    exit_code = 1
    # Set when what finished before the failure was stored, so the user can retry that record.
    record_id: str | None = None

    def __init__(self, detail: str = "", **params: object) -> None:
        self.detail = detail
        self.params = {"detail": detail, **params}
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        """Return the message in the user's language."""
        return t(self.key, language, **self.params)


class BadInput(MumbleError):
    exit_code = 2


class EmptyAudio(BadInput):
    key = "error.audio_empty"


class UndecodableAudio(BadInput):
    key = "error.audio_undecodable"


class AudioFileUnreadable(BadInput):
    key = "error.audio_file_unreadable"

    def __init__(self, path: str, error: OSError) -> None:
        import errno

        reasons = {errno.ENOENT: "reason.file_missing", errno.EISDIR: "reason.is_folder",
                   errno.EACCES: "reason.no_permission", errno.EPERM: "reason.no_permission"}
        self.reason_key = reasons.get(error.errno, "reason.os_error")
        super().__init__(error.strerror or str(error), path=path)

    def message(self, language: str | None = None) -> str:
        reason = t(self.reason_key, language, detail=self.detail)
        return t(self.key, language, path=self.params["path"], reason=reason)


class AudioTooShort(BadInput):
    key = "error.audio_too_short"

    def __init__(self, duration: float, minimum: float) -> None:
        super().__init__(duration=duration, minimum=minimum)


class AudioTooLong(BadInput):
    key = "error.audio_too_long"

    def __init__(self, duration: float, maximum: float) -> None:
        super().__init__(duration=duration, maximum=maximum)


class AudioTooLarge(BadInput):
    key = "error.audio_too_large"

    def __init__(self, size_bytes: int, maximum_mb: int) -> None:
        super().__init__(size_mb=size_bytes / 1_048_576, maximum_mb=maximum_mb)


class NoSpeech(BadInput):
    key = "error.no_speech"


class TextEmpty(BadInput):
    key = "error.text_empty"

    def __init__(self, field: str, language: str | None = None) -> None:
        super().__init__(field=t(f"field.{field}", language))


class TextTooLong(BadInput):
    key = "error.text_too_long"

    def __init__(self, field: str, length: int, maximum: int, language: str | None = None) -> None:
        super().__init__(field=t(f"field.{field}", language), length=length, maximum=maximum)


class ModelUnavailable(MumbleError):
    key = "error.model_unavailable"

    def __init__(self, name: str, detail: str = "") -> None:
        super().__init__(detail, name=name, hint="")

    def message(self, language: str | None = None) -> str:
        return t(self.key, language, **{**self.params, "hint": t("hint.model_install", language)})


class StageFailed(MumbleError):
    """A pipeline stage failed after the recording was accepted."""

    def __init__(self, detail: str = "", record_id: str | None = None, **params: object) -> None:
        super().__init__(detail, **params)
        self.record_id = record_id


class TranscriptionFailed(StageFailed):
    key = "error.transcription_failed"


class RenderFailed(StageFailed):
    key = "error.render_failed"


class OpenAIFailed(StageFailed):
    """An OpenAI request failed for good: after the SDK's retries, or at once where retrying cannot help.

    The catalogue key depends on the problem, so one type covers a missing or
    rejected key, a model the key may not use, a spent quota, rate limiting,
    timeouts, server and connection errors and unusable responses. Messages name
    the model, the HTTP status and the number of attempts, never the API key.
    """

    PROBLEMS = (
        "key_missing",
        "key_invalid",
        "model_unavailable",
        "quota_exceeded",
        "rate_limited",
        "timeout",
        "server_error",
        "connection",
        "rejected",
        "bad_response",
    )

    def __init__(
        self,
        problem: str,
        *,
        model: str,
        setting: str,
        status: int | None = None,
        code: str = "",
        attempts: int = 1,
        timeout: float = 0.0,
        fallback: str = "local",
        detail: str = "",
        record_id: str | None = None,
    ) -> None:
        if problem not in self.PROBLEMS:
            raise ValueError(f"unknown OpenAI problem {problem!r}")
        self.problem = problem
        self.key = f"error.openai_{problem}"
        super().__init__(
            detail,
            record_id,
            model=model,
            setting=setting,
            status=status if status is not None else "-",
            code=code or "-",
            attempts=attempts,
            timeout=timeout,
            fallback=fallback,
        )

    @property
    def retryable(self) -> bool:
        """True when the same request may succeed later without any change of settings."""
        return self.problem in ("rate_limited", "timeout", "server_error", "connection", "bad_response")


class OpenAITranscriptionFailed(OpenAIFailed, TranscriptionFailed):
    pass


class OpenAIRenderFailed(OpenAIFailed, RenderFailed):
    pass


class ContentRefused(RenderFailed):
    """The image service rejected the prompt under its content policy; an edited prompt can succeed."""

    key = "error.content_refused"

    def __init__(self, model: str, record_id: str | None = None) -> None:
        super().__init__("", record_id, model=model)


class AudioTooLargeForService(BadInput):
    """The recording stays over a cloud service's upload limit even after compression."""

    key = "error.audio_too_large_for_service"

    def __init__(self, size_bytes: int, maximum_bytes: int, service: str) -> None:
        super().__init__(size_mb=size_bytes / 1_000_000, maximum_mb=maximum_bytes / 1_000_000, service=service)


class StorageFailed(MumbleError):
    key = "error.storage_failed"


class StorageReadFailed(StorageFailed):
    """Reading records or files failed; nothing was being written."""

    key = "error.storage_read_failed"


class ProvisioningFailed(MumbleError):
    """Creating or checking the cloud resources the store needs failed."""

    key = "error.provisioning_failed"


class RecordNotFound(MumbleError):
    key = "error.record_not_found"

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id=record_id)


class NotOwner(MumbleError):
    key = "error.not_owner"

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id=record_id)


class StillProcessing(BadInput):
    key = "error.still_processing"

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id=record_id)


class DiskFull(StorageFailed):
    key = "error.disk_full"


class StorageReadOnly(StorageFailed):
    key = "error.storage_read_only"


def storage_error(error: Exception, where: str = "") -> StorageFailed:
    """Translate an OSError or sqlite3 error into the StorageFailed a user can act on."""
    import errno
    import sqlite3

    text = str(error)
    detail = f"{where}: {getattr(error, 'strerror', None) or text}" if where else (getattr(error, "strerror", None) or text)
    code = getattr(error, "errno", None)
    if code == errno.ENOSPC or (isinstance(error, sqlite3.Error) and "disk is full" in text):
        return DiskFull(detail)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or (isinstance(error, sqlite3.Error) and "readonly" in text):
        return StorageReadOnly(detail)
    return StorageFailed(detail)


class NothingToRetry(BadInput):
    key = "error.nothing_to_retry"

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id=record_id)


class PlaceNotFound(BadInput):
    key = "error.place_not_found"

    def __init__(self, query: str) -> None:
        super().__init__(query=query)


class InvalidCoordinates(BadInput):
    key = "error.coordinates_invalid"

    def __init__(self, latitude: object, longitude: object) -> None:
        super().__init__(latitude=latitude, longitude=longitude)
