"""Reading uploaded tables as real exports come: CSV in any of the usual encodings and separators, XLSX with
title rows and merged two-row headers, JSON rows.

`read_table` finds the header row (the first of the first rows where at least two cells name columns of the
kind, one of them the column that identifies the row's object), combines a two-row header, skips blank and
total rows, and keeps for every data row its number as the user sees it in the file. Values stay text here;
`validation` converts them.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from pandas._libs import lib
from pandas.core.internals.construction import convert_object_array

from services.identification.imports.kinds import KindSpec, normalize_header
from services.shared.errors import InvalidValue, OporaError
from services.shared.office_files import OfficeLimits, ReadBudget, check_office_archive, too_many_cells

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Uploads above this size are refused (413) before they are parsed."""
XLSX_LIMITS = OfficeLimits(
    max_uncompressed_bytes=300 * 1024 * 1024, max_cells=3_000_000, max_merged_cells=200_000, max_seconds=120
)
"""What an uploaded workbook may hold unpacked (ample for 200,000 rows of a kind's columns)."""
HEADER_SEARCH_ROWS = 30
FAST_CSV_BYTES = 512 * 1024
"""From this size a CSV's data rows are read by pandas' C reader (its header still found as in small files)."""
TOTAL_MARKERS = ("итого", "всего", "итог")

Cell = str | None


@dataclass(frozen=True)
class Coded:
    """A column of cells as codes: `codes[i]` is the position of row i's cell in `values` (the distinct cells,
    each a non-empty text), -1 for an empty cell."""

    codes: np.ndarray
    values: np.ndarray

    def categorical(self, index: pd.Index) -> pd.Series:
        """The column as a categorical Series: the same cells, its distinct ones already known."""
        categories = pd.Index(self.values, dtype=object)
        return pd.Series(pd.Categorical.from_codes(self.codes, categories=categories, validate=False), index=index)


@dataclass
class ParsedTable:
    """A table as found in a file: the headers as written, the data cells, and where each row stands."""

    headers: list[str]
    cells: pd.DataFrame
    """Columns by position (0…n-1), one row per data row; text cells, or typed values for in-memory frames."""
    row_numbers: list[int]
    """The row number of each data row as the user sees it (spreadsheet row, 1-based; JSON: item number)."""
    file_format: str
    header_row: int | None = None
    sheet: str | None = None
    subheaders: list[Cell] = field(default_factory=list)
    """The lower line of a two-row header (matched alone when the combined text is unknown)."""
    coded: dict[int, Coded] = field(default_factory=dict)
    """Columns of `cells` (by position) also held as codes into their distinct cells, as the large-CSV reader
    found them: `validation` converts each distinct cell once without hashing the column a second time."""

    def mapping(self, kind: KindSpec) -> dict[int, str]:
        """Position → canonical column; the first column naming a canonical column wins."""
        return _two_row_matches(list(self.headers), self.subheaders, kind)

    @property
    def index(self) -> pd.RangeIndex:
        """The index of `cells` (0…n-1), known without reading them."""
        return pd.RangeIndex(len(self.row_numbers))

    def cell(self, row: int, position: int) -> Any:
        """The cell of row `row` (0…n-1) in the column at `position`; None past the table's columns. A coded
        column answers from its codes, without building `cells`."""
        coded = self.coded.get(position)
        if coded is not None:
            code = int(coded.codes[row])
            return None if code < 0 else coded.values[code]
        return self.cells.iat[row, position] if position < self.cells.shape[1] else None

    def filled(self, position: int) -> bool:
        """Whether the column at `position` holds any value."""
        coded = self.coded.get(position)
        if coded is not None:
            return bool((coded.codes >= 0).any())
        return bool(self.cells[position].notna().any())


_UNBUILT = pd.DataFrame()


class CodedTable(ParsedTable):
    """A table read by the large-CSV reader: every column is coded (`coded`), and `cells` is built from the codes
    only when something reads it (a preview naming a refused row's school, another reader of tables). An import
    reads the codes alone, and building half a million rows of text cells as objects was a fifth of reading a
    region's results."""

    _built: pd.DataFrame = _UNBUILT

    @property
    def cells(self) -> pd.DataFrame:
        if self._built is _UNBUILT:
            self._built = _cells_frame(self.coded, len(self.row_numbers), len(self.headers))
        return self._built

    @cells.setter
    def cells(self, value: pd.DataFrame) -> None:
        self._built = value

    def cell(self, row: int, position: int) -> Any:
        return super().cell(row, position) if position in self.coded else None  # past the data's columns: empty

    def filled(self, position: int) -> bool:
        coded = self.coded.get(position)
        return coded is not None and bool((coded.codes >= 0).any())  # the columns past the data's are empty


