"""Plain data passed between the stages. Frozen, so a stage cannot change another's input."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A candidate article URL found on a feed, listing page or sitemap."""

    url: str
    title: str = ""
    published: str | None = None  # ISO 8601 if the source gave one


@dataclass(frozen=True)
class Article:
    """An article page reduced to its body text and metadata.

    `text` holds the body paragraphs separated by blank lines ("\\n\\n"); title, byline,
    dateline and teaser copies are metadata, never part of it. `blocks` are fingerprints
    of every text block of the page (body or not), kept so a source's repeated template
    blocks can be learned from its stored pages. `removed` pairs each block left out of
    the text with a short sample of it (`block_sample`), so that what a source's template
    removes can be shown without storing pages.
    """

    url: str
    title: str
    text: str
    byline: str = ""
    published: str | None = None
    language: str | None = None
    description: str = ""
    blocks: tuple[str, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """One attribution: who (speaker) said what (content), introduced by a cue.

    `speaker` is the best name the article gives for the source (a pronoun or title is
    resolved to the name where the text makes it clear); `speaker_key` is the identity
    shared by every spelling of the same speaker ("Sergei Lavrov", "Sergey Lavrov",
    "Lavrov" -> "lavrov"); `role` keeps a title or description ("Russian Foreign Minister").
    `unresolved` marks a source the article ties to no name: a description ("officials",
    "the alliance", which `speaker` then holds) or a pronoun that stands for nobody.
    """

    speaker: str
    speaker_key: str
    role: str
    cue: str
    content: str
    direct: bool
    content_span: Span
    source_span: Span | None = None
    cue_span: Span | None = None
    unresolved: bool = False


@dataclass(frozen=True)
class RenderedDigest:
    """A digest as it is stored and sent: subject, plain text, HTML and webhook payload."""

    subject: str
    text: str
    html: str
    payload: dict


@dataclass(frozen=True)
class Mention:
    """An outlet that carried a statement: where and when it was seen."""

    outlet: str
    url: str
    title: str
    seen_at: str


@dataclass(frozen=True)
class DigestItem:
    """A statement as it appears in a digest, with every outlet that reported it."""

    speaker: str
    speaker_key: str
    role: str
    cue: str
    content: str
    direct: bool
    published: str | None
    mentions: tuple[Mention, ...] = field(default=())
    update: bool = False  # already delivered; listed again because more outlets carried it
    object_of_cue: bool = False  # the content reads after its cue ("urged | the West to ...")
    unresolved: bool = False  # `speaker` is a description the article ties to no name
