"""`newswatch worker`: any number of worker processes, on any machines, sharing the work
through procrastinate's job queue in the PostgreSQL database that is also the store.

- `tick` (periodic; procrastinate defers each period's run once, whichever workers are
  up) claims the sources that are due with FOR UPDATE SKIP LOCKED, moves them their
  interval ahead and defers a `fetch_source` job for each (one queued per source at a
  time: a queueing lock);
- `fetch_source` runs the cycle's run_source_safely; every write is a transaction and a
  link is marked fetched only with its article stored, so a job run twice (retried after
  its worker died) stores nothing twice;
- `digests` (periodic) makes the due digests and sends the due deliveries: the store
  locks a topic's digest and claims deliveries with SKIP LOCKED, so no statement is in two
  digests and no delivery is sent by two workers;
- `retry_stalled` (periodic) puts the jobs of a worker whose heartbeat stopped (killed,
  its machine gone) back in the queue.

Per-host politeness holds across all workers: a request claims its host's row in
`newswatch_hosts` (one atomic upsert on the database's clock) and holds it until the
response has been read; the host is free again `per_host_delay` after that.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import zip_longest
from urllib.parse import urlsplit

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued

from ..config import Config, Source
from ..crawl.fetch import HostThrottle
from ..errors import EXIT_OK, ConfigError
from ..pgstore import PgStore
from .cycle import digest_and_deliver, run_source_safely
from .services import Services, build_services

log = logging.getLogger(__name__)

TICK = "* * * * * */5"  # cron, seconds last: claim due sources every 5 s
STALLED_AFTER = 30.0  # seconds without a worker's heartbeat: its jobs are retried
CLAIM_BATCH = 1000  # sources deferred per tick at most
LEASE_MARGIN = 10.0  # seconds a host stays claimed beyond the request's deadline
_SCHEMA = """
CREATE TABLE IF NOT EXISTS newswatch_schedule (
    source TEXT PRIMARY KEY, due_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS newswatch_hosts (
    host TEXT PRIMARY KEY, next_allowed TIMESTAMPTZ NOT NULL);
"""
tasks = procrastinate.Blueprint()


class SharedHostThrottle(HostThrottle):
    """The fetcher's HostThrottle across processes, on the database's clock: a request
    claims its host's row in one atomic upsert, only if the host's next allowed moment
    has come, setting it a lease ahead (so that a killed worker's host is free again
    after the lease); the response read, the release sets it `delay` after that moment.
    The lease's end is the claim's token: a release after the lease has passed (and the
    host has been claimed again) changes nothing."""

    def __init__(self, store: PgStore, delay: float, lease: float,
                 sleep: Callable[[float], object]) -> None:
        super().__init__(delay, time.monotonic, sleep)
        self.store = store
        self.lease = lease

    def claim(self, host: str) -> tuple[object, float]:
        db = self.store.db
        claimed = db.execute(
            "INSERT INTO newswatch_hosts AS h (host, next_allowed) VALUES "
            "(?, clock_timestamp() + make_interval(secs => ?)) ON CONFLICT (host) DO UPDATE "
            "SET next_allowed = excluded.next_allowed "
            "WHERE h.next_allowed <= clock_timestamp() RETURNING next_allowed",
            [host, self.lease]).fetchone()
        if claimed:
            return claimed[0], 0.0
        wait = self.store.scalar("SELECT extract(epoch FROM next_allowed - clock_timestamp()) "
                                 "FROM newswatch_hosts WHERE host = ?", [host])
        return None, max(min(float(wait), self.delay), 0.001)

    def release(self, host: str, token: object) -> None:
        self.store.db.execute(
            "UPDATE newswatch_hosts SET next_allowed = clock_timestamp() + "
            "make_interval(secs => ?) WHERE host = ? AND next_allowed = ?",
            [self.delay, host, token])


def claim_due_sources(store: PgStore, config: Config, limit: int = CLAIM_BATCH) -> list[str]:
    """The configured sources that are due, each moved its interval ahead in the same
    statement; rows another tick holds are skipped, not waited for. Among sources due at
    the same moment (a new config's, all at once) the batch is taken in an order unrelated
    to their names, which often group one site's sources."""
    names = [s.name for s in config.sources]
    intervals = [s.interval for s in config.sources]
    with store.transaction() as db:
        db.execute("INSERT INTO newswatch_schedule (source) SELECT unnest(?::text[]) "
                   "ON CONFLICT DO NOTHING", [names])
        rows = db.execute(
            "WITH due AS (SELECT s.source, c.secs FROM newswatch_schedule s "
            "JOIN unnest(?::text[], ?::float8[]) AS c(source, secs) ON c.source = s.source "
            "WHERE s.due_at <= now() ORDER BY s.due_at, md5(s.source) LIMIT ? "
            "FOR UPDATE OF s SKIP LOCKED) "
            "UPDATE newswatch_schedule s SET due_at = now() + make_interval(secs => due.secs) "
            "FROM due WHERE s.source = due.source RETURNING s.source",
            [names, intervals, limit]).fetchall()
    return sorted(row[0] for row in rows)


def hosts_in_turn(sources: Iterable[Source]) -> list[Source]:
    """The sources reordered so that consecutive ones are on different hosts while there
    are several (each host's first, then each one's second...): jobs are run in the order
    they were queued, and a worker's jobs on one host would only wait for each other."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_host[urlsplit(source.url).hostname or ""].append(source)
    return [s for turn in zip_longest(*by_host.values()) for s in turn if s is not None]


def _services(context: procrastinate.JobContext) -> Services:
    return context.additional_context["services"]


@tasks.periodic(cron=TICK)
@tasks.task(pass_context=True, queueing_lock="newswatch-tick")
def tick(context: procrastinate.JobContext, timestamp: int) -> None:
    svc = _services(context)
    assert isinstance(svc.store, PgStore)
    deferred = 0
    due = set(claim_due_sources(svc.store, svc.config))
    for source in hosts_in_turn(s for s in svc.config.sources if s.name in due):
        try:
            fetch_source.configure(queueing_lock=f"source:{source.name}").defer(
                name=source.name)
            deferred += 1
        except AlreadyEnqueued:  # still queued from an earlier tick
            pass
    if deferred:
        log.info("sources due", extra={"deferred": deferred})


@tasks.task(pass_context=True)
def fetch_source(context: procrastinate.JobContext, name: str) -> None:
    svc = _services(context)
    source = next((s for s in svc.config.sources if s.name == name), None)
    if source is None:  # removed from the config since it was deferred
        return
    try:
        run_source_safely(svc, source)
    finally:
        svc.store.close()  # this thread's connection, back to the pool


@tasks.periodic(cron=TICK)
@tasks.task(pass_context=True, queueing_lock="newswatch-digests")
def digests(context: procrastinate.JobContext, timestamp: int) -> None:
    digest_and_deliver(_services(context))


@tasks.periodic(cron="* * * * * */15")
@tasks.task(pass_context=True, queueing_lock="newswatch-stalled")
async def retry_stalled(context: procrastinate.JobContext, timestamp: int) -> None:
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER):
        log.warning("job of a stopped worker retried", extra={"job": job.id,
                                                             "task": job.task_name})
        await manager.retry_job(job)


def queue_app(url: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    app.add_tasks_from(tasks, namespace="newswatch")
    return app


def prepare_database(store: PgStore) -> None:
    """The queue's and the scheduler's tables, created once however many workers start
    together (under the store's schema lock)."""
    with store.transaction() as db:
        store.lock_schema()
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.raw.execute(statement)
        if not store.scalar("SELECT to_regclass('procrastinate_jobs') IS NOT NULL"):
            db.raw.execute(procrastinate.schema.SchemaManager.get_schema())


async def _work(app: procrastinate.App, svc: Services, concurrency: int) -> None:
    """Run jobs until a signal: sync jobs (fetching a source) in threads of the loop's
    default executor, sized so that `concurrency` of them run at once."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(concurrency + 2, thread_name_prefix="job"))
    async with app.open_async():
        await app.run_worker_async(concurrency=concurrency, additional_context={"services": svc},
                                   stalled_worker_timeout=STALLED_AFTER,
                                   delete_jobs="successful", shutdown_graceful_timeout=30.0)


def run_worker(config: Config, concurrency: int) -> int:
    """One worker process, until SIGINT or SIGTERM: `concurrency` jobs at a time."""
    if config.store_url is None:
        raise ConfigError("`newswatch worker` shares its work through PostgreSQL: set "
                          "[store] url or NEWSWATCH_DATABASE_URL")
    svc = build_services(config)
    assert isinstance(svc.store, PgStore)
    prepare_database(svc.store)
    svc.fetcher.throttle = SharedHostThrottle(
        svc.store, config.fetch.per_host_delay, config.fetch.timeout + LEASE_MARGIN,
        svc.fetcher.sleep)
    try:
        asyncio.run(_work(queue_app(config.store_url), svc, concurrency))
    finally:
        svc.request_stop()
        svc.close()
    return EXIT_OK
