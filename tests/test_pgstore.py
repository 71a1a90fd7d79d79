"""PostgreSQL as the store of several workers: what two processes writing at once must
not do twice (a statement in two digests, a delivery sent by both, one article stored as
two). Two PgStore objects on one database stand for two workers."""

import email
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from threading import Barrier

import pytest

from pipeline.app.cycle import run_once, run_source_safely
from pipeline.digest import render_digest
from pipeline.models import Span, Statement
from pipeline.store import SCHEMA_VERSION
from tests.conftest import made_up_words, make_services, news_page, received, rss, services
from tests.servers import respond
from tests.test_store import TEXT, article, store_statement

pgstore = pytest.importorskip("pipeline.pgstore", reason="pip install '.[postgres]'")


@pytest.fixture
def workers(pg_url):
    stores = [pgstore.PgStore(pg_url) for _ in range(2)]
    yield stores
    for store in stores:
        store.shutdown()


def said(i: int) -> Statement:
    content = made_up_words(random.Random(i), 12)  # statements nothing merges
    return Statement(speaker="Sergey Lavrov", speaker_key="lavrov", role="", cue="said",
                     content=content, direct=True, content_span=Span(0, len(content)))


def test_statements_reach_exactly_one_digest_whichever_worker_makes_it(workers, clock):
    first, _ = workers
    for i in range(24):
        url = f"https://wpnews.example/{i}"
        first.save_article("WP News", [url], article(url, f"{TEXT}\n\nItem {i}."), clock(),
                           [(said(i), ["Russia"])])

    def make_digests(store) -> list:
        made = []
        while digest := store.create_digest("Russia", ["email"], clock(),
                                            lambda items: render_digest("Russia", items),
                                            lambda items: items[:2]):
            made.append(digest)
        return made

    with ThreadPoolExecutor(4) as pool:
        digests = [d for made in pool.map(make_digests, workers * 2) for d in made]
    contents = [s["content"] for d in digests for s in d.payload["statements"]]
    assert sorted(contents) == sorted(said(i).content for i in range(24))
    assert first.status()["pending_alerts"] == 0


def test_a_delivery_is_claimed_by_one_worker_and_retaken_after_a_lost_lease(workers, clock):
    first, second = workers
    first.save_article("WP News", ["https://wpnews.example/a"], article(), clock(),
                       [(said(1), ["Russia"])])
    digest = first.create_digest("Russia", ["email", "webhook"], clock(),
                                 lambda items: render_digest("Russia", items))
    horizon = timedelta(hours=1)
    claimed = first.due_deliveries(clock(), horizon)
    assert [d.channel for d in claimed] == ["email", "webhook"]
    assert second.due_deliveries(clock(), horizon) == []  # the first worker has them
    first.mark_sent(claimed[0].id, clock())
    clock.advance(seconds=pgstore.CLAIM.total_seconds() + 1)  # the first worker died
    retaken = second.due_deliveries(clock(), horizon)
    assert [(d.channel, d.digest.message_id) for d in retaken] == [
        ("webhook", digest.message_id)]


def test_one_text_stored_by_two_workers_at_once_is_one_article(workers, clock):
    start = Barrier(2)

    def save(store, source: str) -> str:
        url = f"https://{source}.example/story"
        start.wait()
        return store.save_article(source, [url], article(url), clock(),
                                  [(said(1), ["Russia"])]).outcome

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(save, workers, ["wpnews", "wiredaily"]))
    assert outcomes == ["copy", "new"]
    status = workers[0].status()
    assert (status["articles"], status["statements"], status["pending_alerts"]) == (1, 1, 1)


def test_a_database_newswatch_has_not_set_up_is_refused_for_reading(pg_url):
    with pytest.raises(pgstore.StorageError, match="not a newswatch database"):
        pgstore.PgStore(pg_url, read_only=True)


def test_an_unreachable_server_is_one_clear_error(pg_cluster):
    url = "postgresql://newswatch:secret@127.0.0.1:1/newswatch"
    with pytest.raises(pgstore.StorageError, match="cannot connect") as raised:
        pgstore.PgStore(url, connect_timeout=0.5)
    assert "secret" not in str(raised.value)


def text_lines(message: email.message.EmailMessage, state_dir: Path) -> list[str]:
    """The text part's lines, sorted: the same digest whichever order its items came in
    (its footer names the config file, in the state directory here)."""
    text = message.get_body(("plain",)).get_content().replace(str(state_dir), "STATE")
    return sorted(text.splitlines())


