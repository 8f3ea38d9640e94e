"""Weather on top of the scene: fog banks, wind, lightning, and rain, drizzle or snow.

Fog, wind and lightning are painted on the working canvas before the
brushwork so they blend into it. Raindrops and snowflakes are drawn last, on
the full-size image, because they are the one detail that must stay crisp.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from ..palettes import mix, scale
from .canvas import smoothstep, value_noise
from .layout import Scene

FALLING = ("rain", "drizzle", "thunder", "snow")


def paint_fog(scene: Scene) -> None:
    """Veil the distance in mist and lay drifting fog banks over the middle ground."""
    amount = scene.look.haze
    if amount < 0.2:
        return
    size, rng = scene.size, scene.rng
    fog = mix(scene.haze, (0.86, 0.86, 0.84), 0.4)
    fog = scale(fog, 0.4 + 0.6 * scene.look.light) if scene.time_of_day != "night" else scale(fog, 0.35)
    ys = np.arange(size, dtype=np.float32)[:, None]
    # Thickest at the horizon, thinning faster toward the viewer than toward the sky.
    spread = np.where(ys < scene.horizon, size * 0.2, size * 0.11)
    veil = np.exp(-(((ys - scene.horizon) / spread) ** 2)) * amount * 0.8
    banks = value_noise(rng, size, size, (5, 2), octaves=3)
    drift = smoothstep(0.4, 0.8, banks) * amount * 0.8
    drift *= np.exp(-(((ys - scene.horizon - size * 0.08) / (size * 0.18)) ** 2))
    alpha = np.clip(veil + drift, 0, 0.92) * np.ones((1, size), np.float32)
    scene.canvas.paint(alpha, fog, covers=False)


def paint_wind(scene: Scene) -> None:
    """Trace gusts as long pale curves across the sky and send leaves or petals flying."""
    size, rng = scene.size, scene.rng
    gusts, draw = scene.canvas.mask()
    for _ in range(9):
        y = rng.uniform(0.08, 0.95) * scene.horizon
        x = rng.uniform(-0.2, 0.6) * size
        length = rng.uniform(0.25, 0.55) * size
        points = []
        for t in np.linspace(0, 1, 24):
            points.append((x + t * length, y + np.sin(t * np.pi * 1.6 + x) * size * 0.02 - t * size * 0.03))
        draw.line(points, fill=255, width=2, joint="curve")
        end_x, end_y = points[-1]
        draw.arc((end_x - 12, end_y - 14, end_x + 8, end_y + 2), 270, 160, fill=255, width=2)
    streak = mix(scene.sky[2], (1.0, 1.0, 1.0), 0.6)
    scene.canvas.paint(gusts, streak, opacity=0.35, blur=1.2, covers=False)

    leaves, draw = scene.canvas.mask()
    for _ in range(45):
        x = rng.uniform(0, size)
        y = rng.uniform(0.2, 0.95) * size
        r = rng.uniform(1.5, 4.0)
        angle = rng.uniform(0, np.pi)
        dx, dy = np.cos(angle) * r, np.sin(angle) * r
        draw.polygon([(x - dx, y - dy), (x - dy * 0.4, y + dx * 0.4), (x + dx, y + dy), (x + dy * 0.4, y - dx * 0.4)], fill=255)
    leaf = scene.colors.blossom if scene.season == "spring" else scene.colors.foliage_light
    scene.canvas.paint(leaves, scene.lit(scene.accent(leaf), 1.0), opacity=0.9, blur=0.3, covers=False)


def paint_lightning(scene: Scene) -> None:
    """Fork a lightning bolt from the clouds to the horizon and light the sky around it."""
    size, rng = scene.size, scene.rng
    x = rng.uniform(0.25, 0.75) * size
    y = size * 0.05
    bolt, draw = scene.canvas.mask()
    path = [(x, y)]
    while y < scene.horizon:
        x += rng.normal(0, size * 0.02)
        y += rng.uniform(0.02, 0.05) * size
        path.append((x, min(y, scene.horizon)))
        if rng.random() < 0.2:
            bx, by = x, y
            branch = [(bx, by)]
            for _ in range(int(rng.integers(2, 5))):
                bx += rng.normal(size * 0.02, size * 0.02)
                by += rng.uniform(0.015, 0.035) * size
                branch.append((bx, by))
            draw.line(branch, fill=170, width=1)
    draw.line(path, fill=255, width=2)
    top_x = path[0][0]
    scene.canvas.glow(top_x, size * 0.15, size * 0.3, (0.75, 0.75, 0.95), 0.35)
    glow = bolt.filter(ImageFilter.GaussianBlur(6))
    scene.canvas.paint(glow, (0.85, 0.85, 1.0), opacity=0.8, covers=False)
    scene.canvas.paint(bolt, (1.0, 1.0, 1.0), covers=False)


def draw_precipitation(image: Image.Image, scene: Scene, kind: str, rng: np.random.Generator) -> Image.Image:
    """Return image with rain streaks, drizzle or snowflakes drawn at its full size."""
    size = image.width
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    lean = 0.18 + scene.wind * 0.5
    if kind == "snow":
        for _ in range(900):
            x, y = rng.uniform(0, size), rng.uniform(0, size)
            # Mostly small flakes, a few large near ones.
            r = (0.7 + 2.6 * rng.random() ** 3) * (0.6 + y / size)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.uniform(120, 240)))
        mask = mask.filter(ImageFilter.BoxBlur(1))
        color = (245, 247, 252)
    else:
        count, length, strength = {"drizzle": (1500, 9, 70), "thunder": (1300, 34, 120)}.get(kind, (1000, 26, 100))
        for _ in range(count):
            x, y = rng.uniform(-0.2, 1.0) * size, rng.uniform(0, size)
            streak = length * rng.uniform(0.6, 1.4)
            draw.line((x, y, x + streak * lean, y + streak), fill=int(strength * rng.uniform(0.5, 1.0)), width=1)
        color = (210, 218, 230) if scene.time_of_day != "night" else (150, 160, 180)
    layer = Image.new("RGB", image.size, color)
    return Image.composite(layer, image, mask)


def precipitation_kind(scene: Scene) -> str | None:
    """Return what falls from the sky, if anything: the weather, or rain or snow that was named."""
    if scene.weather in FALLING:
        return scene.weather
    if "snow" in scene.motifs:
        return "snow"
    if "rain" in scene.motifs:
        return "drizzle"
    return None
