"""A new source's backlog: archived (stored, searchable, not alerted) by default, or
alerted like news where the config says so."""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.app.cycle import run_once
from pipeline.app.demo import demo_config
from pipeline.app.services import build_services
from pipeline.config import load_config
from pipeline.topics import parse_query, to_fts
from tests.conftest import digest_payloads, plain, received
from tests.test_service import add_ryabkov_article


def services_without_backlog_setting(sites, state: Path, mail_port: int, clock,
                                     source_lines: str = ""):
    """The demo's sources and topic with email to the test server and no [digest] table
    (the default policy); `source_lines` are added to the first [[source]]."""
    config = demo_config(sites, state).split("[digest]")[0].replace(
        'interval = "15m"\n', f'interval = "15m"\n{source_lines}', 1) + (
        f'\n[delivery.email]\nhost = "127.0.0.1"\nport = {mail_port}\nsecurity = "none"\n'
        f'from = "nw@test.localhost"\nto = ["analyst@test.localhost"]\n')
    state.mkdir(parents=True)
    (state / "newswatch.toml").write_text(config, encoding="utf-8")
    return build_services(load_config(state / "newswatch.toml"), clock)


def test_a_new_sources_backlog_is_archived_and_what_comes_after_is_alerted(
        sample_sites, sites_dir, tmp_path, mail_server, clock, caplog):
    svc = services_without_backlog_setting(sample_sites, tmp_path / "s", mail_server.port,
                                           clock)
    with caplog.at_level(logging.INFO):
        report = run_once(svc)
    assert report.counts()["new_articles"] >= 10 and report.digests == 0
    assert not mail_server.messages
    assert svc.store.status()["statements"] > 20  # stored: kept for dedupe and search
    assert svc.store.search(to_fts(parse_query("Stoltenberg")))
    assert {r.source for r in caplog.records if getattr(r, "backlog", "") == "archived"} == {
        s.name for s in svc.config.sources}
    add_ryabkov_article(sites_dir, "ryabkov.html")
    clock.advance(minutes=20)
    assert run_once(svc).digests == 1
    [message] = received(mail_server)
    assert "We are not going to wait forever" in plain(message)
    [payload] = digest_payloads(svc)
    assert {o["name"] for s in payload["statements"] for o in s["outlets"]} == {"Press TV"}
    svc.close()


def test_a_source_may_have_its_backlog_alerted(sample_sites, tmp_path, mail_server, clock):
    svc = services_without_backlog_setting(sample_sites, tmp_path / "s", mail_server.port,
                                           clock, 'backlog = "digest"\n')
    first = svc.config.sources[0].name
    assert run_once(svc).digests == 1
    [payload] = digest_payloads(svc)
    assert {o["name"] for s in payload["statements"] for o in s["outlets"]} == {first}
    svc.close()
