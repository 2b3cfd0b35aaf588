"""Mentor pairs as the caller's territory allows: a school's staff see the pairs their school is in."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from services.roadmap.mentoring.models import MentorPair
from services.shared.errors import Conflict, NotFound, OutOfScope
from services.shared.scoping import territory_filter
from services.shared.security import Principal


def active(today: date | None = None) -> ColumnElement[bool]:
    """A pair that has not ended (one that starts later already counts: the plan is prepared together)."""
    return or_(col(MentorPair.ends_on).is_(None), col(MentorPair.ends_on) >= (today or date.today()))


def school_year_period(school_year: str) -> tuple[date, date]:
    """1 September – 31 August of a school year written `2024-2025`."""
    first = int(school_year[:4])
    return date(first, 9, 1), date(first + 1, 8, 31)


def mentored_schools(codes: list[str]) -> SelectOfScalar[str]:
    """The schools these schools mentor now: their staff see those schools' plans."""
    return select(MentorPair.supported_school_code).where(col(MentorPair.mentor_school_code).in_(codes), active())


class PairRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.scope = principal.scope

    def scoped_pairs(self) -> SelectOfScalar[MentorPair]:
        visible = territory_filter(
            self.scope,
            region=col(MentorPair.region_code),
            municipality=lambda code: or_(
                col(MentorPair.municipality_code) == code, col(MentorPair.mentor_municipality_code) == code
            ),
            school=lambda codes: or_(
                col(MentorPair.mentor_school_code).in_(codes), col(MentorPair.supported_school_code).in_(codes)
            ),
        )
        return select(MentorPair).where(visible)

    def pairs(
        self,
        school_code: str | None = None,
        only_active: bool = False,
        municipality: str | None = None,
        period: tuple[date, date] | None = None,
    ) -> list[MentorPair]:
        """The pairs in scope: of a school (as mentor or supported), of a supported school's municipality,
        active today, or working at some time in a period (first, last day)."""
        statement = self.scoped_pairs()
        if school_code:
            statement = statement.where(
                or_(MentorPair.mentor_school_code == school_code, MentorPair.supported_school_code == school_code)
            )
        if municipality:
            statement = statement.where(MentorPair.municipality_code == municipality)
        if only_active:
            statement = statement.where(active())
        if period is not None:
            statement = statement.where(col(MentorPair.starts_on) <= period[1], active(period[0]))
        order = (col(MentorPair.supported_school_code), col(MentorPair.starts_on), col(MentorPair.id))
        return list(self.session.exec(statement.order_by(*order)).all())

    def pair(self, pair_id: int, for_update: bool = False) -> MentorPair:
        """The pair, if the caller's scope covers it; `for_update` reads it again under a row lock held until the
        transaction ends (PostgreSQL; a writing request on SQLite holds the database's write lock), so what a write
        checks and audits is what it changes, not a state another request is changing at the same time."""
        found = self.session.exec(self.scoped_pairs().where(MentorPair.id == pair_id)).first()
        if found is not None:
            if for_update:
                self.session.refresh(found, with_for_update=True)
            return found
        if self.session.get(MentorPair, pair_id) is None:
            raise NotFound("Пара наставничества не найдена", code="pair_not_found")
        raise OutOfScope("Пара наставничества относится к другой территории")

    def add(self, pair: MentorPair) -> MentorPair:
        try:
            with self.session.begin_nested():
                self.session.add(pair)
        except IntegrityError as error:
            raise Conflict("Такая пара с этой датой начала уже есть", code="pair_exists") from error
        return pair
