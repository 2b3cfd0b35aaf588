"""The outcome of a school year: for each school on the approved list of year Y, where it stood in Y+1.

Read from identification's own runs of both years: in Y the latest approved run of each school (the agreed list);
in Y+1 the latest approved run, else the latest computed one (superseded runs never count). Only risk
categories count as being on the list; «эффективный режим» is not a risk.
"""

from __future__ import annotations

from sqlmodel import Session

from services.identification.outcomes.repository import OutcomeRepository, SubjectKey
from services.identification.runs.models import IdentificationRun, RunSchool
from services.identification.runs.repository import RunRepository
from services.identification.runs.service import rule_label
from services.shared.contracts.outcomes import RuleOutcome, SchoolOutcome, SubjectChange, YearOutcomes
from services.shared.school_year import shift_school_year
from services.shared.security import Principal
from services.shared.vocabulary import SUBJECTS, Category

RISK_CATEGORIES = (Category.low_results.value, Category.unfavourable_social.value, Category.risk_zone.value)
OUTCOME_LABELS = {
    "left": "вышла из категорий риска",
    "stayed": "осталась в тех же категориях",
    "moved": "сменила категорию риска",
    "unknown": "нет данных за следующий год",
}


PROCEDURE_ORDER = ("ВПР", "ОГЭ", "ЕГЭ", "ГВЭ", "РПР")


def _share(counts: tuple[int, int] | None) -> float | None:
    return None if counts is None else round(counts[1] / counts[0], 6)


def subject_changes(
    school_id: int, years: tuple[str, str], counts: dict[SubjectKey, tuple[int, int]]
) -> list[SubjectChange]:
    """The school's procedures and subjects with results in either year, ВПР, ОГЭ, ЕГЭ first."""
    before, after = years
    pairs = sorted(
        {(p, s) for (school, _, p, s) in counts if school == school_id},
        key=lambda ps: (PROCEDURE_ORDER.index(ps[0]) if ps[0] in PROCEDURE_ORDER else len(PROCEDURE_ORDER), ps),
    )
    changes = []
    for procedure, subject in pairs:
        was = counts.get((school_id, before, procedure, subject))
        now = counts.get((school_id, after, procedure, subject))
        share_before, share_after = _share(was), _share(now)
        changes.append(
            SubjectChange(
                procedure=procedure,
                subject=subject,
                subject_label=SUBJECTS.get(subject, subject),
                participants_before=was[0] if was else None,
                share_before=share_before,
                participants_after=now[0] if now else None,
                share_after=share_after,
                change=_change(share_before, share_after),
            )
        )
    return changes


def risks(categories: list[str] | None) -> list[str]:
    return [c for c in RISK_CATEGORIES if c in (categories or [])]


def latest_rows(rows: list[tuple[RunSchool, IdentificationRun]], approved_only: bool) -> dict[str, RunSchool]:
    """Per school code, the row that states its status: the latest approved run's, else the latest computed."""
    chosen: dict[str, tuple[int, RunSchool]] = {}
    for row, run in rows:  # oldest run first, so a later one replaces an earlier one of the same rank
        rank = {"approved": 0, "computed": 1}.get(run.status)
        if rank is None or (approved_only and rank != 0):
            continue
        held = chosen.get(row.school_code)
        if held is None or rank <= held[0]:
            chosen[row.school_code] = (rank, row)
    return {code: row for code, (_, row) in chosen.items()}


def classify(before: list[str], after: RunSchool | None) -> str:
    if after is None or after.insufficient_data:
        return "unknown"
    now = risks(after.final_categories)
    if not now:
        return "left"
    return "stayed" if set(now) == set(before) else "moved"


def _change(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 6)


def school_outcome(before: RunSchool, after: RunSchool | None, run_statuses: dict[int, str]) -> SchoolOutcome:
    categories = risks(before.final_categories)
    outcome = classify(categories, after)
    rules = [
        RuleOutcome(
            id=rule_id,
            label=rule_label(rule_id),
            category=figures.get("category"),
            before="fired",
            after=None if after is None else str(after.rules.get(rule_id, {}).get("outcome", "disabled")),
        )
        for rule_id, figures in before.rules.items()
        if figures.get("outcome") == "fired" and figures.get("category") in RISK_CATEGORIES
    ]
    return SchoolOutcome(
        school_code=before.school_code,
        school_name=before.school_name,
        municipality_code=before.municipality_code,
        outcome=outcome,
        outcome_label=OUTCOME_LABELS[outcome],
        categories_before=categories,
        categories_after=None if after is None else risks(after.final_categories),
        source_after=None if after is None else run_statuses[after.run_id],
        run_before=before.run_id,
        run_after=None if after is None else after.run_id,
        fail_share_before=before.fail_share,
        fail_share_after=None if after is None else after.fail_share,
        fail_share_change=None if after is None else _change(before.fail_share, after.fail_share),
        risk_count_before=before.risk_count,
        risk_count_after=None if after is None else after.risk_count,
        rules=rules,
    )


class OutcomeService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.repository = RunRepository(session, principal)
        self.results = OutcomeRepository(session)

    def year(self, school_year: str, municipality: str | None = None) -> YearOutcomes:
        """Every school of the caller's that was on year Y's approved list, with its outcome in Y+1."""
        self.repository.registry.check_municipality_filter(municipality)  # a region's code too: 422
        if municipality is not None:
            self.repository.territory(municipality)  # 422 for an unknown code, 403 outside the caller's territory
        next_year = shift_school_year(school_year, 1)
        rows = self.repository.year_rows(school_year)
        later = self.repository.year_rows(next_year)
        statuses = {run.id: run.status for _, run in later if run.id is not None}
        after = latest_rows(later, approved_only=False)
        schools = [
            school_outcome(row, after.get(code), statuses)
            for code, row in sorted(
                latest_rows(rows, approved_only=True).items(), key=lambda item: (item[1].municipality_code, item[0])
            )
            if risks(row.final_categories) and (municipality is None or row.municipality_code == municipality)
        ]
        ids = {row.school_code: row.school_id for row, _ in rows}
        figures = self.results.subject_counts(sorted(set(ids.values())), [school_year, next_year])
        for school in schools:
            school.subjects = subject_changes(ids[school.school_code], (school_year, next_year), figures)
        counts = {key: sum(s.outcome == key for s in schools) for key in OUTCOME_LABELS}
        return YearOutcomes(school_year=school_year, next_school_year=next_year, counts=counts, schools=schools)
