"""Typed columns of a run's facts, and their binary form.

The explainers of `explain.py` keep their figures as numbers (`FactColumn`: a numpy array and how its values
read) and turn them into the Python values a facts dict holds only for the schools they build (`column[a:b]
.tolist()`): a run stores the numbers, in blocks of schools (`pack`), and a reader rebuilds the dicts of the
schools it reads from them (`unpack`), with the very code that built them at run time.

A block is `MAGIC`, the length of its header, the header (orjson: the tree of the block, each array replaced by
its place, dtype and shape) and the arrays' bytes, each padded to a multiple of 8. Only numeric and boolean
arrays are stored, never Python objects, so reading a block executes nothing of what it holds.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

Column = npt.NDArray[Any]
MAGIC = b"OPF1"
_LENGTH = struct.Struct("<I")


# --- how the numbers read: the JSON-ready values of the facts dicts -------------------------------------------


def floats(values: npt.NDArray[Any]) -> Column:
    """Vectorised `_plain` for a float array: rounded to 6 places (numpy's rounding), NaN → None."""
    rounded = np.round(np.asarray(values, dtype=np.float64), 6)
    out = rounded.astype(object)
    out[~np.isfinite(rounded)] = None
    return out


def counts(values: npt.NDArray[Any]) -> Column:
    """Like `floats`, but whole numbers become ints (participants, pupils, counts)."""
    numbers = np.asarray(values, dtype=np.float64)
    out = np.round(numbers, 6).astype(object)
    whole = np.isfinite(numbers) & (numbers == np.floor(numbers))
    out[whole] = numbers[whole].astype(np.int64)
    out[~np.isfinite(numbers)] = None
    return out


def rounded(values: npt.NDArray[Any]) -> Column:
    """`_plain` of each value of a float array, exactly: Python's `round(x, 6)` is the double nearest to x
    rounded to 6 decimals, which is `rint(x * 1e6) / 1e6` unless x * 1e6 is within its rounding error of a
    half (or too large to have a fraction); those few are rounded by Python."""
    numbers = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        scaled = numbers * 1e6
        out = (np.rint(scaled) / 1e6).astype(object)
        finite = np.isfinite(numbers)
        doubtful = finite & ((np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < 1e-3) | (np.abs(scaled) > 1e9))
    for k in np.flatnonzero(doubtful).tolist():
        out[k] = round(float(numbers[k]), 6)
    out[~finite] = None
    return out


def raws(values: npt.NDArray[Any]) -> Column:
    """`raw` of each value of a float array: unrounded, NaN → None."""
    numbers = np.asarray(values, dtype=np.float64)
    out = numbers.astype(object)
    out[np.isnan(numbers)] = None
    return out


def _known(values: npt.NDArray[Any], names: list[Any] | None) -> Column:
    """A yes/no figure that may be missing: NaN → None, else whether it is not 0."""
    numbers = np.asarray(values, dtype=np.float64)
    out = (numbers != 0).astype(object)
    out[np.isnan(numbers)] = None
    return out


def _named(values: npt.NDArray[Any], names: list[Any] | None) -> Column:
    """Codes into `names`."""
    return np.asarray(names, dtype=object)[np.asarray(values, dtype=np.int64)]


def _listed(values: npt.NDArray[Any], names: list[Any] | None) -> Column:
    """Bit t of each value set → `names[t]` in the school's list; no bit → None."""
    bits = np.asarray(values, dtype=np.int64)
    out = np.full(len(bits), None, dtype=object)
    labels = names or []
    for k in np.flatnonzero(bits).tolist():
        mask = int(bits[k])
        out[k] = [label for t, label in enumerate(labels) if mask >> t & 1]
    return out


_READERS: dict[str, Callable[[npt.NDArray[Any], list[Any] | None], Column]] = {
    "floats": lambda values, _: floats(values),
    "counts": lambda values, _: counts(values),
    "rounded": lambda values, _: rounded(values),
    "raws": lambda values, _: raws(values),
    "known": _known,
    "named": _named,
    "listed": _listed,
}


class FactColumn:
    """Numbers and how they read (`kind`, with `names` for codes and bit lists): sliced like an array, and
    `tolist()` gives the Python values of the slice only."""

    __slots__ = ("kind", "names", "values")

    def __init__(self, kind: str, values: npt.NDArray[Any], names: list[Any] | None = None) -> None:
        if kind not in _READERS:
            raise ValueError(f"unknown fact column kind {kind!r}")
        self.kind, self.values, self.names = kind, np.asarray(values), names

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index: slice | npt.NDArray[Any]) -> FactColumn:
        return FactColumn(self.kind, self.values[index], self.names)

    def tolist(self) -> list[Any]:
        values: list[Any] = _READERS[self.kind](self.values, self.names).tolist()
        return values


def named(codes: npt.NDArray[Any], names: Any) -> FactColumn:
    """Codes into `names` (strings, or None for a missing one); -1 is the last name, as in numpy."""
    labels = [None if name is None else str(name) for name in names]
    values = np.asarray(codes, dtype=np.int64)
    return FactColumn("named", np.where(values < 0, values + len(labels), values), labels)


