"""ids never given twice on SQLite: AUTOINCREMENT on the tables whose rows are deleted

SQLite gives the id of a deleted last row to the next row: a stage id read before a deadline was rewritten named
the new stage that took it, and a deleted activity's audit events became a new activity's history. PostgreSQL's
sequences never reuse an id; this is a no-op there.

Revision ID: f1d8a2c6e473
Revises: a3c9e7f1b254
Create Date: 2026-12-02 15:10:00
"""

from collections.abc import Sequence

from services.shared.migrations import sqlite_autoincrement

revision: str = "f1d8a2c6e473"
down_revision: str | None = "a3c9e7f1b254"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("activity", "activity_occurrence", "activity_school", "activity_comment", "evidence", "measure_template")
"""The tables whose rows are deleted (a draft's activity with its parts, a stage of a rewritten deadline, a
library measure)."""


def upgrade() -> None:
    sqlite_autoincrement(TABLES)


def downgrade() -> None:
    """The ids stay as they are: AUTOINCREMENT only keeps them from being given again."""
