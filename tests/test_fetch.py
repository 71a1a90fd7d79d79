"""The fetcher against a real HTTP server on 127.0.0.1."""

import gzip
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pytest

from pipeline.config import FetchSettings
from pipeline.crawl.decode import decode_body
from pipeline.crawl.fetch import Fetcher
from pipeline.crawl.robots import MAX_AGE
from pipeline.errors import BlockedURLError, FetchError
from pipeline.net import build_session
from pipeline.store import Store
from tests.servers import drip, hang, respond, sequence

LOCAL = ("127.0.0.1/32",)


def fetcher(**overrides) -> tuple[Fetcher, list[float]]:
    settings = FetchSettings(**{"allow_networks": LOCAL, "per_host_delay": 0, "backoff": 0.01,
                                "timeout": 5, **overrides})
    waits: list[float] = []
    return Fetcher(settings, build_session(settings), sleep=waits.append), waits


def test_gzip_body_and_conditional_get(http_server):
    page_html = "<html><body><p>" + "Hello world. " * 200 + "</p></body></html>"
    http_server.routes["/a"] = respond(200, gzip.compress(page_html.encode()), {
        "Content-Encoding": "gzip", "Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})
    f, _ = fetcher()
    page = f.get(http_server.url("/a"))
    assert page.status == 200 and page.text == page_html and page.etag == '"v1"'
    http_server.routes["/a"] = respond(304, b"", {"ETag": '"v1"'})
    again = f.get(http_server.url("/a"), etag=page.etag)
    assert again.unchanged and again.text == ""
    assert http_server.hits[-1].headers["If-None-Match"] == '"v1"'


def test_a_host_is_asked_again_only_a_delay_after_its_last_answer(http_server):
    """Threads fetching from one host at once: the server gets one request at a time,
    each at least `per_host_delay` after the previous answer (which takes it 0.1 s)."""
    def slow(handler) -> None:
        time.sleep(0.1)
        respond(200, "news", {"Content-Type": "text/plain"})(handler)

    for i in range(4):
        http_server.routes[f"/{i}"] = slow
    settings = FetchSettings(allow_networks=LOCAL, per_host_delay=0.2, timeout=5,
                             respect_robots=False)
    f = Fetcher(settings, build_session(settings))
    with ThreadPoolExecutor(4) as pool:
        pages = list(pool.map(f.get, [http_server.url(f"/{i}") for i in range(4)]))
    assert [page.text for page in pages] == ["news"] * 4
    arrivals = sorted(hit.at for hit in http_server.hits)
    assert min(b - a for a, b in pairwise(arrivals)) >= 0.2 + 0.1


def test_redirects_are_followed_and_limited(http_server):
    http_server.routes["/r1"] = respond(301, b"", {"Location": "/r2"})
    http_server.routes["/r2"] = respond(302, b"", {"Location": http_server.url("/final")})
    http_server.routes["/final"] = respond(200, "done", {"Content-Type": "text/plain"})
    f, _ = fetcher()
    page = f.get(http_server.url("/r1"))
    assert (page.url, page.text) == (http_server.url("/final"), "done")
    http_server.routes["/loop"] = respond(302, b"", {"Location": "/loop"})
    with pytest.raises(FetchError, match="more than 10 redirects"):
        f.get(http_server.url("/loop"))
    assert http_server.count("/loop") == 11


@pytest.mark.parametrize("target", ["ftp://example.org/x", "file:///etc/passwd",
                                    "gopher://example.org/"])
def test_only_http_is_fetched_even_after_a_redirect(http_server, target):
    http_server.routes["/go"] = respond(302, b"", {"Location": target})
    f, _ = fetcher()
    with pytest.raises(BlockedURLError, match=r"only http\(s\)"):
        f.get(target)
    with pytest.raises(BlockedURLError, match=r"only http\(s\)"):
        f.get(http_server.url("/go"))


def test_loopback_is_refused_unless_allowed(http_server):
    http_server.routes["/a"] = respond(200, "secret")
    f, _ = fetcher(allow_networks=())
    with pytest.raises(BlockedURLError, match=r"non-public address 127\.0\.0\.1"):
        f.get(http_server.url("/a"))
    port = http_server.httpd.server_address[1]
    with pytest.raises(BlockedURLError, match="non-public"):
        f.get(f"http://localhost:{port}/a")  # checked after resolving the name
    assert http_server.count("/a") == 0


def test_redirect_to_a_private_address_is_refused(http_server):
    http_server.routes["/go"] = respond(302, b"", {"Location": "http://10.0.0.1/admin"})
    f, _ = fetcher(allow_networks=("127.0.0.1/32",))
    with pytest.raises(BlockedURLError, match=r"10\.0\.0\.1"):
        f.get(http_server.url("/go"))


def test_retry_after_is_honoured(http_server):
    http_server.routes["/busy"] = sequence(respond(503, "busy", {"Retry-After": "2"}),
                                           respond(429, "slow", {"Retry-After": "1"}),
                                           respond(200, "ok"))
    f, waits = fetcher()
    assert f.get(http_server.url("/busy")).text == "ok"
    assert waits == [2.0, 1.0]


def test_persistent_server_error_gives_up_after_retries(http_server):
    http_server.routes["/down"] = respond(500, "oops")
    f, waits = fetcher(retries=2)
    with pytest.raises(FetchError) as info:
        f.get(http_server.url("/down"))
    assert info.value.status == 500 and info.value.transient
    assert http_server.count("/down") == 3 and len(waits) == 2


def test_retry_after_too_long_is_left_to_the_next_cycle(http_server):
    http_server.routes["/later"] = respond(503, "later", {"Retry-After": "3600"})
    f, waits = fetcher(max_retry_wait=60)
    with pytest.raises(FetchError) as info:
        f.get(http_server.url("/later"))
    assert info.value.retry_after == 3600 and waits == []


def test_client_errors_are_not_retried(http_server):
    f, waits = fetcher()
    with pytest.raises(FetchError) as info:
        f.get(http_server.url("/missing"))
    assert info.value.status == 404 and not info.value.transient and waits == []


def test_decompression_bomb_stops_at_the_limit(http_server):
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    http_server.routes["/bomb"] = respond(200, bomb, {"Content-Encoding": "gzip"})
    f, _ = fetcher(max_bytes=1024 * 1024)
    with pytest.raises(FetchError, match="larger than 1048576 bytes"):
        f.get(http_server.url("/bomb"))


def test_dripping_server_is_cut_at_the_deadline(http_server):
    http_server.routes["/drip"] = drip(seconds=30)
    f, _ = fetcher(timeout=2)
    start = time.monotonic()
    with pytest.raises(FetchError, match="within 2s"):
        f.get(http_server.url("/drip"))
    assert time.monotonic() - start < 4


def test_silent_server_is_cut_at_the_deadline(http_server):
    http_server.routes["/hang"] = hang(seconds=30)
    f, _ = fetcher(timeout=1.5, retries=0)
    start = time.monotonic()
    with pytest.raises(FetchError):
        f.get(http_server.url("/hang"))
    assert time.monotonic() - start < 3


def test_robots_txt_is_respected(http_server):
    http_server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /private/\n")
    http_server.routes["/private/a"] = respond(200, "no")
    http_server.routes["/public"] = respond(200, "yes")
    f, _ = fetcher()
    assert f.get(http_server.url("/public")).text == "yes"
    with pytest.raises(BlockedURLError, match=r"robots\.txt"):
        f.get(http_server.url("/private/a"))
    assert http_server.count("/private/a") == 0 and http_server.count("/robots.txt") == 1


def test_robots_txt_outlives_the_process_in_the_store_until_it_is_stale(http_server, tmp_path):
    """A run started every few minutes asks each host for robots.txt once a day (its
    server said nothing of freshness), not once a run: the rules are kept in the store
    (a new Fetcher stands for a new run)."""
    http_server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /private/\n")
    http_server.routes["/public"] = respond(200, "yes")
    http_server.routes["/private/a"] = respond(200, "no")
    store, now = Store(tmp_path / "nw.db"), [1_000_000.0]
    settings = FetchSettings(allow_networks=LOCAL, per_host_delay=0, timeout=5)

    def run() -> Fetcher:
        return Fetcher(settings, build_session(settings), robots_cache=store,
                       wall_clock=lambda: now[0])

    assert run().get(http_server.url("/public")).text == "yes"
    with pytest.raises(BlockedURLError):
        run().get(http_server.url("/private/a"))
    assert http_server.count("/robots.txt") == 1
    now[0] += MAX_AGE + 1
    run().get(http_server.url("/public"))
    assert http_server.count("/robots.txt") == 2 and http_server.count("/private/a") == 0


def test_connection_refused_is_transient():
    f, waits = fetcher(retries=1)
    with pytest.raises(FetchError) as info:
        f.get("http://127.0.0.1:9/")  # nothing listens on the discard port
    assert info.value.transient and len(waits) == 1


@pytest.mark.parametrize("body, content_type, expected", [
    ("Привет, мир".encode("cp1251"), "text/html; charset=windows-1251", "Привет, мир"),
    ("naïve café".encode(), "text/html; charset=iso-8859-1", "naïve café"),  # header lies
    (b"\xef\xbb\xbfBOM text", "", "BOM text"),
    ('<meta charset="koi8-r">Москва'.encode("koi8-r"), "text/html",
     '<meta charset="koi8-r">Москва'),
    (b"nul\x00byte", "", "nulbyte"),
])
def test_decoding(body, content_type, expected):
    assert decode_body(body, content_type) == expected


def test_undecodable_bytes_still_give_valid_text():
    text = decode_body(b"\xfa\xfb broken \x80\x81 utf8 \xc3", "text/html; charset=utf-8")
    text.encode("utf-8")  # valid
    assert "broken" in text
