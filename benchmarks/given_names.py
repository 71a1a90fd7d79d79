"""Build pipeline/statements/given_names.tsv: given names that nearly always name one gender.

    pip install --no-deps 'nomquamgender>=0.1.4' && python benchmarks/given_names.py

"He told detectives ..." after "John Smith told police ... Mary Brown arrived" stands for
Smith: a reader knows Mary is a woman's name. The table is general knowledge, not fitted
to any benchmark: it is taken whole from nomquamgender's name data (MIT licence,
https://github.com/ianvanbuskirk/nomquamgender; counts of names by gender from 36 public
sources), keeping the names seen at least MIN_COUNT times in at least MIN_SOURCES sources
whose share of one gender is at least SHARE. The thresholds were set before any
measurement and not tuned.
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pipeline" / "statements" / "given_names.tsv"
MIN_COUNT, MIN_SOURCES, SHARE = 200, 3, 0.97
HEADER = """\
# Given names and the gender they nearly always name (m/f), for pronoun resolution.
# Built by benchmarks/given_names.py from nomquamgender's name data:
# Copyright (c) 2022 Ian Van Buskirk, MIT licence (https://github.com/ianvanbuskirk/nomquamgender).
"""


def gendered(data: dict[str, list]) -> list[tuple[str, str]]:
    """(name, "m" or "f") for the names one gender holds at least SHARE of."""
    out = []
    for name, (sources, count, female_share, *_rest) in data.items():
        if name.isalpha() and count >= MIN_COUNT and sources >= MIN_SOURCES:
            if female_share >= SHARE:
                out.append((name, "f"))
            elif female_share <= 1 - SHARE:
                out.append((name, "m"))
    return sorted(out)


def main() -> None:
    spec = find_spec("nomquamgender")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed: pip install --no-deps nomquamgender")
    folder = Path(spec.submodule_search_locations[0])
    data = json.loads((folder / "name_data.json").read_text(encoding="utf-8"))
    rows = gendered(data)
    OUT.write_text(HEADER + "".join(f"{name}\t{g}\n" for name, g in rows), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} names "
          f"({sum(g == 'f' for _, g in rows)} f, {sum(g == 'm' for _, g in rows)} m)")


if __name__ == "__main__":
    main()
