"""report job lease: when a render started and when its worker last reported

Revision ID: b7d41c2e9a10
Revises: 65e4a584ad74
Create Date: 2026-11-30 02:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b7d41c2e9a10"
down_revision: str | None = "65e4a584ad74"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("error_status", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_report_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_status"))
        batch_op.drop_column("error_status")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("started_at")
