"""Every document type built from realistic answers (no stack), rendered and read back as a methodist reads it
(python-docx, openpyxl, the HTML page): one minus sign for negative numbers, a share written the same in the
note's text and tables, each table headed once, counts agreeing with their nouns, and in every document the
table headers repeated on each page, page numbers in the footer, dates as ДД.ММ.ГГГГ, no «None» or «nan»."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any, cast

import docx
import openpyxl
import pytest
from docx.document import Document as WordDocument

from services.reports.documents import identification_note, indicators, plan, plan_execution, school_card
from services.reports.documents.common import number_figure
from services.reports.documents.model import MINUS, Column, Document, Section, Table
from services.reports.documents.params import ReportParams
from services.reports.documents.sources import Sources
from services.reports.rendering.render import render
from services.shared.remote import RemoteService
from tests.reports.test_documents_read_back import (
    PLAN_URL,
    FakeService,
    _activity,
    _executed,
    _execution_sources,
    _plan,
    _rows,
    _texts,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HYPHEN_NEGATIVE = re.compile(r"(?<![\w.–-])-\d")


# --- what identification and roadmap answer: a municipal note of 2023-2024 (5 schools of the Таёжный district,
# 2 of them ШНОР, with a year before, a 500+ factor and the effects) and the card of one of its schools -------

YEAR = "2023-2024"
PREVIOUS = "2022-2023"
REGION = {"code": "99", "name": "Кедровская область"}
MUNICIPALITY = {"code": "9901", "name": "Таёжный муниципальный район"}
NOTE_PATH = "/api/identification/notes/identification"
SCHOOL = "9901001"


def _fired(value: float, municipal: float, regional: float, participants: str) -> dict[str, Any]:
    return {
        "rule": "fail_share_30", "label": "Доля участников ниже минимального порога", "category": "low_results",
        "reason": f"ВПР, математика, 5 класс, {YEAR}: {participants}", "figure_label": "доля ниже минимума",
        "unit": "share", "value": value, "municipal_value": municipal, "regional_value": regional,
    }  # fmt: skip


def _school(number: int, categories: list[str], fired: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "school_code": f"99010{number:02d}", "school_name": f"МБОУ «СОШ № {number}»", "municipality_code": "9901",
        "municipality_name": MUNICIPALITY["name"], "categories": categories, "computed_categories": categories,
        "overridden": False, "override_reason": None, "insufficient_data": not categories,
        "fail_share": fired[0]["value"] if fired else None, "risk_count": None, "trend": "stayed", "fired": fired,
        "warnings": [], "objectivity": [], "roles": [], "competence": None, "staffing_factors": [],
    }  # fmt: skip


def note() -> dict[str, Any]:
    schools = [
        _school(1, ["low_results"], [_fired(0.25, 0.2, 0.1525, "7 из 28 участников (25,0 %)")]),
        _school(2, ["low_results"], [_fired(0.4, 0.2, 0.1525, "8 из 20 участников (40,0 %)")]),
        *(_school(n, ["effective"], []) for n in (3, 4)),
        _school(5, [], []),
    ]
    aggregate = {
        "code": "9901",
        "name": MUNICIPALITY["name"],
        "schools": 5,
        "categories": {"low_results": 2, "effective": 2},
        "insufficient_data": 1,
        "mean_fail_share": 0.2,
    }
    region = {
        "code": "99",
        "name": REGION["name"],
        "schools": 40,
        "categories": {"low_results": 4, "effective": 30},
        "insufficient_data": 2,
        "mean_fail_share": 0.15,
    }
    return {
        "school_year": YEAR,
        "territory": {"kind": "municipality", "code": "9901", "name": MUNICIPALITY["name"], "region_code": "99",
                      "region_name": REGION["name"], "municipalities": {"9901": MUNICIPALITY["name"]}},
        "run": {"run_id": 3, "school_year": YEAR, "approved": True, "order_number": "01-04-57",
                "order_date": "2024-09-02", "computed_on": "2024-08-20", "covers": "territory"},
        "methodology": {
            "name": "Методика идентификации ШНОР", "version": 2, "combine": "достаточно любого из условий",
            "criteria": [{"category": "low_results", "label": "ШНОР",
                          "text": "К ШНОР относится школа, где не менее 30 % участников ниже минимального порога."}],
            "parameters": [{"rule": "fail_share_30", "label": "Доля ниже порога", "category_label": "ШНОР",
                            "enabled": True, "description": "доля участников ниже минимума",
                            "parameters": "Порог доли участников ниже минимума: 30 %"}],
        },
        "threshold": 0.3,
        "counts": {"low_results": 2, "effective": 2, "insufficient_data": 1},
        "schools": schools,
        "comparison": {
            "previous_year": PREVIOUS, "previous_approved": True, "previous_order_number": "01-04-12",
            "previous_order_date": "2023-09-01",
            "categories": [{"category": "low_results", "before": 3, "entered": 1, "left": 2, "stayed": 1, "after": 2}],
            "schools": [{"category": "low_results", "movement": "entered", "school_code": "9901002",
                         "school_name": "МБОУ «СОШ № 2»", "municipality_name": MUNICIPALITY["name"],
                         "reason": "доля ниже минимума 40,0 %"}],
        },
        "years": [
            {"school_year": PREVIOUS, "approved": True, "schools": 5, "categories": {"low_results": 3},
             "insufficient_data": 0, "mean_fail_share": 0.25, "over_threshold_share": 0.4},
            {"school_year": YEAR, "approved": True, "schools": 5, "categories": {"low_results": 2},
             "insufficient_data": 1, "mean_fail_share": 0.2, "over_threshold_share": 0.2},
        ],
        "aggregates": {"territory": aggregate, "region": region, "municipalities": [aggregate], "rank": 1},
        "sources": {"procedures": [{"procedure": "ВПР", "school_year": YEAR, "participants": 412, "schools": 5}],
                    "schools_total": 5, "schools_in_run": 5, "schools_with_results": 4, "risk_profile_schools": 2,
                    "social_schools": 5, "staffing_schools": 1, "objectivity_schools": 0},
        "risk_factors": [{"number": 3, "name": "Дефицит педагогических кадров", "high": 1, "medium": 1,
                          "schools": 2}],
        "indicators": [{"label": "Доля педагогов старше 60 лет", "unit": "share", "identified": 0.2,
                        "others": 0.125, "schools": 2}],
        "objectivity": [],
    }  # fmt: skip


def effects() -> dict[str, Any]:
    return {
        "school_year": PREVIOUS, "next_school_year": YEAR, "method": "Сравнение со сходными школами.",
        "min_schools": 3, "outcomes": {"left": 2, "stayed": 1}, "measures": [],
        "subjects": [{"procedure": "ВПР", "subject": "mathematics", "subject_label": "математика", "schools": 3,
                      "share_before": 0.3, "share_after": 0.25, "change": -0.05}],
    }  # fmt: skip


def card_answers() -> dict[str, Any]:
    """What identification answers for the card of МБОУ «СОШ № 1» (roadmap: no plans)."""
    base = "/api/identification"
    status = {
        "school_year": YEAR, "source": "approved", "order_number": "01-04-57", "order_date": "2024-09-02",
        "run_id": 3, "categories": ["low_results"], "insufficient_data": False, "trend": "stayed",
        "fired_rules": [{"label": "Доля участников ниже минимального порога"}], "objectivity_flags": [],
        "warnings": [],
    }  # fmt: skip
    results = [
        {"procedure": "ВПР", "subject": "mathematics", "grade": 5, "school_year": year, "participants": 28,
         "below_min": below, "mean_score": 3.25, "max_score": 5}
        for year, below in ((PREVIOUS, 10), (YEAR, 7))
    ]  # fmt: skip
    detail = {"school_year": YEAR, "overrides": [], "rules": {"fail_share_30": {
        "label": "Доля участников ниже минимального порога", "category": "low_results", "outcome": "fired",
        "reason": f"ВПР, математика, 5 класс, {YEAR}: 7 из 28 участников (25,0 %)"}}}  # fmt: skip
    return {
        f"{base}/schools/{SCHOOL}": {
            "school_code": SCHOOL, "full_name": "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»",
            "short_name": "МБОУ «СОШ № 1»", "municipality_name": MUNICIPALITY["name"], "settlement_name": "Кедровка",
            "legal_form": "МБОУ", "kind": "СОШ", "rural": True, "small": False, "hard_to_reach": False,
            "pupils": 522, "teachers": 31,
        },
        f"{base}/schools/{SCHOOL}/history": {"statuses": [status], "risk_profile": [], "results": results,
                                              "vpr_objectivity": []},
        f"{base}/runs/3/schools/{SCHOOL}": detail,
        f"{base}/risk-factors": [],
        f"{base}/competence/schools/{SCHOOL}/profile": {"school_code": SCHOOL, "campaign": None, "result": None,
                                                        "critical_competences": []},
    }  # fmt: skip


class Roadmap(FakeService):
    """The roadmap's answers, with no pairs, no plans of a school and the effects of the year before."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        defaults = {
            "/api/roadmap/mentor-pairs": [],
            "/api/roadmap/plans": {"items": [], "total": 0},
            "/api/roadmap/effects": effects(),
        }
        return defaults[path] if path in defaults and path not in self.answers else super().get(path, params)


