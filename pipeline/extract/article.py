"""Article extraction: html, url -> Article (body text + metadata). Pure, no I/O.

The page is cut once into text blocks (the runs of text between block-level tags).
trafilatura votes on which blocks are article body; its output is aligned back onto the
blocks. The vote is then refined on the blocks themselves, where the page structure is
still known: prose that trafilatura skipped inside the article container comes back
(lost first paragraphs, subheadings), and titles, bylines, datelines, teaser copies,
captions, share/comment/related/newsletter furniture and the source's learned template
blocks go. Rules fitted to a few pages miss on pages unlike them, so a small learned
classifier (model.py) then second-guesses the rules block by block, with their
verdicts among its features; titles, template blocks, teaser copies and the trailer stay
out whatever it says. Every block's fingerprint is returned so templates can be learned.
"""

from __future__ import annotations

import math
import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from types import SimpleNamespace

import trafilatura
from cssselect import SelectorError
from justext.core import classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph
from justext.utils import get_stoplist, get_stoplists
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
)

from ..models import Article
from ..text import without_xml_invalid
from .boilerplate import block_fingerprint, block_sample, fold
from .meta import PageMeta, page_meta
from .model import BlockModel, load_model

_PARSERS = threading.local()  # lxml parser objects must not be shared between threads
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body button caption center dd details dialog dir div "
    "dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup "
    "hr html legend li main menu nav noframes ol p pre section summary table tbody td tfoot "
    "th thead tr ul".split()
)
_SKIP_TAGS = frozenset(
    "audio canvas embed head iframe input map math noscript object option script select "
    "style svg template textarea title video".split()
)
_UNREAD_TAGS = ("script", "style", "noscript", "iframe", "link", "meta")
_STREAMED = '<div hidden id="S:'  # how React writes a late part of a page
_NOT_XML_BYTES = bytes(c for c in range(32) if c not in b"\t\n\r")  # of text.NOT_XML
_SEGMENT_SPLIT = re.compile(r"\n|\|")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_HIDDEN_CLASS = re.compile(
    r"tooltip|popover|hovercard|screen-reader|sr-only|visually-hidden")
_ANCHOR_CHARS = 25  # normalised length from which a block is unique enough to anchor
_MAX_COPIES = 50  # places considered for one block's text (a table repeating a row)


@dataclass(slots=True)
class Block:
    """A run of page text between block-level tags, with the element that holds it.
    Not changed once made; not frozen, as a page makes hundreds and a frozen dataclass
    takes five times as long to make."""

    index: int
    text: str
    element: HtmlElement
    link_density: float  # the share of its text in links
    norm: str  # the text folded (`boilerplate.fold`), for comparisons
    words: int  # `_words(text)`

    @classmethod
    def of(cls, index: int, text: str, element: HtmlElement, link_chars: int) -> Block:
        """The block of a text whose whitespace is collapsed within lines, as `_segment`
        makes it: its words are then its spaces and line breaks plus one, counted
        without splitting the text (the rules ask most blocks for their words)."""
        count = text.count(" ") + text.count("\n") + 1
        return cls(index, text, element, link_chars / max(1, len(text)), fold(text),
                   _word_estimate(count, len(text)))


def check_selector(sel: str) -> None:
    """Raise ValueError naming `sel` when it is not a valid CSS selector."""
    _compile_selector(sel)


def _compile_selector(sel: str) -> CSSSelector:
    try:
        return CSSSelector(sel)
    except (SelectorError, SyntaxError, TypeError) as err:
        raise ValueError(f"invalid CSS selector {sel!r}: {err}") from err


def _parser() -> HTMLParser:
    """The thread's parser. Its elements are all plain HtmlElement, chosen in C:
    lxml.html's own lookup (form and input classes) calls into Python for every element
    object made, a few thousand per page on every walk over the tree."""
    if not hasattr(_PARSERS, "html"):
        parser = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                            encoding="utf-8")
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
            entity=HtmlEntity))
        _PARSERS.html = parser
    return _PARSERS.html


def _parse(html: str) -> HtmlElement | None:
    """Parse any string into an HTML tree, or None when nothing parseable is left."""
    text = html if isinstance(html, str) else ""
    data = _xml_utf8(text)
    if data is None:
        text = without_xml_invalid(text)
        data = text.encode("utf-8", "replace")
    if not text.strip():
        return None
    try:
        tree = document_fromstring(data, parser=_parser())
    except (etree.ParserError, ValueError):
        return None
    if _STREAMED in text:
        _place_streamed(tree)
    return tree


def _place_streamed(tree: HtmlElement) -> None:
    """Put the parts of a page that React's streaming server rendering (Next.js and the
    like) sends late where a browser shows them. Each comes as a hidden `<div id="S:n">`
    at the end of the body, and a script moves it into the place of its placeholder,
    `<template id="B:n">` or `<template id="P:n">`; without the move a whole article can
    sit in hidden divs. A segment whose placeholder is missing stays hidden, as React
    leaves it."""
    holders = {holder.get("id", "")[2:]: holder for holder in tree.iter("template")
               if holder.get("id", "")[:2] in ("B:", "P:")}
    segments = [div for div in tree.iter("div")
                if div.get("id", "").startswith("S:") and div.get("hidden") is not None]
    for segment in segments:
        holder = holders.get(segment.get("id", "")[2:])
        if holder is None:
            continue
        del segment.attrib["hidden"], segment.attrib["id"]
        holder.addprevious(segment)
        holder.drop_tree()  # its tail follows the segment


def _xml_utf8(text: str) -> bytes | None:
    """The text as UTF-8 when it holds no character an XML parser refuses (nearly every
    page), else None. Encoding first and looking for those in the bytes costs a quarter
    of searching the text for them."""
    if "\ufffe" in text or "\uffff" in text:
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return data if len(data.translate(None, _NOT_XML_BYTES)) == len(data) else None


def _drop_selected(tree: HtmlElement, selectors: Sequence[CSSSelector]) -> None:
    """Remove the elements matched by the source's `remove` selectors (tails are kept)."""
    for selector in selectors:
        matched = selector(tree)
        for element in matched if isinstance(matched, list) else ():
            if isinstance(element, HtmlElement) and element.getparent() is not None:
                element.drop_tree()


def _drop_unread(tree: HtmlElement) -> None:
    """Remove what neither the blocks nor trafilatura's vote read once the metadata is
    taken: scripts but structured data (trafilatura reads a forum thread's mark there),
    styles, frames. trafilatura copies the tree three times and walks every copy, so a
    smaller tree is a faster vote. Vector drawings stay: they sway its vote on some pages."""
    for element in list(tree.iter(*_UNREAD_TAGS)):
        if element.tag == "script" and element.get("type") == "application/ld+json":
            continue
        if element.getparent() is not None:
            element.drop_tree()


