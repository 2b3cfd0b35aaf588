"""Tables and their parts: a later table continuing the plan, a table cut at another plan's header, a PDF
continuation with a column split in two, a table after the plan that is not loaded."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.columns import Layout, _header_key
from services.roadmap.plan_import.recognise.endings import ACQUAINTED_RE, SIGNED_NAME_RE
from services.roadmap.plan_import.recognise.header import (
    _header_fields,
    _is_column_index,
    _is_header_row,
    _is_repeated_header,
)
from services.roadmap.plan_import.recognise.text import NUMBER_RE, TIMING_HEADING_RE, _dedupe, _short
from services.roadmap.plan_import.schemas import ImportedPlan, ImportProblem
from services.roadmap.plan_import.tables import RawTable


def _continues(table: RawTable, layout: Layout, sheet: str) -> bool:
    """Whether a later table of the same width carries on the plan (one on another XLSX sheet only without a header
    of its own, `_continues_on_sheet`). Columns empty in every row at the right edge of either table do not count."""
    named = max((i + 1 for i, norm in enumerate(layout.header_norms) if norm), default=layout.width)
    if not (named <= table.width and _used_width(table) <= layout.width) or not table.rows:
        return False
    if table.sheet != sheet:
        return _continues_on_sheet(table, layout)
    header = next((cells for cells in table.rows[:2] if _is_header_row(cells)), None)
    if header is not None and _header_key(header) != layout.key:
        return False  # a header naming other columns: another plan
    number = layout.column("number")
    if number is None:
        return True
    for index, cells in enumerate(table.rows[:2]):
        if _is_repeated_header(cells, layout) or _is_column_index(cells):
            return True
        value = cells[number] if number < len(cells) else ""
        if not value or NUMBER_RE.match(value):
            return True
        if index == 0 and len(_dedupe(cells)) == 1:
            continue  # a section row; the row after it decides
        return False
    return False


def _continues_on_sheet(table: RawTable, layout: Layout) -> bool:
    """Whether the next sheet of a book carries on the plan of the sheet before: no header row of its own (a sheet
    with one is a plan of its own, joined by `sheets.choose` when its columns are the same) and its first row numbered,
    maybe under a section row."""
    number = layout.column("number")
    filled = [cells for cells in table.rows if any(cells)]
    if number is None or any(_is_header_row(cells) for cells in filled[:5]):
        return False
    for index, cells in enumerate(filled[:2]):
        values = _dedupe(cells)
        if index == 0 and len(values) == 1:
            continue  # a section row; the row after it decides
        return len(values) >= 2 and number < len(cells) and bool(NUMBER_RE.match(cells[number]))
    return False


def _join_split_columns(table: RawTable, width: int) -> RawTable | None:
    """A table converted from PDF whose continuation has a column split in two (a text now in the left part, now in
    the right, never in both) or an empty column more: the table with each such pair joined back (a split one first,
    from the left) down to `width` columns; None when it cannot be (two texts side by side in every pair)."""
    rows = [list(cells) for cells in table.rows]
    marks = [list(m) for m in table.vmerged]
    if not rows or table.sheet or _used_width(table) <= width:
        return None
    while max(len(cells) for cells in rows) > width:
        pairs = [j for j in range(max(len(c) for c in rows) - 1) if _split_pair(rows, j)]
        split = [j for j in pairs if all(any(j + k < len(c) and c[j + k] for c in rows) for k in (0, 1))]
        if not pairs:
            return None
        pair = (split or pairs)[0]  # a text column split in two before an empty column
        for cells, mark in zip(rows, marks, strict=True):
            if pair + 1 < len(cells):
                cells[pair] = cells[pair] or cells[pair + 1]
                del cells[pair + 1]
                mark[pair] = mark[pair] and (pair + 1 >= len(mark) or mark[pair + 1])
                del mark[pair + 1 : pair + 2]
    return RawTable(
        rows=rows,
        vmerged=marks,
        row_numbers=table.row_numbers,
        before=table.before,
        after=table.after,
        height=table.height,
        hidden=table.hidden,
        bold=table.bold,
        struck=table.struck,
    )


def _split_pair(rows: list[list[str]], column: int) -> bool:
    """Whether no row holds two different texts in the column and the next one."""
    return all(
        column + 1 >= len(cells) or not (cells[column] and cells[column + 1] and cells[column] != cells[column + 1])
        for cells in rows
    )


def _used_width(table: RawTable) -> int:
    return max((i + 1 for cells in table.rows for i, text in enumerate(cells) if text), default=0)


def _unread_rows(plan: ImportedPlan, table: RawTable | None) -> None:
    """A table right after the plan that does not carry it on (other columns) and starts with numbered rows holds
    activities the plan does not: a problem says the table was not loaded."""
    if table is None or not table.rows or table.nested:
        return  # a table nested in a cell of the plan: read there, as the cell's lines
    if _indicators_table(table):
        plan.problems.append(
            ImportProblem(
                code="unread_table",
                detail=f"Таблица показателей после плана (строк: {len(table.rows)}; столбцы: "
                f"«{_short(' | '.join(_dedupe(table.rows[0])), 80)}») не загружена: загружаются только мероприятия. "
                "Целевые значения показателей внесите в план вручную",
            )
        )
        return
    values = _dedupe(table.rows[0])
    if len(values) < 2 or not (NUMBER_RE.match(values[0]) or _unnumbered_activities(table)):
        return
    plan.problems.append(
        ImportProblem(
            code="unread_table",
            detail=f"Таблица после плана (строк: {len(table.rows)}; первая: «{_short(' '.join(values), 80)}») не "
            "загружена: её столбцы не совпадают со столбцами плана. Объедините таблицы и загрузите файл снова",
        )
    )


INDICATOR_RE = re.compile(r"показател|индикатор", re.IGNORECASE)


def _indicators_table(table: RawTable) -> bool:
    """Whether a table after the plan is its table of indicators (a programme's «Целевые показатели»): a header row
    naming an indicator column («Наименование показателя», «Индикатор») over at least one filled row. It is no part of
    the plan, but a methodist who sees it silently gone would think the import lost it."""
    header = _dedupe(table.rows[0])
    return (
        len(header) >= 2
        and any(INDICATOR_RE.search(text) and len(text) <= 60 for text in header)
        and not any(NUMBER_RE.match(text) for text in header[:1])
        and any(len(_dedupe(cells)) >= 2 for cells in table.rows[1:])
    )


WHEN_RE = re.compile(
    r"^(?:в\s+течение\b|ежемесячно|еженедельно|ежеквартально|постоянно|до\s+\d|\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})\b)",
    re.IGNORECASE,
)
"""A cell giving when an activity happens besides a month: «в течение года», «до 01.10», «01.09.2024»."""


def _unnumbered_activities(table: RawTable) -> bool:
    """Whether a table after the plan without numbers (one column fewer: the plan's last page saved without its «№»)
    reads as activities: its first row a title and a deadline («Открытые уроки | декабрь | Завуч»), no name signed
    («И.И. Иванов», «______»: a signature or the list of those who read the plan), no list of them above it."""
    if any(ACQUAINTED_RE.match(text) for text in table.before[-2:]):
        return False
    rows = [_dedupe(cells) for cells in table.rows[:3]]
    if any(SIGNED_NAME_RE.search(text) for values in rows for text in values):
        return False
    first = rows[0]  # a row of its own column names first («Должность | Подпись | Дата»): no part of the plan
    return len(first) >= 2 and bool(LETTER_RE.search(first[0])) and any(_says_when(text) for text in first[1:])


def _says_when(text: str) -> bool:
    return bool(TIMING_HEADING_RE.match(text) or WHEN_RE.match(text.strip()))


LETTER_RE = re.compile(r"[А-Яа-яЁё]{3}")


def _split_at_headers(table: RawTable) -> list[RawTable]:
    """A table cut before each header row naming other columns than the first header (two plans pasted or saved
    one under the other on a sheet: «№ | Мероприятие | Срок | Результат», then «№ | Мероприятие | Ответственный |
    Срок»): each part is read with its own header. A header repeated as it was (a page break) cuts nothing."""
    parts: list[RawTable] = []
    key: dict[str, int] | None = None
    start, previous = 0, -2
    for position, cells in enumerate(table.rows):
        if key is not None and position != previous + 1 and _foreign_header(cells):
            parts.append(_table_part(table, start, position))
            start, key, previous = position, {}, position
            continue
        if not _is_header_row(cells):
            continue
        if key is not None and not _header_like(cells):
            continue  # a row of the plan whose cells start with header words: no header
        if position == previous + 1:  # the header's second row («ФИО | должность» under «Ответственный»)
            previous = position
            continue
        own = _header_key(cells)
        if key is not None and own != key:
            parts.append(_table_part(table, start, position))
            start = position
        key, previous = own, position
    if not parts:
        return [table]
    parts.append(_table_part(table, start, len(table.rows)))
    return parts


_NUMBER_HEADER = re.compile(r"^№\s*(?:п\s*/\s*п\.?)?$", re.IGNORECASE)


def _foreign_header(cells: list[str]) -> bool:
    """A header row of another table under the plan (a whole order pasted: «№ п/п | Целевой показатель | Факт |
    Обязательства»): «№» first, short cells, no title column and two columns or more no plan names."""
    values = [text for text in _dedupe(cells) if text]
    if len(values) < 3 or not _NUMBER_HEADER.match(values[0]) or not _header_like(values):
        return False
    names, unknown = _header_fields(cells)
    return "title" not in names and unknown >= 2


HEADER_CELL_LENGTH = 100
"""The longest header cell: «Документ, оформляемый по результатам контроля и оценки качества процедур/процессов»."""


def _header_like(cells: list[str]) -> bool:
    """Whether every cell of a row is short and none is a number, as in a header."""
    return all(len(text) <= HEADER_CELL_LENGTH and not NUMBER_RE.match(text) for text in cells)


def _table_part(table: RawTable, start: int, end: int) -> RawTable:
    """Rows `start`..`end` of a table, keeping their row numbers; the text before the table goes with the first
    part, the text after it with the last."""
    first, last = table.row_numbers[start], table.row_numbers[end - 1]
    return RawTable(
        rows=table.rows[start:end],
        vmerged=table.vmerged[start:end],
        row_numbers=table.row_numbers[start:end],
        before=table.before if start == 0 else [],
        after=table.after if end == len(table.rows) else [],
        height=table.height if end == len(table.rows) else last,
        sheet=table.sheet,
        hidden=[r for r in table.hidden if (start == 0 or r > first) and (end == len(table.rows) or r < last)],
        bold=table.bold,
        struck=[r for r in table.struck if (start == 0 or r > first) and (end == len(table.rows) or r < last)],
        nested=table.nested,
        hidden_columns=table.hidden_columns,
        spans=table.spans,
    )
