"""Parts every benchmark area uses: options, timing, the fixture clips and report sections."""

from __future__ import annotations

import csv
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
SPEECH = REPO.parent / "shared" / "fixtures" / "speech"
# Clips whose reference is read speech; the rest (the meeting) is spontaneous and noisy.
READ_CLIPS = ("zh_welcome.wav", "zh_aishell_0121.wav", "zh_command.wav")
CER_LIMIT_READ = 0.15
CER_LIMIT_MEETING = 0.35

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@dataclass
class Options:
    """How much work each area does; `quick` shrinks everything to a smoke test."""

    repeat: int = 5
    quick: bool = False
    gallery_small: int = 100
    gallery_large: int = 10_000
    work_dir: Path = Path("/tmp")
    # The folder with app.py and pages/ that the app area starts.
    app_root: Path = REPO


@dataclass
class Check:
    """One row of the targets table."""

    what: str
    target: str
    measured: str
    # None for figures that are reported against no numeric target.
    met: bool | None


@dataclass
class Section:
    """One area's part of the report: its checks, markdown lines and notes."""

    title: str
    checks: list[Check] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Timing:
    wall_s: list[float]
    cpu_s: list[float]

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_s)


def measure(call: Callable[[], object], repeat: int, warmup: int = 1) -> tuple[Timing, object]:
    """Run call warmup times untimed, then repeat times; return the timings and the last result.

    CPU time is this process's (all threads), so it can exceed wall time when
    CTranslate2 or NumPy run on both cores.
    """
    result = None
    for _ in range(warmup):
        result = call()
    walls, cpus = [], []
    for _ in range(max(repeat, 1)):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(walls, cpus), result


def references() -> dict[str, str]:
    """Return clip file name -> reference transcript, or nothing when the fixtures are absent."""
    path = SPEECH / "references.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return {row["file"]: row["reference"] for row in csv.DictReader(handle, delimiter="\t")}


def cer_limit(clip: str) -> float:
    return CER_LIMIT_READ if clip in READ_CLIPS else CER_LIMIT_MEETING


def offline_environment(data_dir: Path | str, **overrides: str) -> dict[str, str]:
    """Return an environment for offline settings: no keys, no weather, quiet logs, a given data folder."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("MUMBLE_") and key not in ("OPENAI_API_KEY", "OPENWEATHER_API_KEY")}
    environment.update(MUMBLE_DATA_DIR=str(data_dir), MUMBLE_WEATHER="off", MUMBLE_LOG_LEVEL="WARNING")
    environment.update(overrides)
    return environment


def load_average() -> float:
    return os.getloadavg()[0]


def machine() -> dict[str, str]:
    """Describe the machine a run happened on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def ratio(value: float, base: float) -> float:
    return value / base if base > 0 else float("inf")


def yes_no(met: bool | None) -> str:
    if met is None:
        return "reported"
    return "yes" if met else "**no**"
