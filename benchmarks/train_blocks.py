"""Train the block classifier (pipeline/extract/model.json) and cross-validate it.

    python benchmarks/train_blocks.py [--cv] [--write] [--cache FEATURES.pkl]

Pages come from the shared dev half and the wide set (../shared/bench/extraction and
extraction-wide). Each block of a page is labelled body when most of its word 4-grams
are in the page's ground truth, and weighted by its share of the page's text, so every
page counts about the same, as it does in the scorer's per-page averages.

The two thresholds of the model (see BlockModel) are chosen on pages it never saw: on
the out-of-fold probabilities of five folds grouped by domain, the pair with the best
mean F1 over the four collections that keeps the dev half at 0.98. --cv then scores
held-out pages two ways: those folds, and leaving one collection out (dev half, wcxb,
fundus, readability) while training on the other three; each prints F1 per collection
and per language beside the rules alone and trafilatura. --write trains on every page
and stores the trees and thresholds as plain JSON (read by pipeline/extract/model.py).
--cache keeps trafilatura's output per page (the slow part) between runs; the feature
rows are made anew each run, so a changed feature needs no stale cache cleared.
Training needs scikit-learn (the `train` extra); the extractor does not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import numpy as np
import trafilatura
from scorer import load_scorer  # benchmarks/scorer.py, beside this script
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml.html import Element  # noqa: E402

from pipeline.extract.article import (  # noqa: E402
    FEATURES,
    Block,
    _parse,
    _segment,
    _unaligned_text,
    _vote,
    block_rows,
    finish_body,
)
from pipeline.extract.model import MODEL_FILE, BlockModel  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
WORD = re.compile(r"\w+")  # the scorer's tokens
SEED = 14
PARAMS = {"max_iter": 150, "learning_rate": 0.1, "max_leaf_nodes": 12,
          "min_samples_leaf": 40, "l2_regularization": 1.0, "early_stopping": False,
          "random_state": SEED}
# The thresholds tried (probability under which a block the rules keep goes, and from
# which one they drop comes back) and the least dev-half F1 a choice must keep.
CONFIRMS = (0.1, 0.2, 0.3, 0.4, 0.5)
OVERRULES = (0.5, 0.6, 0.7, 0.8, 0.9)
DEV_FLOOR = 0.98
NEWS_WEIGHT = 3.0
COLLECTIONS = ("dev", "wcxb", "fundus", "readability")


def pages() -> list[dict]:
    """Every page of the dev half and the wide set, with collection, language, domain."""
    out = []
    truth = json.loads((BENCH / "extraction" / "ground-truth.json").read_text("utf-8"))
    for doc_id in sorted(truth):
        url = truth[doc_id].get("url") or ""
        out.append({"id": doc_id, "dir": BENCH / "extraction", "collection": "dev",
                    "lang": "en", "domain": urlsplit(url).netloc.removeprefix("www."),
                    "url": url, "truth": truth[doc_id].get("articleBody") or ""})
    wide = BENCH / "extraction-wide"
    truth = json.loads((wide / "ground-truth.json").read_text("utf-8"))
    for line in (wide / "manifest.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        doc_id = entry["id"]
        # a site: wcxb names its domain, fundus its publisher, readability its fixture
        site = entry.get("domain") or entry.get("publisher") or entry["src"].split()[0]
        out.append({"id": doc_id, "dir": wide, "collection": entry["subset"],
                    "lang": entry["lang"], "domain": site,
                    "url": truth[doc_id].get("url") or "",
                    "truth": truth[doc_id].get("articleBody") or ""})
    return sorted(out, key=lambda p: p["id"])


def _html(page: dict) -> str:
    raw = gzip.decompress((page["dir"] / "html" / f"{page['id']}.html.gz").read_bytes())
    return raw.decode("utf-8", "replace")


def _labels(texts: list[str], truth: str) -> tuple[list[int], list[float]]:
    """Body label and weight per block: most of its 4-grams in the truth (short blocks:
    its words in a row there); weight = its 4-grams over the page's."""
    words = WORD.findall(truth)
    grams = {tuple(words[i:i + 4]) for i in range(len(words) - 3)}
    joined = f" {' '.join(words)} "
    sizes, labels = [], []
    for text in texts:
        tokens = WORD.findall(text)
        if len(tokens) >= 4:
            shingles = [tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)]
            share = sum(s in grams for s in shingles) / len(shingles)
        else:
            share = float(bool(tokens) and f" {' '.join(tokens)} " in joined)
        labels.append(int(share >= 0.5))
        sizes.append(max(1, len(tokens) - 3))
    total = max(sum(s for s, y in zip(sizes, labels, strict=True) if y), 50)
    return labels, [s / total for s in sizes]


