"""The health report behind the status page and `mumble health`: engines, checks, counts.

Checks are cheap and load no model: the transcriber reports whether its
weights are on disk, not whether they load. Keys are shown only as
configured or missing.
"""

from __future__ import annotations

from typing import Any

from . import __version__, backends
from .settings import Settings


def health_report(settings: Settings, pipeline) -> dict[str, Any]:
    """Return a JSON-able report; "ok" is False when any check failed."""
    report: dict[str, Any] = {
        "version": __version__,
        "language": settings.language,
        "owner": settings.owner,
        "engines": {
            "transcriber": backends.resolve_transcriber(settings),
            "image_generator": backends.resolve_image_generator(settings),
            "storage": backends.resolve_storage(settings),
            "weather": backends.resolve_weather(settings),
            "metrics": settings.metrics,
        },
        "keys": {
            "OPENAI_API_KEY": "configured" if settings.openai_api_key else "missing",
            "OPENWEATHER_API_KEY": "configured" if settings.openweather_api_key else "missing",
        },
        "checks": {},
    }

    checks = report["checks"]
    for name, build in (("store", lambda: pipeline.store), ("transcriber", lambda: pipeline.transcriber),
                        ("image_generator", lambda: pipeline.image_generator)):
        try:
            checks[name] = build().health()
        except Exception as error:  # a broken backend is reported, not raised, on a status page
            checks[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    checks["store"].setdefault("ok", bool(checks["store"].get("writable")))
    checks["transcriber"].setdefault("ok", bool(checks["transcriber"].get("present")))
    checks["image_generator"].setdefault("ok", bool(checks["image_generator"].get("present", True)))
    # The pipeline draws with weather unknown when a lookup fails, so a failed
    # weather check is a warning and leaves "ok" alone.
    report["ok"] = all(check.get("ok") for check in checks.values())

    weather = _weather_check(settings, pipeline)
    report["warnings"] = []
    if weather is not None:
        checks["weather"] = weather
        if not weather["ok"]:
            report["warnings"].append("weather")
    return report


# Coordinates of the weather check (central Beijing). Providers cache lookups for 10 minutes.
_WEATHER_PROBE = (39.90, 116.40)


def _weather_check(settings: Settings, pipeline) -> dict[str, Any] | None:
    """Look up one place's weather to prove the provider responds; return None when weather is off."""
    from .weather.base import WeatherError

    try:
        provider = pipeline.weather
    except Exception as error:  # a provider that cannot be built is reported like any failed check
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    if provider is None:
        return None
    try:
        weather = provider.current(*_WEATHER_PROBE, settings.language)
    except WeatherError as error:
        return {"ok": False, "engine": provider.name, "error": error.message(settings.language)}
    return {"ok": True, "engine": provider.name, "sample": weather.description}
