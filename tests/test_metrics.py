"""CloudWatch stage metrics: off by default, sent in the background, never failing a request."""

from __future__ import annotations

import socket
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mumble.aws_clients import make_client
from mumble.backends import make_metrics
from mumble.errors import RenderFailed
from mumble.metrics import NAMESPACE, CloudWatchMetrics, NullMetrics
from mumble.pipeline import _Run
from mumble.settings import SettingsError, load_settings


@pytest.fixture
def cloudwatch_settings(aws_environment, monkeypatch):
    monkeypatch.setenv("MUMBLE_METRICS", "cloudwatch")
    monkeypatch.setenv("MUMBLE_STAGE", f"m{uuid.uuid4().hex[:12]}")
    return load_settings()


def sample_count(settings, metric: str, dimensions: dict[str, str]) -> float:
    now = datetime.now(timezone.utc)
    response = make_client("cloudwatch", settings).get_metric_statistics(
        Namespace=NAMESPACE, MetricName=metric, Dimensions=[{"Name": k, "Value": v} for k, v in dimensions.items()],
        StartTime=now - timedelta(hours=1), EndTime=now + timedelta(hours=1), Period=3600, Statistics=["SampleCount"],
    )
    return sum(point["SampleCount"] for point in response["Datapoints"])


def test_metrics_are_off_by_default():
    assert isinstance(make_metrics(load_settings({})), NullMetrics)


def test_unknown_metrics_sink_is_rejected():
    with pytest.raises(SettingsError, match="MUMBLE_METRICS"):
        load_settings({"MUMBLE_METRICS": "prometheus"})


def test_stage_duration_and_outcome_reach_cloudwatch(cloudwatch_settings):
    metrics = make_metrics(cloudwatch_settings)
    run = _Run("request-1", None, metrics=metrics)

    with run.stage("render", "procedural"):
        pass
    with pytest.raises(RenderFailed):
        with run.stage("store", "aws"):
            raise RenderFailed("disk full")
    assert metrics.flush() is True

    deployment = cloudwatch_settings.stage
    assert sample_count(cloudwatch_settings, "StageDuration", {"stage": "render", "deployment": deployment}) == 1
    assert sample_count(cloudwatch_settings, "StageDuration", {"stage": "store", "deployment": deployment}) == 1
    assert sample_count(cloudwatch_settings, "StageOutcome",
                        {"stage": "render", "deployment": deployment, "outcome": "ok"}) == 1
    assert sample_count(cloudwatch_settings, "StageOutcome",
                        {"stage": "store", "deployment": deployment, "outcome": "failed"}) == 1


def test_background_thread_sends_without_an_explicit_flush(cloudwatch_settings):
    client = make_client("cloudwatch", cloudwatch_settings)
    metrics = CloudWatchMetrics(client, cloudwatch_settings.stage, flush_interval_s=0.1)
    metrics.record_stage("transcribe", "faster-whisper:base", 812.5, "ok")

    deadline = time.monotonic() + 5
    while metrics.sent < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    metrics.close()

    assert metrics.sent == 2
    assert sample_count(cloudwatch_settings, "StageDuration",
                        {"stage": "transcribe", "deployment": cloudwatch_settings.stage}) == 1


def test_unreachable_cloudwatch_never_fails_a_stage(cloudwatch_settings, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    metrics = make_metrics(load_settings())
    run = _Run("request-2", None, metrics=metrics)

    with run.stage("render", "procedural"):
        pass

    assert "render" in run.timings
    assert metrics.flush() is False
    assert metrics.dropped == 2


def test_failed_batch_drops_the_rest_of_the_flush():
    class RefusingClient:
        calls = 0

        def put_metric_data(self, **kwargs):
            RefusingClient.calls += 1
            raise ConnectionError("CloudWatch unreachable")

    metrics = CloudWatchMetrics(RefusingClient(), "dev", flush_interval_s=3600)
    for number in range(120):
        metrics.record_stage("render", "procedural", float(number), "ok")

    assert metrics.flush() is False
    assert RefusingClient.calls == 1
    assert metrics.dropped == 240
    metrics.close()


def test_full_queue_drops_new_points():
    from mumble.metrics import MAX_QUEUED

    metrics = CloudWatchMetrics(object(), "dev", flush_interval_s=3600)
    for number in range(MAX_QUEUED // 2 + 1):
        metrics.record_stage("render", "procedural", float(number), "ok")

    assert len(metrics._queue) == MAX_QUEUED
    assert metrics.dropped == 2
    metrics._queue.clear()
    metrics.close()


def test_raising_metrics_sink_never_fails_a_stage():
    class BrokenMetrics:
        def record_stage(self, *args):
            raise RuntimeError("metrics backend exploded")

    run = _Run("request-3", None, metrics=BrokenMetrics())
    with run.stage("prompt"):
        pass
    assert "prompt" in run.timings


def test_cloudwatch_without_region_falls_back_to_no_metrics(cloudwatch_settings, monkeypatch):
    monkeypatch.delenv("AWS_REGION")
    assert isinstance(make_metrics(load_settings()), NullMetrics)
