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
import re
from dataclasses import dataclass, replace

from .attribution_lexicon import (
    ABBREVIATIONS,
    DOCUMENT_NOUNS,
    EVIDENCE_VERBS,
    INVERTING_VERBS,
    MENTAL_VERBS,
    NOUN_LIKE_CUES,
    OBJECT_VERBS,
    PERSON_PRONOUNS,
    PHRASAL_CUES,
    RELATIVE_PRONOUNS,
    ROLE_WORDS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    THING_PRONOUNS,
    form_table,
)
from .models import Span, Statement
from .speakers import is_organisation, speaker_key, split_role

_CUE_LEMMAS = form_table([*SPEECH_VERBS, *MENTAL_VERBS, *EVIDENCE_VERBS])
_PHRASAL_HEADS = form_table(p.split()[0] for p in PHRASAL_CUES)
_PHRASAL = {tuple(p.split()[1:]): p.split()[0] for p in PHRASAL_CUES}
_PURE_LISTENER = frozenset({"tell", "inform", "notify", "assure", "remind"})
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
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "’s", "'s"})
_FINITE_AUX = _BE | frozenset({"has", "have", "had", "will", "would", "can", "could", "does",
                               "did", "should", "may", "might", "must"})
# Where a noun-phrase content ends: an adjunct or a new clause.
_OBJECT_STOPS = frozenset((
    "in during at on after before since while when because as amid despite following "
    "through over but although though whereas which who where"
).split())
_PREPOSITIONS = frozenset((
    "in on at during after before while with from by via through when as since amid over "
    "about following under without ahead upon"
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
_ADJECTIVE_SUFFIXES = ("al", "ic", "ive", "ous", "ian", "ese", "ish", "ern", "ary", "ior",
                       "ant", "ent", "ful", "less", "ible", "able")
_MODIFIERS = frozenset((
    "top senior former new other local state federal chief deputy acting foreign "
    "defense key leading prominent many some few several most first second white "
    "black young old longtime veteran unnamed anonymous independent outside "
    "conservative liberal progressive nonpartisan bipartisan"
).split())

_TOKEN = re.compile(r"""
    (?:[A-Za-z]\.){2,}                    # initialisms: U.S., D.C.
  | ''                                    # two apostrophes used as a quotation mark
  | \w+(?:[’'\-.&]\w+)*(?:[’']s?)?        # words, hyphenated words, possessives
  | [^\w\s]                               # one punctuation mark
""", re.X)
_QUOTE_MARK = re.compile(r"''|[“”\"]")
_QUOTE_FAMILIES = (re.compile(r"[“”]"), re.compile(r"\""), re.compile(r"''"))
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"""
    (?P<last>\w+)?(?P<stop>[.!?…]+)(?:["”’')\]]|'')*   # final word, stop, closing marks
    (?=\s+(?:["“‘(\[]|'')?[A-Z0-9])                    # before a capitalised sentence
""", re.X)
_DASH_SOURCE = re.compile(r"""
    (?:[”"]|'')\s*(?P<dash>[―—])\s*                          # closing mark, then a dash
    (?P<source>[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,4})   # a name
""", re.X)
_COLON_SOURCE = re.compile(r"""
    [“"]?\s*                                                  # a transcript line may be quoted
    (?P<source>(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)   # a short capitalised name
    \s*(?P<colon>:)\s+(?=\S)                                 # a colon, then the content
""", re.X)
_EDGE_TRIM = " \t\n,;:.—–-“”\"‘’'"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    low: str


@dataclass(frozen=True)
class _Speaker:
    """A resolved source: who it is and how the text described them."""

    name: str
    key: str
    role: str
    person: bool


@dataclass(frozen=True)
class _Found:
    """A statement before speaker resolution (character spans)."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    chained: bool = False  # a participle or coordinated cue ("adding", "and said")
    link: str = ""  # "next": "X said:" ends the sentence; "prev": "“...?” X asked."


# ---------------------------------------------------------------- quotations and sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _continues(text: str, para: tuple[int, int], family: re.Pattern[str]) -> bool:
    """An open quotation goes on into `para` if it reopens with a mark or has an odd count."""
    marks = family.findall(text, *para)
    body = text[para[0]:para[1]].lstrip()
    return bool(marks) and (bool(family.match(body)) or len(marks) % 2 == 1)


def _family_spans(text: str, paras: list[tuple[int, int]],
                  family: re.Pattern[str]) -> list[tuple[int, int]]:
    """Pair one family of quotation marks by position, whatever their direction (writers
    and CMSs mix “ and ” up), per paragraph. A quotation left open continues into the next
    paragraph when that one reopens or closes it, else it ends with its paragraph."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for k, (start, end) in enumerate(paras):
        marks = [m.span() for m in family.finditer(text, start, end)]
        if open_at is not None and marks and not text[start:marks[0][0]].strip():
            marks = marks[1:]  # the mark that reopens a continued quotation
        for mark_start, mark_end in marks:
            if open_at is None:
                open_at = mark_start
            else:
                spans.append((open_at, mark_end))
                open_at = None
        if open_at is not None and (
                k + 1 == len(paras) or not _continues(text, paras[k + 1], family)):
            spans.append((open_at, end))
            open_at = None
    return spans


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Quotations, marks included, sorted; curly, straight and doubled-apostrophe marks are
    paired apart, so one kind nested in another stays inside it."""
    paras = _paragraphs(text)
    spans = sorted(s for family in _QUOTE_FAMILIES for s in _family_spans(text, paras, family))
    outer: list[tuple[int, int]] = []
    for span in spans:
        if not outer or span[0] >= outer[-1][1]:
            outer.append(span)
        elif span[1] > outer[-1][1]:
            outer[-1] = (outer[-1][0], span[1])
    return outer


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """True if pos lies strictly inside one of the sorted spans (not on a mark)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1] - 1


