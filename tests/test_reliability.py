"""The guarantees of issue 12, each against what broke them: servers on 127.0.0.1 that
drip, stall or answer too much, hostile feed items and pages, storage faults, signals.

Deadlines are asserted as generous upper bounds (the faults would hold for minutes);
everything else synchronises on events, never on sleeps.
"""

from __future__ import annotations

import email
import gzip
import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from datetime import UTC, datetime
from email import policy
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from pipeline.app import cycle
from pipeline.app.cycle import LIMITS, run_once
from pipeline.app.logs import JsonFormatter, LogfmtFormatter
from pipeline.app.scheduler import Service
from pipeline.app.signals import SignalThread
from pipeline.config import EmailSettings, FetchSettings, WebhookSettings
from pipeline.crawl.fetch import Fetcher
from pipeline.crawl.links import feed_links, parse_sitemap
from pipeline.deliver import SmtpSender, WebhookSender, deliver_due
from pipeline.digest import digest_size, fitting_items, render_digest
from pipeline.errors import EXIT_STORAGE, BlockedURLError, DeliveryError, FetchError, StorageError
from pipeline.models import DigestItem, Mention, RenderedDigest
from pipeline.net import AddressPolicy, Watchdog, build_session
from pipeline.store import Store, StoredDigest, iso
from tests.conftest import made_up_words, news_page, plain, received, rss, services
from tests.servers import (
    MailServer,
    RawServer,
    Script,
    drip,
    drip_http_headers,
    respond,
    smtp_drip_after_data,
    stream,
)
from tests.test_deliver import one_digest

ROOT = Path(__file__).parent.parent
LOCAL = ("127.0.0.1/32",)
DIGEST = StoredDigest(id=7, topic="Russia", message_id="<newswatch.abc@test.localhost>",
                      created_at="2026-01-05T09:00:00Z", subject="[newswatch] Russia: 1 new",
                      text="Lavrov said things\n", html="<p>Lavrov said things</p>",
                      payload={"topic": "Russia", "statements": []})


@pytest.fixture
def raw_server():
    servers: list[RawServer] = []

    def start(script: Script) -> RawServer:
        servers.append(RawServer(script))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def local_fetcher(**overrides: object) -> Fetcher:
    settings = FetchSettings(**{"allow_networks": LOCAL, "per_host_delay": 0, "retries": 0,
                                **overrides})
    return Fetcher(settings, build_session(settings))


def smtp_delivery(port: int, extra: str = "") -> str:
    return (f'[delivery]\n{extra}\n[delivery.email]\nhost = "127.0.0.1"\nport = {port}\n'
            'security = "none"\nfrom = "nw@test.localhost"\nto = ["a@test.localhost"]\n'
            "timeout = 10\n")


def quoted_paragraphs(chars: int, seed: int = 1) -> list[str]:
    """On-topic paragraphs, each a distinct quotation with its speaker."""
    rng, paragraphs, size = random.Random(seed), [], 0
    speakers = ["Sergei Ryabkov", "Maria Zakharova", "Dmitry Peskov", "Jens Stoltenberg"]
    while size < chars:
        paragraphs.append(f"“Russia and NATO must settle security guarantees, "
                          f"{made_up_words(rng, 40)},” {rng.choice(speakers)} said on Tuesday.")
        size += len(paragraphs[-1])
    return paragraphs


def webhook(url: str, allow: tuple[str, ...] = LOCAL, timeout: float = 5) -> WebhookSender:
    settings = FetchSettings(allow_networks=allow)
    return WebhookSender(WebhookSettings(url), build_session(settings), timeout=timeout)


# --- 1: the total deadline covers connect, status line, headers and body ---------------------

def test_headers_dripped_a_byte_at_a_time_are_cut_at_the_deadline(raw_server):
    server = raw_server(drip_http_headers(seconds=60))
    start = time.monotonic()
    with pytest.raises(FetchError, match="no complete answer within 2s"):
        local_fetcher(timeout=2).get(server.url("/feed.xml"))
    assert time.monotonic() - start < 15  # the drip would hold it 60 s


