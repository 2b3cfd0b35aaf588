"""Round 13 of reading the signed documents back (python-docx, openpyxl, the HTML page, the PDF's text) as the
official who signs a plan and its execution report: sections numbered as the plan numbers them whichever way the
number was typed («1.», «1)») and whatever figures their titles hold, a section the plan left unnumbered numbered
as its activities are, evidence named without «None» and with its quotes nested, each responsible named once, a
stage written once when it is the deadline typed another way, an XLSX row as tall as its words wrap."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT

from services.reports.documents import plan, plan_execution
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering import xlsx
from services.reports.rendering.render import render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, html_tables
from tests.reports.test_documents_read_back import _executed, _execution_sources
from tests.reports.test_documents_read_back_12 import _book, _positions, _texts

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bnull\b|\{\{|\{%|\bTODO\b|\bTrue\b|\bFalse\b")


# --- reading back ----------------------------------------------------------------------------------------------


def _activity(number: str, title: str, **fields: Any) -> dict[str, Any]:
    activity = {
        "number": number,
        "title": title,
        "responsible": [{"name": "Бабкина Н.А."}],
        "deadline_text": "май 2025",
    }
    return activity | fields


def _plan(sections: list[dict[str, Any]]) -> Document:
    answer = realistic._plan(sections)
    return plan.build(ReportParams(plan_id=7), realistic._sources({}, {realistic.PLAN_URL: answer}), TODAY)


def _execution(sections: list[dict[str, Any]]) -> Document:
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)


def _section(number: str | None, title: str, activities: list[dict[str, Any]], id_: int = 1) -> dict[str, Any]:
    return {"id": id_, "number": number, "title": title, "planned_results": [], "activities": activities}


def _plan_rows(document: Document) -> list[list[str]]:
    return docx_tables(render(document, "docx"))[0]


# --- a section's number typed «1.», «1)» or with spaces reads «1. Мониторинг», never «1.. Мониторинг» -----------


@pytest.mark.parametrize("typed", ["1.", "1)", " 1 ", "1"])
def test_a_section_number_typed_with_its_dot_reads_one_dot_in_the_plan_and_its_report(typed: str) -> None:
    documents = [
        _plan([{"number": typed, "title": "Мониторинг", "activities": [_activity("1.1", "Мониторинг ВПР")]}]),
        _execution([_section(typed, "Мониторинг", [_executed("1.1", "Мониторинг ВПР", "done")])]),
    ]
    for document in documents:
        for fmt, text in _texts(document).items():
            assert "1. Мониторинг" in text, (fmt, text[:600])
            assert not re.search(r"1\s*[.)]\s*[.)]|1 \. ", text), fmt
    rows = _plan_rows(documents[0])
    assert rows[1] == ["1. Мониторинг"]
    by_section = docx_tables(render(documents[1], "docx"))[0]
    assert by_section[1][0] == "1. Мониторинг"
    assert "Раздел 1" in _book(documents[1]).sheetnames


def test_a_section_title_typed_with_extra_spaces_reads_as_one_heading() -> None:
    document = _plan(
        [{"number": "2", "title": "  Методическая   помощь ", "activities": [_activity("2.1", "Семинар")]}]
    )
    assert _plan_rows(document)[1] == ["2. Методическая помощь"]


# --- a figure inside a section's title is not its number: the section keeps its own -----------------------------


@pytest.mark.parametrize(
    ("number", "title"),
    [("4", "Мониторинг 1-4 классов"), ("1", "Мониторинг 1 раз в месяц"), ("2", "Работа с 2 школами-наставниками")],
)
def test_a_section_whose_title_holds_a_figure_keeps_its_number(number: str, title: str) -> None:
    plan_document = _plan([{"number": number, "title": title, "activities": [_activity(f"{number}.1", "Семинар")]}])
    execution = _execution([_section(number, title, [_executed(f"{number}.1", "Семинар", "done")])])
    heading = f"{number}. {title}"
    assert _plan_rows(plan_document)[1] == [heading]
    assert docx_tables(render(execution, "docx"))[0][1][0] == heading
    for document in (plan_document, execution):
        for fmt, text in _texts(document).items():
            assert heading in text, fmt


@pytest.mark.parametrize(
    ("number", "title"),
    [("1", "Трек 1 - Повышение качества"), ("2", "Раздел 2. Методическая помощь"), ("3", "Блок 3 Наставничество"),
     ("1", "2021 год")],
)  # fmt: skip
def test_a_section_whose_title_names_its_number_is_printed_as_written(number: str, title: str) -> None:
    document = _plan([{"number": number, "title": title, "activities": [_activity(f"{number}.1", "Семинар")]}])
    assert _plan_rows(document)[1] == [title]


# --- a section the plan left without a number reads the number its activities carry ---------------------------


def test_an_unnumbered_section_between_numbered_ones_reads_the_number_of_its_activities() -> None:
    sections: list[dict[str, Any]] = [
        {"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "ВПР"), _activity("1.2", "ОГЭ")]},
        {"number": None, "title": "Методическая помощь", "activities": [_activity("2.1", "Семинар"),
                                                                       _activity("2.2", "Вебинар")]},
        {"number": "3", "title": "Наставничество", "activities": [_activity("3.1", "Пары")]},
    ]  # fmt: skip
    document = _plan(sections)
    headings = [row[0] for row in _plan_rows(document) if len(row) == 1]
    assert headings == ["1. Мониторинг", "2. Методическая помощь", "3. Наставничество"]
    for fmt, text in _texts(document).items():
        at = _positions(text, [*headings[:2], "2.1 Семинар", headings[2], "3.1 Пары"])
        assert at == sorted(at), fmt


def test_the_execution_report_numbers_an_unnumbered_section_and_names_its_sheet_alike() -> None:
    sections = [
        _section("1", "Мониторинг", [_executed("1.1", "ВПР", "done")]),
        _section(None, "Методическая помощь", [_executed("2.1", "Семинар", "overdue")], 2),
    ]
    document = _execution(sections)
    by_section = docx_tables(render(document, "docx"))[0]
    assert [row[0] for row in by_section[1:]] == ["1. Мониторинг", "2. Методическая помощь", "Итого"]
    book = _book(document)
    assert book.sheetnames[1:] == ["По разделам", "Раздел 1", "Раздел 2"]
    assert book["Раздел 2"]["A1"].value == "2. Методическая помощь"
    text = _texts(document, ("docx",))["docx"]
    assert "просрочено 1 (раздел «2. Методическая помощь»)" in text


def test_a_section_whose_activities_are_numbered_under_different_sections_is_not_given_a_number() -> None:
    sections = [{"number": None, "title": "Прочие мероприятия",
                 "activities": [_activity("2.1", "Семинар"), _activity("3.1", "Вебинар")]}]  # fmt: skip
    assert _plan_rows(_plan(sections))[1] == ["Прочие мероприятия"]


@pytest.mark.parametrize("first", [None, "1"])
def test_sections_whose_activities_run_on_under_one_number_are_not_given_it_twice(first: str | None) -> None:
    sections: list[dict[str, Any]] = [
        {"number": first, "title": "Работа с учителями", "activities": [_activity("1.1", "Курсы")]},
        {"number": None, "title": "Работа с обучающимися", "activities": [_activity("1.2", "Консультации")]},
    ]
    headings = [row[0] for row in _plan_rows(_plan(sections)) if len(row) == 1]
    assert headings == ["1. Работа с учителями" if first else "Работа с учителями", "Работа с обучающимися"]
    report = _execution(
        [
            _section(first, "Работа с учителями", [_executed("1.1", "Курсы", "done")]),
            _section(None, "Работа с обучающимися", [_executed("1.2", "Консультации", "done")], 2),
        ]
    )
    assert [row[0] for row in docx_tables(render(report, "docx"))[0][1:3]] == headings


# --- evidence: no «None», quotes nested, a file known by its title -------------------------------------------


def _proof(id_: int, kind: str, title: str, file_name: str | None = None, url: str | None = None) -> dict[str, Any]:
    return {"id": id_, "school_code": None, "kind": kind, "title": title, "file_name": file_name, "url": url}


def _evidenced(*evidence: dict[str, Any]) -> Document:
    activity = _executed("1.1", "Мониторинг ВПР", "done") | {"evidence": list(evidence)}
    return _execution([_section("1", "Мониторинг", [activity])])


def _cell_lines(document: Document, table: int, row: int, column: int) -> list[str]:
    """A DOCX cell's lines as the reader sees them (its paragraphs and line breaks), no-break spaces as spaces."""
    cell = docx.Document(io.BytesIO(render(document, "docx"))).tables[table].rows[row].cells[column]
    return [" ".join(line.replace("\xa0", " ").split()) for line in cell.text.splitlines()]


