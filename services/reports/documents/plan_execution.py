"""Аналитическая справка о выполнении плана (seed 002, appendix 5), at a date (`as_of`, default today).

Roadmap states the execution at that date (`GET /plans/{id}/execution`, the shared contract): per stage,
a passed stage without a done mark is overdue, so an activity whose October stage has passed is overdue in
November though its final stage is in May. This builder lays it out: the basis, the summary and a table by
section, then per section what is done, in progress, overdue and not yet due — with the actual results per
school and the evidence by file name —, the schools, the analysis and conclusions, and the signature.

An activity tracked per school counts once per participating school, as the roadmap's own roll-up does.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any, Literal

from services.reports.documents.common import (
    ROADMAP,
    as_document_writes,
    distinct_texts,
    methodist_paragraphs,
    natural_key,
    numbered_sections,
    percent_figure,
    plan_approver,
    plan_authority,
    plan_basis,
    plan_head_post,
    plan_subtitle,
    plan_title,
    quoted,
    registration_or_appendix,
    ru_date,
    ru_percent,
    school_label,
    school_year_text,
    section_heading,
    section_number,
    signature,
)
from services.reports.documents.model import (
    SECTION_ROW,
    Chart,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    exact,
    rounded,
)
from services.reports.documents.params import ReportParams, require
from services.reports.documents.people import pairs_section, read_pairs
from services.reports.documents.plan import NO_ACTIVITIES, responsible_text
from services.reports.documents.sources import Sources
from services.shared.contracts.mentoring import MentorPairItem
from services.shared.contracts.roadmap import (
    ActivityExecution,
    EvidenceItem,
    ExecutionState,
    PlanExecution,
    SchoolExecution,
    SectionExecution,
    StageExecution,
)
from services.shared.vocabulary import plural

Unit = Literal["done", "in_progress", "overdue", "planned", "undated", "cancelled"]
"""What the report counts an activity (or a school's part of it) as: roadmap's state, but an activity still to do
that the plan gives no deadline at all is «срок не установлен» — not «срок не наступил», a date it does not have."""
STATES: tuple[Unit, ...] = ("done", "in_progress", "overdue", "planned", "undated", "cancelled")
STATE_TITLES = {
    "done": "Выполнено",
    "in_progress": "Выполняется",
    "overdue": "Просрочено",
    "planned": "Срок не наступил",
    "undated": "Срок не установлен",
    "cancelled": "Отменено",
}
STATE_WORDS = {
    "done": "выполнено",
    "in_progress": "выполняется",
    "overdue": "просрочено",
    "planned": "срок не наступил",
    "undated": "срок не установлен",
    "cancelled": "отменено",
}
SUMMARY_WORDS = {  # «выполняется 2, просрочено 1, срок не наступил у 8, отменено 1»: a state none is in is left out
    "in_progress": "выполняется",
    "overdue": "просрочено",
    "planned": "срок не наступил у",
    "undated": "срок не установлен у",
    "cancelled": "отменено",
}
STAGE_WORDS = {
    "done": "выполнен",
    "overdue": "просрочен",
    "current": "идёт",
    "upcoming": "срок не наступил",
    "cancelled": "отменён",
}
ACTIVITY_COLUMNS = [  # «Срок и этапы» wide enough for «сентябрь 2024: просрочен» on one line, not two
    Column(key="number", label="№", width=0.5),
    Column(key="title", label="Мероприятие", width=2.9),
    Column(key="responsible", label="Ответственный", width=1.6),
    Column(key="deadline", label="Срок и этапы", width=2.4),
    Column(key="actual", label="Фактический результат", width=2.9),
    Column(key="evidence", label="Подтверждения", width=2.0),
]
COUNT_COLUMNS = [
    Column(key="total", label="Всего", kind="int", width=0.7),
    Column(key="done", label="Выполнено", kind="int", width=0.9),
    Column(key="in_progress", label="Выполняется", kind="int", width=0.9),
    Column(key="overdue", label="Просрочено", kind="int", width=0.9),
    Column(key="planned", label="Срок не наступил", kind="int", width=0.9),
    Column(key="share", label="Доля выполненного", kind="percent", decimals=0, width=0.9),
]
CANCELLED_COLUMN = Column(key="cancelled", label="Отменено", kind="int", width=0.9)
UNDATED_COLUMN = Column(key="undated", label="Срок не установлен", kind="int", width=0.9)


def count_columns(rows: list[dict[str, Any]]) -> list[Column]:
    """The counts by state and the share done; «Срок не установлен» and «Отменено» when anything is, so «Всего» is
    the sum of the row."""
    extra = [column for column in (UNDATED_COLUMN, CANCELLED_COLUMN) if any(row[column.key] for row in rows)]
    return [*COUNT_COLUMNS[:-1], *extra, COUNT_COLUMNS[-1]]


def undated(activity: ActivityExecution) -> bool:
    """The plan gives the activity no deadline at all: no text, no stage."""
    return not activity.deadline_text.strip() and not activity.stages


def unit_of(activity: ActivityExecution, state: ExecutionState) -> Unit:
    """`state` of the activity (or of a school's part of it) as the report counts it (`Unit`)."""
    return "undated" if state == "planned" and undated(activity) else state


def units(activity: ActivityExecution) -> list[Unit]:
    """What counts for progress: one state per participating school, or the activity's own."""
    if activity.per_school and activity.schools and activity.status != "cancelled":
        return [unit_of(activity, s.state) for s in activity.schools]
    return [unit_of(activity, activity.state)]


def share_digits(share: float) -> int:
    """Whole percents («52 %»), as the share done is written, unless whole percents would claim all or nothing of
    what is not: 199 of 200 done reads «99,5 %», never «100 %» beside an overdue activity, and 1 of 300 «0,3 %»,
    never «0 %» beside a done one (as many decimals as it takes, at most three)."""
    for digits in range(4):
        printed = rounded(exact(share) * 100, digits)
        if (printed < 100 or share >= 1) and (printed > 0 or share <= 0):
            return digits
    return 3


NOTHING_TO_DO = "—"
CANCELLED_NOTE = "Доля выполненного рассчитана без учёта отменённых мероприятий."
"""Under a table of counts with an «Отменено» column: «Всего 10, Выполнено 4, … 44 %» reads as a sum gone wrong
(4 of 10 is 40 %) unless the reader is told the share leaves the cancelled out."""


def cancelled_note(rows: list[dict[str, Any]]) -> list[Paragraph]:
    """`CANCELLED_NOTE` when the rows count anything cancelled (the table then shows «Отменено»), else nothing."""
    return [Paragraph(text=CANCELLED_NOTE, style="note")] if any(row["cancelled"] for row in rows) else []


def done_share(done: int, active: int) -> float | Figure | str:
    """The share done as the «Доля выполненного» cell: a share (whole percents, the column's); a `Figure` with the
    decimals `share_digits` needs; nothing to do is no «0 %» done: a dash, written as such in the workbook too (a
    blank cell there read as a figure left out)."""
    if not active:
        return NOTHING_TO_DO
    share = done / active
    digits = share_digits(share)
    return percent_figure(share, digits) if digits else share


def counts(states: list[Unit]) -> dict[str, Any]:
    counter = Counter(states)
    active = len(states) - counter["cancelled"]
    return {
        "total": len(states),
        **{state: counter[state] for state in STATES},
        "share": done_share(counter["done"], active),
    }


STAGE_NAMES = {"entry": "входной", "interim": "промежуточный", "final": "итоговый"}
"""The monitoring stage as people write it: roadmap keeps the parser's code («entry»), never printed as such."""


def stage_line(stage: StageExecution) -> str:
    """«март 2021 (входной): выполнен 20.03.2021»."""
    kind = STAGE_NAMES.get(stage.stage.strip().lower(), stage.stage.strip()) if stage.stage else ""
    name = f"{stage.label} ({kind})" if kind and kind not in stage.label else stage.label
    done = f" {ru_date(stage.completed_on)}" if stage.state == "done" and stage.completed_on else ""
    return f"{name or ru_date(stage.due)}: {STAGE_WORDS[stage.state]}{done}"


_YEAR_WORD = re.compile(r"(?<=\d)\s*(?:г\.?|года?)(?=$|[\s,;–-])")
_GENITIVE_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                    "ноября", "декабря")  # fmt: skip
_DAY_IN_WORDS = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(_GENITIVE_MONTHS)})\s+(\d{{4}})\b")
_SHORT_YEAR = re.compile(r"\b(\d{2}\.\d{2})\.(\d{2})\b(?!\.\d)")
_NOT_LATER = re.compile(r"^(?:не\s+позднее|не\s+позже|до)\s+")


