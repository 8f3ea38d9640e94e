"""Transcription with OpenAI's audio API (whisper-1, gpt-4o-mini-transcribe, gpt-4o-transcribe).

The original file is sent when the API accepts its format and it fits the
upload limit, so the service hears exactly what was recorded. Anything else
(raw AAC, an oversize WAV) is re-encoded from the decoded 16 kHz mono samples
to a 32 kbit/s MP3, about 240 KB a minute, so even the longest recording the
app allows fits. Text goes through the same normalize_transcript as the local
engine, so both engines give simplified Chinese in one layout.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from typing import Any

import av
import numpy as np
import openai

from ..audio import SAMPLE_RATE, Recording
from ..errors import AudioTooLargeForService, NoSpeech, OpenAITranscriptionFailed
from ..openai_client import SERVICE, check_health, describe_error, key_missing, make_client, openai_configured, to_failure
from ..settings import Settings
from .base import Transcript, normalize_transcript

log = logging.getLogger(__name__)

# The API's limit is 25 MB per file; the decimal reading is the stricter one.
MAX_UPLOAD_BYTES = 25_000_000
# File extension -> MIME type, for the formats the transcription API accepts.
ACCEPTED_FORMATS = {
    "flac": "audio/flac",
    "m4a": "audio/mp4",
    "mp3": "audio/mpeg",
    "mp4": "audio/mp4",
    "mpeg": "audio/mpeg",
    "mpga": "audio/mpeg",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "webm": "audio/webm",
}
REENCODE_BITRATE = 32_000
# Written in simplified Chinese, this prompt steers Whisper away from traditional characters.
TRANSCRIBE_PROMPT = "以下是普通话的句子，使用简体中文。"
LANGUAGE = "zh"


@dataclass
class AudioUpload:
    filename: str
    data: bytes
    content_type: str
    reencoded: bool


class OpenAITranscriber:
    """Transcriber backed by OpenAI's audio transcription endpoint, language zh."""

    def __init__(self, settings: Settings, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> None:
        """Args:
        settings: the key, endpoint, timeout, retries and MUMBLE_OPENAI_TRANSCRIBE_MODEL.
        max_upload_bytes: the largest file sent; bigger ones are re-encoded, then rejected.
        """
        self.settings = settings
        self.model = settings.openai_transcribe_model
        self.name = f"openai:{self.model}"
        self.max_upload_bytes = max_upload_bytes
        self._client = make_client(settings) if openai_configured(settings) else None

    def transcribe(self, recording: Recording) -> Transcript:
        """Send the recording to OpenAI and return its normalised text.

        Raises:
            AudioTooLargeForService: the file is over the upload limit even re-encoded.
            NoSpeech: the service returned no text.
            OpenAITranscriptionFailed: the key is missing or rejected, or the request failed after retries.
        """
        if self._client is None:
            raise key_missing(OpenAITranscriptionFailed, model=self.model, backend_setting="MUMBLE_TRANSCRIBER")
        upload = prepare_upload(recording, self.max_upload_bytes)

        started = time.perf_counter()
        try:
            result = self._client.audio.transcriptions.create(
                model=self.model,
                file=(upload.filename, upload.data, upload.content_type),
                language=LANGUAGE,
                prompt=TRANSCRIBE_PROMPT,
                response_format="json",
            )
        except openai.OpenAIError as error:
            log.warning("OpenAI transcription with %s failed: %s", self.model, describe_error(error))
            raise to_failure(
                error,
                OpenAITranscriptionFailed,
                model=self.model,
                setting="MUMBLE_OPENAI_TRANSCRIBE_MODEL",
                timeout=self.settings.openai_timeout,
            ) from None
        elapsed_ms = (time.perf_counter() - started) * 1000

        text = normalize_transcript(getattr(result, "text", None) or "")
        log.info(
            "OpenAI transcription: model=%s file=%s bytes=%d reencoded=%s took_ms=%.0f characters=%d",
            self.model,
            upload.filename,
            len(upload.data),
            upload.reencoded,
            elapsed_ms,
            len(text),
        )
        if not text:
            raise NoSpeech()
        return Transcript(text=text, engine=self.name, language=LANGUAGE)

    def health(self) -> dict[str, Any]:
        """Return {"engine", "ok", "model", "error", "error_key"}, checking the key against the API.

        The check calls the API at most once a minute; see check_health.
        """
        status = check_health(self.settings, self.model, "MUMBLE_OPENAI_TRANSCRIBE_MODEL", "MUMBLE_TRANSCRIBER")
        return {"engine": self.name, **status}


def prepare_upload(recording: Recording, max_bytes: int = MAX_UPLOAD_BYTES) -> AudioUpload:
    """Choose what to send: the original file if the API takes it, else a compact MP3.

    Raises:
        AudioTooLargeForService: the MP3 is still over max_bytes.
    """
    extension = recording.extension
    if extension in ACCEPTED_FORMATS and len(recording.data) <= max_bytes:
        return AudioUpload(f"recording.{extension}", recording.data, ACCEPTED_FORMATS[extension], reencoded=False)

    data = encode_mp3(recording.samples)
    if len(data) > max_bytes:
        raise AudioTooLargeForService(len(data), max_bytes, SERVICE)
    log.info(
        "Re-encoded a %s recording of %d bytes to MP3 of %d bytes for upload", recording.format, len(recording.data), len(data)
    )
    return AudioUpload("recording.mp3", data, ACCEPTED_FORMATS["mp3"], reencoded=True)


def encode_mp3(samples: np.ndarray, bitrate: int = REENCODE_BITRATE) -> bytes:
    """Encode 16 kHz mono float32 samples as a constant-bitrate MP3."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = bitrate
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
