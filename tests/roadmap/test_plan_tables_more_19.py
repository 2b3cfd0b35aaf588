"""Plan tables, round 19: a plural post written before several names («Заместители директора Иванова И.И., Петров
П.П.», the names after a comma, «и», a colon or on lines of their own) names the post's holders, each «Заместитель
директора» (one name after a group stays a party beside it, round 18); a plural post after the names with a dash
(«Иванова И.И., Петров П.П. – учителя математики») is every one's; two names joined by «и» are two parties;
«и др.» is no part of a party's name, «по согласованию» however written is kept as «(по согласованию)» (the plan
printed again must still say it) and compared without it; a post or body in the dative or genitive
(«Директору, заместителю директора по УВР», as an order assigns a task) is a role of its own, in the nominative.
Read in DOCX (a cell merged down, lines of a cell), XLSX (several sheets, merged cells), CSV and pasted text,
previewed and saved."""

from __future__ import annotations

from typing import Any

import pytest

from services.roadmap.plan_import import read_plan
from services.roadmap.plan_import.people import co_executors, split_people
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _shown
from tests.roadmap.test_plan_tables_more_18 import _read

H = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"]
DEPUTIES = "Заместители директора Иванова И.И., Петров П.П."
HOLDERS = ["Заместитель директора Иванова И.И.", "Заместитель директора Петров П.П."]
AGREED = " (по согласованию)"


def _names(parties: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in parties]


