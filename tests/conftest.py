"""Shared fixtures: the real Mandarin clips, a temporary data folder, one loaded model."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import av
import numpy as np
import pytest

from mumble.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
SPEECH_DIR = REPO.parent / "shared" / "fixtures" / "speech"


def _references() -> dict[str, str]:
    path = SPEECH_DIR / "references.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return {row["file"]: row["reference"] for row in csv.DictReader(handle, delimiter="\t")}


REFERENCES = _references()
needs_speech = pytest.mark.skipif(not REFERENCES, reason=f"speech fixtures not found in {SPEECH_DIR}")


@pytest.fixture
def speech_path():
    """Return the path of a named clip in the shared speech fixtures."""
    if not REFERENCES:
        pytest.skip(f"speech fixtures not found in {SPEECH_DIR}")

    def find(name: str = "zh_welcome.wav") -> Path:
        return SPEECH_DIR / name

    return find


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Offline settings with a fresh data folder; no keys, whatever the shell has set."""
    for key in ("OPENAI_API_KEY", "OPENWEATHER_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    return load_settings({"MUMBLE_DATA_DIR": str(tmp_path / "data"), "MUMBLE_WEATHER": "off"})


@pytest.fixture(scope="session")
def local_transcriber():
    """One loaded faster-whisper model for the whole session (loading takes about a second)."""
    from mumble.backends import make_transcriber

    transcriber = make_transcriber(load_settings({}))
    transcriber.load()
    return transcriber


def encode_audio(samples: np.ndarray, rate: int, container: str, codec: str, channels: int = 1) -> bytes:
    """Encode float samples in [-1, 1] with PyAV into an in-memory file."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container) as output:
        layout = "mono" if channels == 1 else "stereo"
        # FFmpeg's own vorbis encoder is marked experimental; it is the only one PyAV wheels carry.
        options = {"strict": "experimental"} if codec == "vorbis" else {}
        stream = output.add_stream(codec, rate=rate, layout=layout, options=options)
        frame_format = stream.codec_context.codec.audio_formats[0].name
        planar = np.tile(samples.astype(np.float32), (channels, 1))
        resampler = av.AudioResampler(format=frame_format, layout=layout, rate=rate)
        step = 1024
        for start in range(0, planar.shape[1], step):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(planar[:, start:start + step]), format="fltp", layout=layout)
            frame.sample_rate = rate
            for resampled in resampler.resample(frame):
                for packet in stream.encode(resampled):
                    output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return buffer.getvalue()


def wav_bytes(samples: np.ndarray, rate: int = 16_000) -> bytes:
    return encode_audio(samples, rate, "wav", "pcm_s16le")
