"""`newswatch` command line: builds the real objects, maps errors to exit codes. Thin."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..config import Config, load_config
from ..crawl.decode import decode_body
from ..errors import EXIT_INTERRUPTED, EXIT_OK, ConfigError, StorageError, UsageError
from ..store import Store
from ..text import one_line, printable
from ..topics import excerpt, parse_query
from ..urls import redacted
from .cycle import run_once
from .demo import run_demo
from .failures import failure
from .health import assess, stored_state
from .health import describe as describe_health
from .lock import acquire_lock
from .logs import setup_logging
from .memory import limit_malloc_arenas
from .progress import terminal_progress
from .services import build_services, open_store, utc_now
from .signals import SignalThread
from .sources import register as register_sources
from .starter import write_starter
from .usage import EXIT_CODES, USAGE

DEFAULT_CONFIG = "config/newswatch.toml"


def _config(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config), Path(args.state) if args.state else None)


def cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    setup_logging(config.log_level if not args.verbose else "debug", args.log_format)
    limit_malloc_arenas()
    try:
        lock = acquire_lock(config.state_dir)
    except OSError as exc:  # a file where the directory should be, no permission
        reason = ("a file is there" if isinstance(exc, FileExistsError | NotADirectoryError)
                  else (exc.strerror or str(exc)).lower())
        raise StorageError(f"state directory {config.state_dir}: cannot use it ({reason}); "
                           "give another with --state or service.state_dir") from None
    try:
        return _run_once(config) if args.once else _run_service(config, args)
    finally:
        lock.close()


def _run_once(config: Config) -> int:
    """One cycle. SIGINT, SIGTERM or SIGHUP stop it early and cleanly (what was done is
    stored) with exit code 128 + the signal's number; a second one ends it at once."""
    svc = build_services(config)
    received: list[int] = []

    def stop(signum: int) -> None:
        if received:
            os._exit(EXIT_INTERRUPTED + signum)  # the lock and SQLite survive this
        received.append(signum)
        svc.request_stop()

    progress = terminal_progress()
    if progress:
        progress(f"fetching {len(config.sources)} sources, "
                 f"{min(config.fetch.concurrency, len(config.sources))} at a time")
    try:
        with SignalThread(stop, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            report = run_once(svc, progress)
    finally:
        svc.close()
    if received:
        print(f"newswatch: stopped by {signal.Signals(received[0]).name}; the cycle ended "
              "early, what it did is stored", file=sys.stderr)
        return EXIT_INTERRUPTED + received[0]
    return report.exit_code


def _run_service(config: Config, args: argparse.Namespace) -> int:
    """The service: SIGTERM or SIGINT stop it (exit 0), SIGHUP reloads the config. The
    scheduler and the web interface are imported here: `run --once` starts without them."""
    from .scheduler import Service
    from .web import serving

    stop = threading.Event()
    service = Service(config, build_services, lambda: _config(args))

    def act(signum: int) -> None:
        if signum == signal.SIGHUP:
            service.request_reload()
        else:
            stop.set()

    web = (serving(config, current=lambda: service.svc.config) if config.web.enabled
           else nullcontext())
    with SignalThread(act, signal.SIGTERM, signal.SIGINT, signal.SIGHUP), web:
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
    return channels + [f"webhook {redacted(h.url)}" for h in d.webhooks] + [
        f"apprise {a.name or n}" for n, a in enumerate(d.apprise, 1)]


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.path or args.config)
    write_starter(path)
    shown = f" --config {path}" if args.path and str(path) != args.config else ""
    print(f"wrote {path}: a commented starter config; put your sources and topics in it, "
          f"then run `newswatch check-config{shown}` and `newswatch run --once{shown}`")
    return EXIT_OK


