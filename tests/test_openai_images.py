"""OpenAI image generation against a fake OpenAI server on 127.0.0.1."""

from __future__ import annotations

import base64
import io
import time

import pytest
from PIL import Image

from fake_openai import (  # noqa: F401 (fixture)
    DEFAULT_REVISED_PROMPT,
    TEST_KEY,
    Reply,
    error_reply,
    fake_openai,
    openai_settings,
)
from mumble.context import Context
from mumble.errors import ContentRefused, OpenAIRenderFailed, RenderFailed, TextTooLong
from mumble.render.openai_images import OpenAIImageGenerator
from mumble.settings import load_settings

GENERATIONS = "/v1/images/generations"
PROMPT = "清晨的公园，薄雾，心情平静，水彩风格"


def draw(settings, prompt: str = PROMPT):
    return OpenAIImageGenerator(settings).generate(prompt, Context(), "今天天气很好")


def test_gpt_image_1_sends_prompt_size_and_quality(fake_openai):
    artwork = draw(openai_settings(fake_openai))

    [sent] = fake_openai.seen(GENERATIONS)
    assert sent.json["model"] == "gpt-image-1"
    assert sent.json["prompt"] == PROMPT
    assert sent.json["size"] == "1024x1024"
    assert sent.json["quality"] == "medium"
    assert sent.json["n"] == 1
    assert "response_format" not in sent.json
    assert sent.api_key == TEST_KEY
    assert artwork.png == fake_openai.png
    assert (artwork.width, artwork.height) == (64, 48)
    assert artwork.engine == "openai:gpt-image-1"
    assert artwork.recipe["model"] == "gpt-image-1"
    assert artwork.recipe["size"] == "1024x1024"
    assert artwork.recipe["quality"] == "medium"
    assert artwork.recipe["usage"] == {"input_tokens": 50, "output_tokens": 4160}


def test_gpt_image_1_uses_size_and_quality_settings(fake_openai):
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_IMAGE_SIZE="1536x1024", MUMBLE_OPENAI_IMAGE_QUALITY="high")

    artwork = draw(settings)

    [sent] = fake_openai.seen(GENERATIONS)
    assert sent.json["size"] == "1536x1024"
    assert sent.json["quality"] == "high"
    assert artwork.recipe["quality"] == "high"


def test_dall_e_3_url_is_downloaded_at_once(fake_openai):
    settings = openai_settings(
        fake_openai,
        MUMBLE_OPENAI_IMAGE_MODEL="dall-e-3",
        MUMBLE_OPENAI_IMAGE_SIZE="1792x1024",
        MUMBLE_OPENAI_IMAGE_QUALITY="hd",
    )

    artwork = draw(settings)

    [sent] = fake_openai.seen(GENERATIONS)
    assert sent.json["model"] == "dall-e-3"
    assert sent.json["response_format"] == "url"
    assert sent.json["size"] == "1792x1024"
    assert sent.json["quality"] == "hd"
    [download] = fake_openai.seen("/files/image.png")
    assert download.method == "GET"
    assert download.api_key is None
    assert artwork.png == fake_openai.png
    assert artwork.engine == "openai:dall-e-3"
    assert artwork.recipe["revised_prompt"] == DEFAULT_REVISED_PROMPT
    assert artwork.recipe["quality"] == "hd"


def test_dall_e_3_quality_defaults_to_standard(fake_openai):
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_IMAGE_MODEL="dall-e-3")

    draw(settings)

    [sent] = fake_openai.seen(GENERATIONS)
    assert sent.json["quality"] == "standard"


def test_expired_image_url_is_a_render_failure(fake_openai):
    fake_openai.queue("/files/image.png", Reply(status=403, body=b"AuthenticationFailed", content_type="text/plain"), method="GET")
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_IMAGE_MODEL="dall-e-3")

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(settings)

    assert caught.value.problem == "bad_response"
    assert "HTTP 403" in caught.value.message("en")
    assert len(fake_openai.seen("/files/image.png")) == 1


def test_foreign_http_url_not_fetched(fake_openai):
    fake_openai.queue(GENERATIONS, Reply(json={"created": 1, "data": [{"url": "http://127.0.0.2:9/image.png"}]}))
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_IMAGE_MODEL="dall-e-3")

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(settings)

    assert caught.value.problem == "bad_response"
    assert "https" in caught.value.message("en")


def test_jpeg_result_is_stored_as_png(fake_openai):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 30, 30)).save(buffer, format="JPEG")
    fake_openai.queue(
        GENERATIONS, Reply(json={"created": 1, "data": [{"b64_json": base64.b64encode(buffer.getvalue()).decode()}]})
    )

    artwork = draw(openai_settings(fake_openai))

    assert artwork.png.startswith(b"\x89PNG")
    assert (artwork.width, artwork.height) == (30, 20)


