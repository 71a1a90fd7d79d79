"""Load and validate the TOML config once into an immutable Config.

Every problem is reported as `<file>: <key>: <what is wrong>`, so a typo is found without
reading code. Unknown keys are errors (with a did-you-mean), never silently ignored.
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from .digest import check_templates
from .errors import ConfigError
from .text import control_character, printable
from .toml_lines import Key, key_lines
from .topics import Query, QueryError, parse_query

SOURCE_KINDS = ("feed", "listing", "sitemap")
SECURITY_MODES = ("starttls", "ssl", "none")
WEBHOOK_FORMATS = ("json", "slack", "discord", "teams", "ntfy")
DELIVERY_MODES = ("immediate", "cron")
BACKLOG_POLICIES = ("archive", "digest")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION_PART = r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)"
_DURATION = re.compile(rf"\s*(?:{_DURATION_PART}\s*)+|\s*(\d+(?:\.\d+)?)\s*")
_SIZE = re.compile(r"^\s*(\d+)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3,
               "kib": 1024, "mib": 1024**2, "gib": 1024**3}
MIN_DIGEST_BYTES = 100_000
MAX_USER_AGENT = 512  # characters; sent with every request
MAX_DURATION = 366 * 86400.0  # longer is a typo, and overflows date arithmetic
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")
_REQUIRED = object()
DEFAULT_WORKERS = os.cpu_count() or 1


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = "newswatch/0.1 (self-hosted news monitor)"
    timeout: float = 30.0  # total deadline per request, connect to last byte
    connect_timeout: float = 10.0
    max_bytes: int = 15 * 1024 * 1024  # counted after decompression
    max_redirects: int = 10
    retries: int = 2  # extra attempts on 5xx/429/connection errors
    backoff: float = 1.0  # first retry wait; doubles each attempt
    max_retry_wait: float = 60.0  # longest Retry-After honoured within one cycle
    concurrency: int = 64  # sources at once: politeness is per host, so this bounds
                           # throughput only when it is small (a thread mostly waits)
    per_host_delay: float = 1.0
    respect_robots: bool = True
    allow_networks: tuple[str, ...] = ()  # private networks the user explicitly allows
    max_articles: int = 50  # new article pages fetched per source per cycle
    max_links: int = 1000  # links of a listing considered (a sitemap's newest first)
    proxy: str | None = None  # an http(s):// proxy every request goes through
    trust_env_proxy: bool = False  # use HTTP_PROXY, HTTPS_PROXY and NO_PROXY instead


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str | None  # None: detected from each response (feed, sitemap or listing page)
    interval: float
    links: str | None = None  # CSS selector of article links on a listing page
    remove: tuple[str, ...] = ()  # CSS selectors dropped before extraction
    topics: tuple[str, ...] = ()  # the topics its articles are matched against; () for all
    backlog: str | None = None  # a first run's articles: "archive" or "digest"; None: [digest]'s


@dataclass(frozen=True)
class Topic:
    name: str
    query_text: str
    query: Query
    alert_on_new_outlet: bool = False
    to: tuple[str, ...] = ()  # email recipients of this topic's digests; () the global ones
    channels: tuple[str, ...] | None = None  # channel names ("email" or a name); None: all


@dataclass(frozen=True)
class EmailSettings:
    host: str
    port: int
    security: str
    sender: str
    recipients: tuple[str, ...]
    username: str | None = None
    password_env: str | None = None
    timeout: float = 30.0


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    format: str = "json"
    name: str | None = None  # for a topic's `channels`


@dataclass(frozen=True)
class AppriseSettings:
    """A channel reached through Apprise (optional extra): its URL says which service."""

    url: str
    name: str | None = None


@dataclass(frozen=True)
class DeliverySettings:
    mode: str = "immediate"
    min_gap: float = 0.0
    settle: float = 30.0  # immediate mode: the service's digest waits this long for more
    cron: str | None = None
    timezone: str = "UTC"
    email: EmailSettings | None = None
    webhooks: tuple[WebhookSettings, ...] = ()
    apprise: tuple[AppriseSettings, ...] = ()
    retry_interval: float = 60.0  # first retry of a failed delivery; doubles, capped at 1 h
    max_digest_bytes: int = 5 * 1024 * 1024  # as sent; a larger digest is split


@dataclass(frozen=True)
class DigestSettings:
    """How digests look and what they start from."""

    templates: str | None = None  # a directory of the user's digest.html / digest.txt
    # A new source's first articles (its backlog): stored and searchable, not alerted
    # ("archive"), or alerted like any new article ("digest").
    backlog: str = "archive"


@dataclass(frozen=True)
class WebSettings:
    """The web interface ([web]): off unless enabled; loopback unless a token guards it."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 8080
    token_env: str | None = None  # environment variable holding the access token

    @property
    def token(self) -> str | None:
        return os.environ.get(self.token_env) if self.token_env else None


