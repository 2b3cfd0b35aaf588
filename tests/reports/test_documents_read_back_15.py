"""Round 15 of reading the signed documents back (python-docx, openpyxl, the HTML page, the PDF's text) as the
official who prints and signs them: a workbook's two-row header, a table's caption and a long «Приложение к
приказу …» line as tall as their words wrap, a year over one column never broken at its hyphen; a school year or
a date typed into a plan's activity written as the plan's subtitle writes it; an indicator without its unit a
dash; a risk factor's own quotes nested in the quotes around it; «ИКТ-компетенция» never «иКТ-…»; a school's
categories in the order of the lists («ШНСУ, зона риска»); a municipality with no school identified named, not
silently missing; a municipality named with its region («… округ Красноярского края») declined; a methodology
that words no criterion no failed note; the chart of sixty municipalities within its page."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import docx
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from services.reports.documents import identification_note, indicators, plan, plan_execution, school_card
from services.reports.documents.model import Chart, Document, Table
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from services.reports.rendering.xlsx import _lines
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import PLAN_URL, _activity, _executed, _execution_sources, _plan, _sources
from tests.reports.test_documents_read_back_12 import _book, _note, _texts

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
READ: tuple[Format, ...] = ("docx", "xlsx", "html")
LINE_POINTS = 15.0  # a line of 11 pt text in Excel


# --- reading a sheet as Excel lays it out ----------------------------------------------------------------------


def _width(sheet: Worksheet, column: int) -> float:
    """The width of the 1-based `column`, however openpyxl grouped the widths it read."""
    for dimension in sheet.column_dimensions.values():
        low, high = dimension.min or 0, dimension.max or 0
        if low <= column <= high and dimension.width:
            return float(dimension.width)
    return 8.43  # Excel's default


def _merged_width(sheet: Worksheet, row: int, column: int) -> float:
    """The width a cell's text has: its own column's, or every column of the range it is merged over."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return sum(_width(sheet, c) for c in range(merged.min_col, merged.max_col + 1))
    return _width(sheet, column)


def _wrapped_lines(text: str, width: float) -> int:
    """The lines `text` takes wrapped in a cell `width` wide, counted as the renderer counts them (Excel stores no
    heights: what is checked is that every row is as tall as its own text needs)."""
    return _lines(text, width)


def _height(sheet: Worksheet, row: int) -> float:
    return float(sheet.row_dimensions[row].height or LINE_POINTS)


def _header_rows(sheet: Worksheet) -> list[int]:
    """The rows of a table sheet's header: those its printed pages repeat («$2:$3»)."""
    titles = sheet.print_title_rows or ""
    first, _, last = titles.replace("$", "").partition(":")
    return list(range(int(first), int(last or first) + 1)) if first else []


def _cut_header_words(sheet: Worksheet) -> list[str]:
    """Header labels taller, wrapped in their width, than the rows they stand in (a label merged down both rows has
    the two): the words of the lines past the row's height are cut off on screen and on paper."""
    cut = []
    rows = _header_rows(sheet)
    for row in rows:
        for cell in sheet[row]:
            if not isinstance(cell.value, str):
                continue
            spans = [m for m in sheet.merged_cells.ranges if m.min_row == row and m.min_col == cell.column]
            rows_held = range(row, (spans[0].max_row if spans else row) + 1)
            room = sum(_height(sheet, r) for r in rows_held)
            needed = _wrapped_lines(cell.value, _merged_width(sheet, row, cell.column)) * LINE_POINTS
            if needed > room:
                cut.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r} needs {needed}, has {room}")
    return cut


# --- a grouped header, a caption, a year over one column in the workbook -------------------------------------------


def _indicator_answers() -> list[dict[str, Any]]:
    return [
        {"id": 1, "plan_id": 7, "name": "Доля выпускников, получивших аттестат", "unit": "%", "direction": "higher",
         "baseline": 88.0, "baseline_year": "2023-2024", "targets": {"2024-2025": 90.0},
         "actuals": {"2024-2025": 87.5}},
        {"id": 2, "plan_id": 7, "name": "Индекс образовательных результатов", "unit": "", "direction": "higher",
         "baseline": 0.395, "baseline_year": "2023-2024", "targets": {"2024-2025": 0.45},
         "actuals": {"2024-2025": 0.468}},
    ]  # fmt: skip


