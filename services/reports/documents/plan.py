"""The plan as the official table (landscape): № | Мероприятие | Ответственный | Срок | Ожидаемый результат |
Итоговый документ, one table per section with its planned results, and «УТВЕРЖДЕНО приказом …» once the plan
is approved."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.reports.documents.common import (
    ROADMAP,
    party_names,
    plan_authority,
    plan_basis,
    plan_subtitle,
    section_heading,
)
from services.reports.documents.model import ApprovalBlock, Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources

SCHOOLS_NAMED = 5  # more participating schools than this are counted, not listed

COLUMNS = [
    Column(key="number", label="№", width=0.5),
    Column(key="title", label="Мероприятие", width=4.0),
    Column(key="responsible", label="Ответственный", width=2.0),
    Column(key="deadline", label="Срок", width=1.4),
    Column(key="expected", label="Ожидаемый результат", width=2.6),
    Column(key="document", label="Итоговый документ", width=1.5),
]


def _participants(activity: dict[str, Any]) -> str:
    schools = activity.get("schools") or []
    if not schools:
        return ""
    if len(schools) > SCHOOLS_NAMED:
        return f"\nШколы-участницы: {len(schools)}"
    return "\nШколы-участницы: " + "; ".join(s["school_name"] for s in schools)


def activity_row(activity: dict[str, Any]) -> dict[str, Any]:
    responsible = party_names(activity.get("responsible", []))
    co_executors = party_names(activity.get("co_executors", []))
    if co_executors:
        responsible = f"{responsible}; соисполнители: {co_executors}" if responsible else co_executors
    return {
        "number": activity.get("number") or "",
        "title": activity["title"] + _participants(activity),
        "responsible": responsible,
        "deadline": activity.get("deadline_text") or "",
        "expected": activity.get("expected_result") or "",
        "document": activity.get("final_document") or "",
    }


def _section(section: dict[str, Any], index: int) -> Section:
    heading = section_heading(section)
    blocks: list[Paragraph | Table] = [
        Table(
            title=heading,
            columns=COLUMNS,
            rows=[activity_row(a) for a in section["activities"]],
            sheet=f"Раздел {section.get('number') or index}"[:31],
        )
    ]
    if not section["activities"]:
        blocks.append(Paragraph(text="Мероприятия раздела не заданы.", style="note"))
    if section.get("planned_results"):
        blocks.append(Paragraph(text="Планируемый результат:", style="heading"))
        blocks += [Paragraph(text=result, style="list") for result in section["planned_results"]]
    return Section(title=heading, blocks=list(blocks))


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "plan_id")
    plan: dict[str, Any] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}")
    authority = plan_authority(plan)
    approval = None
    if plan["status"] in ("approved", "archived") and plan.get("order_number") and plan.get("order_date"):
        approval = ApprovalBlock(
            order_number=plan["order_number"], order_date=date.fromisoformat(plan["order_date"]), authority=authority
        )
    sections = [_section(section, i) for i, section in enumerate(plan["sections"], start=1)]
    intro: list[Paragraph] = []
    if plan.get("description"):
        intro.append(Paragraph(text=plan["description"]))
    if approval is None:
        intro.append(Paragraph(text=f"Проект плана: {plan_basis(plan)}.", style="note"))
    if not sections:
        intro.append(Paragraph(text="В плане нет разделов и мероприятий."))
    head = [Section(title="Общие положения", blocks=list(intro))] if intro else []
    return Document(
        report_type="plan",
        authority=authority,
        title=plan["title"],
        subtitle=plan_subtitle(plan),
        issued=today,
        landscape=True,
        approval=approval,
        sections=[*head, *sections],
    )
