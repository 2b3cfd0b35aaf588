"""measure_value: generic per-school measures (a regional index such as ИОР) for methodology rules

Revision ID: 7c1e5a0d9b42
Revises: 093d3ba81344
Create Date: 2026-11-30 03:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7c1e5a0d9b42"
down_revision: str | None = "093d3ba81344"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "measure_value",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("school_id", "school_year", "measure"),
    )
    with op.batch_alter_table("measure_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_value_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_value_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_value_school_year"), ["school_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_value_measure"), ["measure"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("measure_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_value_measure"))
        batch_op.drop_index(batch_op.f("ix_measure_value_school_year"))
        batch_op.drop_index(batch_op.f("ix_measure_value_school_id"))
        batch_op.drop_index(batch_op.f("ix_measure_value_batch_id"))
    op.drop_table("measure_value")
