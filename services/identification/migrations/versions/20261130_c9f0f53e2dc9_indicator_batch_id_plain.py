"""indicator tables: batch_id without its foreign key and its index

Revision ID: c9f0f53e2dc9
Revises: b5d83f1e6a27
Create Date: 2026-11-30 09:00:00

`batch_id` says which import last wrote a row. Its foreign key made PostgreSQL run one referential check per
written row (`SELECT … FROM import_batch … FOR KEY SHARE`), all against the same batch: at 488,000 new result
rows that check cost twice the insert itself. Batches are never deleted, and the only writer of the column is
the import that has just created the batch in the same transaction. No query reads rows by batch, so its index
only cost every write one more index entry (and kept corrections from being HOT updates).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c9f0f53e2dc9"
down_revision: str | None = "b5d83f1e6a27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "assessment_result",
    "vpr_objectivity",
    "social_indicator",
    "staffing_indicator",
    "olympiad_participation",
    "risk_level",
    "measure_value",
)
CONVENTION = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
"""SQLite's foreign keys have no name: batch mode names them by this convention to drop one."""


def _foreign_key(table: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"{table}_batch_id_fkey"
    return f"fk_{table}_batch_id_import_batch"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, naming_convention=CONVENTION) as batch_op:
            batch_op.drop_index(f"ix_{table}_batch_id")
            batch_op.drop_constraint(_foreign_key(table), type_="foreignkey")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, naming_convention=CONVENTION) as batch_op:
            batch_op.create_foreign_key(_foreign_key(table), "import_batch", ["batch_id"], ["id"])
            batch_op.create_index(f"ix_{table}_batch_id", ["batch_id"], unique=False)
