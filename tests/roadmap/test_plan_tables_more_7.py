"""Plan tables of an eighth pass: totals named by a problem, a section mark beside a row of target groups, books whose
plan fills several sheets, a second header row doing two things, a title merged over the deadline, rows wrapped onto the
next line, the lines of a signature and of notes around the table."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, brief, codes, sections

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
ROWS = [
    ["1", "Анализ результатов ВПР", "сентябрь", "Заместитель директора по УВР"],
    ["2", "Педагогический совет по качеству образования", "октябрь", "Директор"],
    ["3", "Семинар для учителей начальных классов", "ноябрь", "Руководитель ШМО"],
]
READ = [tuple(r) for r in ROWS]


def both(rows: list[list[Any]], merges: list[str] | None = None) -> list[ImportedPlan]:
    """The same rows pasted as text and saved as a sheet."""
    return [read_pasted(pf.tsv([[str(c) for c in r] for r in rows])), read_plan(pf.xlsx_bytes(rows, merges), "п.xlsx")]


def problem(plan: ImportedPlan, code: str) -> list[tuple[int | None, str]]:
    return [(p.row, p.detail) for p in plan.problems if p.code == code]


# ------------------------------------------------------------------------------------------------ totals


def test_a_total_row_closing_the_table_is_skipped_and_named() -> None:
    """«| Итого: 3 мероприятия | |» under the rows was skipped without a word."""
    for plan in both([HEADER, *ROWS, ["", "Итого: 3 мероприятия", "", ""]]):
        assert brief(plan) == READ
        assert problem(plan, "total_row") == [
            (5, "Строка 5: итоговая строка «Итого: 3 мероприятия» не загружена как мероприятие")
        ]
        assert plan.errors == []


def test_section_totals_and_the_grand_total_are_each_named() -> None:
    rows = [
        [*HEADER, "Часы"],
        ["Раздел 1. Повышение квалификации"],
        ["1", "Курсы по функциональной грамотности", "2025", "Директор", "36"],
        ["", "Всего по разделу 1:", "", "", "36"],
        ["Раздел 2. Работа с родителями"],
        ["2", "Родительское собрание", "2025", "Классные руководители", "2"],
        ["", "Всего по разделу 2:", "", "", "2"],
        ["", "Итого:", "", "", "38"],
    ]
    for plan in both(rows):
        assert sections(plan) == [
            ("1", "Повышение квалификации", ["1"]),
            ("2", "Работа с родителями", ["2"]),
        ]
        assert [row for row, _ in problem(plan, "total_row")] == [4, 7, 8]
        assert [a.extra for a in activities(plan)] == [{"Часы": "36"}, {"Часы": "2"}]


def test_a_total_merged_across_a_word_table_is_named() -> None:
    table = pf.Table(
        [
            [*HEADER, "Сумма, тыс. руб."],
            ["1", "Закупка интерактивных панелей", "2025", "Директор", "150"],
            ["2", "Курсы повышения квалификации", "2025", "Заместитель директора", "20"],
            pf.Merged("Итого", 0, 3, {4: "170"}),
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [a.title for a in activities(plan)] == ["Закупка интерактивных панелей", "Курсы повышения квалификации"]
    assert problem(plan, "total_row") == [(4, "Строка 4: итоговая строка «Итого | 170» не загружена как мероприятие")]


# ------------------------------------------------------------------------------------- section marks in «№»


def test_a_section_mark_beside_a_row_of_target_groups_is_the_section_alone() -> None:
    """«Раздел 2 | Учителя | Ученики | Родители» was an activity numbered «Раздел 2» titled «Учителя», its deadline
    «Ученики»."""
    rows = [
        HEADER,
        ["Раздел 1. Организационная работа"],
        ROWS[0],
        ["Раздел 2", "Учителя", "Ученики", "Родители"],
        ROWS[1],
    ]
    for plan in both(rows):
        assert sections(plan) == [("1", "Организационная работа", ["1"]), ("2", "Раздел 2", ["2"])]
        assert brief(plan) == [READ[0], READ[1]]
        assert "unusual_number" not in codes(plan)
        assert problem(plan, "header_like_row") == [
            (
                4,
                "Строка 4: «Учителя | Ученики | Родители» рядом с заголовком раздела «Раздел 2» не загружено (похоже "
                "на названия столбцов, а не на мероприятие)",
            )
        ]


def test_target_groups_repeating_the_second_header_row_are_skipped_quietly() -> None:
    rows = [
        ["№", "Мероприятие", "Участники", "", "", "Срок"],
        ["", "", "Учителя", "Обучающиеся", "Родители", ""],
        ["Раздел 1", "", "", "", "", ""],
        ["1", "Анкетирование", "+", "+", "", "сентябрь"],
        ["Раздел 2", "", "Учителя", "Обучающиеся", "Родители", ""],
        ["2", "Родительское собрание", "", "", "+", "октябрь"],
    ]
    for plan in both(rows):
        assert sections(plan) == [("1", "Раздел 1", ["1"]), ("2", "Раздел 2", ["2"])]
        assert [(a.title, a.deadline, a.extra) for a in activities(plan)] == [
            ("Анкетирование", "сентябрь", {"Участники (Учителя)": "+", "Участники (Обучающиеся)": "+"}),
            ("Родительское собрание", "октябрь", {"Участники (Родители)": "+"}),
        ]
        assert plan.problems == [] and plan.errors == []


def test_a_section_mark_with_a_deadline_and_a_responsible_gives_them_to_its_rows() -> None:
    """«Раздел 2 | | в течение года | Директор» was an activity without a title (an error stopping the import)."""
    rows = [
        HEADER,
        ["Раздел 2", "", "в течение года", "Директор"],
        ["1", "Родительское собрание", "", ""],
        ["2", "День открытых дверей", "апрель", "Заместитель директора"],
    ]
    for plan in both(rows):
        assert plan.errors == []
        assert sections(plan) == [("2", "Раздел 2", ["1", "2"])]
        assert brief(plan) == [
            ("1", "Родительское собрание", "в течение года", "Директор"),
            ("2", "День открытых дверей", "апрель", "Заместитель директора"),
        ]


def test_a_section_mark_beside_its_title_deadline_and_responsible_heads_its_rows() -> None:
    rows = [
        HEADER,
        ["Раздел 1", "Работа с педагогическими кадрами", "в течение года", "Директор"],
        ["1", "Курсы повышения квалификации", "", ""],
        ["2", "Аттестация педагогов", "по графику", "Заместитель директора"],
    ]
    for plan in both(rows):
        assert sections(plan) == [("1", "Работа с педагогическими кадрами", ["1", "2"])]
        assert brief(plan) == [
            ("1", "Курсы повышения квалификации", "в течение года", "Директор"),
            ("2", "Аттестация педагогов", "по графику", "Заместитель директора"),
        ]
        assert "unusual_number" not in codes(plan)


def test_a_row_of_target_groups_under_a_section_heading_is_no_activity() -> None:
    """«| Учителя | Ученики | Родители» under «Раздел 1. Диагностика» was an activity «Учителя» without a number, its
    deadline «Ученики»."""
    rows = [
        HEADER,
        ["Раздел 1. Диагностика"],
        ["", "Учителя", "Ученики", "Родители"],
        ROWS[0],
        ["Раздел 2. Консультирование"],
        ["", "Педагоги", "Обучающиеся", "Родители (законные представители)"],
        ROWS[1],
    ]
    for plan in both(rows):
        assert sections(plan) == [("1", "Диагностика", ["1"]), ("2", "Консультирование", ["2"])]
        assert [row for row, _ in problem(plan, "header_like_row")] == [3, 6]
        assert "missing_number" not in codes(plan)


def test_an_activity_for_parents_is_not_taken_for_a_row_of_groups() -> None:
    rows = [
        ["Мероприятие", "Участники", "Ответственный"],
        ["Родительское собрание", "Родители", "Классные руководители"],
        ["Консультации педагога-психолога", "Обучающиеся", "Педагог-психолог"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [(a.title, a.responsible, a.extra) for a in activities(plan)] == [
        ("Родительское собрание", "Классные руководители", {"Участники": "Родители"}),
        ("Консультации педагога-психолога", "Педагог-психолог", {"Участники": "Обучающиеся"}),
    ]
    assert "header_like_row" not in codes(plan)


@pytest.mark.parametrize(
    ("mark", "section"),
    [("II", ("II", "II")), ("Задача 2", ("2", "Задача 2")), ("Направление 2", ("2", "Направление 2"))],
)
def test_other_marks_beside_target_groups_are_the_section_alone(mark: str, section: tuple[str, str]) -> None:
    plan = read_pasted(pf.tsv([HEADER, [mark, "Педагоги", "Обучающиеся", "Родители"], ROWS[0]]))
    assert sections(plan) == [(*section, ["1"])]
    assert codes(plan) == ["header_like_row"]


def test_a_roman_mark_without_a_title_gives_its_deadline_and_responsible_to_its_rows() -> None:
    """«II. | | в течение года | Директор» was an activity «II» without a title (an error stopping the import)."""
    plan = read_pasted(pf.tsv([HEADER, ["II.", "", "в течение года", "Директор"], ["1", "Анкетирование", "", ""]]))
    assert plan.errors == []
    assert sections(plan) == [("II", "II", ["1"])]
    assert brief(plan) == [("1", "Анкетирование", "в течение года", "Директор")]


def test_a_section_title_merged_over_the_number_cell_with_its_deadline_and_responsible() -> None:
    """«Раздел 1. Организационная работа» merged over «№» and the title, beside «в течение года | Директор», was an
    activity without a number."""
    rows = [
        HEADER,
        ["Раздел 1. Организационная работа", "", "в течение года", "Директор"],
        ["1", "Анализ результатов ВПР", "", ""],
        ["2", "Педагогический совет", "октябрь", "Заместитель директора"],
    ]
    for plan in (read_plan(pf.xlsx_bytes(rows, merges=["A2:B2"]), "план.xlsx"), read_pasted(pf.tsv(rows))):
        assert sections(plan) == [("1", "Организационная работа", ["1", "2"])]
        assert brief(plan) == [
            ("1", "Анализ результатов ВПР", "в течение года", "Директор"),
            ("2", "Педагогический совет", "октябрь", "Заместитель директора"),
        ]
        assert "missing_number" not in codes(plan)


# ----------------------------------------------------------------------------------------------- sheets


def test_a_plan_split_across_sheets_by_section_is_read_whole() -> None:
    """Only the biggest sheet was loaded; the others were dropped with «загружена самая большая»."""
    content = pf.xlsx_sheets(
        {
            "Раздел 1": [HEADER, ROWS[0], ROWS[1]],
            "Раздел 2": [HEADER, ROWS[2]],
            "Раздел 3": [HEADER, ["4", "Итоговое совещание", "май", "Директор"]],
        }
    )
    plan = read_plan(content, "план.xlsx")
    assert sections(plan) == [("1", "Раздел 1", ["1", "2"]), ("2", "Раздел 2", ["3"]), ("3", "Раздел 3", ["4"])]
    assert [a.row for a in activities(plan)] == [2, 3, 2, 2]  # rows of their own sheets
    assert codes(plan) == ["joined_sheets"]
    assert "«Раздел 1», «Раздел 2», «Раздел 3»" in plan.problems[0].detail


def test_a_section_sheet_without_the_result_column_is_joined_all_the_same() -> None:
    first = [[*HEADER, "Ожидаемый результат"], [*ROWS[0], "Справка"], [*ROWS[1], "Протокол"]]
    content = pf.xlsx_sheets(
        {"1. Кадры": first, "2. Родители": [HEADER, ["3", "Родительское собрание", "май", "Директор"]]}
    )
    plan = read_plan(content, "план.xlsx")
    assert sections(plan) == [("1", "Кадры", ["1", "2"]), ("2", "Родители", ["3"])]
    assert [a.expected_result for a in activities(plan)] == ["Справка", "Протокол", ""]
    assert plan.columns == {
        "№": "number",
        "Мероприятие": "title",
        "Срок": "deadline",
        "Ответственный": "responsible",
        "Ожидаемый результат": "expected_result",
    }


def test_sheets_named_by_excel_make_one_section() -> None:
    content = pf.xlsx_sheets({"Лист1": [HEADER, ROWS[0]], "Лист2": [HEADER, ROWS[1], ROWS[2]]})
    plan = read_plan(content, "план.xlsx")
    assert sections(plan) == [(None, "Мероприятия", ["1", "2", "3"])]
    assert brief(plan) == READ


def test_sheets_numbered_anew_stay_apart_and_a_plans_year_names_its_sheet() -> None:
    first, second = [HEADER, ROWS[0], ROWS[1]], [HEADER, ["1", "Итоговое совещание", "май", "Директор"]]
    generic = read_plan(pf.xlsx_sheets({"Лист1": first, "Лист2": second}), "план.xlsx")
    assert sections(generic) == [(None, "Мероприятия", ["1", "2"]), (None, "Мероприятия", ["1"])]
    yearly = read_plan(pf.xlsx_sheets({"План 2024": first, "План 2025": second}), "план.xlsx")
    assert sections(yearly) == [(None, "План 2024", ["1", "2"]), (None, "План 2025", ["1"])]


def test_sheets_with_section_rows_of_their_own_keep_them() -> None:
    content = pf.xlsx_sheets(
        {
            "1": [["Раздел 1. Работа с кадрами"], HEADER, ROWS[0]],
            "2": [["Раздел 2. Работа с родителями"], HEADER, ["2", "Родительское собрание", "октябрь", "Директор"]],
        }
    )
    plan = read_plan(content, "план.xlsx")
    assert sections(plan) == [("1", "Работа с кадрами", ["1"]), ("2", "Работа с родителями", ["2"])]


def test_a_sheet_carrying_on_the_plan_without_a_header_is_read() -> None:
    """The rows of the second sheet (no header) were dropped as «таблица после плана»."""
    content = pf.xlsx_sheets(
        {
            "Лист1": [HEADER, *ROWS],
            "Лист2": [
                ["4", "Курсы повышения квалификации", "декабрь", "Методист"],
                ["5", "Итоговое совещание", "май", "Директор"],
            ],
        }
    )
    plan = read_plan(content, "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3", "4", "5"]
    assert [a.row for a in activities(plan)] == [2, 3, 4, 1, 2]
    assert codes(plan) == ["continued_sheet"]
    assert "unread_table" not in codes(plan)


def test_hidden_rows_of_a_sheet_carrying_on_the_plan_are_named() -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Лист1"
    for values in (HEADER, *ROWS):
        first.append(values)
    second = book.create_sheet("Лист2")
    second.append(["4", "Курсы повышения квалификации", "декабрь", "Методист"])
    second.append(["5", "Старый пункт плана", "январь", "Директор"])
    second.append(["6", "Итоговое совещание", "май", "Директор"])
    second.row_dimensions[2].hidden = True
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3", "4", "6"]
    assert problem(plan, "hidden_rows") == [
        (2, "Скрытые строки листа «Лист2» не загружены: 2. Покажите их и загрузите файл снова, если в них мероприятия")
    ]


def test_a_sheet_holding_a_plan_with_other_columns_is_named() -> None:
    content = pf.xlsx_sheets(
        {
            "План": [HEADER, *ROWS],
            "Отчет": [["№", "Мероприятие", "Отметка о выполнении"], ["1", "Анализ результатов ВПР", "выполнено"]],
        }
    )
    plan = read_plan(content, "план.xlsx")
    assert brief(plan) == READ
    assert [(p.code, p.detail) for p in plan.problems] == [
        (
            "other_tables",
            "Лист «Отчет» не загружен: его таблица мероприятий с другими столбцами, чем на листе «План». Загрузите его "
            "отдельно, если это другой план",
        )
    ]


def test_a_copy_of_a_sheet_is_not_read_twice() -> None:
    content = pf.xlsx_sheets({"План": [HEADER, *ROWS], "План (2)": [HEADER, *ROWS]})
    plan = read_plan(content, "план.xlsx")
    assert brief(plan) == READ
    assert problem(plan, "copied_sheet") == [(None, "Лист «План (2)» повторяет мероприятия листа «План» и не загружен")]


def test_a_report_sheet_listing_the_plans_activities_again_is_not_joined() -> None:
    report = [[*HEADER, "Отметка о выполнении"], [*ROWS[0], "выполнено"], [*ROWS[1], "выполнено"]]
    content = pf.xlsx_sheets({"План": [HEADER, *ROWS], "Исполнение": report})
    plan = read_plan(content, "план.xlsx")
    assert brief(plan) == READ
    assert codes(plan) == ["copied_sheet"]


def test_an_empty_template_sheet_does_not_block_the_plan_on_the_next() -> None:
    plan = read_plan(pf.xlsx_sheets({"Шаблон": [HEADER], "План": [HEADER, *ROWS]}), "план.xlsx")
    assert brief(plan) == READ
    assert plan.errors == []
    assert [(p.code, p.detail) for p in plan.problems] == [
        ("ignored_sheet", "Лист «Шаблон» не загружен: в его таблице плана нет ни одного мероприятия")
    ]


def test_a_report_sheet_before_the_plan_is_the_copy_not_the_plan() -> None:
    report = [[*HEADER, "Отметка о выполнении"], [*ROWS[0], "выполнено"], [*ROWS[1], "выполнено"]]
    plan = read_plan(pf.xlsx_sheets({"Исполнение": report, "План": [HEADER, *ROWS]}), "план.xlsx")
    assert brief(plan) == READ
    assert problem(plan, "copied_sheet") == [
        (None, "Лист «Исполнение» повторяет мероприятия листа «План» и не загружен")
    ]


def test_a_sheet_with_a_table_but_no_plan_header_is_named_a_passport_is_not() -> None:
    indicators = [
        ["№", "Показатель", "2024", "2025"],
        ["1", "Доля выпускников", "10", "20"],
        ["2", "Средний балл", "3", "4"],
    ]
    passport = [["Наименование программы", "Программа повышения качества"], ["Сроки реализации", "2024-2025"]]
    content = pf.xlsx_sheets({"Паспорт": passport, "Показатели": indicators, "План": [HEADER, *ROWS]})
    plan = read_plan(content, "план.xlsx")
    assert brief(plan) == READ
    assert [p.detail for p in plan.problems if p.code == "ignored_sheet"] == [
        "Лист «Показатели» не загружен: на нём не найден заголовок таблицы плана (столбец «Мероприятия» и хотя бы "
        "один из «№», «Ответственный», «Сроки»)"
    ]


# ----------------------------------------------------------------------------------------------- headers


TWO_ROWS = [
    ["№ п/п", "Наименование", "Сроки", "", "Ответственные", ""],
    ["", "мероприятия", "начало", "окончание", "ФИО", "должность"],
    ["1", "Анализ ВПР", "01.09.2024", "30.09.2024", "Иванова И.И.", "заместитель директора"],
    ["2", "Педсовет", "01.10.2024", "", "Петров П.П.", "директор"],
]
TWO_ROWS_COLUMNS = {
    "№ п/п": "number",
    "Наименование мероприятия": "title",
    "Сроки (начало)": "deadline",
    "Сроки (окончание)": "deadline_end",
    "Ответственные (ФИО)": "responsible",
    "Ответственные (должность)": "responsible",
}


def test_a_second_header_row_going_on_with_words_and_naming_parts() -> None:
    """«мероприятия» under «Наименование» beside «начало | окончание» under «Сроки»: the second row was read as an
    activity «мероприятия» and the parts were lost (the end date and the position in unnamed columns)."""
    rows: list[list[str] | pf.Merged] = [*TWO_ROWS]
    table = pf.Table(rows, vmerge=[(0, 0, 1)])
    for plan in (
        *both(TWO_ROWS, merges=["A1:A2", "C1:D1", "E1:F1"]),
        read_plan(pf.docx_bytes([table]), "план.docx"),
    ):
        assert brief(plan) == [
            ("1", "Анализ ВПР", "01.09.2024 – 30.09.2024", "Иванова И.И., заместитель директора"),
            ("2", "Педсовет", "01.10.2024", "Петров П.П., директор"),
        ]
        assert plan.columns == TWO_ROWS_COLUMNS
        assert plan.problems == []


def test_a_first_row_of_data_in_lower_case_is_no_second_header_row() -> None:
    rows = [
        ["Мероприятие", "Сроки", "", "Ответственный"],
        ["проведение анализа ВПР", "сентябрь", "октябрь", "завуч"],
        ["педагогический совет", "ноябрь", "", "директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [(a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        ("проведение анализа ВПР", "сентябрь", "завуч"),
        ("педагогический совет", "ноябрь", "директор"),
    ]


def test_the_two_header_rows_repeated_after_a_page_break_are_skipped() -> None:
    rows = [*TWO_ROWS[:3], TWO_ROWS[0], TWO_ROWS[1], TWO_ROWS[3]]
    plan = read_pasted(pf.tsv(rows))
    assert [a.title for a in activities(plan)] == ["Анализ ВПР", "Педсовет"]
    assert plan.problems == []


def test_excels_placeholder_headers_of_empty_columns_are_not_listed() -> None:
    plan = read_plan(pf.xlsx_bytes([[*HEADER, "Столбец1", "Столбец2"], *ROWS]), "план.xlsx")
    assert plan.columns == {"№": "number", "Мероприятие": "title", "Срок": "deadline", "Ответственный": "responsible"}
    assert brief(plan) == READ


def test_empty_trailing_columns_are_no_part_of_the_plan() -> None:
    rows = [[*HEADER, "", ""], *[[*r, "", ""] for r in ROWS]]
    for plan in both(rows):
        assert brief(plan) == READ
        assert list(plan.columns) == HEADER
        assert all(a.extra == {} for a in activities(plan))


# ------------------------------------------------------------------------------------------ merged cells


def test_a_title_merged_over_the_deadline_column_is_no_deadline() -> None:
    """The deadline of «Педсовет …» read «Педсовет по итогам четверти»: the title repeated by the merge."""
    table = pf.Table(
        [
            [*HEADER, "Результат"],
            ["1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"],
            pf.Merged("Педсовет по итогам четверти", 1, 2, {0: "2", 3: "Директор", 4: "Протокол"}),
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [(a.number, a.title, a.deadline, a.responsible, a.expected_result) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"),
        ("2", "Педсовет по итогам четверти", "", "Директор", "Протокол"),
    ]


def test_a_title_row_and_section_rows_merged_across_a_word_table() -> None:
    table = pf.Table(
        [
            pf.Merged("План мероприятий на 2024-2025 учебный год", 0, 3),
            HEADER,
            pf.Merged("1. Работа с педагогами", 0, 3),
            ["1.1", "Анализ ВПР", "сентябрь", "Завуч"],
            pf.Merged("2. Работа с родителями", 0, 3),
            ["2.1", "Родительское собрание", "октябрь", "Классные руководители"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [("1", "Работа с педагогами", ["1.1"]), ("2", "Работа с родителями", ["2.1"])]
    assert plan.problems == []


# ------------------------------------------------------------------------------------------ wrapped rows


def test_a_row_wrapped_onto_the_next_line_with_a_range_and_a_position_going_on() -> None:
    """«сентябрь –» / «май» and «Заместитель директора» / «по УВР»: the second line has a deadline and a responsible
    of its own and was read as an activity «к государственной итоговой аттестации» without a number."""
    rows = [
        HEADER,
        ["1", "Организация работы по подготовке обучающихся", "сентябрь –", "Заместитель директора"],
        ["", "к государственной итоговой аттестации", "май", "по УВР"],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    for plan in both(rows):
        assert brief(plan) == [
            (
                "1",
                "Организация работы по подготовке обучающихся к государственной итоговой аттестации",
                "сентябрь – май",
                "Заместитель директора по УВР",
            ),
            ("2", "Педагогический совет", "октябрь", "Директор"),
        ]
        assert codes(plan) == ["continued_row"]


def test_a_row_broken_line_by_line_as_a_pdf_converted_to_word_leaves_it() -> None:
    rows = [
        HEADER,
        ["1", "Организация и проведение", "сентябрь-", "Заместитель"],
        ["", "мониторинга качества", "октябрь", "директора по"],
        ["", "образования", "", "УВР"],
        ["2", "Педагогический совет", "ноябрь", "Директор"],
    ]
    for plan in (read_pasted(pf.tsv(rows)), read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx")):
        assert brief(plan) == [
            (
                "1",
                "Организация и проведение мониторинга качества образования",
                "сентябрь-октябрь",
                "Заместитель директора по УВР",
            ),
            ("2", "Педагогический совет", "ноябрь", "Директор"),
        ]
        assert codes(plan) == ["continued_row", "continued_row"]


def test_an_unnumbered_lower_case_row_with_its_own_deadline_and_responsible_stays_an_activity() -> None:
    rows = [
        HEADER,
        ["1", "Организация работы с родителями:", "сентябрь", "Директор"],
        ["", "проведение классных часов", "ежемесячно", "классные руководители"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.title for a in activities(plan)] == ["Организация работы с родителями:", "проведение классных часов"]


def test_a_title_wrapped_under_a_number_merged_down_over_both_rows() -> None:
    """«Образовательных результатов» alone in the title cell under «1» merged down over it started a section named so
    (and «2» went into it)."""
    rows = [
        HEADER,
        ["1", "Проведение мониторинга качества", "сентябрь", "Заместитель директора"],
        ["", "Образовательных результатов", "", ""],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    for plan in (
        read_plan(pf.xlsx_bytes(rows, merges=["A2:A3"]), "план.xlsx"),
        read_plan(pf.xlsx_bytes(rows, merges=["A2:A3", "C2:C3", "D2:D3"]), "план.xlsx"),
        read_plan(pf.docx_bytes([pf.Table([*rows], vmerge=[(0, 1, 2)])]), "план.docx"),
    ):
        assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
        assert brief(plan)[0] == (
            "1",
            "Проведение мониторинга качества Образовательных результатов",
            "сентябрь",
            "Заместитель директора",
        )
        assert codes(plan) == ["continued_row"]


def test_several_responsible_people_with_positions_are_kept_as_written() -> None:
    rows = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Иванова И.И., заместитель директора по УВР;\nПетров П.П., руководитель ШМО"],
        ["", "", "", "Сидорова С.С., педагог-психолог"],
        ["2", "Педсовет", "октябрь", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.responsible for a in activities(plan)] == [
        "Иванова И.И., заместитель директора по УВР;\nПетров П.П., руководитель ШМО\nСидорова С.С., педагог-психолог",
        "Директор",
    ]


# ------------------------------------------------------------------------------------------------ dates


def test_deadlines_kept_by_excel_as_dates_and_numbers_read_as_dates() -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["1", "Анализ ВПР", datetime(2024, 9, 15), "Завуч"],
        ["2", "Педсовет", date(2024, 10, 30), "Директор"],
        ["3", "Семинар", 45600, "Методист"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.deadline for a in activities(plan)] == ["15.09.2024", "30.10.2024", "04.11.2024"]


def test_deadlines_read_as_their_cells_format_shows_them() -> None:
    """A date formatted «yyyy» (Excel shows «2024») was read as the day it holds, «15.09.2024»."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    formats = ["yyyy", "mmmm yyyy", "[$-419]mmmm yyyy", "dd.mm.yyyy", "yyyy-mm-dd h:mm:ss"]
    for number, number_format in enumerate(formats, start=1):
        sheet.append([number, f"Мероприятие {number}", datetime(2024, 9, 15), "Завуч"])
        sheet.cell(number + 1, 3).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert [a.deadline for a in activities(plan)] == [
        "2024",
        "сентябрь 2024",
        "сентябрь 2024",
        "15.09.2024",
        "15.09.2024",
    ]


