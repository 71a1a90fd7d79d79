"""The one place that knows the order of the stages:

sources -> fetch -> extract -> dedupe/store -> match topics -> statements -> digest -> deliver

Every failure of one page or one source is logged and counted, never raised past it: a
broken site must not stop the others or the digest.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import NamedTuple

from ..config import Source, Topic
from ..crawl.decode import body_text
from ..crawl.discover import detect_kind, no_links_reason, source_links
from ..crawl.page import Page
from ..dates import checked_date
from ..dedupe import TextKeys, keys_of_words, text_keys, words
from ..deliver import DeliveryReport, deliver_due
from ..digest import Layout, fitting_items, render_digest
from ..errors import EXIT_FAILED, EXIT_OK, FetchError, StorageError, database_errors
from ..extract.boilerplate import SiteTemplate, strip_template
from ..models import Article, DigestItem, Link, Statement
from ..statements.reportable import is_reportable, negated, without_relays
from ..store import FetchedPage, SourceAttempt, iso
from ..text import one_line, without_bidi_controls
from ..topics import TextIndex, matches, statement_on_topic
from ..urls import MAX_URL, canonical_url
from .services import Services

log = logging.getLogger(__name__)

UPDATE_WINDOW = timedelta(days=2)  # known articles younger than this are re-checked
RECHECK_MIN = timedelta(minutes=15)
DEAD_LINK_RETRY = timedelta(days=7)  # a link that failed for good is tried again after this
MAX_BACKOFF = timedelta(hours=6)
# A fetch that gave no article link is recorded as the source's error, marked so:
# `status` shows it as a problem, never as "ok".
NO_LINKS = "no_links"
# A source's new pages are stored together, up to this many at a time: one commit for
# them all, while a crash or a stop loses little analysis.
STORE_BATCH = 10
# Characters of an article's text that are stored and searched for statements: a long
# read has 50,000; the cap bounds what one page costs every later stage.
MAX_TEXT = 100_000
# Characters kept of the other fields a page gives: a <title> of megabytes would reach
# the digest once for every statement of the article. Links longer than MAX_URL are
# dropped where they are found.
LIMITS = {"title": 300, "byline": 200, "description": 1000, "speaker": 200, "role": 200,
          "cue": 100, "content": 3000}
Progress = Callable[[str], None]


@dataclass
class SourceReport:
    name: str
    status: str = "fetched"  # fetched, unchanged, no links, failed, backing off, stopped
    error: str | None = None
    pages: Counter = field(default_factory=Counter)  # article outcomes: new, updated, ...
    new_statements: int = 0
    backlog: bool = False  # a new source's articles, archived: stored, searchable, not alerted
    links: int = 0  # article links the source listed
    attempt: SourceAttempt | None = None  # the source's state, recorded with its run


@dataclass(frozen=True)
class CycleReport:
    sources: tuple[SourceReport, ...]
    digests: int
    delivery: DeliveryReport

    def counts(self) -> dict[str, int]:
        pages = sum((s.pages for s in self.sources), Counter())
        status = Counter(s.status for s in self.sources)
        return {"sources": len(self.sources), "fetched": status["fetched"],
                "unchanged": status["unchanged"], "failed": status["failed"],
                "no_links": status["no links"],
                "backing_off": status["backing off"], "new_articles": pages["new"],
                "updated_articles": pages["updated"], "copies": pages["copy"],
                "page_errors": pages["failed"] + pages["refused"],
                "new_statements": sum(s.new_statements for s in self.sources),
                "digests": self.digests, "delivered": self.delivery.sent,
                "delivery_retrying": self.delivery.retrying,
                "delivery_failed": self.delivery.failed}

    @property
    def exit_code(self) -> int:
        """Failure only when nothing could be fetched or a delivery failed for good; a few
        broken sites are normal and are in the logs and `newswatch status`."""
        counts = self.counts()
        all_failed = counts["sources"] and counts["failed"] == counts["sources"]
        return EXIT_FAILED if all_failed or counts["delivery_failed"] else EXIT_OK


# --- one source ---------------------------------------------------------------------------

def run_source(svc: Services, source: Source) -> SourceReport:
    """Fetch a source, then each new (or recently seen) article it lists."""
    report = SourceReport(source.name)
    now = svc.clock()
    svc.store.check_file()
    state = svc.store.source_state(source.name)
    if state and _backing_off(state["next_attempt_at"], now):
        report.status = "backing off"
        log.info("source skipped: backing off after errors",
                 extra={"source": source.name, "until": state["next_attempt_at"],
                        "failures": state["failures"], "error": state["last_error"]})
        return report
    try:
        page, kind, links = _discover(svc, source)
    except FetchError as exc:
        if svc.stop.is_set():  # cut by the shutdown: no fault of the source's
            report.status = "stopped"
            return report
        return _source_failed(svc, source, str(exc), exc.url, exc.retry_after)
    report.links = len(links)
    if page.unchanged:
        report.status = "unchanged"
        kind = _known_kind(source, state)
    elif not links:  # not marked as seen: the next fetch reads it whole again
        return _no_links(svc, source, page, kind)
    else:
        report.backlog = _archives_backlog(svc, source)
        if _process_links(svc, source, links, report):
            svc.store.save_validators(source.url, page.etag, page.last_modified, svc.clock())
    report.attempt = SourceAttempt(source.url, kind, svc.clock())
    log.info("source done", extra={"source": source.name, "status": report.status,
                                   "links": len(links), **report.pages,
                                   "new_statements": report.new_statements,
                                   **({"backlog": "archived"} if report.backlog else {})})
    return report


def _archives_backlog(svc: Services, source: Source) -> bool:
    """Whether this run's articles are a new source's backlog to archive: its listing was
    never read through (its validators are kept only then), and the policy says so."""
    policy = source.backlog or svc.config.digest.backlog
    return policy == "archive" and not svc.store.listing_seen(source.url)


def _backing_off(until: str | None, now: datetime) -> bool:
    """Wait until `until`, unless it lies further ahead than any backoff could: then the
    clock was set back, and waiting would stall the source for the size of the jump."""
    return until is not None and iso(now) < until <= iso(now + MAX_BACKOFF + timedelta(hours=1))


def _source_failed(svc: Services, source: Source, error: str, url: str = "",
                   retry_after: float | None = None) -> SourceReport:
    """Record the failure (`status` shows it) and back off: the source's interval,
    doubling, or longer when the server said so, up to the cap."""
    state = svc.store.source_state(source.name)
    failures = (state["failures"] if state else 0) + 1
    backoff = source.interval * 2 ** min(failures - 1, 32)
    wait = timedelta(seconds=min(max(backoff, retry_after or 0), MAX_BACKOFF.total_seconds()))
    retry_at = svc.clock() + wait
    log.warning("source failed; will retry", extra={
        "source": source.name, "url": url or source.url, "error": error,
        "failures": failures, "retry_at": iso(retry_at)})
    return SourceReport(source.name, "failed", error, attempt=SourceAttempt(
        source.url, _known_kind(source, state), svc.clock(), error, retry_at))


def _discover(svc: Services, source: Source) -> tuple[Page, str, list[Link]]:
    """Fetch the source's own URL (conditionally); its kind (as configured, else detected
    from the response) and the article links it gives."""
    etag, last_modified = svc.store.validators(source.url)
    page = svc.fetcher.get(source.url, etag=etag, last_modified=last_modified)
    if page.unchanged:
        return page, "", []
    kind = source.kind or detect_kind(page.body)

    def skipped(url: str, exc: FetchError) -> None:
        log.warning("child sitemap skipped", extra={"source": source.name, "url": url,
                                                   "error": str(exc)})

    return page, kind, source_links(page, kind, svc.fetcher.get, selector=source.links,
                                    max_bytes=svc.config.fetch.max_bytes, now=svc.clock(),
                                    skipped=skipped)


def _known_kind(source: Source, state: dict | None) -> str:
    """The kind to record without a response to tell it: as configured, else as last
    detected, else "auto"."""
    return source.kind or (state["kind"] if state and state["kind"] else "auto")


def _no_links(svc: Services, source: Source, page: Page, kind: str) -> SourceReport:
    """A fetch that gave no article link: a wrong `kind`, a moved feed, a selector that no
    longer matches. Logged as a warning and recorded as the source's error (NO_LINKS), so
    that `status` shows it; retried at the source's interval, without backing off."""
    reason = no_links_reason(source.kind, detect_kind(page.body), source.links)
    log.warning("source gave no article links", extra={
        "source": source.name, "url": page.url, "kind": kind, "error": reason})
    return SourceReport(source.name, "no links", reason, attempt=SourceAttempt(
        source.url, kind, svc.clock(), f"{NO_LINKS}: {reason}"))


