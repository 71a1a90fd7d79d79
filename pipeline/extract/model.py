"""The learned block classifier's runtime: a boosted tree ensemble read from plain JSON.

The trees are trained offline (benchmarks/train_blocks.py, scikit-learn) and stored as
flat arrays, so scoring needs no numerical library at run time. A page has a few
hundred blocks and the model a hundred-odd trees, too many node visits for a loop over
the arrays within the time trafilatura takes for a page; so the trees are turned once
into one Python function of nested comparisons, which runs several times faster. The
file names the features it was trained on; a model whose names differ from the
extractor's is refused rather than misread.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("model.json")

# One tree as parallel arrays: feature index (-1 at a leaf), threshold, left and right
# child, and the leaf value (raw score) of each node.
Tree = tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...],
             tuple[float, ...]]


@dataclass(frozen=True)
class BlockModel:
    """P(block is article body) = sigmoid(base + sum of the trees' leaf values).

    The model second-guesses the rules rather than replacing them: a block the rules
    keep goes only when its probability is below `confirm`, a block they drop comes back
    only from `overrule` up. Held out by domain, that keeps the rules' precision on news
    pages (the dev half) and adds the model's recall on the wide set.
    """

    features: tuple[str, ...]
    base: float
    confirm: float
    overrule: float
    trees: tuple[Tree, ...]

    _score: Callable[[Sequence[float]], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        namespace: dict = {}
        exec(compile(_source(self.base, self.trees), "<block model>", "exec"), namespace)
        object.__setattr__(self, "_score", namespace["score"])

    def raw_score(self, row: Sequence[float]) -> float:
        """The ensemble's log-odds that the block with these features is body text."""
        return self._score(row)

    def keeps(self, row: Sequence[float], kept_by_rules: bool) -> bool:
        """Whether the block is body text, given the rules' verdict on it."""
        probability = self.confirm if kept_by_rules else self.overrule
        return self._score(row) >= math.log(probability / (1 - probability))

    def to_json(self) -> dict:
        return {"features": list(self.features), "base": self.base, "confirm": self.confirm,
                "overrule": self.overrule, "trees": [list(map(list, t)) for t in self.trees]}

    @classmethod
    def from_json(cls, data: dict, expected: Sequence[str]) -> BlockModel:
        features = tuple(data["features"])
        if features != tuple(expected):
            raise ValueError("block model was trained on other features; retrain it")
        trees = tuple(
            (tuple(map(int, f)), tuple(map(float, t)), tuple(map(int, lo)),
             tuple(map(int, hi)), tuple(map(float, v)))
            for f, t, lo, hi, v in data["trees"])
        return cls(features, float(data["base"]), float(data["confirm"]),
                   float(data["overrule"]), trees)


def _source(base: float, trees: Sequence[Tree]) -> str:
    """Python source of `score(row)`: the base plus each tree's leaf, as nested ifs."""
    lines = ["def score(row):", f"    total = {base!r}"]

    def emit(tree: Tree, node: int, indent: str) -> None:
        feature, threshold, left, right, value = tree
        if feature[node] < 0:
            lines.append(f"{indent}total += {value[node]!r}")
            return
        lines.append(f"{indent}if row[{feature[node]}] <= {threshold[node]!r}:")
        emit(tree, left[node], indent + "    ")
        lines.append(f"{indent}else:")
        emit(tree, right[node], indent + "    ")

    for tree in trees:
        emit(tree, 0, "    ")
    lines.append("    return total")
    return "\n".join(lines) + "\n"


@cache
def load_model(expected: tuple[str, ...], path: Path = MODEL_FILE) -> BlockModel | None:
    """The shipped model, or None when the package has none (rules alone then decide)."""
    if not path.is_file():
        return None
    return BlockModel.from_json(json.loads(path.read_text(encoding="utf-8")), expected)
