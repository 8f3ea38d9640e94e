"""Build the image prompt from what was said and the context around it.

The prompt is Chinese because the transcript is, and image models read
Chinese well; an unknown field is written as 未知 so the model never sees
"None" or an empty slot.
"""

from __future__ import annotations

from .context import MOODS, Context

MAX_TRANSCRIPT_CHARS = 2000
MAX_PROMPT_CHARS = 4000

_TIME_OF_DAY = {"dawn": "清晨", "day": "白天", "dusk": "黄昏", "night": "夜晚"}
_SEASON = {"spring": "春季", "summer": "夏季", "autumn": "秋季", "winter": "冬季"}
_UNKNOWN = "未知"


def describe_weather(context: Context) -> str:
    weather = context.weather
    if weather is None:
        return _UNKNOWN
    parts = [weather.description or _UNKNOWN]
    if weather.temperature_c is not None:
        parts.append(f"{weather.temperature_c:.0f}°C")
    if weather.humidity is not None:
        parts.append(f"湿度 {weather.humidity:.0f}%")
    return "，".join(parts)


def describe_mood(context: Context) -> str:
    if not context.mood:
        return _UNKNOWN
    key = context.mood_key
    label = MOODS[key][0] if key else None
    if label and label != context.mood.strip():
        return f"{context.mood.strip()}（接近“{label}”）"
    return context.mood.strip()


def describe_place(context: Context) -> str | None:
    """Return the place as the prompt names it: its name, or its coordinates in words."""
    place = context.place
    if place is None:
        return None
    if place.name:
        return place.name
    if place.latitude is None or place.longitude is None:
        return None
    north_south = "北纬" if place.latitude >= 0 else "南纬"
    east_west = "东经" if place.longitude >= 0 else "西经"
    return f"{north_south} {abs(place.latitude):.2f}°，{east_west} {abs(place.longitude):.2f}°"


def build_prompt(transcript: str, context: Context) -> str:
    """Return the Chinese image prompt for a transcript in its context."""
    place = describe_place(context)
    moment = context.moment
    lines = [
        "请根据一段随口说出的话，创作一幅艺术作品。",
        "",
        f"说的话：{transcript.strip()[:MAX_TRANSCRIPT_CHARS] or _UNKNOWN}",
        f"地点：{place or _UNKNOWN}",
        f"天气：{describe_weather(context)}",
        f"心情：{describe_mood(context)}",
        f"时间：{_SEASON[context.season]}的{_TIME_OF_DAY[context.time_of_day]}（{moment:%H:%M}）",
        "",
        "要求：把话里的意象和画面当作主体，用地点、天气、季节和时间决定光线与环境，"
        "用心情决定色调与笔触。现代艺术风格，色彩丰富而和谐，构图完整、有层次，"
        "画面中不要出现文字。",
    ]
    return "\n".join(lines)
