"""Article extraction: html, url -> Article (body text + metadata). Pure, no I/O.

The page is cut once into text blocks (the runs of text between block-level tags).
trafilatura votes on which blocks are article body; its output is aligned back onto the
blocks. The vote is then refined on the blocks themselves, where the page structure is
still known: prose that trafilatura skipped inside the article container comes back
(lost first paragraphs, subheadings), and titles, bylines, datelines, teaser copies,
captions, share/comment/related/newsletter furniture and the source's learned template
blocks go. Every block's fingerprint is returned so templates can be learned.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import trafilatura
from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from .extract_meta import PageMeta, page_meta
from .models import Article
from .template import block_fingerprint

_PARSER = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, encoding="utf-8")
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
_NOT_WORD = re.compile(r"[\W_]+")
_SEGMENT_SPLIT = re.compile(r"\n|\|")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_ANCHOR_CHARS = 25  # normalised length from which a block is unique enough to anchor


@dataclass(frozen=True, slots=True)
class Block:
    """A run of page text between block-level tags, with the element that holds it."""

    index: int
    text: str
    element: HtmlElement
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def check_selector(sel: str) -> None:
    """Raise ValueError naming `sel` when it is not a valid CSS selector."""
    _compile_selector(sel)


def _compile_selector(sel: str) -> CSSSelector:
    try:
        return CSSSelector(sel)
    except (SelectorError, SyntaxError, TypeError) as err:
        raise ValueError(f"invalid CSS selector {sel!r}: {err}") from err


def _parse(html: str) -> HtmlElement | None:
    """Parse any string into an HTML tree, or None when nothing parseable is left."""
    text = html.replace("\x00", "") if isinstance(html, str) else ""
    if not text.strip():
        return None
    try:
        return document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _drop_selected(tree: HtmlElement, selectors: Sequence[str]) -> None:
    """Remove the elements matched by the source's `remove` selectors (tails are kept)."""
    for sel in selectors:
        for element in _compile_selector(sel)(tree):
            if element.getparent() is not None:
                element.drop_tree()


def _hidden(element: HtmlElement) -> bool:
    """True for elements the page hides from readers (hidden, aria-hidden, display:none)."""
    attrib = element.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    return "style" in attrib and _HIDDEN_STYLE.search(attrib["style"].lower()) is not None


