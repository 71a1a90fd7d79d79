"""The web interface: the archive (statements by topic, speaker, outlet and date, search),
digests as sent with a retry action, sources' health, `/healthz`, `/metrics` and a
read-only JSON API. Flask, server-rendered Jinja2 templates, served by waitress.

Page text is hostile input: templates escape everything (Jinja2's autoescape), links are
shown as links only when they are http(s), a digest's HTML part is shown in a sandboxed
frame under a policy that allows no script, and every page has a Content-Security-Policy
without scripts. The one write is the retry, a POST carrying a CSRF token tied to the
browser's session. With a token configured every page but /healthz asks for it (HTTP
basic authentication, any user name, or a bearer token).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import flask
from flask import Flask, abort, jsonify, redirect, render_template, request, session, url_for
from markupsafe import Markup, escape
from waitress.server import create_server
from werkzeug.wrappers import Response as WerkzeugResponse

from ..archive import Archive, StatementFilter
from ..config import Config, WebSettings, is_loopback
from ..errors import ConfigError
from ..extract.boilerplate import SiteTemplate, TemplateBlock, template_blocks
from ..store import Store
from ..topics import Query, QueryError, parse_query
from . import metrics as prometheus
from .health import COUNTS, HealthReport, StoredState, assess
from .services import Clock, open_archive, open_store, utc_now

log = logging.getLogger(__name__)
_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; "
           "form-action 'self'; frame-ancestors 'self'; base-uri 'none'")
# A digest's HTML part: its own inline styles, nothing else (no script, no remote image).
_DIGEST_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
MAX_PAGE = 10_000


class BadRequest(ValueError):
    """A filter the user gave is not understood; the message says which and why."""


@dataclass(frozen=True)
class Site:
    """What the pages read: the store, its archive, the config in force (the service's
    latest after a reload), the clock."""

    store: Store
    archive: Archive
    current: Callable[[], Config]
    clock: Clock

    def health(self, counts: bool = False) -> HealthReport:
        state = StoredState(**self.archive.health_rows(counts))
        return assess(self.current(), state, self.clock())


def create_app(config: Config, store: Store, clock: Clock = utc_now,
               current: Callable[[], Config] | None = None) -> Flask:
    """The application over one store; `current` gives the config in force (by default
    `config`), whose sources and topics the pages list; the access token is `config`'s."""
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)  # sessions (the CSRF token) last a process
    app.config.update(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True)
    app.jinja_env.filters["link"] = safe_link
    app.jinja_env.filters["marked"] = marked_snippet
    site = Site(store, open_archive(config, store), current or (lambda: config), clock)
    _guard(app, config.web.token)

    @app.context_processor
    def context() -> dict:
        now = site.current()
        return {"topics": [t.name for t in now.topics],
                "outlets": [s.name for s in now.sources], "csrf_token": csrf_token,
                "page_url": page_url}

    for register in (_archive_pages, _digest_pages, _service_pages, register_api):
        register(app, site)
    return app


def _guard(app: Flask, token: str | None) -> None:
    """The token (if any) on every page but /healthz, security headers on every answer,
    and a filter not understood answered with a 400 that says why."""

    @app.before_request
    def guard() -> flask.Response | None:
        if token and request.endpoint != "healthz" and not authorized(
                request.headers.get("Authorization", ""), token):
            return flask.Response("newswatch: this page needs the access token\n", 401,
                                  {"WWW-Authenticate": 'Basic realm="newswatch"'})
        return None

    @app.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers.setdefault("Content-Security-Policy", _POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest) -> tuple[str, int]:
        return render_template("error.html", message=str(exc)), 400


def _archive_pages(app: Flask, site: Site) -> None:
    """Statements (by topic, speaker, outlet, dates, search) and articles."""
    archive = site.archive

    @app.get("/")
    def index() -> WerkzeugResponse:
        return redirect(url_for("statements"))

    @app.get("/statements")
    def statements() -> str:
        where, number = statement_filter(request.args), page_number(request.args)
        return render_template("statements.html", page=archive.statements(where, number),
                               args=request.args, title="Statements")

    @app.get("/topics/<path:name>")
    def topic(name: str) -> WerkzeugResponse:
        return redirect(url_for("statements", topic=name))

    @app.get("/speakers/<path:key>")
    def speaker(key: str) -> str:
        person = archive.speaker(key) or abort(404)
        where = statement_filter(request.args, speaker=key)
        return render_template("speaker.html", person=person, args=request.args,
                               page=archive.statements(where, page_number(request.args)),
                               title=person["speaker"])

    @app.get("/articles")
    def articles() -> str:
        query = search_query(request.args.get("q", ""))
        return render_template("articles.html", args=request.args, title="Articles",
                               page=archive.articles(query, page_number(request.args)))

    @app.get("/articles/<int:article_id>")
    def article(article_id: int) -> str:
        found = archive.article(article_id) or abort(404)
        return render_template("article.html", article=found, title=found["title"])


