"""Documents rendered in-process and read back (python-docx, openpyxl, the HTML page): percentage points written
one way («п. п.» with no-break spaces) whoever wrote them, thousands separated in XLSX as in DOCX, the HTML
preview in the DOCX's type sizes, no «по 0 школам» or «срок не наступил для 0», and the execution report of a
large plan — several schools, cancelled and overdue activities, no responsible or deadline, 30 sections,
numbers «1.1.1» — whose counts add up in every row and read the same, in the same order, in DOCX, XLSX and
HTML."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from typing import Any

import docx
import openpyxl
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from openpyxl.worksheet.worksheet import Worksheet

from services.reports.documents import identification_note, indicators, plan, plan_execution
from services.reports.documents.common import number_figure
from services.reports.documents.model import NBSP, POINTS, Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams
from services.reports.documents.people import pairs_section
from services.reports.rendering.render import render
from services.shared.contracts.mentoring import MentorPairItem
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import (
    PLAN_URL,
    _activity,
    _executed,
    _execution_sources,
    _plan,
    _rows,
    _sources,
    _texts,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)


def _word(document: Document) -> WordDocument:
    return docx.Document(io.BytesIO(render(document, "docx")))


def _book(document: Document) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))


def _raw_texts(word: WordDocument) -> list[str]:
    """Every paragraph of the body as written, no-break spaces kept."""
    paragraphs = word.element.body.iter(qn("w:p"))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]


def _html_tables(document: Document) -> list[list[list[str]]]:
    """The HTML page's tables as rows of cell texts, no-break spaces as spaces."""
    page = render(document, "html").decode()
    tables = []
    for table in re.findall(r"<table[^>]*>(.*?)</table>", page, re.S):
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).replace(NBSP, " ") for c in cells])
        tables.append(rows)
    return tables


def _values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _one_table(table: Table, *paragraphs: str) -> Document:
    blocks: list[Paragraph | Table] = [Paragraph(text=text) for text in paragraphs]
    return Document(
        report_type="identification_note", authority="Управление образования", title="Справка", issued=TODAY,
        sections=[Section(title="Раздел", blocks=[*blocks, table])],
    )  # fmt: skip


# --- percentage points: one form, never broken across lines ---------------------------------------------------


