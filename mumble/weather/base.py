"""The weather provider interface.

A lookup failure never blocks an artwork: the pipeline catches WeatherError,
draws with weather "unknown" and stores the reason.
"""

from __future__ import annotations

import math
from typing import Protocol

from ..context import Place, Weather
from ..errors import InvalidCoordinates, MumbleError
from ..i18n import t

# Beaufort force 6 ("strong breeze") starts at 10.8 m/s. From that speed on, a
# clear or cloudy sky is drawn as "wind", because the wind is then the most
# visible feature of the weather.
STRONG_WIND_MS = 10.8

# Requests and cache keys use coordinates rounded to this many decimals
# (about 1.1 km of latitude), so nearby lookups share one result.
COORDINATE_DECIMALS = 2


class WeatherError(MumbleError):
    """A weather or place lookup failed.

    message(language) and str(error) are safe to show: they contain the provider's
    name and a catalogue reason, never an API key or a request URL.

    Args:
        provider: the provider's display name, such as "OpenWeather".
        reason: the tail of a "weather.reason.*" catalogue key, such as "timeout".
        **params: the values that reason's message needs (seconds, status).
    """

    key = "error.weather_failed"

    def __init__(self, provider: str, reason: str, **params: object) -> None:
        self.provider = provider
        self.reason = reason
        self.reason_params = params
        super().__init__(reason, provider=provider)

    def message(self, language: str | None = None) -> str:
        reason = t(f"weather.reason.{self.reason}", language, **self.reason_params)
        return t(self.key, language, provider=self.provider, reason=reason)


class WeatherProvider(Protocol):
    """Current weather by coordinates and places by name.

    current() raises WeatherError when the lookup fails and InvalidCoordinates
    for coordinates off the globe. geocode() returns None when nothing matches
    and raises WeatherError when the lookup itself fails.
    """

    name: str

    def current(self, latitude: float, longitude: float, language: str = "zh-CN") -> Weather: ...

    def geocode(self, query: str, language: str = "zh-CN") -> Place | None: ...


def check_coordinates(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the coordinates rounded for lookup, or raise InvalidCoordinates."""
    try:
        lat = float(latitude)
        lon = float(longitude)
    except (TypeError, ValueError):
        raise InvalidCoordinates(latitude, longitude) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidCoordinates(latitude, longitude)
    # "+ 0.0" turns -0.0 into 0.0 so both print and cache the same way.
    return round(lat, COORDINATE_DECIMALS) + 0.0, round(lon, COORDINATE_DECIMALS) + 0.0


def apply_wind_rule(category: str, wind_speed_ms: float | None) -> str:
    """Return "wind" for a clear or cloudy sky in a strong wind, else the category unchanged."""
    if category in ("clear", "clouds") and wind_speed_ms is not None and wind_speed_ms >= STRONG_WIND_MS:
        return "wind"
    return category
