"""Audio in: decode any common recording to 16 kHz mono and check it.

Decoding uses PyAV because its wheels carry FFmpeg, so wav, mp3, m4a/aac,
ogg/vorbis and webm/opus all decode on a fresh machine with no system ffmpeg.
Every check runs here, before anything is stored, so a bad file never leaves
a trace in the gallery.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from .errors import AudioFileUnreadable, AudioTooLarge, AudioTooLong, AudioTooShort, EmptyAudio, NoSpeech, UndecodableAudio

SAMPLE_RATE = 16_000
MIN_SECONDS = 0.5
# Samples quieter than this peak (about -60 dBFS) are treated as digital silence.
SILENCE_PEAK = 0.001
# Speech shorter than this in total (after voice activity detection) counts as none.
MIN_SPEECH_SECONDS = 0.25

# Container format name reported by FFmpeg -> file extension used when storing.
_EXTENSIONS = {
    "wav": "wav",
    "mp3": "mp3",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "aac": "aac",
    "ogg": "ogg",
    "matroska,webm": "webm",
    "flac": "flac",
}


@dataclass
class Recording:
    """A decoded recording: the original bytes and 16 kHz mono float32 samples."""

    data: bytes
    samples: np.ndarray
    format: str
    source_sample_rate: int
    source_channels: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def extension(self) -> str:
        return _EXTENSIONS.get(self.format, "bin")


def read_audio_bytes(source: bytes | str | os.PathLike, max_bytes: int | None = None) -> bytes:
    """Return the bytes of source (bytes pass through), raising AudioTooLarge past max_bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise AudioTooLarge(size, max_bytes // 1_048_576)
            data = path.read_bytes()
        except OSError as error:
            raise AudioFileUnreadable(str(path), error) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise AudioTooLarge(len(data), max_bytes // 1_048_576)
    return data


def decode_audio(data: bytes, max_seconds: float | None = None) -> Recording:
    """Decode audio bytes of any supported format to 16 kHz mono float32.

    Args:
        data: the file's bytes.
        max_seconds: stop decoding past this length and raise AudioTooLong, so a
            long file is not decoded in full just to be rejected.

    Returns:
        The Recording. Raises EmptyAudio or UndecodableAudio.
    """
    if not data:
        raise EmptyAudio()
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, ValueError, UnicodeDecodeError) as error:
        raise UndecodableAudio(_short_reason(error)) from None

    with container:
        if not container.streams.audio:
            raise UndecodableAudio("no audio stream")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        decoded = 0
        limit = None if max_seconds is None else int((max_seconds + 1) * SAMPLE_RATE)
        try:
            for frame in container.decode(stream):
                frame.pts = None
                for resampled in resampler.resample(frame):
                    chunk = resampled.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    decoded += len(chunk)
                if limit is not None and decoded > limit:
                    raise AudioTooLong(decoded / SAMPLE_RATE, max_seconds)
            for resampled in resampler.resample(None):
                chunks.append(resampled.to_ndarray().reshape(-1))
        except (av.error.FFmpegError, ValueError) as error:
            # A truncated file often decodes up to the damage. What came out is kept
            # when it is a real amount of audio; otherwise the damage is reported.
            if decoded < MIN_SECONDS * SAMPLE_RATE:
                raise UndecodableAudio(_short_reason(error)) from None

        samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
        return Recording(
            data=data,
            samples=np.clip(samples, -1.0, 1.0),
            format=container.format.name,
            source_sample_rate=stream.codec_context.sample_rate or 0,
            source_channels=stream.codec_context.channels or 0,
        )


def check_recording(recording: Recording, max_seconds: float) -> None:
    """Reject a recording that is too short, too long or contains no speech."""
    duration = recording.duration_s
    if duration < MIN_SECONDS:
        raise AudioTooShort(duration, MIN_SECONDS)
    if duration > max_seconds:
        raise AudioTooLong(duration, max_seconds)
    if speech_seconds(recording.samples) < MIN_SPEECH_SECONDS:
        raise NoSpeech()


def speech_seconds(samples: np.ndarray) -> float:
    """Return how many seconds of speech Silero VAD finds in 16 kHz samples.

    Digital silence is detected without running the model. Silero VAD (shipped
    inside faster-whisper) tells speech from steady noise and hum, which a
    loudness threshold cannot.
    """
    if samples.size == 0 or float(np.max(np.abs(samples))) < SILENCE_PEAK:
        return 0.0
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=300, speech_pad_ms=30)
    spans = get_speech_timestamps(samples, options)
    return sum(span["end"] - span["start"] for span in spans) / SAMPLE_RATE


def load_recording(source: bytes | str | os.PathLike, max_seconds: float, max_bytes: int | None = None) -> Recording:
    """Read, decode and check a recording in one call (what the pipeline and CLI use)."""
    recording = decode_audio(read_audio_bytes(source, max_bytes), max_seconds=max_seconds)
    check_recording(recording, max_seconds)
    return recording


def _short_reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    # FFmpeg errors end with the in-memory "file name"; drop it.
    return text.split(": '<")[0][:160]
