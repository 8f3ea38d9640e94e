"""Settings, read from the environment and, for the app, Streamlit secrets.

This is the only module that reads configuration. Every key can be set as an
environment variable or as a root-level key in `.streamlit/secrets.toml`. The
environment wins when both are set, so a shell can override a secrets file.
"""

from __future__ import annotations

import math
import os
import re
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
METRICS_CHOICES = ("off", "cloudwatch")
WHISPER_WINDOWS = ("fit", "full")

OPENAI_TRANSCRIBE_MODELS = ("whisper-1", "gpt-4o-mini-transcribe", "gpt-4o-transcribe")
# Image model -> accepted sizes and qualities; the first quality is the default.
OPENAI_IMAGE_MODELS: dict[str, dict[str, tuple[str, ...]]] = {
    "gpt-image-1": {
        "sizes": ("1024x1024", "1536x1024", "1024x1536", "auto"),
        "qualities": ("medium", "low", "high", "auto"),
    },
    "dall-e-3": {
        "sizes": ("1024x1024", "1792x1024", "1024x1792"),
        "qualities": ("standard", "hd"),
    },
}
MAX_OPENAI_RETRIES = 5


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


def parse_list(value: str) -> tuple[str, ...]:
    """Parse a comma-separated list, dropping blanks and surrounding spaces."""
    return tuple(item.strip() for item in value.split(",") if item.strip())


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
    # "fit" encodes a clip of up to 25 s in a window cut to its length; "full" always uses
    # Whisper's 30 s window. On the fixture clips "fit" gave the same CER and was 2-8x
    # faster, the shorter the clip the more (docs/BENCHMARKS.md, written by bench/run.py).
    whisper_window: str = "fit"
    # CTranslate2 threads per transcription. On the 2-core benchmark machine one thread was
    # as fast as two or faster, and it leaves a core for the app (docs/BENCHMARKS.md, "CPU threads").
    whisper_threads: int = 1
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
    # Signed-in identities (e-mail or subject) that may delete, retry and export anyone's records.
    admins: tuple[str, ...] = ()
    log_level: str = "INFO"
    # AWS storage: resource names default to mumble-{stage}, mumble-audio-{stage}, mumble-images-{stage}.
    stage: str = "dev"
    aws_table: str | None = None
    aws_audio_bucket: str | None = None
    aws_images_bucket: str | None = None
    # None lets boto3 look further (AWS_DEFAULT_REGION, ~/.aws/config).
    aws_region: str | None = None
    # None means the real AWS endpoints; set for MinIO, LocalStack or moto.
    aws_endpoint_url: str | None = None
    # Attempts per AWS call, the first included, with botocore's standard retry mode.
    aws_max_attempts: int = 4
    presign_seconds: int = 3600
    metrics: str = "off"
    # None means the OpenAI SDK's default endpoint.
    openai_base_url: str | None = None
    # Seconds per OpenAI request attempt. The SDK retries timeouts, 429 and 5xx up to openai_max_retries times.
    openai_timeout: float = 60.0
    openai_max_retries: int = 2
    openai_transcribe_model: str = "whisper-1"
    openai_image_model: str = "gpt-image-1"
    openai_image_size: str = "1024x1024"
    # None means the image model's default quality (the first in OPENAI_IMAGE_MODELS).
    openai_image_quality: str | None = None
    openai_chat_model: str = "gpt-4o-mini"
    prompt_rewrite: bool = False
    # Secrets never appear in repr(), so a logged Settings object leaks nothing.
    openai_api_key: str | None = field(default=None, repr=False)
    openweather_api_key: str | None = field(default=None, repr=False)
    extra: Mapping[str, str] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: str | None = None) -> str | None:
        """Return a raw setting that has no field of its own (for backends added later)."""
        return self.extra.get(key, default)


