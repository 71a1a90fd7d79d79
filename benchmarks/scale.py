"""Scale: `newswatch worker` processes sharing one PostgreSQL, over a local news web of
many sources on fewer hosts, with injected latency.

    python benchmarks/scale.py [--sources 10000] [--hosts 500] [--items 1] [--delay 0.5]
        [--latency 0.05] [--workers 1,2,4] [--concurrency 16] [--kills 3] [--json OUT]

The web reuses benchmarks/newsweb.py's pages and feeds (each URL a distinct article), but
puts `sources / hosts` sources on each loopback host of 127.0.0.0/8 (source i's feed is
http://<host>/s<i>/feed.xml), and answers every request after `--latency` seconds. The
server records when each request reached each host.

For each worker count: a fresh database in a throw-away cluster (tests/pgcluster.py),
that many `newswatch worker` processes started together, and the run timed until every
source has been fetched and every digest sent. Printed per count: sources/s, articles/s,
efficiency (the rate per worker over the one-worker rate), the machine's mean load
during the run (the 1-minute load average: other jobs skew the rates), the smallest gap
between two requests to one host (>= --delay when politeness holds across workers),
articles stored vs published, digests made (a new source's articles are alerted:
backlog = "digest"), statements in two digests, digests delivered twice. Then a run with the
most workers during which --kills random workers are SIGKILLed (and replaced) mid-run:
lost and duplicated articles, statements in two digests, digests delivered twice (a
killed worker's jobs are retried after the heartbeat timeout, 30 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import psycopg
from newsweb import NewsWeb, PagePool, host, source_of

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.pgcluster import Cluster  # noqa: E402

TOPIC = ("Politics", "government OR minister OR president OR election*")
_REQUEST = re.compile(r"GET (\S+) HTTP/1\.[01]")


class HostedWeb(NewsWeb):
    """NewsWeb with `per_host` sources on each host, told apart by a path prefix."""

    def __init__(self, pool: PagePool, sources: int, per_host: int) -> None:
        super().__init__(pool, sources, feed_length=20)
        self.per_host = per_host

    def origin(self, i: int) -> str:
        return f"http://{host(i // self.per_host)}:{self.port}/s{i}"


def route(web: HostedWeb, host_index: int, path: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a request to one host."""
    if path == "/robots.txt":
        return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"
    match = re.fullmatch(r"/s(\d+)(/.*)", path)
    i = int(match[1]) if match else -1
    if not 0 <= i < web.sources or i // web.per_host != host_index:
        return 404, "text/plain", b"not found"
    if match and match[2] == "/feed.xml":
        return 200, "application/rss+xml", web.feed(i).encode()
    page = re.fullmatch(r"/news/(\d+)-[\w-]+\.html", match[2]) if match else None
    if page and int(page[1]) < web.counts[i]:
        return 200, "text/html; charset=utf-8", web.page(i, int(page[1])).encode()
    return 404, "text/plain", b"not found"


def serve(web: HostedWeb, sock: socket.socket, log_file: Path, latency: float) -> None:
    """The server process: one asyncio loop on the parent's socket (0.0.0.0); on SIGTERM
    the arrival times per host go to `log_file`."""
    arrivals: dict[int, list[float]] = defaultdict(list)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        h = source_of(writer.get_extra_info("sockname")[0])
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                arrivals[h if h is not None else -1].append(time.time())
                match = _REQUEST.match(head.decode("latin-1"))
                await asyncio.sleep(latency)
                status, kind, body = route(web, h if h is not None else -1,
                                           match[1] if match else "")
                writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\n"
                             f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def main() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await asyncio.start_server(handle, sock=sock, backlog=4096)
        await stop.wait()
        log_file.write_text(json.dumps(arrivals))

    asyncio.run(main())


