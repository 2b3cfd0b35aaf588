"""at most one approved run per territory and school year

Revision ID: 7c1e5a9d2b40
Revises: 6f1d2a9c4b7e
Create Date: 2026-11-30 02:20:00

Concurrent approvals could leave several runs «approved» for one territory and year. Every such group keeps
its latest approved run; the others become «superseded», as a later approval would have made them. Then a
partial unique index makes the database refuse a second approved run (SQLite and PostgreSQL both support
partial indexes on expressions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c1e5a9d2b40"
down_revision: str | None = "6f1d2a9c4b7e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_identification_run_one_approved"
APPROVED = sa.text("status = 'approved'")


def upgrade() -> None:
    op.execute(
        """
        UPDATE identification_run SET status = 'superseded'
        WHERE status = 'approved' AND id NOT IN (
            SELECT max(id) FROM identification_run WHERE status = 'approved'
            GROUP BY school_year, territory_kind, coalesce(territory_code, '')
        )
        """
    )
    op.create_index(
        INDEX,
        "identification_run",
        ["school_year", "territory_kind", sa.text("coalesce(territory_code, '')")],
        unique=True,
        sqlite_where=APPROVED,
        postgresql_where=APPROVED,
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="identification_run")
