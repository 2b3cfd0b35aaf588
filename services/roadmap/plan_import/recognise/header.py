"""Finding the header: header rows, repeated headers, column-index and total rows, a header's second row or
the labels written over it."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.aliases import (
    QUARTER_RE,
    match_header,
    normalise_header,
    roman_month_columns,
)
from services.roadmap.plan_import.recognise.columns import FACT_PREFIXES, Layout, _header_groups, _layout, _slot_label
from services.roadmap.plan_import.recognise.text import NUMBER_RE, YEAR_RE, _dedupe, _starts_lower
from services.roadmap.plan_import.tables import RawTable


def _header_fields(cells: list[str]) -> tuple[set[str], int]:
    """The fields a row names and how many of its distinct non-empty values name none (known `extra` columns,
    «Примечание», «Отметка о выполнении», the months of a plan-grid, count as neither)."""
    names, unknown = set(), 0
    months = {cells[i] for i in roman_month_columns(cells)}
    for value in _dedupe(cells):
        matched = match_header(value)
        if not matched and (QUARTER_RE.match(normalise_header(value)) or value in months):
            continue  # «I кв.», «2 полугодие»: a column of a plan-grid marking when (`columns._marked_years`)
        if not matched:
            unknown += 1
        elif matched[0] != "extra":
            names.add(matched[0])
    return names, unknown


def _is_header_row(cells: list[str]) -> bool:
    """A title column and one more known column; unknown columns («Риск», «Задача», «2024», «2025») are fine
    while there are fewer of them than known ones (as many beside a title and two more known columns)."""
    names, unknown = _header_fields(cells)
    allowed = len(names) if len(names) >= 3 else max(1, len(names) - 1)
    return "title" in names and len(names) >= 2 and unknown <= allowed


def _is_repeated_header(cells: list[str], layout: Layout) -> bool:
    norms = [normalise_header(c) for c in cells]
    if norms in (layout.header_norms, layout.sub_norms or None, layout.label_norms or None):
        return True
    names, unknown = _header_fields(cells)
    return unknown == 0 and bool(names) and (len(names) >= 2 or names == {"title"})


_TOTAL = re.compile(r"^(?:итого|всего)(?:\s+по\s+[\w\s]+)?\s*:?$", re.IGNORECASE)


def _is_total_row(cells: list[str]) -> bool:
    """A «Итого | 2 мероприятия» row closing a table exported from an accounting or school system: no activity."""
    first = next((text.strip() for text in cells if text.strip()), "")
    return bool(_TOTAL.match(first))


def _is_column_index(cells: list[str]) -> bool:
    """The «1 2 3 4 5» row numbering the columns under the header (also «1. 2. 3.» and «1) 2) 3)»)."""
    values = [c.rstrip(".)") for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]  # merged: once
    return (
        len(values) >= 2
        and values == [str(i) for i in range(1, len(values) + 1)]
        and (len(values) >= 3 or len(values) == len(cells))
    )


def _sub_header(header: list[str], row: list[str], marks: list[bool]) -> list[str] | None:
    """The row under the header when it names the parts of a header cell spanning several columns («Сроки»
    over «начало | окончание», «Срок исполнения» over «план | факт»): its texts by column, or None. Cells
    merged down from the header are left out; a value under a header cell of one column is data."""
    starts = _header_groups(header)
    columns = [i for i, text in enumerate(row) if text and not marks[i]]
    if not columns:
        return None
    for index in columns:
        text = row[index]
        spanned = starts.count(starts[index]) > 1
        known = match_header(text) is not None or normalise_header(text).startswith(("план", *FACT_PREFIXES))
        # «2024 | 2025» under «Показатели», weeks «1 | 2 | 3 | 4» under «Сентябрь»: parts, not a numbered row
        parts = spanned and (YEAR_RE.match(text) or _slot_label(header[starts[index]]))
        numbered = NUMBER_RE.match(text) and not parts
        if len(text) > 60 or numbered or not (spanned or (not header[index] and known)):
            return None
    return [text if text and not marks[i] else "" for i, text in enumerate(row)]


POINT_NUMBER_RE = re.compile(r"^п(?:п|ункт)?\.?\s*\d")
"""«п. 1.», «пп. 2.1», «пункт 3» opening a cell: an item's number, never the words of a header going on."""


