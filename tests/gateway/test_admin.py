"""Administration of users and data-centre clients, and the client-credentials grant."""

from __future__ import annotations

from tests.conftest import Stack


def _new_user(stack: Stack, username: str, **overrides: object) -> dict:
    body = {
        "username": username,
        "full_name": "Орлова Светлана Игоревна",
        "role": "municipal_coordinator",
        "scope": {"kind": "municipality", "municipality": stack.territory["municipality"]["code"]},
        "password": "correct-horse-1",
        **overrides,
    }
    return body


def test_admin_creates_a_user_whose_scope_is_checked_and_completed(stack: Stack) -> None:
    answer = stack.gateway.post("/api/admin/users", json=_new_user(stack, "orlova"), headers=stack.auth("admin"))
    assert answer.status_code == 201, answer.text
    user = answer.json()
    assert user["scope"]["region"] == stack.territory["region"]["code"], "the region is filled in by the registry"
    assert user["territory_label"] == stack.territory["municipality"]["name"]
    assert stack.login("orlova", "correct-horse-1")["access_token"]
    duplicate = stack.gateway.post("/api/admin/users", json=_new_user(stack, "ORLOVA"), headers=stack.auth("admin"))
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "username_taken"


def test_unknown_territory_and_wrong_scope_for_role_are_422(stack: Stack) -> None:
    unknown = _new_user(stack, "ghost", scope={"kind": "municipality", "municipality": "00-99"})
    answer = stack.gateway.post("/api/admin/users", json=unknown, headers=stack.auth("admin"))
    assert answer.status_code == 422
    assert answer.json()["code"] == "unknown_territory"
    assert answer.json()["fields"][0]["loc"] == ["scope", "municipality"]
    assert "не найден" in answer.json()["detail"]
    staff = _new_user(stack, "staff2", role="school_staff", scope={"kind": "region", "region": "99"})
    wrong_kind = stack.gateway.post("/api/admin/users", json=staff, headers=stack.auth("admin"))
    assert wrong_kind.status_code == 422 and wrong_kind.json()["code"] == "scope_not_allowed"
    two_schools = _new_user(stack, "staff3", role="school_staff", scope={"kind": "schools", "schools": ["1", "2"]})
    answer = stack.gateway.post("/api/admin/users", json=two_schools, headers=stack.auth("admin"))
    assert answer.status_code == 422 and answer.json()["code"] == "one_school_only"


def test_validation_errors_are_russian_with_fields(stack: Stack) -> None:
    body = _new_user(stack, "x", password="short")
    answer = stack.gateway.post("/api/admin/users", json=body, headers=stack.auth("admin"))
    assert answer.status_code == 422
    error = answer.json()
    assert error["code"] == "validation_error"
    assert error["detail"] == "Проверьте введённые данные"
    locs = {tuple(f["loc"]) for f in error["fields"]}
    assert ("body", "username") in locs and ("body", "password") in locs
    assert all(f["detail"] for f in error["fields"])


def test_only_admin_administers(stack: Stack) -> None:
    for username in ("regional_analyst", "municipal_coordinator", "observer"):
        answer = stack.gateway.get("/api/admin/users", headers=stack.auth(username))
        assert answer.status_code == 403 and answer.json()["code"] == "admin_only"
    assert stack.gateway.get("/api/admin/users").status_code == 401


def test_deactivation_ends_sessions_and_refuses_login(stack: Stack) -> None:
    created = stack.gateway.post("/api/admin/users", json=_new_user(stack, "leaver"), headers=stack.auth("admin"))
    user_id = created.json()["id"]
    session = stack.login("leaver", "correct-horse-1")
    headers = {"Authorization": f"Bearer {session['access_token']}"}
    assert stack.gateway.get("/api/auth/me", headers=headers).status_code == 200
    off = stack.gateway.post(f"/api/admin/users/{user_id}/deactivate", headers=stack.auth("admin"))
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert stack.gateway.get("/api/auth/me", headers=headers).status_code == 401
    login = stack.gateway.post("/api/auth/token", data={"username": "leaver", "password": "correct-horse-1"})
    assert login.status_code == 400 and login.json()["error"] == "invalid_grant"
    missing = stack.gateway.post("/api/admin/users/999999/deactivate", headers=stack.auth("admin"))
    assert missing.status_code == 404 and missing.json()["code"] == "user_not_found"