def _evidence_cell(document: Document) -> list[str]:
    assert docx_tables(render(document, "docx"))[1][0][-1] == "Подтверждения"
    return _cell_lines(document, 1, 2, -1)


def test_a_link_saved_without_its_address_or_title_reads_no_none() -> None:
    document = _evidenced(
        _proof(1, "link", "Новость на сайте школы"),
        _proof(2, "link", "", url="https://school1.ru/news/15"),
        _proof(3, "link", "Сайт", url="https://school1.ru/news?id=1&x=2"),
    )
    assert _evidence_cell(document) == [
        "Новость на сайте школы", "https://school1.ru/news/15", "Сайт: https://school1.ru/news?id=1&x=2"
    ]  # fmt: skip
    for fmt, text in _texts(document).items():
        assert not FORBIDDEN.search(text) and ": https://school1.ru/news/15" not in text, fmt


def test_a_file_name_with_quotes_reads_them_nested_in_the_quotes_around_it() -> None:
    document = _evidenced(
        _proof(1, "file", "Протокол", "Протокол МО «Учителя математики».pdf"),
        _proof(2, "file", "", "Приказ «Об утверждении».docx"),
    )
    expected = ["Протокол — «Протокол МО „Учителя математики“.pdf»", "«Приказ „Об утверждении“.docx»"]
    assert _evidence_cell(document) == expected
    for fmt, text in _texts(document).items():
        assert "»»" not in text and ".pdf»»" not in text and all(line in text for line in expected), fmt


