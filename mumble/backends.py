"""The one place that picks an implementation for each backend from settings.

`auto` means offline until cloud settings exist: the transcriber and the
image generator run on OpenAI when OPENAI_API_KEY is set, and weather uses
keyless Open-Meteo (see resolve_weather). Each family resolves to a concrete
choice first (`resolve_*`), so the status page and the CLI can show which
engine serves a backend without building it.
"""

from __future__ import annotations

import logging

from .openai_client import use_openai
from .settings import Settings


def resolve_transcriber(settings: Settings) -> str:
    if settings.transcriber == "auto":
        return "openai" if use_openai("auto", settings) else "local"
    return settings.transcriber


def resolve_image_generator(settings: Settings) -> str:
    if settings.image_generator == "auto":
        return "openai" if use_openai("auto", settings) else "local"
    return settings.image_generator


def resolve_storage(settings: Settings) -> str:
    return "local" if settings.storage == "auto" else settings.storage


def resolve_weather(settings: Settings) -> str:
    # Weather is the one family where "auto" goes online without a key: Open-Meteo
    # needs none, and a failed lookup only leaves the weather unknown.
    if settings.weather == "auto":
        return "openweather" if settings.openweather_api_key else "open-meteo"
    return settings.weather


def make_transcriber(settings: Settings):
    choice = resolve_transcriber(settings)
    if choice == "local":
        from .transcribe.local import LocalTranscriber

        return LocalTranscriber(
            model=settings.whisper_model,
            cache_dir=settings.model_dir,
            compute_type=settings.whisper_compute_type,
            beam_size=settings.whisper_beam_size,
            vad_filter=settings.whisper_vad,
            window=settings.whisper_window,
            cpu_threads=settings.whisper_threads,
        )
    if choice == "openai":
        from .transcribe.openai_api import OpenAITranscriber

        return OpenAITranscriber(settings)
    raise NotImplementedError(f"transcriber {choice!r} is not available in this build")


def make_image_generator(settings: Settings):
    choice = resolve_image_generator(settings)
    if choice == "local":
        from .render.painter import PainterRenderer

        return PainterRenderer()
    if choice == "openai":
        from .render.openai_images import OpenAIImageGenerator

        return OpenAIImageGenerator(settings)
    raise NotImplementedError(f"image generator {choice!r} is not available in this build")


def make_prompt_rewriter(settings: Settings):
    """Return the prompt rewriter; it passes prompts through unchanged unless MUMBLE_PROMPT_REWRITE is on."""
    from .prompt_rewrite import PromptRewriter

    return PromptRewriter(settings)


def make_store(settings: Settings):
    choice = resolve_storage(settings)
    if choice == "local":
        from .store.sqlite import SqliteStore

        return SqliteStore(settings.data_dir)
    if choice == "aws":
        from .store.aws import AwsStore

        return AwsStore(settings)
    raise NotImplementedError(f"storage {choice!r} is not available in this build")


def make_weather(settings: Settings):
    """Return the weather provider, or None when lookups are off."""
    from .weather import make_weather_provider

    return make_weather_provider(settings)


def make_metrics(settings: Settings):
    """Return the stage metrics sink: NullMetrics unless MUMBLE_METRICS=cloudwatch.

    A CloudWatch client that cannot be built (no region) is logged and replaced
    by NullMetrics, because metrics must never stop a request.
    """
    from .metrics import CloudWatchMetrics, NullMetrics

    if settings.metrics != "cloudwatch":
        return NullMetrics()
    try:
        return CloudWatchMetrics.from_settings(settings)
    except Exception as error:  # any setup failure: carry on without metrics
        logging.getLogger("mumble.metrics").error(
            "CloudWatch metrics are off: the client could not be created",
            extra={"fields": {"error": f"{type(error).__name__}: {error}"[:300]}},
        )
        return NullMetrics()
