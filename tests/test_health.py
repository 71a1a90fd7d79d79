"""The health rules (app/health.py) on plain rows: what `status`, its exit code and
/healthz say for each state a user meets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipeline.app.health import StoredState, assess, describe
from pipeline.config import parse_config

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def config(delivery: dict | None = None):
    data = {"source": [{"name": "A", "url": "https://a.example/feed", "kind": "feed",
                        "interval": "30m"},
                       {"name": "B", "url": "https://b.example/", "kind": "listing"}],
            "topic": [{"name": "Russia", "query": "Russia"}]}
    if delivery:
        data["delivery"] = delivery
    return parse_config(data, Path("test.toml"))


def row(name: str, last: str = "2026-03-02T11:50:00Z", error: str | None = None,
        failures: int = 0, next_at: str | None = None, **extra: object) -> dict:
    return {"name": name, "failures": failures, "last_error": error, "last_attempt_at": last,
            "last_success_at": None if error else last, "next_attempt_at": next_at, **extra}


def test_every_source_fetched_without_a_problem_is_healthy_with_its_next_fetch():
    report = assess(config(), StoredState({"A": row("A"), "B": row("B")}), NOW)
    assert (report.level, report.exit_code, report.http_status) == ("healthy", 0, 200)
    assert report.sources[0].next_fetch == "2026-03-02T12:20:00Z"  # last + 30m
    assert report.sources[1].next_fetch == "2026-03-02T12:20:00Z"  # the default 30m


def test_before_the_first_run_every_source_is_listed_as_not_fetched_yet():
    report = assess(config(), StoredState(exists=False), NOW)
    assert report.level == "healthy"
    assert [s.state for s in report.sources] == ["not fetched yet"] * 2
    assert "no database yet" in "\n".join(describe(report))


def test_one_failing_source_degrades_all_failing_fails():
    one = assess(config(), StoredState({"A": row("A", error="HTTP 500", failures=3,
                                                 next_at="2026-03-02T14:00:00Z"),
                                        "B": row("B")}), NOW)
    assert (one.level, one.exit_code) == ("degraded", 1) and one.http_status == 200
    assert one.sources[0].next_fetch == "2026-03-02T14:00:00Z"  # backing off
    assert one.reasons == ("source A: 3 failed fetches in a row: HTTP 500",)
    both = assess(config(), StoredState({"A": row("A", error="HTTP 500", failures=1),
                                         "B": row("B", error="timeout", failures=1)}), NOW)
    assert (both.level, both.exit_code, both.http_status) == ("failing", 2, 503)


def test_any_last_status_but_ok_is_a_problem():
    """A fetch that gave no article links (a wrong `kind`) is never "ok"."""
    report = assess(config(), StoredState({
        "A": row("A", last_status="no article links found: is kind right?"),
        "B": row("B", last_status="ok")}), NOW)
    assert report.level == "degraded"
    assert report.sources[0].state == "warning" and report.sources[1].state == "ok"


def test_a_source_not_fetched_long_after_it_was_due_is_overdue():
    report = assess(config(), StoredState({"A": row("A", last="2026-03-01T08:00:00Z"),
                                           "B": row("B")}), NOW)
    assert report.sources[0].state == "overdue" and "is the service running" in (
        report.sources[0].problem or "")


def test_deliveries_retrying_degrade_failed_for_good_fail():
    sources = {"A": row("A"), "B": row("B")}
    retrying = {"id": 1, "channel": "email", "status": "pending", "attempts": 2,
                "last_error": "421 try later", "next_attempt_at": "2026-03-02T12:05:00Z"}
    assert assess(config(), StoredState(sources, [retrying]), NOW).level == "degraded"
    failed = {**retrying, "status": "failed", "last_error": "550 no such user"}
    report = assess(config(), StoredState(sources, [failed]), NOW)
    assert report.level == "failing" and "newswatch retry" in report.reasons[0]
    queued = {**retrying, "attempts": 0}  # not tried yet: no problem
    assert assess(config(), StoredState(sources, [queued]), NOW).level == "healthy"


def test_next_digest_per_topic_in_each_mode():
    rows = {"A": row("A"), "B": row("B")}
    idle = assess(config(), StoredState(rows), NOW).topics[0]
    assert idle.next_digest == "when a fetch finds a new statement"
    held = assess(config({"min_gap": "2h"}), StoredState(
        rows, pending={"Russia": 3}, last_digest={"Russia": "2026-03-02T11:00:00Z"}),
        NOW).topics[0]
    assert (held.pending, held.next_digest) == (3, "2026-03-02T13:00:00Z")
    cron = assess(config({"mode": "cron", "cron": "0 8,17 * * *"}),
                  StoredState(rows, pending={"Russia": 1}), NOW).topics[0]
    assert cron.next_digest == "2026-03-02T17:00:00Z"


def test_status_explains_each_count():
    lines = describe(assess(config(), StoredState(
        {"A": row("A")}, counts={"articles": 5, "statements": 7, "pending_alerts": 2,
                                 "digests": 1}), NOW))
    text = "\n".join(lines)
    assert "pending alerts 2: statements waiting for the next digest of their topic" in text
    assert "B (listing): not fetched yet" in text