class _Segmenter:
    """Collects the text between block-level tags during one walk over the tree."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.texts: list[str] = []
        self.link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        self.texts.append(text)
        if in_link:
            self.link_chars += len(text.strip())

    def flush(self, owner: HtmlElement) -> None:
        if not self.texts:
            return
        text = "".join(self.texts)
        self.texts.clear()
        if not text.isspace():
            lines = (" ".join(line.split()) for line in text.split("\n"))
            text = "\n".join(filter(None, lines))
            if text:
                self.blocks.append(Block(len(self.blocks), text, owner, self.link_chars))
        self.link_chars = 0


def segment(tree: HtmlElement) -> list[Block]:
    """Cut the visible text of a page into blocks, in page order."""
    out = _Segmenter()
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
                out.flush(owners[-1])
                owners.append(element)
            elif tag == "a":
                in_link += 1
            elif tag == "br":
                out.add("\n", False)
            text = element.text
        else:
            if element is not skipped:
                if tag in _BLOCK_TAGS:
                    out.flush(owners.pop())
                elif tag == "a":
                    in_link -= 1
            text = element.tail
        if text:
            out.add(text, in_link > 0)
    out.flush(tree)
    return out.blocks


def _norm(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def _candidates(norms: list[str], out: str) -> list[tuple[int, int, int]]:
    """(block, start, end) of every place in `out` where a long block's text occurs.

    A block whose inline links trafilatura dropped still matches by its head and tail.
    """
    found = []
    for k, norm in enumerate(norms):
        if len(norm) < _ANCHOR_CHARS:
            continue
        start = out.find(norm)
        if start < 0 and len(norm) >= 3 * _ANCHOR_CHARS:
            head, tail = norm[:_ANCHOR_CHARS], norm[-_ANCHOR_CHARS:]
            start = out.find(head)
            while start >= 0:
                end = out.find(tail, start + _ANCHOR_CHARS, start + len(norm) * 5 // 4)
                if end >= 0:
                    found.append((k, start, end + _ANCHOR_CHARS))
                start = out.find(head, start + 1)
        while start >= 0:
            found.append((k, start, start + len(norm)))
            start = out.find(norm, start + 1)
    return found


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


def _align(blocks: list[Block], text: str) -> set[int]:
    """Indices of the blocks that trafilatura's output text was made of.

    Long blocks are placed by their text; short ones ("Meal 1", a table cell) only when
    they equal a whole output line or cell between the neighbouring placed blocks.
    """
    segments = [s for s in (_norm(part) for part in _SEGMENT_SPLIT.split(text)) if s]
    starts, total = [], 0
    for seg in segments:
        starts.append(total)
        total += len(seg)
    norms = [_norm(block.text) for block in blocks]
    placed = _heaviest_chain(_candidates(norms, "".join(segments)))
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


# Furniture phrases, several languages. Matched only in short blocks (see _MAX_NOTICE_WORDS).
_FURNITURE = re.compile(
    r"share (?:this|on|via)|leave a (?:comment|reply)|no comments|comments? (?:are|is) closed"
    r"|post a comment|add a comment|\b\d+ comments?\b|^comments?$|join the (?:discussion|conver)"
    r"|email address will not be published|akismet|newsletter|subscri(?:be|ption)|sign up|inbox"
    r"|follow (?:us|him|her|them|\S+) on|like us on|related (?:stories|articles|posts|news|coverage)"
    r"|^related\b|read more|see more|see also|more from|also read|read also|you (?:may|might) "
    r"(?:also )?(?:like|enjoy|be interested)|don'?t miss|most (?:read|popular|viewed|shared)"
    r"|^recommended|^trending|open in app|(?:download|get) (?:the|our) app|all rights reserved"
    r"|copyright|\u00a9|^filed under|^tags?:|^categor(?:y|ies):|^source:|click here|^advertisement"
    r"|teilen|kommentar|abonnieren|mehr zum thema|lesen sie auch|rechte vorbehalten"
    r"|compartilh|compart[ei]|deixe (?:um|seu) coment|deja un coment|leia (?:também|mais)"
    r"|lee también|leer más|assine|suscr[ií]b|direitos reservados|derechos reservados"
    r"|(?:notícias|noticias|artigos|artículos) relacionad|partager|laisser un commentaire"
    r"|lire aussi|abonnez|droits réservés|condividi|lascia un commento|leggi anche"
    r"|поделиться|комментари|читайте также|подпис|права защищены|похожие новости|^по теме"
    r"|tinggalkan balasan|bagikan|baca juga|댓글|공유하기|구독|관련 ?기사|무단 ?전재|コメント"
    r"|シェア|関連記事|分享|评论|相关文章|相關新聞",
    re.IGNORECASE,
)
# Headings that open a list of links to other stories: what follows is not the article.
_RELATED_HEADING = re.compile(
    r"^(?:related|more|see (?:also|more)|read (?:more|also|next)|also read|don'?t miss"
    r"|you (?:may|might) (?:also )?like|most (?:read|popular|viewed)|recommended|trending"
    r"|more (?:from|on|stories|news)|top stories|latest|weitere|mehr zum thema|lesen sie auch"
    r"|leia (?:também|mais)|veja também|lee también|lire aussi|leggi anche|читайте также"
    r"|по теме|baca juga|관련|関連)",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\(?(?:photo|image|picture|foto|фото|credit|illustration)s?\b|"
    r"\((?:[^()]*\b)?(?:photo|photograph|image|foto|фото|file)\b[^()]*\)\s*$|"
    r"(?:getty images|shutterstock|reuters|afp|ap photo|/ap|\u00a9[^.]*)\s*\)?\s*$",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt"
    r"|dez|janv|févr|mars|avr|juin|juil|août|sept|déc|enero|febrero|marzo|abril|mayo|junio"
    r"|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho"
    r"|julho|setembro|outubro|novembro|dezembro|января|февраля|марта|апреля|мая|июня|июля"
    r"|августа|сентября|октября|ноября|декабря"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}:\d{{2}}\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    rf"|\b(?:{_MONTHS})[a-zа-яäéû]*\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})"
    rf"|\b(?:{_MONTHS})[a-zа-яäéû]*\.?\s+\d{{4}}\b|\d{{4}}\s*[年.]\s*\d{{1,2}}\s*[月.]",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|von|por|par|di|door|от)\s+\w", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\.\.\.|\u2026)\s*$")
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f]['\"\u201d\u2019)]*$")
_CLASS_WORDS = re.compile(r"[a-z]+")
_FURNITURE_CLASSES = (
    "share", "sharing", "social", "related", "newsletter", "subscri", "signup", "comment",
    "caption", "credit", "promo", "advert", "sponsor", "breadcrumb", "byline", "dateline",
    "author", "outbrain", "taboola", "recommend", "popular", "trending", "tooltip", "rollover",
    "popup", "modal", "cookie", "sidebar", "widget", "toolbar", "paywall",
)
_FURNITURE_CLASS_WORDS = frozenset(("meta", "tags", "tag", "footer", "ad", "ads", "related"))
_MAX_NOTICE_WORDS = 30  # furniture phrases in longer blocks are ordinary prose
_MAX_LINE_WORDS = 12  # bylines, datelines and captions are about one line long
_PROSE_CHARS = 80


def _words(text: str) -> int:
    """Word count, estimated from length for scripts written without spaces."""
    return max(len(text.split()), len(text) // 6)


def _is_prose(block: Block) -> bool:
    """A sentence-like paragraph: long enough and not mostly link text."""
    return len(block.text) >= _PROSE_CHARS and block.link_density < 0.3


def _furniture_class(element: HtmlElement, container: HtmlElement) -> bool:
    """True when an element up to (not including) the container is named like furniture."""
    while element is not None and element is not container:
        names = f"{element.get('class', '')} {element.get('id', '')}".lower()
        for word in _CLASS_WORDS.findall(names):
            if word in _FURNITURE_CLASS_WORDS or word.startswith(_FURNITURE_CLASSES):
                return True
        if element.tag in ("figure", "figcaption", "aside", "nav"):
            return True
        element = element.getparent()
    return False


@dataclass(frozen=True)
class _Page:
    """What the body rules need to know about the page besides the block itself."""

    container: HtmlElement
    titles: frozenset[str]
    byline: str
    description: str
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


def _widen(blocks: list[Block], chosen: set[int], container: HtmlElement) -> list[Block]:
    """The chosen blocks plus what trafilatura skipped inside the article's box.

    Blocks between chosen ones come back as candidates (subheadings, embedded quotes),
    and so does prose before the first chosen block (a lede set apart from the body).
    The rules in `_drop_reason` then judge every candidate alike.
    """
    first, last = min(chosen), max(chosen)
    picked = set(chosen)
    k = first - 1
    while k >= 0 and _inside(blocks[k].element, container):
        if _is_prose(blocks[k]):
            picked.add(k)
        k -= 1
    picked.update(k for k in range(first, last) if _inside(blocks[k].element, container))
    return [blocks[k] for k in sorted(picked)]


def _drop_reason(block: Block, page: _Page) -> str:
    """Why a candidate block is not article text, or "" when it is."""
    text, words, norm = block.text, _words(block.text), _norm(block.text)
    tag = block.element.tag
    if page.fingerprints[block.index] in page.template:
        return "template"
    if norm in page.titles or tag == "h1":
        return "title"
    if norm == page.description and tag in ("h2", "h3", "h4", "h5", "h6"):
        return "teaser"
    if words <= _MAX_LINE_WORDS and (
        (page.byline and page.byline in norm)
        or (_BYLINE.match(text) and not _SENTENCE_END.search(text))
    ):
        return "byline"
    if words <= _MAX_LINE_WORDS and tag not in ("td", "th") and _DATE.search(text):
        return "dateline"
    if words <= 3 * _MAX_LINE_WORDS and _CAPTION.search(text):
        return "caption"
    if words <= _MAX_NOTICE_WORDS and _FURNITURE.search(text):
        return "furniture"
    if words <= _MAX_NOTICE_WORDS and block.link_density >= 0.6:
        return "links"
    if _furniture_class(block.element, page.container):
        return "class"
    return ""


def _drop_copies(blocks: list[Block], chosen: set[int]) -> list[Block]:
    """Drop teaser copies (a prefix of a longer block, often cut with "...") and repeats.

    Of repeated blocks the one trafilatura chose stays, else the first.
    """
    norms = [_norm(_ELLIPSIS.sub("", block.text)) for block in blocks]
    ordered = sorted(set(norms))  # a prefix sorts right before the strings it starts
    keep_at: dict[str, int] = {}
    for i, (block, norm) in enumerate(zip(blocks, norms, strict=True)):
        if norm not in keep_at or (block.index in chosen and blocks[keep_at[norm]].index
                                   not in chosen):
            keep_at[norm] = i
    kept = []
    for i, (block, norm) in enumerate(zip(blocks, norms, strict=True)):
        if len(norm) < _ANCHOR_CHARS:
            if norm:
                kept.append(block)
            continue
        after = bisect_right(ordered, norm)
        is_prefix = after < len(ordered) and ordered[after].startswith(norm)
        if not is_prefix and (keep_at[norm] == i or block.index in chosen):
            kept.append(block)
    return kept


def _body(blocks: list[Block], chosen: set[int], page: _Page) -> list[Block]:
    """The article's paragraphs: the widened vote minus everything that is not body text."""
    kept: list[Block] = []
    in_related = False
    for block in _widen(blocks, chosen, page.container):
        if _words(block.text) <= _MAX_LINE_WORDS and _RELATED_HEADING.match(block.text):
            in_related = True
            continue
        in_related = in_related and not _is_prose(block)
        if not in_related and not _drop_reason(block, page):
            kept.append(block)
    return _drop_copies(kept, chosen)


