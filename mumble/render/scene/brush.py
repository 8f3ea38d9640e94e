"""Brushwork and colour grade: what turns the flat layers into a painting, by mood.

The steps run in order on the 512-pixel working canvas: wobble edges (warp),
flatten into paint patches with a Kuwahara filter, lay directional stroke
texture, then grade colours toward the mood palette. The full-size image is
the working canvas upscaled, with a canvas-weave texture at full resolution.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

from ..palettes import Brush, MoodPalette
from .canvas import value_noise

_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def warp(rgb: np.ndarray, brush: Brush, rng: np.random.Generator) -> np.ndarray:
    """Return rgb with edges pushed about by smooth noise, swirled for dreamy and anxious moods."""
    size = rgb.shape[0]
    first = value_noise(rng, size, size, (6, 6), octaves=2)
    second = value_noise(rng, size, size, (6, 6), octaves=2)
    if brush.swirl > 0:
        theta = first * np.float32(4 * np.pi * brush.swirl)
        dx, dy = np.cos(theta) * brush.warp, np.sin(theta) * brush.warp
    else:
        dx, dy = (first - 0.5) * 2 * brush.warp, (second - 0.5) * 2 * brush.warp
    ys = np.clip(np.arange(size)[:, None] + dy, 0, size - 1).astype(np.int32)
    xs = np.clip(np.arange(size)[None, :] + dx, 0, size - 1).astype(np.int32)
    return rgb[ys, xs]


def kuwahara(rgb: np.ndarray, radius: int) -> np.ndarray:
    """Return rgb through a Kuwahara filter: each pixel takes the mean of its calmest quadrants.

    Flat areas become patches of one colour while edges stay sharp, the look
    of oil or gouache. Box sums are separable running sums, so the cost does
    not grow with the radius.
    """
    if radius <= 0:
        return rgb
    height, width, _ = rgb.shape
    luma = rgb @ _LUMA
    stack = np.concatenate([rgb, luma[..., None], (luma * luma)[..., None]], axis=2)
    padded = np.pad(stack, ((radius, radius), (radius, radius), (0, 0)), mode="edge")
    side = radius + 1

    # Window sums along x, then along y; each axis on its own keeps float32 precise enough.
    running = np.zeros((padded.shape[0], padded.shape[1] + 1, 5), np.float32)
    np.cumsum(padded, axis=1, out=running[:, 1:])
    rows_sums = running[:, side:] - running[:, :-side]
    running = np.zeros((rows_sums.shape[0] + 1, rows_sums.shape[1], 5), np.float32)
    np.cumsum(rows_sums, axis=0, out=running[1:])
    boxes = (running[side:] - running[:-side]) / float(side * side)

    quadrants = [boxes[oy : oy + height, ox : ox + width] for oy in (0, radius) for ox in (0, radius)]
    # Weight quadrants by inverse variance instead of taking only the calmest one:
    # the hard choice leaves square blocks in smooth gradients, the weights do not.
    variance = np.stack([np.maximum(box[..., 4] - box[..., 3] * box[..., 3], 0.0) for box in quadrants])
    weights = 1.0 / (1.0 + (variance * 4000.0) ** 2)
    weights /= weights.sum(axis=0, keepdims=True)
    mean = np.zeros((height, width, 3), np.float32)
    for weight, box in zip(weights, quadrants):
        mean += box[..., :3] * weight[..., None]
    return mean


def stroke_texture(size: int, brush: Brush, rng: np.random.Generator, angle_deg: float) -> np.ndarray:
    """Return streaky noise in -1..1 whose streaks run at angle_deg, brush-length long.

    The streaks are drawn at half size and upscaled, because strokes are
    several pixels wide and rotating a quarter of the pixels costs a quarter as much.
    """
    half = size // 2
    side = int(half * 1.45)
    rows = max(2, int(side / max(0.5, brush.width / 2)))
    cols = max(2, int(side / max(0.5, brush.length / 2)))
    noise = value_noise(rng, side, side, (rows, cols), octaves=2)
    image = Image.fromarray(noise).rotate(angle_deg, resample=Image.Resampling.BILINEAR)
    start = (side - half) // 2
    image = image.crop((start, start, start + half, start + half)).resize((size, size), Image.Resampling.BILINEAR)
    return (np.asarray(image, np.float32) - 0.5) * 2.0


def apply_brush(rgb: np.ndarray, brush: Brush, rng: np.random.Generator) -> np.ndarray:
    """Return the canvas painted over in the mood's brush: warp, patches, then stroke texture."""
    size = rgb.shape[0]
    painted = kuwahara(warp(rgb, brush, rng), brush.smear)
    angle = brush.angle_deg + rng.uniform(-8, 8)
    strokes = stroke_texture(size, brush, rng, angle)
    if brush.jitter > 0.9:
        strokes = 0.6 * strokes + 0.6 * stroke_texture(size, brush, rng, angle + 90)
    hue = stroke_texture(size, brush, rng, angle + 25) * (0.015 + 0.015 * brush.jitter)
    # Strokes gather in patches, as a painter works some areas more than others.
    patches = 0.35 + 0.9 * value_noise(rng, size, size, (4, 4), octaves=2)
    painted = painted * (1.0 + brush.strength * (strokes * patches)[..., None])
    painted[..., 0] *= 1.0 + hue
    painted[..., 2] *= 1.0 - hue
    return painted


