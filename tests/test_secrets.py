"""Keys never leak: the whole flow runs with fake keys and every output is searched for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO, needs_speech
from fake_openai import TEST_KEY, error_reply, fake_openai  # noqa: F401 (fixture)
from fake_weather_api import FakeResponse, fake_api  # noqa: F401 (fixture)
from weather_payloads import OPENWEATHER_PLACES, openweather_current, openweather_error

WEATHER_KEY = "ow-test-key-SECRET-9876543210"
# Fragments a careless message might show: the whole key, or its distinctive ends.
LEAKS = (TEST_KEY, TEST_KEY[-12:], WEATHER_KEY, WEATHER_KEY[-12:])


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mumble", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def assert_no_key_in(text: str, where: str) -> None:
    for leak in LEAKS:
        assert leak not in text, f"key fragment {leak[:6]}… found in {where}"


@needs_speech
def test_keys_never_appear_in_any_output(fake_openai, fake_api, tmp_path, speech_path):
    fake_api.responses["/data/2.5/weather"] = FakeResponse(json=openweather_current(800))
    fake_api.responses["/geo/1.0/direct"] = FakeResponse(json=[OPENWEATHER_PLACES["杭州"]])
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "OPENAI_API_KEY": TEST_KEY,
        "OPENAI_BASE_URL": fake_openai.url,
        "OPENWEATHER_API_KEY": WEATHER_KEY,
        "MUMBLE_OPENWEATHER_URL": fake_api.url,
        "MUMBLE_WEATHER": "openweather",
        "MUMBLE_PROMPT_REWRITE": "on",
        "MUMBLE_DATA_DIR": str(data_dir),
        "MUMBLE_LOG_LEVEL": "DEBUG",
        "MUMBLE_OPENAI_MAX_RETRIES": "0",
    }
    clip = str(speech_path("zh_command.wav"))
    outputs: list[tuple[str, subprocess.CompletedProcess]] = []

    processed = cli(env, "process", clip, "--location", "杭州", "--mood", "开心", "--json")
    assert processed.returncode == 0, processed.stderr
    record = json.loads(processed.stdout)
    assert record["engines"]["transcriber"].startswith("openai:")
    assert record["weather"]["provider"]
    outputs.append(("process", processed))

    for args in (("list", "--json"), ("show", record["id"], "--json"), ("health", "--json"),
                 ("weather", "--city", "杭州", "--json"), ("export", str(tmp_path / "out.zip"))):
        result = cli(env, *args)
        outputs.append((" ".join(args[:1]), result))

    # Failures are where keys usually leak: the services' own 401 messages echo part of the key.
    fake_openai.queue("/v1/audio/transcriptions",
                      error_reply(401, "invalid_api_key", f"Incorrect API key provided: {TEST_KEY[:8]}****{TEST_KEY[-4:]}."))
    fake_api.responses["/data/2.5/weather"] = FakeResponse(status=401, json=openweather_error(401, f"Invalid API key {WEATHER_KEY}"))
    failed = cli(env, "process", clip, "--lat", "30.25", "--lon", "120.2")
    assert failed.returncode == 1
    outputs.append(("process with rejected key", failed))
    weather_failed = cli(env, "weather", "--lat", "30.25", "--lon", "120.2")
    assert weather_failed.returncode == 1
    outputs.append(("weather with rejected key", weather_failed))

    assert "401" in failed.stderr or "密钥" in failed.stderr or "key" in failed.stderr.lower()
    for name, result in outputs:
        assert_no_key_in(result.stdout, f"{name} stdout")
        assert_no_key_in(result.stderr, f"{name} stderr")
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert_no_key_in(path.read_bytes().decode("latin-1"), str(path.relative_to(tmp_path)))
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        for name in archive.namelist():
            assert_no_key_in(archive.read(name).decode("latin-1"), f"export {name}")

