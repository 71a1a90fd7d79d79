"""Beyond one machine: `newswatch worker` processes sharing the work through PostgreSQL,
politeness per host across them, and `newswatch migrate` of a SQLite archive."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest

from pipeline.app.cycle import run_once
from pipeline.config import Source
from tests.conftest import made_up_words, make_services, news_page, received, rss, services
from tests.servers import respond

pgstore = pytest.importorskip("pipeline.pgstore", reason="pip install '.[postgres]'")
cluster = pytest.importorskip("pipeline.app.cluster")
ROOT = Path(__file__).parent.parent


def newswatch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def wait_for(condition, timeout: float = 90.0) -> None:
    """Poll a condition the workers bring about (they run in other processes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the workers did not get there in time"
        time.sleep(0.2)


def start_workers(config: Path, logs: list[Path], concurrency: int) -> list[subprocess.Popen]:
    """`newswatch worker` processes on the config, each logging to its file."""
    workers = []
    for log in logs:
        with log.open("w") as out:
            workers.append(subprocess.Popen(
                [sys.executable, "-m", "pipeline", "--config", str(config), "worker",
                 "--concurrency", str(concurrency)], cwd=ROOT, stdout=subprocess.DEVNULL,
                stderr=out, env={**os.environ, "PYTHONPATH": str(ROOT)}))
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)


def test_two_workers_fetch_every_source_once_and_send_each_statement_once(
        sample_sites, tmp_path, mail_server, clock, pg_url, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", pg_url)
    svc = make_services(sample_sites, tmp_path / "state", mail_server.port, clock)
    store, names = svc.store, {s.name for s in svc.config.sources}
    workers = start_workers(svc.config.path, [tmp_path / f"worker{i}.log" for i in range(2)],
                            concurrency=3)
    try:
        wait_for(lambda: {s["name"] for s in store.status()["sources"]
                          if s["last_success_at"]} == names)
        wait_for(lambda: received(mail_server) and not store.status()["pending_alerts"])
        wait_for(lambda: all(d["status"] == "sent"
                             for d in store.db.query("SELECT status FROM deliveries")))
    finally:
        stop_workers(workers)
    # digests run beside the fetches: maybe more than one, each statement in exactly one,
    # each digest sent once
    digests = store.digests()
    sent = sorted(message["Message-ID"] for message in received(mail_server))
    assert sent == sorted(d.message_id for d in digests)
    in_digests = [s["content"] for d in digests for s in d.payload["statements"]]
    assert len(in_digests) == len(set(in_digests)) > 10  # none in two digests
    [taken] = store.db.query("SELECT COUNT(*) AS n FROM alerts WHERE kind = 'new' "
                             "AND digest_id IS NOT NULL")  # (without_relayed: not shown)
    assert taken["n"] == store.status()["statements"]  # every statement alerted, taken
    fetched = store.db.query("SELECT url, COUNT(*) AS n FROM fetch_log WHERE outcome = 'new' "
                             "GROUP BY url HAVING COUNT(*) > 1")
    assert list(fetched) == []  # no page stored twice
    svc.close()


def test_requests_to_a_host_arrive_a_delay_apart_whichever_worker_sends_them(
        http_server, tmp_path, clock, pg_url, monkeypatch):
    """Two worker processes fetch eight sources of one host at once: at the server, every
    request arrives at least per_host_delay after the one before it."""
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", pg_url)
    rng, delay, sources = random.Random(18), 0.3, {}
    for i in range(8):
        page = http_server.url(f"/s{i}/news.html")
        http_server.routes[f"/s{i}/feed.xml"] = respond(200, rss((f"News {i}", page)), {
            "Content-Type": "application/rss+xml"})
        http_server.routes[f"/s{i}/news.html"] = respond(200, news_page(
            f"News {i}", [made_up_words(rng, 40) for _ in range(4)]), {
            "Content-Type": "text/html"})
        sources[f"s{i}"] = http_server.url(f"/s{i}/feed.xml")
    svc = services(tmp_path, clock, sources, per_host_delay=delay)
    logs = [tmp_path / f"worker{i}.log" for i in range(2)]
    workers = start_workers(svc.config.path, logs, concurrency=4)
    try:
        wait_for(lambda: sum(1 for s in svc.store.status()["sources"]
                             if s["last_success_at"]) == len(sources))
    finally:
        stop_workers(workers)
    assert all("source done" in log.read_text() for log in logs)  # both fetched
    assert {hit.path for hit in http_server.hits} >= {
        path for path in http_server.routes if path.startswith("/s")}
    arrivals = sorted(hit.at for hit in http_server.hits)
    assert min(b - a for a, b in pairwise(arrivals)) >= delay
    svc.close()


def test_a_host_is_held_until_released_or_its_lease_ends(pg_url):
    """Throttles of two stores (as of two workers) hold one host in turn, each exchange
    starting `delay` or more after the previous one ended; another host is not held up.
    A claim never released (its worker killed) ends with its lease, and a late release
    of it does not free the host from its next holder."""
    stores = [pgstore.PgStore(pg_url) for _ in range(2)]
    for store in stores:
        cluster.prepare_database(store)
    delay, lease, exchanges = 0.2, 1.0, []
    throttles = [cluster.SharedHostThrottle(store, delay, lease, time.sleep) for store in stores]

    def exchange(throttle) -> None:
        with throttle.hold("127.0.0.2"):
            started = time.monotonic()
            time.sleep(0.05)  # the request and its answer
            exchanges.append((started, time.monotonic()))
        throttle.store.close()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(exchange, throttles * 3))
    exchanges.sort()
    assert len(exchanges) == 6
    assert all(later[0] - earlier[1] >= delay for earlier, later in pairwise(exchanges))
    with throttles[0].hold("127.0.0.2"):
        started = time.monotonic()
        with throttles[1].hold("127.0.0.3"):
            assert time.monotonic() - started < delay
    token, _ = throttles[0].claim("127.0.0.4")
    started = time.monotonic()
    with throttles[1].hold("127.0.0.4"):
        assert lease - delay < time.monotonic() - started < lease + delay + 0.5
        throttles[0].release("127.0.0.4", token)
        assert throttles[0].claim("127.0.0.4")[0] is None
    for store in stores:
        store.shutdown()


