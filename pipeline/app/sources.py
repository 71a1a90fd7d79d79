"""`newswatch sources ...`: add a source from a site's address (its feeds, news sitemaps or
the page itself are found and shown), list the sources with their health, test one,
remove one, and import or export them as OPML.

The config file is edited in place, keeping the user's comments and layout
(`pipeline.config_edit`), and only with a result that passes validation; it is replaced
atomically, so a running service never reads half a file.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..config import (
    Config,
    Source,
    css_selector,
    duration,
    http_url,
    load_config,
    parse_config,
)
from ..config_edit import render_sources, with_sources, without_source
from ..crawl.discover import (
    DESCRIBED,
    Candidate,
    detect_kind,
    discover,
    no_links_reason,
    source_links,
)
from ..crawl.fetch import Fetcher
from ..errors import EXIT_FAILED, EXIT_OK, FetchError, PipelineError, StorageError
from ..models import Article, Link
from ..net import build_session
from ..opml import OpmlEntry, OpmlError, parse_opml, write_opml
from ..text import one_line, printable
from ..topics import TextIndex, matches
from ..urls import canonical_url, redacted
from .cycle import NO_LINKS
from .services import open_store, utc_now

DEFAULT_INTERVAL = "30m"
SAMPLES = 3  # headlines shown per discovered candidate
SHOWN_LINKS = 10  # links shown by `sources test`
ARTICLE_TRIES = 3  # links tried by `sources test` for one extracted article
Out = Callable[[str], None]


# --- pure helpers ------------------------------------------------------------------------

def _key(name: str) -> str:
    """Names as the config compares them: equal but for case or Unicode form is equal."""
    return unicodedata.normalize("NFKC", name).casefold()


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def health(state: dict | None) -> str:
    """A source's health from its stored state: "never fetched", "ok", "no links" (its
    last fetch gave no article link) or "failing"."""
    if not state or not state["last_attempt_at"]:
        return "never fetched"
    if not state["failures"]:
        return "ok"
    return "no links" if (state["last_error"] or "").startswith(f"{NO_LINKS}:") else "failing"


def format_duration(seconds: float) -> str:
    """Seconds in the config's duration syntax, in the largest unit that divides them."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def unique_name(wanted: str, url: str, taken: set[str]) -> str:
    """`wanted`, or with the site's host, or a number added, so that no two sources share
    a name (an OPML file from a reader may hold several "News")."""
    for name in (wanted, f"{wanted} ({_host(url)})",
                 *(f"{wanted} ({_host(url)}) {n}" for n in range(2, 1000))):
        if _key(name) not in taken:
            return name
    raise PipelineError(f"no free name for {wanted!r}")


def import_plan(entries: Sequence[OpmlEntry],
                config: Config) -> tuple[list[dict[str, Any]], list[str]]:
    """The `[[source]]` tables to add for an OPML file's entries, and a note for each entry
    left out. A category named like a topic becomes the source's `topics`; an address
    already configured is skipped."""
    known = {canonical_url(s.url): s.name for s in config.sources}
    taken = {_key(s.name) for s in config.sources}
    topics = {_key(t.name): t.name for t in config.topics}
    tables, notes = [], []
    for entry in entries:
        try:
            url = http_url(entry.url)
            interval = entry.interval or DEFAULT_INTERVAL
            if duration(interval) < 60:
                raise ValueError(f"interval {interval!r} is under 1 minute")
            links = css_selector(entry.links) if entry.links and entry.kind == "listing" else None
        except ValueError as exc:
            notes.append(f"skipped {one_line(entry.name or entry.url)}: {exc}")
            continue
        if canonical_url(url) in known:
            notes.append(f"skipped {url}: already configured as {known[canonical_url(url)]!r}")
            continue
        name = unique_name(one_line(entry.name, 100) or _host(url), url, taken)
        taken.add(_key(name))
        known[canonical_url(url)] = name
        table: dict[str, Any] = {"name": name, "url": url}
        table |= {"kind": entry.kind} if entry.kind else {}
        table["interval"] = interval
        table |= {"links": links} if links else {}
        chosen = [topics[_key(c)] for c in entry.categories if _key(c) in topics]
        table |= {"topics": list(dict.fromkeys(chosen))} if chosen else {}
        tables.append(table)
    return tables, notes


