"""Plan tables of a fifteenth pass: a top-level «5.» pasted among the items of section 2 stays an activity of that
section and is named (never a new section swallowing the rows after it); months in Roman numerals («IX | X | XI …»)
heading a plan-grid without «Сроки» over them give the deadline; numbers typed «1,1», «1. 1.», «I.1»; a footnote on
a result; a book with a sheet per year; a numbered section row over unnumbered activities. Then the plan tables
regional methodists make (two-row headers, «№ п/п» with «1.», «1.1.», «1.1.1», sections merged or bold, total rows,
notes, columns in another order, tables split across pages, «Отметка о выполнении», empty rows, several sheets, a title
table before the plan), each read as a user expects."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
import openpyxl
import pytest
from openpyxl.styles import Font

from services.roadmap.plan_import import ImportedPlan, PlanFileError, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, codes, sections

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

H = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"]
FIELDS = {
    "№ п/п": "number",
    "Мероприятие": "title",
    "Сроки": "deadline",
    "Ответственные": "responsible",
    "Ожидаемый результат": "expected_result",
}
ANALYSIS = ["1", "Анализ результатов ВПР", "сентябрь", "Заместитель директора по УВР", "Аналитическая справка"]
COUNCIL = ["2", "Педагогический совет по итогам анализа", "октябрь", "Директор", "Протокол"]
SEMINAR = ["3", "Семинар «Функциональная грамотность»", "ноябрь", "Методист", "Сертификаты"]


def rows(plan: ImportedPlan) -> list[tuple[str | None, str, str, str, str]]:
    return [(a.number, a.title, a.deadline, a.responsible, a.expected_result) for a in activities(plan)]


def plain(*cells: list[str]) -> list[tuple[str | None, str, str, str, str]]:
    return [(c[0], c[1], c[2], c[3], c[4]) for c in cells]


def details(plan: ImportedPlan) -> list[tuple[str, str]]:
    return [(p.code, p.detail) for p in plan.problems]


def bold_book(table: list[list[Any]], bold: list[int], merges: tuple[str, ...] = ()) -> bytes:
    """A sheet whose rows `bold` (1-based) are typed in bold, as a methodist marks the sections."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in table:
        sheet.append(values)
    for row in bold:
        for cell in sheet[row]:
            if cell.value is not None:
                cell.font = Font(bold=True)
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bold_docx(table: list[list[str]], bold: set[int]) -> bytes:
    document = docx.Document()
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, values in enumerate(table):
        for c, text in enumerate(values):
            grid.cell(r, c).paragraphs[0].add_run(text).bold = r in bold
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------- a «5.» pasted into section 2