def test_start_and_end_dates_in_two_columns_make_one_deadline() -> None:
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "Дата начала", "Дата окончания", "Ответственный"],
        [1, "Анализ ВПР", datetime(2024, 9, 1), datetime(2024, 9, 30), "Завуч"],
        [2, "Педсовет", datetime(2024, 10, 15), None, "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert brief(plan) == [
        ("1", "Анализ ВПР", "01.09.2024 – 30.09.2024", "Завуч"),
        ("2", "Педсовет", "15.10.2024", "Директор"),
    ]


# ---------------------------------------------------------------------------------------------- numbering


def test_roman_sections_three_level_numbers_and_lettered_items() -> None:
    rows = [
        HEADER,
        ["I.", "Организационная работа", "", ""],
        ["1.1.", "Издание приказа о плане", "август", "Директор"],
        ["1.2.", "Анализ ВПР", "сентябрь", "Завуч"],
        ["II.", "Работа с педагогами", "", ""],
        ["2.1.", "Методическая работа", "", ""],
        ["2.1.1.", "Семинар по функциональной грамотности", "октябрь", "Методист"],
        ["2.1.2.", "Курсы повышения квалификации", "в течение года", "Методист"],
        ["а)", "курсы по математике", "ноябрь", "Методист"],
        ["б)", "курсы по русскому языку", "декабрь", "Методист"],
    ]
    for plan in both(rows):
        assert sections(plan) == [
            ("I", "Организационная работа", ["1.1", "1.2"]),
            ("II", "Работа с педагогами", []),
            ("2.1", "Методическая работа", ["2.1.1", "2.1.2", "2.1.2.а", "2.1.2.б"]),
        ]
        assert plan.problems == []