# -------------------------------------------------------------- a plural post before several names: its holders


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (DEPUTIES, HOLDERS),
        ("Заместители директора по УВР Иванова И.И., Петров П.П.",
         ["Заместитель директора по УВР Иванова И.И.", "Заместитель директора по УВР Петров П.П."]),
        ("Заместители директора И.И. Иванова, П.П. Петров",
         ["Заместитель директора И.И. Иванова", "Заместитель директора П.П. Петров"]),
        ("Заместители директора Иванова Ирина Ивановна, Петров Петр Петрович",
         ["Заместитель директора Иванова Ирина Ивановна", "Заместитель директора Петров Петр Петрович"]),
        ("Руководители ШМО: Иванова И.И., Петров П.П., Сидорова А.А.",
         ["Руководитель ШМО Иванова И.И.", "Руководитель ШМО Петров П.П.", "Руководитель ШМО Сидорова А.А."]),
        ("Классные руководители 9-х классов Иванова И.И., Петров П.П.",
         ["Классный руководитель 9-х классов Иванова И.И.", "Классный руководитель 9-х классов Петров П.П."]),
        ("Учителя-предметники Иванова И.И., Петров П.П.",
         ["Учитель-предметник Иванова И.И.", "Учитель-предметник Петров П.П."]),
        ("Педагоги-психологи Иванова И.И., Петров П.П.",
         ["Педагог-психолог Иванова И.И.", "Педагог-психолог Петров П.П."]),
        ("Члены рабочей группы: Иванова И.И., Петров П.П.",
         ["Член рабочей группы Иванова И.И.", "Член рабочей группы Петров П.П."]),
        ("Заместители директора Иванова И.И. и Петров П.П.", HOLDERS),
        ("Заместители директора:\nИванова И.И.\nПетров П.П.", HOLDERS),
        ("Заместители директора\nИванова И.И.\nПетров П.П.", HOLDERS),
        ("Заместители директора по УВР Иванова И.И., по ВР Петров П.П.",
         ["Заместитель директора по УВР Иванова И.И.", "Заместитель директора по ВР Петров П.П."]),
        ("Директор Сидорова А.А.; заместители директора Иванова И.И., Петров П.П.",
         ["Директор Сидорова А.А.", "заместитель директора Иванова И.И.", "заместитель директора Петров П.П."]),
        (f"{DEPUTIES}, руководители ШМО", [*HOLDERS, "руководители ШМО"]),
    ],
)  # fmt: skip
def test_a_plural_post_before_several_names_is_each_ones(cell: str, people: list[str]) -> None:
    """Before: «Заместители директора Иванова И.И.» and «Петров П.П.»: the first holder kept the post in the plural,
    the second lost it, and the party of the first named a group."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Руководители ОУ Яркова А.В.", ["Руководители ОУ", "Яркова А.В."]),
        ("Руководители ШМО: Иванова И.И.", ["Руководители ШМО: Иванова И.И."]),
        ("Директор Иванова И.И.", ["Директор Иванова И.И."]),
        ("Директор Иванова И.И., Петров П.П.", ["Директор Иванова И.И.", "Петров П.П."]),
        ("Учителя начальных классов, учителя-предметники", ["Учителя начальных классов", "учителя-предметники"]),
    ],
)  # fmt: skip
def test_what_stays_as_it_was_beside_the_holders(cell: str, people: list[str]) -> None:
    """One name after a group is a party beside it (round 18); a singular post is its one holder's; a list of groups
    without names is cut as before. (A group after the names with a comma is the names' post since round 20.)"""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., Петров П.П. – заместители директора",
         ["Иванова И.И. – заместитель директора", "Петров П.П. – заместитель директора"]),
        ("Иванова И.И., Петров П.П. - учителя математики",
         ["Иванова И.И. – учитель математики", "Петров П.П. – учитель математики"]),
        ("Иванова И.И.\nПетров П.П. – классные руководители",
         ["Иванова И.И. – классный руководитель", "Петров П.П. – классный руководитель"]),
        ("Сидорова А.А. – директор, Петров П.П. – заместители директора",
         ["Сидорова А.А. – директор", "Петров П.П. – заместители директора"]),
    ],
)  # fmt: skip
def test_a_plural_post_after_the_names_with_a_dash_is_every_ones(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И.» without a post and «Петров П.П. – заместители директора». Only names without a post of
    their own before it take it."""
    assert split_people(cell) == people


# -------------------------------------------------------------- «и», «и др.», «(по согласованию)»


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И. и Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("И.И. Иванова и П.П. Петров", ["И.И. Иванова", "П.П. Петров"]),
        ("Иванова И.И., Петров П.П. и Сидорова А.А.", ["Иванова И.И.", "Петров П.П.", "Сидорова А.А."]),
        ("Иванова И.И., Петров П.П. и др.", ["Иванова И.И.", "Петров П.П."]),
        ("Директор, зам. директора по УВР и др.", ["Директор", "зам. директора по УВР"]),
        ("руководители ШМО и другие", ["руководители ШМО"]),
        ("Директор (по согласованию)", ["Директор (по согласованию)"]),
        ("МКУ «ЦРО» (по согласованию), ОО", ["МКУ «ЦРО» (по согласованию)", "ОО"]),
        ("Управление образования, по согласованию", ["Управление образования (по согласованию)"]),
        ("МО учителей начальных классов (по согл.)", ["МО учителей начальных классов (по согласованию)"]),
        ("Иванова И.И. (по согласованию), Иванова И.И.", ["Иванова И.И. (по согласованию)"]),
        ("Заместители директора Иванова И.И., Петров П.П. (по согласованию)", [HOLDERS[0], f"{HOLDERS[1]}{AGREED}"]),
        ("По согласованию", []),
        ("Ответственный: Иванова И.И.", ["Иванова И.И."]),
        ("Ответственные: директор, завуч", ["директор", "завуч"]),
        ("Отв.: Петров П.П.", ["Петров П.П."]),
        ("Иванова И.И.\nОтветственные: руководители ШМО", ["Иванова И.И.", "руководители ШМО"]),
        ("Ответственный за профориентацию Иванова И.И.", ["Ответственный за профориентацию Иванова И.И."]),
    ],
)  # fmt: skip
def test_and_others_and_labels_are_no_part_of_a_name_by_agreement_written_once(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И. и Петров П.П.» one party, «Петров П.П. и др.»; «(по согл.)» and «, по согласованию»
    kept as typed, a second «Иванова И.И.» beside «Иванова И.И. (по согласованию)»; a cell saying only «По
    согласованию» named a party of that name; «Ответственный: Иванова И.И.» a party with the label (and
    «Ответственные: директор, завуч» one). A post «Ответственный за …» stays."""
    assert split_people(cell) == people


# -------------------------------------------------------------- posts and bodies in the dative or genitive


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Директору, заместителю директора по УВР", ["Директор", "заместитель директора по УВР"]),
        ("Заместителю директора по УВР, руководителям ШМО", ["Заместитель директора по УВР", "руководители ШМО"]),
        ("Администрации ОО, учителям-предметникам", ["Администрация ОО", "учителя-предметники"]),
        ("Управлению образования, руководителям ОО", ["Управление образования", "руководители ОО"]),
        ("Классным руководителям, социальному педагогу", ["Классные руководители", "социальный педагог"]),
        ("Заместителя директора по ВР", ["Заместитель директора по ВР"]),
        ("Педагогу-психологу", ["Педагог-психолог"]),
        ("Совету родителей", ["Совет родителей"]),
        ("Центру «Точка роста»", ["Центр «Точка роста»"]),
        ("Директора", ["Директора"]),
        ("Учителя", ["Учителя"]),
        ("Заместителю директора по УВР Ивановой И.И.", ["Заместителю директора по УВР Ивановой И.И."]),
        ("Иванову И.И., Петровой А.А.", ["Иванову И.И.", "Петровой А.А."]),
    ],
)  # fmt: skip
def test_posts_in_the_dative_are_roles_in_the_nominative(cell: str, people: list[str]) -> None:
    """Before: «Директору, заместителю директора по УВР» stayed one party, a role apart from «Директор» of the next
    row: only the nominative was known as a post. The head word (and its adjectives) is put back, its complement stays
    («Совету родителей»); a word both a genitive and a nominative plural («Учителя») and a party naming a person stay
    as written (a surname cannot be put back safely)."""
    assert split_people(cell) == people


