"""Canonical URLs and near-copy detection."""

import pytest

from pipeline.dedupe import is_near_copy, shingles, text_fingerprint
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
