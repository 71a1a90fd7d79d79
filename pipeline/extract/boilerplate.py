"""Site templates: the text blocks a source repeats on its article pages.

A news site wraps every article in the same furniture: notices ("Press TV's website can
also be accessed at..."), agency disclaimers, comment prompts, share bars, newsletter
boxes. Generic heuristics miss the ones that look like prose, but they give themselves
away by repeating across a source's distinct articles. `block_fingerprint` reduces a
block to a short key; `learn_template` keeps the keys that recur across pages.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

_NOT_WORD = re.compile(r"[\W_]+")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
_ASCII_NOT_WORD = bytes(c for c in range(128) if not chr(c).isalnum() or chr(c).isupper())
_DIGITS = re.compile(r"\d+")
_MAX_SIZE_CLASS = 9
# Two stored pages sharing this share of their text (by length) are one article twice.
_SAME_ARTICLE_OVERLAP = 0.5
_PARAGRAPH_WEIGHT = 2**8  # normalised length of a full paragraph rather than a notice
SAMPLE_CHARS = 120  # of a left-out block's text, kept to show what a template removes


def fold(text: str) -> str:
    """The text case-folded without spaces, punctuation and underscores.

    Every block of a page is folded, and trafilatura's text line by line. Most are ASCII
    but for punctuation (curly quotes, dashes, no-break spaces): then the letters and
    digits are ASCII, and deleting every other byte gives the same at half the cost of
    the expression. No character that is not a letter or digit folds into one, but
    U+0345 (a combining iota, which folds into a Greek letter).
    """
    if text.isascii() or (not _NON_ASCII_WORD.search(text) and "\u0345" not in text):
        data = text.encode("ascii", "ignore")
        return data.lower().translate(None, _ASCII_NOT_WORD).decode("ascii")
    return _NOT_WORD.sub("", text.casefold())


def _normalise(text: str) -> str:
    """Case-, punctuation-, whitespace- and number-insensitive form of a block (no
    character folds into a digit or out of one, so digits may go first)."""
    return fold(_DIGITS.sub("0", text))


def block_fingerprint(text: str, folded: str | None = None) -> str:
    """Short key of a block's text: a length class digit, then 12 hex digits of hash.

    Dates, counts and punctuation vary between copies of the same notice, so they are
    ignored. The leading digit (log2 of the normalised length) lets the learner weigh
    blocks by size without seeing their text. `folded`, when the caller has it, is the
    text case-folded without punctuation and spaces: without digits it is the normalised
    form already, which spares the extractor normalising every block of a page twice.
    """
    # all letters: no digit (a quicker test than searching for one)
    norm = folded if folded is not None and folded.isalpha() else _normalise(text)
    size = min(_MAX_SIZE_CLASS, (len(norm) + 1).bit_length() - 1)  # log2, rounded down
    digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=6).hexdigest()
    return f"{size}{digest}"


_WEIGHT_OF_CLASS = {str(size): 2**size for size in range(_MAX_SIZE_CLASS + 1)}


def _weight(fingerprint: str) -> int:
    """Approximate text length of a fingerprinted block (2 ** its size class): a lookup,
    as learning a template weighs every block of 20 pages several times."""
    return _WEIGHT_OF_CLASS.get(fingerprint[:1], 1)


def _total_weight(blocks: Iterable[str]) -> int:
    return sum(_weight(fp) for fp in blocks)


def _longest(blocks: frozenset[str]) -> frozenset[str]:
    """The blocks of the largest size class on a page: its article's paragraphs, however
    much shorter furniture surrounds them."""
    top = max(fp[:1] for fp in blocks)
    return frozenset(fp for fp in blocks if fp[:1] == top)


class _PageBlocks(NamedTuple):
    """A page's blocks with what learning weighs them by: computed once per page, as a
    site's template is learned again from its latest pages with every page it stores."""

    blocks: frozenset[str]
    weight: int
    longest: frozenset[str]


def _page_blocks(page: Sequence[str]) -> _PageBlocks | None:
    """None for a page without blocks: it tells nothing of the site."""
    blocks = frozenset(page)
    return _PageBlocks(blocks, _total_weight(blocks), _longest(blocks)) if blocks else None


