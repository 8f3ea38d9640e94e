"""The app's plain helpers: labels, times, gallery queries, exports, status rows and the catalogue."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from apptest_support import seed_record
from mumble.i18n import MESSAGES, t
from mumble.export import export_zip, metadata_csv, metadata_json
from mumble.settings import load_settings
from mumble.store.base import GalleryQuery, Record
from mumble.store.sqlite import SqliteStore
from mumble_ui import labels
from mumble_ui.gallery import build_query, export_records
from mumble_ui.health_view import backend_rows, key_rows, stage_rows, store_numbers
from mumble_ui.runtime import settings_fingerprint

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path):
    return SqliteStore(tmp_path / "data")


def test_local_time_uses_browser_zone():
    moment = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)

    assert labels.local_time_in("Asia/Shanghai", moment) == "2026-03-01T20:00:00+08:00"
    assert labels.local_time_in("America/New_York", moment) == "2026-03-01T07:00:00-05:00"


def test_local_time_falls_back_to_server_zone():
    moment = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    server = moment.astimezone().isoformat(timespec="seconds")

    assert labels.local_time_in(None, moment) == server
    assert labels.local_time_in("Not/AZone", moment) == server


def test_timestamp_shown_in_named_zone():
    assert labels.format_timestamp("2026-03-01T23:30:00.000+00:00", "Asia/Shanghai") == "2026-03-02 07:30"


@pytest.mark.parametrize(("ms", "text"), [(None, "–"), (0.4, "0 ms"), (850, "850 ms"), (1999, "1999 ms"), (12_345, "12.3 s")])
def test_stage_times_are_readable(ms, text):
    assert labels.format_ms(ms) == text


@pytest.mark.parametrize(("size", "text"), [(None, "–"), (512, "512 B"), (2048, "2.0 KB"), (5 * 1024**2, "5.0 MB"), (3 * 1024**3, "3.0 GB")])
def test_sizes_are_readable(size, text):
    assert labels.format_bytes(size) == text


def test_fixed_moods_follow_language_and_free_text_stays():
    assert labels.mood_display("平静", "en") == "calm"
    assert labels.mood_display("calm", "zh-CN") == "平静"
    assert labels.mood_display("有点想家", "en") == "有点想家"
    assert labels.mood_display(None, "en") is None


def test_weather_description_joins_known_parts():
    weather = {"category": "rain", "description": None, "temperature_c": 14.4, "humidity": 81, "wind_speed_ms": 3.25}

    assert labels.describe_weather(weather, "zh-CN") == "雨 · 14°C · 湿度 81% · 风速 3.2 米/秒"
    assert labels.describe_weather({"category": "clear", "description": "晴朗"}, "en") == "晴朗"
    assert labels.describe_weather(None, "en") is None


def test_context_rows_name_unknowns_and_weather_errors():
    context = {"mood": None, "place": {"name": None, "latitude": 30.25, "longitude": 120.1667},
               "weather": None, "weather_error": "timed out", "local_time": "2026-03-01T20:00:00+08:00",
               "time_of_day": "night", "season": "spring"}
    rows = dict(labels.context_rows(context, "zh-CN"))

    assert rows["心情"] == "未知"
    assert rows["地点"] == "当前位置（30.25, 120.17）"
    assert rows["天气"] == "未能获取天气（timed out）"
    assert rows["当地时间"] == "2026-03-01 20:00"
    assert rows["时段"] == "夜晚"
    assert rows["季节"] == "春季"


def test_context_rows_label_position_and_prefer_names():
    position = {"name": None, "latitude": 30.27, "longitude": 120.15}

    english = dict(labels.context_rows({"place": position}, "en"))
    assert english["Place"] == "Current position (30.27, 120.15)"
    named = dict(labels.context_rows({"place": {**position, "name": "杭州"}}, "zh-CN"))
    assert named["地点"] == "杭州"


def test_record_error_message_survives_unknown_keys():
    record = Record(id="r1", owner="local", created_at="x", updated_at="x",
                    error={"key": "error.from_a_newer_version", "params": {"detail": "quota"}})

    assert labels.record_error_message(record, "en") == "Something went wrong: quota"
    record.error = {"key": "error.model_unavailable", "params": {"detail": "", "name": "small", "hint": ""}}
    assert t("hint.model_install", "en") in labels.record_error_message(record, "en")
    record.error = None
    assert labels.record_error_message(record, "en") is None


def test_excerpt_cuts_long_text_on_one_line():
    assert labels.excerpt("换一首歌") == "换一首歌"
    assert labels.excerpt("一二三四五六七八九十", 6) == "一二三四五…"
    assert labels.excerpt("a\n b") == "a b"
    assert labels.excerpt(None) == ""


def test_gallery_query_from_filter_values():
    query = build_query("local", "calm", "rain", "done", (date(2026, 3, 1), date(2026, 3, 9)), "  雨 ")

    assert query == GalleryQuery(owner="local", mood_key="calm", weather="rain", status="done",
                                 date_from="2026-03-01", date_to="2026-03-09", text="雨")
    assert build_query("local") == GalleryQuery(owner="local")
    assert build_query("local", dates=(date(2026, 3, 1),)).date_to == "2026-03-01"
    assert build_query("local", dates=date(2026, 3, 2)).date_from == "2026-03-02"


def test_export_picked_or_all_newest_first(store):
    first = seed_record(store, created_at="2026-03-01T10:00:00.000+00:00", transcript="窗外在下雨")
    second = seed_record(store, created_at="2026-03-02T10:00:00.000+00:00", transcript="想吃火锅")
    seed_record(store, created_at="2026-03-03T10:00:00.000+00:00", transcript="换一首歌")

    picked = export_records(store, GalleryQuery(), {first.id, second.id, "gone"})
    assert [record.transcript for record in picked] == ["想吃火锅", "窗外在下雨"]
    everything = export_records(store, GalleryQuery(text="火锅"), None)
    assert [record.transcript for record in everything] == ["想吃火锅"]


def test_export_zip_holds_pngs_and_metadata(store):
    done = seed_record(store, created_at="2026-03-01T10:00:00.000+00:00", transcript="窗外在下雨")
    failed = seed_record(store, created_at="2026-03-02T10:00:00.000+00:00", transcript="想吃火锅", status="failed")
    archive = zipfile.ZipFile(io.BytesIO(export_zip(store, [failed, done])))

    names = archive.namelist()
    assert sum(name.startswith("images/") for name in names) == 1
    assert {"metadata.csv", "metadata.json"} <= set(names)
    assert archive.read(next(name for name in names if name.startswith("images/")))[:8] == b"\x89PNG\r\n\x1a\n"


def test_metadata_csv_bom_and_json_nulls(store):
    record = seed_record(store, created_at="2026-03-01T10:00:00.000+00:00", transcript="窗外在下雨", mood="平静")
    no_weather = seed_record(store, created_at="2026-03-02T10:00:00.000+00:00", transcript="想吃火锅")

    data = metadata_csv([record, no_weather])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["transcript"] for row in rows] == ["窗外在下雨", "想吃火锅"]
    assert rows[0]["mood"] == "平静"

    parsed = json.loads(metadata_json([record, no_weather]))
    assert parsed[0]["id"] == record.id
    assert parsed[1]["temperature_c"] is None
    assert "\\/" not in metadata_json([record]).decode()


def test_status_rows_show_engines_and_never_key_values():
    settings = load_settings({"OPENAI_API_KEY": "sk-never-shown", "MUMBLE_DATA_DIR": "/tmp/x"})
    report = {
        "version": "0.1.0", "language": "zh-CN", "owner": "local",
        "engines": {"transcriber": "local", "image_generator": "local", "storage": "local", "weather": "off"},
        "keys": {"OPENAI_API_KEY": "configured" if settings.openai_api_key else "missing", "OPENWEATHER_API_KEY": "missing"},
        "checks": {
            "store": {"engine": "sqlite", "writable": False, "ok": False, "records": 3, "bytes": 4096,
                      "free_bytes": 1024**3, "path": "/tmp/x"},
            "transcriber": {"engine": "faster-whisper:base", "model": "base", "present": True, "loaded": False, "ok": True},
            "image_generator": {"ok": False, "error": "RuntimeError: no GPU"},
        },
    }

    rows = backend_rows(report, "en")
    assert [row["Check"] for row in rows] == ["ok", "failed", "failed", "off"]
    assert rows[0]["Details"] == "faster-whisper:base · model base present · not loaded yet"
    assert rows[1]["Details"] == "RuntimeError: no GPU"
    assert rows[2]["Details"] == "sqlite · not writable"
    assert [row["Engine"] for row in stage_rows(report, ("decode", "transcribe", "save"), "en")] == [
        "pyav", "faster-whisper:base", "sqlite"]
    assert key_rows(report, "en")[0] == {"Key": "OPENAI_API_KEY", "State": "configured"}
    assert "sk-never-shown" not in json.dumps(rows + key_rows(report, "en"))
    assert store_numbers(report) == {"records": "3", "size": "4.0 KB", "free": "1.0 GB", "path": "/tmp/x"}


def test_pipeline_cache_key_changes_with_any_setting():
    base = load_settings({"MUMBLE_DATA_DIR": "/tmp/a"})

    assert settings_fingerprint(base) == settings_fingerprint(load_settings({"MUMBLE_DATA_DIR": "/tmp/a"}))
    assert settings_fingerprint(base) != settings_fingerprint(load_settings({"MUMBLE_DATA_DIR": "/tmp/b"}))
    assert settings_fingerprint(base) != settings_fingerprint(
        load_settings({"MUMBLE_DATA_DIR": "/tmp/a", "OPENAI_API_KEY": "sk-1"}))
    assert settings_fingerprint(base) != settings_fingerprint(
        load_settings({"MUMBLE_DATA_DIR": "/tmp/a", "MUMBLE_AWS_BUCKET": "b"}))


def test_metadata_table_words_headers_and_values():
    import pandas as pd

    from mumble.export import METADATA_COLUMNS

    row = dict.fromkeys(METADATA_COLUMNS, "")
    frame = pd.DataFrame([{**row, "status": "done", "time_of_day": "night", "season": "winter"},
                          {**row, "status": "failed"}], columns=list(METADATA_COLUMNS))

    chinese = labels.metadata_table(frame, "zh-CN")
    assert list(chinese.columns) == [t(f"ui.metadata.{column}", "zh-CN") for column in METADATA_COLUMNS]
    assert list(chinese["状态"]) == ["已完成", "失败"]
    assert list(chinese["时段"]) == ["夜晚", ""]
    assert list(chinese["季节"]) == ["冬季", ""]
    english = labels.metadata_table(frame, "en")
    assert list(english["Status"]) == ["Done", "Failed"]
    assert list(frame.columns) == list(METADATA_COLUMNS)


def test_palette_colors_keep_only_hex():
    recipe = {"palette": {"name": "happy", "colors": ["#4c2e33", "red", "#12345", "#ABCDEF", "#000000;x:y", None]}}

    assert labels.palette_colors(recipe) == ["#4c2e33", "#ABCDEF"]
    assert labels.palette_colors({}) == []
    assert labels.without_hex_colors("开心 #4c2e33 #ABCDEF") == "开心"
    assert 'background-color:#4c2e33"' in labels.swatches_html(["#4c2e33"])
    with pytest.raises(ValueError):
        labels.swatches_html(['#000000"><script>'])


def test_every_ui_message_has_chinese_and_english():
    for key, entry in MESSAGES.items():
        if key.startswith("ui."):
            assert entry.get("zh-CN", "").strip(), f"{key} has no zh-CN text"
            assert entry.get("en", "").strip(), f"{key} has no en text"


def test_every_message_key_in_the_app_exists():
    sources = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "mumble_ui").glob("*.py"))]
    pattern = re.compile(r"""\b(?:tr|t)\(\s*f?["']((?:ui|error|hint|value|field)\.[^"']+)["']""")
    used = {key for source in sources for key in pattern.findall(source.read_text(encoding="utf-8"))}
    literal_keys = {key for key in used if "{" not in key}
    # f-string keys (ui.weather.{category}…) must at least match a family of messages.
    for key in used - literal_keys:
        prefix = key.split("{")[0]
        assert any(known.startswith(prefix) for known in MESSAGES), f"no message starts with {prefix}"

    assert len(literal_keys) > 100
    missing = sorted(key for key in literal_keys if key not in MESSAGES)
    assert missing == []


def test_pages_hold_no_inline_chinese():
    for page in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        code_lines = [line for line in page.read_text(encoding="utf-8").splitlines()[1:]
                      if not line.lstrip().startswith("#")]
        offending = [line for line in code_lines if re.search(r"[\u4e00-\u9fff]", line)]
        assert offending == [], f"{page.name} has user text outside the catalogue: {offending}"


def test_secrets_example_documents_every_setting():
    from mumble.settings import _FIELDS

    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^# ([A-Z][A-Z0-9_]+) = ", example, flags=re.MULTILINE))

    # boto3 reads the AWS credentials from the environment; Mumble's settings never hold them.
    credentials = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    assert sorted(set(_FIELDS) - documented) == []
    assert sorted(documented - set(_FIELDS) - credentials) == []


def test_secrets_example_values_parse_as_settings():
    import tomllib

    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    uncommented = "\n".join(line[2:] for line in example.splitlines() if re.match(r"^# [A-Z][A-Z0-9_]+ = ", line))
    settings = load_settings({}, tomllib.loads(uncommented))

    assert settings.openai_api_key == "sk-your-key"
    assert settings.max_upload_mb == 50
    assert settings.admins == ("amy@example.com", "li.lei@example.com")
    assert settings.aws_region == "ap-east-1"


def test_upload_limit_in_config_matches_the_default_setting():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert config["server"]["maxUploadSize"] == load_settings({}).max_upload_mb
