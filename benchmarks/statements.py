"""Statement extraction benchmark: run extractors over an annotated JSONL file and score them.

Usage:
    python benchmarks/statements.py --gold FILE.jsonl [--out PRED.jsonl] [--scorer PATH]

The metric is the shared scorer's own code, loaded by path, so the numbers are exactly
theirs. Each extractor runs on every article's `text`; its predictions are scored on the
whole file, on two halves split by a hash of the article id, and per publisher (a check
that the rules do not fit one half or one newsroom's style only). "baseline"
re-implements the scorer README's "said sentences" baseline so both run on the same
file. Speed is articles per second of this process's CPU time (one core; other load on
the machine does not count against it): the first pass (cold caches), and the best of
three reruns (names already cached, as in a long-running service).

`--marks single` (or `straight-single`) first rewrites every text's quotation marks as a
British newsroom writes them, char for char so the gold offsets hold: double marks made
single (‘A,’ or 'A,'), single ones inside them double. The gold is the same, so the
figures show what the grammar owes to American double marks.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from scorer import interpreter, load_scorer  # benchmarks/scorer.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.statements.article import extract_statements  # noqa: E402

DEFAULT_SCORER = ROOT.parent / "shared" / "bench" / "statements" / "score.py"
METRICS = (
    ("pred_statements", "predicted"),
    ("matched", "matched"),
    ("content_precision", "content P"),
    ("content_recall", "content R"),
    ("content_f1", "content F1"),
    ("mean_content_f1", "mean content token-F1"),
    ("source_acc", "source accuracy"),
    ("joint_precision", "joint P"),
    ("joint_recall", "joint R"),
    ("joint_f1", "joint F1"),
    ("direct_recall", "direct recall"),
    ("direct_mean_content_f1", "direct mean content F1"),
    ("direct_source_acc", "direct source accuracy"),
)
Predictor = Callable[[str], list[dict]]
_BASELINE_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_CAPITALISED = re.compile(r"\b[A-Z]\w*")
_MARKS = {"single": ("‘", "’"), "straight-single": ("'", "'")}


def british(text: str, opening: str, closing: str) -> str:
    """The text with its double quotation marks single (`opening`, `closing`) and the
    single ones nested in them double, char for char. A straight mark opens after a
    space, a bracket or a dash, else it closes; a nested quotation ends with its line."""
    out = list(text)
    nested = False
    for k, char in enumerate(text):
        before = text[k - 1] if k else " "
        if char == "“" or (char == '"' and (before.isspace() or before in "([{—–-/")):
            out[k] = opening
        elif char in "”\"":
            out[k] = closing
        elif char == "‘":
            out[k], nested = "“", True
        elif char == "’" and nested and not text[k + 1:k + 2].isalnum():
            out[k], nested = "”", False
        elif char == "\n":
            nested = False
    return "".join(out)


def predict_rules(text: str) -> list[dict]:
    """The product's extractor, in the scorer's prediction format."""
    return [{"source": {"start": s.source_span.start, "end": s.source_span.end}
             if s.source_span else None,
             "content": {"start": s.content_span.start, "end": s.content_span.end},
             "cue": {"text": s.cue}}
            for s in extract_statements(text)]


def predict_baseline(text: str) -> list[dict]:
    """The scorer's "said sentences" baseline: each sentence with " said"/" says" is the
    content, its first capitalised word the source."""
    out = []
    for m in _BASELINE_SENTENCE.finditer(text):
        sentence = m.group()
        if " said" in sentence or " says" in sentence:
            first = _CAPITALISED.search(sentence)
            out.append({"source": first.group() if first else None,
                        "content": {"start": m.start(), "end": m.end()}})
    return out


def run(predict: Predictor, gold: list[dict]) -> tuple[list[dict], float]:
    """Predictions for every article, and articles per CPU second."""
    started = time.process_time()
    rows = [{"id": g["id"], "statements": predict(g["text"])} for g in gold]
    elapsed = time.process_time() - started
    return rows, len(gold) / elapsed if elapsed else float("inf")


def half(article_id: str) -> str:
    return "AB"[zlib.crc32(article_id.encode()) % 2]


def print_table(results: dict[str, dict], speeds: dict[str, float],
                warm: dict[str, float]) -> None:
    names = list(results)
    print(f"{'metric':<26}" + "".join(f"{n:>12}" for n in names))
    for key, label in METRICS:
        cells = (f"{results[n][key]:>12.3f}" if isinstance(results[n][key], float)
                 else f"{results[n][key]:>12}" for n in names)
        print(f"{label:<26}" + "".join(cells))
    print(f"{'articles/s, first pass':<26}" + "".join(f"{speeds[n]:>12.0f}" for n in names))
    print(f"{'articles/s, best rerun':<26}" + "".join(f"{warm[n]:>12.0f}" for n in names))


def publisher(article_id: str) -> str:
    """PolNeAR ids start with the publisher: "nyt_2016-...", "wash-post_2016-..."."""
    return article_id.split("_", 1)[0]


def print_groups(scorer: ModuleType, gold: list[dict], preds: dict[str, list[dict]],
                 label: str, group: Callable[[str], str]) -> None:
    """Scores per group of articles (half, publisher), each extractor side by side."""
    for part in sorted({group(g["id"]) for g in gold}):
        sub = [g for g in gold if group(g["id"]) == part]
        ids = {g["id"] for g in sub}
        cells = []
        for name, rows in preds.items():
            res = scorer.score(sub, [r for r in rows if r["id"] in ids])
            cells.append(f"{name} F1 {res['content_f1']:.3f} src {res['source_acc']:.3f}")
        print(f"{label} {part:<12} ({len(sub):>3} articles): " + "  |  ".join(cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--out", type=Path, help="write the rules' predictions here (JSONL)")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--marks", choices=("as-is", *_MARKS), default="as-is",
                    help="rewrite the texts' quotation marks in British style first")
    args = ap.parse_args(argv)
    scorer = load_scorer(args.scorer)
    gold = scorer.read_jsonl(str(args.gold))
    if args.marks != "as-is":
        gold = [{**row, "text": british(row["text"], *_MARKS[args.marks])} for row in gold]
    predictors: dict[str, Predictor] = {"baseline": predict_baseline, "rules": predict_rules}
    preds, speeds, warm, results = {}, {}, {}, {}
    for name, predict in predictors.items():
        preds[name], speeds[name] = run(predict, gold)
        warm[name] = max(run(predict, gold)[1] for _ in range(3))
        results[name] = scorer.score(gold, preds[name])
    marks = "" if args.marks == "as-is" else f", quotation marks made {args.marks}"
    print(f"{args.gold.name}{marks}: {len(gold)} articles, "
          f"{results['rules']['gold_statements']} gold statements, "
          f"{results['rules']['direct_gold']} direct; timed on {interpreter()}")
    print_table(results, speeds, warm)
    print_groups(scorer, gold, preds, "half", half)
    print_groups(scorer, gold, preds, "publisher", publisher)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for row in preds["rules"]:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
