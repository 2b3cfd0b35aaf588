"""The rows of a plan as they are read (`_Row`, `_Gap`) and the reading state (`_State`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from services.roadmap.plan_import.recognise.columns import Layout
from services.roadmap.plan_import.recognise.text import (
    DEFAULT_SECTION,
    GOAL_RE,
    NUMBER_BULLET_RE,
    NUMBER_SIGN_RE,
    _as_number,
    _dedupe,
)
from services.roadmap.plan_import.schemas import ImportedActivity, ImportedSection, ImportProblem
from services.roadmap.plan_import.tables import RawTable


@dataclass
class _Row:
    cells: list[str]
    vmerged: list[bool]
    row: int
    after_break: bool  # first row after a table boundary or a repeated header
    bold: bool = False  # a row whose text is all bold (XLSX cells, DOCX runs)
    bullet: bool = False  # a bullet («•», «–») in the number cell: an activity the plan does not number
    spans: set[int] | None = None  # columns whose cell goes on with the merged cell on its left (None: unknown)


@dataclass
class _Gap:
    paragraphs: list[str]
    trailing: bool  # text after the last table: only planned results are taken


@dataclass
class _State:
    layout: Layout
    sections: list[ImportedSection] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    activity: ImportedActivity | None = None  # the activity a continuation row may join
    activity_cells: list[str] = field(default_factory=list)  # the texts of the row last merged into it
    activity_row: list[str] = field(default_factory=list)  # its rows' texts by column, the last one's over the first
    planned: bool = False
    planned_mode: str = ""  # how the planned results under a table go on: "inline", "list", "plain", "" (unknown)
    empty: list[ImportedSection] = field(default_factory=list)  # sections the table says have no activities
    page_break: bool = False  # a repeated header was skipped since the last row read
    shared_numbers: set[int] = field(default_factory=set)  # rows taking the number merged down from above
    titled: ImportedSection | None = None  # a section whose heading stands over a repeated header
    row_heading: ImportedSection | None = None  # the last section a table row started
    over: list[tuple[ImportedSection, ImportedSection]] = field(default_factory=list)  # a heading row over another
    bold_activity: bool = False  # the row of the last new activity is bold (then bold says nothing)
    numbered_heading: str | None = None  # the number of the last numbered row read as a section heading
    signing: bool = False  # a signature under the plan was read: names and lines to sign on follow
    details: dict[int, tuple[int, dict[str, str]]] = field(default_factory=dict)
    """By section: the row and the deadline and responsible its numbered heading row gives its activities."""
    passed: set[tuple[int, str]] = field(default_factory=set)  # (section, field) given to an activity
    noting: bool = False  # under «Примечание:»: the rows of its list are no activities
    noted: list[int] = field(default_factory=list)  # the rows read as notes under «Примечание:»
    struck: set[int] = field(default_factory=set)  # rows crossed out or hidden (not read): their numbers are no gap
    footnotes: dict[str, str] = field(default_factory=dict)  # «*» → «при наличии финансирования»
    listing: tuple[ImportedActivity, list[ImportedActivity]] | None = None
    """«1. Семинары:» and the bulleted activities read as its items so far (`activities._list_item`)."""
    upcoming: list[_Row | _Gap] = field(default_factory=list)  # the rows after the one being read

    @property
    def section(self) -> ImportedSection:
        if not self.sections:
            self.sections.append(ImportedSection(title=DEFAULT_SECTION))
        return self.sections[-1]

    def start_section(self, number: str | None, title: str) -> None:
        self.sections.append(ImportedSection(title=title, number=number))
        if GOAL_RE.match(title):
            self.empty.append(self.sections[-1])  # «Цель 1. …» over its tasks stays, as a heading of its own
        self.end_activity()

    def end_activity(self) -> None:
        """No row after this one continues the activity or the planned results above it."""
        self.activity, self.activity_cells, self.activity_row, self.planned = None, [], [], False

    def add_planned(self, items: list[str]) -> None:
        self.section.planned_results.extend(items)
        self.activity, self.activity_cells, self.activity_row = None, [], []


def _items(tables: list[RawTable], start: int, layout: Layout) -> Iterator[_Row | _Gap]:
    """The group's rows in order with the text between its tables; row numbers run on across the group (the rows of
    another sheet keep the sheet's numbers)."""
    offset = 0
    for position, table in enumerate(tables):
        if position:
            yield _Gap(table.before, trailing=False)
        after_break = position > 0
        for cells, marks, row in zip(table.rows, table.vmerged, table.row_numbers, strict=True):
            if position == 0 and row <= start:
                continue
            padded = (cells + [""] * layout.width)[: layout.width]
            number = layout.column("number")
            bullet = number is not None and bool(NUMBER_BULLET_RE.match(padded[number]))
            marks = (marks + [False] * layout.width)[: layout.width]
            shown = row if table.sheet != tables[0].sheet else offset + row  # another sheet: its own rows
            spans = None if table.spans is None else table.spans.get(row, set())
            yield _Row(_own_number(padded, layout), marks, shown, after_break, row in table.bold, bullet, spans)
            after_break = False
        offset += max(table.height, table.row_numbers[-1] if table.row_numbers else 0)
    yield _Gap(tables[-1].after, trailing=True)


def _own_number(cells: list[str], layout: Layout) -> list[str]:
    """The row with its number cell as written («№1» as «1»): a date Russian Excel made of the number as the number
    typed (`_as_number`); empty when the cell is merged with the title cell («1. Анализ ВПР» over both) in a row holding
    more (the title then gives the number)."""
    column, title = layout.column("number"), layout.column("title")
    if column is None:
        return cells
    signed = NUMBER_SIGN_RE.match(cells[column])
    number = "" if NUMBER_BULLET_RE.match(cells[column]) else signed[1] if signed else _as_number(cells[column])
    number = _typed_number(cells[column]) if number is None else number
    if title is not None and cells[column] and cells[column] == cells[title] and len(_dedupe(cells)) > 1:
        number = ""
    return cells if number is None else [*cells[:column], number, *cells[column + 1 :]]


TYPED_NUMBER_RE = re.compile(r"^\d{1,3}(?:(?:,|\s*\.\s*)\d{1,3})+[.,]?$")
"""«1,1», «2,3.», «1. 1.», «1 .2»: an item number typed with a comma for its dot (a decimal comma), or spaced."""


def _typed_number(text: str) -> str | None:
    """The item number a reader sees in «1,1» or «1. 1.» («1.1»); None for anything else («1, 2» lists two items)."""
    text = text.strip()
    if not TYPED_NUMBER_RE.match(text) or ("," not in text and " " not in text):
        return None
    return re.sub(r"\s*[.,]\s*", ".", text).rstrip(".")


def _cell(row: _Row, column: int | None) -> str:
    if column is None or row.vmerged[column]:
        return ""
    return row.cells[column]


def _header_of(state: _State, name: str) -> str | None:
    column = state.layout.column(name)
    return None if column is None else state.layout.headers[column]
