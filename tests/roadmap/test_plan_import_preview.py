"""The dry-run preview of `POST /api/roadmap/plans/import` over HTTP: every field the saved plan gets is shown
before saving, and the sections are those of the document (002: «Процесс N: …» headings)."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Stack
from tests.roadmap.plan_files import plan_001, plan_002, plan_003

URL = "/api/roadmap/plans/import"


def _header(stack: Stack) -> str:
    return json.dumps(
        {
            "kind": "municipal_roadmap",
            "title": "План из файла",
            "municipality_code": stack.territory["municipality"]["code"],
            "school_year": "2022-2023",
        },
        ensure_ascii=False,
    )


def _upload(stack: Stack, name: str, content: bytes, *, dry_run: bool = True) -> Any:
    answer = stack.gateway.post(
        URL,
        data={"header": _header(stack), "dry_run": "true" if dry_run else "false"},
        files={"file": (name, content)},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == (200 if dry_run else 201), answer.text
    return answer.json()


def _by_number(body: dict[str, Any]) -> dict[tuple[int, str], dict[str, Any]]:
    """Activities by (section, number): the tracks of 003 each number theirs from 1."""
    return {(i, a["number"]): a for i, s in enumerate(body["sections"]) for a in s["activities"]}


def test_the_preview_shows_responsible_expected_result_and_final_document_as_the_saved_plan_has_them(
    stack: Stack,
) -> None:
    for name, content in (("план.docx", plan_003()), ("план.xlsx", plan_001())):
        preview = _by_number(_upload(stack, name, content))
        saved = _by_number(_upload(stack, name, content, dry_run=False))
        assert preview.keys() == saved.keys()
        for number, activity in saved.items():
            shown = preview[number]
            assert shown["responsible_parties"] == [party["name"] for party in activity["responsible"]], number
            assert shown["expected_result"] == activity["expected_result"], number
            assert shown["final_document"] == activity["final_document"], number
    tracks = _by_number(_upload(stack, "план.docx", plan_003()))
    assert tracks[0, "1"]["final_document"] == "Информационно-аналитическая справка"
    assert tracks[0, "1"]["responsible"] == "Руководители ОУ"
    assert tracks[0, "2"]["responsible"] == "Бабкина Н.А."
    measures = _by_number(_upload(stack, "план.xlsx", plan_001()))
    assert measures[0, "1.1"]["responsible"] == "Управление образования"
    assert measures[0, "1.1"]["expected_result"] == "Сформирован список образовательных организаций"


def test_a_deadline_outside_the_plan_year_is_previewed_with_a_warning(stack: Stack) -> None:
    tracks = _by_number(_upload(stack, "план.docx", plan_003()))
    assert tracks[0, "1"]["due_dates"] == ["2022-07-31"]  # «Июнь – июль 2022 г.», before 2022-2023
    assert tracks[0, "1"]["schedule_warnings"] and "вне периода плана" in tracks[0, "1"]["schedule_warnings"][0]
    assert tracks[0, "2"]["schedule_warnings"] == []


def test_a_process_heading_stays_the_section_of_its_sub_rows(stack: Stack) -> None:
    body = _upload(stack, "отчёт.docx", plan_002())
    assert [(s["number"], s["title"]) for s in body["sections"]] == [
        ("1", "Процесс 1: Повышение качества образования в школах с низкими образовательными результатами"),
        ("2", "Процесс 2: Развитие профессионального мастерства педагогического и управленческого персонала"),
    ]
    assert [a["number"] for a in body["sections"][0]["activities"]] == ["1.1", "1.2", "1.3"]
    assert body["sections"][0]["activities"][0]["expected_result"] == "Выявлены проблемные зоны школ"
    assert any(p["code"] == "subheading_in_section" and p["row"] == 2 for p in body["problems"])


def test_the_preview_reads_deadlines_against_the_plan_period_as_saving_does(stack: Stack) -> None:
    header = json.loads(_header(stack)) | {"period_start": "2022-01-01", "period_end": "2023-08-31"}
    answer = stack.gateway.post(
        URL,
        data={"header": json.dumps(header, ensure_ascii=False)},
        files={"file": ("план.docx", plan_003())},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == 200, answer.text
    first = _by_number(answer.json())[0, "1"]
    assert first["due_dates"] == ["2022-07-31"] and first["schedule_warnings"] == []  # June–July 2022 is inside
