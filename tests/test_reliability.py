"""Faults: killed processes, full or read-only disks, failed weather, many writers at once."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from conftest import REPO, needs_speech, wav_bytes
from mumble.audio import SAMPLE_RATE
from mumble.cli import main
from mumble.context import Place
from mumble.errors import DiskFull, StorageReadOnly
from mumble.pipeline import Pipeline
from mumble.store.base import DONE, FAILED, PROCESSING, GalleryQuery, Record, new_record_id
from mumble.store.files import TEMP_PREFIX, sweep_temporary_files
from mumble.store.sqlite import SqliteStore
from mumble.transcribe.base import Transcript
from mumble.weather.base import WeatherError


class FailingWeather:
    name = "failing-weather"

    def current(self, latitude, longitude, language="zh-CN"):
        raise WeatherError("FakeWeather", "timeout", seconds=5)

    def geocode(self, query, language="zh-CN"):
        return Place(name=query, latitude=30.25, longitude=120.17, country="CN")


def artwork_files(store: SqliteStore) -> list[str]:
    return sorted(p.name for folder in ("images", "thumbnails") for p in (store.data_dir / folder).iterdir())


@needs_speech
def test_weather_failure_still_makes_artwork(settings, local_transcriber, speech_path):
    pipeline = Pipeline(settings, transcriber=local_transcriber, weather=FailingWeather())
    record = pipeline.process(speech_path("zh_command.wav"), location="杭州")

    assert record.status == DONE
    assert record.weather is None
    assert record.context["weather_error"] == WeatherError("FakeWeather", "timeout", seconds=5).message("zh-CN")
    assert "FakeWeather" in record.context["weather_error"]
    assert "天气：未知" in record.prompt


@needs_speech
def test_disk_full_while_storing_artwork_leaves_retryable_record(settings, local_transcriber, speech_path, monkeypatch):
    pipeline = Pipeline(settings, transcriber=local_transcriber)
    import mumble.store.sqlite as sqlite_module

    original = sqlite_module.write_atomic

    def full_disk(path, data):
        if path.suffix in (".png", ".webp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        original(path, data)

    monkeypatch.setattr(sqlite_module, "write_atomic", full_disk)
    with pytest.raises(DiskFull) as caught:
        pipeline.process(speech_path("zh_command.wav"))
    assert "磁盘空间不足" in caught.value.message("zh-CN")

    record = pipeline.store.get(caught.value.record_id)
    assert record.status == FAILED
    assert record.failed_stage == "store"
    assert artwork_files(pipeline.store) == []

    monkeypatch.setattr(sqlite_module, "write_atomic", original)
    assert pipeline.retry(record.id).status == DONE


@needs_speech
def test_read_only_data_folder_stores_nothing(settings, local_transcriber, speech_path, monkeypatch):
    pipeline = Pipeline(settings, transcriber=local_transcriber)
    import mumble.store.sqlite as sqlite_module

    def read_only(path, data):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(sqlite_module, "write_atomic", read_only)
    with pytest.raises(StorageReadOnly) as caught:
        pipeline.process(speech_path("zh_command.wav"))
    assert "MUMBLE_DATA_DIR" in caught.value.message("en")
    assert pipeline.store.count() == 0


class FixedTranscriber:
    """Returns a fixed text at once: the model serialises calls, and this test is about the store."""

    name = "fixed"

    def transcribe(self, recording):
        return Transcript(text="换一首歌", engine=self.name)


@needs_speech
def test_sixteen_concurrent_pipelines_all_store(settings, speech_path):
    pipeline = Pipeline(settings, transcriber=FixedTranscriber())
    clip = speech_path("zh_command.wav").read_bytes()

    with ThreadPoolExecutor(max_workers=16) as pool:
        records = list(pool.map(lambda i: pipeline.process(clip, mood=f"心情{i}"), range(16)))

    assert len({r.id for r in records}) == 16
    assert pipeline.store.count() == 16
    assert all(r.status == DONE for r in records)


KILLED_RUN = textwrap.dedent("""
    import sys, time
    from mumble.pipeline import Pipeline
    from mumble.render.painter import PainterRenderer
    from mumble.settings import load_settings

    class SlowRenderer(PainterRenderer):
        def generate(self, prompt, context, transcript):
            print("rendering", flush=True)
            time.sleep(120)

    Pipeline(load_settings(), image_generator=SlowRenderer()).process(sys.argv[1])
