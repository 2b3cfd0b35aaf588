"""The row-by-row preview of a dry run: which rows would be added, which changed (old → new of the changed values
only) and which refused (with their errors), at most `PREVIEW_LIMIT` rows per list, in file order."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from services.identification.imports import server_diff, store
from services.identification.imports.kinds import SCHOOL_NAME, KindSpec
from services.identification.imports.parsing import ParsedTable
from services.identification.imports.schemas import (
    PREVIEW_LIMIT,
    CellValue,
    ImportPreview,
    PreviewRow,
    PreviewValue,
    RefusedError,
    RefusedRow,
)
from services.identification.imports.validation import Validated
from services.identification.registry.models import School

CANONICAL = {model: canonical for canonical, model in store.MODEL_COLUMN.items()}
HIDDEN = {"school_id", "school_code", SCHOOL_NAME}
"""Columns a preview row shows apart (its school), never among its values."""


def _cell(value: Any) -> CellValue:
    plain = store._plain(value)
    if isinstance(plain, bool):
        return "да" if plain else "нет"
    if plain is None or isinstance(plain, str | int | float):
        return plain
    return str(plain)


def _differs(old: Any, new: Any) -> bool:
    a, b = _cell(old), _cell(new)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return not (a == b or (math.isnan(a) and math.isnan(b)))
    return a != b


class _Builder:
    def __init__(self, session: Session, kind: KindSpec, table: ParsedTable, validated: Validated) -> None:
        self.session, self.kind, self.table, self.validated = session, kind, table, validated
        self.headers = {m.column: m.header for m in validated.columns}
        self.code_column = "school_code" if "school_code" in validated.frame.columns else kind.key[0]

    def title(self, model_column: str) -> str:
        """The column as the file names it, else its Russian title."""
        canonical = CANONICAL.get(model_column, model_column)
        header = self.headers.get(canonical)
        if header and header != canonical:
            return header
        spec = self.kind.by_name.get(canonical)
        return spec.label if spec else canonical

    def code(self, position: int) -> str:
        value = self.validated.frame.at[position, self.code_column]
        return "" if value is None or value is pd.NA else str(value)

    def rows(self, positions: list[int], values: Callable[[int], list[PreviewValue]]) -> list[PreviewRow]:
        codes = {position: self.code(position) for position in positions}
        names = self.names(set(codes.values()))
        return [
            PreviewRow(
                row=self.table.row_numbers[position],
                school_code=codes[position],
                school_name=names.get(codes[position]),
                values=values(position),
            )
            for position in positions
        ]

    def names(self, codes: set[str]) -> dict[str, str]:
        if not codes:
            return {}
        statement = select(School.school_code, School.short_name).where(col(School.school_code).in_(sorted(codes)))
        return {code: name for code, name in self.session.execute(statement).all()}

    def added_values(self, record: dict[str, Any], columns: Iterable[str]) -> list[PreviewValue]:
        return [PreviewValue(column=self.title(c), old=None, new=_cell(record[c])) for c in columns if c not in HIDDEN]

    def refused(self) -> list[RefusedRow]:
        by_row: dict[int, list[RefusedError]] = {}
        for error in self.validated.errors:
            refused = RefusedError(column=error.column, code=error.code, detail=error.detail)
            by_row.setdefault(error.row, []).append(refused)
        positions = {number: position for position, number in enumerate(self.table.row_numbers)}
        mapping = self.table.mapping(self.kind)
        school_columns = [p for name in ("school_code", SCHOOL_NAME) for p, c in mapping.items() if c == name]
        return [
            RefusedRow(row=number, school=self._school_of(positions.get(number), school_columns), errors=by_row[number])
            for number in sorted(by_row)[: PREVIEW_LIMIT + 1]
        ]

    def _school_of(self, position: int | None, school_columns: list[int]) -> str | None:
        """The school a refused row names as written (its code, else its name), if any."""
        if position is None:
            return None
        cells = [self.table.cell(position, p) for p in school_columns]
        texts = [str(c).strip() for c in cells if c is not None and c is not pd.NA]
        return next((text for text in texts if text and text != "nan"), None)


def build(
    session: Session,
    kind: KindSpec,
    table: ParsedTable,
    validated: Validated,
    changes: store.Diff | server_diff.ServerDiff,
) -> ImportPreview:
    """The preview of a dry run whose diff is `changes` (computed in memory or waiting in the database)."""
    builder = _Builder(session, kind, table, validated)
    if isinstance(changes, server_diff.ServerDiff):
        added, changed = _server_rows(session, builder, changes)
    else:
        added, changed = _memory_rows(builder, changes)
    refused = builder.refused()
    truncated = any(len(rows) > PREVIEW_LIMIT for rows in (added, changed, refused))
    cut = PREVIEW_LIMIT
    return ImportPreview(added=added[:cut], changed=changed[:cut], refused=refused[:cut], truncated=truncated)


def _server_rows(
    session: Session, builder: _Builder, changes: server_diff.ServerDiff
) -> tuple[list[PreviewRow], list[PreviewRow]]:
    columns = [*changes.key, *changes.values]
    added = {r["row_no"]: r for r in server_diff.changed_rows(session, changes, True, PREVIEW_LIMIT + 1)}
    changed = {r["row_no"]: r for r in server_diff.changed_rows(session, changes, False, PREVIEW_LIMIT + 1)}

    def old_new(position: int) -> list[PreviewValue]:
        row = changed[position]
        return [
            PreviewValue(column=builder.title(c), old=_cell(row[server_diff.OLD + c]), new=_cell(row[c]))
            for c in changes.values
            if _differs(row[server_diff.OLD + c], row[c])
        ]

    return (
        builder.rows(list(added), lambda position: builder.added_values(added[position], columns)),
        builder.rows(list(changed), old_new),
    )


def _memory_rows(builder: _Builder, changes: store.Diff) -> tuple[list[PreviewRow], list[PreviewRow]]:
    columns = [*changes.key, *changes.values]
    inserts = changes.inserts.head(PREVIEW_LIMIT + 1)
    added = {
        int(changes.positions[at]): record
        for at, record in zip(inserts.index, store.records(inserts[columns]), strict=True)
    }
    changed = {int(changes.positions[r["at"]]): r for r in changes.revisions[: PREVIEW_LIMIT + 1]}

    def old_new(position: int) -> list[PreviewValue]:
        revision = changed[position]
        return [
            PreviewValue(column=builder.title(c), old=_cell(revision["before"][c]), new=_cell(new))
            for c, new in revision["after"].items()
        ]

    return (
        builder.rows(sorted(added), lambda position: builder.added_values(added[position], columns)),
        builder.rows(sorted(changed), old_new),
    )
