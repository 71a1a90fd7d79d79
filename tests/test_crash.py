"""SIGKILL at random points of real cycles: nothing lost, nothing sent twice under a new
identity. `NEWSWATCH_KILLS=120 python -m pytest tests/test_crash.py -s` is the long run
(the default, 8 kills, keeps CI quick)."""

from __future__ import annotations

import email
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.app.demo import SAMPLE_SITES, demo_config
from tests.test_service import new_article_page

ROOT = Path(__file__).parent.parent
KILLS = int(os.environ.get("NEWSWATCH_KILLS", "8"))
SPEAKERS = ["Sergei Ryabkov", "Maria Zakharova", "Dmitry Peskov", "Antony Blinken",
            "Wendy Sherman", "Jens Stoltenberg", "Josep Borrell", "Alexander Grushko"]


def _cycle(config: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(config), "run",
                             "--once"], cwd=config.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _add_article(sites_dir: Path, rng: random.Random, i: int) -> str:
    """A new on-topic page with one statement whose words no other page uses."""
    marker = f"kill{i}x{rng.randrange(10**6)}"
    words, agenda = (" ".join("".join(rng.choices("bcdfghklmnprstvz", k=3)) + rng.choice("ao")
                              for _ in range(12)) for _ in range(2))  # made up: none alike
    speaker = rng.choice(SPEAKERS)
    quote = f"The {marker} {words}"
    page = new_article_page(
        sites_dir / "presstv" / "seed-000.html", f"crash-{i}.html",
        f"Security guarantees talks: {speaker} on the {marker} question",
        [f"{speaker} spoke about security guarantees for Russia and NATO on day {i} of talks "
         f"in Geneva, where delegations discussed {agenda}.",
         f"“{quote},” {speaker} told reporters after the meeting."],
        f"2022-03-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00")
    (sites_dir / "presstv" / f"crash-{i}.html").write_text(page, encoding="utf-8")
    return marker


def test_random_sigkills_lose_nothing_and_repeat_nothing(sample_sites, sites_dir, tmp_path,
                                                         mail_server):
    rng = random.Random(int(os.environ.get("NEWSWATCH_KILL_SEED", "7")))
    state = tmp_path / "state"
    config = tmp_path / "newswatch.toml"
    config.write_text(demo_config(sample_sites, state).replace(
        "[[topic]]", f'[delivery]\nretry_interval = 1\n\n[delivery.email]\nhost = "127.0.0.1"\n'
        f'port = {mail_server.port}\nsecurity = "none"\nfrom = "nw@test.localhost"\n'
        f'to = ["a@test.localhost"]\ntimeout = 5\n\n[[topic]]'), encoding="utf-8")
    start = time.monotonic()
    assert _cycle(config).wait(timeout=120) == 0  # a clean first cycle sets the pace
    duration = time.monotonic() - start

    markers, killed = [], 0
    for i in range(KILLS):
        markers.append(_add_article(sites_dir, rng, i))
        process = _cycle(config)
        try:
            process.wait(timeout=rng.uniform(0.05, duration * 1.2))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed += 1
    for _ in range(3):  # let retries after the last kill run out
        assert _cycle(config).wait(timeout=120) == 0
        time.sleep(1.1)

    db = sqlite3.connect(state / "newswatch.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    pages = sum(len(sample_sites.pages(s.directory)) for s in SAMPLE_SITES)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == pages - 1  # 1 copy
    texts = [r[0] for r in db.execute("SELECT content FROM statements")]
    lost = [m for m in markers if not any(m in t for t in texts)]
    assert lost == []
    assert db.execute("SELECT COUNT(*) FROM alerts WHERE digest_id IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT statement_id FROM alerts WHERE kind = 'new' GROUP BY "
                      "statement_id HAVING COUNT(DISTINCT digest_id) > 1").fetchall() == []
    assert db.execute("SELECT COUNT(*) FROM deliveries WHERE status != 'sent'"
                      ).fetchone()[0] == 0

    digest_ids = {r[0] for r in db.execute("SELECT message_id FROM digests")}
    mails = [email.message_from_bytes(e.content) for e in mail_server.messages]
    sent = Counter(m["Message-ID"] for m in mails)
    assert set(sent) == digest_ids  # every digest arrived, under no other identity
    repeats = sum(n - 1 for n in sent.values())
    assert max(sent.values()) <= 2
    for marker in markers:  # each new statement reached exactly one digest identity
        carriers = {m["Message-ID"] for m in mails if marker in m.get_payload()[0].get_payload(
            decode=True).decode()}
        assert len(carriers) == 1, marker
    print(f"\n{KILLS} runs, {killed} killed mid-cycle; {len(markers)} new statements, 0 lost; "
          f"{len(digest_ids)} digests, {len(mails)} emails, {repeats} repeats (same "
          f"Message-ID); integrity ok")
