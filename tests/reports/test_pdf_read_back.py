"""Every document type as PDF, read back with pypdf and compared with its DOCX: every word, sign and number comes
through drawn (no missing glyph), header rows repeat on each page of a long table, pages are numbered and turned
as the DOCX sets them, and no text runs past a cell's border or the page's edge, nor is lost from a row taller
than a page. LibreOffice is slow: six conversions in all, each read by every check (module fixtures)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from pypdf.generic import ContentStream, DictionaryObject, TextStringObject

from services.reports.documents.model import Column, Document, Paragraph, Section, Table
from services.reports.rendering.docx import render_docx, table_xml
from services.reports.rendering.pdf import office, unbroken_years_and_numbers
from tests.reports.test_documents_read_back_2 import DOCUMENTS

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SIGNS = "ё№−≥≤«»—%\u00a0"
NUMBER = re.compile(r"[−+]?\d+(?:\u00a0\d{3})*(?:,\d+)?(?:\u00a0%)?")
CYRILLIC = re.compile(r"[А-Яа-яЁё]+")
URL = "https://kedrovka-shkola.obrazovanie.ru/documents/plan-meropriyatiy/2024/prilozhenie_5_otchet.pdf"
SPECIAL = "Доля «2» ≥ 30 % и ≤ 50 %, изменение −2,5 — ёлка № 5, 1\u00a0234,5 балла"
RIGHT_MARGIN_PT = 1.5 / 2.54 * 72  # the default frame's right margin
TALL_PHRASES = 700


# --- the documents -------------------------------------------------------------------------------------------


def _long_table(rows: int = 200) -> Table:
    """A two-level header over narrow columns holding a URL, long words and figures."""
    columns = [
        Column(key="n", label="№", kind="int", width=0.4),
        Column(key="school", label="Школа", width=2),
        Column(key="url", label="Ссылка", width=1),
        Column(key="word", label="Слово", width=0.8),
        Column(key="plan", label="План", kind="float", group="2024", width=0.7),
        Column(key="fact", label="Факт", kind="percent", group="2024", width=0.7),
        Column(key="note", label="Примечание", width=1.5),
    ]
    data = [
        {"n": i + 1, "school": f"МБОУ «Берёзовская СОШ № {i + 1}»", "url": URL, "plan": -1.5 * i, "fact": 0.3,
         "word": "Высококвалифицированныйпреподаватель" if i % 2 else "Предпрофессионально-ориентированное",
         "note": SPECIAL}
        for i in range(rows)
    ]  # fmt: skip
    return Table(title="Таблица 1. Длинная", columns=columns, rows=data, sheet="Длинная")


def _wide_table() -> Table:
    """Thirteen columns whose header words need more than the page's width, their figures less."""
    columns = [Column(key="name", label="Показатель", width=2)]
    columns += [Column(key=f"c{i}", label="Ответственный", kind="percent", width=0.5) for i in range(12)]
    rows = [{"name": f"Показатель {r}", **{f"c{i}": 0.305 + i % 2 for i in range(12)}} for r in range(3)]
    return Table(title="Таблица 2. Широкая", columns=columns, rows=rows, sheet="Широкая")


def _tall_table() -> Table:
    """A row longer than a page (a plan's activity described at length)."""
    text = " ".join(f"Мероприятие{i} проводится ежемесячно." for i in range(TALL_PHRASES))
    columns = [Column(key="n", label="№", width=0.5), Column(key="text", label="Описание", width=3)]
    rows = [{"n": "1", "text": "Первое"}, {"n": "2", "text": text}, {"n": "3", "text": "Последнее"}]
    return Table(title="Таблица 3. Высокая строка", columns=columns, rows=rows, sheet="Высокая")


def stress() -> Document:
    return Document(
        report_type="identification_note",
        authority="Управление образования администрации Кедровского района",
        title="Проверка PDF",
        issued=date(2024, 9, 2),
        sections=[
            Section(title="Знаки", blocks=[Paragraph(text=SPECIAL), Paragraph(text=f"Документ: {URL}")]),
            Section(title="Таблицы", blocks=[_long_table(), _wide_table(), _tall_table()]),
        ],
    )


@dataclass
class Rendered:
    word: Any  # python-docx's Document
    pdf: pypdf.PdfReader

    @property
    def body_text(self) -> str:
        paragraphs = self.word.element.body.iter(qn("w:p"))
        return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs)

    @property
    def pages(self) -> list[str]:
        return [page.extract_text() for page in self.pdf.pages]


