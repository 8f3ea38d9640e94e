"""What only the SQLite store does: schema migrations, the WAL journal, stale rows, folder errors.

Behaviour that every store shares is tested in test_store_contract.py.
"""

from __future__ import annotations

import sqlite3

import pytest

from mumble.errors import StorageFailed
from mumble.store.base import FAILED, Record, new_record_id, utc_now
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
