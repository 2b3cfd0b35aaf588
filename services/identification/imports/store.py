"""Diffing validated rows against the stored ones by natural key, and writing the difference in bulk.

New keys are inserted, changed rows are updated (only the columns the file brought) with their old values kept
in `indicator_revision`, identical rows are left alone. Everything is one `INSERT … executemany` or one ORM
bulk `UPDATE` by primary key per table, so a region's results load in seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, update
from sqlmodel import Session, select

from services.identification.imports.kinds import ColumnType, KindGroup, KindSpec
from services.identification.imports.models import IndicatorRevision
from services.identification.imports.resolve import among, chunks

MODEL_COLUMN = {"region_code": "region_id", "municipality_code": "municipality_id", "settlement_code": "settlement_id"}
NUMERIC = (ColumnType.integer, ColumnType.number, ColumnType.share, ColumnType.boolean, ColumnType.risk_factor)


@dataclass
class Diff:
    key: list[str]
    values: list[str]
    inserts: pd.DataFrame
    updates: pd.DataFrame
    """`id`, the value columns and, per row, `__before` / `__after` of the changed columns."""
    unchanged: int
    revisions: list[dict[str, Any]] = field(default_factory=list)
    """Per updated row: `id`, `school_id`, `key`, `before`/`after` of the changed columns, `at` (its merged row)."""
    positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))
    """Position in the table of each row of the diff's frames (their index is the row of the merge)."""

    @property
    def changes(self) -> int:
        return len(self.inserts) + len(self.updates)

    @property
    def created(self) -> int:
        return len(self.inserts)

    @property
    def updated(self) -> int:
        return len(self.updates)


def model_key(kind: KindSpec) -> list[str]:
    return ["school_id" if c == "school_code" and kind.group == KindGroup.indicators else c for c in kind.key]


def model_values(kind: KindSpec, present: list[str]) -> list[str]:
    return [MODEL_COLUMN.get(c, c) for c in present if c not in kind.key and c != "aliases"]


def _numeric_columns(kind: KindSpec) -> set[str]:
    found = {MODEL_COLUMN.get(c.name, c.name) for c in kind.columns if c.type in NUMERIC}
    return found | set(MODEL_COLUMN.values()) | {"school_id"}


def load_existing(
    session: Session, kind: KindSpec, frame: pd.DataFrame, key: list[str], values: list[str]
) -> pd.DataFrame:
    """Stored rows that may share a key with `frame`, with their id, key and value columns."""
    model = kind.model
    columns = [model.id, *(getattr(model, c) for c in (*key, *values))]
    selector = getattr(model, key[0])
    rows: list[tuple[Any, ...]] = []
    wanted = [int(v) if isinstance(v, int | np.integer) else v for v in frame[key[0]].dropna().unique().tolist()]
    for condition in among(session, selector, wanted):
        # plain tuples: pandas probes a Row as a mapping first, value by value
        rows.extend(map(tuple, session.execute(select(*columns).where(condition))))
    existing = pd.DataFrame(rows, columns=["id", *key, *values])
    if "roles" in existing.columns:
        existing["roles"] = existing["roles"].map(lambda roles: "|".join(roles or []))
    return existing


