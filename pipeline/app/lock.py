"""One process owns a state directory: a second `newswatch run` refuses to start."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from ..errors import LockedError


def acquire_lock(state_dir: Path) -> IO[str]:
    """Hold an exclusive lock on state/newswatch.lock until the returned file is closed or
    the process dies (the kernel releases it even after SIGKILL, so no stale lock)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    handle = open(state_dir / "newswatch.lock", "a+")  # noqa: SIM115 - held for the process
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise LockedError(f"{state_dir} is in use by {holder}; stop it first "
                          "(only one newswatch may run on a state directory)") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return handle
