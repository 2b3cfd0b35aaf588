"""«Что работает»: for each measure type, the schools of year Y's list that completed it in Y+1 against
comparable ones that did not, read from identification's outcomes (over HTTP, with the caller's token)."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from services.roadmap.effects.repository import EffectRepository, Execution
from services.roadmap.effects.statistics import (
    METHOD,
    MIN_SCHOOLS,
    VERDICT_LABELS,
    Observation,
    compare,
    stratum,
)
from services.roadmap.library.models import MeasureTemplate
from services.shared.contracts.effects import (
    EffectsReport,
    MeasureEffect,
    MeasureRanking,
    RankedMeasure,
    SchoolExecution,
    SubjectSummary,
)
from services.shared.contracts.outcomes import SchoolOutcome, SubjectChange, YearOutcomes
from services.shared.remote import RemoteService
from services.shared.security import Principal

ORDER = ("lower", "no_difference", "too_few", "no_comparison", "not_applied", "higher")
"""Measures with evidence of a larger fall first, then those without a difference, then those nothing is known
about, and last those whose schools fared worse than comparable ones."""


def points(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f}".replace(".", ",") + " п. п."


def basis(effect: MeasureEffect | None, report: EffectsReport) -> str:
    """On what a measure's place rests, in a Russian sentence."""
    years = f"{report.school_year} → {report.next_school_year}"
    if effect is None:
        planned = f"В планах {report.next_school_year} для школ списка {report.school_year}"
        return f"{planned} мера не применялась: сведений нет."
    if effect.verdict == "no_comparison":
        return f"{years}: выполнили {effect.completed} школ, сопоставимых школ для сравнения нет."
    figures = (
        f"{years}: выполнили и сопоставлены {effect.compared_completed} школ, сравнение с "
        f"{effect.compared_others} сопоставимыми; разность изменения доли ниже порога {points(effect.effect)} "
        f"(95 % интервал {points(effect.low)} … {points(effect.high)})"
    )
    return f"{figures} — {effect.verdict_label}."


def _share(outcomes: list[SchoolOutcome]) -> float | None:
    known = [o for o in outcomes if o.outcome != "unknown"]
    return round(sum(o.outcome == "left" for o in known) / len(known), 6) if known else None


def observation(school: SchoolOutcome, completed: bool) -> Observation | None:
    """A school's place in the comparison, or None when its key figure is unknown in either year."""
    if school.fail_share_before is None or school.fail_share_change is None or not school.categories_before:
        return None
    layer = stratum(school.categories_before[0], school.fail_share_before)
    return Observation(school.school_code, layer, school.fail_share_change, completed)


def _school_execution(school: SchoolOutcome, execution: Execution) -> SchoolExecution:
    return SchoolExecution(
        school_code=school.school_code,
        school_name=school.school_name,
        municipality_code=school.municipality_code,
        completed=execution.completed,
        on_time=execution.on_time,
        evidence=execution.evidence,
        outcome=school.outcome,
        fail_share_change=school.fail_share_change,
    )


def _execution_counts(listed: list[SchoolOutcome], mine: dict[str, Execution]) -> dict[str, int]:
    """How the schools that had the measure in their plans executed it: completed, on time, late, proved."""
    done = [mine[s.school_code] for s in listed if mine[s.school_code].completed]
    return {
        "planned": len(listed),
        "completed": len(done),
        "on_time": sum(bool(e.on_time) for e in done),
        "late": sum(mine[s.school_code].on_time is False for s in listed),
        "with_evidence": sum(e.evidence > 0 for e in done),
    }


def measure_effect(template: MeasureTemplate, outcomes: YearOutcomes, executions: list[Execution]) -> MeasureEffect:
    mine = {e.school_code: e for e in executions if e.template_id == template.id}
    done = {code for code, e in mine.items() if e.completed}
    observations = [o for s in outcomes.schools if (o := observation(s, s.school_code in done)) is not None]
    result = compare(observations)
    listed = [s for s in outcomes.schools if s.school_code in mine]
    return MeasureEffect(
        template_id=template.id or 0,
        title=template.title,
        risk_factor=template.risk_factor,
        category=template.category,
        **_execution_counts(listed, mine),
        compared_completed=result.completed,
        compared_others=result.comparison,
        strata=result.strata,
        effect=result.effect,
        low=result.low,
        high=result.high,
        verdict=result.verdict,
        verdict_label=VERDICT_LABELS[result.verdict],
        left_share_completed=_share([s for s in outcomes.schools if s.school_code in done]),
        left_share_others=_share([s for s in outcomes.schools if s.school_code not in done]),
        schools=[_school_execution(s, mine[s.school_code]) for s in listed],
    )


