"""Settings, the per-process pipeline and the user's language.

Settings are read on every run (parsing a few strings is cheap), but the
Pipeline, and so every model, client and store behind it, is built once per
process for each distinct set of settings with `st.cache_resource`. Building
it loads nothing: backends are created on first use, so a page renders before
any model is read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict

import streamlit as st

from mumble.access import Identity, identity_for
from mumble.i18n import t
from mumble.logs import configure_logging
from mumble.pipeline import Pipeline
from mumble.settings import LANGUAGES, Settings, SettingsError, load_settings, normalize_language

LANGUAGE_KEY = "ui.language"
LANGUAGE_NAMES = {"zh-CN": "中文", "en": "English"}


def root_secrets() -> dict[str, object]:
    """Return the root-level keys of `.streamlit/secrets.toml`, or nothing when there is no such file."""
    try:
        return {key: value for key, value in st.secrets.items() if not isinstance(value, Mapping)}
    except FileNotFoundError:
        # Streamlit raises StreamlitSecretNotFoundError, a FileNotFoundError, both
        # for a missing file and for one it cannot parse.
        return {}


def get_settings() -> Settings:
    """Return the settings from the environment over Streamlit secrets; raises SettingsError."""
    return load_settings(os.environ, root_secrets())


def settings_fingerprint(settings: Settings) -> str:
    """Return a digest of every setting, secrets included, to key the cached pipeline."""
    values = asdict(settings)
    values["extra"] = sorted(settings.extra.items())
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


@st.cache_resource(show_spinner=False)
def _pipeline_for(fingerprint: str, _settings: Settings) -> Pipeline:
    configure_logging(_settings.log_level)
    return Pipeline(_settings)


def get_pipeline() -> Pipeline:
    """Return this process's Pipeline for the current settings."""
    settings = get_settings()
    return _pipeline_for(settings_fingerprint(settings), settings)


def language() -> str:
    """Return the language the user chose, or the configured default."""
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen in LANGUAGES:
        return chosen
    try:
        return get_settings().language
    except SettingsError:
        return normalize_language(os.environ.get("MUMBLE_LANGUAGE"))


def tr(key: str, **params: object) -> str:
    """Return catalogue text for key in the user's language."""
    return t(key, language(), **params)


def language_switch() -> None:
    """Draw the 中文 / English switch in the sidebar. The choice lasts for the session.

    The choice is kept under LANGUAGE_KEY, apart from the widget's own state,
    so it survives runs in which Streamlit discards the widget's state.
    """
    st.sidebar.segmented_control(
        tr("ui.language.label"),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        default=language(),
        required=True,
        key=f"_widget.{LANGUAGE_KEY}",
        on_change=save_widget_value,
        args=(LANGUAGE_KEY,),
    )


def keep_widget_value(name: str) -> str:
    """Return a widget key whose value outlives runs where the widget is not drawn.

    Streamlit drops a widget's state when a run does not draw it (the gallery
    hides its filters while a record is open). The value is copied to `name`
    by `save_widget_value`, and copied back here before the widget is drawn.
    """
    widget_key = f"_widget.{name}"
    if widget_key not in st.session_state and name in st.session_state:
        st.session_state[widget_key] = st.session_state[name]
    return widget_key


def save_widget_value(name: str) -> None:
    """on_change callback that keeps a widget's value under `name` (see keep_widget_value)."""
    st.session_state[name] = st.session_state[f"_widget.{name}"]


def current_identity() -> Identity:
    """Return who is acting: the signed-in user, or the configured owner when sign-in is not in use."""
    return identity_for(get_settings(), st.user)


def sign_in_providers() -> list[str | None]:
    """Return the sign-in providers configured under [auth] in secrets.toml.

    [None] stands for one provider configured directly in [auth]; named
    providers are subsections such as [auth.google]. Without [auth] the app
    is single-user and the list is empty.
    """
    try:
        auth = st.secrets.get("auth")
    except FileNotFoundError:
        return []
    if not isinstance(auth, Mapping):
        return []
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return named or ([None] if auth.get("client_id") else [])


def sign_in_buttons(container) -> None:
    """Draw one sign-in button per configured provider in container."""
    for provider in sign_in_providers():
        label = tr("ui.account.sign_in") if provider is None else tr("ui.account.sign_in_with", provider=provider)
        if container.button(label, key=f"account.sign_in.{provider}", icon=":material/login:", width="stretch"):
            if provider is None:
                st.login()
            else:
                st.login(provider)


def account_panel() -> Identity:
    """Draw who is signed in (and the sign-out button) in the sidebar; return the identity.

    Returns the identity for every page to use. Without sign-in providers nothing is drawn.
    """
    identity = current_identity()
    if not sign_in_providers():
        return identity
    if identity.signed_in:
        st.sidebar.caption(tr("ui.account.signed_in_as"))
        st.sidebar.text(identity.display_name or identity.owner)
        if identity.is_admin:
            st.sidebar.caption(tr("ui.account.admin"))
        if st.sidebar.button(tr("ui.account.sign_out"), icon=":material/logout:", key="account.sign_out"):
            st.logout()
    return identity