def _kpi(answers: list[dict[str, Any]] | None = None) -> Document:
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers or _indicator_answers()})
    return indicators.build(ReportParams(plan_id=7), sources, TODAY)


def test_no_word_of_a_two_row_header_is_cut_off_in_the_workbook() -> None:
    """«среднее по муниципалитету» under «Показатель основания» wraps to two lines: the second row of the header was
    left one line tall, and «муниципалитету» was cut off on the screen and the printed sheet."""
    for document in (_note(realistic.note()), _kpi()):
        book = _book(document)
        cut = [word for sheet in book.worksheets[1:] for word in _cut_header_words(sheet)]
        assert not cut, cut
    lists = _book(_note(realistic.note()))["ШНОР"]
    assert [c.value for c in lists[3]][3:] == ["школы", "среднее по муниципалитету", "среднее по региону"]
    assert _height(lists, 3) >= 2 * LINE_POINTS


def test_a_year_heading_one_column_is_never_broken_at_its_hyphen_in_the_workbook() -> None:
    """The baseline's «2023-2024» over its one «Факт» column of 7 characters read «2023-» over «2024»."""
    sheet = _book(_kpi(_indicator_answers()[:1]))["Показатели"]  # «88 %» under the baseline: a narrow column
    years = [c for c in sheet[2] if isinstance(c.value, str) and re.fullmatch(r"\d{4}-\d{4}", c.value)]
    assert [c.value for c in years] == ["2023-2024", "2024-2025"]
    for cell in years:
        assert _wrapped_lines(cell.value, _merged_width(sheet, 2, cell.column)) == 1, cell.coordinate


def test_a_table_s_caption_longer_than_its_table_wraps_within_it_and_its_row_holds_it() -> None:
    """The caption of «Что работает» by subject is longer than its six narrow columns are wide: written in one
    cell without wrapping it ran past the last column, where the printed page cuts it off."""
    sheet = _book(_note(realistic.note()))["По предметам"]
    caption = str(sheet["A1"].value)
    assert caption.startswith("Доля обучающихся ниже минимального порога у школ списка")
    last = get_column_letter(sheet.max_column)
    assert f"A1:{last}1" in {str(m) for m in sheet.merged_cells.ranges}
    assert sheet["A1"].alignment.wrap_text
    lines = _wrapped_lines(caption, _merged_width(sheet, 1, 1) / (12 / 11))  # 12 pt letters
    assert lines > 1 and _height(sheet, 1) >= lines * LINE_POINTS * 12 / 11 - 0.5  # whole pixels


def test_a_short_caption_stays_on_one_line_of_its_own_height() -> None:
    sheet = _book(_kpi())["Показатели"]
    assert sheet["A1"].value == "Целевые показатели" and sheet.row_dimensions[1].height is None


# --- the plan's own words: school years and dates as the document writes them ----------------------------------


def _plan_with_typed_years() -> Document:
    activity = _activity("1.1", "Мониторинг результатов ВПР 2024/2025 учебного года")
    activity |= {"deadline_text": "в течение 2024/2025 учебного года", "expected_result": "Справка к 2025-05-30",
                 "final_document": "Приказ от 2024-09-02 № 57"}  # fmt: skip
    sections = [{"number": "1", "title": "Мониторинг", "activities": [activity], "planned_results": ["2024–25: 100 %"]}]
    answer = _plan(sections)
    answer["columns"] = [
        {"field": "number", "label": "№ п/п"},
        {"field": "title", "label": "Мероприятие"},
        {"field": "responsible", "label": "Ответственный"},
        {"field": "deadline", "label": "Срок"},
        {"field": "expected_result", "label": "Ожидаемый результат"},
        {"field": "final_document", "label": "Итоговый документ"},
    ]
    return plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY)


@pytest.mark.parametrize("fmt", READ)
def test_a_school_year_typed_with_a_slash_into_an_activity_reads_as_the_plan_s_subtitle(fmt: Format) -> None:
    text = _texts(_plan_with_typed_years(), (fmt,))[fmt]
    assert "2024-2025 учебный год" in text  # the subtitle
    assert "в течение 2024-2025 учебного года" in text and "ВПР 2024-2025 учебного года" in text
    assert "2024-2025: 100 %" in text  # a planned result
    assert "2024/2025" not in text and "2024–25" not in text