def _process_links(svc: Services, source: Source, links: list[Link],
                   report: SourceReport) -> bool:
    """New links first, then known ones due for a re-check (to catch updates), up to the
    cap.

    Only the first `max_links` links count (a sitemap's newest): a sitemap of a site's
    whole archive would otherwise never be done with, and be read again every cycle.
    Returns whether every new link among them was dealt with: only then may the source's
    listing be treated as seen (a 304 next time), or what the cap, a stop or a failure
    left over would never be fetched. New links' pages are stored STORE_BATCH at a time,
    each with what marks its link fetched.
    """
    links = links[: svc.config.fetch.max_links]
    now = svc.clock()
    known = svc.store.known_links([link.url for link in links])
    unknown = [link.url for link in links if link.url not in known]
    dead = svc.store.dead_links(unknown, now, DEAD_LINK_RETRY + timedelta(hours=1))
    if dead:  # failed for good in an earlier cycle: skipped
        report.pages["dead"] = len(dead)
    new = [link for link in links if link.url not in known and link.url not in dead]
    todo = new + [link for link in links if link.url in known and _recheck_due(
        *known[link.url], now)]
    template: SiteTemplate | None = None  # learned when a page first needs it
    batch: list[FetchedPage] = []  # new links' pages, analysed, not yet stored
    for link in todo[: svc.config.fetch.max_articles]:
        if svc.stop.is_set():
            break
        template = template or SiteTemplate(svc.store.template_pages(source.name))
        page = _fetch_page(svc, source, link, template)
        if isinstance(page, str):  # nothing to store: unchanged, failed, refused, empty
            report.pages[page] += 1
        elif link.url in known:  # a re-check: stored at once, its outcome tells the template
            _store_pages(svc, [*batch, page], template, report, learned=len(batch))
            batch = []
        else:  # one more page to learn the site from, before the next page is analysed (a
            # new link seldom proves a page the source gave under another address)
            template.add(page.article.blocks)
            batch.append(page)
            if len(batch) >= STORE_BATCH:
                _store_pages(svc, batch, template, report, learned=len(batch))
                batch = []
    clean: set[str] = set()  # texts stored free of the site's template as it is now
    if batch and template is not None:
        if template.grew:
            batch, clean = _without_template(svc, source, batch, template)
        _store_pages(svc, batch, template, report, learned=len(batch))
    done = sum(n for outcome, n in report.pages.items() if outcome not in ("failed", "dead"))
    if template is not None and template.grew:
        _clean_stored_pages(svc, source, template, clean)
    complete = done >= len(new) and not report.pages["failed"]
    if not complete:
        log.info("source listing kept unseen: articles left for the next cycle",
                 extra={"source": source.name, "new_links": len(new),
                        "failed": report.pages["failed"]})
    return complete


