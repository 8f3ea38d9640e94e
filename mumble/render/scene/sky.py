"""The sky layer: gradient, sun, moon, clouds and rainbow; stars are added after the brushwork."""

from __future__ import annotations

import numpy as np

from ..palettes import SUN_BY_TIME, mix, scale
from .canvas import smoothstep, value_noise, vertical_gradient
from .layout import Scene

_RAINBOW = np.array(
    [(0.95, 0.25, 0.25), (1.0, 0.6, 0.2), (1.0, 0.92, 0.3), (0.35, 0.8, 0.4), (0.3, 0.55, 0.95), (0.55, 0.35, 0.85)],
    np.float32,
)


def paint_sky(scene: Scene) -> None:
    """Fill the canvas with the sky gradient, lightly mottled like a wash of paint."""
    size, horizon = scene.size, scene.horizon
    zenith, middle, low = scene.sky
    column = vertical_gradient(size, [(0.0, zenith), (0.58, middle), (1.0, low), (1.6, low)], 0, horizon)
    mottle = value_noise(scene.rng, size, size, (3, 4), octaves=3)
    scene.canvas.rgb[:] = column * (0.95 + 0.10 * mottle[..., None])


def paint_sun(scene: Scene) -> None:
    """Draw the sun's glow and disc, veiled by cloud in overcast weather."""
    visible = scene.look.sun_visible
    if visible <= 0:
        visible = 0.15 if "sun" in scene.motifs else 0.0
    if visible <= 0:
        return
    size = scene.size
    color, reach = SUN_BY_TIME.get(scene.time_of_day, SUN_BY_TIME["day"])
    x, y = scene.light_x, scene.light_y
    low_sun = scene.time_of_day in ("dawn", "dusk")
    radius = size * (0.055 if low_sun else 0.04)

    scene.canvas.glow(x, y, size * reach * 0.6, color, 0.55 * visible)
    scene.canvas.glow(x, y, radius * 1.8, color, 0.8 * visible)
    mask, draw = scene.canvas.mask()
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    disc = mix(color, (1.0, 1.0, 0.96), 0.55 if not low_sun else 0.25)
    scene.canvas.paint(mask, disc, opacity=min(1.0, visible * 1.2), blur=1.5 if visible > 0.5 else 6)


def paint_moon(scene: Scene) -> None:
    """Draw the moon with its halo; pale by day, glowing at night, sometimes a crescent."""
    size, rng = scene.size, scene.rng
    x, y = scene.light_x, scene.light_y
    radius = size * rng.uniform(0.035, 0.05)
    night = scene.time_of_day in ("night", "dusk")
    veil = max(0.25, scene.look.sun_visible) if scene.weather not in ("rain", "thunder") else 0.35
    strength = (0.9 if night else 0.45) * veil

    crescent = rng.random() < 0.35 and not scene.full_moon
    scene.canvas.glow(x, y, radius * 4.0, (0.75, 0.80, 0.95), (0.2 if crescent else 0.35) * strength)
    scene.canvas.glow(x, y, radius * 1.6, (0.95, 0.95, 0.88), (0.25 if crescent else 0.5) * strength)
    mask, draw = scene.canvas.mask()
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    if crescent:
        # Cut the lit face down to a crescent; the dark part shows the sky behind it.
        dx = radius * 0.6
        draw.ellipse((x - radius + dx, y - radius - dx * 0.35, x + radius + dx, y + radius - dx * 0.35), fill=0)
    scene.canvas.paint(mask, (0.98, 0.96, 0.86), opacity=min(1.0, strength * 1.1), blur=1.0)

    # Grey seas on the face, so the moon reads as a moon and not a sun.
    seas, draw = scene.canvas.mask()
    for _ in range(4):
        sx = x + rng.uniform(-0.5, 0.4) * radius
        sy = y + rng.uniform(-0.5, 0.4) * radius
        r = radius * rng.uniform(0.18, 0.35)
        draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=255)
    face = np.asarray(seas, np.float32) / 255.0 * (np.asarray(mask, np.float32) / 255.0)
    scene.canvas.paint(face, (0.78, 0.78, 0.76), opacity=0.35 * strength)


