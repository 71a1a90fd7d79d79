"""Cues: which words of a sentence introduce a statement ("said", "told", "called for",
"according to"), and which cues share an earlier one's source (", adding", "and went on to
say"). A form that is as often a noun ("plan", "claims") is a cue only where it is a verb.
"""

from __future__ import annotations

import re

from .lexicon import (
    AGENTIVE,
    ARTICLES,
    AS_VIEW_VERBS,
    AUXILIARIES,
    BE,
    CHAIN_SKIPS,
    CHAIN_WORDS,
    CLAUSE_CUES,
    CLAUSE_OR_CUE_WORDS,
    CLAUSE_WORDS,
    CONJUNCTIONS,
    CONTROL_VERBS,
    CUE_LEMMAS,
    CUE_WORDS,
    CURRENCY_SIGNS,
    DATA_NOUNS,
    DETERMINERS,
    FINITE_AUX,
    FRAMING_PHRASAL,
    FRONTED_CUES,
    IRREGULAR_PASTS,
    LIGHT_HEADS,
    LISTENER_VERBS,
    MANNER_CLAUSE_VERBS,
    MODAL_WORDS,
    MONTHS,
    NOUN_FORMS,
    NUMBER_WORDS,
    OBJECT_PRONOUNS,
    PERSON_HEADS,
    PERSON_PRONOUNS,
    PHRASAL,
    PHRASAL_HEADS,
    PLURAL_SUBJECT_FORMS,
    POSSESSIVE_DETERMINERS,
    PREPOSITIONS,
    PRONOUN_SUBJECT_FORMS,
    PRONOUNS,
    PURE_PREPOSITIONS,
    QUOTE_FRAMING_VERBS,
    QUOTES,
    RELATIVE_PRONOUNS,
    REPLY_PHRASAL,
    REPORTING_FORMS,
    STATING_NOUNS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TIME_LEADS,
    TIME_WORDS,
    TITLE_MODIFIERS,
    regular_past,
)
from .phrases import before_adverbs, document_before, is_adverb, is_plural, np_left, skip_aside
from .tokens import Tokens, closes_quoted_clause


def find_cues(toks: Tokens, candidates: list[int], headline: bool) -> dict[int, tuple[int, str]]:
    """Cue start index -> (last index, lemma) for the candidate words that are cues."""
    cues = {}
    for i in candidates:
        low = toks.low[i]
        found = _cue_at(toks, i, headline) if (
            low in CUE_WORDS or low in PRONOUN_SUBJECT_FORMS or low in PLURAL_SUBJECT_FORMS
            or low in LIGHT_HEADS) else None
        if found:
            cues[i] = found
    return cues


# What "report" is followed by where it means turning up ("reported for duty").
_TURNING_UP = frozenset({("for", "duty"), ("for", "work"), ("to", "work"), ("for", "training")})


