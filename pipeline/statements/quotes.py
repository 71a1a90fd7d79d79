"""Quotation marks: paired into quotations, and restored where a content's span cuts them.

Marks are paired with a stack per paragraph, as writers and CMSs mix curly marks up
("...“ and ”...") and let a quotation run over several paragraphs; a quotation left open
goes on into the next paragraph when that one reopens or closes it. Single quotation
marks (British style: ‘A,’ he said) are told from apostrophes and written as double ones
first (`with_double_quotes`), so the grammar reads one kind.
"""

from __future__ import annotations

import re

# Searches scan fast only for a pattern whose first character is a set or a branch of
# literals (sre's "charset prefix"): hence "“|”" for "[“”]" here, and "[.!?…][.!?…]*" for
# "[.!?…]+" in tokens.py (a repeat first would try a match at every character).
QUOTE_MARK = re.compile(r"''|“|”|\"")
_OPENING_QUOTE = re.compile(r"\s*(?:''|[“”\"])")
_PARAGRAPH = re.compile(r"[^\n]+")
_CLOSING = {"“": "”", "\"": "\"", "''": "''"}
_OPENING = {"”": "“", "\"": "\"", "''": "''"}
_SINGLE_MARK = re.compile(r"(?<!')(?:‘|’|')(?!')")  # not half of a '' double mark
_BEFORE_OPENING = frozenset("([{—–-/“\"")
# A single mark after what may stand before an opening one (see _opening): many texts
# have none, only apostrophes. A character class first lets the regex engine scan fast.
_MAY_OPEN = re.compile(r"[\s(\[{—–\-/“\"][‘']")
_BEFORE_STRONG_CLOSING = frozenset(".,!?…;:")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines: quotation marks are paired within these."""
    return [m.span() for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _continues(text: str, para: tuple[int, int]) -> bool:
    """An open quotation goes on into `para` if it reopens with a mark or has an odd count."""
    marks = QUOTE_MARK.findall(text, *para)
    return bool(marks) and (bool(QUOTE_MARK.match(text[para[0]:para[1]].lstrip()))
                            or len(marks) % 2 == 1)


def closes(text: str, mark: re.Match[str], stack: list[str]) -> bool:
    """Whether a quotation mark closes the innermost open quotation. Curly marks say so
    themselves, except that writers and CMSs mix them up (“...“ and ”...”); a straight
    mark closes a quotation of its own kind, or one of another kind when it hugs the word
    before it ("no evidence\" yet")."""
    kind = mark.group()
    if not stack:
        return False
    if kind == "”" or (kind == "“" and stack[-1] == "“") or kind == stack[-1]:
        return True
    if kind == "“":
        return False
    before = text[mark.start() - 1:mark.start()]
    after = text[mark.end():mark.end() + 1]
    return bool(before.strip()) and not after.isalnum()


def quote_spans(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Outermost quotations, marks included. Marks are paired with a stack per paragraph;
    a quotation left open continues into the next paragraph when that one reopens or
    closes it, else it ends with its paragraph."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    open_at = 0
    for k, (start, end) in enumerate(paras):
        marks = list(QUOTE_MARK.finditer(text, start, end))
        if stack and marks and not text[start:marks[0].start()].strip():
            marks = marks[1:]  # the mark that reopens a continued quotation
        for mark in marks:
            if closes(text, mark, stack):
                stack.pop()
                if not stack:
                    spans.append((open_at, mark.end()))
            else:
                open_at = open_at if stack else mark.start()
                stack.append(mark.group())
        if stack and (k + 1 == len(paras) or not _continues(text, paras[k + 1])):
            spans.append((open_at, end))
            stack = []
    return spans


def without_bullets(text: str) -> str:
    """The text with the bullets that open its lines ("• The sponsors showed a draft ...")
    written as spaces, char for char (offsets hold): a list's mark, no word of a source's
    or of what it said."""
    return _BULLET.sub(r"\1 ", text) if "•" in text or "▪" in text else text


# A bullet that opens a line, after any spaces.
_BULLET = re.compile(r"(?m)^([ \t]*)[•▪]")


def with_double_quotes(text: str) -> str:
    """The text with its single quotation marks written as double ones, char for char
    (offsets hold): ‘A,’ and 'A,' become “A,”. Apostrophes stay ("Clinton’s", "players’
    union", "’90s"), and so do single marks inside a double quotation (American nesting)."""
    if not (_MAY_OPEN.search(text) or text[:1] in "‘'’" or "\n’" in text):
        return text
    paras = paragraphs(text)
    doubles = quote_spans(text, paras)
    chars = list(text)
    left_open = False  # the last paragraph's quotation went on past its end
    for k, (start, end) in enumerate(paras):
        if not (left_open or text[start] in "‘'’" or _MAY_OPEN.search(text, start, end)):
            continue  # apostrophes only
        marks = [m.start() for m in _SINGLE_MARK.finditer(text, start, end)
                 if not _inside(m.start(), doubles)]
        reopened = k + 1 < len(paras) and _opening(text, paras[k + 1][0], paras[k + 1][0])
        pairs, left_open = _single_pairs(text, marks, (start, end), left_open, reopened)
        for at, mark in pairs:
            chars[at] = mark
    return "".join(chars)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _single_pairs(text: str, marks: list[int], para: tuple[int, int], left_open: bool,
                  reopened: bool) -> tuple[list[tuple[int, str]], bool]:
    """Which single marks of a paragraph open (“) and close (”) quotations, and whether
    its last quotation is left open. An opening mark starts a word; a closing one ends
    it, preferably after punctuation or not as a plural's apostrophe ("the players’
    union"), which only closes when no other mark does. A quotation the last paragraph
    left open goes on here if this one reopens it at its start, or closes it before
    opening another. A mark never closed opens a quotation that fills the rest of the
    paragraph only at its start or when the next paragraph reopens it ("how ‘bout",
    "'em" and "rock 'n' roll" open none)."""
    start = para[0]
    pairs: list[tuple[int, str]] = []
    open_at = start - 1 if left_open and _goes_on(text, marks, start) else None
    for k, at in enumerate(marks):
        if open_at is None:
            open_at = at if _opening(text, at, start) else None
        elif _closing(text, at) and (_strong(text, at) or not any(
                _closing(text, later) and _strong(text, later) for later in marks[k + 1:])):
            if open_at >= start:
                pairs.append((open_at, "“"))
            pairs.append((at, "”"))
            open_at = None
    if open_at is None or open_at < start:
        return pairs, False
    if open_at == start or reopened:
        return [*pairs, (open_at, "“")], True
    return pairs, False


def _goes_on(text: str, marks: list[int], start: int) -> bool:
    """Whether a paragraph goes on with the quotation the last one left open: it opens
    with a mark (which is then no new quotation's), or closes one before opening one."""
    if marks and marks[0] == start and _opening(text, start, start):
        return False  # reopened: the loop takes the mark as the quotation's opening
    for at in marks:
        if _opening(text, at, start):
            return False
        if _closing(text, at) and _strong(text, at):
            return True
    return False


def _opening(text: str, at: int, start: int) -> bool:
    """A mark that starts a word after a space, a bracket or a dash; a wrong-way ’ only
    at a paragraph's start, before a capital."""
    after = text[at + 1:at + 2]
    if text[at] == "’":
        return at == start and after.isupper()
    if text[at] not in "‘'" or after == "'":
        return False
    before = text[at - 1] if at > start else " "
    return (before.isspace() or before in _BEFORE_OPENING) and bool(after.strip()) \
        and not after.isdigit()


def _closing(text: str, at: int) -> bool:
    return text[at] != "‘" and not text[at - 1].isspace() and not text[at + 1:at + 2].isalnum()


def _strong(text: str, at: int) -> bool:
    """A closing mark no plural's apostrophe could be: after punctuation, or before it."""
    return text[at - 1] in _BEFORE_STRONG_CLOSING or not (
        text[at - 1] in "sS" and text[at + 1:at + 2] == " ")


def balanced(line: str) -> str:
    """Restore the quotation marks a content's span cut off (Russia has no plan to "invade
    Ukraine," the ministry said; adding that "Russia's responsibility" can ...): a digest
    shows no stray mark."""
    if not _holds_quote(line):
        return line
    stack: list[str] = []
    cut_openings: list[str] = []
    for mark in QUOTE_MARK.finditer(line):
        kind = mark.group()
        if closes(line, mark, stack):
            stack.pop()
        elif kind == "“" or (kind != "”" and (mark.start() == 0 or line[mark.start() - 1] == " ")):
            stack.append(kind)  # opening: curly, or straight after a space
        else:  # a closing mark whose opening lies before the span
            cut_openings.append(_OPENING[kind])
    return "".join(reversed(cut_openings)) + line + "".join(_CLOSING[k] for k in reversed(stack))


def opens_quote(text: str, span: tuple[int, int]) -> bool:
    """A direct statement: its content is a quotation, not reported words with a quoted
    phrase in them."""
    return bool(_OPENING_QUOTE.match(text, *span))


def has_quote(text: str, span: tuple[int, int]) -> bool:
    """Whether a span holds a quotation mark."""
    return _holds_quote(text[span[0]:span[1]])


def _holds_quote(part: str) -> bool:
    """Whether a text holds a quotation mark (substring tests beat the regex here)."""
    return '"' in part or "“" in part or "”" in part or "''" in part
