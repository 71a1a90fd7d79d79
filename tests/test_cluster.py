"""Beyond one machine: `newswatch worker` processes sharing the work through PostgreSQL,
politeness per host across them, and `newswatch migrate` of a SQLite archive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest

from pipeline.app.cycle import run_once
from tests.conftest import make_services, received

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


def test_two_workers_fetch_every_source_once_and_send_each_statement_once(
        sample_sites, tmp_path, mail_server, clock, pg_url, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", pg_url)
    svc = make_services(sample_sites, tmp_path / "state", mail_server.port, clock)
    config, store = str(svc.config.path), svc.store
    names = {s.name for s in svc.config.sources}
    logs = [(tmp_path / f"worker{i}.log").open("w") for i in range(2)]
    workers = [subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", config, "worker", "--concurrency", "3"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
        stderr=log) for log in logs]
    try:
        wait_for(lambda: {s["name"] for s in store.status()["sources"]
                          if s["last_success_at"]} == names)
        wait_for(lambda: received(mail_server) and not store.status()["pending_alerts"])
        wait_for(lambda: all(d["status"] == "sent"
                             for d in store.db.query("SELECT status FROM deliveries")))
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
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


def test_politeness_holds_across_workers(pg_url):
    """Threads of two processes' throttles take one host in turn, `delay` apart,
    whichever process asks; another host is not held up."""
    stores = [pgstore.PgStore(pg_url) for _ in range(2)]
    for store in stores:
        cluster.prepare_database(store)
    delay, claims = 0.3, []
    throttles = [cluster.SharedHostThrottle(store, delay, time.sleep) for store in stores]

    def request(throttle) -> None:
        throttle.wait("127.0.0.2")
        claims.append(time.monotonic())  # up to a database round trip after the claim
        throttle.store.close()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(request, throttles * 3))
    started = time.monotonic()
    throttles[0].wait("127.0.0.3")
    assert time.monotonic() - started < delay
    gaps = [b - a for a, b in pairwise(sorted(claims))]
    assert len(gaps) == 5 and min(gaps) >= delay - 0.05  # a round trip's jitter at most
    for store in stores:
        store.shutdown()


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