def _numeric_day(match: re.Match[str]) -> str:
    return f"{int(match[1]):02d}.{_GENITIVE_MONTHS.index(match[2]) + 1:02d}.{match[3]}"


def same_period(label: str, deadline: str) -> bool:
    """Whether the stage's label names the deadline the methodist wrote, typed another way: «Октябрь 2024 г.» and
    «октябрь 2024», «сентябрь 2024 - май 2025» and «сентябрь 2024 – май 2025» are one period, written once; so are
    a day in words and in figures («до 15 октября 2024 г.» and «до 15.10.2024»), a two-digit year («до 15.10.24»)
    and «не позднее» a day, which the stage writes «до» it: the date was printed twice, in two spellings, one line
    over the other."""

    def plain(text: str) -> str:
        text = re.sub(r"\s*[-–—]\s*", " – ", as_document_writes(text).casefold().replace("ё", "е"))
        text = _SHORT_YEAR.sub(r"\1.20\2", _DAY_IN_WORDS.sub(_numeric_day, text))
        return _NOT_LATER.sub("до ", " ".join(_YEAR_WORD.sub("", text).split()).rstrip("."))

    return plain(label) == plain(deadline)


def deadline_cell(activity: ActivityExecution) -> str:
    """The deadline as the plan writes it and, when it has several stages or its one stage has passed, each stage
    with its state; a single stage named as the deadline itself is written once («до 01.10.2024: просрочен», never
    «до 01.10.2024» over «до 01.10.2024: просрочен»)."""
    deadline = as_document_writes(activity.deadline_text.strip())
    stages = activity.stages
    if len(stages) == 1 and stages[0].state == "overdue" and same_period(stages[0].label, deadline):
        return stage_line(stages[0])
    lines = [deadline] if deadline else []
    if len(stages) > 1 or (stages and stages[0].state == "overdue"):
        lines += stage_lines(stages)
    return "\n".join(lines) or "—"  # no deadline: a dash, and the findings name the activity (`_undated_finding`)


