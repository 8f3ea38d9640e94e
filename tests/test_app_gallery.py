"""The gallery page under AppTest: grid, pages, filters, detail, delete, retry and export."""

from __future__ import annotations

from datetime import date

import pytest

from apptest_support import button, clean_environment, errors, new_app, seed_record, texts
from mumble.i18n import t
from mumble.store.sqlite import SqliteStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    clean_environment(monkeypatch, tmp_path / "data")
    return SqliteStore(tmp_path / "data")


def open_gallery(record_id: str | None = None):
    app = new_app()
    if record_id:
        app.query_params["id"] = record_id
    return app.switch_page("pages/gallery.py").run()


def card_texts(app) -> list[str]:
    # Each card shows its transcript's opening words with st.text.
    return texts(app)


def stamp(day: int, hour: int = 12) -> str:
    return f"2026-03-{day:02d}T{hour:02d}:00:00.000+00:00"


def test_empty_gallery_says_so(store):
    app = open_gallery()

    assert not app.exception
    assert [info.value for info in app.info] == [t("ui.gallery.empty", "zh-CN")]


def test_grid_shows_thumbnails_newest_first(store, monkeypatch):
    for day, words in ((1, "第一天"), (3, "第三天"), (2, "第二天")):
        seed_record(store, created_at=stamp(day), transcript=words)
    files_read = []
    real_read = SqliteStore.read
    monkeypatch.setattr(SqliteStore, "read", lambda self, key: files_read.append(key) or real_read(self, key))
    app = open_gallery()

    assert not app.exception
    assert card_texts(app) == ["第三天", "第二天", "第一天"]
    assert len(app.image) == 3
    assert len(files_read) == 3
    assert all(key.startswith("thumbnails/") for key in files_read)
    assert t("ui.gallery.count", "zh-CN", count=3, page=1) in [caption.value for caption in app.caption]


def test_pages_hold_24_records(store):
    for index in range(25):
        seed_record(store, created_at=f"2026-03-01T10:{index:02d}:00.000+00:00", transcript=f"记录{index:02d}")
    app = open_gallery()

    assert len(app.image) == 24
    assert button(app, "上一页").disabled
    assert card_texts(app)[0] == "记录24"

    button(app, "下一页").click()
    app.run()
    assert card_texts(app) == ["记录00"]
    assert button(app, "下一页").disabled
    assert t("ui.gallery.count", "zh-CN", count=25, page=2) in [caption.value for caption in app.caption]

    button(app, "上一页").click()
    app.run()
    assert len(app.image) == 24


def test_count_stops_at_count_limit(store, monkeypatch):
    from mumble_ui import gallery

    monkeypatch.setattr(gallery, "COUNT_LIMIT", 3)
    monkeypatch.setattr(gallery, "COUNT_AT_MOST", 4)
    for day in range(1, 6):
        seed_record(store, created_at=stamp(day), transcript=f"第{day}天")
    app = open_gallery()

    captions = [caption.value for caption in app.caption]
    assert not app.exception
    assert t("ui.gallery.count_over", "zh-CN", count=3, page=1) in captions
    assert len(app.image) == 5


def test_text_search_matches_transcript_and_prompt(store):
    seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    seed_record(store, created_at=stamp(2), transcript="今天很热", prompt="说的话：今天很热\n下雨前的闷热")
    seed_record(store, created_at=stamp(3), transcript="想吃火锅")
    app = open_gallery()
    app.text_input(key="_widget.gallery.text").set_value("下雨")
    app.run()

    assert card_texts(app) == ["今天很热", "窗外在下雨"]


