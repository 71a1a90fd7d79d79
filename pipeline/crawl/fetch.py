"""HTTP fetching with the limits a fetcher of other people's sites needs.

A total deadline per request (not only per socket read), a body limit counted after
decompression, at most 10 redirects with each hop re-checked, http(s) only, addresses
checked at connect time (after DNS resolution), retries with backoff on 5xx/429 that
honour Retry-After, conditional GET, per-host politeness and robots.txt.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.connection import create_connection

from ..config import FetchSettings
from ..errors import BlockedURLError, FetchError
from ..models import Page
from .decode import decode_body

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
CHUNK = 64 * 1024
ROBOTS_TTL = 3600.0


# --- addresses: checked on the resolved IP, when connecting -----------------------------

@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, unless the user allowed a network explicitly in the config."""

    allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> AddressPolicy:
        return cls(tuple(ipaddress.ip_network(n) for n in settings.allow_networks))

    def check(self, host: str, ip_text: str) -> None:
        ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if any(ip in net for net in self.allowed):
            return
        if not ip.is_global or ip.is_multicast:
            raise BlockedURLError(f"fetch: {host} resolves to non-public address {ip}; "
                                  "add its network to fetch.allow_networks to allow it")


class _GuardedConnectionMixin:
    """Resolves the host itself and connects only to addresses the policy allows."""

    policy: AddressPolicy

    def _new_conn(self) -> socket.socket:
        host, port = self._dns_host, self.port  # type: ignore[attr-defined]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError(f"fetch: cannot resolve {host} ({exc})", transient=True) from None
        last: OSError | None = None
        for *_, sockaddr in infos:
            ip = str(sockaddr[0])
            self.policy.check(host, ip)
            try:
                return create_connection((ip, port), self.timeout,  # type: ignore[attr-defined]
                                         socket_options=self.socket_options)  # type: ignore[attr-defined]
            except OSError as exc:
                last = exc
        raise FetchError(f"fetch: cannot connect to {host}:{port} ({last})", transient=True)


def _guarded_adapter(policy: AddressPolicy) -> HTTPAdapter:
    http_conn = type("GuardedHTTPConnection", (_GuardedConnectionMixin, HTTPConnection),
                     {"policy": policy})
    https_conn = type("GuardedHTTPSConnection", (_GuardedConnectionMixin, HTTPSConnection),
                      {"policy": policy})
    http_pool = type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn})
    https_pool = type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn})
    adapter = HTTPAdapter(max_retries=0, pool_maxsize=16)
    adapter.poolmanager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}
    return adapter


def build_session(settings: FetchSettings) -> requests.Session:
    """A session that never uses proxies from the environment and guards every connect."""
    session = requests.Session()
    session.trust_env = False
    session.headers.update({"User-Agent": settings.user_agent,
                            "Accept-Encoding": "gzip, deflate, br"})
    adapter = _guarded_adapter(AddressPolicy.from_settings(settings))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# --- politeness --------------------------------------------------------------------------

class HostThrottle:
    """At most one request per host every `delay` seconds, across threads."""

    def __init__(self, delay: float, monotonic: Callable[[], float],
                 sleep: Callable[[float], None]) -> None:
        self.delay = delay
        self.monotonic = monotonic
        self.sleep = sleep
        self.lock = threading.Lock()
        self.next_free: dict[str, float] = {}

    def wait(self, host: str) -> None:
        with self.lock:
            now = self.monotonic()
            start = max(now, self.next_free.get(host, now))
            self.next_free[host] = start + self.delay
        if start > now:
            self.sleep(start - now)


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - now, 0.0)


# --- the fetcher ---------------------------------------------------------------------------

