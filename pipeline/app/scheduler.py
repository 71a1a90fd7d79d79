"""The long-running service: APScheduler jobs built from the config, nothing else.

One job per source at its interval (with a little jitter), one delivery job, a digest
job when the sources that ran close together are done ("immediate" mode, see settle.py)
or at the times of `cron` ("cron" mode), and a watcher
that reloads the config when the file changes (or at once on SIGHUP), keeping the last
good one if the new one is invalid. Jobs are built at start, never stored: there is no
pickled job store to rot.

Stopping is bounded: fetches in flight are cut at once, deliveries in flight get
STOP_GRACE seconds, and an article being analysed is bounded by the text cap, so the
service exits well within the systemd unit's 90 s.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ..config import Config, Source
from ..deliver import STOP_GRACE
from ..errors import ConfigError, StorageError
from .cycle import deliver, digest_and_deliver, held_until, run_source_safely
from .services import Services
from .settle import Settle

log = logging.getLogger(__name__)
DELIVERY_EVERY = 30.0


class WallClockCron(CronTrigger):
    """A cron trigger whose local fire times only move forward: APScheduler 3 fires again
    in the hour that repeats when daylight saving time ends."""

    def get_next_fire_time(self, previous_fire_time: datetime | None,
                           now: datetime) -> datetime | None:
        fire = super().get_next_fire_time(previous_fire_time, now)
        while fire and previous_fire_time and _local(fire, self.timezone) <= _local(
                previous_fire_time, self.timezone):
            fire = super().get_next_fire_time(fire, fire)
        return fire


def _local(moment: datetime, zone: tzinfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


class Service:
    """Owns the scheduler; `build` turns a Config into the Services the jobs use."""

    def __init__(self, config: Config, build: Callable[[Config], Services],
                 load: Callable[[], Config], config_check_every: float = 15.0) -> None:
        self.build = build
        self.config_check_every = config_check_every
        self.load = load
        self.svc = build(config)
        self.config_mtime = _mtime(config)
        self.reload_lock = threading.Lock()
        self.delivery_lock = threading.Lock()
        self.stop = threading.Event()
        self.settle = _settle(config)
        self.fatal: StorageError | None = None
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(config.fetch.concurrency + 2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC)

    def run(self, stop: threading.Event) -> None:
        """Run until `stop` is set (SIGTERM/SIGINT), then let running jobs finish. A job
        that finds the database gone sets `stop` too; its StorageError is raised here."""
        self.stop = stop
        self._add_jobs()
        self.scheduler.add_job(self._config_job, IntervalTrigger(seconds=self.config_check_every),
                               id="config", name="config watch")
        self.scheduler.start()
        log.info("service started", extra={"sources": len(self.svc.config.sources),
                                           "topics": len(self.svc.config.topics),
                                           "mode": self.svc.config.delivery.mode})
        stop.wait()
        log.info("service stopping: fetches cut, deliveries in flight given "
                 f"{STOP_GRACE:g}s, then running jobs finish")
        self.svc.request_stop()
        self.scheduler.shutdown(wait=True)
        self.svc.close()
        log.info("service stopped")
        if self.fatal:
            raise self.fatal

    def _add_jobs(self, planned: dict[Source, datetime] | None = None) -> None:
        """The jobs of the config; a source in `planned` (unchanged by a reload) keeps its
        next run, the others run soon."""
        config, now = self.svc.config, datetime.now(UTC)
        first_runs = _first_runs(config.sources, planned or {}, now)
        for source, first_run in zip(config.sources, first_runs, strict=True):
            self.scheduler.add_job(
                self._source_job, IntervalTrigger(seconds=source.interval,
                                                  jitter=min(source.interval * 0.1, 120)),
                args=[source], id=f"source:{source.name}", name=f"source {source.name}",
                next_run_time=first_run)
        self.scheduler.add_job(self._delivery_job, IntervalTrigger(seconds=DELIVERY_EVERY),
                               id="deliver", name="deliver", next_run_time=now)
        if config.delivery.mode == "cron":
            self.scheduler.add_job(self._digest_job, WallClockCron.from_crontab(
                config.delivery.cron, timezone=config.delivery.timezone), id="digest",
                name="digest")

    def _source_job(self, source: Source) -> None:
        svc, settle = self.svc, self.settle
        settle.started()
        try:
            run_source_safely(svc, source)
        except StorageError as exc:
            self._stop_for(exc)
            return
        finally:
            settle.finished(svc.clock())
        self._schedule_digest()

    def _schedule_digest(self) -> None:
        """(Re)plan the immediate-mode digest job at the time `settle` gives."""
        due = self.settle.due_at()
        immediate = self.svc.config.delivery.mode == "immediate"
        if immediate and due is not None and not self.stop.is_set():
            self.scheduler.add_job(self._settled_digest_job, DateTrigger(due), id="digest",
                                   name="digest", replace_existing=True)

    def _settled_digest_job(self) -> None:
        """Digests once the sources have settled (a source finishing since this job was
        planned moved it, unless it is past `longest`), then the next plan: the end of a
        topic's min_gap, or nothing."""
        svc = self.svc
        due = self.settle.due_at()
        if due is None or due > svc.clock():
            return
        now = svc.clock()
        self._deliver(make=True, wait=True)
        self.settle.digested(now, held_until(svc))
        self._schedule_digest()

    def _stop_for(self, exc: StorageError) -> None:
        log.error("service stopping: the database cannot be used", extra={"error": str(exc)})
        self.fatal = exc
        self.stop.set()

    def _delivery_job(self) -> None:
        self._deliver(make=False)

    def _digest_job(self) -> None:
        self._deliver(make=True)

    def _deliver(self, make: bool, wait: bool = False) -> None:
        """Digests and sends run one at a time; a caller that finds them busy leaves the
        work to the running one or to the next tick, unless it must `wait` its turn (a
        digest, which has no next tick)."""
        if self.stop.is_set() or not self.delivery_lock.acquire(blocking=wait):
            return  # stopping: what is due is sent after the restart
        try:
            if make:
                digest_and_deliver(self.svc)
            else:
                deliver(self.svc)
        except StorageError as exc:
            self._stop_for(exc)
        except Exception:
            log.exception("delivery job crashed; retried on the next tick")
        finally:
            self.delivery_lock.release()

    def request_reload(self) -> None:
        """SIGHUP: read the config again now, in a job (not in the signal handler)."""
        self.scheduler.add_job(self._reload, id="reload", name="config reload",
                               replace_existing=True)

    def _config_job(self) -> None:
        if _mtime(self.svc.config) != self.config_mtime:
            self._reload()

    def _reload(self) -> None:
        with self.reload_lock:
            self.config_mtime = _mtime(self.svc.config)
            try:
                config = self.load()
            except ConfigError as exc:
                log.error("config change ignored; keeping the last good config",
                          extra={"error": str(exc)})
                return
            # The worker processes stay (a new `service.workers` applies at restart).
            retired = self.svc
            self.svc = replace(self.build(config), workers=retired.workers)
            planned = {}
            for job in self.scheduler.get_jobs():
                if job.id.startswith("source:") and job.next_run_time:
                    planned[job.args[0]] = job.next_run_time
                if job.id not in ("config", "reload"):
                    job.remove()
            self._add_jobs(planned)
            self._schedule_digest()  # the plan went with the old jobs
        retired.request_stop()  # its jobs in flight end soon, not beside their successors
        log.info("config reloaded", extra={"sources": len(config.sources),
                                           "topics": len(config.topics)})


def _first_runs(sources: tuple[Source, ...], planned: dict[Source, datetime],
                now: datetime) -> list[datetime]:
    """When each source runs first: as planned when it is unchanged (an unrelated edit
    refetches nothing), else soon, new and changed ones two seconds apart."""
    runs, soon = [], 0
    for source in sources:
        if source in planned:
            runs.append(planned[source])
        else:
            runs.append(now + timedelta(seconds=2 * soon))
            soon += 1
    return runs


def _settle(config: Config) -> Settle:
    window = timedelta(seconds=config.delivery.settle)
    return Settle(window, window * 10)


def _mtime(config: Config) -> float | None:
    try:
        return config.path.stat().st_mtime
    except OSError:
        return None
