"""Security headers on every answer of every process, without nginx: the SPA, the API, errors, the docs."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
from fastapi import APIRouter
from fastapi.testclient import TestClient

from services.shared.app import create_service_app
from services.shared.headers import CSP
from tests.conftest import Stack

EXPECTED = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def _assert_secured(answer: httpx.Response, csp: str | None = CSP) -> None:
    for name, value in EXPECTED.items():
        assert len(answer.headers.get_list(name)) == 1, (answer.url, name)  # sent once, also through the proxy
        if name != "content-security-policy":
            assert answer.headers[name] == value, (answer.url, name)
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    if csp is not None:
        assert answer.headers["content-security-policy"] == csp


def test_spa_api_errors_and_proxied_answers_carry_the_headers(stack: Stack) -> None:
    headers = stack.auth("observer")
    answers = [
        stack.gateway.get("/"),  # the SPA's index.html (or the «not built» page)
        stack.gateway.get("/some/spa/route"),
        stack.gateway.get("/api/health"),
        stack.gateway.get("/api/auth/me"),  # 401
        stack.gateway.get("/api/nowhere"),  # 404
        stack.gateway.get("/api/identification/schools", headers=headers),  # proxied
        stack.gateway.get("/api/roadmap/plans?page=x", headers=headers),  # proxied 422
        stack.services["reports"].get("/api/reports/health"),  # a service reached directly
    ]
    for answer in answers:
        _assert_secured(answer)


def test_the_csp_allows_the_spa_it_serves(stack: Stack) -> None:
    index = stack.gateway.get("/")
    if index.status_code == 200:
        # The built SPA has no inline script: every script is a file of its own origin.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", index.text)
        assert not re.search(r"""src=["']https?://""", index.text)


def test_api_docs_run_under_a_policy_naming_their_one_inline_script(stack: Stack) -> None:
    for client, path in (
        (stack.gateway, "/api/roadmap/docs"),
        (stack.gateway, "/api/gateway/docs"),
        (stack.services["identification"], "/api/identification/docs"),
    ):
        docs = client.get(path)
        assert docs.status_code == 200 and "SwaggerUIBundle" in docs.text
        _assert_secured(docs, csp=None)
        policy = docs.headers["content-security-policy"]
        scripts = re.findall(r"<script>(.*?)</script>", docs.text, re.DOTALL)
        assert len(scripts) == 1
        digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        openapi = client.get(path.replace("/docs", "/openapi.json"))
        assert openapi.status_code == 200 and openapi.json()["openapi"]


def test_even_an_unexpected_error_carries_the_headers(stack: Stack) -> None:
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("unexpected")

    app = create_service_app("reports", "probe", [router], settings=stack.settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/reports/boom")
    assert answer.status_code == 500 and answer.json()["code"] == "internal_error"
    _assert_secured(answer)
