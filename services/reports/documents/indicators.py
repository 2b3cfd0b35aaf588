"""The KPI table of a plan (seed 004): each indicator with its baseline, and target against actual for every
school year that has a target or an actual."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.reports.documents.common import ROADMAP, plan_authority, plan_subtitle, ru_number
from services.reports.documents.model import Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources


def _baseline(indicator: dict[str, Any]) -> str:
    if indicator.get("baseline") is None:
        return "—"
    value = ru_number(float(indicator["baseline"]), 2)
    return f"{value} ({indicator['baseline_year']})" if indicator.get("baseline_year") else value


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "plan_id")
    plan: dict[str, Any] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}")
    indicators: list[dict[str, Any]] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}/indicators")
    years = sorted({year for i in indicators for year in (*i.get("targets", {}), *i.get("actuals", {}))})
    blocks: list[Paragraph | Table] = []
    if not indicators:
        blocks.append(Paragraph(text="Показатели плана не заданы."))
    else:
        columns = [
            Column(key="number", label="№", kind="int", width=0.4),
            Column(key="name", label="Показатель", width=4.0),
            Column(key="unit", label="Ед. изм.", width=0.8),
            Column(key="baseline", label="Базовое значение", width=1.2),
        ]
        for year in years:
            columns += [
                Column(key=f"target:{year}", label=f"{year}, цель", kind="float", width=0.9),
                Column(key=f"actual:{year}", label=f"{year}, факт", kind="float", width=0.9),
            ]
        rows = []
        for number, indicator in enumerate(indicators, start=1):
            row: dict[str, Any] = {
                "number": number,
                "name": indicator["name"],
                "unit": indicator.get("unit") or "",
                "baseline": _baseline(indicator),
            }
            for year in years:
                row[f"target:{year}"] = indicator.get("targets", {}).get(year)
                row[f"actual:{year}"] = indicator.get("actuals", {}).get(year)
            rows.append(row)
        blocks.append(
            Table(title="Целевые и фактические значения показателей", columns=columns, rows=rows, sheet="Показатели")
        )
        reported = [
            f"{year} — {sum(year in i.get('actuals', {}) for i in indicators)} из "
            f"{sum(year in i.get('targets', {}) for i in indicators)}"
            for year in years
            if any(year in i.get("targets", {}) for i in indicators)
        ]
        text = f"Показателей в плане: {len(indicators)}."
        if reported:
            text += " Фактические значения внесены (из показателей с целью на год): " + "; ".join(reported) + "."
        blocks.insert(0, Paragraph(text=text))
    return Document(
        report_type="indicators",
        authority=plan_authority(plan),
        title=f"Показатели результативности: {plan['title']}",
        subtitle=plan_subtitle(plan),
        issued=today,
        landscape=len(years) > 2,
        sections=[Section(title="Показатели", blocks=list(blocks))],
    )