RUN = 3
"""Upcoming stages in a row written as one line from this many on."""

_MONTH_LABEL = re.compile(r"^[а-яё]+ \d{4}$", re.IGNORECASE)


def _run_line(run: list[StageExecution]) -> str:
    """«декабрь 2024 – август 2025 (9 этапов): срок не наступил»: the months a monthly deadline still has ahead,
    or the first and last due dates of stages that carry longer labels («до 05.01.2025 (не позднее …)»)."""
    first, last = run[0], run[-1]
    months = all(_MONTH_LABEL.match(s.label.strip()) for s in (first, last))
    span = f"{first.label.strip()} – {last.label.strip()}" if months else f"{ru_date(first.due)} – {ru_date(last.due)}"
    return f"{span} ({plural(len(run), 'этап', 'этапа', 'этапов')}): {STAGE_WORDS['upcoming']}"


def stage_lines(stages: list[StageExecution]) -> list[str]:
    """Each stage with its state (`stage_line`), but `RUN` or more upcoming stages in a row (a monthly deadline's
    months ahead) as one line: an official reads what is done and overdue, not twelve lines of «срок не наступил»
    that made one row a page long and pushed it whole onto the next page."""
    lines: list[str] = []
    run: list[StageExecution] = []

    def close() -> None:
        lines.extend([_run_line(run)] if len(run) >= RUN else [stage_line(s) for s in run])
        run.clear()

    for stage in stages:
        if stage.state == "upcoming" and not (stage.stage or "").strip():
            run.append(stage)
            continue
        close()
        lines.append(stage_line(stage))
    close()
    return lines


def school_state(activity: ActivityExecution, school: SchoolExecution) -> Unit:
    """A school's state in an activity: a cancelled activity is cancelled for each of its schools, as the sections
    count it, whatever state a school had reported."""
    return "cancelled" if "cancelled" in (activity.status, activity.state) else unit_of(activity, school.state)


def result_at_date(status: str, state: Unit, text: str) -> str:
    """The actual result as it read at the report's date. Roadmap keeps one text, the latest, without the date it
    was written: a text beside a done mark made after that date («Программа утверждена») was written with that
    mark, so it is not printed beside the state it had then («просрочено», «выполняется»)."""
    if status == "done" and state not in ("done", "cancelled"):
        return ""
    return text.strip()


def final_due(activity: ActivityExecution) -> date | None:
    """The last day the plan gives the activity (its last stage's), none without a deadline read into stages."""
    return max((s.due for s in activity.stages), default=None)


def late_note(activity: ActivityExecution, done_on: date) -> str:
    """« с нарушением срока (срок — 01.10.2024)» after the done day of an activity (or a school's part) reported
    done after the plan's last day for it: «Выполнено 20.10.2024» under «до 01.10.2024» read as done in time. Not
    when its last stage is marked done by that day (the status was only set later)."""
    due = final_due(activity)
    if due is None or done_on <= due:
        return ""
    last = activity.stages[-1]  # its stage marked done in time: the status was set later, the work was not
    if last.due == due and last.completed_on is not None and last.completed_on <= due:
        return ""
    return f" с нарушением срока (срок — {ru_date(due)})"


