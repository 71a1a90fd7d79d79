"""CPU-bound work in worker processes, so that extraction and statements use every core.

The cycle's threads fetch (I/O, many at once) and hand each page to `Workers.run`, which
blocks the calling thread until a worker process has analysed it. Workers start on first
use, from a fork server that has imported the pipeline once: no thread state is forked,
and a run that fetches nothing new starts no process. With `processes = 0` the work runs
in the calling thread, one page at a time (trafilatura and htmldate keep module-level
parsers that two threads must not share).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# What the workers run, imported once by the fork server (the cycle imports the
# extractor and statements only where they run: in the workers).
_PRELOAD = ["pipeline.app.cycle", "pipeline.extract.article", "pipeline.statements.article"]


class Workers:
    """A lazily started process pool; one per service."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # starts the pool once; serialises in-thread work

    def run(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """func(*args, **kwargs) in a worker process; a pool broken by a worker's crash is
        replaced, and the call raises BrokenProcessPool for the caller to count as a
        failed page."""
        if not self.processes:
            with self._lock:
                return func(*args, **kwargs)
        pool = self._started()
        try:
            return pool.submit(func, *args, **kwargs).result()
        except BrokenProcessPool:
            self._replace(pool)
            raise

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(_PRELOAD)
                self._pool = ProcessPoolExecutor(self.processes, mp_context=context,
                                                 initializer=_serve_parent,
                                                 initargs=(os.getpid(),))
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                log.error("worker process died; starting new workers",
                          extra={"processes": self.processes})
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers; pages still queued are not analysed (their sources keep
        them for the next cycle)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _serve_parent(parent: int) -> None:
    """A worker lives as long as its parent, the process that started the pool. Ctrl-C and
    SIGTERM reach the whole process group; the parent decides what stops (a worker dying
    mid-page would fail its page for nothing). A parent killed outright (SIGKILL, the OOM
    killer) tells its workers nothing: a thread waits on a descriptor of the parent
    process (Linux's pidfd) and ends the worker with it, or the worker, the fork server
    and the resource tracker (kept alive by the worker's descriptors) would linger."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if not hasattr(os, "pidfd_open"):  # not Linux: no watch
        return
    try:
        handle = os.pidfd_open(parent)
    except ProcessLookupError:  # gone already
        os._exit(0)
    threading.Thread(target=_exit_with, args=(handle,), daemon=True,
                     name="parent watch").start()


def _exit_with(handle: int) -> None:
    select.select([handle], [], [])  # readable once the process has ended
    os._exit(0)
