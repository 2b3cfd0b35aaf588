"""Three typesetting faults of the signed documents, read back as the official who signs them (python-docx, openpyxl,
the HTML page, LibreOffice's PDF): a long school name broke in the middle of a word in a narrow column of the note's
lists and appendix («общеобразовательно|е», «Муниципально|е»): a text column now keeps room for its longest word (at
most `LONGEST_WORD` letters) as a numeric one does for its number, the table never wider than the page; «№» ended a
line and its number started the next («школа №» / «12»): DOCX, PDF and HTML bind them with a no-break space, XLSX
cells keep the plain space; the approval block always read «УТВЕРЖДЕНО»: its word now agrees with the document's
name as ГОСТ Р 7.0.97-2016 has it («План мероприятий» — УТВЕРЖДЕН, «Дорожная карта» — УТВЕРЖДЕНА, «Правила» —
УТВЕРЖДЕНЫ), «УТВЕРЖДЕНО» when the name tells none."""

from __future__ import annotations

import io
import itertools
import re
from datetime import date

import docx
import openpyxl
import pypdf
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from services.reports.documents.model import Column, Document, Section, Table, approved_word
from services.reports.rendering.docx import LONGEST_WORD
from services.reports.rendering.render import render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_read_back import _activity, _plan
from tests.reports.test_documents_read_back_18 import _note
from tests.reports.test_plan_documents_read_back_18 import _plan_document, _section

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

NBSP = "\u00a0"
LONG = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»"
LONG_WORDS = {w for w in re.findall(r"[А-Яа-яЁё]+", LONG) if len(w) >= 8}
PORTRAIT_TWIPS = round((21.0 - 2.0 - 1.5) / 2.54 * 1440)  # the default frame's text width
CELL_MARGINS = 2 * 57


def _long_named_note() -> Document:
    """The realistic municipal note, its school 9901001 (ШНСУ, listed in the note and its appendix) named in full."""
    answer = realistic.note()
    for school in answer["schools"]:
        if school["school_code"] == "9901001":
            school["school_name"] = LONG
    return _note(answer)


@pytest.fixture(scope="module")
def note() -> Document:
    return _long_named_note()


@pytest.fixture(scope="module")
def note_pdf_lines(note: Document) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render(note, "pdf")))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]


def _word(content: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(content))


def _grids(word: WordDocument) -> list[tuple[list[int], list[str]]]:
    """Each table's column widths (twips) with its first row's cell texts."""
    return [
        ([int(col.get(qn("w:w"))) for col in table._tbl.tblGrid], [cell.text for cell in table.rows[0].cells])
        for table in word.tables
    ]


def _paragraphs(word: WordDocument) -> list[str]:
    """Every paragraph's text of the body, in tables too, as written (no-break spaces kept)."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))]


def _word_twips(word: str, size: float) -> int:
    """The least a word takes in a cell: half an em a letter (lowercase Cyrillic of Times New Roman is no
    narrower) and the cell's margins."""
    return int(len(word) * 0.5 * size * 20) + CELL_MARGINS


# --- a text column keeps its longest word whole ----------------------------------------------------------------


def test_the_appendix_s_school_column_holds_the_longest_word_of_a_school_s_name(note: Document) -> None:
    """«Школа» of the appendix was 1587 twips wide: «общеобразовательное» (19 letters) broke after its 14th. Every
    table of the note stays within the page all the same."""
    grids = [(w, h) for w, h in _grids(_word(render(note, "docx"))) if "____" not in "".join(h)]  # not the signature
    widths = next(w for w, h in grids if h[:3] == ["№", "Код ОО", "Школа"])
    assert widths[2] >= _word_twips("общеобразовательное", 10.0), widths
    assert len(grids) >= 10 and all(sum(w) <= PORTRAIT_TWIPS for w, _ in grids), grids


def _text_table(words: list[str], shares: list[float]) -> Document:
    cols = [Column(key=f"c{i}", label=f"Графа {i + 1}", width=share) for i, share in enumerate(shares)]
    table = Table(columns=cols, rows=[{c.key: " ".join(words) for c in cols}])
    section = Section(title="Таблица", blocks=[table], numbered=False)
    return Document(report_type="sample", authority="Управление образования", title="Проверка", issued=date(2024, 9, 2),
                    sections=[section])  # fmt: skip