def file_too_large() -> OporaError:
    megabytes = MAX_FILE_BYTES / (1024 * 1024)
    return OporaError(
        f"Файл больше допустимых {megabytes:g} МБ: разделите его на части",
        code="file_too_large",
        status_code=413,
    )


def unreadable(detail: str = "Не удалось прочитать файл: ожидается CSV, XLSX или JSON") -> OporaError:
    return InvalidValue(detail, code="unreadable_file", loc=["file"])


def empty_file() -> OporaError:
    return InvalidValue("Файл пуст: в нём нет строк с данными", code="empty_file", loc=["file"])


def header_not_found(kind: KindSpec) -> OporaError:
    names = ", ".join(f"«{kind.by_name[c].label}»" for c in kind.identifiers)
    return InvalidValue(
        f"Не найдена строка заголовков: в первых {HEADER_SEARCH_ROWS} строках нет строки, где названы хотя бы "
        f"два известных столбца, среди них {names}",
        code="header_not_found",
        loc=["file"],
    )


def read_table(content: bytes, file_name: str, kind: KindSpec) -> ParsedTable:
    """The data table of an uploaded file (CSV, XLSX or JSON), or a 413/422 `OporaError`."""
    if len(content) > MAX_FILE_BYTES:
        raise file_too_large()
    if not content.strip(b" \t\r\n\x00") or content in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise empty_file()
    file_format = detect_format(content, file_name)
    if file_format == "json":
        return json_table(_json_rows(content))
    if file_format == "xlsx":
        sheets = _xlsx_grids(content)
    else:
        text, utf8 = _decoded(content)
        fast = _large_csv(text, kind, utf8) if len(content) >= FAST_CSV_BYTES else None
        if fast is not None:
            return fast
        sheets = [(None, _csv_grid(text, separator)) for separator in _separators(text)]
    if all(not any(any(row) for row in grid) for _, grid in sheets):
        raise empty_file()
    for sheet, grid in sheets:
        table = table_from_grid(grid, kind, file_format, sheet)
        if table is not None:
            if table.cells.empty:
                raise empty_file()
            return table
    raise header_not_found(kind)


def detect_format(content: bytes, file_name: str) -> str:
    """`xlsx`, `json` or `csv` by the content (a renamed file is judged by what it is), else 422."""
    name = file_name.lower()
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise unreadable("Формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV")
    if name.endswith((".xlsx", ".xlsm")):
        raise unreadable("Файл повреждён или не является книгой Excel (XLSX)")
    head = content[:4096]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise unreadable()
    stripped = content.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if name.endswith(".json") or stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's «Unicode text»), else cp1251."""
    return _decoded(content)[0]


def _decoded(content: bytes) -> tuple[str, memoryview | None]:
    """The text (as `decode_text`) and, when it was UTF-8, its bytes without the BOM: pandas' C reader then reads
    them as they are instead of encoding the text back to UTF-8 for itself (a tenth of a second per 30 MB)."""
    try:
        if content.startswith(codecs.BOM_UTF8):
            return content[len(codecs.BOM_UTF8) :].decode("utf-8"), memoryview(content)[len(codecs.BOM_UTF8) :]
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return content.decode("utf-16"), None
    except UnicodeDecodeError:
        raise unreadable("Не удалось прочитать текст файла: кодировка не распознана") from None
    try:
        return content.decode("utf-8"), memoryview(content)
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1251")
    except UnicodeDecodeError:
        raise unreadable("Не удалось прочитать текст файла: ожидается UTF-8 или Windows-1251") from None
    if sum(1 for char in text[:4096] if ord(char) < 32 and char not in "\r\n\t") > 8:
        raise unreadable()
    return text, None


