"""Settings, read from the environment and, for the app, Streamlit secrets.

This is the only module that reads configuration. Every key can be set as an
environment variable or as a root-level key in `.streamlit/secrets.toml`. The
environment wins when both are set, so a shell can override a secrets file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

LANGUAGES = ("zh-CN", "en")
MAX_WEATHER_TIMEOUT = 5.0
BACKEND_CHOICES = {
    "transcriber": ("auto", "local", "openai"),
    "image_generator": ("auto", "local", "openai"),
    "storage": ("auto", "local", "aws"),
    "weather": ("auto", "openweather", "open-meteo", "off"),
}


def normalize_language(value: str | None) -> str:
    """Map "zh", "zh_CN", "zh-cn", "en-US"… to one of LANGUAGES (zh-CN by default)."""
    if not value:
        return "zh-CN"
    lowered = value.strip().lower().replace("_", "-")
    if lowered.startswith("en"):
        return "en"
    return "zh-CN"


def parse_bool(value: str) -> bool:
    """Parse on/off, true/false, yes/no and 1/0, case-insensitively."""
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected on or off")


def parse_base_url(value: str) -> str:
    """Return an http(s) base URL without its trailing slash; raise ValueError otherwise."""
    url = value.strip().rstrip("/")
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or "?" in rest or "#" in rest:
        raise ValueError("expected an http:// or https:// base URL without a query")
    return url


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    language: str = "zh-CN"
    whisper_model: str = "base"
    whisper_compute_type: str = "int8"
    whisper_beam_size: int = 5
    # Off by default: recordings without speech are already rejected by our own VAD
    # check, and Whisper's VAD trimmed words off the fixture clips (CER 0.241 -> 0.310).
    whisper_vad: bool = False
    model_dir: Path = Path.home() / ".cache" / "mumble" / "models"
    max_audio_seconds: float = 300.0
    max_upload_mb: int = 50
    transcriber: str = "auto"
    image_generator: str = "auto"
    storage: str = "auto"
    weather: str = "auto"
    # Provider base URLs, without a trailing slash. OpenWeather's geocoding uses
    # openweather_url; geocoding_url is the Open-Meteo geocoding service.
    openweather_url: str = "https://api.openweathermap.org"
    open_meteo_url: str = "https://api.open-meteo.com"
    geocoding_url: str = "https://geocoding-api.open-meteo.com"
    # Seconds one weather or place lookup may take in total before it is given up.
    weather_timeout: float = 5.0
    owner: str = "local"
    log_level: str = "INFO"
    # Secrets never appear in repr(), so a logged Settings object leaks nothing.
    openai_api_key: str | None = field(default=None, repr=False)
    openweather_api_key: str | None = field(default=None, repr=False)
    extra: Mapping[str, str] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: str | None = None) -> str | None:
        """Return a raw setting that has no field of its own (for backends added later)."""
        return self.extra.get(key, default)


# Setting name -> (field, parser). Keys without an entry still reach Settings.extra.
_FIELDS: dict[str, tuple[str, Any]] = {
    "MUMBLE_DATA_DIR": ("data_dir", Path),
    "MUMBLE_LANGUAGE": ("language", normalize_language),
    "MUMBLE_WHISPER_MODEL": ("whisper_model", str),
    "MUMBLE_WHISPER_COMPUTE_TYPE": ("whisper_compute_type", str),
    "MUMBLE_WHISPER_BEAM_SIZE": ("whisper_beam_size", int),
    "MUMBLE_WHISPER_VAD": ("whisper_vad", parse_bool),
    "MUMBLE_MODEL_DIR": ("model_dir", Path),
    "MUMBLE_MAX_AUDIO_SECONDS": ("max_audio_seconds", float),
    "MUMBLE_MAX_UPLOAD_MB": ("max_upload_mb", int),
    "MUMBLE_TRANSCRIBER": ("transcriber", str.lower),
    "MUMBLE_IMAGE_GENERATOR": ("image_generator", str.lower),
    "MUMBLE_STORAGE": ("storage", str.lower),
    "MUMBLE_WEATHER": ("weather", str.lower),
    "MUMBLE_OPENWEATHER_URL": ("openweather_url", parse_base_url),
    "MUMBLE_OPEN_METEO_URL": ("open_meteo_url", parse_base_url),
    "MUMBLE_GEOCODING_URL": ("geocoding_url", parse_base_url),
    "MUMBLE_WEATHER_TIMEOUT": ("weather_timeout", float),
    "MUMBLE_OWNER": ("owner", str),
    "MUMBLE_LOG_LEVEL": ("log_level", str.upper),
    "OPENAI_API_KEY": ("openai_api_key", str),
    "OPENWEATHER_API_KEY": ("openweather_api_key", str),
}


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def load_settings(
    environ: Mapping[str, str] | None = None,
    secrets: Mapping[str, Any] | None = None,
) -> Settings:
    """Build Settings from secrets overlaid by the environment.

    Args:
        environ: variables to read; os.environ when None.
        secrets: root-level Streamlit secrets (or any mapping); nested tables are ignored.

    Returns:
        The parsed settings. Raises SettingsError naming the key on a bad value.
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, str] = {}
    for source in (secrets or {}, environ):
        for key, value in source.items():
            if isinstance(value, (str, int, float, bool)) and str(value).strip() != "":
                raw[key] = str(value).strip()

    values: dict[str, Any] = {}
    for key, (name, parse) in _FIELDS.items():
        if key not in raw:
            continue
        try:
            values[name] = parse(raw[key])
        except ValueError as error:
            raise SettingsError(f"{key}={raw[key]!r} is invalid: {error}") from None

    for family, choices in BACKEND_CHOICES.items():
        chosen = values.get(family, "auto")
        if chosen not in choices:
            key = "MUMBLE_" + family.upper()
            raise SettingsError(f"{key}={chosen!r} is invalid; expected one of {', '.join(choices)}")
    if values.get("max_audio_seconds", 300.0) <= 0.5:
        raise SettingsError("MUMBLE_MAX_AUDIO_SECONDS must be greater than 0.5")
    if values.get("weather") == "openweather" and not values.get("openweather_api_key"):
        raise SettingsError("MUMBLE_WEATHER=openweather needs OPENWEATHER_API_KEY; set the key or choose auto or open-meteo")
    # A weather lookup must never hold up an artwork for long.
    if not 0 < values.get("weather_timeout", 5.0) <= MAX_WEATHER_TIMEOUT:
        raise SettingsError(f"MUMBLE_WEATHER_TIMEOUT must be more than 0 and at most {MAX_WEATHER_TIMEOUT:g} seconds")

    known = set(_FIELDS)
    values["extra"] = {k: v for k, v in raw.items() if k not in known and k.isupper()}
    return Settings(**values)


def describe(settings: Settings) -> dict[str, str]:
    """Return every setting as text with secrets shown only as configured or missing."""
    shown: dict[str, str] = {}
    for item in fields(settings):
        if item.name == "extra":
            continue
        value = getattr(settings, item.name)
        if item.name.endswith("_api_key"):
            value = "configured" if value else "missing"
        shown[item.name] = str(value)
    return shown
