"""Shared fixtures: real servers on 127.0.0.1, a state directory, a controllable clock."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

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
    from pipeline.demo import SITES_DIR

    root = tmp_path / "sites"
    shutil.copytree(SITES_DIR, root, ignore=shutil.ignore_patterns("*.md"))
    return root


@pytest.fixture
def sample_sites(sites_dir: Path):
    from pipeline.demo import SampleSites

    with SampleSites(sites_dir) as sites:
        yield sites


def seed_text(number: int) -> str:
    return (SEEDS / f"{number:03d}.txt").read_text(encoding="utf-8")
