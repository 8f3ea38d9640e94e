"""Plants: forests on the middle ground, one big tree, flowers and grass on the near bank.

Foliage colour follows the season (fresh green, deep green, orange, bare and
snowy). Every leaf mass is three tones, dark underneath and lit toward the
sun or moon, which makes a blob of dabs read as a canopy.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from ..palettes import Color, mix, scale
from .land import SNOW
from .layout import Scene


def paint_forest(scene: Scene) -> None:
    """Paint two rows of trees along the middle ground, conifers or round crowns by season."""
    size, rng = scene.size, scene.rng
    conifers = scene.season == "winter" or rng.random() < 0.5
    for row in range(2):
        depth = 0.5 + 0.3 * row
        mask, draw = scene.canvas.mask()
        lit, lit_draw = scene.canvas.mask()
        height = size * (0.05 + 0.05 * row)
        x = rng.uniform(-0.02, 0.01) * size
        # The far row grows on the middle ground, the near row just in front of it.
        line = scene.midground + row * size * 0.05
        while x < size:
            ground = float(line[int(np.clip(x, 0, size - 1))])
            h = height * rng.uniform(0.7, 1.3)
            if scene.is_wet(x, ground):
                x += h * 0.3
                continue
            if conifers:
                _conifer(draw, lit_draw, x, ground, h, scene.light_x > x)
            else:
                _round_tree(draw, lit_draw, x, ground, h, scene.light_x > x)
            x += h * (rng.uniform(0.25, 0.45) if conifers else rng.uniform(0.45, 0.7))
        foliage = scene.colors.foliage if scene.season != "winter" else mix(scene.colors.foliage, (0.2, 0.25, 0.22), 0.4)
        dark = scene.lit(scale(foliage, 0.55), depth)
        light = scene.lit(scene.colors.foliage_light, depth)
        scene.canvas.paint(mask, dark, blur=0.5)
        scene.canvas.paint(lit, light, opacity=0.55, blur=0.8)
        if scene.snowy:
            scene.canvas.paint(lit, scene.lit(SNOW, depth), opacity=0.6, blur=0.5)


def _conifer(draw: ImageDraw.ImageDraw, lit: ImageDraw.ImageDraw, x: float, ground: float, h: float, lit_right: bool) -> None:
    width = h * 0.32
    for tier in range(3):
        top = ground - h + tier * h * 0.25
        bottom = ground - h * 0.15 + tier * h * 0.05
        w = width * (0.55 + 0.25 * tier)
        draw.polygon([(x, top), (x - w, bottom), (x + w, bottom)], fill=255)
        side = 1 if lit_right else -1
        lit.polygon([(x, top + 1), (x + side * w * 0.9, bottom), (x + side * w * 0.1, bottom)], fill=255)
    draw.line((x, ground - h * 0.2, x, ground + 1), fill=255, width=2)


def _round_tree(draw: ImageDraw.ImageDraw, lit: ImageDraw.ImageDraw, x: float, ground: float, h: float, lit_right: bool) -> None:
    # A tall oval crown on a visible trunk: a row of plain circles reads as clouds.
    r = h * 0.28
    cy = ground - h + r * 1.3
    draw.ellipse((x - r, cy - r * 1.3, x + r, cy + r * 1.2), fill=255)
    draw.line((x, cy, x, ground + 1), fill=255, width=max(2, int(h * 0.08)))
    side = 0.35 if lit_right else -0.35
    lit.ellipse((x - r * 0.6 + side * r, cy - r * 0.9, x + r * 0.5 + side * r, cy + r * 0.3), fill=255)


def paint_tree(scene: Scene) -> None:
    """Paint one large tree on the near bank, framing the picture from one side."""
    size, rng = scene.size, scene.rng
    left_side = scene.light_x > size / 2
    root_x = (rng.uniform(0.08, 0.22) if left_side else rng.uniform(0.78, 0.92)) * size
    ground = scene.ground_at(root_x) + size * 0.02
    height = size * rng.uniform(0.42, 0.55)
    lean = rng.uniform(-0.06, 0.06) * size + scene.wind * size * 0.04
    crown_x = root_x + lean
    crown_y = ground - height
    fork_y = ground - height * 0.45

    trunk, draw = scene.canvas.mask()
    base_half = size * 0.014
    draw.polygon([(root_x - base_half * 1.5, ground), (crown_x - base_half * 0.6, fork_y),
                  (crown_x + base_half * 0.6, fork_y), (root_x + base_half * 1.5, ground)], fill=255)
    # A bare tree shows its whole skeleton, so it gets two more levels of twigs.
    bare = rng.random() < scene.colors.bare
    branches = _branches(draw, rng, crown_x, fork_y, height * 0.28, -np.pi / 2, 6 if bare else 4, base_half * 0.9)
    bark = scene.lit((0.25, 0.19, 0.15), 1.0)
    scene.canvas.paint(trunk, bark, blur=0.7)

    if bare:
        if scene.snowy or scene.season == "winter":
            snow, draw = scene.canvas.mask()
            for (x0, y0, x1, y1) in branches:
                draw.line((x0, y0 - 1, x1, y1 - 1), fill=255, width=1)
            scene.canvas.paint(snow, scene.lit(SNOW, 1.0), opacity=0.7)
        return
    _paint_crown(scene, branches, crown_x, crown_y, height)


def _branches(draw, rng, x, y, length, angle, depth, width) -> list[tuple[float, float, float, float]]:
    """Draw a branching skeleton and return its segments; the tips carry the leaves."""
    segments = []
    stack = [(x, y, length, angle, depth, width)]
    while stack:
        x0, y0, length, angle, level, w = stack.pop()
        x1 = x0 + np.cos(angle) * length
        y1 = y0 + np.sin(angle) * length
        # Two pixels at least: thinner twigs vanish under the brushwork's smearing.
        draw.line((x0, y0, x1, y1), fill=255, width=max(2, int(round(w))))
        segments.append((x0, y0, x1, y1))
        if level > 0:
            for turn in (-1, 1):
                spread = turn * rng.uniform(0.3, 0.7)
                stack.append((x1, y1, length * rng.uniform(0.6, 0.78), angle + spread, level - 1, w * 0.72))
    return segments


def _paint_crown(scene: Scene, branches, crown_x: float, crown_y: float, height: float) -> None:
    size, rng = scene.size, scene.rng
    tips = [(x1, y1) for (_, _, x1, y1) in branches[len(branches) // 3 :]]
    shadow, shadow_draw = scene.canvas.mask()
    middle, middle_draw = scene.canvas.mask()
    light, light_draw = scene.canvas.mask()
    toward = 1 if scene.light_x > crown_x else -1
    for _ in range(320):
        tx, ty = tips[int(rng.integers(len(tips)))]
        r = size * rng.uniform(0.018, 0.042)
        x = tx + rng.normal(0, size * 0.035)
        y = ty + rng.normal(0, size * 0.028)
        shadow_draw.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.8), fill=255)
        if y < crown_y + height * 0.2 or (x - crown_x) * toward > 0:
            middle_draw.ellipse((x - r * 0.8, y - r * 0.9, x + r * 0.7, y + r * 0.5), fill=255)
        if (x - crown_x) * toward > size * 0.01 and y < crown_y + height * 0.15:
            light_draw.ellipse((x - r * 0.5, y - r * 0.7, x + r * 0.4, y + r * 0.2), fill=255)
    colors = scene.colors
    scene.canvas.paint(shadow, scene.lit(scale(colors.foliage, 0.5), 1.0), blur=1.0)
    scene.canvas.paint(middle, scene.lit(colors.foliage, 1.0), opacity=0.85, blur=1.0)
    scene.canvas.paint(light, scene.lit(colors.foliage_light, 1.0), opacity=0.75, blur=0.8)
    if scene.season == "spring":
        _blossoms(scene, tips, scene.accent(colors.blossom), 160)
    if scene.snowy:
        scene.canvas.paint(light, scene.lit(SNOW, 1.0), opacity=0.3, blur=0.6)


def _blossoms(scene: Scene, tips, color: Color, count: int) -> None:
    size, rng = scene.size, scene.rng
    mask, draw = scene.canvas.mask()
    for _ in range(count):
        tx, ty = tips[int(rng.integers(len(tips)))]
        x = tx + rng.normal(0, size * 0.03)
        y = ty + rng.normal(0, size * 0.025)
        r = rng.uniform(1.0, 2.4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    scene.canvas.paint(mask, scene.lit(color, 1.0), opacity=0.9, blur=0.4)


def paint_flowers(scene: Scene) -> None:
    """Paint clumps of flowers on the near bank, larger toward the viewer."""
    size, rng = scene.size, scene.rng
    stems, stem_draw = scene.canvas.mask()
    petals = [scene.canvas.mask() for _ in range(3)]
    hearts, heart_draw = scene.canvas.mask()
    base_colors = [scene.colors.blossom, (0.98, 0.85, 0.35), (0.95, 0.95, 0.98)]
    clumps = [rng.uniform(0.05, 0.95) * size for _ in range(4)]
    for _ in range(130):
        x = clumps[int(rng.integers(len(clumps)))] + rng.normal(0, size * 0.07)
        top = scene.ground_at(x)
        if top >= size - 4:
            continue
        y = top + (size - top) * rng.random() ** 1.3
        if scene.is_wet(x, y):
            continue
        near = (y - scene.horizon) / max(1, size - scene.horizon)
        r = 1.5 + 6.0 * near
        stem_draw.line((x, y, x + scene.wind * r, y + r * 3), fill=255, width=max(1, int(r / 3)))
        mask_index = int(rng.integers(3))
        draw = petals[mask_index][1]
        for petal in range(5):
            angle = petal * 2 * np.pi / 5 + rng.uniform(0, 0.5)
            px, py = x + np.cos(angle) * r * 0.7, y + np.sin(angle) * r * 0.55
            draw.ellipse((px - r * 0.55, py - r * 0.45, px + r * 0.55, py + r * 0.45), fill=255)
        heart_draw.ellipse((x - r * 0.3, y - r * 0.3, x + r * 0.3, y + r * 0.3), fill=255)
    scene.canvas.paint(stems, scene.lit(scale(scene.colors.foliage, 0.7), 1.0), blur=0.4)
    for (mask, _), color in zip(petals, base_colors):
        scene.canvas.paint(mask, scene.lit(scene.accent(color), 1.0), blur=0.5)
    scene.canvas.paint(hearts, scene.lit((0.95, 0.72, 0.2), 1.0), opacity=0.9, blur=0.3)


def paint_grass(scene: Scene, dense: bool) -> None:
    """Brush grass blades over the near bank (and the middle ground for a field), bent by the wind."""
    size, rng = scene.size, scene.rng
    if scene.bank.size == 0:
        return
    dark, dark_draw = scene.canvas.mask()
    light, light_draw = scene.canvas.mask()
    count = 1400 if dense else 600
    if "sea" in scene.motifs:
        count //= 4
    for _ in range(count):
        x = rng.uniform(0, size)
        top = scene.ground_at(x)
        y = top + (size - top) * rng.random() ** 0.9
        if scene.is_wet(x, y):
            continue
        near = (y - scene.horizon) / max(1, size - scene.horizon)
        length = 2 + 14 * near
        tip = (x + (scene.wind * 1.2 + rng.normal(0, 0.25)) * length, y - length)
        draw = dark_draw if rng.random() < 0.6 else light_draw
        draw.line((x, y, *tip), fill=255, width=1 if near < 0.7 else 2)
    ground = scene.colors.ground if not scene.snowy else mix(scene.colors.ground, SNOW, 0.6)
    scene.canvas.paint(dark, scene.lit(scale(mix(ground, scene.colors.foliage, 0.6), 0.6), 1.0), opacity=0.6)
    scene.canvas.paint(light, scene.lit(scene.colors.foliage_light, 1.0), opacity=0.45)


def paint_field(scene: Scene) -> None:
    """Paint crop rows across the middle ground converging on the horizon, then dense grass."""
    size, rng = scene.size, scene.rng
    rows, draw = scene.canvas.mask()
    vanish_x = rng.uniform(0.2, 0.8) * size
    for index in range(-14, 15):
        bottom_x = size / 2 + index * size * 0.09
        draw.line((vanish_x + index * 2, scene.horizon + 2, bottom_x, size), fill=255, width=3)
    crop = mix(scene.colors.foliage_light, (0.95, 0.8, 0.4), 0.5 if scene.season in ("summer", "autumn") else 0.1)
    if scene.snowy:
        crop = SNOW
    alpha = np.asarray(rows, np.float32) / 255.0
    ys = np.arange(size, dtype=np.float32)[:, None]
    alpha *= np.clip((ys - scene.midground[None, :] + 2) / 3.0, 0, 1)
    alpha *= np.clip((scene.bank[None, :] + 6 - ys) / 12.0, 0, 1)
    scene.canvas.paint(alpha, scene.lit(crop, 0.7), opacity=0.3, blur=0)
    paint_grass(scene, dense=True)
