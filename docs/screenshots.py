"""Screenshots of the demo's digest as mailed, for the README: headless Chromium at a
phone's width (375 px, light and dark mode) and a desktop's (800 px).

    PYTHONPATH=$PWD python docs/screenshots.py        # writes docs/digest-*.png
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from pipeline.app.demo import run_demo
from pipeline.store import Store
from tests.browser import Browser

DOCS = Path(__file__).parent
SHOTS = {"digest-phone.png": (375, False), "digest-phone-dark.png": (375, True),
         "digest-desktop.png": (800, False)}


def demo_digest_html() -> str:
    """The HTML part of the digest the demo makes."""
    with tempfile.TemporaryDirectory(prefix="newswatch-shots-") as state:
        run_demo(Path(state), out=io.StringIO())
        [digest] = Store(Path(state) / "newswatch.db", read_only=True).digests()
    return digest.html


def main() -> None:
    html = demo_digest_html()
    with Browser() as browser:
        for name, (width, dark) in SHOTS.items():
            browser.open(html, width, dark)
            browser.screenshot(DOCS / name)
            print(f"{DOCS / name}: {width} px, {'dark' if dark else 'light'}")


if __name__ == "__main__":
    main()