def _cue_at(toks: Tokens, i: int, headline: bool) -> tuple[int, str] | None:
    """(last token index, lemma) of a cue starting at toks[i], or None."""
    low = toks.low[i]
    if low == "according" and i + 1 < len(toks.low) and toks.low[i + 1] == "to":
        return i + 1, "according to"
    if toks.text[i][:1].isupper() and not (headline and i > 0) and not (
            i == 0 and not headline and (low.endswith(("ing", "ed")) or low in FRONTED_CUES)):
        return None  # a verb in running text is lower-case; "Plan", "Post" are names;
        # "Asked about ...", 'Said Poynter, “...”' open their sentence
    if i and _measured_noun(toks, i):
        return None  # "added 23 points to their share", "The two-year note, which": nouns
    # Tests and subscripts, not .get(): CPython 3.11 calls a method of an imported name
    # through a bound method made for each call, and this runs for every cue candidate.
    if low in PHRASAL_HEADS:
        head = PHRASAL_HEADS[low]
        skip = i + 1 < len(toks.low) and is_adverb(toks, i + 1)  # "spoke emotionally of"
        rest = tuple(toks.low[i + 1 + skip:i + 3 + skip])
        for size in (2, 1):
            phrase = (head, *rest[:size])
            end = i + size + skip
            if len(rest) >= size and phrase in PHRASAL and (
                    phrase not in FRAMING_PHRASAL or frames_quotation(toks, i, end)
                    or (phrase in REPLY_PHRASAL and toks.low[end + 1:end + 2] == ["that"])):
                return None if _how_spoken(toks, end + 1) or (
                    phrase == ("put", "it") and _manner_only(toks, end + 1)) else (end, head)
    if low in PRONOUN_SUBJECT_FORMS:
        return (i, low[:-1]) if _speech_s_form(toks, i) else None
    if low in PLURAL_SUBJECT_FORMS:
        return (i, low) if _stated_by_plural(toks, i) else None
    if low not in CUE_LEMMAS:
        return None
    lemma = CUE_LEMMAS[low]
    if low in NOUN_FORMS and not _used_as_verb(toks, i):
        return None
    if i > 1 and _heads_subject(toks, i, lemma):
        return None  # "The lower forecast reflected ...", "His latest warning came ..."
    if low.endswith("ing") and _names_field(toks, i):
        return None  # "the council's head of planning, Amrit Sandhu,": a field, no act
    if low.endswith("ing") and _in_title(toks, i):
        return None  # "Urban planning lecturer Nurul Huda Ismail said": a field
    if lemma in CLAUSE_CUES and low.endswith("ing") and i and toks.low[i - 1] == "of" and (
            toks.low[i + 1:i + 2] != ["that"]):
        return None  # "the cost of maintaining the building": an act, no claim
    if (low.endswith("ing") or low == lemma or low in NOUN_FORMS) and i > 1 and (
            toks.low[i - 2] in ARTICLES) and toks.text[i - 1].islower() and (
            toks.text[i + 1:i + 2] == [":"]):
        return None  # "ends with a blunt warning: “...”", "struck an upbeat note: “...”": a
        # noun that names the quotation
    if low == "said" and _concedes(toks, i):
        return None  # "That said, a loss would ...": the writer's "even so", no speech
    if lemma == "warn" and i + 1 < len(toks.low) and toks.low[i + 1] == "for":
        return None  # "Heavy rain warning for Coromandel": the verb takes no "for"
    if low.endswith("ing") and i and CUE_LEMMAS.get(toks.low[i - 1]) in LISTENER_VERBS:
        return None  # "told cheering supporters": what the listeners were doing
    if low == "writing" and i and toks.low[i - 1] == "in" and not (
            i + 1 < len(toks.low) and _opens_complement(toks, i + 1)):
        return None  # "logged the fault in writing in August": a written form, no act
    if lemma == "learn" and toks.low[i + 1:i + 2] == ["to"]:
        return None  # "have learned to swim": a skill, no news heard
    if toks.text[i + 1:i + 2] == [":"] and i + 2 < len(toks.text) and (
            toks.text[i + 2][:1].isdigit() or toks.text[i + 2] in CURRENCY_SIGNS):
        return None  # "- Final 2024-25 forecast: $9.20/kgMS": a label before a figure
    if lemma == "think" and toks.low[i + 1:i + 2] in (["of"], ["about"]):
        return None  # "anyone thinking of driving to Christchurch": considering, no view
    if lemma == "report" and tuple(toks.low[i + 1:i + 3]) in _TURNING_UP:
        return None  # "reported for duty": turned up, no speech
    if low == "compared" and _measured_against(toks, i):
        return None  # "Sh25,000 a day, compared with less than Sh5,000": no one compares
    if lemma == "admit" and toks.low[i + 1:i + 2] == ["to"] and i > 0 and (
            not toks.text[i - 1][:1].isalnum() or (toks.text[i - 1].islower() and (
                toks.low[i - 1] not in PRONOUNS and toks.low[i - 1] not in FINITE_AUX))):
        return None  # "six children, admitted to the Civil Hospital", "refugees admitted to
        # the United States": a passive, taken in; not "Guccifer had admitted to a crime"
    if low == "telling" and i > 1 and toks.low[i - 1] in BE and toks.low[i - 2] == "it":
        return None  # "it is telling that the bill does not fund ...": revealing, no speech
    if low == "think" and i + 1 < len(toks.low) and toks.low[i + 1] in {"tank", "tanks"}:
        return None  # "a liberal think tank": a noun
    if lemma in QUOTE_FRAMING_VERBS and not frames_quotation(toks, i, i) and not (
            lemma in MANNER_CLAUSE_VERBS and toks.low[i + 1:i + 2] == ["that"]):
        return None  # "continued:" introduces a quotation; "continued to" does not; but
        # "interjected that the court could ..." reports speech
    if lemma in AS_VIEW_VERBS and not _as_predicate(toks, i):
        return None  # "see him as a uniter" states a view; "saw the crowd" does not
    if low.endswith("ed") and (_modifies_subject(toks, i) or _in_opening_phrase(toks, i)):
        return None
    if low.endswith(("ed", "en")) and _before_noun(toks, i):
        return None  # "in written testimony", "a signed statement": an adjective
    return i, lemma