def start_server(web: HostedWeb, work: Path, latency: float) -> tuple[int, Path]:
    """The server in a child process, listening before it forks (the web knows its port)."""
    log_file = work / "arrivals.json"
    sock = socket.create_server(("0.0.0.0", 0), backlog=4096)
    web.port = sock.getsockname()[1]
    pid = os.fork()
    if pid == 0:
        try:
            serve(web, sock, log_file, latency)
        finally:
            os._exit(0)
    sock.close()
    return pid, log_file


def stop_server(pid: int, log_file: Path) -> dict[str, list[float]]:
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    return json.loads(log_file.read_text())


def min_gap(arrivals: dict[str, list[float]]) -> float:
    """The smallest time between two requests to one host."""
    gaps = [b - a for times in map(sorted, arrivals.values()) for a, b in pairwise(times)]
    return min(gaps) if gaps else float("inf")


def write_config(path: Path, web: HostedWeb, state: Path, delay: float) -> None:
    sources = "".join(f'[[source]]\nname = "s{i:05d}"\nurl = "{web.feed_url(i)}"\n'
                      f'kind = "feed"\ninterval = "6h"\n\n' for i in range(web.sources))
    path.write_text(f'[service]\nstate_dir = "{state}"\nworkers = 1\n\n'
                    f'[fetch]\nallow_networks = ["127.0.0.0/8"]\nper_host_delay = "{delay}s"\n'
                    f'retries = 1\n\n[digest]\nbacklog = "digest"\n\n{sources}[[topic]]\n'
                    f'name = "{TOPIC[0]}"\nquery = \'{TOPIC[1]}\'\n', encoding="utf-8")


def start_worker(config: Path, url: str, concurrency: int, log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "pipeline", "--config", str(config), "--log-format", "json",
             "worker", "--concurrency", str(concurrency)], cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=out, env={**os.environ, "PYTHONPATH": str(ROOT),
                             "NEWSWATCH_DATABASE_URL": url})


