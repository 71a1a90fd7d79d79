"""robots.txt per RFC 9309, against a real HTTP server on 127.0.0.1: the rules' wildcards
and precedence, the answers to errors, the cache lifetime, one request per host."""

from __future__ import annotations

import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from requests.structures import CaseInsensitiveDict

from pipeline.app.cycle import fetch_sources
from pipeline.config import FetchSettings
from pipeline.crawl.fetch import Fetcher, freshness
from pipeline.crawl.robots import MAX_AGE, MIN_AGE, UNREACHABLE_RETRY
from pipeline.errors import BlockedURLError, FetchError
from pipeline.net import build_session
from pipeline.store import Store
from tests.conftest import rss, services
from tests.servers import Route, respond, sequence

LOCAL = ("127.0.0.1/32",)
RULES = ("User-agent: *\nDisallow: /*?print=\nDisallow: /search$\n"
         "Allow: /news/\nDisallow: /news/private\n")


def fetcher(store: Store | None = None, now: list[float] | None = None) -> Fetcher:
    settings = FetchSettings(allow_networks=LOCAL, per_host_delay=0, timeout=5, retries=0)
    clock = now or [1_000_000.0]
    return Fetcher(settings, build_session(settings), robots_cache=store,
                   wall_clock=lambda: clock[0])


def fetched(f: Fetcher, url: str) -> bool:
    try:
        f.get(url)
    except BlockedURLError:
        return False
    return True


@pytest.mark.parametrize("path, allowed", [
    ("/story?print=1", False),  # `*` matches any run of characters
    ("/story?page=2", True),
    ("/search", False),  # `$` anchors the end
    ("/search/results", True),
    ("/news/private/memo", False),  # the longest matching rule wins, whatever its order
    ("/news/today", True),
])
def test_wildcards_and_the_longest_match_decide(http_server, path, allowed):
    http_server.routes["/robots.txt"] = respond(200, RULES)
    for route in ("/story", "/search", "/search/results", "/news/private/memo", "/news/today"):
        http_server.routes[route] = respond(200, "page")
    f = fetcher()
    assert fetched(f, http_server.url(path)) is allowed
    assert http_server.count(path.split("?")[0]) == int(allowed)


def slow(route: Route, seconds: float) -> Route:
    """A server slow to answer: every source asks while the first request is in flight."""
    def answer(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        route(handler)
    return answer


def test_sources_of_one_host_fetched_side_by_side_ask_for_robots_txt_once(
        http_server, tmp_path, clock):
    http_server.routes["/robots.txt"] = slow(respond(200, "User-agent: *\nDisallow: /x\n"), 0.5)
    names = [f"feed{i}" for i in range(4)]
    for name in names:
        story = http_server.url(f"/{name}-story")
        http_server.routes[f"/{name}.xml"] = respond(200, rss(("Story", story)),
                                                      {"Content-Type": "text/xml"})
        http_server.routes[f"/{name}-story"] = respond(200, "<html><body><p>Story.</p></body>")
    svc = services(tmp_path, clock, {n: http_server.url(f"/{n}.xml") for n in names})
    try:
        reports = fetch_sources(svc, svc.config.sources)
        assert [r.status for r in reports] == ["fetched"] * 4
        assert http_server.count("/robots.txt") == 1
        assert http_server.count("/feed3.xml") == 1
    finally:
        svc.close()


def test_robots_txt_is_kept_as_long_as_its_server_says(http_server, tmp_path):
    http_server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /x\n",
                                                {"Cache-Control": "public, max-age=900"})
    http_server.routes["/a"] = respond(200, "a")
    store, now = Store(tmp_path / "nw.db"), [1_000_000.0]
    fetcher(store, now).get(http_server.url("/a"))
    now[0] += 899
    fetcher(store, now).get(http_server.url("/a"))  # a new run, within the 15 minutes
    assert http_server.count("/robots.txt") == 1
    now[0] += 2
    fetcher(store, now).get(http_server.url("/a"))
    assert http_server.count("/robots.txt") == 2


