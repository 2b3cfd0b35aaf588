"""A file's bytes → raw tables: rows of cell texts, with the row numbers the user sees.

Nothing here knows what a plan looks like; `recognise` does. Every reader raises only `PlanFileError`
for what it cannot read, and the callers wrap the libraries so that no other exception escapes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter, range_boundaries

from services.roadmap.plan_import.formulas import SheetFormulas
from services.roadmap.plan_import.schemas import PlanFileError
from services.roadmap.schedules.parser.months import MONTHS_GENITIVE, MONTHS_NOMINATIVE
from services.shared.office_files import HostileFile, OfficeLimits, ReadBudget, check_office_archive

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 20_000
OFFICE_LIMITS = OfficeLimits(
    max_uncompressed_bytes=100 * 1024 * 1024,
    max_cells=MAX_ROWS * MAX_COLUMNS,
    max_merged_cells=MAX_ROWS * MAX_COLUMNS,
    max_seconds=60,
)
"""What an uploaded DOCX/XLSX plan may hold unpacked, checked before python-docx or openpyxl opens it."""


@dataclass
class RawTable:
    """One table as read. `rows[i][j]` is a cell's text (merged cells repeated over every grid cell they
    cover); `vmerged[i][j]` marks a cell that only continues a vertical merge from the row above;
    `row_numbers[i]` is the row as the user sees it (a DOCX row counting the header, an XLSX sheet row, a
    CSV/TSV line). `before` is the DOCX text between the previous table (or the document start) and this
    table, one paragraph per item; `after` the text up to the next table or the end; `height` the number
    of rows, empty ones included; `sheet` the XLSX sheet's name (tables of different sheets never continue
    each other); `hidden` the XLSX rows holding text that Excel hides (they are not in `rows`); `bold` the rows
    (as `row_numbers` counts them) whose text is all bold: a heading typed in bold rather than merged; `struck` the
    rows whose text is all struck through (an activity crossed out by hand: not in `rows`); `nested` marks a DOCX table
    inside a cell of the table before it (its rows are read as lines of that cell too)); `hidden_columns` the text of
    the XLSX columns Excel hides (not in `rows`), by column letter and row; `spans` by row (as `row_numbers` counts
    them) the columns whose cell goes on with the merged cell on its left (None when the file does not say: text)."""

    rows: list[list[str]]
    vmerged: list[list[bool]]
    row_numbers: list[int]
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    height: int = 0
    sheet: str = ""
    hidden: list[int] = field(default_factory=list)
    bold: set[int] = field(default_factory=set)
    struck: list[int] = field(default_factory=list)
    nested: bool = False
    hidden_columns: dict[str, dict[int, str]] = field(default_factory=dict)
    spans: dict[int, set[int]] | None = None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


# ---------------------------------------------------------------------------------------------- detection

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_tables(content: bytes, file_name: str) -> list[RawTable]:
    """Reads DOCX, XLSX or CSV/TSV/TXT, chosen by magic bytes first and the extension second."""
    if not content or not content.strip():
        raise PlanFileError("empty_file", "Файл пустой")
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if content.startswith(ZIP_MAGIC):
        kind = _zip_kind(content)
        try:
            check_office_archive(content, OFFICE_LIMITS)
            if kind == "docx":
                return read_docx(content) + _embedded_tables(content)
            if kind == "xlsx":
                return read_xlsx(content)
        except HostileFile as error:
            raise PlanFileError(error.code, error.detail) from None
        raise PlanFileError("unreadable_file", "Архив не является документом Word (.docx) или книгой Excel (.xlsx)")
    if content.startswith(OLE_MAGIC) or ext in {"doc", "xls"}:
        raise PlanFileError(
            "unreadable_file",
            "Старые форматы .doc и .xls не поддерживаются: сохраните файл как .docx или .xlsx",
        )
    if content.startswith(b"%PDF"):
        raise PlanFileError("unreadable_file", "PDF не поддерживается: загрузите .docx, .xlsx или .csv")
    if content.lstrip().startswith(b"{\\rtf"):
        raise PlanFileError("unreadable_file", "RTF не поддерживается: сохраните файл как .docx")
    if ext in {"docx", "xlsx", "xlsm"}:
        raise PlanFileError("unreadable_file", f"Файл .{ext} повреждён или имеет другой формат")
    return [read_text_table(decode_text(content))]


ODF_MIMETYPE = b"application/vnd.oasis.opendocument."


def _refuse_open_document(mimetype: bytes) -> None:
    """A plan saved in LibreOffice's own format (.odt, .ods: the default of «Сохранить» there): the error names
    the format to save it in instead, not a broken archive."""
    if b"spreadsheet" in mimetype:
        detail = "Таблица OpenDocument (.ods) не поддерживается: сохраните её как «Книга Excel (.xlsx)»"
    else:
        detail = "Документ OpenDocument (.odt) не поддерживается: сохраните его как «Документ Word (.docx)»"
    raise PlanFileError("unreadable_file", detail)


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise PlanFileError("unreadable_file", "Файл повреждён: архив не читается") from None
    if mimetype.startswith(ODF_MIMETYPE):
        _refuse_open_document(mimetype)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


MAX_EMBEDDED_BOOKS = 5


def _embedded_tables(content: bytes) -> list[RawTable]:
    """The sheets of Excel books embedded in a Word document (a table pasted as an Excel object: Word shows a
    picture of it and keeps the book in `word/embeddings/`), after the document's own tables. A book that cannot be
    read or is too big is left out: the document's own tables still count."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [n for n in archive.namelist() if n.startswith("word/embeddings/") and n.lower().endswith(".xlsx")]
            books = [archive.read(name) for name in names[:MAX_EMBEDDED_BOOKS]]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, KeyError):
        return []
    tables: list[RawTable] = []
    for book in books:
        try:
            check_office_archive(book, OFFICE_LIMITS)
            tables.extend(read_xlsx(book))
        except Exception:  # a broken embedded book must not cost the document its own tables
            continue
    return tables


# ------------------------------------------------------------------------------------------------- text


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or cp1251."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise PlanFileError("unreadable_file", "Текст в UTF-16 повреждён") from None
    if b"\x00" in content:
        raise PlanFileError("unreadable_file", "Файл не является таблицей: ожидались .docx, .xlsx или .csv")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFileError("unreadable_file", "Не удалось определить кодировку: сохраните CSV в UTF-8")


