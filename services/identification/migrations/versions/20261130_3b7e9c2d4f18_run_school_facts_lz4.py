"""run_school.facts compressed with lz4 instead of pglz

Revision ID: 3b7e9c2d4f18
Revises: 9d4f2b7e1a35
Create Date: 2026-11-30 12:20:00

PostgreSQL only. A run of 40,000 schools stores about 117 MB of facts, 2.9 KB a school: above TOAST's threshold,
so every value was compressed with pglz while the run's COPY waited (about 1.3 of the database's 3.3 CPU-seconds
of a run's snapshot). lz4 compresses nearly as well at a fraction of the CPU. A server built without lz4 keeps
pglz: the statement is skipped, nothing else changes. Rows stored before keep their compression until rewritten.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3b7e9c2d4f18"
down_revision: str | None = "9d4f2b7e1a35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _set_compression(method: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "DO $$ BEGIN"
        f" ALTER TABLE run_school ALTER COLUMN facts SET COMPRESSION {method};"
        " EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;"
        " END $$"
    )


def upgrade() -> None:
    _set_compression("lz4")


def downgrade() -> None:
    _set_compression("pglz")
