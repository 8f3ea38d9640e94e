"""Gallery: the first page with a small and a large gallery, on the SQLite store and the AWS store on moto.

"First page" is what the gallery page requests from its store when it opens:
`list(owner, limit=24)`, `count(owner, at_most=COUNT_AT_MOST)` and the 24
thumbnails: read from the SQLite store's files, or presigned URLs signed for
the AWS store, whose objects the browser fetches from S3 itself. Records are
inserted straight through the store with tiny fake audio, so 10,000 of them
take seconds rather than hours of pipeline runs. Only the newest records get
real thumbnails (a painter artwork's); older records name thumbnail files that
the first page never reads.

The AWS store runs against moto's server, started here on 127.0.0.1 in its
own process. Older records go in with BatchWriteItem (25 items a request),
built by the store's own item functions, which keeps the build to about a
minute; the newest go through `create` and `attach_artwork`.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator
from unittest import mock

from common import Check, Options, Section, measure, offline_environment, ratio
from mumble.context import MOODS, WEATHER_CATEGORIES
from mumble.settings import load_settings
from mumble.store.base import DONE, GalleryQuery, Record

try:
    # The gallery page's own page size and count limit.
    from mumble_ui.gallery import COUNT_AT_MOST, PAGE_SIZE
except ImportError:  # a checkout without the Streamlit app
    PAGE_SIZE, COUNT_AT_MOST = 24, None
RATIO_TARGET = 1.5
OWNER = "local"
# Records that get real artwork and thumbnail files: the first page plus a margin.
WITH_FILES = 30
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301"
    "0100189dd5a90000000049454e44ae426082"
)


def run(options: Options) -> Section:
    section = Section("Gallery")
    thumbnail = _sample_thumbnail()
    sizes = (options.gallery_small, options.gallery_large)
    repeat = max(3, options.repeat) if options.quick else max(20, options.repeat * 4)

    stores = {size: _sqlite_store(options.work_dir / f"sqlite-{size}", size, thumbnail) for size in sizes}
    sqlite_pages = _time_first_pages(stores, repeat)
    for size, store in stores.items():
        sqlite_pages[size].full_count_ms = _full_count_ms(store, 5)
    rows = _rows("SQLite", sqlite_pages)
    section.checks.append(_ratio_check("SQLite", sqlite_pages, sizes))

    with _moto_server() as endpoint:
        stores = {size: _aws_store(endpoint, options.work_dir / f"aws-{size}", size, thumbnail) for size in sizes}
        aws_pages = _time_first_pages(stores, repeat)
        for size, store in stores.items():
            page = aws_pages[size]
            page.requests, page.items_read = _count_dynamodb_work(store, _first_page)
            page.floor_ms = _moto_query_floor(store, repeat)
            page.full_count_ms = _full_count_ms(store, 1)
            page.full_count_requests, page.full_count_items = _count_dynamodb_work(store, _full_count)
    rows += _rows("AWS (moto)", aws_pages)
    section.checks.append(_ratio_check("AWS (moto)", aws_pages, sizes))

    section.lines += [
        f"First page = `list(owner, limit={PAGE_SIZE})` + `count(owner, at_most={COUNT_AT_MOST})` + "
        f"{PAGE_SIZE} thumbnails (file reads for SQLite, presigned URLs for AWS). Medians of {repeat} runs on "
        "warm stores, the two sizes measured alternately so that drift in the machine's speed hits both alike. "
        "The DynamoDB columns count the requests and the items DynamoDB reads (ScannedCount) for one first "
        "page: that, not moto's speed, is what a real table's latency and cost follow. The moto Query floor "
        "is one bare 25-item Query on GSI2: moto's own cost per request at that table size. \"Count without "
        "at_most\" is how the gallery counted before it stopped counting at its limit (one run; DynamoDB requests "
        "and items read in brackets).",
        "",
        "| store | records | first page ms | list ms | count ms | thumbnails ms | DynamoDB requests | items read "
        "| moto Query floor ms | count without at_most ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        *_moto_note(aws_pages, sizes),
    ]
    return section


def _moto_note(pages: dict[int, "FirstPage"], sizes: tuple[int, int]) -> list[str]:
    """Explain a first page on moto that grows with the gallery although its DynamoDB work does not."""
    small, large = (pages[size] for size in sizes)
    if ratio(large.total_ms, small.total_ms) <= RATIO_TARGET:
        return []
    return [
        "",
        f"On moto the first page grows from {small.total_ms:.0f} ms to {large.total_ms:.0f} ms although it makes "
        f"{small.requests} and {large.requests} DynamoDB requests and reads at most {large.items_read} items. "
        f"moto's own bare Query grows alike, from {small.floor_ms:.0f} ms to {large.floor_ms:.0f} ms "
        f"(×{ratio(large.floor_ms, small.floor_ms):.1f}), because moto 5.2 reads and sorts every item of the "
        "table for each Query on an index (`Table.query` in moto/dynamodb/models/table.py). DynamoDB itself "
        "reads only the requested page from the index, and its read cost follows the items read, so the "
        "moto figure is not the product's. The product's part is the request count, the same at both sizes, "
        f"and the items read, bounded by the gallery's count limit ({COUNT_AT_MOST}) rather than by the "
        "gallery's size.",
    ]


# Measurement


class FirstPage:
    """Timings of one store's first gallery page at one gallery size."""

    def __init__(self, total_ms: float, list_ms: float, count_ms: float, thumbnails_ms: float,
                 requests: int | None = None, items_read: int | None = None, floor_ms: float | None = None):
        self.total_ms, self.list_ms, self.count_ms, self.thumbnails_ms = total_ms, list_ms, count_ms, thumbnails_ms
        self.requests, self.items_read, self.floor_ms = requests, items_read, floor_ms
        self.full_count_ms: float | None = None
        self.full_count_requests: int | None = None
        self.full_count_items: int | None = None


