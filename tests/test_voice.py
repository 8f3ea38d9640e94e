"""Tone of voice: loudness, pitch and rate measured from samples, and the mood they suggest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mumble.audio import decode_audio
from mumble.context import MOODS
from mumble.voice import SAMPLE_RATE, VoiceFeatures, analyze_voice, count_characters, suggest_mood

SPEECH = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "speech"


def tone(frequency: float, seconds: float, dbfs: float) -> np.ndarray:
    """Return a sine whose RMS level is dbfs."""
    amplitude = 10 ** (dbfs / 20) * np.sqrt(2)
    times = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * frequency * times)).astype(np.float32)


def change_speed(samples: np.ndarray, factor: float) -> np.ndarray:
    """Play samples factor times faster (pitch moves with it, as on a tape)."""
    length = int(len(samples) / factor)
    return np.interp(np.linspace(0, len(samples) - 1, length), np.arange(len(samples)), samples).astype(np.float32)


def fixture_clip(name: str) -> tuple[np.ndarray, str]:
    if not (SPEECH / name).exists():
        pytest.skip(f"speech fixture {name} not found in {SPEECH}")
    references = dict(line.split("\t") for line in (SPEECH / "references.tsv").read_text("utf-8").splitlines()[1:] if line)
    return decode_audio((SPEECH / name).read_bytes()).samples, references[name]


def test_tone_pitch_is_measured():
    features = analyze_voice(tone(200.0, 1.0, -20.0))
    assert features.pitch_hz == pytest.approx(200.0, rel=0.01)
    assert features.pitch_range_semitones == pytest.approx(0.0, abs=0.2)


@pytest.mark.parametrize("frequency", [90.0, 150.0, 320.0])
def test_pitch_follows_frequency(frequency):
    assert analyze_voice(tone(frequency, 1.0, -20.0)).pitch_hz == pytest.approx(frequency, rel=0.02)


def test_loudness_is_rms_dbfs():
    features = analyze_voice(tone(200.0, 1.0, -20.0))
    assert features.loudness_dbfs == pytest.approx(-20.0, abs=0.5)
    assert features.loudness_variation_db < 0.5


def test_pitch_range_spans_a_glide():
    # One octave up and back down: the 10th-90th percentile span is most of 12 semitones.
    glide = np.concatenate([tone(150.0, 0.6, -20.0), tone(212.0, 0.6, -20.0), tone(300.0, 0.6, -20.0)])
    assert 9.0 < analyze_voice(glide).pitch_range_semitones < 12.5


def test_silence_has_no_pitch_or_rate():
    features = analyze_voice(np.zeros(SAMPLE_RATE, np.float32), "你好")
    assert features.speech_seconds == 0.0
    assert features.pitch_hz is None
    assert features.speech_rate_cps is None


def test_speech_rate_counts_characters_per_speech_second():
    # One second of tone between two seconds of silence: 5 characters over 1 s of speech.
    silence = np.zeros(SAMPLE_RATE, np.float32)
    samples = np.concatenate([silence, tone(200.0, 1.0, -20.0), silence])
    features = analyze_voice(samples, "今天天气好")
    assert features.speech_seconds == pytest.approx(1.0, abs=0.05)
    assert features.speech_rate_cps == pytest.approx(5.0, rel=0.06)


def test_count_characters_counts_hanzi_and_words():
    assert count_characters("今天，天气好！") == 5
    assert count_characters("我用 Python 3 写代码") == 7
    assert count_characters("") == 0


def test_other_sample_rates_are_rejected():
    with pytest.raises(ValueError):
        analyze_voice(np.zeros(8000, np.float32), sample_rate=8000)


def test_features_serialise_to_plain_dict():
    data = analyze_voice(tone(200.0, 1.0, -20.0), "你好").to_dict()
    assert set(data) == {"loudness_dbfs", "loudness_variation_db", "pitch_hz", "pitch_range_semitones",
                         "speech_seconds", "speech_rate_cps", "voiced_share"}
    assert all(value is None or isinstance(value, (int, float)) for value in data.values())


@pytest.mark.parametrize("loudness", [-55.0, -30.0, -12.0])
@pytest.mark.parametrize("rate", [None, 2.0, 4.5, 8.0])
@pytest.mark.parametrize("pitch_range", [None, 2.0, 12.0])
def test_suggestion_is_always_a_listed_mood(loudness, rate, pitch_range):
    features = VoiceFeatures(loudness, 6.0, 180.0 if pitch_range else None, pitch_range, 3.0, rate, 0.6)
    assert suggest_mood(features) in MOODS


@pytest.mark.parametrize("name", ["zh_welcome.wav", "zh_aishell_0121.wav"])
def test_quiet_slow_clip_differs_from_loud_fast(name):
    samples, transcript = fixture_clip(name)
    quiet_slow = change_speed(samples * 10 ** (-18 / 20), 0.75)
    loud_fast = change_speed(samples / np.abs(samples).max() * 0.95, 1.35)

    calm = analyze_voice(quiet_slow, transcript)
    lively = analyze_voice(loud_fast, transcript)

    assert lively.loudness_dbfs > calm.loudness_dbfs + 15
    assert lively.speech_rate_cps > calm.speech_rate_cps * 1.4
    assert lively.pitch_hz > calm.pitch_hz * 1.5
    assert suggest_mood(calm) != suggest_mood(lively)
    assert suggest_mood(calm) in ("calm", "dreamy", "tired", "melancholy")
    assert suggest_mood(lively) in ("excited", "happy", "angry")


def test_real_speech_has_plausible_features():
    samples, transcript = fixture_clip("zh_welcome.wav")
    features = analyze_voice(samples, transcript)
    assert 70.0 < features.pitch_hz < 300.0
    assert 2.0 < features.speech_rate_cps < 8.0
    assert features.speech_seconds < len(samples) / SAMPLE_RATE
