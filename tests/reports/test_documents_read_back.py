"""Documents rendered in-process from realistic inputs and read back as a methodist reads them (python-docx,
openpyxl): a figure reads the same in DOCX and XLSX (rounded half up, as Excel shows it), a number or a share
in a table whose rows differ in unit is a number in XLSX, never text, a yes/no, a date or a missing value in a
text column reads «да», a date and a blank, and a plan or an execution report without activities says so
instead of leaving a heading over an empty table or «0 из 0 (0 %)»."""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import Any, cast

import docx
import openpyxl
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from openpyxl.worksheet.worksheet import Worksheet

from services.reports.documents import indicators, plan, plan_execution, school_card
from services.reports.documents.common import number_figure, percent_figure, ru_number, ru_percent
from services.reports.documents.identification_note import figure_cell, figure_text
from services.reports.documents.model import Column, Document, Section, Table
from services.reports.documents.params import ReportParams
from services.reports.documents.sources import Sources
from services.reports.rendering.render import render
from services.shared.contracts.identification_note import FigureUnit
from services.shared.remote import RemoteService

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
HISTORY_KEYS = ("statuses", "risk_profile", "results", "vpr_objectivity")
PLAN_URL = "/api/roadmap/plans/7"
COLUMNS = [
    {"field": "number", "label": "№ п/п"},
    {"field": "title", "label": "Мероприятие"},
    {"field": "responsible", "label": "Ответственный"},
    {"field": "deadline", "label": "Срок"},
]


