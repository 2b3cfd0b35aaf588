"""Plan tables, round 23: a numbered list inside an activity's cell («1) Провести семинар; 2) Организовать открытые
уроки», «1. … 2. …» on one line) is one activity whose items are its lines — its «1)» no number of the row (the row's
number, deadline, responsible and result stand once for all the items: see `text.cell_list`); a cell of «- …» bullets
keeps its first bullet like the others. A body, a colon and its people with a post before a name («МКУ «ЦРО»: методист
Иванова И.И., Петров П.П.») are each a person of that body, the post the one person's (a plural post each one's in the
singular); «– по согласованию» after a party is its remark. «Раздел I. Организационные мероприятия» is section I
titled «Организационные мероприятия», as «II. …» always was (the number is shown before the title). «Направление 1.
Организационные мероприятия» is a section's heading, no header repeated on a new page (it was dropped with its
section). «Результат (отметка о выполнении)» is the mark of what was done, no expected result. Read in a roadmap as
uploaded (a title table, a header over two rows, sections «Раздел I.», lists in cells, the header repeated after a
page break, «Итого», cells of paragraphs) and in an Excel book (a title over the header, other columns' order,
sections «1.» over «1.1», «1.2.»), previewed and saved."""

from __future__ import annotations

from typing import Any

import pytest

from services.roadmap.plan_import import read_plan
from services.roadmap.plan_import.people import split_people
from services.roadmap.plan_import.recognise.aliases import match_header
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, codes, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _shown
from tests.roadmap.test_plan_tables_more_18 import _read
from tests.roadmap.test_plan_tables_more_21 import AGREED, CRO, FORMATS

H = ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"]
NEXT = ["2.", "Курсы повышения квалификации", "ноябрь", "Петров П.П.", "Удостоверения"]
PETROV = f"Петров П.П. ({CRO})"


# -------------------------------------------------------------- a list inside an activity's cell


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("cell", "title"),
    [
        ("1) Провести семинар; 2) Организовать открытые уроки", "1) Провести семинар;\n2) Организовать открытые уроки"),
        ("1. Провести семинар. 2. Организовать открытые уроки.",
         "1. Провести семинар.\n2. Организовать открытые уроки."),
        ("1) Провести семинар, 2) организовать открытые уроки", "1) Провести семинар,\n2) организовать открытые уроки"),
        ("1) Семинары 2) открытые уроки 3) мастер-классы", "1) Семинары\n2) открытые уроки\n3) мастер-классы"),
    ],
)  # fmt: skip
def test_a_list_on_one_line_of_a_cell_is_one_activity_an_item_a_line(fmt: str, cell: str, title: str) -> None:
    """Before: «1)» was taken for the row's number and dropped («Провести семинар; 2) Организовать открытые уроки»):
    the first item lost its mark, the second kept it."""
    plan = _read(fmt, [H, ["1.", cell, "октябрь", "Иванова И.И.", "Справка"], NEXT])
    assert [(a.number, a.title, a.deadline, a.expected_result) for a in activities(plan)] == [
        ("1", title, "октябрь", "Справка"),
        ("2", "Курсы повышения квалификации", "ноябрь", "Удостоверения"),
    ]
    assert plan.problems == []


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_list_in_a_cell_stays_as_typed_and_numbers_in_titles_are_read_as_before(fmt: str) -> None:
    """A list already on lines of its own, a number opening a sentence, a list after a lead-in and the row's number
    written in its title cell stay as they were read; a list in a cell without a number adds no number either."""
    rows = [
        H,
        ["1.", "1) Провести семинар;\n2) Организовать открытые уроки", "октябрь", "Иванова И.И.", ""],
        ["2.", "1 раз в четверть: совещание с руководителями", "ежеквартально", "Петров П.П.", ""],
        ["3.", "Провести: 1) семинар; 2) открытые уроки", "ноябрь", "Петров П.П.", ""],
        ["4.", "4. Семинар по теме «Глава 2. Функции»", "декабрь", "Петров П.П.", ""],
        ["", "5) Педагогический совет", "январь", "Директор", ""],
        ["6.", "1. Анализ ВПР за 2023 г. 2. полугодие", "январь", "Директор", ""],
        ["", "1) Анализ ВПР; 2) Справка по итогам", "февраль", "Директор", ""],
    ]
    plan = _read(fmt, rows)
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1", "1) Провести семинар;\n2) Организовать открытые уроки"),
        ("2", "1 раз в четверть: совещание с руководителями"),
        ("3", "Провести: 1) семинар; 2) открытые уроки"),
        ("4", "Семинар по теме «Глава 2. Функции»"),
        ("5", "Педагогический совет"),
        ("6", "1. Анализ ВПР за 2023 г. 2. полугодие"),
        (None, "1) Анализ ВПР;\n2) Справка по итогам"),
    ]
    assert codes(plan) == ["missing_number"]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("bullet", ["-", "–", "•"])
