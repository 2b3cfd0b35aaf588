"""Plan tables, round 22: a body, a colon (or a dash) and several of its people («МКУ «ЦРО»: Иванова И.И., Петров
П.П.», also the names on lines of their own) are each a person of that body («Иванова И.И. (МКУ «ЦРО»)»), not the
first with the body and the second without; a school after a person's written post («Иванова И.И., руководитель РМО
учителей математики, МБОУ «СОШ № 3»») is her workplace, not another party (on its own line or after «;» it still
is one); a place to sign or stamp («Подпись ____», «_________ (подпись)», «М.П.») in a cell or a row of its own is
nobody responsible and no line of the activity above; a row of dashes only («- | - | -») is no line of the activity
above either."""

from __future__ import annotations

import pytest

from services.roadmap.plan_import.people import co_executors, split_people
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities
from tests.roadmap.test_plan_tables_more_15 import _import, _shown
from tests.roadmap.test_plan_tables_more_18 import _read
from tests.roadmap.test_plan_tables_more_21 import AGREED, CRO, FORMATS

IVANOVA, PETROV = f"Иванова И.И. ({CRO})", f"Петров П.П. ({CRO})"


# -------------------------------------------------------------- a body, a colon and its people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (f"{CRO}: Иванова И.И., Петров П.П.", [IVANOVA, PETROV]),
        (f"{CRO}: Иванова И.И. и Петров П.П.", [IVANOVA, PETROV]),
        (f"{CRO} – Иванова И.И., Петров П.П.", [IVANOVA, PETROV]),
        (f"{CRO}:\nИванова И.И.\nПетров П.П.", [IVANOVA, PETROV]),
        (f"{CRO}:\nИванова И.И., Петров П.П.", [IVANOVA, PETROV]),
        (f"{CRO}: И.И. Иванова, П.П. Петров", [f"И.И. Иванова ({CRO})", f"П.П. Петров ({CRO})"]),
        (f"{CRO}: Иванова И.И., Петров П.П., Сидорова А.А.",
         [IVANOVA, PETROV, f"Сидорова А.А. ({CRO})"]),
        (f"{CRO} (по согласованию): Иванова И.И., Петров П.П.", [f"{IVANOVA}{AGREED}", f"{PETROV}{AGREED}"]),
        (f"{CRO}: Иванова И.И. (по согласованию), Петров П.П.", [f"{IVANOVA}{AGREED}", PETROV]),
        ("Управление образования: Петров П.П., Сидорова А.А.",
         ["Петров П.П. (Управление образования)", "Сидорова А.А. (Управление образования)"]),
        ("МБОУ «СОШ № 5, корпус 2»: Иванова И.И., Петров П.П.",
         ["Иванова И.И. (МБОУ «СОШ № 5, корпус 2»)", "Петров П.П. (МБОУ «СОШ № 5, корпус 2»)"]),
        (f"{CRO}:\nИванова И.И., Петров П.П.\nРуководители ОО", [IVANOVA, PETROV, "Руководители ОО"]),
        (f"Директор;\n{CRO}: Иванова И.И., Петров П.П.", ["Директор", IVANOVA, PETROV]),
    ],
)  # fmt: skip
def test_a_body_a_colon_and_its_people_each_of_that_body(cell: str, people: list[str]) -> None:
    """Before: «МКУ «ЦРО»: Иванова И.И.» and «Петров П.П.» (the body went with the first name only, the second was
    of nowhere), and «МКУ «ЦРО»:⏎Иванова И.И.⏎Петров П.П.» three parties, the body among them."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (f"{CRO}: Иванова И.И.", [f"{CRO}: Иванова И.И."]),
        (f"{CRO}:\nИванова И.И.", [f"{CRO}: Иванова И.И."]),
        (f"{CRO} – Иванова И.И.", [f"{CRO} – Иванова И.И."]),
        (f"{CRO} (Иванова И.И., Петров П.П.)", [f"{CRO} (Иванова И.И., Петров П.П.)"]),
        (f"{CRO}, Иванова И.И., Петров П.П.", [CRO, "Иванова И.И.", "Петров П.П."]),
        (f"{CRO}\nИванова И.И.", [CRO, "Иванова И.И."]),
        (f"Методисты {CRO}: Иванова И.И., Петров П.П.",
         [f"Методист {CRO} Иванова И.И.", f"Методист {CRO} Петров П.П."]),
        ("Директор: Иванова И.И.", ["Директор: Иванова И.И."]),
        ("Ответственные: Иванова И.И., Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
    ],
)  # fmt: skip
def test_neighbours_of_a_body_and_its_people_stay(cell: str, people: list[str]) -> None:
    """One person after the colon is one party already naming both (as typed); a comma or a line between the body
    and the names (no colon) are two parties (round 21); a plural post is its holders' (round 21)."""
    assert split_people(cell) == people


