"""Documents rendered and read back as an official reads them before signing (python-docx, openpyxl, the HTML page,
the PDF's text): the XLSX first sheet in the DOCX's order — every numbered heading, the signature before the
appendices, links in the document's typeface, no empty text cells; an order cited «от 02.09.2024 № 57-од» in the
card as in the note; «не приложены ни к одному», never «приложены к 0 из 11»; a KPI summary counting every fact
entered and saying in words what none holds; one risk factor «по фактору риска»; quotes inside quotes as „лапки“;
a monitoring stage «(входной)», never roadmap's code «(entry)»; the municipalities of a regional note totalled;
schools in the order of their numbers («№ 2» before «№ 10»); a year in a narrow header never broken at its
hyphen, and written «2023-2024» however the data spelt it; a period between dates with one dash; no outcome
«— 0» listed; a dash for what is missing; a header row kept with the row under it; one A4 page set up alike in
DOCX, XLSX and HTML."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from services.reports.documents import identification_note, indicators, plan, plan_execution, school_card
from services.reports.documents.common import quoted
from services.reports.documents.model import Column, Document, Section, Table
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import render
from tests.conftest import Stack
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import (
    PLAN_URL,
    _executed,
    _execution_sources,
    _plan,
    _rows,
    _sources,
    _texts,
)
from tests.reports.test_documents_read_back_4 import _html_tables
from tests.support import render_report

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NO_DATABASE = pytest.mark.no_database  # see tests/conftest.py: all but the one test through the API


def _word(document: Document) -> WordDocument:
    return docx.Document(io.BytesIO(render(document, "docx")))


def _book(document: Document) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))


PORTRAIT_TEXT_PX = (21.0 - 2.0 - 1.5) * 96 / 2.54
"""The A4 portrait page's width between its 2 cm and 1.5 cm margins, in Excel's 96 px an inch."""
SMALLEST_PORTRAIT_SCALE = 0.8  # a table printing smaller than this on a portrait page turns landscape (round 17)


def printed_px(sheet: Any) -> float:
    """How wide a sheet's used columns print at 100 %: 7 px a unit of width and 5 px of padding a column."""
    widths = {col: 8.43 for col in range(1, sheet.max_column + 1)}
    for dimension in sheet.column_dimensions.values():  # a <col> may span several columns of one width
        for col in range(dimension.min or 1, (dimension.max or dimension.min or 1) + 1):
            if col in widths and dimension.width:
                widths[col] = dimension.width
    return sum(width * 7 + 5 for width in widths.values())


def _html_text(document: Document) -> str:
    page = render(document, "html").decode().split("<body", 1)[1]
    return re.sub(r"<[^>]+>", " ", page).replace("&laquo;", "«").replace("&raquo;", "»").replace("\xa0", " ")


def _first_sheet(document: Document) -> list[str]:
    sheet = _book(document)["Справка"]
    return [str(c.value).replace("\xa0", " ") for row in sheet.iter_rows() for c in row if c.value is not None]


# --- the XLSX first sheet: the DOCX's headings in order, the signature before the appendices ---------------------


def _headings(texts: list[str]) -> list[str]:
    return [t for t in texts if re.match(r"^\d+\. [А-ЯЁ]", t) or re.match(r"^Приложение \d+$", t)]


@NO_DATABASE
def test_the_first_sheet_has_every_heading_of_the_docx_and_the_signature_before_the_appendices() -> None:
    document = realistic._note()
    docx_headings = _headings([t for t in _texts(_word(document)) if t])
    values = _first_sheet(document)
    assert _headings(values) == docx_headings  # no section left out for having tables only: no gap in numbers
    assert [h for h in docx_headings if h[0].isdigit()][:3] == [
        "1. Общие положения",
        "2. Источники данных и период",
        "3. Критерии идентификации",
    ]
    signature = next(i for i, v in enumerate(values) if v.startswith("Начальник Управления образования"))
    assert signature < values.index("Приложение 1") < values.index("Приложение 2")  # signed above the appendices
    assert signature > values.index("8. Выводы и рекомендации")
    assert "Сведения по школам группы риска и школе без решения" in values  # one school without a decision
    assert "Таблица на листе «Сведения по школам»." in values  # the appendix points to its sheet
    assert "Число школ по категориям — на листе «Сводка»." in values


