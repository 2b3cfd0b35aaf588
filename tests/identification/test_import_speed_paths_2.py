"""The second round of import speed paths gives the usual answers: a large CSV's text cells are built only when read
(`parsing.CodedTable`) and equal the row-by-row reader's; the clean-up of distinct cells that asks a whole column at
once (`_stripped`, `_total_markers`) judges each cell as judging it alone does; the binary COPY stream sent in parts
(`binary_copy_parts`) is the joined stream, and PostgreSQL stores from it what it stores from the whole.
"""

from __future__ import annotations

import codecs
from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from services.identification.imports import parsing
from services.identification.imports.binary_copy import binary_copy, binary_copy_parts
from services.identification.imports.kinds import KINDS
from tests import support
from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, upload

RESULTS = KINDS["results"]
HEADER = [
    "Код ОО",
    "Учебный год",
    "Процедура",
    "Класс",
    "Предмет",
    "Участников",
    "Средний балл",
    "Примечание",
    "Лишний",
]


def _awkward_rows(rows: int, spaces: str, mean: str) -> list[list[str]]:
    """Rows as real exports write them: spaces of every kind around cells, a neutralised formula, a note column
    beyond the kind's, blank lines, rows shorter than the header, a total row that is not the last."""
    found: list[list[str]] = []
    for index in range(rows):
        space = spaces[index % len(spaces)]
        note = "'=СУММ(A1:A2)" if index % 11 == 0 else f"{space}подытог {index}{space}"
        row = [f"{space}99010{index % 60:02d}", "2023/2024", "ВПР", f"{4 + index % 5}{space}", "Русский язык", "25"]
        found.append(row if index % 13 == 5 else [*row, mean, note])
        if index % 97 == 0:
            found.append([])
        if index == rows // 2:
            found.append(["Всего.", "", "", "", "", "1000"])
    return [*found, ["ИТОГО:", "", "", "", "", "1000"]]


FILES = {
    "cp1251, semicolons": ("cp1251", ";", " \u00a0\t", "12,5"),
    "utf-8 with BOM, commas": ("utf-8-sig", ",", " \u2003\u3000\u202f\t", "12.5"),
    "utf-8, tabs": ("utf-8", "\t", " \u00a0\u2003", "12,5"),
}


def _awkward_file(case: str, rows: int = 9_000) -> bytes:
    encoding, separator, spaces, mean = FILES[case]
    lines = [["Результаты ВПР"], HEADER, *_awkward_rows(rows, spaces, mean)]
    return csv_bytes(lines, separator=separator, encoding=encoding)


