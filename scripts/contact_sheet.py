"""Render the painter's contact sheet: twelve scenes across weather, hour and mood in a labelled grid.

Usage:
    python scripts/contact_sheet.py [--out docs/renderer.png] [--thumb 320]

Labels are in Chinese when fontconfig finds a CJK font (`fc-list :lang=zh`),
otherwise in English.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mumble.context import MOODS, Context, Weather  # noqa: E402
from mumble.render.painter import paint  # noqa: E402

# (transcript, weather, local time, mood)
SCENES = [
    ("今天晚上我和小猫坐在山上看月亮", "clear", "2024-09-17T21:30:00+08:00", "平静"),
    ("清晨的森林里小鸟在唱歌", "fog", "2024-05-12T05:50:00+08:00", "梦幻"),
    ("春天的花园里蝴蝶飞舞", "clear", "2024-04-06T10:00:00+08:00", "开心"),
    ("黄昏的海边，海鸥飞过", "clouds", "2024-08-20T18:10:00+08:00", "怀旧"),
    ("下雨天坐船去看荷花", "rain", "2024-07-03T15:00:00+08:00", "忧郁"),
    ("和小狗在草地上放风筝", "wind", "2024-10-02T11:00:00+08:00", "兴奋"),
    ("雪山下的湖边有一棵大树", "snow", "2024-01-15T13:00:00+08:00", "充满希望"),
    ("城市的夜晚，高楼灯火通明", "thunder", "2024-06-28T22:40:00+08:00", "焦虑"),
    ("江边的古塔和石桥", "drizzle", "2024-03-22T17:40:00+08:00", "疲惫"),
    ("过年挂红灯笼，回家的路", "snow", "2024-02-09T20:00:00+08:00", "开心"),
    ("堵在路上一个小时，气死我了", "thunder", "2024-08-05T18:20:00+08:00", "愤怒"),
    ("彩虹挂在山谷，远处有一条河", "clouds", "2024-07-21T06:20:00+08:00", "充满希望"),
]

WEATHER_ZH = {"clear": "晴", "clouds": "多云", "rain": "雨", "drizzle": "小雨", "thunder": "雷雨", "snow": "雪",
              "fog": "雾", "wind": "大风", "unknown": "未知"}
TIME_ZH = {"dawn": "清晨", "day": "白天", "dusk": "黄昏", "night": "夜晚"}


def cjk_font(size: int) -> ImageFont.ImageFont | None:
    """Return a CJK-capable font at size from fontconfig, or None when none is installed."""
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in listing.splitlines():
        path = line.split(":")[0].strip()
        if path:
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    return None


def label_for(context: Context, recipe: dict, chinese: bool) -> tuple[str, str]:
    mood = MOODS.get(recipe["mood_key"] or "", ("", ""))
    if chinese:
        top = f"{WEATHER_ZH[recipe['weather']]} · {TIME_ZH[recipe['time_of_day']]} · {mood[0]}"
        bottom = "、".join(recipe["words"].values()) or "—"
    else:
        top = f"{recipe['weather']} · {recipe['time_of_day']} · {mood[1]}"
        bottom = ", ".join(recipe["motifs"])
    return top, bottom


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/renderer.png"), help="PNG file to write")
    parser.add_argument("--thumb", type=int, default=320, help="side of each picture in pixels")
    parser.add_argument("--columns", type=int, default=4, help="pictures per row")
    args = parser.parse_args()

    font = cjk_font(15)
    chinese = font is not None
    font = font or ImageFont.load_default(15)
    label_height = 46
    gap = 8
    rows = (len(SCENES) + args.columns - 1) // args.columns
    width = args.columns * (args.thumb + gap) + gap
    height = rows * (args.thumb + label_height + gap) + gap
    sheet = Image.new("RGB", (width, height), (246, 243, 236))
    draw = ImageDraw.Draw(sheet)

    for index, (transcript, category, local_time, mood) in enumerate(SCENES):
        context = Context(mood=mood, weather=Weather(category=category), local_time=local_time)
        started = time.perf_counter()
        image, recipe = paint("", context, transcript)
        elapsed = time.perf_counter() - started
        print(f"{index + 1:2d} {elapsed * 1000:5.0f} ms  {category:8s} {recipe['time_of_day']:6s} "
              f"{recipe['mood_key'] or '-':10s} {recipe['motifs']}")
        column, row = index % args.columns, index // args.columns
        x = gap + column * (args.thumb + gap)
        y = gap + row * (args.thumb + label_height + gap)
        sheet.paste(image.resize((args.thumb, args.thumb), Image.Resampling.LANCZOS), (x, y))
        top, bottom = label_for(context, recipe, chinese)
        draw.text((x + 2, y + args.thumb + 4), top, fill=(40, 40, 40), font=font)
        draw.text((x + 2, y + args.thumb + 24), bottom, fill=(110, 110, 110), font=font)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