@NO_DATABASE
def test_the_card_s_first_sheet_numbers_its_sections_without_a_gap() -> None:
    values = _first_sheet(realistic._card())
    numbers = [int(v.split(".")[0]) for v in _headings(values)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 8
    assert values[values.index("1. Сведения о школе") + 1] == "Таблица на листе «Школа»."


@NO_DATABASE
def test_an_empty_text_is_a_blank_cell_not_an_empty_string() -> None:
    columns = [Column(key="name", label="Показатель"), Column(key="note", label="Примечание")]
    rows = [{"name": "Доля педагогов", "note": ""}, {"name": "Доля выпускников", "note": "  "}]
    table = Table(columns=columns, rows=rows, sheet="Таблица")
    document = Document(report_type="identification_note", authority="Управление образования", title="Справка",
                        issued=TODAY, sections=[Section(title="Раздел", blocks=[table])])  # fmt: skip
    sheet = _book(document)["Таблица"]
    assert [sheet["B3"].value, sheet["B4"].value] == [None, None]  # Ctrl+↓ and «пустые» in a filter see them so
    assert sheet["B3"].border.left.style == "thin"  # still a cell of the table


@NO_DATABASE
def test_the_appendix_writes_a_dash_for_no_warning_and_no_colon_after_a_rule_without_reason() -> None:
    answer = realistic.note()
    answer["schools"][0]["fired"][0] |= {"value": None, "municipal_value": None, "regional_value": None, "reason": ""}
    answer["schools"][1]["warnings"] = ["Малая выборка: 4 участника"]
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    word = _word(document)
    appendix = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["№", "Код ОО"])
    assert appendix[1][4:] == ["Доля участников ниже минимального порога", "—"]  # no «…порога: » left hanging
    assert appendix[2][5] == "Малая выборка: 4 участника" and appendix[3][5] == "—"
    listed = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["№", "Школа"])
    assert listed[2][3:] == ["—", "—", "—"]  # a missing figure is a dash, not «0,0 %»
    sheet = _book(document)["Сведения по школам"]
    assert [sheet.cell(row, 6).value for row in range(3, 6)] == ["—", "Малая выборка: 4 участника", "—"]


# --- an order cited one way: «от ДД.ММ.ГГГГ № …» ------------------------------------------------------------


@NO_DATABASE
def test_the_card_cites_the_order_date_before_the_number_as_the_note_does() -> None:
    card = realistic._card()
    texts = [t for t in _texts(_word(card)) if t]
    assert "Согласованный список утверждён приказом от 02.09.2024 № 01-04-57." in " ".join(texts)
    assert _rows(_word(card), 1)[1][3] == "согласованный список, приказ от 02.09.2024 № 01-04-57"
    assert not any("приказ № " in t or "приказом № " in t for t in texts)
    assert _book(card)["Категории по годам"]["D3"].value == "согласованный список, приказ от 02.09.2024 № 01-04-57"
    assert "приказом от 02.09.2024 № 01-04-57" in _html_text(card)
    note = [t for t in _texts(_word(realistic._note())) if t]
    assert any("утверждён приказом от 02.09.2024 № 01-04-57" in t for t in note)


@NO_DATABASE
def test_the_card_lists_the_school_s_plans_with_their_orders_dated_first() -> None:
    answers = realistic.card_answers()
    plans = [
        {"title": "Антирисковая программа МБОУ «СОШ № 1»", "kind_label": "Антирисковая программа",
         "school_year": "2024/2025", "status": "approved", "order_number": "15-од", "order_date": "2024-09-10"},
        {"title": "Программа перехода в эффективный режим", "kind_label": "Программа перехода",
         "school_year": None, "period_start": "2024-09-01", "period_end": "2026-08-31", "status": "draft",
         "order_number": None, "order_date": None},
    ]  # fmt: skip
    sources = realistic._sources(answers, {"/api/roadmap/plans": {"items": plans, "total": 2}})
    card = school_card.build(ReportParams(school_code=realistic.SCHOOL), sources, TODAY)
    word = _word(card)
    table = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Наименование")
    assert table[1][2:] == ["2024-2025", "утверждена", "приказ от 10.09.2024 № 15-од"]
    assert table[2][2:] == ["01.09.2024 – 31.08.2026", "черновик", "—"]
    assert table in _html_tables(card)  # the same rows in the HTML preview


