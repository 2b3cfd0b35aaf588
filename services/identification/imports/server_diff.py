"""The PostgreSQL path of indicator imports: COPY into a staging table, the diff and the write in SQL.

The validated rows are copied (`COPY … FROM STDIN`, binary: `binary_copy.py`) into a temporary table; one
statement joins it with the stored rows by the natural key and keeps in a second temporary table only the rows
that are new or whose values differ (`IS DISTINCT FROM`, a NOT NULL column the file left empty keeps its stored
value, as in `store.diff`). Writing is then a plain `INSERT … SELECT` of the new rows (the anti-join of the diff
decided they are new) and one `INSERT … ON CONFLICT DO UPDATE` of the changed rows whose data-modifying CTE sits
in the same statement as the `INSERT` of `indicator_revision` (before/after of the changed columns only).
Rows of a school and year the table holds no row of are new without a join: they are inserted from the staging
table itself (`stage` says when). Everything runs in the import's transaction: a failure leaves nothing, and
re-uploading stored rows finds no difference.
Registry kinds and SQLite keep `store.diff` / `store.apply` (bulk executemany), with the same results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from psycopg.errors import UniqueViolation
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.identification.imports import store
from services.identification.imports.binary_copy import binary_copy_parts, column_types
from services.identification.imports.kinds import KindGroup, KindSpec

STAGE = "import_stage"
DIFF = "import_diff"
PAIRS = "import_pairs"
SAME_PAIR = "p.school_id = s.school_id AND p.school_year = s.school_year"
"""The stored pair `p` (`_stored_pairs`) is the school and year of the staging row `s`."""
OLD = "old__"
WORK_MEM = "128MB"
SAMPLE_ROWS = 64
"""Staged rows whose schools and years are probed before every pair is (`_stored_pairs`)."""


def applies(session: Session, kind: KindSpec) -> bool:
    """Whether this import takes the COPY path: an indicator kind on PostgreSQL."""
    return kind.group == KindGroup.indicators and session.get_bind().dialect.name == "postgresql"


@dataclass
class ServerDiff:
    """Counts of a diff computed in the database; its rows wait in the temporary table `import_diff`."""

    kind: KindSpec
    key: list[str]
    values: list[str]
    created: int
    updated: int
    unchanged: int
    fresh: bool = False
    """The table held no row of the file's schools in the file's years: every staged row is new, no diff was
    built, and the rows are read from the staging table itself (`_rows`)."""
    partial: bool = False
    """Only the rows of the schools and years the table holds were diffed (`import_diff`); the other staged
    rows are new and read from the staging table beside the diff (`_rows`)."""

    @property
    def changes(self) -> int:
        return self.created + self.updated


def _quote(name: str) -> str:
    return f'"{name}"'


def _typed(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    """Integer columns as nullable integers, so COPY never sees `6.0` for an integer."""
    converted = {}
    for column in frame.columns:
        if isinstance(table.c[column].type, sa.Integer) and frame[column].dtype != "Int64":
            converted[column] = pd.to_numeric(frame[column].astype(object), errors="raise").round().astype("Int64")
    return frame.assign(**converted) if converted else frame


def _csv_cells(values: pd.Series) -> list[str]:
    """A column as the cells of COPY's CSV, missing values empty (NULL), text quoted: each distinct value is
    written once (`factorize` is C; a column holds a few hundred counts, a few dozen years or subjects)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu" and len(uniques) * 2 > len(values):
        return list(map(str, values.tolist()))  # row numbers: nearly every value distinct, none missing
    written = np.empty(len(uniques) + 1, dtype=object)
    written[:-1] = [_csv_value(value) for value in uniques.tolist()]
    written[-1] = ""
    return written[codes].tolist()


def _csv_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if text else ""


def csv_text(frame: pd.DataFrame) -> str:
    """`frame`, its index first, as the text of `COPY … (FORMAT csv)`: built from whole columns, each row joined
    in C (pandas' `to_csv` formats cell by cell)."""
    columns = [_csv_cells(frame.index.to_series()), *(_csv_cells(frame[c]) for c in frame.columns)]
    return "\n".join(map(",".join, zip(*columns, strict=True))) + "\n" if len(frame) else ""