def test_a_file_without_its_name_reads_its_title_not_a_placeholder() -> None:
    document = _evidenced(_proof(1, "file", "Отчёт о проведении семинара"), _proof(2, "file", ""))
    assert _evidence_cell(document) == ["«Отчёт о проведении семинара»", "файл"]
    assert "— «файл»" not in _texts(document, ("docx",))["docx"]


def test_a_file_titled_as_its_name_reads_its_name_once() -> None:
    document = _evidenced(
        _proof(1, "file", "Протокол заседания МО", "Протокол заседания МО.pdf"),
        _proof(2, "file", "отчёт", "Отчёт.docx"),
        _proof(3, "file", "Справка", "Справка по итогам ВПР.pdf"),
    )
    assert _evidence_cell(document) == [
        "«Протокол заседания МО.pdf»", "«Отчёт.docx»", "Справка — «Справка по итогам ВПР.pdf»"
    ]  # fmt: skip


# --- the responsible: each named once, never his own co-executor -------------------------------------------


def test_a_responsible_picked_twice_or_also_a_co_executor_is_named_once() -> None:
    activity = _activity(
        "1.1",
        "Семинар",
        responsible=[{"name": "Бабкина Н.А."}, {"party_id": 3, "name": "Бабкина  Н.А."}, {"name": "Руководители ОУ"}],
        co_executors=[{"name": "Бабкина Н.А."}, {"name": "Петров П.П."}, {"name": "Петров П.П."}],
    )
    document = _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])
    assert _plan_rows(document)[2][2] == "Бабкина Н.А., Руководители ОУ; соисполнители: Петров П.П."


