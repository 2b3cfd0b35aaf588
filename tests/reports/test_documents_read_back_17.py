"""Round 17 of reading the signed documents back (python-docx, openpyxl, the HTML page) as the official who prints
and signs them: a portrait note's table wider than the portrait page printed across a landscape one, not shrunk to
two thirds of its type; every school of an activity named, however many; a long title on the workbook's first
sheet or over a plan's section wrapped, never cut at the page's edge; an empty table's «Нет данных» across the
table's grid; a school without a name named by its code, never «…; ; …»; «№5» and «1.09.2025» typed into the data
printed as the documents print a number and a date («№ 5», «01.09.2025»)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from services.reports.documents import plan, plan_execution
from services.reports.documents.model import Column, Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import PLAN_URL, _activity, _executed, _one_table, _plan, _sources
from tests.reports.test_documents_read_back_5 import PORTRAIT_TEXT_PX, SMALLEST_PORTRAIT_SCALE, printed_px
from tests.reports.test_documents_read_back_12 import _book, _texts

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
READ: tuple[Format, ...] = ("docx", "xlsx", "html")
LANDSCAPE_TEXT_PX = (29.7 - 2.0 - 1.5) * 96 / 2.54
LINE = 15.0  # points a line of 11 pt text takes in a row


def _cell_of(sheet: Worksheet, text: str) -> Any:
    return next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(text))


def _height(sheet: Worksheet, row: int) -> float:
    return sheet.row_dimensions[row].height or LINE


# --- a wide sheet of a portrait note prints landscape ----------------------------------------------------------


def test_a_table_wider_than_the_portrait_page_prints_landscape_at_nearly_its_size() -> None:
    """«Сведения по школам» (130 units wide) printed portrait fitted to the page's width at about two thirds; a table
    the portrait page holds at 80 % and more stays portrait, as the note it belongs to."""
    book = _book(realistic._note())
    wide = book["Сведения по школам"]
    assert PORTRAIT_TEXT_PX / printed_px(wide) < 0.75  # portrait, its 11 pt type printed under 8 pt
    assert wide.page_setup.orientation == "landscape"
    assert printed_px(wide) / LANDSCAPE_TEXT_PX < 1.05  # fitted to the landscape width it keeps ≥ 95 % of its size
    assert wide.page_setup.fitToWidth in (None, 1)  # one page wide (1 is the file's default, left unwritten)
    assert wide.sheet_properties.pageSetUpPr.fitToPage
    assert wide.page_setup.paperSize == 9
    for turned in ("Рекомендации", "Параметры методики"):  # about 65 % and 74 % on a portrait page
        assert book[turned].page_setup.orientation == "landscape", turned
    for narrow in (book["Справка"], book["Источники данных"], book["ШНОР"]):  # 100 %, 100 %, about 90 %
        assert printed_px(narrow) * SMALLEST_PORTRAIT_SCALE <= PORTRAIT_TEXT_PX, narrow.title
        assert narrow.page_setup.orientation == "portrait", narrow.title


# --- every participating school named ----------------------------------------------------------------------------

SEVEN = [f"МБОУ «СОШ № {n}»" for n in (1, 2, 3, 5, 8, 10, 12)]


@pytest.mark.parametrize("fmt", READ)
def test_an_activity_of_more_than_five_schools_names_every_one(fmt: Format) -> None:
    """It read «Школы-участницы: 7»: which seven, the plan did not say."""
    schools = [{"school_code": f"99010{n:02d}", "school_name": name} for n, name in enumerate(SEVEN)]
    activity = _activity("1.1", "Семинар для учителей математики") | {"schools": schools}
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])
    text = _texts(plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY), (fmt,))[fmt]
    assert "Школы-участницы: " + "; ".join(SEVEN) in text, fmt
    assert "Школы-участницы: 7" not in text


# --- long titles wrapped on the workbook's sheets ------------------------------------------------------------------

LONG_SECTION = (
    "Организационно-методическое сопровождение школ с низкими образовательными результатами и школ, "
    "функционирующих в неблагоприятных социальных условиях, в переходе в эффективный режим работы"
)


def _long_section_plan() -> Document:
    answer = _plan([{"number": "1", "title": LONG_SECTION, "activities": [_activity("1.1", "Семинар")]}])
    return plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY)


def test_a_long_section_row_of_a_plan_wraps_in_a_row_as_tall_as_its_lines() -> None:
    """The row was two lines tall but its text unwrapped: one line cut at the table's right edge, under it blank."""
    sheet = _book(_long_section_plan())["План мероприятий"]
    cell = _cell_of(sheet, "1. Организационно-методическое")
    assert cell.alignment.wrap_text
    assert _height(sheet, cell.row) >= 2 * LINE


def _execution_of_long_section() -> Document:
    section = {"id": 1, "number": "1", "title": LONG_SECTION, "planned_results": []}
    section["activities"] = [_executed("1.1", "Семинар", "done")]
    execution = {"plan_id": 7, "as_of": "2024-11-15", "column_set": "standard", "sections": [section]}
    execution["columns"] = _plan([])["columns"]
    planned = _plan([{"number": "1", "title": LONG_SECTION, "activities": []}])
    answers = {PLAN_URL: planned, f"{PLAN_URL}/execution": execution, "/api/roadmap/mentor-pairs": []}
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _sources(answers), TODAY)


