"""Plan tables, round 25: the responsible cell as schools type it — «Всем классным руководителям» (the group in the
dative after «всем») is the group in the nominative, the party a row writing «Классные руководители» names; «отв.
Иванова И.И.» (the label without a colon) is her; a phone or an e-mail beside a name («Иванова И.И. (тел. …)»,
«…, e-mail: a@b.ru») is neither a party nor her post wherever the people are split (a co-executors' column too); a
name and post after a dash, two people, a slash or «и» between names, a post with its holder in brackets, a single
Latin initial keep reading as they did. The result cell: «Аналитическая справка (до 30.09)» in a row with no deadline
gives the row its deadline; «Справка, приказ», «Протокол педсовета № 3», «100 % педагогов прошли КПК» stay as typed.
«Наименование показателя» names the activities only in a plan without a «Мероприятие» column."""

from __future__ import annotations

from typing import Any

import pytest

from services.roadmap.plan_import.people import co_executors, split_people
from services.roadmap.plan_import.schemas import ImportedPlan
from services.roadmap.plan_import.tables import cyrillic_lookalikes
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities
from tests.roadmap.test_plan_tables_more_15 import _import, _shown
from tests.roadmap.test_plan_tables_more_18 import _read
from tests.roadmap.test_plan_tables_more_21 import FORMATS

H = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"]


def _row(responsible: str = "Иванова И.И.", result: str = "Справка", deadline: str = "сентябрь") -> list[str]:
    return ["1.", "Анализ ВПР", deadline, responsible, result]


def _one(fmt: str, row: list[str], header: list[str] = H) -> Any:
    plan = _read(fmt, [header, row])
    assert plan.errors == []
    [activity] = activities(plan)
    return activity


# -------------------------------------------------------------- «всем …»: the group in the nominative


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Всем классным руководителям", ["Классные руководители"]),
        ("всем классным руководителям 5–9 классов", ["классные руководители 5–9 классов"]),
        ("Всем учителям-предметникам", ["Учителя-предметники"]),
        ("Всем руководителям ШМО", ["Руководители ШМО"]),
        ("всех педагогов", ["педагоги"]),
        ("Иванова И.И., всем классным руководителям", ["Иванова И.И.", "классные руководители"]),
    ],
)
def test_all_of_a_group_in_the_dative_is_the_group(cell: str, people: list[str]) -> None:
    """Before: «Всем классным руководителям» stayed as typed, another party than «Классные руководители»."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize("cell", ["Все педагоги", "все классные руководители", "Всем участникам", "Всем"])
def test_all_of_a_group_in_the_nominative_or_no_group_stays(cell: str) -> None:
    assert split_people(cell) == [cell]


# -------------------------------------------------------------- labels, contacts, several people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("отв. Иванова И.И.", ["Иванова И.И."]),
        ("Отв. исп. Иванова И.И., Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("Ответственный: Иванова И.И.", ["Иванова И.И."]),
        ("Иванова И.И. (тел. 8-900-000-00-00)", ["Иванова И.И."]),
        ("Иванова И.И., тел. 8-900-000-00-00", ["Иванова И.И."]),
        ("Иванова И.И., e-mail: a@b.ru", ["Иванова И.И."]),
        ("Иванова И.И. (тел. 8-900-000-00-00), Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("Иванова И.И., зам. директора по УВР, 8-900-000-00-00", ["Иванова И.И., зам. директора по УВР"]),
    ],
)
def test_a_label_or_a_contact_is_no_party(cell: str, people: list[str]) -> None:
    """Before: «отв. Иванова И.И.» was a party «отв. Иванова И.И.»; the phone and the e-mail stayed in her party."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И. – зам. директора по УВР, Петров П.П. – учитель математики",
         ["Иванова И.И. – зам. директора по УВР", "Петров П.П. – учитель математики"]),
        ("Иванова И.И./Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("Иванова И.И. и Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("зам. директора по УВР (Иванова И.И.)", ["зам. директора по УВР (Иванова И.И.)"]),
        ("Отв. за ВР Иванова И.И.", ["Отв. за ВР Иванова И.И."]),
        ("Иванова И.A.", ["Иванова И.А."]),
        ("И.A. Иванова, Петров П.П.", ["И.А. Иванова", "Петров П.П."]),
    ],
)  # fmt: skip
def test_people_as_typed_keep_reading_so(cell: str, people: list[str]) -> None:
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(("text", "cyrillic"), [("Иванова И.A.", "Иванова И.А."), ("Иванова A.И.", "Иванова А.И.")])
def test_a_single_latin_initial_is_made_cyrillic(text: str, cyrillic: str) -> None:
    assert cyrillic_lookalikes(text) == cyrillic


