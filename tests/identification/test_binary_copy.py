"""The binary COPY stream of an import's staging rows (`imports/binary_copy.py`): PostgreSQL reads from it exactly
what it reads from the CSV text the import sent before (`server_diff.csv_text`), NULLs, empty texts, quotes,
Cyrillic and extreme numbers included; what it cannot carry it declines, and the CSV text is sent instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from services.identification.imports.binary_copy import binary_copy
from services.identification.imports.server_diff import csv_text
from tests import support
from tests.support import fresh_database

postgres_only = pytest.mark.skipif(support.backend() != "postgresql", reason="COPY is PostgreSQL's")

COLUMNS = {"n": "integer", "big": "bigint", "x": "double precision", "ok": "boolean", "word": "character varying"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    with fresh_database("identification", tmp_path_factory.mktemp("copy")) as url:
        engine = sa.create_engine(url)
        yield engine
        engine.dispose()


def _copied(engine: sa.Engine, frame: pd.DataFrame, binary: bool) -> list[tuple[Any, ...]]:
    """The rows PostgreSQL holds after COPYing `frame` (its index as `row_no`) in the given form."""
    with engine.connect() as connection:
        declared = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
        connection.execute(sa.text(f"CREATE TEMP TABLE staged (row_no integer, {declared})"))
        columns = ["row_no", *COLUMNS]
        data = binary_copy([frame.index.to_series(), *(frame[c] for c in COLUMNS)], ["integer", *COLUMNS.values()])
        if binary:
            assert data is not None
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor:
            form = "binary" if binary else "csv"
            with cursor.copy(f"COPY staged ({', '.join(columns)}) FROM STDIN (FORMAT {form})") as copy:
                copy.write(data if binary else csv_text(frame))
        rows = connection.execute(sa.text("SELECT * FROM staged ORDER BY row_no")).all()
        connection.rollback()
    return [tuple(row) for row in rows]


@postgres_only
def test_the_binary_stream_reads_back_as_the_csv_text_does(engine: sa.Engine) -> None:
    frame = pd.DataFrame(
        {
            "n": pd.array([1, None, -(2**31), 2**31 - 1, 0], dtype="Int64"),
            "big": pd.array([2**62, None, -1, 0, 7], dtype="Int64"),
            "x": [1.5, np.nan, -0.0, 1e300, 0.1 + 0.2],
            "ok": [True, None, False, True, None],
            "word": ["русский язык", None, "", 'кавычки " и ; запятые, \\ и\nперевод строки', "ВПР"],
        },
        index=[2, 3, 5, 8, 13],
    )
    binary = _copied(engine, frame, binary=True)
    assert binary == _copied(engine, frame, binary=False)
    assert binary[0] == (2, 1, 2**62, 1.5, True, "русский язык")
    assert binary[1] == (3, None, None, None, None, None)
    assert binary[2][5] is None  # an empty text is NULL, as in COPY's CSV


@postgres_only
def test_many_rows_and_many_distinct_texts_are_laid_out_in_place(engine: sa.Engine) -> None:
    count = 70_000  # more than one chunk of text
    frame = pd.DataFrame(
        {
            "n": pd.array(range(count), dtype="Int64"),
            "big": pd.array([None] * count, dtype="Int64"),
            "x": np.arange(count) / 7,
            "ok": [k % 3 == 0 for k in range(count)],
            "word": [f"школа №{k}" * (k % 4) for k in range(count)],
        }
    )
    assert _copied(engine, frame, binary=True) == _copied(engine, frame, binary=False)


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("n", pd.array([1, 2**31], dtype="Int64")),  # beyond the column's integer
        ("n", pd.Series(["1", "два"], dtype=object)),  # text in a number column
        ("x", pd.Series(["1,5", "2"], dtype=object)),
        ("ok", pd.Series(["да", None], dtype=object)),
    ],
)
def test_what_the_binary_form_cannot_carry_is_declined(column: str, values: Any) -> None:
    frame = pd.DataFrame({"n": [1, 2], "big": [1, 2], "x": [1.0, 2.0], "ok": [True, False], "word": ["a", "b"]})
    assert binary_copy([frame[c] for c in COLUMNS], list(COLUMNS.values())) is not None
    frame[column] = values
    assert binary_copy([frame[c] for c in COLUMNS], list(COLUMNS.values())) is None


@pytest.mark.no_database
def test_a_column_of_another_type_is_declined() -> None:
    assert binary_copy([pd.Series(["2024-09-01"])], ["date"]) is None
    assert binary_copy([pd.Series([1.5])], ["numeric"]) is None