@pytest.mark.parametrize("headers, seconds", [
    ({}, None),
    ({"Cache-Control": "max-age=600"}, 600),
    ({"cache-control": 'private, MAX-AGE="60"'}, 60),
    ({"Cache-Control": "no-store"}, 0),
    ({"Cache-Control": "no-cache, max-age=600"}, 0),
    ({"Expires": "Wed, 02 Dec 2026 13:00:00 GMT", "Date": "Wed, 02 Dec 2026 12:00:00 GMT"}, 3600),
    ({"Expires": "0"}, 0),  # invalid: already stale
])
def test_freshness_from_cache_control_or_expires(headers, seconds):
    assert freshness(CaseInsensitiveDict(headers), now=0.0) == seconds


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_4xx_robots_txt_allows_everything(http_server, status):
    http_server.routes["/robots.txt"] = respond(status, "no")
    http_server.routes["/a"] = respond(200, "a")
    assert fetcher().get(http_server.url("/a")).text == "a"


def test_a_5xx_robots_txt_fetches_nothing_of_the_host_and_says_why(http_server):
    http_server.routes["/robots.txt"] = respond(503, "busy")
    http_server.routes["/a"] = respond(200, "a")
    with pytest.raises(FetchError, match=r"robots\.txt not answered \(HTTP 503\)") as info:
        fetcher().get(http_server.url("/a"))
    assert info.value.transient and http_server.count("/a") == 0


def test_a_failing_server_gets_its_last_rules_for_a_while(http_server, tmp_path):
    """RFC 9309 2.4: stale rules stand in while robots.txt is unreachable."""
    http_server.routes["/robots.txt"] = sequence(respond(200, "User-agent: *\nDisallow: /x\n"),
                                                 respond(500, "down"))
    http_server.routes["/a"] = respond(200, "a")
    http_server.routes["/x"] = respond(200, "x")
    store, now = Store(tmp_path / "nw.db"), [1_000_000.0]
    f = fetcher(store, now)
    f.get(http_server.url("/a"))
    now[0] += MAX_AGE + 1
    assert f.get(http_server.url("/a")).text == "a"
    assert not fetched(f, http_server.url("/x"))
    assert http_server.count("/robots.txt") == 2  # asked again only after UNREACHABLE_RETRY
    now[0] += UNREACHABLE_RETRY + 1
    f.get(http_server.url("/a"))
    assert http_server.count("/robots.txt") == 3 and http_server.count("/x") == 0


def test_robots_txt_redirects_are_followed(http_server):
    http_server.routes["/robots.txt"] = respond(301, "", {"Location": "/real-robots.txt"})
    http_server.routes["/real-robots.txt"] = respond(200, "User-agent: *\nDisallow: /x\n")
    http_server.routes["/x"] = respond(200, "x")
    assert not fetched(fetcher(), http_server.url("/x"))


def test_a_max_age_of_zero_still_serves_a_few_minutes(http_server):
    http_server.routes["/robots.txt"] = respond(200, "", {"Cache-Control": "max-age=0"})
    http_server.routes["/a"] = respond(200, "a")
    now = [1_000_000.0]
    f = fetcher(now=now)
    f.get(http_server.url("/a"))
    now[0] += MIN_AGE - 1
    f.get(http_server.url("/a"))
    assert http_server.count("/robots.txt") == 1


def test_rules_stored_by_the_previous_schema_are_kept_an_hour(tmp_path):
    store = Store(tmp_path / "nw.db")
    store.db.execute("ALTER TABLE robots DROP COLUMN expires_at")
    store.db.execute("INSERT INTO robots (origin, rules, fetched_at) VALUES ('http://a', '', 5)")
    store.db.execute("PRAGMA user_version = 4")
    store.db.conn.close()
    assert Store(store.path).robots_rules("http://a") == ("", 5 + timedelta(hours=1).seconds)
