"""`newswatch demo`: the whole pipeline offline, on sample sites served from 127.0.0.1.

`SampleSites` serves the pages under `pipeline/app/demo_sites/<site>/` and builds each site's
feed, listing page or sitemap from the pages present, with ETags and gzip like a real
server. The tests use it too, on a copy they can add pages to.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..config import load_config
from .cycle import CycleReport, run_once
from .services import Services, build_services

SITES_DIR = Path(__file__).parent / "demo_sites"
TOPIC = ("Russia security guarantees", 'Russia AND (NATO OR "security guarantees")')
_META = re.compile(r'<meta\s+(?:property|name)="(?P<key>[^"]+)"\s+content="(?P<value>[^"]*)"',
                   re.IGNORECASE)


@dataclass(frozen=True)
class SampleSite:
    name: str  # outlet name in the config
    directory: str
    kind: str  # feed, listing or sitemap
    path: str  # where its feed/listing/sitemap is served


SAMPLE_SITES = (
    SampleSite("Press TV", "presstv", "feed", "rss.xml"),
    SampleSite("WP Blog", "wpblog", "feed", "feed/atom"),
    SampleSite("Agency Portal", "agencyportal", "listing", "international/"),
    SampleSite("WP News", "wpnews", "sitemap", "sitemap.xml"),
    SampleSite("Wire Daily", "wiredaily", "feed", "rss.xml"),
)


@dataclass(frozen=True)
class PageInfo:
    slug: str
    title: str
    published: str


def page_info(path: Path) -> PageInfo:
    """Title and date of a sample page, from its meta tags."""
    meta = {m["key"].lower(): html.unescape(m["value"]) for m in _META.finditer(path.read_text())}
    published = meta.get("article:published_time", "2022-01-01T00:00:00+00:00")
    return PageInfo(path.name, meta.get("og:title", path.stem), published)


class SampleSites:
    """A threaded HTTP server on 127.0.0.1 for the sample sites under `root`."""

    def __init__(self, root: Path = SITES_DIR) -> None:
        self.root = root
        self.requests: list[tuple[str, int]] = []  # (path, status), for tests and the demo
        handler = type("Handler", (_Handler,), {"sites": self})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def source_url(self, site: SampleSite) -> str:
        return f"{self.base}/{site.directory}/{site.path}"

    def __enter__(self) -> SampleSites:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pages(self, directory: str) -> list[PageInfo]:
        files = sorted((self.root / directory).glob("*.html"))
        return sorted((page_info(f) for f in files), key=lambda p: p.published, reverse=True)

    def render(self, path: str) -> tuple[str, str] | None:
        """(content type, body) for a path, or None for 404."""
        if path == "/robots.txt":
            return "text/plain", "User-agent: *\nDisallow: /private/\n"
        directory, _, rest = path.lstrip("/").partition("/")
        site = next((s for s in SAMPLE_SITES if s.directory == directory), None)
        if site and rest == site.path:
            return _INDEX[site.kind](self, site)
        page = self.root / directory / rest
        if rest.endswith(".html") and page.is_file() and page.parent.parent == self.root:
            text = page.read_text(encoding="utf-8")
            return "text/html; charset=utf-8", self._local_links(text)
        return None

    def _local_links(self, text: str) -> str:
        """Pages link to https://<site>.example/...; serve them under this server instead."""
        return re.sub(r"https?://(\w+)\.example/", lambda m: f"{self.base}/{m[1]}/", text)

    def url(self, directory: str, slug: str) -> str:
        return f"{self.base}/{directory}/{slug}"


def _rss(sites: SampleSites, site: SampleSite) -> tuple[str, str]:
    items = "".join(
        f"<item><title>{html.escape(p.title)}</title>"
        f"<link>{sites.url(site.directory, p.slug)}?utm_source=rss&amp;utm_medium=feed</link>"
        f"<guid isPermaLink=\"false\">{site.directory}-{p.slug}</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(p.published).astimezone(UTC))}"
        f"</pubDate></item>" for p in sites.pages(site.directory))
    return "application/rss+xml", (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(site.name)}</title><link>{sites.base}/{site.directory}/</link>"
        f"{items}</channel></rss>")


def _atom(sites: SampleSites, site: SampleSite) -> tuple[str, str]:
    entries = "".join(
        f"<entry><title>{html.escape(p.title)}</title>"
        f'<link rel="alternate" href="{sites.url(site.directory, p.slug)}"/>'
        f"<id>tag:{site.directory}.example,2022:{p.slug}</id>"
        f"<updated>{p.published}</updated></entry>" for p in sites.pages(site.directory))
    return "application/atom+xml", (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(site.name)}</title><id>{sites.base}/{site.directory}/</id>"
        f"<updated>2022-02-18T00:00:00Z</updated>{entries}</feed>")


