"""Entry points: raw tables → `ImportedPlan`, files and pasted text."""

from __future__ import annotations

import logging
import re

from services.roadmap.plan_import.recognise.endings import (
    _indicators_follow,
    _plan_ends,
    _rows_after_plan,
    _unread_indicators,
)
from services.roadmap.plan_import.recognise.finish import _finish
from services.roadmap.plan_import.recognise.gaps import _first_table_heading, _read_gap
from services.roadmap.plan_import.recognise.header import _is_header_row, _read_header
from services.roadmap.plan_import.recognise.parts import (
    _continues,
    _join_split_columns,
    _split_at_headers,
    _unread_rows,
)
from services.roadmap.plan_import.recognise.rows import _read_row
from services.roadmap.plan_import.recognise.sheets import FoundPlan, choose
from services.roadmap.plan_import.recognise.state import _Gap, _items, _Row, _State
from services.roadmap.plan_import.recognise.text import (
    DEFAULT_SECTION,
    HEADING_RE,
    YEAR_RE,
    _dedupe,
    _numbered_task,
    _short,
    _split_heading,
    _split_task,
)
from services.roadmap.plan_import.schemas import ImportedPlan, ImportProblem, PlanFileError
from services.roadmap.plan_import.tables import RawTable, read_tables, read_text_table


def recognise_tables(tables: list[RawTable]) -> ImportedPlan:
    """The plan in the tables. When a document holds several plan tables (each with its own header), the
    one with the most activities is taken and a problem `other_tables` says so; a book's sheets with the same columns
    are joined (`sheets.choose`)."""
    if not tables or not any(t.rows for t in tables):
        raise PlanFileError("no_table", "В файле не найдено таблицы с планом мероприятий")
    originals = [table for table in tables if table.rows]
    parts = [(number, part) for number, table in enumerate(originals, 1) for part in _split_at_headers(table)]
    parts.sort(key=lambda item: item[1].nested)  # nested tables last: a plan's table split by a page goes on past them
    tables = [part for _, part in parts]
    found: list[FoundPlan] = []
    index = 0
    while index < len(tables):
        position = next((p for p, cells in enumerate(tables[index].rows) if _is_header_row(cells)), None)
        if position is None:
            index += 1
            continue
        plan, used = _recognise_group(tables, index, position)
        label = _table_label(parts[index][0], len(originals), tables[index], plan, position)
        found.append(FoundPlan(plan, tables[index].sheet, [t.sheet for t in tables[index : index + used]], label))
        index += used
        following = tables[index] if index < len(tables) else None
        if following is not None and not any(_is_header_row(cells) for cells in following.rows):
            _unread_rows(plan, following)
    sound = [f for f in found if not _shifted(f.plan)]
    if found and not sound:
        raise PlanFileError(
            "unreadable_file",  # the codes a caller knows; the detail says what went wrong
            "Таблица читается со сдвигом: в столбце «№» у большинства мероприятий стоит текст (ответственные, сроки). "
            "Похоже, каждая ячейка таблицы записана отдельной строкой. Скопируйте таблицу из Word или Excel целиком "
            "(строки таблицы — строками текста, ячейки — через табуляцию) или загрузите сам файл",
        )
    if not sound:
        raise PlanFileError(
            "header_not_found",
            "Не найдена строка заголовка таблицы: нужны столбцы «Мероприятия» (или «Содержание деятельности», "
            "«Наименование мероприятия») и хотя бы один из «№», «Ответственный», «Сроки», «Ожидаемые результаты»",
        )
    return choose(sound, tables)


def _table_label(number: int, count: int, table: RawTable, plan: ImportedPlan, header: int = 0) -> str:
    """How a person finds a plan table in the file: «таблица 2 (после абзаца «План работы с родителями»)», or by its
    first column names when no paragraph stands over it; a table cut at another header (or one table of a text or
    a sheet) by the row its header (row `header` of the table) stands in, not by the text above it."""
    where = f"таблица {number}" if count > 1 and not table.sheet else "таблица"
    first = table.row_numbers[header] if header < len(table.row_numbers) else 1
    if first > 1 or where == "таблица":
        where += f" со строки {first}"
    paragraph = next((p for p in reversed(table.before) if p.strip()), None)
    if paragraph:
        return f"{where} (после абзаца «{_short(paragraph, 60)}»)"
    names = [name for name in plan.columns][:4]
    return f"{where} (столбцы «{_short(' | '.join(names), 80)}»)" if names else where