def test_a_long_heading_on_the_first_sheet_wraps() -> None:
    """A section's heading ran on one line past the first column, printed cut off at the page's edge."""
    sheet = _book(_execution_of_long_section())["Справка"]
    cell = _cell_of(sheet, "1. Организационно-методическое")
    assert cell.value == f"1. {LONG_SECTION}"
    assert cell.alignment.wrap_text
    assert _height(sheet, cell.row) >= 2 * LINE


def test_a_long_link_to_a_table_s_sheet_wraps() -> None:
    """«Доля обучающихся ниже минимального порога … — на листе «По предметам».» ran past the column, cut off."""
    sheet = _book(realistic._note())["Справка"]
    cell = _cell_of(sheet, "Доля обучающихся ниже минимального порога у школ списка")
    assert len(cell.value) > 110 and cell.hyperlink is not None
    assert cell.alignment.wrap_text
    assert _height(sheet, cell.row) >= 2 * LINE
    listed = _cell_of(sheet, "«По предметам» — ")  # the list of sheets at the end
    assert listed.alignment.wrap_text and _height(sheet, listed.row) >= 2 * LINE


# --- an empty table ----------------------------------------------------------------------------------------------


def test_an_empty_table_says_so_across_its_grid_as_the_docx_does() -> None:
    """«Нет данных» stood borderless in the first column under the header's grid."""
    columns = [Column(key="n", label="№", kind="int"), Column(key="school", label="Школа"), Column(key="x", label="X")]
    sheet = _book(_one_table(columns, []))["Таблица"]
    cell = _cell_of(sheet, "Нет данных")
    assert f"A{cell.row}:C{cell.row}" in {str(r) for r in sheet.merged_cells.ranges}
    assert cell.border.left.style and cell.border.bottom.style
    assert cell.alignment.horizontal == "center"
    assert "Нет данных" in _texts(_one_table(columns, []), ("docx",))["docx"]


# --- a school without a name --------------------------------------------------------------------------------------


def _unnamed_school_plan() -> dict[str, Any]:
    schools = [
        {"school_code": "9901001", "school_name": "МБОУ «СОШ № 1»"},
        {"school_code": "9901002", "school_name": "  "},
        {"school_code": "9901003", "school_name": "МБОУ «СОШ № 3»"},
    ]
    activity = _activity("1.1", "Семинар") | {"id": 11, "per_school": True, "schools": schools}
    return _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])


@pytest.mark.parametrize("fmt", READ)
def test_a_school_without_a_name_is_named_by_its_code_in_the_plan(fmt: Format) -> None:
    answer = _unnamed_school_plan()
    text = _texts(plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY), (fmt,))[fmt]
    assert "Школы-участницы: МБОУ «СОШ № 1»; школа с кодом 9901002; МБОУ «СОШ № 3»" in text, fmt
    assert "; ;" not in text


@pytest.mark.parametrize("fmt", READ)
def test_a_school_without_a_name_is_named_by_its_code_in_the_execution_report(fmt: Format) -> None:
    activity = _executed("1.1", "Семинар", "done") | {"id": 11, "per_school": True}
    activity["schools"] = [
        {"school_code": code, "school_name": name, "status": "done", "state": "done", "progress": 100,
         "actual_result": "", "completed_at": "2024-10-20"}
        for code, name in (("9901001", "МБОУ «СОШ № 1»"), ("9901002", ""))
    ]  # fmt: skip
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": [activity]}
    execution = {"plan_id": 7, "as_of": "2024-11-15", "column_set": "standard", "sections": [section]}
    execution["columns"] = _plan([])["columns"]
    answers = {PLAN_URL: _unnamed_school_plan(), f"{PLAN_URL}/execution": execution, "/api/roadmap/mentor-pairs": []}
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _sources(answers), TODAY)
    text = _texts(document, (fmt,))[fmt]
    assert "школа с кодом 9901002: выполнено 20.10.2024" in text, fmt
    assert " : выполнено" not in text and "\n: выполнено" not in text
    assert "школа с кодом 9901002 1 1" in text, fmt  # its row of the table by school


# --- «№» and a date typed as the documents print them ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_a_number_sign_and_a_date_typed_tight_read_as_the_documents_write_them(fmt: Format) -> None:
    """«СОШ №5» stood beside «СОШ № 2», «до 1.09.2025» beside «от 02.09.2024»."""
    activity = _activity("1.1", "Семинар для школ №5 и № 2") | {"deadline_text": "до 1.09.2025"}
    activity["schools"] = [{"school_code": "9901005", "school_name": "МБОУ «СОШ №5»"}]
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])
    text = _texts(plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY), (fmt,))[fmt]
    assert "Семинар для школ № 5 и № 2" in text, fmt
    assert "Школы-участницы: МБОУ «СОШ № 5»" in text, fmt
    assert "до 01.09.2025" in text, fmt
    assert "№5" not in text and " 1.09.2025" not in text


def test_what_is_no_date_and_a_file_s_name_are_left_as_typed() -> None:
    activity = _activity("1.1", "Пункт 31.2.2025 и версия 1.2.2020,5 по «приказ№5.pdf»")
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])
    text = _texts(plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY), ("html",))["html"]
    assert "Пункт 31.2.2025 и версия 1.2.2020,5 по «приказ№5.pdf»" in text
