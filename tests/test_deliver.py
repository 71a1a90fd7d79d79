"""Delivery to a real SMTP server, a real webhook server and the file outbox."""

import email
import json
from dataclasses import replace
from email import policy

import pytest
import requests

from pipeline.config import EmailSettings, WebhookSettings
from pipeline.deliver import FileSender, SmtpSender, WebhookSender, build_email, deliver_due
from pipeline.errors import DeliveryError
from pipeline.store import Store, StoredDigest
from tests.servers import respond, sequence

DIGEST = StoredDigest(id=7, topic="Russia", message_id="<newswatch.abc@test.localhost>",
                      created_at="2026-01-05T09:00:00Z", subject="[newswatch] Russia: 1 new",
                      text="Lavrov said things\n", html="<p>Lavrov said things</p>",
                      payload={"topic": "Russia", "statements": []})


def smtp(mail_server) -> SmtpSender:
    return SmtpSender(EmailSettings(host="127.0.0.1", port=mail_server.port, security="none",
                                    sender="nw@example.org", recipients=("a@example.org",),
                                    timeout=5), None)


def test_email_has_both_parts_and_stable_message_id(mail_server):
    smtp(mail_server).send(DIGEST)
    [envelope] = mail_server.messages
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Message-ID"] == DIGEST.message_id
    assert message["Subject"] == DIGEST.subject
    assert envelope.rcpt_tos == ["a@example.org"]
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == DIGEST.text
    assert "<p>Lavrov said things</p>" in message.get_body(("html",)).get_content()


@pytest.mark.parametrize("reply, permanent", [("451 4.3.0 try later", False),
                                              ("554 5.7.1 rejected", True)])
def test_smtp_refusals_are_classified(mail_server, reply, permanent):
    mail_server.handler.fail_with = reply
    with pytest.raises(DeliveryError) as info:
        smtp(mail_server).send(DIGEST)
    assert info.value.permanent is permanent


def test_smtp_server_down_is_temporary(mail_server):
    mail_server.stop()
    with pytest.raises(DeliveryError) as info:
        smtp(mail_server).send(DIGEST)
    assert not info.value.permanent


def test_webhook_gets_json_with_idempotency_key(http_server):
    http_server.routes["/hook"] = respond(204)
    session = requests.Session()
    WebhookSender(WebhookSettings(http_server.url("/hook")), session).send(DIGEST)
    hit = http_server.hits[-1]
    assert hit.headers["Idempotency-Key"] == "newswatch.abc@test.localhost"
    body = json.loads(hit.body)
    assert (body["message_id"], body["topic"]) == (DIGEST.message_id, "Russia")


def test_webhook_errors_are_classified(http_server):
    session = requests.Session()
    hook = WebhookSender(WebhookSettings(http_server.url("/hook"), "slack"), session)
    http_server.routes["/hook"] = respond(503)
    with pytest.raises(DeliveryError) as info:
        hook.send(DIGEST)
    assert not info.value.permanent
    http_server.routes["/hook"] = respond(404)
    with pytest.raises(DeliveryError) as info:
        hook.send(DIGEST)
    assert info.value.permanent
    assert json.loads(hook.messages(DIGEST)[0].body)["text"].startswith("*[newswatch] Russia")


def test_file_outbox_rewrites_the_same_file_on_retry(tmp_path):
    sender = FileSender(tmp_path / "outbox")
    sender.send(DIGEST)
    sender.send(DIGEST)
    [path] = (tmp_path / "outbox").iterdir()
    assert path.name.startswith("digest-000007-") and path.suffix == ".eml"
    assert email.message_from_bytes(path.read_bytes())["Message-ID"] == DIGEST.message_id
    other = replace(DIGEST, message_id="<newswatch.def@test.localhost>")  # another database's
    sender.send(other)
    assert len(list((tmp_path / "outbox").iterdir())) == 2


def test_subject_with_line_breaks_cannot_add_headers():
    bad = StoredDigest(**{**DIGEST.__dict__, "subject": "ok\r\nBcc: x@example.org"})
    raw = build_email(bad, "nw@example.org", ("a@example.org",)).as_bytes()
    message = email.message_from_bytes(raw)
    assert message["Bcc"] is None and message["Subject"] == "ok Bcc: x@example.org"


def one_digest(store: Store, clock, channels=("email",)) -> StoredDigest:
    """A digest in the outbox, made the way the cycle makes it."""
    from pipeline.digest import render_digest
    from tests.test_store import store_statement

    store_statement(store, clock)
    return store.create_digest("Russia", list(channels), clock(),
                               lambda items: render_digest("Russia", items))


def test_outbox_retries_until_the_server_is_back_then_sends_once(tmp_path, mail_server, clock):
    store = Store(tmp_path / "nw.db")
    digest = one_digest(store, clock)
    senders = {"email": smtp(mail_server)}
    mail_server.stop()
    report = deliver_due(store, senders, clock, retry_interval=60)
    assert (report.sent, report.retrying) == (0, 1)
    assert deliver_due(store, senders, clock).retrying == 0  # not due yet
    mail_server.start()
    clock.advance(seconds=61)
    assert deliver_due(store, senders, clock).sent == 1
    clock.advance(hours=2)
    assert deliver_due(store, senders, clock).sent == 0
    [envelope] = mail_server.messages
    assert email.message_from_bytes(envelope.content)["Message-ID"] == digest.message_id


def test_permanent_failure_is_kept_and_can_be_retried(tmp_path, mail_server, clock):
    store = Store(tmp_path / "nw.db")
    one_digest(store, clock)
    senders = {"email": smtp(mail_server)}
    mail_server.handler.fail_with = "550 5.1.1 no such user"
    assert deliver_due(store, senders, clock).failed == 1
    [row] = store.status()["deliveries"]
    assert row["status"] == "failed" and "550" in row["last_error"]
    mail_server.handler.fail_with = None
    assert store.retry_failed(clock()) == 1
    assert deliver_due(store, senders, clock).sent == 1
    assert len(mail_server.messages) == 1


def test_a_failing_channel_does_not_hold_back_another(tmp_path, mail_server, http_server, clock):
    store = Store(tmp_path / "nw.db")
    hook_url = http_server.url("/hook")
    one_digest(store, clock, channels=("email", f"webhook:{hook_url}"))
    http_server.routes["/hook"] = sequence(respond(500), respond(200))
    senders = {"email": smtp(mail_server),
               f"webhook:{hook_url}": WebhookSender(WebhookSettings(hook_url),
                                                    requests.Session())}
    report = deliver_due(store, senders, clock, retry_interval=10)
    assert (report.sent, report.retrying) == (1, 1)
    clock.advance(seconds=11)
    assert deliver_due(store, senders, clock).sent == 1
    assert len(mail_server.messages) == 1 and http_server.count("/hook") == 2