def _heads_subject(toks: Tokens, i: int, lemma: str) -> bool:
    """Whether a cue form that may be a noun (its base, "-ing" or noun form) heads the
    subject of the verb right after it, past a determiner or the sentence's first word and
    a lower-case modifier ("The lower forecast reflected weaker prices", "His latest warning
    came as ...", a headline's "Annual revenue forecast lowered as ..."): no verb of speech,
    whose source the modifier would have been taken for."""
    low, nxt = toks.low[i], toks.low[i + 1] if i + 1 < len(toks.low) else ""
    return (low == lemma or low.endswith("ing") or low in NOUN_FORMS) and (
        toks.low[i - 2] in DETERMINERS or i == 2) and toks.text[i - 1].isalpha() and (
        toks.text[i - 1].islower()) and toks.low[i - 1] not in DETERMINERS and not (
        is_plural(toks.low[i - 1])) and (  # not "what many economists say is the future"
        nxt in FINITE_AUX or nxt in IRREGULAR_PASTS or regular_past(nxt))


def _names_field(toks: Tokens, i: int) -> bool:
    """Whether a gerund at i after "of" (and a noun) has no object: it names a field
    ("head of planning,", "director of policy planning and ...")."""
    low = toks.low
    of = i - 1 if i > 0 and low[i - 1] == "of" else i - 2
    if of < 0 or low[of] != "of" or (of == i - 2 and not (
            toks.text[i - 1].isalpha() and toks.text[i - 1].islower())):
        return False
    return i + 1 == len(low) or not toks.text[i + 1][:1].isalnum() or low[i + 1] in {"and", "or"}


def _before_noun(toks: Tokens, i: int) -> bool:
    """Whether a participle at i sits between an article, a possessive or a preposition and
    the lower-case noun it qualifies ("in written testimony", "his signed letter")."""
    before = toks.low[i - 1] if i else ""
    return (before in ARTICLES or before in POSSESSIVE_DETERMINERS or (
        before in PREPOSITIONS and before not in SUBORDINATORS)) and i + 2 < len(toks.low) and (
        toks.text[i + 1].isalpha() and toks.text[i + 1].islower()) and (
        toks.low[i + 1] not in CLAUSE_OR_CUE_WORDS and toks.low[i + 1] not in PREPOSITIONS)


def _in_title(toks: Tokens, i: int) -> bool:
    """Whether a gerund at i names the field in a title before a name, after the
    capitalised word or the article that opens the subject ("Urban planning lecturer Nurul
    Huda Ismail", "a town planning expert, Ann Lee"): no verb, as "telling reporter Ann Lee"
    after a subject is."""
    low = toks.low
    if not 0 < i < len(low) - 2 or low[i - 1] in CLAUSE_WORDS or not (
            toks.text[i + 1].islower()) or not (
            toks.text[i + 2][:1].isupper() or toks.text[i + 2] == ","):
        return False
    title = low[i + 1]
    is_title = (title in PERSON_HEADS or title.endswith(AGENTIVE)) and title not in TITLE_MODIFIERS
    return is_title and (
        (i == 1 and toks.text[0][:1].isupper()) or (i > 1 and low[i - 2] in ARTICLES))