def test_a_short_deadline_set_while_a_long_one_is_watched_still_cuts_its_exchange(raw_server):
    """The watchdog is woken for a deadline sooner than the one it is waiting for."""
    server = raw_server(drip_http_headers(seconds=60))
    watchdog = Watchdog()
    settings = FetchSettings(allow_networks=("127.0.0.1/32",), per_host_delay=0, timeout=2,
                             retries=0)
    fetcher = Fetcher(settings, build_session(settings), watchdog=watchdog)
    with watchdog.deadline(600):  # an exchange with long to go, watched first
        start = time.monotonic()
        with pytest.raises(FetchError, match="no complete answer within 2s"):
            fetcher.get(server.url("/feed.xml"))
        assert time.monotonic() - start < 15


# --- 2: every per-article stage is near-linear, and one article's text is capped -----------

def test_a_megabyte_of_quoted_paragraphs_costs_seconds_and_is_logged(tmp_path, clock,
                                                                      http_server, caplog):
    http_server.routes["/feed.xml"] = respond(200, rss(("Talks", http_server.url("/long"))))
    http_server.routes["/long"] = respond(200, news_page(
        "Security guarantees talks", quoted_paragraphs(1_000_000)),
        {"Content-Type": "text/html; charset=utf-8"})
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    start = time.monotonic()
    report = run_once(svc)
    assert time.monotonic() - start < 60  # quadratic stages took over 600 s of CPU
    assert report.counts()["new_articles"] == 1 and report.counts()["new_statements"] > 100
    [capped] = [r for r in caplog.records if r.getMessage().startswith("article text capped")]
    assert capped.url == http_server.url("/long") and capped.chars > 1_000_000


# --- 3: one bad item costs that item only; a crashed source run is the source's failure ----

def serve_articles(server, paths: list[str], rng: random.Random) -> None:
    for path in paths:
        server.routes[path] = respond(200, news_page(f"Story {path}", [
            f"{made_up_words(rng, 30)}." for _ in range(4)]),
            {"Content-Type": "text/html; charset=utf-8"})


def test_an_emoji_written_as_surrogate_references_costs_nothing(tmp_path, clock, http_server):
    serve_articles(http_server, ["/a", "/b", "/c"], random.Random(3))
    http_server.routes["/feed.xml"] = respond(200, rss(
        ("Smile &#55357;&#56832; please", http_server.url("/a")),
        ("Lone &#xD83D; half", http_server.url("/b")), ("Plain", http_server.url("/c"))))
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    report = run_once(svc)
    assert report.counts()["new_articles"] == 3 and report.counts()["failed"] == 0
    titles = {r["title"] for r in svc.store.db.query("SELECT title FROM article_outlets")}
    assert {"Story /a", "Story /b", "Story /c"} == titles


def test_sitemap_fields_with_surrogate_references_are_parsed():
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
               ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
               "<url><loc>https://a.example/x&#55357;&#56832;</loc><lastmod>2024-01-02&#55357;"
               "</lastmod><news:news><news:title>T &#56832;&#55357;&#56832;</news:title>"
               "</news:news></url><url><loc>https://a.example/y</loc></url></urlset>")
    links = parse_sitemap(sitemap.encode(), "https://a.example/sitemap.xml").links
    assert [link.url for link in links] == ["https://a.example/x😀", "https://a.example/y"]
    assert links[0].title == "T \ufffd😀"


def test_a_crashed_source_run_is_recorded_and_shown(tmp_path, clock, http_server, monkeypatch):
    http_server.routes["/feed.xml"] = respond(200, rss())

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser bug")
    monkeypatch.setattr(cycle, "source_links", broken)  # a bug no test has found yet
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    run_once(svc)
    [source] = svc.store.status()["sources"]
    assert source["failures"] == 1 and "parser bug" in source["last_error"]
    assert source["next_attempt_at"] > iso(clock())  # backs off like a failing site


# --- 4: links that failed for good are remembered; the cap goes to links that can succeed --

def test_links_that_failed_for_good_are_skipped_until_days_later(tmp_path, clock, http_server):
    serve_articles(http_server, ["/good1", "/good2"], random.Random(4))
    http_server.routes["/empty"] = respond(200, "<html><body><nav>Home</nav></body></html>",
                                           {"Content-Type": "text/html"})
    bad = ["/gone1", "/gone2", "/empty"]
    http_server.routes["/feed.xml"] = respond(200, rss(
        *((p, http_server.url(p)) for p in [*bad, "/good1", "/good2"])))
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")}, "max_articles = 3\n")
    for _ in range(3):
        run_once(svc)
        clock.advance(hours=1)
    assert svc.store.status()["articles"] == 2
    assert [http_server.count(p) for p in bad] == [1, 1, 1]  # not fetched again each cycle
    clock.advance(days=7)
    run_once(svc)
    assert [http_server.count(p) for p in bad] == [2, 2, 2]  # tried again after a week


