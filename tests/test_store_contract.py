"""The store contract, run against every backend: the SQLite store and the AWS store on moto.

Both keep the same promises: a record is visible only once its files are
written, a failed write leaves no record and no orphaned file, listing is
newest first in cursor pages, and deleting is owner-checked and idempotent.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from mumble.errors import NotOwner, RecordNotFound, StorageFailed
from mumble.store.base import DONE, FAILED, GalleryQuery, Record, new_record_id, utc_now


def make_record(owner="local", transcript="我想去海边", mood="平静", created_at=None, weather="clear"):
    now = created_at or utc_now()
    context = {"mood": mood, "mood_key": "calm" if mood == "平静" else None, "weather": {"category": weather}}
    return Record(id=new_record_id(), owner=owner, created_at=now, updated_at=now, transcript=transcript,
                  prompt=f"画：{transcript}", context=context, audio_format="wav", duration_s=1.5)


def day(number: int) -> str:
    return f"2026-01-{number:02d}T00:00:00.000+00:00"


@dataclass
class Backend:
    """A store plus the backend-specific ways a test inspects it and breaks it."""

    kind: str
    store: Any
    # Keys of every stored audio, image and thumbnail object, sorted.
    keys: Callable[[], list[str]]
    # Make every record write (insert or update) fail from now on.
    break_record_writes: Callable[[pytest.MonkeyPatch], None]
    # Make the nth object write from now on fail (1 = the next one).
    break_object_write: Callable[[pytest.MonkeyPatch, int], None]


def sqlite_backend(tmp_path) -> Backend:
    import mumble.store.sqlite as sqlite_module
    from mumble.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "data")

    def keys() -> list[str]:
        return sorted(str(path.relative_to(store.data_dir)) for path in store.data_dir.rglob("*")
                      if path.is_file() and not path.name.startswith("mumble.db"))

    def break_record_writes(monkeypatch) -> None:
        def failing_write(sql, parameters):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(store, "_write", failing_write)

    def break_object_write(monkeypatch, nth: int) -> None:
        original = sqlite_module.write_atomic
        calls = []

        def failing_write(path, data):
            calls.append(path)
            if len(calls) == nth:
                raise OSError(28, "No space left on device")
            original(path, data)

        monkeypatch.setattr(sqlite_module, "write_atomic", failing_write)

    return Backend("sqlite", store, keys, break_record_writes, break_object_write)


def aws_backend(settings) -> Backend:
    from botocore.exceptions import ClientError

    from mumble.aws_clients import make_client
    from mumble.store.aws import AwsStore

    store = AwsStore(settings)
    s3 = make_client("s3", settings)

    def keys() -> list[str]:
        found = []
        for bucket in (store.resources.audio_bucket, store.resources.images_bucket):
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                found += [item["Key"] for item in page.get("Contents", [])]
        return sorted(found)

    def injected(operation: str) -> ClientError:
        return ClientError({"Error": {"Code": "InternalServerError", "Message": "injected failure"}}, operation)

    def break_record_writes(monkeypatch) -> None:
        def failing_put(**kwargs):
            raise injected("PutItem")

        def failing_transaction(**kwargs):
            raise injected("TransactWriteItems")

        monkeypatch.setattr(store._dynamodb, "put_item", failing_put)
        monkeypatch.setattr(store._dynamodb, "transact_write_items", failing_transaction)

    def break_object_write(monkeypatch, nth: int) -> None:
        original = store._s3.put_object
        calls = []

        def failing_put(**kwargs):
            calls.append(kwargs["Key"])
            if len(calls) == nth:
                raise injected("PutObject")
            return original(**kwargs)

        monkeypatch.setattr(store._s3, "put_object", failing_put)

    return Backend("aws", store, keys, break_record_writes, break_object_write)


@pytest.fixture(params=["sqlite", "aws"])
def backend(request, tmp_path) -> Backend:
    if request.param == "sqlite":
        return sqlite_backend(tmp_path)
    return aws_backend(request.getfixturevalue("aws_settings"))


@pytest.fixture
def store(backend):
    return backend.store


# Writing


def test_create_then_attach_makes_a_done_record(store):
    record = store.create(make_record(), b"RIFF-audio")
    done = store.attach_artwork(record.id, b"png-bytes", b"webp-bytes", width=1024, height=1024)

    assert done.status == DONE
    assert store.read(done.audio_key) == b"RIFF-audio"
    assert store.read(done.image_key) == b"png-bytes"
    assert store.read(done.thumbnail_key) == b"webp-bytes"
    assert store.get(record.id).width == 1024


def test_record_fields_survive_a_round_trip(store):
    record = make_record(transcript="今天下雨，我有点想家")
    record.context = {
        "mood": "忧郁", "mood_key": "melancholy", "local_time": "2026-03-01T21:15",
        "place": {"name": "杭州", "latitude": 30.2741, "longitude": 120.1551, "country": "CN"},
        "weather": {"category": "rain", "description": "小雨", "temperature_c": 12.5, "humidity": 88},
    }
    record.error = {"key": "error.render_failed", "params": {"detail": "timeout", "seconds": 30}}
    record.engines = {"transcriber": "faster-whisper:base"}
    record.recipe = {"palette": ["#102030", "#a0b0c0"], "seed": 42, "strokes": [{"width": 1.25, "alpha": 0.5}]}
    record.timings_ms = {"decode": 12.3, "transcribe": 840.0}
    record.features = {"loudness_db": -23.75, "voiced": True, "pitch_hz": None}
    record.prompt_original = "原始提示词"
    stored = store.create(record, b"audio")

    assert store.get(record.id).to_dict() == stored.to_dict()


def test_keys_are_generated_not_taken_from_input(store):
    record = make_record()
    record.audio_format = "../../etc/passwd"
    stored = store.create(record, b"x")
    assert stored.audio_key == f"audio/{record.id}.bin"


def test_get_of_missing_record_raises_not_found(store):
    with pytest.raises(RecordNotFound):
        store.get(new_record_id())


def test_update_changes_fields_and_updated_at(store):
    record = store.create(make_record(created_at=day(1)), b"audio")
    updated = store.update(record.id, status=FAILED, failed_stage="render", error={"key": "error.render_failed", "params": {}})

    fetched = store.get(record.id)
    assert fetched.status == FAILED
    assert fetched.failed_stage == "render"
    assert fetched.error == {"key": "error.render_failed", "params": {}}
    assert fetched.updated_at == updated.updated_at
    assert fetched.updated_at > record.created_at


def test_update_of_missing_record_raises_not_found(store):
    with pytest.raises(RecordNotFound):
        store.update(new_record_id(), status=DONE)


def test_update_rejects_unknown_fields(store):
    record = store.create(make_record(), b"audio")
    with pytest.raises(ValueError):
        store.update(record.id, colour="blue")
    with pytest.raises(ValueError):
        store.update(record.id, id="another")


# All or nothing


def test_id_collision_leaves_only_the_first_records_audio(backend):
    store = backend.store
    first = store.create(make_record(), b"one")
    duplicate = make_record()
    duplicate.id = first.id  # the record write fails on the existing id after the audio was written
    duplicate.audio_format = "mp3"

    with pytest.raises(StorageFailed):
        store.create(duplicate, b"two")

    assert backend.keys() == [f"audio/{first.id}.wav"]
    assert store.read(first.audio_key) == b"one"


def test_failed_record_write_leaves_no_audio_object(backend, monkeypatch):
    record = make_record()
    backend.break_record_writes(monkeypatch)

    with pytest.raises(StorageFailed):
        backend.store.create(record, b"audio")

    assert backend.keys() == []
    monkeypatch.undo()
    with pytest.raises(RecordNotFound):
        backend.store.get(record.id)


def test_failed_thumbnail_write_leaves_no_image_files(backend, monkeypatch):
    store = backend.store
    record = store.create(make_record(), b"audio")
    backend.break_object_write(monkeypatch, 2)

    with pytest.raises(StorageFailed):
        store.attach_artwork(record.id, b"png", b"thumb")

    assert backend.keys() == [f"audio/{record.id}.wav"]
    assert store.get(record.id).status != DONE


def test_failed_record_update_removes_the_new_artwork_files(backend, monkeypatch):
    store = backend.store
    record = store.create(make_record(), b"audio")
    backend.break_record_writes(monkeypatch)

    with pytest.raises(StorageFailed):
        store.attach_artwork(record.id, b"png", b"thumb")

    monkeypatch.undo()
    assert backend.keys() == [f"audio/{record.id}.wav"]
    assert store.get(record.id).image_key is None


def test_artwork_for_missing_record_writes_nothing(backend):
    with pytest.raises(RecordNotFound):
        backend.store.attach_artwork(new_record_id(), b"png", b"thumb")
    assert backend.keys() == []


# Listing


def test_list_is_newest_first_with_cursor_pages(store):
    ids = [store.create(make_record(created_at=day(number)), b"a").id for number in range(1, 8)]

    first = store.list(limit=3)
    second = store.list(limit=3, cursor=first.next_cursor)
    third = store.list(limit=3, cursor=second.next_cursor)

    assert [len(page.records) for page in (first, second, third)] == [3, 3, 1]
    listed = [r.id for page in (first, second, third) for r in page.records]
    assert listed == list(reversed(ids))
    assert third.next_cursor is None


def test_records_with_equal_timestamps_page_without_loss(store):
    ids = [store.create(make_record(created_at=day(5)), b"a").id for _ in range(5)]

    listed, cursor = [], None
    for _ in range(3):
        page = store.list(limit=2, cursor=cursor)
        listed += [record.id for record in page.records]
        cursor = page.next_cursor
    assert listed == sorted(ids, reverse=True)
    assert cursor is None


def test_owner_listing_shows_only_that_owner(store):
    alice = [store.create(make_record(owner="alice", created_at=day(number)), b"a").id for number in (1, 3, 5, 7)]
    bob = [store.create(make_record(owner="bob", created_at=day(number)), b"a").id for number in (2, 4, 6)]

    first = store.list(GalleryQuery(owner="alice"), limit=3)
    second = store.list(GalleryQuery(owner="alice"), limit=3, cursor=first.next_cursor)

    assert [r.id for r in first.records + second.records] == list(reversed(alice))
    assert second.next_cursor is None
    assert [r.id for r in store.list(GalleryQuery(owner="bob")).records] == list(reversed(bob))
    assert store.list(GalleryQuery(owner="carol")).records == []
    assert store.count(GalleryQuery(owner="alice")) == 4


def test_filtered_pages_skip_other_records(store):
    calm = []
    for number in range(1, 10):
        record = store.create(make_record(mood="平静" if number % 3 == 0 else "兴奋", created_at=day(number)), b"a")
        if number % 3 == 0:
            calm.append(record.id)

    first = store.list(GalleryQuery(mood_key="calm"), limit=2)
    second = store.list(GalleryQuery(mood_key="calm"), limit=2, cursor=first.next_cursor)

    assert [r.id for r in first.records] == [calm[2], calm[1]]
    assert [r.id for r in second.records] == [calm[0]]
    assert second.next_cursor is None


def test_list_filters(store):
    store.create(make_record(transcript="海边的日落", mood="平静", created_at="2026-03-01T10:00:00.000+00:00"), b"a")
    store.create(make_record(transcript="城市夜景 Night City", mood="兴奋", weather="rain",
                             created_at="2026-03-05T10:00:00.000+00:00"), b"a")
    store.create(make_record(owner="someone", transcript="海边散步", created_at="2026-03-09T10:00:00.000+00:00"), b"a")

    assert store.count(GalleryQuery(text="海边")) == 2
    assert store.count(GalleryQuery(text="night city")) == 1
    assert store.count(GalleryQuery(text="100%")) == 0
    assert store.count(GalleryQuery(mood_key="calm")) == 2
    assert store.count(GalleryQuery(weather="rain")) == 1
    assert store.count(GalleryQuery(owner="someone")) == 1
    assert store.count(GalleryQuery(owner="someone", text="日落")) == 0
    assert store.count(GalleryQuery(date_from="2026-03-05", date_to="2026-03-05")) == 1
    assert store.count(GalleryQuery(date_to="2026-03-05")) == 2
    assert store.count(GalleryQuery(date_from="2026-03-02")) == 2
    assert store.count(GalleryQuery(status=DONE)) == 0
    assert [r.transcript for r in store.list(GalleryQuery(text="海边")).records] == ["海边散步", "海边的日落"]


def test_count_stops_at_at_most(store):
    for number in range(1, 6):
        store.create(make_record(transcript="海边" if number % 2 else "山里", created_at=day(number)), b"a")

    assert store.count(at_most=3) == 3
    assert store.count(at_most=5) == 5
    assert store.count(at_most=50) == 5
    assert store.count(GalleryQuery(text="海边"), at_most=2) == 2
    assert store.count(GalleryQuery(text="山里"), at_most=10) == 2
    assert store.count(GalleryQuery(mood_key="calm"), at_most=4) == 4
    with pytest.raises(ValueError):
        store.count(at_most=0)


def test_invalid_cursor_is_rejected(store):
    with pytest.raises(ValueError):
        store.list(cursor="not-a-cursor")


# Deleting and reading


def test_delete_removes_row_and_files_and_is_idempotent(backend):
    store = backend.store
    record = store.create(make_record(), b"audio")
    store.attach_artwork(record.id, b"png", b"thumb")

    assert store.delete(record.id) is True
    assert store.delete(record.id) is False
    assert backend.keys() == []
    with pytest.raises(RecordNotFound):
        store.get(record.id)


def test_delete_of_someone_elses_record_is_refused(backend):
    store = backend.store
    record = store.create(make_record(owner="alice"), b"audio")

    with pytest.raises(NotOwner):
        store.delete(record.id, owner="bob")

    assert store.get(record.id).owner == "alice"
    assert backend.keys() == [f"audio/{record.id}.wav"]
    assert store.delete(record.id, owner="alice") is True


def test_read_of_missing_file_fails_cleanly(store):
    with pytest.raises(StorageFailed):
        store.read(f"images/{new_record_id()}.png")
    with pytest.raises(StorageFailed):
        store.read("../outside.png")


def test_health_reports_a_writable_store_with_its_count(store):
    store.create(make_record(), b"audio")
    report = store.health()
    assert report["engine"] == store.name
    assert report["writable"] is True
    assert report["records"] == 1
