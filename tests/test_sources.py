"""`newswatch sources`: discovery on real sites served from 127.x.y.z, the config file
edited in place with its comments kept, health beside the config, a dry fetch; and a
source's kind detected when left out, or reported when it gives no links."""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path

import pytest

from pipeline.app.cycle import NO_LINKS, run_once
from pipeline.app.services import build_services
from pipeline.archive import Archive
from pipeline.config import load_config
from pipeline.store import iso
from tests.conftest import news_page, rss, seed_text
from tests.servers import ScriptedServer, respond

TOPIC = "Russia security guarantees"
CONFIG = """\
# My newswatch config: these notes must survive every edit.

[service]
state_dir = "{state}"   # where the database lives
workers = 0

[fetch]
allow_networks = ["127.0.0.0/8"]  # the test sites
per_host_delay = 0
retries = 0

# --- Sources -----------------------------------------------------------------------

{sources}
# --- Topics: what I follow. ---------------------------------------------------------
# (a note on the topics, after the last source)

[[topic]]
name = "{topic}"
query = 'Russia AND (NATO OR "security guarantees")'
"""
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{}</urlset>"""


def source_table(name: str, url: str, kind: str | None = "feed") -> str:
    kind_line = f'kind = "{kind}"\n' if kind else ""
    return f'[[source]]\nname = "{name}"   # a note on {name}\nurl = "{url}"\n{kind_line}' \
           f'interval = "1h"\n'


def write_config(tmp_path: Path, *sources: str) -> Path:
    path = tmp_path / "newswatch.toml"
    path.write_text(CONFIG.format(state=tmp_path / "state", topic=TOPIC,
                                  sources="\n".join(sources)), encoding="utf-8")
    return path


def sitemap(*entries: tuple[str, str]) -> str:
    return SITEMAP.format("".join(
        f"<url><loc>{url}</loc><news:news><news:publication_date>2026-12-01T10:00:00Z"
        f"</news:publication_date><news:title>{title}</news:title></news:news></url>"
        for title, url in entries))


def article_page(title: str, seed: int) -> str:
    paragraphs = [p for p in seed_text(seed).split("\n\n") if p.strip()]
    return news_page(title, paragraphs)


def section_page(links: list[tuple[str, str]], head: str = "") -> str:
    anchors = "".join(f'<li><a href="{url}">{title}</a></li>' for title, url in links)
    return (f"<html><head><title>World | Alpha</title>{head}</head><body>"
            f'<nav><a href="/about/">About</a></nav><ul>{anchors}</ul></body></html>')


HEADLINES = ["Minister says talks on security guarantees resume next week",
             "Parliament approves the new budget after a long night",
             "Storm leaves thousands of homes without power on the coast",
             "Central bank holds interest rates steady for a third month"]


@pytest.fixture
def site():
    """A news site on its own loopback address, one per test."""
    servers: list[ScriptedServer] = []

    def make(host: str) -> ScriptedServer:
        servers.append(ScriptedServer(host))
        return servers[-1]
    yield make
    for server in servers:
        server.close()


def serve_articles(server: ScriptedServer, prefix: str = "/news/") -> list[tuple[str, str]]:
    """Article pages for HEADLINES; (title, URL) of each."""
    items = []
    for n, title in enumerate(HEADLINES):
        path = f"{prefix}{n}-" + "-".join(title.lower().split()[:5])
        server.routes[path] = respond(200, article_page(title, n), {"Content-Type": HTML})
        items.append((title, server.url(path)))
    return items


# --- sources add -----------------------------------------------------------------------

def test_add_finds_the_pages_alternate_feed_and_keeps_the_files_comments(
        tmp_path, site, newswatch_cli):
    alpha = site("127.0.0.2")
    items = serve_articles(alpha)
    head = ('<meta property="og:site_name" content="Alpha News">'
            '<link rel="alternate" type="application/rss+xml" title="Comments" '
            'href="/comments/feed">'
            '<link rel="alternate" type="application/rss+xml" title="World" href="/world/rss">')
    alpha.routes["/world/"] = respond(200, section_page(items, head), {"Content-Type": HTML})
    alpha.routes["/world/rss"] = respond(200, rss(*items), {"Content-Type": RSS})
    alpha.routes["/comments/feed"] = respond(200, rss(("Re: budget", items[1][1] + "#c1")),
                                             {"Content-Type": RSS})
    path = write_config(tmp_path, source_table("Existing", "http://127.0.0.9/feed"))
    before = path.read_text()

    code, out, _ = newswatch_cli("sources", "add", alpha.url("/world/"), "--interval", "2h",
                             "--topic", TOPIC, "--config", str(path))

    assert code == 0
    assert f"1. feed  {alpha.url('/world/rss')}  (found by <link rel=alternate>): 4 items" in out
    assert all(f"- {title}" in out for title in HEADLINES[:3])
    assert HEADLINES[3] not in out.split("\n\n")[0]  # three samples per candidate
    assert f"2. feed  {alpha.url('/comments/feed')}" in out  # a comments feed comes last
    added = (f'[[source]]\nname = "Alpha News"\nurl = "{alpha.url("/world/rss")}"\n'
             f'kind = "feed"\ninterval = "2h"\ntopics = ["{TOPIC}"]\n\n')
    assert path.read_text() == before.replace("# --- Topics", added + "# --- Topics")
    source = load_config(path).sources[-1]
    assert (source.name, source.kind, source.interval, source.topics) == (
        "Alpha News", "feed", 7200.0, (TOPIC,))


def test_add_tries_common_feed_paths_below_the_section_then_at_the_root(
        tmp_path, site, newswatch_cli):
    beta = site("127.0.0.3")
    items = serve_articles(beta)
    beta.routes["/politics/"] = respond(200, section_page(items), {"Content-Type": HTML})
    beta.routes["/politics/feed"] = respond(200, "<html>soft 404</html>", {"Content-Type": HTML})
    beta.routes["/rss.xml"] = respond(200, rss(*items), {"Content-Type": "text/xml"})
    path = write_config(tmp_path, source_table("Existing", "http://127.0.0.9/feed"))

    code, out, _ = newswatch_cli("sources", "add", beta.url("/politics/"), "--name", "Beta",
                             "--config", str(path))

    assert code == 0, out
    assert f"1. feed  {beta.url('/rss.xml')}  (found by a common feed path): 4 items" in out
    assert "2. listing" in out  # the page itself, shown as the fallback
    assert beta.count("/politics/feed") == 1 and beta.count("/politics/rss") == 1
    assert beta.count("/atom.xml") == 0  # no probing after the first feed found
    assert load_config(path).sources[-1].url == beta.url("/rss.xml")


def test_add_finds_a_news_sitemap_through_robots_txt(tmp_path, site, newswatch_cli):
    gamma = site("127.0.0.4")
    items = serve_articles(gamma)
    gamma.routes["/politics/"] = respond(200, "<html><body><p>Politics</p></body></html>",
                                         {"Content-Type": HTML})
    gamma.routes["/robots.txt"] = respond(200, (
        f"User-agent: *\nDisallow: /private/\nSitemap: {gamma.url('/sitemaps/all.xml')}\n"
        f"sitemap: {gamma.url('/sitemaps/news.xml')}  # the last two days\n"))
    gamma.routes["/sitemaps/news.xml"] = respond(200, sitemap(*items),
                                                 {"Content-Type": "application/xml"})
    path = write_config(tmp_path, source_table("Existing", "http://127.0.0.9/feed"))

    code, out, _ = newswatch_cli("sources", "add", gamma.url("/politics/"), "--config", str(path))

    assert code == 0, out
    assert f"1. sitemap  {gamma.url('/sitemaps/news.xml')}  (found by robots.txt): 4 items" in out
    assert f"- {HEADLINES[0]}" in out
    assert gamma.count("/sitemaps/all.xml") == 0  # the news sitemap was tried first
    source = load_config(path).sources[-1]
    assert (source.kind, source.url) == ("sitemap", gamma.url("/sitemaps/news.xml"))


def test_add_falls_back_to_the_listing_page(tmp_path, site, newswatch_cli):
    delta = site("127.0.0.5")
    items = serve_articles(delta)
    delta.routes["/world/"] = respond(200, section_page(items), {"Content-Type": HTML})
    path = write_config(tmp_path, source_table("Existing", "http://127.0.0.9/feed"))

    code, out, _ = newswatch_cli("sources", "add", delta.url("/world/"), "--config", str(path))

    assert code == 0, out
    assert f"1. listing  {delta.url('/world/')}  (found by the page itself): 4 article links" \
        in out
    source = load_config(path).sources[-1]
    assert (source.name, source.kind) == ("World | Alpha", "listing")


def test_add_of_a_feeds_own_address_names_it_after_the_feed(tmp_path, site, newswatch_cli):
    feed = site("127.0.0.6")
    items = serve_articles(feed)
    feed.routes["/feed.xml"] = respond(200, rss(*items).replace(
        "<channel>", "<channel><title>Epsilon Wire</title>"), {"Content-Type": HTML})
    path = write_config(tmp_path, source_table("Existing", "http://127.0.0.9/feed"))

    code, out, _ = newswatch_cli("sources", "add", feed.url("/feed.xml"), "--dry-run",
                             "--config", str(path))

    assert code == 0
    assert "(found by the address itself): 4 items" in out
    assert 'would add (1.)' in out and 'name = "Epsilon Wire"' in out
    assert "Epsilon" not in path.read_text()  # a dry run writes nothing


def test_add_refuses_what_it_cannot_follow_and_leaves_the_file_alone(
        tmp_path, site, newswatch_cli):
    empty = site("127.0.0.7")
    empty.routes["/"] = respond(200, "<html><body><p>Coming soon</p></body></html>",
                                {"Content-Type": HTML})
    existing = empty.url("/feed")
    path = write_config(tmp_path, source_table("Existing", existing))
    before = path.read_text()

    code, _, err = newswatch_cli("sources", "add", empty.url("/"), "--config", str(path))
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"newswatch: {empty.url('/')}: no feed, news sitemap or article link found; try the "
        "address of a section page or of the feed itself")

    empty.routes["/feed"] = respond(200, rss(("A headline of several words", empty.url("/a"))))
    code, _, err = newswatch_cli("sources", "add", existing, "--config", str(path))
    assert code == 1
    assert f"{existing} is already followed as 'Existing'" in err
    code, _, err = newswatch_cli("sources", "add", "ftp://example.org/", "--config", str(path))
    assert code == 1 and "expected an http:// or https:// URL" in err
    code, _, err = newswatch_cli("sources", "add", empty.url("/gone"), "--config", str(path))
    assert (code, err.splitlines()[-1]) == (1, f"newswatch: {empty.url('/gone')}: fetch: HTTP 404")
    assert path.read_text() == before


# --- sources remove, list, test --------------------------------------------------------

def test_remove_takes_the_table_and_its_notes_and_keeps_the_notes_after_it(
        tmp_path, newswatch_cli):
    path = write_config(tmp_path, source_table("First", "http://127.0.0.9/a"),
                        source_table("Last", "http://127.0.0.9/b"))

    code, out, _ = newswatch_cli("sources", "remove", "last", "--config", str(path))

    assert code == 0
    assert out.strip() == (f"removed 'Last' from {path}; its stored articles stay in the "
                           "archive")
    text = path.read_text()
    assert text == write_config(tmp_path / "..", source_table("First", "http://127.0.0.9/a")
                                ).read_text().replace(str(tmp_path / ".." / "state"),
                                                      str(tmp_path / "state"))
    assert "# (a note on the topics, after the last source)" in text
    code, _, err = newswatch_cli("sources", "remove", "Frist", "--config", str(path))
    assert code == 1 and "no source is named 'Frist' (did you mean 'First'?)" in err
    code, _, err = newswatch_cli("sources", "remove", "First", "--config", str(path))
    assert code == 2 and "no [[source]] is configured" in err  # the file stays valid
    assert path.read_text() == text


def test_kind_left_out_is_detected_and_a_source_without_links_is_a_problem(
        tmp_path, site, clock, caplog, newswatch_cli):
    """A feed, a sitemap and a section page without `kind`, and an RSS feed configured
    as a sitemap: the first three are fetched as what they are; the last is a warning,
    recorded as its error, and `sources list` shows it as a problem."""
    zeta = site("127.0.0.8")
    items = serve_articles(zeta)
    zeta.routes["/rss"] = respond(200, rss(*items[:2]), {"Content-Type": "text/html"})
    zeta.routes["/sitemap.xml"] = respond(200, sitemap(*items[2:3]))
    zeta.routes["/world/"] = respond(200, section_page(items[3:]), {"Content-Type": HTML})
    path = write_config(tmp_path, source_table("Feed", zeta.url("/rss"), None),
                        source_table("Map", zeta.url("/sitemap.xml"), None),
                        source_table("Page", zeta.url("/world/"), None),
                        source_table("Wrong", zeta.url("/rss"), "sitemap"))
    svc = build_services(load_config(path), clock)
    try:
        with caplog.at_level(logging.WARNING):
            report = run_once(svc)
        states = {name: svc.store.source_state(name) for name in ("Feed", "Map", "Page",
                                                                  "Wrong")}
    finally:
        svc.close()

    assert [(s.name, s.status, s.pages["new"]) for s in report.sources] == [
        ("Feed", "fetched", 2), ("Map", "fetched", 1), ("Page", "fetched", 1),
        ("Wrong", "no links", 0)]
    assert report.counts()["no_links"] == 1
    assert [states[n]["kind"] for n in ("Feed", "Map", "Page")] == ["feed", "sitemap", "listing"]
    reason = ('kind = "sitemap" but the address gives a RSS/Atom feed; set kind = "feed" or '
              "leave kind out to have it detected")
    assert states["Wrong"]["last_error"] == f"{NO_LINKS}: {reason}"
    warning = next(r for r in caplog.records if r.getMessage() == "source gave no article links")
    assert (warning.levelno, warning.source, warning.error) == (logging.WARNING, "Wrong", reason)

    code, out, _ = newswatch_cli("sources", "list", "--config", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "EVERY", "HEALTH", "LAST", "FETCH", "URL"]
    assert lines[1].split()[:5] == ["Feed", "auto", "(feed)", "1h", "ok"]
    wrong = next(i for i, line in enumerate(lines) if line.startswith("Wrong"))
    assert lines[wrong].split()[:4] == ["Wrong", "sitemap", "1h", "no"]
    assert lines[wrong + 1] == f"    last error: {NO_LINKS}: {reason}"


def test_a_source_without_links_is_read_whole_again_next_time(tmp_path, site, clock):
    """Not marked as seen: an ETag saved then would make the next fetch a 304, "ok"."""
    eta = site("127.0.0.10")
    eta.routes["/feed"] = respond(200, rss(), {"ETag": '"v1"'})
    path = write_config(tmp_path, source_table("Empty", eta.url("/feed")))
    svc = build_services(load_config(path), clock)
    try:
        statuses = [run_once(svc).sources[0].status for _ in range(2)]
    finally:
        svc.close()
    assert statuses == ["no links", "no links"]
    assert [hit.headers.get("If-None-Match") for hit in eta.hits if hit.path == "/feed"] == [
        None, None]


def test_an_unchanged_source_keeps_its_state_and_runs_as_the_web_interface_shows_them(
        tmp_path, site, clock):
    """A 304 is a success: the source's attempt and its run are both recorded."""
    theta = site("127.0.0.13")
    feed = rss(*serve_articles(theta))

    def conditional(handler) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            respond(304, "", {"ETag": '"v1"'})(handler)
        else:
            respond(200, feed, {"ETag": '"v1"', "Content-Type": RSS})(handler)
    theta.routes["/feed"] = conditional
    path = write_config(tmp_path, source_table("Theta", theta.url("/feed")))
    svc = build_services(load_config(path), clock)
    try:
        first = run_once(svc).sources[0]
        clock.advance(hours=1)
        second = run_once(svc).sources[0]
        state = svc.store.source_state("Theta")
        runs = Archive(svc.store).source_runs("Theta")
    finally:
        svc.close()
    assert (first.status, first.pages["new"], second.status) == ("fetched", 4, "unchanged")
    assert (state["kind"], state["failures"], state["last_error"]) == ("feed", 0, None)
    assert state["last_attempt_at"] == state["last_success_at"] == iso(clock())
    assert [(r["status"], r["new_articles"], r["error"]) for r in runs] == [
        ("unchanged", 0, None), ("fetched", 4, None)]