def test_bulleted_lines_of_an_unnumbered_row_keep_every_bullet(fmt: str, bullet: str) -> None:
    """Before: «Провести семинар;⏎- Организовать открытые уроки» (the first bullet taken off, the second kept)."""
    cell = f"{bullet} Провести семинар;\n{bullet} Организовать открытые уроки"
    plan = _read(
        fmt, [H, ["1.", "Анализ ВПР", "сентябрь", "Иванова И.И.", ""], ["", cell, "октябрь", "Петров П.П.", ""]]
    )
    assert [(a.number, a.title) for a in activities(plan)] == [("1", "Анализ ВПР"), (None, cell)]


# -------------------------------------------------------------- a body, a colon and its people with a post


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (f"{CRO}: методист Иванова И.И., Петров П.П.", [f"Методист Иванова И.И. ({CRO})", PETROV]),
        (f"{CRO}: методист Иванова И.И., учитель Петров П.П.",
         [f"Методист Иванова И.И. ({CRO})", f"Учитель Петров П.П. ({CRO})"]),
        (f"{CRO}: Иванова И.И., методист Петров П.П.", [f"Иванова И.И. ({CRO})", f"Методист Петров П.П. ({CRO})"]),
        (f"{CRO}:\nметодист Иванова И.И.\nПетров П.П.", [f"Методист Иванова И.И. ({CRO})", PETROV]),
        (f"{CRO}: зам. директора по УВР Иванова И.И., Петров П.П.",
         [f"Зам. директора по УВР Иванова И.И. ({CRO})", PETROV]),
        (f"{CRO}: методисты Иванова И.И., Петров П.П.",
         [f"Методист Иванова И.И. ({CRO})", f"Методист Петров П.П. ({CRO})"]),
        (f"{CRO}: руководители ШМО Иванова И.И. и Петров П.П.",
         [f"Руководитель ШМО Иванова И.И. ({CRO})", f"Руководитель ШМО Петров П.П. ({CRO})"]),
        (f"{CRO}: методист Иванова И.И. (по согласованию), Петров П.П.",
         [f"Методист Иванова И.И. ({CRO}){AGREED}", PETROV]),
        ("Управление образования: начальник отдела Петров П.П., специалист Сидорова А.А.",
         ["Начальник отдела Петров П.П. (Управление образования)",
          "Специалист Сидорова А.А. (Управление образования)"]),
        (f"{CRO}: методист Иванова И.И., Петров П.П.;\nРуководители ОО",
         [f"Методист Иванова И.И. ({CRO})", PETROV, "Руководители ОО"]),
    ],
)  # fmt: skip
def test_a_body_a_colon_and_its_people_with_a_post_are_each_of_that_body(cell: str, people: list[str]) -> None:
    """Before: «МКУ «ЦРО»: методист Иванова И.И.» and «Петров П.П.» (the body went with the first only, the second
    was of nowhere), a plural post over the names the same."""
    assert split_people(cell) == people


