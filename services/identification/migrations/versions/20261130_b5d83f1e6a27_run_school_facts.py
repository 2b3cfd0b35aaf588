"""run school facts: the compact facts of a school's explanation (orjson), its sentences built when read

Revision ID: b5d83f1e6a27
Revises: 3b8d1f6a2c90
Create Date: 2026-11-30 05:35:00

Runs stored before keep their sentences in `rules`, `warnings` and `objectivity_flags` (`facts` is null) and
read as before; a new run leaves those three empty and fills `facts`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5d83f1e6a27"
down_revision: str | None = "3b8d1f6a2c90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run_school") as batch:
        batch.add_column(sa.Column("facts", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run_school") as batch:
        batch.drop_column("facts")
