"""mentor pair revision: pairs are edited and ended with If-Match

Revision ID: 5e2b7c41d8a3
Revises: 9cbde1c9069b
Create Date: 2026-11-30 05:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5e2b7c41d8a3"
down_revision: str | None = "9cbde1c9069b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mentor_pair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column(
                "updated_at",
                sqlmodel.sql.sqltypes.UTCDateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("mentor_pair", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("revision")
