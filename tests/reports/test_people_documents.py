"""The people behind the results in the rendered documents, read back from DOCX: the identification note's
analysis of causes carries each risk school's professional deficits from the latest «5К» diagnosis in words,
with the staffing 500+ factors beside them; the note and the execution report list the mentor pairs (read from
roadmap over HTTP) with their basis «договор № … от …» and period; the school card carries the competence
profile."""

from __future__ import annotations

import io
from typing import Any

import docx
import httpx
import pytest

from services.identification.competence.card import FIVE_K
from tests.conftest import Stack
from tests.support import render_report

YEAR = "2023-2024"
COMPETENCE = "/api/identification/competence"


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def _text(stack: Stack, user: str, report_type: str, **parameters: Any) -> str:
    body = {"report_type": report_type, "format": "docx", "parameters": parameters}
    answer = render_report(stack.gateway, stack.auth(user), **body)
    assert answer.status_code == 200, answer.text
    document = docx.Document(io.BytesIO(answer.content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*paragraphs, *cells]).replace("\xa0", " ")


def _scores(critical: bool) -> dict[str, int]:
    """Every criterion optimal, except the subject-methodological competence (K1) at 0 when critical."""
    return {c: 0 if critical and c.startswith("K1.") else 2 for c in FIVE_K.criterion_codes()}


@pytest.fixture(scope="module")
def setting(stack: Stack) -> dict[str, Any]:
    """A risk school of the coordinator's municipality with a staffing 500+ factor: five teachers diagnosed,
    two of them critical in K1 (40 %); a mentor school paired with it by an agreement."""
    coordinator = stack.auth("municipal_coordinator")
    note = _ok(
        stack.gateway.get("/api/identification/notes/identification", params={"school_year": YEAR}, headers=coordinator)
    )
    risky = [s for s in note["schools"] if {"low_results", "unfavourable_social", "risk_zone"} & set(s["categories"])]
    school = next(s for s in risky if s["staffing_factors"])
    mentor = next(s for s in note["schools"] if s["school_code"] != school["school_code"])
    card = next(c for c in _ok(stack.gateway.get(f"{COMPETENCE}/cards", headers=coordinator)) if c["code"] == "5k")
    campaign = _ok(
        stack.gateway.post(
            f"{COMPETENCE}/campaigns",
            json={
                "card_id": card["id"],
                "title": "Диагностика «5К»",
                "stage": "entry",
                "held_on": "2024-10-01",
                "school_year": "2024-2025",
                "school_codes": [school["school_code"]],
            },
            headers=coordinator,
        ),
        201,
    )
    for index in range(5):
        teacher = _ok(
            stack.gateway.post(
                f"{COMPETENCE}/teachers",
                json={"school_code": school["school_code"], "full_name": f"Педагогова Анна {index + 1}"},
                headers=coordinator,
            ),
            201,
        )
        sheet = {"teacher_id": teacher["id"], "rater": "deputy", "scores": _scores(critical=index < 2)}
        _ok(stack.gateway.put(f"{COMPETENCE}/campaigns/{campaign['id']}/scores", json=sheet, headers=coordinator))
    plan = _ok(
        stack.gateway.post(
            "/api/roadmap/plans",
            json={
                "kind": "mentoring_plan",
                "title": "План наставничества",
                "school_code": school["school_code"],
                "school_year": "2024-2025",
                "sections": [
                    {"number": "1", "title": "Сопровождение", "activities": [{"title": "Взаимопосещение уроков"}]}
                ],
            },
            headers=coordinator,
        ),
        201,
    )
    pair = _ok(
        stack.gateway.post(
            "/api/roadmap/mentor-pairs",
            json={
                "mentor_school_code": mentor["school_code"],
                "supported_school_code": school["school_code"],
                "mentor_head": "Шаляпина Т.А.",
                "agreement_number": "12-С",
                "agreement_date": "2024-09-01",
                "rationale": "Стабильно высокие результаты по математике",
                "starts_on": "2024-09-01",
                "ends_on": "2025-05-31",
                "plan_id": plan["id"],
            },
            headers=coordinator,
        ),
        201,
    )
    return {"school": school, "mentor": mentor, "pair": pair, "plan": plan}


def test_the_note_carries_deficits_factors_and_pairs(stack: Stack, setting: dict[str, Any]) -> None:
    school = setting["school"]
    note = _ok(
        stack.gateway.get(
            "/api/identification/notes/identification",
            params={"school_year": YEAR},
            headers=stack.auth("municipal_coordinator"),
        )
    )
    listed = next(s for s in note["schools"] if s["school_code"] == school["school_code"])
    k1 = next(d for d in listed["competence"]["deficits"] if d["code"] == "K1")
    assert (k1["teachers"], k1["critical"], k1["critical_share"]) == (5, 2, 0.4)
    assert listed["competence"]["stage_label"] == "входная"

    _check_note_text(_text(stack, "municipal_coordinator", "identification_note", school_year=YEAR), setting)


def _check_note_text(text: str, setting: dict[str, Any]) -> None:
    school = setting["school"]
    assert "Профессиональные дефициты педагогов и кадровые факторы риска «500+» школ группы риска" in text
    assert "предметно-методологическая компетенция: 40 % педагогов на критическом уровне" in text
    assert "психолого-педагогическая компетенция:" not in text  # no teacher critical there
    assert "Диагностика «5К» (входная диагностика от 01.10.2024, оценено педагогов: 5)" in text
    for factor in school["staffing_factors"]:
        level = {"high": "высокий уровень", "medium": "средний уровень"}[factor["level"]]
        assert f"{factor['name']} ({level})" in text
    assert "Наставничество: пары «школа-наставник — подшефная школа»" in text
    assert "договор № 12-С от 01.09.2024" in text and "01.09.2024 – 31.05.2025" in text
    assert "Стабильно высокие результаты по математике" in text
    assert f"{setting['mentor']['school_name']}\n(руководитель Шаляпина Т.А.)" in text


def test_the_execution_report_lists_the_pairs(stack: Stack, setting: dict[str, Any]) -> None:
    text = _text(stack, "municipal_coordinator", "plan_execution", plan_id=setting["plan"]["id"], as_of="2024-11-15")
    assert "Наставничество: пары «школа-наставник — подшефная школа»" in text
    assert "договор № 12-С от 01.09.2024" in text and "01.09.2024 – 31.05.2025" in text
    assert setting["school"]["school_name"] in text


def test_the_school_card_carries_the_competence_profile(stack: Stack, setting: dict[str, Any]) -> None:
    code = setting["school"]["school_code"]
    text = _text(stack, "municipal_coordinator", "school_card", school_code=code)
    assert "Профессиональные компетенции педагогов" in text
    assert (
        "Профессиональные дефициты: предметно-методологическая компетенция: 40 % педагогов на критическом уровне"
        in text
    )
    assert "Предметно-методологическая компетенция" in text and "Управленческая компетенция" in text
    other = _text(stack, "municipal_coordinator", "school_card", school_code=setting["mentor"]["school_code"])
    assert "Диагностика компетенций педагогов школы не проводилась." in other
