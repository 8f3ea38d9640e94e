"""The weather provider interface.

A lookup failure never blocks an artwork: the pipeline catches WeatherError,
draws with weather "unknown" and stores the reason.
"""

from __future__ import annotations

from typing import Protocol

from ..context import Place, Weather


class WeatherError(Exception):
    """A weather or place lookup failed; str(error) is safe to show (no keys, no URLs with keys)."""


class WeatherProvider(Protocol):
    name: str

    def current(self, latitude: float, longitude: float, language: str = "zh-CN") -> Weather: ...

    def geocode(self, query: str, language: str = "zh-CN") -> Place | None: ...