def _floats(series: pd.Series) -> np.ndarray:
    if isinstance(series.dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(series.astype(object), errors="coerce").to_numpy(dtype="float64")


def _same(new: pd.Series, old: pd.Series, numeric: bool) -> np.ndarray:
    if numeric:
        a, b = _floats(new), _floats(old)
        return np.asarray((a == b) | (np.isnan(a) & np.isnan(b)))
    a_text = new.astype(object).where(new.notna(), "\x00").astype(str).to_numpy()
    b_text = old.astype(object).where(old.notna(), "\x00").astype(str).to_numpy()
    return np.asarray(a_text == b_text)


def not_null(kind: KindSpec, columns: list[str]) -> list[str]:
    table = kind.model.__table__
    return [c for c in columns if not table.c[c].nullable]


def _normalise_key(frame: pd.DataFrame, key: list[str], numeric: set[str]) -> pd.DataFrame:
    return frame.astype({c: ("int64" if c in numeric else "str") for c in key})


def diff(kind: KindSpec, new: pd.DataFrame, existing: pd.DataFrame, key: list[str], values: list[str]) -> Diff:
    """Which rows of `new` are new, changed (with before/after of the changed columns) or unchanged."""
    numeric = _numeric_columns(kind)
    positions = new.index.to_numpy()
    new = _normalise_key(new[[*key, *values]].reset_index(drop=True), key, numeric)
    existing = _normalise_key(existing, key, numeric)
    merged = new.merge(existing, on=key, how="left", suffixes=("", "__old"))
    for column in not_null(kind, values):
        merged[column] = merged[column].where(merged[column].notna(), merged[f"{column}__old"])
    stored = merged["id"].notna().to_numpy()
    changed = np.zeros(len(merged), dtype=bool)
    same: dict[str, np.ndarray] = {}
    for column in values:
        same[column] = _same(merged[column], merged[f"{column}__old"], column in numeric)
        changed |= ~same[column]
    updated = stored & changed
    updates = merged.loc[updated, ["id", *key, *values]].astype({"id": "int64"})
    revisions = _revisions(merged, updated, key, values, same)
    inserts = merged.loc[~stored, [*key, *values]]
    return Diff(key, values, inserts, updates, int((stored & ~changed).sum()), revisions, positions)


def _plain(value: Any) -> Any:
    """A cell as a JSON value."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _revisions(
    merged: pd.DataFrame, updated: np.ndarray, key: list[str], values: list[str], same: dict[str, np.ndarray]
) -> list[dict[str, Any]]:
    rows = np.flatnonzero(updated)
    found = []
    for row in rows:
        changed = [c for c in values if not same[c][row]]
        found.append({
            "id": int(merged["id"].iloc[row]),
            "school_id": int(merged["school_id"].iloc[row]) if "school_id" in merged.columns else None,
            "key": "|".join(str(merged[c].iloc[row]) for c in key if c != "school_id")[:200],
            "before": {c: _plain(merged[f"{c}__old"].iloc[row]) for c in changed},
            "after": {c: _plain(merged[c].iloc[row]) for c in changed},
            "at": int(row),
        })  # fmt: skip
    return found


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (None for missing), ready for an executemany."""
    plain = frame.astype(object).where(frame.notna(), None)
    found: list[dict[str, Any]] = plain.to_dict("records")
    if "roles" in frame.columns:
        for row in found:
            row["roles"] = [part for part in (row["roles"] or "").split("|") if part]
    return found


def _defaults(model: Any, present: set[str]) -> dict[str, Any]:
    """Values of the model's defaults for the NOT NULL columns a file did not bring."""
    from pydantic_core import PydanticUndefined

    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in present or name == "id":
            continue
        value = info.get_default(call_default_factory=True)
        if value is not PydanticUndefined:
            defaults[name] = value
    return defaults


def apply(session: Session, kind: KindSpec, changes: Diff, batch_id: int, now: datetime) -> None:
    """Write a diff: bulk inserts, bulk updates by primary key, and the revisions of the updated rows."""
    model = kind.model
    stamps: dict[str, Any] = {}
    if "batch_id" in model.model_fields:
        stamps["batch_id"] = batch_id
    if "updated_at" in model.model_fields:
        stamps["updated_at"] = now
    if len(changes.inserts):
        defaults = _defaults(model, set(changes.key))
        required = not_null(kind, changes.values)
        rows = []
        for row in records(changes.inserts):
            for column in required:
                if row[column] is None:
                    row[column] = defaults.get(column)
            rows.append({**defaults, **row, **stamps})
        for chunk in chunks(rows, 20_000):
            session.execute(insert(model), chunk)
    if len(changes.updates):
        rows = [{**row, **stamps} for row in records(changes.updates[["id", *changes.values]])]
        for chunk in chunks(rows, 20_000):
            session.execute(update(model), chunk)
    if changes.revisions:
        school_ids = kind.name == "schools"
        revisions = [
            {
                "batch_id": batch_id,
                "kind": kind.name,
                "school_id": r["id"] if school_ids else r["school_id"],
                "key": r["key"],
                "before": r["before"],
                "after": r["after"],
                "changed_at": now,
            }
            for r in changes.revisions
        ]
        session.execute(insert(IndicatorRevision), revisions)
