"""A verified token is remembered until it expires (the signature is not checked again on every request), and
that changes nothing of what is refused: an ended session, a tampered or an expired token."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
from fastapi import FastAPI

from services.shared.revocation import RevocationList
from services.shared.security import TokenVerifier
from tests.conftest import Stack

URL = "/api/roadmap/me/deadlines"


def _roadmap(stack: Stack) -> FastAPI:
    app = stack.services["roadmap"].app
    assert isinstance(app, FastAPI)
    return app


def test_a_token_is_verified_once_and_remembered(stack: Stack) -> None:
    verifier: TokenVerifier = _roadmap(stack).state.verifier
    token = stack.token("school_staff")
    first = verifier.verify(token)
    assert verifier.verify(token) is first, "the second request reuses the verified caller"
    assert first.username == "school_staff"
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "admin"
    tampered = ".".join(
        [header, base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode(), signature]
    )
    answer = stack.services["roadmap"].get(URL, headers={"Authorization": f"Bearer {tampered}"})
    assert answer.status_code == 401 and answer.json()["code"] == "invalid_token"


def test_an_expired_token_is_refused_even_if_it_was_known(stack: Stack) -> None:
    verifier: TokenVerifier = _roadmap(stack).state.verifier
    token = stack.token("regional_analyst")
    verifier.verify(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["exp"] = int((datetime.now(UTC) - timedelta(minutes=5)).timestamp())
    # The same text cannot expire later, so an expired token is another text: never served from memory.
    expired = jwt.encode(
        claims, "not-the-key", algorithm="HS256", headers={"kid": jwt.get_unverified_header(token)["kid"]}
    )
    answer = stack.services["roadmap"].get(URL, headers={"Authorization": f"Bearer {expired}"})
    assert answer.status_code == 401


def test_a_remembered_token_of_an_ended_session_is_refused(stack: Stack) -> None:
    """The revocation list is asked on every request, remembered token or not."""
    roadmap = stack.services["roadmap"]
    token = stack.login("municipal_coordinator")["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert roadmap.get(URL, headers=headers).status_code == 200
    assert roadmap.get(URL, headers=headers).status_code == 200
    assert stack.gateway.post("/api/auth/logout", headers=headers).status_code == 204
    revocations = RevocationList(stack.settings, client=stack.gateway)
    revocations.refresh()
    app = _roadmap(stack)
    previous = getattr(app.state, "revocations", None)
    app.state.revocations = revocations
    try:
        ended = roadmap.get(URL, headers=headers)
    finally:
        app.state.revocations = previous
    assert ended.status_code == 401 and ended.json()["code"] == "session_revoked", ended.text