def _without_template(svc: Services, source: Source, pages: list[FetchedPage],
                      template: SiteTemplate) -> tuple[list[FetchedPage], set[str]]:
    """New pages analysed before the site's template grew, without the blocks it holds
    now, their statements and keys found again (in a worker): stored clean at once rather
    than stored, read back and rewritten by _clean_stored_pages. Also the texts that are
    free of the template, for it to skip (all but those a dead worker left as they were)."""
    topics, kept, clean = svc.config.topics_for(source), [], set()
    for page in pages:
        text = strip_template(page.article.text, template.blocks)
        if text != page.article.text and text.strip():
            article = replace(page.article, text=text)
            try:
                found, keys = svc.workers.run(statements_and_keys, topics, article)
            except BrokenProcessPool:  # stored as it is; _clean_stored_pages tries again
                kept.append(page)
                continue
            page = replace(page, article=article, found=found, keys=keys)
        kept.append(page)
        clean.add(page.article.text)
    return kept, clean


def statements_and_keys(topics: tuple[Topic, ...], article: Article
                        ) -> tuple[list[tuple[Statement, list[str]]], TextKeys]:
    """The article's statements on the topics and its text's keys (in a worker): the
    text's words are read once for both, the topics' index and the duplicate checks'."""
    text_words = words(article.text)
    index = TextIndex.of_words([*words(article.title), *text_words])
    return statements_on_topics(topics, article, index), keys_of_words(text_words)


