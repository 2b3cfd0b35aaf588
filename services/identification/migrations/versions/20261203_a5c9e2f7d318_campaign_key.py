"""one diagnostic campaign per territory, card, stage, school year, date and title, enforced by the database

Revision ID: a5c9e2f7d318
Revises: e6b2d9f4a157
Create Date: 2026-12-03 06:20:00

Two people opening the same diagnosis at once (or a double click) made two campaigns, between which the raters'
scores were then split. `campaign_key` names what makes a campaign the same one; a unique key holds it once.
Campaigns stored twice before keep their rows and scores: each later one's key is marked with its id, so none
is lost or merged unseen.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a5c9e2f7d318"
down_revision: str | None = "e6b2d9f4a157"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "uq_diagnostic_campaign_key"


def _fill_keys() -> None:
    connection = op.get_bind()
    query = "SELECT id, region_code, municipality_code, card_id, stage, school_year, held_on, title FROM diagnostic_campaign"
    seen: set[str] = set()
    for row in connection.execute(sa.text(f"{query} ORDER BY id")).all():
        place = f"{row.region_code}|{row.municipality_code or ''}"
        title = hashlib.sha256(" ".join(row.title.casefold().split()).encode()).hexdigest()[:16]
        key = f"{place}|{row.card_id}|{row.stage}|{row.school_year}|{str(row.held_on)[:10]}|{title}"[:200]
        if key in seen:
            key = f"{key[:180]} #{row.id}"
        seen.add(key)
        connection.execute(sa.text("UPDATE diagnostic_campaign SET campaign_key = :key WHERE id = :id"),
                           {"key": key, "id": row.id})  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("diagnostic_campaign") as batch:
        batch.add_column(sa.Column("campaign_key", sa.String(length=200), nullable=False, server_default=""))
    _fill_keys()
    with op.batch_alter_table("diagnostic_campaign") as batch:
        batch.create_unique_constraint(CONSTRAINT, ["campaign_key"])


def downgrade() -> None:
    with op.batch_alter_table("diagnostic_campaign") as batch:
        batch.drop_constraint(CONSTRAINT, type_="unique")
        batch.drop_column("campaign_key")