class FakeService:
    """What a builder reads, by path: the answers the roadmap service would give."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        assert path in self.answers, path
        return self.answers[path]


def _sources(answers: dict[str, Any]) -> Sources:
    return Sources(
        identification=cast(RemoteService, FakeService({})), roadmap=cast(RemoteService, FakeService(answers))
    )


def _plan(sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": 7,
        "title": "Дорожная карта <ШНОР> & «школы» 🙂",
        "status": "approved",
        "order_number": "57-од",
        "order_date": "2024-09-02",
        "owner_kind": "municipality",
        "owner_label": "Таёжный муниципальный район",
        "municipality_code": "9901",
        "school_code": None,
        "kind_label": "Муниципальная дорожная карта",
        "school_year": "2024-2025",
        "description": "",
        "columns": COLUMNS,
        "sections": sections,
    }


def _activity(number: str, title: str) -> dict[str, Any]:
    return {"number": number, "title": title, "responsible": [{"name": "Бабкина Н.А."}], "deadline_text": "май 2025"}


def _word(content: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(content))


def _texts(document: WordDocument) -> list[str]:
    """Every paragraph of the body, in tables too, no-break spaces as spaces."""
    paragraphs = document.element.body.iter(qn("w:p"))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\xa0", " ") for p in paragraphs]


def _rows(document: WordDocument, table: int = 0) -> list[list[str]]:
    rows = []
    for row in document.tables[table].rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text.replace("\xa0", " "))
        rows.append(cells)
    return rows


def _book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def _cells(sheet: Worksheet) -> list[Any]:
    return [c for row in sheet.iter_rows() for c in row if c.value is not None]


# --- a plan with a section without activities, a plan without any ---------------------------------------


def test_a_section_without_activities_says_so_and_the_numbering_stays() -> None:
    sections: list[dict[str, Any]] = [
        {"number": "1", "title": "Мониторинг",
         "activities": [_activity("1.1", "Мониторинг"), _activity("1.2", "Семинар")]},
        {"number": "2", "title": "Методическая помощь", "activities": []},
    ]  # fmt: skip
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _plan(sections)}), TODAY)
    word = _word(render(document, "docx"))
    rows = _rows(word)
    assert rows[0] == ["№ п/п", "Мероприятие", "Ответственный", "Срок"]
    assert word.tables[0].rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # the header repeats on every page
    assert [r[0] for r in rows[2:4]] == ["1.1", "1.2"]
    section = rows.index(["2. Методическая помощь"])
    assert rows[section + 1] == ["", plan.NO_ACTIVITIES, "", ""]  # not a heading left over nothing
    assert any("Дорожная карта <ШНОР> & «школы» 🙂" in t for t in _texts(word))

    sheet = _book(render(document, "xlsx"))["План мероприятий"]
    assert [c.value for c in sheet["A"] if c.value in ("1.1", "1.2")] == ["1.1", "1.2"]  # «1.1», never 1.1
    assert plan.NO_ACTIVITIES in [c.value for c in _cells(sheet)]


def test_a_plan_without_activities_has_no_empty_table() -> None:
    sections = [{"number": "1", "title": "Мониторинг", "activities": []}]
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _plan(sections)}), TODAY)
    word = _word(render(document, "docx"))
    assert not word.tables
    assert "В плане нет мероприятий: раздел «1. Мониторинг» не заполнен." in _texts(word)


# --- the execution report without activities, and with a section whose activities are all cancelled -----


def _execution(sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {"plan_id": 7, "as_of": "2024-11-15", "column_set": "standard", "columns": COLUMNS, "sections": sections}


def _executed(number: str, title: str, state: str) -> dict[str, Any]:
    return {
        "id": int(number.replace(".", "")), "number": number, "title": title, "responsible": "Бабкина Н.А.",
        "deadline_text": "Октябрь 2024 г.", "expected_result": "", "final_document": "", "status": state,
        "state": state, "progress": 100 if state == "done" else 0, "actual_result": "",
        "completed_at": "2024-10-20" if state == "done" else None, "per_school": False, "stages": [], "schools": [],
        "evidence": [],
    }  # fmt: skip


def _execution_sources(sections: list[dict[str, Any]]) -> Sources:
    plain = [{"number": s["number"], "title": s["title"], "activities": []} for s in sections]
    return _sources(
        {
            PLAN_URL: _plan(plain),
            f"{PLAN_URL}/execution": _execution(sections),
            "/api/roadmap/mentor-pairs": [],
        }
    )


def test_an_execution_report_of_a_plan_without_activities() -> None:
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": []}
    params = ReportParams(plan_id=7, as_of=date(2024, 11, 15))
    document = plan_execution.build(params, _execution_sources([section]), TODAY)
    word = _word(render(document, "docx"))
    texts = _texts(word)
    assert "По состоянию на 15.11.2024 в плане нет мероприятий." in texts
    assert not any("0 мероприятий" in t or "из 0 " in t or "(0 %)" in t for t in texts), texts
    assert "Исполнение по разделам" not in texts and "Исполнение плана по разделам" not in texts  # no empty chart
    assert len(word.tables) == 1  # the signature only


def test_a_section_with_every_activity_cancelled_has_no_share_done() -> None:
    sections = [
        {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [],
         "activities": [_executed("1.1", "Мониторинг", "done"), _executed("1.2", "Анкетирование", "done")]},
        {"id": 2, "number": "2", "title": "Семинары", "planned_results": [],
         "activities": [_executed("2.1", "Семинар", "cancelled") | {"responsible": ""}]},
    ]  # fmt: skip
    params = ReportParams(plan_id=7, as_of=date(2024, 11, 15))
    document = plan_execution.build(params, _execution_sources(sections), TODAY)
    rows = _rows(_word(render(document, "docx")))
    assert rows[0][-2:] == ["Отменено", "Доля выполненного"]  # «Всего» is the sum of the row
    assert rows[1] == ["1. Мониторинг", "2", "2", "0", "0", "0", "0", "100 %"]
    assert rows[2] == ["2. Семинары", "1", "0", "0", "0", "0", "1", "—"]  # nothing to do is not «0 %» done
    seminar = _rows(_word(render(document, "docx")), 2)[2]
    assert seminar[:3] == ["2.1", "Семинар", "—"]  # nobody named: a dash, not a blank
    sheet = _book(render(document, "xlsx"))["По разделам"]
    assert sheet["H3"].value == 1 and "%" in sheet["H3"].number_format
    assert sheet["H4"].value == "—"  # as the DOCX reads it: a blank cell read as a figure left out (round 18)


# --- the KPI table: counts, values, percents and points are numbers in XLSX --------------------------------


def test_kpi_figures_are_numbers_in_xlsx_and_read_as_before_in_docx() -> None:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Доля выпускников, получивших аттестат", "unit": "%", "direction": "higher",
         "baseline": 88.0, "baseline_year": "2023-2024", "targets": {"2024-2025": 90.0},
         "actuals": {"2024-2025": 92.5}},
        {"id": 2, "plan_id": 7, "name": "Число обучающихся с рисками", "unit": "чел.", "direction": "lower",
         "baseline": 120, "baseline_year": "2023-2024", "targets": {"2024-2025": 100}, "actuals": {"2024-2025": 90}},
        {"id": 3, "plan_id": 7, "name": "Средний балл ОГЭ по математике", "unit": "баллов", "direction": "higher",
         "baseline": 3.5, "baseline_year": "2023-2024", "targets": {"2024-2025": 3.75}, "actuals": {"2024-2025": 4.25}},
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    document = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    rows = _rows(_word(render(document, "docx")))
    assert rows[2] == ["1", "Доля выпускников, получивших аттестат", "%", "88 %", "90 %", "92,5 %", "+2,5 п. п.",
                       "достигнуто"]  # fmt: skip
    assert rows[3][0] == "2" and rows[3][3:7] == ["120", "100", "90", "−10"]
    assert rows[4][3:7] == ["3,5", "3,75", "4,25", "+0,5"]

    sheet = _book(render(document, "xlsx"))["Показатели"]
    assert [c.value for c in sheet["A"][3:6]] == [1, 2, 3]  # «№ п/п» is a number
    shares = sheet[4][3:7]
    assert [c.value for c in shares] == pytest.approx([0.88, 0.9, 0.925, 2.5])  # percents and points are numbers
    points = '0.0"\xa0п.\xa0п."'
    assert [c.number_format for c in shares] == ["0%", "0%", "0.0%", f'"+"{points};"−"{points};{points}']
    assert [c.value for c in sheet[5]][3:7] == [120, 100, 90, -10]
    assert [c.value for c in sheet[6]][3:7] == [3.5, 3.75, 4.25, 0.5]
    assert sheet["E6"].number_format == "0.00" and sheet["G6"].number_format.startswith('"+"0.0')
    strings = [c.value for c in _cells(sheet) if isinstance(c.value, str)]
    assert not [s for s in strings if s.replace(",", "").lstrip("+−").isdigit()], strings  # no number as text


# --- figures of rows that differ in unit (the identification note's lists) ------------------------------


def _one_table(columns: list[Column], rows: list[dict[str, Any]], total: dict[str, Any] | None = None) -> Document:
    table = Table(title="Таблица", columns=columns, rows=rows, total=total, sheet="Таблица")
    return Document(
        report_type="identification_note", authority="Управление образования", title="Справка",
        issued=TODAY, sections=[Section(title="Раздел", blocks=[table])],
    )  # fmt: skip


def test_note_figures_of_mixed_units_are_numbers_in_xlsx_and_the_same_text_in_docx() -> None:
    figures: list[tuple[float, FigureUnit]] = [
        (0.255, "share"), (35.5, "points"), (-2.154, "index"), (8.0, "count"), (57.61, "score"),
    ]  # fmt: skip
    rows: list[dict[str, Any]] = [{"reason": unit, "figure": figure_cell(value, unit)} for value, unit in figures]
    rows.append({"reason": "flag", "figure": figure_cell(None, "flag")})
    columns = [Column(key="reason", label="Основание"), Column(key="figure", label="Показатель")]
    document = _one_table(columns, rows)

    docx_cells = [r[1] for r in _rows(_word(render(document, "docx")))[1:]]
    expected = [figure_text(value, unit).replace("\xa0", " ") for value, unit in figures]
    assert docx_cells == [*expected, "да"] == ["25,5 %", "35,5 п. п.", "−2,15", "8", "57,6", "да"]

    sheet = _book(render(document, "xlsx"))["Таблица"]
    values = [sheet.cell(row=r, column=2) for r in range(3, 9)]
    assert [c.value for c in values] == [0.255, 35.5, -2.154, 8, 57.61, "да"]
    assert [c.number_format for c in values[:5]] == ["0.0%", '0.0"\xa0п.\xa0п."', "0.00", "0", "0.0"]


# --- rounding, the same in every format -------------------------------------------------------------------


def test_a_half_rounds_up_in_docx_as_excel_shows_it() -> None:
    """15 of 48 below the minimum is 31,25 %: «31,3 %» in DOCX as in Excel, not Python's «31,2 %»."""
    columns = [
        Column(key="share", label="Доля", kind="percent"),
        Column(key="mean", label="Средний балл", kind="float", decimals=1),
    ]
    document = _one_table(columns, [{"share": 15 / 48, "mean": 31.25}, {"share": 0.0625, "mean": 2.45}])
    rows = _rows(_word(render(document, "docx")))
    assert rows[1:] == [["31,3 %", "31,3"], ["6,3 %", "2,5"]]
    assert [ru_percent(15 / 48), ru_percent(0.145, 0), ru_number(0.25), ru_number(-0.001, 2)] == [
        "31,3\xa0%",  # a no-break space: «%» never starts a line
        "15\xa0%",
        "0,3",
        "0",
    ]  # fmt: skip — and never «−0»
    assert percent_figure(0.3125) == "31,3\xa0%" and number_figure(0.0, signed=True) == "0"


