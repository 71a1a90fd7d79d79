"""A throw-away PostgreSQL cluster for tests and benchmarks: initdb into a temporary
directory, started on 127.0.0.1 at a free port with its socket in that directory, removed
on stop. The server refuses to run as root, so as root it runs as the `postgres` user."""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "newswatch"


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl ($NEWSWATCH_PG_BIN, else the newest
    Debian-packaged version), or None where PostgreSQL is not installed."""
    configured = os.environ.get("NEWSWATCH_PG_BIN")
    candidates = [Path(configured)] if configured else sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name),
        reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    return next((c for c in candidates if (c / "initdb").exists() and (c / "pg_ctl").exists()),
                None)


def missing_reason() -> str | None:
    """Why no cluster can be started and used here, or None when one can."""
    if importlib.util.find_spec("psycopg") is None:
        return "the PostgreSQL driver is not installed (pip install -e '.[postgres]')"
    if server_binaries() is None:
        return "PostgreSQL server binaries not found (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One started cluster; `url` connects to its database `newswatch`."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        binaries = server_binaries()
        if binaries is None:
            raise RuntimeError(missing_reason())
        self.bin = binaries
        self.dir = Path(tempfile.mkdtemp(prefix="newswatch-pg-"))
        self.port = _free_port()
        self.url = f"postgresql://{USER}@127.0.0.1:{self.port}/newswatch"
        self._as_server_user = os.geteuid() == 0
        if self._as_server_user:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        # A test cluster: durability traded for speed (nothing in it outlives the run).
        options = {"listen_addresses": "127.0.0.1", "port": str(self.port),
                   "unix_socket_directories": str(self.dir), "fsync": "off",
                   "synchronous_commit": "off", "full_page_writes": "off",
                   "max_connections": "200", **(settings or {})}
        self._run("initdb", "-D", str(self.dir / "data"), "-U", USER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        flags = " ".join(f"-c {key}={value}" for key, value in options.items())
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-o", flags, "-w",
                  "-l", str(self.dir / "server.log"), "start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER,
                  "newswatch")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_server_user:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.dir)

    def create_database(self, name: str) -> str:
        """A further empty database in the cluster; its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name)
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server at once and remove its files."""
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