def _distinct_articles(pages: Iterable[_PageBlocks | None]) -> list[frozenset[str]]:
    """Block sets of the pages, merging a page into an earlier one when most of its text,
    by length, is also there, and half its longest blocks: different articles of a site
    share only their (mostly short) furniture, which may still outweigh a short story;
    two copies of one article share their long paragraphs too.

    The longest blocks are compared first: a set operation that rules out almost every
    pair of different articles before their shared blocks are weighed.
    """
    articles: list[tuple[frozenset[str], int]] = []
    for page in filter(None, pages):
        for i, (seen, seen_weight) in enumerate(articles):
            if 2 * len(page.longest & seen) < len(page.longest):
                continue
            shared = page.blocks & seen
            if _total_weight(shared) >= _SAME_ARTICLE_OVERLAP * min(page.weight, seen_weight):
                articles[i] = (seen | page.blocks,
                               seen_weight + page.weight - _total_weight(shared))
                break
        else:
            articles.append((page.blocks, page.weight))
    return [blocks for blocks, _ in articles]


def learn_template(
    pages: Iterable[Sequence[str]], min_pages: int = 2, min_share: float = 0.4
) -> frozenset[str]:
    """Fingerprints found on at least `min_pages` and `min_share` of a source's articles.

    `pages` are the `blocks` of a source's stored articles. Copies of one article count
    once, so its paragraphs never pass for template because it was stored twice, and a
    paragraph-length block must recur on one article more than a short notice: news
    sites reuse background paragraphs now and then, notices on every page.
    """
    return _learned(map(_page_blocks, pages), min_pages, min_share)


def _learned(pages: Iterable[_PageBlocks | None], min_pages: int = 2,
             min_share: float = 0.4) -> frozenset[str]:
    """learn_template of pages weighed already (SiteTemplate keeps them weighed)."""
    articles = _distinct_articles(pages)
    needed = max(min_pages, math.ceil(min_share * len(articles)))
    support: Counter[str] = Counter()
    for blocks in articles:
        support.update(blocks)
    return frozenset(  # a paragraph needs one page more (its weight is looked up last)
        fp for fp, count in support.items()
        if count >= needed and (count > needed or _weight(fp) < _PARAGRAPH_WEIGHT)
    )


class SiteTemplate:
    """A source's template while its pages are processed: learned from its latest
    stored pages once, then updated with each page stored, without reading the store
    again."""

    def __init__(self, pages: Iterable[Sequence[str]], window: int = 20) -> None:
        self.window = window
        self.pages = [tuple(page) for page in pages][:window]  # newest first, as stored
        self._weighed = [_page_blocks(page) for page in self.pages]
        self.blocks = self.learned_before = _learned(self._weighed)

    def add(self, page: Sequence[str]) -> None:
        """One more stored page, the newest."""
        self.pages = [tuple(page), *self.pages][: self.window]
        self._weighed = [_page_blocks(page), *self._weighed][: self.window]
        self.blocks = _learned(self._weighed)

    def repeated(self) -> frozenset[str]:
        """Fingerprints on two or more of the latest pages: only such a block can be, or
        become, the template's (a page's one-off blocks, its captions and related
        headlines, never are)."""
        counts: Counter[str] = Counter()
        for page in self._weighed:
            if page:
                counts.update(page.blocks)
        return frozenset(fp for fp, count in counts.items() if count >= 2)

    @property
    def grew(self) -> bool:
        """Whether blocks were learned since the stored pages were read: pages stored
        before may hold them."""
        return not self.blocks <= self.learned_before


@dataclass(frozen=True)
class TemplateBlock:
    """One block of a site's template as a reader sees it."""

    fingerprint: str
    sample: str  # the start of its text; "" when none is kept (`Store.template_samples`)
    pages: int  # how many of the site's latest stored pages had it


def template_blocks(template: SiteTemplate, samples: Mapping[str, str]) -> list[TemplateBlock]:
    """The template's blocks with their samples (`block_sample`, by fingerprint) and how
    many of its pages had each, the commonest first: what the template removes. Samples,
    not the pages, are stored, as the site's pages are not kept."""
    counts = Counter(fp for page in template.pages for fp in set(page))
    return sorted((TemplateBlock(fp, samples.get(fp, ""), counts[fp]) for fp in template.blocks),
                  key=lambda block: (-block.pages, block.sample, block.fingerprint))


def block_sample(text: str) -> str:
    """The start of a block's text, enough to recognise a notice or a share bar by: the
    samples of a page's left-out blocks cross from a worker process and are stored per
    source, so they are kept short."""
    text = " ".join(text.split())
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1].rstrip() + "…"


def strip_template(text: str, template: frozenset[str]) -> str:
    """An extracted text without its paragraphs that are template blocks: an article's
    paragraphs are its page's blocks, so one stored before the site's template was known
    is cleaned afterwards without its page."""
    return "\n\n".join(paragraph for paragraph in text.split("\n\n")
                         if block_fingerprint(paragraph) not in template)
