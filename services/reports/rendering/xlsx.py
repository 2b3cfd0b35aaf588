"""XLSX: one sheet per table, numbers kept as numbers with Russian-readable formats, ready to print.

The first sheet («Справка») carries the title block (the approval block or «Приложение к приказу …», the
authority, the registration, the title), the paragraphs and charts, and the list of the table sheets. A
table sheet opens with a one-line caption and the table's header (two rows when columns are grouped, as
merged cells), freezes the panes right under the header, filters it and repeats it on every printed page;
rows are as tall as their wrapped text. Text is always written with `write_string`, so a cell beginning with
«=» stays text.
"""

from __future__ import annotations

import io
import math
import re
import struct
from datetime import date
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from services.reports.documents.model import (
    MINUS,
    SECTION_ROW,
    Block,
    Chart,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Signature,
    Table,
)
from services.reports.rendering.values import (
    appendix_to_text,
    approval_lines,
    as_date,
    as_number,
    clean,
    column_decimals,
    file_property,
    format_date,
    format_value,
    grouped,
    header_groups,
    is_section_row,
    number_pattern,
    registration_text,
    section_headings,
    tables,
    with_grouping,
)

SUMMARY_SHEET = "Справка"
CM_PER_INCH = 2.54
MARGINS_INCHES = {
    side: round(cm / CM_PER_INCH, 3) for side, cm in {"left": 2.0, "right": 1.5, "top": 2.0, "bottom": 2.0}.items()
}
"""The default template's page margins (2 cm, the right 1.5 cm, as ГОСТ Р 7.0.97 allows), in Excel's inches."""
FOOTER = "&RСтраница &P из &N"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PIXELS_PER_CM = 96 / 2.54
SHEET_LIMIT = 31
LINE_HEIGHT = 15.0  # points per line of 11 pt text
CHARS_PER_WIDTH = 1.15  # Times New Roman 11 pt: characters per unit of column width (the width of «0» in Calibri)
MAX_TEXT_WIDTH = 60
TITLE_SCALE = 14 / 11  # the title's letters are that much wider than the 11 pt text
HEADING_SCALE = 12 / 11  # a section heading's letters are that much wider than the 11 pt text
APPROVAL_SCALE = 10 / 11  # the approval's and the appendix line's letters are that much narrower


def _shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, never in the middle of a word."""
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split(" "):
        candidate = f"{kept} {word}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    kept = _paired(kept.rstrip(" ,.;:-–—(«„"))
    return kept or text[:limit]


def _paired(text: str) -> str:
    """A name cut short without the quotes it opened and no longer closes: «Раздел Методическая помощь», never
    «Раздел «Методическая помощь» with its «ёлочка» left open on the sheet's tab."""
    for opening, closing in (("„", "“"), ("«", "»")):
        while text.count(opening) > text.count(closing):
            at = text.rfind(opening)
            text = (text[:at] + text[at + 1 :]).replace("  ", " ").strip()
    return text


def sheet_name(wanted: str, taken: set[str]) -> str:
    """≤ 31 characters cut at a word, none of []:*?/\\, no leading/trailing apostrophe, unique ignoring case.
    Builders give long tables a short `Table.sheet` («ШНОР», «Показатели»); this is the safety net."""
    base = _FORBIDDEN.sub(" ", clean(wanted)).strip().strip("'").strip() or "Таблица"
    base = _shorten(re.sub(r"\s+", " ", base), SHEET_LIMIT)
    name, n = base, 2
    while name.casefold() in taken or name.casefold() == "history":
        suffix = f" ({n})"
        name = _shorten(base, SHEET_LIMIT - len(suffix)) + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _named(name: str) -> str:
    """A sheet's name in «ёлочках», its own quotes as „лапки“ inside: «Итоги „500+“», never «Итоги «500+»»."""
    return "«" + name.replace("«", "„").replace("»", "“") + "»"


def _link(name: str) -> str:
    """The address of a sheet's first cell, as Excel reads it: the name in apostrophes, an apostrophe inside it
    doubled («'Школа им. О''Нила'!A1»), or the link leads nowhere."""
    quoted = name.replace("'", "''")
    return f"internal:'{quoted}'!A1"


