"""A real archive for the web interface's tests: the demo's sample sites, plus one page
whose text is hostile markup, through one real cycle into a real SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.app.cycle import run_once
from pipeline.app.demo import SITES_DIR, SampleSites
from pipeline.app.services import Services
from tests.conftest import FakeClock, make_services
from tests.servers import MailServer

HOSTILE = "<script>alert('x')</script>"
# A page on the demo's topic whose words carry markup (as text: escaped in its HTML).
HOSTILE_PAGE = """<!doctype html><html><head>
<title>Lavrov warns NATO &lt;b&gt;again&lt;/b&gt;</title>
<meta property="og:title" content="Lavrov warns NATO &lt;b&gt;again&lt;/b&gt;">
<meta property="article:published_time" content="2022-02-15T10:00:00+00:00">
</head><body><article><h1>Lavrov warns NATO &lt;b&gt;again&lt;/b&gt;</h1>
<p>MOSCOW (Press TV) - Russia's Foreign Minister Sergei Lavrov spoke to reporters in Moscow
on Tuesday about the talks with the United States and its allies on European security.</p>
<p>"NATO must give Russia written security guarantees &lt;script&gt;alert('x')&lt;/script&gt;
before any further talks can take place," Lavrov told reporters after meeting his
counterpart.</p>
<p>The minister added that Moscow had waited long enough for an answer from Washington and
Brussels, and that the alliance's reply so far had ignored the main Russian demands.</p>
<p>Western diplomats said they were studying the remarks and would respond in the coming
days, while talks between the two sides are expected to continue next week in Geneva.</p>
</article></body></html>"""


@contextmanager
def demo_archive(root: Path, tables: str = "") -> Iterator[Services]:
    """The sample sites (and the hostile page) served on 127.0.0.1 and run through one
    cycle into `root`/state (or the database a [store] table in `tables` names),
    delivering to a real SMTP server; the services after it."""
    sites_dir = root / "sites"
    shutil.copytree(SITES_DIR, sites_dir, ignore=shutil.ignore_patterns("*.md"))
    (sites_dir / "presstv" / "lavrov-warns-nato.html").write_text(HOSTILE_PAGE,
                                                                    encoding="utf-8")
    mail = MailServer()
    mail.start()
    try:
        with SampleSites(sites_dir) as sites:
            svc = make_services(sites, root / "state", mail.port, FakeClock(), tables=tables)
            try:
                run_once(svc)
                yield svc
            finally:
                svc.close()
    finally:
        mail.stop()
