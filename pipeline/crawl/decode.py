"""Bytes -> text, for pages, feeds and sitemaps alike. Pure."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..text import without_xml_invalid

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']\s*([\w.:-]+)""")
# Python codecs that are no charset a page can be written in: they would apply the page's
# own backslash escapes or punycode (and may give lone surrogates).
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode",
                           "undefined"})
GZIP_MAGIC = b"\x1f\x8b"
_C0_NOT_XML = bytes(b for b in range(0x20) if b not in b"\t\n\r")


def _charset_of(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return _codec(match[1]) if match else None


def _codec(name: str) -> str | None:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec in _NOT_CHARSETS else codec


def _utf8_text(body: bytes) -> str:
    """A UTF-8 body as text without the characters XML refuses, a few times faster than
    the regex over a page's text: valid UTF-8 holds no surrogates, and its C0 controls are
    single bytes, deleted from the bytes; U+FFFE and U+FFFF are rare and searched for
    first. Raises UnicodeDecodeError when the body is not UTF-8."""
    text = body.decode("utf-8")
    stripped = body.translate(None, _C0_NOT_XML)
    if len(stripped) != len(body):
        text = stripped.decode("utf-8")
    return without_xml_invalid(text) if "\ufffe" in text or "\uffff" in text else text


def body_text(body: bytes, content_type: str = "") -> str:
    """The text of a fetched body: none for a gzip file (a sitemap, read as bytes)."""
    return decode_body(body, content_type) if body[:2] != GZIP_MAGIC else ""


def decode_body(body: bytes, content_type: str = "") -> str:
    """Best-guess text of a body: BOM, then valid UTF-8, then declared charsets, then a guess.

    Valid UTF-8 wins over a contradicting header because servers often default to
    ISO-8859-1 while the page is UTF-8; the reverse almost never decodes cleanly.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return without_xml_invalid(body[len(bom):].decode(codec, errors="replace"))
    try:
        return _utf8_text(body)
    except UnicodeDecodeError:
        pass
    declared = [_charset_of(content_type)]
    for pattern in (_XML_ENCODING, _META_CHARSET):  # <?xml encoding="">, <meta charset="">
        match = pattern.search(body[:4096])
        declared.append(_codec(match[1].decode("ascii", "ignore")) if match else None)
    for codec in filter(None, declared):
        try:  # declared UTF-8 with a few bad bytes is still UTF-8
            errors = "replace" if codec == "utf-8" else "strict"
            return without_xml_invalid(body.decode(codec, errors=errors))
        except (UnicodeError, LookupError):  # LookupError: bytes codecs such as hex or zlib
            continue
    guess = from_bytes(body[:200_000]).best()
    return without_xml_invalid(body.decode(guess.encoding if guess else "utf-8", errors="replace"))
