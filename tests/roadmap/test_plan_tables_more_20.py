"""Plan tables, round 20: a post written in a column of its own beside the names («Должность | ФИО ответственного»,
«Ответственный (ФИО) | Должность», «Должность | Ф.И.О.») is part of the party, as the post typed in the name's cell is
(«Заместитель директора Иванова И.И.»; a plural one names its holders; a post without a name is the responsible); a
plural post after the names with a comma («Иванова И.И., Петров П.П., заместители директора») is every name's, as after
a dash; «по согласованию» on a name before such a post stays on its holder; «Ответственные» over «исполнитель |
соисполнитель» reads the «исполнитель» as the responsible (it was taken for «исполнено», a fact column, and lost); «х»
in a cell is nothing, as «–»; a row going on with both the start and the end of the deadline reads «октябрь – ноябрь».
Read in DOCX, XLSX, CSV and pasted text, previewed and saved."""

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

FORMATS = ["xlsx", "docx", "csv", "text"]
AGREED = " (по согласованию)"


def _names(parties: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in parties]


# -------------------------------------------------------------- a plural post after the names with a comma


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., Петров П.П., заместители директора",
         ["Иванова И.И. – заместитель директора", "Петров П.П. – заместитель директора"]),
        ("Иванова И.И., Петров П.П., учителя математики",
         ["Иванова И.И. – учитель математики", "Петров П.П. – учитель математики"]),
        ("И.И. Иванова, П.П. Петров, Сидорова А.А., классные руководители 9-х классов",
         ["И.И. Иванова – классный руководитель 9-х классов", "П.П. Петров – классный руководитель 9-х классов",
          "Сидорова А.А. – классный руководитель 9-х классов"]),
        ("Иванова И.И.,\nПетров П.П.,\nучителя-предметники",
         ["Иванова И.И. – учитель-предметник", "Петров П.П. – учитель-предметник"]),
        ("Иванова И.И., Петров П.П., руководители ШМО",
         ["Иванова И.И. – руководитель ШМО", "Петров П.П. – руководитель ШМО"]),
        ("Директор Сидорова А.А., Иванова И.И., Петров П.П., заместители директора",
         ["Директор Сидорова А.А.", "Иванова И.И. – заместитель директора", "Петров П.П. – заместитель директора"]),
        ("Иванова И.И., Петров П.П., учителя начальных классов; Сидорова А.А. – директор",
         ["Иванова И.И. – учитель начальных классов", "Петров П.П. – учитель начальных классов",
          "Сидорова А.А. – директор"]),
    ],
)  # fmt: skip
def test_a_plural_post_after_the_names_with_a_comma_is_every_ones(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И.», «Петров П.П.» without a post and «заместители директора» a party of its own (the dash
    form already gave each holder the post). Written as after a dash, whichever was typed: one party a person."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., заместитель директора", ["Иванова И.И., заместитель директора"]),
        ("Иванова И.И., руководители ШМО", ["Иванова И.И.", "руководители ШМО"]),
        ("Иванова И.И., Петров П.П., руководители ШМО, Сидорова А.А.",
         ["Иванова И.И.", "Петров П.П.", "руководители ШМО", "Сидорова А.А."]),
        ("Директор, заместители директора", ["Директор", "заместители директора"]),
        ("Иванова И.И. – директор, Петров П.П. – завуч, руководители ШМО",
         ["Иванова И.И. – директор", "Петров П.П. – завуч", "руководители ШМО"]),
    ],
)  # fmt: skip
def test_a_group_after_one_name_or_before_a_name_stays_apart(cell: str, people: list[str]) -> None:
    """One name and a group, a group followed by a name (round 18: the group of the names after it), names with posts
    of their own: the group stays a party of its own."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., Петров П.П. (по согласованию) – учителя математики",
         ["Иванова И.И. – учитель математики", f"Петров П.П. – учитель математики{AGREED}"]),
        ("Иванова И.И. (по согл.), Петров П.П. – заместители директора",
         [f"Иванова И.И. – заместитель директора{AGREED}", "Петров П.П. – заместитель директора"]),
        ("Иванова И.И., Петров П.П. (по согласованию), учителя математики",
         ["Иванова И.И. – учитель математики", f"Петров П.П. – учитель математики{AGREED}"]),
        ("Заместители директора Иванова И.И. (по согласованию), Петров П.П.",
         [f"Заместитель директора Иванова И.И.{AGREED}", "Заместитель директора Петров П.П."]),
        ("Петров П.П., Управление образования (по согласованию)",
         ["Петров П.П.", f"Управление образования{AGREED}"]),
    ],
)  # fmt: skip
def test_by_agreement_on_a_name_stays_on_its_holder(cell: str, people: list[str]) -> None:
    """Before: «(по согласованию)» written after the name was lost once the post after the names became the name's:
    the remark was known by the party as typed («Петров П.П. – учителя математики»), not by the person."""
    assert split_people(cell) == people


# -------------------------------------------------------------- a post in a column of its own


POST_NAMES = [
    ["№", "Мероприятие", "Срок", "Должность", "ФИО ответственного", "Ожидаемый результат"],
    ["1", "Анализ ВПР", "сентябрь", "Заместитель директора по УВР", "Иванова И.И.", "Справка"],
    ["2", "Педсовет", "октябрь", "Заместители директора", "Иванова И.И., Петров П.П.", "Протокол"],
    ["3", "Семинар", "ноябрь", "Директор\nЗаместитель директора по ВР", "Сидорова А.А.\nПетров П.П.", "Сертификаты"],
    ["4", "Курсы", "декабрь", "Директор", "—", "Удостоверения"],
]
POST_PARTIES = [
    ["Заместитель директора по УВР Иванова И.И."],
    ["Заместитель директора Иванова И.И.", "Заместитель директора Петров П.П."],
    ["Директор Сидорова А.А.", "Заместитель директора по ВР Петров П.П."],
    ["Директор"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_posts_column_beside_the_names_is_part_of_each_party(fmt: str) -> None:
    """Before: the party saved was «Иванова И.И.» alone, the post an extra value no party kept; a post beside an empty
    names cell left the activity without a responsible."""
    plan = _read(fmt, POST_NAMES)
    assert [a.responsible for a in activities(plan)] == [
        "Заместитель директора по УВР Иванова И.И.",
        "Заместители директора Иванова И.И., Петров П.П.",
        "Директор Сидорова А.А.\nЗаместитель директора по ВР Петров П.П.",
        "Директор",
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == POST_PARTIES
    assert [a.extra for a in activities(plan)] == [{}] * 4
    assert plan.columns["Должность"] == plan.columns["ФИО ответственного"] == "responsible"
    assert [a.expected_result for a in activities(plan)] == ["Справка", "Протокол", "Сертификаты", "Удостоверения"]
    assert plan.problems == []


@pytest.mark.no_database
@pytest.mark.parametrize(
    "header",
    [
        ["Должность", "ФИО"],
        ["Должность", "Ф.И.О."],
        ["Должность", "Ответственный"],
        ["Должности", "Ответственные"],
        ["Ответственный (ФИО)", "Должность"],
        ["Ответственное лицо", "Должность ответственного"],
        ["Ответственный исполнитель", "Должность"],
    ],
)
def test_the_post_and_the_names_columns_however_named_and_placed(header: list[str]) -> None:
    """Before: «Должность | ФИО» read the posts as the responsible and the names as an extra value; «ФИО | Должность»
    the names alone; «Должность ответственного» stayed apart."""
    posts_first = header[0].startswith("Должност")
    rows = [["№", "Мероприятие", "Срок", *header]]
    for number, (post, names) in enumerate([("Заместители директора", "Иванова И.И., Петров П.П."), ("Директор", "")]):
        rows.append([str(number + 1), "Совещание", "сентябрь", *((post, names) if posts_first else (names, post))])
    plan = _read("xlsx", rows)
    assert [split_people(a.responsible) for a in activities(plan)] == [
        ["Заместитель директора Иванова И.И.", "Заместитель директора Петров П.П."],
        ["Директор"],
    ]
    assert [a.extra for a in activities(plan)] == [{}, {}]


@pytest.mark.no_database
def test_a_names_cell_saying_more_than_names_keeps_the_post_apart() -> None:
    """A cell already writing a post («Иванова И.И., завуч») or naming a body is not joined to the post column: the
    post stays an extra value, as before."""
    rows = [
        ["№", "Мероприятие", "Срок", "Должность", "Ответственный"],
        ["1", "Совещание", "сентябрь", "Заместитель директора", "Иванова И.И., завуч"],
        ["2", "Семинар", "октябрь", "Методист", "ММЦ"],
    ]
    plan = _read("docx", rows)
    assert [(a.responsible, a.extra) for a in activities(plan)] == [
        ("Иванова И.И., завуч", {"Должность": "Заместитель директора"}),
        ("ММЦ", {"Должность": "Методист"}),
    ]


@pytest.mark.no_database
def test_a_posts_column_alone_is_still_the_responsible() -> None:
    """Pins round 9: without a names column the posts are the responsible, as written."""
    rows = [["№", "Мероприятие", "Срок", "Должность"], ["1", "Семинар", "сентябрь", "Заместители директора по УВР"]]
    plan = _read("csv", rows)
    assert [a.responsible for a in activities(plan)] == ["Заместители директора по УВР"]
    assert plan.columns["Должность"] == "responsible"


# -------------------------------------------------------------- «Ответственные» over «исполнитель | соисполнитель»


EXECUTORS = [
    ["№", "Мероприятие", "Срок", "Ответственные", "Ответственные", "Результат"],
    ["", "", "", "исполнитель", "соисполнитель", ""],
    ["1.", "Совещание", "сентябрь", "Директор", "Заместитель директора по УВР", "Протокол"],
    ["2.", "Мониторинг", "октябрь", "Руководители ШМО: Иванова И.И., Петров П.П.", "", "Справка"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_executor_under_a_responsible_header_is_the_responsible(fmt: str) -> None:
    """Before: «исполнитель» began like «исполнено» (a column of what was done) and became an extra value, and then
    «соисполнитель» too: every activity was left without a responsible."""
    plan = _read(fmt, EXECUTORS)
    assert [a.responsible for a in activities(plan)] == ["Директор", EXECUTORS[3][3]]
    assert [co_executors(a.extra) for a in activities(plan)] == [["Заместитель директора по УВР"], []]
    assert plan.columns["Ответственные (исполнитель)"] == "responsible"
    assert plan.columns["Ответственные (соисполнитель)"] == "extra"


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("top", "parts"),
    [
        ("Ответственные", ["исполнитель", "соисполнители"]),
        ("Ответственный", ["исполнители", "соисполнители"]),
        ("Ответственные", ["исполнитель", "участники"]),
        ("Исполнители", ["ответственный исполнитель", "соисполнители"]),
    ],
)
def test_a_three_row_header_merged_in_excel_reads_the_executor(top: str, parts: list[str]) -> None:
    """The header over three rows (the group, its parts, the columns' numbers), the groups merged in Excel."""
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "Сроки исполнения", "", top, "", "Ожидаемый результат"],
        ["", "", "начало", "окончание", *parts, ""],
        [1, 2, 3, 4, 5, 6, 7],
        ["1.", "Совещание", "01.09.2024", "30.09.2024", "Директор", "Завуч", "Протокол"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:G2"]), "план.xlsx")
    [activity] = activities(plan)
    assert (activity.deadline, activity.responsible, activity.expected_result) == (
        "01.09.2024 – 30.09.2024",
        "Директор",
        "Протокол",
    )
    assert co_executors(activity.extra) == ["Завуч"]


@pytest.mark.no_database
def test_a_word_header_merged_over_the_executors() -> None:
    rows: list[list[str] | Merged] = [
        Merged("Ответственные", 3, 4, cells={0: "№", 1: "Мероприятие", 2: "Срок", 5: "Результат"}),
        ["", "", "", "исполнитель", "соисполнитель", ""],
        ["1.", "Совещание", "сентябрь", "Директор", "Завуч", "Протокол"],
    ]
    plan = read_plan(pf.docx_bytes([Table(rows, vmerge=[(0, 0, 1), (1, 0, 1), (2, 0, 1), (5, 0, 1)])]), "план.docx")
    [activity] = activities(plan)
    assert (activity.responsible, co_executors(activity.extra)) == ("Директор", ["Завуч"])


@pytest.mark.no_database
def test_a_fact_column_under_the_deadline_stays_extra() -> None:
    """Pins: «исполнено» (what was done) under «Срок» is still no deadline nor responsible."""
    rows = [
        ["№", "Мероприятие", "Срок", "Срок", "Ответственный"],
        ["", "", "план", "исполнено", ""],
        ["1", "Совещание", "сентябрь", "выполнено", "Директор"],
    ]
    plan = _read("xlsx", rows)
    [activity] = activities(plan)
    assert (activity.deadline, activity.responsible) == ("сентябрь", "Директор")
    assert list(activity.extra.values()) == ["выполнено"]


# -------------------------------------------------------------- «х» and dashes as nothing; a row going on


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mark", ["х", "Х", "x", "X"])
def test_an_x_in_a_cell_is_nothing(fmt: str, mark: str) -> None:
    """Before: «х» (Excel's «not applicable», Cyrillic or Latin) was read as the deadline, the result, an indicator, a
    responsible named «х»."""
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат", "Показатель"],
        ["1", "Совещание", mark, "Директор", mark, mark],
        ["2", "Курсы", "ноябрь", mark, "Удостоверения", "100 %"],
    ]
    plan = _read(fmt, rows)
    assert [(a.deadline, a.responsible, a.expected_result, a.extra) for a in activities(plan)] == [
        ("", "Директор", "", {}),
        ("ноябрь", "", "Удостоверения", {"Показатель": "100 %"}),
    ]
    assert [a.title for a in activities(plan)] == ["Совещание", "Курсы"]


