"""End to end: sample sites on 127.0.0.1 -> cycle -> SQLite -> digest email via real SMTP."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from lxml import html as lxml_html

from pipeline.app.cycle import run_once
from pipeline.app.demo import demo_config
from pipeline.app.lock import acquire_lock
from pipeline.config import Source
from tests.conftest import digest_payloads, make_services, plain, received

BOILERPLATE = ["SHARE THIS ARTICLE", "Press TV News Roku", "alternate addresses",
               "Leave a Comment", "Akismet", "Open in App", "Disclaimer", "Related Stories",
               "Realted", "No Comments on", "Epaper"]
SEED_STATEMENTS = [
    "Such a step cannot be seen as anything other than a sign of diplomatic impoliteness",
    "Only the winners do this",
    "did not give a constructive response",
    "There is no positive reaction on the main issue in this document",
    "We are ready to act",
]
ROOT = Path(__file__).parent.parent


def new_article_page(template: Path, slug: str, title: str, paragraphs: list[str],
                     published: str) -> str:
    """A new page in the template's markup: its body paragraphs replaced by ours."""
    tree = lxml_html.fromstring(template.read_bytes())
    body_paragraphs = [p for p in tree.iter("p") if len(p.text_content().split()) > 12]
    first = body_paragraphs[0]
    for p in body_paragraphs[1:]:
        p.getparent().remove(p)
    for text in reversed(paragraphs):
        new = lxml_html.Element("p")
        new.text = text
        first.addnext(new)
    first.getparent().remove(first)
    for meta in tree.iter("meta"):
        if meta.get("property") == "og:title":
            meta.set("content", title)
        if meta.get("property") == "article:published_time":
            meta.set("content", published)
    for link in tree.iter("link"):
        if link.get("rel") == "canonical":
            link.set("href", f"https://{template.parent.name}.example/{slug}")
    for heading in tree.iter("h1"):
        heading.text = title
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def add_ryabkov_article(sites_dir: Path, slug: str) -> None:
    """A new article on the topic on the Press TV sample site: Ryabkov on guarantees."""
    page = new_article_page(
        sites_dir / "presstv" / "seed-000.html", slug,
        "Moscow wants NATO answer on security guarantees within weeks",
        ["Russian Deputy Foreign Minister Sergei Ryabkov said on Monday that Moscow would not "
         "accept any further NATO expansion and expected written security guarantees soon.",
         "“We are not going to wait forever for a NATO answer on security guarantees,” "
         "Ryabkov told reporters in Moscow.",
         "Talks between Russia and the United States are expected to resume next month in "
         "Geneva, diplomats said."],
        "2022-02-20T10:00:00+00:00")
    (sites_dir / "presstv" / slug).write_text(page, encoding="utf-8")


def test_first_cycle_sends_one_digest_with_the_on_topic_statements(svc, mail_server):
    report = run_once(svc)
    counts = report.counts()
    assert counts["failed"] == 0 and counts["new_articles"] >= 10
    [message] = received(mail_server)
    assert message["Subject"].startswith("[newswatch] Russia security guarantees: ")
    text = plain(message)
    for quote in SEED_STATEMENTS:
        assert quote in text, quote
    for furniture in BOILERPLATE:
        assert furniture not in text, furniture
    [payload] = digest_payloads(svc)
    outlet_urls = [o["url"] for s in payload["statements"] for o in s["outlets"]]
    assert all("/seed-" in url for url in outlet_urls)  # nothing from off-topic stories
    speakers = {s["speaker"] for s in payload["statements"]}
    assert any("Lavrov" in s for s in speakers) and any("Stoltenberg" in s for s in speakers)


