"""Small subjects: a cat or dog sitting on the bank, birds, a kite, butterflies, lanterns.

Animals are silhouettes in profile, turned toward the sun or moon: an outline
reads at any size and needs no detailed drawing.
"""

from __future__ import annotations

import numpy as np

from ..palettes import mix, scale
from .layout import Scene


# Outlines of sitting animals in profile, facing right, in units of the animal's
# height with (0, 0) on the ground under its chest.
_CAT_BODY = [(-0.32, 0.0), (-0.37, -0.18), (-0.33, -0.38), (-0.2, -0.56), (-0.06, -0.68), (0.06, -0.66),
             (0.12, -0.5), (0.12, -0.28), (0.15, 0.0)]
_CAT_EARS = [[(-0.06, -0.88), (-0.04, -1.06), (0.06, -0.94)], [(0.07, -0.95), (0.16, -1.06), (0.19, -0.86)]]
_CAT_TAIL = [(-0.3, -0.03), (-0.22, 0.02), (-0.02, 0.035), (0.16, 0.02), (0.26, -0.05)]
_DOG_BODY = [(-0.3, 0.0), (-0.36, -0.2), (-0.3, -0.42), (-0.12, -0.6), (0.04, -0.72), (0.16, -0.62),
             (0.16, -0.36), (0.2, 0.0)]
_DOG_SNOUT = [(0.16, -0.9), (0.36, -0.84), (0.36, -0.74), (0.16, -0.72)]
_DOG_EAR = [(0.02, -0.96), (-0.09, -0.9), (-0.08, -0.68), (0.03, -0.76)]
_DOG_TAIL = [(-0.3, -0.08), (-0.44, -0.16), (-0.52, -0.32)]


def _animal_spot(scene: Scene) -> tuple[float, float, float, int]:
    """Return x, ground y, height and facing (1 right, -1 left) for an animal on the bank."""
    size, rng = scene.size, scene.rng
    x = rng.uniform(0.36, 0.6) * size
    for _ in range(8):
        if not scene.is_wet(x, size - 2):
            break
        x = rng.uniform(0.15, 0.85) * size
    ground = scene.ground_at(x)
    ground = min(size * 0.96, ground + (size - ground) * rng.uniform(0.3, 0.55))
    height = size * 0.17 * (0.6 + 0.5 * (ground - scene.horizon) / max(1, size - scene.horizon))
    facing = 1 if scene.light_x > x else -1
    return x, ground, height, facing


def _place(points, x: float, ground: float, height: float, facing: int) -> list[tuple[float, float]]:
    return [(x + facing * px * height, ground + py * height) for px, py in points]


def _silhouette_color(scene: Scene):
    return scene.lit(scale(scene.palette.shadow, 0.9), 1.0)


def paint_cat(scene: Scene) -> None:
    """Paint a sitting cat in profile facing the light, tail curled round its feet."""
    x, ground, h, facing = _animal_spot(scene)
    h *= 0.85
    if "dog" in scene.motifs:
        x -= facing * h * 0.9
    mask, draw = scene.canvas.mask()
    draw.polygon(_place(_CAT_BODY, x, ground, h, facing), fill=255)
    hx, hy = x + facing * 0.06 * h, ground - 0.82 * h
    r = 0.15 * h
    draw.ellipse((hx - r, hy - r, hx + r, hy + r * 0.95), fill=255)
    mx = hx + facing * r * 0.8
    draw.ellipse((mx - r * 0.45, hy - r * 0.1, mx + r * 0.45, hy + r * 0.6), fill=255)
    for ear in _CAT_EARS:
        draw.polygon(_place(ear, x, ground, h, facing), fill=255)
    draw.line(_place(_CAT_TAIL, x, ground, h, facing), fill=255, width=max(2, int(h * 0.07)), joint="curve")
    scene.canvas.paint(mask, _silhouette_color(scene), blur=0.5)
    _rim_light(scene, mask)


