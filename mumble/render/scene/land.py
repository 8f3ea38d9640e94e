"""The land: mountain ranges, hills, the ground's banks, and what people built on them.

Ranges are painted far to near, each paler and bluer with distance and
fading into mist at its foot, as in Chinese shan shui painting. That layering
is what makes a few flat shapes read as deep space.
"""

from __future__ import annotations

import numpy as np

from ..palettes import Color, mix, scale
from .canvas import polygon_mask, smoothstep, value_noise
from .layout import Scene

ROCK: Color = (0.36, 0.42, 0.50)
SNOW: Color = (0.93, 0.95, 0.98)
SAND: Color = (0.86, 0.78, 0.62)


def ridge_line(rng: np.random.Generator, size: int, base: float, amplitude: float, peaks: int, sharp: bool) -> np.ndarray:
    """Return the y of a ridge per column: fractal wobble plus a few dominant peaks."""
    xs = np.arange(size, dtype=np.float32)
    line = np.zeros(size, np.float32)
    weight = 1.0
    for cells in (4, 9, 21, 47):
        knots = rng.random(cells + 1).astype(np.float32)
        line += np.interp(xs, np.linspace(0, size - 1, cells + 1), knots) * weight
        weight *= 0.45 if sharp else 0.35
    line = (line - line.min()) / max(1e-6, float(line.max() - line.min()))
    for _ in range(peaks):
        center = rng.uniform(0.1, 0.9) * size
        width = rng.uniform(0.08, 0.2) * size
        bump = np.exp(-(((xs - center) / width) ** 2))
        line += bump * rng.uniform(0.8, 1.5) if sharp else bump * 0.5
    line = line / max(1e-6, float(line.max()))
    if sharp:
        line = line**1.4
    return base - line * amplitude


