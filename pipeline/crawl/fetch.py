"""HTTP fetching with the limits a fetcher of other people's sites needs.

A total deadline per request (not only per socket read), a body limit counted after
decompression, at most 10 redirects with each hop re-checked, http(s) only, addresses
checked at connect time (after DNS resolution, by the session of `pipeline.net`),
retries with backoff on 5xx/429 that honour Retry-After, conditional GET, per-host
politeness and robots.txt.
"""

from __future__ import annotations

import email.utils
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests

from ..config import FetchSettings
from ..errors import BlockedURLError, FetchError
from ..net import Deadline, Watchdog
from .page import Page
from .robots import UNREACHABLE_RETRY, HostRules, Rules, lifetime

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
CHUNK = 64 * 1024
ROBOTS_REDIRECTS = 5  # RFC 9309 2.3.1.2: at least five; beyond, robots.txt is "unavailable"
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_NO_STORE = re.compile(r"(?:^|,)\s*(?:no-store|no-cache)\b", re.IGNORECASE)


# --- politeness --------------------------------------------------------------------------

class HostThrottle:
    """One request at a time per host, the next sent `delay` seconds after the previous
    response has been read (Nutch's rule), across threads. Counted from the response's
    end, the gap between two requests' arrivals at the server is at least `delay`,
    however long a request takes to leave or to reach it; a gap counted between the
    moments two requests were let go would not be (a thread that sends late, a slow
    connect). SharedHostThrottle (app.cluster) is the same across processes: it claims
    and releases a host in the database instead of in `free_at`."""

    def __init__(self, delay: float, monotonic: Callable[[], float],
                 sleep: Callable[[float], object]) -> None:
        self.delay = delay
        self.monotonic = monotonic
        self.sleep = sleep
        self.lock = threading.Lock()
        self.free_at: dict[str, float] = {}  # when a host may be asked again; inf: in flight

    @contextmanager
    def hold(self, host: str) -> Iterator[None]:
        """The host for one exchange: waits until it is free, then holds it until the block
        ends (the response read, or given up). A stop (the fetcher's sleep returning True)
        ends the wait without the host; the caller checks its stop event."""
        if self.delay <= 0:
            yield
            return
        while (claim := self.claim(host))[0] is None:
            if self.sleep(claim[1]) is True:
                yield
                return
        try:
            yield
        finally:
            self.release(host, claim[0])

    def claim(self, host: str) -> tuple[object, float]:
        """(a token to release the host with, when it is ours now, else None; the seconds
        to wait before asking again: until its next allowed moment, or `delay` while a
        request is in flight, since it is released no sooner than now)."""
        with self.lock:
            now = self.monotonic()
            free_at = self.free_at.get(host, now)
            if free_at <= now:
                self.free_at[host] = math.inf
                return True, 0.0
        return None, self.delay if free_at == math.inf else free_at - now

    def release(self, host: str, token: object) -> None:
        """The exchange is over: the host is free again `delay` from now."""
        with self.lock:
            self.free_at[host] = self.monotonic() + self.delay


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


