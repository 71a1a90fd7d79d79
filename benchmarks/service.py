"""Run `newswatch run --once` as users do, and measure it from the outside.

Wall time; CPU (user + system) of the process and of its worker processes (this process
is made a child subreaper, so the forkserver and the workers, orphaned when newswatch
exits, are reaped here and their rusage counted: wait4 gives each process's own CPU plus
that of the children it reaped); peak RSS of the main process (VmHWM) and of the whole
process tree (the sum of VmRSS, sampled); the `cycle done` counts and every failure from
its JSON logs; the CPU the rest of the machine used meanwhile (other processes on shared
cores slow a cycle down without showing in its CPU); and optionally where its CPU went:
py-spy samples it and its worker processes (--subprocesses, without pausing them) and
each sample is put in the stage whose code it was in.
"""

from __future__ import annotations

import ctypes
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

# Stages by the pipeline module a sample is in (the first one below the cycle's own code),
# by path below pipeline/: a package maps all its modules, a module only itself.
STAGE_OF_MODULE = {
    "crawl/fetch.py": "fetch", "crawl/decode.py": "fetch", "net.py": "fetch",
    "crawl/links.py": "feeds", "extract/boilerplate.py": "template", "extract/": "extract",
    "dates.py": "extract", "statements/": "statements", "topics.py": "statements",
    "store.py": "store", "dedupe.py": "store", "digest.py": "digest+deliver",
    "deliver.py": "digest+deliver", "config.py": "startup", "app/logs.py": "startup",
    "app/lock.py": "startup",
}
# The cycle's own code: a sample in it alone is orchestration; below it, the stage decides.
CYCLE_MODULES = ("app/cycle.py", "app/cli.py", "app/scheduler.py", "app/services.py",
                 "app/workers.py", "__main__.py", "text.py", "urls.py")
STAGES = ("fetch", "feeds", "extract", "template", "statements", "store", "digest+deliver",
          "orchestration", "worker IPC", "startup", "other")
_FRAME = re.compile(r"^(?P<func>[^ ]+) \((?P<file>[^:]+)(?::(?P<line>\d+))?\)$")
_IPC = ("/multiprocessing/", "/concurrent/futures/process.py")
LOCK_WAIT = "waiting"


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
    workers_cpu: float = 0.0  # of `cpu`: the worker processes' (and their forkserver's)
    tree_peak_mb: float = 0.0  # the most the process and its workers held at once
    tree_peak_pss_mb: float = 0.0  # the same, pages they share counted once (PSS)
    processes: int = 1  # newswatch's processes seen: itself, forkserver, workers

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
    _become_subreaper()
    busy0, start = machine_busy(), time.monotonic()
    with log.open("w") as err:
        proc = subprocess.Popen([*newswatch_command(), "--log-format", "json", "run", "--once",
                                 "--config", str(config), "--state", str(state)],
                                stdout=subprocess.DEVNULL, stderr=err)
    spy = _start_profiler(proc.pid, profile, rate) if profile else None
    tree = _Tree(proc.pid)
    try:
        usage = _wait(proc.pid, tree, start, tick)
        orphans = tree.reap_orphans()
    except BaseException:  # interrupted: leave no newswatch (nor py-spy) behind
        for child in filter(None, (proc, spy)):
            child.kill()
            child.wait()
        raise
    wall = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime + orphans
    profiler_cpu = 0.0
    if spy:
        spy_usage = os.wait4(spy.pid, 0)[2]
        profiler_cpu = spy_usage.ru_utime + spy_usage.ru_stime
    run = Run(wall=wall, cpu=cpu, peak_rss_mb=usage.peak_kb / 1024,
              exit_code=os.waitstatus_to_exitcode(usage.status),
              others_cpu=machine_busy() - busy0 - cpu - profiler_cpu,
              profiler_cpu=profiler_cpu, workers_cpu=usage.children_cpu + orphans,
              tree_peak_mb=tree.peak_kb / 1024, tree_peak_pss_mb=tree.peak_pss_kb / 1024,
              processes=len(tree.seen))
    _read_logs(log, run)
    if profile and profile.exists():
        run.stages, run.samples = stage_split(profile)
    return run


def _become_subreaper() -> None:
    """Orphaned descendants of our children (the forkserver and the worker processes,
    when newswatch exits before them) become our children, so that wait4 gives their CPU
    (PR_SET_CHILD_SUBREAPER)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


class _Tree:
    """The newswatch process and its descendants, followed through /proc: their summed
    resident memory at its peak, and (after newswatch exits) the descendants left over."""

    def __init__(self, root: int) -> None:
        self.root, self.peak_kb, self.peak_pss_kb, self.seen = root, 0, 0, {root}

    def poll(self) -> None:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                ppid = _stat_fields(int(entry.name))
                if ppid:
                    children.setdefault(ppid[0], []).append(int(entry.name))
        todo, members = [self.root], []
        while todo:
            pid = todo.pop()
            members.append(pid)
            todo.extend(children.get(pid, ()))
        self.seen.update(members)
        self.peak_kb = max(self.peak_kb, sum(_memory_kb(pid, "status", "VmRSS")
                                             for pid in members))
        self.peak_pss_kb = max(self.peak_pss_kb, sum(_memory_kb(pid, "smaps_rollup", "Pss")
                                                     for pid in members))

    def reap_orphans(self, patience: float = 30.0) -> float:
        """Wait for the descendants reparented to this process (the forkserver exits when
        newswatch has; workers still busy follow); their CPU seconds, with that of the
        children they reaped."""
        cpu, deadline = 0.0, time.monotonic() + patience
        left = {pid for pid in self.seen - {self.root}
                if (_stat_fields(pid) or (0,))[0] == os.getpid()}
        while left and time.monotonic() < deadline:
            for pid in list(left):
                try:
                    done, _, usage = os.wait4(pid, os.WNOHANG)
                except ChildProcessError:
                    left.discard(pid)
                    continue
                if done:
                    cpu += usage.ru_utime + usage.ru_stime
                    left.discard(pid)
            time.sleep(0.05)
        return cpu


def _stat_fields(pid: int) -> tuple[int] | None:
    """(ppid,) of a live process, from /proc/PID/stat."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return (int(stat.rsplit(")", 1)[1].split()[1]),)


