"""Round 21 of reading the plan documents back (python-docx, openpyxl, the HTML page, LibreOffice's PDF) as the
official who signs them: straight quotes inside a name already in «ёлочках» become „лапки“ («СОШ „Гимназия“»); a
signed document numbers its pages as ГОСТ Р 7.0.97-2016 (п. 6.1) does, at the top centre from page 2 on, none on
page 1, while a working document keeps «Страница N из M» in its footer; an execution report with cancelled
activities says its share done leaves them out («выполнено 4 из 9 мероприятий (44 %) без учёта 1 отменённого»: the
plan has 10), in the text and under its tables; a name with „лапки“ inside its «ёлочки» quoted once more alternates
its levels; a school without a name stands where the table of the schools puts it; a planned result typed twice is
printed once. Pinned: the counts add up to the total in the text, the DOCX table and the workbook, whose figures are
numbers; shares with a decimal comma where whole percents would lie; the plan of a school, a municipality and a region
each signed by its own head, without «None», «nan» or an empty heading."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import docx
import pypdf
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from services.reports.documents.common import as_document_writes, guillemets
from services.reports.documents.model import Document
from services.reports.rendering.render import Format, render
from tests.conftest import Stack
from tests.reports.test_documents_figures import _mark
from tests.reports.test_documents_read_back import _executed, _plan
from tests.reports.test_documents_read_back_12 import _texts
from tests.reports.test_plan_documents import approve
from tests.reports.test_plan_documents_read_back_18 import (
    READ,
    _book,
    _execution_document,
    _plan_document,
    _section,
    _stage,
)
from tests.reports.test_rendering import document as working_document
from tests.roadmap.test_execution_as_of import _report
from tests.roadmap.test_execution_as_of_2 import PLANS

no_database = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL = {"owner_kind": "school", "owner_label": "МБОУ «СОШ № 1»", "school_code": "9901001",
          "kind_label": "Антирисковая программа"}  # fmt: skip
REGION = {"owner_kind": "region", "owner_label": "Кедровская область", "municipality_code": None,
          "kind_label": "Региональная программа"}  # fmt: skip
OWNERS: dict[str, dict[str, Any]] = {"school": SCHOOL, "municipality": {}, "region": REGION}


# --- page numbers as a signed document carries them ---------------------------------------------------------------


def page_number_places(word: WordDocument) -> tuple[bool, str, str, str]:
    """Of the DOCX's last section: whether page 1 has a header of its own, and the text or field of the first page's
    header, of the other pages' header, and of the footer («PAGE» for the page's number field)."""
    section = word.sections[-1]

    def read(part: Any) -> str:
        fields = "PAGE" if part._element.xpath(".//w:instrText[contains(., 'PAGE')]") else ""
        return " ".join([*(p.text for p in part.paragraphs if p.text.strip()), fields]).strip()

    first = read(section.first_page_header) if section.different_first_page_header_footer else ""
    return section.different_first_page_header_footer, first, read(section.header), read(section.footer)


def numbered_as_signed(word: WordDocument) -> bool:
    """The page's number alone, at the top centre, from page 2 on (ГОСТ Р 7.0.97-2016, п. 6.1)."""
    different, first, header, footer = page_number_places(word)
    centred = word.sections[-1].header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    return (different, first, header, footer, centred) == (True, "", "1 PAGE", "", True)


def numbers_at_the_top(pdf: bytes) -> list[str | None]:
    """The number each PDF page carries above its text (its first line when only digits), None when none."""
    tops: list[str | None] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        tops.append(lines[0] if lines and lines[0].isdigit() else None)
    return tops


def _long_execution() -> Document:
    activities = [_executed(f"1.{n}", f"Мероприятие {n}", "done") for n in range(1, 41)]
    return _execution_document([_section(activities)])