def test_unreadable_result_is_a_render_failure(fake_openai):
    fake_openai.queue(GENERATIONS, Reply(json={"created": 1, "data": [{"b64_json": base64.b64encode(b"nope").decode()}]}))

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(openai_settings(fake_openai))

    assert caught.value.problem == "bad_response"


def test_empty_result_is_a_render_failure(fake_openai):
    fake_openai.queue(GENERATIONS, Reply(json={"created": 1, "data": []}))

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(openai_settings(fake_openai))

    assert caught.value.problem == "bad_response"


@pytest.mark.parametrize(
    ("model", "code"), [("dall-e-3", "content_policy_violation"), ("gpt-image-1", "moderation_blocked")]
)
def test_content_policy_refusal_is_shown_as_such(fake_openai, model, code):
    refusal = error_reply(400, code, "Your request was rejected as a result of our safety system.")
    fake_openai.queue(GENERATIONS, refusal)

    with pytest.raises(ContentRefused) as caught:
        draw(openai_settings(fake_openai, MUMBLE_OPENAI_IMAGE_MODEL=model))

    assert len(fake_openai.seen(GENERATIONS)) == 1
    assert isinstance(caught.value, RenderFailed)
    assert "修改提示词" in caught.value.message("zh-CN")
    assert "Edit the prompt" in caught.value.message("en")


def test_other_bad_request_is_rejected_not_refused(fake_openai):
    fake_openai.queue(GENERATIONS, error_reply(400, "invalid_value", "Invalid size"))

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(openai_settings(fake_openai))

    assert caught.value.problem == "rejected"
    assert "invalid_value" in caught.value.message("en")


def test_image_retries_after_429(fake_openai):
    fake_openai.queue(GENERATIONS, error_reply(429, "rate_limit_exceeded", "Rate limit reached", "requests"))

    artwork = draw(openai_settings(fake_openai))

    assert len(fake_openai.seen(GENERATIONS)) == 2
    assert artwork.png == fake_openai.png


def test_image_gives_up_after_repeated_500(fake_openai):
    fake_openai.queue(GENERATIONS, *[error_reply(500, None, "The server had an error", "server_error")] * 5)

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(openai_settings(fake_openai))

    assert len(fake_openai.seen(GENERATIONS)) == 3
    assert caught.value.problem == "server_error"
    assert caught.value.params["attempts"] == 3
    assert isinstance(caught.value, RenderFailed)


def test_image_timeout_is_reported(fake_openai):
    slow = Reply(json={"created": 1, "data": []}, delay=3.0)
    fake_openai.queue(GENERATIONS, slow, slow)
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_TIMEOUT="0.3", MUMBLE_OPENAI_MAX_RETRIES="1")

    started = time.perf_counter()
    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(settings)

    assert caught.value.problem == "timeout"
    assert len(fake_openai.seen(GENERATIONS)) == 2
    assert time.perf_counter() - started < 2.5


def test_image_invalid_key_is_reported(fake_openai):
    fake_openai.queue(
        GENERATIONS, lambda request: error_reply(401, "invalid_api_key", f"Incorrect API key provided: {request.api_key}")
    )

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(openai_settings(fake_openai))

    assert caught.value.problem == "key_invalid"
    assert len(fake_openai.seen(GENERATIONS)) == 1
    assert TEST_KEY not in caught.value.message("zh-CN")
    assert TEST_KEY not in caught.value.message("en")


def test_model_the_key_may_not_use_is_reported(fake_openai):
    fake_openai.queue(GENERATIONS, error_reply(403, None, "Your organization must be verified to use gpt-image-1"))

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(openai_settings(fake_openai))

    assert caught.value.problem == "model_unavailable"
    assert "MUMBLE_OPENAI_IMAGE_MODEL" in caught.value.message("en")


def test_image_without_key_fails_before_sending(fake_openai):
    settings = load_settings(environ={"MUMBLE_IMAGE_GENERATOR": "openai"}, secrets={})

    with pytest.raises(OpenAIRenderFailed) as caught:
        draw(settings)

    assert caught.value.problem == "key_missing"
    assert "MUMBLE_IMAGE_GENERATOR" in caught.value.message("zh-CN")
    assert fake_openai.requests == []


def test_prompt_over_model_limit_is_rejected_before_sending(fake_openai):
    settings = openai_settings(fake_openai, MUMBLE_OPENAI_IMAGE_MODEL="dall-e-3")

    with pytest.raises(TextTooLong):
        draw(settings, prompt="雾" * 4001)

    assert fake_openai.requests == []


def test_image_health_reports_model_and_size(fake_openai):
    status = OpenAIImageGenerator(openai_settings(fake_openai)).health()

    assert status["ok"] is True
    assert status["engine"] == "openai:gpt-image-1"
    assert status["size"] == "1024x1024"
    assert fake_openai.requests[0].path == "/v1/models/gpt-image-1"
