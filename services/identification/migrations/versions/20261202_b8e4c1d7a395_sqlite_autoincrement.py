"""ids never given twice on SQLite: AUTOINCREMENT on the methodology table, whose drafts are deleted

SQLite gives the id of a deleted last row to the next row: a deleted draft methodology's id (and its audit
history) would name the next methodology created. PostgreSQL's sequences never reuse an id; a no-op there.

Revision ID: b8e4c1d7a395
Revises: c7a3e9d1f482
Create Date: 2026-12-02 15:20:00
"""

from collections.abc import Sequence

from services.shared.migrations import sqlite_autoincrement

revision: str = "b8e4c1d7a395"
down_revision: str | None = "c7a3e9d1f482"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite_autoincrement(("methodology",))


def downgrade() -> None:
    """The ids stay as they are: AUTOINCREMENT only keeps them from being given again."""
