"""状态 / Status: version, the engine behind each backend and stage, live checks, keys and storage."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mumble.health import health_report
from mumble.pipeline import STAGES
from mumble_ui.capture import recorder_available
from mumble_ui.health_view import backend_rows, key_rows, stage_rows, store_numbers
from mumble_ui.runtime import current_identity, get_pipeline, language, tr
from mumble_ui.widgets import labelled_grid

pipeline = get_pipeline()
lang = language()

st.title(tr("ui.status.title"))
st.button(tr("ui.status.check_again"), icon=":material/refresh:")

report = health_report(pipeline.settings, pipeline)
if not report["ok"]:
    st.error(tr("ui.status.some_failed"))
elif report["warnings"]:
    st.warning(tr("ui.status.weather_unavailable"))
else:
    st.success(tr("ui.status.all_ok"))

numbers = store_numbers(report)
identity = current_identity()
identity_text = identity.owner if identity.signed_in else tr("ui.status.single_user", owner=identity.owner)
if identity.is_admin and identity.signed_in:
    identity_text += " · " + tr("ui.account.admin")
with st.container(horizontal=True):
    st.metric(tr("ui.status.version"), report["version"], border=True, width="content")
    st.metric(tr("ui.status.stage"), pipeline.settings.stage, border=True, width="content")
    st.metric(tr("ui.status.records"), numbers["records"], border=True, width="content")
    st.metric(tr("ui.status.data_size"), numbers["size"], border=True, width="content")

st.subheader(tr("ui.status.backends"))
st.dataframe(pd.DataFrame(backend_rows(report, lang)), hide_index=True, width="stretch")

st.subheader(tr("ui.status.stages"))
st.dataframe(pd.DataFrame(stage_rows(report, STAGES, lang)), hide_index=True, width="stretch")

st.subheader(tr("ui.status.keys"))
st.dataframe(pd.DataFrame(key_rows(report, lang)), hide_index=True, width="stretch")

st.subheader(tr("ui.status.environment"))
labelled_grid([
    (tr("ui.status.data_folder"), numbers["path"]),
    (tr("ui.status.free_space"), numbers["free"]),
    (tr("ui.status.recorder"), tr("ui.status.recorder_ready") if recorder_available() else tr("ui.status.recorder_fallback")),
    (tr("ui.status.language_owner"), f"{report['language']} · {report['owner']}"),
    (tr("ui.status.identity"), identity_text),
])

with st.expander(tr("ui.status.raw")):
    st.json(report)