def grade(rgb: np.ndarray, palette: MoodPalette) -> np.ndarray:
    """Return rgb graded to the mood: tinted by a shadow/mid/highlight map, then tone curve and vignette."""
    luma = rgb @ _LUMA
    stops = np.array([palette.shadow, palette.mid, palette.highlight], np.float32)
    mapped = np.stack([np.interp(luma, (0.0, 0.5, 1.0), stops[:, channel]) for channel in range(3)], axis=-1)
    graded = rgb + (mapped.astype(np.float32) - rgb) * np.float32(palette.tint)

    luma = (graded @ _LUMA)[..., None]
    graded = luma + (graded - luma) * np.float32(palette.saturation)
    contrast = np.float32(palette.contrast)
    graded = (graded - 0.5) * contrast + 0.5
    shade = vignette(rgb.shape[0], palette.vignette) * np.float32(palette.brightness)
    return graded * shade[..., None]


@lru_cache(maxsize=8)
def _radial(size: int) -> np.ndarray:
    coords = (np.arange(size, dtype=np.float32) - size / 2) / (size / 2)
    return np.clip(coords[None, :] ** 2 + coords[:, None] ** 2 - 0.35, 0.0, None) * np.float32(0.7)


def vignette(size: int, strength: float) -> np.ndarray:
    """Return a darkening map: 1 in the middle, 1 - 0.93·strength in the corners."""
    return 1.0 - np.float32(strength) * _radial(size)


@lru_cache(maxsize=4)
def canvas_weave(size: int) -> np.ndarray:
    """Return a fixed linen-like texture (int16, about ±3 levels) laid over every picture.

    It is smooth on purpose: per-pixel random grain would double the PNG
    encoding time and size.
    """
    rng = np.random.default_rng(20240601)
    xs = np.arange(size, dtype=np.float32)
    weave = np.sin(xs[None, :] * 1.9) * np.sin(xs[:, None] * 2.1) * 1.5
    fibres = value_noise(rng, size, size, (size // 3, size // 40), octaves=1) * 4.0 - 2.0
    return np.round(weave + fibres).astype(np.int16)[..., None]


def finish(rgb: np.ndarray, output_size: int) -> Image.Image:
    """Return the graded working canvas as an output_size RGB image with canvas texture."""
    small = Image.fromarray((np.clip(rgb, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8))
    large = small.resize((output_size, output_size), Image.Resampling.BICUBIC)
    textured = np.asarray(large, np.int16) + canvas_weave(output_size)
    return Image.fromarray(np.clip(textured, 0, 255).astype(np.uint8))
