"""Rows for the status page, built from `mumble.health.health_report` (no Streamlit here).

Check dictionaries differ by engine, so each row reads the fields listed here
and otherwise shows the engine name or the error text.
"""

from __future__ import annotations

from typing import Any

from mumble.i18n import MESSAGES, t

from .labels import format_bytes, stage_label

# Backend family -> (health_report "checks" entry, catalogue key of its name).
BACKENDS = (
    ("transcriber", "transcriber", "ui.status.backend.transcriber"),
    ("image_generator", "image_generator", "ui.status.backend.image_generator"),
    ("storage", "store", "ui.status.backend.storage"),
    ("weather", "weather", "ui.status.backend.weather"),
    ("metrics", None, "ui.status.backend.metrics"),
)


def _check_detail(family: str, check: dict[str, Any], language: str) -> str:
    failure = check.get("error_key")
    if isinstance(failure, dict) and failure.get("key") in MESSAGES:
        try:
            return t(failure["key"], language, **(failure.get("params") or {}))
        except (KeyError, ValueError, IndexError):
            pass
    if check.get("error"):
        return str(check["error"])
    parts = [str(check.get("engine", ""))] if check.get("engine") else []
    if family == "transcriber":
        if "present" in check:
            parts.append(t("ui.status.model_present" if check["present"] else "ui.status.model_missing", language,
                           model=check.get("model", "")))
        if "loaded" in check:
            parts.append(t("ui.status.model_loaded" if check["loaded"] else "ui.status.model_not_loaded", language))
    elif family == "storage":
        if "writable" in check:
            parts.append(t("ui.status.writable" if check["writable"] else "ui.status.not_writable", language))
        if check.get("table"):
            parts.append(str(check["table"]))
    return " · ".join(part for part in parts if part)


def backend_rows(report: dict[str, Any], language: str) -> list[dict[str, str]]:
    """Return one row per backend: its name, the chosen engine, the check's outcome and details."""
    rows = []
    for family, check_name, label_key in BACKENDS:
        if family not in report["engines"]:
            continue
        choice = report["engines"][family]
        check = report["checks"].get(check_name) if check_name else None
        if check is None:
            state = t("ui.status.off", language) if choice == "off" else t("ui.status.not_checked", language)
            detail = ""
        else:
            state = t("ui.status.ok" if check.get("ok") else "ui.status.failed", language)
            detail = _check_detail(family, check, language)
        rows.append({
            t("ui.status.column.backend", language): t(label_key, language),
            t("ui.status.column.engine", language): choice,
            t("ui.status.column.check", language): state,
            t("ui.status.column.detail", language): detail,
        })
    return rows


def stage_rows(report: dict[str, Any], stages: tuple[str, ...], language: str) -> list[dict[str, str]]:
    """Return one row per pipeline stage with the engine that serves it."""
    checks = report["checks"]

    def engine_of(name: str, fallback: str) -> str:
        return str((checks.get(name) or {}).get("engine") or fallback)

    serving = {
        "decode": "pyav",
        "transcribe": engine_of("transcriber", report["engines"].get("transcriber", "")),
        "voice": "numpy",
        "context": report["engines"].get("weather", ""),
        "prompt": "mumble.prompt",
        "save": engine_of("store", report["engines"].get("storage", "")),
        "render": engine_of("image_generator", report["engines"].get("image_generator", "")),
        "store": engine_of("store", report["engines"].get("storage", "")),
    }
    return [
        {t("ui.timings.stage", language): stage_label(stage, language),
         t("ui.timings.engine", language): serving.get(stage, "")}
        for stage in stages
    ]


def key_rows(report: dict[str, Any], language: str) -> list[dict[str, str]]:
    """Return one row per API key: its name and configured or missing (never its value)."""
    return [
        {t("ui.status.column.key", language): name,
         t("ui.status.column.state", language): t(f"ui.status.key_{state}", language)}
        for name, state in report["keys"].items()
    ]


def store_numbers(report: dict[str, Any]) -> dict[str, str]:
    """Return the record count, data folder size and free space as display text."""
    store = report["checks"].get("store") or {}
    return {
        "records": str(store.get("records", "–")),
        "size": format_bytes(store.get("bytes")),
        "free": format_bytes(store.get("free_bytes")),
        "path": str(store.get("path", "")),
    }
