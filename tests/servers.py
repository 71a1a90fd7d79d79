"""Real servers on 127.0.0.1 for the tests: a scripted HTTP server and an SMTP server."""

from __future__ import annotations

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


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are part of the tests


class ScriptedServer:
    """HTTP server whose answer for each path is set by the test."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                server.hits.append(Hit(self.path, dict(self.headers), self.rfile.read(length)))
                route = server.routes.get(self.path.split("?")[0])
                (route or respond(404, "not found"))(self)

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

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

    def __init__(self) -> None:
        self.handler = MailHandler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Envelope]:
        return self.handler.messages
