"""Every service verifies tokens itself: forged, expired and tampered tokens are refused at each one."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.conftest import Stack

PATHS = {
    "identification": "/api/identification/schools",
    "roadmap": "/api/roadmap/plan-kinds",
    "reports": "/api/reports/types",
}


def _claims(stack: Stack, **overrides: object) -> dict:
    now = datetime.now(UTC)
    claims = {
        "iss": "opora",
        "aud": "opora",
        "sub": "user:1",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "typ": "access",
        "username": "admin",
        "name": "x",
        "role": "admin",
        "scope": {"kind": "all"},
    }
    claims.update(overrides)
    return claims


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, default=str).encode()).rstrip(b"=").decode()


def forged_tokens(stack: Stack) -> dict[str, str]:
    real = stack.token("school_staff")
    kid = jwt.get_unverified_header(real)["kid"]
    header, payload, signature = real.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"], claims["scope"] = "admin", {"kind": "all"}
    other_key = ec.generate_private_key(ec.SECP256R1())
    unsigned = {"alg": "none", "typ": "JWT", "kid": kid}
    return {
        "alg_none": f"{_b64(unsigned)}.{_b64(_claims(stack))}.",
        "wrong_key": jwt.encode(_claims(stack), other_key, algorithm="ES256", headers={"kid": kid}),
        "rsa_key": jwt.encode(
            _claims(stack), rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256", {"kid": kid}
        ),
        "tampered_claims": f"{header}.{_b64(claims)}.{signature}",
        "unknown_kid": jwt.encode(_claims(stack), other_key, algorithm="ES256", headers={"kid": "nope"}),
    }


@pytest.mark.parametrize("service", sorted(PATHS))
def test_each_service_refuses_forged_tokens(stack: Stack, service: str) -> None:
    client = stack.services[service]
    assert client.get(PATHS[service], headers=stack.auth("admin")).status_code == 200
    assert client.get(PATHS[service]).status_code == 401
    for name, token in forged_tokens(stack).items():
        answer = client.get(PATHS[service], headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, name
        assert answer.json()["code"] == "invalid_token", name
        assert answer.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"', name  # RFC 6750


@pytest.mark.parametrize("service", sorted(PATHS))
def test_each_service_refuses_expired_tokens(stack: Stack, service: str) -> None:
    keys = stack.gateway.app.state.keys  # type: ignore[attr-defined]
    past = datetime.now(UTC) - timedelta(hours=1)
    expired = jwt.encode(
        _claims(stack, iat=past, exp=past + timedelta(minutes=5)),
        keys.active.private_key,
        algorithm="ES256",
        headers={"kid": keys.active.kid},
    )
    answer = stack.services[service].get(PATHS[service], headers={"Authorization": f"Bearer {expired}"})
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"
    assert answer.json()["detail"] == "Срок действия токена истёк"


def test_a_token_for_another_audience_is_refused(stack: Stack) -> None:
    keys = stack.gateway.app.state.keys  # type: ignore[attr-defined]
    token = jwt.encode(
        _claims(stack, aud="someone-else"), keys.active.private_key, algorithm="ES256", headers={"kid": keys.active.kid}
    )
    answer = stack.services["roadmap"].get(PATHS["roadmap"], headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
