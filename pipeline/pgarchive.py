"""The archive's reads (pipeline.archive) on PostgreSQL: the same pages and API, with the
full-text parts in PostgreSQL's terms (tsvector columns with GIN indexes, queried with
pipeline.topics' tsquery rendering) and the database's size as the server counts it.

Everything else is Archive's plain SQL, which PgStore's connections translate.
"""

from __future__ import annotations

from .archive import _STATEMENT_COLUMNS, Archive, StatementFilter, _conditions
from .topics import Query, to_tsquery

# ts_headline's options: the match between the sentinels web.marked_snippet marks, about
# as many words as SQLite's snippet gives.
_HEADLINE = 'StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=12, FragmentDelimiter=" … "'


class PgArchive(Archive):
    """Archive over a PgStore."""

    # DISTINCT ON: PostgreSQL takes no bare columns beside an aggregate.
    _MENTIONS = ("SELECT * FROM (SELECT DISTINCT ON (statement_id, source) statement_id, "
                 "article_id, source, url, title, seen_at FROM statement_mentions WHERE "
                 "statement_id IN ({ids}) ORDER BY statement_id, source, seen_at) m "
                 "ORDER BY seen_at")

    def _statements_sql(self, where: StatementFilter) -> tuple[str, list]:
        """The filters and the search in one query: PostgreSQL's planner picks the side
        to start from (the GIN index or the newest-first walk) by its statistics."""
        clause, params = _conditions(where)
        if where.query:
            clause += " AND s.search @@ to_tsquery('simple', ?)"
            params.append(to_tsquery(where.query))
        return (f"SELECT {_STATEMENT_COLUMNS} FROM statements s WHERE {clause} "
                "ORDER BY s.first_seen DESC, s.id DESC"), params

    def _matching_articles(self, query: Query, limit: int, offset: int) -> list[dict]:
        """The page's matches first, so that only they get a headline."""
        match = to_tsquery(query)
        return self._query(
            "SELECT a.id, a.url, a.title, a.published, a.first_seen, "
            "ts_headline('simple', a.text, to_tsquery('simple', ?), ?) AS snippet FROM "
            "(SELECT id FROM articles WHERE search @@ to_tsquery('simple', ?) "
            "ORDER BY id DESC LIMIT ? OFFSET ?) m JOIN articles a ON a.id = m.id "
            "ORDER BY a.id DESC", [match, _HEADLINE, match, limit, offset])

    def _database_bytes(self) -> int:
        return int(self._query("SELECT pg_database_size(current_database()) AS n")[0]["n"])