def test_second_cycle_with_nothing_new_sends_nothing_and_gets_304s(svc, mail_server,
                                                                   sample_sites):
    run_once(svc)
    sample_sites.requests.clear()
    report = run_once(svc)
    assert report.counts()["new_articles"] == 0 and report.digests == 0
    assert len(mail_server.messages) == 1
    statuses = [status for path, status in sample_sites.requests if path != "/robots.txt"]
    assert statuses and statuses.count(304) == len(statuses)


def test_new_article_gives_a_second_digest_with_only_the_new_statements(svc, mail_server,
                                                                        sites_dir):
    run_once(svc)
    add_ryabkov_article(sites_dir, "ryabkov-guarantees.html")
    report = run_once(svc)
    assert report.counts()["new_articles"] == 1 and report.digests == 1
    first, second = received(mail_server)
    assert "We are not going to wait forever" in plain(second)
    assert "Ryabkov" in plain(second)
    for quote in SEED_STATEMENTS:
        assert quote not in plain(second)
    assert first["Message-ID"] != second["Message-ID"]


def test_syndicated_copy_adds_an_outlet_not_a_statement(svc, mail_server, sites_dir):
    copy = sites_dir / "wiredaily" / "seed-003-copy.html"
    held_back = copy.read_text(encoding="utf-8")
    copy.unlink()
    run_once(svc)
    statements = svc.store.status()["statements"]
    copy.write_text(held_back, encoding="utf-8")
    report = run_once(svc)
    assert report.counts()["copies"] == 1 and report.counts()["new_articles"] == 0
    assert report.digests == 0 and len(mail_server.messages) == 1
    assert svc.store.status()["statements"] == statements
    outlets = {r["source"] for r in svc.store.db.query(
        "SELECT m.source FROM statement_mentions m JOIN statements s ON s.id = m.statement_id "
        "WHERE s.content LIKE '%constructive response%'")}
    assert outlets == {"Agency Portal", "Wire Daily"}


def test_known_statement_from_another_outlet_alerts_nobody_new_one_does(svc, mail_server,
                                                                        sites_dir):
    run_once(svc)
    repeat = new_article_page(
        sites_dir / "wpblog" / "seed-002.html", "lavrov-radio.html",
        "Lavrov on the radio: Russia does not want war",
        ["Speaking to Russian radio stations about NATO and the security guarantees, Foreign "
         "Minister Sergey Lavrov repeated his warning to the West.",
         "“If it depends on Russia, then there will be no war. We don’t want wars. But we also "
         "won’t allow our interests to be rudely trampled, to be ignored,” Lavrov said."],
        "2022-01-30T08:00:00+00:00")
    (sites_dir / "wpblog" / "lavrov-radio.html").write_text(repeat, encoding="utf-8")
    new = new_article_page(
        sites_dir / "agencyportal" / "seed-003.html", "geoana-reply.html",
        "NATO to answer Russia on security guarantees in writing",
        ["NATO Deputy Secretary General Mircea Geoana said on Monday that the alliance would "
         "answer Russia’s demands for security guarantees in writing within days.",
         "“Our door stays open, and no third country has a veto over it,” Geoana told "
         "reporters in Brussels."],
        "2022-01-31T08:00:00+00:00")
    (sites_dir / "agencyportal" / "geoana-reply.html").write_text(new, encoding="utf-8")
    report = run_once(svc)
    assert report.counts()["new_articles"] == 2 and report.digests == 1
    second = plain(received(mail_server)[1])
    assert "Our door stays open" in second
    assert "If it depends on Russia" not in second
    outlets = {r["source"] for r in svc.store.db.query(
        "SELECT m.source FROM statement_mentions m JOIN statements s ON s.id = m.statement_id "
        "WHERE s.content LIKE '%If it depends on Russia%'")}
    assert outlets == {"WP News", "WP Blog"}  # archived with its new outlet


def test_syndicated_copy_in_the_same_cycle_shows_both_outlets(svc, mail_server):
    run_once(svc)
    [payload] = digest_payloads(svc)
    [item] = [s for s in payload["statements"] if "constructive response" in s["content"]]
    assert {o["name"] for o in item["outlets"]} == {"Agency Portal", "Wire Daily"}


