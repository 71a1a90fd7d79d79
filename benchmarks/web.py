"""The web interface on a large archive: a speaker's page and searches with 1 million
statements stored (issue 17's target: under 200 ms each).

    python benchmarks/web.py [--statements 1000000] [--dir DIR] [--keep] [--json OUT]

The archive is synthetic and made in bulk with SQL (executemany, one transaction per
batch) into the tables a real `Store` created, with its indexes (the full-text ones
made at the end): articles (a text of ~120 words each,
five statements per article), the statements (speakers drawn from a Zipf law, s=1, over
50,000 speakers, so the most prolific has ~9% of all statements; 8-30 words of a
10,000-word vocabulary itself drawn Zipf-like, so common words are common), one to three
outlets each (statement_mentions), and each statement's alert on one of 3 topics, in a
digest. The dedup index keys (statement_keys, article_bands) are not written: no page of
the web interface reads them.

Measured through the real application (Flask's test client: routing, queries, Jinja2
rendering, the whole response), each request run 5 times after a warm-up, CPU and wall
milliseconds (benchmarks/growth.py's `timed`): the most prolific speaker's page (first and
20th page), a mid-ranked speaker's page, statements searched for a common word, a rare
word and a phrase, the same within a topic, and articles searched. CPU is the figure to
compare on a shared machine; wall adds waits on disk.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import numpy as np
from growth import summary, timed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.app.web import create_app  # noqa: E402
from pipeline.config import parse_config  # noqa: E402
from pipeline.store import Store, iso  # noqa: E402

SPEAKERS = 50_000
VOCABULARY = 10_000
PER_ARTICLE = 5
BATCH = 20_000  # statements per transaction
TOPICS = ("Policy", "Economy", "Security")
SOURCES = tuple(f"Outlet {n}" for n in range(20))
RUNS = 5


def config(state: Path) -> dict:
    """A config naming the archive's outlets and topics (they fill the filter menus)."""
    return {"service": {"state_dir": str(state)},
            "source": [{"name": name, "url": f"https://outlet{n}.example/feed",
                        "kind": "feed"} for n, name in enumerate(SOURCES)],
            "topic": [{"name": name, "query": name.lower()} for name in TOPICS]}


class Maker:
    """Synthetic rows, made with numpy a batch at a time."""

    def __init__(self, seed: int = 17) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = np.array([_word(n) for n in range(VOCABULARY)])
        self.word_p = _zipf(VOCABULARY)
        self.speaker_p = _zipf(SPEAKERS)

    def text(self, count: int, low: int, high: int) -> list[str]:
        lengths = self.rng.integers(low, high, count)
        ids = self.rng.choice(VOCABULARY, size=int(lengths.sum()), p=self.word_p)
        words, out, at = self.words[ids], [], 0
        for n in lengths:
            out.append(" ".join(words[at:at + n]))
            at += n
        return out

    def speakers(self, count: int) -> np.ndarray:
        return self.rng.choice(SPEAKERS, size=count, p=self.speaker_p)


def _zipf(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1)
    return weights / weights.sum()


def _word(n: int) -> str:
    """A distinct made-up word for each number: syllables from its digits in base 20."""
    syllables = "ba ce di fo gu ha je ki lo mu na pe ri so tu va we xi yo zu".split()
    word = ""
    while True:
        n, digit = divmod(n, 20)
        word += syllables[digit]
        if not n:
            return word


