"""Current weather and place lookup. One module per provider behind WeatherProvider in base.py."""

from .base import WeatherError, WeatherProvider

__all__ = ["WeatherError", "WeatherProvider"]