def _page_weight(page: dict) -> float:
    """News pages (the dev half) count more than the wide set's other pages: news is what
    the extractor is for, and they are a tenth of the pages."""
    return NEWS_WEIGHT if page["collection"] == "dev" else 1.0


def _trafilatura_outputs(page: dict) -> tuple[str, dict[str, str]]:
    html = _html(page)
    tree = _parse(html)
    voted = _vote(tree, page["url"], _segment(tree)) if tree is not None else ""
    return page["id"], {"voted": voted,
                        "trafilatura": trafilatura.extract(html, url=page["url"] or None) or ""}


def _page_table(job: tuple[dict, str]) -> dict:
    page, voted = job
    texts, judged, rows = block_rows(_html(page), page["url"], voted)
    labels, weights = _labels(texts, page["truth"])
    weight = _page_weight(page)
    return {"id": page["id"], "texts": [texts[k] for k in judged], "index": judged,
            "rows": rows, "labels": [labels[k] for k in judged],
            "weights": [weights[k] * weight for k in judged],
            "unaligned": "" if rows else _unaligned_text(voted)}


def tables(all_pages: list[dict], cache: Path | None) -> dict[str, dict]:
    """Feature rows, labels and trafilatura's text per page (two worker processes);
    trafilatura's outputs are kept in `cache` between runs."""
    with Pool(2) as pool:
        if cache and cache.is_file():
            outputs = pickle.loads(cache.read_bytes())
        else:
            outputs = dict(pool.imap(_trafilatura_outputs, all_pages, chunksize=8))
            if cache:
                cache.write_bytes(pickle.dumps(outputs))
        jobs = [(page, outputs[page["id"]]["voted"]) for page in all_pages]
        result = {t["id"]: t for t in pool.imap(_page_table, jobs, chunksize=8)}
    for doc_id, table in result.items():
        table["trafilatura"] = outputs[doc_id]["trafilatura"]
    return result


class Matrix:
    """The judged blocks of all pages as arrays, so folds are row masks, not copies."""

    def __init__(self, data: dict[str, dict]) -> None:
        self.ids = list(data)
        self.page = np.repeat(np.arange(len(self.ids)),
                              [len(data[i]["rows"]) for i in self.ids])
        self.x = np.array([r for i in self.ids for r in data[i]["rows"]], dtype=np.float64)
        self.y = np.array([v for i in self.ids for v in data[i]["labels"]])
        self.w = np.array([v for i in self.ids for v in data[i]["weights"]])
        self.index = [k for i in self.ids for k in data[i]["index"]]
        self.texts = [t for i in self.ids for t in data[i]["texts"]]
        self.unaligned = {i: data[i]["unaligned"] for i in self.ids}
        self.blocks, self.chosen = self._stand_ins()

    def _stand_ins(self) -> tuple[list[Block], dict[int, set[int]]]:
        """Each row's block as `finish_body` needs it, made of what its features record,
        and each page's anchored blocks: made once, as every threshold pair tried
        predicts all pages."""
        column = {name: FEATURES.index(name) for name in ("tag-h2", "link-density", "anchor")}
        blocks, chosen = [], defaultdict(set)
        for row, (index, text) in enumerate(zip(self.index, self.texts, strict=True)):
            if self.x[row, column["anchor"]]:
                chosen[int(self.page[row])].add(index)
            tag = "h2" if self.x[row, column["tag-h2"]] else "p"
            links = round(self.x[row, column["link-density"]] * len(text))
            blocks.append(Block.of(index, text, Element(tag), links))
        return blocks, chosen

    def rows_of(self, ids: list[str]) -> np.ndarray:
        wanted = set(ids)
        return np.isin(self.page, [n for n, i in enumerate(self.ids) if i in wanted])


