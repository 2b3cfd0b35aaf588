"""one draft and one approved version per plan family, versions unique: enforced by the database

Revision ID: 4b7d9e2a6c15
Revises: e52f8b3d0c21
Create Date: 2026-12-02 08:30:00

A new version and an approval take the family's advisory lock, so the service already keeps these; the indexes
make the database refuse what a writer outside those paths (or a bug) would break. Data written before the
locks could hold two drafts, approved versions or equal numbers: an older extra draft or approved version is
archived, as a later approval would have done, and a repeated number is moved past the family's highest. The
unique key replaces the index on `family_id` alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b7d9e2a6c15"
down_revision: str | None = "e52f8b3d0c21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONS = "uq_plan_family_version"
ONE_DRAFT = "uq_plan_family_one_draft"
ONE_APPROVED = "uq_plan_family_one_approved"


def _archive_extra(status: str) -> None:
    op.execute(
        f"""
        UPDATE plan SET status = 'archived'
        WHERE status = '{status}' AND family_id IS NOT NULL AND id NOT IN (
            SELECT max(id) FROM plan WHERE status = '{status}' AND family_id IS NOT NULL GROUP BY family_id
        )
        """
    )


def _renumber_repeated_versions() -> None:
    """Each version number a family holds twice: the later rows get the numbers after the family's highest."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, family_id, version FROM plan WHERE family_id IS NOT NULL ORDER BY family_id, id")
    ).all()
    highest: dict[int, int] = {}
    for row in rows:
        highest[row.family_id] = max(highest.get(row.family_id, 0), row.version)
    seen: set[tuple[int, int]] = set()
    for row in rows:
        if (row.family_id, row.version) in seen:
            highest[row.family_id] += 1
            connection.execute(
                sa.text("UPDATE plan SET version = :version WHERE id = :id"),
                {"version": highest[row.family_id], "id": row.id},
            )
        seen.add((row.family_id, row.version))


def upgrade() -> None:
    _archive_extra("draft")
    _archive_extra("approved")
    _renumber_repeated_versions()
    op.create_index(VERSIONS, "plan", ["family_id", "version"], unique=True)
    op.drop_index("ix_plan_family_id", table_name="plan")  # the unique key's first column serves its queries
    for name, status in ((ONE_DRAFT, "draft"), (ONE_APPROVED, "approved")):
        where = sa.text(f"status = '{status}'")
        op.create_index(name, "plan", ["family_id"], unique=True, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in (ONE_APPROVED, ONE_DRAFT):
        op.drop_index(name, table_name="plan")
    op.create_index("ix_plan_family_id", "plan", ["family_id"])
    op.drop_index(VERSIONS, table_name="plan")
