"""WMO present-weather codes (WMO code table 4677, 0–99) in Chinese and English.

Open-Meteo reports weather as one of these codes and has no descriptions of
its own in any language, so every code is described here. Open-Meteo uses 28
of them. It documents 0–3 as cloud cover (clear, mainly clear, partly cloudy,
overcast), while table 4677 describes cloud development with them. So those
28 codes carry Open-Meteo's meaning here, and the others table 4677's.

Each code also has a category the renderer can draw. Codes 20–29 report rain,
snow, fog or thunder that ended within the past hour, so they draw as clouds.
Dust and sand raised by wind draw as wind, smoke and haze as fog, hail as snow.
"""

from __future__ import annotations

from ..i18n import t
from ..settings import normalize_language

# code -> (category, zh-CN description, en description)
WMO_CODES: dict[int, tuple[str, str, str]] = {
    0: ("clear", "晴", "clear sky"),
    1: ("clear", "大部晴朗", "mainly clear"),
    2: ("clouds", "局部多云", "partly cloudy"),
    3: ("clouds", "阴", "overcast"),
    4: ("fog", "烟雾导致能见度降低", "visibility reduced by smoke"),
    5: ("fog", "霾", "haze"),
    6: ("fog", "浮尘", "widespread dust in suspension"),
    7: ("wind", "扬沙", "dust or sand raised by wind"),
    8: ("wind", "尘卷风", "dust or sand whirls"),
    9: ("wind", "视区内有沙尘暴", "duststorm or sandstorm in sight"),
    10: ("fog", "轻雾", "mist"),
    11: ("fog", "片状浅雾", "patches of shallow fog"),
    12: ("fog", "浅雾", "shallow fog"),
    13: ("thunder", "闪电，未闻雷声", "lightning without thunder"),
    14: ("clouds", "视区内有降水，未及地面", "precipitation in sight, not reaching the ground"),
    15: ("rain", "远处有降水", "distant precipitation"),
    16: ("rain", "附近有降水", "precipitation nearby"),
    17: ("thunder", "雷暴，无降水", "thunderstorm without precipitation"),
    18: ("wind", "飑", "squalls"),
    19: ("wind", "漏斗云（龙卷）", "funnel cloud"),
    20: ("clouds", "毛毛雨刚停", "drizzle in the past hour"),
    21: ("clouds", "雨刚停", "rain in the past hour"),
    22: ("clouds", "雪刚停", "snow in the past hour"),
    23: ("clouds", "雨夹雪刚停", "rain and snow in the past hour"),
    24: ("clouds", "冻雨刚停", "freezing rain in the past hour"),
    25: ("clouds", "阵雨刚停", "rain showers in the past hour"),
    26: ("clouds", "阵雪刚停", "snow showers in the past hour"),
    27: ("clouds", "冰雹刚停", "hail in the past hour"),
    28: ("clouds", "雾刚散", "fog in the past hour"),
    29: ("clouds", "雷暴刚过", "thunderstorm in the past hour"),
    30: ("wind", "弱沙尘暴，正在减弱", "slight duststorm, decreasing"),
    31: ("wind", "弱沙尘暴", "slight duststorm"),
    32: ("wind", "弱沙尘暴，正在增强", "slight duststorm, increasing"),
    33: ("wind", "强沙尘暴，正在减弱", "severe duststorm, decreasing"),
    34: ("wind", "强沙尘暴", "severe duststorm"),
    35: ("wind", "强沙尘暴，正在增强", "severe duststorm, increasing"),
    36: ("snow", "低吹雪", "drifting snow"),
    37: ("snow", "强低吹雪", "heavy drifting snow"),
    38: ("snow", "高吹雪", "blowing snow"),
    39: ("snow", "强高吹雪", "heavy blowing snow"),
    40: ("fog", "远处有雾", "fog at a distance"),
    41: ("fog", "片雾", "fog in patches"),
    42: ("fog", "雾，正在变薄，可见天空", "fog thinning, sky visible"),
    43: ("fog", "雾，正在变薄", "fog thinning, sky hidden"),
    44: ("fog", "雾，可见天空", "fog, sky visible"),
    45: ("fog", "雾", "fog"),
    46: ("fog", "雾，正在变浓，可见天空", "fog thickening, sky visible"),
    47: ("fog", "雾，正在变浓", "fog thickening, sky hidden"),
    48: ("fog", "雾，伴有雾凇", "depositing rime fog"),
    49: ("fog", "雾，伴有雾凇，不见天空", "depositing rime fog, sky hidden"),
    50: ("drizzle", "间歇性小毛毛雨", "intermittent light drizzle"),
    51: ("drizzle", "小毛毛雨", "light drizzle"),
    52: ("drizzle", "间歇性毛毛雨", "intermittent moderate drizzle"),
    53: ("drizzle", "毛毛雨", "moderate drizzle"),
    54: ("drizzle", "间歇性大毛毛雨", "intermittent dense drizzle"),
    55: ("drizzle", "大毛毛雨", "dense drizzle"),
    56: ("drizzle", "小冻毛毛雨", "light freezing drizzle"),
    57: ("drizzle", "大冻毛毛雨", "dense freezing drizzle"),
    58: ("drizzle", "毛毛雨夹小雨", "light drizzle and rain"),
    59: ("drizzle", "毛毛雨夹雨", "drizzle and rain"),
    60: ("rain", "间歇性小雨", "intermittent light rain"),
    61: ("rain", "小雨", "light rain"),
    62: ("rain", "间歇性中雨", "intermittent moderate rain"),
    63: ("rain", "中雨", "moderate rain"),
    64: ("rain", "间歇性大雨", "intermittent heavy rain"),
    65: ("rain", "大雨", "heavy rain"),
    66: ("rain", "小冻雨", "light freezing rain"),
    67: ("rain", "大冻雨", "heavy freezing rain"),
    68: ("snow", "小雨夹雪", "light rain and snow"),
    69: ("snow", "雨夹雪", "rain and snow"),
    70: ("snow", "间歇性小雪", "intermittent light snow"),
    71: ("snow", "小雪", "light snow"),
    72: ("snow", "间歇性中雪", "intermittent moderate snow"),
    73: ("snow", "中雪", "moderate snow"),
    74: ("snow", "间歇性大雪", "intermittent heavy snow"),
    75: ("snow", "大雪", "heavy snow"),
    76: ("snow", "冰针", "diamond dust"),
    77: ("snow", "米雪", "snow grains"),
    78: ("snow", "零星星状雪晶", "isolated star-like snow crystals"),
    79: ("snow", "冰粒", "ice pellets"),
    80: ("rain", "小阵雨", "light rain showers"),
    81: ("rain", "阵雨", "moderate rain showers"),
    82: ("rain", "强阵雨", "violent rain showers"),
    83: ("snow", "小阵雨夹雪", "light showers of rain and snow"),
    84: ("snow", "阵雨夹雪", "showers of rain and snow"),
    85: ("snow", "小阵雪", "light snow showers"),
    86: ("snow", "大阵雪", "heavy snow showers"),
    87: ("snow", "小阵性霰", "light showers of snow pellets"),
    88: ("snow", "阵性霰", "showers of snow pellets"),
    89: ("snow", "小阵性冰雹", "light hail showers"),
    90: ("snow", "阵性冰雹", "hail showers"),
    91: ("thunder", "小雨，雷暴刚过", "light rain after a thunderstorm"),
    92: ("thunder", "中到大雨，雷暴刚过", "rain after a thunderstorm"),
    93: ("thunder", "小雪或冰雹，雷暴刚过", "light snow or hail after a thunderstorm"),
    94: ("thunder", "中到大雪或冰雹，雷暴刚过", "snow or hail after a thunderstorm"),
    95: ("thunder", "雷阵雨", "slight or moderate thunderstorm"),
    96: ("thunder", "雷阵雨伴有小冰雹", "thunderstorm with light hail"),
    97: ("thunder", "强雷暴", "heavy thunderstorm"),
    98: ("thunder", "雷暴伴有沙尘暴", "thunderstorm with duststorm"),
    99: ("thunder", "雷阵雨伴有大冰雹", "thunderstorm with heavy hail"),
}

# The codes Open-Meteo documents for its weather_code variable.
OPEN_METEO_CODES = frozenset(
    (0, 1, 2, 3, 45, 48, 51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 71, 73, 75, 77, 80, 81, 82, 85, 86, 95, 96, 99)
)


def wmo_category(code: int) -> str:
    """Return the drawing category of a WMO code, "unknown" for codes outside 0–99."""
    entry = WMO_CODES.get(code)
    return entry[0] if entry else "unknown"


def wmo_description(code: int, language: str | None = "zh-CN") -> str:
    """Return the description of a WMO code in zh-CN or en (zh-CN for other languages)."""
    entry = WMO_CODES.get(code)
    if entry is None:
        return t("weather.unknown_code", language, code=code)
    return entry[2] if normalize_language(language) == "en" else entry[1]