def done_late(activity: ActivityExecution) -> bool:
    """Done (itself, or a school's part) after the plan's last day for it, as `actual_cell` says."""
    if activity.state == "done" and not activity.per_school and activity.completed_at:
        return bool(late_note(activity, activity.completed_at))
    return any(
        school_state(activity, s) == "done" and s.completed_at and late_note(activity, s.completed_at)
        for s in activity.schools
    )


def actual_cell(activity: ActivityExecution) -> str:
    result = result_at_date(activity.status, activity.state, activity.actual_result)
    lines = [as_document_writes(result)] if result else []
    if activity.state == "done" and activity.completed_at and not activity.per_school:
        lines.append(f"Выполнено {ru_date(activity.completed_at)}{late_note(activity, activity.completed_at)}")
    for school in activity.schools:  # in the plan's order, as the plan lists them (`_in_plan_order`)
        state = school_state(activity, school)
        line = f"{school_label(school.school_name, school.school_code)}: {STATE_WORDS[state]}"
        if state == "done" and school.completed_at:
            line += f" {ru_date(school.completed_at)}{late_note(activity, school.completed_at)}"
        if reached := progress_reached(state, school.progress):
            line += f" ({reached.lower()})"
        school_result = result_at_date(school.status, state, school.actual_result)
        if school_result:
            line += f" — {as_document_writes(school_result)}"
        lines.append(line)
    if not activity.schools and (reached := progress_reached(activity.state, activity.progress)):
        lines.append(reached)
    return "\n".join(lines) or "—"


def progress_reached(state: Unit | ExecutionState, progress: int) -> str:
    """«Выполнено на 40 %» of an activity (or a school's part) under way at the report's date, as roadmap gives
    its progress at that date; none for one done, not started or cancelled. A progress of 100 % on one not done
    at that date was reached after it (an older roadmap's answer gives today's): not claimed."""
    return f"Выполнено на {progress} %" if state in ("in_progress", "overdue") and 0 < progress < 100 else ""


def evidence_line(item: EvidenceItem) -> str:
    """A proof as the reader finds it: a link by its title and address, a file by its name in «ёлочках» (quotes
    in the name as „лапки“) after its title when that says more; what roadmap leaves blank is left out, never
    «: None» or «Отчёт — «файл»». A link added without a title has its address for one (roadmap fills it in):
    written once, never «https://…: https://…». The title is the methodist's text, its dates written as every
    date of the document («Протокол от 2024-10-20» as «Протокол от 20.10.2024»)."""
    title, url, file_name = (" ".join((text or "").split()) for text in (item.title, item.url, item.file_name))
    if item.kind == "link":
        if title.rstrip("/").casefold() == url.rstrip("/").casefold():
            title = ""
        return f"{as_document_writes(title)}: {url}" if title and url else url or as_document_writes(title) or "ссылка"
    if not file_name:
        return quoted(as_document_writes(title)) if title else "файл"
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    said = title.casefold() in (file_name.casefold(), stem.casefold())  # «Протокол» of «протокол.pdf» says nothing
    return f"{as_document_writes(title)} — {quoted(file_name)}" if title and not said else quoted(file_name)


def evidence_cell(evidence: list[EvidenceItem], schools: dict[str, str]) -> str:
    """Each proof (`evidence_line`), with the school it is for and the day it was uploaded in one bracket:
    «Справка — «справка.pdf» (МБОУ СОШ № 1, загружено 12.10.2024)»; a proof roadmap gives no day (an older
    answer) is printed without it."""
    lines = []
    for item in evidence:
        notes = [schools.get(item.school_code, item.school_code)] if item.school_code else []
        if item.uploaded_on is not None:
            notes.append(f"загружено {ru_date(item.uploaded_on)}")
        lines.append(evidence_line(item) + (f" ({', '.join(notes)})" if notes else ""))
    return "\n".join(lines) or "—"


