"""An artwork's recipe as people read it: which motifs, palette, weather and hour made the picture.

The painter stores its recipe as language-neutral keys (so a record can be
redrawn or re-read in either language); this module turns it into labelled
lines in the user's language for the CLI and the app.
"""

from __future__ import annotations

from typing import Any

from ..context import MOODS
from ..i18n import MESSAGES, t


def describe_recipe(recipe: dict[str, Any], language: str | None = None, mood_suggested: bool = False) -> list[tuple[str, str]]:
    """Return (label, value) lines describing a recipe; empty for an engine that stores none.

    Args:
        recipe: Artwork.recipe as the painter returns it.
        language: "zh-CN" or "en".
        mood_suggested: whether the mood was suggested from the voice rather than chosen.
    """
    if not recipe or "motifs" not in recipe:
        return []
    words = recipe.get("words") or {}
    motifs = []
    for motif in recipe["motifs"]:
        label = _label("motif", motif, language)
        motifs.append(t("recipe.from_word", language, motif=label, word=words[motif]) if motif in words else label)
    separator = "、" if _is_chinese(language) else ", "
    lines = [(t("recipe.motifs", language), separator.join(motifs) or t("recipe.none", language))]

    sky = [_label("motif", item, language) for item in recipe.get("sky") or []]
    if sky:
        lines.append((t("recipe.sky", language), separator.join(sky)))

    palette = recipe.get("palette") or {}
    name = palette.get("name")
    mood_label = _mood_label(name, language) if name in MOODS else t("recipe.palette_neutral", language)
    lines.append((t("recipe.palette", language), f"{mood_label} {' '.join(palette.get('colors') or [])}".strip()))
    lines.append((t("recipe.weather", language), _label("weather", recipe.get("weather") or "unknown", language)))
    time_of_day = _label("time", recipe["time_of_day"], language) if recipe.get("time_of_day") else ""
    season = _label("season", recipe["season"], language) if recipe.get("season") else ""
    lines.append((t("recipe.time", language), f"{season} {time_of_day}".strip()))

    mood_key = recipe.get("mood_key")
    if mood_key in MOODS:
        mood = _mood_label(mood_key, language)
        lines.append((t("recipe.mood", language), t("mood.suggested", language, mood=mood) if mood_suggested else mood))
    if recipe.get("seed") is not None:
        lines.append((t("recipe.seed", language), str(recipe["seed"])))
    return lines


def _label(group: str, key: str, language: str | None) -> str:
    """Return the catalogue label of a recipe value, or the stored key when the catalogue has none."""
    catalogue_key = f"recipe.{group}.{key}"
    return t(catalogue_key, language) if catalogue_key in MESSAGES else key


def _mood_label(key: str, language: str | None) -> str:
    zh, en = MOODS[key]
    return zh if _is_chinese(language) else en


def _is_chinese(language: str | None) -> bool:
    return not (language or "").lower().startswith("en")
