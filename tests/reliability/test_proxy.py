"""The gateway's proxy against a service that closes a kept-alive connection instead of answering on it.

A real socket server stands in for the reports service: it answers the first request of each connection and
drops the connection when a second one arrives on it — what a service does when its keep-alive timeout ends
just as the gateway reuses the pooled connection. An idempotent request is retried once on a new connection;
a request with a body is never sent on a pooled connection (it could not be sent twice), so it always answers.
"""

from __future__ import annotations

import asyncio
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.gateway.main import create_app
from tests.support import PATIENCE_SECONDS, make_settings

ANSWER = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}'


class OneAnswerPerConnection(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        seen = 0
        length = 0
        while line := self.rfile.readline():
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
            if line not in (b"\r\n", b"\n"):
                continue
            self.rfile.read(length)  # the end of the headers: the body, then the answer (or none)
            length = 0
            self._answer_or_drop(seen)
            seen += 1

    def _answer_or_drop(self, seen: int) -> None:
        if seen:
            self.connection.close()  # the kept-alive connection is gone: no answer
            raise ConnectionAbortedError
        self.wfile.write(ANSWER)
        self.wfile.flush()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64  # not 5: a loaded machine accepts late, and a full backlog drops the gateway's connect


@pytest.fixture
def closing_service() -> Iterator[str]:
    server = Server(("127.0.0.1", 0), OneAnswerPerConnection)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_closed_pooled_connection_costs_no_request_with_or_without_a_body(
    tmp_path: Path, closing_service: str
) -> None:
    settings = make_settings(
        tmp_path,
        {"gateway": f"sqlite:///{tmp_path}/gateway.db"},
        reports_url=closing_service,
        proxy_connect_timeout_seconds=PATIENCE_SECONDS,  # what is tested is the retry, not a loaded machine's speed
    )
    app = create_app(settings)

    async def calls() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            statuses = [(await client.get("/api/reports/types")).status_code for _ in range(4)]
            statuses.append((await client.post("/api/reports/render", json={})).status_code)
            statuses.append((await client.post("/api/reports/render", json={})).status_code)
        await app.state.proxy_client.aclose()
        await app.state.proxy_body_client.aclose()
        return statuses

    statuses = asyncio.run(calls())
    assert statuses[:4] == [200, 200, 200, 200]  # each GET after the first met a dropped connection, retried
    assert statuses[4:] == [200, 200]  # a POST goes on a connection of its own, never on a pooled one