def test_list_before_the_first_run(tmp_path, newswatch_cli):
    path = write_config(tmp_path, source_table("Alpha", "http://127.0.0.9/a", None))
    code, out, _ = newswatch_cli("sources", "list", "--config", str(path))
    assert code == 0
    assert out.splitlines()[1].split() == ["Alpha", "auto", "(not", "fetched", "yet)", "1h",
                                           "never", "fetched", "-", "http://127.0.0.9/a"]
    code, out, _ = newswatch_cli("sources", "list", "--json", "--config", str(path))
    assert json.loads(out) == [{
        "name": "Alpha", "url": "http://127.0.0.9/a", "kind": "auto (not fetched yet)",
        "interval": "1h", "topics": [], "health": "never fetched", "last_fetch": None,
        "last_success": None, "last_error": None}]
    assert not (tmp_path / "state").exists()


def test_a_file_with_windows_line_ends_keeps_them(tmp_path, newswatch_cli):
    path = write_config(tmp_path, source_table("A", "http://127.0.0.9/a"),
                        source_table("B", "http://127.0.0.9/b"))
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert newswatch_cli("sources", "import", "tests/data/opml/rss2email.opml",
                         "--config", str(path))[0] == 0
    assert b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    for name in ("wire-daily", "kremlin", "tass.example"):
        assert newswatch_cli("sources", "remove", name, "--config", str(path))[0] == 0
    assert path.read_bytes() == before