SECTIONED = [
    H,
    ["1.", "Организационная работа", "", "", ""],
    ["1.1.", "Совещание при директоре", "сентябрь", "Директор", "Протокол"],
    ["1.2.", "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
    ["2.", "Работа с педагогами", "", "", ""],
    ["2.1.", "Семинар", "ноябрь", "Завуч", "Справка"],
    ["2.2.", "Курсы повышения квалификации", "декабрь", "Завуч", "Удостоверения"],
]
OPEN_LESSON = ["5.", "Открытый урок", "январь", "Завуч", "Конспект"]
FOREIGN_5 = "номер 5 не из раздела 2 «Работа с педагогами», мероприятие оставлено в нём"


@pytest.mark.parametrize(
    "after",
    [
        [["2.3.", "Мастер-класс", "февраль", "Завуч", "Видеозапись"]],
        [["3.", "Работа с родителями", "", "", ""], ["3.1.", "Собрание", "март", "Классные руководители", "Протокол"]],
    ],
    ids=["numbering-goes-on", "next-section-follows"],
)
def test_a_top_level_number_pasted_inside_section_2_stays_there(after: list[list[str]]) -> None:
    """«5. | Открытый урок» among 2.1, 2.2: it made a section «5» of its own, and took 2.3 into it."""
    plan = read_pasted(pf.tsv([*SECTIONED, OPEN_LESSON, *after]))
    numbers = next(number for mark, _, number in sections(plan) if mark == "2")
    assert numbers[:3] == ["2.1", "2.2", "5"]
    assert [s[0] for s in sections(plan)] == ["1", "2"] + (["3"] if after[0][0] == "3." else [])
    assert "2.3" in numbers or after[0][0] == "3."
    assert details(plan) == [("foreign_number", f"Строка 8: {FOREIGN_5}")]


def test_a_top_level_number_with_its_title_alone_inside_a_word_section() -> None:
    """The row typed with its title alone in a Word table whose sections are merged rows: still an activity of 2."""
    table = Table(
        [
            H,
            Merged("1. Организационная работа"),
            ["1.1.", "Совещание при директоре", "сентябрь", "Директор", "Протокол"],
            Merged("2. Работа с педагогами"),
            ["2.1.", "Семинар", "ноябрь", "Завуч", "Справка"],
            ["5.", "Открытый урок", "", "", ""],
            ["2.2.", "Курсы повышения квалификации", "декабрь", "Завуч", "Удостоверения"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [
        ("1", "Организационная работа", ["1.1"]),
        ("2", "Работа с педагогами", ["2.1", "5", "2.2"]),
    ]
    assert details(plan) == [("foreign_number", f"Строка 6: {FOREIGN_5}")]


def test_a_next_section_made_of_one_activity_still_stands() -> None:
    """001: «3.» with its full row after the items of section 2, nothing after it: its own section (as before)."""
    plan = read_pasted(pf.tsv([*SECTIONED, ["3.", "Мониторинг", "май", "Завуч", "Справка"]]))
    assert [s[:2] for s in sections(plan)] == [
        ("1", "Организационная работа"),
        ("2", "Работа с педагогами"),
        ("3", "Мониторинг"),
    ]
    assert plan.problems == []


# ------------------------------------------------------------------------------- Roman months, no «Сроки»

ROMAN = ["IX", "X", "XI", "XII", "I", "II", "III", "IV", "V"]


def test_roman_month_columns_without_a_deadline_header_give_the_deadline() -> None:
    """«№ | Мероприятие | Ответственный | IX | X | … | V»: the header was not found at all."""
    text = pf.tsv(
        [
            ["№", "Мероприятие", "Ответственный", *ROMAN],
            ["1", "Анализ ВПР", "Завуч", "+", *[""] * 8],
            ["2", "Заседание ШМО", "Руководитель ШМО", "+", "", "+", "", "+", "", "+", "", "+"],
            ["3", "Консультации для выпускников", "Учителя", *["+"] * 9],
        ]
    )
    plan = read_pasted(text)
    assert [(a.number, a.deadline, a.responsible) for a in activities(plan)] == [
        ("1", "сентябрь", "Завуч"),
        ("2", "сентябрь, ноябрь, январь, март, май", "Руководитель ШМО"),
        ("3", "ежемесячно", "Учителя"),
    ]
    assert plan.columns["IX"] == "deadline" and plan.problems == []


def test_roman_months_typed_with_cyrillic_letters_and_days_in_cells() -> None:
    """«IХ», «ХI» typed with the Cyrillic «Х» in a Word table; a day in a month's cell is that day."""
    table = Table(
        [
            ["№", "Мероприятие", "Ответственный", "IХ", "Х", "ХI", "ХII", "I"],
            ["1", "Пробный ОГЭ по математике", "Завуч", "", "15", "", "20", ""],
            ["2", "Родительское собрание", "Классные руководители", "+", "", "", "", "+"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [a.deadline for a in activities(plan)] == ["15 октября, 20 декабря", "сентябрь, январь"]


def test_roman_months_between_the_title_and_the_result_in_excel() -> None:
    book = pf.xlsx_bytes(
        [
            ["№ п/п", "Мероприятие", "IX", "X", "XI", "XII", "Ответственный", "Результат"],
            [1, "Анализ ВПР", "+", "", "", "", "Завуч", "Справка"],
            [2, "Педсовет", "", "", "х", "", "Директор", "Протокол"],
        ]
    )
    plan = read_plan(book, "план.xlsx")
    assert rows(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"),
        ("2", "Педсовет", "ноябрь", "Директор", "Протокол"),
    ]


@pytest.mark.parametrize("over", ["", "Месяцы"])
def test_roman_months_in_a_second_header_row(over: str) -> None:
    """Under an empty merged cell the months were read as more columns of «Ответственный» («Завуч, +»)."""
    book = pf.xlsx_bytes(
        [
            ["№", "Мероприятие", "Ответственный", over, "", "", ""],
            ["", "", "", "IX", "X", "XI", "XII"],
            [1, "Анализ ВПР", "Завуч", "+", "", "", ""],
            [2, "Педсовет", "Директор", "", "", "+", ""],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:G1"],
    )
    plan = read_plan(book, "план.xlsx")
    assert [(a.deadline, a.responsible) for a in activities(plan)] == [("сентябрь", "Завуч"), ("ноябрь", "Директор")]


def test_roman_numbers_of_a_plan_are_no_months() -> None:
    """«I», «II» in the «№» column number sections; «I | II | III | IV» alone is no month grid (quarters or terms)."""
    plan = read_pasted(pf.tsv([H, ["I", "Организационная работа", "", "", ""], ["1", *ANALYSIS[1:]]]))
    assert sections(plan) == [("I", "Организационная работа", ["1"])]
    with pytest.raises(PlanFileError) as raised:
        read_pasted(
            pf.tsv([["№", "Мероприятие", "Ответственный", "I", "II", "III", "IV"], ["1", "Анализ", "Завуч", "+"]])
        )
    assert raised.value.code == "header_not_found"


# ------------------------------------------------------------------------------- numbers as typed

COMMA_SECTIONS = [("1", "Организационная работа", ["1.1", "1.2"]), ("2", "Методическая работа", ["2.1"])]


@pytest.mark.parametrize(
    "typed",
    [["1,1", "1,2", "2,1"], ["1,1.", "1,2.", "2,1."], ["1. 1.", "1. 2.", "2. 1."]],
    ids=["comma", "comma-dot", "spaced"],
)
def test_numbers_typed_with_a_comma_or_spaces_are_the_items(typed: list[str]) -> None:
    """«1,1» (a decimal comma) was kept as written, named unusual, and its section «1» became an activity."""
    text = pf.tsv(
        [
            H,
            ["1", "Организационная работа", "", "", ""],
            [typed[0], "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
            [typed[1], "Совещание", "октябрь", "Директор", "Протокол"],
            ["2", "Методическая работа", "", "", ""],
            [typed[2], "Семинар", "ноябрь", "Завуч", "Справка"],
        ]
    )
    plan = read_pasted(text)
    assert sections(plan) == COMMA_SECTIONS
    assert plan.problems == []


def test_numbers_typed_with_a_comma_in_an_excel_text_cell() -> None:
    book = pf.xlsx_bytes(
        [
            H,
            [1, "Организационная работа"],
            ["1,1", "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
            ["1,2", "Совещание", "октябрь", "Директор", "Протокол"],
            [2, "Методическая работа"],
            ["2,1", "Семинар", "ноябрь", "Завуч", "Справка"],
        ]
    )
    assert sections(read_plan(book, "план.xlsx")) == COMMA_SECTIONS


def test_a_list_of_two_numbers_is_not_made_one() -> None:
    """«1, 2» (a space after the comma) names two items: kept as written, and said so."""
    plan = read_pasted(pf.tsv([H, ["1, 2", *ANALYSIS[1:]]]))
    assert [a.number for a in activities(plan)] == ["1, 2"]
    assert codes(plan) == ["unusual_number"]


def test_items_numbered_under_roman_sections() -> None:
    """«I.1», «I.2» under «I»: the plan's own numbering, no «записан необычно» on every row."""
    text = pf.tsv(
        [
            H,
            ["I", "Организационная работа", "", "", ""],
            ["I.1", "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
            ["I.2.", "Совещание", "октябрь", "Директор", "Протокол"],
            ["II", "Методическая работа", "", "", ""],
            ["II.1", "Семинар", "ноябрь", "Завуч", "Справка"],
        ]
    )
    plan = read_pasted(text)
    assert sections(plan) == [("I", "Организационная работа", ["I.1", "I.2"]), ("II", "Методическая работа", ["II.1"])]
    assert plan.problems == []


# ------------------------------------------------------------------------------- sections and numbering


def test_numbered_section_rows_over_unnumbered_activities() -> None:
    """«1 | Организационные мероприятия» over rows without numbers: it was an activity without anything, and each row
    under it an activity «без номера»."""
    text = pf.tsv(
        [
            H,
            ["1", "Организационные мероприятия", "", "", ""],
            ["", "Создание рабочей группы", "сентябрь", "Директор", "Приказ"],
            ["", "Разработка антирисковой программы", "октябрь", "Рабочая группа", "Программа"],
            ["2", "Работа с педагогами", "", "", ""],
            ["", "Семинар по оцениванию", "ноябрь", "Завуч", "Справка"],
        ]
    )
    plan = read_pasted(text)
    assert sections(plan) == [
        ("1", "Организационные мероприятия", [None, None]),
        ("2", "Работа с педагогами", [None]),
    ]
    assert plan.problems == []


def test_a_numbered_activity_over_the_rest_of_its_title_stays_one() -> None:
    """«1 | Анализ результатов | | |» ⏎ «| всероссийских проверочных работ | май | Завуч»: the title wrapped onto the
    next row, which holds the deadline and responsible; it was read as a second activity, without a number."""
    text = pf.tsv(
        [H, ["1", "Анализ результатов", "", "", ""], ["", "всероссийских проверочных работ", "май", "Завуч", ""]]
    )
    plan = read_pasted(text)
    assert [(a.number, a.title, a.deadline) for a in activities(plan)] == [
        ("1", "Анализ результатов всероссийских проверочных работ", "май")
    ]
    assert codes(plan) == ["continued_row"]


def test_three_levels_of_numbers() -> None:
    """«1.» over «1.1.» over «1.1.1», «1.1.2»: sections within sections, the items in the lowest."""
    text = pf.tsv(
        [
            H,
            ["1.", "Организационно-управленческая деятельность", "", "", ""],
            ["1.1.", "Нормативное обеспечение", "", "", ""],
            ["1.1.1", "Приказ о рабочей группе", "сентябрь 2024", "Директор", "Приказ"],
            ["1.1.2", "Положение о ВСОКО", "октябрь 2024", "Директор", "Положение"],
            ["2.", "Работа с педагогами", "", "", ""],
            ["2.1.", "Курсы повышения квалификации", "в течение года", "Завуч", "не менее 5 человек"],
        ]
    )
    plan = read_pasted(text)
    assert sections(plan) == [
        ("1", "Организационно-управленческая деятельность", []),
        ("1.1", "Нормативное обеспечение", ["1.1.1", "1.1.2"]),
        ("2", "Работа с педагогами", ["2.1"]),
    ]
    assert plan.problems == []


@pytest.mark.parametrize(
    "heading", [Merged("1. Организационное обеспечение"), Merged("1. Организационное обеспечение", 0, 1)]
)
def test_sections_as_rows_merged_across_the_table_or_over_two_cells(heading: Merged) -> None:
    second = Merged("2. Работа с обучающимися", heading.first, heading.last)
    table = Table(
        [
            H,
            heading,
            ["1.1", "Создание рабочей группы", "сентябрь", "Директор", "Приказ"],
            ["1.2", "Разработка антирисковой программы", "октябрь", "Рабочая группа", "Программа"],
            second,
            ["2.1", "Дополнительные занятия", "в течение года", "Учителя-предметники", "Повышение качества"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [
        ("1", "Организационное обеспечение", ["1.1", "1.2"]),
        ("2", "Работа с обучающимися", ["2.1"]),
    ]
    assert plan.problems == []


def test_sections_as_bold_rows_in_excel_and_word() -> None:
    table = [
        H,
        ["", "Организационная работа", "", "", ""],
        ["1", "Приказ о назначении ответственных", "сентябрь", "Директор", "Приказ"],
        ["2", "План ВСОКО", "сентябрь", "Заместитель директора", "План"],
        ["", "Работа с родителями", "", "", ""],
        ["3", "Родительское собрание", "октябрь", "Классные руководители", "Протокол"],
    ]
    expected = [(None, "Организационная работа", ["1", "2"]), (None, "Работа с родителями", ["3"])]
    assert sections(read_plan(bold_book(table, [2, 5]), "план.xlsx")) == expected
    assert sections(read_plan(bold_docx(table, {1, 4}), "план.docx")) == expected


def test_roman_sections_merged_in_excel() -> None:
    table: list[list[Any]] = [
        H,
        ["Раздел I. Организационные мероприятия"],
        [1, "Приказ", "сентябрь", "Директор", "Приказ"],
        ["Раздел II. Методическая работа"],
        [2, "Семинар", "ноябрь", "Методист", "Справка"],
    ]
    plan = read_plan(bold_book(table, [2, 4], merges=("A2:E2", "A4:E4")), "план.xlsx")
    assert sections(plan) == [
        ("I", "Организационные мероприятия", ["1"]),
        ("II", "Методическая работа", ["2"]),
    ]


def test_numbering_restarting_under_each_heading_is_not_repeated() -> None:
    table = Table(
        [
            H,
            Merged("Работа с педагогами"),
            ["1", "Семинар", "ноябрь", "Завуч", "Справка"],
            ["2", "Курсы", "декабрь", "Завуч", "Удостоверения"],
            Merged("Работа с родителями"),
            ["1", "Собрание", "декабрь", "Классные руководители", "Протокол"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Работа с педагогами", ["1", "2"]), (None, "Работа с родителями", ["1"])]
    assert plan.problems == []


def test_a_goal_over_its_tasks() -> None:
    text = pf.tsv(
        [
            H,
            ["Цель: повышение качества образования", "", "", "", ""],
            ["Задача 1. Повысить квалификацию педагогов", "", "", "", ""],
            ["1.1", "Курсы повышения квалификации", "в течение года", "Завуч", "100% педагогов"],
            ["Задача 2. Вовлечь родителей", "", "", "", ""],
            ["2.1", "Родительские собрания", "ежеквартально", "Классные руководители", "не менее 70% родителей"],
        ]
    )
    plan = read_pasted(text)
    assert [s[0:2] for s in sections(plan)] == [
        (None, "Цель: повышение качества образования"),
        ("1", "Задача 1. Повысить квалификацию педагогов"),
        ("2", "Задача 2. Вовлечь родителей"),
    ]


# ------------------------------------------------------------------------------- headers


def test_a_two_row_header_in_word_with_the_deadline_split() -> None:
    table = Table(
        [
            ["№ п/п", "Мероприятие", "Сроки проведения", "Сроки проведения", "Ответственные", "Ожидаемый результат"],
            ["", "", "начало", "окончание", "", ""],
            ["1.", "Анализ результатов ВПР", "01.09.2024", "30.09.2024", "Заместитель директора", "Справка"],
            ["2.", "Педагогический совет", "01.11.2024", "15.11.2024", "Директор", "Протокол"],
        ],
        vmerge=[(0, 0, 1), (1, 0, 1), (4, 0, 1), (5, 0, 1)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert rows(plan) == [
        ("1", "Анализ результатов ВПР", "01.09.2024 – 30.09.2024", "Заместитель директора", "Справка"),
        ("2", "Педагогический совет", "01.11.2024 – 15.11.2024", "Директор", "Протокол"),
    ]
    assert plan.problems == []


def test_a_two_row_header_naming_the_responsibles_name_and_post() -> None:
    book = pf.xlsx_bytes(
        [
            ["№ п/п", "Наименование мероприятия", "Срок", "Ответственный", "", "Результат"],
            ["", "", "", "ФИО", "должность", ""],
            [1, "Входной мониторинг по математике", "сентябрь 2024", "Иванова А.А.", "учитель математики", "Справка"],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"],
    )
    plan = read_plan(book, "план.xlsx")
    assert rows(plan) == [
        ("1", "Входной мониторинг по математике", "сентябрь 2024", "Иванова А.А., учитель математики", "Справка")
    ]


def test_a_header_whose_words_go_on_in_the_second_row_and_a_column_index_row() -> None:
    table = Table(
        [
            ["№", "Наименование", "Сроки", "Ответственные", "Форма отчётности"],
            ["п/п", "мероприятия", "", "", ""],
            ["1", "2", "3", "4", "5"],
            ["1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert plan.columns["Наименование мероприятия"] == "title"
    assert [(a.number, a.title, a.final_document) for a in activities(plan)] == [("1", "Анализ ВПР", "Справка")]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (["Сроки", "Мероприятие", "№", "Ответственные"], ["сентябрь", "Анализ ВПР", "1", "Завуч"]),
        (["Ответственные", "№", "Мероприятие", "Срок"], ["Завуч", "1", "Анализ ВПР", "сентябрь"]),
        (
            ["Ответственный исполнитель", "Срок исполнения", "Содержание деятельности", "Ожидаемые результаты", "№"],
            ["Завуч", "сентябрь", "Анализ ВПР", "", "1"],
        ),
    ],
)
def test_columns_in_an_unusual_order(header: list[str], row: list[str]) -> None:
    plan = read_plan(pf.xlsx_bytes([header, row]), "план.xlsx")
    assert [(a.number, a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "сентябрь", "Завуч")
    ]


def test_a_mark_of_execution_column_stays_a_note_even_with_plus_marks() -> None:
    """«Отметка о выполнении» holding «+» (no deadline column): no plan-grid month, the mark kept as an extra value."""
    book = pf.xlsx_bytes(
        [
            ["№", "Мероприятие", "Ответственный", "Отметка о выполнении"],
            [1, "Анализ ВПР", "Завуч", "+"],
            [2, "Педсовет", "Директор", ""],
        ]
    )
    plan = read_plan(book, "план.xlsx")
    assert [(a.deadline, a.extra) for a in activities(plan)] == [("", {"Отметка о выполнении": "+"}), ("", {})]
    assert plan.columns["Отметка о выполнении"] == "extra"


def test_plan_and_fact_under_one_deadline_header() -> None:
    book = pf.xlsx_bytes(
        [
            ["№", "Мероприятие", "Срок исполнения", "", "Ответственный"],
            ["", "", "план", "факт", ""],
            [1, "Анализ ВПР", "сентябрь", "10.09.2024", "Завуч"],
        ],
        merges=["A1:A2", "B1:B2", "C1:D1", "E1:E2"],
    )
    plan = read_plan(book, "план.xlsx")
    assert [(a.deadline, a.extra) for a in activities(plan)] == [("сентябрь", {"Срок исполнения (факт)": "10.09.2024"})]


# ------------------------------------------------------------------------------- page breaks, empty rows, totals


def test_a_word_table_split_across_pages_with_the_header_repeated() -> None:
    plan = read_plan(pf.docx_bytes([Table([H, ANALYSIS, COUNCIL]), Table([H, SEMINAR])]), "план.docx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL, SEMINAR)
    assert plan.problems == []


def test_a_split_table_with_a_two_row_header_repeated() -> None:
    top = ["№ п/п", "Мероприятие", "Сроки", "Сроки", "Ответственный"]
    parts = ["", "", "начало", "окончание", ""]
    merges = [(0, 0, 1), (1, 0, 1), (4, 0, 1)]
    blocks: list[pf.Block] = [
        Table([top, parts, ["1", "Анализ ВПР", "01.09.2024", "30.09.2024", "Завуч"]], vmerge=merges),
        Table([top, parts, ["2", "Педсовет", "01.11.2024", "15.11.2024", "Директор"]], vmerge=merges),
    ]
    plan = read_plan(pf.docx_bytes(blocks), "план.docx")
    assert [(a.number, a.deadline) for a in activities(plan)] == [
        ("1", "01.09.2024 – 30.09.2024"),
        ("2", "01.11.2024 – 15.11.2024"),
    ]


def test_a_row_split_by_the_page_break_goes_on_after_the_repeated_header() -> None:
    broken = ["2", "Педагогический совет по итогам", "октябрь", "Директор", "Протокол"]
    blocks: list[pf.Block] = [Table([H, ANALYSIS, broken]), Table([H, ["", "первой четверти", "", "", ""], SEMINAR])]
    plan = read_plan(pf.docx_bytes(blocks), "план.docx")
    assert [a.title for a in activities(plan)][1] == "Педагогический совет по итогам первой четверти"
    assert codes(plan) == ["continued_row"]


def test_the_header_repeated_inside_an_excel_sheet_for_printing() -> None:
    plan = read_plan(pf.xlsx_bytes([H, ANALYSIS, H, COUNCIL]), "план.xlsx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL) and plan.problems == []


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "text"])
def test_empty_rows_in_the_middle_and_at_the_end(fmt: str) -> None:
    blank = ["", "", "", "", ""]
    table = [H, ANALYSIS, blank, COUNCIL, blank, blank]
    if fmt == "xlsx":
        plan = read_plan(pf.xlsx_bytes(table), "план.xlsx")
    elif fmt == "docx":
        plan = read_plan(pf.docx_bytes([Table(list[list[str] | Merged](table))]), "план.docx")
    else:
        plan = read_pasted(pf.tsv(table).replace("\t\t\t\t\n", "\n"))
    assert rows(plan) == plain(ANALYSIS, COUNCIL) and plan.problems == []


def test_totals_of_each_section_and_of_the_plan() -> None:
    text = pf.tsv(
        [
            ["№", "Мероприятие", "Срок", "Ответственный", "Сумма, тыс. руб."],
            ["1.", "Материально-техническое обеспечение", "", "", ""],
            ["1.1.", "Закупка ноутбуков", "2024", "Управление образования", "300"],
            ["", "Итого по разделу 1", "", "", "300"],
            ["2.", "Кадровое обеспечение", "", "", ""],
            ["2.1.", "Курсы", "2025", "ИРО", "50"],
            ["", "Всего", "", "", "350"],
        ]
    )
    plan = read_pasted(text)
    assert sections(plan) == [
        ("1", "Материально-техническое обеспечение", ["1.1"]),
        ("2", "Кадровое обеспечение", ["2.1"]),
    ]
    assert [(p.code, p.row) for p in plan.problems] == [("total_row", 4), ("total_row", 7)]


def test_a_total_row_merged_across_a_word_table() -> None:
    plan = read_plan(pf.docx_bytes([Table([H, ANALYSIS, COUNCIL, Merged("Итого: 2 мероприятия")])]), "план.docx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL)
    assert details(plan) == [
        ("total_row", "Строка 4: итоговая строка «Итого: 2 мероприятия» не загружена как мероприятие")
    ]


# ------------------------------------------------------------------------------- notes and signatures


def test_a_footnote_on_an_expected_result_goes_to_its_note() -> None:
    """«Справка*» and «* при наличии финансирования» under the table: the mark stayed in the result, the note lost."""
    marked = [*ANALYSIS[:4], "Аналитическая справка*"]
    blocks: list[pf.Block] = [
        Table([H, marked, COUNCIL]),
        "Примечание: мероприятия проводятся по согласованию с ОО.",
        "* при наличии финансирования",
    ]
    plan = read_plan(pf.docx_bytes(blocks), "план.docx")
    first = activities(plan)[0]
    assert (first.expected_result, first.extra) == (
        "Аналитическая справка",
        {"Примечание": "при наличии финансирования"},
    )
    assert codes(plan) == ["footnote"]


def test_notes_and_a_signature_under_the_table_are_no_activities() -> None:
    blocks: list[pf.Block] = [
        Table([H, ANALYSIS, COUNCIL, Merged("Примечание: сроки проведения могут корректироваться")]),
        "Примечания:",
        "1. Сроки могут уточняться.",
        "Начальник управления образования ____________ И.И. Петров",
        "Исп. Сидорова А.А., тел. 8(34396)2-54-30",
    ]
    plan = read_plan(pf.docx_bytes(blocks), "план.docx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL)
    assert plan.errors == []


# ------------------------------------------------------------------------------- several sheets, title tables


def test_a_title_sheet_and_an_empty_sheet_around_the_plan() -> None:
    book = pf.xlsx_sheets(
        {
            "Титул": [["УТВЕРЖДАЮ"], ["Директор МБОУ СОШ № 3"], ["__________ И.И. Иванов"]],
            "План": [H, ANALYSIS, COUNCIL],
            "Лист3": [],
        }
    )
    plan = read_plan(book, "план.xlsx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL) and plan.problems == []


def test_a_sheet_per_year_with_the_same_activities_is_joined() -> None:
    """Sheets «2024» and «2025» doing the same analysis at other dates: the second was dropped as a copy."""
    year = [[H, ["1", "Анализ ВПР", f"сентябрь {y}", "Завуч", "Справка"]] for y in (2024, 2025)]
    plan = read_plan(pf.xlsx_sheets({"2024": year[0], "2025": year[1]}), "план.xlsx")
    assert [(s.title, [a.deadline for a in s.activities]) for s in plan.sections] == [
        ("2024", ["сентябрь 2024"]),
        ("2025", ["сентябрь 2025"]),
    ]
    assert codes(plan) == ["joined_sheets"]


def test_a_copied_sheet_with_the_same_deadlines_is_still_a_copy() -> None:
    plan = read_plan(pf.xlsx_sheets({"План": [H, ANALYSIS, COUNCIL], "План (2)": [H, ANALYSIS, COUNCIL]}), "план.xlsx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL) and codes(plan) == ["copied_sheet"]


def test_title_rows_over_the_header_of_a_sheet() -> None:
    book = pf.xlsx_bytes(
        [
            ["", "", "", "УТВЕРЖДАЮ", ""],
            ["", "", "", "Директор МБОУ СОШ № 3", ""],
            [],
            ["План мероприятий («дорожная карта») по повышению качества образования"],
            ["на 2024-2025 учебный год"],
            H,
            ANALYSIS,
            COUNCIL,
        ]
    )
    plan = read_plan(book, "план.xlsx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL) and [a.row for a in activities(plan)] == [7, 8]


@pytest.mark.parametrize(
    "before",
    [
        [
            Table(
                [
                    [
                        "СОГЛАСОВАНО\nНачальник УО\n_____ П.П. Петров",
                        "УТВЕРЖДАЮ\nДиректор МБОУ СОШ № 3\n_____ И.И. Иванов",
                    ]
                ]
            ),
            "Дорожная карта по повышению качества образования на 2024-2025 учебный год",
        ],
        [
            "Паспорт программы",
            Table(
                [
                    ["Наименование программы", "Антирисковая программа «Низкая учебная мотивация»"],
                    ["Сроки реализации", "2024-2025"],
                    ["Ответственные", "Директор, заместитель директора по УВР"],
                ]
            ),
            "План мероприятий",
        ],
    ],
    ids=["approval-table", "passport-table"],
)
def test_a_word_file_with_a_title_table_before_the_plan(before: list[pf.Block]) -> None:
    plan = read_plan(pf.docx_bytes([*before, Table([H, ANALYSIS, COUNCIL])]), "план.docx")
    assert rows(plan) == plain(ANALYSIS, COUNCIL)
    assert plan.columns == FIELDS and plan.errors == []


def test_a_plan_titled_inside_its_own_table_and_dated_by_excel() -> None:
    table = Table([Merged("План мероприятий МБОУ СОШ № 5 на 2024-2025 учебный год"), H, ANALYSIS])
    assert rows(read_plan(pf.docx_bytes([table]), "план.docx")) == plain(ANALYSIS)
    book = pf.xlsx_bytes([H, [1, "Анализ ВПР", datetime(2024, 9, 25), "Завуч", "Справка"]])
    assert [a.deadline for a in activities(read_plan(book, "план.xlsx"))] == ["25.09.2024"]


def test_a_table_with_only_its_header_is_a_clear_error() -> None:
    plan = read_plan(pf.xlsx_bytes([H]), "план.xlsx")
    assert [(e.code, e.detail) for e in plan.errors] == [
        ("no_activities", "В таблице не найдено ни одного мероприятия")
    ]
