"""Hypothesis-driven bad input: hostile or broken feeds, pages, sitemaps, config and page text.

Every property is what a user would check: the cycle survives (nothing raises but the
documented error), text is valid, links are http(s) and stable, nothing is read from
disk or the network because a document says so, nothing expands without bound, the
digest cannot carry markup or mail headers from a page, and config mistakes name the
file and the key.
"""

from __future__ import annotations

import codecs
import copy
import email
import gzip
import math
import re
import socket
import string
import time
import unicodedata
import zlib
from datetime import UTC, datetime, timedelta
from email import policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

import pytest
from apscheduler.triggers.cron import CronTrigger
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.config import Config, load_config, parse_config
from pipeline.crawl.decode import decode_body
from pipeline.crawl.links import feed_links, listing_links, parse_sitemap
from pipeline.deliver import SUBJECT_LIMIT, build_email
from pipeline.digest import render_digest
from pipeline.errors import ConfigError
from pipeline.extract.article import extract_article
from pipeline.models import DigestItem, Link, Mention
from pipeline.store import StoredDigest
from pipeline.text import one_line, printable
from pipeline.topics import QueryError, TextIndex, matches, parse_query, to_fts
from pipeline.urls import canonical_url

settings.register_profile(
    "bad_input", max_examples=60, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])
BAD_INPUT = settings.get_profile("bad_input")


def examples(n: int) -> settings:
    return settings(BAD_INPUT, max_examples=n)


BASE = "https://news.example.org/feed.xml"
ISO_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

# --- building blocks ---------------------------------------------------------------------

HOSTILE_PIECES = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "' onclick='steal()' x='",
    "<a href=\"javascript:alert(1)\">x</a>", "javascript:alert(1)", "<svg/onload=alert(1)>",
    "\r\nBcc: victim@example.org", "\nSubject: spoofed", "\r", "\n", "\x00", "\x0b", "\x1b[31m",
    "\u2028", "\u2029", "\x85", "\ufeff", "=?utf-8?q?=0D=0ABcc:_victim@example.org?=",
    "=?utf-8?b?DQpCY2M6IHZpY3RpbUBleGFtcGxlLm9yZw==?=", "</blockquote>", "</title>", "<!--",
    "-->", "]]>", "<![CDATA[", "&amp;", "&lt;", "&#0;", "&#x0;", "&nosuchentity;", "—", "“",
    "”", "\t", " ", "Лавров", "日本語", "Ã©", "ï»¿",
]
_pieces = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=12)),
                   max_size=6)
hostile_text = _pieces.map("".join) | _pieces.map(" ".join)

SAFE_LINKS = st.builds(
    "https://{}/{}".format,
    st.sampled_from(["news.example.org", "www.news.example.org", "other.example.com"]),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,24}", fullmatch=True))
DROPPED_LINKS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                 "file:///etc/passwd", "ftp://news.example.org/x", "mailto:a@example.org",
                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "gopher://x/"]