@no_database
@pytest.mark.parametrize("kind", ["plan", "plan_execution"])
def test_a_signed_plan_document_numbers_its_pages_at_the_top_from_page_two(kind: str) -> None:
    """«Страница 1 из 3» stood in the footer of every page, page 1 too, of the documents people sign."""
    document = _long_execution() if kind == "plan_execution" else _plan_document(_plan([_long_section()]))
    word = docx.Document(io.BytesIO(render(document, "docx")))
    assert numbered_as_signed(word), page_number_places(word)
    assert "Страница" not in word.sections[-1].footer._element.xml


def _long_section() -> dict[str, Any]:
    activities = [{"number": f"1.{n}", "title": f"Мероприятие {n}", "responsible": [{"name": "Бабкина Н.А."}],
                   "deadline_text": "май 2025"} for n in range(1, 61)]  # fmt: skip
    return {"number": "1", "title": "Анализ", "activities": activities}


def test_the_pdf_of_a_signed_report_has_no_number_on_page_one_and_two_on_page_two() -> None:
    """LibreOffice's PDF of the DOCX: nothing over page 1, «2» over page 2 and so on, no «Страница … из …»."""
    pdf = render(_long_execution(), "pdf")
    tops = numbers_at_the_top(pdf)
    assert len(tops) >= 3 and tops == [None, *(str(n) for n in range(2, len(tops) + 1))], tops
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Страница" not in text


@no_database
def test_a_working_document_keeps_its_page_numbers_in_the_footer() -> None:
    """A document nobody signs (it prints «Дата формирования») keeps «Страница N из M» at the foot of each page."""
    word = docx.Document(io.BytesIO(render(working_document(), "docx")))
    different, _, header, footer = page_number_places(word)
    assert (different, header) == (False, "") and footer == "Страница 1 из 1 PAGE"  # the fields' placeholders


@no_database
def test_the_html_of_a_signed_document_numbers_its_printed_pages_as_the_docx() -> None:
    signed = render(_long_execution(), "html").decode()
    assert "@top-center { content: counter(page)" in signed
    assert "@page :first { @top-center { content: none; } }" in signed
    assert "@top-center" not in render(working_document(), "html").decode()


# --- quotes inside quotes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ('МБОУ «СОШ "Гимназия"»', "МБОУ «СОШ „Гимназия“»"),
        ('Семинар в «Школа "Успех"»', "Семинар в «Школа „Успех“»"),
        ('План «Школа "Успех"» и "Точка роста"', "План «Школа „Успех“» и «Точка роста»"),
        ('«Экран 27"» для кабинета', '«Экран 27"» для кабинета'),  # an inch inside quotes: kept as typed
        ('Проект "Школа "Успех""', "Проект «Школа „Успех“»"),
    ],
)
def test_straight_quotes_inside_a_name_in_guillemets_become_lapki(typed: str, printed: str) -> None:
    """«МБОУ «СОШ «Гимназия»»»: the straight quotes inside «ёлочки» turned into ёлочки too, three closing in a row."""
    assert guillemets(typed) == printed
    assert as_document_writes(typed) == printed


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_school_s_name_with_quotes_inside_reads_with_lapki_in_the_plan(fmt: Format) -> None:
    activity = {"number": "1.1", "title": 'Семинар на базе МБОУ «СОШ "Гимназия"»',
                "responsible": [{"name": "Бабкина Н.А."}], "deadline_text": "май 2025"}  # fmt: skip
    text = _texts(_plan_document(_plan([{"number": "1", "title": "Анализ", "activities": [activity]}])), (fmt,))[fmt]
    assert "Семинар на базе МБОУ «СОШ „Гимназия“»" in text and '"' not in text.split("План мероприятий", 1)[1]


# --- an execution report whose figures agree --------------------------------------------------------------------