def _concedes(toks: Tokens, i: int) -> bool:
    """Whether "said" at i closes "That said," or "That being said," opening the sentence
    or its clause ("But that said, ...")."""
    low = toks.low
    first = i - 2 if i > 1 and low[i - 1] == "being" else i - 1
    return (first >= 0 and low[first] == "that" and low[i + 1:i + 2] == [","]
            and (first == 0 or low[first - 1] in {"but", "and", "still", ","}))


def _speech_s_form(toks: Tokens, i: int) -> bool:
    """Whether "states" or "elaborates" is a verb here: after a pronoun, or a document or
    law, past an aside ("The report, released on Friday, states the figure is up") or who
    saw it ("A draft seen by The Associated Press states"), or
    beside a quotation but not after a gerund ("giving states more power") nor before a
    colon ("in nine states: Ohio, ...")."""
    before = toks.low[i - 1] if i else ""
    if before in {"he", "she", "it", "who"}:
        return True
    if i > 1 and document_before(toks, i - 1) is not None:
        return True
    seen = next((k for k in range(i - 2, max(1, i - 8), -1) if toks.low[k] == "by"), None)
    if seen is not None and (regular_past(toks.low[seen - 1]) or toks.low[seen - 1].endswith(
            "en")) and document_before(toks, seen - 2) is not None:
        return True  # "A draft of the agreement seen by The Associated Press states"
    return not before.endswith("ing") and toks.text[i + 1:i + 2] != [":"] and (
        frames_quotation(toks, i, i))


def _measured_noun(toks: Tokens, i: int) -> bool:
    """Whether the cue form at i is a noun that a number or a measure before it counts or
    qualifies ("23 points", "the two-year note", "2-year note: 4.236%")."""
    before = toks.low[i - 1]
    return (toks.low[i].endswith("s") and (before.isdigit() or before in NUMBER_WORDS) and (
        i > 1 and toks.text[i - 2].isalpha() and toks.text[i - 2].islower())) or (
        "-" in before and _MEASURE.fullmatch(before) is not None)  # not a name's number:
    # "Article 33 affirms"


# A compound adjective of a measure of time ("10-year", "two-year", "six-month").
_MEASURE = re.compile(r"[\w.]+-(?:year|month|week|day)")


def _measured_against(toks: Tokens, i: int) -> bool:
    """Whether "compared" at i sets a figure against another ("earned Sh25,000, compared
    with less than Sh5,000", "20 percent compared to 68 percent", "especially compared to
    the Republicans"): a participle set off or before a figure, with no subject."""
    if toks.low[i + 1:i + 2] not in (["to"], ["with"]):
        return False
    before = toks.low[i - 1] if i else ""
    after = toks.low[i + 2] if i + 2 < len(toks.low) else ""
    return before in _COMPARING_OPENERS or after[:1].isdigit() or after[:1] in "$£€" or (
        after in _FIGURE_OPENERS)


# What sets off "compared to" as a comparison, and what opens the figure compared.
_COMPARING_OPENERS = frozenset({",", "especially", "when", "as", "than"})
_FIGURE_OPENERS = frozenset({"less", "more", "fewer", "just", "only", "about", "around",
                             "nearly", "almost", "roughly"})


def _stated_by_plural(toks: Tokens, i: int) -> bool:
    """Whether "state" is a verb here: after "they", or documents or laws ("The papers
    state that", "The court papers state", "The rules state"), not a noun ("the state",
    "a member state")."""
    before = toks.low[i - 1] if i else ""
    return before == "they" or (toks.text[i - 1].islower() and is_plural(before) and (
        before[:-1] in STATING_NOUNS or before in STATING_NOUNS))


def _manner_only(toks: Tokens, j: int) -> bool:
    """Whether only how something was put follows toks[j] to the sentence's end ("puts it
    more plainly than any minister would."), no quotation or colon after it: no content,
    as the next sentence's quotation has its own cue."""
    return j < len(toks.low) and (toks.low[j].endswith("ly") or toks.low[j] in _MANNER_LEADS) and (
        all(toks.text[k] not in QUOTES and toks.text[k] != ":" for k in range(j, len(toks.low))))


# Words that open a phrase of manner ("more plainly", "best", "differently").
_MANNER_LEADS = frozenset({"more", "most", "less", "best", "better", "even", "differently"})


