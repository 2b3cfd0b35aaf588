"""idempotency records: the kept answers of writes sent with an Idempotency-Key

Revision ID: f63a9c4e1d32
Revises: c3a8f1d27e55
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

from services.shared.idempotency import create_table_v1, drop_table_v1

revision: str = "f63a9c4e1d32"
down_revision: str | None = "c3a8f1d27e55"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table_v1()


def downgrade() -> None:
    drop_table_v1()