def section_table(section: SectionExecution, index: int, known: dict[str, str] | None = None) -> Table | None:
    """The section's activities grouped by state, each group under a bold row «Выполнено (3)»; a proof for a school
    the activity no longer lists is named as the plan's other activities name it (`known`)."""
    rows: list[dict[str, Any]] = []
    for state in STATES:
        members = [a for a in section.activities if unit_of(a, a.state) == state]
        if not members:
            continue
        rows.append({SECTION_ROW: f"{STATE_TITLES[state]} ({len(members)})"})
        for a in members:
            schools = (known or {}) | {s.school_code: school_label(s.school_name, s.school_code) for s in a.schools}
            rows.append(
                {
                    "number": (a.number or "").strip(),
                    "title": as_document_writes(a.title),
                    "responsible": a.responsible or "—",  # a dash as in the other columns, never a blank
                    "deadline": deadline_cell(a),
                    "actual": actual_cell(a),
                    "evidence": evidence_cell(a.evidence, schools),
                }
            )
    sheet = f"Раздел {section_number(section.model_dump()) or index}"
    return Table(columns=ACTIVITY_COLUMNS, rows=rows, sheet=sheet) if rows else None


def school_rows(execution: PlanExecution, own_school: str | None = None) -> list[dict[str, Any]]:
    """Each participating school's counts, a cancelled activity cancelled for each (`school_state`). A school's own
    plan leaves the school out: it takes no part in its own plan, its counts are the plan's."""
    states: dict[str, tuple[str, list[Unit]]] = {}
    for section in execution.sections:
        for activity in section.activities:
            for school in activity.schools:
                if school.school_code == own_school:
                    continue
                name = school_label(school.school_name, school.school_code)
                found = states.setdefault(school.school_code, (name, []))[1]
                found.append(school_state(activity, school))
    ordered = sorted(states.values(), key=lambda held: natural_key(held[0]))  # «СОШ № 2» before «СОШ № 10»
    return [{"school": name, **counts(found)} for name, found in ordered]


def _overdue_findings(overdue: list[ActivityExecution], by_section: list[dict[str, Any]], total: int) -> list[str]:
    """What is overdue, by section, and which activities missed an interim stage though the final is ahead."""
    if not overdue:
        return ["просроченных мероприятий нет"]
    lagging = sorted((row for row in by_section if row["overdue"]), key=lambda r: -r["overdue"])
    if len(lagging) == 1:  # «просрочено 2 (раздел «1. Мониторинг»)», never «просрочено 2: 1. Мониторинг — 2»
        where = f"раздел {quoted(lagging[0]['section'])}"
    else:
        where = "по разделам: " + ", ".join(f"{quoted(row['section'])} — {row['overdue']}" for row in lagging)
    findings = [f"просрочено {total} ({where})"]
    passed = [  # an interim stage missed while the final one is still ahead (a passed final is overdue itself)
        a
        for a in overdue
        if a.stages
        and a.stages[-1].state in ("current", "upcoming")
        and any(s.state == "overdue" for s in a.stages[:-1])
    ]
    if passed:
        findings.append(
            "у "
            + plural(len(passed), "мероприятия", "мероприятий", "мероприятий")
            + " пропущен промежуточный этап, хотя итоговый срок ещё не наступил: "
            + _named(passed)
        )
    return findings


NAMED = 10  # activities a finding names; more are counted


def _named(activities: list[ActivityExecution]) -> str:
    """«№ 1.1 «Семинар»; № 1.2 «Совещание»», the first `NAMED` of them, then «и ещё 5»."""
    numbers = [(a.number or "").strip() for a in activities[:NAMED]]
    names = "; ".join(
        f"№ {number} {quoted(as_document_writes(a.title))}" if number else quoted(as_document_writes(a.title))
        for number, a in zip(numbers, activities, strict=False)
    )
    return names + (f" и ещё {len(activities) - NAMED}" if len(activities) > NAMED else "")


def _undated_finding(activities: list[ActivityExecution]) -> list[str]:
    """The activities still to do that the plan gives no deadline at all: a gap the official fills before signing."""
    undated = [
        a for a in activities if a.state not in ("done", "cancelled") and not a.deadline_text.strip() and not a.stages
    ]
    if not undated:
        return []
    count = plural(len(undated), "мероприятия", "мероприятий", "мероприятий")
    return [f"срок исполнения не установлен у {count}: {_named(undated)}"]


