"""Cycle throughput: `newswatch run --once` over a local news web, beside its stage limits.

    python benchmarks/cycle.py [--sources 1000] [--pages-per-source 20] [--concurrency 64]
        [--cycles empty,second,unchanged,new] [--keep DIR] [--json OUT]

The web (benchmarks/newsweb.py): N RSS sources on N loopback hosts, real pages from the
shared extraction sets, each URL a distinct article. Cycles, each a fresh process on the
same state directory:
  empty      every feed lists P items; the archive is empty
  second     every feed gains P items (lists 2P): P new pages into an archive holding the
             first cycle's, plus newswatch's re-checks of the recent ones (conditional GETs)
  unchanged  nothing changed: feeds answer 304
  new        every 20th feed (5%) gains --new-items items
Per cycle: wall, CPU (with its worker processes') and peak RSS of the newswatch process
(alone, and with its workers), new articles per second, the server's CPU, the CPU other
processes took meanwhile and the load average, failed sources with their errors, and
(with py-spy, following the worker processes) the share of CPU samples per stage. The
stage limits are measured in the same run on the first cycle's pages: raw fetch (plain
`requests`, same concurrency, no politeness delay), extraction alone and statements
alone (in this process, CPU time). Extraction alone is timed again after the cycles
compared with it (empty, second), and in short slices during them (ExtractionSlices).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from newsweb import NewsServer, NewsWeb, PagePool
from scorer import interpreter
from service import LOCK_WAIT, Run, db_size, run_cycle, stage_split, write_config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.app.cycle import statements_on_topics  # noqa: E402
from pipeline.config import Topic  # noqa: E402
from pipeline.extract.article import extract_article  # noqa: E402
from pipeline.statements.article import extract_statements  # noqa: E402
from pipeline.topics import TextIndex, matches, parse_query  # noqa: E402

TOPIC = ("Policy", "government OR minister OR president OR parliament OR policy")
CYCLES = ("empty", "second", "unchanged", "new")
NEW_EVERY = 20  # the "new" cycle changes every 20th feed: 5%


def progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


# --- stage limits ----------------------------------------------------------------------------

def raw_fetch(web: NewsWeb, server: NewsServer, pages: int, concurrency: int) -> dict:
    """Every source's feed and first `pages` pages with plain requests, a session per
    thread, no delay: how fast this machine moves the bytes."""
    local = threading.local()
    urls = [[web.feed_url(i), *row] for i, row in enumerate(web.page_urls(0, pages))]

    def one(i: int) -> tuple[int, int]:
        if getattr(local, "session", None) is None:
            local.session = requests.Session()
            local.session.trust_env = False  # never a proxy from the environment
        size = errors = 0
        for url in urls[i]:
            response = local.session.get(url, timeout=30)
            size += len(response.content)
            errors += response.status_code != 200
        return size, errors

    cpu, server_cpu, start = time.process_time(), server.cpu_seconds(), time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        done = list(pool.map(one, range(web.sources)))
    wall, n = time.monotonic() - start, sum(len(u) for u in urls)
    return {"requests": n, "wall_s": wall, "per_s": n / wall,
            "client_cpu_ms": 1000 * (time.process_time() - cpu) / n,
            "server_cpu_ms": 1000 * (server.cpu_seconds() - server_cpu) / n,
            "mb": sum(d[0] for d in done) / 1e6, "errors": sum(d[1] for d in done)}


def sample_items(web: NewsWeb, pages: int, size: int) -> list[tuple[int, int]]:
    """Up to `size` of the first cycle's items, each on a different base page."""
    seen: set[int] = set()
    items: list[tuple[int, int]] = []
    for j in range(pages):
        for i in range(web.sources):
            base = web.item(i, j)[0]
            if base not in seen and len(items) < size:
                seen.add(base)
                items.append((i, j))
    return items


