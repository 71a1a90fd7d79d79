"""What a digest of statements carries: `is_reportable` (a speaker's words about a whole
proposition), `is_object_of_cue` (a content shown after its cue, as one verb phrase) and
`without_relays` (a quotation listed once, under whose words it is).
"""

from __future__ import annotations

import bisect

from ..models import Statement
from .lexicon import (
    CUE_LEMMAS,
    DATA_NOUNS,
    EVIDENCE_VERBS,
    FINITE_AUX,
    PHRASAL_HEADS,
    PURE_PREPOSITIONS,
    STATEMENT_NOUNS,
    STATEMENT_VERBS,
    WORD,
)


def is_reportable(statement: Statement) -> bool:
    """Whether a statement belongs in the user's digest. The extractor finds every
    attribution, as the benchmark asks, but a reader of "who said what" wants only what a
    named or described speaker put into words (said, wrote, announced, warned; "according
    to", "in a statement", a signed quotation) about a whole proposition, not a belief or
    intention ("plans to", "wants"), a finding ("the poll shows"), or an object fragment
    ("rejects the allegation", "respond in the nearest future")."""
    if not (statement.speaker or statement.role) or not _is_proposition(statement):
        return False
    words = WORD.findall(statement.cue.lower())
    if not words or words[:2] == ["according", "to"] or STATEMENT_NOUNS.intersection(words):
        return True  # a signed quotation or transcript line, "according to", "in a statement"
    lemma = CUE_LEMMAS.get(words[0]) or PHRASAL_HEADS.get(words[0], "")
    return lemma in STATEMENT_VERBS and not (lemma in EVIDENCE_VERBS and _is_data(statement))


def _is_proposition(statement: Statement) -> bool:
    """Content that states something: five words or more (a quotation: three), and not a
    prepositional phrase after its cue ("would respond “in the nearest future”")."""
    size = len(WORD.findall(statement.content))
    if size < (3 if statement.direct else 5):
        return False
    return not (statement.cue_span and statement.content_span.start >= statement.cue_span.end
                and _first_word(statement.content) in PURE_PREPOSITIONS)


def is_object_of_cue(statement: Statement) -> bool:
    """Whether a reported content is its cue's object rather than a clause ("urged | the
    West to stop supplying arms", "called | the plan a bluff", "asked | all members about
    ..."): it follows a word cue directly and has no finite verb. A digest shows such a
    content after its cue, as one verb phrase."""
    cue = statement.cue_span
    if statement.direct or cue is None or not 0 <= statement.content_span.start - cue.end <= 1:
        return False
    words = WORD.findall(statement.content.lower())
    return WORD.search(statement.cue) is not None and not any(
        word in FINITE_AUX or (word.endswith("ed") and len(word) > 4) for word in words)


def _is_data(statement: Statement) -> bool:
    """A source that carries evidence rather than speaks: with it, "suggests" or "confirms"
    reports a finding ("the poll suggests")."""
    return not DATA_NOUNS.isdisjoint(WORD.findall(f"{statement.speaker} {statement.role}".lower()))


def without_relays(statements: list[Statement]) -> list[Statement]:
    """Drop the attributions that only pass on another one's quotation ("“A,” Fomin warned,
    according to a ministry communiqué"): the digest lists A once, under the speaker whose
    words they are, not again under the channel that relayed them. Reported speech inside
    reported speech ("Stoltenberg added Russia has indicated that ...") is the outer
    speaker's account, and stays."""
    quotes = sorted(((_extent(s)[0], i) for i, s in enumerate(statements)
                     if s.direct and s.speaker_key))
    starts = [start for start, _ in quotes]

    def relays_one(outer: Statement) -> bool:
        """Only quotations starting in the first fifth of outer's content can fill 80% of
        it: found by bisection, so that n statements cost n log n, not n²."""
        span = outer.content_span
        low = bisect.bisect_left(starts, span.start)
        high = bisect.bisect_right(starts, span.start + 0.2 * (span.end - span.start) + 1)
        return any(_relays(outer, statements[i]) for _, i in quotes[low:high])

    return [s for s in statements if not relays_one(s)]


def _extent(statement: Statement) -> tuple[int, int]:
    """From the first to the last character of a statement's content, cue and source."""
    parts = [statement.content_span, statement.cue_span, statement.source_span]
    spans = [(p.start, p.end) for p in parts if p is not None]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _relays(outer: Statement, inner: Statement) -> bool:
    """Whether inner is a quotation that, source and cue included, fills nearly all of
    outer's content."""
    start, end = _extent(inner)
    outer_span = outer.content_span
    inside = outer_span.start <= start and end <= outer_span.end
    return (inner is not outer and inner.direct and bool(inner.speaker_key) and inside
            and end - start >= 0.8 * (outer_span.end - outer_span.start))


def _first_word(text: str) -> str:
    """The first word of a text, lower-case, past any quotation mark."""
    word = WORD.search(text)
    return word.group().lower() if word else ""
