"""The only module that speaks SQL. SQLite through sqlite-utils, WAL mode.

Writes that belong together happen in one short `BEGIN IMMEDIATE` transaction: an article
with its URLs, outlets and statements; a digest with the alerts it includes and its
outbox rows. A crash therefore leaves either all of it or none of it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol, cast

import sqlite_utils

from . import dedupe
from .errors import StorageError
from .models import Article, DigestItem, Mention, RenderedDigest, Span, Statement
from .statements.merge import content_fingerprint, same_statement
from .statements.reportable import is_object_of_cue
from .topics import Query, to_fts
from .urls import redacted

log = logging.getLogger(__name__)

SCHEMA_VERSION = 8  # 6: template_samples; 7: article_shingles; 8: template_pages
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY, url TEXT, kind TEXT, failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, last_attempt_at TEXT, last_success_at TEXT, next_attempt_at TEXT);
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY, rules TEXT NOT NULL, fetched_at REAL NOT NULL, expires_at REAL);
CREATE TABLE IF NOT EXISTS dead_links (
    url TEXT PRIMARY KEY, source TEXT NOT NULL, outcome TEXT NOT NULL, error TEXT,
    failed_at TEXT NOT NULL, retry_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fetch_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL,
    outcome TEXT NOT NULL, error TEXT);
CREATE INDEX IF NOT EXISTS fetch_log_at ON fetch_log(at);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT, byline TEXT,
    published TEXT, language TEXT, description TEXT, text TEXT NOT NULL,
    fingerprint TEXT NOT NULL, first_seen TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles(fingerprint);
CREATE TABLE IF NOT EXISTS article_urls (
    url TEXT PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id));
CREATE TABLE IF NOT EXISTS article_bands (
    band INTEGER NOT NULL, article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band, article_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_outlets (
    article_id INTEGER NOT NULL REFERENCES articles(id), source TEXT NOT NULL,
    url TEXT NOT NULL, title TEXT, seen_at TEXT NOT NULL, PRIMARY KEY (article_id, source));
CREATE INDEX IF NOT EXISTS article_outlets_source ON article_outlets(source, seen_at);
CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY, speaker_key TEXT NOT NULL, speaker TEXT NOT NULL, role TEXT,
    cue TEXT, content TEXT NOT NULL, direct INTEGER NOT NULL, fingerprint TEXT NOT NULL,
    first_seen TEXT NOT NULL, published TEXT, object_of_cue INTEGER NOT NULL DEFAULT 0,
    unresolved INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_key, first_seen);
CREATE INDEX IF NOT EXISTS statements_fingerprint ON statements(speaker_key, fingerprint);
CREATE TABLE IF NOT EXISTS statement_keys (
    key INTEGER NOT NULL, statement_id INTEGER NOT NULL REFERENCES statements(id),
    PRIMARY KEY (key, statement_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS statement_mentions (
    statement_id INTEGER NOT NULL REFERENCES statements(id),
    article_id INTEGER NOT NULL REFERENCES articles(id), source TEXT NOT NULL,
    url TEXT NOT NULL, title TEXT, start INTEGER, "end" INTEGER, seen_at TEXT NOT NULL,
    PRIMARY KEY (statement_id, article_id, source));
CREATE TABLE IF NOT EXISTS digests (
    id INTEGER PRIMARY KEY, topic TEXT NOT NULL, created_at TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE, subject TEXT NOT NULL, text TEXT NOT NULL,
    html TEXT NOT NULL, payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY, topic TEXT NOT NULL,
    statement_id INTEGER NOT NULL REFERENCES statements(id),
    kind TEXT NOT NULL CHECK (kind IN ('new', 'more_outlets')),
    created_at TEXT NOT NULL, digest_id INTEGER REFERENCES digests(id));
CREATE UNIQUE INDEX IF NOT EXISTS alerts_once ON alerts(topic, statement_id) WHERE kind = 'new';
CREATE UNIQUE INDEX IF NOT EXISTS alerts_pending_update ON alerts(topic, statement_id)
    WHERE kind = 'more_outlets' AND digest_id IS NULL;
CREATE INDEX IF NOT EXISTS alerts_pending ON alerts(topic) WHERE digest_id IS NULL;
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY, digest_id INTEGER NOT NULL REFERENCES digests(id),
    channel TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT,
    sent_at TEXT, UNIQUE (digest_id, channel));
CREATE TABLE IF NOT EXISTS source_runs (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL,
    seconds REAL NOT NULL, status TEXT NOT NULL, links INTEGER NOT NULL,
    new_articles INTEGER NOT NULL, error TEXT);
CREATE INDEX IF NOT EXISTS source_runs_source ON source_runs(source, id);
CREATE TABLE IF NOT EXISTS source_stats (
    source TEXT PRIMARY KEY, runs INTEGER NOT NULL, errors INTEGER NOT NULL,
    seconds REAL NOT NULL, articles INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cycles (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, seconds REAL NOT NULL,
    sources INTEGER NOT NULL, failed INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS statements_first_seen ON statements(first_seen);
CREATE INDEX IF NOT EXISTS alerts_statement ON alerts(statement_id);
CREATE TABLE IF NOT EXISTS template_samples (
    source TEXT NOT NULL, fingerprint TEXT NOT NULL, sample TEXT NOT NULL,
    seen_at TEXT NOT NULL, PRIMARY KEY (source, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_shingles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id), shingles INTEGER NOT NULL,
    lowest BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS template_pages (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, seen_at TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id), blocks TEXT NOT NULL,
    UNIQUE (source, article_id));
CREATE INDEX IF NOT EXISTS template_pages_latest ON template_pages(source, seen_at, article_id);
"""
SAMPLES_KEPT = 500  # a source's latest samples of left-out blocks (60 KB of text at most)
TEMPLATE_PAGES = 20  # a source's latest pages whose blocks are kept, to learn its template
# Schema 8: the block fingerprints of each source's latest pages (listed in `{outlets}`)
# move from article_outlets, where the emptied rows of older pages kept their 4 KB pages
# (SQLite does not merge them), to template_pages.
MOVE_TEMPLATE_BLOCKS = """
INSERT INTO template_pages (source, seen_at, article_id, blocks)
SELECT o.source, o.seen_at, o.article_id, o.blocks FROM (
    SELECT article_id, source, ROW_NUMBER() OVER (
        PARTITION BY source ORDER BY seen_at DESC, article_id DESC) AS n
    FROM {outlets}) AS latest
JOIN article_outlets AS o ON o.article_id = latest.article_id AND o.source = latest.source
WHERE latest.n <= ? AND o.blocks <> '[]'"""
RUNS_KEPT = 20  # a source's latest runs kept, for the web interface's sources page
RECENT_STATEMENTS = timedelta(days=30)
MAX_CANDIDATES = 50  # statements sharing the most index keys, checked word by word
COMMON_KEY = 100  # a key more of a speaker's statements share is not looked up
_UPGRADE_BATCH = 500
_LOOKUP_BATCH = 500  # URLs per query (SQLite caps the number of parameters)
SEARCH_WINDOW = 1000  # newest matches ranked by relevance


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Saved:
    """What storing one fetched article page amounted to."""

    article_id: int
    outcome: str  # "new", "updated", "unchanged" or "copy" (same article, another outlet)
    new_statements: int = 0


