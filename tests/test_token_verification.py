"""Every service verifies tokens itself: forged, expired and tampered tokens are refused at each one."""

from __future__ import annotations

import base64
import http.server
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm

from services.shared.errors import NotAuthenticated
from services.shared.security import TokenVerifier
from services.shared.settings import CommonSettings
from tests.conftest import Stack
from tests.support import serving, wait_until

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


class _Keys(http.server.ThreadingHTTPServer):
    """Publishes a JWKS document the test changes, as the gateway does when it rotates its key."""

    document: bytes = b'{"keys": []}'

    def __init__(self) -> None:
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(owner.document)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def publish(self, *keys: tuple[str, ec.EllipticCurvePrivateKey]) -> None:
        jwks = [{**json.loads(ECAlgorithm.to_jwk(k.public_key())), "kid": kid, "alg": "ES256"} for kid, k in keys]
        self.document = json.dumps({"keys": jwks}).encode()


@pytest.mark.no_database
def test_a_remembered_token_stops_working_once_its_key_is_withdrawn() -> None:
    old, new = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    with serving(_Keys()) as keys:
        keys.publish(("old", old))
        url = f"http://127.0.0.1:{keys.server_address[1]}/jwks.json"
        verifier = TokenVerifier(CommonSettings(jwks_url=url, jwks_cache_seconds=1))
        token = jwt.encode(_payload(), old, algorithm="ES256", headers={"kid": "old"})
        assert verifier.verify(token).username == "admin"
        assert verifier.verify(token).username == "admin"  # remembered
        keys.publish(("new", new))  # the gateway rotated after a leak: "old" is gone

        def refused() -> bool:
            try:
                verifier.verify(token)
            except NotAuthenticated as error:
                return error.code == "invalid_token"
            return False

        assert wait_until(refused, step=0.2)
        fresh = jwt.encode(_payload(), new, algorithm="ES256", headers={"kid": "new"})
        assert verifier.verify(fresh).username == "admin"
        with pytest.raises(NotAuthenticated):
            verifier.verify("not-a-token")


def _payload() -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        **{"iss": "opora", "aud": "opora", "sub": "user:1", "typ": "access", "username": "admin", "name": "x"},
        **{"role": "admin", "scope": {"kind": "all"}, "iat": now, "exp": now + timedelta(minutes=5)},
    }