def paint_dog(scene: Scene) -> None:
    """Paint a sitting dog in profile facing the light, ear flopped and tail out."""
    x, ground, h, facing = _animal_spot(scene)
    h *= 1.05
    if "cat" in scene.motifs:
        x += facing * h * 0.6
    mask, draw = scene.canvas.mask()
    draw.polygon(_place(_DOG_BODY, x, ground, h, facing), fill=255)
    hx, hy = x + facing * 0.08 * h, ground - 0.82 * h
    draw.ellipse((hx - 0.14 * h, hy - 0.13 * h, hx + 0.14 * h, hy + 0.12 * h), fill=255)
    draw.polygon(_place(_DOG_SNOUT, x, ground, h, facing), fill=255)
    draw.line(_place(_DOG_TAIL, x, ground, h, facing), fill=255, width=max(2, int(h * 0.06)), joint="curve")
    scene.canvas.paint(mask, _silhouette_color(scene), blur=0.5)
    ear, draw = scene.canvas.mask()
    draw.polygon(_place(_DOG_EAR, x, ground, h, facing), fill=255)
    scene.canvas.paint(ear, scale(_silhouette_color(scene), 0.7), blur=0.4)
    _rim_light(scene, mask)


def _rim_light(scene: Scene, mask) -> None:
    """Edge a silhouette with light on the side facing the sun or moon."""
    shape = np.asarray(mask, np.float32) / 255.0
    shift = 2 if scene.light_x > scene.size / 2 else -2
    edge = np.clip(shape - np.roll(shape, -shift, axis=1), 0, 1)
    edge *= np.clip(shape - np.roll(shape, 2, axis=0), 0, 1) + 0.4
    color = mix(scene.sky[2], (1.0, 0.9, 0.7), 0.5)
    if scene.time_of_day == "night":
        color = (0.75, 0.8, 0.95)
    scene.canvas.paint(np.clip(edge, 0, 1), color, opacity=0.85)


def paint_birds(scene: Scene) -> None:
    """Paint a loose flock of birds in flight, smaller with distance."""
    size, rng = scene.size, scene.rng
    mask, draw = scene.canvas.mask()
    count = int(rng.integers(5, 11))
    lead_x = rng.uniform(0.2, 0.8) * size
    lead_y = rng.uniform(0.12, 0.35) * scene.horizon + size * 0.05
    if scene.time_of_day != "day":
        # In low light a flock only shows as silhouettes against the sun's or moon's glow.
        lead_x = scene.light_x + rng.uniform(-0.12, 0.12) * size
        lead_y = scene.light_y + rng.uniform(-0.06, 0.1) * size
    direction = 1 if rng.random() < 0.5 else -1
    for index in range(count):
        span = size * rng.uniform(0.012, 0.028) * (1.0 - index * 0.05)
        x = lead_x - direction * index * size * rng.uniform(0.02, 0.05)
        y = lead_y + index * size * rng.uniform(0.005, 0.025) * (1 if index % 2 else -0.6)
        flap = rng.uniform(0.1, 0.45)
        draw.line([(x - span, y - span * flap), (x - span * 0.45, y - span * 0.25), (x, y),
                   (x + span * 0.45, y - span * 0.25), (x + span, y - span * flap)],
                  fill=255, width=2, joint="curve")
    tone = scale(scene.sky[0], 0.35) if scene.time_of_day != "night" else (0.02, 0.02, 0.05)
    scene.canvas.paint(mask, tone, opacity=0.9, blur=0.4)


def paint_kite(scene: Scene) -> None:
    """Paint a diamond kite high in the sky with its string and a tail of bows."""
    size, rng = scene.size, scene.rng
    x = rng.uniform(0.25, 0.75) * size
    y = rng.uniform(0.15, 0.3) * size
    r = size * 0.045
    tilt = rng.uniform(-0.3, 0.3) + scene.wind * 0.3
    cos, sin = np.cos(tilt), np.sin(tilt)

    def point(dx: float, dy: float) -> tuple[float, float]:
        return (x + dx * cos - dy * sin, y + dx * sin + dy * cos)

    top, right, bottom, left = point(0, -r * 1.2), point(r * 0.8, 0), point(0, r * 1.6), point(-r * 0.8, 0)
    center = point(0, 0)
    first, draw = scene.canvas.mask()
    draw.polygon([top, right, center], fill=255)
    draw.polygon([bottom, left, center], fill=255)
    second, draw2 = scene.canvas.mask()
    draw2.polygon([top, left, center], fill=255)
    draw2.polygon([bottom, right, center], fill=255)
    scene.canvas.paint(first, scene.accent((0.90, 0.18, 0.15)), blur=0.4)
    scene.canvas.paint(second, scene.accent((0.98, 0.80, 0.20)), blur=0.4)

    lines, draw = scene.canvas.mask()
    string_end = (x - size * 0.25, size)
    draw.line([bottom, ((bottom[0] + string_end[0]) / 2 + size * 0.04, (bottom[1] + string_end[1]) / 2), string_end],
              fill=255, width=1, joint="curve")
    tail = [bottom]
    for step in range(1, 7):
        tail.append((bottom[0] + np.sin(step * 1.3) * r * 0.35 - scene.wind * step * 3, bottom[1] + step * r * 0.45))
    draw.line(tail, fill=255, width=1)
    scene.canvas.paint(lines, scale(scene.palette.shadow, 1.2), opacity=0.7, covers=False)
    bows, draw = scene.canvas.mask()
    for bx, by in tail[1::2]:
        draw.polygon([(bx - 3, by - 2), (bx + 3, by + 2), (bx + 3, by - 2), (bx - 3, by + 2)], fill=255)
    scene.canvas.paint(bows, scene.accent((0.2, 0.5, 0.9)), covers=False)


