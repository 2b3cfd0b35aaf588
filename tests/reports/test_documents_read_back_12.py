"""Round 12 of reading the signed documents back (python-docx, openpyxl, the HTML page, the PDF's text) as the
official who signs them: lists in the order people look schools up («СОШ № 2» before «СОШ № 10», «ё» with «е»,
by municipality), a share done never «100 %» beside an unfinished activity nor «0 %» beside a done one, a
section headed with a year numbered as the others, a school year written one way in every title."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import docx
import openpyxl
import pytest

from services.reports.documents import identification_note, plan, plan_execution, school_card
from services.reports.documents.model import Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, html_tables, html_text, pdf_text, xlsx_text
from tests.reports.test_documents_read_back import _executed, _execution_sources

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
YEAR = realistic.YEAR
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bnull\b|\{\{|\{%|\bTODO\b|\bTrue\b|\bFalse\b")


# --- reading back ----------------------------------------------------------------------------------------------


def _docx_text(content: bytes) -> str:
    """The DOCX's paragraphs and cells in the order they stand in the body (tables where they are)."""
    body = docx.Document(io.BytesIO(content)).element.body
    texts = ["".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in body.iter(docx.oxml.ns.qn("w:p"))]
    return " ".join(" ".join(texts).replace("\xa0", " ").split())


def _texts(document: Document, formats: tuple[Format, ...] = ("docx", "xlsx", "html")) -> dict[str, str]:
    readers = {"docx": _docx_text, "xlsx": xlsx_text, "html": html_text, "pdf": pdf_text}
    return {fmt: readers[fmt](render(document, fmt)) for fmt in formats}


def _book(document: Document) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))


def _positions(text: str, names: list[str]) -> list[int]:
    found = [text.find(name) for name in names]
    assert all(at >= 0 for at in found), [n for n, at in zip(names, found, strict=True) if at < 0]
    return found


def _pair(number: int, supported: str, mentor: str = "МАОУ «Гимназия № 1»") -> dict[str, Any]:
    return {
        "id": number, "municipality_code": "9901", "mentor_school_code": "9901100", "mentor_school_name": mentor,
        "mentor_head": "", "supported_school_code": f"99012{number:02d}", "supported_school_name": supported,
        "supported_head": "", "agreement_number": f"{number}-С", "agreement_date": "2024-09-02", "rationale": "",
        "starts_on": "2024-09-02", "ends_on": None,
    }  # fmt: skip


def _note(answer: dict[str, Any], roadmap: dict[str, Any] | None = None) -> Document:
    sources = realistic._sources({realistic.NOTE_PATH: answer}, roadmap)
    return identification_note.build(ReportParams(school_year=YEAR), sources, TODAY)


# --- mentor pairs in the order of the supported school's name, numbers in order ---------------------------------

SUPPORTED = [
    "МБОУ «СОШ № 10»",
    "МБОУ «Ёлкинская СОШ»",
    "МБОУ «СОШ № 2»",
    "МБОУ «Дубровская СОШ»",
    "МБОУ «Жарковская СОШ»",
]
SUPPORTED_IN_ORDER = [  # «Ё» between «Д» and «Ж», as «Е»: never first, where its code point would put it
    "МБОУ «Дубровская СОШ»", "МБОУ «Ёлкинская СОШ»", "МБОУ «Жарковская СОШ»", "МБОУ «СОШ № 2»", "МБОУ «СОШ № 10»"
]  # fmt: skip