def _how_spoken(toks: Tokens, j: int) -> bool:
    """Whether the words from toks[j] tell how a source spoke, or of what, not what it
    said ("spoke on condition of anonymity", "not authorised to speak on the record", "to
    speak on the matter")."""
    on = j > 0 and toks.low[j - 1] == "on"
    j += j < len(toks.low) and toks.low[j] == "the"
    return j < len(toks.low) and ((on and toks.low[j] in _SPOKEN_ON) or toks.low[j:j + 3] == [
        "condition", "of", "anonymity"])


# What "speak on the ..." names that is no content: the record, or the topic ("talking
# about the issue" is an attribution PolNeAR marks).
_SPOKEN_ON = frozenset({"record", "matter", "issue", "subject"})


def _as_predicate(toks: Tokens, i: int) -> bool:
    """Whether an object and then "as" follow the verb toks[i] in its clause ("see golf
    courses as wasted space"), not after a clause mark ("saw it, as did others")."""
    for k in range(i + 2, min(i + 12, len(toks.low))):
        if toks.low[k] == "as":
            return True
        if not toks.text[k][:1].isalnum() and toks.text[k] not in {"’s", "'s", "-"}:
            return False
    return False


def _modifies_subject(toks: Tokens, i: int) -> bool:
    """Whether the participle toks[i] and its time words modify the noun before them, the
    subject of the verb of speech after them: "A news report published Wednesday said
    ...", "The report published Tuesday showed"."""
    j = skip_adjuncts(toks, i + 1)
    low = toks.low[j] if j < len(toks.low) else ""
    return j > i + 1 and low in CUE_LEMMAS and low not in NOUN_FORMS and (
        toks.text[j].islower() and toks.low[i - 1] not in PRONOUNS)


def _in_opening_phrase(toks: Tokens, i: int) -> bool:
    """Whether the participle toks[i] and its time words modify the noun before them in a
    phrase that opens the sentence and a comma ends ("In a decision published on Tuesday,
    Judge Halloran found ..."): the sentence's speaker comes after the comma."""
    if not (1 < i < 6 and toks.low[0] in PURE_PREPOSITIONS):
        return False  # (the cheap test first: this runs for most participle cues)
    j = skip_adjuncts(toks, i + 1)
    return toks.text[i - 1].isalpha() and toks.text[i - 1].islower() and (
        toks.low[i - 1] not in PRONOUNS) and toks.text[j:j + 1] == [","]


def frames_quotation(toks: Tokens, i: int, last: int) -> bool:
    """Whether the verb toks[i..last] frames a quotation: one follows it ('snapped: “...”',
    'continued, “...”', 'a sign that read “Stop”') or closes just before it and its short
    subject ('“...,” she snapped', '“...!” beamed Hartley')."""
    if toks.low[last + 1:last + 3] in (["in", "part"], ["in", "full"]):
        last += 2  # "The statement read in part, “...”"
    nxt = toks.text[last + 1] if last + 1 < len(toks.low) else ""
    if nxt in QUOTES or nxt == ":" or (
            nxt == "," and last + 2 < len(toks.low) and toks.text[last + 2] in QUOTES):
        return True
    k = i - 1
    while k >= max(0, i - 4) and toks.text[k][:1].isalnum():
        k -= 1  # past the subject ("she", "Mr. Hartley")
    while k >= max(0, i - 8) and toks.text[k][:1].isalnum() and not (
            (toks.low[k] in CUE_WORDS and not (k and toks.low[k - 1] in ARTICLES))
            or toks.low[k] in SUBORDINATORS or toks.low[k] in CONJUNCTIONS):
        k -= 1  # a longer noun phrase ("a welcome message on the website")
    return k >= 1 and closes_quoted_clause(toks, k)


