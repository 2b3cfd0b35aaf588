"""the shipped methodology installed with the schema, not created by the first request that reads methodologies

A methodology created on first use was written inside a GET: on SQLite the reading transaction of each of several
first readers at once could not write once another had committed it (503 «database is locked»).

Revision ID: 3a7c5e9b2d14
Revises: 8e2f4a6c1b93
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

from services.identification.methodology.repository import DEFAULT_FAMILY, shipped_methodology

revision: str = "3a7c5e9b2d14"
down_revision: str | None = "8e2f4a6c1b93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

methodology = sa.table(
    "methodology",
    sa.column("family", sa.String),
    sa.column("version", sa.Integer),
    sa.column("name", sa.String),
    sa.column("description", sa.String),
    sa.column("rules", sa.JSON),
    sa.column("frozen", sa.Boolean),
    sa.column("created_by", sa.String),
    sa.column("created_by_name", sa.String),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)


def upgrade() -> None:
    shipped = sa.select(methodology.c.family).where(methodology.c.family == DEFAULT_FAMILY, methodology.c.version == 1)
    if op.get_bind().execute(shipped).first() is None:
        now = datetime.now(UTC)
        op.execute(methodology.insert().values(**shipped_methodology(), created_at=now, updated_at=now))


def downgrade() -> None:
    """The methodology stays: runs and activations may refer to it, and the code creates it where it is missing."""
