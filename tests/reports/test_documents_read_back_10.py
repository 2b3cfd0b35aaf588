"""The demo region's school cards, identification note and mentor pairs rendered through the API (the four
services on real databases) and read back in every format: each class's «понизили / подтвердили / повысили»
adds up to exactly 100 %, a pair's agreement number typed with its own «№» reads one sign, an order's number
stays on one line in the PDF, and no document carries «None», «nan», «null» or «от  №»."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Stack
from tests.reports.test_documents_figures import docx_tables, html_tables, text_of
from tests.support import render_report

FORMATS = ("docx", "xlsx", "html", "pdf")
YEAR = "2023-2024"
MARKS_HEADER = ["Учебный год", "Класс", "Предмет", "Обучающихся", "Понизили", "Подтвердили", "Повысили"]
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bnull\b|от\s+№|№\s+№")


def _render(stack: Stack, report_type: str, fmt: str, **parameters: Any) -> bytes:
    headers = stack.auth("municipal_coordinator")
    answer = render_report(stack.gateway, headers, report_type=report_type, format=fmt, parameters=parameters)
    assert answer.status_code == 200, (report_type, fmt, answer.text)
    return answer.content


def _school_codes(stack: Stack) -> list[str]:
    municipality = stack.territory["municipality"]["code"]
    schools = stack.gateway.get(
        "/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin")
    ).json()["items"]
    return sorted(s["school_code"] for s in schools if s["municipality_code"] == municipality)


def _with_marks(stack: Stack) -> list[str]:
    """The schools of the municipality whose history compares ВПР marks with term marks."""
    headers = stack.auth("municipal_coordinator")
    found = []
    for code in _school_codes(stack):
        history = stack.gateway.get(f"/api/identification/schools/{code}/history", headers=headers).json()
        if any(r.get("lowered") or r.get("confirmed") or r.get("raised") for r in history["vpr_objectivity"]):
            found.append(code)
    return found


def _percent(cell: str) -> Decimal:
    return Decimal(cell.replace("\xa0", " ").removesuffix(" %").replace(",", "."))


def test_every_class_s_marks_shares_add_up_to_100_percent_on_the_demo_cards(stack: Stack) -> None:
    codes = _with_marks(stack)
    if not codes:
        pytest.skip("the demo region loads no comparison of ВПР marks with term marks")
    checked = 0
    for code in codes[:4]:
        for fmt in ("docx", "html"):
            content = _render(stack, "school_card", fmt, school_code=code)
            tables = docx_tables(content) if fmt == "docx" else html_tables(content)
            rows = next(t for t in tables if t and t[0] == MARKS_HEADER)[1:]
            for row in rows:
                if row[3] != "—":
                    assert sum(_percent(c) for c in row[4:] if c != "—") == 100, (code, fmt, row)
                    checked += 1
    assert checked, codes


def test_the_demo_card_and_note_carry_no_blanks_in_any_format(stack: Stack) -> None:
    code = (_with_marks(stack) or _school_codes(stack))[0]
    for fmt in FORMATS:
        for report_type, parameters in (("school_card", {"school_code": code}), ("identification_note", {})):
            text = text_of(fmt, _render(stack, report_type, fmt, school_year=YEAR, **parameters))
            found = FORBIDDEN.search(text)
            assert not found, (report_type, fmt, text[max(0, found.start() - 80) : found.end() + 80])
            if fmt == "pdf":  # an order's number is never broken at its hyphen («№ 01-04-» / «57»)
                assert not re.search(r"№ [\w/]+- \w", text), (report_type, text)


def test_a_pair_whose_agreement_number_carries_its_sign_reads_one_sign_in_every_format(stack: Stack) -> None:
    codes = _school_codes(stack)
    headers = stack.auth("municipal_coordinator")
    pair = stack.gateway.post(
        "/api/roadmap/mentor-pairs",
        json={
            "mentor_school_code": codes[0], "supported_school_code": codes[1], "mentor_head": "Шаляпина Т.А.",
            "agreement_number": "№ 7/2-С", "agreement_date": "2024-09-02", "rationale": 'Программа "Учитель будущего"',
            "starts_on": "2024-09-02",
        },
        headers=headers,
    )  # fmt: skip
    assert pair.status_code == 201, pair.text
    for fmt in FORMATS:
        text = text_of(fmt, _render(stack, "identification_note", fmt, school_year=YEAR))
        assert "договор № 7/2-С от 02.09.2024" in text, fmt
        assert "с 02.09.2024, без срока окончания" in text, fmt
        assert "Программа «Учитель будущего»" in text, fmt
        assert not FORBIDDEN.search(text), fmt
