"""The transcriber interface and the text clean-up every engine shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from ..audio import Recording


@dataclass
class Transcript:
    text: str
    engine: str
    language: str = "zh"


class Transcriber(Protocol):
    """Turns a checked recording into simplified-Chinese text.

    Implementations raise NoSpeech when nothing was said and
    TranscriptionFailed (or ModelUnavailable) when the engine itself fails.
    """

    name: str

    def transcribe(self, recording: Recording) -> Transcript: ...

    def health(self) -> dict: ...


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (Whisper often writes traditional)."""
    return _t2s().convert(text)


def normalize_transcript(text: str) -> str:
    """Return engine output as users should see it: simplified, trimmed, single-spaced."""
    text = to_simplified(text)
    text = re.sub(r"\s+", " ", text).strip()
    # Whisper puts a space between Chinese phrases; keep spaces only next to Latin text.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "，", text)


def character_error_rate(hypothesis: str, reference: str) -> float:
    """CER: edit distance over reference length, both without punctuation or whitespace, simplified."""
    hyp = _strip_for_scoring(hypothesis)
    ref = _strip_for_scoring(reference)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(ref) + 1))
    for i, char in enumerate(hyp, 1):
        current = [i] + [0] * len(ref)
        for j, other in enumerate(ref, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
        previous = current
    return previous[-1] / len(ref)


def _strip_for_scoring(text: str) -> str:
    return re.sub(r"[\W_]+", "", to_simplified(text))
