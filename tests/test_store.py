"""The store contract: article dedup, statement merging, the digest outbox, on SQLite and
on PostgreSQL alike (the `store` fixture is each in turn); SQLite's own file handling
and upgrades under `sqlite_store`."""

import gzip
import os
import random
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.archive import Archive, StatementFilter
from pipeline.dedupe import text_keys
from pipeline.digest import render_digest
from pipeline.models import Article, Span, Statement
from pipeline.store import (
    RUNS_KEPT,
    SAMPLES_KEPT,
    SCHEMA_VERSION,
    TEMPLATE_PAGES,
    FetchedPage,
    SourceAttempt,
    Store,
)
from pipeline.topics import parse_query
from tests.conftest import made_up_words, seed_text

TEXT = seed_text(4)
DATA = Path(__file__).parent / "data"


def article(url: str = "https://wpnews.example/kremlin", text: str = TEXT,
            title: str = "Kremlin") -> Article:
    return Article(url=url, title=title, text=text, published="2022-01-29T10:00:00Z",
                   blocks=("b1", "b2"))


def statement(content: str = "There is no positive reaction on the main issue in this document",
              speaker: str = "Sergey Lavrov", key: str = "lavrov") -> Statement:
    return Statement(speaker=speaker, speaker_key=key, role="Russian Foreign Minister",
                     cue="said", content=content, direct=True,
                     content_span=Span(10, 10 + len(content)))


def store_statement(store: Store, clock, source: str = "WP News",
                    url: str = "https://wpnews.example/kremlin", content: str | None = None,
                    alert_on_new_outlet: frozenset[str] = frozenset()) -> int:
    """Store the seed article from `source` with one statement on topic "Russia"."""
    found = [(statement(content) if content else statement(), ["Russia"])]
    return store.save_article(source, [url], article(url), clock(), found,
                              alert_on_new_outlet).new_statements


def text_of(store: Store, article_id: int) -> str:
    return store.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]