def test_the_note_lists_mentor_pairs_by_the_supported_school_s_name_with_its_numbers_in_order() -> None:
    pairs = [_pair(n, name) for n, name in enumerate(SUPPORTED, start=1)]
    document = _note(realistic.note(), {"/api/roadmap/mentor-pairs": pairs})
    table = next(
        t for t in docx_tables(render(document, "docx")) if t[0][:3] == ["№", "Школа-наставник", "Подшефная школа"]
    )
    assert [row[2] for row in table[1:]] == SUPPORTED_IN_ORDER  # «ё» with «е», «№ 2» before «№ 10»
    assert [row[0] for row in table[1:]] == ["1", "2", "3", "4", "5"]
    sheet = _book(document)["Наставничество"]
    assert [c.value for c in sheet["C"][2:7]] == SUPPORTED_IN_ORDER
    page = next(t for t in html_tables(render(document, "html")) if t[0][:2] == ["№", "Школа-наставник"])
    assert [row[2] for row in page[1:]] == SUPPORTED_IN_ORDER


def test_the_execution_report_lists_mentor_pairs_in_the_same_order_whatever_roadmap_answers() -> None:
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [],
               "activities": [_executed("1.1", "Мониторинг", "done")]}  # fmt: skip
    sources = _execution_sources([section])
    sources.roadmap.answers["/api/roadmap/mentor-pairs"] = [  # type: ignore[attr-defined]
        _pair(n, name) for n, name in enumerate(reversed(SUPPORTED), start=1)
    ]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=date(2024, 11, 15)), sources, TODAY)
    table = next(t for t in docx_tables(render(document, "docx")) if t[0][:2] == ["№", "Школа-наставник"])
    assert [row[2] for row in table[1:]] == SUPPORTED_IN_ORDER


# --- the schools that entered or left a category: by category, movement, municipality and name ---------------


def _moved(category: str, movement: str, number: int, name: str, municipality: str) -> dict[str, Any]:
    return {"category": category, "movement": movement, "school_code": f"99{number:05d}", "school_name": name,
            "municipality_name": municipality, "reason": "доля ниже минимума 40,0 %"}  # fmt: skip


def test_the_movers_read_by_category_then_entered_before_left_then_by_municipality_and_name() -> None:
    answer = realistic.note()
    answer["territory"]["municipalities"] = {"9901": realistic.MUNICIPALITY["name"], "9902": "Берёзовский район"}
    taiga, birch = realistic.MUNICIPALITY["name"], "Берёзовский район"
    answer["comparison"]["schools"] = [  # as identification answers them: by the schools' codes
        _moved("risk_zone", "entered", 1, "МБОУ «СОШ № 3»", taiga),
        _moved("low_results", "left", 2, "МБОУ «СОШ № 1»", taiga),
        _moved("low_results", "entered", 3, "МБОУ «СОШ № 10»", taiga),
        _moved("low_results", "entered", 4, "МБОУ «СОШ № 2»", taiga),
        _moved("low_results", "entered", 5, "МБОУ «Ёлочка»", birch),
        _moved("low_results", "entered", 6, "МБОУ «Дубки»", birch),
    ]
    document = _note(answer)
    table = next(t for t in docx_tables(render(document, "docx")) if t[0][:3] == ["Категория", "Изменение", "Школа"])
    assert [row[:3] for row in table[1:]] == [
        ["ШНОР", "вошла", "МБОУ «СОШ № 2»"],
        ["ШНОР", "вошла", "МБОУ «СОШ № 10»"],
        ["ШНОР", "вошла", "МБОУ «Дубки»"],  # the second municipality (by its code) after the first
        ["ШНОР", "вошла", "МБОУ «Ёлочка»"],
        ["ШНОР", "вышла", "МБОУ «СОШ № 1»"],
        ["Зона риска", "вошла", "МБОУ «СОШ № 3»"],
    ]
    sheet = _book(document)["Вошли и вышли"]
    assert [c.value for c in sheet["C"][2:8]] == [row[2] for row in table[1:]]


# --- a section headed with a year is numbered as the others ---------------------------------------------------


def _sections(*titles: str) -> Document:
    return Document(
        report_type="identification_note", authority="Управление образования", title="Справка", issued=TODAY,
        sections=[Section(title=title, blocks=[Paragraph(text=f"Текст раздела «{title}».")]) for title in titles],
    )  # fmt: skip


