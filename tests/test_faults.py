"""Fault injection on real components: slow and broken servers, SMTP failures, a full
disk, clock jumps and daylight saving time, two instances, config edits while running."""

from __future__ import annotations

import email
import gzip
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import zlib
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import brotli
import pytest

import pipeline.statements.article as statements_module
from pipeline.app.cycle import deliver, run_once
from pipeline.app.demo import SAMPLE_SITES, demo_config
from pipeline.app.scheduler import WallClockCron
from pipeline.app.services import Services
from pipeline.config import FetchSettings, Source
from pipeline.crawl.fetch import Fetcher
from pipeline.errors import FetchError
from pipeline.net import build_session
from pipeline.store import Store
from tests.conftest import (
    make_services,
    news_page,
    received,
    rss,
    running_service,
    services,
    wait_for,
)
from tests.servers import drip, hang, reset, respond, stream

ROOT = Path(__file__).parent.parent
FAST_FAIL = "timeout = 2\nretries = 1\nbackoff = 0.05\n"


def with_sources(svc: Services, *sources: Source) -> Services:
    svc.config = replace(svc.config, sources=sources + svc.config.sources)
    return svc


# --- slow, silent and broken servers ----------------------------------------------------------

def test_slow_and_silent_servers_do_not_hold_up_the_cycle(sample_sites, tmp_path, mail_server,
                                                          clock, http_server):
    http_server.routes["/drip.xml"] = drip(seconds=60)
    http_server.routes["/hang.xml"] = hang(seconds=60)
    svc = with_sources(make_services(sample_sites, tmp_path / "s", mail_server.port, clock,
                                     FAST_FAIL),
                       Source("Drip", http_server.url("/drip.xml"), "feed", 600.0),
                       Source("Hang", http_server.url("/hang.xml"), "feed", 600.0))
    start = time.monotonic()
    report = run_once(svc)
    assert time.monotonic() - start < 15
    status = {s.name: s.status for s in report.sources}
    assert status.pop("Drip") == "failed" and status.pop("Hang") == "failed"
    assert set(status.values()) == {"fetched"}
    assert len(mail_server.messages) == 1
    assert "within 2s" in svc.store.source_state("Drip")["last_error"]


@pytest.mark.parametrize("route, attempts", [
    (reset(), 2), (respond(500, "oops"), 2), (respond(429, "slow down"), 2),
    (respond(503, "busy", {"Retry-After": "1200"}), 1),  # too long to wait within a cycle
])
def test_failing_source_backs_off_and_recovers_by_itself(sample_sites, tmp_path, mail_server,
                                                         clock, http_server, route, attempts):
    feed = (ROOT / "tests" / "data" / "tiny-feed.xml").read_bytes()
    http_server.routes["/feed.xml"] = route
    svc = with_sources(make_services(sample_sites, tmp_path / "s", mail_server.port, clock,
                                     FAST_FAIL),
                       Source("Flaky", http_server.url("/feed.xml"), "feed", 600.0))
    run_once(svc)
    state = svc.store.source_state("Flaky")
    assert state["failures"] == 1 and state["last_error"]
    assert http_server.count("/feed.xml") == attempts
    [shown] = [s for s in svc.store.status()["sources"] if s["name"] == "Flaky"]
    assert shown["failures"] == 1 and shown["last_error"] == state["last_error"]
    clock.advance(minutes=5)  # still backing off: not even tried
    hits = http_server.count("/feed.xml")
    run_once(svc)
    assert http_server.count("/feed.xml") == hits
    http_server.routes["/feed.xml"] = respond(200, feed, {"Content-Type": "application/rss+xml"})
    clock.advance(minutes=25)
    report = run_once(svc)
    assert {s.name: s.status for s in report.sources}["Flaky"] == "fetched"
    assert svc.store.source_state("Flaky")["failures"] == 0


