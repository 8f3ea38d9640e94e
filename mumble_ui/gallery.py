"""Gallery state: filters, pages, the open record and the records picked for export.

The open record lives in the URL (`?id=…`), so "open in gallery" from the
record page and a copied link both land on it. Everything else is session
state, kept under names that survive runs where the grid is hidden.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

import streamlit as st

from mumble.access import Identity
from mumble.errors import MumbleError, RecordNotFound
from mumble.export import iter_records
from mumble.store.base import GalleryQuery, Record

PAGE_SIZE = 24
# The gallery counts no further than this, so the first page does the same work in a gallery of any size.
COUNT_LIMIT = 500
COUNT_AT_MOST = COUNT_LIMIT + 1
OPEN_PARAM = "id"
CURSORS_KEY = "gallery.cursors"
PAGE_KEY = "gallery.page"
SIGNATURE_KEY = "gallery.signature"
PICKED_KEY = "gallery.picked"
CONFIRM_KEY = "gallery.confirm_delete"
NOTICE_KEY = "gallery.notice"
# Session names of the filter values (see runtime.keep_widget_value).
FILTER_NAMES = ("gallery.mood", "gallery.weather", "gallery.status", "gallery.dates", "gallery.text")


def build_query(
    owner: str | None,
    mood: str | None = None,
    weather: str | None = None,
    status: str | None = None,
    dates: tuple[date, ...] | date | None = None,
    text: str | None = None,
) -> GalleryQuery:
    """Return the store query for the gallery's filter values ("any" is None or empty)."""
    if isinstance(dates, date):
        dates = (dates,)
    dates = tuple(dates or ())
    date_from = dates[0].isoformat() if len(dates) >= 1 else None
    # A range with only its first day picked so far filters on that day alone.
    date_to = dates[1].isoformat() if len(dates) >= 2 else date_from
    return GalleryQuery(
        owner=owner, mood_key=mood or None, weather=weather or None, status=status or None,
        date_from=date_from, date_to=date_to, text=(text or "").strip() or None,
    )


def filters_active() -> bool:
    """Return whether any gallery filter is set to something other than "any"."""
    return any(st.session_state.get(name) for name in FILTER_NAMES)


def clear_filters() -> None:
    """on_click callback: set every filter back to "any" by dropping its saved value and its widget state."""
    for name in FILTER_NAMES:
        st.session_state.pop(name, None)
        st.session_state.pop(f"_widget.{name}", None)


def current_cursor(query: GalleryQuery) -> tuple[int, str | None]:
    """Return (page index, cursor) for query, going back to the first page when the filters changed."""
    signature = repr(query)
    if st.session_state.get(SIGNATURE_KEY) != signature:
        st.session_state[SIGNATURE_KEY] = signature
        st.session_state[CURSORS_KEY] = [None]
        st.session_state[PAGE_KEY] = 0
    page = st.session_state[PAGE_KEY]
    return page, st.session_state[CURSORS_KEY][page]


def remember_next_cursor(next_cursor: str | None) -> None:
    cursors = st.session_state[CURSORS_KEY]
    if next_cursor and len(cursors) == st.session_state[PAGE_KEY] + 1:
        cursors.append(next_cursor)


def count_caption(total: int, page: int, translate) -> str:
    """Return the caption above the grid: the record count (or "more than COUNT_LIMIT") and the page number."""
    if total > COUNT_LIMIT:
        return translate("ui.gallery.count_over", count=COUNT_LIMIT, page=page + 1)
    return translate("ui.gallery.count", count=total, page=page + 1)


def turn_page(step: int) -> None:
    """on_click callback: move step pages forward (or back), within the pages seen so far."""
    last = len(st.session_state[CURSORS_KEY]) - 1
    st.session_state[PAGE_KEY] = min(max(st.session_state[PAGE_KEY] + step, 0), last)


def open_record(record_id: str) -> None:
    st.query_params[OPEN_PARAM] = record_id
    st.session_state.pop(CONFIRM_KEY, None)


def close_record() -> None:
    st.query_params.pop(OPEN_PARAM, None)
    st.session_state.pop(CONFIRM_KEY, None)


def opened_record_id() -> str | None:
    return st.query_params.get(OPEN_PARAM) or None


def picked() -> set[str]:
    return st.session_state.setdefault(PICKED_KEY, set())


def toggle_pick(record_id: str, widget_key: str) -> None:
    """on_change callback of a card's checkbox."""
    if st.session_state.get(widget_key):
        picked().add(record_id)
    else:
        picked().discard(record_id)


def clear_picks() -> None:
    picked().clear()
    for key in [key for key in st.session_state if str(key).startswith("gallery.pick.")]:
        del st.session_state[key]


def ask_delete(record_id: str) -> None:
    st.session_state[CONFIRM_KEY] = record_id


def cancel_delete() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def delete_record(pipeline, record_id: str, owner: str | None, deleted_text: str) -> None:
    """on_click callback of the confirm button: delete, close the record and leave a notice.

    owner is Identity.enforced_owner: the store rejects the delete unless the record is theirs (None for admins).
    """
    try:
        pipeline.store.delete(record_id, owner=owner)
    except MumbleError as error:
        st.session_state[NOTICE_KEY] = ("error", error)
        return
    picked().discard(record_id)
    close_record()
    st.session_state[NOTICE_KEY] = ("success", deleted_text)


def picked_records(store, record_ids: set[str]) -> Iterator[Record]:
    """Yield the picked records that still exist, newest first."""
    found = []
    for record_id in record_ids:
        try:
            found.append(store.get(record_id))
        except RecordNotFound:
            continue
    yield from sorted(found, key=lambda record: (record.created_at, record.id), reverse=True)


def export_records(store, query: GalleryQuery, record_ids: set[str] | None, identity: Identity | None = None) -> list[Record]:
    """Return the picked records when record_ids is given, otherwise every record matching query.

    With an identity, picked records it may not modify are left out: only a
    record's owner or an admin may export it.
    """
    if record_ids is not None:
        records = picked_records(store, record_ids)
        return [record for record in records if identity is None or identity.may_modify(record.owner)]
    return list(iter_records(store, query))
