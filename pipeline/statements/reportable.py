"""What a digest of statements carries: `is_reportable` (a speaker's words about a whole
proposition), `is_object_of_cue` (a content shown after its cue, as one verb phrase) and
`without_relays` (a quotation listed once, under whose words it is).
"""

from __future__ import annotations

import bisect
import re

from ..models import Statement
from .lexicon import (
    AVOIDING_VERBS,
    CUE_LEMMAS,
    DATA_NOUNS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    EVIDENCE_VERBS,
    FINITE_AUX,
    LY_NOUNS,
    NEGATIONS,
    NUMBER_WORDS,
    PERSON_PRONOUNS,
    PHRASAL_HEADS,
    PLACES,
    PURE_PREPOSITIONS,
    QUESTION_WORDS,
    ROUNDING_PHRASES,
    ROUNDING_PREPOSITIONS,
    STATEMENT_NOUNS,
    STATEMENT_VERBS,
    WORD,
    regular_past,
)


def is_reportable(statement: Statement) -> bool:
    """Whether a statement belongs in the user's digest. The extractor finds every
    attribution, as the benchmark asks, but a reader of "who said what" wants only what a
    named or described speaker put into words (said, wrote, announced, warned; "according
    to", "in a statement", a signed quotation) about a whole proposition, not a belief or
    intention ("plans to", "wants"), a finding ("the poll shows"), or an object fragment
    ("rejects the allegation", "respond in the nearest future")."""
    if not (statement.speaker or statement.role) or not _is_proposition(statement) or (
            _ANONYMITY.match(statement.content)) or _is_plea(statement):
        return False
    if statement.direct and statement.cue.endswith((":", ".")):
        return True  # 'The ministry was blunt: “...”', 'Stead was less forgiving. “...”': a
        # quotation that a colon or the sentence before attributes
    lemma = cue_lemma(statement.cue)
    return lemma == "" or (lemma in STATEMENT_VERBS and not (
        lemma in EVIDENCE_VERBS and _is_data(statement)))


# A source's request not to be named ("asked that her name not be used", "asked not to be
# identified", "spoke on condition that he not be named"): how the story treats them,
# nothing they said of the story's matter.
_ANONYMITY = re.compile(r"""(?:condition\s+)?(?:that\s+)?(?:(?:he|she|they)\s+)?(?:not\s+
    (?:to\s+)?be\s+
    (?:named|identified|quoted)
    |(?:her|his|their)\s+names?\s+(?:not\s+be|be\s+withheld)|anonymity)""", re.I | re.X)


def cue_lemma(cue: str) -> str:
    """The lemma of a cue's verb; "" for a cue of utterance that is no verb (a signed
    quotation or transcript line, "according to", "in a statement"); "?" if unknown."""
    words = WORD.findall(cue.lower())
    if not words or words[:2] == ["according", "to"] or STATEMENT_NOUNS.intersection(words):
        return ""
    return CUE_LEMMAS.get(words[0]) or PHRASAL_HEADS.get(words[0], "?")


def negated(text: str, statement: Statement) -> bool:
    """Whether the statement's cue is negated in `text`, the article it was found in ("had
    not formally rejected the proposal", "did not say whether", "avoided condemning",
    "stopped short of saying"): a digest would report as said or done what the speaker did
    not say or do."""
    cue = statement.cue_span
    if cue is None:
        return False
    before = [word.lower() for word in text[max(0, cue.start - 40):cue.start].split()]
    if before and before[-1] in AVOIDING_VERBS:  # "avoids condemning", but "could not resist
        return not (len(before) > 1 and before[-2] in NEGATIONS)  # pointing out"
    return _NEGATED_BEFORE.search(text, max(0, cue.start - 40), cue.start) is not None


# A negation just before a cue, an adverb in "-ly" between them or not; or a stop short of
# it ("stopped short of saying whether", "fell short of calling for").
_NEGATED_BEFORE = re.compile(r"\b(?:(?:not|never|\w+n['’]t)\s+(?:\w+ly\s+)?|(?:stop(?:s|ped|ping)?"
                             r"|fall(?:s|ing)?|fell)\s+short\s+of\s+)$", re.I)


