"""frame store: the run's input frames kept per indicator table and school year, versioned by the database

Revision ID: 9d4f2b7e1a35
Revises: 4e8a1c7d2f60
Create Date: 2026-11-30 12:00:00

PostgreSQL only (SQLite reads the rows directly, `runs/frames.py`). `frame_version` holds one counter per
indicator table, bumped by a statement-level trigger on every INSERT, UPDATE, DELETE and TRUNCATE of that table,
whoever writes (imports, the demo loader, endpoints, manual SQL). `frame_blob` holds per table and school year the
integer-coded columns a run reads, as one uncompressed binary value (STORAGE EXTERNAL: numbers do not compress, and
pglz would only cost CPU), tagged with the version of the table it was built from.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9d4f2b7e1a35"
down_revision: str | None = "4e8a1c7d2f60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "assessment_result",
    "vpr_objectivity",
    "social_indicator",
    "olympiad_participation",
    "risk_level",
    "measure_value",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE frame_version (table_name varchar(63) PRIMARY KEY, version bigint NOT NULL DEFAULT 0)")
    op.execute(
        "CREATE TABLE frame_blob ("
        " table_name varchar(63) NOT NULL REFERENCES frame_version (table_name) ON DELETE CASCADE,"
        " school_year varchar(9) NOT NULL,"
        " version bigint NOT NULL,"
        " rows integer NOT NULL,"
        " data bytea NOT NULL,"
        " built_at timestamptz NOT NULL DEFAULT now(),"
        " PRIMARY KEY (table_name, school_year))"
    )
    op.execute("ALTER TABLE frame_blob ALTER COLUMN data SET STORAGE EXTERNAL")
    op.execute(
        "CREATE FUNCTION frame_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " UPDATE frame_version SET version = version + 1 WHERE table_name = TG_TABLE_NAME;"
        " RETURN NULL; END $$"
    )
    for table in TABLES:
        op.execute(f"INSERT INTO frame_version (table_name) VALUES ('{table}')")
        op.execute(
            f"CREATE TRIGGER frame_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION frame_version_bump()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS frame_version_bump ON {table}")
    op.execute("DROP FUNCTION IF EXISTS frame_version_bump()")
    op.execute("DROP TABLE IF EXISTS frame_blob")
    op.execute("DROP TABLE IF EXISTS frame_version")
