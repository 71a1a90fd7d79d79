"""The learned block classifier's runtime: a boosted tree ensemble read from plain JSON.

The trees are trained offline (benchmarks/train_blocks.py, scikit-learn) and stored as
flat arrays, so scoring needs no numerical library at run time. A page has a few
hundred blocks and the model a hundred-odd trees, too many node visits for a loop over
the arrays within the time trafilatura takes for a page; so the trees are turned once
into Python functions of nested comparisons, which run several times faster; the one
that decides stops once the trees left cannot change its answer. The file names the
features it was trained on; a model whose names differ from the extractor's is refused
rather than misread.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("model.json")
_CHECK = 25  # trees between two checks whether the rest can still change a decision
_MARGIN = 1e-9  # log-odds; keeps a decision made early equal to the full sum's

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
    _reaches: Callable[[Sequence[float], float], bool] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        namespace: dict = {}
        source = _source(self.base, self.trees, len(self.features))
        exec(compile(source, "<block model>", "exec"), namespace)
        object.__setattr__(self, "_score", namespace["score"])
        object.__setattr__(self, "_reaches", namespace["reaches"])

    def raw_score(self, row: Sequence[float]) -> float:
        """The ensemble's log-odds that the block with these features is body text."""
        return self._score(row)

    def keeps(self, row: Sequence[float], kept_by_rules: bool) -> bool:
        """Whether the block is body text, given the rules' verdict on it."""
        probability = self.confirm if kept_by_rules else self.overrule
        return self._reaches(row, math.log(probability / (1 - probability)))

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


def _source(base: float, trees: Sequence[Tree], width: int) -> str:
    """Python source of `score(row)`, the base plus each tree's leaf as nested ifs, and of
    `reaches(row, threshold)`, whether that sum reaches the threshold. Most blocks are
    plainly body or plainly not long before the last tree, so every _CHECK trees
    `reaches` answers as soon as the extreme leaves of the trees left could not change
    its answer (with _MARGIN against rounding): the same answer, about 40% fewer trees.
    Both unpack the row of `width` features into local names first: each node's test
    then reads a local rather than indexing the row, a fifth quicker."""
    unpack = f"    {', '.join(_name(i) for i in range(width))}, = row"
    score = ["def score(row):", unpack, f"    total = {base!r}"]
    reaches = ["def reaches(row, threshold):", unpack, f"    total = {base!r}"]
    lowest = [min(v for f, v in zip(t[0], t[4], strict=True) if f < 0) for t in trees]
    highest = [max(v for f, v in zip(t[0], t[4], strict=True) if f < 0) for t in trees]
    for n, tree in enumerate(trees):
        leaf = _tree_source(tree)
        score.extend(leaf)
        reaches.extend(leaf)
        if (n + 1) % _CHECK == 0 and n + 1 < len(trees):
            low, high = sum(lowest[n + 1:]) - _MARGIN, sum(highest[n + 1:]) + _MARGIN
            reaches.append(f"    if total + {low!r} >= threshold: return True")
            reaches.append(f"    if total + {high!r} < threshold: return False")
    score.append("    return total")
    reaches.append("    return total >= threshold")
    return "\n".join([*score, *reaches]) + "\n"


def _tree_source(tree: Tree) -> list[str]:
    """Lines adding the tree's leaf for `row` to `total`, as nested ifs."""
    lines: list[str] = []

    def emit(node: int, indent: str) -> None:
        feature, threshold, left, right, value = tree
        if feature[node] < 0:
            lines.append(f"{indent}total += {value[node]!r}")
            return
        lines.append(f"{indent}if {_name(feature[node])} <= {threshold[node]!r}:")
        emit(left[node], indent + "    ")
        lines.append(f"{indent}else:")
        emit(right[node], indent + "    ")

    emit(0, "    ")
    return lines


def _name(feature: int) -> str:
    """The local name of a feature in the generated source."""
    return f"f{feature}"


@cache
def load_model(expected: tuple[str, ...], path: Path = MODEL_FILE) -> BlockModel | None:
    """The shipped model, or None when the package has none (rules alone then decide)."""
    if not path.is_file():
        return None
    return BlockModel.from_json(json.loads(path.read_text(encoding="utf-8")), expected)
