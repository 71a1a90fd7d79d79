"""Worker processes: the CPU stages run there, and a worker's crash costs one page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.app.cycle import _recheck_due
from pipeline.app.workers import Workers

ROOT = Path(__file__).parent.parent


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


PARENT = """
import os, sys
from pipeline.app.workers import Workers
if __name__ == "__main__":
    workers = Workers(1)  # kept: a pool nobody holds shuts its workers down
    print(workers.run(os.getpid), flush=True)
    sys.stdin.read()  # until the test kills it
"""


def _gone(pid: int) -> bool:
    """No such process, or one that has ended and waits to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z")
    except FileNotFoundError:
        return True


def test_workers_end_when_their_parent_is_killed_outright(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        worker = int(parent.stdout.readline())
        assert not _gone(worker)
        parent.kill()  # SIGKILL: the parent can tell nobody
        parent.wait()
        deadline = time.monotonic() + 30
        while not _gone(worker):
            assert time.monotonic() < deadline, "the worker outlived its parent"
            time.sleep(0.05)
    finally:
        parent.kill()
        parent.stdin.close()
        parent.stdout.close()


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