WORDY_NUMBER_RE = re.compile(r"[А-Яа-яЁё]{2}")


def _shifted(plan: ImportedPlan) -> bool:
    """Whether the plan reads as nonsense: most of its activities (three at least) carry words in the «№» column
    («Управление образования», «ОО»…) or a title without a letter («3», «01.09.2024»): the cells of a table pasted one
    per line and read in the wrong columns."""
    found = [a for s in plan.sections for a in s.activities]
    wrong = sum(
        1
        for a in found
        if (a.number and WORDY_NUMBER_RE.search(a.number)) or (a.title and not LETTER_IN_RE.search(a.title))
    )
    return wrong >= 3 and 2 * wrong >= len(found)


LETTER_IN_RE = re.compile(r"[^\W\d_]")


def _recognise_group(tables: list[RawTable], index: int, position: int) -> tuple[ImportedPlan, int]:
    """The plan read from `tables[index]` (header at row `position`) and the later tables continuing it;
    also how many tables it took."""
    first = tables[index]
    layout, start = _read_header(first, position)
    group = [first]
    for table in tables[index + 1 :]:
        if table.nested and not first.nested:
            break  # a table in a cell of the plan: its rows are that cell's lines, not more activities
        if not _continues(table, layout, first.sheet):
            joined = _join_split_columns(table, layout.width)
            if joined is None or not _continues(joined, layout, first.sheet):
                break
            table = joined
        group.append(table)
    state = _State(layout)
    _continued_sheets(state, group)
    above = [v[0] for v in (_dedupe(r) for r in first.rows[:position]) if len(v) == 1]
    heading = next(
        (p for p in reversed(first.before + above) if HEADING_RE.match(p) or YEAR_RE.match(p) or _numbered_task(p)),
        None,
    )
    if heading:
        state.start_section(*(_split_task(heading) if _numbered_task(heading) else _split_heading(heading)))
    elif (named := _first_table_heading(group)) is not None:
        state.start_section(*_split_heading(named))
    rows = list(_items(group, first.row_numbers[start], layout))
    _hidden_rows(state, [r for r in first.hidden if r > first.row_numbers[start]])
    _hidden_columns(state, first, first.row_numbers[position])
    _struck_rows(
        state, [r for r in first.struck if r > first.row_numbers[start]] + [r for t in group[1:] for r in t.struck]
    )
    for at, item in enumerate(rows):
        if isinstance(item, _Row) and _indicators_follow(state, item, rows[at + 1 :]):
            _unread_indicators(state, item, rows[at + 1 :])
            break
        if isinstance(item, _Row) and _plan_ends(state, item, rows[at + 1 :]):
            _rows_after_plan(state, item)
            break
        if isinstance(item, _Gap):
            _read_gap(state, item)
        else:
            _read_row(state, item, rows[at + 1 :])
    if not heading and above and position and len(_dedupe(first.rows[position - 1])) == 1:
        _name_first_section(state, above[-1])
    return _finish(state), len(group)


def _continued_sheets(state: _State, group: list[RawTable]) -> None:
    """A sheet without a header carrying on the plan of the sheet before: a problem says its rows were read as the
    plan's and that their numbers are the sheet's."""
    first = group[0].sheet
    for sheet in dict.fromkeys(t.sheet for t in group if t.sheet != first):
        _hidden_rows(state, [r for t in group if t.sheet == sheet for r in t.hidden], sheet)
        state.problems.append(
            ImportProblem(
                code="continued_sheet",
                detail=f"Лист «{sheet}» без заголовка таблицы прочитан как продолжение плана с листа «{first}»; "
                "номера строк в замечаниях — номера строк своего листа",
            )
        )