def _hidden(element: HtmlElement) -> bool:
    """True for elements readers do not see: hidden by attribute or style, or named as
    hover-only widgets (tooltips, pop-overs) and screen-reader-only text. Asked of every
    element of a page, so it reads the attribute names once (a lookup by name costs as
    much) and judges each class or style string once."""
    names = element.keys()
    if not names:
        return False
    if "hidden" in names or ("aria-hidden" in names and element.get("aria-hidden") == "true"):
        return True
    if "style" in names and _hiding_style(element.get("style")):
        return True
    return "class" in names and _hiding_class(element.get("class"))


@lru_cache(maxsize=4096)
def _hiding_style(style: str) -> bool:
    """Whether a style attribute hides its element (cached: pages repeat them)."""
    return _HIDDEN_STYLE.search(style.lower()) is not None


@lru_cache(maxsize=4096)
def _hiding_class(name: str) -> bool:
    """Whether a class attribute names a hidden widget (cached: pages repeat them)."""
    return _HIDDEN_CLASS.search(name.lower()) is not None


def _segment(tree: HtmlElement) -> list[Block]:
    """Cut the visible text of a page into blocks, in page order.

    One walk over a few thousand elements per page, so its loop does no more than it
    must: the text since the last block-level tag gathers in a list, made into a block
    only at the next boundary.
    """
    blocks: list[Block] = []
    texts: list[str] = []  # the text since the last block boundary
    link_chars = 0  # how much of it is link text
    owners: list[HtmlElement] = [tree]  # the open block-level elements
    in_link, skipped = 0, None
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if tag in _SKIP_TAGS or not isinstance(tag, str) or _hidden(element):
                walker.skip_subtree()
                skipped = element
                continue
            if tag in _BLOCK_TAGS:
                if texts:
                    _add_block(blocks, texts, link_chars, owners[-1])
                    texts, link_chars = [], 0
                owners.append(element)
            elif tag == "a":
                in_link += 1
            elif tag == "br":
                texts.append("\n")
            text = element.text
        else:
            if element is not skipped:
                if tag in _BLOCK_TAGS:
                    owner = owners.pop()
                    if texts:
                        _add_block(blocks, texts, link_chars, owner)
                        texts, link_chars = [], 0
                elif tag == "a":
                    in_link -= 1
            text = element.tail
        if text and (texts or not text.isspace()):  # a block's leading space goes anyway
            texts.append(text)
            if in_link:
                link_chars += len(text.strip())
    if texts:
        _add_block(blocks, texts, link_chars, tree)
    return blocks


def _add_block(blocks: list[Block], texts: list[str], link_chars: int,
               owner: HtmlElement) -> None:
    """Append the block of these texts, their whitespace collapsed within lines, unless
    they are only whitespace."""
    text = "".join(texts)
    if text.isspace():
        return
    if "\n" in text:
        lines = (" ".join(line.split()) for line in text.split("\n"))
        text = "\n".join(filter(None, lines))
    else:
        text = " ".join(text.split())
    if text:
        blocks.append(Block.of(len(blocks), text, owner, link_chars))


def _candidates(norms: list[str], segments: list[str], starts: list[int]
                ) -> list[tuple[int, int, int]]:
    """(block, start, end) of the places in the output where a long block's text occurs.

    Most blocks are whole output lines, found by lookup; the others are searched for.
    """
    lines: dict[str, list[int]] = {}
    for seg, start in zip(segments, starts, strict=True):
        lines.setdefault(seg, []).append(start)
    out = "".join(segments)
    searched: dict[str, list[int]] = {}
    found: list[tuple[int, int, int]] = []
    for k, norm in enumerate(norms):
        if len(norm) < _ANCHOR_CHARS:
            continue
        places = lines.get(norm, [])[:_MAX_COPIES]
        if not places:
            if norm not in searched:
                searched[norm] = _places(norm, out)
            places = searched[norm]
        spans = [(start, start + len(norm)) for start in places] or _head_tail_spans(norm, out)
        found.extend((k, start, end) for start, end in spans)
    return found


def _places(needle: str, out: str) -> list[int]:
    """Start offsets of the first occurrences of `needle` in `out`."""
    places: list[int] = []
    start = out.find(needle)
    while start >= 0 and len(places) < _MAX_COPIES:
        places.append(start)
        start = out.find(needle, start + 1)
    return places


