"""Chat channels against a real HTTP server on 127.0.0.1 standing in for Discord, Slack,
Microsoft Teams and ntfy: each digest fits the platform's limits, in the platform's
markup, with page text unable to ping, link or format; the outbox's guarantees hold."""

from __future__ import annotations

import json
import random

import pytest
import requests

from pipeline.config import WebhookSettings
from pipeline.deliver import WebhookSender
from pipeline.digest import render_digest
from pipeline.errors import DeliveryError
from pipeline.models import DigestItem, Mention
from pipeline.store import StoredDigest
from tests.conftest import made_up_words
from tests.servers import respond, sequence

HOOK = "/hook"


def digest(count: int = 60, words: int = 40, opening: str = "statement") -> StoredDigest:
    """A digest of `count` statements by a few speakers, each of about `words` words."""
    rng = random.Random(count * words)
    items = [DigestItem(f"Speaker {n % 7}", f"speaker{n % 7}", "Minister", "said",
                        f"{opening} {n}: " + made_up_words(rng, words), n % 2 == 0,
                        "2026-01-05", (Mention("Press TV", f"https://presstv.example/{n}",
                                               "Moscow answers NATO", "2026-01-05T09:00:00Z"),))
             for n in range(count)]
    rendered = render_digest("Russia", items)
    return StoredDigest(7, "Russia", "<newswatch.abc@test.localhost>", "2026-01-05T09:00:00Z",
                        rendered.subject, rendered.text, rendered.html, rendered.payload)


def sent(http_server, format: str, stored: StoredDigest) -> list:
    http_server.routes[HOOK] = respond(204)
    WebhookSender(WebhookSettings(http_server.url(HOOK), format), requests.Session()).send(
        stored)
    return http_server.hits


def every_statement_once(texts: list[str], stored: StoredDigest) -> None:
    joined = "\n".join(texts)
    for n in range(len(stored.payload["statements"])):
        assert joined.count(f"statement {n}:") == 1, n


def test_discord_messages_stay_under_2000_characters_and_ping_nobody(http_server):
    stored = digest()
    hits = sent(http_server, "discord", stored)
    bodies = [json.loads(hit.body) for hit in hits]
    assert len(bodies) > 5
    assert all(len(b["content"]) <= 2000 for b in bodies)
    assert all(b["allowed_mentions"] == {"parse": []} for b in bodies)
    assert bodies[0]["content"].startswith("**\\[newswatch\\] Russia")
    assert bodies[-1]["content"].endswith(f"(part {len(bodies)}/{len(bodies)})")
    every_statement_once([b["content"] for b in bodies], stored)
    keys = [hit.headers["Idempotency-Key"] for hit in hits]
    assert keys == [f"newswatch.abc@test.localhost/{n}" for n in range(1, len(hits) + 1)]


def test_slack_blocks_stay_under_3000_and_messages_under_40000_characters(http_server):
    stored = digest(count=400)
    bodies = [json.loads(hit.body) for hit in sent(http_server, "slack", stored)]
    assert len(bodies) > 1
    for body in bodies:
        texts = [block["text"]["text"] for block in body["blocks"]]
        assert len(texts) <= 50 and all(len(t) <= 3000 for t in texts)
        assert sum(map(len, texts)) <= 40_000
    every_statement_once([b["text"]["text"] for body in bodies for b in body["blocks"]],
                         stored)


def test_a_statement_longer_than_a_message_is_shortened_to_fit(http_server):
    stored = digest(count=2, words=1500)
    for hit in sent(http_server, "discord", stored):
        assert len(json.loads(hit.body)["content"]) <= 2000


def test_page_text_cannot_format_link_or_ping_in_chat():
    stored = digest(count=1, opening="@everyone <!channel> [free](https://evil.example) *x*")
    hook = WebhookSender(WebhookSettings("http://127.0.0.1/h", "discord"), requests.Session())
    [discord] = [json.loads(m.body)["content"] for m in hook.messages(stored)]
    assert "\\[free\\](https:" in discord and "\\*x\\*" in discord
    hook.settings = WebhookSettings("http://127.0.0.1/h", "slack")
    [slack] = [json.loads(m.body) for m in hook.messages(stored)]
    assert "&lt;!channel&gt;" in json.dumps(slack) and "<!channel>" not in json.dumps(slack)


def test_teams_gets_adaptive_cards_and_ntfy_plain_text_under_4096_bytes(http_server):
    stored = digest()
    [card] = [json.loads(hit.body) for hit in sent(http_server, "teams", stored)]
    content = card["attachments"][0]["content"]
    assert content["type"] == "AdaptiveCard" and len(json.dumps(card)) < 28_000
    http_server.hits.clear()
    hits = sent(http_server, "ntfy", stored)
    assert len(hits) > 1 and all(len(hit.body) <= 4096 for hit in hits)
    assert hits[0].headers["Markdown"] == "yes"
    assert hits[0].headers["Title"].startswith("[newswatch] Russia")
    every_statement_once([hit.body.decode() for hit in hits], stored)


@pytest.mark.parametrize("status, permanent", [(503, False), (429, False), (404, True)])
def test_a_part_refused_fails_the_delivery_as_the_status_says(http_server, status, permanent):
    http_server.routes[HOOK] = sequence(respond(204), respond(status))
    hook = WebhookSender(WebhookSettings(http_server.url(HOOK), "discord"), requests.Session())
    with pytest.raises(DeliveryError) as info:
        hook.send(digest())
    assert info.value.permanent is permanent and http_server.count(HOOK) == 2