def test_a_section_whose_title_opens_with_a_year_gets_its_number_and_the_numbering_has_no_gap() -> None:
    document = _sections("Общие положения", "2024 год: итоги идентификации", "100 баллов ЕГЭ", "Выводы")
    expected = ["1. Общие положения", "2. 2024 год: итоги идентификации", "3. 100 баллов ЕГЭ", "4. Выводы"]
    for fmt, text in _texts(document).items():
        assert _positions(text, expected) == sorted(_positions(text, expected)), fmt
    first = [c.value for c in _book(document).worksheets[0]["A"] if c.value]
    assert [v for v in first if re.match(r"\d\. ", str(v))] == expected


@pytest.mark.parametrize("title", ["2. Итоги", "2.1 Итоги", "Раздел 3. Итоги", "12. Итоги"])
def test_a_section_that_carries_its_own_number_keeps_it(title: str) -> None:
    text = _texts(_sections(title), ("docx",))["docx"]
    assert f"1. {title}" not in text and title in text


# --- the school card: the year of the rules written as every year of the card ---------------------------------


def test_the_card_s_rules_title_writes_the_year_as_the_card_does_whatever_the_run_spelt() -> None:
    answers = realistic.card_answers()
    answers[f"/api/identification/runs/3/schools/{realistic.SCHOOL}"]["school_year"] = "2023/2024"
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    for fmt, text in _texts(document).items():
        assert "Правила методики и показатели школы за 2023-2024 учебный год" in text, fmt
        assert "2023/2024" not in text, fmt


# --- the share done: never «100 %» beside an unfinished activity, never «0 %» beside a done one ---------------


def _many(done: int, other: str, count: int) -> Document:
    activities = [_executed(f"1.{n}", f"Мероприятие {n}", "done" if n <= done else other) for n in range(1, count + 1)]
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    return plan_execution.build(ReportParams(plan_id=7, as_of=date(2024, 11, 15)), _execution_sources([section]), TODAY)


@pytest.mark.parametrize(
    ("done", "count", "printed", "fmt"),
    [(199, 200, "99,5 %", "0.0%"), (1, 300, "0,3 %", "0.0%"), (1999, 2000, "99,95 %", "0.00%"), (1, 2, "50 %", "0%")],
)
def test_the_share_done_is_never_all_or_nothing_when_it_is_not(done: int, count: int, printed: str, fmt: str) -> None:
    document = _many(done, "overdue", count)
    table = docx_tables(render(document, "docx"))[0]
    assert table[0][-1] == "Доля выполненного"
    assert table[1][-1] == printed and table[-1][-1] == printed  # the section and «Итого»
    finding = f"выполнено {done} из {count} мероприяти"
    text = _texts(document, ("docx",))["docx"]
    assert f"{finding}{'я' if count % 10 == 1 and count % 100 != 11 else 'й'} ({printed})" in text
    sheet = _book(document)["По разделам"]
    share = sheet.cell(3, sheet.max_column)
    assert share.value == pytest.approx(done / count) and share.number_format == fmt  # a number, as shown


def test_a_plan_done_in_full_reads_100_percent_and_nothing_done_0_percent() -> None:
    assert docx_tables(render(_many(3, "done", 3), "docx"))[0][1][-1] == "100 %"
    assert docx_tables(render(_many(0, "planned", 3), "docx"))[0][1][-1] == "0 %"


# --- a document's number typed with its own sign reads one «№» ----------------------------------------------


def _approved_plan(number: str, title: str = "Дорожная карта по повышению качества образования") -> Document:
    activities = [realistic._activity("1.1", "Мониторинг результатов ВПР")]
    answer = realistic._plan([{"number": "1", "title": "Мониторинг", "activities": activities}])
    answer |= {"order_number": number, "title": title}
    return plan.build(ReportParams(plan_id=7), realistic._sources({}, {realistic.PLAN_URL: answer}), TODAY)


