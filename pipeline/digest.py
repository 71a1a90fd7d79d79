"""New statements -> a digest: subject, plain text, HTML and a JSON payload. Pure.

Everything that comes from a page (names, quotes, titles, URLs) is untrusted: it is
escaped in HTML, linked only when it is an http(s) URL, and kept out of the subject's
line structure, so a page cannot inject markup or mail headers.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import replace
from urllib.parse import urlsplit

from .models import DigestItem, Mention, RenderedDigest
from .text import one_line, without_bidi_controls

MAX_SUBJECT = 160
HEADERS = 4096  # room for the mail headers
# An item too large for a digest on its own keeps this much of its words and outlets.
SHORT_CONTENT, SHORT_MENTIONS = 1000, 5


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def group_by_speaker(items: list[DigestItem]) -> list[tuple[str, str, list[DigestItem]]]:
    """(speaker name, role, items), speakers with most statements first. The longest name
    seen for a speaker is shown ("Sergey Lavrov" rather than "Lavrov")."""
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[item.speaker_key or item.speaker].append(item)
    out = []
    for group in groups.values():
        name = max((i.speaker for i in group), key=len)
        role = max((i.role for i in group), key=len)
        out.append((name, role, group))
    out.sort(key=lambda g: (-len(g[2]), g[0].casefold()))
    return out


def subject_line(topic: str, items: list[DigestItem]) -> str:
    new = [i for i in items if not i.update]
    speakers = {i.speaker_key or i.speaker for i in new}
    parts = [f"{_plural(len(new), 'new statement')} from {_plural(len(speakers), 'speaker')}"]
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
    """The line under the words: the cue, unless the words already open with it, and the
    date."""
    cue = "" if item.object_of_cue else f"{one_line(item.cue).lower()}, "
    return cue + _date(item)


def _text_item(item: DigestItem) -> str:
    label = "  (reported by more outlets)" if item.update else ""
    lines = [f"  * {_quote(item)}", f"    {_cue_and_date(item)}{label}"]
    lines += [f"    - {one_line(m.outlet)}: {one_line(m.title)} <{one_line(m.url)}>"
              for m in item.mentions]
    return "\n".join(lines)


def render_text(topic: str, items: list[DigestItem]) -> str:
    out = [subject_line(topic, items).removeprefix("[newswatch] "), ""]
    for name, role, group in group_by_speaker(items):
        out.append(one_line(f"{name} ({role})" if role else name))
        out.extend(_text_item(i) for i in group)
        out.append("")
    out.append("-- \nSent by newswatch. Each statement is listed once; outlets that report it "
               "later are added to the archive.")
    return "\n".join(out) + "\n"


def _linkable(url: str) -> bool:
    try:
        return urlsplit(url).scheme in ("http", "https")
    except ValueError:  # e.g. "https://[::1": not a URL a reader can follow
        return False


def _link(mention: Mention) -> str:
    label = html.escape(one_line(mention.outlet))
    title = html.escape(one_line(mention.title))
    if _linkable(mention.url):
        return f'<a href="{html.escape(mention.url, quote=True)}">{label}</a>: {title}'
    return f"{label}: {title}"


def _html_item(item: DigestItem) -> str:
    quote = html.escape(_quote(item))
    body = f"<blockquote>{quote}</blockquote>" if item.direct else f"<p>{quote}</p>"
    label = " <em>(reported by more outlets)</em>" if item.update else ""
    outlets = "".join(f"<li>{_link(m)}</li>" for m in item.mentions)
    return (f"<li>{body}<p><small>{html.escape(_cue_and_date(item))}{label}</small></p>"
            f"<ul>{outlets}</ul></li>")


def render_html(topic: str, items: list[DigestItem]) -> str:
    sections = []
    for name, role, group in group_by_speaker(items):
        heading = html.escape(one_line(name))
        if role:
            heading += f" <small>({html.escape(one_line(role))})</small>"
        sections.append(f"<h2>{heading}</h2><ul>{''.join(_html_item(i) for i in group)}</ul>")
    title = html.escape(subject_line(topic, items).removeprefix("[newswatch] "))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{''.join(sections)}</body></html>\n")


def payload(topic: str, items: list[DigestItem]) -> dict:
    """The digest as data, for webhooks; texts without bidirectional controls."""
    plain = without_bidi_controls
    return {
        "topic": plain(topic),
        "statements": [{
            "speaker": plain(i.speaker), "role": plain(i.role), "cue": plain(i.cue),
            "content": plain(i.content), "direct": i.direct, "object_of_cue": i.object_of_cue,
            "published": i.published, "update": i.update,
            "outlets": [{"name": plain(m.outlet), "url": plain(m.url), "title": plain(m.title)}
                        for m in i.mentions],
        } for _, _, group in group_by_speaker(items) for i in group],
    }


def render_digest(topic: str, items: list[DigestItem]) -> RenderedDigest:
    return RenderedDigest(subject=subject_line(topic, items), text=render_text(topic, items),
                          html=render_html(topic, items), payload=payload(topic, items))


def digest_size(digest: RenderedDigest) -> int:
    """Bytes the digest takes as sent, the larger of the email (text and HTML parts, as
    base64 in the worst case, and headers) and the webhook's JSON."""
    parts = len(digest.text.encode()) + len(digest.html.encode())
    return max(4 * parts // 3 + HEADERS, len(json.dumps(digest.payload).encode()))


def fitting_items(topic: str, items: list[DigestItem], max_bytes: int) -> list[DigestItem]:
    """The leading items that make one digest of at most `max_bytes`; at least one,
    shortened when it is too large on its own. The rest wait for the next digest.

    Each item is measured alone (n small renders, not n growing ones); the sum
    overestimates a digest, which is then checked once and halved if ever needed.
    """
    base = digest_size(render_digest(topic, []))
    total, count = base, 0
    for item in items:
        total += digest_size(render_digest(topic, [item])) - base
        if count and total > max_bytes:
            break
        count += 1
    while count > 1 and digest_size(render_digest(topic, items[:count])) > max_bytes:
        count //= 2
    if count == 1 and digest_size(render_digest(topic, items[:1])) > max_bytes:
        return [shortened(items[0])]
    return items[:count]


def shortened(item: DigestItem) -> DigestItem:
    """An item cut to what always fits a digest: the start of its words, its first
    outlets (the archive keeps them all)."""
    content = item.content if len(item.content) <= SHORT_CONTENT else (
        item.content[: SHORT_CONTENT - 1] + "…")
    return replace(item, content=content, mentions=item.mentions[:SHORT_MENTIONS])