@pytest.mark.parametrize("fmt", READ)
def test_a_date_typed_into_the_final_document_reads_as_every_date(fmt: Format) -> None:
    text = _texts(_plan_with_typed_years(), (fmt,))[fmt]
    assert "Приказ от 02.09.2024 № 57" in text and "Справка к 30.05.2025" in text
    assert "2024-09-02" not in text


def _execution_with_typed_years() -> Document:
    overdue = _executed("1.1", "Мониторинг ВПР 2024/2025 учебного года", "overdue")
    undated = _executed("1.2", "Семинар по итогам 2023/2024 учебного года", "planned") | {"deadline_text": ""}
    done = _executed("1.3", "Совещание", "done") | {"deadline_text": "2024/2025 учебный год"}
    sections = [{"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [],
                 "activities": [overdue, undated, done]}]  # fmt: skip
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)


@pytest.mark.parametrize("fmt", READ)
def test_the_execution_report_writes_the_activities_school_years_as_its_subtitle(fmt: Format) -> None:
    text = _texts(_execution_with_typed_years(), (fmt,))[fmt]
    assert "2024-2025 учебный год; по состоянию на 15.11.2024" in text  # the subtitle
    assert "Мониторинг ВПР 2024-2025 учебного года" in text and "2024-2025 учебный год Выполнено 20.10.2024" in text
    assert "«Семинар по итогам 2023-2024 учебного года»" in text  # named in the finding of what has no deadline
    assert "/2025" not in text and "/2024" not in text


# --- the indicators: a unit not given is a dash --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ("docx", "html"))
def test_an_indicator_without_its_unit_reads_a_dash_in_the_unit_column(fmt: Format) -> None:
    text = _texts(_kpi(), (fmt,))[fmt]
    assert "2 Индекс образовательных результатов — 0,395" in text, text


def test_an_indicator_without_its_unit_is_a_dash_in_its_cell_not_a_blank() -> None:
    sheet = _book(_kpi())["Показатели"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    index = next(r for r in rows if r[1] == "Индекс образовательных результатов")
    assert index[2] == "—"


# --- a risk factor's name with quotes of its own ------------------------------------------------------------------


def _note_with_factor(name: str) -> Document:
    answer = realistic.note()
    answer["risk_factors"] = [{"number": 7, "name": name, "high": 2, "medium": 0, "schools": 2}]
    return _note(answer)


@pytest.mark.parametrize("fmt", READ)
def test_a_risk_factor_named_with_quotes_reads_them_nested_in_the_quotes_around_it(fmt: Format) -> None:
    name = "Пониженный уровень качества «школьной» среды"
    text = _texts(_note_with_factor(name), (fmt,))[fmt]
    nested = "«Пониженный уровень качества „школьной“ среды»"
    assert text.count(nested) == 3, text  # the causes, the conclusions and the recommendation
    assert "««" not in text and "»»" not in text


# --- a competence whose title opens with an abbreviation ------------------------------------------------------------


def _card_with_competence(title: str) -> Document:
    answers = realistic.card_answers()
    answers[f"/api/identification/competence/schools/{realistic.SCHOOL}/profile"] = {
        "school_code": realistic.SCHOOL,
        "campaign": {"id": 1, "title": "Диагностика «5К»", "stage_label": "входная", "held_on": "2024-10-01",
                     "school_year": "2024-2025"},
        "result": {"teachers": 12, "overall_mean_percent": 50.0, "deficits": [
            {"code": "K1", "title": title, "teachers": 12, "critical": 5, "critical_share": 5 / 12,
             "mean_percent": 55.5, "previous_critical_share": None},
            {"code": "K4", "title": "Коммуникативная компетенция", "teachers": 12, "critical": 6,
             "critical_share": 0.5, "mean_percent": 48.0, "previous_critical_share": None},
        ]},
        "critical_competences": ["K1", "K4"],
    }  # fmt: skip
    return school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)


