"""Speaker names -> one identity per real speaker, with the title kept apart as a role.

People are keyed by their surname, folded across transliterations ("Sergei"/"Sergey",
"Gruško"/"Grushko"), so every mention of a person after the first ("Lavrov") finds the
same key. Organisations are keyed by their whole name with countries normalised, so
"the Russian Foreign Ministry" and "Russia's Foreign Ministry" are one speaker.
Entities are the people and bodies an article names, what `resolution` resolves pronouns
and descriptions to.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import NamedTuple

from .lexicon import (
    ADJECTIVE_SUFFIXES,
    AFFILIATION_WORDS,
    AGE,
    AGENTIVE,
    BODY_NOUNS,
    BODY_VOICES,
    BUSINESS_KINDS,
    CAPITALS,
    CLAUSE_WORDS,
    DATELINE_COLON,
    DAYS,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FIELD_HEADS,
    FINITE_AUX,
    FUNCTION_WORDS,
    GENDER_WORDS,
    GENERIC_PERSONS,
    HONORIFICS,
    IRREGULAR_PASTS,
    LAY_PERSONS,
    LOWER_CASE_TITLES,
    MENTION_HEADS,
    MODIFIERS,
    MONTHS,
    NAME_DETERMINERS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NOT_TITLES,
    OBJECT_PRONOUNS,
    OCCUPATIONS,
    OFFICE_KINDS,
    ORG_WORDS,
    PARTY_TAG,
    PERSON_ENDINGS,
    PERSON_HEADS,
    PERSON_PRONOUN_GENDER,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    PHRASE_PREPOSITIONS,
    PICKING_WORDS,
    PLACE_ADJECTIVES,
    PLACES,
    PLACING_PREPOSITIONS,
    POSSESSIVE_ENDINGS,
    PREPOSITIONS,
    PROPER_ORG_HEADS,
    PURE_PREPOSITIONS,
    REFLEXIVES,
    RELATION_NOUNS,
    RELATIVE_PRONOUNS,
    ROLE_WORDS,
    SHORT_ORG_HEADS,
    SMALLS,
    SOURCE_NOUNS,
    SPEAKS_FOR,
    SPOKESPERSONS,
    STATING_NOUNS,
    SUBJECT_PRONOUNS,
    SURNAME_TITLES,
    TIME_LEADS,
    TIME_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from .phrases import (
    camel_case_name,
    glottal_stop_name,
    is_agent_plural,
    is_bare_title,
    is_plural,
    is_qualifier,
    singular,
)

# Slavic letters with a conventional two-letter English spelling.
_TRANSLIT = str.maketrans({"š": "sh", "č": "ch", "ž": "zh", "ć": "ch", "ś": "sh", "ł": "l",
                           "ß": "ss", "ø": "o", "đ": "dj"})
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_RELATIVE = re.compile(r"^\s*(?:who|which|whose|whom|where)\b", re.I)
# A body's name whose complement is a list, commas and all ("the Ministry of Business,
# Innovation and Employment", "Department for Environment, Food and Rural Affairs").
_CAPITALS = r"[A-Z][\w’'.\-]*(?:[^\S\n]+[A-Z][\w’'.\-]*)*"
_LISTED_BODY = re.compile(rf"""(?:[Tt]he\s+)?
    (?P<body>(?P<head>{_CAPITALS}(?:\s+(?:of|for)\s+{_CAPITALS})+)
    (?:,\s+{_CAPITALS})*,?\s+(?:and|&)\s+{_CAPITALS})""", re.X)
# A participle's phrase set off after a name tells what the speaker does, not who they
# are: no role ("Luxon, asked about the criticism,", "Smith, speaking to reporters,").
_PARTICIPLE_PHRASE = re.compile(r"""^(?:[a-z]+ly\s+)?(?!including\b)[a-z]{3,}(?:ed|ing)
    (?:\s+(?:[a-z]+ly|later|earlier|again|""" + "|".join(
    sorted({*DAYS, *(day.capitalize() for day in DAYS), *(month.capitalize() for month in MONTHS
            if month.isalpha())})) + r"""))?  # "speaking later at a rally", "published
    # Wednesday in", "dated May"
    (?:$|\s+(?:about|to|by|at|in|on|from|with|for|after|before|during|near|next|outside|as
    |the|a|an|his|her|their|its|\d+)\b)""", re.X)  # "retired teacher" is a role
# What sets off an apposition: "Smith, an aide", "Smith -- an aide"; not a number's comma
# ("30,000 immigrants").
_COMMA = re.compile(r",(?!\d{3}\b)")
_APPOSITION = re.compile(_COMMA.pattern + r"|\s(?:--|[—–-])\s")
# Capitalised words, the candidates for title and organisation heads. No leading \b: it
# would stop the regex engine's fast scan for a capital, and _occurrences checks word
# boundaries anyway.
_CAPITALISED = re.compile(r"[A-Z][a-z]+\.?")
_WORD_SPAN = re.compile(r"[\w’'.\-]+")
_NAME_AFTER = re.compile(r"""
    (?:[^\S\n]+(?:(?:of|for)(?:\s+the)?\s+)?        # "of State", "for the Kremlin"
       (?i:(?:""" + "|".join(sorted(NAME_PARTICLES)) + r""")[^\S\n]+)*  # "de Blasio", "Ó Riordáin"
       (?:[A-Z]\.\s*)*[""" + CAPITALS + r"""][\w’'\-]+){1,6}  # more titles, then the name
""", re.X)
# A title's complement with no name after it: "Chancellor of the Exchequer", "Governor of
# Texas" name an office, not its holder.
_OFFICE_ONLY = re.compile(r"[^\S\n]+(?:of|for)(?:\s+the)?\s+\S+")
# A capitalised word before one or two more: a full name if the first is a given name.
_FULL_NAME = re.compile(rf"\b(?=([{CAPITALS}][{SMALLS}]+)((?:[^\S\n]+[{CAPITALS}][\w\-]*"
                        r"(?:['’](?!s\b)\w+)?){1,2}))")
# After a name that opens a sentence, a lower-case word, past an age set off or a
# possessive: "Reihana, 24, appeared", "Thompson's father".
_SUBJECT_AFTER = re.compile(r"(?:,[^\S\n]*\d{1,3},|['’]s)?[^\S\n]+[a-z]")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?”\"]\s+|\n)(?:[A-Z][\w’'.\-]*[^\S\n]+)*$")
# Capitalised words and a lower-case title before a name ("Wellington mayor Tory Whanau",
# "and Labour leader Chris Hipkins"): the title's one to three words.
_TITLED = re.compile(
    r"(?<![\w’'.\-])((?:[A-Z][\w’'.\-]*[^\S\n]+)+)((?:[a-z][\w\-]*[^\S\n]+){1,3})$")
# Capitalised words right before a body's word, in its paragraph, or in camel case
# ("eThekwini Municipality"; "\Z": "$" would also match before the line break that ends
# the text searched, taking it into the name).
_ORG_LEFT = re.compile(
    r"(?:\b(?!The\b)[a-z]{0,2}[A-Z][\w’'\-]*[^\S\n]+(?:and[^\S\n]+(?=[A-Z]))?){0,4}\Z")
# Titles of a body's people, which end its name ("the Department of Defense Chief of Staff").
_HEAD_TITLES = frozenset(("chief secretary minister director president chairman chair "
                          "spokesman spokeswoman spokesperson commissioner head deputy").split())


# Words between an organisation word and its complement ("Ministry of Health").
_BODY_LINKS = frozenset({"of", "for", "on"})
POSSESSIVE_END = re.compile(r"[’']s$|(?<=s)[’']$")  # "ANZ's", "Watts'"
# The complement of an organisation word ("Ministry of Health", "Center for Responsive
# Politics", "Department of Health and Human Services").
_ORG_RIGHT = re.compile(
    rf"[^\S\n]+(?:{'|'.join(sorted(_BODY_LINKS))})[^\S\n]+(?:the[^\S\n]+)?[A-Z][\w’'\-]*"
    r"(?:[^\S\n]+(?:and[^\S\n]+|&[^\S\n]+)?[A-Z][\w’'\-]*){0,3}")


@functools.lru_cache(maxsize=16384)  # pure; the same words recur in every mention
def _bare(token: str) -> str:
    """Lower-case token without possessive ending or edge punctuation."""
    low = token.lower().strip(",;:\"“”‘’()")
    if low.endswith(("’s", "'s")):
        return low[:-2]
    return low[:-1] if low.endswith(("’", "'")) else low


def _is_name_token(token: str, bare: str = "") -> bool:
    """A capitalised word that is not a title (names, initials, acronyms); `bare` is its
    _bare form when the caller has it."""
    bare = bare or _bare(token)
    if glottal_stop_name(token):
        return True  # "'Ana Kaufusi"
    if not token[:1].isupper():  # "al-Ansari", "el-Sisi": a particle joined to a name
        particle, _, rest = token.partition("-")
        return (particle in NAME_PARTICLES and rest[:1].isupper()) or camel_case_name(
            token.rstrip(",;:"))  # "eBay", "easyJet"
    return bare not in ROLE_WORDS and bare not in NAME_DETERMINERS


def is_place_based(words: list[str]) -> bool:
    """Whether a word makes a place or a name an adjective ("Auckland-based", "Saudi-led"):
    what it qualifies is a description, not that name."""
    return any(_bare(word).endswith(PLACE_ADJECTIVES) for word in words)




def _strip_determiners(tokens: list[str]) -> list[str]:
    while tokens and _bare(tokens[0]) in NAME_DETERMINERS:
        tokens = tokens[1:]
    return tokens


def is_organisation(name: str) -> bool:
    """True for names headed by an organisation word ("Foreign Ministry", "the Kremlin"),
    last or before its complement ("Ministry of Health", "Center for Responsive Politics";
    a title's head is no such word: "Minister of Health")."""
    tokens = name.split()
    if len(tokens) > 1 and tokens[-1].isdigit():  # a branch's number: "Subway Workers
        tokens = tokens[:-1]  # United Local 417", "Teamsters Local 727"
        if tokens[-1] == "Local":
            return True
    return bool(tokens) and (_bare(tokens[-1]).rstrip(".") in ORG_WORDS or (
        tokens[-1] in PROPER_ORG_HEADS) or any(
        tokens[i + 1] in _BODY_LINKS and _bare(tokens[i]) in ORG_WORDS and tokens[i][:1].isupper()
        for i in range(len(tokens) - 2)) or _named_on_after_body(tokens) or (
        len(tokens) > 2 and _is_acronym(tokens[0]) and tokens[1] in _BODY_LINKS))  # "American
    # Chamber of Commerce", "PGA of America"


def _named_on_after_body(tokens: list[str]) -> bool:
    """Whether a body's name goes on in capitals past its body word, as in a name given in
    two languages ("NZ Transport Agency Waka Kotahi"): no title or given name after it, as
    there is in "Health Ministry Director-General Ashley Bloomfield"."""
    at = next((k for k, t in enumerate(tokens[:-1]) if t[:1].isupper() and (
        _bare(t) in ORG_WORDS)), None)
    return at is not None and all(t[:1].isupper() for t in tokens[:at]) and not (
        POSSESSIVE_END.search(tokens[at])) and not is_plural(
        _bare(tokens[-1])) and all(t[:1].isupper() and ROLE_WORDS.isdisjoint(
            _bare(t).split("-")) and _bare(t) not in _given_names() for t in tokens[at + 1:])
    # not "CNN's Dana Bash", "Senate Republicans", "Chairperson of the Committee Sushila
    # Adhikari": someone of a body, a group at one, one titled for one


def _split_affiliated(tokens: list[str], bare: list[str]) -> tuple[str, str] | None:
    """("spokesman for the Kremlin") -> ("Kremlin", "spokesman"): a description of someone
    speaking for a named body keeps the body as the name. A group ("supporters of Trump")
    speaks for itself, as does one tied to another ("the mother of Sam Jones", "a lawyer
    for the council"): a description with no name."""
    if not tokens[0][:1].islower():
        return None
    for i in range(1, len(tokens) - 1):
        if (bare[i - 1] in RELATION_NOUNS and bare[i] in AFFILIATION_WORDS) or (
                (bare[i - 1] in LAY_PERSONS or bare[i - 1] in GENERIC_PERSONS)
                and bare[i] in {"of", "from"}) or (
                bare[i - 1] in OCCUPATIONS and bare[i] in {"at", "from"}):
            return "", " ".join(tokens)  # also one of the public by where they live ("a
            # retired nurse from Bishopdale", "a resident of Kowhai Flat", "a woman from
            # Ballarat") or work ("a senior nurse at Rotorua Hospital", who does not speak
            # for it)
        if is_plural(bare[i - 1]):
            return None
        if bare[i] in AFFILIATION_WORDS and not _name_word(tokens[i - 1]):  # not inside a
            # name: "the charity Clean Air for Children Trust"
            body = _strip_determiners(tokens[i + 1:])
            if is_place_based(body):
                return "", " ".join(tokens)  # "a portfolio manager at a Geneva-based fund":
                # a body described, no name
            if (body and all(_is_name_token(t) or _bare(t) in ORG_WORDS for t in body)) or (
                    bare[i - 1] in SPOKESPERSONS and _is_body_name(body)):
                if "former" in bare[:i]:
                    return "", " ".join(tokens)  # "a former procurement officer of the ...
                    # Authority" speaks for no body
                return " ".join(body), " ".join(tokens[:i])
    return None


def _ends_field(bare: list[str], cut: int) -> bool:
    """Whether the one word at `cut` ends a title's field after "and" ("Minister of
    Municipal Affairs and Housing"): a title and "of" or "for" come before the "and"."""
    return cut > 3 and bare[cut - 1] == "and" and any(
        bare[k] in ROLE_WORDS and bare[k + 1] in {"of", "for"} for k in range(cut - 2))


def _placed_group(tokens: list[str], bare: list[str]) -> bool:
    """Whether a mention is a group of people by what they do, then where ("Residents on
    Barra and South Uist", "Parents at Hillcrest School", "Cane farmers around Ingham",
    "Dealers on both sides of the Tasman"):
    the names after the preposition are a place's or a body's, none of the speakers'."""
    at = next((k for k in range(1, min(4, len(tokens) - 1)) if bare[k] in PLACING_PREPOSITIONS),
              None)
    return at is not None and (tokens[at + 1][:1].isupper() or tokens[-1][:1].isupper()) and (
        is_agent_plural(bare[at - 1])) and (
        bare[0] not in _given_names()) and all(t.islower() for t in tokens[1:at - 1])  # also
    # after what they grow or where they live: "Cane farmers around Ingham"


def _name_word(token: str) -> bool:
    """A capitalised word that a name's link may follow ("Clean Air | for Children Trust"),
    not a title in capitals ("CEO of ...") or a day ("a report Tuesday from WKOW")."""
    return token[:1].isupper() and not token.isupper() and _bare(token) not in TIME_NOUNS


def _is_body_name(tokens: list[str]) -> bool:
    """A body's name that ends with a word for a body, with titles and links in it ("the
    International Energy Agency", "the Department of Health and Human Services"), or that
    is named for its country or ends in capitals ("Health New Zealand", "Health NZ")."""
    return _in_capitals(tokens) and (_bare(tokens[-1]) in ORG_WORDS or _named_for_place(
        tokens) or _ends_in_capitals(tokens))


def _split_tokens(tokens: list[str]) -> tuple[str, str]:
    """Split one comma-free mention: the trailing run of name words is the name, provided a
    title, not some other word ("ambassador to Russia"), stands before it."""
    determined = tokens[:1] != _strip_determiners(tokens[:1])  # "the ... TD": no name
    tokens = _strip_determiners(tokens)
    if determined:
        tokens = _before_relative(tokens)  # "a Frankton renter | who spoke during the public
        # forum": the relative clause restricts the description, no name, and no body's
        # name ending "forum"
    bare = [_bare(t) for t in tokens]
    if not tokens or (len(tokens) == 1 and bare[0] in SUBJECT_PRONOUNS):
        return "", ""
    if len(tokens) > 2 and bare[-2] == "surnamed" and tokens[-1][:1].isupper():
        return tokens[-1], " ".join(tokens[:-2])  # "a 46-year-old resident surnamed Wong",
        # as Hong Kong and Singapore papers name those who give one name only
    affiliated = _split_affiliated(tokens, bare)
    if affiliated:
        return affiliated
    if (titled := _after_honorific(tokens, bare)) is not None:
        return titled
    if _placed_group(tokens, bare):
        return "", " ".join(tokens)  # "Residents on Barra and South Uist": no name
    if _participle_phrase(tokens, bare):
        return "", " ".join(tokens)  # "documents released under the Official Information Act"
    if any(bare[k] in {"a", "an"} and bare[k - 1] in _BODY_LINKS for k in range(1, len(bare) - 1)):
        return "", " ".join(tokens)  # "chief of a northern Saskatchewan First Nation": what
        # an indefinite article opens is a kind, no name
    if _post_nominal(tokens):  # "Keir Starmer MP": the letters join the role
        if determined:
            return "", " ".join(tokens)  # "the Dublin Bay South TD": the member for a seat
        name, title = _split_tokens(tokens[:-1])
        return name, f"{title} {tokens[-1]}".strip()
    if bare[-1] in ORG_WORDS and tokens[-1].islower() and is_place_based(tokens[-2:-1]):
        return "", " ".join(tokens)  # "San Jose California-based company": no name
    if (kind := _kind_before_name(tokens, bare)) is not None:
        return " ".join(tokens[kind + 1:]), " ".join(tokens[:kind + 1])  # "Campaign group |
        # Fossil Free Finance": the body's name, whatever its words mean elsewhere
    if bare[-1] in ORG_WORDS and len(tokens) > 2 and bare[0] in ROLE_WORDS and (
            bare[1] in _BODY_LINKS and tokens[2].islower()):
        return "", " ".join(tokens)  # "Counsel for the department": a post, opening a sentence
    if bare[-1] in ORG_WORDS and bare[0] in PICKING_WORDS and tokens[1][:1].islower():
        return "", " ".join(tokens)  # "One woman at the centre": a person described, whose
        # description ends in a body's word ("One Nation" is a name)
    if bare[-1] in ORG_WORDS:
        return _name_before_phrase(tokens, bare) or _described_body(tokens)
    if _named_for_place(tokens):  # "Health New Zealand": a body, not "Health" "New Zealand"
        return " ".join(tokens), ""
    if _is_linked_body(tokens, bare):  # "Office for National Statistics": a body, no title
        return "", " ".join(tokens)
    cut = len(tokens) - (len(tokens) > 2 and bare[-1] in NAME_SUFFIXES)  # "King Jr."
    if cut > 1 and bare[cut - 1] in SURNAME_TITLES and (
            _is_name_token(tokens[cut - 2], bare[cut - 2])):
        cut -= 1  # "Chris Bishop": a title after a name word is a surname
    while cut > 0 and (_is_name_token(tokens[cut - 1], bare[cut - 1]) or (
            cut < len(tokens) and bare[cut - 1] in NAME_PARTICLES)) and not (
            len(tokens) - cut > 1 and POSSESSIVE_END.search(tokens[cut - 1])) and not (
            cut < len(tokens) and bare[cut - 1].endswith(PLACE_ADJECTIVES)) and not (
            _ends_titles_body(bare, cut)):
        cut -= 1  # not past an owner: "ANZ's Sharon Zollner" is Sharon Zollner of ANZ;
        # nor past where someone is from: "South Korean-born | Monte Haines"; nor past the
        # body of a title: "Chairperson of the Committee | Sushila Adhikari"
    if cut > 1 and bare[cut - 1] == "and" and all(t[:1].isupper() for t in tokens[:cut - 1]) and (
            _document_name(" ".join(tokens))):
        return " ".join(tokens), ""  # "the Budget Economic and Fiscal Update": one
        # document's name, "and" in it
    if cut == len(tokens) - 1 and cut and bare[-1] in MONTHS and bare[-2] in TIME_LEADS:
        return "", " ".join(tokens)  # "a survey carried out by the council last October"
    if _where_placed(tokens, bare, cut - (bare[cut - 1] == "the")):
        return _name_before_phrase(tokens, bare) or ("", " ".join(tokens))  # "a father
        # outside the Four Square", "a retired nurse from Bishopdale": where someone was or
        # is from, no name of theirs
    if cut > 2 and (person := _person_before_phrase(tokens, bare, cut)):
        return person
    if 0 < cut < len(tokens) and "-" in tokens[cut - 1] and (
            bare[cut - 1].endswith(_COMPOUND_ADJECTIVE_ENDS)) and "and" not in bare[:cut]:
        return " ".join(tokens[cut:]), " ".join(tokens[:cut])  # "state-controlled Nordvest
        # Energi", "Bengaluru-based Dukaanpe"; not a list ("Chicago-based AbbVie and ...")
    if 1 < cut <= len(tokens) - 3 and _in_titled_field(tokens, bare, cut):
        return _titled_for_field(tokens, bare, cut)
    opening = cut == 0 and len(tokens) > 2 and _is_capitalised_title(tokens, bare)
    cut += opening  # "Substitute Oskar Zawada": a title opening the sentence, capitalised
    owner = cut > 0 and (POSSESSIVE_END.search(tokens[cut - 1]) is not None or (
        _ends_titles_body(bare, cut)))
    if cut > 0 and not (opening or owner) and not _is_title(
            tokens[cut - 1], bare[cut - 1], cut < len(tokens)):
        return _name_before_phrase(tokens, bare) or ("", " ".join(tokens))
    if cut == len(tokens) - 1 and _ends_field(bare, cut):
        return "", " ".join(tokens)  # "the Minister of Municipal Affairs and Housing"
    cut = _given_name_start(bare, cut)
    if cut == len(tokens) - 1 and cut and is_plural(bare[cut]) and tokens[cut - 1].islower() and (
            bare[cut - 1] == "of" or bare[cut - 1] in MODIFIERS or (
                bare[cut - 1].endswith(_GROUP_ADJECTIVE_ENDS))):
        return "", " ".join(tokens)  # "a group of conservative Republicans", "Many liberal
        # Democrats": a group (not "At the moment | Sanders announced")
    if cut == len(tokens) - 1 and bare[cut] in OBJECT_PRONOUNS:
        return " ".join(tokens), ""  # "Trade Me": a pronoun after a title ends a body's name
    run = next((k for k in range(cut, 0, -1) if not tokens[k - 1][:1].isupper()), 0)
    if 0 < cut < len(tokens) - 1 and (run == 0 or (run == 2 and bare[0] in SPOKESPERSONS and (
            bare[1] in AFFILIATION_WORDS))) and _named_on_after_body(tokens[run:]):
        return " ".join(tokens[run:]), " ".join(tokens[:max(0, run - 1)])  # "Transport |
        # Agency Waka Kotahi": one body's name, as is the one "a spokesman for" speaks for
    role = _role_words(tokens, bare, cut)
    while cut < len(tokens) and len(role) > 1 and role[0].islower() and (
            _bare(role[0]) in NOT_TITLES):  # "a charge Prime Minister Luxon rejected"
        role = role[1:]  # and "of Gov. Pence": no word of a title before a name
    return _without_possessive(" ".join(tokens[cut:])), " ".join(role).strip(" ,")


def _where_placed(tokens: list[str], bare: list[str], cut: int) -> bool:
    """Whether the name from `cut` follows a preposition of place ("a father outside | the
    Four Square", "a farmer near | Ashburton", "Ben Jacobs in | The Guardian"): where
    someone is; not whom a document is by or in ("polling by the A.F.L.-C.I.O.", "a
    report in the Des Moines Register"), nor where someone works ("an analyst at")."""
    return cut > 1 and bare[cut - 1] in PLACING_PREPOSITIONS and bare[cut - 1] not in {
        "at", "by"} and bare[cut - 2] not in DOCUMENT_NOUNS


def _ends_titles_body(bare: list[str], cut: int) -> bool:
    """Whether the word before `cut` is a body's word that ends the body of a title opening
    the mention ("Chairperson of the Committee | Sushila Adhikari", "Chairman of the House
    Intelligence Committee | Devin Nunes"): the name starts after it."""
    return cut > 2 and bare[cut - 1] in ORG_WORDS and (
        bare[0] in ROLE_WORDS or bare[0].endswith(PERSON_ENDINGS)) and (
        "of" in bare[1:cut - 1])


# Endings of a compound adjective before a name ("state-controlled", "state-run",
# "family-owned", "London-listed", "Texas-based"): a description, no title. All but
# "-born" and "-led" are said only of a body.
_BODY_ADJECTIVE_ENDS = ("-based", "-listed", "-owned", "-run", "-backed", "-funded",
                        "-controlled", "-held")
_COMPOUND_ADJECTIVE_ENDS = (*_BODY_ADJECTIVE_ENDS, "-born", "-led")


def _kind_before_name(tokens: list[str], bare: list[str]) -> int | None:
    """Index of a lower-case word for a kind of body ("group", "firm", "company") that
    capitalised words follow to the end ("Campaign group Fossil Free Finance"): they are
    that body's name; None when there is none."""
    k = next((k for k in range(len(tokens) - 2, -1, -1) if tokens[k].islower()), None)
    if k is None or bare[k] not in _KINDS_OF_BODY or bare[k + 1] in ROLE_WORDS or (
            _ascii(bare[k + 1]) in _given_names()):
        return None  # not "Clinton campaign Chairman John Podesta": a title, a person
    return k if all(t[:1].isupper() for t in tokens[k + 1:]) else None


# Lower-case nouns of the kind of a body before its name.
_KINDS_OF_BODY = frozenset("group firm company charity organisation organization agency "
                           "network coalition alliance movement campaign union".split())


def _in_titled_field(tokens: list[str], bare: list[str], cut: int) -> bool:
    """Whether the capitalised words from `cut` go on with the field of a title's "for" or
    "of" ("Minister for | Housing Cathal Brennan", "Minister for Transport and | Islands
    Kirsteen MacAulay", "Minister of State for National | Development Desmond Koh")."""
    def titled(k: int) -> bool:
        if k >= 2 and bare[k - 1:k + 1] == ["of", "state"]:
            k -= 2  # "Minister of State for"
        return (bare[k] in ROLE_WORDS or bare[k].endswith(AGENTIVE)) and (
            tokens[k][:1].isupper() and bare[k + 1] in {"for", "of"})  # also "Supervisor
        # of | Elections Mele Taufa"
    if bare[cut - 1] in {"and", "&"}:
        return any(titled(k) for k in range(cut - 2))
    if bare[cut - 1] in {"for", "of"}:
        return titled(cut - 2)
    start, surname = _given_names_before(bare, cut)
    if not cut < start < surname:
        return False  # the name starts at `cut`: "Secretary of State | John F. Kerry"
    field = cut - 1
    while field > cut - 3 and field > 1 and tokens[field][:1].isupper():
        field -= 1  # the field's first words: "National" of "National Development"
    return bare[field] in {"for", "of"} and titled(field - 1)


def _titled_for_field(tokens: list[str], bare: list[str], cut: int) -> tuple[str, str]:
    """("Minister for Housing Cathal Brennan") -> ("Cathal Brennan", "Minister for
    Housing"): the capitalised words after a title's "for" or "of" name its field, then
    the person; the name is the known given name on, else the last two words."""
    start, surname = _given_names_before(bare, cut)
    if not cut < start < surname:  # the last two words, and a particle before the last
        start = len(tokens) - 2 - (bare[-2] in NAME_PARTICLES and len(tokens) - 3 >= cut)
        # ("Fiachra Ó Dúill")
    return " ".join(tokens[start:]), " ".join(tokens[:start])


def _person_before_phrase(tokens: list[str], bare: list[str], cut: int
                          ) -> tuple[str, str] | None:
    """A person named in full before a phrase of affiliation that the mention's last
    capitalised words (from `cut`) end: ("Sergeant Paul Wicks of the Major Collision
    Investigation Team") -> ("Paul Wicks", "Sergeant of the Major Collision Investigation
    Team"); those words are the body's name, not a name after a title ("Major")."""
    p = next((k for k in range(2, cut) if bare[k] in AFFILIATION_WORDS), 0)
    if not p or "and" in bare[:p]:
        return None  # not "experts David Albright and Serena Kelleher-Vergantini of ..."
    found = _name_before_phrase(tokens, bare)
    return found if found and len(found[0].split()) > 1 else None


def _participle_phrase(tokens: list[str], bare: list[str]) -> bool:
    """Whether a mention is a common noun with a participle phrase after it ("documents
    released under the Official Information Act", "figures published in the Lancet", "a
    Health NZ roster report released to the Waikato Times"):
    what the phrase names is no name of the mention's, unless it is the agent ("a survey
    conducted by analyst Elena Sadovskaya" is hers), nor the time it gives ("an inspection
    report published last October", "a memo sent to staff last Tuesday"), nor who got to
    see it ("seen by the Belfast Telegraph")."""
    return bare[0] not in SUBJECT_PRONOUNS and any(
        (tokens[0].islower() or tokens[k - 1].islower()) and (
            ((bare[k].endswith("ed") or bare[k] in IRREGULAR_PASTS) and bare[k + 1] != "by" and (
                bare[k + 1] in PURE_PREPOSITIONS or bare[k + 1] in _TIME_DEICTICS
                or bare[k + 1] == "to"))
            or (bare[k] in _ACCESSED and bare[k + 1] == "by"))
        for k in range(1, min(5, len(bare) - 1)))


_TIME_DEICTICS = frozenset({"last", "this", "earlier", "next"})  # "published last October"
# Participles of who got to see a document, not who made it: "a trust briefing paper seen
# by the Belfast Telegraph" is no paper's of the Telegraph.
_ACCESSED = frozenset({"seen", "obtained", "viewed", "reviewed"})


def _after_honorific(tokens: list[str], bare: list[str]) -> tuple[str, str] | None:
    """A name after an honorific that ends a mention, and the words before as its role
    ("senior RPD MLA from Bargarh Shri Pradeep Kumar Naik"); not whom an affiliation
    names ("the lawyer for Mr. Smith")."""
    at = next((i for i in range(len(tokens) - 2, 0, -1) if bare[i] in HONORIFICS), None)
    if at is None or bare[at - 1] in AFFILIATION_WORDS or bare[at - 1] == "and" or (
            ROLE_WORDS.isdisjoint(bare[:at])) or (
            not all(_is_name_token(t, b) for t, b in zip(tokens[at + 1:], bare[at + 1:],
                                                          strict=True))):
        return None
    return _without_possessive(" ".join(tokens[at + 1:])), " ".join(_role_words(tokens, bare, at))


def _role_words(tokens: list[str], bare: list[str], end: int) -> list[str]:
    """The words before a name at `end` that make its role: not an honorific, nor an age."""
    return [t for t, b in zip(tokens[:end], bare, strict=False)
            if b not in HONORIFICS and not AGE.fullmatch(b)]


def _given_name_start(bare: list[str], cut: int) -> int:
    """Where a person's name starts inside a run of capitalised words from `cut`: at the
    known given names before the surname (and its particles), after two or more words that
    are none, a capitalised description ("Silver Fern Irene van Dyk", "All Black Beauden
    Barrett", "Clark County Sheriff Joe Lombardo"), or after an honorific ("Smt. Anita
    Dash", "Chief Minister Shri Bijay Kumar Sahoo"); else `cut`."""
    honorific = max((i for i in range(cut, len(bare) - 1) if bare[i] in HONORIFICS),
                    default=None)
    if honorific is not None:
        return honorific + 1
    start, surname = _given_names_before(bare, cut)
    return start if start < surname and start - cut >= 2 else cut


def _given_names_before(bare: list[str], cut: int) -> tuple[int, int]:
    """Where the known given names before the surname start, and where the surname does
    (the same index when none come before it), inside capitalised words from `cut`."""
    given = _given_names()
    k = len(bare) - 1 - (bare[-1] in NAME_SUFFIXES)  # the surname: "Harris" of "Harris Jr."
    if k - 1 > cut and _EAST_ASIAN_GIVEN.fullmatch(bare[k].capitalize()) and (
            bare[k].partition("-")[0] not in NAME_PARTICLES):
        k -= 1  # "Agnes Tsang Mei-ling": the surname before the given name
    while k > cut and bare[k - 1] in NAME_PARTICLES:
        k -= 1
    start = k
    while start > cut and (len(bare[start - 1].rstrip(".")) == 1 or (
            _ascii(bare[start - 1]) in given and bare[start - 1] not in ROLE_WORDS)):
        start -= 1  # "Joe", "Harry B." but not "Sheriff", a given name too
    return start, k


def _named_for_place(tokens: list[str]) -> bool:
    """A body named by its field and its country ("Health New Zealand", "Fire and Emergency
    New Zealand", "Transport Scotland", "Statistics Canada"): the words before the country
    are capitalised, one of them a role's ("Health", as in "Health Minister") or a plural
    ("Statistics"), none a given name; no person is named for a country, so they are no
    title before a name."""
    for n in (2, 1):
        if len(tokens) > n and " ".join(_bare(t) for t in tokens[-n:]) in _COUNTRIES:
            before = [_bare(t) for t in tokens[:-n]]
            return any(b in ROLE_WORDS or is_plural(b) for b in before) and all(
                (t[:1].isupper() and b not in _given_names()) or t in {"and", "&"}
                for t, b in zip(tokens, before, strict=False))
    return False


# Countries, and their abbreviations ("NZ", "U.K."), not their adjectives ("Kiwi").
_COUNTRIES = frozenset(DEMONYMS.values()) | {w for w in DEMONYMS if len(w.replace(".", "")) <= 3}


def _is_linked_body(tokens: list[str], bare: list[str]) -> bool:
    """A body's name headed by a word for a body before its complement, with no person's
    name in it ("Office for National Statistics", "Institute for Fiscal Studies"; not
    "Ministry of Defence spokesman John Smith")."""
    names = _given_names()
    return bare[0] not in HONORIFICS and is_organisation(" ".join(tokens)) and all(
        (t[:1].isupper() and b not in names) or t in _BODY_LINKS or t in {"and", "&"} or (
            t == "the" and k > 0 and tokens[k - 1] in _BODY_LINKS)  # "University of the"
        for k, (t, b) in enumerate(zip(tokens, bare, strict=True)))


def _post_nominal(tokens: list[str]) -> bool:
    """Whether a name ends in letters after it ("Ivana Bacik TD", "Keir Starmer MP", "Jane
    Doe QC"): two to four capitals after two name words that are not ("Priorities USA",
    "Junge SVP", "many in GOP", "Cancer Research UK" and "John Smith III" are no such
    names, nor a body's with its country's letters: "Federated Farmers NZ")."""
    last = tokens[-1] if len(tokens) >= 3 else ""
    return 2 <= len(last) <= 4 and last.isalpha() and last.isupper() \
        and _bare(last) not in NAME_SUFFIXES and _bare(last) not in PLACES and (
            _bare(last) not in _COUNTRIES) and all(
            t[:1].isupper() and not (t.isupper() and len(t) > 1) and _bare(t) not in DETERMINERS
            for t in tokens[-3:-1])  # not "One Labour MP"; a one-letter word may be a
    # particle of the name ("Pádraig Ó Dúill TD")


# Endings of nouns that name a person's occupation or party, not an adjective ("Human",
# "Constant"): "Shooter", "Senator", "Columnist", "Comedian", "Democrat".
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "eer", "crat")
# Endings of nouns of agents and roles ("striker", "actor", "journalist", "comedian",
# "substitute", "candidate", "democrat").
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "aire", "ate", "ute", "an",
                   "crat")
# Nouns of a person's standing in a local story, no given names, that open a sentence
# before a full name ("Resident Rangi Marsh", "Principal Debbie Kingi").
_STANDING_NOUNS = frozenset({"resident", "principal", "parent", "student",
                             "neighbour", "neighbor", "witness", "survivor", "homeowner",
                             "elder"})  # "Elder Josephine Beardy", as First Nations write


def _is_capitalised_title(tokens: list[str], bare: list[str]) -> bool:
    """Whether a mention's first word, capitalised, is a title before a full name: a noun
    of a role or an agent ("Substitute", "Veteran", "Comedian", "Democrat"), no given name
    itself, before one ("Substitute Oskar Zawada"; not "Kosta Barbarouses", "Tory Whanau",
    "Cornell William Brooks"). A role's noun needs a known given name after it; a noun of
    an occupation or party does not ("Striker Chris Wood"), unless the mention names a
    body ("Cancer Research UK")."""
    low, second = bare[0], bare[1]
    names = _given_names()
    if low in _STANDING_NOUNS and len(tokens) == 3:
        return all(_is_name_token(t, b) for t, b in zip(tokens[1:], bare[1:], strict=True))
    return low not in names and is_bare_title(low) and (
        (low in ROLE_WORDS and second in names) or (
            len(low) > 4 and low.endswith(_AGENT_SUFFIXES) and (second in names or (
                low.endswith(_PERSON_SUFFIXES) and not tokens[-1].isupper()
                and not is_organisation(" ".join(tokens))))))


def _is_title(token: str, bare: str, named: bool) -> bool:
    """A word that can stand before a name as its title: a role word ("Minister", "Sen."),
    or, before a name (`named`), a title without an article ("architect Renzo Piano",
    "Liverpool coach Jurgen Klopp") or an age ("72-year-old Joan Pike"); not "ambassador
    to Russia" or "one of the jobs Perez"."""
    if bare in ROLE_WORDS:
        return not (token[:1].islower() and bare in AFFILIATION_WORDS)
    return named and (token.islower() or token.startswith(("co-", "vice-", "ex-"))) and (
        is_bare_title(bare) or AGE.fullmatch(bare) is not None)  # "co-Anchor"


def _described_body(tokens: list[str]) -> tuple[str, str]:
    """An organisation's name past a description of it: ("China's state-run Xinhua news
    agency", "Chinese state-run Xinhua news agency") -> ("Xinhua news agency", "China's
    state-run"), ("semiofficial Tasnim news agency") -> ("Tasnim news agency",
    "semiofficial"), ("Battery maker Trident Energy Systems") -> ("Trident Energy
    Systems", "Battery maker"), so that every mention of the body has one key; ("Russia's
    Foreign Ministry") stays whole."""
    owner = next((k for k in range(min(2, len(tokens) - 2)) if tokens[k + 1].islower() and (
        tokens[k].endswith(("’s", "'s")) or _bare(tokens[k]) in DEMONYMS)), None)
    possessed = owner is not None and all(t[:1].isupper() for t in tokens[:owner + 1])
    if possessed or (len(tokens) > 1 and (tokens[0].islower() or _is_adjective(tokens[0]))):
        # "North Korea's state-run", "ultra-Orthodox"
        start = (owner or 0) + 1
        name = next((k for k in range(start, len(tokens)) if tokens[k][:1].isupper()), 0)
        if name and (possessed or all(_is_adjective(t) for t in tokens[:name]) or (
                name < 3 and all(_plain_modifier(t) for t in tokens[:name]) and all(
                    (t[:1].isupper() and not POSSESSIVE_END.search(t)) or t in _BODY_LINKS
                    for t in tokens[name:-1]))):
            return " ".join(tokens[name:]), " ".join(tokens[:name])  # "hardline | CGT union"
    kinds = [k for k, t in enumerate(tokens[:-1]) if t.isalpha() and t.islower() and (
        t not in _BODY_LINKS and t not in NAME_PARTICLES and t not in {"and", "the"})]
    if kinds and kinds[-1] < 3 and tokens[kinds[-1] + 1][:1].isupper() and (
            tokens[kinds[-1]].endswith(AGENTIVE)) and not any(
            _bare(t) in PHRASE_PREPOSITIONS for t in tokens[:kinds[-1]]):
        return " ".join(tokens[kinds[-1] + 1:]), " ".join(tokens[:kinds[-1] + 1])  # "Battery
        # maker | Trident Energy Systems", "nonpartisan | Congressional Budget Office"
    return " ".join(tokens), ""


# Endings of adjectives that qualify a group by its views ("liberal", "conservative").
_GROUP_ADJECTIVE_ENDS = ("al", "ive", "ic", "ous")


def _plain_modifier(word: str) -> bool:
    """A lower-case word that may qualify a body's name, no function word, preposition,
    participle or particle of a name ("hardline", "opposition"; not "by", "released",
    "al")."""
    return word.isalpha() and word.islower() and word not in FUNCTION_WORDS and (
        word not in PREPOSITIONS) and word not in NAME_PARTICLES and not word.endswith("ed")


def _is_adjective(word: str) -> bool:
    """A lower-case word that can only qualify a body's name before it, by its form
    ("semiofficial", "state-run", "ultra-Orthodox"), not a noun or a preposition ("count
    by")."""
    if "-" in word:  # also "ultra-Orthodox", "pro-Kremlin"; not "al-Shabaab": a name
        return word[:1].islower() and word.partition("-")[0] not in NAME_PARTICLES
    return word.islower() and word.endswith(ADJECTIVE_SUFFIXES)


def _name_before_phrase(tokens: list[str], bare: list[str]) -> tuple[str, str] | None:
    """A person named before a prepositional phrase: ("Meenakshi Ganguly of Human Rights
    Watch") -> ("Meenakshi Ganguly", "of Human Rights Watch"); ("Sen. Bernie Sanders on
    Wednesday") -> ("Bernie Sanders", "Sen."). A phrase of affiliation or origin ("of",
    "from", "at" a name) joins the role; others (time, place of speaking) are dropped.
    After "of" the name must be a person's (a title, or two words and no organisation
    word), as "Bank of America" is one name."""
    p = next((k for k in range(1, len(tokens) - 1) if bare[k] in PHRASE_PREPOSITIONS), 0)
    if not p:
        return None
    name, role = _split_tokens(tokens[:p])
    if not name or is_organisation(name) or _bare(name) in SOURCE_NOUNS or (
            role.split()[-1:] and _bare(role.split()[-1]) in _KINDS_OF_BODY) or (  # "the
            # charity Clean Air | for Children Trust": the body's name goes on
            bare[p] in {"of", "for"} and not (
            role or bare[0] in HONORIFICS or (
                len(name.split()) > 1 and all(_is_given_name(t) for t in name.split())))):
        return None
    body = _strip_determiners(tokens[p + 1:])
    if bare[p] in {"of", "for"} and not role and _titled_person(body):
        return None  # "Western Bay | of Plenty area commander Inspector Hamish Tully": a
        # place's name goes on, and the titled person named after it speaks
    if bare[p] in AFFILIATION_WORDS and body and body[0][:1].isupper():
        role = f"{role} {' '.join(tokens[p:])}".strip()
    return name, role


def _titled_person(tokens: list[str]) -> bool:
    """Whether words end with a person's full name after a title ("Plenty area commander
    Inspector | Hamish Tully")."""
    name, role = _split_tokens(tokens)
    title = _bare(role.rpartition(" ")[2])
    return is_full_name(name.split()) and title in ROLE_WORDS and title not in _BODY_LINKS


def _is_given_name(token: str) -> bool:
    """A word that can be part of a person's name: capitalised, lower-case after, no
    country or place ("American Chamber", "U.S. Chamber" are bodies)."""
    return token[:1].isupper() and token[1:].islower() and _bare(token) not in PLACES


def _without_possessive(name: str) -> str:
    """"Obama's" -> "Obama": the source of "Obama's claim that ..." is Obama; so with
    "Sanders’"."""
    if name.endswith(("’s", "'s")):
        return name[:-2]
    return name.rstrip("’'")


def _appositions(mention: str) -> list[str]:
    """The parts a mention's commas and dashes set off, but relative clauses; what follows
    a relative clause that ends in a name is that name's ("Ms Lim, who visited a site
    with Mr Ong Boon Keat, a deputy director, said": the director is Ong)."""
    parts: list[str] = []
    split = _APPOSITION.split(mention)
    inside = -1  # the last part of a relative clause with commas of its own
    for k, part in enumerate(split):
        if k <= inside:
            continue
        if _RELATIVE.match(part):
            if _ends_in_person(part.split()):
                break
            inside = _relative_clause_end(split, k)
            continue
        if part.strip():
            parts.append(part)
    return parts


def _relative_clause_end(parts: list[str], first: int) -> int:
    """The last of the parts from `first`, a relative clause, that the clause holds: up to
    one that goes on with its verb ("who took over after his predecessor | Martin Healy |
    resigned amid ...": the name is the predecessor's, in the clause), or the rest of a
    list of names it ends in ("which represents irrigators across New South Wales |
    Victoria and South Australia") or the region of the place it ends in, else `first`."""
    for k in range(len(parts) - 1, first, -1):
        word = parts[k].split()[:1]
        if word and word[0].islower() and (word[0] in FINITE_AUX or word[0].endswith("ed")
                                           or word[0] in IRREGULAR_PASTS):
            return k
    end = first
    while end + 1 < len(parts) and parts[end].rstrip()[-1:].isalpha() and (
            parts[end].split()[-1][0].isupper()) and all(
            word[:1].isupper() or word in _LIST_JOINERS for word in parts[end + 1].split()):
        end += 1
    if end > first and _LIST_JOINERS.intersection(parts[end].split()):
        return end
    return first + 1 if first + 1 < len(parts) and _region_of_place(
        parts[first].split(), parts[first + 1].split()) else first  # "who has coached her
    # at an academy in Boca Raton, | Florida": the place's region


_LIST_JOINERS = frozenset({"and", "or"})


def _ends_in_person(tokens: list[str]) -> bool:
    """Whether the words end in a person's name: capitalised words that an honorific or a
    known given name opens ("with Mr Ong Boon Keat"; not "lives in Auckland")."""
    k = len(tokens)
    while k > 0 and tokens[k - 1][:1].isupper():
        k -= 1
    return k < len(tokens) - 1 and (
        _bare(tokens[k]) in HONORIFICS or _bare(tokens[k]) in _given_names())


@functools.lru_cache(maxsize=8192)  # pure; names recur within and across articles
def split_role(mention: str) -> tuple[str, str]:
    """("Russian Foreign Minister Sergey Lavrov") -> ("Sergey Lavrov", "Russian Foreign Minister").

    Appositions ("John Sullivan, the U.S. ambassador", "Sullivan -- the ambassador") keep
    the part holding a name as the name and the rest as the role. A mention without a name
    gives ("", description); a bare pronoun gives ("", "").
    """
    mention = _REFLEXIVE.sub("", mention.strip(" ,;:\n"))  # "Fitzgibbon himself"
    mention = _PLACE_BASED.sub(" ", mention)  # "the San Jose, California-based company"
    if " " not in mention and "," not in mention and _is_name_token(mention) and (
            mention.lower() not in SUBJECT_PRONOUNS):
        if is_qualifier(mention):
            return "", mention  # "Mo.", "D-Mich.": what qualifies a name is none
        return _without_possessive(mention), ""  # the common case: a bare name ("Lavrov")
    if "(" in mention:
        mention = _PARENTHETICAL.sub("", mention).strip(" ,;:\n")
    mention = _without_participle(mention)  # ", speaking on condition of anonymity"
    listed = listed_at_end(mention) if "," in mention or " and " in mention else None
    if listed is not None and "," not in mention and not is_organisation(listed.group("head")):
        listed = None  # "and" alone joins a body's words ("Department of Building and
        # Safety"), but in a title before a name ("Minister for Transport and Islands Kirsteen
        # MacAulay") it does not end the mention
    if listed is not None:  # its commas set off no apposition: no name
        return "", listed.group("body") if listed.start() == 0 or _OWNER.fullmatch(
            mention[:listed.start()]) else " ".join(
            _strip_determiners(mention.split()))  # "a spokeswoman for the Department of ..."
    parts = [p.split() for k, p in enumerate(_appositions(mention)) if not _STANCE.match(p)
             and not (k and _ADJUNCT.match(p))]
    alias = next((m for p in parts[1:] if (m := _KNOWN_AS.match(" ".join(p)))), None)
    if alias is not None:  # "Israel's Coordinator of ... Territories, known as COGAT"
        return alias.group(1), " ".join(_strip_determiners(parts[0]))
    if len(parts) > 1 and " ".join(parts[0]).lower() in _PARTITIVES:
        parts = parts[1:]  # "One, retired teacher Margaret Hill": whom the apposition names
    if len(parts) > 1 and _placed_group(parts[0], [_bare(t) for t in parts[0]]):
        return "", " ".join(parts[0])  # "Officials at Homeland Security Investigations, a
        # division of ...": what is set off after a group tells where it is
    if len(parts) > 1 and _owned_body_description(parts[0]) and (named_body := next(
            (p for p in parts[1:] if _in_capitals(_strip_determiners(p))), None)):
        return " ".join(_strip_determiners(named_body)), " ".join(
            _strip_determiners(parts[0]))  # "Kordan's
        # state-run news agency, KONA,": the body's name, its description the role
    if len(parts) == 1:  # no apposition: most mentions
        return _body_of_spokesperson(parts[0]) or _office_of(parts[0]) or _split_tokens(parts[0])
    if len(parts) > 1 and _described_as_body(parts[0], parts[1]):  # "Solidarity for
        # Economic Democracy, a Seoul-based civic group": the name whole, whatever its last word
        return " ".join(_strip_determiners(parts[0])), ", ".join(
            " ".join(_strip_determiners(p)) for p in parts[1:])
    splits = [_split_tokens(p) for p in parts]
    named = [i for i, (name, _) in enumerate(splits) if name and not (
        len(parts[i]) < 4 and is_qualifier(" ".join(parts[i]))) and not _where_from(parts[i])
        and not (i and _PARTICIPLE_PHRASE.match(" ".join(parts[i])))  # "The review, dated May"
        and not (i and _bare(parts[i - 1][-1]) in _PLACE_NOUNS and not is_full_name(parts[i]))
        and not (i and _region_of_place(parts[i - 1], parts[i]))]
    # not "in the capital, Dovra": the place's name; not "in Austin, Texas": its region
    if not named:
        return "", ", ".join(role for (_, role), part in zip(splits, parts, strict=True)
                             if role and not _where_from(part))
    # the part that is a full name, past an honorific ("Dr Richard Sullivan"): "a spokesman
    # for the Kremlin, Dmitry Peskov": Peskov
    first = next((i for i in named if is_full_name(
        [t for t in parts[i] if _bare(t) not in HONORIFICS and not _abbreviated_title(t)])),
        named[0])
    if is_organisation(splits[first][0]):  # a body named in a post, then a person's full
        # name after a title: "The head of the ... mission, former judge Alicia Ferreyra"
        first = next((i for i in named if is_full_name(splits[i][0].split())
                      and _bare(splits[i][1].rpartition(" ")[2]) not in NOT_TITLES
                      and splits[i][1].rpartition(" ")[2].isalpha()), first)
    name, role = splits[first]
    rest = [" ".join(_strip_determiners(p)) for i, p in enumerate(parts)
            if i != first and not (len(p) == 1 and p[0].isdigit())]  # an age is no role
    doing = next((k for k, r in enumerate(rest) if _PARTICIPLE_PHRASE.match(r)), len(rest))
    return name, ", ".join(r for r in [role, *rest[:doing]] if r)  # and what follows it


def _owned_body_description(tokens: list[str]) -> bool:
    """Whether words describe a body by its owner and kind in lower case ("Kordan's
    state-run news agency", "Tamboria's main opposition party")."""
    tokens = _strip_determiners(tokens)
    return len(tokens) > 1 and bool(POSSESSIVE_END.search(tokens[0])) and all(
        t.islower() for t in tokens[1:]) and _bare(tokens[-1]) in ORG_WORDS


def _in_capitals(tokens: list[str]) -> bool:
    """Whether words are a name in capitals ("KONA", "Union for Democratic Renewal"), with
    no lower-case word but those that join a name's words."""
    return bool(tokens) and tokens[0][:1].isupper() and all(
        t[:1].isupper() or t in {"of", "for", "and", "&"} for t in tokens)


def _abbreviated_title(token: str) -> bool:
    """A title cut short before a name, as an honorific is ("Eng.", "Ing.", "Insp.")."""
    return token.endswith(".") and token[:1].isupper() and token.lower() in ROLE_WORDS


def _region_of_place(before: list[str], part: list[str]) -> bool:
    """Whether `part`, set off after a place that a preposition names ("a sales engineer in
    Austin, | Texas", "from Springfield, | New Jersey"), is the region the place lies in."""
    k = len(before)
    while k > 0 and before[k - 1][:1].isupper():
        k -= 1
    return 0 < k < len(before) and before[k - 1].lower() in PLACING_PREPOSITIONS and (
        part[0][:1].isupper()) and (len(part) == 1 or (
            len(part) == 2 and part[0].lower() in _REGION_LEADS and part[1][:1].isupper()))


# First words of two-word regions ("New Jersey", "South Australia"); a two-word part set
# off after a place is otherwise a person ("a nurse from Paris, Marie Dubois").
_REGION_LEADS = frozenset({"new", "north", "south", "east", "west", "northern", "southern",
                           "eastern", "western"})


def _described_as_body(name: list[str], description: list[str]) -> bool:
    """Whether a run of capitalised words (linked by "for", "of", "and") is a body's name,
    as the description set off after it says: "a Makhanda-based advocacy group that ...",
    whose noun before any phrase or clause of its own is a body's."""
    if not name or not description or description[0].lower() not in {"a", "an"} or not (
            name[-1][:1].isupper()) or not all(
            w[:1].isupper() or w in {"for", "of", "and", "the"} for w in name):
        return False
    head = next((k - 1 for k, w in enumerate(description) if w.lower() in CLAUSE_WORDS
                 or w.lower() in PURE_PREPOSITIONS or w in {"of", "for", "to"}),
                len(description) - 1)  # not "a leader of ... coalition"
    return head > 0 and _bare(description[head]) in BODY_NOUNS


# An apposition that gives the name the text goes on to use ("..., known as COGAT,").
_KNOWN_AS = re.compile(r"(?:also |better )?known as ([A-Z][\w’'.\-]*(?: [A-Z][\w’'.\-]*){0,3})$")

# Nouns of a place that a name set off after it names ("the Ministry of Health in the
# capital, Dovra,"): the place's, not the speaker's, unless it is a person's full name.
_PLACE_NOUNS = frozenset(
    "capital city town village province region county district state country".split())


def _where_from(part: list[str]) -> bool:
    """Whether a part set off in a mention is a participle's phrase with no agent ("The
    study, published Wednesday in the journal Proceedings of the Royal Society B,"): the
    name in it is where the thing is, not who speaks; one with an agent names its author
    ("The report, released by the Grattan Institute,")."""
    return _PARTICIPLE_PHRASE.match(" ".join(part)) is not None and "by" not in part


# The comma of a place in a "-based" modifier, which sets off no apposition ("the San
# Jose, California-based company").
_PLACE_BASED = re.compile(r",\s+(?=[A-Z][\w.]*-based\b)")
# A reflexive after a name, for emphasis ("Fitzgibbon himself, speaking to RTÉ").
_REFLEXIVE = re.compile(rf"\s+(?:{'|'.join(sorted(REFLEXIVES))})$")
# A phrase of a preposition set off after a name that tells how it spoke, no role ("The
# Ministry of Health, in a statement signed by Principal Secretary Esther Kamau, said").
_ADJUNCT = re.compile(r"\s*(?:in|on|via|through)\s+(?:a|an|the|its|his|her|their)\s", re.I)
# A phrase set off after a name that tells the speaker's stance, no role ("Pruitt, for his
# part, claims"; "Desai, to her credit, says").
_STANCE = re.compile(r"\s*(?:for|to|in|by|on)\s+(?:his|her|their|its|our|my)\s", re.I)
# Words that pick one out of a group before an apposition naming them ("One, retired
# teacher Margaret Hill, said"): no name or role of theirs.
_PARTITIVES = frozenset({"one", "another", "one of them"})


def titled_alike(words: list[str], role: str) -> bool:
    """Whether every word of a description (in lower case) is a word of a role by its stem
    ("finance" of "Financial"), or a head noun ("chief", "head") that stands for the title
    the role ends with: "the finance chief" is the Financial Secretary."""
    role_words = role.lower().split()
    stems = {w[:_STEM] for w in role_words if not w.endswith(POSSESSIVE_ENDINGS)}  # an
    # owner's name tells whose body it is: "at Carrier's parent company" is no Carrier's
    titled = bool(role_words) and role_words[-1] in ROLE_WORDS
    return bool(words) and all(w[:_STEM] in stems or (titled and w in TITLE_HEADS) for w in words)


_STEM = 6  # letters that a word and its derivative share: "financ-ial", "econom-y"


def _without_participle(mention: str) -> str:
    """A mention without a participle's phrase set off at its end, which tells how it spoke
    and is no part of a name or role (", speaking on condition of anonymity", ", echoing
    Erdogan"): an -ing word before a function word or a name, not before the noun it
    qualifies (", managing director of ...", ", ranking member of ..."); nor one of
    a law's sponsor, whose words the law's are not."""
    head, comma, last = mention.rpartition(", ")
    words = last.split()
    if comma and len(words) > 2 and words[0].endswith("ed") and words[1] == "by" and (
            _names_law(head)):
        return head  # "The Plastics Bill 2025, sponsored by Senator ...": the law's words
    if not comma or len(words) < 2 or not words[0].endswith("ing") or not words[0].islower() or (
            words[0] == "including"):
        return mention
    after = _bare(words[1])
    return head if words[1][:1].isupper() or after in FUNCTION_WORDS or (
        after in PREPOSITIONS or after in OBJECT_PRONOUNS) else mention


def _names_law(mention: str) -> bool:
    """Whether a mention ends in a law's noun, or its year ("the Plastics Bill 2025")."""
    words = mention.lower().split()
    if len(words) > 1 and words[-1].isdigit():
        words.pop()
    return bool(words) and words[-1] in STATING_NOUNS and words[-1] not in DOCUMENT_NOUNS


def listed_at_end(mention: str) -> re.Match[str] | None:
    """A body or office whose complement is a list (`listed_body`) that ends a mention and
    opens it or follows its first "for", "of" or "at" ("a spokeswoman for the Department
    of Housing, Local Government and Heritage")."""
    tie = _LISTED_TIE.search(mention.split(",", 1)[0])
    owner = _OWNER.match(mention)  # "the city's | Department of Building and Safety"
    for pos in (0, *(m.end() for m in (tie, owner) if m)):
        listed = listed_body(mention, pos)
        if listed and listed.end() == len(mention):
            return listed
    return None


# Where a body tied to a description starts ("a spokeswoman for | the Department ...").
_LISTED_TIE = re.compile(r"\s(?:for|of|at)\s")
_OWNER = re.compile(r"(?:[Tt]he\s+)?[\w\-]+['’]s\s+")


def listed_body(text: str, pos: int = 0) -> re.Match[str] | None:
    """The name of a body or an office at `pos` whose complement is a list, if one starts
    there ("the Ministry of Business, Innovation and Employment", "the Secretary of State
    for Business, Energy and Industrial Strategy"), or a group's ("Residents of Tairua,
    Pauanui and Whitianga"); not "Smith, Jones and Brown"."""
    listed = _LISTED_BODY.match(text, pos)
    first = _bare(listed.group("head").split(None, 1)[0]) if listed else ""
    return listed if listed and (is_organisation(listed.group("head")) or first in ROLE_WORDS
                                 or (first in SOURCE_NOUNS and is_plural(first))) else None


def is_full_name(tokens: list[str]) -> bool:
    """A person's name alone, of two to four name words ("Dmitry Peskov", "Ina Kirsch"),
    with particles between them ("Annelie van Wyk")."""
    return 1 < len(tokens) < 5 and all(
        (_is_name_token(t) or (0 < k < len(tokens) - 1 and _bare(t) in NAME_PARTICLES))
        and _bare(t) not in PLACES for k, t in enumerate(tokens)) and (
        not is_organisation(" ".join(tokens)))  # not "West Virginia"


def _body_of_spokesperson(tokens: list[str]) -> tuple[str, str] | None:
    """("a Kremlin spokesman", "a Ministry of Health spokeswoman", "a Health NZ
    spokesperson") -> ("Kremlin", "spokesman"): an unnamed spokesperson speaks for the body
    named before the title, as "a spokesman for the Kremlin" does."""
    tokens = _strip_determiners(tokens)
    named = tokens[:-1]
    if len(tokens) > 1 and _bare(tokens[-1]) in SPOKESPERSONS and all(
            t[:1].isupper() or t in _BODY_LINKS for t in named) and (
            is_organisation(" ".join(named)) or _named_for_place(named)
            or _ends_in_capitals(named) or (len(named) == 1 and _is_acronym(named[0]))):
        return " ".join(named), tokens[-1]  # "a Health NZ spokesperson", "an NZTA spokesman"
    return None


def _office_of(tokens: list[str]) -> tuple[str, str] | None:
    """("Housing Minister Chris Bishop's office") -> ("Chris Bishop", "Housing Minister,
    office"): a person's office or spokesperson speaks for that person, as a body's
    spokesperson does for the body; not a person's lawyer or aide, who is someone else."""
    tokens = _strip_determiners(tokens)
    if len(tokens) < 2 or _bare(tokens[-1]) not in SPEAKS_FOR or not (
            POSSESSIVE_END.search(tokens[-2])):
        return None  # also "Watts' office"
    name, role = _split_tokens([*tokens[:-2], _without_possessive(tokens[-2])])
    return (name, ", ".join(r for r in (role, tokens[-1]) if r)) if name else None


def _is_acronym(token: str) -> bool:
    """A name in capitals, as a body's short name is written ("NZTA", "AIPAC"), a small
    word's initial in lower case or not ("DoT", "TfL", "MoHRE")."""
    return len(token) > 1 and token.isalpha() and (
        token.isupper() or MIXED_ACRONYM.fullmatch(token) is not None)


# Capitals with a small word's initial in lower case between two of them ("DoT", "TfL").
MIXED_ACRONYM = re.compile(r"[A-Z](?:[a-z]?[A-Z]){1,4}")


def _ascii(word: str) -> str:
    """The word without its accents ("Seán" -> "Sean")."""
    return word if word.isascii() else unicodedata.normalize("NFKD", word).encode(
        "ascii", "ignore").decode()


def _fold(word: str) -> str:
    """ASCII, lower-case, transliteration-folded spelling of a word or name. Most words are
    plain ASCII letters, which skip the costly steps."""
    word = word.lower()
    if not word.isascii():
        word = _ascii(word.translate(_TRANSLIT))
    if not word.isalnum():
        word = _NON_ALNUM.sub("", word.replace("-", " "))
    return word.replace("ey", "ei").replace("iy", "i")


def _org_key(name: str) -> str:
    words = [_bare(t) for t in _strip_determiners(without_legal_form(name).split())]
    words = [DEMONYMS.get(w, w) for w in words if w]
    return " ".join(_fold(w) for w in words).strip()


def without_legal_form(name: str) -> str:
    """A company's name without the words after it that tell its legal form, not which
    company it is: "Northgate Nickel Corp." is "Northgate Nickel"."""
    words = name.split()
    while len(words) > 1 and _bare(words[-1]).rstrip(".") in _CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


_CORPORATE_SUFFIXES = frozenset("corp corporation inc incorporated ltd limited plc llc co".split())


def speaker_key(name: str) -> str:
    """Identity shared by all spellings of one speaker: a person's folded surname, or an
    organisation's normalised name. "" when the mention names nobody (a bare pronoun)."""
    return _key(*split_role(name))


def key_of(description: str) -> str:
    """The key of a description taken as a name ("officials", "the alliance"), keyed by its
    head: "a Pew study from 2011" by "study", not by its year, "figures released on
    Monday" by "figures", "sources close to the minister" by "sources"."""
    return _key(_head_phrase(description), "")


def split_apposition(description: str) -> list[str]:
    """A description and what is set off after it by a comma, but for a number's comma
    ("30,000 immigrants" is one)."""
    return _COMMA.split(description, 1)


@functools.lru_cache(maxsize=8192)  # pure; a pronoun asks it of every entity met before
def description_head(description: str) -> str:
    """The head noun of a description, lower-case: "sources" in "sources close to the
    minister", "aide" in "an aide to the minister", "study" in "a study from 2011",
    "representative" in "a representative of one of the bus companies"."""
    words = _TITLED_OF.sub(r"\1", _VOICE_TIE.sub(r"\1", _head_phrase(description))).split()
    return words[-1].lower() if words else ""


def _head_phrase(description: str) -> str:
    """A description up to its head: without what follows it (a date, a release, a tie to
    someone, what is set off after a comma, a relative clause: "engineer who left RANZ")."""
    description = " ".join(_before_relative(description.split()))
    head = _POSTMODIFIER.sub("", _DATED.sub("", split_apposition(description)[0]))
    return _FIELD.sub(r"\1", _TIE.sub(r"\1", head)) if " of " in head or " for " in head else head


# What follows a description's head and ties it to someone or somewhere ("close to the
# minister", "familiar with the talks", "an aide to the minister", "nurses at Wellington
# Hospital", "the 47-year-old from Whanganui"), a participle and its object or place ("the
# union representing them", "residents living near the plant", "officials representing
# aged-care workers") or where they are ("officials there"), also when a gerund opens the
# object ("officials representing nursing staff"), or a participle of who made it or where
# it is ("a campaign group set up by parents", "a charity based in Leeds"); not "of" or
# "for", which may go on with a body's name ("Court of Appeals", "Center for Security
# Policy").
_POSTMODIFIER = re.compile(r"""(?<=\w)(?<!\bthe)(?<!\ban)(?<!\ba)\s+(?:(?:(?:close|closer|near|loyal
    |familiar)\s+)?(?:to|with|at|in|from|on(?=\s+the\s+[a-z]))\s|[a-z]{3,}ing\s+(?:them|him|her|us|the|a|an|its
    |their|his|near|in|at|on|along|around|outside|across|[a-z]+s|[a-z]+-[a-z]+\s+[a-z]+s
    |[a-z]{3,}ing\s+[a-z]+)\b
    |(?:[a-z]{3,}ed|set\s+up|run|led)\s+(?:by|in|at|on|to|with|last|this|from)\s
    |(?:here|there)$).*$""", re.X | re.S)
# Whom a relation's noun ties its person to ("the mother of Sam Jones", "a lawyer for the
# council"): not the person's head.
_TIE = re.compile(rf"\b({'|'.join(sorted(RELATION_NOUNS))})\s+(?:of|for)\s.*$", re.I | re.S)
# The body one speaks for ("a representative of one of the bus companies"): not the head,
# though the key keeps it, as one body's spokesman is not another's.
_VOICE_TIE = re.compile(rf"\b({'|'.join(sorted(BODY_VOICES))})\s+(?:of|for)\s.*$", re.I | re.S)
# The field after a title ("head of planning", "director of communications"): not its head.
_FIELD = re.compile(rf"\b({'|'.join(sorted(FIELD_HEADS))})\s+of\s+(?!(?:the|a|an)\b)[a-z][a-z -]*$")
# The body a person's title is held at ("the chairman of one secondary school's parent
# council", "the head of the agency"): not the head, which the title is (the key keeps
# it, as one household's member is not another's).
_HELD_TITLES = FIELD_HEADS | set(OFFICE_KINDS) | {
    "chair", "chairperson", "member", "leader", "owner", "founder"}
_TITLED_OF = re.compile(rf"\b({'|'.join(sorted(_HELD_TITLES))})\s+of\s+"
                        r"(?:the|a|an|one|its|his|her|their)\s.*$", re.I | re.S)
# A year or a release after a description's head ("a Pew study from 2011", "a poll in
# 2015", "police figures released on Monday", "a report published Tuesday").
_DATED = re.compile(r"""\s+(?:(?:from|in|of)\s+(?:19|20)\d\d
    |[a-z]{3,}ed\s+(?:(?:on|in|at|last|this|earlier)\s.*|\w+day))$""", re.X)


@functools.lru_cache(maxsize=8192)
def _key(person: str, role: str) -> str:
    """speaker_key of a mention already split into name and role."""
    if not person:
        return _org_key(role) if role else ""
    tokens = [t for t in person.split() if _bare(t) not in NAME_SUFFIXES]
    if is_organisation(person) or len(tokens) > 5 or _ends_in_capitals(tokens) or (
            _named_for_place(tokens) or _ends_in_country(tokens)) or (
            len(tokens) > 1 and tokens[-1].isdigit()):  # "Plastics Bill 2025": no surname
        return _org_key(person)
    if not tokens:
        return ""
    particle, _, surname = tokens[-1].partition("-")  # "al-Assad" is "Assad"
    if len(tokens) > 1 and _EAST_ASIAN_GIVEN.fullmatch(tokens[-1]):
        return _fold(tokens[-2])  # "Lo Chung-yan", "Moon Jae-in": the surname comes first
    return _fold(surname if surname and particle.lower() in NAME_PARTICLES else tokens[-1])


# A given name of two syllables joined by a hyphen, the second in lower case, written
# after the surname in Chinese (Hong Kong, Taiwan) and Korean names: "Chung-yan", "Jae-in".
_EAST_ASIAN_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{1,5}")


def _ends_in_country(tokens: list[str]) -> bool:
    """A name ending in a country's name of two words after a word that is no given name
    ("Air New Zealand", "Airways New Zealand", "Bank of South Africa"): a body's, keyed
    by all its words, as no one's surname is "Zealand"."""
    return len(tokens) > 2 and " ".join(_bare(t) for t in tokens[-2:]) in _COUNTRIES and (
        _bare(tokens[-3]) not in _given_names())


def _ends_in_capitals(tokens: list[str]) -> bool:
    """A capitalised name ending in a word in capitals is a body's ("Stats NZ", "Super
    PAC", "USA TODAY"), not a name written in capitals ("JAKE TAPPER")."""
    return len(tokens) > 1 and len(tokens[-1]) > 1 and tokens[-1].isupper() and not (
        tokens[-2].isupper()) and all(t[:1].isupper() for t in tokens)


def full_name_key(name: str) -> str:
    """A person's key with the given name before the surname ("ivanka trump"), for one of
    two people of a surname in an article."""
    return f"{_fold(name.split()[0])} {_key(name, '')}"


class Entity(NamedTuple):
    """A speaker or a named person or body in an article, at a position in its text. (A
    NamedTuple rather than a dataclass: every mention builds one, and this builds fast.)"""

    name: str
    key: str
    role: str
    person: bool
    start: int
    named: bool = True  # False: a description the article ties to no name ("officials")
    gender: int = 0  # what its mention tells: 1 "he" (Mr., spokesman), -1 "she" (Mrs.)

    @property
    def words(self) -> frozenset[str]:
        """Words of key and role, to match descriptions ("the Russian diplomat") against.
        Not a cached_property: that takes a lock per instance, and words_of is cached."""
        return words_of(f"{self.key} {self.role}")


_new_entity = functools.partial(tuple.__new__, Entity)  # skips NamedTuple's Python __new__


def at(who: Entity, start: int) -> Entity:
    """The same entity met at another position (`_replace`, at a fraction of its cost)."""
    return _new_entity((who.name, who.key, who.role, who.person, start, who.named, who.gender))


def entity(name: str, role: str, start: int, known: Iterable[Entity] = (),
           mention: str = "") -> Entity:
    """Build an entity; a bare surname takes the full name and role of a known person
    ("Lavrov" after "Russian Foreign Minister Sergey Lavrov"), another full name does not
    ("Wayne Brown" after "Simeon Brown"). The words of the `mention`
    may tell a person's gender ("Mrs. Clinton", "spokeswoman Jen Psaki")."""
    key = _key(name, role)
    earlier = next((e for e in known if e.key == key and e.person), None)
    gender = _gender(name, mention)
    if earlier and len(earlier.name) > len(name) and not _other_given_name(name, earlier.name):
        return Entity(earlier.name, key, role or earlier.role, True, start, gender=gender)
    person = bool(name) and not is_organisation(name) and not _body_role(role) and (
        not _named_for_place(name.split())) and not _document_name(name) and (
        earlier is not None or bool(role) or len(name.split()) > 1
        or (name[:1].isupper() and not name.isupper() and _bare(name) not in PLACES))
    if person and " " in name and gender == 0 and (company := next((
            e for e in known if not e.person and e.name.startswith(f"{name} ")
            and without_legal_form(e.name) == name), None)):
        return Entity(name, company.key, role, False, start)  # "Kāhu Cold Storage said"
        # after "Kāhu Cold Storage Ltd": the company, no person
    return Entity(name, key, role, person, start, gender=gender if person else 0)


def _document_name(name: str) -> bool:
    """Whether a name is a document's, by its last word ("the Financial Stability Report"),
    with no given name before it ("Louise Story")."""
    head = name.rpartition(" ")[2].lower()
    return " " in name and head in DOCUMENT_NOUNS and not has_given_name(name)


def body_entity(name: str, start: int) -> Entity:
    """An entity for a body the text names without a word that says it is one ("Hoshizora
    Semiconductor", known for a company by "the company" that reports it), keyed as one."""
    return Entity(name, _org_key(name), "", False, start)


def _body_role(role: str) -> bool:
    """Whether a role says its name is a body's ("Ferry operator Celtic Sea Link", "Harlan,
    the electric vehicle maker"): a noun phrase headed by a body's noun, not a person's
    role at one ("senior executive at Carrier's parent company"). The first of two
    appositions is the name's; the second may be its body's ("attorney with the Housing
    Justice Project, nonprofit legal aid group"), unless the name is the body a spokesperson
    speaks for ("spokesman, concern group" of "A spokesman for Kowloon Patients' Voice, a
    concern group")."""
    first, _, rest = role.lower().partition(",")
    words = (rest if first.strip() in SPOKESPERSONS else first).split()
    if words and all(w.endswith(_BODY_ADJECTIVE_ENDS) for w in words):
        return True  # "Bengaluru-based", "Nasdaq-listed": said of a body, not a person
    if words[:2] == ["one", "of"] and is_plural(words[-1]):  # "One of the companies"
        words = [singular(words[-1])]
    words = words[:next((k for k, w in enumerate(words) if k and (
        w in RELATIVE_PRONOUNS or w in _ROLE_PREPOSITIONS)), len(words))]  # "a startup | that
    # provides credit to stores", "a coalition | of neighborhood groups", "organizer | with
    # the Philly Coalition": the phrase's head is the last word before them
    return bool(words) and (words[-1] in _BODY_ROLES or is_maker(words[-1])) and not (
        words[0] in _ROLE_PREPOSITIONS or any(w.endswith(("’s", "'s")) for w in words))


def is_maker(noun: str) -> bool:
    """Whether a noun names a company by what it makes ("carmaker", "battery maker"), not
    a person by it ("lawmaker", "filmmaker")."""
    return noun.endswith("maker") and noun not in PERSON_HEADS and noun not in OCCUPATIONS


# Prepositions that end the head of a role's noun phrase ("a coalition | of groups").
_ROLE_PREPOSITIONS = AFFILIATION_WORDS | {"with", "in"}



# Heads of roles that only a body holds.
_BODY_ROLES = BUSINESS_KINDS | frozenset((
    "broadcaster utility start-up chain platform fund group organisation organization "
    "association charity coalition"
).split())


def _other_given_name(name: str, known: str) -> bool:
    """Whether a full name opens with a known given name that a known person's name of
    the same surname does not ("Wayne Brown" is not "Simeon Brown")."""
    first, _, rest = name.partition(" ")
    return bool(rest) and _ascii(first.lower()) in _given_names() and (
        first.lower() != known.partition(" ")[0].lower())


@functools.lru_cache(maxsize=8192)  # pure; names recur
def gender_of(mention: str) -> int:
    """What the words of a mention tell of a person's gender: 1 "he" ("Mr. Obama", "the
    spokesman"), -1 "she" ("Mrs. Clinton", "his wife, Ann"), 0 nothing. The words of a
    possessor are another person's ("Mr Dunleavy's barrister, Sarah Kerrigan"), and so are
    those of a relative clause ("W.P. Somalatha, 58, whose husband was transferred")."""
    every = mention.split()
    words = _before_relative(every)
    owner = max((k for k, word in enumerate(words[:-1])
                 if POSSESSIVE_END.search(word.rstrip(",;:"))), default=-1)
    score = sum(GENDER_WORDS.get(_bare(words[k]), 0) for k in range(owner + 1, len(words))
                if not _opens_place(words, k) and not _is_acronym(words[k].strip(".,;:")))
    # "Rhodri Beynon MS": a Member of the Senedd's initials, no "Ms"
    if not score and len(words) < len(every):  # "a mayor, who asked not to be named
        clause = every[len(words) + 1:]  # because his council ...": whom the clause tells
        # of; not past another's name ("Rob Delacroix, who has coached Thornton since she
        # was 12")
        score = next((PERSON_PRONOUN_GENDER.get(w, 0) for w in clause
                      if w in PERSON_PRONOUN_GENDER or w[:1].isupper()), 0)
    return (score > 0) - (score < 0)


_RELATIVE_OPENERS = frozenset({"who", "whose", "whom", "which"})


def _before_relative(words: list[str]) -> list[str]:
    """The words of a mention before a relative clause ("engineer | who left RANZ", "One
    father | I spoke to")."""
    return words[:next((k for k, w in enumerate(words) if k and (
        w in _RELATIVE_OPENERS or (w.lower() in PERSON_PRONOUNS and words[k - 1].islower()))),
        len(words))]


def _opens_place(words: list[str], k: int) -> bool:
    """Whether a capitalised word opens the name of a place or body ("King County
    Executive Renata Solberg-Ames", "Prince George's County", "an economist at King
    Abdulaziz University"): no one's gender. The name's head is one of the next four
    capitalised words."""
    if not words[k][:1].isupper():
        return False
    for word in words[k + 1:k + 5]:
        if not word[:1].isupper():
            return False
        if _bare(word) in ORG_WORDS or _bare(word) in _PLACE_HEADS:
            return True
    return False


# Words that end the name of a place ("King County", "Queen Street").
_PLACE_HEADS = frozenset({"county", "street", "road", "avenue", "island", "park", "square",
                          "bridge", "city", "college", "district", "mountain", "river"})


_TIES = frozenset({"for", "of", "to"})  # "spokesman for Mrs. Clinton": her words after it
_RELATIVES = RELATIVE_PRONOUNS | {"whose"}


def _gender(name: str, mention: str) -> int:
    """A person's gender by their mention's words, else their given name; a title in "-man"
    tells none ("Trump spokesman Hope Hicks"), nor do words after a tie past the name
    ("Nick Merrill, spokesman for Mrs. Clinton")."""
    if not mention:
        return given_name_gender(name)
    words = mention.split()
    words = words[:next((k for k, w in enumerate(words) if k and w in _RELATIVES), len(words))]
    # "Mayor Annette Whitlock, who stood beside him": the relative clause tells of another
    if "man" in mention:
        words = [w for w in words if not _generic_title(w)]
    if len(words) > 2 and name and not mention.rstrip(" ,").endswith(name.split()[-1]):
        words = words[:next((k for k, w in enumerate(words) if k and w in _TIES), len(words))]
        # "Nick Merrill, spokesman for Mrs. Clinton": her words after the tie
    return gender_of(" ".join(words)) or given_name_gender(name)


def _generic_title(word: str) -> bool:
    """A title in "-man" ("spokesman", "chairman"), which writers give women too."""
    low = _bare(word)
    return low.endswith("man") and len(low) > 5 and not low.endswith("woman")


def has_given_name(name: str) -> bool:
    """Whether a name of two words or more opens with a given name the table holds, of
    either gender ("Hillary Clinton"; not "Bus Éireann")."""
    first, _, rest = name.partition(" ")
    return bool(rest) and _ascii(first.lower()) in _given_names()


def dateline_colon(text: str, start: int, end: int) -> re.Match[str] | None:
    """A dateline with a colon at `start` ("Dubai: ", "PUNE: "), or a place of two words
    in capitals whose first is no given name ("KUALA LUMPUR: ", "NEW DELHI: "; not a
    transcript's "JOEL BENENSON: ")."""
    place = _PLACE_IN_CAPITALS.match(text, start, end)
    if place is not None and not given_name_gender(place.group(1).title()):
        return place
    return DATELINE_COLON.match(text, start, end)


# Two words in capitals before a colon and a capitalised word.
_PLACE_IN_CAPITALS = re.compile(r"([A-Z]{2,} [A-Z]{2,}):[ \t]+(?=[A-Z])")


def given_name_gender(name: str) -> int:
    """What a full name's first word tells of a person's gender, as `gender_of`: 1 for
    "John Smith", -1 for "Mary Brown" or "Lucía Ferrandis" (the table is in ASCII), 0 for
    a bare surname or a name used by both."""
    first, _, rest = name.partition(" ")
    return _given_names().get(_ascii(first.lower()), 0) if rest else 0


@functools.cache
def _given_names() -> dict[str, int]:
    """The table built by benchmarks/given_names.py, read on first use (about 24,000 names)."""
    text = resources.files(__package__).joinpath("given_names.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if not line.startswith("#"))
    return {name: 1 if gender == "m" else -1 for name, gender in rows}


@functools.lru_cache(maxsize=8192)  # pure; every mention of an entity asks again
def words_of(text: str) -> frozenset[str]:
    """Content words of a name or description, countries and abbreviated titles normalised
    ("Russian" -> russia, "Sen." -> senator)."""
    words = [_bare(w) for w in text.split()]
    if "-" in text:  # a party tag: "R-Tyler" is a Tyler Republican, "D-Mich." a Michigan
        # Democrat
        words = [x for w, bare in zip(text.split(), words, strict=True) for x in (
            [_PARTIES[w[0]], *_state(bare[2:])] if PARTY_TAG.match(w.rstrip(",")) else [bare])]
    return frozenset(DEMONYMS.get(w) or TITLE_ABBREVIATIONS.get(w, w)
                     for w in words if len(w) > 2)


_PARTIES = {"R": "republican", "D": "democrat", "I": "independent"}
# The states' abbreviations in a party tag (AP style: "D-Mich.", "R-Fla.", "D-N.Y.").
_STATES = dict(pair.split(":") for pair in (
    "ala:alabama ariz:arizona ark:arkansas calif:california colo:colorado "
    "conn:connecticut del:delaware fla:florida ga:georgia ill:illinois ind:indiana "
    "kan:kansas ky:kentucky la:louisiana md:maryland mass:massachusetts mich:michigan "
    "minn:minnesota miss:mississippi mo:missouri mont:montana neb:nebraska nev:nevada "
    "n.h:new-hampshire n.j:new-jersey n.m:new-mexico n.y:new-york n.c:north-carolina "
    "n.d:north-dakota okla:oklahoma ore:oregon pa:pennsylvania r.i:rhode-island "
    "s.c:south-carolina s.d:south-dakota tenn:tennessee vt:vermont va:virginia "
    "wash:washington w.va:west-virginia wis:wisconsin wyo:wyoming"
).split())


def _state(tag: str) -> list[str]:
    """The words of the place in a party tag ("mich." -> michigan, "n.y." -> new york)."""
    place = tag.rstrip(".")
    return _STATES[place].split("-") if place in _STATES else [place]


@functools.lru_cache(maxsize=8192)  # pure; roles recur
def proper_words(text: str) -> frozenset[str]:
    """The words of a description or role that name a place, party or body: capitalised
    and no title ("Florida" in "the Florida senator", "Vermont" in "senator from
    Vermont"; not "Former" or "Democratic")."""
    return words_of(" ".join(w for w in text.split() if w[:1].isupper())) - ROLE_WORDS


def mentions(text: str) -> list[Entity]:
    """People introduced with a title and named organisations, in order of position: the
    candidates that "she" or "the ministry" can refer to before they speak."""
    spans: list[tuple[int, int]] = []
    heads = MENTION_HEADS.intersection(_CAPITALISED.findall(text))
    for start, end in sorted(_occurrences(text, [*heads, *LOWER_CASE_TITLES])):
        if spans and start < spans[-1][1]:
            continue  # "Deputy Foreign Minister X" counts once
        if text[start:end] in PERSON_TITLES:
            named = _NAME_AFTER.match(text, end)
            if named and not _OFFICE_ONLY.fullmatch(named.group()):
                spans.append((_modifiers_start(text, start), named.end()))
        elif not _jurisdiction_of_title(text, start, end):  # "U.S. District Judge X"
            left = _ORG_LEFT.search(text, max(0, start - 50), start)
            span = (left.start() if left and left.group() else start, _complement_end(text, end))
            if span != (start, end) or (text[start:end] not in SHORT_ORG_HEADS and (
                    f" {text[start:end].lower()}" not in text)):
                spans.append(span)  # "World Bank", "Bank of Canada"; not "Bank executives",
                # nor a common noun capitalised ("* Company to book ..." and "the company")
    titled, plain = _full_names(text)  # "Labour leader Chris Hipkins": a person, not a party
    spans = [(s, e) for s, e in spans if not any(t <= s and e <= u for t, u in titled)]
    initialled = [m.span(1) for m in _INITIALLED.finditer(text)
                  if m.group(2).replace(".", "") not in _DOTTED_PLACES and not (
                      _CAPITALISED_BEFORE.search(text, max(0, m.start() - 30), m.start()))]
    return _entities(text, _merged(_merged(_merged(spans, titled), plain), initialled))


# A name of initials and a surname ("R. Sasidharan", "K.R. Balakrishnan"), as South Asian
# papers write many, before a mark or a lower-case word; not a place's initials before a
# name ("U.S. Senate").
_INITIALLED = re.compile(r"(?<![\w.])(((?:[A-Z]\.){1,3})\s?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)"
                         r"(?=[,;:.]|\s+[a-z])")
_DOTTED_PLACES = frozenset({"US", "UN", "UK", "EU", "DC", "LA", "NY", "NZ", "SA", "PM", "AM"})
# A capitalised word right before, whose middle initial the initials are ("Donald J. Trump").
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w’'\-]*\.?\s$")


def _jurisdiction_of_title(text: str, start: int, end: int) -> bool:
    """Whether "District" before a title is where the title holds ("U.S. District Judge
    Michael Mosman", "District Attorney"): part of a person's title, no body."""
    if text[start:end] != "District" or text[end:end + 1] != " ":
        return False
    after = text[end:end + 40].split(maxsplit=1)
    return bool(after) and (after[0] in PERSON_TITLES or after[0] == "Attorney")


def _complement_end(text: str, end: int) -> int:
    """Where an organisation word's complement ends ("Ministry of Health"), before a title
    that follows it ("the Department of Defense Chief of Staff"); `end` if it has none."""
    right = _ORG_RIGHT.match(text, end)
    if right is None:
        return end
    for word in re.finditer(r"\S+", text[end:right.end()]):
        if _bare(word.group()) in _HEAD_TITLES:  # "of Defense Chief": up to the title
            cut = text[end:end + word.start()].rstrip()
            return end + len(cut) if len(cut.split()) > 1 else end
    return right.end()


def _full_names(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of people named in full with no capitalised title: as the subject that opens a
    sentence ("Councillor Diane Calvert disagreed."), a known given name before a
    capitalised surname, with only capitalised words before it in its sentence and a
    lower-case word after it; any name after capitalised words and a lower-case title that
    open a subject ("Labour leader Chris Hipkins") or a capitalised title that opens it
    ("Coach John Smith was"), the title telling a person. A person named
    in passing ("backed by Barack Obama") is no antecedent, nor one whose surname the text
    gives another person ("Bill Clinton and Hillary Clinton"). Those with a title first,
    then the others."""
    names = _given_names()
    given: dict[str, set[str]] = {}  # surname -> the words just before it
    titled, plain = [], []
    for m in _FULL_NAME.finditer(text):
        words = f"{m.group(1)}{m.group(2)}".split()
        firsts = given.setdefault(words[-1], set())
        if _bare(words[-2]) not in HONORIFICS and _bare(words[-2]) not in ROLE_WORDS:
            firsts.add(words[-2])  # not "Ms Benn" after "Sarah Benn": one person, not two
        first = _ascii(m.group(1).lower())
        if first in ROLE_WORDS:
            continue  # not "Admiral Harris"
        before = (text[max(0, m.start() - 40):m.start()].split() or [""])[-1]
        if _is_title_head(before) and (start := _titled_start(text, m.start())) is not None:
            titled.append((start, m))
        elif first in names:
            opens = bool(_OPENS_SENTENCE.search(text, max(0, m.start() - 40), m.start())
                         and _SUBJECT_AFTER.match(text, m.end(2)))
            title_at = m.start() - len(before) - 1
            if before[:1].isupper() and _is_title_head(before.lower()) and (
                    text[title_at:m.start()] == f"{before} ") and (
                    opens or _after_lower_case(text, title_at, before.lower())):
                titled.append((title_at, m))  # "Coach John Smith was ...", "..., with
                # Coroner Marcus Elliott hearing evidence"
            elif opens:  # a title word on the line before is a headline's, or a label's
                plain.append((m.start(), m))

    def unique(found: list[tuple[int, re.Match[str]]]) -> list[tuple[int, int]]:
        return [(start, m.end(2)) for start, m in found if len(given[m.group(2).split()[-1]]) <= 1]
    return unique(titled), unique(plain)


def _after_lower_case(text: str, start: int, title: str) -> bool:
    """Whether a capitalised title at `start`, a noun for one who does something, follows
    a lower-case word: it opens no longer name ("with Coroner Marcus Elliott"). Not a role
    word, the party or office that a description repeats ("Republican Donald Trump", then
    "the Wisconsin Republican"), nor a nationality."""
    before = text[max(0, start - 30):start].split()
    return bool(before) and before[-1][:1].islower() and (
        title not in ROLE_WORDS and title not in DEMONYMS)


def _titled_start(text: str, start: int) -> int | None:
    """Where capitalised words and a lower-case title that open a subject before the name
    at `start` begin ("Wellington mayor Tory Whanau"), which become the person's role; None
    if the words before are no such title (its head a modifier: "The former New Mexico
    governor") or open a phrase ("With rival Bernie Sanders")."""
    titled = _TITLED.search(text, max(0, start - 80), start)
    if titled is None or not _opens_subject(text, titled.start()):
        return None
    return titled.start(1) if all(is_bare_title(w) for w in titled.group(2).split()) and (
        titled.group(1).split()[0].lower() not in CLAUSE_WORDS) else None


def _is_title_head(word: str) -> bool:
    """Whether a lower-case word can end a title before a name: a title word ("mayor",
    "deputy") or one who does something ("coach" is listed; "manager", "economist"), not
    a modifier ("former")."""
    return word.islower() and (word in ROLE_WORDS or word.endswith(AGENTIVE)) and (
        word not in TITLE_MODIFIERS)


def _opens_subject(text: str, start: int) -> bool:
    """Whether the words at `start` open a sentence's subject, or its second part after
    "and" ("Prime Minister Christopher Luxon and Labour leader Chris Hipkins have ..."):
    not an object ("drew contrasts with Republican front-runner Donald Trump")."""
    if _OPENS_SENTENCE.search(text, max(0, start - 2), start):
        return True
    return text[max(0, start - 4):start] == "and " and bool(
        _OPENS_SENTENCE.search(text, max(0, start - 64), start - 4))


def _merged(spans: list[tuple[int, int]], more: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of both lists in order, without those of `more` that overlap the first's."""
    return sorted(spans + [m for m in more if not any(
        s < m[1] and m[0] < e for s, e in spans)])


def _entities(text: str, spans: list[tuple[int, int]]) -> list[Entity]:
    """Entities for mention spans; a repeated mention ("Mr. Obama") is split once."""
    seen: dict[str, Entity | None] = {}
    found = []
    for start, end in spans:
        mention = text[start:end]
        if mention not in seen:
            name, role = split_role(mention)
            if not name and is_organisation(mention):
                name, role = mention, ""  # "Northshore Bank of Canada": a body's name, whole
            seen[mention] = entity(name, role, start, mention=mention) if name else None
        known = seen[mention]
        if known is not None:
            found.append(at(known, start))
    return found


def _occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of whole-word occurrences of a few words; str.find per word beats a regex."""
    spans = []
    for word in words:
        i = text.find(word)
        while i >= 0:
            end = i + len(word)
            if not text[i - 1:i].isalnum() and not text[end:end + 1].isalnum():
                spans.append((i, end))
            i = text.find(word, end)
    return spans


def _modifiers_start(text: str, start: int) -> int:
    """Start of the words that qualify a title ("Russia's Deputy Foreign" + "Minister"), in
    its paragraph (not a headline's last word before it)."""
    for word in reversed(list(_WORD_SPAN.finditer(text, max(0, start - 60), start))):
        gap = text[word.end():start]
        if gap.strip() or "\n" in gap or not (
                word.group()[:1].isupper() or word.group() in TITLE_MODIFIERS):
            break
        start = word.start()
    return start
