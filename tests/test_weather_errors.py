"""Weather error messages: both languages, and never a key."""

from __future__ import annotations

import re

import pytest

from mumble.weather.base import WeatherError
from mumble.weather.http import redact

HAN = re.compile(r"[\u3400-\u9fff]")
REASONS = {
    "timeout": {"seconds": 5.0},
    "unreachable": {},
    "bad_key": {},
    "rate_limited": {},
    "server_error": {"status": 502},
    "rejected": {"status": 400},
    "bad_response": {},
}


@pytest.mark.parametrize(("reason", "params"), REASONS.items())
def test_every_reason_has_both_languages(reason, params):
    error = WeatherError("Open-Meteo", reason, **params)

    chinese = error.message("zh-CN")
    english = error.message("en")

    assert HAN.search(chinese)
    assert "Open-Meteo" in chinese
    assert english.isascii()
    assert str(error) == english


def test_redact_hides_key_parameters_and_secrets():
    text = "GET https://api.openweathermap.org/data/2.5/weather?lat=1&appid=abc123&units=metric failed for abc123"

    redacted = redact(text, secrets=("abc123",))

    assert "abc123" not in redacted
    assert "appid=***" in redacted
    assert "units=metric" in redacted


def test_redact_leaves_other_words_with_key_alone():
    assert redact("monkey=1&turnkey=2") == "monkey=1&turnkey=2"
