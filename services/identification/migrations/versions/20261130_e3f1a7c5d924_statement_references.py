"""the foreign keys of the bulk-written tables checked once per statement (PostgreSQL)

Revision ID: e3f1a7c5d924
Revises: 6a4d2e8c1f57
Create Date: 2026-11-30 18:00:00

PostgreSQL checks a foreign key row by row: one trigger call and one index probe for each written row. An import
of a region's results writes about 490,000 rows and a run about 40,000 `run_school` rows, each naming a school and
a batch or a run, so the checks were the largest part of the database's work (bench/imports.py: 5.1 of 7.3
CPU-s per new import; 0.46 s of a run's insert).

The same rules stay the database's, checked once per statement over its transition table, with the same locks:
- a written row's `school_id`, `batch_id` or `run_id` must name an existing row: after every INSERT, and after an
  UPDATE for the values it changed, the named rows are locked FOR KEY SHARE in one statement (the lock a foreign
  key takes, so a concurrent DELETE of them waits for the writer and then fails) and a missing one raises
  `foreign_key_violation` (SQLSTATE 23503, as a foreign key does), naming the table, column and value;
- a school, batch or run that rows name may not be deleted, nor its id changed (NO ACTION): after such a DELETE or
  UPDATE the referencing tables are searched for the ids that went, and TRUNCATE is refused while they hold rows.

The checks read with a fresh snapshot per statement (READ COMMITTED, the services' level): a row committed by
another transaction meanwhile is seen. SQLite keeps its declared foreign keys (`models.py` declares them for
both). Tables written a row at a time (overrides, teachers, competence) keep their declared keys.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e3f1a7c5d924"
down_revision: str | None = "6a4d2e8c1f57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDICATOR_TABLES = (
    "assessment_result",
    "vpr_objectivity",
    "social_indicator",
    "staffing_indicator",
    "olympiad_participation",
    "risk_level",
    "measure_value",
    "indicator_revision",
)
REFERENCES = (
    *((table, "school_id", "school") for table in INDICATOR_TABLES),
    *((table, "batch_id", "import_batch") for table in INDICATOR_TABLES),
    ("run_school", "school_id", "school"),
    ("run_school", "run_id", "identification_run"),
)
"""(table, column, referenced table): every referenced table's key is `id`."""

REFERENCES_CHECK = """
CREATE FUNCTION references_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
    parent text := TG_ARGV[1];
    named text;
    wanted bigint;
    locked bigint;
    missing text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        named := format('SELECT DISTINCT %1$I AS id FROM new_rows WHERE %1$I IS NOT NULL', col);
    ELSE
        named := format('SELECT DISTINCT n.%1$I AS id FROM new_rows n JOIN old_rows o ON o.id = n.id'
                        ' WHERE n.%1$I IS NOT NULL AND n.%1$I IS DISTINCT FROM o.%1$I', col);
    END IF;
    EXECUTE format('WITH named AS MATERIALIZED (%1$s),'
                   ' locked AS (SELECT 1 FROM %2$I WHERE id IN (SELECT id FROM named) FOR KEY SHARE)'
                   ' SELECT (SELECT count(*) FROM named), (SELECT count(*) FROM locked)', named, parent)
        INTO wanted, locked;
    IF locked < wanted THEN
        EXECUTE format('SELECT named.id::text FROM (%1$s) named'
                       ' WHERE NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.id = named.id) LIMIT 1', named, parent)
            INTO missing;
        RAISE foreign_key_violation USING
            MESSAGE = format('insert or update on table "%s" violates foreign key constraint "%s_%s_fkey"',
                             TG_TABLE_NAME, TG_TABLE_NAME, col),
            DETAIL = format('Key (%s)=(%s) is not present in table "%s".', col, missing, parent),
            TABLE = TG_TABLE_NAME, COLUMN = col, CONSTRAINT = format('%s_%s_fkey', TG_TABLE_NAME, col);
    END IF;
    RETURN NULL;
END $$
"""