def _first_page(store, parts: dict[str, list[float]] | None = None):
    """Ask the store for what the gallery page shows first; add each part's seconds to parts."""
    query = GalleryQuery(owner=OWNER)
    started = time.perf_counter()
    listing = store.list(query, limit=PAGE_SIZE)
    listed = time.perf_counter()
    store.count(query, at_most=COUNT_AT_MOST)
    counted = time.perf_counter()
    for record in listing.records:
        _thumbnail_source(store, record.thumbnail_key)
    done = time.perf_counter()
    if parts is not None:
        parts["total"].append(done - started)
        parts["list"].append(listed - started)
        parts["count"].append(counted - listed)
        parts["thumbnails"].append(done - counted)
    if len(listing.records) != PAGE_SIZE:
        raise RuntimeError(f"first page has {len(listing.records)} records, expected {PAGE_SIZE}")
    return listing


def _time_first_pages(stores: dict[int, object], repeat: int) -> dict[int, FirstPage]:
    """Time each store's first page repeat times, alternating between the stores after one warm-up each."""
    parts = {size: {"total": [], "list": [], "count": [], "thumbnails": []} for size in stores}
    for store in stores.values():
        _first_page(store)
    for _ in range(repeat):
        for size, store in stores.items():
            _first_page(store, parts[size])

    pages = {}
    for size, timings in parts.items():
        pages[size] = FirstPage(*(statistics.median(timings[name]) * 1000
                                  for name in ("total", "list", "count", "thumbnails")))
        print(f"  gallery: {type(stores[size]).__name__} {size:,}: first page {pages[size].total_ms:.1f} ms", flush=True)
    return pages


def _thumbnail_source(store, key: str) -> str | bytes:
    """Return what the gallery hands st.image, as mumble_ui.media.image_source does: a presigned URL or the bytes."""
    presign = getattr(store, "presigned_url", None)
    return presign(key) if presign is not None else store.read(key)