# --- 5: every field from a page is capped; a digest never exceeds its size ----------------

def test_a_megabyte_title_cannot_make_a_digest_the_mail_server_refuses(tmp_path, clock,
                                                                      http_server):
    mail = MailServer(data_size_limit=2_000_000)
    mail.start()
    try:
        rng = random.Random(5)
        huge, other = quoted_paragraphs(2500, seed=6), quoted_paragraphs(1500, seed=7)
        http_server.routes["/huge"] = respond(200, news_page("Security " * 200_000, huge))
        http_server.routes["/other"] = respond(200, news_page(made_up_words(rng, 8), other))
        http_server.routes["/feed.xml"] = respond(200, rss(
            ("Huge", http_server.url("/huge")), ("Other", http_server.url("/other"))))
        svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")},
                       tables=smtp_delivery(mail.port))
        report = run_once(svc)
        assert report.counts()["new_statements"] >= 6
        assert report.delivery.failed == report.delivery.retrying == 0
        text = "".join(plain(m) for m in received(mail))
        for quote in huge + other:
            assert quote.split(",")[1].strip() in text  # every statement, both outlets
        title = svc.store.db.execute("SELECT title FROM articles WHERE url LIKE '%huge'")
        assert len(title.fetchone()[0]) <= LIMITS["title"]
    finally:
        mail.stop()


def test_a_digest_too_large_is_split_and_every_statement_sent_once(tmp_path, clock,
                                                                   http_server):
    http_server.routes["/long"] = respond(200, news_page(
        "Security guarantees talks", quoted_paragraphs(60_000)))
    http_server.routes["/feed.xml"] = respond(200, rss(("Talks", http_server.url("/long"))))
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")},
                   tables='[delivery]\nmax_digest_bytes = "100KB"\n')
    report = run_once(svc)
    assert report.digests > 1 and report.delivery.sent == report.digests
    for digest in svc.store.digests():
        assert digest_size(render_digest("Russia", [])) < digest_size(
            RenderedDigest(digest.subject, digest.text, digest.html, digest.payload)) <= 100_000
    alerts = svc.store.db.execute("SELECT COUNT(*), COUNT(DISTINCT statement_id), "
                                  "SUM(digest_id IS NULL) FROM alerts").fetchone()
    assert alerts == (report.counts()["new_statements"],) * 2 + (0,)


def test_an_item_too_large_alone_is_shortened_to_fit():
    mentions = tuple(Mention(f"Outlet {i}", f"https://o{i}.example/{'x' * 1500}", "T" * 300,
                             "2026-01-05") for i in range(400))
    item = DigestItem("Peskov", "peskov", "", "said", "Words " * 500, True, None, mentions)
    [chosen] = fitting_items("Russia", [item, item], 100_000)
    assert len(chosen.mentions) == 5 and len(chosen.content) <= 1000
    assert digest_size(render_digest("Russia", [chosen])) <= 100_000


# --- 6: every delivery has a total deadline; channels do not wait for each other -----------

def test_smtp_continuation_lines_after_data_are_cut_at_the_deadline(raw_server):
    server = raw_server(smtp_drip_after_data(seconds=60))
    sender = SmtpSender(EmailSettings(host="127.0.0.1", port=server.port, security="none",
                                      sender="nw@example.org", recipients=("a@example.org",),
                                      timeout=2), None)
    start = time.monotonic()
    with pytest.raises(DeliveryError, match="within 2s") as info:
        sender.send(DIGEST)
    assert time.monotonic() - start < 15
    assert not info.value.permanent  # sent again later, with the same Message-ID


def test_webhook_dripping_its_headers_is_cut_at_the_deadline(raw_server):
    server = raw_server(drip_http_headers(seconds=60))
    start = time.monotonic()
    with pytest.raises(DeliveryError, match="within 2s"):
        webhook(server.url("/hook"), timeout=2).send(DIGEST)
    assert time.monotonic() - start < 15


