"""One small exception tree, so the CLI and the cycle can tell what failed where.

Each error that can end a command carries the exit code the command ends with.
"""

import sqlite3
import sys

EXIT_OK = 0
EXIT_FAILED = 1  # every source failed, a delivery failed for good, or an error below
EXIT_CONFIG = 2
EXIT_USAGE = 2  # the command line: a bad query or input file (argparse's own errors are 2)
EXIT_LOCKED = 3
EXIT_STORAGE = 4
EXIT_INTERRUPTED = 128  # plus the signal's number: 130 for SIGINT, 143 for SIGTERM


class PipelineError(Exception):
    """Base of every error newswatch raises on purpose."""

    exit_code = EXIT_FAILED


class ConfigError(PipelineError):
    """The config file is missing, unreadable or invalid; the message names file and key."""

    exit_code = EXIT_CONFIG


class UsageError(PipelineError):
    """The command line asks for something that cannot be done: an unreadable input file,
    a query that does not parse, a file that is already there."""

    exit_code = EXIT_USAGE


class FetchError(PipelineError):
    """A URL could not be fetched.

    `transient` errors (connection failures, 5xx, 429) are worth retrying; `retry_after`
    (seconds) is set when the server said when.
    """

    def __init__(self, message: str, *, url: str = "", status: int | None = None,
                 transient: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


class BlockedURLError(FetchError):
    """Refused by policy: not http(s), a private address, or disallowed by robots.txt."""


class DeliveryError(PipelineError):
    """A digest could not be delivered. `permanent` errors are not retried automatically."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class LockedError(PipelineError):
    """Another newswatch process holds the state directory."""

    exit_code = EXIT_LOCKED


class StorageError(PipelineError):
    """The database cannot be opened or used, or vanished while running; the message
    names the file and what to do."""

    exit_code = EXIT_STORAGE


def database_errors() -> tuple[type[Exception], ...]:
    """What a failing database raises: sqlite3's errors, and PostgreSQL's driver's once it
    is loaded (an optional extra; its errors cannot occur before it is imported)."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error,) if psycopg is None else (sqlite3.Error, psycopg.Error)