def test_mood_weather_and_date_filters(store):
    seed_record(store, created_at=stamp(1), transcript="平静的雨天", mood="平静", weather="rain")
    seed_record(store, created_at=stamp(5), transcript="开心的晴天", mood="开心", weather="clear")
    seed_record(store, created_at=stamp(9), transcript="有点想家", mood="有点想家", weather="rain")
    app = open_gallery()

    app.selectbox(key="_widget.gallery.mood").set_value("calm")
    app.run()
    assert card_texts(app) == ["平静的雨天"]

    app.selectbox(key="_widget.gallery.mood").set_value(None)
    app.selectbox(key="_widget.gallery.weather").set_value("rain")
    app.run()
    assert card_texts(app) == ["有点想家", "平静的雨天"]

    app.selectbox(key="_widget.gallery.weather").set_value(None)
    app.date_input(key="_widget.gallery.dates").set_value((date(2026, 3, 4), date(2026, 3, 9)))
    app.run()
    assert card_texts(app) == ["有点想家", "开心的晴天"]


def test_filters_survive_opening_a_record(store):
    seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    seed_record(store, created_at=stamp(2), transcript="想吃火锅")
    app = open_gallery()
    app.text_input(key="_widget.gallery.text").set_value("火锅")
    app.run()
    button(app, "查看").click()
    app.run()
    button(app, "返回图库").click()
    app.run()

    assert card_texts(app) == ["想吃火锅"]
    assert app.text_input(key="_widget.gallery.text").value == "火锅"


def test_detail_shows_artwork_text_context_audio_and_timings(store):
    record = seed_record(store, created_at=stamp(1), transcript="窗外在下雨", mood="平静", place="杭州",
                         weather="rain")
    app = open_gallery(record.id)

    assert not app.exception
    assert len(app.image) == 1
    assert app.image[0].value[0].endswith(".png")
    assert "窗外在下雨" in texts(app)
    assert app.code[0].value == "说的话：窗外在下雨"
    assert {"平静", "杭州"} <= set(texts(app))
    assert len(app.get("audio")) == 1
    timings = app.dataframe[0].value
    assert list(timings[t("ui.timings.stage", "zh-CN")]) == ["读取音频", "识别语音"]
    assert [item.label for item in app.get("download_button")] == ["下载 PNG"]


def test_delete_asks_for_confirmation_first(store):
    record = seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    app = open_gallery(record.id)

    button(app, "删除").click()
    app.run()
    assert [warning.value for warning in app.warning] == [t("ui.gallery.confirm_delete", "zh-CN")]
    button(app, "取消").click()
    app.run()
    assert len(app.warning) == 0
    assert store.count() == 1

    button(app, "删除").click()
    app.run()
    button(app, "确认删除").click()
    app.run()
    assert [success.value for success in app.success] == ["已删除。"]
    assert store.count() == 0
    assert "id" not in app.query_params
    assert [info.value for info in app.info] == [t("ui.gallery.empty", "zh-CN")]


def test_failed_record_shows_reason_and_retries(store):
    record = seed_record(store, created_at=stamp(1), transcript="窗外在下雨", status="failed")
    app = open_gallery(record.id)

    assert errors(app) == [t("error.render_failed", "zh-CN", detail="renderer crashed")]
    button(app, "重新生成").click()
    app.run()

    assert not app.exception
    assert store.get(record.id).status == "done"
    assert errors(app) == []
    assert len(app.image) == 1


def test_unknown_record_id_says_not_found(store):
    app = open_gallery("0" * 32)

    assert [warning.value for warning in app.warning] == [t("error.record_not_found", "zh-CN", record_id="0" * 32)]


def test_export_offers_zip_csv_json_and_table(store):
    first = seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    seed_record(store, created_at=stamp(2), transcript="想吃火锅")
    app = open_gallery()

    assert [item.label for item in app.get("download_button")] == ["ZIP", "CSV", "JSON"]
    app.toggle(key="gallery.show_table").set_value(True)
    app.run()
    table = app.dataframe[0].value
    assert list(table["文字稿"]) == ["想吃火锅", "窗外在下雨"]
    assert list(table["状态"]) == ["已完成", "已完成"]
    assert "transcript" not in table.columns
    assert t("ui.gallery.table_note", "zh-CN") in [caption.value for caption in app.caption]

    app.checkbox(key=f"gallery.pick.{first.id}").check()
    app.run()
    app.radio(key="gallery.export_scope").set_value("picked")
    app.run()
    assert list(app.dataframe[0].value["文字稿"]) == ["窗外在下雨"]
    assert t("ui.gallery.export_picked", "zh-CN", count=1) in app.radio(key="gallery.export_scope").options


