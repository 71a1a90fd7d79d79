"""When are two texts the same article? Pure functions; the store asks them.

An exact fingerprint of the normalised words finds a copy word for word. A MinHash
signature of the text's 5-word shingles, cut into bands, finds the syndicated copies that
differ by a headline, a changed sentence or an agency tag line: two texts whose shingle
sets overlap by half or more share at least one band with a probability above 99.9%,
while unrelated texts almost never do. The store indexes the bands, so finding the
candidates costs the same whatever the size of the archive; a stored sample of each
text's shingles rules most candidates out (`may_be_near_copy`), and `is_near_copy`
confirms the rest on the full texts. (The same article under two URLs is
`urls.canonical_url`.)

The signature is one-permutation MinHash (one hash per shingle, the minimum kept in each
of `BINS` bins, empty bins filled from their neighbour), so a text of n words costs about
n hash computations, not n times the number of hash functions.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import zlib
from array import array
from collections.abc import Iterable
from itertools import accumulate, pairwise
from operator import add
from typing import NamedTuple

from .text import words

SHINGLE = 5
BINS = 48
BAND_ROWS = 2  # 24 bands: P(shared band) = 1 - (1 - J**2)**24, 0.999 at Jaccard 0.5
STATEMENT_BINS = 24
MIN_SHINGLES = 20  # fewer (about 24 words): too short to call a near-copy
SAMPLE = 64  # a stored text's lowest shingle hashes: a uniform sample of its shingles
SURE = 4.0  # standard deviations: how far below a copy's share a sample must fall
NEAR_COPY = 0.7  # share of the smaller text's shingles found in the larger
_MASK32 = 0xFFFFFFFF
_EMPTY = 1 << 32  # above every value a bin can hold
_HASH_BYTES = array("I").itemsize  # a packed shingle hash (4)
_GOLDEN = 0x9E3779B1  # 2**32 / golden ratio, odd: a multiplier that spreads all bits


class TextKeys(NamedTuple):
    """What the store files an article's text under: the exact fingerprint and the band
    keys of its MinHash signature; its shingles, packed (see `packed`), to check the
    candidate copies without reading the text's words again; and their sample, stored
    for later texts' checks (see `sample`)."""

    fingerprint: str
    bands: list[int]
    shingles: bytes
    lowest: bytes

    @property
    def shingle_count(self) -> int:
        """How many distinct shingles the text has."""
        return len(self.shingles) // _HASH_BYTES


def text_fingerprint(text: str) -> str:
    """Same words in the same order -> same fingerprint, whatever the spacing, case and
    punctuation."""
    return _fingerprint(" ".join(words(text)))


def _fingerprint(joined: str) -> str:
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def shingles(text: str) -> set[int]:
    """Hashes of the text's 5-word runs (case- and punctuation-insensitive)."""
    w = words(text)
    return _shingles(w, " ".join(w))


def _shingles(w: list[str], joined: str) -> set[int]:
    """The hash of each run of SHINGLE words: the CRC-32 of its words joined by spaces,
    read as a slice of the whole text's encoding (`joined`, the words joined by spaces)
    rather than joined and encoded once per run.

    CRC-32 is fast but linear, so similar runs would get related hashes; a multiply and
    shift spread them, so that the bins' minima behave as independent draws.
    """
    runs = len(w) - SHINGLE + 1
    if runs <= 0:
        return set()
    data = joined.encode()
    sizes = map(len, w) if len(data) == len(joined) else map(len, map(str.encode, w))
    ends = list(accumulate(sizes))  # bytes of words 0..k; word k starts at ends[k-1] + k
    starts = [0, *map(add, ends[: runs - 1], range(1, runs))]
    stops = map(add, ends[SHINGLE - 1:], range(SHINGLE - 1, len(w)))
    crcs = map(zlib.crc32, map(data.__getitem__, map(slice, starts, stops)))
    return {(h := crc * _GOLDEN & _MASK32) ^ (h >> 15) for crc in crcs}


def text_keys(text: str) -> TextKeys:
    """The text's fingerprint and band keys, from one pass over its words (a worker
    process computes them with the page's analysis)."""
    return keys_of_words(words(text))