def digest_fates(statements: list[Statement], text: str = "") -> list[str]:
    """For `newswatch statements --explain`: why each statement does not reach a digest,
    or "" if it does (on a topic its passage names). Computed only when asked, apart from
    the checks the pipeline makes; `text` is the article's, for negated cues."""
    kept = {id(s) for s in without_relays(statements)}
    fates = []
    for s in statements:
        relayed = next((o for o in statements if _relays(s, o)), None)
        if id(s) not in kept and relayed is not None:
            fates.append(f"relayed: the words are listed under {relayed.speaker or '?'}")
        elif id(s) not in kept:
            fates.append("inside what the same speaker said, which the digest lists whole")
        elif not s.speaker_key:
            fates.append("no speaker: the source stands for nobody the article names"
                         if s.source_span else "no speaker: the article gives no source")
        elif not is_reportable(s):
            fates.append(_not_reportable(s))
        elif negated(text, s):
            fates.append("not reportable: its cue is negated, what was not said or done")
        else:
            fates.append("")
    return fates


def _not_reportable(statement: Statement) -> str:
    """Why is_reportable refuses a statement that has a speaker."""
    if not _is_proposition(statement):
        return "not reportable: a fragment, not a whole proposition"
    if _ANONYMITY.match(statement.content):
        return "not reportable: a request not to be named, not a statement"
    if _is_plea(statement):
        return "not reportable: a plea entered in court, an act"
    lemma = cue_lemma(statement.cue)
    if lemma in EVIDENCE_VERBS and _is_data(statement):
        return "not reportable: a finding of data, not words"
    return f"not reportable: {statement.cue!r} reports a belief, intention or act, not words"


def _is_plea(statement: Statement) -> bool:
    """Whether a statement is a plea in court ("pleaded not guilty to two charges"): the
    step of a trial a story reports, no words of the speaker's on its matter."""
    return cue_lemma(statement.cue) == "plead" and _PLEA.match(statement.content) is not None


_PLEA = re.compile(r"(?:not\s+)?guilty\b|no\s+contest\b|innocent\b", re.I)


def _is_proposition(statement: Statement) -> bool:
    """Content that states something: five words or more, or three that make a clause
    ("the bill would pass"; a quotation needs no clause), and not a prepositional phrase
    after its cue ("would respond “in the nearest future”", "did not respond to a request
    for comment"; "to" with a verb is an infinitive: "urged the West to stop"), unless a
    quotation's clause follows the phrase; nor whom one speaks for ("spoke on behalf of the
    coalition"), nor what is written off ("would write off up to $60,000 in student
    loans"), nor what one writes about ("writes about rural health for The Salt Lake
    Tribune": a writer's beat, no words on it) or speaks of (`_speaks_of`), nor the object
    of an act (`_acted_on`), nor a relative clause (`_relative`)."""
    words = [w.lower() for w in WORD.findall(statement.content)]
    if len(words) < 3 or (len(words) < 5 and not statement.direct and not _is_clause(words)):
        return False
    if statement.direct and _is_clause(words):
        return True  # a quotation that opens with a phrase: "By the time they ran the
        # test, it had gotten into my lungs", "By-elections are always difficult"
    if _relative(statement):
        return False
    return not (statement.cue_span and statement.content_span.start >= statement.cue_span.end
                and ((words[0] in PURE_PREPOSITIONS and not _rounds(words)) or (
                    _of_phrase(statement, words)) or words[:2] == ["behalf", "of"] or (
                    words[0] == "off" and cue_lemma(statement.cue) == "write") or (
                    _writes_about(statement)) or _speaks_of(statement, words) or (
                    not statement.direct and words[0] == "to" and (
                        words[1] in DETERMINERS  # "to a request for ..."
                        or cue_lemma(statement.cue) in _ADDRESSING)) or (  # "respond to
                    # questions", "had written to Parliament"
                    not statement.direct and _acted_on(cue_lemma(statement.cue), words))))


