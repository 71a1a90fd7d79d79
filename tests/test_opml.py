"""OPML import and export, on files written the way Miniflux, FreshRSS, Feedly and
rss2email write them (tests/data/opml/), through the command line and the real config
file."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.opml import OpmlEntry, OpmlError, parse_opml, write_opml
from tests.test_sources import TOPIC, source_table, write_config

DATA = Path(__file__).parent / "data" / "opml"
KREMLIN = "http://en.kremlin.example/events/president/news/feed"
NATO = "https://nato.example/cps/en/natohq/news.rss"

EXPECTED = {
    # Categories as nested outlines; the name in both title and text; no type.
    "miniflux": [
        OpmlEntry("Wire Daily", "https://wiredaily.example/rss.xml", "feed", ("All",),
                  html_url="https://wiredaily.example/"),
        OpmlEntry("Kremlin — News", KREMLIN, "feed", (TOPIC,),
                  html_url="http://en.kremlin.example/"),
        OpmlEntry("TASS & Partners", "https://tass.example/rss/v2.xml?lang=en&section=world",
                  "feed", (TOPIC,), html_url="https://tass.example/")],
    # Tabs, its own namespace, a web scraping source (a section page), the name in text.
    "freshrss": [
        OpmlEntry("Press TV", "https://presstv.example/rss.xml", "feed", ("Uncategorized",),
                  html_url="https://presstv.example/"),
        OpmlEntry("Agency Portal", "https://agencyportal.example/international/", "listing",
                  ("Agencies",), html_url="https://agencyportal.example/"),
        OpmlEntry("WP Blog", "https://wpblog.example/feed/atom", "feed", ("Agencies",),
                  html_url="https://wpblog.example/")],
    # OPML 1.0; text and title differ (text is what the user named it); a feed in two
    # categories is one subscription with both.
    "feedly": [
        OpmlEntry("Kremlin news", KREMLIN, "feed", (TOPIC,),
                  html_url="http://en.kremlin.example/"),
        OpmlEntry("NATO newsroom", NATO, "feed", (TOPIC, "Europe"),
                  html_url="https://nato.example/"),
        OpmlEntry("Press TV Europe", "https://presstv.example/Section/10104/rss", "feed",
                  ("Europe",), html_url="https://presstv.example/Section/10104")],
    # Flat, one line each, a name slug in text; older versions wrote the address as text.
    "rss2email": [
        OpmlEntry("wire-daily", "https://wiredaily.example/rss.xml", "feed"),
        OpmlEntry("kremlin", KREMLIN, "feed"),
        OpmlEntry("", "https://tass.example/rss/v2.xml", "feed")],
}
CREATED = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("tool", sorted(EXPECTED))
def test_each_readers_file_is_read_and_survives_a_round_trip(tool):
    entries = parse_opml((DATA / f"{tool}.opml").read_bytes())
    assert entries == EXPECTED[tool]
    assert parse_opml(write_opml(entries, "newswatch", CREATED)) == entries


def test_newswatch_settings_survive_and_other_readers_see_plain_feeds():
    entries = [OpmlEntry("Feed", "https://a.example/rss", "feed", interval="20m"),
               OpmlEntry("Section", "https://b.example/world/", "listing", ("Europe",),
                         interval="1h", links="h3 a"),
               OpmlEntry("Map", "https://c.example/news.xml", "sitemap", interval="30m"),
               OpmlEntry("Auto", "https://d.example/", None, interval="30m")]
    data = write_opml(entries, "newswatch", CREATED)
    assert parse_opml(data) == entries
    text = data.decode()
    assert '<outline type="rss" text="Feed" title="Feed" xmlUrl="https://a.example/rss" ' \
           'newswatch:interval="20m"/>' in text
    assert '<outline type="link" text="Map" title="Map" url="https://c.example/news.xml" ' \
           'newswatch:kind="sitemap" newswatch:interval="30m"/>' in text
    assert "<dateCreated>Wed, 02 Dec 2026 12:00:00 +0000</dateCreated>" in text


@pytest.mark.parametrize("data, message", [
    (b"<html><body>not a list</body></html>", "its root element is not <opml>"),
    (b"<opml version='2.0'><head/></opml>", "it has no <body>"),
    (b"<opml><body><outline", "not valid XML"),
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaa">]>'
     b'<opml><body><outline text="&a;" xmlUrl="https://a.example/rss"/></body></opml>',
     "declares a DTD"),
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<opml><body><outline text="&x;" xmlUrl="https://a.example/rss"/></body></opml>',
     "not valid XML"),
])
def test_what_is_not_an_opml_subscription_list_is_refused(data, message):
    with pytest.raises(OpmlError, match=message):
        parse_opml(data)


def test_import_then_export_through_the_config_file(tmp_path, newswatch_cli):
    """Feedly's file: its category named like the topic gives the sources that topic;
    the address already followed is skipped; the file's comments stay; the export holds
    every configured source with its settings."""
    path = write_config(tmp_path, source_table("Kremlin", KREMLIN))
    before = path.read_text()

    code, out, _ = newswatch_cli("sources", "import", str(DATA / "feedly.opml"),
                             "--config", str(path))

    assert code == 0
    assert out.splitlines() == [
        f"skipped {KREMLIN}: already configured as 'Kremlin'",
        f"added 2 of 3 sources from {DATA / 'feedly.opml'} to {path}",
        f"  NATO newsroom: {NATO}",
        "  Press TV Europe: https://presstv.example/Section/10104/rss"]
    text = path.read_text()
    assert text.startswith(before.split("# --- Topics")[0])
    assert text.endswith("# --- Topics" + before.split("# --- Topics")[1])
    added = tomllib.loads(text)["source"][1:]
    assert added == [
        {"name": "NATO newsroom", "url": NATO, "kind": "feed", "interval": "30m",
         "topics": [TOPIC]},
        {"name": "Press TV Europe", "url": "https://presstv.example/Section/10104/rss",
         "kind": "feed", "interval": "30m"}]

    code, out, _ = newswatch_cli("sources", "export", str(tmp_path / "out.opml"),
                             "--config", str(path))
    assert code == 0 and out.strip() == f"wrote 3 sources to {tmp_path / 'out.opml'}"
    exported = parse_opml((tmp_path / "out.opml").read_bytes())
    config = load_config(path)
    assert [(e.name, e.url, e.kind, e.categories, e.interval) for e in exported] == [
        (s.name, s.url, s.kind, s.topics, {1800.0: "30m", 3600.0: "1h"}[s.interval])
        for s in config.sources]


def test_import_names_every_source_uniquely_and_skips_what_it_cannot_follow(
        tmp_path, newswatch_cli):
    opml = tmp_path / "mixed.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0" xmlns:newswatch="https://newswatch.invalid/opml">'
        '<body><outline text="News" xmlUrl="https://a.example/rss"/>'
        '<outline text="News" xmlUrl="https://b.example/rss"/>'
        '<outline text="Local" xmlUrl="file:///etc/passwd"/>'
        '<outline text="Site only" htmlUrl="https://c.example/"/>'
        '<outline text="Hasty" xmlUrl="https://d.example/rss" newswatch:interval="10s"/>'
        '<outline type="link" text="Page" url="https://e.example/" newswatch:kind="listing" '
        'newswatch:links="h3 &gt;&gt; a"/>'
        '</body></opml>', encoding="utf-8")
    path = write_config(tmp_path, source_table("News", "http://127.0.0.9/a"))

    code, out, _ = newswatch_cli("sources", "import", str(opml), "--dry-run", "--config", str(path))

    assert code == 0
    assert out.splitlines() == [
        "skipped Local: expected an http:// or https:// URL with a host, got "
        "'file:///etc/passwd'",
        "skipped Hasty: interval '10s' is under 1 minute",
        "skipped Page: invalid CSS selector 'h3 >> a': Expected selector, got <DELIM '>' at 4>",
        f"would add 2 of 5 sources from {opml} to {path}",
        "  News (a.example): https://a.example/rss",
        "  News (b.example): https://b.example/rss"]
    assert "a.example" not in path.read_text()


def test_import_of_a_file_that_is_no_opml_is_one_line(tmp_path, newswatch_cli):
    path = write_config(tmp_path, source_table("A", "http://127.0.0.9/a"))
    page = tmp_path / "page.html"
    page.write_text("<html><body>hello</body></html>")
    code, _, err = newswatch_cli("sources", "import", str(page), "--config", str(path))
    assert code == 1
    assert err == (f"newswatch: {page}: not an OPML file (its root element is not <opml>)\n")
    code, _, err = newswatch_cli("sources", "import", str(tmp_path / "none.opml"),
                             "--config", str(path))
    assert code == 1 and err == (f"newswatch: {tmp_path / 'none.opml'}: no such file or "
                                 "directory; check the path and its permissions\n")