def _clean_stored_pages(svc: Services, source: Source, template: SiteTemplate,
                        clean: set[str]) -> None:
    """The site's template grew during this run: its pages stored before (the first ones
    of a new source, above all) lose the blocks now known as the site's furniture; their
    statements are matched again, without alerting anyone. Texts in `clean` are known to
    be free of the template already."""
    cleaned = 0
    for article_id, url, article in svc.store.recent_articles(source.name, template.window):
        if article.text in clean:
            continue
        text = strip_template(article.text, template.blocks)
        if text == article.text or not text.strip():
            continue
        article = replace(article, text=text)
        try:
            found = svc.workers.run(statements_on_topics, svc.config.topics_for(source),
                                    article)
        except BrokenProcessPool:
            log.warning("worker died while cleaning stored pages; the rest keep the "
                        "site's template", extra={"source": source.name, "url": url})
            break
        svc.store.replace_text(article_id, source.name, url, article, found, svc.clock())
        cleaned += 1
    if cleaned:
        log.info("stored pages cleaned of the site's template", extra={
            "source": source.name, "pages": cleaned, "template_blocks": len(template.blocks)})


def _recheck_due(first_seen: str, checked_at: str | None, now: datetime) -> bool:
    """A known article is fetched again (conditionally) to catch an update: often while it
    is young, less often as it ages (after a quarter of its age, at least RECHECK_MIN),
    never after UPDATE_WINDOW. A check dated in the future (clock set back) is due."""
    first, checked = _parse_iso(first_seen), _parse_iso(checked_at or first_seen)
    if now - first > UPDATE_WINDOW:
        return False
    return checked > now or now - checked >= max(RECHECK_MIN, (now - first) / 4)


def _parse_iso(moment: str) -> datetime:
    return datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _store_pages(svc: Services, pages: list[FetchedPage], template: SiteTemplate,
                 report: SourceReport, learned: int) -> None:
    """Store analysed pages in one transaction (one commit for a source's new pages
    rather than one per page) and count their outcomes. The template learns from those
    past the first `learned` (added when analysed) that gave the source a page it did
    not have (not "unchanged"). Of the blocks a page left out, only the samples of those
    repeated on the site's latest pages are kept (see `with_samples_of`)."""
    repeated = template.repeated()
    pages = [with_samples_of(page, repeated) for page in pages]
    saved = svc.store.save_fetched(pages, svc.clock(), frozenset(
        t.name for t in svc.config.topics if t.alert_on_new_outlet), alert=not report.backlog)
    for k, (page, result) in enumerate(zip(pages, saved, strict=True)):
        report.pages[result.outcome] += 1
        report.new_statements += result.new_statements
        if k >= learned and result.outcome in ("new", "updated", "copy"):
            template.add(page.article.blocks)