@pytest.mark.parametrize("typed", ["№ 57-од", "№57-од", "N 57-од", " №  57-од "])
def test_the_plan_s_approval_and_appendix_lines_read_one_number_sign(typed: str) -> None:
    document = _approved_plan(typed)
    for fmt, text in _texts(document).items():
        assert text.count("от 02.09.2024 № 57-од") == 2, (fmt, text[:400])  # «УТВЕРЖДЕНО …» and «Приложение …»
        assert not re.search(r"№\s*№|№\s*N\b", text), fmt


def test_the_note_s_registration_and_order_numbers_typed_with_their_sign_read_one_sign() -> None:
    sources = realistic._sources({realistic.NOTE_PATH: realistic.note()})
    params = ReportParams(school_year=YEAR, registration_number="№ 15-01/123", registration_date=date(2024, 11, 20))
    registered = identification_note.build(params, sources, TODAY)
    appendix = identification_note.build(
        ReportParams(school_year=YEAR, as_order_appendix=True, order_number="N 7-од", order_date=date(2024, 11, 21)),
        sources,
        TODAY,
    )
    for fmt, text in _texts(registered).items():
        assert "от 20.11.2024 № 15-01/123" in text and "№ №" not in text, fmt
    for fmt, text in _texts(appendix).items():
        assert "от 21.11.2024 № 7-од" in text and "№ N" not in text, fmt


# --- a title longer than a file's property holds: the file is written, its properties cut at a word ----------


LONG_TITLE = (
    "Дорожная карта (план мероприятий) по повышению качества образования в общеобразовательных организациях "
    "Таёжного муниципального района, показывающих низкие образовательные результаты и функционирующих в "
    "неблагоприятных социальных условиях, на 2024-2025 учебный год и плановый период 2025-2026 учебного года"
)


def test_a_plan_titled_as_its_order_is_renders_in_every_format_with_its_title_whole() -> None:
    assert len(LONG_TITLE) > 255
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [],
               "activities": [_executed("1.1", "Мониторинг", "done")]}  # fmt: skip
    sources = _execution_sources([section])
    sources.roadmap.answers[realistic.PLAN_URL]["title"] = LONG_TITLE  # type: ignore[attr-defined]
    documents = [
        _approved_plan("57-од", LONG_TITLE),
        plan_execution.build(ReportParams(plan_id=7, as_of=date(2024, 11, 15)), sources, TODAY),
    ]
    for document in documents:
        for fmt, text in _texts(document).items():
            assert LONG_TITLE in text, fmt  # the title on the page whole, only the property is cut
        properties = docx.Document(io.BytesIO(render(document, "docx"))).core_properties
        assert len(properties.title) <= 255 and properties.title.endswith("…"), properties.title
        assert document.title.startswith(properties.title[:-1]) and properties.title[-2] != " "
        book = _book(document)
        assert book.properties.title == properties.title


# --- sheet names: ≤ 31 characters, no quote left open, links that lead to their sheet -------------------------


def _sheets(*titles: str) -> Document:
    tables = [
        Section(title=title, blocks=[Table(columns=[Column(key="a", label="Школа")], rows=[{"a": "МБОУ «СОШ № 1»"}])])
        for title in titles
    ]
    return Document(report_type="plan", authority="Управление образования", title="План", issued=TODAY, sections=tables)


def test_a_sheet_named_after_a_long_quoted_title_leaves_no_quote_open() -> None:
    book = _book(_sheets("Раздел «Методическая помощь школам с низкими результатами»", "Итоги «500+»"))
    names = book.sheetnames[1:]
    assert names == ["Раздел Методическая помощь", "Итоги «500+»"]
    assert all(len(n) <= 31 and n.count("«") == n.count("»") for n in names)
    pointers = [str(c.value) for c in book.worksheets[0]["A"] if c.hyperlink]
    assert "Таблица на листе «Итоги „500+“»." in pointers and "«Итоги „500+“» — Итоги «500+»" in pointers
    assert not any("»»" in p or "««" in p for p in pointers), pointers


