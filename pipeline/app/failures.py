"""What a user sees when a command fails: one line naming the file, key or query and what
to do, and the documented exit code (`newswatch --help` lists them). Never a traceback,
unless -v asks for one."""

from __future__ import annotations

from ..errors import (
    EXIT_FAILED,
    EXIT_STORAGE,
    EXIT_USAGE,
    ConfigError,
    PipelineError,
    database_errors,
)
from ..topics import QueryError


def failure(exc: Exception) -> tuple[str, int]:
    """The line (without the `newswatch: ` prefix) and the exit code for `exc`."""
    match exc:
        case ConfigError():
            return f"config error: {exc}", exc.exit_code
        case PipelineError():
            return str(exc), exc.exit_code
        case QueryError():
            return f"invalid query: {exc}", EXIT_USAGE
        case _ if isinstance(exc, database_errors()):
            return (f"database error: {exc}; check the state directory (--state, "
                    "service.state_dir) and the disk, or the [store] url's server"), EXIT_STORAGE
        case OSError() if exc.filename:
            return (f"{exc.filename}: {(exc.strerror or str(exc)).lower()}; check the path "
                    "and its permissions"), EXIT_FAILED
        case OSError():
            return f"{exc.strerror or exc}", EXIT_FAILED
    return (f"unexpected error: {type(exc).__name__}: {exc}; this is a bug: run the command "
            "again with -v for the details, and report them"), EXIT_FAILED