# --- the evidence and the KPI summary: no «к 0 из 11», no «по 0 из 1» ------------------------------------------


def _done_plan(count: int, proved: int) -> Document:
    activities = []
    for n in range(1, count + 1):
        activity = _executed(f"1.{n}", f"Мероприятие {n}", "done")
        if n <= proved:
            activity["evidence"] = [
                {"id": n, "school_code": None, "kind": "file", "title": "Приказ", "file_name": f"приказ-{n}.pdf",
                 "url": None}
            ]  # fmt: skip
        activities.append(activity)
    sections = [{"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}]
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)


@NO_DATABASE
@pytest.mark.parametrize(
    ("count", "proved", "finding"),
    [
        (11, 0, "– подтверждающие документы не приложены ни к одному из 11 выполненных мероприятий."),
        (11, 3, "– подтверждающие документы приложены к 3 из 11 выполненных мероприятий."),
        (21, 21, "– подтверждающие документы приложены ко всем 21 выполненному мероприятию."),
        (5, 5, "– подтверждающие документы приложены ко всем 5 выполненным мероприятиям."),
        (1, 0, "– к выполненному мероприятию подтверждающие документы не приложены."),
        (1, 1, "– к выполненному мероприятию подтверждающие документы приложены."),
    ],
)
def test_the_evidence_finding_never_reads_attached_to_none(count: int, proved: int, finding: str) -> None:
    document = _done_plan(count, proved)
    texts = [t for t in _texts(_word(document)) if t]
    assert finding in texts
    assert not any(" к 0 из " in t for t in texts)
    assert finding.removeprefix("– ") in _html_text(document)
    assert "– " + finding.removeprefix("– ") in _first_sheet(document)


def _kpi(actuals: dict[str, float], target: float = 90.0) -> Document:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Доля выпускников, получивших аттестат", "unit": "%", "direction": "higher",
         "baseline": 88.0, "baseline_year": "2023-2024", "targets": {"2024-2025": target}, "actuals": actuals},
        {"id": 2, "plan_id": 7, "name": "Доля обучающихся ниже порога", "unit": "%", "direction": "lower",
         "baseline": 20.0, "baseline_year": "2023-2024", "targets": {"2024-2025": 15.0},
         "actuals": {"2024-2025": 18.0} if actuals else {}},
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    return indicators.build(ReportParams(plan_id=7), sources, TODAY)


@NO_DATABASE
def test_the_kpi_summary_says_in_words_what_none_holds() -> None:
    none_entered = [t for t in _texts(_word(_kpi({}))) if t.startswith("Показателей в плане")]
    assert none_entered == ["Показателей в плане: 2; фактические значения пока не внесены."]
    none_reached = _kpi({"2024-2025": 87.5})
    text = next(t for t in _texts(_word(none_reached)) if t.startswith("Показателей в плане"))
    assert text == (
        "Показателей в плане: 2; фактические значения внесены по 2 показателям; плановые значения не достигнуты "
        "ни по одному из них (оценка по году: 2024-2025)."
    )
    assert "по 0 из" not in text and text in _first_sheet(none_reached)
    reached = next(t for t in _texts(_word(_kpi({"2024-2025": 92.0}))) if t.startswith("Показателей в плане"))
    assert "плановые значения достигнуты по 1 из 2" in reached  # as before when some are reached


# --- the note: one factor, one «фактор»; a year never broken at its hyphen ------------------------------------


@NO_DATABASE
def test_a_single_leading_risk_factor_is_named_in_the_singular() -> None:
    word = _word(realistic._note())
    texts = [t for t in _texts(word) if t]
    assert any(
        "наиболее часто встречается фактор риска проекта «500+» высокого и среднего уровня: «Дефицит педагогических "
        "кадров» (2 школы)." in t
        for t in texts
    )
    recommendations = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][1] == "Мероприятие")
    assert recommendations[2][1].endswith("с мерами по фактору риска «Дефицит педагогических кадров»")

    answer = realistic.note()
    answer["risk_factors"].append({"number": 10, "name": "Низкая учебная мотивация обучающихся", "high": 1,
                                   "medium": 0, "schools": 1})  # fmt: skip
    two = identification_note.build(
        ReportParams(school_year=realistic.YEAR), realistic._sources({realistic.NOTE_PATH: answer}), TODAY
    )
    word = _word(two)
    texts = [t for t in _texts(word) if t]
    assert any("наиболее часто встречаются факторы риска проекта «500+»" in t for t in texts)
    rows = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][1] == "Мероприятие")
    assert rows[2][1].endswith(
        "с мерами по факторам риска «Дефицит педагогических кадров» и «Низкая учебная мотивация обучающихся»"
    )


