"""measure_value: generic per-school measures (a regional index such as ИОР) for methodology rules;
stored methodology copies keep their olympiad rule for every school

The olympiad rule's new default applies it to schools teaching grades 9–11 only. A copy saved before carries no
`taught_grades`, and would silently take the new default when read: it gets `[]` (every school), as it was. The
shipped default (family `default`) takes the new default on purpose.

Revision ID: 7c1e5a0d9b42
Revises: 7c1e5a9d2b40
Create Date: 2026-11-30 03:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7c1e5a0d9b42"
down_revision: str | None = "7c1e5a9d2b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "measure_value",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("school_id", "school_year", "measure"),
    )
    with op.batch_alter_table("measure_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_value_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_value_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_value_school_year"), ["school_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_value_measure"), ["measure"], unique=False)
    _keep_olympiad_for_every_school()


def _keep_olympiad_for_every_school() -> None:
    methodology = sa.table(
        "methodology", sa.column("id", sa.Integer()), sa.column("family", sa.String()), sa.column("rules", sa.JSON())
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(methodology.c.id, methodology.c.rules).where(methodology.c.family != "default"))
    for methodology_id, rules in rows.fetchall():
        olympiad = (rules or {}).get("olympiad_share")
        if isinstance(olympiad, dict) and "taught_grades" not in olympiad:
            changed = {**rules, "olympiad_share": {**olympiad, "taught_grades": []}}
            connection.execute(methodology.update().where(methodology.c.id == methodology_id).values(rules=changed))


def downgrade() -> None:
    with op.batch_alter_table("measure_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_value_measure"))
        batch_op.drop_index(batch_op.f("ix_measure_value_school_year"))
        batch_op.drop_index(batch_op.f("ix_measure_value_school_id"))
        batch_op.drop_index(batch_op.f("ix_measure_value_batch_id"))
    op.drop_table("measure_value")
