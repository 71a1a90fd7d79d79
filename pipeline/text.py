"""Text hygiene shared by the stages: what text from a page may carry into a parser, a
list item, a mail header, a log line or a terminal. Pure."""

from __future__ import annotations

import re

# Characters XML 1.0 (and so lxml) refuses: C0 controls but tab and line breaks, lone
# surrogates, and the two non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # C0, DEL, C1, separators
# Bidirectional controls: embeddings, overrides, isolates and marks. An unterminated
# U+202E shows the rest of a line (a link too) reversed.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROL = re.compile(f"[{_BIDI}]")
_UNPRINTABLE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_BIDI}]")
_ANY_CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_ENCODED_WORD_START = "=?"  # RFC 2047; the email package decodes it in a header it is given
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));")
_SURROGATE_PAIR = re.compile(r"&#x(D[89AB][0-9A-F]{2});&#x(D[C-F][0-9A-F]{2});")
_SURROGATE = re.compile(r"&#xD[89A-F][0-9A-F]{2};")


def words(text: str) -> list[str]:
    """The text's words, case-folded: one tokenisation for the topics' index and the
    duplicate keys, so that a page's words are read once for both."""
    return list(map(str.casefold, WORD.findall(text)))


def without_xml_invalid(text: str) -> str:
    """`text` without the characters an XML parser refuses."""
    return NOT_XML.sub("", text)


def surrogate_references_resolved(markup: str) -> str:
    """Markup with character references to UTF-16 surrogates, which some feeds write for
    an emoji ("&#55357;&#56832;"), turned into one reference to the character they spell,
    and a lone one into U+FFFD: parsers turn them into text no codec can encode.

    Only ASCII references are rewritten, so bytes decoded as Latin-1 survive unchanged.
    """
    if "&#" not in markup:
        return markup
    canonical = _CHAR_REFERENCE.sub(_canonical_surrogate, markup)
    paired = _SURROGATE_PAIR.sub(lambda m: f"&#{_pair(int(m[1], 16), int(m[2], 16))};",
                                 canonical)
    return _SURROGATE.sub("&#65533;", paired)


def _canonical_surrogate(match: re.Match[str]) -> str:
    """A reference to a surrogate as "&#xD83D;"; any other reference as it is."""
    code = int(match[1], 16) if match[1] else int(match[2])
    return f"&#x{code:X};" if 0xD800 <= code <= 0xDFFF else match[0]


def _pair(high: int, low: int) -> int:
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)


def without_bidi_controls(text: str) -> str:
    """Text from a page without bidirectional controls, which could reorder what a digest,
    a log or a terminal shows around it."""
    return _BIDI_CONTROL.sub("", text)


def control_character(text: str) -> str | None:
    """The first control character in `text` (line breaks, tabs and bidirectional
    controls included), or None."""
    found = _ANY_CONTROL.search(text)
    return found[0] if found else None


def printable(text: str) -> str:
    """Text safe to write to a terminal or a log: control characters (terminal escapes,
    bidirectional controls) and lone surrogates written as \\uXXXX, line breaks and tabs
    kept. Inside JSON
    strings that is the same character, so a JSON text stays valid and equal."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Collapse line breaks, runs of space and control characters, drop bidirectional
    controls: safe in a header, a list item or a log line, capped at `limit` characters
    (with an ellipsis).

    "=?" is broken up (by a zero-width space), or "=?utf-8?q?=0D=0ABcc:...?=" would be
    decoded into a line break, and a header, when the text is set as a mail header.
    """
    flat = " ".join(_CONTROL.sub(" ", without_bidi_controls(text)).split()).replace(
        _ENCODED_WORD_START, "=\u200b?")
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"
