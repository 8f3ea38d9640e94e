"""`python -m mumble` as a user and outside scripts call it: real processes, real clips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO, needs_speech, wav_bytes
from mumble.audio import SAMPLE_RATE
from mumble.cli import main

CONTRACT_KEYS = {"id", "owner", "created_at", "transcript", "prompt", "mood", "location", "weather",
                 "artwork", "thumbnail", "audio", "engines", "timings_ms"}


def run_cli(data_dir: Path, *args: str, language: str = "zh-CN") -> subprocess.CompletedProcess:
    env = {**os.environ, "MUMBLE_DATA_DIR": str(data_dir), "MUMBLE_LANGUAGE": language, "MUMBLE_WEATHER": "off"}
    env.pop("OPENAI_API_KEY", None)
    return subprocess.run([sys.executable, "-m", "mumble", "--quiet", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


@needs_speech
def test_process_json_follows_the_contract(tmp_path, speech_path):
    result = run_cli(tmp_path, "process", str(speech_path("zh_aishell_0121.wav")), "--mood", "忧郁",
                     "--location", "上海", "--owner", "demo", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)

    assert CONTRACT_KEYS <= set(record)
    assert record["owner"] == "demo"
    assert record["mood"] == "忧郁"
    assert record["location"] == "上海"
    assert record["weather"] is None
    assert record["artwork"]["width"] == record["artwork"]["height"] == 1024
    assert Path(record["artwork"]["path"]).is_file()
    assert Path(record["thumbnail"]["path"]).is_file()
    assert record["audio"]["duration_s"] == pytest.approx(4.2, abs=0.1)
    assert record["engines"] == {"transcriber": "faster-whisper:base", "renderer": "painter"}
    assert set(record["timings_ms"]) >= {"decode", "transcribe", "render"}
    assert record["created_at"].endswith("+00:00")

    shown = run_cli(tmp_path, "show", record["id"], "--json")
    assert json.loads(shown.stdout)["transcript"] == record["transcript"]

    listed = run_cli(tmp_path, "list", "--json")
    assert [r["id"] for r in json.loads(listed.stdout)] == [record["id"]]

    export = tmp_path / "out" / "gallery.zip"
    assert run_cli(tmp_path, "export", str(export)).returncode == 0
    with zipfile.ZipFile(export) as archive:
        names = archive.namelist()
        csv_text = archive.read("metadata.csv").decode("utf-8-sig")
    assert sum(name.endswith(".png") for name in names) == 1
    assert "metadata.json" in names
    assert record["id"] in csv_text

    deleted = run_cli(tmp_path, "delete", record["id"])
    assert deleted.returncode == 0
    assert run_cli(tmp_path, "show", record["id"]).returncode == 1
    assert not Path(record["artwork"]["path"]).exists()


@pytest.mark.parametrize("payload,needle_zh,needle_en", [
    (b"", "空的", "empty"),
    (b"RIFF\x00\x00garbage" * 20, "无法读取", "Could not read"),
    ("silence", "没有听到说话声", "No speech"),
])
def test_bad_input_exits_2_in_the_users_language(tmp_path, payload, needle_zh, needle_en):
    audio = tmp_path / "input.wav"
    audio.write_bytes(wav_bytes(np.zeros(2 * SAMPLE_RATE, np.float32)) if payload == "silence" else payload)

    chinese = run_cli(tmp_path / "data", "process", str(audio))
    english = run_cli(tmp_path / "data", "process", str(audio), language="en")

    assert chinese.returncode == 2
    assert needle_zh in chinese.stderr
    assert needle_en in english.stderr
    assert chinese.stdout == ""
    assert json.loads(run_cli(tmp_path / "data", "list", "--json").stdout) == []


def test_missing_record_exits_1(tmp_path):
    result = run_cli(tmp_path, "retry", "0" * 32, language="en")
    assert result.returncode == 1
    assert "was not found" in result.stderr


def test_health_reports_offline_engines_and_missing_keys(tmp_path, capsys, settings):
    assert main(["--quiet", "health", "--json"], settings=settings) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["engines"]["transcriber"] == "local"
    assert report["keys"]["OPENAI_API_KEY"] == "missing"
    assert report["checks"]["store"]["writable"] is True


@needs_speech
def test_parallel_process_runs_all_store(tmp_path, speech_path):
    clip = str(speech_path("zh_command.wav"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: run_cli(tmp_path, "process", clip, "--json"), range(8)))

    assert [r.returncode for r in results] == [0] * 8, [r.stderr[-300:] for r in results if r.returncode]
    listed = json.loads(run_cli(tmp_path, "list", "--limit", "20", "--json").stdout)
    assert len(listed) == 8
    assert all(r["status"] == "done" for r in listed)
    assert not any("database is locked" in r.stderr for r in results)
