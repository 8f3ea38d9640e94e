"""Current weather and place lookup. One module per provider behind WeatherProvider in base.py."""

from __future__ import annotations

from ..settings import Settings, SettingsError
from .base import WeatherError, WeatherProvider
from .openmeteo import OpenMeteoProvider
from .openweather import OpenWeatherProvider

__all__ = ["WeatherError", "WeatherProvider", "make_weather_provider"]


def make_weather_provider(settings: Settings) -> WeatherProvider | None:
    """Return the provider MUMBLE_WEATHER chooses, or None when it is "off".

    "auto" picks OpenWeather when OPENWEATHER_API_KEY is set and Open-Meteo,
    which needs no key, otherwise. Raises SettingsError when "openweather" is
    chosen without a key.
    """
    choice = settings.weather
    if choice == "off":
        return None
    if choice == "openweather" or (choice == "auto" and settings.openweather_api_key):
        if not settings.openweather_api_key:
            raise SettingsError("MUMBLE_WEATHER=openweather needs OPENWEATHER_API_KEY; set the key or use open-meteo")
        return OpenWeatherProvider(
            api_key=settings.openweather_api_key,
            base_url=settings.openweather_url,
            timeout=settings.weather_timeout,
        )
    return OpenMeteoProvider(
        base_url=settings.open_meteo_url,
        geocoding_url=settings.geocoding_url,
        timeout=settings.weather_timeout,
    )
