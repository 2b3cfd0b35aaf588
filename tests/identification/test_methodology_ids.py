"""A deleted draft methodology's id is never given to another (SQLite gave the id of a deleted last row to the
next one, so a bookmark or an audit entry of the deleted draft named a new methodology)."""

from __future__ import annotations

from tests.conftest import Stack
from tests.identification.test_methodology import BASE, _copy


def test_a_deleted_drafts_id_names_no_later_methodology(stack: Stack) -> None:
    headers = stack.auth("regional_analyst")
    deleted = _copy(stack, "Черновик на удаление")
    assert stack.gateway.delete(f"{BASE}/{deleted['id']}", headers=headers | {"If-Match": "*"}).status_code == 204
    later = _copy(stack, "Следующий черновик")
    assert later["id"] != deleted["id"]
    answer = stack.gateway.get(f"{BASE}/{deleted['id']}", headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (404, "methodology_not_found"), answer.text
    assert stack.gateway.delete(f"{BASE}/{later['id']}", headers=headers | {"If-Match": "*"}).status_code == 204
