"""图库 / Gallery: thumbnails with filters and pages, one record in detail, retry, delete and export."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

import streamlit as st

from mumble.context import MOODS, WEATHER_CATEGORIES
from mumble.errors import MumbleError, RecordNotFound
from mumble.export import export_zip, metadata_csv, metadata_frame, metadata_json
from mumble.store.base import DONE, FAILED, PROCESSING
from mumble_ui import gallery
from mumble_ui.labels import (
    audio_mime, excerpt, format_timestamp, metadata_table, mood_label, record_error_message, status_label,
    weather_label,
)
from mumble_ui.position import browser_timezone
from mumble_ui.media import audio_source, image_source, placeholder_thumbnail
from mumble_ui.runtime import current_identity, get_pipeline, keep_widget_value, language, save_widget_value, tr
from mumble_ui.widgets import (
    StageProgress, context_summary, recipe_summary, record_engines, record_prompt, timings_table,
)

# Card width in pixels: two cards fit side by side on a 390 px phone screen.
CARD_WIDTH = 160
# Session name of the filter panel's open state (see keep_widget_value).
FILTERS_OPEN = "gallery.filters_open"

pipeline = get_pipeline()
store = pipeline.store
identity = current_identity()
lang = language()
timezone_name = browser_timezone()


def show_notice() -> None:
    notice = st.session_state.pop(gallery.NOTICE_KEY, None)
    if notice is None:
        return
    kind, content = notice
    if kind == "error":
        st.error(content.message(lang))
    else:
        st.success(content)


def show_detail(record_id: str) -> None:
    """Draw one record: artwork, transcript, prompt, context, timings, audio, and its actions."""
    st.button(tr("ui.gallery.back"), icon=":material/arrow_back:", on_click=gallery.close_record)
    try:
        record = store.get(record_id)
    except RecordNotFound as error:
        st.warning(error.message(lang))
        return

    status = record.effective_status
    st.caption(f"{format_timestamp(record.created_at, timezone_name)} · {status_label(status, lang)}")
    if record.owner != identity.owner:
        st.text(tr("ui.gallery.owner", owner=record.owner))
    if record.image_key:
        # output_format="PNG" hands the stored bytes to the browser unchanged (no JPEG re-encoding).
        st.image(image_source(store, record.image_key), width="stretch", output_format="PNG")
    if status == FAILED:
        st.error(record_error_message(record, lang) or tr("ui.gallery.failed_unknown"))
    elif status == PROCESSING:
        st.info(tr("ui.gallery.processing"))

    may_modify = identity.may_modify(record.owner)
    actions = []
    if record.image_key:
        actions.append("download")
    if record.retryable and may_modify:
        actions.append("retry")
    if may_modify:
        actions.append("delete")
    columns = dict(zip(actions, st.columns(len(actions))))
    if "download" in columns:
        columns["download"].download_button(
            tr("ui.action.download_png"), data=partial(store.read, record.image_key),
            file_name=f"mumble-{record.id[:8]}.png", mime="image/png", icon=":material/download:",
            width="stretch", on_click="ignore",
        )
    retry_clicked = "retry" in columns and columns["retry"].button(
        tr("ui.gallery.retry"), icon=":material/refresh:", type="primary", width="stretch")
    if "delete" in columns:
        columns["delete"].button(tr("ui.gallery.delete"), icon=":material/delete:", width="stretch",
                                 on_click=gallery.ask_delete, args=(record.id,))
    if st.session_state.get(gallery.CONFIRM_KEY) == record.id:
        st.warning(tr("ui.gallery.confirm_delete"))
        confirm, cancel = st.columns(2)
        confirm.button(tr("ui.gallery.delete_confirm"), type="primary", width="stretch",
                       on_click=gallery.delete_record,
                       args=(pipeline, record.id, identity.enforced_owner, tr("ui.gallery.deleted")))
        cancel.button(tr("ui.action.cancel"), width="stretch", on_click=gallery.cancel_delete)

    prompt_key = f"gallery.retry_prompt.{record.id}"
    if retry_clicked:
        edited = st.session_state.get(prompt_key)
        with st.status(tr("ui.gallery.retrying"), expanded=True) as box:
            try:
                pipeline.retry(record.id, owner=identity.enforced_owner, progress=StageProgress(),
                               prompt=edited if edited and edited != record.prompt else None)
            except MumbleError as error:
                box.update(label=tr("ui.record.failed"), state="error")
                st.error(error.message(lang))
            else:
                box.update(label=tr("ui.record.generated"), state="complete")
                st.rerun()

    st.subheader(tr("ui.field.transcript"))
    st.text(record.transcript or tr("value.unknown"))
    if record.prompt and record.retryable and may_modify:
        # A refused or failed drawing can be retried from an edited prompt.
        st.text_area(tr("ui.field.prompt"), value=record.prompt, key=prompt_key, height=220,
                     help=tr("ui.gallery.retry_prompt_help"))
    elif record.prompt:
        st.subheader(tr("ui.field.prompt"))
        record_prompt(record)
    st.subheader(tr("ui.field.context"))
    context_summary(record.context)
    recipe_summary(record)
    if record.audio_key:
        st.subheader(tr("ui.field.audio"))
        st.audio(audio_source(store, record.audio_key), format=audio_mime(record.audio_format))
        if record.duration_s:
            st.caption(tr("ui.record.duration", seconds=record.duration_s))
    st.subheader(tr("ui.field.timings"))
    timings_table(record.timings_ms, record_engines(record, store.name))


def filter_widgets(team: bool):
    """Draw the filters and return the store query they describe.

    The panel keeps the open or closed state the user last gave it, so it does
    not collapse when every filter returns to "any". It opens by itself only
    the first time filters are found set (for example after a rerun that
    restored them).
    """
    if gallery.filters_active() and FILTERS_OPEN not in st.session_state:
        st.session_state[FILTERS_OPEN] = True
    open_widget = f"_widget.{FILTERS_OPEN}"
    if FILTERS_OPEN in st.session_state:
        # Copied on every run, because the widget's id (and so its own state) changes with the label's language.
        st.session_state[open_widget] = st.session_state[FILTERS_OPEN]
    with st.expander(tr("ui.gallery.filters"), icon=":material/filter_list:", key=open_widget,
                     on_change=save_widget_value, args=(FILTERS_OPEN,)):
        text = st.text_input(tr("ui.gallery.search"), placeholder=tr("ui.gallery.search_placeholder"),
                             key=keep_widget_value("gallery.text"), on_change=save_widget_value,
                             args=("gallery.text",))
        mood_column, weather_column = st.columns(2)
        mood = mood_column.selectbox(
            tr("ui.context.mood"), options=[None, *MOODS],
            format_func=lambda key: tr("ui.gallery.any") if key is None else mood_label(key, lang),
            key=keep_widget_value("gallery.mood"), on_change=save_widget_value, args=("gallery.mood",))
        weather = weather_column.selectbox(
            tr("ui.context.weather"), options=[None, *WEATHER_CATEGORIES],
            format_func=lambda key: tr("ui.gallery.any") if key is None else weather_label(key, lang),
            key=keep_widget_value("gallery.weather"), on_change=save_widget_value, args=("gallery.weather",))
        dates_column, status_column = st.columns(2)
        dates = dates_column.date_input(
            tr("ui.gallery.dates"), value=(), format="YYYY-MM-DD",
            key=keep_widget_value("gallery.dates"), on_change=save_widget_value, args=("gallery.dates",))
        status = status_column.selectbox(
            tr("ui.gallery.status"), options=[None, DONE, FAILED, PROCESSING],
            format_func=lambda key: tr("ui.gallery.any") if key is None else status_label(key, lang),
            key=keep_widget_value("gallery.status"), on_change=save_widget_value, args=("gallery.status",))
    return gallery.build_query(identity.gallery_owner(team), mood, weather, status, dates, text)


def card(record, team: bool) -> None:
    with st.container(border=True, width=CARD_WIDTH):
        stamp = format_timestamp(record.created_at, timezone_name)
        if record.thumbnail_key:
            # Given bytes, Streamlit re-encodes the WebP thumbnail as a JPEG of the same small size.
            st.image(image_source(store, record.thumbnail_key), width="stretch")
            st.caption(stamp)
        else:
            # A square placeholder and one caption line keep this card as tall as the others.
            st.image(placeholder_thumbnail(), width="stretch")
            st.caption(f"⚠️ {status_label(record.effective_status, lang)} · {stamp}")
        st.text(excerpt(record.transcript, 14) or tr("value.unknown"))
        if team:
            st.text(excerpt(record.owner, 18))
        pick_key = f"gallery.pick.{record.id}"
        st.checkbox(tr("ui.gallery.pick"), value=record.id in gallery.picked(), key=pick_key,
                    on_change=gallery.toggle_pick, args=(record.id, pick_key))
        st.button(tr("ui.gallery.open"), key=f"gallery.open.{record.id}", width="stretch",
                  on_click=gallery.open_record, args=(record.id,))


def export_section(query, team: bool) -> None:
    picked = set(gallery.picked())
    with st.expander(tr("ui.gallery.export"), icon=":material/download:"):
        scope = st.radio(
            tr("ui.gallery.export_scope"), options=["all", "picked"], horizontal=True, key="gallery.export_scope",
            format_func=lambda key: tr("ui.gallery.export_all") if key == "all"
            else tr("ui.gallery.export_picked", count=len(picked)),
        )
        chosen = picked if scope == "picked" else None
        if scope == "picked" and not picked:
            st.caption(tr("ui.gallery.nothing_picked"))
            return
        # Only a record's owner or an admin may export it.
        export_query = replace(query, owner=identity.export_owner(team))
        if team and not identity.is_admin:
            st.caption(tr("ui.gallery.export_own_only"))
        records = partial(gallery.export_records, store, export_query, chosen, identity)
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        zip_column, csv_column, json_column = st.columns(3)
        zip_column.download_button(
            "ZIP", data=lambda: export_zip(store, records()), file_name=f"mumble-{stamp}.zip",
            mime="application/zip", icon=":material/folder_zip:", width="stretch", on_click="ignore",
            help=tr("ui.gallery.export_zip_help"))
        csv_column.download_button(
            "CSV", data=lambda: metadata_csv(records()), file_name=f"mumble-{stamp}.csv", mime="text/csv",
            icon=":material/table:", width="stretch", on_click="ignore")
        json_column.download_button(
            "JSON", data=lambda: metadata_json(records()), file_name=f"mumble-{stamp}.json",
            mime="application/json", icon=":material/data_object:", width="stretch", on_click="ignore")
        if picked:
            st.button(tr("ui.gallery.clear_picks"), on_click=gallery.clear_picks)
        if st.toggle(tr("ui.gallery.show_table"), key="gallery.show_table"):
            st.dataframe(metadata_table(metadata_frame(records()), lang), hide_index=True, width="stretch")
            st.caption(tr("ui.gallery.table_note"))


st.title(tr("ui.gallery.title"))
show_notice()

opened = gallery.opened_record_id()
if opened:
    show_detail(opened)
    st.stop()

team = identity.signed_in and st.toggle(
    tr("ui.gallery.team"), key=keep_widget_value("gallery.team"), on_change=save_widget_value, args=("gallery.team",))
query = filter_widgets(team)
page, cursor = gallery.current_cursor(query)
listing = store.list(query, limit=gallery.PAGE_SIZE, cursor=cursor)
gallery.remember_next_cursor(listing.next_cursor)
total = store.count(query, at_most=gallery.COUNT_AT_MOST)

if total == 0 and gallery.filters_active():
    st.info(tr("ui.gallery.no_match"))
    st.button(tr("ui.gallery.clear_filters"), icon=":material/filter_alt_off:", on_click=gallery.clear_filters)
elif total == 0:
    st.info(tr("ui.gallery.empty"))
else:
    st.caption(gallery.count_caption(total, page, tr))
    with st.container(horizontal=True, gap="small"):
        for record in listing.records:
            card(record, team)
    if page > 0 or listing.next_cursor is not None:
        previous_column, next_column = st.columns(2, wrap=False)
        previous_column.button(tr("ui.gallery.previous"), icon=":material/chevron_left:", width="stretch",
                               disabled=page == 0, on_click=gallery.turn_page, args=(-1,))
        next_column.button(tr("ui.gallery.next"), icon=":material/chevron_right:", icon_position="right",
                           width="stretch", disabled=listing.next_cursor is None, on_click=gallery.turn_page,
                           args=(1,))
    export_section(query, team)