def _is_stop(m: re.Match[str]) -> bool:
    """A full stop that ends a sentence, not one after "Mr" or an initial."""
    last = m.group("last") or ""
    return m.group("stop") != "." or (last.lower() not in ABBREVIATIONS and len(last) != 1)


def _sentences(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans: split at stops and line breaks, never inside a quotation."""
    starts = [s for s, _ in quotes]
    cuts = {m.end() for m in _SENTENCE_END.finditer(text) if _is_stop(m)}
    cuts.update(m.start() for m in re.finditer(r"\n", text))
    spans, prev = [], 0
    for cut in sorted(c for c in cuts if not _inside(c, quotes, starts)) + [len(text)]:
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
            or low in _MODIFIERS or low.endswith(_ADJECTIVE_SUFFIXES + ("’s", "'s"))
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
        elif prev == "." and i > 1 and toks[i - 2].low in ABBREVIATIONS:
            i -= 2
        elif toks[i - 1].low in _NP_LINKS and i > 1 and _is_np_word(toks[i - 2]) and (
                toks[i].text[:1].isupper() or toks[i].low in _DETERMINERS):
            i -= 1
        elif _is_np_word(toks[i - 1]):
            i -= 1
        else:
            break
    while i < end and (toks[i].low in _NP_LINKS or toks[i].text in {"-", ".", "("}):
        i += 1
    return i


def _np_right(toks: list[_Token], start: int) -> int | None:
    """Last index of the noun phrase starting at toks[start], or None."""
    if start < len(toks) and toks[start].low in _PRONOUNS:
        return start
    i, last_head = start, None
    while i < len(toks) and i - start < 14:
        tok = toks[i]
        if tok.text == "." and i > start and toks[i - 1].low in ABBREVIATIONS:
            i += 1
        elif tok.text == "(":
            close = next((k for k in range(i + 1, min(len(toks), i + 8)) if toks[k].text == ")"),
                         None)
            if close is None:
                break
            i = close + 1
        elif tok.low in _NP_LINKS and last_head is not None:
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


def _subject_left(toks: list[_Token], cue: int) -> int | None:
    """Index where the source before the cue starts ("Lavrov has also said")."""
    j = _skip_aside(toks, cue - 1)
    if j >= 1 and toks[j].text == ",":
        return _apposed_subject(toks, j)
    start = _np_left(toks, j)
    if start is None:
        return None
    return _apposed_name(toks, start)


def _apposed_name(toks: list[_Token], start: int) -> int:
    """Extend "the U.S. ambassador to Russia, John Sullivan" back to the first part."""
    if start >= 2 and toks[start - 1].text == "," and toks[start].low not in _PRONOUNS:
        outer = _np_left(toks, start - 2)
        if outer is not None and (outer == 0 or toks[outer - 1].text in {",", *_QUOTES}) and any(
                t.low in ROLE_WORDS or t.low in SOURCE_NOUNS for t in toks[outer:start]):
            return outer
    return start


def _apposed_subject(toks: list[_Token], comma: int) -> int | None:
    """Source of "Richard Revesz, director of the institute, said": a noun phrase at the
    start of the clause, then one to three comma-separated descriptions."""
    commas = [k for k in range(comma - 1, max(-1, comma - 40), -1) if toks[k].text == ","]
    for k in commas[:3]:
        start = _np_left(toks, k - 1)
        if start is not None and (start == 0 or toks[start - 1].text in {",", *_QUOTES}) and (
                not any(t.text in _QUOTES for t in toks[k:comma])):
            return start
    return None


# ---------------------------------------------------------------- cues


def _cue_at(toks: list[_Token], i: int) -> tuple[int, str] | None:
    """(last token index, lemma) of a cue starting at toks[i], or None."""
    tok = toks[i]
    if tok.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
        return i + 1, "according to"
    if tok.text[:1].isupper():
        return None  # a verb in running text is lower-case; "Plan", "Post" are names
    rest = tuple(t.low for t in toks[i + 1:i + 3])
    head = _PHRASAL_HEADS.get(tok.low)
    if head:
        for size in (2, 1):
            if _PHRASAL.get(rest[:size]) == head:
                return i + size, head
    lemma = _CUE_LEMMAS.get(tok.low)
    if lemma is None:
        return None
    if lemma in NOUN_LIKE_CUES and tok.low in {lemma, lemma + "s", lemma + "es"} and not (
            rest and _opens_complement(toks[i + 1])):
        return None
    if lemma == "continue" and not (rest and toks[i + 1].text in {":", ",", *_QUOTES}):
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
    if lemma not in _PURE_LISTENER or i >= len(toks):
        return i
    if toks[i].low in _OBJECT_PRONOUNS:
        return i + 1
    end = _np_right(toks, i)
    return i if end is None else end + 1


def _skip_adjuncts(toks: list[_Token], i: int) -> int:
    """Skip time words after a cue ("said on Thursday")."""
    while i < len(toks) and toks[i].low in _TIME_WORDS:
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
        for k in range(i + 1, min(len(toks), i + 16)):
            if toks[k].low == "that" or toks[k].text in {":", "“"}:
                return k + (toks[k].text != "“")
            if toks[k].text == ";" or toks[k].low in _CUE_LEMMAS:
                return None
        return None
    if (not tok.text[:1].isalnum() and tok.text != "$") or tok.low in _FINITE_AUX:
        return None
    return i


def _is_chained(toks: list[_Token], k: int) -> bool:
    """A cue that shares the previous cue's source: ", adding", "and said", ", saying"."""
    j = k - 1
    while j >= 0 and toks[j].text in _QUOTES:
        j -= 1
    prev = toks[j].low if j >= 0 else ""
    return (prev == "," and toks[k].low.endswith("ing")) or prev in {"and", "but"}


def _content_end(toks: list[_Token], start: int, cues: dict[int, tuple[int, str]],
                 lemma: str = "") -> int:
    """Last token of the content: before a chained cue (", adding", "and said") or the end;
    a whole quotation ends with its closing mark; a noun-phrase content ("attacked Machado
    in a tweet") ends before an adjunct or a new clause."""
    if toks[start].text in _QUOTES:
        close = next((k for k in range(start + 1, len(toks)) if toks[k].text in _QUOTES), None)
        if close is not None and toks[close - 1].text in {",", ".", "?", "!"}:
            return close
    noun_phrase = lemma in OBJECT_VERBS and toks[start].text not in _QUOTES
    for k in range(start + 1, len(toks)):
        if k in cues and _is_chained(toks, k):
            j = k - 1
            while j > start and (toks[j].text in {",", *_QUOTES} or toks[j].low == "and"):
                j -= 1
            return j
        if toks[k].text == ";" or noun_phrase and (
                toks[k].low in _OBJECT_STOPS or toks[k].text in {",", "—", "–", "--", "-"}):
            return k - 1
    return len(toks) - 1


# ---------------------------------------------------------------- one sentence


def _tokens(text: str, span: tuple[int, int]) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), m.group().lower())
            for m in _TOKEN.finditer(text, *span)]


