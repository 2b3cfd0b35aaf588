"""Tables as files people open in Excel and as JSON rows: CSV (UTF-8 with BOM, `;`), XLSX, plain JSON values.

Imports read these files back unchanged, so exports of canonical columns round-trip."""

from __future__ import annotations

import io
import math
from typing import Any, Literal
from urllib.parse import quote

import pandas as pd
import xlsxwriter
from fastapi import Response

TableFormat = Literal["json", "csv", "xlsx"]
FileFormat = Literal["csv", "xlsx"]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def json_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of plain JSON values (None for missing)."""
    rows: list[dict[str, Any]] = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a text cell as a formula (CSV injection, OWASP)."""


def neutralise_formula(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'` (shown as text); numbers and
    other values unchanged. Imports take the prefix off again (`imports.parsing.cell_text`)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel opens it right), `;`-separated, canonical headers, да/нет for booleans, text
    cells that would start a formula neutralised (`=HYPERLINK(…)` → `'=HYPERLINK(…)`)."""
    text = frame.copy()
    for column in text.columns:
        if text[column].map(lambda v: isinstance(v, bool)).any():
            text[column] = text[column].map(lambda v: ("да" if v else "нет") if isinstance(v, bool) else v)
        if not pd.api.types.is_numeric_dtype(text[column]):
            text[column] = text[column].map(neutralise_formula)
    text.columns = [neutralise_formula(str(name)) for name in text.columns]
    return text.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet with the canonical headers in the first row; codes stay text, numbers stay numbers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True, "strings_to_numbers": False})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    for column, name in enumerate(frame.columns):
        worksheet.write_string(0, column, str(name), bold)
    for row_index, row in enumerate(json_rows(frame), start=1):
        for column, value in enumerate(row.values()):
            _write(worksheet, row_index, column, value)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write(worksheet: Any, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        if not (isinstance(value, float) and math.isnan(value)):
            worksheet.write_number(row, column, value)
    else:
        worksheet.write_string(row, column, str(value))


def file_response(frame: pd.DataFrame, file_format: FileFormat, stem: str, sheet: str = "Данные") -> Response:
    """A CSV or XLSX download named `<stem>.<format>`; a Russian name travels RFC 5987-encoded."""
    content = to_csv(frame) if file_format == "csv" else to_xlsx(frame, sheet)
    name = f"{stem}.{file_format}"
    disposition = f"attachment; filename=\"export.{file_format}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=MEDIA_TYPES[file_format], headers={"Content-Disposition": disposition})
