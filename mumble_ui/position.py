"""Where and when the user is: the browser's position and time zone.

The position comes from the browser's Geolocation API through
streamlit-js-eval, and only after the user switches it on, because the
browser asks for permission the moment the component loads. The city field
stays usable meanwhile: the permission prompt may never be answered.
"""

from __future__ import annotations

import streamlit as st

from mumble.weather.position import read_browser_position

from .labels import local_time_in
from .runtime import tr

POSITION_TOGGLE_KEY = "record.use_position"


def browser_timezone() -> str | None:
    """Return the browser's IANA time zone name, or None when the browser did not send one."""
    return st.context.timezone


def browser_local_time() -> str:
    """Return the user's local time as ISO 8601, from the browser's zone when it is known."""
    return local_time_in(browser_timezone())


def browser_position() -> tuple[float, float] | None:
    """Draw the "use my position" switch and return (latitude, longitude) once the browser gives them."""
    if not st.toggle(tr("ui.record.use_position"), key=POSITION_TOGGLE_KEY):
        return None

    from streamlit_js_eval import get_geolocation

    position = read_browser_position(get_geolocation(component_key="record.geolocation"))
    if position is None:
        st.caption(tr("ui.position.waiting"))
        return None
    if not position.found:
        st.warning(tr(position.error_key))
        return None
    st.caption(tr("ui.position.found", latitude=position.latitude, longitude=position.longitude))
    return position.latitude, position.longitude
