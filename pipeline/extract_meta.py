"""Article metadata from a parsed page: canonical URL, title, byline, date, language, teaser.

Pages state their metadata in several overlapping places (Open Graph and other meta
tags, JSON-LD, microdata, plain markup); each field takes the first good value in a
fixed order of trust. The extractor also uses the results to keep title, byline and
teaser copies out of the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml.html import HtmlElement

_WS = re.compile(r"\s+")
_BY_PREFIX = re.compile(r"^(?:by|von|por|par|di|door|af|av|от|автор:?)\s+", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00bb\u00b7:-]\s+")
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ARTICLE_TYPES = ("article", "posting", "report", "webpage")
_MAX_BYLINE = 80
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
        except ValueError:
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
        names = [_clean(n) for n in names if isinstance(n, str) and n.strip()]
        if names:
            return ", ".join(dict.fromkeys(names))
    return ""


def _first_text(tree: HtmlElement, xpath: str) -> str:
    for element in tree.xpath(xpath):
        text = _clean(element.text_content())
        if text:
            return text
    return ""


def canonical_url(tree: HtmlElement, tags: dict[str, str], url: str) -> str:
    """<link rel=canonical> or og:url when it is an absolute http(s) address, else `url`."""
    candidates = [link.get("href") for link in tree.xpath("//link[@rel][@href]")
                  if "canonical" in link.get("rel", "").lower().split()]
    candidates.append(tags.get("og:url"))
    for href in candidates:
        if not href:
            continue
        absolute = urljoin(url, href.strip())
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc:
            return absolute
    return url


def _titles(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> tuple[str, ...]:
    """Title variants, the headline shown on the page first; <title> split at separators.

    The visible <h1> wins when the declared titles contain it (they often append the
    site name); otherwise the declared title without its site-name part.
    """
    page_title = _first_text(tree, "//head/title")
    declared = [tags.get("og:title", ""), tags.get("twitter:title", ""),
                _ld_value(objects, "headline"), page_title]
    declared = [_clean(v) for v in declared if v and v.strip()]
    parts = [_clean(p) for p in _TITLE_SEPARATORS.split(declared[0] if declared else "")]
    site = _clean(tags.get("og:site_name", "")).casefold()
    parts = [p for p in parts if p and p.casefold() != site]
    h1 = _first_text(tree, "//h1")
    if h1 and any(h1.casefold() in d.casefold() for d in declared):
        best = [h1]
    else:
        best = [max(parts, key=len)] if parts else []
    variants = [*best, *declared, h1, *_TITLE_SEPARATORS.split(page_title)]
    return tuple(dict.fromkeys(_clean(v) for v in variants if v and v.strip()))


def _byline(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> str:
    author = tags.get("author") or tags.get("article:author") or tags.get("byl")
    if author and "://" in author:
        author = ""
    author = author or tags.get("parsely-author") or tags.get("dc.creator") or ""
    author = author or _ld_authors(objects)
    if not author:
        found = _first_text(tree, "//*[@rel='author' or @itemprop='author']")
        author = found if len(found) <= _MAX_BYLINE else ""
    return _BY_PREFIX.sub("", _clean(author))[:_MAX_BYLINE]


def _iso_date(value: str) -> str | None:
    """An ISO 8601 date or datetime from a machine-readable date attribute, else None."""
    value = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        match = _ISO_DATE.search(value)
        return match.group(0) if match and int(match.group(0)[:4]) in _YEARS else None
    return parsed.isoformat() if parsed.year in _YEARS else None


def _published(tree: HtmlElement, tags: dict[str, str], objects: list[dict]) -> str | None:
    candidates = [tags.get(key, "") for key in (
        "article:published_time", "datepublished", "og:published_time", "pubdate",
        "publishdate", "date", "dc.date.issued", "dc.date", "parsely-pub-date")]
    candidates.append(_ld_value(objects, "datePublished"))
    candidates.extend(t.get("datetime", "") for t in tree.iter("time"))
    for value in candidates:
        iso = _iso_date(value) if value else None
        if iso:
            return iso
    return find_date(tree, extensive_search=False, original_date=True)


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
    return PageMeta(
        url=canonical_url(tree, tags, url),
        title=titles[0] if titles else "",
        titles=titles,
        byline=_byline(tree, tags, objects),
        published=_published(tree, tags, objects),
        language=_language(tree, tags, objects),
        description=description or _ld_value(objects, "description"),
    )