def test_numbers_with_a_closing_bracket() -> None:
    rows = [HEADER, *[[f"{r[0]})", *r[1:]] for r in ROWS]]
    for plan in both(rows):
        assert brief(plan) == READ
        assert plan.problems == []


# ---------------------------------------------------------------------------------- signatures and notes


def test_an_approval_block_over_the_table_names_no_section() -> None:
    """«“__” ________ 2024 г.» of «УТВЕРЖДАЮ» over the header was read as a year heading and named the section."""
    rows = [
        ["", "", "УТВЕРЖДАЮ"],
        ["", "", "Директор МБОУ СОШ № 1"],
        ["", "", "_______ И.И. Иванов"],
        ["", "", "«__» ________ 2024 г."],
        ["План мероприятий по повышению качества образования"],
        HEADER,
        *ROWS,
    ]
    for plan in both(rows):
        assert sections(plan) == [(None, "Мероприятия", ["1", "2", "3"])]


def test_a_signature_block_under_the_table_is_no_activity() -> None:
    docx = pf.docx_bytes(
        [pf.Table([HEADER, *ROWS]), "", "Директор ____________ / Иванов И.И.", "Исп. Петрова А.А., тел. 2-22-22"]
    )
    in_table = pf.docx_bytes(
        [pf.Table([HEADER, *ROWS, ["", "Заместитель директора по УВР", "", "_______ / Петрова А.А. /"]])]
    )
    sheet = [HEADER, *ROWS, [], ["", "Директор МБОУ СОШ № 1", "", "________ / Иванов И.И. /"]]
    for plan in (
        read_plan(docx, "план.docx"),
        read_plan(in_table, "план.docx"),
        read_plan(pf.xlsx_bytes(sheet), "план.xlsx"),
    ):
        assert brief(plan) == READ
        assert plan.problems == []


