"""The benchmark suite still runs: a quick pass over the fast areas, and the rule that picks defaults.

Timing targets live in bench/run.py's report, never in assertions here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import transcription  # noqa: E402


def test_quick_run_writes_report_with_targets(tmp_path):
    pytest.importorskip("moto.server", reason="moto is not installed: pip install -r requirements-dev.txt")
    report = tmp_path / "BENCHMARKS.md"

    result = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--only", "drawing,gallery", "--gallery-sizes", "30,60",
         "--out", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    assert "## Targets" in text
    assert "offline artwork 1024×1024" in text
    assert "gallery first page, 60 vs 30 records, SQLite" in text
    assert "gallery first page, 60 vs 30 records, AWS (moto)" in text
    assert "| what | target | measured | met |" in result.stdout


def clip(name: str, seconds: float, audio_s: float, cer: float) -> transcription.ClipResult:
    return transcription.ClipResult(name, audio_s, seconds, seconds, cer, "")


def test_fastest_setting_within_cer_limits_is_chosen():
    slow = transcription.Config(5, "int8", False, "full")
    fast = transcription.Config(5, "int8", False, "fit")
    fastest_but_wrong = transcription.Config(1, "int8", False, "fit")
    results = {
        slow: [clip("zh_command.wav", 0.8, 2.0, 0.0), clip("zh_meeting.wav", 2.0, 12.4, 0.24)],
        fast: [clip("zh_command.wav", 0.2, 2.0, 0.0), clip("zh_meeting.wav", 1.2, 12.4, 0.30)],
        fastest_but_wrong: [clip("zh_command.wav", 0.1, 2.0, 0.0), clip("zh_meeting.wav", 0.9, 12.4, 0.40)],
    }

    assert transcription._choose(results) == fast


def test_no_default_when_all_miss_limits():
    config = transcription.Config(1, "int8", False, "fit")
    assert transcription._choose({config: [clip("zh_welcome.wav", 0.3, 5.5, 0.2)]}) is None
