"""Speaker names -> one identity per real speaker, with the title kept apart as a role.

People are keyed by their surname, folded across transliterations ("Sergei"/"Sergey",
"Gruško"/"Grushko"), so every mention of a person after the first ("Lavrov") finds the
same key. Organisations are keyed by their whole name with countries normalised, so
"the Russian Foreign Ministry" and "Russia's Foreign Ministry" are one speaker.
`speaker` tells who a statement's source is: a pronoun or description ("he", "the
ministry") resolved to an earlier entity, else the name the source gives.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from .lexicon import (
    AFFILIATION_WORDS,
    DEMONYMS,
    DOCUMENT_NOUNS,
    HONORIFICS,
    LOWER_CASE_TITLES,
    MENTION_HEADS,
    NAME_DETERMINERS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ORG_WORDS,
    PERSON_HEADS,
    PERSON_TITLES,
    PLACES,
    ROLE_WORDS,
    SUBJECT_PRONOUNS,
    TITLE_MODIFIERS,
)

# Slavic letters with a conventional two-letter English spelling.
_TRANSLIT = str.maketrans({"š": "sh", "č": "ch", "ž": "zh", "ć": "ch", "ś": "sh", "ł": "l",
                           "ß": "ss", "ø": "o", "đ": "dj"})
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_RELATIVE = re.compile(r"^\s*(?:who|which|whose|whom|where)\b", re.I)
_APPOSITION = re.compile(r",|\s(?:--|[—–-])\s")  # "Smith, an aide", "Smith -- an aide"
# Capitalised words, the candidates for title and organisation heads. No leading \b: it
# would stop the regex engine's fast scan for a capital, and _occurrences checks word
# boundaries anyway.
_CAPITALISED = re.compile(r"[A-Z][a-z]+\.?")
_WORD_SPAN = re.compile(r"[\w’'.\-]+")
_NAME_AFTER = re.compile(r"""
    (?:\s+(?:(?:of|for)(?:\s+the)?\s+)?              # "of State", "for the Kremlin"
       (?:[A-Z]\.\s*)*[A-Z][\w’'\-]+){1,6}            # more titles, then the name
""", re.X)
_ORG_LEFT = re.compile(r"(?:\b[A-Z][\w’'\-]*\s+){0,3}$")
# "a statement issued by the ministry on Friday" -> "the ministry": the author speaks.
_BY_AUTHOR = re.compile(r"""
    ^(?:an?|the)\s+(?:\w+\s+){0,2}?(?:DOCUMENT)         # "a (written) statement"
    (?:\s+(?:issued|released|published|written|signed|sent|posted))?
    \s+(?:by|from)\s+                                  # "(issued) by", not "quoted by"
    (?P<author>(?:the\s+)?[\w’'.\-]+(?:\s+[A-Z][\w’'.\-]*)*)  # "the ministry", "Reuters"
    .*$""".replace("DOCUMENT", "|".join(sorted(DOCUMENT_NOUNS))), re.X | re.S)


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
    return bool(token[:1].isupper() and bare not in ROLE_WORDS and bare not in NAME_DETERMINERS)


def _strip_determiners(tokens: list[str]) -> list[str]:
    while tokens and _bare(tokens[0]) in NAME_DETERMINERS:
        tokens = tokens[1:]
    return tokens


def is_organisation(name: str) -> bool:
    """True for names headed by an organisation word ("Foreign Ministry", "the Kremlin")."""
    tokens = name.split()
    return bool(tokens) and _bare(tokens[-1]) in ORG_WORDS


def _split_affiliated(tokens: list[str], bare: list[str]) -> tuple[str, str] | None:
    """("spokesman for the Kremlin") -> ("Kremlin", "spokesman"): a description of someone
    speaking for a named body keeps the body as the name."""
    if not tokens[0][:1].islower():
        return None
    for i in range(1, len(tokens) - 1):
        if bare[i] in AFFILIATION_WORDS:
            body = _strip_determiners(tokens[i + 1:])
            if body and all(_is_name_token(t) or _bare(t) in ORG_WORDS for t in body):
                return " ".join(body), " ".join(tokens[:i])
    return None


def _split_tokens(tokens: list[str]) -> tuple[str, str]:
    """Split one comma-free mention: the trailing run of name words is the name, provided a
    title, not some other word ("ambassador to Russia"), stands before it."""
    tokens = _strip_determiners(tokens)
    bare = [_bare(t) for t in tokens]
    if not tokens or (len(tokens) == 1 and bare[0] in SUBJECT_PRONOUNS):
        return "", ""
    affiliated = _split_affiliated(tokens, bare)
    if affiliated:
        return affiliated
    if bare[-1] in ORG_WORDS:
        return " ".join(tokens), ""
    cut = len(tokens)
    while cut > 0 and (_is_name_token(tokens[cut - 1], bare[cut - 1]) or (
            cut < len(tokens) and bare[cut - 1] in NAME_PARTICLES)):
        cut -= 1
    if cut > 0 and (bare[cut - 1] not in ROLE_WORDS or (
            tokens[cut - 1][:1].islower() and bare[cut - 1] in AFFILIATION_WORDS)):
        return "", " ".join(tokens)
    role = [t for t, b in zip(tokens[:cut], bare, strict=False) if b not in HONORIFICS]
    return " ".join(tokens[cut:]), " ".join(role).strip(" ,.")


@functools.lru_cache(maxsize=8192)  # pure; names recur within and across articles
def split_role(mention: str) -> tuple[str, str]:
    """("Russian Foreign Minister Sergey Lavrov") -> ("Sergey Lavrov", "Russian Foreign Minister").

    Appositions ("John Sullivan, the U.S. ambassador", "Sullivan -- the ambassador") keep
    the part holding a name as the name and the rest as the role. A mention without a name
    gives ("", description); a bare pronoun gives ("", "").
    """
    mention = mention.strip(" ,;:\n")
    if " " not in mention and "," not in mention and _is_name_token(mention) and (
            mention.lower() not in SUBJECT_PRONOUNS):
        return mention, ""  # the common case: a bare name ("Lavrov", "NATO")
    if "(" in mention:
        mention = _PARENTHETICAL.sub("", mention).strip(" ,;:\n")
    parts = [p.split() for p in _APPOSITION.split(mention) if p.strip() and not _RELATIVE.match(p)]
    if len(parts) == 1:
        return _split_tokens(parts[0])  # no apposition: most mentions
    splits = [_split_tokens(p) for p in parts]
    named = [i for i, (name, _) in enumerate(splits) if name]
    if not named:
        return "", ", ".join(role for _, role in splits if role)
    first = named[0]
    name, role = splits[first]
    rest = [" ".join(_strip_determiners(p)) for i, p in enumerate(parts) if i != first]
    return name, ", ".join(r for r in [role, *rest] if r)


def _fold(word: str) -> str:
    """ASCII, lower-case, transliteration-folded spelling of a word or name. Most words are
    plain ASCII letters, which skip the costly steps."""
    word = word.lower()
    if not word.isascii():
        word = word.translate(_TRANSLIT)
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    if not word.isalnum():
        word = _NON_ALNUM.sub("", word.replace("-", " "))
    return word.replace("ey", "ei").replace("iy", "i")


def _org_key(name: str) -> str:
    words = [_bare(t) for t in _strip_determiners(name.split())]
    words = [DEMONYMS.get(w, w) for w in words if w]
    return " ".join(_fold(w) for w in words).strip()


def speaker_key(name: str) -> str:
    """Identity shared by all spellings of one speaker: a person's folded surname, or an
    organisation's normalised name. "" when the mention names nobody (a bare pronoun)."""
    return _key(*split_role(name))


@functools.lru_cache(maxsize=8192)
def _key(person: str, role: str) -> str:
    """speaker_key of a mention already split into name and role."""
    if not person:
        return _org_key(role) if role else ""
    if is_organisation(person) or len(person.split()) > 5:
        return _org_key(person)
    tokens = [t for t in person.split() if _bare(t) not in NAME_SUFFIXES]
    return _fold(tokens[-1]) if tokens else ""


class Entity(NamedTuple):
    """A speaker or a named person or body in an article, at a position in its text. (A
    NamedTuple rather than a dataclass: every mention builds one, and this builds fast.)"""

    name: str
    key: str
    role: str
    person: bool
    start: int

    @property
    def words(self) -> frozenset[str]:
        """Words of key and role, to match descriptions ("the Russian diplomat") against.
        Not a cached_property: that takes a lock per instance, and _words is cached."""
        return _words(f"{self.key} {self.role}")


def entity(name: str, role: str, start: int, known: Iterable[Entity] = ()) -> Entity:
    """Build an entity; a bare surname takes the full name and role of a known person
    ("Lavrov" after "Russian Foreign Minister Sergey Lavrov")."""
    key = _key(name, role)
    earlier = next((e for e in known if e.key == key and e.person), None)
    if earlier and len(earlier.name) > len(name):
        return Entity(earlier.name, key, role or earlier.role, True, start)
    person = bool(name) and not is_organisation(name) and (
        earlier is not None or bool(role) or len(name.split()) > 1
        or (name[:1].isupper() and not name.isupper() and _bare(name) not in PLACES))
    return Entity(name, key, role, person, start)


@functools.lru_cache(maxsize=8192)  # pure; every mention of an entity asks again
def _words(text: str) -> frozenset[str]:
    """Content words of a name or description, countries normalised ("Russian" -> russia)."""
    return frozenset(DEMONYMS.get(w, w) for w in map(_bare, text.split()) if len(w) > 2)


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
            if named:
                spans.append((_modifiers_start(text, start), named.end()))
        else:
            left = _ORG_LEFT.search(text, max(0, start - 50), start)
            spans.append((left.start() if left else start, end))
    return _entities(text, spans)


def _entities(text: str, spans: list[tuple[int, int]]) -> list[Entity]:
    """Entities for mention spans; a repeated mention ("Mr. Obama") is split once."""
    seen: dict[str, Entity | None] = {}
    found = []
    for start, end in spans:
        mention = text[start:end]
        if mention not in seen:
            name, role = split_role(mention)
            if not name and is_organisation(mention):
                name = mention
            seen[mention] = entity(name, role, start) if name else None
        known = seen[mention]
        if known is not None:
            found.append(Entity(known.name, known.key, known.role, known.person, start))
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
    """Start of the words that qualify a title ("Russia's Deputy Foreign" + "Minister")."""
    for word in reversed(list(_WORD_SPAN.finditer(text, max(0, start - 60), start))):
        gap = text[word.end():start]
        if gap.strip() or not (word.group()[:1].isupper() or word.group() in TITLE_MODIFIERS):
            break
        start = word.start()
    return start


def _best_match(words: frozenset[str], candidates: list[Entity]) -> Entity | None:
    """The candidate sharing most words with a description, then named, then latest; None
    if none shares any. Latest first, and only a higher score replaces the best, so an
    earlier mention of the same entity (same words) never does: scoring it again is cheaper
    than a set of those already scored."""
    best, best_score = None, (0, False)
    for e in reversed(candidates):
        common = len(words & e.words)
        if common and (score := (common, e.name[:1].isupper())) > best_score:
            best, best_score = e, score
    return best


def resolve(mention: str, candidates: list[Entity]) -> Entity | None:
    """The earlier entity a pronoun or a definite description refers to: "he" -> the last
    person, "it" -> the last organisation, "the NATO chief" -> the last entity sharing a
    word with it, or the last person when only its title fits. Candidates are in order."""
    low = mention.lower().strip()
    if low in {"he", "she", "who", "him", "her"}:
        return next((e for e in reversed(candidates) if e.person), None)
    if low in {"it", "which"}:
        return next((e for e in reversed(candidates) if not e.person), None)
    if not low.startswith("the "):
        return None
    name, role = split_role(mention)
    if name and name[:1].isupper():
        return None
    best = _best_match(_words(role or name), candidates)
    if best is not None:
        return best
    if _bare(mention.split()[-1]) in PERSON_HEADS:
        return next((e for e in reversed(candidates) if e.person), None)
    return None


def speaker(text: str, source: tuple[int, int] | None, people: list[Entity]) -> Entity | None:
    """Who the source of a statement, at this span of the text, is: resolved from a pronoun
    or description where the text makes it clear ("he" -> the last person), else the name
    (or description) the text gives. `people` are the entities before it, in order."""
    if source is None:
        return None
    mention = _author(text[source[0]:source[1]])
    resolved = resolve(mention, people)
    if resolved is not None:
        return resolved
    name, role = split_role(mention)
    if not name and role:  # a description only: "officials", "the document"
        return entity(role, "", source[0])
    return entity(name, role, source[0], people) if name else None


def _author(mention: str) -> str:
    """"a statement issued by the ministry" -> "the ministry": the author speaks. The test
    for "by" and "from" spares most mentions the regex."""
    return _BY_AUTHOR.sub(r"\1", mention) if "by" in mention or "from" in mention else mention
