"""Turn stored values into what a person reads: labels, times, sizes and context rows.

Plain functions of their arguments (no Streamlit), so tests check them
directly and every page words the same value the same way.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from mumble.context import MOODS, mood_key
from mumble.i18n import MESSAGES, t
from mumble.store.base import Record

# A colour the swatches accept: "#rrggbb" and nothing else, so no other text reaches their style attribute.
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# Audio container extension (as the store names it) -> MIME type for playback.
AUDIO_MIME = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "ogg": "audio/ogg",
    "webm": "audio/webm",
    "flac": "audio/flac",
}


def zone(timezone_name: str | None) -> ZoneInfo | None:
    """Return the named time zone, or None for a missing or unknown name."""
    if not timezone_name:
        return None
    try:
        return ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_time_in(timezone_name: str | None, now: datetime | None = None) -> str:
    """Return the time now (or `now`) in the named zone as ISO 8601 with offset.

    Falls back to the server's zone when the name is missing or unknown.
    """
    moment = now or datetime.now().astimezone()
    found = zone(timezone_name)
    moment = moment.astimezone(found) if found else moment.astimezone()
    return moment.isoformat(timespec="seconds")


def format_timestamp(iso: str, timezone_name: str | None = None) -> str:
    """Return a stored UTC timestamp as "YYYY-MM-DD HH:MM" in the named zone (server zone by default)."""
    moment = datetime.fromisoformat(iso)
    found = zone(timezone_name)
    return (moment.astimezone(found) if found else moment.astimezone()).strftime("%Y-%m-%d %H:%M")


def format_ms(ms: float | None) -> str:
    """Return a stage time as "850 ms" below two seconds and "12.3 s" above."""
    if ms is None:
        return "–"
    if ms < 2000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.1f} s"


def format_bytes(size: int | None) -> str:
    """Return a byte count in B, KB, MB or GB (powers of 1024)."""
    if size is None:
        return "–"
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def mood_label(key: str, language: str) -> str:
    """Return a fixed mood's label in language."""
    chinese, english = MOODS[key]
    return english if language == "en" else chinese


def mood_display(mood: str | None, language: str) -> str | None:
    """Return a stored mood for display: a fixed mood in language, free text as typed."""
    if not mood:
        return None
    key = mood_key(mood)
    if key and mood.strip().lower() in (label.lower() for label in MOODS[key]):
        return mood_label(key, language)
    return mood.strip()


def weather_label(category: str | None, language: str) -> str:
    """Return a weather category (clear, rain…) as a word in language."""
    return t(f"ui.weather.{category or 'unknown'}", language)


def describe_weather(weather: dict[str, Any] | None, language: str) -> str | None:
    """Return "晴 · 21°C · 湿度 40%"-style text for a stored weather dict, or None."""
    if not weather:
        return None
    parts = [weather.get("description") or weather_label(weather.get("category"), language)]
    if weather.get("temperature_c") is not None:
        parts.append(f"{weather['temperature_c']:.0f}°C")
    if weather.get("humidity") is not None:
        parts.append(t("ui.context.humidity", language, value=weather["humidity"]))
    if weather.get("wind_speed_ms") is not None:
        parts.append(t("ui.context.wind", language, value=weather["wind_speed_ms"]))
    return " · ".join(parts)


