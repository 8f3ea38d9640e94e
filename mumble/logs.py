"""Structured logs: one JSON object per line, one line per pipeline stage.

Operators follow a request by its id. Only ids, stage names, engines,
durations and outcomes are logged: never a key, never audio or image bytes.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

LOGGER_NAME = "mumble"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error_type"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False, default=str)


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def configure_logging(level: str = "INFO", stream=None) -> None:
    """Send mumble's logs as JSON lines to stream (stderr by default), once per process."""
    logger = get_logger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)


def log_stage(request_id: str, stage: str, engine: str | None, ms: float, outcome: str, **fields) -> None:
    """Log one finished (or failed) stage of one request."""
    get_logger().info(
        "stage",
        extra={"fields": {"request_id": request_id, "stage": stage, "engine": engine, "ms": round(ms, 1), "outcome": outcome, **fields}},
    )
