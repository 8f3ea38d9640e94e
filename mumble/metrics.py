"""Pipeline stage metrics in CloudWatch: each stage's duration and outcome.

Off unless MUMBLE_METRICS=cloudwatch. Each finished stage queues two data
points in namespace `Mumble`, with dimensions `stage` (decode, transcribe,
context, prompt, save, render, store) and `deployment` (MUMBLE_STAGE, so dev
and prod never mix):

    StageDuration  Milliseconds  how long the stage ran
    StageOutcome   Count (1)     with a third dimension `outcome`: ok or failed

A background thread sends the queue in batches, so a slow or failing
CloudWatch adds no time to a request and never fails one. Send errors are
logged and their data points dropped. What is still queued at exit is sent
then; with CloudWatch unreachable that takes at most two attempts of one
batch (2 s to connect and 5 s to read each), because a failed batch drops the
rest of that flush.
"""

from __future__ import annotations

import atexit
import logging
import threading
from datetime import datetime, timezone
from typing import Any, Protocol

from .settings import Settings

NAMESPACE = "Mumble"
# Batches of 100 stay well inside PutMetricData's limits on data points and request size.
BATCH_SIZE = 100
FLUSH_INTERVAL_S = 10.0
# 5,000 points are about 350 requests of 7 stages each within one flush interval; more are dropped.
MAX_QUEUED = 5_000
# A metrics call must never hold up a request or the exit of the CLI for long.
CONNECT_TIMEOUT_S = 2
READ_TIMEOUT_S = 5
MAX_ATTEMPTS = 2

logger = logging.getLogger("mumble.metrics")


class Metrics(Protocol):
    name: str

    def record_stage(self, stage: str, engine: str | None, ms: float, outcome: str) -> None:
        """Queue one finished stage; never raises."""

    def flush(self) -> bool:
        """Send what is queued now; return False if any of it was dropped."""

    def close(self) -> None: ...


class NullMetrics:
    """Metrics switched off: every call does nothing."""

    name = "off"

    def record_stage(self, stage: str, engine: str | None, ms: float, outcome: str) -> None:
        pass

    def flush(self) -> bool:
        return True

    def close(self) -> None:
        pass


class CloudWatchMetrics:
    """Queues stage data points and sends them to CloudWatch from a daemon thread."""

    name = "cloudwatch"

    def __init__(self, client: Any, deployment: str, flush_interval_s: float = FLUSH_INTERVAL_S) -> None:
        self._client = client
        self._deployment = deployment
        self._flush_interval_s = flush_interval_s
        self._queue: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._overflow_logged = False
        self.dropped = 0
        self.sent = 0
        self._thread = threading.Thread(target=self._run, name="mumble-metrics", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    @classmethod
    def from_settings(cls, settings: Settings) -> "CloudWatchMetrics":
        from .aws_clients import make_client

        client = make_client("cloudwatch", settings, max_attempts=MAX_ATTEMPTS,
                             connect_timeout=CONNECT_TIMEOUT_S, read_timeout=READ_TIMEOUT_S)
        return cls(client, settings.stage)

    def record_stage(self, stage: str, engine: str | None, ms: float, outcome: str) -> None:
        now = datetime.now(timezone.utc)
        dimensions = [{"Name": "stage", "Value": stage}, {"Name": "deployment", "Value": self._deployment}]
        points = [
            {"MetricName": "StageDuration", "Dimensions": dimensions, "Timestamp": now,
             "Value": float(ms), "Unit": "Milliseconds"},
            {"MetricName": "StageOutcome", "Dimensions": [*dimensions, {"Name": "outcome", "Value": outcome}],
             "Timestamp": now, "Value": 1.0, "Unit": "Count"},
        ]
        with self._lock:
            if len(self._queue) + len(points) > MAX_QUEUED:
                self.dropped += len(points)
                overflowing, self._overflow_logged = self._overflow_logged, True
            else:
                self._queue.extend(points)
                return
        # Logged once until the next successful send, so a long outage does not flood the log.
        if not overflowing:
            logger.warning("metrics queue full, dropping data points", extra={"fields": {"max_queued": MAX_QUEUED}})

    def flush(self) -> bool:
        # One sender at a time, so the thread and an explicit flush never send the same points twice.
        with self._send_lock:
            with self._lock:
                pending, self._queue = self._queue, []
            for start in range(0, len(pending), BATCH_SIZE):
                batch = pending[start:start + BATCH_SIZE]
                try:
                    self._client.put_metric_data(Namespace=NAMESPACE, MetricData=batch)
                except Exception as error:  # any failure here is logged and dropped, never raised
                    # The next batch would most likely fail the same way, so the rest is dropped too.
                    lost = len(pending) - start
                    with self._lock:
                        self.dropped += lost
                    logger.warning("metrics not sent", extra={"fields": {
                        "points": lost, "dropped_total": self.dropped, "error": f"{type(error).__name__}: {error}"[:300],
                    }})
                    return False
                with self._lock:
                    self.sent += len(batch)
                    self._overflow_logged = False
            return True

    def close(self) -> None:
        """Stop the thread and send what is left."""
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        self._thread.join(timeout=1)
        self.flush()

    def _run(self) -> None:
        # Wakes every flush interval, or at once when close() is called.
        while not self._closed:
            self._wake.wait(self._flush_interval_s)
            self._wake.clear()
            if not self._closed:
                self.flush()