ODD_LINKS = [
    *DROPPED_LINKS, "java\tscript:alert(1)", "//evil.example/x", "/relative/path", "relative",
    "", " ", "https://", "http:///x", "https://[::1", "http://news.example.org:99999/",
    "https://news.example.org/a b", "https://news.example.org/\r\nX-Evil: 1",
    "https://news.example.org/\x01x\x7f", "https://news.example.org/\u3000x\u00a0",
    "https://user:pw@news.example.org/x", "HTTPS://NEWS.EXAMPLE.ORG./X?utm_source=rss#c",
    "\x00https://news.example.org/nul", "https://news.example.org/%00%0d%0a",
    "https://news.example.org/?q=a b&r=\u00e9", "https://xn--80ak6aa92e.example/",
    "https://новости.example/статья",
]
links = st.one_of(SAFE_LINKS, st.sampled_from(ODD_LINKS), st.text(max_size=30))
DATES = ["Fri, 18 Feb 2022 06:50:00 +0000", "Fri, 31 Dec 9999 23:59:59 +0000",
         "Sat, 01 Jan 2101 00:00:00 GMT", "2099-01-01T00:00:00Z", "not a date", "",
         "Thu, 01 Jan 1970 00:00:00 +0000", "Mon, 32 Foo 2022 25:61:61 +9999", "0000-00-00",
         "99999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "2022-02-30T10:00:00+25:00"]


def xml_field(tag: str, value: str, mode: str, attrs: str = "") -> str:
    if mode == "escape":
        inner = escape(value)
    elif mode == "cdata":
        inner = f"<![CDATA[{value}]]>"
    else:  # raw: often not well-formed, as real feeds are
        inner = value
    return f"<{tag}{attrs}>{inner}</{tag}>"


modes = st.sampled_from(["escape", "escape", "cdata", "raw"])


@st.composite
def feed_entries(draw) -> list[dict]:
    guids = draw(st.lists(st.text(max_size=10), min_size=1, max_size=3))  # reused on purpose
    entry = st.fixed_dictionaries({}, optional={
        "title": hostile_text, "link": links, "guid": st.sampled_from(guids),
        "permalink": st.booleans(), "date": st.sampled_from(DATES) | st.text(max_size=20),
        "body": hostile_text})
    return draw(st.lists(entry, max_size=6))


def rss(entries: list[dict], mode_of) -> str:
    items = []
    for e in entries:
        parts = [xml_field("title", e["title"], mode_of()) if "title" in e else "",
                 xml_field("link", e["link"], mode_of()) if "link" in e else "",
                 xml_field("guid", e["guid"], mode_of(),
                           f' isPermaLink="{str(e.get("permalink", False)).lower()}"')
                 if "guid" in e else "",
                 xml_field("pubDate", e["date"], mode_of()) if "date" in e else "",
                 xml_field("description", e["body"], mode_of()) if "body" in e else ""]
        items.append("<item>" + "".join(parts) + "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>News</title><link>https://news.example.org/</link>{''.join(items)}"
            "</channel></rss>")


def atom(entries: list[dict], mode_of) -> str:
    items = []
    for e in entries:
        parts = [xml_field("title", e["title"], mode_of()) if "title" in e else "",
                 f"<link rel=\"alternate\" href={quoteattr(e['link'])}/>" if "link" in e else "",
                 xml_field("id", e["guid"], mode_of()) if "guid" in e else "",
                 xml_field("updated", e["date"], mode_of()) if "date" in e else "",
                 xml_field("content", e["body"], mode_of(), ' type="html"') if "body" in e
                 else ""]
        items.append("<entry>" + "".join(parts) + "</entry>")
    return ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{''.join(items)}</feed>")


@st.composite
def damaged(draw, document: str) -> bytes:
    """The document in some encoding, maybe with a BOM, NULs, garbage or cut short."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1251",
                                     "latin-1"]))
    body = document.encode(encoding, errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(body)))
        body = body[:cut]
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(max_size=20)) + body[at:]
    return body


@st.composite
def hostile_feeds(draw) -> bytes:
    kind = draw(st.sampled_from([rss, atom]))
    return draw(damaged(kind(draw(feed_entries()), lambda: draw(modes))))


def is_clean_url(url: str) -> bool:
    return not any(c.isspace() or unicodedata.category(c) in ("Cc", "Cs") for c in url)


def check_links(found: list[Link], body_size: int) -> None:
    """What a user checks in a list of discovered links."""
    urls = [link.url for link in found]
    assert len(urls) == len(set(urls)), urls  # each article once
    for link in found:
        parts = urlsplit(link.url)
        assert parts.scheme in ("http", "https") and parts.hostname, link.url
        assert is_clean_url(link.url), link.url  # no raw spaces or control characters
        assert canonical_url(link.url) == link.url, link.url  # a stable dedup key
        assert not set("\r\n\x00") & set(link.title), link.title
        for value in (link.url, link.title, link.published or ""):
            assert len(value) <= 10 * body_size + 200, len(value)  # no expansion


# --- decoding ----------------------------------------------------------------------------

CHARSETS = ["utf-8", "UTF8", "iso-8859-1", "latin1", "windows-1252", "cp1251", "koi8-r",
            "shift_jis", "euc-jp", "gb2312", "big5", "utf-16", "utf-16-be", "utf-32",
            "utf-7", "x-unknown", "", "hex", "zlib", "base64", "rot13", "unicode_escape",
            "raw_unicode_escape", "undefined", "idna", "punycode", "uu", "quopri", "bz2",
            "mbcs", "ascii"]
content_types = st.one_of(
    st.sampled_from(CHARSETS).map("text/html; charset={}".format),
    st.sampled_from(CHARSETS).map('application/rss+xml;charset="{}"'.format),
    st.text(max_size=40), st.just(""))
bodies = st.one_of(
    st.binary(max_size=600),
    st.tuples(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                               codecs.BOM_UTF32_LE, b""]), st.binary(max_size=300))
    .map(b"".join),
    st.tuples(st.sampled_from(CHARSETS), st.binary(max_size=300)).map(
        lambda t: f'<html><head><meta charset="{t[0]}">'.encode() + t[1]),
    st.tuples(st.sampled_from(CHARSETS), st.binary(max_size=300)).map(
        lambda t: f'<?xml version="1.0" encoding="{t[0]}"?>'.encode() + t[1]),
    st.tuples(st.text(max_size=100), st.sampled_from(["cp1251", "koi8-r", "shift_jis",
                                                      "utf-16-le", "latin-1"]))
    .map(lambda t: t[0].encode(t[1], errors="replace")),
)


@examples(300)
@given(bodies, content_types)
def test_any_body_decodes_to_valid_text_without_nul(body, content_type):
    text = decode_body(body, content_type)
    assert isinstance(text, str)
    text.encode("utf-8")  # storable as valid UTF-8 (no lone surrogates)
    assert "\x00" not in text


# Characters that survive decoding unchanged (control characters are dropped on purpose).
page_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"))
                    | st.sampled_from("\t\n\r"), max_size=200)


@examples(150)
@given(page_text, st.sampled_from(["text/html; charset=iso-8859-1", "text/html; charset=latin-1",
                                   "text/html; charset=windows-1252", "text/html; charset=ascii",
                                   "text/html; charset=koi8-r", "text/html"]),
       st.sampled_from([b"", codecs.BOM_UTF8, b'<meta charset="iso-8859-1">']))
def test_utf8_page_with_a_lying_header_round_trips(text, content_type, prefix):
    body = prefix + text.encode("utf-8")
    expected = prefix.decode("ascii", "ignore") + text
    if not prefix:  # text starting with U+FEFF starts with the UTF-8 BOM: read as the BOM
        expected = text.removeprefix("\ufeff")
    assert decode_body(body, content_type) == expected


def _alphabet(codec: str, ranges: list[tuple[int, int]]) -> list[str]:
    chars = [chr(c) for a, b in ranges for c in range(a, b + 1)]
    ok = []
    for c in chars:
        try:
            if c.encode(codec).decode(codec) == c:
                ok.append(c)
        except UnicodeError:
            pass
    return ok


ASCII = [(0x20, 0x7e)]
LEGACY = {
    "cp1251": _alphabet("cp1251", [*ASCII, (0x400, 0x45f)]),
    "koi8-r": _alphabet("koi8-r", [*ASCII, (0x410, 0x44f), (0x401, 0x401), (0x451, 0x451)]),
    "shift_jis": _alphabet("shift_jis", [*ASCII, (0x3041, 0x3096), (0x30a1, 0x30fa),
                                         (0x4e00, 0x4fff), (0xff61, 0xff9f)]),
}


@st.composite
def legacy_text(draw) -> tuple[str, str]:
    codec = draw(st.sampled_from(sorted(LEGACY)))
    return codec, draw(st.text(st.sampled_from(LEGACY[codec]), min_size=1, max_size=200))


@examples(150)
@given(legacy_text(), st.sampled_from(["text/html; charset={}", "text/html;charset=\"{}\"",
                                       "application/xml; CHARSET={}"]))
def test_legacy_charset_with_the_right_header_round_trips(sample, header):
    codec, text = sample
    body = text.encode(codec)
    try:  # bytes that are also valid UTF-8 are read as UTF-8 by design (see decode_body)
        expected = body.decode("utf-8")
    except UnicodeDecodeError:
        expected = text
    assert decode_body(body, header.format(codec)) == expected


def test_legacy_charset_sentences_are_not_mistaken_for_utf8():
    for codec, sentence in [("cp1251", "Лавров заявил, что ответ США неудовлетворителен."),
                            ("koi8-r", "Ёлки, её слова: \"нет\" - и всё."),
                            ("shift_jis", "ロシア外相は記者団に語った。")]:
        assert decode_body(sentence.encode(codec), f"text/html; charset={codec}") == sentence


# --- feeds -------------------------------------------------------------------------------

@examples(200)
@given(hostile_feeds() | st.binary(max_size=300))
def test_hostile_feeds_give_only_safe_unique_stable_links(body):
    found = feed_links(body, BASE)
    check_links(found, len(body))
    for link in found:
        assert link.published is None or ISO_SECONDS.fullmatch(link.published), link
    assert feed_links(body, BASE) == found  # same bytes, same links


plain_words = st.text(string.ascii_letters + string.digits + " .,:;!?'-()", max_size=40)
good_dates = st.datetimes(datetime(1995, 1, 1), datetime(2025, 12, 31)).map(  # plausible
    lambda d: d.replace(microsecond=0))


@examples(100)
@given(st.lists(st.tuples(plain_words, SAFE_LINKS | st.sampled_from(DROPPED_LINKS),
                          st.none() | good_dates, st.sampled_from(["", "a", "b"])),
                max_size=8),
       st.sampled_from(["rss", "atom"]), st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_well_formed_feed_gives_exactly_its_http_links(items, kind, encoding):
    entries = []
    for title, link, date, guid in items:
        entry = {"title": title, "link": link, "guid": guid, "permalink": False}
        if date:
            entry["date"] = (date.strftime("%a, %d %b %Y %H:%M:%S +0000") if kind == "rss"
                             else date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        entries.append(entry)
    # (the declaration says UTF-8 even in UTF-16: the BOM is what counts)
    body = (rss if kind == "rss" else atom)(entries, lambda: "escape").encode(encoding)
    expected: dict[str, tuple[str, str | None]] = {}
    for title, link, date, _ in items:
        if link.startswith("https://") and link not in expected:
            expected[link] = (" ".join(title.split()),
                              date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else None)
    found = feed_links(body, BASE)
    assert [(f.url, f.title, f.published) for f in found] == [
        (url, *rest) for url, rest in expected.items()]


class Listener:
    """A port on 127.0.0.1 that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/x.dtd"

    def connected(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True


@pytest.fixture
def listener():
    port = Listener()
    yield port
    port.sock.close()


LAYOUTS = ["one_line", "doctype_line", "lines", "no_declaration"]


def prolog(root: str, declarations: list[str], layout: str, system: str = "") -> str:
    """<?xml?> and a DOCTYPE, laid out as feedparser's own entity filter (which looks at
    line starts only) does and does not catch."""
    sep = "\n" if layout == "lines" else ""
    xml = {"one_line": '<?xml version="1.0"?>', "no_declaration": ""}.get(
        layout, '<?xml version="1.0"?>\n')
    return f"{xml}<!DOCTYPE {root}{system} [{sep}{sep.join(declarations)}{sep}]>\n"


def entity_prolog(root: str, kind: str, target: str, layout: str) -> str:
    if kind == "external_dtd":
        return prolog(root, [], layout, f' SYSTEM "{target}"')
    if kind == "parameter":
        return prolog(root, [f'<!ENTITY % p SYSTEM "{target}">', "%p;"], layout)
    return prolog(root, [f'<!ENTITY x SYSTEM "{target}">'], layout)


def documents(root_prolog: str, ref: str, doc: str, include: str = "") -> str:
    """The same entity reference in every field a source reads."""
    if doc == "rss":
        return (root_prolog + f'<rss version="2.0"><channel><title>{ref}</title><item>'
                f"<title>t {ref}</title><link>https://news.example.org/a?q={ref}</link>"
                f'<guid isPermaLink="true">https://news.example.org/{ref}</guid>'
                f"<pubDate>{ref}</pubDate><description>{ref}</description></item>"
                "</channel></rss>")
    if doc == "atom":
        return (root_prolog + f'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                f'<title>{ref}</title><link href="https://news.example.org/{ref}"/>'
                f"<id>{ref}</id><updated>{ref}</updated></entry></feed>")
    return (root_prolog + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
            f"<loc>https://news.example.org/{ref}</loc><lastmod>{ref}</lastmod>"
            f"<news:news><news:title>{ref}</news:title></news:news></url>{include}</urlset>")


def fields_of(data: bytes, doc: str) -> list[str]:
    if doc == "sitemap":
        sitemap = parse_sitemap(data, BASE)
        found, extra = list(sitemap.links), list(sitemap.children)
    else:
        found, extra = feed_links(data, BASE), []
    return extra + [v for link in found for v in (link.url, link.title, link.published or "")]


@examples(40)
@given(secret=st.text(string.ascii_letters + string.digits, min_size=16, max_size=32),
       kind=st.sampled_from(["general", "parameter", "external_dtd"]),
       via=st.sampled_from(["file", "http"]), layout=st.sampled_from(LAYOUTS),
       doc=st.sampled_from(["rss", "atom", "sitemap"]),
       encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_entities_never_read_files_or_the_network(tmp_path, listener, secret, kind, via,
                                                   layout, doc, encoding):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(secret)
    target = secret_file.as_uri() if via == "file" else listener.url
    include = ('<url><loc><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
               f'href="{target}" parse="text"/></loc></url>')
    body = documents(entity_prolog(doc, kind, target, layout),
                     "&x;" if kind == "general" else "", doc, include)
    fields = fields_of(body.encode(encoding), doc)
    assert not any(secret in value for value in fields)
    assert not listener.connected()


def laughs(depth: int) -> list[str]:
    decls = ['<!ENTITY lol0 "lolololololololololololololololololololol">']
    return decls + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, depth + 1)]


@examples(25)
@given(depth=st.integers(3, 9), layout=st.sampled_from(LAYOUTS),
       doc=st.sampled_from(["rss", "atom", "sitemap"]),
       encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_entity_bombs_are_cheap_and_expand_nothing(depth, layout, doc, encoding):
    body = documents(prolog("lolz", laughs(depth), layout), f"&lol{depth};", doc)
    start = time.monotonic()
    fields = fields_of(body.encode(encoding), doc)
    assert time.monotonic() - start < 2
    assert all(len(value) <= len(body) + len(BASE) for value in fields)


# --- sitemaps ----------------------------------------------------------------------------

@st.composite
def sitemap_documents(draw) -> bytes:
    index = draw(st.booleans())
    entries = []
    for _ in range(draw(st.integers(0, 6))):
        loc = xml_field("loc", draw(links), draw(modes))
        if index:
            entries.append(f"<sitemap>{loc}</sitemap>")
            continue
        extra = ""
        if draw(st.booleans()):
            extra += xml_field("lastmod", draw(st.sampled_from(DATES)), draw(modes))
        if draw(st.booleans()):
            extra += ("<news:news>" + xml_field("news:title", draw(hostile_text), draw(modes))
                      + xml_field("news:publication_date", draw(st.sampled_from(DATES)), "escape")
                      + "</news:news>")
        entries.append(f"<url>{loc}{extra}</url>")
    root = "sitemapindex" if index else "urlset"
    prolog = draw(st.sampled_from(["", '<!DOCTYPE u [<!ENTITY e "https://news.example.org/e">]>',
                                   '<!DOCTYPE u SYSTEM "http://127.0.0.1:9/x.dtd">']))
    document = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<{root} '
                'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                f"{''.join(entries)}</{root}>")
    body = draw(damaged(document))
    if draw(st.integers(0, 3)) == 0:
        body = gzip.compress(body)
        if draw(st.booleans()):
            body = body[:draw(st.integers(0, len(body)))]
    return body


gzip_garbage = st.one_of(
    st.binary(max_size=200).map(lambda b: b"\x1f\x8b" + b),
    st.binary(max_size=200).map(lambda b: b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b),
    st.binary(min_size=1, max_size=200).map(
        lambda noise: _corrupt(gzip.compress(b"<urlset><url><loc>https://a.example/x</loc>"
                                             b"</url></urlset>" * 20), noise)),
)


def _corrupt(data: bytes, noise: bytes) -> bytes:
    at = 10 + len(noise) % max(1, len(data) - 10)
    return data[:at] + noise + data[at + len(noise):]


@examples(200)
@given(st.one_of(sitemap_documents(), gzip_garbage, st.binary(max_size=300)))
def test_hostile_sitemaps_give_only_safe_unique_links(body):
    sitemap = parse_sitemap(body, "https://news.example.org/sitemap.xml")
    check_links(list(sitemap.links), max(len(body), _gunzipped_size(body)))
    assert len(sitemap.children) == len(set(sitemap.children))
    for child in sitemap.children:
        assert urlsplit(child).scheme in ("http", "https") and is_clean_url(child)
    assert parse_sitemap(body, "https://news.example.org/sitemap.xml") == sitemap


def _gunzipped_size(body: bytes) -> int:
    try:
        return len(gzip.decompress(body))
    except (OSError, EOFError, zlib.error):  # not gzip, cut short or corrupt
        return 0


# --- listing pages and articles ----------------------------------------------------------

@st.composite
def html_pages(draw) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        pieces.append(draw(st.one_of(
            st.builds(lambda href, text: f"<a href={quoteattr(href)}>{text}</a>", links,
                      hostile_text),
            st.builds(lambda href, text: f"<h3><a href='{href}'>{text}</a></h3>", links,
                      hostile_text),
            st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<ul><li>", "<script>",
                             "</script>", "<a>", "<a href>", "<!--", "<base href='ftp://x/'>",
                             "<template>", "<noscript>", "<svg>", "<math>", "<table><tr>"]),
            hostile_text)))
    page = "<html><body>" + "".join(pieces) + "</body></html>"
    if draw(st.booleans()):
        page = page[:draw(st.integers(0, len(page)))]
    return page


