"""calendar grants: the owner of each roadmap calendar feed

Revision ID: 5c0d7e3a9b21
Revises: 81b78c19a42c
Create Date: 2026-11-30 02:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5c0d7e3a9b21"
down_revision: str | None = "81b78c19a42c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_grant",
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_hash"),
    )
    with op.batch_alter_table("calendar_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_grant_subject"), ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_grant_subject"))
    op.drop_table("calendar_grant")
