"""OPML subscription lists, the format feed readers exchange (Miniflux, FreshRSS, Feedly,
rss2email, ...), read and written. Pure: bytes in, entries out, and back.

An OPML file is user input from another program: it is parsed without entities, DTDs or
network access. Readers differ in what they write: categories as nested outlines (or
OPML 2's `category` attribute), the name in `text`, `title` or both, the feed in
`xmlUrl`, the site in `htmlUrl`, a type or none. newswatch's own settings (a source that
is no feed, its interval, its link selector) travel in attributes of its own namespace,
which other readers ignore.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

NAMESPACE = "https://newswatch.invalid/opml"
_NW = f"{{{NAMESPACE}}}"
# Outline types of feeds; FreshRSS's web scraping sources are section pages.
_FEED_TYPES = frozenset({"rss", "atom", "rdf"})
_LISTING_TYPES = frozenset({"html+xpath"})
_KINDS = ("feed", "listing", "sitemap")
MAX_DEPTH = 20  # nested outlines followed; deeper ones are no subscription list


class OpmlError(ValueError):
    """The file is not an OPML subscription list."""


@dataclass(frozen=True)
class OpmlEntry:
    """One subscription: a source to follow."""

    name: str  # "" when the file gives none (or only repeats the address)
    url: str
    kind: str | None = None  # feed, listing, sitemap; None: to be detected when fetched
    categories: tuple[str, ...] = ()  # the outlines it is nested in, outermost first
    interval: str | None = None
    links: str | None = None
    html_url: str = ""


def parse_opml(data: bytes) -> list[OpmlEntry]:
    """The subscriptions of an OPML file, once each (a feed listed under two categories
    has both), in the file's order. Raises OpmlError for anything but OPML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not valid XML ({exc})") from None
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise OpmlError("not an OPML file (its root element is not <opml>)")
    if root.getroottree().docinfo.internalDTD is not None:  # entities: no OPML needs them
        raise OpmlError("declares a DTD; an OPML file needs none, so it is not read")
    body = next((child for child in root if child.tag == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file (it has no <body>)")
    merged: dict[str, OpmlEntry] = {}
    for entry in _outlines(body, (), 0):
        known = merged.get(entry.url)
        categories = (*known.categories, *entry.categories) if known else entry.categories
        merged[entry.url] = replace(known or entry, categories=tuple(dict.fromkeys(categories)))
    return list(merged.values())


def _outlines(parent: etree._Element, path: tuple[str, ...],
              depth: int) -> Iterator[OpmlEntry]:
    for outline in parent:
        if outline.tag != "outline" or depth > MAX_DEPTH:
            continue
        attrs = {_attribute_name(str(key)): str(value).strip()
                 for key, value in outline.attrib.items()}
        label = attrs.get("text") or attrs.get("title") or ""
        url = attrs.get("xmlurl") or (attrs.get("url", "") if attrs.get("type") == "link"
                                     else "")
        if url:
            yield _entry(attrs, url, label, (*path, *_category_attribute(attrs)))
        yield from _outlines(outline, (*path, label) if label and not url else path,
                             depth + 1)


def _attribute_name(key: str) -> str:
    """Plain attributes compared without case (readers write "xmlUrl", "xmlurl"); those of
    a namespace as "{namespace}name"."""
    return key if key.startswith("{") else key.lower()


def _entry(attrs: dict[str, str], url: str, label: str,
           categories: tuple[str, ...]) -> OpmlEntry:
    kind_type = attrs.get("type", "").lower()
    own_kind = attrs.get(_NW + "kind", "")
    if own_kind:
        kind = own_kind if own_kind in _KINDS else None
    elif kind_type in _LISTING_TYPES:
        kind = "listing"
    else:
        kind = "feed" if kind_type in _FEED_TYPES or "xmlurl" in attrs else None
    return OpmlEntry(name="" if label == url else label, url=url, kind=kind,
                     categories=categories, interval=attrs.get(_NW + "interval") or None,
                     links=attrs.get(_NW + "links") or None, html_url=attrs.get("htmlurl", ""))


def _category_attribute(attrs: dict[str, str]) -> tuple[str, ...]:
    """OPML 2's `category`: comma-separated slash paths ("/News/World"); the last part of
    each."""
    parts = (item.strip().strip("/").rpartition("/")[2].strip()
             for item in attrs.get("category", "").split(","))
    return tuple(part for part in parts if part)


def write_opml(entries: Sequence[OpmlEntry], title: str, created: datetime) -> bytes:
    """An OPML 2.0 file: entries with categories nested under an outline per category
    (in each of theirs), the others at the top level. Feeds are `type="rss"` outlines
    with `xmlUrl`, as every reader expects; section pages and sitemaps are `type="link"`
    outlines, which feed readers pass over."""
    root = etree.Element("opml", version="2.0", nsmap={"newswatch": NAMESPACE})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(created)
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for entry in entries:
        for category in entry.categories or (None,):
            parent = body
            if category is not None:
                if category not in folders:
                    folders[category] = etree.SubElement(body, "outline", text=category,
                                                         title=category)
                parent = folders[category]
            _write_entry(parent, entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_entry(parent: etree._Element, entry: OpmlEntry) -> None:
    outline = etree.SubElement(parent, "outline")
    is_feed = entry.kind in ("feed", None)
    outline.set("type", "rss" if is_feed else "link")
    outline.set("text", entry.name)
    outline.set("title", entry.name)
    outline.set("xmlUrl" if is_feed else "url", entry.url)
    if entry.html_url:
        outline.set("htmlUrl", entry.html_url)
    if entry.kind != "feed":
        outline.set(_NW + "kind", entry.kind or "auto")
    if entry.interval:
        outline.set(_NW + "interval", entry.interval)
    if entry.links:
        outline.set(_NW + "links", entry.links)