def _mixed() -> Document:
    """Ten activities: 4 done, 2 under way, 1 overdue, 2 not yet due, 1 cancelled; a section without activities."""
    states = ["done"] * 3 + ["in_progress"] * 2 + ["overdue", "cancelled"] + ["planned"] * 2
    first = [_executed(f"1.{n}", f"Мероприятие {n}", state) for n, state in enumerate(states, 1)]
    return _execution_document(
        [_section(first), _section([], "2", "Методическая помощь"), _section([_executed("3.1", "Итоги", "done")], "3")]
    )


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_an_execution_report_says_its_share_done_leaves_the_cancelled_out(fmt: Format) -> None:
    """«в плане 10 мероприятий … отменено 1» over «выполнено 4 из 9 мероприятий (44 %)» and a table «Итого 10 … 4 …
    44 %»: the reader who divides 4 by 10 gets 40 % and finds the report wrong."""
    text = _texts(_mixed(), (fmt,))[fmt]
    summary = "в плане 10 мероприятий: выполнено 4, выполняется 2, просрочено 1, срок не наступил у 2, отменено 1."
    assert summary in text, fmt
    assert "выполнено 4 из 9 мероприятий (44 %) без учёта 1 отменённого, выполняется 2, срок не наступил у 2;" in text
    assert text.count("Доля выполненного рассчитана без учёта отменённых мероприятий.") == 1


