"""Every report type of the demo region rendered through the API for a municipal coordinator and a regional
analyst, and its four formats read back against one another as the official who signs them would: the same
headings in the same order, the same figures in every table, the same signature block and order line, the pages
numbered in the DOCX and the PDF, the title on the workbook's first sheet, no word in one format that another
lacks and no word broken across a PDF line («Эффективны» over «й режим»); and a school never identified says
«Идентификация не проводилась.» once, not under two headings."""

from __future__ import annotations

import io
import itertools
import re
from datetime import date
from typing import Any

import docx
import pypdf
import pytest

from services.reports.documents import school_card
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_figures as figures
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import (
    Scene,
    book,
    docx_tables,
    html_tables,
    text_of,
)

FORMATS: tuple[Format, ...] = ("docx", "xlsx", "html", "pdf")
USERS = ("municipal_coordinator", "regional_analyst")
TYPES = ("identification_note", "school_card", "plan", "plan_execution", "indicators")
CASES = [(user, report_type) for user in USERS for report_type in TYPES]
XLSX_ONLY = re.compile(r"Таблицы на отдельных листах|(?:Таблица )?(?:— )?на листе «[^»]*»|«[^»]{1,31}» — ")
"""The first sheet's pointers to the table sheets («Таблица на листе «Школа»», ««Сводка» — Результаты»)."""
PDF_ONLY = re.compile(r"Страница \d+ из \d+")
SIGNATURE = re.compile(r"(?:Начальник|Руководитель|Министр|Заместитель)[^_]{0,200}?_{5,}")
ORDER_LINE = re.compile(r"от «_+» _+ 20__ г\. № _+|от \d\d\.\d\d\.\d{4} № [\w/-]+")
ISSUED = re.compile(r"(?:Дата формирования|по состоянию на|сведения на):? \d\d\.\d\d\.\d{4}")


scene = figures.scene  # the module's own copy of the fixture: the demo region and an approved plan


@pytest.fixture(scope="module")
def demo(scene: Scene) -> Scene:
    """The demo region through the API, an approved plan with its activities marked and its indicators."""
    return scene


def _parameters(demo: Scene, report_type: str) -> dict[str, Any]:
    if report_type == "identification_note":
        return {"school_year": "2023-2024"}
    if report_type == "school_card":
        municipality = demo.municipality["code"]
        return {"school_code": min(s["school_code"] for s in demo.schools if s["municipality_code"] == municipality)}
    return {"plan_id": demo.plan["id"]}


def _files(demo: Scene, user: str, report_type: str) -> dict[str, bytes]:
    parameters = _parameters(demo, report_type)
    return {fmt: demo.render(report_type, fmt, user, **parameters) for fmt in FORMATS}


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    return {fmt: text_of(fmt, content) for fmt, content in files.items()}


def _headings(page: bytes) -> list[str]:
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", page.decode(), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", h).replace("&nbsp;", " ").split()) for h in found]


def _in_order(text: str, wanted: list[str]) -> list[str]:
    """What of `wanted` is missing from `text` or out of order."""
    missing, at = [], 0
    for item in wanted:
        found = text.find(item, at)
        if found < 0:
            missing.append(item)
        else:
            at = found + len(item)
    return missing


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[А-Яа-яЁё]{3,}", text)}


