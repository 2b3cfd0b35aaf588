"""at most one active letterhead per report type and territory

Revision ID: c3a8f1d27e55
Revises: b7d41c2e9a10
Create Date: 2026-12-02 02:45:00

Concurrent uploads could leave several letterheads active for one report type and territory. Every such group
keeps its latest upload active; the others are retired, as a later upload would have retired them. Then a
partial unique index makes the database refuse a second active letterhead (SQLite and PostgreSQL both support
partial indexes on expressions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3a8f1d27e55"
down_revision: str | None = "b7d41c2e9a10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_report_template_one_active"
ACTIVE = sa.text("active")


def upgrade() -> None:
    op.execute(
        """
        UPDATE report_template SET active = false
        WHERE active AND id NOT IN (
            SELECT max(id) FROM report_template WHERE active
            GROUP BY report_type, coalesce(territory_code, '')
        )
        """
    )
    op.create_index(
        INDEX,
        "report_template",
        ["report_type", sa.text("coalesce(territory_code, '')")],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="report_template")