def test_a_co_executor_who_is_the_only_responsible_leaves_the_cell_without_co_executors() -> None:
    activity = _activity("1.1", "Семинар", co_executors=[{"name": "Бабкина Н.А."}])
    document = _plan([{"number": "1", "title": "Мониторинг", "activities": [activity]}])
    assert _plan_rows(document)[2][2] == "Бабкина Н.А."


# --- a passed single stage that is the deadline typed another way is written once -----------------------------


def _stage(label: str, due: str) -> dict[str, Any]:
    return {"id": 1, "label": label, "stage": None, "start": None, "due": due, "completed_on": None, "state": "overdue"}


@pytest.mark.parametrize(
    ("typed", "label", "printed"),
    [
        ("Октябрь 2024 г.", "октябрь 2024", "октябрь 2024: просрочен"),
        ("сентябрь - октябрь 2024", "сентябрь – октябрь 2024", "сентябрь – октябрь 2024: просрочен"),
        ("до 2024-10-01", "до 01.10.2024", "до 01.10.2024: просрочен"),
        ("май 2024 года", "май 2024", "май 2024: просрочен"),
    ],
)
def test_an_overdue_stage_naming_the_deadline_typed_another_way_is_written_once(
    typed: str, label: str, printed: str
) -> None:
    activity = _executed("1.1", "Семинар", "overdue") | {
        "deadline_text": typed,
        "stages": [_stage(label, "2024-10-31")],
    }
    document = _execution([_section("1", "Мониторинг", [activity])])
    row = docx_tables(render(document, "docx"))[1][2]
    assert row[3] == printed


def test_an_overdue_stage_of_another_period_than_the_deadline_is_written_under_it() -> None:
    activity = _executed("1.1", "Семинар", "overdue") | {
        "deadline_text": "в течение года",
        "stages": [_stage("01.09.2024 – 31.10.2024", "2024-10-31")],
    }
    document = _execution([_section("1", "Мониторинг", [activity])])
    assert _cell_lines(document, 1, 2, 3) == ["в течение года", "01.09.2024 – 31.10.2024: просрочен"]


# --- the plan of 300 activities prints as signed: landscape, to the width, its header on every page -----------


def test_a_plan_of_300_activities_prints_landscape_to_the_width_with_its_header_on_every_page() -> None:
    sections = [
        {"number": str(s), "title": title, "activities": [_activity(f"{s}.{n}", f"Мероприятие {s}.{n}")
                                                          for n in range(1, 101)]}
        for s, title in ((1, "Мониторинг"), (2, "Методическая помощь"), (3, "Наставничество"))
    ]  # fmt: skip
    document = _plan(sections)
    rows = _plan_rows(document)
    numbers = [row[0] for row in rows[1:] if len(row) > 1]
    assert numbers == [f"{s}.{n}" for s in (1, 2, 3) for n in range(1, 101)]
    word = docx.Document(io.BytesIO(render(document, "docx")))
    assert word.tables[0].rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert word.sections[0].orientation == WD_ORIENT.LANDSCAPE
    sheet = _book(document)["План мероприятий"]
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # as wide as the page
    assert sheet.print_title_rows == "$2:$2" and sheet["A2"].value == "№ п/п"
    assert "&P" in (sheet.oddFooter.right.text or "") + (sheet.oddFooter.center.text or "")
    assert [c.value for c in sheet["A"] if c.value in ("3.99", "3.100")] == ["3.99", "3.100"]  # text, «3.100» kept


