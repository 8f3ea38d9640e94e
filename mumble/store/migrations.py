"""Numbered, append-only schema migrations for the SQLite store.

Never edit a migration that has shipped: add a new one. A fresh database and
an upgraded one run the same list, so they end up with the same schema.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: records and the indexes the gallery lists by.
    """
    CREATE TABLE records (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        failed_stage TEXT,
        error TEXT,
        transcript TEXT,
        prompt TEXT,
        prompt_original TEXT,
        context TEXT NOT NULL DEFAULT '{}',
        mood_key TEXT,
        weather TEXT,
        audio_key TEXT,
        audio_format TEXT,
        duration_s REAL,
        image_key TEXT,
        thumbnail_key TEXT,
        width INTEGER,
        height INTEGER,
        engines TEXT NOT NULL DEFAULT '{}',
        recipe TEXT NOT NULL DEFAULT '{}',
        timings_ms TEXT NOT NULL DEFAULT '{}',
        features TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX records_owner_created ON records (owner, created_at DESC, id DESC);
    CREATE INDEX records_created ON records (created_at DESC, id DESC);
    """,
    # 2: which process is drawing a record, so a killed run is seen as failed at once.
    """
    ALTER TABLE records ADD COLUMN worker TEXT;
    """,
    # 3: listing looks for interrupted runs by status.
    """
    CREATE INDEX records_status ON records (status);
    """,
]


def migrate(connection: sqlite3.Connection) -> int:
    """Apply pending migrations in one write transaction; return the schema version.

    BEGIN IMMEDIATE takes the write lock first, so two processes opening a new
    database at once apply each migration exactly once.
    """
    connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
        for version, script in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            for statement in filter(str.strip, script.split(";")):
                connection.execute(statement)
            connection.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (version,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return len(MIGRATIONS)
