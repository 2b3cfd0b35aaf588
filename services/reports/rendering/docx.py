"""DOCX: the template is the frame, the sections become the `{{p body }}` subdocument.

Body formatting is direct (bold, sizes, borders), never a named style: an authority's letterhead made in a
localised Word has its own style ids, and a style the template lacks would silently fall back to «Обычный».
Tables are written as WordprocessingML directly — python-docx's cell API is quadratic and a 1,000-row plan
would take seconds.
"""

from __future__ import annotations

import io
import math
import re
from datetime import UTC, datetime, time
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from lxml import etree

from services.reports.documents.model import (
    MINUS,
    SECTION_ROW,
    Chart,
    Column,
    Document,
    Paragraph,
    Signature,
    Table,
    number_sign_bound,
)
from services.reports.rendering.isolated import render_letterhead
from services.reports.rendering.sandbox import TemplateError, TemplateLimit, jinja_message, sandbox
from services.reports.rendering.templates import default_template, open_template, uses_signature_fields
from services.reports.rendering.values import (
    CAPTION_ROOM_CM,
    NBSP,
    appendix_to_text,
    cell_text,
    chart_width_cm,
    column_decimals,
    file_property,
    format_date,
    header_groups,
    is_numeric,
    is_section_row,
    printed,
    registration_fields,
    relative_widths,
    section_headings,
    signatures,
    table_font_size,
    with_grouping,
)

TWIP_EMU = 635  # 1/20 pt
HEADER_FILL = "D9D9D9"
TOTAL_FILL = "F2F2F2"
SECTION_FILL = "EDEDED"


def context(document: Document) -> dict[str, Any]:
    """The template fields (see templates.TEMPLATE_FIELDS) except `body`, every text as the body prints it."""
    approval = document.approval
    registration_date, registration_number = registration_fields(document)
    signed = signatures(document)
    signature = signed[-1] if signed else None
    return {
        "authority": printed(document.authority),
        "title": printed(document.title),
        "subtitle": printed(document.subtitle or ""),
        "issued": format_date(document.issued),
        "show_issued": document.show_issued,
        "report_type": document.report_type,
        "approval": (
            {
                "authority": printed(approval.authority),
                "word": approval.word,
                "order_number": printed(approval.order_number),
                "order_date": format_date(approval.order_date),
            }
            if approval
            else None
        ),
        "approved": approval.word if approval else "",
        "approval_authority": printed(approval.authority) if approval else "",
        "order_number": printed(approval.order_number) if approval else "",
        "order_date": format_date(approval.order_date) if approval else "",
        "appendix_to": number_sign_bound(appendix_to_text(document)),
        "registration": document.registration is not None,
        "registration_date": registration_date,
        "registration_number": registration_number,
        "signature_post": printed(signature.post) if signature else "",
        "signature_name": printed(signature.name) if signature else "",
        "executor": printed(signature.executor or "") if signature else "",
    }


# ---------------------------------------------------------------- raw WordprocessingML


