"""The body of every service's Alembic `env.py`: one service, its own metadata, its own database.

Replicas starting at once on a fresh PostgreSQL database would each try to create the same tables; the
upgrade therefore runs under a session-level advisory lock named after the service, so the first one
migrates and the others wait, then find the schema at head and do nothing.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, text

from services.shared.db import advisory_key, make_engine
from services.shared.settings import get_settings


def run_migrations(service: str, metadata: MetaData) -> None:
    """Migrate the database of `service` (URL from settings unless the Alembic config names one)."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url(service)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": advisory_key(f"migrate:{service}")})
            connection.commit()  # the lock is the session's; the migration runs in transactions of its own
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": advisory_key(f"migrate:{service}")})
            connection.commit()
    engine.dispose()