def _widths(document: Document) -> list[int]:
    return _grids(_word(render(document, "docx")))[0][0]


def test_text_columns_keep_their_longest_words_whole_when_they_fit() -> None:
    """Three narrow columns of school names beside a wide one (a seventh of the page each: 1417 twips) are each wide
    enough for «общеобразовательное», the room taken from the wide one. Eight columns of such words need more than
    the page: the table is no wider than the page, the columns shared alike, none squeezed for another."""
    widths = _widths(_text_table(LONG.split(), [4.0, 1.0, 1.0, 1.0]))
    assert min(widths) >= _word_twips("общеобразовательное", 10.0) and sum(widths) <= PORTRAIT_TWIPS, widths
    crowded = _widths(_text_table(["общеобразовательное"] * 3, [1.0] * 8))
    assert sum(crowded) <= PORTRAIT_TWIPS and max(crowded) - min(crowded) <= 8, crowded


def test_a_word_longer_than_the_cap_takes_no_more_than_the_cap_s_width() -> None:
    """A link in a text column may break: it takes the room of `LONGEST_WORD` letters, not the whole table's."""
    link = "https://kedrovka-shkola.obrazovanie.ru/documents/plan-meropriyatiy/2024/prilozhenie_5_otchet.pdf"
    cols = [Column(key="text", label="Описание", width=6.0), Column(key="link", label="Ссылка", width=1.0)]
    rows = [{"text": "Отчёт", "link": link}, {"text": "Отчёт", "link": "общеобразовательное"}]
    section = Section(title="Ссылки", blocks=[Table(columns=cols, rows=rows)], numbered=False)
    document = Document(report_type="sample", authority="Управление образования", title="Проверка",
                        issued=date(2024, 9, 2), sections=[section])  # fmt: skip
    widths, _ = _grids(_word(render(document, "docx")))[0]
    assert _word_twips("общеобразовательное", 10.0) <= widths[1] <= int(LONGEST_WORD * 0.75 * 200) + 200, widths


def test_no_word_of_a_long_school_name_breaks_in_the_pdf(note_pdf_lines: list[str]) -> None:
    """The PDF's lines: no line ends with a piece of a word of the name that the next line completes."""
    broken = [
        (a, b)
        for a, b in itertools.pairwise(note_pdf_lines)
        if re.sub(r"\W", "", a.split()[-1] + b.split()[0]) in LONG_WORDS
    ]
    assert not broken, broken
    words = {re.sub(r"[^\w]", "", w) for line in note_pdf_lines for w in line.split()}
    assert {"общеобразовательное", "Муниципальное", "общеобразовательная"} <= words


# --- «№» bound to its number ------------------------------------------------------------------------------------


def test_no_line_of_the_pdf_ends_with_the_number_sign(note_pdf_lines: list[str]) -> None:
    """«…общеобразовательная школа №» / «12»» is gone; «№ 12» stands on one line."""
    assert not [line for line in note_pdf_lines if len(line) > 1 and line.endswith("№")]
    assert any(f"№{NBSP}12»" in line for line in note_pdf_lines)


def test_the_docx_binds_the_number_sign_to_its_number(note: Document) -> None:
    texts = _paragraphs(_word(render(note, "docx")))
    joined = "\n".join(texts)
    assert f"СОШ №{NBSP}2»" in joined and f"№{NBSP}01-04-57" in joined  # a school's number, an order's number
    assert not re.search(r"№ [\d_]", joined), [t for t in texts if re.search(r"№ [\d_]", t)]
    assert any(t.startswith("№ ") for t in texts)  # a header's «№ фактора» keeps its plain space: it may break
    book = openpyxl.load_workbook(io.BytesIO(render(note, "xlsx")))  # the workbook's cells keep the plain space
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("СОШ № 2»" in cell for cell in cells) and not [cell for cell in cells if f"№{NBSP}" in cell]


