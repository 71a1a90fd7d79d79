"""Worker processes: the CPU stages run there, and a worker's crash costs one page."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime, timedelta

import pytest

from pipeline.app.cycle import _recheck_due
from pipeline.app.workers import Workers


def _pid() -> int:
    return os.getpid()


def _die() -> None:
    os._exit(3)  # as a segfault in a C extension would: no exception, no cleanup


def test_work_runs_in_other_processes_and_survives_a_dead_worker():
    workers = Workers(2)
    try:
        assert workers.run(_pid) != os.getpid()
        with pytest.raises(BrokenProcessPool):
            workers.run(_die)
        assert workers.run(_pid) != os.getpid()  # a new pool took over
    finally:
        workers.close()


def test_zero_processes_runs_in_the_calling_thread():
    assert Workers(0).run(_pid) == os.getpid()


NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("age, since_check, due", [
    (timedelta(minutes=30), timedelta(minutes=20), True),   # young: every 15 minutes
    (timedelta(minutes=30), timedelta(minutes=5), False),
    (timedelta(hours=8), timedelta(hours=1), False),         # 8 hours old: every 2 hours
    (timedelta(hours=8), timedelta(hours=2), True),
    (timedelta(days=3), timedelta(days=1), False),           # past the update window
    (timedelta(hours=1), timedelta(hours=-3), True),         # checked "in the future"
])
def test_known_articles_are_rechecked_less_often_as_they_age(age, since_check, due):
    assert _recheck_due(_iso(NOW - age), _iso(NOW - since_check), NOW) is due
