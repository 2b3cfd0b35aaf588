"""indicator tables: batch_id without its index

Revision ID: c9f0f53e2dc9
Revises: b5d83f1e6a27
Create Date: 2026-11-30 09:00:00

`batch_id` says which import last wrote a row. No query reads rows by batch, so its index only cost every write
one more index entry (and kept corrections from being HOT updates). Its foreign key stays: that every row names
a batch that exists is the database's to enforce, even though its check per written row is a large share of a
large import's time (measured in bench/imports.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c9f0f53e2dc9"
down_revision: str | None = "b5d83f1e6a27"
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
        op.drop_index(f"ix_{table}_batch_id", table_name=table)


def downgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_batch_id", table, ["batch_id"], unique=False)