@pytest.mark.parametrize("case", list(FILES))
def test_a_large_files_cells_are_built_when_read_and_equal_the_row_by_row_readers(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _awkward_file(case)
    assert len(content) > parsing.FAST_CSV_BYTES
    assert content.startswith(codecs.BOM_UTF8) == (FILES[case][0] == "utf-8-sig")
    fast = parsing.read_table(content, "r.csv", RESULTS)
    monkeypatch.setattr(parsing, "FAST_CSV_BYTES", len(content) + 1)
    slow = parsing.read_table(content, "r.csv", RESULTS)
    assert isinstance(fast, parsing.CodedTable) and not isinstance(slow, parsing.CodedTable)
    assert fast.row_numbers == slow.row_numbers and len(fast.row_numbers) == 9_000
    assert fast.index.equals(slow.cells.index)
    assert [fast.filled(p) for p in range(len(fast.headers))] == [
        bool(slow.cells[p].notna().any()) for p in range(slow.cells.shape[1])
    ]
    assert fast.cells.shape == slow.cells.shape
    assert fast.cells.values.tolist() == slow.cells.values.tolist()
    assert fast.cells is fast.cells  # built once


def test_an_import_of_a_large_csv_never_builds_its_text_cells(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dry run of a large CSV reads the codes only, a refused row's school included, and answers as the
    row-by-row reader's import: the same errors and preview, the ignored column named, the total row skipped."""
    schools = [school["school_code"] for school in all_schools(stack)[:4]]
    rows = [
        [f" {schools[k % 4]} ", "2071/2072", "ВПР", 5 + k % 4, ("русский язык", "математика")[k % 2], 20 + k % 5,
         f"{k % 30},5", "примечание" if k % 3 else "", ""]
        for k in range(12_000)
    ]  # fmt: skip
    content = csv_bytes([HEADER, *rows, ["Итого:", "", "", "", "", "1000"]])
    assert len(content) > parsing.FAST_CSV_BYTES

    def never(*args: Any) -> pd.DataFrame:
        raise AssertionError("the import built the text cells of a coded table")

    monkeypatch.setattr(parsing, "_cells_frame", never)
    fast = upload(stack, "results", "r.csv", content, dry_run=True)
    monkeypatch.setattr(parsing, "FAST_CSV_BYTES", 10**9)
    slow = upload(stack, "results", "r.csv", content, dry_run=True)
    assert fast.status_code == slow.status_code == 200, fast.text
    assert fast.json() == slow.json()
    assert fast.json()["rows_total"] == 12_000 and fast.json()["ignored_columns"] == ["Примечание"]
    refused = fast.json()["preview"]["refused"]
    assert refused and all(row["school"] in schools for row in refused)  # read from the codes of the column


DISTINCT = [
    "12", " 12", "12 ", "\u00a012\u00a0", "\u20031\u2003", "\u3000x", "a\u00a0b", "\u200bzero-width\u200b", "\ufeffbom",
    "'=СУММ(A1)", " '=СУММ(A1) ", "'+7", "'просто кавычка", "", "   ", "\t", "a\x00 b", "Итого", "итог по району",
    "подытог", " ВСЕГО: ", "Всего.", "всего...:", "итого 5", "Итоговый",
]  # fmt: skip


def _reference(cells: list[str], formulas: bool) -> list[str | None]:
    """Each cell judged alone, as the reader judged every cell before it asked a column at once."""
    found: list[str | None] = []
    for cell in cells:
        text = cell.strip()
        found.append((parsing._unneutralise(text) if formulas else text) or None)
    return found


@pytest.mark.parametrize("formulas", [True, False])
@pytest.mark.parametrize("cells", [DISTINCT, ["12", "13", "5"], [" 12", "13"], ["'=A1", "7"], [], ["\u00a0"]])
def test_a_column_asked_at_once_strips_each_cell_as_alone(cells: list[str], formulas: bool) -> None:
    assert parsing._stripped(list(cells), formulas).tolist() == _reference(cells, formulas)


@pytest.mark.parametrize("cells", [DISTINCT, ["12", "13"], ["подытог", "итоговый"], ["Всего:"], [None, "5"]])
def test_total_rows_are_found_as_each_cell_alone_finds_them(cells: list[str | None]) -> None:
    distinct = np.array([*cells, None], dtype=object)
    filled = pd.notna(distinct)
    expected = [bool(c) and c.lower().rstrip(":. ") in parsing.TOTAL_MARKERS for c in distinct.tolist()]
    assert parsing._total_markers(distinct, filled).tolist() == expected


TYPES = {"n": "integer", "big": "bigint", "x": "double precision", "ok": "boolean", "word": "character varying"}


def _frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(14)
    words = np.array(["русский язык", "", None, 'кавычки "; \\', "ВПР", "математика"], dtype=object)
    return pd.DataFrame(
        {
            "n": pd.Series(rng.integers(-5, 5000, rows), dtype="Int64").where(rng.random(rows) > 0.1),
            "big": pd.array(rng.integers(-(2**40), 2**40, rows), dtype="Int64"),
            "x": np.where(rng.random(rows) > 0.2, rng.normal(size=rows), np.nan),
            "ok": pd.Series(rng.random(rows) > 0.5, dtype=object).where(rng.random(rows) > 0.3, None),
            "word": words[rng.integers(0, len(words), rows)],
        }
    )


def _columns(frame: pd.DataFrame) -> list[pd.Series]:
    return [frame.index.to_series(), *(frame[c] for c in TYPES)]


@pytest.mark.parametrize("rows", [0, 1, 7, 5_000])
def test_the_streams_parts_joined_are_the_stream(rows: int) -> None:
    frame = _frame(rows)
    parts = binary_copy_parts(_columns(frame), ["integer", *TYPES.values()])
    assert parts is not None and all(isinstance(part, memoryview) for part in parts)
    assert b"".join(parts) == binary_copy(_columns(frame), ["integer", *TYPES.values()])
    assert len(parts) >= 2  # the signature and the trailer at least, each block its own part
    assert binary_copy_parts([pd.Series(["x"])], ["integer"]) is None  # text in a number column: declined


@pytest.mark.skipif(support.backend() != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_stores_from_the_parts_what_it_stores_from_the_whole(tmp_path: Any) -> None:
    frame = _frame(3_000)
    declared = ", ".join(f"{name} {kind}" for name, kind in TYPES.items())
    names = ", ".join(["row_no", *TYPES])
    stored: list[list[tuple[Any, ...]]] = []
    with support.fresh_database("identification", tmp_path) as url:
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            for table, whole in (("parted", False), ("whole", True)):
                connection.execute(sa.text(f"CREATE TEMP TABLE {table} (row_no integer, {declared})"))
                raw: Any = connection.connection.driver_connection
                with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT binary)") as copy:
                    types = ["integer", *TYPES.values()]
                    parts = (
                        [binary_copy(_columns(frame), types)] if whole else binary_copy_parts(_columns(frame), types)
                    )
                    for part in parts or []:
                        copy.write(part)
                rows = connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY row_no")).all()
                stored.append([tuple(row) for row in rows])
            connection.rollback()
        engine.dispose()
    assert stored[0] == stored[1] and len(stored[0]) == 3_000
