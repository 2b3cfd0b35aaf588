"""idempotency records: the kept answers of writes sent with an Idempotency-Key

Revision ID: e52f8b3d0c21
Revises: 8f2b6d4a1c37
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

from services.shared.idempotency import create_table_v1, drop_table_v1

revision: str = "e52f8b3d0c21"
down_revision: str | None = "8f2b6d4a1c37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table_v1()


def downgrade() -> None:
    drop_table_v1()