def test_webhook_dripping_its_body_is_delivered_without_reading_it(http_server):
    http_server.routes["/hook"] = drip(seconds=60)
    start = time.monotonic()
    webhook(http_server.url("/hook")).send(DIGEST)
    assert time.monotonic() - start < 15


def test_a_stuck_channel_does_not_hold_up_the_others(tmp_path, http_server, clock):
    released = threading.Event()

    def stuck(handler) -> None:
        released.wait(60)
        respond(204)(handler)
    http_server.routes["/stuck"] = stuck
    http_server.routes["/ok"] = respond(204)
    store = Store(tmp_path / "nw.db")
    urls = [http_server.url("/stuck"), http_server.url("/ok")]
    one_digest(store, clock, [f"webhook:{u}" for u in urls])
    senders = {f"webhook:{u}": webhook(u, timeout=60) for u in urls}
    result = []
    runner = threading.Thread(target=lambda: result.append(deliver_due(store, senders, clock)))
    runner.start()
    try:
        deadline = time.monotonic() + 30
        while http_server.count("/ok") == 0:  # sent while the first channel is stuck
            assert time.monotonic() < deadline, "the second channel waited for the first"
            time.sleep(0.05)
    finally:
        released.set()
        runner.join(60)
    assert result[0].sent == 2


# --- 7: every response body read has a limit; a webhook's is not read at all ---------------

def test_webhook_answering_with_a_huge_body_costs_no_memory(http_server):
    http_server.routes["/hook"] = stream(300 * 1024 * 1024)
    tracemalloc.start()
    try:
        webhook(http_server.url("/hook")).send(DIGEST)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


# --- 8: the body limit holds after any decompression; a big sitemap is done with once -----

def sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()


def test_a_gzipped_sitemap_is_unpacked_only_up_to_the_body_limit(tmp_path, clock, http_server):
    urls = [f"https://news.example.org/{i:08d}/a-story-with-a-long-slug" for i in range(400_000)]
    packed = gzip.compress(sitemap(urls))  # 25 MB unpacked, 1 MB packed
    http_server.routes["/sitemap.xml.gz"] = respond(200, packed,
                                                    {"Content-Type": "application/x-gzip"})
    svc = services(tmp_path, clock, {"Map": http_server.url("/sitemap.xml.gz")},
                   "max_bytes = 2_000_000\n", kind="sitemap")
    tracemalloc.start()
    try:
        report = run_once(svc)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [source] = report.sources
    assert source.status == "failed" and "larger than 2000000 bytes unpacked" in source.error
    assert peak < 4 * 2_000_000 + 3 * len(packed)


def test_a_sitemap_of_many_urls_is_marked_seen_once_its_newest_are_done(tmp_path, clock,
                                                                      http_server):
    urls = [http_server.url(f"/story/{i}") for i in range(10_000)]  # pages all 404
    packed = gzip.compress(sitemap(urls))

    def conditional(handler) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            respond(304, "", {"ETag": '"v1"'})(handler)
        else:
            respond(200, packed, {"ETag": '"v1"', "Content-Type": "application/x-gzip"})(handler)
    http_server.routes["/sitemap.xml.gz"] = conditional
    svc = services(tmp_path, clock, {"Map": http_server.url("/sitemap.xml.gz")},
                   "max_links = 20\nmax_articles = 10\n", kind="sitemap")
    assert run_once(svc).sources[0].status == "fetched"
    assert run_once(svc).sources[0].status == "fetched"  # the other ten of the newest 20
    pages = len(http_server.hits)
    assert run_once(svc).sources[0].status == "unchanged"  # a 304: nothing parsed again
    assert len(http_server.hits) == pages + 1


# --- 9: storage errors are one line naming the file; read-only commands change nothing -----

def newswatch(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "--config", str(config), *args],
                          cwd=config.parent, text=True, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def cli_config(tmp_path: Path, source_url: str = "http://127.0.0.1:9/feed.xml",
               fetch: str = "", tables: str = "") -> Path:
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[service]\nstate_dir = "{tmp_path / "state"}"\n\n[fetch]\n'
                      f'allow_networks = ["127.0.0.1/32"]\nretries = 0\n{fetch}\n[[source]]\n'
                      f'name = "Wire"\nurl = "{source_url}"\nkind = "feed"\n\n'
                      f'[[topic]]\nname = "Russia"\nquery = "Russia"\n\n'
                      f'[digest]\nbacklog = "digest"\n\n{tables}')
    return config


