"""Colours and brush settings for the painter, keyed by mood, hour, season and weather.

Everything here is plain data so the look of a mood or an hour can be tuned
in one place, and so a recipe can name the palette it used. Colours are RGB
floats in 0..1 (sRGB, not linear light: the painter mixes them the way a
painter mixes pigments, not the way light adds up).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

Color = tuple[float, float, float]


@dataclass(frozen=True)
class Brush:
    """How a mood moves the brush.

    angle_deg is the main stroke direction (0 is horizontal), length and width
    are in pixels of the 512-pixel working canvas, strength scales the stroke
    texture, smear is the Kuwahara radius (flat oil-paint patches), warp is the
    wobble of edges in pixels and swirl bends strokes into eddies.
    """

    name: str
    angle_deg: float
    length: float
    width: float
    strength: float
    smear: int
    warp: float
    swirl: float = 0.0
    jitter: float = 0.0


@dataclass(frozen=True)
class MoodPalette:
    """A mood's colour grade: shadow/mid/highlight tint, accent and tone curve."""

    name: str
    shadow: Color
    mid: Color
    highlight: Color
    accent: Color
    tint: float
    saturation: float
    contrast: float
    brightness: float
    vignette: float
    brush: Brush
    # Hue shift in degrees applied to flowers, lanterns and other accents.
    bloom: float = 0.0


MOOD_PALETTES: dict[str, MoodPalette] = {
    "calm": MoodPalette(
        "calm", (0.10, 0.20, 0.30), (0.45, 0.62, 0.68), (0.90, 0.95, 0.93), (0.55, 0.78, 0.80),
        tint=0.30, saturation=0.85, contrast=0.90, brightness=1.04, vignette=0.18,
        brush=Brush("long horizontal", 0, 48, 7, 0.07, 3, 2.0),
    ),
    "happy": MoodPalette(
        "happy", (0.30, 0.18, 0.20), (0.95, 0.66, 0.42), (1.00, 0.96, 0.80), (1.00, 0.75, 0.25),
        tint=0.28, saturation=1.20, contrast=1.05, brightness=1.08, vignette=0.12,
        brush=Brush("round dabs", 30, 14, 9, 0.08, 4, 2.5, jitter=0.5),
    ),
    "excited": MoodPalette(
        "excited", (0.22, 0.05, 0.22), (0.95, 0.35, 0.45), (1.00, 0.88, 0.55), (1.00, 0.30, 0.55),
        tint=0.34, saturation=1.40, contrast=1.22, brightness=1.04, vignette=0.22,
        brush=Brush("bold diagonal", 55, 30, 7, 0.10, 3, 4.0, jitter=0.8),
    ),
    "hopeful": MoodPalette(
        "hopeful", (0.16, 0.22, 0.30), (0.82, 0.72, 0.48), (1.00, 0.96, 0.82), (1.00, 0.82, 0.40),
        tint=0.26, saturation=1.08, contrast=1.02, brightness=1.10, vignette=0.10,
        brush=Brush("rising", 35, 26, 7, 0.08, 3, 2.0),
    ),
    "dreamy": MoodPalette(
        "dreamy", (0.20, 0.14, 0.35), (0.74, 0.60, 0.85), (1.00, 0.90, 0.96), (0.95, 0.62, 0.90),
        tint=0.34, saturation=1.0, contrast=0.9, brightness=1.04, vignette=0.20,
        brush=Brush("swirling", 20, 34, 8, 0.07, 4, 5.0, swirl=1.0),
        bloom=30,
    ),
    "nostalgic": MoodPalette(
        "nostalgic", (0.20, 0.13, 0.08), (0.72, 0.55, 0.36), (0.98, 0.90, 0.74), (0.90, 0.55, 0.30),
        tint=0.38, saturation=0.78, contrast=0.98, brightness=1.02, vignette=0.38,
        brush=Brush("dry brush", 10, 30, 5, 0.11, 3, 2.0, jitter=0.3),
        bloom=-15,
    ),
    "melancholy": MoodPalette(
        "melancholy", (0.05, 0.08, 0.16), (0.32, 0.40, 0.55), (0.78, 0.82, 0.88), (0.45, 0.55, 0.75),
        tint=0.45, saturation=0.60, contrast=0.95, brightness=0.86, vignette=0.35,
        brush=Brush("falling", 68, 36, 8, 0.07, 3, 2.5),
        bloom=-60,
    ),
    "anxious": MoodPalette(
        "anxious", (0.10, 0.12, 0.08), (0.55, 0.62, 0.42), (0.92, 0.94, 0.76), (0.80, 0.86, 0.30),
        tint=0.36, saturation=0.90, contrast=1.15, brightness=0.95, vignette=0.40,
        brush=Brush("crosshatch", -35, 18, 5, 0.12, 2, 4.5, swirl=0.6, jitter=1.0),
        bloom=60,
    ),
    "angry": MoodPalette(
        "angry", (0.12, 0.02, 0.02), (0.75, 0.20, 0.12), (1.00, 0.78, 0.55), (0.95, 0.15, 0.10),
        tint=0.42, saturation=1.30, contrast=1.35, brightness=0.95, vignette=0.42,
        brush=Brush("jagged", -60, 22, 5, 0.14, 2, 5.5, jitter=1.2),
        bloom=-20,
    ),
    "tired": MoodPalette(
        "tired", (0.16, 0.15, 0.17), (0.55, 0.52, 0.50), (0.88, 0.85, 0.80), (0.70, 0.62, 0.55),
        tint=0.34, saturation=0.68, contrast=0.90, brightness=0.95, vignette=0.30,
        brush=Brush("heavy smudge", 5, 44, 10, 0.06, 5, 3.0),
    ),
}

