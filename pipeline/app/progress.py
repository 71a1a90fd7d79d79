"""Progress of a cycle on a terminal: one line per source as it finishes, written between
log records (under the log handler's lock), never into one. Not on a terminal: nothing,
so that a log file or journal holds log records only."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TextIO


def terminal_progress(stream: TextIO | None = None) -> Callable[[str], None] | None:
    """A progress writer for `stream` (stderr) when it is a terminal, else None."""
    out = stream or sys.stderr
    if not out.isatty():
        return None

    def write(line: str) -> None:
        handlers = [h for h in logging.getLogger().handlers
                    if isinstance(h, logging.StreamHandler) and h.stream is out]
        for handler in handlers:
            handler.acquire()
        try:
            out.write(line + "\n")
            out.flush()
        finally:
            for handler in handlers:
                handler.release()
    return write