@pytest.mark.parametrize("fmt", READ)
def test_a_competence_named_with_an_abbreviation_keeps_it_in_the_sentence(fmt: Format) -> None:
    """«ИКТ-компетенция» of a diagnosis' own card was written «иКТ-компетенция» after «Профессиональные дефициты:»."""
    text = _texts(_card_with_competence("ИКТ-компетенция"), (fmt,))[fmt]
    assert "Профессиональные дефициты: ИКТ-компетенция: 42 % педагогов на критическом уровне; " in text
    assert "коммуникативная компетенция: 50 % педагогов на критическом уровне." in text  # a word: a small letter
    assert "иКТ" not in text


# --- the categories of a school in the order of the lists -----------------------------------------------------------


def _regional(answer: dict[str, Any]) -> dict[str, Any]:
    """The realistic note made a region's: a second municipality with a lyceum in two categories given in the
    order the data had them (zone of risk first), a third with no school in the identification."""
    lyceum = realistic._school(6, ["risk_zone", "unfavourable_social"], [])
    lyceum |= {"municipality_code": "9902", "municipality_name": "Городской округ город Кедровск"}
    answer["schools"].append(lyceum)
    answer["counts"] |= {"risk_zone": 1, "unfavourable_social": 1}
    names = {"9901": realistic.MUNICIPALITY["name"], "9902": "Городской округ город Кедровск", "9903": "Ясный район"}
    answer["territory"] = {"kind": "region", "code": "99", "name": realistic.REGION["name"], "region_code": "99",
                           "region_name": realistic.REGION["name"], "municipalities": names}  # fmt: skip
    city = {
        "code": "9902",
        "name": names["9902"],
        "schools": 1,
        "categories": {"risk_zone": 1, "unfavourable_social": 1},
        "insufficient_data": 0,
        "mean_fail_share": None,
    }
    empty = {"code": "9903", "name": names["9903"], "schools": 0, "categories": {}, "insufficient_data": 0,
             "mean_fail_share": None}  # fmt: skip
    aggregates = answer["aggregates"]
    aggregates |= {"territory": aggregates["region"], "municipalities": [aggregates["municipalities"][0], city, empty]}
    aggregates["rank"] = None
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_a_school_in_two_categories_lists_them_in_the_order_of_the_lists_in_the_appendix(fmt: Format) -> None:
    text = _texts(_note(_regional(realistic.note())), (fmt,))[fmt]
    appendix = text[text.rindex("Сведения по школам группы риска") :]
    assert "Городской округ город Кедровск ШНСУ, зона риска" in appendix, appendix
    assert "Зона риска, ШНСУ" not in text


def test_the_card_lists_the_school_s_categories_in_the_order_of_the_lists() -> None:
    answers = realistic.card_answers()
    history = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]
    history["statuses"][0]["categories"] = ["risk_zone", "low_results"]
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    for fmt, text in _texts(document).items():
        assert "2023-2024 ШНОР, зона риска остаётся в группе риска" in text, fmt
        assert "Категории школы в 2023-2024 учебном году: ШНОР, зона риска." in text, fmt
        assert "Зона риска, ШНОР" not in text and "зона риска, ШНОР" not in text, fmt


# --- a region's municipality without a school in the identification ------------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_a_municipality_with_no_school_identified_is_named_not_left_out_silently(fmt: Format) -> None:
    text = _texts(_note(_regional(realistic.note())), (fmt,))[fmt]
    table = text[text.index("Категории школ по муниципалитетам") :]
    assert "Таёжный муниципальный район 5 2 0 0 2 1" in table or fmt == "xlsx"
    assert "Школы муниципалитета Ясный район в идентификацию не включены." in text


def test_a_region_with_no_school_identified_has_no_municipalities_table_of_a_header_alone() -> None:
    answer = _regional(realistic.note())
    for aggregate in answer["aggregates"]["municipalities"]:
        aggregate |= {"schools": 0, "categories": {}, "insufficient_data": 0}
    document = _note(answer)
    results = next(s for s in document.sections if s.title == "Результаты идентификации")
    assert not [b for b in results.blocks if isinstance(b, Table) and b.title == "Категории школ по муниципалитетам"]
    assert not [b for b in results.blocks if isinstance(b, Chart)]
    text = _texts(document, ("docx",))["docx"]
    names = "Городской округ город Кедровск, Таёжный муниципальный район, Ясный район"
    assert f"Школы муниципалитетов: {names} в идентификацию не включены." in text


# --- a methodology that words no criterion --------------------------------------------------------------------------


