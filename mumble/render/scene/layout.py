"""The scene: where the horizon, the light and the ground are, and the colours every layer shares.

Layers read the scene instead of recomputing the hour, season and weather, so
the mountains, the water and the trees agree on one light and one haze.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..palettes import (
    LIGHT_BY_TIME,
    SEASONS,
    SKY_BY_TIME,
    Color,
    MoodPalette,
    SeasonColors,
    WeatherLook,
    mix,
    scale,
    shift_hue,
)
from .canvas import Canvas


@dataclass
class Scene:
    canvas: Canvas
    rng: np.random.Generator
    motifs: list[str]
    time_of_day: str
    season: str
    weather: str
    palette: MoodPalette
    look: WeatherLook
    horizon: int
    # Position of the sun or moon in canvas pixels, which is where the light comes from.
    light_x: float
    light_y: float
    sky: tuple[Color, Color, Color] = ((0, 0, 0), (0, 0, 0), (0, 0, 0))
    # Top row of water, or None when the picture has none.
    water_top: int | None = None
    water_mask: np.ndarray | None = None
    # Per column, the y of the nearest bank's surface (where figures stand).
    bank: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # Per column, the y of the middle ground's surface (where houses and forests stand).
    midground: np.ndarray = field(default_factory=lambda: np.zeros(0))
    snowy: bool = False
    # Whether the words asked for a full moon (中秋, 满月…); otherwise it may be a crescent.
    full_moon: bool = False
    # Lean of the wind: 0 still, 1 a gale blowing to the right.
    wind: float = 0.0

    @property
    def size(self) -> int:
        return self.canvas.size

    @property
    def colors(self) -> SeasonColors:
        return SEASONS.get(self.season, SEASONS["summer"])

    @property
    def haze(self) -> Color:
        """Colour of distance: the sky just above the horizon."""
        return self.sky[2]

    @property
    def light(self) -> Color:
        base = LIGHT_BY_TIME.get(self.time_of_day, LIGHT_BY_TIME["day"])
        dim = self.look.light
        gray = sum(base) / 3.0
        # Overcast light is dimmer and flatter in colour.
        flat = mix(base, (gray, gray, gray), 1.0 - dim)
        return scale(flat, 0.55 + 0.45 * dim)

    @property
    def is_dark(self) -> bool:
        return self.time_of_day == "night"

    def lit(self, color: Color, depth: float = 1.0) -> Color:
        """Return a land colour under the scene's light, hazed by distance.

        depth is 1 for the nearest ground and 0 for the horizon.
        """
        shaded = scale(color, self.light)
        haze = min(1.0, (1.0 - depth) * 0.85 + self.look.haze * (1.0 - 0.5 * depth))
        return mix(shaded, self.haze, haze)

    def accent(self, color: Color) -> Color:
        """Return a bright detail colour (flowers, lanterns) turned toward the mood's accent."""
        turned = shift_hue(color, self.palette.bloom)
        return mix(turned, self.palette.accent, 0.25)

    def is_wet(self, x: float, y: float) -> bool:
        """Return whether the point lies on water."""
        if self.water_mask is None:
            return False
        # Plain min/max: this runs for every grass blade, where np.clip on scalars is slow.
        row = min(max(int(y), 0), self.size - 1)
        column = min(max(int(x), 0), self.size - 1)
        return bool(self.water_mask[row, column] > 0.3)

    def ground_at(self, x: float, near: bool = True) -> float:
        """Return the y of the bank (near) or middle ground surface at column x."""
        line = self.bank if near else self.midground
        column = min(max(int(x), 0), self.size - 1)
        return float(line[column])


def sky_colors(time_of_day: str, look: WeatherLook) -> tuple[Color, Color, Color]:
    """Return the zenith, middle and horizon sky colours for an hour under a weather."""
    zenith, middle, horizon = SKY_BY_TIME.get(time_of_day, SKY_BY_TIME["day"])
    brightness = {"night": 0.34, "dusk": 0.65, "dawn": 0.75}.get(time_of_day, 1.0)
    gray = scale(look.sky_gray, brightness)
    return (
        mix(zenith, gray, look.sky_mix),
        mix(middle, gray, look.sky_mix * 0.95),
        mix(horizon, gray, look.sky_mix * 0.85),
    )
