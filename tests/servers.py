"""Real servers on 127.0.0.1 for the tests: a scripted HTTP server, an SMTP server, and a
raw TCP server for answers no HTTP or SMTP library would give."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

Route = Callable[[BaseHTTPRequestHandler], None]


def respond(status: int = 200, body: bytes | str = b"", headers: dict | None = None) -> Route:
    """A route that answers with a fixed response."""
    data = body.encode() if isinstance(body, str) else body

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    return route


def sequence(*routes: Route) -> Route:
    """Answer with each route in turn, then keep answering with the last."""
    calls = iter(range(10**9))

    def route(handler: BaseHTTPRequestHandler) -> None:
        routes[min(next(calls), len(routes) - 1)](handler)
    return route


def drip(seconds: float, byte: bytes = b"x") -> Route:
    """Send headers, then one byte a second: a server that never finishes."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "1000000")
        handler.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                handler.wfile.write(byte)
                handler.wfile.flush()
                time.sleep(1)
        except OSError:
            pass
    return route


def reset() -> Route:
    """Close the connection with a TCP reset instead of an answer."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True
    return route


def stream(total: int, declared: int | None = None, chunk: bytes = b"a" * 65536) -> Route:
    """Send `total` bytes while declaring `declared` as Content-Length (a lie, if they
    differ), then close."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(total if declared is None else declared))
        handler.end_headers()
        handler.close_connection = True
        sent = 0
        try:
            while sent < total:
                piece = chunk[: total - sent]
                handler.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass
    return route


def hang(seconds: float) -> Route:
    """Accept the connection and never answer."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
    return route


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when the request had arrived


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are part of the tests


class ScriptedServer:
    """HTTP server whose answer for each path is set by the test."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                server.hits.append(Hit(self.path, dict(self.headers), self.rfile.read(length),
                                       time.monotonic()))
                route = server.routes.get(self.path.split("?")[0])
                (route or respond(404, "not found"))(self)

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path.split("?")[0] == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class MailHandler:
    """aiosmtpd handler that keeps what it receives; `fail_with` makes it refuse."""

    messages: list[Envelope] = field(default_factory=list)
    fail_with: str | None = None  # e.g. "451 try later" or "554 rejected"
    drop_after_data: int = 0  # this many times: take the message, hang up before replying

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.fail_with:
            return self.fail_with
        self.messages.append(envelope)
        if self.drop_after_data:
            self.drop_after_data -= 1
            server.transport.abort()
        return "250 OK"


class MailServer:
    """A real SMTP server on 127.0.0.1 that can be stopped and started on the same port."""

    def __init__(self, data_size_limit: int = 33554432) -> None:
        self.handler = MailHandler()
        self.port = free_port()
        self.data_size_limit = data_size_limit  # larger messages are refused with 552
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     data_size_limit=self.data_size_limit)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Envelope]:
        return self.handler.messages


Script = Callable[[socket.socket], None]


class RawServer:
    """A TCP server on 127.0.0.1 that runs `script` on each connection, in its own thread;
    `connections` counts the connections accepted."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):  # OSError: the client hung up, as it should
            self.script(conn)

    def close(self) -> None:
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept()
        self.listener.close()


def read_until(conn: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise OSError("client hung up")
        data += chunk
    return data


def drip_bytes(conn: socket.socket, seconds: float, piece: bytes, every: float = 0.25) -> None:
    """Send `piece` every `every` seconds for `seconds`: never silent long enough for a
    read timeout."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        conn.sendall(piece)
        time.sleep(every)


def drip_http_headers(seconds: float) -> Script:
    """Read a request, send a status line and the start of a header, then a byte at a
    time: the headers never end."""
    def script(conn: socket.socket) -> None:
        read_until(conn, b"\r\n\r\n")
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        drip_bytes(conn, seconds, b"x")
    return script


def smtp_drip_after_data(seconds: float) -> Script:
    """An SMTP server that takes the message, then answers DATA with `250-` continuation
    lines that never end."""
    def script(conn: socket.socket) -> None:
        conn.sendall(b"220 slow.test ESMTP\r\n")
        while True:
            line = read_until(conn, b"\r\n").upper()
            if line.startswith((b"EHLO", b"HELO")):
                conn.sendall(b"250-slow.test\r\n250 8BITMIME\r\n")
            elif line.startswith(b"DATA"):
                conn.sendall(b"354 go ahead\r\n")
                read_until(conn, b"\r\n.\r\n")
                drip_bytes(conn, seconds, b"250-still working\r\n")
                return
            else:
                conn.sendall(b"250 OK\r\n")
    return script