def export_entries(config: Config) -> list[OpmlEntry]:
    """The configured sources as OPML entries, their topics as categories."""
    return [OpmlEntry(name=s.name, url=s.url, kind=s.kind, categories=s.topics,
                      interval=format_duration(s.interval), links=s.links)
            for s in config.sources]


def describe_candidate(number: int, candidate: Candidate) -> str:
    """A found candidate as shown: kind, address, how it was found, how many items, a few
    headlines."""
    items = "item" if candidate.kind != "listing" else "article link"
    count = len(candidate.links)
    lines = [f"{number}. {candidate.kind}  {redacted(candidate.url)}  (found by "
             f"{candidate.found_by}): {count} {items}{'s' if count != 1 else ''}"]
    lines += [f"     - {one_line(link.title or link.url, 90)}"
              for link in candidate.links[:SAMPLES]]
    return printable("\n".join(lines))


# --- the config file -----------------------------------------------------------------------

def _config_path(args: argparse.Namespace) -> Path:
    return Path(args.config)


def _load(args: argparse.Namespace) -> Config:
    return load_config(_config_path(args), Path(args.state) if args.state else None)


def _text(path: Path) -> str:
    """The config file's text with its line ends as they are (read_text would make them
    all "\n", and the file would be rewritten whole)."""
    return path.read_bytes().decode("utf-8")


def _checked(text: str, path: Path) -> str:
    """`text` if it is a valid config; else ConfigError, and nothing is written."""
    parse_config(tomllib.loads(text), path)
    return text


