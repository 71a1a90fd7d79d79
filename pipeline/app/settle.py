"""When the running service makes its immediate-mode digest: once the sources that ran
close together are all done.

Sources run on their own timers, so the service has no cycle boundary to wait for. A
source that finishes opens a settle window; each one finishing within it extends the
window, and a source still running holds it open, so that a cycle's sources share one
digest instead of each making its own. `longest` bounds the wait, so a steady stream of
sources (or one stuck site) cannot hold a digest back for ever. A topic held back by
`min_gap` is tried again when its gap ends.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class Settle:
    """The digest's due time, from sources starting and finishing. Thread-safe: source jobs
    run side by side."""

    def __init__(self, window: timedelta, longest: timedelta) -> None:
        self.window = window
        self.longest = longest
        self.running = 0
        self.first_done: datetime | None = None  # since the last digest
        self.last_done: datetime | None = None
        self.held_until: datetime | None = None  # the earliest end of a topic's min_gap
        self.lock = threading.Lock()

    def started(self) -> None:
        with self.lock:
            self.running += 1

    def finished(self, now: datetime) -> None:
        with self.lock:
            self.running -= 1
            self.first_done = self.first_done or now
            self.last_done = now

    def due_at(self) -> datetime | None:
        """When to make digests: the window after the last source finished, once none is
        running, at most `longest` after the first finished; or the end of a topic's gap.
        None: nothing to do."""
        with self.lock:
            times = [self.held_until] if self.held_until else []
            if self.first_done and self.last_done:
                cap = self.first_done + self.longest
                times.append(cap if self.running else min(self.last_done + self.window, cap))
            return min(times, default=None)

    def digested(self, now: datetime, held_until: datetime | None) -> None:
        """Digests were made at `now`: sources finished up to then are covered."""
        with self.lock:
            later = self.last_done if self.last_done and self.last_done > now else None
            self.first_done = self.last_done = later
            self.held_until = held_until
