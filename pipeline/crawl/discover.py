"""What a source's address gives: its kind, its article links, and for a site or section
page the feeds and news sitemaps it offers.

The reading is pure (what kind of document a response is, a page's alternate links,
robots.txt's `Sitemap:` lines, the common feed paths of an address); fetching is done by
the `fetch` function the caller passes in (the Fetcher, with its limits, address checks,
politeness and robots.txt), so this module opens no connection of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from lxml import etree

from ..errors import FetchError
from ..models import Link
from ..text import one_line
from .decode import GZIP_MAGIC
from .links import feed_links, listing_links, parse_sitemap, xml_parser
from .page import Page

KINDS = ("feed", "sitemap", "listing")
DESCRIBED = {"feed": "RSS/Atom feed", "sitemap": "sitemap", "listing": "web page"}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# Where sites put their feeds, tried below the given section first, then at the root.
FEED_PATHS = ("feed", "rss", "rss.xml", "atom.xml", "feed.xml", "index.xml",
              "feeds/all.atom.xml")
NEWS_SITEMAP_PATHS = ("/sitemap_news.xml", "/news-sitemap.xml", "/sitemap-news.xml")
MAX_CHILD_SITEMAPS = 3  # of a sitemap index, newest first, read per fetch
MAX_ALTERNATES = 4  # alternate feeds of a page fetched to count their items
MAX_SITEMAPS = 3  # of those robots.txt names, tried
_PROLOG = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*",
                     re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

Fetch = Callable[[str], Page]
Skipped = Callable[[str, FetchError], None]  # a child sitemap that could not be fetched


# --- pure: what a response is, what a page offers ----------------------------------------

def detect_kind(body: bytes) -> str:
    """"feed", "sitemap" or "listing" from the document itself (its root element; a gzip
    file is a sitemap), not from the Content-Type, which servers often get wrong."""
    if body[:2] == GZIP_MAGIC:
        return "sitemap"
    head = body[:4096]
    if head.startswith(_BOMS[1:]):  # UTF-16: its ASCII letters alternate with zero bytes
        head = head.replace(b"\x00", b"")
    head = head.removeprefix(_BOMS[0]).lstrip(b"\xff\xfe")
    prolog = _PROLOG.match(head)
    root = _ROOT.match(head, prolog.end() if prolog else 0)
    name = root[1].decode("ascii", "replace").rpartition(":")[2].lower() if root else ""
    if name in _FEED_ROOTS:
        return "feed"
    return "sitemap" if name in _SITEMAP_ROOTS else "listing"


@dataclass(frozen=True)
class PageHints:
    """What a web page says about its site: its feeds (in the page's order, comment feeds
    last) and a name for it."""

    feeds: tuple[str, ...]
    name: str


def page_hints(html: str, base_url: str) -> PageHints:
    """The page's `<link rel="alternate">` RSS/Atom feeds and the site's name (og:site_name,
    else the page title)."""
    soup = BeautifulSoup(html, "lxml")
    feeds = []
    for link in soup.find_all("link", href=True):
        rel = [str(r).lower() for r in (link.get("rel") or [])]
        kind = str(link.get("type", "")).split(";")[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            comments = "comment" in (str(link["href"]) + str(link.get("title", ""))).lower()
            feeds.append((comments, urljoin(base_url, str(link["href"]).strip())))
    site = soup.find("meta", attrs={"property": "og:site_name"})
    title = soup.title.get_text(" ") if soup.title else ""
    name = str(site.get("content", "")) if site else title
    ordered = [url for _, url in sorted(feeds, key=lambda pair: pair[0])]  # stable
    return PageHints(tuple(dict.fromkeys(ordered)), one_line(name, 100))


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt (any case, anywhere in the file), news sitemaps
    first: they list recent articles, where a full sitemap lists the whole archive."""
    urls = []
    for line in robots_txt.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() == "sitemap" and value.split("#")[0].strip():
            urls.append(urljoin(base_url, value.split("#")[0].strip()))
    return sorted(dict.fromkeys(urls), key=lambda url: "news" not in url.lower())


def feed_paths(url: str) -> list[str]:
    """Common feed addresses for a site or section address: below the section first
    (https://site/world/feed), then at the site's root (https://site/feed)."""
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}/"
    path = parts.path.rstrip("/")
    if "." in path.rpartition("/")[2]:  # a file: /world/index.html is the section /world/
        path = path.rpartition("/")[0]
    section = urljoin(root, path.strip("/") + "/") if path.strip("/") else root
    bases = dict.fromkeys([section, root])
    return [urljoin(base, path) for base in bases for path in FEED_PATHS]


def feed_title(body: bytes) -> str:
    """An RSS, RDF or Atom feed's own title ("" if it has none); external entities and
    DTDs are never loaded."""
    try:
        root = etree.fromstring(body, xml_parser())
    except etree.XMLSyntaxError:
        return ""
    if root is None:
        return ""
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.rpartition("}")[2] == "title":
            return one_line(node.text or "", 100)
        if isinstance(node.tag, str) and node.tag.rpartition("}")[2] in ("item", "entry"):
            break  # past the channel's own elements
    return ""


