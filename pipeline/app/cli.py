"""`newswatch` command line: builds the real objects, maps errors to exit codes. Thin."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..config import Config, load_config
from ..crawl.decode import decode_body
from ..errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, ConfigError, PipelineError
from ..extract.article import extract_article
from ..statements.article import describe, extract_statements
from ..store import Store
from ..text import one_line, printable
from ..topics import parse_query
from ..urls import redacted
from .cycle import run_once
from .demo import run_demo
from .lock import acquire_lock
from .logs import setup_logging
from .scheduler import Service
from .services import build_services, open_store, utc_now

DEFAULT_CONFIG = "config/newswatch.toml"


def terminal_progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


def _config(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config), Path(args.state) if args.state else None)


def cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    setup_logging(config.log_level if not args.verbose else "debug", args.log_format)
    lock = acquire_lock(config.state_dir)
    try:
        return _run_once(config) if args.once else _run_service(config, args)
    finally:
        lock.close()


def _run_once(config: Config) -> int:
    """One cycle. SIGINT, SIGTERM or SIGHUP stop it early and cleanly (what was done is
    stored) with exit code 128 + the signal's number; a second one ends it at once."""
    svc = build_services(config)
    received: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        if received:
            os._exit(EXIT_INTERRUPTED + signum)  # the lock and SQLite survive this
        received.append(signum)
        svc.request_stop()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    try:
        report = run_once(svc, terminal_progress)
    finally:
        svc.close()
    terminal_progress("")
    if received:
        print(f"newswatch: stopped by {signal.Signals(received[0]).name}; the cycle ended "
              "early, what it did is stored", file=sys.stderr)
        return EXIT_INTERRUPTED + received[0]
    return report.exit_code


def _run_service(config: Config, args: argparse.Namespace) -> int:
    """The service: SIGTERM or SIGINT stop it (exit 0), SIGHUP reloads the config."""
    stop = threading.Event()
    service = Service(config, build_services, lambda: _config(args))
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    signal.signal(signal.SIGHUP, lambda *_: service.request_reload())
    service.run(stop)
    return EXIT_OK


def cmd_check_config(args: argparse.Namespace) -> int:
    config = _config(args)
    print(f"{config.path}: ok: {len(config.sources)} sources, {len(config.topics)} topics, "
          f"delivery by {', '.join(_channels(config)) or 'nothing'}, state in {config.state_dir}")
    return EXIT_OK


def _channels(config: Config) -> list[str]:
    d = config.delivery
    channels = [f"email to {', '.join(d.email.recipients)}" if d.email
                else f"files in {config.outbox_dir}"]
    return channels + [f"webhook {redacted(h.url)}" for h in d.webhooks]