def test_html_and_control_characters_show_as_text(store):
    hostile = "<script>alert('x')</script> **粗体** <img src=x onerror=alert(1)>\x07"
    record = seed_record(store, created_at=stamp(1), transcript=hostile, prompt=hostile)
    app = open_gallery(record.id)

    assert not app.exception
    assert store.get(record.id).transcript == hostile
    assert hostile in texts(app)
    assert app.code[0].value == hostile
    rendered_markdown = " ".join(item.value for item in app.markdown)
    assert "<script>" not in rendered_markdown
    assert "粗体" not in rendered_markdown


def filters_open(app) -> bool:
    return app.expander[0].proto.expanded


def test_filter_panel_stays_open_after_filters_clear(store):
    seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    app = open_gallery()
    assert not filters_open(app)

    app.text_input(key="_widget.gallery.text").set_value("下雨")
    app.run()
    assert filters_open(app)

    app.text_input(key="_widget.gallery.text").set_value("")
    app.run()
    assert filters_open(app)
    app.run()
    assert filters_open(app)


def test_filter_panel_keeps_the_users_choice(store):
    seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    app = open_gallery()

    # AppTest cannot click an expander, so the test sets the state a click on its label would set.
    app.session_state["_widget.gallery.filters_open"] = True
    app.run()
    app.run()
    assert filters_open(app)

    app.session_state["_widget.gallery.filters_open"] = False
    app.run()
    assert not filters_open(app)


def test_no_match_offers_to_clear_filters(store):
    seed_record(store, created_at=stamp(1), transcript="窗外在下雨", mood="平静")
    app = open_gallery()
    app.text_input(key="_widget.gallery.text").set_value("火锅")
    app.selectbox(key="_widget.gallery.mood").set_value("happy")
    app.run()

    assert [info.value for info in app.info] == [t("ui.gallery.no_match", "zh-CN")]
    button(app, t("ui.gallery.clear_filters", "zh-CN")).click()
    app.run()

    assert not app.exception
    assert len(app.info) == 0
    assert len(app.warning) == 0
    assert card_texts(app) == ["窗外在下雨"]
    assert app.text_input(key="_widget.gallery.text").value == ""
    assert app.selectbox(key="_widget.gallery.mood").value is None


def test_english_detail_capitalises_status(store):
    record = seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    app = new_app()
    app.session_state["ui.language"] = "en"
    app.query_params["id"] = record.id
    app.switch_page("pages/gallery.py").run()

    assert any(caption.value.endswith(" · Done") for caption in app.caption)


def test_recipe_palette_shows_swatches_not_hex(store):
    record = seed_record(store, created_at=stamp(1), transcript="窗外在下雨")
    store.update(record.id, recipe={"motifs": ["rain"], "weather": "rain",
                                    "palette": {"name": "happy", "colors": ["#4c2e33", "#a0b1c2"]}})
    app = open_gallery(record.id)

    assert not app.exception
    assert "开心" in texts(app)
    assert not any("#4c2e33" in value for value in texts(app))
    swatches = [item.value for item in app.markdown if "background-color:" in item.value]
    assert len(swatches) == 1
    assert swatches[0].count("<span") == 2
    assert "background-color:#4c2e33" in swatches[0]


def test_every_card_has_a_picture_even_when_failed(store):
    seed_record(store, created_at=stamp(1), transcript="画好了")
    seed_record(store, created_at=stamp(2), transcript="没画成", status="failed")
    app = open_gallery()

    assert not app.exception
    assert len(app.image) == 2
    assert any("⚠️" in caption.value for caption in app.caption)
