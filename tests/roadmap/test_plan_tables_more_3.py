"""Plan tables of a fourth pass, built as real files and read back: text pasted from Word with most cells broken over
lines, years and months under a spanning header, plan-grids marking months, footnote marks in the header, page
numbers between the parts of a table, a second plan with other columns under the first, more header words."""

from __future__ import annotations

import pytest

from services.roadmap.plan_import import PlanFileError, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, codes, sections
from tests.roadmap.plan_files import brief as summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]


# ------------------------------------------------------------------------------------------------ pasted text


def test_text_pasted_from_word_with_most_cells_broken_over_lines() -> None:
    """Word copies a cell of two lines as two lines of text. When most rows hold such a cell, the pieces outnumbered
    the whole rows, the table was taken to be two fields wide and the rows fell apart into activities numbered
    «по реализации программы» and «11.24»."""
    text = (
        "№ п/п\tМероприятие\tСрок\tОтветственный\tОжидаемый результат\n"
        "1. Организационные мероприятия\n"
        "1.1.\tСоздание рабочей группы\n"
        "по реализации программы\tсентябрь 2024\tДиректор\tПриказ\n"
        "1.2.\tРазработка плана\tоктябрь 2024\n"
        "ноябрь 2024\tЗам. директора\n"
        "Иванова И.И.\tПлан\n"
        "2. Работа с педагогами\n"
        "2.1.\tКурсы\tв течение года\tМетодист\tУдостоверения\n"
    )
    plan = read_pasted(text)
    assert sections(plan) == [
        ("1", "Организационные мероприятия", ["1.1", "1.2"]),
        ("2", "Работа с педагогами", ["2.1"]),
    ]
    assert summary(plan) == [
        ("1.1", "Создание рабочей группы\nпо реализации программы", "сентябрь 2024", "Директор"),
        ("1.2", "Разработка плана", "октябрь 2024\nноябрь 2024", "Зам. директора\nИванова И.И."),
        ("2.1", "Курсы", "в течение года", "Методист"),
    ]
    assert plan.problems == [] and plan.errors == []


# ------------------------------------------------------------------------------------------- spanning headers


def test_targets_by_year_under_one_header_keep_their_years() -> None:
    """«Целевые показатели» over «2024 | 2025 | 2026»: the row of years was read as an activity without a title
    (an error blocking the import), and the values joined without their years."""
    top = pf.Merged(
        "Целевые показатели", first=4, last=6, cells={0: "№", 1: "Мероприятие", 2: "Ответственный", 3: "Срок"}
    )
    years = ["", "", "", "", "2024", "2025", "2026"]
    rows = [
        ["1", "Повышение квалификации учителей", "Методист", "ежегодно", "30%", "50%", "100%"],
        ["2", "Участие в олимпиадах", "Зам. директора", "ежегодно", "5", "7", "7"],
    ]
    table = pf.Table([top, years, *rows], vmerge=[(0, 0, 1), (1, 0, 1), (2, 0, 1), (3, 0, 1)])
    word = read_plan(pf.docx_bytes([table], width=7), "план.docx")
    header = ["№", "Мероприятие", "Ответственный", "Срок", "Целевые показатели", "", ""]
    excel = read_plan(pf.xlsx_bytes([header, years, *rows], merges=["E1:G1"]), "план.xlsx")
    for plan in (word, excel):
        assert [(a.number, a.expected_result) for a in activities(plan)] == [
            ("1", "2024: 30%, 2025: 50%, 2026: 100%"),
            ("2", "2024: 5, 2025: 7, 2026: 7"),
        ]
        assert plan.errors == [] and plan.problems == []
        assert list(plan.columns)[4:] == [
            "Целевые показатели (2024)",
            "Целевые показатели (2025)",
            "Целевые показатели (2026)",
        ]


