"""The OpenAI client the cloud backends share, and the mapping of its errors to Mumble's.

The official SDK does the HTTP work. It retries timeouts, connection errors,
408, 409, 429 and 5xx with exponential backoff (honouring Retry-After) up to
max_retries times, so nothing here retries again. The client is built from
Settings alone, so the key and OPENAI_BASE_URL come from the environment or
secrets.toml like every other setting.

SDK errors become OpenAIFailed problems. Their text is never copied: for a
rejected key the API's message repeats part of the key.

The SDK is imported inside functions because importing it takes about half a
second, and an offline run that only calls `openai_configured` should not pay it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import TYPE_CHECKING, Any

from .errors import OpenAIFailed
from .settings import Settings

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

SERVICE = "OpenAI"
# Seconds a status check may take, and how long its result is reused.
HEALTH_TIMEOUT = 10.0
HEALTH_CACHE_SECONDS = 60.0
# Error codes the API gives when its safety system rejects a prompt: dall-e-3
# uses the first, GPT Image models the second.
CONTENT_REFUSAL_CODES = ("content_policy_violation", "moderation_blocked")

_health_cache: dict[tuple[str, str, str], tuple[float, dict[str, Any]]] = {}


def openai_configured(settings: Settings) -> bool:
    """Return whether an OpenAI API key is set."""
    return bool(settings.openai_api_key)


def use_openai(choice: str, settings: Settings) -> bool:
    """Return whether a backend family set to choice (auto, openai or local) runs on OpenAI.

    auto picks OpenAI exactly when a key is set. openai is honoured even
    without a key, so that the backend reports the missing key where the user acts.
    """
    return choice == "openai" or (choice == "auto" and openai_configured(settings))


def make_client(settings: Settings, timeout: float | None = None, max_retries: int | None = None) -> "openai.OpenAI":
    """Build an SDK client from settings; the caller checks that a key is set first.

    Args:
        settings: supplies the key, OPENAI_BASE_URL, the timeout and the retry count.
        timeout: seconds per attempt, overriding MUMBLE_OPENAI_TIMEOUT.
        max_retries: overrides MUMBLE_OPENAI_MAX_RETRIES.
    """
    import openai

    return openai.OpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout if timeout is None else timeout,
        max_retries=settings.openai_max_retries if max_retries is None else max_retries,
    )


def attempts_made(error: Exception) -> int:
    """Return how many requests the SDK sent before raising error (1 when unknown)."""
    request = getattr(error, "request", None)
    headers = getattr(request, "headers", None) or {}
    try:
        return int(headers.get("x-stainless-retry-count", 0)) + 1
    except ValueError:
        return 1


def is_content_refusal(error: Exception) -> bool:
    """Return whether error is the API rejecting a prompt under its content policy."""
    import openai

    return isinstance(error, openai.BadRequestError) and error.code in CONTENT_REFUSAL_CODES


def describe_error(error: Exception) -> str:
    """Return what an operator needs from an SDK error (type, status, code, request id), never its message."""
    parts = [type(error).__name__]
    status = getattr(error, "status_code", None)
    if status is not None:
        parts.append(f"status={status}")
    code = getattr(error, "code", None)
    if code:
        parts.append(f"code={code}")
    request_id = getattr(error, "request_id", None)
    if request_id:
        parts.append(f"request_id={request_id}")
    parts.append(f"attempts={attempts_made(error)}")
    return " ".join(parts)


def to_failure(
    error: Exception,
    failure_type: type[OpenAIFailed],
    *,
    model: str,
    setting: str,
    timeout: float,
) -> OpenAIFailed:
    """Translate an SDK exception into failure_type with the matching problem.

    Args:
        error: an openai.OpenAIError raised by a request.
        failure_type: OpenAIFailed or its subclass for the stage that failed.
        model: the model the request was for.
        setting: the setting that chose the model, named in messages that suggest changing it.
        timeout: the seconds per attempt that the request had, shown in the timeout message.
    """
    import openai

    common = {
        "model": model,
        "setting": setting,
        "attempts": attempts_made(error),
        "timeout": timeout,
    }
    status = getattr(error, "status_code", None)
    code = str(getattr(error, "code", None) or getattr(error, "type", None) or "")

    # APITimeoutError is a subclass of APIConnectionError, so it is checked first.
    if isinstance(error, openai.APITimeoutError):
        return failure_type("timeout", **common)
    if isinstance(error, openai.APIConnectionError):
        return failure_type("connection", **common)
    if isinstance(error, openai.AuthenticationError):
        return failure_type("key_invalid", status=status, code=code, **common)
    if isinstance(error, (openai.PermissionDeniedError, openai.NotFoundError)):
        return failure_type("model_unavailable", status=status, code=code, **common)
    if isinstance(error, openai.RateLimitError):
        problem = "quota_exceeded" if code == "insufficient_quota" else "rate_limited"
        return failure_type(problem, status=status, code=code, **common)
    if isinstance(error, openai.APIStatusError) and error.status_code >= 500:
        return failure_type("server_error", status=status, code=code, **common)
    if isinstance(error, openai.APIStatusError):
        return failure_type("rejected", status=status, code=code, **common)
    return failure_type("bad_response", detail=type(error).__name__, **common)


def key_missing(
    failure_type: type[OpenAIFailed], *, model: str, backend_setting: str, fallback: str = "local"
) -> OpenAIFailed:
    """Return the error for an OpenAI backend chosen without a key.

    The message offers setting backend_setting to fallback, which switches OpenAI off.
    """
    return failure_type("key_missing", model=model, setting=backend_setting, fallback=fallback, attempts=0)


def check_health(settings: Settings, model: str, model_setting: str, backend_setting: str) -> dict[str, Any]:
    """Check that the key is set, accepted and allowed to use model, for a status page.

    Calls the model-lookup endpoint, which generates nothing, once and without
    retries. The result is reused for HEALTH_CACHE_SECONDS so that redrawing a
    page does not call out again.

    Returns:
        {"ok": bool, "model": model, "error": the message in settings.language
        or None, "error_key": {"key", "params"} or None}.
    """
    if not openai_configured(settings):
        return _health_result(settings, model, key_missing(OpenAIFailed, model=model, backend_setting=backend_setting))

    # The key enters the cache key only as a digest.
    fingerprint = hashlib.sha256((settings.openai_api_key or "").encode()).hexdigest()
    cache_key = (settings.openai_base_url or "", model, fingerprint)
    cached = _health_cache.get(cache_key)
    if cached and time.monotonic() - cached[0] < HEALTH_CACHE_SECONDS:
        return cached[1]

    import openai

    timeout = min(HEALTH_TIMEOUT, settings.openai_timeout)
    client = make_client(settings, timeout=timeout, max_retries=0)
    try:
        client.models.retrieve(model)
        result = _health_result(settings, model, None)
    except openai.OpenAIError as error:
        log.warning("OpenAI status check for %s failed: %s", model, describe_error(error))
        failure = to_failure(error, OpenAIFailed, model=model, setting=model_setting, timeout=timeout)
        result = _health_result(settings, model, failure)
    finally:
        client.close()
    _health_cache[cache_key] = (time.monotonic(), result)
    return result


def _health_result(settings: Settings, model: str, failure: OpenAIFailed | None) -> dict[str, Any]:
    if failure is None:
        return {"ok": True, "model": model, "error": None, "error_key": None}
    return {
        "ok": False,
        "model": model,
        "error": failure.message(settings.language),
        "error_key": {"key": failure.key, "params": failure.params},
    }


def clear_health_cache() -> None:
    """Forget cached status checks (after the key changes, and between tests)."""
    _health_cache.clear()