def _grid(word: WordDocument, header: str) -> list[int]:
    table = next(t for t in word.tables if t.rows[0].cells[0].text == header)
    return [int(w) for w in table._tbl.tblGrid.xpath("./w:gridCol/@w:w")]


@NO_DATABASE
def test_the_category_column_is_wide_and_the_figures_narrow() -> None:
    word = _word(realistic._note())
    summary = next(t for t in word.tables if [c.text for c in t.rows[0].cells][:2] == ["Категория", "Школ"])
    widths = [int(w) for w in summary._tbl.tblGrid.xpath("./w:gridCol/@w:w")]
    assert widths[0] >= 0.45 * sum(widths) and max(widths[1:]) < widths[0] / 2
    changes = next(t for t in word.tables if "Было (2022-2023)" in [c.text for c in t.rows[0].cells])
    grid = [int(w) for w in changes._tbl.tblGrid.xpath("./w:gridCol/@w:w")]
    assert grid[1] == grid[5] and grid[1] > grid[2]  # «Было (…)» and «Стало (…)» wider than «Вошли»
    assert grid[1] / 1440 * 2.54 >= 3.2  # cm: «Было (2022-2023)» in bold 10 pt on one line


@NO_DATABASE
def test_the_pdf_of_the_note_never_breaks_a_school_year_in_a_header() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(realistic._note(), "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    assert "Было (2022-2023)" in text and "Стало (2023-2024)" in text
    assert "ШНОР — школа с низкими образовательными результатами 2 40,0 % 10,0 %" in text  # one line, not four
    assert not re.search(r"\d{4}-\s+\d{4}", text)


# --- quotes inside quotes ---------------------------------------------------------------------------------------


@NO_DATABASE
def test_a_quoted_title_with_quotes_inside_nests_them_as_lapki() -> None:
    assert quoted("Дорожная карта МБОУ «СОШ № 1»") == "«Дорожная карта МБОУ „СОШ № 1“»"
    assert quoted("Мониторинг") == "«Мониторинг»"
    activities = [_executed("1.1", "Семинар", "done")]
    sections = [{"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}]
    sources = _execution_sources(sections)
    sources.roadmap.answers[PLAN_URL] |= {"title": "Антирисковая программа МБОУ «СОШ № 1»"}  # type: ignore[attr-defined]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), sources, TODAY)
    title = "Аналитическая справка по результатам выполнения плана «Антирисковая программа МБОУ „СОШ № 1“»"
    assert document.title == title
    texts = [t for t in _texts(_word(document)) if t]
    assert title in texts
    named = "«Антирисковая программа МБОУ „СОШ № 1“»"
    assert any(t.startswith(f"План {named} (") for t in texts)
    assert any(t.startswith(f"Анализ выполнения плана {named} по состоянию") for t in texts)
    assert not any("»»" in t or "««" in t for t in texts)
    assert title in _first_sheet(document) and title in _html_text(document)


@NO_DATABASE
def test_the_sections_of_an_empty_plan_are_quoted_once() -> None:
    sections = [{"number": "1", "title": "Работа с МБОУ «СОШ № 3»", "activities": []}]
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _plan(sections)}), TODAY)
    texts = _texts(_word(document))
    assert "В плане нет мероприятий: раздел «1. Работа с МБОУ „СОШ № 3“» не заполнен." in texts


# --- a monitoring stage in Russian, whatever code roadmap keeps -----------------------------------------------