def _name_first_section(state: _State, title: str) -> None:
    """Two plans on one sheet, each under its title and header: the first plan's title (the row right above the
    first header) names its section, as the second's names the second."""
    first, second = state.sections[0] if state.sections else None, state.titled
    if first is None or second is None or first.title != DEFAULT_SECTION or first.number is not None:
        return
    numbers = [next((a.number for a in s.activities if a.number), None) for s in (first, second)]
    if numbers[0] == numbers[1]:  # the second plan numbers its activities anew; a page break of one plan does not
        first.number, first.title = _split_heading(title)


def _hidden_rows(state: _State, rows: list[int], sheet: str = "") -> None:
    """Rows Excel hides are not read (the plan is what the sheet shows); a problem names them (and their sheet, when
    it is not the plan's first). Like a row crossed out, a hidden row of the plan's first sheet is no gap in the
    numbering: `skipped_number` would call lost the number the problem already names as hidden."""
    if not sheet:
        state.struck.update(rows)
    if rows:
        listed = ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")
        where = f"листа «{sheet}»" if sheet else "листа Excel"
        state.problems.append(
            ImportProblem(
                row=rows[0],
                code="hidden_rows",
                detail=f"Скрытые строки {where} не загружены: {listed}. Покажите их и загрузите файл снова, "
                "если в них мероприятия",
            )
        )


def _hidden_columns(state: _State, table: RawTable, header: int) -> None:
    """Columns Excel hides are not read either (a helper column, an old version of a column); a problem names those
    holding text under the plan's header (row `header`) by their letter and header, since a column hidden for printing
    («Срок», «Примечание») leaves the plan without its values."""
    named = []
    for letter, texts in table.hidden_columns.items():
        if any(row > header for row in texts):
            title = texts.get(header, "")
            named.append(f"{letter} («{_short(' '.join(title.split()), 40)}»)" if title else letter)
    if named:
        state.problems.append(
            ImportProblem(
                code="hidden_columns",
                detail=f"Скрытые столбцы листа Excel не загружены: {', '.join(named[:20])}. Покажите их и загрузите "
                "файл снова, если в них данные плана",
            )
        )


def _struck_rows(state: _State, rows: list[int]) -> None:
    """Rows crossed out (all their text struck through) are activities dropped by hand: not read, named by a problem."""
    state.struck.update(rows)
    if rows:
        listed = ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")
        state.problems.append(
            ImportProblem(
                row=rows[0],
                code="struck_rows",
                detail=f"Зачёркнутые строки не загружены: {listed}. Зачёркнутый текст считается удалённым; уберите "
                "зачёркивание и загрузите файл снова, если эти мероприятия нужны",
            )
        )


log = logging.getLogger(__name__)


def _recognise(tables: list[RawTable]) -> ImportedPlan:
    try:
        return recognise_tables(tables)
    except PlanFileError:
        raise
    except Exception:  # a bug must not become a 500 on a user's file; it is logged with its traceback
        log.exception("plan import: recognising the table failed")
        raise PlanFileError("unreadable_file", "Не удалось разобрать таблицу плана") from None


def read_plan(content: bytes, file_name: str) -> ImportedPlan:
    """A plan from a DOCX, XLSX or CSV/TSV file (chosen by magic bytes, then by the extension)."""
    try:
        tables = read_tables(content, file_name or "")
    except PlanFileError:
        raise
    except Exception:
        log.exception("plan import: reading %r failed", file_name)
        raise PlanFileError("unreadable_file", "Файл не читается: ожидались .docx, .xlsx или .csv") from None
    return _recognise(tables)


def read_pasted(text: str) -> ImportedPlan:
    """A plan from tab-separated text pasted from Word or Excel (`;` and `,` are recognised too)."""
    if not text or not text.strip():
        raise PlanFileError("empty_file", "Вставленный текст пустой")
    try:
        table = read_text_table(text)
    except PlanFileError:
        raise
    except Exception:
        log.exception("plan import: reading pasted text failed")
        raise PlanFileError("unreadable_file", "Вставленный текст не разбирается как таблица") from None
    return _recognise([table])
