"""Settings parsing: defaults, precedence, invalid values, secrets kept out of output."""

from __future__ import annotations

from pathlib import Path

import pytest

from mumble.i18n import MESSAGES
from mumble.settings import SettingsError, describe, load_settings, normalize_language


def test_defaults_are_offline_and_chinese():
    settings = load_settings({})
    assert settings.language == "zh-CN"
    assert settings.data_dir == Path("data")
    assert (settings.transcriber, settings.image_generator, settings.storage) == ("auto", "auto", "auto")
    assert settings.max_audio_seconds == 300


def test_environment_wins_over_secrets():
    settings = load_settings({"MUMBLE_LANGUAGE": "en"}, secrets={"MUMBLE_LANGUAGE": "zh-CN", "MUMBLE_DATA_DIR": "/srv/m"})
    assert settings.language == "en"
    assert settings.data_dir == Path("/srv/m")


@pytest.mark.parametrize("key,value", [("MUMBLE_TRANSCRIBER", "cloud"), ("MUMBLE_MAX_AUDIO_SECONDS", "abc"),
                                       ("MUMBLE_MAX_AUDIO_SECONDS", "0.1"), ("MUMBLE_STORAGE", "s3"),
                                       ("MUMBLE_WHISPER_WINDOW", "short"), ("MUMBLE_WHISPER_THREADS", "0")])
def test_invalid_value_names_the_key(key, value):
    with pytest.raises(SettingsError, match=key):
        load_settings({key: value})


def test_keys_never_appear_in_repr_or_description():
    settings = load_settings({"OPENAI_API_KEY": "sk-test-secret-123", "OPENWEATHER_API_KEY": "ow-secret-456"})
    assert "sk-test-secret-123" not in repr(settings)
    assert "ow-secret-456" not in str(describe(settings))
    assert describe(settings)["openai_api_key"] == "configured"


@pytest.mark.parametrize("raw,expected", [("zh", "zh-CN"), ("zh_CN", "zh-CN"), ("en-US", "en"), ("", "zh-CN"), (None, "zh-CN")])
def test_language_names_are_normalized(raw, expected):
    assert normalize_language(raw) == expected


def test_every_message_has_both_languages():
    missing = [key for key, entry in MESSAGES.items() if set(entry) != {"zh-CN", "en"}]
    assert missing == []
