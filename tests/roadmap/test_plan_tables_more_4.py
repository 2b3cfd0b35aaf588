"""Plan tables of a fifth pass, built as real files and read back: a numbered section row with its own deadline and
responsible, a whole order pasted with every cell on a line of its own, «Ожидаемые результаты:» under a table, a
table converted from PDF whose continuation has a column split in two, indicators beside the expected result."""

from __future__ import annotations

import pytest

from services.roadmap.plan_import import PlanFileError, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, codes, sections
from tests.roadmap.plan_files import brief as summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

HEADER = ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"]


# ------------------------------------------------------------------------------------ numbered section rows


SECTION_ROWS = [
    HEADER,
    ["1.", "Организационные мероприятия", "2024", "Директор", ""],
    ["1.1.", "Приказ о рабочей группе", "", "", "Приказ"],
    ["1.2.", "План работы группы", "октябрь 2024", "Заместитель директора", "План"],
    ["2.", "Работа с педагогами", "", "", ""],
    ["2.1.", "Курсы повышения квалификации", "в течение года", "Методист", "Удостоверения"],
]


def test_a_numbered_section_row_with_its_deadline_and_responsible_passes_them_to_its_items() -> None:
    """«1. | Организационные мероприятия | 2024 | Директор» over 1.1, 1.2 was an activity «1» in a section
    «Мероприятия» while «2. Работа с педагогами» was a section. It is a section now, and 1.1, which names no deadline
    and no responsible of its own, takes the section's."""
    for plan in (
        read_plan(pf.docx_bytes([pf.Table([*SECTION_ROWS])]), "план.docx"),
        read_plan(pf.xlsx_bytes(SECTION_ROWS), "план.xlsx"),
        read_pasted(pf.tsv(SECTION_ROWS)),
    ):
        assert sections(plan) == [
            ("1", "Организационные мероприятия", ["1.1", "1.2"]),
            ("2", "Работа с педагогами", ["2.1"]),
        ]
        assert summary(plan) == [
            ("1.1", "Приказ о рабочей группе", "2024", "Директор"),
            ("1.2", "План работы группы", "октябрь 2024", "Заместитель директора"),
            ("2.1", "Курсы повышения квалификации", "в течение года", "Методист"),
        ]
        assert plan.problems == [] and plan.errors == []


def test_a_section_rows_deadline_alone_is_passed_to_items_without_one() -> None:
    rows = [HEADER[:4], ["1.", "Организационные мероприятия", "сентябрь 2024", ""], ["1.1.", "Приказ", "", "Директор"]]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [("1", "Организационные мероприятия", ["1.1"])]
    assert summary(plan) == [("1.1", "Приказ", "сентябрь 2024", "Директор")]


