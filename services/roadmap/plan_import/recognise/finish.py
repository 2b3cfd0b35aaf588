"""The plan once all rows are read: kept sections, numbering problems, the columns shown."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.breaks import _mend_broken_words
from services.roadmap.plan_import.recognise.co_executors import _bracketed_co_executors
from services.roadmap.plan_import.recognise.columns import JOIN_PREFIX
from services.roadmap.plan_import.recognise.contacts import _move_contacts
from services.roadmap.plan_import.recognise.footnotes import _attach_footnotes
from services.roadmap.plan_import.recognise.posts import _posts_of_names
from services.roadmap.plan_import.recognise.result_dates import _deadlines_of_results
from services.roadmap.plan_import.recognise.state import _header_of, _State
from services.roadmap.plan_import.recognise.text import NUMBER_RANGE_RE, PARTICIPANTS_RE, PLAIN_NUMBER_RE, _short
from services.roadmap.plan_import.schemas import ImportedActivity, ImportedPlan, ImportProblem


def _unpassed_details(state: _State) -> None:
    """A responsible written on a section's heading row that no activity of the section took (each names its own): a
    problem says it was not loaded. (A heading's period over dated activities only sums theirs up.)"""
    for section in state.sections:
        given = state.details.get(id(section))
        if given is None or not section.activities or "responsible" not in given[1]:
            continue
        if (id(section), "responsible") in state.passed or any(
            given[1]["responsible"] in a.responsible for a in section.activities
        ):
            continue  # passed on, or merged down over the activities too
        row, details = given
        state.problems.append(
            ImportProblem(
                row=row,
                column=_header_of(state, "responsible"),
                code="section_responsible",
                detail=f"Строка {row}: ответственный раздела {section.number} «{_short(details['responsible'])}» не "
                "загружен: у каждого мероприятия раздела указан свой",
            )
        )


def _numbering_problems(state: _State) -> None:
    """Repeated and skipped numbers. Numbering restarts in a section whose first number is «1» (tracks)."""
    scope: dict[str, ImportedActivity] = {}
    previous: str | None = None
    last_row = 0
    for section in state.sections:
        numbered = [a for a in section.activities if a.number]
        if numbered and numbered[0].number in {"1", f"{section.number}.1"}:
            scope, previous = {}, None
        for activity in numbered:
            number = activity.number
            assert number is not None
            if number in scope and activity.row not in state.shared_numbers:
                state.problems.append(
                    ImportProblem(
                        row=activity.row,
                        column=_header_of(state, "number"),
                        code="repeated_number",
                        detail=f"Строка {activity.row}: номер {number} уже был в строке {scope[number].row}",
                    )
                )
            else:
                scope[number] = activity
            skipped = _skipped(previous, number)
            if skipped and not any(last_row < row < activity.row for row in state.struck):  # crossed out, not lost
                state.problems.append(
                    ImportProblem(
                        row=activity.row,
                        column=_header_of(state, "number"),
                        code="skipped_number",
                        detail=f"Строка {activity.row}: перед номером {number} пропущены номера {', '.join(skipped)}",
                    )
                )
            previous, last_row = number, activity.row


def _foreign_numbers(state: _State) -> None:
    """An activity numbered as an item of another section («3.2» among 1.1…1.3 of section 1: a row pasted from
    another part of the plan, or from another plan) stays where it stands; a problem names it, since the methodist
    sees a number that is not the section's."""
    for section in state.sections:
        own = section.number or ""
        if not PLAIN_NUMBER_RE.match(own):
            continue
        prefix, depth = f"{own}.", own.count(".") + 1
        items = [a for a in section.activities if a.number and a.number.count(".") >= depth]
        if not any(a.number and a.number.startswith(prefix) for a in items):
            continue  # numbered in a way of its own (restarting in each section), no items of it
        # a top-level «5.» pasted among 2.1, 2.2 stays too (`activities._own_section`); the section's own number not
        items += [a for a in section.activities if a.number and a.number.count(".") < depth and a.number != own]
        for activity in sorted(items, key=lambda a: a.row):
            assert activity.number is not None
            if not activity.number.startswith(prefix) and PLAIN_NUMBER_RE.match(activity.number):
                state.problems.append(
                    ImportProblem(
                        row=activity.row,
                        column=_header_of(state, "number"),
                        code="foreign_number",
                        detail=f"Строка {activity.row}: номер {activity.number} не из раздела {own} "
                        f"«{_short(section.title)}», мероприятие оставлено в нём",
                    )
                )


def _skipped(previous: str | None, number: str) -> list[str]:
    """The numbers missing between two; after a range («1.1-1.3») its last number is the one before."""
    if previous is None:
        return []
    if ranged := NUMBER_RANGE_RE.match(previous):
        previous = ranged.group(1)
    a, b = previous.split("."), number.split(".")
    if len(a) != len(b) or a[:-1] != b[:-1] or not (a[-1].isdigit() and b[-1].isdigit()):
        return []
    gap = int(b[-1]) - int(a[-1])
    if not 1 < gap <= 20:
        return []
    return [".".join([*a[:-1], str(n)]) for n in range(int(a[-1]) + 1, int(b[-1]))]


def _participants(state: _State) -> None:
    """An activity's title loses the «Школы-участницы: …» line Opora's table adds under it; the schools stay
    an `extra` value."""
    for activity in (a for s in state.sections for a in s.activities):
        match = PARTICIPANTS_RE.search(activity.title)
        if match and match.start():
            activity.title = activity.title[: match.start()].rstrip()
            activity.extra.setdefault(match.group(1).capitalize(), match.group(2).strip())


def _shown_column(state: _State, column: int) -> bool:
    """Whether `columns` lists the column: not an extra one without a header of its own (an empty trailing
    column, the second half of a header merged over two) whose cells no activity keeps."""
    layout = state.layout
    norms, sub = layout.header_norms, layout.sub_norms
    placeholder = PLACEHOLDER_HEADER_RE.match(" ".join(layout.headers[column].split()))
    own = norms[column] and not placeholder and (column == 0 or norms[column] != norms[column - 1])
    if own or (column < len(sub) and sub[column]):
        return True
    if layout.fields[column].startswith(JOIN_PREFIX):
        return False  # the second column under «Мероприятие» merged over two: listed once
    if layout.fields[column] != "extra":
        return True
    name = layout.headers[column]
    return any(name in a.extra for s in state.sections for a in s.activities)


def _noted_rows(state: _State) -> None:
    """The rows of a list under «Примечание:» are notes, not activities: a problem names them."""
    if not state.noted:
        return
    listed = ", ".join(map(str, state.noted[:20])) + (" …" if len(state.noted) > 20 else "")
    detail = (
        f"Строки {listed} под «Примечание» прочитаны как примечания к таблице и не загружены"
        if len(state.noted) > 1
        else f"Строка {listed}: под «Примечание» — примечание к таблице, не загружена"
    )
    state.problems.append(ImportProblem(row=state.noted[0], code="note_rows", detail=detail))


PLACEHOLDER_HEADER_RE = re.compile(r"^(?:столбец|колонка|column|поле)\s*\d*$", re.IGNORECASE)
"""«Столбец1», «Column2»: the name Excel gives a column of a formatted table left without a header."""


SECTION_WORD_RE = re.compile(
    r"^раздел\s*(?:№\s*)?(?P<number>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\.?(?:\s*[:.)]|\s+[–—-])?\s+(?P<title>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
QUOTED_TITLE_RE = re.compile(r"^[«\"“]([^«»\"“”]+)[»\"”]\.?$")


def _section_words(state: _State) -> None:
    """«Раздел I. Организационные мероприятия» is section I titled «Организационные мероприятия», as «II. Работа с
    кадрами» is section II titled «Работа с кадрами»: the number is the section's and shown before its title (kept
    in it, the plan read «I. Раздел I. …»). «Раздел 2» alone keeps its words (a section needs a title); «Трек 1 - …»,
    «Задача 1: …», «Этап I. …» name what the section is and stay as written."""
    for section in state.sections:
        found = SECTION_WORD_RE.match(section.title)
        if found is None or (section.number or "").rstrip(".").upper() != found["number"].upper():
            continue
        title = found["title"].strip()
        quoted = QUOTED_TITLE_RE.match(title)  # «Раздел 1 «Организационные мероприятия»»
        section.title = quoted.group(1).strip() if quoted else title


def _finish(state: _State) -> ImportedPlan:
    kept = {id(s) for s in state.sections if s.activities or s.planned_results or any(s is e for e in state.empty)}
    for parent, child in reversed(state.over):
        if id(child) in kept:
            kept.add(id(parent))  # a heading over a kept one stays, as the numbered «1.» over «1.1.» does
    state.sections = [s for s in state.sections if id(s) in kept]
    _participants(state)
    _noted_rows(state)
    _attach_footnotes(state)
    _mend_broken_words(state)
    _move_contacts(state)
    _deadlines_of_results(state)
    _posts_of_names(state)
    _bracketed_co_executors(state)
    _numbering_problems(state)
    _foreign_numbers(state)
    _unpassed_details(state)
    _section_words(state)
    if not any(a.number for s in state.sections for a in s.activities):
        # a «№» column left empty in every row (a template's): no activity lacks a number the others have
        state.problems = [p for p in state.problems if p.code != "missing_number"]
    state.problems.sort(key=lambda p: (p.row is None, p.row or 0))
    if not any(s.activities for s in state.sections):
        state.errors.append(
            ImportProblem(
                row=None, column=None, code="no_activities", detail="В таблице не найдено ни одного мероприятия"
            )
        )
    layout = state.layout
    return ImportedPlan(
        column_set=layout.column_set(),
        columns={
            layout.headers[i]: "deadline" if layout.fields[i] == "slot" else layout.fields[i].removeprefix(JOIN_PREFIX)
            for i in sorted(layout.headers)
            if _shown_column(state, i)
        },
        sections=state.sections,
        problems=state.problems,
        errors=state.errors,
    )