def _sources(identification: dict[str, Any], roadmap: dict[str, Any] | None = None) -> Sources:
    return Sources(
        identification=cast(RemoteService, FakeService(identification)),
        roadmap=cast(RemoteService, Roadmap(roadmap or {})),
    )


def _note() -> Document:
    sources = _sources({NOTE_PATH: note()})
    return identification_note.build(ReportParams(school_year=YEAR), sources, TODAY)


def _card() -> Document:
    sources = _sources(card_answers())
    return school_card.build(ReportParams(school_code=SCHOOL), sources, TODAY)


def _plan_document() -> Document:
    activities = [_activity(f"1.{n}", f"Мероприятие {n}") for n in range(1, 22)]
    sections = [{"number": "1", "title": "Мониторинг", "activities": activities}]
    return plan.build(ReportParams(plan_id=7), _sources({}, {PLAN_URL: _plan(sections)}), TODAY)


def _execution() -> Document:
    activities = [_executed(f"1.{n}", f"Мероприятие {n}", "done" if n % 2 else "planned") for n in range(1, 22)]
    sections = [{"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}]
    params = ReportParams(plan_id=7, as_of=date(2024, 11, 15))
    return plan_execution.build(params, _execution_sources(sections), TODAY)


def _indicators() -> Document:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Доля выпускников, получивших аттестат", "unit": "%", "direction": "higher",
         "baseline": 88.0, "baseline_year": "2023-2024", "targets": {"2024-2025": 90.0},
         "actuals": {"2024-2025": 87.5}},
    ]  # fmt: skip
    sources = _sources({}, {PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    return indicators.build(ReportParams(plan_id=7), sources, TODAY)


def _word(document: Document) -> WordDocument:
    return docx.Document(io.BytesIO(render(document, "docx")))


# --- negative numbers: one minus sign, whoever wrote the figure ----------------------------------------------


def test_a_negative_number_reads_with_the_same_minus_in_docx_and_html_and_stays_negative_in_xlsx() -> None:
    columns = [
        Column(key="change", label="Изменение, баллов", kind="float", decimals=2),
        Column(key="share", label="Изменение доли", kind="percent"),
        Column(key="count", label="Изменение числа школ", kind="int"),
        Column(key="figure", label="Изменение, п. п."),
    ]
    row = {"change": -2.154, "share": -0.05, "count": -3, "figure": number_figure(-5.0, signed=True)}
    document = Document(
        report_type="identification_note", authority="Управление образования", title="Справка", issued=TODAY,
        sections=[Section(title="Изменения", blocks=[Table(columns=columns, rows=[row], sheet="Изменения")])],
    )  # fmt: skip
    cells = _rows(_word(document))[1]
    assert cells == [f"{MINUS}2,15", f"{MINUS}5,0 %", f"{MINUS}3", f"{MINUS}5"]  # the renderer's as the builder's
    html = render(document, "html").decode()
    assert not HYPHEN_NEGATIVE.search(html.split("<body", 1)[1]) and f"{MINUS}2,15" in html
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Изменения"]
    assert [c.value for c in sheet[3]] == [-2.154, -0.05, -3, -5.0]


# --- the note: a share reads the same in its text and in its tables ------------------------------------------


def test_the_note_writes_a_share_the_same_in_the_text_and_in_the_tables() -> None:
    word = _word(_note())
    texts = [t for t in _texts(word) if t]
    standing = next(t for t in texts if t.startswith("Доля ШНОР среди школ"))
    assert "— 40,0 % (2 из 5) при 10,0 % по Кедровской области" in standing  # «40 %» in the text before
    summary = _rows(word, 1)
    assert summary[1][:3] == ["ШНОР — школа с низкими образовательными результатами", "2", "40,0 %"]
    listed = _rows(word, 2)
    assert listed[2][3:] == ["25,0 %", "20,0 %", "15,3 %"]  # as the reason says: «7 из 28 участников (25,0 %)»
    assert any("2 школы из 5 (40,0 %)" in t for t in texts)
    assert any("доля участников ниже минимального порога (20,0 %) выше средней по региону (15,0 %)" in t for t in texts)
    assert _rows(word, 8)[1][3:] == ["30,0 %", "25,0 %", f"{MINUS}5,0"]  # «Что работает»: shares and points
    assert "Доля школ с долей ниже минимума от 30 %" in _rows(word, 5)[0]  # a parameter reads as it is set
    sheet = openpyxl.load_workbook(io.BytesIO(render(_note(), "xlsx")))["ШНОР"]
    assert [c.value for c in sheet[4]][3:] == [0.25, 0.2, 0.1525] and sheet["D4"].number_format == "0.0%"


def test_the_note_agrees_the_municipalities_with_their_count() -> None:
    texts = _texts(_word(_note()))
    # a region of one municipality ranks nothing (round 19): no «1-е место из 1 муниципалитета»; the share stays
    assert not any("место из" in t for t in texts) and any("Доля ШНОР среди школ" in t for t in texts)


# --- the school card: each table headed once ---------------------------------------------------------------


def test_the_school_card_heads_each_table_once() -> None:
    word = _word(_card())
    texts = [t for t in _texts(word) if t]
    assert texts.count("1. Сведения о школе") == 1 and "Сведения о школе" not in texts
    assert "Категории школы по учебным годам" not in texts  # under «2. Категории по годам»
    headings = {re.sub(r"^\d+\. ", "", t) for t in texts if re.match(r"^\d+\. ", t)}
    titles = [p.text for p in word.paragraphs if p.runs and p.runs[0].bold]
    assert not [t for t in titles if t in headings and not re.match(r"^\d+\. ", t)], titles
    assert _rows(word, 0)[:2] == [["Показатель", "Значение"], ["Код ОО", SCHOOL]]
    sheet = openpyxl.load_workbook(io.BytesIO(render(_card(), "xlsx")))["Школа"]
    assert sheet["A1"].value == "1. Сведения о школе"  # the sheet's caption is the section's heading


# --- every document type as a methodist reads it -----------------------------------------------------------

DOCUMENTS = {
    "identification_note": _note,
    "school_card": _card,
    "plan": _plan_document,
    "plan_execution": _execution,
    "indicators": _indicators,
}


@pytest.mark.parametrize("report_type", list(DOCUMENTS))
def test_every_document_reads_as_a_methodist_expects(report_type: str) -> None:
    document = DOCUMENTS[report_type]()
    word = _word(document)
    for table in word.tables:
        if not table.rows[0]._tr.xpath("./w:trPr/w:tblHeader"):  # only the signature is no table of data
            assert len(table.rows) == 1 and len(table.columns) == 2, [c.text for c in table.rows[0].cells]
    for section in word.sections:  # a signed document numbers its pages at the top from page 2 on (ГОСТ Р 7.0.97)
        numbered = section.header if section.different_first_page_header_footer else section.footer
        assert numbered._element.xpath(".//w:instrText[contains(., 'PAGE')]"), report_type
    texts = [t for t in _texts(word) if t]
    assert not [t for t in texts if ISO_DATE.search(t) or re.search(r"\b(None|nan|NaN)\b", t)]
    assert not [t for t in texts if HYPHEN_NEGATIVE.search(t)]
    book = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))
    strings = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [s for s in strings if ISO_DATE.search(s) or re.search(r"\b(None|nan|NaN)\b", s)]
    assert all(ws.print_title_rows for ws in book.worksheets[1:])  # the header on every printed page
    html = render(document, "html").decode().split("<body", 1)[1]
    assert not re.search(r"\b(None|nan|NaN)\b", html) and not ISO_DATE.search(html)


def test_the_execution_report_counts_agree_and_the_total_is_the_sum_of_the_sections() -> None:
    word = _word(_execution())
    texts = _texts(word)
    assert any("в плане 21 мероприятие: выполнено 11" in t for t in texts)
    assert any("выполнено 11 из 21 мероприятия (52 %)" in t for t in texts)
    rows = _rows(word, 0)
    sections, total = rows[1:-1], rows[-1]
    assert total[0] == "Итого"
    for column in range(1, 6):
        assert int(total[column]) == sum(int(r[column]) for r in sections)
