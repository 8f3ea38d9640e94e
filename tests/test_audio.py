"""Decoding every supported format, and each bad-input check."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from PIL import Image

from conftest import encode_audio, needs_speech, wav_bytes
from mumble.audio import SAMPLE_RATE, decode_audio, load_recording, speech_seconds
from mumble.errors import AudioTooLarge, AudioTooLong, AudioTooShort, EmptyAudio, NoSpeech, UndecodableAudio


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    count = int(len(samples) * rate / SAMPLE_RATE)
    return np.interp(np.linspace(0, len(samples) - 1, count), np.arange(len(samples)), samples).astype(np.float32)


@pytest.fixture
def welcome(speech_path):
    return load_recording(speech_path("zh_welcome.wav"), max_seconds=300)


FORMATS = [
    # container, codec, sample rate, channels, expected extension
    ("mp3", "libmp3lame", 44_100, 2, "mp3"),
    ("ipod", "aac", 48_000, 1, "m4a"),
    ("adts", "aac", 22_050, 2, "aac"),
    ("ogg", "vorbis", 44_100, 2, "ogg"),
    ("webm", "libopus", 48_000, 1, "webm"),
    ("ogg", "libopus", 48_000, 2, "ogg"),
    ("wav", "pcm_s16le", 8_000, 2, "wav"),
]


@needs_speech
@pytest.mark.parametrize("container,codec,rate,channels,extension", FORMATS)
def test_format_decodes_to_16k_mono(welcome, container, codec, rate, channels, extension):
    data = encode_audio(_resample(welcome.samples, rate), rate, container, codec, channels)

    recording = decode_audio(data)

    assert recording.extension == extension
    assert recording.source_sample_rate == rate
    assert recording.source_channels == channels
    assert recording.samples.dtype == np.float32
    assert recording.samples.ndim == 1
    assert abs(recording.duration_s - welcome.duration_s) < 0.15
    assert speech_seconds(recording.samples) > 2.0


def test_empty_bytes_are_rejected():
    with pytest.raises(EmptyAudio):
        decode_audio(b"")


def test_random_bytes_are_undecodable():
    with pytest.raises(UndecodableAudio):
        decode_audio(np.random.default_rng(1).bytes(4096))


def test_image_renamed_to_wav_is_undecodable(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="PNG")
    path = tmp_path / "photo.wav"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(UndecodableAudio):
        load_recording(path, max_seconds=300)


def test_header_only_wav_is_rejected():
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as header_only:
        header_only.setnchannels(1)
        header_only.setsampwidth(2)
        header_only.setframerate(SAMPLE_RATE)
    assert len(buffer.getvalue()) == 44
    with pytest.raises((AudioTooShort, UndecodableAudio)):
        load_recording(buffer.getvalue(), max_seconds=300)


@needs_speech
def test_truncated_m4a_is_rejected(welcome):
    data = encode_audio(welcome.samples, SAMPLE_RATE, "ipod", "aac")
    with pytest.raises((UndecodableAudio, AudioTooShort)):
        load_recording(data[: len(data) // 10], max_seconds=300)


def test_short_clip_is_rejected():
    tone = 0.3 * np.sin(np.arange(int(0.2 * SAMPLE_RATE)) / SAMPLE_RATE * 2 * np.pi * 220)
    with pytest.raises(AudioTooShort) as caught:
        load_recording(wav_bytes(tone), max_seconds=300)
    assert "0.2" in caught.value.message("zh-CN")


def test_silence_is_rejected_as_no_speech():
    with pytest.raises(NoSpeech):
        load_recording(wav_bytes(np.zeros(3 * SAMPLE_RATE, np.float32)), max_seconds=300)


def test_pure_noise_is_rejected_as_no_speech():
    noise = np.random.default_rng(7).normal(0, 0.2, 3 * SAMPLE_RATE).clip(-1, 1)
    with pytest.raises(NoSpeech):
        load_recording(wav_bytes(noise), max_seconds=300)


@needs_speech
def test_speech_over_length_limit_is_rejected(welcome):
    looped = np.tile(welcome.samples, 3)
    with pytest.raises(AudioTooLong) as caught:
        load_recording(wav_bytes(looped), max_seconds=10)
    assert caught.value.message("en").startswith("The recording is")


def test_file_over_size_limit_is_rejected(tmp_path):
    path = tmp_path / "big.wav"
    path.write_bytes(b"\0" * 2_100_000)
    with pytest.raises(AudioTooLarge):
        load_recording(path, max_seconds=300, max_bytes=2 * 1_048_576)


def test_messages_exist_in_both_languages():
    error = AudioTooShort(0.2, 0.5)
    assert "秒" in error.message("zh-CN")
    assert "seconds" not in error.message("zh-CN")
    assert "at least 0.5 s" in error.message("en")
