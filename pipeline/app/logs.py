"""Structured logs: `time level logger message key=value ...`, or one JSON object a line.

Stages log with `extra={...}` (source, url, error, what happens next); this module only
decides how that is written: credentials of any URL masked, control characters escaped.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import TextIO

from ..text import printable
from ..urls import redacted

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _fields(record: logging.LogRecord) -> dict:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD}


def _safe(line: str) -> str:
    """A formatted line as it may be written: credentials masked, control characters
    (terminal escapes, bidirectional controls from page text) escaped."""
    return printable(redacted(line))


def _logfmt(value: object) -> str:
    text = str(value)
    if not text or any(c in text for c in ' ="\n'):
        return json.dumps(text, ensure_ascii=False)
    return text


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        head = (f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname:<7} "
                f"{record.name.removeprefix('pipeline.')}: {record.getMessage()}")
        pairs = " ".join(f"{k}={_logfmt(v)}" for k, v in _fields(record).items())
        text = f"{head} {pairs}" if pairs else head
        return _safe(text + ("\n" + self.formatException(record.exc_info)
                             if record.exc_info else ""))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage(), **_fields(record)}
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return _safe(json.dumps(data, ensure_ascii=False, default=str))


def setup_logging(level: str = "info", fmt: str = "text", stream: TextIO = sys.stderr) -> None:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else LogfmtFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("apscheduler", "urllib3", "trafilatura", "htmldate", "charset_normalizer",
                  "mail.log"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
