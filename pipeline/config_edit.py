"""Add and remove `[[source]]` tables in the user's TOML file, keeping every comment, blank
line and key order of the rest as it was. Pure: text in, text out.

The new tables are rendered by tomlkit (quoting and escaping as TOML wants them) and
placed by line: after the last `[[source]]` table's own lines, before the comments that
follow it (those belong to what comes next: in the shipped file, the topics' notes).
tomlkit's own document editing attaches the comments above a header to the table before
it, so removing the last source would take the topics' notes with it. Every edit is
checked by parsing the result: the sources must be exactly those intended.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from typing import Any

import tomlkit

from .errors import ConfigError

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
_SOURCE_HEADER = re.compile(r"^\s*\[\[\s*source\s*\]\]\s*(#.*)?$")


def render_sources(entries: Sequence[dict[str, Any]]) -> str:
    """`[[source]]` tables for `entries` (key -> value, in the order to write), separated
    by blank lines."""
    return "\n".join(tomlkit.dumps({"source": [entry]}) for entry in entries)


def with_sources(text: str, entries: Sequence[dict[str, Any]], path: str) -> str:
    """`text` with `entries` added as `[[source]]` tables after the last one (at the end
    when there is none)."""
    if not entries:
        return text
    lines = text.splitlines(keepends=True)
    tables = _source_tables(lines)
    at = tables[-1][2] if tables else len(lines)
    before = "".join(lines[:at])
    if before and not before.endswith("\n"):
        before += "\r\n" if "\r\n" in text else "\n"
    after = "".join(lines[at:])
    added = (("\n" if before.strip() else "") + render_sources(entries)
             + ("\n" if after.strip() and after[0] not in "\r\n" else ""))
    newline = "\r\n" if "\r\n" in text else "\n"  # as the file has them
    result = before + added.replace("\n", newline) + after
    expected = [*_sources(text, path), *entries]
    _check(result, [entry["name"] for entry in expected], path)
    return result


def without_source(text: str, name: str, path: str) -> str:
    """`text` without the `[[source]]` table named `name`, with the comments right above
    it and inside it; the comments after it (separated by a blank line) stay."""
    lines = text.splitlines(keepends=True)
    names = [entry.get("name") for entry in _sources(text, path)]
    tables = _source_tables(lines)
    if name not in names or len(tables) != len(names):
        raise ConfigError(f"{path}: cannot find the [[source]] table named {name!r} by line; "
                          "remove it by hand")
    lead, _, end = tables[names.index(name)]
    if end < len(lines) and not lines[end].strip():
        end += 1  # the blank line after it
    elif lead > 0 and not lines[lead - 1].strip():
        lead -= 1
    result = "".join(lines[:lead] + lines[end:])
    _check(result, [n for n in names if n != name], path)
    return result


def _sources(text: str, path: str) -> list[dict[str, Any]]:
    try:
        sources = tomllib.loads(text).get("source", [])
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return sources if isinstance(sources, list) else []


def _check(result: str, names: list[Any], path: str) -> None:
    """The edit gave exactly the sources intended (a header inside a multi-line string
    would fool the line scan: then nothing is written)."""
    try:
        got = [entry.get("name") for entry in _sources(result, path)]
    except ConfigError:
        got = []
    if got != names:
        raise ConfigError(f"{path}: cannot place [[source]] tables in this file by line; "
                          "edit it by hand")


def _source_tables(lines: list[str]) -> list[tuple[int, int, int]]:
    """(first line, header line, end) of each [[source]] table: the first line is that of
    the comments right above its header, the end is past its last key and the comments
    right after it."""
    headers = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    tables: list[tuple[int, int, int]] = []
    for k, header in enumerate(headers):
        if not _SOURCE_HEADER.match(lines[header]):
            continue
        next_header = headers[k + 1] if k + 1 < len(headers) else len(lines)
        end = header + 1
        for i in range(header + 1, next_header):
            if lines[i].strip() and not lines[i].lstrip().startswith("#"):
                end = i + 1  # a key, or a line of a value that spans lines
        while end < next_header and lines[end].lstrip().startswith("#"):
            end += 1
        lead = header
        while lead > 0 and lines[lead - 1].lstrip().startswith("#"):
            lead -= 1
        if (lead > 0 and lines[lead - 1].strip()) or (tables and lead < tables[-1][2]):
            lead = header  # comments that touch what is above are not this table's alone
        tables.append((lead, header, end))
    return tables