def fit(matrix: Matrix, ids: list[str]) -> HistGradientBoostingClassifier:
    rows = matrix.rows_of(ids)
    model = HistGradientBoostingClassifier(**PARAMS)
    model.fit(matrix.x[rows], matrix.y[rows], sample_weight=matrix.w[rows])
    return model


def export(model: HistGradientBoostingClassifier, confirm: float, overrule: float
           ) -> BlockModel:
    """The fitted trees as plain arrays (split: feature value <= threshold goes left)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append((
            tuple(-1 if lf else int(f) for f, lf in zip(nodes["feature_idx"], leaf, strict=True)),
            tuple(float(t) for t in nodes["num_threshold"]),
            tuple(int(x) for x in nodes["left"]), tuple(int(x) for x in nodes["right"]),
            tuple(float(v) if lf else 0.0 for v, lf in zip(nodes["value"], leaf, strict=True)),
        ))
    base = float(np.ravel(model._baseline_prediction)[0])
    return BlockModel(FEATURES, base, confirm, overrule, tuple(trees))


def out_of_fold(matrix: Matrix, all_pages: list[dict], group_of: Callable[[dict], object]
                ) -> np.ndarray:
    """Each judged block's probability of being body, from a model trained without its
    page's group."""
    proba = np.zeros(len(matrix.y))
    for group in sorted({group_of(p) for p in all_pages}, key=str):
        test = [p["id"] for p in all_pages if group_of(p) == group]
        rows = matrix.rows_of(test)
        model = fit(matrix, [p["id"] for p in all_pages if group_of(p) != group])
        proba[rows] = model.predict_proba(matrix.x[rows])[:, 1]
    return proba


def predict(matrix: Matrix, proba: np.ndarray, confirm: float, overrule: float
            ) -> dict[str, str]:
    """Each page's text as the extractor would give it: the blocks the model keeps but
    titles, then `finish_body`, on the matrix's stand-in blocks."""
    kept = matrix.x[:, FEATURES.index("kept")] > 0
    keep = proba >= np.where(kept, confirm, overrule)
    titles = matrix.x[:, [FEATURES.index("is-title"), FEATURES.index("tag-h1")]]
    keep &= ~titles.any(axis=1)  # as extract_with: titles are metadata, never body
    body: dict[int, list[Block]] = defaultdict(list)
    for row in np.flatnonzero(keep):
        body[int(matrix.page[row])].append(matrix.blocks[row])
    texts = dict(matrix.unaligned)  # pages without aligned blocks: trafilatura's text
    for page, blocks in body.items():
        kept_blocks = finish_body(blocks, matrix.chosen[page])
        texts[matrix.ids[page]] = "\n\n".join(block.text for block in kept_blocks)
    return texts


def rules_only(data: dict[str, dict]) -> dict[str, str]:
    kept = FEATURES.index("kept")
    return {i: "\n\n".join(t for t, r in zip(d["texts"], d["rows"], strict=True) if r[kept])
            or d["unaligned"] for i, d in data.items()}


def _groups(all_pages: list[dict]) -> dict[str, list[str]]:
    """Page ids per collection, of the wide set, and per language of the wide set."""
    groups: dict[str, list[str]] = defaultdict(list)
    for page in all_pages:
        groups[page["collection"]].append(page["id"])
        if page["collection"] != "dev":
            groups["wide"].append(page["id"])
            groups[f"lang {page['lang']}"].append(page["id"])
    return groups


