"""When are two texts the same article? Pure functions; the store asks them.

An exact fingerprint of the normalised words, and a sketch (a deterministic sample of
5-word shingle hashes) to find syndicated copies that differ by a line of page furniture.
(The same article under two URLs is found by `urls.canonical_url`.)
"""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
SHINGLE = 5
SAMPLE_MOD = 8  # keep 1 shingle hash in 8: ~60 per 2,500-word article
MIN_SKETCH = 4  # fewer sampled shingles than this (~30 shingles): too short for a near-copy
NEAR_COPY = 0.8  # containment of the smaller sketch in the larger


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def text_fingerprint(text: str) -> str:
    """Same words in the same order -> same fingerprint, whatever the spacing, case and
    punctuation."""
    return hashlib.blake2b(" ".join(words(text)).encode(), digest_size=16).hexdigest()


def _hash63(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest()) >> 1


def _shingles(text: str) -> list[int]:
    w = words(text)
    return [_hash63(" ".join(w[i:i + SHINGLE])) for i in range(max(len(w) - SHINGLE + 1, 0))]


def sketch(text: str) -> frozenset[int]:
    """A sample of the text's shingle hashes; the same sample for the same shingles, so
    two copies of one text share it whatever else surrounds them. Used to find candidate
    copies in the store; `is_near_copy` then compares the full texts."""
    return frozenset(h for h in _shingles(text) if h % SAMPLE_MOD == 0)


def is_near_copy(a: str, b: str) -> bool:
    """Most 5-word runs of the shorter text also occur in the longer one: the same article
    with different page furniture, or trimmed, as wire copies are."""
    sa, sb = set(_shingles(a)), set(_shingles(b))
    smaller = min(len(sa), len(sb))
    return smaller >= MIN_SKETCH * SAMPLE_MOD and len(sa & sb) / smaller >= NEAR_COPY
