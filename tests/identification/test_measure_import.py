"""The generic indicator kind `indicator_values` through HTTP: Russian headers, decimal commas, the direction
in words, a re-upload that changes nothing, bad cells reported by row and column, and the export."""

from __future__ import annotations

from tests.conftest import Stack
from tests.identification.import_support import csv_bytes, export_rows, upload

HEADER = ["Код ОО", "Учебный год", "Код показателя", "Значение", "Единица измерения", "Направление"]


def test_a_regional_index_is_imported_like_the_other_kinds(stack: Stack) -> None:
    school = stack.territory["school"]["code"]
    rows = [
        HEADER,
        [school, "2040/2041", "ior_test", "0,566", "индекс", "лучше больше"],
        [school, "2041-42", "ior_test", "0,395", "индекс", "лучше больше"],
        [school, "2041-2042", "dropout_test", "4,5", "%", "меньше — лучше"],
    ]
    applied = upload(stack, "indicator_values", "иор.csv", csv_bytes(rows))
    assert applied.status_code == 200, applied.text
    assert applied.json()["status"] == "applied" and applied.json()["created"] == 3
    again = upload(stack, "indicator_values", "иор.csv", csv_bytes(rows))
    assert again.json()["status"] == "unchanged"
    stored = {
        (r["school_year"], r["measure"]): r
        for r in export_rows(stack, "indicator_values")
        if r["school_code"] == school and r["measure"].endswith("_test")
    }
    assert stored[("2040-2041", "ior_test")]["value"] == 0.566
    assert stored[("2041-2042", "dropout_test")]["direction"] == "lower"
    assert stored[("2041-2042", "ior_test")]["unit"] == "индекс"

    bad = [HEADER, [school, "2042-2043", "ior_test", "высокий", "", "вверх"]]
    refused = upload(stack, "indicator_values", "иор.csv", csv_bytes(bad))
    assert refused.status_code == 422 and refused.json()["code"] == "import_rejected"
    errors = {(e["row"], e["column"], e["code"]) for e in refused.json()["report"]["errors"]}
    assert errors == {(2, "Значение", "invalid_number"), (2, "Направление", "unknown_direction")}
