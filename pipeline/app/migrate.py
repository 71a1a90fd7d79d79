"""`newswatch migrate --to postgresql://...`: an existing SQLite archive moved into an
empty PostgreSQL database, every row with its id (so digests keep their Message-IDs,
deliveries their state, alerts their statements), in one transaction: a migration that
fails or is killed leaves the target empty, to be run again."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from ..errors import StorageError
from ..pgstore import PgStore
from ..store import Store

# Parents before children (the foreign keys are checked row by row).
TABLES = ("sources", "http_cache", "robots", "dead_links", "fetch_log", "articles",
          "article_urls", "article_bands", "article_shingles", "article_outlets",
          "statements", "statement_keys", "statement_mentions", "digests", "alerts",
          "deliveries", "source_runs", "source_stats", "cycles", "template_samples")
_WITH_ID = ("fetch_log", "articles", "statements", "digests", "alerts", "deliveries",
            "source_runs", "cycles")
BATCH = 5000


def migrate(source: Store, target: PgStore,
            progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Copy every table of `source` into `target` (which must hold no articles or
    digests yet); rows copied per table. The identity counters continue after the copied
    ids."""
    if target.status()["articles"] or target.status()["digests"]:
        raise StorageError(f"database {target.path} already holds an archive; migrate into "
                           "an empty database")
    copied: dict[str, int] = {}
    with target.transaction() as db:
        for table in TABLES:
            copied[table] = _copy_table(source, db.raw, table)
            if progress:  # a terminal's: one line per table
                progress(f"copied {table}: {copied[table]} rows")
        for table in _WITH_ID:
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"coalesce(max(id), 0) + 1, false) FROM {table}")
    return copied


def _copy_table(source: Store, target: psycopg.Connection, table: str) -> int:
    """One table's rows, streamed through COPY (PostgreSQL computes the search column)."""
    columns = list(source.db.table(table).columns_dict)
    names = ", ".join(f'"{name}"' for name in columns)
    rows = source.db.conn.execute(f"SELECT {names} FROM {table}")
    count = 0
    with target.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        while batch := rows.fetchmany(BATCH):
            for row in batch:
                copy.write_row(row)
            count += len(batch)
    return count