@pytest.mark.no_database
def test_one_person_after_a_body_or_a_post_with_a_colon_stays_as_typed() -> None:
    for cell in (f"{CRO}: методист Иванова И.И.", "Директор: Иванова И.И.", f"{CRO}: Иванова И.И."):
        assert split_people(cell) == [cell]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Петров П.П. – по согласованию", [f"Петров П.П.{AGREED}"]),
        ("Петров П.П. (директор) – по согласованию", [f"Петров П.П. (директор){AGREED}"]),
        (f"{CRO} - по согласованию", [f"{CRO}{AGREED}"]),
        ("Иванова И.И. (методист), Петров П.П. (директор) — по согласованию",
         ["Иванова И.И. (методист)", f"Петров П.П. (директор){AGREED}"]),
    ],
)  # fmt: skip
def test_by_agreement_after_a_dash_is_the_partys_remark(cell: str, people: list[str]) -> None:
    """Before: «Петров П.П. – (по согласованию)» (the dash left before the remark put in brackets)."""
    assert split_people(cell) == people


# -------------------------------------------------------------- «Раздел I.» and «II.»


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Раздел I. Организационные мероприятия", ("I", "Организационные мероприятия")),
        ("Раздел 1. Организационные мероприятия", ("1", "Организационные мероприятия")),
        ("Раздел I: Организационные мероприятия", ("I", "Организационные мероприятия")),
        ("Раздел I – Организационные мероприятия", ("I", "Организационные мероприятия")),
        ("Раздел 1 «Организационные мероприятия»", ("1", "Организационные мероприятия")),
        ("РАЗДЕЛ I. ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", ("I", "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ")),
    ],
)
def test_a_section_word_and_its_number_are_no_part_of_the_title(
    fmt: str, heading: str, section: tuple[str, str]
) -> None:
    """Before: «Раздел I. Организационные мероприятия» was section I titled with its word and number again (shown
    «I. Раздел I. …»), while «II. Работа с кадрами» was section II titled «Работа с кадрами»."""
    plan = _read(fmt, [H, [heading, "", "", "", ""], ["1.", "Семинар", "октябрь", "Иванова И.И.", ""],
                       ["II. Работа с кадрами", "", "", "", ""], NEXT])  # fmt: skip
    assert sections(plan) == [(*section, ["1"]), ("II", "Работа с кадрами", ["2"])]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_section_words_in_the_number_cell_and_headings_that_keep_their_words(fmt: str) -> None:
    """«Раздел 1» in the «№» cell beside its title is section 1 titled by the title alone; «Раздел 2» alone keeps its
    words (a section needs a title); «Трек 3 - …», «Задача 4: …» name what the section is and stay."""
    rows = [
        H,
        ["Раздел 1", "Работа с педагогами", "", "", ""],
        ["1.", "Семинар", "октябрь", "Иванова И.И.", ""],
        ["Раздел 2", "", "", "", ""],
        NEXT,
        ["Трек 3 - Работа с родителями", "", "", "", ""],
        ["3.", "Родительское собрание", "декабрь", "Директор", ""],
        ["Задача 4: Повышение мотивации", "", "", "", ""],
        ["4.", "Олимпиада", "январь", "Директор", ""],
    ]
    assert [s[:2] for s in sections(_read(fmt, rows))] == [
        ("1", "Работа с педагогами"),
        ("2", "Раздел 2"),
        ("3", "Трек 3 - Работа с родителями"),
        ("4", "Задача 4: Повышение мотивации"),
    ]


# -------------------------------------------------------------- «Направление 1. … мероприятия»


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "heading", ["Направление 1. Организационные мероприятия", "Направление 1. Мероприятия с педагогами"]
)
def test_a_numbered_direction_naming_activities_is_a_section_not_a_repeated_header(fmt: str, heading: str) -> None:
    """Before: the row read as the header repeated on a new page («Направление …» and «мероприятия» name the
    activities' column) and was skipped; its activities went to the section above."""
    rows = [H, ["Общие вопросы", "", "", "", ""], ["1.", "Семинар", "октябрь", "Иванова И.И.", ""],
            [heading, "", "", "", ""], NEXT]  # fmt: skip
    assert sections(_read(fmt, rows)) == [(None, "Общие вопросы", ["1"]), ("1", heading, ["2"])]


