"""Topic queries: parse `Russia AND (NATO OR "security guarantees") -football` and match it
on text. The syntax users see is SYNTAX, shown by `newswatch search --help`.

Grammar (case-insensitive operators, AND is implied between adjacent terms):
    query := or ; or := and ("OR" and)* ; and := unary (["AND"] unary)*
    unary := ("NOT" | "-") unary | "(" or ")" | "phrase in quotes" | term | prefix*
Words match whole tokens, case-insensitively ("Russia" matches "Russia's" but not
"Russian"; write `Russia*` for every word starting with it). Pure; no I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from .models import Span
from .text import WORD
from .text import words as tokens

SYNTAX = """\
  word          matches the whole word, any case: Russia matches "Russia's", not "Russian"
  word*         every word starting with it: Russia* matches "Russian" too
  "two words"   the words side by side, in this order
  a b, a AND b  both
  a OR b        either
  -a, NOT a     not a (the query must still name something to look for)
  ( )           grouping: Russia (NATO OR "security guarantees") -football
  "NOT"         a word the syntax would take as an operator, searched as a word
NEAR and field:value are not supported: a query using them is refused with the reason."""

_LEXEME = re.compile(r'\s*(?:(?P<minus>-(?=[(\"\w]))|(?P<paren>[()])|"(?P<phrase>[^"]*)"'
                     r'|(?P<word>[^\s()"]+))')
_NEAR = re.compile(r"near/\d*", re.IGNORECASE)  # and "NEAR" in capitals
_INNER_STAR = re.compile(r"\*(?!$)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
MAX_NESTING = 50  # of brackets and NOTs; deeper would exhaust Python's recursion limit


class QueryError(ValueError):
    """The query text is not valid; the message says where."""


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Not:
    part: Query


@dataclass(frozen=True)
class All:
    parts: tuple[Query, ...]


@dataclass(frozen=True)
class Any_:
    parts: tuple[Query, ...]


Query = Term | Phrase | Not | All | Any_


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs; a "-" before a word, phrase or bracket is a NOT."""
    out, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        match = _LEXEME.match(text, pos)
        if not match:
            raise QueryError(f"unbalanced quote at character {pos + 1}; close the phrase "
                             'with a second "')
        kind = match.lastgroup or ""
        value = match[kind]
        if kind == "word":
            kind = _word_kind(value, match.start(kind) + 1)
        elif kind == "minus":
            kind = "NOT"
        out.append((kind, value))
        pos = match.end()
    return out


def _word_kind(word: str, at: int) -> str:
    """An operator's name, or "word"; words the syntax does not have are errors."""
    if word.upper() in ("AND", "OR", "NOT"):
        return word.upper()
    if word == "NEAR" or _NEAR.fullmatch(word):
        raise QueryError(f"{word!r} at character {at}: NEAR is not supported; use a "
                         '"phrase" or AND (write "near" in quotes to search the word)')
    if _INNER_STAR.search(word):
        raise QueryError(f"{word!r} at character {at}: '*' only works at the end of a word "
                         "(Russia*)")
    return "word"


class _Parser:
    """Recursive descent over the lexemes; small enough to read in one go."""

    def __init__(self, lexemes: list[tuple[str, str]]) -> None:
        self.lexemes = lexemes
        self.pos = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.lexemes[self.pos][0] if self.pos < len(self.lexemes) else None

    def take(self) -> tuple[str, str]:
        self.pos += 1
        return self.lexemes[self.pos - 1]

    def parse(self) -> Query:
        if not self.lexemes:
            raise QueryError("the query is empty")
        query = self.any_()
        if self.pos < len(self.lexemes):
            raise QueryError("a ')' without its '('; remove it or add the '('")
        return query

    def any_(self) -> Query:
        parts = [self.all_()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.all_())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def all_(self) -> Query:
        parts = [self.unary()]
        while self.peek() not in (None, "OR", "paren") or self._opens_group():
            if self.peek() == "AND":
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _opens_group(self) -> bool:
        return self.peek() == "paren" and self.lexemes[self.pos][1] == "("

    def unary(self) -> Query:
        kind, value = self.take() if self.peek() else ("end", "")
        if kind == "NOT":
            return Not(self._nested(self.unary))
        if kind == "paren" and value == "(":
            inner = self._nested(self.any_)
            if self.peek() != "paren" or self.take()[1] != ")":
                raise QueryError("a '(' is not closed")
            return inner
        if kind == "phrase":
            words = tuple(tokens(value))
            if not words:
                raise QueryError('an empty "phrase"')
            return Phrase(words) if len(words) > 1 else Term(words[0])
        if kind == "word":
            return _term(value)
        if kind == "end":
            raise QueryError(f"the query ends after {self._previous()!r}; add a word, a "
                             '"phrase" or a (group) after it')
        raise QueryError(f"{value!r} where a word, a \"phrase\" or a (group) should be; "
                         "put the word in quotes to search it")

    def _previous(self) -> str:
        return self.lexemes[self.pos - 1][1] if self.pos else ""

    def _nested(self, parse: Callable[[], Query]) -> Query:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QueryError(f"brackets and NOTs are nested more than {MAX_NESTING} deep")
        query = parse()
        self.depth -= 1
        return query


def _term(value: str) -> Query:
    prefix = value.endswith("*")
    words = tokens(value)
    if not words:
        hint = " (to exclude a word, write -word without a space)" if value == "-" else ""
        raise QueryError(f"{value!r} has no letters or digits; remove it{hint}")
    if len(words) > 1:  # "U.S." or "co-operation": match the words in sequence
        return Phrase(tuple(words))
    return Term(words[0], prefix)


