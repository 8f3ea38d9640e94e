"""OpenAI settings, backend choice and catalogue messages; no server needed."""

from __future__ import annotations

import re

import pytest

from mumble.errors import OpenAIFailed
from mumble.i18n import MESSAGES
from mumble.openai_client import openai_configured, use_openai
from mumble.settings import SettingsError, describe, load_settings

KEY = "sk-test-settings"


def load(**environ: str):
    return load_settings(environ=environ, secrets={})


def test_openai_defaults():
    settings = load()

    assert settings.openai_transcribe_model == "whisper-1"
    assert settings.openai_image_model == "gpt-image-1"
    assert settings.openai_image_size == "1024x1024"
    assert settings.openai_image_quality == "medium"
    assert settings.openai_chat_model == "gpt-4o-mini"
    assert settings.prompt_rewrite is False
    assert settings.openai_timeout == 60.0
    assert settings.openai_max_retries == 2
    assert settings.openai_base_url is None


@pytest.mark.parametrize("model", ["whisper-1", "gpt-4o-mini-transcribe", "gpt-4o-transcribe"])
def test_transcribe_model_accepts_listed(model):
    assert load(MUMBLE_OPENAI_TRANSCRIBE_MODEL=model).openai_transcribe_model == model


def test_transcribe_model_rejects_others():
    with pytest.raises(SettingsError) as caught:
        load(MUMBLE_OPENAI_TRANSCRIBE_MODEL="whisper-2")

    assert "MUMBLE_OPENAI_TRANSCRIBE_MODEL" in str(caught.value)
    assert "gpt-4o-transcribe" in str(caught.value)


def test_image_model_rejects_others():
    with pytest.raises(SettingsError, match="MUMBLE_OPENAI_IMAGE_MODEL"):
        load(MUMBLE_OPENAI_IMAGE_MODEL="dall-e-2")


def test_dall_e_3_quality_defaults_to_standard():
    assert load(MUMBLE_OPENAI_IMAGE_MODEL="dall-e-3").openai_image_quality == "standard"


@pytest.mark.parametrize(
    ("environ", "key"),
    [
        ({"MUMBLE_OPENAI_IMAGE_SIZE": "1792x1024"}, "MUMBLE_OPENAI_IMAGE_SIZE"),
        ({"MUMBLE_OPENAI_IMAGE_QUALITY": "hd"}, "MUMBLE_OPENAI_IMAGE_QUALITY"),
        ({"MUMBLE_OPENAI_IMAGE_MODEL": "dall-e-3", "MUMBLE_OPENAI_IMAGE_SIZE": "1536x1024"}, "MUMBLE_OPENAI_IMAGE_SIZE"),
        ({"MUMBLE_OPENAI_IMAGE_MODEL": "dall-e-3", "MUMBLE_OPENAI_IMAGE_QUALITY": "high"}, "MUMBLE_OPENAI_IMAGE_QUALITY"),
        ({"MUMBLE_OPENAI_TIMEOUT": "0"}, "MUMBLE_OPENAI_TIMEOUT"),
        ({"MUMBLE_OPENAI_TIMEOUT": "nan"}, "MUMBLE_OPENAI_TIMEOUT"),
        ({"MUMBLE_OPENAI_MAX_RETRIES": "6"}, "MUMBLE_OPENAI_MAX_RETRIES"),
        ({"MUMBLE_OPENAI_MAX_RETRIES": "-1"}, "MUMBLE_OPENAI_MAX_RETRIES"),
        ({"MUMBLE_PROMPT_REWRITE": "maybe"}, "MUMBLE_PROMPT_REWRITE"),
        ({"OPENAI_BASE_URL": "ftp://example.invalid/v1"}, "OPENAI_BASE_URL"),
    ],
)
def test_invalid_openai_setting_is_named(environ, key):
    with pytest.raises(SettingsError) as caught:
        load(**environ)

    assert key in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [("on", True), ("ON", True), ("true", True), ("off", False), ("0", False)])
def test_prompt_rewrite_switch(value, expected):
    assert load(MUMBLE_PROMPT_REWRITE=value).prompt_rewrite is expected


def test_base_url_and_key_come_from_secrets():
    settings = load_settings(environ={}, secrets={"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})

    assert settings.openai_base_url == "http://127.0.0.1:9/v1"
    assert openai_configured(settings)


def test_key_is_hidden_from_repr_and_describe():
    settings = load(OPENAI_API_KEY=KEY)

    assert KEY not in repr(settings)
    assert KEY not in str(describe(settings))
    assert describe(settings)["openai_api_key"] == "configured"


@pytest.mark.parametrize(
    ("choice", "key", "expected"),
    [
        ("auto", KEY, True),
        ("auto", None, False),
        ("openai", None, True),
        ("openai", KEY, True),
        ("local", KEY, False),
    ],
)
def test_backend_choice(choice, key, expected):
    environ = {"OPENAI_API_KEY": key} if key else {}

    assert use_openai(choice, load(**environ)) is expected


def test_openai_messages_match_across_languages():
    keys = [f"error.openai_{problem}" for problem in OpenAIFailed.PROBLEMS]
    keys += ["error.content_refused", "error.audio_too_large_for_service", "notice.prompt_rewrite_failed"]
    for key in keys:
        entry = MESSAGES[key]
        fields_zh = set(re.findall(r"{(\w+)", entry["zh-CN"]))
        fields_en = set(re.findall(r"{(\w+)", entry["en"]))
        assert fields_zh == fields_en, key


@pytest.mark.parametrize("problem", OpenAIFailed.PROBLEMS)
def test_every_openai_problem_formats(problem):
    error = OpenAIFailed(problem, model="whisper-1", setting="MUMBLE_OPENAI_TRANSCRIBE_MODEL", status=500)

    assert error.message("zh-CN")
    assert error.message("en")