def extraction_alone(web: NewsWeb, items: list[tuple[int, int]]) -> tuple[dict, list]:
    """extract_article on each page as served, CPU time; the articles, for statements."""
    times, articles = [], []
    for n, (i, j) in enumerate(items, 1):
        page, url = web.page(i, j), web.page_url(i, j)
        start = time.process_time()
        articles.append(extract_article(page, url))
        times.append(time.process_time() - start)
        progress(f"extraction alone: {n}/{len(items)}")
    mean = statistics.fmean(times)
    return {"pages": len(times), "cpu_ms": 1000 * mean, "page_ms": [1000 * t for t in times],
            "median_ms": 1000 * statistics.median(times),
            "empty": sum(not a.text for a in articles), "per_s_one_core": 1 / mean}, articles


def statements_alone(articles: list, topic: Topic) -> dict:
    """The cycle's statement step on each extracted article (topic match first, then
    statements on matching ones), and extract_statements alone on the matching texts."""
    full, matching, found = [], [], 0
    for article in articles:
        if not article.text:
            continue
        start = time.process_time()
        on_topic = statements_on_topics((topic,), article)
        full.append(time.process_time() - start)
        if matches(topic.query, TextIndex(f"{article.title}\n{article.text}")):
            matching.append(article.text)
            found += len(on_topic)
    start = time.process_time()
    for text in matching:
        extract_statements(text)
    alone = time.process_time() - start
    return {"articles": len(full), "matching": len(matching),
            "per_page_ms": 1000 * statistics.fmean(full) if full else 0.0,
            "per_matching_ms": 1000 * alone / max(1, len(matching)),
            "statements_per_matching": found / max(1, len(matching))}


def stage_limits(web: NewsWeb, server: NewsServer, args: argparse.Namespace,
                 topic: Topic) -> dict:
    progress("raw fetch...")
    fetch = raw_fetch(web, server, args.pages_per_source, args.concurrency)
    items = sample_items(web, args.pages_per_source, args.sample)
    extraction, articles = extraction_alone(web, items)
    progress("statements alone...")
    statements = statements_alone(articles, topic)
    return with_bounds({"raw_fetch": fetch, "extraction": extraction,
                        "statements": statements})


def with_bounds(limits: dict) -> dict:
    """The limits with the bounds they set; extraction's CPU per page is the mean of its
    measures before and after the cycle, if there is one after: this VM's speed drifts by
    up to 20% within minutes, and the cycle ran in between."""
    cpu_ms = statistics.fmean(limits[k]["cpu_ms"] for k in ("extraction", "extraction_after")
                              if k in limits)
    return limits | {"extraction_bound_per_s": 1000 / cpu_ms,
                     "extract_and_statements_bound_per_s":
                         1000 / (cpu_ms + limits["statements"]["per_page_ms"])}


def extraction_again(limits: dict, web: NewsWeb, args: argparse.Namespace) -> dict:
    """Extraction alone measured again on the same pages, right after a cycle; the bounds
    from both measures."""
    after, _ = extraction_alone(web, sample_items(web, args.pages_per_source, args.sample))
    print(f"  extraction alone again after the cycle: {after['cpu_ms']:.1f} ms CPU/page "
          f"(before: {limits['extraction']['cpu_ms']:.1f}); the bounds below use the mean")
    return with_bounds(limits | {"extraction_after": after})


class ExtractionSlices:
    """Extraction alone, timed in short slices while a cycle runs (from its progress
    tick), on the pages timed alone before it: the VM's speed drifts by up to 2x within
    minutes, so a bound timed before and after the cycle can miss the speed the cycle ran
    at. A slice of SLICE_PAGES pages every SLICE_EVERY seconds costs about 1% of one core,
    counted in "other processes"; the cycle's own processes share the cores with it."""

    def __init__(self, web: NewsWeb, items: list[tuple[int, int]],
                 alone_ms: list[float]) -> None:
        self.web, self.items, self.alone_ms = web, items, alone_ms
        self.times: list[float] = []
        self.due = SLICE_EVERY

    def tick(self, elapsed: float) -> None:
        if elapsed < self.due:
            return
        self.due = elapsed + SLICE_EVERY
        for _ in range(SLICE_PAGES):
            i, j = self.items[len(self.times) % len(self.items)]
            page, url = self.web.page(i, j), self.web.page_url(i, j)
            start = time.process_time()
            extract_article(page, url)
            self.times.append(time.process_time() - start)

    def figures(self) -> dict:
        """Mean ms per page during the cycle, and before it on the same pages."""
        before = [self.alone_ms[k % len(self.items)] for k in range(len(self.times))]
        return {"pages": len(self.times),
                "cpu_ms": 1000 * statistics.fmean(self.times) if self.times else None,
                "before_ms": statistics.fmean(before) if before else None}


