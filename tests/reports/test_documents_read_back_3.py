"""Documents rendered in-process from edge data and read back (python-docx, openpyxl, the HTML page): the DOCX's
properties and defaults (Опора, Russian, Times New Roman 12 pt, headings 14 pt, the day of issue), a school year
written one way whatever the data's spelling, a note on no schools or no school at risk that claims no
«0 из 0», KPI counts rounded half up with the deviation and the verdict of the figures printed, changes in
percentage points rounded half up, and an empty table whose total row is kept in XLSX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import openpyxl
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from services.reports.documents import identification_note, indicators, plan, school_card
from services.reports.documents.charts import rounded_label
from services.reports.documents.effects_section import subjects_table
from services.reports.documents.model import MINUS, Column, Document, Section, Table
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import render
from services.shared.contracts.effects import SubjectSummary
from tests.reports import sample
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import PLAN_URL, _activity, _plan, _rows, _sources, _texts

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)


def _word(content: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(content))


def _book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def _one_table(table: Table) -> Document:
    return Document(
        report_type="identification_note", authority="Управление образования", title="Справка", issued=TODAY,
        sections=[Section(title="Раздел", blocks=[table])],
    )  # fmt: skip


# --- the DOCX as Word shows its properties and styles --------------------------------------------------------


def test_the_docx_is_opora_s_russian_times_new_roman_document_of_its_day() -> None:
    document = sample.document()
    word = _word(render(document, "docx"))
    properties = word.core_properties
    assert properties.author == properties.last_modified_by == "Опора"
    assert properties.title == sample.TITLE and properties.subject == sample.AUTHORITY
    assert "python-docx" not in f"{properties.comments} {properties.author} {properties.keywords}"
    assert properties.created is not None and properties.created.date() == document.issued  # not 2013
    assert properties.language == "ru-RU"

    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts is not None and fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None  # not the theme's Calibri
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "ru-RU"  # no English spell-check of Russian text
    normal = word.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size is not None and normal.size.pt == 12

    headings = [p for p in word.paragraphs if p.text in ("1. Методика идентификации", "2. Результаты по школам")]
    assert len(headings) == 2
    assert all(run.font.size is not None and run.font.size.pt == 14 for p in headings for run in p.runs)


# --- the school year, one form -----------------------------------------------------------------------------


def test_a_plan_of_2024_2025_written_with_a_slash_reads_2024_2025_everywhere() -> None:
    sections = [{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Мониторинг «Ёлка»")]}]
    answer = _plan(sections) | {"school_year": "2024/2025"}
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY)
    texts = _texts(_word(render(document, "docx")))
    assert any("2024-2025 учебный год" in t for t in texts) and not any("2024/2025" in t for t in texts)
    book = _book(render(document, "xlsx"))
    strings = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("2024-2025 учебный год" in s for s in strings) and not any("2024/2025" in s for s in strings)
    html = render(document, "html").decode()
    assert "2024-2025 учебный год" in html and "2024/2025" not in html


def test_kpi_years_spelt_two_ways_head_one_column_group() -> None:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Число обучающихся с рисками", "unit": "чел.", "direction": "lower",
         "baseline": 120, "baseline_year": "2023/2024", "targets": {"2024-2025": 100, "2025/2026": 90},
         "actuals": {"2024/2025": 95}},
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    document = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    rows = _rows(_word(render(document, "docx")))
    assert rows[0][3:6] == ["2023-2024", "2024-2025", "2025-2026"]
    assert rows[2][3:] == ["120", "100", "95", "90", "—", "−5", "достигнуто"]


def test_the_card_writes_the_school_year_as_the_note_does() -> None:
    answers = realistic.card_answers()
    history = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]
    history["statuses"][0]["school_year"] = "2023/2024"
    for result in history["results"]:
        result["school_year"] = result["school_year"].replace("-", "/")
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    texts = _texts(_word(render(document, "docx")))
    assert not any("2023/2024" in t or "2022/2023" in t for t in texts), [t for t in texts if "/20" in t]
    assert "Основания решения за 2023-2024 учебный год" in " ".join(texts)
    assert any("Категории школы в 2023-2024 учебном году: ШНОР" in t for t in texts)


# --- the note on no schools, on one school not at risk -------------------------------------------------------


def _note_of(count: int) -> Document:
    answer = realistic.note()
    answer["schools"] = [realistic._school(n, ["effective"], []) for n in range(1, count + 1)]
    answer["counts"] = {"effective": count} if count else {}
    aggregate = answer["aggregates"]["territory"] | {
        "schools": count, "categories": {"effective": count} if count else {}, "insufficient_data": 0,
        "mean_fail_share": 0.1 if count else None,
    }  # fmt: skip
    answer["aggregates"] |= {"territory": aggregate, "municipalities": [aggregate] if count else [], "rank": 1}
    answer["sources"] |= {"schools_total": count, "schools_in_run": count, "schools_with_results": count}
    answer["risk_factors"], answer["indicators"] = [], []
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    return identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)


def test_a_note_on_no_schools_claims_no_share_of_nothing() -> None:
    word = _word(render(_note_of(0), "docx"))
    texts = [t for t in _texts(word) if t]
    joined = "\n".join(texts)
    for wrong in ("0 из 0", "— —", "0 школ из 0", "(0,0 %) нуждаются", "место из 0", "из 0 муниципалитетов"):
        assert wrong not in joined, wrong
    assert "Доля ШНОР среди школ Таёжного муниципального района не определена: школ для расчёта нет." in texts
    assert any(t.startswith("Школ для анализа нет") for t in texts)
    assert "данных для решения достаточно по всем школам" not in joined  # nothing is claimed of no schools
    summary = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["Категория", "Школ"])
    assert [row[2] for row in summary[1:]] == ["—"] * (len(summary) - 1)  # a share of no schools, not «0,0 %»
    assert summary[1][3] == "10,0 %"  # the region's share stands


def test_a_note_on_one_school_not_at_risk() -> None:
    texts = [t for t in _texts(_word(render(_note_of(1), "docx"))) if t]
    assert any("Анализ показал, что единственная школа не нуждается в адресной поддержке." in t for t in texts)
    assert not any("0 школ из 1" in t for t in texts)
    standing = next(t for t in texts if "(0 из 1)" in t)
    assert "место" not in standing  # first of the municipalities with no ШНОР is no «наибольшая доля»
    eleven = [t for t in _texts(_word(render(_note_of(11), "docx"))) if "нуждается в адресной" in t]
    assert eleven and "ни одна из 11 школ не нуждается" in eleven[0]


# --- KPI counts: half up, the deviation and the verdict of the figures printed -------------------------------


def test_kpi_counts_round_half_up_and_the_deviation_is_of_the_printed_figures() -> None:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Число педагогов, прошедших ПК", "unit": "чел.", "direction": "higher",
         "baseline": 10.5, "baseline_year": "2023-2024", "targets": {"2024-2025": 12.5},
         "actuals": {"2024-2025": 12.45}},
        {"id": 2, "plan_id": 7, "name": "Доля выпускников", "unit": "%", "direction": "higher",
         "baseline": 88.0, "baseline_year": "2023-2024", "targets": {"2024-2025": 90.04},
         "actuals": {"2024-2025": 90.06}},
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    document = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    rows = _rows(_word(render(document, "docx")))
    assert rows[2][3:] == ["11", "13", "12", f"{MINUS}1", "не достигнуто"]  # 10,5 → 11 and 12,5 → 13, as Excel
    assert rows[3][3:] == ["88 %", "90 %", "90,1 %", "+0,1 п. п.", "достигнуто"]
    sheet = _book(render(document, "xlsx"))["Показатели"]
    assert [c.value for c in sheet[4]][3:7] == [11, 13, 12, -1]
    assert sheet["G5"].value == pytest.approx(0.1)  # the deviation as printed, not 0.02


# --- changes in percentage points: half up on the decimal figure --------------------------------------------


def test_a_change_in_points_rounds_half_up_on_the_figure_as_written() -> None:
    """0.0045 of a share is 0,45 п. п.: «+0,5», as Excel shows it, not «+0,4» of 0.44999999999999996."""
    subject = SubjectSummary(
        procedure="ВПР", subject="mathematics", subject_label="математика", schools=3,
        share_before=0.3, share_after=0.3045, change=0.0045,
    )  # fmt: skip
    document = _one_table(subjects_table([subject], "2022-2023", "2023-2024"))
    assert _rows(_word(render(document, "docx")))[1][-1] == "+0,5"
    assert "+0,5" in render(document, "html").decode()
    sheet = _book(render(document, "xlsx"))["По предметам"]
    assert sheet.cell(row=3, column=6).value == pytest.approx(0.45)
    assert rounded_label(31.25) == "31,3" and rounded_label(1.85) == "1,9"  # the chart's point labels


# --- an empty table with a total row --------------------------------------------------------------------------


def test_an_empty_table_keeps_its_total_row_in_xlsx() -> None:
    columns = [Column(key="school", label="Школа"), Column(key="count", label="Участников", kind="int")]
    document = _one_table(Table(columns=columns, rows=[], total={"school": "Итого", "count": 0}, sheet="Школы"))
    assert _rows(_word(render(document, "docx")))[1:] == [["Нет данных"], ["Итого", "0"]]
    sheet = _book(render(document, "xlsx"))["Школы"]
    values: list[list[Any]] = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert values == [["Нет данных", None], ["Итого", 0]]


# --- a count column given a half: the same figure in DOCX, HTML and XLSX ---------------------------------------


def test_a_half_in_a_count_column_reads_as_excel_shows_it() -> None:
    columns = [Column(key="school", label="Школа"), Column(key="pupils", label="Обучающихся", kind="int")]
    rows: list[dict[str, Any]] = [
        {"school": "МБОУ «СОШ № 1»", "pupils": 12.5},
        {"school": "МБОУ «СОШ № 2»", "pupils": 2.5},
    ]
    document = _one_table(Table(columns=columns, rows=rows, sheet="Школы"))
    assert [r[1] for r in _rows(_word(render(document, "docx")))[1:]] == ["13", "3"]  # not Python's 12 and 2
    html = render(document, "html").decode()
    assert ">13<" in html and ">3<" in html
    sheet = _book(render(document, "xlsx"))["Школы"]
    assert [sheet["B3"].value, sheet["B4"].value] == [12.5, 2.5] and sheet["B3"].number_format == "0"


# --- a very long text: a row Excel can open ----------------------------------------------------------------------


def test_a_very_long_activity_keeps_the_row_within_excel_s_height() -> None:
    title = "Организация методического сопровождения школы «Ёлочка» с привлечением наставников. " * 40
    sections = [{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", title)]}]
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _plan(sections)}), TODAY)
    sheet = _book(render(document, "xlsx"))["План мероприятий"]
    row = next(c.row for c in sheet["B"] if isinstance(c.value, str) and c.value.startswith("Организация"))
    assert sheet[f"B{row}"].value.strip() == title.strip()  # the whole text, nothing cut
    height = sheet.row_dimensions[row].height
    assert height is not None and 30 < height <= 409
    texts = [t.strip() for t in _texts(_word(render(document, "docx")))]
    assert title.strip() in texts  # real text in its cell, whole


# --- the school card with figures missing ----------------------------------------------------------------------


def test_the_card_shows_missing_figures_as_dashes_not_zeros() -> None:
    answers = realistic.card_answers()
    history = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]
    history["results"].append(
        {"procedure": "ВПР", "subject": "russian", "grade": None, "school_year": realistic.YEAR,
         "participants": None, "below_min": None, "mean_score": None, "max_score": None}
    )  # fmt: skip
    history["vpr_objectivity"] = [
        {"school_year": realistic.YEAR, "grade": 5, "subject": "mathematics", "lowered": 3, "confirmed": None,
         "raised": 1},
        {"school_year": realistic.YEAR, "grade": 6, "subject": "mathematics", "lowered": None, "confirmed": None,
         "raised": None},
    ]  # fmt: skip
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    word = _word(render(document, "docx"))
    results = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Процедура")
    unknown = next(row for row in results if row[1] == "русский язык")
    assert unknown[2:] == ["—", realistic.YEAR, "—", "—", "—", "—", "—"]  # nothing is «0»
    objectivity = next(
        _rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["Учебный год", "Класс"]
    )
    assert objectivity[1][3:] == ["4", "75,0 %", "—", "25,0 %"]
    assert objectivity[2][3:] == ["—", "—", "—", "—"]
    sheet = _book(render(document, "xlsx"))["Результаты"]
    blank = next([c.value for c in row] for row in sheet.iter_rows() if row[1].value == "русский язык")
    assert blank[4:] == [None] * 5  # blank cells, not zeros


# --- a fractional number in a text column ----------------------------------------------------------------------


def test_a_fraction_in_a_text_column_reads_with_a_comma_as_excel_shows_it() -> None:
    columns = [Column(key="fact", label="Показатель"), Column(key="value", label="Значение")]
    rows: list[dict[str, Any]] = [
        {"fact": "Индекс ИОР", "value": 0.3125},
        {"fact": "Средний балл", "value": 12.0},
        {"fact": "Изменение", "value": -2.5},
        {"fact": "Площадь, м²", "value": 12345.5},
        {"fact": "Код ОО", "value": 9901001.0},
    ]
    document = _one_table(Table(columns=columns, rows=rows, sheet="Таблица"))
    expected = ["0,3125", "12", f"{MINUS}2,5", "12345,5", "9901001"]  # as Excel's general format shows them
    assert [r[1] for r in _rows(_word(render(document, "docx")))[1:]] == expected  # not «0.3125», «12.0», «-2.5»
    html = render(document, "html").decode().replace("\xa0", " ")
    assert all(f">{text}<" in html for text in expected) and "0.3125" not in html
    sheet = _book(render(document, "xlsx"))["Таблица"]
    assert [sheet.cell(row=r, column=2).value for r in range(3, 8)] == [0.3125, 12, -2.5, 12345.5, 9901001]


# --- a long title in XLSX: wrapped, as tall as it needs ------------------------------------------------------


def test_a_long_plan_title_wraps_on_the_xlsx_summary_sheet() -> None:
    title = "Дорожная карта по переходу школ «Ёлочка» и «Берёзка» в эффективный режим работы " * 12
    sections = [{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Мониторинг")]}]
    answer = _plan(sections) | {"title": title.strip()}
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY)
    sheet = _book(render(document, "xlsx"))["Справка"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == title.strip())
    assert cell.alignment.wrap_text and cell.font.name == "Times New Roman" and cell.font.sz == 14
    height = sheet.row_dimensions[cell.row].height
    assert height is not None and height >= 4 * 18  # some ten lines of 14 pt, not one line cut off


# --- the note compares shares as it prints them ----------------------------------------------------------------


def test_the_note_compares_the_shares_it_prints() -> None:
    answer = realistic.note()
    answer["aggregates"]["territory"]["mean_fail_share"] = 0.15254  # «15,3 %», as the region's 0.15251
    answer["aggregates"]["region"]["mean_fail_share"] = 0.15251
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    texts = [t for t in _texts(_word(render(document, "docx"))) if "средней по региону" in t]
    assert any("(15,3 %) на уровне средней по региону (15,3 %)" in t for t in texts), texts
    assert not any("(15,3 %) выше средней по региону (15,3 %)" in t for t in texts)


# --- NaN: no figure, a dash — never a failed document --------------------------------------------------------


def test_a_nan_from_upstream_is_a_dash_not_a_failed_document() -> None:
    nan = float("nan")
    answer = realistic.note()
    answer["aggregates"]["territory"]["mean_fail_share"] = nan
    answer["schools"][0]["fired"][0] |= {"value": nan, "municipal_value": nan}
    answer["indicators"][0]["identified"] = nan
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    note = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    answers = [
        {"id": 1, "plan_id": 7, "name": "Число педагогов", "unit": "чел.", "direction": "higher", "baseline": nan,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 12}, "actuals": {"2024-2025": nan}},
    ]  # fmt: skip
    kpi = indicators.build(
        ReportParams(plan_id=7), _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers}), TODAY
    )
    for document in (note, kpi):
        texts = [t for t in _texts(_word(render(document, "docx"))) if t]
        assert not [t for t in texts if "nan" in t.lower().split() or "NaN" in t], texts
        book = _book(render(document, "xlsx"))
        values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert not [v for v in values if isinstance(v, float) and v != v]
        assert "NaN" not in render(document, "html").decode().split("<body", 1)[1]
    # no baseline left (a NaN is none): no baseline columns of dashes, the plan and the fact as they are
    assert _rows(_word(render(kpi, "docx")))[2][3:] == ["12", "—", "—", "нет данных"]


# --- recommended deadlines never fall on a day off -------------------------------------------------------------


def test_recommended_deadlines_fall_on_working_days_across_the_new_year() -> None:
    """Written on 02.12.2024: 30 days on is 01.01.2025, a holiday — the term ends on 09.01.2025 (ГК РФ, ст. 193);
    14 days on is Monday 16.12.2024 and stays."""
    sources = realistic._sources({realistic.NOTE_PATH: realistic.note()})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, date(2024, 12, 2))
    word = _word(render(document, "docx"))
    table = next(i for i in range(len(word.tables)) if _rows(word, i)[0][:2] == ["№", "Мероприятие"])
    deadlines = [row[-1] for row in _rows(word, table)[1:]]
    assert "до 16.12.2024" in deadlines and "до 09.01.2025" in deadlines and "до 01.01.2025" not in deadlines
    for text in deadlines:
        day = date(*reversed([int(part) for part in text.removeprefix("до ").split(".")]))
        assert day.weekday() < 5 and not (day.month == 1 and day.day <= 8), text
    sheet = _book(render(document, "xlsx"))["Рекомендации"]
    assert "до 09.01.2025" in [c.value for c in sheet["D"]]
