"""A local news web for the throughput benchmarks: N sources on N loopback hosts.

Source i is served on its own address 127.a.b.c (all of 127.0.0.0/8 is loopback on Linux)
by one listening socket bound to 0.0.0.0 that refuses every peer outside 127.0.0.0/8.
Each host answers `/robots.txt`, `/feed.xml` (RSS 2.0, the latest `feed_length` items,
with ETag and Last-Modified, so an unchanged feed gets a 304) and `/news/<j>-<slug>.html`,
its article pages (ETag too, so newswatch's re-checks of recent articles get 304s).

Pages are real: the shared extraction sets, decompressed into memory once. A source has
more pages than the sets hold, so a base page is served under many URLs; to keep the
deduplication honest every URL gets a *distinct* article: in the page's text nodes (not
in tags, scripts or styles) the body's lower-case words of 5+ letters are rotated through
the body's own vocabulary, a different rotation per reuse, which changes about a third of
the words and so almost every 5-word shingle; quote cues, attribution words and the
topic's words are never touched, so statements and topic matches stay as they were. The
canonical link and og:url are rewritten to the served URL. Pages with too few such words
to vary (short or non-Latin pages) are left out of the pool, and the count is printed.

The server is a pre-forked pool of asyncio workers (one per core by default) sharing the
listening socket; the feed sizes live in shared memory, so the parent changes what the
web offers between cycles. Its CPU is read from /proc per worker, to show it is not the
bottleneck.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import gzip
import html
import json
import os
import re
import signal
import socket
import sys
from ctypes import Array, c_int32, c_int64
from dataclasses import dataclass
from multiprocessing.sharedctypes import RawArray
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
DATASETS = (SHARED / "extraction", SHARED / "extraction-wide")
_SEGMENTS = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)",
                       re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"(\w+)")
_PLACEHOLDER = re.compile("(\x00)")  # where the served URL goes
_CANONICAL = re.compile(
    r"""(<link\b[^>]*\brel=["']?canonical[^>]*>|<meta\b[^>]*og:url[^>]*>)""", re.IGNORECASE)
_URL_ATTR = re.compile(r"""((?:href|content)\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'>]+)""",
                       re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
MIN_VOCABULARY = 100  # distinct replaceable words: up to this many distinct variants
MIN_CHANGED = 0.15  # share of the body's words that a rotation changes
URL_SLOT = -1
EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z: item j of a feed was published j hours later
STATS = ("connections", "requests", "robots", "feed_200", "feed_304", "page_200", "page_304",
         "not_found", "bytes_out")


# --- the pages -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PageTemplate:
    """A page cut at its replaceable words: pieces[k] + slot k + pieces[k+1] ..."""

    title: str
    teaser: str
    pieces: tuple[str, ...]
    slots: tuple[int, ...]  # index into vocabulary, or URL_SLOT
    vocabulary: tuple[str, ...]

    def render(self, variant: int, url: str) -> str:
        """The page as served under `url`: variant 0 is the page's own text."""
        out: list[str] = [""] * (2 * len(self.pieces) - 1)
        out[0::2] = self.pieces
        vocab, n = self.vocabulary, len(self.vocabulary)
        out[1::2] = [url if s == URL_SLOT else vocab[(s + variant) % n] for s in self.slots]
        return "".join(out)


def protected_words(topic_words: set[str]) -> frozenset[str]:
    """Words never rotated: the attribution lexicon (cues, roles, pronouns...) and the
    topic's words."""
    from pipeline.statements import lexicon

    words = set(topic_words) | set(lexicon.cue_table())
    for value in vars(lexicon).values():
        if isinstance(value, frozenset | set | tuple) and all(isinstance(v, str) for v in value):
            words.update(w.lower() for item in value for w in item.split())
    return frozenset(words)


def build_template(page: str, body: str, protected: frozenset[str]) -> tuple[PageTemplate, float]:
    """The page's template and the share of its body's words a rotation changes."""
    body_words = _WORD.findall(body)
    eligible = {w for w in body_words if w.islower() and len(w) >= 5 and w not in protected}
    vocabulary = tuple(sorted(eligible))
    index = {w: k for k, w in enumerate(vocabulary)}
    page = _CANONICAL.sub(lambda m: _URL_ATTR.sub(lambda a: f'{a[1]}"\x00"', m[0]),
                          page.replace("\x00", ""))
    pieces: list[str] = []
    slots: list[int] = []
    run: list[str] = []
    for k, segment in enumerate(_SEGMENTS.split(page)):
        for j, part in enumerate((_PLACEHOLDER if k % 2 else _WORD).split(segment)):
            slot = None if j % 2 == 0 else URL_SLOT if k % 2 else index.get(part)
            if slot is None:
                run.append(part)
                continue
            pieces.append("".join(run))
            slots.append(slot)
            run = []
    pieces.append("".join(run))
    changed = sum(w in eligible for w in body_words) / max(1, len(body_words))
    title = _TITLE.search(page)
    name = " ".join(html.unescape(title[1]).split())[:120] if title else ""
    return PageTemplate(name or " ".join(body.split()[:8]), " ".join(body.split()[:40]),
                        tuple(pieces), tuple(slots), vocabulary), changed


def _dataset_pages() -> list[tuple[str, str, str]]:
    """(id, page html, ground-truth body) of every page of the shared sets."""
    pages = []
    for data in DATASETS:
        truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
        for path in sorted((data / "html").glob("*.html.gz")):
            doc = path.name.split(".")[0]
            page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            pages.append((doc, page, truth[doc]["articleBody"]))
    return pages


@dataclass(frozen=True)
class PagePool:
    templates: tuple[PageTemplate, ...]
    ids: tuple[str, ...]
    left_out: int

    @classmethod
    def load(cls, topic_words: set[str]) -> PagePool:
        protected = protected_words(topic_words)
        kept, ids, left_out = [], [], 0
        for doc, page, body in _dataset_pages():
            template, changed = build_template(page, body, protected)
            if len(template.vocabulary) >= MIN_VOCABULARY and changed >= MIN_CHANGED:
                kept.append(template)
                ids.append(doc)
            else:
                left_out += 1
        return cls(tuple(kept), tuple(ids), left_out)


# --- what the web offers ------------------------------------------------------------------

def host(i: int) -> str:
    """Source i's own loopback address (127.0.0.x is left alone)."""
    return f"127.{1 + i // 62500}.{(i // 250) % 250}.{1 + i % 250}"


def source_of(address: str) -> int | None:
    try:
        a, b, c = (int(x) for x in address.split(".")[1:])
    except ValueError:
        return None
    return (a - 1) * 62500 + b * 250 + c - 1


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:8]
    return "-".join(words) or "article"


class NewsWeb:
    """The sources' content: source i lists items 0..count[i]-1, newest first."""

    def __init__(self, pool: PagePool, sources: int, feed_length: int, *,
                 first_source: int = 0, first_item: int = 0) -> None:
        self.pool = pool
        self.sources = sources
        self.first_source = first_source  # host offset: webs side by side never share hosts
        self.first_item = first_item  # item number offset: nor articles
        self.feed_length = feed_length
        self.counts = RawArray(c_int32, sources)  # shared with the server's workers
        self.port = 0

    def add_items(self, per_source: int, every: int = 1) -> int:
        """Publish `per_source` new items on every `every`-th source; returns how many."""
        added = 0
        for i in range(0, self.sources, every):
            self.counts[i] += per_source
            added += per_source
        last = self.item(self.sources - 1, max(self.counts) - 1)[1]
        if last >= MIN_VOCABULARY:
            raise ValueError(f"{max(self.counts)} items per source need {last + 1} variants "
                             f"of each page; at most {MIN_VOCABULARY} are distinct")
        return added

    def item(self, i: int, j: int) -> tuple[int, int]:
        """(base page, variant) of item j of source i. Items are numbered j * sources + i,
        so each block of len(pool) numbers uses every base page once (7919 is prime):
        no two items share a (base, variant) pair."""
        n = len(self.pool.templates)
        g = self.first_item + j * self.sources + i
        return (g * 7919) % n, g // n

    def origin(self, i: int) -> str:
        return f"http://{host(i + self.first_source)}:{self.port}"

    def feed_url(self, i: int) -> str:
        return f"{self.origin(i)}/feed.xml"

    def page_url(self, i: int, j: int) -> str:
        base, _ = self.item(i, j)
        return f"{self.origin(i)}/news/{j}-{_slug(self.pool.templates[base].title)}.html"

    def page(self, i: int, j: int) -> str:
        base, variant = self.item(i, j)
        return self.pool.templates[base].render(variant, self.page_url(i, j))

    def page_urls(self, first: int, last: int) -> list[list[str]]:
        """Per source, the URLs of items first..last-1."""
        return [[self.page_url(i, j) for j in range(first, last)] for i in range(self.sources)]

    def feed(self, i: int) -> str:
        count = self.counts[i]
        items = []
        for j in range(count - 1, max(count - self.feed_length, 0) - 1, -1):
            template = self.pool.templates[self.item(i, j)[0]]
            items.append(
                f"<item><title>{html.escape(template.title)}</title>"
                f"<link>{self.page_url(i, j)}</link><guid>{self.page_url(i, j)}</guid>"
                f"<pubDate>{email.utils.formatdate(EPOCH + 3600 * j, usegmt=True)}</pubDate>"
                f"<description>{html.escape(template.teaser)}</description></item>")
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Source {i}</title><link>{self.origin(i)}/</link>"
                f"<description>News from source {i}</description>{''.join(items)}"
                "</channel></rss>")