def test_percentage_points_read_one_way_in_every_document_whoever_wrote_them() -> None:
    assert POINTS == "п.\xa0п."
    answers = [
        {"id": 1, "plan_id": 7, "name": "Доля выпускников", "unit": "%", "direction": "higher",
         "baseline": 88.0, "baseline_year": "2023-2024", "targets": {"2024-2025": 90.0},
         "actuals": {"2024-2025": 92.5}},
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    kpi = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    assert _rows(_word(kpi))[2][6] == "+2,5 п. п."
    assert "+2,5\xa0п.\xa0п." in [c.text for row in _word(kpi).tables[0].rows for c in row.cells]
    assert '"\xa0п.\xa0п."' in _book(kpi)["Показатели"]["G4"].number_format
    assert identification_note.figure_text(5.0, "points") == "5,0\xa0п.\xa0п."  # the note as the KPI table

    columns = [Column(key="name", label="Показатель"), Column(key="change", label="Изменение, п.п.")]
    rows = [{"name": "рост", "change": number_figure(3.0, suffix=" п. п.", signed=True)}]
    reason = "разница 21,0 п. п. при пороге 20 п.п."  # as the identification service's reasons write it
    document = _one_table(Table(columns=columns, rows=rows, sheet="Изменения"), reason)
    texts = _raw_texts(_word(document))
    assert "разница 21,0\xa0п.\xa0п. при пороге 20\xa0п.\xa0п." in texts
    assert _rows(_word(document))[0][1] == "Изменение, п. п." and _rows(_word(document))[1][1] == "+3 п. п."
    page = render(document, "html").decode()
    assert "21,0\xa0п.\xa0п." in page and "п.п." not in page and "п. п." not in page
    sheet = _book(document)["Изменения"]
    assert sheet["B2"].value == "Изменение, п.\xa0п."
    assert sheet["B3"].value == 3.0 and sheet["B3"].number_format.startswith('"+"0"\xa0п.\xa0п."')


# --- thousands: «12 345» in Excel as in Word ------------------------------------------------------------------


def test_xlsx_separates_the_thousands_of_the_figures_docx_separates() -> None:
    columns = [
        Column(key="name", label="Показатель"),
        Column(key="count", label="Участников", kind="int"),
        Column(key="mean", label="Сумма баллов", kind="float", decimals=1),
        Column(key="figure", label="Значение"),
    ]
    rows = [
        {"name": "район", "count": 12345, "mean": 12345.67, "figure": number_figure(23456.0, 0)},
        {"name": "школа", "count": 1234, "mean": 1234.5, "figure": number_figure(-34567.0, 0)},
    ]
    document = _one_table(Table(columns=columns, rows=rows, total={"name": "Итого", "count": 13579}, sheet="Числа"))
    assert _rows(_word(document))[1:] == [
        ["район", "12 345", "12 345,7", "23 456"],
        # round 19: a column with five-digit numbers groups its four-digit ones too (ГОСТ), «1 234» under «12 345»
        ["школа", "1 234", "1 234,5", "−34 567"],
        ["Итого", "13 579", "", ""],
    ]
    sheet = _book(document)["Числа"]
    assert [sheet[f"{c}3"].number_format for c in "BCD"] == ["#,##0", "#,##0.0", "#,##0"]  # «12 345» in Excel
    assert [sheet[f"{c}4"].number_format for c in "BC"] == ["#,##0", "#,##0.0"] and sheet["D4"].number_format == "#,##0"
    assert sheet["B5"].value == 13579 and sheet["B5"].number_format == "#,##0" and sheet["B5"].font.b
    assert [sheet["B3"].value, sheet["C3"].value] == [12345, 12345.67]  # numbers still, to sum and sort


# --- the HTML preview in the DOCX's sizes ---------------------------------------------------------------------


def test_the_html_preview_is_set_in_the_docx_type_sizes() -> None:
    narrow = Table(columns=[Column(key="a", label="А"), Column(key="b", label="Б")], rows=[{"a": "1", "b": "2"}])
    wide = Table(columns=[Column(key=f"c{i}", label=f"К{i}") for i in range(10)], rows=[{"c0": "x"}])
    document = _one_table(narrow, "Текст справки.")
    document.sections[0].blocks.append(wide)
    page = render(document, "html").decode()
    css = page.split("</style>", 1)[0]
    assert re.search(r"html \{[^}]*font-size: 12pt", css) and "11pt" not in css
    assert re.search(r"h2 \{ font-size: 14pt", css)
    word = _word(document)
    normal = word.styles["Normal"].font.size
    assert normal is not None and normal.pt == 12
    runs = [run for table in word.tables for run in table.rows[0].cells[0].paragraphs[0].runs]
    sizes = [run.font.size.pt if run.font.size else None for run in runs]
    assert sizes == [10.0, 8.0]
    assert re.findall(r'<table style="font-size: ([\d.]+)pt">', page) == ["10", "8"]


# --- the note: «нет ни по одной школе», never «по 0 школам» ----------------------------------------------------


def test_the_note_says_no_school_holds_what_none_holds() -> None:
    answer = realistic.note()
    answer["sources"] |= {"schools_with_results": 0, "risk_profile_schools": 0, "social_schools": 5}
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    texts = _texts(_word(identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)))
    text = next(t for t in texts if t.startswith("Использованы результаты"))
    assert "по 0 школ" not in text and "по 0 школе" not in text
    assert "результатов 2023-2024 учебного года нет ни по одной школе." in text
    assert (
        "Социальные показатели контингента имеются по 5 школам, кадровые показатели — по 1 школе; рискового "
        "профиля «500+» и сведений об объективности ВПР нет ни по одной школе." in text
    )
    answer["sources"] |= {"social_schools": 0, "staffing_schools": 0}
    texts = _texts(_word(identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)))
    assert any(
        t.endswith(
            "Рискового профиля «500+», социальных показателей контингента, кадровых показателей и сведений об "
            "объективности ВПР нет ни по одной школе."
        )
        for t in texts
    )


# --- the execution report of a large plan ---------------------------------------------------------------------


def _school(code: str, state: str) -> dict[str, Any]:
    return {
        "school_code": code, "school_name": f"МБОУ «СОШ № {code}»", "status": state, "state": state, "progress": 0,
        "actual_result": "", "completed_at": "2024-10-10" if state == "done" else None,
    }  # fmt: skip


