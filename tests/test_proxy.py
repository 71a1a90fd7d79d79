"""Fetching through an HTTP proxy (`fetch.proxy`, or the environment's with
`fetch.trust_env_proxy`), with the address policy still applied to every target: a real
forward proxy on 127.0.0.1 counts what it is asked."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from pipeline.config import FetchSettings
from pipeline.crawl.fetch import Fetcher
from pipeline.errors import BlockedURLError
from pipeline.net import build_session
from tests.servers import respond


class ForwardProxy:
    """An HTTP forward proxy: takes absolute-URI requests, fetches them, relays answers."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                proxy.requests.append(self.path)
                target = urlsplit(self.path)
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
                upstream.request("GET", target.path or "/", headers={
                    k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"})
                answer = upstream.getresponse()
                body = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                upstream.close()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    server = ForwardProxy()
    yield server
    server.close()


def fetcher(**settings: object) -> Fetcher:
    fetch = FetchSettings(**{"per_host_delay": 0, "retries": 0, "timeout": 5,
                             "respect_robots": False, **settings})
    return Fetcher(fetch, build_session(fetch))


def test_every_request_goes_through_the_configured_proxy(http_server, proxy):
    http_server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /private\n")
    http_server.routes["/news"] = respond(200, "through the proxy")
    f = fetcher(proxy=proxy.url, allow_networks=("127.0.0.1/32",), respect_robots=True)
    assert f.get(http_server.url("/news")).text == "through the proxy"
    assert proxy.requests == [http_server.url("/robots.txt"), http_server.url("/news")]


def test_a_target_the_policy_refuses_never_reaches_the_proxy(http_server, proxy):
    """The proxy itself is the user's (here on loopback, not in allow_networks); the
    target's address is checked before the request is handed over."""
    http_server.routes["/news"] = respond(200, "secret")
    with pytest.raises(BlockedURLError, match=r"non-public address 127\.0\.0\.1"):
        fetcher(proxy=proxy.url).get(http_server.url("/news"))
    assert proxy.requests == [] and http_server.hits == []


def test_a_redirect_to_a_refused_address_is_stopped_at_the_hop(http_server, proxy):
    http_server.routes["/moved"] = respond(302, "", {"Location": "http://10.0.0.1/admin"})
    with pytest.raises(BlockedURLError, match=r"10\.0\.0\.1"):
        fetcher(proxy=proxy.url, allow_networks=("127.0.0.1/32",)).get(
            http_server.url("/moved"))
    assert proxy.requests == [http_server.url("/moved")]


def test_environment_proxies_only_when_trusted(http_server, proxy, monkeypatch):
    http_server.routes["/news"] = respond(200, "news")
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    fetcher(allow_networks=("127.0.0.1/32",)).get(http_server.url("/news"))
    assert proxy.requests == []  # ignored unless trust_env_proxy
    trusting = fetcher(allow_networks=("127.0.0.1/32",), trust_env_proxy=True)
    trusting.get(http_server.url("/news"))
    assert proxy.requests == [http_server.url("/news")]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    trusting.get(http_server.url("/news"))
    assert len(proxy.requests) == 1 and len(http_server.hits) == 3
