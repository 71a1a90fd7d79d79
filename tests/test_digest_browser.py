"""The HTML digest in a real browser (headless Chromium): at a phone's width (375 px) and
a desktop's (800 px), in light and dark mode, it scrolls only down and has no empty
bullets."""

from __future__ import annotations

import pytest

from pipeline.app.cycle import run_once
from pipeline.digest import render_digest
from pipeline.models import DigestItem, Mention
from tests import browser
from tests.conftest import received

pytestmark = pytest.mark.skipif(not browser.available(), reason=(
    "needs Debian's chromium and chromium-driver (.ci/run installs them)"))
WIDTHS = (375, 800)


@pytest.fixture(scope="module")
def chromium():
    with browser.Browser() as b:
        yield b


def check_layout(chromium, html: str) -> None:
    backgrounds = set()
    for width in WIDTHS:
        for dark in (False, True):
            chromium.open(html, width, dark)
            shown = chromium.layout()
            assert shown["dark"] is dark and shown["width"] == width
            assert shown["scrollWidth"] <= width, (width, dark, shown)
            assert shown["emptyBullets"] == 0, (width, dark, shown)
            backgrounds.add((dark, shown["background"]))
    assert len({background for _, background in backgrounds}) == 2  # dark mode is dark


def test_the_demo_digest_as_mailed_fits_a_phone_and_a_desktop(svc, mail_server, chromium):
    run_once(svc)
    [message] = received(mail_server)
    check_layout(chromium, message.get_body(("html",)).get_content())


def test_long_unbroken_titles_and_addresses_do_not_widen_the_page(chromium):
    long = "https://presstv.example/" + "x" * 300
    item = DigestItem("Sergey Lavrov", "lavrov", "Russian Foreign Minister " * 5, "said",
                      "Unbroken" * 60, True, "2022-01-29",
                      (Mention("Press TV " * 8, long, "Headline" * 50, "2026-01-05T09:00:00Z"),))
    check_layout(chromium, render_digest("Topic " * 20, [item]).html)
