"""methodology revision: a draft is changed with an optional If-Match (412 when another analyst changed it)

Revision ID: c7a3e9d1f482
Revises: 3a7c5e9b2d14
Create Date: 2026-12-02 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c7a3e9d1f482"
down_revision: str | None = "3a7c5e9b2d14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("methodology", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, native on SQLite (3.35+): a batch rebuild would drop a table other tables reference
    op.drop_column("methodology", "revision")