def start(config: Path, *args: str) -> subprocess.Popen:
    """newswatch in the background, its output in a file (a pipe nobody reads can fill)."""
    with (config.parent / "out.log").open("w") as out:
        return subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(config),
                                 *args], cwd=config.parent, stdout=out, stderr=out,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def output(config: Path) -> str:
    return (config.parent / "out.log").read_text()


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("command", [["run", "--once"], ["status"], ["search", "Russia"],
                                     ["retry"]])
def test_a_garbage_database_is_one_line_naming_the_file(tmp_path, command):
    config = cli_config(tmp_path)
    db = tmp_path / "state" / "newswatch.db"
    db.parent.mkdir()
    db.write_bytes(b"not sqlite at all " * 1000)
    result = newswatch(config, *command)
    assert result.returncode == EXIT_STORAGE == 4
    line = one_line_error(result)
    assert str(db) in line and "not a newswatch database" in line and "move it away" in line


@pytest.mark.parametrize("command", [["search", "Russia"], ["retry"]])
def test_commands_other_than_run_never_create_a_database(tmp_path, command):
    config = cli_config(tmp_path)
    result = newswatch(config, *command)
    assert result.returncode == 4
    assert "no database yet at" in one_line_error(result) and "newswatch run" in result.stderr
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize("command", [["status"], ["status", "--json"]])
def test_status_before_the_first_run_lists_the_config_and_creates_nothing(tmp_path, command):
    config = cli_config(tmp_path)
    result = newswatch(config, *command)
    assert result.returncode == 0
    assert ("no database yet" in result.stdout or '"exists": false' in result.stdout)
    assert "not fetched yet" in result.stdout
    assert not (tmp_path / "state").exists()


def test_status_and_search_leave_the_database_as_it_was(tmp_path, clock, http_server):
    http_server.routes["/feed.xml"] = respond(200, rss())
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    run_once(svc)
    svc.store.close()
    db = Path(svc.store.path)
    before = db.read_bytes()
    config = tmp_path / "newswatch.toml"
    assert newswatch(config, "status").stdout.startswith("health: ")
    assert newswatch(config, "search", "Russia").returncode == 0
    assert db.read_bytes() == before


def test_a_database_that_cannot_be_written_at_start_is_one_line(tmp_path):
    config = cli_config(tmp_path)
    assert newswatch(config, "run", "--once").returncode == 1  # the source is down
    (tmp_path / "state" / "newswatch.db-shm").mkdir()  # SQLite cannot make its index file
    result = newswatch(config, "run", "--once")
    assert result.returncode == 4
    assert str(tmp_path / "state" / "newswatch.db") in one_line_error(result)


# --- also seen: a database deleted while running is noticed; outbox names are never reused --

def one_article_feed(http_server, path: str = "/feed.xml") -> None:
    story = f"/story{len(http_server.routes)}"
    http_server.routes[story] = respond(200, news_page("Talks", quoted_paragraphs(300, seed=9)))
    http_server.routes[path] = respond(200, rss(("Talks", http_server.url(story))))


def test_a_database_deleted_while_running_stops_the_run(tmp_path, clock, http_server):
    one_article_feed(http_server)
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    assert run_once(svc).delivery.sent == 1
    outbox = sorted(svc.config.outbox_dir.iterdir())
    for suffix in ("", "-wal", "-shm"):
        Path(svc.store.path + suffix).unlink(missing_ok=True)
    with pytest.raises(StorageError, match="was deleted while newswatch was running"):
        run_once(svc)
    assert sorted(svc.config.outbox_dir.iterdir()) == outbox


def test_the_service_stops_when_its_database_is_replaced(tmp_path, clock, http_server):
    one_article_feed(http_server)
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    service = Service(svc.config, lambda config: svc, lambda: svc.config)
    replacement = tmp_path / "other.db"
    Store(replacement)
    os.replace(replacement, svc.store.path)
    stop, raised = threading.Event(), []

    def run() -> None:
        try:
            service.run(stop)  # returns once a job found it: no stop is sent
        except StorageError as exc:
            raised.append(exc)
    runner = threading.Thread(target=run)
    runner.start()
    runner.join(60)
    stop.set()  # ends it here if it did not stop by itself, which then raised nothing
    runner.join(60)
    assert raised and "was replaced" in str(raised[0])