SLICE_EVERY, SLICE_PAGES = 10.0, 5
TIMED_CYCLES = ("empty", "second")  # the cycles compared to the stage limits


# --- cycles ---------------------------------------------------------------------------------

def prepare(kind: str, web: NewsWeb, args: argparse.Namespace) -> str:
    """Change the web for this cycle; returns what changed."""
    if kind == "second":
        web.add_items(args.pages_per_source)
        return f"every feed +{args.pages_per_source} items"
    if kind == "new":
        added = web.add_items(args.new_items, every=NEW_EVERY)
        return (f"{args.new_items} new item(s) on each of {added // args.new_items} feeds "
                f"(every {NEW_EVERY}th)")
    if kind == "unchanged":
        return "nothing"
    return f"every feed lists {args.pages_per_source} items"


def archive(state: Path) -> dict:
    with sqlite3.connect(state / "newswatch.db") as db:
        articles, statements = (db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                                for t in ("articles", "statements"))
    size = db_size(state)
    return {"articles": articles, "statements": statements, "db_mb": size / 1e6,
            "db_bytes_per_article": size / max(1, articles)}


def measure_cycle(kind: str, web: NewsWeb, server: NewsServer, work: Path,
                  args: argparse.Namespace, limits: dict | None) -> dict:
    changed = prepare(kind, web, args)
    before, cpu0 = server.counters(), server.cpu_seconds()
    slices = ExtractionSlices(web, sample_items(web, args.pages_per_source, args.sample),
                              limits["extraction"]["page_ms"]) \
        if limits and kind in TIMED_CYCLES else None

    def tick(elapsed: float) -> None:
        if slices:
            slices.tick(elapsed)
        now = server.counters()
        pages, feeds = (sum(now[k] - before[k] for k in keys)
                        for keys in (("page_200",), ("feed_200", "feed_304")))
        progress(f"cycle {kind}: {elapsed:.0f} s, pages served {pages}, feeds {feeds}")

    profile = work / f"profile-{kind}.txt" if args.profile else None
    run = run_cycle(work / "newswatch.toml", work / "state", work / f"log-{kind}.jsonl",
                    profile, args.profile_rate, tick)
    served = {k: v - before[k] for k, v in server.counters().items()}
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return {"cycle": kind, "changed": changed, "run": run, "load": load,
            "server_cpu_s": server.cpu_seconds() - cpu0, "served": served,
            "archive": archive(work / "state"),
            **({"extraction_during": slices.figures()} if slices else {})}


# --- output ---------------------------------------------------------------------------------

def print_limits(limits: dict, cores: int) -> None:
    f, e, s = limits["raw_fetch"], limits["extraction"], limits["statements"]
    print("\nStage limits, measured alone on the first cycle's pages:")
    print(f"  raw fetch      {f['requests']} requests in {f['wall_s']:.1f} s: "
          f"{f['per_s']:.0f}/s, client CPU {f['client_cpu_ms']:.2f} ms/request, server CPU "
          f"{f['server_cpu_ms']:.2f} ms/request, {f['mb']:.0f} MB, {f['errors']} errors")
    print(f"  extraction     {e['pages']} pages: {e['cpu_ms']:.1f} ms CPU/page (median "
          f"{e['median_ms']:.1f}), {e['per_s_one_core']:.1f} pages/s on 1 core, "
          f"{cores * e['per_s_one_core']:.1f} on {cores}; {e['empty']} pages gave no text")
    print(f"  statements     {s['matching']}/{s['articles']} articles match the topic: "
          f"extract_statements {s['per_matching_ms']:.1f} ms per matching article, "
          f"{s['statements_per_matching']:.2f} statements on topic each; the cycle's "
          f"statement step {s['per_page_ms']:.2f} ms per article overall")
    print(f"  bound          extraction {limits['extraction_bound_per_s']:.1f} pages/s per core"
          f" ({cores * limits['extraction_bound_per_s']:.1f} on {cores}); extraction + "
          f"statements {limits['extract_and_statements_bound_per_s']:.1f} per core; "
          f"raw fetch + extraction + statements {ingest_bound(limits):.1f} per core")