def with_samples_of(page: FetchedPage, blocks: frozenset[str]) -> FetchedPage:
    """The page with the samples of its left-out blocks among `blocks` only: the samples
    show what a site's template removes, and a page's one-off blocks (most of the ~100 it
    leaves out) would be stored, and evicted again, for nothing."""
    removed = tuple(sample for sample in page.article.removed if sample[0] in blocks)
    if len(removed) == len(page.article.removed):
        return page
    return replace(page, article=replace(page.article, removed=removed))


def _fetch_page(svc: Services, source: Source, link: Link,
                template: SiteTemplate) -> FetchedPage | str:
    """One article page fetched and analysed (in a worker process), to be stored; or the
    outcome when there is nothing to store: "unchanged" (a 304), "failed" (logged, worth
    retrying), "refused" (a 404, robots.txt, a blocked address) or "empty" (no text)."""
    store, now = svc.store, svc.clock()
    try:
        etag, last_modified = store.validators(link.url)
        page = svc.fetcher.get(link.url, etag=etag, last_modified=last_modified)
        if page.unchanged:
            store.save_validators(link.url, etag, last_modified, now)  # when last checked
            return "unchanged"
    except FetchError as exc:  # transient: tried again next cycle; permanent: given up
        if exc.transient:
            store.log_fetch(source.name, link.url, "failed", now, str(exc))
            log.warning("article skipped", extra={"source": source.name, "url": link.url,
                                                  "error": str(exc), "next": "retried next cycle"})
            return "failed"
        return _dead_link(svc, source, link, "refused", str(exc))
    page_url = canonical_url(page.url)
    page_url = page_url if len(page_url) <= MAX_URL else link.url  # a redirect's, unchecked
    try:
        analysis = svc.workers.run(analyse_page, page.body, page.content_type, page.url,
                                   page_url, link, source.remove, template.blocks,
                                   svc.config.topics_for(source), now)
    except BrokenProcessPool:  # a worker died on this page, or on one beside it
        store.log_fetch(source.name, link.url, "failed", now, "worker process died")
        log.error("article skipped: worker process died", extra={
            "source": source.name, "url": link.url, "next": "retried next cycle"})
        return "failed"
    except Exception as exc:  # a bug that this page's text sets off: the page is lost,
        # not the source's run (the rest of its pages, and its later cycles)
        log.exception("analysing the article raised: a bug",
                      extra={"source": source.name, "url": link.url})
        return _dead_link(svc, source, link, "refused", f"analysis raised {exc!r}: a bug")
    article = analysis.article
    if not article.text:
        return _dead_link(svc, source, link, "empty", "no text found")
    if analysis.length > MAX_TEXT:
        log.warning("article text capped: the rest is not stored or searched for statements",
                    extra={"source": source.name, "url": link.url, "chars": analysis.length,
                           "kept": MAX_TEXT})
    return FetchedPage(source.name, link.url, [link.url, page_url], article, analysis.keys,
                       analysis.found, page.etag, page.last_modified)


class Analysis(NamedTuple):
    """What a worker process makes of one page."""

    article: Article
    found: list[tuple[Statement, list[str]]]  # statements on topics, with their topics
    length: int  # of the text before MAX_TEXT capped it
    keys: TextKeys  # of the text, for the store's duplicate checks


