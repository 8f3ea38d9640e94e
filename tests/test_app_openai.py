"""The app on the OpenAI backends, against a fake OpenAI server on 127.0.0.1."""

from __future__ import annotations

import pytest

from apptest_support import button, clean_environment, errors, fixture_bytes, needs_fixtures, new_app, text_area, texts
from fake_openai import DEFAULT_REWRITE, TEST_KEY, error_reply, fake_openai  # noqa: F401 (fake_openai is a fixture)
from mumble.i18n import t
from mumble.store.sqlite import SqliteStore

COMPLETIONS = "/v1/chat/completions"
GENERATIONS = "/v1/images/generations"

pytestmark = needs_fixtures


@pytest.fixture
def data_dir(tmp_path, monkeypatch, fake_openai):
    clean_environment(monkeypatch, tmp_path / "data", OPENAI_API_KEY=TEST_KEY, OPENAI_BASE_URL=fake_openai.url,
                      MUMBLE_OPENAI_TIMEOUT="5", MUMBLE_PROMPT_REWRITE="on")
    return tmp_path / "data"


def screen(app) -> str:
    parts = texts(app) + [item.value for item in app.markdown] + [item.value for item in app.caption]
    parts += [item.value for item in app.code] + errors(app) + [item.value for item in app.text_area]
    return "\n".join(parts)


def draw(app):
    app.file_uploader[0].upload("zh_command.wav", fixture_bytes("zh_command.wav"), "audio/wav")
    app.run()
    button(app, "开始作画").click()
    return app.run()


def test_cloud_transcript_rewrite_and_image_reach_the_result(data_dir, fake_openai):
    app = new_app()
    app.file_uploader[0].upload("zh_command.wav", fixture_bytes("zh_command.wav"), "audio/wav")
    app.run()

    assert text_area(app, "文字稿").value.startswith("今天天气很好")
    button(app, "开始作画").click()
    app.run()

    assert not app.exception
    assert [success.value for success in app.success] == ["画好了！"]
    assert app.code[0].value == DEFAULT_REWRITE
    assert [expander.label for expander in app.expander][0] == t("ui.prompt.original", "zh-CN")
    assert "说的话：今天天气很好" in app.code[1].value
    assert TEST_KEY not in screen(app)
    record = SqliteStore(data_dir).list().records[0]
    assert record.engines["renderer"].startswith("openai")


def test_failed_rewrite_is_explained_and_built_prompt_drawn(data_dir, fake_openai):
    fake_openai.queue(COMPLETIONS, *[error_reply(500, None, "The server had an error", "server_error")] * 3)
    app = draw(new_app())

    assert [success.value for success in app.success] == ["画好了！"]
    notices = [caption.value for caption in app.caption if caption.value.startswith(t("notice.prompt_rewrite_failed", "zh-CN"))]
    assert len(notices) == 1
    assert "HTTP 500" in notices[0]
    assert app.code[0].value.startswith("请根据一段随口说出的话")


def test_refused_image_retried_with_edited_prompt(data_dir, fake_openai, monkeypatch):
    monkeypatch.setenv("MUMBLE_PROMPT_REWRITE", "off")
    refusal = error_reply(400, "content_policy_violation", "Your request was rejected as a result of our safety system.")
    fake_openai.queue(GENERATIONS, refusal)
    app = draw(new_app())

    assert len(errors(app)) == 1
    assert "内容政策" in errors(app)[0]
    record = SqliteStore(data_dir).list().records[0]
    assert record.status == "failed"

    app.query_params["id"] = record.id
    app.switch_page("pages/gallery.py").run()
    assert "内容政策" in errors(app)[0]
    edited = "一只猫在雨中的窗台上，水彩风格。"
    text_area(app, "提示词").set_value(edited)
    button(app, "重新生成").click()
    app.run()

    assert not app.exception
    stored = SqliteStore(data_dir).get(record.id)
    assert stored.status == "done"
    assert stored.prompt == edited
    assert stored.prompt_original is not None
    assert fake_openai.seen(GENERATIONS)[-1].json["prompt"] == edited
