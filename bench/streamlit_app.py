"""The Streamlit app: start-up time, what the first render loads, gallery page weight and memory.

- Start-up: `streamlit run app.py` until `/_stcore/health` returns 200, polled
  on 127.0.0.1 every 50 ms, in fresh processes.
- First render: the whole app (app.py and the record page) run once with
  Streamlit's AppTest in a fresh process, which then reports whether any
  Whisper model was loaded or CTranslate2 even imported.
- Page weight and memory need Playwright and Debian's /usr/bin/chromium. The
  browser opens the gallery of a server whose store contains 30 finished
  records with real painter thumbnails, and every HTTP response body and
  WebSocket frame it receives is counted. Then it uploads a fixture clip on
  the record page and draws it, and the server process's resident memory
  (VmRSS, and its peak VmHWM) is read from /proc.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from common import SPEECH, Check, Options, Section, offline_environment

STARTUP_TARGET_S = 5.0
PAGE_WEIGHT_TARGET_BYTES = 1_500_000
# Streamlit guaranteed 1 GB of RAM per Community Cloud app (streamlit/streamlit pull request 3384, 2021).
# NOTE: Streamlit's current published limit was not checked here; 1 GB is the lowest figure found.
COMMUNITY_CLOUD_MEMORY_BYTES = 1_000_000_000
CHROMIUM = Path("/usr/bin/chromium")
GALLERY_RECORDS = 30
PAGE_SIZE = 24
UPLOAD_CLIP = "zh_welcome.wav"

FIRST_RENDER_SCRIPT = """
import gc, json, sys, time
from streamlit.testing.v1 import AppTest
started = time.perf_counter()
app = AppTest.from_file("app.py", default_timeout=120).run()
first_run_s = time.perf_counter() - started
ctranslate2_imported = "ctranslate2" in sys.modules
from mumble.transcribe.local import LocalTranscriber
transcribers = [item for item in gc.get_objects() if isinstance(item, LocalTranscriber)]
print(json.dumps({
    "first_run_s": first_run_s, "exceptions": [str(item.value)[:200] for item in app.exception],
    "titles": [item.value for item in app.title], "ctranslate2_imported": ctranslate2_imported,
    "transcribers": len(transcribers), "loaded": sum(item.loaded for item in transcribers),
}))
"""


def run(options: Options) -> Section:
    section = Section("Streamlit app")
    root = options.app_root
    if not (root / "app.py").exists():
        section.lines.append(f"Skipped: no app.py in {root}.")
        return section
    has_pages = (root / "pages" / "record.py").exists()
    repeat = 1 if options.quick else options.repeat

    startup = [_startup_seconds(root, options.work_dir / f"startup-{index}") for index in range(repeat)]
    median = statistics.median(startup)
    section.checks.append(Check("`streamlit run app.py` to a healthy `/_stcore/health`", f"≤ {STARTUP_TARGET_S:g} s",
                                f"median {median:.2f} s of {repeat} (worst {max(startup):.2f} s)",
                                median <= STARTUP_TARGET_S))
    section.lines += [f"Start-up to healthy, {repeat} fresh processes: "
                      + ", ".join(f"{value:.2f} s" for value in startup) + "."]

    first = _first_render(root, options.work_dir / "first-render")
    if first is not None:
        loads_nothing = first["loaded"] == 0 and not first["ctranslate2_imported"] and not first["exceptions"]
        section.checks.append(Check(
            "record page's first render loads no model", "no model loaded",
            f"{first['loaded']} of {first['transcribers']} transcribers loaded, CTranslate2 "
            f"{'imported' if first['ctranslate2_imported'] else 'not imported'}, first run {first['first_run_s']:.2f} s",
            loads_nothing,
        ))
        if first["exceptions"]:
            section.lines += ["", "The first run raised: " + "; ".join(first["exceptions"])]

    if not has_pages:
        section.lines += ["", f"Page weight and memory skipped: {root} has no pages/record.py yet."]
        return section
    problem = _browser_problem()
    if problem:
        section.lines += ["", f"Page weight and memory skipped: {problem}."]
        return section

    weight, memory = _browser_session(root, options.work_dir / "browser")
    content = weight["websocket"] + weight["media"]
    section.checks.append(Check(
        f"gallery page weight ({PAGE_SIZE} items)", f"≤ {PAGE_WEIGHT_TARGET_BYTES / 1e6:g} MB of thumbnails and page payload",
        f"{content / 1e6:.3f} MB ({weight['media'] / 1e3:.0f} kB images, {weight['websocket'] / 1e3:.0f} kB WebSocket)",
        content <= PAGE_WEIGHT_TARGET_BYTES,
    ))
    section.checks.append(Check(
        "gallery first visit, Streamlit's own JavaScript and CSS included", "reported",
        f"{weight['total'] / 1e6:.2f} MB, of which {weight['static'] / 1e6:.2f} MB is Streamlit's app shell", None,
    ))
    section.checks.append(Check(
        "memory of the app process after one offline generation", "reported; under Community Cloud's limit",
        f"RSS {memory['rss'] / 1e6:.0f} MB, peak {memory['peak'] / 1e6:.0f} MB",
        memory["peak"] < COMMUNITY_CLOUD_MEMORY_BYTES,
    ))
    section.lines += ["", *_weight_table(weight), "", _memory_line(memory)]
    return section


# Start-up and first render


def _startup_seconds(root: Path, data_dir: Path) -> float:
    started = time.perf_counter()
    with _server(root, data_dir) as (url, _server_process):
        return time.perf_counter() - started


def _first_render(root: Path, data_dir: Path) -> dict | None:
    result = subprocess.run([sys.executable, "-c", FIRST_RENDER_SCRIPT], cwd=root,
                            env={**offline_environment(data_dir), "PYTHONPATH": str(root)},
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"AppTest run failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextmanager
def _server(root: Path, data_dir: Path, log_path: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `streamlit run app.py` on a free loopback port until the block ends; yield its URL once healthy."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=root, env=offline_environment(data_dir, MUMBLE_LANGUAGE="zh-CN"), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log_path:
            log.close()


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
            pass
        time.sleep(0.05)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout_s} s")


# Browser: page weight and memory


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not (SPEECH / UPLOAD_CLIP).exists():
        return f"speech fixtures not found in {SPEECH}"
    return None


def _seed_gallery(data_dir: Path) -> list[int]:
    """Store GALLERY_RECORDS finished records with painter artworks, straight through the store.

    Returns the stored thumbnails' sizes in bytes, newest first.
    """
    from mumble.backends import make_image_generator, make_store
    from mumble.context import MOODS, WEATHER_CATEGORIES, Context, Place, Weather
    from mumble.render.base import make_thumbnail
    from mumble.settings import load_settings
    from mumble.store.base import Record, new_record_id, utc_now

    settings = load_settings(offline_environment(data_dir))
    store, generator = make_store(settings), make_image_generator(settings)
    moods, weathers = list(MOODS), [name for name in WEATHER_CATEGORIES if name != "unknown"]
    words = ("湖边的小船", "雪山和松树", "夜里的城市", "雨中的荷花", "草地上的风筝", "江边的古塔")
    sizes = []
    for index in range(GALLERY_RECORDS):
        transcript = f"{words[index % len(words)]}，第{index}次"
        context = Context(mood=MOODS[moods[index % len(moods)]][0], place=Place(name="杭州"),
                          weather=Weather(category=weathers[index % len(weathers)]))
        artwork = generator.generate("", context, transcript)
        now = utc_now()
        record = Record(id=new_record_id(), owner=settings.owner, created_at=now, updated_at=now,
                        transcript=transcript, prompt=f"画：{transcript}", context=context.to_dict(),
                        audio_format="wav", duration_s=3.0)
        thumbnail = make_thumbnail(artwork.png)
        sizes.insert(0, len(thumbnail))
        store.create(record, b"a")
        store.attach_artwork(record.id, artwork.png, thumbnail, width=artwork.width, height=artwork.height,
                             engines={"renderer": artwork.engine})
    return sizes


def _browser_session(root: Path, work_dir: Path) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    from mumble.i18n import t

    data_dir = work_dir / "data"
    thumbnail_sizes = _seed_gallery(data_dir)
    with _server(root, data_dir, work_dir / "streamlit.log") as (url, server), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            weight = _gallery_weight(browser, url, t("ui.gallery.open", "zh-CN"))
            weight["stored_thumbnails"] = sum(thumbnail_sizes[:PAGE_SIZE])
            memory = _memory_after_generation(browser, url, server.pid, t)
        finally:
            browser.close()
    return weight, memory


def _settle(page) -> None:
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    page.wait_for_timeout(500)


def _gallery_weight(browser, url: str, open_label: str) -> dict:
    """Open the gallery in a fresh browser context and count the bytes it receives, by kind."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses, frames = [], []
    page.on("response", lambda response: responses.append(response))
    page.on("websocket", lambda socket_: socket_.on(
        "framereceived", lambda payload: frames.append(len(payload.encode() if isinstance(payload, str) else payload))))

    page.goto(url + "/gallery")
    page.get_by_role("button", name=open_label).nth(PAGE_SIZE - 1).wait_for(timeout=120_000)
    _settle(page)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
                           ".every(image => image.complete)", timeout=60_000)
    page.wait_for_timeout(500)

    kinds: Counter = Counter()
    for response in responses:
        sizes = response.request.sizes()
        body = sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)
        kinds[_kind(response.url)] += max(body, 0)
    kinds["websocket"] = sum(frames)
    images = page.locator("[data-testid='stImage'] img").count()
    context.close()
    return {"static": kinds["static"], "media": kinds["media"], "other": kinds["other"],
            "websocket": kinds["websocket"], "total": sum(kinds.values()), "images": images,
            "responses": len(responses)}