def _rows(label: str, pages: dict[int, FirstPage]) -> list[str]:
    rows = []
    for size, page in pages.items():
        requests = "–" if page.requests is None else str(page.requests)
        items = "–" if page.items_read is None else str(page.items_read)
        floor = "–" if page.floor_ms is None else f"{page.floor_ms:.1f}"
        full_count = "–" if page.full_count_ms is None else f"{page.full_count_ms:.1f}"
        if page.full_count_requests is not None:
            full_count += f" ({page.full_count_requests} requests, {page.full_count_items:,} items)"
        rows.append(f"| {label} | {size:,} | {page.total_ms:.1f} | {page.list_ms:.1f} | {page.count_ms:.1f} | "
                    f"{page.thumbnails_ms:.1f} | {requests} | {items} | {floor} | {full_count} |")
    return rows


def _ratio_check(label: str, pages: dict[int, FirstPage], sizes: tuple[int, int]) -> Check:
    small, large = (pages[size] for size in sizes)
    wall = ratio(large.total_ms, small.total_ms)
    measured = f"{small.total_ms:.1f} ms → {large.total_ms:.1f} ms (×{wall:.2f})"
    met = wall <= RATIO_TARGET
    if large.items_read is not None:
        items = ratio(large.items_read, small.items_read)
        measured += f"; items read {small.items_read} → {large.items_read} (×{items:.2f})"
    return Check(f"gallery first page, {sizes[1]:,} vs {sizes[0]:,} records, {label}",
                 f"≤ {RATIO_TARGET}× the time with {sizes[0]:,}", measured, met)


# Building galleries


def _sample_thumbnail() -> bytes:
    """Return the thumbnail of one painter artwork, the size a real gallery card has."""
    from mumble import backends
    from mumble.context import Context, Weather
    from mumble.render.base import make_thumbnail

    generator = backends.make_image_generator(load_settings({"MUMBLE_IMAGE_GENERATOR": "local"}))
    artwork = generator.generate("", Context(mood="平静", weather=Weather(category="clouds")), "湖边的小船和远山")
    return make_thumbnail(artwork.png)


def _records(count: int) -> Iterator[Record]:
    """Yield count finished records, newest first, one minute apart."""
    newest = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    moods, weathers = list(MOODS), list(WEATHER_CATEGORIES)
    for index in range(count):
        created = (newest - timedelta(minutes=index)).isoformat(timespec="milliseconds")
        mood = moods[index % len(moods)]
        transcript = f"第{index}段录音：今天下午我们在湖边散步，看见了远处的山和很多小船"
        yield Record(
            id=f"{index:08d}{os.urandom(12).hex()}", owner=OWNER, created_at=created, updated_at=created,
            status=DONE, transcript=transcript, prompt=f"一幅画：{transcript}。心情：{MOODS[mood][0]}。",
            context={"mood": MOODS[mood][0], "mood_key": mood, "local_time": created,
                     "weather": {"category": weathers[index % len(weathers)], "description": "多云"},
                     "place": {"name": "杭州"}},
            audio_format="wav", duration_s=4.2, width=1024, height=1024,
            engines={"transcriber": "faster-whisper:base", "renderer": "painter"},
            timings_ms={"transcribe": 450.0, "render": 220.0},
        )


def _sqlite_store(data_dir: Path, count: int, thumbnail: bytes):
    from mumble.store.sqlite import SqliteStore

    store = SqliteStore(data_dir)
    started = time.perf_counter()
    # fsync only makes the set-up slower here: the timed reads do not depend on it.
    with mock.patch("mumble.store.files.os.fsync"):
        for index, record in enumerate(_records(count)):
            if index < WITH_FILES:
                record.status = "processing"
                store.create(record, b"a")
                store.attach_artwork(record.id, TINY_PNG, thumbnail, width=1024, height=1024)
            else:
                record.image_key, record.thumbnail_key = f"images/{record.id}.png", f"thumbnails/{record.id}.webp"
                store.create(record, b"a")
    print(f"  gallery: SQLite with {count:,} records built in {time.perf_counter() - started:.1f} s", flush=True)
    return store