def paint_butterflies(scene: Scene) -> None:
    """Paint two or three butterflies fluttering above the bank."""
    size, rng = scene.size, scene.rng
    for _ in range(int(rng.integers(2, 4))):
        x = rng.uniform(0.2, 0.8) * size
        y = scene.ground_at(x) - size * rng.uniform(0.02, 0.12)
        r = size * rng.uniform(0.014, 0.022)
        open_ = rng.uniform(0.5, 1.0)
        wings, draw = scene.canvas.mask()
        for side in (-1, 1):
            draw.ellipse((x + side * r * 0.05 - (r if side < 0 else 0) * open_, y - r,
                          x + side * r * 0.05 + (r if side > 0 else 0) * open_, y + r * 0.1), fill=255)
            draw.ellipse((x - (r * 0.7 if side < 0 else 0) * open_, y - r * 0.1,
                          x + (r * 0.7 if side > 0 else 0) * open_, y + r * 0.7), fill=255)
        color = scene.accent(((0.98, 0.6, 0.2), (0.3, 0.55, 0.95), (0.95, 0.9, 0.95))[int(rng.integers(3))])
        scene.canvas.paint(wings, scene.lit(color, 1.0), blur=0.4)
        body, draw = scene.canvas.mask()
        draw.line((x, y - r * 0.8, x, y + r * 0.6), fill=255, width=2)
        scene.canvas.paint(body, (0.08, 0.06, 0.05), opacity=0.9)


def paint_lanterns(scene: Scene) -> None:
    """Paint red paper lanterns hanging from the top edge on strings, glowing."""
    size, rng = scene.size, scene.rng
    count = int(rng.integers(2, 5))
    start = rng.uniform(0.05, 0.15) * size if rng.random() < 0.5 else rng.uniform(0.55, 0.7) * size
    for index in range(count):
        x = start + index * size * rng.uniform(0.07, 0.1)
        y = size * rng.uniform(0.08, 0.22)
        w, h = size * 0.035, size * 0.045
        string, draw = scene.canvas.mask()
        draw.line((x, 0, x, y - h), fill=255, width=1)
        scene.canvas.paint(string, (0.15, 0.1, 0.08), opacity=0.8)
        scene.canvas.glow(x, y, w * 2.2, (1.0, 0.45, 0.2), 0.5)
        lantern, draw = scene.canvas.mask()
        draw.ellipse((x - w, y - h, x + w, y + h), fill=255)
        scene.canvas.paint(lantern, scene.accent((0.86, 0.12, 0.10)), blur=0.6)
        ribs, draw = scene.canvas.mask()
        for offset in (-0.5, 0.0, 0.5):
            draw.arc((x - w * abs(offset) - 1, y - h, x + w * abs(offset) + 1, y + h), 0, 360, fill=255)
        scene.canvas.paint(ribs, (1.0, 0.75, 0.3), opacity=0.45)
        caps, draw = scene.canvas.mask()
        draw.rectangle((x - w * 0.45, y - h - 3, x + w * 0.45, y - h + 1), fill=255)
        draw.rectangle((x - w * 0.45, y + h - 1, x + w * 0.45, y + h + 3), fill=255)
        draw.line((x, y + h + 3, x, y + h + h * 0.7), fill=255, width=2)
        scene.canvas.paint(caps, (0.95, 0.72, 0.2), blur=0.3)