@dataclass(frozen=True)
class Config:
    path: Path
    state_dir: Path
    log_level: str
    fetch: FetchSettings
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...]
    delivery: DeliverySettings
    workers: int = DEFAULT_WORKERS  # processes for extraction and statements; 0: in-thread
    digest: DigestSettings = DigestSettings()
    web: WebSettings = WebSettings()
    store_url: str | None = None  # a PostgreSQL database instead of the SQLite file

    def topics_for(self, source: Source) -> tuple[Topic, ...]:
        """The topics a source's articles are matched against."""
        if not source.topics:
            return self.topics
        return tuple(t for t in self.topics if t.name in source.topics)

    @property
    def db_path(self) -> Path:
        return self.state_dir / "newswatch.db"

    @property
    def outbox_dir(self) -> Path:
        return self.state_dir / "outbox"


@dataclass(frozen=True)
class _File:
    """The config file as errors name it: its path and where its keys are."""

    path: Path
    lines: dict[Key, int]

    def line(self, key: Key) -> int | None:
        """The key's line, else its table's (a missing key is reported at its table)."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


class _Table:
    """A TOML table being validated: typed getters that name the key in every error, by
    its place in the file (line, table, the source's number counted from 1 and name)."""

    def __init__(self, data: Any, where: str, file: _File, key: Key = ()) -> None:
        self.file = file
        self.where = where
        self.key = key
        if not isinstance(data, dict):
            self.fail(f"expected a table, got {_show(data)}")
        self.data = data
        self.seen: set[str] = set()

    def fail(self, message: str, key: str | None = None, at: str | None = None) -> None:
        """Raise the error for `key`, at the line of `key` (or of `at`, a typo of it)."""
        separator = ": " if self.key and isinstance(self.key[-1], int) else "."
        name = f"{self.where}{separator}{key}" if key and self.where else (key or self.where)
        shown = at or key
        line = self.file.line((*self.key, shown) if shown else self.key)
        place = f"{self.file.path}:{line}" if line else str(self.file.path)
        raise ConfigError(f"{place}: {name}: {message}" if name else f"{place}: {message}")

    def get(self, key: str, parse: Callable[[Any], Any], default: Any = _REQUIRED) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                typo = difflib.get_close_matches(key, [k for k in self.data if k != key], n=1)
                self.fail("required key is missing" +
                          (f" (is {typo[0]!r} a typo?)" if typo else ""), key,
                          typo[0] if typo else None)
            return default
        try:
            return parse(self.data[key])
        except (TypeError, ValueError) as exc:
            self.fail(str(exc), key)

    def table(self, key: str) -> _Table | None:
        self.seen.add(key)
        if key not in self.data:
            return None
        return _Table(self.data[key], self._path(key), self.file, (*self.key, key))

    def tables(self, key: str) -> list[_Table]:
        """An array of tables; the items are named as a user counts them, from 1, with
        their name: `source 5 ("Press TV")`."""
        self.seen.add(key)
        items = self.data.get(key, [])
        if not isinstance(items, list):
            self.fail(f"expected an array of tables ([[{key}]]), got {_show(items)}", key)
        return [_Table(item, self._path(key) + f" {i + 1}{_named(item)}", self.file,
                       (*self.key, key, i)) for i, item in enumerate(items)]

    def done(self) -> None:
        """Reject keys nobody asked for: they are typos or misplaced settings."""
        for key in self.data:
            if key not in self.seen:
                close = difflib.get_close_matches(key, self.seen, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(f"unknown key{hint}", key)

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key


def _named(item: Any) -> str:
    name = item.get("name") if isinstance(item, dict) else None
    return f' ("{printable(name)}")' if isinstance(name, str) else ""


def _show(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {_show(value)}")
    return value.strip()


def plain_text(value: Any) -> str:
    """A non-empty string without control characters: names, addresses and the user agent
    are shown in logs, on terminals and in digests, and sent as headers."""
    result = text(value)
    if (control := control_character(result)) is not None:
        raise ValueError(f"contains the control character U+{ord(control):04X} "
                         f"({unicodedata.name(control, 'control')}); remove it")
    return result


def user_agent(value: Any) -> str:
    agent = plain_text(value)
    if len(agent) > MAX_USER_AGENT:
        raise ValueError(f"expected at most {MAX_USER_AGENT} characters, got {len(agent)}")
    return agent


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_show(value)}")
    return value


def whole_number(minimum: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"expected a whole number >= {minimum}, got {_show(value)}")
        return value
    return parse


positive_int = whole_number(1)


def duration(value: Any) -> float:
    """Seconds from 90, "90s", "30m", "1h30m", "2h", "1d" or "500ms"; at most
    MAX_DURATION."""
    seconds = None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        seconds = float(value)
    match = _DURATION.fullmatch(value) if isinstance(value, str) else None
    if match:
        seconds = float(match[3]) if match[3] else sum(
            float(number) * _UNITS[unit] for number, unit in re.findall(_DURATION_PART, value))
    if seconds is None or not math.isfinite(seconds):
        raise ValueError(f'expected a duration like "30m", "1h30m", "2h" or 90 (seconds), '
                         f"got {_show(value)}")
    if seconds > MAX_DURATION:
        raise ValueError(f"expected at most 366 days, got {_show(value)}")
    return seconds


def byte_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'expected a size like "15MB" or a number of bytes, got {_show(value)}')
    return int(match[1]) * _SIZE_UNITS[(match[2] or "b").lower()]


def http_url(value: Any) -> str:
    url = text(value)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a malformed IPv6 host or port
        raise ValueError(f"invalid URL {url!r} ({exc})") from None
    if (parts.scheme not in ("http", "https") or not parts.hostname or port == 0
            or _SPACE_OR_CONTROL.search(url)):
        raise ValueError(f"expected an http:// or https:// URL with a host, got {url!r}")
    return url


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in options:
            raise ValueError(f"expected one of {', '.join(options)}; got {_show(value)}")
        return value
    return parse


def list_of(parse: Callable[[Any], Any]) -> Callable[[Any], tuple]:
    def parse_list(value: Any) -> tuple:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {_show(value)}")
        return tuple(parse(item) for item in value)
    return parse_list


def network(value: Any) -> str:
    try:
        return str(ipaddress.ip_network(text(value), strict=False))
    except ValueError:
        raise ValueError(f'expected a network like "127.0.0.1/32" or "10.0.0.0/8", '
                         f"got {_show(value)}") from None


def css_selector(value: Any) -> str:
    from .extract.article import (
        check_selector,  # lxml/cssselect only needed when selectors are used
    )

    selector = text(value)
    check_selector(selector)
    return selector


def query(value: Any) -> Query:
    try:
        return parse_query(text(value))
    except QueryError as exc:
        raise ValueError(f"invalid topic query: {exc}") from None


def cron_expression(value: Any) -> str:
    expr = text(value)
    try:
        trigger = CronTrigger.from_crontab(expr, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"invalid cron expression {expr!r} ({exc})") from None
    if trigger.get_next_fire_time(None, datetime.now(UTC)) is None:  # e.g. "0 8 31 2 *"
        raise ValueError(f"cron expression {expr!r} never fires")
    return expr


def timezone_name(value: Any) -> str:
    name = text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", too long
        raise ValueError(f"unknown time zone {name!r}") from None
    return name


def _fetch_settings(table: _Table | None) -> FetchSettings:
    if table is None:
        return FetchSettings()
    d = FetchSettings()
    settings = FetchSettings(
        user_agent=table.get("user_agent", user_agent, d.user_agent),
        timeout=table.get("timeout", duration, d.timeout),
        connect_timeout=table.get("connect_timeout", duration, d.connect_timeout),
        max_bytes=table.get("max_bytes", byte_size, d.max_bytes),
        max_redirects=table.get("max_redirects", positive_int, d.max_redirects),
        retries=table.get("retries", whole_number(0), d.retries),
        backoff=table.get("backoff", duration, d.backoff),
        max_retry_wait=table.get("max_retry_wait", duration, d.max_retry_wait),
        concurrency=table.get("concurrency", positive_int, d.concurrency),
        per_host_delay=table.get("per_host_delay", duration, d.per_host_delay),
        respect_robots=table.get("respect_robots", boolean, d.respect_robots),
        allow_networks=table.get("allow_networks", list_of(network), ()),
        max_articles=table.get("max_articles", positive_int, d.max_articles),
        max_links=table.get("max_links", positive_int, d.max_links),
        proxy=table.get("proxy", http_url, None),
        trust_env_proxy=table.get("trust_env_proxy", boolean, False),
    )
    if settings.proxy and settings.trust_env_proxy:
        table.fail("give either proxy or trust_env_proxy = true, not both", "trust_env_proxy")
    if settings.max_redirects > 10:
        table.fail("at most 10 redirects are followed", "max_redirects")
    if settings.timeout <= 0:
        table.fail("must be more than 0", "timeout")
    table.done()
    return settings


def _source(table: _Table) -> Source:
    implied = "listing" if "links" in table.data else None  # a link selector is for a page
    source = Source(
        name=table.get("name", plain_text),
        url=table.get("url", http_url),
        kind=table.get("kind", choice(SOURCE_KINDS), implied),
        interval=table.get("interval", duration, 1800.0),
        links=table.get("links", css_selector, None),
        remove=table.get("remove", list_of(css_selector), ()),
        topics=table.get("topics", list_of(plain_text), ()),
        backlog=table.get("backlog", choice(BACKLOG_POLICIES), None),
    )
    if source.interval < 60:
        table.fail("must be at least 1 minute, to be polite to the site", "interval")
    if source.links and source.kind != "listing":
        table.fail('only applies to kind = "listing"', "links")
    table.done()
    return source


def _topic(table: _Table) -> Topic:
    topic = Topic(
        name=table.get("name", plain_text),
        query_text=table.get("query", text),
        query=table.get("query", query),
        alert_on_new_outlet=table.get("alert_on_new_outlet", boolean, False),
        to=table.get("to", list_of(plain_text), ()),
        channels=table.get("channels", list_of(plain_text), None),
    )
    table.done()
    return topic


def _check_topic_channels(tables: list[_Table], config: Config) -> None:
    """A topic's `to` needs email, and its `channels` must name configured ones: "email"
    (the mail channel, SMTP or the file outbox) or the `name` of a webhook or Apprise
    channel."""
    d = config.delivery
    names = {"email", *(h.name for h in d.webhooks if h.name),
             *(a.name for a in d.apprise if a.name)}
    for table, topic in zip(tables, config.topics, strict=True):
        if topic.to and not d.email:
            table.fail("needs [delivery.email]: digests are not mailed", "to")
        for name in topic.channels or ():
            if name not in names:
                table.fail(f"no channel named {name!r}; expected one of "
                           f"{', '.join(sorted(names))}", "channels")


def _email(table: _Table | None) -> EmailSettings | None:
    if table is None:
        return None
    if "password" in table.data:
        table.fail("passwords are not kept in the config file; put it in an environment "
                   "variable and give its name as password_env", "password")
    security = table.get("security", choice(SECURITY_MODES), "starttls")
    email = EmailSettings(
        host=table.get("host", plain_text),
        port=table.get("port", positive_int, {"ssl": 465, "starttls": 587}.get(security, 25)),
        security=security,
        sender=table.get("from", plain_text),
        recipients=table.get("to", list_of(plain_text)),
        username=table.get("username", plain_text, None),
        password_env=table.get("password_env", plain_text, None),
        timeout=table.get("timeout", duration, 30.0),
    )
    if not email.recipients:
        table.fail("needs at least one address", "to")
    if email.username and not email.password_env:
        table.fail("a username needs a password: give the name of the environment variable "
                   "that holds it as password_env", "username")
    if email.password_env and email.password_env not in os.environ:
        table.fail(f"environment variable {email.password_env} is not set", "password_env")
    if email.password_env and not os.environ[email.password_env]:
        table.fail(f"environment variable {email.password_env} is empty", "password_env")
    table.done()
    return email


def _webhook(table: _Table) -> WebhookSettings:
    hook = WebhookSettings(url=table.get("url", http_url),
                           format=table.get("format", choice(WEBHOOK_FORMATS), "json"),
                           name=table.get("name", plain_text, None))
    table.done()
    return hook


def _apprise(table: _Table) -> AppriseSettings:
    """[[delivery.apprise]]: the URL checked by Apprise itself, which must be installed."""
    try:
        import apprise
    except ImportError:
        table.fail("needs Apprise: pip install 'newswatch[apprise]'")
    settings = AppriseSettings(table.get("url", plain_text), table.get("name", plain_text, None))
    if not apprise.Apprise().add(settings.url):
        table.fail("Apprise does not accept this URL (see its wiki for the service's form)",
                   "url")
    table.done()
    return settings


def _delivery(table: _Table | None) -> DeliverySettings:
    if table is None:
        return DeliverySettings()
    delivery = DeliverySettings(
        mode=table.get("mode", choice(DELIVERY_MODES), "immediate"),
        min_gap=table.get("min_gap", duration, 0.0),
        settle=table.get("settle", duration, DeliverySettings.settle),
        cron=table.get("cron", cron_expression, None),
        timezone=table.get("timezone", timezone_name, "UTC"),
        email=_email(table.table("email")),
        webhooks=tuple(_webhook(t) for t in table.tables("webhook")),
        apprise=tuple(_apprise(t) for t in table.tables("apprise")),
        retry_interval=table.get("retry_interval", duration, 60.0),
        max_digest_bytes=table.get("max_digest_bytes", byte_size,
                                   DeliverySettings.max_digest_bytes),
    )
    if delivery.max_digest_bytes < MIN_DIGEST_BYTES:
        table.fail(f"must be at least {MIN_DIGEST_BYTES} bytes (100KB), to hold any one "
                   "statement", "max_digest_bytes")
    if delivery.mode == "cron" and not delivery.cron:
        table.fail('mode = "cron" needs a cron expression, e.g. cron = "0 8,17 * * *"', "cron")
    table.done()
    return delivery


def _digest(table: _Table | None, config_path: Path) -> DigestSettings:
    """[digest]; a relative templates directory is taken from the config file's."""
    if table is None:
        return DigestSettings()
    templates = table.get("templates", plain_text, None)
    if templates is not None:
        templates = str(config_path.parent / Path(templates).expanduser())
        try:
            if not Path(templates).is_dir():
                table.fail(f"no such directory: {templates}", "templates")
            check_templates(templates)
        except (ValueError, OSError) as exc:  # OSError: a name too long, say
            table.fail(str(exc), "templates")
    settings = DigestSettings(templates, table.get("backlog", choice(BACKLOG_POLICIES),
                                                   DigestSettings.backlog))
    table.done()
    return settings


def _web(table: _Table | None) -> WebSettings:
    """[web]: a host other than a loopback address needs a token, or anyone on the
    network could read the archive and queue deliveries again."""
    if table is None:
        return WebSettings()
    web = WebSettings(enabled=table.get("enabled", boolean, False),
                      host=table.get("host", plain_text, WebSettings.host),
                      port=table.get("port", whole_number(0), WebSettings.port),
                      token_env=table.get("token_env", plain_text, None))
    if web.port > 65535:
        table.fail(f"expected a port number up to 65535, got {web.port}", "port")
    if web.token_env and not web.token:
        table.fail(f"environment variable {web.token_env} is not set or empty", "token_env")
    if not web.token_env and not is_loopback(web.host):
        table.fail(f"serving on {web.host!r} (not this machine alone) needs an access token: "
                   "put one in an environment variable and give its name as token_env",
                   "host")
    table.done()
    return web


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine alone."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _unique(tables: list[_Table], items: tuple, what: str) -> None:
    """Names are keys in the database and labels in digests: two that differ only in case
    or Unicode form ("ＢＢＣ", "bbc") would be one outlet shown as two. The second one is
    reported, at its name."""
    seen: dict[str, str] = {}
    for table, item in zip(tables, items, strict=True):
        key = unicodedata.normalize("NFKC", item.name).casefold()
        if key in seen:
            same = (f"named {item.name!r}" if seen[key] == item.name else
                    f"named {seen[key]!r} and {item.name!r}, the same name but for case or "
                    "Unicode form")
            table.fail(f"two {what}s are {same}; names must be unique", "name")
        seen[key] = item.name


# --- [store]: the SQLite file in the state directory, or a PostgreSQL database ----------

DATABASE_URL_ENV = "NEWSWATCH_DATABASE_URL"
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def database_url(value: Any) -> str:
    url = plain_text(value)
    if urlsplit(url).scheme not in _POSTGRES_SCHEMES:
        raise ValueError("expected a postgresql://user@host/database URL (the SQLite file "
                         "needs no setting: leave [store] out)")
    return url


def _store_url(table: _Table | None) -> str | None:
    """[store] url, or NEWSWATCH_DATABASE_URL (which wins: a deployment sets it, with the
    password, outside the file); None: the SQLite file."""
    configured = table.get("url", database_url, None) if table else None
    if table:
        table.done()
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if not from_env:
        return configured
    try:
        return database_url(from_env)
    except ValueError as exc:
        raise ConfigError(f"environment variable {DATABASE_URL_ENV}: {exc}") from None


def _known_topics(tables: list[_Table], sources: tuple[Source, ...],
                  topics: tuple[Topic, ...]) -> None:
    """A source's `topics` must name configured topics: a misspelt one would match nothing."""
    names = [t.name for t in topics]
    for table, source in zip(tables, sources, strict=True):
        for name in source.topics:
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = (f" (did you mean {close[0]!r}?)" if close
                        else f" (topics: {', '.join(names)})")
                table.fail(f"no topic is named {name!r}{hint}", "topics")


def parse_config(data: dict, path: Path, state_dir: Path | None = None,
                 file_text: str = "") -> Config:
    """Validate already-parsed TOML data; `path` and `file_text` (for line numbers) are
    only used in messages."""
    root = _Table(data, "", _File(path, key_lines(file_text)))
    service = root.table("service")
    level = "info"
    configured_state = Path("state")
    workers = DEFAULT_WORKERS
    if service:
        configured_state = Path(service.get("state_dir", text, "state"))
        level = service.get("log_level", choice(("debug", "info", "warning", "error")), "info")
        workers = service.get("workers", whole_number(0), workers)
        service.done()
    sources = tuple(_source(t) for t in root.tables("source"))
    topics = tuple(_topic(t) for t in root.tables("topic"))
    if not sources:
        root.fail("no [[source]] is configured; add at least one", "source")
    if not topics:
        root.fail("no [[topic]] is configured; add at least one", "topic")
    _unique(root.tables("source"), sources, "source")
    _unique(root.tables("topic"), topics, "topic")
    _known_topics(root.tables("source"), sources, topics)
    config = Config(
        path=path,
        state_dir=state_dir or configured_state,
        log_level=level,
        fetch=_fetch_settings(root.table("fetch")),
        sources=sources,
        topics=topics,
        delivery=_delivery(root.table("delivery")),
        digest=_digest(root.table("digest"), path),
        workers=workers,
        web=_web(root.table("web")),
        store_url=_store_url(root.table("store")),
    )
    _check_topic_channels(root.tables("topic"), config)
    root.done()
    return config


def load_config(path: Path, state_dir: Path | None = None) -> Config:
    """Read and validate the config file. Raises ConfigError naming the file and key."""
    try:
        file_text = path.read_text(encoding="utf-8")
        data = tomllib.loads(file_text)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; name another with --config PATH "
                          f"or NEWSWATCH_CONFIG, or write a commented starter config with "
                          f"`newswatch init {path}`") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror or exc}); check "
                          "the path (--config, NEWSWATCH_CONFIG) and its permissions") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc}); save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
    return parse_config(data, path, state_dir, file_text)
