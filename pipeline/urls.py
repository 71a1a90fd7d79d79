"""One article, one URL: canonical addresses and the site a link belongs to. Pure."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(  # parameters that only say where a click came from
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|"
    r"_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt\.mc_id|ocid|cmpid|"
    r"s_cid|smid|ref|ref_src|at_medium|at_campaign|ns_mchannel|ns_source|ns_campaign|"
    r"ns_linkname|ns_fee|sr_share)$",
    re.IGNORECASE,
)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s?#\"'<>]*@")  # up to the last @
_SECRET_PARAMETER = re.compile(  # ?token=..., &api_key=..., X-Amz-Signature=...
    r"(?i)([?&;](?:[\w.-]*[_.-])?(?:token|key|apikey|secret|password|passwd|pwd|auth|sig|"
    r"signature|credentials?)=)[^&;#\s\"']*")
_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL = 2000  # characters: longer links are dropped (browsers and servers refuse them too)


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


def redacted(text: str) -> str:
    """`text` (a URL, an error message, a log line) with the credentials of every URL in it
    masked: user and password ("https://***@host/"), and the values of query parameters
    named like secrets. For everything that is shown, logged or stored."""
    if "://" not in text and "=" not in text:
        return text
    return _SECRET_PARAMETER.sub(r"\1***", _USERINFO.sub(r"\1***@", text))