def _relative(statement: Statement) -> bool:
    """Whether reported content is a relative clause that holds its own cue ("..., which he
    argued was a more efficient way", "against what it called threats to its security"):
    its subject is a phrase of the sentence around it, which the outer statement reports."""
    return not statement.direct and statement.content.startswith(_RELATIVES) and (
        statement.cue_span is not None and statement.content_span.start < (
            statement.cue_span.start))


_RELATIVES = ("which ", "what ", "who ", "whom ")  # lower case: "WHO Kenya said ..." is no
# relative clause


def _writes_about(statement: Statement) -> bool:
    """Whether reported content is the topic one writes about, or what one writes as a
    writer's work ("writes a fortnightly column for The Post"): a beat, no words on it."""
    return not statement.direct and cue_lemma(statement.cue) == "write" and (
        statement.cue.lower().endswith(" about") or _WRITERS_WORK.match(statement.content)
        is not None)


def _speaks_of(statement: Statement, words: list[str]) -> bool:
    """Whether reported content is what one speaks of, on or to ("spoke about the economy
    at length", "spoke highly of Mr. Trump", "speaking on the host broadcaster"): a topic,
    a medium or a listener, no words on it; not "spoke about how ..." nor "spoke out
    against ...", a stance."""
    return not statement.direct and cue_lemma(statement.cue) == "speak" and (
        "out" not in statement.cue.lower().split()) and not _is_clause(words) and (
        words[0] not in QUESTION_WORDS)


# A writer's regular work, as the object of "writes".
_WRITERS_WORK = re.compile(r"(?:an?|the|her|his|their) (?:[a-z\-]+ ){0,2}"
                           r"(?:column|blog|newsletter|books?|novels?)\b")


def _of_phrase(statement: Statement, words: list[str]) -> bool:
    """Whether content after its cue is a phrase of "of" alone ("accused of ...", "boasted of
    his negotiating skills"), not one the words said follow ("said of Mr. Trump, ''He cares
    ...''", "stated of the scandal that ...") nor "of course"."""
    return not statement.direct and words[0] == "of" and words[1] != "course" and (
        "that" not in words and not _QUOTATION_AFTER.search(statement.content))


# A quotation after a comma or colon: the words said, after the phrase they are said of.
_QUOTATION_AFTER = re.compile(r"[,:]\s*(?:[“\"]|'')")


# Cues that answer something.
_ANSWERING = frozenset({"respond", "reply", "answer"})
# Cues whose "to" names whom they answer or address, never an infinitive of what was said.
_ADDRESSING = _ANSWERING | {"write"}


def _acted_on(lemma: str, words: list[str]) -> bool:
    """Whether the words after a cue are the object of an act, no clause: what an answer
    answers ("answered a number of follow-up queries"), a count of what is added, charged,
    conceded or recalled ("The committee added an amendment Tuesday exempting owners who
    can show ...", "drivers were charging double the usual fare", "conceding (only) nine
    penalties", "recalls 210,000 vehicles"; not "added that the Fed ...", nor "recalled an
    incident", which is told), a contest conceded, the document one puts out ("posted a
    statement on Instagram": its words come after it), or a company's results reported."""
    if lemma in _ANSWERING:
        return not _is_clause(words)
    if lemma in _PUTTING_OUT or lemma == "report":
        if _results(words):
            return True  # "posted a net profit of $532 million", "reported a 22 per cent
            # fall in annual net profit": a company's figures, no words on its matter
        return lemma != "report" and not _is_clause(words) and not DOCUMENT_NOUNS.isdisjoint(
            words[:4])
    if lemma == "concede" and not _is_clause(words) and (
            words[0] in _CONTESTED or (words[0] in DETERMINERS and words[1] in _CONTESTED)):
        return True  # "conceded defeat to Joseph Boakai", "conceding the race": a contest
        # given up; "conceded the deal had flaws" says something
    if lemma == "recall":
        return words[0].isdigit() or words[0] in NUMBER_WORDS
    if words[0] in {"only", "just"} and len(words) > 1:
        words = words[1:]  # "conceding only three tries"
    return lemma in {"add", "charge", "concede"} and (
        words[0] in _COUNTING or words[0].isdigit())


