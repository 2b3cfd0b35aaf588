"""user revision: a user is changed with an optional If-Match (412 when another administrator changed it)

Revision ID: b6e1d2c4a897
Revises: a74b0d5f2e43
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b6e1d2c4a897"
down_revision: str | None = "a74b0d5f2e43"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, native on SQLite (3.35+): a batch rebuild would drop a table other tables reference
    op.drop_column("user_account", "revision")