def _done_finding(overall: dict[str, Any], activities: int) -> str:
    """«выполнено 11 из 21 мероприятия (52 %), выполняется 2, срок не наступил у 8»; when activities count once per
    participating school, «с учётом школ-участниц выполнено 20 из 21 (95 %)» (`_summary` says how 21 arise). A
    state none is in is left out, never «срок не наступил у 0». The share is of what is to do: «выполнено 4 из 9
    мероприятий (44 %) без учёта 1 отменённого» of a plan the summary says has 10, never a bare «из 9» the reader
    cannot square with the 10 (`CANCELLED_NOTE` says it under the tables)."""
    active = overall["total"] - overall["cancelled"]
    if not active:
        return "мероприятий к исполнению в плане нет"
    share = str(overall["share"]) if isinstance(overall["share"], Figure) else ru_percent(overall["share"], 0)
    if overall["total"] != activities:
        text = f"с учётом школ-участниц выполнено {overall['done']} из {active} ({share})"
    else:
        of_active = plural(active, "мероприятия", "мероприятий", "мероприятий")
        text = f"выполнено {overall['done']} из {of_active} ({share})"
    if overall["cancelled"]:  # «из 9» of a plan said to have 10: the reader is told where the tenth went
        text += f" без учёта {plural(overall['cancelled'], 'отменённого', 'отменённых', 'отменённых')}"
    if overall["in_progress"]:
        text += f", выполняется {overall['in_progress']}"
    if overall["planned"]:
        text += f", срок не наступил у {overall['planned']}"
    return text


def _evidence_finding(proved: int, done: int, *, whole: bool = False) -> str:
    """«подтверждающие документы приложены к 3 из 11 выполненных мероприятий»; of none, «не приложены ни к одному
    из 11 …», never «приложены к 0 из 11». Evidence is counted by activity: when the plan counts positions per
    school (`whole`), the activities are «полностью выполненных», so the figure is not read as the positions'."""
    fully = "полностью " if whole else ""
    if done == 1:
        return f"к {fully}выполненному мероприятию подтверждающие документы {'' if proved else 'не '}приложены"
    if proved == done:
        to_all = plural(done, "выполненному мероприятию", "выполненным мероприятиям", "выполненным мероприятиям")
        return f"подтверждающие документы приложены ко всем {to_all}".replace(" выполн", f" {fully}выполн", 1)
    of_done = plural(done, "выполненного мероприятия", "выполненных мероприятий", "выполненных мероприятий")
    of_done = of_done.replace(" выполн", f" {fully}выполн", 1)
    if proved == 0:
        return f"подтверждающие документы не приложены ни к одному из {of_done}"
    return f"подтверждающие документы приложены к {proved} из {of_done}"


def findings(
    execution: PlanExecution, by_section: list[dict[str, Any]], overall: dict[str, Any], own_school: str | None = None
) -> list[str]:
    """The findings drawn from the figures: what is done, what is overdue, the evidence, the lagging schools (of a
    school's own plan, not the school itself)."""
    activities = [a for s in execution.sections for a in s.activities]
    if not activities:  # «мероприятий к исполнению нет; просроченных мероприятий нет» of a plan without any
        return ["в плане нет мероприятий"]
    if overall["total"] == overall["cancelled"]:  # nothing to do: nothing can be overdue either, said once
        return [_done_finding(overall, len(activities))]
    done = [a for a in activities if a.state == "done"]
    found = [
        _done_finding(overall, len(activities)),
        *_overdue_findings([a for a in activities if a.state == "overdue"], by_section, overall["overdue"]),
        *_undated_finding(activities),
    ]
    late = [a for a in activities if done_late(a)]
    if late:
        count = plural(len(late), "мероприятие", "мероприятия", "мероприятий")
        found.append(f"с нарушением срока выполнено {count}: {_named(late)}")
    if done:
        whole = overall["total"] != len(activities)  # positions per school: not the activities counted here
        found.append(_evidence_finding(sum(bool(a.evidence) for a in done), len(done), whole=whole))
    lagging_schools = [row["school"] for row in school_rows(execution, own_school) if row["overdue"]]
    if lagging_schools:
        which = "у школы" if len(lagging_schools) == 1 else "у школ"  # «у школ: МБОУ СОШ № 3» said of one
        found.append(f"просроченные мероприятия есть {which}: " + "; ".join(lagging_schools))
    return found


def conclusions(
    plan: dict[str, Any], execution: PlanExecution, by_section: list[dict[str, Any]], overall: dict[str, Any]
) -> list[Paragraph]:
    """«Анализ выполнения плана … показал, что: …» — the findings drawn from the figures, then what to do."""
    items = findings(execution, by_section, overall, plan.get("school_code"))
    text = [
        Paragraph(
            text=f"Анализ выполнения плана {quoted(plan_title(plan))} по состоянию на {ru_date(execution.as_of)} "
            "показал, что:"
        ),
        *(
            Paragraph(text=f"{item};" if i < len(items) - 1 else f"{item}.", style="list")
            for i, item in enumerate(items)
        ),
    ]
    if any(a.state == "overdue" for s in execution.sections for a in s.activities):
        text.append(
            Paragraph(
                text="Ответственным за просроченные мероприятия представить сведения о причинах неисполнения "
                "и обновлённые сроки; подтверждающие документы прикладывать к мероприятиям по мере выполнения."
            )
        )
    if _undated_finding([a for s in execution.sections for a in s.activities]):
        text.append(Paragraph(text="Установить сроки исполнения мероприятий, для которых они не определены."))
    return text