def _runs(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = printed(text).replace("\t", " ").replace("\r\n", "\n").split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{inner}</w:r>"


def _p(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: str | None = None,
    before: int = 0,
    after: int = 0,
    first_line: int = 0,
    left: int = 0,
    keep_next: bool = False,
    outline: int | None = None,
    hanging: int = 0,
    page_break: bool = False,
) -> str:
    ppr = ""
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    ppr += f'<w:spacing w:before="{before}" w:after="{after}"/>'
    if first_line or left or hanging:
        ind = f' w:left="{left}"' if left else ""
        ind += f' w:firstLine="{first_line}"' if first_line else ""
        ind += f' w:hanging="{hanging}"' if hanging else ""
        ppr += f"<w:ind{ind}/>"
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{_runs(text, bold=bold, italic=italic, size=size)}</w:p>"


def _element(xml: str) -> Any:
    return parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _cell(
    text: str,
    width: int,
    *,
    bold: bool,
    align: str,
    fill: str | None,
    size: float,
    span: int = 1,
    vmerge: str | None = None,
    keep_next: bool = False,
    middle: bool = False,
) -> str:
    """One cell; a data cell is top-aligned (a wrapped neighbour makes the row tall), a header cell centred."""
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge:
        tcpr += f'<w:vMerge w:val="{vmerge}"/>'
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if middle:
        tcpr += '<w:vAlign w:val="center"/>'
    ppr = "<w:keepNext/>" if keep_next else ""
    ppr += f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="{align}"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr>{ppr}</w:pPr>{_runs(text, bold=bold, size=size)}</w:p></w:tc>"


HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
ROW_KEPT = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


def _header_xml(columns: list[Column], widths: list[int], size: float) -> str:
    """One header row, or two when columns are grouped («2024» over «План» | «Факт»): an ungrouped column's
    label spans both rows (vertical merge). Every header row repeats on each page (w:tblHeader)."""

    def head(text: str, width: int, **kwargs: Any) -> str:  # kept with the first row: never alone at a page foot
        return _cell(
            text, width, bold=True, align="center", fill=HEADER_FILL, size=size, middle=True, keep_next=True, **kwargs
        )

    groups = header_groups(columns)
    if not groups:
        return HEADER_ROW + "".join(head(c.label, w) for c, w in zip(columns, widths, strict=True)) + "</w:tr>"
    upper: list[str] = []
    lower: list[str] = []
    start = 0
    for label, span in groups:
        part = range(start, start + span)
        if label is None:
            upper.append(head(columns[start].label, widths[start], vmerge="restart"))
            lower.append(head("", widths[start], vmerge="continue"))
        else:
            upper.append(head(label, sum(widths[i] for i in part), span=span))
            lower.extend(head(columns[i].label, widths[i]) for i in part)
        start += span
    return f"{HEADER_ROW}{''.join(upper)}</w:tr>{HEADER_ROW}{''.join(lower)}</w:tr>"


_BREAKS = re.compile(r"[ \t\n]+")  # where a line may break: not at a no-break space («30,0 %», «1 234»)


def _longest_word(text: str) -> int:
    return max((len(word) for word in _BREAKS.split(text)), default=0)


def _within(widths: list[int], floors: list[int], usable_twips: int) -> list[int]:
    """The widths brought within the page's usable width when they add up to more (a table wider than the
    text area runs off the page, its last columns cut at the paper's edge): each column keeps its `floor` (its
    longest number) first, the rest of the room shared in proportion to what the column wanted beyond it."""
    if sum(widths) <= usable_twips:
        return widths
    floors = [min(f, w) for f, w in zip(floors, widths, strict=True)]
    room = usable_twips - sum(floors)
    if room <= 0:
        return [f * usable_twips // sum(floors) for f in floors]
    extra = [w - f for w, f in zip(widths, floors, strict=True)]
    return [f + e * room // (sum(extra) or 1) for f, e in zip(floors, extra, strict=True)]


def _needed_widths(columns: list[Column], size: float) -> list[int]:
    """What each column needs for its longest header word whole (a group's word shared by its columns)."""
    char = size * 20 * 0.62  # an average bold Cyrillic letter of Times New Roman, in twips
    groups = {c.group: len(c.group) for c in columns if c.group}
    needed = [int(_longest_word(c.label) * char + CELL_PADDING) for c in columns]
    for index, column in enumerate(columns):
        if column.group:
            span = sum(1 for c in columns if c.group == column.group)
            needed[index] = max(needed[index], int(groups[column.group] * char / span + CELL_PADDING))
    return needed


CELL_PADDING = 2 * 57 + 40  # the cell margins and a little air, in twips


def fit_widths(
    columns: list[Column], usable_twips: int, size: float, longest_values: list[float] | None = None
) -> list[int]:
    """Column widths in twips: the relative widths, widened where a header word, a number or a text's word would
    otherwise break in the middle («Участник|ов», «30,0 |%», «общеобразовательно|е»), the room taken from the
    columns that have more than they need; never wider in all than the text area (`usable_twips`). `longest_values`
    holds per column the width (ems) of its widest unbreakable value: a number's, or a text's longest word (at most
    `LONGEST_WORD` letters). Squeezed to the text area, a number is kept whole before a text's word, and both before
    a header word; a text's word gives way first when not all of them fit."""
    header = _needed_widths(columns, size)
    short_word = int(6 * size * 20 * 0.62 + CELL_PADDING)  # a text column squeezed keeps six letters a line
    longest = longest_values or [0.0] * len(columns)
    values = [int(n * size * 20 + CELL_PADDING) if n else 0 for n in longest]
    numbers = [v if is_numeric(c) else min(h, short_word) for c, v, h in zip(columns, values, header, strict=True)]
    floors = [max(n, v) for n, v in zip(numbers, values, strict=True)]
    needed = [max(h, f) for h, f in zip(header, floors, strict=True)]
    widths = [max(300, int(share * usable_twips)) for share in relative_widths(columns)]
    short = sum(max(0, n - w) for n, w in zip(needed, widths, strict=True))
    spare = sum(max(0, w - n) for n, w in zip(needed, widths, strict=True))
    if short and spare:
        take = min(short, spare) / spare
        widths = [n if w < n else int(w - (w - n) * take) for n, w in zip(needed, widths, strict=True)]
    if sum(min(f, w) for f, w in zip(floors, widths, strict=True)) > usable_twips:
        floors = numbers  # not every text's word fits: the numbers kept whole, the words may break
    return _within(widths, floors, usable_twips)


def _row_texts(row: dict[str, Any], columns: list[Column], decimals: dict[str, int], *, total: bool) -> list[str]:
    return [cell_text(row, c, decimals.get(c.key, 1), total=total) for c in columns]


_EMS = {",": 0.25, ".": 0.25, NBSP: 0.25, " ": 0.25, "%": 0.833, MINUS: 0.564, "+": 0.564, "-": 0.333}


def _ems(word: str) -> float:
    """The width of a figure in ems of Times New Roman (its digits are half an em, in bold too)."""
    return sum(0.5 if char.isdigit() else _EMS.get(char, 0.72) for char in word)


LONGEST_WORD = 20
"""The longest word of a text column kept whole on a line («общеобразовательное», 19 letters): a longer one (a
link, a code) may break, so one odd value never takes the width of the whole table."""

_WIDE_LETTERS = set("мшщжыюфМШЩЖЫЮФ")


def _word_ems(word: str) -> float:
    """The width of a word in ems of Times New Roman, a little generous (LibreOffice draws it with Liberation
    Serif, of the same metrics): a lowercase letter about half an em, a capital or a wide letter three quarters."""
    letters = word[:LONGEST_WORD]
    return sum(
        0.75 if char in _WIDE_LETTERS or char.isupper() else 0.5 if char.isdigit() else _EMS.get(char, 0.52)
        for char in letters
    )


def _longest_values(columns: list[Column], rows: list[list[str]]) -> list[float]:
    """Per column the width (ems) of its widest unbreakable value: a number's whole in a numeric column, the
    longest word (`_word_ems`, at most `LONGEST_WORD` letters) in a text column."""
    return [
        max(
            (
                (_ems if is_numeric(column) else _word_ems)(word)
                for texts in rows
                for word in _BREAKS.split(texts[index])
            ),
            default=0.0,
        )
        for index, column in enumerate(columns)
    ]


KEPT_ROW_TWIPS = 6000
"""The tallest row kept whole (10.6 cm, under two thirds of a landscape page's text): LibreOffice splits a
never-split row taller than a page all the same, and drops the text that falls past its last page."""


def _kept_whole(texts: list[str], widths: list[int], size: float) -> bool:
    """Whether a row is short enough to be kept on one page (w:cantSplit), by its tallest cell's wrapped lines
    (an average letter of Times New Roman is half an em; lines are 1.15 of the type size)."""
    char = size * 20 * 0.5
    lines = max(
        (
            sum(math.ceil(len(part) * char / max(width - 114, 100)) or 1 for part in text.split("\n"))
            for text, width in zip(texts, widths, strict=True)
        ),
        default=1,
    )
    return lines * size * 20 * 1.15 <= KEPT_ROW_TWIPS


def table_xml(table: Table, usable_twips: int) -> str:
    """The table with its header rows repeated on every page (w:tblHeader), section rows across all columns,
    and, when `keep_rows`, rows that never split across pages (w:cantSplit)."""
    columns = with_grouping(table.columns, [*table.rows, *([table.total] if table.total else [])])
    size = table_font_size(columns)
    data = [row for row in table.rows if not is_section_row(row)]
    decimals = column_decimals(columns, [*data, *([table.total] if table.total else [])])
    texts = [None if is_section_row(row) else _row_texts(row, columns, decimals, total=False) for row in table.rows]
    total = _row_texts(table.total, columns, decimals, total=True) if table.total else None
    longest = _longest_values(columns, [t for t in [*texts, total] if t is not None])
    widths = fit_widths(columns, usable_twips, size, longest)
    aligns = [
        "right" if is_numeric(c) and c.kind != "date" else ("center" if c.kind == "date" else "left") for c in columns
    ]

    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        _header_xml(columns, widths, size),
    ]

    def row_xml(row: dict[str, Any], cells_text: list[str] | None, *, bold: bool, fill: str | None) -> str:
        if cells_text is None:  # a heading row: kept with the row after it, never left alone at a page foot
            cell = _cell(
                str(row[SECTION_ROW]), sum(widths), bold=True, align="left", fill=SECTION_FILL, size=size,
                span=len(columns), keep_next=True,
            )  # fmt: skip
            return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>"
        cells = "".join(
            _cell(text, w, bold=bold, align=a, fill=fill, size=size)
            for text, w, a in zip(cells_text, widths, aligns, strict=True)
        )
        whole = table.keep_rows and _kept_whole(cells_text, widths, size)
        return f"{ROW_KEPT if whole else '<w:tr>'}{cells}</w:tr>"

    parts.extend(
        row_xml(row, cells_text, bold=False, fill=None) for row, cells_text in zip(table.rows, texts, strict=True)
    )
    if not table.rows:
        parts.append(
            (ROW_KEPT if table.keep_rows else "<w:tr>")
            + _cell("Нет данных", sum(widths), bold=False, align="center", fill=None, size=size, span=len(columns))
            + "</w:tr>"
        )
    if table.total:
        parts.append(row_xml(table.total, total, bold=True, fill=TOTAL_FILL))
    parts.append("</w:tbl>")
    return "".join(parts)


_NO_BORDERS = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def signature_xml(signature: Signature, usable_twips: int) -> str:
    """The post at the left, the name at the right on the post's last line, in a borderless table (a long
    post wraps without pushing the name away); the executor under it in small type."""
    left = int(usable_twips * 0.62)
    right = usable_twips - left

    def cell(text: str, width: int, align: str) -> str:
        ppr = f'<w:keepNext/><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/>'
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="bottom"/></w:tcPr>'
            f"<w:p><w:pPr>{ppr}</w:pPr>{_runs(text)}</w:p></w:tc>"
        )

    xml = (
        _p("", after=0, before=240, keep_next=True) + f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{usable_twips}" w:type="dxa"/><w:tblBorders>{_NO_BORDERS}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{left}"/><w:gridCol w:w="{right}"/></w:tblGrid>'
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + cell(signature.post, left, "left")
        + cell(signature.name, right, "right")
        + "</w:tr></w:tbl>"
    )
    if signature.executor:
        xml += _p("", after=0, before=480) + _p(signature.executor, size=10)
    return xml


# ---------------------------------------------------------------- body


def _paragraph_xml(block: Paragraph) -> str:
    if block.style == "heading":
        return _p(block.text, bold=True, before=120, after=60, keep_next=True, outline=1)
    if block.style == "note":
        return _p(block.text, italic=True, size=10, after=60, align="both")
    if block.style == "list":
        return _p("–\u00a0" + block.text, left=709, hanging=284, after=0, align="both")
    return _p(block.text, first_line=709, after=60, align="both")


BODY_MARKER = "\u2063opora-body\u2063"  # invisible separators around a word no letterhead contains


class Body:
    """The `{{p body }}` subdocument: what docxtpl's `Subdoc` does without a file, minus its docxcompose import
    (the optional `docxtpl[subdoc]` extra). A python-docx document whose part is the template's own, so
    pictures are related to the rendered document. Jinja inserts only a marker paragraph (`__html__`); the body
    replaces it after rendering (`insert_into`), so docxtpl's passes over the rendered XML never see the
    thousands of rows of a long report."""

    def __init__(self, template: DocxTemplate) -> None:
        self.document = new_docx()
        self.document._part = template.get_docx().part
        body = self.document.element.body
        if body.sectPr is not None:
            body.remove(body.sectPr)

    @property
    def element(self) -> Any:
        return self.document.element

    def add_paragraph(self) -> Any:
        return self.document.add_paragraph()

    def __html__(self) -> str:
        return f"<w:p><w:r><w:t>{BODY_MARKER}</w:t></w:r></w:p>"

    __str__ = __html__

    def insert_into(self, document: Any) -> None:
        """Put the body where the template had `{{p body }}` (every place, should a letterhead repeat it).

        Done in text and parsed once, the way docxtpl maps its own result: lxml moving a large element into the
        rendered tree node by node takes seconds for a thousand rows, parsing the joined text milliseconds."""
        inner = "".join(etree.tostring(child, encoding="unicode") for child in self.document.element.body)
        old = document.body
        text = _MARKER_PARAGRAPH.sub(lambda _: inner, etree.tostring(old, encoding="unicode"))
        document.replace(old, parse_xml(text))


_MARKER_PARAGRAPH = re.compile(r"<w:p\b(?:(?!<w:p\b).)*?" + re.escape(BODY_MARKER) + r".*?</w:p>", re.S)


def _heading_xml(title: str, above: str | None, *, first: bool) -> str:
    """A section heading; an appendix starts a new page with «Приложение N» at the right above its title."""
    if above is None:
        return _p(title, bold=True, size=14, before=0 if first else 240, after=120, keep_next=True, outline=0)
    return _p(above, align="right", after=120, keep_next=True, page_break=not first) + _p(
        title, bold=True, size=14, align="center", after=120, keep_next=True, outline=0
    )


def build_body(
    template: DocxTemplate, document: Document, usable_twips: int, *, signatures_in_template: bool = False
) -> Body:
    """Section headings, paragraphs, tables, signatures, charts as pictures. A letterhead that lays out the
    signature itself (its `signature_*` fields) gets none in the body."""
    subdoc = Body(template)
    body = subdoc.element.body
    usable_cm = usable_twips * TWIP_EMU / 360000
    max_height_cm = usable_height_cm(template) - CAPTION_ROOM_CM

    def append(xml: str) -> None:
        for element in list(_element(xml)):
            body.append(element)

    for index, (section, title, above) in enumerate(section_headings(document)):
        append(_heading_xml(title, above, first=index == 0))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                append(_paragraph_xml(block))
            elif isinstance(block, Table):
                if block.title:
                    append(_p(block.title, bold=True, before=120, after=60, keep_next=True))
                append(table_xml(block, usable_twips))
                append(_p("", after=60))
            elif isinstance(block, Signature):
                if not signatures_in_template:
                    append(signature_xml(block, usable_twips))
            elif isinstance(block, Chart):
                paragraph = subdoc.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.keep_with_next = True
                paragraph.paragraph_format.space_before = Pt(6)
                try:
                    width = chart_width_cm(block.png, min(block.width_cm, usable_cm), max_height_cm)
                    paragraph.add_run().add_picture(io.BytesIO(block.png), width=Cm(width))
                except (UnrecognizedImageError, ValueError, OSError):
                    paragraph.add_run("[диаграмма недоступна]").italic = True
                append(_p(block.title, italic=True, size=10, align="center", after=120))
    if len(body) and body[-1].tag == qn("w:tbl"):
        append(_p(""))  # the body may stand in a letterhead's table cell, which must end with a paragraph
    return subdoc


def usable_height_cm(template: DocxTemplate) -> float:
    """The height of the text area of the template's last section, in centimetres."""
    section = template.get_docx().sections[-1]
    height = section.page_height or Cm(29.7)
    top = section.top_margin if section.top_margin is not None else Cm(2.0)
    bottom = section.bottom_margin if section.bottom_margin is not None else Cm(2.0)
    return max(float(height - top - bottom) / 360000, 5.0)


def make_landscape(template: DocxTemplate) -> None:
    for section in template.get_docx().sections:
        if section.orientation != WD_ORIENT.LANDSCAPE or section.page_width < section.page_height:
            width, height = section.page_width, section.page_height
            if width is not None and height is not None and width < height:
                section.page_width, section.page_height = height, width
            section.orientation = WD_ORIENT.LANDSCAPE


def usable_width_twips(template: DocxTemplate) -> int:
    section = template.get_docx().sections[-1]
    width = section.page_width or Cm(21.0)
    left = section.left_margin if section.left_margin is not None else Cm(2.0)
    right = section.right_margin if section.right_margin is not None else Cm(1.5)
    return max(int((width - left - right) / TWIP_EMU), 2000)


AUTHOR = "Опора"


def set_properties(docx: Any, document: Document) -> None:
    """The file's properties as Word shows them («Сведения»): the document's title and authority, Опора as the
    author, created on the day it was issued, in Russian — never python-docx's «generated by python-docx» of
    2013 a frame made with it carries."""
    properties = docx.core_properties
    issued = datetime.combine(document.issued, time(), tzinfo=UTC)
    properties.title = file_property(document.title)
    properties.subject = file_property(document.authority)
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = file_property(document.subtitle or "")
    properties.keywords = ""
    properties.category = ""
    properties.language = "ru-RU"
    properties.created = properties.modified = issued
    properties.revision = 1


def russian_defaults(docx: Any) -> None:
    """Text in a style the body does not set (the footer's, a table style's) is Times New Roman 12 pt and
    Russian too: python-docx's defaults are the theme's Calibri and English, which Word would spell-check
    every Russian word against."""
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.SubElement(rpr, qn("w:rFonts"))
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), "Times New Roman")
    for tag in ("w:sz", "w:szCs"):
        size = rpr.find(qn(tag))
        if size is not None:
            size.set(qn("w:val"), "24")  # 12 pt, as the «Обычный» style
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), "ru-RU")


