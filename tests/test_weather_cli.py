"""`python -m mumble weather`, run in-process against a fake Open-Meteo."""

from __future__ import annotations

import json

import pytest

from fake_weather_api import FakeResponse, fake_api  # noqa: F401 (fixture)
from mumble.cli import main
from mumble.settings import load_settings
from mumble.transcribe.base import Transcript
from mumble.weather.cache import SHARED_CACHE
from weather_payloads import OPEN_METEO_PLACES, openmeteo_current, openmeteo_search

FORECAST = "/v1/forecast"
SEARCH = "/v1/search"


@pytest.fixture(autouse=True)
def empty_cache():
    SHARED_CACHE.clear()
    yield
    SHARED_CACHE.clear()


@pytest.fixture
def open_meteo(fake_api):
    def search(request):
        name = request.query["name"]
        return FakeResponse(json=openmeteo_search(name) if name in OPEN_METEO_PLACES else openmeteo_search())

    fake_api.responses[SEARCH] = search
    fake_api.responses[FORECAST] = FakeResponse(json=openmeteo_current(63, temperature=21.5, humidity=90))
    return fake_api


def cli_settings(tmp_path, api, language="zh-CN", weather="open-meteo"):
    return load_settings(
        {
            "MUMBLE_DATA_DIR": str(tmp_path / "data"),
            "MUMBLE_LANGUAGE": language,
            "MUMBLE_WEATHER": weather,
            "MUMBLE_OPEN_METEO_URL": api.url,
            "MUMBLE_GEOCODING_URL": api.url,
            "MUMBLE_WEATHER_TIMEOUT": "1",
        }
    )


def test_weather_by_city_prints_json(tmp_path, open_meteo, capsys):
    code = main(["--quiet", "weather", "--city", "北京", "--json"], settings=cli_settings(tmp_path, open_meteo))

    output = json.loads(capsys.readouterr().out)
    assert code == 0
    assert output["place"]["name"] == "北京"
    assert output["place"]["latitude"] == pytest.approx(39.9075)
    assert output["place"]["country"] == "CN"
    assert output["weather"]["category"] == "rain"
    assert output["weather"]["description"] == "中雨"
    assert output["weather"]["temperature_c"] == 21.5
    assert output["weather"]["humidity"] == 90
    assert output["weather"]["provider"] == "open-meteo"


def test_weather_by_coordinates_prints_labels(tmp_path, open_meteo, capsys):
    code = main(["--quiet", "weather", "--lat", "39.9", "--lon", "116.4"], settings=cli_settings(tmp_path, open_meteo))

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "地点: 39.900, 116.400" in lines
    assert "天气: 中雨 [rain]" in lines
    assert "气温: 21.5 °C" in lines
    assert "湿度: 90%" in lines


def test_weather_in_english(tmp_path, open_meteo, capsys):
    settings = cli_settings(tmp_path, open_meteo, language="en")

    code = main(["--quiet", "weather", "--lat", "39.9", "--lon", "116.4"], settings=settings)

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "Weather: moderate rain [rain]" in lines


def test_unknown_city_exits_2(tmp_path, open_meteo, capsys):
    code = main(["--quiet", "weather", "--city", "不存在的地方"], settings=cli_settings(tmp_path, open_meteo))

    assert code == 2
    assert "找不到地点“不存在的地方”" in capsys.readouterr().err


def test_failed_lookup_exits_1_with_reason(tmp_path, fake_api, capsys):
    fake_api.responses[FORECAST] = FakeResponse(status=503, body=b"Service Unavailable")

    code = main(["--quiet", "weather", "--lat", "39.9", "--lon", "116.4"], settings=cli_settings(tmp_path, fake_api))

    assert code == 1
    assert "HTTP 503" in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments",
    [["--lat", "39.9"], ["--city", "北京", "--lat", "39.9", "--lon", "116.4"], []],
)
def test_city_or_coordinates_are_required(tmp_path, fake_api, capsys, arguments):
    code = main(["--quiet", "weather", *arguments], settings=cli_settings(tmp_path, fake_api))

    assert code == 2
    assert "--city" in capsys.readouterr().err
    assert fake_api.requests == []


def test_invalid_coordinates_exit_2(tmp_path, fake_api, capsys):
    code = main(["--quiet", "weather", "--lat", "100", "--lon", "116.4"], settings=cli_settings(tmp_path, fake_api))

    assert code == 2
    assert "坐标无效" in capsys.readouterr().err
    assert fake_api.requests == []


def test_weather_off_exits_2(tmp_path, fake_api, capsys):
    settings = cli_settings(tmp_path, fake_api, weather="off")

    code = main(["--quiet", "weather", "--city", "北京"], settings=settings)

    assert code == 2
    assert "MUMBLE_WEATHER=off" in capsys.readouterr().err


class FixedTranscriber:
    name = "fixed"

    def transcribe(self, recording):
        return Transcript(text="北京下雪了", engine="fixed")


def test_process_prints_weather_reason_and_still_draws(tmp_path, fake_api, capsys, monkeypatch, speech_path):
    fake_api.responses[SEARCH] = FakeResponse(status=500, body=b"Internal Server Error")
    monkeypatch.setattr("mumble.backends.make_transcriber", lambda settings: FixedTranscriber())
    arguments = ["--quiet", "process", str(speech_path("zh_welcome.wav")), "--location", "北京", "--json"]

    code = main(arguments, settings=cli_settings(tmp_path, fake_api))

    captured = capsys.readouterr()
    record = json.loads(captured.out)
    assert code == 0
    assert record["status"] == "done"
    assert record["artwork"]["path"]
    assert record["context"]["weather"] is None
    assert "HTTP 500" in captured.err


def test_process_rejects_invalid_coordinates_before_transcribing(tmp_path, fake_api, capsys, monkeypatch):
    monkeypatch.setattr("mumble.backends.make_transcriber", lambda settings: pytest.fail("transcriber was built"))

    code = main(["--quiet", "process", "missing.wav", "--lat", "39.9", "--lon", "181"], settings=cli_settings(tmp_path, fake_api))

    assert code == 2
    assert "坐标无效" in capsys.readouterr().err
