"""the shipped methodology named as an official writes it, not by source-file numbers

Revision ID: 6f1d2a9c4b7e
Revises: 093d3ba81344
Create Date: 2026-11-30 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6f1d2a9c4b7e"
down_revision: str | None = "093d3ba81344"
branch_labels: str | Sequence[str] | None = None

OLD_NAME = "Методика по умолчанию: критерии приказов 000–004 и показатели Рособрнадзора"
NEW_NAME = (
    "Методика идентификации школ с низкими образовательными результатами и школ, функционирующих в "
    "неблагоприятных социальных условиях"
)
NEW_DESCRIPTION = (
    "Критерии муниципальных порядков идентификации ШНОР и ШНСУ, показатели Рособрнадзора и рисковый профиль "
    "проекта «500+»."
)

methodology = sa.table(
    "methodology", sa.column("family", sa.String), sa.column("name", sa.String), sa.column("description", sa.Text)
)
run = sa.table("identification_run", sa.column("methodology_label", sa.String))


def _rename(old: str, new: str, description: str | None) -> None:
    values: dict[str, str] = {"name": new}
    if description is not None:
        values["description"] = description
    op.execute(methodology.update().where(methodology.c.name == old).values(**values))
    op.execute(
        run.update()
        .where(run.c.methodology_label.like(f"{old}, версия %"))
        .values(methodology_label=sa.func.replace(run.c.methodology_label, old, new))
    )


def upgrade() -> None:
    _rename(OLD_NAME, NEW_NAME, NEW_DESCRIPTION)


def downgrade() -> None:
    _rename(NEW_NAME, OLD_NAME, None)
