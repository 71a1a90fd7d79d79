"""Quotation marks: paired into quotations, and restored where a content's span cuts them.

Marks are paired with a stack per paragraph, as writers and CMSs mix curly marks up
("...“ and ”...") and let a quotation run over several paragraphs; a quotation left open
goes on into the next paragraph when that one reopens or closes it.
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
