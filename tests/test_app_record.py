"""The record page under AppTest: upload or record, review, draw, and every bad-input message."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import (  # noqa: F401 (shared_transcriber is a fixture)
    APP, SLOW_RUN_S, button, clean_environment, errors, fixture_bytes, make_wav, needs_fixtures, new_app,
    shared_transcriber, text_area, texts,
)
from fake_weather_api import FakeResponse, fake_api  # noqa: F401 (fake_api is a fixture)
from mumble.context import MOODS
from mumble.errors import RenderFailed
from mumble.i18n import t
from mumble.store.sqlite import SqliteStore
from mumble_ui.capture import recorder_available
from weather_payloads import OPEN_METEO_PLACES, openmeteo_current, openmeteo_search


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data")
    return tmp_path / "data"


def upload(app, name: str, data: bytes, mime: str = "audio/wav"):
    app.file_uploader[0].upload(name, data, mime)
    return app.run()


def stored(data_dir):
    return SqliteStore(data_dir).list().records


def test_record_page_renders_before_any_model_loads(data_dir, monkeypatch):
    from mumble.transcribe import local

    loads = []
    monkeypatch.setattr(local.LocalTranscriber, "load", lambda self: loads.append(self) or None)
    app = new_app()

    assert not app.exception
    assert [title.value for title in app.title] == ["录音"]
    assert [info.value for info in app.info] == [t("ui.record.empty", "zh-CN")]
    assert len(app.file_uploader) == 1
    assert loads == []


@needs_fixtures
def test_upload_shows_playback_duration_and_transcript(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))

    assert not app.exception
    assert errors(app) == []
    assert len(app.get("audio")) == 1
    assert "时长 2.0 秒" in [caption.value for caption in app.caption]
    assert "换一首歌" in text_area(app, "文字稿").value
    assert "说的话：换一首歌" in text_area(app, "提示词").value


@needs_fixtures
def test_generate_shows_artwork_and_stores_record(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    transcript_on_screen = text_area(app, "文字稿").value
    button(app, "开始作画").click()
    app.run()

    assert not app.exception
    assert [success.value for success in app.success] == ["画好了！"]
    assert len(app.image) == 1
    assert [item.label for item in app.get("download_button")] == ["下载 PNG"]
    assert "说的话：换一首歌" in app.code[0].value
    records = stored(data_dir)
    assert len(records) == 1
    assert records[0].status == "done"
    assert records[0].transcript == transcript_on_screen
    assert set(records[0].timings_ms) >= {"decode", "transcribe", "voice", "save", "render", "store"}
    assert "作画配方" in [subheader.value for subheader in app.subheader]


@needs_fixtures
def test_voice_suggests_a_mood_the_user_can_keep(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    suggested = app.pills[0].value

    assert suggested in MOODS
    assert t("ui.record.mood_suggested", "zh-CN", mood=MOODS[suggested][0]) in [caption.value for caption in app.caption]
    assert f"心情：{MOODS[suggested][0]}" in text_area(app, "提示词").value
    button(app, "开始作画").click()
    app.run()
    record = stored(data_dir)[0]
    assert record.mood == MOODS[suggested][0]
    assert record.features["suggested_mood"] == suggested
    assert record.features["mood_suggested"] is True


@needs_fixtures
def test_mood_city_and_edits_reach_the_stored_record(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    app.pills[0].set_value("happy")
    app.text_input(key="record.city").set_value("杭州")
    app.run()
    prompt = text_area(app, "提示词").value

    assert "心情：开心" in prompt
    assert "地点：杭州" in prompt

    text_area(app, "文字稿").set_value("换一首歌，放点轻松的")
    app.run()
    assert "说的话：换一首歌，放点轻松的" in text_area(app, "提示词").value

    edited = text_area(app, "提示词").value + "\n画成水彩。"
    text_area(app, "提示词").set_value(edited)
    app.run()
    assert t("ui.record.prompt_edited", "zh-CN") in [caption.value for caption in app.caption]

    button(app, "开始作画").click()
    app.run()
    record = stored(data_dir)[0]
    assert record.features["mood_suggested"] is (record.features["suggested_mood"] == "happy")
    assert record.transcript == "换一首歌，放点轻松的"
    assert record.prompt == edited
    assert record.prompt_original is not None
    assert record.mood == "开心"
    assert record.location == "杭州"


@needs_fixtures
def test_typed_mood_switches_pills_off(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    assert not app.pills[0].disabled

    app.text_input(key="record.mood_text").set_value("有点想家")
    app.run()
    assert app.pills[0].disabled
    assert t("ui.record.mood_used", "zh-CN") in [caption.value for caption in app.caption]
    assert "有点想家" in texts(app)
    assert "心情：有点想家" in text_area(app, "提示词").value

    app.text_input(key="record.mood_text").set_value("  ")
    app.run()
    assert not app.pills[0].disabled
    assert t("ui.record.mood_used", "zh-CN") not in [caption.value for caption in app.caption]


@needs_fixtures
def test_empty_transcript_is_rejected_before_drawing(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    text_area(app, "文字稿").set_value("   ")
    app.run()
    button(app, "开始作画").click()
    app.run()

    assert errors(app) == ["文字稿不能为空。"]
    assert stored(data_dir) == []


@needs_fixtures
def test_render_failure_keeps_record_for_retry(data_dir, shared_transcriber, monkeypatch):
    from mumble.render import painter

    def fail(self, prompt, context, transcript):
        raise RenderFailed("renderer crashed")

    monkeypatch.setattr(painter.PainterRenderer, "generate", fail)
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    button(app, "开始作画").click()
    app.run()

    assert errors(app) == [RenderFailed("renderer crashed").message("zh-CN")]
    assert app.status[0].state == "error"
    # One line per stage, in order, each with its outcome.
    lines = [line.value for line in app.status[0].markdown]
    assert [line.split()[1] for line in lines] == ["读取音频", "识别语音", "分析语气", "收集情境", "保存录音", "作画"]
    assert all("check_circle" in line for line in lines[:-1])
    assert "error" in lines[-1]
    assert " ms" in lines[0]
    assert t("ui.record.kept_for_retry", "zh-CN") in [caption.value for caption in app.caption]
    records = stored(data_dir)
    assert [record.status for record in records] == ["failed"]
    assert records[0].retryable


BAD_UPLOADS = [
    # (file name, bytes, settings, text the error must contain)
    ("empty.wav", b"", {}, "音频文件是空的"),
    ("notes.wav", b"these bytes are not audio at all" * 20, {}, "无法读取这个文件的音频"),
    ("short.wav", make_wav(0.3, 0.5), {}, "至少需要 0.5 秒"),
    ("silence.wav", make_wav(3.0), {}, "没有听到说话声"),
    ("tone.wav", make_wav(6.0, 0.3), {"MUMBLE_MAX_AUDIO_SECONDS": "4"}, "超过上限 4 秒"),
    ("large.wav", make_wav(40.0, 0.3), {"MUMBLE_MAX_UPLOAD_MB": "1"}, "超过上限 1 MB"),
]


@pytest.mark.parametrize(("name", "data", "settings", "expected"), BAD_UPLOADS, ids=[case[0] for case in BAD_UPLOADS])
def test_bad_upload_shows_its_message_and_stores_nothing(tmp_path, monkeypatch, name, data, settings, expected):
    clean_environment(monkeypatch, tmp_path / "data", **settings)
    app = upload(new_app(), name, data)

    assert not app.exception
    assert len(errors(app)) == 1
    assert expected in errors(app)[0]
    assert text_area_labels(app) == []
    assert stored(tmp_path / "data") == []


def text_area_labels(app):
    return [item.label for item in app.text_area]


@needs_fixtures
def test_recorder_falls_back_to_audio_input_without_ffmpeg(data_dir, shared_transcriber, monkeypatch, tmp_path):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    app = new_app()

    assert t("ui.record.recorder_fallback", "zh-CN") in [caption.value for caption in app.caption]
    assert len(app.audio_input) == 1
    app.audio_input[0].set_value(("clip.wav", fixture_bytes("zh_command.wav"), "audio/wav"))
    app.run()
    assert "换一首歌" in text_area(app, "文字稿").value


@pytest.mark.skipif(not recorder_available(), reason="streamlit-audiorecorder needs ffmpeg and ffprobe")
@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_recorder_start_label_covers_resume(data_dir, language):
    app = AppTest.from_file(str(APP), default_timeout=SLOW_RUN_S)
    app.session_state["ui.language"] = language
    app.run()
    recorders = [item for item in app.get("component_instance") if item.proto.component_name.startswith("audiorecorder")]
    assert len(recorders) == 1
    arguments = json.loads(recorders[0].proto.json_args)

    # The component shows startPrompt again on its first button after a pause.
    assert arguments["startPrompt"] == t("ui.record.start", language)
    assert ("继续" if language == "zh-CN" else "resume") in arguments["startPrompt"]
    assert arguments["pausePrompt"] == t("ui.record.pause", language)
    assert arguments["stopPrompt"] == t("ui.record.stop", language)


@needs_fixtures
def test_reruns_never_reload_the_model(data_dir, monkeypatch):
    import faster_whisper

    built = []
    real_model = faster_whisper.WhisperModel

    def counting_model(*args, **kwargs):
        built.append(args)
        return real_model(*args, **kwargs)

    monkeypatch.setattr(faster_whisper, "WhisperModel", counting_model)
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    app.text_input(key="record.city").set_value("杭州")
    app.run()
    app.run()
    upload(app, "zh_aishell_0121.wav", fixture_bytes("zh_aishell_0121.wav"))

    assert "甚至出现交易" in text_area(app, "文字稿").value
    assert len(built) == 1


@needs_fixtures
def test_record_another_clears_the_page(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    button(app, "开始作画").click()
    app.run()
    button(app, "再录一段").click()
    app.run()

    assert [info.value for info in app.info] == [t("ui.record.empty", "zh-CN")]
    assert text_area_labels(app) == []
    assert app.file_uploader[0].value is None


@needs_fixtures
def test_open_in_gallery_shows_the_new_record(data_dir, shared_transcriber):
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    button(app, "开始作画").click()
    app.run()
    button(app, "在图库中查看").click()
    app.run()

    assert [title.value for title in app.title] == ["图库"]
    assert app.query_params["id"] == stored(data_dir)[0].id
    assert "换一首歌" in texts(app)


@pytest.fixture
def weather_api(fake_api, tmp_path, monkeypatch):
    """A fake Open-Meteo on 127.0.0.1 that the app's pipeline uses; no lookup leaves this machine."""
    from mumble.weather.cache import SHARED_CACHE

    SHARED_CACHE.clear()
    clean_environment(monkeypatch, tmp_path / "data", MUMBLE_WEATHER="open-meteo", MUMBLE_OPEN_METEO_URL=fake_api.url,
                      MUMBLE_GEOCODING_URL=fake_api.url, MUMBLE_WEATHER_TIMEOUT="1")
    fake_api.responses["/v1/search"] = lambda request: FakeResponse(
        json=openmeteo_search(request.query["name"]) if request.query["name"] in OPEN_METEO_PLACES else openmeteo_search())
    yield fake_api
    SHARED_CACHE.clear()


