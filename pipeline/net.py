"""Outgoing connections: one address policy, one guarded HTTP session, total deadlines.

Every HTTP request newswatch makes (pages, feeds, sitemaps, robots.txt, webhooks) goes
through a session built here, so the address policy (`fetch.allow_networks`) is checked
on the resolved address, at connect time, for all of them alike. Through a proxy
(`fetch.proxy`, or the environment's with `fetch.trust_env_proxy`), the connection is to
the proxy, which the user configured; the target's addresses are checked before each
request is handed to it.

Socket timeouts apply to each read, so a server that sends a byte a second never trips
them. A Deadline bounds a whole exchange instead (connect, status line, headers, body;
an SMTP conversation): when it passes, the Watchdog shuts the exchange's socket, which
ends any read or write blocked on it.
"""

from __future__ import annotations

import ipaddress
import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Protocol

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies, select_proxy
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.connection import create_connection

from .config import FetchSettings
from .errors import BlockedURLError, FetchError

HOST_POOLS = 10  # hosts whose connections are kept, at least (urllib3's default)
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 forms that carry an IPv4 address a gateway or the host stack reaches: judged by it.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052, the well-known prefix
# Never public: IPv4-compatible addresses (deprecated by RFC 4291; "[::127.0.0.1]") and
# the local-use NAT64 prefix of RFC 8215, which Python 3.11 still counts as global.
_NEVER_PUBLIC = (ipaddress.ip_network("::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


# --- addresses: checked on the resolved IP, when connecting -----------------------------

def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, 6to4 or NAT64 address leads to."""
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, unless the user allowed a network explicitly in the config."""

    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> AddressPolicy:
        return cls(tuple(ipaddress.ip_network(n) for n in settings.allow_networks))

    def check(self, host: str, ip_text: str) -> None:
        ip: IPAddress = ipaddress.ip_address(ip_text.split("%", 1)[0])
        forms = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)):
            forms.append(inner)
        if any(form in net for form in forms for net in self.allowed):
            return
        if any(not self._public(form) for form in forms):
            raise BlockedURLError(f"fetch: {host} resolves to non-public address {forms[-1]}; "
                                  "add its network to fetch.allow_networks to allow it")

    @staticmethod
    def _public(ip: IPAddress) -> bool:
        if isinstance(ip, ipaddress.IPv6Address) and any(ip in n for n in _NEVER_PUBLIC):
            return False
        return ip.is_global and not ip.is_multicast


# --- deadlines ----------------------------------------------------------------------------

class HasSocket(Protocol):
    """A connection object whose socket a deadline may shut (urllib3's, smtplib's)."""

    sock: socket.socket | None