def test_retry_after_longer_than_the_interval_is_honoured(sample_sites, tmp_path, mail_server,
                                                           clock, http_server):
    http_server.routes["/feed.xml"] = respond(503, "busy", {"Retry-After": "7200"})
    svc = with_sources(make_services(sample_sites, tmp_path / "s", mail_server.port, clock,
                                     FAST_FAIL),
                       Source("Busy", http_server.url("/feed.xml"), "feed", 600.0))
    run_once(svc)
    state = svc.store.source_state("Busy")
    wait = datetime.fromisoformat(state["next_attempt_at"]) - clock()
    assert timedelta(hours=2) <= wait < timedelta(hours=2, minutes=1)


# --- bodies: size limits counted after decompression, memory near the limit ----------------

def local_fetcher(**overrides: object) -> Fetcher:
    settings = FetchSettings(**{"allow_networks": ("127.0.0.1/32",), "per_host_delay": 0,
                                "timeout": 20, "retries": 0, **overrides})
    return Fetcher(settings, build_session(settings))


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)])
def test_compression_bombs_stop_at_the_limit_with_bounded_memory(http_server, encoding,
                                                                 compress):
    bomb = compress(b"\0" * (200 * 1024 * 1024))  # 200 MB unpacked
    http_server.routes["/bomb"] = respond(200, bomb, {"Content-Encoding": encoding})
    limit = 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than"):
            local_fetcher(max_bytes=limit).get(http_server.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * limit


def test_fifty_megabyte_page_stops_at_the_limit(http_server):
    http_server.routes["/big"] = stream(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than"):
            local_fetcher(max_bytes=1024 * 1024).get(http_server.url("/big"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


def test_lying_content_length(http_server):
    http_server.routes["/short"] = stream(1000, declared=10_000_000)  # promises more
    with pytest.raises(FetchError):
        local_fetcher().get(http_server.url("/short"))
    http_server.routes["/long"] = stream(5 * 1024 * 1024, declared=100)  # sends more
    assert len(local_fetcher().get(http_server.url("/long")).text) == 100


# --- SMTP faults -----------------------------------------------------------------------------

def test_reply_lost_after_data_means_one_resend_with_the_same_message_id(svc, mail_server,
                                                                          clock):
    mail_server.handler.drop_after_data = 1
    report = run_once(svc)
    assert report.delivery.retrying == 1
    clock.advance(minutes=2)
    assert deliver(svc).sent == 1
    clock.advance(hours=2)
    assert deliver(svc).sent == 0
    first, second = received(mail_server)
    assert first["Message-ID"] == second["Message-ID"]


def test_temporary_refusal_is_retried_and_permanent_refusal_is_reported(svc, mail_server,
                                                                         clock):
    mail_server.handler.fail_with = "451 4.3.0 mailbox busy"
    assert run_once(svc).delivery.retrying == 1
    mail_server.handler.fail_with = "554 5.7.1 message refused"
    clock.advance(minutes=2)
    assert deliver(svc).failed == 1
    [row] = svc.store.status()["deliveries"]
    assert row["status"] == "failed" and "554" in row["last_error"]
    clock.advance(days=1)
    assert deliver(svc).sent == 0  # kept, not retried on its own, not dropped
    mail_server.handler.fail_with = None
    svc.store.retry_failed(clock())
    assert deliver(svc).sent == 1 and len(mail_server.messages) == 1


# --- disk full -----------------------------------------------------------------------------------

class SmallDisk(Store):
    """The real SQLite error path of a full disk: the database may not grow while `full`."""

    full = False

    def _connect(self):
        conn = super()._connect()
        if self.full:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn


def test_disk_full_while_storing_loses_nothing_and_recovers(svc, mail_server, sample_sites):
    disk = SmallDisk(svc.store.path)
    disk.full = True  # what fits in the database's spare room is stored, then it is full
    svc.store = disk
    report = run_once(svc)
    failed = [s for s in report.sources if s.status == "failed"]
    assert failed  # all but a small site whose pages fit in the spare room
    assert all("database or disk is full" in s.error for s in failed)
    stored_while_full = disk.status()["articles"]
    disk.full = False
    disk.close()
    report = run_once(svc)
    assert report.counts()["failed"] == 0
    pages = sum(len(sample_sites.pages(s.directory)) for s in SAMPLE_SITES)
    assert disk.status()["articles"] == pages - 1 > stored_while_full  # one page is a copy
    assert disk.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert disk.status()["pending_alerts"] == 0 and disk.status()["deliveries"] == []
    message_ids = [m["Message-ID"] for m in received(mail_server)]
    assert len(message_ids) == len(set(message_ids)) == disk.status()["digests"]
    in_two = disk.db.execute("SELECT statement_id FROM alerts WHERE kind = 'new' "
                             "GROUP BY statement_id HAVING COUNT(DISTINCT digest_id) > 1")
    assert in_two.fetchall() == []


# --- clocks ---------------------------------------------------------------------------------

def test_clock_set_back_does_not_stall_retries(svc, mail_server, clock):
    mail_server.stop()
    run_once(svc)
    mail_server.start()
    clock.advance(days=-2)  # the clock jumps back two days
    assert deliver(svc).sent == 1
    assert len(mail_server.messages) == 1
    assert deliver(svc).sent == 0


def test_clock_set_back_does_not_stall_a_backing_off_source(sample_sites, tmp_path,
                                                             mail_server, clock, http_server):
    svc = with_sources(make_services(sample_sites, tmp_path / "s", mail_server.port, clock,
                                     FAST_FAIL),
                       Source("Down", http_server.url("/feed.xml"), "feed", 600.0))
    run_once(svc)
    hits = http_server.count("/feed.xml")
    clock.advance(days=-3)
    run_once(svc)
    assert http_server.count("/feed.xml") > hits


@pytest.mark.parametrize("expr", ["30 2 * * *", "0 8,17 * * *", "*/30 1-3 * * *"])
def test_cron_digests_fire_once_per_local_time_across_dst(expr):
    zone = ZoneInfo("Europe/Brussels")
    trigger = WallClockCron.from_crontab(expr, timezone=zone)
    for start in (datetime(2026, 3, 27, 12, tzinfo=zone), datetime(2026, 10, 23, 12, tzinfo=zone)):
        fires, previous, now = [], None, start
        while now < start + timedelta(days=5):
            previous = now = trigger.get_next_fire_time(previous, now)
            fires.append(now.astimezone(zone).replace(tzinfo=None))
        assert fires == sorted(set(fires))  # no local time twice, none out of order
        days = {f.date() for f in fires}
        assert len(days) == 5 or len(days) == 6  # a fire every day, none skipped


# --- the service: two instances, SIGTERM, config edits ------------------------------------------

def _start_service(config: Path, log: Path) -> subprocess.Popen:
    with log.open("w") as out:  # a file, not a pipe nobody reads while the service runs
        return subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(config),
                                 "run"], cwd=config.parent, stdout=out, stderr=out,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_second_instance_refuses_and_sigterm_stops_cleanly(sample_sites, tmp_path):
    config = tmp_path / "newswatch.toml"
    # The sources start 2 s apart and finish at different times; they share one digest,
    # made once they have settled (no min_gap needed to hold back the others).
    config.write_text(demo_config(sample_sites, tmp_path / "state")
                      + '\n[delivery]\nsettle = "3s"\n', encoding="utf-8")
    first = _start_service(config, tmp_path / "service.log")
    try:
        deadline = time.monotonic() + 60
        while not list((tmp_path / "state" / "outbox").glob("*.eml")):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.2)
        second = subprocess.run([sys.executable, "-m", "pipeline", "--config", str(config),
                                 "run"], cwd=tmp_path, text=True, capture_output=True,
                                timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert second.returncode == 3 and "in use by pid" in second.stderr
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
    finally:
        if first.poll() is None:
            first.kill()
    log = (tmp_path / "service.log").read_text()
    assert "service started" in log and "service stopped" in log
    assert len(list((tmp_path / "state" / "outbox").glob("*.eml"))) == 1  # no duplicate


def test_running_service_keeps_its_last_good_config(sample_sites, tmp_path, caplog):
    path = tmp_path / "newswatch.toml"
    good = demo_config(sample_sites, tmp_path / "state")
    path.write_text(good, encoding="utf-8")
    with running_service(path) as service:
        path.write_text(good.replace('kind = "feed"', 'kind = "fed"', 1), encoding="utf-8")
        os.utime(path, (time.time() + 5, time.time() + 5))
        wait_for(lambda: "config change ignored" in caplog.text)
        assert any('source 1 ("' in getattr(r, "error", "") and "): kind: " in r.error
                   for r in caplog.records)
        assert service.svc.config.sources[0].kind == "feed"
        path.write_text(good + '\n[[source]]\nname = "Added"\nurl = "http://127.0.0.1:9/f"\n'
                        'kind = "feed"\n', encoding="utf-8")
        os.utime(path, (time.time() + 10, time.time() + 10))
        wait_for(lambda: service.scheduler.get_job("source:Added") is not None)
        assert service.svc.config.sources[-1].name == "Added"


def test_email_headers_of_a_real_digest_are_single(svc, mail_server):
    run_once(svc)
    raw = mail_server.messages[0].content
    message = email.message_from_bytes(raw)
    for header in ("Subject", "From", "To", "Message-ID", "Date"):
        assert len(message.get_all(header)) == 1


def test_endless_failures_and_huge_retry_after_do_not_overflow(sample_sites, tmp_path,
                                                               mail_server, clock, http_server):
    from pipeline.deliver import retry_wait

    assert retry_wait(10_000, 60) == timedelta(hours=1)
    http_server.routes["/feed.xml"] = respond(503, "x", {"Retry-After": "99999999999999"})
    svc = with_sources(make_services(sample_sites, tmp_path / "s", mail_server.port, clock,
                                     FAST_FAIL),
                       Source("Down", http_server.url("/feed.xml"), "feed", 1800.0))
    for _ in range(40):
        run_once(svc)
        clock.advance(hours=7)
    state = svc.store.source_state("Down")
    assert state["failures"] == 40
    wait = datetime.fromisoformat(state["next_attempt_at"]) - clock() + timedelta(hours=7)
    assert wait == timedelta(hours=6)  # Retry-After honoured up to the longest backoff


def test_malformed_canonical_link_falls_back_to_the_page_url(svc, sites_dir):
    page = sites_dir / "wpblog" / "seed-002.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('rel="canonical" href="https://wpblog.example/',
                                 'rel="canonical" href="https://wpblog.example:99999/'),
                    encoding="utf-8")
    report = run_once(svc)
    assert report.counts()["failed"] == 0
    assert any(r["url"].endswith("/wpblog/seed-002.html") for r in svc.store.db.query(
        "SELECT url FROM articles"))


def test_a_bug_on_one_page_skips_that_page_not_the_source(tmp_path, clock, http_server,
                                                          monkeypatch, caplog):
    http_server.routes["/feed.xml"] = respond(200, rss(
        ("Talks end", http_server.url("/a")), ("Talks resume", http_server.url("/b"))))
    for path, title, who in (("/a", "Talks end", "Sergei Lavrov"),
                             ("/b", "Talks resume", "Jens Stoltenberg")):
        http_server.routes[path] = respond(200, news_page(title, [
            "Delegations met for a third day in Geneva without an agreement on NATO.",
            f"{who} told reporters that the draft on Russia was not acceptable at all.",
            "The next round is planned for the spring, officials on both sides said."]),
            {"Content-Type": "text/html"})
    extract = statements_module.extract_statements

    def crashes_on_lavrov(text: str) -> list:
        if "Lavrov" in text:
            raise IndexError("list index out of range")
        return extract(text)
    monkeypatch.setattr(statements_module, "extract_statements", crashes_on_lavrov)
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")}, service="workers = 0")
    try:
        report = run_once(svc)
        titles = [r["title"] for r in svc.store.db.query("SELECT title FROM articles")]
        fetches = {r["url"]: (r["outcome"], r["error"]) for r in svc.store.db.query(
            "SELECT url, outcome, error FROM fetch_log")}
    finally:
        svc.close()
    assert report.sources[0].status == "fetched" and titles == ["Talks resume"]
    outcome, error = fetches[http_server.url("/a")]
    assert outcome == "refused" and "IndexError" in error and "a bug" in error
    assert any(r.message == "analysing the article raised: a bug" and r.exc_info
               for r in caplog.records)
