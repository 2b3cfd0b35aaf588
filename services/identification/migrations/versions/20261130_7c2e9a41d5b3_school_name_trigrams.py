"""school name trigrams: pg_trgm and a trigram index for suggesting schools by a mistyped name

Revision ID: 7c2e9a41d5b3
Revises: 65eaefd0fce6
Create Date: 2026-11-30 03:20:00

PostgreSQL only (SQLite suggests with rapidfuzz in Python). pg_trgm is a trusted extension since PostgreSQL 13:
the database owner may create it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7c2e9a41d5b3"
down_revision: str | None = "65eaefd0fce6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_school_short_name_trgm ON school USING gin (lower(short_name) gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_school_short_name_trgm")