@pytest.mark.no_database
def test_co_executors_column_reads_the_holders_too() -> None:
    extra = {"Соисполнители": "Руководители ШМО Иванова И.И., Петров П.П. и др."}
    assert co_executors(extra) == ["Руководитель ШМО Иванова И.И.", "Руководитель ШМО Петров П.П."]


# -------------------------------------------------------------- whole tables: every format


PLAN = [
    H,
    ["1.", "Аналитическая деятельность", "", "", ""],
    ["1.1.", "Анализ результатов ВПР", "сентябрь 2024", DEPUTIES, "Справка"],
    ["1.2.", "Педагогический совет", "октябрь 2024", "Директор (по согласованию)", "Протокол"],
    ["2.", "Методическая работа", "", "", ""],
    ["2.1.", "Заседание ШМО", "ноябрь 2024", "Иванова И.И. и Петров П.П.", "Снижение доли «2» на 10 %"],
    ["2.2.", "Семинар", "декабрь 2024", "Директору, заместителю директора по УВР и др.", "Сертификаты"],
]
PARTIES = [
    HOLDERS,
    ["Директор (по согласованию)"],
    ["Иванова И.И.", "Петров П.П."],
    ["Директор", "заместитель директора по УВР"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "text"])
def test_a_plan_reads_the_holders_and_the_remarks_in_every_format(fmt: str) -> None:
    plan = _read(fmt, PLAN)
    assert sections(plan) == [
        ("1", "Аналитическая деятельность", ["1.1", "1.2"]),
        ("2", "Методическая работа", ["2.1", "2.2"]),
    ]
    assert [a.responsible for a in activities(plan)] == [r[3] for r in PLAN[2:4] + PLAN[5:]]
    assert [split_people(a.responsible) for a in activities(plan)] == PARTIES
    assert plan.problems == []


