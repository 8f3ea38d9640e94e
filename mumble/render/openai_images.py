"""Artwork from OpenAI's image API: gpt-image-1 (default) or dall-e-3.

gpt-image-1 returns the image as base64 in the response. dall-e-3 returns a
URL that expires after about an hour, so the image is downloaded at once and
only its bytes are kept. Either way the artwork is stored as PNG, and its
recipe names the model, size and quality that drew it, because those set
what the image cost.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
import openai
from PIL import Image, UnidentifiedImageError

from ..context import Context
from ..errors import ContentRefused, OpenAIRenderFailed, TextTooLong
from ..openai_client import (
    check_health,
    describe_error,
    is_content_refusal,
    key_missing,
    make_client,
    openai_configured,
    to_failure,
)
from ..settings import OPENAI_IMAGE_MODELS, Settings
from .base import Artwork

log = logging.getLogger(__name__)

# Maximum prompt length each model accepts, in characters.
MAX_PROMPT_CHARS = {"gpt-image-1": 32_000, "dall-e-3": 4_000}
# A 1792x1024 PNG is a few MB; anything far larger is not an image from this API.
MAX_DOWNLOAD_BYTES = 50_000_000
MODEL_SETTING = "MUMBLE_OPENAI_IMAGE_MODEL"


class OpenAIImageGenerator:
    """ImageGenerator backed by OpenAI's image generation endpoint."""

    def __init__(self, settings: Settings) -> None:
        """Args:
        settings: the key, endpoint, timeout, retries and MUMBLE_OPENAI_IMAGE_MODEL, _SIZE and _QUALITY.
        """
        self.settings = settings
        self.model = settings.openai_image_model
        self.size = settings.openai_image_size
        self.quality = settings.openai_image_quality or OPENAI_IMAGE_MODELS[self.model]["qualities"][0]
        self.name = f"openai:{self.model}"
        self._client = make_client(settings) if openai_configured(settings) else None

    def generate(self, prompt: str, context: Context, transcript: str) -> Artwork:
        """Draw prompt with the configured model; context and transcript are already in the prompt.

        Raises:
            TextTooLong: the prompt is longer than the model takes.
            ContentRefused: the API rejected the prompt under its content policy.
            OpenAIRenderFailed: the key is missing or rejected, the request failed
                after retries, or the result could not be read or downloaded.
        """
        if self._client is None:
            raise key_missing(OpenAIRenderFailed, model=self.model, backend_setting="MUMBLE_IMAGE_GENERATOR")
        maximum = MAX_PROMPT_CHARS.get(self.model)
        if maximum is not None and len(prompt) > maximum:
            raise TextTooLong("prompt", len(prompt), maximum)

        started = time.perf_counter()
        response = self._request(prompt)
        image = response.data[0] if response.data else None
        if image is None:
            raise self._bad_response("no image in the response")
        if image.b64_json:
            raw = self._decode_base64(image.b64_json)
        elif image.url:
            raw = self._download(image.url)
        else:
            raise self._bad_response("the image has neither data nor a URL")
        png, width, height = self._to_png(raw)
        elapsed_ms = (time.perf_counter() - started) * 1000

        recipe: dict[str, Any] = {"model": self.model, "size": self.size, "quality": self.quality}
        if image.revised_prompt:
            recipe["revised_prompt"] = image.revised_prompt
        usage = getattr(response, "usage", None)
        if usage is not None:
            recipe["usage"] = {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens}
        log.info(
            "OpenAI image: model=%s size=%s quality=%s source=%s bytes=%d took_ms=%.0f",
            self.model,
            self.size,
            self.quality,
            "base64" if image.b64_json else "url",
            len(png),
            elapsed_ms,
        )
        return Artwork(png=png, width=width, height=height, engine=self.name, recipe=recipe)

    def health(self) -> dict[str, Any]:
        """Return {"engine", "ok", "model", "size", "quality", "error", "error_key"}, checking the key against the API.

        The check calls the API at most once a minute; see check_health.
        """
        status = check_health(self.settings, self.model, MODEL_SETTING, "MUMBLE_IMAGE_GENERATOR")
        return {"engine": self.name, "size": self.size, "quality": self.quality, **status}

    def _request(self, prompt: str) -> Any:
        params: dict[str, Any] = {
            "model": self.model,
            "prompt": prompt,
            "size": self.size,
            "quality": self.quality,
            "n": 1,
        }
        # GPT Image models always return base64 and reject response_format.
        if self.model == "dall-e-3":
            params["response_format"] = "url"
        try:
            return self._client.images.generate(**params)
        except openai.OpenAIError as error:
            log.warning("OpenAI image with %s failed: %s", self.model, describe_error(error))
            if is_content_refusal(error):
                raise ContentRefused(self.model) from None
            raise to_failure(
                error, OpenAIRenderFailed, model=self.model, setting=MODEL_SETTING, timeout=self.settings.openai_timeout
            ) from None

    def _decode_base64(self, data: str) -> bytes:
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise self._bad_response("the base64 image data is invalid") from None

    def _download(self, url: str) -> bytes:
        """Fetch a result URL with the same timeout and retry count as API requests, capped in size."""
        if not self._download_allowed(url):
            raise self._bad_response("the image URL is not https")
        attempts = self.settings.openai_max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._fetch(url)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                problem = "timeout" if isinstance(error, httpx.TimeoutException) else "connection"
                status = None
            except httpx.HTTPStatusError as error:
                status = error.response.status_code
                if status < 500:
                    # An expired or forbidden URL does not come back by retrying.
                    raise self._bad_response(f"downloading the image returned HTTP {status}") from None
                problem = "server_error"
            log.warning("Downloading the %s image failed (attempt %d of %d): %s", self.model, attempt, attempts, problem)
            if attempt < attempts:
                time.sleep(min(0.5 * 2 ** (attempt - 1), 8.0))
        raise OpenAIRenderFailed(
            problem,
            model=self.model,
            setting=MODEL_SETTING,
            status=status,
            attempts=attempts,
            timeout=self.settings.openai_timeout,
        )

    def _fetch(self, url: str) -> bytes:
        with httpx.Client(timeout=self.settings.openai_timeout, follow_redirects=True, max_redirects=3) as client:
            with client.stream("GET", url) as response:
                response.raise_for_status()
                chunks: list[bytes] = []
                received = 0
                for chunk in response.iter_bytes():
                    received += len(chunk)
                    if received > MAX_DOWNLOAD_BYTES:
                        raise self._bad_response(f"the image is over {MAX_DOWNLOAD_BYTES // 1_000_000} MB")
                    chunks.append(chunk)
                return b"".join(chunks)

    def _download_allowed(self, url: str) -> bool:
        # Plain http is accepted only from the configured endpoint's own host
        # (a local OpenAI-compatible server); results from api.openai.com are https.
        parts = urlsplit(url)
        if parts.scheme == "https":
            return True
        base = urlsplit(self.settings.openai_base_url or "")
        return parts.scheme == "http" and bool(parts.hostname) and parts.hostname == base.hostname

    def _to_png(self, raw: bytes) -> tuple[bytes, int, int]:
        try:
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                width, height = image.size
                if image.format == "PNG":
                    return raw, width, height
                buffer = io.BytesIO()
                image.save(buffer, format="PNG")
                return buffer.getvalue(), width, height
        except (UnidentifiedImageError, OSError):
            raise self._bad_response("the result is not a readable image") from None

    def _bad_response(self, detail: str) -> OpenAIRenderFailed:
        return OpenAIRenderFailed(
            "bad_response", model=self.model, setting=MODEL_SETTING, detail=detail, timeout=self.settings.openai_timeout
        )
