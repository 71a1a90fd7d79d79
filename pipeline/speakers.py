"""Speaker names -> one identity per real speaker, with the title kept apart as a role.

People are keyed by their surname, folded across transliterations ("Sergei"/"Sergey",
"Gruško"/"Grushko"), so every mention of a person after the first ("Lavrov") finds the
same key. Organisations are keyed by their whole name with countries normalised, so
"the Russian Foreign Ministry" and "Russia's Foreign Ministry" are one speaker.
"""

from __future__ import annotations

import re
import unicodedata

from .attribution_lexicon import DEMONYMS, ORG_WORDS, PERSON_PRONOUNS, ROLE_WORDS, THING_PRONOUNS

_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir"})
_AFFILIATION = frozenset({"for", "of", "at", "from"})
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "bin", "al", "la", "le", "di"})
# Slavic letters with a conventional two-letter English spelling.
_TRANSLIT = str.maketrans({"š": "sh", "č": "ch", "ž": "zh", "ć": "ch", "ś": "sh", "ł": "l",
                           "ß": "ss", "ø": "o", "đ": "dj"})
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_POSSESSIVE = re.compile(r"[’']s?$")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")


def _bare(token: str) -> str:
    """Lower-case token without possessive ending or edge punctuation."""
    return _POSSESSIVE.sub("", token.lower().strip(",;:\"“”‘’()"))


def _is_name_token(token: str) -> bool:
    """A capitalised word that is not a title (names, initials, acronyms)."""
    bare = _bare(token)
    return bool(token[:1].isupper() and bare not in ROLE_WORDS and bare not in _DETERMINERS)


def _strip_determiners(tokens: list[str]) -> list[str]:
    while tokens and _bare(tokens[0]) in _DETERMINERS:
        tokens = tokens[1:]
    return tokens


def is_organisation(name: str) -> bool:
    """True for names headed by an organisation word ("Foreign Ministry", "the Kremlin")."""
    tokens = name.split()
    return bool(tokens) and _bare(tokens[-1]) in ORG_WORDS


def _split_affiliated(tokens: list[str]) -> tuple[str, str] | None:
    """("spokesman for the Kremlin") -> ("Kremlin", "spokesman"): a description of someone
    speaking for a named body keeps the body as the name."""
    for i in range(1, len(tokens) - 1):
        if _bare(tokens[i]) in _AFFILIATION and tokens[0][:1].islower():
            body = _strip_determiners(tokens[i + 1:])
            if body and all(_is_name_token(t) or _bare(t) in ORG_WORDS for t in body):
                return " ".join(body), " ".join(tokens[:i])
    return None


def _split_tokens(tokens: list[str]) -> tuple[str, str]:
    """Split one comma-free mention: the trailing run of name words is the name, provided a
    title, not some other word ("ambassador to Russia"), stands before it."""
    tokens = _strip_determiners(tokens)
    if not tokens or (len(tokens) == 1 and _bare(tokens[0]) in PERSON_PRONOUNS | THING_PRONOUNS):
        return "", ""
    affiliated = _split_affiliated(tokens)
    if affiliated:
        return affiliated
    if is_organisation(" ".join(tokens)):
        return " ".join(tokens), ""
    cut = len(tokens)
    while cut > 0 and (_is_name_token(tokens[cut - 1]) or (
            cut < len(tokens) and _bare(tokens[cut - 1]) in _NAME_PARTICLES)):
        cut -= 1
    name, role = tokens[cut:], tokens[:cut]
    if role and (_bare(role[-1]) not in ROLE_WORDS or role[-1][:1].islower()
                 and _bare(role[-1]) in _AFFILIATION):
        return "", " ".join(tokens)
    role = [t for t in role if _bare(t) not in _HONORIFICS]
    return " ".join(name), " ".join(role).strip(" ,.")


def split_role(mention: str) -> tuple[str, str]:
    """("Russian Foreign Minister Sergey Lavrov") -> ("Sergey Lavrov", "Russian Foreign Minister").

    Appositions ("John Sullivan, the U.S. ambassador") keep the part holding a name as the
    name and the rest as the role. A mention without a name gives ("", description); a
    bare pronoun gives ("", "").
    """
    mention = _PARENTHETICAL.sub("", mention).strip(" ,;:\n")
    parts = [p.split() for p in mention.split(",") if p.strip()]
    splits = [_split_tokens(p) for p in parts]
    named = [i for i, (name, _) in enumerate(splits) if name]
    if not named:
        return "", ", ".join(role for _, role in splits if role)
    first = named[0]
    name, role = splits[first]
    rest = [" ".join(_strip_determiners(p)) for i, p in enumerate(parts) if i != first]
    return name, ", ".join(r for r in [role, *rest] if r)


def _fold(word: str) -> str:
    """ASCII, lower-case, transliteration-folded spelling of a word or name."""
    word = word.lower().translate(_TRANSLIT)
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    word = _NON_ALNUM.sub("", word.replace("-", " "))
    return word.replace("ey", "ei").replace("iy", "i")


def _org_key(name: str) -> str:
    words = [_bare(t) for t in _strip_determiners(name.split())]
    words = [DEMONYMS.get(w, w) for w in words if w]
    return " ".join(_fold(w) for w in words).strip()


def speaker_key(name: str) -> str:
    """Identity shared by all spellings of one speaker: a person's folded surname, or an
    organisation's normalised name. "" when the mention names nobody (a bare pronoun)."""
    person, role = split_role(name)
    if not person:
        return _org_key(role) if role else ""
    if is_organisation(person) or len(person.split()) > 5:
        return _org_key(person)
    tokens = [t for t in person.split() if _bare(t) not in _NAME_SUFFIXES]
    return _fold(tokens[-1]) if tokens else ""
