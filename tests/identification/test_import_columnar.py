"""Imports at column speed give what cell-by-cell reading gave: hostile values converted once per distinct cell
equal each cell converted alone, large files cleaned a column at a time equal the row-by-row reader, JSON rows
become the frame `from_records` makes, the COPY text reads back as pandas' CSV, and a body orjson cannot read
exactly (integers beyond 64 bits, `NaN`) answers as the standard parser's did, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from services.identification.imports import parsing, server_diff, values
from services.identification.imports.endpoints import LONG_DIGITS, has_long_digits
from services.identification.imports.kinds import KINDS, ColumnSpec
from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, post_rows, upload

RESULTS = KINDS["results"]
NBSP, FIGURE_SPACE, IDEOGRAPHIC_SPACE = "\u00a0", "\u2007", "\u3000"

HOSTILE: dict[str, list[Any]] = {
    "participants": [
        "25",
        " 25 ",
        f"{NBSP}25{NBSP}",
        f"1{NBSP}234",
        f"1{FIGURE_SPACE}234",
        "25,0",
        "25.5",
        "-3",
        "3000000000",
        "35 %",
        "abc",
        "",
        None,
        "٣",
        "1_000",
        "1e3",
        "nan",
        "inf",
        "+7",
        "0x10",
        f"{IDEOGRAPHIC_SPACE}7",
    ],
    "mean_score": ["12,5", " 12.5", "12,5 %", "1e400", "-0,5", "", "—", "12.5.1", "1 234,5", "NaN", None, "0"],
    "school_year": ["2023-2024", "2023/24", "2023–2024", " 2023 - 2024 ", "2024-2023", "23-24", "", "x", None],
    "subject": ["русский язык", "Рус. яз.", "МАТЕМАТИКА", "  математика ", "ёлка", "", None, "mathematics"],
    "procedure": ["ВПР", "впр", "огэ", " ЕГЭ ", "ГИА", "", None],
    "grade": ["5", "05", "11", "12", "0", "5,0", "5.5", "", None],
    "school_code": ["990001", " 990001 ", "x" * 31, "", None, "'=1+1"],
}


def _cells(name: str, repeat: int = 40) -> pd.Series:
    """The hostile values of one column, many times over and shuffled, as a large file brings them."""
    cells = HOSTILE[name] * repeat
    order = np.random.default_rng(7).permutation(len(cells))
    return pd.Series([cells[i] for i in order], dtype=object)


def _same(left: Any, right: Any) -> bool:
    if left is None or left is pd.NA or (isinstance(left, float) and math.isnan(left)):
        return right is None or right is pd.NA or (isinstance(right, float) and math.isnan(right))
    return bool(left == right) and type(left) is type(right)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_column_converted_once_per_distinct_cell_equals_each_cell_converted_alone(name: str) -> None:
    spec: ColumnSpec = RESULTS.by_name[name]
    cells = _cells(name)
    converted, problems = values.convert(cells, spec)
    for position, cell in enumerate(cells):
        alone, alone_problems = values._convert(pd.Series([cell], dtype=object), spec)
        assert _same(converted.iloc[position], alone.iloc[0]), (cell, converted.iloc[position], alone.iloc[0])
        found = [(p.code, p.detail) for p in problems if p.mask.iloc[position]]
        expected = [(p.code, p.detail) for p in alone_problems if p.mask.fillna(False).iloc[0]]
        assert found == expected, cell
    assert converted.index.equals(cells.index)


def test_hostile_cells_of_a_large_file_read_as_the_row_by_row_reader_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    header = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "Средний балл", "Примечание"]
    notes = [" '=СУММ(A1:A2) ", "O'Neil", f"{NBSP}примечание{NBSP}", "'+7 900", "", "  ", "'", "«;»"]
    code, year, procedure, subject = f"{IDEOGRAPHIC_SPACE}99010{{:02d}} ", "2023/2024", " ВПР", "Русский язык"
    rows = [
        [code.format(i % 60), year, procedure, str(4 + i % 5), subject, f"2{NBSP}5", "12,5", notes[i % len(notes)]]
        for i in range(12_000)
    ]
    content = csv_bytes([header, *rows, ["Итого:", "", "", "", "", "1000"], [f"{NBSP}всего.", "1"]])
    assert len(content) > parsing.FAST_CSV_BYTES
    fast = parsing.read_table(content, "r.csv", RESULTS)
    monkeypatch.setattr(parsing, "FAST_CSV_BYTES", len(content) + 1)
    slow = parsing.read_table(content, "r.csv", RESULTS)
    assert fast.row_numbers == slow.row_numbers and len(fast.cells) == 12_000
    pd.testing.assert_frame_equal(fast.cells, slow.cells)


JSON_VALUES: list[Any] = [1, 2.5, "x", None, True, False, [1, 2], {"a": 1}, "", 2**70, -3, 2**63, 2**64, -(2**63)]


def test_json_rows_become_the_frame_from_records_makes() -> None:
    rng = np.random.default_rng(11)
    keys = ["a", "b", "c", "d"]
    for _ in range(2000):
        rows = []
        for _ in range(int(rng.integers(1, 7))):
            chosen = rng.permutation(keys)[: int(rng.integers(0, 5))]
            upto = int(rng.integers(1, len(JSON_VALUES) + 1))
            rows.append({str(k): JSON_VALUES[int(rng.integers(0, upto))] for k in chosen})
        pd.testing.assert_frame_equal(parsing.json_frame(rows), pd.DataFrame.from_records(rows))


def test_the_copy_text_reads_back_as_pandas_csv_of_the_same_frame() -> None:
    frame = pd.DataFrame(
        {
            "school_id": pd.array([1, None, 3, 4], dtype="Int64"),
            "grade": np.array([5, 6, 7, 8]),
            "subject": ['a "quoted", text', None, "строка\nс переносом", "plain"],
            "mean_score": [12.5, float("nan"), 1e20, 0.1 + 0.2],
            "flag": pd.array([True, None, False, True], dtype=object),
        },
        index=[10, 11, 12, 13],
    )
    buffer = io.StringIO()
    frame.to_csv(buffer, header=False, index=True)
    written = list(csv.reader(io.StringIO(server_diff.csv_text(frame))))
    expected = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert [[cell.lower() for cell in row] for row in written] == [[c.lower() for c in row] for row in expected]
    assert server_diff.csv_text(frame.iloc[:0]) == ""


def _json_body(school: str, participants: str) -> bytes:
    row = (
        f'{{"school_code": "{school}", "school_year": "2043-2044", "procedure": "ВПР", "grade": 5, '
        f'"subject": "mathematics", "participants": {participants}}}'
    )
    return f'{{"rows": [{row}], "dry_run": true}}'.encode()


@pytest.mark.parametrize(
    ("participants", "value", "code"),
    [("123456789012345678901234567890", "123456789012345678901234567890", "out_of_range"), ("NaN", None, "required")],
)
def test_a_body_orjson_cannot_read_exactly_answers_as_before(
    stack: Stack, participants: str, value: str | None, code: str
) -> None:
    school = all_schools(stack)[0]["school_code"]
    answer = stack.gateway.post(
        "/api/identification/imports/results/rows",
        content=_json_body(school, participants),
        headers={**stack.auth("regional_analyst"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    (error,) = answer.json()["errors"]
    assert (error["row"], error["field"], error["code"], error["value"]) == (1, "participants", code, value)


def test_broken_json_is_still_a_clear_422(stack: Stack) -> None:
    answer = stack.gateway.post(
        "/api/identification/imports/results/rows",
        content=b'{"rows": [{"school_code": "1",}]}',
        headers={**stack.auth("regional_analyst"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error", answer.text
    wrong = post_rows(stack, "results", {"rows": [1, 2], "dry_run": "maybe"})
    assert wrong.status_code == 422 and wrong.json()["code"] == "validation_error", wrong.text
    assert {tuple(f["loc"][:2]) for f in wrong.json()["fields"]} >= {("body", "rows"), ("body", "dry_run")}


def test_a_large_csv_with_hostile_cells_answers_as_its_first_rows_alone(stack: Stack) -> None:
    """The errors of a large file (the C reader, columns cleaned at once) are those of its first rows uploaded as
    a small file (the row-by-row reader): same rows, headers, codes and Russian reasons."""
    school = all_schools(stack)[0]["school_code"]
    header = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "Средний балл"]
    bad = [
        [f"{NBSP}{school}{NBSP}", "2044/2045", "ВПР", "5", "математика", f"1{NBSP}234", "12,5 %"],
        [school, "2044-2045", "впр", "12", "Рус. яз.", "-3", "1e400"],
        [school, "2044–45", "ГИА", "6", "ёлка", "25,5", "'=1"],
        [" ", "2044-2045", "ВПР", "7", "математика", "25", "12,5"],
    ]
    good = [[school, "2044-2045", "ВПР", str(5 + i % 4), "математика", "25", "12,5"] for i in range(12_000)]
    small = upload(stack, "results", "r.csv", csv_bytes([header, *bad]), dry_run=True)
    large_content = csv_bytes([header, *bad, *good])
    assert len(large_content) > parsing.FAST_CSV_BYTES
    large = upload(stack, "results", "r.csv", large_content, dry_run=True)
    assert small.status_code == large.status_code == 200, (small.text, large.text)
    small_errors = small.json()["errors"]
    assert small_errors and large.json()["errors"][: len(small_errors)] == small_errors


def test_long_runs_of_digits_are_found_as_a_regular_expression_finds_them() -> None:
    """The numpy scan that sends a body with a possible integer beyond 64 bits to the standard parser."""
    pattern = re.compile(rb"[0-9]{%d}" % LONG_DIGITS)
    rng = np.random.default_rng(5)
    alphabet = np.frombuffer(b"0123456789 ,.\x00\xff\xd0", dtype=np.uint8)
    for _ in range(5000):
        size = int(rng.integers(0, 60))
        digits = rng.random(size) < 0.85
        chosen = np.where(digits, rng.integers(48, 58, size), alphabet[rng.integers(0, len(alphabet), size)])
        body = chosen.astype(np.uint8).tobytes()
        assert has_long_digits(body) == bool(pattern.search(body)), body