def test_a_plan_grid_marking_months_gives_the_months_as_the_deadline() -> None:
    """«Мероприятие | Ответственный | Сентябрь | Октябрь | …» with «+» in the months: the header was not found. A
    date or a day in a month's cell is the date, other words stand beside the month."""
    rows = [
        ["№", "Мероприятие", "Ответственный", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь", "Январь"],
        ["1", "Педсовет", "Директор", "+", "", "+", "", "+"],
        ["2", "Мониторинг", "Зам. директора", "", "х", "", "15.12", ""],
        ["3", "Консультации", "Учителя", "15", "", "2 неделя", "", ""],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "циклограмма.xlsx")
    assert summary(plan) == [
        ("1", "Педсовет", "сентябрь, ноябрь, январь", "Директор"),
        ("2", "Мониторинг", "октябрь, 15.12", "Зам. директора"),
        ("3", "Консультации", "15 сентября, ноябрь (2 неделя)", "Учителя"),
    ]
    assert plan.columns["Сентябрь"] == "deadline"
    assert plan.problems == [] and plan.errors == []


def test_months_or_years_under_a_deadline_header_give_the_marked_ones() -> None:
    """«Сроки проведения» over «IX | X | XI | XII» (or «2024 | 2025 | 2026») with marks: the first two columns were
    read as the start and the end of the deadline («+ – +»), the others as extra values."""
    months = [
        ["№", "Мероприятие", "Ответственный", "Сроки проведения", "", "", ""],
        ["", "", "", "IX", "X", "XI", "XII"],
        ["1", "Педсовет", "Директор", "+", "", "+", ""],
        ["2", "Мониторинг", "Зам. директора", "", "+", "", "+"],
    ]
    plan = read_plan(pf.xlsx_bytes(months, merges=["D1:G1", "A1:A2", "B1:B2", "C1:C2"]), "план.xlsx")
    assert summary(plan) == [
        ("1", "Педсовет", "сентябрь, ноябрь", "Директор"),
        ("2", "Мониторинг", "октябрь, декабрь", "Зам. директора"),
    ]
    assert all(a.extra == {} for a in activities(plan))
    years = [
        ["№", "Мероприятие", "Сроки реализации", "", "", "Ответственный"],
        ["", "", "2024", "2025", "2026", ""],
        ["1", "Курсы повышения квалификации", "+", "+", "", "Методист"],
        ["2", "Закупка оборудования", "", "+", "", "Управление образования"],
    ]
    plan = read_plan(pf.xlsx_bytes(years, merges=["C1:E1", "A1:A2", "B1:B2", "F1:F2"]), "план.xlsx")
    assert summary(plan) == [
        ("1", "Курсы повышения квалификации", "2024, 2025", "Методист"),
        ("2", "Закупка оборудования", "2025", "Управление образования"),
    ]
    assert plan.problems == [] and plan.errors == []


# -------------------------------------------------------------------------------------------- header words


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["№", "Вид работы", "Сроки", "Отв."], ["number", "title", "deadline", "responsible"]),
        (["№ п/п", "Формы работы", "Сроки", "Ответств."], ["number", "title", "deadline", "responsible"]),
        (["№", "Тема", "Дата", "Ф.И.О. ответственного"], ["number", "title", "deadline", "responsible"]),
        (
            ["№", "Виды работ", "Сроки исполнения", "Отчетные документы"],
            ["number", "title", "deadline", "final_document"],
        ),
        (
            ["Порядковый номер", "Тематика мероприятий", "Время и место проведения", "Итоговый продукт"],
            ["number", "title", "deadline", "final_document"],
        ),
        (
            # Latin «C», «e», «O» inside Russian words (a PDF converted to Word)
            ["№ п/п", "Мероприятиe", "Cроки", "Oтветственный"],
            ["number", "title", "deadline", "responsible"],
        ),
        (
            ["Мероприятие", "Участники", "Срок", "Источник финансирования", "Объем финансирования, тыс. руб."],
            ["title", "extra", "deadline", "extra", "extra"],
        ),
        (
            ["№", "Тема", "Мероприятие", "Форма проведения", "Сроки", "Вид итогового документа"],
            ["number", "extra", "title", "extra", "deadline", "final_document"],
        ),
    ],
)
def test_more_header_words_of_school_plans(headers: list[str], fields: list[str]) -> None:
    """«Вид работы», «Тема» name the activities of a school plan when no column says «Мероприятие» (beside one they
    are its details); «Отв.», «Ф.И.О. ответственного» the responsible; financing and participants are known extra
    columns, no longer unknown ones that hid the header."""
    row = ["1", "Педсовет", "август", "Директор", "Протокол", "Приказ"][: len(headers)]
    plan = read_plan(pf.docx_bytes([pf.Table([headers, row])]), "план.docx")
    assert list(plan.columns.values()) == fields
    assert len(activities(plan)) == 1 and plan.errors == []


