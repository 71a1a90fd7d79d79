"""Feeds, listing pages and sitemaps -> candidate article links. Pure: given fetched bytes.

Only http(s) links survive (a feed may carry `file://` or `javascript:` links), each in
canonical form, once, in the order the source lists them.
"""

from __future__ import annotations

import io
import re
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import feedparser
from bs4 import BeautifulSoup, Tag
from lxml import etree

from ..config import FetchSettings
from ..dates import checked_date
from ..errors import FetchError
from ..models import Link
from ..text import one_line, surrogate_references_resolved
from ..urls import MAX_URL, canonical_url, site_of
from .decode import decode_body

_NOT_ARTICLE = re.compile(
    r"/(tags?|topics?|categor(y|ies)|section|authors?|page|search|login|signin|signup|"
    r"register|subscribe|account|about|contact|privacy|terms|cookies?|advertis\w*|rss|feed|"
    r"newsletters?|video|videos|gallery|photos?|live-tv|epaper)(/|$)|"
    r"\.(jpe?g|png|gif|webp|svg|pdf|mp[34]|zip|xml|css|js)$",
    re.IGNORECASE,
)
_SLUG_WORD = re.compile(r"[a-z0-9]+", re.IGNORECASE)
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")  # whitespace and control characters


@dataclass(frozen=True)
class Sitemap:
    links: tuple[Link, ...]
    children: tuple[str, ...]  # nested sitemaps of a sitemap index


def _http_link(url: str, base: str) -> str | None:
    try:
        full = canonical_url(url, base)
    except ValueError:  # malformed, e.g. an invalid port or IPv6 literal
        return None
    parts = urlsplit(full)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(full) > MAX_URL:
        return None
    if _NOT_IN_URL.search(parts.hostname):
        return None
    # One key per address: a raw space or control character becomes %XX, as browsers send it
    return _NOT_IN_URL.sub(lambda m: quote(m[0], safe=""), full)


