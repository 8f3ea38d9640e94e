"""Mumble's Streamlit entry point (placeholder until the full record/gallery/status pages land)."""

import streamlit as st

from mumble import __version__

st.set_page_config(page_title="Mumble", page_icon="🎙️")
st.title("Mumble")
st.caption(f"v{__version__}")
