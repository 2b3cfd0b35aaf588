"""idempotency records: the kept answers of writes sent with an Idempotency-Key

Revision ID: d41e7a2c9b10
Revises: 5c1e7b9d3a26
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

from services.shared.idempotency import create_table_v1, drop_table_v1

revision: str = "d41e7a2c9b10"
down_revision: str | None = "5c1e7b9d3a26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table_v1()


def downgrade() -> None:
    drop_table_v1()
