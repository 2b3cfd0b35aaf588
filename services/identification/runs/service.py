"""Identification runs: compute every rule for every school of a territory, store the snapshot, let experts
adjust it with reasons, approve it as the agreed list, compare runs, and read a school's history."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from services.identification.db import AuditEvent
from services.identification.indicators.models import AssessmentResult, RiskLevel, VprObjectivity
from services.identification.methodology.engine import evaluate, required_years
from services.identification.methodology.explain import snapshot
from services.identification.methodology.models import Methodology
from services.identification.methodology.repository import MethodologyRepository
from services.identification.methodology.rules import RULES, MethodologyRules
from services.identification.runs.frames import load_engine_input
from services.identification.runs.models import IdentificationRun, RunOverride, RunSchool
from services.identification.runs.repository import RunRepository, Territory
from services.identification.runs.schemas import (
    AgreedSchool,
    Approval,
    CategoryChange,
    ComparedSchool,
    FiredRule,
    OverrideCreate,
    OverrideRead,
    RunComparison,
    RunCreate,
    RunRead,
    RunSchoolDetail,
    RunSchoolRead,
    SchoolHistory,
    SchoolStatus,
    SchoolYearData,
    SchoolYears,
    YearStatus,
)
from services.identification.vocabulary import CATEGORY_LABELS, Category
from services.shared import audit
from services.shared.db import advisory_lock
from services.shared.errors import Conflict, InvalidValue, NotFound, OutOfScope
from services.shared.pagination import Page, PageParams
from services.shared.pauses import pause_point
from services.shared.revisions import matches, stale_revision
from services.shared.school_year import current_school_year
from services.shared.security import Principal

RISK_CATEGORIES = (Category.low_results, Category.unfavourable_social, Category.risk_zone)


def release_memory() -> None:
    """Hand the heap that freed frames leave behind back to the operating system (glibc keeps it otherwise:
    about 190 MB of a 40,000-school run, which the facts and the snapshot would then pile on). A no-op where
    the C library has no `malloc_trim`."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def codes_of(categories: list[str]) -> str:
    return "," + ",".join(categories) + "," if categories else ""


def rule_label(rule_id: str) -> str:
    info = RULES.get(rule_id)
    return info.label if info else rule_id


def fired_rules(rules: dict[str, Any], category: str | None = None) -> list[FiredRule]:
    return [
        FiredRule(id=rule_id, label=rule_label(rule_id), category=o.get("category"), reason=str(o.get("reason", "")))
        for rule_id, o in rules.items()
        if o.get("outcome") == "fired" and o.get("category") and (category is None or o.get("category") == category)
    ]


def run_read(run: IdentificationRun, summary: dict[str, Any] | None = None) -> RunRead:
    return RunRead.model_validate(run.model_dump() | {"summary": summary or run.summary})


def school_read(row: RunSchool) -> RunSchoolRead:
    return RunSchoolRead.model_validate(row.fields() | {"fired_rules": fired_rules(row.rules)})


def summarise(rows: list[tuple[str, str, bool, int]]) -> dict[str, Any]:
    """Counts per final category, trend and data status from (final_codes, trend, insufficient, count) rows."""
    categories: Counter[str] = Counter()
    trends: Counter[str] = Counter()
    insufficient = total = 0
    for final_codes, trend, insufficient_data, count in rows:
        total += count
        trends[trend] += count
        insufficient += count if insufficient_data else 0
        for code in filter(None, final_codes.split(",")):
            categories[code] += count
    return {"schools": total, "categories": dict(categories), "trend": dict(trends), "insufficient_data": insufficient}