def plan_pairs_query(plan: dict[str, Any]) -> dict[str, str]:
    """The mentor pairs a plan's report lists: of its school (as mentor or supported), else of its
    municipality, working in the plan's school year."""
    query = {"school_year": school_year_text(plan["school_year"])} if plan.get("school_year") else {}
    if plan.get("school_code"):
        return query | {"school_code": plan["school_code"]}
    if plan.get("municipality_code"):
        return query | {"municipality": plan["municipality_code"]}
    return query


def pairs_by(
    pairs: list[MentorPairItem] | None, as_of: date, period: tuple[date | None, date | None] = (None, None)
) -> list[MentorPairItem] | None:
    """The pairs of the plan's year that had started by the report's date: one agreed for February is not yet
    working in a report «по состоянию на 15.11.2024» (one ended by then did work in the year, so it stays). A plan
    of a calendar year asks roadmap for no school year: a pair that ended before the plan's `period` began, or
    started after it ended, worked in another year, not in this plan's."""
    if pairs is None:
        return None
    since, until = period
    last = min(as_of, until) if until else as_of
    return [p for p in pairs if p.starts_on <= last and (since is None or p.ends_on is None or p.ends_on >= since)]


def plan_period_dates(plan: dict[str, Any]) -> tuple[date | None, date | None]:
    """The first and last day of the plan's period, as roadmap gives them (none in an older answer)."""
    start, end = (plan.get(key) for key in ("period_start", "period_end"))
    return (date.fromisoformat(str(start)[:10]) if start else None, date.fromisoformat(str(end)[:10]) if end else None)


def _summary(as_of: date, activities: int, overall: dict[str, Any]) -> str:
    if not activities:
        return f"По состоянию на {ru_date(as_of)} в плане нет мероприятий."
    positions = (  # «в плане 3 мероприятия, с учётом исполнения каждой школой-участницей — 21: выполнено 20, …»
        f", с учётом исполнения каждой школой-участницей — {overall['total']}" if overall["total"] != activities else ""
    )
    states = [f"выполнено {overall['done']}"]  # the figure the report is about, a zero too
    states += [f"{SUMMARY_WORDS[state]} {overall[state]}" for state in STATES[1:] if overall[state]]
    return (
        f"По состоянию на {ru_date(as_of)} в плане "
        f"{plural(activities, 'мероприятие', 'мероприятия', 'мероприятий')}{positions}: {', '.join(states)}."
    )


def _overview(plan: dict[str, Any], summary: str, by_section: list[dict[str, Any]], overall: dict[str, Any]) -> Section:
    from services.reports.documents import charts  # matplotlib loads with the first chart drawn

    blocks: list[Paragraph | Table | Chart] = [
        Paragraph(text=f"План {quoted(plan_title(plan))} ({plan_subtitle(plan)}) {plan_basis(plan)}."),
        Paragraph(text=summary),
    ]
    if not overall["total"]:  # no table of zeros and no empty chart for a plan without activities
        return Section(title="Общие сведения", numbered=False, blocks=list(blocks))
    return Section(
        title="Общие сведения",
        numbered=False,
        blocks=[
            *blocks,
            Table(
                title="Исполнение по разделам",
                columns=[Column(key="section", label="Раздел", width=3.5), *count_columns([overall])],
                rows=by_section,
                total={"section": "Итого", **overall},
                sheet="По разделам",
            ),
            *cancelled_note([overall]),
            Chart(
                title="Исполнение плана по разделам",
                png=charts.plan_progress(
                    [r["section"] for r in by_section],
                    [r["done"] for r in by_section],
                    [r["in_progress"] for r in by_section],
                    [r["overdue"] for r in by_section],
                    [r["planned"] for r in by_section],
                    undated=[r["undated"] for r in by_section],
                    cancelled=[r["cancelled"] for r in by_section],
                ),
            ),
        ],
    )


def planned_results(section: SectionExecution) -> list[Paragraph | Table]:
    """«Планируемый результат: …» as the plan writes it under the section: what its activities were to achieve,
    read beside what they did (the plan's own table prints the same words under the section's activities)."""
    results = distinct_texts(section.planned_results)  # one sentence typed twice, printed once
    if not results:
        return []
    text = "; ".join(as_document_writes(r).rstrip(".;") for r in results)
    return [Paragraph(text=f"Планируемый результат: {text}.")]


