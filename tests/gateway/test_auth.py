"""Sign-in, tokens, refresh rotation, logout and throttling through the gateway's HTTP API."""

from __future__ import annotations

import jwt

from tests.conftest import Stack


def test_password_grant_issues_es256_token_with_role_and_scope(stack: Stack) -> None:
    body = stack.login("municipal_coordinator")
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == stack.settings.access_token_ttl_seconds
    assert body["refresh_token"]
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "ES256"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["role"] == "municipal_coordinator"
    assert claims["scope"]["kind"] == "municipality"
    assert claims["scope"]["municipality"] == stack.territory["municipality"]["code"]
    assert claims["sub"].startswith("user:")


def test_jwks_publishes_the_signing_key(stack: Stack) -> None:
    token = stack.token("observer")
    jwks = stack.gateway.get("/api/auth/jwks.json").json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWKSet.from_dict(jwks)[kid].key
    claims = jwt.decode(token, key, algorithms=["ES256"], audience="opora")
    assert claims["username"] == "observer"
    assert all("d" not in k for k in jwks["keys"]), "the private part must never be published"


def test_me_answers_name_role_and_territory(stack: Stack) -> None:
    me = stack.gateway.get("/api/auth/me", headers=stack.auth("municipal_coordinator")).json()
    assert me["username"] == "municipal_coordinator"
    assert me["full_name"] == "Петрова Анна Сергеевна"
    assert me["role_label"] == "Муниципальный координатор"
    assert me["territory_label"] == stack.territory["municipality"]["name"]
    assert me["is_client"] is False


def test_wrong_password_and_unknown_user_get_the_same_answer(stack: Stack) -> None:
    wrong = stack.gateway.post("/api/auth/token", data={"username": "curator", "password": "nope"})
    unknown = stack.gateway.post("/api/auth/token", data={"username": "nobody-here", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert wrong.json()["detail"] == "Неверное имя пользователя или пароль"


def test_missing_and_malformed_credentials(stack: Stack) -> None:
    empty = stack.gateway.post("/api/auth/token", data={})
    assert empty.status_code == 401 and empty.json()["code"] == "invalid_credentials"
    grant = stack.gateway.post("/api/auth/token", data={"grant_type": "implicit"})
    assert grant.status_code == 400 and grant.json()["code"] == "unsupported_grant_type"
    no_bearer = stack.gateway.get("/api/auth/me")
    assert no_bearer.status_code == 401 and no_bearer.json()["code"] == "not_authenticated"
    garbage = stack.gateway.get("/api/auth/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert garbage.status_code == 401 and garbage.json()["code"] == "invalid_token"


def test_refresh_rotates_and_reuse_revokes_the_family(stack: Stack) -> None:
    first = stack.login("curator")
    second = stack.gateway.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    # The spent token comes back (stolen?): refused, and the whole session ends.
    replay = stack.gateway.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401 and replay.json()["code"] == "invalid_refresh_token"
    newest = stack.gateway.post("/api/auth/refresh", json={"refresh_token": second.json()["refresh_token"]})
    assert newest.status_code == 401
    me = stack.gateway.get("/api/auth/me", headers={"Authorization": f"Bearer {second.json()['access_token']}"})
    assert me.status_code == 401 and me.json()["code"] == "session_revoked"


def test_refresh_via_token_endpoint_grant(stack: Stack) -> None:
    first = stack.login("curator")
    answer = stack.gateway.post(
        "/api/auth/token", data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert answer.status_code == 200 and answer.json()["access_token"]
    bad = stack.gateway.post("/api/auth/refresh", json={"refresh_token": "x" * 40})
    assert bad.status_code == 401
    wrong_type = stack.gateway.post("/api/auth/refresh", json={"refresh_token": 12})
    assert wrong_type.status_code == 422 and wrong_type.json()["code"] == "validation_error"


def test_logout_ends_the_session(stack: Stack) -> None:
    tokens = stack.login("observer")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert stack.gateway.post("/api/auth/logout", headers=headers).status_code == 204
    assert stack.gateway.get("/api/auth/me", headers=headers).status_code == 401
    again = stack.gateway.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


def test_repeated_failures_are_refused_with_429_then_counted_per_user(stack: Stack) -> None:
    limit = stack.settings.login_max_failures
    for _ in range(limit):
        answer = stack.gateway.post("/api/auth/token", data={"username": "regional_analyst", "password": "bad"})
        assert answer.status_code == 401
    blocked = stack.gateway.post("/api/auth/token", data={"username": "regional_analyst", "password": "demo"})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    assert int(blocked.headers["Retry-After"]) > 0
    # Another account is not blocked by this one's failures.
    assert stack.gateway.post("/api/auth/token", data={"username": "admin", "password": "demo"}).status_code == 200
