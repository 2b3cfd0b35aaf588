"""Books of several sheets: the plan's sheets joined in the book's order, the others named by a problem.

A plan split across sheets (a sheet per section, «Раздел 1», «Раздел 2», or per year) has the same columns on each:
its sheets are read one after the other, each sheet's unnamed section named by the sheet. A sheet holding a plan
with other columns, one repeating the activities of a sheet read (a copy, a report on the plan), one whose plan table
has no activity (a template), or a table without a plan header is not loaded, and a problem names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.roadmap.plan_import.recognise.text import DEFAULT_SECTION, _dedupe, _split_heading
from services.roadmap.plan_import.schemas import ImportedPlan, ImportedSection, ImportProblem
from services.roadmap.plan_import.tables import RawTable
from services.shared.vocabulary import plural

GENERIC_SHEET_RE = re.compile(r"^(?:(?:лист|sheet|list|таблица|table)\s*\d*|план\s*\d{0,2})$", re.IGNORECASE)
"""«Лист2», «Sheet1», «План», «План2»: a sheet name that names no section (not «План 2025»)."""


@dataclass
class FoundPlan:
    plan: ImportedPlan
    sheet: str  # "" outside XLSX
    sheets: list[str] = field(default_factory=list)  # every sheet the plan was read from
    label: str = ""  # which table it is, as a person finds it: «таблица 2 (после абзаца «…»)»


def _size(plan: ImportedPlan) -> int:
    return sum(len(s.activities) for s in plan.sections)


def biggest(found: list[FoundPlan]) -> ImportedPlan:
    """Of several plan tables in one document (or on one sheet), the one with the most activities; a problem
    `other_tables` says which was loaded and which were not (by their labels), so that none is dropped unseen."""
    best = max(found, key=lambda f: _size(f.plan))
    if len(found) > 1:
        others = "; ".join(f"{f.label or 'таблица'}, мероприятий: {_size(f.plan)}" for f in found if f is not best)
        chosen = f" — {best.label}" if best.label else ""
        best.plan.problems.insert(
            0,
            ImportProblem(
                code="other_tables",
                detail=f"В документе {plural(len(found), 'таблица', 'таблицы', 'таблиц')} с мероприятиями; загружена "
                f"самая большая{chosen}. "
                f"Не загружено: {others}. Загрузите их отдельно, если это другие планы",
            ),
        )
    return best.plan


def _fields(plan: ImportedPlan) -> set[str]:
    return set(plan.columns.values()) - {"extra"}


def _same_columns(plan: ImportedPlan, best: ImportedPlan) -> bool:
    """Whether two sheets hold one plan's parts: the same fields, or the fields of one among the other's (a sheet
    without the result column) sharing the title and two more."""
    mine, theirs = _fields(plan), _fields(best)
    return mine == theirs or ((mine <= theirs or theirs <= mine) and "title" in mine and len(mine & theirs) >= 3)


def _entries(plan: ImportedPlan) -> list[tuple[str, str]]:
    return [(" ".join(a.title.lower().split()), " ".join(a.deadline.lower().split())) for s in plan.sections
            for a in s.activities]  # fmt: skip


def _repeats(plan: ImportedPlan, read: ImportedPlan) -> bool:
    """Whether a sheet's activities are mostly (half of them or more) those of a sheet already read, with the same
    deadlines: a copy of the plan, or a report on it listing its activities again with what was done. A sheet of the
    next year («2025») doing the same activities at other dates is more of the plan."""
    entries, known = _entries(plan), set(_entries(read))
    return bool(entries) and 2 * sum(entry in known for entry in entries) >= len(entries)


def choose(found: list[FoundPlan], tables: list[RawTable]) -> ImportedPlan:
    """The plan of a document: the biggest table of a Word file or a text; in a book, the biggest plan's sheet joined
    with every other sheet whose plan has the same columns."""
    sheets = list(dict.fromkeys(f.sheet for f in found))
    read = [sheet for f in found for sheet in (f.sheets or [f.sheet])]
    if len(sheets) < 2 or "" in sheets:
        return _with_ignored(biggest(found), read, tables)
    chosen = {sheet: biggest([f for f in found if f.sheet == sheet]) for sheet in sheets}
    best = max(sheets, key=lambda sheet: _size(chosen[sheet]))
    kept: list[str] = []
    problems: dict[str, ImportProblem] = {}
    for sheet in [best, *(s for s in sheets if s != best)]:  # the biggest first: the others are judged by it
        plan = chosen[sheet]
        if not _same_columns(plan, chosen[best]):
            problems[sheet] = _other_sheet(sheet, best)
        elif not _size(plan):
            problems[sheet] = _empty_sheet(sheet)
        elif copy := next((s for s in kept if _repeats(plan, chosen[s])), None):
            problems[sheet] = _copied_sheet(sheet, copy)
        else:
            kept.append(sheet)
    joined = [sheet for sheet in sheets if sheet in kept]
    plan = _join([chosen[s] for s in joined], joined, chosen[best]) if len(joined) > 1 else chosen[best]
    plan.problems[:0] = [problems[sheet] for sheet in sheets if sheet in problems]
    return _with_ignored(plan, read, tables)


def _empty_sheet(sheet: str) -> ImportProblem:
    return ImportProblem(
        code="ignored_sheet", detail=f"Лист «{sheet}» не загружен: в его таблице плана нет ни одного мероприятия"
    )


def _other_sheet(sheet: str, best: str) -> ImportProblem:
    return ImportProblem(
        code="other_tables",
        detail=f"Лист «{sheet}» не загружен: его таблица мероприятий с другими столбцами, чем на листе «{best}». "
        "Загрузите его отдельно, если это другой план",
    )


def _copied_sheet(sheet: str, copy: str) -> ImportProblem:
    return ImportProblem(
        code="copied_sheet", detail=f"Лист «{sheet}» повторяет мероприятия листа «{copy}» и не загружен"
    )


def _join(plans: list[ImportedPlan], sheets: list[str], best: ImportedPlan) -> ImportedPlan:
    """The plans of several sheets one after the other: each sheet's unnamed section takes the sheet's name
    (unless it is «Лист2»), the problems of a sheet say which sheet they are on."""
    sections: list[ImportedSection] = []
    problems: list[ImportProblem] = [
        ImportProblem(
            code="joined_sheets",
            detail=f"План собран с листов {', '.join(f'«{s}»' for s in sheets)} по порядку; номера строк в замечаниях "
            "— номера строк своего листа",
        )
    ]
    errors: list[ImportProblem] = []
    columns: dict[str, str] = {}
    for plan, sheet in zip(plans, sheets, strict=True):
        for section in plan.sections:
            activities = [a.model_copy(update={"sheet": sheet}) for a in section.activities]
            _add_section(sections, section.model_copy(update={"activities": activities}), sheet)
        problems += [_on_sheet(p, sheet) for p in plan.problems]
        errors += [_on_sheet(p, sheet) for p in plan.errors]
        columns.update({name: field for name, field in plan.columns.items() if name not in columns})
    return ImportedPlan(
        column_set=best.column_set, columns=columns, sections=sections, problems=problems, errors=errors
    )


def _add_section(sections: list[ImportedSection], section: ImportedSection, sheet: str) -> None:
    """A sheet's section after those read: named by the sheet when unnamed; an unnamed section of a sheet named «Лист2»
    goes on with the unnamed one before it while its numbers go on (numbered anew, it stays a section of its own)."""
    if section.title == DEFAULT_SECTION and section.number is None and not GENERIC_SHEET_RE.match(sheet.strip()):
        number, title = _split_heading(sheet)
        section = section.model_copy(update={"number": number, "title": title})
    last = sections[-1] if sections else None
    numbers = {a.number for a in last.activities if a.number} if last is not None else set()
    if (
        last is not None
        and (last.number, last.title) == (section.number, section.title)
        and not any(a.number in numbers for a in section.activities)
    ):
        last.activities.extend(section.activities)
        last.planned_results.extend(section.planned_results)
        return
    sections.append(section)


def _on_sheet(problem: ImportProblem, sheet: str) -> ImportProblem:
    """The problem of a sheet's row said with its sheet: «Лист «2025», строка 5: …» (rows count on each sheet)."""
    detail = ROW_PREFIX_RE.sub(lambda m: f"Лист «{sheet}», строка {m[1]}: ", problem.detail, count=1)
    if detail == problem.detail:
        detail = f"Лист «{sheet}»: {problem.detail}"
    return problem.model_copy(update={"detail": detail, "sheet": sheet})


ROW_PREFIX_RE = re.compile(r"^Строка (\d+):\s*")


def _with_ignored(plan: ImportedPlan, read: list[str], tables: list[RawTable]) -> ImportedPlan:
    """A sheet holding a table (three rows of three values and more; not a passport of two columns) but no plan
    header is named by a problem: its rows may be a plan whose header the importer did not recognise."""
    for sheet in dict.fromkeys(t.sheet for t in tables if t.sheet and t.sheet not in read):
        rows = [cells for t in tables if t.sheet == sheet for cells in t.rows if len(_dedupe(cells)) >= 3]
        if len(rows) >= 3:
            plan.problems.insert(
                0,
                ImportProblem(
                    code="ignored_sheet",
                    detail=f"Лист «{sheet}» не загружен: на нём не найден заголовок таблицы плана (столбец "
                    "«Мероприятия» и хотя бы один из «№», «Ответственный», «Сроки»)",
                ),
            )
    return plan