class Fetcher:
    """GET with every limit applied. Thread-safe; one per process."""

    def __init__(self, settings: FetchSettings, session: requests.Session, *,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 wall_clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.session = session
        self.monotonic = monotonic
        self.sleep = sleep
        self.wall_clock = wall_clock
        self.throttle = HostThrottle(settings.per_host_delay, monotonic, sleep)
        self.robots: dict[str, tuple[float, RobotFileParser | None]] = {}
        self.robots_lock = threading.Lock()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """Fetch `url`, retrying transient failures. Raises FetchError when it gives up."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, headers)
            except FetchError as exc:
                wait = self._retry_wait(exc, attempt)
                if wait is None:
                    raise
                log.info("fetch retry", extra={"url": url, "error": str(exc),
                                               "attempt": attempt + 1, "wait_s": round(wait, 1)})
                self.sleep(wait)
                attempt += 1

    def _retry_wait(self, exc: FetchError, attempt: int) -> float | None:
        if not exc.transient or attempt >= self.settings.retries:
            return None
        wait = exc.retry_after
        if wait is None:
            wait = self.settings.backoff * 2**attempt
        return wait if wait <= self.settings.max_retry_wait else None

    def _follow(self, url: str, headers: dict[str, str]) -> Page:
        for _ in range(self.settings.max_redirects + 1):
            self._check_allowed(url)
            response = self._send(url, headers)
            if response.is_redirect:
                location = response.headers.get("Location", "")
                response.close()
                url = urljoin(url, location)
                continue
            return self._page(url, response)
        raise FetchError(f"fetch: more than {self.settings.max_redirects} redirects", url=url)

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BlockedURLError(f"fetch: only http(s) URLs are fetched, not {url[:80]!r}",
                                  url=url)
        if self.settings.respect_robots and not self._robots_allow(url):
            raise BlockedURLError("fetch: disallowed by robots.txt", url=url)

    def _send(self, url: str, headers: dict[str, str]) -> requests.Response:
        self.throttle.wait(urlsplit(url).hostname or "")
        deadline = self.monotonic() + self.settings.timeout
        timeout = (min(self.settings.connect_timeout, self.settings.timeout), self.settings.timeout)
        try:
            response = self.session.get(url, headers=headers, timeout=timeout, stream=True,
                                        allow_redirects=False)
        except requests.RequestException as exc:
            raise FetchError(f"fetch: {_reason(exc)}", url=url, transient=True) from None
        response.deadline = deadline  # type: ignore[attr-defined]
        if response.status_code >= 400:
            response.close()
            raise FetchError(f"fetch: HTTP {response.status_code}", url=url,
                             status=response.status_code,
                             transient=response.status_code in RETRY_STATUSES,
                             retry_after=_retry_after(response.headers.get("Retry-After"),
                                                      self.wall_clock()))
        return response

    def _page(self, url: str, response: requests.Response) -> Page:
        content_type = response.headers.get("Content-Type", "")
        body = b"" if response.status_code == 304 else self._read(url, response)
        return Page(url=url, status=response.status_code, body=body,
                    text=decode_body(body, content_type) if body else "",
                    content_type=content_type, etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"))

    def _read(self, url: str, response: requests.Response) -> bytes:
        try:
            return self._read_chunks(url, response)
        except FetchError:
            raise
        except Exception as exc:  # socket, protocol and decoder errors share no base class
            if self.monotonic() >= response.deadline:  # type: ignore[attr-defined]
                raise self._deadline_error(url) from None
            raise FetchError(f"fetch: body read failed ({_reason(exc)})", url=url,
                             transient=True) from None
        finally:
            response.close()

    def _deadline_error(self, url: str) -> FetchError:
        """Not transient: a server this slow would only hold a worker again."""
        return FetchError(f"fetch: no complete answer within {self.settings.timeout:g}s",
                          url=url)

    def _read_chunks(self, url: str, response: requests.Response) -> bytes:
        """Read the decoded body, stopping at the deadline or the size limit."""
        limit, deadline = self.settings.max_bytes, response.deadline  # type: ignore[attr-defined]
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - self.monotonic()
            if remaining <= 0:
                raise self._deadline_error(url)
            _set_read_timeout(response, remaining)
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"fetch: body larger than {limit} bytes", url=url)
            chunks.append(chunk)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.robots_lock:
            cached = self.robots.get(origin)
        if cached is None or cached[0] < self.monotonic():
            cached = (self.monotonic() + ROBOTS_TTL, self._load_robots(origin))
            with self.robots_lock:
                self.robots[origin] = cached
        parser = cached[1]
        return parser is None or parser.can_fetch(self.settings.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """Parsed robots.txt; None (allow all) when absent or unreachable, like most crawlers."""
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._send(origin + "/robots.txt", {})
            text = decode_body(self._read(origin + "/robots.txt", response))
        except FetchError as exc:
            if exc.status in (401, 403):
                parser.disallow_all = True  # type: ignore[attr-defined]  # set by parse()
                return parser
            return None
        parser.parse(text.splitlines())
        return parser


def _set_read_timeout(response: requests.Response, seconds: float) -> None:
    """Shrink the socket timeout to what is left of the deadline, so one slow read cannot
    outlive it."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.001))


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."
