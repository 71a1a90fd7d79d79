"""Article text -> attributed statements: who (source) said what (content), and the cue.

One pass over the sentences with a reporting-verb lexicon. For each cue the source is the
noun phrase before it ("Lavrov said", "A study released last year found", "critics worry",
"Kim -- a former aide -- said"), after it ("said the Russian diplomat") or after
"according to"; the content is the clause after the cue or, when nothing follows the cue,
the clause or quotation before it ("..., the Journal reports."), or both around it ("A, he
said, B"). Frames besides a plain verb: "as X put it", "In a statement, ...", "for saying
that", "is quoted as saying", "it was reported that", "went on to say", ", going on to
say", "Asked about X, ...", "X's claim that", "X issued a statement calling", "was first
reported by X", and the writer's hedges ("is expected to", "seems"), which have no source.
A cue in a fronted clause ("When X said Y, ...") reports only that clause. A belief or
finding inside another statement's content is part of it, not a statement of its own.
Quotation marks are paired per paragraph first, so a quotation spanning paragraphs or with
a wrong-way mark stays one piece. Pronouns and descriptions ("he", "the ministry", "the
NATO chief") are resolved to the last speaker they fit. `is_reportable` keeps what a
digest of statements should carry. Pure, no I/O.

Speed: the article is tokenised once into parallel lists by one regex split; only
sentences holding a cue candidate (a set lookup per token) are sliced and analysed.
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
    EVIDENTIAL_VERBS,
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
# Cue lemmas of utterances, which stay statements inside another's content.
_SPEECH_LEMMAS = STATEMENT_VERBS | {"according to"}
# Forms of cues that are as often nouns ("plan", "claims", "reports").
_NOUN_FORMS = frozenset(
    form for lemma in NOUN_LIKE_CUES for form in (lemma, f"{lemma}s", f"{lemma}es")
    if _CUE_LEMMAS.get(form) == lemma)
# Cue forms whose subject is their source (not "seems", "appeared": the writer's hedges).
_REPORTING_FORMS = frozenset(f for f in _CUE_FORMS if _CUE_LEMMAS.get(f.rstrip("."))
                             not in EVIDENTIAL_VERBS)
_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | RELATIVE_PRONOUNS
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "it"})
_QUOTES = frozenset({"“", "”", "\"", "'", "‘", "’", "''"})
# Negated auxiliaries are one token ("haven't"); ca-n't and wo-n't as in "can't", "won't".
_NEGATED_BE = frozenset(f"{stem}{mark}t" for stem in ("isn", "aren", "wasn", "weren")
                        for mark in "'’")
_NEGATED_MODALS = frozenset(f"{stem}{mark}t" for stem in ("won", "wouldn", "can", "couldn",
                                                          "shouldn", "mustn") for mark in "'’")
_NEGATED = _NEGATED_BE | _NEGATED_MODALS | frozenset(
    f"{stem}{mark}t" for stem in ("hasn", "haven", "hadn", "doesn", "don", "didn") for mark in "'’")
_NEGATIONS = _NEGATED | {"not", "never", "n't"}
_AUXILIARIES = _NEGATED | frozenset((
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
_BE = _NEGATED_BE | frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "’s",
                               "'s"})
_FINITE_AUX = _BE | _NEGATED | frozenset({"has", "have", "had", "will", "would", "can", "could",
                                          "does", "did", "should", "may", "might", "must"})
# Where a noun-phrase content ends: a new clause or an adverbial of time or cause
# ("attacked Machado during the debate", "denounced it after the vote"; also "as" or "so"
# before a subject: "shouted profanities as she ran").
_OBJECT_STOPS = frozenset((
    "but although though whereas during since amid while when because following until despite"
).split())
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
_DAYS = frozenset((
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight"
).split())
_TIME_WORDS = _DAYS | frozenset((
    "earlier later again also recently previously repeatedly last this next week month "
    "year night morning afternoon evening on early late publicly privately once then"
).split())
_MONTHS = frozenset((
    "january february march april may june july august september october november december "
    "jan. feb. mar. apr. jun. jul. aug. sept. sep. oct. nov. dec."
).split())
# Nouns that end a time phrase between a subject and its verb ("Sanders on Tuesday said").
_TIME_NOUNS = _DAYS | _MONTHS | frozenset(
    "week weekend month year morning afternoon evening night".split())
_TIME_PHRASE_LEADS = frozenset("on in this last next early late earlier later that".split())
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
# "\S" is "[^\w\s]" here, as words match first. No possessive quantifiers: CPython 3.11.2
# (Debian 12's) lets "(?:...)*+" end a word with a bare apostrophe ("Dealmaker’").
_TOKEN = re.compile(r"(\w+(?:[’'.\-&]\w+)*\.?|''|\S)")
# Searches scan fast only for a pattern whose first character is a set or a branch of
# literals (sre's "charset prefix"): hence "“|”" for "[“”]" here and "[.!?…][.!?…]*" for
# "[.!?…]+" below (a repeat first would try a match at every character).
_QUOTE_MARK = re.compile(r"''|“|”|\"")
_OPENING_QUOTE = re.compile(r"\s*(?:''|[“”\"])")
_PARAGRAPH = re.compile(r"[^\n]+")
_NEWLINE = re.compile(r"\n")
# A dateline opening a paragraph: "Moscow, Feb 18", "LOS ANGELES, Sept. 28 (UPI) —",
# "WASHINGTON (Reuters) -". It says where the story was filed, not what anybody said.
_DATELINE = re.compile(r"""
    (?:[A-Z][\w.'-]*(?:\ [A-Z][\w.'-]*){0,3},\ [A-Z][a-z]{2,8}\.?\ \d{1,2}
       (?:\ \([A-Za-z]+\))?
     | [A-Z]{2,}(?:\ [A-Z]{2,}){0,3}(?:,\ [A-Z][\w.]+)?\ \([A-Za-z]+\))
    \s*(?:[—–-]+\s*)?(?=\S)
