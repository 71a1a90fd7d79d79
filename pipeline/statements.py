"""Article text -> attributed statements: who (source) said what (content), and the cue.

One pass over the sentences with a reporting-verb lexicon. For each cue the source is the
noun phrase before it ("Lavrov said"), after it ("said the Russian diplomat") or after
"according to"; the content is the clause after the cue or, when nothing follows the cue,
the clause or quotation before it. Quotation marks are paired per paragraph first, so a
quotation spanning paragraphs or with a wrong-way mark stays one piece. Pronouns and
descriptions ("he", "the ministry", "the NATO chief") are resolved to the last speaker they
fit. Pure, no I/O.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from .attribution_lexicon import (
    ABBREVIATIONS,
    DATA_NOUNS,
    DOCUMENT_NOUNS,
    EVIDENCE_VERBS,
    INVERTING_VERBS,
    LISTENER_VERBS,
    NOUN_LIKE_CUES,
    OBJECT_VERBS,
    PERSON_PRONOUNS,
    PHRASAL_CUES,
    PLACES,
    RELATIVE_PRONOUNS,
    ROLE_WORDS,
    SOURCE_NOUNS,
    STATEMENT_NOUNS,
    STATEMENT_VERBS,
    THING_PRONOUNS,
    cue_table,
    form_table,
)
from .models import Span, Statement
from .speakers import Entity, entity, mentions, resolve, split_role

_CUE_LEMMAS = cue_table()
_PHRASAL_HEADS = form_table(p.split()[0] for p in PHRASAL_CUES)
_PHRASAL = frozenset(tuple(p.split()) for p in PHRASAL_CUES)
_CUE_WORDS = frozenset([*_CUE_LEMMAS, *_PHRASAL_HEADS, "according"])
# Token forms that can open a cue: a sentence's last word still carries its stop ("said.").
_CUE_FORMS = _CUE_WORDS | {f"{word}." for word in _CUE_WORDS}
_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | RELATIVE_PRONOUNS
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "it"})
_QUOTES = frozenset({"“", "”", "\"", "'", "‘", "’", "''"})
_AUXILIARIES = frozenset((
    "has have had is are was were be been being will would could should can may might must "
    "shall did does do also not never n't already still just then later again repeatedly "
    "previously recently publicly privately once reportedly apparently allegedly further "
    "even only often long initially first earlier"
).split())
_DETERMINERS = frozenset((
    "the a an its his her their our your my this these those another other some many "
    "several two three four five six seven eight nine ten dozens hundreds thousands most "
    "all both few one each every any no more"
).split())
_NP_LINKS = frozenset({"of", "for", "at", "and", "to", "from", "in", "on"})
_CONJUNCTIONS = frozenset({"but", "and", "while", "although", "though", "whereas", "yet"})
_FUNCTION_WORDS = _DETERMINERS | _NP_LINKS | {"the"}
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "’s", "'s"})
_FINITE_AUX = _BE | frozenset({"has", "have", "had", "will", "would", "can", "could", "does",
                               "did", "should", "may", "might", "must"})
# Where a noun-phrase content ends: a new clause.
_OBJECT_STOPS = frozenset({"but", "although", "though", "whereas"})
_PARTICIPLES = frozenset({"written", "spoken", "known", "shown", "seen", "sworn", "foreseen",
                          "forbidden", "learnt"})
_PREPOSITIONS = frozenset((
    "in on at during after before while with from by via through when as since amid over "
    "about following under without ahead upon"
).split())
# Words that open an introductory phrase, not reported content ("In an interview, ...").
_INTRO_WORDS = _PREPOSITIONS | frozenset((
    "if because although though according meanwhile however speaking asked pressed "
    "earlier later also but and so yet still"
).split())
# Prepositions that never open a clause ("since" and "after" can: "since Clinton cited").
_PURE_PREPOSITIONS = frozenset((
    "in on at during with from by via through amid over about under without upon"
).split())
_CLAUSE_WORDS = frozenset((
    "and but or so because although though while if when where as since that which who "
    "whom whose what whether than then also however meanwhile instead still yet according "
    "there here this it in on at after before during for with from by to"
).split())
_TIME_WORDS = frozenset((
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "earlier later again also recently previously repeatedly last this next week month "
    "year night morning afternoon evening on early late publicly privately once then"
).split())
_SUBORDINATORS = frozenset({"as", "when", "while", "because", "since", "before", "after", "if",
                            "until", "though", "although"})
_TIME_LEADS = frozenset({"on", "last", "this", "next", "early", "late"})
_ADJECTIVE_SUFFIXES = ("al", "ic", "ive", "ous", "ian", "ese", "ish", "ern", "ary", "ior",
                       "ant", "ent", "ful", "less", "ible", "able")
_MODIFIERS = frozenset((
    "top senior former new other local state federal chief deputy acting foreign "
    "defense key leading prominent many some few several most first second white "
    "black young old longtime veteran unnamed anonymous independent outside "
    "conservative liberal progressive nonpartisan bipartisan"
).split())

# Words keep inner and final periods, inner apostrophes and hyphens ("U.S.", "Mr.",
# "Trump’s"); "''" is one token. A sentence's final stop is split off its last word later.
_TOKEN = re.compile(r"(\w+(?:[’'.\-&]\w+)*\.?|''|[^\w\s])")
_QUOTE_MARK = re.compile(r"''|[“”\"]")
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"""
    (?P<stop>[.!?…]+)(?:["”’')\]]|'')*     # a stop and closing marks
    (?=\s+(?:["“‘(\[]|'')?[A-Z0-9])       # before a capitalised sentence
""", re.X)
_NOT_SURNAMES = frozenset(w.capitalize() for w in ROLE_WORDS | PLACES)
_SURNAME = re.compile(r"\b[A-Z][a-z]+\s+(?=([A-Z][a-z]{2,})\b)")  # "Sergey Lavrov" -> Lavrov
_DASH_SOURCE = re.compile(r"""
    (?:[”"]|'')\s*(?P<dash>[―—])\s*                          # closing mark, then a dash
    (?P<source>[A-Z][\w’'.\-]*(?:[ \t]+[A-Z][\w’'.\-]*){0,4})   # a name
""", re.X)
_COLON_SOURCE = re.compile(r"""
    [“"]?\s*                                                  # a transcript line may be quoted
    (?P<source>(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)   # a short capitalised name
    \s*(?P<colon>:)\s+(?=\S)                                 # a colon, then the content
""", re.X)
# "a statement issued by the ministry on Friday" -> "the ministry": the author speaks.
_BY_AUTHOR = re.compile(r"""
    ^(?:an?|the)\s+(?:\w+\s+){0,2}?(?:DOCUMENT)         # "a (written) statement"
    (?:\s+(?:issued|released|published|written|signed|sent|posted))?
    \s+(?:by|from)\s+                                  # "(issued) by", not "quoted by"
    (?P<author>(?:the\s+)?[\w’'.\-]+(?:\s+[A-Z][\w’'.\-]*)*)  # "the ministry", "Reuters"
    .*$""".replace("DOCUMENT", "|".join(sorted(DOCUMENT_NOUNS))), re.X | re.S)
_EDGE_TRIM = " \t\n,;:.—–-“”\"‘’'"
_WORD = re.compile(r"\w+")


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str


_new_token = functools.partial(tuple.__new__, _Token)


class _Found(NamedTuple):
    """A statement before speaker resolution (character spans)."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    chained: bool = False  # a participle or coordinated cue ("adding", "and said")
    link: str = ""  # "next": "X said:" ends the sentence; "prev": "“...?” X asked."


# ---------------------------------------------------------------- quotations and sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _continues(text: str, para: tuple[int, int]) -> bool:
    """An open quotation goes on into `para` if it reopens with a mark or has an odd count."""
    marks = _QUOTE_MARK.findall(text, *para)
    return bool(marks) and (bool(_QUOTE_MARK.match(text[para[0]:para[1]].lstrip()))
                            or len(marks) % 2 == 1)


def _closes(text: str, mark: re.Match[str], stack: list[str]) -> bool:
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


def _quote_spans(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Outermost quotations, marks included. Marks are paired with a stack per paragraph;
    a quotation left open continues into the next paragraph when that one reopens or
    closes it, else it ends with its paragraph."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    open_at = 0
    for k, (start, end) in enumerate(paras):
        marks = list(_QUOTE_MARK.finditer(text, start, end))
        if stack and marks and not text[start:marks[0].start()].strip():
            marks = marks[1:]  # the mark that reopens a continued quotation
        for mark in marks:
            if _closes(text, mark, stack):
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


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """True if pos lies strictly inside one of the sorted spans (not on a mark)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1] - 1


def _is_stop(text: str, m: re.Match[str]) -> bool:
    """A full stop that ends a sentence, not one after "Mr" or an initial."""
    if m.group("stop") != ".":
        return True
    last = text[max(0, m.start() - 12):m.start()].rsplit(None, 1)[-1:]
    word = last[0].rsplit(".", 1)[-1].lower() if last else ""
    return word not in ABBREVIATIONS and len(word) != 1


def _sentences(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans: split at stops and line breaks, never inside a quotation."""
    starts = [s for s, _ in quotes]
    cuts = {m.end() for m in _SENTENCE_END.finditer(text) if _is_stop(text, m)}
    cuts.update(m.start() for m in re.finditer(r"\n", text))
    spans, prev = [], 0
    for cut in [*sorted(c for c in cuts if not _inside(c, quotes, starts)), len(text)]:
        seg = text[prev:cut]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((prev + lead, prev + len(seg.rstrip())))
        prev = cut
    return spans


# ---------------------------------------------------------------- noun phrases


def _is_np_word(tok: _Token) -> bool:
    """A word that can sit inside a source noun phrase."""
    if tok.text[:1].isupper() or tok.text[:1].isdigit():
        return tok.low not in _CLAUSE_WORDS
    low = tok.low
    return (low in _DETERMINERS or low in SOURCE_NOUNS or low in ROLE_WORDS
            or low in _MODIFIERS or low.endswith((*_ADJECTIVE_SUFFIXES, "’s", "'s"))
            or low == "-")


def _is_head(tok: _Token) -> bool:
    """A word that can end a source noun phrase: a name, pronoun or person/body noun."""
    if tok.low in _PRONOUNS:
        return True
    if tok.text[:1].isupper():
        return tok.low not in _CLAUSE_WORDS and tok.low not in _DETERMINERS
    low = tok.low
    return low in SOURCE_NOUNS or (low.endswith("s") and low[:-1] in SOURCE_NOUNS)


def _is_common_noun(toks: list[_Token], j: int) -> bool:
    """A lower-case word after a determiner or modifier: "one questioner", "the ad"."""
    tok = toks[j]
    if j == 0 or not tok.text[:1].islower() or tok.low in _CLAUSE_WORDS or _is_adverb(tok):
        return False
    prev = toks[j - 1]
    return prev.low in _DETERMINERS or prev.low.endswith(("’s", "'s")) or (
        prev.text[:1].isupper() and prev.low not in _CLAUSE_WORDS)


def _np_left(toks: list[_Token], end: int) -> int | None:
    """Start index of the noun phrase ending at toks[end], or None if none ends there."""
    if end < 0 or not (_is_head(toks[end]) or _is_common_noun(toks, end)):
        return None
    if toks[end].low in _PRONOUNS:
        return end
    i = end
    while i > 0 and end - i < 12:
        prev = toks[i - 1].text
        if prev == ")":
            opening = next((k for k in range(i - 2, max(-1, i - 9), -1) if toks[k].text == "("),
                           None)
            if opening is None or opening == 0:
                break
            i = opening
        elif _is_np_word(toks[i - 1]) or (
                toks[i - 1].low in _NP_LINKS and i > 1 and _is_np_word(toks[i - 2])
                and (toks[i].text[:1].isupper() or toks[i].low in _DETERMINERS)) or (
                i > 1 and toks[i - 2].low in _DETERMINERS and _is_common_noun(toks, i - 1)):
            i -= 1
        else:
            break
    while i < end and (toks[i].low in _NP_LINKS or toks[i].text in {"-", "("}):
        i += 1
    return i


def _np_right(toks: list[_Token], start: int) -> int | None:
    """Last index of the noun phrase starting at toks[start], or None."""
    if start < len(toks) and toks[start].low in _PRONOUNS:
        return start
    i, last_head = start, None
    while i < len(toks) and i - start < 14:
        tok = toks[i]
        if tok.text == "(":
            close = next((k for k in range(i + 1, min(len(toks), i + 8)) if toks[k].text == ")"),
                         None)
            if close is None:
                break
            i = close + 1
        elif tok.low in _NP_LINKS and last_head is not None:
            i += 1
        elif i > start and _is_common_noun(toks, i) and tok.low not in _PREPOSITIONS | _CUE_WORDS:
            last_head = i
            i += 1
        elif _is_np_word(tok):
            last_head = i if _is_head(tok) else last_head
            i += 1
        else:
            break
    return last_head


def _is_adverb(tok: _Token) -> bool:
    return tok.low in _AUXILIARIES or (tok.low.endswith("ly") and tok.text[:1].islower())


def _skip_aside(toks: list[_Token], j: int) -> int:
    """Step left over auxiliaries, adverbs, a parenthesis, and a short aside between commas
    ("Shoigu, meanwhile, urged", "Clinton, at Monday's debate, cited")."""
    while j >= 0 and _is_adverb(toks[j]):
        j -= 1
    if j >= 2 and toks[j].text == ",":
        k = next((k for k in range(j - 1, max(0, j - 8), -1) if toks[k].text == ","), None)
        if k is not None and k + 1 < j and (
                toks[k + 1].low in _PREPOSITIONS or _is_adverb(toks[k + 1])
                or toks[k + 1].low in {"however", "meanwhile", "though", "too"}):
            j = k - 1
    while j >= 0 and _is_adverb(toks[j]):
        j -= 1
    if j >= 1 and toks[j].text == ")":
        j = next((k - 1 for k in range(j - 1, max(0, j - 9), -1) if toks[k].text == "("), j)
    return j


def _subject_left(toks: list[_Token], cue: int) -> tuple[int, int] | None:
    """First and last index of the source before the cue ("Lavrov has also said")."""
    j = _skip_aside(toks, cue - 1)
    if j >= 1 and toks[j].text == ",":
        start = _apposed_subject(toks, j)
        return None if start is None else (start, _np_end(toks, start, cue))
    start = _np_left(toks, j)
    if start is None:
        return None
    if start > 1 and toks[start - 1].low in _PURE_PREPOSITIONS:
        return _subject_before_phrase(toks, start - 1)
    start = _apposed_name(toks, start)
    for back in (1, 2):  # '..." retired Air Force general Lloyd Newton said'
        if toks[start].low not in _PRONOUNS and start > back and toks[
                start - back - 1].text in {",", *_QUOTES} and all(
                t.text.islower() and t.low not in _CLAUSE_WORDS | _CUE_WORDS
                for t in toks[start - back:start]):
            start -= back
            break
    return start, _np_end(toks, start, cue)


def _subject_before_phrase(toks: list[_Token], prep: int) -> tuple[int, int] | None:
    """"Putin during a video conference with Macron stated": the noun phrase before was
    the object of a preposition, so the source is the one that opens the clause."""
    for k in range(prep - 1, max(-1, prep - 16), -1):
        if toks[k + 1].low in _PREPOSITIONS:
            start = _np_left(toks, k)
            if start is not None and _clause_start(toks, start):
                return start, k
    return None


def _apposed_name(toks: list[_Token], start: int) -> int:
    """Extend "the U.S. ambassador to Russia, John Sullivan" back to the first part."""
    if start >= 2 and toks[start - 1].text == "," and toks[start].low not in _PRONOUNS:
        outer = _np_left(toks, start - 2)
        if outer is not None and (outer == 0 or toks[outer - 1].text in {",", *_QUOTES}) and any(
                t.low in SOURCE_NOUNS or (t.low in ROLE_WORDS and t.low not in _FUNCTION_WORDS)
                for t in toks[outer:start - 1]):
            return outer
    return start


def _apposed_subject(toks: list[_Token], comma: int) -> int | None:
    """Source of "Richard Revesz, director of the institute, said": a noun phrase at the
    start of the clause, then one to three comma-separated descriptions."""
    commas = [k for k in range(comma - 1, max(-1, comma - 40), -1) if toks[k].text == ","]
    for k in commas[:3]:
        start = _np_left(toks, k - 1)
        if start is not None and _clause_start(toks, start) and (
                not any(t.text in _QUOTES for t in toks[k:comma])):
            return start
    return None


def _clause_start(toks: list[_Token], k: int) -> bool:
    """True at the start of a sentence or clause ("But Megan Hester, ...")."""
    return k == 0 or toks[k - 1].text in {",", ";", ":", "—", "--", *_QUOTES} or (
        k == 1 and toks[0].low in _CLAUSE_WORDS)


# ---------------------------------------------------------------- cues


def _cue_at(toks: list[_Token], i: int, headline: bool) -> tuple[int, str] | None:
    """(last token index, lemma) of a cue starting at toks[i], or None."""
    tok = toks[i]
    if tok.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
        return i + 1, "according to"
    if tok.text[:1].isupper() and not (headline and i > 0):
        return None  # a verb in running text is lower-case; "Plan", "Post" are names
    head = _PHRASAL_HEADS.get(tok.low)
    if head:
        rest = tuple(t.low for t in toks[i + 1:i + 3])
        for size in (2, 1):
            if len(rest) >= size and (head, *rest[:size]) in _PHRASAL:
                return i + size, head
    lemma = _CUE_LEMMAS.get(tok.low)
    if lemma is None:
        return None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if lemma in NOUN_LIKE_CUES and tok.low in (lemma, lemma + "s", lemma + "es") and not (
            nxt and _opens_complement(nxt)) and not (
            i and toks[i - 1].low in PERSON_PRONOUNS):  # "she yells while ..."
        return None
    if lemma == "continue" and not (nxt and nxt.text in {":", ",", *_QUOTES}):
        return None  # "continued:" introduces a quotation; "continued to" does not
    return i, lemma


def _opens_complement(tok: _Token) -> bool:
    """A word that can start what a cue reports ("plans to", "claims that", "calls him")."""
    low = tok.low
    return (low in {"that", "to", "for", "on", ":", ","} or tok.text in _QUOTES
            or low in _DETERMINERS or low in _PRONOUNS or low in _OBJECT_PRONOUNS
            or tok.text[:1].isupper())


def _skip_listener(toks: list[_Token], i: int, lemma: str) -> int:
    """Skip the listener of "told reporters (that)" so the content starts after it."""
    if lemma not in LISTENER_VERBS or i >= len(toks):
        return i
    if toks[i].low in _OBJECT_PRONOUNS:
        return i + 1
    end = _np_right(toks, i)
    return i if end is None else end + 1


def _skip_adjuncts(toks: list[_Token], i: int) -> int:
    """Skip time words after a cue ("said on Thursday", "said last week"); "on", "last",
    "this" and "next" count only before a day or date ("said on the other hand" does not)."""
    while i < len(toks) and toks[i].low in _TIME_WORDS:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if toks[i].low in _TIME_LEADS and not (nxt and (
                nxt.low in _TIME_WORDS or nxt.text[:1].isupper() or nxt.text[:1].isdigit())):
            break
        i += 1
    return i


def _complement_start(toks: list[_Token], i: int) -> int | None:
    """Where the reported content starts after the cue, or None when only adjuncts follow
    ("the ministry said in a statement.")."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.low == "that" or tok.text == ":":
        return i + 1
    if tok.text in _QUOTES:
        return i
    if tok.text == ",":
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return i + 1 if nxt is not None and nxt.text in _QUOTES else None
    if tok.low in _PREPOSITIONS:
        return _after_adjunct(toks, i)
    if (not tok.text[:1].isalnum() and tok.text != "$") or tok.low in _FINITE_AUX:
        return None
    return i


def _trailing_source(toks: list[_Token], k: int) -> int | None:
    """Start of the source of a cue that closes its sentence after a comma ("..., Stoltenberg
    added."): the content before it ends at that comma."""
    start = _np_left(toks, _skip_aside(toks, k - 1))
    if start is None or start < 2 or toks[start - 1].text != ",":
        return None
    after = _skip_adjuncts(toks, k + 1)
    return start if after >= len(toks) - 1 or toks[after].low in _PREPOSITIONS else None


def _new_clause(toks: list[_Token], k: int) -> bool:
    """", but he has ...": a comma, a conjunction and a new subject start another clause,
    which the reported content does not run into."""
    if toks[k].text != "," or k + 2 >= len(toks) or toks[k + 1].low not in _CONJUNCTIONS:
        return False
    subject = toks[k + 2]
    return subject.low in _PRONOUNS or subject.low in _DETERMINERS or subject.text[:1].isupper()


def _after_adjunct(toks: list[_Token], i: int) -> int | None:
    """Where content starts after a phrase like "in a statement" ("said in a statement
    that ...", "said after the convention he would ..."), or None if nothing follows."""
    if i + 1 < len(toks) and toks[i].low in _SUBORDINATORS and (
            toks[i + 1].low in _PRONOUNS or toks[i + 1].text[:1].isupper()):
        return None  # "said as he entered the talks": an adverbial clause, not content
    for k in range(i + 1, min(len(toks), i + 16)):
        tok = toks[k]
        nxt = toks[k + 1].low if k + 1 < len(toks) else ""
        if tok.low == "that" and nxt not in _FINITE_AUX:  # not "the meeting that was held"
            return k + 1
        if tok.text == ":" or (tok.text == "“" and toks[k - 1].text == ","):
            return k + (tok.text == ":")
        if tok.low in PERSON_PRONOUNS and tok.low != "you" and nxt and nxt[:1].isalpha():
            return k
        if tok.text == ";" or tok.low in _CUE_LEMMAS:
            return None
    return None


def _is_chained(toks: list[_Token], k: int) -> bool:
    """A cue that shares the previous cue's source: ", adding", "and said", ", saying"."""
    j = k - 1
    while j >= 0 and toks[j].text in _QUOTES:
        j -= 1
    prev = toks[j].low if j >= 0 else ""
    return (prev == "," and toks[k].low.endswith("ing")) or prev in {"and", "but", "yet"}


def _content_end(toks: list[_Token], start: int, cues: dict[int, tuple[int, str]],
                 lemma: str = "", resumed: bool = False) -> int:
    """Last token of the content: before a chained cue (", adding", "and said") or the end;
    a whole quotation ends with its closing mark; a noun-phrase content ("attacked Machado,
    who ...") ends at a comma, a dash or a new clause, and so does other content unless it
    resumes after a cue in its middle ("A, she said, and B")."""
    if toks[start].text in _QUOTES:
        close = next((k for k in range(start + 1, len(toks)) if toks[k].text in _QUOTES), None)
        if close is not None and toks[close - 1].text[-1] in ",.?!":
            return close
    noun_phrase = lemma in OBJECT_VERBS and toks[start].text not in _QUOTES
    for k in range(start + 1, len(toks)):
        trailing = k in cues and _trailing_source(toks, k)
        if trailing and trailing - 1 > start:
            return trailing - 2
        if k in cues and _is_chained(toks, k):
            j = k - 1
            while j > start and (toks[j].text in {",", *_QUOTES} or toks[j].low == "and"):
                j -= 1
            return j
        if toks[k].text == ";" or (noun_phrase and (
                toks[k].low in _OBJECT_STOPS or toks[k].text in {",", "—", "–", "--", "-"})):
            return k - 1
        if toks[k].text == "," and not resumed and _new_clause(toks, k):
            return k - 1
    return len(toks) - 1


# ---------------------------------------------------------------- one sentence


class _Columns(NamedTuple):
    """An article's tokens as parallel lists. Building token tuples costs more than the
    split itself, so they are built only for sentences with a cue candidate."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    lows: list[str]


def _tokenize(text: str) -> _Columns:
    """All tokens of a text. This is the hot loop, so it is built from C-level pieces:
    split() alternates whitespace and tokens, their lengths give the offsets, and one
    lower() over the tokens joined by line breaks (which no token holds) their lower case."""
    parts = _TOKEN.split(text)
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    texts = parts[1::2]
    lows = "\n".join(texts).lower().split("\n") if texts else []
    return _Columns(offsets[1:-1:2], offsets[2::2], texts, lows)


def _sentence_tokens(cols: _Columns, first: int, end: int) -> list[_Token]:
    """The tokens first..end-1 of an article, a sentence, with its final stop split off its
    last word ("said." -> "said", ".")."""
    sentence = list(map(_new_token, zip(cols.starts[first:end], cols.ends[first:end],
                                        cols.texts[first:end], cols.lows[first:end],
                                        strict=True)))
    for k in range(len(sentence) - 1, max(-1, len(sentence) - 4), -1):
        if sentence[k].text[:1].isalnum():
            if _splits_stop(sentence[k].text):
                tok = sentence[k]
                sentence[k:k + 1] = [_Token(tok.start, tok.end - 1, tok.text[:-1], tok.low[:-1]),
                                     _Token(tok.end - 1, tok.end, ".", ".")]
            break
    return sentence


def _splits_stop(word: str) -> bool:
    """True when a sentence's last word carries the full stop ("said."), not "U.S."."""
    return len(word) > 1 and word.endswith(".") and "." not in word[:-1] and (
        word[:-1].lower() not in ABBREVIATIONS)


def _is_headline(toks: list[_Token]) -> bool:
    """A title-case line ("Bill Clinton Calls Obamacare 'Crazy System'"), where verbs are
    capitalised too. Only a text's first line is taken as its headline: title-case lines
    further down are lists of other stories."""
    words = [t.text for t in toks if t.text[:1].isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


@dataclass(frozen=True)
class _Text:
    """An article's text with what every sentence needs: its quotations, its tokens, the
    indices of the tokens that can open a cue (outside quotations: so a sentence without
    any is skipped untokenised) and where its first line ends."""

    text: str
    quotes: list[tuple[int, int]]
    tokens: _Columns
    cue_candidates: list[int]
    first_line_end: int

    @functools.cached_property
    def surnames(self) -> frozenset[str]:
        """Last words of two-word names ("Sergey Lavrov" -> "Lavrov"), which end the source
        of "according to" when no comma does; found only when such a source needs them."""
        return frozenset(m.group(1) for m in _SURNAME.finditer(self.text)) - _NOT_SURNAMES


def _article(text: str, quotes: list[tuple[int, int]]) -> _Text:
    cols = _tokenize(text)
    quote_starts = [s for s, _ in quotes]
    candidates = itertools.compress(range(len(cols.lows)), map(_CUE_FORMS.__contains__, cols.lows))
    line_end = text.find("\n")
    return _Text(text, quotes, cols,
                 [i for i in candidates if not _inside(cols.starts[i], quotes, quote_starts)],
                 len(text) if line_end < 0 else line_end)


def _sentence_statements(art: _Text, span: tuple[int, int]) -> list[_Found]:
    """Every attribution whose cue lies in this sentence (outside quotations)."""
    first = bisect.bisect_left(art.tokens.starts, span[0])
    end = bisect.bisect_left(art.tokens.starts, span[1], first)
    candidates = art.cue_candidates[bisect.bisect_left(art.cue_candidates, first):
                                    bisect.bisect_left(art.cue_candidates, end)]
    if not candidates:
        return []
    toks = _sentence_tokens(art.tokens, first, end)
    headline = span[0] < art.first_line_end and _is_headline(toks)  # the first line only
    cues: dict[int, tuple[int, str]] = {}
    for i in candidates:
        found = _cue_at(toks, i - first, headline) if toks[i - first].low in _CUE_WORDS else None
        if found:
            cues[i - first] = found
    out: list[_Found] = []
    for i, (last, lemma) in cues.items():
        found = _attribution(art, toks, i, last, lemma, cues)
        if found and found.chained and found.source is None:
            found = found._replace(source=out[-1].source if out else _opening_subject(toks))
        if found:
            out.append(found)
    return out


def _opening_subject(toks: list[_Token]) -> tuple[int, int] | None:
    """The noun phrase that opens a sentence: the source of a participle cue when no other
    cue precedes it ("Trump ..., encouraging his supporters to ...")."""
    end = _np_right(toks, 0) if toks and toks[0].text[:1].isupper() else None
    return None if end is None else (toks[0].start, toks[end].end)


def _attribution(art: _Text, toks: list[_Token], i: int, last: int, lemma: str,
                 cues: dict[int, tuple[int, str]]) -> _Found | None:
    """The statement built around the cue toks[i..last], if the sentence has one."""
    cue = (toks[i].start, toks[last].end)
    if lemma == "according to":
        return _according_to(art, toks, i, last, cue)
    chained = _is_chained(toks, i)
    if not chained and toks[i].low.endswith("ing") and not _progressive(toks, i):
        return None
    if _passive(toks, i) or not _verb_position(toks, i, lemma):
        return None
    subject = None if chained else _subject_left(toks, i)
    if subject is None and not chained:
        inverting = lemma in INVERTING_VERBS and not toks[i].low.endswith("ing")
        return _inverted(toks, i, last, cue) if inverting else None
    source = None if subject is None else (toks[subject[0]].start, toks[subject[1]].end)
    content = _content(toks, last, lemma, cues, None if subject is None else subject[0])
    return _Found(source, cue, content[0], chained, content[1]) if content else None


def _content(toks: list[_Token], last: int, lemma: str, cues: dict[int, tuple[int, str]],
             subj: int | None) -> tuple[tuple[int, int], str] | None:
    """(content span, link) for a cue ending at toks[last] whose source starts at toks[subj]:
    the complement after the cue, the quotation or clause before the source, or both when
    the cue interrupts them. An empty span with a link means "the next (or previous)
    sentence" ("X said:" / "...?” X asked.")."""
    after = _skip_adjuncts(toks, _skip_listener(toks, _skip_adjuncts(toks, last + 1), lemma))
    if after == len(toks) - 1 and toks[after].text == ":":
        return (toks[after].end, toks[after].end), "next"
    before = None if subj is None or _intro_only(toks, subj) else _before(toks, subj)
    if before and subj is not None and _resumes(toks, subj, after, cues):
        return (before[0], toks[_content_end(toks, after + 1, cues, resumed=True)].end), ""
    comp = _complement_start(toks, after)
    quoted_before = before is not None and subj is not None and toks[subj - 1].text in _QUOTES
    if comp is not None and comp < len(toks) and not quoted_before:
        end = _content_end(toks, comp, cues, lemma)
        if not before or end > comp or not toks[comp].text.islower() or (
                toks[comp].low in _DETERMINERS | _PRONOUNS | _OBJECT_PRONOUNS):
            return _tok_span(toks, comp, end), ""  # but not "told the Times then"
    if before:
        return before, ""
    if subj == 0 and comp is None:
        return (toks[0].start, toks[0].start), "prev"
    return None


def _verb_position(toks: list[_Token], i: int, lemma: str) -> bool:
    """Whether the cue word can be a verb here. After a possessive it is a noun ("Trump's
    campaign"); a bare participle ("written responses") needs "have"; a form shared with a
    noun ("the plan", "security demands") needs a name, pronoun, auxiliary or plural
    source before it."""
    j = i - 1
    while j >= 0 and _is_adverb(toks[j]) and toks[j].low not in _FINITE_AUX:
        j -= 1
    if j < 0:
        return True
    prev = toks[j]
    if prev.low.endswith(("’s", "'s", "’", "s'")) and prev.low not in _BE:
        return False
    if toks[i].low in _PARTICIPLES:
        return prev.low in {"has", "have", "had", "having"}
    if lemma not in NOUN_LIKE_CUES or toks[i].low not in {lemma, lemma + "s", lemma + "es"}:
        return True
    if prev.low in _FINITE_AUX or prev.low in {"to", "they", "we", "i", "you"}:
        return True
    if toks[i].low == lemma:  # "officials plan to", not "the plan to"
        return prev.low in SOURCE_NOUNS and prev.low.endswith("s")
    if prev.text[:1].isupper() or prev.low in _PRONOUNS or prev.low in SOURCE_NOUNS:
        return j == 0 or toks[j - 1].low not in _DETERMINERS or prev.low in SOURCE_NOUNS
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    return nxt not in {"for", "to", "on", "of"}  # "average shows that", not "security demands for"


def _passive(toks: list[_Token], i: int) -> bool:
    """"is expected to", "was called": a participle after a form of "be"."""
    j = i - 1
    while j >= 0 and _is_adverb(toks[j]) and toks[j].low not in _BE:
        j -= 1
    return j >= 0 and toks[j].low in _BE and not toks[i].low.endswith(("ing", "s"))


def _progressive(toks: list[_Token], i: int) -> bool:
    """An -ing cue is a verb only after "is", "was"... or in "with X saying"; otherwise it
    is an adjective or a participle phrase ("disparaging remarks", "lawsuits seeking")."""
    j = i - 1
    while j >= 0 and _is_adverb(toks[j]) and toks[j].low not in _BE:
        j -= 1
    if j >= 0 and toks[j].low in _BE:
        return True
    start = _np_left(toks, j) if j >= 0 else None
    if start is not None and start > 0 and toks[start - 1].low == "with":
        return True
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    return start is not None and (nxt in {"that", ":"} or nxt in _QUOTES)  # "one saying that"


def _intro_only(toks: list[_Token], subj: int) -> bool:
    """True when all before the source is one introductory phrase ("In a statement, the
    ministry said", "According to X, the alliance rejected"), which is no content."""
    return toks[0].low in _PREPOSITIONS | {"according"} and all(
        t.text != "," for t in toks[1:max(1, subj - 1)])


def _resumes(toks: list[_Token], subj: int, after: int, cues: dict[int, tuple[int, str]]) -> bool:
    """True when content before the source goes on after the cue: a quotation split around
    the cue ("A," he said, "B.") or a sentence with the cue in the middle ("The museum, Mr.
    Bush said in his speech, celebrated ...")."""
    if after < len(toks) and toks[after].low in _PREPOSITIONS:
        after = next((k for k in range(after, min(len(toks), after + 8)) if toks[k].text == ","),
                     after)
    if after + 2 >= len(toks) or toks[after].text != ",":
        return False
    nxt = toks[after + 1]
    if nxt.low in {"and", "but"}:
        nxt = toks[after + 2]
    if nxt.text in _QUOTES:  # unless "In an interview, Borrell said, “...”" (an intro phrase)
        return toks[0].text in _QUOTES or toks[0].low not in _INTRO_WORDS
    return nxt.text[:1].islower() and nxt.low not in _CLAUSE_WORDS and after + 1 not in cues


def _np_end(toks: list[_Token], start: int, cue: int) -> int:
    """Last token of the source before the cue (skipping auxiliaries and asides)."""
    j = max(start, _skip_aside(toks, cue - 1))
    while j > start and toks[j].text == ",":
        j -= 1
    return j


def _tok_span(toks: list[_Token], first: int, last: int) -> tuple[int, int]:
    return toks[first].start, toks[max(first, last)].end


def _before(toks: list[_Token], subj: int) -> tuple[int, int] | None:
    """Content before the source: "<content>, the ministry said." Needs a comma or a
    closing quotation mark between them and at least two words."""
    j = subj - 1
    if j < 1 or (toks[j].text not in {",", "—", "--"} and toks[j].text not in _QUOTES):
        return None
    while j > 0 and (toks[j].text in {",", "—", "–", "-"} or toks[j].text in _QUOTES):
        j -= 1
    return (toks[0].start, toks[j].end) if j >= 0 else None


def _inverted(toks: list[_Token], i: int, last: int, cue: tuple[int, int]) -> _Found | None:
    """"<content>," said the Russian diplomat."""
    if i == 0 or (toks[i - 1].text != "," and toks[i - 1].text not in _QUOTES):
        return None
    end = _np_right(toks, last + 1)
    before = _before(toks, i)
    if end is None or before is None:
        return None
    if end + 1 < len(toks) and toks[end + 1].text == "(":
        end = next((k for k in range(end + 1, len(toks)) if toks[k].text == ")"), end)
    follow = toks[end + 1] if end + 1 < len(toks) else None
    if follow is not None and follow.text not in {",", ".", "!", "?", ";"} and (
            toks[last + 1].low in _PRONOUNS or follow.low not in _PREPOSITIONS | _TIME_WORDS):
        return None
    return _Found((toks[last + 1].start, toks[end].end), cue, before)


def _according_to(art: _Text, toks: list[_Token], i: int, last: int,
                  cue: tuple[int, int]) -> _Found | None:
    """"According to X, <content>", "<content>, according to X" and "<content>, according
    to X, <more>". The source runs to the next comma; without one ("According to Lavrov
    Russia is ...") it is the noun phrase, cut after a known surname."""
    end = _np_right(toks, last + 1)
    if end is None:
        return None
    comma = next((k for k in range(last + 2, min(len(toks), last + 16)) if toks[k].text == ","),
                 None)
    if comma is not None:
        end = comma - 1
    elif end > last + 1 and toks[last + 1].text in art.surnames:
        end = last + 1
    source = (toks[last + 1].start, toks[end].end)
    start = end + 1 + (comma is not None)
    before = _before(toks, i)
    if before and (start >= len(toks) - 2 or not _opens_clause(toks[start])):
        return _Found(source, cue, before)  # "<content>, according to X(, more of it)."
    if start >= len(toks) - 1:
        return None
    return _Found(source, cue, _tok_span(toks, start, len(toks) - 1))


def _opens_clause(tok: _Token) -> bool:
    """A word that can open a clause's subject ("Moscow's main concerns ...", "the alliance
    will ..."), unlike the rest of a phrase ("more than twice ...")."""
    return tok.text[:1].isupper() or tok.low in _DETERMINERS or tok.low in _PRONOUNS


# ---------------------------------------------------------------- speakers


def _speaker(text: str, found: _Found, people: list[Entity]) -> Entity | None:
    """Who a found statement's source is: resolved from a pronoun or description where the
    text makes it clear, else the name (or description) the text gives."""
    if found.source is None:
        return None
    mention = _author(text[found.source[0]:found.source[1]])
    resolved = resolve(mention, people)
    if resolved is not None:
        return resolved
    name, role = split_role(mention)
    if not name and role:  # a description only: "officials", "the document"
        return entity(role, "", found.source[0])
    return entity(name, role, found.source[0], people) if name else None


def _author(mention: str) -> str:
    """"a statement issued by the ministry" -> "the ministry": the author speaks. The test
    for "by" and "from" spares most mentions the regex."""
    return _BY_AUTHOR.sub(r"\1", mention) if "by" in mention or "from" in mention else mention


# ---------------------------------------------------------------- article


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Drop edge punctuation, spaces and outer quotation marks from a span."""
    start, end = span
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    return start, end


def _signed_quotes(text: str, quotes: list[tuple[int, int]],
                   paras: list[tuple[int, int]]) -> list[_Found]:
    """Quotations signed with a dash ("...” ― Name"), and lines "Name: ..." (interview
    transcripts, headlines). Such a line is a speaker's when the name is a transcript's
    capitals ("PENCE:") or the prose names them too; a list of headlines ("Iowa Shooting:
    Two Killed") is not."""
    out = []
    for start, end in quotes:
        m = _DASH_SOURCE.match(text, end - (2 if text[end - 2:end] == "''" else 1))
        if m:
            out.append(_Found(m.span("source"), m.span("dash"), (start, end)))
    lines = {k: m for k, para in enumerate(paras)
             if (m := _COLON_SOURCE.match(text, *para)) and split_role(m.group("source"))[0]}
    prose = _without(text, [paras[k] for k in lines])
    for k, m in lines.items():
        name = split_role(m.group("source"))[0]
        if name.isupper() or name.split()[-1] in prose:
            out.append(_Found(m.span("source"), m.span("colon"), (m.end(), _turn_end(
                text, paras, k, lines))))
    return out


def _turn_end(text: str, paras: list[tuple[int, int]], k: int,
              lines: dict[int, re.Match[str]]) -> int:
    """End of a speaker's turn that opens paragraph k: it goes on over the paragraphs that
    open with a quotation mark, the convention for a quotation of several paragraphs."""
    while k + 1 < len(paras) and k + 1 not in lines and _QUOTE_MARK.match(text, paras[k + 1][0]):
        k += 1
    return paras[k][1]


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text minus some sorted, disjoint spans."""
    keep, prev = [], 0
    for start, end in spans:
        keep.append(text[prev:start])
        prev = end
    return "".join([*keep, text[prev:]])


def _found_all(text: str) -> list[_Found]:
    """Every attribution in the text, in the order of their cues."""
    paras = _paragraphs(text)
    quotes = _quote_spans(text, paras)
    found = _walk(_article(text, quotes), _sentences(text, quotes))
    taken = {f.content for f in found}
    found.extend(f for f in _signed_quotes(text, quotes, paras) if f.content not in taken)
    return sorted(found, key=lambda f: f.cue)


def _walk(art: _Text, sentences: list[tuple[int, int]]) -> list[_Found]:
    """Statements sentence by sentence. A quotation goes on over the following sentences of
    its paragraph that open with a quotation mark and have no cue of their own ("A," he
    said. "B.")."""
    text = art.text
    found: list[_Found] = []
    going_on: int | None = None  # index in `found` of a quotation that may go on
    for k, span in enumerate(sentences):
        here = [_linked(text, f, sentences, k) for f in _sentence_statements(art, span)]
        found.extend(here)
        if here:
            going_on = next((i for i in range(len(found) - 1, len(found) - len(here) - 1, -1)
                             if _has_quote(text, found[i].content)), None)
        elif going_on is not None and _QUOTE_MARK.match(text, span[0]) and "\n" not in text[
                found[going_on].content[1]:span[0]]:
            found[going_on] = found[going_on]._replace(
                content=(found[going_on].content[0], span[1]))
        else:
            going_on = None
    return found


def _linked(text: str, found: _Found, sentences: list[tuple[int, int]], k: int) -> _Found:
    """"X said:" takes the next sentence as its content; "X asked." after a quotation that
    ended the previous sentence ("...?” Graham asked.") takes that quotation."""
    if found.link == "next" and k + 1 < len(sentences):
        return found._replace(content=sentences[k + 1], link="")
    if found.link == "prev" and k > 0 and text[sentences[k - 1][1] - 1] in "”\"'":
        return found._replace(content=sentences[k - 1], link="")
    return found


def _content_text(text: str, content: tuple[int, int], found: _Found) -> str:
    """The content as one line; when the cue and source interrupt it ("A," he said, "B.")
    they are left out, so the text is the words of the span minus the attribution."""
    marks = [found.cue, *([found.source] if found.source else [])]
    gap = (min(m[0] for m in marks), max(m[1] for m in marks))
    if not content[0] < gap[0] < gap[1] < content[1]:
        return " ".join(text[content[0]:content[1]].split())
    left = _trim(text, (content[0], gap[0]))
    right = _trim(text, (gap[1], content[1]))
    return " ".join(f"{text[left[0]:left[1]]} {text[right[0]:right[1]]}".split())


def _opens_quote(text: str, span: tuple[int, int]) -> bool:
    """A direct statement: its content is a quotation, not reported words with a quoted
    phrase in them."""
    return bool(_QUOTE_MARK.match(text[span[0]:span[1]].lstrip()))


def _has_quote(text: str, span: tuple[int, int]) -> bool:
    return bool(_QUOTE_MARK.search(text, *span))


def extract_statements(text: str) -> list[Statement]:
    """All attributed statements in an article's text, in the order of their cues."""
    named = mentions(text)
    known: list[Entity] = []  # speakers and named people or bodies so far, in text order
    reach = (0, 0)  # the content reaching furthest so far
    out: list[Statement] = []
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for found in _found_all(text):
        content = _trim(text, found.content)
        if not _WORD.search(text, *content) or (content, found.cue) in seen:
            continue
        seen.add((content, found.cue))
        while named and named[0].start < found.cue[0]:
            known.append(named.pop(0))
        who = _speaker(text, found, known)
        if who is not None and not reach[0] <= found.cue[0] < reach[1]:
            known.append(who)  # a cue inside earlier content is no antecedent for "he"
        if content[1] > reach[1]:
            reach = content
        out.append(_statement(text, found, content, who))
    return out


def _statement(text: str, found: _Found, content: tuple[int, int],
               who: Entity | None) -> Statement:
    return Statement(
        speaker=who.name if who else "", speaker_key=who.key if who else "",
        role=who.role if who else "", cue=text[found.cue[0]:found.cue[1]],
        content=_content_text(text, content, found),
        direct=_opens_quote(text, found.content), content_span=Span(*content),
        source_span=Span(*found.source) if found.source else None, cue_span=Span(*found.cue))


# ---------------------------------------------------------------- digest filter


def is_reportable(statement: Statement) -> bool:
    """Whether a statement belongs in the user's digest. The extractor finds every
    attribution, as the benchmark asks, but a reader of "who said what" wants only what a
    named or described speaker put into words (said, wrote, announced, warned; "according
    to", "in a statement", a signed quotation) about a whole proposition, not a belief or
    intention ("plans to", "wants"), a finding ("the poll shows"), or an object fragment
    ("rejects the allegation", "respond in the nearest future")."""
    if not (statement.speaker or statement.role) or len(_WORD.findall(statement.content)) < 5:
        return False
    if statement.cue_span and statement.content_span.start >= statement.cue_span.end and (
            _first_word(statement.content) in _PURE_PREPOSITIONS):
        return False
    words = _WORD.findall(statement.cue.lower())
    if not words or words[:2] == ["according", "to"] or STATEMENT_NOUNS.intersection(words):
        return True  # a signed quotation or transcript line, "according to", "in a statement"
    lemma = _CUE_LEMMAS.get(words[0], "")
    return lemma in STATEMENT_VERBS and not (lemma in EVIDENCE_VERBS and _is_data(statement))


def _is_data(statement: Statement) -> bool:
    """A source that carries evidence rather than speaks: with it, "suggests" or "confirms"
    reports a finding ("the poll suggests")."""
    return not DATA_NOUNS.isdisjoint(_WORD.findall(f"{statement.speaker} {statement.role}".lower()))


def _first_word(text: str) -> str:
    """The first word of a text, lower-case, past any quotation mark."""
    word = _WORD.search(text)
    return word.group().lower() if word else ""


# ---------------------------------------------------------------- merging across outlets


def content_fingerprint(content: str) -> str:
    """The words of a content, lower-case: punctuation, quotation marks, apostrophes and
    "..." cuts do not count. Equal fingerprints are the exact-match fast path of merging."""
    return " ".join(_WORD.findall(content.lower()))


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
    words_a, words_b = _WORD.findall(a.content.lower()), _WORD.findall(b.content.lower())
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


# ---------------------------------------------------------------- display


def describe(statements: list[Statement]) -> str:
    """Readable listing for `newswatch statements ARTICLE.txt`: one block per statement."""
    lines = []
    for st in statements:
        who = st.speaker or "(unknown)"
        role = f" ({st.role})" if st.role else ""
        mark = "quote" if st.direct else "reported"
        where = f"{st.content_span.start}-{st.content_span.end}"
        lines.append(f"{who}{role} [{st.speaker_key}] {st.cue} ({mark}, chars {where}):")
        lines.append(f"    {st.content}")
    return "\n".join(lines)
