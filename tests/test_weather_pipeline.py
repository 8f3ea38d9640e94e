"""Weather and place in the pipeline's context stage, against a fake Open-Meteo and OpenWeather."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import wav_bytes
from fake_weather_api import FakeResponse, fake_api  # noqa: F401 (fixture)
from mumble.audio import SAMPLE_RATE, decode_audio
from mumble.errors import InvalidCoordinates
from mumble.pipeline import Pipeline
from mumble.settings import load_settings
from mumble.store.base import DONE
from mumble.transcribe.base import Transcript
from mumble.weather.cache import SHARED_CACHE
from weather_payloads import OPEN_METEO_PLACES, openmeteo_current, openmeteo_search, openweather_current

FORECAST = "/v1/forecast"
SEARCH = "/v1/search"


@pytest.fixture(autouse=True)
def empty_cache():
    # Providers built from settings share one cache; a reused port must not see old results.
    SHARED_CACHE.clear()
    yield
    SHARED_CACHE.clear()


def weather_settings(tmp_path, api, **extra):
    values = {
        "MUMBLE_DATA_DIR": str(tmp_path / "data"),
        "MUMBLE_WEATHER": "open-meteo",
        "MUMBLE_OPEN_METEO_URL": api.url,
        "MUMBLE_GEOCODING_URL": api.url,
        "MUMBLE_WEATHER_TIMEOUT": "1",
        **extra,
    }
    return load_settings(values)


def search_by_name(request) -> FakeResponse:
    name = request.query["name"]
    return FakeResponse(json=openmeteo_search(name) if name in OPEN_METEO_PLACES else openmeteo_search())


class FixedTranscriber:
    name = "fixed"

    def transcribe(self, recording):
        return Transcript(text="我想去西湖边走一走", engine="fixed")


def test_location_name_gets_coordinates_and_weather(tmp_path, fake_api):
    fake_api.responses[SEARCH] = search_by_name
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(61))
    pipeline = Pipeline(weather_settings(tmp_path, fake_api))

    context = pipeline.build_context(location="杭州西湖")

    assert context.place.name == "杭州西湖"
    assert context.place.latitude == pytest.approx(30.29365)
    assert context.place.country == "CN"
    assert context.weather.category == "rain"
    assert context.weather.description == "小雨"
    assert context.weather_error is None
    assert fake_api.requests_to(FORECAST)[0].query["latitude"] == "30.29"


def test_coordinates_get_place_name_from_openweather(tmp_path, fake_api):
    fake_api.responses["/data/2.5/weather"] = FakeResponse(json=openweather_current(803, name="Shanghai"))
    settings = weather_settings(
        tmp_path, fake_api, MUMBLE_WEATHER="openweather", OPENWEATHER_API_KEY="k", MUMBLE_OPENWEATHER_URL=fake_api.url
    )

    context = Pipeline(settings).build_context(latitude=31.23, longitude=121.47)

    assert context.place.name == "Shanghai"
    assert context.place.country == "CN"
    assert context.weather.category == "clouds"


def test_failed_lookup_leaves_weather_unknown_with_reason(tmp_path, fake_api):
    fake_api.responses[FORECAST] = FakeResponse(status=500, body=b"Internal Server Error")

    context = Pipeline(weather_settings(tmp_path, fake_api)).build_context(latitude=39.9, longitude=116.4)

    assert context.weather is None
    assert context.weather_category == "unknown"
    assert "HTTP 500" in context.weather_error
    assert "天气查询失败" in context.weather_error


def test_reason_follows_language(tmp_path, fake_api):
    fake_api.responses[FORECAST] = FakeResponse(status=429, body=b"{}")
    settings = weather_settings(tmp_path, fake_api, MUMBLE_LANGUAGE="en")

    context = Pipeline(settings).build_context(latitude=39.9, longitude=116.4)

    assert context.weather_error.startswith("The weather lookup failed (Open-Meteo)")


def test_unknown_place_is_kept_as_typed(tmp_path, fake_api):
    fake_api.responses[SEARCH] = FakeResponse(json=openmeteo_search())

    context = Pipeline(weather_settings(tmp_path, fake_api)).build_context(location="不存在的地方")

    assert context.place.name == "不存在的地方"
    assert context.place.latitude is None
    assert context.weather is None
    assert "不存在的地方" in context.weather_error
    assert fake_api.requests_to(FORECAST) == []


def test_weather_off_makes_no_request(tmp_path, fake_api):
    settings = weather_settings(tmp_path, fake_api, MUMBLE_WEATHER="off")

    context = Pipeline(settings).build_context(location="北京", latitude=39.9, longitude=116.4)

    assert context.weather is None
    assert context.weather_error is None
    assert fake_api.requests == []


def test_invalid_coordinates_are_bad_input(tmp_path, fake_api):
    pipeline = Pipeline(weather_settings(tmp_path, fake_api))

    with pytest.raises(InvalidCoordinates):
        pipeline.build_context(latitude=39.9, longitude=200.0)
    with pytest.raises(InvalidCoordinates):
        pipeline.build_context(latitude=39.9)

    assert fake_api.requests == []


def test_provider_bug_leaves_weather_unknown(tmp_path, fake_api):
    class BrokenProvider:
        name = "broken"

        def current(self, latitude, longitude, language="zh-CN"):
            raise KeyError("weather")

        def geocode(self, query, language="zh-CN"):
            return None

    pipeline = Pipeline(weather_settings(tmp_path, fake_api), weather=BrokenProvider())

    context = pipeline.build_context(latitude=39.9, longitude=116.4)

    assert context.weather is None
    assert "broken" in context.weather_error


def test_artwork_is_made_when_weather_times_out(tmp_path, fake_api):
    fake_api.responses[SEARCH] = search_by_name
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(0), delay=2.0)
    pipeline = Pipeline(weather_settings(tmp_path, fake_api, MUMBLE_WEATHER_TIMEOUT="0.3"))
    tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(2 * SAMPLE_RATE) / SAMPLE_RATE)
    recording = decode_audio(wav_bytes(tone.astype(np.float32)))

    context = pipeline.build_context(mood="平静", location="杭州西湖")
    record = pipeline.create(recording, Transcript(text="我想去西湖边走一走", engine="fixed"), context)

    assert record.status == DONE
    assert record.image_key is not None
    assert record.weather_category == "unknown"
    assert "0.3 秒内没有响应" in record.context["weather_error"]
    assert record.location == "杭州西湖"
    assert record.context["place"]["latitude"] == pytest.approx(30.29365)


def test_process_with_location_stores_weather(tmp_path, fake_api, speech_path):
    fake_api.responses[SEARCH] = search_by_name
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(71))
    pipeline = Pipeline(weather_settings(tmp_path, fake_api), transcriber=FixedTranscriber())

    record = pipeline.process(speech_path("zh_welcome.wav"), location="北京")

    assert record.status == DONE
    assert record.weather_category == "snow"
    assert record.weather["description"] == "小雪"
    assert "小雪" in record.prompt
    assert record.context["place"]["latitude"] == pytest.approx(39.9075)


def test_health_warns_when_weather_lookup_fails(fake_api, tmp_path):
    from mumble.health import health_report
    from mumble.pipeline import Pipeline
    from mumble.settings import load_settings

    fake_api.responses["/v1/forecast"] = FakeResponse(status=500, json={"error": True, "reason": "boom"})
    settings = load_settings({"MUMBLE_DATA_DIR": str(tmp_path / "data"), "MUMBLE_WEATHER": "open-meteo",
                              "MUMBLE_OPEN_METEO_URL": fake_api.url, "MUMBLE_GEOCODING_URL": fake_api.url})
    report = health_report(settings, Pipeline(settings))

    assert report["checks"]["weather"]["ok"] is False
    assert "Open-Meteo" in report["checks"]["weather"]["error"]
    assert report["warnings"] == ["weather"]
    assert report["ok"] is True
