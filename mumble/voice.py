"""Tone of voice: loudness, pitch and speech rate from a recording, and the mood they suggest.

Everything is plain NumPy on the 16 kHz samples that audio.decode_audio
returns, so it adds no model and runs in milliseconds. Speech is found by
frame energy relative to the recording's own noise floor (not Silero VAD),
because here only the share of loud frames matters, not a speech/noise
decision. Pitch is estimated with YIN (de Cheveigné and Kawahara, 2002):
the cumulative-mean-normalised difference function, computed for every
frame at once with FFT cross-correlation.

The mood suggestion is a small hand-set rule on two scores, arousal (loud,
fast, high) and expressiveness (wide pitch and loudness swings). It is a
suggestion only: the user accepts or changes it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

SAMPLE_RATE = 16_000
FRAME = 400  # 25 ms analysis window for loudness
HOP = 160  # 10 ms between frames
PITCH_WINDOW = 512  # 32 ms YIN integration window
MIN_PITCH_HZ = 60.0
MAX_PITCH_HZ = 500.0
YIN_THRESHOLD = 0.2
# Noisy speech rarely dips under the threshold; its deepest dip still counts as voiced below this.
YIN_FALLBACK = 0.4
# A frame is speech when it is this many dB above the noise floor (10th percentile of frame levels)
# or a third of the way from the floor to the peak, whichever is lower…
SPEECH_ABOVE_FLOOR_DB = 12.0
# …and no more than this many dB below the loudest frames (95th percentile).
SPEECH_BELOW_PEAK_DB = 35.0
# Frames within this many dB of the peak are always speech.
NEAR_PEAK_DB = 6.0
# Frames quieter than this are silence whatever the floor is.
SILENCE_DBFS = -65.0

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass
class VoiceFeatures:
    """Acoustic features of the speech in a recording (None where there was too little to measure)."""

    loudness_dbfs: float
    # Standard deviation of the 25 ms frame levels over speech, in dB.
    loudness_variation_db: float
    # Median fundamental frequency over voiced frames.
    pitch_hz: float | None
    # Span between the 10th and 90th percentile of the pitch, in semitones.
    pitch_range_semitones: float | None
    speech_seconds: float
    # Transcript characters (Chinese characters, or Latin words) per second of speech.
    speech_rate_cps: float | None
    voiced_share: float

    def to_dict(self) -> dict[str, float | None]:
        return {key: (round(value, 3) if isinstance(value, float) else value) for key, value in asdict(self).items()}


def count_characters(transcript: str | None) -> int:
    """Count spoken units in a transcript: each Chinese character, each Latin word or number."""
    if not transcript:
        return 0
    return len(_CJK.findall(transcript)) + len(_WORD.findall(transcript))


def analyze_voice(samples: np.ndarray, transcript: str | None = None, sample_rate: int = SAMPLE_RATE) -> VoiceFeatures:
    """Measure loudness, pitch and speech rate of 16 kHz mono float samples.

    Args:
        samples: audio in -1..1, as Recording.samples holds it.
        transcript: what was said; without it the speech rate is None.
        sample_rate: must be 16 kHz (frame sizes are fixed for it).

    Returns:
        The VoiceFeatures. A recording with no speech gives -inf-free zeros
        and None for pitch and rate.
    """
    if sample_rate != SAMPLE_RATE:
        raise ValueError(f"voice analysis expects {SAMPLE_RATE} Hz samples, got {sample_rate} Hz")
    samples = np.asarray(samples, np.float32).reshape(-1)
    levels = _frame_levels_db(samples)
    speech = _speech_frames(levels)
    speech_seconds = float(speech.sum()) * HOP / sample_rate
    if not speech.any():
        return VoiceFeatures(SILENCE_DBFS, 0.0, None, None, 0.0, None, 0.0)

    speech_levels = levels[speech]
    loudness = float(10.0 * np.log10(np.mean(10.0 ** (speech_levels / 10.0))))
    variation = float(np.std(speech_levels))

    pitches = _pitch_track(samples, np.flatnonzero(speech))
    voiced = pitches[np.isfinite(pitches)]
    voiced_share = float(voiced.size / max(1, speech.sum()))
    pitch_hz = pitch_range = None
    if voiced.size >= 5:
        pitch_hz = float(np.median(voiced))
        low, high = np.percentile(voiced, [10, 90])
        pitch_range = float(12.0 * np.log2(high / low))

    characters = count_characters(transcript)
    rate = characters / speech_seconds if characters and speech_seconds > 0 else None
    return VoiceFeatures(loudness, variation, pitch_hz, pitch_range, speech_seconds, rate, voiced_share)


def _frame_levels_db(samples: np.ndarray) -> np.ndarray:
    if samples.size < FRAME:
        samples = np.pad(samples, (0, FRAME - samples.size))
    frames = np.lib.stride_tricks.sliding_window_view(samples, FRAME)[::HOP]
    power = np.mean(frames.astype(np.float64) ** 2, axis=1)
    return 10.0 * np.log10(power + 1e-12)


def _speech_frames(levels: np.ndarray) -> np.ndarray:
    floor = np.percentile(levels, 10)
    peak = np.percentile(levels, 95)
    # Without pauses (a meeting, a steady tone) the floor is speech itself: then split a third of the way up.
    above_floor = min(floor + SPEECH_ABOVE_FLOOR_DB, floor + 0.35 * (peak - floor))
    threshold = max(above_floor, peak - SPEECH_BELOW_PEAK_DB)
    # Frames near the peak are speech even when the level barely varies (a held vowel, a tone).
    threshold = max(min(threshold, peak - NEAR_PEAK_DB), SILENCE_DBFS)
    return levels >= threshold


def _pitch_track(samples: np.ndarray, frame_indices: np.ndarray, chunk: int = 512) -> np.ndarray:
    """Return the YIN pitch in Hz for each listed 10 ms frame, NaN where unvoiced."""
    min_lag = int(SAMPLE_RATE / MAX_PITCH_HZ)
    max_lag = int(SAMPLE_RATE / MIN_PITCH_HZ)
    span = PITCH_WINDOW + max_lag
    padded = np.pad(samples, (0, span))
    pitches = np.full(frame_indices.size, np.nan, np.float32)
    for start in range(0, frame_indices.size, chunk):
        indices = frame_indices[start : start + chunk]
        frames = np.stack([padded[i * HOP : i * HOP + span] for i in indices]).astype(np.float64)
        pitches[start : start + chunk] = _yin(frames, min_lag, max_lag)
    return pitches


def _yin(frames: np.ndarray, min_lag: int, max_lag: int) -> np.ndarray:
    window = PITCH_WINDOW
    n_fft = 1 << int(np.ceil(np.log2(frames.shape[1] + window)))
    spectrum = np.fft.rfft(frames, n_fft)
    head = np.fft.rfft(frames[:, :window], n_fft)
    # correlation[τ] = Σ_j x[j + τ]·x[j] over the window, for every lag at once.
    correlation = np.fft.irfft(spectrum * np.conj(head), n_fft)[:, : max_lag + 1]

    squares = np.concatenate([np.zeros((frames.shape[0], 1)), np.cumsum(frames**2, axis=1)], axis=1)
    lags = np.arange(max_lag + 1)
    energy = squares[:, lags + window] - squares[:, lags]
    difference = energy[:, :1] + energy - 2.0 * correlation
    difference[:, 0] = 0.0
    running = np.cumsum(difference[:, 1:], axis=1)
    normalised = np.ones_like(difference)
    normalised[:, 1:] = difference[:, 1:] * lags[1:] / np.maximum(running, 1e-12)

    search = normalised[:, min_lag : max_lag + 1]
    below = search < YIN_THRESHOLD
    has_dip = below.any(axis=1)
    first = np.where(has_dip, np.argmax(below, axis=1), np.argmin(search, axis=1))
    voiced = has_dip | (search.min(axis=1) < YIN_FALLBACK)
    # Walk from the first dip under the threshold to the bottom of that dip: the
    # lowest point among the following lags that stay under the threshold.
    steps = np.arange(64)
    window_lags = np.clip(first[:, None] + steps[None, :], 0, search.shape[1] - 1)
    dip = np.take_along_axis(search, window_lags, axis=1)
    inside = np.cumprod(dip < max(YIN_THRESHOLD, YIN_FALLBACK), axis=1).astype(bool)
    inside[:, 0] = True
    best = window_lags[np.arange(search.shape[0]), np.argmin(np.where(inside, dip, np.inf), axis=1)]
    lag = (best + min_lag).astype(np.float64)

    # Parabolic interpolation around the dip for sub-sample lag precision.
    left = normalised[np.arange(lag.size), np.clip(lag.astype(int) - 1, 1, max_lag)]
    centre = normalised[np.arange(lag.size), lag.astype(int)]
    right = normalised[np.arange(lag.size), np.clip(lag.astype(int) + 1, 1, max_lag)]
    curvature = left - 2 * centre + right
    shift = np.where(np.abs(curvature) > 1e-9, 0.5 * (left - right) / np.where(curvature == 0, 1, curvature), 0.0)
    lag = lag + np.clip(shift, -0.5, 0.5)
    return np.where(voiced, SAMPLE_RATE / lag, np.nan)


def mood_scores(features: VoiceFeatures) -> tuple[float, float]:
    """Return (arousal, expressiveness), each clipped to -1..1.

    Reference points are typical of read Mandarin on a phone microphone:
    -30 dBFS, 4.5 characters per second, 6 dB loudness spread, 7 semitones
    of pitch range. They are estimates, not fitted to labelled data.
    """
    energy = _scale(features.loudness_dbfs, -30.0, 12.0)
    rate = _scale(features.speech_rate_cps, 4.5, 2.0) if features.speech_rate_cps is not None else 0.0
    spread = _scale(features.loudness_variation_db, 6.0, 4.0)
    range_ = _scale(features.pitch_range_semitones, 7.0, 5.0) if features.pitch_range_semitones is not None else 0.0
    pitch = _scale(np.log2(features.pitch_hz / 180.0), 0.0, 0.6) if features.pitch_hz else 0.0

    arousal = 0.5 * energy + 0.4 * rate + 0.1 * pitch
    expressiveness = 0.6 * range_ + 0.4 * spread
    return float(np.clip(arousal, -1, 1)), float(np.clip(expressiveness, -1, 1))


def suggest_mood(features: VoiceFeatures) -> str:
    """Return the key in context.MOODS that the tone of voice suggests."""
    arousal, expressiveness = mood_scores(features)
    if arousal >= 0.45:
        return "angry" if expressiveness < -0.15 and features.loudness_dbfs > -20 else "excited"
    if arousal >= 0.15:
        return "happy" if expressiveness >= -0.1 else "anxious"
    if arousal > -0.15:
        if expressiveness >= 0.25:
            return "hopeful"
        return "nostalgic" if expressiveness <= -0.35 else "calm"
    if arousal > -0.6:
        return "dreamy" if expressiveness >= 0.25 else "calm"
    return "melancholy" if expressiveness >= 0.0 else "tired"


def _scale(value: float, centre: float, spread: float) -> float:
    return float(np.clip((value - centre) / spread, -1.0, 1.0))
