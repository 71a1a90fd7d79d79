"""The grammar cases in tests/statements/*.txt (format: tests/statements/README.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.models import Statement
from pipeline.statements.article import extract_statements
from pipeline.statements.reportable import (
    is_object_of_cue,
    is_reportable,
    negated,
    without_relays,
)
from pipeline.statements.speakers import speaker_key, split_role

CASES = Path(__file__).parent / "statements"


@dataclass(frozen=True)
class Case:
    """One block: its (key, value) lines in order, and where it starts."""

    where: str
    lines: tuple[tuple[str, str], ...]


def read_cases(path: Path) -> list[Case]:
    """The blocks of a case file: runs of "key: value" lines between blank lines."""
    cases: list[Case] = []
    block: list[tuple[str, str]] = []
    start = 0
    numbered = [*enumerate(path.read_text(encoding="utf-8").splitlines(), 1), (0, "")]
    for number, line in numbered:
        if line.startswith("#"):
            continue
        if not line.strip():
            if block:
                cases.append(Case(f"{path.name}:{start}", tuple(block)))
            block = []
            continue
        key, colon, value = line.partition(":")
        assert colon, f"{path.name}:{number}: no 'key:' in {line!r}"
        start = start if block else number
        block.append((key, value.strip()))
    return cases


def items(value: str) -> list[str]:
    return value.split(" | ")


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def source_text(text: str, said: Statement) -> str:
    span = said.source_span
    return text[span.start:span.end] if span else "none"


FIELDS: dict[str, Callable[[str, Statement], str]] = {
    "source": source_text,
    "key": lambda text, said: said.speaker_key,
    "speaker": lambda text, said: said.speaker,
    "role": lambda text, said: said.role,
    "content": lambda text, said: said.content,
    "content span": lambda text, said: text[said.content_span.start:said.content_span.end],
    "direct": lambda text, said: yes_no(said.direct),
    "reportable": lambda text, said: yes_no(is_reportable(said)),
    "negated": lambda text, said: yes_no(negated(text, said)),
    "object of cue": lambda text, said: yes_no(is_object_of_cue(said)),
    "unresolved": lambda text, said: yes_no(said.unresolved),
}


def check_statements(lines: tuple[tuple[str, str], ...]) -> None:
    """A "text:" block: the whole text's cues, the statements kept after relays, and the
    fields of the statements that "cue:" lines (or none, for the only one) select."""
    (first, raw), *rest = lines
    assert first == "text"
    text = raw.replace("\\n", "\n")
    found = extract_statements(text)
    listed = f"found: {[(s.cue, s.speaker_key, s.content) for s in found]}"
    groups: list[tuple[str | None, dict[str, str]]] = []
    kept: list[tuple[str, ...]] = []
    for key, value in rest:
        if key == "cues":
            assert [s.cue for s in found] == ([] if value == "none" else items(value)), listed
        elif key == "kept":
            kept.append(tuple(items(value)))
        elif key == "cue":
            groups.append((value, {}))
        else:
            assert key in FIELDS, f"unknown key {key!r}"
            if not groups:
                groups.append((None, {}))
            groups[-1][1][key] = value
    if kept:
        assert [(s.speaker_key, s.content) for s in without_relays(found)] == kept, listed
    for cue, expected in groups:
        chosen = [s for s in found if cue is None or s.cue == cue]
        assert len(chosen) == 1, f"not one statement with cue {cue!r}; {listed}"
        actual = {key: FIELDS[key](text, chosen[0]) for key in expected}
        assert actual == expected, listed


def check_speakers(lines: tuple[tuple[str, str], ...]) -> None:
    """A "mention:", "one speaker:" or "two speakers:" block of speakers.txt."""
    fields = dict(lines)
    if "mention" in fields:
        assert split_role(fields["mention"]) == (fields["name"], fields["role"])
    elif "one speaker" in fields:
        assert len({speaker_key(name) for name in items(fields["one speaker"])}) == 1
    else:
        a, b = items(fields["two speakers"])
        assert speaker_key(a) != speaker_key(b)


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case.where)
    for path in sorted(CASES.glob("*.txt")) for case in read_cases(path)])
def test_case(case: Case) -> None:
    if case.lines[0][0] == "text":
        check_statements(case.lines)
    else:
        check_speakers(case.lines)
