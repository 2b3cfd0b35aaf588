"""The clients a process keeps for the other services share one TLS setup."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from services.shared.remote import service_client

pytestmark = pytest.mark.no_database


def test_clients_for_other_services_load_the_certificate_authorities_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each `httpx.Client()` loads certifi's authorities (30–50 ms); a process's service clients load them once."""
    loads: list[Any] = []
    original = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args or kwargs)
        original(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    clients = [service_client(f"http://service-{n}:8000", timeout=5) for n in range(5)]
    try:
        assert len(loads) <= 1, loads  # none when an earlier client of this process already loaded them
        assert [str(client.base_url) for client in clients[:2]] == ["http://service-0:8000", "http://service-1:8000"]
        assert clients[0].timeout.read == 5
    finally:
        for client in clients:
            client.close()