def parse_query(text: str) -> Query:
    query = _Parser(_lex(text)).parse()
    if not positive_terms(query):
        raise QueryError("the query only excludes words; name at least one word to look for")
    return query


class TextIndex:
    """Tokens of a text, indexed once so that a query is evaluated without rescanning."""

    def __init__(self, text: str) -> None:
        self.words = tokens(text)
        self.vocabulary = set(self.words)

    @classmethod
    def of_words(cls, words: list[str]) -> TextIndex:
        """The index of a text whose `tokens` are `words` (read once for other uses too)."""
        index = cls.__new__(cls)
        index.words, index.vocabulary = words, set(words)
        return index

    def has_term(self, term: Term) -> bool:
        if term.prefix:
            return any(w.startswith(term.word) for w in self.vocabulary)
        return term.word in self.vocabulary

    def has_phrase(self, words: tuple[str, ...]) -> bool:
        if not set(words) <= self.vocabulary:
            return False
        n = len(words)
        return any(tuple(self.words[i:i + n]) == words for i in range(len(self.words) - n + 1))


def matches(query: Query, index: TextIndex) -> bool:
    match query:
        case Term():
            return index.has_term(query)
        case Phrase():
            return index.has_phrase(query.words)
        case Not():
            return not matches(query.part, index)
        case All():
            return all(matches(p, index) for p in query.parts)
        case Any_():
            return any(matches(p, index) for p in query.parts)
    raise TypeError(f"not a query: {query!r}")


def positive_terms(query: Query) -> list[Term | Phrase]:
    """The words and phrases the query asks for (not those under NOT)."""
    match query:
        case Term() | Phrase():
            return [query]
        case Not():
            return []
        case All() | Any_():
            return [t for p in query.parts for t in positive_terms(p)]
    raise TypeError(f"not a query: {query!r}")


def mentions_any(query: Query, text: str) -> bool:
    index = TextIndex(text)
    return any(index.has_term(t) if isinstance(t, Term) else index.has_phrase(t.words)
               for t in positive_terms(query))


def excerpt(query: Query, text: str, width: int = 150) -> str:
    """About `width` characters of `text` around the first word the query asks for, on
    one line: shows a search's user why an article matched (often not by its title)."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    words = [text[start:end].casefold() for start, end in spans]
    wanted = positive_terms(query)
    hit = next((i for i in range(len(words)) if any(_found_at(t, words, i) for t in wanted)),
               None)
    if hit is None:
        return ""
    start = max(spans[hit][0] - width // 3, 0)
    start = text.rfind(" ", 0, start) + 1 if start else 0  # at a word's start
    end = min(start + width, len(text))
    part = " ".join(text[start:end].split())
    return ("…" if start else "") + part + ("…" if end < len(text) else "")


def _found_at(term: Term | Phrase, words: list[str], i: int) -> bool:
    if isinstance(term, Phrase):
        return tuple(words[i:i + len(term.words)]) == term.words
    return words[i].startswith(term.word) if term.prefix else words[i] == term.word


def passage_around(text: str, span: Span) -> str:
    """The paragraphs holding `span`, with one paragraph of context on each side."""
    starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    first = bisect_right(starts, span.start) - 1
    last = bisect_right(starts, max(span.end - 1, span.start)) - 1
    end = starts[last + 2] if last + 2 < len(starts) else len(text)
    return text[starts[max(first - 1, 0)]:end]


def statement_on_topic(query: Query, article_text: str, content: str, span: Span) -> bool:
    """A statement is on the topic when it, or the passage it stands in, names the topic."""
    return mentions_any(query, content) or mentions_any(query, passage_around(article_text, span))


def to_fts(query: Query) -> str:
    """Render the query in SQLite FTS5 syntax, to search the stored archive."""
    match query:
        case Term():
            return f'"{query.word}"' + ("*" if query.prefix else "")
        case Phrase():
            return '"' + " ".join(query.words) + '"'
        case Not():
            return f"NOT {to_fts(query.part)}"
        case All():
            return _fts_all(query.parts)
        case Any_():
            return "(" + " OR ".join(to_fts(p) for p in query.parts) + ")"
    raise TypeError(f"not a query: {query!r}")


def to_tsquery(query: Query) -> str:
    """Render the query in PostgreSQL's tsquery syntax (for `to_tsquery('simple', ...)`),
    to search the archive in PostgreSQL: quoted lexemes (words are letters and digits
    only), phrases as words in sequence (<->), a prefix as :*."""
    match query:
        case Term():
            return f"'{query.word}'" + (":*" if query.prefix else "")
        case Phrase():
            return "(" + " <-> ".join(f"'{word}'" for word in query.words) + ")"
        case Not():
            return f"!{to_tsquery(query.part)}"
        case All():
            return "(" + " & ".join(to_tsquery(p) for p in query.parts) + ")"
        case Any_():
            return "(" + " | ".join(to_tsquery(p) for p in query.parts) + ")"
    raise TypeError(f"not a query: {query!r}")


def _fts_all(parts: tuple[Query, ...]) -> str:
    """FTS5's NOT is binary (a NOT b), so negations follow the positive parts."""
    positive = [to_fts(p) for p in parts if not isinstance(p, Not)]
    negative = [to_fts(p.part) for p in parts if isinstance(p, Not)]
    text = "(" + " AND ".join(positive) + ")" if positive else ""
    for neg in negative:
        text = f"{text} NOT {neg}" if text else f"NOT {neg}"
    return text
