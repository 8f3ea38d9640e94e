"""Sign-in, owners and admins in the app, and the gallery on the AWS store (moto on 127.0.0.1)."""

from __future__ import annotations

import urllib.request

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import APP, SLOW_RUN_S, button, clean_environment, seed_record, texts
from mumble.i18n import t
from mumble.store.sqlite import SqliteStore

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-cookie-secret",
    "client_id": "test-client", "client_secret": "test-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
AMY = {"is_logged_in": True, "email": "amy@example.com", "name": "Amy"}
BO = {"is_logged_in": True, "email": "bo@example.com", "name": "Bo"}


@pytest.fixture
def store(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data")
    store = SqliteStore(tmp_path / "data")
    seed_record(store, created_at="2026-03-01T10:00:00.000+00:00", transcript="艾米的雨天", owner="amy@example.com")
    seed_record(store, created_at="2026-03-02T10:00:00.000+00:00", transcript="博的晴天", owner="bo@example.com")
    return store


def app_as(user: dict, page: str | None = None, **query) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=SLOW_RUN_S)
    app.secrets["auth"] = AUTH
    app.user = user
    app.run()
    if page:
        app.query_params.update(query)
        app.switch_page(page).run()
    return app


def test_sign_in_is_required_once_auth_is_configured(store):
    app = app_as({"is_logged_in": False})

    assert not app.exception
    assert [info.value for info in app.info] == [t("ui.account.required", "zh-CN")]
    assert [item.label for item in app.button] == ["登录"]
    assert [title.value for title in app.title] == ["Mumble"]


def test_gallery_shows_own_records_then_the_team(store):
    app = app_as(AMY, "pages/gallery.py")

    assert texts(app) == ["艾米的雨天"]
    app.toggle(key="_widget.gallery.team").set_value(True)
    app.run()
    assert texts(app) == ["博的晴天", "bo@example.com", "艾米的雨天", "amy@example.com"]


def test_others_records_cannot_be_deleted_or_exported(store):
    bo_record = store.list().records[0]
    app = app_as(AMY, "pages/gallery.py", id=bo_record.id)

    assert "作者：bo@example.com" in texts(app)
    assert [item.label for item in app.button] == ["返回图库"]

    button(app, "返回图库").click()
    app.run()
    app.toggle(key="_widget.gallery.team").set_value(True)
    app.run()
    app.toggle(key="gallery.show_table").set_value(True)
    app.run()
    assert t("ui.gallery.export_own_only", "zh-CN") in [caption.value for caption in app.caption]
    assert list(app.dataframe[0].value[t("ui.metadata.owner", "zh-CN")]) == ["amy@example.com"]


def test_admin_may_delete_anyones_record(store, monkeypatch):
    monkeypatch.setenv("MUMBLE_ADMINS", "amy@example.com")
    bo_record = store.list().records[0]
    app = app_as(AMY, "pages/gallery.py", id=bo_record.id)

    button(app, "删除").click()
    app.run()
    button(app, "确认删除").click()
    app.run()

    assert [success.value for success in app.success] == ["已删除。"]
    assert [record.owner for record in store.list().records] == ["amy@example.com"]


def test_status_names_the_signed_in_user(store):
    app = app_as(BO, "pages/status.py")

    assert "bo@example.com" in texts(app)


def test_gallery_on_aws_shows_presigned_urls(aws_settings, moto_endpoint):
    from mumble.store.aws import AwsStore

    store = AwsStore(aws_settings)
    record = seed_record(store, created_at="2026-03-01T10:00:00.000+00:00", transcript="云端的作品")
    app = AppTest.from_file(str(APP), default_timeout=SLOW_RUN_S).run()
    app.switch_page("pages/gallery.py").run()

    thumbnail_url = app.image[0].value[0]
    assert thumbnail_url.startswith(moto_endpoint)
    with urllib.request.urlopen(thumbnail_url, timeout=5) as response:
        assert response.read()[:4] == b"RIFF"

    app.query_params["id"] = record.id
    app.run()
    artwork_url = app.image[0].value[0]
    with urllib.request.urlopen(artwork_url, timeout=5) as response:
        assert response.read()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "云端的作品" in texts(app)