@pytest.fixture
def sqlite_store(tmp_path) -> Store:
    return Store(tmp_path / "nw.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """Each store in turn, through the same tests: the contract both keep."""
    if request.param == "sqlite":
        yield Store(tmp_path / "nw.db")
        return
    pgstore = pytest.importorskip("pipeline.pgstore", reason="pip install '.[postgres]'")
    store = pgstore.PgStore(request.getfixturevalue("pg_url"))
    yield store
    store.shutdown()


def test_database_is_wal_and_sane(sqlite_store):
    store = sqlite_store
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    Store(store.path)  # opening again migrates nothing and breaks nothing


def test_a_database_of_the_previous_schema_is_upgraded_in_place(sqlite_store, clock):
    store = sqlite_store
    store_statement(store, clock)
    store.db.execute("ALTER TABLE statements DROP COLUMN object_of_cue")
    store.db.execute("DROP TABLE dead_links")
    store.db.execute("PRAGMA user_version = 1")
    store.db.conn.close()
    upgraded = Store(store.path)
    assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert upgraded.dead_links(["https://a.example/x"], clock(), timedelta(days=1)) == set()
    digest = upgraded.create_digest("Russia", ["email"], clock(),
                                    lambda items: render_digest("Russia", items))
    assert "There is no positive reaction" in digest.text
    assert digest.payload["statements"][0]["object_of_cue"] is False


def test_a_sources_latest_runs_are_kept_and_its_counters_only_grow(store, clock):
    store.record_run("WP News", clock(), 1.5, "fetched", 12, 3, None)
    for _ in range(RUNS_KEPT):
        store.record_run("WP News", clock(), 0.5, "failed", 0, 0, "HTTP 500")
    store.record_cycle(clock(), 2.0, 1, 0)
    runs = store.db.query("SELECT status FROM source_runs WHERE source = ?", ["WP News"])
    assert [r["status"] for r in runs] == ["failed"] * RUNS_KEPT
    [stats] = store.db.query("SELECT runs, errors, articles FROM source_stats")
    assert (stats["runs"], stats["errors"], stats["articles"]) == (RUNS_KEPT + 1, RUNS_KEPT, 3)
    [cycle] = store.db.query("SELECT seconds, sources, failed FROM cycles")
    assert (cycle["seconds"], cycle["sources"], cycle["failed"]) == (2.0, 1, 0)


def test_a_database_of_schema_4_gets_the_web_interfaces_tables_in_place(sqlite_store, clock):
    """Schema 5: statements searchable (their stored rows too), source runs, counters and
    cycle durations recorded."""
    store = sqlite_store
    store_statement(store, clock)
    for table in ("source_runs", "source_stats", "cycles"):
        store.db.execute(f"DROP TABLE {table}")
    store.db.table("statements").disable_fts()
    store.db.execute("PRAGMA user_version = 4")
    store.db.conn.close()
    upgraded = Store(store.path)
    assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    found = Archive(upgraded).statements(StatementFilter(query=parse_query('"positive reaction"')))
    assert found.rows
    upgraded.record_run("WP News", clock(), 1.5, "fetched", 12, 3, None)
    upgraded.record_cycle(clock(), 2.0, 1, 0)
    assert Archive(upgraded).source_runs("WP News")[0]["links"] == 12
    assert Archive(upgraded).metrics()["cycle"]["seconds"] == 2.0
    for _ in range(RUNS_KEPT):  # the page keeps the latest runs; the counters only grow
        upgraded.record_run("WP News", clock(), 0.5, "failed", 0, 0, "HTTP 500")
    assert len(Archive(upgraded).source_runs("WP News", limit=100)) == RUNS_KEPT
    [stats] = Archive(upgraded).metrics()["sources"]
    assert (stats["runs"], stats["errors"], stats["articles"]) == (RUNS_KEPT + 1, RUNS_KEPT, 3)


def test_only_a_sources_latest_pages_keep_their_blocks(store, clock):
    """A site's template is learned from its latest TEMPLATE_PAGES pages: the block
    fingerprints of older ones are not kept (they were a sixth of the file)."""
    rng = random.Random(3)
    other = "https://presstv.example/iran"
    store.save_article("Press TV", [other], replace(article(other), blocks=("3own",)), clock())
    for k in range(TEMPLATE_PAGES + 5):
        clock.advance(seconds=1)
        url = f"https://wpnews.example/page-{k}"
        store.save_article("WP News", [url], replace(article(url, made_up_words(rng, 80)),
                                                     blocks=(f"3page{k}", "2share")), clock())
    assert store.template_pages("WP News") == [
        (f"3page{k}", "2share") for k in reversed(range(5, TEMPLATE_PAGES + 5))]
    assert store.template_pages("Press TV") == [("3own",)]
    kept = store.db.execute("SELECT COUNT(*) FROM template_pages")
    assert kept.fetchone()[0] == TEMPLATE_PAGES + 1


def test_a_database_of_schema_7_moves_the_latest_pages_blocks_out_of_article_outlets(
        sqlite_store, clock):
    """Schema 8: article_outlets kept every page's blocks column, whose emptied rows held
    their pages; the latest TEMPLATE_PAGES of each source move to template_pages and the
    table is built again, every outlet row kept."""
    store, rng = sqlite_store, random.Random(4)
    urls = [f"https://wpnews.example/page-{k}" for k in range(TEMPLATE_PAGES + 3)]
    for url in urls:
        clock.advance(seconds=1)
        store.save_article("WP News", [url], article(url, made_up_words(rng, 80)), clock())
    store.save_article("Press TV", [urls[0]], article(urls[0]), clock())
    with store.transaction() as db:  # as schema 7 left it: every page's blocks in place
        db.execute("ALTER TABLE article_outlets ADD COLUMN blocks TEXT NOT NULL DEFAULT '[]'")
        db.execute("UPDATE article_outlets SET blocks = json_array(source || ' ' || url)")
        db.execute("DROP TABLE template_pages")
        db.execute("PRAGMA user_version = 7")
    outlets = store.db.execute("SELECT * FROM article_outlets ORDER BY 1, 2").fetchall()
    store.db.conn.close()
    upgraded = Store(store.path)
    assert upgraded.template_pages("WP News") == [
        (f"WP News {url}",) for url in reversed(urls[3:])]
    assert upgraded.template_pages("Press TV") == [(f"Press TV {urls[0]}",)]
    assert "blocks" not in upgraded.db.table("article_outlets").columns_dict
    assert upgraded.db.execute("SELECT *, '[]' FROM article_outlets ORDER BY 1, 2").fetchall() \
        == [(*row[:-1], "[]") for row in outlets]
    assert upgraded.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_database_of_schema_5_keeps_template_samples_bounded_per_source(sqlite_store, clock):
    """Schema 6: the text samples of the template blocks a page had, the newest per block,
    at most SAMPLES_KEPT per source. (SQLite's upgrade; PostgreSQL starts at its schema.)"""
    store = sqlite_store
    store.db.execute("DROP TABLE template_samples")
    store.db.execute("PRAGMA user_version = 5")
    store.db.conn.close()
    upgraded = Store(store.path)
    notice = ("4abc", "Disclaimer: auto-published from an agency feed")
    url = "https://wpnews.example/kremlin"
    upgraded.save_article("WP News", [url], replace(article(url), removed=(notice,)), clock())
    assert upgraded.template_samples("WP News") == {"4abc": notice[1]}
    assert upgraded.template_samples("Press TV") == {}
    for k in range(SAMPLES_KEPT + 5):
        clock.advance(seconds=1)
        other = f"https://wpnews.example/page-{k}"
        removed = ((f"3f{k:04d}", f"Share {k}"), ("4abc", "Disclaimer, new"))
        upgraded.save_article("WP News", [other], replace(article(other), removed=removed),
                              clock())
    samples = upgraded.template_samples("WP News")
    assert len(samples) == SAMPLES_KEPT and samples["4abc"] == "Disclaimer, new"
    assert f"3f{SAMPLES_KEPT + 4:04d}" in samples and "3f0000" not in samples


def test_a_database_of_schema_2_is_indexed_in_place(tmp_path, clock):
    """A database the previous release made (its demo's) keeps every row, gets the band
    and statement-key indexes, loses the old sketch rows, and its articles and statements
    are found again as copies and known statements."""
    path = tmp_path / "v2.db"
    path.write_bytes(gzip.decompress((DATA / "schema-v2.db.gz").read_bytes()))
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "unresolved" in store.db.table("statements").columns_dict
    assert "article_sketch" not in store.db.table_names()
    assert "sketch_size" not in store.db.table("articles").columns_dict
    assert (store.status()["articles"], store.status()["statements"]) == (14, 58)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old = store.db.execute("SELECT id, text FROM articles ORDER BY length(text) DESC").fetchone()
    copy = article("https://copies.example/x", "By Wire Staff\n\n" + old[1]
                   + "\n\n(Reporting by A. Writer; editing by B. Editor)")
    assert store.save_article("Copies", ["https://copies.example/x"], copy, clock()).article_id \
        == old[0]
    known = store.db.execute("SELECT speaker_key, content FROM statements "
                             "ORDER BY length(content) DESC").fetchone()
    trimmed = " ".join(known[1].split()[2:])
    found = [(statement(trimmed, speaker=known[0], key=known[0]), ["Russia"])]
    saved = store.save_article("Other", ["https://other.example/y"], article(
        "https://other.example/y", TEXT + " Another paragraph."), clock(), found)
    assert saved.new_statements == 0


def test_same_url_same_text_is_unchanged(store, clock):
    first = store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    again = store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    assert (first.outcome, again.outcome) == ("new", "unchanged")
    assert first.article_id == again.article_id
    assert store.status()["articles"] == 1


def test_changed_text_at_the_same_url_is_an_update(store, clock):
    first = store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    edited = article(text=TEXT + "\n\nUpdate: the Kremlin declined to comment further.")
    saved = store.save_article("WP News", ["https://wpnews.example/kremlin"], edited, clock())
    assert (saved.outcome, saved.article_id) == ("updated", first.article_id)
    assert text_of(store, first.article_id).endswith("comment further.")
    assert store.status()["articles"] == 1


def test_syndicated_copy_is_the_same_article_with_another_outlet(store, clock):
    first = store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    copy = article(url="https://wiredaily.example/copy",
                   text="By Staff\n\n" + TEXT + "\n\nSign up for our newsletter.")
    saved = store.save_article("Wire Daily", ["https://wiredaily.example/copy"], copy, clock())
    assert (saved.outcome, saved.article_id) == ("copy", first.article_id)
    outlets = {r["source"] for r in store.db.query("SELECT source FROM article_outlets")}
    assert outlets == {"WP News", "Wire Daily"}
    assert text_of(store, first.article_id) == TEXT  # the copy did not overwrite it


def test_copy_of_an_article_stored_without_a_shingle_sample_is_found(store, clock):
    """Articles stored before schema 7 have no sample of shingles: their text decides."""
    first = store.save_article("WP News", ["https://wpnews.example/kremlin"], article(),
                               clock())
    with store.transaction() as db:
        db.execute("DELETE FROM article_shingles")
    copy = article(url="https://wiredaily.example/copy", text=TEXT + "\n\nShare this.")
    saved = store.save_article("Wire Daily", ["https://wiredaily.example/copy"], copy, clock())
    assert (saved.outcome, saved.article_id) == ("copy", first.article_id)


def test_copy_of_an_articles_old_text_is_not_merged_with_its_new_one(store, clock):
    """An article rewritten in place (half of it kept) is compared by its new text: a
    copy of the old text shares bands with it, yet is its own article."""
    paragraphs = TEXT.split("\n\n")
    rewritten = "\n\n".join([*paragraphs[: len(paragraphs) // 2], seed_text(0)])
    first = store.save_article("WP News", ["https://wpnews.example/kremlin"], article(),
                               clock())
    store.save_article("WP News", ["https://wpnews.example/kremlin"],
                       article(text=rewritten), clock())
    copy = article(url="https://wiredaily.example/copy", text=TEXT + "\n\nShare this.")
    saved = store.save_article("Wire Daily", ["https://wiredaily.example/copy"], copy, clock())
    assert saved.outcome == "new" and saved.article_id != first.article_id


def test_pages_stored_together_are_checked_against_each_other_and_marked_fetched(
        store, clock):
    """A source's pages stored in one batch: a syndicated copy among them is found as a
    copy of the page before it, and each link keeps the validators its page came with."""
    copy = article(url="https://wpnews.example/copy",
                   text="By Staff\n\n" + TEXT + "\n\nSign up for our newsletter.")
    pages = [FetchedPage("WP News", f"https://wpnews.example/{name}", [f"https://wpnews.example/{name}"],
                         page, text_keys(page.text), [], etag=f'"{name}"')
             for name, page in (("kremlin", article()), ("copy", copy))]
    first, second = store.save_fetched(pages, clock())
    assert (first.outcome, second.outcome) == ("new", "copy")
    assert second.article_id == first.article_id
    assert store.validators("https://wpnews.example/copy") == ('"copy"', None)
    assert store.status()["articles"] == 1


def test_copy_pointing_its_canonical_link_to_the_original_is_a_copy(store, clock):
    store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    copy = article(text=TEXT + "\n\nRead more at our partner site.")  # canonical -> original
    saved = store.save_article("Wire Daily", ["https://wiredaily.example/copy"], copy, clock())
    assert saved.outcome == "copy"
    assert text_of(store, saved.article_id) == TEXT


def test_different_article_is_new(store, clock):
    store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    other = article(url="https://presstv.example/eu", text=seed_text(1))
    assert store.save_article("Press TV", ["https://presstv.example/eu"], other,
                              clock()).outcome == "new"


def test_full_text_search(store, clock):
    store.save_article("WP News", ["https://wpnews.example/kremlin"], article(), clock())
    found = store.search_articles(parse_query("Sullivan AND (Kremlin* OR NATO)"))
    assert [r["url"] for r in found] == ["https://wpnews.example/kremlin"]
    assert store.search_articles(parse_query("Shoigu")) == []
    assert store.search_articles(parse_query("Sullivan NOT Kremlin")) == []


def test_statement_from_two_outlets_is_one_statement_with_two_mentions(store, clock):
    assert store_statement(store, clock) == 1
    assert store_statement(store, clock, "Wire Daily", "https://wiredaily.example/copy") == 0
    assert store.status()["statements"] == 1
    assert store.db.execute("SELECT COUNT(*) FROM statement_mentions").fetchone()[0] == 2
    assert store.status()["pending_alerts"] == 1


def test_a_prolific_speakers_trimmed_quote_is_still_known(store, clock):
    """A speaker with more statements than a common word pair's index key is read for
    (they all open alike) still has a shortened re-report of one recognised."""
    rng = random.Random(1)
    vocabulary = sorted({w.lower() for w in TEXT.split() if w.isalpha()})
    contents = []
    for i in range(130):
        contents.append("The foreign ministry will not comment on "
                        + " ".join(rng.sample(vocabulary, 20)))
        text = " ".join(rng.choices(vocabulary, k=300))
        store.save_article("WP News", [f"https://wpnews.example/{i}"],
                           article(f"https://wpnews.example/{i}", text), clock(),
                           [(statement(contents[i]), ["Russia"])], frozenset())
    assert store.status()["statements"] == 130
    trimmed = contents[64].removeprefix("The foreign ministry ")
    assert store_statement(store, clock, "Wire Daily", "https://wiredaily.example/copy",
                           trimmed) == 0
    assert store.status()["statements"] == 130


def test_digest_takes_pending_alerts_once(store, clock):
    store_statement(store, clock)
    digest = store.create_digest("Russia", ["email"], clock(),
                                 lambda items: render_digest("Russia", items))
    assert digest.subject.startswith("[newswatch] Russia: 1 new statement")
    assert store.create_digest("Russia", ["email"], clock(),
                               lambda items: render_digest("Russia", items)) is None
    # the same statement from a third outlet after delivery: archived, no new alert
    store_statement(store, clock, "Press TV", "https://presstv.example/x")
    assert store.status()["pending_alerts"] == 0
    mentions = store.db.execute("SELECT COUNT(*) FROM statement_mentions").fetchone()[0]
    assert mentions == 2


def test_alert_on_new_outlet_lists_the_statement_again_as_an_update(store, clock):
    store_statement(store, clock)
    store.create_digest("Russia", ["email"], clock(), lambda i: render_digest("Russia", i))
    store_statement(store, clock, "Press TV", "https://presstv.example/x",
                    alert_on_new_outlet=frozenset({"Russia"}))
    digest = store.create_digest("Russia", ["email"], clock(),
                                 lambda i: render_digest("Russia", i))
    assert "reported by more outlets" in digest.subject
    assert [s["update"] for s in digest.payload["statements"]] == [True]


def test_failed_render_leaves_alerts_pending(store, clock):
    store_statement(store, clock)

    def broken(items):
        raise sqlite3.OperationalError("database or disk is full")

    with pytest.raises(sqlite3.OperationalError):
        store.create_digest("Russia", ["email"], clock(), broken)
    assert store.status()["pending_alerts"] == 1
    assert store.status()["digests"] == 0


def test_source_failures_count_up_and_reset_with_its_runs(store, clock):
    failed = SourceAttempt("https://s.example/", "feed", clock(), "HTTP 500")
    for failures in (1, 2):
        store.record_run("S", clock(), 0.5, "failed", 0, 0, "HTTP 500", failed)
        assert store.source_state("S")["failures"] == failures
    store.record_run("S", clock(), 0.5, "unchanged", 3, 0, None,
                     SourceAttempt("https://s.example/", "feed", clock()))
    state = store.source_state("S")
    assert state["failures"] == 0 and state["last_error"] is None and state["last_success_at"]
    assert [r["status"] for r in Archive(store).source_runs("S")] == ["unchanged", "failed",
                                                                     "failed"]


def test_an_unresolved_source_is_stored_and_reaches_the_digest_as_such(store, clock):
    url = "https://wpnews.example/kremlin"
    unnamed = Statement(speaker="alliance", speaker_key="alliance", role="", cue="said",
                        content="No third country has a say in who joins", direct=False,
                        content_span=Span(10, 50), unresolved=True)
    store.save_article("WP News", [url], article(url), clock(), [(unnamed, ["Russia"])])
    digest = store.create_digest("Russia", ["email"], clock(),
                                 lambda items: render_digest("Russia", items))
    assert digest.payload["statements"][0]["unresolved"] is True
    assert "WP News, sources not named" in digest.text


def _open_files(path: Path) -> int:
    """This process's open descriptors of the database and its WAL index files."""
    fds = Path("/proc/self/fd")
    return sum(1 for fd in fds.iterdir()
               if os.path.realpath(fd).startswith(str(path.resolve())))


def test_connections_of_ended_threads_are_closed(tmp_path):
    """A pool's threads each keep a connection while they run sources; once the pool has
    ended, close_threads closes them, so a run leaves no database file open."""
    store = Store(tmp_path / "newswatch.db")
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: store.source_state("Wire"), range(20)))
    store.close_threads()
    store.close()
    assert _open_files(tmp_path / "newswatch.db") == 0


def test_a_speaker_is_shown_with_the_fullest_name_and_role_in_every_digest(store, clock):
    def said(content: str, speaker: str, role: str) -> None:
        found = [(Statement(speaker=speaker, speaker_key="stoltenberg", role=role, cue="said",
                            content=content, direct=True, content_span=Span(0, 10)),
                  ["Russia"])]
        url = f"https://wpnews.example/{len(content)}"
        store.save_article("WP News", [url], article(url, text=content * 20), clock(), found)

    def shown() -> tuple[str, str]:
        digest = store.create_digest("Russia", ["email"], clock(),
                                     lambda items: render_digest("Russia", items))
        [statement] = digest.payload["statements"]
        return statement["speaker"], statement["role"]

    said("We are ready to act on security", "Stoltenberg", "general secretary")
    assert shown() == ("Stoltenberg", "general secretary")
    said("Allies will not give up the open door", "Jens Stoltenberg", "NATO Secretary General")
    assert shown() == ("Jens Stoltenberg", "NATO Secretary General")
    said("Russia must withdraw its forces from the border", "Stoltenberg", "chief")
    assert shown() == ("Jens Stoltenberg", "NATO Secretary General")