def test_outbox_file_names_are_never_reused_by_another_database(tmp_path, clock, http_server):
    one_article_feed(http_server)
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    run_once(svc)
    [first] = svc.config.outbox_dir.iterdir()
    written = first.read_bytes()
    os.replace(svc.store.path, tmp_path / "lost.db")
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})  # a new database
    run_once(svc)
    assert len(list(svc.config.outbox_dir.iterdir())) == 2 and first.read_bytes() == written


# --- 10: credentials in URLs are masked wherever they are shown, logged or stored ----------

def test_credentials_in_urls_never_reach_logs_status_or_the_database(tmp_path, http_server):
    one_article_feed(http_server, "/good.xml")
    http_server.routes["/bad.xml"] = respond(500, "down")
    http_server.routes["/hook"] = respond(500, "down")
    with_password = http_server.url("/").replace("http://", "http://user:s3cretPW@")
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f'[service]\nstate_dir = "{tmp_path / "state"}"\n\n[fetch]\n'
        'allow_networks = ["127.0.0.1/32"]\nretries = 1\nbackoff = 0.01\nper_host_delay = 0\n\n'
        f'[[source]]\nname = "Good"\nurl = "{with_password}good.xml"\nkind = "feed"\n\n'
        f'[[source]]\nname = "Bad"\nurl = "{with_password}bad.xml?api_key=k3yPW"\n'
        'kind = "feed"\n\n[[topic]]\nname = "Russia"\nquery = "Russia"\n\n'
        '[digest]\nbacklog = "digest"\n\n'
        f'[[delivery.webhook]]\nurl = "{with_password.replace("s3cret", "h00k")}hook"\n')
    outputs = [newswatch(config, "run", "--once"), newswatch(config, "--log-format", "json",
                                                             "run", "--once"),
               newswatch(config, "status"), newswatch(config, "status", "--json"),
               newswatch(config, "check-config")]
    shown = "".join(r.stdout + r.stderr for r in outputs)
    assert "fetch retry" in shown and "source failed" in shown and "webhook:" in shown
    assert "http://***@127.0.0.1" in shown and "api_key=***" in shown
    stored = b"".join(f.read_bytes() for f in (tmp_path / "state").rglob("*") if f.is_file())
    for secret in ("s3cretPW", "h00kPW", "k3yPW"):
        assert secret not in shown and secret.encode() not in stored
    assert all(hit.headers.get("Authorization") for hit in http_server.hits  # still used
               if hit.path.startswith(("/good", "/bad", "/hook")))


# --- 11: bidirectional controls from pages reach no digest, log or terminal ----------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_from_a_page_reach_no_digest(tmp_path, clock, http_server):
    quotes = quoted_paragraphs(600, seed=11)
    http_server.routes["/story"] = respond(200, news_page(
        "\u202eTalks on \u2066NATO\u2069", [q.replace("must", "\u202emust\u202c") for q in quotes]),
        {"Content-Type": "text/html; charset=utf-8"})
    http_server.routes["/feed.xml"] = respond(200, rss(("\u202eT", http_server.url("/story"))))
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    assert run_once(svc).delivery.sent == 1
    [digest] = svc.store.digests()
    [eml] = svc.config.outbox_dir.iterdir()
    for shown in (digest.text, digest.html, json.dumps(digest.payload, ensure_ascii=False),
                  plain(email.message_from_bytes(eml.read_bytes(), policy=policy.default))):
        assert "must settle" in shown and not any(c in shown for c in BIDI)


@pytest.mark.parametrize("formatter", [LogfmtFormatter(), JsonFormatter()])
def test_log_lines_escape_control_characters(formatter):
    record = logging.makeLogRecord({"name": "pipeline.x", "levelname": "INFO",
                                    "msg": "article skipped \u202eevil",
                                    "title": "a\u2066b\x1b[2Jc\x9bd", "url": "http://x/\u202e"})
    line = formatter.format(record)
    assert not any(c in line for c in BIDI + "\x1b\x9b")
    assert "\\u202e" in line or "\\\\u202e" in line  # shown, escaped
    if isinstance(formatter, JsonFormatter):
        assert json.loads(line)["title"] == "a\u2066b\x1b[2Jc\x9bd"  # the same data