@examples(100)
@given(st.one_of(html_pages(), st.text(max_size=300)),
       st.sampled_from([None, "h3 a", "a", "div", "li > a", "*", "p, h3"]))
def test_listing_pages_give_only_safe_unique_links(html, selector):
    found = listing_links(html, "https://news.example.org/world/", selector)
    check_links(found, len(html))
    assert listing_links(html, "https://news.example.org/world/", selector) == found


def assert_valid_article_text(article) -> None:
    for value in (article.text, article.title, article.byline, article.description,
                  article.url, article.published or "", article.language or ""):
        assert isinstance(value, str)
        value.encode("utf-8")
        assert "\x00" not in value


@examples(30)
@given(st.one_of(html_pages().map(str.encode), st.text(max_size=400).map(str.encode),
                 st.binary(max_size=400)))
def test_garbage_pages_extract_without_raising(body):
    html = decode_body(body, "text/html")  # the page text as the fetcher hands it over
    assert_valid_article_text(extract_article(html, "https://news.example.org/a"))


def test_control_character_after_a_script_does_not_break_extraction():
    article = extract_article("<a><script>x</script>\x1f</a>", "https://news.example.org/a")
    assert "\x1f" not in article.text


SCRIPT_MARK = "zqxjscript"


@st.composite
def pages_with_code(draw) -> tuple[str, list[str]]:
    code = [f"{SCRIPT_MARK}{i}{draw(st.from_regex(r'[a-z]{4,8}', fullmatch=True))}"
            for i in range(6)]
    sentences = st.sampled_from([
        "The foreign minister said on Tuesday that talks with the alliance would continue.",
        "Officials told reporters the next round is planned in Geneva later this month.",
        "Diplomats from both sides described the exchange as frank but useful.",
        "The ministry added that it expects a written answer to its proposals."])
    paragraphs = [" ".join(draw(st.lists(sentences, min_size=2, max_size=4)))
                  for _ in range(draw(st.integers(2, 5)))]
    handler = draw(st.sampled_from(["onclick", "onmouseover", "onload", "ONERROR", "onfocus"]))
    body = "".join(
        f"<p {handler}=\"{code[0]}()\">{p}"
        + (f"<script>var {code[1]} = '<p>{p}</p>';</script>" if i % 2 else "")
        + f"<span onmouseover='{code[2]}'>.</span></p>"
        for i, p in enumerate(paragraphs))
    page = (f"<html><head><title>Talks continue</title><script>{code[3]}()</script>"
            f"<script type='text/javascript'>document.write('<p>{code[4]}</p>')</script></head>"
            f"<body onload=\"{code[5]}()\"><article><h1>Talks continue</h1>{body}"
            f"<script>/*<![CDATA[*/ if (a < b) {{ {code[1]}(); }} /*]]>*/</script>"
            f"<noscript>{code[4]}</noscript></article>"
            f"<a href=\"javascript:{code[2]}()\">share</a></body></html>")
    return page, paragraphs


