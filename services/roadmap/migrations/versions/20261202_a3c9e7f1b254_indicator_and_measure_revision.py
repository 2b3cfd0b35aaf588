"""indicator and measure revision: a plan indicator and a library measure are changed with If-Match (a
compare-and-set on `revision`), as plans, activities and pairs are

Revision ID: a3c9e7f1b254
Revises: 4b7d9e2a6c15
Create Date: 2026-12-02 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "a3c9e7f1b254"
down_revision: str | None = "4b7d9e2a6c15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("plan_indicator", "measure_template")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
            batch_op.add_column(
                sa.Column(
                    "updated_at",
                    UTCDateTime(),
                    nullable=False,
                    server_default=sa.text("CURRENT_TIMESTAMP"),
                )
            )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, native on SQLite (3.35+): a batch rebuild would drop a table other tables reference
    for table in TABLES:
        op.drop_column(table, "updated_at")
        op.drop_column(table, "revision")
