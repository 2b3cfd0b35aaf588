"""one directory entry of a name per place: a unique key, enforced by the database

Revision ID: b2f7c4e9a613
Revises: f1d8a2c6e473
Create Date: 2026-12-02 17:50:00

Two people adding the same responsible person at once made two entries, and the plans then named one or the
other. `name_key` is the name as compared (case, «ё», punctuation and spacing aside), `place_key` the most
precise territory of the entry (its school's, else its municipality's, else its region's code, '' for none);
the unique key holds a name of a kind once per place. Entries stored twice before all stay (plans refer to
them by id): each later one's key is marked with its id.
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2f7c4e9a613"
down_revision: str | None = "f1d8a2c6e473"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_party_place_name"


def _name_key(name: str) -> str:
    """As `services.roadmap.plans.models.name_key` does it when this migration was written."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", name).casefold().replace("ё", "е")))


def _fill_keys() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, kind, name, region_code, municipality_code, school_code FROM party ORDER BY id")
    ).all()
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        place = row.school_code or row.municipality_code or row.region_code or ""
        key = _name_key(row.name)
        if (place, row.kind, key) in seen:
            key = f"{key} #{row.id}"[:300]
        seen.add((place, row.kind, key))
        connection.execute(
            sa.text("UPDATE party SET name_key = :key, place_key = :place WHERE id = :id"),
            {"key": key, "place": place, "id": row.id},
        )


def upgrade() -> None:
    op.add_column("party", sa.Column("name_key", sa.String(length=300), nullable=False, server_default=""))
    op.add_column("party", sa.Column("place_key", sa.String(length=30), nullable=False, server_default=""))
    _fill_keys()
    op.create_index(INDEX, "party", ["place_key", "kind", "name_key"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="party")
    op.drop_column("party", "place_key")
    op.drop_column("party", "name_key")
