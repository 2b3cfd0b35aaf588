"""The figures of the outcome read from identification's results: the share below the minimum of each school,
procedure and subject in a year, summed over grades (rows without the count below the minimum left out)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from services.identification.indicators.models import AssessmentResult

SubjectKey = tuple[int, str, str, str]
"""(school id, school year, procedure, subject)."""


class OutcomeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def subject_counts(self, school_ids: list[int], years: list[str]) -> dict[SubjectKey, tuple[int, int]]:
        """(participants, below the minimum) per school, year, procedure and subject, of these schools only:
        the ids come from the caller's scoped runs."""
        if not school_ids:
            return {}
        statement = (
            select(
                col(AssessmentResult.school_id),
                col(AssessmentResult.school_year),
                col(AssessmentResult.procedure),
                col(AssessmentResult.subject),
                func.sum(col(AssessmentResult.participants)),
                func.sum(col(AssessmentResult.below_min)),
            )
            .where(
                col(AssessmentResult.school_id).in_(school_ids),
                col(AssessmentResult.school_year).in_(years),
                col(AssessmentResult.below_min).is_not(None),
                col(AssessmentResult.participants) > 0,
            )
            .group_by(
                col(AssessmentResult.school_id),
                col(AssessmentResult.school_year),
                col(AssessmentResult.procedure),
                col(AssessmentResult.subject),
            )
        )
        return {
            (int(school), str(year), str(procedure), str(subject)): (int(participants), int(below))
            for school, year, procedure, subject, participants, below in self.session.execute(statement).all()
        }
