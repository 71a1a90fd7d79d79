"""The attributions of one sentence: for each cue, the frame it stands in, which tells
where its source and content are.

Besides a plain verb ("Lavrov said ..."): a verb before its source ('"...," said the
minister'), "according to", a participle opening the sentence ("Asked about X, ..."), a
gerund ("for saying that"), an infinitive ("went on to say"), "as X put it", a passive
("It was reported that", "is expected to", "was first reported by X"), a noun with a
"that" clause ("X's claim that"), the writer's hedges ("seems"), which have no source, and
a sentence opening with a document ("In a statement, ..."). A chained cue (", adding")
shares the source of the cue before it. A belief, intention or finding is marked
embeddable: inside another statement's content it is part of that statement.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from .content import aside_end, content_before, content_end, cue_content, is_past, skip_listener
from .cues import backshifted, find_cues, infinitive_head, is_chained, past_date
from .lexicon import (
    ADJUNCT_WORDS,
    ADVERBIAL_LINKS,
    AGE,
    APPOSITION_MARKS,
    ARTICLES,
    ASPECT_VERBS,
    BE,
    BODY_NOUNS,
    CHAIN_WORDS,
    CLAUSE_MARKS,
    CLAUSE_OR_CUE_WORDS,
    CLAUSE_WORDS,
    CONJUNCTIONS,
    CONTENT_DOCUMENTS,
    CUE_LEMMAS,
    CUE_WORDS,
    DASH_TOKENS,
    DATA_NOUNS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    EVIDENTIAL_VERBS,
    FINITE_AUX,
    FRONTED_CUES,
    FUNCTION_WORDS,
    GERUND_PREPOSITIONS,
    INTRO_OPENERS,
    INTRO_WORDS,
    INVERTING_VERBS,
    IRREGULAR_PASTS,
    LAY_PERSONS,
    LISTENER_VERBS,
    MAIN_CHAIN_MARKS,
    MODAL_WORDS,
    NAME_DETERMINERS,
    NO_CONTENT_PASSIVES,
    NOUN_FORMS,
    NOUN_OPENERS,
    NP_LINKS,
    NUMBER_WORDS,
    OBJECT_PRONOUNS,
    OBJECT_VERBS,
    OCCUPATIONS,
    OPENING_ADVERBS,
    PARTICIPLES,
    PERSON_PRONOUNS,
    PLACES,
    POSSESSIVE_ENDINGS,
    PREPOSITIONS,
    PRONOUNS,
    PUBLISHED_PARTICIPLES,
    PURE_PREPOSITIONS,
    QUANTITIES,
    QUESTION_WORDS,
    QUOTES,
    RAISING_LEMMAS,
    RELATION_NOUNS,
    RELATIVE_OBJECTS,
    RELATIVE_PRONOUNS,
    ROLE_WORDS,
    SAYING_NOUNS,
    SENTENCE_ADVERBS,
    SOURCE_NOUNS,
    SPAN_UNITS,
    SPEECH_LEMMAS,
    STATEMENT_VERBS,
    SUBORDINATORS,
    TIME_NOUNS,
    TIME_WORDS,
    regular_past,
)
from .phrases import (
    apposed_subject,
    before_adverbs,
    clause_opening,
    clause_start,
    is_adverb,
    is_bare_title,
    is_plural,
    is_plural_noun,
    is_qualifier,
    issuer,
    lower_word,
    np_left,
    np_right,
    opens_clause,
    source_before,
)
from .speakers import POSSESSIVE_END, listed_body
from .tokens import ArticleText, Tokens, closes_quoted_clause, sentence_tokens, tok_span

# How many words a source described after a quotation may run to ("the billionaire
# business mogul", "a senior official in the ministry").
_DESCRIBED_SOURCE = 8
_DESCRIPTION_WORDS = 25  # longest description set off after an inverted cue's source
_QUOTING = frozenset({"quoted", "quotes", "quoting"})  # "Reuters quoted X as saying"
_CONTRACTED_S = frozenset({"'s", "’s"})
_PERSONS = frozenset({"he", "she"})  # before "'s" + participle: "has", not "is"


# Words before "asked" that make it a passive ("was asked", "when asked"), and the words
# that open the question it reports besides a question word ("asked about the merger";
# not "asked to leave", a request).
_ASKED_AFTER = BE | {"when", "after", "before", "if", "once", "get", "got", "gets"}
_QUESTION_LEADS = frozenset({"about", "for"})
# What may open a clause before its subject pronoun besides a subordinator ("; he helped
# ... and decided", "in which he continued ..., mocking").
_CLAUSE_LINKS = frozenset({";", ",", "and", "but", "which"})
_DASHES = frozenset({"—", "–", "--"})


class Found(NamedTuple):
    """A statement before speaker resolution (character spans)."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    chained: bool = False  # a participle or coordinated cue ("adding", "and said")
    link: str = ""  # "next": "X said:" ends the sentence; "prev": "“...?” X asked."; "prev
    # sentence": "This was said by X."
    gap: tuple[int, int] | None = None  # the attribution inside the content
    # A belief, intention, finding or utterance yet to happen ("plans", "shows", "will
    # say"): no attribution of its own inside another statement's content.
    embeddable: bool = False


def sentence_statements(art: ArticleText, sentence: range, candidates: list[int]) -> list[Found]:
    """Every attribution whose cue lies in this sentence (outside quotations), or that its
    opening "In a statement, ..." introduces: the sentence is a range of the article's
    tokens, the candidates are the indices of its cue candidates within it."""
    toks = sentence_tokens(art.tokens, sentence.start, sentence.stop)
    headline = art.tokens.start[sentence.start] < art.first_line_end and is_headline(toks)
    cues = find_cues(toks, candidates, headline)
    out: list[Found] = []
    for i, (last, lemma) in cues.items():
        found = _attribution(art, toks, i, last, lemma, cues)
        if found and found.chained and found.source is None:
            found = found._replace(source=(_chain_source(toks, i, out) if out else None)
                                   or _attached_subject(toks, i))
        if found and found.chained and found.source:
            found = found._replace(source=_nearer_pronoun(toks, i, found.source, out))
        if found and headline and found.source and any(
                found.source[0] <= f.cue[0] and f.cue[1] < found.source[1] for f in out):
            # a verb inside: "Carson Defends Himself Against Claims He ..." (not the noun
            # that ends it: "Media Reports Reveal ...")
            found = found._replace(source=None)
        if found and any(f.source and f.source[0] <= found.cue[0] < f.source[1] for f in out):
            continue  # "According to Census Bureau figures": a noun of another's source
        if found:
            if lemma not in SPEECH_LEMMAS or _after_modal(toks, i) or (  # "plans", "will say"
                    found.chained and backshifted(toks, i)):  # "... and had written to"
                found = found._replace(embeddable=True)
            out.append(found)
    if not out and toks.low[0] == "in":
        document = _in_document(toks)
        return [document] if document else []
    return out


def colon_quotation(art: ArticleText, sentence: range, colon: int,
                    quote: tuple[int, int], voice: Found | None = None) -> Found | None:
    """"Smith was blunt: “We will not pay.”", "The ad ends with a voice saying: “...”", "More
    from Jones: “...”", "Eaton said that given the candidates: “...”": a quotation after a
    colon that ends a clause with no statement of its own is the words of the name just
    before the colon or after "from" or a dash, of the source of a cue verb in the clause,
    or of the one the clause is about, its subject. `colon` is the colon's index in the
    article's tokens, inside `sentence`; the quotation (character span) follows it, in the
    same paragraph or the next. A `voice`, a statement whose content the colon ends ("...
    and insists the program is on track: “...”"), speaks it rather than that subject."""
    toks = sentence_tokens(art.tokens, sentence.start, colon + 1)
    k = len(toks.low) - 1
    if k < 1:
        return None
    if k == 1 and toks.text[0] == "A":  # an interview's answer: "A: “...”"
        return Found((toks.start[0], toks.end[0]), (toks.start[0], toks.end[k]), quote)
    j = before_adverbs(toks, k - 1)
    start = np_left(toks, j) if j >= 0 and toks.text[j][:1].isupper() else None
    start = _named_after_mark(toks, j) or start
    if start is not None and (start == 0 or (not toks.text[start - 1][:1].isalnum() and not (
            _listed_name(toks, start))) or toks.low[start - 1] in {"from", "by"}):
        source: tuple[int, int] | None = (toks.start[start], toks.end[j])  # "- Jones:"
        cue = (toks.start[k], toks.end[k])
    else:
        cued = _cue_source(toks, k) or _cue_source(toks, k, continued=True)
        if cued is not None:
            return Found(cued[0], (cued[1], toks.end[k]), quote)
        if voice is not None:
            return voice._replace(content=quote, link="", gap=None)
        source = _for_whom(toks) or _in_words_of(toks) or _opening_subject(toks, k) or (
            _clause_subject(toks, k - 1))
        cue = (source[1] + 1 if source and source[1] < toks.start[k] else toks.start[0],
               toks.end[k])
        source = source and _whose_words(toks, source)
    return Found(source, cue, quote)


def _listed_name(toks: Tokens, start: int) -> bool:
    """Whether the name at `start` ends a list of names before a colon ("a message for
    people in Gisborne, Tolaga Bay and Tokomaru Bay:"): what the clause is about, not who
    speaks after the colon."""
    return start > 1 and toks.text[start - 1] == "," and toks.text[start - 2][:1].isupper()


def _for_whom(toks: Tokens) -> tuple[int, int] | None:
    """The name a colon's clause opens with after "For" ("For Tama Potaka, the answer is
    clear: “...”", "For Mountain Lagoon resident Jenny Pham, who stayed, the afternoon had
    turned to night: “...”"): whose view the quotation gives, rather than the clause's
    subject."""
    if toks.low[0] != "for" or len(toks.low) < 4 or not toks.text[1][:1].isupper():
        return None
    end = np_right(toks, 1)
    return (toks.start[1], toks.end[end]) if end is not None and end + 1 < len(toks.low) and (
        toks.text[end + 1] == ",") and toks.text[end][:1].isupper() and all(
            t[:1].isupper() or t.isalpha() for t in toks.text[1:end + 1]) else None


def _in_words_of(toks: Tokens) -> tuple[int, int] | None:
    """Whose words a colon's clause says they are: "In the words of one nurse on the
    picket line: “...”" (the noun phrase up to what qualifies it)."""
    if toks.low[:4] != ["in", "the", "words", "of"] or (end := np_right(toks, 4)) is None:
        return None
    end = next((k - 1 for k in range(5, end + 1) if toks.low[k] in PREPOSITIONS), end)
    return toks.start[4], toks.end[end]


def _whose_words(toks: Tokens, source: tuple[int, int]) -> tuple[int, int]:
    """The one whose message or verdict a colon's clause opens with ("Watts' message to
    farmers was simple: “...”", "His message to the Minister for Housing was blunt:"),
    rather than the message; else `source`."""
    first = bisect.bisect_left(toks.start, source[0])
    last = bisect.bisect_left(toks.end, source[1])
    if toks.low[first] in {"his", "her"} and (
            not SAYING_NOUNS.isdisjoint(toks.low[first + 1:first + 3])
            or toks.low[first + 1:first + 3] == ["bottom", "line"] or _judged(toks, first + 2)):
        return toks.start[first], toks.end[first]  # "His message to the Minister for ...",
        # "His final words were clear:" (past an adjective that np_right ends the phrase at)
    marks = ((k, m) for k in range(first, last) if (m := POSSESSIVE_END.search(toks.low[k])))
    k, mark = next(marks, (last, None))
    if mark is None or toks.low[k + 1] not in SAYING_NOUNS or not (
            k + 1 == last or toks.low[k + 2] in PREPOSITIONS or toks.low[k + 2] == "to"):
        return source
    return source[0], toks.end[k] - len(mark.group())


def _judged(toks: Tokens, k: int) -> bool:
    """Whether a copula and one or two words at k end a colon's clause ("His prescription
    is simple:", "Her answer was blunt:"): a judgement of the words the quotation gives,
    whoever's noun opens the clause."""
    return k + 1 < len(toks.low) and toks.low[k] in BE and 2 <= len(toks.low) - k - 1 <= 3 and (
        all(t.isalpha() and t.islower() for t in toks.text[k + 1:-1]))


def _named_after_mark(toks: Tokens, j: int) -> int | None:
    """Start of the noun phrase ending at toks[j] just after "from", "by" or a dash, which
    names who a colon's quotation is from ("From the report:", "More from Bush's Facebook
    post:", "... - Pew Research:"); None if there is none."""
    if j < 1:
        return None
    first = np_left(toks, j)
    mark = next((k for k in range(j - 1, max(-1, j - 8), -1)
                 if toks.low[k] in {"from", "by"} or toks.text[k] in {"-", "—", "–"}), None)
    return None if first is None or mark is None or first > mark + 1 else mark + 1


