"""Time the painter on a spread of scenes, wall clock and CPU.

Usage:
    python bench/render_bench.py [--rounds 3]

Prints the median and worst time per render, including PNG encoding, with
the jieba dictionary and the cached canvas texture already loaded (the first
render of a process pays about a second for those). CPU time is reported
beside wall time because a shared machine's load inflates wall time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mumble.context import Context, Weather  # noqa: E402
from mumble.render.painter import PainterRenderer  # noqa: E402

SCENES = [
    ("今天晚上我和小猫坐在山上看月亮", "clear", "2024-09-17T21:30:00+08:00", "平静"),
    ("下雨天坐船去看荷花，河里有很多金鱼", "rain", "2024-07-03T15:00:00+08:00", "忧郁"),
    ("雪山下的湖边有一棵大树", "snow", "2024-01-15T13:00:00+08:00", "充满希望"),
    ("城市的夜晚，高楼灯火通明", "thunder", "2024-06-28T22:40:00+08:00", "焦虑"),
    ("和小狗在草地上放风筝", "wind", "2024-10-02T11:00:00+08:00", "兴奋"),
    ("江边的古塔和石桥", "fog", "2024-03-22T17:40:00+08:00", "疲惫"),
    ("今天开了三个会", "clouds", "2024-05-12T06:10:00+08:00", None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="renders of each scene")
    args = parser.parse_args()

    renderer = PainterRenderer()
    warm = Context(weather=Weather(category="clear"))
    renderer.generate("", warm, "预热")

    walls, cpus = [], []
    for transcript, category, local_time, mood in SCENES:
        context = Context(mood=mood, weather=Weather(category=category), local_time=local_time)
        for _ in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            artwork = renderer.generate("", context, transcript)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"{category:8s} {len(artwork.png) // 1024:5d} KiB  wall {walls[-1] * 1000:5.0f} ms  "
              f"cpu {cpus[-1] * 1000:5.0f} ms  {artwork.recipe['motifs']}")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"renders: {len(walls)}  cores: {os.cpu_count()}  load average: {load:.1f}")
    print(f"wall ms: median {statistics.median(walls) * 1000:.0f}  max {max(walls) * 1000:.0f}")
    print(f"cpu  ms: median {statistics.median(cpus) * 1000:.0f}  max {max(cpus) * 1000:.0f}")


if __name__ == "__main__":
    main()
