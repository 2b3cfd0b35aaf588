"""What a user sees after importing a plan table over HTTP: a responsible cell naming several people becomes
several responsible parties (in the preview and in the created plan), each with the post typed beside the name;
bodies and roles stay whole; the plan's extra columns («Показатели», «Источник финансирования», «Ресурсы»,
«Примечание») are shown in the preview, and the indicators are kept by the created activity."""

from __future__ import annotations

import pytest

from services.roadmap.plan_import.people import split_people
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Table, plan_001, plan_003
from tests.roadmap.test_plan_tables_more_15 import _import, _paste, _shown

H = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"]
IVANOVA = "Иванова И.И., зам. директора по УВР"
PETROV = "Петров П.П. – учитель математики"
CELLS: list[tuple[str, list[str]]] = [
    (f"{IVANOVA}; {PETROV}", [IVANOVA, PETROV]),
    ("Иванова И.И.\nПетров П.П.", ["Иванова И.И.", "Петров П.П."]),
    ("Иванова И.И., Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
    ("Администрация ОО", ["Администрация ОО"]),
    ("ШМО учителей начальных классов", ["ШМО учителей начальных классов"]),
    ("руководитель ММО", ["руководитель ММО"]),
    ("зам. директора по УВР, руководители ШМО", ["зам. директора по УВР", "руководители ШМО"]),
    ("Учителя русского языка, математики", ["Учителя русского языка, математики"]),
    ("Иванова И.И.; Иванова И.И.\nПетров П.П.", ["Иванова И.И.", "Петров П.П."]),
    (f"Иванова И.И.,\nзам. директора по УВР;\n{PETROV}", [IVANOVA, PETROV]),
    ("Директор школы Сидорова А.В.,\nпедагог-психолог Кузнецова Е.Н.",
     ["Директор школы Сидорова А.В.", "педагог-психолог Кузнецова Е.Н."]),
]  # fmt: skip


def _table(cells: list[str]) -> list[list[str]]:
    return [H, *[[str(i), f"Мероприятие {i}", "сентябрь 2024", who, "Справка"] for i, who in enumerate(cells, 1)]]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_cell_naming_several_people_becomes_several_responsible_parties(stack: Stack, fmt: str) -> None:
    table = _table([cell for cell, _ in CELLS])
    content = pf.xlsx_bytes(table) if fmt == "xlsx" else pf.docx_bytes([Table(list(table))])
    expected = [people for _, people in CELLS]
    shown = _shown(_import(stack, f"план.{fmt}", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == expected
    assert [a["responsible"] for a in shown] == [cell for cell, _ in CELLS]  # the cell as in the file
    created = _import(stack, f"план.{fmt}", content, dry_run=False)
    assert [[p["name"] for p in a["responsible"]] for a in _shown(created)] == expected
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [[p["name"] for p in a["responsible"]] for a in _shown(read.json())] == expected


def test_two_people_pasted_from_word_are_previewed_apart(stack: Stack) -> None:
    text = (
        "№\tМероприятие\tСроки\tОтветственные\tОжидаемый результат\n"
        f"1\tАнализ ВПР\tсентябрь\t{IVANOVA};\n{PETROV}\tСправка\n"
        "2\tПедсовет\tоктябрь\tАдминистрация ОО\tПротокол\n"
    )
    shown = _shown(_paste(stack, text))
    assert [a["responsible_parties"] for a in shown] == [[IVANOVA, PETROV], ["Администрация ОО"]]


def test_an_empty_responsible_cell_names_nobody(stack: Stack) -> None:
    content = pf.xlsx_bytes(_table(["", "Директор"]))
    shown = _shown(_import(stack, "план.xlsx", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == [[], ["Директор"]]
    created = _shown(_import(stack, "план.xlsx", content, dry_run=False))
    assert created[0]["responsible"] == []


EXTRA_HEADER = ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат", "Показатели",
                "Источник финансирования", "Ресурсы", "Примечание"]  # fmt: skip
EXTRA_ROWS = [
    ["1", "Курсы ПК", "в течение года", "Завуч", "Повышена квалификация", "доля педагогов – 100 %", "бюджет ОО",
     "кадровые", "по графику ИРО"],
    ["2", "Закупка оборудования", "до 01.12.2024", "Директор", "Оснащены кабинеты", "", "субсидия", "", ""],
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_extra_columns_are_shown_in_the_preview_and_indicators_kept_by_the_plan(stack: Stack, fmt: str) -> None:
    table = [EXTRA_HEADER, *EXTRA_ROWS]
    content = pf.xlsx_bytes(table) if fmt == "xlsx" else pf.docx_bytes([Table(list(table))])
    shown = _shown(_import(stack, f"план.{fmt}", content, dry_run=True))
    assert shown[0]["extra"] == {
        "Показатели": "доля педагогов – 100 %",
        "Источник финансирования": "бюджет ОО",
        "Ресурсы": "кадровые",
        "Примечание": "по графику ИРО",
    }
    assert shown[1]["extra"].get("Источник финансирования") == "субсидия"
    assert [a["indicator"] for a in shown] == ["доля педагогов – 100 %", ""]
    assert [a["expected_result"] for a in shown] == ["Повышена квалификация", "Оснащены кабинеты"]
    created = _shown(_import(stack, f"план.{fmt}", content, dry_run=False))
    assert [a["indicator"] for a in created] == ["доля педагогов – 100 %", ""]
    assert [a["expected_result"] for a in created] == ["Повышена квалификация", "Оснащены кабинеты"]


def test_the_preview_lists_the_responsible_parties_the_saved_plan_has(stack: Stack) -> None:
    for name, content in (("план.docx", plan_003()), ("план.xlsx", plan_001())):
        shown = _shown(_import(stack, name, content, dry_run=True))
        saved = _shown(_import(stack, name, content, dry_run=False))
        assert [a["responsible_parties"] for a in shown] == [[p["name"] for p in a["responsible"]] for a in saved]
        assert [a["indicator"] for a in shown] == [a["indicator"] for a in saved]
    assert ["ОО", "МБУ ГЦОКО"] in [a["responsible_parties"] for a in shown]  # «ОО, ⏎МБУ ГЦОКО» in 001


@pytest.mark.no_database
def test_a_cell_of_too_many_names_stays_one() -> None:
    cell = "\n".join(f"Иванов{chr(0x430 + i)} И.И." for i in range(25))
    assert split_people(cell) == [cell.replace("\n", " ")]


@pytest.mark.no_database
@pytest.mark.parametrize(("cell", "people"), CELLS)
def test_split_people(cell: str, people: list[str]) -> None:
    assert split_people(cell) == people