# -------------------------------------------------------------- the mark of what was done


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Результат (отметка о выполнении)", "extra"),
        ("Результат, отметка о его выполнении", "extra"),
        ("Результат: выполнено / не выполнено", "extra"),
        ("Итоговый документ, отметка об исполнении", "extra"),
        ("Ожидаемый результат / отметка о выполнении", "expected_result"),
        ("Результат", "expected_result"),
        ("Срок исполнения (отметка о выполнении)", "deadline"),
    ],
)
def test_a_result_header_naming_the_mark_of_what_was_done_is_no_expected_result(header: str, field: str) -> None:
    matched = match_header(header)
    assert matched is not None and matched[0] == field


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_completion_mark_column_gives_no_expected_result(fmt: str) -> None:
    """Before: «выполнено 15.09» was the expected result of the first activity."""
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Результат (отметка о выполнении)"],
        ["1.", "Семинар", "сентябрь", "Иванова И.И.", "выполнено 15.09"],
        ["2.", "Курсы", "октябрь", "Петров П.П.", ""],
    ]
    plan = _read(fmt, rows)
    assert [(a.expected_result, a.extra) for a in activities(plan)] == [
        ("", {"Результат (отметка о выполнении)": "выполнено 15.09"}),
        ("", {}),
    ]
    assert plan.columns["Результат (отметка о выполнении)"] == "extra"


# -------------------------------------------------------------- a roadmap as uploaded

TITLE_TABLE = Table([["УТВЕРЖДАЮ", "СОГЛАСОВАНО"], ["Начальник управления образования", "Директор МКУ «ЦРО»"]])
WORD_PLAN = Table(
    [
        ["№ п/п", "Мероприятие", "Срок", "", "Ответственные", "Результат (отметка о выполнении)"],
        ["", "", "начало", "окончание", "", ""],
        Merged("Раздел I. Организационные мероприятия"),
        ["1.", "1) Провести семинар; 2) Организовать открытые уроки", "сентябрь", "октябрь",
         f"{CRO}: методист Иванова И.И., Петров П.П.", "выполнено"],
        ["2.", "Мониторинг результатов ВПР", "октябрь", "декабрь", "Петров П.П. – по согласованию", ""],
        ["№ п/п", "Мероприятие", "Срок", "", "Ответственные", "Результат (отметка о выполнении)"],
        Merged("Раздел II. Работа с кадрами"),
        ["3.", "Курсы повышения\nквалификации", "январь", "март", f"{CRO}:\nметодисты Иванова И.И.\nПетров П.П.", ""],
        ["", "Итого", "", "", "", "3 мероприятия"],
    ],
    vmerge=[(0, 0, 1), (1, 0, 1), (4, 0, 1), (5, 0, 1)],
)  # fmt: skip
WORD_SECTIONS = [("I", "Организационные мероприятия", ["1", "2"]), ("II", "Работа с кадрами", ["3"])]
WORD_TITLES = [
    "1) Провести семинар;\n2) Организовать открытые уроки",
    "Мониторинг результатов ВПР",
    "Курсы повышения\nквалификации",
]
WORD_PARTIES = [
    [f"Методист Иванова И.И. ({CRO})", PETROV],
    [f"Петров П.П.{AGREED}"],
    [f"Методист Иванова И.И. ({CRO})", f"Методист Петров П.П. ({CRO})"],
]


def _word_roadmap(*, paragraphs: bool) -> bytes:
    blocks: list[pf.Block] = [TITLE_TABLE, "Дорожная карта на 2024-2025 учебный год", WORD_PLAN]
    return pf.docx_paragraph_cells(blocks) if paragraphs else pf.docx_bytes(blocks)


@pytest.mark.no_database
@pytest.mark.parametrize("paragraphs", [False, True])
def test_a_word_roadmap_as_uploaded(paragraphs: bool) -> None:
    """Soft line breaks and paragraphs in the cells read alike."""
    plan = read_plan(_word_roadmap(paragraphs=paragraphs), "карта.docx")
    assert sections(plan) == WORD_SECTIONS
    assert [a.title for a in activities(plan)] == WORD_TITLES
    assert [a.deadline for a in activities(plan)] == ["сентябрь – октябрь", "октябрь – декабрь", "январь – март"]
    assert [split_people(a.responsible) for a in activities(plan)] == WORD_PARTIES
    assert [a.expected_result for a in activities(plan)] == ["", "", ""]
    assert codes(plan) == ["total_row"]