def _large_sections() -> list[dict[str, Any]]:
    """30 sections of three activities «n.1.k»: done, overdue and cancelled in turn; the second has no responsible
    and no deadline; in odd sections the third runs in three schools, in every fifth it is cancelled with them."""
    sections = []
    for n in range(1, 31):
        activities = []
        for k in range(1, 4):
            state = ("done", "overdue", "cancelled")[(n + k) % 3]
            activity = _executed(f"{n}.1.{k}", f"Мероприятие {n}.1.{k} " + "подготовка учителей " * 10, state)
            if k == 2:
                activity |= {"responsible": "", "deadline_text": ""}
            if k == 3 and n % 2:
                cancelled = n % 5 == 0
                activity |= {
                    "per_school": True, "state": "cancelled" if cancelled else "in_progress",
                    "status": "cancelled" if cancelled else "in_progress",
                    "schools": [_school("1", "done"), _school("2", "overdue"), _school("3", "planned")],
                }  # fmt: skip
            activities.append(activity)
        section = {"id": n, "number": str(n), "title": f"Раздел {n}", "planned_results": []}
        sections.append(section | {"activities": activities})
    return sections


def _large_execution() -> Document:
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(_large_sections()), TODAY)


COUNTED = ["Выполнено", "Выполняется", "Просрочено", "Срок не наступил", "Отменено"]


def test_every_row_of_counts_adds_up_to_its_total_with_the_cancelled_shown() -> None:
    document = _large_execution()
    word = _word(document)
    table = _rows(word, 0)
    assert table[0] == ["Раздел", "Всего", *COUNTED, "Доля выполненного"]
    for row in table[1:]:
        assert int(row[1]) == sum(int(v) for v in row[2:7]), row  # «Всего» is the row's sum
    body, total = table[1:-1], table[-1]
    assert total[0] == "Итого" and len(body) == 30
    assert [int(total[c]) for c in range(1, 7)] == [sum(int(r[c]) for r in body) for c in range(1, 7)]
    done, active = int(total[2]), int(total[1]) - int(total[6])
    assert total[7] == f"{round(100 * done / active)} %"

    schools = next(_rows(word, i) for i in range(len(word.tables)) if _rows(word, i)[0][0] == "Школа")
    assert schools[0] == ["Школа", "Всего", *COUNTED, "Доля выполненного"]
    for row in schools[1:]:
        assert int(row[1]) == sum(int(v) for v in row[2:7]) and row[6] == "3", row  # 3 cancelled with the activity
    assert schools[1][2] == "12"  # done in 12 of the 15 activities that ran, the 3 cancelled not counted done
    cancelled = next(r for r in _rows(word, 5) if r[0] == "5.1.3")  # section 5: cancelled with its schools
    assert cancelled[4].splitlines() == [f"МБОУ «СОШ № {n}»: отменено" for n in (1, 2, 3)]

    sheet = _book(document)["По разделам"]
    values = _values(sheet)
    assert values[1] == ["Раздел", "Всего", *COUNTED, "Доля выполненного"]
    for row in values[2:]:
        assert row[1] == sum(int(v) for v in row[2:7]), row
    assert values[-1][7] == pytest.approx(done / active)


def test_the_large_report_reads_the_same_in_the_same_order_in_docx_xlsx_and_html() -> None:
    document = _large_execution()
    word = _word(document)
    page = _html_tables(document)
    book = _book(document)
    assert len(page) == len(word.tables)
    for index in range(len(word.tables)):
        assert page[index] == _rows(word, index), index
    summary = _values(book["По разделам"])
    assert [[str(v) for v in row[:7]] for row in summary[2:]] == [row[:7] for row in _rows(word, 0)[1:]]
    first = _rows(word, 1)  # section 1's activities grouped by state, numbers «1.1.k» as text everywhere
    assert [r[0] for r in first if len(r) > 1][1:] == ["1.1.2", "1.1.3", "1.1.1"]
    detail = _values(book["Раздел 1"])
    assert [r[0] for r in detail if r[0] and str(r[0]).startswith("1.")] == ["1.1.2", "1.1.3", "1.1.1"]
    assert book.sheetnames[2:32] == [f"Раздел {n}" for n in range(1, 31)]
    no_one = next(r for r in first if r[0] == "1.1.2")
    assert no_one[2:4] == ["—", "—"]  # no responsible, no deadline: a dash, never a blank
    texts = _texts(word)
    summary_text = next(t for t in texts if t.startswith("По состоянию на"))
    assert ": выполнено 37, просрочено 37, срок не наступил у 12, отменено 28." in summary_text