def _sentence_statements(text: str, span: tuple[int, int],
                         quotes: list[tuple[int, int]], q_starts: list[int]) -> list[_Found]:
    """Every attribution whose cue lies in this sentence (outside quotations)."""
    toks = _tokens(text, span)
    cues: dict[int, tuple[int, str]] = {}
    for i, tok in enumerate(toks):
        if (tok.low in _CUE_LEMMAS or tok.low in _PHRASAL_HEADS or tok.low == "according") and (
                not _inside(tok.start, quotes, q_starts)):
            found = _cue_at(toks, i)
            if found:
                cues[i] = found
    out: list[_Found] = []
    for i, (last, lemma) in cues.items():
        found = _attribution(toks, i, last, lemma, cues)
        if found and found.chained and found.source is None and out:
            found = replace(found, source=out[-1].source)
        if found:
            out.append(found)
    return out


def _attribution(toks: list[_Token], i: int, last: int, lemma: str,
                 cues: dict[int, tuple[int, str]]) -> _Found | None:
    """The statement built around the cue toks[i..last], if the sentence has one."""
    cue = (toks[i].start, toks[last].end)
    if lemma == "according to":
        return _according_to(toks, i, last, cue)
    chained = _is_chained(toks, i)
    if not chained and toks[i].low.endswith("ing") and not _progressive(toks, i):
        return None
    if _passive(toks, i):
        return None
    subj = None if chained else _subject_left(toks, i)
    if subj is None and not chained:
        inverting = lemma in INVERTING_VERBS and not toks[i].low.endswith("ing")
        return _inverted(toks, i, last, cue) if inverting else None
    source = None if subj is None else (toks[subj].start, toks[_np_end(toks, subj, i)].end)
    after = _skip_adjuncts(toks, _skip_listener(toks, _skip_adjuncts(toks, last + 1), lemma))
    if after < len(toks) and toks[after].text == ":" and after == len(toks) - 1:
        return _Found(source, cue, (toks[after].end, toks[after].end), chained, "next")
    before = None if subj is None else _before(toks, subj)
    if before and _resumes(toks, before, subj, after, cues):
        end = _content_end(toks, after + 1, cues)
        return _Found(source, cue, (before[0], toks[end].end), chained)
    comp = _complement_start(toks, after)
    if comp is not None and comp < len(toks):
        end = _content_end(toks, comp, cues, lemma)
        if not before or end - comp > 1:
            return _Found(source, cue, _tok_span(toks, comp, end), chained)
    if before:
        return _Found(source, cue, before, chained)
    if subj == 0 and comp is None:
        return _Found(source, cue, (toks[0].start, toks[0].start), chained, "prev")
    return None


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
    return start is not None and start > 0 and toks[start - 1].low == "with"


