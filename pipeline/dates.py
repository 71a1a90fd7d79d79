"""Dates from outside (feeds, sitemaps, page metadata): checked, or dropped. Pure.

A date a site gives is shown in digests, sent in webhooks and used to order a sitemap's
links, so only a plausible ISO 8601 date survives: at most 64 characters, not before
1990 and not more than a day ahead of now.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)  # time zones, and clocks a little fast
MAX_TEXT = 64


def checked_date(value: str | None, now: datetime) -> str | None:
    """`value` (stripped) when it is an ISO 8601 date or date-time in the plausible range,
    else None. A date without a zone is taken as UTC. A form that does not start with
    the calendar date ("2024-W01-1") is given as one, since digests show the first ten
    characters."""
    text = (value or "").strip()
    if not text or len(text) > MAX_TEXT:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if not EARLIEST <= moment <= now + AHEAD:
        return None
    return text if text[:10] == parsed.date().isoformat() else parsed.isoformat()