@examples(25)
@given(pages_with_code())
def test_script_code_and_handlers_never_reach_the_text(sample):
    page, paragraphs = sample
    article = extract_article(page, "https://news.example.org/2022/talks")
    assert_valid_article_text(article)
    assert any(p in article.text for p in paragraphs)  # the article itself is found
    for value in (article.text, article.title, article.byline, article.description):
        assert SCRIPT_MARK not in value, value


# --- config ------------------------------------------------------------------------------

CONFIG_PATH = Path("/etc/newswatch/newswatch.toml")
VALID_CONFIG = {
    "service": {"state_dir": "state", "log_level": "info"},
    "fetch": {"timeout": "30s", "connect_timeout": 10, "max_bytes": "15MB", "retries": 2,
              "allow_networks": ["10.1.2.0/24"], "respect_robots": True, "max_redirects": 5},
    "source": [
        {"name": "TASS", "url": "https://tass.com/rss/v2.xml", "kind": "feed", "interval": "20m"},
        {"name": "NATO", "url": "https://www.nato.int/news.htm", "kind": "listing",
         "links": "a.news-item, .event-list a", "remove": [".share-box"], "interval": "1h"},
        {"name": "Map", "url": "https://news.example.org/sitemap.xml", "kind": "sitemap"},
    ],
    "topic": [{"name": "Russia security guarantees",
               "query": 'Russia AND (NATO OR "security guarantees")',
               "alert_on_new_outlet": True}],
    "delivery": {"mode": "cron", "cron": "0 8,17 * * *", "timezone": "Europe/Berlin",
                 "min_gap": "1h", "retry_interval": "2m",
                 "email": {"host": "smtp.example.org", "port": 587, "security": "starttls",
                           "from": "newswatch@example.org", "to": ["me@example.org"]},
                 "webhook": [{"url": "https://hooks.example.org/x", "format": "slack"}]},
}
SCHEMA_KEYS = {"service", "fetch", "source", "topic", "delivery", "state_dir", "log_level",
               "user_agent", "timeout", "connect_timeout", "max_bytes", "max_redirects",
               "retries", "backoff", "max_retry_wait", "concurrency", "per_host_delay",
               "respect_robots", "allow_networks", "max_articles", "max_links", "name", "url",
               "kind", "max_digest_bytes",
               "interval", "links", "remove", "query", "alert_on_new_outlet", "mode",
               "min_gap", "cron", "timezone", "email", "webhook", "retry_interval", "host",
               "port", "security", "from", "to", "username", "password_env", "password",
               "format", "settle", "digest", "templates", "backlog", "channels", "apprise"}
