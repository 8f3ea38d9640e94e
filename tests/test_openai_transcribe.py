"""OpenAI transcription against a fake OpenAI server on 127.0.0.1."""

from __future__ import annotations

import io
import logging
import time
import traceback
import wave

import av
import numpy as np
import pytest

from fake_openai import TEST_KEY, Reply, error_reply, fake_openai, openai_settings  # noqa: F401 (fixture)
from mumble.audio import SAMPLE_RATE, decode_audio
from mumble.errors import (
    AudioTooLargeForService,
    BadInput,
    NoSpeech,
    OpenAITranscriptionFailed,
    TranscriptionFailed,
)
from mumble.settings import load_settings
from mumble.transcribe.openai_api import MAX_UPLOAD_BYTES, OpenAITranscriber, encode_mp3

TRANSCRIPTIONS = "/v1/audio/transcriptions"


def make_wav(seconds: float, rate: int = SAMPLE_RATE, channels: int = 1) -> bytes:
    """Return a 16-bit PCM WAV of a 220 Hz tone with a slow tremolo."""
    t = np.arange(int(seconds * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    pcm = (np.repeat(tone[:, None], channels, axis=1) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm.tobytes())
    return buffer.getvalue()


def make_adts_aac(seconds: float) -> bytes:
    """Return raw AAC in ADTS framing, a format the transcription API does not take."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    samples = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32).reshape(1, -1)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="adts") as container:
        stream = container.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples, format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def duration_of(data: bytes) -> float:
    return len(decode_audio(data).samples) / SAMPLE_RATE


@pytest.fixture
def recording():
    return decode_audio(make_wav(2.0))


@pytest.mark.parametrize("model", ["whisper-1", "gpt-4o-mini-transcribe", "gpt-4o-transcribe"])
def test_transcription_sends_model_language_and_file(fake_openai, recording, model):
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_TRANSCRIBE_MODEL=model)

    transcript = OpenAITranscriber(settings).transcribe(recording)

    [sent] = fake_openai.seen(TRANSCRIPTIONS)
    assert sent.fields["model"] == model
    assert sent.fields["language"] == "zh"
    assert sent.fields["response_format"] == "json"
    filename, content_type, data = sent.files["file"]
    assert filename == "recording.wav"
    assert content_type == "audio/wav"
    assert data == recording.data
    assert sent.api_key == TEST_KEY
    assert "authorization" not in sent.headers
    assert transcript.engine == f"openai:{model}"
    assert transcript.language == "zh"


def test_transcription_is_simplified_and_trimmed(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, Reply(json={"text": "  今天天氣很好 我想去公園散步 \n"}))

    transcript = OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    assert transcript.text == "今天天气很好，我想去公园散步"


def test_transcription_settings_come_from_environment(fake_openai, recording, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)

    transcript = OpenAITranscriber(load_settings(secrets={})).transcribe(recording)

    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 1
    assert transcript.text


def test_transcription_retries_after_429(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, error_reply(429, "rate_limit_exceeded", "Rate limit reached", "requests"))

    transcript = OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 2
    assert transcript.text == "今天天气很好，我想去公园散步"


def test_transcription_gives_up_after_repeated_500(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, *[error_reply(500, None, "The server had an error", "server_error")] * 5)

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    # The default MUMBLE_OPENAI_MAX_RETRIES is 2: one request and two retries.
    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 3
    assert caught.value.problem == "server_error"
    assert caught.value.params["attempts"] == 3
    assert isinstance(caught.value, TranscriptionFailed)
    assert "HTTP 500" in caught.value.message("en")
    assert "HTTP 500" in caught.value.message("zh-CN")


def test_transcription_retry_count_follows_setting(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, *[error_reply(503, None, "Overloaded", "server_error")] * 5)
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_MAX_RETRIES="0")

    with pytest.raises(OpenAITranscriptionFailed):
        OpenAITranscriber(settings).transcribe(recording)

    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 1


def test_transcription_persistent_429_is_rate_limited(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, *[error_reply(429, "rate_limit_exceeded", "Slow down", "requests")] * 3)

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    assert caught.value.problem == "rate_limited"
    assert caught.value.retryable


def test_transcription_quota_exceeded_is_told_apart(fake_openai, recording):
    quota = error_reply(429, "insufficient_quota", "You exceeded your current quota", "insufficient_quota")
    fake_openai.queue(TRANSCRIPTIONS, *[quota] * 3)

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    assert caught.value.problem == "quota_exceeded"
    assert not caught.value.retryable


def test_transcription_timeout_is_reported(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, Reply(json={"text": "太晚了"}, delay=3.0), Reply(json={"text": "太晚了"}, delay=3.0))
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_TIMEOUT="0.3", MUMBLE_OPENAI_MAX_RETRIES="1")

    started = time.perf_counter()
    with pytest.raises(OpenAITranscriptionFailed) as caught:
        OpenAITranscriber(settings).transcribe(recording)
    elapsed = time.perf_counter() - started

    assert caught.value.problem == "timeout"
    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 2
    assert elapsed < 2.5
    assert "0.3" in caught.value.message("en")


def test_transcription_invalid_key_is_not_retried(fake_openai, recording):
    # Like the real API, the fake repeats the key it was sent in its error message.
    fake_openai.queue(
        TRANSCRIPTIONS, lambda request: error_reply(401, "invalid_api_key", f"Incorrect API key provided: {request.api_key}")
    )

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    assert caught.value.problem == "key_invalid"
    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 1
    assert "OPENAI_API_KEY" in caught.value.message("zh-CN")


def test_invalid_key_never_appears_in_errors_or_logs(fake_openai, recording, caplog):
    fake_openai.queue(
        TRANSCRIPTIONS, lambda request: error_reply(401, "invalid_api_key", f"Incorrect API key provided: {request.api_key}")
    )
    caplog.set_level(logging.DEBUG)

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    error = caught.value
    assert TEST_KEY not in str(error)
    assert TEST_KEY not in error.message("zh-CN")
    assert TEST_KEY not in error.message("en")
    assert TEST_KEY not in repr(error.params)
    assert TEST_KEY not in "".join(traceback.format_exception(error))
    assert TEST_KEY not in caplog.text


def test_transcription_without_key_fails_before_sending(fake_openai, recording):
    settings = load_settings(
        environ={"MUMBLE_TRANSCRIBER": "openai", "OPENAI_BASE_URL": fake_openai.url}, secrets={}
    )
    transcriber = OpenAITranscriber(settings)

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        transcriber.transcribe(recording)
    status = transcriber.health()

    assert caught.value.problem == "key_missing"
    assert "MUMBLE_TRANSCRIBER" in caught.value.message("en")
    assert fake_openai.requests == []
    assert status["ok"] is False
    assert status["error_key"]["key"] == "error.openai_key_missing"
    assert "OPENAI_API_KEY" in status["error"]


def test_empty_transcription_is_no_speech(fake_openai, recording):
    fake_openai.queue(TRANSCRIPTIONS, Reply(json={"text": "  "}))

    with pytest.raises(NoSpeech):
        OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)


def test_oversize_wav_is_sent_as_compact_mp3(fake_openai):
    # 140 s of 48 kHz stereo 16-bit PCM is about 26.9 MB, over the 25 MB limit.
    original = make_wav(140.0, rate=48_000, channels=2)
    assert len(original) > MAX_UPLOAD_BYTES
    recording = decode_audio(original)

    OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    [sent] = fake_openai.seen(TRANSCRIPTIONS)
    filename, content_type, data = sent.files["file"]
    assert filename == "recording.mp3"
    assert content_type == "audio/mpeg"
    assert len(data) < 1_000_000
    assert duration_of(data) == pytest.approx(140.0, abs=0.5)


def test_unaccepted_format_is_reencoded(fake_openai):
    recording = decode_audio(make_adts_aac(3.0))
    assert recording.format == "aac"

    OpenAITranscriber(openai_settings(fake_openai)).transcribe(recording)

    [sent] = fake_openai.seen(TRANSCRIPTIONS)
    filename, _, data = sent.files["file"]
    assert filename == "recording.mp3"
    assert duration_of(data) == pytest.approx(3.0, abs=0.2)


def test_still_oversize_after_reencoding_is_rejected(fake_openai):
    recording = decode_audio(make_wav(30.0))
    # 30 s at 32 kbit/s is about 120 kB, over this 50 kB limit.
    transcriber = OpenAITranscriber(openai_settings(fake_openai), max_upload_bytes=50_000)

    with pytest.raises(AudioTooLargeForService) as caught:
        transcriber.transcribe(recording)

    assert isinstance(caught.value, BadInput)
    assert "MUMBLE_TRANSCRIBER" in caught.value.message("zh-CN")
    assert fake_openai.requests == []


def test_mp3_encoding_is_about_32_kbit_per_second():
    samples = decode_audio(make_wav(10.0)).samples

    data = encode_mp3(samples)

    assert 35_000 <= len(data) <= 45_000


def test_health_checks_the_model_with_the_key(fake_openai):
    status = OpenAITranscriber(openai_settings(fake_openai)).health()

    [sent] = fake_openai.requests
    assert sent.method == "GET"
    assert sent.path == "/v1/models/whisper-1"
    assert sent.api_key == TEST_KEY
    assert status["ok"] is True
    assert status["engine"] == "openai:whisper-1"


def test_health_reports_invalid_key_once_per_minute(fake_openai):
    fake_openai.queue(
        "/v1/models/whisper-1", error_reply(401, "invalid_api_key", "Incorrect API key provided"), method="GET"
    )
    transcriber = OpenAITranscriber(openai_settings(fake_openai))

    first = transcriber.health()
    second = transcriber.health()

    assert first["ok"] is False
    assert first["error_key"]["key"] == "error.openai_key_invalid"
    assert second == first
    assert len(fake_openai.requests) == 1
