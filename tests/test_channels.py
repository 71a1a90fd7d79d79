"""Per-topic recipients and channels, and channels through Apprise, end to end: sample
sites -> cycle -> the real SMTP server and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.app.cycle import run_once
from pipeline.app.demo import demo_config
from pipeline.app.services import build_services
from pipeline.config import load_config
from pipeline.errors import ConfigError
from tests.servers import respond

SECOND_TOPIC = '\n[[topic]]\nname = "Stoltenberg"\nquery = "Stoltenberg"\n{lines}\n'


def config_file(sites, tmp_path, mail_port: int, delivery: str, topic_lines: str = ""):
    text = demo_config(sites, tmp_path / "state") + SECOND_TOPIC.format(lines=topic_lines) + (
        f'\n[delivery.email]\nhost = "127.0.0.1"\nport = {mail_port}\nsecurity = "none"\n'
        f'from = "nw@test.localhost"\nto = ["all@test.localhost"]\n{delivery}')
    path = tmp_path / "newswatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_topic_has_its_own_recipients_and_channels(sample_sites, tmp_path, mail_server,
                                                      clock, http_server):
    http_server.routes["/team"] = respond(204)
    hook = f'\n[[delivery.webhook]]\nname = "team"\nurl = "{http_server.url("/team")}"\n'
    path = config_file(sample_sites, tmp_path, mail_server.port, hook,
                       'to = ["nato-desk@test.localhost"]\nchannels = ["email"]')
    svc = build_services(load_config(path), clock)
    assert run_once(svc).digests == 2
    recipients = {json.dumps(e.rcpt_tos) for e in mail_server.messages}
    assert recipients == {'["all@test.localhost"]', '["nato-desk@test.localhost"]'}
    [posted] = [json.loads(hit.body) for hit in http_server.hits]
    assert posted["topic"] == "Russia security guarantees"  # the other topic is mail only
    svc.close()


@pytest.mark.parametrize("lines, error", [
    ('channels = ["chat"]', 'topic 2 ("Stoltenberg"): channels: no channel named \'chat\''),
    ('to = "x@test.localhost"', 'topic 2 ("Stoltenberg"): to: expected a list'),
])
def test_a_topics_channels_must_exist(sample_sites, tmp_path, mail_server, lines, error):
    path = config_file(sample_sites, tmp_path, mail_server.port, "", lines)
    with pytest.raises(ConfigError, match=re.escape(error)):
        load_config(path)


def test_apprise_delivers_and_retries_what_its_service_refused(sample_sites, tmp_path,
                                                                mail_server, clock,
                                                                http_server):
    pytest.importorskip("apprise", reason="the apprise extra: pip install 'newswatch[apprise]'")
    http_server.routes["/apprise"] = respond(503)
    url = http_server.url("/apprise").replace("http://", "json://")
    path = config_file(sample_sites, tmp_path, mail_server.port,
                       f'\n[[delivery.apprise]]\nname = "chat"\nurl = "{url}"\n',
                       'channels = ["chat"]')
    svc = build_services(load_config(path), clock)
    report = run_once(svc)  # a digest per topic for "chat"; the first topic's for email too
    assert (report.delivery.sent, report.delivery.retrying, report.delivery.failed) == (1, 2, 0)
    http_server.routes["/apprise"] = respond(200)
    clock.advance(minutes=5)
    run_once(svc)
    posted = [json.loads(hit.body) for hit in http_server.hits[-2:]]
    assert {p["title"].split(":")[0] for p in posted} == {
        "[newswatch] Stoltenberg", "[newswatch] Russia security guarantees"}
    assert all("Stoltenberg" in p["message"] for p in posted)
    assert {d["status"] for d in svc.store.db.query("SELECT status FROM deliveries "
                                                    "WHERE channel = 'chat'")} == {"sent"}
    svc.close()