@needs_fixtures
def test_city_brings_weather_into_context_and_prompt(weather_api, shared_transcriber):
    weather_api.responses["/v1/forecast"] = FakeResponse(json=openmeteo_current(63, temperature=18.4))
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    app.text_input(key="record.city").set_value("杭州")
    app.run()
    app.run()

    weather_text = [value for value in texts(app) if "18°C" in value]
    assert len(weather_text) == 1
    assert "天气：" in text_area(app, "提示词").value
    assert "18°C" in text_area(app, "提示词").value
    assert len(weather_api.requests_to("/v1/forecast")) == 1
    assert t("ui.record.weather_off", "zh-CN") not in [caption.value for caption in app.caption]


@needs_fixtures
def test_failed_weather_lookup_still_draws(weather_api, shared_transcriber, tmp_path):
    weather_api.responses["/v1/forecast"] = FakeResponse(status=500, json={"error": True, "reason": "down"})
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    app.text_input(key="record.city").set_value("杭州")
    app.run()

    assert any(value.startswith("未能获取天气") for value in texts(app))
    button(app, "开始作画").click()
    app.run()
    record = stored(tmp_path / "data")[0]
    assert record.status == "done"
    assert record.context["weather_error"]


@needs_fixtures
def test_weather_error_follows_language(weather_api, shared_transcriber):
    weather_api.responses["/v1/forecast"] = FakeResponse(status=500, json={"error": True, "reason": "down"})
    app = upload(new_app(), "zh_command.wav", fixture_bytes("zh_command.wav"))
    app.text_input(key="record.city").set_value("杭州")
    app.run()
    assert any(value.startswith("未能获取天气") for value in texts(app))

    # The sidebar switch is only reachable on an AppTest's first run, so the choice is set as it stores it.
    app.session_state["ui.language"] = "en"
    app.run()

    weather_values = [value for value in texts(app) if value.startswith("Weather unavailable")]
    assert len(weather_values) == 1
    assert "The weather lookup failed" in weather_values[0]
    assert "天气查询失败" not in weather_values[0]
