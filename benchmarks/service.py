"""Run `newswatch run --once` as users do, and measure it from the outside.

Wall time, CPU (user + system, from wait4 on that one process), peak RSS (ru_maxrss),
the `cycle done` counts and every failure from its JSON logs, the CPU the rest of the
machine used meanwhile (other processes on shared cores slow a cycle down without
showing in its CPU), and optionally where its CPU went: py-spy samples it (without
pausing it) and each sample is put in the stage whose code it was in.
"""

from __future__ import annotations

import json
import linecache
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsweb import machine_busy

# Stages by the pipeline module a sample is in (the first one below the cycle's own code).
STAGE_OF_MODULE = {
    "fetch": "fetch", "sources": "feeds", "extract": "extract", "extract_meta": "extract",
    "template": "template", "statements": "statements", "speakers": "statements",
    "topics": "statements", "store": "store", "dedupe": "store", "digest": "digest+deliver",
    "deliver": "digest+deliver", "config": "startup", "logs": "startup",
}
STAGES = ("fetch", "feeds", "extract", "template", "statements", "store", "digest+deliver",
          "orchestration", "startup", "other")
_FRAME = re.compile(r"^(?P<func>[^ ]+) \((?P<file>[^:]+)(?::(?P<line>\d+))?\)$")
LOCK_WAIT = "lock wait"


@dataclass
class Run:
    """One `newswatch run --once`, measured from the outside."""

    wall: float
    cpu: float
    peak_rss_mb: float
    exit_code: int
    others_cpu: float  # CPU seconds the rest of the machine used during the run
    counts: dict[str, int] = field(default_factory=dict)  # the `cycle done` line
    source_errors: Counter = field(default_factory=Counter)  # failed sources by error
    page_errors: Counter = field(default_factory=Counter)  # skipped articles by error
    stages: dict[str, float] = field(default_factory=dict)  # share of CPU samples
    samples: int = 0
    profiler_cpu: float = 0.0

    def as_json(self) -> dict:
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in vars(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> Run:
        errors = {k: Counter(data.get(k, {})) for k in ("source_errors", "page_errors")}
        return cls(**(data | errors))


def write_config(path: Path, state: Path, feeds: list[str], topic: tuple[str, str],
                 concurrency: int, per_host_delay: float) -> None:
    """A user's config for these feeds; fetch settings are newswatch's defaults but these."""
    sources = "".join(f'\n[[source]]\nname = "src-{k:05d}"\nurl = "{url}"\nkind = "feed"\n'
                      f'interval = "15m"\n' for k, url in enumerate(feeds))
    path.write_text(
        f'[service]\nstate_dir = "{state}"\nlog_level = "info"\n\n'
        f'[fetch]\nallow_networks = ["127.0.0.0/8"]\nconcurrency = {concurrency}\n'
        f'per_host_delay = "{per_host_delay:g}s"\n{sources}\n'
        f"[[topic]]\nname = \"{topic[0]}\"\nquery = '{topic[1]}'\n", encoding="utf-8")


def newswatch_command() -> list[str]:
    exe = Path(sys.executable).with_name("newswatch")
    return [str(exe) if exe.exists() else shutil.which("newswatch") or "newswatch"]


def run_cycle(config: Path, state: Path, log: Path, profile: Path | None = None,
              rate: int = 2, tick: Callable[[float], None] | None = None) -> Run:
    """`newswatch run --once`, its JSON logs in `log`, py-spy's raw samples in `profile`."""
    busy0, start = machine_busy(), time.monotonic()
    with log.open("w") as err:
        proc = subprocess.Popen([*newswatch_command(), "--log-format", "json", "run", "--once",
                                 "--config", str(config), "--state", str(state)],
                                stdout=subprocess.DEVNULL, stderr=err)
    spy = _start_profiler(proc.pid, profile, rate) if profile else None
    try:
        usage = _wait(proc.pid, start, tick)
    except BaseException:  # interrupted: leave no newswatch (nor py-spy) behind
        for child in filter(None, (proc, spy)):
            child.kill()
            child.wait()
        raise
    wall = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime
    profiler_cpu = 0.0
    if spy:
        spy_usage = os.wait4(spy.pid, 0)[2]
        profiler_cpu = spy_usage.ru_utime + spy_usage.ru_stime
    run = Run(wall=wall, cpu=cpu, peak_rss_mb=usage.peak_kb / 1024,
              exit_code=os.waitstatus_to_exitcode(usage.status),
              others_cpu=machine_busy() - busy0 - cpu - profiler_cpu,
              profiler_cpu=profiler_cpu)
    _read_logs(log, run)
    if profile and profile.exists():
        run.stages, run.samples = stage_split(profile)
    return run


@dataclass
class _Usage:
    ru_utime: float
    ru_stime: float
    peak_kb: int
    status: int


def _wait(pid: int, start: float, tick: Callable[[float], None] | None) -> _Usage:
    """wait4 on the process (its own rusage, not other children's), polling its peak RSS
    and calling `tick` on the way. The peak is VmHWM from /proc, read until the end: the
    child's ru_maxrss would start at this (large) process's size, which fork gave it."""
    peak, last_tick = 0, 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return _Usage(usage.ru_utime, usage.ru_stime, peak, status)
        peak = max(peak, _peak_rss_kb(pid))
        elapsed = time.monotonic() - start
        if tick and elapsed - last_tick >= 1:
            tick(elapsed)
            last_tick = elapsed
        time.sleep(0.1)


def _peak_rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) if match else 0


