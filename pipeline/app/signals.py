"""Signals acted on in a thread of their own.

Python runs a signal handler in the main thread between two bytecodes, wherever that thread
is: possibly inside `Event.wait`, holding the event's lock. A handler that sets that event
then waits for itself forever (python/cpython#126434 is the same trap). So the handler
here only notes the signal in a `SimpleQueue`, whose `put` is safe to call from anywhere,
and a thread of its own does what the signal asks, taking whatever locks it needs.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType

_END = 0  # no signal has the number 0: it ends the thread
_Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class SignalThread:
    """While open, each of `signums` calls `act(signum)` in this object's thread."""

    def __init__(self, act: Callable[[int], None], *signums: int) -> None:
        self.act = act
        self.signums = signums
        self._noted: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="signals", daemon=True)
        self._previous: dict[int, _Handler] = {}

    def __enter__(self) -> SignalThread:
        self._thread.start()
        for signum in self.signums:
            self._previous[signum] = signal.signal(signum, self._note)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._noted.put(_END)
        self._thread.join()

    def _note(self, signum: int, _frame: FrameType | None) -> None:
        self._noted.put(signum)

    def _serve(self) -> None:
        while (signum := self._noted.get()) != _END:
            self.act(signum)
