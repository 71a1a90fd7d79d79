"""PostgreSQL as the store of several workers: what two processes writing at once must
not do twice (a statement in two digests, a delivery sent by both, one article stored as
two). Two PgStore objects on one database stand for two workers."""

import email
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from threading import Barrier

import pytest

from pipeline.app.cycle import run_once
from pipeline.digest import render_digest
from pipeline.errors import EXIT_CONFIG
from pipeline.models import Span, Statement
from tests.conftest import made_up_words, make_services, received
from tests.test_store import TEXT, article

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
    code, _, error = newswatch_cli("--config", config, "web")  # it reads SQLite only
    assert code == EXIT_CONFIG and "web interface reads the SQLite store only" in error