def _pooled(counts: list[tuple[int | None, float | None]]) -> float | None:
    """The share below the minimum of several schools together, from each one's participants and share."""
    known = [(n, share) for n, share in counts if n and share is not None]
    participants = sum(n for n, _ in known)
    return round(sum(n * share for n, share in known) / participants, 6) if participants else None


def subject_summaries(outcomes: YearOutcomes) -> list[SubjectSummary]:
    """Per procedure and subject, over the listed schools with results in both years: the pooled share below
    the minimum of each year and the mean of the schools' changes (in the order identification answers)."""
    groups: dict[tuple[str, str], list[SubjectChange]] = {}
    for school in outcomes.schools:
        for change in school.subjects:
            if change.change is not None:
                groups.setdefault((change.procedure, change.subject), []).append(change)
    return [
        SubjectSummary(
            procedure=procedure,
            subject=subject,
            subject_label=changes[0].subject_label,
            schools=len(changes),
            share_before=_pooled([(c.participants_before, c.share_before) for c in changes]),
            share_after=_pooled([(c.participants_after, c.share_after) for c in changes]),
            change=round(sum(c.change or 0.0 for c in changes) / len(changes), 6),
        )
        for (procedure, subject), changes in groups.items()
    ]


def _chosen(templates: list[MeasureTemplate], risk_factors: list[int], category: str | None) -> list[MeasureTemplate]:
    """The library's measures for these risk factors or this category; all of them when neither is given."""
    if not risk_factors and category is None:
        return templates
    return [
        t
        for t in templates
        if (t.risk_factor is not None and t.risk_factor in risk_factors)
        or (category is not None and t.category == category)
    ]


def _rank_key(effects: dict[int, MeasureEffect]) -> Callable[[MeasureTemplate], tuple[int, float, int]]:
    def key(template: MeasureTemplate) -> tuple[int, float, int]:
        found = effects.get(template.id or 0)
        verdict = found.verdict if found else "not_applied"
        effect = found.effect if found and found.effect is not None and verdict == "lower" else 0.0
        return ORDER.index(verdict), effect, template.position

    return key


def ranked(rank: int, template: MeasureTemplate, found: MeasureEffect | None, report: EffectsReport) -> RankedMeasure:
    return RankedMeasure(
        rank=rank,
        template_id=template.id or 0,
        title=template.title,
        risk_factor=template.risk_factor,
        category=template.category,
        verdict=found.verdict if found else "not_applied",
        effect=found.effect if found else None,
        low=found.low if found else None,
        high=found.high if found else None,
        completed=found.completed if found else 0,
        compared_others=found.compared_others if found else 0,
        basis=basis(found, report),
    )


class EffectService:
    def __init__(self, session: Session, principal: Principal, identification: RemoteService) -> None:
        self.repository = EffectRepository(session, principal)
        self.identification = identification

    def report(self, school_year: str, municipality: str | None = None) -> EffectsReport:
        """Measures planned for the schools of year Y's list in year Y+1's plans, each with its comparison."""
        params = {"school_year": school_year} | ({"municipality": municipality} if municipality else {})
        outcomes = YearOutcomes.model_validate(self.identification.get("/api/identification/outcomes", params))
        templates = self.repository.templates()
        listed = {s.school_code for s in outcomes.schools}
        executions = self.repository.executions(outcomes.next_school_year, templates, listed)
        planned = {e.template_id for e in executions}
        return EffectsReport(
            school_year=outcomes.school_year,
            next_school_year=outcomes.next_school_year,
            method=METHOD,
            min_schools=MIN_SCHOOLS,
            outcomes=outcomes.counts,
            measures=[measure_effect(t, outcomes, executions) for t in templates if t.id in planned],
            subjects=subject_summaries(outcomes),
        )

    def ranking(
        self, school_year: str, risk_factors: list[int], category: str | None, municipality: str | None = None
    ) -> MeasureRanking:
        """The library's measures for these risk factors (or this category), ordered by the year's evidence."""
        report = self.report(school_year, municipality)
        effects = {m.template_id: m for m in report.measures}
        chosen = sorted(_chosen(self.repository.templates(), risk_factors, category), key=_rank_key(effects))
        return MeasureRanking(
            school_year=report.school_year,
            next_school_year=report.next_school_year,
            method=report.method,
            measures=[ranked(i, t, effects.get(t.id or 0), report) for i, t in enumerate(chosen, start=1)],
        )