@dataclass(frozen=True)
class SourceAttempt:
    """A source's attempt as its state records it (see record_run): its kind, and
    its error and next attempt when it failed."""

    url: str
    kind: str
    at: datetime
    error: str | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True)
class FetchedPage:
    """An article page as fetched and analysed, for save_fetched."""

    source: str
    link: str  # as the source listed it: its validators and fetch log line are kept under it
    urls: Sequence[str]  # the addresses it was reached by, the page's own last
    article: Article
    keys: dedupe.TextKeys
    found: Sequence[tuple[Statement, Sequence[str]]]
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class StoredDigest:
    id: int
    topic: str
    message_id: str
    created_at: str
    subject: str
    text: str
    html: str
    payload: dict


@dataclass(frozen=True)
class Delivery:
    id: int
    channel: str
    attempts: int
    digest: StoredDigest


def _schema_statement(start: str) -> str:
    """The statement of _SCHEMA that begins with `start`."""
    statement = _SCHEMA[_SCHEMA.index(start):]
    return statement[:statement.index(";")]


def storage_error(path: str, exc: sqlite3.Error) -> StorageError:
    """One line: the file, what SQLite said, and what to do about it."""
    reason = str(exc)
    if "not a database" in reason or "malformed" in reason:
        advice = ("it is not a newswatch database, or it is damaged: move it away to start "
                  "afresh (keep it for recovery), or restore a backup")
    elif "unable to open" in reason:
        advice = "check that its directory exists and that this user may write there"
    elif "readonly" in reason or "I/O" in reason or "full" in reason:
        advice = "check the free space on its disk and that this user may write it"
    else:
        advice = "check the file and its directory"
    return StorageError(f"database {path}: {reason}; {advice}")


