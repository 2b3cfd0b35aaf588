"""The renderers read back: DOCX with python-docx, XLSX with openpyxl, PDF with pypdf, HTML as text."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from services.reports.documents.model import Column, Document, Paragraph, Section, Table
from services.reports.rendering.render import FORMATS, MEDIA_TYPES, render
from services.reports.rendering.values import NBSP, decimals_for, format_value
from services.reports.rendering.xlsx import sheet_name
from tests.reports.sample import AUTHORITY, HEADER, TITLE, document, school_name

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


# ---------------------------------------------------------------- values


def test_values_read_as_a_russian_official_expects() -> None:
    percent, number, integer = (
        Column(key="p", label="", kind="percent"),
        Column(key="f", label="", kind="float"),
        (Column(key="i", label="", kind="int")),
    )
    day, text = Column(key="d", label="", kind="date"), Column(key="t", label="")
    assert _plain(format_value(0.25, percent)) == "25,0 %"
    assert _plain(format_value(0.3604, percent)) == "36,0 %"
    assert format_value(3.85, number, 2) == "3,85" and format_value(-0.04, number, 1) == "0,0"
    assert _plain(format_value(12345.5, number, 1)) == "12 345,5" and format_value(1234, integer) == "1234"
    assert format_value(date(2024, 9, 2), day) == "02.09.2024" and format_value("2024-09-02", day) == "02.09.2024"
    assert format_value(datetime(2024, 9, 2, 14, 30), day) == "02.09.2024"
    assert (
        format_value(None, number) == "—" and format_value(None, text) == "" and format_value(None, number, 1, "") == ""
    )
    assert format_value("н/д", percent) == "н/д" and format_value(True, text) == "да"
    assert format_value("a\x01b", text) == "ab"  # a control character XML forbids
    assert format_value("Мониторинг\x0bрезультатов", text) == "Мониторинг\nрезультатов"  # Word's line break
    rows: list[dict[str, Any]] = [{"f": 0.566}, {"f": 0.4}, {"f": None}]
    assert decimals_for(number, rows) == 3 and decimals_for(number, [{"f": 45.2}, {"f": 3}]) == 1


def test_sheet_names_follow_excels_rules() -> None:
    taken: set[str] = set()
    assert sheet_name("Результаты: ВПР/2024", taken) == "Результаты ВПР 2024"
    assert sheet_name("результаты впр 2024", taken) == "результаты впр 2024 (2)"
    long = sheet_name("Очень длинное название раздела аналитической справки", taken)
    assert len(long) <= 31 and not any(ch in long for ch in "[]:*?/\\")
    assert sheet_name("[]", taken) == "Таблица" and sheet_name("'История'", taken) == "История"
    cut = sheet_name("Мероприятия, срок исполнения которых не наступил", set())
    assert cut == "Мероприятия, срок исполнения"  # cut at a word, never «…срок не насту»
    again = {cut.casefold()}
    assert sheet_name("Мероприятия, срок исполнения которых не наступил", again) == "Мероприятия, срок (2)"


def test_every_format_has_a_media_type() -> None:
    assert set(FORMATS) == set(MEDIA_TYPES) == {"docx", "xlsx", "pdf", "html"}
    with pytest.raises(ValueError):
        render(document(), "odt")  # type: ignore[arg-type]


# ---------------------------------------------------------------- DOCX


def _size(section: Any) -> tuple[float, float]:
    return round(section.page_width.cm, 1), round(section.page_height.cm, 1)


def _docx(doc: Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(doc, "docx")))


def test_docx_frame_table_chart_and_footer() -> None:
    word = _docx(document())
    text = "\n".join(p.text for p in word.paragraphs)
    assert AUTHORITY in text and TITLE in text and "2023-2024 учебный год" in text
    assert "УТВЕРЖДЕНО" in text and "приказом Управления образования Кедровского района" in text
    assert "от 30.08.2024 №\u00a0123-од" in text and "Дата формирования: 02.09.2024" in text  # «№» bound to it
    assert "1. Методика идентификации" in text and "– доля участников ниже порога — не менее 30 %" in _plain(text)
    assert "{{" not in text and "{%" not in text

    (table,) = word.tables
    assert [c.text for c in table.rows[0].cells] == HEADER
    first = [_plain(c.text) for c in table.rows[1].cells]
    assert first[:6] == ["1", school_name(0), "20", "36,0 %", "3,0", "15.04.2024"]
    assert table.rows[3].cells[1].text == "<Школа> & Co"  # escaped into XML, read back as text
    assert len(table.rows) == 1 + 60 + 1
    header_pr = table.rows[0]._tr.trPr
    assert header_pr is not None and header_pr.find(qn("w:tblHeader")) is not None
    row_pr = table.rows[1]._tr.trPr
    assert row_pr is not None and row_pr.find(qn("w:tblHeader")) is None
    total = table.rows[-1]
    assert total.cells[1].text == "Итого по району" and all(r.bold for r in total.cells[1].paragraphs[0].runs)
    assert total.cells[0].text == "" and _plain(total.cells[3].text) == "21,5 %"

    assert len(word.inline_shapes) == 1  # the chart
    assert any(p.partname.startswith("/word/media/") for p in word.part.package.iter_parts())

    section = word.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT and _size(section) == (21.0, 29.7)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Страница" in footer_xml
    assert word.core_properties.title == TITLE


def test_docx_landscape_and_no_approval() -> None:
    word = _docx(document(landscape=True, approved=False))
    section = word.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE and _size(section) == (29.7, 21.0)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "УТВЕРЖДЕНО" not in text and "приказом Управления" not in text and TITLE in text


def test_docx_empty_table_and_odd_text() -> None:
    doc = Document(
        report_type="x",
        authority="«<Управление>» & Co",
        title='Справка "1" \x0c',
        issued=date(2024, 9, 2),
        sections=[
            Section(
                title="Раздел",
                blocks=[
                    Paragraph(text="Строка 1\nстрока 2 <b>не тег</b>"),
                    Table(columns=[Column(key="a", label="A"), Column(key="b", label="B", kind="int")], rows=[]),
                ],
            )
        ],
    )
    word = _docx(doc)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "«<Управление>» & Co" in text and "Справка «1»" in text and "строка 2 <b>не тег</b>" in text
    assert [c.text for c in word.tables[0].rows[1].cells] == ["Нет данных", "Нет данных"]  # one merged cell


# ---------------------------------------------------------------- XLSX


def _header_row(sheet: openpyxl.worksheet.worksheet.Worksheet) -> int:
    return next(r for r in range(1, 30) if sheet.cell(r, 1).value == "№")


def test_xlsx_sheets_numbers_and_print_setup() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(document(), "xlsx")))
    assert book.sheetnames == ["Справка", "Результаты ВПР 2024"]

    summary = book["Справка"]
    values = [c.value for row in summary.iter_rows() for c in row if c.value]
    assert AUTHORITY in values and TITLE in values and "УТВЕРЖДЕНО" in values
    assert "Идентификация проведена по методике, утверждённой приказом № 45." in values
    assert len(summary._images) == 1

    # a link to the sheet where the table stands in the DOCX; no index of sheets saying it again for one table
    assert "Таблица 1. Результаты ВПР по школам — на листе «Результаты ВПР 2024»." in values
    assert "Таблицы на отдельных листах" not in values

    sheet = book["Результаты ВПР 2024"]
    assert sheet["A1"].value == "Таблица 1. Результаты ВПР по школам"  # one caption line, then the header
    header = _header_row(sheet)
    assert header == 2
    assert [c.value for c in sheet[header]] == HEADER
    first = sheet[header + 1]
    assert first[0].value == 1 and first[0].number_format == "0"
    assert first[1].value == school_name(0) and first[1].data_type == "s"
    assert first[3].value == pytest.approx(0.36) and first[3].number_format == "0.0%"
    assert first[4].value == pytest.approx(3.0) and first[4].number_format == "0.0"
    assert first[5].value == datetime(2024, 4, 15) and first[5].number_format == "dd.mm.yyyy"
    assert sheet.cell(header + 3, 2).value == "<Школа> & Co"
    total = sheet[header + 61]
    assert total[1].value == "Итого по району" and total[1].font.b and total[3].value == pytest.approx(0.215)

    assert sheet.auto_filter.ref == f"A{header}:G{header + 60}"  # the total row is not sorted with the data
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "portrait" and sheet.page_setup.paperSize == 9
    # one page wide (fitToWidth defaults to 1, so it is omitted), as many pages tall as needed
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.oddFooter.right.text == "Страница &P из &N"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_xlsx_indexes_the_sheets_of_several_tables() -> None:
    """Two tables: each linked where it stands, and an index of both at the end of the first sheet."""
    two = document(rows=3)
    table = next(b for b in two.sections[-1].blocks if isinstance(b, Table))
    two.sections[-1].blocks.append(table.model_copy(update={"title": "Таблица 2. Те же школы"}))
    values = [c.value for row in openpyxl.load_workbook(io.BytesIO(render(two, "xlsx")))["Справка"].iter_rows()
              for c in row if c.value]  # fmt: skip
    index = values.index("Таблицы на отдельных листах")
    assert [v for v in values[index + 1 :] if " — " in str(v)] == [
        "«Результаты ВПР 2024» — Таблица 1. Результаты ВПР по школам",
        "«Результаты ВПР 2024 (2)» — Таблица 2. Те же школы",
    ]


def test_xlsx_landscape_text_stays_text_and_tables_only() -> None:
    doc = Document(
        report_type="plan",
        authority=AUTHORITY,
        title="Дорожная карта",
        issued=date(2024, 9, 2),
        landscape=True,
        sections=[
            Section(
                title="План мероприятий",
                blocks=[Table(columns=[Column(key="a", label="Мероприятие")], rows=[{"a": "=1+1"}, {"a": "@SUM(A1)"}])],
            ),
            Section(title="План мероприятий", blocks=[Table(columns=[Column(key="a", label="Итог")], rows=[])]),
        ],
    )
    book = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx")))
    assert book.sheetnames == ["Справка", "План мероприятий", "План мероприятий (2)"]  # the title block first
    sheet = book["План мероприятий"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Мероприятие")
    assert sheet.cell(header + 1, 1).value == "=1+1" and sheet.cell(header + 1, 1).data_type == "s"
    assert sheet.page_setup.orientation == "landscape"
    empty = book["План мероприятий (2)"]
    assert any(c.value == "Нет данных" for row in empty.iter_rows() for c in row)


# ---------------------------------------------------------------- HTML and PDF


def test_html_is_escaped_and_standalone() -> None:
    html = render(document(), "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="ru">' in html
    assert "&lt;Школа&gt; &amp; Co" in html and "<Школа>" not in html
    assert html.count("<thead>") == 1 and "<th>Доля «2»</th>" in html
    assert 'src="data:image/png;base64,' in html and "http" not in html.replace("http-equiv", "")
    assert "size: A4 portrait" in html and '"Times New Roman"' in html  # CSS is not entity-escaped
    assert '<tr class="total">' in html and "<tfoot>" not in html
    assert '<ul class="list"><li>доля участников ниже порога — не менее 30\xa0%</li><li>' in html  # «%» tied
    assert "size: A4 landscape" in render(document(landscape=True), "html").decode()


def _pdf(doc: Document) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(render(doc, "pdf")))


def test_pdf_pages_cyrillic_repeated_header_and_page_numbers() -> None:
    reader = _pdf(document())
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    assert count > 1
    assert AUTHORITY in pages[0] and "УТВЕРЖДЕНО" in pages[0]
    assert f"Страница 1 из {count}" in pages[0] and f"Страница {count} из {count}" in pages[-1]
    everything = "\n".join(pages)
    printed = [school_name(i).replace("№ ", "№\u00a0") for i in (0, 59)]  # «№» bound to its number
    assert printed[0] in everything and printed[1] in everything and "<Школа> & Co" in everything
    assert "36,0" in everything and "Итого по району" in everything
    for page in pages[1:]:
        assert "Средний балл" in page and "Категория" in page  # the header row repeats on every page
    box = reader.pages[0].mediabox
    assert float(box.width) < float(box.height)
    fonts = reader.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any(name.endswith("+LiberationSerif") for name in names)  # Times New Roman's twin, embedded


def test_pdf_landscape() -> None:
    reader = _pdf(document(landscape=True))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert round(float(box.width) / 72 * 2.54, 1) == 29.7


# ---------------------------------------------------------------- size


def test_a_thousand_rows_in_every_format() -> None:
    """A long table stays whole in every format (the speed of it is measured in bench/reports.py)."""
    doc = document(rows=1000)
    outputs = {fmt: render(doc, fmt) for fmt in FORMATS}  # type: ignore[arg-type]
    assert len(docx.Document(io.BytesIO(outputs["docx"])).tables[0].rows) == 1002
    assert openpyxl.load_workbook(io.BytesIO(outputs["xlsx"]))["Результаты ВПР 2024"].max_row > 1000
    assert len(pypdf.PdfReader(io.BytesIO(outputs["pdf"])).pages) > 20
