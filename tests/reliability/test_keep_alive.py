"""A service process keeps an idle connection open longer than the gateway keeps it in its pool.

The gateway drops an idle pooled connection after `PROXY_KEEPALIVE_EXPIRY_SECONDS`; were a service to close it
first (uvicorn's default is 5 s), a request the gateway sends on it just then would be lost, and a POST answered
502. Against the real process: a request, an idle pause past uvicorn's default and the gateway's expiry, and a
second request on the same socket, which must be answered.
"""

from __future__ import annotations

import socket
import time

from services.shared import topology
from tests.stack import RunningStack

UVICORN_DEFAULT_KEEP_ALIVE_SECONDS = 5


def _exchange(connection: socket.socket, path: str) -> bytes:
    """One request on the open socket and its whole answer (headers and a `Content-Length` body); what was
    read before the service closed the connection, if it did."""
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer or len(answer) < _length(answer):
        chunk = connection.recv(65536)
        if not chunk:
            break
        answer += chunk
    return answer


def _length(answer: bytes) -> int:
    """The length of a whole answer whose headers have arrived: the headers and the body they announce."""
    head, _, _ = answer.partition(b"\r\n\r\n")
    lengths = [line.split(b":", 1)[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
    return len(head) + 4 + int(lengths[0]) if lengths else len(answer)


def test_services_keep_an_idle_connection_longer_than_the_gateways_pool(live: RunningStack) -> None:
    assert topology.PROXY_KEEPALIVE_EXPIRY_SECONDS < UVICORN_DEFAULT_KEEP_ALIVE_SECONDS < topology.KEEP_ALIVE_SECONDS
    service = topology.ROADMAP
    with socket.create_connection(("127.0.0.1", live.ports[service.name]), timeout=30) as connection:
        assert _exchange(connection, service.health_path).startswith(b"HTTP/1.1 200")
        time.sleep(UVICORN_DEFAULT_KEEP_ALIVE_SECONDS + 1.5)
        assert _exchange(connection, service.health_path).startswith(b"HTTP/1.1 200")
