"""Small widgets the pages share: labelled values, context, stage progress and timings.

Text that comes from the user (transcripts, prompts, moods, place names) is
drawn with `st.text` or `st.code`, which show it verbatim. Markdown is used
only for catalogue text and for palette swatches built from validated
"#rrggbb" colours.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mumble.pipeline import OPTIONAL_STAGES, STAGES, StageEvent
from mumble.render.recipe import describe_recipe
from mumble.store.base import Record

from .labels import context_rows, error_text, format_ms, palette_colors, stage_label, swatches_html, without_hex_colors
from .position import browser_timezone
from .runtime import language, tr

# Material icons (Streamlit Markdown syntax), so no emoji font is needed.
_STATE_ICONS = {
    "running": ":gray[:material/hourglass_top:]",
    "done": ":green[:material/check_circle:]",
    "failed": ":red[:material/error:]",
    "fallback": ":orange[:material/warning:]",
}
# Pipeline order with the optional stages in place: prompt rewriting follows the prompt.
STAGE_ORDER = STAGES[: STAGES.index("prompt") + 1] + OPTIONAL_STAGES + STAGES[STAGES.index("prompt") + 1:]


def labelled_text(label: str, value: str) -> None:
    """Draw a small label directly over a value shown verbatim."""
    with st.container(gap=None):
        st.caption(label)
        st.text(value)


def labelled_grid(rows: list[tuple[str, str]], below: dict[str, Callable[[], None]] | None = None) -> None:
    """Draw (label, value) pairs two per row at every width, values verbatim.

    below maps a label to a function that draws more under that value.
    """
    below = below or {}
    for start in range(0, len(rows), 2):
        columns = st.columns(2, wrap=False)
        for column, (label, value) in zip(columns, rows[start:start + 2]):
            with column:
                labelled_text(label, value)
                if label in below:
                    below[label]()


def context_summary(context: dict) -> None:
    """Draw mood, place, weather and time of a stored or draft context."""
    labelled_grid(context_rows(context, language(), browser_timezone()))


def recipe_summary(record: Record) -> None:
    """Draw what the painter drew and why (motifs, palette, weather, hour), when the engine kept a recipe."""
    lines = describe_recipe(record.recipe, language(), bool(record.features.get("mood_suggested")))
    if not lines:
        return
    st.subheader(tr("recipe.title"))
    # The palette line names the palette in words; its colours are drawn as swatches, not as hex codes.
    palette_label = tr("recipe.palette")
    rows = [(label, without_hex_colors(value) if label == palette_label else value) for label, value in lines]
    colors = palette_colors(record.recipe)
    below = {palette_label: lambda: st.markdown(swatches_html(colors), unsafe_allow_html=True)} if colors else {}
    labelled_grid(rows, below)


def prompt_block(prompt: str) -> None:
    """Draw a prompt as wrapped plain text with a copy button."""
    st.code(prompt, language=None, wrap_lines=True)


def record_prompt(record: Record) -> None:
    """Draw the prompt a record was drawn from, why rewriting it failed, and the one first built."""
    prompt_block(record.prompt or "")
    rewrite = record.recipe.get("prompt_rewrite") or {}
    if rewrite.get("error"):
        failure = rewrite["error"]
        reason = error_text(failure.get("key"), failure.get("params") or {}, language())
        st.caption(f"{tr('notice.prompt_rewrite_failed')} {reason}")
    if not record.prompt_original:
        return
    note = tr("ui.prompt.rewritten", model=rewrite["model"]) if rewrite.get("rewritten") else tr("ui.prompt.edited")
    with st.expander(tr("ui.prompt.original")):
        st.caption(note)
        prompt_block(record.prompt_original)


def timings_table(timings: dict[str, float], engines: dict[str, str] | None = None) -> None:
    """Draw each stage's time (in pipeline order) and, where known, its engine."""
    engines = engines or {}
    lang = language()
    rows = [
        {tr("ui.timings.stage"): stage_label(stage, lang), tr("ui.timings.time"): format_ms(timings[stage]),
         tr("ui.timings.engine"): engines.get(stage, "")}
        for stage in STAGE_ORDER if stage in timings
    ]
    if not rows:
        st.caption(tr("ui.timings.none"))
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def record_engines(record: Record, store_name: str | None = None) -> dict[str, str]:
    """Return stage -> engine for a stored record, from the engines and weather provider it names."""
    engines = {"decode": "pyav"}
    if record.engines.get("transcriber"):
        engines["transcribe"] = record.engines["transcriber"]
    if record.features:
        engines["voice"] = "numpy"
    if (record.weather or {}).get("provider"):
        engines["context"] = record.weather["provider"]
    if record.engines.get("renderer"):
        engines["render"] = record.engines["renderer"]
    if store_name:
        engines["save"] = engines["store"] = store_name
    return engines


class StageProgress:
    """Progress callback that writes one line per stage into an `st.status` box.

    Stages finished before the box opened (decoding and transcribing happen
    as soon as audio arrives) are listed first with their times.
    """

    def __init__(self, finished: dict[str, float] | None = None, engines: dict[str, str] | None = None):
        self.language = language()
        self.lines: dict[str, st.delta_generator.DeltaGenerator] = {}
        for stage in STAGE_ORDER:
            if finished and stage in finished:
                self._write(StageEvent(stage, "done", finished[stage], (engines or {}).get(stage)))

    def _write(self, event: StageEvent) -> None:
        if event.stage not in self.lines:
            self.lines[event.stage] = st.empty()
        parts = [_STATE_ICONS.get(event.state, ""), stage_label(event.stage, self.language)]
        if event.state == "running":
            parts.append("…")
        elif event.state == "fallback":
            # The stage failed and drawing went on without it, so the line gives the reason.
            reason = event.error.message(self.language) if event.error else ""
            parts.append(f"· {tr('notice.prompt_rewrite_failed') if event.stage == 'rewrite' else ''} {reason}")
        else:
            parts.append(f"· {format_ms(event.ms)}")
        if event.engine and event.state != "fallback":
            parts.append(f"· `{event.engine}`")
        self.lines[event.stage].markdown(" ".join(parts))

    def __call__(self, event: StageEvent) -> None:
        self._write(event)