def _write(path: Path, text: str) -> None:
    """Replace the file atomically, keeping its permissions: a running service watching
    it reads either the old file or the new one."""
    mode = path.stat().st_mode & 0o7777
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _source(config: Config, name: str) -> Source:
    for source in config.sources:
        if source.name == name or _key(source.name) == _key(name):
            return source
    close = difflib.get_close_matches(name, [s.name for s in config.sources], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise PipelineError(f"{config.path}: no source is named {name!r}{hint}; "
                        "`newswatch sources list` shows them")


@contextmanager
def _naming(url: str) -> Iterator[None]:
    """A fetch error of `url` itself, with the address in its one line."""
    try:
        yield
    except FetchError as exc:
        raise PipelineError(f"{redacted(url)}: {exc}") from None


def _fetcher(config: Config) -> Fetcher:
    """The service's fetcher (address checks, limits, politeness, robots.txt), without a
    store: these commands store nothing."""
    return Fetcher(config.fetch, build_session(config.fetch))


# --- the commands ------------------------------------------------------------------------

def cmd_add(args: argparse.Namespace, out: Out = print) -> int:
    config = _load(args)
    try:
        url = http_url(args.url)
        if args.interval and duration(args.interval) < 60:
            raise ValueError("the interval must be at least 1 minute")
    except ValueError as exc:
        raise PipelineError(str(exc)) from None
    print(f"looking for feeds at {redacted(url)} ...", file=sys.stderr)
    with _naming(url):
        candidates = discover(url, _fetcher(config).get, config.fetch.max_bytes, utc_now())
    for number, candidate in enumerate(candidates, 1):
        out(describe_candidate(number, candidate))
    best = next((c for c in candidates if c.links), None)
    if best is None:
        raise PipelineError(f"{redacted(url)}: no feed, news sitemap or article link found; "
                            "try the address of a section page or of the feed itself")
    table = _new_table(config, best, args)
    text = _checked(with_sources(_text(_config_path(args)), [table],
                                 str(config.path)), config.path)
    choice = candidates.index(best) + 1
    if args.dry_run:
        out(f"\nwould add ({choice}.) to {config.path}:\n\n{render_sources([table])}")
        return EXIT_OK
    _write(_config_path(args), text)
    out(f"\nadded ({choice}.) to {config.path} (a running service picks it up within 15 "
        f"seconds):\n\n{printable(render_sources([table]))}\nTo follow another of those "
        "found instead, remove this one and add its address.")
    return EXIT_OK


def _new_table(config: Config, best: Candidate, args: argparse.Namespace) -> dict[str, Any]:
    taken = {_key(s.name): s.name for s in config.sources}
    name = args.name or best.name
    if _key(name) in taken:
        raise PipelineError(f"a source is already named {taken[_key(name)]!r}; give this one "
                            "another name with --name")
    for source in config.sources:
        if canonical_url(source.url) == canonical_url(best.url):
            raise PipelineError(f"{redacted(best.url)} is already followed as "
                                f"{source.name!r}")
    table: dict[str, Any] = {"name": name, "url": best.url, "kind": best.kind,
                             "interval": args.interval or DEFAULT_INTERVAL}
    return table | ({"topics": list(args.topic)} if args.topic else {})


def cmd_list(args: argparse.Namespace, out: Out = print) -> int:
    config = _load(args)
    states = _states(config)
    rows = []
    for source in config.sources:
        state = states.get(source.name)
        detected = state["kind"] if state and state["kind"] != "auto" else None
        rows.append({
            "name": source.name, "url": redacted(source.url),
            "kind": source.kind or f"auto ({detected or 'not fetched yet'})",
            "interval": format_duration(source.interval), "topics": list(source.topics),
            "health": health(state), "last_fetch": state["last_attempt_at"] if state else None,
            "last_success": state["last_success_at"] if state else None,
            "last_error": state["last_error"] if state else None})
    if args.json:
        out(json.dumps(rows, indent=2))  # ASCII: control characters escaped
        return EXIT_OK
    out(printable(_table(rows)))
    return EXIT_OK


def _states(config: Config) -> dict[str, dict]:
    """Each source's stored state, read-only; none before the first run."""
    try:
        store = open_store(config, read_only=True)
    except StorageError:
        if config.store_url:  # a server that cannot be reached is no "not fetched yet"
            raise
        return {}
    try:
        return {row["name"]: row for row in store.status()["sources"]}
    finally:
        store.close()


def _table(rows: list[dict[str, Any]]) -> str:
    heads = {"name": "NAME", "kind": "KIND", "interval": "EVERY", "health": "HEALTH",
             "last_fetch": "LAST FETCH"}
    cells = [{key: str(row[key] or "-") for key in heads} for row in rows]
    widths = {key: max(len(heads[key]), *(len(c[key]) for c in cells)) for key in heads}
    lines = ["  ".join(heads[key].ljust(widths[key]) for key in heads) + "  URL"]
    for row, cell in zip(rows, cells, strict=True):
        lines.append("  ".join(cell[key].ljust(widths[key]) for key in heads) + "  "
                     + row["url"])
        if row["topics"]:
            lines.append(f"    topics: {', '.join(row['topics'])}")
        if row["health"] not in ("ok", "never fetched") and row["last_error"]:
            lines.append(f"    last error: {row['last_error']}")
    return "\n".join(lines)


def cmd_remove(args: argparse.Namespace, out: Out = print) -> int:
    config = _load(args)
    source = _source(config, args.name)
    path = _config_path(args)
    text = _checked(without_source(_text(path), source.name,
                                   str(config.path)), config.path)
    _write(path, text)
    out(f"removed {source.name!r} from {config.path}; its stored articles stay in the archive")
    return EXIT_OK


def cmd_test(args: argparse.Namespace, out: Out = print) -> int:
    """Fetch the source once as the service would, show its links and one extracted
    article; nothing is stored."""
    config = _load(args)
    source = _source(config, args.name)
    fetcher = _fetcher(config)
    with _naming(source.url):
        page = fetcher.get(source.url)
    kind = source.kind or detect_kind(page.body)
    how = "configured" if source.kind else "detected"
    out(printable(f"{source.name}: {redacted(page.url)}: HTTP {page.status}, "
                  f"{len(page.body):,} bytes, {DESCRIBED[kind]} ({kind}, {how})"))
    links = source_links(page, kind, fetcher.get, selector=source.links,
                         max_bytes=config.fetch.max_bytes, now=utc_now(),
                         skipped=lambda url, exc: out(f"  child sitemap skipped: {exc}"))
    if not links:
        out(f"no article links: {no_links_reason(source.kind, kind, source.links)}")
        return EXIT_FAILED
    out(f"{len(links)} article links (first {min(len(links), SHOWN_LINKS)}):")
    for link in links[:SHOWN_LINKS]:
        out(printable(f"  {(link.published or '')[:10]:10}  {one_line(link.title, 90) or '-'}"
                      f"\n              {redacted(link.url)}"))
    article = _first_article(fetcher, source, links[:ARTICLE_TRIES], out)
    if article is None:
        return EXIT_FAILED
    out(printable(_describe_article(article, config, source)))
    return EXIT_OK


def _first_article(fetcher: Fetcher, source: Source, links: list[Link],
                   out: Out) -> Article | None:
    from ..extract.article import extract_article  # heavy: imported by the command using it
    from ..extract.meta import guessed_date

    for link in links:
        try:
            page = fetcher.get(link.url)
        except FetchError as exc:
            out(printable(f"article {redacted(link.url)}: {exc}"))
            continue
        article = extract_article(page.text, page.url, remove=source.remove)
        if article.text:
            return replace(article, published=article.published or link.published
                           or guessed_date(page.text, page.url))
        out(printable(f"article {redacted(link.url)}: no text found"))
    return None


def _describe_article(article: Article, config: Config, source: Source) -> str:
    index = TextIndex(f"{article.title}\n{article.text}")
    matched = [t.name for t in config.topics_for(source) if matches(t.query, index)]
    text = article.text if len(article.text) <= 1200 else article.text[:1200] + " ..."
    body = "\n".join(f"    {line}" if line else "" for line in text.splitlines())
    return (f"\nextracted article {redacted(article.url)}\n"
            f"  title: {one_line(article.title)}\n  published: {article.published or '-'}\n"
            f"  byline: {one_line(article.byline) or '-'}\n"
            f"  topics matched: {', '.join(matched) or 'none'}\n"
            f"  text ({len(article.text.split()):,} words):\n{body}")


def cmd_import(args: argparse.Namespace, out: Out = print) -> int:
    config = _load(args)
    try:
        entries = parse_opml(Path(args.file).read_bytes())
    except OpmlError as exc:
        raise PipelineError(f"{args.file}: {exc}") from None
    tables, notes = import_plan(entries, config)
    path = _config_path(args)
    text = _checked(with_sources(_text(path), tables, str(config.path)),
                    config.path)
    for note in notes:
        out(printable(note))
    if tables and not args.dry_run:
        _write(path, text)
    verb = "would add" if args.dry_run else "added"
    out(printable(f"{verb} {len(tables)} of {len(entries)} sources from {args.file} to "
                  f"{config.path}" + "".join(f"\n  {t['name']}: {redacted(t['url'])}"
                                             for t in tables)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: Out = print) -> int:
    config = _load(args)
    data = write_opml(export_entries(config), f"newswatch sources ({config.path.name})",
                      utc_now())
    if args.file:
        Path(args.file).write_bytes(data)
        out(f"wrote {len(config.sources)} sources to {args.file}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


# --- the command line ----------------------------------------------------------------------

def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add `sources` and its actions to the command line."""
    sources = sub.add_parser(
        "sources", parents=parents, help="add, list, test, remove, import and export sources",
        description="Add a source from a site's address (its feeds, news sitemaps or the page "
                    "itself are found and shown), list the sources with their health, test "
                    "one, remove one, import or export them as OPML.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  newswatch sources add https://news.example.org/world/\n"
               "  newswatch sources list")
    actions = sources.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, func: Callable[[argparse.Namespace], int], help: str,
               example: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, parents=parents, help=help, description=help,
                                    epilog=f"example:\n  {example}",
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.set_defaults(func=func)
        return parser

    add = action("add", cmd_add, "find a site's feeds, news sitemaps or article links and add "
                 "the best as a [[source]] to the config file",
                 "newswatch sources add https://news.example.org/world/ --interval 1h")
    add.add_argument("url", help="a site's, section's, feed's or sitemap's address")
    add.add_argument("--name", help="the source's name (default: the feed's or site's)")
    add.add_argument("--interval", help=f'how often to fetch it (default "{DEFAULT_INTERVAL}")')
    add.add_argument("--topic", action="append", default=[],
                     help="match its articles against this topic only (repeat for more; "
                          "default: every topic)")
    add.add_argument("--dry-run", action="store_true", help="show, do not write")
    action("list", cmd_list, "each configured source with its health from the last runs",
           "newswatch sources list").add_argument("--json", action="store_true")
    action("remove", cmd_remove, "remove a source from the config file (its stored "
           "articles stay)", 'newswatch sources remove "Example News"').add_argument("name")
    action("test", cmd_test, "fetch a source once and show its links and one extracted "
           "article; nothing is stored", 'newswatch sources test "Example News"'
           ).add_argument("name")
    imp = action("import", cmd_import, "add the subscriptions of an OPML file (from Miniflux, "
                 "FreshRSS, Feedly, rss2email, ...); categories named like a topic become "
                 "the source's topics", "newswatch sources import subscriptions.opml")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="show, do not write")
    action("export", cmd_export, "write the sources as OPML (to standard output without FILE)",
           "newswatch sources export newswatch.opml").add_argument("file", nargs="?")