# --- 12: dates from outside are checked (ISO 8601, 1990 .. now + 1 day, 64 chars) or dropped

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_implausible_feed_dates_are_dropped():
    items = "".join(f"<item><title>{i}</title><link>https://a.example/{i}</link>"
                    f"<pubDate>{date}</pubDate></item>" for i, date in enumerate([
                        "Mon, 01 Jan 0001 00:00:00 +1400", "Sat, 01 Jan 2095 10:00:00 GMT",
                        "Sun, 04 Jan 2026 10:00:00 GMT"]))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    links = feed_links(feed.encode(), "https://a.example/feed.xml", now=NOW)
    assert [link.published for link in links] == [None, None, "2026-01-04T10:00:00Z"]


def test_implausible_sitemap_dates_are_dropped():
    entries = [("<b>\u202eX" + "9" * 5000, None), ("2024-13-45", None), ("1989-12-31", None),
               ("2026-01-05T12:00:00+02:00", "2026-01-05T12:00:00+02:00"),
               ("2025-12-31", "2025-12-31")]
    body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>https://a.example/{i}</loc><lastmod>{escape(date)}</lastmod>"
                      "</url>" for i, (date, _) in enumerate(entries)) + "</urlset>")
    links = parse_sitemap(body.encode(), "https://a.example/sitemap.xml", now=NOW).links
    assert [link.published for link in links] == [kept for _, kept in entries]


def test_a_page_dated_in_the_future_is_not_believed(tmp_path, clock, http_server):
    page = news_page("Talks", quoted_paragraphs(300, seed=12)).replace(
        "<head>", '<head><meta property="article:published_time" content="2099-12-31">')
    http_server.routes["/story"] = respond(200, page)
    http_server.routes["/feed.xml"] = respond(200, rss(("Talks", http_server.url("/story"))))
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    run_once(svc)
    [row] = svc.store.db.execute("SELECT published FROM articles").fetchall()
    assert row[0] is None
    assert "2099" not in svc.store.digests()[0].text