def test_the_html_binds_the_number_sign_to_its_number(note: Document) -> None:
    page = render(note, "html").decode("utf-8")
    assert f"СОШ №{NBSP}2»" in page and not re.search(r"№ \d", page)


def test_a_blank_number_and_a_plan_s_order_number_are_bound_too() -> None:
    """The approval's «от 02.09.2024 № 57-од» of the default frame, and a draft's «№ ______» to fill in by hand."""
    approved = _paragraphs(_word(render(_plan_document(_plan([_section([_activity("1", "Сбор")])])), "docx")))
    assert f"от 02.09.2024 №{NBSP}57-од" in approved
    draft = _plan([_section([_activity("1", "Сбор")])]) | {"status": "draft", "order_number": None}
    assert any(f"№{NBSP}______" in t for t in _paragraphs(_word(render(_plan_document(draft), "docx"))))


# --- the approval's word agrees with the document's name --------------------------------------------------------


def _approved_plan(title: str, kind: str = "Муниципальная дорожная карта") -> Document:
    return _plan_document(_plan([_section([_activity("1", "Сбор")])]) | {"title": title, "kind_label": kind})


AGREED = [
    ("План мероприятий («дорожная карта») по повышению качества образования", "УТВЕРЖДЕН"),
    ("Комплексный план работы со школами с низкими результатами", "УТВЕРЖДЕН"),
    ("Дорожная карта по переходу школ в эффективный режим работы", "УТВЕРЖДЕНА"),
    ("Программа поддержки школ с низкими образовательными результатами", "УТВЕРЖДЕНА"),
    ("Методические рекомендации по работе со школами", "УТВЕРЖДЕНЫ"),
]


@pytest.mark.parametrize(("title", "word"), AGREED)
def test_the_approval_s_word_agrees_with_the_plan_s_name_in_every_format(title: str, word: str) -> None:
    document = _approved_plan(title)
    assert word in _paragraphs(_word(render(document, "docx")))
    assert f">{word}<" in render(document, "html").decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))
    assert word in [c.value for row in book.worksheets[0].iter_rows() for c in row]


def test_a_title_that_tells_no_gender_agrees_with_the_plan_s_kind() -> None:
    """«МБОУ «СОШ № 1» на 2024-2025 учебный год», an «Антирисковая программа»: УТВЕРЖДЕНА."""
    document = _approved_plan("МБОУ «СОШ № 1» на 2024-2025 учебный год", kind="Антирисковая программа")
    assert "УТВЕРЖДЕНА" in _paragraphs(_word(render(document, "docx")))
    untold = _paragraphs(_word(render(_approved_plan("О работе со школами в 2024-2025 учебном году", kind=""), "docx")))
    assert "УТВЕРЖДЕНО" in untold and not {"УТВЕРЖДЕН", "УТВЕРЖДЕНА", "УТВЕРЖДЕНЫ"} & set(untold)  # neither tells


def test_the_approval_s_word_by_the_name_falls_back_to_the_neuter() -> None:
    words = {
        "Положение о наставничестве": "УТВЕРЖДЕНО",
        "Правила внутреннего распорядка": "УТВЕРЖДЕНЫ",
        "Антирисковая программа МБОУ «СОШ № 5»": "УТВЕРЖДЕНА",
        "Перечень школ": "УТВЕРЖДЕН",
        "Развитие кадрового потенциала": "УТВЕРЖДЕНО",  # a noun in «-ие», no plural adjective: unknown
        "Об итогах мониторинга": "УТВЕРЖДЕНО",
    }
    assert {name: approved_word(name) for name in words} == words and approved_word(None) == "УТВЕРЖДЕНО"


def _letterhead(lines: list[str]) -> bytes:
    word = docx.Document()
    for line in lines:
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_a_letterhead_may_print_the_agreed_word() -> None:
    """An authority's own letterhead lays out the approval block with `{{ approved }}`."""
    template = _letterhead(["{%p if approval %}", "{{ approved }}", "{%p endif %}", "{{ title }}", "{{p body }}"])
    document = _approved_plan("План мероприятий по повышению качества образования")
    assert "УТВЕРЖДЕН" in _paragraphs(_word(render(document, "docx", template)))