def progress(conn: psycopg.Connection) -> tuple[int, int, int]:
    """(sources done, alerts pending, deliveries not sent)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM sources WHERE last_attempt_at IS NOT NULL), "
        "(SELECT count(*) FROM alerts WHERE digest_id IS NULL), "
        "(SELECT count(*) FROM deliveries WHERE status != 'sent')").fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def run(web: HostedWeb, cluster: Cluster, work: Path, workers: int, args: argparse.Namespace,
        kills: int = 0) -> dict:
    """One timed run: `workers` workers from an empty database to every digest sent."""
    url = cluster.create_database(f"run_{workers}_{kills}_{random.randrange(10**6)}")
    run_dir = Path(tempfile.mkdtemp(prefix=f"w{workers}-", dir=work))
    config = run_dir / "newswatch.toml"
    server, arrivals_file = start_server(web, run_dir, args.latency)
    write_config(config, web, run_dir / "state", args.delay)
    log = run_dir / "workers.log"
    rng = random.Random(kills)
    kill_at = sorted(rng.uniform(0.1, 0.8) * web.sources for _ in range(kills))
    start = time.monotonic()
    procs = [start_worker(config, url, args.concurrency, log) for _ in range(workers)]
    killed, loads = 0, []
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            time.sleep(0.5)
            loads.append(os.getloadavg()[0])
            try:
                done, pending, unsent = progress(conn)
            except psycopg.errors.UndefinedTable:  # the first worker has not set up yet
                continue
            while kill_at and done >= kill_at[0]:
                kill_at.pop(0)
                victim = rng.randrange(len(procs))
                procs[victim].send_signal(signal.SIGKILL)
                procs[victim].wait()
                procs[victim] = start_worker(config, url, args.concurrency, log)
                killed += 1
            if done == web.sources and not pending and not unsent:
                break
            if len(loads) % 120 == 0:  # a minute: how far a long run has got
                print(f"{workers} workers, {time.monotonic() - start:.0f} s: {done} sources "
                      f"done, load {loads[-1]:.1f}", file=sys.stderr, flush=True)
            assert time.monotonic() - start < args.timeout, f"run timed out at {done} sources"
        wall = time.monotonic() - start
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=120)
        result = {"workers": workers, "killed": killed, "wall_s": round(wall, 1),
                  "load": round(sum(loads) / len(loads), 1),
                  **archive_checks(conn, web, log)}
    result["min_gap_s"] = round(min_gap(stop_server(server, arrivals_file)), 3)
    result["sources_per_s"] = round(web.sources / wall, 1)
    result["articles_per_s"] = round(result["stored"] / wall, 1)
    return result


def archive_checks(conn: psycopg.Connection, web: HostedWeb, log: Path) -> dict:
    """Stored vs published, statements in two digests, digests delivered twice."""
    published = {u for urls in web.page_urls(0, max(web.counts)) for u in urls}
    stored = {r[0] for r in conn.execute("SELECT url FROM article_urls")}
    new_twice = conn.execute("SELECT count(*) FROM (SELECT url FROM fetch_log WHERE outcome "
                             "IN ('new', 'copy') GROUP BY url HAVING count(*) > 1) d"
                             ).fetchone()
    in_digests: Counter = Counter()
    for (payload,) in conn.execute("SELECT payload FROM digests"):
        in_digests.update((s["speaker"], s["content"]) for s in json.loads(payload)["statements"]
                          if not s.get("update"))
    delivered = Counter(json.loads(line).get("message_id") for line in log.read_text().splitlines()
                        if line.startswith("{") and '"digest delivered"' in line)
    statements = conn.execute("SELECT count(*) FROM statements").fetchone()
    return {"published": len(published), "stored": len(published & stored),
            "lost": len(published - stored), "stored_twice": new_twice[0] if new_twice else 0,
            "statements": statements[0] if statements else 0,
            "digests": sum(1 for _ in conn.execute("SELECT id FROM digests")),
            "statements_in_two_digests": sum(1 for n in in_digests.values() if n > 1),
            "digests_delivered_twice": sum(1 for n in delivered.values() if n > 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--items", type=int, default=1, help="articles per source")
    parser.add_argument("--delay", type=float, default=0.5, help="per_host_delay, seconds")
    parser.add_argument("--latency", type=float, default=0.05, help="server latency, seconds")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=16, help="jobs per worker")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pool = PagePool.load(set(TOPIC[1].replace("*", "").lower().split()) - {"or"})
    web = HostedWeb(pool, args.sources, -(-args.sources // args.hosts))
    web.add_items(args.items)
    cluster = Cluster({"max_connections": "400", "shared_buffers": "256MB"})
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="newswatch-scale-") as work:
            counts = [int(n) for n in args.workers.split(",")]
            for n in counts:
                results.append(run(web, cluster, Path(work), n, args))
                print(json.dumps(results[-1]), file=sys.stderr)
            if args.kills:
                results.append(run(web, cluster, Path(work), max(counts), args, args.kills))
                print(json.dumps(results[-1]), file=sys.stderr)
    finally:
        cluster.stop()
    one = next((r for r in results if r["workers"] == 1 and not r["killed"]), None)
    print(f"{args.sources} sources on {args.hosts} hosts, {args.items} article(s) each; "
          f"per_host_delay {args.delay} s, latency {args.latency} s")
    print("workers killed  wall_s  load  sources/s  articles/s  efficiency  min_gap_s  "
          "stored/published  lost  twice  digests  stmts_in_2_digests  digests_sent_twice")
    for r in results:
        eff = (f"{r['sources_per_s'] / (r['workers'] * one['sources_per_s']):.2f}" if one
               else "-")  # no one-worker run to compare with
        print(f"{r['workers']:>7} {r['killed']:>6} {r['wall_s']:>7} {r['load']:>5} "
              f"{r['sources_per_s']:>10} {r['articles_per_s']:>11} {eff:>11} "
              f"{r['min_gap_s']:>10} {r['stored']:>8}/{r['published']:<8} {r['lost']:>4} "
              f"{r['stored_twice']:>6} {r['digests']:>8} {r['statements_in_two_digests']:>19} "
              f"{r['digests_delivered_twice']:>18}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