def _parse_tabbed(text: str) -> list[tuple[int, list[str]]]:
    """The records of tab-separated text with the line each starts on. Excel quotes a cell only when it holds a line
    break or a quote (doubling it), and saving a text file also one with a comma; Word never quotes. So a quote opens
    a quoted cell only when its closing quote ends the cell and the cell needed quoting: «"Точка роста": открытие» and
    «"Точка роста"» are the cell's own text, «"Директор, завуч"» is «Директор, завуч»,
    «"Семинар:⏎- для учителей"» one cell of two lines; a «"» alone (a ditto mark) is no quoted cell running over the
    next cells."""
    records: list[tuple[int, list[str]]] = []
    position, line = 0, 1
    text = text if text.endswith("\n") else text + "\n"
    while position < len(text):
        start, fields = line, []
        while True:
            field, position = _tabbed_field(text, position)
            fields.append(field)
            line += field.count("\n")
            ended = position >= len(text) or text[position] == "\n"
            position += 1
            if ended:
                break
        records.append((start, [] if fields == [""] else fields))  # an empty line: no cell, as `csv` reads it
        line += 1
        if len(records) > MAX_ROWS:
            raise PlanFileError("unreadable_file", f"В таблице больше {MAX_ROWS} строк")
    return records


_QUOTED_CELL = re.compile(r'"((?:[^"]|"")*)"(?=[\t\n])')


def _tabbed_field(text: str, position: int) -> tuple[str, int]:
    """The cell starting at `position` and where it ends (at its tab or line break; the text ends with one). A quoted
    cell is looked for no further than a cell's size: a stray quote costs no scan of the whole text."""
    limit = min(len(text), position + 2 * MAX_CELL_CHARS + 3)
    match = _QUOTED_CELL.match(text, position, limit) if text.startswith('"', position) else None
    inside = match.group(1) if match else ""
    if match and any(mark in inside for mark in ("\n", '""', ",", ";")) and "\t" not in inside:
        return match.group(1).replace('""', '"'), match.end()
    ends = [at for at in (text.find("\t", position), text.find("\n", position)) if at >= 0]
    end = min(ends) if ends else len(text)
    return text[position:end], end


def _parse_delimited(text: str, delimiter: str, limit: int | None = None) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    records: list[tuple[int, list[str]]] = []
    line = 1
    for record in reader:
        records.append((line, record))
        line = reader.line_num + 1
        if limit is not None and len(records) >= limit:
            break
        if len(records) > MAX_ROWS:
            raise PlanFileError("unreadable_file", f"В таблице больше {MAX_ROWS} строк")
    return records


def sniff_delimiter(text: str) -> str:
    """Tab when two lines hold one (Word and Excel paste tabs, free text never does); otherwise semicolon or
    comma: the one splitting most sample lines into the same number (>1) of fields."""
    if sum(1 for line in text.splitlines() if "\t" in line) >= 2:
        return "\t"
    best, best_score = "\t", -1.0
    for delimiter in (";", ","):
        try:
            sample = _parse_delimited(text, delimiter, limit=30)
        except (csv.Error, PlanFileError):
            continue
        counts: dict[int, int] = {}
        for _, record in sample:
            if len(record) > 1:
                counts[len(record)] = counts.get(len(record), 0) + 1
        score = max(counts.values(), default=0) + sum(counts.values()) / 1000
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_text_table(text: str) -> RawTable:
    """CSV, TSV or text pasted from Word/Excel: one table, row numbers are the lines where records start."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise PlanFileError("empty_file", "Текст пустой")
    delimiter = sniff_delimiter(text)
    piped = delimiter != "\t" and _pipe_table(text, delimiter)
    if piped:
        delimiter = "\t"
    elif delimiter != "\t" and _space_aligned(text, delimiter):
        text, delimiter = _spaces_to_tabs(text), "\t"
    try:
        records = (
            _pipe_records(text)
            if piped
            else _parse_tabbed(text)
            if delimiter == "\t"
            else _parse_delimited(text, delimiter)
        )
    except csv.Error:
        raise PlanFileError("unreadable_file", "Текст не разбирается как таблица") from None
    if delimiter == "\t":
        records = _spread_header(_glue_broken_records(_drop_label_tabs(records)))
    rows, numbers = [], []
    for line, record in records:
        cells = [cell_text(c) for c in record[:MAX_COLUMNS]]
        if any(cells):
            rows.append(cells)
            numbers.append(line)
    return RawTable(rows=rows, vmerged=[[False] * len(r) for r in rows], row_numbers=numbers)


def _spread_header(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Word copies a header cell merged over two columns («Сроки» over «начало | окончание») as one field, so the
    header is shorter than its second row and the rows: the header is spread over the columns as Excel writes it (the
    spanning cell, then empty ones), the second row's parts under it. Only when that second row names parts (words
    beside empty cells, no column numbers) and the rows after it are as wide."""
    multi = [index for index, (_, record) in enumerate(records) if len(record) > 1]
    if len(multi) < 3 or multi[1] != multi[0] + 1:
        return records
    head, sub = records[multi[0]][1], [cell.strip() for cell in records[multi[1]][1]]
    later = [len(records[index][1]) for index in multi[2:]]
    if len(head) >= len(sub) or 2 * later.count(len(sub)) < len(later) or all(sub) or not any(sub):
        return records
    if any(cell.isdigit() for cell in sub):
        return records
    spread = _spread(head, sub)
    if spread is None:
        return records
    return [*records[: multi[0]], (records[multi[0]][0], spread), *records[multi[0] + 1 :]]


