"""Noun phrases, and the subject that is a cue's source.

The source before a cue is the noun phrase found by stepping left from the cue past
auxiliaries, adverbs, asides and time phrases ("Lavrov has also said", "Sanders on
Tuesday said", "Kim -- a former aide -- said", "Her campaign manager, Robby Mook, said"),
or, when a modifier parts it from the cue, the phrase that opens the clause ("A study
released last year found"). Positions are token indices in one sentence's `Tokens`.
"""

from __future__ import annotations

from .lexicon import (
    ADJECTIVE_SUFFIXES,
    AGE,
    AGENTIVE,
    APPOSITION_MARKS,
    ARTICLES,
    ASIDE_ADVERBS,
    ASPECT_VERBS,
    AUXILIARIES,
    BODY_NOUNS,
    CLAUSE_MARKS,
    CLAUSE_OR_CUE_WORDS,
    CLAUSE_WORDS,
    COMMA_OR_QUOTE,
    CONJUNCTIONS,
    CUE_LEMMAS,
    CUE_WORDS,
    CURRENCY_SIGNS,
    DATA_NOUNS,
    DAYS,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    DOUBLE_QUOTES,
    FIELD_HEADS,
    FINITE_AUX,
    FLOATING_QUANTIFIERS,
    FUNCTION_WORDS,
    GLOTTAL_STOPS,
    HONORIFICS,
    INTRO_WORDS,
    IRREGULAR_PASTS,
    LISTENER_VERBS,
    LY_NOUNS,
    MODAL_WORDS,
    MODIFIERS,
    MONTHS,
    NAME_PARTICLES,
    NOT_NOUNS,
    NOT_TITLES,
    NOT_VERBS,
    NOUN_FORMS,
    NP_LINKS,
    NP_SUFFIXES,
    NP_WORDS,
    NUMBER_WORDS,
    OBJECT_PRONOUNS,
    OCCUPATIONS,
    PARTICLES,
    PARTY_TAG,
    PERSON_HEADS,
    PERSON_PRONOUNS,
    PHRASAL_ONLY,
    PHRASE_ENDS,
    PHRASE_PREPOSITIONS,
    PICKING_WORDS,
    PLACE_ADJECTIVES,
    PLACING_PREPOSITIONS,
    POSSESSIVE_DETERMINERS,
    POSSESSIVE_ENDINGS,
    POSTMODIFIER_OPENERS,
    PREPOSITIONS,
    PRONOUNS,
    PUBLISHING_LEMMAS,
    PURE_PREPOSITIONS,
    QUANTITIES,
    QUOTES,
    RELATIVE_OBJECTS,
    RELATIVE_PRONOUNS,
    REPORTING_FORMS,
    ROLE_WORDS,
    SENTENCE_ADVERBS,
    SOURCE_NOUNS,
    SPAN_UNITS,
    STATING_NOUNS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TIME_LEADS,
    TIME_NOUNS,
    TIME_PHRASE_LEADS,
    TIME_WORDS,
    TITLE_HEADS,
    WHO_CONTRACTIONS,
    regular_past,
)
from .tokens import Tokens, closes_quoted_clause

_PREDETERMINERS = frozenset({"all", "both", "half"})  # "all the attendees"
_ARTICLES_AND_POSSESSIVES = ARTICLES | POSSESSIVE_DETERMINERS
# Words that open a phrase after a document noun ("a letter from his doctor", "a message
# on Twitter", "a text message to supporters"), unlike "and" that may open a clause.
_PHRASE_LEADS = PREPOSITIONS | {"of", "for", "to"}


_PLACING = frozenset({"in", "at", "on", "from"})


_AGENT_PLURALS = tuple(f"{end}s" for end in (*AGENTIVE, "ial"))


def is_agent_plural(low: str) -> bool:
    """A plural noun of people by what they do ("farmers", "residents", "officials"), whom
    a place or a body after "in", "at" or "on" may tell apart."""
    return low.endswith(_AGENT_PLURALS) and low[:1].isalpha()


def _is_np_word(toks: Tokens, i: int) -> bool:
    """A word that can sit inside a source noun phrase."""
    low = toks.low[i]
    if toks.text[i][:1].isupper() or toks.text[i][:1].isdigit():
        return low not in CLAUSE_WORDS or _capitals_in_name(toks, i)
    if low in {"&", "+"}:  # "Forest & Bird", "Procter & Gamble", "Beef + Lamb": one name
        return 0 < i < len(toks.low) - 1 and toks.text[i - 1][:1].isupper() and (
            toks.text[i + 1][:1].isupper())
    return low in NP_WORDS or low.endswith(NP_SUFFIXES) or (
        _hyphenated(toks, i) and not low.endswith(("ed", "ing"))) or (  # "aged-care workers"
        toks.text[i] != low and camel_case_name(toks.text[i]))  # "eBay"


def _is_head(toks: Tokens, i: int) -> bool:
    """A word that can end a source noun phrase: a name (an acronym inside a sentence
    too, though it spells a function word: "but AT says"), pronoun or person/body noun."""
    low = toks.low[i]
    if low in PRONOUNS or (low == "%" and i and toks.low[i - 1][:1].isdigit() and not (
            i > 1 and toks.low[i - 2] in ARTICLES)):
        return True  # "42% say": a share of those asked, as "42 percent"; not "a 30% drop"
    if toks.text[i][:1].isupper():
        return (low not in CLAUSE_WORDS or _capitals_in_name(toks, i) or (
            i > 0 and toks.text[i].isupper() and len(low) > 1)) and (
            low not in DETERMINERS or (low in PICKING_WORDS and i + 1 < len(toks.low) and (
                toks.low[i + 1] in CUE_WORDS)))  # "Another says ...": one of those just met
    if toks.text[i][:1].isdigit() and figure_name(toks.text[i]):  # (the cheap test first:
        return True  # this runs for most words) a name that opens with a figure: "1News"
    if toks.text[i] != low and camel_case_name(toks.text[i]):
        return True  # "easyJet said"
    if i and toks.low[i - 1] in ARTICLES and AGE.fullmatch(low):
        return True  # "the 24-year-old admitted": a person, as "the spokesman"
    return _source_noun(low)


def _source_noun(low: str) -> bool:
    """A source's noun or its plural ("agency", "agencies")."""
    return low in SOURCE_NOUNS or (low.endswith("s") and singular(low) in SOURCE_NOUNS)


def singular(noun: str) -> str:
    """A plural noun's singular, for the regular forms ("companies", "firms")."""
    return noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]


def figure_name(word: str) -> bool:
    """Whether a word is a name that opens with a figure ("1News", "7News", "3M")."""
    return word[:1].isdigit() and word.isalnum() and not word.islower() and not word.isdigit()


def glottal_stop_name(word: str) -> bool:
    """Whether a word is a name whose first letter is a glottal stop ("'Ana", "ʻAkilisi"),
    as many Tongan, Samoan and Hawaiian names are printed."""
    return word[:1] in GLOTTAL_STOPS and word[1:2].isupper()


def camel_case_name(word: str) -> bool:
    """Whether a word is a name in camel case, lower-case letters before capitals ("eBay",
    "easyJet", "eBay’s"), not a hyphenated one ("anti-EU")."""
    bare = word[:-2] if word.endswith(("’s", "'s")) else word
    return bare[:1].islower() and bare.isalpha() and not bare.islower()


def _capitals_in_name(toks: Tokens, i: int) -> bool:
    """A word in capitals after a capitalised word, part of a name whatever it means
    elsewhere ("USA TODAY", not the time word "today")."""
    return i > 0 and len(toks.text[i]) > 1 and toks.text[i].isupper() and (
        toks.text[i - 1][:1].isupper())


def _is_common_noun(toks: Tokens, j: int) -> bool:
    """A lower-case word after a determiner or modifier: "one questioner", "the ad",
    "9/11 widow", "a 46-page analysis", "a senior surgeon", "the 43-year-old former
    congressman", "Tesla's chief executive", "the farmer-owned co-operative"."""
    if j == 0 or not toks.text[j][:1].islower() or toks.low[j] in CLAUSE_WORDS or (
            is_adverb(toks, j)):
        return False
    prev = toks.low[j - 1]
    if prev == "of" and j > 1 and toks.low[j - 2] in FIELD_HEADS:
        return True  # "head of planning", "director of communications": a field
    return prev in DETERMINERS or prev.endswith(("’s", "'s")) or _number_modifier(toks, j - 1) or (
        toks.text[j - 1][:1].isupper() and prev not in CLAUSE_WORDS) or (
        (prev in _NOUN_MODIFIERS or _compound_before_noun(toks, j) or (
            _ly_adjective(toks, j - 1)) or (
            _modifying_word(toks, j - 1) and _source_head(toks.low[j]))) and j > 1 and (  # "the
        # farmer-owned co-operative", "a union organiser", "a rural school"
            _determined(toks, j - 2))) or (
        _gerund_modifier(toks, j - 1) and toks.low[j] not in FUNCTION_WORDS
        and toks.low[j] not in PRONOUNS)


def _modifying_word(toks: Tokens, k: int) -> bool:
    """A lower-case noun or adjective that may modify a source's noun after it ("a union |
    organiser", "a rural | school")."""
    return _noun_before_noun(toks, k) or _adjective(toks, k)