def f1(scorer: ModuleType, all_pages: list[dict], texts: dict[str, str], ids: list[str]
       ) -> dict:
    truth = {p["id"]: {"articleBody": p["truth"]} for p in all_pages}
    result, _ = scorer.evaluate(truth, texts, ids, n_bootstrap=0)
    return result


def calibrate(scorer: ModuleType, all_pages: list[dict], matrix: Matrix, proba: np.ndarray
              ) -> tuple[float, float]:
    """The (confirm, overrule) pair with the best mean F1 over the collections among those
    keeping the dev half at DEV_FLOOR (the best overall when none does)."""
    groups = _groups(all_pages)
    best: tuple[bool, float, float, float] = (False, -1.0, 0.0, 0.0)
    for confirm in CONFIRMS:
        for overrule in OVERRULES:
            texts = predict(matrix, proba, confirm, overrule)
            scores = [f1(scorer, all_pages, texts, groups[c])["f1"] for c in COLLECTIONS]
            mean = sum(scores) / len(scores)
            best = max(best, (scores[0] >= DEV_FLOOR, mean, confirm, overrule))
    return best[2], best[3]


def report(scorer: ModuleType, all_pages: list[dict], columns: dict[str, dict[str, str]]) -> None:
    """F1 (P/R) of each prediction set per collection, the wide set and language."""
    groups = _groups(all_pages)
    names = ["dev", "wide", "wcxb", "fundus", "readability",
             *sorted(g for g in groups if g.startswith("lang") and len(groups[g]) >= 8)]
    print(f"{'group':<12} {'pages':>5} " + " ".join(f"{c:>22}" for c in columns))
    for name in names:
        cells = []
        for texts in columns.values():
            result = f1(scorer, all_pages, texts, groups[name])
            cells.append(f"{result['f1']:.3f} ({result['precision']:.3f}/{result['recall']:.3f})")
        print(f"{name:<12} {len(groups[name]):>5} " + " ".join(f"{c:>22}" for c in cells))


def domain_folds(all_pages: list[dict]) -> Callable[[dict], object]:
    """Five folds of whole domains, seeded."""
    domains = sorted({p["domain"] for p in all_pages})
    random.Random(SEED).shuffle(domains)
    fold_of = {d: n % 5 for n, d in enumerate(domains)}
    return lambda p: fold_of[p["domain"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate and report")
    parser.add_argument("--write", action="store_true", help=f"train on all, write {MODEL_FILE}")
    parser.add_argument("--cache", type=Path, help="keep the feature table here between runs")
    args = parser.parse_args(argv)
    scorer = load_scorer(BENCH / "extraction" / "score.py")
    all_pages = pages()
    data = tables(all_pages, args.cache)
    matrix = Matrix(data)
    by_domain = out_of_fold(matrix, all_pages, domain_folds(all_pages))
    confirm, overrule = calibrate(scorer, all_pages, matrix, by_domain)
    print(f"thresholds chosen held out: confirm {confirm}, overrule {overrule}", flush=True)
    if args.write:
        model = export(fit(matrix, [p["id"] for p in all_pages]), confirm, overrule)
        MODEL_FILE.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n",
                              encoding="utf-8")
        print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size // 1024} KiB, "
              f"{len(model.trees)} trees)", flush=True)
    if args.cv:
        baseline = {i: d["trafilatura"] for i, d in data.items()}
        rules = rules_only(data)
        schemes = {"5 folds by domain": by_domain, "leave one collection out":
                   out_of_fold(matrix, all_pages, lambda p: p["collection"])}
        for scheme, proba in schemes.items():
            print(f"\n{scheme}: learned (held out) vs rules alone vs trafilatura")
            report(scorer, all_pages, {"learned": predict(matrix, proba, confirm, overrule),
                                       "rules": rules, "trafilatura": baseline})
    return 0


if __name__ == "__main__":
    sys.exit(main())