class Formats:
    def __init__(self, book: Workbook) -> None:
        font = {"font_name": "Times New Roman", "font_size": 11}
        self.authority = book.add_format({**font, "bold": True, "text_wrap": True, "valign": "top"})
        self.title = book.add_format({**font, "bold": True, "font_size": 14, "text_wrap": True, "valign": "top"})
        self.wrapped = book.add_format({**font, "text_wrap": True, "valign": "top"})
        self.plain = book.add_format(font)
        self.note = book.add_format({**font, "italic": True, "font_size": 10, "text_wrap": True, "valign": "top"})
        self.paragraph = book.add_format({**font, "text_wrap": True, "valign": "top"})
        self.heading = book.add_format({**font, "bold": True, "font_size": 12, "text_wrap": True, "valign": "top"})
        self.approval = book.add_format({**font, "font_size": 10, "align": "right", "text_wrap": True, "valign": "top"})
        self.table_title = book.add_format({**font, "bold": True, "text_wrap": True, "valign": "top"})
        self.header = book.add_format(
            {**font, "bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        self.header.set_bg_color("#D9D9D9")
        self.section = book.add_format(
            {**font, "bold": True, "border": 1, "valign": "top", "bg_color": "#EDEDED", "text_wrap": True}
        )  # wrapped: a long section's title in a row as tall as its lines, never cut at the table's right edge
        self.caption = book.add_format({**font, "bold": True, "font_size": 12, "text_wrap": True, "valign": "top"})
        self.link = book.add_format(  # the text's own typeface, wrapped as the paragraphs around it
            {**font, "font_color": "#0563C1", "underline": 1, "text_wrap": True, "valign": "top"}
        )
        self.empty = book.add_format({**font, "border": 1, "align": "center", "valign": "top"})
        self.cells: dict[tuple[str, int, bool], Format] = {}
        self.book = book
        self.font = font

    def cell(self, kind: str, decimals: int, bold: bool, *, thousands: bool = False) -> Format:
        """The format of a cell of `kind`; `thousands` separates the thousands of a number of five digits and more,
        as DOCX and HTML print it («12 345»), a smaller one reads as there («1234»)."""
        key = (kind + (",grouped" if thousands else ""), decimals, bold)
        if key not in self.cells:
            spec: dict[str, Any] = {**self.font, "border": 1, "valign": "top", "bold": bold}
            if kind == "int":
                spec["num_format"] = number_pattern(0, thousands=thousands)
            elif kind == "float":
                spec["num_format"] = number_pattern(decimals, thousands=thousands)
            elif kind == "percent":
                spec["num_format"] = "0." + "0" * decimals + "%" if decimals else "0%"
            elif kind == "date":
                spec["num_format"] = "dd.mm.yyyy"
                spec["align"] = "center"
            elif kind != "general":  # a number in a text column keeps Excel's general format
                spec["text_wrap"] = True
            if bold:
                spec["bg_color"] = "#F2F2F2"
            self.cells[key] = self.book.add_format(spec)
        return self.cells[key]

    def figure(self, figure: Figure, bold: bool) -> Format:
        """The number format of a `Figure`: its decimals, «%» for a share, its unit, «+» when signed."""
        if figure.kind == "percent":
            pattern = number_pattern(figure.decimals, thousands=False) + "%"
        else:
            pattern = number_pattern(figure.decimals, thousands=grouped(figure.value, figure.decimals))
        if figure.suffix:
            pattern += '"' + clean(figure.suffix).replace('"', "") + '"'  # «п. п.» as the text writes it
        if figure.signed:
            pattern = f'"+"{pattern};"{MINUS}"{pattern};{pattern}'
        key = ("figure:" + pattern, 0, bold)
        if key not in self.cells:
            spec: dict[str, Any] = {**self.font, "border": 1, "valign": "top", "bold": bold, "num_format": pattern}
            if bold:
                spec["bg_color"] = "#F2F2F2"
            self.cells[key] = self.book.add_format(spec)
        return self.cells[key]


A4_WIDTH_CM = 21.0
PORTRAIT_TEXT_PX = (A4_WIDTH_CM - 2.0 - 1.5) * PIXELS_PER_CM  # the portrait page's width between its margins


def columns_px(widths: list[float]) -> float:
    """How wide the columns print, in pixels: Excel's 7 px a unit of width and 5 px of padding a column."""
    return sum(width * 7 + 5 for width in widths)


SMALLEST_PORTRAIT_SCALE = 0.8
"""The smallest a portrait sheet is printed fitted to its page's width: 11 pt type at 80 % still reads as 9 pt; a
table needing less turns landscape."""


def prints_landscape(document: Document, widths: list[float] | None = None) -> bool:
    """A landscape document's sheets, and a portrait document's table too wide for the portrait page at
    `SMALLEST_PORTRAIT_SCALE`, print landscape: fitted to a portrait page's width the note's table of schools shrank
    to about two thirds, its 11 pt letters to 7 pt, where across a landscape page it keeps nearly its size."""
    if document.landscape:
        return True
    return widths is not None and columns_px(widths) * SMALLEST_PORTRAIT_SCALE > PORTRAIT_TEXT_PX


def _print_setup(sheet: Worksheet, document: Document, widths: list[float] | None = None) -> None:
    sheet.set_paper(9)  # A4
    if prints_landscape(document, widths):
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.set_margins(**MARGINS_INCHES)  # the DOCX's margins: the same page whichever file is printed
    sheet.set_footer(FOOTER)
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})  # «1.1», «01» are the plan's text, no warning


