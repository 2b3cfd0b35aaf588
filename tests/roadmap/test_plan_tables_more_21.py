"""Plan tables, round 21: a body and a person written apart by a comma («МКУ «ЦРО», Иванова И.И.», «Управление
образования, Петров П.П.») are two responsible parties, the body and the named person (the body's name was taken for
the person's post); the person's workplace written after the name («Иванова И.И., методист МКУ «ЦРО»», «Иванова И.И.
(МКУ «ЦРО»)») or a post before it («Методист МКУ «ЦРО», Иванова И.И.») keeps one party. «(по согласованию)» alone on
the line under a party is that party's (it was lost); «руководители ШМО, РМО» is one group heading both (as «по УВР,
ВР»), not the group and the body «РМО»; a plural post naming its workplace in quotes («Методисты МКУ «ЦРО» Иванова
И.И., Петров П.П.») names its holders; one person's post alone on a line over a name alone on the next («Директор⏎
Петров П.П.», also a row split across a page between them) is its holder; «ЦНППМ», «ППк», «Комиссия …», «МБУДО …» are
bodies. Read in a municipal roadmap as written (the header and its numbering row repeated on the next page, section
rows, sub-numbers, a row split across a page, a «Примечание» column, «Итого», a signature, a table nested in a cell)
in DOCX, XLSX (merged cells, a hidden column), CSV and pasted text, previewed and saved."""

from __future__ import annotations

import io

import openpyxl
import pytest

from services.roadmap.plan_import import read_plan
from services.roadmap.plan_import.people import co_executors, split_people
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _shown, landscape_docx
from tests.roadmap.test_plan_tables_more_18 import _read
from tests.roadmap.test_plan_tables_more_20 import _names

FORMATS = ["xlsx", "docx", "csv", "text"]
AGREED = " (по согласованию)"
CRO = "МКУ «ЦРО»"


# -------------------------------------------------------------- a body and a person apart by a comma


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (f"{CRO}, Иванова И.И.", [CRO, "Иванова И.И."]),
        (f"{CRO},\nИванова И.И.", [CRO, "Иванова И.И."]),
        (f"{CRO}, И.И. Иванова", [CRO, "И.И. Иванова"]),
        (f"{CRO}, Иванова Ирина Ивановна", [CRO, "Иванова Ирина Ивановна"]),
        (f"{CRO}, Иванова И.И., методист", [CRO, "Иванова И.И., методист"]),
        (f"{CRO}, методист Иванова И.И.", [CRO, "методист Иванова И.И."]),
        (f"{CRO}, Иванова И.И., Петров П.П.", [CRO, "Иванова И.И.", "Петров П.П."]),
        (f"{CRO}, Иванова И.И., Петров П.П., методисты",
         [CRO, "Иванова И.И. – методист", "Петров П.П. – методист"]),
        (f"{CRO} (по согласованию), Иванова И.И.", [f"{CRO}{AGREED}", "Иванова И.И."]),
        ("Управление образования, Петров П.П.", ["Управление образования", "Петров П.П."]),
        ("Отдел образования, Иванова И.И. (по согласованию)", ["Отдел образования", f"Иванова И.И.{AGREED}"]),
        ("Администрация ОО, Иванова И.И.", ["Администрация ОО", "Иванова И.И."]),
        ("Педагогический совет, Иванова И.И.", ["Педагогический совет", "Иванова И.И."]),
        ("ШМО учителей математики, Иванова И.И.", ["ШМО учителей математики", "Иванова И.И."]),
        ("МБОУ «СОШ № 1», Петров П.П., директор", ["МБОУ «СОШ № 1»", "Петров П.П., директор"]),
        ("ГАУ ДПО «ИРО», Иванова И.И.", ["ГАУ ДПО «ИРО»", "Иванова И.И."]),
        ("ЦНППМ, Иванова И.И.", ["ЦНППМ", "Иванова И.И."]),
        ("ППк, Иванова И.И.", ["ППк", "Иванова И.И."]),
        ("Комиссия по распределению стимулирующих выплат, Петров П.П.",
         ["Комиссия по распределению стимулирующих выплат", "Петров П.П."]),
        ("МБУДО «ЦДТ», Петров П.П.", ["МБУДО «ЦДТ»", "Петров П.П."]),
        ("Управлению образования, Петрову П.П.", ["Управление образования", "Петрову П.П."]),
    ],
)  # fmt: skip
def test_a_body_then_a_person_after_a_comma_are_two_parties(cell: str, people: list[str]) -> None:
    """Before: one party («МКУ «ЦРО», Иванова И.И.»): the body before the name was read as the person's post, so the
    body was nobody responsible and the person a party no list of people knew."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    "cell",
    [
        f"Иванова И.И. ({CRO})",
        f"Иванова И.И., методист {CRO}",
        f"Иванова И.И. – методист {CRO}",
        f"Иванова И.И., {CRO}",
        f"Методист {CRO}, Иванова И.И.",
        f"методист {CRO} Иванова И.И.",
        f"{CRO} (Иванова И.И.)",
        f"{CRO} – Иванова И.И.",
        "директор МБОУ «СОШ № 1» Петров П.П.",
        "Директор МБОУ «СОШ № 1», Петров П.П.",
        "Заместитель директора по УВР, Иванова И.И.",
        "Муниципальный координатор, Иванова И.И.",
        "Региональный координатор, Иванова И.И.",
        "Иванова И.И., МБУДО «ЦДТ»",
    ],
)
def test_a_workplace_or_a_post_written_with_the_name_keeps_one_person(cell: str) -> None:
    """The person's workplace after the name (in brackets, after a comma, with the post), a post or a post naming a
    body before it, a body whose one holder is in brackets: one party, as typed. «Муниципальный координатор» opens
    with a word a body's name may open with, but is a post."""
    assert split_people(cell) == [cell]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (f"{CRO}, ОО", [CRO, "ОО"]),
        ("Управление образования, руководители ОО", ["Управление образования", "руководители ОО"]),
        ("Управление образования,\nруководители ОО", ["Управление образования", "руководители ОО"]),
        (f"Управление образования, {CRO}, руководители ОО", ["Управление образования", CRO, "руководители ОО"]),
        ("ШМО, РМО", ["ШМО", "РМО"]),
        ("Заместитель директора по УВР, ОО", ["Заместитель директора по УВР", "ОО"]),
        (f"Иванова И.И., методист {CRO}, руководители ОО", [f"Иванова И.И., методист {CRO}", "руководители ОО"]),
        (f"Иванова И.И., методист {CRO},\nПетров П.П., директор МБОУ «СОШ № 1»",
         [f"Иванова И.И., методист {CRO}", "Петров П.П., директор МБОУ «СОШ № 1»"]),
    ],
)  # fmt: skip
def test_neighbours_of_a_body_and_a_person(cell: str, people: list[str]) -> None:
    assert split_people(cell) == people