def _listing(sites: SampleSites, site: SampleSite) -> tuple[str, str]:
    stories = "".join(
        f'<article class="story"><h3><a href="/{site.directory}/{p.slug}">'
        f"{html.escape(p.title)}</a></h3><time>{p.published[:10]}</time></article>"
        for p in sites.pages(site.directory))
    nav = "".join(f'<a href="/{site.directory}/{section}/">{section.title()}</a> '
                  for section in ("city", "epaper", "international", "business"))
    return "text/html; charset=utf-8", (
        f"<!doctype html><html><head><title>International | {html.escape(site.name)}</title>"
        f"</head><body><nav>{nav}<a href=\"/{site.directory}/about/\">About us</a></nav>"
        f"<main><h1>International</h1>{stories}</main>"
        f'<footer><a href="/{site.directory}/privacy/">Privacy</a></footer></body></html>')


def _sitemap(sites: SampleSites, site: SampleSite) -> tuple[str, str]:
    urls = "".join(
        f"<url><loc>{sites.url(site.directory, p.slug)}</loc><news:news><news:publication>"
        f"<news:name>{html.escape(site.name)}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{p.published}</news:publication_date>"
        f"<news:title>{html.escape(p.title)}</news:title></news:news></url>"
        for p in sites.pages(site.directory))
    return "application/xml", (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>")


def _feed(sites: SampleSites, site: SampleSite) -> tuple[str, str]:
    return (_atom if site.path.endswith("atom") else _rss)(sites, site)


_INDEX = {"feed": _feed, "listing": _listing, "sitemap": _sitemap}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up (or was killed) is not the server's problem


class _Handler(BaseHTTPRequestHandler):
    sites: SampleSites
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        found = self.sites.render(urlsplit(self.path).path)
        if found is None:
            return self._send(404, "text/plain", b"not found")
        content_type, text = found
        body = text.encode("utf-8")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, content_type, b"", etag)
        return self._send(200, content_type, body, etag)

    def _send(self, status: int, content_type: str, body: bytes, etag: str = "") -> None:
        self.sites.requests.append((urlsplit(self.path).path, status))
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 1024
        if gzipped:
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the demo prints its own summary


def demo_config(sites: SampleSites, state_dir: Path) -> str:
    """A config like a user's, pointing at the local sample sites."""
    sources = "".join(
        f'\n[[source]]\nname = "{s.name}"\nurl = "{sites.source_url(s)}"\nkind = "{s.kind}"\n'
        f'interval = "15m"\n' for s in SAMPLE_SITES)
    return (f'[service]\nstate_dir = "{state_dir}"\n\n'
            f'[fetch]\nallow_networks = ["127.0.0.1/32"]  # the demo server; never a default\n'
            f'per_host_delay = 0\n{sources}\n'
            f'[[topic]]\nname = "{TOPIC[0]}"\nquery = \'{TOPIC[1]}\'\n\n'
            '[digest]\nbacklog = "digest"  # the sample sites\' articles are the news to show\n')


def run_demo(state_dir: Path | None = None, out: TextIO = sys.stdout) -> int:
    """Serve the sample sites, run one cycle into a fresh state directory, print the
    digest and where it went."""
    state_dir = state_dir or Path(tempfile.mkdtemp(prefix="newswatch-demo-"))
    if state_dir.exists() and any(state_dir.iterdir()):
        shutil.rmtree(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    with SampleSites() as sites:
        config_path = state_dir / "demo.toml"
        config_path.write_text(demo_config(sites, state_dir), encoding="utf-8")
        svc = build_services(load_config(config_path))
        print(f"Serving {len(SAMPLE_SITES)} sample news sites on {sites.base}; "
              f"config: {config_path}", file=out)
        try:
            report = run_once(svc)
        finally:
            svc.workers.close()
    _print_summary(report, svc, state_dir, out)
    return report.exit_code


def _print_summary(report: CycleReport, svc: Services, state_dir: Path, out: TextIO) -> None:
    counts = report.counts()
    print("Cycle: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()),
          file=out)
    digests = svc.store.digests()
    for digest, eml in zip(digests, sorted(svc.config.outbox_dir.glob("*.eml")), strict=False):
        print(f"\nDigest written to {eml}\nSubject: {digest.subject}\n\n{digest.text}",
              file=out)
    if not digests:
        print("No digest: nothing new on the topic.", file=out)
    print(f"State (SQLite database, outbox) in {state_dir}. To run it for real, edit "
          "config/newswatch.toml and start `newswatch run`.", file=out)
