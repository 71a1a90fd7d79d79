"""Headless Chromium (Debian's chromium and chromium-driver) driven through Selenium, to
see a digest as a reader's mail client would: at a phone's and a desktop's width, in
light and dark mode."""

from __future__ import annotations

import base64
import shutil
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
MAX_SHOT_HEIGHT = 1800  # a screenshot shows the top of a long digest

# What a reader would notice: a page wider than the screen, and list bullets with
# nothing beside them.
LAYOUT_SCRIPT = """
// A bullet is drawn beside an item's first line: it is empty when no text starts there
// (the item is empty, or opens with a block whose margin moves its text down or away).
const firstText = el => {
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT,
      {acceptNode: n => n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
  const text = walk.nextNode();
  if (!text) return null;
  const range = document.createRange();
  range.selectNodeContents(text);
  return range.getClientRects()[0];
};
const shown = el => {
  const text = firstText(el), box = el.getBoundingClientRect(), style = getComputedStyle(el);
  const size = parseFloat(style.fontSize);
  const line = parseFloat(style.lineHeight) || 1.2 * size;
  return text !== null && text.top - box.top < 0.8 * line && text.left - box.left < 2 * size;
};
const bullets = [...document.querySelectorAll("body *")].filter(
    el => getComputedStyle(el).display === "list-item");
return {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
        height: document.documentElement.scrollHeight,
        bullets: bullets.length, emptyBullets: bullets.filter(el => !shown(el)).length,
        dark: matchMedia("(prefers-color-scheme: dark)").matches,
        background: getComputedStyle(document.body).backgroundColor};
"""


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


class Browser:
    """One headless Chromium for several pages; a context manager."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--hide-scrollbars"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.dir = Path(tempfile.mkdtemp(prefix="newswatch-browser-"))

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.driver.quit()
        shutil.rmtree(self.dir, ignore_errors=True)

    def open(self, html: str, width: int, dark: bool = False, height: int = 900) -> None:
        """Show `html` in a viewport `width` CSS pixels wide (a phone's below 500)."""
        page = self.dir / "page.html"
        page.write_text(html, encoding="utf-8")
        self._viewport(width, height)
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        self.driver.get(page.as_uri())

    def _viewport(self, width: int, height: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})

    def layout(self) -> dict[str, Any]:
        return self.driver.execute_script(LAYOUT_SCRIPT)

    def screenshot(self, path: Path) -> None:
        """The page from its top, as tall as its content (at most MAX_SHOT_HEIGHT)."""
        shown = self.layout()
        self._viewport(shown["width"], min(shown["height"], MAX_SHOT_HEIGHT))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))
