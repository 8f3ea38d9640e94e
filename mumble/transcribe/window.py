"""Decode a short clip with Whisper's encoder window cut to the clip's length.

Whisper was trained on 30 s windows, and faster-whisper pads every clip to
3,000 mel frames before encoding. On a CPU the encoder's cost grows with the
window, not with the speech, so a 2 s command pays for 30 s of encoding.
CTranslate2's Whisper model accepts shorter inputs, so here the mel frames
of the clip plus a few seconds of zero frames (the padding faster-whisper
itself uses) go to the encoder, and the decoder runs once on the result.

Cutting the window below what the model saw in training can make Whisper
repeat itself or stop early. The padding was chosen on the Mandarin fixture
clips (see docs/BENCHMARKS.md): with 1 s, a 2 s clip came out twice
("换一首歌换一首歌"); with 5 s every clip scored as with the full window.
A result that fails faster-whisper's own quality checks (average log
probability, compression ratio, a decode that filled max_length) is
discarded, so the caller can decode the usual way.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

# Mel frames per second of audio (hop length 160 at 16 kHz).
FRAMES_PER_SECOND = 100
FULL_WINDOW_FRAMES = 3000
PADDING_SECONDS = 5.0
# faster-whisper's default thresholds for retrying a decode (TranscriptionOptions, faster-whisper 1.2).
LOG_PROB_THRESHOLD = -1.0
COMPRESSION_RATIO_THRESHOLD = 2.4
MAX_LENGTH = 448


@dataclass
class WindowDecode:
    text: str
    frames: int
    avg_logprob: float
    compression_ratio: float


class FittedWindowDecoder:
    """Decodes clips of up to 25 s with a window of the clip plus PADDING_SECONDS.

    Args:
        model: a loaded faster_whisper.WhisperModel.
        language: Whisper language code.
        padding_s: seconds of zero frames after the clip.
    """

    def __init__(self, model, language: str = "zh", padding_s: float = PADDING_SECONDS) -> None:
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        self.model = model
        self.padding_frames = int(padding_s * FRAMES_PER_SECOND)
        self.tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                                   language=language)
        self.prompt = [*self.tokenizer.sot_sequence, self.tokenizer.no_timestamps]
        # -1 stands for Whisper's list of non-speech symbols, as in faster-whisper's default.
        self.suppress_tokens = list(get_suppressed_tokens(self.tokenizer, [-1]))

    def fits(self, samples: np.ndarray, sample_rate: int = 16_000) -> bool:
        """Return whether the clip plus its padding fits in Whisper's 30 s window."""
        frames = len(samples) * FRAMES_PER_SECOND // sample_rate
        return frames + self.padding_frames <= FULL_WINDOW_FRAMES

    def decode(self, samples: np.ndarray, beam_size: int) -> WindowDecode | None:
        """Return the decoded text, or None when the decode fails a quality check.

        Args:
            samples: 16 kHz mono float32 audio that `fits`.
            beam_size: beam width; 1 decodes greedily.
        """
        from faster_whisper.transcribe import get_ctranslate2_storage

        features = self.model.feature_extractor(samples)
        frames = min(features.shape[-1] + self.padding_frames, FULL_WINDOW_FRAMES)
        window = np.zeros((1, features.shape[0], frames), dtype=np.float32)
        copied = min(features.shape[-1], frames)
        window[0, :, :copied] = features[:, :copied]

        result = self.model.model.generate(
            get_ctranslate2_storage(window), [self.prompt], beam_size=beam_size, max_length=MAX_LENGTH,
            return_scores=True, suppress_blank=True, suppress_tokens=self.suppress_tokens,
        )[0]
        tokens = result.sequences_ids[0]
        # CTranslate2 returns the log probability divided by the length (length_penalty 1).
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        text = self.tokenizer.decode(tokens).strip()
        compression_ratio = _compression_ratio(text)

        if len(self.prompt) + len(tokens) >= MAX_LENGTH:
            return None
        if avg_logprob < LOG_PROB_THRESHOLD or compression_ratio > COMPRESSION_RATIO_THRESHOLD:
            return None
        return WindowDecode(text=text, frames=frames, avg_logprob=avg_logprob, compression_ratio=compression_ratio)


def _compression_ratio(text: str) -> float:
    encoded = text.encode("utf-8")
    if not encoded:
        return 0.0
    return len(encoded) / len(zlib.compress(encoded))