class Deadline:
    """The end of one exchange. Sockets it watches are shut when it passes."""

    def __init__(self, seconds: float, stop_grace: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.stop_grace = stop_grace  # what is left of it once the service is stopping
        self.stopping = False  # shortened by Watchdog.stop
        self.expired = False
        self._watched: set[HasSocket] = set()
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return 0.0 if self.expired else max(self.at - time.monotonic(), 0.0)

    def watch(self, holder: HasSocket) -> None:
        with self._lock:
            self._watched.add(holder)
            expired = self.expired
        if expired:
            _shut(holder)

    def unwatch(self, holder: HasSocket) -> None:
        """Stop watching a connection handed back to a pool, where another exchange may
        pick it up."""
        with self._lock:
            self._watched.discard(holder)

    def shorten(self, now: float) -> None:
        self.stopping = True
        self.at = min(self.at, now + self.stop_grace)

    def describe(self) -> str:
        """Why an exchange cut by this deadline ended, for its error message."""
        if self.stopping:
            return "cut short by shutdown"
        return f"no complete answer within {self.seconds:.3g}s"

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            watched = list(self._watched)
        for holder in watched:
            _shut(holder)


def _shut(holder: HasSocket) -> None:
    """Shut the socket down (not close it: its owner closes it, once its blocked call has
    returned). The plain socket's method, so that a TLS socket's state is left alone."""
    sock = holder.sock
    if sock is not None:
        with suppress(OSError):  # already closed, or never connected
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


_local = threading.local()  # the deadline of the exchange this thread is in


def current_deadline() -> Deadline | None:
    return getattr(_local, "deadline", None)


class Watchdog:
    """Expires deadlines: one thread, started when a deadline is set and ended when none
    is left, so that a Watchdog needs no shutdown. It is woken only by a deadline sooner
    than the one it waits for: woken by every exchange, it took the GIL from a cycle's
    fetching threads a thousand times in an unchanged cycle."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active: set[Deadline] = set()
        self._running = False
        self._wake_at = math.inf  # when the running thread wakes up next
        self._stopping = False

    @contextmanager
    def deadline(self, seconds: float, stop_grace: float = 0.0) -> Iterator[Deadline]:
        """Bound the exchange run inside the block to `seconds`, or to `stop_grace` once
        stop() was called. Connections made in the block (this thread) are watched."""
        deadline = Deadline(seconds, stop_grace)
        with self._cond:
            if self._stopping:
                deadline.shorten(time.monotonic())
            self._active.add(deadline)
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="watchdog", daemon=True).start()
            elif deadline.at < self._wake_at:
                self._cond.notify()
        outer, _local.deadline = current_deadline(), deadline
        try:
            yield deadline
        finally:
            _local.deadline = outer
            with self._cond:
                self._active.discard(deadline)

    def stop(self) -> None:
        """Shorten every deadline, present and future, to its stop grace: on shutdown,
        fetches end at once and deliveries get a few seconds to finish."""
        with self._cond:
            self._stopping = True
            now = time.monotonic()
            for deadline in self._active:
                deadline.shorten(now)
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while self._active:
                now = time.monotonic()
                for deadline in [d for d in self._active if d.at <= now]:
                    deadline.expire()
                    self._active.discard(deadline)
                if self._active:
                    self._wake_at = min(d.at for d in self._active)
                    self._cond.wait(self._wake_at - now)
            self._running = False


# --- the guarded session --------------------------------------------------------------------

class _GuardedConnectionMixin:
    """Resolves the host itself, connects only to addresses the policy allows, and puts
    the connection under the deadline of the exchange it serves."""

    policy: AddressPolicy
    sock: socket.socket | None

    def connect(self) -> None:
        self._watched()
        super().connect()  # type: ignore[misc]
        self._watched()  # a deadline that passed while connecting shuts the new socket now

    def request(self, *args: object, **kwargs: object) -> None:
        self._watched()
        super().request(*args, **kwargs)  # type: ignore[misc]

    def _watched(self) -> None:
        deadline = current_deadline()
        if deadline is not None:
            deadline.watch(self)

    def _new_conn(self) -> socket.socket:
        host, port = self._dns_host, self.port  # type: ignore[attr-defined]
        last: OSError | None = None
        for ip in _addresses(host, port):
            self.policy.check(host, ip)
            try:
                return create_connection((ip, port), self._connect_timeout(),
                                         socket_options=self.socket_options)  # type: ignore[attr-defined]
            except OSError as exc:
                last = exc
        raise FetchError(f"fetch: cannot connect to {host}:{port} ({last})", transient=True)

    def _connect_timeout(self) -> float | None:
        timeout: float | None = self.timeout  # type: ignore[attr-defined]
        deadline = current_deadline()
        if deadline is None:
            return timeout
        return max(min(timeout or deadline.remaining(), deadline.remaining()), 0.001)


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"fetch: cannot resolve {host} ({exc})", transient=True) from None
    return [str(sockaddr[0]) for *_, sockaddr in infos]


class _GuardedPoolMixin:
    def _put_conn(self, conn: HasSocket | None) -> None:
        deadline = current_deadline()
        if deadline is not None and conn is not None:
            deadline.unwatch(conn)
        super()._put_conn(conn)  # type: ignore[misc]


def _pool_classes(policy: AddressPolicy) -> dict[str, type]:
    """urllib3 pool classes whose connections are checked by `policy` and watched by the
    deadline of the exchange they serve."""
    http_conn = type("GuardedHTTPConnection", (_GuardedConnectionMixin, HTTPConnection),
                     {"policy": policy})
    https_conn = type("GuardedHTTPSConnection", (_GuardedConnectionMixin, HTTPSConnection),
                      {"policy": policy})
    return {"http": type("GuardedHTTPPool", (_GuardedPoolMixin, HTTPConnectionPool),
                         {"ConnectionCls": http_conn}),
            "https": type("GuardedHTTPSPool", (_GuardedPoolMixin, HTTPSConnectionPool),
                          {"ConnectionCls": https_conn})}


_ANYWHERE = AddressPolicy((ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")))


class _GuardedAdapter(HTTPAdapter):
    """Direct connections are checked when made; a request through a proxy has its
    target's addresses checked first (all of them: the proxy picks one), and its
    connection to the proxy (the user's own, like the SMTP server) is watched only."""

    policy: AddressPolicy

    def send(self, request: requests.PreparedRequest, *args: object, **kwargs: object) -> \
            requests.Response:
        proxies = kwargs.get("proxies") or {}
        parts = urllib3.util.parse_url(request.url or "")
        if parts.host and select_proxy(request.url or "", proxies):  # type: ignore[arg-type]
            host = parts.host.strip("[]")
            for ip in _addresses(host, parts.port or (443 if parts.scheme == "https" else 80)):
                self.policy.check(host, ip)
        return super().send(request, *args, **kwargs)  # type: ignore[arg-type]

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: object) -> urllib3.ProxyManager:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _pool_classes(_ANYWHERE)
        return manager


def _guarded_adapter(policy: AddressPolicy, hosts: int) -> HTTPAdapter:
    """`hosts`: how many hosts' connection pools are kept (the least recently used one is
    closed beyond that), so that a host's next request reuses its open connection."""
    adapter = _GuardedAdapter(max_retries=0, pool_connections=hosts, pool_maxsize=16)
    adapter.policy = policy
    adapter.poolmanager.pool_classes_by_scheme = _pool_classes(policy)
    return adapter


class _Session(requests.Session):
    """A session that takes only the proxy settings from the environment (HTTP_PROXY,
    HTTPS_PROXY, NO_PROXY), and only when asked: requests' trust_env would also read
    ~/.netrc credentials and CA bundle variables."""

    environment_proxies = False

    def merge_environment_settings(self, url: str | bytes | None, proxies: Any, stream: Any,
                                   verify: Any, cert: Any) -> Any:
        if self.environment_proxies and isinstance(url, str):
            proxies = {**get_environ_proxies(url), **(proxies or {})}
        return super().merge_environment_settings(url, proxies, stream, verify, cert)


def build_session(settings: FetchSettings) -> requests.Session:
    """A session that guards every connect, for fetching and for webhooks alike; through
    `fetch.proxy`, or the environment's proxies when `fetch.trust_env_proxy` says so. It
    keeps the connections of twice as many hosts as sources are fetched at once: each
    fetching thread is on one host, waiting out its politeness delay, and would otherwise
    find its connection closed by the time it asks again (a new connection per request
    costs more CPU than the request)."""
    session = _Session()
    session.trust_env = False
    session.environment_proxies = settings.trust_env_proxy
    if settings.proxy:
        session.proxies = {"http": settings.proxy, "https": settings.proxy}
    session.headers.update({"User-Agent": settings.user_agent,
                            "Accept-Encoding": "gzip, deflate, br"})
    adapter = _guarded_adapter(AddressPolicy.from_settings(settings),
                               max(HOST_POOLS, 2 * settings.concurrency))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