# Used when the mood is empty or maps to no key.
NEUTRAL_PALETTE = MoodPalette(
    "neutral", (0.12, 0.14, 0.20), (0.55, 0.58, 0.60), (0.96, 0.95, 0.92), (0.90, 0.55, 0.35),
    tint=0.12, saturation=1.0, contrast=1.0, brightness=1.02, vignette=0.18,
    brush=Brush("gouache", 15, 26, 7, 0.08, 3, 2.5),
)

# Sky gradient per hour: (zenith, middle, horizon).
SKY_BY_TIME: dict[str, tuple[Color, Color, Color]] = {
    "dawn": ((0.20, 0.24, 0.46), (0.78, 0.56, 0.64), (1.00, 0.80, 0.58)),
    "day": ((0.20, 0.44, 0.78), (0.46, 0.67, 0.90), (0.82, 0.89, 0.95)),
    "dusk": ((0.14, 0.12, 0.34), (0.80, 0.36, 0.40), (1.00, 0.64, 0.30)),
    "night": ((0.04, 0.05, 0.13), (0.08, 0.11, 0.24), (0.20, 0.24, 0.38)),
}

# Colour of the light falling on land, per hour (multiplies land colours).
LIGHT_BY_TIME: dict[str, Color] = {
    "dawn": (0.88, 0.78, 0.82),
    "day": (1.00, 1.00, 0.98),
    "dusk": (0.86, 0.62, 0.55),
    "night": (0.30, 0.34, 0.50),
}

# Sun colour and glow radius (fraction of the canvas) per hour.
SUN_BY_TIME: dict[str, tuple[Color, float]] = {
    "dawn": ((1.00, 0.80, 0.55), 0.30),
    "day": ((1.00, 0.98, 0.88), 0.22),
    "dusk": ((1.00, 0.55, 0.25), 0.34),
    "night": ((0.95, 0.95, 0.85), 0.14),
}


@dataclass(frozen=True)
class SeasonColors:
    foliage: Color
    foliage_light: Color
    ground: Color
    blossom: Color
    # Multiplies the whole picture: fresh spring, warm summer, golden autumn, cold winter.
    tint: Color
    # Share of big trees painted bare.
    bare: float = 0.0