@pytest.mark.parametrize("marks", [("*", "¹", "²"), ("*", "1", "2)")])
def test_footnote_marks_in_header_cells_do_not_hide_the_columns(marks: tuple[str, str, str]) -> None:
    """«Сроки¹», «Ответственные²», «Мероприятие*» (or the mark typed as a superscript digit, «Сроки1»): the deadline
    and the responsible were extra columns."""
    header = ["№", "Мероприятие" + marks[0], "Сроки" + marks[1], "Ответственные" + marks[2]]
    table = pf.Table([header, ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."]])
    plan = read_plan(pf.docx_bytes([table, "¹ Сроки могут уточняться", "² По согласованию"]), "план.docx")
    assert list(plan.columns.values()) == ["number", "title", "deadline", "responsible"]
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова И.И.")]


# -------------------------------------------------------------------------------------------- page breaks


@pytest.mark.parametrize("between", ["2", "- 3 -", "Продолжение таблицы", "Окончание приложения 1", "Стр. 2 из 5"])
def test_a_page_number_or_a_continuation_line_between_table_parts_is_no_section(between: str) -> None:
    """The line Word leaves between the parts of a table broken by a page became a section holding the rows after
    it."""
    first = pf.Table(
        [
            [*HEADER, "Ожидаемый результат"],
            pf.Merged("1. Организационные мероприятия"),
            ["1.1.", "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
        ]
    )
    second = pf.Table(
        [
            ["1", "2", "3", "4", "5"],
            ["1.2.", "Совещание", "октябрь", "Зам. директора", "Протокол"],
            pf.Merged("2. Работа с кадрами"),
            ["2.1.", "Курсы", "в течение года", "Методист", "Удостоверения"],
        ]
    )
    plan = read_plan(pf.docx_bytes([first, between, second]), "план.docx")
    assert sections(plan) == [
        ("1", "Организационные мероприятия", ["1.1", "1.2"]),
        ("2", "Работа с кадрами", ["2.1"]),
    ]
    assert plan.problems == [] and plan.errors == []


# ----------------------------------------------------------------------------------------- two plans


def test_a_second_header_naming_other_columns_starts_another_plan() -> None:
    """Two plans pasted one under the other (seed 000: «Механизмы» with «Сроки | Ожидаемый результат», then the
    roadmap with «Ответственный | Срок | Результат»): the second header was skipped as a repeated one and its rows
    were read by the first header, the responsible landing in the deadline."""
    first = [
        ["п/п", "Основные мероприятия", "Сроки исполнения", "Ожидаемый результат"],
        ["1.", "Сбор информации о результатах ОО", "В конце каждого полугодия", "Справки"],
    ]
    second = [
        ["№ п/п", "Основные мероприятия", "Ответственный исполнитель", "Срок реализации", "Непосредственный результат"],
        ["1", "Проведение МСОКО", "МКУ «Отдел образования»", "Ежегодно", "Аналитическая справка"],
        ["2", "Анкетирование педагогов", "Образовательные организации", "Сентябрь", "Карта дефицитов"],
    ]
    for plan in (read_pasted(pf.tsv(first + second)), read_plan(pf.xlsx_bytes([*first, [], *second]), "план.xlsx")):
        assert summary(plan) == [
            ("1", "Проведение МСОКО", "Ежегодно", "МКУ «Отдел образования»"),
            ("2", "Анкетирование педагогов", "Сентябрь", "Образовательные организации"),
        ]
        assert codes(plan) == ["other_tables"]


def test_a_header_repeated_after_a_page_break_in_a_sheet_still_carries_on_the_plan() -> None:
    rows = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."],
        HEADER,
        ["2", "Педсовет", "октябрь", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2"]
    assert plan.problems == []


# ------------------------------------------------------------------------------------------- headings


def test_a_field_of_work_alone_in_the_title_cell_heads_the_rows_under_it() -> None:
    """«Работа с родителями», «Методическая работа», «Организационные мероприятия» on a row of their own in an
    unnumbered CSV were activities without a deadline; the rows under them landed in one section."""
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Анализ результатов ВПР", "сентябрь 2024", "Иванова И.И."],
        ["Анализ результатов ОГЭ", "", ""],
        ["Работа с родителями", "", ""],
        ["Родительское собрание", "октябрь", "Классные руководители"],
        ["Индивидуальные консультации", "", ""],
        ["Методическая работа", "", ""],
        ["Семинар", "ноябрь", "Методист"],
        ["Организационные мероприятия", "", ""],
        ["Приказ о рабочей группе", "май", "Директор"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
        ("Мероприятия", ["Анализ результатов ВПР", "Анализ результатов ОГЭ"]),
        ("Работа с родителями", ["Родительское собрание", "Индивидуальные консультации"]),
        ("Методическая работа", ["Семинар"]),
        ("Организационные мероприятия", ["Приказ о рабочей группе"]),
    ]


RISK_HEADER = ["№ п/п", "Задачи", "Мероприятия", "Сроки", "Ответственные", "Показатели"]


def _risk_tables() -> tuple[pf.Table, pf.Table]:
    first = pf.Table(
        [
            RISK_HEADER,
            ["1", "Повысить учебную мотивацию", "Анкетирование обучающихся", "сентябрь", "Психолог", "100% охват"],
            ["2", "", "Классные часы", "ежемесячно", "Классные руководители", "не менее 1 в месяц"],
        ],
        vmerge=[(1, 1, 2)],
    )
    second = pf.Table(
        [
            RISK_HEADER,
            ["1", "Вовлечь родителей", "Родительский всеобуч", "раз в четверть", "Зам. по ВР", "60% родителей"],
        ]
    )
    return first, second


def test_risk_headings_over_tables_of_tasks_stay_sections_over_their_tasks() -> None:
    """An anti-risk programme: a table per risk under «Риск N. …» (or the risk's name alone), the tasks in a
    «Задачи» column. The risks were dropped as empty sections once the tasks started theirs; a risk's name without
    «Риск N» was lost above the first table."""
    first, second = _risk_tables()
    marked: list[pf.Block] = [
        "АНТИРИСКОВАЯ ПРОГРАММА",
        "Риск 1. Низкая учебная мотивация обучающихся",
        "Цель: повышение учебной мотивации",
        first,
        "Риск 2. Низкий уровень вовлечённости родителей",
        "Цель: вовлечение родителей",
        second,
    ]
    plain: list[pf.Block] = [
        "АНТИРИСКОВАЯ ПРОГРАММА",
        "Низкая учебная мотивация обучающихся",
        "Цель: повышение учебной мотивации",
        "Задачи:",
        "1. Выявить причины низкой мотивации.",
        "2. Организовать работу классных руководителей.",
        first,
        "Низкий уровень вовлечённости родителей",
        "Задачи:",
        "1. Организовать родительский всеобуч.",
        second,
    ]
    expected = {
        "marked": [
            ("1", "Риск 1. Низкая учебная мотивация обучающихся", []),
            (None, "Повысить учебную мотивацию", ["1", "2"]),
            ("2", "Риск 2. Низкий уровень вовлечённости родителей", []),
            (None, "Вовлечь родителей", ["1"]),
        ],
        "plain": [
            (None, "Низкая учебная мотивация обучающихся", []),
            (None, "Повысить учебную мотивацию", ["1", "2"]),
            (None, "Низкий уровень вовлечённости родителей", []),
            (None, "Вовлечь родителей", ["1"]),
        ],
    }
    for name, blocks in (("marked", marked), ("plain", plain)):
        plan = read_plan(pf.docx_bytes(blocks), "программа.docx")
        assert sections(plan) == expected[name]
        assert plan.problems == [] and plan.errors == []


def test_the_title_above_a_single_table_names_no_section() -> None:
    first, _ = _risk_tables()
    plan = read_plan(pf.docx_bytes(["АНТИРИСКОВАЯ ПРОГРАММА", "МБОУ «СОШ № 2»", first]), "программа.docx")
    assert sections(plan) == [(None, "Повысить учебную мотивацию", ["1", "2"])]


def test_a_main_directions_column_beside_the_activities_groups_them() -> None:
    """«Основные направления деятельности» merged down left of «Мероприятия»: an extra value of each activity."""
    table = pf.Table(
        [
            ["Основные направления деятельности", "№", "Мероприятия", "Сроки", "Ответственные"],
            ["Работа с педагогами", "1", "Курсы", "2024", "Зам. директора"],
            ["", "2", "Семинары", "2025", "Методист"],
            ["Работа с обучающимися", "3", "Консультации", "еженедельно", "Учителя"],
        ],
        vmerge=[(0, 1, 2)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Работа с педагогами", ["1", "2"]), (None, "Работа с обучающимися", ["3"])]
    assert all(a.extra == {} for a in activities(plan))


@pytest.mark.parametrize(
    "text",
    [
        "№\tМероприятие\tСрок\t\tОтветственный\tПоказатели\t\n\t\tначало\tокончание\n"
        "1\tАнализ ВПР\t01.09\t30.09\tИванова\t1\t\n",
        "№\tМероприятие\tОтветственный\tСроки\t\t\n\t\t\tIX\tX\tXI\tXII\n1\tАнализ ВПР\tИванова\t+\t\t+\n",
    ],
)
def test_a_second_header_line_shorter_or_longer_than_the_header_is_read(text: str) -> None:
    """A CSV or pasted line stops at its last filled field: a second header line shorter than the header (or
    longer) made the import fail with «Не удалось разобрать таблицу плана»."""
    plan = read_pasted(text)
    assert [(a.number, a.title, a.responsible) for a in activities(plan)] == [("1", "Анализ ВПР", "Иванова")]
    assert activities(plan)[0].deadline in {"01.09 – 30.09", "сентябрь, ноябрь"}


@pytest.mark.parametrize(
    ("headers", "row"),
    [
        (
            ["№", "Наименование мероприятия", "Уровень", "Категория", "Код", "Срок"],
            ["1", "Анализ ВПР", "школьный", "учителя", "А1", "сентябрь"],
        ),
        (
            ["Мероприятие", "Соисполнители", "Охват", "Целевая аудитория", "Формат проведения", "Срок"],
            ["Анализ ВПР", "ШМО", "100%", "учителя", "семинар", "сентябрь"],
        ),
    ],
)
def test_a_header_with_several_columns_of_other_details_is_still_the_header(headers: list[str], row: list[str]) -> None:
    """Three unknown columns beside the title and two more known ones hid the header: «Не найдена строка
    заголовка»."""
    plan = read_plan(pf.docx_bytes([pf.Table([headers, row])]), "план.docx")
    [activity] = activities(plan)
    assert (activity.title, activity.deadline) == ("Анализ ВПР", "сентябрь")
    assert list(activity.extra.values()) == (row[2:5] if headers[0] == "№" else row[1:5])
    assert plan.errors == []


# ---------------------------------------------------------------------------------------- numbered headings


def test_numbered_headings_over_activities_numbered_on_their_own() -> None:
    """«1. | Организационные мероприятия» (the title alone) over «1 | …», «2 | …», then «2. | Работа с кадрами» over
    «3 | …»: the headings were activities without a deadline and every number was repeated."""
    rows: list[list[str]] = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат"],
        ["1.", "Организационные мероприятия", "", "", ""],
        ["1", "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
        ["2", "Положение о рабочей группе", "сентябрь", "Зам. директора", "Положение"],
        ["2.", "Работа с кадрами", "", "", ""],
        ["3", "Курсы повышения квалификации", "в течение года", "Методист", "Удостоверения"],
        ["3.", "Работа с обучающимися", "", "", ""],
        ["1", "Консультации", "еженедельно", "Учителя", "График"],
    ]
    for plan in (
        read_plan(pf.xlsx_bytes(rows), "план.xlsx"),
        read_plan(pf.docx_bytes([pf.Table(list(rows))]), "п.docx"),
    ):
        assert sections(plan) == [
            ("1", "Организационные мероприятия", ["1", "2"]),
            ("2", "Работа с кадрами", ["3"]),
            ("3", "Работа с обучающимися", ["1"]),
        ]
        assert plan.problems == [] and plan.errors == []


def test_numbered_headings_across_a_page_break_with_the_header_repeated() -> None:
    """The heading the last row on its page, the header repeated over the next: its sub-items 2.1, 2.2 (or its
    activities numbered on their own) were not seen past the header, and it became an activity."""
    header = ["№ п/п", "Наименование мероприятия", "Ожидаемые результаты", "Сроки", "Ответственные"]
    first = pf.Table(
        [
            header,
            ["1.", "Организационные мероприятия", "", "", ""],
            ["1.1", "Приказ о рабочей группе", "Приказ", "сентябрь", "Директор"],
            ["2.", "Работа с кадрами", "", "", ""],
        ]
    )
    second = pf.Table([header, ["2.1", "Курсы", "Удостоверения", "в течение года", "Методист"]])
    plan = read_plan(pf.docx_bytes([first, "Продолжение таблицы", second]), "план.docx")
    assert sections(plan) == [("1", "Организационные мероприятия", ["1.1"]), ("2", "Работа с кадрами", ["2.1"])]
    assert plan.problems == [] and plan.errors == []


def test_a_lone_numbered_activity_without_details_stays_an_activity() -> None:
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
        ["1", "Анализ ВПР", "сентябрь", "Зам. директора"],
        ["2", "Педагогический совет", "", ""],
        ["3", "Курсы", "октябрь", "Методист"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert sections(plan) == [(None, "Мероприятия", ["1", "2", "3"])]


def test_a_signature_typed_under_a_sheet_without_a_number_column() -> None:
    """«Директор школы | | Иванова И.И.» under a plan whose first columns are the title and the responsible: the
    position fell into the responsible column and the row was glued to the last activity."""
    rows = [
        ["Мероприятие", "Ответственный", "Срок", "Итоговый документ"],
        ["Анализ ВПР", "Зам. директора", "сентябрь", "Справка"],
        ["Педсовет", "Директор", "октябрь", "Протокол"],
        [],
        ["", "Директор школы", "", "Иванова И.И."],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert summary(plan) == [
        (None, "Анализ ВПР", "сентябрь", "Зам. директора"),
        (None, "Педсовет", "октябрь", "Директор"),
    ]
    assert plan.problems == []
    rows[-1] = ["", "Директор школы", "Иванова И.И.", ""]
    assert summary(read_plan(pf.xlsx_bytes(rows), "план.xlsx"))[-1] == (None, "Педсовет", "октябрь", "Директор")


def test_text_pasted_from_word_with_a_last_cell_of_several_lines() -> None:
    """The last cell's second line («Зам. директора по УВР», «Петрова А.А., учитель») came as a line of its own,
    and it became a section heading; a title's first line alone on its line (no number column) became an activity
    of its own."""
    text = (
        "№ п/п\tМероприятие\tСрок\tОтветственный\n"
        "1.\tАнализ ВПР\tсентябрь\tДиректор\n"
        "Зам. директора по УВР\n"
        "2.\tПедсовет\tоктябрь\tИванова И.И.\n"
        "Петрова А.А., учитель математики\n"
        "3.\tКурсы\tв течение года\tМетодист\n"
    )
    plan = read_pasted(text)
    assert summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Директор\nЗам. директора по УВР"),
        ("2", "Педсовет", "октябрь", "Иванова И.И.\nПетрова А.А., учитель математики"),
        ("3", "Курсы", "в течение года", "Методист"),
    ]
    assert plan.problems == [] and plan.errors == []
    text = (
        "Мероприятие\tСрок\tОтветственный\tРезультат\n"
        "Участие в региональных олимпиадах\n"
        "по математике\tоктябрь\tЗам. директора\tСписок участников\n"
        "Работа с родителями\n"
        "Собрание\tноябрь\tКлассные руководители\tПротокол\n"
    )
    plan = read_pasted(text)
    assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
        ("Мероприятия", ["Участие в региональных олимпиадах\nпо математике"]),
        ("Работа с родителями", ["Собрание"]),
    ]


def test_text_pasted_from_word_with_a_broken_header_and_every_row_broken() -> None:
    """«№⏎п/п» in the header and a broken cell in every row: the pieces of rows outnumbered the header, whose width
    was lost, and the rows fell apart."""
    text = (
        "№\n"
        "п/п\tНаименование мероприятий\tФорма отчёта\tОтветственные лица\tСрок\n"
        "1.\tПроведение педагогического совета\n"
        "по итогам полугодия\tПротокол\tРуководители ШМО\tянварь\n"
        "2.\tКурсы повышения квалификации\tУдостоверения\tКлассные руководители\n"
        "Зам. директора по УВР\tсентябрь 2024\n"
    )
    plan = read_pasted(text)
    assert summary(plan) == [
        ("1", "Проведение педагогического совета\nпо итогам полугодия", "январь", "Руководители ШМО"),
        ("2", "Курсы повышения квалификации", "сентябрь 2024", "Классные руководители\nЗам. директора по УВР"),
    ]
    assert plan.problems == [] and plan.errors == []


# ------------------------------------------------------------------------------------------ embedded books


def test_a_plan_pasted_into_word_as_an_excel_object_is_read_from_the_embedded_book() -> None:
    """Word shows a table pasted as «Лист Microsoft Excel» as a picture and keeps the book inside the document: «В
    файле не найдено таблицы с планом мероприятий»."""
    book = pf.xlsx_bytes(
        [
            ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
            ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."],
            ["2", "Педсовет", "октябрь", "Директор"],
        ]
    )
    content = pf.docx_with_embedded_book(["УТВЕРЖДАЮ", "План мероприятий"], book)
    plan = read_plan(content, "план.docx")
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова И.И."), ("2", "Педсовет", "октябрь", "Директор")]
    assert plan.problems == [] and plan.errors == []


def test_a_broken_embedded_book_leaves_the_documents_own_table() -> None:
    table = pf.Table([HEADER, ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."]])
    plan = read_plan(pf.docx_with_embedded_book([table], b"PK\x03\x04broken"), "план.docx")
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова И.И.")]
    with pytest.raises(PlanFileError) as error:
        read_plan(pf.docx_with_embedded_book(["Текст без таблицы"], b"PK\x03\x04broken"), "план.docx")
    assert error.value.code == "no_table"


# -------------------------------------------------------------------------------------------- packed rows


def test_several_activities_packed_as_lines_of_one_row_are_read_apart() -> None:
    """«1.⏎2.⏎3.» in the number cell beside three titles and three deadlines: one activity numbered «1.⏎2.⏎3»
    (an unusual number) with every title in it. A cell of one line (one responsible for all) stands for each."""
    table = pf.Table(
        [
            HEADER,
            ["1.\n2.\n3.", "Анализ ВПР\nПедсовет\nКурсы", "сентябрь\nоктябрь\nноябрь", "Зам. директора по УВР"],
            ["4.", "Собрание", "декабрь", "Классные руководители"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Зам. директора по УВР"),
        ("2", "Педсовет", "октябрь", "Зам. директора по УВР"),
        ("3", "Курсы", "ноябрь", "Зам. директора по УВР"),
        ("4", "Собрание", "декабрь", "Классные руководители"),
    ]
    assert [a.row for a in activities(plan)] == [2, 2, 2, 3]
    assert [p.detail for p in plan.problems] == [
        "Строка 2: мероприятия 1, 2, 3 записаны в одной строке таблицы и прочитаны по отдельности"
    ]


def test_a_title_of_two_lines_beside_one_number_stays_one_activity() -> None:
    table = pf.Table([HEADER, ["1.", "Анализ ВПР\nпо математике", "сентябрь\nоктябрь", "Иванова И.И."]])
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert summary(plan) == [("1", "Анализ ВПР\nпо математике", "сентябрь\nоктябрь", "Иванова И.И.")]


def test_a_word_table_with_the_same_width_but_other_columns_is_another_plan() -> None:
    """Two tables of four columns, the second heading «Мероприятие | Ответственный | Срок | Результат»: it was taken
    for the first one carried on after a page break, and its responsible were read as deadlines."""
    first = pf.Table(
        [["Мероприятие", "Срок", "Ответственный", "Результат"], ["Анализ ВПР", "сентябрь", "Иванова", "Справка"]]
    )
    second = pf.Table(
        [
            ["Мероприятие", "Ответственный", "Срок", "Результат"],
            ["Педсовет", "Директор", "октябрь", "Протокол"],
            ["Собрание", "Классные руководители", "ноябрь", "Протокол"],
        ]
    )
    plan = read_plan(pf.docx_bytes([first, second]), "план.docx")
    assert summary(plan) == [
        (None, "Педсовет", "октябрь", "Директор"),
        (None, "Собрание", "ноябрь", "Классные руководители"),
    ]
    assert codes(plan) == ["other_tables"]


# ------------------------------------------------------------------------------------ labels over the header


def test_spanning_labels_written_in_the_row_over_the_header() -> None:
    """«| | Сроки | | Ответственный | |» over «№ | Мероприятие | начало | окончание | ФИО | должность | Результат»
    (the single headers only in the lower row, nothing merged down): the name and the position of the responsible
    were extra columns and the activity had no responsible."""
    rows = [
        ["", "", "Сроки", "", "Ответственный", "", ""],
        ["№", "Мероприятие", "начало", "окончание", "ФИО", "должность", "Результат"],
        ["1", "Анализ ВПР", "01.09.2024", "15.09.2024", "Иванова И.И.", "зам. директора", "Справка"],
    ]
    for plan in (
        read_plan(pf.xlsx_bytes(rows, merges=["C1:D1", "E1:F1"]), "план.xlsx"),
        read_plan(pf.csv_bytes(rows), "план.csv"),
    ):
        assert pf.summary(plan) == [
            ("1", "Анализ ВПР", "01.09.2024 – 15.09.2024", "Иванова И.И., зам. директора", "Справка")
        ]
        assert list(plan.columns)[2:6] == [
            "Сроки (начало)",
            "Сроки (окончание)",
            "Ответственный (ФИО)",
            "Ответственный (должность)",
        ]
        assert plan.problems == [] and plan.errors == []


def test_a_line_over_the_header_naming_a_field_is_no_label_of_its_parts() -> None:
    rows = [
        ["Ожидаемые результаты реализации программы", "", "", ""],
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."],
    ]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert list(plan.columns.values()) == ["number", "title", "deadline", "responsible"]
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова И.И.")]


@pytest.mark.parametrize("mark", ["•", "–", "-"])
def test_bullets_in_the_number_column_mark_unnumbered_activities(mark: str) -> None:
    """«•» in every «№» cell: activities numbered «•», each an unusual number repeated from the row above."""
    rows = [HEADER, [mark, "Анализ ВПР", "сентябрь", "Иванова И.И."], [mark, "Педсовет", "октябрь", "Директор"]]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert summary(plan) == [
        (None, "Анализ ВПР", "сентябрь", "Иванова И.И."),
        (None, "Педсовет", "октябрь", "Директор"),
    ]
    assert plan.problems == []


def test_a_number_column_left_empty_in_every_row_raises_no_warning_per_row() -> None:
    """A template's «№ п/п» column never filled in: every activity had its own «нет номера» warning."""
    rows: list[list[str] | pf.Merged] = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
        ["", "Анализ ВПР", "сентябрь", "Иванова И.И."],
        ["", "Педсовет", "октябрь", "Директор"],
        ["", "Собрание", "ноябрь", "Классные руководители"],
    ]
    plan = read_plan(pf.docx_bytes([pf.Table(rows)]), "план.docx")
    assert [a.title for a in activities(plan)] == ["Анализ ВПР", "Педсовет", "Собрание"]
    assert plan.problems == [] and plan.errors == []


def test_the_list_of_those_who_read_the_plan_under_it_is_no_activity() -> None:
    """«С планом ознакомлены:» and the names with their lines to sign on in the last rows of the table: a section
    «С планом ознакомлены» of activities «Петрова А.А.», «Сидоров С.С.»."""
    rows: list[list[str]] = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."],
        ["2", "Ознакомление педагогов с результатами ВПР", "октябрь", "Директор"],
        ["", "С планом ознакомлены:", "", ""],
        ["", "Петрова А.А.", "________", ""],
        ["", "С.С. Сидоров", "________", ""],
    ]
    table = pf.Table(list[list[str] | pf.Merged](rows))
    for plan in (read_plan(pf.xlsx_bytes(rows), "план.xlsx"), read_plan(pf.docx_bytes([table]), "п.docx")):
        assert summary(plan) == [
            ("1", "Анализ ВПР", "сентябрь", "Иванова И.И."),
            ("2", "Ознакомление педагогов с результатами ВПР", "октябрь", "Директор"),
        ]
        assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
        assert plan.problems == [] and plan.errors == []


def test_a_number_column_under_the_activities_header() -> None:
    """«Мероприятия» merged over «№ | наименование»: the numbers were read as the titles and the titles as extra
    values."""
    rows = [
        ["Мероприятия", "", "Срок", "Ответственный"],
        ["№", "наименование", "", ""],
        ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."],
        ["2", "Педсовет", "октябрь", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["A1:B1", "C1:C2", "D1:D2"]), "план.xlsx")
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова И.И."), ("2", "Педсовет", "октябрь", "Директор")]
    assert list(plan.columns.values()) == ["number", "title", "deadline", "responsible"]
    assert plan.problems == [] and plan.errors == []


def test_labels_over_the_header_repeated_after_a_page_break_are_skipped() -> None:
    """The labels row repeated over the header on the next page was one more line of the deadline above."""
    labels = ["", "", "Сроки", "", ""]
    header = ["№", "Мероприятие", "начало", "окончание", "Ответственный"]
    rows = [
        labels,
        header,
        ["1", "Анализ ВПР", "01.09.2024", "10.09.2024", "Иванова И.И."],
        labels,
        header,
        ["2", "Педсовет", "01.10.2024", "10.10.2024", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert summary(plan) == [
        ("1", "Анализ ВПР", "01.09.2024 – 10.09.2024", "Иванова И.И."),
        ("2", "Педсовет", "01.10.2024 – 10.10.2024", "Директор"),
    ]
    assert plan.problems == []


def test_a_table_per_month_under_the_months_name() -> None:
    """A school plan in tables of a month each, the month's name over each, no deadline column: the first month's
    activities fell into «Мероприятия» without a deadline."""
    header = ["№", "Мероприятие", "Ответственный"]
    blocks: list[pf.Block] = [
        "План работы на 2024-2025 учебный год",
        "Сентябрь",
        pf.Table([header, ["1", "Анализ ВПР", "Зам. директора"], ["2", "Педсовет", "Директор"]]),
        "Октябрь",
        pf.Table([header, ["3", "Семинар", "Методист"]]),
    ]
    plan = read_plan(pf.docx_bytes(blocks), "план.docx")
    assert sections(plan) == [(None, "Сентябрь", ["1", "2"]), (None, "Октябрь", ["3"])]
    assert [a.deadline for a in activities(plan)] == ["Сентябрь", "Сентябрь", "Октябрь"]
    assert plan.problems == []


@pytest.mark.parametrize(
    ("weeks", "shown"), [(["1-2 нед.", "3-4 нед."], ["1-2 нед.", "3-4 нед."]), (["1", "2"], ["1", "2"])]
)
def test_a_plan_grid_of_months_split_into_weeks(weeks: list[str], shown: list[str]) -> None:
    """«Сентябрь» merged over «1-2 нед. | 3-4 нед.» (or «1 | 2»): the second week of each month was an extra column,
    the first a deadline naming no month (with «1 | 2» the weeks' row was an activity)."""
    rows = [
        ["№", "Мероприятие", "Ответственный", "Сентябрь", "", "Октябрь", ""],
        ["", "", "", *weeks, *weeks],
        ["1", "Педсовет", "Директор", "+", "", "", "+"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["D1:E1", "F1:G1", "A1:A2", "B1:B2", "C1:C2"]), "план.xlsx")
    assert summary(plan) == [("1", "Педсовет", f"сентябрь ({shown[0]}), октябрь ({shown[1]})", "Директор")]
    assert plan.problems == [] and plan.errors == []


def test_text_pasted_from_word_with_its_number_column_numbered_automatically() -> None:
    """Word copies a number it shows by itself as «1.» and a tab: every row was one field wider than the header, the
    titles landed in the deadline column and the import stopped on «нет названия»."""
    text = (
        "№ п/п\tМероприятие\tСрок\tОтветственный\n"
        "1.\t\tАнализ ВПР\tсентябрь\tИванова И.И.\n"
        "2.\t\tПедсовет\tоктябрь\tДиректор\n"
        "3.\t\tАнализ результатов\n"
        "ОГЭ\tиюнь\tЗам. директора\n"
    )
    plan = read_pasted(text)
    assert summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Иванова И.И."),
        ("2", "Педсовет", "октябрь", "Директор"),
        ("3", "Анализ результатов\nОГЭ", "июнь", "Зам. директора"),
    ]
    assert plan.problems == [] and plan.errors == []


def test_an_empty_title_after_a_number_in_pasted_text_stays_empty() -> None:
    plan = read_pasted(
        "№\tМероприятие\tСрок\tОтветственный\n1.\tАнализ ВПР\tсентябрь\tИванова\n2.\t\tоктябрь\tДиректор\n"
    )
    assert [(a.number, a.title, a.deadline) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "сентябрь"),
        ("2", "", "октябрь"),
    ]
    assert [e.code for e in plan.errors] == ["empty_title"]


def test_text_pasted_from_word_with_a_bulleted_title() -> None:
    """A title cell's bulleted paragraph came as «•» and a tab: the row was one field wider and the title was «•»."""
    plan = read_pasted(
        "№\tМероприятие\tСрок\tОтветственный\n1\t•\tАнализ ВПР\tсентябрь\tИванова\n2\tПедсовет\tоктябрь\tДиректор\n"
    )
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова"), ("2", "Педсовет", "октябрь", "Директор")]
    assert plan.problems == [] and plan.errors == []
