"""An article as tokens, once, and its sentences as ranges of them.

Speed: the article is tokenised once into parallel lists by one regex split; only the
sentences holding a cue candidate (a set lookup per token) are sliced and analysed.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .lexicon import (
    ABBREVIATIONS,
    CANDIDATE_FORMS,
    CONTRACTED_VERBS,
    NOT_SURNAMES,
    PERSON_PRONOUNS,
    QUOTES,
    WORD_OPENERS,
)

# Words keep inner and final periods, inner apostrophes and hyphens ("U.S.", "Mr.",
# "Trump’s"), and a plural's possessive apostrophe before a space ("Infometrics' Brad
# Olsen": quotation marks are double by then), and a name's final plus ("OPEC+",
# "Disney+"); "''" is one token. A sentence's final stop
# is split off its last word later. "\S" is "[^\w\s]" here, as words match first. No
# possessive quantifiers: CPython 3.11.2 (Debian 12's) lets "(?:...)*+" end a word with a
# bare apostrophe ("Dealmaker’"). A word's letters include combining accents (text in
# decomposed form) and the Latin-1 symbol that text mis-decoded from UTF-8 puts after "Ã"
# or "Â" ("protegÃ©s", "FranÃ§ois"): the word stays whole, as its reader reads it.
# (The lookahead fails fast at the end of almost every word.)
_LETTERS = (r"\w+(?:(?=[\u0080-\u00bf\u0300-\u036f])"
            r"(?:[\u0300-\u036f]|(?<=[ÂÃ\u0302\u0303])[\u0080-\u00bf])+\w*)*")
_TOKEN = re.compile(
    rf"({_LETTERS}(?:[’'.\-&]\w+|(?<=\d),\d{{3}}(?!\d))*(?:(?<=s)[’'](?= ))?"
    r"(?:(?<=[A-Z])\+(?![\w+]))?\.?|''|\S)")
# A personal pronoun with its verb contracted ("I've"), split in two as "I have" is.
_CONTRACTIONS = frozenset(f"{pronoun}{verb}" for pronoun in PERSON_PRONOUNS
                          for verb in CONTRACTED_VERBS)
_NEWLINE = re.compile(r"\n")
# A stop, as "[.!?…][.!?…]*" for a fast search (see quotes.QUOTE_MARK).
_SENTENCE_END = re.compile(r"""
    (?P<stop>[.!?…][.!?…]*)(?:["”’')\]]|'')*     # a stop and closing marks
    (?=\s+(?:["“‘(\[]|''){0,2}[A-Z0-9]  # before a capitalised sentence ('“(He) has')
    |(?<=”)[A-Z])                       # or one run into the mark ('Hispanics!”Former')
""", re.X)
_SURNAME = re.compile(r"\b[A-Z][a-z]+\s+(?=([A-Z][a-z]{2,})\b)")  # "Sergey Lavrov" -> Lavrov


class Tokens(NamedTuple):
    """Tokens as parallel lists: character offsets, text and lower case. Slicing four lists
    for a sentence costs far less than building an object per token. (A NamedTuple, as it
    is built fast; its own len() is 4, so the number of tokens is len(toks.low).)"""

    start: list[int]
    end: list[int]
    text: list[str]
    low: list[str]


_new_tokens = functools.partial(tuple.__new__, Tokens)  # skips NamedTuple's Python __new__


def tokenize(text: str) -> Tokens:
    """All tokens of a text. This is the hot loop, so it is built from C-level pieces:
    split() alternates whitespace and tokens, their lengths give the offsets, and str.lower
    mapped over the tokens their lower case. One set test finds the contractions to split
    ("I've"), and list.index where they are."""
    parts = _TOKEN.split(text)
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    texts = parts[1::2]
    toks = _new_tokens((offsets[1:-1:2], offsets[2::2], texts, list(map(str.lower, texts))))
    found = _CONTRACTIONS.intersection(toks.low)
    if found:
        _split_contractions(toks, sorted(k for word in found for k in _places(toks.low, word)))
    return toks


def _split_contractions(toks: Tokens, places: list[int]) -> None:
    """Split the contractions at these token places into pronoun and verb, in place."""
    for k in reversed(places):
        word, begin = toks.low[k], toks.start[k]
        cut = max(word.rfind("'"), word.rfind("’"))
        toks.start.insert(k + 1, begin + cut)
        toks.end.insert(k, begin + cut)
        toks.text[k:k + 1] = [toks.text[k][:cut], toks.text[k][cut:]]
        toks.low[k:k + 1] = [word[:cut], word[cut:]]


def _places(words: list[str], word: str) -> Iterator[int]:
    """Every index of `word` in `words` (list.index runs in C)."""
    k = -1
    while True:
        try:
            k = words.index(word, k + 1)
        except ValueError:
            return
        yield k


def sentence_tokens(toks: Tokens, first: int, end: int) -> Tokens:
    """Tokens first..end-1 of an article, a sentence, with its final stop split off its last
    word ("said." -> "said", ".")."""
    start, stop = toks.start[first:end], toks.end[first:end]
    text, low = toks.text[first:end], toks.low[first:end]
    for k in range(len(text) - 1, max(-1, len(text) - 4), -1):
        if text[k][:1].isalnum():
            if _splits_stop(text[k]):
                start.insert(k + 1, stop[k] - 1)
                stop.insert(k, stop[k] - 1)
                text[k:k + 1] = [text[k][:-1], "."]
                low[k:k + 1] = [low[k][:-1], "."]
            break
    return _new_tokens((start, stop, text, low))


def _splits_stop(word: str) -> bool:
    """True when a sentence's last word carries the full stop ("said."), not "U.S."."""
    return len(word) > 1 and word.endswith(".") and "." not in word[:-1] and (
        word[:-1].lower() not in ABBREVIATIONS)


def tok_span(toks: Tokens, first: int, last: int) -> tuple[int, int]:
    """Characters from token `first` to token `last`, and at least token `first`."""
    return toks.start[first], toks.end[max(first, last)]


def closes_quoted_clause(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is the mark closing a quotation that ends as a clause before its
    attribution: after a comma, "?" or "!" ('“...,” she said'), with any inner quotation's
    closing mark between ('“... what they called ‘the comeback of the decade,’” it read')."""
    if toks.text[k] not in QUOTES:
        return False
    while k > 0 and toks.text[k - 1] in QUOTES:
        k -= 1
    return k > 0 and toks.text[k - 1] in {",", "?", "!"}


def _is_stop(text: str, m: re.Match[str]) -> bool:
    """A full stop that ends a sentence, not one after "Mr" or an initial (but one after a
    parenthesis: "said Pelosi (D-Calif.). “We ...")."""
    start = m.start()
    if m.group("stop") != "." or (start > 5 and text[start - 5:start].isalpha()):
        return True  # "?", or after a word longer than any abbreviation
    last = text[max(0, start - 12):start].rsplit(None, 1)[-1:]
    word = last[0].rsplit(".", 1)[-1].lstrip(WORD_OPENERS).lower() if last else ""  # "(St."
    if word == "no":  # "No. 10", but "The council said no."
        return not text[m.end():m.end() + 2].lstrip()[:1].isdigit()
    if len(word) == 1 and word.isalpha():  # an initial, unless a quotation of words or a
        # word that opens sentences, never a surname, follows: 'posted on X. “We have waited
        # ...”', "on LinkedIn and X. One engineer wrote"; not 'Robert F. “Bobby” Kennedy'
        after = _NEXT_WORD.match(text, m.end())
        return _QUOTED_WORDS.match(text, m.end()) is not None or (
            after is not None and after.group(1).lower() in _SENTENCE_OPENERS)
    return word not in ABBREVIATIONS


# Capitalised words that open sentences and are no surname after an initial; not "A" or
# "I", which may be initials themselves ("J. A. Smith").
_SENTENCE_OPENERS = frozenset((
    "the an he she it they we one but and this that his her their its there when after "
    "if"
).split())
_NEXT_WORD = re.compile(r"\s+([A-Z][a-z]+)\b")
# An opening mark and three words or more of a quotation.
_QUOTED_WORDS = re.compile(r"""\s+(?:“|"|'')[^”"\s]+\s+[^”"\s]+\s+[^”"\s]""")


def split_sentences(text: str, quotes: list[tuple[int, int]], toks: Tokens) -> list[range]:
    """Sentences as ranges of token indices: the text split at stops and line breaks, never
    inside a quotation (no token crosses a cut)."""
    cuts = {m.end() for m in _SENTENCE_END.finditer(text) if _is_stop(text, m)}
    cuts.update(m.start() for m in _NEWLINE.finditer(text))
    ordered = sorted(cuts)
    sentences, first = [], 0
    for cut in [*_outside(ordered, ordered, quotes), len(text)]:
        end = bisect.bisect_left(toks.start, cut, first)
        if end > first:
            sentences.append(range(first, end))
        first = end
    return sentences


def _outside(items: list[int], positions: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The items whose (sorted) positions lie inside none of the sorted, disjoint spans:
    start < position < end - 1, so a quotation's own marks are outside. Each span is cut
    out with two bisections, not a test per item."""
    keep: list[int] = []
    done = 0
    for start, end in spans:
        first = bisect.bisect_right(positions, start, done)
        keep.extend(items[done:first])
        done = bisect.bisect_left(positions, end - 1, first)
    return keep + items[done:]


@dataclass(frozen=True)
class ArticleText:
    """An article's text with what every sentence needs: its quotations, its tokens, the
    indices of the tokens that can open a cue (outside quotations: a sentence without any
    is not analysed) and where its first line ends."""

    text: str
    quotes: list[tuple[int, int]]
    tokens: Tokens
    cue_candidates: list[int]
    first_line_end: int

    @functools.cached_property
    def surnames(self) -> frozenset[str]:
        """Last words of two-word names ("Sergey Lavrov" -> "Lavrov"), which end the source
        of "according to" when no comma does; found only when such a source needs them."""
        return frozenset(m.group(1) for m in _SURNAME.finditer(self.text)) - NOT_SURNAMES


def article_text(text: str, quotes: list[tuple[int, int]]) -> ArticleText:
    """The article with its tokens and cue candidates, computed once for all sentences."""
    toks = tokenize(text)
    candidates = list(itertools.compress(range(len(toks.low)),
                                         map(CANDIDATE_FORMS.__contains__, toks.low)))
    line_end = text.find("\n")
    positions = list(map(toks.start.__getitem__, candidates))
    return ArticleText(text, quotes, toks, _outside(candidates, positions, quotes),
                       len(text) if line_end < 0 else line_end)
