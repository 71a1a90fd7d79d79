"""Text hygiene shared by the stages: what text from a page may carry into a parser, a
list item, a mail header, a log line or a terminal. Pure."""

from __future__ import annotations

import re

# Characters XML 1.0 (and so lxml) refuses: C0 controls but tab and line breaks, lone
# surrogates, and the two non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # C0, DEL, C1, separators
_ENCODED_WORD_START = "=?"  # RFC 2047; the email package decodes it in a header it is given


def without_xml_invalid(text: str) -> str:
    """`text` without the characters an XML parser refuses."""
    return NOT_XML.sub("", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Collapse line breaks, runs of space and control characters: safe in a header, a
    list item or a log line, capped at `limit` characters (with an ellipsis).

    "=?" is broken up (by a zero-width space), or "=?utf-8?q?=0D=0ABcc:...?=" would be
    decoded into a line break, and a header, when the text is set as a mail header.
    """
    flat = " ".join(_CONTROL.sub(" ", text).split()).replace(_ENCODED_WORD_START, "=\u200b?")
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"