def _title_block(sheet: Worksheet, document: Document, formats: Formats, width: float) -> int:
    """Writes the title block, a long authority, title or subtitle wrapped in rows as tall as they need;
    returns the next free row."""
    row = 0
    lines = approval_lines(document) + ([appendix_to_text(document)] if document.appendix_to else [])
    for line in lines:  # wrapped: a long line overflowing to the left of the first column is cut off there
        row = _write_text(sheet, row, line, formats.approval, width, APPROVAL_SCALE)
    row += 1 if lines else 0
    row = _write_text(sheet, row, clean(document.authority), formats.authority, width)
    if document.registration:
        sheet.write_string(row, 0, registration_text(document), formats.plain)
        row += 1
    row = _write_text(sheet, row, clean(document.title), formats.title, width, TITLE_SCALE)
    if document.subtitle:
        row = _write_text(sheet, row, clean(document.subtitle), formats.wrapped, width)
    if document.show_issued:
        sheet.write_string(row, 0, f"Дата формирования: {format_date(document.issued)}", formats.plain)
        row += 1
    return row + 1


def _png_size(png: bytes) -> tuple[int, int] | None:
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return None
    width, height = struct.unpack(">II", png[16:24])
    return (width, height) if width and height else None


MAX_ROW_HEIGHT = 409.0  # points: Excel's limit; a taller row is a file Excel has to repair