def test_test_shows_the_links_and_one_article_and_stores_nothing(tmp_path, site, newswatch_cli):
    theta = site("127.0.0.11")
    items = serve_articles(theta)
    theta.routes["/feed"] = respond(200, rss(*items), {"Content-Type": RSS})
    path = write_config(tmp_path, source_table("Theta", theta.url("/feed"), None))

    code, out, _ = newswatch_cli("sources", "test", "Theta", "--config", str(path))

    assert code == 0, out
    assert out.splitlines()[0].startswith(f"Theta: {theta.url('/feed')}: HTTP 200, ")
    assert out.splitlines()[0].endswith("bytes, RSS/Atom feed (feed, detected)")
    assert "4 article links (first 4):" in out
    assert f"extracted article {items[0][1]}" in out
    assert f"  title: {HEADLINES[0]}" in out
    assert seed_text(0).split("\n\n")[0][:60] in out
    assert not (tmp_path / "state").exists()

    theta.routes["/feed"] = respond(200, rss())
    code, out, _ = newswatch_cli("sources", "test", "Theta", "--config", str(path))
    assert code == 1
    assert out.splitlines()[-1] == "no article links: the RSS/Atom feed lists no article"


def test_source_topics_must_name_a_topic(tmp_path):
    path = write_config(tmp_path, source_table("A", "http://127.0.0.9/a") +
                        'topics = ["Russia security guarantee"]\n')
    with pytest.raises(Exception, match=r"source 1 \(\"A\"\): topics: no topic is named "
                                        r"'Russia security guarantee' \(did you mean "):
        load_config(path)


