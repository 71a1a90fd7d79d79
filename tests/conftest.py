"""Shared fixtures: real servers on 127.0.0.1, a state directory, a controllable clock."""

from __future__ import annotations

import email
import json
import random
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest

from pipeline.app.cli import main
from pipeline.app.demo import SITES_DIR, SampleSites, demo_config
from pipeline.app.scheduler import Service
from pipeline.app.services import Services, build_services
from pipeline.config import load_config
from tests.servers import MailServer, ScriptedServer

SEEDS = Path(__file__).parent / "data" / "seeds"


class FakeClock:
    """A clock the test moves by hand; starts at a fixed moment."""

    def __init__(self, start: datetime = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def http_server():
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def mail_server():
    server = MailServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sites_dir(tmp_path: Path) -> Path:
    """A copy of the bundled sample sites that a test may add pages to."""
    root = tmp_path / "sites"
    shutil.copytree(SITES_DIR, root, ignore=shutil.ignore_patterns("*.md"))
    return root


@pytest.fixture
def sample_sites(sites_dir: Path):
    with SampleSites(sites_dir) as sites:
        yield sites


def seed_text(number: int) -> str:
    return (SEEDS / f"{number:03d}.txt").read_text(encoding="utf-8")


def make_services(sites: SampleSites, state_dir: Path, mail_port: int, clock,
                  fetch: str = "", tables: str = "") -> Services:
    """The demo's config (sample sites, seed topic) with email to the test SMTP server;
    `fetch` adds lines to its [fetch] table, `tables` adds tables ([store], say)."""
    config = demo_config(sites, state_dir).replace("[fetch]\n", f"[fetch]\n{fetch}") + (
        f'\n[delivery.email]\nhost = "127.0.0.1"\nport = {mail_port}\nsecurity = "none"\n'
        f'from = "newswatch@test.localhost"\nto = ["analyst@test.localhost"]\ntimeout = 5\n'
        f'{tables}')
    path = state_dir / "newswatch.toml"
    state_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(config, encoding="utf-8")
    return build_services(load_config(path), clock)


def received(mail_server) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(e.content, policy=policy.default)
            for e in mail_server.messages]


def plain(message: email.message.EmailMessage) -> str:
    """The text part's words, its lines (wrapped at 78 columns) joined."""
    return " ".join(message.get_body(("plain",)).get_content().split())


def digest_payloads(svc: Services) -> list[dict]:
    return [json.loads(r["payload"]) for r in svc.store.db.query(
        "SELECT payload FROM digests ORDER BY id")]


@pytest.fixture
def svc(sample_sites, tmp_path, mail_server, clock):
    """The pipeline on the sample sites, delivering to the test SMTP server."""
    services = make_services(sample_sites, tmp_path / "state", mail_server.port, clock)
    yield services
    services.close()


# --- sites made up for a test, served by the scripted server ---------------------------

def services(tmp_path: Path, clock, sources: dict[str, str], fetch: str = "",
             tables: str = "", kind: str = "feed", per_host_delay: float = 0,
             service: str = "") -> Services:
    """A service on sources of the test server (name -> URL) and the demo's topic,
    writing digests to the file outbox, a new source's first articles alerted like news
    (backlog = "digest"), no politeness delay unless `per_host_delay`; `fetch` adds
    lines to the [fetch] table, `service` to the [service] table, `tables` adds tables
    (a [delivery], say)."""
    feeds = "".join(f'[[source]]\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\n\n'
                    for name, url in sources.items())
    path, state = tmp_path / "newswatch.toml", tmp_path / "state"
    path.write_text(f'[service]\nstate_dir = "{state}"\n{service}\n'
                    f'[fetch]\nallow_networks = ["127.0.0.1/32"]\n'
                    f'per_host_delay = {per_host_delay}\nretries = 0\n{fetch}\n'
                    f'{feeds}[[topic]]\nname = "Russia"\n'
                    f"query = 'Russia AND (NATO OR \"security guarantees\")'\n\n"
                    f'[digest]\nbacklog = "digest"\n\n{tables}')
    return build_services(load_config(path), clock)


def wait_for(condition: Callable[[], object], seconds: float = 30) -> None:
    """Poll a condition a real service or server makes true (not a sleep: it returns as
    soon as it holds), failing the test if it does not in `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@contextmanager
def running_service(path: Path) -> Iterator[Service]:
    """The service on the config file at `path`, in a thread, checking the file for changes
    every 0.1 s; stopped (and found stopped) after the block."""
    service = Service(load_config(path), build_services, lambda: load_config(path),
                      config_check_every=0.1)
    stop = threading.Event()
    runner = threading.Thread(target=service.run, args=(stop,))
    runner.start()
    try:
        yield service
    finally:
        stop.set()
        runner.join(timeout=60)
    assert not runner.is_alive()


def rss(*items: tuple[str, str]) -> str:
    """An RSS feed of (title, link) items, given as written (entities stay entities)."""
    entries = "".join(f"<item><title>{title}</title><link>{link}</link></item>"
                      for title, link in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'


def made_up_words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choices("bcdfghklmnprstvz", k=3)) + rng.choice("aeiou")
                    for _ in range(n))


def news_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>")


# --- PostgreSQL: one throw-away cluster per test session, a fresh database per test ---------

@pytest.fixture(scope="session")
def pg_cluster():
    """Skipped, with the reason, only where PostgreSQL is not installed (CI installs it)."""
    from tests.pgcluster import Cluster, missing_reason

    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, request) -> str:
    """The URL of an empty database of its own."""
    name = "t" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    return pg_cluster.create_database(f"{name}_{random.randrange(10**6)}")


@pytest.fixture
def newswatch_cli(capsys):
    """Run the command line in this process; (exit code, standard output, standard error)."""
    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out = capsys.readouterr()
        return done.value.code, out.out, out.err
    return run