BOOK = [
    ["Дорожная карта по повышению качества образования"],
    ["на 2024-2025 учебный год"],
    [],
    ["Мероприятие", "Ответственные", "№", "Срок", "Ожидаемый результат"],
    ["Раздел 1. Аналитическая деятельность", "", "", "", ""],
    ["Анализ ВПР", f"{CRO}: методист Иванова И.И., Петров П.П.", "1.1", "сентябрь", "Справка"],
    ["1. Семинар. 2. Открытые уроки.", "Сидорова А.А. (учитель)", "1.2.", "октябрь", "Материалы"],
    ["Направление 2. Мероприятия с педагогами", "", "", "", ""],
    ["Курсы", "Петров П.П. – по согласованию", "2.1", "ноябрь", "Удостоверения"],
]
BOOK_MERGES = ["A1:E1", "A2:E2", "A5:E5", "A8:E8"]
BOOK_SECTIONS = [("1", "Аналитическая деятельность", ["1.1", "1.2"]),
                 ("2", "Направление 2. Мероприятия с педагогами", ["2.1"])]  # fmt: skip
BOOK_TITLES = ["Анализ ВПР", "1. Семинар.\n2. Открытые уроки.", "Курсы"]
BOOK_PARTIES = [[f"Методист Иванова И.И. ({CRO})", PETROV], ["Сидорова А.А. (учитель)"], [f"Петров П.П.{AGREED}"]]


@pytest.mark.no_database
def test_an_excel_roadmap_as_uploaded() -> None:
    plan = read_plan(pf.xlsx_bytes(BOOK, merges=BOOK_MERGES), "карта.xlsx")
    assert sections(plan) == BOOK_SECTIONS
    assert [a.title for a in activities(plan)] == BOOK_TITLES
    assert [split_people(a.responsible) for a in activities(plan)] == BOOK_PARTIES
    assert [a.row for a in activities(plan)] == [6, 7, 9]
    assert plan.problems == []


# -------------------------------------------------------------- previewed and saved


def _saved(stack: Stack, plan_id: int) -> dict[str, Any]:
    read = stack.gateway.get(f"/api/roadmap/plans/{plan_id}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    body: dict[str, Any] = read.json()
    return body


def test_a_word_roadmap_previewed_and_saved(stack: Stack) -> None:
    content = _word_roadmap(paragraphs=True)
    preview = _import(stack, "карта.docx", content, dry_run=True)
    assert [(s["number"], s["title"]) for s in preview["sections"]] == [s[:2] for s in WORD_SECTIONS]
    assert [a["title"] for a in _shown(preview)] == WORD_TITLES
    assert [a["responsible_parties"] for a in _shown(preview)] == WORD_PARTIES
    created = _import(stack, "карта.docx", content, dry_run=False)
    saved = _saved(stack, created["id"])
    assert [(s["number"], s["title"]) for s in saved["sections"]] == [s[:2] for s in WORD_SECTIONS]
    shown = _shown(saved)
    assert [a["title"] for a in shown] == WORD_TITLES
    assert [[p["name"] for p in a["responsible"]] for a in shown] == WORD_PARTIES
    assert [a["expected_result"] for a in shown] == ["", "", ""]


def test_an_excel_roadmap_previewed_and_saved(stack: Stack) -> None:
    content = pf.xlsx_bytes(BOOK, merges=BOOK_MERGES)
    preview = _import(stack, "карта.xlsx", content, dry_run=True)
    assert [(s["number"], s["title"]) for s in preview["sections"]] == [s[:2] for s in BOOK_SECTIONS]
    assert [a["responsible_parties"] for a in _shown(preview)] == BOOK_PARTIES
    created = _import(stack, "карта.xlsx", content, dry_run=False)
    shown = _shown(_saved(stack, created["id"]))
    assert [(a["number"], a["title"]) for a in shown] == list(zip(["1.1", "1.2", "2.1"], BOOK_TITLES, strict=True))
    assert [[p["name"] for p in a["responsible"]] for a in shown] == BOOK_PARTIES