def _input(path: str, what: str) -> bytes:
    """An input file's bytes; one that cannot be read is the command line's mistake."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror}); give the path of {what}"
                         ) from None


def cmd_extract(args: argparse.Namespace) -> int:
    from ..extract.article import extract_article  # heavy: not for every command's start
    from ..extract.meta import guessed_date

    html = decode_body(_input(args.page, "a saved HTML page"))
    url = args.url or Path(args.page).resolve().as_uri()
    article = extract_article(html, url)
    article = replace(article, published=article.published or guessed_date(html, url))
    if args.json:
        data = asdict(article)
        data.pop("blocks")
        data.pop("removed")
        print(printable(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        print(printable(article.text))
    return EXIT_OK


def cmd_statements(args: argparse.Namespace) -> int:
    from ..statements.article import describe, extract_statements  # as in cmd_extract

    data = _input(args.article, "a UTF-8 text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{args.article}: not UTF-8 text (byte {data[exc.start]:#04x} at "
                         f"{exc.start}); give a text file saved as UTF-8") from None
    found = extract_statements(text)
    if args.json:
        print(printable(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2)))
    else:
        print(printable(describe(found, explain=args.explain, text=text)))
        print(f"{len(found)} statements", file=sys.stderr)
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """The config and the state together, judged by the health rules (app/health.py)."""
    config = _config(args)
    report = assess(config, stored_state(config), utc_now())
    if args.json:  # ASCII: control characters escaped
        print(json.dumps(_shown(asdict(report)), indent=2, default=str))
    else:
        print("\n".join(_shown(describe_health(report))))
    return report.exit_code


def _shown(value: Any) -> Any:
    """Stored data as shown on a terminal: every text without credentials (rows written by
    an older version may hold them) and without control characters (errors may quote a
    server)."""
    if isinstance(value, str):
        return printable(redacted(value))
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_shown(item) for item in value]
    return value


def cmd_web(args: argparse.Namespace) -> int:
    """The web interface alone, until SIGTERM or SIGINT."""
    from .web import serving

    config = _config(args)
    setup_logging(config.log_level if not args.verbose else "debug", args.log_format)
    stop = threading.Event()
    with SignalThread(lambda _: stop.set(), signal.SIGTERM, signal.SIGINT), serving(
            config, args.host, args.port):  # it logs where it listens, for whom
        stop.wait()
    return EXIT_OK


def cmd_retry(args: argparse.Namespace) -> int:
    config = _config(args)
    count = open_store(config, must_exist=True).retry_failed(utc_now())
    print(f"{count} failed deliveries queued again (same Message-ID)")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    query = parse_query(args.query)  # a mistake in it is said before the files are opened
    config = _config(args)
    store = open_store(config, read_only=True)
    for row in store.search_articles(query, args.limit):
        when = one_line((row["published"] or row["first_seen"])[:10])  # ran, else seen
        print(f"{when}  {one_line(row['title'] or '')}\n            {one_line(row['url'])}")
        if words := excerpt(query, row["text"]):
            print(f"            {one_line(words)}")
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    from .cluster import run_worker  # needs newswatch[postgres]

    config = _config(args)
    setup_logging(config.log_level if not args.verbose else "debug", args.log_format)
    limit_malloc_arenas()
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
        copied = migrate(source, target, terminal_progress())
    finally:
        target.shutdown()
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
    common.add_argument("--log-format", choices=("text", "json"), default=default("text"),
                        help="log lines as key=value text (default) or JSON")
    common.add_argument("-v", "--verbose", action="store_true", default=default(False),
                        help="debug logging, and the traceback of an unexpected error")
    return common


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newswatch", parents=[_common_options(True)], epilog=EXIT_CODES,
        description="Self-hosted news monitoring: new statements on your topics, by email "
                    "or webhook. `newswatch COMMAND --help` says more of each command.")
    p.add_argument("--version", action="version", version=f"%(prog)s {version('newswatch')}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = [_common_options(False)]

    def command(name: str, func: Callable[[argparse.Namespace], int],
                help: str) -> argparse.ArgumentParser:
        usage = USAGE.get(name)
        sp = sub.add_parser(name, help=help, parents=common,
                            description=usage.text() if usage else help,
                            epilog=usage.epilog() if usage else None,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.set_defaults(func=func)
        return sp

    command("run", cmd_run, "run the service (or one cycle with --once)").add_argument(
        "--once", action="store_true", help="one full cycle, then exit")
    command("demo", cmd_demo, "the whole pipeline offline on bundled sample sites")
    command("check-config", cmd_check_config, "validate the config file")
    command("init", cmd_init, "write a commented starter config").add_argument(
        "path", nargs="?", metavar="PATH", help="where (default: the --config path)")
    ex = command("extract", cmd_extract, "show what extraction keeps of a saved page")
    ex.add_argument("page", metavar="PAGE.html", help="a saved HTML page")
    ex.add_argument("--url", help="the page's address (for relative links and metadata)")
    ex.add_argument("--json", action="store_true", help="metadata too, as JSON")
    st = command("statements", cmd_statements, "show the statements found in a text file")
    st.add_argument("article", metavar="ARTICLE.txt", help="the article's text, UTF-8")
    st.add_argument("--json", action="store_true", help="the statements as JSON")
    st.add_argument("--explain", action="store_true",
                    help="whether each speaker is resolved and each statement reaches a "
                         "digest, and why not; and the quotations no statement holds")
    command("status", cmd_status, "each configured source's health, next fetches and "
            "digests; exit 0 healthy, 1 degraded, 2 failing").add_argument(
                "--json", action="store_true", help="the same as JSON")
    web = command("web", cmd_web, "serve the web interface on a state directory")
    web.add_argument("--host", help="address to listen on (default: [web] host, 127.0.0.1)")
    web.add_argument("--port", type=int, help="port (default: [web] port, 8080)")
    command("retry", cmd_retry, "queue failed deliveries again")
    command("worker", cmd_worker, "one of any number of workers sharing the work through "
            "PostgreSQL ([store] url)").add_argument(
        "--concurrency", type=int, default=8, help="sources fetched at once (default 8)")
    command("migrate", cmd_migrate, "move the SQLite archive into an empty PostgreSQL "
            "database").add_argument("--to", required=True, metavar="postgresql://...")
    se = command("search", cmd_search, "search stored articles with a topic query")
    se.add_argument("query", help="a topic query (syntax above); quote it for the shell")
    se.add_argument("--limit", type=_positive, default=20, help="at most this many results "
                    "(default 20)")
    register_sources(sub, common)
    return p


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> None:
    """Run a command; whatever goes wrong is one line on stderr (the message may quote a
    key or value from the file: printed safely) and a documented exit code."""
    args = parser().parse_args(argv)
    try:
        code = args.func(args)
    except KeyboardInterrupt:  # Ctrl-C before a command set its own handler
        print("newswatch: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED + signal.SIGINT
    except BrokenPipeError:  # `newswatch search x | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    except Exception as exc:
        if args.verbose:
            traceback.print_exc()
        message, code = failure(exc)
        print(f"newswatch: {printable(message)}", file=sys.stderr)
    sys.exit(code)