def analyse_page(body: bytes, content_type: str, fetched_url: str, page_url: str, link: Link,
                 remove: tuple[str, ...], template: frozenset[str],
                 topics: tuple[Topic, ...], now: datetime) -> Analysis:
    """The CPU-bound part of one page, run in a worker process: its text decoded (bytes
    cross between processes as they are, text would be encoded and decoded again), its
    article text and metadata (capped; its date from the page's markup, else from the feed,
    else guessed from its address and text), the statements on the topics, and the text's keys
    for the store's duplicate checks. The extractor is imported here, in the workers
    (which preload it): a cycle's own process needs none of it, and an unchanged cycle
    starts faster."""
    from ..extract.article import extract_article
    from ..extract.meta import guessed_date

    html = body_text(body, content_type)
    article = extract_article(html, fetched_url, remove=remove, template=template)
    if not article.text:
        return Analysis(article, [], 0, text_keys(""))
    article = _with_link_metadata(article, link, page_url, now)
    if not article.published:
        article = replace(article, published=checked_date(guessed_date(html, fetched_url), now))
    length = len(article.text)
    if length > MAX_TEXT:
        article = replace(article, text=capped_text(article.text, MAX_TEXT))
    found, keys = statements_and_keys(topics, article)
    return Analysis(article, found, length, keys)


def _dead_link(svc: Services, source: Source, link: Link, outcome: str, error: str) -> str:
    """A link that failed for good: remembered, so that later cycles spend their cap on
    links that can still succeed."""
    now = svc.clock()
    retry_at = now + DEAD_LINK_RETRY
    svc.store.log_fetch(source.name, link.url, outcome, now, error)
    svc.store.remember_dead_link(source.name, link.url, outcome, error, now, retry_at)
    log.warning("article skipped", extra={"source": source.name, "url": link.url,
                                          "error": error, "next": f"retried after {iso(retry_at)}"})
    return outcome


def _with_link_metadata(article: Article, link: Link, page_url: str,
                        now: datetime) -> Article:
    """Canonical URL (the page's own when its canonical link is malformed or absurdly
    long); what the page lacked, filled from what the feed said about it; every field
    capped (see LIMITS) and without bidirectional controls; a date only if plausible."""
    try:
        url = canonical_url(article.url)
    except ValueError:  # e.g. a port out of range
        url = page_url
    return replace(article, url=url if len(url) <= MAX_URL else page_url,
                   text=without_bidi_controls(article.text),
                   title=one_line(article.title or link.title, LIMITS["title"]),
                   byline=one_line(article.byline, LIMITS["byline"]),
                   description=one_line(article.description, LIMITS["description"]),
                   published=checked_date(article.published, now) or link.published)


