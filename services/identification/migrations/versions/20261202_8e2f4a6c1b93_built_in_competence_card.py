"""the built-in «5К» card shipped with the schema, not created by the first request that reads the cards

A card created on first use was written inside a GET: on SQLite the reading transaction of each of several
first readers at once could not write once another had committed the card (503 «database is locked»).

Revision ID: 8e2f4a6c1b93
Revises: d41e7a2c9b10
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

from services.identification.competence.card import FIVE_K, FIVE_K_CODE
from services.identification.competence.repository import FIVE_K_TITLE

revision: str = "8e2f4a6c1b93"
down_revision: str | None = "d41e7a2c9b10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

card = sa.table(
    "competence_card",
    sa.column("authority", sa.String),
    sa.column("code", sa.String),
    sa.column("version", sa.Integer),
    sa.column("title", sa.String),
    sa.column("definition", sa.JSON),
    sa.column("created_at", UTCDateTime()),
)


def upgrade() -> None:
    built_in = sa.select(card.c.code).where(card.c.authority == "", card.c.code == FIVE_K_CODE)
    if op.get_bind().execute(built_in).first() is None:
        op.execute(
            card.insert().values(
                authority="",
                code=FIVE_K_CODE,
                version=1,
                title=FIVE_K_TITLE,
                definition=FIVE_K.model_dump(mode="json"),
                created_at=datetime.now(UTC),
            )
        )


def downgrade() -> None:
    """The card stays: diagnostics may refer to it, and the code creates it on first use where it is missing."""
