"""The run's input frames kept by the database (PostgreSQL): per indicator table and school year, the
integer-coded columns a run reads as one binary value, used only while the table is unchanged.

Tables `frame_version` and `frame_blob` (migration 9d4f2b7e1a35). Every statement that writes an indicator
table bumps the table's `frame_version` row in its own transaction (a statement-level trigger: imports, the demo
loader, endpoints and manual SQL alike, nobody can forget). A blob is tagged with the version read *before* the
rows it holds were read, and is used only while its tag equals the current version.

Why this is safe under READ COMMITTED: the version bump and the rows a writer changes commit together, so any
statement sees both or neither. A run reads the version v first, then the rows. A writer that commits before the
version is read is in v and in the rows. One that commits between the two reads is in the rows but has made the
version v + 1, so the blob tagged v is never used (it is rebuilt by the next run). One that commits after the
rows were read is not in them and makes the version v + 1 likewise. So a blob is used only when it holds exactly
the rows of its tag. The UPDATE of the version row also serialises the writers of one table until they commit,
so versions only grow; a store never replaces a blob with one of an older tag (`WHERE version <= EXCLUDED`).

The blobs are written in their own short transaction, on a connection of their own, and only when their tag is
still the table's committed version: a run that stores frames does not hold their rows locked until it commits
(two runs at once do not wait for each other); frames a writer has already overtaken are not written; and a run
inside a transaction that wrote the table itself (it sees its own uncommitted rows and version) keeps nothing.

SQLite keeps no frames (no triggers there): the run reads its rows each time (`frames._indicator_frame`).

Blob format: b"OPF1", the header's length (uint32), the header as JSON (rows; per column its name, numpy dtype,
byte offset and, for text, its dictionary), then each column's bytes at an 8-byte aligned offset. Text is coded
as 1-based positions in the dictionary, 0 for NULL. Read with `np.frombuffer`: no copy, no Python object per row.
"""

from __future__ import annotations

import json
import logging
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
import psycopg
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

log = logging.getLogger("opora.frames")

MAGIC = b"OPF1"
_ALIGN = 8


@dataclass
class Frame:
    """Columns of one table's rows (in `id` order), text as codes into `dictionaries` (1-based, 0 for NULL)."""

    columns: dict[str, np.ndarray[Any, Any]]
    dictionaries: dict[str, list[str]]

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0


def code_dtype(dictionary: list[str]) -> np.dtype[Any]:
    """The smallest unsigned integer that holds the codes 0…len(dictionary)."""
    for dtype in (np.uint8, np.uint16, np.uint32):
        if len(dictionary) <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    raise ValueError("too many distinct values")


def encode(frame: Frame) -> bytes:
    """The frame as one blob (the format is in the module's docstring)."""
    described: list[dict[str, Any]] = []
    offset = 0
    for name, values in frame.columns.items():
        column: dict[str, Any] = {"name": name, "dtype": values.dtype.str, "offset": offset}
        if name in frame.dictionaries:
            column["dictionary"] = frame.dictionaries[name]
        described.append(column)
        offset += -(-values.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({"rows": frame.rows, "columns": described}, ensure_ascii=False).encode()
    start = -(-(len(MAGIC) + 4 + len(header)) // _ALIGN) * _ALIGN
    out = bytearray(start + offset)
    out[: len(MAGIC) + 4 + len(header)] = MAGIC + struct.pack("<I", len(header)) + header
    for column, values in zip(described, frame.columns.values(), strict=True):
        at = start + column["offset"]
        out[at : at + values.nbytes] = np.ascontiguousarray(values).tobytes()
    return bytes(out)


def decode(blob: bytes) -> Frame:
    """The frame of a blob; the arrays are read-only views of it."""
    if blob[: len(MAGIC)] != MAGIC:
        raise ValueError("not a frame blob")
    (length,) = struct.unpack_from("<I", blob, len(MAGIC))
    header = json.loads(bytes(blob[len(MAGIC) + 4 : len(MAGIC) + 4 + length]))
    start = -(-(len(MAGIC) + 4 + length) // _ALIGN) * _ALIGN
    rows = int(header["rows"])
    columns: dict[str, np.ndarray[Any, Any]] = {}
    dictionaries: dict[str, list[str]] = {}
    for column in header["columns"]:
        dtype = np.dtype(column["dtype"])
        columns[column["name"]] = np.frombuffer(blob, dtype=dtype, count=rows, offset=start + column["offset"])
        if "dictionary" in column:
            dictionaries[column["name"]] = list(column["dictionary"])
    return Frame(columns, dictionaries)


def versions(session: Session, tables: list[str]) -> dict[str, int]:
    """The current version of each table (tables without a version row are left out: never stored)."""
    raw: Any = session.connection().connection.dbapi_connection
    with raw.cursor() as cursor:
        cursor.execute("SELECT table_name, version FROM frame_version WHERE table_name = ANY(%s)", [tables])
        return {str(name): int(version) for name, version in cursor.fetchall()}


def stored(session: Session, table: str, years: list[str], version: int) -> dict[str, bytes]:
    """The blobs of the table's years tagged with `version` (the current one), by school year."""
    raw: Any = session.connection().connection.dbapi_connection
    with raw.cursor(binary=True) as cursor:
        cursor.execute(
            "SELECT school_year, data FROM frame_blob WHERE table_name = %s AND school_year = ANY(%s) AND version = %s",
            [table, years, version],
        )
        return {str(year): bytes(data) for year, data in cursor.fetchall()}


def store(session: Session, table: str, blobs: dict[str, tuple[int, bytes]], version: int) -> None:
    """Keep the blobs (rows, bytes by school year) tagged `version`, committed at once on a connection of their
    own, if `version` is the table's committed version: a run whose own transaction wrote the table read its own
    uncommitted rows and version, which must never be kept (rolled back, that version would later name other
    rows); and one that a writer overtook would store a blob never used. A blob of a newer tag stays. The frames
    are a cache: should keeping them fail (no connection free in the pool, the server refusing), the run goes on
    with the frames it built."""
    bind = session.get_bind()
    engine: Engine = bind.engine if isinstance(bind, Connection) else bind
    try:
        with engine.begin() as connection:
            raw: Any = connection.connection.dbapi_connection
            with raw.cursor() as cursor:
                for year in sorted(blobs):  # one order for every run: two stores never wait in a cycle
                    rows, data = blobs[year]
                    cursor.execute(
                        "INSERT INTO frame_blob (table_name, school_year, version, rows, data) "
                        "SELECT %s, %s, %s, %s, %b WHERE EXISTS (SELECT FROM frame_version "
                        "WHERE table_name = %s AND version = %s) "
                        "ON CONFLICT (table_name, school_year) DO UPDATE SET "
                        "version = EXCLUDED.version, rows = EXCLUDED.rows, data = EXCLUDED.data, built_at = now() "
                        "WHERE frame_blob.version <= EXCLUDED.version",
                        [table, year, version, rows, data, table, version],
                    )
    except (SQLAlchemyError, psycopg.Error, OSError) as error:
        log.warning("frames of %s not stored: %s", table, error)
