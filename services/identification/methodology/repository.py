"""Methodologies and activations. They are territory-wide reference data: everyone signed in may read them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from services.identification.indicators.models import MeasureValue, RiskFactor
from services.identification.methodology.models import Methodology, MethodologyActivation
from services.identification.methodology.rules import default_rules
from services.shared.errors import NotFound

DEFAULT_FAMILY = "default"
DEFAULT_NAME = (
    "Методика идентификации школ с низкими образовательными результатами и школ, функционирующих в "
    "неблагоприятных социальных условиях"
)
DEFAULT_DESCRIPTION = (
    "Критерии муниципальных порядков идентификации ШНОР и ШНСУ, показатели Рособрнадзора и рисковый профиль "
    "проекта «500+»."
)
SYSTEM = "system"
SYSTEM_NAME = "Опора"


def shipped_methodology() -> dict[str, Any]:
    """The shipped methodology's row (frozen: the reference every copy starts from), as the migration that installs
    it (3a7c5e9b2d14) and `ensure_default` write it."""
    return {
        "family": DEFAULT_FAMILY,
        "version": 1,
        "name": DEFAULT_NAME,
        "description": DEFAULT_DESCRIPTION,
        "rules": default_rules().model_dump(mode="json"),
        "frozen": True,
        "created_by": SYSTEM,
        "created_by_name": SYSTEM_NAME,
    }


class MethodologyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def risk_factor_count(self) -> int:
        """Factors of the newest "500+" catalogue version (0 when no catalogue is loaded)."""
        latest = self.session.exec(select(func.max(RiskFactor.valid_from))).first()
        if latest is None:
            return 0
        statement = select(func.count(func.distinct(RiskFactor.number))).where(RiskFactor.valid_from == latest)
        return int(self.session.exec(statement).one())

    def measures(self) -> set[str]:
        """Codes of the measures imported as `indicator_values`."""
        return set(self.session.exec(select(MeasureValue.measure).distinct()).all())

    def ensure_default(self, retried: bool = False) -> Methodology:
        """The shipped methodology (frozen: it is the reference every copy starts from): installed by a migration
        (3a7c5e9b2d14), so a GET only reads it; created here only in a database made without the migrations."""
        found = self.session.exec(
            select(Methodology).where(Methodology.family == DEFAULT_FAMILY, Methodology.version == 1)
        ).first()
        if found is not None:
            return found
        default = Methodology(**shipped_methodology())
        try:
            with self.session.begin_nested():
                self.session.add(default)
        except IntegrityError:  # another request created it first
            if retried:  # not visible to this transaction's snapshot (a run's): it may be retried
                raise
            return self.ensure_default(retried=True)
        return default

    def all(self) -> list[Methodology]:
        self.ensure_default()
        statement = select(Methodology).order_by(col(Methodology.family), col(Methodology.version))
        return list(self.session.exec(statement).all())

    def get(self, methodology_id: int, for_update: bool = False) -> Methodology:
        """The version; `for_update` holds its row until the transaction ends (PostgreSQL), read again: a
        deletion committed meanwhile makes it a 404, as if the deletion had come first."""
        self.ensure_default()
        found = self.session.get(Methodology, methodology_id, with_for_update=for_update, populate_existing=for_update)
        if found is None:
            raise NotFound("Методика не найдена", code="methodology_not_found")
        return found

    def exists_now(self, methodology_id: int) -> bool:
        """Whether the version exists as committed now, read outside this transaction: a run reads one snapshot,
        in which a deletion committed since is not seen."""
        with self.session.get_bind().engine.connect() as connection:
            found = connection.execute(select(Methodology.id).where(Methodology.id == methodology_id)).first()
        return found is not None

    def freeze(self, methodology: Methodology) -> bool:
        """Freeze a version as it was read (its `updated_at`), a compare-and-set: True when it is frozen now,
        False when it was edited (or deleted) since. A version read frozen is not written again (two runs
        reading one snapshot each would otherwise fail on each other's no-op update)."""
        if methodology.frozen:
            return True
        frozen = self.session.execute(
            update(Methodology)
            .where(
                col(Methodology.id) == methodology.id,
                col(Methodology.frozen).is_(False),
                col(Methodology.updated_at) == methodology.updated_at,
            )
            .values(frozen=True)
            .execution_options(synchronize_session=False)
        )
        if getattr(frozen, "rowcount", 0) != 1:
            return False
        set_committed_value(methodology, "frozen", True)
        return True

    def next_version(self, family: str) -> int:
        current = self.session.exec(select(func.max(Methodology.version)).where(Methodology.family == family)).one()
        return int(current or 0) + 1

    def activations(self) -> list[MethodologyActivation]:
        return list(self.session.exec(select(MethodologyActivation)).all())

    def activation(self, school_year: str) -> MethodologyActivation | None:
        return self.session.exec(
            select(MethodologyActivation).where(MethodologyActivation.school_year == school_year)
        ).first()

    def active(self, school_year: str) -> Methodology:
        """The version activated for the year, else the shipped default."""
        activation = self.activation(school_year)
        return self.get(activation.methodology_id) if activation else self.ensure_default()
