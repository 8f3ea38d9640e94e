"""The pipeline: recording → transcript → context → prompt → artwork → gallery.

Each stage can be called on its own (the app shows the transcript and the
prompt for editing between stages) or all at once with `process`. Every
stage reports its start, end and milliseconds to an optional callback and to
the log. What finished is kept: once a transcript exists the record is
stored, so a failed drawing is retried from the gallery without the audio.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from . import backends
from .audio import Recording, decode_audio, load_recording
from .context import MOODS, Context, Place
from .errors import (
    BadInput, MumbleError, NothingToRetry, NotOwner, PlaceNotFound, RenderFailed, StillProcessing, StorageFailed,
    TextEmpty, TextTooLong,
)
from .logs import get_logger, log_stage
from .prompt import MAX_PROMPT_CHARS, MAX_TRANSCRIPT_CHARS, build_prompt
from .prompt_rewrite import RewriteResult
from .render.base import make_thumbnail
from .settings import Settings
from .store.base import DONE, FAILED, PROCESSING, Record, new_record_id, utc_now
from .transcribe.base import Transcript
from .voice import analyze_voice, mood_scores, suggest_mood
from .weather.base import WeatherError, check_coordinates
from .worker import current_worker

logger = logging.getLogger(__name__)

STAGES = ("decode", "transcribe", "voice", "context", "prompt", "save", "render", "store")
# Stages that run only when a setting turns them on: "rewrite" with MUMBLE_PROMPT_REWRITE=on.
OPTIONAL_STAGES = ("rewrite",)


@dataclass
class StageEvent:
    stage: str
    # "running", "done" or "failed"; "fallback" when an optional stage failed and
    # the pipeline went on without it (error contains the reason).
    state: str
    ms: float | None = None
    engine: str | None = None
    error: MumbleError | None = None


ProgressCallback = Callable[[StageEvent], None]


class _Run:
    """Times the stages of one request, reports them and logs them."""

    def __init__(self, request_id: str, progress: ProgressCallback | None, timings: dict[str, float] | None = None,
                 metrics=None):
        self.request_id = request_id
        self.progress = progress
        self.timings: dict[str, float] = dict(timings or {})
        self.metrics = metrics

    def _emit(self, event: StageEvent) -> None:
        if self.progress is not None:
            self.progress(event)

    @contextmanager
    def stage(self, name: str, engine: str | None = None) -> Iterator[None]:
        self._emit(StageEvent(name, "running", engine=engine))
        started = time.perf_counter()
        try:
            yield
        except Exception as error:
            ms = (time.perf_counter() - started) * 1000
            self.timings[name] = round(ms, 1)
            log_stage(self.request_id, name, engine, ms, "failed", error_type=type(error).__name__)
            self._record_metric(name, engine, ms, "failed")
            self._emit(StageEvent(name, "failed", ms, engine, error if isinstance(error, MumbleError) else None))
            raise
        ms = (time.perf_counter() - started) * 1000
        self.timings[name] = round(ms, 1)
        log_stage(self.request_id, name, engine, ms, "ok")
        self._record_metric(name, engine, ms, "ok")
        self._emit(StageEvent(name, "done", ms, engine))

    def _record_metric(self, stage: str, engine: str | None, ms: float, outcome: str) -> None:
        if self.metrics is None:
            return
        try:
            self.metrics.record_stage(stage, engine, ms, outcome)
        except Exception as error:  # a metrics failure never fails a request
            get_logger().warning("stage metric not recorded", extra={"fields": {
                "request_id": self.request_id, "stage": stage, "error": f"{type(error).__name__}: {error}"[:200]}})


def validate_text(field: str, text: str, maximum: int, language: str | None = None) -> str:
    """Return text unchanged if it is non-blank and within maximum characters."""
    if not text or not text.strip():
        raise TextEmpty(field, language)
    if len(text) > maximum:
        raise TextTooLong(field, len(text), maximum, language)
    return text


class Pipeline:
    """Joins the backends chosen by settings. Backends are built on first use."""

    def __init__(self, settings: Settings, *, store=None, transcriber=None, image_generator=None, weather=None,
                 metrics=None):
        self.settings = settings
        self._metrics = metrics
        self._store = store
        self._transcriber = transcriber
        self._image_generator = image_generator
        self._weather = weather
        self._weather_built = weather is not None
        self._prompt_rewriter = None
        self._lock = threading.Lock()

    @property
    def store(self):
        with self._lock:
            if self._store is None:
                self._store = backends.make_store(self.settings)
            return self._store

    @property
    def transcriber(self):
        with self._lock:
            if self._transcriber is None:
                self._transcriber = backends.make_transcriber(self.settings)
            return self._transcriber

    @property
    def image_generator(self):
        with self._lock:
            if self._image_generator is None:
                self._image_generator = backends.make_image_generator(self.settings)
            return self._image_generator

    @property
    def weather(self):
        with self._lock:
            if not self._weather_built:
                self._weather = backends.make_weather(self.settings)
                self._weather_built = True
            return self._weather

    @property
    def metrics(self):
        with self._lock:
            if self._metrics is None:
                self._metrics = backends.make_metrics(self.settings)
            return self._metrics

    def close(self) -> None:
        """Send queued metrics; call before a short-lived process (the CLI) exits."""
        if self._metrics is not None:
            self._metrics.flush()

    def _new_run(self, progress: ProgressCallback | None, timings: dict[str, float] | None = None,
                  request_id: str | None = None) -> _Run:
        # A caller that runs the stages one at a time (the app) passes one request_id
        # to all of them, so the log follows one recording from decoding to drawing.
        return _Run(request_id or _request_id(), progress, timings, self.metrics)

    @property
    def prompt_rewriter(self):
        with self._lock:
            if self._prompt_rewriter is None:
                self._prompt_rewriter = backends.make_prompt_rewriter(self.settings)
            return self._prompt_rewriter

    @property
    def max_upload_bytes(self) -> int:
        return self.settings.max_upload_mb * 1_048_576

    # Stages, one at a time

    def load_recording(self, source: bytes | str | os.PathLike, progress: ProgressCallback | None = None, run: _Run | None = None,
                       request_id: str | None = None) -> Recording:
        """Read, decode and check audio. Raises a BadInput subclass; stores nothing."""
        run = run or self._new_run(progress, request_id=request_id)
        with run.stage("decode", "pyav"):
            return load_recording(source, self.settings.max_audio_seconds, self.max_upload_bytes)

    def transcribe(self, recording: Recording, progress: ProgressCallback | None = None, run: _Run | None = None,
                   request_id: str | None = None) -> Transcript:
        run = run or self._new_run(progress, request_id=request_id)
        transcriber = self.transcriber
        with run.stage("transcribe", transcriber.name):
            return transcriber.transcribe(recording)

    def analyze_voice(self, recording: Recording, transcript: str, progress: ProgressCallback | None = None,
                      run: _Run | None = None, request_id: str | None = None) -> dict:
        """Measure the tone of voice and return it with the mood it suggests.

        Returns:
            Record.features: loudness, pitch and rate (see voice.VoiceFeatures),
            "arousal" and "expressiveness" scores and "suggested_mood", a key of
            MOODS the app can offer for the user to accept or change.
        """
        run = run or self._new_run(progress, request_id=request_id)
        with run.stage("voice", "numpy"):
            features = analyze_voice(recording.samples, transcript)
            arousal, expressiveness = mood_scores(features)
            return {**features.to_dict(), "arousal": round(arousal, 3), "expressiveness": round(expressiveness, 3),
                    "suggested_mood": suggest_mood(features)}

    def build_context(
        self,
        mood: str | None = None,
        location: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
        local_time: str | None = None,
        progress: ProgressCallback | None = None,
        run: _Run | None = None,
        request_id: str | None = None,
        language: str | None = None,
    ) -> Context:
        """Gather mood, place, weather and time. A failed weather lookup is recorded, never raised.

        Args:
            language: the language for weather descriptions and the failure reason;
                MUMBLE_LANGUAGE when None (the app passes the language the user chose).
        """
        run = run or self._new_run(progress, request_id=request_id)
        provider = self.weather
        with run.stage("context", getattr(provider, "name", None)):
            context = Context(mood=(mood or "").strip() or None)
            if local_time:
                context.local_time = local_time
            if latitude is not None or longitude is not None:
                check_coordinates(latitude, longitude)
            if location or latitude is not None:
                context.place = Place(name=(location or "").strip() or None, latitude=latitude, longitude=longitude)
            if provider is not None and context.place is not None:
                self._add_weather(provider, context, language or self.settings.language)
            return context

    def _add_weather(self, provider, context: Context, language: str) -> None:
        """Locate the place and look its weather up; a failure leaves the weather unknown.

        The reason goes to context.weather_error in the user's language.
        """
        place = context.place
        try:
            if place.latitude is None and place.name:
                found = provider.geocode(place.name, language)
                if found is None:
                    context.weather_error = PlaceNotFound(place.name).message(language)
                    return
                place.latitude, place.longitude = found.latitude, found.longitude
                place.country = place.country or found.country
            context.weather = provider.current(place.latitude, place.longitude, language)
            place.name = place.name or context.weather.place_name
            place.country = place.country or context.weather.country
        except WeatherError as error:
            context.weather_error = error.message(language)
        except Exception:  # a provider bug must not cost the user the artwork
            logger.exception("weather lookup by %s failed unexpectedly", provider.name)
            context.weather_error = WeatherError(provider.name, "bad_response").message(language)
            context.weather = None

    def build_prompt(self, transcript: str, context: Context) -> str:
        return build_prompt(transcript, context)

    def rewrite_prompt(self, built: str, progress: ProgressCallback | None = None, run: _Run | None = None) -> RewriteResult:
        """Rewrite a built prompt with the chat model when MUMBLE_PROMPT_REWRITE is on.

        Never raises for a failed rewrite: the result then contains the built
        prompt, and a "fallback" event carries the reason to the screen.
        """
        rewriter = self.prompt_rewriter
        if not rewriter.enabled:
            return rewriter.rewrite(built)
        run = run or self._new_run(progress)
        with run.stage("rewrite", f"openai:{rewriter.model}"):
            result = rewriter.rewrite(built)
        if result.failure is not None:
            run._emit(StageEvent("rewrite", "fallback", engine=result.engine, error=result.failure))
        return result

    def create(
        self,
        recording: Recording,
        transcript: Transcript,
        context: Context,
        prompt: str | None = None,
        owner: str | None = None,
        timings: dict[str, float] | None = None,
        progress: ProgressCallback | None = None,
        features: dict | None = None,
        request_id: str | None = None,
    ) -> Record:
        """Store the recording with its transcript, draw the artwork and attach it.

        features are the voice features (see analyze_voice) stored with the record.

        Raises RenderFailed or StorageFailed with record_id set when the
        record was stored before the failure, so it can be retried.
        """
        language = self.settings.language
        validate_text("transcript", transcript.text, MAX_TRANSCRIPT_CHARS, language)
        built = build_prompt(transcript.text, context)
        prompt = validate_text("prompt", prompt, MAX_PROMPT_CHARS, language) if prompt is not None else built
        run = self._new_run(progress, timings, request_id)
        # A prompt the user edited is drawn as written; only the built one is rewritten.
        rewrite = self.rewrite_prompt(built, run=run) if prompt == built else None
        prompt = rewrite.prompt if rewrite else prompt

        now = utc_now()
        record = Record(
            id=new_record_id(), owner=owner or self.settings.owner, created_at=now, updated_at=now,
            status=PROCESSING, transcript=transcript.text, prompt=prompt,
            prompt_original=built if prompt != built else None, context=context.to_dict(),
            audio_format=recording.extension, duration_s=round(recording.duration_s, 3),
            engines={"transcriber": transcript.engine}, worker=current_worker(), features=dict(features or {}),
            # Stored now, so a run that dies while drawing still shows how far it got.
            timings_ms=dict(run.timings),
        )
        _note_rewrite(record, rewrite)
        store = self.store
        with run.stage("save", store.name):
            store.create(record, recording.data)
        return self._draw(record, context, run)

    def process(
        self,
        source: bytes | str | os.PathLike,
        mood: str | None = None,
        location: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
        owner: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Record:
        """Run every stage on one recording and return the finished record.

        Without a mood, the mood suggested by the tone of voice is used, and
        features["mood_suggested"] records that it was.
        """
        run = self._new_run(progress)
        recording = self.load_recording(source, run=run)
        try:
            transcript = self.transcribe(recording, run=run)
        except BadInput:
            raise
        except MumbleError as error:
            error.record_id = self._keep_failed_recording(recording, owner, "transcribe", error, run)
            raise
        features = self.analyze_voice(recording, transcript.text, run=run)
        features["mood_suggested"] = not (mood or "").strip()
        if features["mood_suggested"]:
            mood = MOODS[features["suggested_mood"]][0]
        context = self.build_context(mood, location, latitude, longitude, run=run)
        with run.stage("prompt"):
            prompt = build_prompt(transcript.text, context)
        return self.create(recording, transcript, context, prompt, owner, run.timings, progress, features,
                           request_id=run.request_id)

    def retry(
        self, record_id: str, owner: str | None = None, progress: ProgressCallback | None = None, prompt: str | None = None,
    ) -> Record:
        """Finish a failed record from what it kept: transcribe again if needed, then draw.

        Args:
            prompt: an edited prompt to draw from instead of the stored one, e.g. after
                a content-policy refusal. The prompt first built stays in prompt_original.
        """
        store = self.store
        record = store.get(record_id)
        if owner is not None and record.owner != owner:
            raise NotOwner(record_id)
        if record.status == DONE:
            raise NothingToRetry(record_id)
        if not record.retryable:
            raise StillProcessing(record_id)
        run = self._new_run(progress, record.timings_ms)
        context = Context.from_dict(record.context)

        if not record.transcript:
            with run.stage("decode", "pyav"):
                recording = decode_audio(store.read(record.audio_key))
            transcript = self.transcribe(recording, run=run)
            record = store.update(record_id, transcript=transcript.text, engines={**record.engines, "transcriber": transcript.engine})
        if not record.prompt:
            with run.stage("prompt"):
                built = build_prompt(record.transcript, context)
            rewrite = self.rewrite_prompt(built, run=run)
            _note_rewrite(record, rewrite)
            record = store.update(
                record_id, prompt=rewrite.prompt, prompt_original=built if rewrite.rewritten else None,
                engines=record.engines, recipe=record.recipe,
            )
        if prompt is not None and prompt != record.prompt:
            validate_text("prompt", prompt, MAX_PROMPT_CHARS, self.settings.language)
            record = store.update(record_id, prompt=prompt, prompt_original=record.prompt_original or record.prompt)
        record = store.update(record_id, status=PROCESSING, failed_stage=None, error=None, worker=current_worker())
        return self._draw(record, context, run)

    # Shared tail of create and retry

    def _draw(self, record: Record, context: Context, run: _Run) -> Record:
        store = self.store
        generator = self.image_generator
        try:
            with run.stage("render", generator.name):
                artwork = generator.generate(record.prompt, context, record.transcript)
        except MumbleError as error:
            self._mark_failed(record.id, "render", error, run)
            error.record_id = record.id
            raise
        except Exception as error:  # an engine bug must still leave a retryable record
            self._mark_failed(record.id, "render", RenderFailed(str(error)[:200]), run)
            raise RenderFailed(str(error)[:200], record.id) from error

        try:
            with run.stage("store", store.name):
                thumbnail = make_thumbnail(artwork.png)
                store.attach_artwork(
                    record.id, artwork.png, thumbnail, width=artwork.width, height=artwork.height,
                    engines={**record.engines, "renderer": artwork.engine}, recipe={**record.recipe, **artwork.recipe},
                )
        except MumbleError as error:
            self._mark_failed(record.id, "store", error, run)
            error.record_id = record.id
            raise
        return store.update(record.id, timings_ms=run.timings)

    def _mark_failed(self, record_id: str, stage: str, error: MumbleError, run: _Run) -> None:
        try:
            self.store.update(record_id, status=FAILED, failed_stage=stage, timings_ms=run.timings,
                              error={"key": error.key, "params": _plain(error.params)})
        except MumbleError:
            # The store itself is failing; the record stays "processing" and turns
            # retryable once stale, which is the best that can be done here.
            pass

    def _keep_failed_recording(self, recording: Recording, owner: str | None, stage: str, error: MumbleError, run: _Run) -> str | None:
        now = utc_now()
        record = Record(
            id=new_record_id(), owner=owner or self.settings.owner, created_at=now, updated_at=now,
            status=FAILED, failed_stage=stage, error={"key": error.key, "params": _plain(error.params)},
            audio_format=recording.extension, duration_s=round(recording.duration_s, 3), timings_ms=run.timings,
        )
        try:
            self.store.create(record, recording.data)
        except StorageFailed:
            return None
        return record.id


def _note_rewrite(record: Record, rewrite: RewriteResult | None) -> None:
    """Record which chat model rewrote the prompt, or why its rewrite was not used."""
    if rewrite is None or rewrite.model is None:
        return
    note: dict = {"model": rewrite.model, "rewritten": rewrite.rewritten}
    if rewrite.error is not None:
        note["error"] = {"key": rewrite.error["key"], "params": _plain(rewrite.error["params"])}
    record.recipe = {**record.recipe, "prompt_rewrite": note}
    if rewrite.rewritten:
        record.engines = {**record.engines, "prompt_rewriter": rewrite.engine}


def _request_id() -> str:
    return uuid.uuid4().hex[:12]


def _plain(params: dict) -> dict:
    return {key: value if isinstance(value, (str, int, float, bool, type(None))) else str(value) for key, value in params.items()}
