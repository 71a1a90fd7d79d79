"""Archive growth: newswatch's per-article store costs at 0, 100k and 1M stored articles.

    python benchmarks/growth.py [--sizes 0,100000,1000000] [--dir DIR] [--keep] [--json OUT]
    python benchmarks/growth.py --resume DIR [--sizes 1000000]   # measure a kept archive again

At each size, through the real API on a fresh `pipeline.store.Store` (its own connection
and pragmas, as the service opens it), on new synthetic articles: `save_article` (with
the article's statements), the dedup check alone (save_article's: the text's MinHash
bands, `_near_copy` and `_match_article`: URL and fingerprint), the near-copy query alone
(`_near_copy`: the band index, then the candidates' texts), the dedup check on syndicated
copies of stored articles (they must be found), the known-statement check alone
(`_known_statement`), `search` (first page of 20) for a few queries, the database's bytes
per article, and one real `newswatch run --once` over a small local news web
(benchmarks/newsweb.py) into that archive: its wall, CPU per article (with its worker
processes) and peak RSS (of the main process, and of it with its workers).

Growth is a ratio, and this VM's speed drifts by up to 2x within minutes: so on a filled
archive the per-article figures (save, dedup and statement checks) are timed together with
the same calls on a new, empty archive beside it, call for call on the same articles, and
the table's xN compares the two. 1,000 articles per size by default: a save's tail (the
full-text index's merges, WAL checkpoints) needs that many for a steady mean and p95.

Filling. Saving 1M articles one by one through save_article would take hours, so the
archive is filled in bulk, 2,000 articles a transaction, into the tables the Store created
(its schema, indexes and FTS triggers, which fire per row as they do for save_article),
writing the rows save_article and the cycle write for a new article: articles (the
columns of Store._article_row, dedupe.text_fingerprint), article_urls, article_bands and
article_shingles (through Store._write_bands, the keys save_article computes),
article_outlets (block fingerprints as many as real pages give: the source's template
blocks, one per paragraph, the rest), http_cache, fetch_log (the last 30 days, as
log_fetch keeps), and statements (the columns Store._save_statements writes) with their
index keys (through Store._save_statement_keys), mentions and alerts (already in digests,
one per topic and day, each with a sent delivery, as after a normal day). The store's
own helpers write the index rows, so the fill cannot drift from what the store looks up.
Only the measured operations go through the Store API proper.

Texts are synthetic but realistic: a word bigram chain trained on the shared sets'
English ground-truth bodies, lengths drawn from the bodies of their news pages (the
Scrapinghub set and fundus), so texts are distinct and share 5-word shingles only as
natural phrases do. They are made 2,000 at a time with numpy (pip install -e '.[bench]'):
the batch's chains advance together, and its texts' MinHash bands are computed together
(CRC-32 of every 5-word run, a byte per step); every 250th article's fingerprint and bands
are checked against dedupe's own, and a difference stops the fill. A share of articles
carries statements (as the real pages did in the cycle benchmark), by speakers drawn from a
Zipf law (s=1) over 50,000 speakers. Articles arrive at --per-day, newest first, so at
every size the archive covers the last size/per-day days up to now, which is what the
2-day re-check and 30-day statement windows see.

The database's bytes per article are split by table (with its indexes) when SQLite has
dbstat, which reads every page: at 1M articles it takes a minute or two.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import numpy as np
from newsweb import SHARED, NewsServer, NewsWeb, PagePool
from scorer import interpreter
from service import db_size, run_cycle, write_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import dedupe  # noqa: E402
from pipeline.extract.article import extract_article  # noqa: E402
from pipeline.extract.boilerplate import block_fingerprint  # noqa: E402
from pipeline.models import Article, Span, Statement  # noqa: E402
from pipeline.statements.merge import content_fingerprint  # noqa: E402
from pipeline.store import TEMPLATE_PAGES, Store, iso  # noqa: E402
from pipeline.topics import parse_query, to_fts  # noqa: E402

TOPIC = ("Policy", "government OR minister OR president OR parliament OR policy")
QUERIES = ("president OR minister", '"prime minister"', "parliament AND election*")
SPEAKERS = 50_000
SOURCES = 1000
BATCH = 2000
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_ENGLISH = frozenset("the and of to in is that for".split())


def progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


# --- synthetic articles --------------------------------------------------------------------

@dataclass
class Corpus:
    """A word bigram chain over the English ground-truth bodies (words as ids), article
    lengths from the news pages, and block counts of real pages."""

    words: list[str]
    successors: list[list[int]]  # word id -> ids of the words that followed it
    starts: list[int]  # sentence openers
    lengths: list[int]
    blocks: list[int]  # block counts of real pages (extract_article(...).blocks)

    @classmethod
    def load(cls, blocks: list[int]) -> Corpus:
        ids: dict[str, int] = {}
        successors: list[list[int]] = []
        starts: list[int] = []
        for body in _english_bodies():
            tokens = [ids.setdefault(w, len(ids)) for w in body.split()]
            successors.extend([] for _ in range(len(ids) - len(successors)))
            starts.append(tokens[0])
            for a, b in itertools.pairwise(tokens):
                successors[a].append(b)
        words = list(ids)
        starts += [b for a, follow in enumerate(successors) if words[a][-1] in ".?!"
                   for b in follow]
        return cls(words, successors, starts, _news_lengths(), blocks)


def _english_bodies() -> list[str]:
    bodies = []
    for data in ("extraction", "extraction-wide"):
        truth = json.loads((SHARED / data / "ground-truth.json").read_text(encoding="utf-8"))
        for entry in truth.values():
            words = entry["articleBody"].split()
            if words and sum(w.lower() in _ENGLISH for w in words) >= 0.05 * len(words):
                bodies.append(entry["articleBody"])
    return bodies


def _news_lengths() -> list[int]:
    """Body lengths in words of the news pages: the Scrapinghub set and fundus' publisher
    parsers (the wcxb subset is mostly long-form blogs)."""
    wide = SHARED / "extraction-wide"
    fundus = {json.loads(line)["id"] for line in (wide / "manifest.jsonl").open()
              if json.loads(line)["subset"] == "fundus"}
    lengths = []
    for data, keep in (("extraction", None), ("extraction-wide", fundus)):
        truth = json.loads((SHARED / data / "ground-truth.json").read_text(encoding="utf-8"))
        lengths += [len(v["articleBody"].split()) for k, v in truth.items()
                    if keep is None or k in keep]
    return lengths


@dataclass(frozen=True)
class Synthetic:
    """One generated article, as plain data (it crosses process boundaries)."""

    k: int
    source: int
    url: str
    title: str
    byline: str
    text: str
    fingerprint: str
    bands: tuple[int, ...]  # dedupe.band_keys of its MinHash signature
    shingles: int  # how many distinct shingles it has
    lowest: bytes  # dedupe.sample of its shingles
    blocks: tuple[str, ...]
    statements: tuple[tuple[str, str, int, int, bool], ...]  # key, content, start, end, direct


class Generator:
    """Articles a batch at a time: the word chains of a batch advance together (numpy), and
    their near-copy keys are computed over the whole batch at once (`batch_hashes`)."""

    def __init__(self, corpus: Corpus, statement_share: float, statements_mean: float) -> None:
        self.corpus = corpus
        self.statement_share, self.statements_mean = statement_share, statements_mean
        counts = np.array([len(s) for s in corpus.successors])
        self.counts, self.offsets = counts, np.concatenate(([0], np.cumsum(counts)))
        self.successors = np.fromiter(itertools.chain.from_iterable(corpus.successors),
                                      np.int64, int(counts.sum()))
        self.starts, self.lengths = np.array(corpus.starts), np.array(corpus.lengths)
        self.ends_sentence = np.array([w[-1] in ".?!" for w in corpus.words])
        # A word's part of the text as dedupe normalises it (its words, casefolded): the
        # text is split on whitespace only, so its normal form is these parts joined.
        self.normal = [" ".join(dedupe.words(w)) for w in corpus.words]
        self.speaker_weights = np.cumsum(1 / np.arange(1, SPEAKERS + 1))
        self.templates: dict[int, list[str]] = {}

    def batch(self, start: int, stop: int) -> list[Synthetic]:
        """Articles start..stop-1 (the same ones for the same span)."""
        rng = np.random.default_rng([start, stop])
        chains = self.chains(rng, stop - start)
        texts = [self.text(rng, ids) for ids in chains]
        normals = [" ".join(filter(None, map(self.normal.__getitem__, ids.tolist())))
                   for ids in chains]
        hashes, owners = batch_hashes(normals)
        signatures = batch_signatures(hashes, owners, len(normals))
        samples = batch_samples(hashes, owners, len(normals))
        articles = [self.article(rng, k, text, normal, sig, sample) for k, text, normal, sig,
                    sample in zip(range(start, stop), texts, normals, signatures, samples,
                                  strict=True)]
        for art in articles[::250]:  # the vectorised keys are dedupe's own, or no fill
            if keys_of(art) != keys_of(synthetic(art.text)):
                raise AssertionError(f"article {art.k}: keys differ from dedupe's")
        return articles

    def chains(self, rng: np.random.Generator, count: int) -> list[np.ndarray]:
        """`count` walks of the bigram chain (word ids), of news body lengths; a word
        that nothing followed is followed by a sentence opener."""
        lengths = rng.choice(self.lengths, count)
        order = np.argsort(-lengths, kind="stable")  # the walks still going are a prefix
        ids = np.zeros((count, int(lengths.max())), np.int64)
        word = self.starts[rng.integers(len(self.starts), size=count)]
        active = np.searchsorted(-lengths[order], -np.arange(ids.shape[1]), side="left")
        for step, alive in enumerate(active.tolist()):
            now = word[:alive]
            ids[:alive, step] = now
            draw = rng.random(alive)
            followers = self.counts[now]
            pick = np.minimum(self.offsets[now] + (draw * followers).astype(np.int64),
                              len(self.successors) - 1)
            word = np.where(followers > 0, self.successors[pick],
                            self.starts[(draw * len(self.starts)).astype(np.int64)])
        walks = [ids[row, :n] for row, n in enumerate(lengths[order].tolist())]
        return [walks[i] for i in np.argsort(order)]

    def text(self, rng: np.random.Generator, ids: np.ndarray) -> str:
        """The words, a paragraph ending after a sentence's end 40% of the time."""
        words = list(map(self.corpus.words.__getitem__, ids.tolist()))
        breaks = self.ends_sentence[ids[:-1]] & (rng.random(len(ids) - 1) < 0.4)
        cuts = [0, *(np.flatnonzero(breaks) + 1).tolist(), len(words)]
        return "\n\n".join(" ".join(words[a:b]) for a, b in itertools.pairwise(cuts))

    def article(self, rng: np.random.Generator, k: int, text: str, normal: str,
                signature: tuple[int, ...], sample: tuple[int, bytes]) -> Synthetic:
        title = " ".join(text.split()[:9]).strip(" .,\"")  # a headline-like lead
        source = k % SOURCES
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
        byline = ("", "By Jane Doe", "By Staff Reporter", "Reuters")[rng.integers(4)]
        fingerprint = hashlib.blake2b(normal.encode(), digest_size=16).hexdigest()
        return Synthetic(k, source, f"https://www.outlet{source}.example/news/{k}-{slug}",
                         title, byline, text, fingerprint,
                         tuple(dedupe.band_keys(signature)), *sample,
                         self.blocks(rng, source, text), self.statements(rng, text))

    def statements(self, rng: np.random.Generator, text: str) -> tuple:
        if rng.random() >= self.statement_share:
            return ()
        sentences = [m for m in _SENTENCE.finditer(text) if len(m[0].split()) >= 6]
        count = min(len(sentences), 1 + int(rng.poisson(self.statements_mean - 1)))
        chosen = rng.choice(len(sentences), count, replace=False).tolist()
        ranks = np.searchsorted(self.speaker_weights,
                                rng.random(count) * self.speaker_weights[-1], side="right")
        return tuple((f"spk{rank + 1}", sentences[i][0].strip(), sentences[i].start(),
                      sentences[i].end(), bool(rng.random() < 0.5))
                     for i, rank in zip(chosen, ranks.tolist(), strict=True))

    def blocks(self, rng: np.random.Generator, source: int, text: str) -> tuple[str, ...]:
        """Block fingerprints as extract_article gives them: the source's template blocks
        around one per paragraph, then the page's other blocks (random keys in the same
        format: a size digit and 12 hex digits; only equality matters to the learner)."""
        template = self.templates.get(source)
        if template is None:
            template = self.templates[source] = [
                block_fingerprint(f"outlet {source} furniture {m}") for m in range(30)]
        sizes = [min(9, len(p).bit_length()) for p in text.split("\n\n")]
        extra = max(0, int(rng.choice(self.corpus.blocks)) - len(sizes) - len(template))
        sizes += rng.integers(2, 7, extra).tolist()
        keys = [f"{size}{bits:012x}" for size, bits
                in zip(sizes, rng.integers(0, 1 << 48, len(sizes)).tolist(), strict=True)]
        paragraphs = len(sizes) - extra
        return tuple(template[:15] + keys[:paragraphs] + template[15:] + keys[paragraphs:])