def _digest_pages(app: Flask, site: Site) -> None:
    """Digests as sent, their deliveries, and the retry (the one write)."""
    archive = site.archive

    @app.get("/digests")
    def digests() -> str:
        return render_template("digests.html", page=archive.digests(page_number(request.args)),
                               args=request.args, title="Digests")

    @app.get("/digests/<int:digest_id>")
    def digest(digest_id: int) -> str:
        found = archive.digest(digest_id) or abort(404)
        return render_template("digest.html", digest=found, title=found["subject"],
                               retried=request.args.get("retried"))

    @app.get("/digests/<int:digest_id>/html")
    def digest_html(digest_id: int) -> flask.Response:
        found = archive.digest(digest_id) or abort(404)
        return flask.Response(found["html"], headers={
            "Content-Security-Policy": _DIGEST_POLICY, "Content-Type": "text/html"})

    @app.post("/digests/<int:digest_id>/retry")
    def retry(digest_id: int) -> WerkzeugResponse:
        check_csrf(request.form.get("csrf_token", ""))
        archive.digest(digest_id) or abort(404)
        count = site.store.retry_failed(site.clock(), digest_id)
        return redirect(url_for("digest", digest_id=digest_id, retried=count), 303)


def _service_pages(app: Flask, site: Site) -> None:
    """Sources' health, /healthz and /metrics."""

    @app.get("/sources")
    def sources() -> str:
        configured = site.current().sources
        return render_template(
            "sources.html", report=site.health(counts=True), title="Sources", counts=COUNTS,
            runs={s.name: site.archive.source_runs(s.name) for s in configured},
            templates={s.name: template_of(site.store, s.name) for s in configured},
            removed={s.name: s.remove for s in configured})

    @app.get("/healthz")
    def healthz() -> tuple[flask.Response, int]:
        report = site.health()
        return jsonify(level=report.level, reasons=list(report.reasons)), report.http_status

    @app.get("/metrics")
    def metrics() -> flask.Response:
        text = prometheus.render(site.archive.metrics(), site.health())
        return flask.Response(text, mimetype="text/plain; version=0.0.4")


def register_api(app: Flask, site: Site) -> None:
    """The read-only JSON API (its documentation: README, "Web interface")."""
    archive = site.archive

    @app.get("/api/statements")
    def api_statements() -> flask.Response:
        page = archive.statements(statement_filter(request.args), page_number(request.args))
        return jsonify(page=page.number, more=page.more, statements=page.rows)

    @app.get("/api/articles")
    def api_articles() -> flask.Response:
        page = archive.articles(search_query(request.args.get("q", "")),
                                page_number(request.args))
        rows = [{**row, "snippet": (row["snippet"] or "").replace("\x02", "").replace(
            "\x03", "") or None} for row in page.rows]
        return jsonify(page=page.number, more=page.more, articles=rows)

    @app.get("/api/articles/<int:article_id>")
    def api_article(article_id: int) -> flask.Response:
        return jsonify(archive.article(article_id) or abort(404))

    @app.get("/api/digests")
    def api_digests() -> flask.Response:
        page = archive.digests(page_number(request.args))
        return jsonify(page=page.number, more=page.more, digests=page.rows)

    @app.get("/api/digests/<int:digest_id>")
    def api_digest(digest_id: int) -> flask.Response:
        return jsonify(archive.digest(digest_id) or abort(404))

    @app.get("/api/sources")
    def api_sources() -> flask.Response:
        report = site.health()
        return jsonify(level=report.level, sources=[
            {**vars(s), "runs": archive.source_runs(s.name)} for s in report.sources])

    @app.errorhandler(404)
    def not_found(_exc: Exception) -> tuple[Any, int]:
        if request.path.startswith("/api/"):
            return jsonify(error="not found"), 404
        return render_template("error.html", message="Nothing here."), 404

    @app.errorhandler(400)
    def refused(exc: Exception) -> tuple[Any, int]:
        return render_template("error.html", message=str(exc)), 400


# --- request helpers -------------------------------------------------------------------------

def statement_filter(args: Any, speaker: str | None = None) -> StatementFilter:
    """The statements' filters from the query string; a bad one is a BadRequest."""
    return StatementFilter(topic=args.get("topic") or None,
                           speaker=speaker or args.get("speaker") or None,
                           outlet=args.get("outlet") or None,
                           since=day(args.get("since", ""), "since"),
                           until=day(args.get("until", ""), "until"),
                           query=search_query(args.get("q", "")))


def day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}: expected a date like 2026-12-01, got {value!r}") from None


