"""A first offline renderer: layered landscape from context, seeded by the words.

Pure NumPy + Pillow, no weights. The sky follows the hour and the weather,
the colours follow the mood, and a hash of the transcript shapes the ridges
and accents, so different words draw different pictures and the same input
always draws the same one.
"""

from __future__ import annotations

import hashlib
import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from ..context import Context
from ..errors import RenderFailed
from .base import Artwork

SIZE = 1024

# Sky (top, horizon) colours by time of day.
_SKIES = {
    "dawn": ((70, 90, 160), (250, 180, 140)),
    "day": ((80, 150, 230), (200, 230, 250)),
    "dusk": ((60, 40, 110), (250, 130, 80)),
    "night": ((8, 12, 40), (40, 50, 100)),
}
# Mood palettes: three land/accent colours, from far to near.
_PALETTES = {
    "calm": ((120, 170, 170), (70, 130, 140), (30, 80, 90)),
    "happy": ((250, 200, 90), (240, 130, 80), (200, 70, 90)),
    "excited": ((255, 90, 60), (230, 40, 120), (120, 20, 160)),
    "hopeful": ((170, 220, 140), (90, 180, 120), (40, 120, 90)),
    "dreamy": ((200, 170, 240), (150, 120, 220), (90, 70, 170)),
    "nostalgic": ((220, 180, 130), (180, 130, 90), (120, 80, 60)),
    "melancholy": ((120, 130, 170), (80, 90, 130), (40, 50, 80)),
    "anxious": ((170, 160, 110), (130, 100, 90), (80, 50, 60)),
    "angry": ((220, 80, 50), (160, 30, 30), (80, 10, 20)),
    "tired": ((150, 150, 150), (110, 110, 120), (70, 70, 80)),
    None: ((150, 180, 200), (100, 140, 160), (60, 90, 110)),
}
# How much each weather kind greys the sky and how dark it makes it.
_WEATHER_SKY = {
    "clear": (0.0, 1.0), "clouds": (0.45, 0.9), "rain": (0.6, 0.7), "drizzle": (0.5, 0.8),
    "thunder": (0.7, 0.45), "snow": (0.55, 1.05), "fog": (0.8, 1.1), "wind": (0.25, 0.95), "unknown": (0.0, 1.0),
}


class ProceduralRenderer:
    name = "procedural"

    def generate(self, prompt: str, context: Context, transcript: str) -> Artwork:
        try:
            return self._render(prompt, context, transcript)
        except (ValueError, OSError, MemoryError) as error:
            raise RenderFailed(str(error)[:200]) from None

    def health(self) -> dict:
        return {"engine": self.name, "present": True}

    def _render(self, prompt: str, context: Context, transcript: str) -> Artwork:
        weather = context.weather_category
        mood = context.mood_key
        hour = context.time_of_day
        seed_text = "|".join([transcript, mood or "", weather, hour, context.season])
        seed = int.from_bytes(hashlib.sha256(seed_text.encode("utf-8")).digest()[:8], "big")
        rng = np.random.default_rng(seed)
        palette = np.array(_PALETTES.get(mood, _PALETTES[None]), dtype=np.float32)

        canvas = _sky(hour, weather)
        _celestial(canvas, hour, weather, rng)
        for layer in range(3):
            _ridge(canvas, rng, palette[layer], canvas[int(SIZE * 0.55)].mean(axis=0), layer)
        _accents(canvas, rng, palette, count=3 + len(transcript) % 9)
        _weather_overlay(canvas, weather, rng)
        canvas += rng.normal(0, 4.0, canvas.shape[:2])[..., None]  # paper grain

        image = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "RGB")
        image = image.filter(ImageFilter.SMOOTH)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False)
        recipe = {"renderer": self.name, "mood": mood, "weather": weather, "time_of_day": hour,
                  "season": context.season, "seed": seed}
        return Artwork(png=buffer.getvalue(), width=SIZE, height=SIZE, engine=self.name, recipe=recipe)


def _sky(hour: str, weather: str) -> np.ndarray:
    top, horizon = (np.array(c, np.float32) for c in _SKIES[hour])
    t = np.linspace(0, 1, SIZE, dtype=np.float32)[:, None, None]
    sky = np.broadcast_to(top * (1 - t) + horizon * t, (SIZE, SIZE, 3)).copy()
    grey, brightness = _WEATHER_SKY.get(weather, (0.0, 1.0))
    luminance = sky.mean(axis=2, keepdims=True)
    return (sky * (1 - grey) + luminance * grey) * brightness


def _celestial(canvas: np.ndarray, hour: str, weather: str, rng: np.random.Generator) -> None:
    if weather in ("rain", "thunder", "fog"):
        return
    cx, cy = rng.uniform(0.2, 0.8) * SIZE, rng.uniform(0.12, 0.35) * SIZE
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    distance = np.hypot(xx - cx, yy - cy)
    colour = np.array((255, 245, 210) if hour != "night" else (235, 235, 250), np.float32)
    glow = np.exp(-(distance / (SIZE * 0.12)) ** 2)[..., None] * (0.35 if weather == "clouds" else 0.6)
    disc = (distance < SIZE * 0.05)[..., None] * 0.9
    canvas[:] = canvas * (1 - np.maximum(glow, disc)) + colour * np.maximum(glow, disc)
    if hour == "night":
        stars = rng.integers(0, SIZE, size=(160, 2))
        stars = stars[stars[:, 0] < SIZE * 0.5]
        canvas[stars[:, 0], stars[:, 1]] = 255


