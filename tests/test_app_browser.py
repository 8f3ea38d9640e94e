"""The app in a real browser: Debian's Chromium records through streamlit-audiorecorder.

Chromium's fake microphone plays a fixture recording, so the real component,
pydub, ffmpeg, the pipeline and the gallery all run as they do for a user.
Screenshots of the record page, the result and the gallery at 1280 px and
390 px wide go to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fake_weather_api import FakeResponse, FakeWeatherAPI
from mumble.context import Context, Place, Weather
from mumble.pipeline import Pipeline
from mumble.settings import load_settings
from mumble.transcribe.base import Transcript
from weather_payloads import OPEN_METEO_PLACES, openmeteo_current, openmeteo_search

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "speech"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1280, 390)

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
                       reason="ffmpeg and ffprobe are needed by streamlit-audiorecorder (apt-get install ffmpeg)"),
    pytest.mark.skipif(not (FIXTURES / "zh_welcome.wav").exists(), reason=f"speech fixtures not found in {FIXTURES}"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout_s} s")


# Records put in the gallery before the browser records its own: (fixture, mood, place, weather, local time).
SEEDED = (
    ("zh_aishell_0121.wav", "焦虑", "上海", Weather(category="rain", description="小雨", temperature_c=14), "2026-04-12T08:20:00+08:00"),
    ("zh_command.wav", "开心", "杭州", Weather(category="clear", description="晴", temperature_c=26), "2026-07-03T18:05:00+08:00"),
    ("zh_meeting.wav", "疲惫", "北京", Weather(category="snow", description="小雪", temperature_c=-3), "2026-01-20T22:40:00+08:00"),
)


def _seed_gallery(data_dir: Path) -> None:
    """Store finished records drawn from the fixtures' reference transcripts (no speech model needed)."""
    references = dict(
        line.split("\t", 1) for line in (FIXTURES / "references.tsv").read_text(encoding="utf-8").splitlines()[1:]
    )
    pipeline = Pipeline(load_settings({"MUMBLE_DATA_DIR": str(data_dir), "MUMBLE_WEATHER": "off"}))
    for name, mood, place, weather, local_time in SEEDED:
        recording = pipeline.load_recording((FIXTURES / name).read_bytes())
        context = Context(mood=mood, place=Place(name=place), weather=weather, local_time=local_time)
        transcript = Transcript(references[name].strip(), "reference")
        pipeline.create(recording, transcript, context, pipeline.build_prompt(transcript.text, context))


@pytest.fixture(scope="module")
def weather_api():
    """A fake Open-Meteo on 127.0.0.1: light rain in each city of its place list."""
    api = FakeWeatherAPI().start()
    api.responses["/v1/search"] = lambda request: FakeResponse(
        json=openmeteo_search(request.query["name"]) if request.query["name"] in OPEN_METEO_PLACES else openmeteo_search())
    api.responses["/v1/forecast"] = FakeResponse(json=openmeteo_current(61, temperature=17.6, humidity=88))
    yield api
    api.stop()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, weather_api):
    """Start `streamlit run app.py` on a free loopback port with a gallery of three records."""
    data_dir = tmp_path_factory.mktemp("data")
    _seed_gallery(data_dir)
    port = _free_port()
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("MUMBLE_") and not name.endswith("_API_KEY")},
        "MUMBLE_DATA_DIR": str(data_dir), "MUMBLE_LANGUAGE": "zh-CN", "MUMBLE_WEATHER": "open-meteo",
        "MUMBLE_OPEN_METEO_URL": weather_api.url, "MUMBLE_GEOCODING_URL": weather_api.url,
    }
    log_path = tmp_path_factory.mktemp("logs") / "streamlit.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    if "Traceback" in log_path.read_text():
        pytest.fail(f"the app logged a traceback:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser():
    fake_microphone = FIXTURES / "zh_welcome.wav"
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={fake_microphone}",
            ],
        )
        yield chromium
        chromium.close()


def _settle(page) -> None:
    """Wait until Streamlit has finished running the script and the page stopped moving."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(400)


def _screenshot(page, name: str, width: int) -> Path:
    """Save the whole page at width: Streamlit scrolls inside its main area, so grow the window to fit."""
    page.set_viewport_size({"width": width, "height": 900})
    _settle(page)
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(900, min(int(height), 6000))})
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{width}.png"
    page.screenshot(path=str(path))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
    return path


def _screenshots(page, name: str) -> None:
    for width in WIDTHS:
        _screenshot(page, name, width)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_recording_in_browser_becomes_artwork_in_gallery(app_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(app_url)
    page.get_by_role("heading", name="录音").wait_for(timeout=30_000)
    _settle(page)

    # Record through the real component: it lives in an iframe.
    recorder = page.frame_locator("iframe[title*='audiorecorder']")
    recorder.get_by_role("button", name="开始 / 继续录音").click()
    page.wait_for_timeout(6_500)
    recorder.get_by_role("button", name="停止").click()

    transcript = page.get_by_role("textbox", name="文字稿")
    transcript.wait_for(timeout=90_000)
    assert "欢迎" in transcript.input_value()
    assert page.get_by_role("textbox", name="提示词").input_value().count("欢迎") >= 1
    # The mood the tone of voice suggests is preselected; the test keeps it.
    assert page.get_by_text("根据语气推荐的心情").count() == 1
    city = page.get_by_role("textbox", name="城市")
    city.fill("杭州")
    city.press("Enter")
    page.get_by_text("小雨").first.wait_for(timeout=30_000)
    # The text box takes its new value a moment after the rerun that built it.
    playwright_api.expect(page.get_by_role("textbox", name="提示词")).to_have_value(re.compile("地点：杭州"), timeout=10_000)
    _settle(page)
    _screenshots(page, "record")

    page.get_by_role("button", name="开始作画").click()
    page.get_by_text("画好了！").wait_for(timeout=90_000)
    loaded = page.wait_for_function(
        "() => { const image = document.querySelector('[data-testid=\"stImage\"] img');"
        " return image && image.complete && image.naturalWidth; }", timeout=30_000)
    assert loaded.json_value() == 1024
    _screenshots(page, "result")

    page.get_by_role("button", name="在图库中查看").click()
    page.get_by_role("button", name="返回图库").wait_for(timeout=30_000)
    _screenshots(page, "detail")
    page.get_by_role("button", name="返回图库").click()
    page.get_by_role("button", name="查看").first.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="查看").count() == len(SEEDED) + 1
    _screenshots(page, "gallery")

    page.goto(app_url + "/status")
    page.get_by_role("heading", name="运行状态").wait_for(timeout=30_000)
    _screenshots(page, "status")
    page.close()