@pytest.mark.no_database
def test_co_executors_of_a_body_and_its_people() -> None:
    assert co_executors({"Соисполнители": f"{CRO}: Иванова И.И., Петров П.П."}) == [IVANOVA, PETROV]


# -------------------------------------------------------------- a school after a written post


@pytest.mark.no_database
@pytest.mark.parametrize(
    "cell",
    [
        "Иванова И.И., руководитель РМО учителей математики, МБОУ «СОШ № 3»",
        "Иванова И.И., учитель, МБОУ «СОШ № 3»",
        "Иванова И.И., учитель математики, МАОУ «Лицей № 1»",
        "Иванова И.И. – учитель, МБОУ «СОШ № 3»",
        "Зам. директора по УВР Иванова И.И., МБОУ «СОШ № 3»",
        "Петров П.П., директор, МБОУ «СОШ № 5, корпус 2»",
        f"Иванова И.И., методист, {CRO}",
    ],
)
def test_a_school_after_a_written_post_is_the_persons_workplace(cell: str) -> None:
    """Before: «Иванова И.И., руководитель РМО учителей математики» and «МБОУ «СОШ № 3»» (the school itself
    responsible), though without the post the school was her workplace («Иванова И.И., МБОУ «СОШ № 3»»)."""
    assert split_people(cell) == [cell]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., руководитель РМО учителей математики;\nМБОУ «СОШ № 3»",
         ["Иванова И.И., руководитель РМО учителей математики", "МБОУ «СОШ № 3»"]),
        ("Иванова И.И., руководитель РМО учителей математики; МБОУ «СОШ № 3»",
         ["Иванова И.И., руководитель РМО учителей математики", "МБОУ «СОШ № 3»"]),
        ("Иванова И.И., руководитель РМО учителей математики\nМБОУ «СОШ № 3»",
         ["Иванова И.И., руководитель РМО учителей математики", "МБОУ «СОШ № 3»"]),
        ("Иванова И.И., учитель, МБОУ «СОШ № 3», МБОУ «СОШ № 5»",
         ["Иванова И.И., учитель, МБОУ «СОШ № 3»", "МБОУ «СОШ № 5»"]),
        ("Иванова И.И., учитель, ШМО", ["Иванова И.И., учитель", "ШМО"]),
        ("Иванова И.И., учитель, руководители ОО", ["Иванова И.И., учитель", "руководители ОО"]),
        ("Петров П.П., директор, МБОУ «СОШ № 1», Иванова И.И.",
         ["Петров П.П., директор, МБОУ «СОШ № 1»", "Иванова И.И."]),
    ],
)  # fmt: skip
def test_a_school_apart_from_the_person_stays_a_party(cell: str, people: list[str]) -> None:
    """A school on its own line or after «;», a second school, an association or a group after the post: parties
    of their own."""
    assert split_people(cell) == people


