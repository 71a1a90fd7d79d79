"""What a response is and what a page offers: the pure half of source discovery."""

from __future__ import annotations

import gzip

import pytest

from pipeline.crawl.discover import (
    detect_kind,
    feed_paths,
    feed_title,
    no_links_reason,
    page_hints,
    robots_sitemaps,
)
from tests.conftest import rss


@pytest.mark.parametrize("body, kind", [
    (rss(("A", "https://a.example/1")).encode(), "feed"),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n'
     b'<?xml-stylesheet href="/rss.xsl"?><rss version="2.0"><channel/></rss>', "feed"),
    ('<?xml version="1.0" encoding="UTF-16"?><feed xmlns="http://www.w3.org/2005/Atom"/>'
     .encode("utf-16"), "feed"),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "feed"),
    (b'<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss/>', "feed"),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "sitemap"),
    (b"<sitemapindex/>", "sitemap"),
    (gzip.compress(b"<urlset/>"), "sitemap"),
    (b"<!doctype html><html><head><title>x</title></head></html>", "listing"),
    (b"   <div>a fragment</div>", "listing"),
    (b"", "listing"),
])
def test_kind_comes_from_the_document_not_its_content_type(body, kind):
    assert detect_kind(body) == kind


def test_page_hints_list_feeds_in_page_order_comment_feeds_last():
    html = ('<html><head><title>World | Alpha</title>'
            '<link rel="alternate" type="application/rss+xml" title="Comments Feed" '
            'href="/comments/feed/">'
            '<link rel="alternate" type="application/atom+xml" href="/world/atom">'
            '<link rel="alternate" type="application/rss+xml; charset=utf-8" href="rss">'
            '<link rel="alternate" type="text/html" hreflang="de" href="/de/">'
            '<link rel="stylesheet" type="application/rss+xml" href="/not-a-feed">'
            "</head><body></body></html>")
    hints = page_hints(html, "https://alpha.example/world/")
    assert hints.feeds == ("https://alpha.example/world/atom",
                           "https://alpha.example/world/rss",
                           "https://alpha.example/comments/feed/")
    assert hints.name == "World | Alpha"
    site = '<meta property="og:site_name" content="Alpha News"><title>World</title>'
    assert page_hints(site, "https://alpha.example/").name == "Alpha News"


def test_robots_sitemaps_any_case_news_first_relative_resolved():
    robots = ("User-agent: *\nDisallow: /search\n\nSitemap: https://a.example/sitemap.xml\n"
              "SITEMAP: /news-sitemap.xml # last 48 hours\nsitemap:\n"
              "Sitemap: https://a.example/sitemap.xml\n")
    assert robots_sitemaps(robots, "https://a.example") == [
        "https://a.example/news-sitemap.xml", "https://a.example/sitemap.xml"]


def test_feed_paths_below_the_section_then_at_the_root():
    paths = feed_paths("https://a.example/news/world?page=2")
    assert paths[:3] == ["https://a.example/news/world/feed", "https://a.example/news/world/rss",
                         "https://a.example/news/world/rss.xml"]
    assert "https://a.example/feeds/all.atom.xml" in paths
    assert paths.index("https://a.example/feed") > paths.index(
        "https://a.example/news/world/index.xml")
    assert feed_paths("https://a.example")[0] == "https://a.example/feed"
    assert feed_paths("https://a.example/world/index.html")[0] == "https://a.example/world/feed"
    assert len(feed_paths("https://a.example/")) == len(set(feed_paths("https://a.example/")))


def test_feed_title_is_the_channels_not_an_items():
    assert feed_title(rss(("Item title", "https://a.example/1")).encode()) == ""
    channel = b"<rss><channel><title> Alpha\n World </title><item><title>x</title></item>"
    assert feed_title(channel + b"</channel></rss>") == "Alpha World"
    assert feed_title(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Beta</title></feed>'
                      ) == "Beta"
    assert feed_title(b"not xml") == ""


def test_no_links_reason_says_what_to_change():
    assert no_links_reason("feed", "listing", None) == (
        'kind = "feed" but the address gives a web page; set kind = "listing" or leave kind '
        "out to have it detected")
    assert no_links_reason("listing", "listing", "h3 a") == (
        "links = 'h3 a' matched no link on the page; check the selector")
    assert no_links_reason(None, "sitemap", None) == "the sitemap lists no article"
