"""drop three indexes that repeat the first column of a unique key

Revision ID: 8f2b6d4a1c37
Revises: 609dd8541f9c
Create Date: 2026-11-30 10:15:00

`activity_school (activity_id, school_code)`, `mentor_pair (mentor_school_code, supported_school_code,
starts_on)` and `notification (user_subject, occurrence_id, kind)` are unique, so the database already keeps an
index that starts with `activity_id`, `mentor_school_code` and `user_subject`: the single-column indexes served
no query the unique ones do not, and cost every write one more index entry (tests/shared/test_indexes.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8f2b6d4a1c37"
down_revision: str | None = "609dd8541f9c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("activity_school", "activity_id"),
    ("mentor_pair", "mentor_school_code"),
    ("notification", "user_subject"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)


def downgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