def _figures(table: list[list[str]]) -> list[str]:
    """The table's cells that carry a figure, in order (the header's merged cells, read twice from a DOCX, left
    out: a cell with no digit is no figure)."""
    return [cell for row in table for cell in row if re.search(r"\d", cell) and len(cell) <= 40]


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_every_format_reads_the_headings_in_the_same_order(demo: Scene, user: str, report_type: str) -> None:
    files = _files(demo, user, report_type)
    headings = _headings(files["html"])
    assert len(headings) >= 2, headings
    texts = _texts(files)
    first_sheet = " ".join(str(c) for row in book(files["xlsx"]).worksheets[0].iter_rows(values_only=True) for c in row)
    texts["xlsx"] = " ".join(first_sheet.replace("None", " ").split())
    for fmt in ("docx", "xlsx", "pdf"):
        assert not _in_order(texts[fmt], headings), (fmt, _in_order(texts[fmt], headings))


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_every_table_reads_the_same_figures_in_docx_html_and_pdf(demo: Scene, user: str, report_type: str) -> None:
    files = _files(demo, user, report_type)
    docx_figures = [_figures(t) for t in docx_tables(files["docx"])]
    html_figures = [_figures(t) for t in html_tables(files["html"])]
    assert docx_figures == html_figures
    pdf = text_of("pdf", files["pdf"])
    missing = [cell for table in html_figures for cell in table if cell not in pdf]
    assert not missing, missing[:10]


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_the_signature_order_line_and_date_read_the_same_in_every_format(
    demo: Scene, user: str, report_type: str
) -> None:
    texts = _texts(_files(demo, user, report_type))
    for pattern in (SIGNATURE, ORDER_LINE, ISSUED):
        expected = sorted(pattern.findall(texts["docx"]))  # the DOCX's text reads its tables after its paragraphs
        for fmt in ("xlsx", "html", "pdf"):
            # the workbook writes post and signature line in one cell: «Министр … — ________»
            found = [" ".join(f.replace(" — _", " _").split()) for f in pattern.findall(texts[fmt])]
            assert sorted(found) == expected, (pattern.pattern, fmt)
    if report_type == "plan_execution":  # the execution report is signed
        assert SIGNATURE.findall(texts["docx"]), texts["docx"][-400:]


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_the_docx_and_the_pdf_number_every_page(demo: Scene, user: str, report_type: str) -> None:
    files = _files(demo, user, report_type)
    document = docx.Document(io.BytesIO(files["docx"]))
    signed = document.sections[-1].different_first_page_header_footer  # at the top from page 2 on (ГОСТ Р 7.0.97)
    parts = [(s.header if signed else s.footer)._element.xml for s in document.sections]
    assert parts and all("PAGE" in xml for xml in parts), parts
    pages = pypdf.PdfReader(io.BytesIO(files["pdf"])).pages
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        if signed:
            assert text.startswith(f"{number} ") == (number > 1), (number, text[:200])
        else:
            assert f"Страница {number} из {len(pages)}" in text, (number, text[-200:])


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_the_workbook_s_first_sheet_carries_the_title(demo: Scene, user: str, report_type: str) -> None:
    files = _files(demo, user, report_type)
    title = _headings(files["html"])[0]
    cells = [
        " ".join(str(c).split()) for row in book(files["xlsx"]).worksheets[0].iter_rows(values_only=True) for c in row
    ]
    assert title in cells, (title, cells[:8])


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_no_word_of_one_format_is_missing_in_another(demo: Scene, user: str, report_type: str) -> None:
    texts = _texts(_files(demo, user, report_type))
    texts["xlsx"] = XLSX_ONLY.sub(" ", texts["xlsx"])
    # the PDF's text may read a header cell glued to the next one's («РезультатФакт»): two words
    texts["pdf"] = re.sub(r"([а-яё])([А-ЯЁ])", r"\1 \2", PDF_ONLY.sub(" ", texts["pdf"]))
    words = {fmt: _words(text) for fmt, text in texts.items()}
    for one in FORMATS:
        for other in FORMATS:
            missing = sorted(words[one] - words[other])
            assert not missing, (one, other, missing[:20])


def _broken_words(pdf: bytes, whole: set[str]) -> list[str]:
    """Words of the DOCX that a PDF line ends with part of and the next line goes on with the rest."""
    broken = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text().splitlines()
        for line, following in itertools.pairwise(lines):
            head = re.search(r"([А-Яа-яЁё]+)$", line.rstrip())
            tail = re.match(r"\s*([А-Яа-яЁё]+)", following)
            if head and tail and head[1] + tail[1] in whole and not {head[1], tail[1]} <= whole:
                broken.append(f"{head[1]}|{tail[1]}")
    return broken


@pytest.mark.parametrize(("user", "report_type"), CASES)
def test_no_word_is_broken_across_a_pdf_line(demo: Scene, user: str, report_type: str) -> None:
    files = _files(demo, user, report_type)
    whole = set(re.findall(r"[А-Яа-яЁё]+", text_of("docx", files["docx"])))
    assert not _broken_words(files["pdf"], whole)


@pytest.mark.no_database
def test_a_school_never_identified_says_so_once_in_every_format() -> None:
    answers = realistic.card_answers()
    history = f"/api/identification/schools/{realistic.SCHOOL}/history"
    answers[history] = answers[history] | {"statuses": []}
    document = school_card.build(
        ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), date(2024, 11, 20)
    )
    for fmt in FORMATS:
        text = text_of(fmt, render(document, fmt))
        assert text.count("Идентификация не проводилась.") == 1, fmt
        assert "Основания решения" not in text, fmt
        assert "Категории по годам" in text and "Профиль рисков «500+»" in text, fmt
