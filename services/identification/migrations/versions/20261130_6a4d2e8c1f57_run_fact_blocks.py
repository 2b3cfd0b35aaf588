"""run facts in blocks of numbers: `run_fact_block`, and `run_school.facts_position`

Revision ID: 6a4d2e8c1f57
Revises: 3b7e9c2d4f18
Create Date: 2026-11-30 15:00:00

A run stores the facts of its explanations per block of schools as numbers (`methodology/explain.py`
`snapshot`, about 630 bytes a school instead of 2.9 KB of JSON), and each school row names its place in
them (`facts_position`). Rows of runs stored before keep their `facts` (or their sentences) and read as before.
On PostgreSQL the blocks are compressed with lz4 where the server has it (pglz otherwise).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6a4d2e8c1f57"
down_revision: str | None = "3b7e9c2d4f18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "run_fact_block",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("identification_run.id"), primary_key=True),
        sa.Column("first_position", sa.Integer(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    with op.batch_alter_table("run_school") as batch:
        batch.add_column(sa.Column("facts_position", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DO $$ BEGIN"
            " ALTER TABLE run_fact_block ALTER COLUMN data SET COMPRESSION lz4;"
            " EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;"
            " END $$"
        )


def downgrade() -> None:
    with op.batch_alter_table("run_school") as batch:
        batch.drop_column("facts_position")
    op.drop_table("run_fact_block")
