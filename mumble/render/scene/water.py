"""Water: sea, lake and river, each a rippled mirror of what is painted above it.

The surface is the canvas flipped about the horizon and pushed sideways by
stretched noise, so whatever was painted before the water (sky, sun, ranges,
towers, lit windows) shows up in it without being drawn twice.
"""

from __future__ import annotations

import numpy as np

from ..palettes import Color, mix, scale
from .canvas import polygon_mask, smoothstep, value_noise
from .land import SNOW
from .layout import Scene

DEEP: Color = (0.10, 0.24, 0.32)


def mirror(scene: Scene, top: int, axis: float) -> np.ndarray:
    """Return rows top..size of the canvas mirrored about row axis, with ripples."""
    size, rng = scene.size, scene.rng
    rows = size - top
    ys = np.arange(top, size, dtype=np.float32)
    distance = (ys - top) / max(1, rows)
    ripple = value_noise(rng, rows, size, (max(4, rows // 5), 6), octaves=2) - 0.5
    sway = ripple * (2.0 + 14.0 * distance[:, None])
    source_y = np.clip(2 * axis - ys[:, None] + ripple * 3.0, 0, axis - 1).astype(np.int32)
    source_x = np.clip(np.arange(size)[None, :] + sway, 0, size - 1).astype(np.int32)
    return scene.canvas.rgb[source_y, source_x]


def _surface(scene: Scene, top: int, axis: float) -> np.ndarray:
    """Return the water's colour for rows top..size: reflection, depth tint and glitter."""
    size = scene.size
    reflection = mirror(scene, top, axis)
    rows = size - top
    distance = np.linspace(0.0, 1.0, rows, dtype=np.float32)[:, None, None]
    deep = np.asarray(scene.lit(mix(DEEP, scene.palette.mid, 0.2), 0.9), np.float32)
    # Far water mirrors the sky; near water shows its own depth colour (Fresnel).
    surface = reflection * (0.8 - 0.3 * distance) + deep * (0.2 + 0.3 * distance)
    return surface * (0.96 + 0.04 * np.cos(distance * 3.0))


def _glitter(scene: Scene, top: int) -> None:
    """Paint the broken path of sun or moon light across the water."""
    size, rng = scene.size, scene.rng
    strength = scene.look.sun_visible if scene.time_of_day != "night" else 0.8
    if "moon" not in scene.motifs and scene.time_of_day == "night":
        strength *= 0.35
    if strength <= 0.05:
        return
    rows = size - top
    ys = np.arange(rows, dtype=np.float32)[:, None]
    xs = np.arange(size, dtype=np.float32)[None, :]
    width = size * 0.02 + ys * 0.25
    path = np.exp(-(((xs - scene.light_x) / width) ** 2))
    dashes = value_noise(rng, rows, size, (max(8, rows // 3), 10), octaves=2)
    sparkle = smoothstep(0.55, 0.8, dashes) * path * strength
    alpha = np.zeros((size, size), np.float32)
    alpha[top:] = sparkle
    light = (1.0, 0.92, 0.75) if scene.time_of_day != "night" else (0.92, 0.93, 1.0)
    scene.canvas.paint(alpha, light, opacity=0.85, covers=False)


def paint_water(scene: Scene, kind: str) -> None:
    """Paint the sea to the bottom edge, or a lake from the far shore down to the near bank."""
    size = scene.size
    top = scene.horizon if kind == "sea" else int(scene.midground.max()) - 1
    axis = float(scene.horizon if kind == "sea" else top)
    surface = _surface(scene, top, axis)
    full = np.zeros((size, size, 3), np.float32)
    full[top:] = surface
    alpha = np.zeros((size, size), np.float32)
    if kind == "sea":
        alpha[top:] = 1.0
    else:
        ys = np.arange(top, size, dtype=np.float32)[:, None]
        alpha[top:] = np.clip((ys - scene.midground[None, :]) / 1.5, 0, 1)
    scene.canvas.paint(alpha, full)
    scene.water_top = top
    scene.water_mask = alpha
    _glitter(scene, top)
    if kind == "sea":
        _paint_swell(scene, top)
    if scene.weather in ("rain", "drizzle", "thunder") or "rain" in scene.motifs:
        _paint_rings(scene, top)


def _paint_swell(scene: Scene, top: int) -> None:
    size, rng = scene.size, scene.rng
    crests, draw = scene.canvas.mask()
    for _ in range(140):
        y = top + (size - top) * rng.random() ** 1.6
        near = (y - top) / max(1, size - top)
        length = size * (0.01 + 0.06 * near) * rng.uniform(0.5, 1.5)
        x = rng.uniform(0, size)
        draw.line((x, y, x + length, y - near * 1.5), fill=255, width=1 + int(near * 2))
    foam = mix((0.95, 0.96, 0.97), scene.haze, 0.3)
    scene.canvas.paint(crests, scene.lit(foam, 0.8), opacity=0.35, blur=0.6)


def _paint_rings(scene: Scene, top: int) -> None:
    size, rng = scene.size, scene.rng
    rings, draw = scene.canvas.mask()
    for _ in range(60):
        y = top + (size - top) * rng.random() ** 0.8
        near = (y - top) / max(1, size - top)
        x = rng.uniform(0, size)
        r = 2 + near * 8
        draw.ellipse((x - r, y - r * 0.3, x + r, y + r * 0.3), outline=255, width=1)
    rings_alpha = np.asarray(rings, np.float32) / 255.0
    if scene.water_mask is not None:
        rings_alpha *= scene.water_mask
    scene.canvas.paint(rings_alpha, scene.lit((0.85, 0.88, 0.92), 0.8), opacity=0.4, covers=False)


def paint_river(scene: Scene) -> None:
    """Paint a river meandering from the horizon down through the banks."""
    size, rng = scene.size, scene.rng
    top = scene.horizon
    steps = np.linspace(0.0, 1.0, 48)
    source = rng.uniform(0.3, 0.7) * size
    mouth = rng.uniform(0.25, 0.75) * size
    swing = rng.uniform(0.08, 0.16) * size
    phase = rng.uniform(0, np.pi)
    left, right = [], []
    for t in steps:
        y = top + (size - top) * t**1.5
        x = source + (mouth - source) * t + swing * np.sin(t * 3.2 + phase) * t
        half = 1.0 + size * 0.2 * t**1.7
        left.append((x - half, y))
        right.append((x + half, y))

    mask = polygon_mask(scene.canvas, left + right[::-1], blur=0.8)
    # A river mirrors mostly pale sky near the horizon; a little more depth colour keeps it from reading as a path.
    deep = np.asarray(scene.lit(mix(DEEP, scene.palette.mid, 0.2), 0.9), np.float32)
    surface = _surface(scene, top, float(top)) * 0.8 + deep * 0.2
    full = np.zeros((size, size, 3), np.float32)
    full[top:] = surface
    alpha = np.asarray(mask, np.float32) / 255.0
    scene.canvas.paint(alpha, full)
    scene.water_top = top
    scene.water_mask = alpha

    banks, draw = scene.canvas.mask()
    for side in (left, right):
        for width in (4, 2):
            draw.line([(x, y) for x, y in side], fill=255 if width == 2 else 140, width=width)
    edge = scene.lit(mix(scene.colors.ground, (0.12, 0.12, 0.1), 0.55), 0.9)
    scene.canvas.paint(banks, edge, opacity=0.6, blur=1.5)
    _paint_current(scene, top, alpha)
    if scene.weather in ("rain", "drizzle", "thunder") or "rain" in scene.motifs:
        _paint_rings(scene, top)


def _paint_current(scene: Scene, top: int, water_alpha: np.ndarray) -> None:
    """Streak the water with short pale ripples, wider toward the viewer."""
    size, rng = scene.size, scene.rng
    ripples, draw = scene.canvas.mask()
    for _ in range(160):
        y = top + (size - top) * rng.random() ** 0.7
        near = (y - top) / max(1, size - top)
        x = rng.uniform(0, size)
        length = 2 + near * size * 0.05
        draw.line((x, y, x + length, y), fill=255, width=1 + int(near * 1.5))
    alpha = np.asarray(ripples, np.float32) / 255.0 * water_alpha
    scene.canvas.paint(alpha, scene.lit(mix(scene.haze, (1.0, 1.0, 1.0), 0.5), 0.8), opacity=0.35, covers=False)


def paint_wet_ground(scene: Scene) -> None:
    """Let rain-soaked ground mirror the sky and lights faintly, in vertical smears."""
    size = scene.size
    top = scene.horizon
    surface = mirror(scene, top, float(top))
    full = np.zeros((size, size, 3), np.float32)
    full[top:] = surface
    ys = np.arange(size, dtype=np.float32)[:, None]
    puddles = value_noise(scene.rng, size, size, (size // 10, 5), octaves=2)
    alpha = smoothstep(0.45, 0.8, puddles) * np.clip((ys - top) / (size * 0.1), 0, 1) * 0.45
    if scene.water_mask is not None:
        alpha *= 1.0 - scene.water_mask
    alpha[:top] = 0.0
    scene.canvas.paint(alpha, full, covers=False)


def reflect(scene: Scene, mask, waterline: float, color: Color, opacity: float = 0.45) -> None:
    """Paint the mirror image of a shape below waterline, only where there is water."""
    if scene.water_mask is None:
        return
    size = scene.size
    shape = np.asarray(mask, np.float32) / 255.0
    line = int(np.clip(waterline, 0, size - 1))
    height = min(line, size - line)
    flipped = np.zeros_like(shape)
    flipped[line : line + height] = shape[line - height : line][::-1]
    flipped *= scene.water_mask
    waves = value_noise(scene.rng, size, size, (size // 6, 6), octaves=1)
    flipped *= 0.55 + 0.45 * waves
    scene.canvas.paint(flipped, color, opacity=opacity, covers=False)


def water_spot(scene: Scene, near: float) -> tuple[float, float] | None:
    """Return a point on open water about `near` of the way from its top to the bank, or None."""
    if scene.water_mask is None or scene.water_top is None:
        return None
    size, rng = scene.size, scene.rng
    for _ in range(40):
        y = scene.water_top + (size - scene.water_top) * near * rng.uniform(0.8, 1.2)
        x = rng.uniform(0.15, 0.85) * size
        yi, xi = int(min(size - 1, y)), int(x)
        left, right = max(0, xi - size // 20), min(size, xi + size // 20)
        if scene.water_mask[yi, left:right].min() > 0.9:
            return x, y
    return None


def paint_boat(scene: Scene) -> None:
    """Paint a sampan with an arched canopy (or a sail on the sea) and its reflection."""
    spot = water_spot(scene, 0.35)
    if spot is None:
        return
    size = scene.size
    x, y = spot
    length = size * (0.06 + 0.1 * (y - scene.horizon) / max(1, size - scene.horizon))
    mask, draw = scene.canvas.mask()
    draw.polygon([(x - length, y - length * 0.12), (x + length, y - length * 0.16),
                  (x + length * 0.7, y + length * 0.06), (x - length * 0.75, y + length * 0.06)], fill=255)
    if "sea" in scene.motifs:
        draw.polygon([(x - length * 0.05, y - length * 0.14), (x - length * 0.05, y - length * 1.3),
                      (x + length * 0.65, y - length * 0.2)], fill=255)
    else:
        draw.chord((x - length * 0.45, y - length * 0.55, x + length * 0.35, y + length * 0.1), 180, 360, fill=255)
    hull = scene.lit(scale(scene.palette.shadow, 1.2), 0.9)
    scene.canvas.paint(mask, hull, blur=0.5)
    reflect(scene, mask, y + length * 0.06, scale(hull, 0.8), opacity=0.5)
    if scene.time_of_day in ("night", "dusk"):
        scene.canvas.glow(x + length * 0.5, y - length * 0.3, length * 0.25, (1.0, 0.75, 0.4), 0.6)


def paint_fish(scene: Scene) -> None:
    """Paint koi just under the surface of the nearest water."""
    size, rng = scene.size, scene.rng
    school, draw = scene.canvas.mask()
    spots, spot_draw = scene.canvas.mask()
    painted = 0
    for _ in range(4):
        spot = water_spot(scene, 0.7)
        if spot is None:
            break
        x, y = spot
        length = size * rng.uniform(0.04, 0.06)
        heading = rng.uniform(0, 2 * np.pi)
        dx, dy = np.cos(heading) * length, np.sin(heading) * length * 0.4
        draw.ellipse((x - length * 0.6, y - length * 0.2, x + length * 0.6, y + length * 0.2), fill=255)
        tail_x, tail_y = x - dx, y - dy
        draw.polygon([(x - dx * 0.5, y - dy * 0.5), (tail_x - dy, tail_y - length * 0.25),
                      (tail_x + dy, tail_y + length * 0.25)], fill=255)
        spot_draw.ellipse((x - length * 0.2, y - length * 0.12, x + length * 0.15, y + length * 0.1), fill=255)
        painted += 1
    if painted:
        koi = scene.accent((0.98, 0.50, 0.18))
        scene.canvas.paint(school, scene.lit(koi, 0.9), opacity=0.85, blur=0.8, covers=False)
        scene.canvas.paint(spots, scene.lit((0.97, 0.95, 0.9), 0.9), opacity=0.7, blur=0.6, covers=False)


def paint_bridge(scene: Scene) -> None:
    """Paint a stone moon bridge over the water; with its reflection the arch closes to a circle."""
    if scene.water_mask is None or scene.water_top is None:
        return
    size, rng = scene.size, scene.rng
    # A river is narrow near the horizon, so its bridge sits nearer the viewer than a lake's.
    reach = (0.38, 0.5) if "river" in scene.motifs else (0.14, 0.24)
    y = scene.water_top + (size - scene.water_top) * rng.uniform(*reach)
    row = scene.water_mask[int(y)]
    wet = np.flatnonzero(row > 0.5)
    if wet.size == 0:
        return
    center = float(wet.mean()) if wet.size < size * 0.8 else rng.uniform(0.3, 0.7) * size
    radius = float(np.clip((wet[-1] - wet[0]) * 0.45, size * 0.05, size * 0.12))
    thickness = radius * 0.28
    outer = radius + thickness

    body, draw = scene.canvas.mask()
    draw.pieslice((center - outer, y - outer, center + outer, y + outer), 180, 360, fill=255)
    draw.polygon([(center - outer * 1.6, y + 1), (center - outer, y - thickness * 0.6),
                  (center - outer * 0.8, y + 1)], fill=255)
    draw.polygon([(center + outer * 1.6, y + 1), (center + outer, y - thickness * 0.6),
                  (center + outer * 0.8, y + 1)], fill=255)
    draw.pieslice((center - radius, y - radius, center + radius, y + radius), 180, 360, fill=0)
    # Darker than the water it spans, so the arch shows against the reflected sky.
    stone = scale(scene.lit(mix((0.52, 0.48, 0.44), scene.palette.shadow, 0.3), 1.0), 0.8)
    scene.canvas.paint(body, stone, blur=0.5)

    edge, draw = scene.canvas.mask()
    draw.arc((center - outer, y - outer, center + outer, y + outer), 185, 355, fill=255, width=2)
    scene.canvas.paint(edge, scene.lit((0.85, 0.82, 0.76), 1.0), opacity=0.7, blur=0.4)
    rail, draw = scene.canvas.mask()
    draw.arc((center - outer - 2, y - outer - 5, center + outer + 2, y + outer), 200, 340, fill=255, width=2)
    scene.canvas.paint(rail, scale(stone, 0.6), opacity=0.9, blur=0.3)
    reflect(scene, body, y + 1, scale(stone, 0.8), opacity=0.4)