# -------------------------------------------------------------- a place to sign or stamp


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Подпись ____", []),
        ("_________ (подпись)", []),
        ("М.П.", []),
        ("(подпись)", []),
        ("Иванова И.И.\nПодпись ____", ["Иванова И.И."]),
        ("Иванова И.И. _________ (подпись)", ["Иванова И.И."]),
        ("_______ Петров П.П.", ["Петров П.П."]),
        ("Иванова И.И.\nМ.П.", ["Иванова И.И."]),
        ("Директор\nПодпись ____\nПетров П.П.", ["Директор Петров П.П."]),
    ],
)  # fmt: skip
def test_a_place_to_sign_names_nobody(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И. Подпись ____» one party, «М.П.» a party of its own."""
    assert split_people(cell) == people


PLAN = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"],
    ["1.", "Анализ ВПР", "сентябрь", "Иванова И.И.", "Справка"],
    ["2.", "Семинар", "октябрь", "Петров П.П.", "Материалы"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "row",
    [
        ["", "", "", "Подпись ____", ""],
        ["", "", "", "_________ (подпись)", ""],
        ["", "", "", "М.П.", ""],
        ["", "", "", "(подпись)", ""],
        ["", "", "", "Подпись ____", "М.П."],
        ["М.П.", "", "", "", ""],
    ],
)
def test_a_row_only_to_sign_or_stamp_is_not_the_last_activitys(fmt: str, row: list[str]) -> None:
    """Before: «Петров П.П.⏎Подпись ____» the second activity's responsible, and a problem «continued_row»."""
    plan = _read(fmt, [*PLAN, row])
    assert [(a.number, a.responsible) for a in activities(plan)] == [("1", "Иванова И.И."), ("2", "Петров П.П.")]
    assert plan.problems == []


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_place_to_sign_between_activities_is_skipped(fmt: str) -> None:
    plan = _read(fmt, [PLAN[0], PLAN[1], ["", "", "", "М.П.", ""], PLAN[2]])
    assert [(a.number, a.title, a.responsible) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "Иванова И.И."),
        ("2", "Семинар", "Петров П.П."),
    ]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("title", ["Подписание соглашений", "Подпись приказа о назначении", "М.П. Петрова: отчёт"])
def test_an_activity_naming_a_signature_stays(fmt: str, title: str) -> None:
    plan = _read(fmt, [*PLAN, ["3.", title, "ноябрь", "Иванова И.И.", ""]])
    assert [a.title for a in activities(plan)][-1] == title


# -------------------------------------------------------------- a row of dashes


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "row", [["-", "-", "-", "-", "-"], ["", "-", "", "-", ""], ["", "—", "—", "—", "—"], ["–", "–", "", "", ""]]
)
def test_a_row_of_dashes_is_no_line_of_the_activity_above(fmt: str, row: list[str]) -> None:
    """Before: «Анализ ВПР -» (the dash joined to the title) and a problem «continued_row»."""
    plan = _read(fmt, [PLAN[0], PLAN[1], row, PLAN[2], row])
    assert [(a.number, a.title, a.deadline, a.responsible, a.expected_result) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "сентябрь", "Иванова И.И.", "Справка"),
        ("2", "Семинар", "октябрь", "Петров П.П.", "Материалы"),
    ]
    assert plan.problems == []


# -------------------------------------------------------------- a roadmap as written


ROADMAP = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"],
    ["1.", "Семинар для учителей математики", "октябрь", f"{CRO}: Иванова И.И., Петров П.П.", "Материалы"],
    ["2.", "Открытые уроки", "ноябрь", "Сидорова А.А., руководитель РМО учителей математики, МБОУ «СОШ № 3»", ""],
    ["3.", "Мониторинг", "декабрь", f"{CRO}:\nИванова И.И.\nПетров П.П.", "Справка"],
    ["-", "-", "-", "-", "-"],
    ["", "", "", "Подпись ____", ""],
    ["", "", "", "М.П.", ""],
]
PARTIES = [
    [IVANOVA, PETROV],
    ["Сидорова А.А., руководитель РМО учителей математики, МБОУ «СОШ № 3»"],
    [IVANOVA, PETROV],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_roadmap_reads_each_party_as_the_methodist_does(fmt: str) -> None:
    plan = _read(fmt, ROADMAP)
    assert [split_people(a.responsible) for a in activities(plan)] == PARTIES
    assert [a.expected_result for a in activities(plan)] == ["Материалы", "", "Справка"]
    assert plan.problems == []


def test_a_body_and_its_people_previewed_and_saved(stack: Stack) -> None:
    content = pf.csv_bytes(ROADMAP)
    shown = _shown(_import(stack, "карта.csv", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == PARTIES
    created = _import(stack, "карта.csv", content, dry_run=False)
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [[p["name"] for p in a["responsible"]] for a in _shown(read.json())] == PARTIES