def factorised(values: Any) -> FactColumn:
    """A column of strings (or None) as codes into its distinct values."""
    index: dict[Any, int] = {}
    codes = [index.setdefault(value, len(index)) for value in values]
    return named(np.asarray(codes, dtype=np.int64), list(index))


# --- the binary form -----------------------------------------------------------------------------------------


def narrowest(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Integers in the narrowest type that numpy's promotion gives their least and greatest values (they read as
    ints alike); other arrays as they are. Bytes are left as they are without looking: nothing is narrower."""
    if values.dtype.kind not in "iu" or values.dtype.itemsize == 1 or not values.size:
        return values
    dtype = np.result_type(np.min_scalar_type(values.min()), np.min_scalar_type(values.max()))
    # Negative and beyond 32 bits promotes to a float: such integers stay as they are.
    return values if dtype.kind == "f" or dtype.itemsize >= values.dtype.itemsize else values.astype(dtype)


def narrowed(value: Any) -> Any:
    """`value` (columns, lists and dicts of them) with every integer array narrowed (`narrowest`): done once for a
    run's columns, the blocks sliced from them seldom need looking at again."""
    if isinstance(value, FactColumn):
        return FactColumn(value.kind, narrowest(value.values), value.names)
    if isinstance(value, np.ndarray):
        return narrowest(value)
    if isinstance(value, list) and value and isinstance(value[0], (np.ndarray, FactColumn, list, dict)):
        return [narrowed(item) for item in value]
    if isinstance(value, dict):
        return {key: narrowed(item) for key, item in value.items()}
    return value  # a scalar, or a list of them (stored as they are)


_FEW_NAMES = 64
"""Names a block keeps whole (procedures, subjects, years); longer lists keep only the names the block uses."""


class _Packer:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    def array(self, values: npt.NDArray[Any]) -> list[Any]:
        values = np.ascontiguousarray(values)
        if values.dtype.kind not in "biuf":
            raise TypeError(f"only numbers are stored in facts, not {values.dtype}")
        values = narrowest(values)
        data = values.tobytes()
        place = self.size
        padding = -len(data) % 8
        self.chunks.append(data)
        if padding:
            self.chunks.append(b"\0" * padding)
        self.size += len(data) + padding
        return [place, values.dtype.str, list(values.shape)]

    def column(self, value: FactColumn) -> dict[str, Any]:
        if value.kind == "named" and len(value.names or ()) > _FEW_NAMES:
            # Only the names this block uses (a region's settlements are thousands).
            used, codes = np.unique(value.values, return_inverse=True)
            names = [(value.names or [])[k] for k in used.tolist()]
            return {"c": value.kind, "a": self.array(codes.reshape(-1)), "n": names}
        return {"c": value.kind, "a": self.array(value.values), "n": value.names}

    def tree(self, value: Any) -> Any:
        if isinstance(value, FactColumn):
            return self.column(value)
        if isinstance(value, np.ndarray):
            return {"a": self.array(value)}
        if isinstance(value, dict):
            return {"d": {str(key): self.tree(item) for key, item in value.items()}}
        if isinstance(value, (list, tuple)):
            return {"l": [self.tree(item) for item in value]}
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or isinstance(value, (bool, int, float, str)):
            return {"s": value}
        raise TypeError(f"cannot store {type(value).__name__} in facts")


def pack(tree: Any) -> bytes:
    """The binary form of a tree of dicts, lists, scalars, numeric arrays and fact columns."""
    packer = _Packer()
    header = orjson.dumps(packer.tree(tree))
    return b"".join([MAGIC, _LENGTH.pack(len(header)), header, *packer.chunks])


def unpack(data: bytes) -> Any:
    """The tree `pack` stored; arrays are read-only views of `data`. ValueError for what is not a block."""
    try:
        return _unpacked(data)
    except (struct.error, KeyError, TypeError, IndexError) as error:
        raise ValueError(f"not a block of facts: {error}") from error


def _unpacked(data: bytes) -> Any:
    if data[:4] != MAGIC:
        raise ValueError("not a block of facts")
    (length,) = _LENGTH.unpack_from(data, 4)
    start = 8 + length
    body = memoryview(data)[start:]

    def array(spec: list[Any]) -> npt.NDArray[Any]:
        place, dtype, shape = spec
        kind = np.dtype(dtype)
        count = int(np.prod(shape)) if shape else 1
        return np.frombuffer(body, dtype=kind, count=count, offset=place).reshape(shape)

    def tree(node: dict[str, Any]) -> Any:
        if "c" in node:
            return FactColumn(node["c"], array(node["a"]), node["n"])
        if "a" in node:
            return array(node["a"])
        if "d" in node:
            return {key: tree(item) for key, item in node["d"].items()}
        if "l" in node:
            return [tree(item) for item in node["l"]]
        return node["s"]

    return tree(orjson.loads(bytes(data[8:start])))
