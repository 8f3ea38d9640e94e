"""Shared fixtures: the real Mandarin clips, a temporary data folder, one loaded model."""

from __future__ import annotations

import csv
import io
import logging
import os
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


# AWS: a moto server on 127.0.0.1, reached only through AWS_ENDPOINT_URL with fake credentials.


@pytest.fixture(scope="session")
def moto_endpoint():
    """Start moto's server on 127.0.0.1 at a free port for the session and return its URL."""
    server_module = pytest.importorskip("moto.server", reason="moto is not installed: pip install -r requirements-dev.txt")
    # One log line per request would bury a failing test's own output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_environment(moto_endpoint, monkeypatch, tmp_path):
    """Point boto3 at the moto server only: fake keys, no profiles, no instance metadata lookups."""
    for key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_DEFAULT_REGION",
                "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "OPENAI_API_KEY", "OPENWEATHER_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    # A MUMBLE_* setting from the shell (a table name, a language) must not change what the tests see.
    for key in [key for key in os.environ if key.startswith("MUMBLE_")]:
        monkeypatch.delenv(key)
    missing = str(tmp_path / "no-aws-config")
    environment = {
        "AWS_ENDPOINT_URL": moto_endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": missing, "AWS_SHARED_CREDENTIALS_FILE": missing,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    return environment


@pytest.fixture
def aws_settings(aws_environment, monkeypatch, tmp_path):
    """Settings for MUMBLE_STORAGE=aws with a stage of its own: an empty table and two empty buckets on moto.

    Only the table and buckets are made here (3 requests instead of init-aws's 21),
    because the bucket settings init-aws adds change nothing the store does.
    """
    import uuid

    from mumble.aws_clients import make_client, resource_names
    from mumble.store.aws_setup import table_definition

    environment = {
        "MUMBLE_STORAGE": "aws", "MUMBLE_STAGE": f"t{uuid.uuid4().hex[:12]}", "MUMBLE_DATA_DIR": str(tmp_path / "data"),
        "MUMBLE_WEATHER": "off", "MUMBLE_AWS_MAX_ATTEMPTS": "2",
    }
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    settings = load_settings()
    resources = resource_names(settings)
    make_client("dynamodb", settings).create_table(**table_definition(resources.table))
    s3 = make_client("s3", settings)
    for bucket in (resources.audio_bucket, resources.images_bucket):
        s3.create_bucket(Bucket=bucket)
    return settings


_LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    """Fail any in-process connection to a host other than this machine's loopback.

    Tests use fake servers on 127.0.0.1; this makes a forgotten real endpoint
    (OpenAI, a weather service, AWS) an immediate error instead of a network call.
    """
    import socket

    original_connect = socket.socket.connect

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            if not host.startswith(_LOOPBACK):
                raise ConnectionRefusedError(f"test tried to reach {host}; only 127.0.0.1 is allowed")
        return original_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