""", re.X)
_SENTENCE_END = re.compile(r"""
    (?P<stop>[.!?…][.!?…]*)(?:["”’')\]]|'')*     # a stop and closing marks
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
    (?!(?:The|A|An)\s)                                       # not a label ("The Latest: ...")
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
# Documents that state content ("In a statement, ..."): not events such as an interview.
_CONTENT_DOCUMENTS = frozenset((
    "poll polls survey surveys study report statement letter memo memorandum filing complaint "
    "lawsuit ruling analysis tweet post op-ed editorial communique communiqué release"
).split())
# Words that open a modifier after a noun ("experts on", "a study that", "data from") or
# go on with a coordinated one ("experts on Korea and nuclear arms").
_POSTMODIFIER_OPENERS = frozenset((
    "of on from in at for with by about among over under near across who which that whose "
    "and or"
).split())
# Verbs whose subject also does what the infinitive after them says ("went on to say",
# "has to explain", "continues to insist"); other regular ones are known by their -ed
# ("appeared to suggest").
_CONTROL_VERBS = frozenset((
    "went go goes going began begin begins came come comes seem seems appear appears try tries "
    "have has had need needs got continue continues continued"
).split())
# Passive cues that raise their clause's subject ("is expected to", "is said to"): what
# they report is the whole clause, and nobody in it is the source.
_RAISING_LEMMAS = frozenset((
    "say report allege expect believe think know understand consider estimate project predict"
).split())
_GERUND_PREPOSITIONS = frozenset({"by", "for", "after", "before", "from", "while", "without",
                                  "despite"})
# Unions of the word lists above that the hot loops test against.
_NOT_NOUNS = _PREPOSITIONS | _CUE_WORDS
_NP_WORDS = _DETERMINERS | SOURCE_NOUNS | ROLE_WORDS | _MODIFIERS | {"-"}
_NP_SUFFIXES = (*_ADJECTIVE_SUFFIXES, "’s", "'s")
_CLAUSE_OR_CUE_WORDS = _CLAUSE_WORDS | _CUE_WORDS
_ADJUNCT_WORDS = _PREPOSITIONS | _TIME_WORDS
_NOUN_OPENERS = _DETERMINERS | _PRONOUNS | _OBJECT_PRONOUNS
_INTRO_OPENERS = _PREPOSITIONS | {"according"}
_COMMA_OR_QUOTE = _QUOTES | {","}
_PHRASE_ENDS = frozenset({",", "—", "–", "--", "-"})
_APPOSITION_MARKS = frozenset({",", "—", "–", "-"})
_QUOTE_INTROS = _QUOTES | {":", ","}
_RELATIVE_OBJECTS = RELATIVE_PRONOUNS | {"what"}
_CLAUSE_MARKS = _QUOTES | {",", ";", ":", "—", "--"}
_MEDIUM_PREPOSITIONS = frozenset({"in", "on", "during"})
_FLOATING_QUANTIFIERS = frozenset({"all", "both", "each"})
_MODAL_WORDS = _NEGATED_MODALS | frozenset("will would can could may might must shall should"
                                           .split())
# Auxiliaries and adverbs between a chained cue and its link ("and has since said"); not
# modals ("but would add": a predicate of the content).
_CHAIN_SKIPS = _AUXILIARIES - _MODAL_WORDS
_CHAIN_WORDS = frozenset({"and", "but", "yet"})
# Marks that chain a cue to the main clause rather than to the last verb (", adding", "but said").
_MAIN_CHAIN_MARKS = frozenset({",", "but"})
_DOUBLE_QUOTES = frozenset({"“", "”", "\"", "''"})
_EDGE_TRIM = " \t\n,;:.―—–-“”\"‘’'"
_WORD = re.compile(r"\w+")
_CLOSING = {"“": "”", "\"": "\"", "''": "''"}
_OPENING = {"”": "“", "\"": "\"", "''": "''"}
# Words a direct quotation may have outside its marks ("“A” and “B”").
_UNQUOTED_WORDS = 2


class _Tokens(NamedTuple):
    """Tokens as parallel lists: character offsets, text and lower case. Slicing four lists
    for a sentence costs far less than building an object per token. (A NamedTuple, as it
    is built fast; its own len() is 4, so the number of tokens is len(toks.low).)"""

    start: list[int]
    end: list[int]
    text: list[str]
    low: list[str]


_new_tokens = functools.partial(tuple.__new__, _Tokens)  # skips NamedTuple's Python __new__


class _Found(NamedTuple):
    """A statement before speaker resolution (character spans)."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    chained: bool = False  # a participle or coordinated cue ("adding", "and said")
    link: str = ""  # "next": "X said:" ends the sentence; "prev": "“...?” X asked."
    gap: tuple[int, int] | None = None  # the attribution inside the content
    # A belief, intention, finding or utterance yet to happen ("plans", "shows", "will
    # say"): no attribution of its own inside another statement's content.
    embeddable: bool = False


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


def _is_stop(text: str, m: re.Match[str]) -> bool:
    """A full stop that ends a sentence, not one after "Mr" or an initial."""
    start = m.start()
    if m.group("stop") != "." or (start > 5 and text[start - 5:start].isalpha()):
        return True  # "?", or after a word longer than any abbreviation
    last = text[max(0, start - 12):start].rsplit(None, 1)[-1:]
    word = last[0].rsplit(".", 1)[-1].lower() if last else ""
    return word not in ABBREVIATIONS and len(word) != 1


def _sentences(text: str, quotes: list[tuple[int, int]], toks: _Tokens) -> list[range]:
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


# ---------------------------------------------------------------- noun phrases


def _is_np_word(toks: _Tokens, i: int) -> bool:
    """A word that can sit inside a source noun phrase."""
    low = toks.low[i]
    if toks.text[i][:1].isupper() or toks.text[i][:1].isdigit():
        return low not in _CLAUSE_WORDS
    return low in _NP_WORDS or low.endswith(_NP_SUFFIXES)


def _is_head(toks: _Tokens, i: int) -> bool:
    """A word that can end a source noun phrase: a name, pronoun or person/body noun."""
    low = toks.low[i]
    if low in _PRONOUNS:
        return True
    if toks.text[i][:1].isupper():
        return low not in _CLAUSE_WORDS and low not in _DETERMINERS
    return low in SOURCE_NOUNS or (low.endswith("s") and low[:-1] in SOURCE_NOUNS)


def _is_common_noun(toks: _Tokens, j: int) -> bool:
    """A lower-case word after a determiner or modifier: "one questioner", "the ad"."""
    if j == 0 or not toks.text[j][:1].islower() or toks.low[j] in _CLAUSE_WORDS or (
            _is_adverb(toks, j)):
        return False
    prev = toks.low[j - 1]
    return prev in _DETERMINERS or prev.endswith(("’s", "'s")) or (
        toks.text[j - 1][:1].isupper() and prev not in _CLAUSE_WORDS)


def _np_left(toks: _Tokens, end: int) -> int | None:
    """Start index of the noun phrase ending at toks[end], or None if none ends there."""
    if end < 0 or not (_is_head(toks, end) or _is_common_noun(toks, end)):
        return None
    if toks.low[end] in _PRONOUNS:
        return end
    i = end
    while i > 0 and end - i < 12:
        prev = toks.text[i - 1]
        if prev == ")":
            opening = next((k for k in range(i - 2, max(-1, i - 9), -1) if toks.text[k] == "("),
                           None)
            if opening is None or opening == 0:
                break
            i = opening
        elif _is_np_word(toks, i - 1) or (
                toks.low[i - 1] in _NP_LINKS and i > 1 and _is_np_word(toks, i - 2)
                and (toks.text[i][:1].isupper() or toks.low[i] in _DETERMINERS)) or (
                i > 1 and (toks.low[i - 2] in _DETERMINERS or toks.low[i - 2].endswith(
                    ("’s", "'s"))) and _is_common_noun(toks, i - 1)):  # "Obama's climate aides"
            i -= 1
        else:
            break
    while i < end and (toks.low[i] in _NP_LINKS or toks.text[i] in {"-", "("}):
        i += 1
    return i


def _np_right(toks: _Tokens, start: int) -> int | None:
    """Last index of the noun phrase starting at toks[start], or None."""
    if start < len(toks.low) and toks.low[start] in _PRONOUNS:
        return start
    i, last_head = start, None
    while i < len(toks.low) and i - start < 14:
        if toks.text[i] == "(":
            close = next((k for k in range(i + 1, min(len(toks.low), i + 8))
                          if toks.text[k] == ")"), None)
            if close is None:
                break
            i = close + 1
        elif toks.low[i] in _NP_LINKS and last_head is not None:
            i += 1
        elif i > start and _verb_before_object(toks, i):
            break
        elif i > start and _is_common_noun(toks, i) and toks.low[i] not in _NOT_NOUNS:
            last_head = i
            i += 1
        elif _is_np_word(toks, i):
            last_head = i if _is_head(toks, i) else last_head
            i += 1
        else:
            break
    return last_head


def _verb_before_object(toks: _Tokens, i: int) -> bool:
    """A lower-case word before a determiner that is neither one nor a head: a verb with
    its object ("Lee rewrote the plan", "Russia sent a draft"), where a noun phrase ends."""
    return (i + 1 < len(toks.low) and toks.low[i + 1] in _DETERMINERS
            and toks.low[i] not in _DETERMINERS and toks.text[i][:1].islower()
            and not _is_head(toks, i))


def _is_adverb(toks: _Tokens, i: int) -> bool:
    low = toks.low[i]
    return low in _AUXILIARIES or (low.endswith("ly") and toks.text[i][:1].islower())


def _before_adverbs(toks: _Tokens, j: int) -> int:
    """Index of the last word at or before j that is no auxiliary or adverb (_is_adverb,
    inlined: this runs for every cue)."""
    lows, texts = toks.low, toks.text
    while j >= 0 and (lows[j] in _AUXILIARIES or (
            lows[j].endswith("ly") and texts[j][:1].islower())):
        j -= 1
    return j


def _skip_aside(toks: _Tokens, j: int) -> int:
    """Step left over auxiliaries, adverbs, a parenthesis, and a short aside between commas
    ("Shoigu, meanwhile, urged", "Clinton, at Monday's debate, cited"), and a time phrase
    ("Wells Fargo this month announced", "Sanders on Tuesday said")."""
    j = _before_adverbs(toks, j)
    if j >= 1 and toks.low[j] in _TIME_NOUNS:
        j = _before_time(toks, j)
    if j >= 2 and toks.text[j] == ",":
        k = next((k for k in range(j - 1, max(0, j - 8), -1) if toks.text[k] == ","), None)
        if k is not None and k + 1 < j and (
                toks.low[k + 1] in _PREPOSITIONS or _is_adverb(toks, k + 1)
                or toks.low[k + 1] in {"however", "meanwhile", "though", "too"}):
            j = _before_adverbs(toks, k - 1)
    return _before_parenthesis(toks, j) if j >= 1 else j


def _before_time(toks: _Tokens, j: int) -> int:
    """The index before a time phrase ending at toks[j], a time noun ("this month", "early
    Friday", "on Sept. 12", a bare day: "Friday"), past adverbs; j if no such phrase ends
    there, nothing precedes it or a participle does ("a poll released Friday shows": the
    phrase is the participle's). A bare month is no time phrase ("May", "August" can be
    names)."""
    k = j - 1
    if toks.low[k] in _MONTHS:  # "Sept. 12"
        k -= 1
    while k >= 0 and toks.low[k] in _TIME_PHRASE_LEADS:
        k -= 1
    if k < 0 or (k == j - 1 and toks.low[j] not in _DAYS) or (
            toks.low[k].endswith("ed") and toks.text[k].islower()):
        return j
    return _before_adverbs(toks, k)


def _subject_left(toks: _Tokens, j: int) -> tuple[int, int] | None:
    """First and last index of the source that ends at toks[j], the word before the cue
    past auxiliaries and asides ("Lavrov has also said"; "Merkel and Macron both said": a
    floating quantifier is no subject)."""
    if toks.low[j] in _FLOATING_QUANTIFIERS:
        j = _skip_quantifier(toks, j)
    if j >= 1 and toks.text[j] in _APPOSITION_MARKS:
        start = _apposed_subject(toks, j)
        return None if start is None else (start, _np_end(toks, start, j))
    start = _np_left(toks, j)
    if start is None:
        return None
    if start > 1 and toks.low[start - 1] in _PURE_PREPOSITIONS and not (
            toks.low[start - 1] == "with" and toks.low[j + 1].endswith("ing")):  # "with X saying"
        return _subject_before_phrase(toks, start - 1)
    start = _lower_case_lead(toks, _apposed_name(toks, start, j))
    return start, _np_end(toks, start, j)


def _lower_case_lead(toks: _Tokens, start: int) -> int:
    """Extend a source that is no pronoun back over one or two lower-case words that follow
    a comma or a quotation mark ('..." retired Air Force general Lloyd Newton said')."""
    if toks.low[start] in _PRONOUNS:
        return start
    for k in (start - 1, start - 2):
        if k < 1 or not toks.text[k].islower() or toks.low[k] in _CLAUSE_OR_CUE_WORDS:
            break
        if toks.text[k - 1] in _COMMA_OR_QUOTE:
            return k
    return start


def _source_before(toks: _Tokens, verb: int, lemma: str) -> tuple[int, int] | None:
    """The subject of a cue verb: the noun phrase before it (or who issued it, if that is a
    document: "X issued a statement calling ..."), else the phrase opening its clause
    (unless the cue could be a noun without a clause after it: "Despite the range of views,
    ..."), else a bare plural noun before it."""
    j = _skip_aside(toks, verb - 1)
    subject = _subject_left(toks, j)
    if subject is not None and toks.low[subject[1]] in DOCUMENT_NOUNS and subject[0] > 1 and (
            toks.low[subject[0] - 1].endswith("ed")):  # "X issued a statement calling ..."
        subject = _subject_left(toks, _skip_aside(toks, subject[0] - 2)) or subject
    if subject is None and (toks.low[verb] not in _NOUN_FORMS or (
            verb + 1 < len(toks.low) and _opens_clause(toks, verb + 1))):
        subject = _postmodified_subject(toks, verb)
    return subject or _plural_subject(toks, verb, j)


def _plural_subject(toks: _Tokens, cue: int, j: int) -> tuple[int, int] | None:
    """A plural common noun at toks[j], the word before the cue past auxiliaries and
    asides, that is the subject of a plural verb: "environmentalists worry", "the debate
    moderators will demand". Any noun can head a source; this form is told from others by
    its -s and by the verb's agreement (no "-s" on the cue)."""
    if j < 0 or toks.low[cue].endswith("s") or not _is_plural_noun(toks, j):
        return None
    start = j
    while start > 0 and (_is_np_word(toks, start - 1) or (
            start > 1 and toks.low[start - 2] in _DETERMINERS and toks.text[start - 1].islower()
            and toks.low[start - 1] not in _CLAUSE_OR_CUE_WORDS)):
        start -= 1
    return start, j


def _is_plural_noun(toks: _Tokens, j: int) -> bool:
    """A word that looks like a plural noun ("environmentalists", "Analysts" opening a
    sentence): an -s that no function word, adverb, cue or name ("Times") has."""
    low = toks.low[j]
    return (toks.text[j].islower() or j == 0) and low.endswith("s") and len(low) > 3 and (
        low[-2:] not in {"ss", "us", "is"} and low.isalpha()
        and low not in _CLAUSE_OR_CUE_WORDS and not _is_adverb(toks, j))


def _postmodified_subject(toks: _Tokens, cue: int) -> tuple[int, int] | None:
    """The noun phrase opening the cue's clause when a modifier parts it from the cue: "A
    study released last year found", "Experts on North Korea said", "A report that
    appeared in the journal shows". The words between hold no comma, quotation or cue, and
    no auxiliary outside a relative clause, so they are no clause of their own."""
    k = cue - 1
    while k >= max(0, cue - 22) and toks.text[k] not in _CLAUSE_MARKS:
        k -= 1
    k += 1 + (k + 1 < cue and toks.low[k + 1] in _CONJUNCTIONS)
    if not (0 < cue - k <= 20 and _clause_start(toks, k)) or toks.low[k].endswith("ing"):
        return None  # not "Writing for the Times, Smith agreed"
    end = _np_right(toks, k)
    if end is None or end + 1 >= cue or (toks.low[end + 1] not in _POSTMODIFIER_OPENERS and not (
            toks.low[end + 1].endswith(("ed", "en")))):
        return None
    relative = False
    for low in toks.low[end + 1:cue]:
        relative = relative or low in _RELATIVE_OBJECTS
        if low in _REPORTING_FORMS or (low in _FINITE_AUX and not relative):
            return None
    return k, end


def _skip_quantifier(toks: _Tokens, j: int) -> int:
    """Step left over a floating quantifier after a subject ("Merkel and Macron both"), not
    over one that is the subject ("a panel that all agreed")."""
    if j > 0 and toks.low[j] in _FLOATING_QUANTIFIERS and toks.low[j - 1] not in _CLAUSE_WORDS:
        return _skip_aside(toks, j - 1)
    return j


def _subject_before_phrase(toks: _Tokens, prep: int) -> tuple[int, int] | None:
    """"Putin during a video conference with Macron stated", "The average of polls taken
    over the past weeks shows": the noun phrase before was the object of a preposition, so
    the source is the one that opens the clause."""
    for k in range(prep - 1, max(-1, prep - 16), -1):
        if toks.low[k + 1] in _PREPOSITIONS or toks.low[k + 1] == "of":
            start = _np_left(toks, k)
            if start is not None and _clause_start(toks, start):
                return start, k
    return None


def _apposed_name(toks: _Tokens, start: int, end: int) -> int:
    """Extend "the U.S. ambassador to Russia, John Sullivan" (ending at toks[end]) back to
    the first part. A plural ("These employees, Stumpf said, were ...") is content, not a
    description of one person; so is what comes before a description (a headline's "...,
    Former White House Doctor Says")."""
    if start >= 2 and toks.text[start - 1] == "," and toks.low[start] not in _PRONOUNS and (
            not _is_plural_noun(toks, start - 2)) and _MODIFIERS.isdisjoint(
            toks.low[start:end + 1]) and SOURCE_NOUNS.isdisjoint(toks.low[start:end + 1]):
        outer = _np_left(toks, start - 2)
        if outer is not None and (outer == 0 or toks.text[outer - 1] in _COMMA_OR_QUOTE) and any(
                low in SOURCE_NOUNS or (low in ROLE_WORDS and low not in _FUNCTION_WORDS)
                for low in toks.low[outer:start - 1]):
            return outer
    return start


def _apposed_subject(toks: _Tokens, comma: int) -> int | None:
    """Source of "Richard Revesz, director of the institute, said" or "Kall -- co-editor of
    a book -- said": a noun phrase at the start of the clause, then one to three
    descriptions set off by commas or dashes ("--" is two tokens). A quotation in between
    means the comma closes content instead (a plural possessive's apostrophe, as in
    "veterans' families", is no quotation)."""
    mark = toks.text[comma]
    while toks.text[comma - 1] == mark and comma > 1:
        comma -= 1
    commas = [k for k in range(comma - 1, max(-1, comma - 40), -1)
              if toks.text[k] == mark and toks.text[k - 1] != mark]
    for k in commas[:3]:
        start = _np_left(toks, _before_parenthesis(toks, k - 1))
        if start is not None and _clause_start(toks, start) and (
                _DOUBLE_QUOTES.isdisjoint(toks.text[k:comma])):
            return start
    return None


def _before_parenthesis(toks: _Tokens, j: int) -> int:
    """The index before a parenthesis that ends at toks[j] ("Jordan (R-Ohio)"), else j."""
    if toks.text[j] != ")":
        return j
    return next((k - 1 for k in range(j - 1, max(0, j - 9), -1) if toks.text[k] == "("), j)


def _clause_start(toks: _Tokens, k: int) -> bool:
    """True at the start of a sentence or clause ("But Megan Hester, ...")."""
    return k == 0 or toks.text[k - 1] in _CLAUSE_MARKS or (
        k == 1 and toks.low[0] in _CLAUSE_WORDS)


# ---------------------------------------------------------------- cues


def _cue_at(toks: _Tokens, i: int, headline: bool) -> tuple[int, str] | None:
    """(last token index, lemma) of a cue starting at toks[i], or None."""
    low = toks.low[i]
    if low == "according" and i + 1 < len(toks.low) and toks.low[i + 1] == "to":
        return i + 1, "according to"
    if toks.text[i][:1].isupper() and not (headline and i > 0) and not (
            i == 0 and not headline and low.endswith(("ing", "ed"))):  # "Asked about ..."
        return None  # a verb in running text is lower-case; "Plan", "Post" are names
    head = _PHRASAL_HEADS.get(low)
    if head:
        skip = i + 1 < len(toks.low) and _is_adverb(toks, i + 1)  # "spoke emotionally of"
        rest = tuple(toks.low[i + 1 + skip:i + 3 + skip])
        for size in (2, 1):
            if len(rest) >= size and (head, *rest[:size]) in _PHRASAL:
                return i + size + skip, head
    lemma = _CUE_LEMMAS.get(low)
    if lemma is None:
        return None
    if low in _NOUN_FORMS and not _used_as_verb(toks, i):
        return None
    if lemma == "continue" and not (i + 1 < len(toks.low) and toks.text[i + 1] in _QUOTE_INTROS):
        return None  # "continued:" introduces a quotation; "continued to" does not
    return i, lemma


def _used_as_verb(toks: _Tokens, i: int) -> bool:
    """Whether a cue form that is as often a noun is a verb here: a complement follows
    ("plans to", "claims that"), a pronoun precedes ("she yells while ..."), or it ends
    its sentence after a comma and a subject ("..., the Journal reports.")."""
    if i + 1 < len(toks.low) and _opens_complement(toks, i + 1):
        return True
    if i and toks.low[i - 1] in PERSON_PRONOUNS:
        return True
    return toks.text[i].islower() and i + 2 >= len(toks.low) and (
        _trailing_source(toks, i) is not None)


def _opens_complement(toks: _Tokens, i: int) -> bool:
    """A word that can start what a cue reports ("plans to", "claims that", "calls him")."""
    low = toks.low[i]
    return (low in {"that", "to", "for", "on", ":", ","} or toks.text[i] in _QUOTES
            or low in _DETERMINERS or low in _PRONOUNS or low in _OBJECT_PRONOUNS
            or toks.text[i][:1].isupper())


def _skip_listener(toks: _Tokens, i: int, lemma: str) -> int:
    """Skip the listener of "told reporters (that)" so the content starts after it."""
    if lemma not in LISTENER_VERBS or i >= len(toks.low):
        return i
    if toks.low[i] in _OBJECT_PRONOUNS:
        return i + 1
    end = _np_right(toks, i)
    return i if end is None else end + 1


def _skip_adjuncts(toks: _Tokens, i: int) -> int:
    """Skip time words after a cue ("said on Thursday", "said last week"); "on", "last",
    "this" and "next" count only before a day or date ("said on the other hand" does not)."""
    while i < len(toks.low) and toks.low[i] in _TIME_WORDS:
        nxt = toks.text[i + 1][:1] if i + 1 < len(toks.low) else ""
        if toks.low[i] in _TIME_LEADS and not (nxt and (
                toks.low[i + 1] in _TIME_WORDS or nxt.isupper() or nxt.isdigit())):
            break
        i += 1
    return i


def _complement_start(toks: _Tokens, i: int, relative: bool = False) -> int | None:
    """Where the reported content starts after the cue, or None when only adjuncts follow
    ("the ministry said in a statement.") or a verb does, unless in a relative clause. After
    a negated cue "when" asks, not times ("has not said when they would vote")."""
    if i >= len(toks.low):
        return None
    text, low = toks.text[i], toks.low[i]
    if low == "that" or text == ":":
        return i + 1
    if text in _QUOTES or (low == "when" and not _NEGATIONS.isdisjoint(toks.low[max(0, i - 4):i])):
        return i
    if text == ",":
        return i + 1 if i + 1 < len(toks.low) and toks.text[i + 1] in _QUOTES else None
    if low in _PREPOSITIONS:
        return _after_adjunct(toks, i)
    if (not text[:1].isalnum() and text != "$") or (low in _FINITE_AUX and not relative):
        return None
    return i


def _in_relative(toks: _Tokens, subj: int | None) -> bool:
    """A cue inside a relative clause ("what the senators said was gerrymandering", "which
    he said were favours"), whose content starts with a verb."""
    return subj is not None and subj > 0 and toks.low[subj - 1] in _RELATIVE_OBJECTS


def _trailing_source(toks: _Tokens, k: int) -> int | None:
    """Start of the source of a cue that closes its sentence after a comma ("..., Stoltenberg
    added."): the content before it ends at that comma. The cheap test whether the cue
    closes its sentence comes first: most cues do not, and need no source search."""
    after = _skip_adjuncts(toks, k + 1)
    if after < len(toks.low) - 1 and toks.low[after] not in _PREPOSITIONS:
        return None
    start = _np_left(toks, _skip_aside(toks, k - 1))
    return None if start is None or start < 2 or toks.text[start - 1] != "," else start


def _new_clause(toks: _Tokens, k: int) -> bool:
    """", but he has ...", ", and when pressed, ...", ", but was treated ...": a comma, a
    conjunction and a new subject, adverbial clause or predicate start another clause (or
    the source's next act), which the reported content does not run into."""
    if toks.text[k] != "," or k + 2 >= len(toks.low) or toks.low[k + 1] not in _CONJUNCTIONS:
        return False
    subject = toks.low[k + 2]
    return (subject in _PRONOUNS or subject in _DETERMINERS or subject in _SUBORDINATORS
            or toks.text[k + 2][:1].isupper() or subject in _FINITE_AUX or subject == "also"
            or subject.endswith("ed"))


def _after_adjunct(toks: _Tokens, i: int) -> int | None:
    """Where content starts after a phrase like "in a statement" ("said in a statement
    that ...", "said after the convention he would ..."), or None if nothing follows."""
    if i + 1 < len(toks.low) and toks.low[i] in _SUBORDINATORS and (
            toks.low[i + 1] in _PRONOUNS or toks.text[i + 1][:1].isupper()):
        return None  # "said as he entered the talks": an adverbial clause, not content
    for k in range(i + 1, min(len(toks.low), i + 16)):
        nxt = toks.low[k + 1] if k + 1 < len(toks.low) else ""
        low, text = toks.low[k], toks.text[k]
        if low == "that" and nxt not in _FINITE_AUX:  # not "the meeting that was held"
            return k + 1
        if text == ":" or (text == "“" and toks.text[k - 1] == ","):
            return k + (text == ":")
        if low in PERSON_PRONOUNS and low != "you" and nxt and nxt[:1].isalpha():
            return k
        if text == ";" or low in _CUE_LEMMAS:
            return None
    return None


def _is_chained(toks: _Tokens, k: int) -> bool:
    """A cue that shares the previous cue's source: ", adding", "and said", ", even
    suggesting", "and has since said"."""
    j = k - 1
    lows = toks.low
    while j >= 0 and (toks.text[j] in _QUOTES or lows[j] in _CHAIN_SKIPS or (
            lows[j].endswith("ly") and toks.text[j][:1].islower())):
        j -= 1
    prev = lows[j] if j >= 0 else ""
    return (prev == "," and lows[k].endswith("ing")) or prev in _CHAIN_WORDS


def _chain_link(toks: _Tokens, k: int) -> int | None:
    """Where a chained cue at k starts: the cue itself (", adding"), or the verb that governs
    it as an infinitive (", going on to say", "and went on to say"); None if unchained."""
    if _is_chained(toks, k):
        return k
    head = _infinitive_head(toks, k) if k > 1 and toks.low[k - 1] == "to" else None
    return head if head is not None and _is_chained(toks, head) else None


def _content_end(toks: _Tokens, start: int, cues: dict[int, tuple[int, str]],
                 lemma: str = "", resumed: bool = False) -> int:
    """Last token of the content: before a chained cue (", adding", "and said") or the end;
    a whole quotation ends with its closing mark; a noun-phrase content ("attacked Machado,
    who ...") ends at a comma, a dash or a new clause, and so does other content unless it
    resumes after a cue in its middle ("A, she said, and B")."""
    if toks.text[start] in _QUOTES:
        close = next((k for k in range(start + 1, len(toks.low)) if toks.text[k] in _QUOTES), None)
        if close is not None and toks.text[close - 1][-1] in ",.?!":
            return close
    noun_phrase = lemma in OBJECT_VERBS and toks.text[start] not in _QUOTES
    texts, lows = toks.text, toks.low  # the hot loop of the walk: locals are faster
    for k in range(start + 1, len(lows)):
        if k in cues:
            trailing = _trailing_source(toks, k)
            if trailing and trailing - 1 > start:
                return trailing - 2
            link = _chain_link(toks, k)
            if link is not None and link > start:
                return _before_chain(toks, start, link)
        mark = texts[k]
        if mark == ";" or (noun_phrase and (lows[k] in _OBJECT_STOPS or mark in _PHRASE_ENDS or (
                lows[k] in _MEDIUM_PREPOSITIONS and _medium_adjunct(toks, k)) or (
                lows[k] in {"as", "so"} and k + 1 < len(lows) and lows[k + 1] in PERSON_PRONOUNS))
                           and not _quoted_comma(toks, k) and not _apposition(toks, k)):
            return k - 1
        if mark == "," and not resumed and (_new_clause(toks, k) or _participle_clause(toks, k)):
            return k - 1
    return len(lows) - 1


def _medium_adjunct(toks: _Tokens, k: int) -> bool:
    """"in a tweet", "in a ruling released Thursday": where the act was done, which ends a
    noun-phrase content ("attacked Machado in early-morning tweets"). Called at a word of
    _MEDIUM_PREPOSITIONS."""
    return not DOCUMENT_NOUNS.isdisjoint(toks.low[k + 1:k + 4])


def _participle_clause(toks: _Tokens, k: int) -> bool:
    """", dealing a blow to ...", ", engaging in ...", ", with both leaders expected to
    ...": a participle or absolute clause after a comma tells what the reported act did,
    meant or came with; it is the writer's, not the content. (Not "including", which lists
    part of the content, nor a noun in a list: ", housing and".)"""
    if k + 2 >= len(toks.low):
        return False
    low = toks.low[k + 1]
    if low == "with" and (toks.low[k + 2] in _DETERMINERS or toks.text[k + 2][:1].isupper()):
        return True
    return low.endswith("ing") and low != "including" and toks.text[k + 1].islower() and (
        low not in _CLAUSE_OR_CUE_WORDS and toks.text[k + 2][:1].isalnum()
        and toks.low[k + 2] not in _CHAIN_WORDS)


def _apposition(toks: _Tokens, k: int) -> bool:
    """A comma that opens a description of the noun before it ("Percy Walton, the inmate
    whose ...", "Cruz, who was born in Cuba,", "Tulsa, Okla., police"), which a noun-phrase
    content keeps."""
    if toks.text[k] != "," or k + 2 >= len(toks.low):
        return False
    nxt = toks.low[k + 1]
    return nxt in {"the", "a", "an", "who", "whose"} or (
        toks.text[k + 1][:1].isupper() and toks.text[k + 2] == ",")


def _quoted_comma(toks: _Tokens, k: int) -> bool:
    """A comma inside a closing quotation mark ('a "liar," a "bully"'), which ends the
    quotation, not the phrase."""
    return toks.text[k] == "," and k + 1 < len(toks.low) and toks.text[k + 1] in _QUOTES and (
        toks.start[k + 1] == toks.end[k])


def _before_chain(toks: _Tokens, start: int, k: int) -> int:
    """Last content token before a chained cue at k (", adding", "and said", ", even
    suggesting", "but has said")."""
    j = k - 1
    while j > start and (toks.text[j] in _COMMA_OR_QUOTE or toks.low[j] in _CHAIN_WORDS
                         or _is_adverb(toks, j)):
        j -= 1
    return j


# ---------------------------------------------------------------- one sentence


def _tokenize(text: str) -> _Tokens:
    """All tokens of a text. This is the hot loop, so it is built from C-level pieces:
    split() alternates whitespace and tokens, their lengths give the offsets, and str.lower
    mapped over the tokens their lower case."""
    parts = _TOKEN.split(text)
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    texts = parts[1::2]
    return _new_tokens((offsets[1:-1:2], offsets[2::2], texts, list(map(str.lower, texts))))


def _sentence_tokens(toks: _Tokens, first: int, end: int) -> _Tokens:
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


def _is_headline(toks: _Tokens) -> bool:
    """A title-case line ("Bill Clinton Calls Obamacare 'Crazy System'"), where verbs are
    capitalised too. Only a text's first line is taken as its headline: title-case lines
    further down are lists of other stories."""
    words = [text for text in toks.text if text[:1].isalpha() and len(text) > 3]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


@dataclass(frozen=True)
class _Text:
    """An article's text with what every sentence needs: its quotations, its tokens, the
    indices of the tokens that can open a cue (outside quotations: a sentence without any
    is not analysed) and where its first line ends."""

    text: str
    quotes: list[tuple[int, int]]
    tokens: _Tokens
    cue_candidates: list[int]
    first_line_end: int

    @functools.cached_property
    def surnames(self) -> frozenset[str]:
        """Last words of two-word names ("Sergey Lavrov" -> "Lavrov"), which end the source
        of "according to" when no comma does; found only when such a source needs them."""
        return frozenset(m.group(1) for m in _SURNAME.finditer(self.text)) - _NOT_SURNAMES


def _article(text: str, quotes: list[tuple[int, int]]) -> _Text:
    """The article with its tokens and cue candidates, computed once for all sentences."""
    toks = _tokenize(text)
    candidates = list(itertools.compress(range(len(toks.low)),
                                         map(_CUE_FORMS.__contains__, toks.low)))
    line_end = text.find("\n")
    positions = list(map(toks.start.__getitem__, candidates))
    return _Text(text, quotes, toks, _outside(candidates, positions, quotes),
                 len(text) if line_end < 0 else line_end)


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


def _sentence_statements(art: _Text, sentence: range, candidates: list[int]) -> list[_Found]:
    """Every attribution whose cue lies in this sentence (outside quotations), or that its
    opening "In a statement, ..." introduces: the sentence is a range of the article's
    tokens, the candidates are the indices of its cue candidates within it."""
    toks = _sentence_tokens(art.tokens, sentence.start, sentence.stop)
    headline = art.tokens.start[sentence.start] < art.first_line_end and _is_headline(toks)
    cues = _cues(toks, candidates, headline)
    out: list[_Found] = []
    for i, (last, lemma) in cues.items():
        found = _attribution(art, toks, i, last, lemma, cues)
        if found and found.chained and found.source is None:
            found = found._replace(source=_chain_source(toks, i, out) if out
                                   else _opening_subject(toks, i))
        if found:
            if lemma not in _SPEECH_LEMMAS or _after_modal(toks, i):  # "plans", "will say"
                found = found._replace(embeddable=True)
            out.append(found)
    if not out and toks.low[0] == "in":
        document = _in_document(toks)
        return [document] if document else []
    return out


def _chain_source(toks: _Tokens, i: int, out: list[_Found]) -> tuple[int, int] | None:
    """The source a chained cue at i shares: the last earlier statement's in the sentence,
    past a belief or intention reported inside another's content when a comma or "but" sets
    the chained cue off ("Lee said he doubted it, arguing ...": Lee argues, not "he"; but
    "they want A and suggest B": they suggest)."""
    if not _MAIN_CHAIN_MARKS.isdisjoint(toks.low[max(0, i - 3):i]):
        contents = _Spans([f.content for f in out])
        return next((f.source for f in reversed(out)
                     if not (f.embeddable and _inside_other(f, contents))), out[-1].source)
    return out[-1].source


def _after_modal(toks: _Tokens, i: int) -> bool:
    """A cue one or two words after a modal: "will announce", "could not say"."""
    return (i > 0 and toks.low[i - 1] in _MODAL_WORDS) or (
        i > 1 and toks.low[i - 2] in _MODAL_WORDS)


def _cues(toks: _Tokens, candidates: list[int], headline: bool) -> dict[int, tuple[int, str]]:
    """Cue start index -> (last index, lemma) for the candidate words that are cues."""
    cues = {}
    for i in candidates:
        found = _cue_at(toks, i, headline) if toks.low[i] in _CUE_WORDS else None
        if found:
            cues[i] = found
    return cues


def _in_document(toks: _Tokens) -> _Found | None:
    """"In this poll, Trump rose ...", "In a statement, the campaign ...": a sentence with no
    cue of its own that opens with a document reports what the document says."""
    comma = next((k for k in range(2, min(len(toks.low) - 2, 20))
                  if toks.text[k] == "," and _opens_clause(toks, k + 1)), None)
    head = next((k for k in range(1, min(comma or 0, 10)) if toks.low[k] in _CONTENT_DOCUMENTS),
                None)
    if comma is None or head is None:
        return None
    return _Found((toks.start[1], toks.end[comma - 1]), (toks.start[0], toks.end[head]),
                  (toks.start[comma + 1], toks.end[-1]))


def _opening_subject(toks: _Tokens, cue: int) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, which opens it or follows its introductory
    phrases ("On Thursday, however, Trump ...", "Chastened by critics, Trump ..."): the
    source of a participle cue at `cue` when no other cue precedes it ("Trump ...,
    encouraging his supporters to ...")."""
    start = _main_clause_start(toks, cue)
    end = _np_right(toks, start) if start or toks.text[0][:1].isupper() else None
    return None if end is None else (toks.start[start], toks.end[end])


def _main_clause_start(toks: _Tokens, cue: int) -> int:
    """Index of the main clause's first word before the cue: past the comma that ends an
    opening phrase of time, place or manner (a preposition, a participle, a time word),
    where a subject follows (not "however," or "as well as"); else 0."""
    first = toks.low[0]
    if not (first in _INTRO_WORDS or first in _TIME_WORDS or (
            first.endswith(("ed", "ing")) and first not in _CUE_WORDS)):
        return 0
    return next((k + 1 for k in range(1, cue - 1) if toks.text[k] == "," and _opens_clause(
        toks, k + 1) and toks.low[k + 1] not in RELATIVE_PRONOUNS), 0)


def _attribution(art: _Text, toks: _Tokens, i: int, last: int, lemma: str,
                 cues: dict[int, tuple[int, str]]) -> _Found | None:
    """The statement built around the cue toks[i..last], if the sentence has one."""
    cue = (toks.start[i], toks.end[last])
    if lemma == "according to":
        return _according_to(art, toks, i, last, cue)
    if lemma in EVIDENTIAL_VERBS:
        return _evidential(toks, i, last, lemma, cues)
    if i == 0 and toks.text[0][:1].isupper():
        return _opening_participle(toks, last, lemma, cues)
    chained = _is_chained(toks, i)
    if not chained and _gerund(toks, i, last):
        content = _content(toks, last, lemma, cues, None)
        return _Found(_opening_subject(toks, i), cue, content.span, True) if content else None
    if not chained and i > 1 and toks.low[i - 1] == "as" and toks.low[i - 2] == "quoted":
        return _verbal(toks, i, last, lemma, cues, (toks.start[i - 2], cue[1]), head=i - 2)
    if not chained and i > 1 and toks.low[i - 1] == "to" and (head := _infinitive_head(toks, i)):
        return _verbal(toks, i, last, lemma, cues, cue, _is_chained(toks, head), head)
    if _passive(toks, i):
        return None if chained else _impersonal(toks, i, last, lemma, cues, cue)
    if not chained and toks.low[i].endswith("ing") and not _progressive(toks, i):
        return None
    if not _verb_position(toks, i, lemma):
        return _nominal(toks, i, last, cues) if toks.low[i] in _NOUN_FORMS else None
    return _verbal(toks, i, last, lemma, cues, cue, chained)


def _opening_participle(toks: _Tokens, last: int, lemma: str,
                        cues: dict[int, tuple[int, str]]) -> _Found | None:
    """A participle phrase that opens the sentence: "Claiming that the polls are rigged,
    Trump told ..." reports what the main clause's subject claims; "Asked about the bomb,
    Clinton said ..." reports a question whose asker the text does not name. The content
    runs to the comma that ends the phrase."""
    comma = next((k for k in range(last + 1, min(len(toks.low) - 1, last + 30))
                  if toks.text[k] == "," and _opens_clause(toks, k + 1)), None)
    if comma is None:
        return None
    start = last + 1 + (toks.low[last + 1] in {"that", "about"})
    if start >= comma or toks.low[start] in _PURE_PREPOSITIONS or toks.low[start] == "for":
        return None  # "Writing for the Times, ...": where, not what
    cue = (toks.start[0], toks.end[start - 1 if toks.low[start - 1] == "about" else last])
    source = None
    if lemma != "ask":
        end = _np_right(toks, comma + 1)
        if end is None:
            return None
        source = (toks.start[comma + 1], toks.end[end])
    return _Found(source, cue, _tok_span(toks, start, comma - 1))


def _evidential(toks: _Tokens, i: int, last: int, lemma: str,
                cues: dict[int, tuple[int, str]]) -> _Found | None:
    """"Melania seems to have vanished", "It appears that ...": the writer's hedge, with no
    source. The content is the verb's own clause (from a relative pronoun, if one opens it,
    to the next clause mark), or what follows "it ... that". In "he appeared to suggest"
    the cue after "to" reports for the subject instead; "appear" without "to" or "that" is
    "show up"; "as it may seem," has no complement."""
    nxt = toks.text[last + 1] if last + 1 < len(toks.low) else ","
    if (nxt == "to" and last + 2 in cues) or not nxt[:1].isalnum() or (
            lemma == "appear" and nxt not in {"to", "that"}):
        return None
    j = _before_adverbs(toks, i - 1)
    cue = (toks.start[i], toks.end[last])
    if j >= 0 and toks.low[j] == "it" and nxt == "that" and last + 2 < len(toks.low):
        return _Found(None, cue, _tok_span(toks, last + 2, _content_end(toks, last + 2, cues)))
    if j < 0 or not toks.text[j][:1].isalnum():
        return None
    start = _clause_opening(toks, j)
    start = next((k for k in range(j, start - 1, -1) if toks.low[k] in _RELATIVE_OBJECTS), start)
    end = next((k - 1 for k in range(last + 1, len(toks.low)) if toks.text[k] in _CLAUSE_MARKS
                or (toks.text[k] == "-" and toks.start[k] > toks.end[k - 1])),  # a spaced dash
               len(toks.low) - 1)
    return _Found(None, cue, _tok_span(toks, start, end))


def _nominal(toks: _Tokens, i: int, last: int,
             cues: dict[int, tuple[int, str]]) -> _Found | None:
    """A cue noun with a "that" clause: "Trump's claim that ...", "a New York Times report
    that ...". The possessor or the name before the noun is the source; the "that" must
    open a clause ("the report that was released" is a relative clause, no content)."""
    nxt = last + 2
    if i == 0 or nxt >= len(toks.low) or toks.low[last + 1] != "that" or (
            toks.low[nxt] in _FINITE_AUX) or not (
            _opens_clause(toks, nxt) or toks.low[nxt] == "there"):
        return None
    prev = toks.low[i - 1]
    if prev.endswith(("’s", "'s")) or toks.text[i - 1][:1].isupper():
        start = _np_left(toks, i - 1)
    else:
        start = i - 1 if prev in {"his", "her", "their", "its"} else None
    if start is None:
        return None
    return _Found((toks.start[start], toks.end[i - 1]), (toks.start[i], toks.end[last]),
                  _tok_span(toks, nxt, _content_end(toks, nxt, cues)))


def _infinitive_head(toks: _Tokens, i: int) -> int | None:
    """The verb whose subject speaks through an infinitive cue: "Caddell went on to
    discuss", "he appeared to suggest", "she has yet to say". A verb that is a cue itself
    ("refused to say", "plans to announce") reports on its own. Only called after "to"."""
    j = i - 2 - (toks.low[i - 2] in {"on", "yet"})
    low = toks.low[j]
    if j < 1 or not (low in _CONTROL_VERBS or (
            low.endswith("ed") and toks.text[j].islower() and low not in _REPORTING_FORMS)):
        return None
    return j


def _verbal(toks: _Tokens, i: int, last: int, lemma: str, cues: dict[int, tuple[int, str]],
            cue: tuple[int, int], chained: bool = False, head: int | None = None) -> _Found | None:
    """A cue verb and its source: the subject before it (before `head`, the verb that
    governs it, if that is another), the previous cue's when chained ("..., adding"), or
    for an inverting verb the noun phrase after it ('"...," said the minister')."""
    subject = None if chained else _source_before(toks, i if head is None else head, lemma)
    if subject is None and not chained:
        inverting = lemma in INVERTING_VERBS and not toks.low[i].endswith("ing") and head is None
        return _inverted(toks, i, last, cue) if inverting else None
    source = None if subject is None else (toks.start[subject[0]], toks.end[subject[1]])
    content = _content(toks, last, lemma, cues, None if subject is None else subject[0])
    if content is None:
        return None
    return _Found(source, cue, content.span, chained, content.link, content.gap)


def _impersonal(toks: _Tokens, i: int, last: int, lemma: str,
                cues: dict[int, tuple[int, str]], cue: tuple[int, int]) -> _Found | None:
    """A passive cue reports content without a source: after the empty subject "it" ("It
    was reported that ..."), as a raising verb ("Turnout is expected to rise", "He is said
    to be ill") or as a judgement with its grounds ("He was accused of lying", "The law is
    criticized as unfair"), whose whole clause is the content. Other passives ("was
    called") are no attribution."""
    j = i - 1
    while j >= 0 and (_is_adverb(toks, j) or toks.low[j] in _BE):
        j -= 1
    if last + 2 >= len(toks.low) or j < 0:
        return None
    if toks.low[j] == "it" and toks.low[last + 1] == "that":
        return _Found(None, (toks.start[j], cue[1]), _tok_span(
            toks, last + 2, _content_end(toks, last + 2, cues)))
    if toks.low[last + 1] == "by":
        return _by_agent(toks, j, last, cue)
    nxt = toks.low[last + 1]
    if not (nxt == "to" and lemma in _RAISING_LEMMAS) and not (
            nxt in {"of", "for", "as"} and lemma in OBJECT_VERBS):
        return None
    start = _clause_opening(toks, j)
    return _Found(None, cue, _tok_span(
        toks, start, _content_end(toks, start, cues)))


def _by_agent(toks: _Tokens, subject_end: int, last: int,
              cue: tuple[int, int]) -> _Found | None:
    """"The story was first reported by the Post": the agent after "by" is the source,
    and what the subject names is the content (a bare pronoun names nothing)."""
    end = _np_right(toks, last + 2)
    start = _clause_opening(toks, subject_end)
    if end is None or start > subject_end or (
            start == subject_end and toks.low[start] in _PRONOUNS):
        return None
    return _Found((toks.start[last + 2], toks.end[end]), cue, _tok_span(toks, start, subject_end))


def _clause_opening(toks: _Tokens, k: int) -> int:
    """First token of the clause holding toks[k]: after the last clause mark before it, or
    after a conjunction that opens the sentence ("But the vote is expected to ...")."""
    while k > 0 and toks.text[k - 1] not in _CLAUSE_MARKS:
        k -= 1
    return k + (k < len(toks.low) - 1 and toks.low[k] in _CONJUNCTIONS)


class _Content(NamedTuple):
    """A cue's content: its span, a link to a neighbouring sentence instead ("next": "X
    said:" ends the sentence; "prev": "“...?” X asked."), and the attribution inside the
    span ("A, he said at a rally, B"), which its words leave out."""

    span: tuple[int, int]
    link: str = ""
    gap: tuple[int, int] | None = None


def _content(toks: _Tokens, last: int, lemma: str, cues: dict[int, tuple[int, str]],
             subj: int | None) -> _Content | None:
    """The content of a cue ending at toks[last] whose source starts at toks[subj]: the
    complement after the cue, the quotation or clause before the source, or both when the
    cue interrupts them. In "as X put it" the frame opens at "as"."""
    if subj and toks.low[subj - 1] == "as":
        subj -= 1
    after = _skip_adjuncts(toks, _skip_listener(toks, _skip_adjuncts(toks, last + 1), lemma))
    if after == len(toks.low) - 1 and toks.text[after] == ":":
        return _Content((toks.end[after], toks.end[after]), "next")
    before = None if subj is None or _intro_only(toks, subj) else _before(toks, subj)
    if before and subj is not None and (
            comma := _resumption(toks, subj, after, cues)) is not None:
        end = _content_end(toks, after + 1, cues, resumed=True)
        return _Content((before[0], toks.end[end]), "", (toks.start[subj], toks.end[comma]))
    return _complement(toks, after, lemma, cues, subj, before)


def _complement(toks: _Tokens, after: int, lemma: str, cues: dict[int, tuple[int, str]],
                subj: int | None, before: tuple[int, int] | None) -> _Content | None:
    """The content after the cue (from toks[after]) or, failing that, the one before the
    source; for a cue that opens its sentence and has neither, the previous sentence."""
    comp = _complement_start(toks, after, _in_relative(toks, subj))
    if comp is None and subj is not None and after < len(toks.low):
        comma = _adjunct_end(toks, after) if toks.low[after] in _PREPOSITIONS else after
        if _content_after_comma(toks, subj, comma) and (
                cues.keys().isdisjoint(range(comma + 1, comma + 4))):  # not ", he said"
            comp = comma + 1
    quoted_before = before is not None and subj is not None and toks.text[subj - 1] in _QUOTES
    if comp is not None and comp < len(toks.low) and not quoted_before:
        end = _content_end(toks, comp, cues, lemma)
        if (subj and toks.low[subj] in {"who", "which"} and toks.text[subj - 1] == ",") or (
                _in_fronted_clause(toks, subj)):
            end = _aside_end(toks, comp, end)
        if not before or end > comp or not toks.text[comp].islower() or (
                toks.low[comp] in _NOUN_OPENERS):
            return _Content(_tok_span(toks, comp, end))  # but not "told the Times then"
    if before:
        return _Content(before)
    if subj == 0 and comp is None:
        return _Content((toks.start[0], toks.start[0]), "prev")
    return None


def _in_fronted_clause(toks: _Tokens, subj: int | None) -> bool:
    """A cue in an adverbial clause that opens the sentence ("When Clinton talked about
    jobs, Trump ...", "Though he has said his piece, he ..."): its content ends with the
    clause, at the comma before the main clause."""
    first = 1 if toks.low[0] in _CHAIN_WORDS else 0  # "But when ..."
    return bool(subj) and toks.low[first] in _SUBORDINATORS and "," not in toks.text[first:subj]


def _aside_end(toks: _Tokens, start: int, end: int) -> int:
    """A cue in a relative clause set off by commas ("Obama, who understood that a push
    would fail, told ...") or in a fronted adverbial clause: its content ends with the
    clause, at the next comma that introduces no quotation."""
    return next((k - 1 for k in range(start + 1, min(end + 1, len(toks.low) - 1))
                 if toks.text[k] == "," and toks.text[k + 1] not in _QUOTES), end)


def _content_after_comma(toks: _Tokens, subj: int, after: int) -> bool:
    """Content after "X said," when nothing before the source is content: "(But) as Lavrov
    noted (in a speech), Russia ...", "During his years in office, Obama said, a majority
    ..."."""
    if after + 1 >= len(toks.low) or toks.text[after] != "," or not _opens_clause(toks, after + 1):
        return False
    if toks.low[subj] == "as":
        return _clause_start(toks, subj)
    return subj == 0 or _intro_only(toks, subj)


def _verb_position(toks: _Tokens, i: int, lemma: str) -> bool:
    """Whether the cue word can be a verb here. After an article or a possessive it is a
    noun or an adjective ("Trump's campaign", "a hastily called meeting"); a bare
    participle ("written responses") needs "have"; a form shared with a noun ("the plan",
    "security demands") needs a name, pronoun, auxiliary, plural or apposed source before
    it, or an object pronoun after it."""
    j = i - 1
    while j >= 0 and _is_adverb(toks, j) and toks.low[j] not in _FINITE_AUX:
        j -= 1
    if j < 0:
        return True
    prev = toks.low[j]
    if prev in {"a", "an", "the"} or (prev.endswith(("’s", "'s", "’", "s'")) and prev not in _BE):
        return False  # "a swiftly called meeting"
    if toks.low[i] in _PARTICIPLES:
        return prev in {"has", "have", "had", "having"}
    if toks.low[i] not in _NOUN_FORMS:
        return True
    if prev in _FINITE_AUX or prev in {"to", "they", "we", "i", "you"}:
        return True
    if prev == ",":  # "Pence, Trump's running mate, plans to"
        return _apposed_subject(toks, j) is not None
    if i + 1 < len(toks.low) and toks.low[i + 1] in {"him", "them", "us", "me"}:
        return True  # "Obama and Clinton call them", not "the plan"
    if toks.low[i] == lemma:  # "officials plan to", "critics fear", not "the plan to"
        return prev.endswith("s") and (prev in SOURCE_NOUNS or _is_plural_noun(toks, j))
    if toks.text[j][:1].isupper() or prev in _PRONOUNS or prev in SOURCE_NOUNS:
        return j == 0 or toks.low[j - 1] not in _DETERMINERS or prev in SOURCE_NOUNS
    nxt = toks.low[i + 1] if i + 1 < len(toks.low) else ""
    return nxt not in {"for", "to", "on", "of"}  # "average shows that", not "security demands for"


def _passive(toks: _Tokens, i: int) -> bool:
    """"is expected to", "was called": a participle after a form of "be"."""
    j = i - 1
    while j >= 0 and _is_adverb(toks, j) and toks.low[j] not in _BE:
        j -= 1
    return j >= 0 and toks.low[j] in _BE and not toks.low[i].endswith(("ing", "s"))


def _gerund(toks: _Tokens, i: int, last: int) -> bool:
    """A cue in a gerund after a preposition, whose subject is the clause's ("Oz was
    criticised for saying that ...", "began by saying: ...", "for saying he would")."""
    return toks.low[i].endswith("ing") and i > 0 and toks.low[i - 1] in _GERUND_PREPOSITIONS and (
        last + 1 < len(toks.low)) and (
            _introduces(toks, last + 1) or toks.low[last + 1] in _PRONOUNS)


def _introduces(toks: _Tokens, k: int) -> bool:
    """A word or mark that opens reported content: "that", a colon or a quotation."""
    text = toks.text[k]
    if text == "," and k + 1 < len(toks.low):
        text = toks.text[k + 1]
    return text in _QUOTES or text == ":" or toks.low[k] == "that"


def _progressive(toks: _Tokens, i: int) -> bool:
    """An -ing cue is a verb only after "is", "was"... or in "with X saying", or one that a
    document carries ("a statement calling the test a violation", "tweets attacking her");
    otherwise it is an adjective or a participle phrase ("disparaging remarks", "lawsuits
    seeking")."""
    j = i - 1
    while j >= 0 and _is_adverb(toks, j) and toks.low[j] not in _BE:
        j -= 1
    if j >= 0 and (toks.low[j] in _BE or toks.low[j] in DOCUMENT_NOUNS):
        return True
    start = _np_left(toks, j) if j >= 0 else None
    if start is not None and start > 0 and toks.low[start - 1] == "with":
        return True
    # "one saying that", "Clinton asking, “Why ...?”"
    return start is not None and i + 1 < len(toks.low) and _introduces(toks, i + 1)


def _intro_only(toks: _Tokens, subj: int) -> bool:
    """True when all before the source is one introductory phrase ("In a statement, the
    ministry said", "According to X, the alliance rejected", 'On "Fox News Sunday," Pence
    said'), which is no content. A comma before the mark that closes the phrase is the
    quoted title's."""
    end = subj - 2 if subj > 2 and toks.text[subj - 1] in _QUOTES else subj - 1
    return toks.low[0] in _INTRO_OPENERS and "," not in toks.text[1:max(1, end)]


def _resumption(toks: _Tokens, subj: int, after: int,
                cues: dict[int, tuple[int, str]]) -> int | None:
    """The comma after which content before the source goes on past the cue, if it does: a
    quotation split around the cue ("A," he said, "B.") or a sentence with the cue in the
    middle ("The museum, Mr. Bush said in his speech, celebrated ...", "And perhaps, he
    said, it could ..."). An adjunct after the cue may hold commas of its own ("said at a
    rally in Kenansville, N.C., "but ...")."""
    if after < len(toks.low) and toks.low[after] in _PREPOSITIONS:
        after = _adjunct_end(toks, after)
    return after if _resumes_at(toks, subj, after, cues) else None


def _resumes_at(toks: _Tokens, subj: int, comma: int, cues: dict[int, tuple[int, str]]) -> bool:
    """Whether content goes on after toks[comma], a comma after the attribution."""
    if comma + 2 >= len(toks.low) or toks.text[comma] != ",":
        return False
    nxt = comma + 1
    if toks.low[nxt] in {"and", "but"}:
        nxt += 1
    if toks.text[nxt] in _QUOTES:  # unless "In an interview, Borrell said, “...”" (an intro phrase)
        return toks.text[0] in _QUOTES or toks.low[0] not in _INTRO_WORDS
    if toks.text[subj - 1] in _QUOTES and _QUOTES.isdisjoint(toks.text[nxt:nxt + 3]):
        return False  # '“A,” she said, and soon the crowd left': narration after a quotation
    if subj <= 3 and comma + 1 not in cues:
        return True  # two words before are no statement of their own ("And perhaps,")
    return toks.text[nxt][:1].islower() and toks.low[nxt] not in _CLAUSE_WORDS and (
        comma + 1 not in cues)


def _adjunct_end(toks: _Tokens, k: int) -> int:
    """The comma after an adjunct that starts at k: the first one before a quotation mark,
    else the first one; k itself when none is near."""
    commas = [j for j in range(k, min(len(toks.low) - 1, k + 12)) if toks.text[j] == ","]
    return next((j for j in commas if toks.text[j + 1] in _QUOTES), commas[0] if commas else k)


def _np_end(toks: _Tokens, start: int, j: int) -> int:
    """Last token of the source from `start`, given j, the last word before the cue that
    is no auxiliary, aside or floating quantifier."""
    j = max(start, j)
    while j > start and toks.text[j] in _APPOSITION_MARKS:
        j -= 1
    return j


def _tok_span(toks: _Tokens, first: int, last: int) -> tuple[int, int]:
    return toks.start[first], toks.end[max(first, last)]


def _before(toks: _Tokens, subj: int) -> tuple[int, int] | None:
    """Content before the source: "<content>, the ministry said." Needs a comma or a
    closing quotation mark between them and at least two words."""
    j = subj - 1
    if j < 1 or (toks.text[j] not in {",", "—", "--"} and toks.text[j] not in _QUOTES):
        return None
    while j > 0 and (toks.text[j] in {",", "—", "–", "-"} or toks.text[j] in _QUOTES):
        j -= 1
    return (toks.start[0], toks.end[j]) if j >= 0 else None


def _inverted(toks: _Tokens, i: int, last: int, cue: tuple[int, int]) -> _Found | None:
    """"<content>," said the Russian diplomat."""
    if i == 0 or (toks.text[i - 1] != "," and toks.text[i - 1] not in _QUOTES):
        return None
    end = _np_right(toks, last + 1)
    before = _before(toks, i)
    if end is None or before is None:
        return None
    if end + 1 < len(toks.low) and toks.text[end + 1] == "(":
        end = next((k for k in range(end + 1, len(toks.low)) if toks.text[k] == ")"), end)
    follow = end + 1 < len(toks.low)
    if follow and toks.text[end + 1] not in {",", ".", "!", "?", ";"} and (
            toks.low[last + 1] in _PRONOUNS or toks.low[end + 1] not in _ADJUNCT_WORDS):
        return None
    return _Found((toks.start[last + 1], toks.end[end]), cue, before)


def _according_to(art: _Text, toks: _Tokens, i: int, last: int,
                  cue: tuple[int, int]) -> _Found | None:
    """"According to X, <content>", "<content>, according to X" and "<content>, according
    to X, <more>". What follows the source is content only if it opens a clause, not an
    aside ("..., according to X, more than twice ...")."""
    before = _before(toks, i)
    end = _according_source_end(art, toks, last + 1, before is not None)
    if end is None:
        return None
    source = (toks.start[last + 1], toks.end[end])
    start = end + 1 + (end + 1 < len(toks.low) and toks.text[end + 1] == ",")
    if before and (start >= len(toks.low) - 2 or not _opens_clause(toks, start)
                   or _is_aside(toks, start)):
        return _Found(source, cue, before)  # "<content>, according to X(, more of it)."
    if start >= len(toks.low) - 1:
        return None
    return _Found(source, cue, _tok_span(toks, start, len(toks.low) - 1))


def _according_source_end(art: _Text, toks: _Tokens, first: int, closing: bool) -> int | None:
    """Last token of the source of "according to": up to the next comma, else, when the
    phrase closes its sentence, to the end ("..., according to official statistics."),
    else the noun phrase, cut after a known surname ("According to Lavrov Russia is ...")."""
    if first >= len(toks.low) or not toks.text[first][:1].isalnum():
        return None
    comma = next((k for k in range(first + 1, min(len(toks.low), first + 25))
                  if toks.text[k] == ","), None)
    if comma is not None:
        return comma - 1
    tail = len(toks.low) - 1
    while tail > first and not toks.text[tail][:1].isalnum():
        tail -= 1
    if closing and tail - first < 8:
        return tail
    end = _np_right(toks, first)
    if end is None:
        return None
    return first if end > first and toks.text[first] in art.surnames else end


def _is_aside(toks: _Tokens, start: int) -> bool:
    """Words after "according to X," that are no clause: a comparison ("more than twice
    what it projected") or an apposition to X ("a former aide, whose ...")."""
    if toks.low[start] in {"more", "less", "fewer"} and start + 1 < len(toks.low) and (
            toks.low[start + 1] == "than"):
        return True
    comma = next((k for k in range(start + 1, len(toks.low) - 1) if toks.text[k] == ","), None)
    return comma is not None and toks.low[comma + 1] in {"who", "whose", "which"}


def _opens_clause(toks: _Tokens, i: int) -> bool:
    """A word that can open a clause's subject ("Moscow's main concerns ...", "the alliance
    will ..."), unlike the rest of a phrase ("more than twice ...")."""
    low = toks.low[i]
    return toks.text[i][:1].isupper() or low in _DETERMINERS or low in _PRONOUNS


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


def _content_span(text: str, found: _Found) -> tuple[int, int]:
    """The content trimmed, past its paragraph's dateline, and past an interrupting
    attribution that no word precedes ("— Lavrov said, he said")."""
    content = _past_dateline(text, _trim(text, found.content))
    gap = _interruption(found)
    if content[0] <= gap[0] < content[1] and not _WORD.search(text, content[0], gap[0]):
        return _trim(text, (max(gap[1], content[0]), content[1]))
    return content


def _past_dateline(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A content that opens its paragraph starts after the paragraph's dateline."""
    start, end = span
    if start and text[start - 1] != "\n":
        return span
    dateline = _DATELINE.match(text, start, end)
    return (dateline.end(), end) if dateline else span


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
    lines = {k: m for k, (start, end) in enumerate(paras)
             if text.find(":", start, start + 120) >= 0  # spares most paragraphs the regex
             and (m := _COLON_SOURCE.match(text, start, end)) and split_role(m.group("source"))[0]}
    prose = _without(text, [paras[k] for k in lines]) if lines else ""
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
    art = _article(text, quotes)
    found = _walk(art, _sentences(text, quotes, art.tokens))
    taken = {f.content for f in found}
    found.extend(f for f in _signed_quotes(text, quotes, paras) if f.content not in taken)
    return _without_embedded(sorted(found, key=lambda f: f.cue))


def _without_embedded(found: list[_Found]) -> list[_Found]:
    """Drop a belief, intention or finding reported inside another statement's content ("X
    said she plans to ...", "he noted the polls show ..."): it is part of what the outer
    source says, not an attribution of its own. Speech inside speech ("X said Y told
    him ...") stays, as it reports a second utterance, unless a modal makes it one yet to
    happen ("X said Y will announce ...")."""
    contents = _Spans([f.content for f in found])
    return [f for f in found if not (f.embeddable and _inside_other(f, contents))]


class _Spans:
    """Spans, sorted, with the two furthest-reaching distinct spans among each prefix: a
    point is inside a span other than a given one in O(log n), not O(n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[tuple[tuple[int, int] | None, tuple[int, int] | None]] = []
        first: tuple[int, int] | None = None
        second: tuple[int, int] | None = None
        for span in ordered:
            if first is None or span[1] > first[1]:
                first, second = span, (first if first != span else second)
            elif span != first and (second is None or span[1] > second[1]):
                second = span
            self.reach.append((first, second))

    def covers_outside(self, point: int, own: tuple[int, int]) -> bool:
        """Whether a span other than `own` has start <= point < end."""
        index = bisect.bisect_right(self.starts, point)
        if not index:
            return False
        first, second = self.reach[index - 1]
        other = second if first == own else first
        return other is not None and point < other[1]


def _inside_other(found: _Found, contents: _Spans) -> bool:
    """Whether found's cue lies in a content other than its own."""
    return contents.covers_outside(found.cue[0], found.content)


def _walk(art: _Text, sentences: list[range]) -> list[_Found]:
    """Statements sentence by sentence. A quotation goes on over the following sentences of
    its paragraph that open with a quotation mark and have no cue of their own ("A," he
    said. "B."), and so does content introduced by a colon ("He added: A. B.")."""
    text, toks = art.text, art.tokens
    spans = [(toks.start[s.start], toks.end[s.stop - 1]) for s in sentences]
    found: list[_Found] = []
    going_on: int | None = None  # index in `found` of a content that may go on
    busy = _busy_sentences(art, sentences)
    for k, span in enumerate(spans):
        here = [_linked(text, f, spans, k) for f in _sentence_statements(art, sentences[k], busy[k])
                ] if k in busy else []
        found.extend(here)
        if here:
            going_on = next((i for i in range(len(found) - 1, len(found) - len(here) - 1, -1)
                             if _may_go_on(text, found[i])), None)
        elif going_on is not None and _goes_on(text, found[going_on].content, span):
            found[going_on] = found[going_on]._replace(
                content=(found[going_on].content[0], span[1]))
        else:
            going_on = None
    return found


def _busy_sentences(art: _Text, sentences: list[range]) -> dict[int, list[int]]:
    """The sentences that can hold a statement, by index, with the indices of their cue
    candidates within them: those with a cue candidate or opening with "In" (the others
    are not sliced into tokens)."""
    firsts = [sentence.start for sentence in sentences]
    busy: dict[int, list[int]] = {}
    for i in art.cue_candidates:
        k = bisect.bisect_right(firsts, i) - 1
        busy.setdefault(k, []).append(i - firsts[k])
    for k, first in enumerate(firsts):
        if k not in busy and art.text.startswith("In ", art.tokens.start[first]):
            busy[k] = []
    return busy


def _may_go_on(text: str, found: _Found) -> bool:
    """A content that can go on into the next sentences: a quotation, what a colon opens,
    or words before their cue, as a quotation that follows with no cue of its own is that
    speaker's ("..., Schiff said. “The other factor ...”")."""
    content = found.content
    return content[1] <= found.cue[0] or _has_quote(text, content) or _after_colon(text, content)


def _goes_on(text: str, content: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether the sentence at span, in the paragraph of content, continues it: a quotation
    goes on with a sentence that opens with a mark, unquoted words after a colon with any."""
    if "\n" in text[content[1]:span[0]]:
        return False
    return bool(_QUOTE_MARK.match(text, span[0])) or (
        _after_colon(text, content) and not _opens_quote(text, content))


def _after_colon(text: str, content: tuple[int, int]) -> bool:
    return text[max(0, content[0] - 8):content[0]].rstrip().endswith(":")


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
    they are left out, so the text is the words of the span minus the attribution. A cue
    without a source inside its content is a hedge ("Turnout is expected to rise"): kept."""
    gap = _interruption(found)
    if not (found.source or found.gap) or not content[0] < gap[0] < gap[1] < content[1]:
        return _balanced(" ".join(text[content[0]:content[1]].split()))
    left = _trim(text, (content[0], gap[0]))
    right = _trim(text, (gap[1], content[1]))
    return _balanced(" ".join(f"{text[left[0]:left[1]]} {text[right[0]:right[1]]}".split()))


def _interruption(found: _Found) -> tuple[int, int]:
    """The attribution that may interrupt a content ("A," he said, "B."): its gap, or its
    cue together with its source."""
    gap, source = found.gap or found.cue, found.source
    if source and not found.gap:
        gap = (min(gap[0], source[0]), max(gap[1], source[1]))
    return gap


def _balanced(line: str) -> str:
    """Restore the quotation marks a content's span cut off (Russia has no plan to "invade
    Ukraine," the ministry said; adding that "Russia's responsibility" can ...): a digest
    shows no stray mark."""
    if not _holds_quote(line):
        return line
    stack: list[str] = []
    cut_openings: list[str] = []
    for mark in _QUOTE_MARK.finditer(line):
        kind = mark.group()
        if _closes(line, mark, stack):
            stack.pop()
        elif kind == "“" or (kind != "”" and (mark.start() == 0 or line[mark.start() - 1] == " ")):
            stack.append(kind)  # opening: curly, or straight after a space
        else:  # a closing mark whose opening lies before the span
            cut_openings.append(_OPENING[kind])
    return "".join(reversed(cut_openings)) + line + "".join(_CLOSING[k] for k in reversed(stack))


def _is_quotation(text: str, found: _Found) -> bool:
    """A direct statement: its content is a quotation, interrupted at most by its own
    attribution ("A," he said, "B."), not reported words that open with a quoted phrase
    ("Russia's responsibility for the escalation" can only be regarded as ...)."""
    start, end = found.content
    if not _opens_quote(text, found.content):
        return False
    gap = _interruption(found)
    stack: list[str] = []
    unquoted, outside_from = 0, None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        if _closes(text, mark, stack):
            stack.pop()
            outside_from = None if stack else mark.end()
        else:
            if not stack and outside_from is not None:
                unquoted += _words_outside(text, (outside_from, mark.start()), gap)
            stack.append(mark.group())
    if not stack and outside_from is not None:
        unquoted += _words_outside(text, (outside_from, end), gap)
    return unquoted <= _UNQUOTED_WORDS


def _words_outside(text: str, span: tuple[int, int], gap: tuple[int, int]) -> int:
    """How many words of span lie outside gap."""
    return sum(not gap[0] <= m.start() < gap[1] for m in _WORD.finditer(text, *span))


def _opens_quote(text: str, span: tuple[int, int]) -> bool:
    """A direct statement: its content is a quotation, not reported words with a quoted
    phrase in them."""
    return bool(_OPENING_QUOTE.match(text, *span))


def _has_quote(text: str, span: tuple[int, int]) -> bool:
    """Whether a span holds a quotation mark."""
    return _holds_quote(text[span[0]:span[1]])


def _holds_quote(part: str) -> bool:
    """Whether a text holds a quotation mark (substring tests beat the regex here)."""
    return '"' in part or "“" in part or "”" in part or "''" in part


def extract_statements(text: str) -> list[Statement]:
    """All attributed statements in an article's text, in the order of their cues."""
    named = mentions(text)
    known: list[Entity] = []  # speakers and named people or bodies so far, in text order
    reach = (0, 0)  # the content reaching furthest so far
    out: list[Statement] = []
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for found in _found_all(text):
        content = _content_span(text, found)
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
        direct=_is_quotation(text, found), content_span=Span(*content),
        source_span=Span(*found.source) if found.source else None, cue_span=Span(*found.cue))


# ---------------------------------------------------------------- digest filter


def is_reportable(statement: Statement) -> bool:
    """Whether a statement belongs in the user's digest. The extractor finds every
    attribution, as the benchmark asks, but a reader of "who said what" wants only what a
    named or described speaker put into words (said, wrote, announced, warned; "according
    to", "in a statement", a signed quotation) about a whole proposition, not a belief or
    intention ("plans to", "wants"), a finding ("the poll shows"), or an object fragment
    ("rejects the allegation", "respond in the nearest future")."""
    if not (statement.speaker or statement.role) or not _is_proposition(statement):
        return False
    words = _WORD.findall(statement.cue.lower())
    if not words or words[:2] == ["according", "to"] or STATEMENT_NOUNS.intersection(words):
        return True  # a signed quotation or transcript line, "according to", "in a statement"
    lemma = _CUE_LEMMAS.get(words[0]) or _PHRASAL_HEADS.get(words[0], "")
    return lemma in STATEMENT_VERBS and not (lemma in EVIDENCE_VERBS and _is_data(statement))


def _is_proposition(statement: Statement) -> bool:
    """Content that states something: five words or more (a quotation: three), and not a
    prepositional phrase after its cue ("would respond “in the nearest future”")."""
    size = len(_WORD.findall(statement.content))
    if size < (3 if statement.direct else 5):
        return False
    return not (statement.cue_span and statement.content_span.start >= statement.cue_span.end
                and _first_word(statement.content) in _PURE_PREPOSITIONS)


def is_object_of_cue(statement: Statement) -> bool:
    """Whether a reported content is its cue's object rather than a clause ("urged | the
    West to stop supplying arms", "called | the plan a bluff", "asked | all members about
    ..."): it follows a word cue directly and has no finite verb. A digest shows such a
    content after its cue, as one verb phrase."""
    cue = statement.cue_span
    if statement.direct or cue is None or not 0 <= statement.content_span.start - cue.end <= 1:
        return False
    words = _WORD.findall(statement.content.lower())
    return _WORD.search(statement.cue) is not None and not any(
        word in _FINITE_AUX or (word.endswith("ed") and len(word) > 4) for word in words)


def _is_data(statement: Statement) -> bool:
    """A source that carries evidence rather than speaks: with it, "suggests" or "confirms"
    reports a finding ("the poll suggests")."""
    return not DATA_NOUNS.isdisjoint(_WORD.findall(f"{statement.speaker} {statement.role}".lower()))


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
