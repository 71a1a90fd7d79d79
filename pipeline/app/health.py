"""The health rules, once: `newswatch status`, its exit code, `/healthz` and the web
interface's sources page all judge the service with `assess`.

A pure function of the config (what should run), the stored state (what did run) and the
time. Every configured source is listed, fetched or not; a source stored in the database
but no longer configured is not. The levels:

- healthy (exit 0, /healthz 200): every source fetched without a problem, or not yet due;
- degraded (exit 1, /healthz 200): some sources have a problem, or deliveries are being
  retried: digests still go out;
- failing (exit 2, /healthz 503): every source has a problem, or a delivery failed for good
  (nothing new arrives, or a digest will not reach anyone without `newswatch retry`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from ..config import Config, Source
from ..store import Store, iso
from .services import open_archive, open_store

HEALTHY, DEGRADED, FAILING = "healthy", "degraded", "failing"
EXIT_CODES = {HEALTHY: 0, DEGRADED: 1, FAILING: 2}
# A source whose next fetch is this much overdue is not being fetched: the service is
# stopped or stuck (beyond the scheduler's jitter and a slow cycle).
OVERDUE_GRACE = timedelta(minutes=15)
COUNTS = {  # what each count of `status` means
    "articles": "article pages stored (a copy from another outlet counts once)",
    "statements": "distinct statements on a topic, each once however many outlets ran it",
    "pending_alerts": "statements waiting for the next digest of their topic",
    "digests": "digests made, each sent to every channel",
}


@dataclass(frozen=True)
class StoredState:
    """What the database says, as plain rows: `sources` from its sources table (by name),
    `deliveries` those not sent (status pending or failed), `pending` the alerts waiting
    per topic, `last_digest` the time of each topic's latest digest."""

    sources: dict[str, dict] = field(default_factory=dict)
    deliveries: Sequence[dict] = ()
    pending: dict[str, int] = field(default_factory=dict)
    last_digest: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    exists: bool = True  # False before the first run: no database yet


@dataclass(frozen=True)
class SourceHealth:
    name: str
    url: str
    kind: str
    state: str  # "ok", "not fetched yet", "failing", "warning" or "overdue"
    problem: str | None  # what is wrong, for a person
    last_fetch: str | None
    last_success: str | None
    next_fetch: str | None  # None: at the service's start
    last_error: str | None
    failures: int


@dataclass(frozen=True)
class TopicHealth:
    name: str
    pending: int
    last_digest: str | None
    next_digest: str  # a time, or when it will be made, in words


@dataclass(frozen=True)
class HealthReport:
    level: str
    reasons: tuple[str, ...]
    sources: tuple[SourceHealth, ...]
    topics: tuple[TopicHealth, ...]
    deliveries: tuple[dict, ...]
    counts: dict[str, int]
    exists: bool

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.level]

    @property
    def http_status(self) -> int:
        return 503 if self.level == FAILING else 200


def assess(config: Config, state: StoredState, now: datetime) -> HealthReport:
    """The service's health from what should run and what did."""
    sources = tuple(source_health(s, state.sources.get(s.name), now) for s in config.sources)
    topics = tuple(topic_health(config, t.name, state, now) for t in config.topics)
    failed = [d for d in state.deliveries if d["status"] == "failed"]
    retrying = [d for d in state.deliveries if d["status"] == "pending" and d["attempts"]]
    troubled = [s for s in sources if s.problem]
    reasons = [f"source {s.name}: {s.problem}" for s in troubled]
    reasons += [f"delivery {d['id']} ({d['channel']}) failed for good: {d['last_error']}; "
                "fix the cause, then `newswatch retry`" for d in failed]
    reasons += [f"delivery {d['id']} ({d['channel']}) being retried after {d['attempts']} "
                f"attempts: {d['last_error']}" for d in retrying]
    if failed or (sources and len(troubled) == len(sources)):
        level = FAILING
    elif troubled or retrying:
        level = DEGRADED
    else:
        level = HEALTHY
    return HealthReport(level, tuple(reasons), sources, topics, tuple(state.deliveries),
                        dict(state.counts), state.exists)


