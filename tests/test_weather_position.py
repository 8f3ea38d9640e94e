"""Reading the browser position that streamlit-js-eval's get_geolocation() returns."""

from __future__ import annotations

import pytest

from mumble.i18n import t
from mumble.weather.position import read_browser_position


def test_pending_value_is_none():
    assert read_browser_position(None) is None


def test_position_is_read():
    value = {
        "coords": {
            "accuracy": 35.0,
            "altitude": None,
            "altitudeAccuracy": None,
            "heading": None,
            "latitude": 30.2590,
            "longitude": 120.1485,
            "speed": None,
        },
        "timestamp": 1717214400000,
    }

    position = read_browser_position(value)

    assert position.found
    assert position.latitude == 30.259
    assert position.longitude == 120.1485
    assert position.accuracy_m == 35.0
    assert position.error_key is None


@pytest.mark.parametrize(
    ("code", "key"),
    [(0, "position.unsupported"), (1, "position.denied"), (2, "position.unavailable"), (3, "position.timeout"), (9, "position.unavailable")],
)
def test_errors_map_to_messages(code, key):
    position = read_browser_position({"error": {"code": code, "message": "User denied Geolocation"}})

    assert not position.found
    assert position.error_key == key
    assert t(key, "zh-CN")
    assert t(key, "en")


@pytest.mark.parametrize(
    "value",
    ["not an object", {"coords": None}, {"coords": {"latitude": 95.0, "longitude": 1.0}}, {"coords": {"latitude": float("nan"), "longitude": 1.0}}],
)
def test_unusable_values_fall_back_to_city_search(value):
    position = read_browser_position(value)

    assert not position.found
    assert position.error_key == "position.unavailable"