def _render(document: Document) -> Rendered:
    content = render_docx(document)
    pdf = office().convert(content)  # the same DOCX, converted as render_pdf converts it
    return Rendered(docx.Document(io.BytesIO(content)), pypdf.PdfReader(io.BytesIO(pdf)))


@pytest.fixture(scope="module")
def rendered() -> dict[str, Rendered]:
    documents = {name: build() for name, build in DOCUMENTS.items()} | {"stress": stress()}
    return {name: _render(document) for name, document in documents.items()}


NAMES = [*DOCUMENTS, "stress"]


# --- text: words, signs and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_word_sign_and_number_of_the_docx_is_in_the_pdf(rendered: dict[str, Rendered], name: str) -> None:
    document = rendered[name]
    source, text = document.body_text, "\n".join(document.pages)
    joined = re.sub(r"\s", "", text)  # a long word may wrap within a narrow cell
    assert not [w for w in set(CYRILLIC.findall(source)) if w not in joined]
    assert {c: text.count(c) >= source.count(c) for c in SIGNS} == dict.fromkeys(SIGNS, True)
    assert not [n for n in set(NUMBER.findall(source)) if n not in text]  # whole, no-break spaces kept
    assert "\ufffd" not in text


def _to_unicode(font: Any) -> dict[int, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    pairs = re.findall(
        r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))
    )
    return {int(code, 16): bytes.fromhex(char).decode("utf-16-be") for code, char in pairs}


def _undrawn(font: Any) -> set[str]:
    """The characters an embedded font draws with an empty glyph (the missing-glyph box or nothing)."""
    program = TTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    codes = program["cmap"].tables[0].cmap
    glyphs = program["glyf"]
    return {
        char
        for code, char in _to_unicode(font).items()
        if not char.isspace() and (codes.get(code) in (None, ".notdef") or glyphs[codes[code]].numberOfContours == 0)
    }


def _fonts(reader: pypdf.PdfReader) -> Iterator[Any]:
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            yield font.get_object()


@pytest.mark.parametrize("name", NAMES)
def test_every_character_is_drawn_in_an_embedded_font(rendered: dict[str, Rendered], name: str) -> None:
    undrawn = set().union(*(_undrawn(font) for font in _fonts(rendered[name].pdf)))
    assert {c for c in undrawn if ord(c) <= 0xFFFF} == set()  # an emoji (the plan's 🙂) has no font on a server


# --- pages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_pages_are_numbered_and_turned_as_the_docx_sets_them(rendered: dict[str, Rendered], name: str) -> None:
    document = rendered[name]
    pages = document.pages
    if document.word.sections[-1].different_first_page_header_footer:  # signed: at the top from page 2 on
        tops = [page.split("\n", 1)[0].strip() for page in pages]
        assert tops[0] != "1" and tops[1:] == [str(i) for i in range(2, len(pages) + 1)], tops
    else:
        assert [f"Страница {i} из {len(pages)}" in page for i, page in enumerate(pages, 1)] == [True] * len(pages)
    landscape = document.word.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    boxes = [page.mediabox for page in document.pdf.pages]
    assert {float(box.width) > float(box.height) for box in boxes} == {landscape}
    assert landscape == (name in ("plan", "plan_execution", "indicators", "school_card"))


def test_the_header_of_a_long_table_repeats_on_each_of_its_pages(rendered: dict[str, Rendered]) -> None:
    pages = rendered["stress"].pages
    joined = [re.sub(r"\s", "", page) for page in pages]  # a school's name wraps in its narrow cell
    first = next(i for i, page in enumerate(joined) if "БерёзовскаяСОШ№1»" in page)
    last = next(i for i, page in enumerate(joined) if "БерёзовскаяСОШ№200»" in page)
    assert last - first >= 3  # 200 rows span several pages
    for page in pages[first : last + 1]:
        assert all(label in page for label in ("№", "Школа", "Ссылка", "Слово", "2024", "План", "Факт", "Примечание"))


def test_a_row_taller_than_a_page_loses_no_text(rendered: dict[str, Rendered]) -> None:
    text = " ".join(rendered["stress"].pages).replace("\n", " ")
    assert [i for i in range(TALL_PHRASES) if f"Мероприятие{i} " not in text] == []
    assert "Последнее" in text


