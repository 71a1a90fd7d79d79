"""Topic queries: parse `Russia AND (NATO OR "security guarantees")` and match it on text.

Grammar (case-insensitive operators, AND is implied between adjacent terms):
    query := or ; or := and ("OR" and)* ; and := unary (["AND"] unary)*
    unary := "NOT" unary | "(" or ")" | "phrase in quotes" | term | prefix*
Words match whole tokens, case-insensitively ("Russia" matches "Russia's" but not
"Russian"; write `Russia*` for every word starting with it). Pure; no I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from .models import Span

_TOKEN = re.compile(r"\w+")
_LEXEME = re.compile(r'\s*(?:(?P<paren>[()])|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+))')
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


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def _lex(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        match = _LEXEME.match(text, pos)
        if not match:
            raise QueryError(f"unbalanced quote at character {pos + 1}")
        pos = match.end()
        kind = match.lastgroup or ""
        value = match[kind]
        if kind == "word" and value.upper() in ("AND", "OR", "NOT"):
            kind = value.upper()
        out.append((kind, value))
    return out


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
            raise QueryError(f"unexpected {self.lexemes[self.pos][1]!r}")
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
        raise QueryError(f"expected a word, phrase or '(' but found {value or 'the end'!r}")

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
        raise QueryError(f"{value!r} has no letters or digits")
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
