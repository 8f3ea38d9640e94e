"""OpenWeather: current weather (API 2.5) and direct geocoding (API 1.0), with a key.

OpenWeather describes the weather in the requested language (lang=zh_cn for
Chinese) and names the place nearest to the coordinates, so its responses need
no translation. Requests ask for metric units: °C and m/s.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from ..context import Place, Weather
from .base import WeatherError, apply_wind_rule
from .cache import SHARED_CACHE, CachedLookups, TTLCache
from .http import fetch_json
from .places import find_place, pick_best

logger = logging.getLogger(__name__)

DISPLAY_NAME = "OpenWeather"
# OpenWeather's direct geocoding returns at most 5 places.
GEOCODING_LIMIT = 5
_LANG = {"zh-CN": "zh_cn", "en": "en"}
_LOCAL_NAME = {"zh-CN": "zh", "en": "en"}


def openweather_category(condition_id: int) -> str:
    """Return the drawing category of an OpenWeather condition code.

    Groups follow OpenWeather's table: 2xx thunderstorm, 3xx drizzle, 5xx rain,
    6xx snow (sleet included), 7xx atmosphere, 800 clear, 80x clouds. In the
    7xx group, squalls (771) and tornado (781) draw as wind; mist, smoke,
    haze, dust, sand, fog and ash draw as fog.
    """
    group = condition_id // 100
    if group == 2:
        return "thunder"
    if group == 3:
        return "drizzle"
    if group == 5:
        return "rain"
    if group == 6:
        return "snow"
    if condition_id in (771, 781):
        return "wind"
    if group == 7:
        return "fog"
    if condition_id == 800:
        return "clear"
    if group == 8:
        return "clouds"
    return "unknown"


def parse_current(payload: Any) -> Weather:
    """Build Weather from a current-weather response; raise WeatherError when fields are missing."""
    try:
        condition = payload["weather"][0]
        condition_id = int(condition["id"])
        temperature = float(payload["main"]["temp"])
    except (KeyError, IndexError, TypeError, ValueError):
        raise WeatherError(DISPLAY_NAME, "bad_response") from None

    main = payload["main"]
    wind_speed = _number(_mapping(payload.get("wind")).get("speed"))
    return Weather(
        category=apply_wind_rule(openweather_category(condition_id), wind_speed),
        description=_mapping(condition).get("description") or _mapping(condition).get("main"),
        temperature_c=temperature,
        humidity=_number(main.get("humidity")),
        wind_speed_ms=wind_speed,
        place_name=payload.get("name") or None,
        country=_mapping(payload.get("sys")).get("country") or None,
        observed_at=_observed_at(payload.get("dt"), payload.get("timezone")),
        provider="openweather",
    )


def parse_places(payload: Any, query: str, language: str) -> Place | None:
    """Return the best place of a direct-geocoding response, None when it lists none."""
    if not isinstance(payload, list):
        raise WeatherError(DISPLAY_NAME, "bad_response")
    if not payload:
        return None
    try:
        names = [[item.get("name"), *(item.get("local_names") or {}).values()] for item in payload]
        best = payload[pick_best(query, names)]
        latitude, longitude = float(best["lat"]), float(best["lon"])
    except (AttributeError, KeyError, TypeError, ValueError):
        raise WeatherError(DISPLAY_NAME, "bad_response") from None
    local_names = best.get("local_names") or {}
    return Place(
        name=local_names.get(_LOCAL_NAME[language]) or best.get("name") or query,
        latitude=latitude,
        longitude=longitude,
        country=best.get("country") or None,
    )


class OpenWeatherProvider(CachedLookups):
    """Weather and places from OpenWeather, cached for ten minutes per rounded coordinate.

    Args:
        api_key: the OpenWeather API key, sent as the appid parameter.
        base_url: scheme and host of the API, such as https://api.openweathermap.org.
        timeout: seconds one lookup may take in total.
        cache: where results are kept; the process-wide cache by default.
    """

    name = "openweather"
    display_name = DISPLAY_NAME

    def __init__(self, api_key: str, base_url: str, timeout: float, cache: TTLCache | None = None) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cache = SHARED_CACHE if cache is None else cache
        self.place_url = self.base_url

    def __repr__(self) -> str:
        return f"OpenWeatherProvider(base_url={self.base_url!r}, timeout={self.timeout})"

    def _fetch_current(self, latitude: float, longitude: float, language: str) -> Weather:
        params = {
            "lat": latitude,
            "lon": longitude,
            "appid": self.api_key,
            "units": "metric",
            "lang": _LANG[language],
        }
        payload = self._get("/data/2.5/weather", params, time.monotonic() + self.timeout)
        return parse_current(payload)

    def _find_place(self, query: str, language: str) -> Place | None:
        deadline = time.monotonic() + self.timeout
        return find_place(query, lambda name: self._fetch_place(name, language, deadline))

    def _fetch_place(self, name: str, language: str, deadline: float) -> Place | None:
        params = {"q": name, "limit": GEOCODING_LIMIT, "appid": self.api_key}
        payload = self._get("/geo/1.0/direct", params, deadline)
        return parse_places(payload, name, language)

    def _get(self, path: str, params: dict[str, Any], deadline: float) -> Any:
        return fetch_json(
            DISPLAY_NAME,
            self.base_url + path,
            params,
            deadline=deadline,
            timeout=self.timeout,
            secrets=(self.api_key,),
        )


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _observed_at(timestamp: Any, offset_seconds: Any) -> str | None:
    """Return the observation time as ISO 8601 in the place's own UTC offset."""
    if _number(timestamp) is None:
        return None
    offset = timedelta(seconds=int(offset_seconds)) if _number(offset_seconds) is not None else timedelta(0)
    return datetime.fromtimestamp(int(timestamp), timezone(offset)).isoformat()
