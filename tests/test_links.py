"""Discovery: feeds, listing pages and sitemaps -> article links."""

import gzip
from pathlib import Path

from pipeline.crawl.links import feed_links, listing_links, parse_sitemap

BASE = "https://news.example.org/feed.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title>
<item><title>First story</title><link>https://news.example.org/a?utm_source=rss</link>
  <pubDate>Fri, 18 Feb 2022 06:50:00 +0000</pubDate><guid>id-1</guid></item>
<item><title>Local file</title><link>file:///etc/passwd</link></item>
<item><title>Script</title><link>javascript:alert(1)</link></item>
<item><title>Relative</title><link>/b</link></item>
<item><title>Permalink guid only</title><guid isPermaLink="true">https://news.example.org/c</guid></item>
<item><title>Duplicate of first</title><link>https://news.example.org/a#comments</link></item>
<item><title>No link at all</title></item>
</channel></rss>"""


def test_rss_links_are_canonical_http_and_unique():
    links = feed_links(RSS, BASE)
    assert [link.url for link in links] == ["https://news.example.org/a",
                                            "https://news.example.org/b",
                                            "https://news.example.org/c"]
    assert links[0].title == "First story"
    assert links[0].published == "2022-02-18T06:50:00Z"


def test_atom_feed():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>One</title><link rel="alternate" href="https://news.example.org/one"/>
    <id>tag:x,2022:1</id><updated>2022-01-29T10:00:00Z</updated></entry></feed>"""
    [link] = feed_links(atom, BASE)
    assert (link.url, link.title, link.published) == ("https://news.example.org/one", "One",
                                                      "2022-01-29T10:00:00Z")


def test_feed_entities_never_read_local_files():
    xxe = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>
    <rss version="2.0"><channel><item><title>&x;</title>
    <link>https://news.example.org/x</link></item></channel></rss>"""
    hostname = Path("/etc/hostname").read_text().strip()
    links = feed_links(xxe, BASE)
    assert all(hostname not in link.title for link in links)


def test_garbage_feed_gives_no_links():
    assert feed_links(b"\x00\xff not a feed <<<", BASE) == []
    assert feed_links(b"", BASE) == []


LISTING = """<html><body>
<nav><a href="/">Home</a> <a href="/category/world/">World</a> <a href="/about/">About</a></nav>
<main>
<h3><a href="/2022/02/18/russia-sees-us-reply-unsatisfactory">Russia sees US reply to its
security concerns as unsatisfactory</a></h3>
<h3><a href="/news/12345">Short</a></h3>
<h3><a href="https://other.example.com/2022/02/18/a-long-story-about-something-else">Another
site's long story about something else</a></h3>
<a href="/tag/nato/">NATO</a>
<a href="/world/eu-rejects-russia-security-demands?utm_campaign=x">EU rejects demands</a>
</main></body></html>"""


def test_listing_heuristic_keeps_same_site_headlines():
    urls = [link.url for link in listing_links(LISTING, "https://news.example.org/world/")]
    assert urls == [
        "https://news.example.org/2022/02/18/russia-sees-us-reply-unsatisfactory",
        "https://news.example.org/news/12345",
        "https://news.example.org/world/eu-rejects-russia-security-demands",
    ]


def test_listing_selector_takes_exactly_what_it_picks():
    links = listing_links(LISTING, "https://news.example.org/world/", "h3 a")
    assert len(links) == 3
    assert links[2].url.startswith("https://other.example.com/")


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.org/old</loc><lastmod>2022-01-01</lastmod></url>
<url><loc>https://news.example.org/new</loc><news:news>
  <news:publication_date>2022-02-18T06:50:00+00:00</news:publication_date>
  <news:title>New story</news:title></news:news></url>
<url><loc>gopher://news.example.org/x</loc></url>
</urlset>"""


def test_news_sitemap():
    sitemap = parse_sitemap(SITEMAP, "https://news.example.org/sitemap.xml")
    assert [link.url for link in sitemap.links] == ["https://news.example.org/old",
                                                    "https://news.example.org/new"]
    assert sitemap.links[1].title == "New story"
    assert sitemap.children == ()


def test_gzipped_sitemap_index():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://news.example.org/s1.xml</loc></sitemap>
    <sitemap><loc>https://news.example.org/s2.xml.gz</loc></sitemap></sitemapindex>"""
    sitemap = parse_sitemap(gzip.compress(index), "https://news.example.org/sitemap.xml.gz")
    assert sitemap.children == ("https://news.example.org/s1.xml",
                                "https://news.example.org/s2.xml.gz")


def test_sitemap_entities_are_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
    <!ENTITY f SYSTEM "file:///etc/hostname">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://news.example.org/&c;&f;</loc></url></urlset>"""
    sitemap = parse_sitemap(bomb, "https://news.example.org/sitemap.xml")
    assert all(len(link.url) < 100 for link in sitemap.links)
    assert parse_sitemap(b"<urlset><url><loc>", "https://x.example/") .links == ()