def head_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]` without splitting a large file whole: the lines of its first 64 KB when they
    hold more than `count` lines (the last of them may be cut), else of all of it."""
    lines = text[:65536].splitlines()
    return lines[:count] if len(lines) > count else text.splitlines()[:count]


def _separators(text: str) -> list[str]:
    """Candidate separators, the most frequent in the first lines first."""
    lines = [line for line in head_lines(text, HEADER_SEARCH_ROWS + 5) if line.strip()]
    sample = "\n".join(lines)
    counts = {separator: sample.count(separator) for separator in (";", "\t", ",")}
    ordered = sorted((s for s, n in counts.items() if n), key=lambda s: -counts[s])
    return ordered or [";"]


def _csv_grid(text: str, separator: str) -> list[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return [[_unneutralise(cell.strip()) or None for cell in row] for row in reader]
    except csv.Error:
        raise unreadable(
            f"Строка {reader.line_num} файла не читается как CSV: значение в ячейке длиннее "
            f"{csv.field_size_limit() // 1024} КБ или кавычки не закрыты"
        ) from None


def _large_csv(text: str, kind: KindSpec, utf8: memoryview | None = None) -> ParsedTable | None:
    """A large CSV read column-wise: the header found in the first lines exactly as `table_from_grid` does, the
    data rows by pandas' C reader as text (from `utf8`, the bytes of `text`, when given), then the same cell
    clean-up, blank and total rows skipped and row numbers kept. None when the first lines hold no header or the
    reader cannot follow (ragged rows, odd quoting): the row-by-row reader then answers, with its errors."""
    head_text = "\n".join(head_lines(text, HEADER_SEARCH_ROWS + 2))
    for separator in _separators(text):
        head = table_from_grid(_csv_grid(head_text, separator), kind, "csv")
        if head is None or head.header_row is None:
            continue
        first = head.header_row + (1 if head.subheaders else 0)
        try:
            source = io.StringIO(text) if utf8 is None else io.BytesIO(utf8)
            raw = pd.read_csv(
                source, sep=separator, header=None, skiprows=first, dtype=object, engine="c", encoding="utf-8",
                na_filter=False, skip_blank_lines=False, keep_default_na=False,
            )  # fmt: skip
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
            return None
        return _large_table(raw, head, first)
    return None


def _clean(cell: object) -> Cell:
    """A cell as `_csv_grid` leaves it: stripped, a neutralised formula restored, empty as None."""
    text = cell.strip() if isinstance(cell, str) else ""
    return _unneutralise(text) or None


def tidy_text(cells: np.ndarray, formulas: bool = False) -> np.ndarray | None:
    """The cells stripped, empty and missing ones as None (with `formulas`, a neutralised formula restored), when
    every cell is text or missing; else None, and the caller cleans the cells one by one.

    A column at once and each distinct cell once: `factorize` hashes the cells in C, and only the distinct ones
    (a few hundred counts, years or subjects, a school code per school) are stripped in Python, which cost 1 µs a
    cell when every cell was."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    if len(uniques) and pd.api.types.infer_dtype(uniques, skipna=False) != "string":
        return None
    tidy = np.empty(len(uniques) + 1, dtype=object)
    tidy[:-1] = _stripped(uniques.tolist(), formulas)
    tidy[-1] = None  # the missing cells (code -1)
    return tidy[codes]


_EDGE_SPACE = re.compile(r"\x00\s|\s\x00")
"""A space (whatever `str.strip` strips: both judge by `Py_UNICODE_ISSPACE`) at the edge of a cell of texts
joined by NUL, NULs around them."""


def _stripped(texts: list[str], formulas: bool) -> np.ndarray:
    """The texts stripped (with `formulas`, a neutralised formula restored), empty ones as None. Whether any of
    them has a space at its edge, or starts with a quote, is asked of them all joined, once, in C: most columns of
    a large file (counts, codes, years) have neither, and stripping each of their distinct cells in Python was a
    tenth of a large CSV's reading."""
    joined = "\x00" + "\x00".join(texts) + "\x00"
    stripped = texts
    if _EDGE_SPACE.search(joined):
        stripped = [text.strip() for text in texts]
        joined = "\x00" + "\x00".join(stripped)
    if formulas and "\x00'" in joined:
        stripped = [_unneutralise(text) for text in stripped]
    values = np.empty(len(stripped), dtype=object)
    values[:] = stripped
    values[values == ""] = None
    return values


def _large_table(raw: pd.DataFrame, head: ParsedTable, first: int) -> ParsedTable:
    width = max(len(head.headers), raw.shape[1])
    cleaned = [_clean_cells(raw.iloc[:, p].to_numpy(dtype=object)) for p in range(raw.shape[1])]
    keep = np.zeros(len(raw), dtype=bool)
    total = np.zeros(len(raw), dtype=bool)
    for _, filled, marker in cleaned:  # a row's first filled cell decides whether it is a total row
        total |= ~keep & marker
        keep |= filled
    keep &= ~total
    coded = {p: Coded(column.codes[keep], column.values) for p, (column, _, _) in enumerate(cleaned)}
    numbers = (np.flatnonzero(keep) + first + 1).tolist()
    headers = list(head.headers) + [""] * (width - len(head.headers))
    return CodedTable(
        headers, _UNBUILT, numbers, "csv", header_row=head.header_row, subheaders=head.subheaders, coded=coded
    )


def _cells_frame(coded: dict[int, Coded], rows: int, width: int) -> pd.DataFrame:
    """The text cells of a coded table (None where empty): columns by position, those past the coded ones
    empty."""
    empty = np.full(rows, None, dtype=object)
    columns = [_cells_of(coded[p]) if p in coded else empty for p in range(width)]
    return pd.DataFrame(dict(enumerate(columns)), columns=range(width), dtype=object)


def _cells_of(column: Coded) -> np.ndarray:
    """The cells of a coded column, None where empty."""
    values = np.empty(len(column.values) + 1, dtype=object)
    values[:-1] = column.values
    values[-1] = None  # code -1
    return values[column.codes]


def _clean_cells(cells: np.ndarray) -> tuple[Coded, np.ndarray, np.ndarray]:
    """A column of the C reader's cells as `_clean` leaves each of them (coded by its distinct clean cells),
    whether each is filled and whether each says «Итого», «Всего»…: all judged once per distinct cell
    (`factorize` hashes the cells in C; a column of counts, years or subjects holds a few hundred distinct cells
    in 500,000 rows)."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    if len(uniques) and pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        distinct = _stripped(uniques.tolist(), formulas=True)
    else:
        distinct = np.array([_clean(cell) for cell in uniques], dtype=object)
    distinct = np.append(distinct, np.array([None], dtype=object))  # the missing cells (code -1)
    filled = pd.notna(distinct)
    total = _total_markers(distinct, filled)
    # Cells that differ only in spaces around them are one clean cell: coded again over the distinct ones.
    clean_codes, clean_values = pd.factorize(distinct, use_na_sentinel=True)
    values = np.asarray(clean_values, dtype=object)
    return Coded(clean_codes[codes], values), filled[codes], total[codes]


def _total_markers(distinct: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Whether each distinct clean cell says «Итого», «Всего»… (None: no). Each cell is judged only when the
    filled ones joined, in lower case, hold a marker at all (one search in C): a column of counts or codes never
    does."""
    joined = "\x00".join(distinct[filled].tolist()).lower()
    if not any(marker in joined for marker in TOTAL_MARKERS):
        return np.zeros(len(distinct), dtype=bool)
    return np.array([bool(cell) and cell.lower().rstrip(":. ") in TOTAL_MARKERS for cell in distinct], dtype=bool)


def _unneutralise(cell: str) -> str:
    """`'=…` as our CSV exports write a text starting with `=`, `+`, `-`, `@` (see `tabular.to_csv`) → `=…`."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def _xlsx_grids(content: bytes) -> list[tuple[str | None, list[list[Cell]]]]:
    """Every sheet as a grid of text cells, merged ranges filled with their top-left value."""
    import openpyxl

    check_office_archive(content, XLSX_LIMITS)
    budget = ReadBudget(XLSX_LIMITS.max_seconds)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, AttributeError):
        raise unreadable("Файл повреждён или не является книгой Excel (XLSX)") from None
    except Exception:
        raise unreadable("Файл повреждён или не является книгой Excel (XLSX)") from None
    grids: list[tuple[str | None, list[list[Cell]]]] = []
    for sheet in workbook.worksheets:
        rows, columns = used_area(sheet)
        if rows * columns > XLSX_LIMITS.max_cells:
            raise too_many_cells(rows, columns, XLSX_LIMITS.max_cells)
        grid: list[list[Cell]] = []
        if rows and columns:
            for row in sheet.iter_rows(max_row=rows, max_col=columns, values_only=True):
                budget.check()
                grid.append([cell_text(value) for value in row])
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1] if merged.min_row <= len(grid) else []
            value = top[merged.min_col - 1] if merged.min_col <= len(top) else None
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = value
        grids.append((sheet.title, grid))
    workbook.close()
    return grids