def fill(store: Store, statements: int, now: datetime) -> None:
    """Articles, statements, mentions and alerts, newest last, over the last year. The
    full-text indexes are made once at the end (FTS5 builds the same index faster in one
    go than row by row through the triggers)."""
    fts = {"articles": ["title", "text"], "statements": ["speaker", "content"]}
    for table in fts:
        store.db.table(table).disable_fts()
    maker, db = Maker(), store.db.conn
    with store.transaction():
        db.execute("INSERT INTO digests (topic, created_at, message_id, subject, text, html, "
                   "payload) VALUES ('Policy', ?, '<bench@newswatch>', 'bench', '', '', '{}')",
                   [iso(now)])
    step = timedelta(days=365) / statements
    for start in range(0, statements, BATCH):
        count = min(BATCH, statements - start)
        with store.transaction():
            _fill_batch(db, maker, start, count, now - (statements - start) * step, step)
        print(f"\r{start + count:,} statements", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    for table, columns in fts.items():
        store.db.table(table).enable_fts(columns, create_triggers=True)


def _fill_batch(db: sqlite3.Connection, maker: Maker, start: int, count: int,
                first: datetime, step: timedelta) -> None:
    articles = count // PER_ARTICLE
    article0 = start // PER_ARTICLE + 1
    texts = maker.text(articles, 80, 160)
    seen = [iso(first + i * PER_ARTICLE * step) for i in range(articles)]
    db.executemany(
        "INSERT INTO articles (id, url, title, text, fingerprint, first_seen, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(article0 + i, f"https://outlet.example/a/{article0 + i}", text[:60], text,
          f"{article0 + i:016x}", seen[i], seen[i]) for i, text in enumerate(texts)])
    contents, speakers = maker.text(count, 8, 30), maker.speakers(count)
    rng = random.Random(start)
    statements, mentions, alerts = [], [], []
    for i in range(count):
        sid, article = start + i + 1, article0 + i // PER_ARTICLE
        when = iso(first + i * step)
        key = f"speaker {speakers[i]}"
        statements.append((sid, key, key.title(), "minister", "said", contents[i],
                           i % 3 == 0, f"{sid:016x}", when, when[:10]))
        for source in rng.sample(SOURCES, rng.choice((1, 1, 2, 3))):
            mentions.append((sid, article, source, f"https://{source}.example/{article}",
                             "title", when))
        alerts.append((TOPICS[sid % 3], sid, when))
    db.executemany("INSERT INTO statements (id, speaker_key, speaker, role, cue, content, "
                   "direct, fingerprint, first_seen, published) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statements)
    db.executemany("INSERT INTO statement_mentions (statement_id, article_id, source, url, "
                   "title, seen_at) VALUES (?, ?, ?, ?, ?, ?)", mentions)
    db.executemany("INSERT INTO alerts (topic, statement_id, kind, created_at, digest_id) "
                   "VALUES (?, ?, 'new', ?, 1)", alerts)


def requests() -> dict[str, str]:
    """The pages measured: the top speaker's (first and 20th page), a mid-ranked
    speaker's, and searches for a common word, a rare word, a phrase, within a topic."""
    words = Maker().words
    return {
        "speaker page, most prolific (page 1)": "/speakers/speaker 0",
        "speaker page, most prolific (page 20)": "/speakers/speaker 0?page=20",
        "speaker page, rank 1000": "/speakers/speaker 999",
        "search statements, common word": f"/statements?q={words[0]}",
        "search statements, rare word": f"/statements?q={words[9000]}",
        "search statements, phrase": f'/statements?q="{words[0]} {words[1]}"',
        "search statements, word AND word": f"/statements?q={words[5]}+AND+{words[40]}",
        "search within a topic": f"/statements?q={words[3]}&topic=Security",
        "statements of one outlet": "/statements?outlet=Outlet+7",
        "search statements, common word, a month a year ago":
            f"/statements?q={words[0]}&since={_days_ago(365)}&until={_days_ago(335)}",
        "search statements, common word, page 100": f"/statements?q={words[0]}&page=100",
        "speaker page, rank 1000, searched for a word 1 in 50 use":
            f"/speakers/speaker 999?q={words[100]}",
        "speaker page, rank 45, searched for a word in 6% of statements":
            f"/speakers/speaker 44?q={words[30]}",
        "speaker page, rank 45, searched for a word in 0.6%":
            f"/speakers/speaker 44?q={words[300]}",
        "speaker page, most prolific, searched for a rare word":
            f"/speakers/speaker 0?q={words[9000]}",
        "search articles, common word": f"/articles?q={words[0]}",
        "search articles, rare word": f"/articles?q={words[9000]}",
    }


def _days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


def measure(store: Store, cfg: dict, state: Path) -> dict[str, dict]:
    app = create_app(parse_config(cfg, state / "bench.toml"), store)
    client = app.test_client()
    results = {}
    for name, path in requests().items():
        calls: list[Callable[[], object]] = [partial(client.get, path)] * (RUNS + 1)
        times, responses = timed(calls)
        statuses = {r.status_code for r in responses}
        results[name] = {**summary(times[1:]), "path": path, "status": sorted(statuses),
                         "bytes": len(responses[-1].data)}
        print(f"{name:42} {results[name]['median']:7.1f} ms CPU  "
              f"{results[name]['wall_median']:7.1f} ms wall  {statuses}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="where to build the archive (kept)")
    parser.add_argument("--keep", action="store_true", help="keep a temporary archive")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    state = args.dir or Path(tempfile.mkdtemp(prefix="newswatch-web-bench-"))
    state.mkdir(parents=True, exist_ok=True)
    try:
        store = Store(state / "newswatch.db")
        if not store.db.execute("SELECT 1 FROM statements LIMIT 1").fetchone():
            began = time.perf_counter()
            fill(store, args.statements, datetime.now(UTC))
            print(f"filled in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        results = measure(store, config(state), state)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    finally:
        if not (args.dir or args.keep):
            shutil.rmtree(state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
