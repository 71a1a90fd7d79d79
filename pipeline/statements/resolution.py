"""Who a statement's source is: the name it gives, or the person or body that a pronoun or
a description stands for, resolved as a reader resolves it.

A pronoun that opens its sentence ("X told police ... He told detectives"), or follows the
quotation that opens it ('Kim was skeptical. "...," she said'), stands for the subject of
the sentence before if it fits; any other for the last person it fits: "he" and
"she" pass over people the text gives the other gender ("Mrs.", "spokeswoman", "X said she
...", a given name: "Mary Brown"), "who" is the name before it. A definite description
("the Florida senator", "the ministry") is the entity that shares its words and none of
them contradicts, else the subject of the sentence before, else, for a person, the last
speaker of its paragraph or the one before; a document ("the document said") speaks for the
last named speaker. What the article ties to no name stays a description with `named`
False: "officials", "the West", "the alliance" in a text that never says which.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .lexicon import (
    ABBREVIATIONS,
    ACRONYM_KINDS,
    ADJECTIVE_SUFFIXES,
    AGE,
    AGENTIVE,
    ARTICLES,
    AUXILIARIES,
    BODY_KINDS,
    BODY_NOUNS,
    BUSINESS_KINDS,
    CAPITAL_STATES,
    CLAUSE_WORDS,
    CUE_LEMMAS,
    DATA_NOUNS,
    DATELINE_DASH,
    DAYS,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FINITE_AUX,
    FUNCTION_WORDS,
    GENDER_WORDS,
    GENERIC_PERSONS,
    HONORIFICS,
    INTRO_WORDS,
    IRREGULAR_PASTS,
    LAY_PERSONS,
    MONTHS,
    NAME_PARTICLES,
    NATIONALS,
    NOT_TITLES,
    NOT_VERBS,
    OCCUPATIONS,
    OFFICE_KINDS,
    ORG_ACRONYMS,
    PARTICIPLES,
    PERSON_ENDINGS,
    PERSON_HEADS,
    PERSON_PRONOUN_GENDER,
    PICKING_WORDS,
    PLACE_ADJECTIVES,
    PLACES,
    PREPOSITIONS,
    PUBLISHED_PARTICIPLES,
    QUESTION_WORDS,
    RELATION_NOUNS,
    ROLE_WORDS,
    SENTENCE_ADVERBS,
    SOURCE_NOUNS,
    SPEAKS_FOR,
    SPOKESPERSONS,
    SUBORDINATORS,
    TIME_WORDS,
    TITLE_ABBREVIATIONS,
    TITLE_HEADS,
    WORD,
    WORD_OPENERS,
    regular_past,
)
from .phrases import glottal_stop_name, is_plural, is_qualifier, singular
from .speakers import (
    MIXED_ACRONYM,
    POSSESSIVE_END,
    Entity,
    body_entity,
    dateline_colon,
    description_head,
    entity,
    gender_of,
    given_name_gender,
    has_given_name,
    is_maker,
    is_organisation,
    is_place_based,
    key_of,
    listed_at_end,
    proper_words,
    speaker_key,
    split_apposition,
    split_role,
    titled_alike,
    without_legal_form,
    words_of,
)


def _with_documents(pattern: str, documents: frozenset[str] = DOCUMENT_NOUNS) -> re.Pattern[str]:
    """A verbose pattern whose "DOCUMENT" stands for any of the document nouns."""
    return re.compile(pattern.replace("DOCUMENT", "|".join(sorted(documents))), re.X | re.S)


# A lower-case word that may describe a name after it ("coach", "research firm"), not one
# that links it to a time or place ("from 2011", "broadcast on MSNBC").
_DESCRIBING = (r"(?!(?:on|in|at|to|from|by|with|and|or|but|of|for|the|an?|last|this|next"
               r"|after|before|during|since)\b)[a-z][\w\-]*")
_PUBLISHED = "|".join(sorted(PUBLISHED_PARTICIPLES))
# "a statement issued by the ministry on Friday", "figures from the CSO" -> "the ministry",
# "the CSO": the author speaks.
_BY_AUTHOR = _with_documents(r"""
    ^(?:(?:[Aa]n?|[Tt]he)\s+)?(?:[\w\-]+\s+){0,2}?(?i:DOCUMENT)  # "a (written) statement", "Data"
    (?:,?\s+(?:PUBLISHED|written|signed|sent|posted)  # "a blog post, signed by"
       (?:\s+(?:last|this|on|in)\s+[A-Za-z]+)?)?  # "released last week"
    \s+(?:by|from)\s+                 # "(issued) by", not "quoted by"; not "from 2011"
    (?P<author>(?:the\s+)?[^\W\d][\w’'.\-]*            # "the ministry", "Reuters",
    (?:\s+(?:(?:of|for|and|&)\s+)?[A-Z][\w’'.\-]*    # "the Ministry of Health",
    |\s+LOWER(?=(?:\s+LOWER){0,2}\s+[A-Z]))*)  # "All Blacks coach Scott Robertson",
    .*$                                        # "market research firm IDC"
    """.replace("LOWER", _DESCRIBING).replace("PUBLISHED", _PUBLISHED))
# "a speech Mrs. Clinton delivered at NYU", "a statement the Kremlin released" -> who made
# the document.
_MAKER = _with_documents(r"""
    ^(?:[Aa]n?|[Tt]he)\s+(?:[\w\-]+\s+){0,2}?(?:DOCUMENT)\s+(?:that\s+|which\s+)?
    (?P<author>(?:the\s+)?(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)
    \s+(?:had\s+)?(?:delivered|gave|wrote|made|issued|released|published|posted|sent|signed)\b
    .*$""")
# "Bush's Facebook post", "the ministry's written statement", "the Taxpayers' Union's
# annual report", "the council's latest state of the environment report", "the council's
# report on water quality" -> the possessor: the author speaks through the document.
_POSSESSOR = _with_documents(r"""
    ^(?P<author>(?:the\s+)?(?:[A-Z][\w.\-]*['’]?\s+){0,3}[\w.\-]+)['’]s
    \s+(?:(?:[\w\-]+\s+){0,2}?|(?:[a-z][\w\-]*\s+){3,5}?)  # not a name of its own: "May's
    (?:DOCUMENT)(?:\s+(?:on|into|about)(?:\s+[\w\-]+)+)?$""")  # Washington Post-ABC News poll"
# "her statement", "his written response", "its report", "his office", "her spokesman" ->
# the owner, a pronoun to resolve: an office or a spokesperson speaks for its owner.
_OWNER = _with_documents(r"""
    ^(?P<author>[Hh]is|[Hh]er|[Ii]t)s?\s+(?:[\w\-]+\s+){0,3}?(?:DOCUMENT)$""",
    DOCUMENT_NOUNS | SPEAKS_FOR)
# "the White House statement", "a Kremlin readout" -> the name before the document: its
# author. Not data ("a CNN poll", "Census Bureau figures"): a finding, no one's words.
_ATTRIBUTIVE = _with_documents(r"""
    ^(?:(?:[Aa]n?|[Tt]he)\s+)?(?:new\s+|latest\s+)?
    (?P<author>[A-Z][\w.\-/&]*(?:\s+[A-Z][\w.\-/&]*){0,3})
    \s+(?:[a-z\-]+\s+)?(?:DOCUMENT)$""", DOCUMENT_NOUNS - DATA_NOUNS)
# A phrase set off after a document that tells who read it, not who wrote it ("Its letter,
# seen by The Post,").
_SEEN_BY = re.compile(r",\s+(?:seen|obtained|viewed|reviewed)\s+by\s+[^,]*,?\s*$")
# A common noun's possessive before a body's name ("the city's | Neighborhood Services
# Department"): the body is the name, which the owner only places.
_COMMON_OWNER = re.compile(r"^(?:the\s+)?[a-z]+['’]s\s+(?=[A-Z])")
# An article that opens a mention.
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
# Up to three lower-case words that end a mention.
_LOWER_WORDS = re.compile(r"(?:\s+[a-z][a-z\-]*){1,3}")
# A participle of publishing after a document's noun, and where or to whom ("a Health NZ
# roster report | released to the Waikato Times"): no author's words.
_PUBLISHED_AT = re.compile(rf"\s+(?:{_PUBLISHED})\b")
# Where a document's publisher follows it ("... report | released by the governor's office").
_PUBLISHED_BY = re.compile(rf"{_PUBLISHED_AT.pattern}.*\bby\s")
# A capitalised word, as a name in a statement's content may be, and the word after it.
_CAPITALISED_WORD = re.compile(r"([A-Z][\w’'\-]+)(?=\W*(\w*))")
# A sentence's end: a stop, closing marks and space, or a line break.
_STOP = re.compile(r"[.!?…][\"”’')\]]*\s+|\n")
# The subject that opens a sentence: capitalised words, with lower-case title words
# between them ("Former Democratic candidate Bernie Sanders") and a body's acronym in
# brackets ("Goencho Lok Manch (GLM) chief Savio Rodrigues"), before a verb or a comma.
_SUBJECT = re.compile(r"""
    (?:[A-Z][\w’'.]*(?:PLACED)\ +(?:[a-z][\w\-]*\ +){1,3}(?=[A-Z]))?  # "Bengaluru-based
    # agritech startup KhetSetu"
    (?:(?:[A-Z][\w’'.\-]*|\([A-Z]{2,}\))\ +(?:[a-z][\w\-]*\ +(?=[A-Z]))?)*[A-Z][\w\-]*
    (?=,|\ +[a-z(]|\ *$|[’'])""".replace("PLACED", "|".join(PLACE_ADJECTIVES)), re.X)
# A full name that opens a paragraph with an age or a description set off after it
# ("Liam Gallagher, 31,", "Dr Eric Crampton, chief economist at the ... Initiative,").
_NAMED_OPENING = re.compile(r"([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)+), ([^,\n]{1,80}),")
# A live blog's time before an entry ("11.05pm:", "7:25 a.m.:", "15:05 —").
_TIME_LABEL = re.compile(r"\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?(?::|\s*[—–-])?\s+")
# Lower-case title words before a name ("farmer Jim Hamilton", "local farmer Jim ...").
_LOWER_TITLES = re.compile(
    r"(?:[a-z][\w\-]*\ +(?:and\ +[a-z][\w\-]*\ +)?){1,3}(?=[A-Z][\w’'\-]*\ +[A-Z])")
# A photo's credit line left in an article's text ("Neilson Barnard via Getty Images",
# "Photo: Jane Smith/AP").
_CREDIT = re.compile(r"(?:\bvia |/ ?)(?:Getty|AFP|AP|Reuters|EPA|Shutterstock)\b"
                     r"|^(?:Photo|Picture|Image)(?:graph)?s?:")
# A description set off before the name it describes, opening a sentence ("The victim's
# sister, Emma Reid, ...", "Her lawyer, John Smith, ...").
_DESCRIBED_NAME = re.compile(r"""
    (?P<description>(?:The|A|An|His|Her|Their|Its|Another
                       |(?:[A-Z][\w.\-]*\ ){0,3}[A-Z][\w.\-]*['’]s)
    \ [^,;"“”]{0,60}?),\ +(?:(?!wh)[a-z][\w\-]*\ +){0,3}    # "Another rider, retired bus
    (?P<name>[A-Z][\w’'.\-]*(?:\ +[A-Z][\w’'.\-]*){0,3}),""", re.X)  # mechanic Walter ..."
# (not a relative clause's words: "Her third letter, which arrived on Thursday,")
# Up to three capitalised words that end where a surname starts ("Kosta ", "Sen. Bernie ").
_WORDS_BEFORE = re.compile(r"(?<![\w’'\-.])(?:[A-Z][\w’'\-.]* ){1,3}$")
# A name that ends a text ("... Carly Fiorina" before ", who").
_LAST_NAME = re.compile(r"(?:[A-Z][\w’'.\-]*\ +(?:of\ +)?){0,4}[A-Z][\w’'.\-]*$")
# A parenthesis that ends a phrase ("Carl Brannigan (R-Wyo.)").
_CLOSING_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")
# Prepositions of a place set off after a name ("Nicky Driscoll, 24, from Manchester").
_PLACE_PREPOSITIONS = frozenset({"from", "of", "in", "at"})
# How far back a sentence's start is looked for (a longer sentence is cut there).
_SENTENCE_SPAN = 400
# What ends the sentence before one (a stop, a closing mark, a line break).
_ENDS = frozenset(".!?…\"”’'\n")
_OPENING_WORDS = 8  # words of an opening phrase of place or time with no comma after it
# Words that may open a sentence before its subject pronoun ("But he ...").
_LEADS = frozenset({"", "but", "and", "so", "yet", "still", "then", "now"})
_PLURAL_VERBS = frozenset({"are", "were", "have"})  # a plural subject's, no body's
_APPOSITION_REACH = 60  # characters of a description set off after a subject
# No one, or anyone at all: "No one explained how", "anyone asked to pay ... should report it".
_NO_ONE = frozenset({"no one", "nobody", "no-one", "anyone", "anybody", "everyone", "everybody",
                     "none"})
_CUE_REACH = 16  # characters from a subject to its cue: " has also"
_ATTRIBUTION_REACH = 40  # characters of an attribution ending a sentence: "Biden said."
_OPENING_REACH = 100  # characters of an opening phrase: "Asked whether the pause had ...,"
# Words that follow a capitalised sentence opener that is no subject ("More than",
# "Due to", "Rather than", "Together with"): no verb, as after a subject.
_AFTER_NO_SUBJECT = NOT_VERBS | {"than", "or"}
# A quotation that opens a sentence before its pronoun ('"...," she said').
_QUOTATION = re.compile(r"[\"“][^\"“”]*[\"”]")


@dataclass
class Cast:
    """The people and bodies of an article up to a point, as the walk over its statements
    meets them: every entity named or speaking, in text order; the speakers among them;
    and what the text tells of each person's gender (above 0 "he", below "she"), by full
    name where there is one, so that "Bill Clinton" and "Hillary Clinton" keep their own."""

    entities: list[Entity] = field(default_factory=list)
    speakers: list[Entity] = field(default_factory=list)
    genders: dict[str, int] = field(default_factory=dict)
    full_names: dict[str, Entity] = field(default_factory=dict)  # key -> first full name
    roles: dict[str, set[str]] = field(default_factory=dict)  # key -> every role given

    def meet(self, who: Entity, spoke: bool = False) -> None:
        """Add an entity the text names (or a speaker, if it `spoke`) at its position."""
        self.entities.append(who)
        self.roles.setdefault(who.key, set()).add(who.role)
        if " " in who.name:
            self.full_names.setdefault(who.key, who)
        if spoke:
            self.speakers.append(who)
        if who.gender:
            self.tell(who, 3 * who.gender)  # "Mrs.", "spokeswoman": strong evidence

    def tell(self, who: Entity, evidence: int) -> None:
        """Count evidence of a person's gender: a pronoun that stands for them."""
        self.genders[_identity(who)] = self.genders.get(_identity(who), 0) + evidence

    def fits(self, who: Entity, gender: int) -> bool:
        """Whether "he" (gender 1) or "she" (-1) can stand for `who`: a person the text
        does not give the other gender (or, if not met yet, whose mention does not). A
        surname met alone ("Dr. Adeyemi-Ross") is of the gender of the full name met
        before it ("Dr. Samuel Adeyemi-Ross"). A group the text leaves unnamed ("many
        people") is no "he" or "she"; a body is, if its spokesman or spokeswoman spoke
        ("A Department of Health spokesman said ... he added")."""
        if not who.person:
            return _voiced_by(who.role, gender)
        if gender and not who.named and _is_group(description_head(who.name)):
            return False
        evidence = self.genders.get(_identity(who), 3 * who.gender)
        if not evidence and " " not in who.name and (full := self.full_names.get(who.key)):
            evidence = self.genders.get(_identity(full), 3 * full.gender)
        return evidence * gender >= 0


def _voiced_by(role: str, gender: int) -> bool:
    """Whether a body's role is the one person who spoke for it, of this gender."""
    word = role.rpartition(" ")[2].lower()
    return bool(gender) and word in SPOKESPERSONS and GENDER_WORDS.get(word, gender) == gender


def owned_genders(text: str) -> dict[str, int]:
    """Strong gender evidence, by full name, from a relative clause set off after the name
    whose possessive after a preposition of giving or company, or reflexive, is the name's
    ("Tiana Brooks, 27, who gave birth to her son", "Deputy Mayor Chipo Zulu, who attended
    the meeting with her officials"; not "Bernie Sanders, who cites them as evidence of
    her ties"), or from the subject pronoun of an adverbial clause after the verb of a
    name set off with its age ("Abdul Jalil, 61, drowned when ... as he tried"): a seed for
    the `Cast`, as the clause may come before the person speaks."""
    found: dict[str, int] = {}
    for m in [*_WHO_OWNS.finditer(text), *_SUBJECT_AS.finditer(text)]:
        named = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if named is None:
            continue
        words = named.group().split()
        male = (m.group(1) or m.group(2)) in {"his", "himself", "he"}
        for k in range(len(words) - 1):  # "Deputy Mayor Chipo Zulu": "Chipo Zulu" too
            found[" ".join(words[k:])] = 3 if male else -3
    return found


# A relative clause set off after a name (found from the clause back, which is faster),
# with a possessive after a preposition of giving or company, or a reflexive, in it.
_WHO_OWNS = re.compile(r",(?: \d{1,3},)? who\b[^,.;\"“]{0,80}?\b"
                       r"(?:(?:to|with|for|from|on) (his|her)|(himself|herself))\b")
# A name set off as a clause's subject, with its age, whose verb an adverbial clause with a
# subject pronoun follows ("Abdul Jalil, 61, drowned on Sunday when his small boat capsized
# as he tried"): the pronoun is the name's, no other name coming between. (The empty
# second group numbers it as `_WHO_OWNS`, whose second is a reflexive.)
_SUBJECT_AS = re.compile(
    rf", \d{{1,3}}, [a-z]+ed\b(?:[^,.;\"“A-Z]|\b(?:{'|'.join(sorted(DAYS)).title()})\b){{0,80}}?"
    r"\b(?:when|as|after|while|because|before) (he|she)\b()")
_NAME_BEFORE = re.compile(r"[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)+$")


def _identity(who: Entity) -> str:
    """Whom gender evidence is about: a full name, else the key."""
    return who.name if " " in who.name else who.key


def speaker(text: str, source: tuple[int, int] | None, cast: Cast,
            content: tuple[int, int] = (0, 0)) -> Entity | None:
    """Who the source of a statement at this span of the text is: the name it gives, or
    what its pronoun or description stands for; a description the article ties to no name
    is returned as it is, with `named` False; None for a pronoun that stands for nobody.
    `cast` holds the entities before it; a pronoun stands for no one its `content` names."""
    if source is None:
        return None
    start = source[0]
    mention = _author(text[start:source[1]])
    low = mention.lower().strip()
    if low in PERSON_PRONOUN_GENDER:
        return _pronoun(text, start, PERSON_PRONOUN_GENDER[low], cast, content)
    if low in {"who", "whom", "that"} or low.startswith(("who’", "who'")):  # "who’d"
        return _antecedent(text, start, cast, to_names=low != "that")
    if low == "which" and (named := _antecedent(text, start, cast, person=False)) is not None:
        return named._replace(person=False, gender=0)  # "Westpac, which had forecast ..."
    if low == "it" and (joined := _spoke_before_and(text, start, cast)) is not None:
        return joined  # "Auckland Transport says ..., and it is asking commuters ..."
    if low in {"it", "which"}:
        subject = _previous_subject(text, start, cast, body=True) if low == "it" else None
        if (subject is None or subject.person) and low == "it" and (
                opening := _body_opening_before(text, start, cast)) is not None:
            return opening
        return (_by_full_name(subject, cast) if subject is not None else None) or (
            _body_spoke_last(text, start, cast) if low == "it" else None) or next(
            (e for e in reversed(cast.entities) if not e.person), None)
    if low == "they":
        return _group_in_sentence(text, start, cast)
    if low.startswith("there ") or low in _NO_ONE:  # "There was a lot of talk about
        return None  # ...": an existential subject; "no one explained how": no one's
    if (low in MONTHS and len(low) > 3 and low[-1] != ".") or low in DAYS:
        return None  # "March: Families receive ...": a date's label, no one ("May" and
        # "Jun" may be names)
    if len(low) == 1:  # an interview's "Q:" names nobody; "A:" whom the questions went to
        return _interviewee(text, start, cast) if low == "a" else None
    if _headline_common_noun(text, start, mention):
        mention = low = f"the {low}"  # "Union threatens dispute ...": headlines drop "the"
    if low.rpartition(" ")[2] in DOCUMENT_NOUNS and (
            owner := _document_owner(text, start, mention, cast)) is not None:
        return owner
    if " by " in text[start:source[1] + 40] and (
            author := _document_author(text, start, source[1], cast)) is not None:
        return author
    if ("s " in low) and (part := _DOCUMENT_PART.fullmatch(mention.strip())) and (
            part.group("noun").lower() in DOCUMENT_NOUNS) and low.rpartition(" ")[2] not in (
            BODY_NOUNS) and (
            whole := text.find(part.group("whole"), start)) >= 0:
        return speaker(text, (whole, whole + len(part.group("whole"))), cast, content)  # "The
        # letter's closing line was blunt": the letter's, whoever wrote it; not "the
        # paper's editorial board", a body of its own
    name, role = split_role(mention)
    if not role and name == mention.strip() and name.lower() in CAPITAL_STATES and (
            _full_name(text, start, name) == name):  # not after "Denzel Washington"
        name = CAPITAL_STATES[name.lower()]  # "Moscow said": the state its capital stands for
    if not role and _PLURAL_NAME.fullmatch(mention.strip()) and not any(
            e.name.endswith(f" {name}") for e in cast.entities) and not _written_lower(
            text, name):
        return body_entity(name, start)  # "The Kestrels said": a team, no person (but "the
        # Times" after "the New York Times" is that, and "The Allies" a common noun the
        # text also writes "allies")
    if not name and role[:1].isupper() and _spelt_after(text, source[1], role):
        return body_entity(role, start)  # "the Health Service Executive (HSE)"
    if not name and role[:1].isupper() and is_organisation(role) and not is_place_based(
            role.split()) and role.partition(" ")[0].lower() not in PICKING_WORDS:
        name, role = role, ""  # "the Ministry of Health": a body's name, not a title (nor
        # "One woman at the centre")
    if _common_plural(text, name):
        name, role = "", f"{name} {role}".strip()  # "Nurses at Wellington Hospital say"
    elif _PLURAL_ACRONYM.fullmatch(name.rpartition(" ")[2]):
        name, role = "", f"{role} {name}".strip()  # "Opposition TDs", "Two NGOs": a group
    if _is_proper(name) and (not _is_description(mention, name) or any(
            e.person and e.named and e.key == key_of(name) and given_name_gender(e.name)
            for e in cast.entities)):  # "Banks said" after "Loretta Banks": a surname
        if (defined := _defined_acronym(text, start, name)) is not None:
            return entity(defined, role, start, cast.entities, mention)  # before a title's
            # initials: "the Election Commission (EC)", not "executive councillor"
        if (spelt := _spelt_out(name, cast, low.startswith("the "))) is not None:
            return entity(spelt.name, spelt.role, start, cast.entities, mention)
        if (defined := _spelt_in_text(text, start, name)) is not None:
            return entity(defined, role, start, cast.entities, mention)
        return entity(_in_full(text, start, name, cast), role, start, cast.entities, mention)
    description = role or name
    if role and name and _is_description(mention, name) and mention.rstrip().endswith(name):
        description = _ARTICLE.sub("", mention.strip())  # "The opposition Conservatives",
        # "a vast majority of Americans": a group by its plural, not a person described as
        # "opposition" (whom the sentence before may name)
    if name and not _is_proper(name) and role.lower() in SPOKESPERSONS:
        # "A spokesperson for the federation": the body whose name holds its noun, else
        # the description ("for the municipality" the text never names), not the last body
        # that spoke
        body = _described(text, start, f"the {name}", name, cast)
        if body is not None and not body.person and name.lower() in body.words:
            voiced = GENDER_WORDS.get(role.rpartition(" ")[2].lower())  # "a spokeswoman for
            return body._replace(role=role) if voiced else body  # the authority ... she added"
        description = _ARTICLE.sub("", mention.strip())
    if not description:
        return None  # "they", "I": nobody the text names
    if (body := _spokesperson_of(text, start, description, cast)) is not None:
        return body
    if not name and " " not in role and role[:1].isupper():  # "Bishop" after "Chris Bishop"
        key = key_of(role)
        named = next((e for e in reversed(cast.entities) if e.person and e.named
                      and e.key == key), None)
        if named is not None:
            return entity(named.name, named.role, start, cast.entities, mention)
    if low.startswith(("his ", "her ", "their ")):
        resolved = _titled_as(description, cast)
    elif low.startswith("this "):
        resolved = _pointed_to(text, start, description, cast)
    elif low.startswith("the "):
        resolved = _reported_company(text, start, description, content, cast) or (
            _titled_in_lede(text, start, low)) or _described(text, start, mention, description,
                                                              cast)
    elif low in BODY_KINDS:  # "police said" after "Brussels police said": as "the police",
        resolved = _described(text, start, f"the {mention.strip()}", description, cast)
        if resolved is not None and resolved.name.rpartition(" ")[2].lower() not in {
                low, "department", "service", "force"}:
            resolved = None  # not a body of another kind that names it ("Independent Police
            # Conduct Authority")
    else:
        resolved = _named_after_lede(text, start, low) or (  # "a spokesman": someone new
            _titled_in_lede(text, start, low) if any(
                POSSESSIVE_END.search(w) for w in low.split()[:-1]) else None)
        # ("Egypt's foreign minister has said ...¶Speaking ..., Hisham Farouk said")
    return resolved or _titled_later(text, description) or _unnamed(
        description, start, low.startswith(("a ", "an ", "another ", "one ")), mention)


def _body_opening_before(text: str, start: int, cast: Cast) -> Entity | None:
    """The body the sentence before "it" opens with, by its kind ("The council, to be fair,
    has an answer to that too. In its consultation document, it notes ...") or by its name
    set off after its kind ("The peak body for community housing providers, Homes for All
    Australia, has put out a statement. It says ..."): what "it" stands for."""
    opened = _sentence_before_opening(text, start, intro=True)
    kind = _BODY_KIND.match(opened[1]) if opened else None
    if opened is None or kind is None:
        return None
    before = opened[0]
    noun, name = kind.group("head"), kind.group("name")
    if name and not (_is_person_head(noun) or noun in OCCUPATIONS or given_name_gender(name)):
        return body_entity(name, before + kind.start("name"))  # whatever its kind's word
    return _described(text, before, kind.group("kind"), kind.group("kind")[4:], cast) if (
        noun in BODY_NOUNS) else None


# A sentence's opening body, by its kind, with its name set off after it ("The peak body for
# community housing providers, Homes for All Australia,", "The council,").
_BODY_KIND = re.compile(r"(?P<kind>The (?:[a-z][\w\-]* ){0,3}?(?P<head>[a-z][\w\-]*))"
                        r"(?: (?:for|of) [a-z][^,;:]{0,60})?(?:, (?P<name>[A-Z][\w’'\-]*"
                        r"(?: (?:(?:for|of|and|the) )?[A-Z][\w’'\-]*){0,5}),|,| (?=(?:has|have|had"
                        r"|is|was|will|would|says|said)\b))")


def _body_in_sentence(text: str, start: int, cast: Cast) -> Entity | None:
    """The one body named before `start` in its sentence, whom a spokesperson after it
    speaks for ("When I put Chloe's case to the Ministry of Housing, a spokesperson said")."""
    opening = _sentence_start(text, start)
    return _one_by_key(e for e in cast.entities if not e.person and e.named
                       and opening <= e.start < start)


def _one_by_key(entities: Iterable[Entity]) -> Entity | None:
    """The one entity among these, counted by key (a body met twice is one); None if there
    are none or several."""
    found = {e.key: e for e in entities}
    return next(iter(found.values())) if len(found) == 1 else None


def _body_spoke_last(text: str, start: int, cast: Cast) -> Entity | None:
    """The body that was the last to speak, in this paragraph or the one before, for "it"
    that no subject before it gives ("..., the JCS said. ... whether it was a new type of
    missile, it added"), rather than a body named since in someone's words."""
    last = _recent_speaker(text, start, cast)
    return last if last is not None and not last.person and last.named else None


def _recent_speaker(text: str, start: int, cast: Cast) -> Entity | None:
    """The last speaker, if it spoke in this paragraph or the one before."""
    last = cast.speakers[-1] if cast.speakers else None
    return last if last is not None and last.start >= _paragraph_before(text, start) else None


def _titled_later(text: str, description: str) -> Entity | None:
    """The one person the story gives an office's title of two words or more anywhere, for
    a description of that office that nobody before it answers to ("Scotland's First
    Minister has announced ...", then "First Minister Alasdair Rennie" in a caption)."""
    words = description.split()
    if words and words[0].endswith(("’s", "'s")) and words[0][:1].isupper():
        words = words[1:]  # "Scotland's": the office's place, no part of its title
    if len(words) < 2 or not all(w.lower() in ROLE_WORDS for w in words) or not any(
            w[:1].isupper() for w in words):
        return None  # not "Republican", "State": a party's or a body's word alone
    titled = _titled_in_text(text, len(text), " ".join(words))
    return None if titled is None or is_organisation(titled.name) else titled


def _reported_company(text: str, start: int, description: str, content: tuple[int, int],
                      cast: Cast) -> Entity | None:
    """The company a lede's reported clause opens with, when "the company" after it reports
    it ("Hoshizora Semiconductor will invest 700 billion yen ..., the company said"): a
    name of capitalised words that no person of the text holds."""
    if description_head(description) not in {"company", "firm"} or not (
            content[0] < start and text.find("\n", content[0], start) < 0):
        return None  # (the content may go on past it: "..., the company said, betting")
    opening = _OPENING_NAME.match(text, content[0], content[1])
    if opening is None or opening.group(1).split()[0].lower() in FUNCTION_WORDS:
        return None
    name = opening.group(1)
    if split_role(name)[1] or given_name_gender(name) or any(
            e.person and e.key == key_of(name) for e in cast.entities):
        return None  # "John Smith will ...", "President Xi will ...": a person, no company
    return body_entity(name, content[0])


# Two or more capitalised words that open a clause before its lower-case verb or an
# apposition ("Pacific Crest Mutual, one of California's largest insurers, will ...").
_OPENING_NAME = re.compile(r"((?:[A-Z][\w&’'\-]*\s){1,3}[A-Z][\w&’'\-]*)(?:\s+(?=[a-z])|,\s)")


def _titled_as(description: str, cast: Cast) -> Entity | None:
    """The named person whose role is headed by the title that a description after "his",
    "her" or "their" gives ("according to his manager" after "Tyrone manager Brendan
    Quigg"), the latest; None for a relation ("his wife"), which the text may give no one,
    a body or a group ("his campaign", "his advisers")."""
    head = description_head(description)
    if head in RELATION_NOUNS or head in GENERIC_PERSONS or head in BODY_NOUNS or is_plural(
            head) or " " in description.strip():
        return None
    return next((e for e in reversed(cast.entities) if e.person and e.named and e.role
                 and description_head(e.role) == head), None)


def _spelt_after(text: str, end: int, words: str) -> bool:
    """Whether the words are followed by their acronym in brackets ("the Health Service
    Executive (HSE)"): a body's name given in full, whatever its last word; not an office
    all of whose words are a title's ("the Chief Executive (CE)")."""
    acronym = _BRACKETED_ACRONYM.match(text, end)
    return acronym is not None and acronym.group(1) == "".join(
        w[0] for w in words.split() if w[:1].isupper()) and not all(
        w.lower() in ROLE_WORDS for w in words.split())  # not "the Chief Executive (CE)"


_BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z]{2,6})\)")


def _in_full(text: str, start: int, name: str, cast: Cast) -> str:
    """A surname alone ("Barbarouses", "von der Leyen") as the full name the text gave it
    before ("Kosta Barbarouses"), when no one of that name has spoken or been named yet."""
    if (" " not in name or name[:1].islower()) and name in text[:start]:
        key = key_of(name)
        if not any(e.key == key for e in cast.entities):
            full = _full_name(text, start, name)
            return full if full != name or " " in name else _by_given_name(name, cast)
        if " " not in name and not any(e.key == key and " " in e.name for e in cast.entities):
            return _by_given_name(name, cast)  # after a headline's "says Azhar"
    return name


def _by_given_name(name: str, cast: Cast) -> str:
    """A one-word name as the full name of the one person who spoke so far whose name opens
    with it ("Emma" after "Emma Reid"; "Azhar" after "Azhar Mohd Salleh", whose last words
    name his father), else as it is."""
    full = {e.name for e in cast.speakers if e.named and " " in e.name
            and e.name.split()[0] == name and _told_as_person(e, cast)}
    return full.pop() if len(full) == 1 else name


def _told_as_person(who: Entity, cast: Cast) -> bool:
    """Whether the text tells an entity as a person: by a role, a given name, or "he" or
    "she" that stood for it (not "Trump World")."""
    return who.person and bool(
        who.role or given_name_gender(who.name) or cast.genders.get(_identity(who)))


def _by_full_name(subject: Entity, cast: Cast) -> Entity | None:
    """The body met before whose name a body's short name opens ("Harlan Motors ... Harlan
    made a loss. It has said ..."): whom "it" stands for, by its full name."""
    if subject.person:
        return None
    return next((e for e in reversed(cast.entities) if not e.person and " " in e.name
                 and e.name.partition(" ")[0] == subject.name), None)


def _interviewee(text: str, start: int, cast: Cast) -> Entity | None:
    """Who gives an interview's answers ("A: ..."): whom the text says the questions went
    to, else the person the story's first sentence opens with ("Actress Diane Guerrero has
    become ... Q: ... A: ..."); else no one."""
    named = interviewed(text, start)
    if named is None:
        return _lede_person(text, cast)
    mention = text[named[1]:named[2]]
    name, role = split_role(mention)
    return entity(name, role, named[1], cast.entities, mention) if name else None


def _lede_person(text: str, cast: Cast) -> Entity | None:
    """The person who opens the first sentence after the headline, if a person does."""
    body = text.find("\n") + 1
    while body and body < len(text) and text[body].isspace():
        body += 1
    if not body:
        return None
    stop = _STOP.search(text, body)
    sentence = text[body:stop.end() if stop else len(text)].strip()
    subject = _sentence_subject(text, sentence, body, cast)
    return subject if subject is not None and subject.person and subject.named else None


def interviewed(text: str, start: int) -> tuple[int, int, int] | None:
    """Where the last words before `start` start that say an interview's questions were
    put to someone, or an interview was with them, and where the mention of that someone
    starts and ends ("News24 put two readers' questions to | Mbatha |:", "We put some of
    your questions to | MetService meteorologist Ana Pereira |.")."""
    found = list(_INTERVIEWED.finditer(text, max(0, start - _INTERVIEW_REACH), start))
    if not found:
        return None
    group = "who" if found[-1].group("who") else "faced"
    who = found[-1].start(group)
    return found[-1].start(), who, who + len(found[-1].group(group).rstrip())


# Whom an interview's questions go to, and how far before an answer they are looked for.
_INTERVIEWED = re.compile(r"""\b(?:questions?\s+to|interview\s+with|spoke\s+to|asked)\s+
    (?P<who>(?:(?:[a-z]+\s+){0,2}[A-Z][\w’'\-]*(?:\.(?=\s[A-Z]))?\s?){1,4})
    |(?P<faced>(?<![\w’'\-])(?:[A-Z][\w’'\-]*\s){0,3}[A-Z][\w’'\-]*)\s+(?:later\s+|then\s+)?
    (?:faced|met|addressed|took\s+questions\s+from)\s+(?:reporters|journalists|the\s+media
    |the\s+press)""", re.X)  # "Armitage later faced reporters."
_INTERVIEW_REACH = 3000


def _group_in_sentence(text: str, start: int, cast: Cast) -> Entity | None:
    """Whom "they" stands for: the group or body that spoke earlier in its sentence
    ("Observers from the Forum said ..., though they noted long delays"), not a document
    ("the survey shows ... they identify"), or the group of people that spoke in the
    sentence before ("..., two diplomats told Playbook. It also ..., they said"), or the one
    person left unnamed who spoke in the sentence before; else no one."""
    last = cast.speakers[-1] if cast.speakers else None
    here = _sentence_start(text, start)
    if last is None or not _sentence_start(text, max(0, here - 2)) <= last.start < start:
        return None
    if _anonymous(last, text) and last.start < here:
        return last  # "One former member of the household said ... '...,' they said"; not
        # "a member of the family suggested they tweet", whom "they" holds
    head = description_head(last.name if last.named else last.role or last.name)
    plural = is_plural(head) or head == "people"  # "the people said, though they cautioned"
    if last.start < here and not (plural and ("\n" not in text[last.start:start] or (
            _quoted_reply(text, last.start, start)))):
        return None
    return last if head not in DOCUMENT_NOUNS and (not last.person or plural) else None


def _quoted_reply(text: str, spoke: int, start: int) -> bool:
    """Whether the paragraph of "they" at `start` opens with a quotation, right after the
    paragraph where a group spoke ("Union officials ... say ...¶“...,” they warn")."""
    para = _paragraph_start(text, start)
    return text[para:para + 1] in {'"', "“"} and _paragraph_start(text, para - 1) <= spoke


def _anonymous(who: Entity, text: str) -> bool:
    """Whether a speaker is one person the story leaves unnamed on purpose ("One former
    member of the household", "a source close to the couple", "A former member of the
    programme team"), whom "they" may stand for."""
    first, _, rest = who.name.partition(" ")
    said = text.rfind(who.name, 0, who.start + len(who.name))
    if said > 0 and first.lower() not in _INDEFINITE:  # the article the name lost
        first, rest = (text[max(0, said - 4):said].split() or [""])[-1], who.name
    before_link = re.split(r" (?:of|at|in|from|for|with|close) ", rest)[0]
    return not who.named and first.lower() in _INDEFINITE and bool(rest) and (
        _is_person_head(description_head(before_link)))


def _named_after_lede(text: str, start: int, low: str) -> Entity | None:
    """The person a story's lede describes and its next paragraph names, as court reports
    and features do: with an age ("A man accused of assaulting a bar worker has told a
    jury ...¶Liam Gallagher, 31, is on trial ...") or a description with the lede's noun
    ("A leading economist has warned ...¶Dr Eric Crampton, chief economist at the New
    Zealand Initiative, says ..."), also past a byline, a date or key points; None
    elsewhere."""
    words = low.split()
    nouns = [w for w in words[1:4] if w in GENERIC_PERSONS or w in PERSON_HEADS or (
        w in LAY_PERSONS)]  # "A Central Coast resident has told an inquiry ..."
    if len(words) < 2 or words[0] not in {"a", "an"} or not nouns:
        return None
    headline_end, line = text.find("\n"), text.find("\n", start)
    if headline_end < 0 or line < 0 or text[start - 1:start] != "\n" or any(
            para.rstrip().endswith(".") and not para.lstrip().startswith(("-", "•"))
            for para in text[headline_end:start].split("\n\n")):
        return None  # not the first sentence under the headline: only lines with no stop
        # (a byline, a date, "Key points:") or bullets may come between
    named = _NAMED_OPENING.match(text, _line_after(text, line))
    if named is None:
        return None
    said = named.group(2)
    aged = said.isdigit()  # an age tells one of the public ("a woman", "a resident")
    if not ((GENERIC_PERSONS.intersection(nouns) or LAY_PERSONS.intersection(nouns)) if aged
            else set(nouns) & set(said.lower().split())):
        return None
    name, role = split_role(named.group(1))
    role = role if aged else said  # "chief economist at the ... Initiative"
    return entity(name, role, named.start(1), ()) if " " in name else None


def _titled_in_lede(text: str, start: int, low: str) -> Entity | None:
    """The person whose title a story's lede gives ("..., the transport minister has
    admitted.") and whose name opens its next paragraph as a subject, with no title or
    description of its own ("Kendra Furbert told the House ..."): one person, as
    Commonwealth papers write; None elsewhere."""
    words = low.split()
    if not 1 < len(words) <= 4 or words[-1] not in ROLE_WORDS or not all(
            w.isalpha() or (k < len(words) - 1 and POSSESSIVE_END.search(w))
            for k, w in enumerate(words)):
        return None  # also "Egypt's foreign minister has said", "Hong Kong's leader"
    headline_end, line = text.find("\n"), text.find("\n", start)
    opening = text.rfind("\n", 0, start) + 1
    if headline_end < 0 or line < 0 or any(
            para.rstrip().endswith(".") for para in text[headline_end:opening].split("\n\n")):
        return None  # not the story's first paragraph
    at = _line_after(text, line)
    titled = _TITLED_SUBJECT.match(text, at)
    if titled is not None and all(w.lower() in ROLE_WORDS for w in titled.group(1).split()):
        return entity(titled.group(2), titled.group(1).strip(), titled.start(2), ())  # "Chief
        # Executive Chan Kwok-hung told the Legislative Council": a title tells a person
    named = _NAMED_SUBJECT.match(text, at) or _named_after_opening(text, at)
    if named is None or not given_name_gender(named.group(1)):
        return None
    return entity(named.group(1), " ".join(words[1:]), named.start(1), ())


# A full name after a capitalised title that opens a paragraph as its subject.
_TITLED_SUBJECT = re.compile(
    r"((?:[A-Z][a-z]+ ){1,3})([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){1,2}) (?=[a-z])")


def _named_after_opening(text: str, at: int) -> re.Match[str] | None:
    """A full name that opens the paragraph at `at` as its subject after an opening phrase
    ("Speaking at a news conference in Cairo on Monday, Hisham Farouk said")."""
    first = text[at:at + 20].split(None, 1)[:1]
    if not first or not (first[0].lower() in INTRO_WORDS or first[0].endswith("ing")):
        return None
    comma = text.find(",", at, at + _OPENING_REACH)
    if comma < 0 or "\n" in text[at:comma]:
        return None
    return _NAMED_SUBJECT.match(text, comma + 2)


# A full name that opens a paragraph as its subject, a lower-case word after it.
_NAMED_SUBJECT = re.compile(r"([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){1,2}) (?=[a-z])")


def _line_after(text: str, end: int) -> int:
    """Where the next line with words starts after the line break at `end`."""
    return len(text) - len(text[end:].lstrip())


def _spokesperson_of(text: str, start: int, description: str, cast: Cast) -> Entity | None:
    """Whom "a council spokesperson" or "a Trump spokesman" speaks for: the council the
    article names ("Hastings District Council"), as "the council" would be; the one it
    met under that name ("Trump"). "The spokesperson" after a body's spokesperson spoke
    speaks for that body again."""
    words = description.split()
    if len(words) == 1 and words[0].lower() in SPOKESPERSONS:
        return _body_in_sentence(text, start, cast) or (
            _body_spoke_last(text, start, cast) if cast.speakers else None)
    if len(words) != 2 or words[1].lower() not in SPOKESPERSONS:
        return None
    kind = words[0]
    if kind[:1].isupper():
        key = key_of(kind)
        return next((e for e in reversed(cast.entities)
                     if e.key == key and (e.person or e.name == kind)), None)
    if text.startswith(("the ", "The "), start) and (named := next((
            e for e in reversed(cast.entities) if e.person and e.named
            and e.role.lower().endswith(words[1].lower()) and kind in e.role.lower().split()),
            None)):
        return named  # "the police spokesperson" after "The FCT Police Command
        # spokesperson, SP Aisha Danladi, said": her, whom the text named in that post
    kind = _BODY_ADJECTIVES.get(kind, kind)  # "A municipal spokesperson": the municipality's
    body = _described(text, start, f"the {kind}", kind, cast)
    return body if body is not None and not body.person and kind.lower() in body.words else None
    # not "A district spokeswoman" for the teachers' association that spoke before


# Adjectives of a body's noun, before a spokesperson's ("a municipal spokesperson").
_BODY_ADJECTIVES = {"municipal": "municipality", "ministerial": "ministry",
                    "parliamentary": "parliament", "departmental": "department",
                    "presidential": "presidency", "governmental": "government"}


# An acronym written with a stop after each letter ("C.D.C.", "F.B.I.").
_DOTTED_ACRONYM = re.compile(r"(?:[A-Z]\.){2,6}")


def _acronym_letters(name: str) -> str:
    """An acronym's letters in capitals, as its name's initials spell them: past the stops
    of "the C.D.C.", and with a small word's initial in lower case ("TfL") raised."""
    if _DOTTED_ACRONYM.fullmatch(name):
        return name.replace(".", "")
    return name.upper() if MIXED_ACRONYM.fullmatch(name) else name


def _spelt_out(name: str, cast: Cast, titled: bool = False) -> Entity | None:
    """The body an acronym stands for, when the text named it in full before ("Department
    of Conservation ... DOC said", "Public Service Association ... the PSA"): its words'
    initials, with or without those of "of", "and" and "for", spell the acronym. After
    "the" (`titled`), also the person whose title's last words it spells ("Agriculture
    Cabinet Secretary Mithika Linturi ... the CS said", "the DA"), in capitals or not
    ("chief minister Awadhesh Narayan Sinha ... the CM said"); not whose title's body it
    spells ("Sindh Public Transporters Alliance (SPTA) president Gul Sher Marwat"). Its
    letters may have stops, as The New York Times writes them ("the C.D.C.")."""
    name = _acronym_letters(name)
    if not (1 < len(name) < 7 and name.isalpha() and name.isupper()):
        return None
    for who in reversed(cast.entities):
        words = who.name.split()
        if who.person:
            role = who.role.split()
            title = "".join(w[0].upper() for w in role if w[:1].isupper() or (
                w.isalpha() and w.islower() and w not in FUNCTION_WORDS))
            if titled and who.named and title.endswith(name) and (
                    role[-1][:1].isupper() or role[-1] in ROLE_WORDS):
                return who
            continue
        if len(words) < 2:
            continue
        if _spells(name, words):
            return who
    return None


def _defined_acronym(text: str, start: int, name: str) -> str | None:
    """The full name an acronym was given in brackets before `start` ("the Western Cape
    Minibus Taxi Alliance (WCMTA)"), or None. Some newsrooms write an acronym said as a
    word in title case ("the Arusha Small Traders Association (Asta)"): such a one must
    spell its name's initials, as a name in brackets ("He (Trump)") does not."""
    if not (1 < len(name) < 8 and name.isalpha() and name[:1].isupper()) or (
            f"({name})" not in text):
        return None
    defined = re.search(rf"((?:[A-Z][\w’'\-]+ )(?:(?:[A-Z][\w’'\-]+|{_NAME_LINKS}) )*)"
                        rf"\({re.escape(name)}\)", text[:start])
    words = defined.group(1).split() if defined is not None else []
    if defined is None or not (name.isupper() or any(initials.upper().endswith(name.upper()) for (
            initials) in ("".join(w[0] for w in words if w[0].isupper()),
                          "".join(w[0] for w in words)))):  # "Department of Conservation (Doc)"
        return None
    return defined.group(1).strip().removeprefix("The ")


_NAME_LINKS = "of|and|for|the|to|on|in"  # "Alliance to Reclaim Our Schools (AROS)"
_CAPITALISED_RUN = re.compile(rf"[A-Z][\w’'\-]*(?: (?:(?:{_NAME_LINKS}) )?[A-Z][\w’'\-]*)+")


def _spelt_in_text(text: str, start: int, name: str) -> str | None:
    """The full name an acronym of capitals spells with its words' initials, written
    before `start` with no brackets ("a filing on the website of the National Highway
    Traffic Safety Administration ... NHTSA said", "Transport for London ... TfL said"),
    or None."""
    name = _acronym_letters(name)
    if not (2 < len(name) < 7 and name.isalpha() and name.isupper()):
        return None
    for run in reversed(list(_CAPITALISED_RUN.finditer(text, 0, start))):
        full = POSSESSIVE_END.sub("", run.group().removeprefix("The "))
        if _spells(name, full.split()):
            return full
    return None


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether an acronym is the initials of a name's words, with or without those of any
    of its small words ("of", "and", "for": "MoHRE", the Ministry of Human Resources and
    Emiratisation), or of those after a place's own initials that open it ("NSW Rural Fire
    Service": the RFS)."""
    capitals = sum(w[:1].isupper() for w in words)
    return (1 < capitals <= len(acronym) <= len(words) and _initials(acronym, words)) or (
        len(words) > 2 and words[0].isupper() and _spells(acronym, words[1:]))


def _initials(letters: str, words: list[str]) -> bool:
    """Whether `letters` are the initials of `words`: each capitalised word's, and any of
    the small words' in lower case. Read from the last word back, `spelt` holding the
    counts of final letters that the words read so far spell."""
    spelt = {0}
    for word in reversed(words):
        initial = word[0].upper()
        taken = {n + 1 for n in spelt if n < len(letters) and letters[-n - 1] == initial}
        spelt = taken if word[:1].isupper() else spelt | taken
    return len(letters) in spelt


def _is_proper(name: str) -> bool:
    """Whether a name is a proper name: capitalised, written in camel case ("eThekwini
    Municipality"), or opening with a particle before one ("van Velden", "de Blasio", "von
    der Leyen")."""
    first, _, rest = name.partition(" ")
    return name[:1].isupper() or (first.isalpha() and not first.islower()) or (
        first in NAME_PARTICLES and _is_proper(rest)) or glottal_stop_name(name)  # "'Ana"


_CAPITAL_NEXT = re.compile(r"[^\S\n][A-Z][a-z]")


def _full_name(text: str, start: int, surname: str) -> str:
    """A bare surname's full name from the text before it, when the text gives one and
    only one ("Kosta Barbarouses scored twice ... Barbarouses said"; not when both "Bill
    Clinton" and "Hillary Clinton" come before "Clinton")."""
    given = set()
    at = text.find(surname, 0, start)
    while at >= 0:
        words = _WORDS_BEFORE.search(text, max(0, at - 60), at)
        end = at + len(surname)
        first = _given_words(words.group()) if words else ""
        if words and not (end < len(text) and text[end].isalnum()) and not (
                _CAPITAL_NEXT.match(text, end) and not given_name_gender(f"{first} {surname}")):
            given.add(first)  # not "Manpower" of "Manpower Lim Hui Min": surname first
        at = text.find(surname, end, start)
    given.discard("")
    given -= {g for g in given if any(g.endswith(f" {other}") for other in given)}  # "Hooker
    # Tane Rikihana" and "Tane Rikihana": a position's word before the given name
    return f"{given.pop()} {surname}" if len(given) == 1 else surname


def _given_words(words: str) -> str:
    """The given names in the capitalised words before a surname: the words after the last
    title or word that opens the sentence ("Sen. Bernie", "But Hillary Rodham" -> "Hillary
    Rodham", "Green MP Golriz" -> "Golriz"), and past the end of a sentence ("... calls
    itself Asawitiri Media. Twitter said")."""
    tokens = words.split()
    ends = [k for k, t in enumerate(tokens) if (t.endswith(".") and len(t) > 2 and (
        t.lower().rstrip(".") not in ABBREVIATIONS)) or not _is_given(t.lower())]
    return " ".join(tokens[ends[-1] + 1:] if ends else tokens)


def _is_given(low: str) -> bool:
    """Whether a capitalised word before a surname can be a given name: no title ("Sen."),
    function word ("But"), time, place or possessive ("CNN's")."""
    return not (low in ROLE_WORDS or low in NOT_TITLES or low in TIME_WORDS or low in MONTHS
                or low in PLACES or low.endswith(("'s", "’s")))


def _unnamed(description: str, start: int, new: bool = False, mention: str = "") -> Entity:
    """A description the article ties to no name, as an entity that a later description
    or pronoun may stand for ("a spokesman ... the spokesman ... he"): a person if its
    head is a title or a person's noun ("aide", "spokeswoman", "neighbour", "man"), not a
    body's ("ministry", "council": words that also make titles, as in "ministry
    spokesman"). What is set off after it ("U.S. officials, speaking on condition of
    anonymity") is no part of it, unlike the list a group is of ("Residents of Tairua,
    Pauanui and Whitianga"). An occupation is a person's when the description brings
    someone `new` ("a senior engineer"), not when it names again ("the actress", whom a
    pronoun after may pass for the actress named). Its gender may come from the whole
    `mention` ("a mayor, who asked not to be named because his council ...")."""
    if listed_at_end(description) is None:  # "an official at the Ministry of Economy,
        description = split_apposition(description)[0]  # Trade and Industry" is whole
    head = description_head(description)
    person = _is_person_head(head) or (new and (head in OCCUPATIONS or (
        head.endswith(AGENTIVE) and head not in DOCUMENT_NOUNS and head not in BODY_NOUNS)))
    # "One submitter", "a librarian": one who does something, new to the story
    return Entity(description, key_of(description), "", person, start, named=False,
                  gender=gender_of(description) or gender_of(mention))


def _is_person_head(head: str) -> bool:
    """Whether a description's head noun is a person's: a title or a person's noun, or
    one that says so by its ending ("midwife", "fisherman", "councilwoman"), not a
    body's."""
    return head not in BODY_NOUNS and (head.endswith(PERSON_ENDINGS) or
        head in PERSON_HEADS or head in GENERIC_PERSONS or head in LAY_PERSONS or (
            head in RELATION_NOUNS and not is_plural(head)) or (head in SOURCE_NOUNS and not (
                head in DOCUMENT_NOUNS or is_plural(head))))


# A participle's phrase set off after a document ("Her report, published today,").
_PARTICIPLE_SET_OFF = re.compile(r",\s+[a-z]+ed\b[^,]*,?\s*$")


def _author(mention: str) -> str:
    """"a statement issued by the ministry", "the ministry's statement", "the Ministry
    statement" -> "the ministry", "a speech Mrs. Clinton delivered" -> "Mrs. Clinton",
    "her statement" -> "her": the author speaks. The tests
    for "by", "from", "'s " and a first letter spare most mentions the regexes. Who saw the
    document is no author ("Its letter, seen by The Post," is its)."""
    if "by" in mention or "from" in mention:
        mention = _SEEN_BY.sub("", mention)
    if "by" in mention or "from" in mention:
        named = _ATTRIBUTIVE.match(_PUBLISHED_BY.split(mention, 1)[0])  # "a New Jersey
        if named and _is_author(named.group("author")):  # Watchdog report released by
            return named.group("author")  # the governor's office": the report's author
        by = _BY_AUTHOR.match(mention)
        if by is None:
            return _COMMON_OWNER.sub("", mention)
        author, rest = by.group("author"), mention[by.end("author"):].split(",", 1)[0]
        if " and " in author and not author.startswith("the "):
            author = author.partition(" and ")[0]  # "economists Peter Schott and Justin
            # Pierce": two people, of whom the first; "the Census and Statistics
            # Department" is one body
        # a body in lower-case words: "a report by the engineering services department"
        # (but what is set off after it: ", which was handed in to court"), not its first
        # word alone; not "a survey by WBUR | radio"
        last = author.rpartition(" ")[2]  # also "a statement from the Sydney-based | company"
        return _COMMON_OWNER.sub("", author + (rest if (
            last.islower() or is_place_based([last])) and _LOWER_WORDS.fullmatch(rest) else ""))
    if mention[:1] in "AaTt" and (maker := _MAKER.match(mention)):
        return maker.group("author")
    if "’s " in mention or "'s " in mention:
        return _POSSESSOR.sub(r"\1", mention)
    if mention[:1] in "HhIi" and (owner := _OWNER.match(_PARTICIPLE_SET_OFF.sub("", mention))):
        return owner.group("author")
    attributive = _ATTRIBUTIVE.match(_PUBLISHED_AT.split(mention, 1)[0]) if " " in mention else None
    return attributive.group("author") if attributive and _is_author(
        attributive.group("author")) else mention


def _is_author(name: str) -> bool:
    """Whether the capitalised words before a document name its author ("White House",
    "Pentagon", "FBI"), not a word that opens the sentence ("One", "Partial", "March")."""
    first = name.split(None, 1)[0].lower()
    return not (first in DETERMINERS or first in MONTHS or first in DAYS or (
        " " not in name and first.endswith(ADJECTIVE_SUFFIXES)))


# An acronym's plural, people by their office: "MPs", "TDs", "MLAs", "NGOs".
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,4}s")


def _is_description(mention: str, name: str) -> bool:
    """A capitalised word that describes rather than names: a plural noun ("Officials
    said", "The Allies"), a noun for anyone ("Man denies murder"), a quantifier standing
    for a group ("Several said", "Others said"), or a region or one
    person's nationality after "the" ("the West", "the Hungarian"; not "the Chinese", a
    people)."""
    bare = name.lower()
    return " " not in name and ((is_plural(bare) and (
        bare in SOURCE_NOUNS or singular(bare) in SOURCE_NOUNS)) or (  # "Ministers said"
        bare in GENERIC_PERSONS) or bare in DETERMINERS or bare == "others" or (
            (bare in PLACES or _is_national(bare)) and (
            mention.lower().startswith("the "))))


def _of_a_nation(description: str, head: str) -> bool:
    """Whether a description is a person's of one nation ("the British driver", "the
    Kenyan runner"): a demonym, not a country's name, before a person's noun."""
    words = description.lower().split()
    return len(words) == 2 and words[1] == head and DEMONYMS.get(
        words[0], words[0]) != words[0] and not _is_group(head) and head not in BODY_NOUNS


def _is_national(low: str) -> bool:
    """A word for one person of a nation ("hungarian", "israeli"), not for a people or a
    country ("chinese", "british", "u.s.", "america")."""
    return low in NATIONALS


def _is_group(head: str) -> bool:
    """Whether a description's head noun names many ("residents", "people", "men")."""
    return is_plural(head) or head in _GROUP_HEADS


_GROUP_HEADS = frozenset({"people", "men", "women", "children", "staff"})


def _is_people(name: str) -> bool:
    """A nation's people ("Europeans", "Saudis"), whom "he" or "she" cannot stand for."""
    return name.endswith("s") and _is_national(name[:-1].lower())


def _named_in(text: str, content: tuple[int, int], gender: int) -> set[str]:
    """The keys of the people a content names by surname, alone or after a title ("Mr.
    Trump", "Williamson was"), whom a pronoun of `gender` before it cannot stand for. Not
    a name before the cue that ends the span ('“...,” Roffman predicted': the speaker),
    in a longer name ("Trump University", "Ivana Trump"), a possessive, a modifier of a
    noun ("a Rubio sign", "Carson supporters") or after a title of the other gender ("the
    former Mrs. Trump")."""
    keys = set()
    quoted = _closing_mark(text, content)  # a verb in the past after a name tells a clause
    # in the quotation ("“..., and Ben took it ...”"), not in narration a split one holds
    for name in _CAPITALISED_WORD.finditer(text, *content):
        after, before = name.group(2), text[max(0, name.start() - 20):name.start()].split()
        title = before[-1].lower() if before and before[-1][:1].isupper() else ""
        low = after.lower()
        if (title and title not in ROLE_WORDS) or GENDER_WORDS.get(title, gender) != gender or (
                after[:1].isupper() or _possessive(text, name.end())) or (
                low in CUE_LEMMAS and not WORD.search(text, name.end() + len(after) + 1,
                                                      content[1])) or (
                after[:1].islower() and not _goes_on_clause(low) and not (
                    low in IRREGULAR_PASTS and name.start() < quoted)):
            continue
        keys.add(key_of(name.group(1)))
    return keys


def _possessive(text: str, end: int) -> bool:
    """Whether the "’s" after a name at `end` makes it an owner ("Finn’s channel"), not
    "is" ("Finn’s a tough kid")."""
    return text.startswith(("’s", "'s"), end) and text[end + 3:].partition(" ")[0] not in (
        ARTICLES)


def _goes_on_clause(low: str) -> bool:
    """Whether a word after a name goes on with a clause or a phrase ("Trump would",
    "Sanders in", "Obama hopes", "Williamson badly", "Ryan himself"), not a noun the name
    modifies ("a Rubio sign", "Carson supporters")."""
    return low in FINITE_AUX or low in CLAUSE_WORDS or low in CUE_LEMMAS or low in {
        "himself", "herself"} or low.endswith(("ly", "ed"))


def _common_plural(text: str, name: str) -> bool:
    """A capitalised plural that the text also writes in lower case, and never after
    another capitalised word but inside a longer name ("New Zealand Nurses Organisation"):
    a noun that opens its sentence ("Nurses at Wellington Hospital say", "nurses" further
    on; also after "... in February."), not a surname ("Jones" after "Sarah Jones")."""
    low = name.lower()
    return " " not in name and is_plural(low) and low != name and _written_lower(
        text, name) and re.search(
        rf"[A-Z][\w.’'\-]*(?<![a-z]{{2}}\.) {re.escape(name)}\b(?! [A-Z])", text) is None


def _document_owner(text: str, start: int, mention: str, cast: Cast) -> Entity | None:
    """The body or person a document or its data is named for ("according to HDB data",
    "FEC records show", "a Quinnipiac University poll"), when the story has named them
    before: whose words the document gives."""
    owned = _OWNED_DOCUMENT.fullmatch(mention.strip())
    pos = text.find(owned.group("owner"), start) if owned is not None else -1
    if owned is None or pos < 0 or owned.group("owner").lower() in MONTHS:
        return None
    who = speaker(text, (pos, pos + len(owned.group("owner"))), cast)
    return who if who is not None and who.named and any(
        e.named and e.key == who.key for e in cast.entities) else None


def _document_author(text: str, start: int, end: int, cast: Cast) -> Entity | None:
    """Who put out a document the source names, by a participle of making and "by" in the
    source or right after it ("according to district budget documents released by
    Chicago Public Schools", "a statement issued by the Ministry of Health"): whose words
    it gives (not "a memo seen by Reuters": Reuters read it)."""
    for word in _LOWER_WORD.finditer(text, start, end):
        if singular(word.group()) in DOCUMENT_NOUNS and (
                made := _MADE_BY_AFTER.match(text, word.end(), end + 80)) is not None:
            return _maker(made, cast)
    return None


# A word in lower case; what follows a document's word when its maker is named.
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


# A part of a document, by the document's noun: "The letter's closing line".
_DOCUMENT_PART = re.compile(r"(?P<whole>(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir) (?P<noun>[a-z]+))"
                            r"['’]s (?:[a-z]+ ){0,2}[a-z]+")
# A document by its owner's name: "HDB data", "the FBI's report", "FAA records".
_OWNED_DOCUMENT = re.compile(
    r"(?:[Tt]he |[Aa]n? )?(?P<owner>[A-Z][\w.&\-]*(?: [A-Z][\w.&\-]*)*?)(?:['’]s)? [a-z]+")


def _headline_common_noun(text: str, start: int, mention: str) -> bool:
    """Whether a headline's source is one common noun ("Union threatens dispute ...",
    "Farmers warn ...", "Principal accuses ministry ..."): its capital is the headline's,
    the story writes it in lower case, and never with a capital inside a sentence (not
    "Labour" beside "labour shortage" and "the Labour leader")."""
    word, end = mention.strip(), text.find("\n")
    return start < end and word.isalpha() and word[:1].isupper() and (
        _written_lower(text, word)) and not any(
        (before := _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())) and (
            before.group(1).islower() or before.group(1).lower() in FUNCTION_WORDS)
        for m in re.compile(rf"(?<![\w’'\-]){word}(?![\w’'\-])").finditer(text, end))


# The word before another in its sentence, past a space or comma ("the | Labour leader",
# "and | Labour's"; not "Sector | Union" in a name, nor a sentence's first word).
_WORD_BEFORE = re.compile(r"([\w’'\-]+),? $")


def _written_lower(text: str, word: str) -> bool:
    """Whether the text writes a word in lower case too, as a word of its own: a common
    noun, whatever capital it has where it opens a sentence or a headline."""
    low = word.lower()
    return low in text and re.search(
        rf"(?<![\w’'\-]){re.escape(low)}(?![\w’'\-])", text) is not None


def _pronoun(text: str, start: int, gender: int, cast: Cast,
             content: tuple[int, int]) -> Entity | None:
    """The person "he" or "she" at `start` stands for: the subject of the sentence before
    if the pronoun opens its sentence, or follows the quotation that opens it, or of the
    clause ", and" joins its own to ("A retired nurse ..., raised a point ..., and she put
    it plainly"), and it fits,
    else the last person it fits; not one that its content names after it ("He said the
    side missed Williamson": not Williamson) while a person it fits, named in full, is
    left. What it resolves to learns its gender."""
    subject = _previous_subject(text, start, cast, after_quotation=True, possessor=True,
                                set_off_from=content[0]) or _first_clause_subject(
                                    text, start, cast) or _cataphora(
                                    text, start, cast) or _own_subject(text, start, cast) or (
                                    _object_before(text, start, gender, cast))
    who = subject if subject is not None and cast.fits(subject, gender) and not (
        _is_people(subject.name)) and not _is_data(subject) else (
        subject is None and (_introduced_before(text, start, gender, cast) or (
            _described_opening(text, start, gender, cast)))) or (
        subject is not None and _named_in_sentence_before(text, start, gender, cast)) or next(
        (e for e in reversed(cast.entities) if cast.fits(e, gender) and not _passer_by(e)
         and not _is_data(e)), None) or _named_before(text, start, gender, cast)
    quoted = text[content[0] - 1:content[0]] in {'"', "“"}  # a quotation before the pronoun
    # names others ("“Jess is as tough as they come,” she said"); reported words before it
    # may name its antecedent ("Obama is likely to ..., as he’s demonstrated")
    if who is not None and (named := _named_in(
            text, (content[0] if quoted else max(start, content[0]), content[1]), gender)) and (
            _is_named(cast.full_names.get(who.key, who), named, quoted)):  # "Sutcliffe" as
        # "Ben Sutcliffe": '“..., and Ben took it like the professional he is,” he told'"
        who = next((e for e in reversed(cast.entities) if e.named and " " in e.name
                    and cast.fits(e, gender) and not _is_named(e, named, quoted)), who)
    asked = _asked_about(text, start)
    if who is not None and key_of(who.name) in asked:
        others = [e for e in reversed(cast.entities) if e.person and cast.fits(e, gender)
                  and key_of(e.name) not in asked]
        who = next((e for e in others if cast.genders.get(_identity(e), e.gender) * gender > 0),
                   others[0] if others else None)  # of the pronoun's gender first
    if who is not None:
        cast.tell(who, gender)
    return who


def _described_opening(text: str, start: int, gender: int, cast: Cast) -> Entity | None:
    """The person named before whom the sentence before describes as its subject
    ("Harcourt's head of research is less sanguine. Brent could test $55, she said": Helena
    Voss, head of commodities research at Harcourt), when the pronoun has no subject."""
    head = _sentence_start(text, start)
    before = _sentence_start(text, max(0, head - 2))
    opening = _DESCRIBED_SUBJECT.match(text, before, head) if before < head and (
        "\n" not in text[before:head].strip()) else None
    if opening is None:
        return None
    who = _described(text, before, opening.group(1), _ARTICLE.sub("", opening.group(1)), cast)
    return who if who is not None and who.person and who.named and cast.fits(
        who, gender) else None


# A description that opens a sentence as its subject, before "is", "was", "has" or "had".
_DESCRIBED_SUBJECT = re.compile(
    r"((?:[Tt]he|[A-Z][\w\-]*['’]s)\s+(?:[a-z][\w\-]*\s+){0,4}?[a-z][\w\-]*)\s+"
    r"(?:is|was|has|had)\b")


def _closing_mark(text: str, content: tuple[int, int]) -> int:
    """Where a content that opens with a quotation mark first closes it (or ends)."""
    ends = [k for mark in '"”' if (k := text.find(mark, content[0], content[1])) >= 0]
    return min(ends, default=content[1])


def _asked_about(text: str, start: int) -> set[str]:
    """The words (as keys) of a phrase "Asked about ..." that opens the sentence of a
    pronoun: whom it names is no one the pronoun stands for ("Asked about Mr Reddington's
    comments and the psychiatrist's concerns, she told ...")."""
    if text.rfind("Asked ", max(0, start - _SENTENCE_SPAN), start) < 0:
        return set()  # the cheap test first: most pronouns follow no such phrase
    opening = text[_sentence_start(text, start):start]
    if not opening.startswith("Asked ") or "," not in opening:
        return set()
    opening = opening[:opening.index(",")]  # the phrase, not "Christie said ..., he said"
    return {key_of(w) for w in re.findall(r"[\w\-]+", re.sub(r"[’']s\b", "", opening))}


def _is_named(who: Entity, keys: set[str], quoted: bool) -> bool:
    """Whether a content naming `keys` names `who`: by surname, or in a quotation by given
    name ("“Jess is as tough as they come”": not Jess Harland's words; but "he accused
    the moderators of asking too many "please attack Ted" questions": Ted Cruz's)."""
    return who.key in keys or (quoted and who.named and " " in who.name and key_of(
        who.name.partition(" ")[0]) in keys)


def _named_in_sentence_before(text: str, start: int, gender: int, cast: Cast) -> Entity | None:
    """A person the sentence before names, who fits a pronoun its subject does not fit
    ("Marchetti said Okafor was the only committee member who had toured the school. He
    told reporters": Okafor, not a man named before her)."""
    head = _sentence_start(text, start)
    if head == 0:
        return None
    before, end, _ = _sentence_before(text, head)
    keys = _named_in(text, (before, end), gender)
    return next((e for e in reversed(cast.entities) if e.key in keys and e.named
                 and cast.fits(e, gender)), None) if keys else None


def _is_data(who: Entity) -> bool:
    """Whether an entity is data or a document by its name alone ("Data" in a headline's
    "What The Data Shows"), which "he" or "she" cannot stand for."""
    low = who.name.lower()
    return low in DATA_NOUNS or low in DOCUMENT_NOUNS


def _own_subject(text: str, start: int, cast: Cast) -> Entity | None:
    """The subject of the pronoun's own sentence when the pronoun opens a clause that a
    comma and a subordinator set off after it ("Jasper Quennell-Hart, 52, arrives at
    court today, where he denies ..."; "... — even though she says"): the one the sentence
    is about."""
    rest, _, word = text[max(0, start - 17):start].rstrip().rpartition(" ")
    rest = rest.removesuffix(" even")  # "..., even though she says"
    if not rest.endswith((",", "—", "–")) or word.lower() not in _SETTING_OFF:
        return None
    head = _sentence_start(text, start)
    return _sentence_subject(text, text[head:start], head, cast)


# Words that open a clause set off after a comma, whose subject a pronoun may repeat.
_SETTING_OFF = SUBORDINATORS | {"where"}


def _passer_by(who: Entity) -> bool:
    """Whether `who` is a member of the public the story leaves unnamed ("another
    resident", "a voter"): what a pronoun stands for when they open the sentence before,
    but no antecedent further on, where the people the story is about are."""
    return not who.named and description_head(who.name) in LAY_PERSONS


def _named_before(text: str, start: int, gender: int, cast: Cast) -> Entity | None:
    """The person named in full before a pronoun that no one met so far fits: the last in
    its sentence ("..., syndicated radio host Dennis Prager, disagrees ... he believes"),
    else, for a pronoun opening its sentence, the first in the sentence before ("Police
    said Tama Riley, 45, had been arrested. He told officers ..."): the one the text tells
    about, though only in someone's words. A full name with a given name of the pronoun's
    gender, or with an age."""
    head = _sentence_start(text, start)
    found = _names_fitting(text, head, start, gender)
    if found:
        return _named_entity(found[-1], cast)
    opening = text[head:start].strip(" ,")
    if opening.lower() not in _LEADS and not _QUOTATION.fullmatch(opening):
        return None
    before = _sentence_start(text, max(0, head - 2))
    first = _names_fitting(text, before, head, gender)
    return _named_entity(first[0], cast) if first else None


def _introduced_before(text: str, start: int, gender: int, cast: Cast) -> Entity | None:
    """The one person named in full, with a description set off after the name, in the
    sentence before a pronoun that opens its own, when no one opens that sentence ("The
    most damaging testimony came from Reynaldo Manansala, a former district engineer. He
    testified that ..."): whom the story has just brought in, not the last who spoke."""
    head = _sentence_start(text, start)
    if head == 0 or text[head:start].strip(" ,").lower() not in _LEADS:
        return None
    before = _sentence_start(text, max(0, head - 2))
    if text[before:before + 4].partition(" ")[0].lower() not in ARTICLES:
        return None  # a sentence that opens with a name, a pronoun or a quotation
    found = _names_fitting(text, before, head, gender)
    if not found and (again := _SURNAME_WHO.search(text, before, head)) is not None:
        key = key_of(again.group(1))  # "The last word goes to Oyelaran, who wrote again
        return next((e for e in reversed(cast.entities) if e.person and e.named  # ...":
                     and e.key == key and cast.fits(e, gender)), None)  # met before in full
    if len(found) != 1 or text[found[0].end():found[0].end() + 2] != ", ":
        return None
    named = _named_entity(found[0], cast)
    return next((e for e in reversed(cast.entities) if e.key == named.key), named)


# A surname with a relative clause set off after it ("Oyelaran, who wrote again").
_SURNAME_WHO = re.compile(r"\b([A-Z][\w’'\-]+), who\b")


def _names_fitting(text: str, start: int, end: int, gender: int) -> list[re.Match[str]]:
    """The full names between `start` and `end` that "he" (1) or "she" (-1) may stand for."""
    return [m for m in _PERSON_NAMED.finditer(text, start, end) if _may_be(m, gender)]


def _may_be(named: re.Match[str], gender: int) -> bool:
    """Whether a full name may be whom "he" (1) or "she" (-1) stands for."""
    return given_name_gender(named.group("name")) * gender > 0 or bool(named.group("age"))


def _object_before(text: str, start: int, gender: int, cast: Cast) -> Entity | None:
    """Whom the sentence before the one a pronoun opens is about though no one it may stand
    for opens it: the owner of a relative of the other gender, or whom the writer asked."""
    opened = _sentence_before_opening(text, start)
    return None if opened is None else _owner_before(*opened, gender, cast) or (
        _asked_by_writer(*opened, cast))


def _sentence_before_opening(text: str, start: int, intro: bool = False
                             ) -> tuple[int, str] | None:
    """Where the sentence before the one that a word at `start` opens (past "But", "And",
    or with `intro` an opening phrase: "In its consultation document, it") starts, and its
    words; None if the word does not open its sentence."""
    head = _sentence_start(text, start)
    opening = text[head:start].strip(" ,")
    if head == 0 or not (opening.lower() in _LEADS or (intro and _is_intro(opening))):
        return None
    before, _, sentence = _sentence_before(text, head)
    return before, sentence


def _asked_by_writer(before: int, sentence: str, cast: Cast) -> Entity | None:
    """Whom the writer asked or spoke to in the sentence at `before` ("I asked a senior
    nurse at the hospital, who ..., what she made of that. She told me"): the one who
    answers."""
    asked = _WRITER_ASKED.match(sentence)
    if asked is None:
        return None
    who, at = asked.group("who"), before + asked.start("who")
    name, role = split_role(who)
    if _is_proper(name):
        return entity(name, role, at, cast.entities, who)
    return _unnamed(_ARTICLE.sub("", who), at, new=True)._replace(person=True)  # whatever
    # the noun ("a librarian at one of the other branches"): whom the writer spoke to


# The writer asking or speaking to someone: "I asked a senior nurse at the hospital, ...",
# "I spoke to Aroha Tane about ...".
_WRITER_ASKED = re.compile(
    r"I (?:asked|spoke to|spoke with|put (?:it|this|that) to|rang) "
    r"(?P<who>(?:an?|one|the) [a-z][^,.]*?|[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)+)"
    r"(?=,| what\b| whether\b| how\b| about\b| if\b| why\b|\.)")


def _owner_before(before: int, sentence: str, gender: int, cast: Cast) -> Entity | None:
    """The person whose relative of the other gender opens the sentence at `before`
    ("Tania Morrow's 81-year-old father spent 14 hours on a trolley. She said"): she, as
    he cannot be "she"."""
    owned = _OWNER_OF.match(sentence)
    relative = owned and next((GENDER_WORDS[w] for w in owned.group("owned").split()
                               if w in GENDER_WORDS), 0)
    if owned is None or not gender or relative != -gender:
        return None
    name = owned.group("name")
    return entity(name, "", before, cast.entities, name)


# A full name that opens a sentence and the three words after its possessive ("Tania
# Morrow's 81-year-old father spent").
_OWNER_OF = re.compile(r"(?P<name>[A-Z][\w\-]+(?: [A-Z][\w’'\-]+)+)[’']s "
                       r"(?P<owned>(?:\S+ ){0,2}\S+)")


def _named_entity(named: re.Match[str], cast: Cast) -> Entity:
    """The person a match of _PERSON_NAMED names, as one met where it names them."""
    name = named.group("name")
    return entity(name, "", named.start(), cast.entities, name)


# A person's full name inside a sentence, with an age set off after it if the text gives one
# (not a place's or a body's after "the": "from a central kitchen in the Hutt Valley").
_PERSON_NAMED = re.compile(r"(?<=[a-z,] )(?<!\bthe )"
                           r"(?P<name>[A-Z][a-z]+(?: [A-Z][\w’'\-]+){1,2})"
                           r"(?P<age>, \d{1,3},)?")


def _cataphora(text: str, start: int, cast: Cast) -> Entity | None:
    """The person who opens the main clause after the fronted clause a pronoun opens
    ("Though she called it outrageous, Clinton restricted ..."; "When he was asked, Trump
    said"; "After struggling to persuade voters that he understands ..., Emanuel said"): a
    reader takes the pronoun for them. None unless the sentence opens with a subordinator
    (or a preposition and a gerund) and words in lower case before the pronoun, and a name
    follows the clause's comma."""
    head = _sentence_start(text, start)
    lead = text[head:start].split()
    if not lead or "," in text[head:start] or not (lead[0].lower() in SUBORDINATORS or (
            len(lead) > 1 and lead[0].lower() in _GERUND_LEADS and lead[1].endswith("ing"))) or (
            not all(word.islower() for word in lead[1:])):
        return None
    stop = _STOP.search(text, start)
    comma = text.find(", ", start, stop.start() if stop else len(text))
    subject = _opening_subject(text[comma + 2:comma + 120]) if comma > 0 else None
    name, role = split_role(subject.group()) if subject else ("", "")
    return entity(name, role, comma + 2, cast.entities, subject.group()) if (
        subject and name and not _is_description(subject.group(), name)) else None


_GERUND_LEADS = frozenset({"after", "before", "while", "since", "despite", "by", "in"})


# A description of someone by another's ("the woman's husband").
_OWNED_DESCRIPTION = re.compile(r"(?:[Tt]he|[Aa]n?) (?:[\w\-]+ ){0,2}?[\w\-]+['’]s ")


def _previous_subject(text: str, start: int, cast: Cast, after_quotation: bool = False,
                      possessor: bool = False, body: bool = False,
                      chained: bool = False, set_off_from: int = -1) -> Entity | None:
    """The person or body that opens the sentence before the one that `start` opens
    ("Rubio offered the crowd ... The Florida senator told reporters"), past an opening
    phrase ("Lashing out, Trump said ..."); None if `start` does not open its sentence,
    or that sentence opens with a quotation, a group ("Delegates") or no name. With
    `after_quotation`, `start` may also follow a quotation that opens its sentence, or
    several ('Kim was skeptical. "A. B," she said'), or follow a comma after content that
    opens its sentence at `set_off_from` ("Ray Castillo, 58, rode out the storm. It was a
    decision, he said, that he regretted"); then a sentence before that ends with a
    person's attribution ("Trump's accusation ... imperiled troops, Biden said.") or
    introduces the quotation ("Osuna told The Huffington Post:") stands for its speaker,
    not its subject, and there is none if the sentence before is a
    question (the writer's, not a speaker's); when that sentence ends a quotation ('"A.
    B," Kim said.'), its speaker stands for the pronoun. With `possessor`, one whose
    thing opens the sentence ("Carson's renewed endorsement came with caveats. He ...")
    is its subject, not one whose person does ("Trump's spokesman"). A pronoun that opens
    that sentence stands for the subject of the one before it, unless `chained` (a pronoun
    already followed back). With `body` (for "the company", "the club"), a one-word name
    the text has not given a person ("Fonterra lifted its forecast. The company said") is
    a body's, and so is one that spoke before or has more words, with no given name, when
    its sentence says "its" ("Fonterra has lifted its forecast, citing ...", "Air New
    Zealand ... grounded several of its 787s")."""
    leading = text[max(0, start - 8):start].rstrip(" ")
    rest, _, word = leading.rstrip(",").rpartition(" ")  # "... But he": a word may lead
    mid_sentence = bool(leading) and leading[-1] not in _ENDS and leading[-1] != "," and not (
        word.lower() in _LEADS and (not rest or rest[-1] in _ENDS))
    if mid_sentence and not possessor:
        return None  # the cheap test first: most pronouns follow a word of their sentence
    head = _sentence_start(text, start)
    opening = text[head:start].strip(" ,")
    if mid_sentence and not (_is_intro(opening) and len(opening.split()) <= _OPENING_WORDS):
        return None  # a pronoun after an opening phrase with no comma may open the clause
        # ("At the bank's results in March she said ...")
    if (leading.endswith(",") or possessor) and (((possessor or body or not (
            _OWNED_DESCRIPTION.match(text, start))) and _is_intro(opening)) or (
            _participle_opening(opening))):
        opening = ""  # "In a statement to the NZX on Thursday, the co-operative said",
        # "In a post on Instagram on Tuesday, the Mystics defender wrote", "Asked about his
        # future, the Portuguese coach was blunt"; not someone's relative, new to the story
        # ("Outside court, the woman's husband said")
    closing = opening[-1:] or text[:head].rstrip()[-1:]  # '"... back half?" she asked'
    if after_quotation and closing in {'"', "”"} and opening[:1] not in {'"', "“"}:
        # '"A. B," she said': the quotation opens a sentence before this one
        limit = head if opening else len(text[:head].rstrip()) - 1  # before its closing mark
        opener = max(text.rfind(mark, _paragraph_start(text, head), limit) for mark in '"“')
        if opener >= 0:
            head, opening = opener, text[opener:start].strip(" ,")
    quoted = after_quotation and (_QUOTATION.fullmatch(opening) is not None or (
        head <= set_off_from < start and leading.endswith(",")))
    if head == 0 or not (opening.lower() in _LEADS or quoted):
        return None
    before, end, sentence = _sentence_before(text, head)
    if quoted and sentence.endswith("?"):
        return None
    last = _spoke_between(cast, before, end)
    if not quoted and after_quotation and opening == "" and last is None and (
            sentence[:1] in {'"', "“"} or _opens_inside_quotation(sentence)):
        last = _spoke_between(cast, _paragraph_start(text, before), end)  # '"A," X told
        return last if last is not None and last.person else None  # BBC Scotland. "B. C."¶
        # The Swede said': the one who spoke in the paragraph before, whose words end it
    if _opens_inside_quotation(sentence):  # '..., B," X said. "C," she added'
        return last if quoted else None  # '"... Please take only what you need." The
        # company says': no subject of the story's
    if after_quotation and last is not None and (_attributes_sentence(
            sentence, end, last, cast) or sentence.startswith(("His ", "Her "))):
        return last  # "Trump's accusation ... imperiled troops, Biden said."; "X told Y:";
        # "His candidacy ... appears to be taking much the same tack, said James Henson, ..."
    if after_quotation and last is not None and last.person and not last.named and (
            sentence.partition(" ")[0].lower() in _INDEFINITE):
        return last  # "A healthcare assistant who ..., told RNZ she ...¶“...,” she says":
        # the one described who opens it and spoke in it
    subject = _sentence_subject(text, sentence, before, cast, possessor, body, chained)
    if subject is None and quoted and not (chained or body):
        subject = _earlier_in_paragraph(text, before, end, cast)
    if subject is not None and before == 0 and body and " " not in subject.name and (
            _common_word(text, subject.name)):
        return None  # a headline's first word is capitalised as any: "Fiscal rules deal
        # struck", then "the fiscal rules", tells no body "the ministry" stands for
    return subject


def _earlier_in_paragraph(text: str, head: int, end: int, cast: Cast) -> Entity | None:
    """The person an earlier sentence of the paragraph at `head` opens with, when those
    after it, up to `end`, open with no one, name no one in full nor quote anyone, and go
    on about someone by a pronoun ("Losa Tuimavave, principal of ..., puts it
    differently. Her school has ... Last year the school added ...¶“...,” she says"): whom
    the paragraph is about."""
    opened, last = _paragraph_start(text, head), end
    while head > opened and _PERSON_NAMED.search(text, head, end) is None and _spoke_between(
            cast, head, end) is None:
        before, end, sentence = _sentence_before(text, head)
        if before < opened:
            return None
        subject = _sentence_subject(text, sentence, before, cast, possessor=True)
        if subject is not None:
            told = before + (0 if _THIRD_PERSON.match(sentence) else sentence.find(" ") + 1)
            return subject if subject.person and _THIRD_PERSON.search(text, told, last) else None
        head = before
    return None


_THIRD_PERSON = re.compile(r"\b(?:[Hh]e|[Hh]is|him|[Ss]he|[Hh]er)\b")


def _common_word(text: str, word: str) -> bool:
    """Whether a headline's first word is a common one: the story writes it in lower case
    ("Fiscal rules deal struck", then "the fiscal rules"), or it qualifies a possessive
    after it ("Junior doctors' strike: ...")."""
    after = text[text.find(word) + len(word):].split(None, 1)[:1]
    return _written_lower(text, word) or (
        bool(after) and after[0].endswith(("'", "’", "'s", "’s")) and after[0][:1].islower())


def _spoke_before_and(text: str, start: int, cast: Cast) -> Entity | None:
    """The body that spoke in the clause that ", and" joins the clause at `start` to, in
    one sentence ("Auckland Transport says trains are running, and it is asking ..."):
    whom "it" there stands for, not a body met before."""
    last = cast.speakers[-1] if cast.speakers else None
    return last if last is not None and text[:start].endswith(", and ") and (
        not last.person or (last.gender == 0 and not given_name_gender(last.name))) and (
        last.start >= _sentence_start(text, start)) else None  # (a name of two words that
    # no given name opens is a body's as likely as a person's, and "it" says which)


def _first_clause_subject(text: str, start: int, cast: Cast) -> Entity | None:
    """The subject of the clause that ", and" joins the clause at `start` to, in one
    sentence ("Brandt was the standout, and the 24-year-old admitted ...")."""
    if not text[:start].endswith(", and "):
        return None
    head = _sentence_start(text, start)
    return _sentence_subject(text, text[head:start], head, cast)


def _subject_before_quotation(text: str, start: int, cast: Cast) -> Entity | None:
    """The subject of the sentence before a quotation that opens its own and ends before
    an inverted cue's source at `start` ("Holmqvist was more guarded. “It's a business.
    Coaches get fired,” said the 31-year-old Swede"): whom the quotation is from."""
    if not _INVERTED_AFTER_QUOTE.search(text, max(0, start - 16), start):
        return None
    para = _paragraph_start(text, start)
    closing = max(text.rfind(mark, para, start) for mark in '"”')
    opener = max(text.rfind(mark, para, closing) for mark in '"“')
    if opener < para or (opener > para and text[opener - 2:opener] not in {". ", "! ", "? "}):
        return None
    return _previous_subject(text, opener, cast)  # of the sentence before, in the paragraph
    # before if the quotation opens its own ("Captain Tom Aldridge was blunt ...¶“...,”
    # said the 33-year-old centre-back")


# A closing mark and comma, then an inverted cue before the source at the end.
_INVERTED_AFTER_QUOTE = re.compile(r"[,?!][\"”]\s+\w+\s+$")


def _spoke_between(cast: Cast, before: int, end: int) -> Entity | None:
    """The last speaker met between `before` and `end` (a sentence's), if any."""
    last = next((e for e in reversed(cast.speakers) if e.start <= end), None)
    return last if last is not None and last.start >= before else None


def _sentence_before(text: str, head: int) -> tuple[int, int, str]:
    """The sentence before the one at `head`, where it starts and ends, past lines with no
    closing stop between them (a list of related links, a heading): no sentence of the
    story's, whose subject a pronoun could stand for."""
    while True:
        end = head - 1
        while end > 0 and text[end].isspace():
            end -= 1
        before = _sentence_start(text, end)
        sentence = text[before:end + 1].strip()
        if not (sentence[-1:].isalnum() and before > 0 and text[before - 1] == "\n"
                and text[end + 1:end + 2] == "\n"):
            return before, end, sentence
        head = before


def _attributes_sentence(sentence: str, end: int, who: Entity, cast: Cast) -> bool:
    """Whether a speaker met in a sentence ending at text[end] is its attribution: named,
    or their cue found, in the words that end it, set off after what they said (", Biden
    said.", ',” the lawmaker said.'), or introducing a quotation after it ("Osuna told The
    Huffington Post:"); and a person the text tells as one (a given name, a role, a
    gender): not ", Right Wing Watch first reported."."""
    tail = _SET_OFF_END.split(sentence)[-1]
    inverted = tail.startswith(("said ", "says ")) and tail.rstrip(".").endswith(
        who.name.split()[-1])  # ", said Human Resources Minister Datuk Seri Azhar Mohd Salleh."
    return (sentence.endswith(":") or inverted or (len(tail) < _ATTRIBUTION_REACH and (
        who.name.split()[-1] in tail.split() or who.start > end - len(tail)))) and (
            _told_as_person(who, cast))


_SET_OFF_END = re.compile(r',["”]?\s')  # the comma before an attribution, in a closing mark or not


def _is_intro(words: str) -> bool:
    """Whether words before a comma are an opening phrase of place, time or manner, with
    no comma of their own ("In a statement to the NZX on Thursday"); not a clause with a
    subject of its own ("While Comey said ...", "After Clinton accused him ...")."""
    first = words.split(None, 1)[0].lower() if words else ""
    return "," not in words and (first in INTRO_WORDS or first in TIME_WORDS) and (
        first not in SUBORDINATORS)


def _participle_opening(words: str) -> bool:
    """Whether words before a comma are a participle's phrase that the subject after them
    does ("Asked about his future", "Speaking to reporters"), with no comma of its own."""
    first, _, rest = words.partition(" ")
    return bool(rest) and "," not in words and first[:1].isupper() and first[1:].islower() and (
        first.endswith(("ed", "ing"))) and rest[:1].islower()


def _body_opening_sentence(text: str, start: int, head: str, cast: Cast) -> Entity | None:
    """The body that opens the sentence whose content a description after a comma
    attributes ("Kāinga Ora will sell 900 homes, the agency has confirmed"): the one the
    content is about speaks of itself. A one-word name must be described ("agritech
    startup KhetSetu") or met before, inside a sentence ("Farmers supply Fonterra."), as a
    capitalised word that opens one may be none ("Turnout was the highest in decades, the
    newspaper reports")."""
    opening = _sentence_start(text, start)
    if not opening < start or text[opening:start].rstrip()[-1:] != ",":
        return None
    subject = _sentence_subject(text, text[opening:start].strip(), opening, cast, body=True)
    if subject is None or subject.person or _other_kind(head, subject):
        return None
    met = any(e.key == subject.key for e in cast.entities) or re.search(
        rf"[\w,] {re.escape(subject.name)}\b", text[:opening])
    return subject if " " in subject.name or met or subject.role else None


# A sentence that opens with whose view it gives ("For Dani, the math is simple"; "For
# retiree Tan Ah Huat, 74, who lives on the 14th floor, the changes cannot come soon enough";
# "For Year 8 student Kaia Morgan, 12, none of this is remarkable").
_FOR_WHOM = re.compile(r"For (?:(?:[A-Z][a-z]+ \d{1,2} )?[a-z]+ ){0,2}"
                       r"((?:[A-Z][\w’'\-]+ ){0,2}[A-Z][\w’'\-]+)"
                       r"(?:, \d{1,3})?(?:, who [^,.;:]{1,120})?, ")
# A sentence that names its subject after "is" ("Among those affected is Janet Holloway,
# 58, ...", "One of them was Ana Ruiz", "Among the builders is 19-year-old Tama
# Keelan-Brown").
_NAMED_AFTER_BE = re.compile(
    r"(?:Among|One of) [^,.;:]{1,80}? (?:is|was) (?:\d{1,3}-year-old )?(?=[A-Z])")


def _sentence_subject(text: str, sentence: str, before: int, cast: Cast,
                      possessor: bool = False, body: bool = False,
                      chained: bool = False) -> Entity | None:
    """The person or body that opens `sentence` (at `before` in the text), past an
    opening phrase or a live blog's time ("11.05pm: National leader Christopher Luxon has
    ..."); see `_previous_subject` for `possessor` and `body`."""
    if _CREDIT.search(sentence):
        return None  # "Neilson Barnard via Getty Images.": a photo's credit, no sentence
    if (stamp := _TIME_LABEL.match(sentence) or DATELINE_DASH.match(sentence)
            or dateline_colon(sentence, 0, len(sentence))) is not None:
        sentence, before = sentence[stamp.end():], before + stamp.end()  # "KUALA LUMPUR,
        # March 14 — The bill ...", "Bengaluru: Dukaanpe, ...": where the story was filed
        # is no subject
    if (inverted := _NAMED_AFTER_BE.match(sentence)) is not None:
        sentence = sentence[inverted.end():]  # "Among those affected is | Janet Holloway"
    if (viewer := _FOR_WHOM.match(sentence)) is not None:  # "For Dani, the math is simple.
        # “...,” she said": whose view the sentence gives, if no one else is its subject
        # ("For Jonathan Chait, Williamson is exposing ...": Williamson)
        own = _sentence_subject(text, sentence[viewer.end():], before + viewer.end(), cast,
                                possessor, body, chained)
        name = viewer.group(1)
        return own if own is not None or is_plural(name.lower()) else entity(
            name, "", before + viewer.start(1), cast.entities)  # not "For African-Americans,"
    first, _, rest = sentence.partition(" ")
    first = first.lower().rstrip(",")
    if first in _LEADS and (rest.partition(" ")[0] in {"he", "she"} or _opens_with_name(sentence)):
        sentence, first = rest, rest.partition(" ")[0].lower()  # "Then he described his
        # visit to ..., outside San Diego", "But Mere Tawhiri isn't waiting": the pronoun or
        # name is the subject, not a place after a comma
    if first in INTRO_WORDS or (first in TIME_WORDS and not _SCHOOL_YEAR.match(sentence)) or (
            first in SENTENCE_ADVERBS) or _SPAN_OPENING.match(sentence) or (
            (first.endswith(("ing", "ed", "ly")) or first in PARTICIPLES)
            and not _opens_with_name(sentence) and not is_place_based([first])) or (
            _adverb_of_place(sentence)):
        # "Born in Maitland, Dunleavy ...", not "Bengaluru-based agritech startup KhetSetu"
        comma = sentence.find(",", 0, _OPENING_REACH)
        sentence = sentence[comma + 1:].lstrip() if comma > 0 else ""
        if sentence[:4] == "the " and sentence[4:5].isupper():
            sentence = sentence[4:]  # "In a statement, the Sudanese Armed Forces said": the
            # name, its article in lower case after the phrase
        if possessor and (titled := _LOWER_TITLES.match(sentence)) and (FUNCTION_WORDS.isdisjoint(
                _field(titled.group().split())) or _PARENT_OF.fullmatch(titled.group().strip())):
            sentence = sentence[titled.end():]  # "At the river, farmer Jim Hamilton was ...",
            # "In Nasinu, mother of three Mereoni Tuilau queued ..."
    described = _DESCRIBED_NAME.match(sentence)
    if described and " " not in described.group("name"):  # "Her husband, Mike, noticed"
        return _given_name_of(described, before, cast)
    described_as = ""
    if described:  # "The victim's sister, Emma Reid, read ...": the name, who is a woman
        sentence, described_as = sentence[described.start("name"):], described.group(
            "description")
    at_text = text.find(sentence, before)
    pronoun = sentence[:sentence.find(" ")]
    if pronoun.capitalize() in {"He", "She"} or (possessor and pronoun in {"His", "Her"}):
        # "He met Finance Minister Nicola Willis. He said": whom the first "he" stood for,
        # as its statement there resolved it, else the subject before it (once: no chain
        # of pronouns is followed further); so too for whose thing opens it ("Ellery has
        # written twice more. Her third letter ... “...,” she writes")
        return _resolved_at(cast, at_text + len(pronoun), named=False) or (None if chained else (
            _previous_subject(text, at_text, cast, possessor=possessor, chained=True) or (
                _object_before(text, at_text, 1 if pronoun.lower() in {"he", "his"} else -1,
                               cast))))  # "I put that to a librarian ... She laughed ...
        # “...,” she said": whom the writer asked
    subject = _opening_subject(sentence)
    if subject is not None and (subject.group().lower() in QUESTION_WORDS or (
            subject.group().lower() in _NO_ONE)):
        return None  # "What we need now is the will to act", "None of that is a reason":
        # no one
    if subject is not None and sentence[subject.end():subject.end() + 2] == ", " and (
            inner := _set_off_speaker(cast, at_text + subject.end(), at_text + len(sentence))):
        return inner  # "Trump, Sexton said, has created ...": Sexton's sentence
    if subject is None or (sentence[subject.end():subject.end() + 1] in {"’", "'"} and (
            not possessor or _owns_person(sentence[subject.end() + 2:]))):
        return None  # "Trump's spokesman said": the spokesman, whom the cast holds
    after = sentence[subject.end():].split(None, 1)
    head = after[0].rstrip(",") if after else ""
    past = subject.end() + 1 + (len(head) + 1 if _BRACKETED_ACRONYM.fullmatch(head) else 0)
    # "Country Fire Authority (CFA) deputy chief officer Trent Mahoney": the title past
    # the body's initials
    if len(after) > 1 and (ROLE_WORDS.isdisjoint(
            subject.group().lower().split()[subject.group()[:7] == "Former ":]) or (
                _opens_with_body(subject.group().split()))) and (
            subject.group().split()[0].lower() not in FUNCTION_WORDS) and (
            titled := _LOWER_TITLES.match(sentence, past)) and (
            FUNCTION_WORDS.isdisjoint(_field(words := titled.group().split()))) and (
            words[-1] in ROLE_WORDS or words[-1].endswith(AGENTIVE) or words[-1] in BODY_NOUNS
            or (words[-1] in TITLE_HEADS and len(words) > 1)) and (
            named := _opening_subject(sentence[titled.end():])):  # "NSW Farmers grains
        # committee chair Dianne Whitlock said", "Former Loomwise design lead Anika
        # Sørensen": the person the body's title names
        if words[-1] in BODY_NOUNS:  # "Farmer lobby group Rural Voice NZ warned": the body
            return body_entity(split_role(named.group())[0] or named.group(),
                               before + titled.end())  # its kind names
        name, role = split_role(sentence[:titled.end() + named.end()])
        return entity(name, role, before, cast.entities, sentence[:titled.end() + named.end()])
    if head[:1].islower() and (subject.group().lower() in DETERMINERS or subject.group().split(
            " ", 1)[0].lower() in _INDEFINITE):  # "The company", "A Hamilton builder"
        end = at_text + subject.end() + 1 + len(head)
        if after[0].endswith(","):  # set off after it: "My neighbour, a retired builder, told"
            end = text.find(",", end + 1, end + _APPOSITION_REACH) + 1 or end
        return _resolved_at(cast, end, named=False) or next(
            (e for e in reversed(cast.speakers) if end <= e.start <= at_text + len(sentence)
             and not e.named and head in e.name.split()[:2]), None) or (
            _described_subject(text, at_text, f"{subject.group()} {head}", cast) if (
                _ends_description(after)) else None)  # the whole
        # description, past a phrase or clause of its own: "A spokeswoman for the mayor's
        # office said ... She added", "A vegetable vendor at the market, who asked not to
        # be named, told ...", "One nurse, who ..., said"
    name, role = split_role(subject.group())
    if name and head in BODY_NOUNS:  # "The Save Hallbrook Births campaign, which ...":
        return body_entity(f"{name} {head}", before)  # a body, by its name and its kind
    if name and _apposed_body(sentence, subject.end()):  # "Safe Routes Caerphilly, a
        return body_entity(name, before)  # campaign group set up by parents, has ..."
    if name and described_as and _body_described(description_head(described_as), name):
        return body_entity(name, before)  # "The operator, Tri-County Gas Transmission,
        # received ...": the company its description names
    if after and (head in SOURCE_NOUNS or head in ROLE_WORDS or _is_person_head(head)):
        return None  # "Platte River employee told", "One western Sydney mayor, who ...",
        # "The former Malmö midfielder, who ...": the name modifies the subject
    if _is_description(subject.group(), name) or _common_plural(text, name):
        return None  # "Delegates questioned ...": a group, no one person; "Shares in the
        # company fell ...": a common noun ("shares" elsewhere), no name
    if not name:  # a description: whom its statement there was resolved to, if any
        return _resolved_at(cast, at_text + subject.end())
    known = entity(name, role, before, cast.entities, f"{described_as} {subject.group()}")
    met = any(e.key == known.key for e in cast.entities)
    called = _CALLED_BODY.search(sentence, subject.end()) is not None  # "Kallang Rangers
    # have sacked ... left the club seventh": the sentence calls its subject a body
    its_own = (" its " in sentence or called) and not given_name_gender(name)  # "... of its
    # Boeing 787s"
    if body and known.person and not role and (its_own or not (" " in name or met)):
        return body_entity(name, known.start) if called or _opens_as_body(
            text, before, name, after[0] if after else "") else None
    if body and not known.person and not role:  # "NHTSA had opened an investigation ...
        # The agency said": a body's name by its form, an acronym, in full if the text
        # gave it so ("The American Action Network says ... AAN polled the race")
        defined = _defined_acronym(text, before, name)
        return _spelt_out(name, cast) or (known if defined is None else entity(
            defined, "", before, cast.entities, name))
    if not (role or " " in name or met):
        # a name is a person's if it is a full name, titled or known, or a surname the
        # text gave in full ("... Karen Beaulieu, 61 ... Beaulieu, her voice breaking,")
        full = _full_name(text, before, name) if len(name) > 2 else name
        if full != name:
            return entity(full, "", before, cast.entities, name)
        if _AGED.match(sentence, subject.end()):
            return known  # "Josie, 27, is a hospital pharmacist": a person, by her age
        # a given name alone, as Thai papers write ("Nirat, who chaired ..."): the person
        # the text named in full with it
        return next((e for e in reversed(cast.entities) if e.person and " " in e.name
                     and e.name.partition(" ")[0] == name), None)
    return known


def _opens_with_body(words: list[str]) -> bool:
    """Whether capitalised words open with a body's name, a place or branch after it
    ("Meat and Allied Workers Union Southland"): no title of their own."""
    return any(is_organisation(" ".join(words[:k])) for k in range(2, len(words) + 1))


def _field(words: list[str]) -> list[str]:
    """A title's lower-case words without the "and" that joins two of them ("sheep and beef
    farmer", "health and safety manager"): one field."""
    return [w for k, w in enumerate(words) if not (w == "and" and 0 < k < len(words) - 1)]


# A school year that opens a subject ("Year 11 student Jayden Pomare, 15, failed"), no time.
_SCHOOL_YEAR = re.compile(r"(?:Year|Grade) 1?\d [a-z]")
# A span of time that opens a phrase before the subject ("Three months after the typhoon
# struck, Rodel Abucay still sleeps ...", "Two years ago, ...").
_SPAN_OPENING = re.compile(r"(?:\d+|[A-Z][a-z]+) (?:years?|months?|weeks?|days?|hours?"
                           r"|decades?) (?:after|before|ago|later|on)\b")

# A name in the plural after "the" ("The Kestrels", "the Denver Nuggets"): a team or a
# group, never one person.
_PLURAL_NAME = re.compile(r"[Tt]he (?:[A-Z][\w’'\-]* )*[A-Z][a-z]+s")

# An age set off after a name (", 27,").
_AGED = re.compile(r", \d{1,3},")


def _ends_description(after: list[str]) -> bool:
    """Whether the word after a determiner (`after`: it, and the rest of the sentence) is
    a description's whole, set off by a comma or before a verb ("The woman, who ...", "The
    witness disagreed", "The man had"), not its first word ("A high school graduate")."""
    if after[0].endswith(","):
        return True
    verb = after[1].split(None, 1)[0] if len(after) > 1 else ""
    return verb in AUXILIARIES or verb in IRREGULAR_PASTS or regular_past(verb.rstrip(".,"))


def _described_subject(text: str, start: int, description: str, cast: Cast) -> Entity | None:
    """The person a description that opens a sentence stands for ("The witness disagreed.
    “...,” she replied": the witness who spoke before), or, if it tells their gender and
    stands for no one, the description ("The woman, who has name suppression, suffered ...
    she said"), not someone named before it; None if neither, or if its head is a title or
    no person's noun."""
    description = description.rstrip(",")
    head = description.rpartition(" ")[2].lower()
    if head in ROLE_WORDS or not _is_person_head(head):
        return None  # "One of | the central claims of ...": no person; "A minister has been
        # accused ...": a title, which a description after it may share with another
    described = _described(text, start, description, _ARTICLE.sub("", description), cast)
    if described is not None:
        return described if described.person else None
    return _unnamed(description, start) if gender_of(description) else None


def _apposed_body(sentence: str, end: int) -> bool:
    """Whether a description set off after the subject that ends at `end` says it is a
    body ("Safe Routes Caerphilly, a campaign group set up by parents, ...")."""
    if sentence[end:end + 2] != ", ":
        return False
    apposition = _RELATIVE_CLAUSE.sub("", sentence[end + 2:].split(",", 1)[0])
    return apposition.split(" ", 1)[0].lower() in ARTICLES and " and " not in apposition and (
        description_head(apposition) in BODY_NOUNS)


def _body_described(head: str, name: str) -> bool:
    """Whether a description's head says the name set off after it is a body's: a body's
    noun ("The club, Kallang Rangers,"), or a kind of business ("The operator, Tri-County
    Gas Transmission,") before no person's name ("The miner, Jim Hall,")."""
    return head in BODY_NOUNS or ((head in BUSINESS_KINDS or is_maker(head)) and (
        not has_given_name(name)))


# What follows the head of a description set off after a name: a relative clause or a
# phrase ("a 30-year veteran | of the CIA": a person, whatever body the phrase names).
_RELATIVE_CLAUSE = re.compile(r"\s+(?:who|whose|that|which|of|for|at|in|with|from)\s.*$", re.S)


def _adverb_of_place(sentence: str) -> bool:
    """Whether the sentence opens with an adverb and a phrase of a preposition set off by
    a comma ("Back on the flats, ...", "Down at the harbour, ..."): where, not who."""
    comma = sentence.find(",", 0, _OPENING_REACH)
    words = sentence[:comma].split() if comma > 0 else []
    return len(words) > 2 and words[1] in PREPOSITIONS and (
        all(w.islower() for w in words[1:]) or words[0].lower() in _PLACE_ADVERBS)  # "Back
    # at Te Whare Kai, Tawhiri isn't ...": the place may have a name


# Adverbs of place that open a sentence before a phrase of where ("Back at ...", "Out on").
_PLACE_ADVERBS = frozenset({"back", "down", "up", "out", "over", "inside", "outside", "home",
                            "across", "elsewhere", "further", "farther"})


def _set_off_speaker(cast: Cast, end: int, stop: int) -> Entity | None:
    """The named speaker of an attribution set off by commas right after a sentence's
    subject ending at `end` ("Trump, Sexton said, has created ..."), before the sentence's
    `stop`: whose the sentence is, and so whom a pronoun after it stands for, rather than
    the subject of what they said."""
    reach = min(stop, end + _APPOSITION_REACH)
    return next((e for e in reversed(cast.speakers) if end < e.start < reach and e.named), None)


def _given_name_of(described: re.Match[str], before: int, cast: Cast) -> Entity | None:
    """The person a one-word name set off after a description of someone by their kin or
    office stands for ("Her husband, Mike, noticed ..."), the description their role;
    None after a description of anything else ("The city, Auckland, ...")."""
    description = described.group("description")
    head = description.split()[-1].lower()
    if head not in RELATION_NOUNS and head not in PERSON_HEADS and head not in GENERIC_PERSONS:
        return None
    return entity(described.group("name"), description, before, cast.entities, description)


def _opens_with_name(sentence: str) -> bool:
    """Whether a sentence whose first word ends like a participle or adverb opens with a
    name ("Ted Cruz was ...", "Wing Portia Woodman-Wickliffe, who ...", "Kelly Smith
    said"), not a phrase before its subject ("Speaking Tuesday, ...", "Asked about it,
    ..."): capitalised words, none of time, up to a comma or a lower-case word."""
    words = re.split(r"[,\s]", sentence, maxsplit=4)[1:4]
    name = list(itertools.takewhile(lambda w: w[:1].isupper(), words))
    return bool(name) and not any(w.lower() in TIME_WORDS for w in name)


def _resolved_at(cast: Cast, end: int, named: bool = True) -> Entity | None:
    """The speaker (`named`, or any person) of a statement whose cue follows a subject ending at
    `end`, but for an auxiliary or adverb: what a description there stood for ("Twitter
    ... The company said A. The company also said B": Twitter both times; "My neighbour,
    a retired builder, told me ...¶“...,” he said": the neighbour, named or not)."""
    return next((e for e in reversed(cast.speakers) if end <= e.start <= end + _CUE_REACH
                 and (e.named or (e.person and not named))), None)


def _opening_subject(sentence: str) -> re.Match[str] | None:
    """The subject that opens a sentence (_SUBJECT), up to a verb that the lower-case word
    allowed between its capitalised words turns out to be, of speech or in the past
    ("Walker told Detective Sergeant Craig Morgan ...": Walker, not Morgan; "Effron helped
    General Electric": Effron)."""
    subject = _SUBJECT.match(sentence)
    if subject is not None and subject.group().endswith(" I"):  # "A Hamilton builder I spoke
        subject = _SUBJECT.match(sentence[:subject.end() - 2])  # to": no name ends with "I"
    if subject is None:
        return None
    verb = next((m for m in re.finditer(r" ([a-z][\w\-]*) ", subject.group())
                 if m.group(1) in CUE_LEMMAS or m.group(1) in IRREGULAR_PASTS
                 or regular_past(m.group(1))), None)
    return _SUBJECT.match(sentence[:verb.start()]) if verb else subject


def _opens_as_body(text: str, before: int, name: str, next_word: str) -> bool:
    """Whether a one-word name that opens the sentence at `before`, the text not having
    met it, is a body's ("Fonterra lifted its forecast"): a word follows it that is no
    preposition ("More than", "Due to" open no subject), and no earlier name ends with it
    ("Geert Supré, 56. Supré worked at ...": a person's surname), nor a plural's verb
    after a name with no article ("Autoworkers are bracing": a group; a club's "The
    Warriors have")."""
    return bool(next_word) and next_word.lower() not in _AFTER_NO_SUBJECT and not (
        next_word in _PLURAL_VERBS and text.startswith(name, before)) and not re.search(
        rf"(?!The )[A-Z][\w’'\-]+ {re.escape(name)}\b", text[:before])


def _owns_person(rest: str) -> bool:
    """Whether the words after a possessive ("Carson's renewed endorsement", "Trump's
    spokesman") name a person of the possessor's, who is then the subject; else the
    possessor is the one the next sentence goes on about."""
    words = [w.lower().strip(",.") for w in rest.split(None, 3)[:3]]
    return any(w in PERSON_HEADS or w in GENERIC_PERSONS or w in GENDER_WORDS or (
        w in SOURCE_NOUNS and w not in DOCUMENT_NOUNS) for w in words)


def _opens_inside_quotation(sentence: str) -> bool:
    """Whether a sentence starts inside a quotation: its first quotation mark closes one
    (curly marks), or its straight marks are odd in number."""
    marks = [c for c in sentence if c in '"“”']
    return bool(marks) and (marks[0] == "”" or marks.count('"') % 2 == 1)


def _sentence_start(text: str, i: int) -> int:
    """Where the sentence holding text[i] starts: after the last stop (not an
    abbreviation's: "Mr.", "U.S.") or line break before it."""
    start = max(text.rfind("\n", 0, i) + 1, i - _SENTENCE_SPAN)
    for stop in _STOP.finditer(text, start, i + 1):
        if stop.end() > i:
            break
        word = text[max(start, stop.start() - 6):stop.start() + 1].rsplit(None, 1)[-1].lstrip(
            WORD_OPENERS)
        if text[stop.start()] != "." or (word[:-1].lower() not in ABBREVIATIONS and len(word) > 2):
            start = stop.end()
    return start


def _antecedent(text: str, start: int, cast: Cast, to_names: bool = True,
                person: bool = True) -> Entity | None:
    """The person "who" (or "that") at `start` stands for: the name just before it ("Carly Fiorina,
    who ...", "Senator Bernie Sanders of Vermont, who ..."), past what is set off after
    the name (a party tag, an age, a place: "Nicky Driscoll, 24, from Manchester, who");
    None after a description ("voters who care", "one of the advisers, who spoke") but one
    that opens the sentence ("The homeowner, who asked ...", "An opposition coalition
    that has promised"): whom that stands for. Without a comma the clause restricts the
    noun before it, which must be a name or the holders of a post ("objections from school
    officials who said"); not for "that" (`to_names` False), which follows a
    name as often as a clause's subject ("told Iowa voters that"). A `person`'s ("who")
    is past the post set off after a name ("Amani Kabuya, Director of the Women's Relief
    Network, who"); "which" is the body's."""
    head = _sentence_start(text, start)
    before = text[head:start].rstrip()
    if before.endswith(("-", "—", "–")):  # set off by a dash, as by a comma: "Trump - who"
        before = before.rstrip("-—– ")
        if any(dash in before for dash in (" -", "—", "–")):
            return None  # after an aside: "candidates — like Donald Trump — who say"
        before += ","
    if before.lower().endswith(" of"):
        return None  # "all of whom": a group
    if before.endswith(", and") and (first := before.find(" who ")) > 0:
        return _antecedent(text, head + first + 1, cast, to_names, person)  # "A nurse who has
        # worked nights ..., and who asked": whom the first "who" stands for
    parts = [p.strip() for p in before.split(",")]
    if len(parts) == 2 and parts[1] and _is_intro(parts[0]):
        parts = parts[1:]  # "Outside court, a family member who asked ..."
    if (len(parts) == 1 or (len(parts) == 2 and not parts[1])) and (
            _DESCRIPTION_OPENING.match(parts[0])):  # "The senator, who ...", "A group that"
        at = text.find(parts[0], head)
        return speaker(text, (at, at + len(parts[0])), cast)
    if not to_names:
        return None
    if len(parts) > 1 and not parts[-1] and (
            unnamed := _UNNAMED_OBJECT.search(text, head, head + len(before.rstrip(" ,")))) and (
            _is_person_head(description_head(unnamed.group(1)))):
        # "came from a senior executive at a FTSE 100 company, who asked not to be named"
        return speaker(text, unnamed.span(1), cast)
    set_off = len(parts) > 1 and not parts[-1]  # ", who"
    part = parts[-2] if set_off else parts[-1]
    posted = _POSTED_GROUP_OF if set_off else _POSTED_GROUP
    if not (set_off and part.split(" ", 1)[0].endswith("ing")) and (
            group := posted.search(text, head, head + len(before.rstrip(" ,")))) and (
            group.group(2)[:-1] in PERSON_HEADS):
        # "overriding objections from school officials who said", "flanked by officials of
        # the Nakuru branch of the nurses' union, who said": the group, by its post
        return speaker(text, group.span(1), cast)
    # No comma before "who": "Sanders who ..."; else the parts before ", who", nearest first.
    apposed = parts[-2] if len(parts) > 1 and parts[-1] else ""  # "Norm Coleman, | the
    # former senator from Minnesota who"
    parts = [parts[-1]] if len(parts) == 1 or parts[-1] else parts[-4:-1][::-1]
    for part in parts:
        opener, _, rest = part.partition(" ")
        if part[:1].isdigit() or opener in _PLACE_PREPOSITIONS or (
                part is not parts[-1] and (regular_past(opener) or opener in IRREGULAR_PASTS)
                and rest.partition(" ")[0] in _PASSIVE_LINKS):
            continue  # "24", "from Manchester": said of the name before; "a Treasury report,
            # released to Labour under the Official Information Act, which": a passive
            # participle's phrase set off after the noun (not "praised the Saudis for ...")
        if person and part is not parts[-1] and _post_at_body(part):
            continue  # "Amani Kabuya, Director of the Women's Relief Network, who", "Ahmed
            # Al Suwaidi, the authority's head of school finance, who": the post of the
            # name before, whose body the relative clause is not about
        if not person and (made := _AUTHORED_END.search(part)):
            return body_entity(made.group(1).strip(), start)  # "a Treasury report, released ...,
            # which warned": the document's author
        named = _LAST_NAME.search(_CLOSING_PARENTHESIS.sub("", part) if person else part)
        # "Sen. Carl Brannigan (R-Wyo.), who": the name before the party tag; not "an exit
        # in Corona (about 45 miles east of L.A.), which": what is set off tells of a place
        if named is None and person and part is not parts[-1] and (
                part.split(" ", 1)[0].lower() in {"a", "an"}):
            continue  # "Gary Lindqvist, a retired Kuna school bus driver, who": his
        if named is None:
            return None
        place = part[:named.start()].rstrip().rpartition(" ")[2] in {"in", "from", "at"}
        if place and part.split(" ", 1)[0].lower() in ARTICLES and part.count(" ") < 6:
            # "A Western diplomat in Almazar, who asked", "One carer, a woman from Ballarat
            # who asked": the description, not the place; or the name it is set off after
            # ("Norm Coleman, the former senator from Minnesota who is supporting")
            if (owner := _LAST_NAME.search(apposed)) is not None:
                at = text.find(apposed, head)
                who = speaker(text, (at + owner.start(), at + owner.end()), cast)
                if who is not None and who.named:
                    return who
            at = text.find(part, head)
            return speaker(text, (at, at + len(part)), cast)
        if is_qualifier(named.group().split()[-1]):
            continue
        name, role = split_role(named.group())
        return entity(_in_full(text, start, name, cast), role, start, cast.entities,
                      named.group()) if name else None
    return None


# Words after a passive participle set off after a noun ("released to Labour", "published
# by the ministry", "prepared for the council last year").
_PASSIVE_LINKS = frozenset({"to", "by", "for", "in", "under", "on", "at", "from", "last"})
# A document named after its author that ends a phrase ("to a Treasury report").
_AUTHORED_END = _with_documents(r"""\b(?:[Aa]n?|[Tt]he)\s+((?:[A-Z][\w’'\-]*\s+){1,4})
    (?:DOCUMENT)$""")


def _post_at_body(part: str) -> bool:
    """Whether words set off after a name are a post at a body: a title or an agent's noun
    and "of", "at", "for" or "in" ("Director of the Goma-based Women's Relief Network",
    "the executive director of the Latino Partnership", "a city councillor in
    Pierrefonds-Roxboro"), not a clause ending in a name."""
    words = part.lower().split()
    words = words[words[0] in {"a", "an", "the"}:] if words else words
    link = next((k for k, w in enumerate(words[:4]) if w in {"of", "at", "for", "in"}), 0)
    head = words[link - 1] if link else ""
    titled = any(w in HONORIFICS or (w.endswith(".") and w in ROLE_WORDS)
                 for w in words[link + 1:])  # "a backer of Sen. Ted Cruz": a person's
    # name, whom "who" may be about
    return not titled and (head in ROLE_WORDS or head in TITLE_HEADS or (
        len(head) > 3 and head.endswith(AGENTIVE)))


# An unnamed person after a verb or preposition, and where they work, that a relative clause
# after a comma describes ("came from | a senior executive at a FTSE 100 company |, who").
_UNNAMED_OBJECT = re.compile(
    r"(?:\b(?:from|to|by|with|of|for)|\b[a-z]+ed) ((?:an?|one|another) (?:[a-z][\w\-]* ){0,3}"
    r"(?:(?:at|of|in|with|from) (?:an?|the) [\w\- ]{1,40}?)?)$")
# Holders of a post in the plural after a preposition, and what they are of, before "who"
# ("objections from school officials who said", "among Democratic lawmakers who",
# "officials of the Nakuru branch of the nurses' union, who").
_POSTED_GROUP = re.compile(
    r"\b(?:from|to|by|with|of|for|among|and) ((?:[A-Z][\w\-]* )?"
    r"(?:(?!(?:and|or|the|an?) )[a-z][\w\-]* ){0,2}([a-z]+s))$")
_POSTED_GROUP_OF = re.compile(
    r"\b(?:from|by|with|among) ((?:[a-z][\w\-]* )?([a-z]+s) of [^,]{3,60})$")
# A description that opens a sentence: a determiner and a lower-case noun ("The senator",
# "One firefighter").
_DESCRIPTION_OPENING = re.compile(
    r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother) (?:[a-z][\w\-]* ){0,2}[a-z][\w\-]*$")


def _described(text: str, start: int, mention: str, description: str,
               cast: Cast) -> Entity | None:
    """The entity a description stands for ("the Florida senator", "the ministry", "the
    document"), or None if the text ties it to none: one that shares more than a title
    with it, the subject of the sentence before, one that shares a title, or for a person
    ("the spokesman", "the 29-year-old") a recent speaker it fits. A group ("officials")
    is nobody's, nor is "the other candidate" the one just met."""
    head = description_head(description)
    if "other" in description.lower().split()[:2]:
        return None
    recent = _paragraph_before(text, start)
    if head in DOCUMENT_NOUNS:  # a document speaks for the body that spoke just before,
        # or for whoever spoke in it ("Arapeta said in a statement ...": "the statement"),
        # or for whom the text named as its author (`_made_by`)
        last = cast.speakers[-1] if cast.speakers else None
        if (author := _made_by(text, start, head, cast)) is not None:
            return author
        if head in DATA_NOUNS or last is None:
            return None
        if not last.person and last.named and last.start >= recent:
            return last
        spokes = [e for e in reversed(cast.speakers) if _spoke_in(text, e.start, head)]
        spoke = spokes[0] if spokes else None  # also a description: "Mr Trevaskis's family
        # said in a statement"
        return spoke if spoke is not None and (spoke.start >= recent or spoke.key == last.key or (
            _described_again(text, spoke.start, mention, head)) or (
            len({e.key for e in spokes}) == 1 and last.start < recent)) else None  # nobody
        # since, or nobody else spoke in one and nobody just now ("OPEC+ said in a statement
        # ... the statement said")
    body = head in BODY_NOUNS
    if is_plural(head) and not body:
        return None  # a group: "the officials"
    proper = proper_words(" ".join(mention.split(",")[0].split()[1:]))  # not an apposition's:
    # "The 61-year-old sheriff, a former Border Patrol agent," is the county sheriff
    if head == "family" and proper:  # "the Castellanos family": a family by its name,
        return Entity(description, speaker_key(description), "", False, start)  # none of it
    words = words_of(description) | _TITLED_AS.get(head, frozenset())
    match = _best_match(words, proper, [e for e in cast.entities if e.person != body
                                        and not _other_office(head, e)
                                        and not _other_rank(head, words, e, cast)])  # "the Kerry
    # captain" is not "Kerry manager Colm Breen", "the chancellor" not the shadow one
    if head in DATA_NOUNS and (match is None or not match.name.lower().endswith(head)):
        return None  # "the research": a study's own name ("a Pew poll"), no one it names
    if match is not None and not match.named and (alike := next((
            e for e in reversed(cast.speakers) if e.named and e.person == match.person
            and titled_alike(sorted(words), e.role)), None)):
        match = alike  # "the finance chief" after "Financial Secretary Edmund Lau said":
        # him, not the headline's "finance chief", whom the story names only later
    former = "former" in words  # "the former president": a person by a role once held,
    # whom the text named, not whoever holds a role like it now
    if match is not None and (len(words & match.words) > 1 or not proper.isdisjoint(
            match.words)) and (not former or head in match.words):
        return _itself(match) if body else match  # more than a title in common: "the
        # Russian diplomat", "the NATO chief", "the fire district"; not "the former India
        # opener" for "India captain Karan Malhotra"
    if _is_national(head) and match is None and (national := _national(text, start, head, cast)):
        return national
    age = next((w for w in description.replace(",", " ").split() if AGE.fullmatch(w)), None)
    # "the 34-year-old mother of five", "The 47-year-old, a former hospital nurse": a person
    # by their age, as "the 34-year-old"
    counted = _PARENT_OF.search(text, start, start + len(mention) + 12) is not None  # "the
    # father of three": a person by their children, as by an age
    if not body and match is None and head in BUSINESS_KINDS and (subject := _previous_subject(
            text, start, cast, body=True)) is not None and not subject.person:
        return subject  # "Summerset Group gained 2.2%. The retirement village operator said":
        # a kind of business that may be a person's ("a machine operator") is a body's here
    if not body and match is None and (company := _sole_company(text, start, head, cast)):
        return company  # "The miner also cut its dividend" after "Karrabin Resources Ltd.",
        # and no miner named
    of_nation = _of_a_nation(description, head)
    if (_is_occupation(head) or _agent_noun(head)) and age is None and not (
            proper - _placed_from(mention)) and not of_nation:  # also "the former
        # schoolteacher from Petaling Jaya": where she is from names no other person
        return _occupied(text, start, mention, cast) or (
            match if match is not None and head in match.words else None)
    kin = head in RELATION_NOUNS and bool(GENDER_WORDS.get(head)) and (
        mention.lower().startswith("the ")) and mention.lower().split()[-1] == head  # "the
    # grandmother told AFP": whom the story just gave grandchildren, as "the 52-year-old" is
    # whom it gave that age; not "the mother of the victim", tied to another
    placed = bool(proper) and (_compound_person(head) or head in GENERIC_PERSONS)  # "the
    # Moycullen clubman", "The Winnipeg woman": someone the text has named, by their place
    if not body and head not in PERSON_HEADS and age is None and not counted and not kin and (
            not _is_national(head)) and not of_nation and not placed and not former:
        return match if match is not None and head in match.words else None  # "the
        # debate", "the man": only what shares its head, not any word of a long role
    if age is not None and (aged := _aged(text, start, age, cast)):
        return aged
    gender = gender_of(mention)
    personal = _is_national(head) or age is not None or counted or kin or of_nation or (
        former)  # "the Swede", "the British driver", "the former president"
    joined = _first_clause_subject(text, start, cast) or _subject_before_quotation(
        text, start, cast) if personal else None
    if joined is not None and cast.fits(joined, gender):
        return joined
    subject = _previous_subject(text, start, cast, body=body, after_quotation=personal or body)
    if subject is None and head in ROLE_WORDS and (quoted := _previous_subject(
            text, start, cast, after_quotation=True)) is not None and (
            head in words_of(quoted.role) or (not quoted.named and head in quoted.words)):
        subject = quoted  # "“...,” he told reporters.¶The Stags coach was less happy":
        # the speaker before, if their role says so ("Southland coach Mark Finnerty"), or
        # the one described so ("An analyst at a Japanese brokerage said ...¶“...,” the
        # analyst said": not the energy analyst named before)
    if subject is not None and not body and head in OFFICE_KINDS and head not in words_of(
            subject.role) and all(w in ROLE_WORDS for w in description.lower().split()) and (
            titled := _titled_in_text(text, start, description)) is not None:
        return titled  # "The Mayor, however, insisted" after "Mayor Ravneet Kaur Bains",
        # not the subject of the sentence before, to whom no text gave that title
    kind_named = body and match is not None and match.named and head in match.words
    if subject is not None and subject.person != body and not _is_data(subject) and (
            body or cast.fits(subject, gender)) and (
            not _other_kind(head, subject)) and not (
            _other_office(head, subject, cast.roles.get(subject.key, ())) and (
                "former" not in words)) and not (  # "the former
            # congressman" may hold another office now
            kind_named and head not in subject.words) and not (
            body and _described_apart(words, head, subject)) and not (
            head in _NAMED_KINDS and " " not in subject.name and is_plural(
                subject.name.lower())):  # "the agency": the Kenya
        return subject  # Tea Development Agency, not the subject before ("Small-scale
        # growers"); "the regulator" is no "Commuters" who opened the sentence before
    last = cast.speakers[-1] if cast.speakers else None
    if body and last is not None and last.person and last.start >= recent and (
            owner := _body_of_role(text, last, head, start, cast)):
        return owner
    if body:
        if match is not None and match.named:
            return _itself(match)
        return _paragraph_label(text, start, head) or _body_opening_sentence(
            text, start, head, cast) or _named_acronym(
            text, head, recent, start) or _recent_body(text, head, cast, recent) or (
            _sole_agency(head, cast)) or _sole_body(head, cast) or _sole_company(
            text, start, head, cast) or _headline_body(text, start, head, words, cast) or (
            match and _itself(match))  # "the club" again: the one left unnamed before
    head_part = mention.split(",")[0]  # not a possessive set off after it ("The 26-year-old
    # left-hander, who was left out of the squad for last year's tour,")
    if "’s " in head_part or "'s " in head_part:  # "the prime minister's spokeswoman": not any
        return match if match is not None and (head in match.words or (
            head == "leader" and not _LEADING_TITLES.isdisjoint(match.words))) else None
        # not any recent speaker, nor one who shares only the owner's title ("Minister");
        # "the fishermen's leader" is the chairman of the ... Fishermen's Association
    if match is not None:
        return match
    office = _is_office(mention)
    if all(w in ROLE_WORDS for w in description.split()) and (
            titled := _titled_in_text(text, start, description)) is not None:
        return titled
    return next((e for e in reversed(cast.speakers) if e.start >= recent and e.named
                 and cast.fits(e, gender) and not _contradicts(proper, e)
                 and not _other_office(head, e) and not _other_rank(head, words, e, cast)
                 and not (office and words.isdisjoint(
                     words_of(e.role)))), None)


def _made_by(text: str, start: int, head: str, cast: Cast) -> Entity | None:
    """Who the text named before `start` as a document's maker ("an independent review of
    the project, carried out by consultancy Harwood Pryce" for "the review"), by a
    participle of making and "by" ("a report prepared for the council by Tidewater
    Engineering"), or by "by", "of the" or "from the" just after the document's word ("an
    audit report of the Auditor General of Pakistan"); None if none."""
    found = list(re.finditer(rf"\b{re.escape(head)}\b{_MADE_BY}", text[:start]))
    if not found:
        return None
    return _maker(found[-1], cast)


def _maker(made: re.Match[str], cast: Cast) -> Entity | None:
    """The maker a match of `_MADE_BY` names, a body or a person; None for an owner's
    possessive ("from the State Department's inspector general": not the department)."""
    author = _SENTENCE_STOP.split(made.group("author"), 1)[0]  # not "Real Clear Politics.
    # The Iowa Electronic", across a sentence's end
    if author.endswith(("'s", "’s")):
        return None
    name, role = split_role(author[:-1] if _FINAL_STOP.search(author) else author)
    if not name and role[:1].isupper():  # "the Auditor General of Pakistan": an office
        return body_entity(role, made.start("author"))
    return entity(name, role, made.start("author"), cast.entities) if name else None


# A full stop after a name's last word, not an abbreviation's ("U.S.").
_FINAL_STOP = re.compile(r"(?:^|\s)[^\s.]+\.$")
# A full stop that ends a sentence inside a run of capitalised words ("Politics. The").
_SENTENCE_STOP = re.compile(r"(?<=[a-z])\.\s")
# A participle of making a document (those of `_BY_AUTHOR`, and more), for whom, and its
# maker's name ("carried out by consultancy Harwood Pryce", "prepared for the council by
# Tidewater Engineering", "written by the Ministry of Health"), or the maker right after the
# document's word ("report by Tidewater Engineering", "report of the Auditor General").
_MADE_BY = (rf"(?:[^.;:]{{0,80}}?\b(?:(?:{_PUBLISHED})(?: out)?|written|prepared|produced"
            r"|authored)(?: for(?: (?!and |or )[\w’'\-]+){1,4}?)? by"
            r"|\s+by|\s+(?:of|from)(?= the [A-Z]))"
            r" (?P<author>(?:[a-z]+ )?(?:the )?[A-Z][\w’'&.\-]*"
            r"(?: (?:(?:of|for|and|&) )?[A-Z][\w’'&.\-]*){0,5})")
_MADE_BY_AFTER = re.compile(_MADE_BY)


def _is_occupation(head: str) -> bool:
    """Whether a description's head is an occupation, or a compound that ends in one
    ("schoolteacher", "headteacher")."""
    return head in OCCUPATIONS or (len(head) > 8 and head.isalpha() and any(
        head.endswith(job) and len(head) - len(job) > 3 for job in OCCUPATIONS))


def _agent_noun(head: str) -> bool:
    """Whether a description's head is a lower-case noun for someone by what they do or
    hold that no word list knows ("the self-described democratic socialist", "the
    documentarian"), as an occupation; not "-er" or "-or", which as often name whom the
    person met ("the moderator", "the employer")."""
    return head.endswith(("ist", "ian")) and len(head) > 4 and head.isalpha() and (
        head not in PERSON_HEADS and head not in BODY_NOUNS)


def _placed_from(mention: str) -> frozenset[str]:
    """The proper words of the place a description ends with, after "from" ("the former
    schoolteacher from Petaling Jaya")."""
    return proper_words(mention.rpartition(" from ")[2]) if " from " in mention else frozenset()


def _occupied(text: str, start: int, mention: str, cast: Cast) -> Entity | None:
    """The person an occupation stands for ("The veteran character actress said"): the
    one who spoke in the sentence just before, if the occupation opens its own, or who
    opens it, if they fit; not any recent speaker, as an occupation is as often someone
    else's, nor one the paragraph brought in by it ("When a nurse who had been treating
    ... The nurse later sued")."""
    head = _sentence_start(text, start)
    paragraph = _paragraph_start(text, head)
    if head == 0 or re.search(rf"\b[Aa]n? {description_head(mention)}\b", text[
            paragraph:start]):
        return None  # "When a nurse who had been treating ... The nurse later sued"
    quoted = text[paragraph:paragraph + 1] in {'"', "“"} and paragraph > 0  # after a
    # quotation of several sentences that opens the paragraph: '“I saw ... They even had
    # ...,” said the former schoolteacher': who spoke in the sentence before it
    before, end, _ = _sentence_before(text, paragraph if quoted else head)
    spoke = _spoke_between(cast, before, end)
    who = spoke if spoke is not None and (
        quoted or not text[head:start].strip()) else _previous_subject(
        text, start, cast, after_quotation=True)
    return who if who is not None and who.person and who.named and (
        cast.fits(who, gender_of(mention))) else None


def _pointed_to(text: str, start: int, description: str, cast: Cast) -> Entity | None:
    """The speaker "this person" or "this source" points back to: the last, named or not,
    when it spoke in this paragraph or the one before ("A top-10 shareholder in Penrose
    said ... '...,' this person said"); not "this reporter", the writer."""
    last = _recent_speaker(text, start, cast)
    fits = description_head(description) in {"person", "source", "individual"}
    return last if fits and last is not None and (last.person or not last.named) else None


def _titled_in_text(text: str, start: int, description: str) -> Entity | None:
    """The person the text gave an office's title before `start`, spoken or not, as a
    description of that office stands for them ("Prime Minister Somkiat Wongprasert's
    party ...", then "the prime minister said"): the last one so titled, if only one is."""
    title = [word.capitalize() for word in description.split()]
    pattern = re.compile(r"\b" + r"\s+".join(title) + _TITLED_NAME)
    names = {m.group(1) for m in pattern.finditer(text, 0, start)  # not "Deputy Prime
             if not _ranked_or_owned("".join(text[:m.start()].rsplit(None, 1)[-1:]))}  # Minister"
    if len(names) != 1:
        return None
    name = names.pop()
    return entity(name, " ".join(title), text.rfind(name, 0, start))


def _ranked_or_owned(before: str) -> bool:
    """Whether the word before a title makes it another office: a rank ("Deputy Prime
    Minister") or a body's name ("World Bank President Jim Yong Kim" is no "president")."""
    return before.lower() in _RANKS or (before[:1].isupper() and before[-1:].isalpha())


# A name of two words or more after a title, up to a possessive, a mark or a lower-case word.
_NAME_WORD = r"[A-Z](?:[\w\-]|['’](?!s\b))+"  # "O'Brien", not "Wongprasert's"
_TITLED_NAME = rf"\s+({_NAME_WORD}(?:\s+{_NAME_WORD})+?)(?=’s|'s|[,.;:]|\s+[a-z(])"


# A parent by the number of their children, a person's own description, no tie to another
# ("the father of three", "a mother of 2", "the father-of-two"; not "the mother of the
# victim").
_PARENT_OF = re.compile(r"\b(?:father|mother|parent|dad|mum|mom|grandfather|grandmother)[ -]of[ -]"
                        r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b")


# The title a person's noun is given before a name: "the judge" after "Justice Daniel
# Kiprono" (a judge of the High Court, or of a supreme court) is he.
_TITLED_AS = {"judge": frozenset({"justice"})}
# Titles of who leads a body, whom "the fishermen's leader" may stand for.
_LEADING_TITLES = frozenset({"chairman", "chairwoman", "chairperson", "chair", "president"})


def _described_apart(words: frozenset[str], head: str, subject: Entity) -> bool:
    """Whether a body's description has a word of its own that the subject before does not
    ("the state weather bureau" after "..., the PDRRMO said"): a body not met before; not
    where it is based ("The Dallas-based carrier" after "Meridian Air returned ..."), nor
    the field a kind of business works in ("the dairy giant", "the tech company" after
    "Fonterra has cut ..."), which a story tells of the company it is about."""
    if head in BUSINESS_KINDS and subject.named:
        return False
    return not {w for w in words - {head} - _PLAIN_MODIFIERS
                if not w.endswith(PLACE_ADJECTIVES)} <= subject.words


_INDEFINITE = frozenset({"a", "an", "one"})  # no name's first word: what follows modifies
_PLAIN_MODIFIERS = frozenset({"the", "its", "their", "this", "that", "same"})


def _compound_person(head: str) -> bool:
    """A noun for one person made with "man" ("clubman", "batsman", "frontman")."""
    return head.endswith("man") and len(head) > 5


def _itself(body: Entity) -> Entity:
    """A body met as its spokesperson's ("a spokesperson for the Ridgeline Fire Protection
    District") as a description of the body itself names it: without that role."""
    return body._replace(role="") if body.role.lower() in SPOKESPERSONS else body


def _is_office(mention: str) -> bool:
    """Whether a description is the capitalised name of an office ("the Auditor General",
    "the Chief Constable"): it stands for a recent speaker only if their role says so, not
    for whoever spoke last (a guest-house owner). Title words only: not a party member
    from a place ("the Wisconsin Republican"); not one word ("the President", often left
    out of a role)."""
    words = mention.split()[1:]
    return len(words) > 1 and mention[:4].lower() == "the " and all(
        w[:1].isupper() and w.lower() in ROLE_WORDS for w in words)


def _described_again(text: str, cue: int, mention: str, document: str) -> bool:
    """Whether a document's mention qualifies it with words that followed it in the
    sentence of the cue at text[cue] ("the company said in a statement to the Oslo stock
    exchange", then "The statement to the exchange gave little away"): the same document,
    however far back."""
    qualifier = words_of(mention.lower().partition(document)[2]) - FUNCTION_WORDS
    at = text.find(document, _sentence_start(text, cue))
    end = text.find(".", at)
    return bool(qualifier) and at >= 0 and qualifier <= words_of(
        text[at:end if end >= 0 else len(text)].lower())


def _spoke_in(text: str, cue: int, document: str) -> bool:
    """Whether the sentence of the cue at text[cue] has its speaker speak in the document:
    issue it ("released a statement"), or say in it where the sentence opens or right
    after the cue and its time ("In the memo, ... said", "said Friday in a statement"); not see
    something in one ("saw no evidence in the report"), cite one ("according to a
    report"), or read one for someone else ("a statement on behalf of his wife")."""
    start = _sentence_start(text, cue)
    end = text.find(".", cue)
    words = text[start:end if end >= 0 else len(text)].lower()
    if "on behalf of" in words:
        return False
    if document in {"post", "tweet"} and re.search(rf"\b{document}ed\b", words):
        return True  # "Kōtare Fields posted a tile to Instagram ... the post read"
    article = r"(?:a|an|the|his|her|its|their)\s+"
    if is_plural(document):
        article = f"(?:{article})?"  # "In findings released on Tuesday, Coroner ... said"
    for found in re.finditer(rf"\b(in|through|issued|released|sent|posted|published|wrote)\s+"
                             rf"{article}(?:[\w\-]+\s+){{0,2}}?"
                             rf"{re.escape(document)}\b", words):
        at = start + found.start()
        if found.group(1) not in {"in", "through"} or at == start or (at > cue and all(
                word in TIME_WORDS for word in text[cue:at].lower().split()[1:])) or (
                at < cue and text[start + found.end():cue].strip() in {",", ""}):
            return True  # also set off right before the cue: "X, in a statement, disputed"
    return False


def _national(text: str, start: int, demonym: str, cast: Cast) -> Entity | None:
    """The recent speaker the text gave as their country's ("Hungary's Tamara Csipes ...
    the Hungarian said"), for a description by a nationality that shares no word with
    anyone met."""
    country = re.escape(DEMONYMS[demonym].capitalize())
    owned = re.compile(rf"\b{country}['’]s((?:\s+[A-Z][\w’'\-]*)+)")  # "Hungary's Tamara Csipes"
    names = {word for m in owned.finditer(text, 0, start) for word in m.group(1).split()}
    return next((e for e in reversed(cast.speakers) if e.person and e.named
                 and e.name.split()[-1] in names), None)


def _paragraph_label(text: str, start: int, head: str) -> Entity | None:
    """The team or body a paragraph's label names, for a description that says only that
    it is one, as wire sports notes open each team's news ("Royals: The club said ...")."""
    if head not in _GENERIC_BODIES:
        return None
    para = text.rfind("\n", 0, start) + 1
    label = _LABEL.match(text, para, start)
    if label is None or label.group(1).isupper() or has_given_name(label.group(1)) or (
            text.count(label.group(1)) < 2):
        return None  # a name the story uses elsewhere too, not a label of its own ("Update:")
    return body_entity(label.group(1), para)


_LABEL = re.compile(r"((?:[A-Z][\w’'\-]*\s){0,3}[A-Z][\w’'\-]*): ")


def _sole_body(head: str, cast: Cast) -> Entity | None:
    """The one body that has spoken in the story so far, for a description that says only
    that it is a body ("PolitiFact rated ... The website noted"), if its name tells no kind
    of its own: whom the story is about; None if several have spoken. With no body, the
    one one-word name of unknown kind ("Stellantis said it would ...")."""
    if head not in _GENERIC_BODIES:
        return None
    bodies = [e for e in cast.speakers if not e.person and e.named] or [
        e for e in cast.speakers if e.named and _of_unknown_kind(e, cast)]
    sole = _one_by_key(bodies)
    return sole if sole is not None and BODY_KINDS.isdisjoint(sole.words) and (
        not _regulates(head, sole)) else None


def _sole_agency(head: str, cast: Cast) -> Entity | None:
    """The one body the story has named so far as an agency of government by its name's
    kind ("the Pipeline and Hazardous Materials Safety Administration", "the Secret
    Service"), for "the agency", though another body spoke ("A Washington Post review ...
    found"). Not an administration by its president's name ("the Obama Administration")."""
    if head != "agency":
        return None
    persons = {e.key for e in cast.entities if e.person}
    return _one_by_key(e for e in cast.entities if not e.person and e.named and " " in e.name and (
        not _AGENCY_KINDS.isdisjoint(e.words)) and key_of(e.name.split()[0]) not in persons)


# Words that name an agency of government, besides "agency" itself.
_AGENCY_KINDS = frozenset({"administration", "authority", "bureau", "service"})


def _sole_company(text: str, start: int, head: str, cast: Cast) -> Entity | None:
    """The one company the text names before "the company", "the firm" or a kind of
    business ("the miner"), by a name that says it is one ("Kanemitsu Motors Corp.") or
    after the kind of business it is ("retailer Harbourline Group"), when no body has
    spoken yet: whom the story is about. Not any body: "the company" is no White House;
    nor a business of another kind ("the airline" is no "carmaker Kanemitsu")."""
    if head not in BUSINESS_KINDS and not is_maker(head):  # also "the automaker"
        return None
    names = {without_legal_form(m.group(1)) for m in _COMPANY_NAME.finditer(text, 0, start)} | {
        m.group("name").strip() for m in _BUSINESS_NAME.finditer(text, 0, start)
        if m.group("kind") == head or (head in {"company", "firm"} and (
            m.group("kind") in BUSINESS_KINDS or is_maker(m.group("kind"))))}  # not "lawmaker
    # John Smith"
    names = {n for n in names if not any(o.startswith(f"{n} ") or n.endswith(f" {o}")
                                         for o in names)}  # "Kanemitsu Motors" and
    # "Kanemitsu Motors Corp." are one, "Harbourline" and "Harbourline Group", and so are
    # "Tarawera Energy" and a headline's "Zealand's Tarawera Energy"
    if len(names) != 1:
        return None
    name = names.pop()
    return entity(name, "", text.find(name), cast.entities)._replace(person=False, gender=0)


# A name after the kind of business it is ("apparel retailer Harbourline Group's profit",
# "carmaker Kanemitsu"), which says it is a company whatever its name's last word.
_BUSINESS_NAME = re.compile(rf"\b(?P<kind>{'|'.join(sorted(BUSINESS_KINDS))}|[a-z]+maker)"
                            r" (?P<name>(?:[A-Z][\w&\-]*\s?){1,4}?)(?:’s|'s)?(?=[\s,.])")


def _headline_body(text: str, start: int, head: str, words: frozenset[str],
                   cast: Cast) -> Entity | None:
    """The body whose name opens the headline and the story again before a description
    that says only that it is a body ("Hollingford United sack Ocampo ...", "Hollingford
    United have sacked ...", then "the club said"): whom the story is about. Not a
    person's name ("John Smith quits"), nor a body the description's words (`words`) set
    apart ("The national disaster-response agency" after "Typhoon Lingsha kills ...")."""
    if head not in _GENERIC_BODIES:
        return None
    label = _HEADLINE_LABEL.match(text)  # "Football: Kallang Rangers sack ..."
    opening = _OPENING_NAME.match(text, label.end() if label else 0, max(0, text.find("\n")))
    if opening is None or opening.group(1).split()[0].lower() in FUNCTION_WORDS:
        return None
    name = opening.group(1)
    again = text.find(name, opening.end(), start)
    if again < 0 or split_role(name)[1] or given_name_gender(name) or any(
            e.person and e.key == key_of(name) for e in cast.entities):
        return None
    found = body_entity(name, again)
    return None if _described_apart(words, head, found) else found


# A company's name by its legal or trade ending ("Kanemitsu Motors Corp.", "Acme Inc").
_COMPANY_NAME = re.compile(r"\b((?:[A-Z][\w&’'\-]*\s){1,4}(?:Corp\.|Corp|Corporation|Inc\.|Inc"
                           r"|Ltd\.|Ltd|Plc|PLC|Co\.|Company|Motors|Holdings|Industries"
                           r"|Technologies|Pharmaceuticals|Airlines|Airways|Foods|Processing"
                           r"|Energy))(?![\w])")


def _recent_body(text: str, head: str, cast: Cast, recent: int) -> Entity | None:
    """The body that spoke last, in this paragraph or the one before, for a description
    that says only that it is a body ("Ferry operator Celtic Sea Link said ... Passengers
    will be moved, the company said"), if its name tells no kind of its own, or one its
    name tells ("the regulator" after "The Financial Conduct Authority said"), or one the
    text put before its name ("the NGO coalition Rural Heritage Malta", then "Rural
    Heritage Malta said ... The coalition argued")."""
    last = cast.speakers[-1] if cast.speakers else None
    if last is None or not last.named or last.start < recent:
        return None
    if f"{head} {last.name}" in text:
        return last._replace(person=False, gender=0)
    if last.person and not _unknown_name(text, last):
        return None
    if head in _NAMED_KINDS:  # "the regulator" after "The Financial Conduct Authority said"
        return last if not _NAMED_KINDS[head].isdisjoint(last.words) else None
    return last if head in _GENERIC_BODIES and BODY_KINDS.isdisjoint(last.words) and (
        not _regulates(head, last)) else None


def _regulates(head: str, body: Entity) -> bool:
    """Whether a kind of business ("the airline", "the company") is no body whose name
    says it oversees others ("the National Transportation Safety Board")."""
    return head in BUSINESS_KINDS and not _REGULATING.isdisjoint(body.words)


def _unknown_name(text: str, who: Entity) -> bool:
    """Whether a name read as a person's may as well be a body's: two words or more, no
    given name the table knows, no role, no gender the text gave, and its last word never
    alone as a surname would be ("Bus Éireann said in a statement ... “...,” the company
    said"; not "Hillary Clinton ... Clinton supports")."""
    return " " in who.name and not who.role and who.gender == 0 and not has_given_name(
        who.name) and text.count(who.name.rpartition(" ")[2]) == text.count(who.name)


# Descriptions of a kind of body, and the words that name bodies of that kind: one that
# oversees others, and armed forces ("the military" after "The Israel Defense Forces says").
_REGULATING = frozenset({"authority", "commission", "agency", "office", "board", "bureau",
                         "administration", "inspectorate", "regulator", "council"})
_NAMED_KINDS = {"regulator": _REGULATING, "watchdog": _REGULATING,
                "military": frozenset({"forces", "force", "army", "defense", "defence"})}


def _of_unknown_kind(who: Entity, cast: Cast) -> bool:
    """Whether a speaker taken for a person may as well be a body: a one-word name with no
    title, first name (here or in a full name met), or "he" or "she" that stands for it
    ("Stellantis said it would idle two plants")."""
    return " " not in who.name and not who.role and not cast.genders.get(_identity(who)) and (
        who.key not in cast.full_names)  # "Vierling insists ..." before "Marco Vierling"


# Descriptions of a body that say no more than that it is one ("the company", "the
# group"): of any body whose name tells no kind of its own (a ministry, a party ...).
# A section's label before a headline ("Football: ", "EXCLUSIVE: ").
_HEADLINE_LABEL = re.compile(r"[A-Z][\w’' ]{0,20}: ")
# A generic body's noun after "the" and any name before it ("the Singapore Premier League
# (SPL) club"; see _GENERIC_BODIES).
_CALLED_BODY = re.compile(
    r"\bthe (?:[A-Z][\w’'\-]* |\([A-Z]+\) ){0,4}(?:club|team|side|company|firm)\b")
_GENERIC_BODIES = frozenset((
    "company firm group organisation organization website co-operative cooperative airline "
    "insurer retailer lender carrier supermarket club team franchise agency utility"
).split())


def _body_of_role(text: str, who: Entity, head: str, start: int, cast: Cast) -> Entity | None:
    """The body the role of a recent speaker names, of the kind of a description after it
    ("Russia's foreign ministry spokeswoman Maria Zakharova said ... The ministry said"):
    the spokesperson's body, rather than another of its kind named before; for "the club"
    or "the company", the name before the role's title ("Falcons chief executive", and for
    one never named, before its description's: "A Crusaders spokesman said ... The club
    said")."""
    words = who.role.split()
    k = next((k for k in range(len(words) - 1, -1, -1) if words[k].lower() == head), None)
    if k is None and (led := _LED.fullmatch(who.role)) and is_organisation(led.group(1)) and (
            not _other_kind(head, body := body_entity(led.group(1), start))):
        return body  # "Marcus Boyd, president of the Chicago Educators Alliance ... The
        # union said": the body he leads, of no other kind by its name
    titled = who.role or ("" if who.named else who.name)  # one never named is all role
    if k is None and head in _EMPLOYERS and (employer := _employer(titled)) and (
            not _other_kind(head, body := body_entity(_defined_acronym(
                text, start, employer) or employer, start))) and (
            employer.lower() not in PLACES) and not (
            ROLE_WORDS.intersection(employer.lower().split())) and not (
            " " not in employer and _common_word(text, employer)):
        return next((e._replace(person=False, gender=0) for e in cast.speakers
                     if e.name == body.name), body)  # "Falcons chief executive Andrea
        # Kellett said ... The club said", as the club spoke before if it did; an
        # acronym by the name it was given ("RANZ chief executive" of "Roading Assurance New
        # Zealand (RANZ)", "the agency"); not a common noun opening the sentence ("Scheme
        # chairman Bruce Fensome", "the scheme")
    if not k or k > 4 or any(w.lower() in CLAUSE_WORDS for w in words[:k]):
        return None  # not "in a statement released by the campaign"
    if k == len(words) - 1 and who.named and f"{who.role} {who.name}" in text:
        return who._replace(person=False, gender=0)  # "New Zealand dairy co-operative
        # Southern Pastures ... The co-operative said": the role before the name is the
        # kind of body it is, no body it works for (not "the committee of Gautam Buddh Nagar")
    return entity(" ".join(words[:k + 1]), "", start, cast.entities)


# The body a role names before its title ("Falcons chief executive", "Harcourt chairman"),
# for a description that says only that it is a club or a company (not "the Clinton team").
_EMPLOYERS = frozenset({"club", "company", "firm", "franchise", "agency", "association", "group",
                        "organisation", "organization", "charity", "federation", "network"})
_EMPLOYER = re.compile(r"((?:[A-Z][\w’'\-]*?)(?: [A-Z][\w’'\-]*?)*)(?:’s|'s)? (?=[a-z])")


def _employer(role: str) -> str:
    """The name a role opens with, before its title: "Falcons" in "Falcons chief
    executive"; before a title written in capitals, a body's name of two words or more
    ("Nishnawbe Aski Nation" in "Nishnawbe Aski Nation Deputy Grand Chief"); or ""."""
    if (named := _EMPLOYER.match(role)) is not None:
        return named.group(1)
    words = role.split()
    k = next((k for k, w in enumerate(words) if w.lower() in ROLE_WORDS), 0)
    return " ".join(words[:k]) if k > 1 and words[k - 1].lower() in BODY_NOUNS and all(
        w[:1].isupper() for w in words) else ""  # not "Senate" of "Senate Majority Leader"


# A role that leads a body or speaks for it, and the body's name ("president of the
# Chicago Educators Alliance").
_LED = re.compile(r"(?:[a-z\-]+ )?(?:president|chair|chairman|chairwoman|chairperson|head|"
                  r"leader|spokesman|spokeswoman|spokesperson|secretary|director) "
                  r"(?:of|for|at) (?:the )?((?:[A-Z][\w’'\-]*\s?)+(?:\d+)?)")


def _aged(text: str, start: int, head: str, cast: Cast) -> Entity | None:
    """The person the text gave the age of a description before it ("Beverley Marsh, 81,
    ..." or "81-year-old Beverley Marsh" for "the 81-year-old", a title or two between:
    "19-year-old rookie Oscar Whitlow"), the last one named so; None if the text gave no
    one that age."""
    age = head.split("-", 1)[0]
    name = r"([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)+)"
    found = list(re.finditer(rf"{name}, {age},|\b{age}-year-old {_NOT_PLACED}{name}",
                             text[:start]))
    if not found:
        return None
    last = found[-1]
    person, role = split_role(last.group(1) or last.group(2))
    return entity(person, role, last.start(), cast.entities) if person else None


# Up to two lower-case words between an age and a name, none a preposition of place:
# "19-year-old rookie Oscar Whitlow", not "34-year-old accountant from Dubai Marina".
_NOT_PLACED = rf"(?:(?!(?:{'|'.join(sorted(_PLACE_PREPOSITIONS))}) )[a-z]+ ){{0,2}}"


def _other_kind(head: str, who: Entity) -> bool:
    """Whether a body's name says it is of another kind than a description's head: "the
    ministry" is not "Police", nor "the party" "the Justice Department"."""
    kinds = who.words & BODY_KINDS
    return head in BODY_KINDS and bool(kinds) and head not in kinds


def _other_office(head: str, who: Entity, roles: Iterable[str] = ()) -> bool:
    """Whether a person's role (or any of the `roles` the text gave them) names an office
    of another kind than a description's head, or only their standing as one of the public:
    "the mayor" is not "Defence lawyer Sam Tuhoro", though "the attorney" may be, nor
    "Resident Grace Wanjiru"."""
    kind = OFFICE_KINDS.get(head)
    words = [TITLE_ABBREVIATIONS.get(w, w) for role in (who.role, *roles)
             for w in role.lower().split()]  # "Rep."
    held = [OFFICE_KINDS[w] for w in words if w in OFFICE_KINDS]
    return kind is not None and (kind not in held if held else any(
        w in LAY_PERSONS for w in words))  # "the governor" is not "Resident Grace Wanjiru"


def _other_rank(head: str, words: frozenset[str], who: Entity, cast: Cast) -> bool:
    """Whether `who` holds the office a description's head names at another rank, which
    the description does not say: "the chancellor" is not the "Shadow chancellor" nor a
    "deputy chancellor"; by any role the text gave them ("Mr Anan said" after "Anan
    Siriwattana, ... a deputy prime minister")."""
    for role in cast.roles.get(who.key, set()) | {who.role}:
        held = f"{role} {who.name}".lower().split()
        for k in (k for k, word in enumerate(held) if word == head):
            while k > 0 and held[k - 1] in words:
                k -= 1  # "the prime minister" is not "a deputy prime minister"
            if k > 0 and held[k - 1] in _RANKS:
                return True
    return False


# Words before an office that make it another one.
_RANKS = frozenset({"shadow", "deputy", "vice", "former", "assistant", "acting", "associate"})


def _named_acronym(text: str, head: str, since: int, start: int) -> Entity | None:
    """The body a description of its kind stands for when the text names it only by an
    acronym ("NATO leaders met ... The alliance said", "TASS reported ... the agency
    said"): the one acronym of a body between `since` (the paragraph before) and the
    description; None if there are none or several."""
    if head not in ACRONYM_KINDS:
        return None
    window = text[since:start]
    named = [word for word in ORG_ACRONYMS if word in window and re.search(
        rf"(?<![A-Z]{{2}} \()\b{word}\b(?!\)\s*[—–-])", window)]  # not a dateline's
    # credit: "WELLINGTON (AP)", "TACLOBAN, Philippines (AP) —"
    return entity(named[0], "", since + window.find(named[0])) if len(named) == 1 else None


def _best_match(words: frozenset[str], proper: frozenset[str],
                candidates: list[Entity]) -> Entity | None:
    """The candidate sharing most words with a description, then named, then latest; None
    if none shares any. Latest first, and only a higher score replaces the best, so an
    earlier mention of the same entity (same words) never does."""
    best, best_score = None, (0, False)
    for e in reversed(candidates):
        common = len(words & e.words)
        if common and not _contradicts(proper, e) and (
                score := (common, e.name[:1].isupper())) > best_score:
            best, best_score = e, score
    return best


def _contradicts(proper: frozenset[str], who: Entity) -> bool:
    """Whether the proper words of a description ("Florida" in "the Florida senator")
    are none of an entity's, whose role has proper words of its own ("senator from
    Vermont")."""
    return bool(proper) and proper.isdisjoint(who.words) and bool(proper_words(who.role))


def _paragraph_before(text: str, start: int) -> int:
    """Where the paragraph before the one holding text[start] starts: how far back a
    description or pronoun looks for whom it stands for."""
    return _paragraph_start(text, _paragraph_start(text, start) - 1)


def _paragraph_start(text: str, i: int) -> int:
    """Where the paragraph holding text[i] starts (0 for i < 0)."""
    if i < 0:
        return 0
    while i > 0 and text[i] == "\n":
        i -= 1
    return text.rfind("\n", 0, i) + 1