def test_password_reset_ends_old_sessions(stack: Stack) -> None:
    created = stack.gateway.post("/api/admin/users", json=_new_user(stack, "forgetful"), headers=stack.auth("admin"))
    user_id = created.json()["id"]
    old = stack.login("forgetful", "correct-horse-1")
    reset = stack.gateway.post(
        f"/api/admin/users/{user_id}/password", json={"password": "new-password-2"}, headers=stack.auth("admin")
    )
    assert reset.status_code == 200
    assert (
        stack.gateway.get("/api/auth/me", headers={"Authorization": f"Bearer {old['access_token']}"}).status_code == 401
    )
    assert stack.login("forgetful", "new-password-2")["access_token"]


def test_data_centre_client_gets_a_token_by_client_credentials(stack: Stack) -> None:
    region = stack.territory["region"]["code"]
    created = stack.gateway.post(
        "/api/admin/clients",
        json={"name": "РЦОКО", "role": "regional_analyst", "scope": {"kind": "region", "region": region}},
        headers=stack.auth("admin"),
    )
    assert created.status_code == 201, created.text
    client = created.json()
    grant = {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }
    token = stack.gateway.post("/api/auth/token", data=grant)
    assert token.status_code == 200 and "refresh_token" not in token.json()
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    me = stack.gateway.get("/api/auth/me", headers=headers).json()
    assert me["is_client"] is True and me["role"] == "regional_analyst"
    schools = stack.gateway.get("/api/identification/schools", headers=headers)
    assert schools.status_code == 200 and schools.json()["total"] > 0
    bad = stack.gateway.post("/api/auth/token", data={**grant, "client_secret": "wrong"})
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_client"
    stack.gateway.post(f"/api/admin/clients/{client['id']}/deactivate", headers=stack.auth("admin"))
    assert stack.gateway.get("/api/identification/schools", headers=headers).status_code == 401
    assert stack.gateway.post("/api/auth/token", data=grant).status_code == 401
    listed = stack.gateway.get("/api/admin/clients", headers=stack.auth("admin")).json()
    assert all("secret" not in item for item in listed["items"])


def test_changing_role_or_scope_ends_sessions_and_is_checked(stack: Stack) -> None:
    created = stack.gateway.post("/api/admin/users", json=_new_user(stack, "mover"), headers=stack.auth("admin"))
    user_id = created.json()["id"]
    old = stack.login("mover", "correct-horse-1")
    school = stack.territory["school"]
    change = {"role": "school_staff", "scope": {"kind": "schools", "schools": [school["code"]]}}
    read = {"If-Match": created.headers["ETag"]}  # every edit names the revision it was made on
    answer = stack.gateway.patch(f"/api/admin/users/{user_id}", json=change, headers=stack.auth("admin") | read)
    assert answer.status_code == 200, answer.text
    assert answer.json()["role_label"] == "Сотрудник школы"
    assert answer.json()["territory_label"] == school["name"]
    assert (
        stack.gateway.get("/api/auth/me", headers={"Authorization": f"Bearer {old['access_token']}"}).status_code == 401
    )
    renamed = stack.gateway.patch(
        f"/api/admin/users/{user_id}", json={"full_name": "Новое Имя"}, headers=stack.auth("admin") | {"If-Match": "*"}
    )
    assert renamed.json()["full_name"] == "Новое Имя" and renamed.json()["role"] == "school_staff"
    bad_role = stack.gateway.patch(
        f"/api/admin/users/{user_id}", json={"role": "king"}, headers=stack.auth("admin") | {"If-Match": "*"}
    )
    assert bad_role.status_code == 422 and bad_role.json()["fields"][0]["loc"] == ["body", "role"]
    extra = stack.gateway.patch(
        f"/api/admin/users/{user_id}", json={"password_hash": "x"}, headers=stack.auth("admin") | {"If-Match": "*"}
    )
    assert extra.status_code == 422 and extra.json()["fields"][0]["code"] == "extra_forbidden"
    back = stack.gateway.post(f"/api/admin/users/{user_id}/activate", headers=stack.auth("admin"))
    assert back.status_code == 200 and back.json()["is_active"] is True


