"""The composition root: the one place that turns a Config into real objects.

The CLI, the demo, the scheduler and the tests all get their Services here, so what a
cycle runs against (SQLite file, guarded HTTP session, senders, clock) is wired once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..archive import Archive
from ..config import Config
from ..crawl.fetch import Fetcher
from ..deliver import Sender, build_senders
from ..errors import StorageError
from ..net import Watchdog, build_session
from ..store import ArchiveStore, Store
from .workers import Workers

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """What a cycle needs from the outside world."""

    config: Config
    store: ArchiveStore
    fetcher: Fetcher
    senders: dict[str, Sender]
    clock: Clock
    workers: Workers
    stop: threading.Event = field(default_factory=threading.Event)  # set on shutdown
    watchdog: Watchdog = field(default_factory=Watchdog)  # every exchange's deadline

    def request_stop(self) -> None:
        """Shutdown: no new page or retry, fetches in flight cut at once, deliveries in
        flight given their short grace."""
        self.stop.set()
        self.watchdog.stop()

    def close(self) -> None:
        """Stop the worker processes and close this thread's database connection."""
        self.workers.close()
        self.store.close()


def open_store(config: Config, *, read_only: bool = False, must_exist: bool = False,
               connections: int = 4) -> ArchiveStore:
    """The configured store: PostgreSQL when [store] url (or NEWSWATCH_DATABASE_URL) names
    one, with a pooled connection for each of up to `connections` threads; else the SQLite
    file in the state directory."""
    if config.store_url is None:
        return Store(config.db_path, read_only=read_only, must_exist=must_exist)
    try:  # an optional extra: SQLite users need not install a PostgreSQL driver
        from ..pgstore import PgStore
    except ImportError as exc:
        raise StorageError(f"[store] url needs the PostgreSQL driver ({exc}): "
                           "pip install 'newswatch[postgres]'") from None
    return PgStore(config.store_url, read_only=read_only, must_exist=must_exist,
                   connections=connections)


def open_archive(config: Config, store: Store) -> Archive:
    """The archive's reads (web pages, health) over the store `open_store` gave."""
    if config.store_url is None:
        return Archive(store)
    from ..pgarchive import PgArchive  # with PgStore: newswatch[postgres] is installed

    return PgArchive(store)


def build_services(config: Config, clock: Clock = utc_now) -> Services:
    """The real objects: SQLite file, one guarded HTTP session (pages and webhooks go
    through the same address policy), configured senders, one watchdog and stop event."""
    config.state_dir.mkdir(parents=True, exist_ok=True)
    session = build_session(config.fetch)
    stop, watchdog = threading.Event(), Watchdog()
    store = open_store(config, connections=config.fetch.concurrency + 4)
    return Services(
        config=config,
        store=store,
        fetcher=Fetcher(config.fetch, session, watchdog=watchdog, stop=stop,
                        robots_cache=store),
        senders=build_senders(config.delivery, config.outbox_dir, session, watchdog,
                              {t.name: t.to for t in config.topics if t.to}),
        clock=clock,
        workers=Workers(config.workers),
        stop=stop,
        watchdog=watchdog,
    )