def _cue_source(toks: Tokens, colon: int, continued: bool = False
                ) -> tuple[tuple[int, int], int] | None:
    """The source of the last cue verb in the clause a colon ends, when that cue took no
    content of its own ("Parker Eaton, 81, said that given the candidates:", "According to
    HuffPo:", "In other words, explained moderator Nancy Cordes:"): the quotation after
    the colon is that source's. With `continued`, the cue may end an earlier clause of the
    sentence, if what follows it has no verb ('“Fish,” he said, and then, after a while:').
    Returns the source's span and where the cue starts."""
    clause = 0 if continued else clause_opening(toks, colon - 1)
    cues = {i: cue for i, cue in find_cues(toks, [
        i for i in range(clause, colon) if toks.low[i] in CUE_WORDS], False).items()
        if toks.low[i] not in NOUN_FORMS and toks.low[i - 1] not in DETERMINERS  # "a warning"
        and (cue[1] == "according to" or toks.low[cue[0] + 1:cue[0] + 2] != ["to"])
        and not _passive(toks, i)}
    # not one whose content is its infinitive: "anyone planning to light fires:"; nor a
    # passive, whose subject is what was said ("a line that was clearly written for the
    # news:")
    if not cues:
        return None
    i = max(cues)
    last, lemma = cues[i]
    if continued and not all(_no_verb(toks, j) for j in range(last + 1, colon)):
        return None
    subject = None if lemma == "according to" else source_before(toks, i, lemma)
    if subject is None and (lemma == "according to" or lemma in INVERTING_VERBS) and (
            last + 1 < colon) and lemma != "tell":  # "tells regional staff:": the hearers
        end = np_right(toks, last + 1)
        subject = None if end is None or end >= colon or (
            lemma != "according to" and end + 1 < colon) else (last + 1, end)
        # an inverted source ends the clause: "explained moderator Nancy Cordes:", not
        # "insists the program | is on track:"
    return None if subject is None else (
        (toks.start[subject[0]], toks.end[subject[1]]), toks.start[i])


def _no_verb(toks: Tokens, j: int) -> bool:
    """Whether toks[j] cannot be a clause's verb: a mark, or a lower-case word that is no
    auxiliary, cue or past form ("and then, after a while")."""
    low = toks.low[j]
    return not low[:1].isalnum() or (toks.text[j].islower() and low not in FINITE_AUX and (
        low not in CUE_WORDS) and not regular_past(low))


def is_headline(toks: Tokens) -> bool:
    """A title-case line ("Bill Clinton Calls Obamacare 'Crazy System'"), where verbs are
    capitalised too. Only a text's first line is taken as its headline: title-case lines
    further down are lists of other stories."""
    words = [text for text in toks.text if text[:1].isalpha() and len(text) > 3]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _nearer_pronoun(toks: Tokens, i: int, source: tuple[int, int],
                    out: list[Found]) -> tuple[int, int]:
    """The subject pronoun of the clause a participle or coordinated cue at i goes on,
    when one stands between the source found and the cue ("Christie acknowledged it even
    as he defended the campaign, saying ...", "When Mook was asked, he laughed and said"):
    that clause's subject says it. It opens its clause, after a subordinator, a
    conjunction or a clause mark; a pronoun inside an earlier statement's content ("Trump
    said he would win, adding ...") or a complement ("the suggestion that he ...") is no
    such subject."""
    first = bisect.bisect_left(toks.start, source[1])
    contents = [f.content for f in out]
    for k in range(i - 1, first - 1, -1):
        if toks.low[k] in PERSON_PRONOUNS and toks.low[k] != "you" and not any(
                start <= toks.start[k] < end for start, end in contents) and (
                k + 1 < i and toks.text[k + 1][:1].islower()) and k > 0 and (
                toks.low[k - 1] in SUBORDINATORS or toks.low[k - 1] in _CLAUSE_LINKS):
            return toks.start[k], toks.end[k]
    return source


def _chain_source(toks: Tokens, i: int, out: list[Found]) -> tuple[int, int] | None:
    """The source a chained cue at i shares: the last earlier statement's in the sentence,
    past a belief or intention reported inside another's content when a comma or "but" sets
    the chained cue off ("Lee said he doubted it, arguing ...": Lee argues, not "he"; but
    "they want A and suggest B": they suggest), and past a relative pronoun's (`_relative`),
    back to the main clause's subject if no other statement precedes; but a named subject
    of a clause of its own after the last cue comes nearer (`_joined_subject`)."""
    joined = _joined_subject(toks, bisect.bisect_left(toks.start, out[-1].cue[0]), i)
    if joined is not None:
        return joined
    if not MAIN_CHAIN_MARKS.isdisjoint(toks.low[max(0, i - 3):i]):
        contents = Spans([f.content for f in out])
        if all(_relative(toks, f.source) for f in out):
            return _attached_subject(toks, i) or out[-1].source
        return next((f.source for f in reversed(out)
                     if not (f.embeddable and inside_other(f, contents))
                     and not _relative(toks, f.source)), out[-1].source)
    last = out[-1]
    if is_past(toks, i) and _after_modal(toks, bisect.bisect_left(toks.start, last.cue[0])):
        # "May said the country would declare ... and suggested": a past form joins no
        # verb after a modal, so not the act reported inside May's content
        return next((f.source for f in reversed(out)
                     if f.content[0] <= last.cue[0] < f.content[1]), last.source)
    return last.source


def _joined_subject(toks: Tokens, cue: int, i: int) -> tuple[int, int] | None:
    """The name opening a clause joined by ", and" or ", but" between the last cue and a
    participle at i (`_joined_clause`: "..., preliminary results showed on Monday, and
    opposition leader Mirela Dascova claimed victory, saying ..."): the participle is
    that clause's, not the cue's."""
    start = _joined_clause(toks, cue, i)
    end = np_right(toks, start) if start > cue else None
    return (toks.start[start], toks.end[end]) if end is not None and (
        toks.text[end][:1].isupper()) else None


def _relative(toks: Tokens, source: tuple[int, int] | None) -> bool:
    """Whether a source is a relative pronoun, or the subject of a clause that a relative
    adverb opens after a comma: its clause lies inside a noun phrase ("an architect who
    said he was stiffed", "in Wellington, where it conceded 14,"), which a participle or a
    verb set off after it does not share ("Trump was defensive about an architect who said
    ..., saying ...", "..., where it conceded 14, and said ...")."""
    if source is None:
        return False
    k = bisect.bisect_left(toks.start, source[0])
    return k < len(toks.low) and (
        (toks.end[k] == source[1] and toks.low[k] in RELATIVE_PRONOUNS) or (
            k > 1 and toks.low[k - 1] in {"where", "when"} and toks.text[k - 2] == ","))


class Spans:
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


def inside_other(found: Found, contents: Spans) -> bool:
    """Whether found's cue lies in a content other than its own."""
    return contents.covers_outside(found.cue[0], found.content)


def _after_modal(toks: Tokens, i: int) -> bool:
    """A cue one or two words after a modal: "will announce", "could not say"."""
    return (i > 0 and toks.low[i - 1] in MODAL_WORDS) or (
        i > 1 and toks.low[i - 2] in MODAL_WORDS)


def _in_document(toks: Tokens) -> Found | None:
    """"In this poll, Trump rose ...", "In a statement, the campaign ...": a sentence with no
    cue of its own that opens with a document reports what the document says."""
    comma = next((k for k in range(2, min(len(toks.low) - 2, 20))
                  if toks.text[k] == "," and opens_clause(toks, k + 1)), None)
    head = next((k for k in range(1, min(comma or 0, 10)) if toks.low[k] in CONTENT_DOCUMENTS),
                None)
    if comma is None or head is None or any(toks.text[k] == ":" and toks.text[k + 1] in QUOTES
                                            for k in range(comma, len(toks.text) - 1)):
        return None  # "In the statement, Ruth Carrow struck an upbeat note: “...”": the
        # colon's clause says whose the quotation is
    return Found((toks.start[1], toks.end[comma - 1]), (toks.start[0], toks.end[head]),
                 (toks.start[comma + 1], toks.end[-1]))


def _attached_subject(toks: Tokens, cue: int) -> tuple[int, int] | None:
    """The source of a chained participle with no earlier source in its sentence: the main
    clause's subject, else that of the clause it is set off from ("And he managed it with
    flair, slamming ...", "Some seek ..., fearing"), as the participle shares its
    subject; a verb joined by "and" to a relative clause's verb shares its pronoun
    ("citizens, who make up most investors and see ...")."""
    relative = _relative_subject(toks, cue) or _subordinate_subject(toks, cue)
    if relative is not None:
        return relative
    opening = _opening_subject(toks, cue)
    j = before_adverbs(toks, cue - 1)
    if opening is None and j > 0 and toks.text[j] == ",":
        return _clause_subject(toks, j - 1)
    return opening


def _subordinate_subject(toks: Tokens, cue: int) -> tuple[int, int] | None:
    """The subject of the clause after a subordinator ("after", "because", "when") that a
    cue after "and" or "but" is coordinated in, when no clause mark comes between ("Shares
    fell after the company cut its forecast and confirmed ..."); else None."""
    j = before_adverbs(toks, cue - 1)
    if j < 1 or toks.low[j] not in CHAIN_WORDS:
        return None
    for k in range(j - 1, max(0, j - 20), -1):
        if toks.text[k] in CLAUSE_MARKS or toks.low[k] in RELATIVE_PRONOUNS:
            return None
        if toks.low[k] in SUBORDINATORS and toks.low[k] != "as" and toks.low[k + 1] != "of" and (
                end := np_right(toks, k + 1)) is not None and end + 1 < j and (
                toks.text[end + 1].islower()) and toks.low[end + 1] not in PREPOSITIONS:
            return toks.start[k + 1], toks.end[end]
    return None


def _relative_subject(toks: Tokens, cue: int) -> tuple[int, int] | None:
    """The relative pronoun "who" or "which" that opens the clause a cue after "and" or
    "but" is coordinated in, when no clause mark comes between ("Chinese citizens, who
    make up 80 percent of the investors and see the program as ..."); else None."""
    j = before_adverbs(toks, cue - 1)
    if j < 1 or toks.low[j] not in CHAIN_WORDS:
        return None
    for k in range(j - 1, max(-1, j - 15), -1):
        if toks.text[k] in CLAUSE_MARKS or toks.text[k] in DASH_TOKENS:
            return None
        if toks.low[k] in {"who", "which"} and toks.text[k + 1].islower():
            return toks.start[k], toks.end[k]
    return None


