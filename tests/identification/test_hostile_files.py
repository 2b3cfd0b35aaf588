"""Hostile and malformed uploads: bounded work, a clear 413/422 with a Russian detail, never a 500.

Property tests feed the import readers random and mutated CSV/XLSX bytes directly (only the readers' own
error, `OporaError` with a 4xx status, may come out) and through HTTP (never a 5xx)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from services.identification.imports import parsing
from services.identification.imports.kinds import KINDS
from services.shared.errors import OporaError
from services.shared.office_files import OfficeLimits
from tests.conftest import Stack
from tests.identification.import_support import csv_bytes, upload, xlsx_bytes

HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Кол-во участников"]


def _results_sheet(sheet: Worksheet) -> None:
    sheet.append(HEADER)
    sheet.append(["9901001", "2023-2024", "ВПР", 4, "Математика", 20])


GOOD_XLSX = xlsx_bytes(_results_sheet)
GOOD_CSV = csv_bytes([HEADER, ["9901001", "2023-2024", "ВПР", "4", "Математика", "20"]])


def _with_sheet_xml(content: bytes, edit: str, replacement: str) -> bytes:
    """The workbook with `edit` in its first sheet's XML replaced (a hand-made hostile file)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                assert edit in text
                data = text.replace(edit, replacement, 1).encode()
            target.writestr(item, data)
    return out.getvalue()


def merge_bomb(content: bytes = GOOD_XLSX) -> bytes:
    """A few KB that make openpyxl create 16 million merged cells when it opens the book."""
    return _with_sheet_xml(
        content, "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A3:P1000002"/></mergeCells>'
    )


def test_a_merged_range_bomb_is_refused_before_it_is_opened(stack: Stack) -> None:
    bomb = merge_bomb()
    assert len(bomb) < 10_000
    answer = upload(stack, "results", "бомба.xlsx", bomb)
    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == "file_too_complex"
    assert "Объединённые ячейки" in answer.json()["detail"]


def test_a_value_in_the_last_cell_of_the_sheet_is_refused(stack: Stack) -> None:
    def far(sheet: Worksheet) -> None:
        _results_sheet(sheet)
        sheet["XFD1048576"] = "x"

    answer = upload(stack, "results", "далеко.xlsx", xlsx_bytes(far))
    assert answer.status_code == 413 and answer.json()["code"] == "file_too_complex"
    assert "1 048 576 строк" in answer.json()["detail"]


def test_a_cell_styled_far_away_is_not_walked_through(stack: Stack) -> None:
    """Formatting alone (no value) far away is usual in real files: the sheet is read as its used area."""

    def styled(sheet: Worksheet) -> None:
        _results_sheet(sheet)
        sheet["XFD1048576"].number_format = "0.00"

    table = parsing.read_table(xlsx_bytes(styled), "a.xlsx", KINDS["results"])
    assert len(table.cells) == 1 and table.headers[:2] == HEADER[:2]


def test_unpacked_size_and_cell_count_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    small = OfficeLimits(max_uncompressed_bytes=200_000, max_cells=50, max_merged_cells=10)
    monkeypatch.setattr(parsing, "XLSX_LIMITS", small)
    padded = _with_sheet_xml(GOOD_XLSX, "</worksheet>", "<!--" + " " * 300_000 + "--></worksheet>")
    with pytest.raises(OporaError) as unpacked:
        parsing.read_table(padded, "a.xlsx", KINDS["results"])
    assert unpacked.value.status_code == 413 and "распакованном" in unpacked.value.detail

    def many(sheet: Worksheet) -> None:
        _results_sheet(sheet)
        for row in range(20):
            sheet.append(["9901001", "2023-2024", "ВПР", 4, "Математика", row])

    with pytest.raises(OporaError) as cells:
        parsing.read_table(xlsx_bytes(many), "a.xlsx", KINDS["results"])
    assert cells.value.status_code == 413 and "ячеек" in cells.value.detail


def test_a_csv_field_over_the_csv_module_limit_is_a_422(stack: Stack) -> None:
    data = csv_bytes([HEADER, ["9901001", '"' + "я" * 140_000 + '"', "ВПР", "4", "Математика", "20"]])
    answer = upload(stack, "results", "длинное.csv", data)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "unreadable_file" and "Строка" in answer.json()["detail"]
    unclosed = upload(stack, "results", "кавычка.csv", GOOD_CSV + b'"' + b"x" * 200_000)
    assert unclosed.status_code == 422


def _mutate(data: bytes, positions: list[int], value: int) -> bytes:
    out = bytearray(data)
    for position in positions:
        out[position % len(out)] = value
    return bytes(out)


hostile_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=500)),
    st.builds(
        _mutate, st.just(GOOD_XLSX), st.lists(st.integers(0, 10**6), min_size=1, max_size=6), st.integers(0, 255)
    ),
    st.builds(_mutate, st.just(GOOD_CSV), st.lists(st.integers(0, 10**4), min_size=1, max_size=6), st.integers(0, 255)),
    st.lists(
        st.lists(
            st.one_of(st.sampled_from([*HEADER, "", '"', "'=1", "Итого", "\x00"]), st.text(max_size=30)), max_size=8
        ),
        max_size=8,
    ).map(lambda rows: "\r\n".join(";".join(row) for row in rows).encode("utf-8")),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_bytes, name=st.sampled_from(["a.csv", "a.xlsx", "a.json", "a", "a.txt"]))
def test_any_bytes_give_a_table_or_the_readers_own_4xx(data: bytes, name: str) -> None:
    try:
        table = parsing.read_table(data, name, KINDS["results"])
    except OporaError as error:
        assert 400 <= error.status_code < 500 and re.search("[а-яё]", error.detail, re.IGNORECASE)
    else:
        assert len(table.row_numbers) == len(table.cells)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=hostile_bytes, name=st.sampled_from(["a.csv", "a.xlsx"]))
def test_no_upload_is_a_server_error(stack: Stack, data: bytes, name: str) -> None:
    answer = upload(stack, "results", name, data, dry_run=True)
    assert answer.status_code < 500, answer.text
    assert answer.status_code in (200, 413, 422), answer.text
