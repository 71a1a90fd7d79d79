"""What one HTTP fetch gives the stages."""

from __future__ import annotations

from dataclasses import dataclass

from .decode import body_text


@dataclass(frozen=True)
class Page:
    """One HTTP fetch result: the raw body (feeds are parsed from bytes) and its text,
    decoded when first asked for: an article page's body crosses to the worker process
    that analyses it as bytes and is decoded there, not in the fetching process.

    A 304 Not Modified gives an empty body and `unchanged` True.
    """

    url: str  # final URL after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fresh_for: float | None = None  # seconds, as the server's Cache-Control or Expires says

    @property
    def unchanged(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        """Decoded once, kept in the instance (not functools.cached_property: before
        Python 3.12 its lock is one for all pages, and 64 fetching threads would queue)."""
        text = self.__dict__.get("_text")
        if text is None:
            text = self.__dict__["_text"] = body_text(self.body, self.content_type)
        return text
