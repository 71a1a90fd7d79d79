"""Immediate mode: one digest per topic per round of sources, min_gap's hold and when it
ends, the service's settle window."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pipeline.app.cycle import held_until, make_digests, run_once
from pipeline.app.settle import Settle
from pipeline.digest import render_digest
from pipeline.store import Store
from tests.conftest import received
from tests.test_service import add_ryabkov_article
from tests.test_store import store_statement

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_sources_finishing_close_together_share_one_digest_time():
    settle = Settle(timedelta(seconds=30), timedelta(minutes=5))
    assert settle.due_at() is None
    for _ in range(3):
        settle.started()
    settle.finished(at(5))
    assert settle.due_at() == at(305)  # two still running: only the cap
    settle.finished(at(20))
    settle.finished(at(40))
    assert settle.due_at() == at(70)  # the window after the last one
    settle.digested(at(70), None)
    assert settle.due_at() is None


def test_a_source_that_never_ends_holds_the_digest_only_up_to_the_cap():
    settle = Settle(timedelta(seconds=30), timedelta(minutes=5))
    settle.started()
    settle.started()
    settle.finished(at(10))
    assert settle.due_at() == at(310)


def test_a_source_finishing_while_digests_are_made_gets_the_next_round():
    settle = Settle(timedelta(seconds=30), timedelta(minutes=5))
    settle.started()
    settle.finished(at(10))
    settle.started()
    settle.finished(at(45))  # after the digest job read the clock at 40
    settle.digested(at(40), held_until=at(3600))
    assert settle.due_at() == at(75)


def test_a_topic_held_by_min_gap_is_planned_for_when_its_gap_ends():
    settle = Settle(timedelta(seconds=30), timedelta(minutes=5))
    settle.digested(at(0), held_until=at(3600))
    assert settle.due_at() == at(3600)


def test_a_round_of_digests_covers_the_alerts_stored_before_it(tmp_path, clock):
    """A source still running stores alerts while the round makes its digests: they wait
    for the next round instead of making a second digest at once."""
    store = Store(tmp_path / "nw.db")
    store_statement(store, clock)
    upto = store.last_alert_id()
    store_statement(store, clock, "Press TV", "https://presstv.example/new",
                    "We are ready to act on security guarantees")
    render = lambda items: render_digest("Russia", items)  # noqa: E731
    first = store.create_digest("Russia", ["email"], clock(), render, upto=upto)
    assert store.create_digest("Russia", ["email"], clock(), render, upto=upto) is None
    assert len(first.payload["statements"]) == 1
    assert store.status()["pending_alerts"] == 1


def test_min_gap_holds_a_digest_and_the_log_says_until_when(svc, mail_server, sites_dir,
                                                           clock, caplog):
    svc.config = replace(svc.config, delivery=replace(svc.config.delivery, min_gap=3600))
    run_once(svc)
    first_at = clock()
    add_ryabkov_article(sites_dir, "ryabkov.html")
    clock.advance(minutes=20)
    with caplog.at_level(logging.INFO):
        assert run_once(svc).digests == 0
    [held] = [r for r in caplog.records if r.getMessage() == "digest held back by min_gap"]
    assert held.until == "2026-01-05T10:00:00Z" and held_until(svc) == first_at + timedelta(
        hours=1)
    clock.advance(minutes=40)
    assert make_digests(svc) == 1 and held_until(svc) is None
    run_once(svc)
    assert len(received(mail_server)) == 2