def _header_continuation(header: list[str], row: list[str], marks: list[bool]) -> list[str] | None:
    """The header when its words go on in the row under it («Наименование» / «мероприятия», «№» / «п/п»):
    every value there starts in lower case or with a bracket and sits under a header cell."""
    columns = [i for i, text in enumerate(row) if text and not marks[i]]
    if not columns:
        return None
    for index in columns:
        text = row[index]
        if len(text) > 60 or not header[index] or not (_starts_lower(text) or text[0] in "(/"):
            return None
        if POINT_NUMBER_RE.match(text):
            return None  # «п. 1. Организационная работа»: a numbered row, no word of the header
    joined = [f"{text} {row[i]}" if i in columns else text for i, text in enumerate(header)]
    return joined if _is_header_row(joined) else None


def _read_header(first: RawTable, position: int) -> tuple[Layout, int]:
    """The layout of the header at row `position` (with its second row, or the labels over it) and the position of
    the header's last row."""
    header = first.rows[position]
    following = None
    if position + 1 < len(first.rows):
        # a CSV line may stop at its last filled field: the header and the row under it padded to one width
        width = max(len(header), len(first.rows[position + 1]))
        header = header + [""] * (width - len(header))
        cells, marks = first.rows[position + 1], first.vmerged[position + 1]
        following = (cells + [""] * (width - len(cells)), marks + [False] * (width - len(marks)))
    sub = _sub_header(header, *following) if following else None
    continued = _header_continuation(header, *following) if following and not sub else None
    mixed = _mixed_second_row(header, *following) if following and not (sub or continued) else None
    if mixed is not None and following is not None:
        header, sub = mixed
        layout = _layout(header, first.rows[position + 2 : position + 61], sub)
        layout.sub_norms = [normalise_header(c) for c in following[0]]  # the second row as written, when repeated
        return layout, position + 1
    start = position + 1 if sub or continued else position
    labelled = _labels_above(first.rows[position - 1], header) if position and not (sub or continued) else None
    if labelled is not None:
        layout = _layout(labelled[0], first.rows[start + 1 : start + 60], labelled[1])
        layout.sub_norms = [normalise_header(c) for c in header]
        above = first.rows[position - 1]
        layout.label_norms = [normalise_header(c) for c in (above + [""] * len(header))[: len(header)]]
        return layout, start
    if continued:
        header, sub_norms = continued, [normalise_header(c) for c in following[0]] if following else []
    layout = _layout(header, first.rows[start + 1 : start + 60], sub)
    if continued:
        layout.sub_norms = sub_norms
    return layout, start


def _mixed_second_row(header: list[str], row: list[str], marks: list[bool]) -> tuple[list[str], list[str]] | None:
    """A second header row doing both: going on with the words of single header cells («Наименование» / «мероприятия»)
    and naming the parts of the spanning ones («Сроки» over «начало | окончание», «Ответственные» over «ФИО |
    должность»). Returns (the header with its words joined, the parts), or None."""
    starts = _header_groups(header)
    joined, parts = list(header), list(row)
    for index, text in enumerate(row):
        single = bool(header[index]) and starts.count(starts[index]) == 1
        short = len(text) <= 40 and len(text.split()) <= 3
        if text and not marks[index] and single and short and (_starts_lower(text) or text[0] in "(/"):
            joined[index], parts[index] = f"{header[index]} {text}", ""
    named = [match_header(text) for text in parts if text]
    if joined == header or not any(m is not None and m[0] != "slot" for m in named):
        return None  # no part a header names («начало», «окончание»): a row of data, «сентябрь | октябрь»
    sub = _sub_header(joined, parts, marks)
    return (joined, sub) if sub is not None and _is_header_row(joined) else None


def _labels_above(above: list[str], header: list[str]) -> tuple[list[str], list[str]] | None:
    """A header whose cells spanning several columns were written in the row over it, the single ones in the
    header row only (no merge down): «| | Сроки | | Ответственный» over «№ | Мероприятие | начало | окончание | ФИО
    | должность». Returns the header as two rows, (the spanning labels filled in, the parts under them), or None when
    the row above is no such labels (a title, a header of its own)."""
    above = (above + [""] * len(header))[: len(header)]
    values = _dedupe(above)
    if not values or _is_header_row(above) or (len(values) == 1 and all(above)):
        return None
    if not all((m := match_header(v)) is not None and m[0] != "title" for v in values):
        return None
    if any(text and (m := match_header(header[i])) and m[0] in {"number", "title"} for i, text in enumerate(above)):
        return None  # over «№» or «Мероприятие»: a line over the table, not the name of parts
    top, sub = list(header), [""] * len(header)
    label = ""
    for index, text in enumerate(above):
        own = match_header(header[index])
        if text:
            label = text
        elif not label or (own is not None and own[0] not in {"deadline_end", "extra"}):
            label = ""  # «Результат» names a column of its own: the label over the columns before it ends
        if label and header[index]:
            top[index], sub[index] = label, header[index]
    return (top, sub) if any(sub) else None
