"""The whole offline pipeline on real clips, its failures and its retry path."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from conftest import needs_speech, wav_bytes
from mumble.audio import SAMPLE_RATE
from mumble.context import Context, Place, Weather
from mumble.errors import NoSpeech, NothingToRetry, NotOwner, RenderFailed, TextEmpty, TextTooLong, TranscriptionFailed, UndecodableAudio
from mumble.pipeline import STAGES, Pipeline
from mumble.prompt import build_prompt
from mumble.render.base import THUMBNAIL_MAX_BYTES
from mumble.render.painter import PainterRenderer
from mumble.store.base import DONE, FAILED


@pytest.fixture
def pipeline(settings, local_transcriber):
    return Pipeline(settings, transcriber=local_transcriber)


class BrokenRenderer:
    name = "broken"

    def generate(self, prompt, context, transcript):
        raise RenderFailed("engine exploded")

    def health(self):
        return {"present": True}


class BrokenTranscriber:
    name = "broken"

    def transcribe(self, recording):
        raise TranscriptionFailed("service unavailable")


def stored_files(pipeline):
    root = pipeline.store.data_dir
    return sorted(p.name for p in root.rglob("*") if p.is_file() and not p.name.startswith("mumble.db"))


@needs_speech
def test_process_stores_a_complete_record(pipeline, speech_path):
    events = []
    record = pipeline.process(speech_path("zh_welcome.wav"), mood="开心", location="杭州", progress=events.append)

    assert record.status == DONE
    assert "欢迎大家" in record.transcript
    assert "杭州" in record.prompt
    assert record.mood_key == "happy"
    assert set(record.timings_ms) == set(STAGES)
    assert [e.stage for e in events if e.state == "done"] == list(STAGES)
    assert record.engines == {"transcriber": "faster-whisper:base", "renderer": "painter"}
    with Image.open(io.BytesIO(pipeline.store.read(record.image_key))) as image:
        assert image.size == (1024, 1024)
    thumbnail = pipeline.store.read(record.thumbnail_key)
    assert len(thumbnail) <= THUMBNAIL_MAX_BYTES
    assert thumbnail[8:12] == b"WEBP"
    assert pipeline.store.read(record.audio_key) == speech_path("zh_welcome.wav").read_bytes()


def test_bad_input_stores_nothing(pipeline):
    with pytest.raises(UndecodableAudio):
        pipeline.process(b"definitely not audio")
    with pytest.raises(NoSpeech):
        pipeline.process(wav_bytes(np.zeros(2 * SAMPLE_RATE, np.float32)))
    assert pipeline.store.count() == 0
    assert stored_files(pipeline) == []


@needs_speech
def test_render_failure_keeps_record_and_retry_completes_it(settings, local_transcriber, speech_path):
    failing = Pipeline(settings, transcriber=local_transcriber, image_generator=BrokenRenderer())
    with pytest.raises(RenderFailed) as caught:
        failing.process(speech_path("zh_command.wav"), mood="平静")
    record_id = caught.value.record_id

    failed = failing.store.get(record_id)
    assert failed.status == FAILED
    assert failed.failed_stage == "render"
    assert failed.error["key"] == "error.render_failed"
    assert failed.transcript == "换一首歌"

    working = Pipeline(settings, transcriber=BrokenTranscriber(), image_generator=PainterRenderer())
    retried = working.retry(record_id)
    assert retried.status == DONE
    assert retried.transcript == "换一首歌"
    assert retried.image_key is not None
    with pytest.raises(NothingToRetry):
        working.retry(record_id)


@needs_speech
def test_transcription_failure_keeps_audio_for_retry(settings, local_transcriber, speech_path):
    failing = Pipeline(settings, transcriber=BrokenTranscriber())
    with pytest.raises(TranscriptionFailed) as caught:
        failing.process(speech_path("zh_command.wav"))
    kept = failing.store.get(caught.value.record_id)
    assert kept.status == FAILED
    assert kept.failed_stage == "transcribe"
    assert kept.transcript is None

    retried = Pipeline(settings, transcriber=local_transcriber).retry(kept.id)
    assert retried.status == DONE
    assert retried.transcript == "换一首歌"


@needs_speech
def test_retry_of_someone_elses_record_is_refused(pipeline, speech_path, settings):
    failing = Pipeline(settings, transcriber=BrokenTranscriber())
    with pytest.raises(TranscriptionFailed) as caught:
        failing.process(speech_path("zh_command.wav"), owner="alice")
    with pytest.raises(NotOwner):
        pipeline.retry(caught.value.record_id, owner="bob")


@needs_speech
def test_edited_transcript_and_prompt_are_validated(pipeline, speech_path):
    recording = pipeline.load_recording(speech_path("zh_command.wav"))
    transcript = pipeline.transcribe(recording)
    context = pipeline.build_context(mood="平静")

    transcript.text = "   "
    with pytest.raises(TextEmpty):
        pipeline.create(recording, transcript, context)
    transcript.text = "换一首歌"
    with pytest.raises(TextTooLong):
        pipeline.create(recording, transcript, context, prompt="画" * 5000)
    assert pipeline.store.count() == 0

    edited = "<b>画一片海</b>\x07"
    record = pipeline.create(recording, transcript, context, prompt=edited)
    assert record.prompt == edited
    assert record.prompt_original == build_prompt("换一首歌", context)


def test_prompt_reads_unknown_for_missing_fields():
    prompt = build_prompt("我想看雪", Context())
    assert "None" not in prompt
    assert prompt.count("未知") == 3


def test_prompt_includes_place_weather_and_mood():
    context = Context(mood="有点想家", place=Place(name="北京"), local_time="2026-01-10T18:10:00+08:00",
                      weather=Weather(category="snow", description="小雪", temperature_c=-2.4, humidity=80))
    prompt = build_prompt("我想看雪", context)
    assert "北京" in prompt
    assert "小雪，-2°C，湿度 80%" in prompt
    assert "有点想家" in prompt
    assert "冬季的黄昏" in prompt


def _render(transcript="我想去海边看日落", mood="平静", weather="clear", hour="12"):
    context = Context(mood=mood, weather=Weather(category=weather), local_time=f"2026-06-01T{hour}:00:00+08:00")
    png = PainterRenderer().generate(build_prompt(transcript, context), context, transcript).png
    with Image.open(io.BytesIO(png)) as image:
        return png, np.asarray(image.convert("RGB"), dtype=np.float32)


def test_renderer_is_deterministic():
    assert _render()[0] == _render()[0]


@pytest.mark.parametrize("change", [{"transcript": "城市里的雨夜"}, {"mood": "愤怒"}, {"weather": "snow"}, {"hour": "23"}])
def test_renderer_output_follows_its_inputs(change):
    _, base = _render()
    _, changed = _render(**change)
    assert np.abs(base - changed).mean() > 8.0, change


@needs_speech
def test_retry_with_edited_prompt_keeps_the_original(settings, local_transcriber, speech_path):
    failing = Pipeline(settings, transcriber=local_transcriber, image_generator=BrokenRenderer())
    with pytest.raises(RenderFailed) as caught:
        failing.process(speech_path("zh_command.wav"))
    built = failing.store.get(caught.value.record_id).prompt

    working = Pipeline(settings, transcriber=local_transcriber, image_generator=PainterRenderer())
    with pytest.raises(TextEmpty):
        working.retry(caught.value.record_id, prompt="  ")
    retried = working.retry(caught.value.record_id, prompt="画一片安静的海")

    assert retried.status == DONE
    assert retried.prompt == "画一片安静的海"
    assert retried.prompt_original == built


@needs_speech
def test_stages_called_one_at_a_time_share_a_request_id(pipeline, speech_path):
    import logging

    seen = []

    class Collect(logging.Handler):
        def emit(self, record):
            seen.append(getattr(record, "fields", {}))

    logger = logging.getLogger("mumble")
    handler = Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        recording = pipeline.load_recording(speech_path("zh_command.wav"), request_id="req-123")
        transcript = pipeline.transcribe(recording, request_id="req-123")
        context = pipeline.build_context(mood="平静", request_id="req-123")
        pipeline.create(recording, transcript, context, request_id="req-123")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)

    stage_lines = [fields for fields in seen if "stage" in fields]
    assert {fields["stage"] for fields in stage_lines} >= {"decode", "transcribe", "context", "save", "render", "store"}
    assert {fields["request_id"] for fields in stage_lines} == {"req-123"}


@needs_speech
def test_show_of_failed_record_gives_stage_reason_and_timings(settings, local_transcriber, speech_path, capsys):
    from mumble.cli import main

    failing = Pipeline(settings, transcriber=local_transcriber, image_generator=BrokenRenderer())
    with pytest.raises(RenderFailed) as caught:
        failing.process(speech_path("zh_command.wav"), mood="平静")

    assert main(["show", caught.value.record_id, "--quiet"], settings=settings) == 0
    shown = capsys.readouterr().out
    assert "失败（可重试）" in shown
    assert "失败阶段: render" in shown
    assert "engine exploded" in shown
    assert "transcribe" in shown.split("各阶段用时")[1]


def test_prompt_names_a_nameless_place_by_coordinates_in_words():
    prompt = build_prompt("看海", Context(place=Place(latitude=30.27, longitude=-120.15)))
    assert "地点：北纬 30.27°，西经 120.15°" in prompt
