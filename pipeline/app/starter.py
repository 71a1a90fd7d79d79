"""`newswatch init`: a commented starter config, so that a first run outside the
repository does not begin with "config file not found"."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ..errors import UsageError


def starter_config() -> str:
    return files(__package__).joinpath("starter.toml").read_text(encoding="utf-8")


def write_starter(path: Path) -> None:
    """Write the starter config to `path` (and its directory); never over a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(starter_config())
    except FileExistsError:
        raise UsageError(f"{path} already exists; edit it, or give another path "
                         "(newswatch init OTHER.toml)") from None
