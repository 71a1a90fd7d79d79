"""Digest rendering: grouping, escaping, no header injection."""

from pipeline.digest import render_digest
from pipeline.models import DigestItem, Mention
from pipeline.text import one_line

MENTION_A = Mention("Press TV", "https://presstv.example/a", "Russia calls response "
                    "'disrespectful'", "2026-01-05T09:00:00Z")
MENTION_B = Mention("WP News", "https://wpnews.example/b", "Kremlin: responses fail",
                    "2026-01-05T09:05:00Z")


def item(speaker="Sergey Lavrov", key="lavrov", content="There is no positive reaction",
         mentions=(MENTION_A,), **kw) -> DigestItem:
    return DigestItem(speaker=speaker, speaker_key=key, role=kw.pop("role", ""),
                      cue=kw.pop("cue", "said"), content=content, direct=kw.pop("direct", True),
                      published="2022-01-29T10:00:00Z", mentions=mentions, **kw)


def test_statements_grouped_by_speaker_with_outlets_and_date():
    digest = render_digest("Russia security guarantees", [
        item(role="Russian Foreign Minister", mentions=(MENTION_A, MENTION_B)),
        item(speaker="Lavrov", content="We don't want wars"),
        item(speaker="Jens Stoltenberg", key="stoltenberg", content="We are ready to act"),
    ])
    assert digest.subject == ("[newswatch] Russia security guarantees: 3 new statements "
                              "from 2 speakers")
    text = digest.text
    assert text.index("Sergey Lavrov (Russian Foreign Minister)") < text.index("Jens Stoltenberg")
    assert "“There is no positive reaction”" in text and "said, 2022-01-29" in text
    assert "Press TV" in text and "https://wpnews.example/b" in text
    assert digest.html.count("<h2>") == 2
    assert '<a href="https://presstv.example/a">Press TV</a>' in digest.html
    assert [s["speaker"] for s in digest.payload["statements"]] == [
        "Sergey Lavrov", "Lavrov", "Jens Stoltenberg"]


def test_page_text_cannot_inject_markup_or_headers():
    evil = Mention("<script>alert(1)</script>", "javascript:alert(1)",
                   'Title\r\nBcc: victim@example.org <img src=x onerror="steal()">',
                   "2026-01-05T09:00:00Z")
    digest = render_digest("Topic\r\nX-Evil: 1", [
        item(speaker="<b onmouseover=x>Eve</b>", content="</blockquote><script>x()</script>",
             mentions=(evil,))])
    assert "\r" not in digest.subject and "\n" not in digest.subject
    assert "<script>" not in digest.html and "onerror=\"" not in digest.html
    assert "javascript:" not in digest.html.split("<body>")[1].split("href=")[-1][:20]
    assert "&lt;script&gt;" in digest.html
    assert "Bcc: victim" in digest.text  # kept as text on one line, not as a header
    assert "\nBcc:" not in digest.text


def test_update_items_are_labelled():
    digest = render_digest("T", [item(update=True), item(key="x", speaker="X")])
    assert digest.subject.endswith("1 new statement from 1 speaker, 1 reported by more outlets")
    assert "(reported by more outlets)" in digest.text


def test_control_characters_and_line_breaks_leave_a_single_line():
    assert one_line("Lavrov\r\nBcc: x@evil\x85\x80 said\u2028=?utf-8?q?=0A?=") == (
        "Lavrov Bcc: x@evil said =\u200b?utf-8?q?=0A?=")


def test_a_cues_object_reads_after_its_cue():
    digest = render_digest("T", [item(speaker="Sergei Shoigu", key="shoigu", cue="urged",
                                      content="the West to stop supplying arms", direct=False,
                                      object_of_cue=True)])
    assert "  * urged the West to stop supplying arms\n    2022-01-29\n" in digest.text
    assert "<p>urged the West to stop supplying arms</p><p><small>2022-01-29<" in digest.html
    assert digest.payload["statements"][0]["object_of_cue"] is True
