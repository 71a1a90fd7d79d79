"""What the benchmarks share: the shared scorer (score.py), loaded from its file so the
metric is exactly theirs and nothing of it is copied here, and the interpreter line that
goes with every speed figure."""

from __future__ import annotations

import importlib.util
import platform
import sys
from pathlib import Path
from types import ModuleType


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"shared_score_{path.parent.name}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def interpreter() -> str:
    """The Python that ran the timings: builds of the same version differ in speed by a
    quarter or more (compiler flags, profile-guided optimisation)."""
    return f"{platform.python_implementation()} {platform.python_version()} {sys.executable}"
