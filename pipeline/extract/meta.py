"""Article metadata from a parsed page: canonical URL, title, byline, date, language, teaser.

Pages state their metadata in several overlapping places (Open Graph and other meta
tags, JSON-LD, microdata, plain markup); each field takes the first good value in a
fixed order of trust. The extractor also uses the results to keep title, byline and
teaser copies out of the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml.html import HtmlElement

_WS = re.compile(r"\s+")
_BY_PREFIX = re.compile(r"^(?:by|von|por|par|di|door|af|av|от|автор:?)\s+", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00bb\u00b7:-]\s+")
_SEPARATOR_CHARS = " |\u2013\u2014\u00bb\u00b7:-"
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ARTICLE_TYPES = ("article", "posting", "report", "webpage")
_MAX_BYLINE = 80
_BYLINE_END = re.compile(r"\s+(?:[|\u2022\u00b7]|@\w)")  # "Name | date", "Name @handle"
# Author markup, found in one search of the page; its name part, then links, then any.
# (descendant-or-self::* is //* without the node set of every node in between, and faster)
_AUTHOR_MARKUP = "descendant-or-self::*[@itemprop='author' or @rel='author']"
_NAME_PART = ".//*[@itemprop='name']"
_YEARS = range(1990, 2100)


@dataclass(frozen=True)
class PageMeta:
    """What a page says about its article, all strings already whitespace-normalised."""

    url: str
    title: str
    titles: tuple[str, ...]  # every title variant the page shows (og, h1, <title> parts)
    byline: str
    published: str | None
    language: str | None
    description: str


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """First non-empty content of each meta tag, keyed by lower-cased name/property."""
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        key = key or meta.get("http-equiv")
        content = _clean(meta.get("content"))
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict]:
    """Article-like objects of the page's JSON-LD scripts (nested @graph lists included)."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k == "@graph")
                kind = str(item.get("@type", "")).lower()
                if any(word in kind for word in _ARTICLE_TYPES):
                    yield item


def _ld_value(objects: list[dict], key: str) -> str:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return _clean(value)
    return ""


def _ld_authors(objects: list[dict]) -> str:
    for obj in objects:
        authors = obj.get("author")
        authors = authors if isinstance(authors, list) else [authors]
        names = [a.get("name") if isinstance(a, dict) else a for a in authors]
        if names := [_clean(n) for n in names if isinstance(n, str) and n.strip()]:
            return ", ".join(dict.fromkeys(names))
    return ""


def _first_text(elements: Iterable[HtmlElement]) -> str:
    for element in elements:
        text = _clean(element.text_content())
        if text:
            return text
    return ""


def canonical_url(tree: HtmlElement, tags: dict[str, str], url: str) -> str:
    """<link rel=canonical> or og:url when it is an absolute http(s) address, else `url`;
    not one whose host has its path escaped into it ("https://blog.example%2Farticles")."""
    candidates = [link.get("href") for link in tree.iter("link") if link.get("href") is not None
                  and "canonical" in (link.get("rel") or "").lower().split()]
    candidates.append(tags.get("og:url"))
    for href in candidates:
        try:
            absolute = urljoin(url, href.strip()) if href else ""
            parts = urlsplit(absolute)
        except ValueError:  # e.g. a malformed IPv6 host
            continue
        if parts.scheme in ("http", "https") and parts.netloc and "%" not in parts.netloc:
            return absolute
    return url