def _resumes(toks: list[_Token], before: tuple[int, int], subj: int, after: int,
             cues: dict[int, tuple[int, str]]) -> bool:
    """True when content before the source goes on after the cue: a quotation split around
    the cue ("A," he said, "B.") or a sentence with the cue in the middle."""
    if after + 1 >= len(toks) or toks[after].text != ",":
        return False
    nxt = toks[after + 1]
    if nxt.text in _QUOTES:
        return toks[subj - 1].text in _QUOTES or toks[subj - 2].text in _QUOTES
    return nxt.text[:1].islower() and nxt.low not in _CLAUSE_WORDS and after + 1 not in cues


def _np_end(toks: list[_Token], start: int, cue: int) -> int:
    """Last token of the source before the cue (skipping auxiliaries and asides)."""
    j = cue - 1
    while j > start and (_is_adverb(toks[j]) or toks[j].text == ","):
        j -= 1
    return j


def _tok_span(toks: list[_Token], first: int, last: int) -> tuple[int, int]:
    return toks[first].start, toks[max(first, last)].end


def _before(toks: list[_Token], subj: int) -> tuple[int, int] | None:
    """Content before the source: "<content>, the ministry said." Needs a comma or a
    closing quotation mark between them and at least two words."""
    j = subj - 1
    if j < 1 or (toks[j].text != "," and toks[j].text not in _QUOTES):
        return None
    while j > 0 and (toks[j].text in {",", "—", "–", "-"} or toks[j].text in _QUOTES):
        j -= 1
    return (toks[0].start, toks[j].end) if j >= 1 else None


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


def _according_to(toks: list[_Token], i: int, last: int,
                  cue: tuple[int, int]) -> _Found | None:
    """"According to X, <content>" and "<content>, according to X"."""
    end = _np_right(toks, last + 1)
    if end is None:
        return None
    source = (toks[last + 1].start, toks[end].end)
    before = _before(toks, i)
    if before:
        return _Found(source, cue, before)
    k = end + 1
    while k < len(toks) and toks[k].text == ",":
        k += 1
    if k >= len(toks) - 1:
        return None
    return _Found(source, cue, _tok_span(toks, k, len(toks) - 1))


# ---------------------------------------------------------------- speakers


def _resolve(mention: str, name: str, role: str, history: list[_Speaker]) -> _Speaker | None:
    """The earlier speaker a pronoun or a description ("the NATO chief") refers to."""
    low = mention.lower().strip()
    if low in {"he", "she", "who", "i"}:
        return next((s for s in reversed(history) if s.person), None)
    if low in {"it", "which"}:
        return next((s for s in reversed(history) if not s.person), None)
    if name or not role or not low.startswith("the "):
        return None
    words = {w for w in _WORD.findall(speaker_key(role)) if len(w) > 2}
    for s in reversed(history):
        if words & set(_WORD.findall(f"{speaker_key(s.role)} {s.key}")):
            return s
    head = role.split()[-1].lower()
    if head in ROLE_WORDS or head in {"diplomat", "official"}:
        return next((s for s in reversed(history) if s.person), None)
    return None