def search_query(text: str) -> Query | None:
    """A search in the topics' query syntax; a query not understood is a BadRequest
    saying why."""
    if not text.strip():
        return None
    try:
        return parse_query(text)
    except QueryError as exc:
        raise BadRequest(f"search {text!r}: {exc}") from None


def page_number(args: Any) -> int:
    value = args.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise BadRequest(f"page: expected a number from 1 to {MAX_PAGE}, got {value!r}")
    return int(value)


def page_url(args: Any, number: int) -> str:
    """The current page's address with another page number."""
    return url_for(request.endpoint or "statements",
                   **{**args.to_dict(), **(request.view_args or {}), "page": number})


def authorized(header: str, token: str) -> bool:
    """A bearer token, or HTTP basic authentication with the token as password."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return hmac.compare_digest(value.encode(), token.encode())
    auth = request.authorization
    return (scheme.lower() == "basic" and auth is not None and auth.password is not None
            and hmac.compare_digest(auth.password.encode(), token.encode()))


def csrf_token() -> str:
    """The session's CSRF token, made on first use (the session cookie is SameSite)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf(given: str) -> None:
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(400, "the form has expired or did not come from this page; reload it and "
                   "try again")


def safe_link(url: str | None) -> str:
    """A stored URL fit for an href: http(s) only (a page's `javascript:` is not)."""
    return url if url and urlsplit(url).scheme in ("http", "https") else "#"


def marked_snippet(snippet: str | None) -> Markup:
    """A search snippet escaped, its matches (between the sentinels \\x02 and \\x03 that
    the archive put there) marked."""
    text = str(escape(snippet or ""))
    return Markup(text.replace("\x02", "<mark>").replace("\x03", "</mark>"))


def template_of(store: Store, source: str) -> list[TemplateBlock]:
    """The blocks a site's learned template removes from its pages, with their text."""
    return template_blocks(SiteTemplate(store.template_pages(source)),
                           store.template_samples(source))


# --- serving ---------------------------------------------------------------------------------

def access_line(web: WebSettings, host: str, port: int) -> str:
    """What the server says at start: where it listens, and who may read it."""
    where = f"http://{host}:{port}/"
    if is_loopback(host):
        guard = "this machine only" + (", with the access token" if web.token else "")
    else:
        guard = ("reachable from the network; every page but /healthz needs the token in "
                 f"${web.token_env}")
    return f"web interface on {where} ({guard})"


class WebServer:
    """waitress serving the app in a background thread."""

    def __init__(self, app: Flask, host: str, port: int) -> None:
        self.announcement = ""  # what it says at start (access_line)
        self.server = create_server(app, host=host, port=port, threads=4,
                                    clear_untrusted_proxy_headers=True)
        self.thread = threading.Thread(target=self.server.run, name="web", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    def start(self) -> WebServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        """Close the sockets in the server's own loop thread, then wait for the loop and
        the workers to end. Closed from another thread, a socket can vanish under the
        loop's select (EBADF in the "web" thread).

        The trigger's lock is held from adding the closing call to writing the byte that
        wakes the loop: waitress's `pull_trigger` adds, then writes, and a worker that has
        just answered wakes the loop too; woken in between, the loop closed the pipe
        before the write, which failed (EBADF), or would have gone to whatever file had
        taken the pipe's number."""
        trigger = self.server.trigger
        with trigger.lock:
            trigger.thunks.append(self._close_sockets)
            trigger._physical_pull()
        self.thread.join(timeout=5)
        self.server.task_dispatcher.shutdown(timeout=5)

    def _close_sockets(self) -> None:
        """The listening socket, open connections and the trigger: with none left in its
        map, waitress's loop returns."""
        for dispatcher in list(self.server._map.values()):
            dispatcher.close()


def check_binding(web: WebSettings, host: str) -> None:
    """Refuse a host other than loopback without a token (also checked in the config)."""
    if not is_loopback(host) and not web.token:
        raise ConfigError(f"serving on {host!r} needs an access token: set [web] token_env "
                         "to the name of an environment variable that holds one")


@contextmanager
def serving(config: Config, host: str | None = None, port: int | None = None,
            clock: Clock = utc_now, current: Callable[[], Config] | None = None
            ) -> Iterator[WebServer]:
    """The web interface served while the block runs; `current` gives the config in
    force (the service's, which a reload replaces)."""
    host = host or config.web.host
    check_binding(config.web, host)
    store = open_store(config, must_exist=True)
    assert isinstance(store, Store)  # PgStore too
    server = WebServer(create_app(config, store, clock, current), host,
                       config.web.port if port is None else port).start()
    server.announcement = access_line(config.web, host, server.port)
    (log.info if is_loopback(host) else log.warning)(server.announcement)  # shown at start
    try:
        yield server
    finally:
        server.stop()
