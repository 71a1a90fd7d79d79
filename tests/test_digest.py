"""Digest rendering: grouping, escaping, no header injection, templates."""

import re

import pytest
from lxml import html as lxml_html

from pipeline.digest import TEXT_WIDTH, Layout, check_templates, render_digest
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
    assert digest.html.count("<h2") == 2
    assert re.search(r'<a href="https://presstv.example/a"[^>]*>Press TV</a>', digest.html)
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
    assert "javascript:" not in digest.html
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
    assert "    * urged the West to stop supplying arms\n      reported speech, 2022-01-29\n" in (
        digest.text)
    assert re.search(r"<p [^>]*>urged the West to stop supplying arms</p>", digest.html)
    assert digest.payload["statements"][0]["object_of_cue"] is True


def test_a_source_tied_to_no_name_is_listed_under_its_outlet_not_as_a_speaker():
    digest = render_digest("T", [
        item(),
        item(speaker="alliance", key="alliance", content="No third country has a say",
             cue="said", direct=False, unresolved=True, mentions=(MENTION_B,)),
        item(speaker="officials", key="officials", content="Talks will go on", cue="said",
             direct=False, unresolved=True, mentions=(MENTION_B,))])
    assert digest.subject.endswith("3 new statements from 1 speaker and sources not named")
    text = digest.text
    assert "\nalliance\n" not in text and "\nofficials\n" not in text
    assert text.index("Sergey Lavrov") < text.index("WP News, sources not named")
    assert "      alliance, said (reported speech), 2022-01-29" in text
    assert "      officials, said (reported speech), 2022-01-29" in text
    assert digest.html.count("<h2") == 2
    assert [s["unresolved"] for s in digest.payload["statements"]] == [False, True, True]


def test_an_articles_outlet_and_title_are_shown_once_above_its_statements():
    words = [f"Statement number {n} on the security guarantees" for n in range(7)]
    digest = render_digest("T", [item(content=w, mentions=(MENTION_A, MENTION_B))
                                 for w in words])
    assert digest.text.count("Press TV: Russia calls response") == 1
    assert digest.text.count("<https://wpnews.example/b>") == 1
    page = lxml_html.fromstring(digest.html)
    assert len(page.xpath("//a[@href='https://presstv.example/a']")) == 1
    assert len(page.xpath("//blockquote")) == 7
    assert [b.text_content() for b in page.xpath("//blockquote")] == [f"“{w}”" for w in words]


def test_quotations_are_quoted_and_reported_speech_is_marked_as_such():
    digest = render_digest("T", [item(content="We are ready to act"),
                                 item(content="Moscow would not accept it", direct=False)])
    page = lxml_html.fromstring(digest.html)
    assert [b.text_content() for b in page.xpath("//blockquote")] == ["“We are ready to act”"]
    [reported] = [p for p in page.xpath("//p") if p.text_content() == "Moscow would not "
                  "accept it"]
    assert reported.getnext().text_content() == "said (reported speech), 2022-01-29"


def test_plain_text_lines_fit_78_columns_but_urls_stay_whole():
    long_url = "https://presstv.example/" + "a" * 100
    digest = render_digest("A topic with a rather long name " * 3, [item(
        content="word " * 80, role="Minister of Foreign Affairs of the Russian Federation",
        mentions=(Mention("Press TV", long_url, "A headline " * 12, "2026-01-05T09:00:00Z"),))])
    lines = digest.text.splitlines()
    assert f"  <{long_url}>" in lines
    assert all(len(line) <= TEXT_WIDTH for line in lines if long_url not in line)


def test_the_footer_names_the_topic_and_where_to_change_the_config():
    digest = render_digest("Russia", [item()], Layout(config_path="/etc/newswatch.toml"))
    footer = digest.text.split("\n-- \n")[1]
    assert "“Russia”" in footer and "/etc/newswatch.toml" in footer
    page = lxml_html.fromstring(digest.html)
    assert "/etc/newswatch.toml" in page.xpath("//td")[-1].text_content()


def test_a_users_own_templates_replace_the_shipped_ones(tmp_path):
    (tmp_path / "digest.txt").write_text(
        "{% for s in speakers %}{{ s.name }}: {{ s.articles | length }}\n{% endfor %}")
    digest = render_digest("T", [item()], Layout(str(tmp_path)))
    assert digest.text == "Sergey Lavrov: 1\n"
    assert "<blockquote" in digest.html  # digest.html was not overridden: the shipped one
    (tmp_path / "digest.html").write_text("<p>{{ speakers[0].name }}</p>")
    evil = render_digest("T", [item(speaker="<script>x()</script>")], Layout(str(tmp_path)))
    assert evil.html == "<p>&lt;script&gt;x()&lt;/script&gt;</p>"  # still autoescaped


def test_a_broken_template_is_reported_with_its_line(tmp_path):
    (tmp_path / "digest.html").write_text("<p>\n{% for s in speakers %}</p>")
    with pytest.raises(ValueError, match=r"digest\.html, line 2"):
        check_templates(str(tmp_path))


def test_a_statement_relayed_inside_another_is_listed_once_in_the_account_naming_it():
    russia = item(speaker="Russia", key="russia", content="it is not yet ready to agree on "
                  "a plan for further talks", direct=False)
    stoltenberg = item(speaker="Jens Stoltenberg", key="stoltenberg", content="Russia, on "
                       "the other hand, has indicated that it is not yet ready to agree on a "
                       "plan for further talks", direct=False)
    nato = item(speaker="NATO", key="nato", content="the alliance said it is not yet ready "
                "to agree on a plan for further talks", direct=False)  # names nobody
    digest = render_digest("T", [russia, stoltenberg, nato])
    assert {s["speaker"] for s in digest.payload["statements"]} == {"Jens Stoltenberg", "NATO"}
    assert " ".join(digest.text.split()).count("it is not yet ready to agree") == 2