def test_a_section_responsible_no_item_takes_is_named_by_a_problem() -> None:
    rows = [
        HEADER,
        ["1.", "Организационные мероприятия", "2024", "Директор", ""],
        ["1.1.", "Приказ", "август", "Завуч", "Приказ"],
        ["1.2.", "План", "сентябрь", "Завуч", "План"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert sections(plan) == [("1", "Организационные мероприятия", ["1.1", "1.2"])]
    assert [a.responsible for a in activities(plan)] == ["Завуч", "Завуч"]
    assert [(p.code, p.row) for p in plan.problems] == [("section_responsible", 2)]
    assert "Директор" in plan.problems[0].detail


@pytest.mark.parametrize(
    "row",
    [
        ["1.", "Организационные мероприятия", "2024", "Директор", "Приказ"],  # a result: an activity with sub-items
        ["1.", "Приказ о рабочей группе", "2024", "Директор", ""],  # no sub-items: an activity
    ],
)
def test_a_numbered_row_with_a_result_or_without_sub_items_stays_an_activity(row: list[str]) -> None:
    following = ["1.1.", "Проект приказа", "август", "Завуч", ""] if row[4] else ["2.", "План", "", "Завуч", ""]
    plan = read_pasted(pf.tsv([HEADER, row, following]))
    assert [a.number for a in activities(plan)] == ["1", following[0].rstrip(".")]
    assert activities(plan)[0].responsible == "Директор"


# ------------------------------------------------------------------------------------ pasted nonsense


ORDER_TEXT = """РАСПОРЯЖЕНИЕ
14.04.2020 № 414
Об утверждении плана действий по повышению качества образования
""" + "".join(
    f"\t{line}\n"
    for line in """\
№ п/п
Мероприятия
Срок
Ответственные
Ожидаемые результаты
1.
Организационно-нормативная деятельность
1.1.
Формирование списка образовательных организаций, показавших низкие результаты
Апрель
Управление образования
Сформирован список
1.2.
Подготовка карт самообследования ОО
Апрель - май
ОО, Управление образования
Установлены факторы
1.3.
Формирование школьных команд
Апрель - май
ОО
Составлены школьные команды
1.4.
Разработка школьных программ
Июнь
ОО, МБУ ГЦОКО
Составлены программы
""".splitlines()
)


def test_an_order_pasted_with_every_cell_on_its_own_line_is_refused_clearly() -> None:
    """Text copied from a PDF or a web page holds each cell on a line of its own: read as a table, the responsible
    bodies landed in the «№» column and the results became sections. Such a reading is refused."""
    with pytest.raises(PlanFileError) as error:
        read_pasted(ORDER_TEXT)
    assert error.value.code in {"unreadable_file", "header_not_found"}


def test_a_table_read_with_the_bodies_in_the_number_column_is_refused() -> None:
    """The cells of each row fell on two lines: «1.1 | Формирование списка», then «Управление образования | Апрель».
    Half the activities were numbered «Управление образования», «ОО»: a nonsense plan with warnings."""
    rows = [
        HEADER[:4],
        ["1.1", "Формирование списка школ", "", ""],
        ["Управление образования", "Апрель", "", ""],
        ["1.2", "Карты самообследования", "", ""],
        ["ОО", "Апрель - май", "", ""],
        ["1.3", "Школьные команды", "", ""],
        ["ОО, МБУ ГЦОКО", "Июнь", "", ""],
    ]
    for read in (lambda: read_pasted(pf.tsv(rows)), lambda: read_plan(pf.xlsx_bytes(rows), "план.xlsx")):
        with pytest.raises(PlanFileError) as error:
            read()
        assert error.value.code == "unreadable_file"
        assert "отдельной строкой" in error.value.detail


def test_the_seed_order_pasted_whole_is_refused_clearly() -> None:
    from pathlib import Path

    seed = Path("/work/shared/seeds/001_5bf1372fd9bff1e5.txt")
    if not seed.exists():
        pytest.skip("seed not available")
    with pytest.raises(PlanFileError) as error:
        read_pasted(seed.read_text(encoding="utf-8"))
    assert error.value.code in {"unreadable_file", "header_not_found"}


def test_a_plan_with_a_few_odd_numbers_is_still_read() -> None:
    rows = [
        HEADER[:4],
        ["1", "Анализ ВПР", "сентябрь", "Завуч"],
        ["ОО", "Педсовет", "октябрь", "Директор"],
        ["3", "Семинар", "ноябрь", "Методист"],
        ["4", "Курсы", "декабрь", "Методист"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.number for a in activities(plan)] == ["1", "ОО", "3", "4"]
    assert "unusual_number" in codes(plan)


# ------------------------------------------------------------------------------------ results under a table


TABLE = pf.Table(
    [
        HEADER,
        ["1.", "Анализ результатов ВПР", "сентябрь", "Заместитель директора", "Справка"],
        ["2.", "Педагогический совет", "октябрь", "Директор", "Протокол"],
    ]
)


def test_expected_results_listed_under_the_table_are_the_planned_results() -> None:
    """«Ожидаемые результаты:» under a table was not read; only «Планируемые результаты» was."""
    blocks: list[pf.Block] = [
        "Дорожная карта",
        TABLE,
        "Ожидаемые результаты:",
        "– повышение качества обучения;",
        "– снижение доли неуспевающих обучающихся.",
        "",
        "Директор школы ______ И.И. Иванов",
    ]
    plan = read_plan(pf.docx_bytes(blocks), "карта.docx")
    assert [s.planned_results for s in plan.sections] == [
        ["повышение качества обучения", "снижение доли неуспевающих обучающихся"]
    ]
    assert [a.number for a in activities(plan)] == ["1", "2"]


def test_expected_results_named_with_more_words_before_the_colon() -> None:
    blocks: list[pf.Block] = [TABLE, "Ожидаемые результаты реализации программы: повышение качества обучения"]
    plan = read_plan(pf.docx_bytes(blocks), "карта.docx")
    assert plan.sections[0].planned_results == ["повышение качества обучения"]


def test_an_expected_results_row_merged_across_the_table() -> None:
    table = pf.Table(
        [
            HEADER,
            pf.Merged("Раздел 1. Работа с педагогами"),
            ["1.1.", "Курсы", "2024", "Методист", "Удостоверения"],
            pf.Merged("Ожидаемые результаты: 100% педагогов прошли курсы"),
            pf.Merged("Раздел 2. Работа с родителями"),
            ["2.1.", "Собрания", "ежеквартально", "Классные руководители", "Протоколы"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "карта.docx")
    assert sections(plan) == [
        ("1", "Работа с педагогами", ["1.1"]),
        ("2", "Работа с родителями", ["2.1"]),
    ]
    assert plan.sections[0].planned_results == ["100% педагогов прошли курсы"]
    assert plan.sections[1].planned_results == []


# ------------------------------------------------------------------------------------ tables converted from PDF


FIRST_PART = pf.Table(
    [
        HEADER,
        ["1.", "Анализ ВПР", "сентябрь", "Завуч", "Справка"],
        ["2.", "Педсовет", "октябрь", "Директор", "Протокол"],
    ]
)


@pytest.mark.parametrize(
    "rows",
    [
        [  # the title column split in two: the text now in one part, now in the other
            ["3.", "Курсы ПК", "", "ноябрь", "Методист", "Удостоверения"],
            ["4.", "", "Семинар", "декабрь", "Завуч", "Материалы"],
            ["5.", "Открытые уроки", "", "январь", "Учителя", "Анализ уроков"],
        ],
        [  # an empty column more after the deadline
            ["3.", "Курсы ПК", "ноябрь", "", "Методист", "Удостоверения"],
            ["4.", "Семинар", "декабрь", "", "Завуч", "Материалы"],
            ["5.", "Открытые уроки", "январь", "", "Учителя", "Анализ уроков"],
        ],
    ],
)
def test_a_continuation_converted_from_pdf_with_a_column_split_in_two_carries_on(rows: list[list[str]]) -> None:
    """The part after the page break has one column more: it was not joined, three activities were lost."""
    plan = read_plan(pf.docx_bytes([FIRST_PART, "", pf.Table([*rows])]), "план.docx")
    assert pf.summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"),
        ("2", "Педсовет", "октябрь", "Директор", "Протокол"),
        ("3", "Курсы ПК", "ноябрь", "Методист", "Удостоверения"),
        ("4", "Семинар", "декабрь", "Завуч", "Материалы"),
        ("5", "Открытые уроки", "январь", "Учителя", "Анализ уроков"),
    ]
    assert plan.problems == []


def test_a_wider_table_with_texts_side_by_side_after_the_plan_is_not_joined() -> None:
    other = pf.Table(
        [
            ["1", "МБОУ СОШ № 1", "Иванова И.И.", "89001234567", "ivanova@mail.ru", "куратор"],
            ["2", "МБОУ СОШ № 2", "Петрова П.П.", "89007654321", "petrova@mail.ru", "куратор"],
        ]
    )
    plan = read_plan(pf.docx_bytes([FIRST_PART, "Контакты кураторов", other]), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2"]


# ------------------------------------------------------------------------------------ indicators and results


RISK_ROWS = [
    ["Программа антирисковых мер по направлению «Низкое качество преподавания»"],
    ["Задача", "Мероприятие", "Сроки", "Ответственные", "Показатели", "Ожидаемый результат"],
    ["Повысить квалификацию учителей", "Курсы ПК", "2024", "Завуч", "доля педагогов 100%", "Повышение квалификации"],
    ["", "Семинар", "октябрь", "Методист", "не менее 2 семинаров", "Материалы семинара"],
    ["Организовать наставничество", "Пары наставник-наставляемый", "сентябрь", "Директор", "8 пар", "Приказ"],
]


def test_indicators_beside_the_expected_result_stay_an_extra_value() -> None:
    """«Показатели | Ожидаемый результат»: the indicators were the expected result and the expected result an
    extra value."""
    for plan in (
        read_plan(pf.xlsx_bytes(RISK_ROWS, merges=["A1:F1", "A3:A4"]), "программа.xlsx"),
        read_plan(pf.csv_bytes(RISK_ROWS), "программа.csv"),
    ):
        assert plan.columns["Показатели"] == "extra"
        assert plan.columns["Ожидаемый результат"] == "expected_result"
        assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
            ("Повысить квалификацию учителей", ["Курсы ПК", "Семинар"]),
            ("Организовать наставничество", ["Пары наставник-наставляемый"]),
        ]
        assert [(a.expected_result, a.extra) for a in activities(plan)] == [
            ("Повышение квалификации", {"Показатели": "доля педагогов 100%"}),
            ("Материалы семинара", {"Показатели": "не менее 2 семинаров"}),
            ("Приказ", {"Показатели": "8 пар"}),
        ]
        assert plan.problems == []


def test_indicators_alone_are_still_the_expected_result() -> None:
    plan = read_pasted(pf.tsv([["№", "Мероприятие", "Сроки", "Показатели"], ["1", "Курсы", "2024", "100%"]]))
    assert plan.columns["Показатели"] == "expected_result"
    assert activities(plan)[0].expected_result == "100%"


# ------------------------------------------------------------------------------------ more layouts


def test_a_sub_item_whose_result_repeats_its_title_is_no_heading() -> None:
    """«1.2. | План | | | План» (the result named like the activity) was taken for a title merged across the row: a
    section «1.2 План» without activities, and the activity was lost."""
    table = pf.Table(
        [
            HEADER,
            ["1.1.", "Приказ", "август", "Завуч", "Приказ"],
            ["1.2.", "План", "сентябрь", "Завуч", "План"],
            ["2.", "Мониторинг", "", "", ""],
            ["2.1.", "ВПР", "апрель", "Завуч", "Справка"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1.1", "1.2"]), ("2", "Мониторинг", ["2.1"])]
    assert pf.summary(plan)[1] == ("1.2", "План", "сентябрь", "Завуч", "План")


def test_a_merged_numbered_heading_is_still_a_section() -> None:
    table = pf.Table(
        [
            HEADER,
            pf.Merged("1.1. Работа с педагогами", first=0),
            ["1.1.1.", "Курсы", "2024", "Методист", "Удостоверения"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [a.number for a in activities(plan)] == ["1.1.1"]
    assert plan.sections[-1].title.endswith("Работа с педагогами")


def test_a_section_responsible_merged_down_over_its_items_raises_no_problem() -> None:
    rows = [
        HEADER,
        ["1.", "Организационные мероприятия", "2024", "Директор", ""],
        ["1.1.", "Приказ", "август", "", "Приказ"],
        ["1.2.", "План", "сентябрь", "", "План"],
    ]
    for plan in (
        read_plan(pf.xlsx_bytes(rows, merges=["D2:D4"]), "план.xlsx"),
        read_plan(pf.docx_bytes([pf.Table([*rows], vmerge=[(3, 1, 3)])]), "план.docx"),
    ):
        assert sections(plan) == [("1", "Организационные мероприятия", ["1.1", "1.2"])]
        assert summary(plan) == [("1.1", "Приказ", "август", "Директор"), ("1.2", "План", "сентябрь", "Директор")]
        assert plan.problems == []


def test_an_anti_risk_programme_with_its_goal_tasks_and_numbered_expected_results() -> None:
    """«Цель: …», «Задачи:» and its list over the table, «Ожидаемые результаты:» numbered under it: the tasks column
    makes the sections, the results lose their list numbers, nothing over the table is an activity."""
    header = [
        "№ п/п",
        "Задачи",
        "Мероприятия, направленные на снижение риска",
        "Сроки реализации",
        "Ответственные",
        "Показатели",
        "Ожидаемый результат",
    ]
    table = pf.Table(
        [
            header,
            ["1.", "Повысить квалификацию", "Курсы", "2024", "Завуч", "100%", "Повышение"],
            ["2.", "", "Семинар", "октябрь", "Методист", "2 семинара", "Материалы"],
            ["3.", "Наставничество", "Пары наставник-наставляемый", "сентябрь", "Директор", "8 пар", "Приказ"],
        ],
        vmerge=[(1, 1, 2)],
    )
    blocks: list[pf.Block] = [
        "Программа антирисковых мер по направлению «Низкое качество преподавания»",
        "Цель: повышение качества преподавания",
        "Задачи:",
        "1. Повысить квалификацию",
        "2. Наставничество",
        table,
        "Ожидаемые результаты:",
        "1. Повышение качества преподавания.",
        "2) Рост результатов ВПР.",
    ]
    plan = read_plan(pf.docx_bytes(blocks), "программа.docx")
    assert sections(plan) == [(None, "Повысить квалификацию", ["1", "2"]), (None, "Наставничество", ["3"])]
    assert plan.sections[-1].planned_results == ["Повышение качества преподавания", "Рост результатов ВПР"]
    assert [a.extra for a in activities(plan)] == [{"Показатели": v} for v in ("100%", "2 семинара", "8 пар")]
    assert plan.problems == []


def test_a_section_rows_deadline_merged_over_the_responsible_column_is_only_the_deadline() -> None:
    table = pf.Table(
        [
            HEADER,
            pf.Merged("В течение года", first=2, last=3, cells={0: "1.", 1: "Организационная работа"}),
            ["1.1", "Приказ", "", "", "Приказ"],
            ["1.2", "План", "сентябрь", "Завуч", "План"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [("1", "Организационная работа", ["1.1", "1.2"])]
    assert summary(plan) == [("1.1", "Приказ", "В течение года", ""), ("1.2", "План", "сентябрь", "Завуч")]


@pytest.mark.parametrize(
    "rows",
    [
        [  # the header and its «1 2 3» row repeated, split too
            ["№", "Мероприятие", "", "Срок", "Ответственный", "Ожидаемый результат"],
            ["1", "2", "", "3", "4", "5"],
            ["3.", "Курсы ПК", "", "ноябрь", "Методист", "Удостоверения"],
            ["4.", "", "Семинар", "декабрь", "Завуч", "Материалы"],
        ],
        [  # the split in the responsible column
            ["3.", "Курсы ПК", "ноябрь", "Методист", "", "Удостоверения"],
            ["4.", "Семинар", "декабрь", "", "Завуч", "Материалы"],
        ],
    ],
)
def test_a_split_continuation_with_its_header_or_split_elsewhere_carries_on(rows: list[list[str]]) -> None:
    plan = read_plan(pf.docx_bytes([FIRST_PART, pf.Table([*rows])]), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3", "4"]
    assert pf.summary(plan)[2:] == [
        ("3", "Курсы ПК", "ноябрь", "Методист", "Удостоверения"),
        ("4", "Семинар", "декабрь", "Завуч", "Материалы"),
    ]


def test_a_split_continuation_opening_with_a_section_row() -> None:
    rows: list[list[str] | pf.Merged] = [
        pf.Merged("2. Работа с педагогами"),
        ["2.1.", "Курсы ПК", "", "ноябрь", "Методист", "Удостоверения"],
        ["2.2.", "", "Семинар", "декабрь", "Завуч", "Материалы"],
    ]
    plan = read_plan(pf.docx_bytes([FIRST_PART, pf.Table(rows)]), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1", "2"]), ("2", "Работа с педагогами", ["2.1", "2.2"])]


def test_a_number_excel_kept_as_a_decimal_drops_no_zero() -> None:
    """«1.10» typed in a number cell is the number 1.1 to Excel: it read as a second «1.1» (`repeated_number`)."""
    rows: list[list[object]] = [["№", "Мероприятие", "Срок", "Ответственный"], [1, "Организационная работа"]]
    rows += [[float(f"1.{n}"), f"Мероприятие {n}", "2024", "Завуч"] for n in range(1, 13)]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.number for a in activities(plan)] == [f"1.{n}" for n in range(1, 13)]
    assert [a.title for a in activities(plan)][9] == "Мероприятие 10"
    assert plan.problems == []


def test_a_number_going_back_is_still_named_as_repeated() -> None:
    rows = [HEADER[:4], ["1.1", "Анализ", "2024", "Завуч"], ["1.2", "Педсовет", "2024", "Завуч"]]
    rows += [["1.1", "Курсы", "2024", "Завуч"]]
    plan = read_pasted(pf.tsv(rows))
    assert [a.number for a in activities(plan)] == ["1.1", "1.2", "1.1"]
    assert codes(plan) == ["repeated_number"]


@pytest.mark.parametrize(
    "header",
    [
        ["№ п/п", "Основные действия", "Временные рамки", "Ответственные", "Планируемый результат"],
        ["№", "Действия", "Когда", "Кто отвечает", "Результат"],
        ["№ п/п", "Наименование мероприятий (действий)", "Срок выполнения", "Ответственные за исполнение", "Результат"],
    ],
)
def test_more_header_words(header: list[str]) -> None:
    plan = read_pasted(pf.tsv([header, ["1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"]]))
    assert list(plan.columns.values()) == ["number", "title", "deadline", "responsible", "expected_result"]
    assert pf.summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Завуч", "Справка")]


def test_a_section_row_numbered_in_its_title_cell_with_its_deadline_and_responsible() -> None:
    """«1. Организационные мероприятия» written in the title cell (or merged over «№» and the title) with «2024 |
    Директор» beside it was an activity «1» over 1.1, 1.2."""
    rows: list[list[str] | pf.Merged] = [
        HEADER,
        ["", "1. Организационные мероприятия", "2024", "Директор", ""],
        ["1.1.", "Приказ", "", "", "Приказ"],
        ["1.2.", "План", "октябрь", "Завуч", "План"],
    ]
    merged = pf.Merged("1. Организационные мероприятия", first=0, last=1, cells={2: "2024", 3: "Директор"})
    for plan in (
        read_pasted(pf.tsv([r for r in rows if isinstance(r, list)])),
        read_plan(pf.docx_bytes([pf.Table([rows[0], merged, *rows[2:]])]), "план.docx"),
    ):
        assert sections(plan) == [("1", "Организационные мероприятия", ["1.1", "1.2"])]
        assert summary(plan) == [("1.1", "Приказ", "2024", "Директор"), ("1.2", "План", "октябрь", "Завуч")]
        assert plan.problems == []


def test_capital_letters_in_the_number_column_beside_a_title_alone_are_sections() -> None:
    """«А. | Организационная работа» was an activity numbered «А» (`unusual_number`)."""
    rows = [
        HEADER[:4],
        ["А.", "Организационная работа", "", ""],
        ["1.", "Приказ", "август", "Директор"],
        ["Б.", "Работа с педагогами", "", ""],
        ["2.", "Курсы", "2024", "Методист"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [(None, "А. Организационная работа", ["1"]), (None, "Б. Работа с педагогами", ["2"])]
    assert plan.problems == []


def test_a_marked_section_rows_period_is_the_deadline_of_its_rows_without_one() -> None:
    rows = [
        HEADER[:4],
        ["Раздел 1.", "Организационная работа", "2024", ""],
        ["1.1.", "Приказ", "август", "Директор"],
        ["Раздел 2.", "Работа с педагогами", "2024-2025", ""],
        ["2.1.", "Курсы", "", "Методист"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [
        ("1", "Организационная работа", ["1.1"]),
        ("2", "Работа с педагогами", ["2.1"]),
    ]
    assert summary(plan) == [("1.1", "Приказ", "август", "Директор"), ("2.1", "Курсы", "2024-2025", "Методист")]


@pytest.mark.parametrize(
    "after",
    [
        [
            "Ожидаемые результаты:",
            "– повышение качества обучения;",
            "– снижение доли неуспевающих.",
            "Начальник управления образования                 А.А. Петров",
            "Исп. Петрова А.А., тел. 2-23-05",
        ],
        [
            "Ожидаемые результаты: повышение качества обучения; снижение доли неуспевающих.",
            "Контроль за исполнением настоящего приказа оставляю за собой.",
            "Директор ________ И.И. Иванов",
        ],
        [
            "Планируемые результаты:",
            "1. Повышение качества обучения.",
            "2. Снижение доли неуспевающих.",
            "Директор школы",
        ],
    ],
)
def test_the_text_after_a_list_of_results_under_the_table_is_no_result(after: list[str]) -> None:
    """A signature or the order's last words right under the list (no empty line between) were planned results."""
    plan = read_plan(pf.docx_bytes([TABLE, *after]), "карта.docx")
    results = plan.sections[-1].planned_results
    assert results in (
        ["повышение качества обучения", "снижение доли неуспевающих"],
        ["повышение качества обучения; снижение доли неуспевающих"],
        ["Повышение качества обучения", "Снижение доли неуспевающих"],
    )


def test_results_written_one_per_paragraph_without_marks_are_all_taken() -> None:
    after = ["Ожидаемые результаты:", "Повышение качества обучения.", "Снижение доли неуспевающих.", ""]
    plan = read_plan(pf.docx_bytes([TABLE, *after, "Директор ____ И.И. Иванов"]), "карта.docx")
    assert plan.sections[-1].planned_results == ["Повышение качества обучения", "Снижение доли неуспевающих"]


def test_a_table_read_with_numbers_and_dates_in_the_title_column_is_refused() -> None:
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["1", "Анализ ВПР", "сентябрь"],
        ["01.09.2024", "Завуч", ""],
        ["2", "Педсовет", "октябрь"],
        ["3", "Директор", ""],
    ]
    with pytest.raises(PlanFileError) as error:
        read_pasted(pf.tsv(rows))
    assert error.value.code == "unreadable_file"
