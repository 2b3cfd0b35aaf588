"""The analytical note on identification rendered through `POST /api/reports/render` and read back: its
sections in the order the seeds write them, nothing a signed document must not carry, the page budget of the
body, the letterhead's registration or order, the signature, and the methodist's own text."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import openpyxl
import pypdf
import pytest

from tests.conftest import Stack
from tests.support import render_report

YEAR = "2023-2024"
SECTIONS = (
    "Общие положения",
    "Источники данных и период",
    "Критерии идентификации",
    "Результаты идентификации",
    "Динамика по сравнению с прошлым учебным годом",
    "Анализ причин",
    "Выводы и рекомендации",
    "Приложение 1",
    # the demo district has a school in effective mode with a flag: the appendix's title names such schools
    # no school without a decision: the title leaves that part out
    "Сведения по школам группы риска и школам с признаками необъективности результатов",
    "Приложение 2",
    "Параметры методики идентификации",
)
FORBIDDEN = (
    "создайте копию",
    "Создайте копию",
    "расчёт №",
    "Расчёт №",
    "расчёта №",
    "приказов 000",
    "000–004",
    "000-004",
    "Методика по умолчанию",
    "Дата формирования",
    "low_results",
    "unfavourable_social",
    "risk_zone",
    "effective",
    "insufficient_data",
    "fail_share",
    "bottom_quartile",
    "below_regional_mean",
    "social_index",
    "near_threshold",
    "risk_count",
    "objectivity",
    "vpr_lowered",
    "None",
    "nan",
    "по 0 школам",
)
MUNICIPAL_BODY_PAGES = 8
REGIONAL_BODY_PAGES = 20


def _render(stack: Stack, username: str, fmt: str, **parameters: Any) -> bytes:
    body = {"report_type": "identification_note", "format": fmt, "parameters": {"school_year": YEAR, **parameters}}
    answer = render_report(stack.gateway, stack.auth(username), **body)
    assert answer.status_code == 200, answer.text
    return answer.content


def _docx_text(content: bytes) -> tuple[list[str], str]:
    """The paragraphs outside tables, and every text of the document including table cells."""
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return paragraphs, "\n".join([*paragraphs, *cells])


def _xlsx_text(content: bytes) -> tuple[list[str], str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    values = [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return workbook.sheetnames, "\n".join(values)


def _pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def _forbidden(text: str) -> list[str]:
    return [word for word in FORBIDDEN if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)]


def _body_pages(pages: list[str]) -> int:
    """The pages before the first appendix (headed «Приложение 1» on a new page)."""
    return next(i for i, text in enumerate(pages) if "Приложение 1" in (line.strip() for line in text.splitlines()))


@pytest.fixture(scope="module")
def signed(stack: Stack) -> dict[str, Any]:
    return {
        "registration_number": "01-12/345",
        "registration_date": "2024-09-16",
        "signatory_name": "И.И. Иванов",
        "executor_name": "Петрова А.А.",
        "executor_phone": "8 (391) 222-33-44",
        "preamble": "Справка подготовлена к совещанию руководителей школ.",
        "extra_text": "Информацию о кураторах представить в отдел общего образования.",
    }


def test_the_municipal_note_reads_as_the_seeds_write_it(stack: Stack, signed: dict[str, Any]) -> None:
    municipality = stack.territory["municipality"]["name"]
    paragraphs, text = _docx_text(_render(stack, "municipal_coordinator", "docx", **signed))
    positions = []
    for title in SECTIONS:
        found = [i for i, p in enumerate(paragraphs) if p == title or re.fullmatch(rf"\d+\. {re.escape(title)}", p)]
        assert found, title
        positions.append(found[0])
    assert positions == sorted(positions)

    intro = next(p for p in paragraphs if p.startswith("В соответствии с"))
    assert "с целью выявления школ" in intro and "Таёжного муниципального района" in intro
    assert "№\u00a001-12/345" in text and "16.09.2024" in text  # «№» bound to its number
    assert paragraphs.index(signed["preamble"]) < positions[1]  # the methodist's text after the introduction
    assert positions[6] < paragraphs.index(signed["extra_text"]) < positions[7]
    assert any(p.startswith("Анализ показал, что") for p in paragraphs)
    results = next(p for p in paragraphs if p.startswith("По результатам идентификации за"))
    assert "в эффективном режиме работают 4 школы; данных для решения достаточно по всем школам." in results
    assert "Начальник Управления образования администрации Таёжного муниципального района" in text
    assert "И.И. Иванов" in text and "Исп.: Петрова А.А., тел. 8 (391) 222-33-44" in text
    assert "Разработать и утвердить антирисковые программы" in text and "Руководители школ группы риска" in text
    assert "Категории школ по муниципалитетам" not in text  # one municipality: no section by municipality
    assert municipality in text
    assert _forbidden(text) == []


def test_the_note_as_an_order_appendix_with_default_signature(stack: Stack) -> None:
    paragraphs, text = _docx_text(
        _render(stack, "municipal_coordinator", "docx", as_order_appendix=True, order_number="45-од")
    )
    assert any("Приложение" in p and "к приказу Управления образования администрации" in p for p in paragraphs)
    assert "45-од" in text
    assert "Начальник Управления образования администрации Таёжного муниципального района" in text
    assert _forbidden(text) == []


def test_the_municipal_pdf_within_its_budget_and_the_xlsx_working_file(stack: Stack) -> None:
    pages = _pdf_pages(_render(stack, "municipal_coordinator", "pdf"))
    assert _body_pages(pages) <= MUNICIPAL_BODY_PAGES, _body_pages(pages)
    text = "\n".join(pages)
    assert "Анализ показал, что" in " ".join(text.split()) and _forbidden(text) == []

    sheets, values = _xlsx_text(_render(stack, "municipal_coordinator", "xlsx"))
    for sheet in ("Источники данных", "Сводка", "ШНОР", "Изменения", "По годам", "Факторы риска", "Рекомендации",
                  "Сведения по школам", "Параметры методики"):  # fmt: skip
        assert sheet in sheets, sheets
    assert "Муниципалитеты" not in sheets and _forbidden(values) == []
    html = _render(stack, "municipal_coordinator", "html").decode()
    assert "Анализ показал, что" in html and "Приложение 1" in html


def test_the_regional_note_keeps_its_municipalities_within_its_budget(stack: Stack) -> None:
    paragraphs, text = _docx_text(_render(stack, "regional_analyst", "docx"))
    assert "Категории школ по муниципалитетам" in paragraphs
    assert "Министр образования Заозёрской области" in text and _forbidden(text) == []
    pages = _pdf_pages(_render(stack, "regional_analyst", "pdf"))
    assert _body_pages(pages) <= REGIONAL_BODY_PAGES
    assert _forbidden("\n".join(pages)) == []