def keys_of_words(w: list[str]) -> TextKeys:
    """text_keys of a text whose `words` are `w`."""
    joined = " ".join(w)
    hashes = _shingles(w, joined)
    return TextKeys(_fingerprint(joined), band_keys(signature(hashes)), packed(hashes),
                    sample(hashes))


def packed(hashes: Iterable[int]) -> bytes:
    """Shingle hashes as 4 bytes each: a tenth of a set's memory, and one copy to pickle
    from a worker process."""
    return array("I", hashes).tobytes()


def unpacked(data: bytes) -> set[int]:
    hashes = array("I")
    hashes.frombytes(data)
    return set(hashes)


def sample(hashes: set[int]) -> bytes:
    """The SAMPLE lowest shingle hashes, packed: hashes are as good as random, so these
    are a uniform sample of the text's shingles, stored with their number to rule out
    most candidate copies without reading their texts (see `may_be_near_copy`)."""
    return packed(heapq.nsmallest(SAMPLE, hashes))


def signature(hashes: set[int], bins: int = BINS) -> tuple[int, ...]:
    """One-permutation MinHash: the smallest hash in each of `bins` bins (bin = hash mod
    bins); an empty bin takes the next filled one's value, shifted by the distance, so
    short texts still give a full signature. () for a text without shingles."""
    if not hashes:
        return ()
    mins = [_EMPTY] * bins
    for h in hashes:
        b = h % bins
        if h < mins[b]:
            mins[b] = h
    filled = []
    for i in range(bins):
        distance = 0
        while mins[(i + distance) % bins] == _EMPTY:
            distance += 1
        filled.append((mins[(i + distance) % bins] + distance * _GOLDEN) & _MASK32)
    return tuple(filled)


def band_keys(sig: tuple[int, ...], rows: int = BAND_ROWS, scope: str = "") -> list[int]:
    """One signed 64-bit key per band of `rows` values (SQLite integers are signed);
    `scope` (a speaker) makes equal bands of different scopes different keys."""
    keys = []
    for start in range(0, len(sig), rows):
        band = f"{scope}:{start}:{sig[start:start + rows]}".encode()
        keys.append(int.from_bytes(hashlib.blake2b(band, digest_size=8).digest(), signed=True))
    return keys


def is_near_copy(a: set[int], b: set[int]) -> bool:
    """Most 5-word runs of the shorter text also occur in the longer one: the same article
    with another headline, a sentence changed, an agency line added, or trimmed."""
    smaller = min(len(a), len(b))
    return smaller >= MIN_SHINGLES and len(a & b) >= NEAR_COPY * smaller


def may_be_near_copy(a: set[int], count: int, lowest: set[int]) -> bool:
    """Whether a stored text of `count` shingles, `lowest` its sample (see `sample`), can
    be a near copy of a text whose shingles are `a`. The share of the sample found in `a`
    estimates the share of the stored text's shingles found there; False only when it
    lies SURE standard deviations below the share a near copy needs, which a near copy
    gives less than once in 30,000 checks: the text then need not be read."""
    smaller = min(len(a), count)
    if smaller < MIN_SHINGLES:
        return False
    if count <= len(lowest):  # the sample is the whole set
        return is_near_copy(a, lowest)
    needed = NEAR_COPY * smaller / count
    found = len(a & lowest) / len(lowest)
    return found >= needed - SURE * math.sqrt(needed * (1 - needed) / len(lowest))


def statement_keys(speaker_key: str, content: str) -> list[int]:
    """Index keys of one speaker's statement: one per MinHash bin of its word pairs.

    Two reports of one statement (a quote trimmed, cut with "...", or reworded in part)
    share a word pair in at least one bin; word pairs, unlike single words, rarely recur
    across a speaker's other statements, so few candidates share a key.
    """
    w = words(content)
    pairs = {(h := zlib.crc32(f"{a} {b}".encode()) * _GOLDEN & _MASK32) ^ (h >> 15)
             for a, b in pairwise(w)}
    return band_keys(signature(pairs, STATEMENT_BINS), 1, speaker_key)