def signed(document: Document) -> bool:
    """A document people sign (an order's appendix, a note, a report): it prints no «Дата формирования» and numbers
    its pages as ГОСТ Р 7.0.97-2016 does, at the top from page 2 on."""
    return not document.show_issued


def render_docx(document: Document, template: bytes | None = None) -> bytes:
    """The DOCX: in the default frame here, in an uploaded letterhead in a child process with limits."""
    if template is None:
        return render_docx_inline(document)
    return render_letterhead(document, template)


def render_docx_inline(document: Document, template: bytes | None = None) -> bytes:
    if template is None:
        tpl = DocxTemplate(io.BytesIO(default_template(document.landscape, signed=signed(document))))
        tpl.init_docx()
    else:
        tpl = open_template(template)
        if document.landscape:
            make_landscape(tpl)

    values = context(document)
    in_template = template is not None and uses_signature_fields(tpl)
    body = build_body(tpl, document, usable_width_twips(tpl), signatures_in_template=in_template)
    values["body"] = body
    try:
        tpl.render(values, jinja_env=sandbox(), autoescape=True)
    except TemplateLimit as exc:  # only an uploaded template can get here
        raise TemplateError("template_too_large", f"Шаблон отклонён: {exc.message}.") from exc
    except JinjaError as exc:
        raise TemplateError("invalid_template", f"Не удалось заполнить шаблон: {jinja_message(exc)}.") from exc
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        raise TemplateError("invalid_template", f"Не удалось заполнить шаблон: {exc}.") from exc
    docx = tpl.docx  # not get_docx(): after rendering it reloads the template
    body.insert_into(docx.element)
    set_properties(docx, document)
    if template is None:  # an authority's letterhead keeps its own defaults
        russian_defaults(docx)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


__all__ = ["context", "render_docx", "render_docx_inline", "table_xml"]