@pytest.mark.no_database
def test_a_phone_in_a_co_executors_column_is_no_co_executor() -> None:
    """Before: «Петров П.П. (тел. 8-900-000-00-00)» was the co-executor, phone and all."""
    extra = {"Соисполнители": "Петров П.П. (тел. 8-900-000-00-00), Сидорова А.А., e-mail: s@b.ru"}
    assert co_executors(extra) == ["Петров П.П.", "Сидорова А.А."]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("cell", "responsible", "contacts"),
    [
        ("Иванова И.И. (тел. 8-900-000-00-00)", "Иванова И.И.", "8-900-000-00-00"),
        ("Иванова И.И., e-mail: a@b.ru", "Иванова И.И.", "a@b.ru"),
    ],
)
def test_a_contact_in_a_plans_responsible_cell_goes_to_contacts(
    fmt: str, cell: str, responsible: str, contacts: str
) -> None:
    activity = _one(fmt, _row(cell))
    assert (activity.responsible, activity.extra) == (responsible, {"Контакты": contacts})


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_responsible_cells_of_a_plan(fmt: str) -> None:
    rows = [
        H,
        _row("Всем классным руководителям"),
        _row("отв. Иванова И.И."),
        _row("Иванова И.И. – зам. директора по УВР, Петров П.П. – учитель математики"),
        _row("Иванова И.A./Петров П.П."),
    ]
    plan = _read(fmt, [rows[0], *[[f"{i}.", *r[1:]] for i, r in enumerate(rows[1:], 1)]])
    assert [split_people(a.responsible) for a in activities(plan)] == [
        ["Классные руководители"],
        ["Иванова И.И."],
        ["Иванова И.И. – зам. директора по УВР", "Петров П.П. – учитель математики"],
        ["Иванова И.А.", "Петров П.П."],
    ]
    assert plan.problems == []


# -------------------------------------------------------------- the result cell


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("result", "deadline", "after"),
    [
        ("Аналитическая справка (до 30.09)", "до 30.09", "Аналитическая справка"),
        ("Приказ (не позднее 25 мая 2025 г.)", "не позднее 25 мая 2025 г.", "Приказ"),
        ("Протокол (к 1 сентября)", "к 1 сентября", "Протокол"),
    ],
)
def test_a_date_after_the_result_of_a_row_without_a_deadline_is_its_deadline(
    fmt: str, result: str, deadline: str, after: str
) -> None:
    """Before: the row had no deadline, the date stayed in its result."""
    activity = _one(fmt, _row(result=result, deadline=""))
    assert (activity.deadline, activity.expected_result) == (deadline, after)


@pytest.mark.no_database
def test_a_date_after_the_final_document_of_a_plan_without_deadlines() -> None:
    header = ["№", "Мероприятие", "Ответственный", "Форма отчетности"]
    activity = _one("docx", ["1", "Анализ ВПР", "Иванова И.И.", "Аналитическая справка (до 30.09.2025)"], header)
    assert (activity.deadline, activity.final_document) == ("до 30.09.2025", "Аналитическая справка")


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "result",
    ["Справка, приказ", "Протокол педсовета № 3", "100 % педагогов прошли КПК", "Аналитическая справка (до 30.09)",
     "Справка (по итогам)", "Отчёт (до конца года)"],
)  # fmt: skip
def test_a_result_stays_as_typed(fmt: str, result: str) -> None:
    """A row with a deadline of its own keeps the date of its document; a bracket naming no date stays."""
    activity = _one(fmt, _row(result=result, deadline="сентябрь" if "30.09" in result else ""))
    assert activity.expected_result == result
    assert activity.deadline == ("сентябрь" if "30.09" in result else "")


@pytest.mark.no_database
def test_a_result_numbered_raises_no_numbering_problem() -> None:
    plan = _read(
        "xlsx", [H, _row(result="Протокол педсовета № 3"), ["2.", "Семинар", "май", "Директор", "Приказ № 15"]]
    )
    assert [a.number for a in activities(plan)] == ["1", "2"]
    assert plan.problems == []


# -------------------------------------------------------------- «Наименование показателя»


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("activity", [None, "Мероприятие", "Наименование мероприятия", "Содержание работы"])
def test_the_name_of_an_indicator_names_the_activities_only_without_an_activities_column(
    fmt: str, activity: str | None
) -> None:
    header = ["№", *([activity] if activity else []), "Наименование показателя", "Срок", "Ответственный"]
    row = ["1", *(["Анализ ВПР"] if activity else []), "Доля обучающихся, выполнивших ВПР, 85 %", "май", "Директор"]
    plan: ImportedPlan = _read(fmt, [header, row])
    [read] = activities(plan)
    if activity is None:
        assert (plan.columns["Наименование показателя"], read.title) == ("title", row[1])
    else:
        assert plan.columns[activity] == "title" and plan.columns["Наименование показателя"] == "extra"
        assert (read.title, read.extra) == ("Анализ ВПР", {"Наименование показателя": row[2]})


# -------------------------------------------------------------- as uploaded and previewed


def test_a_plan_with_these_cells_previewed(stack: Stack) -> None:
    rows = [
        H,
        ["1.", "Анализ ВПР", "", "отв. Иванова И.И. (тел. 8-900-000-00-00)", "Аналитическая справка (до 30.09)"],
        ["2.", "Классные часы", "октябрь", "Всем классным руководителям", "Протокол педсовета № 3"],
    ]
    preview = _import(stack, "план.xlsx", pf.xlsx_bytes([list(r) for r in rows]), dry_run=True)
    shown = _shown(preview)
    assert [a["responsible_parties"] for a in shown] == [["Иванова И.И."], ["Классные руководители"]]
    assert [a["expected_result"] for a in shown] == ["Аналитическая справка", "Протокол педсовета № 3"]
    assert shown[0]["deadline"] == "до 30.09"
    assert preview["problems"] == []
