"""Open-Meteo provider against a fake API on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from fake_weather_api import FakeResponse, FakeWeatherAPI, fake_api  # noqa: F401 (fixture)
from mumble.weather.base import WeatherError
from mumble.weather.cache import TTLCache
from mumble.weather.openmeteo import OpenMeteoProvider
from weather_payloads import OPEN_METEO_PLACES, openmeteo_current, openmeteo_error, openmeteo_search

FORECAST = "/v1/forecast"
SEARCH = "/v1/search"


def make_provider(api, timeout: float = 2.0) -> OpenMeteoProvider:
    return OpenMeteoProvider(base_url=api.url, geocoding_url=api.url, timeout=timeout, cache=TTLCache())


def search_by_name(request) -> FakeResponse:
    name = request.query["name"]
    return FakeResponse(json=openmeteo_search(name) if name in OPEN_METEO_PLACES else openmeteo_search())


@pytest.mark.parametrize(
    ("code", "wind_speed", "category"),
    [
        (0, 2.0, "clear"),
        (1, 2.0, "clear"),
        (2, 2.0, "clouds"),
        (3, 2.0, "clouds"),
        (45, 2.0, "fog"),
        (48, 2.0, "fog"),
        (53, 2.0, "drizzle"),
        (57, 2.0, "drizzle"),
        (63, 2.0, "rain"),
        (67, 2.0, "rain"),
        (75, 2.0, "snow"),
        (77, 2.0, "snow"),
        (81, 2.0, "rain"),
        (86, 2.0, "snow"),
        (95, 2.0, "thunder"),
        (99, 2.0, "thunder"),
        (0, 11.0, "wind"),
        (3, 13.9, "wind"),
        (63, 13.9, "rain"),
    ],
)
def test_current_weather_category(fake_api, code, wind_speed, category):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(code, wind_speed=wind_speed))

    weather = make_provider(fake_api).current(39.9042, 116.4074)

    assert weather.category == category


def test_current_weather_fields(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(63, temperature=18.4, humidity=82, wind_speed=3.6))

    weather = make_provider(fake_api).current(39.9042, 116.4074)

    assert weather.description == "中雨"
    assert weather.temperature_c == 18.4
    assert weather.humidity == 82
    assert weather.wind_speed_ms == 3.6
    assert weather.observed_at == "2024-06-01T12:00:00+08:00"
    assert weather.provider == "open-meteo"
    assert weather.place_name is None


def test_description_follows_language(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(63))
    provider = make_provider(fake_api)

    english = provider.current(39.9, 116.4, language="en")
    chinese = provider.current(39.9, 116.4, language="zh-CN")

    assert english.description == "moderate rain"
    assert chinese.description == "中雨"


def test_current_weather_request_parameters(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(0))

    make_provider(fake_api).current(-33.86785, 151.20732)

    (request,) = fake_api.requests_to(FORECAST)
    assert request.query["latitude"] == "-33.87"
    assert request.query["longitude"] == "151.21"
    assert request.query["current"].split(",") == [
        "temperature_2m",
        "relative_humidity_2m",
        "weather_code",
        "wind_speed_10m",
    ]
    assert request.query["wind_speed_unit"] == "ms"
    assert request.query["timezone"] == "auto"


def test_wind_in_km_per_hour_is_converted(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(0, wind_speed=36.0, wind_unit="km/h"))

    weather = make_provider(fake_api).current(39.9, 116.4)

    assert weather.wind_speed_ms == pytest.approx(10.0)


def test_code_outside_the_table_draws_unknown(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(100))

    weather = make_provider(fake_api).current(39.9, 116.4, language="en")

    assert weather.category == "unknown"
    assert weather.description == "unknown weather code 100"


def test_rejected_request_is_reported(fake_api):
    reason = "Latitude must be in range of -90 to 90°. Given: 95.0."
    fake_api.responses[FORECAST] = FakeResponse(status=400, json=openmeteo_error(reason))

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "rejected"
    assert "400" in caught.value.message("en")


def test_rate_limit_is_reported(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(status=429, json=openmeteo_error("Minutely API request limit exceeded."))

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "rate_limited"


def test_server_error_is_reported(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(status=503, body=b"Service Unavailable")

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "server_error"
    assert "503" in caught.value.message("zh-CN")


def test_slow_response_times_out(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(0), delay=1.5)

    started = time.monotonic()
    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api, timeout=0.3).current(39.9, 116.4)
    elapsed = time.monotonic() - started

    assert caught.value.reason == "timeout"
    assert elapsed < 0.8
    assert "0.3" in caught.value.message("zh-CN")


def test_malformed_json_is_reported(fake_api):
    fake_api.responses[FORECAST] = FakeResponse(body=b"<html>upstream error</html>")

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "bad_response"


def test_response_without_weather_code_is_reported(fake_api):
    payload = openmeteo_current(0)
    del payload["current"]["weather_code"]
    fake_api.responses[FORECAST] = FakeResponse(json=payload)

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).current(39.9, 116.4)

    assert caught.value.reason == "bad_response"


def test_geocode_chinese_city(fake_api):
    fake_api.responses[SEARCH] = search_by_name

    place = make_provider(fake_api).geocode("上海")

    assert place.name == "上海"
    assert place.latitude == pytest.approx(31.22222)
    assert place.longitude == pytest.approx(121.45806)
    assert place.country == "CN"
    (request,) = fake_api.requests_to(SEARCH)
    assert request.query["name"] == "上海"
    assert request.query["language"] == "zh"
    assert request.query["count"] == "5"


def test_geocode_prefers_exact_name(fake_api):
    fake_api.responses[SEARCH] = FakeResponse(json=openmeteo_search("上海市", "上海"))

    place = make_provider(fake_api).geocode("上海")

    assert place.latitude == pytest.approx(31.22222)


def test_geocode_landmark_falls_back_to_its_city(fake_api):
    fake_api.responses[SEARCH] = search_by_name

    place = make_provider(fake_api).geocode("杭州西湖")

    assert place.name == "杭州西湖"
    assert place.latitude == pytest.approx(30.29365)
    assert [request.query["name"] for request in fake_api.requests_to(SEARCH)] == ["杭州西湖", "杭州"]


def test_geocode_without_match_returns_none(fake_api):
    fake_api.responses[SEARCH] = FakeResponse(json=openmeteo_search())

    place = make_provider(fake_api).geocode("不存在的地方")

    assert place is None
    assert len(fake_api.requests_to(SEARCH)) >= 1


def test_geocode_uses_its_own_base_url(fake_api):
    forecast_api = FakeWeatherAPI().start()
    try:
        fake_api.responses[SEARCH] = search_by_name
        provider = OpenMeteoProvider(base_url=forecast_api.url, geocoding_url=fake_api.url, timeout=2.0, cache=TTLCache())

        place = provider.geocode("北京")
    finally:
        forecast_api.stop()

    assert place.name == "北京"
    assert forecast_api.requests == []


def test_geocode_timeout_covers_every_fallback_name(fake_api):
    fake_api.responses[SEARCH] = FakeResponse(json=openmeteo_search(), delay=0.2)

    started = time.monotonic()
    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api, timeout=0.5).geocode("浙江省杭州市西湖区")
    elapsed = time.monotonic() - started

    assert caught.value.reason == "timeout"
    assert elapsed < 0.9


def test_geocode_malformed_json_is_reported(fake_api):
    fake_api.responses[SEARCH] = FakeResponse(body='{"results": [{"name": "北京", '.encode())

    with pytest.raises(WeatherError) as caught:
        make_provider(fake_api).geocode("北京")

    assert caught.value.reason == "bad_response"
