"""The status page and the app-wide settings and language behaviour, under AppTest."""

from __future__ import annotations

import json

import pytest

from apptest_support import button, clean_environment, errors, new_app, texts
from mumble import __version__
from mumble.i18n import t
from mumble.pipeline import STAGES


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data")
    return tmp_path / "data"


def open_status(app=None):
    app = app or new_app()
    return app.switch_page("pages/status.py").run()


def screen_text(app) -> str:
    """Everything the page shows as text, tables and JSON included, as one string."""
    parts = texts(app) + [item.value for item in app.markdown] + [item.value for item in app.caption]
    parts += [item.value for item in app.metric]
    parts += [frame.value.to_csv() for frame in app.dataframe]
    parts += [json.dumps(item.value, ensure_ascii=False) if not isinstance(item.value, str) else item.value
              for item in app.json]
    return "\n".join(str(part) for part in parts)


def test_status_shows_version_engines_checks_and_counts(data_dir):
    app = open_status()

    assert not app.exception
    assert [title.value for title in app.title] == ["运行状态"]
    assert [success.value for success in app.success] == [t("ui.status.all_ok", "zh-CN")]
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["版本"] == __version__
    assert metrics["作品数"] == "0"
    backends = app.dataframe[0].value
    assert list(backends["后端"]) == ["语音识别", "作画", "存储", "天气", "运行指标"]
    assert list(backends["选用"]) == ["local", "local", "local", "off", "off"]
    assert list(backends["检查"]) == ["正常", "正常", "正常", "未开启", "未开启"]
    assert metrics["部署阶段"] == "dev"
    stages = app.dataframe[1].value
    assert len(stages) == len(STAGES)
    assert list(stages["引擎"])[STAGES.index("voice")] == "numpy"
    assert str(data_dir) in texts(app)
    page_text = " ".join(texts(app) + [item.value for item in app.markdown] + [item.value for item in app.caption])
    assert t("ui.status.single_user", "zh-CN", owner="local") in page_text


def test_status_shows_keys_as_configured_never_their_values(data_dir, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-must-not-show")
    # With a key, "auto" would pick OpenAI, whose status check calls the API.
    monkeypatch.setenv("MUMBLE_TRANSCRIBER", "local")
    monkeypatch.setenv("MUMBLE_IMAGE_GENERATOR", "local")
    app = open_status()

    keys = app.dataframe[2].value
    assert dict(zip(keys["密钥"], keys["状态"])) == {"OPENAI_API_KEY": "已配置", "OPENWEATHER_API_KEY": "未配置"}
    assert "sk-test-must-not-show" not in screen_text(app)


def test_status_reports_a_failing_check(data_dir, monkeypatch):
    from mumble.render import painter

    def broken_health(self):
        raise RuntimeError("renderer cannot start")

    monkeypatch.setattr(painter.PainterRenderer, "health", broken_health)
    app = open_status()

    assert errors(app) == [t("ui.status.some_failed", "zh-CN")]
    backends = app.dataframe[0].value
    assert list(backends["检查"])[1] == "异常"
    assert "renderer cannot start" in list(backends["详情"])[1]


def test_check_again_reruns_the_checks(data_dir):
    app = open_status()
    button(app, "重新检查").click()
    app.run()

    assert not app.exception
    assert [title.value for title in app.title] == ["运行状态"]


# AppTest (Streamlit 1.67) keeps the entry script's sidebar in its element tree only on the first
# run of a file-based page, so each test below sets the switch on its app's first run.


def test_language_switch_changes_every_page(data_dir):
    app = new_app()
    switch = app.segmented_control(key="_widget.ui.language")
    assert switch.options == ["中文", "English"]
    switch.set_value("en")
    app.run()

    assert [title.value for title in app.title] == ["Record"]
    assert [info.value for info in app.info] == [t("ui.record.empty", "en")]
    assert [tab.label for tab in app.tabs] == ["Microphone", "Upload a file"]

    open_status(app)
    assert [title.value for title in app.title] == ["Status"]
    assert list(app.dataframe[0].value.columns) == ["Backend", "Choice", "Check", "Details"]
    app.switch_page("pages/gallery.py").run()
    assert [title.value for title in app.title] == ["Gallery"]


def test_default_language_from_setting(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data", MUMBLE_LANGUAGE="en")
    app = new_app()

    assert [title.value for title in app.title] == ["Record"]
    assert app.segmented_control(key="_widget.ui.language").value == "en"
    app.segmented_control(key="_widget.ui.language").set_value("zh-CN")
    app.run()
    assert [title.value for title in app.title] == ["录音"]
    open_status(app)
    assert [title.value for title in app.title] == ["运行状态"]


def test_settings_come_from_secrets_when_environment_is_silent(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data")
    monkeypatch.delenv("MUMBLE_DATA_DIR")
    app = new_app_with_secrets({"MUMBLE_LANGUAGE": "en", "MUMBLE_DATA_DIR": str(tmp_path / "from-secrets")})
    open_status(app)

    assert [title.value for title in app.title] == ["Status"]
    assert str(tmp_path / "from-secrets") in texts(app)


def new_app_with_secrets(secrets: dict):
    from streamlit.testing.v1 import AppTest

    from apptest_support import APP, SLOW_RUN_S

    app = AppTest.from_file(str(APP), default_timeout=SLOW_RUN_S)
    app.secrets.update(secrets)
    return app.run()


def test_invalid_setting_shows_message(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data", MUMBLE_STORAGE="ftp")
    app = new_app()

    assert not app.exception
    assert len(errors(app)) == 1
    assert errors(app)[0].startswith("设置有误：MUMBLE_STORAGE='ftp' is invalid")
    assert len(app.title) == 0
