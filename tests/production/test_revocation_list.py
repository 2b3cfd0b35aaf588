"""The gateway's revocation list and the services' copy of it, in process (the real processes refusing a
logged-out token are in test_scale_out.py)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from services.identification.main import create_app as create_identification
from services.shared.audit import utcnow
from services.shared.revocation import RevocationList
from tests.conftest import Stack


def test_ended_sessions_are_listed_and_refused_by_a_service(stack: Stack) -> None:
    login = stack.login("observer")
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    settings = stack.settings.model_copy(update={"revocation_poll_seconds": 3600})
    revocations = RevocationList(settings, client=stack.gateway)
    revocations.refresh()
    app = create_identification(settings)
    app.state.revocations.stop()
    app.state.revocations = revocations
    with TestClient(app) as identification:
        assert identification.get("/api/identification/schools", headers=headers).status_code == 200
        assert stack.gateway.post("/api/auth/logout", headers=headers).status_code == 204
        listed = stack.gateway.get(
            "/api/auth/revocations", params={"since": (utcnow() - timedelta(minutes=1)).isoformat()}
        )
        assert listed.status_code == 200 and len(listed.json()["sessions"]) >= 1
        revocations.refresh()
        refused = identification.get("/api/identification/schools", headers=headers)
        assert refused.status_code == 401 and refused.json()["code"] == "session_revoked"
    naive = stack.gateway.get("/api/auth/revocations", params={"since": "2026-01-01T00:00:00"})
    assert naive.status_code == 200
    assert stack.gateway.get("/api/auth/revocations", params={"since": "вчера"}).status_code == 422