@NO_DATABASE
def test_a_stage_reads_in_russian_not_as_the_roadmap_code() -> None:
    activity = _executed("1.1", "Мониторинг", "overdue") | {"status": "in_progress"}
    activity["stages"] = [
        {"id": 1, "label": "октябрь 2024", "stage": "entry", "start": "2024-10-01", "due": "2024-10-31",
         "completed_on": None, "state": "overdue"},
        {"id": 2, "label": "январь 2025", "stage": "interim", "start": "2025-01-01", "due": "2025-01-31",
         "completed_on": None, "state": "upcoming"},
        {"id": 3, "label": "май 2025 (итоговый)", "stage": "final", "start": "2025-05-01", "due": "2025-05-30",
         "completed_on": None, "state": "upcoming"},
    ]  # fmt: skip
    sections = [{"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": [activity]}]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)
    row = next(r for r in _rows(_word(document), 1) if r[0] == "1.1")
    lines = row[3].splitlines()
    assert lines[0] == "Октябрь 2024 г."
    assert lines[1].startswith("октябрь 2024 (входной): ")
    assert lines[2].startswith("январь 2025 (промежуточный): ")
    assert lines[3].startswith("май 2025 (итоговый): ")  # the stage once, when the label names it already
    everything = "\n".join(_texts(_word(document))) + _html_text(document) + "\n".join(_first_sheet(document))
    sheets = _book(document)
    everything += "\n".join(
        str(c.value) for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    )
    assert not re.search(r"\((entry|interim|final)\)", everything)


# --- the regional note: municipalities totalled -----------------------------------------------------------------


CATEGORY_COLUMNS = ["ШНОР", "ШНСУ", "Зона риска", "Эффективный режим", "Недостаточно данных"]


def _regional() -> Document:
    answer = realistic.note()
    names = ["Таёжный муниципальный район", "Северо-Кедровский муниципальный округ", "город Кедровск"]
    municipalities = [
        {"code": f"990{n}", "name": name, "schools": 5 + 10 * n, "categories": {"low_results": n, "effective": 2 + n},
         "insufficient_data": n % 2, "mean_fail_share": 0.2}
        for n, name in enumerate(names, start=1)
    ]  # fmt: skip
    answer["territory"] = {
        "kind": "region", "code": "99", "name": "Кедровская область", "region_code": "99",
        "region_name": "Кедровская область", "municipalities": {m["code"]: m["name"] for m in municipalities},
    }  # fmt: skip
    region = answer["aggregates"]["region"]
    answer["aggregates"] = {"territory": region, "region": region, "municipalities": municipalities, "rank": None}
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    return identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)


@NO_DATABASE
def test_the_municipalities_of_a_regional_note_add_up_to_a_total_row() -> None:
    document = _regional()
    word = _word(document)
    index = next(i for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Муниципалитет")
    rows = _rows(word, index)
    assert rows[0] == ["Муниципалитет", "Школ", *CATEGORY_COLUMNS]
    body, total = rows[1:-1], rows[-1]
    assert [r[0] for r in body] == ["Таёжный муниципальный район", "Северо-Кедровский муниципальный округ",
                                    "город Кедровск"]  # fmt: skip
    assert total == ["Итого", "75", "6", "0", "0", "12", "2"]
    for column in range(1, 7):
        assert int(total[column]) == sum(int(r[column]) for r in body)
    assert _html_tables(document)[index] == rows
    sheet = _book(document)["Муниципалитеты"]
    last = sheet.max_row
    assert [sheet.cell(last, c).value for c in range(1, 8)] == ["Итого", 75, 6, 0, 0, 12, 2]
    assert sheet.cell(last, 1).font.b and sheet.cell(last, 2).number_format == "0"


# --- the card: a 500+ factor missing in a year is a dash ---------------------------------------------------------


@NO_DATABASE
def test_a_risk_factor_missing_in_a_year_reads_a_dash() -> None:
    answers = realistic.card_answers()
    history = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]
    history["risk_profile"] = [
        {"school_year": realistic.PREVIOUS, "factor": 2, "level": "high"},
        {"school_year": realistic.YEAR, "factor": 2, "level": "medium"},
        {"school_year": realistic.YEAR, "factor": 9, "level": "low"},
    ]
    answers["/api/identification/risk-factors"] = [
        {"number": 2, "name": "Дефицит педагогических кадров", "valid_from": "2020-2021"},
        {"number": 9, "name": "Низкий уровень вовлечённости родителей", "valid_from": "2020-2021"},
    ]
    card = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    word = _word(card)
    rows = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["№", "Фактор риска"])
    assert rows[0][2:] == ["2022-2023", "2023-2024"]
    assert rows[1] == ["2", "Дефицит педагогических кадров", "высокий", "средний"]
    assert rows[2] == ["9", "Низкий уровень вовлечённости родителей", "—", "низкий"]
    sheet = _book(card)["Риски 500+"]
    assert [sheet.cell(4, c).value for c in range(1, 5)] == [9, "Низкий уровень вовлечённости родителей", "—", "низкий"]


