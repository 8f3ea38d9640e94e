"""录音 / Record: capture or upload a recording, review its transcript, context and prompt, then draw."""

from __future__ import annotations

from functools import partial

import streamlit as st

from mumble.context import MOODS
from mumble.errors import BadInput, MumbleError
from mumble.pipeline import validate_text
from mumble.prompt import MAX_PROMPT_CHARS, MAX_TRANSCRIPT_CHARS
from mumble.transcribe.base import Transcript
from mumble_ui import draft as drafts
from mumble_ui.capture import recorded_audio, uploaded_audio
from mumble_ui.labels import audio_mime, mood_label
from mumble_ui.media import image_source
from mumble_ui.position import browser_local_time, browser_position
from mumble_ui.runtime import current_identity, get_pipeline, language, tr
from mumble_ui.widgets import (
    StageProgress, context_summary, labelled_text, recipe_summary, record_engines, record_prompt, timings_table,
)

GALLERY_PAGE = "pages/gallery.py"
MOOD_TEXT_KEY = "record.mood_text"

pipeline = get_pipeline()
lang = language()


def open_in_gallery(record_id: str) -> None:
    st.switch_page(GALLERY_PAGE, query_params={"id": record_id})


def show_result(record_id: str) -> None:
    """Draw the finished artwork large, with its prompt, context and what to do next."""
    store = pipeline.store
    record = store.get(record_id)
    st.success(tr("ui.record.done"))
    st.image(image_source(store, record.image_key), width="stretch", output_format="PNG")

    download, gallery, again = st.columns(3)
    download.download_button(
        tr("ui.action.download_png"), data=partial(store.read, record.image_key), file_name=f"mumble-{record.id[:8]}.png",
        mime="image/png", icon=":material/download:", width="stretch", on_click="ignore",
    )
    if gallery.button(tr("ui.action.open_in_gallery"), icon=":material/photo_library:", width="stretch"):
        open_in_gallery(record.id)
    again.button(tr("ui.record.new"), icon=":material/mic:", type="primary", width="stretch",
                 on_click=drafts.start_over)

    st.subheader(tr("ui.field.prompt"))
    record_prompt(record)
    st.subheader(tr("ui.field.transcript"))
    st.text(record.transcript or "")
    st.subheader(tr("ui.field.context"))
    context_summary(record.context)
    recipe_summary(record)
    with st.expander(tr("ui.field.timings")):
        timings_table(record.timings_ms, record_engines(record, store.name))


st.title(tr("ui.record.title"))
st.caption(tr("ui.record.intro"))

result_id = st.session_state.get(drafts.RESULT_KEY)
if result_id:
    show_result(result_id)
    st.stop()

# 1. Audio in
round_number = drafts.capture_round()
record_tab, upload_tab = st.tabs([tr("ui.record.tab_record"), tr("ui.record.tab_upload")])
with record_tab:
    drafts.offer_audio(pipeline, "recorder", recorded_audio(f"record.recorder.{round_number}"))
with upload_tab:
    drafts.offer_audio(pipeline, "upload", uploaded_audio(f"record.upload.{round_number}"))

draft = drafts.current_draft()
if draft is None:
    st.info(tr("ui.record.empty"))
    st.stop()

if draft.recording is not None:
    st.audio(draft.recording.data, format=audio_mime(draft.recording.extension))
    st.caption(tr("ui.record.duration", seconds=draft.recording.duration_s))

if draft.error is not None:
    st.error(draft.error.message(lang))
    if draft.recording is not None and not isinstance(draft.error, BadInput):
        if st.button(tr("ui.record.transcribe_again"), icon=":material/refresh:"):
            drafts.transcribe_draft(pipeline, draft)
            st.rerun()
    st.stop()

# 2. Review the transcript, the mood and the place
transcript_text = st.text_area(tr("ui.field.transcript"), key=drafts.TRANSCRIPT_KEY, height=110,
                               help=tr("ui.record.transcript_help"))

# Typed text wins over the pills, so they are switched off while the text box has any.
mood_typed = bool(str(st.session_state.get(MOOD_TEXT_KEY) or "").strip())
mood_choice = st.pills(tr("ui.record.mood"), options=list(MOODS), format_func=lambda key: mood_label(key, lang),
                       key=drafts.MOOD_CHOICE_KEY, disabled=mood_typed)
if draft.features.get("suggested_mood"):
    st.caption(tr("ui.record.mood_suggested", mood=mood_label(draft.features["suggested_mood"], lang)))
mood_text = st.text_input(tr("ui.record.mood_other"), key=MOOD_TEXT_KEY, placeholder=tr("ui.record.mood_placeholder"))
if mood_text.strip():
    labelled_text(tr("ui.record.mood_used"), mood_text.strip())
# Fixed moods go in as their Chinese label because the prompt is Chinese; typed text wins.
mood = mood_text.strip() or (MOODS[mood_choice][0] if mood_choice else None)

city = st.text_input(tr("ui.record.city"), key="record.city", placeholder=tr("ui.record.city_placeholder"))
position = browser_position()

context = drafts.place_context(pipeline, mood, city, position, browser_local_time(), draft.timings)
st.subheader(tr("ui.field.context"))
context_summary(context.to_dict())
if pipeline.weather is None:
    st.caption(tr("ui.record.weather_off"))

# 3. The prompt, editable before drawing
edited = drafts.sync_prompt(pipeline.build_prompt(transcript_text, context))
prompt_text = st.text_area(tr("ui.field.prompt"), key=drafts.PROMPT_KEY, height=240)
if edited:
    st.caption(tr("ui.record.prompt_edited"))
    st.button(tr("ui.record.prompt_reset"), icon=":material/undo:", on_click=drafts.reset_prompt)

# 4. Draw
if st.button(tr("ui.record.generate"), type="primary", icon=":material/brush:", width="stretch"):
    try:
        validate_text("transcript", transcript_text, MAX_TRANSCRIPT_CHARS, lang)
        validate_text("prompt", prompt_text, MAX_PROMPT_CHARS, lang)
    except BadInput as error:
        st.error(error.message(lang))
        st.stop()

    record = None
    with st.status(tr("ui.record.generating"), expanded=True) as status:
        progress = StageProgress(draft.timings, draft.engines)
        try:
            record = pipeline.create(
                draft.recording, Transcript(transcript_text, draft.transcript.engine), context, prompt_text,
                owner=current_identity().owner, timings=draft.timings, progress=progress, request_id=draft.request_id,
                features={**draft.features, "mood_suggested": drafts.mood_was_suggested(draft, mood_choice, mood_text)},
            )
        except MumbleError as error:
            status.update(label=tr("ui.record.failed"), state="error", expanded=True)
            st.error(error.message(lang))
            if error.record_id:
                st.caption(tr("ui.record.kept_for_retry"))
                st.page_link(GALLERY_PAGE, label=tr("ui.action.open_in_gallery"), icon=":material/photo_library:",
                             query_params={"id": error.record_id})
        else:
            status.update(label=tr("ui.record.generated"), state="complete", expanded=False)
    if record is not None:
        st.session_state[drafts.RESULT_KEY] = record.id
        st.rerun()
