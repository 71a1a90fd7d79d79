"""New statements -> a digest: subject, plain text, HTML and a JSON payload. Pure.

Everything that comes from a page (names, quotes, titles, URLs) is untrusted: it is
escaped in HTML, linked only when it is an http(s) URL, and kept out of the subject's
line structure, so a page cannot inject markup or mail headers.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

import jinja2

from .models import DigestItem, Mention, RenderedDigest
from .text import one_line, without_bidi_controls

MAX_SUBJECT = 160
HEADERS = 4096  # room for the mail headers
# An item too large for a digest on its own keeps this much of its words and outlets.
SHORT_CONTENT, SHORT_MENTIONS = 1000, 5
UNNAMED = "sources not named"
TEXT_WIDTH = 78  # the plain-text part's lines, as mail readers expect
RELAY_WORDS = 6  # a relayed statement has at least this many words (fewer prove nothing)


@dataclass(frozen=True)
class Layout:
    """How a digest is rendered: a directory of the user's own templates (digest.html,
    digest.txt; None: the shipped ones), and the config file the footer points to."""

    templates: str | None = None
    config_path: str = ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def group_by_speaker(items: list[DigestItem]) -> list[tuple[str, str, list[DigestItem]]]:
    """(speaker name, role, items), speakers with most statements first. The longest name
    seen for a speaker is shown ("Sergey Lavrov" rather than "Lavrov"). Statements whose
    source the article ties to no name ("officials", "the alliance") are listed last,
    under the outlet that carried them: a speaker is a person or a body, never a
    description."""
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    unnamed: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        if item.unresolved:
            unnamed[_outlet(item)].append(item)
        else:
            groups[item.speaker_key or item.speaker].append(item)
    out = []
    for group in groups.values():
        name = max((i.speaker for i in group), key=len)
        role = max((i.role for i in group), key=len)
        out.append((name, role, group))
    out.sort(key=lambda g: (-len(g[2]), g[0].casefold()))
    out.extend((f"{outlet}, {UNNAMED}", "", group) for outlet, group in sorted(unnamed.items()))
    return out


def _outlet(item: DigestItem) -> str:
    """The outlet a statement is shown under when its source is unnamed: the first that
    carried it."""
    return item.mentions[0].outlet if item.mentions else "?"


def subject_line(topic: str, items: list[DigestItem]) -> str:
    new = [i for i in items if not i.update]
    speakers = {i.speaker_key or i.speaker for i in new if not i.unresolved}
    parts = [f"{_plural(len(new), 'new statement')} from {_plural(len(speakers), 'speaker')}"]
    if any(i.unresolved for i in new):
        parts[0] += f" and {UNNAMED}"
    if len(new) < len(items):
        parts.append(f"{len(items) - len(new)} reported by more outlets")
    return one_line(f"[newswatch] {topic}: " + ", ".join(parts), MAX_SUBJECT)


def _quote(item: DigestItem) -> str:
    """The statement's words: a quotation in marks, a cue's object after its cue ("urged
    the West to stop supplying arms"), other reported speech as it is."""
    content = one_line(item.content)
    if item.direct:
        return "“" + content.strip('“”"') + "”"
    return f"{one_line(item.cue).lower()} {content}" if item.object_of_cue else content


def _date(item: DigestItem) -> str:
    return (item.published or "")[:10]


def _cue_and_date(item: DigestItem) -> str:
    """The line under the words: an unnamed source's description, the cue unless the words
    already open with it, whether they are reported speech (the outlet's words, not the
    speaker's), the date, and whether the statement is listed again."""
    cue = "" if item.object_of_cue else one_line(item.cue).lower()
    if not item.direct:
        cue = f"{cue} (reported speech)" if cue else "reported speech"
    who = one_line(item.speaker) if item.unresolved and item.speaker else ""
    label = " (reported by more outlets)" if item.update else ""
    return ", ".join(filter(None, (who, cue, _date(item)))) + label


# --- the view the templates render ---------------------------------------------------------

@dataclass(frozen=True)
class OutletView:
    outlet: str
    title: str
    url: str
    href: str | None  # the URL when a reader can follow it (http, https), else None


@dataclass(frozen=True)
class StatementView:
    words: str  # a quotation in marks, or reported speech as the outlet gave it
    direct: bool
    meta: str  # an unnamed source's description, the cue, the date
    update: bool  # listed again: more outlets carried it


@dataclass(frozen=True)
class ArticleView:
    """The outlets that carried some statements of one speaker, shown once above them."""

    outlets: tuple[OutletView, ...]
    statements: tuple[StatementView, ...]


@dataclass(frozen=True)
class SpeakerView:
    name: str
    role: str
    articles: tuple[ArticleView, ...]


def digest_view(topic: str, items: list[DigestItem], config_path: str = "") -> dict:
    """What the templates are given: the heading, the speakers, each with the articles
    that quoted them and their statements under each, and the footer's facts. Every text
    is on one line; HTML escaping is the template engine's."""
    return {"topic": one_line(topic), "heading": _heading(topic, items),
            "config_path": one_line(config_path),
            "speakers": [SpeakerView(one_line(name), one_line(role), _articles(group))
                         for name, role, group in group_by_speaker(items)]}


def _heading(topic: str, items: list[DigestItem]) -> str:
    return subject_line(topic, items).removeprefix("[newswatch] ")


def _articles(items: list[DigestItem]) -> tuple[ArticleView, ...]:
    """A speaker's statements under the outlets that carried them, in their order: the
    statements of one article share its outlet line instead of repeating it."""
    groups: dict[tuple[str, ...], list[DigestItem]] = {}
    for item in items:
        groups.setdefault(tuple(m.url for m in item.mentions), []).append(item)
    return tuple(ArticleView(tuple(_outlet_view(m) for m in group[0].mentions),
                             tuple(_statement_view(i) for i in group))
                 for group in groups.values())


def _outlet_view(mention: Mention) -> OutletView:
    url = one_line(mention.url)
    return OutletView(one_line(mention.outlet), one_line(mention.title), url,
                      mention.url if _linkable(mention.url) else None)


def _statement_view(item: DigestItem) -> StatementView:
    return StatementView(_quote(item), item.direct, _cue_and_date(item), item.update)


def _linkable(url: str) -> bool:
    try:
        return urlsplit(url).scheme in ("http", "https")
    except ValueError:  # e.g. "https://[::1": not a URL a reader can follow
        return False


# --- templates -----------------------------------------------------------------------------

TEMPLATES = ("digest.html", "digest.txt")


def _environments(user_dir: str | None) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The environments for a template directory, made again when a template in it is
    added, changed or removed (an environment keeps the templates it compiled)."""
    stamp = tuple(_mtime(os.path.join(user_dir, name)) for name in TEMPLATES) if user_dir else ()
    return _compiled(user_dir, stamp)


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


@lru_cache(maxsize=8)
def _compiled(user_dir: str | None,
              stamp: tuple[float | None, ...]) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The HTML environment (autoescaped) and the text one, reading a user's templates
    first and the shipped ones for any the user did not write."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(user_dir)] if user_dir else []
    loader = jinja2.ChoiceLoader([*loaders, jinja2.PackageLoader("pipeline", "templates")])

    def environment(autoescape: bool) -> jinja2.Environment:
        return jinja2.Environment(loader=loader, autoescape=autoescape, trim_blocks=True,
                                  lstrip_blocks=True, keep_trailing_newline=True)

    html_env, text_env = environment(True), environment(False)  # plain text: no escaping
    text_env.filters["wrap"] = wrap
    return html_env, text_env


def wrap(text: str, indent: str = "", subsequent: str | None = None,
         width: int = TEXT_WIDTH) -> str:
    """`text` filled to `width` columns; words longer than a line (URLs) are not cut."""
    return textwrap.fill(text, width, initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent,
                         break_long_words=False, break_on_hyphens=False) or indent.rstrip()


def render_text(topic: str, items: list[DigestItem], layout: Layout = Layout()) -> str:
    view = digest_view(topic, items, layout.config_path)
    return _environments(layout.templates)[1].get_template("digest.txt").render(view)


def render_html(topic: str, items: list[DigestItem], layout: Layout = Layout()) -> str:
    view = digest_view(topic, items, layout.config_path)
    return _environments(layout.templates)[0].get_template("digest.html").render(view)


def check_templates(directory: str) -> None:
    """Render a sample digest with the templates in `directory` (and the shipped ones for
    any missing there): a mistake shows when the config is loaded, not at the first
    digest. Raises ValueError naming the template and line."""
    sample = [DigestItem("Sample Speaker", "sample", "Sample role", "said", "Sample words",
                         True, "2026-01-01", (Mention("Outlet", "https://example.org/a",
                                                      "Title", "2026-01-01T00:00:00Z"),))]
    try:
        render_text("Sample topic", sample, Layout(directory))
        render_html("Sample topic", sample, Layout(directory))
    except jinja2.TemplateSyntaxError as exc:
        raise ValueError(f"template {exc.filename}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ValueError(f"templates in {directory}: {exc}") from None


def payload(topic: str, items: list[DigestItem]) -> dict:
    """The digest as data, for webhooks; texts without bidirectional controls."""
    plain = without_bidi_controls
    return {
        "topic": plain(topic),
        "statements": [{
            "speaker": plain(i.speaker), "role": plain(i.role), "cue": plain(i.cue),
            "content": plain(i.content), "direct": i.direct, "object_of_cue": i.object_of_cue,
            "published": i.published, "update": i.update, "unresolved": i.unresolved,
            "outlets": [{"name": plain(m.outlet), "url": plain(m.url), "title": plain(m.title)}
                        for m in i.mentions],
        } for _, _, group in group_by_speaker(items) for i in group],
    }


def without_relayed(items: list[DigestItem]) -> list[DigestItem]:
    """The items less those whose words another speaker's statement relays whole, naming
    them ("Stoltenberg: Russia has indicated that it is not yet ready to agree ..." beside
    Russia's "it is not yet ready to agree ..."): the words are listed once, in the
    account that says who said them. (A body's account of its own member's words is left
    out where the statements are found, in favour of the member's.)

    Candidates are found through each statement's first RELAY_WORDS words, so a digest
    of n statements costs about its number of words, not n²."""
    words = [re.findall(r"\w+", i.content.casefold()) for i in items]
    starts: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, w in enumerate(words):
        if len(w) >= RELAY_WORDS and not items[k].unresolved:
            starts[tuple(w[:RELAY_WORDS])].append(k)
    relayed: set[int] = set()
    for k, outer in enumerate(words):
        for at in range(1, len(outer) - RELAY_WORDS + 1):
            for j in starts.get(tuple(outer[at:at + RELAY_WORDS]), ()):
                inner = items[j]
                if (inner.speaker_key != items[k].speaker_key
                        and outer[at:at + len(words[j])] == words[j]
                        and set(inner.speaker_key.split()) & set(outer[:at])):
                    relayed.add(j)
    return [item for k, item in enumerate(items) if k not in relayed]


def render_digest(topic: str, items: list[DigestItem],
                  layout: Layout = Layout()) -> RenderedDigest:
    items = without_relayed(items)
    return RenderedDigest(subject=subject_line(topic, items),
                          text=render_text(topic, items, layout),
                          html=render_html(topic, items, layout), payload=payload(topic, items))


def digest_size(digest: RenderedDigest) -> int:
    """Bytes the digest takes as sent, the larger of the email (text and HTML parts, as
    base64 in the worst case, and headers) and the webhook's JSON."""
    parts = len(digest.text.encode()) + len(digest.html.encode())
    return max(4 * parts // 3 + HEADERS, len(json.dumps(digest.payload).encode()))


def fitting_items(topic: str, items: list[DigestItem], max_bytes: int,
                  layout: Layout = Layout()) -> list[DigestItem]:
    """The leading items that make one digest of at most `max_bytes`; at least one,
    shortened when it is too large on its own. The rest wait for the next digest.

    Each item is measured alone (n small renders, not n growing ones); the sum
    overestimates a digest, which is then checked once and halved if ever needed.
    """
    base = digest_size(render_digest(topic, [], layout))
    total, count = base, 0
    for item in items:
        total += digest_size(render_digest(topic, [item], layout)) - base
        if count and total > max_bytes:
            break
        count += 1
    while count > 1 and digest_size(render_digest(topic, items[:count], layout)) > max_bytes:
        count //= 2
    if count == 1 and digest_size(render_digest(topic, items[:1], layout)) > max_bytes:
        return [shortened(items[0])]
    return items[:count]


def shortened(item: DigestItem) -> DigestItem:
    """An item cut to what always fits a digest: the start of its words, its first
    outlets (the archive keeps them all)."""
    content = item.content if len(item.content) <= SHORT_CONTENT else (
        item.content[: SHORT_CONTENT - 1] + "…")
    return replace(item, content=content, mentions=item.mentions[:SHORT_MENTIONS])