def test_a_link_to_a_sheet_whose_name_has_an_apostrophe_leads_to_it() -> None:
    book = _book(_sheets("Школа им. Д'Артаньяна", "Итоги"))
    assert book.sheetnames[1:] == ["Школа им. Д'Артаньяна", "Итоги"]
    links = [c.hyperlink.location for row in book.worksheets[0].iter_rows() for c in row if c.hyperlink]
    assert "'Школа им. Д''Артаньяна'!A1" in links and "'Итоги'!A1" in links


# --- no objectivity data is no finding: the analysis does not contradict the sources ----------------------------


def test_a_note_without_objectivity_data_claims_no_finding_the_sources_say_it_lacks() -> None:
    answer = realistic.note()
    assert answer["sources"]["objectivity_schools"] == 0 and not answer["objectivity"]
    for fmt, text in _texts(_note(answer)).items():
        assert "сведений об объективности ВПР нет ни по одной школе" in text, fmt
        assert "Признаков необъективности результатов не выявлено" not in text, fmt
        assert identification_note.NO_OBJECTIVITY_DATA in text, fmt


def test_a_note_whose_objectivity_was_checked_without_a_flag_says_none_was_found() -> None:
    answer = realistic.note()
    answer["sources"]["objectivity_schools"] = 5
    for fmt, text in _texts(_note(answer)).items():
        assert "Признаков необъективности результатов не выявлено." in text, fmt
        assert identification_note.NO_OBJECTIVITY_DATA not in text, fmt


# --- the PDF reads what the DOCX reads, in the same order --------------------------------------------------------


def test_the_pdf_of_a_long_titled_execution_report_reads_its_title_pairs_and_shares_in_the_docx_order() -> None:
    activities = [_executed(f"1.{n}", f"Мероприятие {n}", "done" if n < 200 else "overdue") for n in range(1, 201)]
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    sources = _execution_sources([section])
    sources.roadmap.answers[realistic.PLAN_URL]["title"] = LONG_TITLE  # type: ignore[attr-defined]
    sources.roadmap.answers["/api/roadmap/mentor-pairs"] = [  # type: ignore[attr-defined]
        _pair(n, name) for n, name in enumerate(SUPPORTED, start=1)
    ]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=date(2024, 11, 15)), sources, TODAY)
    wanted = [
        "Исполнение по разделам",
        *SUPPORTED_IN_ORDER,
        "Анализ и выводы",
        "выполнено 199 из 200 мероприятий (99,5 %)",
    ]
    for fmt, text in _texts(document, ("docx", "pdf")).items():
        assert LONG_TITLE in text.replace("\u2060", ""), fmt  # the PDF's word joiners in the school years left out
        at = _positions(text, wanted)
        assert at == sorted(at), (fmt, at)
        assert "100 %" not in text and not FORBIDDEN.search(text), fmt


def test_the_card_of_a_year_not_approved_names_the_computation_without_its_database_number() -> None:
    answers = realistic.card_answers()
    status = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]["statuses"][0]
    status |= {"source": "computed", "run_id": 3487, "order_number": None, "order_date": None}
    answers[f"/api/identification/runs/3487/schools/{realistic.SCHOOL}"] = answers.pop(
        f"/api/identification/runs/3/schools/{realistic.SCHOOL}"
    )
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    history = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Учебный год")
    assert history[1][3] == "последний расчёт (список не утверждён)"
    for fmt, text in _texts(document).items():
        assert "3487" not in text and "расчёт №" not in text, fmt
        assert "Согласованный список за этот год не утверждён: приведён последний расчёт." in text, fmt


# --- a school year the methodist types «2024/2025» reads as every school year of the document ----------------


