"""The browser's position, as the record page receives it, turned into coordinates or a reason.

The page requests the position through streamlit-js-eval's
get_geolocation(), which returns None until the browser has responded, then
either
{"coords": {"latitude", "longitude", "accuracy", ...}, "timestamp"} or
{"error": {"code", "message"}} (streamlit-js-eval 1.0.0). Error codes are
the Geolocation API's (1 permission denied, 2 position unavailable,
3 timeout) plus 0 from streamlit-js-eval when the browser has no
Geolocation API, as happens on plain http:// pages other than localhost.
Parsing lives here, outside the page, so tests can cover every case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# Geolocation error code -> catalogue key of the message the page shows.
_ERROR_KEYS = {
    0: "position.unsupported",
    1: "position.denied",
    2: "position.unavailable",
    3: "position.timeout",
}


@dataclass(frozen=True)
class BrowserPosition:
    """Coordinates from the browser, or the catalogue key of why there are none."""

    latitude: float | None = None
    longitude: float | None = None
    # Radius of the browser's 95% confidence circle, in metres.
    accuracy_m: float | None = None
    error_key: str | None = None

    @property
    def found(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def read_browser_position(value: Any) -> BrowserPosition | None:
    """Return the position in a get_geolocation() value, or None while the browser has not responded.

    A value that is neither a position nor a known error gives error_key
    "position.unavailable", so the page falls back to city search.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        return BrowserPosition(error_key="position.unavailable")

    error = value.get("error")
    if isinstance(error, dict):
        return BrowserPosition(error_key=_ERROR_KEYS.get(error.get("code"), "position.unavailable"))

    coords = value.get("coords")
    if not isinstance(coords, dict):
        return BrowserPosition(error_key="position.unavailable")
    latitude = _finite(coords.get("latitude"))
    longitude = _finite(coords.get("longitude"))
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return BrowserPosition(error_key="position.unavailable")
    return BrowserPosition(latitude=latitude, longitude=longitude, accuracy_m=_finite(coords.get("accuracy")))


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)
