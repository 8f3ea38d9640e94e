"""Offline artwork: time to draw one 1024² artwork with the local image generator.

The generator is whatever `backends.make_image_generator` returns for offline
settings, so the figure follows the product when the renderer changes. Each
scene is drawn once untimed first: the first render of a process loads
dictionaries and caches textures, which a long-running app pays only once.
"""

from __future__ import annotations

import statistics
import time

from common import Check, Options, Section, offline_environment
from mumble import backends
from mumble.context import Context, Place, Weather
from mumble.render.base import make_thumbnail
from mumble.settings import load_settings

TARGET_S = 0.3
# (transcript, weather category, local time, mood): a spread of motifs, weather and hours.
SCENES = (
    ("今天晚上我和小猫坐在山上看月亮", "clear", "2026-09-17T21:30:00+08:00", "平静"),
    ("下雨天坐船去看荷花，河里有很多金鱼", "rain", "2026-07-03T15:00:00+08:00", "忧郁"),
    ("雪山下的湖边有一棵大树", "snow", "2026-01-15T13:00:00+08:00", "充满希望"),
    ("城市的夜晚，高楼灯火通明", "thunder", "2026-06-28T22:40:00+08:00", "焦虑"),
    ("和小狗在草地上放风筝", "wind", "2026-10-02T11:00:00+08:00", "兴奋"),
    ("江边的古塔和石桥", "fog", "2026-03-22T17:40:00+08:00", "疲惫"),
    ("今天开了三个会", "clouds", "2026-05-12T06:10:00+08:00", None),
)


def run(options: Options) -> Section:
    section = Section("Drawing")
    settings = load_settings(offline_environment(options.work_dir / "drawing"))
    started = time.perf_counter()
    generator = backends.make_image_generator(settings)
    context = Context(weather=Weather(category="clear"))
    first = generator.generate("", context, "预热")
    first_s = time.perf_counter() - started
    repeat = 1 if options.quick else options.repeat

    walls, cpus, sizes, thumbnail_s = [], [], [], []
    rows = []
    for transcript, category, local_time, mood in SCENES[: 2 if options.quick else None]:
        context = Context(mood=mood, place=Place(name="杭州"), weather=Weather(category=category), local_time=local_time)
        prompt = f"画：{transcript}"
        generator.generate(prompt, context, transcript)
        scene_walls = []
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            artwork = generator.generate(prompt, context, transcript)
            scene_walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        walls += scene_walls
        sizes.append(len(artwork.png))
        wall = time.perf_counter()
        thumbnail = make_thumbnail(artwork.png)
        thumbnail_s.append(time.perf_counter() - wall)
        rows.append(f"| {transcript} | {category} | {statistics.median(scene_walls):.3f} | "
                    f"{len(artwork.png) // 1024} | {len(thumbnail) // 1024} |")

    median = statistics.median(walls)
    section.checks.append(Check(f"offline artwork {first.width}×{first.height} ({generator.name})", f"≤ {TARGET_S} s",
                                f"median {median:.3f} s, worst {max(walls):.3f} s", median <= TARGET_S))
    section.lines += [
        f"Generator: `{generator.name}`, {first.width}×{first.height} PNG including encoding. "
        f"{len(walls)} timed renders ({repeat} per scene after one untimed render of each scene). "
        f"The process's first render, with imports and caches, took {first_s:.2f} s.",
        "",
        "| transcript | weather | median s | PNG KiB | thumbnail KiB |",
        "| --- | --- | ---: | ---: | ---: |",
        *rows,
        "",
        f"All renders: median {median:.3f} s wall, {statistics.median(cpus):.3f} s CPU; worst {max(walls):.3f} s. "
        f"Thumbnail (WebP, 320 px) from the PNG: median {statistics.median(thumbnail_s):.3f} s.",
    ]
    return section
