"""OpenWeather provider against a fake API on 127.0.0.1."""

from __future__ import annotations

import logging
import time

import pytest

from fake_weather_api import FakeResponse, fake_api  # noqa: F401 (fixture)
from mumble.errors import InvalidCoordinates
from mumble.weather.base import WeatherError
from mumble.weather.cache import TTLCache
from mumble.weather.openweather import OpenWeatherProvider, openweather_category
from weather_payloads import OPENWEATHER_PLACES, openweather_current, openweather_error

API_KEY = "test-key-0123456789abcdef"
CURRENT = "/data/2.5/weather"
DIRECT = "/geo/1.0/direct"


def make_provider(api, timeout: float = 2.0) -> OpenWeatherProvider:
    return OpenWeatherProvider(api_key=API_KEY, base_url=api.url, timeout=timeout, cache=TTLCache())


def places_by_query(request) -> FakeResponse:
    place = OPENWEATHER_PLACES.get(request.query["q"])
    return FakeResponse(json=[place] if place else [])


@pytest.mark.parametrize(
    ("condition_id", "wind_speed", "category"),
    [
        (201, 3.0, "thunder"),
        (300, 3.0, "drizzle"),
        (501, 3.0, "rain"),
        (601, 3.0, "snow"),
        (701, 3.0, "fog"),
        (721, 3.0, "fog"),
        (741, 3.0, "fog"),
        (771, 3.0, "wind"),
        (781, 3.0, "wind"),
        (800, 3.0, "clear"),
        (803, 3.0, "clouds"),
        (800, 12.5, "wind"),
        (804, 10.8, "wind"),
        (804, 10.7, "clouds"),
        (501, 15.0, "rain"),
    ],
)
def test_current_weather_category(fake_api, condition_id, wind_speed, category):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(condition_id, wind_speed=wind_speed))

    weather = make_provider(fake_api).current(39.9042, 116.4074)

    assert weather.category == category


def test_current_weather_fields(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(501, temp=18.4, humidity=82, wind_speed=3.6))

    weather = make_provider(fake_api).current(39.9042, 116.4074)

    assert weather.description == "中雨"
    assert weather.temperature_c == 18.4
    assert weather.humidity == 82
    assert weather.wind_speed_ms == 3.6
    assert weather.place_name == "Beijing"
    assert weather.country == "CN"
    assert weather.observed_at == "2024-06-01T12:00:00+08:00"
    assert weather.provider == "openweather"


def test_current_weather_request_parameters(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800))

    make_provider(fake_api).current(39.90421, 116.40739, language="en")

    (request,) = fake_api.requests_to(CURRENT)
    assert request.query["lat"] == "39.9"
    assert request.query["lon"] == "116.41"
    assert request.query["units"] == "metric"
    assert request.query["lang"] == "en"
    assert request.query["appid"] == API_KEY


def test_chinese_is_requested_as_zh_cn(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800))

    make_provider(fake_api).current(31.23, 121.47, language="zh-CN")

    (request,) = fake_api.requests_to(CURRENT)
    assert request.query["lang"] == "zh_cn"


def test_bad_key_is_reported_without_the_key(fake_api, caplog):
    message = "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."
    fake_api.responses[CURRENT] = FakeResponse(status=401, json=openweather_error(401, message))
    caplog.set_level(logging.DEBUG)

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "bad_key"
    assert "OPENWEATHER_API_KEY" in caught.value.message("zh-CN")
    assert API_KEY not in caught.value.message("zh-CN")
    assert API_KEY not in str(caught.value)
    assert caplog.records, "the failed request should be logged"
    assert API_KEY not in caplog.text


def test_httpx_request_log_has_key_redacted(fake_api, caplog):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800))
    caplog.set_level(logging.INFO, logger="httpx")

    make_provider(fake_api).current(39.9, 116.4)

    assert "appid=***" in caplog.text
    assert API_KEY not in caplog.text


def test_rate_limit_is_reported(fake_api):
    message = "Your account is temporary blocked due to exceeding of requests limitation of your subscription type."
    fake_api.responses[CURRENT] = FakeResponse(status=429, json=openweather_error(429, message))

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "rate_limited"
    assert "429" in caught.value.message("en")


def test_server_error_is_reported_with_status(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(status=500, body=b"<html><body>Internal Server Error</body></html>")

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "server_error"
    assert "500" in caught.value.message("zh-CN")


def test_slow_response_times_out(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800), delay=1.5)

    started = time.monotonic()
    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api, timeout=0.3).current(39.9, 116.4)
    elapsed = time.monotonic() - started

    assert caught.value.reason == "timeout"
    assert elapsed < 0.8