def ingest_bound(limits: dict) -> float:
    """Pages per CPU second that the stages measured alone allow together: each page is
    fetched, extracted and searched for statements at least once."""
    per_page = 1000 / limits["extract_and_statements_bound_per_s"]
    return 1000 / (per_page + limits["raw_fetch"]["client_cpu_ms"])


def print_cycles(results: list[dict]) -> None:
    head = (f"{'cycle':<10}{'wall s':>8}{'CPU s':>8}{'peak MB':>8}{'new':>7}{'art/s':>7}"
            f"{'200s':>7}{'304s':>7}{'failed':>7}{'srv CPU':>8}{'others':>8}{'DB MB':>8}"
            f"{'B/art':>7}")
    print(f"\n{head}\n{'-' * len(head)}")
    for r in results:
        run, served, arc = r["run"], r["served"], r["archive"]
        new = run.counts.get("new_articles", 0)
        print(f"{r['cycle']:<10}{run.wall:>8.1f}{run.cpu:>8.1f}{run.peak_rss_mb:>8.0f}"
              f"{new:>7}{new / run.wall:>7.1f}{served['page_200'] + served['feed_200']:>7}"
              f"{served['page_304'] + served['feed_304']:>7}{run.counts.get('failed', 0):>7}"
              f"{r['server_cpu_s']:>8.1f}{run.others_cpu:>8.1f}{arc['db_mb']:>8.1f}"
              f"{arc['db_bytes_per_article']:>7.0f}")
    print("(CPU and peak MB: newswatch with its worker processes; 200s/304s: feeds and pages "
          "the server answered; srv CPU: the web server's CPU s; others: CPU s other processes "
          "on this machine used meanwhile)")


def print_cycle_details(r: dict, limits: dict | None, cores: int) -> None:
    run: Run = r["run"]
    c = run.counts
    print(f"\n[{r['cycle']}] {r['changed']}: wall {run.wall:.1f} s, CPU {run.cpu:.1f} s "
          f"(worker processes {run.workers_cpu:.1f} s; {run.processes} processes), peak RSS "
          f"{run.peak_rss_mb:.0f} MB main, {run.tree_peak_mb:.0f} MB with its workers "
          f"({run.tree_peak_pss_mb:.0f} MB counting their shared pages once), "
          f"{c.get('new_articles', 0) / run.wall:.2f} new articles/s; web server CPU "
          f"{r['server_cpu_s']:.1f} s; other processes {run.others_cpu:.0f} CPU s "
          f"({run.others_cpu / run.wall:.2f} cores); load average {r.get('load', '?')}")
    print(f"  exit {run.exit_code}; sources {c.get('sources')}: "
          f"fetched {c.get('fetched')}, unchanged {c.get('unchanged')}, failed "
          f"{c.get('failed')}, backing off {c.get('backing_off')}; articles new "
          f"{c.get('new_articles')}, updated {c.get('updated_articles')}, copies "
          f"{c.get('copies')}, page errors {c.get('page_errors')}; statements new "
          f"{c.get('new_statements')}; digests {c.get('digests')}")
    for error, n in run.source_errors.most_common(5):
        print(f"  failed source x{n}: {error}")
    for error, n in run.page_errors.most_common(3):
        print(f"  skipped article x{n}: {error}")
    new = c.get("new_articles", 0)
    if limits and new and r["cycle"] in TIMED_CYCLES:
        rate, bound = new / run.wall, limits["extraction_bound_per_s"]
        print(f"  {rate:.1f} articles/s = {100 * rate / bound:.0f}% of the extraction-bound "
              f"rate on 1 core, {100 * rate / (cores * bound):.0f}% of it on {cores} cores; "
              f"CPU per new article {1000 * run.cpu / new:.0f} ms (extraction alone "
              f"{1000 / limits['extraction_bound_per_s']:.0f} ms/page); the process used "
              f"{run.cpu / run.wall:.2f} cores on average; "
              f"{100 * rate / (cores * ingest_bound(limits)):.0f}% of the rate the stages "
              f"alone allow together on {cores} cores (raw fetch + "
              f"extraction + statements)")
        during = r.get("extraction_during") or {}
        if during.get("cpu_ms"):
            speed = during["cpu_ms"] / during["before_ms"]
            scaled = limits["extraction"]["cpu_ms"] * speed
            print(f"  extraction alone timed during the cycle, in slices of {SLICE_PAGES} "
                  f"pages every {SLICE_EVERY:.0f} s: {during['cpu_ms']:.1f} ms CPU/page over "
                  f"{during['pages']} pages, x{speed:.2f} their time before the cycle; at "
                  f"that speed the {limits['extraction']['pages']} pages take {scaled:.1f} "
                  f"ms/page, and the cycle ran at {rate * scaled / 10 / cores:.0f}% of the "
                  f"extraction-bound rate on {cores} cores")
    if run.stages:
        print_stages(run, new, limits)


