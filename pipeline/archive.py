"""The archive as the web interface, its JSON API and `status` read it: statements with
their outlets, articles, digests with their deliveries, sources' runs, counters.

Read-only queries over the Store's tables (the Store writes them); every list is a page
of newest first, found through an index, so a page costs the same at 1,000 statements as
at 1 million: no COUNT over the archive, "more" is known by asking for one row extra.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .store import Store
from .topics import Query, to_fts

PAGE_SIZE = 50
# A search within one speaker's statements starts from the speaker's side when they have
# at most this many, and the query matches CHECK_COST times more (a full-text check of
# one statement costs about as much as CHECK_COST steps of the index's walk).
SPEAKER_FIRST = 2000
CHECK_COST = 17
_STATEMENT_COLUMNS = ("s.id, s.speaker, s.speaker_key, s.role, s.cue, s.content, s.direct, "
                      "s.first_seen, s.published, s.unresolved")


@dataclass(frozen=True)
class StatementFilter:
    """What the statements pages and /api/statements filter by; `query` is a parsed
    search (pipeline.topics' syntax), dates are days (`until` included)."""

    topic: str | None = None
    speaker: str | None = None  # a speaker key
    outlet: str | None = None  # a source's name
    since: date | None = None
    until: date | None = None
    query: Query | None = None


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    number: int  # from 1
    more: bool


def _conditions(where: StatementFilter, checked_only: bool = False) -> tuple[str, list]:
    """The filters but the search as SQL on `s` (statements); `checked_only` marks the
    indexed ones so that SQLite does not drive the query by them."""
    plain = "+" if checked_only else ""
    conditions, params = [], []
    if where.speaker:
        conditions.append(f"{plain}s.speaker_key = ?")
        params.append(where.speaker)
    if where.since:
        conditions.append(f"{plain}s.first_seen >= ?")
        params.append(where.since.isoformat())
    if where.until:
        conditions.append(f"{plain}s.first_seen < ?")
        params.append((where.until + timedelta(days=1)).isoformat())
    if where.topic:  # every statement on a topic has its one "new" alert (alerts_once)
        conditions.append("EXISTS (SELECT 1 FROM alerts a WHERE a.topic = ? "
                          "AND a.statement_id = s.id AND a.kind = 'new')")
        params.append(where.topic)
    if where.outlet:
        conditions.append("EXISTS (SELECT 1 FROM statement_mentions m WHERE "
                          "m.statement_id = s.id AND m.source = ?)")
        params.append(where.outlet)
    return " AND ".join(conditions) or "TRUE", params


def _page(rows: list[dict], number: int, size: int) -> Page:
    return Page(rows[:size], number, len(rows) > size)


def _in(values: Sequence) -> str:
    return ",".join("?" * len(values))


class Archive:
    """Reads over one Store (its connection for this thread). The full-text parts are
    SQLite's FTS5; pipeline.pgarchive has PostgreSQL's."""

    # Each statement's outlets, first seen first: one row per statement and outlet.
    _MENTIONS = ("SELECT statement_id, article_id, source, url, title, MIN(seen_at) AS "
                 "seen_at FROM statement_mentions WHERE statement_id IN ({ids}) "
                 "GROUP BY statement_id, source ORDER BY seen_at")

    def __init__(self, store: Store) -> None:
        self.store = store

    def _query(self, sql: str, params: Sequence = ()) -> list[dict]:
        return list(self.store.db.query(sql, params))

    # --- statements ----------------------------------------------------------------------

    def statements(self, where: StatementFilter, number: int = 1,
                   size: int = PAGE_SIZE) -> Page:
        """A page of statements, newest first, each with its outlets and topics.

        A search is driven by whichever of its sides is cheaper to walk: the full-text
        index newest first (stopping at the page's end; a date range narrows it to the
        statements stored in that range), or a speaker's few statements, each checked
        against the index (a check costs more than a step of the walk: about 17 times).
        """
        sql, params = self._statements_sql(where)
        rows = self._query(f"{sql} LIMIT ? OFFSET ?", [*params, size + 1, (number - 1) * size])
        page = _page(rows, number, size)
        self._annotate(page.rows)
        return page

    def _statements_sql(self, where: StatementFilter) -> tuple[str, list]:
        """The statements' query, newest first, by the cheaper side (see statements)."""
        match = to_fts(where.query) if where.query else None
        if match and not self._speaker_first(where.speaker, match):
            return self._search(where, match)
        clause, params = _conditions(where)
        if match:
            clause += (" AND EXISTS (SELECT 1 FROM statements_fts WHERE statements_fts "
                       "MATCH ? AND rowid = s.id)")
            params.append(match)
        return (f"SELECT {_STATEMENT_COLUMNS} FROM statements s WHERE {clause} "
                "ORDER BY s.first_seen DESC, s.id DESC"), params

    def _search(self, where: StatementFilter, match: str) -> tuple[str, list]:
        """The full-text walk, newest (highest id) first; the other filters only checked
        (`+` keeps SQLite from driving the query by their indexes instead). Statements
        are numbered as they are stored, so a date range is an id range, found through the
        first_seen index: the walk starts and stops there."""
        clause, params = _conditions(where, checked_only=True)
        low, high = self._id_range(where.since, where.until)
        sql = (f"SELECT {_STATEMENT_COLUMNS} FROM statements_fts f JOIN statements s "
               f"ON s.id = f.rowid WHERE statements_fts MATCH ? AND f.rowid BETWEEN ? AND ? "
               f"AND {clause} ORDER BY f.rowid DESC")
        return sql, [match, low, high, *params]

    def _id_range(self, since: date | None, until: date | None) -> tuple[int, int]:
        """The ids of the statements stored from `since` to `until` (as days)."""
        low, high = 0, 2**63 - 1
        if since:
            row = self._query("SELECT id FROM statements WHERE first_seen >= ? "
                              "ORDER BY first_seen, id LIMIT 1", [since.isoformat()])
            low = row[0]["id"] if row else high
        if until:
            row = self._query("SELECT id FROM statements WHERE first_seen < ? ORDER BY "
                              "first_seen DESC, id DESC LIMIT 1",
                              [(until + timedelta(days=1)).isoformat()])
            high = row[0]["id"] if row else 0
        return low, high

    def _speaker_first(self, speaker: str | None, match: str) -> bool:
        """Whether a search within one speaker's statements is cheaper from the speaker's
        side: they have few (SPEAKER_FIRST at most) and the query matches many more (each
        count stops where the answer is known)."""
        if not speaker:
            return False
        [own] = self.store.db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM statements WHERE speaker_key = ? LIMIT ?)",
            [speaker, SPEAKER_FIRST + 1]).fetchone()
        if own > SPEAKER_FIRST:
            return False
        cap = own * CHECK_COST
        [matches] = self.store.db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM statements_fts WHERE statements_fts "
            "MATCH ? LIMIT ?)", [match, cap + 1]).fetchone()
        return matches > cap

    def _annotate(self, rows: list[dict]) -> None:
        """Each statement's outlets (first seen first) and topics, in two queries."""
        ids = [row["id"] for row in rows]
        mentions: dict[int, list[dict]] = {id_: [] for id_ in ids}
        topics: dict[int, list[str]] = {id_: [] for id_ in ids}
        for m in self._query(self._MENTIONS.format(ids=_in(ids)), ids):
            mentions[m.pop("statement_id")].append(m)
        for a in self._query(f"SELECT statement_id, topic FROM alerts WHERE statement_id IN "
                             f"({_in(ids)}) AND kind = 'new' ORDER BY topic", ids):
            topics[a["statement_id"]].append(a["topic"])
        for row in rows:
            row["direct"] = bool(row["direct"])
            row["unresolved"] = bool(row["unresolved"])
            row["outlets"], row["topics"] = mentions[row["id"]], topics[row["id"]]

    def speaker(self, key: str) -> dict | None:
        """A speaker's name and role as most recently given."""
        rows = self._query("SELECT speaker_key, speaker, role FROM statements "
                           "WHERE speaker_key = ? ORDER BY first_seen DESC LIMIT 1", [key])
        return rows[0] if rows else None

    # --- articles ------------------------------------------------------------------------

    def articles(self, query: Query | None, number: int = 1, size: int = PAGE_SIZE) -> Page:
        """A page of articles, newest first; with `query` those whose title or text
        match, with a snippet of the text around the match."""
        offset = (number - 1) * size
        if query:
            rows = self._matching_articles(query, size + 1, offset)
        else:
            rows = self._query("SELECT id, url, title, published, first_seen, NULL AS snippet "
                               "FROM articles ORDER BY id DESC LIMIT ? OFFSET ?",
                               [size + 1, offset])
        return _page(rows, number, size)

    def _matching_articles(self, query: Query, limit: int, offset: int) -> list[dict]:
        return self._query(
            "SELECT a.id, a.url, a.title, a.published, a.first_seen, f.snippet FROM "
            "(SELECT rowid, snippet(articles_fts, 1, '\x02', '\x03', ' … ', 24) AS snippet "
            "FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC "
            "LIMIT ? OFFSET ?) f JOIN articles a ON a.id = f.rowid",
            [to_fts(query), limit, offset])

    def article(self, article_id: int) -> dict | None:
        """An article with its text, its outlets and the statements found in it."""
        rows = self._query("SELECT id, url, title, byline, published, language, "
                           "description, text, first_seen, updated_at FROM articles "
                           "WHERE id = ?", [article_id])
        if not rows:
            return None
        article = rows[0]
        article["outlets"] = self._query("SELECT source, url, title, seen_at FROM "
                                         "article_outlets WHERE article_id = ? ORDER BY "
                                         "seen_at", [article_id])
        statements = self._query(
            f"SELECT DISTINCT {_STATEMENT_COLUMNS} FROM statement_mentions m JOIN statements s "
            "ON s.id = m.statement_id WHERE m.article_id = ? ORDER BY s.id", [article_id])
        self._annotate(statements)
        article["statements"] = statements
        return article

    # --- digests -------------------------------------------------------------------------

    def digests(self, number: int = 1, size: int = PAGE_SIZE) -> Page:
        """A page of digests, newest first, each with its deliveries."""
        rows = self._query("SELECT id, topic, created_at, message_id, subject FROM digests "
                           "ORDER BY id DESC LIMIT ? OFFSET ?", [size + 1, (number - 1) * size])
        page = _page(rows, number, size)
        self._add_deliveries(page.rows)
        return page

    def digest(self, digest_id: int) -> dict | None:
        """A digest as sent (its text and HTML parts) with its deliveries."""
        rows = self._query("SELECT id, topic, created_at, message_id, subject, text, html "
                           "FROM digests WHERE id = ?", [digest_id])
        self._add_deliveries(rows)
        return rows[0] if rows else None

    def _add_deliveries(self, digests: list[dict]) -> None:
        ids = [d["id"] for d in digests]
        by_digest: dict[int, list[dict]] = {id_: [] for id_ in ids}
        for row in self._query(f"SELECT digest_id, channel, status, attempts, "
                               f"next_attempt_at, last_error, sent_at FROM deliveries WHERE "
                               f"digest_id IN ({_in(ids)}) ORDER BY id", ids):
            by_digest[row.pop("digest_id")].append(row)
        for digest in digests:
            digest["deliveries"] = by_digest[digest["id"]]

    # --- sources and the service ---------------------------------------------------------

    def source_runs(self, source: str, limit: int = 10) -> list[dict]:
        """A source's latest runs: when, how long, what came of it."""
        return self._query("SELECT started_at, seconds, status, links, new_articles, error "
                           "FROM source_runs WHERE source = ? ORDER BY id DESC LIMIT ?",
                           [source, limit])

    def health_rows(self, counts: bool = True) -> dict:
        """What health.StoredState holds, read in one go; the counts (a COUNT over each
        table) only when asked, as /healthz does not show them."""
        db = self.store.db
        state = {
            "sources": {r["name"]: r for r in db.query("SELECT * FROM sources")},
            "deliveries": self._query(
                "SELECT id, channel, status, attempts, last_error, next_attempt_at FROM "
                "deliveries WHERE status != 'sent' ORDER BY id"),
            "pending": {r["topic"]: r["n"] for r in db.query(
                "SELECT topic, COUNT(*) AS n FROM alerts WHERE digest_id IS NULL "
                "GROUP BY topic")},
            "last_digest": {r["topic"]: r["at"] for r in db.query(
                "SELECT topic, MAX(created_at) AS at FROM digests GROUP BY topic")},
        }
        if counts:
            status = self.store.status()
            state["counts"] = {key: status[key] for key in ("articles", "statements",
                                                            "pending_alerts", "digests")}
        return state

    def metrics(self) -> dict:
        """What /metrics exposes, from the counters the store keeps."""
        cycles = self._query("SELECT seconds, started_at FROM cycles ORDER BY id DESC "
                             "LIMIT 1")
        return {
            "sources": self._query("SELECT * FROM source_stats ORDER BY source"),
            "statements": self._query("SELECT topic, COUNT(*) AS n FROM alerts "
                                      "WHERE kind = 'new' GROUP BY topic"),
            "digests": self._query("SELECT topic, COUNT(*) AS n FROM digests GROUP BY topic"),
            "deliveries": self._query("SELECT channel, status, COUNT(*) AS n FROM deliveries "
                                      "GROUP BY channel, status"),
            "cycle": cycles[0] if cycles else None,
            "database_bytes": self._database_bytes(),
        }

    def _database_bytes(self) -> int:
        """The database file and its write-ahead log."""
        return sum(os.path.getsize(self.store.path + suffix) for suffix in ("", "-wal")
                   if os.path.exists(self.store.path + suffix))