def paint_range(scene: Scene, ridge: np.ndarray, color: Color, depth: float, mist: float, snowcap: bool) -> None:
    """Paint one range under a ridge line: lit faces toward the light, misty foot, rock strokes."""
    size, rng = scene.size, scene.rng
    top = max(0, int(ridge.min()) - 2)
    bottom = min(size, scene.horizon + size // 40)
    if bottom <= top:
        return
    ys = np.arange(top, bottom, dtype=np.float32)[:, None]
    inside = np.clip((ys - ridge[None, :]) / 1.5, 0.0, 1.0)

    # Slopes that face the sun or moon catch light; the others fall into shade.
    slope = np.convolve(np.gradient(ridge), np.ones(9) / 9, mode="same")
    facing = np.clip(-slope * np.sign(scene.light_x - np.arange(size)) * 0.9, -1, 1)
    shade = 1.0 + 0.14 * facing[None, :]
    strokes = value_noise(rng, bottom - top, size, (3, 20), octaves=3)
    shade = shade * (0.95 + 0.10 * strokes)

    height = np.maximum(scene.horizon - ridge, 8.0)[None, :]
    below = (ys - ridge[None, :]) / height
    foot = 1.0 - mist * smoothstep(0.25, 1.0, below)

    base = np.asarray(scene.lit(color, depth), np.float32)
    peak = np.asarray(scene.lit(mix(color, (0.9, 0.9, 0.92), 0.25), depth), np.float32)
    colors = base + (peak - base) * np.clip(1.0 - below * 2.0, 0.0, 1.0)[..., None]
    if snowcap:
        cap = np.asarray(scene.lit(SNOW, depth * 0.8 + 0.2), np.float32)
        capped = smoothstep(0.22, 0.08, below + (strokes - 0.5) * 0.12)
        colors = colors + (cap - colors) * capped[..., None]
    colors = colors * shade[..., None]

    alpha = np.zeros((size, size), np.float32)
    alpha[top:bottom] = inside * foot
    full = np.zeros((size, size, 3), np.float32)
    full[top:bottom] = colors
    scene.canvas.paint(alpha, full)


def paint_mountains(scene: Scene) -> None:
    """Paint three or four ranges of peaks, far to near."""
    size, rng = scene.size, scene.rng
    layers = int(rng.integers(3, 5))
    snowy = scene.snowy or scene.season == "winter" or "snow" in scene.motifs
    rock = mix(ROCK, scene.colors.foliage, 0.25)
    for index in range(layers):
        t = index / (layers - 1)
        base = scene.horizon - size * (0.02 + 0.05 * (1 - t))
        amplitude = size * (0.30 - 0.12 * t) * rng.uniform(0.8, 1.1)
        ridge = ridge_line(rng, size, base, amplitude, peaks=int(rng.integers(1, 3)), sharp=True)
        color = mix(rock, scene.colors.foliage, 0.35 * t)
        paint_range(scene, ridge, color, depth=0.12 + 0.5 * t, mist=0.75 - 0.3 * t, snowcap=snowy and index < 2)


def paint_hills(scene: Scene) -> None:
    """Paint two low rolling ranges; every scene without mountains gets them as a far edge."""
    size, rng = scene.size, scene.rng
    for index in range(2):
        base = scene.horizon - size * (0.01 + 0.02 * (1 - index))
        amplitude = size * (0.09 - 0.03 * index) * rng.uniform(0.7, 1.2)
        ridge = ridge_line(rng, size, base, amplitude, peaks=0, sharp=False)
        color = mix(ROCK, scene.colors.foliage, 0.55 + 0.2 * index)
        paint_range(scene, ridge, color, depth=0.2 + 0.25 * index, mist=0.6, snowcap=False)


def paint_ground(scene: Scene, kind: str) -> None:
    """Paint the plain and middle ground between the horizon and the near bank.

    kind is the water in the picture: sea leaves no land here, lake leaves a
    thin far shore.
    """
    size, rng = scene.size, scene.rng
    horizon = scene.horizon
    ground = scene.colors.ground if not scene.snowy else mix(scene.colors.ground, SNOW, 0.85)
    scene.midground = np.full(size, float(horizon), np.float32)
    if kind == "sea":
        return
    if kind == "lake":
        shore = ridge_line(rng, size, horizon + size * 0.012, size * 0.012, 0, False)
        _paint_band(scene, shore, size * 0.03 + horizon, ground, depth=0.3)
        scene.midground = shore
        return

    plain = np.full(size, float(horizon - 1), np.float32)
    _paint_band(scene, plain, size, ground, depth=0.3)
    middle = ridge_line(rng, size, horizon + (size - horizon) * 0.38, size * 0.05, 0, False)
    _paint_band(scene, middle, size, mix(ground, scene.colors.foliage, 0.25), depth=0.6)
    scene.midground = middle


def paint_bank(scene: Scene, kind: str) -> None:
    """Paint the near bank in front of the viewer: grass, snow or, by the sea, a beach."""
    size, rng = scene.size, scene.rng
    horizon = scene.horizon
    if kind == "sea":
        line = ridge_line(rng, size, size * 0.9, size * 0.05, 0, False)
        color = SAND if not scene.snowy else SNOW
    elif kind == "lake":
        line = ridge_line(rng, size, horizon + (size - horizon) * 0.78, size * 0.07, 0, False)
        color = scene.colors.ground
    else:
        line = ridge_line(rng, size, horizon + (size - horizon) * 0.72, size * 0.08, 0, False)
        color = mix(scene.colors.ground, scene.colors.foliage, 0.4)
    if scene.snowy:
        color = mix(color, SNOW, 0.85)
    _paint_band(scene, line, size, scale(color, 0.9), depth=1.0)
    scene.bank = line
    if scene.water_mask is not None:
        # The bank now covers the water below its edge.
        ys = np.arange(size, dtype=np.float32)[:, None]
        scene.water_mask = scene.water_mask * np.clip(line[None, :] - ys, 0.0, 1.0)


def _paint_band(scene: Scene, line: np.ndarray, bottom: float, color: Color, depth: float) -> None:
    size, rng = scene.size, scene.rng
    top = max(0, int(line.min()) - 1)
    bottom = int(min(size, bottom))
    if bottom <= top:
        return
    ys = np.arange(top, bottom, dtype=np.float32)[:, None]
    inside = np.clip((ys - line[None, :]) / 1.2, 0.0, 1.0)
    texture = value_noise(rng, bottom - top, size, (6, 10), octaves=3)
    near = np.clip((ys - top) / max(1, size - top), 0, 1)
    far_color = np.asarray(scene.lit(color, depth * 0.8), np.float32)
    near_color = np.asarray(scene.lit(scale(color, 0.85), min(1.0, depth + 0.2)), np.float32)
    colors = far_color + (near_color - far_color) * near[..., None]
    colors = colors * (0.9 + 0.2 * texture[..., None])
    alpha = np.zeros((size, size), np.float32)
    alpha[top:bottom] = inside
    full = np.zeros((size, size, 3), np.float32)
    full[top:bottom] = colors
    scene.canvas.paint(alpha, full)


def paint_city(scene: Scene) -> None:
    """Paint two rows of towers on the horizon, windows lit after dark."""
    size, rng = scene.size, scene.rng
    dark = scene.time_of_day in ("night", "dusk") or scene.look.light < 0.6
    for row in range(2):
        depth = 0.2 + 0.3 * row
        mask, draw = scene.canvas.mask()
        windows, window_draw = scene.canvas.mask()
        x = rng.uniform(-0.05, 0.0) * size
        base = scene.horizon + 2 + row * size * 0.012
        while x < size:
            width = rng.uniform(0.03, 0.075) * size
            height = rng.uniform(0.06, 0.24 if row == 0 else 0.16) * size
            top = base - height
            draw.rectangle((x, top, x + width, base + size * 0.02), fill=255)
            roof = rng.random()
            if roof < 0.2:
                draw.polygon([(x, top), (x + width / 2, top - width * 0.5), (x + width, top)], fill=255)
            elif roof < 0.4:
                draw.line((x + width / 2, top, x + width / 2, top - height * 0.25), fill=255, width=1)
            elif roof < 0.55:
                draw.rectangle((x + width * 0.2, top - height * 0.08, x + width * 0.8, top), fill=255)
            _windows(window_draw, rng, x, top, width, base, lit_share=0.4 if dark else 0.15)
            x += width + rng.uniform(-0.01, 0.015) * size
        tone = scale(mix((0.30, 0.33, 0.40), scene.palette.shadow, 0.3), 0.8 - 0.25 * row)
        scene.canvas.paint(mask, scene.lit(tone, depth), blur=0.6)
        window_color = (1.0, 0.82, 0.48) if dark else scene.lit((0.75, 0.82, 0.9), depth)
        scene.canvas.paint(windows, window_color, opacity=0.9 if dark else 0.35, blur=0.4)
    if dark:
        scene.canvas.glow(size / 2, scene.horizon, size * 0.3, (1.0, 0.7, 0.45), 0.18)


def _windows(draw, rng: np.random.Generator, x: float, top: float, width: float, base: float, lit_share: float) -> None:
    step = 5
    for wy in np.arange(top + 4, base - 3, step):
        for wx in np.arange(x + 3, x + width - 3, step - 1):
            if rng.random() < lit_share:
                draw.rectangle((wx, wy, wx + 1.5, wy + 2), fill=255)


def pagoda_roof(draw, cx: float, y: float, half: float, rise: float) -> None:
    """Draw a tiered roof with upturned eaves, the outline of Chinese towers and houses."""
    draw.polygon(
        [
            (cx - half * 1.25, y - rise * 0.55),
            (cx - half * 0.95, y),
            (cx + half * 0.95, y),
            (cx + half * 1.25, y - rise * 0.55),
            (cx + half * 0.55, y - rise),
            (cx - half * 0.55, y - rise),
        ],
        fill=255,
    )


def paint_pagoda(scene: Scene) -> None:
    """Paint a tiered pagoda on the far ground, a lamp in each tier after dark."""
    size, rng = scene.size, scene.rng
    cx = rng.choice([rng.uniform(0.12, 0.35), rng.uniform(0.65, 0.88)]) * size
    base = scene.horizon - size * 0.015
    tiers = int(rng.integers(5, 8))
    height = size * rng.uniform(0.20, 0.27)
    tier = height / (tiers + 0.8)
    mound, draw = scene.canvas.mask()
    draw.ellipse((cx - size * 0.16, base - size * 0.035, cx + size * 0.16, base + size * 0.06), fill=255)
    scene.canvas.paint(mound, scene.lit(mix(ROCK, scene.colors.foliage, 0.6), 0.4), blur=2.0)
    mask, draw = scene.canvas.mask()
    lamps, lamp_draw = scene.canvas.mask()
    half = size * 0.035
    y = base
    for index in range(tiers):
        body = half * (1 - 0.09 * index)
        draw.rectangle((cx - body * 0.7, y - tier * 0.75, cx + body * 0.7, y), fill=255)
        pagoda_roof(draw, cx, y - tier * 0.6, body, tier * 0.55)
        lamp_draw.rectangle((cx - 1, y - tier * 0.5, cx + 1, y - tier * 0.2), fill=255)
        y -= tier
    draw.line((cx, y, cx, y - tier * 1.2), fill=255, width=2)
    draw.polygon([(cx - half * 0.5, base), (cx + half * 0.5, base), (cx + half * 0.8, base + size * 0.02),
                  (cx - half * 0.8, base + size * 0.02)], fill=255)
    scene.canvas.paint(mask, scene.lit(scale(scene.palette.shadow, 1.3), 0.45), blur=0.5)
    if scene.time_of_day in ("night", "dusk"):
        scene.canvas.paint(lamps, (1.0, 0.78, 0.4), opacity=0.9)
        scene.canvas.glow(cx, base - height * 0.5, size * 0.05, (1.0, 0.7, 0.4), 0.25)


def paint_road(scene: Scene) -> None:
    """Paint a path that narrows and bends toward a point on the horizon."""
    size, rng = scene.size, scene.rng
    vanish = rng.uniform(0.3, 0.7) * size
    start = rng.uniform(0.35, 0.65) * size
    bend = rng.uniform(-0.18, 0.18) * size
    steps = np.linspace(0.0, 1.0, 40)
    top = float(scene.midground.min()) if scene.midground.size else scene.horizon
    left, right = [], []
    for t in steps:
        y = size - (size - top) * (1 - (1 - t) ** 1.6)
        x = vanish + (start - vanish) * (1 - t) ** 1.2 + bend * np.sin(t * np.pi)
        half = size * 0.16 * (1 - t) ** 1.6 + 0.6
        left.append((x - half, y))
        right.append((x + half, y))
    mask = polygon_mask(scene.canvas, left + right[::-1], blur=1.0)
    # Paler than the ground around it, so the path reads in any light.
    color = mix(scene.colors.ground, (0.92, 0.86, 0.74), 0.7) if not scene.snowy else (0.97, 0.97, 0.99)
    gradient = np.zeros((size, 1, 3), np.float32)
    far = np.asarray(scene.lit(color, 0.3), np.float32)
    near = np.asarray(scene.lit(scale(color, 0.9), 1.0), np.float32)
    ramp = np.clip((np.arange(size) - top) / max(1.0, size - top), 0, 1)[:, None]
    gradient[:, 0, :] = far + (near - far) * ramp
    scene.canvas.paint(mask, gradient)

    ruts, draw = scene.canvas.mask()
    for offset in (-0.35, 0.35):
        points = [((a[0] + b[0]) / 2 + (b[0] - a[0]) / 2 * offset, a[1]) for a, b in zip(left, right)]
        draw.line(points, fill=255, width=2)
    scene.canvas.paint(ruts, scene.lit(scale(color, 0.7), 0.8), opacity=0.35, blur=1.0)


def paint_home(scene: Scene) -> None:
    """Paint a small house with a tiled roof on the bank; its window glows when the light is low."""
    size, rng = scene.size, scene.rng
    cx = rng.choice([rng.uniform(0.15, 0.32), rng.uniform(0.68, 0.85)]) * size
    ground = scene.ground_at(cx, near=scene.water_top is not None and "sea" not in scene.motifs)
    scale_factor = 1.0 if ground > scene.horizon + size * 0.12 else 0.7
    width = size * 0.13 * scale_factor
    wall = size * 0.075 * scale_factor
    base = ground + size * 0.01

    walls, draw = scene.canvas.mask()
    draw.rectangle((cx - width / 2, base - wall, cx + width / 2, base), fill=255)
    scene.canvas.paint(walls, scene.lit((0.88, 0.84, 0.76), 0.9), blur=0.6)

    roof, draw = scene.canvas.mask()
    pagoda_roof(draw, cx, base - wall + 1, width * 0.55, wall * 0.8)
    roof_color = (0.28, 0.30, 0.36) if rng.random() < 0.6 else (0.62, 0.24, 0.18)
    scene.canvas.paint(roof, scene.lit(roof_color, 0.95), blur=0.6)

    door, draw = scene.canvas.mask()
    draw.rectangle((cx - width * 0.08, base - wall * 0.62, cx + width * 0.08, base), fill=255)
    scene.canvas.paint(door, scene.lit((0.30, 0.20, 0.14), 0.95))

    window, draw = scene.canvas.mask()
    wx = cx + width * 0.26
    draw.rectangle((wx - width * 0.09, base - wall * 0.7, wx + width * 0.09, base - wall * 0.35), fill=255)
    warm = scene.time_of_day in ("night", "dusk", "dawn") or scene.look.light < 0.7
    scene.canvas.paint(window, (1.0, 0.80, 0.45) if warm else scene.lit((0.55, 0.65, 0.75), 0.9))
    if warm:
        scene.canvas.glow(wx, base - wall * 0.5, width * 0.35, (1.0, 0.72, 0.38), 0.45)

    if scene.season == "winter" or scene.snowy:
        smoke, draw = scene.canvas.mask()
        x, y = cx - width * 0.25, base - wall - wall * 0.7
        for step in range(10):
            r = 2 + step * 0.9
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
            x += rng.uniform(1, 4) + scene.wind * 4
            y -= rng.uniform(3, 6)
        scene.canvas.paint(smoke, mix(scene.haze, (0.9, 0.9, 0.9), 0.5), opacity=0.35, blur=3)
