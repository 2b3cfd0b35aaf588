"""Methodology versions through HTTP: the shipped default, copies, validated edits, activation, freezing."""

from __future__ import annotations

from typing import Any

from services.shared.school_year import SCHOOL_YEAR_MESSAGE
from tests.conftest import Stack

BASE = "/api/identification/methodologies"
RULE_IDS = {
    "fail_share_30",
    "bottom_quartile",
    "below_regional_mean",
    "olympiad_share",
    "social_index_bottom_quartile",
    "hard_to_reach",
    "unemployment",
    "unstable_results",
    "near_threshold",
    "risk_count",
    "indicator_level",
    "indicator_mean",
    "indicator_trend",
    "objectivity",
}


def _default(stack: Stack) -> dict[str, Any]:
    answer = stack.gateway.get(BASE, headers=stack.auth("observer"))
    assert answer.status_code == 200, answer.text
    return next(m for m in answer.json() if m["family"] == "default")


def _copy(stack: Stack, name: str = "Методика района") -> dict[str, Any]:
    default = _default(stack)
    answer = stack.gateway.post(
        f"{BASE}/{default['id']}/copy", json={"name": name}, headers=stack.auth("regional_analyst")
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_the_default_ships_every_rule_of_the_criteria_table(stack: Stack) -> None:
    default = _default(stack)
    assert default["frozen"] is True
    full = stack.gateway.get(f"{BASE}/{default['id']}", headers=stack.auth("school_staff")).json()
    assert set(full["rules"]) >= RULE_IDS
    assert full["rules"]["fail_share_30"]["threshold"] == 0.3
    catalogue = stack.gateway.get(f"{BASE}/rules", headers=stack.auth("observer")).json()
    assert {rule["id"] for rule in catalogue["rules"]} == RULE_IDS
    assert catalogue["categories"]["low_results"].startswith("ШНОР")
    assert "properties" in catalogue["parameters_schema"]


def test_a_copy_is_edited_validated_and_frozen_by_activation(stack: Stack) -> None:
    copy = _copy(stack)
    assert copy["frozen"] is False and copy["based_on_id"] == _default(stack)["id"]
    headers = stack.auth("regional_analyst")
    rules = copy["rules"]
    rules["fail_share_30"]["threshold"] = 0.25
    rules["social_index_bottom_quartile"]["quantile"] = 0.2
    read = {"If-Match": f'"{copy["revision"]}"'}  # every edit names the revision it was made on
    edited = stack.gateway.patch(f"{BASE}/{copy['id']}", json={"rules": rules}, headers=headers | read)
    assert edited.status_code == 200, edited.text
    assert edited.json()["rules"]["fail_share_30"]["threshold"] == 0.25

    activated = stack.gateway.post(
        f"{BASE}/{copy['id']}/activate",
        json={"school_year": "2023/2024"},
        headers=headers | {"If-Match": edited.headers["ETag"]},
    )
    assert activated.status_code == 200, activated.text
    assert activated.json()["frozen"] is True and activated.json()["active_for"] == ["2023-2024"]
    active = stack.gateway.get(f"{BASE}/active", params={"school_year": "2023-2024"}, headers=headers).json()
    assert active["id"] == copy["id"]

    refused = stack.gateway.patch(
        f"{BASE}/{copy['id']}", json={"name": "Новое имя"}, headers=headers | {"If-Match": "*"}
    )
    assert refused.status_code == 409 and refused.json()["code"] == "methodology_frozen"
    deleted = stack.gateway.delete(f"{BASE}/{copy['id']}", headers=headers | {"If-Match": "*"})
    assert deleted.status_code == 409
    # Back to the default for the year, so other tests see the shipped rules.
    default = _default(stack)
    stack.gateway.post(
        f"{BASE}/{default['id']}/activate", json={"school_year": "2023-2024"}, headers=headers | {"If-Match": "*"}
    )


def test_bad_parameters_are_refused_in_russian_and_nothing_changes(stack: Stack) -> None:
    copy = _copy(stack, "Черновик с ошибками")
    headers = stack.auth("regional_analyst")
    changes: list[dict[str, dict[str, Any]]] = [
        {"fail_share_30": {"threshold": 1.5}},
        {"bottom_quartile": {"quantile": 0}},
        {"fail_share_30": {"subjects": ["astrology"]}},
        {"near_threshold": {"lower": 0.4, "upper": 0.3}},
        {"unknown_rule": {}},
        {"fail_share_30": {"threshold": "тридцать"}},
    ]
    for change in changes:
        rules = {**copy["rules"]}
        for rule_id, params in change.items():
            rules[rule_id] = {**rules.get(rule_id, {}), **params}
        answer = stack.gateway.patch(f"{BASE}/{copy['id']}", json={"rules": rules}, headers=headers | {"If-Match": "*"})
        assert answer.status_code == 422, (change, answer.text)
        body = answer.json()
        assert body["code"] == "validation_error" and body["fields"], body
        assert any(char in body["fields"][0]["detail"] for char in "абвгдеиклмнопрстуя"), body
    stored = stack.gateway.get(f"{BASE}/{copy['id']}", headers=headers).json()
    assert stored["rules"] == copy["rules"]
    assert stack.gateway.delete(f"{BASE}/{copy['id']}", headers=headers | {"If-Match": "*"}).status_code == 204
    assert stack.gateway.get(f"{BASE}/{copy['id']}", headers=headers).json()["code"] == "methodology_not_found"


def test_only_analysts_edit_and_bad_requests_are_clear(stack: Stack) -> None:
    default = _default(stack)
    for username in ("municipal_coordinator", "school_staff", "observer", "curator"):
        answer = stack.gateway.post(f"{BASE}/{default['id']}/copy", json={}, headers=stack.auth(username))
        assert answer.status_code == 403, username
    headers = stack.auth("regional_analyst")
    frozen = stack.gateway.patch(f"{BASE}/{default['id']}", json={"name": "Иная"}, headers=headers | {"If-Match": "*"})
    assert frozen.status_code == 409 and frozen.json()["code"] == "methodology_frozen"
    bad_year = stack.gateway.post(f"{BASE}/{default['id']}/activate", json={"school_year": "2023"}, headers=headers)
    assert bad_year.status_code == 422 and bad_year.json()["code"] == "validation_error"
    assert bad_year.json()["fields"][0]["loc"] == ["body", "school_year"]
    assert bad_year.json()["fields"][0]["detail"] == SCHOOL_YEAR_MESSAGE
    assert stack.gateway.get(f"{BASE}/999999", headers=headers).status_code == 404
    assert stack.gateway.get(f"{BASE}/abc", headers=headers).status_code == 422
    assert stack.gateway.get(BASE).status_code == 401
