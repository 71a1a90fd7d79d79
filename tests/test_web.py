"""The web interface through Flask's test client, on a real archive: the demo's sample
sites (and a page of hostile markup) run through one real cycle into a SQLite file."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from pipeline.app.cycle import run_once
from pipeline.app.web import create_app, serving
from pipeline.config import WebSettings, load_config, parse_config
from pipeline.errors import ConfigError
from tests.conftest import made_up_words, news_page, rss, services
from tests.servers import free_port, respond
from tests.webdata import HOSTILE, demo_archive

TOPIC = "Russia security guarantees"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def svc(request, tmp_path_factory):
    """The archive in a SQLite file, then in PostgreSQL: the same pages from either."""
    tables = ""
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_cluster").create_database("web")
        tables = f'[store]\nurl = "{url}"\n'
    with demo_archive(tmp_path_factory.mktemp("web"), tables) as services_:
        yield services_


@pytest.fixture
def client(svc):
    return create_app(svc.config, svc.store, svc.clock).test_client()


def texts(html: str) -> str:
    """The page's visible text, roughly: tags dropped, entities kept as written."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_statements_page_lists_statements_newest_first_with_outlets_and_topics(client):
    page = client.get("/statements").get_data(as_text=True)
    assert "Sergey Lavrov" in page
    assert page.count('class="statement"') == 50  # a full page, then a link to the next
    assert 'rel="next"' in page
    assert re.search(r'<time datetime="[^"]+">\d{4}-\d\d-\d\d</time>', page)
    assert "topics: " + TOPIC in texts(page)
    found = [(s["first_seen"], s["id"]) for s in client.get("/api/statements").get_json()[
        "statements"]]  # newest first: by when newswatch found them
    assert found == sorted(found, reverse=True)
    second = client.get("/statements?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and "page 2" in second


def test_speaker_page_has_every_statement_with_cue_date_outlets_and_direct_quotes(client, svc):
    count = svc.store.db.execute("SELECT COUNT(*) FROM statements WHERE speaker_key = "
                                 "'lavrov'").fetchone()[0]
    page = client.get("/speakers/lavrov").get_data(as_text=True)
    assert re.search(r"<h1>Serge[iy] Lavrov", page)
    assert page.count('class="statement"') == count
    assert "direct quote" in page and "reported" in page  # both kinds, marked apart
    first = page[page.index('<article class="statement"'):]
    first = first[:first.index("</article>")]
    assert re.search(r"<time[^>]*>\d{4}-\d\d-\d\d</time>", first)
    assert re.search(r'href="/articles/\d+">[^<]+</a> \(<a href="http://127\.0\.0\.1', first)
    assert client.get("/speakers/nobody-at-all").status_code == 404


def test_filters_by_topic_outlet_and_date_range(client):
    outlet = client.get("/api/statements?outlet=WP+News").get_json()["statements"]
    assert outlet and all("WP News" in [o["source"] for o in s["outlets"]] for s in outlet)
    topic = client.get(f"/api/statements?topic={TOPIC}").get_json()["statements"]
    assert topic and all(TOPIC in s["topics"] for s in topic)
    assert client.get("/api/statements?topic=Football").get_json()["statements"] == []
    seen = client.get("/api/statements").get_json()["statements"][0]["first_seen"][:10]
    assert client.get(f"/api/statements?since={seen}&until={seen}").get_json()["statements"]
    assert client.get("/api/statements?until=2020-01-01").get_json()["statements"] == []


def test_search_covers_statements_and_article_text(client):
    found = client.get("/api/statements?q=written+AND+guarantees").get_json()["statements"]
    assert [s["speaker_key"] for s in found] == ["lavrov"]
    assert "written security guarantees" in found[0]["content"]
    articles = client.get("/articles?q=Geneva").get_data(as_text=True)
    assert "<mark>Geneva</mark>" in articles  # a word of the text, not of the title
    without = client.get("/api/statements?q=guarantees+AND+NOT+written").get_json()
    assert without["statements"]
    assert all("written" not in s["content"] for s in without["statements"])


def test_a_query_or_date_not_understood_is_a_400_that_says_why(client):
    bad = client.get("/statements?q=Lavrov+NOT")
    assert bad.status_code == 400 and "search" in bad.get_data(as_text=True)
    assert "expected a date" in client.get("/statements?since=yesterday").get_data(as_text=True)
    assert client.get("/statements?page=0").status_code == 400


def test_hostile_markup_from_pages_is_shown_as_text(client, svc):
    article_id = svc.store.db.execute("SELECT id FROM articles WHERE title LIKE "
                                      "'Lavrov warns%'").fetchone()[0]
    for path in ("/speakers/lavrov", f"/articles/{article_id}", "/statements?q=written"):
        page = client.get(path).get_data(as_text=True)
        assert HOSTILE not in page and "<b>again" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    headers = client.get("/statements").headers
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none'
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_digest_page_shows_both_parts_and_delivery_state(client, svc):
    digest = svc.store.digests()[0]
    page = client.get(f"/digests/{digest.id}").get_data(as_text=True)
    assert digest.subject.replace("'", "&#39;") in page
    assert "email" in page and 'class="state-sent"' in page
    assert "Retry" not in page  # nothing failed
    assert f'src="/digests/{digest.id}/html"' in page and "sandbox" in page
    html_part = client.get(f"/digests/{digest.id}/html")
    assert html_part.get_data(as_text=True) == digest.html
    assert "sandbox" in html_part.headers["Content-Security-Policy"]
    listing = client.get("/digests").get_data(as_text=True)
    assert f'href="/digests/{digest.id}"' in listing and "sent" in listing


def test_retry_queues_a_failed_delivery_only_with_the_pages_csrf_token(client, svc):
    digest = svc.store.digests()[0]
    [delivery_id] = [r[0] for r in svc.store.db.execute(
        "SELECT id FROM deliveries WHERE digest_id = ?", [digest.id])]
    svc.store.mark_failed(delivery_id, "550 mailbox unavailable")
    try:
        page = client.get(f"/digests/{digest.id}").get_data(as_text=True)
        assert "550 mailbox unavailable" in page and "Retry the failed deliveries" in page
        forged = client.post(f"/digests/{digest.id}/retry", data={"csrf_token": "guess"})
        assert forged.status_code == 400
        assert state(svc, delivery_id) == "failed"
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        done = client.post(f"/digests/{digest.id}/retry", data={"csrf_token": token},
                           follow_redirects=True)
        assert "1 failed deliveries queued again" in done.get_data(as_text=True)
        assert state(svc, delivery_id) == "pending"
        assert client.get(f"/digests/{digest.id}/retry").status_code == 405  # POST only
    finally:
        svc.store.mark_sent(delivery_id, svc.clock())


def state(svc, delivery_id: int) -> str:
    return svc.store.db.execute("SELECT status FROM deliveries WHERE id = ?",
                                [delivery_id]).fetchone()[0]


def test_sources_page_shows_health_runs_and_template(client, svc):
    page = texts(client.get("/sources").get_data(as_text=True))
    assert "Health: healthy" in page
    for source in svc.config.sources:
        assert f"{source.name} ok" in page
    assert "links found" in page and "next fetch 2026-01-05T09:15:00Z" in page
    assert re.search(r"Removed from its pages: [1-9]\d* blocks its pages repeat", page)
    assert "statements waiting" in page and "pending alerts" in page


def test_sources_page_shows_the_text_a_learned_template_removes(client, svc):
    """The demo's agency site repeats a disclaimer under every article: the sources page
    shows its text under that source, and no stored article of the site keeps it."""
    page = client.get("/sources").get_data(as_text=True)
    agency = page[page.index("<h2>Agency Portal"):]
    agency = agency[:agency.index("</section>")]
    assert ("Disclaimer: This post has been auto-published from an agency feed without any "
            "modifications") in agency
    assert "This post has been auto-published" not in page.replace(agency, "")
    texts = [r[0] for r in svc.store.db.execute(
        "SELECT a.text FROM articles a JOIN article_outlets o ON o.article_id = a.id "
        "WHERE o.source = 'Agency Portal'")]
    assert len(texts) == 3 and not [t for t in texts if "auto-published" in t]


def test_a_template_blocks_text_is_escaped_and_shortened(tmp_path, clock, http_server):
    """A site's notice carrying markup as text is shown escaped, its start only."""
    notice = ("Notice: this post was &lt;script&gt;alert(1)&lt;/script&gt; auto-published from "
              "an agency feed without any modification to its text, and it has not been "
              "reviewed by an editor of this newspaper's desk before its publication.")
    rng, paths = random.Random(7), ["/harbour", "/bridge", "/library", "/market"]
    for path in paths:
        http_server.routes[path] = respond(200, news_page(f"The {path[1:]} story", [
            f"{made_up_words(rng, 40)}." for _ in range(4)] + [notice]),
            {"Content-Type": "text/html; charset=utf-8"})
    http_server.routes["/feed.xml"] = respond(200, rss(
        *((f"The {p[1:]} story", http_server.url(p)) for p in paths)))
    site = services(tmp_path, clock, {"Courier": http_server.url("/feed.xml")})
    try:
        run_once(site)
        page = create_app(site.config, site.store, site.clock).test_client().get(
            "/sources").get_data(as_text=True)
        texts = [r[0] for r in site.store.db.execute("SELECT text FROM articles")]
    finally:
        site.close()
    assert "Notice: this post was &lt;script&gt;alert(1)&lt;/script&gt; auto-published" in page
    assert "<script>" not in page
    assert re.search(r"<td>4</td><td>Notice: this post [^<]{80,120}…</td>", page)
    assert len(texts) == 4 and not [t for t in texts if "auto-published" in t]


def test_healthz_and_metrics_on_a_healthy_archive(client, svc):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["level"] == "healthy"
    metrics = client.get("/metrics")
    assert metrics.mimetype == "text/plain"
    text = metrics.get_data(as_text=True)
    assert 'newswatch_source_fetches_total{source="Press TV"} 1' in text
    assert 'newswatch_source_errors_total{source="Press TV"} 0' in text
    assert re.search(r'newswatch_source_articles_total\{source="Press TV"\} [1-9]', text)
    assert re.search(r'newswatch_source_fetch_seconds_total\{source="Press TV"\} [\d.e-]+',
                     text)
    assert re.search(rf'newswatch_topic_statements\{{topic="{TOPIC}"\}} [1-9]', text)
    assert f'newswatch_topic_digests{{topic="{TOPIC}"}} 1' in text
    assert 'newswatch_deliveries{channel="email",state="sent"} 1' in text
    assert re.search(r"newswatch_cycle_seconds [\d.]+", text)
    assert re.search(r"newswatch_database_bytes [1-9]\d+", text)
    assert "newswatch_health 0" in text
    for line in text.splitlines():  # the text format: comments, or name{labels} value
        assert re.fullmatch(r"# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? [\d.e+-]+", line), line


def test_json_api_serves_statements_articles_digests_and_sources(client, svc):
    statements = client.get("/api/statements").get_json()
    assert statements["page"] == 1 and statements["more"] is True
    first = statements["statements"][0]
    assert {"speaker", "cue", "content", "direct", "outlets", "topics"} <= set(first)
    article_id = first["outlets"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").get_json()
    assert article["text"] and first["id"] in [s["id"] for s in article["statements"]]
    assert client.get("/api/articles?q=Geneva").get_json()["articles"]
    digests = client.get("/api/digests").get_json()["digests"]
    assert digests[0]["deliveries"][0]["status"] == "sent"
    assert client.get(f"/api/digests/{digests[0]['id']}").get_json()["text"]
    sources = client.get("/api/sources").get_json()
    assert [s["name"] for s in sources["sources"]] == [s.name for s in svc.config.sources]
    assert sources["sources"][0]["runs"][0]["links"] >= 1
    assert client.get("/api/articles/999999").status_code == 404


def test_a_token_guards_every_page_but_healthz(svc, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_TEST_TOKEN", "s3cret")
    config = replace(svc.config, web=WebSettings(enabled=True, token_env="NEWSWATCH_TEST_TOKEN"))
    client = create_app(config, svc.store, svc.clock).test_client()
    assert client.get("/statements").status_code == 401
    assert client.get("/api/statements").status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/statements", auth=("anyone", "s3cret")).status_code == 200
    assert client.get("/statements", auth=("anyone", "wrong")).status_code == 401


def test_failing_sources_make_healthz_503_and_status_exit_2(tmp_path, clock, http_server,
                                                            capsys):
    http_server.routes["/a.xml"] = respond(500, "broken")
    http_server.routes["/b.xml"] = respond(500, "broken")
    failing = services(tmp_path, clock, {"A": http_server.url("/a.xml"),
                                         "B": http_server.url("/b.xml")})
    try:
        run_once(failing)
        client = create_app(failing.config, failing.store, clock).test_client()
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["level"] == "failing"
        assert "newswatch_source_up{source=\"A\"} 0" in client.get("/metrics").get_data(
            as_text=True)
    finally:
        failing.close()


def test_served_on_loopback_by_default_and_elsewhere_only_with_a_token(svc, tmp_path):
    with serving(svc.config, port=0, clock=svc.clock) as server:
        assert server.server.effective_host == "127.0.0.1"
        assert "this machine only" in server.announcement
        answer = requests.get(f"http://127.0.0.1:{server.port}/healthz", timeout=5)
        assert answer.json()["level"] == "healthy"
    with (pytest.raises(ConfigError, match="needs an access token"),
          serving(svc.config, host="0.0.0.0", port=0)):
        pass
    config = tmp_path / "web.toml"
    config.write_text(svc.config.path.read_text() + '\n[web]\nhost = "0.0.0.0"\n')
    with pytest.raises(ConfigError, match=r"web\.host: .*needs an access token"):
        load_config(config)


def test_when_serving_ends_the_server_thread_ends_and_the_port_is_closed(svc):
    """The sockets are closed in waitress's own loop, which then returns: no thread left
    behind, no request answered."""
    with requests.Session() as session:  # its connection stays open across the stop
        with serving(svc.config, port=0, clock=svc.clock) as server:
            url = f"http://127.0.0.1:{server.port}/healthz"
            assert session.get(url, timeout=5).status_code == 200
        assert not server.thread.is_alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)


def test_serving_ends_cleanly_when_a_worker_wakes_the_loop_as_it_is_stopped(svc, monkeypatch):
    """A worker that has just answered wakes waitress's loop too. Woken that way after
    stop has asked for the sockets to be closed but before its own wake-up byte is
    written, the loop must not close the pipe under that write (it did: EBADF, now and
    then). Here the worker's wake-up comes at exactly that moment."""
    with serving(svc.config, port=0, clock=svc.clock) as server:
        url = f"http://127.0.0.1:{server.port}/healthz"
        assert requests.get(url, timeout=5).status_code == 200
        trigger = server.server.trigger
        wake = trigger._physical_pull

        def a_worker_wakes_the_loop_first() -> None:
            wake()  # the worker's byte
            server.thread.join(timeout=1)  # the loop may act on it (it must not close yet)
            wake()  # stop's own byte

        monkeypatch.setattr(trigger, "_physical_pull", a_worker_wakes_the_loop_first)
    assert not server.thread.is_alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)


def test_status_exit_codes_follow_the_health_rules(tmp_path, clock, http_server, capsys):
    from pipeline.app.cli import main

    http_server.routes["/a.xml"] = respond(500, "broken")
    broken = services(tmp_path, clock, {"A": http_server.url("/a.xml"),
                                        "B": http_server.url("/b.xml")})
    config = str(broken.config.path)
    with pytest.raises(SystemExit) as before:
        main(["--config", config, "--state", str(tmp_path / "new"), "status"])
    out = capsys.readouterr().out
    assert before.value.code == 0 and "no database yet" in out and "not fetched yet" in out
    try:
        run_once(broken)
    finally:
        broken.close()
    with pytest.raises(SystemExit) as after:
        main(["--config", config, "status"])
    out = capsys.readouterr().out
    assert after.value.code == 2 and "health: failing" in out
    assert "A (feed): failing: 1 failed fetches in a row" in out
    assert "pending alerts 0: statements waiting for the next digest" in out


def test_the_service_serves_the_web_interface_when_web_is_enabled(svc, tmp_path):
    """`newswatch run` with [web] enabled: the interface answers while the service runs,
    and SIGTERM stops both."""
    port = free_port()
    config = tmp_path / "newswatch.toml"
    config.write_text(svc.config.path.read_text() + f"\n[web]\nenabled = true\nport = {port}\n")
    service = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(config), "--state",
         str(tmp_path / "state"), "run"], stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    try:
        for line in service.stderr:  # the service says where it serves before it does
            if "web interface on" in line:
                break
        assert f"http://127.0.0.1:{port}/" in line and "this machine only" in line
        health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert health.status_code in (200, 503) and health.json()["level"]
        assert requests.get(f"http://127.0.0.1:{port}/sources", timeout=10).status_code == 200
    finally:
        service.send_signal(signal.SIGTERM)
        service.communicate(timeout=60)  # reads the rest of its log, so it never blocks
        assert service.returncode == 0