def row_height(lines: int, extra: float = 0.0) -> float:
    """The height of a row of `lines` wrapped lines, never above what Excel allows (the rest of a very long text
    is still in the cell, readable in the formula bar)."""
    return min(LINE_HEIGHT * lines + extra, MAX_ROW_HEIGHT)


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` wide (an estimate: Excel stores no heights)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(_wrapped(part, per_line) for part in text.split("\n"))


def _wrapped(line: str, per_line: int) -> int:
    """The lines one paragraph takes as Excel wraps it: at the spaces, a word that does not fit where the line has
    text begins the next one, a word longer than a line is broken where the line ends. Counting the characters
    alone («1 000 characters, 100 a line: 10 lines») misses the words carried over, and the last lines of a long
    activity are cut off on the printed page."""
    lines, used = 1, 0
    for word in line.split():
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        chunks = math.ceil(len(word) / per_line)
        lines += chunks - (0 if used else 1)
        used = len(word) - (chunks - 1) * per_line
    return lines


def _write_text(sheet: Worksheet, row: int, text: str, fmt: Format, width: float, scale: float = 1.0) -> int:
    """Text in the first column, the row as tall as its wrapped lines (of a type `scale` times the 11 pt)."""
    sheet.write_string(row, 0, text, fmt)
    lines = _lines(text, width / scale)
    if lines > 1:
        sheet.set_row(row, min(row_height(lines) * scale, MAX_ROW_HEIGHT))
    return row + 1


def _write_summary(
    sheet: Worksheet, document: Document, formats: Formats, table_sheets: list[tuple[str, Table, Section]]
) -> None:
    _print_setup(sheet, document)
    width = 110 if document.landscape else 90
    sheet.set_column(0, 0, width)
    row = _title_block(sheet, document, formats, width)
    sheets = {id(table): name for name, table, _ in table_sheets}
    for section, heading, above in section_headings(document):
        if above:
            sheet.write_string(row, 0, above, formats.plain)
            row += 1
        row = _write_text(sheet, row, heading, formats.heading, width, HEADING_SCALE)
        for block in section.blocks:
            row = _write_block(sheet, row, block, formats, width, sheets)
        row += 1
    _write_table_links(sheet, row, table_sheets, formats, width)


def _write_block(
    sheet: Worksheet, row: int, block: Block, formats: Formats, width: float, sheets: dict[int, str]
) -> int:
    """One block of a section on the first sheet, where the DOCX has it: a paragraph, a chart, the signature
    (before the appendices, as signed), or for a table the sheet it is on, so no section heading is left out and
    the numbering has no gap."""
    if isinstance(block, Paragraph):
        return _write_paragraph(sheet, row, block, formats, width)
    if isinstance(block, Chart):
        return _write_chart(sheet, row, block, formats, width)
    if isinstance(block, Signature):
        return _write_signature(sheet, row, block, formats, width)
    name = sheets[id(block)]
    label = f"{clean(block.title)} — на листе {_named(name)}" if block.title else f"Таблица на листе {_named(name)}"
    return _write_link(sheet, row, name, label + ".", formats, width)


def _write_link(sheet: Worksheet, row: int, name: str, text: str, formats: Formats, width: float) -> int:
    """A link to a sheet, wrapped in a row as tall as its lines: a long table's title was one line running past
    the first column, cut off at the printed page's edge."""
    sheet.write_url(row, 0, _link(name), formats.link, string=text)
    lines = _lines(text, width)
    if lines > 1:
        sheet.set_row(row, row_height(lines))
    return row + 1


def _write_paragraph(sheet: Worksheet, row: int, block: Paragraph, formats: Formats, width: float) -> int:
    fmt = {"heading": formats.heading, "note": formats.note}.get(block.style, formats.paragraph)
    text = ("– " if block.style == "list" else "") + clean(block.text)
    return _write_text(sheet, row, text, fmt, width)


def _write_chart(sheet: Worksheet, row: int, block: Chart, formats: Formats, width: float) -> int:
    """The chart's title and its picture at its width; answers the row after it."""
    row = _write_text(sheet, row, clean(block.title), formats.table_title, width)
    size = _png_size(block.png)
    if size is None:
        sheet.write_string(row, 0, "[диаграмма недоступна]", formats.note)
        return row + 2
    scale = block.width_cm * PIXELS_PER_CM / size[0]
    sheet.insert_image(row, 0, "chart.png", {"image_data": io.BytesIO(block.png), "x_scale": scale, "y_scale": scale})
    return row + int(size[1] * scale / 20) + 2  # default row height is 20 px


def _write_signature(sheet: Worksheet, row: int, signature: Signature, formats: Formats, width: float) -> int:
    row = _write_text(sheet, row + 1, f"{clean(signature.post)} — {clean(signature.name)}", formats.paragraph, width)
    if signature.executor:
        row = _write_text(sheet, row, clean(signature.executor), formats.note, width)
    return row


def _write_table_links(
    sheet: Worksheet, row: int, table_sheets: list[tuple[str, Table, Section]], formats: Formats, width: float
) -> None:
    """Links to the sheets of the tables, each named with its table's title: an index where there are several; one
    table's link is in its place already, a list of one would only say it again."""
    if len(table_sheets) < 2:
        return
    sheet.write_string(row, 0, "Таблицы на отдельных листах", formats.heading)
    row += 1
    for name, table, section in table_sheets:
        label = clean(table.title or section.title)
        row = _write_link(sheet, row, name, f"{_named(name)} — {label}", formats, width)


def _text_width(value: str) -> int:
    return max((len(line) for line in value.split("\n")), default=0)


def _column_widths(columns: list[Column], rows: list[dict[str, Any]], decimals: dict[str, int]) -> list[float]:
    """Wide enough for the longest word of the label and the values, text columns at most 60 (then wrapped)."""
    widths = [float(min(max((len(w) for w in clean(c.label).split()), default=0) + 2, 40)) for c in columns]
    for values in rows:
        if is_section_row(values):
            continue
        for col, column in enumerate(columns):
            value = values.get(column.key)
            if value is None:
                continue
            text = format_value(value, column, decimals.get(column.key, 1))
            extra = 3 if column.kind in ("int", "float", "percent", "date") else 2
            widths[col] = max(widths[col], min(_text_width(text) + extra, MAX_TEXT_WIDTH))
    return _group_widths(columns, widths)


def _group_widths(columns: list[Column], widths: list[float]) -> list[float]:
    """The columns under a group label widened, each alike, until the label's longest word fits over them: a year
    over one «Факт» column reads «2023-2024», never «2023-» over «2024» as Excel wraps it at the hyphen."""
    col = 0
    for label, span in header_groups(columns):
        if label is not None:
            needed = min(max((len(w) for w in clean(label).split()), default=0) + 2, 40)
            short = needed - sum(widths[col : col + span])
            for index in range(col, col + span):
                widths[index] += max(short, 0) / span
        col += span
    return widths


def _write_header(sheet: Worksheet, row: int, columns: list[Column], widths: list[float], formats: Formats) -> int:
    """The header, one row or two (groups as merged cells over their columns, an ungrouped label merged down);
    returns the last header row."""
    groups = header_groups(columns)
    if not groups:
        for col, column in enumerate(columns):
            sheet.write_string(row, col, clean(column.label), formats.header)
        lines = max(_lines(clean(c.label), w) for c, w in zip(columns, widths, strict=True))
        sheet.set_row(row, row_height(max(lines, 1), 2))
        return row
    _write_groups(sheet, row, columns, groups, formats)
    upper, lower = _header_lines(columns, groups, widths)
    sheet.set_row(row, row_height(upper, 2))
    sheet.set_row(row + 1, row_height(lower, 2))
    return row + 1


def _header_lines(columns: list[Column], groups: list[tuple[str | None, int]], widths: list[float]) -> tuple[int, int]:
    """The wrapped lines of the two rows of a grouped header: a group's label over its columns' width, the labels
    under it each in its own, and a label merged down both rows in the two together (the lower row grows when the
    two are too few), so no word of a header is cut off: «среднее по | муниципалитету», never «среднее по»."""
    upper = lower = 1
    merged: list[int] = []
    col = 0
    for label, span in groups:
        if label is None:
            merged.append(_lines(clean(columns[col].label), widths[col]))
        else:
            upper = max(upper, _lines(clean(label), sum(widths[col : col + span])))
            under = zip(columns[col : col + span], widths[col : col + span], strict=True)
            lower = max([lower, *(_lines(clean(c.label), w) for c, w in under)])
        col += span
    return upper, max(lower, max(merged, default=0) - upper)


def _write_groups(
    sheet: Worksheet, row: int, columns: list[Column], groups: list[tuple[str | None, int]], formats: Formats
) -> None:
    """The two rows of a grouped header: a group's label merged over its columns, an ungrouped label down both."""
    col = 0
    for label, span in groups:
        if label is None:
            sheet.merge_range(row, col, row + 1, col, clean(columns[col].label), formats.header)
        else:
            if span > 1:
                sheet.merge_range(row, col, row, col + span - 1, clean(label), formats.header)
            else:
                sheet.write_string(row, col, clean(label), formats.header)
            for offset in range(span):
                sheet.write_string(row + 1, col + offset, clean(columns[col + offset].label), formats.header)
        col += span


def _write_table(sheet: Worksheet, document: Document, table: Table, caption: str, formats: Formats) -> None:
    columns = with_grouping(table.columns, [*table.rows, *([table.total] if table.total else [])])
    last_col = max(len(columns) - 1, 0)
    header_top = 1

    all_rows = [*table.rows, *([table.total] if table.total else [])]
    data = [r for r in all_rows if not is_section_row(r)]
    decimals = column_decimals(columns, data)
    widths = _column_widths(columns, all_rows, decimals)
    _print_setup(sheet, document, widths)
    _write_caption(sheet, caption, last_col, widths, formats)
    header_bottom = _write_header(sheet, header_top, columns, widths, formats)

    row = header_bottom + 1
    if not table.rows:  # said in its own row: the total, if any, stays whole under it
        _write_empty(sheet, row, last_col, formats)
        row += 1
    for index, values in enumerate(all_rows):
        if is_section_row(values):
            _write_section_row(sheet, row, clean(values[SECTION_ROW]), last_col, widths, formats)
        else:
            bold = table.total is not None and index == len(all_rows) - 1
            _write_data_row(sheet, row, values, columns, decimals, widths, formats, bold)
        row += 1

    last_data = header_bottom + max(len(table.rows), 1)
    sheet.autofilter(header_bottom, 0, max(last_data, header_bottom), last_col)  # the total row stays unsorted
    sheet.freeze_panes(header_bottom + 1, 0)
    sheet.repeat_rows(header_top, header_bottom)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


def _write_empty(sheet: Worksheet, row: int, last_col: int, formats: Formats) -> None:
    """«Нет данных» across the table in a bordered cell, as the DOCX and the page print it: not a borderless word
    in the first column under the header's grid."""
    if last_col:
        sheet.merge_range(row, 0, row, last_col, "Нет данных", formats.empty)
    else:
        sheet.write_string(row, 0, "Нет данных", formats.empty)


CAPTION_SCALE = 12 / 11  # the caption's letters are that much wider than the 11 pt text


def _write_caption(sheet: Worksheet, caption: str, last_col: int, widths: list[float], formats: Formats) -> None:
    """The table's caption over the table's width, wrapped in a row as tall as it needs: a caption longer than the
    table is wide never runs past the last column, where the printed page cuts it off."""
    if last_col:
        sheet.merge_range(0, 0, 0, last_col, caption, formats.caption)
    else:
        sheet.write_string(0, 0, caption, formats.caption)
    lines = _lines(caption, sum(widths) / CAPTION_SCALE)
    if lines > 1:
        sheet.set_row(0, min(row_height(lines) * CAPTION_SCALE, MAX_ROW_HEIGHT))


def _write_section_row(
    sheet: Worksheet, row: int, text: str, last_col: int, widths: list[float], formats: Formats
) -> None:
    """A section's title across the whole width of the table."""
    if last_col:
        sheet.merge_range(row, 0, row, last_col, text, formats.section)
    else:
        sheet.write_string(row, 0, text, formats.section)
    lines = _lines(text, sum(widths))
    if lines > 1:
        sheet.set_row(row, row_height(lines))


def _write_data_row(
    sheet: Worksheet,
    row: int,
    values: dict[str, Any],
    columns: list[Column],
    decimals: dict[str, int],
    widths: list[float],
    formats: Formats,
    bold: bool,
) -> None:
    """One row of values, as high as its longest wrapped text needs."""
    lines = 1
    for col, column in enumerate(columns):
        text = _write_cell(sheet, row, col, values.get(column.key), column, decimals.get(column.key, 1), formats, bold)
        if text is not None:
            lines = max(lines, _lines(text, widths[col]))
    if lines > 1:
        sheet.set_row(row, row_height(lines))


def _write_cell(
    sheet: Worksheet, row: int, col: int, value: Any, column: Column, places: int, formats: Formats, bold: bool
) -> str | None:
    """One cell: a number or a date as such (sortable, formatted by Excel), anything else as text; answers the
    text written, or None when the cell holds no text. A missing value (None, NaN) is a blank cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        sheet.write_blank(row, col, None, formats.cell(column.kind, places, bold))
        return None
    if isinstance(value, Figure):
        sheet.write_number(row, col, value.value, formats.figure(value, bold))
        return None
    if _write_typed(sheet, row, col, value, column, places, formats, bold):
        return None
    text = format_value(value, column, places) if isinstance(value, bool) else clean(value)  # «да», not «True»
    if not text.strip():  # an empty text is a blank cell, as a missing value: Ctrl+↓ and «пустые» see it so
        sheet.write_blank(row, col, None, formats.cell("text", places, bold))
        return None
    sheet.write_string(row, col, text, formats.cell("text", places, bold))
    return text


def _write_typed(
    sheet: Worksheet, row: int, col: int, value: Any, column: Column, places: int, formats: Formats, bold: bool
) -> bool:
    """Writes a number as a number and a date as a date (in a text column too: «522», not '522'; a date, never
    «2024-09-02»); False when the value is neither."""
    number = None if isinstance(value, str) and column.kind == "text" else as_number(value)
    if number is not None and column.kind in ("int", "float", "percent", "text"):
        if column.kind == "text":
            kind = "general"
        else:
            kind = "int" if column.kind == "float" and isinstance(number, int) else column.kind
        places = 0 if kind == "int" else places
        thousands = kind in ("int", "float") and (column.thousands or grouped(number, places))
        sheet.write_number(row, col, number, formats.cell(kind, places, bold, thousands=thousands))
        return True
    day = as_date(value) if column.kind == "date" or isinstance(value, date) else None
    if day is not None:
        sheet.write_datetime(row, col, day, formats.cell("date", places, bold))
        return True
    return False


def render_xlsx(document: Document) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    properties = {"title": file_property(document.title), "company": file_property(document.authority)}
    book.set_properties({**properties, "author": "Опора"})
    formats = Formats(book)
    taken: set[str] = set()

    summary = book.add_worksheet(sheet_name(SUMMARY_SHEET, taken))
    headings = {id(section): heading for section, heading, _ in section_headings(document)}
    table_sheets = [(sheet_name(t.sheet or s.title, taken), t, s) for s, t in tables(document)]
    _write_summary(summary, document, formats, table_sheets)
    for name, table, section in table_sheets:
        caption = clean(table.title) if table.title else headings[id(section)]
        _write_table(book.add_worksheet(name), document, table, caption, formats)
    book.close()
    return out.getvalue()