# --- through the API: a staged deadline as roadmap keeps it ------------------------------------------------------


STAGED = "октябрь 2024 г. (входной), январь 2025 г. (промежуточный), май 2025 г. (итоговый)"


def test_the_execution_report_names_the_stages_of_a_staged_deadline_in_russian(stack: Stack) -> None:
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта МБОУ «СОШ № 1»",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [
            {"number": "1", "title": "Мониторинг", "activities": [
                {"number": "1.1", "title": "Мониторинг предметных результатов", "responsible": [{"name": "Бабкина"}],
                 "deadline_text": STAGED},
            ]},
        ],
    }  # fmt: skip
    headers = stack.auth("municipal_coordinator")
    created = stack.gateway.post("/api/roadmap/plans", json=body, headers=headers)
    assert created.status_code == 201, created.text
    parameters: dict[str, Any] = {"plan_id": created.json()["id"], "as_of": "2024-11-15"}
    answer = render_report(stack.gateway, headers, report_type="plan_execution", format="docx", parameters=parameters)
    assert answer.status_code == 200, answer.text
    word = docx.Document(io.BytesIO(answer.content))
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))]
    joined = "\n".join(texts).replace("\xa0", " ")
    assert "(входной): просрочен" in joined and "(промежуточный): срок не наступил" in joined
    assert "(итоговый): срок не наступил" in joined
    assert not re.search(r"\((entry|interim|final)\)", joined)
    assert "Аналитическая справка по результатам выполнения плана «Дорожная карта МБОУ „СОШ № 1“»" in joined
    assert not ISO_DATE.search(joined)


# --- a school year written one way in the note, whatever the data's spelling ----------------------------------


@NO_DATABASE
def test_the_note_writes_every_school_year_with_a_hyphen_however_the_data_spelt_it() -> None:
    answer = realistic.note()
    answer["school_year"] = answer["run"]["school_year"] = "2023/2024"
    answer["comparison"]["previous_year"] = "2022/2023"
    for year in answer["years"]:
        year["school_year"] = year["school_year"].replace("-", "/")
    for procedure in answer["sources"]["procedures"]:
        procedure["school_year"] = "2023/2024"
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year="2023/2024"), sources, TODAY)
    word = _word(document)
    texts = [t for t in _texts(word) if t]
    assert not [t for t in texts if re.search(r"20\d\d/20\d\d", t)]
    assert "Было (2022-2023)" in texts and "Стало (2023-2024)" in texts
    years = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Учебный год")
    assert [r[0] for r in years[1:]] == ["2022-2023", "2023-2024"]
    assert _rows(word, 0)[0] == ["Процедура", "2023-2024"]
    strings = [c.value for ws in _book(document).worksheets for row in ws.iter_rows() for c in row]
    assert not [s for s in strings if isinstance(s, str) and re.search(r"20\d\d/20\d\d", s)]
    assert not re.search(r"20\d\d/20\d\d", _html_text(document))


# --- one page setup in every format ---------------------------------------------------------------------------


@NO_DATABASE
@pytest.mark.parametrize("landscape", [False, True])
def test_docx_xlsx_and_html_print_on_the_same_a4_page_with_the_same_margins(landscape: bool) -> None:
    document = realistic._execution() if landscape else realistic._note()
    assert document.landscape is landscape
    section = _word(document).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
        (29.7, 21.0) if landscape else (21.0, 29.7)
    )
    margins = [section.top_margin, section.right_margin, section.bottom_margin, section.left_margin]
    in_cm = [round(m.cm, 1) for m in margins if m is not None]
    assert in_cm == [2.0, 1.5, 2.0, 2.0]
    for sheet in _book(document).worksheets:
        setup = sheet.page_margins
        assert [round(m * 2.54, 1) for m in (setup.top, setup.right, setup.bottom, setup.left)] == in_cm, sheet.title
        assert sheet.page_setup.paperSize == 9
        wide = printed_px(sheet) * SMALLEST_PORTRAIT_SCALE > PORTRAIT_TEXT_PX  # too wide for portrait: turned
        assert sheet.page_setup.orientation == ("landscape" if landscape or wide else "portrait"), sheet.title
    page = render(document, "html").decode()
    assert "margin: 2cm 1.5cm 2cm 2cm;" in page
    assert f"size: A4 {'landscape' if landscape else 'portrait'}" in page


