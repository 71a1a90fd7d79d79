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
MIN_SKETCH = 4  # fewer sampled shingles than this: too short to call a near-copy
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


def sketch(text: str) -> frozenset[int]:
    """A sample of the text's shingle hashes; the same sample for the same shingles, so
    two copies of one text share it whatever else surrounds them."""
    w = words(text)
    hashes = (_hash63(" ".join(w[i:i + SHINGLE])) for i in range(max(len(w) - SHINGLE + 1, 0)))
    return frozenset(h for h in hashes if h % SAMPLE_MOD == 0)


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller sketch found in the larger one."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def is_near_copy(a: frozenset[int], b: frozenset[int]) -> bool:
    return min(len(a), len(b)) >= MIN_SKETCH and containment(a, b) >= NEAR_COPY