def test_due_sources_are_queued_taking_hosts_in_turn():
    """Jobs run in the order they were queued: a site's sources one after another would
    have a worker's jobs wait for each other's politeness delay."""
    sources = [Source(f"{site}{i}", f"https://{site}.example/feed{i}.xml", "feed", 3600.0)
               for site in ("a", "b", "c") for i in range(3 if site == "a" else 1)]
    assert [s.name for s in cluster.hosts_in_turn(sources)] == ["a0", "b0", "c0", "a1", "a2"]


def test_a_sqlite_archive_moves_into_postgresql_and_carries_on(
        sample_sites, tmp_path, mail_server, clock, pg_url, monkeypatch):
    """Every article, statement and digest moves with its id; the service then runs on
    PostgreSQL without sending anything again; a second migration is refused."""
    on_sqlite = make_services(sample_sites, tmp_path / "state", mail_server.port, clock)
    run_once(on_sqlite)
    before = on_sqlite.store.status()
    digests = on_sqlite.store.digests()
    on_sqlite.close()
    config = str(on_sqlite.config.path)
    moved = newswatch("--config", config, "migrate", "--to", pg_url)
    assert moved.returncode == 0, moved.stderr
    assert f"{before['articles']} articles, {before['statements']} statements" in moved.stdout
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", pg_url)
    on_postgres = make_services(sample_sites, tmp_path / "state", mail_server.port, clock)
    assert on_postgres.store.status() == before
    assert on_postgres.store.digests() == digests  # the same Message-IDs
    clock.advance(hours=1)
    report = run_once(on_postgres)
    assert report.counts()["new_statements"] == 0 and report.counts()["digests"] == 0
    assert len(received(mail_server)) == 1
    found = newswatch("--config", config, "search", "Lavrov", env={
        "NEWSWATCH_DATABASE_URL": pg_url})
    assert "/seed-" in found.stdout
    on_postgres.close()
    again = newswatch("--config", config, "migrate", "--to", pg_url)
    assert again.returncode != 0 and "already holds an archive" in again.stderr