def no_links_reason(configured: str | None, detected: str, selector: str | None) -> str:
    """Why a fetched source gave no article links, and what to change."""
    if configured and configured != detected:
        return (f'kind = "{configured}" but the address gives a {DESCRIBED[detected]}; set '
                f'kind = "{detected}" or leave kind out to have it detected')
    if selector:
        return f"links = {selector!r} matched no link on the page; check the selector"
    if detected == "listing":
        return ("no link on the page looks like an article; give a `links` selector, or "
                "use the site's feed (`newswatch sources add URL` finds it)")
    return f"the {DESCRIBED[detected]} lists no article"


# --- a fetched source's links ------------------------------------------------------------

def source_links(page: Page, kind: str, fetch: Fetch, *, selector: str | None,
                 max_bytes: int, now: datetime, skipped: Skipped) -> list[Link]:
    """The article links of a fetched source page read as `kind`; a sitemap index's newest
    child sitemaps are fetched with `fetch`."""
    if kind == "feed":
        return feed_links(page.body, page.url, page.content_type, now)
    if kind == "listing":
        return listing_links(page.text, page.url, selector)
    return sitemap_links(page, fetch, max_bytes, now, skipped)


def sitemap_links(page: Page, fetch: Fetch, max_bytes: int, now: datetime,
                  skipped: Skipped) -> list[Link]:
    """A sitemap's links, or those of the first child sitemaps of an index, newest first.
    Gzip files too are unpacked up to the body limit."""
    sitemap = parse_sitemap(page.body, page.url, max_bytes, now)
    links = list(sitemap.links)
    for child in sitemap.children[:MAX_CHILD_SITEMAPS]:
        try:
            links.extend(parse_sitemap(fetch(child).body, child, max_bytes, now).links)
        except FetchError as exc:
            skipped(child, exc)
    return sorted(links, key=lambda link: link.published or "", reverse=True)


# --- discovery from a site's or section's address -----------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One way to follow a site: an address, its kind, the links it gives now."""

    url: str
    kind: str
    links: tuple[Link, ...]
    name: str  # the feed's or site's name, for the source's
    found_by: str  # "the address itself", "<link rel=alternate>", "robots.txt", ...


def discover(url: str, fetch: Fetch, max_bytes: int, now: datetime) -> list[Candidate]:
    """The ways to follow `url`, best first: the address itself when it is a feed or a
    sitemap; else the page's alternate feeds, else a feed at a common path; else its
    news sitemaps (robots.txt, common paths); and the page as a listing, last. Only
    candidates that give links are kept, but for the listing. Raises FetchError when
    `url` itself cannot be fetched."""
    page = fetch(url)
    read = _Reader(fetch, max_bytes, now)
    kind = detect_kind(page.body)
    if kind != "listing":
        name = feed_title(page.body) if kind == "feed" else ""
        return [read.candidate(page, kind, name or _host(page.url), "the address itself")]
    hints = page_hints(page.text, page.url)
    name = hints.name or _host(page.url)
    found = (read.feeds(hints.feeds[:MAX_ALTERNATES], name, "<link rel=alternate>", first=False)
             or read.feeds(feed_paths(page.url), name, "a common feed path", first=True)
             or read.sitemaps(page.url, name))
    return [*found, read.candidate(page, "listing", name, "the page itself")]


class _Reader:
    """Fetches candidate addresses for discover(); an address that fails or is not what
    was hoped for is no candidate."""

    def __init__(self, fetch: Fetch, max_bytes: int, now: datetime) -> None:
        self.fetch = fetch
        self.max_bytes = max_bytes
        self.now = now

    def candidate(self, page: Page, kind: str, name: str, found_by: str) -> Candidate:
        links = source_links(page, kind, self.fetch, selector=None, max_bytes=self.max_bytes,
                             now=self.now, skipped=lambda *_: None)
        return Candidate(page.url, kind, tuple(links), name, found_by)

    def get(self, url: str, kind: str | None) -> Page | None:
        """The page at `url` if it can be fetched and is of `kind` (None: any)."""
        try:
            page = self.fetch(url)
        except FetchError:
            return None
        return page if kind is None or detect_kind(page.body) == kind else None

    def feeds(self, urls: list[str] | tuple[str, ...], site: str, found_by: str,
              first: bool) -> list[Candidate]:
        """The feeds among `urls` that list articles, named by their own title or else by
        the site's name; with `first`, only the first."""
        found = []
        for url in urls:
            page = self.get(url, "feed")
            feed = page and self.candidate(page, "feed", feed_title(page.body) or site,
                                           found_by)
            if feed and feed.links:
                found.append(feed)
                if first:
                    break
        return found

    def sitemaps(self, url: str, name: str) -> list[Candidate]:
        """The first sitemap that lists articles: those robots.txt names (news sitemaps
        first), then the common news sitemap paths."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        robots = self.get(root + "/robots.txt", None)
        listed = robots_sitemaps(robots.text, root)[:MAX_SITEMAPS] if robots else []
        for sitemap_url in dict.fromkeys([*listed, *(root + p for p in NEWS_SITEMAP_PATHS)]):
            page = self.get(sitemap_url, "sitemap")
            by = "robots.txt" if sitemap_url in listed else "a common sitemap path"
            sitemap = page and self.candidate(page, "sitemap", name, by)
            if sitemap and sitemap.links:
                return [sitemap]
        return []


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")
