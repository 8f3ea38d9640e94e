"""Local transcription with faster-whisper (CTranslate2), int8 on the CPU.

The model loads on first use, not at construction, so a page can render
before any weights are read. One model instance serves every thread, and
calls are serialised because a CTranslate2 model with one worker runs one
request at a time anyway.

With window="fit" (the default) a clip of up to 25 s is encoded in a window
cut to its length (see window.py), which makes short clips several times
faster on a CPU; longer clips, VAD runs and decodes that fail a quality
check use faster-whisper's usual 30 s windows.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from ..audio import MIN_SPEECH_SECONDS, Recording, speech_seconds
from ..errors import ModelUnavailable, NoSpeech, TranscriptionFailed
from .base import Transcript, normalize_transcript
from .models import model_status, resolve_model
from .window import FittedWindowDecoder

logger = logging.getLogger(__name__)
WINDOWS = ("fit", "full")

# Phrases Whisper is known to invent on silence or noise in Chinese, learned
# from subtitle credits in its training data. A transcript made only of these is no speech.
HALLUCINATIONS = (
    "字幕由amara.org社区提供",
    "请不吝点赞订阅转发打赏支持明镜与点点栏目",
    "谢谢观看",
    "感谢观看",
    "请订阅",
    "字幕志愿者",
    "中文字幕",
)


class LocalTranscriber:
    def __init__(
        self,
        model: str = "base",
        cache_dir: Path | None = None,
        compute_type: str = "int8",
        beam_size: int = 5,
        vad_filter: bool = False,
        window: str = "fit",
        cpu_threads: int = 1,
    ) -> None:
        if window not in WINDOWS:
            raise ValueError(f"window must be one of {', '.join(WINDOWS)}, not {window!r}")
        self.model_name = model
        self.cache_dir = cache_dir or Path.home() / ".cache" / "mumble" / "models"
        self.compute_type = compute_type
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self.window = window
        # CTranslate2 threads for one transcription (see Settings.whisper_threads).
        self.cpu_threads = cpu_threads
        self.name = f"faster-whisper:{Path(model).name if Path(model).is_dir() else model}"
        self._model = None
        self._window_decoder: FittedWindowDecoder | None = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self):
        """Load the model once; raise ModelUnavailable when it is not on this machine."""
        with self._load_lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                source = resolve_model(self.model_name, self.cache_dir)
                try:
                    self._model = WhisperModel(
                        source,
                        device="cpu",
                        compute_type=self.compute_type,
                        cpu_threads=self.cpu_threads,
                        local_files_only=not Path(source).is_dir() and _offline(),
                    )
                except Exception as error:  # faster-whisper raises hub, OS and runtime errors alike
                    raise ModelUnavailable(self.model_name, str(error)[:200]) from None
                self._window_decoder = FittedWindowDecoder(self._model, language="zh")
        return self._model

    def transcribe(self, recording: Recording) -> Transcript:
        # Whisper on silence is slow (it retries at higher temperatures) and may
        # invent text, so a recording with no speech never reaches it.
        if speech_seconds(recording.samples) < MIN_SPEECH_SECONDS:
            raise NoSpeech()
        model = self.load()
        try:
            with self._run_lock:
                pieces = self._decode(model, recording)
        except Exception as error:  # CTranslate2 surfaces failures as RuntimeError and friends
            raise TranscriptionFailed(str(error)[:200]) from None

        text = normalize_transcript("".join(pieces))
        if _is_phantom(text):
            raise NoSpeech()
        return Transcript(text=text, engine=self.name)

    def _decode(self, model, recording: Recording) -> list[str]:
        samples = recording.samples
        decoder = self._window_decoder
        if self.window == "fit" and not self.vad_filter and decoder is not None and decoder.fits(samples):
            fitted = decoder.decode(samples, self.beam_size)
            if fitted is not None:
                return [fitted.text]
            logger.info("fitted-window decode failed its quality check; decoding with 30 s windows",
                        extra={"fields": {"audio_s": round(recording.duration_s, 2)}})

        segments, _info = model.transcribe(
            samples,
            language="zh",
            beam_size=self.beam_size,
            vad_filter=self.vad_filter,
            condition_on_previous_text=False,
            # One window needs no timestamps to find where the next one starts.
            without_timestamps=recording.duration_s <= 30,
        )
        return [segment.text for segment in segments]

    def health(self) -> dict:
        status = model_status(self.model_name, self.cache_dir)
        status.update(engine=self.name, loaded=self.loaded, compute_type=self.compute_type, window=self.window)
        return status


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")


def _is_phantom(text: str) -> bool:
    squeezed = "".join(ch for ch in text.lower() if ch.isalnum() or ch == ".")
    if not squeezed:
        return True
    for phrase in HALLUCINATIONS:
        squeezed = squeezed.replace(phrase, "")
    return not squeezed