def _detail(execution: PlanExecution) -> list[Section]:
    detail: list[Section] = []
    known = {
        s.school_code: school_label(s.school_name, s.school_code)
        for sec in execution.sections
        for a in sec.activities
        for s in a.schools
    }
    for index, section in enumerate(execution.sections, start=1):
        table = section_table(section, index, known)
        blocks: list[Paragraph | Table] = planned_results(section)
        blocks += [table] if table else [Paragraph(text=NO_ACTIVITIES)]  # the plan's own words for it
        detail.append(Section(title=section_heading(section.model_dump()), blocks=list(blocks), numbered=False))
    return detail


def _closing(
    params: ReportParams,
    sources: Sources,
    plan: dict[str, Any],
    execution: PlanExecution,
    figures: tuple[list[dict[str, Any]], dict[str, Any]],
) -> list[Section]:
    """The schools' execution, the mentor pairs, the analysis and conclusions with the signature."""
    by_section, overall = figures
    closing: list[Section] = []
    schools = school_rows(execution, plan.get("school_code"))
    if schools:
        table = Table(
            columns=[Column(key="school", label="Школа", width=3.5), *count_columns(schools)],
            rows=schools,
            sheet="По школам",
        )
        blocks: list[Paragraph | Table] = [table, *cancelled_note(schools)]
        closing.append(Section(title="Исполнение по школам-участницам", numbered=False, blocks=list(blocks)))
    working = pairs_by(read_pairs(sources.roadmap, plan_pairs_query(plan)), execution.as_of, plan_period_dates(plan))
    pairs = pairs_section(working, False)
    if pairs:
        closing.append(pairs)
    closing.append(
        Section(
            title="Анализ и выводы",
            numbered=False,
            blocks=[
                *conclusions(plan, execution, by_section, overall),
                *methodist_paragraphs(params.extra_text),
                signature(params, plan_head_post(plan)),
            ],
        )
    )
    return closing


def _in_plan_order(execution: PlanExecution, plan: dict[str, Any]) -> None:
    """Each activity's responsible and co-executors as the plan writes them, and its participating schools in the
    order the plan lists them, so the plan and its execution report read them alike; a school the plan does not
    list (no longer, or an activity it lacks) comes after them, by name («СОШ № 2» before «СОШ № 10»), one without
    a name by the words it is printed with («школа с кодом …»), as the table of the schools orders it."""
    listed = {
        a.get("id"): [s.get("school_code") for s in a.get("schools") or []]
        for section in plan.get("sections") or []
        for a in section.get("activities") or []
    }
    written = {
        a.get("id"): responsible_text(a)
        for section in plan.get("sections") or []
        for a in section.get("activities") or []
    }
    for activity in (a for s in execution.sections for a in s.activities):
        if written.get(activity.id):  # the plan's own words for who answers and who helps (`responsible_text`)
            activity.responsible = written[activity.id]
        rank = {code: at for at, code in enumerate(listed.get(activity.id) or [])}
        activity.schools.sort(key=lambda s: natural_key(school_label(s.school_name, s.school_code)))
        activity.schools.sort(key=lambda s: rank.get(s.school_code, len(rank)))  # stable: the rest keep their order


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "plan_id")
    as_of = params.as_of or today
    plan: dict[str, Any] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}")
    execution = PlanExecution.model_validate(
        sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}/execution", {"as_of": as_of.isoformat()})
    )
    for section, numbered in zip(
        execution.sections, numbered_sections([s.model_dump() for s in execution.sections]), strict=True
    ):
        section.number = numbered["number"]  # a section without a number numbered as its activities are
    _in_plan_order(execution, plan)
    activities = [a for s in execution.sections for a in s.activities]
    appendix_to, registration = registration_or_appendix(params, plan_approver(plan))
    by_section = [
        {"section": section_heading(s.model_dump()), **counts([u for a in s.activities for u in units(a)])}
        for s in execution.sections
    ]
    overall = counts([u for a in activities for u in units(a)])
    overview = _overview(plan, _summary(as_of, len(activities), overall), by_section, overall)
    return Document(
        report_type="plan_execution",
        authority=plan_authority(plan),
        title=f"Аналитическая справка по результатам выполнения плана {quoted(plan_title(plan))}",
        subtitle=f"{plan_subtitle(plan)}; по состоянию на {ru_date(as_of)}",
        issued=today,
        show_issued=False,
        landscape=True,
        appendix_to=appendix_to,
        registration=registration,
        sections=[
            overview,
            *_detail(execution),
            *_closing(params, sources, plan, execution, (by_section, overall)),
        ],
    )
