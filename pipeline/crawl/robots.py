"""robots.txt as RFC 9309 reads it: Protego's matching (`*` and `$` wildcards, the longest
rule wins), the RFC's answers to HTTP errors, the response's own cache lifetime, and one
request per host however many sources of it are fetched at once.

RFC 9309 in short: a 4xx means there are no rules (allow all); a 5xx or an unreachable
server means disallow all, except that the last rules seen may still be used; rules are
kept no longer than 24 hours. The fetcher asks (`Fetcher._robots_rules`); this module
parses, matches, times and shares the answers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from protego import Protego

MAX_AGE = 24 * 3600.0  # RFC 9309 2.4: a cached robots.txt is used at most 24 hours
MIN_AGE = 300.0  # "max-age=0" or "no-store" does not mean asking before every page
UNREACHABLE_RETRY = 600.0  # seconds the last rules stand in for a server that fails


def lifetime(freshness: float | None) -> float:
    """Seconds a robots.txt answer is used: as long as its server says it stays fresh
    (24 hours when it does not say), between MIN_AGE and MAX_AGE."""
    return min(max(MAX_AGE if freshness is None else freshness, MIN_AGE), MAX_AGE)


@dataclass(frozen=True)
class Rules:
    """One host's robots.txt, parsed once, and until when (wall clock) it may be used."""

    text: str
    expires_at: float
    parser: Protego = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parser", Protego.parse(self.text))

    def allows(self, url: str, user_agent: str) -> bool:
        return bool(self.parser.can_fetch(url, user_agent))


Load = Callable[[str, Rules | None], Rules]  # (origin, the stale rules if any) -> fresh


class HostRules:
    """Each origin's rules in memory. The first thread to need an origin's rules loads
    them; the others asking meanwhile wait for that one answer (or its error) instead of
    asking the host again."""

    def __init__(self, load: Load, wall_clock: Callable[[], float]) -> None:
        self.load = load
        self.wall_clock = wall_clock
        self._lock = threading.Lock()
        self._rules: dict[str, Rules] = {}
        self._loading: dict[str, Future[Rules]] = {}

    def get(self, origin: str) -> Rules:
        with self._lock:
            known = self._rules.get(origin)
            if known is not None and known.expires_at > self.wall_clock():
                return known
            pending = self._loading.get(origin)
            first = pending is None
            if pending is None:
                pending = self._loading[origin] = Future()
        if not first:
            return pending.result()  # raises the first one's error, if it failed
        try:
            rules = self.load(origin, known)
        except BaseException as exc:
            with self._lock:
                del self._loading[origin]
            pending.set_exception(exc)
            raise
        with self._lock:
            self._rules[origin] = rules
            del self._loading[origin]
        pending.set_result(rules)
        return rules
