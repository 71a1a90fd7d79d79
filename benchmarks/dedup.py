"""Duplicate detection: are edited copies of real articles found, and nothing else merged?

    python benchmarks/dedup.py [--data DIR ...] [--seed N] [--json OUT]

Every article body of the shared extraction sets (their ground truth: real news texts in
many languages) is stored once through the project's own `Store`; no two of them should
be merged. Then, for each kind of edit a syndicating outlet makes, every text is stored
again, edited, from another outlet: it must come back as a copy of its original. The
edits: a headline line before the text, one sentence changed (replaced by a sentence of
similar length from another article), an agency tag line after it, a dateline before it,
and the first three together. Each edit runs on a copy of the filled database, so a
missed copy cannot help or hurt the next one. Times are CPU milliseconds per save.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from scorer import interpreter  # benchmarks/scorer.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.models import Article  # noqa: E402
from pipeline.store import Store  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_WORD = re.compile(r"\w+")
NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)
Edit = Callable[[str, random.Random, list[str]], str]


def read_texts(dirs: list[Path]) -> list[str]:
    texts = []
    for data in dirs:
        truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
        texts += [truth[key]["articleBody"] for key in sorted(truth)]
    return texts


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def headline(text: str, rng: random.Random, others: list[str]) -> str:
    words = _WORD.findall(rng.choice(others))[:9]
    return " ".join(words).capitalize() + "\n\n" + text


def changed_sentence(text: str, rng: random.Random, others: list[str]) -> str:
    """One sentence of at most 40 words replaced by one of similar length from another
    article (or, in a text without such sentences, a run of 20 words replaced)."""
    sentences = _sentences(text)
    short = [i for i, s in enumerate(sentences) if 3 <= len(_WORD.findall(s)) <= 40]
    if not short:
        words = text.split()
        start = rng.randrange(max(1, len(words) - 20))
        return " ".join(words[:start] + _WORD.findall(rng.choice(others))[:20]
                        + words[start + 20:])
    i = rng.choice(short)
    size = len(_WORD.findall(sentences[i]))
    pool = [s for other in others for s in _sentences(other)
            if abs(len(_WORD.findall(s)) - size) <= max(3, size // 4)]
    sentences[i] = rng.choice(pool) if pool else sentences[i][::-1]
    return " ".join(sentences)


def tag_line(text: str, rng: random.Random, others: list[str]) -> str:
    names = rng.sample(["Maria Lopez", "John Kim", "Anna Weber", "Raj Patel", "Li Wei"], 2)
    return f"{text}\n\n(Reporting by {names[0]}; Editing by {names[1]})"


def dateline(text: str, rng: random.Random, others: list[str]) -> str:
    city = rng.choice(["PARIS", "NEW DELHI", "NAIROBI", "LIMA", "OSLO"])
    return f"{city}, March {rng.randint(1, 28)} (AFP) — {text}"


def all_three(text: str, rng: random.Random, others: list[str]) -> str:
    return tag_line(changed_sentence(headline(text, rng, others), rng, others), rng, others)


EDITS: dict[str, Edit] = {
    "exact copy": lambda text, rng, others: text,
    "new headline": headline,
    "one sentence changed": changed_sentence,
    "agency tag line added": tag_line,
    "dateline added": dateline,
    "headline + sentence + tag line": all_three,
}


def article(i: int, text: str, site: str) -> Article:
    return Article(url=f"https://{site}.example/{i}", title=f"Story {i}", text=text)


def fill(store: Store, texts: list[str]) -> tuple[list[int], list[float]]:
    """Store every text from one of 20 outlets; their ids, and CPU ms per save."""
    ids, times = [], []
    for i, text in enumerate(texts):
        start = time.process_time()
        saved = store.save_article(f"outlet{i % 20}", [f"https://o{i % 20}.example/{i}"],
                                   article(i, text, f"o{i % 20}"), NOW)
        times.append(1000 * (time.process_time() - start))
        ids.append(saved.article_id)
    return ids, times


def run_edit(db: Path, texts: list[str], ids: list[int], edit: Edit, seed: int) -> dict:
    rng = random.Random(seed)
    work = db.with_name(f"edit-{seed}.db")
    shutil.copy(db, work)
    store = Store(work)
    caught, times = 0, []
    for i, text in enumerate(texts):
        others = [texts[rng.randrange(len(texts))] for _ in range(5)]
        edited = edit(text, rng, [o for o in others if o is not text])
        start = time.process_time()
        saved = store.save_article("Syndicator", [f"https://syndicator.example/{i}"],
                                   article(i, edited, "syndicator"), NOW)
        times.append(1000 * (time.process_time() - start))
        caught += saved.outcome == "copy" and saved.article_id == ids[i]
    store.close()
    work.unlink()
    return {"caught": caught, "of": len(texts), "ms_median": statistics.median(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, nargs="+",
                        default=[SHARED / "extraction", SHARED / "extraction-wide"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    texts = read_texts(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dedup.db"
        store = Store(db)
        ids, fill_ms = fill(store, texts)
        store.close()
        merged = len(ids) - len(set(ids))
        results = {name: run_edit(db, texts, ids, edit, args.seed + n)
                   for n, (name, edit) in enumerate(EDITS.items())}
    print(f"{len(texts)} real article texts; timed on {interpreter()}")
    print(f"unrelated texts merged on storing: {merged} "
          f"(save: {statistics.median(fill_ms):.2f} ms median)")
    print(f"{'edited copy':<32} {'caught':>10} {'rate':>7} {'ms/save':>8}")
    for name, r in results.items():
        print(f"{name:<32} {r['caught']:>5}/{r['of']:<4} {r['caught'] / r['of']:7.3f} "
              f"{r['ms_median']:8.2f}")
    if args.json:
        args.json.write_text(json.dumps({"texts": len(texts), "unrelated_merged": merged,
                                         "edits": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