@pytest.mark.no_database
def test_co_executors_of_a_body_and_a_person_are_two() -> None:
    assert co_executors({"Соисполнители": f"{CRO}, Иванова И.И."}) == [CRO, "Иванова И.И."]


# -------------------------------------------------------------- «по согласованию» on a line of its own


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Руководители ОО\n(по согласованию)", [f"Руководители ОО{AGREED}"]),
        ("Руководители ОО\nпо согласованию", [f"Руководители ОО{AGREED}"]),
        (f"{CRO}\n(по согл.)", [f"{CRO}{AGREED}"]),
        ("Управление образования; (по согласованию)", [f"Управление образования{AGREED}"]),
        ("Директор,\nруководители ОО\n(по согласованию)", ["Директор", f"руководители ОО{AGREED}"]),
        ("Директор\n\n(по согласованию)", [f"Директор{AGREED}"]),
        ("Иванова И.И.,\n(по согласованию)", [f"Иванова И.И.{AGREED}"]),
        ("По согласованию", []),
    ],
)  # fmt: skip
def test_by_agreement_alone_on_a_line_is_the_party_above(cell: str, people: list[str]) -> None:
    """Before: «(по согласованию)» on the line under the party was dropped, the plan printed again no longer said
    that the body takes part only if it agrees."""
    assert split_people(cell) == people