# --- what a text column may hold -----------------------------------------------------------------------------


def test_a_text_column_with_yes_no_a_date_a_count_and_nothing() -> None:
    columns = [Column(key="fact", label="Показатель"), Column(key="value", label="Значение")]
    rows: list[dict[str, Any]] = [
        {"fact": "Сельская школа", "value": True},
        {"fact": "Дата приказа", "value": date(2024, 9, 2)},
        {"fact": "Обучающихся", "value": 522},
        {"fact": "Педагогов", "value": math.nan},
        {"fact": "Код ОО", "value": "9901003"},
    ]
    document = _one_table(columns, rows)
    texts = [r[1] for r in _rows(_word(render(document, "docx")))[1:]]
    assert texts == ["да", "02.09.2024", "522", "", "9901003"]

    sheet = _book(render(document, "xlsx"))["Таблица"]
    values = [sheet.cell(row=r, column=2).value for r in range(3, 8)]
    assert values == ["да", datetime(2024, 9, 2), 522, None, "9901003"]  # a code stays text
    assert sheet["B4"].number_format == "dd.mm.yyyy"
    html = render(document, "html").decode()
    assert "True" not in html and "nan" not in html and "2024-09-02" not in html


# --- a school with no data ----------------------------------------------------------------------------------


def test_the_card_of_a_school_with_no_data_claims_nothing() -> None:
    """A school just added: no identification, no results, no profile, attributes unknown. The card renders
    and says what is missing; unknown is not «нет», and no data is no finding «не выявлено»."""
    code, base = "9901099", "/api/identification"
    school = {
        "school_code": code, "full_name": "МБОУ «Новая школа» & <филиал>", "short_name": "МБОУ «Новая школа»",
        "municipality_name": "Таёжный муниципальный район", "settlement_name": None, "legal_form": "МБОУ",
        "kind": "СОШ", "rural": None, "small": False, "hard_to_reach": None, "pupils": 522, "teachers": None,
    }  # fmt: skip
    identification = FakeService(
        {
            f"{base}/schools/{code}": school,
            f"{base}/schools/{code}/history": {key: [] for key in HISTORY_KEYS},
            f"{base}/risk-factors": [],
            f"{base}/competence/schools/{code}/profile": {
                "school_code": code, "campaign": None, "result": None, "critical_competences": [],
            },
        }
    )  # fmt: skip
    roadmap = FakeService({"/api/roadmap/plans": {"items": [], "total": 0}})
    sources = Sources(identification=cast(RemoteService, identification), roadmap=cast(RemoteService, roadmap))
    document = school_card.build(ReportParams(school_code=code), sources, TODAY)
    word = _word(render(document, "docx"))
    facts = dict(row for row in _rows(word)[1:])
    assert facts["Сельская школа"] == "нет данных" and facts["Малокомплектная"] == "нет"
    assert facts["Обучающихся"] == "522" and facts["Педагогов"] == "—"
    texts = _texts(word)
    assert "Сведений для оценки объективности результатов ВПР нет." in texts
    assert not any("не выявлено" in t for t in texts)
    sheet = _book(render(document, "xlsx"))["Школа"]
    assert 522 in [c.value for c in _cells(sheet)]  # a count, not the text «522»