def context_rows(context: dict[str, Any], language: str, timezone_name: str | None = None) -> list[tuple[str, str]]:
    """Return (label, value) rows describing a stored context, unknown fields included."""
    unknown = t("value.unknown", language)
    place = context.get("place") or {}
    place_text = place.get("name")
    if not place_text and place.get("latitude") is not None and place.get("longitude") is not None:
        # The weather lookup fills the name in when its provider returns one, so bare coordinates are labelled.
        place_text = t("ui.context.current_position", language, latitude=place["latitude"], longitude=place["longitude"])
    weather_text = describe_weather(context.get("weather"), language)
    if weather_text is None and context.get("weather_error"):
        weather_text = t("ui.context.weather_failed", language, detail=context["weather_error"])

    rows = [
        (t("ui.context.mood", language), mood_display(context.get("mood"), language) or unknown),
        (t("ui.context.place", language), place_text or unknown),
        (t("ui.context.weather", language), weather_text or unknown),
    ]
    local_time = context.get("local_time")
    if local_time:
        moment = datetime.fromisoformat(local_time)
        rows.append((t("ui.context.local_time", language), moment.strftime("%Y-%m-%d %H:%M")))
    if context.get("time_of_day"):
        rows.append((t("ui.context.time_of_day", language), t(f"ui.time_of_day.{context['time_of_day']}", language)))
    if context.get("season"):
        rows.append((t("ui.context.season", language), t(f"ui.season.{context['season']}", language)))
    return rows


def stage_label(stage: str, language: str) -> str:
    """Return a pipeline stage's name for people ("识别语音" for transcribe)."""
    key = f"ui.stage.{stage}"
    return t(key, language) if key in MESSAGES else stage


def error_text(key: str | None, params: dict[str, Any], language: str) -> str:
    """Return a stored {"key", "params"} error as a message in language."""
    key = key or "error.generic"
    if key == "error.model_unavailable":
        params = {**params, "hint": t("hint.model_install", language)}
    try:
        return t(key, language, **params)
    except (KeyError, ValueError, IndexError):
        # A key from a newer version, or params that no longer fit its text.
        return t("error.generic", language, detail=params.get("detail") or key)


def record_error_message(record: Record, language: str) -> str | None:
    """Return why a record failed, in language, or None when it has no stored error."""
    if not record.error:
        return None
    return error_text(record.error.get("key"), record.error.get("params") or {}, language)


def status_label(status: str, language: str) -> str:
    """Return a record status (done, failed, processing) as a word in language."""
    return t(f"ui.record_status.{status}", language)


def metadata_table(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """Return an export metadata frame for reading on screen: headers, status, time of day and season in language.

    The frame's columns are mumble.export.METADATA_COLUMNS. Empty cells stay empty.
    """
    shown = frame.copy()
    words = {"status": "ui.record_status", "time_of_day": "ui.time_of_day", "season": "ui.season"}
    for column, prefix in words.items():
        if column in shown:
            shown[column] = shown[column].map(
                lambda value, prefix=prefix: t(f"{prefix}.{value}", language) if f"{prefix}.{value}" in MESSAGES else value)
    headers = {column: t(f"ui.metadata.{column}", language) for column in shown.columns if f"ui.metadata.{column}" in MESSAGES}
    return shown.rename(columns=headers)


def palette_colors(recipe: dict[str, Any]) -> list[str]:
    """Return the recipe's palette colours that are valid "#rrggbb" values, in order; others are dropped."""
    colors = (recipe.get("palette") or {}).get("colors") or []
    return [color for color in colors if isinstance(color, str) and HEX_COLOR.fullmatch(color)]


def without_hex_colors(text: str) -> str:
    """Return text with every whitespace-separated "#rrggbb" token removed."""
    return " ".join(word for word in text.split() if not HEX_COLOR.fullmatch(word))


def swatches_html(colors: list[str]) -> str:
    """Return one small coloured square per colour as HTML spans; colours must be valid "#rrggbb" values."""
    squares = []
    for color in colors:
        if not HEX_COLOR.fullmatch(color):
            raise ValueError(f"invalid colour {color!r}: expected #rrggbb")
        squares.append(
            f'<span title="{color}" style="display:inline-block;width:1.25em;height:1.25em;margin-right:0.25em;'
            f'border-radius:3px;border:1px solid rgba(128,128,128,0.5);background-color:{color}"></span>')
    return "".join(squares)


def excerpt(text: str | None, length: int = 28) -> str:
    """Return the first `length` characters of text on one line, with "…" when cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def audio_mime(audio_format: str | None) -> str:
    return AUDIO_MIME.get((audio_format or "").lower(), "audio/wav")