def test_admin_cannot_deactivate_itself(stack: Stack) -> None:
    me = stack.gateway.get("/api/auth/me", headers=stack.auth("admin")).json()
    answer = stack.gateway.post(f"/api/admin/users/{me['id']}/deactivate", headers=stack.auth("admin"))
    assert answer.status_code == 409 and answer.json()["code"] == "cannot_deactivate_self"


def test_client_secret_rotation_and_unknown_clients(stack: Stack) -> None:
    region = stack.territory["region"]["code"]
    body = {"name": "ИРО", "role": "observer", "scope": {"kind": "region", "region": region}}
    client = stack.gateway.post("/api/admin/clients", json=body, headers=stack.auth("admin")).json()
    rotated = stack.gateway.post(f"/api/admin/clients/{client['id']}/secret", headers=stack.auth("admin")).json()
    grant = {"grant_type": "client_credentials", "client_id": client["client_id"]}
    old = stack.gateway.post("/api/auth/token", data={**grant, "client_secret": client["client_secret"]})
    assert old.status_code == 401
    new = stack.gateway.post("/api/auth/token", data={**grant, "client_secret": rotated["client_secret"]})
    assert new.status_code == 200
    curator = {**body, "role": "curator"}
    refused = stack.gateway.post("/api/admin/clients", json=curator, headers=stack.auth("admin"))
    assert refused.status_code == 422 and refused.json()["code"] == "role_not_allowed"
    missing = stack.gateway.post("/api/admin/clients/999999/secret", headers=stack.auth("admin"))
    assert missing.status_code == 404 and missing.json()["code"] == "client_not_found"


def test_admin_lists_a_users_open_sessions_and_ends_one(stack: Stack) -> None:
    created = stack.gateway.post("/api/admin/users", json=_new_user(stack, "two_devices"), headers=stack.auth("admin"))
    user_id = created.json()["id"]
    phone = stack.login("two_devices", "correct-horse-1")
    desktop = stack.login("two_devices", "correct-horse-1")
    listed = stack.gateway.get(f"/api/admin/users/{user_id}/sessions", headers=stack.auth("admin"))
    assert listed.status_code == 200, listed.text
    sessions = listed.json()
    assert len(sessions) == 2 and all(s["created_at"] and s["expires_at"] for s in sessions)

    # Which session is the phone's: the one the desktop's token still works after ending.
    first = sessions[0]["id"]
    ended = stack.gateway.post(f"/api/admin/users/{user_id}/sessions/{first}/revoke", headers=stack.auth("admin"))
    assert ended.status_code == 204, ended.text
    statuses = sorted(
        stack.gateway.get("/api/auth/me", headers={"Authorization": f"Bearer {s['access_token']}"}).status_code
        for s in (phone, desktop)
    )
    assert statuses == [200, 401], "one session ended, the other still signed in"
    left = stack.gateway.get(f"/api/admin/users/{user_id}/sessions", headers=stack.auth("admin")).json()
    assert [s["id"] for s in left] == [sessions[1]["id"]]

    again = stack.gateway.post(f"/api/admin/users/{user_id}/sessions/{first}/revoke", headers=stack.auth("admin"))
    assert again.status_code == 404 and again.json()["code"] == "session_not_found"
    assert "завершена" in again.json()["detail"]
    other = stack.gateway.post(
        f"/api/admin/users/999999/sessions/{sessions[1]['id']}/revoke", headers=stack.auth("admin")
    )
    assert other.status_code == 404 and other.json()["code"] == "user_not_found"
    refused = stack.gateway.get(f"/api/admin/users/{user_id}/sessions", headers=stack.auth("municipal_coordinator"))
    assert refused.status_code == 403