def test_a_plan_of_one_activity_and_the_html_table_read_its_row_whole() -> None:
    document = _plan([{"number": "1.", "title": "Мониторинг", "activities": [_activity("1.1", "Мониторинг ВПР")]}])
    page = html_tables(render(document, "html"))[0]
    assert page[1][0] == "1. Мониторинг" and page[2] == ["1.1", "Мониторинг ВПР", "Бабкина Н.А.", "май 2025"]


# --- the report at its date: the overdue counted on it, the date named, not today's --------------------------


def test_the_execution_report_names_its_date_and_not_the_day_it_was_printed() -> None:
    sections = [_section("1", "Мониторинг", [_executed("1.1", "ВПР", "overdue"), _executed("1.2", "ОГЭ", "done")])]
    for fmt, text in _texts(_execution(sections)).items():
        assert "по состоянию на 15.11.2024" in text and "20.11.2024" not in text, fmt
        assert "просрочено 1 (раздел «1. Мониторинг»)" in text or fmt == "xlsx", fmt


# --- the PDF of the plan reads its sections and activities in the DOCX's order --------------------------------


def test_the_pdf_of_a_plan_reads_its_fixed_headings_in_the_docx_order() -> None:
    sections: list[dict[str, Any]] = [
        {"number": "1.", "title": "Мониторинг 1-4 классов", "activities": [_activity("1.1", "ВПР в 4 классах")]},
        {"number": None, "title": "Методическая помощь", "activities": [_activity("2.1", "Семинар для учителей")]},
    ]
    wanted = ["1. Мониторинг 1-4 классов", "1.1 ВПР в 4 классах", "2. Методическая помощь", "Семинар для учителей"]
    for fmt, text in _texts(_plan(sections), ("docx", "pdf")).items():
        at = _positions(text, wanted)
        assert at == sorted(at), (fmt, at)
        assert not FORBIDDEN.search(text), fmt


# --- the plan's description: its school years as every school year of the plan -------------------------------


def test_the_plan_s_description_writes_its_school_years_as_the_plan_s_subtitle_does() -> None:
    answer = realistic._plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "ВПР")]}])
    answer["description"] = "План реализуется в 2024/2025 учебном году.\nИтоги подводятся до 2025-06-30."
    document = plan.build(ReportParams(plan_id=7), realistic._sources({}, {realistic.PLAN_URL: answer}), TODAY)
    for fmt, text in _texts(document).items():
        assert "План реализуется в 2024-2025 учебном году." in text and "2024/2025" not in text, fmt
        assert "Итоги подводятся до 30.06.2025." in text and "2024-2025 учебный год" in text, fmt


# --- numbers typed with spaces, the XLSX not flagging the plan's numbers as numbers stored as text --------------


def test_an_activity_number_typed_with_spaces_reads_as_the_others() -> None:
    sections = [
        {"number": "1", "title": "Мониторинг", "activities": [_activity(" 1.1 ", "ВПР"), _activity("1.2", "ОГЭ")]}
    ]
    document = _plan(sections)
    assert [row[0] for row in _plan_rows(document)[2:]] == ["1.1", "1.2"]
    sheet = _book(document)["План мероприятий"]
    assert [c.value for c in sheet["A"][3:5]] == ["1.1", "1.2"]
    executed = _executed("1.1", "ВПР", "done") | {"number": "1.1 "}
    undated = _executed("1.2", "ОГЭ", "overdue") | {"number": " 1.2 ", "deadline_text": ""}
    report = _execution([_section("1", "Мониторинг", [executed, undated])])
    assert docx_tables(render(report, "docx"))[1][2][0] == "1.1"
    finding = next(
        p.text.replace("\xa0", " ")
        for p in docx.Document(io.BytesIO(render(report, "docx"))).paragraphs
        if "срок исполнения не установлен" in p.text
    )
    assert "не установлен у 1 мероприятия: № 1.2 «ОГЭ»;" in finding, finding  # as typed, the spaces left out


