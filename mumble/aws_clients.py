"""boto3 clients for the AWS store, provisioning and metrics, built in one place.

Every client gets botocore's standard retry mode (exponential backoff with
jitter on throttling and transient errors, a bounded number of attempts) and
connect/read timeouts, so no call can hang a request for ever. Credentials
come from boto3's default chain (environment, shared files, instance role);
this module never reads or stores them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from .settings import Settings

CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 30

_session = None
_session_lock = threading.Lock()


@dataclass(frozen=True)
class AwsResources:
    """The names of the table and buckets one deployment stage uses."""

    table: str
    audio_bucket: str
    images_bucket: str


def resource_names(settings: Settings) -> AwsResources:
    """Return the table and bucket names: the MUMBLE_* overrides, or mumble-*-{stage}."""
    stage = settings.stage
    return AwsResources(
        table=settings.aws_table or f"mumble-{stage}",
        audio_bucket=settings.aws_audio_bucket or f"mumble-audio-{stage}",
        images_bucket=settings.aws_images_bucket or f"mumble-images-{stage}",
    )


def make_client(service: str, settings: Settings, *, max_attempts: int | None = None,
                connect_timeout: float = CONNECT_TIMEOUT_S, read_timeout: float = READ_TIMEOUT_S) -> Any:
    """Build a boto3 client for service ("s3", "dynamodb", "cloudwatch") from settings.

    Raises:
        botocore.exceptions.NoRegionError: no region in settings or in boto3's own configuration.
    """
    import boto3
    from botocore.config import Config

    options: dict[str, Any] = {
        # total_max_attempts counts the first try; botocore's max_attempts would count only retries.
        "retries": {"mode": "standard", "total_max_attempts": max_attempts or settings.aws_max_attempts},
        "connect_timeout": connect_timeout,
        "read_timeout": read_timeout,
    }
    if settings.aws_region:
        options["region_name"] = settings.aws_region
    if service == "s3":
        # Presigned URLs need SigV4 in every region opened since 2014. S3-compatible
        # servers (MinIO, LocalStack, moto) are reached by path, not by a bucket subdomain.
        options["signature_version"] = "s3v4"
        options["s3"] = {"addressing_style": "path" if settings.aws_endpoint_url else "auto"}
    # One session keeps the parsed service models (about 0.4 s of JSON per client otherwise).
    # A boto3 session is not thread-safe but its clients are, so clients are made under a lock.
    global _session
    with _session_lock:
        if _session is None:
            _session = boto3.session.Session()
        return _session.client(service, endpoint_url=settings.aws_endpoint_url, config=Config(**options))