def freshness(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the server says its answer stays fresh: Cache-Control's max-age (0 for
    no-store or no-cache), else Expires counted from Date (an invalid Expires is already
    stale); None when it says nothing. `headers` looks keys up case-insensitively."""
    cache_control = headers.get("Cache-Control") or ""
    if _NO_STORE.search(cache_control):
        return 0.0
    if match := _MAX_AGE.search(cache_control):
        return float(match[1])
    if (expires := headers.get("Expires")) is None:
        return None
    try:
        expires_at = email.utils.parsedate_to_datetime(expires).timestamp()
        date = headers.get("Date")
        sent_at = email.utils.parsedate_to_datetime(date).timestamp() if date else None
    except (TypeError, ValueError):
        return 0.0
    return max(expires_at - (now if sent_at is None else sent_at), 0.0)


# --- the fetcher ---------------------------------------------------------------------------

class Fetcher:
    """GET with every limit applied. Thread-safe; one per process.

    Each request (each redirect hop, robots.txt too) has its own total deadline, set
    after the politeness wait; `stop` ends retries and politeness waits at once.
    """

    def __init__(self, settings: FetchSettings, session: requests.Session, *,
                 watchdog: Watchdog | None = None, stop: threading.Event | None = None,
                 robots_cache: RobotsCache | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] | None = None,
                 wall_clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.session = session
        self.watchdog = watchdog or Watchdog()
        self.stop = stop or threading.Event()
        self.monotonic = monotonic
        self.sleep = sleep or self.stop.wait
        self.wall_clock = wall_clock
        self.throttle = HostThrottle(settings.per_host_delay, monotonic, self.sleep)
        self.robots = HostRules(self._robots_rules, wall_clock)
        self.robots_cache = robots_cache

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
        if not exc.transient or attempt >= self.settings.retries or self.stop.is_set():
            return None
        wait = exc.retry_after
        if wait is None:
            wait = self.settings.backoff * 2**attempt
        return wait if wait <= self.settings.max_retry_wait else None

    def _follow(self, url: str, headers: dict[str, str]) -> Page:
        for _ in range(self.settings.max_redirects + 1):
            self._check_allowed(url)
            page, location = self._exchange(url, headers)
            if page is not None:
                return page
            url = urljoin(url, location)
        raise FetchError(f"fetch: more than {self.settings.max_redirects} redirects", url=url)

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BlockedURLError(f"fetch: only http(s) URLs are fetched, not {url[:80]!r}",
                                  url=url)
        if self.settings.respect_robots and not self._robots_allow(url):
            raise BlockedURLError("fetch: disallowed by robots.txt", url=url)

    def _exchange(self, url: str, headers: dict[str, str]) -> tuple[Page | None, str]:
        """One request and its answer: the page, or (None, Location) for a redirect. The
        deadline covers connect, status line, headers and body; the host is held until the
        body is read."""
        with self.throttle.hold(urlsplit(url).hostname or ""):
            if self.stop.is_set():  # (also what ends a politeness wait)
                raise FetchError("fetch: stopping", url=url, transient=True)
            with self.watchdog.deadline(self.settings.timeout) as deadline:
                response = self._send(url, headers, deadline)
                if response.is_redirect:
                    response.close()
                    return None, response.headers.get("Location", "")
                return self._page(url, response, deadline), ""

    def _send(self, url: str, headers: dict[str, str], deadline: Deadline) -> requests.Response:
        timeout = (min(self.settings.connect_timeout, self.settings.timeout), self.settings.timeout)
        try:
            response = self.session.get(url, headers=headers, timeout=timeout, stream=True,
                                        allow_redirects=False)
        except requests.RequestException as exc:
            if deadline.expired:
                raise self._deadline_error(url, deadline) from None
            raise FetchError(f"fetch: {_reason(exc)}", url=url, transient=True) from None
        if deadline.expired:  # the headers were cut: what was parsed of them is no answer
            response.close()
            raise self._deadline_error(url, deadline)
        if response.status_code >= 400:
            response.close()
            raise FetchError(f"fetch: HTTP {response.status_code}", url=url,
                             status=response.status_code,
                             transient=response.status_code in RETRY_STATUSES,
                             retry_after=_retry_after(response.headers.get("Retry-After"),
                                                      self.wall_clock()))
        return response

    def _page(self, url: str, response: requests.Response, deadline: Deadline) -> Page:
        headers = response.headers
        body = b"" if response.status_code == 304 else self._read(url, response, deadline)
        return Page(url=url, status=response.status_code, body=body,
                    content_type=headers.get("Content-Type", ""), etag=headers.get("ETag"),
                    last_modified=headers.get("Last-Modified"),
                    fresh_for=freshness(headers, self.wall_clock()))

    def _read(self, url: str, response: requests.Response, deadline: Deadline) -> bytes:
        try:
            return self._read_chunks(url, response, deadline)
        except FetchError:
            raise
        except Exception as exc:  # socket, protocol and decoder errors share no base class
            if deadline.expired:
                raise self._deadline_error(url, deadline) from None
            raise FetchError(f"fetch: body read failed ({_reason(exc)})", url=url,
                             transient=True) from None
        finally:
            response.close()

    def _deadline_error(self, url: str, deadline: Deadline) -> FetchError:
        """Not transient (a server this slow would only hold a worker again), unless the
        shutdown cut it."""
        return FetchError(f"fetch: {deadline.describe()}", url=url,
                          transient=deadline.stopping)

    def _read_chunks(self, url: str, response: requests.Response, deadline: Deadline) -> bytes:
        """Read the decoded body, stopping at the deadline or the size limit."""
        limit = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        while True:
            if deadline.expired:
                raise self._deadline_error(url, deadline)
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"fetch: body larger than {limit} bytes", url=url)
            chunks.append(chunk)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        rules = self.robots.get(f"{parts.scheme}://{parts.netloc}")
        return rules.allows(url, self.settings.user_agent)

    def _robots_rules(self, origin: str, stale: Rules | None) -> Rules:
        """The origin's rules: from the store while fresh (so that a run started every
        few minutes does not ask every host again), else fetched and stored. A server
        that does not answer gets its last rules for a while (RFC 9309 2.4) or, when
        none are known, nothing of it is fetched (the FetchError says why)."""
        now = self.wall_clock()
        if self.robots_cache is not None and (kept := self.robots_cache.robots_rules(origin)):
            stored = Rules(*kept)
            if now < stored.expires_at:
                return stored
            stale = stale or stored
        try:
            text, fresh_for = self._robots_answer(origin)
        except FetchError as exc:
            if stale is None:
                raise
            log.warning("robots.txt unreachable; its last rules apply",
                        extra={"origin": origin, "error": str(exc)})
            return Rules(stale.text, now + UNREACHABLE_RETRY)
        rules = Rules(text, now + lifetime(fresh_for))
        if self.robots_cache is not None:
            self.robots_cache.save_robots_rules(origin, text, now, rules.expires_at)
        return rules

    def _robots_answer(self, origin: str) -> tuple[str, float | None]:
        """robots.txt's text and freshness per RFC 9309: up to five redirects followed; a
        4xx (or a longer chain) means no rules; a 5xx or no answer is a FetchError."""
        url = origin + "/robots.txt"
        for _ in range(ROBOTS_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                break
            try:
                page, location = self._exchange(url, {})
            except BlockedURLError:
                raise  # an address not allowed: said as for any page
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    return "", None
                raise FetchError(f"fetch: robots.txt not answered ({_cause(exc)}); nothing is "
                                 "fetched from this host until it is (RFC 9309)", url=url,
                                 status=exc.status, transient=exc.transient,
                                 retry_after=exc.retry_after) from None
            if page is not None:
                return page.text, page.fresh_for
            url = urljoin(url, location)
        return "", None


class RobotsCache(Protocol):
    """Where robots.txt rules outlive the process (the store): (rules, expires at)."""

    def robots_rules(self, origin: str) -> tuple[str, float] | None: ...

    def save_robots_rules(self, origin: str, rules: str, fetched_at: float,
                          expires_at: float) -> None: ...


def _cause(exc: FetchError) -> str:
    return str(exc).removeprefix("fetch: ")


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."
