"""The plan as the official appendix to the order that approves it (landscape): «Приложение к приказу …»,
«УТВЕРЖДЕН приказом <authority, genitive> от ДД.ММ.ГГГГ № …» (the word agreeing with the plan's name), and ONE table
in the plan's own column set (the one it was imported with or created in) with a bold row per section and its
planned results under it."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.reports.documents.common import (
    ROADMAP,
    as_document_writes,
    distinct_texts,
    numbered_sections,
    party_names,
    plan_approver,
    plan_authority,
    plan_basis,
    plan_subtitle,
    plan_title,
    quoted,
    school_label,
    section_heading,
)
from services.reports.documents.model import (
    APPROVED,
    SECTION_ROW,
    AppendixTo,
    ApprovalBlock,
    Column,
    Document,
    Paragraph,
    Section,
    Table,
    approved_word,
)
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources
from services.shared.contracts.roadmap import PlanColumn

WIDTHS = {"number": 0.6, "title": 4.0, "responsible": 2.0, "deadline": 1.6, "expected_result": 2.8}
WIDTHS |= {"final_document": 1.8, "indicator": 2.0}
INDICATOR = Column(key="indicator", label="Показатели", width=WIDTHS["indicator"])
"""The activities' indicators («Доля школ … — 100 %»), which no column set of the orders has a field for: a plan
imported with a «Показатели» column keeps them, and its printed table shows them beside the expected result (the
import reads that column back as the indicators), never drops them from the signed plan."""


def _participants(activity: dict[str, Any], own_school: str | None = None) -> str:
    """«Школы-участницы: МБОУ «СОШ № 1»; …», every school named however many: a plan signed with «Школы-участницы:
    7» leaves the official to guess which seven, and the plan imported again loses them. A school's own plan does
    not name the school itself among them (its title says whose plan it is)."""
    schools = [s for s in activity.get("schools") or [] if own_school is None or s.get("school_code") != own_school]
    names = [school_label(s.get("school_name"), s.get("school_code")) for s in schools]
    named = [name for name in names if name]
    return "\nШколы-участницы: " + "; ".join(named) if named else ""


def _spaced(text: str) -> str:
    return " ".join(text.split())


def responsible_text(activity: dict[str, Any]) -> str:
    """«Бабкина Н.А., Руководители ОУ; соисполнители: …» from the activity's lists of people and bodies; one
    responsible is not his own co-executor too. Co-executors without anyone responsible keep their word
    («соисполнители: МБУ ГЦОКО»): named bare in the «Ответственный» column they read as the ones answering for it."""
    responsible = activity.get("responsible") or []
    names = party_names(responsible)
    taken = {_spaced(party_names([p])) for p in responsible}
    co = party_names([p for p in activity.get("co_executors") or [] if _spaced(party_names([p])) not in taken])
    if co:
        return f"{names}; соисполнители: {co}" if names else f"соисполнители: {co}"
    return names


NOT_SET = "—"
"""What an activity's cell reads when the plan sets nothing there (no deadline, nobody responsible): a dash, never
a blank an official takes for an omission. The plan import reads a lone dash back as nothing, so a plan exported
and imported again is the same plan."""


def activity_cells(activity: dict[str, Any], own_school: str | None = None) -> dict[str, str]:
    """Every field the plan's columns may show, as the official table writes it; a row continuing the one above may
    have no number (as the seeds' tables do), any other field not set reads `NOT_SET`."""
    return {
        "number": (activity.get("number") or "").strip(),
        "title": as_document_writes(activity["title"].strip()) + _participants(activity, own_school),
        "responsible": responsible_text(activity) or NOT_SET,
        "deadline": as_document_writes((activity.get("deadline_text") or "").strip()) or NOT_SET,
        "expected_result": as_document_writes((activity.get("expected_result") or "").strip()) or NOT_SET,
        "final_document": as_document_writes((activity.get("final_document") or "").strip()) or NOT_SET,
        "indicator": as_document_writes((activity.get("indicator") or "").strip()) or NOT_SET,
    }


def planned_results_row(section: dict[str, Any], columns: list[PlanColumn]) -> dict[str, Any] | None:
    """The section's planned results as one row under its activities, in the widest text column."""
    results = distinct_texts(section.get("planned_results") or [])  # one sentence typed twice, printed once
    if not results:
        return None
    return {_text_field(columns): "Планируемый результат:\n" + "\n".join(f"– {as_document_writes(r)}" for r in results)}


def table_columns(columns: list[PlanColumn], indicators: bool = False) -> list[Column]:
    """The plan's own columns; with `indicators`, «Показатели» after the expected result (else last)."""
    shown = [Column(key=c.field, label=c.label, width=WIDTHS.get(c.field)) for c in columns]
    if not indicators:
        return shown
    at = next((i + 1 for i, c in enumerate(shown) if c.key == "expected_result"), len(shown))
    return [*shown[:at], INDICATOR, *shown[at:]]


def has_indicators(plan: dict[str, Any]) -> bool:
    return any((a.get("indicator") or "").strip() for s in plan["sections"] for a in s["activities"])


ARCHIVED = "Версия плана в архиве: документ не является действующей редакцией плана."
NO_ACTIVITIES = "Мероприятия в разделе не запланированы."


def _text_field(columns: list[PlanColumn]) -> str:
    return "title" if any(c.field == "title" for c in columns) else columns[-1].field


def plan_table(plan: dict[str, Any], columns: list[PlanColumn]) -> Table:
    """One table: a section row, the section's activities (or a line saying there are none), its planned
    results; the next section."""
    rows: list[dict[str, Any]] = []
    for section in numbered_sections(plan["sections"]):
        rows.append({SECTION_ROW: section_heading(section)})
        rows += [activity_cells(a, plan.get("school_code")) for a in section["activities"]]
        if not section["activities"]:
            rows.append({_text_field(columns): NO_ACTIVITIES})
        if (results := planned_results_row(section, columns)) is not None:
            rows.append(results)
    return Table(columns=table_columns(columns, has_indicators(plan)), rows=rows, sheet="План мероприятий")


def approved_name(plan: dict[str, Any]) -> str:
    """The name the approval's word agrees with: the plan's title as printed («План мероприятий …» → УТВЕРЖДЕН), or,
    when its first words tell no gender (a title opening with the school's name), its kind («Антирисковая
    программа» → УТВЕРЖДЕНА)."""
    title = plan_title(plan)
    return title if approved_word(title) != APPROVED else str(plan.get("kind_label") or title)


def approval_of(plan: dict[str, Any]) -> ApprovalBlock | None:
    if plan["status"] in ("approved", "archived") and plan.get("order_number") and plan.get("order_date"):
        return ApprovalBlock(
            order_number=plan["order_number"],
            order_date=date.fromisoformat(plan["order_date"]),
            authority=plan_approver(plan),
            document=approved_name(plan),
        )
    return None


def appendix_of(plan: dict[str, Any]) -> AppendixTo:
    """«Приложение к приказу <authority> от … № …»: blanks to fill in by hand while the plan is a draft."""
    approval = approval_of(plan)
    return AppendixTo(
        authority=plan_approver(plan),
        order_number=approval.order_number if approval else None,
        order_date=approval.order_date if approval else None,
    )


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "plan_id")
    plan: dict[str, Any] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}")
    columns = [PlanColumn.model_validate(c) for c in plan["columns"]]
    blocks: list[Paragraph | Table] = []
    if plan.get("description"):
        blocks += [  # the methodist's text: dates and school years as every other of the document
            Paragraph(text=as_document_writes(line.strip()))
            for line in plan["description"].splitlines()
            if line.strip()
        ]
    if plan["status"] == "draft":
        blocks.append(Paragraph(text=f"Проект плана: {plan_basis(plan)}.", style="note"))
    elif plan["status"] == "archived":  # a version replaced or withdrawn: never printed as the plan in force
        blocks.append(Paragraph(text=ARCHIVED, style="note"))
    if any(section["activities"] for section in plan["sections"]):
        blocks.append(plan_table(plan, columns))
    elif plan["sections"]:
        titles = ", ".join(quoted(section_heading(section)) for section in numbered_sections(plan["sections"]))
        empty = "раздел {} не заполнен" if len(plan["sections"]) == 1 else "разделы {} не заполнены"
        blocks.append(Paragraph(text=f"В плане нет мероприятий: {empty.format(titles)}."))
    else:
        blocks.append(Paragraph(text="В плане нет разделов и мероприятий."))
    return Document(
        report_type="plan",
        authority=plan_authority(plan),
        title=plan_title(plan),
        subtitle=plan_subtitle(plan),
        issued=today,
        show_issued=False,
        landscape=True,
        approval=approval_of(plan),
        appendix_to=appendix_of(plan),
        sections=[Section(title="План мероприятий", blocks=list(blocks), numbered=False)],
    )
