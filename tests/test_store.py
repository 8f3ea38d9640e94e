"""The local SQLite + files store: all-or-nothing writes, listing, ownership."""

from __future__ import annotations

import sqlite3

import pytest

from mumble.errors import NotOwner, RecordNotFound, StorageFailed
from mumble.store.base import DONE, FAILED, GalleryQuery, Record, new_record_id, utc_now
from mumble.store.migrations import MIGRATIONS
from mumble.store.sqlite import SqliteStore


def make_record(owner="local", transcript="我想去海边", mood="平静", created_at=None, weather="clear"):
    now = created_at or utc_now()
    context = {"mood": mood, "mood_key": "calm" if mood == "平静" else None, "weather": {"category": weather}}
    return Record(id=new_record_id(), owner=owner, created_at=now, updated_at=now, transcript=transcript,
                  prompt=f"画：{transcript}", context=context, audio_format="wav", duration_s=1.5)


@pytest.fixture
def store(tmp_path):
    return SqliteStore(tmp_path / "data")


def files_in(store: SqliteStore) -> list[str]:
    return sorted(str(p.relative_to(store.data_dir)) for p in store.data_dir.rglob("*")
                  if p.is_file() and not p.name.startswith("mumble.db"))


def test_create_then_attach_makes_a_done_record(store):
    record = store.create(make_record(), b"RIFF-audio")
    done = store.attach_artwork(record.id, b"png-bytes", b"webp-bytes", width=1024, height=1024)

    assert done.status == DONE
    assert store.read(done.audio_key) == b"RIFF-audio"
    assert store.read(done.image_key) == b"png-bytes"
    assert store.read(done.thumbnail_key) == b"webp-bytes"
    assert store.get(record.id).width == 1024


def test_keys_are_generated_not_taken_from_input(store):
    record = make_record()
    record.audio_format = "../../etc/passwd"
    stored = store.create(record, b"x")
    assert stored.audio_key == f"audio/{record.id}.bin"


def test_failed_row_insert_leaves_no_audio_file(store):
    first = store.create(make_record(), b"one")
    duplicate = make_record()
    duplicate.id = first.id  # primary key collision makes the insert fail after the file write
    duplicate.audio_format = "mp3"
    with pytest.raises(StorageFailed):
        store.create(duplicate, b"two")
    assert files_in(store) == [f"audio/{first.id}.wav"]


def test_failed_artwork_write_leaves_no_image_files(store, monkeypatch):
    record = store.create(make_record(), b"audio")
    import mumble.store.sqlite as sqlite_module

    calls = []

    def failing_write(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        original(path, data)

    original = sqlite_module.write_atomic
    monkeypatch.setattr(sqlite_module, "write_atomic", failing_write)
    with pytest.raises(StorageFailed):
        store.attach_artwork(record.id, b"png", b"thumb")
    assert files_in(store) == [f"audio/{record.id}.wav"]
    assert store.get(record.id).status != DONE


def test_list_is_newest_first_with_cursor_pages(store):
    ids = [store.create(make_record(created_at=f"2026-01-0{i}T00:00:00.000+00:00"), b"a").id for i in range(1, 8)]

    first = store.list(limit=3)
    second = store.list(limit=3, cursor=first.next_cursor)
    third = store.list(limit=3, cursor=second.next_cursor)

    listed = [r.id for page in (first, second, third) for r in page.records]
    assert listed == list(reversed(ids))
    assert third.next_cursor is None


def test_list_filters(store):
    store.create(make_record(transcript="海边的日落", mood="平静", created_at="2026-03-01T10:00:00.000+00:00"), b"a")
    store.create(make_record(transcript="城市夜景", mood="兴奋", weather="rain", created_at="2026-03-05T10:00:00.000+00:00"), b"a")
    store.create(make_record(owner="someone", transcript="海边散步", created_at="2026-03-09T10:00:00.000+00:00"), b"a")

    assert store.count(GalleryQuery(text="海边")) == 2
    assert store.count(GalleryQuery(text="100%")) == 0
    assert store.count(GalleryQuery(mood_key="calm")) == 2
    assert store.count(GalleryQuery(weather="rain")) == 1
    assert store.count(GalleryQuery(owner="someone")) == 1
    assert store.count(GalleryQuery(date_from="2026-03-05", date_to="2026-03-05")) == 1
    assert store.count(GalleryQuery(date_to="2026-03-05")) == 2


def test_delete_removes_row_and_files_and_is_idempotent(store):
    record = store.create(make_record(), b"audio")
    store.attach_artwork(record.id, b"png", b"thumb")

    assert store.delete(record.id) is True
    assert store.delete(record.id) is False
    assert files_in(store) == []
    with pytest.raises(RecordNotFound):
        store.get(record.id)


def test_delete_of_someone_elses_record_is_refused(store):
    record = store.create(make_record(owner="alice"), b"audio")
    with pytest.raises(NotOwner):
        store.delete(record.id, owner="bob")
    assert store.get(record.id).owner == "alice"


def test_stale_processing_record_shows_as_failed(store):
    record = store.create(make_record(), b"audio")
    with sqlite3.connect(store.db_path) as connection:
        connection.execute("UPDATE records SET updated_at = '2020-01-01T00:00:00.000+00:00' WHERE id = ?", (record.id,))
    stale = store.get(record.id)
    assert stale.effective_status == FAILED
    assert stale.retryable


def test_migrations_apply_once_and_reopen_cleanly(tmp_path):
    SqliteStore(tmp_path / "data")
    reopened = SqliteStore(tmp_path / "data")
    with sqlite3.connect(reopened.db_path) as connection:
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_migrations")]
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    assert journal == "wal"


def test_unwritable_data_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageFailed) as caught:
        SqliteStore(blocker / "data")
    assert str(blocker) in caught.value.message("en")
