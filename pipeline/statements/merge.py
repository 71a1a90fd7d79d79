"""The same statement from two outlets: `content_fingerprint` for the exact match,
`same_statement` for a trimmed or reworded one. It needs only the lexicon's notion of a
word, so the store imports it without the grammar.
"""

from __future__ import annotations

from collections import Counter

from ..models import Statement
from .lexicon import WORD


def content_fingerprint(content: str) -> str:
    """The words of a content, lower-case: punctuation, quotation marks, apostrophes and
    "..." cuts do not count. Equal fingerprints are the exact-match fast path of merging."""
    return " ".join(WORD.findall(content.lower()))


def _keys_compatible(a: str, b: str) -> bool:
    """Same speaker, or one side unknown, or one name contained in the other ("ministry"
    and "russia foreign ministry")."""
    if not a or not b or a == b:
        return True
    small, large = sorted((set(a.split()), set(b.split())), key=len)
    return small <= large


def same_statement(a: Statement, b: Statement) -> bool:
    """True when two outlets report the same statement: compatible speakers and the same or
    nearly the same words. A quote trimmed or cut with "..." is contained in the other;
    a paraphrase shares most of its words. Short contents must match exactly, and an
    unknown speaker needs a closer match."""
    if not _keys_compatible(a.speaker_key, b.speaker_key):
        return False
    words_a, words_b = WORD.findall(a.content.lower()), WORD.findall(b.content.lower())
    if words_a == words_b:
        return True
    shorter = min(len(words_a), len(words_b))
    if shorter < 5:
        return False
    common = sum((Counter(words_a) & Counter(words_b)).values())
    containment = common / shorter
    overlap = 2 * common / (len(words_a) + len(words_b))
    known = a.speaker_key and a.speaker_key == b.speaker_key
    return containment >= (0.8 if known else 0.9) or overlap >= (0.6 if known else 0.75)
