"""Documents rendered and read back as an official reads them before signing: an execution report at a past date
never prints a result recorded after it beside the state it had then («просрочено — Программа утверждена»);
no category the note counts none in reads «работают 0 школ»; a name the data quotes with straight quotes
(`МБОУ "СОШ № 5"`) reads «СОШ № 5» in every format, „лапки“ inside «ёлочки»; a percent is tied to its number by
a no-break space in running text as in the tables; the evidence finding says it counts whole activities when
the plan counts positions per school."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from docx.oxml.ns import qn

from services.reports.documents import identification_note, plan_execution
from services.reports.documents.model import Document, typeset
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import PLAN_URL, _executed, _execution_sources

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)


def _raw_texts(document: Document) -> list[str]:
    """Every paragraph of the DOCX body, tables too, as written: no-break spaces kept."""
    word = docx.Document(io.BytesIO(render(document, "docx")))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))]


def _texts(document: Document) -> list[str]:
    return [t.replace("\xa0", " ") for t in _raw_texts(document) if t]


def _xlsx_texts(document: Document) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))
    return [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


def _html(document: Document) -> str:
    page = render(document, "html").decode().split("<body", 1)[1]
    return re.sub(r"<[^>]+>", " ", page).replace("&laquo;", "«").replace("&raquo;", "»").replace("&nbsp;", "\xa0")


# --- 1. the execution at a past date: no result recorded later beside the state it had then -----------------------


def _late_approval(state: str, completed_at: str) -> dict[str, Any]:
    """A programme approved on `completed_at`, by school: the text and the mark were entered with the approval."""
    activity = _executed("1.1", "Утверждение антирисковой программы", state) | {
        "status": "done",
        "state": state,
        "per_school": True,
        "completed_at": None,
        "stages": [],
        "schools": [
            {"school_code": "9901005", "school_name": "МБОУ «СОШ № 5»", "status": "done", "state": state,
             "progress": 100, "actual_result": "Программа утверждена", "completed_at": completed_at},
        ],
    }  # fmt: skip
    return activity


def _execution_report(activities: list[dict[str, Any]], as_of: date = AS_OF) -> Document:
    sections = [{"id": 1, "number": "1", "title": "Программы", "planned_results": [], "activities": activities}]
    return plan_execution.build(ReportParams(plan_id=7, as_of=as_of), _execution_sources(sections), TODAY)


def test_a_result_recorded_after_the_report_s_date_is_not_printed_beside_the_state_it_had_then() -> None:
    document = _execution_report([_late_approval("overdue", "2024-12-10")])
    texts = _texts(document)
    assert "МБОУ «СОШ № 5»: просрочено" in texts
    assert not any("Программа утверждена" in t for t in texts)
    assert "Программа утверждена" not in _html(document)
    assert not any("Программа утверждена" in t for t in _xlsx_texts(document))


def test_a_result_recorded_by_the_report_s_date_is_printed_with_its_done_mark() -> None:
    document = _execution_report([_late_approval("done", "2024-11-10")])
    assert "МБОУ «СОШ № 5»: выполнено 10.11.2024 — Программа утверждена" in _texts(document)


def test_an_activity_s_own_result_recorded_later_is_not_printed_beside_in_progress() -> None:
    activity = _executed("1.1", "Разработка положения", "in_progress") | {
        "status": "done", "actual_result": "Положение утверждено", "completed_at": "2024-12-01", "progress": 100,
    }  # fmt: skip
    texts = _texts(_execution_report([activity]))
    assert not any("Положение утверждено" in t for t in texts)
    in_progress = _executed("1.1", "Разработка положения", "in_progress") | {"actual_result": "Проект обсуждён"}
    assert "Проект обсуждён" in _texts(_execution_report([in_progress]))


# --- 2. zero counts in the note's running text ----------------------------------------------------------------------


def _note(counts: dict[str, int]) -> Document:
    answer = realistic.note() | {"counts": counts}
    answer["objectivity"] = [{"code": "vpr_raised", "label": "Завышение отметок ВПР", "schools": 0}]
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    return identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)


def test_the_note_says_in_words_that_no_school_works_in_effective_mode() -> None:
    document = _note({"low_results": 2, "risk_zone": 1, "insufficient_data": 1})
    texts = _texts(document)
    summary = next(t for t in texts if t.startswith("По результатам идентификации за "))
    assert "К ШНОР отнесено 2 школы, к зоне риска — 1 школа, к ШНСУ не отнесена ни одна школа, " in summary
    assert "ни одна школа не работает в эффективном режиме; " in summary
    conclusion = next(t for t in texts if t.startswith("Анализ показал, что "))
    assert ": ШНОР — 2, зона риска — 1." in conclusion
    running = [t for t in texts if len(t) > 40]  # sentences, not the figures of the tables' cells
    assert not any(re.search(r"(?<![\d,])0 школ|— 0\b", t) for t in running), running
    assert "Признаков необъективности результатов не выявлено." in texts  # a flag of no school is no finding


def test_the_note_with_no_risk_school_says_so_once() -> None:
    summary = next(t for t in _texts(_note({"effective": 5})) if t.startswith("По результатам идентификации за "))
    assert "К ШНОР, ШНСУ и зоне риска не отнесена ни одна школа, в эффективном режиме работают 5 школ;" in summary


def test_the_summary_table_keeps_its_zeros() -> None:
    word = docx.Document(io.BytesIO(render(_note({"low_results": 2, "insufficient_data": 1}), "docx")))
    rows = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    assert any(row[0].startswith("Эффективный режим") and row[1] == "0" for row in rows), rows


# --- 3. straight quotes in names and titles as «ёлочки» ------------------------------------------------------------


def test_straight_quotes_are_spelt_as_russian_quotes() -> None:
    assert typeset('МБОУ "СОШ № 5"') == "МБОУ «СОШ № 5»"
    assert typeset('«План МБОУ "СОШ № 5"»') == "«План МБОУ „СОШ № 5“»"
    assert typeset('МАОУ "Гимназия "Лицей""') == "МАОУ «Гимназия „Лицей“»"
    assert typeset('экран 12"') == 'экран 12"'  # a lone quote is no pair: left as written
    assert typeset("9901005") == "9901005"


def _quoted_execution() -> Document:
    activity = _late_approval("done", "2024-11-10")
    activity["schools"][0]["school_name"] = 'МБОУ "СОШ № 5"'
    sources = _execution_sources(
        [{"id": 1, "number": "1", "title": "Программы", "planned_results": [], "activities": [activity]}]
    )
    sources.roadmap.answers[PLAN_URL] |= {"title": 'Антирисковая программа МБОУ "СОШ № 5"'}  # type: ignore[attr-defined]
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), sources, TODAY)


def test_a_name_in_straight_quotes_reads_in_russian_quotes_in_docx_xlsx_and_html() -> None:
    document = _quoted_execution()
    title = "Аналитическая справка по результатам выполнения плана «Антирисковая программа МБОУ „СОШ № 5“»"
    texts = _texts(document)
    assert title in texts
    assert "МБОУ «СОШ № 5»: выполнено 10.11.2024 — Программа утверждена" in texts
    assert not any('"' in t for t in texts)
    cells = _xlsx_texts(document)
    assert title in cells and not any('"' in c for c in cells)
    assert any(c.startswith("МБОУ «СОШ № 5»") for c in cells)  # the sheet «По школам»
    page = _html(document)  # «№» bound to its number by a no-break space, as printed
    assert title.replace("№ ", "№\u00a0") in page and "МБОУ «СОШ №\u00a05»" in page
    assert "&quot;" not in page and '"СОШ' not in page


def test_a_name_in_straight_quotes_reads_in_russian_quotes_in_the_pdf() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(_quoted_execution(), "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "МБОУ «СОШ №\u00a05»" in text and '"СОШ' not in text  # «№» bound to its number


# --- 5. a no-break space between a number and «%» --------------------------------------------------------------


def test_a_percent_in_running_text_is_tied_to_its_number() -> None:
    document = realistic._note()
    raw = _raw_texts(document)
    assert any("(40,0\xa0%)" in t for t in raw), raw  # «Анализ показал, что 2 школы из 5 (40,0 %)»
    assert not any(re.search(r"\d %", t) for t in raw)
    assert not re.search(r"\d %", _html(document))
    assert not any(re.search(r"\d %", c) for c in _xlsx_texts(document))
    assert "№ " in " ".join(raw)  # the space after «№» stays as it was


def test_a_percent_the_data_wrote_with_a_plain_space_is_tied_too() -> None:
    assert typeset("не менее 30 % участников") == "не менее 30\xa0% участников"
    assert typeset("+2,5 п. п.") == "+2,5\xa0п.\xa0п."


# --- 4. the evidence finding says what it counts ---------------------------------------------------------------------


def test_the_evidence_finding_counts_whole_activities_when_the_plan_counts_positions_per_school() -> None:
    schools = [
        {"school_code": f"990100{n}", "school_name": f"МБОУ «СОШ № {n}»", "status": "done", "state": "done",
         "progress": 100, "actual_result": "", "completed_at": "2024-10-20"}
        for n in (1, 2, 3)
    ]  # fmt: skip
    by_school = _executed("1.1", "Семинар", "done") | {"per_school": True, "schools": schools}
    whole = _executed("1.2", "Совещание", "done")
    texts = _texts(_execution_report([by_school, whole]))
    assert "– с учётом школ-участниц выполнено 4 из 4 (100 %);" in texts
    assert "– подтверждающие документы не приложены ни к одному из 2 полностью выполненных мероприятий." in texts


# --- a parameter the methodology leaves unset reads as a dash ---------------------------------------------------------


def test_a_parameter_not_set_reads_a_dash_not_a_colon_before_nothing() -> None:
    answer = realistic.note()
    answer["methodology"]["parameters"].append(
        {"rule": "indicator_low", "label": "Низкое значение показателя", "category_label": "Зона риска",
         "enabled": False, "description": "значение показателя не лучше порога",
         "parameters": "Минимальное число обучающихся: 0; Показатель: ; Пороговое значение: 50 %"}
    )  # fmt: skip
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    texts = _texts(document)
    assert "Минимальное число обучающихся: 0; Показатель: —; Пороговое значение: 50 %" in texts
    assert not any(re.search(r":\s*(;|$)", t) for t in texts)


def test_a_file_s_name_keeps_its_straight_quotes_and_a_school_code_stays_as_it_is() -> None:
    activity = _executed("1.1", "Семинар", "done") | {
        "evidence": [
            {"id": 1, "school_code": "9901005", "kind": "file", "title": 'Приказ "Об итогах"',
             "file_name": 'Приказ "итог".pdf', "url": None}
        ],
    }  # fmt: skip
    texts = _texts(_execution_report([activity]))
    assert 'Приказ «Об итогах» — «Приказ "итог".pdf» (9901005)' in texts
