"""Deliver digests from the outbox: SMTP email, webhooks, or .eml files.

A delivery is marked sent only after the server accepted it; temporary failures are
retried with backoff (never dropped); permanent ones are kept as failed and reported.
Every attempt for a digest carries the same Message-ID (and webhook Idempotency-Key),
so the worst case after a crash is a repeat that receivers can recognise.

Each attempt has a total deadline (the watchdog shuts its connection when it passes),
and the channels are served side by side, so a stuck server holds up only its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import smtplib
import ssl
import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Protocol

import requests

from .chat import ChatMessage, chat_messages, chat_text
from .config import AppriseSettings, DeliverySettings, EmailSettings, WebhookSettings
from .errors import BlockedURLError, DeliveryError
from .net import Deadline, Watchdog
from .store import ArchiveStore, Delivery, StoredDigest
from .text import one_line
from .urls import redacted

log = logging.getLogger(__name__)
MAX_RETRY_WAIT = timedelta(hours=1)
# CRLF as SMTP wants, and headers not folded below RFC 5322's 998: the email package may
# fold a subject at the space between two encoded words, which readers then drop ("¡ ¡"
# arrives as "¡¡"). A subject capped at SUBJECT_LIMIT characters never needs folding.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)
SUBJECT_LIMIT = 200
WEBHOOK_TIMEOUT = 30.0  # total, connect to status line; the body is never read
STOP_GRACE = 20.0  # what a delivery in flight is given to finish once the service stops
MIN_RATE = 100_000  # bytes a second: a delivery's deadline grows by 1 s per 100 KB sent


def allowed_time(timeout: float, size: int) -> float:
    """The total deadline of sending `size` bytes: `timeout`, plus time for a large digest
    over a slow link (5 MB: 50 s more), so that only a stuck server misses it."""
    return timeout + size / MIN_RATE


class Sender(Protocol):
    def send(self, digest: StoredDigest) -> None:
        """Deliver or raise DeliveryError (permanent=True when retrying cannot help)."""


def build_email(digest: StoredDigest, sender: str, recipients: tuple[str, ...]) -> EmailMessage:
    """A multipart/alternative message; headers refuse line breaks, so page text cannot add
    headers even if it reached the subject unflattened."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = one_line(digest.subject, SUBJECT_LIMIT)  # stored ones predate rules
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Message-ID"] = digest.message_id
    created = datetime.strptime(digest.created_at, "%Y-%m-%dT%H:%M:%SZ")
    message["Date"] = format_datetime(created.replace(tzinfo=UTC))
    message["X-Newswatch-Topic"] = one_line(digest.topic)
    message.set_content(digest.text)
    message.add_alternative(digest.html, subtype="html")
    return message


