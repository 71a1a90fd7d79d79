"""A digest as chat messages: formatted for each platform and split to fit its limits.
Pure.

Each platform gets its own markup, with page text escaped for it (a headline cannot
bold, link or ping anyone), and as many messages as its limits need: Discord 2,000
characters; Slack 40,000 characters of text with at most 3,000 per block and 50 blocks;
Microsoft Teams about 28 KB per card; ntfy 4,096 bytes. A digest is cut between
statements, a statement longer than a message alone is shortened, and every message
after the first says which part it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.header import Header

from .text import one_line

CHAT_FORMATS = ("slack", "discord", "teams", "ntfy")
# The platforms' limits, less room for the "(part 2/3)" line.
LIMITS = {"slack": 2900, "discord": 1950, "teams": 20_000, "ntfy": 3900}
SLACK_BLOCKS, SLACK_TEXT = 50, 39_000


@dataclass(frozen=True)
class ChatMessage:
    """One HTTP body for a chat webhook."""

    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Markup:
    """How a platform writes bold, a quotation, a link and page text."""

    escape: Callable[[str], str]
    bold: Callable[[str], str]
    link: Callable[[str, str], str]
    quote: str  # the prefix of a quoted line


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~|<>\[\]])")


def _markdown_escape(text: str) -> str:
    """Markdown's special characters escaped: page text shows as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_link(label: str, url: str) -> str:
    return f"[{label}](<{url}>)" if _plain_url(url) else label


def _plain_url(url: str) -> bool:
    """An http(s) URL without the characters that would end a link early."""
    return url.startswith(("http://", "https://")) and not re.search(r"[\s<>|()\[\]]", url)


MARKUP = {
    "slack": Markup(_slack_escape, lambda t: f"*{t}*",
                    lambda label, url: f"<{url}|{label}>" if _plain_url(url) else label, "> "),
    "discord": Markup(_markdown_escape, lambda t: f"**{t}**", _markdown_link, "> "),
    # Teams' cards read a little Markdown and no escapes: brackets cannot make a link
    "teams": Markup(lambda t: t.replace("[", "(").replace("]", ")"), lambda t: f"**{t}**",
                    _markdown_link, ""),
    "ntfy": Markup(_markdown_escape, lambda t: f"**{t}**", _markdown_link, "> "),
}


def sections(payload: dict, markup: Markup) -> list[str]:
    """The digest's statements as text sections, one per statement, each opening with its
    speaker where the speaker changes."""
    out, speaker = [], None
    for s in payload.get("statements", []):
        lines = []
        name = one_line(s["speaker"])
        if name != speaker:
            role = f" ({one_line(s['role'])})" if s.get("role") else ""
            lines.append(markup.bold(markup.escape(name + role)))
            speaker = name
        lines.append(markup.quote + markup.escape(_words(s)))
        cue = "" if s.get("object_of_cue") else one_line(s.get("cue", "")).lower()
        meta = ", ".join(filter(None, (cue, (s.get("published") or "")[:10])))
        outlets = " · ".join(markup.link(markup.escape(one_line(o["name"])), o["url"])
                             for o in s.get("outlets", []))
        lines.append(f"{markup.escape(meta)} · {outlets}" if meta else outlets)
        out.append("\n".join(lines))
    return out


def _words(statement: dict) -> str:
    content = one_line(statement["content"])
    if statement.get("direct"):
        return "“" + content.strip('“”"') + "”"
    cue = one_line(statement.get("cue", "")).lower()
    return f"{cue} {content}" if statement.get("object_of_cue") else content


def pack(head: str, parts: list[str], limit: int, size: Callable[[str], int] = len,
         ) -> list[str]:
    """`head` and `parts` joined by blank lines into as few texts of at most `limit` as
    the order allows; a part too long alone is shortened."""
    texts: list[str] = []
    current = head
    for part in parts:
        part = _shortened(part, limit, size)
        joined = f"{current}\n\n{part}" if current else part
        if size(joined) <= limit:
            current = joined
        else:
            texts.append(current)
            current = part
    return [*texts, current] if current else texts


def _shortened(text: str, limit: int, size: Callable[[str], int]) -> str:
    """`text` cut to at most `limit` (in `size`'s units), ending in an ellipsis."""
    if size(text) <= limit:
        return text
    cut = min(len(text), limit) - 1
    while (excess := size(text[:cut] + "…") - limit) > 0:
        cut -= excess  # a character is at least one unit: no more than needed
    return text[:cut] + "…"


def _numbered(texts: list[str]) -> Iterator[tuple[int, str]]:
    """Each text with its part number line when there are several."""
    for n, text in enumerate(texts, 1):
        yield n, text if len(texts) == 1 else f"{text}\n\n(part {n}/{len(texts)})"


def chat_messages(format: str, subject: str, payload: dict) -> list[ChatMessage]:
    """The digest as the messages a `format` webhook is sent, in order."""
    markup = MARKUP[format]
    head = markup.bold(markup.escape(one_line(subject)))
    parts = sections(payload, markup)
    if format == "slack":
        return _slack(head, parts)
    size = (lambda t: len(t.encode())) if format == "ntfy" else len
    texts = list(_numbered(pack(head, parts, LIMITS[format], size)))
    if format == "discord":  # no @everyone or role pings from page text
        return [_json({"content": t, "allowed_mentions": {"parse": []}}) for _, t in texts]
    if format == "teams":
        return [_json(_teams_card(t)) for _, t in texts]
    return [ChatMessage(t.encode(), "text/plain; charset=utf-8",
                        (("Title", _header(subject, n, len(texts))), ("Markdown", "yes")))
            for n, t in texts]


def chat_text(subject: str, payload: dict) -> str:
    """The digest as one Markdown text, for a service that splits it itself (Apprise)."""
    markup = MARKUP["discord"]
    return "\n\n".join([markup.bold(markup.escape(one_line(subject))),
                         *sections(payload, markup)])


def _slack(head: str, parts: list[str]) -> list[ChatMessage]:
    """Slack: each section a block of at most 3,000 characters, at most 50 blocks and
    40,000 characters to a message; `text` is the notification's summary."""
    messages: list[list[str]] = [[]]
    for block in (_shortened(p, LIMITS["slack"], len) for p in [head, *parts]):
        if messages[-1] and (len(messages[-1]) >= SLACK_BLOCKS - 1
                             or sum(map(len, messages[-1])) + len(block) > SLACK_TEXT):
            messages.append([])
        messages[-1].append(block)
    total = len(messages)
    if total > 1:
        messages = [[*m, f"(part {n}/{total})"] for n, m in enumerate(messages, 1)]
    return [_json({"text": head if total == 1 else f"{head} (part {n}/{total})",
                   "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": b}}
                              for b in m]})
            for n, m in enumerate(messages, 1)]


def _teams_card(text: str) -> dict:
    """An Adaptive Card, as Teams' workflow webhooks take it."""
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "content": {
            "type": "AdaptiveCard", "version": "1.4",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "body": [{"type": "TextBlock", "text": block, "wrap": True}
                     for block in text.split("\n\n")]}}]}


def _header(subject: str, n: int, total: int) -> str:
    """The Title header: RFC 2047-encoded when not ASCII, as ntfy reads it."""
    title = one_line(subject) + ("" if total == 1 else f" ({n}/{total})")
    return title if title.isascii() else Header(title, "utf-8").encode()


def _json(body: dict) -> ChatMessage:
    return ChatMessage(json.dumps(body).encode())
