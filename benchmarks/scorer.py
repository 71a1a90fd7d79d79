"""Load a shared benchmark scorer (score.py) from its file, so the metric is exactly theirs
and nothing of it is copied here."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"shared_score_{path.parent.name}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