def _copy(session: Session, frame: pd.DataFrame, columns: list[str]) -> None:
    """`frame` (its index as `row_no`) into the staging table through COPY: the binary stream built from its
    columns (`binary_copy_parts`, sent block by block without joining them), or its CSV text where a column
    cannot be carried so."""
    raw = session.connection().connection.driver_connection
    names = ", ".join(_quote(c) for c in ("row_no", *columns))
    types = column_types(session, f"pg_temp.{STAGE}")
    values = [frame.index.to_series(), *(frame[c] for c in columns)]
    parts = binary_copy_parts(values, [types[c] for c in ("row_no", *columns)])
    form = "csv" if parts is None else "binary"
    with raw.cursor() as cursor, cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN (FORMAT {form})") as copy:  # type: ignore[union-attr]
        for part in [csv_text(frame)] if parts is None else parts:
            copy.write(part)


def _drop(session: Session) -> None:
    for name in (STAGE, DIFF, PAIRS):
        session.execute(sa.text(f"DROP TABLE IF EXISTS pg_temp.{name}"))


def _new_value(column: str, not_null: set[str], defaults: dict[str, Any], stored: bool = True) -> str:
    """The value a row will hold: a NOT NULL column the file left empty keeps the stored (or default) value."""
    if column not in not_null:
        return f"s.{_quote(column)}"
    kept = [f"t.{_quote(column)}"] if stored else []
    fallback = [f":default_{column}"] if defaults.get(column) is not None else []
    candidates = [f"s.{_quote(column)}", *kept, *fallback]
    return f"COALESCE({', '.join(candidates)})" if len(candidates) > 1 else candidates[0]