def print_stages(run: Run, new: int, limits: dict | None) -> None:
    alone = {}
    if limits:
        alone = {"fetch": f"raw fetch {limits['raw_fetch']['client_cpu_ms']:.2f} ms/request",
                 "extract": f"alone {1000 / limits['extraction_bound_per_s']:.1f} ms/page",
                 "statements": f"alone {limits['statements']['per_page_ms']:.1f} ms/article"}
    wait = run.stages.get(LOCK_WAIT, 0.0)
    print(f"  where the CPU went, over the process and its workers ({run.samples} py-spy "
          f"samples, {100 * wait:.0f}% of them threads waiting for a worker or a lock, the "
          f"write lock included, left out; py-spy itself {run.profiler_cpu:.1f} CPU s):")
    for stage, share in sorted(run.stages.items(), key=lambda kv: -kv[1]):
        if stage != LOCK_WAIT:
            per = f"{1000 * share * run.cpu / new:8.1f} ms/new article" if new else ""
            print(f"    {stage:<15}{100 * share:5.1f}%  {share * run.cpu:8.1f} s {per}  "
                  f"{alone.get(stage, '')}")


# --- main -------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sources", type=int, default=1000)
    p.add_argument("--pages-per-source", type=int, default=20)
    p.add_argument("--concurrency", type=int, default=64, help="newswatch fetch.concurrency")
    p.add_argument("--per-host-delay", type=float, default=1.0,
                   help="newswatch fetch.per_host_delay in seconds (its default: 1)")
    p.add_argument("--cycles", default=",".join(CYCLES), help="in this order: " + ",".join(CYCLES))
    p.add_argument("--new-items", type=int, default=1, help="items per changed feed, 'new' cycle")
    p.add_argument("--sample", type=int, default=300, help="pages for extraction alone")
    p.add_argument("--workers", type=int, default=2, help="web server processes")
    p.add_argument("--gzip", action="store_true", help="serve pages gzip-compressed")
    p.add_argument("--no-limits", dest="limits", action="store_false")
    p.add_argument("--no-profile", dest="profile", action="store_false")
    p.add_argument("--profile-rate", type=int, default=2,
                   help="py-spy samples per second (each costs ~30 ms CPU with 64 threads)")
    p.add_argument("--keep", type=Path, help="keep state, logs and profiles here")
    p.add_argument("--json", type=Path, help="write the figures here")
    p.add_argument("--report", type=Path, metavar="JSON",
                   help="only print the tables of a run saved with --json (stages are read "
                        "again from its kept profiles)")
    args = p.parse_args(argv)
    args.cycles = [c for c in args.cycles.split(",") if c]
    if not args.cycles or any(c not in CYCLES for c in args.cycles):
        p.error(f"--cycles: a comma-separated list of {', '.join(CYCLES)}")
    return args


