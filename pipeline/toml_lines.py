"""Where each table and key of a TOML file is: the line numbers tomllib does not give.

A light scan of the text, enough for the files people write by hand: `[table]` and
`[[array]]` headers, and `key = ...` lines under them. A config error can then say
`newswatch.toml:42:` instead of leaving the user to count tables. Pure; no I/O.
"""

from __future__ import annotations

import re

Key = tuple[str | int, ...]  # ("source", 4, "interval"): the 5th [[source]]'s interval

_HEADER = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def _name(header: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in header.split("."))


def key_lines(text: str) -> dict[Key, int]:
    """The 1-based line of each table header and of each key's first line, by key path;
    an array of tables' items are numbered from 0, as tomllib's lists are."""
    lines: dict[Key, int] = {}
    items: dict[tuple[str, ...], int] = {}
    table: Key = ()
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.match(line):
            name = _name(header[2])
            if header[1] == "[[":
                items[name] = items.get(name, -1) + 1
                table = (*name, items[name])
            else:
                table = name
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault((*table, key[1] or key[2] or key[3]), number)
    return lines
