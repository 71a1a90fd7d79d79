"""`/metrics` in the Prometheus text format (version 0.0.4), from Archive.metrics() and
the health report: a pure rendering, tested on plain dicts."""

from __future__ import annotations

from collections.abc import Iterable

from .health import EXIT_CODES, HealthReport

# name -> (type, help)
_METRICS = {
    "newswatch_source_fetches_total": ("counter", "Runs of a source (a fetch of its feed, "
                                       "listing or sitemap and of its new articles)."),
    "newswatch_source_errors_total": ("counter", "Runs of a source that failed."),
    "newswatch_source_fetch_seconds_total": ("counter", "Seconds spent running a source."),
    "newswatch_source_articles_total": ("counter", "New articles stored from a source."),
    "newswatch_source_up": ("gauge", "1 if the source's last fetch had no problem, else 0 "
                                     "(not fetched yet counts as 1)."),
    "newswatch_topic_statements": ("gauge", "Distinct statements stored on a topic."),
    "newswatch_topic_digests": ("gauge", "Digests made for a topic."),
    "newswatch_deliveries": ("gauge", "Deliveries by channel and state (pending, sent, "
                                      "failed)."),
    "newswatch_cycle_seconds": ("gauge", "Duration of the last full cycle (run --once)."),
    "newswatch_database_bytes": ("gauge", "Size of the SQLite database with its WAL."),
    "newswatch_health": ("gauge", "0 healthy, 1 degraded, 2 failing (as `newswatch status` "
                                  "exits)."),
}


def label_value(value: object) -> str:
    """A label value escaped as the format requires: backslash, double quote, newline."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _sample(name: str, value: float, **labels: object) -> str:
    inner = ",".join(f'{key}="{label_value(v)}"' for key, v in labels.items())
    number = repr(float(value)) if isinstance(value, float) else str(int(value))
    return f"{name}{{{inner}}} {number}" if inner else f"{name} {number}"


def render(metrics: dict, health: HealthReport) -> str:
    """The exposition text: each metric's HELP and TYPE, then its samples."""
    samples: dict[str, list[str]] = {name: [] for name in _METRICS}
    for row in metrics["sources"]:
        source = row["source"]
        samples["newswatch_source_fetches_total"].append(
            _sample("newswatch_source_fetches_total", row["runs"], source=source))
        samples["newswatch_source_errors_total"].append(
            _sample("newswatch_source_errors_total", row["errors"], source=source))
        samples["newswatch_source_fetch_seconds_total"].append(
            _sample("newswatch_source_fetch_seconds_total", row["seconds"], source=source))
        samples["newswatch_source_articles_total"].append(
            _sample("newswatch_source_articles_total", row["articles"], source=source))
    samples["newswatch_source_up"] = [
        _sample("newswatch_source_up", int(s.problem is None), source=s.name)
        for s in health.sources]
    samples["newswatch_topic_statements"] = [
        _sample("newswatch_topic_statements", r["n"], topic=r["topic"])
        for r in metrics["statements"]]
    samples["newswatch_topic_digests"] = [
        _sample("newswatch_topic_digests", r["n"], topic=r["topic"]) for r in metrics["digests"]]
    samples["newswatch_deliveries"] = [
        _sample("newswatch_deliveries", r["n"], channel=r["channel"], state=r["status"])
        for r in metrics["deliveries"]]
    if metrics["cycle"]:
        samples["newswatch_cycle_seconds"] = [
            _sample("newswatch_cycle_seconds", metrics["cycle"]["seconds"])]
    samples["newswatch_database_bytes"] = [
        _sample("newswatch_database_bytes", metrics["database_bytes"])]
    samples["newswatch_health"] = [_sample("newswatch_health", EXIT_CODES[health.level])]
    return "".join(_block(name, lines) for name, lines in samples.items())


def _block(name: str, lines: Iterable[str]) -> str:
    kind, text = _METRICS[name]
    return f"# HELP {name} {text}\n# TYPE {name} {kind}\n" + "".join(f"{line}\n"
                                                                     for line in lines)