class SmtpSender:
    """SMTP with a total deadline for one conversation, connect to QUIT: `timeout`, plus
    a second per 100 KB of message (see allowed_time)."""

    def __init__(self, settings: EmailSettings, password: str | None,
                 watchdog: Watchdog | None = None,
                 recipients: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.settings = settings
        self.password = password
        self.watchdog = watchdog or Watchdog()
        self.recipients = recipients or {}  # topic -> its own `to`; others: the global one

    def send(self, digest: StoredDigest) -> None:
        s = self.settings
        to = self.recipients.get(digest.topic, s.recipients)
        message = build_email(digest, s.sender, to)
        seconds = allowed_time(s.timeout, len(digest.text) + len(digest.html))
        with self.watchdog.deadline(seconds, STOP_GRACE) as deadline:
            try:
                with self._connect(deadline) as smtp:
                    if s.username:
                        smtp.login(s.username, self.password or "")
                    refused = smtp.send_message(message, s.sender, list(to))
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                raise DeliveryError(f"smtp: all recipients refused {exc.recipients}",
                                    permanent=all(c >= 500 for c in codes)) from None
            except smtplib.SMTPResponseException as exc:
                raise DeliveryError(f"smtp: {exc.smtp_code} {_text(exc.smtp_error)}",
                                    permanent=exc.smtp_code >= 500) from None
            except (smtplib.SMTPException, OSError) as exc:
                if deadline.expired:
                    raise DeliveryError(f"smtp: {deadline.describe()}") from None
                raise DeliveryError(f"smtp: {type(exc).__name__}: {exc}") from None
        if refused:  # accepted for some: retrying would mail the others twice
            log.warning("smtp recipients refused", extra={"digest": digest.id,
                                                          "refused": str(refused)})

    def _connect(self, deadline: Deadline) -> smtplib.SMTP:
        """Connected under the deadline: the object exists, and is watched, before the
        first byte is read."""
        s = self.settings
        smtp = (smtplib.SMTP_SSL(timeout=s.timeout, context=ssl.create_default_context())
                if s.security == "ssl" else smtplib.SMTP(timeout=s.timeout))
        deadline.watch(smtp)
        try:
            smtp.connect(s.host, s.port)
            deadline.watch(smtp)  # a deadline that passed while connecting shuts it now
            if s.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        except BaseException:
            smtp.close()
            raise
        return smtp


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


class FileSender:
    """Writes each digest as an .eml file; the name comes from the digest's row and its
    Message-ID, so a retry rewrites the same file instead of adding one, and a digest of
    another database (row ids start again at 1) never overwrites one."""

    def __init__(self, outbox: Path, sender: str = "newswatch@localhost",
                 recipients: tuple[str, ...] = ("you@localhost",)) -> None:
        self.outbox = outbox
        self.sender = sender
        self.recipients = recipients

    def path_for(self, digest: StoredDigest) -> Path:
        unique = hashlib.sha256(digest.message_id.encode()).hexdigest()[:12]
        return self.outbox / f"digest-{digest.id:06d}-{unique}.eml"

    def send(self, digest: StoredDigest) -> None:
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            data = build_email(digest, self.sender, self.recipients).as_bytes()
            with tempfile.NamedTemporaryFile(dir=self.outbox, suffix=".tmp", delete=False) as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(f.name, self.path_for(digest))
        except OSError as exc:
            raise DeliveryError(f"file outbox: {exc}") from None


class WebhookSender:
    """POSTs the digest. Only the status line counts: 2xx is delivered, whatever body
    follows (it is never read, so it costs no memory); a redirect is a permanent failure,
    since re-sending a POST elsewhere is a decision for the user, who can fix the URL;
    an address the policy refuses too."""

    def __init__(self, settings: WebhookSettings, session: requests.Session,
                 watchdog: Watchdog | None = None, timeout: float = WEBHOOK_TIMEOUT) -> None:
        self.settings = settings
        self.session = session
        self.watchdog = watchdog or Watchdog()
        self.timeout = timeout

    def messages(self, digest: StoredDigest) -> list[ChatMessage]:
        """The digest as JSON (one message), or as chat messages split to the platform's
        limits (chat.py)."""
        if self.settings.format != "json":
            return chat_messages(self.settings.format, digest.subject, digest.payload)
        return [ChatMessage(json.dumps({
            "message_id": digest.message_id, "subject": digest.subject,
            "created_at": digest.created_at, **digest.payload}).encode())]

    def send(self, digest: StoredDigest) -> None:
        """Each message in order, each with its own Idempotency-Key (the digest's, and its
        part number when there are several). A failure part-way is retried from the first
        part: a chat platform may then show the earlier parts twice, never miss one."""
        messages = self.messages(digest)
        for n, message in enumerate(messages, 1):
            key = digest.message_id.strip("<>") + (f"/{n}" if len(messages) > 1 else "")
            self._send_one(message, key)

    def _send_one(self, message: ChatMessage, key: str) -> None:
        seconds = allowed_time(self.timeout, len(message.body))
        with self.watchdog.deadline(seconds, STOP_GRACE) as deadline:
            status, location = self._post(message, key, deadline)
        if 300 <= status < 400:
            raise DeliveryError(f"webhook: HTTP {status} redirect to {location[:200]!r}; "
                                "set the webhook url to the final address", permanent=True)
        if status >= 400:
            permanent = status < 500 and status not in (408, 425, 429)
            raise DeliveryError(f"webhook: HTTP {status}", permanent=permanent)

    def _post(self, message: ChatMessage, key: str, deadline: Deadline) -> tuple[int, str]:
        """The status and Location of the answer; the connection is closed unread."""
        try:
            response = self.session.post(
                self.settings.url, data=message.body, stream=True,
                timeout=self.timeout, allow_redirects=False,
                headers={"Content-Type": message.content_type, "Idempotency-Key": key,
                         **dict(message.headers)})
        except BlockedURLError as exc:
            raise DeliveryError(f"webhook: {exc}", permanent=True) from None
        except requests.RequestException as exc:
            if deadline.expired:
                raise DeliveryError(f"webhook: {deadline.describe()}") from None
            raise DeliveryError(f"webhook: {type(exc).__name__}: {exc}") from None
        response.close()
        if deadline.expired:  # the headers were cut: what was parsed of them is no answer
            raise DeliveryError(f"webhook: {deadline.describe()}")
        return response.status_code, response.headers.get("Location", "")


class AppriseSender:
    """A channel through Apprise (the optional extra), which formats and splits the
    message for its service. Apprise says only whether it worked, so every failure is
    retried; a URL Apprise does not take is refused when the config is loaded. It makes
    its own connections: the address policy of `fetch` does not apply to them."""

    def __init__(self, settings: AppriseSettings) -> None:
        self.settings = settings

    def send(self, digest: StoredDigest) -> None:
        import apprise

        notifier = apprise.Apprise()
        notifier.add(self.settings.url)
        text = chat_text(digest.subject, digest.payload)
        if not notifier.notify(body=text, title=one_line(digest.subject),
                               body_format=apprise.NotifyFormat.MARKDOWN):
            raise DeliveryError(f"apprise: {self.settings.name or 'channel'}: not delivered "
                                "(Apprise's log says why)")


def build_senders(settings: DeliverySettings, outbox: Path, session: requests.Session,
                  watchdog: Watchdog | None = None,
                  recipients: Mapping[str, tuple[str, ...]] | None = None,
                  ) -> dict[str, Sender]:
    """Channel name -> sender. Without SMTP, digests go to the file outbox. `session` is
    the guarded one: webhooks follow the same address policy as fetching. A channel with
    a `name` is known by it; `recipients` are the topics' own `to` lists."""
    senders: dict[str, Sender] = {}
    if settings.email:
        password = os.environ.get(settings.email.password_env or "") or None
        senders["email"] = SmtpSender(settings.email, password, watchdog, recipients)
    else:
        senders["file"] = FileSender(outbox)
    for hook in settings.webhooks:
        name = hook.name or webhook_channel(hook.url, senders)
        senders[name] = WebhookSender(hook, session, watchdog)
    for n, channel in enumerate(settings.apprise, 1):
        senders[channel.name or f"apprise#{n}"] = AppriseSender(channel)
    return senders


def webhook_channel(url: str, taken: Mapping[str, object]) -> str:
    """A webhook's channel name: its URL without credentials (the name is logged, shown and
    stored), numbered when two URLs differ only in them."""
    name = f"webhook:{redacted(url)}"
    number = 2
    while name in taken:
        name, number = f"webhook:{redacted(url)}#{number}", number + 1
    return name


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_wait(attempts: int, first: float) -> timedelta:
    """Doubling waits, capped (the exponent too, so that attempt 1,000 cannot overflow)."""
    return min(timedelta(seconds=first * 2 ** min(attempts, 32)), MAX_RETRY_WAIT)


def deliver_due(store: ArchiveStore, senders: Mapping[str, Sender], clock: Callable[[], datetime],
                retry_interval: float = 60.0) -> DeliveryReport:
    """Send every delivery that is due, recording each outcome at once. Each channel
    sends its own in order, side by side with the others: a stuck channel holds up only
    itself."""
    queues: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in store.due_deliveries(clock(), MAX_RETRY_WAIT):
        queues[delivery.channel].append(delivery)

    def channel(queue: list[Delivery]) -> DeliveryReport:
        try:
            return _deliver_queue(store, senders, queue, clock, retry_interval)
        finally:
            store.close()  # this thread's connection

    if not queues:
        return DeliveryReport()
    with ThreadPoolExecutor(max_workers=len(queues), thread_name_prefix="deliver") as pool:
        reports = list(pool.map(channel, queues.values()))
    return DeliveryReport(sum(r.sent for r in reports), sum(r.retrying for r in reports),
                          sum(r.failed for r in reports))


def _deliver_queue(store: ArchiveStore, senders: Mapping[str, Sender], queue: list[Delivery],
                   clock: Callable[[], datetime], retry_interval: float) -> DeliveryReport:
    """One channel's due deliveries, one at a time."""
    sent = retrying = failed = 0
    for delivery in queue:
        store.check_file()  # a database deleted while running: stop before sending again
        sender = senders.get(delivery.channel)
        if sender is None:
            log.warning("delivery kept: channel not configured", extra=_fields(delivery))
            continue
        try:
            sender.send(delivery.digest)
        except DeliveryError as exc:
            if exc.permanent:
                store.mark_failed(delivery.id, str(exc))
                failed += 1
                log.error("delivery failed permanently; kept for `newswatch retry`",
                          extra={**_fields(delivery), "error": str(exc)})
                continue
            wait = retry_wait(delivery.attempts, retry_interval)
            store.mark_retry(delivery.id, str(exc), clock() + wait)
            retrying += 1
            log.warning("delivery will be retried", extra={**_fields(delivery), "error": str(exc),
                                                          "retry_in_s": int(wait.total_seconds())})
            continue
        store.mark_sent(delivery.id, clock())
        sent += 1
        log.info("digest delivered", extra=_fields(delivery))
    return DeliveryReport(sent, retrying, failed)


def _fields(delivery: Delivery) -> dict:
    return {"digest": delivery.digest.id, "topic": delivery.digest.topic,
            "channel": delivery.channel, "message_id": delivery.digest.message_id,
            "attempt": delivery.attempts + 1}
