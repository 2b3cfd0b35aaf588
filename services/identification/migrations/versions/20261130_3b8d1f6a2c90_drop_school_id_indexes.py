"""indicator tables: drop the school_id index their unique key already covers

Revision ID: 3b8d1f6a2c90
Revises: 7c2e9a41d5b3
Create Date: 2026-11-30 05:05:00

Every indicator table has a unique key that starts with school_id (school, year, …), so the separate index on
school_id served no query the key does not, and cost every imported row one more index write.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3b8d1f6a2c90"
down_revision: str | None = "7c2e9a41d5b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "assessment_result",
    "vpr_objectivity",
    "social_indicator",
    "staffing_indicator",
    "olympiad_participation",
    "risk_level",
    "measure_value",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_school_id")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_school_id", ["school_id"], unique=False)
