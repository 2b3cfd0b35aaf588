"""Dashboard figures for a territory and school year: categories per municipality, the status × change grid."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlmodel import Session, col, select

from services.identification.indicators.models import AssessmentResult
from services.identification.registry.models import Municipality, School
from services.identification.runs.repository import RunRepository
from services.identification.runs.schemas import Dashboard, MissingData, MunicipalityFigures
from services.identification.runs.service import RunService, rule_label, run_read
from services.identification.vocabulary import CATEGORY_LABELS, Category
from services.shared.security import Principal, ScopeKind

STATUS_ORDER = (Category.low_results, Category.unfavourable_social, Category.risk_zone, Category.effective)
STATUS_TREND_NOTE = (
    "Одна строка на школу: школа учтена один раз, по самой тяжёлой из её категорий (ШНОР, затем ШНСУ, "
    "зона риска, эффективный режим). Карточки категорий считают школу в каждой её категории, "
    "поэтому их сумма больше числа школ."
)


def missing_data(rows: list[dict[str, Any]]) -> list[MissingData]:
    """Rules left undecided for want of data: how many schools each, and the reason given for one of them."""
    counts: Counter[str] = Counter()
    reasons: dict[str, str] = {}
    for rules in rows:
        for rule_id, outcome in rules.items():
            if outcome.get("outcome") == "insufficient_data":
                counts[rule_id] += 1
                reasons.setdefault(rule_id, str(outcome.get("reason", "")))
    return [
        MissingData(rule_id=rule_id, rule_label=rule_label(rule_id), schools=count, reason=reasons[rule_id])
        for rule_id, count in counts.most_common()
    ]


def main_status(categories: list[str], insufficient_data: bool) -> str:
    """The status a grid row shows: the gravest category, else "insufficient_data"."""
    for category in STATUS_ORDER:
        if category in categories:
            return category.value
    return "insufficient_data" if insufficient_data else "not_identified"


class DashboardService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.repository = RunRepository(session, principal)

    def _schools(self, municipality: str | None) -> list[tuple[int, str, str, str]]:
        statement = self.repository.registry.scoped_schools().with_only_columns(
            col(School.id), col(School.school_code), col(Municipality.code), col(Municipality.name)
        )
        if municipality:
            statement = statement.where(col(Municipality.code) == municipality)
        rows = self.session.execute(statement.where(col(School.is_active).is_(True))).all()
        return [(int(i), str(code), str(m_code), str(m_name)) for i, code, m_code, m_name in rows]

    def _with_results(self, school_year: str, school_ids: list[int]) -> set[int]:
        statement = (
            select(AssessmentResult.school_id)
            .where(AssessmentResult.school_year == school_year, col(AssessmentResult.school_id).in_(school_ids))
            .distinct()
        )
        return set(self.session.exec(statement).all())

    def dashboard(self, school_year: str, municipality: str | None) -> Dashboard:
        self.repository.registry.check_municipality_filter(municipality)  # a region's code too: 422
        if municipality is not None and self.repository.principal.scope.kind != ScopeKind.schools:
            self.repository.territory(municipality)  # 422 for an unknown code, 403 outside the caller's territory
        schools = self._schools(municipality)
        with_results = self._with_results(school_year, [s[0] for s in schools])
        current = RunService.current(self.repository.year_rows(school_year))
        figures: dict[str, MunicipalityFigures] = {}
        totals: Counter[str] = Counter()
        grid: dict[str, Counter[str]] = {}
        approved = {}
        undecided: list[dict[str, Any]] = []
        for school_id, code, municipality_code, municipality_name in schools:
            entry = figures.setdefault(
                municipality_code,
                MunicipalityFigures(
                    municipality_code=municipality_code,
                    municipality_name=municipality_name,
                    schools=0,
                    with_results=0,
                    categories={},
                    insufficient_data=0,
                    not_identified=0,
                ),
            )
            entry.schools += 1
            entry.with_results += school_id in with_results
            if code not in current:
                entry.not_identified += 1
                totals["not_identified"] += 1
                continue
            row, run = current[code]
            if run.status == "approved":
                approved[run.id] = run
            for category in row.final_categories:
                entry.categories[category] = entry.categories.get(category, 0) + 1
                totals[category] += 1
            entry.insufficient_data += row.insufficient_data
            totals["insufficient_data"] += row.insufficient_data
            if row.insufficient_data:
                undecided.append(row.rules)
            grid.setdefault(main_status(row.final_categories, row.insufficient_data), Counter())[row.trend] += 1
        return Dashboard(
            school_year=school_year,
            schools=len(schools),
            categories={c.value: totals[c.value] for c in Category},
            category_labels={str(c): label for c, label in CATEGORY_LABELS.items()},
            insufficient_data=totals["insufficient_data"],
            not_identified=totals["not_identified"],
            status_trend={status: dict(counts) for status, counts in grid.items()},
            status_trend_note=STATUS_TREND_NOTE,
            missing_data=missing_data(undecided),
            municipalities=sorted(figures.values(), key=lambda f: f.municipality_code),
            approved_runs=[run_read(run) for run in approved.values()],
        )


__all__ = ["DashboardService", "main_status"]
