"""Article extraction benchmark: newswatch vs trafilatura on the same pages, in one run.

    python benchmarks/extraction.py --data DIR [--ids FILE] [--by subset lang] [--out PRED.json]

DIR holds html/<id>.html.gz and ground-truth.json ({id: {"articleBody", "url"}}), as the
shared dev set does. Every extractor sees each page in turn, so their times compare on
the same machine state. Scores come from the shared scorer (loaded from --scorer), so
the metric is exactly theirs. "newswatch" is the extractor as shipped (the learned block
classifier when pipeline/extract/model.json exists), "rules" the same without the model.
The shipped model was trained on the dev half and the wide set (benchmarks/train_blocks.py),
so its figures here are on pages it has seen; that script's --cv gives held-out ones.

--by groups the pages by a manifest.jsonl field of DIR (subset, lang) and prints one
table per group of at least --min-pages pages, after the whole set's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import trafilatura
from scorer import interpreter, load_scorer  # benchmarks/scorer.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract.article import extract_article, extract_with  # noqa: E402

Extractor = Callable[[str, str], str]
EXTRACTORS: dict[str, Extractor] = {
    "newswatch": lambda html, url: extract_article(html, url).text,
    "rules": lambda html, url: extract_with(html, url, None).text,
    "trafilatura": lambda html, url: trafilatura.extract(html, url=url) or "",
}


def read_ids(data: Path, ids_file: Path | None) -> tuple[dict, list[str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    if ids_file is None:
        return truth, sorted(truth)
    ids = [line.strip() for line in ids_file.read_text(encoding="utf-8").splitlines()]
    return truth, [i for i in ids if i]


def run(data: Path, truth: dict, ids: list[str]) -> tuple[dict, dict]:
    """Predictions and seconds per page of each extractor, each page given to all in turn."""
    preds: dict[str, dict[str, str]] = {name: {} for name in EXTRACTORS}
    seconds: dict[str, dict[str, float]] = {name: {} for name in EXTRACTORS}
    progress = sys.stderr.isatty()
    order = list(EXTRACTORS.items())
    for n, doc_id in enumerate(ids, 1):
        raw = gzip.decompress((data / "html" / f"{doc_id}.html.gz").read_bytes())
        html, url = raw.decode("utf-8", "replace"), truth[doc_id].get("url") or ""
        for name, extract in order[n % len(order):] + order[:n % len(order)]:  # take turns
            start = time.perf_counter()
            preds[name][doc_id] = extract(html, url)
            seconds[name][doc_id] = time.perf_counter() - start
        if progress:
            print(f"\r{n}/{len(ids)}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return preds, seconds


def groups(data: Path, ids: list[str], field: str, min_pages: int) -> dict[str, list[str]]:
    """The pages by a manifest field, largest group first, groups of min_pages or more."""
    manifest = data / "manifest.jsonl"
    if not manifest.is_file():
        raise SystemExit(f"--by needs {manifest}")
    value = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        value[entry["id"]] = str(entry.get(field, "?"))
    by: dict[str, list[str]] = {}
    for doc_id in ids:
        by.setdefault(value.get(doc_id, "?"), []).append(doc_id)
    return {name: members for name, members in sorted(by.items(), key=lambda g: -len(g[1]))
            if len(members) >= min_pages}


def table(scorer: ModuleType, truth: dict, ids: list[str], preds: dict,
          seconds: dict[str, dict[str, float]]) -> str:
    rows = [f"{'extractor':<12} | {'F1':>6} | {'precision':>9} | {'recall':>6} | {'ms/page':>7}"]
    rows.append("-" * len(rows[0]))
    for name, texts in preds.items():
        result, _ = scorer.evaluate(truth, texts, ids, n_bootstrap=0)
        ms = 1000 * sum(seconds[name][i] for i in ids) / max(1, len(ids))
        rows.append(f"{name:<12} | {result['f1']:6.3f} | {result['precision']:9.3f} | "
                    f"{result['recall']:6.3f} | {ms:7.1f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="dev set directory")
    parser.add_argument("--ids", type=Path, help="file with one id per line; only these")
    parser.add_argument("--by", nargs="+", default=[], choices=("subset", "lang"),
                        help="also one table per group of pages")
    parser.add_argument("--min-pages", type=int, default=8, help="smallest group shown")
    parser.add_argument("--out", type=Path, help="write newswatch predictions here (JSON)")
    parser.add_argument("--scorer", type=Path,
                        default=ROOT.parent / "shared" / "bench" / "extraction" / "score.py")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.scorer)
    truth, ids = read_ids(args.data, args.ids)
    preds, seconds = run(args.data, truth, ids)
    if args.out:
        output = {i: {"articleBody": text} for i, text in preds["newswatch"].items()}
        args.out.write_text(json.dumps(output, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(ids)} pages from {args.data}; timed on {interpreter()}")
    print(table(scorer, truth, ids, preds, seconds))
    for field in args.by:
        for name, members in groups(args.data, ids, field, args.min_pages).items():
            print(f"\n{field} {name}: {len(members)} pages")
            print(table(scorer, truth, members, preds, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