def _aws_store(endpoint: str, data_dir: Path, count: int, thumbnail: bytes):
    from mumble.aws_clients import make_client, resource_names
    from mumble.store.aws import AwsStore, _artwork_item, _recording_item
    from mumble.store.aws_setup import table_definition

    settings = load_settings(offline_environment(
        data_dir, MUMBLE_STORAGE="aws", MUMBLE_STAGE=f"bench{count}", AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1",
    ))
    resources = resource_names(settings)
    dynamodb = make_client("dynamodb", settings)
    dynamodb.create_table(**table_definition(resources.table))
    s3 = make_client("s3", settings)
    for bucket in (resources.audio_bucket, resources.images_bucket):
        s3.create_bucket(Bucket=bucket)
    store = AwsStore(settings)

    started = time.perf_counter()
    batch: list[dict] = []
    for index, record in enumerate(_records(count)):
        if index < WITH_FILES:
            record.status = "processing"
            store.create(record, b"a")
            store.attach_artwork(record.id, TINY_PNG, thumbnail, width=1024, height=1024)
            continue
        record.audio_key = f"audio/{record.id}.wav"
        record.image_key, record.thumbnail_key = f"images/{record.id}.png", f"thumbnails/{record.id}.webp"
        batch += [{"PutRequest": {"Item": _artwork_item(record)}}, {"PutRequest": {"Item": _recording_item(record)}}]
        if len(batch) >= 24:
            _batch_write(dynamodb, resources.table, batch)
            batch = []
    if batch:
        _batch_write(dynamodb, resources.table, batch)
    print(f"  gallery: moto with {count:,} records built in {time.perf_counter() - started:.1f} s", flush=True)
    return store


def _batch_write(dynamodb, table: str, requests: list[dict]) -> None:
    pending = {table: requests}
    while pending:
        pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def _full_count(store):
    return store.count(GalleryQuery(owner=OWNER))


def _full_count_ms(store, repeat: int) -> float:
    timing, _ = measure(lambda: _full_count(store), repeat, warmup=0)
    return timing.wall * 1000


def _count_dynamodb_work(store, call) -> tuple[int, int]:
    """Return the DynamoDB requests and items read (ScannedCount, or items returned) during call(store)."""
    counts = {"requests": 0, "items": 0}

    def after_call(parsed, **_kwargs):
        counts["requests"] += 1
        counts["items"] += parsed.get("ScannedCount", len(parsed.get("Items", [])) + (1 if "Item" in parsed else 0))

    events = store._dynamodb.meta.events
    events.register("after-call.dynamodb", after_call)
    try:
        call(store)
    finally:
        events.unregister("after-call.dynamodb", after_call)
    return counts["requests"], counts["items"]


def _moto_query_floor(store, repeat: int) -> float:
    """Return the median ms of one bare GSI2 Query for 25 items: moto's own cost per request at this size."""
    def query():
        return store._dynamodb.query(
            TableName=store.resources.table, IndexName="GSI2", KeyConditionExpression="GSI2PK = :pk",
            ExpressionAttributeValues={":pk": {"S": "RECORDS"}}, ScanIndexForward=False, Limit=25)

    timing, _ = measure(query, repeat)
    return timing.wall * 1000


@contextmanager
def _moto_server() -> Iterator[str]:
    """Run moto's server on 127.0.0.1 in a child process, with fake credentials for boto3 in this one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    fake = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    try:
        with mock.patch.dict(os.environ, fake):
            for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
                os.environ.pop(name, None)
            _wait_for(endpoint, server)
            yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # A moto server holding 20,000 items can take longer than that to shut down.
            server.kill()
            server.wait()


def _wait_for(endpoint: str, server: subprocess.Popen, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"moto server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(endpoint + "/moto-api/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"moto server did not respond at {endpoint} within {timeout_s} s")