@no_database
def test_the_counts_add_up_to_the_total_in_the_docx_table_and_the_workbook() -> None:
    document = _mixed()
    table = docx.Document(io.BytesIO(render(document, "docx"))).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Раздел", "Всего", "Выполнено", "Выполняется", "Просрочено", "Срок не наступил", "Отменено",
                      "Доля выполненного"]  # fmt: skip
    rows = {row.cells[0].text: [c.text.replace("\xa0", " ") for c in row.cells[1:]] for row in table.rows[1:]}
    assert rows["Итого"] == ["10", "4", "2", "1", "2", "1", "44 %"]
    assert rows["1. Мониторинг"] == ["9", "3", "2", "1", "2", "1", "38 %"]  # 3 of 8 to do: 37,5 % half up
    assert rows["2. Методическая помощь"] == ["0", "0", "0", "0", "0", "0", "—"]
    for counts in rows.values():
        assert int(counts[0]) == sum(int(c) for c in counts[1:6])
    sheet = _book(document)["По разделам"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["Итого"][:6] == (10, 4, 2, 1, 2, 1) and values["Итого"][6] == pytest.approx(4 / 9)
    assert sheet.cell(6, 8).number_format == "0%"


@no_database
@pytest.mark.parametrize(
    ("cancelled", "words"), [(2, "без учёта 2 отменённых"), (5, "без учёта 5 отменённых"),
                             (21, "без учёта 21 отменённого")],
)  # fmt: skip
def test_the_cancelled_left_out_agree_with_their_count(cancelled: int, words: str) -> None:
    activities = [_executed("1.1", "Семинар", "done")]
    activities += [_executed(f"1.{n}", f"Отменённое {n}", "cancelled") for n in range(2, cancelled + 2)]
    text = _texts(_execution_document([_section(activities)]), ("docx",))["docx"]
    assert f"выполнено 1 из 1 мероприятия (100 %) {words};" in text


@no_database
def test_a_share_whole_percents_would_misstate_is_written_with_a_decimal_comma() -> None:
    """A pin: 199 of 200 done reads «99,5 %», a number 0,995 in the workbook, never «100 %» beside an overdue one."""
    activities = [_executed(f"1.{n}", f"М {n}", "done") for n in range(1, 200)] + [_executed("1.200", "Х", "overdue")]
    document = _execution_document([_section(activities)])
    text = _texts(document, ("docx",))["docx"]
    assert "выполнено 199 из 200 мероприятий (99,5 %)" in text and "(100 %)" not in text
    sheet = _book(document)["По разделам"]
    assert (sheet["G3"].value, sheet["G3"].number_format) == (0.995, "0.0%")


# --- the schools and the proofs of an activity ------------------------------------------------------------------


def _school(code: str, name: str, state: str, **more: Any) -> dict[str, Any]:
    return {"school_code": code, "school_name": name, "status": "done" if state == "done" else "planned",
            "state": state, "progress": 0, "actual_result": "",
            "completed_at": "2024-10-10" if state == "done" else None} | more  # fmt: skip


def _per_school() -> Document:
    schools = [_school("9901210", "МБОУ СОШ № 10", "in_progress", progress=30), _school("9901299", "", "overdue"),
               _school("9901202", "МБОУ СОШ № 2", "done")]  # fmt: skip
    activity = _executed("1.1", "Программы", "in_progress") | {"per_school": True, "schools": schools}
    return _execution_document([_section([activity])])


@no_database
def test_a_school_without_a_name_stands_where_the_table_of_the_schools_puts_it() -> None:
    """It came first in the activity's cell («школа с кодом …» sorted by its empty name) and last in the table."""
    word = docx.Document(io.BytesIO(render(_per_school(), "docx")))
    cell = next(row.cells[4].text for t in word.tables for row in t.rows if row.cells[0].text == "1.1")
    order = [line.split(":")[0] for line in cell.splitlines()]
    assert order == ["МБОУ СОШ №\u00a02", "МБОУ СОШ №\u00a010", "школа с кодом 9901299"], cell
    schools = next(t for t in word.tables if t.rows[0].cells[0].text == "Школа")
    assert [row.cells[0].text for row in schools.rows[1:]] == order


# --- a planned result typed twice ---------------------------------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_planned_result_typed_twice_is_printed_once(fmt: Format) -> None:
    results = ["Рост доли школ с положительной динамикой", "рост  доли школ с положительной динамикой.", "Отчёт"]
    planned = _plan([{"number": "1", "title": "Анализ", "planned_results": results,
                      "activities": [{"number": "1.1", "title": "Семинар", "deadline_text": "май 2025"}]}])  # fmt: skip
    plan_text = _texts(_plan_document(planned), (fmt,))[fmt]
    assert plan_text.casefold().count("рост доли школ") == 1, fmt
    report = _texts(_execution_document([_section([_executed("1.1", "Семинар", "done")], planned_results=results)]),
                    (fmt,))[fmt]  # fmt: skip
    assert "Планируемый результат: Рост доли школ с положительной динамикой; Отчёт." in report


# --- a school's, a municipality's and a region's plan -------------------------------------------------------------

HEADS = {
    "school": "Директор МБОУ «СОШ № 1»",
    "municipality": "Начальник Управления образования администрации Таёжного муниципального района",
    "region": "Министр образования Кедровской области",
}
AUTHORITIES = {
    "school": "МБОУ «СОШ № 1»",
    "municipality": "Управление образования администрации Таёжного муниципального района",
    "region": "Министерство образования Кедровской области",
}


def _owned_report(owner: str) -> Document:
    long = "Организация методического сопровождения педагогов по подготовке обучающихся к ГИА " * 8
    people = "Иванова И.И., Петров П.П.; МБУ ГЦОКО; руководители общеобразовательных организаций"
    stages = [_stage(1, "до 01.10.2024", "2024-10-01", "overdue")]
    activities = [
        _executed("1.1", long.strip(), "done") | {"responsible": people},
        _executed("1.2", "Мониторинг", "overdue") | {"stages": stages, "deadline_text": "до 01.10.2024"},
    ]
    return _execution_document([_section(activities), _section([], "2", "Резерв")], **OWNERS[owner])


@no_database
@pytest.mark.parametrize("owner", list(OWNERS))
def test_a_plan_s_report_is_issued_and_signed_by_its_owner_s_head(owner: str) -> None:
    texts = _texts(_owned_report(owner))
    for fmt, text in texts.items():
        assert text.split(" от «___»", 1)[0].endswith(AUTHORITIES[owner]), (fmt, text[:120])
        assert HEADS[owner] in text and "Иванова И.И., Петров П.П.; МБУ ГЦОКО" in text, fmt
        assert not re.search(r"\b(?:None|nan|NaN)\b", text), fmt
        assert "до 01.10.2024: просрочен" in text and "2. Резерв Мероприятия в разделе не запланированы." in text


@no_database
@pytest.mark.parametrize("owner", list(OWNERS))
def test_no_heading_of_a_plan_s_report_is_empty_and_no_sentence_is_said_twice(owner: str) -> None:
    word = docx.Document(io.BytesIO(render(_owned_report(owner), "docx")))
    headings = [p.text for p in word.paragraphs if p._p.xpath("./w:pPr/w:outlineLvl")]
    assert headings and all(h.strip(" .0123456789") for h in headings), headings
    sentences = [p.text for p in word.paragraphs if len(p.text) > 40]
    assert len(sentences) == len(set(sentences)), sentences
    book = _book(_owned_report(owner))
    assert all(len(sheet.title) <= 31 for sheet in book.worksheets)
    assert [sheet.title for sheet in book.worksheets] == ["Справка", "По разделам", "Раздел 1"]
    body = word.element.body
    assert not [t.text for t in body.iter(qn("w:t")) if t.text and re.search(r"\b(?:None|nan)\b", t.text)]


# --- through the services -------------------------------------------------------------------------------------------


def test_the_report_through_the_services_leaves_the_cancelled_out_and_nests_its_quotes(stack: Stack) -> None:
    """A plan made through roadmap: one activity done late, one cancelled, one to do; the first names a school «СОШ
    "Гимназия"» typed with straight quotes inside the ёлочки. The report counts 3 and shares 1 of 2; the name reads
    „лапки“ inside, and quoted once more in the findings its levels alternate, never «… „СОШ „Гимназия““»."""
    body = {"kind": "municipal_roadmap", "title": "Дорожная карта: отменённые",
            "municipality_code": stack.territory["municipality"]["code"], "school_year": "2024-2025",
            "sections": [{"title": "Мониторинг", "activities": [
                {"number": "1", "title": 'Семинар на базе МБОУ «СОШ "Гимназия"»', "deadline_text": "до 01.10.2024"},
                {"number": "2", "title": "Круглый стол", "deadline_text": "до 31.12.2099"},
                {"number": "3", "title": "Анализ", "deadline_text": "до 31.12.2099"},
            ]}]}  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    approve(stack, plan["id"], "57-од", "2024-09-02")
    first, second, _ = (a["id"] for a in plan["sections"][0]["activities"])
    _mark(stack, first, {"status": "done"})
    _mark(stack, second, {"status": "cancelled"})
    text = " ".join(_report(stack, plan["id"], date.today().isoformat()).replace("\xa0", " ").split())
    assert "в плане 3 мероприятия: выполнено 1, срок не наступил у 1, отменено 1." in text, text
    assert "выполнено 1 из 2 мероприятий (50 %) без учёта 1 отменённого, срок не наступил у 1;" in text
    assert "Доля выполненного рассчитана без учёта отменённых мероприятий." in text
    assert "Семинар на базе МБОУ «СОШ „Гимназия“»" in text and '"' not in text
    assert "с нарушением срока выполнено 1 мероприятие: № 1 «Семинар на базе МБОУ „СОШ «Гимназия»“»;" in text


@no_database
def test_a_name_with_lapki_inside_its_guillemets_quoted_once_more_alternates_its_levels() -> None:
    late = _executed("1.1", 'Семинар на базе МБОУ «СОШ "Гимназия"»', "done") | {
        "stages": [_stage(1, "до 01.10.2024", "2024-10-01", "done")], "deadline_text": "до 01.10.2024"}  # fmt: skip
    text = _texts(_execution_document([_section([late])]), ("docx",))["docx"]
    assert "с нарушением срока выполнено 1 мероприятие: № 1.1 «Семинар на базе МБОУ „СОШ «Гимназия»“»;" in text
    assert "„СОШ „Гимназия““" not in text
