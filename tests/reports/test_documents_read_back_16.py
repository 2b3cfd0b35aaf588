"""Round 16 of reading the signed documents back (python-docx, openpyxl, the HTML page) as the official who prints
and signs them: an activity's participating schools listed in the plan's order in the plan and in its execution
report alike; a plan's state in the school card agreeing with the noun of its kind («программа утверждена», «план
утверждён», «дорожная карта утверждена»); the analytical note's subtitle parted with «;» as every other
document's."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.reports.documents import plan, plan_execution, school_card
from services.reports.documents.common import plan_status_label
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import PLAN_URL, _activity, _executed, _plan, _rows, _sources, _word
from tests.reports.test_documents_read_back_12 import _positions, _texts

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
READ: tuple[Format, ...] = ("docx", "xlsx", "html")


# --- an activity's participating schools: the plan's order in the plan and in its execution report ---------------

PLAN_ORDER = [  # as roadmap lists them, not by name: «СОШ № 10» before «СОШ № 2», «Ёлкинская» first
    ("9901110", "МБОУ «Ёлкинская СОШ»"),
    ("9901010", "МБОУ «СОШ № 10»"),
    ("9901002", "МБОУ «СОШ № 2»"),
]
NAMES = [name for _, name in PLAN_ORDER]


def _planned_with_schools() -> dict[str, Any]:
    schools = [{"school_code": code, "school_name": name} for code, name in PLAN_ORDER]
    activity = _activity("1.1", "Семинар для учителей математики") | {"id": 11, "per_school": True, "schools": schools}
    return _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])


def _school_done(code: str, name: str) -> dict[str, Any]:
    return {
        "school_code": code, "school_name": name, "status": "done", "state": "done", "progress": 100,
        "actual_result": "", "completed_at": "2024-10-20",
    }  # fmt: skip


def _execution_with_schools(order: list[tuple[str, str]]) -> Document:
    activity = _executed("1.1", "Семинар для учителей математики", "done")
    activity |= {"id": 11, "per_school": True, "schools": [_school_done(code, name) for code, name in order]}
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": [activity]}
    execution = {"plan_id": 7, "as_of": "2024-11-15", "column_set": "standard", "columns": [], "sections": [section]}
    execution["columns"] = _plan([])["columns"]
    answers = {
        PLAN_URL: _planned_with_schools(),
        f"{PLAN_URL}/execution": execution,
        "/api/roadmap/mentor-pairs": [],
    }
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _sources(answers), TODAY)


def _in_order(text: str, names: list[str]) -> bool:
    found = _positions(text, names)
    return found == sorted(found)


@pytest.mark.parametrize("fmt", READ)
def test_the_plan_lists_an_activity_s_schools_in_its_own_order(fmt: Format) -> None:
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _planned_with_schools()}), TODAY)
    text = _texts(document, (fmt,))[fmt]
    assert "Школы-участницы: " + "; ".join(NAMES) in text, fmt


@pytest.mark.parametrize("answered", [PLAN_ORDER, sorted(PLAN_ORDER, key=lambda s: s[1]), PLAN_ORDER[::-1]])
@pytest.mark.parametrize("fmt", READ)
def test_the_execution_report_lists_an_activity_s_schools_as_the_plan_does(
    fmt: Format, answered: list[tuple[str, str]]
) -> None:
    """It sorted them by name («СОШ № 2» before «СОШ № 10»): the plan and its report listed them apart."""
    text = _texts(_execution_with_schools(answered), (fmt,))[fmt]
    lines = [f"{name}: выполнено 20.10.2024" for name in NAMES]
    assert _in_order(text, lines), fmt


def test_schools_the_plan_does_not_list_come_after_the_plan_s_own_by_name() -> None:
    gone = [("9901910", "МБОУ «ООШ № 10»"), ("9901902", "МБОУ «ООШ № 2»")]
    text = _texts(_execution_with_schools([*gone, *PLAN_ORDER[::-1]]), ("docx",))["docx"]
    expected = [*NAMES, "МБОУ «ООШ № 2»", "МБОУ «ООШ № 10»"]
    assert _in_order(text, [f"{name}: выполнено" for name in expected])


# --- a plan's state agrees with the noun of its kind ------------------------------------------------------------

PLANS = [  # kind → the state as the row reads it
    ("Антирисковая программа", "утверждена"),
    ("Программа перехода в эффективный режим", "утверждена"),
    ("Муниципальная дорожная карта", "утверждена"),
    ("План наставничества", "утверждён"),
    ("Другой план", "утверждён"),
]


def _card_with_plans() -> Document:
    plans = [
        {"title": f"План {n}", "kind_label": kind, "school_year": "2024-2025", "status": "approved",
         "order_number": f"{n}-од", "order_date": "2024-09-10"}
        for n, (kind, _) in enumerate(PLANS, start=1)
    ]  # fmt: skip
    sources = realistic._sources(
        realistic.card_answers(), {"/api/roadmap/plans": {"items": plans, "total": len(plans)}}
    )
    return school_card.build(ReportParams(school_code=realistic.SCHOOL), sources, TODAY)


def test_the_card_s_plans_read_a_state_agreeing_with_their_kind_in_every_format() -> None:
    """«Антирисковая программа … утверждён» was printed for every kind."""
    document = _card_with_plans()
    word = _word(render(document, "docx"))
    table = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Наименование")
    assert table[0][4] == "Приказ об утверждении"  # no «Утверждён» over a programme's order
    assert [(row[1], row[3]) for row in table[1:]] == PLANS
    texts = _texts(document)
    for n, (kind, state) in enumerate(PLANS, start=1):
        for fmt, text in texts.items():
            assert f"План {n} {kind} 2024-2025 {state} приказ от 10.09.2024 № {n}-од" in text, fmt


@pytest.mark.parametrize(
    ("status", "kind", "label"),
    [
        ("draft", "Антирисковая программа", "черновик"),
        ("archived", "Муниципальная дорожная карта", "в архиве"),
        ("approved", "", "утверждён"),  # no kind known: the «план» every plan is
        ("approved", "ПРОГРАММА развития", "утверждена"),
    ],
)
def test_a_state_that_agrees_with_no_noun_reads_as_before(status: str, kind: str, label: str) -> None:
    assert plan_status_label({"status": status, "kind_label": kind}) == label


# --- the note's subtitle parted as every document's -----------------------------------------------------------


def test_the_note_s_subtitle_parts_its_territory_and_year_with_a_semicolon_as_the_others() -> None:
    """«Таёжный муниципальный район, 2023-2024 учебный год» where the card and the plans write «…; …»."""
    note_subtitle = realistic._note().subtitle
    card_subtitle = realistic._card().subtitle
    assert note_subtitle == f"{realistic.MUNICIPALITY['name']}; {realistic.YEAR} учебный год"
    assert note_subtitle == card_subtitle  # the same territory and year read alike
    for fmt, text in _texts(realistic._note()).items():
        assert f"{realistic.MUNICIPALITY['name']}; {realistic.YEAR} учебный год" in text, fmt
        assert f"{realistic.MUNICIPALITY['name']}, {realistic.YEAR}" not in text, fmt