@pytest.mark.parametrize("web, error", [
    ({"host": "0.0.0.0"}, r"web\.host: serving on '0\.0\.0\.0' .*needs an access token"),
    ({"token_env": "NEWSWATCH_UNSET_TOKEN"}, r"web\.token_env: environment variable "
                                             r"NEWSWATCH_UNSET_TOKEN is not set"),
    ({"port": 70000}, r"web\.port: expected a port number up to 65535"),
    ({"enable": True}, r"web\.enable: unknown key \(did you mean 'enabled'\?\)"),
])
def test_web_settings_that_would_expose_or_break_the_interface_are_refused(web, error):
    data = {"source": [{"name": "A", "url": "https://a.example/", "kind": "feed"}],
            "topic": [{"name": "T", "query": "t"}], "web": web}
    with pytest.raises(ConfigError, match=error):
        parse_config(data, Path("newswatch.toml"))


def test_web_settings_default_to_this_machine_only(monkeypatch):
    monkeypatch.setenv("NEWSWATCH_TEST_TOKEN", "t")
    data = {"source": [{"name": "A", "url": "https://a.example/", "kind": "feed"}],
            "topic": [{"name": "T", "query": "t"}]}
    assert parse_config(data, Path("x.toml")).web == WebSettings(False, "127.0.0.1", 8080)
    exposed = parse_config({**data, "web": {"host": "::", "token_env": "NEWSWATCH_TEST_TOKEN"}},
                           Path("x.toml")).web
    assert exposed.token == "t" and exposed.host == "::"