class RunService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repository = RunRepository(session, principal)

    # --- computing a run -------------------------------------------------------------------------------

    def _methodology(self, methodology_id: int | None, school_year: str) -> Methodology:
        repository = MethodologyRepository(self.session)
        return repository.get(methodology_id) if methodology_id is not None else repository.active(school_year)

    def _require_results(self, territory: Territory, school_year: str) -> None:
        if not self.repository.has_results(territory, school_year):
            raise InvalidValue(
                f"Нет результатов оценочных процедур за {school_year} учебный год по школам территории "
                f"«{territory.label}»: сначала загрузите данные",
                code="no_data_for_year",
                loc=["body", "school_year"],
            )

    def _read_one_snapshot(self) -> None:
        """On PostgreSQL the run reads everything from one snapshot (REPEATABLE READ, set before its first
        statement): an import that commits while the run reads its tables and frames is in all of them or in
        none (under READ COMMITTED each statement saw the latest commit: the results without the objectivity, or
        one school year's stored frame with the other year rebuilt from newer rows). The run only inserts its
        own rows; the one row it updates, the methodology it freezes, is a compare-and-set (`_freeze`). A session
        that has already begun (the demo loader's) keeps its own isolation."""
        if not self.session.in_transaction() and self.session.get_bind().dialect.name == "postgresql":
            self.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

    def _freeze(self, methodology: Methodology) -> None:
        """Freeze the version the run applied, unless someone changed it since the run read it: 409
        `methodology_changed` then, so a frozen version always holds the rules of the runs that used it."""
        changed = Conflict(
            "Версию методики изменили во время расчёта: повторите расчёт, он применит её новые параметры",
            code="methodology_changed",
        )
        methodologies = MethodologyRepository(self.session)
        try:
            with self.session.begin_nested():
                frozen = methodologies.freeze(methodology)
        except OperationalError as error:  # PostgreSQL: changed after the run's snapshot (40001) or a deadlock
            if getattr(error.orig, "sqlstate", None) not in ("40001", "40P01"):
                raise
            frozen = False
        if not frozen:
            if not methodologies.exists_now(methodology.id or 0):  # deleted meanwhile: as if deleted first
                raise NotFound("Методика не найдена", code="methodology_not_found")
            raise changed

    def create(self, data: RunCreate) -> IdentificationRun:
        started = time.perf_counter()
        self._read_one_snapshot()
        school_year = data.school_year
        territory = self.repository.territory(data.territory_id)
        self._require_results(territory, school_year)
        methodology = self._methodology(data.methodology_id, school_year)
        rules = MethodologyRules.model_validate(methodology.rules)
        years = required_years(rules, school_year)
        engine_input, schools = load_engine_input(self.session, territory.region_ids, territory.school_ids, years)
        evaluation = evaluate(engine_input, rules, school_year)
        del engine_input  # the raw frames (most of a large run's memory) are not read again
        release_memory()
        run = IdentificationRun(
            school_year=school_year,
            territory_kind=territory.kind,
            territory_code=territory.code,
            territory_label=territory.label,
            region_code=territory.region_code,
            municipality_code=territory.municipality_code,
            methodology_id=methodology.id or 0,
            methodology_label=f"{methodology.name}, версия {methodology.version}",
            rules=methodology.rules,
            summary={},
            created_by=self.principal.subject,
            created_by_name=self.principal.name,
        )
        self._freeze(methodology)
        self.session.add(run)
        self.session.flush()
        counts: Counter[tuple[str, str, bool]] = Counter()
        blocks: list[tuple[int, bytes]] = []
        rows = self._school_rows(run.id or 0, snapshot(evaluation), schools, counts, blocks)
        self.repository.insert_run_schools(rows)
        self.repository.insert_fact_blocks(run.id or 0, blocks)
        pause_point("run_rows_written")
        run.summary = summarise([(*key, count) for key, count in counts.items()])
        run.schools_count = sum(counts.values())
        run.duration_ms = int((time.perf_counter() - started) * 1000)
        self.session.add(run)
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "run",
            "identification_run",
            run.id or 0,
            after={"school_year": school_year, "territory": territory.label, "methodology_id": methodology.id},
        )
        return run

    def _school_rows(
        self,
        run_id: int,
        outcomes: Iterator[tuple[bytes, dict[str, list[Any]]]],
        schools: pd.DataFrame,
        counts: Counter[tuple[str, str, bool]],
        blocks: list[tuple[int, bytes]],
    ) -> Iterator[dict[str, Any]]:
        """The run's table rows, a block of schools at a time, so a region's rows are written as they are built
        and never all held at once; `counts` gathers (final codes, trend, insufficient data) for the summary,
        `blocks` the blocks of facts (by the position of their first school)."""
        by_code = schools.set_index("school_code")
        # One lookup per school: (id, name, municipality).
        known = dict(
            zip(
                by_code.index.tolist(),
                zip(
                    by_code["id"].tolist(),
                    by_code["short_name"].tolist(),
                    by_code["municipality_code"].tolist(),
                    strict=True,
                ),
                strict=True,
            )
        )
        position = 0
        for block, columns in outcomes:
            blocks.append((position, block))
            for outcome in zip(*columns.values(), strict=True):
                yield self._school_row(run_id, outcome, position, known, counts)
                position += 1

    @staticmethod
    def _school_row(
        run_id: int,
        outcome: tuple[Any, ...],
        position: int,
        known: dict[str, tuple[Any, Any, Any]],
        counts: Counter[tuple[str, str, bool]],
    ) -> dict[str, Any]:
        """One school's row from its outcome (`explain.ROW_FIELDS`): where its facts are (its sentences are built
        when it is read), who it is."""
        code, categories, insufficient, risk_count, fail_share, previous, trend, trend_change = outcome
        school_id, name, municipality = known[code]
        categories = list(categories)
        final_codes = codes_of(categories)
        counts[(final_codes, trend, insufficient)] += 1
        return {
            "school_code": code,
            "categories": categories,
            "insufficient_data": insufficient,
            "facts": None,
            "facts_position": position,
            "risk_count": risk_count,
            "fail_share": fail_share,
            "previous_categories": None if previous is None else list(previous),
            "trend": trend,
            "trend_change": trend_change,
            "rules": {},
            "warnings": [],
            "objectivity_flags": [],
            "run_id": run_id,
            "school_id": int(school_id),
            "school_name": name or code,
            "municipality_code": municipality,
            "final_categories": categories,
            "final_codes": final_codes,
            "overridden": False,
        }

    # --- reading ---------------------------------------------------------------------------------------

    def summaries(self, run_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Each run's counts over the caller's own schools (a municipal coordinator reading a regional run
        sees its municipality's figures)."""
        grouped: dict[int, list[tuple[str, str, bool, int]]] = {run_id: [] for run_id in run_ids}
        for run_id, final_codes, trend, insufficient, count in self.repository.status_counts(run_ids):
            grouped[run_id].append((final_codes, trend, insufficient, count))
        return {run_id: summarise(rows) for run_id, rows in grouped.items()}

    def run_reads(self, runs: list[IdentificationRun]) -> list[RunRead]:
        summaries = self.summaries([run.id or 0 for run in runs])
        return [run_read(run, summaries[run.id or 0]) for run in runs]

    def school_detail(self, run_id: int, school_code: str) -> RunSchoolDetail:
        run = self.repository.run(run_id)
        row = self.repository.run_school(run_id, school_code)
        overrides = [
            OverrideRead.model_validate(o, from_attributes=True)
            for o in self.repository.overrides(run_id, row.school_id)
        ]
        return RunSchoolDetail.model_validate(
            row.fields()
            | {
                "fired_rules": fired_rules(row.rules),
                "rules": {
                    rule_id: {**o, "label": rule_label(rule_id), "parameters": run.rules.get(rule_id, {})}
                    for rule_id, o in row.rules.items()
                },
                "school_year": run.school_year,
                "run_status": run.status,
                "overrides": overrides,
            },
        )

    # --- the expert layer and approval -----------------------------------------------------------------

    def override(
        self, run_id: int, school_code: str, data: OverrideCreate, if_match: str | None = None
    ) -> RunSchoolDetail:
        """Record an expert's decision on a school. With `If-Match` (the decision's ETag: how many overrides
        it has had) the override applies only to the decision the expert read: 412 `stale_revision` if another
        came first. Without it, overrides apply in turn."""
        self.repository.run(run_id)
        row = self.repository.run_school(run_id, school_code)
        # The run stays `computed` until this transaction ends (an approval waits for it, or it waits for the
        # approval and finds the run approved), and the school's row is read again under a lock, so two
        # concurrent overrides record each other's categories as `before`.
        if not self.repository.hold_computed(run_id):
            raise Conflict("Список уже утверждён: корректировки вносятся в новый расчёт", code="run_approved")
        self.repository.lock(row)
        if if_match is not None and not matches(if_match, len(self.repository.overrides(run_id, row.school_id))):
            raise stale_revision()
        categories = [category.value for category in data.categories]
        override = RunOverride(
            run_id=run_id,
            school_id=row.school_id,
            before=list(row.final_categories),
            categories=categories,
            reason=data.reason,
            created_by=self.principal.subject,
            created_by_name=self.principal.name,
        )
        row.final_categories = categories
        row.final_codes = codes_of(categories)
        row.overridden = categories != list(row.categories)
        self.session.add_all([override, row])
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "override",
            "run_school",
            f"{run_id}:{school_code}",
            {"categories": override.before},
            {"categories": categories, "reason": data.reason},
        )
        self.session.flush()
        return self.school_detail(run_id, school_code)

    def approve(self, run_id: int, data: Approval) -> IdentificationRun:
        """Turn a computed run into the agreed list, superseding the territory's earlier one, atomically.

        Both are conditional updates in one transaction, taken in turn per territory and year (an advisory lock):
        the run moves only from `computed` (a run is never approved twice, the loser answers 409), and a partial
        unique index admits one approved run per territory and year whatever path a write takes.
        """
        run = self.repository.run(run_id)
        if run.status != "computed":
            raise Conflict("Этот расчёт уже утверждён или заменён", code="run_not_computed")
        if not self.repository.covers_whole_territory(run):
            raise OutOfScope("Утвердить список может только тот, кому доступна вся территория расчёта")
        # Approvals of one territory and year take turns: two transactions each superseding the other's list
        # would wait on each other's index entries (a deadlock PostgreSQL breaks with an error).
        advisory_lock(self.session, f"approve:{run.territory_kind}:{run.territory_code or ''}:{run.school_year}")
        try:
            superseded = self.repository.supersede_approved(run)
            approved = self.repository.mark_approved(
                run_id, data.order_number, data.order_date, self.principal.subject, self.principal.name
            )
        except IntegrityError:
            raise Conflict(
                "Список этой территории за этот учебный год только что утвердил другой пользователь: обновите страницу",
                code="approval_conflict",
            ) from None
        if not approved:
            raise Conflict("Этот расчёт уже утверждён или заменён", code="run_not_computed")
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "approve",
            "identification_run",
            run_id,
            after={"order_number": data.order_number, "order_date": data.order_date.isoformat()},
        )
        for older_id in superseded:  # the agreed list it replaces leaves its history a record of why
            audit.record(
                self.session, AuditEvent, self.principal, "supersede", "identification_run", older_id,
                after={"superseded_by": run_id},
            )  # fmt: skip
        self.session.flush()
        return run

    # --- comparing and history -------------------------------------------------------------------------

    def compare(self, base_id: int, other_id: int) -> RunComparison:
        base, other = self.repository.run(base_id), self.repository.run(other_id)
        before = {row.school_code: row for row in self.repository.run_school_rows(base_id)}
        after = {row.school_code: row for row in self.repository.run_school_rows(other_id)}
        changes = []
        for category in Category:
            entered, left, stayed = [], [], 0
            for code in sorted(before.keys() | after.keys()):
                was = before.get(code)
                now = after.get(code)
                had = was is not None and category in was.final_categories
                has = now is not None and category in now.final_categories
                if had and has:
                    stayed += 1
                elif has and now is not None:
                    entered.append(self._compared(now, was, now, category))
                elif had and was is not None:
                    left.append(self._compared(was, was, now, category))
            changes.append(
                CategoryChange(
                    category=category, label=CATEGORY_LABELS[category], entered=entered, left=left, stayed=stayed
                )
            )
        reads = self.run_reads([base, other])
        return RunComparison(base=reads[0], other=reads[1], categories=changes)

    @staticmethod
    def _compared(row: RunSchool, was: RunSchool | None, now: RunSchool | None, category: str) -> ComparedSchool:
        """Why a school entered (the rules that fired now) or left (what the rules say now) a category."""
        if now is not None and category in now.final_categories:
            reasons = fired_rules(now.rules, category)
        elif now is not None:
            reasons = [
                FiredRule(
                    id=rule_id, label=rule_label(rule_id), category=o.get("category"), reason=str(o.get("reason", ""))
                )
                for rule_id, o in now.rules.items()
                if o.get("category") == category and o.get("outcome") != "disabled"
            ]
        else:
            reasons = []
        if now is not None and now.overridden:
            reasons.append(
                FiredRule(
                    id="expert",
                    label="Экспертная корректировка",
                    category=category,
                    reason="Категории изменены экспертом",
                )
            )
        return ComparedSchool(
            school_code=row.school_code,
            school_name=row.school_name,
            municipality_code=row.municipality_code,
            before=list(was.final_categories) if was else [],
            after=list(now.final_categories) if now else [],
            reasons=reasons,
        )

    @staticmethod
    def current(rows: list[tuple[RunSchool, IdentificationRun]]) -> dict[str, tuple[RunSchool, IdentificationRun]]:
        """Per school, the row that states its status: the latest approved run, else the latest computed one."""
        chosen: dict[str, tuple[RunSchool, IdentificationRun]] = {}
        for row, run in rows:
            held = chosen.get(row.school_code)
            if run.status == "superseded":
                continue
            if held is None or run.status == "approved" or held[1].status != "approved":
                chosen[row.school_code] = (row, run)
        return chosen

    def agreed_list(
        self, school_year: str, page: PageParams, category: str | None, municipality: str | None, query: str | None
    ) -> Page[AgreedSchool]:
        rows, total = self.repository.agreed_page(school_year, page, category, municipality, query)
        items = [
            AgreedSchool(
                school_code=row.school_code,
                school_name=row.school_name,
                municipality_code=row.municipality_code,
                school_year=run.school_year,
                categories=list(row.final_categories),
                run_id=run.id or 0,
                order_number=run.order_number,
                order_date=run.order_date,
                fired_rules=fired_rules(row.rules),
            )
            for row, run in rows
        ]
        return Page(items=items, total=total, page=page.page, per_page=page.per_page)

    def statuses(
        self, school_year: str, page: PageParams, category: str | None, municipality: str | None, query: str | None
    ) -> Page[SchoolStatus]:
        """Every school of the caller's territory with its status in the year: from the agreed list when
        one is approved, else from the latest computation, else none."""
        rows, total = self.repository.status_page(school_year, page, category, municipality, query)
        items = [
            SchoolStatus(
                school_code=school.school_code,
                school_name=school.short_name,
                municipality_code=municipality_code,
                categories=list(row.final_categories) if row else [],
                source=("approved" if run.status == "approved" else "computed") if run else "none",
                run_id=run.id if run else None,
                insufficient_data=row.insufficient_data if row else False,
                trend=row.trend if row else None,
                fail_share=row.fail_share if row else None,
            )
            for school, municipality_code, row, run in rows
        ]
        return Page(items=items, total=total, page=page.page, per_page=page.per_page)

    def history(self, school_code: str) -> SchoolHistory:
        school = self.repository.registry.school(school_code)
        school_id = school.id or 0
        by_year: dict[str, list[tuple[RunSchool, IdentificationRun]]] = {}
        for row, run in self.repository.school_rows(school_id):
            by_year.setdefault(run.school_year, []).append((row, run))
        statuses = []
        for year in sorted(by_year):
            row, run = self.current(by_year[year])[school_code]
            statuses.append(
                YearStatus(
                    school_year=year,
                    categories=list(row.final_categories),
                    source="approved" if run.status == "approved" else "computed",
                    run_id=run.id or 0,
                    order_number=run.order_number,
                    order_date=run.order_date,
                    insufficient_data=row.insufficient_data,
                    trend=row.trend,
                    fired_rules=fired_rules(row.rules),
                    warnings=row.warnings,
                    objectivity_flags=row.objectivity_flags,
                )
            )
        return SchoolHistory(
            school_code=school.school_code,
            school_name=school.short_name,
            statuses=statuses,
            results=self._rows(AssessmentResult, school_id, ("school_year", "procedure", "grade", "subject")),
            risk_profile=self._rows(RiskLevel, school_id, ("school_year", "factor")),
            vpr_objectivity=self._rows(VprObjectivity, school_id, ("school_year", "grade", "subject")),
        )

    def _rows(self, model: Any, school_id: int, order: tuple[str, ...]) -> list[dict[str, Any]]:
        hidden = {"id", "school_id", "batch_id", "updated_at"}
        return [row.model_dump(exclude=hidden) for row in self.repository.indicator_rows(model, school_id, order)]

    def school_years(self, today: date | None = None) -> SchoolYears:
        """The years with data, newest first; the default is the newest with results (else with a run)."""
        figures = self.repository.year_figures()
        years = [
            SchoolYearData(school_year=year, schools_with_results=schools, runs=runs, approved=approved)
            for year, (schools, runs, approved) in sorted(figures.items(), reverse=True)
        ]
        latest = next((y.school_year for y in years if y.schools_with_results), years[0].school_year if years else None)
        return SchoolYears(current=current_school_year(today), latest=latest, years=years)