# --- geometry: nothing past a cell's border or the page's edge -----------------------------------------------


@dataclass
class Run:
    x0: float
    x1: float
    y: float


def _codes(item: Any) -> bytes:
    return item.original_bytes if isinstance(item, TextStringObject) else bytes(item)


def _width(items: list[Any], font: Any, size: float) -> float:
    """The advance of a TJ/Tj array in a simple font (LibreOffice embeds TrueType subsets with /Widths)."""
    first, widths = int(font["/FirstChar"]), font["/Widths"]
    total = 0.0
    for item in items:
        if isinstance(item, (bytes, str)):
            total += sum(float(widths[c - first]) for c in _codes(item)) / 1000 * size
        else:
            total -= float(item) / 1000 * size
    return total


def _layout(reader: pypdf.PdfReader, page: pypdf.PageObject) -> tuple[list[Run], list[tuple[float, float, float]]]:
    """The text runs and the vertical rules (x, y from, y to) of a page as LibreOffice writes them."""
    fonts = {key: value.get_object() for key, value in page["/Resources"]["/Font"].items()}  # type: ignore[index]
    runs: list[Run] = []
    rules: list[tuple[float, float, float]] = []
    font, size, x, y, start = DictionaryObject(), 0.0, 0.0, 0.0, (0.0, 0.0)
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            font, size = fonts[operands[0]], float(operands[1])
        elif operator in (b"Td", b"Tm"):
            x, y = float(operands[-2]), float(operands[-1])
        elif operator == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif operator == b"l" and abs(start[0] - float(operands[0])) < 0.01:
            rules.append((start[0], min(start[1], float(operands[1])), max(start[1], float(operands[1]))))
        elif operator in (b"TJ", b"Tj"):
            items = list(operands[0]) if operator == b"TJ" else [operands[0]]
            runs.append(Run(x, x + _width(items, font, size), y))
    return runs, rules


@pytest.mark.parametrize("name", NAMES)
def test_no_text_crosses_a_cell_border_or_the_margin(rendered: dict[str, Rendered], name: str) -> None:
    reader = rendered[name].pdf
    for number, page in enumerate(reader.pages, 1):
        runs, rules = _layout(reader, page)
        right = float(page.mediabox.width) - RIGHT_MARGIN_PT + 1
        assert [r for r in runs if r.x0 < 0 or r.x1 > right] == [], f"page {number}"
        assert max(x for x, _, _ in rules or [(0.0, 0, 0)]) <= right, f"page {number}: a table past the margin"
        crossing = [r for r in runs for x, low, high in rules if r.x0 + 0.5 < x < r.x1 - 0.5 and low <= r.y <= high]
        assert crossing == [], f"page {number}"


def test_a_table_is_never_wider_than_the_text_area() -> None:
    usable = 9637  # A4 portrait less 2 cm and 1.5 cm, in twips
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', table_xml(_wide_table(), usable))]
    assert len(grid) == 13 and sum(grid) <= usable


def test_a_row_taller_than_a_page_may_split_and_the_others_never() -> None:
    """LibreOffice splits a never-split row taller than a page all the same and drops its tail (seen above)."""
    rows = re.findall(r"<w:tr><w:trPr>(?:<w:cantSplit/>)?(?:<w:tblHeader/>)?|<w:tr>", table_xml(_tall_table(), 9637))
    assert rows[1:] == ["<w:tr><w:trPr><w:cantSplit/>", "<w:tr>", "<w:tr><w:trPr><w:cantSplit/>"]


def test_a_table_starting_at_a_page_foot_keeps_every_row_in_the_pdf() -> None:
    """A region's note (tests/reports/fixtures/lost_rows.docx) whose «Зона риска» list of 27 schools, under two
    repeated header rows, starts at a page's foot: LibreOffice went on after the table with rows 2–27 gone, while
    the DOCX held them all. The PDF's copy lets each table's first row split (`pdf._first_rows_may_split`)."""
    content = (Path(__file__).with_name("fixtures") / "lost_rows.docx").read_bytes()
    pdf = office().convert(unbroken_years_and_numbers(content))  # as render_pdf converts a rendered DOCX
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    start = text.index("Зона риска снижения образовательных результатов: 27 школ")
    listed = text[start : text.index("Недостаточно данных для решения (2", start)]
    assert re.findall(r"^(\d{1,2}) М", listed, re.MULTILINE) == [str(n) for n in range(1, 28)]