# --- a table's header never left alone at the foot of a page -------------------------------------------------


@NO_DATABASE
def test_every_header_row_is_kept_with_the_first_row_under_it() -> None:
    for document in (realistic._note(), realistic._card(), realistic._execution(), realistic._indicators()):
        word = _word(document)
        for table in word.tables:
            headers = table._tbl.xpath("./w:tr[w:trPr/w:tblHeader]")
            if not headers:  # the signature
                continue
            for row in headers:
                paragraphs = row.xpath("./w:tc/w:p")
                assert paragraphs and all(p.xpath("./w:pPr/w:keepNext") for p in paragraphs), document.title
            body = table._tbl.xpath("./w:tr[not(w:trPr/w:tblHeader)]")
            assert not body[-1].xpath("./w:tc/w:p/w:pPr/w:keepNext")  # the last row keeps nothing after it


# --- schools in the order people look them up -------------------------------------------------------------------


@NO_DATABASE
def test_the_lists_order_schools_by_their_numbers_not_as_strings_sort() -> None:
    answer = realistic.note()
    ten = realistic._school(10, ["low_results"], [realistic._fired(0.5, 0.2, 0.1525, "5 из 10 участников (50,0 %)")])
    first, second, *others = answer["schools"]
    answer["schools"] = [ten, first, second, *others]  # as a plain sort of names has it: «№ 10» before «№ 2»
    answer["counts"]["low_results"] = 3
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    word = _word(document)
    listed = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["№", "Школа"])
    assert [r[:2] for r in listed[2:]] == [["1", "МБОУ «СОШ № 1»"], ["2", "МБОУ «СОШ № 2»"], ["3", "МБОУ «СОШ № 10»"]]
    appendix = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["№", "Код ОО"])
    assert [r[2] for r in appendix[1:]] == ["МБОУ «СОШ № 1»", "МБОУ «СОШ № 2»", "МБОУ «СОШ № 5»", "МБОУ «СОШ № 10»"]
    sheet = _book(document)["ШНОР"]
    assert [sheet.cell(row, 2).value for row in range(4, 7)] == ["МБОУ «СОШ № 1»", "МБОУ «СОШ № 2»", "МБОУ «СОШ № 10»"]


@NO_DATABASE
def test_the_links_of_the_first_sheet_are_set_in_the_document_s_typeface() -> None:
    sheet = _book(realistic._note())["Справка"]
    links = [c for row in sheet.iter_rows() for c in row if c.hyperlink is not None]
    assert len(links) >= 2 * 12  # a pointer in its section and a line in the list for each of the 12 tables
    assert {c.font.name for c in links} == {"Times New Roman"} and all(c.font.u for c in links)
    assert all(str(c.hyperlink.location or "").endswith("!A1") for c in links)


@NO_DATABASE
def test_two_years_of_results_are_joined_by_and_not_by_a_dash() -> None:
    answer = realistic.note()
    answer["sources"]["procedures"].insert(
        0, {"procedure": "ВПР", "school_year": realistic.PREVIOUS, "participants": 398, "schools": 5}
    )
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    word = _word(document)
    text = next(t for t in _texts(word) if t.startswith("Использованы результаты"))
    assert text.startswith("Использованы результаты оценочных процедур (ВПР) за 2022-2023 и 2023-2024 учебные годы;")
    assert _rows(word, 0)[:3] == [
        ["Процедура", "2022-2023", "2023-2024"],
        ["Процедура", "участников", "школ", "участников", "школ"],  # «Процедура» merged down both rows
        ["ВПР", "398", "5", "412", "5"],
    ]