def test_the_xlsx_does_not_flag_the_plan_s_numbers_as_numbers_stored_as_text() -> None:
    document = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "ВПР")]}])
    with zipfile.ZipFile(io.BytesIO(render(document, "xlsx"))) as archive:
        sheets = [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        xml = {name: archive.read(name).decode() for name in sheets}
    assert len(xml) == 2
    assert all('numberStoredAsText="1"' in text for text in xml.values()), xml


# --- evidence for a school: named as the plan names it, never by a bare code -------------------------------


def _school(code: str, name: str, state: str) -> dict[str, Any]:
    return {"school_code": code, "school_name": name, "status": state, "state": state, "progress": 0,
            "actual_result": "", "completed_at": "2024-10-10" if state == "done" else None}  # fmt: skip


def test_a_proof_for_a_school_the_activity_no_longer_lists_is_named_by_the_plan_s_name_of_it() -> None:
    first = _executed("1.1", "Семинар", "done") | {
        "per_school": True,
        "schools": [_school("9901001", "МБОУ «СОШ № 1»", "done")],
        "evidence": [
            {"id": 1, "school_code": "9901002", "kind": "file", "title": "", "file_name": "протокол.pdf", "url": None},
            {"id": 2, "school_code": "9901003", "kind": "file", "title": "", "file_name": "отчёт.pdf", "url": None},
        ],
    }
    second = _executed("1.2", "Вебинар", "done") | {
        "per_school": True, "schools": [_school("9901002", "МБОУ «ООШ № 2»", "done")]
    }  # fmt: skip
    document = _execution([_section("1", "Мониторинг", [first, second])])
    assert _cell_lines(document, 1, 2, -1) == [
        "«протокол.pdf» (МБОУ «ООШ № 2»)",
        "«отчёт.pdf» (9901003)",  # a school the plan does not name: its code as it is,
    ]


def test_a_file_name_with_a_line_break_reads_on_one_line() -> None:
    document = _evidenced(_proof(1, "file", "", "Протокол\nзаседания  МО.pdf"))
    assert _evidence_cell(document) == ["«Протокол заседания МО.pdf»"]


# --- a long activity's row in XLSX is as tall as its words wrap, so its last line is printed --------------------


def test_an_activity_of_long_words_gets_a_row_tall_enough_for_every_wrapped_line() -> None:
    word = "высококвалифицированного"
    title = " ".join([word] * 24)
    document = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", title)]}])
    sheet = _book(document)["План мероприятий"]
    row = next(c.row for c in sheet["B"] if c.value == title)
    per_line = int(sheet.column_dimensions["B"].width * xlsx.CHARS_PER_WIDTH)
    words_a_line = (per_line + 1) // (len(word) + 1)  # as Excel wraps them: whole words
    wrapped = math.ceil(24 / words_a_line)
    assert wrapped > math.ceil(len(title) / per_line)  # more than the characters alone would take
    assert sheet.row_dimensions[row].height >= xlsx.LINE_HEIGHT * wrapped


# --- Word's line break pasted into a title (a vertical tab) keeps the words apart in every format -----------------


def test_a_word_line_break_pasted_into_a_title_keeps_its_words_apart() -> None:
    document = _plan([_section("1", "Мониторинг", [_activity("1.1", "Мониторинг\x0bрезультатов ВПР\x0cпо школам")])])
    texts = _texts(document, ("xlsx", "html", "pdf"))  # the DOCX's cell is read below, its lines joined
    for fmt, text in texts.items():
        assert "Мониторинг результатов ВПР по школам" in " ".join(text.split()), fmt
        assert "Мониторингрезультатов" not in text and "ВПРпо" not in text, fmt
    assert ["1.1", "Мониторинг результатов ВПР по школам", "Бабкина Н.А.", "май 2025"] in _plan_rows(document)
