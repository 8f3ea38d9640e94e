"""The pipeline measures the voice, suggests a mood when none was given, and the CLI shows the recipe."""

from __future__ import annotations

import pytest

from conftest import needs_speech
from mumble.cli import main
from mumble.context import MOODS
from mumble.pipeline import Pipeline
from mumble.render.recipe import describe_recipe
from mumble.transcribe.base import Transcript


class FixedTranscriber:
    """Returns a known sentence, so these tests need no speech model."""

    name = "fixed"

    def transcribe(self, recording):
        return Transcript(text="晚上和小猫在湖边看月亮", engine=self.name)


@pytest.fixture
def pipeline(settings):
    return Pipeline(settings, transcriber=FixedTranscriber())


@needs_speech
def test_process_without_mood_uses_suggested_mood(pipeline, speech_path):
    record = pipeline.process(speech_path("zh_welcome.wav"))

    suggested = record.features["suggested_mood"]
    assert suggested in MOODS
    assert record.features["mood_suggested"] is True
    assert record.mood == MOODS[suggested][0]
    assert record.mood_key == suggested
    assert record.recipe["mood_key"] == suggested
    assert "voice" in record.timings_ms


@needs_speech
def test_process_with_mood_keeps_it_and_stores_features(pipeline, speech_path):
    record = pipeline.process(speech_path("zh_welcome.wav"), mood="忧郁")

    assert record.mood == "忧郁"
    assert record.features["mood_suggested"] is False
    assert record.features["suggested_mood"] in MOODS
    assert record.features["pitch_hz"] > 50
    assert record.features["speech_rate_cps"] > 0
    stored = pipeline.store.get(record.id)
    assert stored.features == record.features


@needs_speech
def test_show_prints_recipe_and_suggestion(settings, speech_path, capsys, monkeypatch):
    record = Pipeline(settings, transcriber=FixedTranscriber()).process(speech_path("zh_welcome.wav"))
    monkeypatch.setattr("mumble.cli.Pipeline", lambda s: Pipeline(s, transcriber=FixedTranscriber()))

    assert main(["--quiet", "show", record.id], settings=settings) == 0
    output = capsys.readouterr().out
    assert "作画配方" in output
    assert "猫（来自“小猫”）" in output
    assert "月亮（来自“月亮”）" in output
    assert "根据语气推荐" in output


def test_recipe_reads_in_english():
    recipe = {"motifs": ["cat", "lake"], "words": {"cat": "小猫"}, "sky": ["moon"],
              "palette": {"name": "calm", "colors": ["#112233"]}, "weather": "rain",
              "time_of_day": "night", "season": "winter", "mood_key": "calm", "seed": 7}
    lines = dict(describe_recipe(recipe, "en"))
    assert lines["Motifs"] == "cat (from “小猫”), lake"
    assert lines["Sky"] == "moon"
    assert lines["Palette"] == "calm #112233"
    assert lines["Weather"] == "rain"
    assert lines["Time"] == "winter night"
    assert lines["Composition seed"] == "7"


def test_recipe_with_unknown_values_shows_them_as_stored():
    recipe = {"motifs": ["volcano"], "weather": "haze", "time_of_day": "noon", "season": "monsoon"}
    lines = dict(describe_recipe(recipe, "en"))
    assert lines["Motifs"] == "volcano"
    assert lines["Weather"] == "haze"
    assert lines["Time"] == "monsoon noon"


def test_recipe_of_other_engines_is_not_described():
    assert describe_recipe({"model": "gpt-image-1"}, "zh-CN") == []