# --- the server -----------------------------------------------------------------------------

class _Http(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, GET only; enough for feeds, pages and robots.txt."""

    def __init__(self, web: NewsWeb, stats: Array[c_int64], compress: bool) -> None:
        self.web, self.stats, self.compress = web, stats, compress
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def count(self, name: str, by: int = 1) -> None:
        self.stats[STATS.index(name)] += by

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        if not peer or not str(peer[0]).startswith("127."):
            transport.close()  # bound to 0.0.0.0, but for loopback peers only
            return
        self.transport = transport  # type: ignore[assignment]
        self.count("connections")

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport and (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4:]
            self.respond(head)

    def respond(self, head: str) -> None:
        line, *fields = head.split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (f.partition(":") for f in fields)}
        sock = self.transport.get_extra_info("sockname")  # type: ignore[union-attr]
        i = source_of(sock[0])
        i = None if i is None else i - self.web.first_source
        path = line.split(" ")[1].split("?")[0] if line.count(" ") >= 2 else ""
        status, kind, body, validators = self.route(i, path)
        if status == 200 and validators and headers.get("if-none-match") == validators[0]:
            status, body = 304, b""
        self.count("not_found" if status == 404 else kind if kind == "robots"
                   else f"{kind}_{status}")
        self.count("requests")
        self.send(status, kind, body, validators, "gzip" in headers.get("accept-encoding", ""),
                  headers.get("connection", "").lower() == "close")

    def route(self, i: int | None, path: str) -> tuple[int, str, bytes, tuple[str, str] | None]:
        web = self.web
        if i is None or not 0 <= i < web.sources:
            return 404, "", b"no such host", None
        if path == "/robots.txt":
            return 200, "robots", b"User-agent: *\nDisallow: /private/\n", None
        count = web.counts[i]
        if path == "/feed.xml":
            return 200, "feed", web.feed(i).encode(), (
                f'"f{i}-{count}"', email.utils.formatdate(EPOCH + 3600 * count, usegmt=True))
        match = re.fullmatch(r"/news/(\d+)-[\w-]+\.html", path)
        if match and int(match[1]) < count and web.page_url(i, int(match[1])).endswith(path):
            j = int(match[1])
            return 200, "page", web.page(i, j).encode(), (
                f'"p{i}-{j}"', email.utils.formatdate(EPOCH + 3600 * j, usegmt=True))
        return 404, "", b"not found", None

    def send(self, status: int, kind: str, body: bytes, validators: tuple[str, str] | None,
             gzip_ok: bool, close: bool) -> None:
        content_type = {"feed": "application/rss+xml", "robots": "text/plain"}.get(
            kind, "text/html; charset=utf-8")
        lines = [f"HTTP/1.1 {status} {_REASONS[status]}", "Server: newsweb",
                 f"Date: {email.utils.formatdate(usegmt=True)}", f"Content-Type: {content_type}"]
        if self.compress and gzip_ok and len(body) > 1024:
            body = gzip.compress(body, 1)
            lines.append("Content-Encoding: gzip")
        if validators:
            lines += [f"ETag: {validators[0]}", f"Last-Modified: {validators[1]}"]
        lines.append(f"Content-Length: {len(body)}")
        if close:
            lines.append("Connection: close")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        self.count("bytes_out", len(data))
        self.transport.write(data)  # type: ignore[union-attr]
        if close:
            self.transport.close()  # type: ignore[union-attr]


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found"}


def _serve(sock: socket.socket, web: NewsWeb, stats: Array[c_int64], compress: bool) -> None:
    """A worker's life: serve until SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    loop = asyncio.new_event_loop()
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_until_complete(loop.create_server(lambda: _Http(web, stats, compress), sock=sock,
                                               backlog=4096))
    loop.run_forever()


class NewsServer:
    """Pre-forked workers sharing one listening socket; a context manager."""

    def __init__(self, web: NewsWeb, workers: int, compress: bool = False) -> None:
        self.web, self.compress = web, compress
        self.stats = RawArray(c_int64, len(STATS) * workers)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("0.0.0.0", 0))
        self.sock.listen(4096)
        self.sock.setblocking(False)
        web.port = self.sock.getsockname()[1]
        self.workers = workers
        self.pids = [self._fork(k) for k in range(workers)]
        self.cpu_at_exit = 0.0

    def _fork(self, k: int) -> int:
        pid = os.fork()
        if pid == 0:
            try:
                view = (c_int64 * len(STATS)).from_buffer(self.stats, 8 * len(STATS) * k)
                _serve(self.sock, self.web, view, self.compress)
            finally:
                os._exit(0)
        return pid

    def __enter__(self) -> NewsServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def counters(self) -> dict[str, int]:
        n = len(STATS)
        return {name: sum(self.stats[k * n + s] for k in range(self.workers))
                for s, name in enumerate(STATS)}

    def cpu_seconds(self) -> float:
        """User + system CPU of the workers so far (all of it once they have exited)."""
        if not self.pids:
            return self.cpu_at_exit
        return sum(proc_cpu(pid) for pid in self.pids)

    def close(self) -> None:
        if not self.pids:
            return
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        total = 0.0
        for pid in self.pids:
            _, _, usage = os.wait4(pid, 0)
            total += usage.ru_utime + usage.ru_stime
        self.cpu_at_exit, self.pids = total, []
        self.sock.close()


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a live process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores, /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":  # a quick look: serve 3 sources until Ctrl-C
    pool = PagePool.load(set())
    demo = NewsWeb(pool, 3, 40)
    demo.add_items(20)
    with NewsServer(demo, 1):
        print(f"{len(pool.templates)} pages ({pool.left_out} left out); try "
              f"curl {demo.feed_url(0)}", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
