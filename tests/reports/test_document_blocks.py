"""The blocks of a signed document read back from every format: «Приложение к приказу», the registration, a
two-level header, section rows, line breaks in cells, the signature with the executor and an appendix."""

from __future__ import annotations

import io

import docx
import openpyxl
import pypdf
import pytest

from services.reports.documents.model import Column, Section, Table
from services.reports.rendering.render import render
from services.reports.rendering.values import NBSP, format_value, section_headings
from tests.reports.sample import (
    EXECUTOR,
    SIGNATURE_NAME,
    SIGNATURE_POST,
    official_document,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

APPENDIX_TO = "Приложение 2 к приказу Управления образования Кедровского района от «___» ________ 20__ г. № ______"
PRINTED_APPENDIX_TO = APPENDIX_TO.replace("№ ", "№\u00a0")  # DOCX and HTML bind «№» to its number, XLSX does not


def _word(rows: int = 30) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(official_document(rows=rows), "docx")))


def test_docx_title_block_of_a_signed_document() -> None:
    word = _word()
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == PRINTED_APPENDIX_TO
    assert "от 03.09.2024 №\u00a001-12/345" in texts
    assert not any("Дата формирования" in t for t in texts)  # show_issued=False on what is signed
    headings = [t for t in texts if t[:2] in ("1.", "2.", "3.")]
    assert headings == ["1. Основания и цель", "2. Показатели", "3. Заключение"]
    appendix = texts.index("Приложение 1")
    assert texts[appendix + 1] == "Результаты по школам"
    assert word.paragraphs[appendix]._p.xpath("./w:pPr/w:pageBreakBefore")  # a new page


def test_docx_two_level_header_section_rows_and_line_breaks() -> None:
    table = _word().tables[0]
    upper, lower, section, first = (table.rows[i] for i in range(4))
    assert [c.text for c in upper.cells] == ["Показатель", "Ед. изм.", "2024", "2024", "2025", "2025", "Достигнуто"]
    assert [c.text for c in lower.cells][2:6] == ["План", "Факт", "План", "Факт"]
    for row in (upper, lower):  # both header rows repeat on every page and never split
        assert row._tr.xpath("./w:trPr/w:tblHeader") and row._tr.xpath("./w:trPr/w:cantSplit")
    assert lower._tr.xpath("./w:tc[1]/w:tcPr/w:vMerge/@w:val") == ["continue"]
    assert len(section._tr.tc_lst) == 1 and section._tr.xpath("./w:tc/w:tcPr/w:gridSpan/@w:val") == ["7"]
    assert section.cells[0].text == "Раздел 1. Повышение качества образования"
    assert section.cells[0].paragraphs[0].runs[0].bold
    assert first.cells[0].text == "Доля обучающихся\nниже порога 1.1"  # the line break survives
    assert [c.text for c in first.cells][2:6] == ["3", "4", "2", "—"]  # a count is «3», not «3,0»
    assert table.rows[4].cells[3].text == "18,6"  # Column.decimals = 1


def test_docx_rows_split_only_when_allowed() -> None:
    def cant_split(keep: bool) -> bool:
        doc = official_document()
        table = doc.sections[1].blocks[0]
        assert isinstance(table, Table)
        table.keep_rows = keep
        row = docx.Document(io.BytesIO(render(doc, "docx"))).tables[0].rows[4]
        return bool(row._tr.xpath("./w:trPr/w:cantSplit"))

    assert cant_split(True) and not cant_split(False)


def test_docx_signature_with_the_executor() -> None:
    word = _word()
    signature = word.tables[1]
    assert [c.text for c in signature.rows[0].cells] == [SIGNATURE_POST, SIGNATURE_NAME]
    assert signature.rows[0].cells[1].paragraphs[0].alignment == 2  # the name at the right
    texts = [p.text for p in word.paragraphs]
    assert texts.index(EXECUTOR) < texts.index("Приложение 1")  # signed before the appendices


def test_numbers_by_column_decimals_and_kind() -> None:
    value = Column(key="v", label="", kind="float", decimals=2)
    share = Column(key="p", label="", kind="percent", decimals=0)
    assert format_value(3, value) == "3" and format_value(3.0, value, 2) == "3,00"
    assert format_value(0.25, share) == f"25{NBSP}%" and format_value(0.25, share.model_copy(update={"decimals": None}))


