"""The rows of an import as PostgreSQL's binary COPY stream, built from whole columns with numpy.

`COPY … FROM STDIN (FORMAT binary)` reads per row a 16-bit field count, then per field a 32-bit length (-1 for
NULL) and the value in the server's binary form, all big-endian: integers and doubles as their bytes, booleans as
one byte, text as UTF-8. Rows whose fields have the same lengths are laid out together as one packed numpy
record array, a column at a time (`binary_copy`; text: each distinct value encoded once), so the stream is not in
the file's order: the import inserts new rows `ORDER BY row_no` (`server_diff.apply`). Building CSV text for
COPY joined half a million rows in Python (≈ 0.6–0.9 CPU-s per import of a region's results) and made the
server parse every number again.

The values mean what the CSV path (`server_diff.csv_text`) makes them mean: NaN and None are NULL, an empty text
is NULL, a boolean in a text column reads `true`/`false`. Whatever this form cannot carry as the column's type (a
column type not listed in `TYPES`, an integer outside the column's range, text in a number column) answers None,
and the caller copies the CSV text instead, whose errors are the server's as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # the signature, no flags, no header extension
TRAILER = b"\xff\xff"
TYPES = {
    "integer": ">i4", "bigint": ">i8", "double precision": ">f8", "boolean": "|u1", "character varying": "", "text": "",
}  # fmt: skip
"""The column types (as `format_type` names them) this stream carries, with their big-endian numpy form ("" for
text)."""


def column_types(connection: sa.Connection | Session, relation: str) -> dict[str, str]:
    """The `format_type` name of each column of `relation` (a table as `regclass` reads it, `pg_temp.…` for a
    temporary one): what `binary_copy` is given for the columns it streams into."""
    rows = connection.execute(
        sa.text(
            "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute"
            " WHERE attrelid = CAST(:relation AS regclass) AND attnum > 0 AND NOT attisdropped"
        ),
        {"relation": relation},
    )
    return {str(name): str(kind) for name, kind in rows}


_INT_RANGE = {">i4": (-(2**31), 2**31 - 1), ">i8": (-(2**63), 2**63 - 1)}


@dataclass
class _Field:
    """One column for the stream: per row its value in the wire's form (`values`; text as bytes) and its length
    on the wire (-1 for NULL)."""

    values: npt.NDArray[Any]
    lengths: npt.NDArray[np.int64]

    def form(self, length: int) -> str:
        """The numpy form of a value `length` bytes long."""
        return f"S{length}" if self.values.dtype.kind == "S" else self.values.dtype.str


def _fixed(values: pd.Series, form: str) -> _Field | None:
    null = np.array(values.isna(), dtype=bool)
    if form == "|u1":
        if not all(isinstance(value, bool | np.bool_) for value in values[~null].unique().tolist()):
            return None
        data = np.array(values.where(~null, False), dtype=bool).astype(np.uint8)
    else:
        try:
            numbers = pd.to_numeric(values, errors="raise")
        except (ValueError, TypeError):
            return None
        if form == ">f8":
            data = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
            null |= np.isnan(data)
        elif pd.api.types.is_integer_dtype(numbers.dtype) or null.all():
            data = numbers.to_numpy(dtype=np.int64, na_value=0)
            low, high = _INT_RANGE[form]
            if len(data) and (data.min() < low or data.max() > high):
                return None
        else:
            return None
    typed = data.astype(form)
    return _Field(typed, np.where(null, -1, typed.dtype.itemsize))


def _cell_text(value: Any) -> str:
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _text(values: pd.Series) -> _Field:
    """Each distinct value encoded once; an empty text is NULL, as in COPY's CSV."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    encoded = [_cell_text(value).encode() for value in uniques.tolist()]
    width = max((len(value) for value in encoded), default=1) or 1
    table = np.array([*encoded, b""], dtype=f"S{width}")  # the last entry serves a missing value (code -1)
    sizes = np.array([len(value) or -1 for value in encoded] + [-1], dtype=np.int64)
    return _Field(table[codes], sizes[codes])


def _layouts(fields: list[_Field]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], list[list[int]]] | None:
    """The rows grouped by their layout (every field's length): the rows in group order, where each group starts
    (and the end), and each group's lengths; None when the layouts are too many to number in one integer. A
    region's results have a few dozen layouts (subjects' lengths, the columns left empty)."""
    key = np.zeros(len(fields[0].lengths), dtype=np.int64)
    numbered = 1
    for field in fields:
        codes, uniques = pd.factorize(field.lengths)
        numbered *= len(uniques)
        if numbered > 2**62:
            return None
        key = key * len(uniques) + codes
    group, keys = pd.factorize(key)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(keys) + 1))
    firsts = order[bounds[:-1]]
    return order, bounds, [[int(field.lengths[row]) for field in fields] for row in firsts.tolist()]


def binary_copy(columns: Sequence[pd.Series], types: Sequence[str]) -> bytes | None:
    """The rows of `columns` (one Series per column, equally long) as a binary COPY stream for columns of
    `types` (`format_type` names), or None when one of them cannot be carried this way (see the module): the
    parts of `binary_copy_parts` joined."""
    parts = binary_copy_parts(columns, types)
    return None if parts is None else b"".join(parts)


def binary_copy_parts(columns: Sequence[pd.Series], types: Sequence[str]) -> list[memoryview] | None:
    """The binary COPY stream of `binary_copy` as its consecutive parts, each written as it is: the blocks'
    own memory, neither copied into bytes nor joined (a region's results are a 35 MB stream, copied twice
    before it was sent).

    COPY takes rows in any order (the staging rows carry their row number), so the rows are sent group by group
    of one layout: each group is one packed numpy record array (the field count, then per field its length and,
    unless NULL, its value), filled a whole column at a time."""
    fields: list[_Field] = []
    for values, name in zip(columns, types, strict=True):
        form = TYPES.get(name)
        field = None if form is None else _text(values) if form == "" else _fixed(values, form)
        if field is None:
            return None
        fields.append(field)
    if not fields or not len(fields[0].lengths):
        return [memoryview(SIGNATURE), memoryview(TRAILER)]
    grouped = _layouts(fields)
    if grouped is None:
        return None
    order, bounds, layouts = grouped
    parts = [memoryview(SIGNATURE)]
    for start, end, lengths in zip(bounds[:-1].tolist(), bounds[1:].tolist(), layouts, strict=True):
        rows = order[start:end]
        names: list[tuple[str, str]] = [("count", ">i2")]
        for k, (field, length) in enumerate(zip(fields, lengths, strict=True)):
            names += [(f"l{k}", ">i4")] + ([(f"v{k}", field.form(length))] if length >= 0 else [])
        block = np.empty(len(rows), dtype=np.dtype(names))
        block["count"] = len(fields)
        for k, (field, length) in enumerate(zip(fields, lengths, strict=True)):
            block[f"l{k}"] = length
            if length >= 0:
                block[f"v{k}"] = field.values[rows]
        parts.append(block.view(np.uint8).data)
    parts.append(memoryview(TRAILER))
    return parts