def synthetic(text: str, url: str = "", title: str = "", k: int = 0) -> Synthetic:
    """An article of `text` with the near-copy keys save_article computes for it."""
    keys = dedupe.text_keys(text)
    return Synthetic(k, 0, url, title, "", text, keys.fingerprint, tuple(keys.bands),
                     keys.shingle_count, keys.lowest, (), ())


def keys_of(art: Synthetic) -> tuple:
    """What the store files an article under (its sample as a set: its order is none)."""
    return art.fingerprint, art.bands, art.shingles, dedupe.unpacked(art.lowest)


def _crc_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1)
    return table.astype(np.uint32)


_CRC = _crc_table()  # zlib's CRC-32, a byte at a time


def batch_hashes(normals: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """dedupe.shingles of many texts at once, from their normal forms (dedupe.words joined
    by spaces): each 5-word run's CRC-32, a byte per step over all runs together, mixed as
    dedupe mixes it. The hashes and the index of the text each belongs to."""
    data = np.frombuffer("\n".join(normals).encode(), np.uint8)
    gaps = np.flatnonzero((data == ord(" ")) | (data == ord("\n")))
    begin, end = np.concatenate(([0], gaps + 1)), np.concatenate((gaps, [len(data)]))
    begin, end = begin[end > begin], end[end > begin]  # an empty text is no word
    text = np.searchsorted(np.flatnonzero(data == ord("\n")), begin)  # of each word
    last = dedupe.SHINGLE - 1
    same = text[:-last] == text[last:]  # a run of words within one text
    runs, ends, texts = begin[:-last][same], end[last:][same], text[:-last][same]
    order = np.argsort(runs - ends, kind="stable")  # longest first: the unfinished a prefix
    runs, sizes = runs[order], (ends - runs)[order]
    crc = np.full(len(runs), 0xFFFFFFFF, np.uint32)
    unfinished = len(sizes) - np.searchsorted(sizes[::-1], np.arange(int(sizes.max(initial=0))),
                                              side="right")
    for offset, alive in enumerate(unfinished.tolist()):
        now = crc[:alive]
        crc[:alive] = _CRC[(now ^ data[runs[:alive] + offset]) & 0xFF] ^ (now >> 8)
    mixed = (crc ^ np.uint32(0xFFFFFFFF)).astype(np.uint64) * dedupe._GOLDEN & dedupe._MASK32
    return mixed ^ (mixed >> 15), texts[order]


def batch_signatures(hashes: np.ndarray, texts: np.ndarray, count: int
                     ) -> list[tuple[int, ...]]:
    """dedupe.signature(dedupe.shingles(text)) of each of `count` texts (batch_hashes
    gives `hashes` and `texts`): the bins' minima together; a text with an empty bin (a
    short one) through dedupe.signature itself."""
    bins = dedupe.BINS
    minima = np.full(count * bins, dedupe._EMPTY, np.uint64)
    np.minimum.at(minima, texts * bins + (hashes % bins).astype(np.int64), hashes)
    rows = minima.reshape(count, bins)
    signatures = [tuple(row) for row in rows.tolist()]
    short = np.flatnonzero((rows == dedupe._EMPTY).any(axis=1))
    if len(short):
        by_text = np.argsort(texts, kind="stable")
        bounds = np.searchsorted(texts[by_text], np.arange(count + 1))
        for t in short.tolist():
            own = hashes[by_text[bounds[t]:bounds[t + 1]]]
            signatures[t] = dedupe.signature(set(own.tolist()))
    return signatures


def batch_samples(hashes: np.ndarray, texts: np.ndarray, count: int
                  ) -> list[tuple[int, bytes]]:
    """Each text's number of distinct shingles and dedupe.sample of them."""
    order = np.lexsort((hashes, texts))
    hashes, texts = hashes[order], texts[order]
    first = np.ones(len(hashes), bool)  # of its value in its text
    first[1:] = (hashes[1:] != hashes[:-1]) | (texts[1:] != texts[:-1])
    hashes, texts = hashes[first].astype(np.uint32), texts[first]
    bounds = np.searchsorted(texts, np.arange(count + 1)).tolist()
    return [(b - a, hashes[a:min(b, a + dedupe.SAMPLE)].tobytes())
            for a, b in itertools.pairwise(bounds)]


_GENERATOR: Generator | None = None  # set before the pool forks: workers inherit it


def _generate(span: tuple[int, int]) -> list[Synthetic]:
    assert _GENERATOR is not None
    return _GENERATOR.batch(*span)

# --- bulk fill ----------------------------------------------------------------------------

class Filler:
    """Writes the rows save_article (and the cycle around it) would write, in bulk, on a
    Store's connection (its schema and foreign keys), through its helpers where it has
    them.

    A batch's articles go in by one INSERT ... SELECT from a temporary table, so the
    full-text triggers fire per row within one statement: FTS5 writes its pending terms out
    as a new segment at the end of every statement, which row by row (executemany) cost
    two thirds of the fill's writing at 200k articles."""

    def __init__(self, path: Path, fill_now: datetime, per_day: int) -> None:
        self.store = Store(path)
        self.conn = self.store.db.conn
        for pragma in ("synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.fill_now, self.step = fill_now, timedelta(days=1) / per_day
        self.digests: dict[int, int] = {}
        self.ids = {t: self._max_id(t) for t in ("articles", "statements", "digests")}
        self.conn.execute("CREATE TEMP TABLE new_articles AS SELECT * FROM main.articles "
                          "WHERE 0")
        self.columns = ""

    def committed(self) -> int:
        """How many articles earlier fills committed, kept in the database by each batch's
        own transaction: a fill killed between its commit and fill.json's update resumes
        after that batch, not into it."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS growth_fill (filled INTEGER NOT NULL)")
        return self.conn.execute("SELECT COALESCE(MAX(filled), 0) FROM growth_fill").fetchone()[0]

    def _max_id(self, table: str) -> int:
        return self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]

    def sources(self) -> None:
        at = iso(self.fill_now)
        self.conn.executemany(
            "INSERT OR IGNORE INTO sources (name, url, kind, failures, last_attempt_at, "
            "last_success_at) VALUES (?, ?, 'feed', 0, ?, ?)",
            [(f"outlet-{s:04d}", f"https://www.outlet{s}.example/rss", at, at)
             for s in range(SOURCES)])

    def write(self, batch: list[Synthetic]) -> None:
        rows: dict[str, list] = {t: [] for t in ("articles", *_INSERTS)}
        indexed: list[tuple[int, Synthetic]] = []  # articles whose text keys go in
        keys: list[tuple[int, str, str]] = []
        for art in batch:
            self._article_rows(art, rows, indexed, keys)
        self.conn.execute("BEGIN")
        self.conn.executemany(f"INSERT INTO temp.new_articles ({self.columns}) VALUES "
                              f"({', '.join('?' * len(rows['articles'][0]))})",
                              rows["articles"])
        self.conn.execute(f"INSERT INTO main.articles ({self.columns}) SELECT {self.columns} "
                          "FROM temp.new_articles ORDER BY id")
        self.conn.execute("DELETE FROM temp.new_articles")
        for table, sql in _INSERTS.items():
            self.conn.executemany(sql, rows[table])
        for article_id, art in indexed:
            self.store._write_bands(article_id, art.bands, art.shingles, art.lowest)
        for statement_id, speaker_key, content in keys:
            self.store._save_statement_keys(statement_id, speaker_key, content)
        self.conn.execute("DELETE FROM growth_fill")
        self.conn.execute("INSERT INTO growth_fill VALUES (?)", [batch[-1].k + 1])
        self.conn.execute("COMMIT")

    def _article_rows(self, art: Synthetic, rows: dict[str, list],
                      indexed: list[tuple[int, Synthetic]],
                      keys: list[tuple[int, str, str]]) -> None:
        self.ids["articles"] += 1
        aid, when = self.ids["articles"], self.fill_now - art.k * self.step
        at, source = iso(when), f"outlet-{art.source:04d}"
        teaser = art.text.split(". ", 1)[0][:200]
        row = Store._article_row(Article(url=art.url, title=art.title, text=art.text,
                                         byline=art.byline, published=at, language="en",
                                         description=teaser), art.fingerprint, when)
        row |= {"id": aid, "first_seen": at}
        self.columns = self.columns or ", ".join(row)
        rows["articles"].append(tuple(row.values()))
        rows["article_urls"].append((art.url, aid))
        indexed.append((aid, art))
        rows["article_outlets"].append((aid, source, art.url, art.title, at))
        if art.k < SOURCES * TEMPLATE_PAGES:  # its source's latest pages: newest first
            rows["template_pages"].append((source, at, aid, json.dumps(art.blocks)))
        rows["http_cache"].append((art.url, f'"{art.k:x}"', None, at))
        if self.fill_now - when < timedelta(days=30):
            rows["fetch_log"].append((at, source, art.url))
        for key, content, start, end, direct in art.statements:
            self.ids["statements"] += 1
            sid = self.ids["statements"]
            rows["statements"].append((sid, key, key.title(), content, direct,
                                       content_fingerprint(content), at, at))
            keys.append((sid, key, content))
            rows["statement_mentions"].append((sid, aid, source, art.url, art.title, start,
                                               end, at))
            rows["alerts"].append((TOPIC[0], sid, at, self._digest((self.fill_now - when).days,
                                                                    rows)))

    def _digest(self, day: int, rows: dict[str, list]) -> int:
        if day not in self.digests:
            self.ids["digests"] += 1
            did = self.digests[day] = self.ids["digests"]
            at = iso(self.fill_now - timedelta(days=day))
            rows["digests"].append((did, TOPIC[0], at, f"<fill.{did}@growth.invalid>",
                                    f"{TOPIC[0]}: statements", "text", "<p>html</p>", "{}"))
            rows["deliveries"].append((did, "file", at, at))
        return self.digests[day]

    def close(self) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.store.close()


_INSERTS = {  # parents before children: digests before the alerts that point at them
    "article_urls": "INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)",
    "article_outlets": "INSERT INTO article_outlets (article_id, source, url, title, seen_at) "
                       "VALUES (?, ?, ?, ?, ?)",
    "template_pages": "INSERT INTO template_pages (source, seen_at, article_id, blocks) "
                      "VALUES (?, ?, ?, ?)",
    "http_cache": "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, checked_at) "
                  "VALUES (?, ?, ?, ?)",
    "fetch_log": "INSERT INTO fetch_log (at, source, url, outcome) VALUES (?, ?, ?, 'new')",
    "statements": "INSERT INTO statements (id, speaker_key, speaker, role, cue, content, "
                  "direct, fingerprint, first_seen, published, object_of_cue) "
                  "VALUES (?, ?, ?, '', 'said', ?, ?, ?, ?, ?, 0)",
    "digests": "INSERT INTO digests (id, topic, created_at, message_id, subject, text, html, "
               "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "deliveries": "INSERT INTO deliveries (digest_id, channel, status, attempts, "
                  "next_attempt_at, sent_at) VALUES (?, ?, 'sent', 1, ?, ?)",
    "statement_mentions": "INSERT INTO statement_mentions (statement_id, article_id, source, "
                          'url, title, start, "end", seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    "alerts": "INSERT INTO alerts (topic, statement_id, kind, created_at, digest_id) "
              "VALUES (?, ?, 'new', ?, ?)",
}


@dataclass
class Archive:
    """A filled archive's state, kept beside it (fill.json) so that a later run can measure
    it again: the fill's settings and "now", how many articles it holds, how many
    measurements were made on it (each takes new articles and new sources)."""

    fill_now: datetime
    settings: dict  # per_day, statement_share, statements_mean
    filled: int = 0
    measured: int = 0

    @classmethod
    def load(cls, work: Path) -> Archive:
        state = json.loads((work / "fill.json").read_text())
        return cls(datetime.fromisoformat(state["fill_now"]), state["settings"],
                   state["filled"], state["measured"])

    def save(self, work: Path) -> None:
        (work / "fill.json").write_text(json.dumps(
            {"fill_now": self.fill_now.isoformat(), "settings": self.settings,
             "filled": self.filled, "measured": self.measured}))


def fill(path: Path, archive: Archive, stop: int,
         args: argparse.Namespace) -> tuple[float, int]:
    """Add articles up to stop-1 (by age order), noting each committed batch in the
    archive's state (a fill stopped half-way goes on from there with --resume); returns the
    seconds it took and the articles it added."""
    filler = Filler(path, archive.fill_now, args.per_day)
    began, start = time.monotonic(), max(archive.filled, filler.committed())
    filler.sources()
    spans = [(k, min(k + BATCH, stop)) for k in range(start, stop, BATCH)]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for n, batch in enumerate(pool.imap(_generate, spans), 1):
            filler.write(batch)
            done, elapsed = spans[n - 1][1], time.monotonic() - began
            archive.filled = done
            archive.save(path.parent)
            message = (f"filling: {done:,}/{stop:,} articles, {(done - start) / elapsed:.0f}/s; "
                       f"load average {os.getloadavg()[0]:.1f}")
            progress(message)
            if not sys.stderr.isatty() and n % 25 == 0:  # a log, every 50,000 articles
                print(message, file=sys.stderr, flush=True)
    filler.close()
    return time.monotonic() - began, max(0, stop - start)


# --- measurements ----------------------------------------------------------------------------

def timed(calls: Sequence[Callable[[], object]]) -> tuple[list[tuple[float, float]], list]:
    """(CPU ms, wall ms) of each call, and the results. CPU is the figure to compare on a
    shared machine (other processes stretch the wall time); wall adds the waits on disk."""
    return timed_together([calls])[0]


def timed_together(groups: Sequence[Sequence[Callable[[], object]]]
                   ) -> list[tuple[list[tuple[float, float]], list]]:
    """timed() of each group, their calls taken in turn (the first of each group, then the
    second...): this VM's speed drifts by up to 2x within minutes, so figures to be
    compared are timed side by side, not one set after the other."""
    out: list[tuple[list[tuple[float, float]], list]] = [([], []) for _ in groups]
    for calls in zip(*groups, strict=True):
        for call, (times, results) in zip(calls, out, strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            results.append(call())
            times.append((1000 * (time.process_time() - cpu),
                          1000 * (time.perf_counter() - wall)))
    return out


def summary(times: list[tuple[float, float]]) -> dict:
    if not times:
        return {"n": 0}
    cpu, wall = sorted(t[0] for t in times), sorted(t[1] for t in times)
    p95 = min(len(cpu) - 1, int(0.95 * len(cpu)))
    return {"n": len(cpu), "median": statistics.median(cpu), "mean": statistics.fmean(cpu),
            "p95": cpu[p95], "max": cpu[-1], "wall_median": statistics.median(wall),
            "wall_mean": statistics.fmean(wall), "wall_p95": wall[p95]}


def statement_of(key: str, content: str, start: int, end: int, direct: bool) -> Statement:
    return Statement(speaker=key.title(), speaker_key=key, role="", cue="said", content=content,
                     direct=direct, content_span=Span(start, end))


def article_of(art: Synthetic) -> Article:
    return Article(url=art.url, title=art.title, text=art.text, byline=art.byline,
                   published=iso(datetime.now(UTC)), language="en",
                   description=art.text[:200], blocks=art.blocks)


def measure_saves(stores: Sequence[Store], new: list[Synthetic]) -> list[dict]:
    """save_article of the same new articles into each store, timed together."""
    now = datetime.now(UTC)
    groups = [[partial(store.save_article, f"outlet-{a.source:04d}", [a.url], article_of(a),
                       now, [(statement_of(*s), [TOPIC[0]]) for s in a.statements])
               for a in new] for store in stores]
    return [summary(times) | {"outcomes": sorted({s.outcome for s in saved})}
            for times, saved in timed_together(groups)]


def dedup_check(store: Store, source: str, urls: list[str], text: str) -> int | None:
    """save_article's dedup steps for a new page, without its writes: the text's
    fingerprint and MinHash bands, the near-copy lookup (`_near_copy`: band index, then
    the candidates' texts), the URL and fingerprint match (`_match_article`). The stored
    article it is a copy of, or None."""
    keys = dedupe.text_keys(text)
    near = store._near_copy(keys)
    article_id, outcome = store._match_article(source, urls, keys.fingerprint)
    return near or (article_id if outcome == "copy" else None)


def measure_checks(stores: Sequence[Store], new: list[Synthetic],
                   copies: Sequence[list[Synthetic]]) -> list[dict]:
    """The dedup and known-statement checks on each store (with copies of its own stored
    articles), each check timed together on all stores."""
    now = datetime.now(UTC)
    statements = [statement_of(*s) for a in new for s in a.statements]
    dedup = timed_together([[partial(dedup_check, store, "outlet-new", [a.url], a.text)
                             for a in new] for store in stores])
    near = timed_together([[partial(store._near_copy, dedupe.text_keys(a.text)) for a in new]
                           for store in stores])
    copy = timed_together([[partial(dedup_check, store, "outlet-new", [a.url], a.text)
                            for a in own] for store, own in zip(stores, copies, strict=True)])
    known = timed_together([[partial(store._known_statement, s,
                                     content_fingerprint(s.content), now) for s in statements]
                            for store in stores])
    return [{"dedup": summary(d[0]), "near_copy": summary(n[0]),
             "copy_check": summary(c[0]) | {"found": sum(r is not None for r in c[1])},
             "statement_check": summary(k[0])}
            for d, n, c, k in zip(dedup, near, copy, known, strict=True)]


def measure_search(store: Store) -> dict:
    out = {}
    for query in QUERIES:
        fts = to_fts(parse_query(query))
        times, results = timed([partial(store.search, fts, 20) for _ in range(6)])
        out[query] = {"first": times[0][0], "first_wall": times[0][1],
                      "median": statistics.median(t[0] for t in times[1:]),
                      "wall_median": statistics.median(t[1] for t in times[1:]),
                      "hits": len(results[0])}
    return out


def syndicated(store: Store, count: int, rng: random.Random) -> list[Synthetic]:
    """Copies of stored articles as another outlet would run them: an agency line added,
    the last paragraph cut if it is a short one (a tagline), at most a fifth of the words.
    Only texts of COPY_WORDS words or more are copied: a shorter one is too short for a
    near-copy check (dedupe.MIN_SHINGLES) and is matched only as an exact copy."""
    top = store.db.execute("SELECT MAX(id) FROM articles").fetchone()[0] or 0
    copies: list[Synthetic] = []
    for _ in range(50 * count if top else 0):  # a few draws each, even in a tiny archive
        if len(copies) == count:
            break
        row = store._one("SELECT text FROM articles WHERE id >= ? ORDER BY id LIMIT 1",
                         [rng.randint(1, top)])
        stored = row["text"] if row else ""
        words = len(stored.split())
        if words < COPY_WORDS:
            continue
        paragraphs = stored.split("\n\n")
        if len(paragraphs) > 2 and len(paragraphs[-1].split()) <= words / 5:
            paragraphs.pop()
        text = "\n\n".join(["(Agency) -", *paragraphs])
        copies.append(synthetic(text, f"https://copies.example/{top}-{len(copies)}", "Copy",
                                -len(copies)))
    return copies


COPY_WORDS = 50


def top_speaker_window(store: Store) -> int:
    since = iso(datetime.now(UTC) - timedelta(days=30))
    return store.db.execute("SELECT COUNT(*) FROM statements WHERE speaker_key = 'spk1' "
                            "AND first_seen >= ?", [since]).fetchone()[0]


def measure(path: Path, size: int, gen: Generator, run: int, args: argparse.Namespace) -> dict:
    """The store's costs on this archive; `run` numbers the measurements made on it, each
    on articles of its own. On a filled archive the per-article costs are timed together
    with those on a new, empty archive (the "reference"), call for call on the same
    articles: their ratio is the growth, free of the VM's drift."""
    store = Store(path)  # a fresh connection with newswatch's own pragmas
    reference = path.parent / f"reference-{run}.db"
    _remove_database(reference)  # an interrupted run's
    stores = [store, Store(reference)] if size else [store]
    base = 10**9 + 10**6 * run
    progress(f"size {size:,}: measuring")
    saves = measure_saves(stores, gen.batch(base, base + args.articles))
    copies = [syndicated(s, 20, random.Random(run)) for s in stores]
    checks = measure_checks(stores, gen.batch(base + args.articles, base + 2 * args.articles),
                            copies)
    result = {"size": size, "save": saves[0], **checks[0], "search": measure_search(store),
              "top_speaker_recent_statements": top_speaker_window(store)}
    if size:
        result["reference"] = {"save": saves[1], **checks[1]}
        stores[1].close()
        _remove_database(reference)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    articles = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    tables = table_bytes(store)
    free = store.db.execute("SELECT freelist_count * page_size FROM pragma_freelist_count, "
                            "pragma_page_size").fetchone()[0]
    store.close()
    size = db_size(path.parent)  # of it, the pages an upgrade freed are reused first
    result |= {"articles": articles, "db_bytes": size, "free_bytes": free,
               "db_bytes_per_article": (size - free) / max(1, articles), "table_bytes": tables}
    return result


def _remove_database(path: Path) -> None:
    """A database file, with its WAL and shared-memory files."""
    for file in path.parent.glob(f"{path.name}*"):
        file.unlink()


def table_bytes(store: Store) -> dict[str, int]:
    """Bytes of each table with its indexes (the full-text index's shadow tables as one
    table), from SQLite's dbstat; {} where SQLite was built without it. Pages are counted,
    not summed by dbstat (its pgsize total overflows past 2 GB)."""
    try:
        pages = store.db.execute("SELECT name, pageno FROM dbstat WHERE aggregate = TRUE")
        owner = dict(store.db.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
        page_size = store.db.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.OperationalError:
        return {}
    sizes: Counter[str] = Counter()
    for name, count in pages:
        table = owner.get(name, name)
        sizes["articles_fts" if table.startswith("articles_fts") else table] += count * page_size
    return dict(sizes)


def _per_article(table: str | None) -> Callable[[dict], float | None]:
    """Bytes per article of one table (None: of the tables not shown on their own)."""
    def get(r: dict) -> float | None:
        sizes = r.get("table_bytes")
        if not sizes or not r["articles"]:
            return None
        own = (sizes.get(table, 0) if table else
               sum(v for k, v in sizes.items() if k not in SHOWN_TABLES))
        return own / r["articles"]
    return get


SHOWN_TABLES = ("articles", "articles_fts", "article_outlets", "article_bands",
                "article_shingles", "statements", "statement_keys", "statement_mentions")


def service_cycle(path: Path, pool: PagePool, index: int, args: argparse.Namespace) -> dict:
    """One `newswatch run --once` over new sources into this archive."""
    n, pages = args.service_sources, args.service_pages
    web = NewsWeb(pool, n, pages, first_source=index * n, first_item=index * n * pages)
    web.add_items(pages)
    config = path.parent / f"service-{index}.toml"
    with NewsServer(web, 1) as server:
        write_config(config, path.parent, [web.feed_url(i) for i in range(n)], TOPIC, n, 1.0)
        run = run_cycle(config, path.parent, path.parent / f"service-{index}.jsonl",
                        tick=lambda s: progress(f"service cycle: {s:.0f} s"))
    new = run.counts.get("new_articles", 0)
    return {"new_articles": new, "wall_s": run.wall, "cpu_s": run.cpu,
            "cpu_ms_per_article": 1000 * run.cpu / max(1, new), "peak_rss_mb": run.peak_rss_mb,
            "tree_peak_mb": run.tree_peak_mb,
            "failed_sources": run.counts.get("failed", 0),
            "errors": dict(run.source_errors), "server_cpu_s": server.cpu_seconds()}


# --- output ---------------------------------------------------------------------------------

def _stat(part: str, key: str) -> Callable[[dict], float | None]:
    return lambda r: r[part].get(key)


def _service(key: str) -> Callable[[dict], float | None]:
    return lambda r: r["service"][key] if "service" in r else None


ROWS: tuple[tuple[str, Callable[[dict], float | None], str, bool], ...] = (
    ("save_article: CPU ms median", _stat("save", "median"), ".2f", True),
    ("  mean", _stat("save", "mean"), ".2f", True),
    ("  p95", _stat("save", "p95"), ".2f", True),
    ("  wall ms median", _stat("save", "wall_median"), ".2f", True),
    ("dedup check (bands, near-copy, match): CPU ms median", _stat("dedup", "median"), ".2f",
     True),
    ("  p95", _stat("dedup", "p95"), ".2f", True),
    ("  wall ms median", _stat("dedup", "wall_median"), ".2f", True),
    ("near-copy query alone: CPU ms median", _stat("near_copy", "median"), ".2f", True),
    ("copy of a stored article: CPU ms median", _stat("copy_check", "median"), ".2f", True),
    ("  copies found (of 20)", _stat("copy_check", "found"), ".0f", False),
    ("known-statement check: CPU ms median", _stat("statement_check", "median"), ".3f", True),
    ("  mean", _stat("statement_check", "mean"), ".2f", True),
    ("  p95", _stat("statement_check", "p95"), ".2f", True),
    ("  max", _stat("statement_check", "max"), ".1f", True),
    ("  top speaker's statements, last 30 days", lambda r: r["top_speaker_recent_statements"],
     ".0f", False),
    *((f"  {label}" if k != "hits" else f"search {q}: hits", lambda r, q=q, k=k:
       r["search"][q][k], ".1f" if k != "hits" else ".0f", k != "hits")
      for q in QUERIES for label, k in (("", "hits"), ("first, CPU ms", "first"),
                                        ("first, wall ms", "first_wall"),
                                        ("warm median, CPU ms", "median"),
                                        ("warm median, wall ms", "wall_median"))),
    ("DB size, MB", lambda r: r["db_bytes"] / 1e6, ".0f", False),
    ("  of it free pages, MB", lambda r: r["free_bytes"] / 1e6, ".0f", False),
    ("DB bytes per article (in use)",
     lambda r: r["db_bytes_per_article"] if r["articles"] else None, ".0f", False),
    *((f"  {table} (with its indexes)", _per_article(table), ".0f", False)
      for table in SHOWN_TABLES),
    ("  the other tables", _per_article(None), ".0f", False),
    ("service cycle: new articles", _service("new_articles"), ".0f", False),
    ("  CPU ms per new article", _service("cpu_ms_per_article"), ".0f", True),
    ("  wall s", _service("wall_s"), ".1f", False),
    ("  peak RSS MB", _service("peak_rss_mb"), ".0f", False),
    ("  peak RSS MB with its workers", _service("tree_peak_mb"), ".0f", False),
    ("  failed sources", _service("failed_sources"), ".0f", False),
)


def print_table(results: list[dict]) -> None:
    """One column per size, each filled archive's with the empty one timed alongside it
    before it; xN compares with that column where it has the figure, else with the first
    size's."""
    columns = []  # (heading, figures, the figures its xN compares with)
    for r in results:
        if "reference" in r:
            columns.append(("0, alongside", r["reference"], None))
        columns.append((f"{r['size']:,}", r, r.get("reference", results[0])))
    width = 54
    head = f"{'articles stored':<{width}}" + "".join(f"{label:>18}" for label, _, _ in columns)
    print(f"\n{head}\n{'-' * len(head)}")
    for label, get, fmt, ratio in ROWS:
        cells = []
        for _, r, base in columns:
            value, first = _get(get, r), None
            if base is not None and base is not r:
                first = _get(get, base)
                if first is None and results[0] is not r:
                    first = _get(get, results[0])
            text = "-" if value is None else format(value, fmt)
            if ratio and value is not None and first:
                text += f" (x{value / first:.1f})"
            cells.append(f"{text:>18}")
        print(f"{label[:width]:<{width}}" + "".join(cells))
    print("(xN: times the figure on the empty archive timed alongside, call for call on the "
          "same articles, else at the first size. Times through the Store API, on a fresh "
          "connection; CPU ms unless marked wall)")


def _get(get: Callable[[dict], float | None], r: dict) -> float | None:
    """A row's figure, or None where the column has no such measure."""
    try:
        return get(r)
    except KeyError:
        return None


# --- main ---------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="0,100000,1000000",
                   type=lambda s: sorted(int(x) for x in s.split(",")))
    p.add_argument("--articles", type=int, default=1000,
                   help="new articles timed per size (the tails need many)")
    p.add_argument("--per-day", type=int, default=20_000, help="archive growth per day")
    p.add_argument("--statement-share", type=float, default=0.25,
                   help="share of articles with statements")
    p.add_argument("--statements-mean", type=float, default=2.5,
                   help="statements per article that has some")
    p.add_argument("--jobs", type=int, default=1, help="processes generating articles")
    p.add_argument("--service-sources", type=int, default=20, help="0: no service cycle")
    p.add_argument("--service-pages", type=int, default=10)
    p.add_argument("--dir", type=Path, help="where the database goes (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the database")
    p.add_argument("--resume", type=Path, metavar="DIR",
                   help="measure again on (or fill further) the archive a run left in DIR "
                        "with --keep, with its fill settings")
    p.add_argument("--json", type=Path)
    p.add_argument("--report", type=Path, metavar="JSON", nargs="+",
                   help="only print the table of runs saved with --json, side by side")
    return p.parse_args(argv)


def block_counts(pool: PagePool, count: int = 40) -> list[int]:
    """How many text blocks real pages have (what template_pages.blocks stores)."""
    step = max(1, len(pool.templates) // count)
    return [len(extract_article(t.render(0, "http://x.example/a"), "http://x.example/a").blocks)
            for t in pool.templates[::step][:count]]


def prepare(args: argparse.Namespace, work: Path) -> tuple[PagePool, Generator, Path]:
    """The page pool (for the service cycles), the text generator, an empty archive."""
    global _GENERATOR
    progress("loading pages...")
    pool = PagePool.load(set(TOPIC[1].lower().split()) - {"or"})
    corpus = Corpus.load(block_counts(pool))
    gen = _GENERATOR = Generator(corpus, args.statement_share, args.statements_mean)
    path = work / "newswatch.db"
    Store(path).close()  # the schema, indexes and FTS triggers, as newswatch creates them
    print(f"texts: a bigram chain over {len(corpus.words):,} word forms of the English bodies; "
          f"lengths of {len(corpus.lengths)} news bodies, mean "
          f"{statistics.fmean(corpus.lengths):.0f} words; real pages have "
          f"{statistics.fmean(corpus.blocks):.0f} blocks on average; "
          f"{args.statement_share:.0%} of articles carry statements, "
          f"{args.statements_mean} on average; {args.per_day:,} articles a day")
    return pool, gen, path


def open_archive(args: argparse.Namespace) -> tuple[Path, Archive]:
    """A new work directory and archive state, or those of --resume (whose fill settings
    then replace the arguments')."""
    if not args.resume:
        work = Path(tempfile.mkdtemp(prefix="newswatch-growth-", dir=args.dir))
        return work, Archive(datetime.now(UTC), {k: getattr(args, k) for k in _FILL_SETTINGS})
    archive = Archive.load(args.resume)
    vars(args).update(archive.settings)
    if args.sizes[0] < archive.filled:
        raise SystemExit(f"--sizes: the archive in {args.resume} holds {archive.filled:,} "
                         "articles already")
    return args.resume, archive


_FILL_SETTINGS = ("per_day", "statement_share", "statements_mean")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        print_table([r for f in args.report for r in json.loads(f.read_text())["results"]])
        return 0
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up on the way out
    work, archive = open_archive(args)
    print(f"newswatch archive growth; timed on {interpreter()}; database in {work}; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    results: list[dict] = []
    try:
        pool, gen, path = prepare(args, work)
        for size in args.sizes:
            seconds, added = fill(path, archive, size, args) if size > archive.filled else (0.0, 0)
            result = measure(path, size, gen, archive.measured, args) | {"fill_s": seconds}
            if args.service_sources:
                result["service"] = service_cycle(path, pool, archive.measured, args)
            archive.measured += 1
            archive.save(work)
            result["peak_rss_mb_this_process"] = resource.getrusage(
                resource.RUSAGE_SELF).ru_maxrss / 1024
            results.append(result)
            progress("")
            print(f"\nsize {size:,}: filled in {seconds:.0f} s "
                  f"({added / max(seconds, 1e-9):.0f} articles/s); "
                  f"load average {os.getloadavg()[0]:.1f}")
            print_table(results)
            if args.json:
                args.json.write_text(json.dumps({"interpreter": interpreter(), "args": {
                    k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                    "results": results}, indent=1))
    finally:
        if not (args.keep or args.resume):
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
