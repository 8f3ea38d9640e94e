"""The whole offline pipeline on one clip: decode → transcribe → voice → context → prompt → save → draw → store.

Warm is the median of repeated `Pipeline.process` calls in one process after
a warm-up call, as in a running app. Cold is one fresh Python process that
imports everything, loads the model and processes the clip once, as the CLI does.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from common import REPO, SPEECH, Check, Options, Section, measure, offline_environment, references
from mumble.pipeline import Pipeline
from mumble.settings import load_settings

TARGET_S = 2.0
# The fixture clip closest to 5 s (5.5 s), and a shorter one for comparison.
CLIPS = ("zh_welcome.wav", "zh_aishell_0121.wav")

COLD_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from mumble.pipeline import Pipeline
from mumble.settings import load_settings
record = Pipeline(load_settings()).process(sys.argv[1])
print(json.dumps({"total_s": time.perf_counter() - started, "timings_ms": record.timings_ms}))
"""


def run(options: Options) -> Section:
    section = Section("Whole offline pipeline")
    if not references():
        section.lines.append(f"Skipped: speech fixtures not found in {SPEECH}.")
        return section

    data_dir = options.work_dir / "pipeline"
    environment = offline_environment(data_dir)
    pipeline = Pipeline(load_settings(environment))
    repeat = 1 if options.quick else options.repeat
    clips = CLIPS[:1] if options.quick else CLIPS

    lines = ["| clip | audio s | warm median s | stages (median ms) | cold s |", "| --- | ---: | ---: | --- | ---: |"]
    for clip in clips:
        path = SPEECH / clip
        timings = []

        def process():
            record = pipeline.process(path)
            timings.append(record.timings_ms)
            return record

        timing, record = measure(process, repeat)
        stages = _median_stages(timings[1:])
        cold = _cold_run(path, environment)
        lines.append(f"| {clip} | {record.duration_s:.1f} | {timing.wall:.2f} | "
                     + ", ".join(f"{name} {ms:.0f}" for name, ms in stages.items())
                     + f" | {cold:.2f} |")
        if clip == CLIPS[0]:
            section.checks.append(Check(f"whole offline pipeline, {record.duration_s:.1f} s clip, warm", f"≤ {TARGET_S:g} s",
                                        f"median {timing.wall:.2f} s (cold process {cold:.2f} s)", timing.wall <= TARGET_S))
        print(f"  pipeline: {clip}: warm {timing.wall:.2f} s, cold {cold:.2f} s", flush=True)

    section.lines += [f"Warm: median of {repeat} runs after one warm-up run. Cold: one fresh process, imports and "
                      "model load included. Weather lookups are off.", "", *lines]
    return section


def _median_stages(timings: list[dict[str, float]]) -> dict[str, float]:
    names = [name for name in timings[0]] if timings else []
    return {name: statistics.median(entry.get(name, 0.0) for entry in timings) for name in names}


def _cold_run(path, environment) -> float:
    result = subprocess.run([sys.executable, "-c", COLD_SCRIPT, str(path)], cwd=REPO, env=environment,
                            capture_output=True, text=True, check=True, timeout=300)
    return json.loads(result.stdout.strip().splitlines()[-1])["total_s"]