def _ridge(canvas: np.ndarray, rng: np.random.Generator, colour: np.ndarray, haze: np.ndarray, layer: int) -> None:
    x = np.linspace(0, 2 * np.pi, SIZE, dtype=np.float32)
    base = SIZE * (0.55 + 0.13 * layer)
    height = np.zeros(SIZE, np.float32)
    for octave in range(1, 5):
        height += np.sin(x * octave * rng.uniform(0.6, 1.6) + rng.uniform(0, 6.3)) * SIZE * 0.06 / octave
    rows = np.arange(SIZE, dtype=np.float32)[:, None]
    mask = rows > (base - height)[None, :]
    depth = (rows - (base - height)[None, :]) / SIZE
    # Far ridges fade into the horizon haze; near ones darken toward their foot.
    fade = 0.55 - layer * 0.2
    shade = colour * (1 - fade) + haze * fade
    fill = shade[None, None, :] * (1 - np.clip(depth, 0, 0.5)[..., None] * 0.6)
    canvas[mask] = fill[mask]


def _accents(canvas: np.ndarray, rng: np.random.Generator, palette: np.ndarray, count: int) -> None:
    image = Image.new("L", (SIZE, SIZE), 0)
    draw = ImageDraw.Draw(image)
    colour_index = rng.integers(0, 3, size=count)
    layers = []
    for i in range(count):
        layer = Image.new("L", (SIZE, SIZE), 0)
        r = rng.uniform(SIZE * 0.02, SIZE * 0.07)
        cx, cy = rng.uniform(0.05, 0.95) * SIZE, rng.uniform(0.35, 0.95) * SIZE
        ImageDraw.Draw(layer).ellipse((cx - r, cy - r, cx + r, cy + r), fill=170)
        layers.append((np.asarray(layer.filter(ImageFilter.GaussianBlur(r * 0.25)), np.float32) / 255, palette[colour_index[i]] * 1.15))
    del draw, image
    for alpha, colour in layers:
        canvas[:] = canvas * (1 - alpha[..., None]) + np.minimum(colour, 255) * alpha[..., None]


def _weather_overlay(canvas: np.ndarray, weather: str, rng: np.random.Generator) -> None:
    if weather in ("clouds", "rain", "drizzle", "thunder", "snow"):
        clouds = Image.new("L", (SIZE, SIZE), 0)
        draw = ImageDraw.Draw(clouds)
        for _ in range(14):
            cx, cy = rng.uniform(0, SIZE), rng.uniform(0.05, 0.35) * SIZE
            w, h = rng.uniform(120, 300), rng.uniform(40, 90)
            draw.ellipse((cx - w, cy - h, cx + w, cy + h), fill=200)
        alpha = np.asarray(clouds.filter(ImageFilter.GaussianBlur(40)), np.float32)[..., None] / 255
        tone = 235 if weather in ("clouds", "snow") else 120
        canvas[:] = canvas * (1 - alpha * 0.8) + tone * alpha * 0.8
    if weather in ("rain", "drizzle", "thunder"):
        streaks = Image.new("L", (SIZE, SIZE), 0)
        draw = ImageDraw.Draw(streaks)
        count, length = (300, 12) if weather == "drizzle" else (700, 30)
        for x, y in rng.uniform(0, SIZE, size=(count, 2)):
            draw.line((x, y, x - length * 0.25, y + length), fill=150, width=1)
        alpha = np.asarray(streaks, np.float32)[..., None] / 255
        canvas[:] = canvas * (1 - alpha) + 210 * alpha
    if weather == "thunder":
        bolt = Image.new("L", (SIZE, SIZE), 0)
        x, y = rng.uniform(0.3, 0.7) * SIZE, SIZE * 0.2
        points = [(x, y)]
        while y < SIZE * 0.6:
            x, y = x + rng.uniform(-40, 40), y + rng.uniform(30, 60)
            points.append((x, y))
        ImageDraw.Draw(bolt).line(points, fill=255, width=6)
        alpha = np.asarray(bolt.filter(ImageFilter.GaussianBlur(3)), np.float32)[..., None] / 255
        canvas[:] = canvas * (1 - alpha) + np.array((255, 250, 200)) * alpha
    if weather == "snow":
        flakes = rng.integers(0, SIZE - 3, size=(900, 2))
        for dy in range(3):
            for dx in range(3):
                canvas[flakes[:, 0] + dy, flakes[:, 1] + dx] = 250
    if weather == "fog":
        t = np.linspace(0.2, 0.7, SIZE, dtype=np.float32)[:, None, None]
        canvas[:] = canvas * (1 - t) + 215 * t
    if weather == "wind":
        streaks = Image.new("L", (SIZE, SIZE), 0)
        draw = ImageDraw.Draw(streaks)
        for _ in range(40):
            x, y = rng.uniform(-200, SIZE), rng.uniform(0, SIZE * 0.7)
            draw.arc((x, y, x + rng.uniform(200, 500), y + 60), 180, 350, fill=160, width=3)
        alpha = np.asarray(streaks.filter(ImageFilter.GaussianBlur(2)), np.float32)[..., None] / 255
        canvas[:] = canvas * (1 - alpha * 0.6) + 240 * alpha * 0.6