def _start_profiler(pid: int, out: Path, rate: int) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return None
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--rate", str(rate),
                             "--nonblocking", "--format", "raw", "--full-filenames",
                             "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _read_logs(log: Path, run: Run) -> None:
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        message = entry.get("message", "")
        if message == "cycle done":
            run.counts = {k: v for k, v in entry.items() if isinstance(v, int)}
        elif message.startswith(("source failed", "source not stored", "source run crashed")):
            run.source_errors[_general(entry.get("error") or entry.get("exception", "?"))] += 1
        elif message.startswith("article skipped"):
            run.page_errors[_general(entry.get("error") or message)] += 1


def _general(error: str) -> str:
    """An error message without the addresses and numbers that make each one unique."""
    error = re.sub(r"https?://\S+|127\.\d+\.\d+\.\d+(:\d+)?", "<url>", error.splitlines()[-1]
                   if error else "?")
    return re.sub(r"\d+(\.\d+)?", "N", error)[:160]


def stage_split(raw: Path) -> tuple[dict[str, float], int]:
    """Share of py-spy's samples per stage. py-spy skips idle threads but not those blocked
    on the extraction lock; those are no CPU: they are left out of the shares and given
    as "lock wait", their share of all samples."""
    counts: Counter = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if n.isdigit():
            counts[_stage(stack.split(";"))] += int(n)
    total = sum(counts.values())
    busy = total - counts[LOCK_WAIT]
    shares = {s: counts[s] / busy for s in STAGES if counts[s]} if busy else {}
    return shares | ({LOCK_WAIT: counts[LOCK_WAIT] / total} if counts[LOCK_WAIT] else {}), total


def _stage(frames: list[str]) -> str:
    """The stage of one sampled stack, read from the root: the first pipeline module that
    is not the cycle's own code decides; cycle.statements_on_topics is statements."""
    if _waits_for_lock(frames[-1]):
        return LOCK_WAIT
    in_cycle = False
    for frame in frames:
        match = _FRAME.match(frame.strip())
        if not match or "/pipeline/" not in match["file"]:
            continue
        module = Path(match["file"]).stem
        if match["func"] == "<module>":
            return "startup"  # importing
        if match["func"] == "statements_on_topics":
            return "statements"
        if module in ("cycle", "cli", "__main__", "scheduler"):
            in_cycle = in_cycle or match["func"] in ("run_once", "run_source_safely")
            continue
        return STAGE_OF_MODULE.get(module, "other")
    return "orchestration" if in_cycle else "other"


def _waits_for_lock(leaf: str) -> bool:
    """A stack whose innermost frame is the line taking cycle.py's extraction lock."""
    match = _FRAME.match(leaf.strip())
    if not match or not match["line"] or not match["file"].endswith("pipeline/cycle.py"):
        return False
    return "with _EXTRACTION" in linecache.getline(match["file"], int(match["line"]))


def db_size(state: Path) -> int:
    """Bytes of the database with its WAL."""
    return sum(p.stat().st_size for p in state.glob("newswatch.db*") if p.is_file())
