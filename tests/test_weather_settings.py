"""Choosing a weather provider and reading its settings."""

from __future__ import annotations

import pytest

from mumble.backends import resolve_weather
from mumble.settings import Settings, SettingsError, describe, load_settings
from mumble.weather import make_weather_provider
from mumble.weather.openmeteo import OpenMeteoProvider
from mumble.weather.openweather import OpenWeatherProvider


def test_off_gives_no_provider():
    assert make_weather_provider(load_settings({"MUMBLE_WEATHER": "off"})) is None


def test_auto_without_key_uses_open_meteo():
    provider = make_weather_provider(load_settings({}))

    assert isinstance(provider, OpenMeteoProvider)


def test_auto_with_key_uses_openweather():
    provider = make_weather_provider(load_settings({"OPENWEATHER_API_KEY": "k"}))

    assert isinstance(provider, OpenWeatherProvider)


def test_open_meteo_choice_ignores_key():
    settings = load_settings({"MUMBLE_WEATHER": "open-meteo", "OPENWEATHER_API_KEY": "k"})

    assert isinstance(make_weather_provider(settings), OpenMeteoProvider)


def test_openweather_without_key_is_rejected():
    with pytest.raises(SettingsError, match="OPENWEATHER_API_KEY"):
        load_settings({"MUMBLE_WEATHER": "openweather"})
    with pytest.raises(SettingsError, match="OPENWEATHER_API_KEY"):
        make_weather_provider(Settings(weather="openweather"))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "open-meteo"),
        ({"OPENWEATHER_API_KEY": "k"}, "openweather"),
        ({"MUMBLE_WEATHER": "open-meteo", "OPENWEATHER_API_KEY": "k"}, "open-meteo"),
        ({"MUMBLE_WEATHER": "off"}, "off"),
    ],
)
def test_resolved_weather_matches_provider(environ, expected):
    settings = load_settings(environ)

    provider = make_weather_provider(settings)

    assert resolve_weather(settings) == expected
    assert (provider.name if provider else "off") == expected


def test_base_urls_and_timeout_reach_the_provider():
    settings = load_settings(
        {
            "MUMBLE_OPEN_METEO_URL": "http://127.0.0.1:9001/",
            "MUMBLE_GEOCODING_URL": "http://127.0.0.1:9002",
            "MUMBLE_WEATHER_TIMEOUT": "1.5",
        }
    )

    provider = make_weather_provider(settings)

    assert provider.base_url == "http://127.0.0.1:9001"
    assert provider.geocoding_url == "http://127.0.0.1:9002"
    assert provider.timeout == 1.5


def test_openweather_url_reaches_the_provider():
    settings = load_settings({"OPENWEATHER_API_KEY": "k", "MUMBLE_OPENWEATHER_URL": "http://127.0.0.1:9003"})

    assert make_weather_provider(settings).base_url == "http://127.0.0.1:9003"


def test_default_urls_are_the_public_services():
    settings = load_settings({})

    assert settings.openweather_url == "https://api.openweathermap.org"
    assert settings.open_meteo_url == "https://api.open-meteo.com"
    assert settings.geocoding_url == "https://geocoding-api.open-meteo.com"
    assert settings.weather_timeout == 5.0


@pytest.mark.parametrize("value", ["0", "-1", "5.5", "nan", "soon"])
def test_timeout_outside_limits_is_rejected(value):
    with pytest.raises(SettingsError, match="MUMBLE_WEATHER_TIMEOUT"):
        load_settings({"MUMBLE_WEATHER_TIMEOUT": value})


@pytest.mark.parametrize("value", ["api.open-meteo.com", "ftp://example.org", "https://x.org/?appid=1"])
def test_base_url_without_http_scheme_is_rejected(value):
    with pytest.raises(SettingsError, match="MUMBLE_OPEN_METEO_URL"):
        load_settings({"MUMBLE_OPEN_METEO_URL": value})


def test_provider_repr_hides_the_key():
    provider = make_weather_provider(load_settings({"OPENWEATHER_API_KEY": "secret-key"}))

    assert "secret-key" not in repr(provider)
    assert "secret-key" not in str(describe(load_settings({"OPENWEATHER_API_KEY": "secret-key"})))
