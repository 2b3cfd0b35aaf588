"""idempotency records: the kept answers of writes sent with an Idempotency-Key

Revision ID: a74b0d5f2e43
Revises: 5c0d7e3a9b21
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

from services.shared.idempotency import create_table_v1, drop_table_v1

revision: str = "a74b0d5f2e43"
down_revision: str | None = "5c0d7e3a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table_v1()


def downgrade() -> None:
    drop_table_v1()
