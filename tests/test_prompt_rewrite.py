"""Optional prompt rewriting against a fake OpenAI server on 127.0.0.1."""

from __future__ import annotations

from fake_openai import (  # noqa: F401 (fixture)
    DEFAULT_REWRITE,
    TEST_KEY,
    Reply,
    chat_completion,
    error_reply,
    fake_openai,
    openai_settings,
)
from mumble.i18n import t
from mumble.prompt_rewrite import NOTICE_KEY, PromptRewriter
from mumble.settings import load_settings

COMPLETIONS = "/v1/chat/completions"
PROMPT = "一幅画：今天天气很好，我想去公园散步。心情：平静。地点：杭州。天气：晴。时间：清晨，春天。"


def test_rewrite_is_off_by_default(fake_openai):
    settings = openai_settings(fake_openai)

    result = PromptRewriter(settings).rewrite(PROMPT)

    assert settings.prompt_rewrite is False
    assert result.prompt == PROMPT
    assert result.rewritten is False
    assert result.error is None
    assert fake_openai.requests == []


def test_rewrite_sends_built_prompt_to_chat_model(fake_openai):
    result = PromptRewriter(openai_settings(fake_openai, MUMBLE_PROMPT_REWRITE="on")).rewrite(PROMPT)

    [sent] = fake_openai.seen(COMPLETIONS)
    assert sent.json["model"] == "gpt-4o-mini"
    assert sent.json["messages"][0]["role"] == "system"
    assert sent.json["messages"][1] == {"role": "user", "content": PROMPT}
    assert sent.api_key == TEST_KEY
    assert result.prompt == DEFAULT_REWRITE
    assert result.original == PROMPT
    assert result.rewritten is True
    assert result.model == "gpt-4o-mini"
    assert result.error is None


def test_rewrite_uses_chat_model_setting(fake_openai):
    settings = openai_settings(fake_openai, MUMBLE_PROMPT_REWRITE="on", MUMBLE_OPENAI_CHAT_MODEL="gpt-4.1-mini")

    PromptRewriter(settings).rewrite(PROMPT)

    [sent] = fake_openai.seen(COMPLETIONS)
    assert sent.json["model"] == "gpt-4.1-mini"


def test_rewrite_strips_quotes_around_answer(fake_openai):
    fake_openai.queue(COMPLETIONS, Reply(json=chat_completion(f"“{DEFAULT_REWRITE}”\n")))

    result = PromptRewriter(openai_settings(fake_openai, MUMBLE_PROMPT_REWRITE="on")).rewrite(PROMPT)

    assert result.prompt == DEFAULT_REWRITE


def test_failed_rewrite_falls_back_to_built_prompt(fake_openai):
    fake_openai.queue(COMPLETIONS, *[error_reply(500, None, "The server had an error", "server_error")] * 3)

    result = PromptRewriter(openai_settings(fake_openai, MUMBLE_PROMPT_REWRITE="on")).rewrite(PROMPT)

    assert result.prompt == PROMPT
    assert result.rewritten is False
    assert result.error["key"] == "error.openai_server_error"
    assert "HTTP 500" in t(result.error["key"], "en", **result.error["params"])
    assert t(NOTICE_KEY, "zh-CN")
    assert len(fake_openai.seen(COMPLETIONS)) == 3


def test_rewrite_timeout_falls_back(fake_openai):
    fake_openai.queue(COMPLETIONS, Reply(json=chat_completion("太晚了"), delay=3.0))
    settings = openai_settings(
        fake_openai, MUMBLE_PROMPT_REWRITE="on", MUMBLE_OPENAI_TIMEOUT="0.3", MUMBLE_OPENAI_MAX_RETRIES="0"
    )

    result = PromptRewriter(settings).rewrite(PROMPT)

    assert result.prompt == PROMPT
    assert result.error["key"] == "error.openai_timeout"


def test_declined_rewrite_falls_back(fake_openai):
    fake_openai.queue(COMPLETIONS, Reply(json=chat_completion(None, finish_reason="content_filter")))

    result = PromptRewriter(openai_settings(fake_openai, MUMBLE_PROMPT_REWRITE="on")).rewrite(PROMPT)

    assert result.prompt == PROMPT
    assert result.error["key"] == "error.openai_bad_response"
    assert "declined" in t(result.error["key"], "en", **result.error["params"])


def test_cut_off_rewrite_falls_back(fake_openai):
    fake_openai.queue(COMPLETIONS, Reply(json=chat_completion("清晨的公园里，薄雾", finish_reason="length")))

    result = PromptRewriter(openai_settings(fake_openai, MUMBLE_PROMPT_REWRITE="on")).rewrite(PROMPT)

    assert result.prompt == PROMPT
    assert result.rewritten is False


def test_rewrite_without_key_falls_back_without_sending(fake_openai):
    settings = load_settings(environ={"MUMBLE_PROMPT_REWRITE": "on", "OPENAI_BASE_URL": fake_openai.url}, secrets={})

    result = PromptRewriter(settings).rewrite(PROMPT)

    assert result.prompt == PROMPT
    assert result.error["key"] == "error.openai_key_missing"
    assert "MUMBLE_PROMPT_REWRITE to off" in t(result.error["key"], "en", **result.error["params"])
    assert fake_openai.requests == []
