"""The whole pipeline on OpenAI backends, against a fake OpenAI server and the local store."""

from __future__ import annotations

import pytest

from conftest import needs_speech
from fake_openai import (  # noqa: F401 (fixture)
    DEFAULT_REWRITE,
    TEST_KEY,
    Reply,
    error_reply,
    fake_openai,
)
from mumble import backends
from mumble.cli import main as cli_main
from mumble.errors import ContentRefused, OpenAIRenderFailed, OpenAITranscriptionFailed
from mumble.export import metadata_row
from mumble.health import health_report
from mumble.pipeline import Pipeline
from mumble.render.openai_images import OpenAIImageGenerator
from mumble.render.painter import PainterRenderer
from mumble.settings import load_settings
from mumble.store.base import DONE, FAILED
from mumble.transcribe.openai_api import OpenAITranscriber

TRANSCRIPTIONS = "/v1/audio/transcriptions"
GENERATIONS = "/v1/images/generations"
COMPLETIONS = "/v1/chat/completions"
TRANSCRIPT = "今天天气很好，我想去公园散步"


@pytest.fixture
def cloud_settings(fake_openai, tmp_path):
    """Settings as an operator sets them: a key, an endpoint and rewriting on; everything else auto."""
    return load_settings(
        {
            "OPENAI_API_KEY": TEST_KEY,
            "OPENAI_BASE_URL": fake_openai.url,
            "MUMBLE_OPENAI_TIMEOUT": "5",
            "MUMBLE_PROMPT_REWRITE": "on",
            "MUMBLE_DATA_DIR": str(tmp_path / "data"),
            "MUMBLE_WEATHER": "off",
        },
        secrets={},
    )


def refuse_content(request):
    return error_reply(400, "content_policy_violation", "Your request was rejected as a result of our safety system.")


@needs_speech
def test_pipeline_runs_on_openai_backends(fake_openai, cloud_settings, speech_path):
    pipeline = Pipeline(cloud_settings)
    events = []

    record = pipeline.process(speech_path("zh_welcome.wav"), mood="平静", location="杭州", progress=events.append)

    assert record.status == DONE
    assert record.transcript == TRANSCRIPT
    assert record.prompt == DEFAULT_REWRITE
    assert TRANSCRIPT in record.prompt_original
    assert "杭州" in record.prompt_original
    assert record.engines == {
        "transcriber": "openai:whisper-1",
        "prompt_rewriter": "openai:gpt-4o-mini",
        "renderer": "openai:gpt-image-1",
    }
    assert record.recipe["model"] == "gpt-image-1"
    assert record.recipe["size"] == "1024x1024"
    assert record.recipe["quality"] == "medium"
    assert record.recipe["prompt_rewrite"] == {"model": "gpt-4o-mini", "rewritten": True}
    assert "rewrite" in record.timings_ms
    assert ("rewrite", "done") in [(event.stage, event.state) for event in events]
    assert pipeline.store.read(record.image_key) == fake_openai.png

    [transcription] = fake_openai.seen(TRANSCRIPTIONS)
    assert transcription.files["file"][2] == speech_path("zh_welcome.wav").read_bytes()
    assert transcription.fields["language"] == "zh"
    [chat] = fake_openai.seen(COMPLETIONS)
    assert chat.json["messages"][1]["content"] == record.prompt_original
    [drawing] = fake_openai.seen(GENERATIONS)
    assert drawing.json["prompt"] == DEFAULT_REWRITE


@needs_speech
def test_failed_drawing_retries_without_audio(fake_openai, cloud_settings, speech_path):
    fake_openai.queue(GENERATIONS, *[error_reply(500, None, "The server had an error", "server_error")] * 3)
    pipeline = Pipeline(cloud_settings)

    with pytest.raises(OpenAIRenderFailed) as caught:
        pipeline.process(speech_path("zh_welcome.wav"))
    failed = pipeline.store.get(caught.value.record_id)
    retried = pipeline.retry(failed.id)

    assert failed.status == FAILED
    assert failed.failed_stage == "render"
    assert failed.error["key"] == "error.openai_server_error"
    assert failed.transcript == TRANSCRIPT
    assert retried.status == DONE
    assert retried.prompt == DEFAULT_REWRITE
    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 1
    assert len(fake_openai.seen(COMPLETIONS)) == 1
    assert len(fake_openai.seen(GENERATIONS)) == 4


@needs_speech
def test_refused_prompt_can_be_edited_and_redrawn(fake_openai, cloud_settings, speech_path):
    fake_openai.queue(GENERATIONS, refuse_content)
    pipeline = Pipeline(cloud_settings)

    with pytest.raises(ContentRefused) as caught:
        pipeline.process(speech_path("zh_welcome.wav"))
    record_id = caught.value.record_id
    failed = pipeline.store.get(record_id)
    pipeline.store.update(record_id, prompt="湖边的清晨，水彩风格")
    retried = pipeline.retry(record_id)

    assert failed.error["key"] == "error.content_refused"
    assert "修改提示词" in caught.value.message("zh-CN")
    assert retried.status == DONE
    assert fake_openai.seen(GENERATIONS)[-1].json["prompt"] == "湖边的清晨，水彩风格"


