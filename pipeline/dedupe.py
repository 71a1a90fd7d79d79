"""When are two URLs or two texts the same article? Pure functions; the store asks them.

URLs: canonical form without fragments and tracking parameters. Texts: an exact
fingerprint of the normalised words, and a sketch (a deterministic sample of 5-word
shingle hashes) to find syndicated copies that differ by a line of page furniture.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(  # parameters that only say where a click came from
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|"
    r"_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt\.mc_id|ocid|cmpid|"
    r"s_cid|smid|ref|ref_src|at_medium|at_campaign|ns_mchannel|ns_source|ns_campaign|"
    r"ns_linkname|ns_fee|sr_share)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WORD = re.compile(r"\w+")
SHINGLE = 5
SAMPLE_MOD = 8  # keep 1 shingle hash in 8: ~60 per 2,500-word article
MIN_SKETCH = 4  # fewer sampled shingles than this (~30 shingles): too short for a near-copy
NEAR_COPY = 0.8  # containment of the smaller sketch in the larger


def canonical_url(url: str, base: str | None = None) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped,
    remaining query parameters sorted, so one article has one URL."""
    parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def site_of(url: str) -> str:
    """The host without a leading www., to tell one site's links from another's."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


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
