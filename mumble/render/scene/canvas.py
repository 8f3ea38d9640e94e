"""A float RGB canvas with soft masks, gradients and value noise, all in NumPy and Pillow.

Shapes are drawn by Pillow's ImageDraw into 8-bit masks (fast, in C), blurred
for soft painted edges, and composited into a float32 array only inside the
mask's bounding box, so a small element costs little however big the canvas.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from ..palettes import Color

ColorLike = Color | np.ndarray


class Canvas:
    """A square painting surface: rgb is the colour, cover the share of sky hidden at each pixel."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.rgb = np.zeros((size, size, 3), np.float32)
        # 1 where something is painted in front of the sky, so stars and sky effects stay behind it.
        self.cover = np.zeros((size, size), np.float32)

    def mask(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        """Return a blank 8-bit mask and a drawer for it."""
        mask = Image.new("L", (self.size, self.size), 0)
        return mask, ImageDraw.Draw(mask)

    def paint(
        self,
        mask: Image.Image | np.ndarray,
        color: ColorLike,
        opacity: float = 1.0,
        blur: float = 0.0,
        covers: bool = True,
    ) -> None:
        """Lay color over the canvas through mask (0..255 image or 0..1 array).

        Args:
            color: an RGB tuple, a (size, 1, 3) vertical gradient or a (size, size, 3) array.
            opacity: multiplies the mask.
            blur: Gaussian blur radius in pixels applied to the mask first.
            covers: whether the paint hides the sky from later sky effects (stars, lightning).
        """
        if isinstance(mask, np.ndarray):
            alpha_full = np.clip(mask, 0.0, 1.0).astype(np.float32)
            rows = np.flatnonzero(alpha_full.max(axis=1) > 0.002)
            cols = np.flatnonzero(alpha_full.max(axis=0) > 0.002)
            if rows.size == 0:
                return
            y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            alpha = alpha_full[y0:y1, x0:x1] * opacity
        else:
            box = mask.getbbox()
            if box is None:
                return
            if blur > 0:
                # Blur only around the shape: a small element need not blur the whole canvas.
                reach = int(blur * 3) + 1
                x0, y0 = max(0, box[0] - reach), max(0, box[1] - reach)
                x1, y1 = min(self.size, box[2] + reach), min(self.size, box[3] + reach)
                crop = mask.crop((x0, y0, x1, y1)).filter(ImageFilter.GaussianBlur(blur))
            else:
                x0, y0, x1, y1 = box
                crop = mask.crop(box)
            alpha = np.asarray(crop, np.float32) * (opacity / 255.0)

        region = self.rgb[y0:y1, x0:x1]
        region += (_region_of(color, y0, y1, x0, x1) - region) * alpha[..., None]
        if covers:
            cover = self.cover[y0:y1, x0:x1]
            cover += (1.0 - cover) * alpha

    def glow(self, cx: float, cy: float, radius: float, color: Color, strength: float, behind: bool = False) -> None:
        """Add a soft light (screen blend) with a Gaussian falloff of the given radius in pixels.

        With behind set, the light only shows where nothing covers the sky.
        """
        if radius <= 0 or strength <= 0:
            return
        reach = radius * 3.0
        y0, y1 = max(0, int(cy - reach)), min(self.size, int(cy + reach) + 1)
        x0, x1 = max(0, int(cx - reach)), min(self.size, int(cx + reach) + 1)
        if y0 >= y1 or x0 >= x1:
            return
        ys = (np.arange(y0, y1, dtype=np.float32) - cy)[:, None]
        xs = (np.arange(x0, x1, dtype=np.float32) - cx)[None, :]
        light = np.exp(-(xs * xs + ys * ys) / (2.0 * radius * radius)) * strength
        if behind:
            light *= 1.0 - self.cover[y0:y1, x0:x1]
        region = self.rgb[y0:y1, x0:x1]
        tint = np.asarray(color, np.float32)
        region += (1.0 - region) * tint * light[..., None]


def _region_of(color: ColorLike, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
    if isinstance(color, np.ndarray):
        if color.shape[1] == 1:
            return color[y0:y1]
        return color[y0:y1, x0:x1]
    return np.asarray(color, np.float32)


def vertical_gradient(size: int, stops: list[tuple[float, Color]], y0: int = 0, y1: int | None = None) -> np.ndarray:
    """Return a (size, 1, 3) colour column interpolating stops (position 0..1 from y0 to y1)."""
    y1 = size if y1 is None else y1
    ys = (np.arange(size, dtype=np.float32) - y0) / max(1, y1 - y0)
    positions = np.array([p for p, _ in stops], np.float32)
    column = np.empty((size, 1, 3), np.float32)
    for channel in range(3):
        values = np.array([c[channel] for _, c in stops], np.float32)
        column[:, 0, channel] = np.interp(ys, positions, values)
    return column


def smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def value_noise(
    rng: np.random.Generator,
    height: int,
    width: int,
    cells: tuple[int, int],
    octaves: int = 3,
    persistence: float = 0.5,
) -> np.ndarray:
    """Return smooth fractal noise in 0..1 of shape (height, width).

    Each octave is a small random grid upscaled by Pillow's bicubic filter,
    which is far cheaper than evaluating Perlin noise per pixel. The octaves
    are summed at a size just large enough for the finest one, then that sum
    is upscaled once.

    Args:
        cells: grid cells (rows, columns) of the coarsest octave; unequal
            values stretch the noise (few rows and many columns draw
            horizontal streaks).
    """
    rows, cols = cells
    finest_rows, finest_cols = rows << (octaves - 1), cols << (octaves - 1)
    # Four pixels per finest cell keep the bicubic curve smooth before the last upscale.
    work_height = min(height, max(16, finest_rows * 4))
    work_width = min(width, max(16, finest_cols * 4))

    total = np.zeros((work_height, work_width), np.float32)
    amplitude = 1.0
    for _ in range(octaves):
        grid = rng.random((rows + 1, cols + 1)).astype(np.float32)
        layer = Image.fromarray(grid).resize((work_width, work_height), Image.Resampling.BICUBIC)
        total += np.asarray(layer, np.float32) * amplitude
        amplitude *= persistence
        rows, cols = rows * 2, cols * 2
    if (work_height, work_width) != (height, width):
        total = np.asarray(Image.fromarray(total).resize((width, height), Image.Resampling.BICUBIC), np.float32)
    low, high = float(total.min()), float(total.max())
    return (total - low) / max(high - low, 1e-6)


def polygon_mask(canvas: Canvas, points: list[tuple[float, float]], blur: float = 0.0) -> Image.Image:
    """Return a mask with the polygon filled, optionally blurred."""
    mask, draw = canvas.mask()
    draw.polygon(points, fill=255)
    if blur > 0:
        mask = mask.filter(ImageFilter.GaussianBlur(blur))
    return mask