def _select(
    kind: KindSpec, key: list[str], values: list[str], stored: bool
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """The columns of `import_diff` selected from the staging rows `s` (and, when `stored`, the stored rows `t`
    joined to them), the defaults they name, and each value column's new value."""
    not_null = set(store.not_null(kind, values))
    defaults = store._defaults(kind.model, set(key))
    new = {c: _new_value(c, not_null, defaults, stored) for c in values}
    old = {c: f"t.{_quote(c)}" if stored else "NULL" for c in values}
    select = ", ".join([
        "s.row_no", f"{'t.id' if stored else 'NULL'} AS old_id", *(f"s.{_quote(c)}" for c in key),
        *(f"{new[c]} AS {_quote(c)}" for c in values), *(f"{old[c]} AS {_quote(OLD + c)}" for c in values),
    ])  # fmt: skip
    named = {f"default_{c}": defaults[c] for c in values if c in not_null and defaults.get(c) is not None}
    return select, named, new


def stage(session: Session, kind: KindSpec, good: pd.DataFrame, key: list[str], values: list[str]) -> ServerDiff:
    """Copy the rows into the staging table and keep their difference from the stored rows in `import_diff`.

    Every indicator's key holds its school and year, so a row of a school and year the table holds no row of is
    new without a diff. When the table holds no row of the file's years, or none of its schools in those years,
    no diff is built and the rows are inserted from the staging table itself: the first upload of a year, the
    usual import of a region's results, or a data centre's later batch of that year. The join of the diff and
    the copy of every row into `import_diff` were a sixth of such an import's time in the database, and the join
    reads every stored year. Otherwise only the rows of the schools and years the table holds are diffed."""
    table: sa.Table = kind.model.__table__
    columns = [*key, *values]
    listed = ", ".join(_quote(c) for c in columns)
    _drop(session)
    # The diff's hash join holds the stored rows of a region (~80 MB at 500,000 rows); with the default 4 MB it
    # spilled to eight batches on disk. For this transaction only.
    session.execute(sa.text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    session.execute(
        sa.text(f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS SELECT {listed} FROM {table.name} WITH NO DATA")
    )
    session.execute(sa.text(f"ALTER TABLE {STAGE} ADD COLUMN row_no integer"))
    _copy(session, _typed(good[columns], table), columns)
    years = _file_years(table, good)
    if _years_unstored(session, table, years):
        return ServerDiff(kind, key, values, len(good), 0, 0, fresh=True)
    stored_rows = _stored_pairs(session, table, key, len(good))
    if stored_rows == 0:
        return ServerDiff(kind, key, values, len(good), 0, 0, fresh=True)
    partial = stored_rows is not None and stored_rows < len(good)
    pairs = f"JOIN {PAIRS} p ON {SAME_PAIR} " if partial else ""
    matches = [f"t.{_quote(c)} = s.{_quote(c)}" for c in key]
    if years:  # the stored rows of the file's years only: reading every year took twice as long for three
        matches.append("t.school_year IN :years")
    joined = " AND ".join(matches)
    select, defaults, new = _select(kind, key, values, stored=True)
    differs = " OR ".join(f"{new[c]} IS DISTINCT FROM t.{_quote(c)}" for c in values) or "FALSE"
    diff = sa.text(
        f"CREATE TEMP TABLE {DIFF} ON COMMIT DROP AS SELECT {select} FROM {STAGE} s "
        f"{pairs}LEFT JOIN {table.name} t ON {joined} WHERE t.id IS NULL OR {differs}"
    )
    if years:
        diff = diff.bindparams(sa.bindparam("years", years, expanding=True))
    session.execute(diff, defaults)
    created, updated = session.execute(
        sa.text(
            f"SELECT count(*) FILTER (WHERE old_id IS NULL), count(*) FILTER (WHERE old_id IS NOT NULL) FROM {DIFF}"
        )
    ).one()
    created = int(created) + (len(good) - (stored_rows or 0) if partial else 0)
    return ServerDiff(kind, key, values, created, int(updated), len(good) - created - int(updated), partial=partial)


def _file_years(table: sa.Table, good: pd.DataFrame) -> list[str] | None:
    """The school years of the rows, or None when the kind has none."""
    if "school_year" not in good.columns or "school_year" not in table.c:
        return None
    return sorted({str(year) for year in good["school_year"].dropna().unique().tolist()})


def _years_unstored(session: Session, table: sa.Table, years: list[str] | None) -> bool:
    """Whether the table holds no row of the school `years` (its `school_year` index answers). Imports of a kind
    take turns (`advisory_lock`); a writer outside them that stores one of the keys meanwhile makes the insert
    fall back to the upsert (`_insert_new`)."""
    if not years:
        return False
    stored = session.execute(sa.select(sa.literal(1)).where(table.c.school_year.in_(years)).limit(1)).first()
    return stored is None


def _stored_pairs(session: Session, table: sa.Table, key: list[str], rows: int) -> int | None:
    """How many of the `rows` staged rows are of a school and year the table holds rows of; those pairs are kept
    in the temporary table `import_pairs`. None when every row is to be diffed: the key does not start with
    both, or a sample of the rows finds each one's school and year stored (a file sent again or corrected, where
    probing every pair would only add a fifth to the diff's time).

    One probe of the unique key (every indicator's starts with the school and the year) per pair: forced by the
    `LATERAL … LIMIT 1`, so the planner never reads the whole table for it."""
    if key[:2] != ["school_id", "school_year"]:
        return None
    probe = (
        f"LATERAL (SELECT 1 AS found FROM {table.name} t WHERE t.school_id = p.school_id "
        "AND t.school_year = p.school_year LIMIT 1) stored"
    )
    sample = f"(SELECT school_id, school_year FROM {STAGE} WHERE row_no % :step = 0 LIMIT :size) p"
    every_stored = session.execute(
        sa.text(f"SELECT count(*) = count(stored.found) FROM {sample} LEFT JOIN {probe} ON TRUE"),
        {"step": max(1, rows // SAMPLE_ROWS), "size": SAMPLE_ROWS},
    ).scalar_one()
    if every_stored:
        return None
    grouped = f"(SELECT school_id, school_year, count(*) AS n FROM {STAGE} GROUP BY school_id, school_year) p"
    session.execute(
        sa.text(f"CREATE TEMP TABLE {PAIRS} ON COMMIT DROP AS SELECT p.* FROM {grouped} CROSS JOIN {probe}")
    )
    return int(session.execute(sa.text(f"SELECT coalesce(sum(n), 0) FROM {PAIRS}")).scalar_one())


def _rows(diff: ServerDiff) -> tuple[str, dict[str, Any]]:
    """The relation `import_diff` stands for, and its parameters: the table itself; for a fresh diff the
    staging rows read as it would hold them; for a partial one the table and, after it, the staging rows of the
    schools and years it left out."""
    if not diff.fresh and not diff.partial:
        return DIFF, {}
    select, defaults, _ = _select(diff.kind, diff.key, diff.values, stored=False)
    staged = f"SELECT {select} FROM {STAGE} s"
    if diff.fresh:
        return f"({staged})", defaults
    unstored = f"NOT EXISTS (SELECT 1 FROM {PAIRS} p WHERE {SAME_PAIR})"
    return f"(SELECT * FROM {DIFF} UNION ALL {staged} WHERE {unstored})", defaults


def changed_rows(session: Session, diff: ServerDiff, added: bool, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` rows of the diff, new (`added`) or changed, in file order: `row_no`, the key, the new
    values and, under `old__<column>`, the stored ones."""
    condition = "old_id IS NULL" if added else "old_id IS NOT NULL"
    relation, parameters = _rows(diff)
    rows = session.execute(
        sa.text(f"SELECT * FROM {relation} d WHERE {condition} ORDER BY row_no LIMIT :limit"),
        {"limit": limit, **parameters},
    )
    return [dict(row._mapping) for row in rows]


def apply(session: Session, diff: ServerDiff, batch_id: int, now: datetime) -> None:
    """Write the diff: the new rows by a plain `INSERT … SELECT`, the changed rows by an upsert whose statement
    also inserts their revisions."""
    kind, key, values = diff.kind, diff.key, diff.values
    table: sa.Table = kind.model.__table__
    defaults = {c: v for c, v in store._defaults(kind.model, set(key)).items() if c not in values and c in table.c}
    defaults.pop("batch_id", None)
    defaults.pop("updated_at", None)
    extra = list(defaults)
    target = ", ".join(_quote(c) for c in (*key, *values, *extra, "batch_id", "updated_at"))
    source = ", ".join(
        [*(f"d.{_quote(c)}" for c in (*key, *values)), *(f":extra_{c}" for c in extra), ":batch", ":now"]
    )
    conflict = ", ".join(_quote(c) for c in key)
    updates = ", ".join(f"{_quote(c)} = EXCLUDED.{_quote(c)}" for c in (*values, "batch_id", "updated_at"))
    upsert = f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    relation, read = _rows(diff)
    parameters = {"batch": batch_id, "now": now, "kind": kind.name, **{f"extra_{c}": v for c, v in defaults.items()}}
    parameters |= read
    insert = f"INSERT INTO {table.name} ({target}) SELECT {source} FROM {relation} d"
    # In the file's order (`row_no`): new rows get their ids as the file lists them, whatever order the COPY
    # stream had (`binary_copy` sends rows grouped by layout); a run breaks ties by that order.
    if diff.created:
        _insert_new(session, f"{insert} WHERE d.old_id IS NULL ORDER BY d.row_no", upsert, parameters)
    if diff.updated:
        _update_changed(session, diff, f"{insert} WHERE d.old_id IS NOT NULL ORDER BY d.row_no {upsert}", parameters)
    _drop(session)


def _update_changed(session: Session, diff: ServerDiff, upsert: str, parameters: dict[str, Any]) -> None:
    """The changed rows by `upsert`, and in the same statement their revisions: before and after of the columns
    that changed only."""
    key, values = diff.key, diff.values
    label = ", ".join(f"d.{_quote(c)}" for c in key if c != "school_id")
    pairs = ", ".join(f"'{c}', d.{_quote(OLD + c)}" for c in values)
    after_pairs = ", ".join(f"'{c}', d.{_quote(c)}" for c in values)
    same = ", ".join(f"CASE WHEN d.{_quote(c)} IS NOT DISTINCT FROM d.{_quote(OLD + c)} THEN '{c}' END" for c in values)
    session.execute(
        sa.text(
            f"WITH upserted AS ({upsert}) "
            "INSERT INTO indicator_revision (batch_id, kind, school_id, key, before, after, changed_at) "
            f"SELECT :batch, :kind, d.school_id, left(concat_ws('|', {label}), 200), "
            f"(jsonb_build_object({pairs}) - ARRAY[{same}]::text[])::json, "
            f"(jsonb_build_object({after_pairs}) - ARRAY[{same}]::text[])::json, :now "
            f"FROM {DIFF} d WHERE d.old_id IS NOT NULL ORDER BY d.row_no"
        ),
        parameters,
    )


def _insert_new(session: Session, insert: str, upsert: str, parameters: dict[str, Any]) -> None:
    """The rows whose key the diff found new, without the upsert's work per row (its arbiter-index probe and
    speculative insertion: about 2 of a 500,000-row import's database CPU-seconds).

    Imports of a kind are serialised (`advisory_lock` in the service), so no other import can store one of these
    keys between the diff and this statement. Should a writer outside imports have done so, the unique key
    refuses the insert: the statement is rolled back to its savepoint and repeated as an upsert, so the file's
    values are stored and the import still answers (those rows count as created, without revisions, as they did
    when every write was an upsert)."""
    try:
        with session.begin_nested():
            session.execute(sa.text(insert), parameters)
    except IntegrityError as error:
        if not isinstance(error.orig, UniqueViolation):
            raise
        session.execute(sa.text(f"{insert} {upsert}"), parameters)