def _kind(url: str) -> str:
    if "/static/" in url or url.endswith((".js", ".css", ".woff2", ".ico", ".png")) and "/media/" not in url:
        return "static"
    if "/media/" in url or "X-Amz-Signature" in url:
        return "media"
    return "other"


def _memory_after_generation(browser, url: str, pid: int, t) -> dict:
    """Upload a fixture clip on the record page, draw it, then read the server's memory from /proc."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.get_by_role("heading", name=t("ui.record.title", "zh-CN")).wait_for(timeout=120_000)
    _settle(page)
    before = _process_memory(pid)
    page.get_by_role("tab", name=t("ui.record.tab_upload", "zh-CN")).click()
    page.locator("input[type=file]").set_input_files(str(SPEECH / UPLOAD_CLIP))
    page.get_by_role("textbox", name=t("ui.field.transcript", "zh-CN")).wait_for(timeout=180_000)
    _settle(page)
    page.get_by_role("button", name=t("ui.record.generate", "zh-CN")).click()
    page.get_by_text(t("ui.record.done", "zh-CN")).wait_for(timeout=180_000)
    _settle(page)
    page.close()
    after = _process_memory(pid)
    return {"before_rss": before["rss"], "rss": after["rss"], "peak": after["peak"]}


def _process_memory(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) * 1024
    return {"rss": values["VmRSS"], "peak": values["VmHWM"]}


def _weight_table(weight: dict) -> list[str]:
    return [
        f"Gallery first visit in a fresh browser context ({weight['images']} thumbnails shown, "
        f"{weight['responses']} HTTP responses). Bytes are as received: bodies as encoded on the wire plus headers.",
        "",
        "| what | kB |",
        "| --- | ---: |",
        f"| images (`/media/`) | {weight['media'] / 1e3:.1f} |",
        f"| WebSocket frames (page payload) | {weight['websocket'] / 1e3:.1f} |",
        f"| app shell (JavaScript, CSS, fonts), cached by the browser after the first visit | {weight['static'] / 1e3:.1f} |",
        f"| other HTTP (health, host config, page list) | {weight['other'] / 1e3:.1f} |",
        f"| total | {weight['total'] / 1e3:.1f} |",
        "",
        f"The {PAGE_SIZE} thumbnails on the page are {weight['stored_thumbnails'] / 1e3:.1f} kB as stored (WebP). "
        "`st.image` re-encodes a WebP as a JPEG at quality 90 (streamlit/elements/lib/image_utils.py), which is "
        "what the browser receives under `/media/`.",
        "",
        "The app shell is Streamlit's own front end, the same for every app on a Streamlit version, and the app "
        "cannot make it smaller. Streamlit 1.67 serves these content-hashed bundles as `Cache-Control: public, "
        "immutable` (streamlit/web/server/starlette/starlette_static_routes.py), so a later visit to any page "
        "fetches only that page's images and WebSocket payload.",
    ]


def _memory_line(memory: dict) -> str:
    return (f"Memory of the `streamlit run` process: {memory['before_rss'] / 1e6:.0f} MB resident after the gallery "
            f"and the record page's first render, {memory['rss'] / 1e6:.0f} MB after transcribing and drawing "
            f"{UPLOAD_CLIP}, peak {memory['peak'] / 1e6:.0f} MB. Checked against "
            f"{COMMUNITY_CLOUD_MEMORY_BYTES / 1e9:g} GB, the RAM Streamlit guaranteed each Community Cloud app "
            "(streamlit/streamlit pull request 3384, 2021).")
