"""The registry as each role sees it: scoping in the repository, 403 on other territories' ids."""

from __future__ import annotations

from tests.conftest import Stack


def _schools(stack: Stack, username: str, **params: object) -> dict:
    answer = stack.gateway.get("/api/identification/schools", params=params, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_each_role_sees_its_own_territory(stack: Stack) -> None:
    municipality = stack.territory["municipality"]["code"]
    everything = _schools(stack, "admin", per_page=500)
    region = _schools(stack, "regional_analyst", per_page=500)
    coordinator = _schools(stack, "municipal_coordinator", per_page=500)
    curator = _schools(stack, "curator", per_page=500)
    staff = _schools(stack, "school_staff", per_page=500)
    assert everything["total"] == region["total"] > coordinator["total"] > 0
    assert {s["municipality_code"] for s in coordinator["items"]} == {municipality}
    assert {s["school_code"] for s in curator["items"]} == {s["code"] for s in stack.territory["curated_schools"]}
    assert [s["school_code"] for s in staff["items"]] == [stack.territory["school"]["code"]]


def test_another_territorys_school_is_403_and_a_missing_one_404(stack: Stack) -> None:
    outside = next(
        s
        for s in _schools(stack, "admin", per_page=500)["items"]
        if s["municipality_code"] != stack.territory["municipality"]["code"]
    )
    for username in ("municipal_coordinator", "school_staff", "curator"):
        answer = stack.gateway.get(
            f"/api/identification/schools/{outside['school_code']}", headers=stack.auth(username)
        )
        assert answer.status_code == 403, username
        assert answer.json()["code"] == "out_of_scope"
    own = stack.territory["school"]["code"]
    card = stack.gateway.get(f"/api/identification/schools/{own}", headers=stack.auth("school_staff"))
    assert card.status_code == 200 and card.json()["school_code"] == own
    missing = stack.gateway.get("/api/identification/schools/0000000", headers=stack.auth("admin"))
    assert missing.status_code == 404 and missing.json()["code"] == "school_not_found"


def test_search_by_name_alias_and_filters(stack: Stack) -> None:
    items = _schools(stack, "admin", per_page=500)["items"]
    with_alias = next(s for s in items if s["aliases"])
    found = _schools(stack, "admin", q=with_alias["aliases"][0])
    assert with_alias["school_code"] in {s["school_code"] for s in found["items"]}
    rural = _schools(stack, "admin", rural=True, per_page=500)
    assert rural["total"] > 0 and all(s["rural"] for s in rural["items"])
    paged = _schools(stack, "admin", page=2, per_page=5)
    assert len(paged["items"]) == 5 and paged["page"] == 2
    bad = stack.gateway.get("/api/identification/schools", params={"per_page": 0}, headers=stack.auth("admin"))
    assert bad.status_code == 422 and bad.json()["fields"][0]["loc"] == ["query", "per_page"]
    wrong_type = stack.gateway.get(
        "/api/identification/schools", params={"rural": "maybe"}, headers=stack.auth("admin")
    )
    assert wrong_type.status_code == 422


def test_territory_tree_is_scoped(stack: Stack) -> None:
    tree = stack.gateway.get("/api/identification/territories", headers=stack.auth("municipal_coordinator")).json()
    assert len(tree) == 1 and len(tree[0]["municipalities"]) == 1
    assert tree[0]["municipalities"][0]["school_count"] > 0
    full = stack.gateway.get("/api/identification/territories", headers=stack.auth("regional_analyst")).json()
    assert len(full[0]["municipalities"]) >= 6


def test_resolve_is_for_admins_only(stack: Stack) -> None:
    scope = {"kind": "municipality", "municipality": stack.territory["municipality"]["code"]}
    answer = stack.gateway.post(
        "/api/identification/territories/resolve", json=scope, headers=stack.auth("regional_analyst")
    )
    assert answer.status_code == 403