def _unique(links: Iterable[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def _iso(parsed: time.struct_time | None, now: datetime) -> str | None:
    """ISO 8601 UTC, or None when feedparser's result is no date (year 0 from "0000-00-00")
    or an implausible one (see checked_date)."""
    try:
        moment = datetime(*parsed[:6]) if parsed else None
    except ValueError:
        return None
    return checked_date(moment.isoformat() + "Z", now) if moment else None


def feed_links(body: bytes, base_url: str, content_type: str = "",
               now: datetime | None = None) -> list[Link]:
    """Entries of an RSS/Atom feed, keyed by their canonical link (GUIDs are missing or
    reused too often to trust). Given bytes, so feedparser never treats the content as a
    path or URL to open.

    The feed is decoded here (BOM first, as for pages) and handed over as UTF-8 without
    entity declarations: feedparser's own filter finds them only at the start of a line,
    and expat expands entities to megabytes before its "billion laughs" guard stops it.
    References to UTF-16 surrogates (an emoji written "&#55357;&#56832;") are resolved
    first: feedparser's fallback parser fails on the whole feed for them.
    """
    text = surrogate_references_resolved(decode_body(body, content_type)).replace(
        "<!ENTITY", "&lt;!ENTITY")  # no declaring
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers={
        "content-location": base_url, "content-type": "application/xml; charset=utf-8"})
    now = now or datetime.now(UTC)
    links = []
    for entry in parsed.entries:
        url = entry.get("link") or (entry.get("id") if entry.get("guidislink") else None)
        url = _http_link(url, base_url) if url else None
        if url:
            links.append(Link(url=url, title=one_line(entry.get("title", "")),
                              published=_iso(_entry_date(entry), now)))
    return _unique(links)


def _entry_date(entry: feedparser.FeedParserDict) -> time.struct_time | None:
    """Published, else updated. Read as a plain dict: feedparser's own lookup silently
    maps one to the other, with a deprecation warning."""
    return dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")


def listing_links(html: str, base_url: str, selector: str | None = None) -> list[Link]:
    """Article links of a section page: those the selector picks, or by default the
    same-site links whose text or address looks like a headline."""
    soup = BeautifulSoup(html, "lxml")
    anchors = soup.select(selector) if selector else soup.find_all("a", href=True)
    site = site_of(base_url)
    links = []
    for picked in anchors:
        anchor = picked if picked.name == "a" else picked.find("a", href=True)
        if not isinstance(anchor, Tag):
            continue
        url = _http_link(str(anchor.get("href", "")), base_url)
        title = one_line(anchor.get_text(" "))
        if url and (selector or _looks_like_article(url, title, site)):
            links.append(Link(url=url, title=title))
    return _unique(links)


def _looks_like_article(url: str, title: str, site: str) -> bool:
    parts = urlsplit(url)
    if site_of(url) != site or _NOT_ARTICLE.search(parts.path) or parts.path in ("", "/"):
        return False
    slug_words = _SLUG_WORD.findall(parts.path.rstrip("/").rsplit("/", 1)[-1])
    has_id = any(w.isdigit() and len(w) >= 4 for w in _SLUG_WORD.findall(parts.path))
    return len(title.split()) >= 4 or len(slug_words) >= 4 or (has_id and bool(title))


def parse_sitemap(body: bytes, base_url: str, max_bytes: int = FetchSettings.max_bytes,
                  now: datetime | None = None) -> Sitemap:
    """URLs of a sitemap or news sitemap (gzip or not), or the child sitemaps of an index.
    External entities and DTDs are never loaded. A gzipped sitemap larger than
    `max_bytes` unpacked (the fetch body limit) raises FetchError. Dates are checked
    against `now` (see checked_date)."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, max_bytes, base_url)
    # Latin-1 maps bytes to characters one to one: only the ASCII references change.
    body = surrogate_references_resolved(body.decode("latin-1")).encode("latin-1")
    try:
        root = etree.fromstring(body, xml_parser())
    except etree.XMLSyntaxError:
        return Sitemap((), ())
    if root is None:
        return Sitemap((), ())
    links: list[Link] = []
    children: list[str] = []
    now = now or datetime.now(UTC)
    for node in root:
        try:
            _add_entry(node, base_url, now, links, children)
        except ValueError:  # text lxml cannot decode: this entry only is lost
            continue
    return Sitemap(tuple(_unique(links)), tuple(dict.fromkeys(children)))


def _add_entry(node: etree._Element, base_url: str, now: datetime, links: list[Link],
               children: list[str]) -> None:
    """One <url> (to `links`) or <sitemap> (to `children`) of a sitemap."""
    loc = _child_text(node, "loc")
    url = _http_link(loc, base_url) if loc else None
    if not url:
        return
    if _local_name(node.tag) == "sitemap":
        children.append(url)
    else:
        published = (checked_date(_child_text(node, "publication_date"), now)
                     or checked_date(_child_text(node, "lastmod"), now))
        links.append(Link(url=url, title=one_line(_child_text(node, "title") or ""),
                          published=published))


def xml_parser() -> etree.XMLParser:
    """A new parser per document: lxml parsers must not be shared between threads."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, recover=True)


def _child_text(node: etree._Element, name: str) -> str | None:
    for child in node.iter():
        if isinstance(child.tag, str) and _local_name(child.tag) == name and child.text:
            return child.text.strip()
    return None


def _local_name(tag: str) -> str:
    """"{namespace}name" -> "name"; also "news:name" with an undeclared prefix, which a
    recovering parser keeps as it is (and etree.QName refuses)."""
    return tag.rpartition("}")[2].rpartition(":")[2]


def _gunzip(body: bytes, limit: int, url: str) -> bytes:
    """The unpacked members of a gzip file, never more than `limit` bytes of them in
    memory; b"" when it is cut short or corrupt."""
    out, rest = bytearray(), body
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, limit + 1 - len(out))
        except zlib.error:
            return b""
        if len(out) > limit:
            raise FetchError(f"sitemap: larger than {limit} bytes unpacked", url=url)
        if not inflater.eof:
            return b""
        rest = inflater.unused_data
    return bytes(out)