def _head_tail_spans(norm: str, out: str) -> list[tuple[int, int]]:
    """Where a long block occurs with its middle changed (trafilatura drops some inline
    links): its head, and its tail shortly after."""
    if len(norm) < 3 * _ANCHOR_CHARS:
        return []
    head, tail = norm[:_ANCHOR_CHARS], norm[-_ANCHOR_CHARS:]
    spans = []
    for start in _places(head, out):
        end = out.find(tail, start + _ANCHOR_CHARS, start + len(norm) * 5 // 4)
        if end >= 0:
            spans.append((start, end + _ANCHOR_CHARS))
    return spans


def _heaviest_chain(found: list[tuple[int, int, int]]) -> dict[int, tuple[int, int]]:
    """The in-order, non-overlapping choice of matches covering the most text.

    Pages repeat paragraphs (highlights, teasers, pull quotes); only one copy of each
    is where trafilatura's text came from. Weighted longest increasing subsequence over
    (block order, text position), with a Fenwick tree of best chain weight by end.
    """
    ends = sorted({end for _, _, end in found})
    tree = [(0, -1)] * (len(ends) + 1)
    best: list[tuple[int, int]] = []  # (chain weight, previous match) per match
    pending: list[int] = []
    for m, (k, start, end) in enumerate(found):
        if pending and found[pending[0]][0] != k:
            for p in pending:  # matches of one block must not chain with each other
                i = bisect_left(ends, found[p][2]) + 1
                while i <= len(ends):
                    tree[i] = max(tree[i], (best[p][0], p))
                    i += i & -i
            pending = []
        prev, i = (0, -1), bisect_right(ends, start)
        while i > 0:
            prev = max(prev, tree[i])
            i -= i & -i
        best.append((prev[0] + end - start, prev[1]))
        pending.append(m)
    chain: dict[int, tuple[int, int]] = {}
    m = max(range(len(found)), key=lambda j: best[j][0], default=-1)
    while m >= 0:
        chain[found[m][0]] = found[m][1:]
        m = best[m][1]
    return chain


def _align(blocks: list[Block], segments: list[str]) -> set[int]:
    """Indices of the blocks that trafilatura's output text was made of, given as its
    folded lines and table cells (`segments`).

    Long blocks are placed by their text; short ones ("Meal 1", a table cell) only when
    they equal a whole output line or cell between the neighbouring placed blocks.
    """
    starts, total = [], 0
    for seg in segments:
        starts.append(total)
        total += len(seg)
    norms = [block.norm for block in blocks]
    placed = _heaviest_chain(_candidates(norms, segments, starts))
    anchors = sorted(placed)
    chosen, cursor = set(placed), 0
    for k, norm in enumerate(norms):
        if k in placed:
            cursor = max(cursor, bisect_left(starts, placed[k][1]))
            continue
        if not norm or len(norm) >= _ANCHOR_CHARS:
            continue
        a = bisect_left(anchors, k)
        limit = placed[anchors[a]][0] if a < len(anchors) else total
        for m in range(cursor, bisect_left(starts, limit)):
            if segments[m] == norm:
                chosen.add(k)
                cursor = m + 1
                break
    return chosen


# Furniture phrases in several languages, matched in short blocks only (_MAX_NOTICE_WORDS):
# unambiguous ones anywhere in the block; words that also occur in news prose only as the
# block's start, and labels only as the whole block. This pattern, _CAPTION and _DATE are
# matched against lower-cased text, three times faster than with re.IGNORECASE.
_FURNITURE = re.compile(
    r"share (?:this|on|via)\b|leave a (?:comment|reply)\b|no comments\b|comments? (?:are|is) closed"
    r"|post a comment|add a comment|\b\d+ comments?\b|join the (?:discussion|conversation)"
    r"|email address will not be published|akismet|(?:our|free|daily|weekly) newsletters?\b"
    r"|newsletters?$|(?:in|to) your inbox|follow (?:us|him|her|them|\S+) on (?:twitter"
    r"|facebook|instagram)|like us on|all rights reserved|\u00a9|copyright \d{4}"
    r"|requires javascript|enable javascript|tell us what you think|open in app"
    r"|externe[nr]? inhalt|external content|third[- ]party content|redaktioneller inhalt"
    r"|an drittplattformen|in unserer datenschutzerklärung|ein klick für den datenschutz"
    r"|by (?:signing up|subscribing|providing your email)[^.]{0,40}\byou (?:agree|confirm)"
    r"|agree to (?:our|the) [^.]{0,40}privacy policy|read (?:our|the) privacy policy"
    r"|\bmay (?:earn|receive|get|make)\b[^.]{0,30}\bcommission|earns? us (?:a )?(?:small )?"
    r"commission|we earn commissions|(?:contains?|includes?|uses?) (?:some )?affiliate links?"
    r"|qualifying purchases"
    r"|(?:download|get) (?:the|our) app|rechte vorbehalten|direitos reservados"
    r"|derechos reservados|droits réservés|права защищены|무단 ?전재"
    r"|^(?:share(?: this| on| via|:|$)|comments?(?:$|\s*[:(\d])|tags?:|categor(?:y|ies):"
    r"|source:|filed under|related(?:\s*:|\s+(?:stories|articles|posts|news|links)\b)"
    r"|disclaimer\b|sign up\b|subscribe\b|teilen\b|kommentare?\b|compartilh|compartir\b"
    r"|comparte\b|partager\b|condividi\b|deixe (?:um|seu) comentário|deja un comentario"
    r"|laisser un commentaire|lascia un commento|поделиться|комментари|подписывайтесь"
    r"|tinggalkan balasan|bagikan\b)"
    r"|^(?:table of contents|advert(?:isement)?|sponsored(?: content)?|anzeige|publicidad"
    r"|publicité|pubblicità"
    r"|iklan|реклама|광고|広告|댓글|공유하기|구독하기|コメント|シェア|分享|评论)\W*\d*\W*$",
)
# Headings that open a list of links to other stories: what follows is not the article.
_RELATED_HEADING = re.compile(
    r"^(?:(?:related|more|see also|also read|read also|read more|recommended|trending|latest"
    r"|most (?:read|popular|viewed|shared)|top stories|don'?t miss|you (?:may|might) "
    r"(?:also )?(?:like|enjoy|be interested in)|more (?:from|on|in) [\w' ]+"
    r"|related (?:stories|articles|posts|news|coverage|content|links|topics)"
    r"|(?:\w+ )?related stories|weitere artikel|mehr zum thema|lesen sie auch|leia também"
    r"|veja também|notícias relacionadas|lee también|noticias relacionadas|lire aussi"
    r"|à lire aussi|leggi anche|читайте также|по теме|baca juga)\W*$|관련 ?기사|関連記事)",
    re.IGNORECASE,
)
# Calls to action that end many articles ("Follow us on...", "Have a tip?").
_TAIL_PROMPT = re.compile(
    r"(?:follow\b(?=.*(?:https?://|www\.|@\w|twitter|facebook|instagram))|follow (?:us|me)\b"
    r"|listen (?:to|live|back)|watch (?:the|our|live|more|now)|subscribe|sign up|download"
    r"|click|get (?:the|our|access)|read (?:more|the full)|visit (?:our|the|us|www)"
    r"|support (?:us|our)|donate|join (?:us|our)|if you (?:enjoyed|like|liked|value)"
    r"|have a (?:tip|story)|send us|tell us|contact us|disclaimer|folgen sie|abonnieren sie"
    r"|siga-nos|assine|inscreva-se|suivez-nous|abonnez-vous|síguenos|suscríbete"
    r"|подписывайтесь|читайте (?:также|нас)|ikuti)\b",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\(?(?:photo|image|picture|foto|фото|illustration)s?(?:\s+credit)?\s*(?::|/|by\b)"
    r"|^\(?credits?\s*:|\((?:[^()]*\b)?(?:photo|photograph|image|foto|фото|file)\b[^()]*\)\s*$"
    r"|(?:getty images|shutterstock|reuters|afp|ap photo|/ap|\u00a9[^.]*)\s*\)?\s*$",
)
_MONTH = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|januar|februar"
    r"|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août"
    r"|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto"
    r"|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho"
    r"|setembro|outubro|dezembro|января|февраля|марта|апреля|мая|июня|июля|августа|сентября"
    r"|октября|ноября|декабря"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}:\d{{2}}\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    rf"|\b(?:{_MONTH})\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTH})\b"
    rf"|\b(?:{_MONTH})\s+\d{{4}}\b|\d{{4}}\s*[年.]\s*\d{{1,2}}\s*[月.]",
)
_BY = re.compile(r"^(?:by|von|por|par|di|door|от)\s+", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_NAME_JOINERS = frozenset(("and", "und", "y", "e", "et", "&", "de", "da", "van", "von", "di"))
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f]['\"\u201d\u2019)]*$")
_ELLIPSES = ("...", "\u2026")
_CLASS_WORDS = re.compile(r"[a-z]+")
# Class and id names of furniture: word prefixes, and words that must match whole.
_FURNITURE_CLASSES = (
    "share", "sharing", "social", "related", "newsletter", "subscri", "signup", "caption",
    "credit", "promo", "advert", "sponsor", "breadcrumb", "byline", "dateline", "author",
    "outbrain", "taboola", "recommend", "popular", "trending", "tooltip", "rollover", "popup",
    "modal", "cookie", "sidebar", "toolbar", "paywall", "teaser",
)
# Whole words of furniture names; those of comment sections are also left out before
# jusText's re-read (`_in_removed_box`).
_COMMENT_WORDS = frozenset(("comment", "comments", "commentlist", "commentform", "respond",
                            "disqus"))
_FURNITURE_CLASS_WORDS = frozenset(("meta", "tags", "tag", "footer", "ad", "ads")) | _COMMENT_WORDS
_FURNITURE_TAGS = frozenset(("figure", "figcaption", "aside", "nav"))
_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_MAX_NOTICE_WORDS = 30  # furniture phrases in longer blocks are ordinary prose
_MAX_LINK_WORDS = 20  # a headline linking elsewhere; longer linked text is a paragraph
_MAX_LINE_WORDS = 12  # bylines, datelines and captions are about one line long
_PROSE_WORDS = 12
_MAX_GAP = 20  # blocks; a longer run skipped inside the article is a widget (gallery, box)
_MIN_PLACED = 0.25  # share of trafilatura's text its aligned blocks must hold
# When trafilatura's fast vote is retried (`_vote`): its own escalation constants
# (trafilatura.core ESCALATION_*), not tuned here.
_RETRY_PAGE_SHARE, _RETRY_ACCEPT = 0.2, 1.5
_REMOVED_TAGS = _FURNITURE_TAGS | {"footer"}  # left out before jusText's retry reads a page


def _words(text: str) -> int:
    """Word count; for scripts written without spaces, about one word per two characters."""
    return _word_estimate(len(text.split()), len(text))


def _word_estimate(count: int, length: int) -> int:
    """`count` words in `length` characters; for scripts written without spaces, about
    one word per two characters."""
    return length // 2 if length > 10 * count else count


def _is_prose(block: Block) -> bool:
    """A sentence-like paragraph: long enough and not mostly link text."""
    return block.words >= _PROSE_WORDS and block.link_density < 0.3


def _ancestors(element: HtmlElement, container: HtmlElement) -> list[HtmlElement]:
    """The element and its ancestors below the container (all of them if outside it)."""
    chain = []
    while element is not None and element is not container:
        chain.append(element)
        element = element.getparent()
    return chain


def _furniture_class(chain: list[HtmlElement]) -> bool:
    """True when an element of the chain is a figure/aside/nav or is named like furniture."""
    for element in chain:
        if element.tag in _FURNITURE_TAGS:
            return True
        if _name_bits(element.get("class", ""), element.get("id", "")) & _FURNITURE_NAME:
            return True
    return False


def _in_form(chain: list[HtmlElement], container: HtmlElement) -> bool:
    """Whether a block inside the article's box sits in a form there: a sign-up, search
    or comment box. A form around the whole page (ASP.NET's) holds the box itself, so
    it is in no such chain; a block outside the box, whose chain runs up to the root,
    is not asked."""
    inside = bool(chain) and chain[-1].getparent() is container
    return inside and any(element.tag == "form" for element in chain)


_FURNITURE_NAME, _BODY_NAME, _NAV_NAME = 1, 2, 4


@lru_cache(maxsize=4096)
def _name_bits(class_name: str, element_id: str) -> int:
    """Whether an element's class and id name furniture, a body box or navigation, as
    bits (_FURNITURE_NAME, _BODY_NAME, _NAV_NAME). Cached: a page repeats a few names on
    hundreds of elements, and sites share them."""
    bits = 0
    for word in _CLASS_WORDS.findall(f"{class_name} {element_id}".lower()):
        if word in _FURNITURE_CLASS_WORDS or word.startswith(_FURNITURE_CLASSES):
            bits |= _FURNITURE_NAME
        if word.startswith(_BODY_CLASSES):
            bits |= _BODY_NAME
        if word.startswith(_NAV_CLASSES):
            bits |= _NAV_NAME
    return bits


def _is_byline(text: str, byline: str) -> bool:
    """A line naming the author: the page's declared author or "By" and a name, nearly alone."""
    rest = _BY.sub("", text)
    if byline and fold(rest).startswith(byline):
        return len(fold(rest)) <= 2 * len(byline)
    names = rest.replace(",", " ").split()
    return rest != text and 0 < len(names) <= 6 and all(
        name[:1].isupper() or name.lower() in _NAME_JOINERS for name in names)


@lru_cache(maxsize=4096)
def _is_notice(text: str) -> bool:
    """Whether a short block has a furniture phrase (_FURNITURE). Asked of a block by
    the rules, the classifier's features and the trailer's trim alike: answered once."""
    return _FURNITURE.search(text.lower()) is not None


def _is_dateline(text: str) -> bool:
    """A line giving a date or time ("Updated: Feb 18, 2022 06:50 IST"), not a sentence
    that mentions one."""
    lowered = text.lower()
    # each form of date has a digit: looking for one first spares most lines the search
    if not _DIGIT.search(text) or not _DATE.search(lowered):
        return False
    rest = _DATE.sub(" ", lowered)
    return not _SENTENCE_END.search(text) or len(_LETTERS.findall(rest)) <= 4


@dataclass(frozen=True)
class _Page:
    """What the body rules need to know about the page besides the block itself."""

    container: HtmlElement
    titles: frozenset[str]
    byline: str
    template: frozenset[str]
    fingerprints: Sequence[str]


def _container(blocks: list[Block], chosen: set[int]) -> HtmlElement:
    """The innermost element holding nine tenths of the chosen text: the article's box."""
    weight: dict[HtmlElement, int] = {}
    depth: dict[HtmlElement, int] = {}
    total = 0
    for k in chosen:
        size = len(blocks[k].text)
        total += size
        chain = [blocks[k].element, *blocks[k].element.iterancestors()]
        for level, element in enumerate(reversed(chain)):
            weight[element] = weight.get(element, 0) + size
            depth[element] = level
    boxes = [e for e, w in weight.items() if w >= 0.9 * total]
    return max(boxes, key=depth.__getitem__, default=blocks[0].element.getroottree().getroot())


def _inside(element: HtmlElement, container: HtmlElement) -> bool:
    while element is not None:
        if element is container:
            return True
        element = element.getparent()
    return False


def _in_flow(block: Block, flow: set[HtmlElement], container: HtmlElement) -> bool:
    """Whether a skipped block reads as part of the article around it.

    Prose, subheadings, quotes (embedded posts) and short lines set beside chosen
    paragraphs do; link lists and widgets do not.
    """
    if block.link_density >= 0.5 or not _inside(block.element, container):
        return False
    chain = _ancestors(block.element, container)
    return (_is_prose(block) or block.element.tag in _HEADINGS
            or block.element.getparent() in flow or any(e.tag == "blockquote" for e in chain))


def _widen(blocks: list[Block], chosen: set[int], container: HtmlElement) -> list[Block]:
    """The chosen blocks plus the text trafilatura skipped inside the article's box.

    What lies in short gaps between chosen blocks comes back when it reads as part of
    the article; so does prose just before the first chosen block (a lede set apart
    from the body) and prose set beside the last one. The rules in `_drop_reason` then
    judge every candidate alike.
    """
    order = sorted(chosen)
    picked = set(chosen)
    flow = {blocks[k].element.getparent() for k in chosen}
    for k in range(order[0] - 1, max(-1, order[0] - 1 - _MAX_GAP), -1):
        if not _inside(blocks[k].element, container):
            break
        if _is_prose(blocks[k]):
            picked.add(k)
    for before, after in pairwise(order):
        if after - before <= _MAX_GAP:
            picked.update(k for k in range(before + 1, after)
                          if _in_flow(blocks[k], flow, container))
    for k in range(order[-1] + 1, min(len(blocks), order[-1] + 1 + _MAX_GAP)):
        if not _inside(blocks[k].element, container):
            break
        if _is_prose(blocks[k]) and blocks[k].element.getparent() in flow:
            picked.add(k)
    return [blocks[k] for k in sorted(picked)]


def _trim_tail(blocks: list[Block]) -> list[Block]:
    """Drop what trails the article (see `tail_start`)."""
    return blocks[:tail_start([b.text for b in blocks], [b.element.tag in _HEADINGS
                                                         for b in blocks])]


def tail_start(texts: Sequence[str], headings: Sequence[bool]) -> int:
    """Where the trailer of an article's blocks begins: calls to action, furniture,
    headings with no text, and lead-ins ending in a colon, which introduce what is not
    article text (a list of the site's addresses, a link box) when nothing follows."""
    end = len(texts)
    while end > 1:
        text, words = texts[end - 1], _words(texts[end - 1])
        prompt = words <= 2 * _MAX_NOTICE_WORDS and _TAIL_PROMPT.match(text)
        notice = words <= _MAX_NOTICE_WORDS and _is_notice(text)
        if not (headings[end - 1] or prompt or notice or text.endswith(":")):
            break
        end -= 1
    return end


def _is_title(block: Block, page: _Page) -> bool:
    """The headline or another title of the page: the article's metadata, not its body."""
    return block.norm in page.titles or block.element.tag == "h1"


def _drop_reason(block: Block, page: _Page) -> str:
    """Why a candidate block is not article text, or "" when it is.

    Quotes (blockquote: embedded posts, pull quotes) are content, so the dateline and
    naming rules spare them.
    """
    text, words, tag = block.text, block.words, block.element.tag
    chain = _ancestors(block.element, page.container)
    quoted = any(element.tag == "blockquote" for element in chain)
    if page.fingerprints[block.index] in page.template:
        return "template"
    if _is_title(block, page):
        return "title"
    if words <= _MAX_LINE_WORDS and _is_byline(text, page.byline):
        return "byline"
    if words <= _MAX_LINE_WORDS and not quoted and tag not in ("td", "th") and _is_dateline(text):
        return "dateline"
    if words <= 3 * _MAX_LINE_WORDS and _CAPTION.search(text.lower()):
        return "caption"
    if words <= _MAX_NOTICE_WORDS and _is_notice(text):
        return "furniture"
    if words <= _MAX_LINK_WORDS and block.link_density >= 0.6 and tag not in ("td", "th"):
        return "links"
    if not quoted and _furniture_class(chain):
        return "class"
    if _in_form(chain, page.container):
        return "form"
    return ""


def _drop_copies(blocks: list[Block], chosen: set[int]) -> list[Block]:
    """Drop teaser copies and the repeats trafilatura did not choose.

    A teaser starts like a longer block and is cut short with an ellipsis, or repeats
    the first paragraph in full before it. Other repeats (a menu, a recipe used twice)
    stay when trafilatura chose them.
    """
    norms = [block.norm for block in blocks]  # an ellipsis is punctuation: not in norm
    ordered = sorted(set(norms))  # a prefix sorts right before the strings it starts
    last = {norm: i for i, norm in enumerate(norms)}
    first_prose = next((i for i, block in enumerate(blocks) if _is_prose(block)), -1)
    kept = []
    for i, (block, norm) in enumerate(zip(blocks, norms, strict=True)):
        after = bisect_right(ordered, norm)
        cut = block.text.rstrip().endswith(_ELLIPSES)
        teaser = (cut and after < len(ordered) and ordered[after].startswith(norm)) or (
            i == first_prose and last[norm] != i)
        repeat = last[norm] != i and block.index not in chosen
        if not norm or not (teaser or repeat):
            kept.append(block)
    return kept


@dataclass(frozen=True)
class _Votes:
    """What the rules said about the blocks: the widened candidates, why each candidate
    was dropped ("" when it was not), the ones inside a related-links list, and the
    blocks kept in the end."""

    widened: list[Block]
    reasons: dict[int, str]
    related: frozenset[int]
    kept: list[Block]


def _rule_votes(blocks: list[Block], chosen: set[int], page: _Page) -> _Votes:
    """The article's paragraphs by the rules: the widened vote minus everything that is
    not body text."""
    widened = _widen(blocks, chosen, page.container)
    kept: list[Block] = []
    reasons: dict[int, str] = {}
    related: set[int] = set()
    in_related = False
    for block in widened:
        if block.words <= _MAX_LINE_WORDS and _RELATED_HEADING.match(block.text):
            in_related = True
            related.add(block.index)
            continue
        in_related = in_related and not _is_prose(block)
        reasons[block.index] = _drop_reason(block, page)
        if in_related:
            related.add(block.index)
        elif not reasons[block.index]:
            kept.append(block)
    return _Votes(widened, reasons, frozenset(related), finish_body(kept, chosen))


def finish_body(blocks: list[Block], chosen: set[int]) -> list[Block]:
    """The body blocks without teaser copies, repeats and the trailer: what no page's
    article has, whoever (the rules or the model) chose the blocks."""
    return _trim_tail(_drop_copies(blocks, chosen))


# The learned classifier's view of a block (pipeline/extract/model.py). Rule outcomes are
# features, not decisions: the model learns when a rule is right on pages it never fitted.
# Every feature means the same on any site and in any language: structure, text
# statistics, the place relative to trafilatura's choice, rule outcomes. None describes
# the page as a whole (its size, its share of anchored text): with those the trees learn
# which collection a page is from and that collection's conventions, which held out by
# collection costs more than it gains.
_TAG_GROUPS = (("p",), ("h1",), tuple(sorted(_HEADINGS)), ("li", "dd", "dt"),
               ("div", "section", "article", "main", "center"), ("pre",))
# Ancestor marks, one bit each: tags, then class/id names of body boxes and of furniture.
_MARK_TAGS = ("article", "main", "header", "li", "table", "blockquote")
_BODY_CLASSES = ("article", "content", "post", "entry", "story", "body", "text", "prose")
_NAV_CLASSES = ("menu", "nav", "header", "footer", "sidebar", "widget", "breadcrumb", "comment")
_MARKS = (*_MARK_TAGS, "furniture-class", "body-class", "nav-class")
_SENTENCE_MARKS = re.compile(r"[.!?\u3002\uff01\uff1f](?:\s|$)")
_PUNCT = re.compile(r"[^\w\s]")
_ASCII_NOT_PUNCT = bytes(c for c in range(128) if not _PUNCT.match(chr(c)))
_ASCII_NOT_DIGIT = bytes(c for c in range(128) if not _DIGIT.match(chr(c)))
_NEAR = 10  # blocks either side of trafilatura's choice that the classifier judges
_CLOSE = 2  # blocks either side of one of its choices judged even when not prose-like
_AGREED_WORDS = 25  # shorter blocks both votes keep, between two such, skip the model
_SAMPLE = 400  # characters of a block its text statistics are taken from
FEATURES: tuple[str, ...] = (
    "anchor", "widened", "kept", "reason-class",
    *(f"tag-{g[0]}" for g in _TAG_GROUPS), *(f"in-{m}" for m in _MARKS),
    "in-container", "depth-below-container", "position", "from-first-anchor",
    "from-last-anchor", "anchors-near", "parent-anchor-share", "grandparent-anchor-share",
    "great-grandparent-anchor-share", "parent-log-chars", "log-words", "log-chars",
    "link-density", "prose", "sentence-end", "sentences-per-word", "commas-per-word",
    "punct-share", "digit-share", "capitalised-share", "chars-per-word", "title-words",
    "ends-colon", "is-title", "description", "copies", "first-copy", "furniture-like",
    "prompt-like", "prev-anchor", "next-anchor", "prev-log-words", "next-log-words",
    "prev-link-density", "next-link-density", "same-parent-prev", "same-parent-next",
)


def _judged(blocks: list[Block], chosen: set[int], votes: _Votes) -> list[int]:
    """The blocks the classifier judges: the rules' candidates, and of the blocks within
    _NEAR of trafilatura's first and last choice those within _CLOSE of one of its
    choices or prose-like. That holds 99% of the body text on each set at under half
    the blocks; the rest (menus, footers, the short lines of widgets between the
    article's paragraphs), which the model all but never keeps, stays out unscored: so
    the model's cost stays below trafilatura's."""
    order = sorted(chosen)
    near = range(max(0, order[0] - _NEAR), min(len(blocks), order[-1] + _NEAR + 1))
    close = {j for k in order for j in range(k - _CLOSE, k + _CLOSE + 1)}
    close.update(block.index for block in votes.widened)
    return sorted({*close.intersection(near), *(block.index for block in votes.widened),
                   *(k for k in near if k not in close and _is_prose(blocks[k]))})


def _agreed(blocks: list[Block], chosen: set[int], kept: set[int]) -> set[int]:
    """Short blocks that trafilatura chose and the rules kept, as they did both
    neighbours: body text without asking the model, which keeps all but one in
    several hundred of them (the long ones it drops more often, a comment thread
    both took for the article), at a third of the blocks it would judge."""
    return {k for k in kept if k in chosen and blocks[k].words < _AGREED_WORDS
            and k - 1 in chosen and k + 1 in chosen and k - 1 in kept and k + 1 in kept}


def _mark_bits(element: HtmlElement, container: HtmlElement,
               memo: dict[HtmlElement | None, tuple[int, int]]) -> tuple[int, int]:
    """Bit set of _MARKS over the element and all its ancestors, and its depth below the
    container (-1 when outside it), memoised per element: one walk up for both."""
    path = []
    while element not in memo:
        path.append(element)
        element = element.getparent()
    bits, depth = memo[element]
    for node in reversed(path):
        if node.tag in _MARK_TAGS:
            bits |= 1 << _MARK_TAGS.index(node.tag)
        bits |= _name_bits(node.get("class", ""), node.get("id", "")) << len(_MARK_TAGS)
        depth = depth + 1 if depth >= 0 else -1
        memo[node] = bits, depth
    return bits, depth


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


def _text_stats(text: str, count: int, title_words: set[str]) -> list[float]:
    """Ratios of the block's first _SAMPLE characters (a long block's opening reads like
    the rest of it): sentence ends, commas, punctuation, digits, capitals, title words
    per word or character, and characters per word."""
    sample = text[:_SAMPLE]
    # `count` is the whole text's word count, the sample's when the text is no longer
    words = max(1, count if len(text) <= _SAMPLE else _words(sample))
    chars = max(1, len(sample))
    letters = _LETTERS.findall(sample)
    n_letters = max(1, len(letters))
    initials = "".join([word[0] for word in letters])
    punct, digits = _punct_digits(sample)
    return [
        len(_SENTENCE_MARKS.findall(sample)) / words, sample.count(",") / words,
        punct / chars, digits / chars,
        sum(map(str.isupper, initials)) / n_letters, chars / words,
        sum(map(title_words.__contains__, map(str.casefold, letters))) / n_letters,
    ]


def _punct_digits(sample: str) -> tuple[int, int]:
    """How many characters of the sample _PUNCT and _DIGIT match: of an ASCII sample,
    the bytes left when the others are deleted, cheaper than listing the matches."""
    if sample.isascii():
        data = sample.encode("ascii")
        return (len(data.translate(None, _ASCII_NOT_PUNCT)),
                len(data.translate(None, _ASCII_NOT_DIGIT)))
    return len(_PUNCT.findall(sample)), len(_DIGIT.findall(sample))


def _one_hot(values: Sequence[object], *groups: tuple[object, ...]
             ) -> dict[object, tuple[bool, ...]]:
    """For each value, whether it is in each group: the columns of a categorical feature."""
    return {value: tuple(value in group for group in groups) for value in values}


_TAG_COLUMNS = _one_hot([tag for group in _TAG_GROUPS for tag in group], *_TAG_GROUPS)
_NO_TAG = (False,) * len(_TAG_GROUPS)


def _features(blocks: list[Block], judged: list[int], chosen: set[int], votes: _Votes,
              page: _Page, meta: PageMeta) -> list[list[float]]:
    """One feature row per judged block, in the order of FEATURES. Phrase rules that
    only apply to short blocks are not run on long ones."""
    n = len(blocks)
    order = sorted(chosen)
    first, last = order[0], order[-1]
    widened = {b.index for b in votes.widened}
    kept = {b.index for b in votes.kept}
    title_words = {w for t in meta.titles for w in _LETTERS.findall(t.casefold())}
    description = fold(meta.description)
    copies = Counter(block.norm for block in blocks)
    parents = [block.element.getparent() for block in blocks]
    up_of = {parent: _boxes(parent) for parent in dict.fromkeys(parents)}
    box_chars, box_anchor = _box_sums(blocks, parents, up_of, chosen)
    first_seen = {block.norm: block.index for block in reversed(blocks)}
    memo: dict[HtmlElement | None, tuple[int, int]] = {None: (0, -1)}
    memo[page.container] = (_mark_bits(page.container, page.container, memo)[0], 0)
    mark_columns: dict[int, tuple[int, ...]] = {}
    rows: list[list[float]] = []
    for k in judged:
        block = blocks[k]
        text, count, parent = block.text, block.words, parents[k]
        bits, depth = _mark_bits(block.element, page.container, memo)
        end = text[-4:]
        if bits not in mark_columns:
            mark_columns[bits] = tuple(bits >> i & 1 for i in range(len(_MARKS)))
        up = up_of[parent]
        density = block.link_density
        row = [
            k in chosen, k in widened, k in kept, votes.reasons.get(k) == "class",
            *_TAG_COLUMNS.get(block.element.tag, _NO_TAG),
            *mark_columns[bits],
            depth >= 0, depth, k / n,
            max(-50, min(50, k - first)), max(-50, min(50, k - last)),
            len(chosen.intersection(range(k - 3, k + 4))),
            box_anchor.get(up[0], 0) / max(1, box_chars[up[0]]),
            box_anchor.get(up[1], 0) / max(1, box_chars[up[1]]),
            box_anchor.get(up[2], 0) / max(1, box_chars[up[2]]),
            _log(box_chars[up[0]]),
            _log(count), _log(len(text)), density, count >= _PROSE_WORDS and density < 0.3,
            _SENTENCE_END.search(end) is not None,
            *_text_stats(text, count, title_words), end.rstrip().endswith(":"),
            block.norm in page.titles,
            len(block.norm) >= 20 and (
                block.norm in description or description[:len(block.norm)] == block.norm),
            _log(copies[block.norm] - 1), first_seen[block.norm] == k,
            count <= _MAX_NOTICE_WORDS and _is_notice(text),
            count <= 2 * _MAX_NOTICE_WORDS and _TAIL_PROMPT.match(text) is not None,
            k - 1 in chosen, k + 1 in chosen,
            _log(blocks[k - 1].words) if k else -1, _log(blocks[k + 1].words) if k + 1 < n else -1,
            blocks[k - 1].link_density if k else -1,
            blocks[k + 1].link_density if k + 1 < n else -1,
            k > 0 and parents[k - 1] is parent,
            k + 1 < n and parents[k + 1] is parent,
        ]
        rows.append(row)
    return rows


def _boxes(parent: HtmlElement | None) -> tuple[HtmlElement | None, ...]:
    """A block's parent, grandparent and great-grandparent (None above the root)."""
    grandparent = parent.getparent() if parent is not None else None
    great = grandparent.getparent() if grandparent is not None else None
    return parent, grandparent, great


def _box_sums(blocks: list[Block], parents: list[HtmlElement | None],
              up_of: dict[HtmlElement | None, tuple[HtmlElement | None, ...]], chosen: set[int]
              ) -> tuple[dict[HtmlElement | None, int], dict[HtmlElement | None, int]]:
    """The text under each block's parent, grandparent and great-grandparent (`up_of`
    the parent), all of it and the anchored part: summed by parent first, as blocks
    mostly share one."""
    by_parent: dict[HtmlElement | None, int] = {}
    anchored: dict[HtmlElement | None, int] = {}
    for block, parent in zip(blocks, parents, strict=True):
        size = len(block.text)
        by_parent[parent] = by_parent.get(parent, 0) + size
        if block.index in chosen:
            anchored[parent] = anchored.get(parent, 0) + size
    box_chars: dict[HtmlElement | None, int] = {}
    box_anchor: dict[HtmlElement | None, int] = {}
    for parent, size in by_parent.items():
        for box in up_of[parent]:
            box_chars[box] = box_chars.get(box, 0) + size
            if parent in anchored:
                box_anchor[box] = box_anchor.get(box, 0) + anchored[parent]
    return box_chars, box_anchor


def _vote(tree: HtmlElement, url: str, blocks: list[Block]) -> str:
    """trafilatura's body text for the page, tuned for recall: the rules and the classifier
    take away what is not body ("" when it finds none). Its fast recall pass stops at a
    fragment on some pages (a teaser above a long guide, one box of a listing); so a
    vote small beside the page's visible text is retried with jusText, the fallback
    trafilatura's own full cascade turns to on those pages, and the retry is kept when
    clearly longer (trafilatura's escalation test, which its recall mode skips, without
    its cap of 3,000 characters: a page's FAQ above its guide is longer than that).
    jusText reads the blocks already cut rather than the page again: the full cascade
    took seven times as long on those pages, for F1 within 0.003 of this held out."""
    document = trafilatura.bare_extraction(
        tree, url=url or None, favor_recall=True, include_comments=False,
        include_tables=True, with_metadata=False, fast=True,
    )
    text = (getattr(document, "text", None) or "") if document else ""
    if len(text) >= _RETRY_PAGE_SHARE * _chars(blocks):
        return text
    retry = _justext_text(blocks)
    return retry if len(retry) > _RETRY_ACCEPT * len(text) else text


def _justext_text(blocks: list[Block]) -> str:
    """The blocks jusText classifies as good, with the settings trafilatura gives it
    and every language's stop words (trafilatura's choice when it is told no language),
    leaving out footers, asides, figures, navigation and comment sections first, as
    trafilatura's cleaning does before jusText sees a page: jusText alone takes a
    comment thread for body text."""
    memo: dict[HtmlElement | None, bool] = {None: False}
    kept = [block for block in blocks if not _in_removed_box(block.element, memo)]
    paragraphs = [_Paragraph(block) for block in kept]
    classify_paragraphs(paragraphs, _stop_words(), length_low=50, length_high=150,
                        stopwords_low=0.1, stopwords_high=0.2, max_link_density=0.25,
                        no_headings=True)
    revise_paragraph_classification(paragraphs, max_heading_distance=150)
    return "\n".join(block.text for block, paragraph in zip(kept, paragraphs, strict=True)
                     if not paragraph.is_boilerplate)


class _Paragraph(Paragraph):
    """jusText's paragraph for a block. Its path only tells headings (ignored with
    no_headings) and select boxes (never made into blocks). Its text is the block's, whose
    whitespace `_segment` has already collapsed: jusText's own `text` collapses it again on
    every read, a dozen reads a paragraph, which made the retry's cost."""

    def __init__(self, block: Block) -> None:
        super().__init__(_NO_PATH)
        self.text_nodes = [block.text]
        self.chars_count_in_links = round(block.link_density * len(block.text))

    @property
    def text(self) -> str:
        return self.text_nodes[0]


_NO_PATH = SimpleNamespace(dom="", xpath="")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(word for language in get_stoplists() for word in get_stoplist(language))


def _in_removed_box(element: HtmlElement, memo: dict[HtmlElement | None, bool]) -> bool:
    """Whether the element is in a footer, aside, figure or nav or in a box named for
    comments (not the page's body, whose classes name the page), memoised per element:
    blocks share their ancestors. `memo` starts as {None: False}."""
    path = []
    while element not in memo:
        path.append(element)
        element = element.getparent()
    inside = memo[element]
    for node in reversed(path):
        inside = inside or node.tag in _REMOVED_TAGS or (
            node.tag != "body" and _names_comments(node.get("class", ""), node.get("id", "")))
        memo[node] = inside
    return inside


@lru_cache(maxsize=4096)
def _names_comments(class_name: str, element_id: str) -> bool:
    words = _CLASS_WORDS.findall(f"{class_name} {element_id}".lower())
    return not _COMMENT_WORDS.isdisjoint(words)


def extract_article(
    html: str,
    url: str,
    *,
    remove: Sequence[str] = (),
    template: frozenset[str] = frozenset(),
) -> Article:
    """Body text and metadata of an article page; text is "" when the page has none.

    `remove` are the source's CSS selectors, dropped before anything else; `template`
    are fingerprints learned from the source's other pages (`boilerplate.SiteTemplate`).
    The shipped block classifier decides which blocks are body, the rules alone when
    the package has no model.
    """
    return extract_with(html, url, load_model(FEATURES), remove=remove, template=template)


def extract_with(
    html: str,
    url: str,
    model: BlockModel | None,
    *,
    remove: Sequence[str] = (),
    template: frozenset[str] = frozenset(),
) -> Article:
    """`extract_article` with a given block model (None: the rules alone decide)."""
    selectors = [_compile_selector(sel) for sel in remove]
    tree = _parse(html)
    if tree is None:
        return Article(url=url, title="", text="")
    _drop_selected(tree, selectors)
    meta = page_meta(tree, url)
    _drop_unread(tree)
    blocks = _segment(tree)
    fingerprints = tuple(block_fingerprint(block.text, block.norm) for block in blocks)
    voted = _vote(tree, url, blocks)
    chosen = _placed(blocks, voted)
    body: list[Block] = []
    if chosen:
        page = _page(blocks, chosen, meta, template, fingerprints)
        votes = _rule_votes(blocks, chosen, page)
        body = votes.kept
        if model is not None:
            kept = {block.index for block in votes.kept}
            agreed = _agreed(blocks, chosen, kept)
            judged = [k for k in _judged(blocks, chosen, votes) if k not in agreed]
            rows = _features(blocks, judged, chosen, votes, page, meta)
            keep = {k for k, row in zip(judged, rows, strict=True) if model.keeps(row, k in kept)}
            body = finish_body([
                block for block in blocks if (block.index in keep or block.index in agreed)
                and not _is_title(block, page)
                and fingerprints[block.index] not in template], chosen)
        text = _body_text([block.text for block in body])
    else:  # trafilatura's text is not on the page as such (rare): keep it as it is
        text = _unaligned_text(voted)
    return Article(
        url=meta.url,
        title=meta.title,
        text=text,
        byline=meta.byline,
        published=meta.published,
        language=meta.language,
        description=meta.description,
        blocks=fingerprints,
        removed=_left_out(blocks, fingerprints, body) if chosen else (),
    )


def _left_out(blocks: list[Block], fingerprints: Sequence[str], body: list[Block]
              ) -> tuple[tuple[str, str], ...]:
    """(fingerprint, sample) of the page's blocks left out of its text, each once: the
    template's, and those it may learn later (a block must repeat across pages to be
    learned, and whether it does is known only once later pages are stored; the rules
    drop most furniture before the template knows it). Not the body's paragraphs: a
    page's furniture is a few dozen short blocks, little to send back from a worker."""
    kept = {block.index for block in body}
    found = {fp: block.text for block, fp in zip(blocks, fingerprints, strict=True)
             if block.index not in kept}
    return tuple((fp, block_sample(text)) for fp, text in found.items())


def _placed(blocks: list[Block], voted: str) -> set[int]:
    """The blocks trafilatura's text was aligned to, or none when they hold under
    _MIN_PLACED of its text: then its text came from elsewhere than the page's visible
    blocks, mostly the full text of a paywalled article in the page's JSON-LD, while the
    page shows only the lede. The blocks would give that lede alone."""
    segments = [s for s in (fold(part) for part in _SEGMENT_SPLIT.split(voted)) if s]
    chosen = _align(blocks, segments)
    placed = sum(len(blocks[k].norm) for k in chosen)
    return chosen if placed >= _MIN_PLACED * sum(map(len, segments)) else set()


def _chars(blocks: list[Block]) -> int:
    """The page's visible text, in characters."""
    return sum(len(block.text) for block in blocks)


def _unaligned_text(voted: str) -> str:
    """trafilatura's text as it is, when none of it aligns with the page's blocks."""
    return _body_text([line.strip() for line in voted.splitlines() if line.strip()])


def _body_text(paragraphs: list[str]) -> str:
    """The paragraphs as an article's text when one of them is sentence-long, else "":
    scraps of menus ("Home", "About"), which a recall-minded vote picks up on pages
    without an article, are no article."""
    if not any(_words(paragraph) >= _PROSE_WORDS for paragraph in paragraphs):
        return ""
    return "\n\n".join(paragraphs)


def block_rows(html: str, url: str, voted: str | None = None
               ) -> tuple[list[str], list[int], list[list[float]]]:
    """Every block's text, and the judged blocks with their feature rows, as the
    classifier sees them (for training); nothing when the page gives no anchor to align.
    `voted` is trafilatura's text for the page when already known (it is the slow part)."""
    tree = _parse(html)
    if tree is None:
        return [], [], []
    meta = page_meta(tree, url)
    _drop_unread(tree)
    blocks = _segment(tree)
    voted = _vote(tree, url, blocks) if voted is None else voted
    chosen = _placed(blocks, voted)
    if not chosen:
        return [], [], []
    fingerprints = tuple(block_fingerprint(block.text, block.norm) for block in blocks)
    page = _page(blocks, chosen, meta, frozenset(), fingerprints)
    votes = _rule_votes(blocks, chosen, page)
    judged = _judged(blocks, chosen, votes)
    return [b.text for b in blocks], judged, _features(blocks, judged, chosen, votes, page, meta)


def _page(blocks: list[Block], chosen: set[int], meta: PageMeta, template: frozenset[str],
          fingerprints: Sequence[str]) -> _Page:
    return _Page(
        container=_container(blocks, chosen),
        titles=frozenset(fold(t) for t in meta.titles),
        byline=fold(meta.byline),
        template=template,
        fingerprints=fingerprints,
    )