def _opening_subject(toks: Tokens, cue: int) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, which opens it or follows its introductory
    phrases ("On Thursday, however, Trump ...", "Chastened by critics, Trump ..."): the
    source of a participle cue at `cue` when no other cue precedes it ("Trump ...,
    encouraging his supporters to ...")."""
    start = _main_clause_start(toks, cue)
    if not start and not toks.text[0][:1].isupper():
        return None
    while start < cue - 1 and (toks.low[start] in CONJUNCTIONS or toks.low[start] == "even"):
        start += 1  # "But the court overruled and said", "And even Obama tried ..., noting"
    if toks.low[start] == "it" and toks.low[start + 1] in BE:
        # "It is astounding that Trump demands ..., yet refuses": no one's act but the
        # subject's after "that"
        start = next((k + 1 for k in range(start + 2, cue - 1) if toks.low[k] == "that"), start)
    start = _joined_clause(toks, start, cue)
    end = _counted_end(toks, start) or np_right(toks, start)
    if end is None and toks.low[start] in QUANTITIES and start + 1 < cue:
        end = _quantity_end(toks, start)
    if end is None:
        return None
    end = _before_verb(toks, start, end)
    if toks.text[end][:1].islower() or (toks.low[start] in ARTICLES and (
            toks.text[start + 1].islower())):  # "The head of the ... Observer Group, former
        titled = _title_end(toks, end)  # official Adi Litia Naivalu,"; "The NDP's
        named = _apposed_name_end(toks, titled)  # immigration critic, Jasleen Dhaliwal,"
        end = named if named != titled else _apposed_name_end(toks, end)
    return toks.start[start], toks.end[end]


def _title_end(toks: Tokens, end: int) -> int:
    """The end of a title np_right read only in part, before a comma and what may be a name
    set off after it ("the climate | change and energy minister, Rachel Whitford,"): up to
    four lower-case words and "and", no verb; else `end`."""
    comma = next((k for k in range(end + 1, min(len(toks.low) - 1, end + 6))
                  if toks.text[k] == ","), None)
    return comma - 1 if comma is not None and comma > end + 1 and toks.text[comma + 1][
        :1].isupper() and toks.low[comma - 1] in ROLE_WORDS and all(
        toks.text[k].isalpha() and toks.text[k].islower() and toks.low[k] not in CUE_WORDS
        and not toks.low[k].endswith("ed") for k in range(end + 1, comma)) else end


def _before_verb(toks: Tokens, start: int, end: int) -> int:
    """The end of a subject from `start` that np_right read on into the verb after it
    ("Obama tried to help ..., noting", "..., Judge Berman proceeded to"), or past a name
    into an irregular past and its phrase ("Daniel Marchetti dug in on the tax, telling")."""
    while end > start and toks.text[end].islower() and toks.low[end].endswith("ed"):
        end -= 1
    return next((k - 1 for k in range(start + 1, end + 1) if toks.low[k] in IRREGULAR_PASTS
                 and toks.text[k].islower() and toks.text[k - 1][:1].isupper()
                 and "and" not in toks.low[start:k]), end)
    # "Marchetti | stood firm on ...", not "Norvell Rose", nor two names joined (whose
    # split reads one as the other's role)


def _joined_clause(toks: Tokens, start: int, cue: int) -> int:
    """The subject of the last clause joined by ", but" or ", and" between `start` and the
    cue, where a participle set off after it is that subject's act ("It's a big if, but
    Sanders was in San Diego ..., emphasizing", "..., and opposition leader Mirela Dascova
    claimed victory, saying"), or its "there" ("and there is no shame in saying": no
    one's); else `start`."""
    for k in range(cue - 3, start, -1):
        if toks.text[k] == "," and toks.low[k + 1] in {"but", "and", "yet"} and (
                toks.low[k + 2] == "there" and toks.low[k + 3] in BE):
            return k + 2  # ", and there is no shame in saying": no one's act
        if toks.text[k] == "," and toks.low[k + 1] in {"but", "and", "yet"} and (
                opens_clause(toks, k + 2) or is_bare_title(toks.low[k + 2])) and (
                end := np_right(toks, k + 2)) is not None and (
                end + 1 < cue and (toks.low[end + 1] in FINITE_AUX or is_past(toks, end + 1))):
            return k + 2
    return start


def _counted_end(toks: Tokens, start: int) -> int | None:
    """Last token of a subject that counts a group ("Hundreds of traders at the market",
    "Many of the speakers"), or None if it counts none: np_right reads "Hundreds" as a
    name, and ends with its "of"."""
    if toks.low[start + 1:start + 2] != ["of"] or not (
            toks.low[start] in QUANTITIES or toks.low[start] in NUMBER_WORDS):
        return None
    return np_right(toks, start + 2) or (
        start + 2 if start + 2 < len(toks.low) and is_plural(toks.low[start + 2])
        and toks.text[start + 2].isalpha() else None)  # "of traders": a bare plural


def _quantity_end(toks: Tokens, start: int) -> int | None:
    """Last token of a subject that is a quantity, alone or of a noun phrase ("Some seek
    ..., fearing", "Many of the speakers have ..., calling"); None if the word after it is
    no verb or "of"."""
    if toks.low[start + 1] == "of":
        return np_right(toks, start + 2)
    return start if toks.text[start + 1].islower() and toks.low[start + 1] not in DETERMINERS \
        else None


def _main_clause_start(toks: Tokens, cue: int) -> int:
    """Index of the main clause's first word before the cue: past the comma that ends an
    opening phrase of time, place or manner, where a subject follows, also a bare noun of
    speakers ("Arriving upon the scene, police began ..., believing"; not "however," or
    "as well as"); else 0."""
    comma = next((k for k in range(1, cue - 1) if _closes_opening(toks, k) and (opens_clause(
        toks, k + 1 + _closes_quote(toks, k + 1, cue)) or toks.low[k + 1] in SOURCE_NOUNS)
        and toks.low[k + 1] not in RELATIVE_PRONOUNS), None)
    if comma is None:
        return _past_object(toks, 0, cue)
    if _as_named(toks, comma):
        return 1
    after = comma + 1 + _closes_quote(toks, comma + 1, cue)
    return after if _adverbial_opening(toks, comma) else 0


def _as_named(toks: Tokens, comma: int) -> bool:
    """Whether "As" opens the sentence with a name set off before its description ("As
    John Smith, author of “The Big Short,” put it"): the source of the cue the "as" clause
    holds, not an adverbial ("As a result,", "As Prime Minister, he said")."""
    return toks.low[0] == "as" and comma > 2 and comma + 1 < len(toks.low) and all(
        toks.text[k][:1].isupper() for k in range(1, comma)) and (
        toks.text[comma + 1][:1].islower())


def _closes_opening(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a comma, or a dash that closes an aside ("In a speech from
    Wyoming -- which holds a caucus on Saturday -- Sanders argued ...")."""
    text = toks.text[k]
    return text == "," or (text in DASH_TOKENS and (
        any(toks.text[j] in DASH_TOKENS for j in range(1, k - 1))))


def _closes_quote(toks: Tokens, k: int, cue: int) -> bool:
    """Whether toks[k] is a quotation mark that closes a quoted phrase at its comma, before
    the subject ('In declaring his words "not Christian," the pope ...'), not one that
    opens a quotation ('by saying, "We ...').'"""
    if k + 1 >= cue or toks.text[k] not in {"”", "\"", "''"}:
        return False
    return toks.text[k] == "”" or sum(text in {"\"", "''"} for text in toks.text[:k]) % 2 == 1


def _adverbial_opening(toks: Tokens, comma: int) -> bool:
    """Whether the words before `comma` are an adverbial, no subject: they open with a
    preposition, subordinator, adverb, participle or time word ("Despite spending ...,",
    "Not far away,", "Chastened by critics,"), are one adverb ("Ultimately,"), or end with
    a time word ("Hours later,", "Two days earlier,"). A noun phrase set off there is the
    subject with an aside ("Trump, the front-runner, said")."""
    first, last = toks.low[0], toks.low[comma - 1]
    if comma > 3 and (first in NUMBER_WORDS or first.isdigit() or first in {"a", "an"}) and (
            toks.low[1].rstrip("s") in SPAN_UNITS) and toks.low[2] in {"after", "before"}:
        return True  # "Two days after the announcement, Morrow emailed ..."
    return (first in INTRO_WORDS or first in TIME_WORDS or first in ADVERBIAL_LINKS
            or first in OPENING_ADVERBS or (comma == 1 and (
                first.endswith("ly") or _clause_follows(toks, comma + 1)))
            or (first.endswith(("ed", "ing")) and first not in CUE_WORDS)
            or (comma > 1 and last in TIME_WORDS and last not in TIME_NOUNS))


def _clause_follows(toks: Tokens, k: int) -> bool:
    """Whether a subject and its auxiliary start at toks[k] ("Worse, the companies have
    ..."): a word set off before them is an adverb, not a name in apposition ("Clinton,
    the front-runner, said")."""
    end = np_right(toks, k)
    return end is not None and end + 1 < len(toks.low) and toks.low[end + 1] in FINITE_AUX


def _attribution(art: ArticleText, toks: Tokens, i: int, last: int, lemma: str,
                 cues: dict[int, tuple[int, str]]) -> Found | None:
    """The statement built around the cue toks[i..last], if the sentence has one."""
    cue = (toks.start[i], toks.end[last])
    if lemma == "according to":
        return _according_to(art, toks, i, last, cue, cues)
    if lemma in EVIDENTIAL_VERBS:
        return _evidential(toks, i, last, lemma, cues)
    if i == 0 and toks.low[0] in FRONTED_CUES and (found := _fronted(toks, last, cue)):
        return found
    if (i == 0 and toks.text[0][:1].isupper()) or (i == 1 and toks.text[0] == "Having"):
        return _opening_participle(toks, last, lemma, cues)  # "Having announced that ...,"
    if lemma == "ask" and toks.low[i] == "asked" and toks.low[i - 1] in _ASKED_AFTER:
        return _question_asked(toks, i, cues, cue)
    chained = is_chained(toks, i)
    if not chained and _gerund(toks, i, last):
        content = cue_content(toks, last, lemma, cues, None)
        # a gerund may lie inside the opening phrase: the subject follows its comma
        subject = _opening_subject(toks, len(toks.low))
        return Found(subject, cue, content.span, True) if content else None
    if not chained and i > 1 and toks.low[i - 1] == "as" and toks.low[i - 2] == "quoted":
        return _verbal(toks, i, last, lemma, cues, (toks.start[i - 2], cue[1]), head=i - 2)
    if lemma == "quote" and _cites_number(toks, last):
        return None
    if lemma == "quote" and toks.low[i] in _QUOTING and (
            quoted := _quoted_speaker(toks, i, last, cues)) is not None:
        return quoted
    if toks.low[i] == "saying" and i > 1 and toks.low[i - 1] == "as" and (
            _quoting_before(toks, i - 1) is not None):
        return None  # "X quoted Y as saying": the frame of "quoted"
    if lemma == "quote" and toks.low[last + 1:last + 3] == ["as", "saying"]:
        return None  # "Y was quoted as saying": the frame of "saying"
    if not chained and i > 1 and toks.low[i - 1] == "to":
        if (head := infinitive_head(toks, i)) is not None:
            return _verbal(toks, i, last, lemma, cues, cue, is_chained(toks, head), head)
        if (named := _named_object(toks, i - 2)) is not None and (
                found := _verbal(toks, i, last, lemma, cues, cue, chained)) is not None:
            return found._replace(source=named)  # "prompted the Tasmanian Nurses and
            # Midwives Alliance to warn": the alliance warned
    if _passive(toks, i):
        return None if chained else _impersonal(toks, i, last, lemma, cues, cue)
    if _reduced_passive(toks, i, last, lemma) or _told_to(toks, last) or _told_last(toks, i) or (
            _raised_after_noun(toks, i, last)):
        return None
    if not chained and toks.low[i].endswith("ing") and not _progressive(toks, i):
        return _participle(toks, i, last, lemma, cues, cue)
    if not _verb_position(toks, i, lemma):
        return _nominal(toks, i, last, cues) if toks.low[i] in NOUN_FORMS else None
    return _verbal(toks, i, last, lemma, cues, cue, chained)


def _named_object(toks: Tokens, j: int) -> tuple[int, int] | None:
    """The name ending at toks[j] that is the object of a verb in the past that is no cue
    ("prompted the Tasmanian Nurses and Midwives Alliance"), who does what the infinitive
    after it says; None if there is none."""
    start = np_left(toks, j) if toks.text[j][:1].isupper() and (
        toks.low[j] not in PLACES and toks.low[j] not in TIME_WORDS) else None
    if start is None or start < 1 or toks.low[start] in PRONOUNS:
        return None  # not "visited Iowa to say", "visited the court on Friday to view": a
        # place or time of the act, whose purpose the infinitive tells
    verb = toks.low[start - 1]
    return (toks.start[start], toks.end[j]) if toks.text[start - 1].islower() and (
        verb.endswith("ed") or verb in IRREGULAR_PASTS) and verb not in CUE_LEMMAS else None


def _fronted(toks: Tokens, last: int, cue: tuple[int, int]) -> Found | None:
    """'Said Dorothy Poynter, who grew up with Ali, “We were all so proud of him.”': a cue
    that opens its sentence before its source, and the quotation that a comma or colon
    sets off after the source (and what is set off after it) is the content."""
    end = np_right(toks, last + 1)
    opening = next((k for k in range(last + 2, len(toks.low))
                    if toks.text[k] in QUOTES and toks.text[k - 1] in {",", ":"}), None)
    if end is not None and _aged_in_brackets(toks.text[end + 1:end + 4]):
        end += 3  # "Said Ramesh Pawar (58), a resident of ...": an age in brackets
    if end is None or opening is None or end >= opening or toks.text[end + 1] not in {",", ":"}:
        return None
    stop = len(toks.low) - 1
    while stop > opening and not toks.text[stop][:1].isalnum():
        stop -= 1
    return Found((toks.start[last + 1], toks.end[end]), cue, tok_span(toks, opening, stop))


def _aged_in_brackets(words: list[str]) -> bool:
    """Whether three tokens are an age in brackets: "(", "58", ")"."""
    return len(words) == 3 and words[0] == "(" and words[1].isdigit() and words[2] == ")"


def _cites_number(toks: Tokens, last: int) -> bool:
    """Whether "quote" cites a reference, not words: its object is a number ("call 105,
    quoting file number 241130/8841", "quoting reference P0574"), not a count of people
    ("quoting 2 officials")."""
    for k in range(last + 1, min(last + 5, len(toks.low))):
        low = toks.low[k]
        if low in {"number", "reference"} or (
                len(low) >= 4 and "," not in low and any(c.isdigit() for c in low)):
            return True
        if not toks.text[k][:1].isalnum():
            return False
    return False


def _quoted_speaker(toks: Tokens, i: int, last: int,
                    cues: dict[int, tuple[int, str]]) -> Found | None:
    """"Reuters quoted the minister as saying ...", "The statement quoted Minister Ana
    Lopez: “...”": the one quoted is the source, what follows "as saying" or the colon
    (or, with nothing after "as saying", what comes before the outlet: '"...," the
    ministry quoted X as saying') the content, and the quoting outlet or document only
    relays it. None when a
    document is quoted ("quoted the report:") or neither follows."""
    found = _quoted_end(toks, last + 1)
    if found is None:
        return None
    end, nxt = found
    after = nxt + 2 if toks.low[nxt] == "as" else nxt + 1  # "as saying" or ":"
    if after < len(toks.low) and toks.low[after] == "that":
        after += 1
    said = nxt + 1 if toks.low[nxt] == "as" else i  # the cue: "saying", else "quoted"
    cue = (toks.start[said], toks.end[said if said > i else last])
    source = (toks.start[last + 1], toks.end[end])
    if toks.low[nxt] == "as" and all(not t[:1].isalnum() for t in toks.text[after:]):
        # '"...," the ministry quoted Dlamini-Ntuli as saying.': the quotation before
        outlet = source_before(toks, i, lemma="quote")
        before = content_before(toks, outlet[0], cues) if outlet else None
        return Found(source, cue, before) if before else None
    if after >= len(toks.low):  # "quoted the minister:" ends the sentence
        return Found(source, cue, (cue[1], cue[1]), link="next")
    return Found(source, cue, tok_span(toks, after, content_end(toks, after, cues)))


def _quoted_end(toks: Tokens, start: int) -> tuple[int, int] | None:
    """Last index of whom "quoted" names, with their description set off by commas
    ("quoted Wassim Bouhlel, a Nice native, as saying"), and the index of the "as saying"
    or colon that follows them; None if neither follows."""
    end = None if start >= len(toks.low) else start if toks.low[start] in {"him", "her"} else (
        np_right(toks, start))  # "quoted him as saying"
    if end is None or end + 1 >= len(toks.low) or toks.low[end] in DOCUMENT_NOUNS:
        return None  # "quoted Comey's statement: ...": a document, no one who speaks
    nxt = end + 1
    if toks.text[nxt] == ",":
        close = next((k for k in range(nxt + 1, min(nxt + _DESCRIBED_SOURCE + 2, len(toks.low)))
                      if toks.text[k] == ","), None)
        if close is None:
            return None
        end, nxt = close - 1, close + 1
    if toks.text[nxt] == ":" or (toks.low[nxt] == "as" and nxt + 1 < len(toks.low)
                                 and toks.low[nxt + 1] == "saying"):
        return end, nxt
    return None


def _quoting_before(toks: Tokens, as_at: int) -> int | None:
    """Index of the "quoted" whose frame the "as saying" at toks[as_at] closes, if any."""
    for k in range(as_at - 1, max(-1, as_at - _DESCRIBED_SOURCE - 8), -1):
        if toks.low[k] in _QUOTING:
            found = _quoted_end(toks, k + 1)
            return k if found is not None and found[1] == as_at else None
    return None


def _participle(toks: Tokens, i: int, last: int, lemma: str,
                cues: dict[int, tuple[int, str]], cue: tuple[int, int]) -> Found | None:
    """A participle or gerund that is no progressive: after a noun it modifies, the noun is
    its source ("super PACs backing Cruz", "placards supporting Sanders"); after a
    preposition or a verb phrase, the clause's subject is ("Rubio was criticized for
    mocking Trump", "One month after announcing his support, Rubio ...", "Ayotte spent her
    time responding to ..."). Its content is its object, up to the comma or verb that ends
    the phrase. Not an adjective ("a disparaging remark") or a noun ("the ruling")."""
    j = before_adverbs(toks, i - 1)
    if j < 0:
        return None
    prev = toks.low[j]
    if prev in DETERMINERS or prev.endswith(POSSESSIVE_ENDINGS) or prev in BE:
        return None
    if toks.low[i] in _ING_NOUNS and toks.text[j].islower() and _ends_phrase(toks, last + 1):
        return None  # "an emergency warning just after 2pm", "a heavy rain warning until 9pm"
    content = cue_content(toks, last, lemma, cues, None)
    if content is None or content.span[0] < cue[1] or content.link:
        return None
    first = next(k for k in range(last + 1, len(toks.low)) if toks.start[k] >= content.span[0])
    end = aside_end(toks, first, len(toks.low) - 1)
    if toks.low[first] == "to":  # an infinitive ends where content_end ends it ("anyone
        # planning to light fires: “...”": the quotation is the clause's subject's)
        end = min(end, next(k for k in range(first, len(toks.low))
                            if toks.end[k] >= content.span[1]))
    noun = None if prev in ADVERBIAL_LINKS or not toks.text[j][:1].isalnum() else np_left(toks, j)
    if noun is not None and noun > 1 and toks.low[noun - 1] in PREPOSITIONS and (
            toks.text[noun - 2] == ",") and toks.text[j].islower() and (
            toks.low[j] not in SOURCE_NOUNS and toks.low[j][:-1] not in SOURCE_NOUNS):
        noun = None  # ", in many cases reporting ...": a phrase set off, not the doer
        # (but ", from George H.W. Bush calling ...")
    if noun is not None and ((toks.low[last + 1:last + 2] == ["them"] and is_plural(
            toks.low[j])) or (noun > 1 and toks.low[noun - 1] == "to" and (
                CUE_LEMMAS.get(toks.low[noun - 2]) == "write"))):
        noun = None  # "had written to all 27 ministers urging them to ...", "had written to
        # Dr Helen Ashworth asking for ...": whom the clause's subject wrote to, who urges
    absolute = _absolute_subject(toks, i)
    if absolute is not None:
        source: tuple[int, int] | None = absolute
    elif noun is not None and toks.low[j] not in TIME_NOUNS and _SPEND.isdisjoint(
            toks.low[max(0, noun - 1):j]):  # "had spent two years blaming ...": how long
        # the clause's subject did it
        issued = issuer(toks, noun, j, False)  # "They sent a letter to ... opposing"
        source = (toks.start[issued[0]], toks.end[issued[1]]) if issued else (
            toks.start[noun], toks.end[j])
        if clause_start(toks, noun) and ASPECT_VERBS.isdisjoint(toks.low[j + 1:i]):
            # the phrase is in the subject: it ends at the verb (not "He kept saying ...")
            end = next((k - 1 for k in range(first + 1, end + 1) if toks.low[k] in FINITE_AUX), end)
    else:
        source = _clause_subject(toks, j)
    return Found(source, cue, (content.span[0], toks.end[end]), True)


_SPEND = frozenset({"spend", "spends", "spent", "spending"})
# Cue words in -ing that are as often nouns: after a noun and before no object, a noun.
_ING_NOUNS = frozenset({"warning", "briefing", "ruling", "hearing", "finding", "filing",
                        "posting", "reading", "meeting"})


def _ends_phrase(toks: Tokens, k: int) -> bool:
    """Whether nothing an -ing word could take as its object starts at toks[k]: the
    sentence's end, a mark, a preposition, a time or the verb of the clause the noun is the
    subject of ("warning | until 9pm", "warning | just after 2pm", "an evacuation warning |
    remains in place"; not "warning | darkly that")."""
    return k >= len(toks.low) or not toks.text[k][:1].isalnum() or (
        toks.low[k] in PURE_PREPOSITIONS and toks.low[k] != "of") or (
        toks.low[k] in TIME_WORDS) or toks.low[k] in _PHRASE_STOPS


_PHRASE_STOPS = FINITE_AUX | {"until", "just", "remains", "remain", "stays", "expires",
                              "applies", "continues"}


def _absolute_subject(toks: Tokens, i: int) -> tuple[int, int] | None:
    """The subject of a participle in an absolute phrase, which opens its sentence or follows
    a comma: ", with three in 10 saying ...", "with Clinton — who ... — lambasting ...";
    past an aside set off by dashes before the participle. None if no such "with"."""
    k = i - 1
    if toks.text[k] in _DASHES:
        k = next((m for m in range(k - 1, max(-1, k - 25), -1) if toks.text[m] == toks.text[k]),
                 0) - 1
    for w in range(k, max(0, k - 8), -1):
        if toks.low[w - 1] == "with" and (w == 1 or toks.text[w - 2] == ","):
            return toks.start[w], toks.end[k]
        if not toks.text[w][:1].isalnum() or toks.low[w] in SUBORDINATORS or (
                toks.low[w].endswith("ing")):
            return None  # not "with our candidates drawing ... while still showing"
    return None


def _clause_subject(toks: Tokens, j: int) -> tuple[int, int] | None:
    """The subject of the clause that holds toks[j]: the noun phrase that opens it (with a
    name set off after it), or, when toks[j] lies in an introductory phrase ("One month
    after announcing ..., Rubio still believes"), the one after the comma that ends the
    phrase."""
    start = clause_opening(toks, j)
    if toks.low[start] in INTRO_WORDS or toks.low[start] in TIME_WORDS or (
            toks.text[start][:1].isdigit()) or start == j:
        start = _past_adverbial(toks, start, j)
    elif _verbless(toks, start, j):
        start = _past_adverbial(toks, start, j, bare=True)
    end = _counted_end(toks, start) or np_right(toks, start)
    if end is not None:
        end = _before_verb(toks, start, end)  # "Brantley jumped 14.2% after reporting"
    if end is not None and toks.text[end][:1].islower():
        end = _apposed_name_end(toks, end)  # "The NDP's immigration critic, Jasleen Dhaliwal,"
    return None if end is None else (toks.start[start], toks.end[end])


def _verbless(toks: Tokens, start: int, j: int) -> bool:
    """Whether the words from `start` to the preposition at toks[j] hold no verb, so they
    open an adverbial ("Eight years after backing Obama, Cuban ..."), not a clause."""
    return toks.low[j] in PREPOSITIONS and not any(
        toks.low[k] in FINITE_AUX or toks.low[k] in CUE_LEMMAS or is_past(toks, k)
        for k in range(start, j))


def _past_adverbial(toks: Tokens, start: int, j: int, bare: bool = False) -> int:
    """Where the subject follows an adverbial phrase opening its clause at `start`: past
    the comma that ends the phrase ("One month after announcing his support, Rubio ...";
    with `bare`, for a phrase with no verb, also a subject of lower-case words: "Eight
    years after backing Obama, billionaire owner Mark Cuban"), or, with no comma, past a
    preposition's object; else `start`."""
    end = len(toks.low) - 1
    comma = next((k for k in range(start + 1, end) if toks.text[k] == "," and ((opens_clause(
        toks, k + 1 + _closes_quote(toks, k + 1, end)) and not (
            bare and toks.low[k + 1] in RELATIVE_PRONOUNS)) or (
            bare and lower_word(toks, k + 1) and toks.low[k + 1] not in CLAUSE_WORDS
            and np_right(toks, k + 1) is not None))), None)
    if comma is None:
        return _past_object(toks, start, j)
    return comma + 1 + _closes_quote(toks, comma + 1, end)


def _past_object(toks: Tokens, start: int, j: int) -> int:
    """Past a preposition at `start` and its object, where a subject follows before toks[j]
    ("On Tuesday she ...", "After the debate the senator ..."); else `start`."""
    if toks.low[start] not in PREPOSITIONS or start + 1 >= j:
        return start
    obj = np_right(toks, start + 1)
    return obj + 1 if obj is not None and obj + 1 < j and opens_clause(toks, obj + 1) else start


def _question_asked(toks: Tokens, i: int, cues: dict[int, tuple[int, str]],
                    cue: tuple[int, int]) -> Found | None:
    """"He was asked whether ...", "when asked about the merger, she ...", "when asked by a
    reporter if ...": the content is the question, up to the comma that ends the phrase;
    the source is the asker after "by", if named, not the one asked."""
    k, source = i + 1, None
    if k + 1 < len(toks.low) and toks.low[k] == "by" and (end := np_right(toks, k + 1)):
        source, k = (toks.start[k + 1], toks.end[end]), end + 1
    if k < len(toks.low) and toks.low[k] not in _QUESTION_LEADS and (
            toks.low[k] in PURE_PREPOSITIONS or toks.low[k] in TIME_WORDS):
        k = _question_word(toks, k) or k  # "when asked at the conference about the merger"
    if k >= len(toks.low) or not (toks.low[k] in QUESTION_WORDS or toks.low[k] in _QUESTION_LEADS):
        return None
    end = aside_end(toks, k, content_end(toks, k, cues))
    end = next((j - 1 for j in range(k + 1, end) if toks.text[j] == ":"), end)  # "when asked
    # about timing: “...”": the answer after the colon is the one asked's
    return Found(source, cue, tok_span(toks, k, end)) if end > k else None


def _opening_participle(toks: Tokens, last: int, lemma: str,
                        cues: dict[int, tuple[int, str]]) -> Found | None:
    """A participle phrase that opens the sentence: "Claiming that the polls are rigged,
    Trump told ..." reports what the main clause's subject claims; "Asked about the bomb,
    Clinton said ..." reports a question whose asker the text does not name. The content
    runs to the comma that ends the phrase."""
    if last + 1 < len(toks.text) and toks.text[last + 1] == ":":
        return None  # "Posted: 6:12 PM CDT Wednesday, Mar. 19": a label, and when
    comma = next((k for k in range(last + 1, min(len(toks.low) - 1, last + 30))
                  if toks.text[k] == "," and (opens_clause(toks, k + 1) or (
                      lemma == "ask" and toks.text[k + 1][:1].isdigit()))
                  and toks.low[k + 1] not in RELATIVE_PRONOUNS and not _describes(toks, k)), None)
    if comma is None:
        return None
    start = last + 1 + (toks.low[last + 1] in {"that", "about"})
    cue = (toks.start[0], toks.end[start - 1 if toks.low[start - 1] == "about" else last])
    last_word, source = comma - 1, None
    if lemma == "ask" and start < comma and (
            toks.low[start] in PURE_PREPOSITIONS or toks.low[start] == "by"):
        start, last_word = _asked_past_adjuncts(toks, start, comma)  # "Asked on Monday whether"
    if start >= comma or toks.low[start] in PURE_PREPOSITIONS or toks.low[start] == "for" or (
            toks.low[0] in {"speaking", "talking"} and toks.low[last] in {"on", "to"}):
        return None  # "Writing for the Times, ...", "Speaking on TVNZ's Q+A, ...": where
    if lemma != "ask":
        end = np_right(toks, comma + 1)
        if end is None or past_date(toks, comma + 1) > comma + 1:
            return None  # "Posted 6:12 PM Wednesday, Mar. 19, 2025": a date, no subject
        source = (toks.start[comma + 1], toks.end[_before_verb(toks, comma + 1, end)])
    return Found(source, cue, tok_span(toks, start, last_word))


def _asked_past_adjuncts(toks: Tokens, start: int, comma: int) -> tuple[int, int]:
    """The question that an opening "Asked" puts after phrases of where, when or by whom
    ("Asked on Monday whether he would run,", "Asked at a briefing about the plan,"): from
    its question word, or "to" after whom it names ("Asked by Stephanopoulos to respond"),
    or what follows "about" up to the next phrase ("about it | after a debate"); the comma
    (no question) if there is none. Who asked stays unnamed here: naming the asker put
    reporters' and MPs' questions in digests."""
    k = _question_word(toks, start, "to" if toks.low[start] == "by" else "")
    if k is None or k >= comma:
        return comma, comma
    if toks.low[k] != "about":
        return k, comma - 1
    after = next((j for j in range(k + 2, comma) if toks.low[j] in PREPOSITIONS), comma)
    return k + 1, after - 1  # "about it | after a debate"


def _question_word(toks: Tokens, start: int, lead: str = "") -> int | None:
    """Where a question starts after phrases of where and when that open at toks[start]
    (at a question word, "about", or `lead`), within eight words and before any comma."""
    for k in range(start + 1, min(start + 9, len(toks.low))):
        if not toks.text[k][:1].isalnum():
            return None
        if toks.low[k] in QUESTION_WORDS or toks.low[k] == "about" or toks.low[k] == lead:
            return k
    return None


def _describes(toks: Tokens, k: int) -> bool:
    """Whether the comma at k sets off a description of the name before it, closed by
    another comma ("Donald Trump, the presumptive Republican nominee, ...")."""
    if not toks.text[k - 1][:1].isupper() or toks.low[k + 1] not in {"the", "a", "an"}:
        return False
    end = np_right(toks, k + 1)
    return end is not None and end + 1 < len(toks.low) and toks.text[end + 1] == ","


def _evidential(toks: Tokens, i: int, last: int, lemma: str,
                cues: dict[int, tuple[int, str]]) -> Found | None:
    """"Melania seems to have vanished", "It appears that ...": the writer's hedge, with no
    source. The content is the verb's own clause (from a relative pronoun, if one opens it,
    to the next clause mark), or what follows "it ... that". In "he appeared to suggest"
    the cue after "to" reports for the subject instead; "appear" without "to" or "that" is
    "show up"; "as it may seem," has no complement."""
    nxt = toks.text[last + 1] if last + 1 < len(toks.low) else ","
    if (nxt == "to" and last + 2 in cues) or not nxt[:1].isalnum() or (
            lemma == "appear" and nxt not in {"to", "that"}):
        return None
    j = before_adverbs(toks, i - 1)
    cue = (toks.start[i], toks.end[last])
    if j >= 0 and toks.low[j] == "it" and nxt == "that" and last + 2 < len(toks.low):
        return Found(None, cue, tok_span(toks, last + 2, content_end(toks, last + 2, cues)))
    if j < 0 or not toks.text[j][:1].isalnum():
        return None
    start = clause_opening(toks, j)
    start = next((k for k in range(j, start - 1, -1) if toks.low[k] in RELATIVE_OBJECTS), start)
    end = next((k - 1 for k in range(last + 1, len(toks.low)) if toks.text[k] in CLAUSE_MARKS
                or (toks.text[k] == "-" and toks.start[k] > toks.end[k - 1])),  # a spaced dash
               len(toks.low) - 1)
    return Found(None, cue, tok_span(toks, start, end))


def _nominal(toks: Tokens, i: int, last: int,
             cues: dict[int, tuple[int, str]]) -> Found | None:
    """A cue noun with a "that" clause: "Trump's claim that ...", "a New York Times report
    that ...". The possessor or the name before the noun is the source; the "that" must
    open a clause ("the report that was released" is a relative clause, no content)."""
    nxt = last + 2
    if i == 0 or nxt >= len(toks.low) or toks.low[last + 1] != "that" or (
            toks.low[nxt] in FINITE_AUX) or not (
            opens_clause(toks, nxt) or toks.low[nxt] == "there"):
        return None
    prev = toks.low[i - 1]
    if prev.endswith(("’s", "'s")) or toks.text[i - 1][:1].isupper():
        start = np_left(toks, i - 1)
        if start is not None and "to" in toks.low[start:i - 1]:  # "In response to X's charge"
            start = max(k for k in range(start, i - 1) if toks.low[k] == "to") + 1
    else:
        start = i - 1 if prev in {"his", "her", "their", "its"} else None
    if start is None:
        return None
    end = content_end(toks, nxt, cues)
    if _in_fronted_phrase(toks, start):
        end = aside_end(toks, nxt, end)
    return Found((toks.start[start], toks.end[i - 1]), (toks.start[i], toks.end[last]),
                 tok_span(toks, nxt, end))


def _in_fronted_phrase(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is in a phrase that opens the sentence before its main clause
    ("After Trump's claim that ..., Clinton said", "Responding to Sanders' charge that
    ..., she said"): what it holds ends at the comma that closes the phrase."""
    first = toks.low[0]
    return (first in INTRO_OPENERS or first in SUBORDINATORS or (
        first.endswith("ing") and toks.text[0][:1].isupper())) and "," not in toks.text[:k]


def _verbal(toks: Tokens, i: int, last: int, lemma: str, cues: dict[int, tuple[int, str]],
            cue: tuple[int, int], chained: bool = False, head: int | None = None) -> Found | None:
    """A cue verb and its source: the subject before it (before `head`, the verb that
    governs it, if that is another), the previous cue's when chained ("..., adding"), or
    for an inverting verb the noun phrase after it ('"...," said the minister')."""
    subject = None if chained else source_before(toks, i if head is None else head, lemma)
    if subject is None and not chained:
        inverting = (lemma in INVERTING_VERBS or (
            lemma in STATEMENT_VERBS and _after_opening_quotation(toks, i))) and (
            not toks.low[i].endswith("ing") and head is None)
        found = _inverted(toks, i, last, cue, cues) if inverting else None
        return found or _unnamed_subject(toks, i, last, lemma, cues, cue, head)
    if subject is not None and head is None:
        subject = _after_title(toks, _set_off(toks, subject, last))
    source = None if subject is None else (toks.start[subject[0]], toks.end[subject[1]] - 2 * (
        _pronoun_is(toks.low[subject[1]])))  # "He" of "He’s claiming"
    content = cue_content(toks, last, lemma, cues, None if subject is None else subject[0])
    if content is None:
        return None
    return Found(source, cue, content.span, chained, content.link, content.gap)


def _after_opening_quotation(toks: Tokens, i: int) -> bool:
    """Whether toks[i] follows the quotation that opens its sentence ('"...," vowed
    Smith'), where any verb of speech comes before its source."""
    return i > 1 and toks.text[0] in QUOTES and closes_quoted_clause(toks, i - 1)


def _unnamed_subject(toks: Tokens, i: int, last: int, lemma: str,
                     cues: dict[int, tuple[int, str]], cue: tuple[int, int],
                     head: int | None) -> Found | None:
    """A cue whose subject is no noun phrase the grammar knows ("Two in three said they
    ...", "A memo seen by Reuters said ...", "the Americans to support Ukraine's bid") still
    reports what an unmistakable complement says: "that", a question word, a colon or a
    quotation, or a clause after a verb of speech. The source is the clause's words before
    the verb."""
    verb = i if head is None else head
    j = before_adverbs(toks, verb - 1)
    if j > 2 and toks.text[j] in QUOTES and toks.text[j - 1] == ",":
        j -= 1  # an aside ends with a quotation: 'Manafort, citing “...,” said'
    if j > 1 and toks.text[j] in APPOSITION_MARKS:  # an aside ends: "Susan, clad in red, said"
        start = _main_clause_start(toks, j)
        first = next((k for k in range(start + 1, j) if toks.text[k] in APPOSITION_MARKS), None)
        if first is not None and all(toks.text[k][:1].isupper() or (
                toks.low[k] == "of" and toks.text[k + 1][:1].isupper())
                for k in range(first + 1, j)):
            j -= 1  # a name set off after a description: "The council's member for culture,
            # Cllr Peter Hasling, says", "..., Sen. Carla Lindqvist of Traverse City, told"
        elif first is not None:
            j = first - 1
    else:
        start = clause_opening(toks, j) if j >= 0 else 0
        start = next((k + 1 for k in range(j - 1, start, -1) if toks.low[k] == "that" and (
            toks.low[k - 1] in CUE_WORDS)), start)  # "Klein said that | two women who ..."
        start = next((k + 1 for k in range(j - 1, start, -1) if toks.low[k] == "as" and (
            toks.low[k + 1] not in NOUN_OPENERS)), start)  # "Governor signs order as |
        # sheriff warns of ...": a headline's clause, not "as his signature issue"
    if j < 0 or last + 1 >= len(toks.low) or not _ends_subject(toks, j) or (
            toks.low[i] in NOUN_FORMS):
        return None  # "to discuss ...", "may now ask ...", "the promises he made"
    if lemma in SPEECH_LEMMAS and j - start < _DESCRIBED_SOURCE and _after_quotation(toks, start):
        before = content_before(toks, start, cues)  # '“...,” the billionaire mogul told People.'
        return None if before is None else Found((toks.start[start], toks.end[j]), cue, before)
    if not _complement_at(toks, i, last + 1, lemma) and not (
            lemma in LISTENER_VERBS and _clause_after_listener(toks, last + 1, lemma)):
        return None
    content = cue_content(toks, last, lemma, cues, None)
    if content is None:
        return None
    return Found((toks.start[start], toks.end[j]), cue, content.span, False, content.link,
                 content.gap)


def _complement_at(toks: Tokens, i: int, nxt: int, lemma: str) -> bool:
    """Whether toks[nxt] opens an unmistakable complement of the cue at toks[i]: "that", a
    question word, a colon or a quotation, or a clause after a verb of speech."""
    return nxt < len(toks.low) and (_introduces(toks, nxt) or toks.low[nxt] in QUESTION_WORDS or (
        lemma in SPEECH_LEMMAS and opens_clause(toks, nxt)
        and not toks.low[i].endswith("ed")))  # not "a beer called Swing State Ale"


def _clause_after_listener(toks: Tokens, k: int, lemma: str) -> bool:
    """Whether a clause follows the listener at toks[k] ("..., Carla Lindqvist, told
    reporters | she had ..."): not a colon or quotation, which the listener may introduce
    for the subject before ("An email ... tells regional staff: ...")."""
    nxt = skip_listener(toks, k, lemma)
    return nxt > k and nxt < len(toks.low) and (toks.low[nxt] == "that" or (
        lemma in SPEECH_LEMMAS and opens_clause(toks, nxt)))


def _after_title(toks: Tokens, subject: tuple[int, int]) -> tuple[int, int]:
    """The source with the words before its name when they follow a quotation that opens
    the sentence: a title or description ('“...,” Clinton campaign manager Robby Mook
    wrote'), without which the quotation would not reach its source."""
    start = clause_opening(toks, subject[0])
    if start < subject[0] and subject[1] - start < _DESCRIBED_SOURCE and _after_quotation(
            toks, start) and all(_title_word(toks, k) for k in range(start, subject[0])):
        return start, subject[1]
    return subject


def _title_word(toks: Tokens, k: int) -> bool:
    """A word of a title or description before a name ("Clinton campaign manager"), not
    a pronoun, verb or clause word ("she added when the interviewer ...")."""
    low = toks.low[k]
    return toks.text[k][:1].isalnum() and not (
        low in CLAUSE_OR_CUE_WORDS or low in PRONOUNS or low in FINITE_AUX)


def _after_quotation(toks: Tokens, start: int) -> bool:
    """Whether a quotation that opens the sentence closes just before toks[start] ('“...,”
    the spokesman said'), so the words from there to a verb of speech are its source."""
    return start >= 2 and toks.text[0] in QUOTES and (
        closes_quoted_clause(toks, start - 1)
        or (toks.text[start - 1] == "," and toks.text[start - 2] in QUOTES))


def _ends_subject(toks: Tokens, j: int) -> bool:
    """A word that can end a verb's subject: not a mark, "to", an auxiliary, an adverb, an
    article or possessive, or a clause word (a quantifier can: "all but two said")."""
    low = toks.low[j]
    return toks.text[j][:1].isalnum() and not (
        low == "to" or low in CLAUSE_OR_CUE_WORDS or low in FINITE_AUX
        or low in NAME_DETERMINERS or is_adverb(toks, j))


def _set_off(toks: Tokens, subject: tuple[int, int], last: int) -> tuple[int, int]:
    """The source of an attribution set off by commas inside its content: in "Police, Smith
    says, have no policies" the subject before the cue is no apposition ("Police, Smith")
    but the content's opening ("Police") and the source ("Smith"), as the predicate of the
    content follows the cue's comma ("says, have ...")."""
    after = last + 1
    if after + 1 >= len(toks.low) or toks.text[after] != "," or not _continues_predicate(
            toks, after + 1):
        return subject
    comma = next((k for k in range(subject[1] - 1, subject[0], -1) if toks.text[k] == ","), None)
    return subject if comma is None else (comma + 1, subject[1])


def _continues_predicate(toks: Tokens, k: int) -> bool:
    """A word that goes on with a sentence's predicate, not one that opens a clause or a
    quotation: an auxiliary ("have", "will") or a lower-case verb form ("remains")."""
    low = toks.low[k]
    return low in FINITE_AUX or (toks.text[k].islower() and low.endswith(("s", "ed")) and (
        low not in CLAUSE_OR_CUE_WORDS and low not in DETERMINERS and not is_plural_noun(toks, k)))


def _told_last(toks: Tokens, i: int) -> bool:
    """Whether "told" ends its sentence, as in a headline's passive ("Man was drunk, court
    told"): whoever "told" has a listener after it, so the one before it is the hearer."""
    return toks.low[i] == "told" and all(not t[:1].isalnum() for t in toks.text[i + 1:])


def _impersonal(toks: Tokens, i: int, last: int, lemma: str,
                cues: dict[int, tuple[int, str]], cue: tuple[int, int]) -> Found | None:
    """A passive cue reports content without a source: after the empty subject "it" ("It
    was reported that ..."), as a raising verb ("Turnout is expected to rise", "He is said
    to be ill") or as a judgement with its grounds ("He was accused of lying", "The law is
    criticized as unfair"), whose whole clause is the content. Other passives ("was
    called") are no attribution, nor is one whose subject is the hearer ("was warned by
    police")."""
    j = i - 1
    while j >= 0 and (is_adverb(toks, j) or toks.low[j] in BE):
        j -= 1
    if last + 2 >= len(toks.low) or j < 0:
        return None
    if toks.low[j] == "it" and toks.low[last + 1] == "that":
        return Found(None, (toks.start[j], cue[1]), tok_span(
            toks, last + 2, content_end(toks, last + 2, cues)))
    if toks.low[last + 1] == "by":
        return None if lemma in NO_CONTENT_PASSIVES else (
            _told_by(toks, last, cue, cues) if lemma in LISTENER_VERBS else None) or (
            _by_agent(toks, j, last, cue))
    nxt = toks.low[last + 1]
    if not (nxt == "to" and lemma in RAISING_LEMMAS) and not (
            nxt in {"of", "for", "as"} and lemma in OBJECT_VERBS):
        return None
    start = _subject_clause(toks, j)
    return Found(None, cue, tok_span(
        toks, start, content_end(toks, start, cues)))


def _subject_clause(toks: Tokens, j: int) -> int:
    """First token of the clause whose subject ends at toks[j], inside the clause a mark
    opens: after "that", "where" or a subordinator ("confirmed that Ellery had been
    cited for ...", "districts where arrivals were expected to ..."), at "who" or
    "which", or at "that" as the subject ("a race that is widely expected to ...")."""
    start = clause_opening(toks, j)
    for k in range(j, start, -1):
        low = toks.low[k]
        if low in {"who", "which"} or (k == j and low == "that"):
            return k
        if k < j and (low in {"that", "where"} or low in SUBORDINATORS):
            return k + 1
    return start


def _by_agent(toks: Tokens, subject_end: int, last: int,
              cue: tuple[int, int]) -> Found | None:
    """"The story was first reported by the Post": the agent after "by" is the source,
    with the name set off after it ("by the party's spokesperson, Tamatha Paul,"), and
    what the subject names is the content (a bare pronoun names nothing; "This was said
    by ..." opening its sentence names the sentence before)."""
    end = np_right(toks, last + 2)
    if end is not None:
        end = _apposed_name_end(toks, end)
    start = clause_opening(toks, subject_end)
    if end is not None and start == subject_end == 0 and toks.low[0] == "this":
        return Found((toks.start[last + 2], toks.end[end]), cue, tok_span(toks, 0, 0),
                     link="prev sentence")
    if end is None or start > subject_end or (
            start == subject_end and toks.low[start] in PRONOUNS):
        return None
    return Found((toks.start[last + 2], toks.end[end]), cue, tok_span(toks, start, subject_end))


def _told_by(toks: Tokens, last: int, cue: tuple[int, int],
             cues: dict[int, tuple[int, str]]) -> Found | None:
    """"Residents were told by police (that) the road would stay closed": the subject is
    the hearer, the agent the source, and what follows the agent the content; None when
    nothing does ("the story was told by the Post")."""
    end = np_right(toks, last + 2)
    if end is None:
        return None
    start = end + 1 + (end + 1 < len(toks.low) and toks.low[end + 1] == "that")
    if start >= len(toks.low) - 1 or not toks.text[start][:1].isalnum():
        return None
    return Found((toks.start[last + 2], toks.end[end]), cue, tok_span(
        toks, start, content_end(toks, start, cues)))


# Words no title before a name holds: "Wall Street critics, including economist Paul
# Krugman," sets off examples, not the critics' name.
_NOT_IN_TITLES = FUNCTION_WORDS | FINITE_AUX | PREPOSITIONS | {"including"}


def _apposed_name_end(toks: Tokens, end: int) -> int:
    """The last token of a name set off by commas after the noun phrase ending at `end`
    ("the spokesperson, Tamatha Paul,"), a title before it or not ("The head of the
    ... Observer Group, former Fiji electoral official Adi Litia Naivalu,"), a bracket
    after it or not ("the lead negotiator, Pieter Van Damme (Renew Europe, Belgium),"),
    or `end` when none is."""
    if end + 2 >= len(toks.low) or toks.text[end + 1] != "," or not toks.text[end][:1].isalnum():
        return end  # not "(..., according to exit polls), New Hampshire"
    close = next((j for j in range(end + 2, min(len(toks.low), end + 12))
                  if not toks.text[j][:1].isalnum()), len(toks.low))
    first = close
    while first > end + 2 and close - first < 5 and toks.text[first - 1][:1].isupper():
        first -= 1
    title = range(end + 2, first)  # lower-case words and names, no function word or verb
    if first == close or not all(toks.text[j][:1].isupper() or (
            toks.low[j] not in _NOT_IN_TITLES and toks.low[j] not in CUE_WORDS)
            for j in title) or (title and not toks.text[first - 1].islower()):
        return end
    after = close
    if after < len(toks.low) and toks.text[after] == "(":
        after = next((j + 1 for j in range(after, min(len(toks.low), after + 10))
                      if toks.text[j] == ")"), after)
    return close - 1 if after == len(toks.low) or toks.text[after] in {",", "."} else end


def _verb_position(toks: Tokens, i: int, lemma: str) -> bool:
    """Whether the cue word can be a verb here. After an article or a possessive it is a
    noun or an adjective ("Trump's campaign", "a hastily called meeting"); a bare
    participle ("written responses") needs "have"; a form shared with a noun ("the plan",
    "security demands") needs a name, pronoun, auxiliary, plural or apposed source before
    it, or an object pronoun after it."""
    j = i - 1
    while j >= 0 and is_adverb(toks, j) and toks.low[j] not in FINITE_AUX:
        j -= 1
    if j < 0:
        return True
    prev = toks.low[j]
    if prev == "own" and j > 0 and (toks.low[j - 1] in DETERMINERS or (
            toks.low[j - 1].endswith(("’s", "'s", "’", "s'")))):
        return False  # "the bank's own forecast of", "its own report"
    if prev in ARTICLES or (prev.endswith(("’s", "'s", "’", "s'")) and prev not in BE
                                       and not _pronoun_is(prev)):
        return False  # "a swiftly called meeting"
    if toks.low[i].endswith("ed") and ((prev[:1].isdigit() and not AGE.fullmatch(prev)) or (
            prev in DETERMINERS or prev in PREPOSITIONS)) and (
            i + 1 < len(toks.low) and is_plural_noun(toks, i + 1)):  # (an age is a person:
        # "The 27-year-old admitted afterwards that ...")
        return False  # "by 271 pledged delegates", "the most pledged delegates", "after
        # disputed elections" (a gerund there has an object: "after criticizing rivals")
    if toks.low[i] in PARTICIPLES:
        return prev in {"has", "have", "had", "having"}
    if toks.low[i] not in NOUN_FORMS:
        return True
    if prev in FINITE_AUX or prev in {"to", "they", "we", "i", "you"}:
        return True
    if prev == ",":  # "Pence, Trump's running mate, plans to"
        return apposed_subject(toks, j) is not None
    if i + 1 < len(toks.low) and toks.low[i + 1] in {"him", "them", "us", "me"}:
        return True  # "Obama and Clinton call them", not "the plan"
    if toks.low[i] == lemma:  # "officials plan to", "critics fear", not "the plan to";
        # also "the documents project that"
        return prev.endswith("s") and (prev in SOURCE_NOUNS or is_plural_noun(toks, j) or (
            prev[:-1] in DOCUMENT_NOUNS))
    if toks.text[j][:1].isupper() or prev in PRONOUNS or prev in SOURCE_NOUNS:
        return j == 0 or toks.low[j - 1] not in DETERMINERS or prev in SOURCE_NOUNS
    nxt = toks.low[i + 1] if i + 1 < len(toks.low) else ""
    return nxt not in {"for", "to", "on", "of"}  # "average shows that", not "security demands for"


def _passive(toks: Tokens, i: int) -> bool:
    """"is expected to", "was called": a participle after a form of "be". A contracted
    "'s" after "he" or "she" is "has" when no "to", "by" or "as" follows the participle
    ("He's said he ...", "she's predicted"), not "is" ("he's said to be", "it's called")."""
    j = i - 1
    while j >= 0 and is_adverb(toks, j) and toks.low[j] not in BE:
        j -= 1
    if j < 0 or toks.low[j] not in BE or toks.low[i].endswith(("ing", "s")):
        return False
    return not (toks.low[j] in _CONTRACTED_S and j > 0 and toks.low[j - 1] in _PERSONS
                and (i + 1 >= len(toks.low) or toks.low[i + 1] not in {"to", "by", "as"}))


def _reduced_passive(toks: Tokens, i: int, last: int, lemma: str) -> bool:
    """A participle after a common noun, of a verb that takes an object, with none after
    it ("a man accused of murder", "men charged with fraud"), or after a document with an
    adjunct after it ("an interview published on Monday", "the report released by the
    agency"; not "the letter cited a summit"): a passive with no "be", a
    judgement of the noun by someone unnamed or by the agent after "by", not the noun's
    words; no statement, as
    where the participle's phrase ends is not known (it is no clause). Not a relative
    clause's verb, whose object went before ("whom one insider described as ...")."""
    by_agent = toks.low[last + 1:last + 2] == ["by"]  # "45 members submitted by Sanders"
    return i > 0 and toks.low[i].endswith("ed") and (((lemma in OBJECT_VERBS or by_agent) and (
        last + 1 < len(toks.low) and toks.low[last + 1] in {"of", "for", "as", "by"})) or (
            (toks.low[i - 1] in DOCUMENT_NOUNS or toks.low[i - 1] in DATA_NOUNS) and (
                i == 1 or toks.low[i - 2] in DETERMINERS or (  # "in written testimony
                    i > 2 and toks.text[i - 2].islower() and (  # submitted to ..."
                        toks.low[i - 3] in DETERMINERS or toks.low[i - 3] in PREPOSITIONS))) and (
                last + 1 < len(toks.low) and (toks.low[last + 1] in PREPOSITIONS or (
                    toks.low[last + 1] in TIME_WORDS or toks.low[last + 1] == "to"))))) and (
        # "Figures published last month show that ...", "said in a video posted on X"
        toks.text[i - 1].isalpha() and (toks.text[i - 1].islower() or (
            i == 1 and toks.low[0] in DATA_NOUNS))) and (
        toks.low[i - 1] not in CLAUSE_OR_CUE_WORDS or toks.low[i - 1] in DATA_NOUNS) and (
        toks.low[i - 1] not in PRONOUNS) and (
        not is_adverb(toks, i - 1)) and RELATIVE_PRONOUNS.isdisjoint(toks.low[max(0, i - 5):i])


def _raised_after_noun(toks: Tokens, i: int, last: int) -> bool:
    """A participle of belief or report between a noun and an infinitive ("raided a scam
    syndicate believed to have cheated 300 victims", "a man said to be armed"): a passive
    with no "be", what others hold of the noun, not its words."""
    participle, nxt = toks.low[i], toks.low[last + 2:last + 3]
    return i > 0 and i == last and participle in _RAISING_PARTICIPLES and (
        toks.low[last + 1:last + 2] == ["to"]) and bool(nxt) and (
        participle not in _REPORTING_PARTICIPLES or nxt[0] in {"be", "have"}) and (
        toks.text[i - 1].isalpha() and toks.text[i - 1].islower()) and (
        toks.low[i - 1] not in PRONOUNS) and not is_adverb(toks, i - 1) and (
        _OBJECT_BEFORE.isdisjoint(toks.low[max(0, i - 5):i]))  # not "what many people
    # believed to be a campaign killer": the active verb, its object fronted


# Words that front the object of a verb after them ("what many people believed").
_OBJECT_BEFORE = RELATIVE_PRONOUNS | {"what"}
# Participles that raise a noun's subject to an infinitive ("believed to have"); "said"
# and "reported" only before "be" or "have" ("reported to police" is the active verb).
_REPORTING_PARTICIPLES = frozenset({"said", "reported"})
_RAISING_PARTICIPLES = frozenset({"believed", "thought", "alleged", "understood", "rumoured",
                                  "rumored", "known", "feared"}) | _REPORTING_PARTICIPLES


# Verbs whose infinitive follows their object ("told residents to boil water"): right
# after the verb, the infinitive makes it a passive ("Residents told to boil water").
_OBJECT_FIRST = frozenset({"told", "urged", "ordered", "advised", "instructed", "warned"})


def _told_to(toks: Tokens, last: int) -> bool:
    """A passive without "be" of telling someone to act, as headlines write it ("Residents
    told to boil water", "Motorists urged to avoid SH1", "200,000 homes told not to drink
    tap water"): the subject is who was told."""
    k = last + 1 + (toks.low[last + 1:last + 2] == ["not"])
    return toks.low[last] in _OBJECT_FIRST and k + 1 < len(toks.low) and toks.low[k] == "to" and (
        lower_word(toks, k + 1) and toks.low[k + 1] not in DETERMINERS
        and toks.low[k + 1] not in OBJECT_PRONOUNS)


def _gerund(toks: Tokens, i: int, last: int) -> bool:
    """A cue in a gerund after a preposition, whose subject is the clause's ("Oz was
    criticised for saying that ...", "began by saying: ...", "for saying he would")."""
    return toks.low[i].endswith("ing") and i > 0 and toks.low[i - 1] in GERUND_PREPOSITIONS and (
        last + 1 < len(toks.low)) and (
            _introduces(toks, last + 1) or toks.low[last + 1] in PRONOUNS)


def _introduces(toks: Tokens, k: int) -> bool:
    """A word or mark that opens reported content: "that", a colon or a quotation."""
    text = toks.text[k]
    if text == "," and k + 1 < len(toks.low):
        text = toks.text[k + 1]
    return text in QUOTES or text == ":" or toks.low[k] == "that"


def _pronoun_is(low: str) -> bool:
    """A subject pronoun with "is" or "has" contracted ("he’s", "she's"): never a
    possessive, so an -ing cue after it is a progressive ("He’s claiming that ...")."""
    return low[-2:] in {"’s", "'s"} and low[:-2] in PERSON_PRONOUNS


def _progressive(toks: Tokens, i: int) -> bool:
    """An -ing cue is a verb only after "is", "was"... or in "with X saying", or one that a
    document carries ("a statement calling the test a violation", "tweets attacking her");
    otherwise it is an adjective or a participle phrase ("disparaging remarks", "lawsuits
    seeking")."""
    j = i - 1
    while j >= 0 and is_adverb(toks, j) and toks.low[j] not in BE:
        j -= 1
    if j >= 0 and (toks.low[j] in BE or toks.low[j] in DOCUMENT_NOUNS or _pronoun_is(toks.low[j])):
        return True
    if j >= 0 and toks.low[j] in ADVERBIAL_LINKS:
        return False  # a gerund: "took the last step Wednesday of announcing that ..."
    start = np_left(toks, j) if j >= 0 else None
    if start is not None and start > 0 and toks.low[start - 1] == "with":
        return True
    # "one saying that", "Clinton asking, “Why ...?”"
    return start is not None and i + 1 < len(toks.low) and _introduces(toks, i + 1)


def _inverted(toks: Tokens, i: int, last: int, cue: tuple[int, int],
              cues: dict[int, tuple[int, str]]) -> Found | None:
    """"<content>," said the Russian diplomat. After a quotation the inversion is certain, so
    the source is the words up to the next clause mark when they are no noun phrase the
    grammar knows ('"...," said coach John Smith, who ...', '"...," said Sen. Jim Whelan
    who represents ...')."""
    if i == 0 or (toks.text[i - 1] != "," and toks.text[i - 1] not in QUOTES):
        return None
    before = content_before(toks, i, cues)
    if before is None:
        return None
    quoted = toks.text[i - 1] in QUOTES or toks.text[i - 2] in QUOTES
    end = np_right(toks, last + 1)
    if end is None and toks.low[last + 2:last + 3] == ["of"] and (
            toks.low[last + 1] in QUANTITIES or toks.low[last + 1] in NUMBER_WORDS):
        end = np_right(toks, last + 3)  # "said one of the people familiar with the matter"
    if end is None:  # no noun phrase the grammar knows: after a quotation, words to a
        # clause mark; else words that end the sentence ("..., say more than 1000
        # submitters.", a headline's "..., says surgeon")
        end = _words_to_clause_mark(toks, last + 1) or (
            _bare_noun(toks, last + 1) if toks.low[i] in _SAY_FORMS else None)
        end = end if quoted or (end is not None and _ends_sentence(toks, end) and not any(
            low in PRONOUNS or low in OBJECT_PRONOUNS for low in toks.low[last + 1:end + 1]
        )) else None  # not ", asked her what she did"
    elif not quoted:
        end = _post_modified(toks, end)
    if end is None:
        return None
    if toks.text[end][:1].islower():
        end = _apposed_name_end(toks, end)  # "said Tesla's chief executive, Elon Musk"

    if end + 1 < len(toks.low) and toks.text[end + 1] == "(":
        end = next((k for k in range(end + 1, len(toks.low)) if toks.text[k] == ")"), end)
    others = toks.low[end + 1:end + 3] == ["and", "others"]  # "said Doyle and others,"
    source = (toks.start[last + 1], toks.end[end])
    end += 2 * others
    follow = end + 1 < len(toks.low)
    if follow and toks.low[end + 1] in FINITE_AUX:
        return None  # 'Manafort, citing “...,” said the candidate could win': a clause
    if follow and not quoted and toks.text[end + 1] not in {",", ".", "!", "?", ";"} and (
            toks.low[last + 1] in PRONOUNS or toks.low[end + 1] not in ADJUNCT_WORDS) and not (
            toks.low[end + 1] in _SOURCE_RELATIVES and toks.low[last + 1] not in PRONOUNS):
        return None
    if end == last + 1 and toks.low[end] in TIME_WORDS:
        return None  # "The deal, announced Friday, would ...": a participle and its time
    comma = _resumed_after(toks, end, quoted, _opening_only(toks, i - 1))
    if comma is None:
        described = _described_end(toks, end, cues)
        stop = described == len(toks.low) - 1 and toks.text[described].endswith(".")
        return Found((source[0], toks.end[described] - stop), cue, before)
    end = content_end(toks, comma + 1, cues, resumed=True)
    if end <= comma + (toks.low[comma + 1] in {"and", "but"}):  # nothing goes on past it
        return Found(source, cue, before)
    return Found(source, cue, (before[0], toks.end[end]), gap=(cue[0], toks.end[comma]))


_SOURCE_RELATIVES = frozenset({"who", "whose"})
# Adjectives and participles that describe an unnamed source after its noun, with a phrase
# of their own: "people familiar with the matter", "a person close to the talks".
_POST_MODIFIERS = frozenset({"familiar", "close", "knowledgeable", "briefed", "involved"})


def _post_modified(toks: Tokens, end: int) -> int:
    """The end of an inverted cue's source with the phrase that describes it after its noun
    ("..., said people familiar with the matter."), up to the next comma or relative
    pronoun; `end` when none follows."""
    k = end + 1
    if k + 1 >= len(toks.low) or not (
            (toks.low[k] in _POST_MODIFIERS and toks.low[k + 1] in PREPOSITIONS) or (
                toks.low[k] in PUBLISHED_PARTICIPLES and "by" in toks.low[k + 1:k + 5])):
        return end  # also "..., according to a survey released last week by the X."
    stop = next((j for j in range(k + 2, len(toks.low)) if toks.text[j] in {
        ",", ";", "-", "—", "–"} or toks.low[j] in _SOURCE_RELATIVES), len(toks.low))
    while stop - 1 > k and not toks.text[stop - 1][:1].isalnum():
        stop -= 1
    return stop - 1


def _opening_only(toks: Tokens, comma: int) -> bool:
    """Whether the words before the comma are a phrase that opens the sentence and no
    clause ("In the end,", "Because of how Democrats crafted the schedule,", "But,"; not
    "But that is not enough," or "In a year when ..., candidates have")."""
    return (toks.low[0] in INTRO_WORDS or toks.low[0] in SUBORDINATORS
            or toks.low[0] in CONJUNCTIONS) and not any(
        toks.text[k] == "," or toks.low[k] in FINITE_AUX for k in range(1, comma))


def _resumed_after(toks: Tokens, end: int, quoted: bool, opening: bool) -> int | None:
    """The comma after an inverted cue's source (and the description set off after it)
    where the content before the cue goes on: '"The risk," said Edward Leamer, an
    economist at UCLA, "is that ..."', "The paradox of Nancy, says Carl Anthony, is that
    ...". What goes on is a quotation after a quotation, else a finite verb, quoted or
    not ("The plan, said Smith, “will fail”"), or after an `opening` phrase of the
    sentence a clause ("In the end, said Smith, the plan will fail")."""
    comma = end + 1
    if comma + 1 >= len(toks.low) or toks.text[comma] != ",":
        return None
    if not _resumes_with(toks, comma + 1, quoted, opening):
        stop = min(comma + _DESCRIPTION_WORDS, len(toks.low) - 1)
        comma = next((k for k in range(comma + 1, stop)
                      if toks.text[k] == "," or toks.text[k] in QUOTES), len(toks.low))
        if comma + 1 >= len(toks.low) or toks.text[comma] != ",":
            return None
    return comma if _resumes_with(toks, comma + 1, quoted, opening) else None


def _described_end(toks: Tokens, end: int, cues: dict[int, tuple[int, str]]) -> int:
    """The end of an indefinite description set off after an inverted cue's source, part
    of it as its role ('"...," said Jane Doe, a welder at the plant.', "..., said Tony
    Ruiz, a line worker based in Sterling Heights, Mich., who ..."): at the comma or stop
    after it, past an abbreviated place; `end` itself when none follows, or when a cue
    or a relative clause lies inside (its statement is another's, as its source)."""
    if end + 3 >= len(toks.low) or toks.text[end + 1] != "," or not (
            toks.low[end + 2] in {"a", "an"} or _bare_role(toks, end + 2) or (
                toks.low[end + 2] == "the" and _bare_role(toks, end + 3))):
        return end
    k = end + 3
    while k < len(toks.low) and k - end < _DESCRIPTION_WORDS and not (
            toks.text[k] == "," and not is_qualifier(toks.text[k + 1] if k + 1 < len(toks.low)
                                                     else "")) and toks.text[k] not in QUOTES:
        k += 1
    last = k - 1
    while last > end + 2 and not any(c.isalnum() for c in toks.text[last]):
        last -= 1
    inside = range(end + 3, last + 1)
    if any(j in cues for j in inside):
        return end
    relative = next((j for j in inside if toks.low[j] in RELATIVE_PRONOUNS
                     or toks.low[j] == "whose"), None)
    if relative is not None:  # "said Ms Nurul Huda, a 34-year-old accountant | who was
        return relative - 1 if relative > end + 3 else end  # travelling ...": the noun is the role
    return last if k >= len(toks.low) or toks.text[k] == "," else end


def _bare_role(toks: Tokens, k: int) -> bool:
    """Whether a role with no article opens at toks[k]: a lower-case title and a
    preposition or another word of the title after it ("head of transport research at
    ...", "senior fellow at ...", "professor at ..."), or any singular noun before "at"
    ("partner at advisory firm ...")."""
    if k + 2 < len(toks.low) and toks.text[k].isalpha() and toks.text[k].islower() and (
            toks.low[k] not in FUNCTION_WORDS and toks.low[k] not in ROLE_WORDS) and (
            toks.low[k + 1] in ROLE_WORDS):
        k += 1  # "regional head of civil protection": an adjective before the title
    if k + 2 < len(toks.low) and toks.text[k].isalpha() and toks.text[k].islower() and (
            toks.low[k + 1] == "at" and is_bare_title(toks.low[k])):
        return True  # "partner at advisory firm Northbridge Consulting": a post at a body
    return toks.text[k].islower() and toks.low[k] in ROLE_WORDS and (
        toks.low[k] not in FUNCTION_WORDS) and k + 1 < len(toks.low) and (
        toks.low[k + 1] in NP_LINKS or toks.text[k + 1].islower())


def _resumes_with(toks: Tokens, k: int, quoted: bool, opening: bool) -> bool:
    """Whether toks[k] goes on with the content: a quotation mark after a quotation, else
    a finite verb ("is that ...", "does not forgive"), quoted or not, or after an opening
    phrase a clause, quoted or not."""
    if quoted:
        return toks.text[k] in QUOTES
    k += toks.text[k] in QUOTES and k + 1 < len(toks.low)
    return (toks.low[k] in FINITE_AUX and toks.text[k].islower()) or (
        opening and opens_clause(toks, k))


_SAY_FORMS = frozenset({"say", "says", "said"})


def _bare_noun(toks: Tokens, start: int) -> int | None:
    """The last of one or two lower-case words from `start` whose last is a noun, as a
    headline's source after "says" without an article ("..., says surgeon", "..., say
    residents"; not "..., declared bankruptcy"), before the sentence's end, a clause or
    a phrase that says when ("..., say medics as walkout begins", "said nurses on Friday")."""
    end = next((k for k in (start, start + 1) if k < len(toks.low) and (
        _ends_sentence(toks, k) or (k + 1 < len(toks.low) and (
            toks.low[k + 1] in SUBORDINATORS or _time_phrase(toks, k + 1))))), None)
    if end is None or not all(t.isalpha() and t.islower() for t in toks.text[start:end + 1]):
        return None
    low = toks.low[end]
    return end if (is_bare_title(low) or is_plural(low)) and low not in TIME_WORDS else None


def _time_phrase(toks: Tokens, k: int) -> bool:
    """Whether a phrase of time starts at toks[k]: a preposition and a word of time ("on
    Friday", "on Tuesday night")."""
    return toks.low[k] in PREPOSITIONS and k + 1 < len(toks.low) and toks.low[k + 1] in TIME_WORDS


def _ends_sentence(toks: Tokens, end: int) -> bool:
    """Whether only punctuation follows toks[end]."""
    return all(not text[:1].isalnum() for text in toks.text[end + 1:])


def _words_to_clause_mark(toks: Tokens, start: int) -> int | None:
    """Last word before the next clause mark, relative pronoun or phrase of time ("on
    Friday") within eight words of start, if a capitalised word is among them or they open
    with a determiner or number ("one of those advisers", "two aides", "1000 submitters")."""
    k = start
    while k < min(len(toks.low), start + 8) and toks.text[k][:1].isalnum() and (
            toks.low[k] not in RELATIVE_PRONOUNS) and not (k > start and _time_phrase(toks, k)):
        k += 1
    named = any(text[:1].isupper() for text in toks.text[start:k]) or (k > start + 1 and (
        toks.low[start] in DETERMINERS or toks.low[start].isdigit()))  # "said two aides"
    return k - 1 if k > start and named else None


def _according_to(art: ArticleText, toks: Tokens, i: int, last: int, cue: tuple[int, int],
                  cues: dict[int, tuple[int, str]]) -> Found | None:
    """"According to X, <content>", "<content>, according to X" and "<content>, according
    to X, <more of it>" ("Fundraising, according to the campaign, has surged"), where the
    content is the words on both sides, less the attribution. What follows the source is
    no content when it is an aside ("..., according to X, more than twice ...", "...,
    according to X, a former aide")."""
    before = content_before(toks, i, cues)
    if before is not None and _only_linking(toks, before):
        before = None  # "Meanwhile, according to a report by X, ...": what follows
    end = _according_source_end(art, toks, last + 1, before is not None)
    if end is None:
        return None
    if not before and (described := _described_end(toks, end, cues)) > end and (
            described + 2 < len(toks.low) and toks.text[described + 1] == ",") and (
            FINITE_AUX.isdisjoint(toks.low[end + 1:described + 1])) and not any(
            (regular_past(low) and "-" not in low) or low in IRREGULAR_PASTS
            for low in toks.low[end + 4:described + 1]):
        end = described  # "According to Marta Kowalczyk, a transport analyst at X, the ...";
        # not a clause: "According to the IDF, a gunman opened fire ..., south of ..."; a
        # compound adjective is no verb ("a senior fellow at the Vienna-based Institute")
    source = (toks.start[last + 1], toks.end[end])
    start = end + 1 + (end + 1 < len(toks.low) and toks.text[end + 1] == ",")
    if before and (start >= len(toks.low) - 2 or _is_aside(toks, start)):
        attached = _attached_part(toks, i)
        if attached is not None and toks.start[attached] > before[0]:
            before = (toks.start[attached], before[1])
        return Found(source, cue, before)  # "<content>, according to X(, an aside)."
    if start >= len(toks.low) - 1:
        return None
    if before:
        return Found(source, cue, (before[0], toks.end[-1]), gap=(cue[0], toks.end[start - 1]))
    return Found(source, cue, tok_span(toks, start, len(toks.low) - 1))


def _only_linking(toks: Tokens, span: tuple[int, int]) -> bool:
    """Whether a span before "according to" holds only a word that links the sentence to
    the one before ("Meanwhile", "However", "Also"): no content."""
    words = [low for k, low in enumerate(toks.low) if span[0] <= toks.start[k] < span[1]]
    return len(words) == 1 and (words[0] in INTRO_WORDS or words[0] in SENTENCE_ADVERBS)


def _attached_part(toks: Tokens, i: int) -> int | None:
    """Where the part of a sentence that a closing "according to" at toks[i] vouches for
    starts, when it is less than the sentence: inside the parenthesis it closes ("(the
    actual number is closer to 15 percent, according to Factcheck.org)"), or the relative
    clause just before it ("..., which stood at 263, according to the AP"); else None. A
    "with" phrase before it stays with its clause ("The plant will produce cells, with
    production expected to begin in 2027, according to the company")."""
    for k in range(i - 1, 0, -1):
        if toks.text[k] in {"(", ")"}:
            return k + 1 if toks.text[k] == "(" else None
        if toks.text[k] == "," and k < i - 1 and toks.low[k + 1] in {"which", "who"}:
            return k + 1
        if toks.text[k] == "," and k < i - 1:
            return None
    return None


def _according_source_end(art: ArticleText, toks: Tokens, first: int, closing: bool) -> int | None:
    """Last token of the source of "according to": up to the next comma (past a name set
    off there when the phrase follows its content), else, when the phrase closes its
    sentence, to the end ("..., according to official statistics."),
    else the noun phrase, cut after a known surname ("According to Lavrov Russia is ...")."""
    if first >= len(toks.low) or not toks.text[first][:1].isalnum():
        return None
    comma = next((k for k in range(first + 1, min(len(toks.low), first + 25))
                  if toks.text[k] == ","), None)
    if comma is not None and (listed := listed_body(art.text, toks.start[first])):
        stop = listed.end() - listed.group().endswith(".")  # not the sentence's stop
        return bisect.bisect_right(toks.end, stop) - 1  # past its commas
    tail = len(toks.low) - 1
    while tail > first and not toks.text[tail][:1].isalnum():
        tail -= 1
    if comma is not None and closing and (described := _source_described(toks, comma, tail)):
        return described  # "..., according to the Road to Work Coalition, a national
        # advocacy group that tracks the practice.": what the source is, set off after it
    if comma is not None:  # "..., according to the hospital's superintendent, Dr Jo Were."
        return _apposed_name_end(toks, comma - 1) if closing or _titled_person(
            toks, comma - 1) else comma - 1
    if closing and tail - first < 8:
        return tail
    end = np_right(toks, first)
    if end is None:
        return None
    if closing and (described := _post_modified(toks, end)) > end:
        return described  # "..., according to people familiar with the matter."
    if closing and _author_ends(toks, end, tail):
        return tail  # "..., according to the latest estimate by the Census and
        # Statistics Department."
    return first if end > first and toks.text[first] in art.surnames else end


def _source_described(toks: Tokens, comma: int, tail: int) -> int | None:
    """The end of a description of a body or person set off after a source at `comma`
    ("a national advocacy group that ...", "an analyst at Pivotal Research Group"), up to
    the next comma or `tail`; None if what follows is no such description ("a huge sum")."""
    if comma >= tail or toks.low[comma + 1] not in {"a", "an"}:
        return None
    end = next((k - 1 for k in range(comma + 2, tail) if toks.text[k] == ","), tail)
    head = next((k - 1 for k in range(comma + 2, end + 1) if toks.low[k] in _DESCRIPTION_ENDS),
                end)
    noun = toks.low[head]
    return end if noun in BODY_NOUNS or noun in ROLE_WORDS or noun in OCCUPATIONS else None


# Words after a description's head noun: its relative clause or phrase.
_DESCRIPTION_ENDS = frozenset({"that", "which", "who", "whose", "at", "of", "in", "for", "with",
                               "and", "based"})


def _author_ends(toks: Tokens, end: int, tail: int) -> bool:
    """Whether "by" or "from" and a name end the sentence after the noun phrase ending at
    toks[end]: the author of what that phrase names."""
    return end + 2 <= tail and toks.low[end + 1] in {"by", "from"} and all(
        toks.text[k][:1].isupper() or toks.low[k] in _NAME_LINKS for k in range(end + 2, tail + 1))


# Lower-case words inside a body's name ("the Department of Health and Social Care").
_NAME_LINKS = frozenset({"the", "of", "and", "for", "&"})


def _titled_person(toks: Tokens, end: int) -> bool:
    """Whether the noun phrase ending at toks[end] is a person's title, which a full name
    set off after it may name ("According to the Auditor General, Stephen Boyd, the ..."),
    rather than a body or a group, which a list of places may follow ("According to
    officials, Russia, China and Iran have ..."). The title may head a body's name after
    it ("According to the head of the Riau Health Agency, Yulia Marpaung, hospitals ...")."""
    k = end + 2
    while k < len(toks.low) and toks.text[k][:1].isupper():
        k += 1
    head = end
    while head > 1 and (toks.text[head][:1].isupper() or toks.low[head] in ARTICLES):
        head -= 1
    if toks.low[head] in {"of", "at", "for"}:
        head -= 1
    person = toks.low[end] in RELATION_NOUNS or toks.low[end] in LAY_PERSONS  # "her aunt,
    # Huia Tamatea, ...": a person by kin or as one of the public, as by a title
    return (toks.low[end] in ROLE_WORDS or toks.low[head] in ROLE_WORDS or person) and k - end > 3


def _past_clause(toks: Tokens, start: int) -> bool:
    """Whether a clause in the past opens at toks[start]: words of a noun phrase and a
    verb in the past after them ("the CIA security contractors left for the compound"),
    not a modifier of the noun ("the newly elected mayor", "a published report": after an
    adverb, an article or a preposition)."""
    for k in range(start + 1, min(start + 7, len(toks.low))):
        if not toks.text[k][:1].isalnum() or toks.low[k] in CLAUSE_WORDS:
            return False
        if lower_word(toks, k) and (regular_past(toks.low[k]) or toks.low[k] in IRREGULAR_PASTS):
            return toks.low[k - 1] not in DETERMINERS and toks.low[k - 1] not in PREPOSITIONS and (
                not toks.low[k - 1].endswith("ly"))
    return False


def _is_aside(toks: Tokens, start: int) -> bool:
    """Words after "according to X," that are no clause of the content: a comparison
    ("more than twice what it projected"), a relative clause or an apposition to X ("who
    spoke on condition of anonymity", "a former aide, whose ..."; not a clause that a
    relative clause follows) or words with no
    auxiliary or "be", which the content's clause needs to go on ("a Republican
    strategist", "head of the center at ...", but "has surged", "are swinging")."""
    if toks.low[start] in {"more", "less", "fewer"} and start + 1 < len(toks.low) and (
            toks.low[start + 1] == "than"):
        return True
    if toks.low[start] in RELATIVE_PRONOUNS or (
            FINITE_AUX.isdisjoint(toks.low[start:]) and not (
                toks.text[start - 1] == "," and _past_clause(toks, start))):
        return True
    comma = next((k for k in range(start + 1, len(toks.low) - 1) if toks.text[k] == ","), None)
    return comma is not None and toks.low[comma + 1] in {"who", "whose", "which"} and (
        FINITE_AUX.isdisjoint(toks.low[start:comma]))  # not "have killed 400, which ..."
