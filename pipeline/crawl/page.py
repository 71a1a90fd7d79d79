"""What one HTTP fetch gives the stages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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

    @cached_property
    def text(self) -> str:
        return body_text(self.body, self.content_type)
