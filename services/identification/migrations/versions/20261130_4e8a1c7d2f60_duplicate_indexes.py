"""drop four indexes that repeat the first column of a unique key

Revision ID: 4e8a1c7d2f60
Revises: 17383e4d3c24
Create Date: 2026-11-30 10:10:00

`run_school (run_id, school_id)`, `school_alias (school_id, normalized)`, `competence_card (authority, code,
version)` and `competence_score (campaign_id, teacher_id, rater, criterion)` are unique, so the database already
keeps an index that starts with `run_id`, `school_id`, `authority` and `campaign_id`: the single-column indexes
served no query the unique ones do not, and cost every write one more index entry (tests/shared/test_indexes.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4e8a1c7d2f60"
down_revision: str | None = "17383e4d3c24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("run_school", "run_id"),
    ("school_alias", "school_id"),
    ("competence_card", "authority"),
    ("competence_score", "campaign_id"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)


def downgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