def test_smtp_down_at_delivery_then_sent_once_when_back(svc, mail_server, clock):
    mail_server.stop()
    report = run_once(svc)
    assert report.digests == 1 and report.delivery.retrying == 1
    mail_server.start()
    run_once(svc)  # not due yet: nothing new, nothing sent
    assert mail_server.messages == []
    clock.advance(minutes=2)
    assert run_once(svc).delivery.sent == 1
    clock.advance(hours=3)
    run_once(svc)
    assert len(mail_server.messages) == 1


def test_a_broken_source_does_not_stop_the_cycle(sample_sites, tmp_path, mail_server, clock,
                                                 http_server):
    svc = make_services(sample_sites, tmp_path / "state", mail_server.port, clock)
    broken = (Source("Broken", http_server.url("/feed.xml"), "feed", 600.0),
              Source("Closed", "http://127.0.0.1:9/feed.xml", "feed", 600.0))
    svc.config = replace(svc.config, sources=broken + svc.config.sources)
    report = run_once(svc)
    counts = report.counts()
    assert counts["failed"] == 2 and counts["fetched"] == len(svc.config.sources) - 2
    assert len(mail_server.messages) == 1
    state = svc.store.source_state("Broken")
    assert state["failures"] == 1 and "404" in state["last_error"]
    assert state["next_attempt_at"] > state["last_attempt_at"]
    report = run_once(svc)  # backing off: not fetched again yet
    assert {s.name: s.status for s in report.sources}["Broken"] == "backing off"


def _newswatch(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_run_once_command_and_lock(sample_sites, tmp_path):
    state = tmp_path / "state"
    config = tmp_path / "newswatch.toml"
    config.write_text(demo_config(sample_sites, state), encoding="utf-8")
    done = _newswatch("--config", str(config), "run", "--once", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cycle done" in done.stderr and "new_articles=" in done.stderr
    assert len(list((state / "outbox").glob("*.eml"))) == 1
    held = acquire_lock(state)
    try:
        refused = _newswatch("--config", str(config), "run", "--once", cwd=tmp_path)
    finally:
        held.close()
    assert refused.returncode == 3 and "in use by pid" in refused.stderr

    found = _newswatch("--config", str(config), "search", '"Purely Russian agenda"',
                       cwd=tmp_path)
    assert found.returncode == 0
    assert found.stdout.splitlines()[0].startswith(
        "2021-12-27  ‘Unacceptable:’ EU rejects Russia’s security demands")
    status = _newswatch("--config", str(config), "status", cwd=tmp_path)
    assert "Press TV (feed): ok" in status.stdout and "digests 1:" in status.stdout
    assert status.returncode == 0 and "health: healthy" in status.stdout


def test_check_config_names_the_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(re.sub(r'^kind = "feed"', 'kidn = "feed"',
                          (ROOT / "config" / "newswatch.toml").read_text(), count=1,
                          flags=re.MULTILINE))
    done = _newswatch("--config", str(bad), "check-config", cwd=tmp_path)
    assert done.returncode == 2
    line = bad.read_text().splitlines().index('kidn = "feed"') + 1
    assert (f"{bad}:{line}: source 1 (\"TASS\"): kidn: unknown key (did you mean 'kind'?)"
            in done.stderr)
    ok = _newswatch("--config", str(ROOT / "config" / "newswatch.toml"), "check-config",
                    cwd=tmp_path)
    assert ok.returncode == 0 and "4 sources, 1 topics" in ok.stdout


def test_demo_command_prints_the_digest(tmp_path):
    done = _newswatch("demo", "--state", str(tmp_path / "demo"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Digest written to" in done.stdout
    assert "Subject: [newswatch] Russia security guarantees" in done.stdout
    assert "There is no positive reaction" in done.stdout