@pytest.mark.parametrize("speaker_first", [0, 2000])
def test_a_search_within_a_speaker_finds_the_same_from_either_side(client, monkeypatch,
                                                                   speaker_first):
    """Driven by the full-text index or by the speaker's statements: the same answer."""
    monkeypatch.setattr("pipeline.archive.SPEAKER_FIRST", speaker_first)
    monkeypatch.setattr("pipeline.archive.CHECK_COST", 0)  # any match count is "more"
    every = client.get("/api/statements?speaker=lavrov").get_json()["statements"]
    found = client.get("/api/statements?speaker=lavrov&q=NATO").get_json()["statements"]
    assert {s["id"] for s in found} == {s["id"] for s in every if "NATO" in s["content"]}
    assert found and len(found) < len(every)


def test_pages_follow_the_config_in_force_after_a_reload(svc):
    """Served by the service, the pages list the sources and topics of its latest config."""
    reloaded = replace(svc.config, sources=svc.config.sources[:2])
    client = create_app(svc.config, svc.store, svc.clock, lambda: reloaded).test_client()
    page = texts(client.get("/sources").get_data(as_text=True))
    assert all(f"{s.name} ok" in page for s in reloaded.sources)
    assert svc.config.sources[2].name not in page
    assert [s["name"] for s in client.get("/api/sources").get_json()["sources"]] == [
        s.name for s in reloaded.sources]


def test_web_command_serves_a_state_directory_alone(svc):
    """`newswatch web`: the interface on the archive, without the service; it says where
    it listens, and SIGTERM stops it."""
    web = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(svc.config.path), "web",
         "--port", "0"], stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    try:
        line = web.stderr.readline()
        address = re.search(r"web interface on (http://127\.0\.0\.1:\d+/) \(this machine "
                            r"only\)", line)
        assert address, line
        page = requests.get(address[1] + "speakers/lavrov", timeout=10)
        assert page.status_code == 200 and "Lavrov" in page.text
    finally:
        web.send_signal(signal.SIGTERM)
        said = web.communicate(timeout=30)[1]
    assert web.returncode == 0, said
