"""DOCX text between tables and after the last: track headings and planned results."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.footnotes import _take_footnote
from services.roadmap.plan_import.recognise.headings import _task_heading
from services.roadmap.plan_import.recognise.state import _Gap, _State
from services.roadmap.plan_import.recognise.text import (
    BULLET_RE,
    HEADING_RE,
    IGNORED_TEXT_RE,
    PLANNED_RE,
    YEAR_RE,
    _numbered_task,
    _planned_items,
    _split_heading,
    _split_task,
)
from services.roadmap.plan_import.tables import RawTable


def _plain_headings(paragraphs: list[str]) -> list[str]:
    """The paragraphs between tables that may name the next table's section: no ignored line («Цель: …»,
    «Задачи:») or item of the list under it, no planned result."""
    found: list[str] = []
    listing = False
    for text in paragraphs:
        if IGNORED_TEXT_RE.match(text):
            listing = text.rstrip().endswith(":")
        elif text and not (listing and GAP_LIST_RE.match(text)) and not PLANNED_RE.match(text):
            found.append(text)
            listing = False
    return found


def _first_table_heading(group: list[RawTable]) -> str | None:
    """The paragraph right above the first table of a plan whose every later table stands under one heading
    paragraph of its own (an anti-risk programme, a table per risk under the risk's name): that table's heading too.
    None when a later table has none (the text above the first table is then the document's title)."""
    if len(group) < 2 or any(len(_plain_headings(table.before)) != 1 for table in group[1:]):
        return None
    above = _plain_headings(group[0].before)
    return above[-1] if above and len(above[-1]) <= 300 else None


GAP_LIST_RE = re.compile(r"^(?:\d{1,2}[.)]|[а-я]\)|[-–—•·▪])\s*\S")
"""An item of a list written between tables under «Задачи:» («1. Выявить …», «– организовать …»)."""


def _read_gap(state: _State, gap: _Gap) -> None:
    """DOCX text between tables (or after the last): track headings and planned results."""
    candidates: list[str] = []
    headed = False
    collected = 0  # planned results taken since the last «Планируемые результаты»
    listing = False  # under «Задачи:», whose items follow
    for text in gap.paragraphs:
        if not text:
            if state.planned and collected:
                state.planned = False
                if gap.trailing:
                    return
            continue
        if _take_footnote(state, text):
            continue  # «* – при наличии финансирования» under the table
        kind, items = _gap_paragraph(state, text, gap.trailing)
        if kind == "planned":
            collected = items
        elif kind == "more_planned":
            collected += items
        elif kind == "heading":
            headed = True
        elif IGNORED_TEXT_RE.match(text):
            state.planned = False  # «Примечание: …» under the table; planned results may follow it
            listing = text.rstrip().endswith(":")
        elif not (listing and GAP_LIST_RE.match(text)):  # not «1. Выявить причины …» under «Задачи:»
            state.planned = listing = False
            if gap.trailing:
                return
            candidates.append(text)
    if not gap.trailing and not headed and len(candidates) == 1 and len(candidates[0]) <= 300:
        state.start_section(*_split_heading(candidates[0]))  # 000: a section heading left between two tables


def _gap_paragraph(state: _State, text: str, trailing: bool) -> tuple[str, int]:
    """Read one paragraph between tables: «Планируемые результаты» with what follows on its line (`planned`),
    a track heading (`heading`, not after the last table), the next planned result (`more_planned`), or
    `other`; with how many planned results it added."""
    planned = PLANNED_RE.match(text)
    if planned:
        state.planned = True
        items = _planned_items(planned.group(1))
        state.add_planned(items)
        state.planned_mode = "inline" if items else ""
        return "planned", len(items)
    if not trailing and (HEADING_RE.match(text) or YEAR_RE.match(text)):
        state.start_section(*_split_heading(text))
        return "heading", 0
    if not trailing and _numbered_task(text) and _task_heading(state, text):
        state.start_section(*_split_task(text))
        return "heading", 0
    if state.planned and not IGNORED_TEXT_RE.match(text) and not HEADING_RE.match(text):
        if not _planned_line(state, text):
            state.planned = False
            return "other", 0
        items = _planned_items(text)
        state.add_planned(items)
        return "more_planned", len(items)
    return "other", 0


SIGNED_RE = re.compile(
    r"_{3,}|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|^\W*(?:исп\.|исполнитель\b)",
    re.IGNORECASE,
)
"""A signature, an executor's line, initials («Директор ____ И.И. Иванов», «Исп. Петрова А.А.»): no planned result."""


def _planned_line(state: _State, text: str) -> bool:
    """Whether a paragraph under «Планируемые (ожидаемые) результаты» goes on with them: not a signature; a list item
    when the results were listed (or written on the heading's line); the first line sets the way they go on."""
    if SIGNED_RE.search(text):
        return False
    listed = bool(GAP_LIST_RE.match(text) or BULLET_RE.match(text))
    if not state.planned_mode:
        state.planned_mode = "list" if listed else "plain"
        return True
    return listed or state.planned_mode == "plain"