@pytest.mark.no_database
def test_a_responsible_merged_down_in_word_gives_each_row_the_holders() -> None:
    rows: list[list[str] | Merged] = [
        H,
        Merged("Работа с кадрами"),
        ["1", "Курсы повышения квалификации", "в течение года", "Заместители директора\nИванова И.И.\nПетров П.П.",
         "Удостоверения"],
        ["2", "Аттестация педагогов", "в течение года", "", "Приказы"],
        ["3", "Наставничество", "в течение года", "", "Программа"],
    ]  # fmt: skip
    plan = read_plan(pf.docx_bytes([Table(rows, vmerge=[(3, 2, 4), (2, 2, 4)])]), "план.docx")
    assert sections(plan) == [(None, "Работа с кадрами", ["1", "2", "3"])]
    assert [split_people(a.responsible) for a in activities(plan)] == [HOLDERS] * 3
    assert [a.deadline for a in activities(plan)] == ["в течение года"] * 3


@pytest.mark.no_database
def test_an_excel_book_with_the_plan_on_its_second_sheet_and_merged_cells() -> None:
    rows: list[list[Any]] = [
        ["План мероприятий"],
        ["№", "Мероприятие", "Ответственные", "Сроки", "Результат/показатель"],
        ["I.", "Организационные мероприятия"],
        ["1", "Совещание", "Заместители директора по УВР Иванова И.И., по ВР Петров П.П.", "сентябрь", "Протокол"],
        ["2", "Мониторинг", None, "октябрь", "Доля школ 80 %"],
    ]
    book = pf.xlsx_sheets(
        {"Титул": [["Приложение к приказу № 15 от 01.09.2024"]], "План": rows},
        merges={"План": ["A1:E1", "B3:E3", "C4:C5"]},
    )
    plan = read_plan(book, "план.xlsx")
    assert sections(plan) == [("I", "Организационные мероприятия", ["1", "2"])]
    assert [(a.deadline, a.expected_result) for a in activities(plan)] == [
        ("сентябрь", "Протокол"),
        ("октябрь", "Доля школ 80 %"),
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == [
        ["Заместитель директора по УВР Иванова И.И.", "Заместитель директора по ВР Петров П.П."]
    ] * 2


@pytest.mark.no_database
def test_contacts_leave_the_holders_whole() -> None:
    rows = [H, ["1", "Анализ ВПР", "сентябрь", f"{DEPUTIES}\nтел. 8 (34675) 2-22-33, zam@school.ru", "Справка"]]
    plan = _read("docx", rows)
    (activity,) = activities(plan)
    assert split_people(activity.responsible) == HOLDERS
    assert activity.extra == {"Контакты": "8 (34675) 2-22-33, zam@school.ru"}


# -------------------------------------------------------------- previewed and saved


def test_holders_and_remarks_previewed_and_saved(stack: Stack) -> None:
    content = pf.docx_bytes([Table([list(r) for r in PLAN])])
    shown = _shown(_import(stack, "план.docx", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == PARTIES
    created = _import(stack, "план.docx", content, dry_run=False)
    assert [_names(a["responsible"]) for a in _shown(created)] == PARTIES
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [_names(a["responsible"]) for a in _shown(read.json())] == PARTIES


def test_co_executor_holders_saved(stack: Stack) -> None:
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Соисполнители"],
        ["1", "Анализ ВПР", "сентябрь", "Директор", "Руководители ШМО: Иванова И.И., Петров П.П."],
    ]
    created = _import(stack, "план.xlsx", pf.xlsx_bytes([list(r) for r in rows]), dry_run=False)
    ((activity),) = _shown(created)
    assert _names(activity["responsible"]) == ["Директор"]
    assert _names(activity["co_executors"]) == ["Руководитель ШМО Иванова И.И.", "Руководитель ШМО Петров П.П."]
