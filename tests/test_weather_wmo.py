"""The WMO weather code table used for Open-Meteo."""

from __future__ import annotations

import re

from mumble.context import WEATHER_CATEGORIES
from mumble.weather.wmo import OPEN_METEO_CODES, WMO_CODES, wmo_category, wmo_description

HAN = re.compile(r"[\u3400-\u9fff]")


def test_every_code_has_chinese_and_english():
    for code in range(100):
        chinese = wmo_description(code, "zh-CN")
        english = wmo_description(code, "en")

        assert HAN.search(chinese), f"code {code} has no Chinese description: {chinese!r}"
        assert english.strip(), f"code {code} has no English description"
        assert english.isascii(), f"code {code} has a non-English description: {english!r}"
        assert chinese != english, code


def test_every_code_has_a_drawable_category():
    for code in range(100):
        assert wmo_category(code) in WEATHER_CATEGORIES, code
        assert wmo_category(code) != "unknown", code


def test_table_covers_exactly_codes_0_to_99():
    assert sorted(WMO_CODES) == list(range(100))


def test_open_meteo_codes_are_in_the_table():
    assert OPEN_METEO_CODES <= set(WMO_CODES)
    assert len(OPEN_METEO_CODES) == 28


def test_open_meteo_descriptions():
    assert wmo_description(0, "zh-CN") == "晴"
    assert wmo_description(3, "en") == "overcast"
    assert wmo_description(63, "zh-CN") == "中雨"
    assert wmo_description(95, "zh-CN") == "雷阵雨"
    assert wmo_description(99, "en") == "thunderstorm with heavy hail"


def test_open_meteo_categories():
    expected = {
        0: "clear", 1: "clear", 2: "clouds", 3: "clouds", 45: "fog", 48: "fog",
        51: "drizzle", 53: "drizzle", 55: "drizzle", 56: "drizzle", 57: "drizzle",
        61: "rain", 63: "rain", 65: "rain", 66: "rain", 67: "rain",
        71: "snow", 73: "snow", 75: "snow", 77: "snow",
        80: "rain", 81: "rain", 82: "rain", 85: "snow", 86: "snow",
        95: "thunder", 96: "thunder", 99: "thunder",
    }  # fmt: skip

    assert {code: wmo_category(code) for code in sorted(OPEN_METEO_CODES)} == expected


def test_unknown_code_is_described_with_its_number():
    assert wmo_category(-1) == "unknown"
    assert wmo_category(100) == "unknown"
    assert wmo_description(100, "zh-CN") == "未知天气代码 100"
    assert wmo_description(100, "en") == "unknown weather code 100"


def test_other_languages_fall_back_to_chinese():
    assert wmo_description(0, "fr") == "晴"