def _used_as_verb(toks: Tokens, i: int) -> bool:
    """Whether a cue form that is as often a noun is a verb here: a complement follows
    ("plans to", "claims that"), a subject pronoun or a noun of data precedes ("she yells while
    ...", "records show little evidence"), or it ends its sentence after a comma and a
    subject ("..., the Journal reports.")."""
    if i and toks.low[i - 1] in {"has", "have", "had"} and toks.low[i].endswith("s"):
        return False  # "had questions to answer": a perfect takes no -s form
    if i and _after_verb(toks, i - 1):
        return False  # "rejected claims the project was over budget": the verb's object
    if i and toks.low[i - 1] in ARTICLES:
        return False  # "in a nod to the plan, “...”": a noun, though a quotation follows (a
        # possessive's is a cue of its own: "his claim he had been offered")
    if i > 1 and toks.low[i - 2] in POSSESSIVE_DETERMINERS and (
            toks.text[i - 1].islower() and toks.low[i - 1].endswith(("ing", "al", "est"))):
        return False  # "In his opening remarks, Judge ... told": a modifier's noun
    nxt = i + 1 + (i + 2 < len(toks.low) and toks.low[i + 1] in _FOCUS_ADVERBS)
    if nxt < len(toks.low) and _opens_complement(toks, nxt):
        return not _subject_phrase(toks, nxt)  # "the survey shows (only) a small gap"; not
        # "Fail rates for reading were largely unchanged": the noun's phrase, then its verb
    subject = i - 1 - (i > 1 and toks.low[i - 1] in _FOCUS_ADVERBS)  # "He also claims rents"
    if subject >= 0 and (toks.low[subject] in SUBJECT_PRONOUNS or toks.low[subject] in DATA_NOUNS):
        return True
    if i and toks.text[i - 1][:1].isupper() and nxt + 1 < len(toks.low) and (
            toks.text[nxt].isalpha() and toks.text[nxt].islower()) and (
            toks.low[nxt] not in FINITE_AUX and toks.low[nxt + 1] in FINITE_AUX):
        return True  # "Graham Tully claims locals have been noticing ...": a clause follows
    return toks.text[i].islower() and i + 2 >= len(toks.low) and (
        trailing_source(toks, i) is not None)


# Adverbs that may come between a noun-like cue form and its subject or complement ("He
# also claims", "shows only a small gap").
_FOCUS_ADVERBS = frozenset({"only", "clearly", "also"})


def _subject_phrase(toks: Tokens, k: int) -> bool:
    """Whether a preposition at k and one to four lower-case words after it lead to a
    finite verb ("for reading and numeracy were", "for calm are growing"): they end a
    subject's phrase, so the word before them is its noun, not a verb."""
    if toks.low[k] not in {"for", "on", "of", "in"}:
        return False
    for j in range(k + 1, min(k + 6, len(toks.low))):
        if toks.low[j] in FINITE_AUX and j > k + 1:
            return True
        if not (toks.text[j].isalpha() and toks.text[j].islower()) or toks.low[j] in PRONOUNS or (
                toks.low[j] in CLAUSE_WORDS and toks.low[j] not in {"and", "or"}):
            return False
    return False


