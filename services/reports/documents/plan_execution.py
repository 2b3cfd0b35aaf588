"""Аналитическая справка о выполнении плана (seed 002, appendix 5): per section what is done, in progress,
overdue, with the actual results and the evidence; progress per school; a chart by section; a summary.

An activity tracked per school counts once per participating school, as the roadmap's own roll-up does;
«просрочено» means a deadline before the report's date with the work not done (nor cancelled).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from services.reports.documents import charts
from services.reports.documents.common import (
    ACTIVITY_STATUS_LABELS,
    ROADMAP,
    party_names,
    plan_authority,
    plan_basis,
    plan_subtitle,
    plural,
    ru_date,
    ru_percent,
    section_heading,
)
from services.reports.documents.model import Chart, Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources

STATES = ("done", "in_progress", "overdue", "planned", "cancelled")
STATE_TITLES = {
    "done": "Выполнено",
    "in_progress": "Выполняется",
    "overdue": "Просрочено",
    "planned": "Запланировано, срок не наступил",
    "cancelled": "Отменено",
}
CLOSED = {"done", "cancelled"}


def _due(activity: dict[str, Any]) -> date | None:
    return date.fromisoformat(activity["due_date"]) if activity.get("due_date") else None


def unit_state(status: str, due: date | None, today: date) -> str:
    """done, cancelled, overdue (deadline passed, not closed), in_progress or planned."""
    if status in CLOSED:
        return status
    if due is not None and due < today:
        return "overdue"
    return status if status in ("in_progress", "planned") else "planned"


def units(activity: dict[str, Any], today: date) -> list[str]:
    """The states that count for progress: one per participating school, or the activity's own."""
    if activity.get("per_school") and activity.get("schools"):
        return [unit_state(s["status"], _due(activity), today) for s in activity["schools"]]
    return [unit_state(activity["status"], _due(activity), today)]


def activity_state(activity: dict[str, Any], today: date) -> str:
    """The state an activity is listed under: its own when closed, else what its schools' reports add up to."""
    if activity["status"] in CLOSED or not (activity.get("per_school") and activity.get("schools")):
        return unit_state(activity["status"], _due(activity), today)
    states = set(units(activity, today))
    if states <= CLOSED and "done" in states:
        return "done"
    if states == {"cancelled"}:
        return "cancelled"
    if "overdue" in states:
        return "overdue"
    return "in_progress" if states & {"in_progress", "done"} else "planned"


def _evidence_text(evidence: list[dict[str, Any]]) -> str:
    lines = []
    for e in evidence:
        school = f" ({e['school_code']})" if e.get("school_code") else ""
        if e.get("url"):
            lines.append(f"{e.get('title') or 'Ссылка'}: {e['url']}{school}")
        else:
            name = e.get("file_name") or "файл"
            title = f"{e['title']} — " if e.get("title") and e.get("title") != name else ""
            lines.append(f"{title}{name}{school} ({ROADMAP}/evidence/{e['id']}/file)")
    return "\n".join(lines) or "—"


def _actual(activity: dict[str, Any], today: date) -> str:
    lines = [activity["actual_result"]] if activity.get("actual_result") else []
    if activity.get("per_school"):
        for s in activity.get("schools", []):
            state = unit_state(s["status"], _due(activity), today)
            line = f"{s['school_name']}: {ACTIVITY_STATUS_LABELS[state]}"
            if s.get("completed_at"):
                line += f" {ru_date(s['completed_at'])}"
            if s.get("actual_result"):
                line += f" — {s['actual_result']}"
            lines.append(line)
    elif activity["status"] == "in_progress" and activity.get("progress"):
        lines.append(f"Выполнено на {activity['progress']} %")
    return "\n".join(lines) or "—"


def _state_table(state: str, members: list[dict[str, Any]], evidence: dict[int, str], today: date, sheet: str) -> Table:
    return Table(
        title=f"{STATE_TITLES[state]}: {len(members)}",
        columns=[
            Column(key="number", label="№", width=0.5),
            Column(key="title", label="Мероприятие", width=3.2),
            Column(key="responsible", label="Ответственный", width=1.6),
            Column(key="deadline", label="Срок", width=1.3),
            Column(key="expected", label="Ожидаемый результат", width=2.0),
            Column(key="actual", label="Фактический результат", width=3.0),
            Column(key="evidence", label="Подтверждения", width=2.2),
        ],
        rows=[
            {
                "number": a.get("number") or "",
                "title": a["title"],
                "responsible": party_names(a.get("responsible", [])),
                "deadline": a.get("deadline_text") or (ru_date(a["due_date"]) if a.get("due_date") else ""),
                "expected": a.get("expected_result") or "",
                "actual": _actual(a, today),
                "evidence": evidence.get(a["id"], "—"),
            }
            for a in members
        ],
        sheet=f"{sheet} {STATE_TITLES[state]}"[:31],
    )