def _memory_kb(pid: int, file: str, field: str) -> int:
    """A process's memory figure in kB from /proc/PID/`file`'s line `field`; 0 if gone."""
    try:
        status = Path(f"/proc/{pid}/{file}").read_text()
    except OSError:
        return 0
    match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) if match else 0


@dataclass
class _Usage:
    ru_utime: float  # with the children newswatch reaped (the forkserver, if it did)
    ru_stime: float
    children_cpu: float  # of the two above: the reaped children's
    peak_kb: int
    status: int


def _wait(pid: int, tree: _Tree, start: float, tick: Callable[[float], None] | None) -> _Usage:
    """wait4 on the process (its own rusage and that of the children it reaped, not
    other children's of ours), polling its peak RSS and its tree's and calling `tick` on
    the way. The peak is VmHWM from /proc, read until the end: the child's ru_maxrss would
    start at this (large) process's size, which fork gave it."""
    peak, last_tick, last_tree, own = 0, 0.0, 0.0, 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            total = usage.ru_utime + usage.ru_stime
            return _Usage(usage.ru_utime, usage.ru_stime, max(0.0, total - own), peak, status)
        peak = max(peak, _memory_kb(pid, "status", "VmHWM"))
        own = max(own, _own_cpu(pid))
        elapsed = time.monotonic() - start
        if elapsed - last_tree >= 0.5:
            tree.poll()
            last_tree = elapsed
        if tick and elapsed - last_tick >= 1:
            tick(elapsed)
            last_tick = elapsed
        time.sleep(0.1)


def _own_cpu(pid: int) -> float:
    """The process's own CPU seconds so far (utime + stime, not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start_profiler(pid: int, out: Path, rate: int) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return None
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--rate", str(rate),
                             "--nonblocking", "--subprocesses", "--format", "raw",
                             "--full-filenames", "--output", str(out)],
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
    """Share of py-spy's samples per stage. py-spy skips idle threads but not all of those
    blocked (on a worker's result, a lock, a condition); those are no CPU: they are left
    out of the shares and given as "waiting", their share of all samples."""
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
    is not the cycle's own code decides; cycle.statements_on_topics is statements. A stack
    in no stage but in multiprocessing's code is the pool's IPC (pickling pages and results,
    in the feeder thread or a worker)."""
    if _waits(frames):
        return LOCK_WAIT
    in_cycle = ipc = False
    for frame in frames:
        match = _FRAME.match(frame.strip())
        if not match:
            continue
        ipc = ipc or any(part in match["file"] for part in _IPC)
        if "/pipeline/" not in match["file"]:
            continue
        module = match["file"].rsplit("/pipeline/", 1)[1]
        if match["func"] == "<module>":
            return "startup"  # importing
        if match["func"] == "statements_on_topics":
            return "statements"
        if module in CYCLE_MODULES:
            in_cycle = in_cycle or match["func"] in ("run_once", "run_source_safely",
                                                     "analyse_page", "run")
            continue
        return next((stage for prefix, stage in STAGE_OF_MODULE.items()
                     if module == prefix or (prefix.endswith("/") and module.startswith(prefix))),
                    "other")
    return "orchestration" if in_cycle else "worker IPC" if ipc else "other"


def _waits(frames: list[str]) -> bool:
    """A thread blocked, not running: waiting for a worker's result (Workers.run) or for
    the in-thread lock (workers = 0), on a condition, a queue, a selector or a pipe (py-spy
    names functions with their class: Condition.wait), or for the database's write lock."""
    match = _FRAME.match(frames[-1].strip())
    if not match:
        return False
    func = match["func"].rsplit(".", 1)[-1]
    if func in _BLOCKING and match["file"].endswith(_BLOCKING_FILES):
        return True
    if match["line"] and match["file"].endswith("pipeline/app/workers.py"):
        line = linecache.getline(match["file"], int(match["line"]))
        return "with self._lock" in line or ".result()" in line
    return _waits_to_write(frames)


def _waits_to_write(frames: list[str]) -> bool:
    """The innermost pipeline frame is Store.transaction taking the write lock (its own,
    or SQLite's BEGIN IMMEDIATE, whose busy handler sleeps in C)."""
    for frame in reversed(frames):
        match = _FRAME.match(frame.strip())
        if match and "/pipeline/" in match["file"]:
            if not match["line"] or not match["file"].endswith("pipeline/store.py"):
                return False
            line = linecache.getline(match["file"], int(match["line"]))
            return "BEGIN IMMEDIATE" in line or "self._write_lock" in line
    return False


_BLOCKING = frozenset({"wait", "_wait_for_tstate_lock", "get", "select", "_recv", "acquire"})
_BLOCKING_FILES = ("/threading.py", "/queue.py", "/selectors.py", "/multiprocessing/connection.py",
                   "/multiprocessing/queues.py", "/multiprocessing/synchronize.py")


def db_size(state: Path) -> int:
    """Bytes of the database with its WAL."""
    return sum(p.stat().st_size for p in state.glob("newswatch.db*") if p.is_file())
