"""The four processes for real: log in through the gateway, reach each service, refuse forged tokens,
keep to the scope, and answer a JSON 503 naming a service that is down."""

from __future__ import annotations

import json
from collections.abc import Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.stack import RunningStack, running_stack
from tests.support import web

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def live() -> Iterator[RunningStack]:
    with running_stack() as stack:
        yield stack


def _login(live: RunningStack, username: str) -> dict[str, str]:
    answer = web.post(f"{live.url()}/api/auth/token", data={"username": username, "password": "demo"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_login_and_reach_every_service_through_the_gateway(live: RunningStack) -> None:
    headers = _login(live, "regional_analyst")
    me = web.get(f"{live.url()}/api/auth/me", headers=headers).json()
    assert me["role"] == "regional_analyst"
    for path in ("/api/identification/schools", "/api/roadmap/plan-kinds", "/api/reports/types"):
        answer = web.get(f"{live.url()}{path}", headers=headers)
        assert answer.status_code == 200, path
        assert answer.headers["x-request-id"]
    health = web.get(f"{live.url()}/api/health").json()
    assert health["status"] == "ok"
    assert set(health["services"]) == {"gateway", "identification", "roadmap", "reports"}


def test_request_id_travels_to_the_service(live: RunningStack) -> None:
    headers = {**_login(live, "observer"), "X-Request-ID": "trace-e2e-42"}
    answer = web.get(f"{live.url()}/api/reports/types", headers=headers)
    assert answer.headers["x-request-id"] == "trace-e2e-42"
    assert answer.status_code == 200
    lines = [
        json.loads(line) for line in (live.log_dir / "reports.log").read_text().splitlines() if line.startswith("{")
    ]
    assert any(line.get("request_id") == "trace-e2e-42" and line.get("path") == "/api/reports/types" for line in lines)


def test_forged_and_missing_tokens_are_401_at_the_gateway_and_at_the_service(live: RunningStack) -> None:
    real = _login(live, "school_staff")["Authorization"].split()[1]
    kid = jwt.get_unverified_header(real)["kid"]
    claims = jwt.decode(real, options={"verify_signature": False})
    claims.update(role="admin", scope={"kind": "all"})
    forged = jwt.encode(claims, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256", headers={"kid": kid})
    none_alg = jwt.encode(claims, key="", algorithm="none", headers={"kid": kid})
    for base in (live.url(), live.url("identification")):
        assert web.get(f"{base}/api/identification/schools").status_code == 401
        for token in (forged, none_alg):
            answer = web.get(f"{base}/api/identification/schools", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 401
            assert answer.json()["code"] == "invalid_token"


def test_scope_is_kept_across_the_processes(live: RunningStack) -> None:
    admin = _login(live, "admin")
    staff = _login(live, "school_staff")
    own = web.get(f"{live.url()}/api/identification/schools", headers=staff).json()["items"][0]["school_code"]
    others = web.get(f"{live.url()}/api/identification/schools", params={"per_page": 500}, headers=admin).json()
    foreign = next(s["school_code"] for s in others["items"] if s["school_code"] != own)
    answer = web.get(f"{live.url()}/api/identification/schools/{foreign}", headers=staff)
    assert answer.status_code == 403 and answer.json()["code"] == "out_of_scope"


def test_a_stopped_service_is_a_json_503_naming_it(live: RunningStack) -> None:
    headers = _login(live, "admin")
    live.stop("roadmap")
    try:
        answer = web.get(f"{live.url()}/api/roadmap/plan-kinds", headers=headers)
        assert answer.status_code == 503
        assert answer.json()["code"] == "service_unavailable"
        assert "дорожных карт" in answer.json()["detail"]
        health = web.get(f"{live.url()}/api/health").json()
        assert health["status"] == "degraded"
        assert health["services"]["roadmap"]["status"] == "unavailable"
        assert web.get(f"{live.url()}/api/reports/types", headers=headers).status_code == 200
    finally:
        live.start("roadmap")
    assert web.get(f"{live.url()}/api/roadmap/plan-kinds", headers=headers).status_code == 200


def test_large_upload_streams_through_the_gateway(live: RunningStack) -> None:
    """A 20 MB body passes through chunk by chunk (the service answers 404 for the unknown path)."""
    headers = _login(live, "admin")

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x" * (1024 * 1024)

    answer = web.post(f"{live.url()}/api/identification/no-such-upload", content=chunks(), headers=headers)
    assert answer.status_code in (404, 405)
    assert answer.json()["code"] in ("not_found", "method_not_allowed")


def test_spa_is_served_with_history_fallback(live: RunningStack) -> None:
    index = web.get(f"{live.url()}/")
    assert index.status_code == 200 and '<div id="app"' in index.text
    for path in ("/login", "/schools/123", "/admin"):
        answer = web.get(f"{live.url()}{path}")
        assert answer.status_code == 200 and answer.text == index.text
    asset = index.text.split('src="')[1].split('"')[0]
    assert "immutable" in web.get(f"{live.url()}{asset}").headers["cache-control"]
    assert web.get(f"{live.url()}/api/nothing-here").status_code == 404


def test_demo_plans_are_made_through_the_api_of_the_running_processes(live: RunningStack) -> None:
    """Roadmap → identification over real HTTP: drafts from the agreed list, an imported, approved roadmap."""
    from services.roadmap.demo import seed_demo_plans

    created = seed_demo_plans(live.url(), "demo")
    assert created >= 2
    assert seed_demo_plans(live.url(), "demo") == 0, "a second call changes nothing"
    headers = _login(live, "municipal_coordinator")
    plans = web.get(f"{live.url()}/api/roadmap/plans", params={"per_page": 100}, headers=headers).json()
    kinds = {(p["kind"], p["status"]) for p in plans["items"]}
    assert ("municipal_roadmap", "approved") in kinds and ("anti_risk_programme", "draft") in kinds
    roadmap = next(p for p in plans["items"] if p["kind"] == "municipal_roadmap")
    full = web.get(f"{live.url()}/api/roadmap/plans/{roadmap['id']}", headers=headers).json()
    assert [s["title"][:6] for s in full["sections"]] == ["Трек 1", "Трек 2", "Трек 3"]
