"""Open-Meteo: current weather (/v1/forecast) and geocoding (/v1/search), no key needed.

Open-Meteo reports the weather as a WMO code with no text, so descriptions
come from the table in wmo.py. It has no reverse geocoding either, so its
Weather carries no place name or country. The place then comes from the
user's city search, or stays as coordinates.
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
from .wmo import wmo_category, wmo_description

logger = logging.getLogger(__name__)

DISPLAY_NAME = "Open-Meteo"
CURRENT_VARIABLES = ("temperature_2m", "relative_humidity_2m", "weather_code", "wind_speed_10m")
GEOCODING_COUNT = 5
_GEOCODING_LANGUAGE = {"zh-CN": "zh", "en": "en"}
# Wind speed units Open-Meteo may report, in m/s per unit. Requests ask for m/s.
_WIND_UNITS = {"m/s": 1.0, "km/h": 1 / 3.6, "mp/h": 0.44704, "kn": 0.514444}


def parse_current(payload: Any, language: str) -> Weather:
    """Build Weather from a /v1/forecast response with current= variables.

    Raises WeatherError when the weather code or temperature is missing.
    """
    try:
        current = payload["current"]
        code = current["weather_code"]
        temperature = float(current["temperature_2m"])
    except (KeyError, TypeError, ValueError):
        raise WeatherError(DISPLAY_NAME, "bad_response") from None
    if isinstance(code, bool) or not isinstance(code, (int, float)) or code != int(code):
        raise WeatherError(DISPLAY_NAME, "bad_response")
    code = int(code)

    units = payload.get("current_units") if isinstance(payload.get("current_units"), dict) else {}
    wind_speed = _number(current.get("wind_speed_10m"))
    wind_unit = units.get("wind_speed_10m", "m/s")
    if wind_speed is not None:
        wind_speed = wind_speed * _WIND_UNITS[wind_unit] if wind_unit in _WIND_UNITS else None

    return Weather(
        category=apply_wind_rule(wmo_category(code), wind_speed),
        description=wmo_description(code, language),
        temperature_c=temperature,
        humidity=_number(current.get("relative_humidity_2m")),
        wind_speed_ms=wind_speed,
        observed_at=_observed_at(current.get("time"), payload.get("utc_offset_seconds")),
        provider="open-meteo",
    )


def parse_places(payload: Any, query: str) -> Place | None:
    """Return the best place of a /v1/search response, None when it has no results."""
    if not isinstance(payload, dict):
        raise WeatherError(DISPLAY_NAME, "bad_response")
    # Open-Meteo leaves "results" out entirely when nothing matches.
    results = payload.get("results") or []
    if not results:
        return None
    try:
        best = results[pick_best(query, [[item.get("name")] for item in results])]
        latitude, longitude = float(best["latitude"]), float(best["longitude"])
    except (AttributeError, KeyError, TypeError, ValueError):
        raise WeatherError(DISPLAY_NAME, "bad_response") from None
    return Place(
        name=best.get("name") or query,
        latitude=latitude,
        longitude=longitude,
        country=best.get("country_code") or None,
    )


class OpenMeteoProvider(CachedLookups):
    """Weather and places from Open-Meteo, cached for ten minutes per rounded coordinate.

    Args:
        base_url: scheme and host of the forecast API, such as https://api.open-meteo.com.
        geocoding_url: scheme and host of the geocoding API.
        timeout: seconds one lookup may take in total.
        cache: where results are kept; the process-wide cache by default.
    """

    name = "open-meteo"
    display_name = DISPLAY_NAME

    def __init__(self, base_url: str, geocoding_url: str, timeout: float, cache: TTLCache | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.geocoding_url = geocoding_url.rstrip("/")
        self.timeout = timeout
        self.cache = SHARED_CACHE if cache is None else cache
        self.place_url = self.geocoding_url

    def __repr__(self) -> str:
        return f"OpenMeteoProvider(base_url={self.base_url!r}, geocoding_url={self.geocoding_url!r}, timeout={self.timeout})"

    def _fetch_current(self, latitude: float, longitude: float, language: str) -> Weather:
        params = {
            "latitude": latitude,
            "longitude": longitude,
            "current": ",".join(CURRENT_VARIABLES),
            "wind_speed_unit": "ms",
            "timezone": "auto",
        }
        payload = fetch_json(
            DISPLAY_NAME,
            self.base_url + "/v1/forecast",
            params,
            deadline=time.monotonic() + self.timeout,
            timeout=self.timeout,
        )
        return parse_current(payload, language)

    def _find_place(self, query: str, language: str) -> Place | None:
        deadline = time.monotonic() + self.timeout
        return find_place(query, lambda name: self._fetch_place(name, language, deadline))

    def _fetch_place(self, name: str, language: str, deadline: float) -> Place | None:
        params = {"name": name, "count": GEOCODING_COUNT, "language": _GEOCODING_LANGUAGE[language], "format": "json"}
        payload = fetch_json(
            DISPLAY_NAME,
            self.geocoding_url + "/v1/search",
            params,
            deadline=deadline,
            timeout=self.timeout,
        )
        return parse_places(payload, name)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _observed_at(local_time: Any, offset_seconds: Any) -> str | None:
    """Return Open-Meteo's local "YYYY-MM-DDTHH:MM" as ISO 8601 with its UTC offset."""
    if not isinstance(local_time, str):
        return None
    try:
        moment = datetime.fromisoformat(local_time)
    except ValueError:
        return None
    if moment.tzinfo is None and _number(offset_seconds) is not None:
        moment = moment.replace(tzinfo=timezone(timedelta(seconds=int(offset_seconds))))
    return moment.isoformat()
