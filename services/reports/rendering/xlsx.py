"""XLSX: one sheet per table, numbers kept as numbers with Russian-readable formats, ready to print.

Paragraphs and charts go to a first «Справка» sheet. Every sheet opens with the title block (the approval
block, the authority, the title, the date); a table sheet freezes and filters its header row and repeats it
on every printed page. Text is always written with `write_string`, so a cell beginning with «=» stays text.
"""

from __future__ import annotations

import io
import re
import struct
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from services.reports.documents.model import Chart, Document, Paragraph, Table
from services.reports.rendering.values import (
    approval_lines,
    as_date,
    as_number,
    clean,
    column_decimals,
    format_date,
)

SUMMARY_SHEET = "Справка"
FOOTER = "&RСтраница &P из &N"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PIXELS_PER_CM = 96 / 2.54


def sheet_name(wanted: str, taken: set[str]) -> str:
    """≤ 31 characters, none of []:*?/\\, no leading/trailing apostrophe, unique ignoring case."""
    base = _FORBIDDEN.sub(" ", clean(wanted)).strip().strip("'").strip() or "Таблица"
    base = re.sub(r"\s+", " ", base)[:31].rstrip()
    name, n = base, 2
    while name.casefold() in taken or name.casefold() == "history":
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(name.casefold())
    return name


