"""The offline painter: a layered landscape drawn from the words, weather, hour and mood.

No model weights and no network: NumPy and Pillow paint the picture in
layers (sky, ranges, ground, water, plants, figures, weather), then a
mood-specific brush and colour grade turn the layers into a painting. Work
happens on a 512-pixel canvas that is upscaled to 1024. Only the canvas
texture and falling rain or snow are added at full size. That keeps a
render with PNG encoding near 0.2 s of CPU time on two cores, as measured
by bench/render_bench.py (figures in docs/RENDERER.md).

The composition seed is a SHA-256 of the words and the place only, so the
same recording redrawn under other weather, at another hour or in another
mood keeps its layout and changes only its light and colour.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any, Callable

import numpy as np

from ..context import Context
from ..errors import RenderFailed
from .base import Artwork
from .motifs import FULL_MOON_WORDS, choose_motifs, detect_motifs
from .palettes import mood_palette, to_hex, weather_look
from .png import encode_png
from .scene import figures, land, plants, sky, water, weather
from .scene.brush import apply_brush, finish, grade
from .scene.canvas import Canvas
from .scene.layout import Scene, sky_colors

OUTPUT_SIZE = 1024
WORK_SIZE = 512
# Scenes painted when the words name no motif; the seed picks one.
DEFAULT_SCENES: tuple[tuple[str, ...], ...] = (
    ("mountains", "lake"),
    ("field", "tree"),
    ("river", "forest"),
    ("sea", "birds"),
    ("mountains", "forest"),
    ("flowers", "tree"),
    ("lake", "boat"),
    ("road", "home"),
)

_log = logging.getLogger(__name__)


def composition_seed(transcript: str, prompt: str, context: Context) -> int:
    """Return a 63-bit seed from the words and the place, stable across runs and machines."""
    place = context.place.label() if context.place else None
    payload = json.dumps([transcript or "", prompt or "", place or ""], ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(payload.encode("utf-8")).digest()[:8], "big") >> 1


class PainterRenderer:
    """Paints an artwork offline with NumPy and Pillow; the local image generator."""

    name = "painter"

    def __init__(self, size: int = OUTPUT_SIZE) -> None:
        self.size = size

    def generate(self, prompt: str, context: Context, transcript: str) -> Artwork:
        """Paint the artwork and return it with its recipe (motifs, palette, weather, hour, season, mood, seed)."""
        started = time.perf_counter()
        try:
            image, recipe = paint(prompt, context, transcript, self.size)
            png = encode_png(image)
        except (ValueError, MemoryError, OSError) as error:
            raise RenderFailed(f"{type(error).__name__}: {error}"[:200]) from error
        _log.info("painted %s in %.0f ms", recipe["motifs"], (time.perf_counter() - started) * 1000)
        return Artwork(png=png, width=self.size, height=self.size, engine=self.name, recipe=recipe)

    def health(self) -> dict:
        return {"engine": self.name, "present": True, "size": self.size}


def paint(prompt: str, context: Context, transcript: str, size: int = OUTPUT_SIZE):
    """Paint and return (PIL image, recipe dict) without encoding it."""
    match = detect_motifs(transcript, prompt)
    seed = composition_seed(transcript, prompt, context)
    rng = np.random.default_rng(seed)
    motifs = choose_motifs(match.motifs)
    if not motifs:
        motifs = list(DEFAULT_SCENES[seed % len(DEFAULT_SCENES)])

    scene = _make_scene(rng, motifs, context)
    scene.full_moon = match.words.get("moon") in FULL_MOON_WORDS
    drawn = _paint_layers(scene)

    brushed = apply_brush(scene.canvas.rgb, scene.palette.brush, rng)
    clear_night = scene.time_of_day == "night" and scene.look.cloud_cover < 0.7
    if clear_night or "stars" in motifs:
        sky.paint_stars(brushed, scene.canvas.cover, scene, rng)
        drawn.append("stars")
    brushed *= np.asarray(scene.colors.tint, np.float32)
    graded = grade(brushed, scene.palette)
    image = finish(graded, size)
    falling = weather.precipitation_kind(scene)
    if falling:
        image = weather.draw_precipitation(image, scene, falling, rng)

    palette = scene.palette
    recipe: dict[str, Any] = {
        "motifs": [motif for motif in motifs if motif in drawn],
        "words": {motif: word for motif, word in match.words.items() if motif in drawn},
        "sky": [item for item in ("sun", "moon", "stars") if item in drawn and item not in motifs],
        "palette": {
            "name": palette.name,
            "colors": [to_hex(color) for color in (palette.shadow, palette.mid, palette.highlight, palette.accent)],
        },
        "brush": palette.brush.name,
        "weather": scene.weather,
        "precipitation": falling,
        "time_of_day": scene.time_of_day,
        "season": scene.season,
        "mood_key": context.mood_key,
        "seed": seed,
    }
    return image, recipe


def _make_scene(rng: np.random.Generator, motifs: list[str], context: Context) -> Scene:
    size = WORK_SIZE
    time_of_day = context.time_of_day
    category = context.weather_category
    look = weather_look(category)
    water_kind = next((motif for motif in motifs if motif in ("sea", "lake", "river")), None)
    horizon = int(size * rng.uniform(0.52, 0.58 if water_kind == "sea" else 0.64))

    # A low sun sits just clear of the hills on the horizon.
    if time_of_day == "dawn":
        light_x, light_y = rng.uniform(0.18, 0.38) * size, horizon - size * rng.uniform(0.12, 0.17)
    elif time_of_day == "dusk":
        light_x, light_y = rng.uniform(0.62, 0.82) * size, horizon - size * rng.uniform(0.12, 0.17)
    else:
        light_x, light_y = rng.uniform(0.22, 0.78) * size, rng.uniform(0.14, 0.3) * size

    scene = Scene(
        canvas=Canvas(size),
        rng=rng,
        motifs=motifs,
        time_of_day=time_of_day,
        season=context.season,
        weather=category,
        palette=mood_palette(context.mood_key),
        look=look,
        horizon=horizon,
        light_x=light_x,
        light_y=light_y,
    )
    scene.sky = sky_colors(time_of_day, look)
    scene.snowy = category == "snow" or "snow" in motifs
    scene.wind = {"wind": 0.9, "thunder": 0.45, "rain": 0.25}.get(category, 0.05)
    return scene


def _paint_layers(scene: Scene) -> list[str]:
    """Paint every layer back to front and return the motifs and sky bodies actually drawn."""
    motifs = scene.motifs
    drawn: list[str] = []

    def draw(key: str, painter: Callable[[Scene], None]) -> None:
        if key in motifs:
            painter(scene)
            drawn.append(key)

    sky.paint_sky(scene)
    _paint_sky_bodies(scene, drawn)
    sky.paint_clouds(scene)
    if "clouds" in motifs:
        drawn.append("clouds")
    draw("rainbow", sky.paint_rainbow)

    if "mountains" in motifs:
        land.paint_mountains(scene)
        drawn.append("mountains")
    else:
        land.paint_hills(scene)
    draw("city", land.paint_city)
    draw("pagoda", land.paint_pagoda)

    water_kind = next((motif for motif in motifs if motif in ("sea", "lake", "river")), None)
    land.paint_ground(scene, water_kind or "")
    if water_kind in ("sea", "lake"):
        water.paint_water(scene, water_kind)
        drawn.append(water_kind)
    land.paint_bank(scene, water_kind or "")
    if water_kind == "river":
        water.paint_river(scene)
        drawn.append("river")
    if scene.weather in ("rain", "thunder") and water_kind != "sea":
        water.paint_wet_ground(scene)
    draw("forest", plants.paint_forest)

    draw("field", plants.paint_field)
    draw("road", land.paint_road)
    draw("bridge", water.paint_bridge)
    draw("boat", water.paint_boat)
    draw("fish", water.paint_fish)
    draw("home", land.paint_home)
    if "field" not in motifs:
        plants.paint_grass(scene, dense=False)
    draw("tree", plants.paint_tree)
    draw("flowers", plants.paint_flowers)
    draw("cat", figures.paint_cat)
    draw("dog", figures.paint_dog)
    draw("birds", figures.paint_birds)
    draw("kite", figures.paint_kite)
    draw("butterfly", figures.paint_butterflies)
    draw("lantern", figures.paint_lanterns)
    for key in ("rain", "snow"):
        if key in motifs:
            drawn.append(key)

    weather.paint_fog(scene)
    if scene.weather == "wind":
        weather.paint_wind(scene)
    if scene.weather == "thunder":
        weather.paint_lightning(scene)
    return drawn


def _paint_sky_bodies(scene: Scene, drawn: list[str]) -> None:
    """Paint the sun by day and the moon by night (or when named), keeping them apart."""
    size = scene.size
    if scene.time_of_day != "night":
        sky.paint_sun(scene)
        drawn.append("sun")
        if "moon" in scene.motifs:
            sun_x, sun_y = scene.light_x, scene.light_y
            scene.light_x = size - sun_x if abs(size / 2 - sun_x) > size * 0.15 else (sun_x + size * 0.4) % size
            scene.light_y = size * 0.15
            sky.paint_moon(scene)
            scene.light_x, scene.light_y = sun_x, sun_y
            drawn.append("moon")
    elif "moon" in scene.motifs or scene.look.sun_visible >= 0.3:
        # A clear night always has its moon: without it the picture has no light to look at.
        sky.paint_moon(scene)
        drawn.append("moon")
