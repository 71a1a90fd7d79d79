"""Canonical URLs and near-copy detection."""

import pytest

from pipeline.dedupe import (
    MIN_SHINGLES,
    SAMPLE,
    is_near_copy,
    may_be_near_copy,
    sample,
    shingles,
    text_fingerprint,
    unpacked,
)
from pipeline.urls import canonical_url
from tests.conftest import seed_text


@pytest.mark.parametrize("url, expected", [
    ("HTTPS://News.Example.org:443/a?utm_source=rss&utm_medium=feed#top",
     "https://news.example.org/a"),
    ("http://news.example.org:80/a?b=2&a=1&fbclid=xyz&gclid=1", "http://news.example.org/a?a=1&b=2"),
    ("https://news.example.org", "https://news.example.org/"),
    ("https://news.example.org:8443/a?id=7", "https://news.example.org:8443/a?id=7"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_relative_urls_resolve_against_the_page():
    assert canonical_url("../b?ref=rss", "https://x.example/news/a/") == "https://x.example/news/b"


def test_fingerprint_ignores_spacing_case_and_punctuation():
    assert text_fingerprint("The  ministry said: “No.”") == text_fingerprint("the ministry said no")
    assert text_fingerprint("the ministry said no") != text_fingerprint("the ministry said yes")


def test_syndicated_copy_with_page_furniture_is_a_near_copy():
    wire = seed_text(3)
    copy = "By IANS\n\n" + wire + "\n\nThis story is from a syndicated wire feed. Sign up now."
    assert is_near_copy(shingles(wire), shingles(copy))


def test_different_articles_on_the_same_topic_are_not_near_copies():
    assert not is_near_copy(shingles(seed_text(0)), shingles(seed_text(1)))
    assert not is_near_copy(shingles(seed_text(3)), shingles(seed_text(4)))


def test_short_texts_are_never_near_copies():
    assert not is_near_copy(shingles("Leave a comment"), shingles("Leave a comment"))


def test_articles_written_from_one_template_are_not_copies():
    lead = ("Officials spoke about security guarantees for Russia and NATO on the third day of "
            "talks in Geneva, where delegations discussed ")
    a = lead + "missile verification, airspace hotlines and a buffer along the border. " * 2
    b = lead + "troop withdrawal, sanctions relief and observer missions in the east. " * 2
    assert not is_near_copy(shingles(a), shingles(b))


def ruled_in(new: str, stored: str) -> bool:
    """may_be_near_copy as the store asks it, the stored text known by its sample only."""
    stored_shingles = shingles(stored)
    return may_be_near_copy(shingles(new), len(stored_shingles),
                            unpacked(sample(stored_shingles)))


def edits(text: str) -> list[str]:
    """A syndicated copy's usual edits, alone and together."""
    paragraphs = text.split("\n\n")
    changed = "\n\n".join([*paragraphs[:-1], "A different closing sentence was written."])
    tagged = "NEW DELHI (IANS)\n\n" + text + "\n\nDistributed by the wire agency."
    trimmed = "\n\n".join(paragraphs[: max(1, len(paragraphs) * 3 // 4)])
    return [text, changed, tagged, trimmed, "Another headline\n\n" + changed + "\n\nAgency."]


@pytest.mark.parametrize("seed", range(5))
def test_a_near_copy_is_never_ruled_out_by_the_stored_texts_sample(seed):
    original = seed_text(seed)
    for copy in edits(original):
        for new, stored in ((copy, original), (original, copy)):
            assert is_near_copy(shingles(new), shingles(stored))
            assert ruled_in(new, stored)


def test_texts_sharing_only_a_long_quotation_are_ruled_out_by_the_sample():
    quote = ("The minister said that the talks had been constructive and that both sides "
             "had agreed to meet again next month to discuss the remaining questions. ")
    a, b = seed_text(0) + "\n\n" + quote, seed_text(1) + "\n\n" + quote
    assert shingles(a) & shingles(b)
    assert not ruled_in(a, b) and not ruled_in(b, a)


def test_a_short_stored_text_is_its_own_sample():
    short = ("Officials said the border crossing would reopen on Monday after repairs to the "
             "bridge, which was damaged by floods last week, and that lorries would be "
             "checked at a new inspection site north of the town.")
    assert MIN_SHINGLES <= len(shingles(short)) <= SAMPLE
    assert ruled_in(short, short)
    assert not ruled_in(short, short.replace("would", "will").replace("the", "a"))