def used_area(sheet: Any) -> tuple[int, int]:
    """Rows and columns up to the last cell holding a value. `max_row`/`max_column` also count cells that
    only carry a format, and walking empty cells makes openpyxl create them: one styled cell at XFD1048576
    would mean 17 billion."""
    rows = columns = 0
    for (row, column), cell in getattr(sheet, "_cells", {}).items():
        if cell.value is not None:
            rows, columns = max(rows, row), max(columns, column)
    return rows, columns


def cell_text(value: Any) -> Cell:
    """A spreadsheet value as the text a person would type (12.0 → "12", True → "да")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "|".join(str(part) for part in value) or None
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    text = str(value).strip()
    return text or None


def _json_rows(content: bytes) -> list[dict[str, Any]]:
    try:
        data = json.loads(decode_text(content))
    except (ValueError, OporaError, RecursionError):  # RecursionError: arrays nested deeper than Python's stack
        raise unreadable("Файл JSON повреждён: ожидается список строк или объект с полем «rows»") from None
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unreadable("Файл JSON должен содержать список строк-объектов или объект с полем «rows»")
    if not rows:
        raise empty_file()
    return rows


def json_table(rows: Sequence[dict[str, Any]]) -> ParsedTable:
    """JSON rows (objects keyed by canonical column or header); row n is the n-th object, from 1. A field name or a
    cell no table holds (a list, an object, text that is not `is_text`) is a 422 (`refuse_odd_cells`)."""
    frame = json_frame(rows)
    for key, column in frame.items():
        if not is_text(str(key)):
            first = next(position for position, row in enumerate(rows) if key in row)
            raise InvalidValue(
                f"Строка {first + 1}: в названии поля недопустимый символ (нулевой или половина суррогатной пары)",
                code="invalid_value",
                loc=["rows", first],
            )
        if not pd.api.types.is_numeric_dtype(column.dtype):  # numbers and booleans come typed: nothing to look at
            refuse_odd_cells(column.to_numpy(dtype=object), str(key))
    return frame_table(frame, "json", first_row=1)


def json_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """`pd.DataFrame.from_records(rows)`, the same columns, types and values, with its slowest step skipped: a
    column of integers (most columns of a data centre's rows) is cast at once instead of inferred value by value.
    The keys in order of first appearance, a missing key NaN, as `from_records` has them."""
    records = [row if type(row) is dict else dict(row) for row in rows]
    first = records[0].keys() if records else {}.keys()
    if len(set(first).union(*records)) == len(first):  # no row names a key the first lacks (a union in C)
        keys = list(first)
    else:
        keys = list(dict.fromkeys(key for row in records for key in row))
    if not keys:
        return pd.DataFrame.from_records(records)
    content = lib.dicts_to_array(records, keys)
    columns = {key: _json_column(content[:, position]) for position, key in enumerate(keys)}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(records)), copy=False)


_PLAIN_CELLS = frozenset({"integer", "floating", "mixed-integer-float", "boolean", "empty", "decimal"})
"""What `infer_dtype` says of a column of JSON numbers, booleans and nulls: nothing in it to look at."""


def is_text(value: str) -> bool:
    """Whether `value` is text a database and an answer can hold: no NUL (PostgreSQL refuses it, SQLite would keep
    it) and no lone half of a surrogate pair (a JSON escape such as `\\ud800` parses to one; UTF-8 cannot encode
    it, so writing the row, its checksum or an answer naming it failed: a 500). Judged in C."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def refuse_odd_cells(cells: np.ndarray, key: str) -> None:
    """A 422 for the first cell of a column of JSON values that no table cell can hold: a list or an object (the
    conversions would fail on it, a 500), or text that is not `is_text`. A column of numbers or of plain text,
    most columns, is judged at once in C."""
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind in _PLAIN_CELLS:
        return
    if kind == "string" and is_text("".join(cells[pd.notna(cells)])):
        return
    for position, cell in enumerate(cells.tolist()):
        if isinstance(cell, (list, dict)):
            raise InvalidValue(
                f"Строка {position + 1}, поле «{key[:100]}»: ожидается число, текст или пустое значение, а не "
                "список или объект",
                code="invalid_cell",
                loc=["rows", position, key],
            )
        if isinstance(cell, str) and not is_text(cell):
            what = "нулевой символ (\\0)" if "\x00" in cell else "символ (одиночная половина суррогатной пары)"
            raise InvalidValue(
                f"Строка {position + 1}, поле «{key[:100]}»: недопустимый {what} в тексте",
                code="invalid_value",
                loc=["rows", position, key],
            )


def _json_column(cells: np.ndarray) -> Any:
    """A column of JSON values typed as `from_records` types it; integers within 64 bits cast in one step."""
    if pd.api.types.infer_dtype(cells, skipna=False) == "integer":
        try:
            return cells.astype(np.int64)
        except OverflowError:
            pass  # beyond int64: pandas decides (uint64 or object)
    (column,) = convert_object_array([cells], dtype=None)
    return column


def frame_table(frame: pd.DataFrame, file_format: str = "frame", first_row: int = 2) -> ParsedTable:
    """An in-memory frame as a table: its column names are the headers, row n+`first_row` is row n."""
    headers = [str(column) for column in frame.columns]
    cells = frame.set_axis(range(len(headers)), axis=1).reset_index(drop=True)
    numbers = list(range(first_row, first_row + len(cells)))
    return ParsedTable(headers, cells, numbers, file_format, header_row=1 if first_row == 2 else None)


# --- header detection ---------------------------------------------------------------------------------


def _matches(row: Sequence[Cell], kind: KindSpec) -> dict[int, str]:
    found: dict[int, str] = {}
    for position, cell in enumerate(row):
        name = kind.match(cell) if cell else None
        if name is not None and name not in found.values():
            found[position] = name
    return found


def _is_header(matches: dict[int, str], kind: KindSpec) -> bool:
    return len(matches) >= 2 and any(name in kind.identifiers for name in matches.values())


def _combine(top: Sequence[Cell], below: Sequence[Cell]) -> list[Cell]:
    """Two header rows as one: "Отметки" over "2" → "Отметки 2". A parent written once (CSV) spans the
    empty cells to its right that have a child; merged cells of a workbook are already filled."""
    combined: list[Cell] = []
    parent: Cell = None
    for position in range(max(len(top), len(below))):
        upper = top[position] if position < len(top) else None
        lower = below[position] if position < len(below) else None
        if upper:
            parent = upper if lower else None
        elif not lower:
            parent = None
        upper = upper or (parent if lower else None)
        if upper and lower and normalize_header(upper) != normalize_header(lower):
            combined.append(f"{upper} {lower}")
        else:
            combined.append(upper or lower)
    return combined


def _is_subheader(top: Sequence[Cell], below: Sequence[Cell], matches: dict[int, str], kind: KindSpec) -> bool:
    """The row under a header is its second line (not data) when it leaves the identifier cell empty (or
    repeats it, as a vertically merged cell does) and brings new text in other cells."""
    if not any(below):
        return False
    for position, name in matches.items():
        if name in kind.identifiers:
            cell = below[position] if position < len(below) else None
            if cell and cell != top[position]:
                return False
    return any(cell and (position >= len(top) or cell != top[position]) for position, cell in enumerate(below))


def _two_row_matches(combined: list[Cell], below: Sequence[Cell], kind: KindSpec) -> dict[int, str]:
    """Columns of a combined header: the combined text, else the lower cell alone ("«2»" under any parent)."""
    found: dict[int, str] = {}
    for position, header in enumerate(combined):
        lower = below[position] if position < len(below) else None
        name = (kind.match(header) if header else None) or (kind.match(lower) if lower else None)
        if name is not None and name not in found.values():
            found[position] = name
    return found


def table_from_grid(
    grid: list[list[Cell]], kind: KindSpec, file_format: str, sheet: str | None = None
) -> ParsedTable | None:
    """The table under the first recognisable header of a grid, or None when there is none."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        single = _matches(row, kind)
        if not single:
            continue
        below = grid[index + 1] if index + 1 < len(grid) else []
        if _is_subheader(row, below, single, kind):
            combined = _combine(row, below)
            if _is_header(_two_row_matches(combined, below, kind), kind):
                table = _data(grid, combined, index + 2, file_format, sheet, header_row=index + 1)
                table.subheaders = list(below)
                return table
        if _is_header(single, kind):
            return _data(grid, list(row), index + 1, file_format, sheet, header_row=index + 1)
    return None


def _data(
    grid: list[list[Cell]], headers: list[Cell], first: int, file_format: str, sheet: str | None, header_row: int
) -> ParsedTable:
    width = max([len(headers), *(len(row) for row in grid[first:])])
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for offset, row in enumerate(grid[first:]):
        if not any(row):
            continue
        first_cell = next((cell for cell in row if cell), "")
        if first_cell.lower().rstrip(":. ") in TOTAL_MARKERS:
            continue
        rows.append(list(row) + [None] * (width - len(row)))
        numbers.append(first + offset + 1)
    names = [header or "" for header in headers] + [""] * (width - len(headers))
    cells = pd.DataFrame(rows, columns=range(width), dtype=object) if rows else pd.DataFrame(columns=range(width))
    return ParsedTable(names, cells, numbers, file_format, header_row=header_row, sheet=sheet)
