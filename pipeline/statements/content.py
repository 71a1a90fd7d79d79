"""Where a cue's content lies: the complement after the cue (past a listener and time
words: "told reporters on Friday that ..."), the quotation or clause before its source
("..., the ministry said"), or both around it ("A, he said, B"); and where it ends:
before a chained cue, at the closing mark of a whole quotation, or, after a cue whose
object is a noun phrase ("attacked Machado in a tweet"), where an adjunct or a new clause
starts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .cues import backshifted, chain_link, skip_adjuncts, trailing_source
from .lexicon import (
    APPOSITION_MARKS,
    ARTICLES,
    ASIDE_ADVERBS,
    AUXILIARIES,
    BE,
    CHAIN_SKIPS,
    CHAIN_WORDS,
    CLAUSE_CUES,
    CLAUSE_OR_CUE_WORDS,
    CLAUSE_WORDS,
    COMMA_OR_QUOTE,
    CONJUNCTIONS,
    CUE_LEMMAS,
    CURRENCY_SIGNS,
    DASH_TOKENS,
    DAYS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    DOUBLE_QUOTES,
    EVENT_NOUNS,
    EVIDENTIAL_VERBS,
    FINITE_AUX,
    FUNCTION_WORDS,
    GAP_RELATIVES,
    HEARER_VERBS,
    INTRO_OPENERS,
    INTRO_WORDS,
    IRREGULAR_PASTS,
    LISTENER_VERBS,
    MEDIUM_PREPOSITIONS,
    MODAL_WORDS,
    MONTHS,
    NEGATIONS,
    NOT_NOUNS,
    NOT_TITLES,
    NOT_VERBS,
    NOUN_FORMS,
    NOUN_LIKE_CUES,
    NOUN_OPENERS,
    NP_LINKS,
    NUMBER_WORDS,
    OBJECT_PRONOUNS,
    OBJECT_STOPS,
    OBJECT_VERBS,
    PERSON_PRONOUNS,
    PHRASE_ENDS,
    PHRASE_PREPOSITIONS,
    PICKING_WORDS,
    POSSESSIVE_ENDINGS,
    PREPOSITIONS,
    PRONOUNS,
    PURE_PREPOSITIONS,
    QUESTION_WORDS,
    QUOTE_INTROS,
    QUOTES,
    REFLEXIVES,
    RELATIVE_OBJECTS,
    RELATIVE_PRONOUNS,
    RESUMING_WORDS,
    ROLE_WORDS,
    ROUNDING_PHRASES,
    ROUNDING_PREPOSITIONS,
    SAYING_NOUNS,
    SENTENCE_ADVERBS,
    SOURCE_NOUNS,
    SPAN_UNITS,
    SPEECH_LEMMAS,
    STATEMENT_NOUNS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    SUMMING_NOUNS,
    TIME_NOUNS,
    TIME_PHRASE_LEADS,
    TIME_WORDS,
    regular_past,
)
from .phrases import (
    before_adverbs,
    clause_start,
    figure_name,
    is_adverb,
    is_plural,
    is_plural_noun,
    is_year,
    lower_word,
    np_left,
    np_right,
    numbered_name,
    opens_clause,
    time_after,
)
from .tokens import Tokens, tok_span

# Marks after which a conjunction and a new subject start another clause (", but he",
# "— and he").
_CLAUSE_BREAKS = frozenset({",", "—", "–", "--"})
_QUOTE_SET_OFF = frozenset({":", ";", "-", "—", "–", "--"})  # marks that set a quotation off
_ASIDE_WORDS = 8  # longest aside set off by commas after a cue
_PHRASE_WORDS = 12  # longest participle phrase set off inside a clause
_SET_OFF_WORDS = 7  # longest source of an attribution set off inside a sentence
_ASIDE_STOPS = frozenset({"and", "but", "which", "who", "whom"})  # a clause, no aside
_INDEFINITE = PICKING_WORDS | {"a", "an"}
# What may follow a name or an object that nothing is said of: a mark, or a word that opens
# no second complement ("called Sanders to congratulate him", "called her and ...").
_NAME_ENDS = frozenset({".", ";", ":", ")", "and", "to", "which", "who", "but"})
_CALL_FORMS = frozenset({"call", "calls", "called"})
_NAME_LINKS = frozenset({"of", "for", "the", "de", "on"})


class Content(NamedTuple):
    """A cue's content: its span, a link to a neighbouring sentence instead ("next": "X
    said:" ends the sentence; "prev": "“...?” X asked."), and the attribution inside the
    span ("A, he said at a rally, B"), which its words leave out."""

    span: tuple[int, int]
    link: str = ""
    gap: tuple[int, int] | None = None


def cue_content(toks: Tokens, last: int, lemma: str, cues: dict[int, tuple[int, str]],
                subj: int | None) -> Content | None:
    """The content of a cue ending at toks[last] whose source starts at toks[subj]: the
    complement after the cue, the quotation or clause before the source, or both when the
    cue interrupts them. In "as X put it" the frame opens at "as"."""
    if subj and toks.low[subj - 1] == "as":
        subj -= 1
    after = _past_manner(toks, skip_adjuncts(toks, last + 1), lemma)
    after = skip_adjuncts(toks, skip_listener(toks, after, lemma))
    if lemma == "ask" and subj is not None and (subj == 0 or toks.text[subj - 1] in QUOTES):
        after = _past_asked(toks, after)
    if (after == len(toks.low) - 1 or (lemma.split()[0] in SPEECH_LEMMAS and _phrase_before_colon(
            toks, after))) and toks.text[-1] == ":":
        return Content((toks.end[-1], toks.end[-1]), "next")
    if subj and (rel := _object_relative(toks, subj)) is not None:
        return _relative_content(toks, rel, after, lemma, cues)
    if subj and (head := _bare_relative_head(toks, subj, after)) is not None:
        return Content(tok_span(toks, head, content_end(toks, after, cues, lemma)), "",
                       (toks.start[head], toks.start[head]))
    if toks.low[last] in _CALL_FORMS and _only_named(toks, last, after):
        return None
    if after < len(toks.low) and ((lemma == "report" and toks.low[after] == "to") or (
            lemma == "repeat" and _repeats_a_thing(toks, after)) or (
            lemma == "find" and _finds_a_way(toks, after)) or (
            lemma == "show" and toks.low[last + 1:last + 2] == ["up"])):
        return None  # "must report to prison", "is repeating the experiment", "showed up
        # at the rally": acts
    before = None if subj is None or _intro_only(toks, subj) or (
        toks.low[subj] in RELATIVE_PRONOUNS and not (
            toks.low[subj] == "that" and toks.text[subj - 1] in QUOTES)) else (
        content_before(toks, subj, cues))  # ", who said"; but '“...,” that aide said
    if before and subj is not None and (
            comma := _resumption(toks, subj, after, cues)) is not None:
        end = content_end(toks, after + 1, cues, resumed=True)
        if end <= after + (toks.low[after + 1] in {"and", "but"}):  # ", and investigators
            return Content(before)  # believe ...": another clause; nothing of this goes on
        return Content((before[0], toks.end[end]), "", (toks.start[subj], toks.end[comma]))
    if before is None and subj is not None:
        after = _past_said_of(toks, _past_aside(
            toks, after, cues, quoted=toks.low[last] not in NOUN_FORMS), lemma)
    return _complement(toks, after, lemma, cues, subj, before)


def _past_said_of(toks: Tokens, k: int, lemma: str) -> int:
    """Past whom or what a quotation is said of, at k ('said of Holland: “He's a big man”',
    'said of the senator, “She takes ...”'): the quotation is the content; else `k`, as
    when "of" opens a quotation of its own ('reminded of “a third-world country,” where').
    What is said of someone is never "of" them: past "said of Apple", the content opens
    at "that", or there is none after the cue ('“...?” Trump said of Apple in February').
    """
    if k >= len(toks.low) or toks.low[k] != "of" or lemma not in SPEECH_LEMMAS:
        return k
    for j in range(k + 1, min(k + 14, len(toks.low) - 1)):
        if toks.text[j] in QUOTES:
            return k
        if toks.text[j] in {",", ":"}:
            if toks.text[j + 1] in QUOTES:
                return j + 1
            break
        if lemma == "say" and toks.low[j] == "that":
            return j
    return len(toks.low) if lemma == "say" else k


def _past_aside(toks: Tokens, k: int, cues: dict[int, tuple[int, str]],
                quoted: bool = True) -> int:
    """Past an aside set off by commas or dashes right after the cue, when "that", a
    clause or (with `quoted`, for a cue that is surely a verb) a quotation follows it ("He
    said, however, that ...", "Smith said, in a nod to the plan, “It will fail”",
    "Guccifer said, per a translator, that ...", "Rubio says, win or lose in Florida,
    he's staying", "Manafort said — on Twitter, as it happens — that"); else `k`."""
    if k + 1 >= len(toks.low) or toks.text[k] not in APPOSITION_MARKS:
        return k
    mark = toks.text[k]
    double = mark == "-" and toks.text[k + 1] == "-"  # "--", two tokens
    for j in range(k + 1 + double, min(k + _ASIDE_WORDS + 2 + double, len(toks.low) - 1)):
        if toks.text[j] in QUOTES or j in cues or toks.low[j] in _ASIDE_STOPS:
            return k
        if toks.text[j] == mark:
            nxt = j + 1 + double
            if nxt >= len(toks.low):
                return k
            clause = toks.low[nxt] == "that" or (quoted and toks.text[nxt] in QUOTES) or (
                toks.low[nxt] in SUBJECT_PRONOUNS or toks.low[nxt] in DETERMINERS)
            # not a source that closes the sentence: "..., including X, the document said"
            return nxt if clause and cues.keys().isdisjoint(range(nxt, nxt + 5)) else k
    return k


def _repeats_a_thing(toks: Tokens, k: int) -> bool:
    """Whether what "repeat" takes at toks[k] is a thing done, not words: a noun phrase
    with no word for something said ("repeating the experiment", "repeated the feat"; not
    "repeated his claim", "repeated the phrase three times")."""
    if toks.low[k] not in DETERMINERS:
        return False
    j = k + 1
    while j + 1 < len(toks.low) and toks.text[j + 1][:1].isalpha() and (
            toks.low[j + 1] not in PREPOSITIONS and toks.low[j + 1] != "that"):
        j += 1
    return not any(low in _SAID_THINGS or (low.endswith("s") and low[:-1] in _SAID_THINGS)
                   for low in toks.low[k + 1:j + 1]) and toks.text[j].islower()


def _finds_a_way(toks: Tokens, k: int) -> bool:
    """Whether "find" takes at toks[k] a way or the finder: an act or a state, no finding
    reported ("found ways to press his agenda", "found a way through the act", "found
    himself in a series of contentious exchanges")."""
    low = toks.low[k]
    return low in REFLEXIVES or low == "ways" or (
        low in {"a", "the"} and k + 1 < len(toks.low) and toks.low[k + 1] == "way")


# What one repeats that is words (besides cue-like nouns: "claim", "promise", "call").
_SAID_THINGS = NOUN_LIKE_CUES | SAYING_NOUNS | STATEMENT_NOUNS | frozenset((
    "phrase refrain line mantra slogan assurance contention position accusation allegation "
    "name question story joke argument point talking insult assertion denial criticism "
    "critique broadside complaint"
).split())


def _only_named(toks: Tokens, cue: int, k: int) -> bool:
    """Whether "call" has one object and says nothing of it: a name given ("a company
    called Sansun USA, owned by ...", "a program called Sandy Hook Promise.") or a phone
    call ("called Sanders to congratulate him", "called both candidates Tuesday night",
    "called into the show"), not words ("called Haley “very weak”", "called Clinton a
    liar", "called the plan dangerous", "called Yanukovych, a former ..., an outstanding
    leader"). A comma ends a name given to a new thing ("a company called"). A number
    dialled is a phone call ("called 111", "call Crimestoppers on 0800 555 111")."""
    if k >= len(toks.low):
        return False
    low = toks.low[k]
    if low in PREPOSITIONS and _quoted_after_phrase(toks, k):
        return False  # "called over her shoulder, “...”": words called out
    if low in PREPOSITIONS or low == "into" or _is_phone_number(low) or any(
            toks.low[j] == "on" and _is_phone_number(toks.low[j + 1])
            for j in range(k + 1, min(k + 4, len(toks.low) - 1))):
        return True
    if low in DETERMINERS:  # "called the plan" may go on with what it is called
        j = k + 1
        while j < len(toks.low) and j - k < 4 and toks.text[j].isalpha() and (
                toks.text[j].islower()) and toks.low[j] not in TIME_WORDS and toks.low[j] != "to":
            j += 1
        return j < len(toks.low) and (toks.low[j] in TIME_WORDS or (
            j == k + 2 and toks.low[j] == "to" and _opens_infinitive(toks, j + 1)))
    if low in PRONOUNS:
        j = k + 1
    elif toks.text[k][:1].isupper():
        j = _name_end(toks, k) + 1
    else:
        return False
    if j < len(toks.low) and toks.text[j] == ",":
        start = np_left(toks, cue - 1)
        return start is not None and toks.low[start] in _INDEFINITE
    return j >= len(toks.low) or toks.text[j] in _NAME_ENDS or toks.low[j] in PREPOSITIONS or (
        toks.low[j] in TIME_WORDS)


def _quoted_after_phrase(toks: Tokens, k: int) -> bool:
    """Whether a quotation follows the phrase the preposition at k opens, after its comma
    ("over her shoulder, “...”")."""
    for j in range(k + 1, min(k + 7, len(toks.low) - 1)):
        if toks.text[j] == ",":
            return toks.text[j + 1] in QUOTES
        if not toks.text[j][:1].isalnum():
            return False
    return False


def _is_phone_number(word: str) -> bool:
    """A number one dials ("111", "105", "0800"), not a date ("9/11") or a count."""
    return len(word) >= 3 and word.isdigit() and (word[0] in "01" or len(word) == 3)


def _opens_infinitive(toks: Tokens, k: int) -> bool:
    """Whether toks[k], after "to", may be a verb: a lower-case word that opens no noun
    phrase ("to congratulate him", not "to the workers")."""
    return k < len(toks.low) and lower_word(toks, k) and (
        toks.low[k] not in DETERMINERS and toks.low[k] not in PRONOUNS)


def _name_end(toks: Tokens, k: int) -> int:
    """Last index of the name opening at toks[k]: capitalised words and numbers, with the
    lower-case links of a name between them ("Friends of the Earth", "Ginbot 7")."""
    while True:
        j = k + 1
        while j < len(toks.low) and toks.low[j] in _NAME_LINKS:
            j += 1
        if j >= len(toks.low) or not (toks.text[j][:1].isupper() or toks.text[j].isdigit()):
            return k
        k = j


def _past_manner(toks: Tokens, k: int, lemma: str) -> int:
    """Past an adverb of how a verb of speech was spoken at toks[k], and past the sentence's
    end when only a phrase follows it ("said pleasantly into the phone."): no content
    there; not past what was said ("said only that ...")."""
    if k >= len(toks.low):
        return k  # the cue ends the sentence
    nxt = toks.low[k + 1] if k + 1 < len(toks.low) else ""
    if not (lemma in SPEECH_LEMMAS and toks.low[k].endswith("ly") and is_adverb(toks, k) and (
            nxt in PREPOSITIONS or nxt in {"to", "into", "for"} or not nxt[:1].isalnum())):
        return k
    return len(toks.low) if _only_adjuncts(toks, k + 1) else k + 1


def _phrase_before_colon(toks: Tokens, k: int) -> bool:
    """Whether a phrase of a preposition and up to four words, no verb, quotation or
    clause among them, runs from toks[k] to a colon that ends the sentence ("spoke out
    against Trump:", "observing of Trump:"): after a verb of speech, whom or what the
    words after it are about, not what was said, which the next sentence is ("Among the
    problems found during a June inspection:" heads a list)."""
    last = len(toks.low) - 1
    return 1 < last - k <= 5 and (
        toks.low[k] in PURE_PREPOSITIONS or toks.low[k] in {"of", "for", "to"}) and not any(
        low in FINITE_AUX or low in CLAUSE_WORDS or low in CUE_LEMMAS or low in QUOTES
        for low in toks.low[k + 1:last])


def _past_asked(toks: Tokens, k: int) -> int:
    """Past whom a quotation was asked of, when only they and a phrase of place or time
    follow the cue ('“Why are you still endorsing him?” Obama asked Republican
    politicians.'): the quotation before is the content (not "asked them to vote")."""
    end = np_right(toks, k) if k < len(toks.low) else None
    if end is None or end + 1 >= len(toks.low):
        return k
    rest = end + 1
    ends = rest == len(toks.low) - 1 and not toks.text[rest][:1].isalnum()
    return len(toks.low) if ends or (
        toks.low[rest] in PURE_PREPOSITIONS and _only_adjuncts(toks, rest)) else k


def _object_relative(toks: Tokens, subj: int) -> int | None:
    """The relative word before a cue's source (toks[subj]), or before a description the
    source's name is set off after ("which Apple's chief executive, Tim Cook, called ..."),
    that opens a relative clause whose gap the cue's content fills ("what she called a
    rant", "which he said were favours", "whom one insider described as ...", "what
    scientists think is necessary"); not one after a preposition ("in which he said ...")
    (but "on what she called ...") or a "that", which as often opens another cue's clause
    ("said that Lee argued")."""
    if subj > 2 and toks.text[subj - 1] == "," and (
            described := np_left(toks, subj - 2)) and toks.low[described - 1] in {"which", "what"}:
        subj = described
    rel = subj - 1
    return rel if toks.low[rel] in GAP_RELATIVES and (opens_clause(toks, subj) or (
        toks.low[rel] == "what" and lower_word(toks, subj))) and not (
        rel > 0 and toks.low[rel] != "what" and (
            toks.low[rel - 1] in PREPOSITIONS or toks.low[rel - 1] in NP_LINKS)) else None


def _bare_relative_head(toks: Tokens, subj: int, after: int) -> int | None:
    """Where the noun phrase starts that a relative clause with no relative word follows,
    when the cue's content is that clause's verb ("a probe the agency said was ongoing",
    "a gift he knew would lift me"): the noun fills the gap before the verb."""
    noun = subj - 1
    if noun < 1 or after >= len(toks.low) or toks.low[after] not in FINITE_AUX or not (
            opens_clause(toks, subj) and lower_word(toks, noun)) or (
            toks.low[subj] in RELATIVE_PRONOUNS or toks.low[noun] in CLAUSE_WORDS
            or toks.low[noun] in PREPOSITIONS or toks.low[noun] in FINITE_AUX
            or toks.low[noun] in CUE_LEMMAS or toks.low[noun].endswith(("ly", "ed", "ing"))):
        return None  # not "says the majority of refugees admitted are ..."
    head = np_left(toks, noun)
    return None if head is None or (head and toks.text[head - 1] == ",") else head  # not
    # a summing phrase (", a decision Federated Farmers says was overdue"): its predicate


def _relative_content(toks: Tokens, rel: int, after: int, lemma: str,
                      cues: dict[int, tuple[int, str]]) -> Content | None:
    """The content of a cue in a relative clause: the clause from its relative word, with
    the gap its antecedent fills, to the end of the complement ("what Zimmerman described
    as a “piece of history”", "which Cook called “total political crap”", "what former
    employees have called a “fraudulent scheme”"); the relative word alone when nothing
    follows the cue ("who many party members oppose"), but nothing for a bare noun's
    ("what voters are saying": no one in particular said anything)."""
    comp = after if after < len(toks.low) and toks.low[after] == "as" else _complement_start(
        toks, after, True)
    if comp is None or comp >= len(toks.low):
        return Content((toks.start[rel], toks.end[rel])) if opens_clause(toks, rel + 1) else None
    end = content_end(toks, comp, cues, lemma)
    if rel > 0:  # set off: "The bill, which Smith said was rushed, passed"
        end = _set_off_end(toks, toks.text[rel - 1], comp, end)
    # The span holds the source and cue; the empty gap keeps them in the content's words.
    return Content(tok_span(toks, rel, end), "", (toks.start[rel], toks.start[rel]))


def _complement(toks: Tokens, after: int, lemma: str, cues: dict[int, tuple[int, str]],
                subj: int | None, before: tuple[int, int] | None) -> Content | None:
    """The content after the cue (from toks[after]) or, failing that, the one before the
    source; for a cue that opens its sentence and has neither, the previous sentence."""
    comp = _complement_start(toks, after, _in_relative(toks, subj))
    if comp is None and _reduced_relative(toks, subj, after):
        return Content(tok_span(toks, after, content_end(toks, after, cues, lemma)))
    if comp is None and subj is not None and after < len(toks.low):
        comma = _adjunct_end(toks, after) if toks.low[after] in PREPOSITIONS else after
        if _content_after_comma(toks, subj, comma) and all(
                cues[k][1] in EVIDENTIAL_VERBS for k in range(comma + 1, comma + 4) if k in cues):
            # not ", he said"; but ", there seem to be": the writer's hedge
            comp = comma + 1
    # A quotation that opens the sentence and closes before the source is the content
    # ('“...,” Rubio said'); a quoted title that ends an opening phrase is not ('On “Fox &
    # Friends,” Huckabee discussed the bill').
    quoted_before = before is not None and subj is not None and toks.text[subj - 1] in QUOTES and (
        toks.text[0] in QUOTES)
    if comp is not None and lemma in CLAUSE_CUES and not _in_relative(toks, subj) and (
            not _reports_clause(toks, comp)):
        # "added three goals", "claimed the match ball": an act, not speech, and the
        # sentence before it is no content of it either; a relative clause's content has a
        # gap for its subject ("which state media claimed now allows ...")
        return Content(before) if before and quoted_before else None
    if comp is not None and comp < len(toks.low) and not quoted_before:
        comp = _past_object_colon(toks, comp)
        end = _before_main_verb(toks, subj, comp, content_end(toks, comp, cues, lemma))
        end = _set_off_end(toks, "," if _in_fronted_clause(toks, subj) else (
            _relative_aside_mark(toks, subj)), comp, end)
        if not before or end > comp or not toks.text[comp].islower() or (
                toks.low[comp] in NOUN_OPENERS):
            return Content(tok_span(toks, comp, end))  # but not "told the Times then"
    if before:
        return Content(before)
    if subj == 0 and comp is None and (lemma in SPEECH_LEMMAS or not (
            after + 1 < len(toks.low) and toks.text[after] == "," and after + 1 in cues)):
        return Content((toks.start[0], toks.start[0]), "prev")  # not "X disagreed, saying"
    return None


def _past_object_colon(toks: Tokens, comp: int) -> int:
    """Where a quotation after a colon starts, when a short object of the cue stands before
    the colon ("argued the opposite: “...”", "added a warning: “...”"): the words quoted
    are what was said; else `comp`, as for an infinitive ("a blunt message for anyone
    planning to light fires: “...”": the quotation is the clause's subject's)."""
    if ":" not in toks.text[comp + 1:comp + 5] or toks.low[comp] == "to":
        return comp  # most contents: one C-level test
    for k in range(comp + 1, min(comp + 5, len(toks.low) - 1)):
        if toks.text[k] == ":":
            return k + 1 if toks.text[k + 1] in QUOTES else comp
        if not toks.text[k][:1].isalnum() or toks.low[k] in FINITE_AUX or (
                toks.low[k] in CLAUSE_WORDS):
            return comp
    return comp


def _before_main_verb(toks: Tokens, subj: int | None, comp: int, end: int) -> int:
    """Where an infinitive content of a cue in a restrictive relative clause ends: before
    the main clause's verb that follows it ("An opposition coalition that has promised |
    to review a pact with China | was on track"), unless a clause inside the content has a
    verb of its own ("promised to ensure that costs were cut"); a noun-phrase content, see
    `_before_main_cue`."""
    if toks.low[comp] == "not":
        comp += 1  # "who asked not to be named | said ..."
    if subj is None or toks.low[subj] not in RELATIVE_PRONOUNS or toks.text[subj - 1] == "," or (
            comp >= len(toks.low)):
        return end
    if toks.low[comp] != "to":  # not "a tweet which reads X told me ...": a thing's words
        return end if toks.low[subj] == "which" else _before_main_cue(toks, comp, end)
    for k in range(comp + 2, end + 1):
        if toks.low[k] in _CLAUSE_OPENERS or not toks.text[k][:1].isalnum():
            return end
        if toks.low[k] in FINITE_AUX or toks.low[k] in {"said", "says"}:
            return k - 1  # "Those who want to ban abortion | said ..."
    return end


def _before_main_cue(toks: Tokens, comp: int, end: int) -> int:
    """Where a noun-phrase content of a cue in a restrictive relative clause ends: before
    the main clause's verb of speech right after it ("The voters who had backed | Sanders |
    said they were angry"), which a noun phrase cannot take as its own."""
    for k in range(comp + 1, min(end + 1, comp + 8)):
        if toks.low[k] in _MAIN_SPEECH:
            return k - 1 if toks.text[k - 1][:1].isalnum() and (
                toks.low[k - 1] not in SUBJECT_PRONOUNS) else end
        if toks.low[k] in _CLAUSE_OPENERS or toks.low[k] in FINITE_AUX or not (
                toks.text[k][:1].isalnum()):
            return end
    return end


_MAIN_SPEECH = frozenset({"said", "says", "told", "tells"})


# Words that open a clause inside a content, whose verb is the content's own.
_CLAUSE_OPENERS = RELATIVE_PRONOUNS | QUESTION_WORDS | SUBORDINATORS | CONJUNCTIONS


def _reduced_relative(toks: Tokens, subj: int | None, after: int) -> bool:
    """A cue in a relative clause with no relative word, whose gap is the subject of its
    content (", a move critics say will hit the poor"): the cue's subject follows a noun
    phrase set off by a comma (the source is the words after its head: "farmers" of ", a
    move farmers say will ..."), and a finite verb follows the cue."""
    return subj is not None and subj > 0 and after < len(toks.low) and (
        toks.low[after] in FINITE_AUX and ((toks.text[subj - 1] == "," and (
            toks.low[subj] in DETERMINERS)) or (subj > 2 and toks.text[subj - 3] == ","
                                             and toks.low[subj - 2] in {"a", "an"})))


_QUOTATION_OPENERS = QUOTES | {":"}


def _reports_clause(toks: Tokens, comp: int) -> bool:
    """Whether the complement from toks[comp] is reported speech, not a noun phrase: a
    quotation or what "that" or a colon opens, near its start ("added a caveat: “...”"), or
    a clause, whose subject (a pronoun or a noun phrase) a verb follows ("added he would
    stay", "added the plan was flawed"; not "added three more goals", "added to his
    lead")."""
    if comp >= len(toks.low):
        return False
    if toks.text[comp] in QUOTES or toks.text[comp - 1] in QUOTE_INTROS or (
            toks.low[comp - 1] == "that" or toks.low[comp] in SUBJECT_PRONOUNS):
        return True
    if not _QUOTATION_OPENERS.isdisjoint(toks.text[comp:comp + 12]):
        return True  # "added a caveat: “...”", "adding of Trump, “...”"; not "added
        # another in the 80th minute, when ..."
    return _has_predicate(toks, comp)


# A score or a bowler's figures ("2-71", "27-24").
_SCORE = re.compile(r"\d+[-–/]\d+")


_HEDGE_FORMS = frozenset({"seem", "seems", "appear", "appears"})  # "there seem to be"


def _modifies(toks: Tokens, k: int) -> bool:
    """Whether a participle at toks[k] is an adjective inside a noun phrase, after a
    determiner, "of" or a modifier ("a 1,200-seat covered stand", "the proposed wall",
    "three years of audited accounts"), or before a number ("residents aged 75")."""
    before, after = toks.low[k - 1], toks.low[k + 1:k + 2]
    return before in DETERMINERS or before == "of" or "-" in before or before[:1].isdigit() or (
        bool(after) and after[0][:1].isdigit())


# Adverbs that come between a subject and its verb, never inside a noun phrase.
_FREQUENCY_ADVERBS = frozenset({"always", "never", "often", "usually", "rarely", "seldom",
                                "sometimes", "generally", "typically"})


def _has_predicate(toks: Tokens, comp: int) -> bool:
    """Whether the words from toks[comp] are a clause: a subject that a verb follows within
    a few words ("the plan was flawed", "drug offenders are sent", "union voters almost
    always vote"), not a noun phrase or a score ("claimed 2-71 but was expensive")."""
    if _SCORE.fullmatch(toks.low[comp]):
        return False
    past_of, limit, k = False, comp + 7 + 2 * (toks.low[comp + 1:comp + 2] == ["than"] or (
        tuple(toks.low[comp:comp + 2]) in ROUNDING_PHRASES)), comp
    # a comparison or a rounding opening the subject ("fewer than | a third of the homes
    # had", "at least | two community crisis respite houses in Otago had") is longer
    while (k := k + 1) < min(len(toks.low), limit):
        low = toks.low[k]
        if low in FINITE_AUX or low in _HEDGE_FORMS or (
                toks.text[k].islower() and low.endswith("ed") and not _modifies(toks, k)) or (
                low in _FREQUENCY_ADVERBS) or _present_with_object(toks, k):
            return True  # also "claimed the department owes his company R3.1m"
        if low == "of" and toks.text[k - 1].isalpha() and toks.text[k - 1].islower() and (
                toks.low[comp] not in PREPOSITIONS):
            past_of = True
            continue  # "claimed most of the listed factories had", "claimed appeals of
            # this kind were": a noun and its "of" phrase, the subject
        if past_of and low in RELATIVE_PRONOUNS:
            return False  # "the enthusiasm of followers who were": the relative's verb
        if (placed := _past_place(toks, k)) > k:
            limit, k = limit + placed - k, placed - 1  # "claiming crews from Hastings and
            continue  # Havelock North had used"
        if low == "and" and k > comp + 1 and toks.low[comp] in DETERMINERS and (
                toks.low[k + 1:k + 2] and toks.low[k + 1] in _OWNERS):
            limit += 3  # a subject of two noun phrases, the second owned by the first:
            continue  # "claims the authority and its minister were"
        if toks.text[k] == "," and _name_between(toks, k, 1):
            close = next(j for j in range(k + 2, len(toks.low)) if toks.text[j] == ",")
            limit, k = limit + close - k, close  # "claimed the new company, Westgate
            continue  # Residential Ltd, was set up": the subject's name set off
        if low in _PLACING and k > comp and _aux_past_place(toks, k):
            return True  # "claimed nitrate levels in shallow groundwater beneath parts of
            # the Lauriston area were"
        if not toks.text[k][:1].isalnum() or low in PREPOSITIONS or low in NP_LINKS or (
                low in {"into", "onto"}):  # "maintained an energetic pace into advanced age"
            return False
    return False


# Possessives that tie a noun to one named before it ("the authority and its minister").
_OWNERS = frozenset({"its", "their", "his", "her"})
# Prepositions of a phrase of place that may qualify a clause's subject.
_PLACING = frozenset({"in", "at", "on", "from", "near", "beneath", "under", "across"})


def _aux_past_place(toks: Tokens, k: int) -> bool:
    """Whether a finite auxiliary follows the phrases of place from toks[k], within ten
    words, with no mark, conjunction, word that opens a clause or verb before it ("in
    shallow groundwater beneath parts of the area | were"; not "added two classrooms in
    2023 and has")."""
    for j in range(k + 1, min(len(toks.low), k + 11)):
        low = toks.low[j]
        if low in FINITE_AUX:
            return j > k + 1
        if not toks.text[j][:1].isalnum() or low in _CLAUSE_OPENERS or low in CUE_LEMMAS or (
                (regular_past(low) or low in IRREGULAR_PASTS) and not _modifies(toks, j)):
            return False  # but an adjective: "at two of the affected branches had"
    return False


def _placed_aux(toks: Tokens, k: int) -> bool:
    """Whether a finite auxiliary follows the noun at toks[k] past a phrase of place that
    names it ("crews from Hastings and Havelock North | had")."""
    after = _past_place(toks, k + 1)
    return k + 1 < after < len(toks.low) and toks.low[after] in FINITE_AUX


def _past_place(toks: Tokens, k: int) -> int:
    """Where a phrase of place that names it, from toks[k], ends ("from Hastings and
    Havelock North | had"): k if none starts there."""
    if k >= len(toks.low) or toks.low[k] not in _PLACING:
        return k
    end = k + 1
    while end < len(toks.low) and (toks.text[end][:1].isupper() or (toks.low[end] == "and" and (
            end + 1 < len(toks.low) and toks.text[end + 1][:1].isupper()))):
        end += 1
    return end if end > k + 1 else k


def _in_fronted_clause(toks: Tokens, subj: int | None) -> bool:
    """A cue in an adverbial clause that opens the sentence ("When Clinton talked about
    jobs, Trump ...", "Though he has said his piece, he ...", "Asked whether he feared the
    sack, Maldonado was blunt: ..."): its content ends with the clause, at the comma
    before the main clause."""
    first = 1 if toks.low[0] in CHAIN_WORDS else 0  # "But when ..."
    if len(toks.low) > first + 2 and toks.text[first + 1] == "," and (
            toks.low[first] in ASIDE_ADVERBS or toks.low[first] in SENTENCE_ADVERBS or (
                toks.low[first].endswith("ly"))):
        first += 2  # "Interestingly, after the department asked ..."
    if len(toks.low) > first + 1 and toks.low[first].endswith("ed") and (
            toks.low[first + 1] in QUESTION_WORDS):
        return bool(subj) and "," not in toks.text[first:subj]  # "Asked whether ..."
    return bool(subj) and (toks.low[first] in SUBORDINATORS or toks.low[first] in _ABSOLUTE) and (
        "," not in toks.text[first:subj])


# Prepositions that open a phrase with a subject and participle of its own before the main
# clause ("With his campaign denying claims of plagiarism, 721 delegates cast ...").
_ABSOLUTE = frozenset({"with", "despite", "amid"})


def _relative_aside_mark(toks: Tokens, subj: int | None) -> str:
    """The comma or dash that sets off the relative clause a source opens ("Obama, who
    understood ...") or stands in, its relative word the gap in the content ("The policy
    changes, which officials said will go into effect soon, will affect ..."); "" when
    there is none. The content ends with the clause, before the main clause goes on."""
    if not subj:
        return ""
    if toks.low[subj] in {"who", "which"}:
        return "," if subj > 1 and toks.low[subj - 1] == "and" and toks.text[subj - 2] == "," else (
            toks.text[subj - 1])  # "A nurse who has ..., and who asked not to be named ...,"
    gap = subj > 1 and toks.low[subj - 1] in {"which", "who", "whom", "whose"}  # "Dr Anand
    # Rajapakse, whose firm Kowhai Structural found ... last year, told ...": the firm's
    return toks.text[subj - 2] if gap else ""


def _set_off_end(toks: Tokens, mark: str, comp: int, end: int) -> int:
    """The end of a content from toks[comp] in a clause set off by `mark`: at the clause's
    closing comma (see aside_end) or dash ("Trump - who said X - said ..."); else `end`."""
    if mark == ",":
        return aside_end(toks, comp, end)
    if mark in DASH_TOKENS:
        return next((k - 1 for k in range(comp + 1, end + 1) if toks.text[k] in DASH_TOKENS), end)
    return end


def aside_end(toks: Tokens, start: int, end: int) -> int:
    """A cue in a relative clause set off by commas ("Obama, who understood that a push
    would fail, told ...") or in a fronted adverbial clause: its content ends with the
    clause, at the next comma that introduces no quotation; a quotation ends with its
    closing mark ('Kelly, who said: "Use a master builder, and get a guarantee."')."""
    if toks.text[start] in QUOTES and toks.text[end] in QUOTES:
        return end
    quoted = False  # a comma inside a quotation is the source's ('"need to be more
    # collaborative, working with the community"'), but for one before its closing mark
    conjunct = -1  # the closing comma of a conjunct set off in the subject ("X, and Y, must")
    for k in range(start, min(end + 1, len(toks.low) - 1)):
        text, nxt = toks.text[k], toks.text[k + 1]
        if k <= conjunct:
            continue
        if text in DOUBLE_QUOTES:
            quoted = text == "“" or (text != "”" and not quoted)
        elif k > start and text == "," and (
                nxt in DOUBLE_QUOTES if quoted else nxt not in QUOTES) and (
                not _names_listed(toks, k)):
            conjunct = _conjunct_close(toks, k) or -1
            if conjunct < 0:
                return k - 1
    return end


def _names_listed(toks: Tokens, k: int) -> bool:
    """A comma inside a list of names ("asked Mills, Sullivan and Abedin to search")."""
    if not toks.text[k - 1][:1].isupper():
        return False
    j = k + 1
    while j < len(toks.low) - 1 and j - k < 8 and (
            toks.text[j] == "," or toks.text[j][:1].isupper()):
        j += 1
    return j > k + 1 and toks.low[j] in {"and", "or"} and toks.text[j + 1][:1].isupper()


def _content_after_comma(toks: Tokens, subj: int, after: int) -> bool:
    """Content after "X said," when nothing before the source is content: "(But) as Lavrov
    noted (in a speech), Russia ...", "During his years in office, Obama said, a majority
    ...", and a clause whose subject has no determiner ("In the north, she said, farm
    wages are rising")."""
    if after + 1 >= len(toks.low) or toks.text[after] != "," or not (
            opens_clause(toks, after + 1) or _has_predicate(toks, after + 1)) or (
            toks.low[after + 1] in CONJUNCTIONS):  # "argued about money, but ..."
        return False
    if toks.low[subj] == "as":
        return clause_start(toks, subj)
    if subj and toks.low[subj - 1] in SUBORDINATORS:
        return False  # "When I asked about Lake Gerald, a spokeswoman said ...": the main
        # clause after the one the cue is in
    return (subj == 0 and not _phrase_alone(toks, after + 1)) or _intro_only(toks, subj)


def _phrase_alone(toks: Tokens, k: int) -> bool:
    """Whether the words from toks[k], after a comma, are a noun phrase with no verb of its
    own ("conceded in an address from the Hofburg, the presidential palace, about two hours
    after"): an appositive of the adjunct before it, no clause said."""
    return toks.low[k] in ARTICLES and not _has_predicate(toks, k)


def _intro_only(toks: Tokens, subj: int) -> bool:
    """True when all before the source is one introductory phrase ("In a statement, the
    ministry said", "According to X, the alliance rejected", 'On "Fox News Sunday," Pence
    said', "At a rally in Raleigh, North Carolina, Trump remarked", "Asked whether ...,
    Seymour said no"), which is no content. A comma before the mark that closes the
    phrase is the quoted title's; one inside it sets off the state or country of a place;
    an adverb may be set off after it ("At day's end, however, ...")."""
    end = subj - 2 if subj > 2 and toks.text[subj - 1] in QUOTES else subj - 1
    if toks.low[0] not in INTRO_OPENERS or _approximates(toks, 0):
        return False  # not "At least two chips were seized, the officials said"
    if end > 3 and toks.text[end - 2] == "," and toks.low[end - 1] in ASIDE_ADVERBS:
        end -= 2  # "At day's end, however, Clinton said"
    commas = [k for k in range(1, max(1, end)) if toks.text[k] == ","]
    return all(toks.text[k - 1][:1].isupper() and all(
        toks.text[j][:1].isupper() for j in range(k + 1, end)) for k in commas[:1])


def _resumption(toks: Tokens, subj: int, after: int,
                cues: dict[int, tuple[int, str]]) -> int | None:
    """The comma after which content before the source goes on past the cue, if it does: a
    quotation split around the cue ("A," he said, "B.") or a sentence with the cue in the
    middle ("The museum, Mr. Bush said in his speech, celebrated ...", "And perhaps, he
    said, it could ..."). An adjunct after the cue, or whom it is said of, may hold commas
    of its own ("said at a rally in Kenansville, N.C., "but ...")."""
    if after < len(toks.low) and (toks.low[after] in PREPOSITIONS or toks.low[after] == "of"):
        after = _adjunct_end(toks, after)  # "said of the campaign, “...”"
    return after if _resumes_at(toks, subj, after, cues) else None


def _resumes_at(toks: Tokens, subj: int, comma: int, cues: dict[int, tuple[int, str]]) -> bool:
    """Whether content goes on after toks[comma], a comma after the attribution."""
    if comma + 2 >= len(toks.low) or toks.text[comma] != ",":
        return False
    nxt = comma + 1
    if toks.low[nxt] in {"and", "but"}:
        nxt += 1
    if toks.text[nxt] in QUOTES:  # unless "In an interview, Borrell said, “...”" or
        # "Standing at the podium, he said, “...”" (an intro phrase) or "He said ..., and
        # when asked, he said, “...”" (a clause of another cue); a quotation that goes on
        # in lower case completes what is before ("Evaluating X, he said, “is like ...”")
        if toks.text[0] in QUOTES or toks.low[0] in INTRO_WORDS or any(
                last < subj - 1 for last, _ in cues.values()):
            return toks.text[0] in QUOTES and not _attributed_again(toks, nxt, cues)
        return not _opening_participle(toks) or (
            nxt + 1 < len(toks.low) and toks.text[nxt + 1][:1].islower())
    if toks.text[subj - 1] in QUOTES and QUOTES.isdisjoint(toks.text[nxt:nxt + 3]):
        return False  # '“A,” she said, and soon the crowd left': narration after a quotation
    if nxt + 2 < len(toks.low) and (toks.low[nxt] in NUMBER_WORDS or toks.low[nxt].isdigit()) and (
            toks.low[nxt + 1].rstrip("s") in SPAN_UNITS and toks.low[nxt + 2] in _SPAN_LINKS):
        return False  # "..., the AP declared on Thursday, two days after voters went ..."
    if comma + 1 in cues and _subject_before(toks, subj):
        return not toks.low[nxt].endswith("ing")  # "CNN, Cruz said, called the ...": its
        # verb; not ", he said, adding ...", the attribution's own
    if (subj <= 3 or _verbless_opening(toks, subj)) and comma + 1 not in cues:
        return True  # two words before are no statement of their own ("And perhaps,"),
        # nor a fronted phrase ("Like his comments about Mr. Curiel, Mr. Graham said, ...")
    return toks.text[nxt][:1].islower() and (
        toks.low[nxt] not in CLAUSE_WORDS or toks.low[nxt] in RESUMING_WORDS
        or _goes_on_with(toks, nxt)) and comma + 1 not in cues


def _attributed_again(toks: Tokens, mark: int, cues: dict[int, tuple[int, str]]) -> bool:
    """Whether the quotation opening at toks[mark] has a cue of its own right after its
    closing mark ('"A," she said, but "B," said Kunin'): another attribution, not the
    first one's quotation going on."""
    close = next((k for k in range(mark + 1, len(toks.low)) if toks.text[k] in QUOTES), None)
    return close is not None and any(k in cues for k in range(close + 1, close + 4))


def _goes_on_with(toks: Tokens, k: int) -> bool:
    """Whether toks[k] after an attribution set off in the sentence's middle goes on with
    what is before it: "by" and a gerund ("stood in the way, he said, by creating ..."),
    "also" after "but" ("not only A, she said, but also B"), a clause of contrast or cause of
    another subject than a pronoun ("One offered help, Bob said, while others ..."; not
    "The state will pay, he said, while he would not say how much": the writer's)."""
    low, nxt = toks.low[k], toks.low[k + 1] if k + 1 < len(toks.low) else ""
    if low == "by":
        return nxt.endswith("ing")
    if low in _LINKED_CLAUSES:
        return nxt not in PERSON_PRONOUNS
    return low == "also" and toks.low[k - 1] == "but"


_LINKED_CLAUSES = frozenset({"while", "whereas", "since"})


def _subject_before(toks: Tokens, subj: int) -> bool:
    """Whether the words before the attribution set off at toks[subj] are only a noun
    phrase, the subject of a verb after it ("His wife, he says, plans to leave")."""
    return subj > 1 and toks.text[0][:1].isupper() and all(
        toks.text[j][:1].isalnum() and _in_noun_phrase(toks.low[j]) and (
            toks.low[j] not in CUE_LEMMAS) for j in range(subj - 1))


def _opening_participle(toks: Tokens) -> bool:
    """Whether the sentence opens with a participle ("Standing at the podium,"), not a
    pronoun of things ("Nothing, he said, ...")."""
    first = toks.low[0]
    return first.endswith("ing") and not first.endswith("thing") and len(toks.low) > 1 and (
        toks.text[1][:1].islower())


def _verbless_opening(toks: Tokens, subj: int) -> bool:
    """Whether the words before the source at toks[subj] are one phrase opened by a
    preposition, with no verb or comma of its own: the content's fronted adjunct."""
    return toks.low[0] in _FRONTING and "," not in toks.text[1:subj - 1] and not any(
        low in FINITE_AUX or (low.endswith("ed") and text.islower())
        for low, text in zip(toks.low[1:subj - 1], toks.text[1:subj - 1], strict=True))


_FRONTING = PURE_PREPOSITIONS | {"like", "unlike"}


def _adjunct_end(toks: Tokens, k: int) -> int:
    """The comma after an adjunct that starts at k: the first one before a quotation mark,
    else the first one; k itself when none is near."""
    commas = [j for j in range(k, min(len(toks.low) - 1, k + 12)) if toks.text[j] == ","]
    return next((j for j in commas if toks.text[j + 1] in QUOTES), commas[0] if commas else k)


def content_before(toks: Tokens, subj: int,
                   cues: dict[int, tuple[int, str]]) -> tuple[int, int] | None:
    """Content before the source: "<content>, the ministry said." Needs a comma or a
    closing quotation mark between them and at least two words. It starts after another
    attribution set off before it ("A, sources said, as B, according to officials": B)."""
    j = subj - 1
    if j < 1 or (toks.text[j] not in {",", "—", "–", "--"} and toks.text[j] not in QUOTES) or (
            _possessive(toks, j)):
        return None
    while j > 0 and (toks.text[j] in {",", "—", "–", "-"} or toks.text[j] in QUOTES):
        j -= 1
    start = max([_past_label(toks), *(_after_set_off(toks, k, last)
                                       for k, (last, _) in cues.items() if last < j)])
    start = _set_off_quote(toks, start, j, subj, cues)
    return (toks.start[start], toks.end[j]) if j >= start else None


def _set_off_quote(toks: Tokens, start: int, j: int, subj: int,
                   cues: dict[int, tuple[int, str]]) -> int:
    """Where a quotation that closes right before its source opens, when a colon, dash or
    semicolon sets it off from the words before it ('Neither man was impressed by Mrs.
    Clinton - "Born with a silver spoon," Mr. Elkins said'): the words before are the
    writer's, or another attribution's; else start. The marks before it must pair up,
    so the one found opens ('praised his "deep faith" - "faith that ...," he said'); a
    colon right after a cue leaves the quotation inside what is reported ('Trump said:
    "...," the Times reported')."""
    closing = next((toks.text[k] for k in range(subj - 1, j, -1) if toks.text[k] in QUOTES),
                   None)
    if closing is None:
        return start
    ends = {last for last, _ in cues.values()}
    family = DOUBLE_QUOTES if closing in DOUBLE_QUOTES else QUOTES - DOUBLE_QUOTES
    marks = [k for k in range(start, j) if toks.text[k] in family and not _possessive(toks, k)]
    for n, k in enumerate(marks):
        if n % 2 == 0 and k > start and toks.text[k - 1] in _QUOTE_SET_OFF and not (
                toks.text[k - 1] == ":" and k - 2 in ends):
            return k
    return start


def _after_set_off(toks: Tokens, k: int, last: int) -> int:
    """Where the words after the cue toks[k..last] start when the cue and its source are
    set off by commas (", two Egyptian security sources said, as ..."), past a conjunction
    ("as", "and"); 0 when they are not ("The plan, which critics say is flawed, ..."). The
    comma may sit inside a quotation's closing mark ('"A," she said, but ...')."""
    comma = k - 1
    while comma > 0 and k - comma <= _SET_OFF_WORDS and toks.text[comma][:1].isalnum() and (
            toks.low[comma] not in CLAUSE_WORDS or toks.low[comma] in DETERMINERS):
        comma -= 1
    closed = comma > 0 and toks.text[comma] in QUOTES and toks.text[comma - 1] == ","
    comma -= closed
    if toks.text[comma] != "," or comma + closed == k - 1 or last + 2 >= len(toks.low) or (
            toks.text[last + 1] != ",") or toks.low[k - 1] in AUXILIARIES:
        return 0  # nor a passive: "On May 18, the day the deal was announced, ..."
    after = last + 2
    return after + (toks.low[after] in CONJUNCTIONS or toks.low[after] in {"as", "while"})


def _past_label(toks: Tokens) -> int:
    """Where a sentence's words start past a label and its colon before a quotation
    ("Watch: ‘It's a disgrace,’ says Waititi"), or before a sentence in a section's label
    of a few words in sentence case ("What they're saying: “...,” Whitfield told Axios",
    "By the numbers: 41% of teens ..., according to a survey"), or past a quotation that
    opens it before a colon, someone's words the writer's sum up ("“We were told there was
    nobody else”: Rest home night shifts run short, RNZ investigation finds"); else 0."""
    if toks.text[0] in QUOTES and (quoted := next((k for k in range(1, min(30, len(
            toks.low) - 2)) if toks.text[k] in QUOTES and toks.text[k + 1] == ":"), None)):
        return quoted + 2
    colon = next((k for k in range(1, min(5, len(toks.low) - 1)) if toks.text[k] == ":"), None)
    if colon is None:
        return 0
    after = toks.text[colon + 1]
    if after in QUOTES and all(toks.text[k][:1].isupper() for k in range(colon)):
        return colon + 1
    return colon + 1 if toks.text[0][:1].isupper() and all(
        toks.text[k].replace("'", "").replace("’", "").isalpha() for k in range(colon)) and (
        after in QUOTES or after[:1].isupper() or after[:1].isdigit()) else 0


def _possessive(toks: Tokens, j: int) -> bool:
    """An apostrophe that ends a plural possessive ("Sanders’ aides"), not a quotation."""
    return toks.text[j] in {"’", "'"} and toks.start[j] == toks.end[j - 1] and (
        toks.low[j - 1].endswith("s")) and j + 1 < len(toks.low) and toks.text[j + 1][:1].isalnum()


def skip_listener(toks: Tokens, i: int, lemma: str) -> int:
    """Skip the listener of "told reporters (that)", of "asked her whether", and of a verb
    of speech with "to" when the content follows it or lies before the cue ("wrote to the
    senator that ...", '“...!” Clinton said to People.'), so the content starts after it."""
    if i + 1 < len(toks.low) and toks.low[i] == "to" and lemma in SPEECH_LEMMAS and (
            toks.text[i + 1][:1].isupper() or toks.low[i + 1] in DETERMINERS
            or toks.low[i + 1] in OBJECT_PRONOUNS):
        end = np_right(toks, i + 1)
        nxt = end + 1 if end is not None else len(toks.low)
        if toks.low[i + 1] in OBJECT_PRONOUNS and i + 2 < len(toks.low) and (
                toks.low[i + 2] == "that" or toks.text[i + 2] in QUOTE_INTROS):
            nxt = i + 2  # "put it to him that ...", "wrote to her: ..."
        if nxt >= len(toks.low) - 1 or toks.low[nxt] == "that" or toks.text[nxt] in QUOTE_INTROS:
            return nxt
        if _only_adjuncts(toks, nxt) and (lemma == "say" or time_after(toks, nxt)):
            return len(toks.low) - 1  # '"...?" Trump said to a crowd of about 500.'
        return i
    if lemma == "ask" and i < len(toks.low):
        end = i if toks.low[i] in OBJECT_PRONOUNS else np_right(toks, i)
        return end + 1 if end is not None and end + 1 < len(toks.low) and (
            toks.low[end + 1] in QUESTION_WORDS) and not (  # "asked her whether ..."
            toks.low[end] in _INDEFINITE_PERSONS and toks.low[end + 1] == "who") else i
    if i >= len(toks.low) or (lemma not in LISTENER_VERBS and lemma not in HEARER_VERBS):
        return i
    if lemma in LISTENER_VERBS:
        return i + 1 if toks.low[i] in OBJECT_PRONOUNS else _one_word_listener(
            toks, i, _listener_end(toks, i))
    # "warned colleagues that ...": whom one warns, when "that" follows it
    end = i if toks.low[i] in OBJECT_PRONOUNS else np_right(toks, i)
    return end + 1 if end is not None and toks.low[end + 1:end + 2] == ["that"] else i


# Whom a relative clause after them picks out, no one asked a question ("asked anyone who
# was in the area to contact police").
_INDEFINITE_PERSONS = frozenset({"anyone", "anybody", "everyone", "everybody", "someone",
                                 "those", "people"})


def _only_adjuncts(toks: Tokens, k: int) -> bool:
    """Whether the words from toks[k] to the sentence's end are a short phrase with no
    verb or quotation ("of about 500", "in Ohio on Tuesday")."""
    rest = toks.low[k:]
    if not rest or len(rest) > 7 or rest[0] == "," or not rest[-1].endswith("."):
        return False
    return not any(low in FINITE_AUX or low in CUE_LEMMAS or low == "that" or low in QUOTES
                   or low.endswith("ed") for low in rest[:-1])


# Prepositions that go on with a listener ("a meeting of leaders", "the head of the team").
_LISTENER_LINKS = frozenset({"of"})


def _listener_end(toks: Tokens, i: int) -> int:
    """The index after the listener that starts at toks[i] ("told reporters", "told the
    court", "told co-host Joe Scarborough", "told a meeting of Pacific Island leaders"),
    where the content's own subject starts: a determiner or pronoun after the listener's
    first word ("told reporters the car was red", "told reporters his client would ..."),
    or a name after a plural noun ("told reporters Trump would win"), before a verb
    ("told the jury Carter had planned it") or possessive ("told the jury Fonua's account
    ...")."""
    end = np_right(toks, i)
    if end is None and i + 2 < len(toks.low) and toks.low[i + 1] == "of":
        return _listener_end(toks, i + 2)  # "told one of his proteges | that ..."
    if end is None and i + 2 < len(toks.low) and toks.low[i] in DETERMINERS and (
            toks.low[i + 2] in DETERMINERS):
        return i + 2  # "told the meeting the budget ...": a noun that reads as a verb
    if end is None and (that := _that_after_nouns(toks, i)):
        return that  # "told fellow members | that ...": a modifier and its noun
    if end is None:  # a bare plural noun: "told detectives he ..."
        return i + 1 if toks.text[i].islower() and is_plural(toks.low[i]) else i
    if toks.low[end].endswith(("'s", "’s")) and (that := _that_after_nouns(toks, end + 1)):
        return that  # "telling Kingsmere Borough Council's planning committee | that"
    if toks.text[end + 1:end + 2] == ["("] and toks.text[end + 3:end + 4] == [")"]:
        end += 3  # "told the Department of Telecommunications (DoT) | that": its initials
    if end + 1 < len(toks.low) and toks.text[end + 1].islower() and (
            that := _that_after_words(toks, end + 1)):
        return that  # "told the upper | house economy and infrastructure committee on
        # Tuesday | that": nouns np_right did not read, and no verb, before the "that"
    if _compound_head(toks, end + 1):
        end += 1  # "told a news conference in Canberra": the compound's head
    elif end + 1 < len(toks.low) and numbered_name(toks, end + 1):
        end += 1  # "told FRANCE 24 | that", "told Channel 4 | the plan ..."
    end = _nouns_before_subject(toks, end)
    k = i + (toks.low[i] in DETERMINERS)
    while k < end:
        k += 1
        if toks.low[k] in PREPOSITIONS and toks.low[k] not in _LISTENER_LINKS and (
                _complement_start(toks, k) is not None):
            return k  # "told reporters | at a press conference that ...": an adjunct
        if toks.low[k - 1] in NP_LINKS:
            continue  # "one of his aides", "a meeting of Pacific Island leaders"
        low, prev = toks.low[k], toks.text[k - 1]
        if low in DETERMINERS or low in PRONOUNS or (toks.text[k][:1].isupper() and (
                prev[:1].islower() and (is_plural(prev) or _name_then_verb(toks, k)
                                        or low.endswith(("'s", "’s"))))) or (
                _capitalised(prev) and toks.text[k].islower() and _plural_subject(toks, k)):
            return k  # "told the jury | Fonua's account did not ...", "told RNZ | ministers
            # had", "told 1News | officers had", "told Farmers Weekly | regional drop-in
            # sessions would be held"
        if k == end and low in SOURCE_NOUNS and low not in DOCUMENT_NOUNS and (
                prev[:1].islower() or toks.low[i] in DETERMINERS) and (
                is_past(toks, k + 1) or (k + 2 < len(toks.low) and lower_word(toks, k + 1)
                                         and is_plural(toks.low[k + 1]) and is_past(toks, k + 2))):
            return k  # "told the court | police found no knife", "told the Post | police were",
            # "told the jury | police divers recovered a kitchen knife"
    return end + 1


def _plural_subject(toks: Tokens, k: int) -> bool:
    """Whether a plural noun, after up to two lower-case words that modify it, opens a
    clause at toks[k] before its verb ("ministers had", "regional drop-in sessions would")."""
    for m in range(k, min(k + 3, len(toks.low) - 1)):
        if not (toks.text[m].islower() and toks.text[m].replace("-", "").isalpha()) or (
                toks.low[m] in FUNCTION_WORDS or toks.low[m] in PRONOUNS):
            return False
        if is_plural_noun(toks, m):
            return is_past(toks, m + 1) or (m > k and toks.low[m + 1] in FINITE_AUX)
    return False


def _capitalised(word: str) -> bool:
    """Whether a word is written as a name, capitalised or a number's ("1News", "9News")."""
    return word[:1].isupper() or figure_name(word)


def _one_word_listener(toks: Tokens, i: int, end: int) -> int:
    """Where the content starts after a listener of one word, a name or a bare plural
    ("told RNZ", "told reporters"), when the listener read up to `end` would cut the
    content's subject inside its phrase ("told RNZ members at rest homes ... were", "told
    reporters officials at the ministry were", "told the Herald caregivers across the
    region were"): it then opens with the noun after it."""
    if toks.low[i] in ARTICLES and i + 1 < end and toks.text[i + 1][:1].isupper():
        i += 1  # a name after "the": "the Herald"
    if end <= i + 1 or end >= len(toks.low) or not (
            toks.text[i][:1].isupper() or (toks.text[i].islower() and is_plural(toks.low[i]))):
        return end
    named = toks.text[i][:1].isupper()  # after a name, a noun and any preposition open a
    # subject's phrase ("the Herald | caregivers across the region were")
    cut = toks.low[end] in FINITE_AUX or toks.low[end - 1] in ARTICLES or any(
        toks.low[m] in PREPOSITIONS or (named and toks.low[m] in PURE_PREPOSITIONS)
        for m in range(i + 1, end + 1))
    return i + 1 if cut and toks.text[i + 1].islower() and toks.low[i + 1] not in (
        FUNCTION_WORDS) and toks.low[end] != "that" else end  # not "reminding American
    # voters every single day between now and November | that ..."


def _nouns_before_subject(toks: Tokens, end: int) -> int:
    """The listener's last word when lower-case nouns go on after the phrase read up to
    toks[end] before the content's determiner or pronoun ("told the aged | care royal
    commission | her mother was ..."): the nouns are the listener's; else `end`."""
    run = end + 1
    while run < len(toks.low) and lower_word(toks, run) and toks.low[run] not in NOT_VERBS and (
            toks.low[run] not in FUNCTION_WORDS and toks.low[run] not in CLAUSE_WORDS
            and toks.low[run] not in QUESTION_WORDS) and not is_past(toks, run):
        run += 1
    opens = run < len(toks.low) and (toks.low[run] in DETERMINERS or (
        toks.low[run] in SUBJECT_PRONOUNS)) and toks.low[run] not in RELATIVE_PRONOUNS
    return run - 1 if run > end + 1 and opens else end


def _that_after_nouns(toks: Tokens, k: int) -> int | None:
    """Index of a "that" after up to two lower-case words from toks[k] (the nouns a
    possessive listener goes on with: "Council's planning committee that"), if any."""
    for j in range(k, min(k + 3, len(toks.low))):
        if toks.low[j] == "that":
            return j if j > k else None
        if not lower_word(toks, j) or toks.low[j] in NOT_VERBS:
            return None
    return None


def _that_after_words(toks: Tokens, k: int) -> int | None:
    """Index of a "that" within eight words from toks[k] with no verb, cue, mark, pronoun
    or determiner before it (which would open the content's own clause: "told the union
    | he routinely works a split shift that ..."), if any."""
    for j in range(k, min(k + 8, len(toks.low))):
        low = toks.low[j]
        if low == "that":
            return j if j > k else None
        if not toks.text[j][:1].isalnum() or low in FINITE_AUX or low in CUE_LEMMAS or (
                low in PRONOUNS or low in DETERMINERS or is_past(toks, j)):
            return None
    return None


_PAST_AUXILIARIES = frozenset({"was", "were", "had"})


def is_past(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a verb's past form ("searched", "held", a cue's "found", "were")."""
    if k >= len(toks.low) or not toks.text[k].islower():
        return False
    low = toks.low[k]
    return low in _PAST_AUXILIARIES or low in IRREGULAR_PASTS or regular_past(low) or (
        CUE_LEMMAS.get(low, low) != low and not low.endswith(("s", "ing")))


def _compound_head(toks: Tokens, k: int) -> bool:
    """A lower-case noun at k that heads a compound with the singular noun before it ("news
    conference", "campaign rally"; not "voters much"): no function, clause or cue word,
    verb form or adverb, and followed by a preposition, "that", a mark, or the determiner
    or pronoun that opens the content's subject ("told a press conference the committee
    had ...")."""
    if k + 1 >= len(toks.low) or not toks.text[k].isalpha() or not toks.text[k].islower() or (
            toks.low[k] in NOT_TITLES or toks.low[k].endswith(("ed", "ing", "ly"))
            or is_plural(toks.low[k - 1])):
        return False
    after = toks.low[k + 1]
    return after in PREPOSITIONS or after == "that" or not after[:1].isalnum() or (
        after in DETERMINERS or after in PERSON_PRONOUNS)


def _name_then_verb(toks: Tokens, k: int) -> bool:
    """A name at k that a finite auxiliary or a past verb follows, the subject of a clause
    ("told the jury Carter had planned it", "told the court Pettigrew wanted to attend"),
    not the name of a titled listener ("told co-host Joe Scarborough that ...")."""
    j = _short_name_end(toks, k)
    return j + 1 < len(toks.low) and (toks.low[j + 1] in FINITE_AUX or is_past(toks, j + 1))


def _short_name_end(toks: Tokens, k: int) -> int:
    """Last word of up to four capitalised words from toks[k], with no link between them
    (unlike `_name_end`): a name before its verb."""
    j = k
    while j + 1 < len(toks.low) and j - k < 3 and toks.text[j + 1][:1].isupper():
        j += 1
    return j


def _complement_start(toks: Tokens, i: int, relative: bool = False) -> int | None:
    """Where the reported content starts after the cue, or None when only adjuncts follow
    ("the ministry said in a statement.") or a verb does, unless in a relative clause. After
    a negated cue "when" asks, not times ("has not said when they would vote")."""
    if i >= len(toks.low):
        return None
    text, low = toks.text[i], toks.low[i]
    if low == "that" and i + 1 < len(toks.low) and toks.low[i + 1] in FINITE_AUX and (
            toks.low[i + 1] not in {"be", "being", "been"}):
        return i  # "said that was a matter for NZC": "that" is the subject
    if low == "that" or text == ":":
        return i + 1
    if text in QUOTES or (low == "when" and not NEGATIONS.isdisjoint(toks.low[max(0, i - 4):i])):
        return i
    if text == ",":
        return i + 1 if i + 1 < len(toks.low) and toks.text[i + 1] in QUOTES else None
    if low in PREPOSITIONS and not _approximates(toks, i):
        return _after_adjunct(toks, i)
    if (not text[:1].isalnum() and text not in CURRENCY_SIGNS) or (
            low in FINITE_AUX and not relative):  # "said £580 million had been committed"
        return None
    return i


# A span of time that, with "after" or "before", dates an attribution.
_SPAN_LINKS = frozenset({"after", "before"})


def _approximates(toks: Tokens, i: int) -> bool:
    """Whether the preposition toks[i] rounds a number or quantity that opens the content
    ("said about 300 homes were dark", "at least four", "as many as 300"),
    rather than opening an adjunct ("said about the plan", "said at the meeting")."""
    low = toks.low[i]
    if tuple(toks.low[i:i + 2]) in ROUNDING_PHRASES and (
            low == "at" or toks.low[i + 2:i + 3] == ["as"]):
        return True  # "said at least four villages were cut off", "said as many as 300 ...";
        # not "said as much in an interview"
    nxt = toks.text[i + 1] if i + 1 < len(toks.low) else ""
    return low in ROUNDING_PREPOSITIONS and (
        nxt[:1].isdigit() or nxt[:1] in CURRENCY_SIGNS or nxt.lower() in NUMBER_WORDS or (
            i + 2 < len(toks.low) and toks.low[i + 1] in {"a", "one"}
            and toks.low[i + 2] in _FRACTIONS))


_FRACTIONS = frozenset({"third", "quarter", "fifth", "tenth", "half", "dozen"})  # "about a
# third of her guests"


def _in_relative(toks: Tokens, subj: int | None) -> bool:
    """A cue inside a relative clause ("what the senators said was gerrymandering", "which
    he said were favours", "which state news media claimed now allows ..."), whose content
    starts with a verb: a relative word opens the cue's subject; not "that" after a cue or
    its listener, which opens its clause ("adding that Astana had submitted a revised
    schedule", "told analysts that costs added ...")."""
    return subj is not None and any(
        toks.low[k] in RELATIVE_OBJECTS and all(t[:1].isalnum() for t in toks.text[k + 1:subj])
        and not (toks.low[k] == "that" and k and (toks.low[k - 1] in CUE_LEMMAS or (
            k > 1 and toks.low[k - 2] in CUE_LEMMAS)))  # nor after a cue's listener:
        for k in range(max(0, subj - 4), subj))  # "told analysts that lower freight costs"


def _after_adjunct(toks: Tokens, i: int) -> int | None:
    """Where content starts after a phrase like "in a statement" ("said in a statement
    that ...", "said after the convention he would ...", "said in a letter, which was read
    at the hearing, that ..."), or None if nothing follows."""
    if i + 1 < len(toks.low) and toks.low[i] in SUBORDINATORS and (
            toks.low[i + 1] in PRONOUNS or toks.text[i + 1][:1].isupper()):
        return None  # "said as he entered the talks": an adverbial clause, not content
    aside = False  # inside ", which was read at the hearing,": the adjunct's own clause
    for k in range(i + 1, min(len(toks.low), i + 18)):
        nxt = toks.low[k + 1] if k + 1 < len(toks.low) else ""
        low, text = toks.low[k], toks.text[k]
        if text == ",":
            aside = nxt in {"which", "who"}
        if aside:
            continue
        if (text == "," and nxt in CONJUNCTIONS) or (low in SUBORDINATORS and nxt in PRONOUNS):
            return None  # "argued about money, but ...", "argued about money when he left"
        if low == "that" and nxt not in FINITE_AUX and not _relative_past(toks, k + 1):
            return k + 1  # not "the meeting that was held", "a hearing that stretched past"
        if text == ":" or (text in DOUBLE_QUOTES and (toks.text[k - 1] == "," or (
                nxt in SUBJECT_PRONOUNS and toks.low[k - 1] not in DETERMINERS))):
            return k + (text == ":")  # also 'said in a forum Monday night "it will be hard"'
        if low in PERSON_PRONOUNS and low != "you" and nxt and nxt[:1].isalpha():
            return k
        verb = next((m for m in range(k + 1, min(k + 3, len(toks.low))) if not (
            toks.low[m] in SENTENCE_ADVERBS or toks.low[m].endswith("ly"))), k + 1)  # "it now
        # expected"
        nxt = toks.low[verb] if verb < len(toks.low) else ""
        if low in {"it", "they"} and _plain_adjunct(toks, i, k) and (
                nxt in FINITE_AUX or regular_past(nxt) or nxt in DOUBLE_QUOTES or (
                    low == "it" and nxt.endswith("s") and nxt.isalpha())):
            return k  # "said in a statement it had struck 30 targets", "... it “shares the
            # goal”", "... it shares", "to the NZX it now expected", not "... until it"
        if low == "there" and nxt in FINITE_AUX and _plain_adjunct(toks, i, k):
            return k  # "said in a statement there was a 19 per cent chance"
        plural = k + (k + 2 < len(toks.low) and toks.text[k].isalpha() and toks.text[k].islower()
                      and not is_plural_noun(toks, k) and is_plural_noun(toks, k + 1))
        follows = nxt if plural == k else toks.low[plural + 1]
        if ((low in DETERMINERS and k > i + 1) or (toks.low[k - 1] in DOCUMENT_NOUNS and (
                (is_plural_noun(toks, plural) and (
                    follows in FINITE_AUX or _placed_aux(toks, plural)))
                or _name_before_aux(toks, k)))) and (
                _is_subject(toks, i, k)):
            return k  # "said in a statement the minister was unavailable", "said in a
            # statement drivers had", "... crews from Hastings had", "... visitor numbers
            # from Australia were" (a bare plural after a document's noun), "... Kereama
            # had suffered", "... Summit Rd would stay closed" (a name)
        if text == ";" or (low in CUE_LEMMAS and not _determined_noun(toks, k) and (
                not _noun_after_preposition(toks, k))):
            return None  # another cue; not a noun after "a": "said in a (preliminary) note
            # that", "argued in its submission on the long-term plan that", "said in its
            # Tuesday evening report that"
    return None


def _name_before_aux(toks: Tokens, k: int) -> bool:
    """Whether a name starts at toks[k] and a finite auxiliary follows it ("Kereama had",
    "Summit Rd would")."""
    j = _short_name_end(toks, k)
    return toks.text[k][:1].isupper() and j + 1 < len(toks.low) and toks.low[j + 1] in FINITE_AUX


def _determined_noun(toks: Tokens, k: int) -> bool:
    """Whether a determiner stands before toks[k], or before up to two words in lower case,
    a day's name or a year that modify it ("a preliminary | note", "its Tuesday evening |
    report", "a 2024 | report"; not a name, the subject of a verb: "in an interview Trump |
    promised")."""
    for j in range(k - 1, max(-1, k - 4), -1):
        if toks.low[j] in DETERMINERS:
            return True
        if is_year(toks, j):
            continue
        if not toks.text[j].replace("-", "").isalpha() or toks.low[j] in CLAUSE_WORDS or (
                toks.low[j] in FUNCTION_WORDS) or not (
                toks.text[j].islower() or _day_named(toks, j)):
            return False  # (a cue's form may modify: "a recall | notice")
    return False


def _relative_past(toks: Tokens, j: int) -> bool:
    """Whether toks[j], after "that", is a verb in the past with no subject before it,
    followed by a preposition, determiner or number ("a hearing that stretched past 10
    p.m.", "a meeting that lasted three hours"): "that" is the relative clause's subject,
    no content's opener ("said that armed guards would ..." has a noun after the form)."""
    return j + 1 < len(toks.low) and regular_past(toks.low[j]) and (
        toks.low[j + 1] in PREPOSITIONS or toks.low[j + 1] in _MORE_PREPOSITIONS
        or toks.low[j + 1] in DETERMINERS or toks.text[j + 1][:1].isdigit()
        or toks.low[j + 1] in _AMOUNT_LEADS)  # "a conference that lasted less than 20 minutes"


# Words that open an amount ("less than 20 minutes", "nearly three hours").
_AMOUNT_LEADS = frozenset({"less", "more", "nearly", "almost", "roughly", "barely", "just",
                           "only", "well", "over", "under"})


# Prepositions of place and time that PREPOSITIONS, which open a cue's adjuncts, leaves out.
_MORE_PREPOSITIONS = frozenset({"into", "past", "until", "across", "beyond", "throughout"})


def _noun_after_preposition(toks: Tokens, k: int) -> bool:
    """Whether the cue form at k is a noun, as after "in" or "without" ("said, in reference
    to the plan, “...”", "demonstrate without doubt most voters"), not a gerund ("in saying")."""
    return toks.low[k - 1] in {"in", "without"} and not toks.low[k].endswith("ing")


def _is_subject(toks: Tokens, i: int, k: int) -> bool:
    """Whether the noun phrase at k, after the adjunct that the preposition at i opens,
    is a clause's subject: the adjunct is a plain noun phrase ("in a statement", "on his
    disclosure forms"; not "in recent days whether", "on how", "in an interview, once"),
    the phrase at k is no time ("this month that ..."), and a finite auxiliary follows
    within four words, with no punctuation, preposition or new determiner before it ("the
    minister was unavailable", "the two sides had", not "the Times the plan was")."""
    if not _plain_adjunct(toks, i, k):
        return False
    linked = False  # one phrase of a preposition may qualify the subject: "a filter at the
    # Tauherenīkau treatment plant had failed", "crews from Hastings and Havelock North had"
    j, limit = k, k + 9
    while (j := j + 1) < min(len(toks.low), limit):
        low = toks.low[j]
        if not linked and (placed := _past_place(toks, j)) > j:
            linked, limit, j = True, limit + placed - j, placed - 1
            continue
        if low in FINITE_AUX or _past_with_object(toks, j) or (
                j > k + 1 and _present_with_object(toks, j)):
            return True
        if low in NP_LINKS and not linked and j < k + 4 and toks.low[j + 1:j + 2] and (
                toks.low[j + 1] in DETERMINERS):
            linked = True
            continue
        if not toks.text[j][:1].isalnum() or low in PREPOSITIONS or (
                low in TIME_WORDS and not _time_noun_subject(toks, k, j)) or (
                low in DETERMINERS and j > k + 1 and toks.low[j - 1] not in NP_LINKS) or (
                j >= k + 5 and not linked):
            return False
    return False


def _time_noun_subject(toks: Tokens, k: int, j: int) -> bool:
    """Whether the time noun at j, right after the article at k, is a clause's subject
    before its verb ("the season had been extended"), not a time ("this month that")."""
    return j == k + 1 and toks.low[k] in ARTICLES and j + 1 < len(toks.low) and (
        toks.low[j + 1] in FINITE_AUX)


def _past_with_object(toks: Tokens, j: int) -> bool:
    """A verb in the past with its object after it ("the case showed the risks"), not a
    relative clause's, whose object is the noun before it ("the statement the company
    released Tuesday")."""
    if not (regular_past(toks.low[j]) or toks.low[j] in IRREGULAR_PASTS) or j + 1 >= len(toks.low):
        return False
    after = toks.low[j + 1]
    return after in DETERMINERS or after == "that" or (  # "the decision sent the wrong
        # message"; a bare noun: "its members needed certainty"
        lower_word(toks, j + 1) and after not in NOT_VERBS and after not in TIME_WORDS and (
            after not in FUNCTION_WORDS and not is_adverb(toks, j + 1)))


def _present_with_object(toks: Tokens, j: int) -> bool:
    """A verb in the present with its object after it ("the proposal targets the riders"),
    after a noun, not a plural noun after a determiner ("her costs the") or before a time
    ("slots a year"), a function word ("as the"), or a verb after an adverb or a relative
    pronoun ("only magnifies the", "an amendment that delays any": another clause's)."""
    low, before = toks.low[j], toks.low[j - 1]
    return toks.text[j].isalpha() and toks.text[j].islower() and len(low) > 3 and (
        low.endswith("s") and low[-2:] not in {"ss", "us", "is"}) and (
        low not in CLAUSE_OR_CUE_WORDS and toks.text[j - 1].isalpha()) and (
        before not in DETERMINERS and before not in RELATIVE_PRONOUNS) and (
        not is_adverb(toks, j - 1) and j + 1 < len(toks.low) and toks.low[j + 1] in DETERMINERS
        and toks.low[j + 2:j + 3] != [] and toks.low[j + 2] not in TIME_NOUNS)


def _plain_adjunct(toks: Tokens, i: int, k: int) -> bool:
    """Whether the words from the preposition at i to k are a plain noun phrase, ending in
    a noun ("in a statement", "after the meeting", "in an MSNBC forum Monday night “", with
    whom it went to: "in a statement to the NZX"), with no clause word, verb form or time
    in it ("in recent days whether", "until", "on how") but a day's or month's name ("in a
    statement on Tuesday")."""
    return toks.low[k - 1] not in NOT_VERBS and all(
        (toks.text[j][:1].isalnum() and (_in_noun_phrase(toks.low[j]) or (
            toks.low[j].endswith("ing") and toks.low[j - 1] in DETERMINERS)))  # "a briefing"
        or toks.text[j] in QUOTES
        or _day_named(toks, j) or (toks.low[j] == "on" and _day_named(toks, j + 1))
        or (toks.low[j] == "to" and j + 1 < k and (  # "in a statement to the NZX"
            toks.low[j + 1] in DETERMINERS or toks.text[j + 1][:1].isupper()))
        for j in range(i + 1, k))


def _day_named(toks: Tokens, j: int) -> bool:
    """Whether toks[j] is a day's or month's name ("Tuesday", "March")."""
    return j < len(toks.low) and toks.low[j] in TIME_WORDS and toks.text[j][:1].isupper()


def _in_noun_phrase(low: str) -> bool:
    """A word that can stand in an adjunct's noun phrase: no verb, clause word or time."""
    return not (low in FINITE_AUX or low in QUESTION_WORDS or low in TIME_WORDS
                or low in SUBORDINATORS or low.endswith(("ing", "ly"))
                or (low in CLAUSE_WORDS and low not in PREPOSITIONS))


def content_end(toks: Tokens, start: int, cues: dict[int, tuple[int, str]],
                lemma: str = "", resumed: bool = False) -> int:
    """Last token of the content: before a chained cue (", adding", "and said") or the end;
    a whole quotation ends with its closing mark; a noun-phrase content ("attacked Machado,
    who ...") ends at a comma, a dash or a new clause, and so does other content unless it
    resumes after a cue in its middle ("A, she said, and B"), but never inside a quotation
    ('called them “boring, and pointless”')."""
    if toks.text[start] in QUOTES:
        quote_marks = DOUBLE_QUOTES if toks.text[start] in DOUBLE_QUOTES else QUOTES
        close = next((k for k in range(start + 1, len(toks.low))
                      if toks.text[k] in quote_marks), None)
        if close is not None and toks.text[close - 1][-1] in ",.?!":
            return close
    if toks.low[start] in {"yes", "no"} and toks.low[start + 1:start + 2] in (
            [","], ["while"], ["whereas"]):
        return start  # "75 percent said yes, but 55 percent ...": the answer alone
    noun_phrase = lemma in OBJECT_VERBS and toks.text[start] not in QUOTES
    texts, lows = toks.text, toks.low  # the hot loop of the walk: locals are faster
    # Inside a quotation no clause boundary of the writer's ends the content; most contents
    # hold no quotation mark, which one C-level test tells.
    marks = DOUBLE_QUOTES if not DOUBLE_QUOTES.isdisjoint(texts[start + 1:]) else None
    quoted = False
    for k in range(start + 1, len(lows)):
        if k in cues and not quoted and (joined := _joined_subject(toks, start, k)):
            return joined - 1  # "asked for a photo and Clinton said, ..."
        if k in cues and (comma := _gapped_relative(toks, start, k)) is not None:
            return comma - 1  # "..., an offer Sifuba said had come too late": the writer's
        if k in cues:
            trailing = trailing_source(toks, k)
            if trailing and trailing - 1 > start:
                quote = _set_off_quote(toks, start, trailing - 2, trailing, cues)
                return quote - 2 if quote - 2 >= start else trailing - 2
            if _inverted_after(toks, k, cues[k][1]) and k - 2 > start:
                return k - 2  # "warned him not to move, said an official": the source's
            link = chain_link(toks, k)
            if link is not None and link > start and not (
                    lemma in {"say", "tell"} and _content_predicate(toks, link, cues[k][1])) and (
                    not backshifted(toks, link)) and not _modal_predicate(
                        toks, start, link, cues[k][1]):
                return _before_chain(toks, start, link)
        mark = texts[k]
        if marks and mark in marks:
            quoted = mark == "“" or (mark != "”" and not quoted)
            if not quoted and not resumed and texts[k - 1] == "," and (
                    _participle_clause(toks, k) or _new_clause(toks, k, subject_only=True)):
                return k  # 'called Cruz the "ultimate hypocrite," linking to ...', '"jobs,
                # jobs, jobs," but he has ...': the comma inside the closing mark is the writer's
            continue
        if quoted:
            continue
        if mark == ":" and lows[start] == "to" and texts[k + 1:k + 2] and texts[k + 1] in QUOTES:
            return k - 1  # "planning to light fires: “...”": the quotation is another's
        if mark == ";" or (noun_phrase and (lows[k] in OBJECT_STOPS or mark in PHRASE_ENDS or (
                lows[k] in MEDIUM_PREPOSITIONS and _medium_adjunct(toks, k)) or (
                lows[k] in _TIME_STARTS and lemma != "call" and _time_adjunct(toks, k)) or (
                lows[k] in _ADVERBIAL_OPENERS and k + 1 < len(lows)
                and lows[k + 1] in PERSON_PRONOUNS) or _joined_predicate(toks, start, k))
                           and not _quoted_comma(toks, k) and not _apposition(toks, start, k)
                           and not _listed(toks, k) and lows[k + 1:k + 2] != ["including"]):
            return k - 1  # not ", including ...": part of the phrase, listed
        if not resumed and ((_new_clause(toks, k) and not _goes_on_perfect(toks, start, k)) or (
                mark == "," and (
                    _participle_clause(toks, k) or _sums_up(toks, k) or _heard_in_court(toks, k)
                    or _closing_relative(toks, k) or _narrated_clause(toks, k))) or (
                mark in DASH_TOKENS and _sums_up(toks, k)
                and DASH_TOKENS.isdisjoint(texts[k + 1:]))):
            return k - 1  # also "... were sent - a point that officials have disputed."

    return len(lows) - 1




def _inverted_after(toks: Tokens, k: int, lemma: str) -> bool:
    """Whether "said" at k follows a comma and precedes its source, a noun phrase, so
    what comes before the comma is what it reports ("..., said an American official")."""
    return lemma == "say" and toks.text[k - 1] == "," and toks.low[k] in {"said", "says"} and (
        np_right(toks, k + 1) is not None)


def _gapped_relative(toks: Tokens, start: int, k: int) -> int | None:
    """The comma that sets off a noun phrase whose relative clause without a relative word
    holds the cue at k, with a gap for its verb's subject (", an offer Sifuba said had come
    too late", ", a move critics say will hit the poor"); None otherwise."""
    if k + 1 >= len(toks.low) or toks.low[k + 1] not in FINITE_AUX:
        return None
    for j in range(k - 2, max(start, k - 7), -1):
        if toks.text[j] == "," and toks.low[j + 1] in {"a", "an"} and lower_word(toks, j + 2):
            return j if all(toks.text[m][:1].isalpha() for m in range(j + 3, k)) and (
                j + 3 < k) else None
    return None


def _closing_relative(toks: Tokens, k: int) -> bool:
    """Whether the comma at k sets off a relative clause that closes the sentence, on a
    thing ("..., to raise interest rates, which would strengthen the dollar") or on a
    name ("a tightening of the race with Donald J. Trump, who last week injected ..."):
    the writer's word on what or who it is, not the source's; not one closed by a comma
    ("Sanders, who did win Rhode Island, would likely ..."), nor one with a clause of
    its own in "that" ("explained the proposals, which should guarantee Russia that NATO
    will not expand") or after "means" ("was slow-moving, which meant rain would fall for
    days"): what the source explained."""
    if k + 1 >= len(toks.low) or not (toks.low[k + 1] == "which" or (
            toks.low[k + 1] == "who" and toks.text[k - 1][:1].isupper())):
        return False
    return "," not in toks.text[k + 2:] and "that" not in toks.low[k + 2:] and (
        toks.low[k + 2:k + 3] not in (["means"], ["meant"]))  # the text may end at "who"


# Words that with a pronoun after them open a clause of how or when the act was done
# ("shouted as she ran", "described her as a disgrace after she criticised ..."), which
# ends a noun-phrase content.
_ADVERBIAL_OPENERS = frozenset({"as", "so", "after", "before"})


def _joined_predicate(toks: Tokens, start: int, k: int) -> bool:
    """Whether "and" at k joins the subject's next act to the one reported ("endorsed Jeb
    Bush for president and midwifed the Gang of Eight bill"): a past verb with its own
    object (an article, a pronoun or a name), which a noun-phrase content ends before;
    not inside a relative clause of the content ("as a neophyte who memorized talking
    points and lacked the experience")."""
    if toks.low[k] != "and" or k + 2 >= len(toks.low) or not (
            RELATIVE_PRONOUNS.isdisjoint(toks.low[start:k])):
        return False
    verb, after = toks.low[k + 1], toks.low[k + 2]
    return (regular_past(verb) or verb in IRREGULAR_PASTS) and (
        after in DETERMINERS or after in OBJECT_PRONOUNS or toks.text[k + 2][:1].isupper())


def _subject_of_base(toks: Tokens, j: int, k: int) -> bool:
    """Whether a lower-case noun at j is the subject of the cue's base form at k, a plural
    in the present (", but iwi warn rivers will pay"), though it has no plural ending."""
    low = toks.low[j]
    return CUE_LEMMAS.get(toks.low[k]) == toks.low[k] and lower_word(toks, j) and (
        low.isalpha() and low not in FUNCTION_WORDS and low not in NOT_NOUNS
        and low not in PRONOUNS and low not in CLAUSE_WORDS and not is_adverb(toks, j))


# What joins a clause whose subject is a plural noun phrase, after a comma ("while" and
# "whereas" only before a verb of speech).
_PLURAL_JOINS = frozenset({"and", "but", "while", "whereas"})


def _joined_subject(toks: Tokens, start: int, k: int) -> int | None:
    """Where "and" or "but" joins a clause whose own subject, a name or a pronoun, says
    something with the cue at k ("and Clinton said", "but she has argued"; after a comma
    also a plural noun phrase: ", and human rights groups warned"), or ", as" or
    ", while" one whose subject is a name ("..., as Russian President Vladimir Putin said
    Moscow was ready") or a plural noun phrase (", while organisers said"), after the
    content's start; None otherwise, and where the conjunction joins two names or pronouns
    into one subject ("Sanders and Trump said")."""
    j = k - 1
    while j > start and toks.low[j] in CHAIN_SKIPS:
        j -= 1
    pronoun = j > start and toks.low[j] in PERSON_PRONOUNS
    if pronoun:
        j -= 1
    elif j > start and (is_plural_noun(toks, j) or _subject_of_base(toks, j, k)):
        first = j
        while j > start and first - j < 3 and lower_word(toks, j) and (
                toks.low[j] not in _PLURAL_JOINS):
            j -= 1
        said = CUE_LEMMAS.get(toks.low[k]) in SPEECH_LEMMAS
        return j if toks.text[j - 1] == "," and (toks.low[j] in {"and", "but"} or (
            toks.low[j] in _PLURAL_JOINS and said)) else None
        # (", while organisers said": a statement of their own; ", while others were
        # considering court action" goes on with what the speaker said)
    else:
        first = j
        while j > start and first - j < 4 and toks.text[j][:1].isupper():
            j -= 1
        if j == first:
            return None
        named = j
        while j > start and named - j < 3 and toks.text[j].islower() and (
                toks.low[j] in ROLE_WORDS) and toks.low[j] not in _JOINS:
            j -= 1  # a title before the name: "and leader of opposition Mukesh Rai alleging"
    if j <= start or toks.low[j] not in _JOINS:
        return None
    if toks.low[j] in _ADVERBIAL_JOINS:  # ", as Putin said Moscow was ready"; not "as he
        # said", nor a passive ("as Cosby is attacked"), nor "as Putin said, ..."
        return j if toks.text[j - 1] == "," and not pronoun and toks.low[k - 1] not in BE and (
            k + 1 < len(toks.low) and toks.text[k + 1][:1].isalnum()) else None
    before = toks.text[j - 1]  # not a subject of two ("Sanders and Trump said")
    return None if before[:1].isupper() or before.lower() in PRONOUNS else j


# Words that join a clause of another's speech to the content: "and", "but", and after
# a comma the adverbial "as" and "while" (", as Putin said Moscow was ready").
_ADVERBIAL_JOINS = frozenset({"as", "while", "whereas"})
_JOINS = _ADVERBIAL_JOINS | {"and", "but"}


def _content_predicate(toks: Tokens, link: int, lemma: str) -> bool:
    """Whether a cue joined by a bare "and" or "but" inside what "say" reports is the
    content's own predicate ("said she did not condone violence and hoped that ...",
    "said the leaders had paid attention but decided to proceed"): a belief, intention or
    decision, not a second utterance of the source ("said A and added B")."""
    return lemma not in SPEECH_LEMMAS and toks.low[before_adverbs(toks, link - 1)] in {"and", "but"}


def _modal_predicate(toks: Tokens, start: int, link: int, lemma: str) -> bool:
    """Whether a cue in its base form joined by "and" goes on a predicate of the content
    after a modal ("added that the ministry would deploy more inspectors ... and publish
    daily readings"): the source's own next act would be in its own tense."""
    return toks.low[link] == lemma and toks.low[before_adverbs(toks, link - 1)] == "and" and (
        not MODAL_WORDS.isdisjoint(toks.low[start:link]))


def _new_clause(toks: Tokens, k: int, subject_only: bool = False) -> bool:
    """", but he has ...", ", and when pressed, ...", ", but was treated ...", "— and he
    noted ...", ", but there is ...": a comma, dash or closing quotation mark, a conjunction
    and a new subject,
    adverbial clause or predicate (not with `subject_only`) start another clause (or the
    source's next act), which the reported content does not run into."""
    if (toks.text[k] not in _CLAUSE_BREAKS and toks.text[k] not in QUOTES) or (
            k + 2 >= len(toks.low) or toks.low[k + 1] not in CONJUNCTIONS) or (
            _closes_list(toks, k) or _conjunct_close(toks, k) is not None):
        return False
    subject = toks.low[k + 2]
    if subject == "that" and _complement_after(toks, k + 3):
        return False  # ", and that the company reserved ...": the verb's second complement
    if subject == "there" and k + 3 < len(toks.low) and toks.low[k + 3] in {"is", "are"}:
        return True  # ", but there is growing anger ...": the writer's present, where
        # what was said goes on in the past (", and there was no evidence")
    return (subject in PRONOUNS or subject in DETERMINERS or subject in SUBORDINATORS
            or toks.text[k + 2][:1].isupper() or (
                toks.low[k + 1] in {"and", "but"} and _bare_subject(toks, k + 2))) or (
        not subject_only and (subject in FINITE_AUX or subject == "also"
                              or subject.endswith("ed")))


def _conjunct_close(toks: Tokens, k: int) -> int | None:
    """The comma that closes a conjunct set off after the comma at k as part of the subject
    before its verb ("the two men, and Mr. Cruz in particular, must do more"): a comma and a
    finite verb within a few words; None when it is no such conjunct."""
    if toks.text[k] != "," or k + 2 >= len(toks.low) or toks.low[k + 1] not in {"and", "or"}:
        return None
    close = next((j for j in range(k + 2, min(k + 8, len(toks.low) - 1))
                  if toks.text[j] in _CLAUSE_BREAKS), None)
    return close if close is not None and toks.text[close] == "," and (
        toks.low[close + 1] in FINITE_AUX and toks.text[close + 1].islower()) else None


def _bare_subject(toks: Tokens, j: int) -> bool:
    """Whether one or two lower-case nouns and an auxiliary in the present start at
    toks[j]: a subject with no article and its verb, told in the writer's present where
    what was said goes on in the past (", but union leaders have so far refused ...")."""
    aux = next((n for n in (j + 1, j + 2) if n < len(toks.low) and toks.low[n] in _PRESENT_AUX),
               None)
    return aux is not None and all(
        lower_word(toks, n) and toks.low[n] not in NOT_NOUNS and not is_adverb(toks, n)
        and toks.low[n] not in FUNCTION_WORDS and toks.low[n] not in PRONOUNS
        for n in range(j, aux))


def _goes_on_perfect(toks: Tokens, start: int, k: int) -> bool:
    """Whether ", but had ..." at k goes on with content told in the past perfect: a
    reported act's next ("said he had escalated the matter ..., but had received “no clear
    answers”"), where the source's own would be in the simple past."""
    return toks.low[k + 2] == "had" and "had" in toks.low[start:k]


_PRESENT_AUX = frozenset({"is", "are", "has", "have"})


def _closes_list(toks: Tokens, k: int) -> bool:
    """Whether the comma at k comes before the last of a list of names ("expects Obama,
    Abe, and Park to ...", "Britain, France, and Germany would sign"): no new clause."""
    if toks.text[k] != "," or toks.low[k + 1] not in {"and", "or"} or not (
            toks.text[k - 1][:1].isupper() and toks.text[k + 2][:1].isupper()):
        return False
    comma = next((j for j in range(k - 2, max(0, k - 5), -1) if toks.text[j] == ","), None)
    return comma is not None and toks.text[comma - 1][:1].isupper() and all(
        toks.text[j][:1].isupper() for j in range(comma + 1, k))


def _heard_in_court(toks: Tokens, k: int) -> bool:
    """Whether the comma at k sets off a hearing that closes the sentence (", a jury has
    heard.", ", the court was told."): where the words were said, the writer's frame."""
    if len(toks.low) - k > 10:
        return False  # the common case, told cheaply: more than a hearing follows
    rest = [word.rstrip(".") for word in toks.low[k + 1:] if word != "."]
    return 2 <= len(rest) <= 8 and rest[0] in DETERMINERS and (
        rest[-1] == "heard" or rest[-2:] in (["been", "told"], ["was", "told"]))


def _sums_up(toks: Tokens, k: int) -> bool:
    """Whether a noun phrase set off by the comma at k sums up the clause before it, in the
    writer's words: ", a claim AFP could not verify", ", a move that could ...". Its head
    is a noun for a statement or an act (SUMMING_NOUNS) after an article and up to two
    modifiers; not an apposition to a noun (", the first woman nominated ...")."""
    if k + 2 >= len(toks.low) or toks.low[k + 1] not in ARTICLES:
        return False
    return any(toks.low[j] in SUMMING_NOUNS for j in range(k + 2, min(k + 5, len(toks.low))))


def _complement_after(toks: Tokens, k: int) -> bool:
    """Whether a clause's subject opens at toks[k] (a determiner, a pronoun, "there", a
    name, a number, a quotation or a bare plural before its verb, or before a participle
    and its verb: "and that water bombers would resume", "and that bookings tied to AI had
    tripled", "and that it was now bouncing back", 'but that "savings alone ..."'),
    so that the "that" before it is a
    complementizer, not a subject ("and that is why") or a determiner ("but that group
    was"); a bare plural's phrase of a preposition may stand between ("and that food
    rations for 1.2 million people would be cut")."""
    if k + 1 < len(toks.low) and toks.low[k] in _SUBJECT_PRECEDERS:
        k = next((j for j in range(k + 1, min(k + 8, len(toks.low) - 1))
                  if toks.low[j] in SUBJECT_PRONOUNS or toks.text[j] == ","), len(toks.low))
        k += k < len(toks.low) and toks.text[k] == ","  # "and that without new funding(,) it
        # would have to suspend ...": a phrase that opens the clause, then its subject
    return k < len(toks.low) and (toks.low[k] in DETERMINERS or toks.low[k] in SUBJECT_PRONOUNS
                                  or toks.low[k] == "there" or toks.low[k].isdigit()
                                  or toks.text[k] in QUOTES
                                  or toks.text[k][:1].isupper() or (
        lower_word(toks, k) and toks.low[k] not in FINITE_AUX and toks.low[k] not in CLAUSE_WORDS
        and (any(is_plural_noun(toks, j) and (toks.low[j + 1] in FINITE_AUX or (
            toks.low[j + 1].endswith("ed") and not FINITE_AUX.isdisjoint(toks.low[j + 2:j + 5]))
            or _modified_before_aux(toks, j + 1) or (  # "but that lenders remained "well
                regular_past(toks.low[j + 1]) and j + 2 < len(toks.low)  # placed""; not
                and toks.low[j + 2] not in PREPOSITIONS))  # "rations supplied by"
                for j in range(k, min(k + 2, len(toks.low) - 1))) or (
            k + 2 < len(toks.low) and lower_word(toks, k + 1) and toks.low[k + 2] in FINITE_AUX)
            or _subject_then_verb(toks, k))))


# Prepositions and subordinators that open a phrase before a clause's subject ("and that
# without new funding it would ...", "and that despite the rain the match would go ahead").
_SUBJECT_PRECEDERS = frozenset({"without", "despite", "after", "before", "unless", "if",
                                "once", "until", "since", "because", "in", "by", "from"})


def _subject_then_verb(toks: Tokens, k: int) -> bool:
    """Whether a few lower-case words from toks[k] run, with no mark, to a verb in the past
    or a finite auxiliary, not right after the first word ("and that fewer than 30 people
    attended", "but that delivery to remote areas depended on"; not "and that group was",
    where "that" is a determiner)."""
    if k + 1 >= len(toks.low) or toks.low[k + 1] in FINITE_AUX or regular_past(toks.low[k + 1]):
        return False
    return _runs_to_verb(toks, k + 1, k + 10, past=True)


def _runs_to_verb(toks: Tokens, start: int, stop: int, past: bool = False) -> bool:
    """Whether the words from toks[start] run to a finite auxiliary (or, with `past`, a
    verb in the past after the first) before `stop`, with no mark but the commas of a list
    ("design rules on height, setbacks and tree cover | will"), nor a subject pronoun
    ("and that accounts for the lashing he administered": its own clause)."""
    commas = listed = False
    for j in range(start, min(stop, len(toks.low))):
        if toks.low[j] in FINITE_AUX or (past and j > start and regular_past(toks.low[j])):
            return listed or not commas
        if toks.low[j] in SUBJECT_PRONOUNS or not (toks.text[j][:1].isalnum() or (
                toks.text[j] == "," and j + 1 < len(toks.low) and lower_word(toks, j + 1))):
            return False
        listed = listed or toks.low[j] in {"and", "or"}
        commas = commas or toks.text[j] == ","
    return False


def _modified_before_aux(toks: Tokens, k: int) -> bool:
    """Whether a phrase of a preposition at toks[k], with no mark in it but a list's commas,
    runs to an auxiliary within eight words ("for 1.2 million people | would", "on height,
    setbacks and tree cover | will")."""
    return toks.low[k] in PHRASE_PREPOSITIONS and _runs_to_verb(toks, k + 1, k + 9)


def _medium_adjunct(toks: Tokens, k: int) -> bool:
    """"in a tweet", "in a ruling released Thursday", "at a news conference": where the act
    was done, which ends a noun-phrase content ("attacked Machado in early-morning
    tweets", "endorsed Trump at a rally"). Called at a word of MEDIUM_PREPOSITIONS."""
    if toks.low[k] == "at":
        return not EVENT_NOUNS.isdisjoint(toks.low[k + 1:k + 5])
    return not DOCUMENT_NOUNS.isdisjoint(toks.low[k + 1:k + 4])


_TIME_LEADS = frozenset({"on", "in", "last", "this", "next", "earlier", "later"})
_TIME_STARTS = _TIME_LEADS | DAYS
_BEFORE_NOUN = DETERMINERS | PREPOSITIONS | NP_LINKS
_AFTER_TIME = (PREPOSITIONS | CONJUNCTIONS | SUBORDINATORS | {"to", "for", "or"}) - {"that"}


def _time_adjunct(toks: Tokens, k: int) -> bool:
    """"on Sunday", "in early June", "last week", "earlier this month", "Wednesday": when
    the act was done, which ends a noun-phrase content ("rebutted those worries on Sunday",
    "endorsed Cruz Wednesday.") when a mark follows it, or an adjunct or a clause word
    follows a phrase with a lead word (after a bare day the content may go on: "declined to
    comment Tuesday on reports"). Not a word of the noun phrase ("his last week in
    office", "six months of this year", "the results of Super Tuesday", "in Thursday
    night's debate", "the report last week that ..."). Called at a word of _TIME_STARTS."""
    lows = toks.low
    lead = lows[k] in _TIME_LEADS
    if lows[k] not in MEDIUM_PREPOSITIONS and (
            lows[k - 1] in _BEFORE_NOUN or lows[k - 1].endswith(POSSESSIVE_ENDINGS)
            or (not lead and toks.text[k - 1][:1].isupper() and lows[k - 2] in _BEFORE_NOUN)):
        return False
    j = _time_phrase_end(toks, k + 1 if lead else k, lows[k] in MEDIUM_PREPOSITIONS)
    if j is None or j + 1 == len(lows):
        return j is not None
    after = toks.text[j + 1]
    return (not after[:1].isalnum() and after not in QUOTES) or (
        lead and lows[j + 1] in _AFTER_TIME)


def _time_phrase_end(toks: Tokens, j: int, preposition: bool) -> int | None:
    """The last word of the time phrase from toks[j] ("early June", "this week", "Sunday
    night", "Sept. 12"), or None when none starts there. After "on" or "in" only a day or a
    month in capitals: "in the week" is no date."""
    lows = toks.low
    while j < len(lows) - 1 and lows[j] in TIME_PHRASE_LEADS:
        j += 1
    if j >= len(lows) or not (toks.text[j][:1].isupper() and preposition if lows[j] in MONTHS
                              else lows[j] in TIME_NOUNS and (
                                  not preposition or lows[j] in DAYS)):
        return None
    while j + 1 < len(lows) and (lows[j + 1] in TIME_NOUNS or lows[j + 1].isdigit()):
        j += 1
    return j


def _participle_clause(toks: Tokens, k: int) -> bool:
    """", dealing a blow to ...", ", engaging in ...", ", with both leaders expected to
    ...": a participle or absolute clause after a comma tells what the reported act did,
    meant or came with; it is the writer's, not the content. (Not "including", which lists
    part of the content, nor a noun in a list: ", housing and", nor an adjective before a
    noun: "embarrassing, race-baiting tactics".)"""
    if k + 2 >= len(toks.low):
        return False
    low = toks.low[k + 1]
    if low == "with" and (toks.low[k + 2] in DETERMINERS or toks.text[k + 2][:1].isupper()):
        comma = next((j for j in range(k + 3, min(len(toks.low) - 2, k + 16))
                      if toks.text[j] == ","), None)  # not one set off before ", and that"
        return comma is None or toks.low[comma + 1:comma + 3] != ["and", "that"]
    return low.endswith("ing") and low != "including" and toks.text[k + 1].islower() and (
        low not in CLAUSE_OR_CUE_WORDS and toks.text[k + 2][:1].isalnum()
        and toks.low[k + 2] not in CHAIN_WORDS) and not _aside_before_verb(toks, k + 2) and (
        not _adjectives_listed(toks, k)) and not _progressive_past_aside(toks, k)


def _progressive_past_aside(toks: Tokens, k: int) -> bool:
    """Whether the comma at k closes an aside of up to three words after a form of "be"
    ("the group was, however, | reviewing two depots"): the participle after it is the
    verb's, no clause of the writer's."""
    opening = next((j for j in range(k - 2, max(0, k - 5), -1) if toks.text[j] == ","), None)
    return opening is not None and toks.low[opening - 1] in BE


def _narrated_clause(toks: Tokens, k: int) -> bool:
    """", after the striker's agent claimed ...", ", as legislators across the chamber
    pressed ...": a clause of time after a comma, with its own subject and verb in the
    past, tells when or why the source spoke; it is the writer's, not the content."""
    if k + 3 >= len(toks.low) or toks.low[k + 1] not in _NARRATING:
        return False
    first = toks.low[k + 2]
    if not (first in DETERMINERS or first in SUBJECT_PRONOUNS or toks.text[k + 2][:1].isupper()
            or is_plural_noun(toks, k + 2)) or first in {"it", "that", "this"}:
        return False
    verb = next((j for j in range(k + 3, min(len(toks.low), k + 3 + _SUBJECT_WORDS))
                 if not toks.text[j][:1].isalnum() or toks.low[j] in RELATIVE_PRONOUNS or (
                     is_past(toks, j) and toks.low[j - 1] not in DETERMINERS)), None)
    # (not "as Cosby is attacked in the media": what goes on in the present may be said)
    return verb is not None and is_past(toks, verb) and toks.low[verb - 1] not in (
        _PRESENT_AUX) and not any(
        toks.text[j] == "," and toks.low[j + 1] == "that"
        for j in range(verb, len(toks.low) - 1))  # "imagined a year ago, as she was
    # making early trips ..., that the contest would be ...": the clause is set off before
    # what was said


_NARRATING = frozenset({"after", "as"})
_SUBJECT_WORDS = 6  # longest subject of a clause of time ("legislators across the chamber")


def _aside_before_verb(toks: Tokens, k: int) -> bool:
    """Whether a comma soon after toks[k] closes a phrase set off inside a clause, its verb
    next ("the plan, costing billions, would fail"; "Millennials, numbering 75.3
    million, surpassed ..."); past a long phrase only an auxiliary ("the strategy, focusing
    on secondary cities in India and Central Asia, was"), not "a short, divorced ...")."""
    comma = next((j for j in range(k, min(len(toks.low) - 1, k + _PHRASE_WORDS))
                  if toks.text[j] == ","), None)
    return comma is not None and (toks.low[comma + 1] in FINITE_AUX or (
        comma < k + _ASIDE_WORDS and regular_past(toks.low[comma + 1])))


def _apposition(toks: Tokens, start: int, k: int) -> bool:
    """A comma that opens or closes a description or a name of the noun before it ("Percy
    Walton, the inmate whose ...", "Cruz, who was born in Cuba,", "Tulsa, Okla., police",
    "the North's leader, Kim Jong Un, of ..."), which a noun-phrase content keeps. A
    description of a content that is more than a name is the writer's ("cited the Head
    Start program, the federally funded pre-school ...")."""
    if toks.text[k] != "," or k + 2 >= len(toks.low):
        return False
    if toks.low[k + 1] in {"who", "whose"}:
        return True
    if toks.low[k + 1] in {"the", "a", "an"}:  # after a name and what sets it off
        head = next((j for j in range(start, k) if toks.text[j] == ","), k)
        return all(toks.text[j][:1].isupper() for j in range(start, head))
    return _name_between(toks, k, 1) or (
        toks.low[k + 1] in NP_LINKS and _name_between(toks, k, -1))  # "..., of"


def _listed(toks: Tokens, k: int) -> bool:
    """A comma that goes on with a list of the noun phrase before it ("Trump's foreign
    policy record, economic policies and personal finances"): lower-case words and commas
    up to an "and" or "or" that ends the list with another word in lower case; or one
    between two adjectives before their noun ("its important, oil-rich ally")."""
    if toks.text[k] != "," or k + 1 >= len(toks.low):
        return False
    if _adjectives_listed(toks, k) or (
            toks.low[k + 1] == "such" and k + 2 < len(toks.low) and toks.low[k + 2] == "as"):
        return True
    j = k + 1
    if regular_past(toks.low[j]) or toks.low[j] in IRREGULAR_PASTS:
        return False  # "rejected both objections, ruled Cruz eligible": the next act
    while j < len(toks.low) and j - k < 8 and (toks.text[j] == "," or (
            toks.text[j].isalpha() and toks.low[j] not in RELATIVE_PRONOUNS)):
        if toks.low[j] in {"and", "or"}:
            return (j > k + 1 or _list_item_before(toks, k)) and j + 1 < len(toks.low) and (
                lower_word(toks, j + 1))
        j += 1
    return False


def _adjectives_listed(toks: Tokens, k: int) -> bool:
    """Whether the comma at k stands between two adjectives of one noun: a determiner or a
    possessive and one lower-case word before it, and after it a lower-case word that is
    no function word, adverb or participle (hyphenated compounds are adjectives:
    "race-baiting"), then its noun ("the Clintons' embarrassing, race-baiting tactics")."""
    if k < 2 or k + 2 >= len(toks.low) or not (lower_word(toks, k - 1) and (
            toks.low[k - 2] in DETERMINERS or toks.low[k - 2].endswith(POSSESSIVE_ENDINGS))):
        return False
    word = toks.low[k + 1]
    return lower_word(toks, k + 2) and toks.low[k + 2] not in _NOT_ADJECTIVES and (
        toks.text[k + 1].islower() and word not in _NOT_ADJECTIVES
        and not is_plural_noun(toks, k + 1)
        and ("-" in word or not word.endswith(("ing", "ed", "ly"))))


# Words that are no adjective: function words, verbs of the lexicon, cues.
_NOT_ADJECTIVES = NOT_VERBS | AUXILIARIES | PRONOUNS | OBJECT_PRONOUNS | QUESTION_WORDS | (
    IRREGULAR_PASTS | CLAUSE_OR_CUE_WORDS)


def _list_item_before(toks: Tokens, k: int) -> bool:
    """Whether lower-case words after another comma come before the comma at k, so that
    a ", and" at k ends a list ("voters, lawmakers, and thinkers")."""
    j = k - 1
    while j > 0 and k - j < 5 and lower_word(toks, j):
        j -= 1
    return j < k - 1 and toks.text[j] == ","


def _name_between(toks: Tokens, k: int, step: int) -> bool:
    """Whether one to four capitalised words lie between the comma at k and another comma,
    after it (step 1) or before it (step -1)."""
    end = k + step
    while 0 <= end < len(toks.low) and abs(end - k) < 5 and toks.text[end][:1].isupper():
        end += step
    return abs(end - k) > 1 and 0 <= end < len(toks.low) and toks.text[end] == ","


def _quoted_comma(toks: Tokens, k: int) -> bool:
    """A comma inside a closing quotation mark ('a "liar," a "bully"'), which ends the
    quotation, not the phrase."""
    return toks.text[k] == "," and k + 1 < len(toks.low) and toks.text[k + 1] in QUOTES and (
        toks.start[k + 1] == toks.end[k])


def _before_chain(toks: Tokens, start: int, k: int) -> int:
    """Last content token before a chained cue at k (", adding", "and said", ", even
    suggesting", "but has said")."""
    j = k - 1
    while j > start and is_adverb(toks, j):
        j -= 1  # "and even | suggesting"
    while j > start and (toks.text[j] in COMMA_OR_QUOTE or toks.low[j] in CHAIN_WORDS):
        j -= 1  # not an adverb before them: "was operating normally | and blamed"
    return j
