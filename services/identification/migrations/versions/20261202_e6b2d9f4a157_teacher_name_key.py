"""one teacher of a name per school: a unique key on the name as compared, enforced by the database

Revision ID: e6b2d9f4a157
Revises: b8e4c1d7a395
Create Date: 2026-12-02 17:50:00

Two people adding the same colleague at once made two teachers, whose scores the results then split. `name_key`
is the name as compared (case, «ё», punctuation and spacing aside); the partial unique index holds it once per
school among the teachers on the registry (a removed teacher's name may be added again). Teachers stored twice
before keep their rows and scores: each later one's key is marked with its id, so none is lost or merged unseen.
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e6b2d9f4a157"
down_revision: str | None = "b8e4c1d7a395"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_teacher_school_name"


def _name_key(full_name: str) -> str:
    """As `services.identification.competence.models.name_key` (`normalize_name`) did when this was written."""
    text = unicodedata.normalize("NFC", full_name).lower().replace("ё", "е")
    for char in "\"'«»“”„-–—.,№":
        text = text.replace(char, " ")
    return " ".join(text.split())[:300]


def _fill_keys() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, school_id, full_name, is_active FROM teacher ORDER BY id")).all()
    seen: set[tuple[int, str]] = set()
    for row in rows:
        key = _name_key(row.full_name)
        if row.is_active and (row.school_id, key) in seen:
            key = f"{key} #{row.id}"[:300]
        elif row.is_active:
            seen.add((row.school_id, key))
        connection.execute(sa.text("UPDATE teacher SET name_key = :key WHERE id = :id"), {"key": key, "id": row.id})


def upgrade() -> None:
    op.add_column("teacher", sa.Column("name_key", sa.String(length=300), nullable=False, server_default=""))
    _fill_keys()
    where = sa.text("is_active")
    op.create_index(INDEX, "teacher", ["school_id", "name_key"], unique=True, sqlite_where=where,
                    postgresql_where=where)  # fmt: skip


def downgrade() -> None:
    op.drop_index(INDEX, table_name="teacher")
    op.drop_column("teacher", "name_key")