def test_the_execution_report_leaves_out_a_state_nothing_is_in() -> None:
    sections = [
        {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [],
         "activities": [_executed("1.1", "Мониторинг", "done"), _executed("1.2", "Анкетирование", "done")]},
    ]  # fmt: skip
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)
    texts = [t for t in _texts(_word(document)) if t]
    joined = "\n".join(texts)
    for wrong in ("для 0", "выполняется 0", "просрочено 0", "отменено 0", "не наступил 0", "у 0 "):
        assert wrong not in joined, wrong
    assert "По состоянию на 15.11.2024 в плане 2 мероприятия: выполнено 2." in texts
    assert "– выполнено 2 из 2 мероприятий (100 %);" in texts
    assert _rows(_word(document), 0)[0] == ["Раздел", "Всего", *COUNTED[:4], "Доля выполненного"]  # none cancelled

    planned = [{**sections[0], "activities": [_executed("1.1", "Мониторинг", "planned")]}]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(planned), TODAY)
    texts = [t for t in _texts(_word(document)) if t]
    assert "По состоянию на 15.11.2024 в плане 1 мероприятие: выполнено 0, срок не наступил у 1." in texts
    assert "– выполнено 0 из 1 мероприятия (0 %), срок не наступил у 1;" in texts


# --- the plan: long texts, «1.1.1», activities of several schools ---------------------------------------------


def test_a_plan_of_30_sections_reads_the_same_in_docx_xlsx_and_html() -> None:
    sections = []
    for n in range(1, 31):
        first = _activity(f"{n}.1.1", f"Мероприятие {n}.1.1 " + "подготовка учителей " * 20)
        second = _activity(f"{n}.1.2", f"Семинар {n}  ") | {"responsible": [], "deadline_text": None}
        second["schools"] = [{"school_name": f"МБОУ «СОШ № {i}»"} for i in range(1, 3 if n % 2 else 8)]
        sections.append({"number": str(n), "title": f"Направление {n}", "activities": [first, second]})
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _plan(sections)}), TODAY)
    rows = _rows(_word(document))
    assert _html_tables(document)[0] == rows
    sheet = _book(document)["План мероприятий"]
    values = [["" if v is None else v for v in row] for row in _values(sheet)[1:]]
    assert [r[0] for r in values] == [r[0] for r in rows]  # the same rows in the same order, «1.1.1» as text
    assert all(isinstance(r[0], str) for r in values)
    assert [r[1] for r in values if r[1]] == [r[1] for r in rows if len(r) > 1 and r[1]]
    assert rows[3] == ["1.1.2", "Семинар 1\nШколы-участницы: МБОУ «СОШ № 1»; МБОУ «СОШ № 2»", "—", "—"]  # not set
    seven = "; ".join(f"МБОУ «СОШ № {i}»" for i in range(1, 8))
    assert rows[6][1] == f"Семинар 2\nШколы-участницы: {seven}"  # every school named, not «7»


# --- the mentor pairs ------------------------------------------------------------------------------------------


def test_an_open_ended_mentor_pair_reads_from_its_start() -> None:
    pair = MentorPairItem(
        id=1, municipality_code="9901", mentor_school_code="1", mentor_school_name="МБОУ «СОШ № 1»", mentor_head="",
        supported_school_code="2", supported_school_name="МБОУ «СОШ № 2»", supported_head="", agreement_number="",
        agreement_date=None, rationale="", starts_on=date(2024, 9, 1), ends_on=None,
    )  # fmt: skip
    section = pairs_section([pair, pair.model_copy(update={"id": 2, "ends_on": date(2025, 5, 31)})])
    assert section is not None
    document = Document(report_type="plan_execution", authority="Управление", title="Справка", issued=TODAY,
                        sections=[section])  # fmt: skip
    rows = _rows(_word(document))
    assert [r[4] for r in rows[1:]] == ["с 01.09.2024, без срока окончания", "01.09.2024 – 31.05.2025"]
    assert [r[3] for r in rows[1:]] == ["—", "—"]


def test_a_plan_whose_every_activity_is_cancelled_has_no_share_done_in_its_total_either() -> None:
    sections = [
        {"id": 1, "number": "1", "title": "Семинары", "planned_results": [],
         "activities": [_executed("1.1", "Семинар", "cancelled"), _executed("1.2", "Круглый стол", "cancelled")]},
    ]  # fmt: skip
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)
    rows = _rows(_word(document), 0)
    assert rows[1] == ["1. Семинары", "2", "0", "0", "0", "0", "2", "—"]
    assert rows[2] == ["Итого", "2", "0", "0", "0", "0", "2", "—"]  # 0 of 0: a dash, as in the row, not a blank
    assert _html_tables(document)[0] == rows
    texts = _texts(_word(document))
    assert "– мероприятий к исполнению в плане нет;" in texts or "– мероприятий к исполнению в плане нет." in texts
    sheet = _book(document)["По разделам"]
    assert [sheet["B4"].value, sheet["G4"].value] == [2, 2] and sheet["A4"].font.b