def _results(words: list[str]) -> bool:
    """Whether reported content opens with a company's results, a noun phrase ("a record
    net profit of Dh2.1 billion for 2024, up 38 per cent, as ..."), not a clause ("that
    profits fell")."""
    k = next((k for k, word in enumerate(words[:10]) if word in _RESULTS), None)
    return k is not None and words[0] != "that" and not _is_clause(words[:k + 4])


# A company's results, as the object of "reported" or "posted".
_RESULTS = frozenset({"profit", "profits", "loss", "losses", "revenue", "revenues", "earnings",
                      "sales", "income", "turnover", "result", "results"})
# Verbs of putting a document out: their object is the document, not what it says.
_PUTTING_OUT = frozenset({"post", "publish", "release", "issue", "share"})


_COUNTING = NUMBER_WORDS | {"a", "an", "another", "one", "double", "twice"}
# What is lost in a contest, as the object of "concede".
_CONTESTED = frozenset({"defeat", "race", "election", "contest", "nomination", "seat", "title",
                        "game", "match", "point", "goal", "goals", "penalty", "penalties"})


def _rounds(words: list[str]) -> bool:
    """Whether the preposition that opens the words rounds the number after it ("at least
    14 hospitals were hit", "about 40 per cent of his land had flooded"): a clause follows,
    not a phrase."""
    return tuple(words[:2]) in ROUNDING_PHRASES or (words[0] in ROUNDING_PREPOSITIONS and (
        words[1].isdigit() or words[1] in NUMBER_WORDS))

# Finite auxiliaries, with the one written as a single word with its negation.
_CLAUSE_AUX = FINITE_AUX | {"cannot"}


def _is_clause(words: list[str]) -> bool:
    """A subject, a verb and what it says of the subject: a finite auxiliary after the
    subject ("the bill would pass", "he was wrong"), a past tense after a noun ("councils
    needed more funding"; not an adjective after a determiner: "the proposed wall"), or
    any verb after a subject pronoun ("she supported the change"); not an ellipsis ("he
    did not", "when he does") or a question ("does Cruz?", "might not be enough": "be" is
    no finite verb)."""
    if words[0] in PERSON_PRONOUNS:
        return not NEGATIONS.issuperset(words[2:])
    if words[0] in QUESTION_WORDS or words[0] in {"whom", "which"}:
        return False  # "what he called unilateral": a clause that is no statement
    return any(i > 0 and ((word in _CLAUSE_AUX and word[:2] != "be")
                          or _is_past(word, words[i - 1]))
               and not NEGATIONS.issuperset(words[i + 1:]) for i, word in enumerate(words))


def _is_past(word: str, before: str) -> bool:
    """A past tense after its subject's noun ("councils needed"), not an adjective after a
    determiner, a possessive or an adverb ("the proposed", "Trump's proposed", "ultimately
    killed")."""
    return regular_past(word) and before not in DETERMINERS and (
        not before.endswith(("'s", "’s")) and before != "s") and (
        not before.endswith("ly") or before in LY_NOUNS)  # "the family wanted"


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
        word in FINITE_AUX or regular_past(word) for word in words)


def _is_data(statement: Statement) -> bool:
    """A source that carries evidence rather than speaks: with it, "suggests" or "confirms"
    reports a finding ("the poll suggests")."""
    return not DATA_NOUNS.isdisjoint(WORD.findall(f"{statement.speaker} {statement.role}".lower()))