@NO_DATABASE
def test_the_schools_of_an_execution_report_are_in_the_order_of_their_numbers() -> None:
    def school(code: str, state: str) -> dict[str, Any]:
        done = "2024-10-10" if state == "done" else None
        return {"school_code": code, "school_name": f"МБОУ «СОШ № {code}»", "status": state, "state": state,
                "progress": 0, "actual_result": "", "completed_at": done}  # fmt: skip

    activity = _executed("1.1", "Курсы повышения квалификации", "overdue") | {"per_school": True}
    activity["schools"] = [school("10", "overdue"), school("2", "done"), school("1", "overdue")]
    sections = [{"id": 1, "number": "1", "title": "Кадры", "planned_results": [], "activities": [activity]}]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)
    word = _word(document)
    by_school = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Школа")
    assert [r[0] for r in by_school[1:]] == ["МБОУ «СОШ № 1»", "МБОУ «СОШ № 2»", "МБОУ «СОШ № 10»"]
    row = next(r for r in _rows(word, 1) if r[0] == "1.1")
    assert [line.split(":")[0] for line in row[4].splitlines()] == [
        "МБОУ «СОШ № 1»",
        "МБОУ «СОШ № 2»",
        "МБОУ «СОШ № 10»",
    ]
    texts = _texts(word)
    assert "– просроченные мероприятия есть у школ: МБОУ «СОШ № 1»; МБОУ «СОШ № 10»." in texts
    sheet = _book(document)["По школам"]
    assert [sheet.cell(r, 1).value for r in range(3, 6)] == ["МБОУ «СОШ № 1»", "МБОУ «СОШ № 2»", "МБОУ «СОШ № 10»"]


@NO_DATABASE
def test_a_plan_period_reads_with_the_same_dash_as_the_mentor_pairs() -> None:
    activities = [_executed("1.1", "Семинар", "done")]
    sections = [{"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}]
    sources = _execution_sources(sections)
    answers = sources.roadmap.answers  # type: ignore[attr-defined]
    answers[PLAN_URL] |= {"school_year": None, "period_start": "2024-09-01", "period_end": "2026-08-31"}
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), sources, TODAY)
    assert document.subtitle is not None and "01.09.2024 – 31.08.2026" in document.subtitle
    texts = [t for t in _texts(_word(document)) if t]
    assert any("Муниципальная дорожная карта; Таёжный муниципальный район; 01.09.2024 – 31.08.2026" in t for t in texts)
    assert not any("2024 — 31" in t for t in texts)


@NO_DATABASE
def test_what_works_names_only_the_outcomes_some_school_had() -> None:
    texts = [t for t in _texts(_word(realistic._note())) if t]
    outcome = next(t for t in texts if t.startswith("Из 3 школ согласованного списка"))
    assert outcome == (
        "Из 3 школ согласованного списка 2022-2023 учебного года в 2023-2024 учебном году вышли из категорий риска "
        "— 2, остались в тех же категориях — 1."
    )
    assert "сменили категорию" not in outcome and "нет данных" not in outcome


@NO_DATABASE
def test_a_year_without_a_trend_reads_a_dash_in_the_card() -> None:
    answers = realistic.card_answers()
    history = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]
    history["statuses"][0]["trend"] = None
    card = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    assert _rows(_word(card), 1)[1][:3] == ["2023-2024", "ШНОР", "—"]
    assert _book(card)["Категории по годам"]["C3"].value == "—"


@NO_DATABASE
def test_the_kpi_summary_counts_every_fact_entered_not_only_those_with_a_plan() -> None:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Число педагогов, прошедших ПК", "unit": "чел.", "direction": "higher",
         "baseline": None, "baseline_year": None, "targets": {"2024-2025": 12}, "actuals": {}},
        {"id": 2, "plan_id": 7, "name": "Средний балл ОГЭ", "unit": "балл", "direction": "higher", "baseline": 3.45,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 3.6}, "actuals": {"2024-2025": 3.6}},
        {"id": 3, "plan_id": 7, "name": "Доля ниже порога", "unit": "%", "direction": "lower", "baseline": 30.0,
         "baseline_year": "2023-2024", "targets": {}, "actuals": {"2024-2025": 25.0}},
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    document = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    text = next(t for t in _texts(_word(document)) if t.startswith("Показателей в плане"))
    assert text == (
        "Показателей в плане: 3; фактические значения внесены по 2 показателям, из них с плановым значением на тот же "
        "год — по 1; плановое значение достигнуто (оценка по году: 2024-2025)."
    )
    rows = _rows(_word(document))
    assert [r[-1] for r in rows[2:]] == ["нет данных", "достигнуто", "нет данных"]  # as the summary counts them
    only_unplanned = indicators.build(
        ReportParams(plan_id=7), _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers[2:]}), TODAY
    )
    text = next(t for t in _texts(_word(only_unplanned)) if t.startswith("Показателей в плане"))
    assert text == (
        "Показателей в плане: 1; фактические значения внесены по 1 показателю, но плановых значений на те же годы нет."
    )