def _ly_adjective(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is an adjective of frequency in -ly after a determiner ("the weekly
    newsletter", "the department's monthly report"), not an adverb ("the newly elected")."""
    return k > 0 and toks.low[k] in _FREQUENCIES and _determined(toks, k - 1)


# Adjectives of how often, in -ly as adverbs are: no adverbs before a noun.
_FREQUENCIES = frozenset(
    "hourly daily nightly weekly fortnightly monthly quarterly yearly".split())


def _determined(toks: Tokens, k: int) -> bool:
    """Whether a determiner, a possessive or a number's compound stands at k, or before up
    to two modifiers that end at k ("a | local | cafe owner", "a | second | former
    employee", "the department's | monthly | performance report", "a | public | secondary
    school", "MPI's | FMD | response plan")."""
    for first in range(k, max(-1, k - 3), -1):
        if toks.low[first] in DETERMINERS or toks.low[first].endswith(("’s", "'s")) or (
                _number_modifier(toks, first)):
            return True
        if first == 0 or not (toks.low[first] in _DESCRIBING_MODIFIERS or (
                toks.low[first] in _FREQUENCIES or _adjective(toks, first)) or (
                _name_modifier(toks, first))):
            return False
    return False


# Modifiers that describe one noun ("local", "former"), not quantifiers ("some", "other")
# that make a phrase of a group, whose start the list before it may hold.
_DESCRIBING_MODIFIERS = MODIFIERS - QUANTITIES - {"other"}


def _name_modifier(toks: Tokens, k: int) -> bool:
    """Whether a name at k modifies the noun after it ("MPI's FMD | response plan", "a
    Wellington | arts newsletter"), not a body before its verb ("the KGB | planted", "Russia's
    Foreign Ministry | said")."""
    after = toks.low[k + 1]
    return toks.text[k][:1].isupper() and _letters(toks.text[k]) and (
        toks.text[k + 1].islower() and after not in NOT_NOUNS and not after.endswith("ed"))


def _letters(word: str) -> bool:
    """Whether a word is letters, with dots or hyphens between ("U.S.", "AFL-CIO")."""
    return word.replace(".", "").replace("-", "").isalpha()


def _adjective(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a lower-case word with an adjective's ending ("public", "rural")."""
    return lower_word(toks, k) and toks.low[k].endswith(ADJECTIVE_SUFFIXES) and (
        toks.low[k] not in CLAUSE_WORDS)


def _noun_before_noun(toks: Tokens, k: int) -> bool:
    """Whether a plain lower-case word may be a noun that modifies the next ("a union
    organiser", "a school teacher"): no function, clause or cue word, nor a verb's past."""
    low = toks.low[k]
    return toks.text[k].isalpha() and toks.text[k].islower() and low not in CLAUSE_WORDS and (
        low not in FUNCTION_WORDS and low not in PREPOSITIONS and low not in CUE_LEMMAS) and (
        not low.endswith(("ed", *ADJECTIVE_SUFFIXES))) and low not in _DEGREE_WORDS


_DEGREE_WORDS = frozenset({"much", "very", "more", "less", "most", "least", "so", "too"})


def _source_head(low: str) -> bool:
    """Whether a noun can head a source after a noun that modifies it: a person by what
    they do ("teacher", "organiser"), a body ("the weather service"), or a document or
    law ("the draft rule states")."""
    return low in OCCUPATIONS or low in SOURCE_NOUNS or low in STATING_NOUNS or (
        low in BODY_NOUNS) or (low in PERSON_HEADS and low not in FUNCTION_WORDS) or (
        len(low) > 5 and low.endswith(("iser", "izer", "ist", "ian")))


# Prepositions after a past participle that modifies a noun ("attached to", "based in").
_PARTICIPLE_LINKS = frozenset({"to", "in", "at", "with"})


def _is_participle(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a lower-case present participle ("observing", "living")."""
    return toks.text[k].islower() and toks.low[k].endswith("ing") and len(toks.low[k]) > 5


def _gerund_modifier(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a gerund that names what the noun after it does ("a European
    trading house", "the mining company", "a shipping firm"): a word in -ing that is no
    cue, after an article, a possessive, a nation's adjective or a compound one."""
    if k < 1 or not (_is_participle(toks, k) and toks.low[k] not in CUE_WORDS and (
            toks.text[k].isalpha())):
        return False
    before = toks.low[k - 1]  # not "Trump becoming", "by letting", "poring over polling"
    if k > 1 and _noun_before_noun(toks, k - 1) and _determined(toks, k - 2):
        return True  # "the local surf | lifesaving club", "the city's municipal | licensing"
    return before in DETERMINERS or before.endswith(("’s", "'s")) or before in DEMONYMS or (
        "-" in before and toks.text[k - 1].islower()) or (  # "a state-owned trading house"
        toks.text[k - 1][:1].isupper() and k + 2 < len(toks.low) and (
            (toks.low[k + 1] in ROLE_WORDS and toks.text[k + 2][:1].isupper())
            or toks.low[k + 1] in OCCUPATIONS))  # "Westgate sporting director Helen
    # Achterberg": a body's title before a name; "One Auckland booking agent said" (not
    # "Trump becoming president")


def _opening_compound(toks: Tokens, i: int) -> bool:
    """Whether toks[i] is an agent noun ("operator", "scientist") after a noun that
    modifies it and an article (or "one") that opens the clause, place-based words, a
    place's name or modifiers between them or not: "The clinic operator said", "A
    Shenzhen-based clinic operator said", "A former shift supervisor said", "one ticket
    holder claimed", "A Twizel motel owner claimed"."""
    article = i - 2
    while article > 0 and i - article < 5 and (toks.low[article].endswith(PLACE_ADJECTIVES)
                                               or toks.low[article] in MODIFIERS
                                               or toks.text[article][:1].isupper()):
        article -= 1
    head = toks.low[i]
    return article >= 0 and (head.endswith(_AGENT_ENDINGS) or _source_head(head)) and (
        (toks.low[article] in ARTICLES or toks.low[article] in PICKING_WORDS)
        and clause_start(toks, article)) and (
        _compound_modifier(toks, i - 1))


# Endings of agent nouns ("operator", "scientist", "holder", "owner", "broker"), not of
# comparatives ("higher", "better", "longer").
_AGENT_ENDINGS = ("tor", "sor", "ist", "der", "yer", "ner", "ker")


def _compound_modifier(toks: Tokens, k: int) -> bool:
    """A lower-case noun before the noun it modifies (", fire officials said"), or a
    hyphenated compound ("aged-care workers"): no function word, cue, adverb or participle."""
    low = toks.low[k]
    return (lower_word(toks, k) or _hyphenated(toks, k)) and low not in NOT_VERBS and (
        low not in CUE_WORDS or low in PHRASAL_ONLY) and not is_adverb(toks, k) and (
            not low.endswith(("ed", "ing")))


def _compound_before_noun(toks: Tokens, j: int) -> bool:
    """Whether a hyphenated compound modifies a source's noun at j ("the farmer-owned
    co-operative"), not any word ("this season's best-rated new shows", "its full-year
    revenue forecast and confirmed")."""
    return _hyphenated(toks, j - 1) and (toks.low[j] in SOURCE_NOUNS or toks.low[j] in BODY_NOUNS)


def _hyphenated(toks: Tokens, k: int) -> bool:
    """A lower-case compound of words joined by hyphens ("aged-care", "low-income")."""
    text = toks.text[k]
    return "-" in text[1:-1] and text.replace("-", "").isalpha() and text.islower()


# Modifiers before a noun ("a senior surgeon", "the two chief antagonists"); not ordinals,
# which go on as often to a time ("the first time").
_NOUN_MODIFIERS = MODIFIERS - {"first", "second"}


def _number_modifier(toks: Tokens, k: int) -> bool:
    """A number that modifies the noun after it: a compound ("a 46-page analysis", "the
    60-second spot") or one written with a slash ("9/11 widow"); not a count or a year.
    Not before a noun that a link word goes on from ("the 34-year-old mother of three
    replied"): such a subject is read whole from its postmodifier."""
    return toks.low[k][:1].isdigit() and ("-" in toks.low[k] or _in_number(toks, k - 1)) and (
        k + 2 >= len(toks.low) or toks.low[k + 2] not in NP_LINKS)


def np_left(toks: Tokens, end: int) -> int | None:
    """Start index of the noun phrase ending at toks[end], or None if none ends there."""
    if end > 1 and toks.low[end - 1] in {"in", "of"} and (
            ratio := _ratio_start(toks, end)) is not None:
        return ratio  # "more than 4 in 10 said"
    if end > 2 and toks.low[end] in OBJECT_PRONOUNS and _tied(toks, end - 1):
        return np_left(toks, end - 3)  # "a source close to | him": whom the tie names
    if end > 0 and toks.text[end] in {"here", "there"}:  # "Officials there say": where
        start = np_left(toks, end - 1)  # they are, after the noun that opens the clause
        return start if start is not None and clause_start(toks, start) else None
    if end < 0 or not (_is_head(toks, end) or _is_common_noun(toks, end) or (
            _opening_compound(toks, end)) or (
            is_year(toks, end) and end > 1 and toks.low[end - 1] in NP_LINKS) or (
            numbered_name(toks, end))):
        return None  # "a Pew study from 2011" ends with its year
    if toks.low[end] in PRONOUNS:
        return end
    i = end
    if toks.low[end] in SOURCE_NOUNS and (k := _modified_body(toks, end)) is not None:
        i = k  # ", the provincial disaster risk reduction and management office said"
    while i > 0 and end - i < 12:
        prev = toks.text[i - 1]
        if toks.low[i] in ARTICLES and toks.low[i - 1] not in NP_LINKS and (
                toks.low[i - 1] not in _PREDETERMINERS) and not _tied(toks, i - 1):
            break  # an article opens its phrase: "told Reuters the group was", "Bhubaneswar,
            # Feb 12 The weather office"
        if prev == ")":
            opening = next((k for k in range(i - 2, max(-1, i - 9), -1) if toks.text[k] == "("),
                           None)
            if opening is None or opening == 0:
                break
            i = opening
        elif (_is_np_word(toks, i - 1) and not _after_count(toks, i - 1)) or (
                toks.low[i - 1] in NP_LINKS and i > 1 and _is_np_word(toks, i - 2)
                and (toks.text[i][:1].isupper() or toks.low[i] in DETERMINERS
                     or is_year(toks, i))) or (
                i > 1 and _determined(toks, i - 2) and (
                    _is_common_noun(toks, i - 1) or _ly_adjective(toks, i - 1))  # "Obama's
                and not _addressed(toks, i - 2)) or (  # climate aides", "a local cafe owner",
                # "the department's monthly report"
                i > 1 and _is_named_noun(toks, i - 1)) or (  # "Xinhua news agency"
                _gerund_modifier(toks, i - 1) and _is_common_noun(toks, i)):
            i -= 1  # also "a European | trading | house"
        elif prev == "," and toks.low[i].endswith("-based") and i > 2 and (
                toks.text[i - 2][:1].isupper()):
            i -= 2  # "the San Jose, | California-based company": a place's comma
        elif prev == "/" and i > 1 and toks.text[i][:1].isupper() and (
                toks.text[i - 2][:1].isupper()):
            i -= 2  # "Wellington/ | Wairarapa MP", "Pukehīnau/ | Lambton ward": two names
        elif i == end and _source_noun(toks.low[i]) and _compound_modifier(toks, i - 1) and (
                i == 1 or toks.text[i - 2] == ","):
            i -= 1  # ", fire officials said"
        elif i == end and _opening_compound(toks, i):
            i -= 1  # "The clinic operator said", "A climate scientist said"
        elif i == end and i > 3 and toks.low[i - 2] == "of" and toks.low[i - 3] in FIELD_HEADS and (
                _compound_modifier(toks, i - 1)):
            i -= 1  # "group manager of asset | management": a field of two nouns
        elif i > 2 and _tied(toks, i - 1) and _is_np_word(toks, i - 3):
            i -= 2  # "sources close to | the minister", "a person familiar with | the talks"
        elif i > 1 and toks.low[i - 1] in _PLACING and toks.text[i][:1].isupper() and (
                is_agent_plural(toks.low[i - 2])):
            i -= 2  # "farmers in | Kericho and Nyamira counties", and the nouns before
            while i > 0 and end - i < 12 and _compound_modifier(toks, i - 1):
                i -= 1  # "protest | organizers in Cleveland"
        elif (k := _title_modifiers(toks, i)) is not None:
            i = k  # "Labour's workplace relations | spokesperson"
        elif i > 1 and toks.text[i][:1].isupper() and (
                toks.low[i - 1].endswith(AGENTIVE) or toks.low[i - 1] in TITLE_HEADS) and (
                k := _title_modifiers(toks, i - 1)):
            i = k  # "FENZ district manager | Ken Cooper": a title no source's noun
        elif toks.low[i - 1] == "on" and (k := _title_on_field(toks, i)) is not None:
            i = k  # "Opposition spokesman on | health Dr Everton Samms"
        elif _in_name(toks, i - 1) or _in_number(toks, i - 1) or (
                toks.low[i - 1] == "surnamed" and i == end):
            i -= 1  # "a 46-year-old resident surnamed | Wong": the name the phrase gives
        else:
            break
    while i < end and (toks.low[i] in NP_LINKS or toks.text[i] in {"-", "("}):
        i += 1
    return _participle_modified(toks, i)


def _title_on_field(toks: Tokens, i: int) -> int | None:
    """Index of a title that "on" joins to its field of one or two lower-case words at
    toks[i], before a name ("spokesman on | health Dr Everton Samms"); None if it is none."""
    field = next((k for k in (i + 1, i + 2) if k < len(toks.low) and toks.text[k][:1].isupper()),
                 None)
    return i - 2 if i > 1 and field is not None and all(
        toks.text[m].isalpha() and toks.text[m].islower() for m in range(i, field)) and (
        toks.low[i - 2] in ROLE_WORDS or toks.low[i - 2] in SOURCE_NOUNS) else None


def _participle_modified(toks: Tokens, i: int) -> int:
    """Where a noun phrase from toks[i] starts when a participle phrase it ends modifies a
    source's noun that opens the clause ("Union officials representing | drivers said",
    "Lawyers representing | the families said"), past a place of its object ("Union
    officials representing midwives at | the trust said"): at that noun's phrase; else i."""
    j = i
    if i > 3 and toks.low[i - 1] in _PLACING and toks.text[i - 2].isalpha():
        j = next((k + 1 for k in range(i - 3, max(1, i - 6), -1)
                  if _is_participle(toks, k)), i)  # past "midwives at": the object's place
    elif i > 2 and lower_word(toks, i - 1):
        j = next((k + 1 for k in (i - 2, i - 3) if _is_participle(toks, k) and all(
            lower_word(toks, m) for m in range(k + 1, i))), i)  # past the object's
        # modifiers: "Union officials representing | city equipment | operators",
        # "representing | nursing | staff"
    if j < 2 or not _is_participle(toks, j - 1) or toks.low[j - 1] in CUE_LEMMAS or not (
            toks.low[j - 2] in SOURCE_NOUNS or is_agent_plural(toks.low[j - 2])):
        return i
    head = np_left(toks, j - 2)
    return head if head is not None and clause_start(toks, head) else i


def _modified_body(toks: Tokens, head: int) -> int | None:
    """The article that opens a source noun and the run of two or more lower-case nouns
    and adjectives before it, "and" between two of them, after a comma or at the start of
    a sentence (", the provincial disaster risk reduction and management office said"),
    else None. One modifier is read word by word ("the provincial office")."""
    k = head - 1
    while k > 0 and head - k <= 8 and (_compound_modifier(toks, k) or (
            toks.low[k] == "and" and k + 1 < head and _compound_modifier(toks, k - 1))):
        k -= 1
    return k if head - k > 2 and toks.low[k] in ARTICLES and toks.low[k + 1] != "and" and (
        k == 0 or toks.text[k - 1] == ",") else None


def _addressed(toks: Tokens, k: int) -> bool:
    """Whether the phrase opening at toks[k] is whom a verb of telling addresses ("told
    the jury | Riley had claimed ..."), so a name after its noun opens another clause."""
    return k > 0 and CUE_LEMMAS.get(toks.low[k - 1]) in LISTENER_VERBS


def _after_count(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is "and" after a bare number, which ends a clause's object ("made 73
    and coach Gary Stead backed ..."), not a part of a source's noun phrase."""
    return toks.low[k] == "and" and k > 0 and toks.low[k - 1].isdigit()


# Adjectives and participles that tie a source to whom it knows, and their prepositions.
_TIES = {"close": {"to"}, "closer": {"to"}, "familiar": {"with"}, "loyal": {"to"},
         "briefed": {"on"}, "involved": {"in"}, "knowledgeable": {"about"}}


def _title_modifiers(toks: Tokens, i: int) -> int | None:
    """Start of the lower-case nouns that tell a title's field, between a name or a
    possessive and the title at i ("Labour's workplace relations spokesperson", "Westpac
    senior agri economist"): one to three, the first singular (not a verb: "Sanders wants
    health officials"); None if there are none. The title is a source's noun, or any
    title before a name ("senior lecturer Jane Smith")."""
    if not toks.text[i].islower() or not (toks.low[i] in SOURCE_NOUNS or (
            i + 1 < len(toks.low) and toks.text[i + 1][:1].isupper() and is_bare_title(
                toks.low[i]) and toks.low[i + 1] not in CLAUSE_WORDS)):
        return None
    k = i
    while k > 1 and i - k < 3 and toks.text[k - 1].islower() and (
            toks.low[k - 1] not in CLAUSE_WORDS) and (
            is_bare_title(toks.low[k - 1]) or is_plural(toks.low[k - 1]) or (
                k == i and toks.low[k - 1].endswith("ing"))):  # "chief nursing officer"
        k -= 1
    if k < i and k > 2 and toks.low[k - 1] == "and" and toks.text[k - 2].islower() and (
            is_bare_title(toks.low[k - 2])):
        k -= 2  # "Tolaga Bay sheep and beef farmer", "health and safety manager": one field
    while k < i and not is_bare_title(toks.low[k]) and not (
            k == i - 1 and toks.low[k].endswith("ing") and (
                toks.low[k - 1].endswith(POSSESSIVE_ENDINGS) or (
                    k == 1 and "-" not in toks.low[k] and i + 1 < len(toks.low)
                    and toks.text[i + 1][:1].isupper()))):
        k += 1  # "the Coalition’s planning spokesman", "Urban planning lecturer Ann Lee"
        # (opening the sentence, before a name), not "Trump becoming president"
    if k == i:
        return None
    before = toks.text[k - 1]
    return k if (before[:1].isupper() and toks.low[k - 1] not in CLAUSE_WORDS) or (
        before.endswith(("’s", "'s"))) else None


def _titled_head(toks: Tokens, i: int) -> int | None:
    """The title after the lower-case nouns at i that tell its field (those of
    _title_modifiers, read from the left: "senior lecturer" after "Massey University")."""
    return next((k for k in range(i + 1, min(len(toks.low), i + 4))
                 if _title_modifiers(toks, k) == i), None)


def _tied(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is the preposition of a tie ("close to", "familiar with")."""
    return k > 0 and toks.low[k - 1] in _TIES and toks.low[k] in _TIES[toks.low[k - 1]]


def _in_name(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is a particle inside a person's name, between its given name and
    the rest ("Bill de Blasio", "Ursula von der Leyen")."""
    first = last = k
    while first > 0 and _is_particle(toks, first):
        first -= 1
    while last < len(toks.text) and _is_particle(toks, last):
        last += 1
    return first < k and toks.text[first][:1].isupper() and (
        toks.low[first] not in CLAUSE_WORDS) and last < len(toks.text) and (
        toks.text[last][:1].isupper())


def _ratio_start(toks: Tokens, end: int) -> int | None:
    """Where a share given as a ratio ending at toks[end], after "in" or "of", starts ("4 in
    10", "more than six in 10", "nearly three out of four"), or None."""
    if not _is_count(toks.low[end]):
        return None
    k = end - 2 - (toks.low[end - 2] == "out")
    if k < 0 or not _is_count(toks.low[k]):
        return None
    if k > 1 and toks.low[k - 1] in {"than"} and toks.low[k - 2] in {"more", "fewer", "less"}:
        return k - 2
    return k - 1 if k > 0 and toks.low[k - 1] in _RATIO_HEDGES else k


_RATIO_HEDGES = frozenset({"nearly", "almost", "about", "roughly", "only", "just", "over"})


def _is_count(low: str) -> bool:
    return low.isdigit() or low in NUMBER_WORDS


def _in_number(toks: Tokens, k: int) -> bool:
    """Whether toks[k] is the slash of a number written with one ("9/11 widow", "24/7")."""
    return toks.text[k] == "/" and 0 < k < len(toks.text) - 1 and (
        toks.text[k - 1].isdigit() and toks.text[k + 1].isdigit())


def _is_particle(toks: Tokens, k: int) -> bool:
    return toks.low[k] in NAME_PARTICLES and toks.text[k][:1].islower()


def is_year(toks: Tokens, k: int) -> bool:
    """A year, as the end of a noun phrase ("a study from 2011") or a modifier ("a 2024
    report")."""
    return len(toks.text[k]) == 4 and toks.text[k].isdigit() and toks.text[k][:2] in {"19", "20"}


def _is_named_noun(toks: Tokens, k: int) -> bool:
    """A lower-case noun between a name and a source noun or name, in a compound ("Xinhua
    news agency") or as a title ("Liverpool coach Jurgen Klopp"); not a verb between
    two phrases ("Concerns rose Monday", "Clinton struck many")."""
    nxt = toks.low[k + 1]
    return toks.text[k].islower() and toks.text[k - 1][:1].isupper() and (
        toks.low[k - 1] not in CLAUSE_WORDS) and is_bare_title(toks.low[k]) and (
        toks.low[k] not in TIME_NOUNS) and (
        nxt in SOURCE_NOUNS or (toks.text[k + 1][:1].isupper() and nxt not in TIME_NOUNS))


def np_right(toks: Tokens, start: int) -> int | None:
    """Last index of the noun phrase starting at toks[start], or None. It may open with a
    title without an article ("said architect Renzo Piano", "said lead author Dr. Smith")."""
    if start < len(toks.low) and toks.low[start] in PRONOUNS:
        return start
    i, last_head = _past_bare_title(toks, start), None
    while i < len(toks.low) and i - start < 14:
        if toks.text[i] == "(":
            close = next((k for k in range(i + 1, min(len(toks.low), i + 8))
                          if toks.text[k] == ")"), None)
            if close is None:
                break
            i = close + 1
        elif (toks.low[i] in NP_LINKS and last_head is not None and not time_after(toks, i)
              and not _event_after_name(toks, i)) or _in_number(toks, i) or (
                _joins_names(toks, i) and last_head == i - 1):
            i += 1  # also a slash between two names: "The Oregonian/OregonLive"
        elif i > start and (toks.low[i] in PRONOUNS or _verb_before_object(toks, i)):
            break  # a pronoun opens the next phrase: "On Tuesday she said"
        elif i > start and (head := _titled_head(toks, i)) is not None:
            last_head, i = head, head + 1  # "Massey University senior lecturer"
        elif i > start and (_is_common_noun(toks, i) or _after_participle(toks, i)) and (
                toks.low[i] not in NOT_NOUNS or toks.low[i - 1] in _ARTICLES_AND_POSSESSIVES):
            # a cue word after "the" or "her" is a noun: "Her reply was short: ..."
            last_head = i
            i += 1
        elif last_head is not None and (last_head == i - 1 or (
                last_head == i - 2 and _compound_modifier(toks, i - 1))) and (
                _agent_noun_after(toks, i)):
            last_head, i = i, i + 1  # "said the rubber tapper, who ...", "said one Gisborne
            # livestock agent": the modifying noun after a place's name is no head
        elif last_head == i - 1 == start + 1 and toks.low[start] in ARTICLES and (
                _two_modifiers(toks, i)):
            i += 1  # "said the coffee shop owner.": the second of two modifying nouns
        elif _is_np_word(toks, i):
            last_head = i if _is_head(toks, i) else last_head
            i += 1
        else:
            break
    return last_head


def _two_modifiers(toks: Tokens, i: int) -> bool:
    """Whether toks[i], after a noun, is a second noun modifying one who does something
    that ends the phrase ("the coffee shop owner.", "a dairy farm worker, who"): no verb
    and its complement ("the group remain reluctant")."""
    return i + 1 < len(toks.low) and _compound_modifier(toks, i) and (
        toks.low[i + 1].endswith(("er", "or", "ist")) and _agent_noun_after(toks, i + 1))


def _joins_names(toks: Tokens, i: int) -> bool:
    """Whether toks[i] is a slash between two capitalised words ("The Oregonian/OregonLive",
    "Herald/Sun"): one name, as an outlet writes its print and web titles."""
    return toks.text[i] == "/" and 0 < i < len(toks.low) - 1 and (
        toks.text[i - 1][:1].isupper() and toks.text[i + 1][:1].isupper())


def _agent_noun_after(toks: Tokens, i: int) -> bool:
    """Whether a lower-case agent noun ("worker", "tapper") heads a compound with the noun
    before it and ends the phrase ("said the dock worker.", "said the rubber tapper, who
    ..."): no adverb or comparative ("said the company later")."""
    low = toks.low[i]
    return toks.text[i].islower() and low.endswith(AGENTIVE) and len(low) > 4 and (
        low not in FUNCTION_WORDS and low not in TIME_WORDS and not is_adverb(toks, i)) and (
        i + 1 == len(toks.low) or not toks.text[i + 1][:1].isalnum())


def numbered_name(toks: Tokens, end: int) -> bool:
    """Whether a number ends a name ("Subway Workers United Local 417", "Channel 4"): it
    follows a capitalised word that is no month ("May 2016")."""
    return toks.text[end].isdigit() and len(toks.text[end]) < 5 and end > 0 and (
        toks.text[end - 1][:1].isupper()) and toks.low[end - 1] not in MONTHS


def _after_participle(toks: Tokens, i: int) -> bool:
    """Whether a lower-case word follows an article and a participle that qualifies it, in
    a source read after its cue ('said the retired trapper'; before a cue, "the retired
    ..." may be the subject's verb's: "both campaigned hard")."""
    return i > 1 and toks.low[i - 2] in ARTICLES and regular_past(toks.low[i - 1]) and (
        "-" not in toks.low[i - 1]) and toks.text[i].islower() and toks.low[i] not in CLAUSE_WORDS


def _event_after_name(toks: Tokens, i: int) -> bool:
    """Whether the link word at i opens an event a named person spoke at, not their
    affiliation ("Lim Hui Min | at a media briefing", "Jones | in an interview")."""
    return toks.text[i - 1][:1].isupper() and toks.low[i] in {"at", "in", "on"} and (
        i + 1 < len(toks.low) and toks.low[i + 1] in {"a", "an"})


def time_after(toks: Tokens, i: int) -> bool:
    """Whether a time follows the link word at toks[i]: an adjunct of the verb, not part of
    the phrase ("said the spokesman on Monday", "in March", "in 2016"; not "the class of
    2016", "eight in 10 voters")."""
    nxt = toks.low[i + 1] if i + 1 < len(toks.low) else ""
    return toks.low[i] != "of" and (nxt in TIME_WORDS or nxt in MONTHS or (
        nxt.isdigit() and len(nxt) == 4))


def _past_bare_title(toks: Tokens, start: int) -> int:
    """The index after up to three lower-case title words at toks[start] that a name
    follows ("lead author Dr. Smith"), else start."""
    k = start
    while k < min(len(toks.low) - 1, start + 3) and toks.text[k].islower() and (
            is_bare_title(toks.low[k])):
        k += 1
    return k if k > start and toks.text[k][:1].isupper() and toks.low[k] not in CLAUSE_WORDS \
        else start


def _verb_before_object(toks: Tokens, i: int) -> bool:
    """A lower-case word before a determiner that is neither one nor a head: a verb with
    its object ("Lee rewrote the plan", "Russia sent a draft"), where a noun phrase ends."""
    return (i + 1 < len(toks.low) and toks.low[i + 1] in DETERMINERS
            and toks.low[i] not in DETERMINERS and toks.text[i][:1].islower()
            and not _is_head(toks, i))


def is_adverb(toks: Tokens, i: int) -> bool:
    low = toks.low[i]
    return low in AUXILIARIES or (low.endswith("ly") and toks.text[i][:1].islower()
                                  and low not in LY_NOUNS)


def before_adverbs(toks: Tokens, j: int) -> int:
    """Index of the last word at or before j that is no auxiliary, adverb (is_adverb,
    inlined: this runs for every cue; "no longer") or verb of aspect before a gerund
    ("kept saying").
    A capitalised modal before a lower-case word is a name ("Theresa May said", "Will
    wrote"), not one of a title-case headline ("Trump Will Say")."""
    lows, texts = toks.low, toks.text
    while j >= 0 and ((lows[j] in AUXILIARIES and not (
            lows[j] in MODAL_WORDS and texts[j][:1].isupper() and texts[j + 1][:1].islower()))
            or (lows[j].endswith("ly") and texts[j][:1].islower() and lows[j] not in LY_NOUNS)
            or (lows[j] in ASPECT_VERBS and lows[j + 1].endswith("ing"))
            or lows[j - 1:j + 1] == ["no", "longer"] or lows[j:j + 2] == ["no", "longer"]):
        j -= 1  # but "the family said"; "could no longer ask" is an adverb too
    return j


def skip_aside(toks: Tokens, j: int, participles: bool = False) -> int:
    """Step left over auxiliaries, adverbs, a parenthesis, and a short aside between commas
    ("Shoigu, meanwhile, urged", "Clinton, at Monday's debate, cited", "The report, out
    Monday, showed"; with `participles`, past a participle's too: "The bill, sponsored by
    Senator Ngozi Obiora-Nwosu (Anambra South), states"), and a time phrase
    ("Wells Fargo this month announced", "Sanders on Tuesday said")."""
    j = before_adverbs(toks, j)  # past "later" and "earlier" too
    span = j - (toks.low[j] == "ago")
    if span >= 2 and toks.low[span].rstrip("s") in SPAN_UNITS and (
            toks.low[span + 1] in _SPAN_ENDS) and (
            toks.low[span - 1] in _SPAN_COUNTS or toks.low[span - 1].isdigit()):
        j = before_adverbs(toks, span - 2)  # "Fiorina a month later announced"
    elif j >= 1 and toks.low[j] in TIME_NOUNS and not _capitals_in_name(toks, j):
        j = _before_time(toks, j)
    if j >= 2 and toks.text[j] == ",":
        k = next((k for k in range(j - 1, max(0, j - 12), -1) if toks.text[k] == ","), None)
        if k is not None and k + 1 < j and ((j - k < 8 and (
                toks.low[k + 1] in PREPOSITIONS or toks.low[k + 1] in ASIDE_ADVERBS
                or (is_adverb(toks, k + 1) and toks.low[k + 1] not in FINITE_AUX)
                or toks.low[k + 1] == "out")) or (participles and _participle_aside(toks, k + 1))):
            # not ", was removed in 2023,": a predicate
            j = before_adverbs(toks, k - 1)
    j = _before_adjunct(toks, j)
    return _before_parenthesis(toks, j) if j >= 1 else j


def document_before(toks: Tokens, j: int) -> int | None:
    """Where the name of a document or law ends before toks[j], past an aside, a
    participle's among them ("The bill, sponsored by Senator Ngozi Obiora-Nwosu (Anambra
    South),"), its noun or the year after it ("the Plastics Bill 2025"), or a phrase that
    modifies it ("The staff report prepared for the hearing"): the subject of "states";
    None if none does."""
    k = skip_aside(toks, j, participles=True)
    noun = k - (k > 0 and toks.low[k].isdigit())
    if toks.low[noun] in STATING_NOUNS:
        return k
    subject = _postmodified_subject(toks, j + 1)
    if subject is not None and toks.low[subject[1]] in STATING_NOUNS:
        return subject[1]
    return _document_with_phrase(toks, k)


def _document_with_phrase(toks: Tokens, j: int) -> int | None:
    """The document's noun that opens the clause before a phrase of whom it is for or to,
    which ends at toks[j] ("A report to councillors | states", "The audit report for the
    Tauranga facility | states"); None if there is none."""
    start = clause_opening(toks, j)
    link = next((m for m in range(start + 1, j) if toks.low[m] in {"to", "for"}), None)
    if link is None or toks.low[link - 1] not in STATING_NOUNS or np_left(toks, link - 1) != start:
        return None
    phrase = range(link + 1, j + 1)  # no clause of its own: no mark, verb or cue
    return link - 1 if all(toks.text[m][:1].isalnum() and not (
        toks.low[m] in FINITE_AUX or toks.low[m] in CUE_WORDS) for m in phrase) else None


def _participle_aside(toks: Tokens, k: int) -> bool:
    """Whether a past participle and a preposition open the aside at toks[k] ("released on
    Friday", "sponsored by Senator ..."): a clause about the noun before, no predicate."""
    low = toks.low[k]
    return toks.text[k].islower() and (low.endswith("ed") or low in IRREGULAR_PASTS) and (
        toks.low[k + 1] in PREPOSITIONS)


def _before_adjunct(toks: Tokens, j: int) -> int:
    """The index before an auxiliary that a prepositional phrase separates from the cue
    ("the agency had in its 2024 Flood Outlook warned", "Clinton has since apologized"):
    the phrase is the verb's, not a part of its subject; j when none ends at toks[j]."""
    if _PERFECT_OR_MODAL.isdisjoint(toks.low[max(0, j - 8):j]):
        return j  # most cues: one C-level test
    for k in range(j - 1, max(0, j - 9), -1):
        if not toks.text[k + 1][:1].isalnum():
            return j
        if toks.low[k] in _PERFECT_OR_MODAL and toks.text[k].islower() and (
                toks.low[k + 1] in _ADJUNCT_LEADS) and k >= 1:  # not "in May when"
            return before_adverbs(toks, k)
    return j


_PERFECT_OR_MODAL = frozenset("has have had will would could should may might must".split())
_ADJUNCT_LEADS = PURE_PREPOSITIONS | {"since", "for"}  # "has since said", "has for weeks"


# A span of time that ends a phrase between a subject and its verb ("a month later",
# "two days earlier", "a year ago").
_SPAN_ENDS = frozenset({"later", "earlier", "ago"})
_SPAN_COUNTS = NUMBER_WORDS | {"a", "an", "one", "few", "several", "some", "many"}


def _before_time(toks: Tokens, j: int) -> int:
    """The index before a time phrase ending at toks[j], a time noun ("this month", "early
    Friday", "on Sept. 12", a bare day: "Friday"), past adverbs; j if no such phrase ends
    there, nothing precedes it or a participle does ("a poll released Friday shows": the
    phrase is the participle's). A bare month is no time phrase ("May", "August" can be
    names)."""
    k = j - 1
    if toks.low[k] in MONTHS:  # "Sept. 12"
        k -= 1
    while k >= 0 and toks.low[k] in TIME_PHRASE_LEADS:
        k -= 1
    if k < 0 or (k == j - 1 and toks.low[j] not in DAYS) or _dates_a_noun(toks, k):
        return j
    return before_adverbs(toks, k)


def _dates_a_noun(toks: Tokens, k: int) -> bool:
    """Whether toks[k], before a time phrase, is a lower-case participle or "out" that ties
    the phrase to the noun before it ("a poll released Friday", "a poll out Monday")."""
    return toks.text[k].islower() and (toks.low[k].endswith("ed") or toks.low[k] == "out")


def _subject_left(toks: Tokens, j: int) -> tuple[int, int] | None:
    """First and last index of the source that ends at toks[j], the word before the cue
    past auxiliaries and asides ("Lavrov has also said"; "Merkel and Macron both said": a
    floating quantifier is no subject)."""
    if toks.low[j] in FLOATING_QUANTIFIERS:
        j = _skip_quantifier(toks, j)
    if j >= 1 and toks.text[j] in APPOSITION_MARKS:
        start = apposed_subject(toks, j)
        return None if start is None else (start, _np_end(toks, start, j))
    start = np_left(toks, j)
    if start is None:
        return None
    if start > 1 and toks.low[start - 1] in PLACING_PREPOSITIONS and not (
            toks.low[start - 1] == "with" and toks.low[j + 1].endswith("ing")):  # "with X saying"
        return _subject_before_phrase(toks, start - 1)
    start = _lower_case_lead(toks, _apposed_name(toks, start, j))
    return _listed_from(toks, start, j), _np_end(toks, start, j)


def _listed_from(toks: Tokens, start: int, j: int) -> int:
    """Where a body's or office's name starts whose complement is a list that the phrase
    from toks[start] to toks[j] ends ("the Ministry of Housing, | Communities and Local
    Government"), or holds before a name set off after it ("the National Chairman of the
    Ghana Cocoa, | Coffee and Sheanut Farmers Association (COCOSHE), Mr Yaw Boakye
    Agyemang"); else `start`."""
    if start < 4 or toks.text[start - 1] != ",":
        return start
    end = next((k for k in range(start, j) if toks.text[k] == ","), j + 1)
    if "and" not in toks.low[start:end] or not all(toks.text[k][:1].isupper() or (
            toks.low[k] in _LIST_NAME_MARKS) for k in range(start, end)):
        return start
    head = np_left(toks, start - 2)
    return head if head is not None and (
        "of" in toks.low[head:start - 1] or "for" in toks.low[head:start - 1]) and (
        toks.text[start - 2][:1].isupper()) else start


# What a body's name in a list holds besides its capitalised words: "Ministry of
# Housing, Communities and Local Government", "Farmers Association (COCOSHE)".
_LIST_NAME_MARKS = frozenset({"and", "&", "(", ")"})


def _np_end(toks: Tokens, start: int, j: int) -> int:
    """Last token of the source from `start`, given j, the last word before the cue that
    is no auxiliary, aside or floating quantifier."""
    j = max(start, j)
    while j > start and toks.text[j] in APPOSITION_MARKS:
        j -= 1
    return j


def _lower_case_lead(toks: Tokens, start: int) -> int:
    """Extend a source that is no pronoun back over one or two lower-case words that follow
    a comma or a quotation mark ('..." retired Air Force general Lloyd Newton said')."""
    if toks.low[start] in PRONOUNS:
        return start
    for k in (start - 1, start - 2):
        if k < 1 or not toks.text[k].islower() or toks.low[k] in CLAUSE_OR_CUE_WORDS:
            break
        if toks.text[k - 1] in COMMA_OR_QUOTE:
            return k
    return start


def source_before(toks: Tokens, verb: int, lemma: str) -> tuple[int, int] | None:
    """The subject of a cue verb: the noun phrase before it (or who issued it, if that is a
    document: "X issued a statement calling ..."), else the phrase opening its clause
    (unless the cue could be a noun without a clause after it: "Despite the range of views,
    ..."), else a bare plural noun before it."""
    j = skip_aside(toks, verb - 1)
    subject = _apposed_before_aside(toks, _subject_left(toks, j), verb)
    if subject is not None and toks.low[subject[1]] in TIME_NOUNS:
        subject = _before_participle(toks, subject[0]) or subject
    if subject is not None and toks.low[verb].endswith(("ing", "ed")):
        subject = issuer(toks, *subject, toks.low[verb].endswith("ed")) or subject
    if subject is not None and subject[0] == subject[1] and toks.low[subject[0]] in {
            "that", "which"}:
        subject = _relative_issuer(toks, subject[0]) or subject
    if subject is None and (toks.low[verb] not in NOUN_FORMS or (
            verb + 1 < len(toks.low) and opens_clause(toks, verb + 1))):
        subject = _postmodified_subject(toks, verb)
    elif subject is not None and _is_object(toks, subject[0]):
        subject = _postmodified_subject(toks, verb) or subject  # "A man accused of killing
        # his neighbour told the jury": the man, not the neighbour
    elif subject is not None and toks.low[subject[0]] in DETERMINERS and (
            toks.low[subject[0] - 1] in _MODIFIER_LINKS) and (
            post := _postmodified_subject(toks, verb)) is not None and (
            toks.low[post[1]] in STATING_NOUNS):
        subject = post  # "A report due before the council's cabinet says": the report
    if subject is None and toks.low[verb] != lemma:  # not an infinitive's "to write"
        subject = _with_contact_clause(toks, j)
    if subject is None and (plural := _plural_subject(toks, verb, j)) is not None:
        subject = (_participle_modified(toks, plural[0]), plural[1])  # "Union officials
        # representing | drivers said"
    if subject is not None and subject[0] > 2 and toks.low[subject[0] - 1] == "that" and (
            toks.text[subject[0] - 2] in QUOTES and toks.text[subject[0]].islower()) and (
            toks.low[subject[0]] not in PRONOUNS):
        subject = (subject[0] - 1, subject[1])  # '“...,” that aide said': a demonstrative
    if subject is not None and subject[0] > 2 and toks.low[subject[0]] not in PRONOUNS:
        subject = (_after_quotation(toks, subject[0]), subject[1])
    if subject is not None and _gapped_head(toks, subject, verb):
        subject = (subject[0] + 2, subject[1])  # ", a move | farmers say will ease ..."
    return subject


def _with_contact_clause(toks: Tokens, j: int) -> tuple[int, int] | None:
    """A noun phrase and the relative clause without "who" that ends at toks[j], a past
    verb or a preposition it leaves stranded ("One father I spoke to said", "a woman we
    met there told"): the noun's, as "who" would make it."""
    k = j - (toks.low[j] in _STRANDED and j > 0)
    if k < 2 or not (regular_past(toks.low[k]) or toks.low[k] in NOT_NOUNS) or (
            toks.low[k - 1] not in PERSON_PRONOUNS or not _is_common_noun(toks, k - 2)):
        return None
    start = np_left(toks, k - 2)
    return None if start is None else (start, j)


_STRANDED = frozenset({"to", "with", "about", "from", "for"})


def _apposed_before_aside(toks: Tokens, subject: tuple[int, int] | None,
                          verb: int) -> tuple[int, int] | None:
    """The name that opens the clause before a description the subject set off by commas
    is, when an aside came between it and the cue ("Sunil Bhandarkar, Head of Fixed Income
    Research at Deccan Securities, however, said": the name and its description)."""
    if subject is None or subject[0] < 2 or toks.text[subject[0] - 1] != "," or not (
            subject[1] + 1 < verb and toks.text[subject[1] + 1] == ","):
        return subject
    head = apposed_subject(toks, subject[1] + 1)
    return (head, subject[1]) if head is not None and head < subject[0] and (
        head == 0 or toks.text[head - 1] in CLAUSE_MARKS) and not _adverbial(
        toks, head, subject[0] - 1) else subject  # not "Speaking in Harlem, Clinton, ..."


def _gapped_head(toks: Tokens, subject: tuple[int, int], verb: int) -> bool:
    """Whether the phrase before a cue opens with the head of a relative clause without a
    relative word (", a move critics say will hit the poor", ", a decision the group is
    challenging in court"): set off by a comma, an article and a singular noun (no
    number: "a dozen workers") right before the cue's own subject, and after the cue a
    finite verb, whose subject is the gap, or no object but a phrase of place or time,
    the gap its object."""
    first = subject[0]
    return first > 0 and toks.text[first - 1] == "," and subject[1] - first >= 2 and (
        toks.low[first] in {"a", "an"} and toks.text[first + 1].islower()
        and not is_plural(toks.low[first + 1]) and toks.low[first + 1] not in NUMBER_WORDS
        and toks.text[first + 2] != "," and verb + 1 < len(toks.low) and (
            toks.low[verb + 1] in FINITE_AUX or toks.low[verb + 1] in PURE_PREPOSITIONS))


def _after_quotation(toks: Tokens, start: int) -> int:
    """Where a source that follows a quotation starts: right after its closing mark, when
    only words lie between ('“...,” Fight for $15 organizing director Kendall Fells told':
    the name of a body, a title the phrase did not take); else `start`."""
    k = start - 1
    while k > start - 9 and k > 1 and (
            toks.text[k][:1].isalnum() or toks.text[k] in CURRENCY_SIGNS) and (
            toks.low[k] not in FINITE_AUX and toks.low[k] not in CUE_LEMMAS) and (
            toks.low[k] not in CLAUSE_WORDS or toks.text[k][:1].isupper() or (
                toks.low[k] in NP_LINKS and toks.text[k - 1][:1].isupper())):
        k -= 1  # "Fight for $15", "CBS This Morning"; not "but he"
    return k + 1 if closes_quoted_clause(toks, k) else start


# Prepositions that open a phrase modifying a noun ("a report due before | the cabinet").
_MODIFIER_LINKS = PHRASE_PREPOSITIONS | {"before", "by", "to", "about", "with"}


def _is_object(toks: Tokens, start: int) -> bool:
    """Whether the noun phrase at toks[start] is the object of a verb in a modifier before
    it: a relative clause or a phrase after a preposition ("who watched the debate", "that
    killed a teenager", "of killing his neighbour"), not a main clause's verb ("it raised
    its forecast")."""
    if start < 2:
        return False
    if toks.low[start] not in PRONOUNS and _in_who_clause(toks, start):
        return True
    verb, before = toks.text[start - 1], toks.low[start - 2]
    if not (verb.isalpha() and verb.islower()):
        return False
    if before in RELATIVE_PRONOUNS:  # "Voters who support Trump say": also a name
        return True
    return verb.endswith(("ing", "ed")) and (before in PREPOSITIONS or before == "of") and (
        toks.low[start] in DETERMINERS or toks.text[start][:1].islower())


def _in_who_clause(toks: Tokens, start: int) -> bool:
    """Whether the phrase at toks[start] lies deeper in a "who" clause that a verb opens,
    with no mark between ("Leaders who’d rather campaign for Cruz or Rubio said")."""
    for k in range(start - 1, max(0, start - 16), -1):
        if toks.low[k] == "as" and k == start - 1:
            continue  # a preposition before the phrase: "who works nights as | a courier"
        if not toks.text[k][:1].isalnum() or toks.low[k] in SUBORDINATORS or (
                toks.low[k] in SUBJECT_PRONOUNS):
            return False  # "who sued after the department failed to", "who ... said he
            # heard Mateen talk of": another clause
        if toks.low[k] in _WHO_FORMS:
            return toks.text[k + 1].islower()
    return False


_WHO_FORMS = WHO_CONTRACTIONS | {"who", "whose"}


def _before_participle(toks: Tokens, start: int) -> tuple[int, int] | None:
    """The noun phrase that a participle with a time phrase starting at toks[start]
    modifies: "A poll released in late August found", "A news report published Wednesday
    said", "A poll out Monday showed": the poll and the report speak, not the time phrase.
    None if no -ed participle or "out" stands before the time phrase."""
    k = start - 1
    while k > 0 and (toks.low[k] in TIME_PHRASE_LEADS or toks.low[k] in PREPOSITIONS):
        k -= 1
    if k < 1 or not _dates_a_noun(toks, k):
        return None
    first = np_left(toks, k - 1)
    return None if first is None or toks.low[k - 1] in PRONOUNS else (first, k - 1)


def issuer(toks: Tokens, start: int, end: int, past: bool) -> tuple[int, int] | None:
    """Who issued the document that toks[start..end] names, when it is the object of a verb
    and a participle cue after it tells what the document says: "X issued a statement
    calling ...", "X put out a statement saying ...", "X, an aide, released a statement
    confirming ...", "X sent a text message to supporters saying ..."; None if it is no
    such object (not "A 1996 FEC advisory opinion added", "exit polls suggesting"). A
    `past` participle cue may be a finite verb, so its document must follow an -ed verb
    ("X filed a lawsuit aimed at ...")."""
    head = _document_head(toks, start, end)
    if head is not None:
        end = head
    else:
        if start < 3 or toks.low[start - 1] != "to" or toks.low[start - 2] not in DOCUMENT_NOUNS:
            return None
        end = start - 2  # "a text message to supporters": the message says
        start = np_left(toks, end) or end
    k = start - 1
    if start < end and toks.low[start].endswith("ed") and toks.low[start + 1] in DETERMINERS:
        k, start = start, start + 1  # ", released a statement", past _lower_case_lead
    if not (toks.low[start] in DETERMINERS or toks.low[start].endswith(("’s", "'s"))):
        return None
    while k > 0 and toks.low[k] in PARTICLES:
        k -= 1
    if k < 1 or not toks.text[k].islower() or toks.low[k] in NOT_VERBS or is_adverb(toks, k) or (
            CUE_LEMMAS.get(toks.low[k], "post") not in PUBLISHING_LEMMAS) or (
            past and not toks.low[k].endswith("ed")):
        return None  # not "X cited a statement saying ...": the statement's author says
    return _subject_left(toks, skip_aside(toks, k - 1))


def _document_head(toks: Tokens, start: int, end: int) -> int | None:
    """The document noun that heads toks[start..end], which may go on with a phrase of
    place or time ("a message on Twitter", "an op-ed in The Washington Post", "a letter
    from his doctor Friday afternoon"); None if no document heads it."""
    for d in range(start, end + 1):
        low = toks.low[d]
        if (low in DOCUMENT_NOUNS or (low.endswith("s") and low[:-1] in DOCUMENT_NOUNS)) and (
                d == end or toks.low[d + 1] in _PHRASE_LEADS or toks.low[d + 1] in TIME_WORDS):
            return d
    return None


def _relative_issuer(toks: Tokens, relative: int) -> tuple[int, int] | None:
    """Who issued a document that a relative clause with a cue tells about: "He released a
    letter from his doctor that says ...", "The Post ran a piece that noted ...": the
    issuer says it, as with a participle ("X issued a statement saying", `issuer`)."""
    end = relative - 1 - (toks.text[relative - 1] == ",")
    start = np_left(toks, end) if end >= 2 else None
    return None if start is None else issuer(toks, start, end, False)


def _plural_subject(toks: Tokens, cue: int, j: int) -> tuple[int, int] | None:
    """A plural common noun at toks[j], the word before the cue past auxiliaries and
    asides, that is the subject of a plural verb: "environmentalists worry", "the debate
    moderators will demand". Any noun can head a source; this form is told from others by
    its -s and by the verb's agreement (no "-s" on the cue)."""
    if j < 0 or toks.low[cue].endswith("s") or not is_plural_noun(toks, j):
        return None
    start = j
    while start > 0 and (_is_np_word(toks, start - 1) or _modifier_after_determiner(
            toks, start - 1, j)):
        start -= 1
    if toks.low[start] in {"and", "or"} and start > 0 and is_plural_noun(toks, start - 1):
        start -= 1  # "riders and operators had been asking": both nouns
    while start < j and toks.low[start] in NP_LINKS:
        start += 1
    return _owned_from(toks, start), j


def _modifier_after_determiner(toks: Tokens, k: int, head: int) -> bool:
    """Whether toks[k] is one of up to three lower-case words between a determiner and the
    plural noun toks[head]: nouns modifying it ("the debate moderators", "the beach surf
    clubs"), not words of a phrase before it ("the cheeseburger - an old favorite - others")."""
    for d in range(k - 1, max(-1, head - 5), -1):
        if toks.low[d] in DETERMINERS:
            return all(lower_word(toks, m) and toks.low[m] not in CLAUSE_OR_CUE_WORDS
                       for m in range(d + 1, head))
    return False


def _owned_from(toks: Tokens, start: int) -> int:
    """Where a noun phrase from toks[start] begins when a possessive and its article, and a
    noun or two, come before it ("the city's | bus operators"); else start."""
    k = start
    while k > 1 and start - k < 2 and lower_word(toks, k - 1) and (
            toks.low[k - 1] not in CLAUSE_OR_CUE_WORDS):
        k -= 1
    if k > 1 and toks.low[k - 1].endswith(("’s", "'s")) and toks.low[k - 2] in ARTICLES:
        return k - 2
    return start


def lower_word(toks: Tokens, j: int) -> bool:
    """A word of letters in lower case: no name, number or mark."""
    return toks.text[j].isalpha() and toks.text[j].islower()


def is_plural_noun(toks: Tokens, j: int) -> bool:
    """A word that looks like a plural noun ("environmentalists", "Analysts" opening a
    sentence): an -s that no function word, adverb, cue or name ("Times") has."""
    low = toks.low[j]
    return (toks.text[j].islower() or j == 0) and low.endswith("s") and len(low) > 3 and (
        low[-2:] not in {"ss", "us", "is"} and low.isalpha()
        and low not in CLAUSE_OR_CUE_WORDS and not is_adverb(toks, j))


def _postmodified_subject(toks: Tokens, cue: int) -> tuple[int, int] | None:
    """The noun phrase opening the cue's clause when a modifier parts it from the cue: "A
    study released last year found", "Experts on North Korea said", "A report that
    appeared in the journal shows". The words between hold no comma, quotation or cue, and
    no auxiliary outside a relative clause, so they are no clause of their own."""
    k = cue - 1
    while k >= max(0, cue - 22) and toks.text[k] not in CLAUSE_MARKS:
        k -= 1
    k += 1 + (k + 1 < cue and toks.low[k + 1] in CONJUNCTIONS)
    if not (0 < cue - k <= 20 and clause_start(toks, k)) or toks.low[k].endswith("ing"):
        return None  # not "Writing for the Times, Smith agreed"
    end = np_right(toks, k)
    if end is None and toks.low[k] in QUANTITIES and toks.low[k + 1] == "of" and (
            toks.low[k + 2] not in RELATIVE_OBJECTS):
        end = np_right(toks, k + 2)  # "Many of the local GOP leaders who ... said"
    if end is None and lower_word(toks, k) and (
            toks.low[k] in DATA_NOUNS or is_plural_noun(toks, k)) and (
            toks.low[k + 1] in POSTMODIFIER_OPENERS or toks.low[k + 1].endswith("ed")):
        end = k  # a bare noun: "research conducted by the center found"
    if end is None or end + 1 >= cue or (toks.low[end + 1] not in POSTMODIFIER_OPENERS and not (
            toks.low[end + 1].endswith(("ed", "en"))) and toks.low[end + 1] != "due"):
        return None  # (an adjective's phrase too: "A report due before the cabinet says")
    relative = False
    link = end + 2  # past a time: "A study published last year by the trust"
    while link < cue and toks.low[link] in TIME_WORDS and toks.low[link] not in PREPOSITIONS:
        link += 1
    participle = toks.low[end + 1].endswith("ed") and (  # "A man accused of killing ..."
        toks.low[link] in PREPOSITIONS or toks.low[link] == "of")
    own = cue  # the cue's own auxiliaries: "A man accused of ... has told"
    while own - 1 > end + 1 and toks.low[own - 1] in AUXILIARIES:
        own -= 1
    for m in range(end + 1 + participle, own):
        low = toks.low[m]
        relative = relative or low in RELATIVE_OBJECTS
        if (low in REPORTING_FORMS or low in FINITE_AUX) and not relative and (
                toks.text[m][:1].islower()):  # not a name: "by the Reading Futures Trust"
            return None  # but "Two officials who declined to be named confirmed"
    if participle and toks.low[link] == "by" and toks.low[end] in DOCUMENT_NOUNS:
        agent = np_right(toks, link + 1) or end  # "A statement issued by the ministry"
        while agent > end and toks.low[agent] in TIME_LEADS:
            agent -= 1  # "by the ministry last month"
        return k, agent
    return k, end


def _skip_quantifier(toks: Tokens, j: int) -> int:
    """Step left over a floating quantifier after a subject ("Merkel and Macron both"), not
    over one that is the subject ("a panel that all agreed")."""
    if j > 0 and toks.low[j] in FLOATING_QUANTIFIERS and toks.low[j - 1] not in CLAUSE_WORDS:
        return skip_aside(toks, j - 1)
    return j


def _subject_before_phrase(toks: Tokens, prep: int) -> tuple[int, int] | None:
    """"Putin during a video conference with Macron stated", "The average of polls taken
    over the past weeks shows": the noun phrase before was the object of a preposition, so
    the source is the one that opens the clause."""
    for k in range(prep - 1, max(-1, prep - 16), -1):
        if toks.low[k + 1] in PREPOSITIONS or toks.low[k + 1] == "of":
            start = np_left(toks, k)
            if start is not None and clause_start(toks, start):
                return start, k
    return None


def _apposed_name(toks: Tokens, start: int, end: int) -> int:
    """Extend "the U.S. ambassador to Russia, John Sullivan" (ending at toks[end]) back to
    the first part. A plural ("These employees, Stumpf said, were ...") is content, not a
    description of one person; so is what comes before a description (a headline's "...,
    Former White House Doctor Says"); so is an opening phrase of place ("Outside court,
    Detective Aaron Pene said") or time ("Early in his campaign, Trump attacked")."""
    if start >= 2 and toks.text[start - 1] == "," and toks.low[start] not in PRONOUNS and (
            not is_plural_noun(toks, start - 2)) and MODIFIERS.isdisjoint(
            toks.low[start:end + 1]) and SOURCE_NOUNS.isdisjoint(toks.low[start:end + 1]):
        outer = np_left(toks, start - 2)
        if outer is not None and (outer == 0 or toks.text[outer - 1] in COMMA_OR_QUOTE) and not (
                _speaking(toks, outer) or toks.low[outer] in PREPOSITIONS
                or toks.low[outer] in TIME_WORDS) and any(  # not "Early in his campaign,"
                low in SOURCE_NOUNS or (low in ROLE_WORDS and low not in FUNCTION_WORDS)
                for low in toks.low[outer:start - 1]):
            return outer
    return start


def _speaking(toks: Tokens, k: int) -> bool:
    """A verb in -ing that opens an adverbial phrase, not a description: one of speech
    ("Speaking to Morning Report, Bishop said") or any with its object or preposition after
    it ("Delivering her Budget speech in the House, Aldous said"; not "Acting Mayor")."""
    return toks.low[k].endswith("ing") and (toks.low[k] in CUE_WORDS or (
        k + 1 < len(toks.low) and toks.low[k + 1] in _OBJECT_OPENERS))


_OBJECT_OPENERS = FUNCTION_WORDS | PREPOSITIONS  # after a verb: "Delivering her ..."


def apposed_subject(toks: Tokens, comma: int) -> int | None:
    """Source of "Richard Revesz, director of the institute, said" or "Kall -- co-editor of
    a book -- said": a noun phrase at the start of the clause, then one to three
    descriptions set off by commas or dashes ("--" is two tokens). A quotation in between
    (not a quoted title) means the comma closes content instead (a plural possessive's
    apostrophe, as in "veterans' families", is no quotation), unless a relative clause
    holds it ('Trump, who said he would "bomb" them, said ...')."""
    mark = toks.text[comma]
    while toks.text[comma - 1] == mark and comma > 1:
        comma -= 1
    commas = [k for k in range(comma - 1, max(-1, comma - 40), -1)
              if toks.text[k] == mark and toks.text[k - 1] != mark
              and not (k > 1 and toks.text[k - 2] == "," and is_qualifier(toks.text[k - 1]))]
    set_off = None  # a phrase that a comma sets off in turn: "founder of X" after "Voss,"
    for k in commas[:3]:
        start = np_left(toks, _before_parenthesis(toks, k - 1))
        if start is None and (contact := _with_contact_clause(toks, k - 1)) is not None:
            start = contact[0]  # "Another rider I spoke to, a hospitality worker, told"
        phrase = _phrase_start(toks, k - 1) if start is None else None
        placed = phrase if start is None or mark != "," else start
        if placed is not None and placed > 3 and toks.low[placed - 1] in _PARTICIPLE_LINKS and (
                regular_past(toks.low[placed - 2]) and toks.text[placed - 2].islower()) and (
                (head := np_left(toks, placed - 3)) is not None and clause_start(toks, head)):
            start = placed = head  # "A nurse attached to | the health centre, who ..., said"
        if placed is None or not clause_start(toks, placed):  # (or a bare noun: "gas, who")
            head = _head_before_phrases(toks, k - 1 if placed is None else placed)
            start = start if head is None else head  # "A Labour MP | with a rural seat,
            # who ..., told", "A surgeon at | a Dublin hospital, who asked not to be named,
            # said", "A diplomat observing | the talks, who ..., said", "A headteacher at | a
            # school | in Nakuru, who ..."
        if start is None and k == commas[0]:
            start = _description_of_name(toks, k, comma)
        if start is None and k == commas[-1]:
            start = _partitive(toks, k)
        if start is not None and (paired := _paired_title(toks, start)) is not None:
            start = paired  # "Sheep and beef farmer | Colleen Mabey, whose family ..., argued"
        if start is not None and start > 2 and is_bare_title(toks.low[start - 1]) and (
                toks.text[start][:1].isupper() and _after_opening_place(toks, start - 2)):
            start -= 1  # "In Protea Glen, | pensioner Gladys Mahlangu, 71, told"
        if start is not None and (clause_start(toks, start) or _after_subordinator(
                toks, start)) and (
                toks.low[k + 1] in {"who", "whom"} or not _quotes_words(toks, k, comma)):
            if set_off is None and start > 0 and toks.text[start - 1] == ",":
                set_off = start
            elif set_off is None or (_opens_clause_here(toks, start) and not (
                    _adverbial(toks, start, k)) and not _region_of_opening(toks, start)):
                return start  # the name that opens the clause: "Graham Voss, founder of
                # Tern Ridge Capital, which holds ..., wrote"; not "On Sunday, ...",
                # "Earlier this week, ..."
    return set_off if set_off is None else _listed_from(toks, set_off, comma - 1)


def _head_before_phrases(toks: Tokens, placed: int) -> int | None:
    """The noun phrase opening the clause that one to three phrases, each opened by a
    preposition, a participle or a relative pronoun, part from the noun phrase at
    toks[placed] ("A headteacher at | a school | in Nakuru", "A senior executive at | a
    Japanese utility that buys | cargoes from | Gladstone"), or None."""
    for _ in range(3):
        link: int | None = placed - 1
        if placed > 0 and not (toks.low[placed - 1] in _PHRASE_LINKS or (
                _is_participle(toks, placed - 1))):
            link = _relative_before(toks, placed)
        if link is None or link < 1:
            return None
        if toks.low[link] == "of" and toks.low[link - 1] in QUANTITIES and (
                clause_start(toks, link - 1)):
            return link - 1  # "One of | the newer acts on | the bill, who ..."
        start = _object_start(toks, link - 1)
        if start is None or clause_start(toks, start):
            return start
        placed = start
    return None


def _object_start(toks: Tokens, end: int) -> int | None:
    """Start of the noun phrase ending at toks[end], a bare noun among them ("buys | gas")."""
    start = np_left(toks, end)
    if start is None and lower_word(toks, end) and toks.low[end] not in FUNCTION_WORDS and (
            toks.low[end] not in CLAUSE_OR_CUE_WORDS and not is_adverb(toks, end)):
        return end
    return start


_PHRASE_LINKS = PURE_PREPOSITIONS | {"of"}


def _relative_before(toks: Tokens, placed: int) -> int | None:
    """Where "that", "which" or "who" opens the relative clause whose verb's object
    toks[placed] opens ("that buys | cargoes"), or None."""
    k = placed - 2
    return k if k > 0 and toks.low[k] in {"that", "which", "who"} and lower_word(toks, k + 1) and (
        toks.low[k + 1] not in PRONOUNS and toks.low[k + 1] not in FUNCTION_WORDS) and (
        toks.low[placed] not in OBJECT_PRONOUNS) else None  # not "who escorted | her to"


def _paired_title(toks: Tokens, start: int) -> int | None:
    """Where a title before the name at toks[start] opens the clause with two words that
    "and" joins ("Sheep and beef farmer | Colleen Mabey"), or None."""
    j = start
    while j > 0 and start - j < 3 and toks.text[j - 1].isalpha() and (
            toks.text[j - 1].islower()) and toks.low[j - 1] != "and":
        j -= 1
    return j - 2 if start - 1 > j >= 2 and toks.low[j - 1] == "and" and is_bare_title(
        toks.low[start - 1]) and toks.text[j - 2].isalpha() and clause_start(toks, j - 2) else None


def _after_subordinator(toks: Tokens, start: int) -> bool:
    """Whether a subordinator opens the clause at toks[start] ("... was deferred after | his
    lawyer, Benjamin Quiambao, assured the committee that ..."); not "as", a preposition
    as often ("as head of the agency, ..."), nor before a time ("worked there until March,
    and who asked ...": a time, no subject)."""
    return start > 0 and toks.low[start - 1] in SUBORDINATORS and toks.low[start - 1] != "as" and (
        toks.low[start] not in MONTHS and toks.low[start] not in TIME_WORDS)


def _region_of_opening(toks: Tokens, start: int) -> bool:
    """Whether the name at toks[start] follows the place of the sentence's opening phrase
    and its comma ("In Tullamore, | Co Offaly, which ...,"): the place's region, part of
    the phrase, no subject."""
    return start > 2 and _after_opening_place(toks, start - 1) and toks.low[0] in {
        "in", "at", "near", "outside"} and all(toks.text[k][:1].isupper() and (
            toks.low[k] not in TIME_WORDS and toks.low[k] not in MONTHS)
            for k in range(1, start - 1))  # not "On Sunday, Hillary Clinton, ..."


def _after_opening_place(toks: Tokens, comma: int) -> bool:
    """Whether the comma at toks[comma] closes the sentence's one opening phrase of a
    preposition ("In Protea Glen,", "At the hearing,"): what follows opens the clause."""
    return toks.text[comma] == "," and toks.low[0] in PREPOSITIONS and "," not in (
        toks.text[1:comma])


def _opens_clause_here(toks: Tokens, start: int) -> bool:
    """Whether the phrase at toks[start] opens the sentence, follows a conjunction, or is a
    name after an opening phrase's comma ("On Sunday, Hillary Clinton, ...") or after a
    quotation its comma closes ('"...," Teresa Voss, president of ..., which ..., said')."""
    return start == 0 or toks.low[start - 1] in CONJUNCTIONS or (
        toks.text[start][:1].isupper() and (toks.text[start - 1] == "," or (
            start > 1 and toks.text[start - 1] in QUOTES and toks.text[start - 2] in ",?!")))


def _adverbial(toks: Tokens, start: int, end: int) -> bool:
    """Whether the words from toks[start] to the comma at `end` tell when or how, rather
    than name a subject ("Friday", "Earlier this week", "Moreover", "Contacted", "Reacting
    to the claims")."""
    first = toks.low[start]
    participle = first.endswith(("ed", "ing")) and (
        start + 1 == end or toks.text[start + 1].islower())  # not "Murshed Zaheed"
    return first in TIME_WORDS or first in SENTENCE_ADVERBS or first in INTRO_WORDS or (
        first.endswith("ly")) or participle or any(
            toks.low[j] in TIME_NOUNS for j in range(start, end))


def _quotes_words(toks: Tokens, start: int, end: int) -> bool:
    """Whether a double quotation mark between start and end quotes words, not a title
    of capitalised words inside a phrase ("the co-author of "Going Viral," about ..."; a
    title set off by itself is a part of its own: 'a contestant on the show, "The
    Apprentice," who ...')."""
    marks = [k for k in range(start, end) if toks.text[k] in DOUBLE_QUOTES]
    return any(n % 2 == 0 and not (toks.text[k - 1][:1].islower() and all(
        toks.text[j][:1].isupper() or not toks.text[j][:1].isalnum()
        for j in range(k + 1, marks[n + 1] if n + 1 < len(marks) else end)))
        for n, k in enumerate(marks))


def _phrase_start(toks: Tokens, j: int) -> int | None:
    """Index of the determiner that opens a short lower-case phrase ending at toks[j] ("a
    rural seat"), or of a month before the year at toks[j] ("March 2023"), if one does."""
    if j > 0 and is_year(toks, j) and toks.low[j - 1] in MONTHS:
        return j - 1  # "An internal review completed in | March 2023, which ..., found"
    for k in range(j, max(-1, j - 4), -1):
        if toks.low[k] in DETERMINERS:
            return k if k < j else None
        if not lower_word(toks, k):
            return None
    return None


def _partitive(toks: Tokens, k: int) -> int | None:
    """Start of "One" or "Another", or "One of them", before the comma at k that sets off
    whom it picks out ("One, retired teacher Margaret Hill, 78, said"): one of a group
    the text named before, a person the apposition names."""
    i = k - 3 if toks.low[k - 2:k] == ["of", "them"] else k - 1
    return i if i >= 0 and toks.low[i] in PICKING_WORDS and clause_start(toks, i) else None


def _description_of_name(toks: Tokens, k: int, comma: int) -> int | None:
    """Start of a description set off before a name ("The company's chief executive, Tom
    Hall, told", "Trump's campaign manager, Corey Lewandowski, said"), whatever its head
    noun: the name apposed to it says that it describes a person. `k` is the comma
    after the description, `comma` the one after the name. The description opens its
    clause with a determiner or a possessive and holds no clause or cue word, but "and"
    in the field of a post ("The City's MMC for environment and infrastructure services,
    Thulani Sithole, conceded")."""
    name = toks.text[k + 1:comma]
    if not 1 < len(name) <= 4 or not all(word[:1].isupper() for word in name):
        return None
    i = k
    while i > 0 and k - i < 10 and not clause_start(toks, i) and (
            toks.text[i - 1][:1].isalpha() or toks.text[i - 1] in {"'", "’"}):
        i -= 1
    words = toks.low[i:k]
    possessive = any(w.endswith(("'s", "’s")) or w in {"'", "’"} for w in words)
    field = next((n for n, w in enumerate(words) if n and w in {"for", "of"}), len(words))
    if not words or not clause_start(toks, i) or not (words[0] in DETERMINERS or possessive) or (
            not CLAUSE_OR_CUE_WORDS.isdisjoint(words[1:field])) or not (
            CLAUSE_OR_CUE_WORDS - {"and"}).isdisjoint(words[field + 1:]):
        return None
    return i


def _before_parenthesis(toks: Tokens, j: int) -> int:
    """The index before a parenthesis that ends at toks[j] ("Jordan (R-Ohio)"), else j."""
    if toks.text[j] != ")":
        return j
    return next((k - 1 for k in range(j - 1, max(0, j - 9), -1) if toks.text[k] == "("), j)


def clause_opening(toks: Tokens, k: int) -> int:
    """First token of the clause holding toks[k]: after the last clause mark before it, or
    after a conjunction that opens the sentence ("But the vote is expected to ...")."""
    while k > 0 and toks.text[k - 1] not in CLAUSE_MARKS:
        k -= 1
    return k + (k < len(toks.low) - 1 and toks.low[k] in CONJUNCTIONS)


def clause_start(toks: Tokens, k: int) -> bool:
    """True at the start of a sentence or clause ("But Megan Hester, ...", "..., and its
    spokesperson, Greg Harford, told", "..., in which | Mr Gondal's counsel, ... argued",
    "-- which | Apple's chief executive, Tim Cook, called")."""
    return k == 0 or toks.text[k - 1] in CLAUSE_MARKS or (
        k == 1 and toks.low[0] in CLAUSE_WORDS) or (
        k > 1 and toks.low[k - 1] in {"and", "but"} and toks.text[k - 2] in CLAUSE_MARKS) or (
        k > 1 and toks.low[k - 1] in {"which", "whom"} and (
            toks.low[k - 2] in PREPOSITIONS or toks.text[k - 2] in PHRASE_ENDS))


def opens_clause(toks: Tokens, i: int) -> bool:
    """A word that can open a clause's subject ("Moscow's main concerns ...", "the alliance
    will ..."), unlike the rest of a phrase ("more than twice ...")."""
    low = toks.low[i]
    return toks.text[i][:1].isupper() or low in DETERMINERS or low in PRONOUNS


def is_qualifier(word: str) -> bool:
    """A word set off after a name that qualifies it and names nobody: a party tag
    ("D-Mich.", "R-Texas") or an abbreviated place ("Mo.", "D.C.", "N.Y.") in "Sen. Gary
    Peters, D-Mich., said", "a mechanic in Kansas City, Mo., said"."""
    return bool(PARTY_TAG.match(word)) or (word.endswith(".") and len(word) <= 6 and (
        word[:1].isupper()) and word.lower() not in HONORIFICS)


def is_bare_title(low: str) -> bool:
    """A lower-case word that can be a title without an article before a name, as in
    "architect Renzo Piano", "lead author Dr. Smith", "Liverpool coach Jurgen Klopp": a
    singular noun, so not a function word, cue, verb form, adverb or plural."""
    return low.replace("-", "").isalpha() and not (
        low in NOT_TITLES or low.endswith(("ing", "ed", "ly")) or is_plural(low))


def is_plural(low: str) -> bool:
    """A noun's plural form, by its ending ("supporters", not "boss", "chorus" or "news")."""
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "news"))
