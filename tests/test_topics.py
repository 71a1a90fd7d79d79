"""Topic queries: parsing, matching, statement relevance, FTS rendering."""

import sqlite3

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.dedupe import words
from pipeline.models import Span
from pipeline.topics import (
    QueryError,
    TextIndex,
    excerpt,
    matches,
    parse_query,
    passage_around,
    statement_on_topic,
    to_fts,
)

SEED_QUERY = 'Russia AND (NATO OR "security guarantees")'


@pytest.mark.parametrize("text, expected", [
    ("Russia’s demands on NATO", True),  # possessive with a curly apostrophe
    ("Russia wants legally binding Security Guarantees", True),
    ("Russian troops near NATO borders", False),  # whole words only
    ("Russia and the security of guarantees", False),  # phrase words must be adjacent
    ("NATO summit in Madrid", False),
])
def test_seed_query(text, expected):
    assert matches(parse_query(SEED_QUERY), TextIndex(text)) is expected


@given(st.text(), st.text())
@example("Russia’s NATO", "ÉTATS-UNIS: straße\nİstanbul ﬁnance")
def test_an_index_of_the_words_the_cycle_read_is_the_index_of_the_text(title, text):
    """A worker reads an article's words once, for its duplicate keys and its topics."""
    read = TextIndex.of_words([*words(title), *words(text)])
    index = TextIndex(f"{title}\n{text}")
    assert (read.words, read.vocabulary) == (index.words, index.vocabulary)


@pytest.mark.parametrize("query, text, expected", [
    ("russia nato", "NATO and Russia", True),  # implicit AND, any order
    ("Russia NOT football", "Russia football match", False),
    ("Russia NOT football", "Russia talks", True),
    ("Russia*", "Russian diplomats", True),
    ("sanction* OR embargo", "new embargo", True),
    ("(a OR b) (c OR d)", "b d", True),
    ("(a OR b) (c OR d)", "a b", False),
    ("U.S.", "the U.S. reply", True),
    ('"legally binding"', "legally-binding guarantees", True),
    ("cup -football", "World Cup football final", False),  # Google's minus: NOT
    ("cup -football", "Davis Cup tennis", True),
    ('Russia -"world cup"', "Russia hosts the World Cup", False),
    ("Russia -(football OR hockey)", "Russia hockey league", False),
    ("co-operation", "co operation agreement", True),  # a hyphen inside a word is no NOT
    ('"near" east', "the Near East", True),
])
def test_operators(query, text, expected):
    assert matches(parse_query(query), TextIndex(text)) is expected


@pytest.mark.parametrize("query", ["", "(", "a OR", '"open', "NOT a", "a )", "AND", '""'])
def test_invalid_queries(query):
    with pytest.raises(QueryError):
        parse_query(query)


@pytest.mark.parametrize("query, words", [
    ("Lavrov NOT", "the query ends after 'NOT'; add a word"),
    ("Lavrov -", "write -word without a space"),
    ("Lavrov NEAR Blinken", "'NEAR' at character 8: NEAR is not supported"),
    ("Lavrov NEAR/5 Blinken", "NEAR is not supported"),
    ("Lav*rov", "'*' only works at the end of a word"),
    ("Lavrov)", "a ')' without its '('"),
    ('"Lavrov', 'unbalanced quote at character 1; close the phrase with a second "'),
    ("-Lavrov", "the query only excludes words"),
])
def test_what_is_not_understood_is_one_clear_line(query, words):
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_the_excerpt_shows_the_match_in_the_text():
    text = "Opening words. " * 30 + "Then Lavrov spoke about the talks at length. " + "x " * 200
    shown = excerpt(parse_query("lavrov OR nobody"), text)
    assert "Then Lavrov spoke about the talks" in shown
    assert shown.startswith("…") and shown.endswith("…") and len(shown) < 170
    assert excerpt(parse_query("absent"), text) == ""


def test_passage_is_the_paragraph_and_its_neighbours():
    text = "p0 zero\n\np1 one\n\np2 two\n\np3 three\n\np4 four"
    start = text.index("two")
    assert passage_around(text, Span(start, start + 3)) == "p1 one\n\np2 two\n\np3 three\n\n"
    assert passage_around(text, Span(0, 2)).startswith("p0 zero\n\np1 one")


def test_statement_relevance():
    query = parse_query(SEED_QUERY)
    text = ("Talks on security guarantees stalled.\n\n\"We are ready,\" Lavrov said.\n\n"
            + "Filler paragraph.\n\n" * 3
            + "\"The weather was lovely,\" the mayor said.")
    ready = text.index("We are")
    mayor = text.index("The weather")
    assert statement_on_topic(query, text, "We are ready", Span(ready, ready + 12))
    assert not statement_on_topic(query, text, "The weather was lovely",
                                  Span(mayor, mayor + 22))
    assert statement_on_topic(query, text, "NATO must stop expanding", Span(mayor, mayor + 5))


def test_fts_rendering_runs_in_sqlite():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.executemany("INSERT INTO t VALUES (?)", [("Russia wants security guarantees",),
                                                 ("Russia and NATO talk",),
                                                 ("Russia football news",),
                                                 ("NATO summit",)])
    query = parse_query(SEED_QUERY + " NOT football")
    rows = db.execute("SELECT body FROM t WHERE t MATCH ?", [to_fts(query)]).fetchall()
    assert sorted(r[0] for r in rows) == ["Russia and NATO talk",
                                          "Russia wants security guarantees"]
