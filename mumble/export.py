"""Export artworks as a ZIP: the PNGs plus their metadata as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

from .store.base import DONE, GalleryQuery, Record

METADATA_COLUMNS = (
    "id", "owner", "created_at", "status", "transcript", "prompt", "prompt_original", "mood", "location", "weather",
    "temperature_c", "time_of_day", "season", "duration_s", "transcriber", "prompt_rewriter", "renderer", "image_file",
)


def metadata_row(record: Record) -> dict[str, object]:
    """Flatten a record to the columns people read in a spreadsheet."""
    weather = record.weather or {}
    return {
        "id": record.id,
        "owner": record.owner,
        "created_at": record.created_at,
        "status": record.effective_status,
        "transcript": record.transcript or "",
        "prompt": record.prompt or "",
        # The built prompt when the one drawn was edited or rewritten, else empty.
        "prompt_original": record.prompt_original or "",
        "mood": record.mood or "",
        "location": record.location or "",
        "weather": weather.get("description") or record.weather_category,
        "temperature_c": weather.get("temperature_c"),
        "time_of_day": record.context.get("time_of_day", ""),
        "season": record.context.get("season", ""),
        "duration_s": record.duration_s,
        "transcriber": record.engines.get("transcriber", ""),
        "prompt_rewriter": record.engines.get("prompt_rewriter", ""),
        "renderer": record.engines.get("renderer", ""),
        "image_file": image_file_name(record) if record.image_key else "",
    }


def image_file_name(record: Record) -> str:
    stamp = record.created_at[:19].replace(":", "").replace("-", "")
    return f"images/{stamp}_{record.id}.png"


def iter_records(store, query: GalleryQuery | None = None, page_size: int = 200) -> Iterator[Record]:
    """Yield every record matching query, newest first, a page at a time."""
    cursor = None
    while True:
        page = store.list(query, limit=page_size, cursor=cursor)
        yield from page.records
        cursor = page.next_cursor
        if cursor is None:
            return


def write_export(store, records: Iterable[Record], target: Path | io.BytesIO) -> int:
    """Write a ZIP of finished artworks and metadata.csv/metadata.json; return the number of images."""
    rows: list[dict[str, object]] = []
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            rows.append(metadata_row(record))
            if record.status == DONE and record.image_key:
                # PNGs are already compressed; storing them saves time and loses nothing.
                archive.writestr(zipfile.ZipInfo(image_file_name(record), date_time=_zip_time(record)),
                                 store.read(record.image_key), compress_type=zipfile.ZIP_STORED)
                count += 1
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=METADATA_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        # A byte-order mark lets Excel open the Chinese text as UTF-8.
        archive.writestr("metadata.csv", "\ufeff" + text.getvalue())
        archive.writestr("metadata.json", json.dumps(rows, ensure_ascii=False, indent=2))
    return count


def _zip_time(record: Record) -> tuple[int, int, int, int, int, int]:
    stamp = record.created_at
    return (int(stamp[0:4]), int(stamp[5:7]), int(stamp[8:10]), int(stamp[11:13]), int(stamp[14:16]), int(stamp[17:19]))


def metadata_frame(records: Iterable[Record]):
    """Return the metadata of records as a pandas DataFrame with METADATA_COLUMNS."""
    import pandas as pd

    return pd.DataFrame([metadata_row(record) for record in records], columns=list(METADATA_COLUMNS))


def metadata_csv(records: Iterable[Record]) -> bytes:
    """Return the metadata of records as UTF-8 CSV with a byte-order mark, so Excel reads the Chinese text."""
    return ("\ufeff" + metadata_frame(records).to_csv(index=False)).encode("utf-8")


def metadata_json(records: Iterable[Record]) -> bytes:
    """Return the metadata of records as a UTF-8 JSON array of objects; missing numbers are null."""
    frame = metadata_frame(records)
    # DataFrame.to_json writes "/" as "\/"; going through plain objects keeps paths readable.
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")


def export_zip(store, records: Iterable[Record]) -> bytes:
    """Return the ZIP that write_export writes, as bytes (for a download button)."""
    buffer = io.BytesIO()
    write_export(store, records, buffer)
    return buffer.getvalue()
