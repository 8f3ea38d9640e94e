"""JSON over HTTP GET with one overall deadline, for the weather providers.

httpx timeouts bound each network operation (connect, each read), so a server
that sends its response one byte at a time would never trip them. Each request
therefore runs in a worker thread that the caller waits for until the
deadline, and the worker stops reading once the deadline has passed. A lookup
thus returns or fails within the configured timeout whatever the server does.

OpenWeather takes its API key as the `appid` query parameter, so every URL
that reaches a log or an error is redacted first. A filter on httpx's own
request log redacts the key there too.
"""

from __future__ import annotations

import json
import logging
import re
import ssl
import threading
import time
from functools import lru_cache
from typing import Any, Mapping

import httpx

from .. import __version__
from .base import WeatherError

logger = logging.getLogger(__name__)

# Weather and geocoding responses are a few kilobytes, so a far larger body is not one of them.
MAX_RESPONSE_BYTES = 1_048_576

_KEY_PARAMETER = re.compile(r"\b(appid|apikey|api_key|key)=[^&\s\"'<>]*", re.IGNORECASE)


def redact(text: str, secrets: tuple[str | None, ...] = ()) -> str:
    """Return text with API key parameters and the given secrets replaced by ***."""
    text = _KEY_PARAMETER.sub(lambda match: f"{match.group(1)}=***", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class _RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


logging.getLogger("httpx").addFilter(_RedactKeys())


class _ResponseTooLarge(Exception):
    pass


class _DeadlinePassed(Exception):
    pass


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds, so one context serves every request.
    return httpx.create_ssl_context()


def _download(url: str, params: Mapping[str, Any], deadline: float) -> tuple[int, bytes]:
    """Return (status, body) of one GET; runs in the worker thread."""
    timeout = max(deadline - time.monotonic(), 0.001)
    headers = {"Accept": "application/json", "User-Agent": f"mumble/{__version__}"}
    with httpx.Client(timeout=timeout, follow_redirects=False, verify=_ssl_context()) as client:
        with client.stream("GET", url, params=params, headers=headers) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise _ResponseTooLarge()
                if time.monotonic() > deadline:
                    raise _DeadlinePassed()
            return response.status_code, bytes(body)


def _download_before(url: str, params: Mapping[str, Any], deadline: float) -> tuple[int, bytes]:
    """Run _download in a worker thread and wait for it until the deadline.

    A worker still running at the deadline is left to end on its own, which it
    does at its next read or when its httpx timeout (the same deadline) fires.
    """
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = _download(url, params, deadline)
        except BaseException as error:  # handed to the waiting thread below
            outcome["error"] = error

    worker = threading.Thread(target=work, name="weather-request", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0))
    if worker.is_alive():
        raise _DeadlinePassed()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def fetch_json(
    provider: str,
    url: str,
    params: Mapping[str, Any],
    *,
    deadline: float,
    timeout: float,
    secrets: tuple[str | None, ...] = (),
) -> Any:
    """GET url with params and return the decoded JSON body.

    Args:
        provider: display name used in errors and logs.
        url: the endpoint, without a query string.
        params: query parameters, API key included.
        deadline: time.monotonic() value by which the response must be complete.
        timeout: the configured timeout in seconds, shown when it runs out.
        secrets: values to redact from logs and errors besides key parameters.

    Returns:
        The parsed JSON document of a 2xx response.

    Raises:
        WeatherError: on timeout, network failure, a non-2xx status, or a body
            that is too large or not JSON.
    """
    started = time.monotonic()
    shown_url = redact(url, secrets)
    try:
        status, body = _download_before(url, params, deadline)
    except (_DeadlinePassed, httpx.TimeoutException):
        logger.warning("%s request to %s timed out after %.2f s", provider, shown_url, time.monotonic() - started)
        raise WeatherError(provider, "timeout", seconds=timeout) from None
    except _ResponseTooLarge:
        logger.warning("%s response from %s is larger than %d bytes", provider, shown_url, MAX_RESPONSE_BYTES)
        raise WeatherError(provider, "bad_response") from None
    except httpx.HTTPError as error:
        detail = redact(f"{type(error).__name__}: {error}", secrets)
        logger.warning("%s request to %s failed: %s", provider, shown_url, detail)
        raise WeatherError(provider, "unreachable") from None

    elapsed_ms = (time.monotonic() - started) * 1000
    logger.info("%s GET %s -> HTTP %d in %.0f ms", provider, shown_url, status, elapsed_ms)
    if not 200 <= status < 300:
        excerpt = redact(body[:300].decode("utf-8", "replace"), secrets)
        logger.warning("%s responded with HTTP %d: %s", provider, status, excerpt)
        raise _status_error(provider, status)

    try:
        return json.loads(body)
    except ValueError:
        logger.warning("%s responded with HTTP %d and a body that is not JSON (%d bytes)", provider, status, len(body))
        raise WeatherError(provider, "bad_response") from None


def _status_error(provider: str, status: int) -> WeatherError:
    if status == 401:
        return WeatherError(provider, "bad_key")
    if status == 429:
        return WeatherError(provider, "rate_limited")
    if status >= 500:
        return WeatherError(provider, "server_error", status=status)
    return WeatherError(provider, "rejected", status=status)