class Store:
    """One SQLite file; a connection per thread, opened on first use.

    Its SQL is shared with the PostgreSQL store (pipeline.pgstore), which runs it through
    a translation of the few SQLite-only phrases; what differs more is overridden there.

    `read_only` opens an existing database without creating or changing it (for
    `status` and `search`); `must_exist` refuses to create one (for `retry`). The file's
    identity is noted when it is opened: check_file() tells a database deleted or
    replaced while running from the one it was.
    """

    # Each outlet that carried a statement, with the page it was first seen on.
    _MENTIONS = ("SELECT source, url, title, MIN(seen_at) AS seen_at FROM statement_mentions "
                 "WHERE statement_id = ? GROUP BY source ORDER BY seen_at")

    def __init__(self, path: Path | str, *, read_only: bool = False,
                 must_exist: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._local = threading.local()
        # Every thread's connection with its thread, so that those of ended threads are
        # closed (close_threads): a thread-local connection does not close with its thread.
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._connections_lock = threading.Lock()
        # This process's writers queue here, handed the write lock in turn: waiting on
        # SQLite's lock means its busy handler's sleeps (up to 100 ms each) long after the
        # lock is free, which made a cycle's 64 threads wait more than they wrote.
        self._write_lock = threading.RLock()
        if (read_only or must_exist) and not os.path.exists(self.path):
            raise StorageError(f"no database yet at {self.path}; run `newswatch run` first")
        if read_only:
            self._check_readable()
        else:
            self._migrate()
        self.identity = self._file_identity()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def check_file(self) -> None:
        """Raise StorageError when the database file is no longer the one opened: writes
        would go to a deleted file, and after a restart every statement would be sent
        again under new Message-IDs."""
        now = self._file_identity()
        if now != self.identity:
            what = "deleted" if now is None else "replaced"
            raise StorageError(f"database {self.path} was {what} while newswatch was running; "
                               "stopped so that nothing is sent again under a new identity. "
                               "Restore it, or move the state away to start afresh")

    def _check_readable(self) -> None:
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None
        if version == 0:
            raise StorageError(f"database {self.path}: not a newswatch database; check the "
                               "state directory (--state, service.state_dir)")

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            conn = self._connect()
            with self._connections_lock:
                self._connections.append((threading.get_ident(), conn))
            db = self._local.db = sqlite_utils.Database(conn)
        return db

    def _connect(self) -> sqlite3.Connection:
        """WAL, so readers never block the writer; synchronous=NORMAL survives a crash of
        the process (not of the machine); transactions are opened explicitly. A database
        that cannot be opened is a StorageError naming the file."""
        try:
            if self.read_only:
                return sqlite3.connect(f"{Path(self.path).absolute().as_uri()}?mode=ro",
                                       uri=True, timeout=30, isolation_level=None,
                                       check_same_thread=False)
            # Used by one thread; closed by another only once that thread has ended.
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            with self._connections_lock:
                self._connections = [(t, c) for t, c in self._connections if c is not db.conn]
            db.conn.close()
            self._local.db = None

    def close_threads(self) -> None:
        """Close the connections of threads that have ended (a pool's, once it is done)."""
        alive = {thread.ident for thread in threading.enumerate()}
        with self._connections_lock:
            ended = [conn for thread, conn in self._connections if thread not in alive]
            self._connections = [(t, c) for t, c in self._connections if t in alive]
        for conn in ended:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue
        instead of failing half-way; this process's own writers queue on a lock first."""
        db = self.db
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _migrate(self) -> None:
        """Create the schema, or bring one an earlier version made up to date; a
        database that cannot be read or written is a StorageError naming the file."""
        try:
            self._upgrade()
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None

    def _upgrade(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                return
            if version == 1:
                db.execute("ALTER TABLE statements ADD COLUMN object_of_cue INTEGER NOT NULL "
                           "DEFAULT 0")
            if version and "unresolved" not in db.table("statements").columns_dict:  # 4: a
                # source the article ties to no name ("officials"); rows before it had names
                db.execute("ALTER TABLE statements ADD COLUMN unresolved INTEGER NOT NULL "
                           "DEFAULT 0")
            for statement in _SCHEMA.split(";"):  # a new database; new tables of an old one
                if statement.strip():
                    db.execute(statement)
            if "expires_at" not in db.table("robots").columns_dict:  # 5: robots.txt kept as
                # long as its server said; rows from before: an hour, as then
                db.execute("ALTER TABLE robots ADD COLUMN expires_at REAL")
            if "blocks" in db.table("article_outlets").columns_dict:  # 8: template_pages
                self._move_template_blocks()
        if 0 < version < 3:  # schema 3 brought the indexes
            self._index_old_rows()
        with self.transaction() as db:
            db.execute("DROP TABLE IF EXISTS article_sketch")  # schema 2's near-copy index
            if "sketch_size" in db.table("articles").columns_dict:
                db.execute("ALTER TABLE articles DROP COLUMN sketch_size")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if "articles_fts" not in self.db.table_names():
            self.db.table("articles").enable_fts(["title", "text"], create_triggers=True)
        if "statements_fts" not in self.db.table_names():  # 5: statements searched
            self.db.table("statements").enable_fts(["speaker", "content"],
                                                   create_triggers=True)

    def _one(self, sql: str, params: Sequence = ()) -> dict | None:
        return next(self.db.query(sql, params), None)

    def _insert(self, table: str, row: dict) -> int:
        """Insert `row`; its rowid (every table written this way has an integer key).
        Plain SQL: sqlite-utils' insert reads the table's schema on every call."""
        columns = ", ".join(f'"{name}"' for name in row)
        return cast(int, self.db.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
            list(row.values())).lastrowid)

    def _update(self, table: str, row_id: int, row: dict) -> None:
        """Set the columns of `row` in the row with id `row_id`."""
        columns = ", ".join(f'"{name}" = ?' for name in row)
        self.db.conn.execute(f"UPDATE {table} SET {columns} WHERE id = ?",
                             [*row.values(), row_id])

    # --- sources and fetch state ---------------------------------------------------------

    def source_state(self, name: str) -> dict | None:
        return self._one("SELECT * FROM sources WHERE name = ?", [name])

    def _write_source(self, name: str, attempt: SourceAttempt) -> None:
        """A source's attempt: its consecutive failures counted, or reset by a success.
        Plain SQL: it runs once per source and cycle."""
        error = attempt.error
        self.db.execute(
            "INSERT INTO sources (name, url, kind, failures, last_error, last_attempt_at, "
            "last_success_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET url = excluded.url, kind = excluded.kind, "
            "failures = CASE WHEN excluded.last_error IS NULL THEN 0 "
            "ELSE sources.failures + 1 END, last_error = excluded.last_error, "
            "last_attempt_at = excluded.last_attempt_at, "
            "last_success_at = coalesce(excluded.last_success_at, "
            "sources.last_success_at), "
            "next_attempt_at = excluded.next_attempt_at",
            [name, redacted(attempt.url), attempt.kind, int(error is not None), _masked(error),
             iso(attempt.at), iso(attempt.at) if error is None else None,
             iso(attempt.retry_at) if attempt.retry_at else None])

    def record_run(self, source: str, started: datetime, seconds: float, status: str,
                   links: int, new_articles: int, error: str | None,
                   attempt: SourceAttempt | None = None) -> None:
        """One run of a source, for the web interface and /metrics: its latest RUNS_KEPT
        runs, and counters that only grow (Prometheus counters must not go down). The
        source's `attempt`, if given, is recorded in the same transaction: one write per
        run, where a cycle's unchanged sources would queue for the write lock twice."""
        with self.transaction() as db:
            if attempt is not None:
                self._write_source(source, attempt)
            db.execute("INSERT INTO source_runs (source, started_at, seconds, status, links, "
                       "new_articles, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [source, iso(started), seconds, status, links, new_articles,
                        _masked(error)])
            db.execute("DELETE FROM source_runs WHERE source = ? AND id <= (SELECT id FROM "
                       "source_runs WHERE source = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                       [source, source, RUNS_KEPT])
            db.execute("INSERT INTO source_stats (source, runs, errors, seconds, articles) "
                       "VALUES (?, 1, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
                       "runs = source_stats.runs + 1, "
                       "errors = source_stats.errors + excluded.errors, "
                       "seconds = source_stats.seconds + excluded.seconds, "
                       "articles = source_stats.articles + excluded.articles",
                       [source, int(status == "failed"), seconds, new_articles])

    def record_cycle(self, started: datetime, seconds: float, sources: int,
                     failed: int) -> None:
        """A full cycle (`run --once`), kept 30 days."""
        with self.transaction() as db:
            db.execute("INSERT INTO cycles (started_at, seconds, sources, failed) "
                       "VALUES (?, ?, ?, ?)", [iso(started), seconds, sources, failed])
            db.execute("DELETE FROM cycles WHERE started_at < ?",
                       [iso(started - timedelta(days=30))])

    def robots_rules(self, origin: str) -> tuple[str, float] | None:
        """A host's robots.txt as last fetched, and until when it may be used (seconds
        since the epoch)."""
        row = self._one("SELECT rules, coalesce(expires_at, fetched_at + 3600) AS expires_at "
                        "FROM robots WHERE origin = ?", [redacted(origin)])
        return (row["rules"], row["expires_at"]) if row else None

    def save_robots_rules(self, origin: str, rules: str, fetched_at: float,
                          expires_at: float) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO robots (origin, rules, fetched_at, expires_at) "
                       "VALUES (?, ?, ?, ?)", [redacted(origin), rules, fetched_at, expires_at])

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of `url`, kept under its address without credentials
        (two addresses differing only in them share their validators)."""
        row = self._one("SELECT etag, last_modified FROM http_cache WHERE url = ?",
                        [redacted(url)])
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def listing_seen(self, url: str) -> bool:
        """Whether validators were ever saved for `url`: for a source's listing, whether it
        was once read through."""
        return self._one("SELECT 1 AS seen FROM http_cache WHERE url = ?",
                         [redacted(url)]) is not None

    def save_validators(self, url: str, etag: str | None, last_modified: str | None,
                        now: datetime) -> None:
        with self.transaction():
            self._write_validators(url, etag, last_modified, now)

    def _write_validators(self, url: str, etag: str | None, last_modified: str | None,
                          now: datetime) -> None:
        self.db.conn.execute("INSERT OR REPLACE INTO http_cache (url, etag, last_modified, "
                             "checked_at) VALUES (?, ?, ?, ?)",
                             [redacted(url), etag, last_modified, iso(now)])

    def log_fetch(self, source: str, url: str, outcome: str, now: datetime,
                  error: str | None = None) -> None:
        with self.transaction():
            self._write_fetch_log(source, url, outcome, now, error)

    def _write_fetch_log(self, source: str, url: str, outcome: str, now: datetime,
                         error: str | None = None) -> None:
        self._insert("fetch_log", {"at": iso(now), "source": source, "url": redacted(url),
                                   "outcome": outcome, "error": _masked(error)})
        self.db.conn.execute("DELETE FROM fetch_log WHERE at < ?",
                             [iso(now - timedelta(days=30))])

    def remember_dead_link(self, source: str, url: str, outcome: str, error: str | None,
                           now: datetime, retry_at: datetime) -> None:
        """A link that failed for good (a 404, no text): skipped until `retry_at`."""
        with self.transaction() as db:
            db.execute("INSERT INTO dead_links (url, source, outcome, error, failed_at, "
                       "retry_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                       "source = excluded.source, outcome = excluded.outcome, "
                       "error = excluded.error, failed_at = excluded.failed_at, "
                       "retry_at = excluded.retry_at",
                       [url, source, outcome, _masked(error), iso(now), iso(retry_at)])
            db.execute("DELETE FROM dead_links WHERE retry_at < ?",
                       [iso(now - timedelta(days=30))])

    def dead_links(self, urls: Sequence[str], now: datetime, horizon: timedelta) -> set[str]:
        """Those of `urls` to skip: failed for good, and not yet due for another try. A
        retry time beyond `horizon` means the clock was set back: not skipped."""
        dead: set[str] = set()
        for i in range(0, len(urls), 500):  # SQLite's limit on parameters is far above
            chunk = list(urls[i:i + 500])
            dead.update(r["url"] for r in self.db.query(
                f"SELECT url FROM dead_links WHERE url IN ({','.join('?' * len(chunk))}) "
                "AND retry_at > ? AND retry_at <= ?", [*chunk, iso(now), iso(now + horizon)]))
        return dead

    # --- articles ---------------------------------------------------------------------------

    def known_links(self, urls: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """Stored article URLs among `urls`: url -> (first seen, last checked or None)."""
        known: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(urls), _LOOKUP_BATCH):
            batch = urls[start:start + _LOOKUP_BATCH]
            rows = self.db.query(
                f"SELECT u.url, a.first_seen, c.checked_at FROM article_urls u "
                f"JOIN articles a ON a.id = u.article_id LEFT JOIN http_cache c "
                f"ON c.url = u.url WHERE u.url IN ({','.join('?' * len(batch))})", batch)
            known.update((r["url"], (r["first_seen"], r["checked_at"])) for r in rows)
        return known

    def recent_articles(self, source: str, limit: int = 20) -> list[tuple[int, str, Article]]:
        """The source's latest stored articles: (id, the outlet's URL, article)."""
        rows = self.db.query(
            "SELECT a.*, o.url AS outlet_url, o.title AS outlet_title FROM article_outlets o "
            "JOIN articles a ON a.id = o.article_id WHERE o.source = ? "
            "ORDER BY o.seen_at DESC LIMIT ?", [source, limit])
        return [(r["id"], r["outlet_url"], Article(
            url=r["url"], title=r["outlet_title"] or "", text=r["text"], byline=r["byline"] or "",
            published=r["published"], language=r["language"],
            description=r["description"] or "")) for r in rows]

    def replace_text(self, article_id: int, source: str, url: str, article: Article,
                     found: Sequence[tuple[Statement, Sequence[str]]], now: datetime) -> None:
        """A stored article's text cleaned after the fact (its site's template was learned
        from later pages): text and dedup keys replaced, its statements matched again with
        their new offsets, those no longer in it unlinked (their alerts withdrawn when no
        digest carried them yet); nobody is alerted anew."""
        keys = dedupe.text_keys(article.text)
        with self.transaction() as db:
            self._update("articles", article_id, {"text": article.text,
                                                  "fingerprint": keys.fingerprint,
                                                  "updated_at": iso(now)})
            self._replace_bands(article_id, keys)
            before = [r[0] for r in db.execute(
                "SELECT statement_id FROM statement_mentions WHERE article_id = ? AND "
                "source = ?", [article_id, source])]
            db.execute("DELETE FROM statement_mentions WHERE article_id = ? AND source = ?",
                       [article_id, source])
            self._save_statements(article_id, source, url, article, found, now, frozenset(),
                                  alert=False)
            for statement_id in before:
                if not db.execute("SELECT 1 FROM statement_mentions WHERE statement_id = ? "
                                  "LIMIT 1", [statement_id]).fetchone():
                    db.execute("DELETE FROM alerts WHERE statement_id = ? AND digest_id IS "
                               "NULL", [statement_id])

    def template_pages(self, source: str,
                       limit: int = TEMPLATE_PAGES) -> list[tuple[str, ...]]:
        """Block fingerprints of the source's latest distinct pages, newest first, to learn
        its template (pages seen in the same second too: learning depends on the order, so
        every store lists them alike). Only the latest TEMPLATE_PAGES are kept (see
        _write_template_page): 3.7 KB each."""
        rows = self.db.query("SELECT blocks FROM template_pages WHERE source = ? "
                             "ORDER BY seen_at DESC, article_id DESC LIMIT ?", [source, limit])
        return [tuple(json.loads(r["blocks"])) for r in rows]

    def save_article(self, source: str, urls: Sequence[str], article: Article, now: datetime,
                     found: Sequence[tuple[Statement, Sequence[str]]] = (),
                     alert_on_new_outlet: frozenset[str] = frozenset()) -> Saved:
        """Store a fetched article page once, with its statements, in one transaction.

        The same canonical URL, or the same text from another outlet, is the same article
        (an update or an extra outlet), not a new one. `urls` are the addresses the page was
        reached by, the last being the page's own; `found` are its statements with the
        topics each is on (ignored when the article is unchanged: they are stored already).
        """
        keys = dedupe.text_keys(article.text)
        newest, copy_of = self._newest_article(), self._near_copy(keys)
        with self.transaction():
            return self._write_article(source, urls, article, keys, found, now,
                                       alert_on_new_outlet, newest, copy_of)

    def save_fetched(self, pages: Sequence[FetchedPage], now: datetime,
                     alert_on_new_outlet: frozenset[str] = frozenset(),
                     alert: bool = True) -> list[Saved]:
        """Store article pages as save_article does, each with its link's validators and
        fetch log line, all in one transaction: a link is marked fetched (a 304 next time)
        only with its article stored, and the pages of a source share one commit. Without
        `alert` (a new source's backlog, archived) their statements alert nobody.

        The search for near-copies reads texts, so it runs before the write transaction
        (other sources' writers do not wait for it); inside, only articles stored in the
        meantime (by another source, or earlier in `pages`) are looked at.
        """
        newest = self._newest_article()
        copies = [self._near_copy(page.keys) for page in pages]
        saved = []
        with self.transaction():
            for page, copy_of in zip(pages, copies, strict=True):
                saved.append(self._write_article(
                    page.source, page.urls, page.article, page.keys, page.found, now,
                    alert_on_new_outlet, newest, copy_of, alert))
                self._write_validators(page.link, page.etag, page.last_modified, now)
                self._write_fetch_log(page.source, page.link, saved[-1].outcome, now)
        return saved

    def _write_article(self, source: str, urls: Sequence[str], article: Article,
                       keys: dedupe.TextKeys, found: Sequence[tuple[Statement, Sequence[str]]],
                       now: datetime, alert_on_new_outlet: frozenset[str], newest: int,
                       copy_of: int | None, alert: bool = True) -> Saved:
        """save_article's writes, in the caller's transaction: `copy_of` is the near-copy
        found before it among the articles up to id `newest`. The source's page this one
        pushes past its latest TEMPLATE_PAGES loses its blocks (see template_pages)."""
        db = self.db.conn
        article_id, outcome = self._match_article(source, [article.url, *urls], keys.fingerprint)
        if article_id is None:
            copy_of = copy_of or self._near_copy(keys, newer_than=newest)
            article_id, outcome = (copy_of, "copy") if copy_of else (None, "new")
        if article_id is None:
            article_id = self._insert("articles", {
                **self._article_row(article, keys.fingerprint, now), "first_seen": iso(now)})
            self._save_bands(article_id, keys)
        elif outcome == "updated":
            self._update("articles", article_id,
                         self._article_row(article, keys.fingerprint, now))
            self._replace_bands(article_id, keys)
        db.executemany("INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)",
                       [(url, article_id) for url in {article.url, *urls}])
        db.execute("INSERT INTO article_outlets (article_id, source, url, title, seen_at) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, source) DO UPDATE SET "
                   "url = excluded.url, title = excluded.title, seen_at = excluded.seen_at",
                   [article_id, source, urls[-1], article.title, iso(now)])
        self._write_template_page(source, article_id, article.blocks, now)
        if article.removed:
            self._save_samples(source, article.removed, now)
        new = 0 if outcome == "unchanged" else self._save_statements(
            article_id, source, urls[-1], article, found, now, alert_on_new_outlet, alert)
        return Saved(article_id, outcome, new)

    def _write_template_page(self, source: str, article_id: int, blocks: Sequence[str],
                             now: datetime) -> None:
        """The page's block fingerprints, in place of those of the source's page it pushes
        past the latest TEMPLATE_PAGES: a bounded table, whose freed pages SQLite reuses."""
        db = self.db.conn
        db.execute("INSERT INTO template_pages (source, seen_at, article_id, blocks) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (source, article_id) DO UPDATE SET "
                   "seen_at = excluded.seen_at, blocks = excluded.blocks",
                   [source, iso(now), article_id, json.dumps(blocks)])
        db.execute("DELETE FROM template_pages WHERE source = ? AND id NOT IN (SELECT id FROM "
                   "template_pages WHERE source = ? ORDER BY seen_at DESC, article_id DESC "
                   "LIMIT ?)", [source, source, TEMPLATE_PAGES])

    def _save_samples(self, source: str, removed: Sequence[tuple[str, str]],
                      now: datetime) -> None:
        """The samples of the blocks a page left out, the newest per fingerprint; past
        SAMPLES_KEPT the source's least recently seen go: a template's blocks recur on
        many of its latest pages, so they stay, while one-off blocks (captions, related
        headlines) make room."""
        db, seen_at = self.db.conn, iso(now)
        db.executemany("INSERT INTO template_samples (source, fingerprint, sample, seen_at) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (source, fingerprint) DO UPDATE SET "
                       "sample = excluded.sample, seen_at = excluded.seen_at",
                       [(source, fp, sample, seen_at) for fp, sample in removed])
        db.execute("DELETE FROM template_samples WHERE source = ? AND fingerprint NOT IN "
                   "(SELECT fingerprint FROM template_samples WHERE source = ? "
                   "ORDER BY seen_at DESC LIMIT ?)", [source, source, SAMPLES_KEPT])

    def template_samples(self, source: str) -> dict[str, str]:
        """A sample of the text of each block the source's latest pages left out, by
        fingerprint: what its template removes, for the web interface."""
        return {r["fingerprint"]: r["sample"] for r in self.db.query(
            "SELECT fingerprint, sample FROM template_samples WHERE source = ?", [source])}

    def _match_article(self, source: str, urls: Sequence[str],
                       fingerprint: str) -> tuple[int | None, str]:
        """Same URL from the same outlet: unchanged or updated. Same URL from another outlet
        (its canonical link points to the original) or the same text: a copy."""
        placeholders = ",".join("?" * len(urls))
        row = self._one(
            f"SELECT a.id, a.fingerprint, o.source IS NOT NULL AS own FROM article_urls u "
            f"JOIN articles a ON a.id = u.article_id LEFT JOIN article_outlets o "
            f"ON o.article_id = a.id AND o.source = ? WHERE u.url IN ({placeholders}) LIMIT 1",
            [source, *urls])
        if row and not row["own"]:
            return row["id"], "copy"
        if row:
            return row["id"], "unchanged" if row["fingerprint"] == fingerprint else "updated"
        row = self._one("SELECT id FROM articles WHERE fingerprint = ? LIMIT 1", [fingerprint])
        return (row["id"], "copy") if row else (None, "new")

    def _newest_article(self) -> int:
        row = self._one("SELECT MAX(id) AS id FROM articles")
        return (row or {}).get("id") or 0

    def _near_copy(self, keys: dedupe.TextKeys, newer_than: int = 0) -> int | None:
        """A stored article sharing a band with the text, confirmed on both texts'
        shingles: the candidates sharing the most bands first (an index lookup), each
        ruled out on its sample of shingles if it can be, else read."""
        placeholders = ",".join("?" * len(keys.bands))
        rows = list(self.db.query(
            f"SELECT article_id, COUNT(*) AS shared FROM article_bands WHERE band IN "
            f"({placeholders}) AND article_id > ? GROUP BY article_id ORDER BY shared DESC "
            f"LIMIT 5", [*keys.bands, newer_than]))
        shingles = dedupe.unpacked(keys.shingles) if rows else set()
        if len(shingles) < dedupe.MIN_SHINGLES:
            return None
        for row in rows:
            if self._ruled_out(row["article_id"], shingles):
                continue
            stored = self._one("SELECT text FROM articles WHERE id = ?", [row["article_id"]])
            if stored and dedupe.is_near_copy(shingles, dedupe.shingles(stored["text"])):
                return row["article_id"]
        return None

    def _ruled_out(self, article_id: int, shingles: set[int]) -> bool:
        """The stored article's sample of shingles says it is no near copy of a text with
        `shingles` (articles stored before schema 7 have none: their text decides)."""
        row = self._one("SELECT shingles, lowest FROM article_shingles WHERE article_id = ?",
                        [article_id])
        return row is not None and not dedupe.may_be_near_copy(
            shingles, row["shingles"], dedupe.unpacked(row["lowest"]))

    @staticmethod
    def _article_row(article: Article, fingerprint: str, now: datetime) -> dict:
        return {"url": article.url, "title": article.title, "byline": article.byline,
                "published": article.published, "language": article.language,
                "description": article.description, "text": article.text,
                "fingerprint": fingerprint, "updated_at": iso(now)}

    def _save_bands(self, article_id: int, keys: dedupe.TextKeys) -> None:
        """The text's band keys, and the number and sample of its shingles (see
        _ruled_out)."""
        self._write_bands(article_id, keys.bands, keys.shingle_count, keys.lowest)

    def _write_bands(self, article_id: int, bands: Sequence[int], shingles: int,
                     lowest: bytes) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)",
            [(band, article_id) for band in bands])
        self.db.execute("INSERT INTO article_shingles (article_id, shingles, lowest) "
                        "VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                        "shingles = excluded.shingles, lowest = excluded.lowest",
                        [article_id, shingles, lowest])

    def _replace_bands(self, article_id: int, keys: dedupe.TextKeys) -> None:
        """An article's text changed: its old band keys go, the new ones are indexed."""
        self.db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
        self._save_bands(article_id, keys)

    # The newest SEARCH_WINDOW matches (id, score; a lower score ranks first) in this
    # store's full-text dialect, and the query syntax it takes.
    _SEARCH_MATCHES = ("SELECT rowid AS id, bm25(articles_fts) AS score FROM articles_fts "
                       "WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?")
    _search_syntax = staticmethod(to_fts)

    def search(self, fts_query: str, limit: int = 20) -> list[dict]:
        """The best matches among the newest SEARCH_WINDOW: the full-text index is walked
        newest first and left there, so a page of results costs the same whatever the
        archive's size and however many older articles match."""
        return list(self.db.query(
            "SELECT a.id, a.url, a.title, a.published, a.first_seen, a.text FROM ("
            f"{self._SEARCH_MATCHES}) AS m "
            "JOIN articles a ON a.id = m.id ORDER BY m.score, a.id DESC LIMIT ?",
            [fts_query, SEARCH_WINDOW, limit]))

    def search_articles(self, query: Query, limit: int = 20) -> list[dict]:
        """search() for a parsed topic query, in this store's full-text syntax."""
        return self.search(self._search_syntax(query), limit)

    # --- statements and alerts -----------------------------------------------------------

    def _save_statements(self, article_id: int, source: str, url: str, article: Article,
                         found: Sequence[tuple[Statement, Sequence[str]]], now: datetime,
                         alert_on_new_outlet: frozenset[str], alert: bool = True) -> int:
        """Store statements and queue alerts for new ones (unless `alert` is False); part of
        a caller's transaction.

        A statement already known (the same words by the same speaker, from any outlet)
        gains a mention instead of a new row, and alerts nobody again unless its topic is
        in `alert_on_new_outlet`. Returns the number of new statements.
        """
        db, new = self.db, 0
        for statement, topics in found:
            fingerprint = content_fingerprint(statement.content)
            known = self._known_statement(statement, fingerprint, now)
            is_new = known is None
            if known is None:
                statement_id = self._insert("statements", {
                    "speaker_key": statement.speaker_key, "speaker": statement.speaker,
                    "role": statement.role, "cue": statement.cue,
                    "content": statement.content, "direct": statement.direct,
                    "object_of_cue": is_object_of_cue(statement),
                    "unresolved": statement.unresolved,
                    "fingerprint": fingerprint, "first_seen": iso(now),
                    "published": article.published})
                self._save_statement_keys(statement_id, statement.speaker_key,
                                          statement.content)
                new += 1
            else:
                statement_id = known
            added = db.execute(
                'INSERT OR IGNORE INTO statement_mentions (statement_id, article_id, source, '
                'url, title, start, "end", seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                [statement_id, article_id, source, url, article.title,
                 statement.content_span.start,
                 statement.content_span.end, iso(now)]).rowcount
            for topic in topics if alert else ():
                self._queue_alert(topic, statement_id, is_new,
                                  bool(added) and topic in alert_on_new_outlet, now)
        return new

    def _known_statement(self, statement: Statement, fingerprint: str,
                         now: datetime) -> int | None:
        """The speaker's recent statement with the same words, or nearly: found through
        the speaker's index keys (`dedupe.statement_keys`), never by reading all of a
        prolific speaker's statements."""
        since = iso(now - RECENT_STATEMENTS)
        # Without the hint SQLite scans the speaker's whole window (statements_speaker).
        row = self._one("SELECT id FROM statements INDEXED BY statements_fingerprint "
                        "WHERE speaker_key = ? AND fingerprint = ? AND first_seen >= ? "
                        "ORDER BY id LIMIT 1",
                        [statement.speaker_key, fingerprint, since])
        if row:
            return row["id"]
        keys = dedupe.statement_keys(statement.speaker_key, statement.content)
        if not keys:  # a one-word content: only an exact match counts
            return None
        shared = Counter(id_ for key in keys for id_ in self._rare_key_statements(key))
        best = sorted(shared, key=lambda id_: (-shared[id_], id_))[:MAX_CANDIDATES]
        placeholders = ",".join("?" * len(best))
        rows = {row["id"]: row for row in self.db.query(
            f"SELECT * FROM statements WHERE id IN ({placeholders}) AND first_seen >= ?",
            [*best, since])}
        for id_ in best:
            if id_ in rows and same_statement(_statement_of(rows[id_]), statement):
                return id_
        return None

    def _rare_key_statements(self, key: int) -> list[int]:
        """The statements under one index key, or none if more than COMMON_KEY share it:
        such a key is a common word pair of a prolific speaker, no evidence of a copy, and
        reading its rows would make the check grow with the speaker's output."""
        ids = [row[0] for row in self.db.execute(
            "SELECT statement_id FROM statement_keys WHERE key = ? LIMIT ?",
            [key, COMMON_KEY + 1])]
        return ids if len(ids) <= COMMON_KEY else []

    def _save_statement_keys(self, statement_id: int, speaker_key: str, content: str) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO statement_keys (key, statement_id) VALUES (?, ?)",
            [(key, statement_id) for key in dedupe.statement_keys(speaker_key, content)])

    def _move_template_blocks(self) -> None:
        """Schema 8: article_outlets is built again without the blocks (dropping the column
        would leave each old row's page as empty as it was), read in file order; the
        latest pages' blocks move to template_pages."""
        db = self.db.conn
        log.info("database upgrade: article_outlets rebuilt without the pages' blocks (about "
                 "6 minutes per million articles on a disk, less in the page cache)",
                 extra={"path": self.path})
        create = _schema_statement("CREATE TABLE IF NOT EXISTS article_outlets ")
        db.execute(create.replace("article_outlets", "article_outlets_8", 1))
        db.execute("INSERT INTO article_outlets_8 (article_id, source, url, title, seen_at) "
                   "SELECT article_id, source, url, title, seen_at FROM article_outlets")
        db.execute(MOVE_TEMPLATE_BLOCKS.format(outlets="article_outlets_8"), [TEMPLATE_PAGES])
        db.execute("DROP TABLE article_outlets")
        db.execute("ALTER TABLE article_outlets_8 RENAME TO article_outlets")
        db.execute(_schema_statement("CREATE INDEX IF NOT EXISTS article_outlets_source "))

    def _index_old_rows(self) -> None:
        """Upgrade from schema 2: index the stored articles and statements for the lookups
        above. A batch at a time, each its own transaction: a killed upgrade starts again
        where it stopped (the inserts ignore rows already there)."""
        for table, index in (("articles", self._index_articles),
                             ("statements", self._index_statements)):
            last, total = 0, self._count(table)
            while True:
                with self.transaction():
                    last, done = index(last)
                if not done:
                    break
                log.info("database upgrade: indexing", extra={"table": table, "up_to": last,
                                                              "rows": total})

    def _index_articles(self, after: int) -> tuple[int, int]:
        rows = list(self.db.query("SELECT id, text FROM articles WHERE id > ? ORDER BY id "
                                  "LIMIT ?", [after, _UPGRADE_BATCH]))
        for row in rows:
            self._save_bands(row["id"], dedupe.text_keys(row["text"]))
        return (rows[-1]["id"] if rows else after), len(rows)

    def _index_statements(self, after: int) -> tuple[int, int]:
        rows = list(self.db.query("SELECT id, speaker_key, content FROM statements "
                                  "WHERE id > ? ORDER BY id LIMIT ?", [after, _UPGRADE_BATCH]))
        for row in rows:
            self._save_statement_keys(row["id"], row["speaker_key"], row["content"])
        return (rows[-1]["id"] if rows else after), len(rows)

    def _queue_alert(self, topic: str, statement_id: int, is_new: bool, new_outlet: bool,
                     now: datetime) -> None:
        known = self._one("SELECT digest_id FROM alerts WHERE topic = ? AND statement_id = ? "
                          "AND kind = 'new'", [topic, statement_id])
        if known is None:
            kind = "new"
        elif new_outlet and known["digest_id"] is not None and not is_new:
            kind = "more_outlets"
        else:
            return
        self.db.execute("INSERT OR IGNORE INTO alerts (topic, statement_id, kind, created_at) "
                        "VALUES (?, ?, ?, ?)", [topic, statement_id, kind, iso(now)])

    # --- digests and the delivery outbox ------------------------------------------------------

    def pending_topics(self) -> list[str]:
        return [r["topic"] for r in self.db.query(
            "SELECT DISTINCT topic FROM alerts WHERE digest_id IS NULL ORDER BY topic")]

    def last_alert_id(self) -> int:
        """The newest alert's id: a round of digests covers the alerts up to it, not those
        that sources still running add meanwhile."""
        row = self._one("SELECT MAX(id) AS id FROM alerts")
        return (row or {}).get("id") or 0

    def last_digest_at(self, topic: str) -> str | None:
        row = self._one("SELECT MAX(created_at) AS at FROM digests WHERE topic = ?", [topic])
        return row["at"] if row else None

    def create_digest(self, topic: str, channels: Sequence[str], now: datetime,
                      render: Callable[[list[DigestItem]], RenderedDigest],
                      select: Callable[[list[DigestItem]], list[DigestItem]] | None = None,
                      upto: int | None = None) -> StoredDigest | None:
        """Turn a topic's pending alerts into one digest with an outbox row per channel, in
        the same transaction that marks the alerts as included: no statement can be in two
        digests, and none can be marked without its digest existing.

        `select` picks the leading items that go into this digest (all by default; the
        rest stay pending for the next one) and may shorten them; `upto` leaves out the
        alerts after that id."""
        with self.transaction() as db:
            alerts = list(db.query(
                "SELECT s.*, a.id AS alert_id, a.kind FROM alerts a JOIN statements s "
                "ON s.id = a.statement_id WHERE a.topic = ? AND a.digest_id IS NULL "
                "AND a.id <= ? ORDER BY a.id", [topic, 2**63 - 1 if upto is None else upto]))
            if not alerts:
                return None
            items = self._digest_items(alerts)
            chosen = select(items) if select else items
            alerts = alerts[: len(chosen)]
            rendered = render(chosen)
            message_id = f"<newswatch.{secrets.token_hex(12)}@{_domain()}>"
            digest_id = self._insert("digests", {
                "topic": topic, "created_at": iso(now), "message_id": message_id,
                "subject": rendered.subject, "text": rendered.text, "html": rendered.html,
                "payload": json.dumps(rendered.payload)})
            db.conn.executemany("UPDATE alerts SET digest_id = ? WHERE id = ?",
                                [(digest_id, a["alert_id"]) for a in alerts])
            db.conn.executemany("INSERT INTO deliveries (digest_id, channel, status, "
                                "next_attempt_at) VALUES (?, ?, 'pending', ?)",
                                [(digest_id, channel, iso(now)) for channel in channels])
        return StoredDigest(digest_id, topic, message_id, iso(now), rendered.subject,
                            rendered.text, rendered.html, rendered.payload)

    def _digest_items(self, alerts: list[dict]) -> list[DigestItem]:
        """Pending alerts, each joined with its statement, as digest items with every
        outlet that carried the statement. A named speaker is shown the same way in every
        digest: with the most complete name and role stored for them so far."""
        items = []
        names: dict[str, dict[str, str]] = {}  # read once per speaker
        for row in alerts:
            if not row["unresolved"]:
                key = row["speaker_key"]
                names[key] = names.get(key) or self._fullest_names(key)
                row = {**row, **names[key]}
            mentions = tuple(Mention(m["source"], m["url"], m["title"] or "", m["seen_at"])
                             for m in self.db.query(self._MENTIONS, [row["id"]]))
            items.append(DigestItem(speaker=row["speaker"], speaker_key=row["speaker_key"],
                                    role=row["role"] or "",
                                    cue=row["cue"] or "", content=row["content"],
                                    direct=bool(row["direct"]),
                                    published=row["published"] or row["first_seen"],
                                    mentions=mentions, update=row["kind"] == "more_outlets",
                                    object_of_cue=bool(row["object_of_cue"]),
                                    unresolved=bool(row["unresolved"])))
        return items

    def _fullest_names(self, speaker_key: str) -> dict[str, str]:
        """The longest name and role among a speaker's stored statements ("NATO Secretary
        General" rather than "general secretary")."""
        return {column: self.db.execute(
            f"SELECT {column} FROM statements WHERE speaker_key = ? AND NOT unresolved "
            f"ORDER BY length({column}) DESC, {column} LIMIT 1", [speaker_key]).fetchone()[0]
            or "" for column in ("speaker", "role")}

    def digests(self) -> list[StoredDigest]:
        """Every digest made, oldest first."""
        return [_digest_of(r) for r in self.db.query("SELECT * FROM digests ORDER BY id")]

    def due_deliveries(self, now: datetime, horizon: timedelta) -> list[Delivery]:
        """Pending deliveries whose time has come, or whose time lies beyond the longest
        retry wait (`horizon`): the clock was set back, and they must not wait for it."""
        rows = self.db.query(
            "SELECT d.id AS delivery_id, d.channel, d.attempts, g.* FROM deliveries d "
            "JOIN digests g ON g.id = d.digest_id WHERE d.status = 'pending' "
            "AND (d.next_attempt_at <= ? OR d.next_attempt_at > ?) ORDER BY d.id",
            [iso(now), iso(now + horizon)])
        return [Delivery(r["delivery_id"], r["channel"], r["attempts"], _digest_of(r))
                for r in rows]

    def mark_sent(self, delivery_id: int, now: datetime) -> None:
        with self.transaction() as db:
            db.execute("UPDATE deliveries SET status = 'sent', sent_at = ?, "
                       "attempts = attempts + 1, last_error = NULL WHERE id = ?",
                       [iso(now), delivery_id])

    def mark_retry(self, delivery_id: int, error: str, retry_at: datetime) -> None:
        with self.transaction() as db:
            db.execute("UPDATE deliveries SET attempts = attempts + 1, last_error = ?, "
                       "next_attempt_at = ? WHERE id = ?",
                       [_masked(error), iso(retry_at), delivery_id])

    def mark_failed(self, delivery_id: int, error: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE deliveries SET status = 'failed', attempts = attempts + 1, "
                       "last_error = ? WHERE id = ?", [_masked(error), delivery_id])

    def retry_failed(self, now: datetime, digest_id: int | None = None) -> int:
        """Put permanently failed deliveries (of one digest, if given) back in the queue
        (after the user fixed the cause); they keep their Message-ID."""
        with self.transaction() as db:
            return db.execute("UPDATE deliveries SET status = 'pending', next_attempt_at = ? "
                              "WHERE status = 'failed' AND digest_id = coalesce(?, digest_id)",
                              [iso(now), digest_id]).rowcount

    # --- status ------------------------------------------------------------------------

    def _count(self, table: str, where: str = "TRUE") -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]

    def status(self) -> dict:
        return {
            "sources": list(self.db.query("SELECT * FROM sources ORDER BY name")),
            "articles": self._count("articles"),
            "statements": self._count("statements"),
            "pending_alerts": self._count("alerts", "digest_id IS NULL"),
            "digests": self._count("digests"),
            "deliveries": list(self.db.query(
                "SELECT d.id, d.channel, d.status, d.attempts, d.last_error, d.next_attempt_at, "
                "g.topic, g.message_id FROM deliveries d JOIN digests g ON g.id = d.digest_id "
                "WHERE d.status != 'sent' ORDER BY d.id")),
        }