def test_xlsx_two_level_header_section_rows_and_heights() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(official_document(), "xlsx")))
    assert book.sheetnames == ["Справка", "Показатели", "Результаты ВПР 2024"]
    summary = [c.value for row in book["Справка"].iter_rows() for c in row if c.value]
    assert APPENDIX_TO in summary and "от 03.09.2024 № 01-12/345" in summary
    assert f"{SIGNATURE_POST} — {SIGNATURE_NAME}" in summary and EXECUTOR in summary
    assert not any("Дата формирования" in str(v) for v in summary)

    sheet = book["Показатели"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A2:A3", "C2:D2", "E2:F2", "G2:G3", "A4:G4"} <= merged  # groups over columns, section rows across
    assert sheet["C2"].value == "2024" and sheet["C3"].value == "План" and sheet["D3"].value == "Факт"
    assert sheet["A4"].value == "Раздел 1. Повышение качества образования" and sheet["A4"].font.b
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
    assert sheet.print_title_rows == "$2:$3"
    assert sheet["A5"].value == "Доля обучающихся\nниже порога 1.1" and sheet["A5"].alignment.wrap_text
    assert sheet.row_dimensions[5].height >= 30  # two lines of text, two lines of height
    assert sheet["C5"].value == 3 and sheet["C5"].number_format == "0" and sheet["D6"].number_format == "0.0"


def test_html_carries_the_same_blocks() -> None:
    html = render(official_document(rows=3), "html").decode()
    assert PRINTED_APPENDIX_TO in html and "от 03.09.2024 №\u00a001-12/345" in html and "Дата формирования" not in html
    assert '<th rowspan="2">Показатель</th>' in html and '<th colspan="2">2024</th>' in html
    assert '<tr class="section"><td colspan="7">Раздел 1. Повышение качества образования</td></tr>' in html
    assert '<section class="appendix"><p class="appendix-label">Приложение 1</p>' in html
    assert SIGNATURE_POST in html and SIGNATURE_NAME in html and EXECUTOR in html
    assert "<h2>2. Показатели</h2>" in html


def _pdf_pages(content: bytes) -> list[str]:
    return [
        " ".join(page.extract_text().replace(NBSP, " ").split()) for page in pypdf.PdfReader(io.BytesIO(content)).pages
    ]


def test_pdf_is_the_docx_with_its_blocks_and_header_rows_on_every_page() -> None:
    """The PDF is the DOCX converted by LibreOffice: the same blocks, the same serif font, and the header of a
    long table at the top of every page it runs over."""
    content = render(official_document(rows=150), "pdf")
    pages = _pdf_pages(content)
    raw = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Доля обучающихся\nниже порога 1.1" in raw  # the line break inside the cell survives
    first = pages[0]
    assert " ".join(APPENDIX_TO.split()) in first and "от 03.09.2024 № 01-12/345" in first
    assert "Дата формирования" not in " ".join(pages)
    signed = next(i for i, page in enumerate(pages) if SIGNATURE_NAME in page)
    assert SIGNATURE_POST in pages[signed] and EXECUTOR in pages[signed]
    # a signed document's pages numbered at the top from page 2 on (ГОСТ Р 7.0.97-2016, п. 6.1), page 1 not
    appendix = next(i for i, page in enumerate(pages) if page.startswith(f"{i + 1} Приложение 1"))
    assert appendix > signed and len(pages) - appendix >= 3  # the list runs over several pages
    for number, page in enumerate(pages[appendix + 1 :], start=appendix + 2):
        assert page.startswith(f"{number} № Школа"), page[:80]  # the header row repeats at the top of each page
    assert not pages[0].startswith("1 ") and "Страница" not in " ".join(pages)
    fonts = pypdf.PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    assert all("LiberationSerif" in str(font.get_object()["/BaseFont"]) for font in fonts.values())


def test_pdf_with_an_authoritys_letterhead_carries_its_signature_fields() -> None:
    word = docx.Document()
    for line in (
        "МКУ «ОТДЕЛ ОБРАЗОВАНИЯ»",
        "Исх. от {{ registration_date }} № {{ registration_number }}",
        "{{ title }}",
        "{{p body }}",
        "{{ signature_post }} ______ {{ signature_name }}",
        "{{ executor }}",
    ):
        word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    text = " ".join(_pdf_pages(render(official_document(rows=5), "pdf", buffer.getvalue())))
    assert "МКУ «ОТДЕЛ ОБРАЗОВАНИЯ»" in text and "Исх. от 03.09.2024 № 01-12/345" in text
    assert f"{SIGNATURE_POST} ______ {SIGNATURE_NAME}" in text and EXECUTOR in text
    assert text.count(SIGNATURE_NAME) == 1  # the letterhead's signature, none in the body


def test_section_headings_numbered_once() -> None:
    doc = official_document()
    doc.sections = [
        Section(title="Основания"),
        Section(title="Раздел 2. Работа с обучающимися"),  # a builder's own number is kept, not doubled
        Section(title="Без номера", numbered=False),
        Section(title="Выводы"),
        Section(title="Перечень школ", appendix=True),
        Section(title="Параметры", appendix=True),
    ]
    assert [(heading, above) for _, heading, above in section_headings(doc)] == [
        ("1. Основания", None),
        ("Раздел 2. Работа с обучающимися", None),
        ("Без номера", None),
        ("2. Выводы", None),
        ("Перечень школ", "Приложение 1"),
        ("Параметры", "Приложение 2"),
    ]