@needs_speech
def test_failed_rewrite_draws_built_prompt(fake_openai, cloud_settings, speech_path):
    fake_openai.queue(COMPLETIONS, *[error_reply(503, None, "Overloaded", "server_error")] * 3)
    pipeline = Pipeline(cloud_settings)
    events = []

    record = pipeline.process(speech_path("zh_welcome.wav"), progress=events.append)

    fallbacks = [event for event in events if event.state == "fallback"]
    assert record.status == DONE
    assert record.prompt_original is None
    assert TRANSCRIPT in record.prompt
    assert "prompt_rewriter" not in record.engines
    assert record.recipe["prompt_rewrite"]["rewritten"] is False
    assert record.recipe["prompt_rewrite"]["error"]["key"] == "error.openai_server_error"
    assert [event.stage for event in fallbacks] == ["rewrite"]
    assert fallbacks[0].error.key == "error.openai_server_error"
    assert fake_openai.seen(GENERATIONS)[0].json["prompt"] == record.prompt


@needs_speech
def test_rejected_key_keeps_recording_for_retry(fake_openai, cloud_settings, speech_path):
    fake_openai.queue(TRANSCRIPTIONS, error_reply(401, "invalid_api_key", "Incorrect API key provided"))
    pipeline = Pipeline(cloud_settings)

    with pytest.raises(OpenAITranscriptionFailed) as caught:
        pipeline.process(speech_path("zh_welcome.wav"))
    failed = pipeline.store.get(caught.value.record_id)
    retried = pipeline.retry(failed.id)

    assert failed.failed_stage == "transcribe"
    assert failed.error["key"] == "error.openai_key_invalid"
    assert pipeline.store.read(failed.audio_key) == speech_path("zh_welcome.wav").read_bytes()
    assert retried.status == DONE
    assert retried.transcript == TRANSCRIPT
    assert len(fake_openai.seen(TRANSCRIPTIONS)) == 2


def test_auto_picks_openai_when_key_set(cloud_settings):
    assert backends.resolve_transcriber(cloud_settings) == "openai"
    assert backends.resolve_image_generator(cloud_settings) == "openai"
    assert isinstance(backends.make_transcriber(cloud_settings), OpenAITranscriber)
    assert isinstance(backends.make_image_generator(cloud_settings), OpenAIImageGenerator)


def test_local_setting_overrides_key():
    settings = load_settings({"OPENAI_API_KEY": TEST_KEY, "MUMBLE_TRANSCRIBER": "local", "MUMBLE_IMAGE_GENERATOR": "local"})

    assert backends.resolve_transcriber(settings) == "local"
    assert isinstance(backends.make_image_generator(settings), PainterRenderer)


def test_auto_stays_local_without_key():
    settings = load_settings({})

    assert backends.resolve_transcriber(settings) == "local"
    assert backends.resolve_image_generator(settings) == "local"


def test_status_page_reports_missing_key(tmp_path, capsys):
    settings = load_settings(
        {"MUMBLE_TRANSCRIBER": "openai", "MUMBLE_IMAGE_GENERATOR": "openai", "MUMBLE_DATA_DIR": str(tmp_path)}
    )

    report = health_report(settings, Pipeline(settings))
    exit_code = cli_main(["--quiet", "health"], settings=settings)
    printed = capsys.readouterr().out

    assert report["ok"] is False
    assert report["checks"]["transcriber"]["error_key"]["key"] == "error.openai_key_missing"
    assert "OPENAI_API_KEY" in report["checks"]["image_generator"]["error"]
    assert exit_code == 1
    assert "OPENAI_API_KEY" in printed


@needs_speech
def test_cli_reports_rewrite_fallback(fake_openai, cloud_settings, speech_path, capsys):
    fake_openai.queue(COMPLETIONS, *[error_reply(503, None, "Overloaded", "server_error")] * 3)

    exit_code = cli_main(["--quiet", "process", str(speech_path("zh_welcome.wav"))], settings=cloud_settings)
    printed = capsys.readouterr()

    assert exit_code == 0
    assert "提示词润色没有成功" in printed.err
    assert "HTTP 503" in printed.err


@needs_speech
def test_export_lists_both_prompts_and_models(fake_openai, cloud_settings, speech_path):
    pipeline = Pipeline(cloud_settings)
    record = pipeline.process(speech_path("zh_welcome.wav"))

    row = metadata_row(record)

    assert row["prompt"] == DEFAULT_REWRITE
    assert row["prompt_original"] == record.prompt_original
    assert row["transcriber"] == "openai:whisper-1"
    assert row["prompt_rewriter"] == "openai:gpt-4o-mini"
    assert row["renderer"] == "openai:gpt-image-1"