def _spread(head: list[str], sub: list[str]) -> list[str] | None:
    """`head` spread over the columns of `sub`: a header cell over an empty cell of `sub` covers that column, a run of
    part names is covered by as few header cells as the missing columns allow, in equal shares."""
    extra, out, h, p = len(sub) - len(head), [], 0, 0
    while p < len(sub) and h < len(head):
        if not sub[p]:
            out.append(head[h])
            h, p = h + 1, p + 1
            continue
        run = next((q for q in range(p, len(sub)) if not sub[q]), len(sub)) - p
        cells = run - min(extra, run - 1)
        extra -= run - cells
        for k in range(cells):
            if h >= len(head):
                return None
            out.extend([head[h]] + [""] * (run // cells + (1 if k < run % cells else 0) - 1))
            h += 1
        p += run
    return out if h == len(head) and len(out) == len(sub) else None


_PIPE_RULE = re.compile(r"^[\s|:+=\-–—]*$")
"""A rule line of a table drawn with pipes: «|---|:---|», «+-----+-----+», «|===|»."""


def _pipe_table(text: str, delimiter: str) -> bool:
    """Whether the text is a table drawn with pipes («| 1 | Семинар | сентябрь |», «1 | Семинар | сентябрь»: Markdown,
    a table from a chat or a wiki): more lines parted by «|» (twice, or once in a table of two columns) than by the
    sniffed delimiter, three lines at least."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not _PIPE_RULE.match(line)]
    piped = sum(1 for line in lines if line.strip("|").count("|") >= 1)
    split = sum(1 for line in lines if line.count(delimiter) >= 2)
    return piped >= 3 and piped > split and 2 * piped >= len(lines)


def _pipe_records(text: str) -> list[tuple[int, list[str]]]:
    """The lines of a table drawn with pipes as records (quotes are text): a rule line no record (the lines keep their
    numbers), the outer pipes of a line dropped, the inner ones parting its cells; Markdown's «<br>» a line break in a
    cell and its «**bold**» plain. A line without a pipe (a title over the table, a cell's wrapped line) is one
    field."""
    records: list[tuple[int, list[str]]] = []
    for line, written in enumerate(text.split("\n"), start=1):
        stripped = written.strip()
        if not stripped or _PIPE_RULE.match(stripped):
            records.append((line, []))
        elif "|" not in stripped:
            records.append((line, [written]))
        else:
            inner = stripped.removeprefix("|").removesuffix("|")
            records.append((line, [_markdown_cell(cell) for cell in inner.split("|")]))
        if len(records) > MAX_ROWS:
            raise PlanFileError("unreadable_file", f"В таблице больше {MAX_ROWS} строк")
    while records and not records[-1][1]:
        records.pop()
    return records


_MARKDOWN_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKDOWN_STRONG = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")


def _markdown_cell(cell: str) -> str:
    return _MARKDOWN_STRONG.sub(r"\2", _MARKDOWN_BREAK.sub("\n", cell)).strip()


_SPACED_FIELD = re.compile(r"\S+(?: \S+)*")
"""A field of a line whose columns are aligned with spaces: words parted by single spaces (two or more part fields)."""


def _spaced_fields(line: str) -> list[re.Match[str]]:
    return list(_SPACED_FIELD.finditer(line.replace("\u00a0", " ")))


def _space_aligned(text: str, delimiter: str) -> bool:
    """Whether the text is a table whose columns are aligned with runs of spaces (copied from a PDF): more lines of
    three fields or more parted by two spaces or more than lines the sniffed delimiter splits, three lines at least."""
    spaced = sum(1 for line in text.splitlines() if len(_spaced_fields(line)) >= 3)
    split = sum(1 for line in text.splitlines() if line.count(delimiter) >= 2)
    return spaced >= 3 and spaced > split


def _spaces_to_tabs(text: str) -> str:
    """A space-aligned table as tab-separated text: the first line of three fields or more is the header, and each
    field of every later line goes to the header column starting nearest to it (a line wrapped in a cell keeps only
    its own column's field, the others empty). When the columns do not line up under the header (two spaces between
    cells, not a layout), the fields fill the columns from the left. Lines above the header stay as they are."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if len(_spaced_fields(line)) >= 3), None)
    if at is None:
        return text
    starts = [m.start() for m in _spaced_fields(lines[at])]
    aligned = _lined_up(lines[at + 1 :], starts)
    out = lines[:at]
    for line in lines[at:]:
        cells = [""] * len(starts)
        for order, found in enumerate(_spaced_fields(line)):
            nearest = min(range(len(starts)), key=lambda k: abs(starts[k] - found.start()))
            column = nearest if aligned else min(order, len(starts) - 1)
            cells[column] = f"{cells[column]} {found.group()}".strip()
        out.append("\t".join(cells) if any(cells) else "")
    return "\n".join(out) + "\n"


def _lined_up(lines: list[str], starts: list[int]) -> bool:
    """Whether most lines of two fields or more start each field within two characters of a header column's start."""
    split = [fields for fields in map(_spaced_fields, lines) if len(fields) >= 2]
    under = sum(all(any(abs(f.start() - s) <= 2 for s in starts) for f in fields) for fields in split)
    return 2 * under >= len(split)


_LIST_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[•·▪●◦\-–—]|[а-яa-z]\))$")


def _drop_label_tabs(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Word copies an automatically numbered paragraph as its number, a tab and its text: a «№» cell Word numbers
    comes as «1.⇥⇥Анализ ВПР», one field more than the header. When two such lines are one field wider than the
    header (the first line of several fields), the empty field after the number is dropped from every line."""
    header = next((record for _, record in records if len(record) > 1), None)
    if header is None:
        return records

    def labelled(record: list[str]) -> bool:
        return len(record) > 2 and bool(_LIST_LABEL.match(record[0].strip())) and not record[1].strip()

    wider = [record for _, record in records if len(record) == len(header) + 1]
    if sum(labelled(record) for record in wider) < max(2, len(wider) * 4 // 5):
        return [(line, _drop_bullet(record, len(header))) for line, record in records]
    return [(line, [record[0], *record[2:]] if labelled(record) else record) for line, record in records]


_BULLET = re.compile(r"^[•·▪●◦\uf0b7\uf0a7\uf0d8\uf076\uf0fco]$")
"""A bullet as Word copies it: «•», «·», or the Symbol/Wingdings glyph of a private code («\uf0b7»), «o» of level 2."""


def _drop_bullet(record: list[str], width: int) -> list[str]:
    """A line one field wider than the header because a cell's bulleted paragraph came as «•» and a tab: the
    bullet's field dropped."""
    if len(record) != width + 1:
        return record
    bullets = [i for i, text in enumerate(record[:-1]) if _BULLET.match(text.strip()) and record[i + 1].strip()]
    return [*record[: bullets[0]], *record[bullets[0] + 1 :]] if len(bullets) == 1 else record


def _glue_broken_records(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Word copies a table row whose cell holds several lines as several lines of text, without quotes:
    «1.⇥Анализ результатов» + «ВПР⇥до 01.10⇥Иванова». Lines that together make exactly the table's number of
    fields are one record again, the cell's lines joined by a line break. The table's width is, of the numbers of
    fields two lines share and the first line's (the header), the one whose whole records cover most lines: when
    every row holds a broken cell the pieces outnumber the whole rows, and a whole order pasted around its table
    (a few lines of a wider table, many rows of the plan) is read at the plan's width. A tie goes to the wider."""
    counts: dict[int, int] = {}
    for _, record in records:
        if len(record) > 1:
            counts[len(record)] = counts.get(len(record), 0) + 1
    first = next((len(record) for _, record in records if len(record) > 1), 0)
    widths = {n for n, count in counts.items() if count >= 2} | {first}
    best: list[tuple[int, list[str]]] = records
    best_score = (-1, 0)
    for width in sorted(widths, reverse=True):
        glued = _glue_to_width(records, width)
        score = (_covered_lines(glued, records, width), width)
        if score[0] > best_score[0]:
            best, best_score = glued, score
    return best


def _covered_lines(glued: list[tuple[int, list[str]]], records: list[tuple[int, list[str]]], width: int) -> int:
    """How many of the lines `records` went into records of `width` fields after gluing."""
    starts = [line for line, _ in records]
    ends = [line for line, _ in glued[1:]] + [starts[-1] + 1 if starts else 0]
    position, covered = {line: i for i, line in enumerate(starts)}, 0
    for (line, record), end in zip(glued, ends, strict=True):
        if len(record) == width:
            covered += position.get(end, len(starts)) - position[line]
    return covered


def _glue_to_width(records: list[tuple[int, list[str]]], width: int) -> list[tuple[int, list[str]]]:
    header = next((record for _, record in records if len(record) == width), [])
    people = bool(header) and bool(_PEOPLE_HEADER.search(header[-1]))  # the last column names the responsible
    glued: list[tuple[int, list[str]]] = []
    index = 0
    while index < len(records):
        line, record = records[index]
        broken = 1 < len(record) < width or (len(record) == 1 and _lower_start(records, index + 1))
        joined, used = _glue(records, index, width) if broken else (record, 1)
        if len(joined) == width > 1:
            tail = _last_cell_lines(records, index + used, people)
            joined = [*joined[:-1], "\n".join([joined[-1], *tail])] if tail else joined
            used += len(tail)
        glued.append((line, joined))
        index += used
    return glued


def _lower_start(records: list[tuple[int, list[str]]], index: int) -> bool:
    """Whether the line at `index` starts in lower case: the rest of a sentence broken in a cell («по итогам …»)."""
    if index >= len(records) or not records[index][1]:
        return False
    letters = [c for c in records[index][1][0].strip()[:1] if c.isalpha()]
    return bool(letters) and letters[0].islower()


_INITIALS = re.compile(r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+")


_PEOPLE_HEADER = re.compile(r"ответствен|исполнител|фио|ф\.\s*и\.\s*о", re.IGNORECASE)
_POSITION = re.compile(
    r"^(?:зам\.|заместител|директор|руководител|учител|педагог-|педагоги\b|классн\w*\s+руководител|методист|"
    r"психолог|социальн\w*\s+педагог|специалист|заведующ|куратор|наставник|председател|члены\s|"
    r"(?:управлени\w*|отдел\w*|комитет\w*)\s+образовани)",
    re.IGNORECASE,
)
"""A line naming a post («Зам. директора по УВР», «Классные руководители»): one more person of a responsible cell."""


_DASHED = re.compile(r"^[-–—•·▪*]\s+\S")
"""A line typed as a list item with a dash or a bullet and a space («- справка»): never a heading row."""


def _last_cell_lines(records: list[tuple[int, list[str]]], index: int, people: bool) -> list[str]:
    """The lines of one field after a whole record that go on with its last cell (Word copies a last cell of
    several lines as several lines): lines starting in lower case, or naming a person by initials («Петрова А.А.,
    учитель»), or by a post when the last column is the responsible one, or bulleted («•⇥Завуч»); at most
    ten. A heading line («2. Работа с
    кадрами», «Раздел 2») is no such line."""
    lines: list[str] = []
    while index + len(lines) < len(records) and len(lines) < 10:
        record = records[index + len(lines)][1]
        bulleted = len(record) == 2 and bool(_BULLET.match(record[0].strip()))
        record = record[1:] if bulleted else record  # «•⇥Завуч»: one more bulleted paragraph of the last cell
        text = record[0].strip() if len(record) == 1 else ""
        person = bool(_INITIALS.match(text)) or (people and bool(_POSITION.match(text)))
        dashed = bool(_DASHED.match(text))  # «- план коррекции»: one more dashed item of a result
        if not text or not (bulleted or dashed or _lower_start(records, index + len(lines)) or person):
            break
        lines.append(record[0])
    return lines


def _glue(records: list[tuple[int, list[str]]], index: int, width: int) -> tuple[list[str], int]:
    """The record at `index` glued to the lines after it when they make exactly `width` fields (at most ten
    lines), with how many lines it took; the record alone otherwise. Failing that, a cell's bulleted or
    «1)»-numbered paragraphs are taken as Word copies them, a mark, a tab and the text (`_cell_line`): tried second,
    since a plan-grid's «•» marks months."""
    glued = _glued(records, index, width, listed=False) or _glued(records, index, width, listed=True)
    return glued or (records[index][1], 1)


def _glued(
    records: list[tuple[int, list[str]]], index: int, width: int, *, listed: bool
) -> tuple[list[str], int] | None:
    cells = _unbulleted(records[index][1]) if listed else records[index][1]
    labels: list[str] = []
    for used in range(2, 11):
        if index + used > len(records):
            break
        following = records[index + used - 1][1]
        first = following[0].strip() if following else ""
        if not following or (_ROW_NUMBER.match(first) and not _DATE.match(first)):
            break  # a line starting with «2.» is the next row, not the rest of a cell (a second date, «01.04.2025», is)
        following = _cell_line(following, labels) if listed else following
        cells = [*cells[:-1], cells[-1] + "\n" + following[0], *following[1:]]
        if len(cells) == width:
            return cells, used
        if len(cells) > width:
            break
    return None


def _unbulleted(record: list[str]) -> list[str]:
    """A line's fields without the bullets Word wrote before the text of a cell's bulleted paragraph («1⇥•⇥Семинар»),
    but for the first field (a «•» in the «№» cell marks a row)."""
    kept = record[:1]
    for at, text in enumerate(record[1:], start=1):
        if not (_BULLET.match(text.strip()) and at + 1 < len(record) and record[at + 1].strip()):
            kept.append(text)
    return kept


_SUB_LABEL = re.compile(r"^(\d{1,2}|[а-яa-z])\)$")
"""«1)», «а)»: the label Word writes (and a tab) before the paragraphs of a list numbered inside a cell."""


def _cell_line(record: list[str], labels: list[str]) -> list[str]:
    """A line going on with a cell, as its text: a bulleted paragraph («•⇥для учителей») without its bullet, a
    paragraph of a list numbered in the cell («1)⇥для учителей», then «2)⇥…») with its label before the text. A list's
    label counts only from its first («1)», «а)») and then in order: «3)» opening a line is the next row otherwise.
    `labels` collects the labels met in the cell."""
    record = _unbulleted(["", *record])[1:] if len(record) > 1 and _BULLET.match(record[0].strip()) else record
    label = _SUB_LABEL.match(record[0].strip()) if len(record) > 1 and record[1].strip() else None
    if label is None or label.group(1) != _next_label(labels[-1] if labels else None, label.group(1)):
        return record
    labels.append(label.group(1))
    return [f"{record[0].strip()} {record[1]}", *record[2:]]


def _next_label(last: str | None, label: str) -> str:
    """The label a cell's list goes on with after `last` (its first, «1» or «а», when no list started yet)."""
    if last is None:
        return label if label in {"1", "а", "a"} else ""
    if last.isdigit():
        return str(int(last) + 1)
    return chr(ord(last) + 1)


_ROW_NUMBER = re.compile(r"^\d{1,4}(?:\.\d{1,4})*\.?$")
_DATE = re.compile(r"^(?:\d{2}\.\d{2}\.\d{2}|\d{1,2}\.\d{2}\.\d{4})(?:\s*г\.?)?$")
"""«01.04.2025», «01.04.25»: a date opening a line is the second line of a deadline cell, no row number."""
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None) | dict.fromkeys(
    map(ord, "\u00a0\u2007\u202f\t"), " "
)


def cell_text(text: str) -> str:
    """A cell's text as a person reads it: soft hyphens and zero-width characters removed, non-breaking spaces
    and tabs as spaces, `\\r\\n` as a line break, Latin look-alike letters in Russian words made Cyrillic
    (`cyrillic_lookalikes`); trimmed and clipped to `MAX_CELL_CHARS`."""
    return _clip(cyrillic_lookalikes(text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n").strip()))


_LOOKALIKES = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")
_MIXED_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]*(?:[А-Яа-яЁё][A-Za-z]|[A-Za-z][А-Яа-яЁё])[A-Za-zА-Яа-яЁё]*")
_INITIAL_PAIR = r"[ABCEHKMOPTXА-ЯЁ]\.\s?[ABCEHKMOPTXА-ЯЁ]\."
_LATIN_INITIALS = re.compile(
    rf"(?<=[А-ЯЁа-яё][а-яё]{{2}}\s){_INITIAL_PAIR}(?![A-Za-zА-Яа-яЁё])"  # «Иванова A.A.», «Иванова И.A.»
    rf"|(?<![A-Za-zА-Яа-яЁё.]){_INITIAL_PAIR}(?=\s?[А-ЯЁ][а-яё]{{2}})"  # «A.A. Иванова»
)


def cyrillic_lookalikes(text: str) -> str:
    """Latin letters typed (or pasted from a PDF) in place of the Cyrillic ones they look like, made Cyrillic: in a
    word mixing both alphabets («Пeтров», «Ивaнова», «COШ»), and as the initials by a Russian surname («Иванова
    A.A.»). A word wholly in Latin («IT-куб», «Microsoft») stays, and so does one with a Latin letter that has no
    Cyrillic twin («3D-принтер»): a surname with Latin letters is not found, nor split from the next one."""
    if not re.search(r"[A-Za-z]", text) or not re.search(r"[А-Яа-яЁё]", text):
        return text

    def cyrillic(match: re.Match[str]) -> str:
        word = match.group(0)
        latin = {c for c in word if "A" <= c <= "z"}
        return word.translate(_LOOKALIKES) if all(c in "ABCEHKMOPTXaceopxy" for c in latin) else word

    return _LATIN_INITIALS.sub(lambda m: m.group(0).translate(_LOOKALIKES), _MIXED_WORD.sub(cyrillic, text))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS]


# ------------------------------------------------------------------------------------------------- XLSX


def _month_text(value: date, number_format: str) -> str | None:
    """A date shown by its cell's format as a month («mmmm yyyy», «[$-419]ММММ ГГГГ;@», «mmm.yy» shown «сен.24»,
    «mm.yyyy» shown «09.2024»): «сентябрь 2024»; None for a format showing the day or a time."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0]).lower()
    named = "mmm" in shown or "ммм" in shown
    dated = any(c in shown for c in "yг")
    numbered = dated and any(c in shown for c in "mм") and not any(c in shown for c in "hчs")  # «mm.yyyy»: «09.2024»
    if not (named or numbered) or "d" in shown or "д" in shown:
        return None
    year = f" {value.year}" if dated else ""
    return MONTHS_NOMINATIVE[value.month - 1] + year


def _named_day_text(value: date, number_format: str) -> str | None:
    """A date shown by its cell's format with the month's name and the day («d mmmm yyyy», «[$-419]D MMMM YYYY»,
    «dd mmm yy»): «15 декабря 2024», as the sheet shows it, not «15.12.2024»."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0]).lower()
    named, dated = "mmm" in shown or "ммм" in shown, any(c in shown for c in "dд") and any(c in shown for c in "yг")
    if not named or not dated or any(c in shown for c in "hчs"):
        return None  # without the year «d/mmm» is Russian Excel's «1.2» typed: `_day_month_text`
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year}"


def _day_month_text(value: date, number_format: str) -> str | None:
    """A date shown by its cell's format without the year («d/mmm», «dd.mm»; Russian Excel turns a typed «1.2»
    into such a date): «01.02»; None for a format showing the year."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0]).lower()
    if not any(c in shown for c in "dд") or not any(c in shown for c in "mм") or any(c in shown for c in "yг"):
        return None
    return f"{value:%d.%m}"


def _year_text(value: date, number_format: str) -> str | None:
    """A date shown by its cell's format as its year alone («yyyy», «ГГГГ», «yyyy "г."»): «2024», as the plan shows
    it (not a day of that year); None for a format showing a month or a day."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0]).lower()
    if not any(c in shown for c in "yг") or any(c in shown for c in "dдmм"):
        return None
    return str(value.year)


def _percent_text(value: float, number_format: str) -> str | None:
    """A share shown by its cell's format as a percentage («0%», «0,0%»): «95%», «12,5%» as Excel shows it in
    Russian; None for any other format."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0])
    if "%" not in shown:
        return None
    decimals = len(shown.split(".", 1)[1].split("%")[0]) if "." in shown else 0
    return f"{value * 100:.{min(decimals, 6)}f}".replace(".", ",") + "%"


def _grouped_text(value: float, number_format: str) -> str | None:
    """A sum in a cell formatted with thousands grouping («# ##0,00», a «Финансирование» column) as Russian Excel
    shows it: «150 000,50» (never «150000.5»); None for any other format (a «№» cell keeps «1.1»)."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0])
    if "#,##0" not in shown or "%" in shown:
        return None
    fraction = shown.split(".", 1)[1] if "." in shown else ""
    decimals = len(fraction) - len(fraction.lstrip("0"))
    return f"{value:,.{min(decimals, 6)}f}".replace(",", " ").replace(".", ",")


def _cell_text(value: Any, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, date) and (month := _month_text(value, number_format)):
        return month
    if isinstance(value, date) and (named := _named_day_text(value, number_format)):
        return named
    if isinstance(value, date) and (day := _day_month_text(value, number_format)):
        return day
    if isinstance(value, date) and (year := _year_text(value, number_format)):
        return year
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (share := _percent_text(value, number_format))
    ):
        return share
    if isinstance(value, int | float) and not isinstance(value, bool) and (sum_ := _grouped_text(value, number_format)):
        return sum_
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if _time_shown(value, number_format) else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        value = _XML_ESCAPE.sub(_unescape, value)
    return cell_text(str(value))


def _time_shown(value: datetime, number_format: str) -> bool:
    """Whether the cell shows the time of its date: a time is stored and the format shows hours, or the format is no
    date format of its own (a date typed with its time keeps «ДД.ММ.ГГГГ ч:мм»); «ДД.ММ.ГГГГ» hides it."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0]).lower()
    dated = any(c in shown for c in "dдyг")
    return value.time() != time(0) and (not dated or any(c in shown for c in "hч"))


_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
"""«_x000D_»: how Excel writes a carriage return (and other control characters) in a cell's text; openpyxl leaves
it as is."""


def _unescape(match: re.Match[str]) -> str:
    """A line break or tab as itself, «_x005F_» as «_», another control character as nothing; anything else (not
    an escape Excel writes) as it stands."""
    code = int(match.group(1), 16)
    if code in (0x09, 0x0A, 0x0D, 0x5F):
        return chr(code)
    return "" if code < 0x20 else match.group(0)


def read_xlsx(content: bytes) -> list[RawTable]:
    """Every non-empty sheet, in the book's order (the plan may be on the second sheet, after a title page);
    a merged range's value is repeated over the range (below the first row marked `vmerged`). Formulas give
    the values the file keeps; in a book asking Excel to compute them on opening (written by a program, which
    keeps no values) the importer computes the simple ones (`formulas.py`)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True, rich_text=True)
        written = _formula_book(content, book)
    except PlanFileError:
        raise
    except Exception:
        raise PlanFileError("unreadable_file", "Книга Excel повреждена или не читается") from None
    if not book.worksheets:
        raise PlanFileError("no_table", "В книге нет листов")
    budget = ReadBudget(OFFICE_LIMITS.max_seconds)
    tables = []
    for index, sheet in _shown_sheets(book):
        formulas = SheetFormulas(written.worksheets[index], sheet) if written is not None else None
        if (table := _read_sheet(sheet, budget, formulas)).rows:
            tables.append(table)
    if not tables:
        raise PlanFileError("no_table", "В книге Excel нет заполненных листов")
    return tables


def _shown_sheets(book: Any) -> list[tuple[int, Any]]:
    """The sheets Excel shows, with their positions: a hidden sheet holds lists for drop-downs or an old version of
    the plan. All sheets when every one is hidden."""
    sheets = list(enumerate(book.worksheets))
    shown = [(i, sheet) for i, sheet in sheets if getattr(sheet, "sheet_state", "visible") == "visible"]
    return shown or sheets


def _formula_book(content: bytes, book: Any) -> Any:
    """The book with its formulas as written, when the file asks for them to be computed on opening (its
    stored values are missing or 0); None otherwise."""
    import openpyxl

    calculation = getattr(book, "calculation", None)
    if not getattr(calculation, "fullCalcOnLoad", False):
        return None
    written = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    return written if len(written.worksheets) == len(book.worksheets) else None


def _hidden_columns(sheet: Any, max_col: int) -> set[int]:
    """The columns Excel hides (a helper column of formulas, an old version of a column): not read."""
    hidden: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min and dimension.max:
            hidden.update(range(dimension.min, min(dimension.max, max_col) + 1))
    return hidden


def _filtered_rows(sheet: Any) -> range:
    """The rows an active filter covers (`autoFilter` with a condition on a column), under its header row: a row it
    hides is part of the plan still (a methodist filters the activities not done yet, saves and imports the file),
    unlike a row hidden by hand."""
    auto_filter = sheet.auto_filter
    if not auto_filter.ref or not auto_filter.filterColumn:
        return range(0)
    try:
        low, high = range_boundaries(auto_filter.ref)[1::2]
    except (TypeError, ValueError):
        return range(0)
    return range((low or 1) + 1, (high or low or 1) + 1)


def _read_sheet(sheet: Any, budget: ReadBudget, formulas: SheetFormulas | None = None) -> RawTable:
    max_row, max_col = min(sheet.max_row, MAX_ROWS), min(sheet.max_column, MAX_COLUMNS)
    hidden_columns = _hidden_columns(sheet, max_col)
    hidden_rows: list[int] = []
    filtered = _filtered_rows(sheet)
    fill: dict[tuple[int, int], tuple[Any, str, bool, bool]] = {}

    def value(cell: Any) -> Any:
        return (
            formulas.value(cell.row, cell.column)
            if formulas and (cell.row, cell.column) in formulas.cells
            else _unstruck(cell)
        )

    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col)
        for r in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for c in range(merged.min_col, min(merged.max_col, max_col) + 1):
                fill[(r, c)] = (value(top), str(top.number_format or ""), r > merged.min_row, c > merged.min_col)
    rows: list[list[str]] = []
    vmerged: list[list[bool]] = []
    numbers: list[int] = []
    bold: set[int] = set()
    struck: list[int] = []
    hidden_texts: dict[str, dict[int, str]] = {}
    spans: dict[int, set[int]] = {}
    for r, cells in enumerate(sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
        budget.check()
        texts: list[str] = []
        marks: list[bool] = []
        for c, cell in enumerate(cells, start=1):
            shown, number_format, continued, spanned = fill.get(
                (r, c), (value(cell), str(cell.number_format or ""), False, False)
            )
            if c in hidden_columns:
                if text := _cell_text(shown, number_format):
                    hidden_texts.setdefault(get_column_letter(c), {})[r] = text
                continue
            if spanned:
                spans.setdefault(r, set()).add(len(texts))
            texts.append(_cell_text(shown, number_format))
            marks.append(continued)
        if any(texts) and sheet.row_dimensions[r].hidden and r not in filtered:
            hidden_rows.append(r)
        elif _crossed_out(cells, hidden_columns, [t for t, merged in zip(texts, marks, strict=True) if not merged]):
            struck.append(r)
        elif any(texts):
            rows.append(texts)
            vmerged.append(marks)
            numbers.append(r)
            if _all_bold(cells, hidden_columns):
                bold.add(r)
    return RawTable(
        rows=rows,
        vmerged=vmerged,
        row_numbers=numbers,
        sheet=str(sheet.title),
        hidden=hidden_rows,
        bold=bold,
        struck=struck,
        hidden_columns=hidden_texts,
        spans=spans,
    )


def _crossed_out(cells: Any, hidden_columns: set[int], texts: list[str]) -> bool:
    """Whether a sheet row is crossed out: text struck through in it (a cell's font, or each word of its rich text) and
    nothing left once that is dropped but its number (`texts`, without the cells merged down into the row): an
    activity dropped by hand, not read."""
    filled = [c for i, c in enumerate(cells, start=1) if i not in hidden_columns and c.value not in (None, "")]
    if not any(_font_struck(c) or _struck_rich(c.value) for c in filled):
        return False
    return _left_unstruck([text for text in texts if text])


LONE_NUMBER_RE = re.compile(r"^\d{1,4}(?:\.\d{1,4})*\.?$")
"""An activity's number left alone in a row whose other cells are struck through."""


def _font_struck(cell: Any) -> bool:
    return bool(getattr(getattr(cell, "font", None), "strike", False))


def _struck_block(block: Any) -> bool:
    return bool(getattr(getattr(block, "font", None), "strike", False))


def _struck_rich(value: Any) -> bool:
    """Whether a cell's rich text (words formatted apart, `CellRichText`) is all struck through."""
    return isinstance(value, CellRichText) and all(_struck_block(b) for b in value if str(b).strip())


def _unstruck(cell: Any) -> Any:
    """A cell's value without its struck-through text, as in Word: a cell struck whole is empty, rich text loses its
    struck words («~~сентябрь~~ октябрь» → «октябрь»: a date moved by hand)."""
    value = cell.value
    if value is not None and _font_struck(cell):
        return None
    if not isinstance(value, CellRichText):
        return value
    return "".join(str(b) for b in value if not _struck_block(b)).strip()


def _all_bold(cells: Any, hidden_columns: set[int]) -> bool:
    """Whether every filled cell of a sheet row is bold."""
    filled = [c for i, c in enumerate(cells, start=1) if i not in hidden_columns and c.value not in (None, "")]
    return bool(filled) and all(getattr(getattr(c, "font", None), "b", False) for c in filled)


# ------------------------------------------------------------------------------------------------- DOCX


def read_docx(content: bytes) -> list[RawTable]:
    """Every top-level table in document order, with the paragraphs around it: tables in content controls
    (`w:sdt`) and text boxes count too. Cells spanning several grid columns are repeated; cells continuing a
    vertical merge repeat the text above and are marked. A cell's paragraph that is an automatically numbered
    list item shows the number Word shows before it («1. Анализ ВПР», or «1.» alone in an empty «№» cell)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
        tables: list[RawTable] = []
        between: list[str] = []
        for block in _docx_blocks(document):
            if not isinstance(block, RawTable):
                between.append(block)
                continue
            block.before = between
            if tables:
                tables[-1].after = between
            between = []
            tables.append(block)
        if tables:
            tables[-1].after = between
    except (PlanFileError, HostileFile):
        raise
    except Exception:
        raise PlanFileError("unreadable_file", "Документ Word повреждён или не читается") from None
    return [t for t in tables if t.rows]


def _docx_blocks(document: Any) -> Iterator[str | RawTable]:
    """The body's paragraphs (as text) and tables (read, nested tables after their table) in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table

    numbering = _Numbering(document)
    budget = ReadBudget(OFFICE_LIMITS.max_seconds)
    body = document._body
    for element in _body_elements(document.element.body, qn):
        if element.tag == qn("w:tbl"):
            table = Table(element, body)
            yield _read_docx_table(table, numbering, budget)
            yield from _read_nested_tables(table, numbering, budget)
            continue
        numbering.label(element)
        yield cell_text(paragraph_text(element))
        for boxed in _text_box_tables(element, qn):
            table = Table(boxed, body)
            yield _read_docx_table(table, numbering, budget)
            yield from _read_nested_tables(table, numbering, budget)


def _body_elements(parent: Any, qn: Any) -> Iterator[Any]:
    """Paragraphs and tables under `parent`, inside content controls (`w:sdt`) and custom XML too."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from _body_elements(content, qn)


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_box_tables(paragraph: Any, qn: Any) -> list[Any]:
    """The outermost tables in the text boxes of a paragraph; the VML copy Word keeps for old readers
    (`mc:Fallback`) is the same text box and is skipped."""
    found = []
    for tbl in paragraph.iter(qn("w:tbl")):
        ancestors = list(tbl.iterancestors())
        inside = ancestors[: ancestors.index(paragraph)] if paragraph in ancestors else ancestors
        if not any(a.tag in (qn("w:tbl"), MC_FALLBACK) for a in inside):
            found.append(tbl)
    return found[:MAX_NESTED_TABLES]


MAX_NESTED_TABLES = 50


def _read_nested_tables(table: Any, numbering: _Numbering, budget: ReadBudget) -> list[RawTable]:
    """Tables inside the cells of a table (a plan put into a one-cell frame table), each as a table of its own."""
    from docx.oxml.ns import qn
    from docx.table import Table

    nested = [tbl for tbl in table._tbl.iter(qn("w:tbl")) if tbl is not table._tbl][:MAX_NESTED_TABLES]
    return [replace(_read_docx_table(Table(tbl, table), numbering, budget), nested=True) for tbl in nested]


def _deleted_row(tr: Any) -> bool:
    """Whether a row was deleted with changes tracked (`w:trPr/w:del`): accepted, the row is gone, whatever text
    its cells still hold unmarked."""
    properties = tr.find(_W + "trPr")
    return properties is not None and properties.find(_W + "del") is not None


def _read_docx_table(table: Any, numbering: _Numbering, budget: ReadBudget) -> RawTable:
    rows: list[list[str]] = []
    vmerged: list[list[bool]] = []
    numbers: list[int] = []
    bold: set[int] = set()
    struck: list[int] = []
    above: dict[int, str] = {}
    spans: dict[int, set[int]] = {}
    table_rows = [tr for tr in _controlled(table._tbl, "w:tr") if not _deleted_row(tr)]
    for index, tr in enumerate(table_rows[:MAX_ROWS], start=1):
        budget.check()
        # Spans come from the file: `w:gridSpan w:val="100000000"` must not become a list that long.
        skipped = min(max(tr.grid_before, 0), MAX_COLUMNS)
        texts: list[str] = [""] * skipped
        marks: list[bool] = [False] * skipped
        for tc in _controlled(tr, "w:tc"):
            if len(texts) >= MAX_COLUMNS:
                break
            offset, span = len(texts), min(max(1, tc.grid_span), MAX_COLUMNS - len(texts))
            if tc.vMerge == "continue":
                text, continued = above.get(offset, ""), True
            else:
                text, continued = cell_text("\n".join(_cell_lines(tc, numbering))), False
            for k in range(span):
                above[offset + k] = text
            if span > 1:
                spans.setdefault(index, set()).update(range(offset + 1, offset + span))
            texts.extend([text] * span)
            marks.extend([continued] * span)
        texts, marks = texts[:MAX_COLUMNS], marks[:MAX_COLUMNS]
        own = [text for text, continued in zip(texts, marks, strict=True) if text and not continued]
        if _left_unstruck(own) and _struck_text(tr):  # crossed out, but for its number and cells merged down into it
            struck.append(index)
        elif any(texts):
            rows.append(texts)
            vmerged.append(marks)
            numbers.append(index)
            if _bold_runs(tr):
                bold.add(index)
    width = max((len(r) for r in rows), default=0)
    for texts, marks in zip(rows, vmerged, strict=True):
        texts.extend([""] * (width - len(texts)))
        marks.extend([False] * (width - len(marks)))
    return RawTable(
        rows=rows, vmerged=vmerged, row_numbers=numbers, height=len(table_rows), bold=bold, struck=struck, spans=spans
    )


def _cell_lines(tc: Any, numbering: _Numbering | None, depth: int = 0) -> list[str]:
    """A cell's paragraphs in order, with the rows of a table nested in it as lines of their own (a cell split into a
    small table, «Завуч» over «Психолог»: its cells joined by «; »), so a person's text inside it is not lost; the
    nested table is read as a table of its own too, and only there its list numbers count (`numbering` is None inside
    a nested table: Word's counters advance once per paragraph)."""
    from docx.oxml.ns import qn

    lines: list[str] = []
    for child in _controlled(tc, "w:p", "w:tbl"):
        if child.tag != qn("w:tbl"):
            label, shown = numbering.label(child) if numbering else "", paragraph_text(child)
            lines.append(f"{label} {shown.lstrip()}" if label and shown.strip() else shown or label)
            continue
        if depth >= 2:
            continue
        for tr in list(_controlled(child, "w:tr"))[:MAX_ROWS]:
            cells = [cell_text("\n".join(_cell_lines(inner, None, depth + 1))) for inner in _controlled(tr, "w:tc")]
            lines.append("; ".join(dict.fromkeys(c for c in cells if c)))
    return lines


def _bold_runs(row: Any) -> bool:
    """Whether every run holding text in a table row is bold (`w:b` in its properties)."""
    runs = [r for r in row.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    for run in runs[:200]:
        properties = run.find(_W + "rPr")
        flag = None if properties is None else properties.find(_W + "b")
        if flag is None or flag.get(_W + "val", "true") in {"0", "false", "off"}:
            return False
    return bool(runs)


def _controlled(parent: Any, *tags: str) -> Iterator[Any]:
    """The children of `parent` with one of `tags` (rows of a table, cells of a row, paragraphs of a cell), those
    inside content controls (`w:sdt`, a repeating section of a template) and custom XML included."""
    from docx.oxml.ns import qn

    wanted, sdt, content, custom = {qn(tag) for tag in tags}, qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
    for child in parent.iterchildren():
        if child.tag in wanted:
            yield child
        elif child.tag == sdt and not _placeholder(child):
            inner = child.find(content)
            if inner is not None:
                yield from _controlled(inner, *tags)
        elif child.tag == custom:
            yield from _controlled(child, *tags)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _placeholder(sdt: Any) -> bool:
    """Whether a content control shows its placeholder («Место для ввода даты.», «Click or tap here to enter text.»):
    Word's prompt in a template's field nobody filled, no text of the plan."""
    properties = sdt.find(_W + "sdtPr")
    return properties is not None and properties.find(_W + "showingPlcHdr") is not None


_SKIPPED = {
    _W + "del",  # tracked deletions: Word shows them struck out, they are not the text
    _W + "moveFrom",
    _W + "pPr",
    _W + "rPr",
    _W + "drawing",  # text boxes are read as tables of their own or skipped, like python-docx does
    _W + "pict",
    _W + "object",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}
_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _flagged(run: Any, *flags: str) -> bool:
    """Whether a run's properties switch one of `flags` on (`<w:strike/>`, not `<w:strike w:val="0"/>`)."""
    properties = run.find(_W + "rPr")
    for flag in flags:
        found = None if properties is None else properties.find(_W + flag)
        if found is not None and found.get(_W + "val", "true") not in {"0", "false", "off"}:
            return True
    return False


def _vanished(run: Any) -> bool:
    """Whether a run is formatted as hidden text (`w:vanish`): Word does not show or print it; or struck through
    (`w:strike`, `w:dstrike`): a plan edited by hand crosses out what it drops («~~сентябрь~~ октябрь»)."""
    return _flagged(run, "vanish", "strike", "dstrike")


def _left_unstruck(own: list[str]) -> bool:
    """Whether a row's own text, struck text dropped, is nothing or its number alone."""
    return not own or (len(own) == 1 and LONE_NUMBER_RE.match(own[0]) is not None)


def _struck_text(row: Any) -> bool:
    """Whether a table row holds text, all of it struck through (a row with no text left once that is dropped)."""
    runs = [r for r in row.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    return any(_flagged(run, "strike", "dstrike") for run in runs)


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as Word shows it with changes accepted: runs inside tracked insertions, content controls,
    hyperlinks and fields included, tracked deletions, hidden text and the placeholders of empty content controls
    left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED or (tag == _W + "r" and _vanished(child)):
                continue
            if tag == _W + "sdt" and _placeholder(child):
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in _CHARACTERS:
                parts.append(_CHARACTERS[tag])
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


class _Numbering:
    """Just enough of Word's list numbering to show what an auto-numbered «№» cell displays: decimal
    counters per list and level, `lvlText` such as «%1.%2.», `start` values. Bullets give nothing.

    As in Word, the lists (`w:num`) of one definition (`w:abstractNum`) share its counters: a table continued after
    a page break or a copied row often gets a list of its own that goes on with the numbers; a list restarts only
    where it says so (`w:startOverride`, «Начать заново» in Word), at its first paragraph of that level."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.abstract: dict[str, str] = {}  # list → its definition, whose counters it shares
        self.restarts: dict[str, dict[int, int]] = {}  # list → level → the value it restarts at
        self.started: set[tuple[str, int]] = set()
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is auto-numbered
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in node.iterchildren(qn("w:lvl")):
                start = self._val(lvl, "w:start") or "1"
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(start) if start.isdigit() else 1,
                    self._val(lvl, "w:numFmt") or "decimal",
                    self._val(lvl, "w:lvlText") or "",
                )
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = self._val(num, "w:abstractNumId")
            if ref is not None and ref in abstract:
                num_id = num.get(qn("w:numId"), "")
                self.levels[num_id] = abstract[ref]
                self.abstract[num_id] = ref
                self.restarts[num_id] = self._restarts(num)

    def _restarts(self, num: Any) -> dict[int, int]:
        restarts: dict[int, int] = {}
        for override in num.iterchildren(self._qn("w:lvlOverride")):
            value = self._val(override, "w:startOverride")
            level = override.get(self._qn("w:ilvl"), "")
            if value is not None and value.isdigit() and level.isdigit():
                restarts[int(level)] = int(value)
        return restarts

    def _val(self, node: Any, tag: str) -> str | None:
        child = node.find(self._qn(tag))
        return None if child is None else child.get(self._qn("w:val"))

    def label(self, p: Any) -> str:
        """Advances the list counters for paragraph `p` and returns the label Word shows ("" if none)."""
        ppr = p.pPr
        numpr = None if ppr is None else ppr.numPr
        if numpr is None or numpr.numId is None:
            return ""
        num_id = str(numpr.numId.val)
        ilvl = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < 9:
            return ""
        counters = self.counters.setdefault(self.abstract.get(num_id, num_id), [0] * 9)
        start, fmt, text = levels[ilvl]
        restart = self.restarts.get(num_id, {}).get(ilvl)
        if restart is not None and (num_id, ilvl) not in self.started:
            counters[ilvl] = restart
        else:
            counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        self.started.add((num_id, ilvl))
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt in {"bullet", "none"}:
            return ""

        def level_value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counters[level] if 0 <= level < 9 else 0
            start, shown, _ = levels.get(level, (1, "decimal", ""))
            return _counter_text(value or start, shown)

        return re.sub(r"%([1-9])", level_value, text).strip()


_LETTERS = {
    "lowerLetter": "abcdefghijklmnopqrstuvwxyz",
    "upperLetter": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "russianLower": "абвгдежзиклмнопрстуфхцчшщэюя",
    "russianUpper": "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ",
}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _counter_text(value: int, number_format: str) -> str:
    """A list counter as Word shows it in its format: «а», «б» (`russianLower`), «b» (`lowerLetter`; after «z» the
    letter doubles, «aa»), «iv» (`lowerRoman`); decimal otherwise."""
    letters = _LETTERS.get(number_format)
    if letters and value > 0:
        return letters[(value - 1) % len(letters)] * ((value - 1) // len(letters) + 1)
    if number_format in {"lowerRoman", "upperRoman"} and 0 < value < 4000:
        roman = ""
        for size, text in _ROMAN:
            count, value = divmod(value, size)
            roman += text * count
        return roman.upper() if number_format == "upperRoman" else roman
    return str(value)
