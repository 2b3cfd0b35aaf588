"""The fast path of large CSV imports gives exactly the usual path's answers: a large CSV's cells reach the checks
coded by their distinct values (`parsing.Coded`); the converted values and the problems found equal those of the
same cells as plain text, and a large file's errors equal the row-by-row reader's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from services.identification.imports import parsing
from services.identification.imports.kinds import KINDS
from services.identification.imports.values import convert
from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, upload

HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "Средний балл", "«3»"]
SUBJECTS = ("русский язык", "математика")


def _schools(stack: Stack, count: int) -> list[str]:
    return [school["school_code"] for school in all_schools(stack)[:count]]


COLUMNS = {
    "school_year": ["2023/2024", " 2023-2024 ", "2023/24", "двадцатый", None],
    "procedure": ["ВПР", " впр", "ОГЭ", "экзамен?", None],
    "grade": ["5", " 5 ", "5,0", "12", "пять", None],
    "subject": ["Русский язык", "русский  язык", "Математика", "пение", None],
    "participants": ["25", "1 234", "-3", "3000000000", "2,5", None],
    "mean_score": ["12,5", "12.5", "35,5 %", "∞", None],
}


@pytest.mark.parametrize("column", list(COLUMNS))
def test_coded_cells_convert_as_the_same_cells_as_text(column: str) -> None:
    rng = np.random.default_rng(7)
    cells = np.array(COLUMNS[column], dtype=object)[rng.integers(0, len(COLUMNS[column]), 400)]
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    coded = parsing.Coded(codes, np.asarray(distinct, dtype=object))
    index = pd.RangeIndex(len(cells))
    spec = KINDS["results"].by_name[column]
    as_codes, coded_problems = convert(coded.categorical(index), spec)
    as_text, text_problems = convert(pd.Series(cells, index=index, dtype=object), spec)
    pd.testing.assert_series_equal(as_codes, as_text)
    assert [(p.code, p.detail, p.mask.tolist()) for p in coded_problems] == [
        (p.code, p.detail, p.mask.tolist()) for p in text_problems
    ]
    assert any(p.mask.any() for p in text_problems) or column == "procedure"


def test_a_large_files_errors_are_the_row_by_row_readers(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over `FAST_CSV_BYTES` (read by the C reader, its cells coded) with bad cells, spaces around
    values and a total row answers what the same file read row by row answers."""
    schools = _schools(stack, 4)
    rows = [
        [f" {schools[k % 4]} ", "2066/2067", "ВПР", 5 + k % 4, SUBJECTS[k % 2], 20, f"{k},5", ""] for k in range(14_000)
    ]
    rows[7][5], rows[9_000][3], rows[13_999][6] = "много", "13", "12 %"
    content = csv_bytes([HEADER, *rows, ["Итого:", "", "", "", "", "1000"]])
    assert len(content) > parsing.FAST_CSV_BYTES
    fast = upload(stack, "results", "r.csv", content)
    monkeypatch.setattr(parsing, "FAST_CSV_BYTES", 10**9)
    slow = upload(stack, "results", "r.csv", content)
    assert fast.status_code == slow.status_code == 422, fast.text
    assert fast.json() == slow.json()
    errors = fast.json()["report"]["errors"]
    assert (9, "participants", "invalid_number", "много") in [
        (e["row"], e["field"], e["code"], e["value"]) for e in errors
    ]
