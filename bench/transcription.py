"""Local transcription: real-time factor and CER across the settings a user would try.

Every combination of beam size (5, 1), compute type (int8, float32), VAD
(off, on) and encoder window (fit, full) runs on every fixture clip. VAD on
always decodes with faster-whisper's 30 s windows, so "fit" with VAD on is
not a separate setting and is skipped. Defaults are then chosen from the
data: the fastest setting whose CER stays within the limits on every clip.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass

from common import (
    CER_LIMIT_MEETING, CER_LIMIT_READ, SPEECH, Check, Options, Section, cer_limit, measure, references,
)
from mumble.audio import load_recording
from mumble.settings import load_settings
from mumble.transcribe.base import character_error_rate
from mumble.transcribe.local import LocalTranscriber
from mumble.transcribe.window import FULL_WINDOW_FRAMES, FittedWindowDecoder

BEAMS = (5, 1)
COMPUTE_TYPES = ("int8", "float32")
# (VAD, window) pairs; see the module docstring for why VAD on has no "fit" twin.
DECODES = ((False, "fit"), (False, "full"), (True, "full"))
RTF_TARGET = 0.10
THREADS_TIE = 0.05


@dataclass(frozen=True)
class Config:
    beam: int
    compute: str
    vad: bool
    window: str

    def label(self) -> str:
        return f"beam {self.beam}, {self.compute}, VAD {'on' if self.vad else 'off'}, window {self.window}"


@dataclass
class ClipResult:
    clip: str
    audio_s: float
    wall_s: float
    cpu_s: float
    cer: float
    text: str

    @property
    def rtf(self) -> float:
        return self.wall_s / self.audio_s


def run(options: Options) -> Section:
    refs = references()
    section = Section("Transcription")
    if not refs:
        section.lines.append(f"Skipped: speech fixtures not found in {SPEECH}.")
        return section

    defaults = load_settings({})
    recordings = {clip: load_recording(SPEECH / clip, defaults.max_audio_seconds) for clip in refs}
    repeat = 1 if options.quick else options.repeat
    computes = COMPUTE_TYPES[:1] if options.quick else COMPUTE_TYPES

    results: dict[Config, list[ClipResult]] = {}
    load_lines = []
    for compute in computes:
        transcriber = LocalTranscriber(model=defaults.whisper_model, cache_dir=defaults.model_dir, compute_type=compute,
                                       cpu_threads=defaults.whisper_threads)
        started = time.perf_counter()
        transcriber.load()
        first_load_s = time.perf_counter() - started
        load_lines.append(f"| {compute} | {first_load_s:.2f} |")
        for beam in BEAMS:
            for vad, window in DECODES:
                config = Config(beam, compute, vad, window)
                transcriber.beam_size, transcriber.vad_filter, transcriber.window = beam, vad, window
                results[config] = [_run_clip(transcriber, clip, recordings[clip], refs[clip], repeat) for clip in refs]
                print(f"  transcription: {config.label()}: overall RTF {_overall_rtf(results[config]):.3f}, "
                      f"CER {_overall_cer(results[config], refs):.3f}", flush=True)
        if compute == defaults.whisper_compute_type:
            section.checks.append(_load_once_check(transcriber))
            encoder_times = _encoder_times(transcriber, recordings, repeat)

    default_config = Config(defaults.whisper_beam_size, defaults.whisper_compute_type, defaults.whisper_vad,
                            defaults.whisper_window)
    chosen = _choose(results)
    section.lines += _settings_table(results, refs, default_config, chosen)
    section.lines += _clip_table(results.get(default_config, []), default_config)
    section.lines += ["", "First model load per compute type, in this process (weights already joined in the cache):", "",
                      "| compute type | load s |", "| --- | ---: |", *load_lines]
    section.lines += _encoder_lines(encoder_times, recordings)
    section.lines += _time_split(results.get(default_config, []), encoder_times, default_config)
    fastest_threads = None
    if not options.quick:
        thread_lines, fastest_threads = _threads_table(defaults, recordings, refs, repeat)
        section.lines += thread_lines

    if default_config in results:
        worst = max(results[default_config], key=lambda result: result.rtf)
        overall = _overall_rtf(results[default_config])
        section.checks.append(Check(
            "local transcription, warm (default settings)", f"RTF ≤ {RTF_TARGET:.2f} on every fixture clip",
            f"RTF {overall:.3f} overall, worst {worst.rtf:.3f} ({worst.clip})", worst.rtf <= RTF_TARGET,
        ))
    measured = f"fastest within limits: {chosen.label() if chosen else 'none'}; defaults: {default_config.label()}"
    met = chosen == default_config if chosen else False
    if fastest_threads is not None:
        measured += f"; fastest CPU threads: {fastest_threads}, default: {defaults.whisper_threads}"
        met = met and fastest_threads == defaults.whisper_threads
    section.checks.append(Check("default settings chosen from the data", "fastest setting within the CER limits",
                                measured, met))
    return section


def _encoder_times(transcriber: LocalTranscriber, recordings, repeat: int) -> dict[str, tuple[float, int, float]]:
    """Time the encoder alone per clip: (30 s window s, fitted window frames, fitted window s)."""
    import numpy as np

    model = transcriber.load()
    decoder = FittedWindowDecoder(model)
    times = {}
    for clip, recording in recordings.items():
        features = model.feature_extractor(recording.samples)
        fitted_frames = min(features.shape[-1] + decoder.padding_frames, FULL_WINDOW_FRAMES)
        seconds = {}
        for frames in {FULL_WINDOW_FRAMES, fitted_frames}:
            window = np.zeros((features.shape[0], frames), dtype=np.float32)
            copied = min(features.shape[-1], frames)
            window[:, :copied] = features[:, :copied]
            timing, _ = measure(lambda window=window: model.encode(window), repeat)
            seconds[frames] = timing.wall
        times[clip] = (seconds[FULL_WINDOW_FRAMES], fitted_frames, seconds[fitted_frames])
    return times


def _encoder_lines(times: dict[str, tuple[float, int, float]], recordings) -> list[str]:
    lines = ["", "### Encoder alone", "",
             "The encoder without decoding, median seconds, and the RTF floor it sets for each clip:", "",
             "| clip | audio s | 30 s window s | RTF floor | fitted window frames | fitted window s | RTF floor |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for clip, (full_s, frames, fitted_s) in times.items():
        duration = recordings[clip].duration_s
        lines.append(f"| {clip} | {duration:.1f} | {full_s:.3f} | {full_s / duration:.3f} | {frames} | "
                     f"{fitted_s:.3f} | {fitted_s / duration:.3f} |")
    return lines


def _time_split(results: list[ClipResult], times: dict[str, tuple[float, int, float]], config: Config) -> list[str]:
    """Say where the default settings spend their time: the fitted-window encoder, then decoding."""
    if config.window != "fit" or not results:
        return []
    lines = ["", f"Where the time goes with the default settings (the encoder at its fitted window, then beam-"
             f"{config.beam} decoding and text clean-up):", ""]
    for result in results:
        encoder_s = times[result.clip][2]
        lines.append(f"- {result.clip}: {result.wall_s:.3f} s in all, encoder {encoder_s:.3f} s "
                     f"({encoder_s / result.wall_s:.0%}), decoding {result.wall_s - encoder_s:.3f} s.")
    shortest = min(results, key=lambda result: result.audio_s)
    full_floor = times[shortest.clip][0] / shortest.audio_s
    lines += ["", f"With Whisper's 30 s window the encoder alone takes {times[shortest.clip][0]:.3f} s, an RTF of "
              f"{full_floor:.3f} on the {shortest.audio_s:.1f} s clip before a single token is decoded: that "
              "window cannot reach an RTF of 0.10 on short clips at any beam size. The fitted window removes most "
              "of that cost, which leaves beam-search decoding as the larger share."]
    return lines


def _threads_table(defaults, recordings, refs, repeat: int) -> tuple[list[str], int]:
    """Compare CTranslate2 thread counts (1 and one per core) with the default settings; return the fastest too."""
    counts = sorted({1, os.cpu_count() or 1})
    lines = ["", "### CPU threads", "",
             f"CTranslate2 threads with the other default settings ({', '.join(str(count) for count in counts)}); "
             "the runs alternate clip by clip, so load from other processes hits each alike:", "",
             "| threads | " + " | ".join(f"{clip} RTF" for clip in refs) + " | overall RTF |",
             "| ---: | " + " | ".join("---:" for _ in refs) + " | ---: |"]
    transcribers = {}
    for count in counts:
        transcribers[count] = LocalTranscriber(
            model=defaults.whisper_model, cache_dir=defaults.model_dir, compute_type=defaults.whisper_compute_type,
            beam_size=defaults.whisper_beam_size, vad_filter=defaults.whisper_vad, window=defaults.whisper_window,
            cpu_threads=count)
        transcribers[count].load()
    results: dict[int, list[ClipResult]] = {count: [] for count in counts}
    for clip in refs:
        for count, transcriber in transcribers.items():
            results[count].append(_run_clip(transcriber, clip, recordings[clip], refs[clip], repeat))
    for count in counts:
        cells = " | ".join(f"{result.rtf:.3f}" for result in results[count])
        lines.append(f"| {count} | {cells} | {_overall_rtf(results[count]):.3f} |")
    best = min(_overall_rtf(results[count]) for count in counts)
    # Within THREADS_TIE of the best counts as a tie, and the tie goes to fewer threads,
    # which leave a core free for the other work of the app.
    fastest = min(count for count in counts if _overall_rtf(results[count]) <= best * (1 + THREADS_TIE))
    lines += ["", f"Counts within {THREADS_TIE:.0%} of the best overall RTF are taken as a tie, which the smaller "
              f"count wins because it leaves a core free for the app's other work: {fastest}."]
    return lines, fastest


def _run_clip(transcriber: LocalTranscriber, clip: str, recording, reference: str, repeat: int) -> ClipResult:
    timing, transcript = measure(lambda: transcriber.transcribe(recording), repeat)
    return ClipResult(clip, recording.duration_s, timing.wall, timing.cpu,
                      character_error_rate(transcript.text, reference), transcript.text)


def _load_once_check(transcriber: LocalTranscriber) -> Check:
    """Check that a second load() returns the loaded model without building another."""
    model = transcriber.load()
    started = time.perf_counter()
    again = transcriber.load()
    elapsed_ms = (time.perf_counter() - started) * 1000
    return Check("model load", "once per process", f"second load() returned the same model in {elapsed_ms:.3f} ms",
                 again is model)


def _reference_length(text: str) -> int:
    return len(re.sub(r"[\W_]+", "", text))


def _overall_rtf(results: list[ClipResult]) -> float:
    return sum(result.wall_s for result in results) / sum(result.audio_s for result in results)


def _overall_cer(results: list[ClipResult], refs: dict[str, str]) -> float:
    """Return total edits over total reference characters, so long clips weigh more."""
    lengths = {result.clip: _reference_length(refs[result.clip]) for result in results}
    return sum(result.cer * lengths[result.clip] for result in results) / sum(lengths.values())


def _within_limits(results: list[ClipResult]) -> bool:
    return all(result.cer <= cer_limit(result.clip) for result in results)


def _choose(results: dict[Config, list[ClipResult]]) -> Config | None:
    """Return the setting with the lowest overall RTF among those within the CER limits on every clip."""
    eligible = [config for config, clips in results.items() if _within_limits(clips)]
    return min(eligible, key=lambda config: _overall_rtf(results[config]), default=None)


def _settings_table(results, refs, default_config: Config, chosen: Config | None) -> list[str]:
    clips = list(refs)
    lines = [
        "### Settings compared",
        "",
        f"RTF = median wall-clock transcription time / audio duration. CER limits: read clips ≤ {CER_LIMIT_READ}, "
        f"meeting ≤ {CER_LIMIT_MEETING}. \"overall\" RTF is total time over total audio; overall CER is total "
        "edits over total reference characters.",
        "",
        "| beam | compute | VAD | window | " + " | ".join(f"{clip} RTF / CER" for clip in clips)
        + " | overall RTF | overall CER | within limits |",
        "| ---: | --- | --- | --- | " + " | ".join("---:" for _ in clips) + " | ---: | ---: | --- |",
    ]
    for config, clip_results in sorted(results.items(), key=lambda item: _overall_rtf(item[1])):
        by_clip = {result.clip: result for result in clip_results}
        marks = []
        if config == default_config:
            marks.append("default")
        if config == chosen:
            marks.append("fastest within limits")
        cells = " | ".join(f"{by_clip[clip].rtf:.3f} / {by_clip[clip].cer:.3f}" for clip in clips)
        lines.append(
            f"| {config.beam} | {config.compute} | {'on' if config.vad else 'off'} | {config.window} | {cells} | "
            f"{_overall_rtf(clip_results):.3f} | {_overall_cer(clip_results, refs):.3f} | "
            f"{'yes' if _within_limits(clip_results) else 'no'}{' (' + ', '.join(marks) + ')' if marks else ''} |"
        )
    return lines


def _clip_table(results: list[ClipResult], config: Config) -> list[str]:
    if not results:
        return []
    lines = ["", f"### Default settings ({config.label()}) per clip", "",
             "| clip | audio s | median s | CPU s | RTF | CER | transcript |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for result in results:
        lines.append(f"| {result.clip} | {result.audio_s:.1f} | {result.wall_s:.3f} | {result.cpu_s:.3f} | "
                     f"{result.rtf:.3f} | {result.cer:.3f} | {result.text} |")
    rtfs = [result.rtf for result in results]
    lines += ["", f"Median RTF over the clips: {statistics.median(rtfs):.3f}."]
    return lines
