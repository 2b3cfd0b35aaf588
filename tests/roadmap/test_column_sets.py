"""The column sets of the source orders are declared once (`services/roadmap/plans/columns.py`): a table headed
by a set's own labels is recognised as that set, and the plan imported from it is laid out in the same columns."""

from __future__ import annotations

import pytest

from services.roadmap.plan_import import read_pasted
from services.roadmap.plans.columns import SEED_COLUMN_SETS, SeedColumnSet, column_set_of_import, columns

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CELLS = {
    "number": "1",
    "title": "Проведение методического семинара для учителей",
    "responsible": "Заместитель директора",
    "deadline": "сентябрь 2023 года",
    "expected_result": "Не менее 80% учителей прошли семинар",
    "final_document": "Приказ",
}


@pytest.mark.parametrize("seed", SEED_COLUMN_SETS, ids=lambda seed: seed.code)
def test_a_table_headed_by_a_seed_sets_labels_is_read_in_that_set(seed: SeedColumnSet) -> None:
    header = "\t".join(column.label for column in seed.columns)
    row = "\t".join(CELLS[column.field] for column in seed.columns)
    plan = read_pasted(f"{header}\n{row}\n")
    assert plan.column_set == seed.code
    assert [a.title for s in plan.sections for a in s.activities] == [CELLS["title"]]
    assert columns(column_set_of_import(plan.column_set)) == seed.columns


def test_every_seed_set_is_marked_and_the_sets_are_distinct() -> None:
    assert len({seed.code for seed in SEED_COLUMN_SETS}) == len(SEED_COLUMN_SETS) == 5
    assert all(seed.marks or seed.mark_fields for seed in SEED_COLUMN_SETS)


def test_a_table_of_no_seed_set_is_generic_and_gets_the_standard_columns() -> None:
    plan = read_pasted(f"№\tМероприятие\tСрок\n1\t{CELLS['title']}\tоктябрь 2023\n")
    assert plan.column_set == "generic"
    assert columns(column_set_of_import(plan.column_set)) == columns("standard")
