"""Command line: a thin layer over Pipeline and the store.

Exit codes: 0 success, 2 bad input (message on stderr, nothing stored),
1 any other failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, Sequence

from .context import MOODS, Place, Weather
from .errors import MumbleError, PlaceNotFound
from .export import iter_records, write_export
from .health import health_report
from .i18n import t
from .logs import configure_logging
from .pipeline import Pipeline
from .render.recipe import describe_recipe
from .settings import Settings, SettingsError, load_settings
from .store.base import GalleryQuery, Record
from .weather.base import check_coordinates


def record_summary(record: Record, store) -> dict[str, Any]:
    """Build the JSON object that `process`, `show` and `list` print for one record."""
    def where(key: str | None) -> str | None:
        return store.locate(key) if key else None

    return {
        "id": record.id,
        "owner": record.owner,
        "created_at": record.created_at,
        "status": record.effective_status,
        "failed_stage": record.failed_stage,
        "transcript": record.transcript,
        "prompt": record.prompt,
        "prompt_original": record.prompt_original,
        "mood": record.mood,
        "location": record.location,
        "weather": record.weather,
        "context": record.context,
        "artwork": {"path": where(record.image_key), "width": record.width, "height": record.height},
        "thumbnail": {"path": where(record.thumbnail_key)},
        "audio": {"path": where(record.audio_key), "duration_s": record.duration_s},
        # prompt_rewriter appears only when a chat model rewrote the prompt.
        "engines": {
            "transcriber": record.engines.get("transcriber"),
            **({"prompt_rewriter": record.engines["prompt_rewriter"]} if "prompt_rewriter" in record.engines else {}),
            "renderer": record.engines.get("renderer"),
        },
        "recipe": record.recipe,
        "features": record.features,
        "timings_ms": record.timings_ms,
    }


# Options every command also accepts after its name. SUPPRESS keeps an absent
# --quiet there from resetting one given before the command.
COMMON_OPTIONS = argparse.ArgumentParser(add_help=False)
COMMON_OPTIONS.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS,
                            help="hide the JSON logs on stderr except errors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mumble", description="Turn a Mandarin recording into an artwork.")
    parser.add_argument("--quiet", action="store_true", help="hide the JSON logs on stderr except errors")
    commands = parser.add_subparsers(dest="command", required=True)

    process = commands.add_parser("process", parents=[COMMON_OPTIONS], help="transcribe a recording, draw its artwork and store both")
    process.add_argument("audio", help="audio file: wav, mp3, m4a/aac, ogg, webm")
    process.add_argument("--mood", help="mood, free text or one of the fixed list (e.g. 平静, happy); "
                         "without it, the mood suggested by the tone of voice is used")
    process.add_argument("--location", help="place name, e.g. 杭州")
    process.add_argument("--lat", type=float, help="latitude in degrees")
    process.add_argument("--lon", type=float, help="longitude in degrees")
    process.add_argument("--owner", help="owner to store the record under (default: MUMBLE_OWNER or local)")
    process.add_argument("--json", action="store_true", help="print the record as one JSON object")

    listing = commands.add_parser("list", parents=[COMMON_OPTIONS], help="list records, newest first")
    listing.add_argument("--owner")
    listing.add_argument("--limit", type=int, default=20, help="maximum records to print (default 20)")
    listing.add_argument("--json", action="store_true")

    show = commands.add_parser("show", parents=[COMMON_OPTIONS], help="print one record")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")

    delete = commands.add_parser("delete", parents=[COMMON_OPTIONS], help="delete a record and its files")
    delete.add_argument("id")
    delete.add_argument("--owner", help="refuse unless the record belongs to this owner")

    retry = commands.add_parser("retry", parents=[COMMON_OPTIONS], help="finish a failed record without the audio again")
    retry.add_argument("id")
    retry.add_argument("--owner", help="refuse unless the record belongs to this owner")
    retry.add_argument("--json", action="store_true")

    export = commands.add_parser("export", parents=[COMMON_OPTIONS], help="write artworks and metadata (CSV, JSON) to a ZIP file")
    export.add_argument("out", help="path of the ZIP file to write")
    export.add_argument("--owner", help="export only this owner's records")

    health = commands.add_parser("health", parents=[COMMON_OPTIONS], help="check the engines, the store and the settings")
    health.add_argument("--json", action="store_true")

    _add_weather_parser(commands)
    _add_aws_commands(commands)
    return parser


def _add_weather_parser(commands) -> None:
    weather = commands.add_parser("weather", parents=[COMMON_OPTIONS], help="look up the current weather at coordinates or in a city")
    weather.add_argument("--lat", type=float, help="latitude in degrees, -90 to 90 (with --lon)")
    weather.add_argument("--lon", type=float, help="longitude in degrees, -180 to 180 (with --lat)")
    weather.add_argument("--city", help="place name to search for, e.g. 北京 or 杭州西湖")
    weather.add_argument("--json", action="store_true", help="print the place and the weather as one JSON object")


def _add_aws_commands(commands) -> None:
    init_aws = commands.add_parser(
        "init-aws", parents=[COMMON_OPTIONS], help="create the DynamoDB table and S3 buckets that MUMBLE_STORAGE=aws uses (safe to run again)")
    init_aws.add_argument("--cors-origin", action="append", dest="cors_origins", metavar="ORIGIN",
                          help="origin allowed to GET objects from a browser, e.g. https://mumble.example.com; "
                               "repeat for more (default: *)")
    init_aws.add_argument("--json", action="store_true", help="print one JSON object per checked item")


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = settings or load_settings()
    except SettingsError as error:
        print(t("error.settings_invalid", os.environ.get("MUMBLE_LANGUAGE"), detail=error), file=sys.stderr)
        return 2
    configure_logging("ERROR" if args.quiet else settings.log_level)
    language = settings.language
    pipeline = Pipeline(settings)
    try:
        return _COMMANDS[args.command](pipeline, args)
    except MumbleError as error:
        print(error.message(language), file=sys.stderr)
        if error.record_id:
            print(f"record: {error.record_id}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        # A record cut short here turns retryable on its own (its worker is gone).
        print(t("cli.interrupted", language), file=sys.stderr)
        return 130
    finally:
        pipeline.close()


def _process(pipeline: Pipeline, args) -> int:
    if (args.lat is None) != (args.lon is None):
        print(t("cli.lat_lon_together", pipeline.settings.language), file=sys.stderr)
        return 2
    if args.lat is not None:
        # Checked before transcribing, so bad coordinates cost no model time.
        check_coordinates(args.lat, args.lon)
    record = pipeline.process(args.audio, mood=args.mood, location=args.location, latitude=args.lat,
                              longitude=args.lon, owner=args.owner)
    _print_rewrite_notice(pipeline, record)
    _print_record(pipeline, record, args.json)
    if record.context.get("weather_error"):
        # The artwork is done without weather. The reason goes to stderr so --json output stays parseable.
        print(record.context["weather_error"], file=sys.stderr)
    return 0


def _print_rewrite_notice(pipeline: Pipeline, record: Record) -> None:
    """Tell the user on stderr when the prompt rewrite failed and the built prompt was drawn."""
    error = (record.recipe.get("prompt_rewrite") or {}).get("error")
    if error:
        language = pipeline.settings.language
        print(t("notice.prompt_rewrite_failed", language), t(error["key"], language, **error["params"]), file=sys.stderr)


def _list(pipeline: Pipeline, args) -> int:
    store = pipeline.store
    records = pipeline.store.list(GalleryQuery(owner=args.owner), limit=max(1, args.limit)).records
    if args.json:
        print(json.dumps([record_summary(r, store) for r in records], ensure_ascii=False, indent=2))
    elif not records:
        print(t("cli.no_records", pipeline.settings.language))
    for record in records if not args.json else ():
        print(f"{record.id}  {record.created_at[:19]}  {record.effective_status:<10}  {(record.transcript or '')[:40]}")
    return 0


def _show(pipeline: Pipeline, args) -> int:
    _print_record(pipeline, pipeline.store.get(args.id), args.json)
    return 0


def _delete(pipeline: Pipeline, args) -> int:
    if not pipeline.store.delete(args.id, owner=args.owner):
        from .errors import RecordNotFound

        raise RecordNotFound(args.id)
    print(t("cli.deleted", pipeline.settings.language, record_id=args.id))
    return 0


def _retry(pipeline: Pipeline, args) -> int:
    record = pipeline.retry(args.id, owner=args.owner)
    if not args.json:
        print(t("cli.retried", pipeline.settings.language, record_id=record.id))
    _print_record(pipeline, record, args.json)
    return 0


def _export(pipeline: Pipeline, args) -> int:
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    records = iter_records(pipeline.store, GalleryQuery(owner=args.owner))
    count = write_export(pipeline.store, records, out)
    print(t("cli.exported", pipeline.settings.language, count=count, path=out))
    return 0


def _health(pipeline: Pipeline, args) -> int:
    report = health_report(pipeline.settings, pipeline)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        width = max(map(len, [*report["checks"], *report["keys"]])) + 2
        for name, check in report["checks"].items():
            detail = check.get("engine", "") if check.get("ok") else check.get("error") or check.get("engine", "")
            if check.get("ok"):
                state = "ok"
            elif name in report["warnings"]:
                state = "WARNING"
            else:
                state = "FAILED"
            print(f"{name:<{width}}{state:<9}{detail}")
        for key, state in report["keys"].items():
            print(f"{key:<{width}}{state}")
    return 0 if report["ok"] else 1


def _init_aws(pipeline: Pipeline, args) -> int:
    from .store.aws_setup import CREATED, EXISTS, UPDATED, provision, summarize

    steps = provision(pipeline.settings, args.cors_origins or ["*"])
    if args.json:
        print(json.dumps([step.to_dict() for step in steps], ensure_ascii=False, indent=2))
        return 0
    language = pipeline.settings.language
    for step in steps:
        item = t(f"aws.item.{step.kind}", language, name=step.name)
        print(t(f"init_aws.{step.outcome}", language, item=item, detail=step.detail))
    counts = summarize(steps)
    print(t("init_aws.summary", language, changed=counts[CREATED] + counts[UPDATED], existing=counts[EXISTS]))
    return 0


def _weather(pipeline: Pipeline, args) -> int:
    language = pipeline.settings.language
    by_coordinates = args.lat is not None and args.lon is not None and args.city is None
    by_city = args.city is not None and args.lat is None and args.lon is None
    if not (by_coordinates or by_city):
        print(t("cli.weather_usage", language), file=sys.stderr)
        return 2
    provider = pipeline.weather
    if provider is None:
        print(t("cli.weather_off", language), file=sys.stderr)
        return 2

    if by_city:
        place = provider.geocode(args.city, language)
        if place is None:
            raise PlaceNotFound(args.city)
    else:
        latitude, longitude = check_coordinates(args.lat, args.lon)
        place = Place(latitude=latitude, longitude=longitude)
    weather = provider.current(place.latitude, place.longitude, language)
    place.name = place.name or weather.place_name
    place.country = place.country or weather.country

    if args.json:
        print(json.dumps({"place": asdict(place), "weather": asdict(weather)}, ensure_ascii=False, indent=2))
    else:
        _print_weather(place, weather, language)
    return 0


def _print_weather(place: Place, weather: Weather, language: str) -> None:
    unknown = t("value.unknown", language)

    def shown(value: object, template: str = "{}") -> str:
        return template.format(value) if value is not None else unknown

    where = place.label() or unknown
    if place.country:
        where += f" ({place.country})"
    if place.name and place.latitude is not None:
        where += f"  {place.latitude:.2f}, {place.longitude:.2f}"
    lines = {
        "place": where,
        "weather": f"{weather.description or unknown} [{weather.category}]",
        "temperature": shown(weather.temperature_c, "{:.1f} °C"),
        "humidity": shown(weather.humidity, "{:.0f}%"),
        "wind": shown(weather.wind_speed_ms, "{:.1f} m/s"),
        "observed_at": shown(weather.observed_at),
        "provider": shown(weather.provider),
    }
    for field, value in lines.items():
        print(f"{t('weather.label.' + field, language)}: {value}")


def _print_record(pipeline: Pipeline, record: Record, as_json: bool) -> None:
    summary = record_summary(record, pipeline.store)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    language = pipeline.settings.language
    unknown = t("value.unknown", language)
    suggested = bool(record.features.get("mood_suggested"))
    mood = _mood_label(record, language)
    if mood and suggested:
        mood = t("mood.suggested", language, mood=mood)
    rows = [
        ("id", record.id),
        ("status", t(f"cli.status.{record.effective_status}", language)),
        ("transcript", record.transcript or unknown),
        ("mood", mood or unknown),
        ("location", record.location or unknown),
        ("artwork", summary["artwork"]["path"] or unknown),
    ]
    if record.retryable:
        rows.append(("failed_stage", record.failed_stage or unknown))
        rows.append(("error", _error_text(record, language)))
    for key, value in rows:
        print(f"{t(f'cli.field.{key}', language)}: {value}")
    _print_recipe(record, language, suggested)
    timings = ", ".join(f"{stage} {ms:.0f} ms" for stage, ms in record.timings_ms.items()) or unknown
    print(f"{t('cli.field.timings', language)}: {timings}")


def _mood_label(record: Record, language: str) -> str | None:
    """Return the record's mood, in the user's language when it is one of the fixed list."""
    key = record.mood_key
    if key in MOODS and record.mood in MOODS[key]:
        return MOODS[key][0 if language == "zh-CN" else 1]
    return record.mood


def _error_text(record: Record, language: str) -> str:
    error = record.error or {"key": "error.interrupted", "params": {}}
    try:
        return t(error["key"], language, **error.get("params", {}))
    except (KeyError, IndexError, ValueError):
        return str(error.get("params", {}).get("detail") or error["key"])


def _print_recipe(record: Record, language: str, mood_suggested: bool) -> None:
    lines = describe_recipe(record.recipe, language, mood_suggested)
    if not lines:
        return
    print(f"{t('recipe.title', language)}:")
    for label, value in lines:
        print(f"  {label}: {value}")


_COMMANDS = {
    "process": _process, "list": _list, "show": _show, "delete": _delete,
    "retry": _retry, "export": _export, "health": _health, "weather": _weather, "init-aws": _init_aws,
}
