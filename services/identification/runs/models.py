"""Identification runs: an immutable snapshot of every school's outcome, the expert layer, the approval."""

from __future__ import annotations

import bisect
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, text
from sqlalchemy.orm import Session, object_session
from sqlmodel import Field, col, select

from services.identification.db import Base
from services.identification.methodology.explain import FactBlock
from services.identification.methodology.reasons import Facts, Reasons
from services.identification.methodology.rules import MethodologyRules
from services.shared.audit import utcnow


class IdentificationRun(Base, table=True):
    __tablename__ = "identification_run"
    # At most one approved run (the agreed list) per territory and school year, enforced by the database.
    __table_args__ = (
        Index(
            "uq_identification_run_one_approved",
            "school_year",
            "territory_kind",
            text("coalesce(territory_code, '')"),
            unique=True,
            sqlite_where=text("status = 'approved'"),
            postgresql_where=text("status = 'approved'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_year: str = Field(max_length=9, index=True)
    territory_kind: str = Field(max_length=20, description="all, region, municipality, schools")
    territory_code: str | None = Field(default=None, max_length=30, index=True)
    territory_label: str = Field(max_length=300)
    region_code: str | None = Field(default=None, max_length=20, index=True)
    municipality_code: str | None = Field(default=None, max_length=20, index=True)
    methodology_id: int = Field(foreign_key="methodology.id", index=True)
    methodology_label: str = Field(max_length=400)
    rules: dict[str, Any] = Field(sa_type=JSON, nullable=False, description="the rules as applied")
    summary: dict[str, Any] = Field(sa_type=JSON, nullable=False, description="counts per category and status")
    schools_count: int = 0
    status: str = Field(default="computed", max_length=20, description="computed, approved")
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    duration_ms: int = 0
    order_number: str | None = Field(default=None, max_length=100)
    order_date: date | None = None
    approved_by: str | None = Field(default=None, max_length=100)
    approved_by_name: str | None = Field(default=None, max_length=300)
    approved_at: datetime | None = None


Explained = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]


class RunSchool(Base, table=True):
    """One school's outcome in a run. Everything but `final_categories` is written once, by the run.

    A run stores the facts of its explanations as numbers, in blocks of schools (`RunFactBlock`), and each row
    its place in them (`facts_position`); `rules`, `warnings` and `objectivity_flags` (the entries with their
    Russian reasons) are built from them when the row is read, once per session. Rows of runs stored before
    keep their facts as JSON (`facts`), or, before that, their sentences in the `stored_*` columns.
    """

    __tablename__ = "run_school"
    __table_args__ = (UniqueConstraint("run_id", "school_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="identification_run.id")
    """No index of its own: the unique key (run_id, school_id) starts with it. On PostgreSQL this and `school_id`
    are checked once per statement instead of by a row-by-row foreign key (migration e3f1a7c5d924)."""
    school_id: int = Field(foreign_key="school.id", index=True)
    school_code: str = Field(max_length=30, index=True)
    school_name: str = Field(max_length=300)
    municipality_code: str = Field(max_length=20, index=True)
    categories: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    final_categories: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    final_codes: str = Field(default="", max_length=120, description="',low_results,risk_zone,' for filtering")
    insufficient_data: bool = False
    stored_rules: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column("rules", JSON, nullable=False), description="before facts"
    )
    stored_warnings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column("warnings", JSON, nullable=False)
    )
    stored_flags: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column("objectivity_flags", JSON, nullable=False)
    )
    facts: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    """The facts as orjson, of runs stored before the blocks."""
    facts_position: int | None = Field(default=None, description="the school's place in its run's fact blocks")
    risk_count: int | None = None
    fail_share: float | None = Field(default=None, description="worst share below the minimum, for sorting")
    previous_categories: list[str] | None = Field(default=None, sa_type=JSON)
    trend: str = Field(max_length=20, description="entered, left, stayed, unchanged, new")
    trend_change: float | None = Field(default=None, description="change of fail_share since the previous year")
    overridden: bool = False

    @property
    def rules(self) -> dict[str, Any]:
        """Rule id → outcome, category, the rules it serves, reason and figures."""
        return self.explained()[0]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return self.explained()[1]

    @property
    def objectivity_flags(self) -> list[dict[str, Any]]:
        return self.explained()[2]

    def explained(self) -> Explained:
        if self.facts is None and self.facts_position is None:
            return self.stored_rules, self.stored_warnings, self.stored_flags
        session = object_session(self)
        if session is None:
            raise RuntimeError("a run's school row is explained within its session")
        cache: dict[int | None, Explained] = session.info.setdefault("run_school_explained", {})
        found = cache.get(self.id)
        if found is None:
            if self.facts_position is not None:
                facts = run_facts(session, self.run_id, self.facts_position)
            else:
                facts = orjson.loads(self.facts or b"{}")
            found = cache[self.id] = run_reasons(session, self.run_id).explain(facts)
        return found

    def fields(self) -> dict[str, Any]:
        """The row as the API reads it: the stored columns with the explanation built from the facts."""
        hidden = {"stored_rules", "stored_warnings", "stored_flags", "facts", "facts_position"}
        rules, warnings, flags = self.explained()
        return self.model_dump(exclude=hidden) | {"rules": rules, "warnings": warnings, "objectivity_flags": flags}


class RunFactBlock(Base, table=True):
    """The facts of consecutive schools of a run (those whose `facts_position` starts at `first_position`), as
    numbers (`methodology/explain.py`: `snapshot` writes it, `read_block` reads it). Written once, by the run."""

    __tablename__ = "run_fact_block"

    run_id: int = Field(foreign_key="identification_run.id", primary_key=True)
    first_position: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


def run_reasons(session: Session, run_id: int) -> Reasons:
    """The sentence builder of a run (its rules and school year), one per run and session."""
    cache: dict[int, Reasons] = session.info.setdefault("run_reasons", {})
    if run_id not in cache:
        with session.no_autoflush:
            run = session.get(IdentificationRun, run_id)
        if run is None:
            raise LookupError(f"run {run_id}")
        cache[run_id] = Reasons(MethodologyRules.model_validate(run.rules), run.school_year)
    return cache[run_id]


def run_facts(session: Session, run_id: int, position: int) -> Facts:
    """The facts of the school at `position` of a run: its block is read once per session."""
    cache: dict[int, dict[int, FactBlock]] = session.info.setdefault("run_fact_blocks", {})
    blocks = cache.setdefault(run_id, {})
    firsts = sorted(blocks)
    at = bisect.bisect_right(firsts, position) - 1
    if at < 0 or position - firsts[at] >= len(blocks[firsts[at]]):
        statement = (
            select(RunFactBlock.first_position, RunFactBlock.data)
            .where(RunFactBlock.run_id == run_id, RunFactBlock.first_position <= position)
            .order_by(col(RunFactBlock.first_position).desc())
            .limit(1)
        )
        with session.no_autoflush:
            found = session.execute(statement).first()
        block = None if found is None else FactBlock(found[1], run_reasons(session, run_id).rules)
        if found is None or block is None or position - found[0] >= len(block):
            raise LookupError(f"run {run_id} has no facts at {position}")
        blocks[found[0]] = block
        firsts, at = [found[0]], 0
    return blocks[firsts[at]].facts(position - firsts[at])


class RunOverride(Base, table=True):
    """An expert adjustment of one school's categories in a run, with its reason; the latest one applies."""

    __tablename__ = "run_override"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="identification_run.id")
    """No index of its own: the unique key (run_id, school_id) starts with it. On PostgreSQL this and `school_id`
    are checked once per statement instead of by a row-by-row foreign key (migration e3f1a7c5d924)."""
    school_id: int = Field(foreign_key="school.id", index=True)
    before: list[str] = Field(sa_type=JSON, nullable=False)
    categories: list[str] = Field(sa_type=JSON, nullable=False)
    reason: str
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