SEASONS: dict[str, SeasonColors] = {
    "spring": SeasonColors((0.42, 0.64, 0.32), (0.70, 0.86, 0.48), (0.48, 0.64, 0.36), (0.98, 0.70, 0.80),
                           tint=(1.0, 0.98, 0.98)),
    "summer": SeasonColors((0.16, 0.44, 0.22), (0.42, 0.70, 0.30), (0.34, 0.56, 0.26), (0.96, 0.42, 0.36),
                           tint=(1.03, 1.01, 0.93)),
    "autumn": SeasonColors((0.78, 0.40, 0.14), (0.98, 0.70, 0.28), (0.62, 0.50, 0.28), (0.95, 0.62, 0.22),
                           tint=(1.08, 0.95, 0.80)),
    "winter": SeasonColors((0.26, 0.34, 0.32), (0.50, 0.58, 0.55), (0.66, 0.66, 0.64), (0.90, 0.30, 0.34),
                           tint=(0.90, 0.96, 1.08), bare=0.7),
}


@dataclass(frozen=True)
class WeatherLook:
    """How a weather kind changes the sky: the grey it mixes in and how much cloud it brings."""

    sky_mix: float
    sky_gray: Color
    cloud_cover: float
    cloud_dark: float
    # Horizontal stretch of clouds (wind draws streaks).
    cloud_stretch: float
    # Global haze toward the fog colour, 0..1.
    haze: float
    light: float
    sun_visible: float


WEATHER_LOOKS: dict[str, WeatherLook] = {
    "clear": WeatherLook(0.00, (0.8, 0.8, 0.8), 0.10, 0.05, 3.0, 0.00, 1.00, 1.0),
    "clouds": WeatherLook(0.30, (0.70, 0.72, 0.75), 0.50, 0.25, 2.5, 0.05, 0.85, 0.5),
    "rain": WeatherLook(0.62, (0.42, 0.46, 0.52), 0.80, 0.55, 2.0, 0.12, 0.62, 0.0),
    "drizzle": WeatherLook(0.45, (0.62, 0.66, 0.70), 0.68, 0.35, 2.2, 0.15, 0.75, 0.15),
    "thunder": WeatherLook(0.72, (0.20, 0.19, 0.27), 0.92, 0.75, 1.8, 0.10, 0.45, 0.0),
    "snow": WeatherLook(0.55, (0.82, 0.85, 0.90), 0.62, 0.20, 2.2, 0.15, 0.88, 0.1),
    "fog": WeatherLook(0.55, (0.80, 0.80, 0.78), 0.30, 0.05, 3.0, 0.42, 0.80, 0.3),
    "wind": WeatherLook(0.12, (0.70, 0.74, 0.80), 0.45, 0.20, 6.0, 0.04, 0.95, 0.8),
    "unknown": WeatherLook(0.10, (0.72, 0.74, 0.78), 0.30, 0.15, 2.8, 0.04, 0.95, 0.7),
}


def mood_palette(mood_key: str | None) -> MoodPalette:
    """Return the palette for a fixed-list mood key, or the neutral one."""
    return MOOD_PALETTES.get(mood_key or "", NEUTRAL_PALETTE)


def weather_look(category: str | None) -> WeatherLook:
    return WEATHER_LOOKS.get(category or "unknown", WEATHER_LOOKS["unknown"])


def mix(a: Color, b: Color, t: float) -> Color:
    """Mix colour a toward b by t (0 gives a, 1 gives b)."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def scale(color: Color, factor: float | Color) -> Color:
    """Multiply a colour by a factor or, channel by channel, by another colour."""
    if isinstance(factor, tuple):
        return (color[0] * factor[0], color[1] * factor[1], color[2] * factor[2])
    return (color[0] * factor, color[1] * factor, color[2] * factor)


def shift_hue(color: Color, degrees: float) -> Color:
    """Rotate a colour's hue, keeping its lightness and saturation."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*color)
    return colorsys.hls_to_rgb((hue + degrees / 360.0) % 1.0, lightness, saturation)


def to_hex(color: Color) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c * 255))):02x}" for c in color)