def print_header(args: argparse.Namespace, pool: PagePool, cores: int, work: Path) -> None:
    print(f"newswatch cycle benchmark; timed on {interpreter()}; {cores} cores; load average "
          f"{os.getloadavg()[0]:.1f} at start")
    print(f"web: {args.sources} RSS sources on {args.sources} loopback hosts, "
          f"{args.pages_per_source} pages each per batch, feeds list "
          f"{2 * args.pages_per_source}; {len(pool.templates)} base pages "
          f"({pool.left_out} of the shared sets left out: too few words to vary), each URL a "
          f"distinct article; {args.workers} server processes, bodies "
          f"{'gzip' if args.gzip else 'uncompressed'}")
    print(f"newswatch: concurrency {args.concurrency}, per_host_delay {args.per_host_delay:g} s, "
          f"other fetch settings default; topic {TOPIC[1]!r}; work dir {work}")


def save_json(path: Path | None, figures: dict, results: list[dict]) -> None:
    if path:
        cycles = [r | {"run": r["run"].as_json()} for r in results]
        path.write_text(json.dumps(figures | {"cycles": cycles}, indent=1, default=str))


def report(path: Path) -> int:
    """Print the tables of a saved run again."""
    saved = json.loads(path.read_text())
    limits, cores, keep = saved.get("limits"), saved["cores"], saved["args"].get("keep")
    if limits:
        print_limits(limits, cores)
    results = [r | {"run": Run.from_json(r["run"])} for r in saved["cycles"]]
    for r in results:
        profile = Path(str(keep)) / f"profile-{r['cycle']}.txt"
        if keep and profile.exists():
            r["run"].stages, r["run"].samples = stage_split(profile)
        print_cycle_details(r, limits, cores)
    print_cycles(results)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        return report(args.report)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on the way out
    topic = Topic(TOPIC[0], TOPIC[1], parse_query(TOPIC[1]))
    cores = len(os.sched_getaffinity(0))
    progress("loading pages...")
    pool = PagePool.load(set(TOPIC[1].lower().split()) - {"or"})
    web = NewsWeb(pool, args.sources, 2 * args.pages_per_source)
    web.add_items(args.pages_per_source)
    work = args.keep or Path(tempfile.mkdtemp(prefix="newswatch-cycle-"))
    work.mkdir(parents=True, exist_ok=True)
    print_header(args, pool, cores, work)
    figures: dict = {"interpreter": interpreter(), "cores": cores, "pages": len(pool.templates),
                     "args": {k: str(v) if isinstance(v, Path) else v
                              for k, v in vars(args).items()}}
    results: list[dict] = []
    try:
        with NewsServer(web, args.workers, args.gzip) as server:
            limits = figures["limits"] = stage_limits(web, server, args, topic) \
                if args.limits else None
            progress("")
            if limits:
                print_limits(limits, cores)
            write_config(work / "newswatch.toml", work / "state",
                         [web.feed_url(i) for i in range(args.sources)], TOPIC,
                         args.concurrency, args.per_host_delay)
            for kind in args.cycles:
                results.append(measure_cycle(kind, web, server, work, args, limits))
                if limits and kind in TIMED_CYCLES:
                    limits = figures["limits"] = extraction_again(limits, web, args)
                progress("")
                print_cycle_details(results[-1], limits, cores)
                save_json(args.json, figures, results)
        print_cycles(results)
        figures["server_cpu_s"] = server.cpu_seconds()
        print(f"\nweb server: {server.cpu_seconds():.1f} CPU s in all, "
              f"{server.counters()['requests']} requests on "
              f"{server.counters()['connections']} connections")
        save_json(args.json, figures, results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
