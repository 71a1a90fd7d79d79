"""The command line as a user meets it: help pages, --version, `init`, search over the
article text, one line and a documented exit code for each mistake, progress lines."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.app.cli import main, parser
from pipeline.app.cycle import run_once
from tests.conftest import news_page, rss, services
from tests.servers import respond

ROOT = Path(__file__).parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    out = capsys.readouterr()
    return done.value.code, out.out, out.err


def commands() -> list[str]:
    [sub] = [a for a in parser()._actions if a.dest == "command"]
    return sorted(sub.choices)


@pytest.mark.parametrize("command", commands())
def test_every_command_says_what_it_does_with_an_example(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    description = out.split("\n\n")[1]
    assert code == 0 and len(description.split()) >= 8, out
    assert f"examples:\n  newswatch {command}" in out


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and re.fullmatch(r"newswatch \d+\.\d+\.\d+\S*\n", out)


def test_search_help_lists_the_query_syntax(capsys):
    _, out, _ = run(capsys, "search", "--help")
    assert "-a, NOT a" in out and "NEAR" in out and "--limit LIMIT" in out


def test_init_writes_a_starter_config_that_is_valid(capsys, tmp_path):
    path = tmp_path / "etc" / "newswatch.toml"
    code, out, _ = run(capsys, "init", str(path))
    assert code == 0 and f"newswatch check-config --config {path}" in out
    assert run(capsys, "check-config", "--config", str(path))[0] == 0
    text = path.read_text()
    assert text.count("\n# ") > 20  # commented
    code, _, err = run(capsys, "init", str(path))
    assert code == 2 and "already exists" in err and path.read_text() == text


def one_line(err: str) -> str:
    assert "Traceback" not in err
    [line] = err.strip().splitlines()
    assert line.startswith("newswatch: ")
    return line


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "newswatch.toml"
    path.write_text(f'[service]\nstate_dir = "{tmp_path / "state"}"\n\n[[source]]\n'
                    'name = "Wire"\nurl = "http://127.0.0.1:9/feed.xml"\nkind = "feed"\n\n'
                    '[[topic]]\nname = "Russia"\nquery = "Russia"\n')
    return path


@pytest.mark.parametrize("argv, code, words", [
    (["search", "Lavrov NOT"], 2, "invalid query: the query ends after 'NOT'"),
    (["search", "Lavrov NEAR Lukashenko"], 2, "NEAR is not supported"),
    (["retry", "--state", "{tmp}/new/dir"], 4, "no database yet"),
    (["search", "Lavrov", "--state", "{tmp}/new/dir"], 4, "no database yet"),
    (["run", "--once", "--state", "{tmp}/a-file"], 4,
     "state directory {tmp}/a-file: cannot use it (a file is there)"),
    (["run", "--once", "--state", "{tmp}/a-file/sub"], 4, "cannot use it (a file is there)"),
    (["check-config", "--config", "{tmp}/none.toml"], 2,
     "config file not found; name another with --config PATH or NEWSWATCH_CONFIG, or write "
     "a commented starter config with `newswatch init {tmp}/none.toml`"),
    (["check-config", "--config", "{tmp}"], 2, "cannot read config file (Is a directory)"),
    (["statements", "{tmp}/a-file"], 2, "{tmp}/a-file: not UTF-8 text (byte 0xff at 0)"),
    (["statements", "{tmp}/none.txt"], 2, "cannot read it (No such file or directory)"),
    (["extract", "{tmp}"], 2, "{tmp}: cannot read it (Is a directory)"),
    (["init", "{tmp}/a-file"], 2, "already exists"),
    (["demo", "--state", "{tmp}/a-file"], 1, "{tmp}/a-file: not a directory"),
])
def test_each_user_error_is_one_line_with_a_documented_exit_code(capsys, tmp_path, config,
                                                                 argv, code, words):
    (tmp_path / "a-file").write_bytes(b"\xff\xfe binary")
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    if "--config" not in argv:
        argv = ["--config", str(config), *argv]
    got, _, err = run(capsys, *argv)
    assert got == code and words.format(tmp=tmp_path) in one_line(err)


def test_a_bug_is_one_line_unless_verbose(capsys, tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>text</p></body></html>")

    def broken(*_args: object) -> None:
        raise KeyError("boom")
    monkeypatch.setattr("pipeline.extract.article.extract_article", broken)
    code, _, err = run(capsys, "extract", str(page))
    assert code == 1 and "unexpected error: KeyError: 'boom'; this is a bug" in one_line(err)
    code, _, err = run(capsys, "-v", "extract", str(page))
    assert code == 1 and "Traceback" in err


def test_extract_shows_a_date_guessed_from_the_address_of_a_page_that_marks_none(
        capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Why Rust</h1><p>Some text on it.</p></body></html>")
    code, out, _ = run(capsys, "extract", "--json", "--url",
                       "https://blog.example/2025/12/19/why-rust", str(page))
    assert code == 0 and json.loads(out)["published"] == "2025-12-19"


def test_search_finds_words_of_the_text_and_shows_them(capsys, tmp_path, clock, http_server):
    http_server.routes["/feed.xml"] = respond(200, rss(("Talks end", http_server.url("/a"))))
    http_server.routes["/a"] = respond(200, news_page("Talks end", [
        "Delegations met for a third day in Geneva without an agreement on the text.",
        "Sergei Lavrov told reporters that the draft was not acceptable to Moscow at all.",
        "The next round is planned for the spring, officials on both sides said."]),
        {"Content-Type": "text/html"})
    svc = services(tmp_path, clock, {"Wire": http_server.url("/feed.xml")})
    try:
        run_once(svc)
    finally:
        svc.close()
    config = str(tmp_path / "newswatch.toml")
    code, out, _ = run(capsys, "--config", config, "search", "lavrov -football")
    assert code == 0 and "Talks end" in out and "Sergei Lavrov told reporters" in out
    assert run(capsys, "--config", config, "search", "lavrov -reporters")[1] == ""


def cycle(config: Path, on_terminal: bool) -> str:
    """`newswatch run --once`, its stderr a terminal (a pseudo-terminal) or a pipe."""
    command = [sys.executable, "-m", "pipeline", "--config", str(config), "run", "--once"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not on_terminal:
        return subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=120).stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, env=env, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child has gone and closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_progress_lines_on_a_terminal_only_and_never_inside_a_log_line(tmp_path, http_server):
    names = ["Alpha", "Beta", "Gamma"]
    for name in names:
        http_server.routes[f"/{name}.xml"] = respond(200, rss(), {"Content-Type": "text/xml"})
    http_server.routes["/Beta.xml"] = respond(500, "down")  # logs a warning
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[service]\nstate_dir = "{tmp_path / "state"}"\nworkers = 0\n\n'
                      '[fetch]\nallow_networks = ["127.0.0.1/32"]\nretries = 0\n\n' + "".join(
                          f'[[source]]\nname = "{n}"\nurl = "{http_server.url(f"/{n}.xml")}"\n'
                          'kind = "feed"\n\n' for n in names)
                      + '[[topic]]\nname = "Russia"\nquery = "Russia"\n')
    shown = cycle(config, on_terminal=True).splitlines()
    log = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d (INFO|WARNING|ERROR|DEBUG) +\S+: ")
    progress = [line for line in shown if not log.match(line)]
    assert progress[0] == "fetching 3 sources, 3 at a time"
    assert sorted(line.split("] ")[1].split(":")[0] for line in progress[1:]) == names
    assert [line.split("]")[0] for line in progress[1:]] == ["[1/3", "[2/3", "[3/3"]
    assert any("Beta: failed: fetch: HTTP 500" in line for line in progress)
    assert any("cycle done" in line for line in shown)
    assert not any("[" in line.split(": ", 1)[0] for line in shown if log.match(line))
    piped = cycle(config, on_terminal=False).splitlines()
    assert piped and all(log.match(line) for line in piped), piped