# -------------------------------------------------------------- a post over its holder's name on the next line


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Зам. директора по УВР\nПетров П.П.", ["Зам. директора по УВР Петров П.П."]),
        ("Директор\nПетров П.П.", ["Директор Петров П.П."]),
        ("Директор\nПетров П.П.\nЗам. директора по УВР\nИванова И.И.",
         ["Директор Петров П.П.", "Зам. директора по УВР Иванова И.И."]),
        ("Педагог-психолог\nИванова Ирина Ивановна", ["Педагог-психолог Иванова Ирина Ивановна"]),
        ("Руководитель ШМО учителей математики\nИванова И.И.", ["Руководитель ШМО учителей математики Иванова И.И."]),
        ("Директор,\nПетров П.П.", ["Директор, Петров П.П."]),
        ("Директор:\nПетров П.П.", ["Директор: Петров П.П."]),
        ("Директор\nПетров П.П. (по согласованию)", [f"Директор Петров П.П.{AGREED}"]),
    ],
)  # fmt: skip
def test_a_post_alone_on_a_line_over_a_name_is_its_holder(cell: str, people: list[str]) -> None:
    """Before: «Директор» and «Петров П.П.», two parties (and «Директор⏎Петров П.П.⏎Зам. директора по УВР⏎Иванова
    И.И.» gave «Петров П.П. Зам. директора по УВР»: the post taken for Petrov's, written after his name). A Word cell
    writes the post on its line and the name under it; it is the same person as «Директор Петров П.П.»."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Руководители ОУ\nЯркова А.В.", ["Руководители ОУ", "Яркова А.В."]),
        ("Классные руководители\nИванова И.И.", ["Классные руководители", "Иванова И.И."]),
        ("Директора ОО\nИванова И.И.", ["Директора ОО", "Иванова И.И."]),
        (f"{CRO}\nИванова И.И.", [CRO, "Иванова И.И."]),
        ("Директор\nИванова И.И., Петров П.П.", ["Директор", "Иванова И.И.", "Петров П.П."]),
        ("Директор\nПетрова А.А., руководитель ШМО", ["Директор", "Петрова А.А., руководитель ШМО"]),
        ("Заместители директора\nИванова И.И.\nПетров П.П.",
         ["Заместитель директора Иванова И.И.", "Заместитель директора Петров П.П."]),
    ],
)  # fmt: skip
def test_a_group_a_body_or_several_names_under_a_line_stay_apart(cell: str, people: list[str]) -> None:
    """A group over one name (round 18), a body over a person (as after a comma), a post over several names or over
    a name with a post of its own: not one holder."""
    assert split_people(cell) == people


# -------------------------------------------------------------- the heads of several associations


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("руководители ШМО, РМО", ["руководители ШМО, РМО"]),
        ("Руководители МО, ШМО", ["Руководители МО, ШМО"]),
        ("Руководители ШМО, РМО, ГМО", ["Руководители ШМО, РМО, ГМО"]),
        ("Руководители ДОУ, ОО", ["Руководители ДОУ, ОО"]),
        ("Иванова И.И., руководители ШМО, РМО", ["Иванова И.И.", "руководители ШМО, РМО"]),
        ("Руководители ШМО, РМО, Иванова И.И.", ["Руководители ШМО, РМО", "Иванова И.И."]),
        ("Руководители ШМО, ММО учителей математики", ["Руководители ШМО", "ММО учителей математики"]),
        ("Иванова И.И., ШМО, РМО", ["Иванова И.И.", "ШМО", "РМО"]),
    ],
)  # fmt: skip
def test_a_post_heading_several_associations_is_one_group(cell: str, people: list[str]) -> None:
    """Before: «руководители ШМО, РМО» was the group «руководители ШМО» and the body «РМО» (the association itself
    responsible); the heads of both are meant, as «заместители директора по УВР, ВР»."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (f"Методисты {CRO} Иванова И.И., Петров П.П.",
         [f"Методист {CRO} Иванова И.И.", f"Методист {CRO} Петров П.П."]),
        (f"Методисты {CRO}: Иванова И.И., Петров П.П.",
         [f"Методист {CRO} Иванова И.И.", f"Методист {CRO} Петров П.П."]),
        ("Руководители ШМО МБОУ «СОШ № 5, корпус 2» Иванова И.И., Петров П.П.",
         ["Руководитель ШМО МБОУ «СОШ № 5, корпус 2» Иванова И.И.",
          "Руководитель ШМО МБОУ «СОШ № 5, корпус 2» Петров П.П."]),
        ("Учителя МБОУ «СОШ № 1» Иванова И.И. и Петров П.П.",
         ["Учитель МБОУ «СОШ № 1» Иванова И.И.", "Учитель МБОУ «СОШ № 1» Петров П.П."]),
        (f"Иванова И.И., Петров П.П., методисты {CRO}",
         [f"Иванова И.И. – методист {CRO}", f"Петров П.П. – методист {CRO}"]),
    ],
)  # fmt: skip
def test_a_plural_post_naming_its_workplace_in_quotes_names_its_holders(cell: str, people: list[str]) -> None:
    """Before: «Методисты МКУ «ЦРО» Иванова И.И.» and «Петров П.П.»: a post with quotes was no post of the names."""
    assert split_people(cell) == people


# -------------------------------------------------------------- a municipal roadmap as written


H = ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат", "Примечание"]
NUMBERS = ["1", "2", "3", "4", "5", "6"]
ROADMAP = [
    H,
    NUMBERS,
    ["1. Организационные мероприятия", "", "", "", "", ""],
    ["1.1.", "Разработка плана", "до 01.09.2025", "Управление образования,\nруководители ОО", "План", ""],
    ["1.1.1", "Создание рабочей группы", "август", f"{CRO}, Иванова И.И.", "Приказ", ""],
    ["1.2.", "Совещание с руководителями", "сентябрь", "Руководители ОО\n(по согласованию)", "Протокол", ""],
    ["", "по итогам ВПР", "", "", "", ""],
    H,
    NUMBERS,
    ["2. Работа с педагогами", "", "", "", "", ""],
    ["2.1.", "Заседания ШМО", "ежемесячно", "руководители ШМО, РМО,\nпедагог-психолог", "Протоколы", ""],
    ["2.2.", "Курсы", "в течение года", "все педагоги", "Удостоверения", "по графику"],
    ["2.3.", "Методический день", "ноябрь", f"Иванова И.И., методист {CRO}", "Справка", ""],
    ["Итого: 5 мероприятий", "", "", "", "", ""],
    ["Начальник управления образования", "", "", "Петров П.П.", "", ""],
]
ROADMAP_PARTIES = [
    ["Управление образования", "руководители ОО"],
    [CRO, "Иванова И.И."],
    [f"Руководители ОО{AGREED}"],
    ["руководители ШМО, РМО", "педагог-психолог"],
    ["все педагоги"],
    [f"Иванова И.И., методист {CRO}"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_municipal_roadmap_reads_each_party_as_the_methodist_does(fmt: str) -> None:
    plan = _read(fmt, ROADMAP)
    assert sections(plan) == [
        ("1", "Организационные мероприятия", ["1.1", "1.1.1", "1.2"]),
        ("2", "Работа с педагогами", ["2.1", "2.2", "2.3"]),
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == ROADMAP_PARTIES
    assert activities(plan)[2].title == "Совещание с руководителями по итогам ВПР"
    assert [a.extra for a in activities(plan)][4] == {"Примечание": "по графику"}
    assert [p.code for p in plan.problems] == ["continued_row", "total_row"]
    assert plan.errors == []


def _roadmap_book() -> bytes:
    """The roadmap in Excel: the title merged over the columns, section rows merged across, «Ответственные» merged over
    two activities, the «Примечание» column hidden."""
    rows = [
        ["Дорожная карта по повышению качества образования"],
        [],
        H,
        NUMBERS,
        ["1. Организационные мероприятия"],
        ["1.1.", "Семинар", "октябрь", f"{CRO},\nИванова И.И.", "Материалы", "скрыто"],
        ["1.2.", "Вебинар", "ноябрь", "", "Запись", ""],
        ["2. Работа с руководителями"],
        ["2.1.", "Совещание", "декабрь", "Управление образования\n(по согласованию)", "Протокол", ""],
    ]
    book = openpyxl.load_workbook(io.BytesIO(pf.xlsx_bytes(rows, merges=["A1:F1", "A5:F5", "A8:F8", "D6:D7"])))
    sheet = book.active
    assert sheet is not None
    sheet.column_dimensions["F"].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BOOK_PARTIES = [[CRO, "Иванова И.И."], [CRO, "Иванова И.И."], [f"Управление образования{AGREED}"]]


@pytest.mark.no_database
def test_an_excel_roadmap_with_merged_cells_and_a_hidden_column() -> None:
    plan = read_plan(_roadmap_book(), "дорожная карта.xlsx")
    assert sections(plan) == [
        ("1", "Организационные мероприятия", ["1.1", "1.2"]),
        ("2", "Работа с руководителями", ["2.1"]),
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == BOOK_PARTIES
    assert [p.code for p in plan.problems] == ["hidden_columns"]


@pytest.mark.no_database
def test_a_word_roadmap_with_merged_section_rows_and_a_repeated_header() -> None:
    table = Table(
        [
            H,
            NUMBERS,
            Merged("1. Организационные мероприятия"),
            ["1.1.", "Семинар", "октябрь", f"{CRO}, Иванова И.И.", "Материалы", ""],
            ["1.2.", "Совещание с руководителями", "сентябрь", "Управление образования,", "Протокол", ""],
            ["", "по итогам ВПР", "", "руководители ОО", "", ""],
            H,
            NUMBERS,
            Merged("2. Работа с педагогами"),
            ["2.1.", "Курсы", "октябрь", "педагог-психолог\nсоциальный педагог\n(по согласованию)", "", ""],
        ]
    )
    plan = read_plan(pf.docx_bytes(["УТВЕРЖДАЮ", table, "Начальник управления ____ Петров П.П."]), "карта.docx")
    assert sections(plan) == [
        ("1", "Организационные мероприятия", ["1.1", "1.2"]),
        ("2", "Работа с педагогами", ["2.1"]),
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == [
        [CRO, "Иванова И.И."],
        ["Управление образования", "руководители ОО"],
        ["педагог-психолог", f"социальный педагог{AGREED}"],
    ]


SPLIT = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"],
    ["1.", "Семинар", "ноябрь", "Зам. директора по УВР", "Материалы"],
    ["", "", "", "Петров П.П.", ""],
    ["2.", "Педсовет", "декабрь", "Директор\nСидорова А.А.", "Протокол"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_row_split_across_a_page_between_the_post_and_the_name(fmt: str) -> None:
    """The post at the foot of one page, the name on the next: one row, one holder."""
    plan = _read(fmt, SPLIT)
    assert [split_people(a.responsible) for a in activities(plan)] == [
        ["Зам. директора по УВР Петров П.П."],
        ["Директор Сидорова А.А."],
    ]
    assert [p.code for p in plan.problems] == ["continued_row"]


@pytest.mark.no_database
def test_people_in_a_table_nested_in_the_responsible_cell() -> None:
    """A Word table inside the cell: its rows are lines, its cells joined by «;» («(по согласованию)» in a cell of its
    own is the party's beside it)."""
    header = ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"]
    content = landscape_docx(
        [header, ["1.", "Анализ", "сентябрь", "", "Справка"]],
        nested={(1, 3): [[CRO, "Иванова И.И."], ["Руководители ОО", "(по согласованию)"]]},
    )
    [activity] = activities(read_plan(content, "план.docx"))
    assert split_people(activity.responsible) == [CRO, "Иванова И.И.", f"Руководители ОО{AGREED}"]


# -------------------------------------------------------------- the compiler signing under the plan


PLAN = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"],
    ["1.", "Анализ ВПР", "сентябрь", "Иванова И.И.", "Справка"],
    ["2.", "Семинар", "октябрь", f"{CRO}, Петров П.П.", "Материалы"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "signature",
    [
        ["", f"Составитель: методист {CRO}", "", "Иванова И.И.", ""],
        ["", "Составители:", "", "Иванова И.И., Петров П.П.", ""],
        ["", f"Подготовил: методист {CRO}", "", "", "И.И. Иванова"],
        ["", "Подготовил(а): заместитель директора по УВР", "", "Иванова И.И.", ""],
        ["", "Составил:", "", "", "Петров П.П. ________"],
    ],
)
def test_the_compilers_signature_under_the_plan_is_no_activity(fmt: str, signature: list[str]) -> None:
    """Before: «Составитель: методист МКУ «ЦРО» | Иванова И.И.» was a third activity without a number (and a problem
    «missing_number»); the person who drew the plan up signs it as the head does («Исполнитель:» already was one)."""
    plan = _read(fmt, [*PLAN, signature])
    assert [(a.number, a.title) for a in activities(plan)] == [("1", "Анализ ВПР"), ("2", "Семинар")]
    assert [split_people(a.responsible) for a in activities(plan)] == [["Иванова И.И."], [CRO, "Петров П.П."]]
    assert plan.problems == []


@pytest.mark.no_database
@pytest.mark.parametrize("title", ["Подготовка плана работы РМО", "Составление графика", "Подготовительный этап"])
def test_an_activity_opening_like_a_signature_stays(title: str) -> None:
    plan = _read("xlsx", [*PLAN, ["", title, "", "Иванова И.И.", ""]])
    assert [a.title for a in activities(plan)][-1] == title


# -------------------------------------------------------------- previewed and saved


def test_a_body_and_a_person_previewed_and_saved(stack: Stack) -> None:
    content = pf.csv_bytes(ROADMAP)
    shown = _shown(_import(stack, "карта.csv", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == ROADMAP_PARTIES
    created = _import(stack, "карта.csv", content, dry_run=False)
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [_names(a["responsible"]) for a in _shown(read.json())] == ROADMAP_PARTIES


def test_an_excel_roadmap_saved_with_its_merged_responsible(stack: Stack) -> None:
    created = _import(stack, "карта.xlsx", _roadmap_book(), dry_run=False)
    assert [_names(a["responsible"]) for a in _shown(created)] == BOOK_PARTIES