""")


@needs_speech
def test_killed_process_leaves_retryable_record(settings, local_transcriber, speech_path):
    env = {**os.environ, "MUMBLE_DATA_DIR": str(settings.data_dir), "MUMBLE_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(speech_path("zh_command.wav"))], cwd=REPO,
                              env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout.readline().strip() == "rendering"
        store = SqliteStore(settings.data_dir)
        [record] = store.list().records
        assert record.effective_status == PROCESSING
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    reopened = SqliteStore(settings.data_dir)
    assert [r.id for r in reopened.list(GalleryQuery(status=FAILED)).records] == [record.id]
    assert reopened.count(GalleryQuery(status=PROCESSING)) == 0
    killed = reopened.get(record.id)
    assert killed.status == FAILED
    assert killed.error == {"key": "error.interrupted", "params": {}}
    assert killed.effective_status == FAILED
    assert killed.retryable
    assert killed.transcript == "换一首歌"
    assert artwork_files(reopened) == []

    finished = Pipeline(settings, store=reopened, transcriber=local_transcriber).retry(record.id)
    assert finished.status == DONE


def test_leftover_temporary_files_are_swept(tmp_path):
    old = tmp_path / "images" / f"{TEMP_PREFIX}abc-x.png"
    young = tmp_path / "images" / f"{TEMP_PREFIX}def-y.png"
    old.parent.mkdir()
    old.write_bytes(b"half")
    young.write_bytes(b"being written")
    os.utime(old, (time.time() - 7200, time.time() - 7200))

    assert sweep_temporary_files(tmp_path) == 1
    assert not old.exists()
    assert young.exists()


def test_stored_files_are_private(tmp_path):
    store = SqliteStore(tmp_path / "data")
    now = "2026-01-01T00:00:00.000+00:00"
    record = store.create(Record(id=new_record_id(), owner="local", created_at=now, updated_at=now, audio_format="wav"), b"a")

    mode = (store.data_dir / record.audio_key).stat().st_mode & 0o777
    folder_mode = (store.data_dir / "audio").stat().st_mode & 0o777
    assert mode == 0o600
    assert folder_mode == 0o700


def _bad_inputs(tmp_path):
    import io
    import wave

    from PIL import Image

    from conftest import encode_audio

    header = io.BytesIO()
    with wave.open(header, "wb") as empty_wav:
        empty_wav.setnchannels(1)
        empty_wav.setsampwidth(2)
        empty_wav.setframerate(SAMPLE_RATE)
    picture = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(picture, format="PNG")
    tone = 0.3 * np.sin(np.arange(SAMPLE_RATE * 3) / SAMPLE_RATE * 2 * np.pi * 200).astype(np.float32)
    m4a = encode_audio(tone, SAMPLE_RATE, "ipod", "aac")
    return {
        "empty": b"",
        "header_only_wav": header.getvalue(),
        "random_bytes": np.random.default_rng(3).bytes(20_000),
        "image_as_wav": picture.getvalue(),
        "truncated_m4a": m4a[: len(m4a) // 8],
        "clip_0_2s": wav_bytes(tone[: SAMPLE_RATE // 5]),
        "silence": wav_bytes(np.zeros(SAMPLE_RATE * 2, np.float32)),
        "noise": wav_bytes(np.random.default_rng(4).normal(0, 0.25, SAMPLE_RATE * 2).clip(-1, 1)),
        "over_length": wav_bytes(np.tile(tone, 5)),
        "over_size": b"RIFF" + b"\0" * (2 * 1_048_576),
    }


BAD_INPUT_NAMES = ["empty", "header_only_wav", "random_bytes", "image_as_wav", "truncated_m4a", "clip_0_2s",
                   "silence", "noise", "over_length", "over_size"]


@pytest.mark.parametrize("name", BAD_INPUT_NAMES)
def test_cli_bad_input_exits_2_and_stores_nothing(tmp_path, capsys, name):
    from mumble.settings import load_settings

    path = tmp_path / f"{name}.wav"
    path.write_bytes(_bad_inputs(tmp_path)[name])
    settings = load_settings({"MUMBLE_DATA_DIR": str(tmp_path / "data"), "MUMBLE_MAX_AUDIO_SECONDS": "10",
                              "MUMBLE_MAX_UPLOAD_MB": "1", "MUMBLE_WEATHER": "off"})

    assert main(["--quiet", "process", str(path)], settings=settings) == 2
    message = capsys.readouterr().err
    assert message.strip()
    assert "Traceback" not in message
    assert SqliteStore(settings.data_dir).count() == 0
    assert not any((settings.data_dir / "audio").iterdir())


@pytest.mark.parametrize("name,needle", [("missing.wav", "文件不存在"), ("folder", "文件夹")])
def test_cli_unreadable_path_exits_2_without_traceback(tmp_path, capsys, settings, name, needle):
    (tmp_path / "folder").mkdir()
    assert main(["process", str(tmp_path / name), "--quiet"], settings=settings) == 2
    message = capsys.readouterr().err
    assert needle in message
    assert "Traceback" not in message
    assert SqliteStore(settings.data_dir).count() == 0
