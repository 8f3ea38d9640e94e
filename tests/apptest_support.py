"""Helpers for the AppTest suites: a clean environment, fixture audio, made-up WAVs and widget lookups."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
FIXTURES = ROOT.parent / "shared" / "fixtures" / "speech"
# Long enough for a first model load plus a transcription on a 2-core machine.
SLOW_RUN_S = 120

needs_fixtures = pytest.mark.skipif(
    not (FIXTURES / "zh_command.wav").exists(), reason=f"speech fixtures not found in {FIXTURES}"
)


def clean_environment(monkeypatch, data_dir: Path, **settings: str) -> None:
    """Drop every Mumble setting and key from the environment, then set a fresh data folder and settings.

    Weather lookups are off unless a test turns them on against a fake server, so no test goes online.
    """
    import os

    for name in list(os.environ):
        if name.startswith("MUMBLE_") or name.endswith("_API_KEY"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MUMBLE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("MUMBLE_WEATHER", "off")
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_wav(seconds: float, amplitude: float = 0.0, rate: int = 16_000) -> bytes:
    """Return a mono 16-bit WAV of a 220 Hz tone (silence when amplitude is 0)."""
    count = int(seconds * rate)
    tone = amplitude * np.sin(2 * np.pi * 220 * np.arange(count) / rate)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((tone * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def new_app() -> AppTest:
    """Return the whole app (app.py with its navigation), run once on the default page."""
    return AppTest.from_file(str(APP), default_timeout=SLOW_RUN_S).run()


@pytest.fixture
def shared_transcriber(monkeypatch, local_transcriber):
    """Make every pipeline built during the test use the session's loaded model (see conftest.py)."""
    from mumble import backends

    monkeypatch.setattr(backends, "make_transcriber", lambda settings: local_transcriber)
    return local_transcriber


def button(app: AppTest, label: str):
    """Return the one button with this label, failing with the labels on screen when there is none."""
    found = [item for item in app.button if item.label == label]
    assert found, f"no button {label!r}; buttons on screen: {[item.label for item in app.button]}"
    return found[0]


def text_area(app: AppTest, label: str):
    found = [item for item in app.text_area if item.label == label]
    assert found, f"no text area {label!r}; text areas: {[item.label for item in app.text_area]}"
    return found[0]


def texts(app: AppTest) -> list[str]:
    return [item.value for item in app.text]


def errors(app: AppTest) -> list[str]:
    return [item.value for item in app.error]


def small_png(color: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), color).save(buffer, format="PNG")
    return buffer.getvalue()


def seed_record(store, *, created_at: str, transcript: str, mood: str | None = None, weather: str | None = None,
                place: str | None = None, status: str = "done", prompt: str | None = None, owner: str = "local"):
    """Store one record straight through the store (no transcription or drawing), done or failed."""
    from mumble.context import Context, Place, Weather
    from mumble.render.base import make_thumbnail
    from mumble.store.base import FAILED, Record, new_record_id

    context = Context(
        mood=mood, place=Place(name=place) if place else None,
        weather=Weather(category=weather, description=None, temperature_c=20.0) if weather else None,
        local_time=created_at,
    )
    record = Record(
        id=new_record_id(), owner=owner, created_at=created_at, updated_at=created_at, transcript=transcript,
        prompt=prompt or f"说的话：{transcript}", context=context.to_dict(), audio_format="wav", duration_s=1.0,
        engines={"transcriber": "reference"}, timings_ms={"decode": 12.0, "transcribe": 850.0},
    )
    store.create(record, make_wav(1.0, 0.2))
    if status == FAILED:
        return store.update(record.id, status=FAILED, failed_stage="render",
                            error={"key": "error.render_failed", "params": {"detail": "renderer crashed"}})
    png = small_png((40 + len(transcript) * 7 % 200, 90, 160))
    return store.attach_artwork(record.id, png, make_thumbnail(png), width=64, height=64,
                                engines={**record.engines, "renderer": "procedural"})
