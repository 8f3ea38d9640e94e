"""Where and when the user is: the browser's position and time zone.

The position comes from the browser's Geolocation API through
streamlit-js-eval, and only after the user switches it on, because the
browser asks for permission the moment the component loads.
"""

from __future__ import annotations

import streamlit as st

from .labels import local_time_in
from .runtime import tr

POSITION_TOGGLE_KEY = "record.use_position"
# W3C Geolocation API error codes -> catalogue keys.
_GEOLOCATION_ERRORS = {1: "ui.position.denied", 2: "ui.position.unavailable", 3: "ui.position.timeout"}


def browser_timezone() -> str | None:
    """Return the browser's IANA time zone name, or None outside a browser session."""
    try:
        return st.context.timezone
    except AttributeError:
        # st.context.timezone exists from Streamlit 1.45; older versions use the server's zone.
        return None


def browser_local_time() -> str:
    """Return the user's local time as ISO 8601, from the browser's zone when it is known."""
    return local_time_in(browser_timezone())


def browser_position() -> tuple[float, float] | None:
    """Draw the "use my position" switch and return (latitude, longitude) once the browser gives them."""
    if not st.toggle(tr("ui.record.use_position"), key=POSITION_TOGGLE_KEY):
        return None

    from streamlit_js_eval import get_geolocation

    answer = get_geolocation(component_key="record.geolocation")
    if answer is None:
        st.caption(tr("ui.position.waiting"))
        return None
    if "error" in answer:
        code = (answer.get("error") or {}).get("code")
        st.warning(tr(_GEOLOCATION_ERRORS.get(code, "ui.position.unavailable")))
        return None
    coords = answer.get("coords") or {}
    latitude, longitude = coords.get("latitude"), coords.get("longitude")
    if latitude is None or longitude is None:
        st.warning(tr("ui.position.unavailable"))
        return None
    st.caption(tr("ui.position.found", latitude=latitude, longitude=longitude))
    return float(latitude), float(longitude)
