"""Benchmark the offline pipeline on the shared Mandarin clips and write docs/BENCHMARKS.md.

Usage: .venv/bin/python bench/bench_pipeline.py [--repeat N] [--out docs/BENCHMARKS.md]

Measures, per clip: the real-time factor (RTF = transcription seconds / audio
seconds) and CER of local transcription, render time, and end-to-end time of
`Pipeline.process`, both cold (a fresh process that loads the model first)
and warm (median of N runs in one process after a warm-up run).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SPEECH = REPO.parent / "shared" / "fixtures" / "speech"

from mumble.audio import load_recording  # noqa: E402
from mumble.pipeline import Pipeline  # noqa: E402
from mumble.settings import load_settings  # noqa: E402
from mumble.transcribe.base import character_error_rate  # noqa: E402

COLD_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from mumble.pipeline import Pipeline
from mumble.settings import load_settings
record = Pipeline(load_settings()).process(sys.argv[1])
print(json.dumps({"total_s": time.perf_counter() - started, "timings_ms": record.timings_ms}))
"""


def references() -> dict[str, str]:
    with open(SPEECH / "references.tsv", encoding="utf-8") as handle:
        return {row["file"]: row["reference"] for row in csv.DictReader(handle, delimiter="\t")}


def measure_cold(clip: Path, data_dir: str) -> dict:
    env = {**os.environ, "MUMBLE_DATA_DIR": data_dir, "MUMBLE_LOG_LEVEL": "WARNING", "MUMBLE_WEATHER": "off"}
    result = subprocess.run([sys.executable, "-c", COLD_SCRIPT, str(clip)], cwd=REPO, env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per clip (default 5)")
    parser.add_argument("--out", default=str(REPO / "docs" / "BENCHMARKS.md"))
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="mumble-bench-")
    settings = load_settings({**os.environ, "MUMBLE_DATA_DIR": data_dir, "MUMBLE_LOG_LEVEL": "WARNING", "MUMBLE_WEATHER": "off"})
    pipeline = Pipeline(settings)
    started = time.perf_counter()
    pipeline.transcriber.load()
    load_s = time.perf_counter() - started

    rows = []
    for name, reference in references().items():
        clip = SPEECH / name
        recording = load_recording(clip, settings.max_audio_seconds)
        pipeline.process(clip)  # warm-up
        warm_totals, transcribe_s, render_s, texts = [], [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            record = pipeline.process(clip)
            warm_totals.append(time.perf_counter() - t0)
            transcribe_s.append(record.timings_ms["transcribe"] / 1000)
            render_s.append(record.timings_ms["render"] / 1000)
            texts.append(record.transcript)
        cold = measure_cold(clip, data_dir)
        rows.append({
            "clip": name,
            "audio_s": recording.duration_s,
            "cer": character_error_rate(texts[-1], reference),
            "rtf": statistics.median(transcribe_s) / recording.duration_s,
            "render_s": statistics.median(render_s),
            "warm_s": statistics.median(warm_totals),
            "cold_s": cold["total_s"],
        })
        print(json.dumps(rows[-1], ensure_ascii=False))

    write_report(Path(args.out), rows, load_s, args.repeat, settings)


def write_report(path: Path, rows: list[dict], load_s: float, repeat: int, settings) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/bench_pipeline.py` on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}. Model `{settings.whisper_model}`, "
        f"{settings.whisper_compute_type}, beam size {settings.whisper_beam_size}. Warm figures are medians of "
        f"{repeat} runs in one process after a warm-up run; cold is one fresh process including imports and "
        "model load. Times are wall-clock seconds and drift with machine load: compare ratios, not absolutes.",
        "",
        f"Model load (in process, weights already joined): {load_s:.2f} s.",
        "",
        "| clip | audio s | CER | transcription RTF | render s | end-to-end warm s | end-to-end cold s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(f"| {row['clip']} | {row['audio_s']:.1f} | {row['cer']:.3f} | {row['rtf']:.3f} | "
                     f"{row['render_s']:.2f} | {row['warm_s']:.2f} | {row['cold_s']:.2f} |")
    lines += ["", "RTF = transcription time / audio duration (lower is faster; 0.10 means ten times real time).", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
