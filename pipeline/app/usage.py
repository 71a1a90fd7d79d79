"""What `newswatch COMMAND --help` says beyond the option list: what the command does, what
its output means, and an example. Text only, kept apart so that cli.py stays wiring."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..topics import SYNTAX

WIDTH = 88


@dataclass(frozen=True)
class Usage:
    description: str  # prose, wrapped to the help's width
    examples: tuple[str, ...]
    details: str = ""  # laid out already (a table), shown as written

    def text(self) -> str:
        prose = textwrap.fill(self.description, WIDTH)
        return f"{prose}\n\n{self.details}" if self.details else prose

    def epilog(self) -> str:
        return "examples:\n" + "\n".join(f"  {example}" for example in self.examples)


EXIT_CODES = """\
exit codes: 0 done; 1 a run failed (every source, or a delivery for good), or an
unexpected error; 2 invalid config or command line (a bad query, an unreadable input
file); 3 the state directory is in use; 4 the database cannot be used or does not exist
yet; 128+n stopped by signal n."""

USAGE = {
    "run": Usage(
        "Run the service: every source at its interval, digests and deliveries, until "
        "SIGTERM or Ctrl-C; SIGHUP (or saving the config file) reloads the config. With "
        "--once, one full cycle (every source, then digests, then deliveries) and exit; on "
        "a terminal each source is listed as it finishes.",
        ("newswatch run --once", "newswatch run --config /etc/newswatch/newswatch.toml")),
    "demo": Usage(
        "The whole pipeline offline: serves the bundled sample news sites on 127.0.0.1, "
        "fetches them, finds the statements on the sample topic and prints the digest. "
        "Nothing is sent; the state goes to a new temporary directory, or to --state, which "
        "is emptied first.",
        ("newswatch demo",)),
    "check-config": Usage(
        "Validate the config file: every mistake is named with its line, table and key; "
        "exit 2 when it is invalid.",
        ("newswatch check-config --config my.toml",)),
    "init": Usage(
        "Write a commented starter config (one example source and topic, every setting "
        "explained) to PATH, or to the --config path. An existing file is never "
        "overwritten.",
        ("newswatch init", "newswatch init ~/newswatch.toml")),
    "extract": Usage(
        "Show what extraction keeps of a saved HTML page: the article's text, without "
        "navigation, share bars, related stories and the like. --json adds the metadata "
        "(title, byline, date, language, description) as JSON.",
        ("newswatch extract saved-page.html --url https://news.example.org/story",)),
    "statements": Usage(
        "Show the statements found in a UTF-8 text file (an article's text): who said "
        "what, with the cue and character offsets. --json gives them as JSON; --explain "
        "adds unresolved speakers, why each statement does or does not reach a digest, and "
        "the quotations no statement holds.",
        ("newswatch statements article.txt --explain",)),
    "status": Usage(
        "Each configured source's health (ok, a problem, overdue), last and next fetch and "
        "last error; each topic's next digest; the deliveries waiting or failed, each count "
        "explained. Reads the config and the database, never changes them. Exit 0 healthy, "
        "1 degraded (some sources have a problem, or deliveries are being retried), 2 "
        "failing (every source has a problem, or a delivery failed for good): the container "
        "HEALTHCHECK uses it. --json gives the same as JSON.",
        ("newswatch status", "newswatch status --json")),
    "web": Usage(
        "Serve the web interface (statements by topic and speaker, search, digests with "
        "their delivery states, sources' health, /healthz, /metrics, a JSON API) on a state "
        "directory, without running the service. It listens on 127.0.0.1 unless [web] host "
        "says otherwise, which needs [web] token_env. It reads the SQLite store only (not "
        "a PostgreSQL [store] url).",
        ("newswatch web", "newswatch web --port 8081 --state /var/lib/newswatch")),
    "retry": Usage(
        "Queue every delivery that failed for good (e.g. a rejected address, fixed since) "
        "again; the next cycle or the service sends it with the same Message-ID.",
        ("newswatch retry",)),
    "worker": Usage(
        "One of any number of workers on any machines sharing one PostgreSQL database "
        "([store] url or NEWSWATCH_DATABASE_URL): each source is fetched by one worker at "
        "a time at its interval, digests and deliveries are made once, and the delay per "
        "host holds across workers. Runs until SIGTERM or Ctrl-C; a worker killed midway "
        "leaves its jobs to the others. --concurrency sets the sources fetched at once.",
        ("newswatch worker --concurrency 16",
         "NEWSWATCH_DATABASE_URL=postgresql://newswatch@db.example/nw newswatch worker")),
    "migrate": Usage(
        "Move the SQLite archive of the state directory (articles, statements, digests, "
        "deliveries, sources' state) into an empty PostgreSQL database, every row with its "
        "id, in one transaction: one that fails leaves the target empty. The SQLite file "
        "is only read. Then set [store] url (or NEWSWATCH_DATABASE_URL) to use it.",
        ("newswatch migrate --to postgresql://newswatch@db.example/newswatch",
         "newswatch --state /var/lib/newswatch migrate --to postgresql:///newswatch")),
    "search": Usage(
        "Search the stored articles (their titles and text) with a topic query: the best "
        "matches among the newest 1,000, each with its date (published, else first seen), title, "
        "address and the words around the match. Read-only. The query syntax, for topics "
        "too:",
        ("newswatch search 'Lavrov -football'",
         "newswatch search 'Russia (NATO OR \"security guarantees\")' --limit 50"),
        SYNTAX),
}
