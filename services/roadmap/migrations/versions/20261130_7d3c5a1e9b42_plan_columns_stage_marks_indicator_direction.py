"""plan column set, stage done marks, indicator direction

Revision ID: 7d3c5a1e9b42
Revises: c356daa20554
Create Date: 2026-11-30 02:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7d3c5a1e9b42"
down_revision: str | None = "c356daa20554"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "column_set", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default="standard"
            )
        )
    with op.batch_alter_table("activity_occurrence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default="higher")
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.drop_column("direction")
    with op.batch_alter_table("activity_occurrence", schema=None) as batch_op:
        batch_op.drop_column("completed_on")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("column_set")
