"""The analytical note's data: which run states the list for a territory and year, its schools with the key
figure of each decision next to the municipal and regional value, the year before, the figures by year, the
aggregates, the data sources, the 500+ factors, staffing and social indicators, objectivity flags and the
methodology in words. One answer, one meaning: the reports service only lays it out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from statistics import fmean
from typing import Any

from sqlmodel import Session

from services.identification.competence.service import CompetenceService
from services.identification.indicators.models import (
    AssessmentResult,
    RiskLevel,
    SocialIndicator,
    StaffingIndicator,
)
from services.identification.runs.models import IdentificationRun, RunSchool
from services.identification.runs.service import rule_label
from services.identification.vocabulary import Category
from services.shared.contracts.identification_note import (
    Aggregate,
    CategoryMovement,
    FlagCount,
    IdentificationNote,
    IndicatorComparison,
    MovedSchool,
    NoteAggregates,
    NoteComparison,
    NoteMethodology,
    NoteRun,
    NoteSchool,
    NoteSources,
    NoteTerritory,
    ProcedureYear,
    RiskFactorCount,
    RuleFigure,
    SchoolCompetence,
    StaffingFactor,
    YearFigures,
)
from services.shared.errors import NotFound, OporaError, OutOfScope
from services.shared.school_year import shift_school_year
from services.shared.security import Principal, ScopeKind

from . import criteria
from .figures import (
    KEY_FIGURES,
    change_text,
    figure_said,
    for_year,
    in_sentence,
    in_year,
    key_value,
    mean,
    no_break,
    value_text,
)
from .repository import CurrentRows, NoteRepository

CATEGORY_ORDER = (Category.low_results, Category.unfavourable_social, Category.risk_zone, Category.effective)
RISK_CATEGORIES = criteria.RISK_CATEGORIES
TREND_YEARS = 5
TOP_FACTORS = 10
FLAG_LABELS = {
    "vpr_lowered": "Отметки ВПР ниже отметок за период",
    "vpr_raised": "Отметки ВПР выше отметок за период",
    "above_regional_mean": "Результаты ВПР намного выше среднего по региону в неселективной школе",
}
SOCIAL = (
    ("parents_higher_education_share", "Доля детей, оба родителя которых имеют высшее образование"),
    ("unemployed_parents_share", "Доля детей с неработающими родителями"),
    ("deviant_behaviour_share", "Доля обучающихся с девиантным поведением"),
    ("non_native_russian_share", "Доля обучающихся, для которых русский язык не родной"),
)
STAFFING = (
    ("teachers_over_60_share", "Доля педагогов старше 60 лет", "share"),
    ("teachers_higher_category_share", "Доля педагогов высшей категории", "share"),
    ("vacancies", "Вакансий на школу", "score"),
)
STAFFING_FACTORS = (2, 3, 5)
"""The staffing-related 500+ factors: «Дефицит педагогических кадров», «Недостаточная предметная и методическая
компетентность педагогических работников», «Несформированность внутришкольной системы повышения квалификации»."""


def _dedupe(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))


def _aggregate(code: str, name: str, rows: list[RunSchool]) -> Aggregate:
    counts = Counter(c for r in rows for c in r.final_categories)
    return Aggregate(
        code=code,
        name=name,
        schools=len(rows),
        categories={c.value: counts.get(c.value, 0) for c in CATEGORY_ORDER},
        insufficient_data=sum(not r.final_categories for r in rows),
        mean_fail_share=mean([r.fail_share for r in rows]),
    )


def _renamed(before: RunSchool, now: RunSchool, previous_year: str) -> str:
    """A school that left a category named as it is named now (as the lists and the appendix of the note name it),
    its name of the year before said beside when it was renamed: «МАОУ «Лицей № 3» (в 2022-2023 учебном году —
    МБОУ «СОШ № 3»)», never only a name the head finds nowhere else in the note."""
    was, name = before.school_name.strip(), now.school_name.strip()
    return f"{name} ({in_year(previous_year)} — {was})" if was and name and was != name else now.school_name


def _moved_in(before: tuple[RunSchool, str] | None, category: str, previous_year: str, reason: str) -> str:
    """The reason of a school that entered a municipality's list, led, when it came from another municipality where
    it was in the same category a year before, by where it was: «Перешла из другого муниципалитета (Хвойнинский
    муниципальный район), где в 2022-2023 учебном году входила в ту же категорию; доля участников …»."""
    if before is None or category not in before[0].final_categories:
        return reason
    where = f"Перешла из другого муниципалитета ({before[1]}), где {in_year(previous_year)} входила в ту же категорию"
    return f"{where}; {in_sentence(reason)}"


def _moved_out(now: tuple[RunSchool, str], category: str, school_year: str) -> str:
    """Why a school of the territory's list a year before is on it no more when it is now in another municipality
    of the region: it moved there, said with what it is there this year («перешла в другой муниципалитет (Северный
    район), где в 2023-2024 учебном году входит в ту же категорию»), never «решение не принято»."""
    row, where = now
    said = f"перешла в другой муниципалитет ({where})"
    if category in row.final_categories:
        return f"{said}, где {in_year(school_year)} входит в ту же категорию"
    if not row.final_categories:
        return f"{said}; решение о её категории там {in_year(school_year)} не принято"
    return f"{said}, где {in_year(school_year)} в эту категорию не входит"


def pick_run(runs: list[IdentificationRun], territory_kind: str) -> IdentificationRun | None:
    """The run stating the list among the runs covering a territory (latest first): an approved run before a
    computed one, then the one closest to the territory (its own, then its region's, then an all-territory
    run), then the latest. Without an approved run, the latest computation — labelled as not approved."""

    def key(run: IdentificationRun) -> tuple[bool, int]:
        closeness = {"municipality": 0, "region": 0 if territory_kind == "region" else 1}.get(run.territory_kind, 2)
        return run.status != "approved", closeness

    best: IdentificationRun | None = None
    for run in runs:  # a strictly better key replaces: among equals the latest stays
        if best is None or key(run) < key(best):
            best = run
    return best


class NoteService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repository = NoteRepository(session)

    # --- the territory and the run ----------------------------------------------------------------------

    def _default_code(self) -> str:
        """Without a code: the caller's own territory, or the only region there is."""
        scope = self.principal.scope
        if scope.kind == ScopeKind.municipality:
            return scope.municipality or ""
        if scope.kind == ScopeKind.region:
            return scope.region or ""
        regions = self.repository.regions()
        if len(regions) != 1:
            raise OporaError(
                "Укажите территорию справки: код региона или муниципалитета",
                code="territory_required",
                status_code=422,
            )
        return regions[0].code

    def territory(self, code: str | None) -> tuple[NoteTerritory, dict[str, str]]:
        """The note's territory within the caller's scope, and every municipality of its region."""
        scope = self.principal.scope
        if scope.kind == ScopeKind.schools:
            raise OutOfScope("Аналитическая справка составляется по территории: она доступна органам управления")
        if code is None:
            code = self._default_code()
        region = self.repository.region(code or "")
        if region is not None:
            if not (scope.kind == ScopeKind.all or (scope.kind == ScopeKind.region and scope.region == region.code)):
                raise OutOfScope("Регион находится вне вашей территории")
            names = self.repository.municipalities(region.id or 0)
            territory = NoteTerritory(
                kind="region",
                code=region.code,
                name=region.name,
                region_code=region.code,
                region_name=region.name,
                municipalities=names,
            )
            return territory, names
        found = self.repository.municipality(code or "")
        if found is None:
            raise NotFound(f"Территория с кодом «{code}» не найдена", code="unknown_territory")
        municipality, region = found
        if not scope.covers(region.code, municipality.code):
            raise OutOfScope("Муниципалитет находится вне вашей территории")
        territory = NoteTerritory(
            kind="municipality",
            code=municipality.code,
            name=municipality.name,
            region_code=region.code,
            region_name=region.name,
            municipalities={municipality.code: municipality.name},
        )
        return territory, self.repository.municipalities(region.id or 0)

    def choose_run(self, school_year: str, territory: NoteTerritory) -> IdentificationRun:
        municipality = territory.code if territory.kind == "municipality" else None
        chosen = pick_run(
            self.repository.runs_covering(school_year, territory.region_code, municipality), territory.kind
        )
        if chosen is None:
            raise NotFound(
                f"За {school_year} учебный год по территории «{territory.name}» идентификация не проводилась",
                code="no_identification_run",
            )
        return chosen

    # --- the note ---------------------------------------------------------------------------------------

    def note(self, school_year: str, territory_code: str | None) -> IdentificationNote:
        territory, region_names = self.territory(territory_code)
        run = self.choose_run(school_year, territory)
        codes = list(territory.municipalities)
        rows = self.repository.run_rows(run.id or 0, codes)
        region_rows = {  # the territory's own schools only from the chosen run: its totals are of this list
            code: row
            for code, (row, _) in self.repository.current_rows(school_year, region_names).items()
            if row.municipality_code not in territory.municipalities
        }
        region_rows.update({row.school_code: row for row in rows})
        schools = self.repository.schools(codes)
        names = {school.id: school for school, _ in schools}
        means = self._means(list(region_rows.values()))
        reasons = self.repository.override_reasons(run.id or 0)
        threshold = float(run.rules.get("fail_share_30", {}).get("threshold", 0.3))
        counts = Counter(c for r in rows for c in r.final_categories)
        note_schools = [
            self._school(row, territory.municipalities, means, reasons, names.get(row.school_id)) for row in rows
        ]
        self._staff(school_year, rows, note_schools)
        return IdentificationNote(
            school_year=school_year,
            territory=territory,
            run=NoteRun(
                run_id=run.id or 0,
                school_year=run.school_year,
                approved=run.status == "approved",
                order_number=run.order_number,
                order_date=run.order_date,
                computed_on=run.created_at.date(),
                covers="territory" if run.territory_kind == territory.kind else "region",
            ),
            methodology=NoteMethodology(
                name=run.methodology_label.rsplit(", версия ", 1)[0],
                version=self._version(run),
                criteria=criteria.criteria(run.rules),
                parameters=criteria.parameters(run.rules),
                combine=criteria.combine_text(run.rules),
            ),
            threshold=threshold,
            counts={
                **{c.value: counts.get(c.value, 0) for c in CATEGORY_ORDER},
                "insufficient_data": sum(not r.final_categories for r in rows),
            },
            schools=note_schools,
            comparison=self._comparison(school_year, rows, territory, region_names),
            years=self._years(school_year, rows, codes, threshold, run),
            aggregates=self._aggregates(territory, region_names, list(region_rows.values()), rows),
            sources=self._sources(school_year, [s.id or 0 for s, _ in schools], len(rows)),
            risk_factors=self._risk_factors(school_year, rows),
            indicators=self._indicators(school_year, rows),
            objectivity=self._objectivity(rows),
        )

    @staticmethod
    def _version(run: IdentificationRun) -> int:
        tail = run.methodology_label.rsplit(", версия ", 1)
        return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 1

    # --- schools and their figures ---------------------------------------------------------------------------

    @staticmethod
    def _means(rows: list[RunSchool]) -> dict[tuple[str, str | None], float | None]:
        """The mean key figure of each rule per municipality (rule, code) and over the region (rule, None)."""
        values: dict[tuple[str, str | None], list[float | None]] = {}
        for row in rows:
            for rule_id in KEY_FIGURES:
                value = key_value(rule_id, row.rules.get(rule_id, {}))
                values.setdefault((rule_id, row.municipality_code), []).append(value)
                values.setdefault((rule_id, None), []).append(value)
        return {key: mean(found) for key, found in values.items()}

    @staticmethod
    def _school(
        row: RunSchool,
        municipalities: dict[str, str],
        means: dict[tuple[str, str | None], float | None],
        reasons: dict[int, str],
        school: Any,
    ) -> NoteSchool:
        fired = []
        for rule_id, outcome in row.rules.items():
            category = outcome.get("category")
            if outcome.get("outcome") != "fired" or not category or rule_id not in KEY_FIGURES:
                continue
            key = KEY_FIGURES[rule_id]
            fired.append(
                RuleFigure(
                    rule=rule_id,
                    label=rule_label(rule_id),
                    category=str(category),
                    reason=no_break(str(outcome.get("reason", ""))),  # a no-break space before «%», as in the note
                    figure_label=key.label,
                    unit=key.unit,
                    value=key_value(rule_id, outcome),
                    municipal_value=means.get((rule_id, row.municipality_code)),
                    regional_value=means.get((rule_id, None)),
                )
            )
        return NoteSchool(
            school_code=row.school_code,
            school_name=row.school_name,
            municipality_code=row.municipality_code,
            municipality_name=municipalities.get(row.municipality_code, row.municipality_code),
            categories=list(row.final_categories),
            computed_categories=list(row.categories),
            overridden=row.overridden,
            override_reason=reasons.get(row.school_id) if row.overridden else None,
            insufficient_data=row.insufficient_data,
            fail_share=row.fail_share,
            risk_count=row.risk_count,
            trend=row.trend,
            fired=fired,
            warnings=_dedupe([no_break(str(w.get("detail", ""))) for w in row.warnings]),
            objectivity=_dedupe([no_break(str(f.get("detail", ""))) for f in row.objectivity_flags]),
            roles=list(school.roles) if school is not None else [],
        )

    # --- the year before and the years --------------------------------------------------------------------

    @staticmethod
    def _entered_reason(row: RunSchool, category: str, school_year: str) -> str:
        """Why a school entered a category: each rule that put it there, with what its key figure is and its year
        («Результаты вблизи порога: доля ниже минимального порога 25 % в 2024-2025 учебном году»)."""
        if row.overridden and category not in row.categories:
            return "экспертная корректировка"
        parts: list[str] = []
        for rule_id, outcome in row.rules.items():
            if outcome.get("outcome") == "fired" and outcome.get("category") == category and rule_id in KEY_FIGURES:
                key = KEY_FIGURES[rule_id]
                value = key_value(rule_id, outcome)
                label = rule_label(rule_id) if not parts else in_sentence(rule_label(rule_id))
                figure = figure_said(label, key, f"{value_text(value, key.unit)} {in_year(school_year)}")
                parts.append(f"{label}: {figure}" if value is not None else label)
        return "; ".join(parts) or "по расчёту"

    @staticmethod
    def _left_reason(before: RunSchool, now: RunSchool | None, category: str, years: tuple[str, str]) -> str:
        """Why a school left a category: per rule that put it there, its key figure a year before and now, each
        with its year (`figures.change_text`)."""
        if now is None:
            return f"школа не вошла в расчёт {for_year(years[1])}"
        if now.overridden and category in now.categories:
            return "экспертная корректировка"
        parts = []
        for rule_id, outcome in before.rules.items():
            if outcome.get("outcome") != "fired" or outcome.get("category") != category or rule_id not in KEY_FIGURES:
                continue
            key = KEY_FIGURES[rule_id]
            current = now.rules.get(rule_id, {})
            parts.append(
                change_text(
                    rule_label(rule_id), key, key_value(rule_id, outcome), current, key_value(rule_id, current), years
                )
            )
        if not parts:
            return "условия категории не выполняются"
        return ("не выполняется: " if len(parts) == 1 else "не выполняются: ") + "; ".join(parts)

    def _comparison(
        self, school_year: str, rows: list[RunSchool], territory: NoteTerritory, region_names: dict[str, str]
    ) -> NoteComparison:
        previous_year = shift_school_year(school_year, -1)
        previous = self.repository.current_rows(previous_year, territory.municipalities)
        others = [code for code in region_names if code not in territory.municipalities]
        elsewhere = {  # this year's schools of the territory that a year before were in another municipality
            code: (row, region_names.get(row.municipality_code, row.municipality_code))
            for code, (row, _) in (self.repository.current_rows(previous_year, others) if others else {}).items()
            if code in {r.school_code for r in rows}
        }
        gone = {  # the territory's schools of the year before that are now in another municipality of the region
            code: (row, region_names.get(row.municipality_code, row.municipality_code))
            for code, (row, _) in (self.repository.current_rows(school_year, others) if others else {}).items()
            if code in previous and code not in {r.school_code for r in rows}
        }
        runs = {run.id: run for _, run in previous.values()}
        approved = all(run.status == "approved" for run in runs.values()) if runs else None
        ordered = sorted(runs.values(), key=lambda run: (run.status != "approved", -(run.id or 0)))
        basis = ordered[0] if ordered and ordered[0].status == "approved" else None
        now = {row.school_code: row for row in rows}
        movements, moved = [], []
        for category in CATEGORY_ORDER:
            movement, schools = self._category_movement(
                category, previous, now, territory, (previous_year, school_year), elsewhere, gone
            )
            movements.append(movement)
            moved.extend(schools)
        return NoteComparison(
            previous_year=previous_year,
            previous_approved=approved if previous else None,
            previous_order_number=basis.order_number if basis else None,
            previous_order_date=basis.order_date if basis else None,
            categories=movements,
            schools=moved,
        )

    def _category_movement(
        self,
        category: Category,
        previous: CurrentRows,
        now: dict[str, RunSchool],
        territory: NoteTerritory,
        years: tuple[str, str],
        elsewhere: Mapping[str, tuple[RunSchool, str]] | None = None,
        gone: Mapping[str, tuple[RunSchool, str]] | None = None,
    ) -> tuple[CategoryMovement, list[MovedSchool]]:
        """How many schools of a category were there a year before, entered, left, stayed; and who moved
        with why (not for the effective mode). A school of the category a year before without a decision this year
        (no category: its data did not suffice, or it is not in this year's run) has not left it: its status is
        undetermined, counted in `before` but neither in `left` nor in `stayed` (before = left + stayed + the
        undetermined), and it is no mover. A school that entered the territory's list from another municipality
        (`elsewhere`: its row of the year before and that municipality's name) where it was in the category
        already is said so, never read as a school newly at risk. A school of the category a year before that is now
        in another municipality of the region (`gone`: its row of this year and that municipality's name) left the
        territory's list: it moved, and is said so."""
        before = {code for code, (row, _) in previous.items() if category in row.final_categories}
        decided = {code for code, row in now.items() if row.final_categories}
        after = {code for code, row in now.items() if category in row.final_categories}
        entered, left = sorted(after - before), sorted((before - after) & decided)
        moved_out = sorted((before & set(gone or {})) - set(now))
        movement = CategoryMovement(
            category=category,
            before=len(before),
            entered=len(entered),
            left=len(left) + len(moved_out),
            stayed=len(before & after),
            after=len(after),
        )
        if category == Category.effective:
            return movement, []
        moved = [
            self._moved(
                category,
                "entered",
                now[code],
                territory,
                _moved_in(
                    (elsewhere or {}).get(code), category, years[0], self._entered_reason(now[code], category, years[1])
                ),
            )
            for code in entered
        ]
        for code in left:
            row = previous[code][0]
            reason = self._left_reason(row, now.get(code), category, years)
            moved.append(
                self._moved(category, "left", now[code], territory, reason, _renamed(row, now[code], years[0]))
            )
        for code in moved_out:
            there = (gone or {})[code]
            mover = self._moved(category, "left", there[0], territory, _moved_out(there, category, years[1]),
                                _renamed(previous[code][0], there[0], years[0]))  # fmt: skip
            moved.append(mover.model_copy(update={"municipality_name": there[1]}))
        return movement, moved

    @staticmethod
    def _moved(
        category: str, movement: str, row: RunSchool, territory: NoteTerritory, reason: str, name: str | None = None
    ) -> MovedSchool:
        """A mover as this year's row names it and places it (a school that left a category: in the municipality it
        is in now, `name` with its name of the year before when renamed)."""
        return MovedSchool.model_validate(
            {
                "category": category,
                "movement": movement,
                "school_code": row.school_code,
                "school_name": row.school_name if name is None else name,
                "municipality_name": territory.municipalities.get(row.municipality_code, row.municipality_code),
                "reason": reason,
            }
        )

    def _years(
        self, school_year: str, rows: list[RunSchool], codes: list[str], threshold: float, run: IdentificationRun
    ) -> list[YearFigures]:
        figures = []
        for year in self.repository.run_years(codes, school_year)[-TREND_YEARS:]:
            if year == school_year:
                year_rows, approved = rows, run.status == "approved"
            else:
                current: CurrentRows = self.repository.current_rows(year, codes)
                year_rows = [row for row, _ in current.values()]
                approved = all(r.status == "approved" for _, r in current.values())
            shares = [r.fail_share for r in year_rows if r.fail_share is not None]
            counts = Counter(c for r in year_rows for c in r.final_categories)
            figures.append(
                YearFigures(
                    school_year=year,
                    approved=approved,
                    schools=len(year_rows),
                    categories={c.value: counts.get(c.value, 0) for c in CATEGORY_ORDER},
                    insufficient_data=sum(not r.final_categories for r in year_rows),
                    mean_fail_share=fmean(shares) if shares else None,
                    over_threshold_share=sum(s >= threshold - 1e-9 for s in shares) / len(shares) if shares else None,
                )
            )
        return figures

    # --- aggregates and sources -------------------------------------------------------------------------------

    @staticmethod
    def _aggregates(
        territory: NoteTerritory, region_names: dict[str, str], region_rows: list[RunSchool], rows: list[RunSchool]
    ) -> NoteAggregates:
        by_municipality: dict[str, list[RunSchool]] = {code: [] for code in region_names}
        for row in region_rows:
            by_municipality.setdefault(row.municipality_code, []).append(row)
        municipalities = [
            _aggregate(code, region_names.get(code, code), members) for code, members in by_municipality.items()
        ]
        rank = None
        if territory.kind == "municipality":
            shares = {a.code: a.categories[Category.low_results] / a.schools for a in municipalities if a.schools}
            own = shares.get(territory.code)
            rank = 1 + sum(share > own for share in shares.values()) if own is not None else None
        return NoteAggregates(
            territory=_aggregate(territory.code, territory.name, rows),
            region=_aggregate(territory.region_code, territory.region_name, region_rows),
            municipalities=municipalities,
            rank=rank,
        )

    def _sources(self, school_year: str, school_ids: list[int], in_run: int) -> NoteSources:
        years = [shift_school_year(school_year, -2), shift_school_year(school_year, -1), school_year]
        procedures = self.repository.procedures(school_ids, years)
        return NoteSources(
            procedures=[
                ProcedureYear(procedure=p, school_year=y, participants=n, schools=s) for p, y, n, s in procedures
            ],
            schools_total=len(school_ids),
            schools_in_run=in_run,
            # the schools with any result of the year: ВПР of two schools and ОГЭ of a third are results of three
            schools_with_results=self.repository.schools_with(AssessmentResult, school_ids, school_year),
            risk_profile_schools=self.repository.schools_with(RiskLevel, school_ids, school_year),
            social_schools=self.repository.schools_with(SocialIndicator, school_ids, school_year),
            staffing_schools=self.repository.schools_with(StaffingIndicator, school_ids, school_year),
            objectivity_schools=self.repository.objectivity_schools(school_ids, school_year),
        )

    # --- causes -------------------------------------------------------------------------------------------

    @staticmethod
    def _identified(rows: list[RunSchool]) -> list[RunSchool]:
        return [r for r in rows if any(c in r.final_categories for c in RISK_CATEGORIES)]

    def _staff(self, school_year: str, rows: list[RunSchool], schools: list[NoteSchool]) -> None:
        """Beside each school of the risk group: its teachers' deficits from the latest diagnosis that assessed
        them, and the staffing-related 500+ factors set for it in the year."""
        identified = self._identified(rows)
        if not identified:
            return
        by_code = {s.school_code: s for s in schools}
        names = self.repository.risk_factor_names(school_year)
        ids = {r.school_id: r.school_code for r in identified}
        for school_id, factor, level in sorted(self.repository.risk_levels(list(ids), school_year)):
            if factor in STAFFING_FACTORS:
                by_code[ids[school_id]].staffing_factors.append(
                    StaffingFactor.model_validate(
                        {"number": factor, "name": names.get(factor, f"Фактор риска {factor}"), "level": level}
                    )
                )
        for code, competence in self._competences(set(ids.values())).items():
            by_code[code].competence = competence

    def _competences(self, wanted: set[str]) -> dict[str, SchoolCompetence]:
        """Each school's group in the latest campaign (of those the caller sees) that assessed its teachers."""
        competence = CompetenceService(self.session, self.principal)
        found: dict[str, SchoolCompetence] = {}
        for campaign in competence.repository.campaigns():
            if not (wanted - set(found)) & set(campaign.school_codes):
                continue
            results = competence.results(campaign.id or 0)
            for group in results.schools:
                if group.school_code in wanted and group.school_code not in found and group.teachers:
                    found[group.school_code] = SchoolCompetence(
                        campaign_title=campaign.title,
                        stage_label=results.campaign.stage_label,
                        held_on=campaign.held_on,
                        teachers=group.teachers,
                        deficits=group.deficits,
                    )
        return found

    def _risk_factors(self, school_year: str, rows: list[RunSchool]) -> list[RiskFactorCount]:
        identified = [r.school_id for r in self._identified(rows)]
        levels = self.repository.risk_levels(identified, school_year) if identified else []
        names = self.repository.risk_factor_names(school_year)
        counted: dict[int, Counter[str]] = {}
        for _, factor, level in levels:
            counted.setdefault(factor, Counter())[level] += 1
        ranked = sorted(counted.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:TOP_FACTORS]
        return [
            RiskFactorCount(
                number=factor,
                name=names.get(factor, f"Фактор риска {factor}"),
                high=levels_of["high"],
                medium=levels_of["medium"],
                schools=sum(levels_of.values()),
            )
            for factor, levels_of in ranked
        ]

    def _indicators(self, school_year: str, rows: list[RunSchool]) -> list[IndicatorComparison]:
        identified = {r.school_id for r in self._identified(rows)}
        ids = [r.school_id for r in rows]
        social = self.repository.social(ids, school_year)
        staffing = self.repository.staffing(ids, school_year)
        found: list[IndicatorComparison] = []

        def compare(label: str, unit: Any, values: list[tuple[int, float | None]]) -> None:
            inside = [v for school, v in values if school in identified and v is not None]
            outside = [v for school, v in values if school not in identified and v is not None]
            if inside or outside:
                found.append(
                    IndicatorComparison(
                        label=label,
                        unit=unit,
                        identified=fmean(inside) if inside else None,
                        others=fmean(outside) if outside else None,
                        schools=len(inside),
                    )
                )

        for key, label, unit in STAFFING:
            compare(label, unit, [(s.school_id, getattr(s, key)) for s in staffing])
        for key, label in SOCIAL:
            compare(label, "share", [(s.school_id, getattr(s, key)) for s in social])
        return found

    @staticmethod
    def _objectivity(rows: list[RunSchool]) -> list[FlagCount]:
        counted: Counter[str] = Counter()
        for row in rows:
            counted.update({str(flag.get("code")) for flag in row.objectivity_flags})
        return [
            FlagCount(code=code, label=FLAG_LABELS.get(code, "Признак необъективности"), schools=count)
            for code, count in counted.most_common()
        ]