def _trafilatura_text(tree: HtmlElement, url: str) -> str:
    """trafilatura's body text for the page, tuned for precision ("" when it finds none)."""
    document = trafilatura.bare_extraction(
        tree, url=url or None, favor_precision=True, fast=True, include_comments=False,
        include_tables=True, with_metadata=False,
    )
    return (document.text or "") if document else ""


def extract_article(
    html: str,
    url: str,
    *,
    remove: Sequence[str] = (),
    template: frozenset[str] = frozenset(),
) -> Article:
    """Body text and metadata of an article page; text is "" when the page has none.

    `remove` are the source's CSS selectors, dropped before anything else; `template`
    are fingerprints learned from the source's other pages (`template.learn_template`).
    """
    tree = _parse(html)
    if tree is None:
        return Article(url=url, title="", text="")
    _drop_selected(tree, remove)
    meta = page_meta(tree, url)
    blocks = segment(tree)
    fingerprints = tuple(block_fingerprint(block.text) for block in blocks)
    chosen = _align(blocks, _trafilatura_text(tree, url)) if blocks else set()
    body: list[Block] = []
    if chosen:
        page = _Page(
            container=_container(blocks, chosen),
            titles=frozenset(_norm(t) for t in meta.titles),
            byline=_norm(meta.byline),
            description=_norm(meta.description),
            template=template,
            fingerprints=fingerprints,
        )
        body = _body(blocks, chosen, page)
    return Article(
        url=meta.url,
        title=meta.title,
        text="\n\n".join(block.text for block in body),
        byline=meta.byline,
        published=meta.published,
        language=meta.language,
        description=meta.description,
        blocks=fingerprints,
    )