def _counts(states: list[str]) -> dict[str, Any]:
    counter = Counter(states)
    active = len(states) - counter["cancelled"]
    return {
        "total": len(states),
        **{state: counter[state] for state in STATES},
        "share": counter["done"] / active if active else 0.0,
    }


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "plan_id")
    roadmap = sources.roadmap
    plan: dict[str, Any] = roadmap.get(f"{ROADMAP}/plans/{params.plan_id}")
    progress: dict[str, Any] = roadmap.get(f"{ROADMAP}/plans/{params.plan_id}/progress")
    activities = [a for s in plan["sections"] for a in s["activities"]]
    evidence = {a["id"]: _evidence_text(roadmap.get(f"{ROADMAP}/activities/{a['id']}/evidence")) for a in activities}

    section_rows = []
    for section in plan["sections"]:
        states = [u for a in section["activities"] for u in units(a, today)]
        section_rows.append({"section": section_heading(section), **_counts(states)})
    overall = _counts([u for a in activities for u in units(a, today)])
    count_columns = [
        Column(key="total", label="Всего", kind="int"),
        Column(key="done", label="Выполнено", kind="int"),
        Column(key="in_progress", label="Выполняется", kind="int"),
        Column(key="overdue", label="Просрочено", kind="int"),
        Column(key="planned", label="Срок не наступил", kind="int"),
        Column(key="cancelled", label="Отменено", kind="int"),
        Column(key="share", label="Доля выполненного", kind="percent"),
    ]
    chart = charts.plan_progress(
        [row["section"] for row in section_rows],
        [row["done"] for row in section_rows],
        [row["in_progress"] for row in section_rows],
        [row["overdue"] for row in section_rows],
        [row["planned"] for row in section_rows],
    )
    summary = (
        f"На {ru_date(today)} в плане {plural(len(activities), 'мероприятие', 'мероприятия', 'мероприятий')}"
        f" ({plural(overall['total'], 'позиция', 'позиции', 'позиций')} исполнения с учётом школ-участниц): "
        f"выполнено {overall['done']} ({ru_percent(overall['share'])}), выполняется {overall['in_progress']}, "
        f"просрочено {overall['overdue']}, срок не наступил {overall['planned']}, отменено {overall['cancelled']}."
    )
    lagging = [row["section"] for row in section_rows if row["overdue"]]
    if lagging:
        summary += " Просроченные мероприятия есть в разделах: " + "; ".join(lagging) + "."
    overview = Section(
        title="Общие сведения",
        blocks=[
            Paragraph(text=f"План «{plan['title']}» ({plan_subtitle(plan)}) {plan_basis(plan)}."),
            Paragraph(text=summary),
            Table(
                title="Исполнение по разделам",
                columns=[Column(key="section", label="Раздел", width=3.5), *count_columns],
                rows=section_rows,
                total={"section": "Итого", **overall},
                sheet="По разделам",
            ),
            Chart(title="Исполнение плана по разделам", png=chart),
        ],
    )

    detail_sections = []
    for index, section in enumerate(plan["sections"], start=1):
        by_state: dict[str, list[dict[str, Any]]] = {}
        for activity in section["activities"]:
            by_state.setdefault(activity_state(activity, today), []).append(activity)
        blocks: list[Paragraph | Table] = [
            _state_table(state, by_state[state], evidence, today, f"Р{section.get('number') or index}")
            for state in STATES
            if by_state.get(state)
        ]
        if not blocks:
            blocks.append(Paragraph(text="Мероприятий в разделе нет."))
        if section.get("planned_results"):
            blocks.append(Paragraph(text="Планируемый результат раздела:", style="heading"))
            blocks += [Paragraph(text=r, style="list") for r in section["planned_results"]]
        detail_sections.append(Section(title=section_heading(section), blocks=list(blocks)))

    school_blocks: list[Paragraph | Table] = []
    if progress["schools"]:
        school_blocks.append(
            Table(
                title="Исполнение по школам-участницам",
                columns=[
                    Column(key="school", label="Школа", width=3.0),
                    Column(key="code", label="Код ОО", width=1.0),
                    Column(key="total", label="Всего", kind="int"),
                    Column(key="done", label="Выполнено", kind="int"),
                    Column(key="in_progress", label="Выполняется", kind="int"),
                    Column(key="overdue", label="Просрочено", kind="int"),
                    Column(key="share", label="Доля выполненного", kind="percent"),
                ],
                rows=[
                    {
                        "school": row["label"],
                        "code": row["key"],
                        "total": row["counts"]["total"],
                        "done": row["counts"]["done"],
                        "in_progress": row["counts"]["in_progress"],
                        "overdue": row["counts"]["overdue"],
                        "share": row["done_share"],
                    }
                    for row in progress["schools"]
                ],
                sheet="По школам",
            )
        )
    else:
        school_blocks.append(Paragraph(text="Мероприятий с исполнением по школам в плане нет."))
    return Document(
        report_type="plan_execution",
        authority=plan_authority(plan),
        title=f"Аналитическая справка о выполнении плана «{plan['title']}»",
        subtitle=plan_subtitle(plan),
        issued=today,
        landscape=True,
        sections=[overview, *detail_sections, Section(title="Исполнение по школам", blocks=list(school_blocks))],
    )