def _speaker(text: str, found: _Found, history: list[_Speaker]) -> _Speaker:
    """Name, key and role of a found statement's source."""
    if found.source is None:
        return history[-1] if found.chained and history else _Speaker("", "", "", False)
    mention = text[found.source[0]:found.source[1]]
    name, role = split_role(mention)
    resolved = _resolve(mention, name, role, history)
    if resolved is not None:
        return resolved
    name = name or role
    person = bool(name) and name[:1].isupper() and not is_organisation(name)
    if role and role.split()[-1].lower() in DOCUMENT_NOUNS and not split_role(mention)[0]:
        person = False
    return _Speaker(name, speaker_key(name), role if name != role else "", person)


# ---------------------------------------------------------------- article


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Drop edge punctuation, spaces and outer quotation marks from a span."""
    start, end = span
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    return start, end


def _signed_quotes(text: str, quotes: list[tuple[int, int]]) -> list[_Found]:
    """Quotations signed with a dash ("...” ― Name") or introduced by "Name: ..." at the
    start of a paragraph (interview transcripts, headlines)."""
    ends = {end: (start, end) for start, end in quotes}
    out = []
    for m in _DASH_SOURCE.finditer(text):
        quote = ends.get(m.start() + (2 if text.startswith("''", m.start()) else 1))
        if quote:
            out.append(_Found(m.span("source"), m.span("dash"), quote))
    for start, end in _paragraphs(text):
        m = _COLON_SOURCE.match(text, start, end)
        if m and split_role(m.group("source"))[0]:
            out.append(_Found(m.span("source"), m.span("colon"), (m.end(), end)))
    return out


def _found_all(text: str) -> list[_Found]:
    """Every attribution in the text, with quotations continued over the next sentences."""
    quotes = _quote_spans(text)
    q_starts = [s for s, _ in quotes]
    sentences = _sentences(text, quotes)
    found: list[_Found] = []
    last_direct: int | None = None  # index in `found` of a quotation that may go on
    for k, span in enumerate(sentences):
        here = _sentence_statements(text, span, quotes, q_starts)
        opens_quote = text[span[0]] in "“\"" or text.startswith("''", span[0])
        if here:
            first = len(found)
            found.extend(_linked(text, f, sentences, k) for f in here)
            last_direct = next((i for i in range(len(found) - 1, first - 1, -1)
                                if _is_direct(text, found[i].content)), None)
        elif last_direct is not None and opens_quote and "\n" not in text[
                found[last_direct].content[1]:span[0]]:
            found[last_direct] = replace(found[last_direct],
                                         content=(found[last_direct].content[0], span[1]))
        else:
            last_direct = None
    taken = {f.content for f in found}
    found.extend(f for f in _signed_quotes(text, quotes) if f.content not in taken)
    return sorted(found, key=lambda f: f.cue)


def _linked(text: str, found: _Found, sentences: list[tuple[int, int]], k: int) -> _Found:
    """"X said:" takes the next sentence as its content; "X asked." after a quotation that
    ended the previous sentence ("...?” Graham asked.") takes that quotation."""
    if found.link == "next" and k + 1 < len(sentences):
        return replace(found, content=sentences[k + 1], link="")
    if found.link == "prev" and k > 0 and text[sentences[k - 1][1] - 1] in "”\"'":
        return replace(found, content=sentences[k - 1], link="")
    return found


def _is_direct(text: str, span: tuple[int, int]) -> bool:
    return bool(_QUOTE_MARK.search(text, span[0], span[1])) or "“" in text[span[0]:span[1]]


def extract_statements(text: str) -> list[Statement]:
    """All attributed statements in an article's text, in the order of their cues."""
    history: list[_Speaker] = []
    out: list[Statement] = []
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for found in _found_all(text):
        content = _trim(text, found.content)
        if content[1] - content[0] < 2 or (content, found.cue) in seen:
            continue
        seen.add((content, found.cue))
        who = _speaker(text, found, history)
        if who.name:
            history.append(who)
        out.append(Statement(
            speaker=who.name, speaker_key=who.key, role=who.role,
            cue=text[found.cue[0]:found.cue[1]], content=" ".join(text[slice(*content)].split()),
            direct=_is_direct(text, found.content), content_span=Span(*content),
            source_span=Span(*found.source) if found.source else None,
            cue_span=Span(*found.cue)))
    return out