@pytest.mark.no_database
def test_an_x_marking_a_month_of_a_plan_grid_still_marks_it() -> None:
    rows = [
        ["№", "Мероприятие", "Ответственный", "Сентябрь", "Октябрь", "Ноябрь"],
        ["1", "Мониторинг", "Завуч", "х", "", "х"],
    ]
    plan = _read("xlsx", rows)
    [activity] = activities(plan)
    assert "сентябрь" in activity.deadline.lower() and "ноябрь" in activity.deadline.lower()
    assert "октябрь" not in activity.deadline.lower()


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_row_going_on_with_the_start_and_the_end_reads_one_deadline(fmt: str) -> None:
    """Before: «октябрь ноябрь» (the end joined to the start with a space, as a title's words are)."""
    rows = [
        ["№", "Мероприятие", "Начало", "Окончание", "Ответственный"],
        ["1.", "Совещание", "сентябрь", "октябрь", "Директор"],
        ["2.", "Анализ результатов ВПР по", "", "", ""],
        ["", "математике и русскому языку", "октябрь", "ноябрь", "Завуч"],
    ]
    plan = _read(fmt, rows)
    assert [(a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        ("Совещание", "сентябрь – октябрь", "Директор"),
        ("Анализ результатов ВПР по математике и русскому языку", "октябрь – ноябрь", "Завуч"),
    ]
    assert [p.code for p in plan.problems] == ["continued_row"]


# -------------------------------------------------------------- a whole school plan


TITLE = [
    ["УТВЕРЖДАЮ"],
    ["Директор МБОУ «СОШ № 5»"],
    ["__________ Сидорова А.А."],
    ["«30» августа 2024 г."],
    ["План мероприятий по повышению качества образования на 2024-2025 учебный год"],
]
BOOK: list[list[Any]] = [
    *TITLE,
    ["№ п/п", "Мероприятие", "Сроки", "", "Ответственные", "", "Ожидаемый результат"],
    ["", "", "начало", "окончание", "исполнитель", "соисполнитель", ""],
    ["I.", "Организационные мероприятия", "", "", "", "", ""],
    ["1.", "Совещание при директоре", "02.09.2024", "х", "Директор", "—", "Протокол"],
    ["2.", "Анализ результатов ВПР по", "", "", "", "", ""],
    ["", "математике", "октябрь", "ноябрь", "Иванова И.И., Петров П.П., заместители директора", "х", "Справка"],
    ["II.", "Работа с кадрами", "", "", "", "", ""],
    ["1.", "Курсы повышения квалификации", "в течение года", "", "Заместитель директора по УВР",
     "Руководители ШМО", "• удостоверения\n• сертификаты"],
    ["", "Итого: 3 мероприятия", "", "", "", "", ""],
]  # fmt: skip
BOOK_MERGES = ["A5:G5", "A6:A7", "B6:B7", "C6:D6", "E6:F6", "G6:G7", "B8:G8", "B12:G12"]


@pytest.mark.no_database
def test_an_excel_plan_under_a_title_block_with_a_two_row_header() -> None:
    plan = read_plan(pf.xlsx_bytes(BOOK, merges=BOOK_MERGES), "план.xlsx")
    assert sections(plan) == [
        ("I", "Организационные мероприятия", ["1", "2"]),
        ("II", "Работа с кадрами", ["1"]),
    ]
    assert [(a.title, a.deadline) for a in activities(plan)] == [
        ("Совещание при директоре", "02.09.2024"),
        ("Анализ результатов ВПР по математике", "октябрь – ноябрь"),
        ("Курсы повышения квалификации", "в течение года"),
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == [
        ["Директор"],
        ["Иванова И.И. – заместитель директора", "Петров П.П. – заместитель директора"],
        ["Заместитель директора по УВР"],
    ]
    assert [co_executors(a.extra) for a in activities(plan)] == [[], [], ["Руководители ШМО"]]
    assert [a.expected_result for a in activities(plan)] == ["Протокол", "Справка", "• удостоверения\n• сертификаты"]
    assert sorted({p.code for p in plan.problems}) == ["continued_row", "total_row"]


@pytest.mark.no_database
@pytest.mark.parametrize("repeat", [False, True])
def test_a_word_table_broken_by_a_page_with_or_without_its_header(repeat: bool) -> None:
    """Pins: the second part of a table broken by a page goes on with the first, its header repeated or not."""
    header = ["№", "Мероприятие", "Срок", "Должность", "ФИО ответственного"]
    first: list[list[str] | Merged] = [header, ["1", "Совещание", "сентябрь", "Директор", "Сидорова А.А."]]
    second: list[list[str] | Merged] = [
        ["2", "Педсовет", "октябрь", "Заместители директора", "Иванова И.И., Петров П.П."]
    ]
    plan = read_plan(pf.docx_bytes([Table(first), Table([header, *second] if repeat else second)]), "план.docx")
    assert [split_people(a.responsible) for a in activities(plan)] == [
        ["Директор Сидорова А.А."],
        ["Заместитель директора Иванова И.И.", "Заместитель директора Петров П.П."],
    ]


# -------------------------------------------------------------- previewed and saved


def test_posts_beside_names_previewed_and_saved(stack: Stack) -> None:
    content = pf.xlsx_bytes([list(r) for r in POST_NAMES])
    shown = _shown(_import(stack, "план.xlsx", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == POST_PARTIES
    created = _import(stack, "план.xlsx", content, dry_run=False)
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [_names(a["responsible"]) for a in _shown(read.json())] == POST_PARTIES


def test_executors_and_co_executors_saved(stack: Stack) -> None:
    content = pf.docx_bytes([Table([list(r) for r in EXECUTORS])])
    created = _import(stack, "план.docx", content, dry_run=False)
    shown = _shown(created)
    assert [_names(a["responsible"]) for a in shown] == [
        ["Директор"],
        ["Руководитель ШМО Иванова И.И.", "Руководитель ШМО Петров П.П."],
    ]
    assert [_names(a["co_executors"]) for a in shown] == [["Заместитель директора по УВР"], []]


def test_a_comma_post_after_names_and_an_x_saved(stack: Stack) -> None:
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"],
        ["1", "Педсовет", "х", "Иванова И.И., Петров П.П. (по согласованию), заместители директора", "х"],
    ]
    created = _import(stack, "план.csv", pf.csv_bytes(rows), dry_run=False)
    [activity] = _shown(created)
    assert _names(activity["responsible"]) == [
        "Иванова И.И. – заместитель директора",
        f"Петров П.П. – заместитель директора{AGREED}",
    ]
    assert (activity["deadline_text"], activity["expected_result"]) == ("", "")
