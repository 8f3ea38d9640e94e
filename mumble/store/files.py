"""Crash-safe file writes for the local store.

A file is written under a temporary name in its final folder, flushed to
disk, then renamed into place, so a reader (or a crash) sees either the whole
file or none of it.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

TEMP_PREFIX = ".tmp-"
# Recordings and artworks are private: readable by the app's own user only.
FILE_MODE = 0o600


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path all at once; on any error nothing is left at path or beside it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.parent / f"{TEMP_PREFIX}{uuid.uuid4().hex}-{path.name}"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def sweep_temporary_files(folder: Path, older_than_s: float = 3600) -> int:
    """Delete temp files a killed process left behind; young ones may belong to a live writer."""
    removed = 0
    cutoff = time.time() - older_than_s
    for path in folder.rglob(f"{TEMP_PREFIX}*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _fsync_directory(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
