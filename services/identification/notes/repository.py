"""The SQL behind the analytical note: the territory, the runs of a year, each school's current row, and the
indicators the note cites. Reads here are not narrowed by the caller's scope: the service checks first that the
caller's scope covers the territory (`NoteService.territory`), and figures outside it (the region's mean, the
municipalities' ranking) leave only as aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from services.identification.indicators.models import (
    AssessmentResult,
    RiskFactor,
    RiskLevel,
    SocialIndicator,
    StaffingIndicator,
    VprObjectivity,
)
from services.identification.registry.models import Municipality, Region, School
from services.identification.runs.models import IdentificationRun, RunOverride, RunSchool
from services.identification.runs.service import RunService

CurrentRows = dict[str, tuple[RunSchool, IdentificationRun]]


class NoteRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the territory ------------------------------------------------------------------------------------

    def region(self, code: str) -> Region | None:
        return self.session.exec(select(Region).where(Region.code == code)).first()

    def municipality(self, code: str) -> tuple[Municipality, Region] | None:
        row = self.session.exec(
            select(Municipality, Region)
            .join(Region, col(Municipality.region_id) == Region.id)
            .where(Municipality.code == code)
        ).first()
        return (row[0], row[1]) if row else None

    def regions(self) -> list[Region]:
        return list(self.session.exec(select(Region).order_by(col(Region.code))).all())

    def municipalities(self, region_id: int) -> dict[str, str]:
        rows = self.session.exec(
            select(Municipality.code, Municipality.name)
            .where(Municipality.region_id == region_id)
            .order_by(col(Municipality.code))
        ).all()
        return dict(rows)

    def schools(self, municipality_codes: Iterable[str]) -> list[tuple[School, str]]:
        """The active schools of the municipalities with their municipality's code."""
        statement = (
            select(School, Municipality.code)
            .join(Municipality, col(School.municipality_id) == Municipality.id)
            .where(col(Municipality.code).in_(list(municipality_codes)), col(School.is_active).is_(True))
            .order_by(col(Municipality.code), col(School.short_name))
        )
        return [(school, str(code)) for school, code in self.session.exec(statement).all()]

    # --- runs -----------------------------------------------------------------------------------------------

    def runs_covering(
        self, school_year: str, region_code: str, municipality_code: str | None
    ) -> list[IdentificationRun]:
        """The runs of the year whose territory contains the note's territory (superseded ones never), latest
        first."""
        covering = [
            IdentificationRun.territory_kind == "all",
            (IdentificationRun.territory_kind == "region") & (IdentificationRun.territory_code == region_code),
        ]
        if municipality_code is not None:
            covering.append(
                (IdentificationRun.territory_kind == "municipality")
                & (IdentificationRun.territory_code == municipality_code)
            )
        statement = (
            select(IdentificationRun)
            .where(
                IdentificationRun.school_year == school_year,
                IdentificationRun.status != "superseded",
                or_(*covering),
            )
            .order_by(col(IdentificationRun.created_at).desc(), col(IdentificationRun.id).desc())
        )
        return list(self.session.exec(statement).all())

    def run_rows(self, run_id: int, municipality_codes: Iterable[str]) -> list[RunSchool]:
        statement = (
            select(RunSchool)
            .where(RunSchool.run_id == run_id, col(RunSchool.municipality_code).in_(list(municipality_codes)))
            .order_by(col(RunSchool.municipality_code), col(RunSchool.school_name))
        )
        return list(self.session.exec(statement).all())

    def current_rows(self, school_year: str, municipality_codes: Iterable[str]) -> CurrentRows:
        """Per school of the municipalities, the row stating its status in the year: the latest approved run,
        else the latest computed one (`RunService.current`)."""
        statement = (
            select(RunSchool, IdentificationRun)
            .join(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(
                IdentificationRun.school_year == school_year,
                col(RunSchool.municipality_code).in_(list(municipality_codes)),
            )
            .order_by(col(IdentificationRun.created_at), col(IdentificationRun.id))
        )
        return RunService.current(list(self.session.exec(statement).all()))

    def run_years(self, municipality_codes: Iterable[str], up_to: str) -> list[str]:
        statement = (
            select(IdentificationRun.school_year)
            .join(RunSchool, col(RunSchool.run_id) == IdentificationRun.id)
            .where(
                col(RunSchool.municipality_code).in_(list(municipality_codes)),
                IdentificationRun.school_year <= up_to,
            )
            .distinct()
        )
        return sorted(str(year) for year in self.session.exec(statement).all())

    def override_reasons(self, run_id: int) -> dict[int, str]:
        """The latest expert reason per school of a run."""
        statement = (
            select(RunOverride.school_id, RunOverride.reason)
            .where(RunOverride.run_id == run_id)
            .order_by(col(RunOverride.created_at), col(RunOverride.id))
        )
        return {int(school_id): str(reason) for school_id, reason in self.session.exec(statement).all()}

    # --- indicators -----------------------------------------------------------------------------------------

    def procedures(self, school_ids: list[int], years: list[str]) -> list[tuple[str, str, int, int]]:
        """(procedure, school year, participants, schools) of the assessment results the note rests on."""
        statement = (
            select(
                AssessmentResult.procedure,
                AssessmentResult.school_year,
                func.sum(AssessmentResult.participants),
                func.count(func.distinct(AssessmentResult.school_id)),
            )
            .where(col(AssessmentResult.school_id).in_(school_ids), col(AssessmentResult.school_year).in_(years))
            .group_by(col(AssessmentResult.procedure), col(AssessmentResult.school_year))
            .order_by(col(AssessmentResult.school_year), col(AssessmentResult.procedure))
        )
        return [(str(p), str(y), int(n or 0), int(s)) for p, y, n, s in self.session.exec(statement).all()]

    def schools_with(self, model: Any, school_ids: list[int], school_year: str) -> int:
        statement = select(func.count(func.distinct(model.school_id))).where(
            col(model.school_id).in_(school_ids), model.school_year == school_year
        )
        return int(self.session.exec(statement).one() or 0)

    def risk_levels(self, school_ids: list[int], school_year: str) -> list[tuple[int, int, str]]:
        """(school id, factor, level) of the high and medium risks of the 500+ profile in the year."""
        statement = select(RiskLevel.school_id, RiskLevel.factor, RiskLevel.level).where(
            col(RiskLevel.school_id).in_(school_ids),
            RiskLevel.school_year == school_year,
            col(RiskLevel.level).in_(["high", "medium"]),
        )
        return [(int(s), int(f), str(level)) for s, f, level in self.session.exec(statement).all()]

    def risk_factor_names(self, school_year: str) -> dict[int, str]:
        """The names of the 500+ factors in the catalogue version valid for the year."""
        version = self.session.exec(
            select(RiskFactor.version)
            .where(RiskFactor.valid_from <= school_year)
            .order_by(col(RiskFactor.valid_from).desc())
            .limit(1)
        ).first()
        if version is None:
            return {}
        rows = self.session.exec(select(RiskFactor.number, RiskFactor.name).where(RiskFactor.version == version))
        return {int(number): str(name) for number, name in rows.all()}

    def social(self, school_ids: list[int], school_year: str) -> list[SocialIndicator]:
        return list(
            self.session.exec(
                select(SocialIndicator).where(
                    col(SocialIndicator.school_id).in_(school_ids), SocialIndicator.school_year == school_year
                )
            ).all()
        )

    def staffing(self, school_ids: list[int], school_year: str) -> list[StaffingIndicator]:
        return list(
            self.session.exec(
                select(StaffingIndicator).where(
                    col(StaffingIndicator.school_id).in_(school_ids), StaffingIndicator.school_year == school_year
                )
            ).all()
        )

    def objectivity_schools(self, school_ids: list[int], school_year: str) -> int:
        return self.schools_with(VprObjectivity, school_ids, school_year)