class Formats:
    def __init__(self, book: Workbook) -> None:
        font = {"font_name": "Times New Roman", "font_size": 11}
        self.authority = book.add_format({**font, "bold": True})
        self.title = book.add_format({**font, "bold": True, "font_size": 14})
        self.plain = book.add_format(font)
        self.note = book.add_format({**font, "italic": True, "font_size": 10, "text_wrap": True, "valign": "top"})
        self.paragraph = book.add_format({**font, "text_wrap": True, "valign": "top"})
        self.heading = book.add_format({**font, "bold": True, "font_size": 12})
        self.approval = book.add_format({**font, "font_size": 10, "align": "right"})  # overflows to the left
        self.table_title = book.add_format({**font, "bold": True})
        self.header = book.add_format(
            {**font, "bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        self.header.set_bg_color("#D9D9D9")
        self.cells: dict[tuple[str, int, bool], Format] = {}
        self.book = book
        self.font = font

    def cell(self, kind: str, decimals: int, bold: bool) -> Format:
        key = (kind, decimals, bold)
        if key not in self.cells:
            spec: dict[str, Any] = {**self.font, "border": 1, "valign": "top", "bold": bold}
            if kind == "int":
                spec["num_format"] = "0"
            elif kind == "float":
                spec["num_format"] = "0." + "0" * decimals if decimals else "0"
            elif kind == "percent":
                spec["num_format"] = "0.0%"
            elif kind == "date":
                spec["num_format"] = "dd.mm.yyyy"
                spec["align"] = "center"
            else:
                spec["text_wrap"] = True
            if bold:
                spec["bg_color"] = "#F2F2F2"
            self.cells[key] = self.book.add_format(spec)
        return self.cells[key]


def _print_setup(sheet: Worksheet, document: Document) -> None:
    sheet.set_paper(9)  # A4
    if document.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.7)
    sheet.set_footer(FOOTER)


def _title_block(sheet: Worksheet, document: Document, formats: Formats, last_col: int) -> int:
    """Writes the title block; returns the next free row."""
    row = 0
    lines = approval_lines(document)
    if lines:
        for line in lines:
            sheet.write_string(row, max(last_col, 0), line, formats.approval)
            row += 1
        row += 1
    sheet.write_string(row, 0, clean(document.authority), formats.authority)
    sheet.write_string(row + 1, 0, clean(document.title), formats.title)
    row += 2
    if document.subtitle:
        sheet.write_string(row, 0, clean(document.subtitle), formats.plain)
        row += 1
    sheet.write_string(row, 0, f"Дата формирования: {format_date(document.issued)}", formats.plain)
    return row + 2


def _png_size(png: bytes) -> tuple[int, int] | None:
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return None
    width, height = struct.unpack(">II", png[16:24])
    return (width, height) if width and height else None


def _write_summary(book: Workbook, sheet: Worksheet, document: Document, formats: Formats) -> None:
    _print_setup(sheet, document)
    sheet.set_column(0, 0, 110 if document.landscape else 90)
    row = _title_block(sheet, document, formats, 0)
    for section in document.sections:
        if not any(isinstance(b, Paragraph | Chart) for b in section.blocks):
            continue
        sheet.write_string(row, 0, clean(section.title), formats.heading)
        row += 1
        for block in section.blocks:
            if isinstance(block, Paragraph):
                fmt = {"heading": formats.heading, "note": formats.note}.get(block.style, formats.paragraph)
                text = ("– " if block.style == "list" else "") + clean(block.text)
                sheet.write_string(row, 0, text, fmt)
                # a wrapped paragraph needs a taller row: ~95 characters a line at width 90
                lines = max(1, sum(len(part) // 95 + 1 for part in text.split("\n")))
                if lines > 1:
                    sheet.set_row(row, 15 * lines)
                row += 1
            elif isinstance(block, Chart):
                sheet.write_string(row, 0, clean(block.title), formats.table_title)
                row += 1
                size = _png_size(block.png)
                if size is None:
                    sheet.write_string(row, 0, "[диаграмма недоступна]", formats.note)
                    row += 2
                    continue
                scale = block.width_cm * PIXELS_PER_CM / size[0]
                sheet.insert_image(
                    row, 0, "chart.png", {"image_data": io.BytesIO(block.png), "x_scale": scale, "y_scale": scale}
                )
                row += int(size[1] * scale / 20) + 2  # default row height is 20 px
        row += 1


def _text_width(value: str) -> int:
    return max((len(line) for line in value.split("\n")), default=0)


def _write_table(sheet: Worksheet, document: Document, table: Table, formats: Formats) -> None:
    columns = table.columns
    last_col = max(len(columns) - 1, 0)
    _print_setup(sheet, document)
    row = _title_block(sheet, document, formats, last_col)
    if table.title:
        sheet.write_string(row, 0, clean(table.title), formats.table_title)
        row += 1

    header_row = row
    for col, column in enumerate(columns):
        sheet.write_string(header_row, col, clean(column.label), formats.header)
    all_rows = [*table.rows, *([table.total] if table.total else [])]
    decimals = column_decimals(columns, all_rows)
    widths = [min(max(len(w) for w in clean(c.label).split() or [""]) + 2, 40) for c in columns]

    row = header_row + 1
    for index, values in enumerate(all_rows):
        bold = table.total is not None and index == len(all_rows) - 1
        for col, column in enumerate(columns):
            value = values.get(column.key)
            fmt = formats.cell(column.kind, decimals.get(column.key, 1), bold)
            if value is None:
                sheet.write_blank(row, col, None, fmt)
                continue
            if column.kind in ("int", "float", "percent"):
                number = as_number(value)
                if number is not None:
                    sheet.write_number(row, col, number, fmt)
                    widths[col] = max(widths[col], len(f"{number:.{decimals.get(column.key, 1)}f}") + 3)
                    continue
            elif column.kind == "date":
                day = as_date(value)
                if day is not None:
                    sheet.write_datetime(row, col, day, fmt)
                    widths[col] = max(widths[col], 11)
                    continue
            text = clean(value)
            sheet.write_string(row, col, text, fmt)
            widths[col] = max(widths[col], min(_text_width(text) + 2, 60))
        row += 1

    last_data = header_row + len(table.rows)
    sheet.autofilter(header_row, 0, max(last_data, header_row), last_col)  # the total row stays out of sorting
    sheet.freeze_panes(header_row + 1, 0)
    sheet.repeat_rows(header_row)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    if not table.rows:
        sheet.write_string(header_row + 1, 0, "Нет данных", formats.plain)


def render_xlsx(document: Document) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    book.set_properties({"title": clean(document.title), "company": clean(document.authority), "author": "Опора"})
    formats = Formats(book)
    taken: set[str] = set()

    tables = [(section, block) for section in document.sections for block in section.blocks if isinstance(block, Table)]
    has_summary = any(isinstance(b, Paragraph | Chart) for s in document.sections for b in s.blocks)
    if has_summary or not tables:
        _write_summary(book, book.add_worksheet(sheet_name(SUMMARY_SHEET, taken)), document, formats)
    for section, table in tables:
        name = sheet_name(table.sheet or section.title, taken)
        _write_table(book.add_worksheet(name), document, table, formats)
    book.close()
    return out.getvalue()