BAD_VALUES = [
    "ftp://x.example/feed", "news.example.org", "http://", "https://[::1",
    "https://a.example:99999/", "https://a b.example/", "javascript:alert(1)",
    "file:///etc/passwd", "", " ", "\x00", "61 * * * *", "* * *", "*/0 * * * *",
    "0 0 31 2 *", "0 0 30 2 *", "0 0 * * mon-sun/0", "@daily", "Mars/Olympus", "America",
    "../../etc/passwd", "x" * 300, "Europe/", "soon", "-5m", "5 minutes", "1e9h",
    "9" * 30 + "d", "99999999999d", "0s", "15XB", "-1MB", "nonsense", "10.0.0.0/33",
    "div[[", "a::before", ":not(", "Russia AND (NATO", '"', "NOT x", "(" * 400 + "x",
    "NOT " * 400 + "x", "immediate", "cron", "ssl", "none", "slack", "smtp.example.org",
    "Europe/Berlin", "30m", "https://ok.example.org/feed",
    -1, 0, 1, 10**30, 1.5, -0.0, math.inf, -math.inf, math.nan, True, False, [], [1, "a"],
    ["ok"], [""], {}, {"a": 1}, datetime(2022, 1, 1), datetime(2022, 1, 1).date(),
]
bad_values = st.sampled_from(BAD_VALUES).map(copy.deepcopy)  # mutated later: never shared
toml_values = st.recursive(
    st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans(),
              st.datetimes(), bad_values),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)
