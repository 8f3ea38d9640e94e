"""What surrounds a recording: mood, place, weather, the hour and the season.

Context is plain data, serialisable to JSON, so every backend (prompt
builder, renderer, store) reads the same thing and a stored record can be
redrawn later exactly as it was first drawn.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

# Fixed mood list: key -> (zh-CN label, en label). Free-text moods are kept as
# typed and mapped to the nearest key for drawing.
MOODS: dict[str, tuple[str, str]] = {
    "calm": ("平静", "calm"),
    "happy": ("开心", "happy"),
    "excited": ("兴奋", "excited"),
    "hopeful": ("充满希望", "hopeful"),
    "dreamy": ("梦幻", "dreamy"),
    "nostalgic": ("怀旧", "nostalgic"),
    "melancholy": ("忧郁", "melancholy"),
    "anxious": ("焦虑", "anxious"),
    "angry": ("愤怒", "angry"),
    "tired": ("疲惫", "tired"),
}

# Words that point a free-text mood at a key; checked in order, first hit wins.
_MOOD_WORDS: dict[str, tuple[str, ...]] = {
    "calm": ("平静", "安静", "宁静", "放松", "淡定", "平和", "calm", "peace", "relax", "serene"),
    "happy": ("开心", "高兴", "快乐", "愉快", "幸福", "喜", "happy", "joy", "glad", "cheer"),
    "excited": ("兴奋", "激动", "热血", "期待", "excit", "thrill", "energ"),
    "hopeful": ("希望", "憧憬", "乐观", "向往", "hope", "optimis"),
    "dreamy": ("梦", "浪漫", "幻想", "迷离", "dream", "romantic", "fantas"),
    "nostalgic": ("怀旧", "怀念", "想念", "思念", "回忆", "想家", "思乡", "乡愁", "nostalg", "miss", "memor", "homesick"),
    "melancholy": ("忧郁", "难过", "伤心", "悲", "失落", "孤独", "sad", "melanchol", "lonely", "blue"),
    "anxious": ("焦虑", "紧张", "担心", "不安", "压力", "anxi", "nervous", "worr", "stress"),
    "angry": ("愤怒", "生气", "气愤", "烦", "恼", "angry", "anger", "mad", "furious", "annoy"),
    "tired": ("疲惫", "累", "困", "倦", "tired", "exhaust", "sleepy", "weary"),
}

WEATHER_CATEGORIES = ("clear", "clouds", "rain", "drizzle", "thunder", "snow", "fog", "wind", "unknown")
TIMES_OF_DAY = ("dawn", "day", "dusk", "night")
SEASONS = ("spring", "summer", "autumn", "winter")


def mood_key(mood: str | None) -> str | None:
    """Return the fixed-list key nearest to a mood label or free text, or None."""
    if not mood:
        return None
    text = mood.strip().lower()
    for key, labels in MOODS.items():
        if text in (key, labels[0].lower(), labels[1].lower()):
            return key
    for key, words in _MOOD_WORDS.items():
        if any(word in text for word in words):
            return key
    return None


def time_of_day(moment: datetime) -> str:
    """Classify a local time as dawn (5–7), day (7–17), dusk (17–19) or night."""
    hour = moment.hour + moment.minute / 60
    if 5 <= hour < 7:
        return "dawn"
    if 7 <= hour < 17:
        return "day"
    if 17 <= hour < 19:
        return "dusk"
    return "night"


def season(moment: datetime, latitude: float | None = None) -> str:
    """Return the meteorological season, flipped for the southern hemisphere."""
    index = (moment.month % 12) // 3  # Dec-Feb 0, Mar-May 1, Jun-Aug 2, Sep-Nov 3
    names = ("winter", "spring", "summer", "autumn")
    if latitude is not None and latitude < 0:
        index = (index + 2) % 4
    return names[index]


@dataclass
class Place:
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None

    def label(self) -> str | None:
        """Return the place as people write it: name, or coordinates when it has none."""
        if self.name:
            return self.name
        if self.latitude is not None and self.longitude is not None:
            return f"{self.latitude:.3f}, {self.longitude:.3f}"
        return None


@dataclass
class Weather:
    category: str = "unknown"
    description: str | None = None
    temperature_c: float | None = None
    humidity: float | None = None
    wind_speed_ms: float | None = None
    place_name: str | None = None
    country: str | None = None
    observed_at: str | None = None
    provider: str | None = None


@dataclass
class Context:
    mood: str | None = None
    place: Place | None = None
    weather: Weather | None = None
    # Why weather is missing when a lookup was tried (shown to the user, stored with the record).
    weather_error: str | None = None
    local_time: str = field(default_factory=lambda: datetime.now().astimezone().isoformat(timespec="seconds"))

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.local_time)

    @property
    def mood_key(self) -> str | None:
        return mood_key(self.mood)

    @property
    def time_of_day(self) -> str:
        return time_of_day(self.moment)

    @property
    def season(self) -> str:
        latitude = self.place.latitude if self.place else None
        return season(self.moment, latitude)

    @property
    def weather_category(self) -> str:
        return self.weather.category if self.weather else "unknown"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(time_of_day=self.time_of_day, season=self.season, mood_key=self.mood_key)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Context":
        place = Place(**data["place"]) if data.get("place") else None
        weather = Weather(**data["weather"]) if data.get("weather") else None
        return cls(
            mood=data.get("mood"),
            place=place,
            weather=weather,
            weather_error=data.get("weather_error"),
            local_time=data.get("local_time") or datetime.now().astimezone().isoformat(timespec="seconds"),
        )