REFERENCED_CHECK = """
CREATE FUNCTION referenced_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone bigint[];
    found text;
    i integer := 0;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(id) INTO gone FROM old_rows;
    ELSE
        SELECT array_agg(o.id) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id);
    END IF;
    IF gone IS NULL THEN
        RETURN NULL;
    END IF;
    WHILE i < TG_NARGS LOOP
        EXECUTE format('SELECT %2$I::text FROM %1$I WHERE %2$I = ANY($1) LIMIT 1', TG_ARGV[i], TG_ARGV[i + 1])
            INTO found USING gone;
        IF found IS NOT NULL THEN
            RAISE foreign_key_violation USING
                MESSAGE = format('update or delete on table "%s" violates foreign key constraint "%s_%s_fkey" on'
                                 ' table "%s"', TG_TABLE_NAME, TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[i]),
                DETAIL = format('Key (id)=(%s) is still referenced from table "%s".', found, TG_ARGV[i]),
                TABLE = TG_TABLE_NAME, CONSTRAINT = format('%s_%s_fkey', TG_ARGV[i], TG_ARGV[i + 1]);
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NULL;
END $$
"""

REFERENCED_TRUNCATE = """
CREATE FUNCTION referenced_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i integer := 0;
    found boolean;
BEGIN
    WHILE i < TG_NARGS LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_ARGV[i]) INTO found;
        IF found THEN
            RAISE feature_not_supported USING
                MESSAGE = format('cannot truncate table "%s": table "%s" references it', TG_TABLE_NAME, TG_ARGV[i]);
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NULL;
END $$
"""


def _referencing(parent: str) -> list[str]:
    """The trigger arguments naming every (table, column) that references `parent`, as quoted literals."""
    return [f"'{name}'" for table, column, referenced in REFERENCES if referenced == parent for name in (table, column)]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in (REFERENCES_CHECK, REFERENCED_CHECK, REFERENCED_TRUNCATE):
        op.execute(statement)
    for table, column, parent in REFERENCES:
        op.execute(
            "DO $$ DECLARE name text; BEGIN"
            " SELECT conname INTO name FROM pg_constraint c JOIN pg_attribute a"
            " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            f" WHERE c.contype = 'f' AND c.conrelid = '{table}'::regclass AND a.attname = '{column}';"
            f" IF name IS NOT NULL THEN EXECUTE format('ALTER TABLE {table} DROP CONSTRAINT %I', name); END IF;"
            " END $$"
        )
        arguments = f"'{column}', '{parent}'"
        op.execute(
            f"CREATE TRIGGER references_{column}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION references_check({arguments})"
        )
        op.execute(
            f"CREATE TRIGGER references_{column}_update AFTER UPDATE ON {table}"
            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION references_check({arguments})"
        )
    for parent in sorted({referenced for _, _, referenced in REFERENCES}):
        arguments = ", ".join(_referencing(parent))
        op.execute(
            f"CREATE TRIGGER referenced_delete AFTER DELETE ON {parent} REFERENCING OLD TABLE AS old_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION referenced_check({arguments})"
        )
        op.execute(
            f"CREATE TRIGGER referenced_update AFTER UPDATE ON {parent}"
            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION referenced_check({arguments})"
        )
        op.execute(
            f"CREATE TRIGGER referenced_truncate BEFORE TRUNCATE ON {parent}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION referenced_truncate({arguments})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for parent in sorted({referenced for _, _, referenced in REFERENCES}):
        for trigger in ("referenced_delete", "referenced_update", "referenced_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {parent}")
    for table, column, parent in REFERENCES:
        op.execute(f"DROP TRIGGER IF EXISTS references_{column}_insert ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS references_{column}_update ON {table}")
        op.execute(f"ALTER TABLE {table} ADD FOREIGN KEY ({column}) REFERENCES {parent} (id)")
    for function in ("references_check", "referenced_check", "referenced_truncate"):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