def without_relays(statements: list[Statement]) -> list[Statement]:
    """Drop the attributions that only pass on another one's quotation ("“A,” Fomin warned,
    according to a ministry communiqué"), a report of another's words ("A, the ministry
    said, Xinhua reported"), or a body's account of what its own member said
    ("According to the ministry, Foreign Minister Lavrov asked ..."): the digest lists the
    words once, under the speaker whose words they are, not again under the channel that
    relayed them. Reported speech inside another speaker's reported speech ("Stoltenberg
    added Russia has indicated that ...") is the outer speaker's account, and stays."""
    inners = sorted((_extent(s)[0], i) for i, s in enumerate(statements) if s.speaker_key)
    starts = [start for start, _ in inners]

    def relays_one(outer: Statement) -> bool:
        """Only attributions starting in the first fifth of outer's content can relay it:
        found by bisection, so that n statements cost n log n, not n²."""
        span = outer.content_span
        low = bisect.bisect_left(starts, span.start)
        high = bisect.bisect_right(starts, span.start + 0.2 * (span.end - span.start) + 1)
        return any(_relays(outer, statements[i]) for _, i in inners[low:high])

    kept = [s for s in statements if not relays_one(s)]
    return [s for s in kept if not any(_own_account(s, outer) for outer in kept)]


def _own_account(inner: Statement, outer: Statement) -> bool:
    """Whether inner is reported speech inside outer's content, with outer's speaker ("Hale
    said he would not be asking the club for support", "Alcaraz said he had no part in it,
    and that he welcomed any investigation"): what the speaker said of their own act,
    which outer carries whole, negation and tense included, when outer reaches a digest."""
    start, end = _extent(inner)
    return inner is not outer and not inner.direct and bool(inner.speaker_key) and (
        inner.speaker_key == outer.speaker_key) and (
        outer.content_span.start <= start < end <= outer.content_span.end) and (
        inner.content in outer.content) and is_reportable(outer)  # not in a split
    # quotation's gap: '"A," Christie said, adding he had fought ... "B"'


def _extent(statement: Statement) -> tuple[int, int]:
    """From the first to the last character of a statement's content, cue and source."""
    parts = [statement.content_span, statement.cue_span, statement.source_span]
    spans = [(p.start, p.end) for p in parts if p is not None]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _relays(outer: Statement, inner: Statement) -> bool:
    """Whether inner is a quotation that, source and cue included, fills nearly all of
    outer's content; or an attribution that opens outer's content and that outer reports
    ("..., the ministry said, Xinhua reported"), that a label's colon heads ("FA Cup:
    Ridley says ...") or that is a member of outer's body (the body's account of what its
    member said)."""
    start, end = _extent(inner)
    outer_span = outer.content_span
    if inner is outer or not inner.speaker_key or not outer_span.start <= start < end <= (
            outer_span.end):
        return False
    if inner.direct:
        return end - start >= 0.8 * (outer_span.end - outer_span.start)
    return start == outer_span.start and (  # "A, X said, Reuters reported"
        cue_lemma(outer.cue) == "report" or (outer.cue == ":" and cue_lemma(
            inner.cue) in _HEADLINE_SPEECH) or (  # "FA Cup: Ridley says ..."
            inner.speaker_key != outer.speaker_key and _member_of(inner, outer)))


# The verbs of speech a headline's clause is told with ("Ridley says", "Aid groups warn").
_HEADLINE_SPEECH = frozenset({"say", "tell", "warn", "urge", "vow", "insist", "admit", "deny"})


def _member_of(inner: Statement, outer: Statement) -> bool:
    """Whether inner's speaker belongs to outer's body, by their titles: every word of the
    body's name that is no country begins a word of the member's role ("Russia's Foreign
    Ministry" and "Russia's Foreign Minister", "the Kremlin" and "spokesman for the
    Kremlin")."""
    if outer.unresolved or not outer.speaker_key:
        return False
    role = [w[:6] for w in WORD.findall(f"{inner.role} {inner.speaker}".lower())]
    body = [w for w in outer.speaker_key.split() if w not in PLACES]
    return bool(body) and all(any(r.startswith(w[:6]) or w.startswith(r) for r in role)
                              for w in body)