# Setting name -> (field, parser). Keys without an entry still reach Settings.extra.
_FIELDS: dict[str, tuple[str, Any]] = {
    "MUMBLE_DATA_DIR": ("data_dir", lambda value: Path(value).expanduser()),
    "MUMBLE_LANGUAGE": ("language", normalize_language),
    "MUMBLE_WHISPER_MODEL": ("whisper_model", str),
    "MUMBLE_WHISPER_COMPUTE_TYPE": ("whisper_compute_type", str),
    "MUMBLE_WHISPER_BEAM_SIZE": ("whisper_beam_size", int),
    "MUMBLE_WHISPER_VAD": ("whisper_vad", parse_bool),
    "MUMBLE_WHISPER_WINDOW": ("whisper_window", str.lower),
    "MUMBLE_WHISPER_THREADS": ("whisper_threads", int),
    "MUMBLE_MODEL_DIR": ("model_dir", lambda value: Path(value).expanduser()),
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
    "MUMBLE_ADMINS": ("admins", parse_list),
    "MUMBLE_LOG_LEVEL": ("log_level", str.upper),
    "MUMBLE_STAGE": ("stage", str.lower),
    "MUMBLE_TABLE": ("aws_table", str),
    "MUMBLE_AUDIO_BUCKET": ("aws_audio_bucket", str),
    "MUMBLE_IMAGES_BUCKET": ("aws_images_bucket", str),
    # Both keys set the region and MUMBLE_REGION wins, because it comes later here.
    "AWS_REGION": ("aws_region", str),
    "MUMBLE_REGION": ("aws_region", str),
    "AWS_ENDPOINT_URL": ("aws_endpoint_url", str),
    "MUMBLE_AWS_MAX_ATTEMPTS": ("aws_max_attempts", int),
    "MUMBLE_PRESIGN_SECONDS": ("presign_seconds", int),
    "MUMBLE_METRICS": ("metrics", str.lower),
    "OPENAI_API_KEY": ("openai_api_key", str),
    "OPENAI_BASE_URL": ("openai_base_url", str),
    "MUMBLE_OPENAI_TIMEOUT": ("openai_timeout", float),
    "MUMBLE_OPENAI_MAX_RETRIES": ("openai_max_retries", int),
    "MUMBLE_OPENAI_TRANSCRIBE_MODEL": ("openai_transcribe_model", str),
    "MUMBLE_OPENAI_IMAGE_MODEL": ("openai_image_model", str),
    "MUMBLE_OPENAI_IMAGE_SIZE": ("openai_image_size", str.lower),
    "MUMBLE_OPENAI_IMAGE_QUALITY": ("openai_image_quality", str.lower),
    "MUMBLE_OPENAI_CHAT_MODEL": ("openai_chat_model", str),
    "MUMBLE_PROMPT_REWRITE": ("prompt_rewrite", parse_bool),
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
    if values.get("whisper_window", "fit") not in WHISPER_WINDOWS:
        raise SettingsError(
            f"MUMBLE_WHISPER_WINDOW={values['whisper_window']!r} is invalid; expected one of {', '.join(WHISPER_WINDOWS)}"
        )
    if values.get("whisper_threads", 1) < 1:
        raise SettingsError(f"MUMBLE_WHISPER_THREADS={values['whisper_threads']} is invalid; expected 1 or more")
    if values.get("max_audio_seconds", 300.0) <= 0.5:
        raise SettingsError("MUMBLE_MAX_AUDIO_SECONDS must be greater than 0.5")
    _check_aws_values(values)
    if values.get("weather") == "openweather" and not values.get("openweather_api_key"):
        raise SettingsError("MUMBLE_WEATHER=openweather needs OPENWEATHER_API_KEY; set the key or choose auto or open-meteo")
    # A weather lookup must never hold up an artwork for long.
    if not 0 < values.get("weather_timeout", 5.0) <= MAX_WEATHER_TIMEOUT:
        raise SettingsError(f"MUMBLE_WEATHER_TIMEOUT must be more than 0 and at most {MAX_WEATHER_TIMEOUT:g} seconds")
    _check_openai(values)

    known = set(_FIELDS)
    values["extra"] = {k: v for k, v in raw.items() if k not in known and k.isupper()}
    return Settings(**values)


def _check_aws_values(values: dict[str, Any]) -> None:
    # The stage becomes part of S3 bucket names, which allow only lowercase letters, digits and hyphens.
    stage = values.get("stage", "dev")
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])?", stage):
        raise SettingsError(
            f"MUMBLE_STAGE={stage!r} is invalid; use 1 to 30 lowercase letters, digits or hyphens, e.g. dev or prod"
        )
    if values.get("metrics", "off") not in METRICS_CHOICES:
        raise SettingsError(f"MUMBLE_METRICS={values['metrics']!r} is invalid; expected one of {', '.join(METRICS_CHOICES)}")
    # SigV4 presigned URLs are valid for at most 7 days.
    if not 1 <= values.get("presign_seconds", 3600) <= 604_800:
        raise SettingsError("MUMBLE_PRESIGN_SECONDS must be between 1 and 604800 (7 days)")
    if not 1 <= values.get("aws_max_attempts", 4) <= 20:
        raise SettingsError("MUMBLE_AWS_MAX_ATTEMPTS must be between 1 and 20")


def _check_openai(values: dict[str, Any]) -> None:
    """Reject OpenAI settings the API would reject, and fill in the image quality default."""
    base_url = values.get("openai_base_url")
    if base_url is not None and not base_url.lower().startswith(("http://", "https://")):
        raise SettingsError(f"OPENAI_BASE_URL={base_url!r} is invalid; expected an http:// or https:// address")
    timeout = values.get("openai_timeout", 60.0)
    if not (math.isfinite(timeout) and timeout > 0):
        raise SettingsError(f"MUMBLE_OPENAI_TIMEOUT={timeout} is invalid; expected a number of seconds greater than 0")
    retries = values.get("openai_max_retries", 2)
    if not 0 <= retries <= MAX_OPENAI_RETRIES:
        raise SettingsError(f"MUMBLE_OPENAI_MAX_RETRIES={retries} is invalid; expected 0 to {MAX_OPENAI_RETRIES}")

    transcribe_model = values.get("openai_transcribe_model", "whisper-1")
    if transcribe_model not in OPENAI_TRANSCRIBE_MODELS:
        raise SettingsError(
            f"MUMBLE_OPENAI_TRANSCRIBE_MODEL={transcribe_model!r} is invalid; "
            f"expected one of {', '.join(OPENAI_TRANSCRIBE_MODELS)}"
        )

    image_model = values.get("openai_image_model", "gpt-image-1")
    if image_model not in OPENAI_IMAGE_MODELS:
        raise SettingsError(
            f"MUMBLE_OPENAI_IMAGE_MODEL={image_model!r} is invalid; expected one of {', '.join(OPENAI_IMAGE_MODELS)}"
        )
    options = OPENAI_IMAGE_MODELS[image_model]
    size = values.get("openai_image_size", "1024x1024")
    if size not in options["sizes"]:
        raise SettingsError(
            f"MUMBLE_OPENAI_IMAGE_SIZE={size!r} is invalid for {image_model}; "
            f"expected one of {', '.join(options['sizes'])}"
        )
    quality = values.setdefault("openai_image_quality", options["qualities"][0])
    if quality not in options["qualities"]:
        raise SettingsError(
            f"MUMBLE_OPENAI_IMAGE_QUALITY={quality!r} is invalid for {image_model}; "
            f"expected one of {', '.join(options['qualities'])}"
        )


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