key_names = st.one_of(st.sampled_from(sorted(SCHEMA_KEYS)), st.text(min_size=1, max_size=12),
                      st.from_regex(r"[a-z_]{1,12}", fullmatch=True))


def _slots(node, path=()) -> list[tuple]:
    """Every (path) to a table or array in the config, to pick where to mutate."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict | list):
                out += _slots(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict | list):
                out += _slots(value, (*path, i))
    return out


def _at(root, path):
    for step in path:
        root = root[step]
    return root


def _typo(key: str, draw) -> str:
    i = draw(st.integers(0, max(len(key) - 1, 0)))
    return draw(st.sampled_from([key[:i] + key[i + 1:], key[:i] + "x" + key[i:],
                                 key.upper(), key + "s", key.replace("_", "-")])) or "k"


@st.composite
def mutated_configs(draw) -> dict:
    data = copy.deepcopy(VALID_CONFIG)
    for _ in range(draw(st.integers(1, 3))):
        container = _at(data, draw(st.sampled_from(_slots(data))))
        op = draw(st.sampled_from(["unknown", "typo", "delete", "value", "bad", "duplicate",
                                   "shape"]))
        if isinstance(container, list):
            if not container:
                continue
            i = draw(st.integers(0, len(container) - 1))
            if op == "duplicate":
                container.append(copy.deepcopy(container[i]))
            elif op == "delete":
                del container[i]
            else:
                container[i] = draw(toml_values | bad_values)
            continue
        keys = sorted(container, key=str)
        key = draw(st.sampled_from(keys)) if keys else "name"
        if op == "unknown":
            container[draw(key_names)] = draw(toml_values)
        elif op == "typo" and key in container:
            container[_typo(key, draw)] = container.pop(key)
        elif op == "delete":
            container.pop(key, None)
        elif op == "value":
            container[key] = draw(toml_values)
        elif op == "bad":
            container[key] = draw(bad_values)
        elif op == "shape" and key in container:
            value = container[key]
            container[key] = [value] if isinstance(value, dict) else (
                value[0] if isinstance(value, list) and value else {"x": value})
    return data


def _names(node, path="", item=False) -> set[str]:
    """Every key path of the data, as the config errors spell them: tables dotted, the
    items of an array of tables counted from 1 with their name (`source 2 ("NATO"): url`)."""
    out = {path} if path else set()
    inside = ": " if item else "."
    if isinstance(node, dict):
        out |= {f"{path}{inside}{k}" if path else k for k in SCHEMA_KEYS}  # missing keys
        for key, value in node.items():
            out |= _names(value, f"{path}{inside}{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            name = value.get("name") if isinstance(value, dict) else None
            label = f' ("{printable(name)}")' if isinstance(name, str) else ""
            out |= _names(value, f"{path} {i + 1}{label}", item=True)
    return out


@examples(300)
@given(mutated_configs())
def test_config_mistakes_are_config_errors_naming_file_and_key(data):
    try:
        config = parse_config(data, CONFIG_PATH)
    except ConfigError as exc:
        message = str(exc)
        prefix = f"{CONFIG_PATH}: "
        assert message.startswith(prefix), message
        assert any(message.startswith(f"{prefix}{name}: ") for name in _names(data)), message
        return
    assert isinstance(config, Config)
    check_accepted_config(config)


def check_accepted_config(config: Config) -> None:
    """What was accepted must work when the service uses it."""
    names = [s.name for s in config.sources]
    assert len(names) == len(set(names)) and len(config.topics) == len({
        t.name for t in config.topics})
    for url in [s.url for s in config.sources] + [w.url for w in config.delivery.webhooks]:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.hostname and parts.port != 0
        assert is_clean_url(parts.hostname), url
    durations = [s.interval for s in config.sources] + [
        config.fetch.timeout, config.fetch.connect_timeout, config.fetch.backoff,
        config.fetch.max_retry_wait, config.fetch.per_host_delay, config.delivery.min_gap,
        config.delivery.retry_interval]
    for seconds in durations:
        assert math.isfinite(seconds) and seconds >= 0, durations
        timedelta(seconds=seconds)  # usable as an interval
    if config.delivery.cron:
        trigger = CronTrigger.from_crontab(config.delivery.cron,
                                           timezone=config.delivery.timezone)
        assert trigger.get_next_fire_time(None, datetime(2026, 1, 5, tzinfo=UTC)), (
            f"cron {config.delivery.cron!r} never fires")


def test_valid_config_is_accepted():
    check_accepted_config(parse_config(copy.deepcopy(VALID_CONFIG), CONFIG_PATH))


MINIMAL_TOML = b"""[[source]]
name = "Site"
url = "https://news.example.org/feed.xml"
kind = "feed"