def _masked(error: str | None) -> str | None:
    """An error message as stored: credentials of any URL in it masked."""
    return redacted(error) if error else error


def _statement_of(row: dict) -> Statement:
    return Statement(speaker=row["speaker"], speaker_key=row["speaker_key"],
                     role=row["role"] or "", cue=row["cue"] or "", content=row["content"],
                     direct=bool(row["direct"]), content_span=Span(0, len(row["content"])),
                     unresolved=bool(row["unresolved"]))


def _digest_of(row: dict) -> StoredDigest:
    return StoredDigest(row["id"], row["topic"], row["message_id"], row["created_at"],
                        row["subject"], row["text"], row["html"], json.loads(row["payload"]))


def _domain() -> str:
    name = socket.getfqdn() or "localhost"
    return name if "." in name else "newswatch.localhost"


class ArchiveStore(Protocol):
    """What the cycle, the digest, delivery and the command line use of a store: the
    contract that the SQLite Store and the PostgreSQL PgStore both keep (tests/
    test_store.py runs the same tests on both)."""

    def check_file(self) -> None: ...
    def close(self) -> None: ...
    def close_threads(self) -> None: ...
    def source_state(self, name: str) -> dict | None: ...
    def robots_rules(self, origin: str) -> tuple[str, float] | None: ...
    def save_robots_rules(self, origin: str, rules: str, fetched_at: float,
                          expires_at: float) -> None: ...
    def validators(self, url: str) -> tuple[str | None, str | None]: ...
    def listing_seen(self, url: str) -> bool: ...
    def record_run(self, source: str, started: datetime, seconds: float, status: str,
                   links: int, new_articles: int, error: str | None,
                   attempt: SourceAttempt | None = None) -> None: ...
    def record_cycle(self, started: datetime, seconds: float, sources: int,
                     failed: int) -> None: ...
    def save_validators(self, url: str, etag: str | None, last_modified: str | None,
                        now: datetime) -> None: ...
    def log_fetch(self, source: str, url: str, outcome: str, now: datetime,
                  error: str | None = None) -> None: ...
    def remember_dead_link(self, source: str, url: str, outcome: str, error: str | None,
                           now: datetime, retry_at: datetime) -> None: ...
    def dead_links(self, urls: Sequence[str], now: datetime,
                   horizon: timedelta) -> set[str]: ...
    def known_links(self, urls: Sequence[str]) -> dict[str, tuple[str, str | None]]: ...
    def recent_articles(self, source: str,
                        limit: int = 20) -> list[tuple[int, str, Article]]: ...
    def replace_text(self, article_id: int, source: str, url: str, article: Article,
                     found: Sequence[tuple[Statement, Sequence[str]]], now: datetime) -> None: ...
    def template_pages(self, source: str,
                       limit: int = TEMPLATE_PAGES) -> list[tuple[str, ...]]: ...
    def save_article(self, source: str, urls: Sequence[str], article: Article, now: datetime,
                     found: Sequence[tuple[Statement, Sequence[str]]] = (),
                     alert_on_new_outlet: frozenset[str] = frozenset()) -> Saved: ...
    def save_fetched(self, pages: Sequence[FetchedPage], now: datetime,
                     alert_on_new_outlet: frozenset[str] = frozenset(),
                     alert: bool = True) -> list[Saved]: ...
    def search_articles(self, query: Query, limit: int = 20) -> list[dict]: ...
    def pending_topics(self) -> list[str]: ...
    def last_alert_id(self) -> int: ...
    def last_digest_at(self, topic: str) -> str | None: ...
    def create_digest(self, topic: str, channels: Sequence[str], now: datetime,
                      render: Callable[[list[DigestItem]], RenderedDigest],
                      select: Callable[[list[DigestItem]], list[DigestItem]] | None = None,
                      upto: int | None = None) -> StoredDigest | None: ...
    def digests(self) -> list[StoredDigest]: ...
    def due_deliveries(self, now: datetime, horizon: timedelta) -> list[Delivery]: ...
    def mark_sent(self, delivery_id: int, now: datetime) -> None: ...
    def mark_retry(self, delivery_id: int, error: str, retry_at: datetime) -> None: ...
    def mark_failed(self, delivery_id: int, error: str) -> None: ...
    def retry_failed(self, now: datetime, digest_id: int | None = None) -> int: ...
    def status(self) -> dict: ...