def stored_state(config: Config) -> StoredState:
    """The state to judge, read from the database without changing it; before the first
    run there is none, and nothing has been fetched."""
    if config.store_url is None and not config.db_path.exists():
        return StoredState(exists=False)
    store = open_store(config, read_only=True)
    assert isinstance(store, Store)  # PgStore too
    try:
        return StoredState(**open_archive(config, store).health_rows())
    finally:
        store.close()


def source_health(source: Source, row: dict | None, now: datetime) -> SourceHealth:
    """One configured source: its stored state judged. Any last status but "ok" (a fetch
    that gave no article links, say) is a problem, as is an error or an overdue fetch."""
    if row is None:
        return SourceHealth(source.name, source.url, source.kind or "auto", "not fetched yet", None,
                            None, None, None, None, 0)
    next_fetch = row["next_attempt_at"] or _after(row["last_attempt_at"], source.interval)
    status = row.get("last_status")
    if row["failures"] or row["last_error"]:
        state, problem = "failing", (f"{row['failures']} failed fetches in a row: "
                                     f"{row['last_error']}")
    elif status not in (None, "ok"):
        state, problem = "warning", str(status)
    elif next_fetch and iso(now - OVERDUE_GRACE) > next_fetch:
        state, problem = "overdue", (f"not fetched since {row['last_attempt_at']}, due "
                                     f"{next_fetch}: is the service running?")
    else:
        state, problem = "ok", None
    kind = source.kind or f"auto ({row.get('kind') or '?'})"  # detected from each response
    return SourceHealth(source.name, source.url, kind, state, problem,
                        row["last_attempt_at"], row["last_success_at"], next_fetch,
                        row["last_error"], row["failures"])


def topic_health(config: Config, topic: str, state: StoredState, now: datetime) -> TopicHealth:
    """When the topic's next digest is made: in "cron" mode at the next fire time; in
    "immediate" mode with the next fetch that finds a statement, or as soon as min_gap
    allows when statements wait."""
    pending, last = state.pending.get(topic, 0), state.last_digest.get(topic)
    delivery = config.delivery
    if delivery.mode == "cron" and delivery.cron:
        trigger = CronTrigger.from_crontab(delivery.cron, timezone=delivery.timezone)
        fire = trigger.get_next_fire_time(None, now)
        when = (f"{iso(fire)}" if fire else "never") + ("" if pending else
                                                        " (if a statement arrives)")
    elif not pending:
        when = "when a fetch finds a new statement"
    else:
        held = _after(last, delivery.min_gap) if last else None
        when = held if held and held > iso(now) else "now (at the next delivery run)"
    return TopicHealth(topic, pending, last, when)


def _after(moment: str | None, seconds: float) -> str | None:
    if moment is None:
        return None
    return iso(datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ") + timedelta(seconds=seconds))


def describe(report: HealthReport) -> list[str]:
    """`newswatch status` as lines of text."""
    lines = [f"health: {report.level}"]
    if not report.exists:
        lines.append("  no database yet: nothing has been fetched; start `newswatch run` "
                     "(or `newswatch run --once`)")
    lines += [f"  - {reason}" for reason in report.reasons]
    lines.append("sources:")
    for s in report.sources:
        lines.append(f"  {s.name} ({s.kind}): {s.state}{': ' + s.problem if s.problem else ''}")
        lines.append(f"      last fetch {s.last_fetch or '-'}, last success "
                     f"{s.last_success or '-'}, next fetch {s.next_fetch or 'at start'}")
    lines.append("topics:")
    lines += [f"  {t.name}: {t.pending} statements waiting, last digest "
              f"{t.last_digest or '-'}, next digest {t.next_digest}" for t in report.topics]
    lines.append("counts:")
    lines += [f"  {name.replace('_', ' ')} {report.counts.get(name, 0)}: {meaning}"
              for name, meaning in COUNTS.items()]
    return lines