def paint_clouds(scene: Scene) -> None:
    """Paint clouds from stretched fractal noise, lit on their upper edges."""
    size, rng, look = scene.size, scene.rng, scene.look
    coverage = look.cloud_cover
    stretch = look.cloud_stretch
    if "clouds" in scene.motifs:
        coverage = max(coverage, 0.5)
    if coverage <= 0.02:
        return
    rows = scene.horizon + size // 16
    # More rows than columns in the grid: clouds wider than tall, streaks in wind.
    noise = value_noise(rng, rows, size, (max(2, int(2 * stretch)), 2), octaves=4, persistence=0.42)
    # Clouds thin out just above the horizon, leaving a clear band where a low sun shines through.
    height = np.interp(np.arange(rows), [0, rows * 0.6, rows], [1.0, 1.02, 0.72]).astype(np.float32)[:, None]
    noise = noise * height
    density = smoothstep(1.0 - coverage - 0.12, 1.0 - coverage + 0.22, noise)

    shift = max(2, size // 64)
    relief = np.zeros_like(noise)
    relief[shift:] = noise[shift:] - noise[:-shift]
    lit = np.clip(0.5 - relief * 5.0, 0.0, 1.0)

    time = scene.time_of_day
    bright = {
        "day": (0.98, 0.97, 0.95),
        "dawn": (1.0, 0.80, 0.74),
        "dusk": (1.0, 0.66, 0.50),
        "night": (0.30, 0.33, 0.45),
    }.get(time, (0.95, 0.95, 0.95))
    bright = mix(bright, scene.look.sky_gray, scene.look.sky_mix * 0.6)
    dark = mix(scene.sky[1], scale(scene.look.sky_gray, 0.45), 0.35 + look.cloud_dark * 0.6)
    if time == "night":
        dark = scale(dark, 0.6)
    colors = np.asarray(dark, np.float32) + (np.asarray(bright, np.float32) - np.asarray(dark, np.float32)) * lit[..., None]

    full = np.zeros((size, size, 3), np.float32)
    full[:rows] = colors
    alpha = np.zeros((size, size), np.float32)
    alpha[:rows] = density * 0.88
    scene.canvas.paint(alpha, full, covers=True)
    if look.sun_visible > 0 and scene.time_of_day != "night":
        # Low sun bleeds through the cloud edges.
        color, reach = SUN_BY_TIME[scene.time_of_day]
        scene.canvas.glow(scene.light_x, scene.light_y, size * reach * 0.5, color, 0.35 * look.sun_visible)


def paint_rainbow(scene: Scene) -> None:
    """Paint a faint rainbow arc standing on the horizon, opposite the sun."""
    size, rng = scene.size, scene.rng
    cx = size * (0.72 if scene.light_x < size / 2 else 0.28) + rng.uniform(-0.08, 0.08) * size
    cy = scene.horizon + size * 0.08
    radius = size * rng.uniform(0.42, 0.55)
    width = size * 0.05
    rows = scene.horizon
    ys = (np.arange(rows, dtype=np.float32) - cy)[:, None]
    xs = (np.arange(size, dtype=np.float32) - cx)[None, :]
    distance = np.sqrt(xs * xs + ys * ys)
    band = (radius - distance) / width
    inside = (band > 0) & (band < 1)
    index = np.clip(band * len(_RAINBOW), 0, len(_RAINBOW) - 1)
    low = np.floor(index).astype(np.int32)
    high = np.minimum(low + 1, len(_RAINBOW) - 1)
    frac = (index - low)[..., None]
    colors = _RAINBOW[low] * (1 - frac) + _RAINBOW[high] * frac
    alpha = np.where(inside, np.sin(np.clip(band, 0, 1) * np.pi), 0.0).astype(np.float32)
    # Fade the arc's feet into the haze and leave it faint, as real rainbows are.
    alpha *= smoothstep(0.0, size * 0.25, cy - (ys + cy))
    full = np.zeros((size, size, 3), np.float32)
    full[:rows] = colors
    mask = np.zeros((size, size), np.float32)
    mask[:rows] = alpha * 0.42
    scene.canvas.paint(mask, full, covers=False)


def paint_stars(rgb: np.ndarray, cover: np.ndarray, scene: Scene, rng: np.random.Generator) -> None:
    """Scatter stars into the finished sky, only where nothing covers it.

    Runs after the brushwork so the smearing filter does not wipe out
    single-pixel stars.
    """
    size = rgb.shape[0]
    count = 420 if "stars" in scene.motifs else 240
    if scene.time_of_day != "night":
        count //= 3
    ys = rng.integers(0, scene.horizon, count)
    xs = rng.integers(0, size, count)
    brightness = rng.uniform(0.25, 1.0, count).astype(np.float32) ** 2
    # Fewer stars near the horizon, where the air is thick.
    brightness *= np.clip(1.2 - ys / max(1, scene.horizon), 0.1, 1.0)
    visible = brightness * (1.0 - cover[ys, xs]) * (1.0 - scene.look.cloud_cover * 0.6)
    tint = np.array([0.95, 0.95, 1.0], np.float32)
    rgb[ys, xs] += (tint - rgb[ys, xs]) * visible[:, None]

    if "stars" in scene.motifs and scene.time_of_day == "night":
        _paint_milky_way(rgb, cover, scene, rng)


def _paint_milky_way(rgb: np.ndarray, cover: np.ndarray, scene: Scene, rng: np.random.Generator) -> None:
    size = rgb.shape[0]
    rows = scene.horizon
    ys = np.arange(rows, dtype=np.float32)[:, None]
    xs = np.arange(size, dtype=np.float32)[None, :]
    slope = rng.uniform(-0.8, 0.8)
    offset = rng.uniform(0.2, 0.6) * rows
    distance = np.abs(ys - (offset + slope * (xs - size / 2))) / (size * 0.08)
    noise = value_noise(rng, rows, size, (6, 6), octaves=3)
    band = np.exp(-distance * distance) * (0.4 + 0.8 * noise) * 0.22
    band *= 1.0 - cover[:rows]
    rgb[:rows] += (np.array([0.85, 0.82, 0.95], np.float32) - rgb[:rows]) * band[..., None]
    dust = rng.random((rows, size)).astype(np.float32)
    sparkle = (dust > 0.992) * band * 3.0
    rgb[:rows] += (1.0 - rgb[:rows]) * np.clip(sparkle, 0, 1)[..., None]