def capped_text(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, cut after a whole paragraph if there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    return head.rsplit("\n\n", 1)[0] if "\n\n" in head else head


def statements_on_topics(topics: tuple[Topic, ...], article: Article,
                         index: TextIndex | None = None) -> list[tuple[Statement, list[str]]]:
    """The article's attributed statements, each with the topics it is on (run in a
    worker: imported there, as the extractor is); `index`: of its title and text."""
    from ..statements.article import extract_statements

    index = index or TextIndex(f"{article.title}\n{article.text}")
    article_topics = [t for t in topics if matches(t.query, index)]
    if not article_topics:
        return []
    found = []
    for statement in without_relays(extract_statements(article.text)):
        if not statement.speaker_key or not is_reportable(statement) or negated(
                article.text, statement):
            continue  # a digest carries things someone said, not beliefs, fragments or
            # what was not said ("had not formally rejected")
        on = [t.name for t in article_topics if statement_on_topic(
            t.query, article.text, statement.content, statement.content_span)]
        if on:
            found.append((_capped_statement(statement), on))
    return found


def _capped_statement(statement: Statement) -> Statement:
    """The statement with each field within LIMITS (its spans still say where it is)."""
    def cap(text: str, field: str) -> str:
        limit = LIMITS[field]
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return replace(statement, speaker=cap(statement.speaker, "speaker"),
                   speaker_key=cap(statement.speaker_key, "speaker"),
                   role=cap(statement.role, "role"), cue=cap(statement.cue, "cue"),
                   content=cap(statement.content, "content"))


# --- digests and the cycle ------------------------------------------------------------------

def make_digests(svc: Services) -> int:
    """One digest per topic with pending statements, unless the last one is too recent
    (the log says when it will go). It covers the alerts stored so far: those that
    sources still running add meanwhile wait for the next round, so that a round makes
    one digest per topic (several only when one would pass max_digest_bytes)."""
    now = svc.clock()
    svc.store.check_file()
    upto = svc.store.last_alert_id()
    made = 0
    for topic in svc.store.pending_topics():
        if until := _held_until(svc, topic, now):
            log.info("digest held back by min_gap", extra={
                "topic": topic, "last": svc.store.last_digest_at(topic), "until": iso(until)})
            continue
        layout = Layout(svc.config.digest.templates, str(svc.config.path))
        select = partial(_fitting, topic, svc.config.delivery.max_digest_bytes, layout)
        while digest := svc.store.create_digest(topic, topic_channels(svc, topic), now,
                                                partial(render_digest, topic, layout=layout),
                                                select, upto):
            made += 1
            log.info("digest created", extra={"topic": topic, "digest": digest.id,
                                              "subject": digest.subject})
    return made


def topic_channels(svc: Services, topic: str) -> list[str]:
    """The channels a topic's digests go to: those its `channels` name ("email" is the
    mail channel, SMTP or the file outbox), or every configured one."""
    chosen = next((t.channels for t in svc.config.topics if t.name == topic), None)
    if chosen is None:
        return list(svc.senders)
    mail = "email" if "email" in svc.senders else "file"
    return [mail if name == "email" else name for name in chosen]


def held_until(svc: Services) -> datetime | None:
    """When the first topic held back by min_gap may have its digest; None if none is."""
    now = svc.clock()
    return min(filter(None, (_held_until(svc, t, now) for t in svc.store.pending_topics())),
               default=None)


def _held_until(svc: Services, topic: str, now: datetime) -> datetime | None:
    """The end of the topic's min_gap, if it is still ahead; a last digest dated after now
    (the clock was set back) holds nothing back."""
    last = svc.store.last_digest_at(topic)
    if not last or last > iso(now):
        return None
    until = _parse_iso(last) + timedelta(seconds=svc.config.delivery.min_gap)
    return until if until > now else None


def _fitting(topic: str, max_bytes: int, layout: Layout,
             items: list[DigestItem]) -> list[DigestItem]:
    chosen = fitting_items(topic, items, max_bytes, layout)
    if chosen[0] != items[0]:
        log.warning("digest item shortened: too large for delivery.max_digest_bytes alone",
                    extra={"topic": topic, "speaker": items[0].speaker,
                           "outlets": len(items[0].mentions), "max_bytes": max_bytes})
    return chosen


def deliver(svc: Services) -> DeliveryReport:
    return deliver_due(svc.store, svc.senders, svc.clock, svc.config.delivery.retry_interval)


def storage_errors() -> tuple[type[Exception], ...]:
    """The failures of a write that leave its work to the next run: the database's (a
    lock, a lost server) and the disk's."""
    return (*database_errors(), OSError)


def run_source_safely(svc: Services, source: Source) -> SourceReport:
    """_run_source_guarded, its duration and outcome recorded for the web interface and
    /metrics, in one transaction with the source's state (when storage allows: the run's
    own failure is already logged; a success not recorded is a storage failure)."""
    started, start = svc.clock(), time.monotonic()
    report = _run_source_guarded(svc, source)
    try:
        svc.store.record_run(source.name, started, time.monotonic() - start, report.status,
                             report.links, report.pages["new"], report.error, report.attempt)
    except storage_errors() as exc:
        if report.attempt is None or report.attempt.error:
            log.warning("source run not recorded", extra={"source": source.name,
                                                          "error": str(exc)})
            return report
        log.error("source not stored; retried next cycle", extra={"source": source.name,
                                                                  "error": str(exc)})
        return SourceReport(source.name, "failed", f"storage: {exc}")
    return report


def _run_source_guarded(svc: Services, source: Source) -> SourceReport:
    """run_source, with storage failures (disk full, I/O errors) and bugs logged and
    recorded as the source's failure (`status` shows them) instead of raised: every write
    is a transaction, so what failed is simply done again. A storage failure is retried
    next cycle; a crash backs off like a failing site."""
    try:
        return run_source(svc, source)
    except StorageError:  # the database vanished: nothing more may run
        raise
    except storage_errors() as exc:
        log.error("source not stored; retried next cycle", extra={"source": source.name,
                                                                  "error": str(exc)})
        return _record_failure(svc, source, f"storage: {exc}", backoff=False)
    except Exception as exc:
        log.exception("source run crashed; retried later", extra={"source": source.name})
        return _record_failure(svc, source, f"bug: {exc!r}", backoff=True)


def _record_failure(svc: Services, source: Source, error: str, backoff: bool) -> SourceReport:
    """A failure of the run itself, to be recorded with the run when storage allows."""
    if not backoff:
        return SourceReport(source.name, "failed", error, attempt=SourceAttempt(
            source.url, _known_kind(source, None), svc.clock(), error))
    try:
        return _source_failed(svc, source, error)
    except storage_errors():  # the log line above is all there is
        return SourceReport(source.name, "failed", error)


def fetch_sources(svc: Services, sources: tuple[Source, ...],
                  progress: Progress | None = None) -> list[SourceReport]:
    """Run the sources side by side (per-host politeness is enforced by the fetcher).
    Each thread keeps its database connection for all the sources it runs (opening one
    costs more than an unchanged source's reads and write); they are closed when the pool
    has ended. Without progress lines, this thread waits for the pool to end: following
    the sources as they finish wakes it once for each."""
    try:
        with ThreadPoolExecutor(max_workers=svc.config.fetch.concurrency) as pool:
            futures = [pool.submit(run_source_safely, svc, source) for source in sources]
            if progress:
                for done, future in enumerate(as_completed(futures), 1):  # as they finish
                    progress(f"[{done}/{len(sources)}] {_progress(future.result())}")
        return [future.result() for future in futures]  # in the config's order
    finally:
        svc.store.close_threads()


def _progress(report: SourceReport) -> str:
    if report.error:
        return f"{report.name}: {report.status}: {report.error}"
    return (f"{report.name}: {report.status}, {report.pages['new']} new articles, "
            f"{report.new_statements} new statements")


def digest_and_deliver(svc: Services) -> tuple[int, DeliveryReport]:
    """Make due digests, then send what is due. A storage failure leaves both for the next
    run: a digest and the alerts it takes are one transaction, and a delivery is marked
    sent only after the server accepted it."""
    made = 0
    try:
        made = make_digests(svc)
        return made, deliver(svc)
    except storage_errors() as exc:
        log.error("digests or deliveries not stored; retried next run",
                  extra={"error": str(exc)})
        return made, DeliveryReport()


def run_once(svc: Services, progress: Progress | None = None) -> CycleReport:
    """One full cycle: every source, then digests, then delivery; a stop (a signal) skips
    what is left, to be done by the next cycle."""
    started, start = svc.clock(), time.monotonic()
    reports = fetch_sources(svc, svc.config.sources, progress)
    made, delivery = (0, DeliveryReport()) if svc.stop.is_set() else digest_and_deliver(svc)
    report = CycleReport(tuple(reports), made, delivery)
    try:
        svc.store.record_cycle(started, time.monotonic() - start, len(reports),
                               report.counts()["failed"])
    except storage_errors() as exc:  # the cycle's work is stored; only its timing
        log.warning("cycle duration not recorded", extra={"error": str(exc)})
    log.info("cycle done", extra=report.counts())
    return report