def test_trickled_response_times_out(fake_api):
    # Each byte arrives well within the timeout, but the whole body does not.
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800), byte_delay=0.02)

    started = time.monotonic()
    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api, timeout=0.4).current(39.9, 116.4)
    elapsed = time.monotonic() - started

    assert caught.value.reason == "timeout"
    assert elapsed < 0.9


def test_malformed_json_is_reported(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(body=b'{"coord": {"lon": 116.4, "lat": 39.9}, "weather": [')

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "bad_response"


def test_response_without_weather_is_reported(fake_api):
    payload = openweather_current(800)
    del payload["weather"]
    fake_api.responses[CURRENT] = FakeResponse(json=payload)

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "bad_response"


def test_unreachable_server_is_reported(fake_api):
    url = fake_api.url
    fake_api.stop()
    provider = OpenWeatherProvider(api_key=API_KEY, base_url=url, timeout=1.0, cache=TTLCache())

    with pytest.raises(WeatherError) as caught:
        provider.current(39.9, 116.4)

    assert caught.value.reason in ("unreachable", "timeout")


def test_invalid_coordinates_are_rejected_without_request(fake_api):
    provider = make_provider(fake_api)

    with pytest.raises(InvalidCoordinates):
        provider.current(91.0, 116.4)
    with pytest.raises(InvalidCoordinates):
        provider.current(39.9, float("nan"))

    assert fake_api.requests == []


def test_weather_is_cached_per_rounded_coordinate(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800))
    provider = make_provider(fake_api)

    provider.current(39.9042, 116.4074)
    provider.current(39.9011, 116.4061)
    provider.current(31.2304, 121.4737)

    assert len(fake_api.requests_to(CURRENT)) == 2


def test_failed_lookup_is_not_cached(fake_api):
    fake_api.responses[CURRENT] = FakeResponse(status=500, json=openweather_error(500, "Internal error"))
    provider = make_provider(fake_api)
    with pytest.raises(WeatherError):
        provider.current(39.9, 116.4)

    fake_api.responses[CURRENT] = FakeResponse(json=openweather_current(800))
    weather = provider.current(39.9, 116.4)

    assert weather.category == "clear"
    assert len(fake_api.requests_to(CURRENT)) == 2


def test_geocode_chinese_city(fake_api):
    fake_api.responses[DIRECT] = places_by_query

    place = make_provider(fake_api).geocode("北京")

    assert place.name == "北京市"
    assert place.latitude == pytest.approx(39.906217)
    assert place.longitude == pytest.approx(116.3912757)
    assert place.country == "CN"
    (request,) = fake_api.requests_to(DIRECT)
    assert request.query["q"] == "北京"
    assert request.query["limit"] == "5"
    assert request.query["appid"] == API_KEY


def test_geocode_in_english_uses_english_name(fake_api):
    fake_api.responses[DIRECT] = places_by_query

    place = make_provider(fake_api).geocode("北京", language="en")

    assert place.name == "Beijing"


def test_geocode_landmark_falls_back_to_its_city(fake_api):
    fake_api.responses[DIRECT] = places_by_query

    place = make_provider(fake_api).geocode("杭州西湖")

    assert place.name == "杭州西湖"
    assert place.latitude == pytest.approx(30.2489634)
    assert place.country == "CN"
    assert [request.query["q"] for request in fake_api.requests_to(DIRECT)] == ["杭州西湖", "杭州"]


def test_geocode_without_match_returns_none(fake_api):
    fake_api.responses[DIRECT] = FakeResponse(json=[])

    assert make_provider(fake_api).geocode("Xyzzyville") is None


def test_geocode_failure_is_reported(fake_api):
    fake_api.responses[DIRECT] = FakeResponse(status=401, json=openweather_error(401, "Invalid API key."))

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).geocode("北京")

    assert caught.value.reason == "bad_key"


def test_category_covers_documented_condition_codes():
    documented = [
        200, 201, 202, 210, 211, 212, 221, 230, 231, 232,
        300, 301, 302, 310, 311, 312, 313, 314, 321,
        500, 501, 502, 503, 504, 511, 520, 521, 522, 531,
        600, 601, 602, 611, 612, 613, 615, 616, 620, 621, 622,
        701, 711, 721, 731, 741, 751, 761, 762, 771, 781,
        800, 801, 802, 803, 804,
    ]  # fmt: skip

    unmapped = [code for code in documented if openweather_category(code) == "unknown"]

    assert unmapped == []
    assert openweather_category(999) == "unknown"
