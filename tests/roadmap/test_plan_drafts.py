"""From the agreed list to draft programmes, and existing plans imported (preview, then save), over HTTP."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Stack

DRAFTS = "/api/roadmap/plans/from-identification"
AGREED_YEAR = "2023-2024"  # the demo region comes with an approved run for it
PASTED = (
    "№\tМероприятия\tИтоговый документ\tСроки\tОтветственный\n"
    "Трек 1 - адресная поддержка ШНОР\t\t\t\t\n"
    "1\tРазработка антирисковых программ\tПрограммы\tдо 1 октября 2024 года\tУправление образования\n"
    "2\tМониторинг реализации программ\tСправка\tПо полугодиям\tМБУ ГЦОКО\n"
    "Трек 2 - школы в зоне риска\t\t\t\t\n"
    "3\tСеминары для заместителей директоров\tПрограмма семинара\tОктябрь – ноябрь\tМетодист\n"
)


def _agreed(stack: Stack, username: str) -> list[dict[str, Any]]:
    body = stack.gateway.get(
        "/api/identification/agreed-list",
        params={"school_year": AGREED_YEAR, "per_page": 500},
        headers=stack.auth(username),
    ).json()
    return [s for s in body["items"] if set(s["categories"]) - {"effective"}]


def test_drafts_for_the_agreed_list_of_a_municipality(stack: Stack) -> None:
    agreed = _agreed(stack, "municipal_coordinator")
    assert agreed, "the demo municipality has identified schools"
    made = stack.gateway.post(
        DRAFTS, json={"school_year": AGREED_YEAR, "risk_factors": [8, 10]}, headers=stack.auth("municipal_coordinator")
    )
    assert made.status_code == 201, made.text
    created = made.json()["created"]
    assert {p["school_code"] for p in created} == {s["school_code"] for s in agreed}
    assert all(p["status"] == "draft" and p["school_year"] == "2024-2025" for p in created)
    plan = stack.gateway.get(
        f"/api/roadmap/plans/{created[0]['id']}", headers=stack.auth("municipal_coordinator")
    ).json()
    titles = [s["title"] for s in plan["sections"]]
    assert any(t.startswith("Фактор риска 8.") for t in titles) and any(
        t.startswith("Фактор риска 10.") for t in titles
    )
    assert all(s["activities"] for s in plan["sections"])
    numbers = [a["number"] for s in plan["sections"] for a in s["activities"]]
    assert numbers[:2] == ["1.1", "1.2"] and len(set(numbers)) == len(numbers)  # a number names one activity
    assert all(a["schedule"]["kind"] != "unparsed" for s in plan["sections"] for a in s["activities"])
    assert "приказ №" in plan["description"]
    again = stack.gateway.post(DRAFTS, json={"school_year": AGREED_YEAR}, headers=stack.auth("municipal_coordinator"))
    assert again.json()["created"] == [] and set(again.json()["skipped"]) == {s["school_code"] for s in agreed}
    written = stack.gateway.post(DRAFTS, json={"school_year": "2023/24"}, headers=stack.auth("municipal_coordinator"))
    assert written.status_code == 201 and set(written.json()["skipped"]) == set(again.json()["skipped"]), written.text


def test_bad_draft_requests(stack: Stack) -> None:
    headers = stack.auth("regional_analyst")
    cases = [
        ({"school_year": AGREED_YEAR, "risk_factors": [11]}, 422, "unknown_risk_factor"),
        ({"school_year": AGREED_YEAR, "school_codes": ["нет-такой"]}, 422, "school_not_in_agreed_list"),
        ({"school_year": "2023"}, 422, "validation_error"),
        ({"school_year": AGREED_YEAR, "plan_year": "2024-2026"}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        answer = stack.gateway.post(DRAFTS, json=body, headers=headers)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (body, answer.text)
    assert (
        stack.gateway.post(DRAFTS, json={"school_year": AGREED_YEAR}, headers=stack.auth("curator")).status_code == 403
    )
    nothing = stack.gateway.post(DRAFTS, json={"school_year": "2015-2016"}, headers=headers)
    assert nothing.status_code == 201 and nothing.json()["created"] == []


def _header(stack: Stack) -> str:
    return json.dumps(
        {
            "kind": "municipal_roadmap",
            "title": "Дорожная карта из приказа",
            "municipality_code": stack.territory["municipality"]["code"],
            "school_year": "2024-2025",
        },
        ensure_ascii=False,
    )


def test_a_pasted_plan_is_previewed_then_saved(stack: Stack) -> None:
    headers = stack.auth("municipal_coordinator")
    form = {"header": _header(stack), "text": PASTED}
    preview = stack.gateway.post("/api/roadmap/plans/import", data=form, headers=headers)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["column_set"] == "tracks_003" and body["activities"] == 3
    assert [s["title"] for s in body["sections"]] == ["Трек 1 - адресная поддержка ШНОР", "Трек 2 - школы в зоне риска"]
    first = body["sections"][0]["activities"][0]
    assert first["deadline"] == "до 1 октября 2024 года" and first["due_dates"] == ["2024-10-01"]
    listed = stack.gateway.get("/api/roadmap/plans", params={"q": "из приказа"}, headers=headers).json()
    assert listed["total"] == 0, "a preview saves nothing"
    saved = stack.gateway.post("/api/roadmap/plans/import", data=form | {"dry_run": "false"}, headers=headers)
    assert saved.status_code == 201, saved.text
    plan = saved.json()
    assert [len(s["activities"]) for s in plan["sections"]] == [2, 1]
    assert plan["sections"][0]["activities"][1]["deadline_text"] == "По полугодиям"


def test_bad_plan_uploads(stack: Stack) -> None:
    headers = stack.auth("municipal_coordinator")
    url = "/api/roadmap/plans/import"
    cases = [
        ({"header": _header(stack)}, None, "plan_source_required"),
        ({"header": _header(stack)}, ("plan.docx", b"PK\x03\x04broken"), None),
        ({"header": _header(stack), "text": "просто текст без таблицы"}, None, None),
        ({"header": "{не json", "text": PASTED}, None, "validation_error"),
        ({"header": json.dumps({"kind": "x"}), "text": PASTED}, None, "validation_error"),
    ]
    for data, file, code in cases:
        files = {"file": file} if file else None
        answer = stack.gateway.post(url, data=data, files=files, headers=headers)
        assert answer.status_code == 422, (data, answer.text)
        assert answer.json()["detail"], answer.text
        if code:
            assert answer.json()["code"] == code
    assert (
        stack.gateway.post(
            url, data={"header": _header(stack), "text": PASTED}, headers=stack.auth("observer")
        ).status_code
        == 403
    )


def test_word_and_excel_plans_are_uploaded(stack: Stack) -> None:
    """The multipart path with real files: the 2022 tracks order as DOCX and the 2020 plan as XLSX."""
    from tests.roadmap.plan_files import plan_001, plan_003

    headers = stack.auth("municipal_coordinator")
    for name, content, column_set in (
        ("план.docx", plan_003(), "tracks_003"),
        ("план.xlsx", plan_001(), "content_001"),
    ):
        preview = stack.gateway.post(
            "/api/roadmap/plans/import",
            data={"header": _header(stack)},
            files={"file": (name, content)},
            headers=headers,
        )
        assert preview.status_code == 200, preview.text
        assert preview.json()["column_set"] == column_set and preview.json()["activities"] > 5
        assert all(a["deadline"] for s in preview.json()["sections"] for a in s["activities"][:1])
