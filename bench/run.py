"""Run Mumble's benchmark suite, print the targets table and write docs/BENCHMARKS.md.

Usage:
    python bench/run.py                      # every area, 5 repeats, writes docs/BENCHMARKS.md
    python bench/run.py --only transcription,drawing --repeat 3
    python bench/run.py --quick --out /tmp/bench.md   # a smoke test: tiny sizes, one repeat

Areas: transcription, drawing, pipeline, gallery, app. Figures are medians of
repeated runs on this machine. Load from other processes inflates wall time,
so the report records the load average before and after, and gives ratios
where the comparison matters more than the absolute time.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Check, Options, Section, load_average, machine, yes_no  # noqa: E402

AREAS = {
    "transcription": "transcription",
    "drawing": "drawing",
    "pipeline": "offline_pipeline",
    "gallery": "gallery",
    "app": "streamlit_app",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(AREAS), help=f"comma-separated areas (default: all of {', '.join(AREAS)})")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: one repeat, fewer settings, galleries of 40 and 400 records")
    parser.add_argument("--gallery-sizes", help="small and large gallery sizes (default 100,10000; 40,400 with --quick)")
    parser.add_argument("--app-root", default=str(REPO), help="folder with app.py for the app area (default: this checkout)")
    parser.add_argument("--out", default=str(REPO / "docs" / "BENCHMARKS.md"), help="report path")
    args = parser.parse_args(argv)

    areas = [area.strip() for area in args.only.split(",") if area.strip()]
    unknown = [area for area in areas if area not in AREAS]
    if unknown:
        parser.error(f"unknown area(s) {', '.join(unknown)}; expected some of {', '.join(AREAS)}")
    sizes = args.gallery_sizes or ("40,400" if args.quick else "100,10000")
    small, large = (int(size) for size in sizes.split(","))

    # Stage logs would bury the table; warnings and errors still show.
    logging.getLogger("mumble").setLevel(logging.WARNING)
    work_dir = Path(tempfile.mkdtemp(prefix="mumble-bench-"))
    options = Options(repeat=args.repeat, quick=args.quick, gallery_small=small, gallery_large=large, work_dir=work_dir,
                      app_root=Path(args.app_root).resolve())
    load_before = load_average()
    started = time.perf_counter()
    sections: list[Section] = []
    try:
        for area in areas:
            area_load = load_average()
            print(f"== {area} (load average {area_load:.2f})", flush=True)
            module = importlib.import_module(AREAS[area])
            try:
                section = module.run(options)
                section.lines[:0] = [f"Load average (1 minute) when this area started: {area_load:.2f}.", ""]
                sections.append(section)
            except Exception as error:  # one broken area must not cost the figures of the others
                traceback.print_exc()
                failed = Section(area.capitalize())
                failed.lines.append(f"The {area} area failed: {type(error).__name__}: {str(error)[:300]}")
                failed.checks.append(Check(f"{area} area", "runs to the end", f"failed: {type(error).__name__}", False))
                sections.append(failed)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    load_after = load_average()

    report = render_report(sections, options, areas, load_before, load_after, time.perf_counter() - started)
    print()
    print("\n".join(targets_table(sections)))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


def targets_table(sections: list[Section]) -> list[str]:
    lines = ["| what | target | measured | met |", "| --- | --- | --- | --- |"]
    for section in sections:
        for check in section.checks:
            lines.append(f"| {check.what} | {check.target} | {check.measured} | {yes_no(check.met)} |")
    return lines


def render_report(sections, options: Options, areas: list[str], load_before: float, load_after: float,
                  elapsed_s: float) -> str:
    host = machine()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python bench/run.py{' --quick' if options.quick else ''}"
        f"{'' if options.repeat == 5 else f' --repeat {options.repeat}'}"
        f"{'' if len(areas) == len(AREAS) else ' --only ' + ','.join(areas)}` on {time.strftime('%Y-%m-%d %H:%M %Z')} "
        f"in {elapsed_s / 60:.1f} minutes.",
        "",
        f"Machine: {host['cpu']}, {host['cores']} cores, Python {host['python']}, {host['system']}. "
        f"Load average (1 minute) {load_before:.2f} at the start and {load_after:.2f} at the end.",
        "",
        "Times are wall-clock medians of repeated runs unless a table says otherwise. They grow with the "
        "machine's load, so comparisons are given as ratios measured in the same run.",
        "",
        "## Targets",
        "",
        *targets_table(sections),
    ]
    for section in sections:
        lines += ["", f"## {section.title}", "", *section.lines]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