def _titles(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> tuple[str, ...]:
    """Title variants, the article's headline first, then every other form the page shows
    it in (og/twitter/JSON-LD titles, <h1>, the parts of <title>)."""
    # the parser puts <head> under the root and drops any other: no search of the page
    page_title = _first_text(tree.xpath("/html/head/title"))
    declared = [_clean(v) for v in (tags.get("og:title"), tags.get("twitter:title"),
                                    _ld_value(objects, "headline"), page_title) if v]
    h1s = [_clean(h1.text_content()) for h1 in islice(tree.iter("h1"), 3)]
    site = _clean(tags.get("og:site_name") or tags.get("application-name")).casefold()
    headline = _headline(declared[0], h1s, site) if declared else next(iter(h1s), "")
    variants = [headline, *declared, *h1s, *_TITLE_SEPARATORS.split(page_title)]
    return tuple(dict.fromkeys(v for v in variants if v))


def _headline(declared: str, h1s: list[str], site: str) -> str:
    """The declared title without the site name it often carries.

    The page's <h1> is the headline when the declared title contains it and it is most
    of it (a logo in an <h1> is not); else a leading or trailing part naming the site goes.
    """
    for h1 in h1s:
        if h1.casefold() != site and h1.casefold() in declared.casefold() \
                and 2 * len(h1) >= len(declared):
            return h1
    parts = _TITLE_SEPARATORS.split(declared)
    if len(parts) > 1 and site and parts[-1].casefold() == site:
        return declared[: -len(parts[-1])].rstrip(_SEPARATOR_CHARS)
    if len(parts) > 1 and site and parts[0].casefold() == site:
        return declared[len(parts[0]):].lstrip(_SEPARATOR_CHARS)
    return declared


def _byline(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> str:
    """Declared author names first, then the page's author markup (its name part only)."""
    author = tags.get("author") or tags.get("article:author") or tags.get("byl")
    if author and "://" in author:
        author = ""
    author = author or tags.get("parsely-author") or tags.get("dc.creator") or ""
    author = author or _ld_authors(objects)
    marked = [] if author else tree.xpath(_AUTHOR_MARKUP)
    for elements in _author_markup(marked):
        if author:
            break
        found = _first_text(elements)
        author = found if len(found) <= _MAX_BYLINE else ""
    author = _BYLINE_END.split(_BY_PREFIX.sub("", _clean(author)), maxsplit=1)[0]
    return author[:_MAX_BYLINE]


def _author_markup(marked: list[HtmlElement]) -> Iterator[Iterable[HtmlElement]]:
    """The page's author markup in order of trust, in page order each: the name parts of
    itemprop=author elements, rel=author links, then every marked element. Within an
    author element its name parts come in page order, and the elements do, so the
    first name with text is the page's first."""
    authors = [e for e in marked if e.get("itemprop") == "author"]
    yield (name for author in authors for name in author.xpath(_NAME_PART))
    yield (e for e in marked if e.tag == "a" and e.get("rel") == "author")
    yield marked


def _iso_date(value: str) -> str | None:
    """An ISO 8601 date or datetime from a machine-readable date attribute, else None.

    A full timestamp keeps its time and zone; otherwise its date part alone, if valid.
    """
    value = value.strip().replace("Z", "+00:00")
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
        text = value if _ISO_DATE.fullmatch(value) else parsed.isoformat()
    except ValueError:
        match = _ISO_DATE.search(value)
        try:
            parsed = datetime.fromisoformat(match.group(0)) if match else None
        except ValueError:
            parsed = None
        text = match.group(0) if match else ""
    return text if parsed and parsed.year in _YEARS else None


def _published(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> str | None:
    """The page's marked publication date (see `guessed_date` for a page that marks none)."""
    candidates = [tags.get(key, "") for key in (
        "article:published_time", "datepublished", "og:published_time", "pubdate",
        "publishdate", "date", "dc.date.issued", "dc.date", "parsely-pub-date")]
    candidates.append(_ld_value(objects, "datePublished"))
    candidates.extend(t.get("datetime", "") for t in tree.iter("time"))
    for value in candidates:
        iso = _iso_date(value) if value else None
        if iso:
            return iso
    return None


def guessed_date(html: str, url: str) -> str | None:
    """htmldate's reading of the address (a blog's /2025/12/19/) and of the text of a page
    that marks no date. It parses and scans the whole page again, so a caller asks for it
    only when neither the markup nor the feed dates the article."""
    return find_date(html, extensive_search=False, original_date=True, url=url or None)


def _language(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> str | None:
    candidates = [tree.get("lang"), tags.get("content-language"), tags.get("og:locale"),
                  _ld_value(objects, "inLanguage")]
    for value in candidates:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def page_meta(tree: HtmlElement, url: str) -> PageMeta:
    """Read the metadata of a parsed page; missing fields are empty strings or None."""
    tags = _meta_tags(tree)
    objects = list(_json_ld_objects(tree))
    titles = _titles(tree, tags, objects)
    description = tags.get("og:description") or tags.get("description") or ""
    url = canonical_url(tree, tags, url)
    return PageMeta(
        url=url,
        title=titles[0] if titles else "",
        titles=titles,
        byline=_byline(tree, tags, objects),
        published=_published(tree, tags, objects),
        language=_language(tree, tags, objects),
        description=description or _ld_value(objects, "description"),
    )
