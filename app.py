"""Mumble's Streamlit entry point: page setup, the language switch and navigation.

Run with `streamlit run app.py`. The pages live in `pages/` and are routed
here with `st.navigation`, so their titles follow the chosen language.
"""

import streamlit as st

from mumble import __version__
from mumble.settings import SettingsError
from mumble_ui.runtime import account_panel, get_settings, language_switch, sign_in_buttons, sign_in_providers, tr

st.set_page_config(page_title="Mumble", page_icon="🎙️", layout="centered")

try:
    get_settings()
except SettingsError as error:
    st.error(tr("error.settings_invalid", detail=str(error)))
    st.stop()

language_switch()
identity = account_panel()
st.sidebar.caption(tr("ui.app.tagline"))
st.sidebar.caption(f"Mumble v{__version__}")



def sign_in_page() -> None:
    st.title("Mumble")
    st.info(tr("ui.account.required"))
    sign_in_buttons(st)


# With sign-in configured, records belong to people, so a visitor must sign in before any page opens.
if sign_in_providers() and not identity.signed_in:
    navigation = st.navigation([st.Page(sign_in_page, title=tr("ui.account.sign_in"), url_path="sign-in")],
                               position="hidden")
else:
    navigation = st.navigation([
        st.Page("pages/record.py", title=tr("ui.nav.record"), icon=":material/mic:", url_path="record", default=True),
        st.Page("pages/gallery.py", title=tr("ui.nav.gallery"), icon=":material/photo_library:", url_path="gallery"),
        st.Page("pages/status.py", title=tr("ui.nav.status"), icon=":material/monitor_heart:", url_path="status"),
    ], position="top")
navigation.run()