def test_a_cycle_on_postgresql_sends_the_digest_the_sqlite_store_sends(
        sample_sites, tmp_path, mail_server, clock, pg_url, monkeypatch, newswatch_cli):
    """NEWSWATCH_DATABASE_URL switches the whole service, `status` and `search` too."""
    on_sqlite = make_services(sample_sites, tmp_path / "sqlite", mail_server.port, clock)
    run_once(on_sqlite)
    on_sqlite.close()
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", pg_url)
    on_postgres = make_services(sample_sites, tmp_path / "pg", mail_server.port, clock)
    assert isinstance(on_postgres.store, pgstore.PgStore)
    run_once(on_postgres)
    on_postgres.close()
    from_sqlite, from_postgres = received(mail_server)
    assert from_postgres["Subject"] == from_sqlite["Subject"]
    # the same statements, speakers and outlets (their order follows the sources' threads)
    assert (text_lines(from_postgres, tmp_path / "pg")
            == text_lines(from_sqlite, tmp_path / "sqlite"))
    assert not (tmp_path / "pg" / "newswatch.db").exists()
    config = str(tmp_path / "pg" / "newswatch.toml")
    _, shown, _ = newswatch_cli("--config", config, "status")  # overdue: the test clock's
    assert "pending alerts 0:" in shown and "digests 1:" in shown
    code, found, _ = newswatch_cli("--config", config, "search",
                                   'Lavrov AND "security proposals"')
    assert code == 0 and "/seed-" in found  # a search result: a seed story's address


def test_a_database_of_an_earlier_schema_gets_new_tables_and_columns_in_place(pg_url, clock):
    old = pgstore.PgStore(pg_url)
    store_statement(old, clock)
    old.db.execute("ALTER TABLE statements DROP COLUMN unresolved")  # as before schema 4
    old.db.execute("DROP TABLE template_samples")  # as before schema 6
    old.db.execute("DROP TABLE template_pages")  # as before schema 8, with the blocks in
    old.db.execute("ALTER TABLE article_outlets ADD COLUMN blocks TEXT NOT NULL DEFAULT '[]'")
    old.db.execute("""UPDATE article_outlets SET blocks = '["3own"]'""")
    old.db.execute("DELETE FROM newswatch_schema")
    old.db.execute("INSERT INTO newswatch_schema (version) VALUES (3)")
    old.shutdown()
    upgraded = pgstore.PgStore(pg_url)
    assert upgraded.scalar("SELECT MAX(version) FROM newswatch_schema") == SCHEMA_VERSION
    [kept] = upgraded.db.query("SELECT speaker, unresolved FROM statements")
    assert kept == {"speaker": "Sergey Lavrov", "unresolved": False}  # named, as then
    assert upgraded.template_pages("WP News") == [("3own",)]
    url = "https://wpnews.example/other"
    upgraded.save_article("WP News", [url], replace(article(url, f"{TEXT}\n\nMore."),
                                                    removed=(("4abc", "Site notice."),)),
                          clock())
    assert upgraded.template_samples("WP News") == {"4abc": "Site notice."}
    upgraded.shutdown()


def test_a_lost_connection_fails_one_sources_run_as_storage_and_the_next_run_reconnects(
        tmp_path, clock, http_server, pg_url, caplog):
    http_server.routes["/news"] = respond(200, news_page(
        "Lavrov on security guarantees", [TEXT, f"{made_up_words(random.Random(1), 40)}."]),
        {"Content-Type": "text/html; charset=utf-8"})
    http_server.routes["/feed.xml"] = respond(200, rss(
        ("Lavrov on security guarantees", http_server.url("/news"))))
    svc = services(tmp_path, clock, {"Feed": http_server.url("/feed.xml")},
                   tables=f'[store]\nurl = "{pg_url}"\n')
    [source] = svc.config.sources
    held = svc.store.db.raw.info.backend_pid  # this thread's connection, cut by the server
    killer = pgstore.PgStore(pg_url)
    assert killer.scalar("SELECT pg_terminate_backend(?)", [held])
    killer.shutdown()
    failed = run_source_safely(svc, source)
    assert failed.status == "failed" and failed.error.startswith("storage: ")
    assert "source not stored; retried next cycle" in caplog.text
    assert run_source_safely(svc, source).pages["new"] == 1  # a new connection
    svc.close()
    svc.store.shutdown()