def test_a_methodology_that_words_no_criterion_still_gives_a_note_pointing_to_its_parameters() -> None:
    answer = realistic.note()
    answer["methodology"]["criteria"] = []
    texts = _texts(_note(answer))
    for fmt, text in texts.items():
        assert "3. Критерии идентификации Критерии отнесения школ к категориям заданы параметрами правил методики; " \
            "они приведены в приложении 2." in text, fmt  # fmt: skip


# --- the appendix line of a note on a workbook's first sheet ----------------------------------------------------


def test_a_long_appendix_line_wraps_on_the_first_sheet_instead_of_running_off_its_left_edge() -> None:
    """«Приложение к приказу Управления образования администрации …» is right-aligned: a line longer than the first
    column ran past its left edge, where nothing is, and its beginning was cut off on the screen and on paper."""
    answer = realistic.note()
    name = "Северо-Енисейский муниципальный округ Красноярского края"
    answer["territory"] |= {"name": name, "municipalities": {"9901": name}}
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    params = ReportParams(school_year=realistic.YEAR, as_order_appendix=True, order_number="01-04-57")
    document = identification_note.build(params, sources, TODAY)
    sheet = _book(document).worksheets[0]
    line = str(sheet["A1"].value)
    assert line.startswith(
        "Приложение к приказу Управления образования администрации Северо-Енисейского муниципального"
    )
    assert sheet["A1"].alignment.wrap_text and sheet["A1"].alignment.horizontal == "right"
    lines = _wrapped_lines(line, _width(sheet, 1) / (10 / 11))
    assert lines > 1 and _height(sheet, 1) >= lines * LINE_POINTS * 10 / 11 - 0.5  # whole pixels


# --- a municipality named with the region it lies in ----------------------------------------------------------------

LONG_NAMED = "Северо-Енисейский муниципальный округ Красноярского края"


@pytest.mark.parametrize("fmt", READ)
def test_a_municipality_named_with_its_region_is_declined_up_to_the_region(fmt: Format) -> None:
    """«… администрации Северо-Енисейский муниципальный округ Красноярского края» was left in the nominative: a name
    that does not end with its kind was not declined at all."""
    answer = realistic.note()
    answer["territory"] |= {"name": LONG_NAMED, "municipalities": {"9901": LONG_NAMED}}
    text = _texts(_note(answer), (fmt,))[fmt]
    genitive = "Северо-Енисейского муниципального округа Красноярского края"
    assert text.startswith(f"Управление образования администрации {genitive}") or fmt == "html", text[:200]
    assert f"общеобразовательных организаций {genitive} по итогам" in text
    assert f"Доля ШНОР среди школ {genitive} — 40,0 %" in text
    assert f"Начальник Управления образования администрации {genitive}" in text
    assert "администрации Северо-Енисейский" not in text


# --- a chart of sixty municipalities ------------------------------------------------------------------------------


def test_the_chart_of_a_region_of_sixty_municipalities_fits_on_its_page() -> None:
    """A bar per municipality: at its 16 cm the chart of 61 municipalities was 34 cm tall, past the foot of an A4
    page, where Word and the PDF cut it off."""
    answer = _regional(realistic.note())
    towns = [{"code": f"99{n:02d}", "name": f"Муниципальный район № {n}", "schools": 3, "categories": {"effective": 3},
              "insufficient_data": 0, "mean_fail_share": None} for n in range(10, 70)]  # fmt: skip
    answer["aggregates"]["municipalities"] += towns
    word = docx.Document(io.BytesIO(render(_note(answer), "docx")))
    section = word.sections[-1]
    assert section.page_height and section.top_margin is not None and section.bottom_margin is not None
    room = section.page_height - section.top_margin - section.bottom_margin
    pictures = list(word.inline_shapes)
    assert pictures and all(p.height <= room for p in pictures), [(p.width.cm, p.height.cm) for p in pictures]
    # the share trend and the municipalities in 4 parts (round 22): labels readable, never shrunk to fit
    assert len(pictures) == 5
    html = render(_note(answer), "html").decode()
    widths = [
        float(w)
        for w in re.findall(r'<img src="data:image/png;base64,[^"]*" alt="[^"]*" style="width: ([\d.]+)cm"', html)
    ]
    assert len(widths) == 5 and all(w > 12 for w in widths)  # each at its own width in the preview too
