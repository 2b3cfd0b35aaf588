"""OpenTelemetry traces reach an OTLP/HTTP collector once its address is set (a real HTTP receiver here)."""

from __future__ import annotations

import http.server
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.identification.main import create_app as create_identification
from tests.conftest import Stack
from tests.support import serving


class _Collector(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receive)
        self.posts: list[tuple[str, bytes]] = []


class _Receive(http.server.BaseHTTPRequestHandler):
    server: _Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def collector() -> Iterator[_Collector]:
    with serving(_Collector()) as server:
        yield server


def test_requests_are_traced_to_the_configured_collector(stack: Stack, collector: _Collector) -> None:
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    settings = stack.settings.model_copy(update={"otel_exporter_otlp_endpoint": endpoint})
    with TestClient(create_identification(settings)) as client:  # leaving it flushes the spans
        assert client.get("/api/identification/schools", headers=stack.auth("observer")).status_code == 200
    paths = {path for path, _ in collector.posts}
    assert paths == {"/v1/traces"}
    body = b"".join(content for _, content in collector.posts)
    assert b"opora-identification" in body and b"/api/identification/schools" in body


def test_without_an_endpoint_nothing_is_traced(stack: Stack, collector: _Collector) -> None:
    with TestClient(create_identification(stack.settings)) as client:
        assert client.get("/api/identification/schools", headers=stack.auth("observer")).status_code == 200
    assert collector.posts == []
