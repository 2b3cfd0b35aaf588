"""Sign-in, tokens, refresh rotation, logout and throttling through the gateway's HTTP API."""

from __future__ import annotations

import base64
import threading
from datetime import timedelta
from typing import Any
from urllib.parse import quote_plus

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select, text, update

from services.gateway.auth import service as auth_service
from services.gateway.auth import throttle
from services.gateway.auth.models import LoginFailure
from services.gateway.identity.models import ApiClient, User
from services.gateway.identity.passwords import Argon2Cost, Passwords, passwords_for
from services.shared.audit import utcnow
from services.shared.db import make_engine
from tests import support
from tests.conftest import Stack

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


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
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert wrong.json()["detail"] == "Неверное имя пользователя или пароль"
    # RFC 6749 §5.2 beside our own shape, never cached.
    assert wrong.json()["error"] == "invalid_grant"
    assert wrong.json()["error_description"] == "Неверное имя пользователя или пароль"
    assert wrong.headers["cache-control"] == "no-store" and wrong.headers["pragma"] == "no-cache"


def test_missing_and_malformed_credentials(stack: Stack) -> None:
    empty = stack.gateway.post("/api/auth/token", data={})
    assert empty.status_code == 400 and empty.json()["error"] == "invalid_request"
    grant = stack.gateway.post("/api/auth/token", data={"grant_type": "implicit"})
    assert grant.status_code == 400 and grant.json()["code"] == "unsupported_grant_type"
    assert grant.json()["error"] == "unsupported_grant_type"
    long = stack.gateway.post("/api/auth/token", data={"username": "x" * 101, "password": "demo"})
    assert long.status_code == 400 and long.json()["error"] == "invalid_request"
    twice = stack.gateway.post("/api/auth/token", content=b"username=a&username=b&password=c", headers=FORM)
    assert twice.status_code == 400 and twice.json()["error"] == "invalid_request"
    upload = stack.gateway.post("/api/auth/token", files={"password": ("p.txt", b"demo")}, data={"username": "x"})
    assert upload.status_code == 400 and upload.json()["error"] == "invalid_request"
    spent = stack.gateway.post("/api/auth/token", data={"grant_type": "refresh_token", "refresh_token": "x" * 40})
    assert spent.status_code == 400 and spent.json()["error"] == "invalid_grant"
    no_bearer = stack.gateway.get("/api/auth/me")
    assert no_bearer.status_code == 401 and no_bearer.json()["code"] == "not_authenticated"
    assert no_bearer.headers["www-authenticate"] == "Bearer"
    garbage = stack.gateway.get("/api/auth/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert garbage.status_code == 401 and garbage.json()["code"] == "invalid_token"
    assert garbage.headers["www-authenticate"] == 'Bearer error="invalid_token"'


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


def test_token_answers_are_never_cached(stack: Stack) -> None:
    answer = stack.gateway.post("/api/auth/token", data={"username": "observer", "password": "demo"})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store" and answer.headers["pragma"] == "no-cache"
    refreshed = stack.gateway.post("/api/auth/refresh", json={"refresh_token": answer.json()["refresh_token"]})
    assert refreshed.status_code == 200 and refreshed.headers["cache-control"] == "no-store"


def test_every_service_challenges_a_bad_token_per_rfc_6750(stack: Stack) -> None:
    bad = {"Authorization": "Bearer not-a-jwt"}
    paths = {
        "identification": "/api/identification/schools",
        "roadmap": "/api/roadmap/plans",
        "reports": "/api/reports/reports",
    }
    for name, path in paths.items():
        for client in (stack.services[name], stack.gateway):
            answer = client.get(path, headers=bad)
            assert answer.status_code == 401, (name, answer.text)
            assert answer.headers["www-authenticate"] == 'Bearer error="invalid_token"', name
            missing = client.get(path)
            assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer", name


def _basic(client_id: str, secret: str) -> dict[str, str]:
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def _new_client(stack: Stack, name: str) -> dict[str, Any]:
    """A data centre's API client of the region, made by the administrator: its answer (with the secret)."""
    region = stack.territory["region"]["code"]
    created = stack.gateway.post(
        "/api/admin/clients",
        json={"name": name, "role": "observer", "scope": {"kind": "region", "region": region}},
        headers=stack.auth("admin"),
    )
    assert created.status_code == 201, created.text
    answer: dict[str, Any] = created.json()
    return answer


def test_client_credentials_by_http_basic(stack: Stack) -> None:
    created = _new_client(stack, "РЦОКО (Basic)")
    client_id, secret = created["client_id"], created["client_secret"]
    grant = {"grant_type": "client_credentials"}
    token = stack.gateway.post("/api/auth/token", data=grant, headers=_basic(client_id, secret))
    assert token.status_code == 200, token.text
    assert token.headers["cache-control"] == "no-store"
    me = stack.gateway.get("/api/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert me.json()["is_client"] is True
    wrong = stack.gateway.post("/api/auth/token", data=grant, headers=_basic(client_id, "wrong"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    in_form = stack.gateway.post("/api/auth/token", data={**grant, "client_id": client_id, "client_secret": "x"})
    assert in_form.status_code == 401 and in_form.json()["code"] == "invalid_client"
    both = stack.gateway.post(
        "/api/auth/token", data={**grant, "client_id": client_id}, headers=_basic(client_id, secret)
    )
    assert both.status_code == 400 and both.json()["error"] == "invalid_request"
    broken = stack.gateway.post("/api/auth/token", data=grant, headers={"Authorization": "Basic !!!"})
    assert broken.status_code == 401 and broken.json()["error"] == "invalid_client"


def _from(stack: Stack, peer: str) -> TestClient:
    """A client of the gateway connecting from `peer` (a trusted proxy when it is a loopback address)."""
    return TestClient(stack.gateway.app, client=(peer, 40000))


def _attempt(client: TestClient, username: str, password: str, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    answer = client.post("/api/auth/token", data={"username": username, "password": password}, headers=headers)
    return answer.status_code


def test_a_hostile_address_is_stopped_and_the_owner_still_signs_in(stack: Stack) -> None:
    limit = stack.settings.login_max_failures_per_address
    proxy = _from(stack, "127.0.0.1")
    hostile = "203.0.113.10"
    assert [_attempt(proxy, "regional_analyst", "bad", hostile) for _ in range(limit)] == [400] * limit
    blocked = proxy.post(
        "/api/auth/token",
        data={"username": "regional_analyst", "password": "demo"},
        headers={"X-Forwarded-For": hostile},
    )
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts" and blocked.json()["error"] == "slow_down"
    assert 0 < int(blocked.headers["Retry-After"]) <= stack.settings.login_window_seconds + 1
    # The hostile address is refused for every account; the owner, from elsewhere, is not locked out.
    assert _attempt(proxy, "admin", "demo", hostile) == 429
    assert _attempt(proxy, "regional_analyst", "demo", "198.51.100.20") == 200
    # Only the right-most untrusted hop counts: what the client wrote to the left changes nothing.
    assert _attempt(proxy, "admin", "demo", f"198.51.100.20, {hostile}") == 429


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(stack: Stack) -> None:
    limit = stack.settings.login_max_failures_per_address
    direct = _from(stack, "192.0.2.50")
    answers = [_attempt(direct, "curator", "bad", f"198.51.100.{n}") for n in range(limit + 1)]
    assert answers == [400] * limit + [429]
    assert _attempt(direct, "curator", "demo", "198.51.100.99") == 429
    assert _attempt(_from(stack, "192.0.2.51"), "curator", "demo") == 200


def test_an_account_guessed_at_from_many_addresses_is_refused(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack.settings, "login_max_failures_per_account", 3)
    answers = [_attempt(_from(stack, f"192.0.2.{100 + n}"), "observer", "bad") for n in range(4)]
    assert answers == [400, 400, 400, 429]
    # A refused attempt is not charged to its address: that address may sign in elsewhere at once.
    assert _attempt(_from(stack, "192.0.2.103"), "admin", "demo") == 200
    monkeypatch.setattr(stack.settings, "login_max_failures_per_account", 100)
    # A successful login forgets the account's failures.
    assert _attempt(_from(stack, "192.0.2.104"), "observer", "demo") == 200


def test_expired_counters_are_purged(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(stack.settings.database_url("gateway"))
    long_ago = utcnow() - timedelta(seconds=3 * stack.settings.login_window_seconds)
    with Session(engine) as session:
        session.add(
            LoginFailure(key="addr:192.0.2.250", failures=7, first_failure_at=long_ago, last_failure_at=long_ago)
        )
        session.commit()
    monkeypatch.setattr(throttle, "PURGE_ONE_IN", 1)
    assert _attempt(_from(stack, "192.0.2.251"), "observer", "bad") == 400
    with Session(engine) as session:
        assert session.get(LoginFailure, "addr:192.0.2.250") is None
        assert session.get(LoginFailure, "addr:192.0.2.251") is not None
    engine.dispose()


@pytest.mark.skipif(support.backend() != "postgresql", reason="row locks and deadlocks are PostgreSQL's")
def test_a_sign_in_released_while_another_attempt_reserves_does_not_deadlock(stack: Stack) -> None:
    """Two sign-ins to one account from one address: the first one's release takes the keys in the order the
    second one's reservation takes them (address, then account), so it waits instead of holding the account's
    row against it (which was a deadlock, and a 500 for one of them)."""
    keys = throttle.AttemptKeys(address="192.0.2.120", account="user:observer")
    engine = make_engine(stack.settings.database_url("gateway"))
    with Session(engine) as first:
        throttle.reserve_attempt(first, keys, stack.settings)
        first.commit()
    errors: list[Exception] = []

    def release() -> None:
        try:
            with Session(engine) as session:
                throttle.release_attempt(session, keys)
                session.commit()
        except Exception as error:  # a deadlock victim
            errors.append(error)

    with Session(engine) as second:
        second.execute(text("UPDATE login_failure SET failures = failures WHERE key = :key"), {"key": keys.address_key})
        releasing = threading.Thread(target=release)
        releasing.start()
        assert support.wait_until(lambda: support.waiting_for_a_lock(engine))
        throttle.reserve_attempt(second, keys, stack.settings)
        second.commit()
    releasing.join()
    engine.dispose()
    assert errors == []


# Argon2 cost ---------------------------------------------------------------------------------------------------

CHEAPEST = "$argon2id$v=19$m=8,t=1,p=1$"
"""The prefix of the hashes of the suite's settings (`CHEAP_ARGON2` in tests/support.py)."""
ANOTHER_COST = Passwords(Argon2Cost(memory_kib=16, time_cost=2, parallelism=2))


def _stored_hash(stack: Stack, username: str) -> str:
    engine = make_engine(stack.settings.database_url("gateway"))
    with Session(engine) as session:
        password_hash = session.exec(select(User.password_hash).where(User.username == username)).one()
    engine.dispose()
    return password_hash


def _store_hash(stack: Stack, username: str, password_hash: str) -> None:
    engine = make_engine(stack.settings.database_url("gateway"))
    with Session(engine) as session:
        session.exec(update(User).where(col(User.username) == username).values(password_hash=password_hash))
        session.commit()
    engine.dispose()


def test_the_stack_hashes_users_and_client_secrets_at_the_suites_cheapest_cost(stack: Stack) -> None:
    """Seeding, user administration and client secrets all hash at the cost of the settings they run with."""
    assert _stored_hash(stack, "observer").startswith(CHEAPEST)
    created = _new_client(stack, "РЦОКО (стоимость)")
    engine = make_engine(stack.settings.database_url("gateway"))
    with Session(engine) as session:
        client_id = created["client_id"]
        secret_hash = session.exec(select(ApiClient.secret_hash).where(ApiClient.client_id == client_id)).one()
    engine.dispose()
    assert secret_hash.startswith(CHEAPEST)


def test_a_password_hashed_at_another_cost_signs_in_and_is_stored_at_the_set_cost(stack: Stack) -> None:
    foreign = ANOTHER_COST.hash("demo")
    _store_hash(stack, "school_staff", foreign)
    client = _from(stack, "192.0.2.70")
    assert _attempt(client, "school_staff", "not-demo") == 400
    assert _stored_hash(stack, "school_staff") == foreign, "a wrong password never replaces the hash"
    assert _attempt(client, "school_staff", "demo") == 200
    rehashed = _stored_hash(stack, "school_staff")
    assert rehashed.startswith(CHEAPEST) and rehashed != foreign
    assert _attempt(client, "school_staff", "demo") == 200
    assert _stored_hash(stack, "school_staff") == rehashed, "a hash at the set cost is kept"


def test_a_password_reset_during_the_check_is_not_overwritten(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """The login with the old password is refused, as a client's with a rotated secret is: a reset ends every
    session, and a login checked against the old password must not open one after it. Its rehash of the old
    password does not put that password back."""
    _store_hash(stack, "school_staff", ANOTHER_COST.hash("demo"))
    reset = passwords_for(stack.settings).hash("reset-meanwhile")
    check = auth_service.verify_password_off_loop

    async def reset_during_the_check(*args: object) -> tuple[bool, str | None]:
        verdict = await check(*args)  # type: ignore[arg-type]
        _store_hash(stack, "school_staff", reset)  # an administrator's reset, committed meanwhile
        return verdict

    monkeypatch.setattr(auth_service, "verify_password_off_loop", reset_during_the_check)
    try:
        assert _attempt(_from(stack, "192.0.2.71"), "school_staff", "demo") == 400
        assert _stored_hash(stack, "school_staff") == reset
    finally:
        _store_hash(stack, "school_staff", passwords_for(stack.settings).hash("demo"))


def test_a_secret_rotated_during_a_clients_check_stays_rotated(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client signing in with the old secret is refused, and its sign-in does not put the old secret back."""
    created = _new_client(stack, "РЦОКО (ротация)")
    rotated = passwords_for(stack.settings).hash("новый секрет")
    check = auth_service.verify_password_off_loop

    async def rotate_during_the_check(*args: object) -> tuple[bool, str | None]:
        verdict = await check(*args)  # type: ignore[arg-type]
        engine = make_engine(stack.settings.database_url("gateway"))
        with Session(engine) as session:  # an administrator's rotation, committed meanwhile
            session.exec(update(ApiClient).where(col(ApiClient.id) == created["id"]).values(secret_hash=rotated))
            session.commit()
        engine.dispose()
        return verdict

    grant = {"grant_type": "client_credentials"}
    monkeypatch.setattr(auth_service, "verify_password_off_loop", rotate_during_the_check)
    old = stack.gateway.post(
        "/api/auth/token", data=grant, headers=_basic(created["client_id"], created["client_secret"])
    )
    assert old.status_code == 401 and old.json()["error"] == "invalid_client"
    monkeypatch.undo()
    new = stack.gateway.post("/api/auth/token", data=grant, headers=_basic(created["client_id"], "новый секрет"))
    assert new.status_code == 200, new.text