def test_a_numbered_list_of_notes_under_the_table_is_no_activity() -> None:
    """«Примечание:» and «1. | Сроки … могут быть изменены» under it: the notes were activities 1 and 2 again."""
    rows = [
        HEADER,
        *ROWS,
        ["Примечание:"],
        ["1.", "Сроки проведения мероприятий могут быть изменены."],
        ["2.", "Ответственные назначаются приказом директора."],
    ]
    for plan in both(rows):
        assert brief(plan) == READ
        assert problem(plan, "note_rows") == [
            (6, "Строки 6, 7 под «Примечание» прочитаны как примечания к таблице и не загружены")
        ]
        assert "repeated_number" not in codes(plan)


def test_notes_end_at_the_planned_results_under_them() -> None:
    rows = [
        HEADER,
        *ROWS,
        ["Примечание:"],
        ["1.", "Сроки проведения мероприятий могут быть изменены."],
        ["Планируемые результаты:"],
        ["- повышение качества образования"],
        ["- рост среднего балла ОГЭ"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert brief(plan) == READ
    assert [s.planned_results for s in plan.sections] == [["повышение качества образования", "рост среднего балла ОГЭ"]]
    assert problem(plan, "note_rows") == [(6, "Строка 6: под «Примечание» — примечание к таблице, не загружена")]


def test_a_note_line_under_a_word_table_is_no_planned_result_nor_activity() -> None:
    content = pf.docx_bytes(
        [
            pf.Table([HEADER, *ROWS]),
            "Примечание: в плане возможны изменения.",
            "Сокращения: ВПР – всероссийские проверочные работы.",
        ]
    )
    plan = read_plan(content, "план.docx")
    assert brief(plan) == READ
    assert [s.planned_results for s in plan.sections] == [[]]


def test_a_schools_sheet_with_everything_around_its_plan() -> None:
    """Approval block, title, a two-row header with a column-index row, roman sections merged across, dates kept by
    Excel, a total, a note and a signature: only the activities are read, the total is named."""
    rows: list[list[Any]] = [
        ["", "", "", "", "", "УТВЕРЖДАЮ"],
        ["", "", "", "", "", "Директор ______ И.И. Иванов"],
        ["План мероприятий по повышению качества образования МБОУ СОШ № 5 на 2024-2025 учебный год"],
        [],
        ["№ п/п", "Наименование мероприятия", "Сроки проведения", "", "Ответственный", "Ожидаемый результат"],
        ["", "", "начало", "окончание", "", ""],
        [1, 2, 3, 4, 5, 6],
        ["I. Аналитическая деятельность"],
        [
            "1.1.",
            "Анализ результатов ГИА",
            datetime(2024, 8, 26),
            datetime(2024, 8, 30),
            "Заместитель директора",
            "Справка",
        ],
        ["1.2.", "Анализ ВПР", datetime(2024, 10, 1), datetime(2024, 10, 31), "Руководители ШМО", "Справка"],
        ["II. Работа с педагогами"],
        [
            "2.1.",
            "Курсы повышения квалификации",
            "в течение года",
            "",
            "Заместитель директора,\nметодист",
            "Удостоверения",
        ],
        ["", "Итого: 3 мероприятия"],
        [],
        ["Примечание: в плане возможны изменения"],
        ["Заместитель директора по УВР", "", "", "", "______ Петрова А.А."],
    ]
    merges = ["A3:F3", "A5:A6", "B5:B6", "C5:D5", "E5:E6", "F5:F6", "A8:F8", "A11:F11"]
    plan = read_plan(pf.xlsx_bytes(rows, merges), "план.xlsx")
    assert sections(plan) == [
        ("I", "Аналитическая деятельность", ["1.1", "1.2"]),
        ("II", "Работа с педагогами", ["2.1"]),
    ]
    assert [(a.deadline, a.responsible, a.expected_result) for a in activities(plan)] == [
        ("26.08.2024 – 30.08.2024", "Заместитель директора", "Справка"),
        ("01.10.2024 – 31.10.2024", "Руководители ШМО", "Справка"),
        ("в течение года", "Заместитель директора,\nметодист", "Удостоверения"),
    ]
    assert codes(plan) == ["total_row"]


def test_rows_of_joined_sheets_say_their_sheet() -> None:
    """Rows count on each sheet, so «Строка 2» of a joined plan was two rows at once: each activity and each problem
    of a row now names its sheet, in its field and in the words a user reads."""
    content = pf.xlsx_sheets(
        {
            "Раздел 1": [HEADER, ROWS[0], ["", "Итого: 1 мероприятие", "", ""]],
            "Раздел 2": [HEADER, ROWS[1], ["", "Итого: 1 мероприятие", "", ""]],
        }
    )
    plan = read_plan(content, "план.xlsx")
    assert [(a.sheet, a.row) for a in activities(plan)] == [("Раздел 1", 2), ("Раздел 2", 2)]
    totals = [(p.sheet, p.row, p.detail) for p in plan.problems if p.code == "total_row"]
    assert [(sheet, row) for sheet, row, _ in totals] == [("Раздел 1", 3), ("Раздел 2", 3)]
    assert totals[1][2].startswith("Лист «Раздел 2», строка 3: "), totals
    assert next(p for p in plan.problems if p.code == "joined_sheets").sheet is None


def test_rows_of_a_single_sheet_name_no_sheet() -> None:
    plan = read_plan(pf.xlsx_bytes([HEADER, *ROWS]), "план.xlsx")
    assert {a.sheet for a in activities(plan)} == {None}