def test_the_methodist_s_school_years_read_as_the_document_s_and_an_order_number_stays_as_typed() -> None:
    params = ReportParams(
        school_year=YEAR,
        basis="приказом министерства от 2024-08-30 № 2023/2024-од",
        preamble="В 2023/2024 учебном году к работе привлечены школы-наставники.",
        extra_text="Повторную идентификацию провести по итогам 2024–25 учебного года.",
    )
    sources = realistic._sources({realistic.NOTE_PATH: realistic.note()})
    document = identification_note.build(params, sources, TODAY)
    for fmt, text in _texts(document).items():
        assert "В соответствии с приказом министерства от 30.08.2024 № 2023/2024-од" in text, fmt
        assert "В 2023-2024 учебном году к работе привлечены школы-наставники." in text, fmt
        assert "по итогам 2024-2025 учебного года." in text, fmt
        assert not re.search(r"(?<!№ )\b20\d\d/20\d\d\b(?!-од)", text), fmt


def test_the_card_s_vpr_marks_read_by_year_grade_and_subject_name_not_by_the_subject_s_code() -> None:
    answers = realistic.card_answers()
    answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]["vpr_objectivity"] = [
        {"school_year": year, "grade": grade, "subject": subject, "lowered": 2, "confirmed": 20, "raised": 3}
        for year in ("2023/2024", "2022-2023")  # as identification may spell and order them
        for grade in (8, 7)
        for subject in ("biology", "chemistry", "english", "history")
    ]
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    table = next(t for t in docx_tables(render(document, "docx")) if t[0][:3] == ["Учебный год", "Класс", "Предмет"])
    subjects = ["английский язык", "биология", "история", "химия"]
    expected = [[year, grade, s] for year in ("2022-2023", "2023-2024") for grade in ("7", "8") for s in subjects]
    assert [row[:3] for row in table[1:]] == expected
    assert all(row[4:] == ["8,0 %", "80,0 %", "12,0 %"] for row in table[1:])  # 2 + 20 + 3 pupils: 100 % in all
    sheet = _book(document)["ВПР и отметки"]
    assert [[c.value for c in row[:3]] for row in sheet.iter_rows(min_row=3)] == [
        [year, int(grade), s] for year, grade, s in expected
    ]


def test_the_pdf_of_the_note_reads_its_headings_pairs_and_movers_in_the_docx_order() -> None:
    answer = realistic.note()
    answer["comparison"]["schools"] = [
        _moved("low_results", "left", 2, "МБОУ «СОШ № 10»", realistic.MUNICIPALITY["name"]),
        _moved("low_results", "entered", 3, "МБОУ «СОШ № 2»", realistic.MUNICIPALITY["name"]),
    ]
    pairs = [_pair(n, name) for n, name in enumerate(SUPPORTED, start=1)]
    document = _note(answer, {"/api/roadmap/mentor-pairs": pairs})
    html = render(document, "html").decode()
    headings = [re.sub(r"<[^>]+>", "", h).replace("&nbsp;", " ") for h in re.findall(r"<h2>(.*?)</h2>", html)]
    assert headings[0] == "1. Общие положения" and len(headings) >= 10, headings
    texts = _texts(document, ("docx", "xlsx", "pdf"))
    for fmt, text in texts.items():
        at = _positions(text, headings)
        assert at == sorted(at), (fmt, at)
        assert not FORBIDDEN.search(text), (fmt, FORBIDDEN.search(text))
    for fmt in ("docx", "pdf"):
        movers = texts[fmt][texts[fmt].index("Школы, вошедшие в категории группы риска") :]
        at = _positions(movers, ["ШНОР вошла МБОУ «СОШ № 2»", "ШНОР вышла МБОУ «СОШ № 10»"])
        assert at == sorted(at), (fmt, at)
        pairs_at = texts[fmt].index("Наставничество: пары")
        at = _positions(texts[fmt][pairs_at:], SUPPORTED_IN_ORDER)
        assert at == sorted(at), (fmt, at)