def cmd_extract(args: argparse.Namespace) -> int:
    html = decode_body(Path(args.page).read_bytes())
    article = extract_article(html, args.url or Path(args.page).resolve().as_uri())
    if args.json:
        data = asdict(article)
        data.pop("blocks")
        print(printable(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        print(printable(article.text))
    return EXIT_OK


def cmd_statements(args: argparse.Namespace) -> int:
    found = extract_statements(Path(args.article).read_text(encoding="utf-8"))
    if args.json:
        print(printable(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2)))
    else:
        print(printable(describe(found, explain=args.explain)))
        print(f"{len(found)} statements", file=sys.stderr)
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    config = _config(args)
    status = _shown(open_store(config, read_only=True).status())
    if args.json:
        print(json.dumps(status, indent=2, default=str))  # ASCII: control characters escaped
        return EXIT_OK
    print(f"articles {status['articles']}, statements {status['statements']}, pending "
          f"alerts {status['pending_alerts']}, digests {status['digests']}")
    for s in status["sources"]:
        health = "ok" if not s["failures"] else f"FAILING x{s['failures']}: {s['last_error']}"
        print(f"  source {s['name']}: {health} (last success {s['last_success_at'] or '-'})")
    for d in status["deliveries"]:
        print(f"  delivery {d['id']} {d['channel']} {d['status']} after {d['attempts']} "
              f"attempts: {d['last_error'] or ''} (next {d['next_attempt_at']})")
    return EXIT_OK


def _shown(value: Any) -> Any:
    """Stored data as shown on a terminal: every text without credentials (rows written by
    an older version may hold them) and without control characters (errors may quote a
    server)."""
    if isinstance(value, str):
        return printable(redacted(value))
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value


def cmd_retry(args: argparse.Namespace) -> int:
    config = _config(args)
    count = open_store(config, must_exist=True).retry_failed(utc_now())
    print(f"{count} failed deliveries queued again (same Message-ID)")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    config = _config(args)
    store = open_store(config, read_only=True)
    for row in store.search_articles(parse_query(args.query), args.limit):
        when = one_line((row["published"] or row["first_seen"])[:10])  # ran, else seen
        print(f"{when}  {one_line(row['title'] or '')}\n            {one_line(row['url'])}")
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    from .cluster import run_worker  # needs newswatch[postgres]

    config = _config(args)
    setup_logging(config.log_level if not args.verbose else "debug", args.log_format)
    return run_worker(config, args.concurrency)


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..config import database_url
    from ..pgstore import PgStore  # needs newswatch[postgres]
    from .migrate import migrate

    config = _config(args)
    try:
        url = database_url(args.to)
    except ValueError as exc:
        raise ConfigError(f"--to: {exc}") from None
    source, target = Store(config.db_path, read_only=True), PgStore(url)
    try:
        copied = migrate(source, target, lambda table, rows: terminal_progress(
            f"{table}: {rows} rows"))
    finally:
        target.shutdown()
    terminal_progress("")
    print(f"moved {config.db_path} into {redacted(url)}: {copied['articles']} articles, "
          f"{copied['statements']} statements, {copied['digests']} digests; set [store] url "
          "(or NEWSWATCH_DATABASE_URL) to use it")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    setup_logging("debug" if args.verbose else "warning", args.log_format)
    return run_demo(Path(args.state) if args.state else None)


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the command (`newswatch run --state x` works).

    The main parser holds the defaults; each command's copy leaves them unset, so that it
    does not overwrite an option given before the command.
    """
    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=default(os.environ.get(
        "NEWSWATCH_CONFIG", DEFAULT_CONFIG)), help="config file (default: $NEWSWATCH_CONFIG "
                        f"or {DEFAULT_CONFIG})")
    common.add_argument("--state", default=default(None),
                        help="state directory (overrides service.state_dir)")
    common.add_argument("--log-format", choices=("text", "json"), default=default("text"))
    common.add_argument("-v", "--verbose", action="store_true", default=default(False),
                        help="debug logging")
    return common


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newswatch", parents=[_common_options(True)],
                                description=__doc__.split(":")[0])
    sub = p.add_subparsers(dest="command", required=True)
    common = [_common_options(False)]

    def command(name: str, func: Callable[[argparse.Namespace], int],
                help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, parents=common)
        sp.set_defaults(func=func)
        return sp

    command("run", cmd_run, "run the service (or one cycle with --once)").add_argument(
        "--once", action="store_true", help="one full cycle, then exit")
    command("demo", cmd_demo, "the whole pipeline offline on bundled sample sites")
    command("check-config", cmd_check_config, "validate the config file")
    ex = command("extract", cmd_extract, "show what extraction keeps of a saved page")
    ex.add_argument("page")
    ex.add_argument("--url", help="the page's address (for relative links and metadata)")
    ex.add_argument("--json", action="store_true", help="metadata too, as JSON")
    st = command("statements", cmd_statements, "show the statements found in a text file")
    st.add_argument("article")
    st.add_argument("--json", action="store_true")
    st.add_argument("--explain", action="store_true",
                    help="whether each speaker is resolved and each statement reaches a "
                         "digest, and why not")
    command("status", cmd_status, "sources' health, pending and failed deliveries"
            ).add_argument("--json", action="store_true")
    command("retry", cmd_retry, "queue failed deliveries again")
    command("worker", cmd_worker, "one of any number of workers sharing the work through "
            "PostgreSQL ([store] url)").add_argument(
        "--concurrency", type=int, default=8, help="sources fetched at once (default 8)")
    command("migrate", cmd_migrate, "move the SQLite archive into an empty PostgreSQL "
            "database").add_argument("--to", required=True, metavar="postgresql://...")
    se = command("search", cmd_search, "search stored articles with a topic query")
    se.add_argument("query")
    se.add_argument("--limit", type=int, default=20)
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        code = args.func(args)
    except ConfigError as exc:  # the message may quote a key or value from the file
        print(f"newswatch: config error: {printable(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except PipelineError as exc:
        print(f"newswatch: {printable(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except OSError as exc:
        print(f"newswatch: {printable(str(exc))}", file=sys.stderr)
        code = EXIT_FAILED
    except KeyboardInterrupt:  # Ctrl-C before a command set its own handler
        print("newswatch: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED + signal.SIGINT
    sys.exit(code)