[[topic]]
name = "T"
query = "Russia AND NATO"
"""


@examples(60)
@given(st.one_of(
    st.binary(max_size=200),
    st.tuples(st.integers(0, len(MINIMAL_TOML)), st.binary(max_size=8)).map(
        lambda t: MINIMAL_TOML[:t[0]] + t[1] + MINIMAL_TOML[t[0]:]),
    st.tuples(st.integers(1, 5000), st.sampled_from(["[", "{a="])).map(
        lambda t: b"x = " + t[1].encode() * t[0]),
))
def test_unreadable_config_files_are_config_errors(tmp_path, data):
    path = tmp_path / "newswatch.toml"
    path.write_bytes(data)
    try:
        load_config(path)
    except ConfigError as exc:  # the file, and the line where there is one
        assert re.match(rf"{re.escape(str(path))}(:\d+)?: ", str(exc)), str(exc)


# --- topic queries -----------------------------------------------------------------------

query_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["(", ")", "AND", "OR", "NOT", "and", '"', "Russia", "NATO*",
                              "U.S.", "*", '"security guarantees"', " ", "—", "''"]),
             max_size=20).map(" ".join),
    st.tuples(st.integers(1, 3000), st.sampled_from(["(", "NOT ", "( NOT "])).map(
        lambda t: t[1] * t[0] + "Russia" + ")" * (t[0] if "(" in t[1] else 0)),
)


@examples(300)
@given(query_text)
def test_queries_parse_or_raise_query_error(text):
    try:
        query = parse_query(text)
    except QueryError:
        return
    matches(query, TextIndex("Russia and NATO discuss security guarantees"))
    to_fts(query)


# --- digest and email --------------------------------------------------------------------

mentions = st.builds(Mention, hostile_text, links | hostile_text, hostile_text,
                     st.just("2026-01-05T09:00:00Z"))
items = st.builds(DigestItem, speaker=hostile_text, speaker_key=hostile_text, role=hostile_text,
                  cue=hostile_text, content=hostile_text, direct=st.booleans(),
                  published=st.none() | hostile_text,
                  mentions=st.lists(mentions, max_size=3).map(tuple), update=st.booleans())
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "table", "tr", "td", "h1",
                "h2", "span", "strong", "blockquote", "p", "code", "a"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def _browser_scheme(href: str) -> str:
    """The scheme a browser sees: C0/space trimmed, tabs and newlines removed."""
    cleaned = re.sub(r"[\t\n\r]", "", href.strip("".join(map(chr, range(0x21)))))
    return cleaned.split(":", 1)[0].lower() if ":" in cleaned else ""


@examples(100)
@given(topic=hostile_text, items=st.lists(items, min_size=1, max_size=4))
@example(topic="=?utf-8?q?=0D=0ABcc:_victim@example.org?=",  # decoded by the email package
         items=[DigestItem("Eve", "eve", "", "said", "x", True, None,
                           (Mention("Out", "https://[::1", "t", "2026-01-05T09:00:00Z"),))])
@example(topic="000¡ <SCRIPT SRC=//evil.example/x.js></SCRIPT> ¡ ¡ " * 2,  # folded at "¡ ¡"
         items=[DigestItem("", "", "", "", "", False, None, ())])
def test_hostile_page_text_cannot_inject_markup_or_mail_headers(topic, items):
    digest = render_digest(topic, items)
    assert not set("\r\n") & set(digest.subject)

    parser = _Tags()
    parser.feed(digest.html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert _browser_scheme(value or "") in ("http", "https"), value
    assert "<script" not in digest.html.lower()

    stored = StoredDigest(7, topic, "<newswatch.abc@test.localhost>", "2026-01-05T09:00:00Z",
                          digest.subject, digest.text, digest.html, digest.payload)
    raw = build_email(stored, "newswatch@example.org", ("me@example.org",)).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    names = sorted(line.split(b":", 1)[0].lower() for line in head.split(b"\r\n")
                   if line[:1] not in (b" ", b"\t"))
    assert names == sorted([b"subject", b"from", b"to", b"message-id", b"date",
                            b"x-newswatch-topic", b"mime-version", b"content-type"]), head
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == one_line(digest.subject, SUBJECT_LIMIT)
    assert not set("\r\n") & set(message["X-Newswatch-Topic"])
    assert message.get_all("To") == ["me@example.org"] and message.get_all("Bcc") is None
    html = message.get_body(("html",)).get_content()
    assert _lines(html) == _lines(digest.html)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
