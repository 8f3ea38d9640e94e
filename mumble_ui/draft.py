"""The record page's work in progress, kept in session state between reruns.

A draft is one accepted recording with its transcript and the stage times
measured so far. New audio replaces the draft only when its bytes differ
from the last ones seen from the same source, so a rerun never decodes or
transcribes the same recording twice.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import streamlit as st

from mumble.audio import Recording
from mumble.context import Context
from mumble.errors import BadInput, MumbleError
from mumble.pipeline import Pipeline, StageEvent
from mumble.transcribe.base import Transcript

from .runtime import language, tr

DRAFT_KEY = "record.draft"
RESULT_KEY = "record.result"
TRANSCRIPT_KEY = "record.transcript"
PROMPT_KEY = "record.prompt"
PROMPT_AUTO_KEY = "record.prompt_auto"
ROUND_KEY = "record.round"
SEEN_KEY = "record.seen"
PLACES_KEY = "record.places"
MOOD_CHOICE_KEY = "record.mood_choice"
# Weather lookups kept per session, one per place typed or found.
MAX_CACHED_PLACES = 20


@dataclass
class Draft:
    source: str
    digest: str
    recording: Recording | None = None
    transcript: Transcript | None = None
    error: MumbleError | None = None
    timings: dict[str, float] = field(default_factory=dict)
    engines: dict[str, str] = field(default_factory=dict)
    # Tone of voice (Pipeline.analyze_voice), with the mood key it suggests.
    features: dict = field(default_factory=dict)
    # One id for every stage this recording goes through, so its log lines can be followed.
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])


class StageTimes:
    """Progress callback that keeps each finished stage's milliseconds and engine."""

    def __init__(self, timings: dict[str, float], engines: dict[str, str]):
        self.timings = timings
        self.engines = engines

    def __call__(self, event: StageEvent) -> None:
        if event.state in ("done", "failed") and event.ms is not None:
            self.timings[event.stage] = round(event.ms, 1)
        if event.engine:
            self.engines[event.stage] = event.engine


def capture_round() -> int:
    """Return a number that changes on "start over", so the capture widgets are drawn empty."""
    return st.session_state.setdefault(ROUND_KEY, 0)


def current_draft() -> Draft | None:
    return st.session_state.get(DRAFT_KEY)


def offer_audio(pipeline: Pipeline, source: str, data: bytes | None) -> None:
    """Make data the draft if it is new from this source: check it, then transcribe it."""
    seen: dict[str, str] = st.session_state.setdefault(SEEN_KEY, {})
    if data is None:
        # Forget a removed file, so choosing the same file again is taken as new.
        seen.pop(source, None)
        return
    digest = hashlib.sha256(data).hexdigest()
    if seen.get(source) == digest:
        return
    seen[source] = digest

    draft = Draft(source=source, digest=digest)
    st.session_state[DRAFT_KEY] = draft
    st.session_state.pop(RESULT_KEY, None)
    st.session_state.pop(TRANSCRIPT_KEY, None)
    times = StageTimes(draft.timings, draft.engines)
    try:
        draft.recording = pipeline.load_recording(data, progress=times, request_id=draft.request_id)
    except BadInput as error:
        draft.error = error
        return
    transcribe_draft(pipeline, draft)


def transcribe_draft(pipeline: Pipeline, draft: Draft) -> None:
    """Transcribe the draft's recording, keeping the error instead of raising it."""
    draft.error = None
    times = StageTimes(draft.timings, draft.engines)
    with st.spinner(tr("ui.record.transcribing")):
        try:
            draft.transcript = pipeline.transcribe(draft.recording, progress=times, request_id=draft.request_id)
        except MumbleError as error:
            draft.error = error
            return
    st.session_state[TRANSCRIPT_KEY] = draft.transcript.text
    draft.features = pipeline.analyze_voice(draft.recording, draft.transcript.text, progress=times,
                                           request_id=draft.request_id)
    # The suggested mood is preselected; the user may keep it, pick another or type one.
    st.session_state[MOOD_CHOICE_KEY] = draft.features["suggested_mood"]


def start_over() -> None:
    """Drop the draft and the result, and empty the recorder and the uploader."""
    for key in (DRAFT_KEY, RESULT_KEY, TRANSCRIPT_KEY, PROMPT_KEY, PROMPT_AUTO_KEY, SEEN_KEY):
        st.session_state.pop(key, None)
    st.session_state[ROUND_KEY] = capture_round() + 1


def mood_was_suggested(draft: Draft, mood_choice: str | None, mood_text: str) -> bool:
    """Return whether the mood drawn with is the one the voice suggested, untouched by the user."""
    return not mood_text.strip() and mood_choice is not None and mood_choice == draft.features.get("suggested_mood")


def place_context(
    pipeline: Pipeline,
    mood: str | None,
    city: str,
    position: tuple[float, float] | None,
    local_time: str,
    timings: dict[str, float],
) -> Context:
    """Return the context for the draft, looking the place's weather up once per session.

    A weather lookup is a network call, so its outcome is kept per city,
    position and language. The language is in the key because the weather
    description and a failure's reason come back in the requested language.
    The mood and the time change freely without another lookup.
    """
    city = city.strip()
    lang = language()
    cache: OrderedDict = st.session_state.setdefault(PLACES_KEY, OrderedDict())
    key = (city, position, lang)
    if key not in cache:
        latitude, longitude = position if position else (None, None)
        looked_up: dict[str, float] = {}
        with st.spinner(tr("ui.record.looking_up_weather")):
            found = pipeline.build_context(None, city or None, latitude, longitude, local_time,
                                           progress=StageTimes(looked_up, {}), language=lang)
        cache[key] = (found, looked_up.get("context"))
        while len(cache) > MAX_CACHED_PLACES:
            cache.popitem(last=False)
    found, ms = cache[key]
    if ms is not None:
        timings["context"] = ms
    return replace(found, mood=(mood or "").strip() or None, local_time=local_time)


def sync_prompt(built: str) -> bool:
    """Put the freshly built prompt in the prompt box unless the user edited it; return whether they did."""
    auto = st.session_state.get(PROMPT_AUTO_KEY)
    current = st.session_state.get(PROMPT_KEY)
    if current is None or current == auto:
        st.session_state[PROMPT_KEY] = built
    st.session_state[PROMPT_AUTO_KEY] = built
    return st.session_state[PROMPT_KEY] != built


def reset_prompt() -> None:
    """on_click callback: replace an edited prompt with the built one."""
    st.session_state[PROMPT_KEY] = st.session_state.get(PROMPT_AUTO_KEY, "")