def test_config_file_keeps_everything_but_the_new_table_through_import_and_remove(
        tmp_path, newswatch_cli):
    """Edits are line edits: the rest of the file is byte for byte as it was."""
    path = write_config(tmp_path, source_table("A", "http://127.0.0.9/a"))
    before = path.read_text()
    assert newswatch_cli("sources", "import", "tests/data/opml/rss2email.opml",
                     "--config", str(path))[0] == 0
    names = [s["name"] for s in tomllib.loads(path.read_text())["source"]]
    assert names == ["A", "wire-daily", "kremlin", "tass.example"]
    for name in names[1:]:
        assert newswatch_cli("sources", "remove", name, "--config", str(path))[0] == 0
    assert path.read_text() == before


@pytest.mark.parametrize("topics, digests", [
    ("", [TOPIC]), ('topics = ["Football"]\n', [])])
def test_a_source_with_topics_is_matched_against_those_only(tmp_path, site, clock, topics,
                                                            digests):
    iota = site("127.0.0.12")
    items = serve_articles(iota)
    iota.routes["/feed"] = respond(200, rss(items[0]), {"Content-Type": RSS})
    path = write_config(tmp_path, source_table("Iota", iota.url("/feed")) + topics)
    path.write_text(path.read_text() + '\n[[topic]]\nname = "Football"\nquery = "football"\n'
                    '\n[digest]\nbacklog = "digest"  # alert the first run\'s articles\n')
    svc = build_services(load_config(path), clock)
    try:
        report = run_once(svc)
        assert report.sources[0].pages["new"] == 1
        assert [digest.topic for digest in svc.store.digests()] == digests
    finally:
        svc.close()