def _after_verb(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a verb in the past ("rejected", "denied") or a cue verb ("said"),
    whose object or clause the noun-like cue form after it opens."""
    low = toks.low[k]
    return toks.text[k].islower() and (low.endswith("ed") or (
        low in CUE_LEMMAS and low not in NOUN_FORMS))


def _opens_complement(toks: Tokens, i: int) -> bool:
    """A word that can start what a cue reports ("plans to", "claims that", "calls him")."""
    low = toks.low[i]
    return (low in {"that", "to", "for", "on", ":", ","} or toks.text[i] in QUOTES
            or low in DETERMINERS or low in PRONOUNS or low in OBJECT_PRONOUNS
            or toks.text[i][:1].isupper())


# Nouns of time that are an adjunct only after a lead ("last week", "this term").
_LED_TIMES = frozenset(
    "week month year weekend night morning afternoon evening quarter season term decade".split())


def skip_adjuncts(toks: Tokens, i: int) -> int:
    """Skip time words after a cue ("said on Thursday", "said last week", "reported just
    today"); "on", "last", "this" and "next" count only before a day or date ("said on the
    other hand" does not)."""
    if toks.low[i:i + 1] in (["just"], ["only"]) and toks.low[i + 1:i + 2] and (
            toks.low[i + 1] in TIME_WORDS and toks.low[i + 1] not in TIME_LEADS):
        i += 1
    first = i
    while i < len(toks.low) and toks.low[i] in TIME_WORDS:
        nxt = toks.low[i + 1] if i + 1 < len(toks.low) else ""
        if toks.low[i] in _LED_TIMES and (i == first or toks.low[i - 1] not in TIME_WORDS):
            break  # "said term three data would be ...": a noun of time with no lead
        if toks.low[i] in TIME_LEADS and not (nxt and (
                nxt in TIME_WORDS or nxt in MONTHS or nxt[:1].isdigit())):
            break  # not "said on Twitter", "said this year's plan"
        i += 1
    if i + 2 < len(toks.low) and toks.low[i] in {"over", "during"} and (
            toks.low[i + 1] in {"the", "this", "last"}) and toks.low[i + 2] in TIME_WORDS:
        return skip_adjuncts(toks, i + 3)  # "said over the weekend (that)"
    if i + 1 < len(toks.low) and (toks.low[i] in MONTHS or toks.low[i][:1].isdigit()):
        if toks.low[i] in MONTHS and toks.low[i - 1] in TIME_LEADS and past_date(toks, i) == i:
            return i + 1  # "tweeted last January, “...”"
        return past_date(toks, i)
    return i


def past_date(toks: Tokens, i: int) -> int:
    """Past a date at toks[i], not the last token ("Oct. 14", "14 October", "October 14,
    2025"), else `i`."""
    low = toks.low
    if ((low[i] in MONTHS and low[i + 1][:1].isdigit()) or (
            low[i][:1].isdigit() and low[i + 1].rstrip(".") in MONTHS)):
        i += 2
        if i + 1 < len(low) and low[i] == "," and low[i + 1].isdigit():
            i += 2
    return i


def trailing_source(toks: Tokens, k: int) -> int | None:
    """Start of the source of a cue that closes its sentence after a comma ("..., Stoltenberg
    added."): the content before it ends at that comma. The cheap test whether the cue
    closes its sentence comes first: most cues do not, and need no source search. An
    adverb of manner may follow the cue ("..., the senator says directly to the camera")."""
    after = skip_adjuncts(toks, k + 1)
    manner = after < len(toks.low) and toks.low[after] not in AUXILIARIES and (
        is_adverb(toks, after))
    if manner:
        after = skip_adjuncts(toks, after + 1)
    if after < len(toks.low) - 1 and toks.low[after] not in PREPOSITIONS and not (
            manner and toks.low[after] in {"to", "into"}):
        return None
    start = np_left(toks, skip_aside(toks, k - 1))
    if start is None or start < 2 or toks.low[start] in RELATIVE_PRONOUNS:
        return None  # ", which is widely supported by Republicans,": a relative clause
    before = toks.text[start - 1]  # the comma, or a closing mark after it ('buffoon,” Susan')
    return start if before == "," or (before in QUOTES and toks.text[start - 2] == ",") else None


def is_chained(toks: Tokens, k: int) -> bool:
    """A cue that shares the previous cue's source: ", adding", "and said", ", even
    suggesting", "and has since said"."""
    j = k - 1
    lows = toks.low
    while j >= 0 and (toks.text[j] in QUOTES or lows[j] in CHAIN_SKIPS or (
            lows[j].endswith("ly") and toks.text[j][:1].islower())):
        j -= 1
    prev = lows[j] if j >= 0 else ""
    return (prev == "," and lows[k].endswith("ing")) or (
        prev in CHAIN_WORDS and not _governed_base(toks, j, k) and not (
            prev == "yet" and j > 0 and lows[j - 1] in AUXILIARIES))  # no "but" after a
    # negation or an auxiliary: "had not yet decided"


def _governed_base(toks: Tokens, j: int, k: int) -> bool:
    """Whether the cue at k, after "and" at j, is a base form that a modal after the last
    cue before it governs ("said the government would freeze hiring and announce a
    review"): the reported clause's second verb, not the source's next act."""
    if CUE_LEMMAS.get(toks.low[k]) != toks.low[k]:
        return False
    modal = next((m for m in range(j - 2, -1, -1)
                  if toks.low[m] in MODAL_WORDS or toks.low[m] in REPORTING_FORMS), None)
    if modal is None or toks.low[modal] not in MODAL_WORDS or not any(
            low in REPORTING_FORMS for low in toks.low[:modal]):
        return False  # "Trump will be unable to turn the crowds ... and accuse": his act
    verb = toks.low[modal + 1]
    return toks.text[modal + 1].islower() and verb.isalpha() and not (
        verb in DETERMINERS or verb in PRONOUNS or verb.endswith(("ed", "ing")))


def backshifted(toks: Tokens, link: int) -> bool:
    """Whether a cue joined by a bare "and" in the past perfect continues what is reported
    ("told the judge his client was remorseful and had written to the family"): the
    reported clause's tense, where the source's own next act would be in its own tense
    ("said A and wrote B")."""
    aux = link - 1 - (link > 1 and toks.low[link - 1] == "been")  # "and had been offered"
    return toks.low[aux] == "had" and toks.low[before_adverbs(toks, aux)] == "and"


def chain_link(toks: Tokens, k: int) -> int | None:
    """Where a chained cue at k starts: the cue itself (", adding"), or the verb that governs
    it as an infinitive (", going on to say", "and went on to say"); None if unchained."""
    if is_chained(toks, k):
        return k
    head = infinitive_head(toks, k) if k > 1 and toks.low[k - 1] == "to" else None
    return head if head is not None and is_chained(toks, head) else None


def infinitive_head(toks: Tokens, i: int) -> int | None:
    """The verb whose subject speaks through an infinitive cue: "Caddell went on to
    discuss", "he appeared to suggest", "she has yet to say". A verb that is a cue itself
    ("refused to say", "plans to announce") reports on its own. Only called after "to"."""
    j = i - 2 - (toks.low[i - 2] in {"on", "yet"})
    if j >= 1 and _governs(toks, j):
        return j
    return _purpose_head(toks, j)


def _governs(toks: Tokens, j: int) -> bool:
    """A verb whose subject an infinitive after it shares: "went", "appeared", "tried"."""
    low = toks.low[j]
    return low in CONTROL_VERBS or (
        low.endswith("ed") and toks.text[j].islower() and low not in REPORTING_FORMS)


def _purpose_head(toks: Tokens, j: int) -> int | None:
    """The verb before a place or means that the infinitive cue tells the purpose of
    ("took to social media to say", "went on Newstalk ZB to say", "used the speech to
    announce"): a few words of a phrase with no name of a person in it, as after "allowed
    him" or "urged Smith" the infinitive is another's."""
    for k in range(j, max(0, j - 5), -1):
        low = toks.low[k]
        if not toks.text[k][:1].isalnum() or low in OBJECT_PRONOUNS or low in PERSON_PRONOUNS:
            return None
        if k < j and low in _PURPOSE_VERBS and (
                toks.low[k + 1] in _PLACE_OPENERS or toks.low[k + 1] in DETERMINERS):
            return k
        if toks.text[k][:1].isupper() and toks.low[k - 1] not in _PLACE_OPENERS and (
                not toks.text[k - 1][:1].isupper()):
            return _met_with(toks, k)  # a name that is no place: "urged Smith to say"
    return None


def _met_with(toks: Tokens, k: int) -> int | None:
    """The verb of meeting before "with" and the person named at or before k, whose
    subject the infinitive of purpose after them shares ("met with Justice Department
    liaison Peter Kadzik to discuss"); None if there is none, as after "urged Smith"."""
    for m in range(k - 1, max(0, k - 6), -1):
        if toks.low[m] == "with":
            return m - 1 if toks.low[m - 1] in _MEETING_VERBS else None
    return None


# Verbs of going or taking somewhere whose subject an infinitive of purpose after the
# place shares ("took to Twitter to say").
_PLACE_OPENERS = PREPOSITIONS | {"to"}
_PURPOSE_VERBS = frozenset({"took", "take", "takes", "taking", "went", "go", "goes", "going",
                            "used", "uses", "use", "using"})
# Verbs of meeting someone "with" whom, for a purpose the subject has ("met with X to
# discuss").
_MEETING_VERBS = frozenset({"met", "meet", "meets", "meeting", "spoke", "speaks", "talked"})
