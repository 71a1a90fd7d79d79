"""A config reload fetches only the sources it adds or changes; the others keep their
schedule (an unrelated edit refetched every source before)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from pipeline.app.scheduler import Service
from pipeline.app.services import build_services
from pipeline.config import load_config
from tests.conftest import rss, wait_for
from tests.servers import respond


def config_text(tmp_path: Path, feeds: dict[str, str]) -> str:
    sources = "".join(f'[[source]]\nname = "{name}"\nurl = "{url}"\nkind = "feed"\n'
                      f'interval = "1h"\n\n' for name, url in feeds.items())
    return (f'[service]\nstate_dir = "{tmp_path / "state"}"\nworkers = 0\n\n'
            f'[fetch]\nallow_networks = ["127.0.0.1/32"]\nper_host_delay = 0\nretries = 0\n\n'
            f'{sources}[[topic]]\nname = "Russia"\nquery = "Russia"\n')


def test_a_reload_fetches_new_and_changed_sources_only(tmp_path, http_server):
    for path in ("/a.xml", "/b.xml", "/b2.xml", "/c.xml"):
        http_server.routes[path] = respond(200, rss(), {"Content-Type": "text/xml"})
    path = tmp_path / "newswatch.toml"
    path.write_text(config_text(tmp_path, {"A": http_server.url("/a.xml"),
                                           "B": http_server.url("/b.xml")}))
    service = Service(load_config(path), build_services, lambda: load_config(path),
                      config_check_every=0.1)
    stop = threading.Event()
    runner = threading.Thread(target=service.run, args=(stop,))
    runner.start()
    try:
        wait_for(lambda: http_server.count("/a.xml") == 1 == http_server.count("/b.xml"))
        planned = service.scheduler.get_job("source:A").next_run_time
        path.write_text(config_text(tmp_path, {"A": http_server.url("/a.xml"),
                                               "B": http_server.url("/b2.xml"),  # changed
                                               "C": http_server.url("/c.xml")}))  # new
        os.utime(path, (time.time() + 5, time.time() + 5))
        wait_for(lambda: http_server.count("/b2.xml") == 1 == http_server.count("/c.xml"))
        assert service.scheduler.get_job("source:A").next_run_time == planned
        assert http_server.count("/a.xml") == 1 and http_server.count("/b.xml") == 1
    finally:
        stop.set()
        runner.join(timeout=60)
    assert not runner.is_alive()