@pytest.mark.parametrize(("pub_date", "stored"), [
    ("Sun, 04 Jan 2026 10:00:00 GMT", "2026-01-04T10:00:00Z"),  # the feed's, not a guess
    (None, "2025-12-19"),  # nothing marks it: guessed from the address
])
def test_a_page_that_marks_no_date_is_dated_by_its_feed_else_by_its_address(
        tmp_path, clock, http_server, pub_date, stored):
    http_server.routes["/2025/12/19/talks"] = respond(
        200, news_page("Talks", quoted_paragraphs(300, seed=12)))
    item = (f"<item><title>Talks</title><link>{http_server.url('/2025/12/19/talks')}</link>"
            + (f"<pubDate>{pub_date}</pubDate>" if pub_date else "") + "</item>")
    http_server.routes["/feed.xml"] = respond(
        200, f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>')
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    run_once(svc)
    assert svc.store.db.execute("SELECT published FROM articles").fetchall() == [(stored,)]


# --- 6 and also seen: signals. SIGTERM is bounded, SIGINT is clean, SIGHUP reloads --------

def test_a_signal_is_acted_on_outside_the_thread_it_interrupts():
    """A handler runs in the main thread wherever that thread is, even holding a lock that
    what the signal asks for needs (the stop event's, inside `stop.wait()`): acted on in
    the handler, the signal would wait for itself forever and the service never stop."""
    held, acted = threading.Lock(), threading.Event()

    def act(signum: int) -> None:
        if held.acquire(timeout=10):
            held.release()
            acted.set()

    before = signal.getsignal(signal.SIGUSR1)
    with SignalThread(act, signal.SIGUSR1):
        with held:
            signal.raise_signal(signal.SIGUSR1)  # its handler runs now, in this thread
        assert acted.wait(30)
    assert signal.getsignal(signal.SIGUSR1) is before


def test_sigterm_stops_the_service_within_the_unit_timeout(tmp_path, raw_server, http_server):
    feed, hook = raw_server(drip_http_headers(300)), raw_server(drip_http_headers(300))
    one_article_feed(http_server)
    # both servers are on 127.0.0.1: without per_host_delay = 0, the hanging feed would hold
    # the host, and the good source (whose digest makes the post) would wait for it
    config = cli_config(tmp_path, feed.url("/feed.xml"),
                        "timeout = 300\nrespect_robots = false\nper_host_delay = 0\n",
                        '[delivery]\nsettle = "1s"  # the hanging source holds it 10 s at most\n'
                        f'[[delivery.webhook]]\nurl = "{hook.url("/hook")}"\n')
    config.write_text(config.read_text() + f'\n[[source]]\nname = "Good"\n'
                      f'url = "{http_server.url("/feed.xml")}"\nkind = "feed"\n')
    process = start(config, "run")
    try:
        wait_for(lambda: feed.connections and hook.connections)  # a fetch and a post hang
        stopping = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0
        assert time.monotonic() - stopping < 45  # deliveries get 20 s; the unit allows 90
    finally:
        process.kill()
    assert "service stopped" in output(config) and "Traceback" not in output(config)


def test_sigint_on_run_once_ends_cleanly_with_130(tmp_path, raw_server):
    feed = raw_server(drip_http_headers(300))
    config = cli_config(tmp_path, feed.url("/feed.xml"), "timeout = 300\n")
    process = start(config, "run", "--once")
    try:
        wait_for(lambda: feed.connections)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
    finally:
        process.kill()
    assert "stopped by SIGINT" in output(config) and "Traceback" not in output(config)
    sources = Store(tmp_path / "state" / "newswatch.db", read_only=True).status()["sources"]
    assert not any(s["failures"] for s in sources)  # being stopped is no failure of the source


def test_sighup_reloads_the_config(tmp_path):
    config = cli_config(tmp_path)
    process = start(config, "run")
    try:
        wait_for(lambda: "service started" in output(config))
        mtime = config.stat().st_mtime_ns
        config.write_text(config.read_text() + '\n[[source]]\nname = "Added"\n'
                          'url = "http://127.0.0.1:9/added.xml"\nkind = "feed"\n')
        os.utime(config, ns=(mtime, mtime))  # unchanged to the file watcher: only the signal
        process.send_signal(signal.SIGHUP)
        wait_for(lambda: "config reloaded sources=2" in output(config))
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


# --- also seen: webhooks follow the address policy; redirects; short bodies ----------------

def test_webhook_obeys_the_address_policy(http_server):
    http_server.routes["/hook"] = respond(204)
    with pytest.raises(DeliveryError, match="non-public address") as info:
        webhook(http_server.url("/hook"), allow=("127.0.0.3/32",)).send(DIGEST)
    assert info.value.permanent and http_server.count("/hook") == 0


def test_webhook_redirect_is_a_permanent_failure_and_not_followed(http_server):
    http_server.routes["/hook"] = respond(307, "", {"Location": "/elsewhere"})
    with pytest.raises(DeliveryError, match="redirect") as info:
        webhook(http_server.url("/hook")).send(DIGEST)
    assert info.value.permanent and http_server.count("/elsewhere") == 0


def test_webhook_200_with_a_short_body_counts_as_delivered(http_server):
    http_server.routes["/hook"] = stream(10, declared=1000)
    webhook(http_server.url("/hook")).send(DIGEST)  # the server said 200: delivered


# --- also seen: the address policy on IPv6 forms of IPv4 addresses --------------------------

@pytest.mark.parametrize("address", [
    "::127.0.0.1",  # IPv4-compatible (deprecated): never public
    "::ffff:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::1",  # by the IPv4
    "64:ff9b:1::808:808",  # local-use NAT64 prefix
])
def test_ipv6_forms_of_private_ipv4_addresses_are_refused(address):
    with pytest.raises(BlockedURLError):
        AddressPolicy().check("example.org", address)


def test_nat64_of_a_public_address_is_public_and_allowed_networks_match_either_form():
    AddressPolicy().check("example.org", "64:ff9b::808:808")  # 8.8.8.8 through a NAT64
    allowed = AddressPolicy.from_settings(FetchSettings(allow_networks=LOCAL))
    allowed.check("localhost", "::ffff:127.0.0.1")


def test_bracketed_ipv4_compatible_address_is_refused_without_connecting(raw_server):
    server = raw_server(lambda conn: None)
    with pytest.raises(BlockedURLError):
        local_fetcher(allow_networks=()).get(f"http://[::127.0.0.1]:{server.port}/")
    assert server.connections == 0
