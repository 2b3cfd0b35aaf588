"""Plan tables of a sixth pass, read back from pasted text: a whole order pasted around its plan, with tables of other
widths before it (a 3-column table of directions, a 7-column table of indicators), and tables whose every row came
broken in two."""

from __future__ import annotations

import pytest

from services.roadmap.plan_import import read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, codes, sections
from tests.roadmap.plan_files import brief as summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


ORDER_HEAD = """УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО ОКРУГА

РАСПОРЯЖЕНИЕ

30 декабря 2020 года\t№ 23-р

Об утверждении муниципальной концепции (модели) поддержки школ с низкими результатами обучения

1. Утвердить муниципальную концепцию (модель) поддержки школ.
2. Контроль за исполнением настоящего распоряжения оставляю за собой.

Начальник управления образования\tЕ.В. Ореховская

МУНИЦИПАЛЬНАЯ КОНЦЕПЦИЯ (МОДЕЛЬ)
"""

DIRECTIONS = [
    ["Название мероприятия", "Необходимость включения мероприятия", "Условия успешной реализации мероприятия"],
    ["1", "2", "3"],
    ["Разработка муниципальной модели поддержки", "Наличие модели позволит", "Участие всех школ"],
    ["1", "2", "3"],
    ["Проведение идентификации школ", "Идентификация на основе критериев", "Открытость данных"],
    ["Введение дополнительных штатных должностей", "Многообразие факторов", "Финансирование"],
]

INDICATORS = [
    ["№ п/п", "Целевой показатель", "Факт", "Обязательства", "", "", ""],
    ["", "", "2019", "2020", "2021", "2022", "2023"],
    ["1.", "Доля муниципальных систем, в которых реализуются меры поддержки", "0", "0", "100", "100", "100"],
]


def whole_order_004() -> str:
    return "\n".join(
        [
            ORDER_HEAD,
            "Механизмы реализации концепции",
            pf.tsv(DIRECTIONS),
            "Целевые показатели",
            pf.tsv(INDICATORS),
            "План-график",
            pf.plan_004(),
            "Начальник управления образования\t\tЕ.В. Ореховская",
        ]
    )


def test_a_whole_order_pasted_around_its_plan_is_read_at_the_plans_width() -> None:
    """Three lines of a 7-column table outnumbered nothing but were the widest width two lines shared: the plan's
    4-column rows were glued in pairs to 7 fields, the «1 2 3 4» index row became an activity and the «2021 год»
    headings were lost. The width is now the one whose whole records cover most lines: the plan's."""
    plan = read_pasted(whole_order_004())
    assert sections(plan) == [
        (None, "2021 год", ["1.1", "1.4", "1.5"]),
        (None, "2022 год", ["2.1", "2.9"]),
        (None, "2023 год", ["3.1"]),
    ]
    first = activities(plan)[0]
    assert (first.deadline, first.title) == (
        "январь – февраль 2021 г.",
        "Разработка муниципальной концепции (модели) поддержки школ с низкими результатами обучения",
    )
    assert first.expected_result == "Разработана 1 муниципальная концепция"
    assert plan.errors == []


def test_the_plan_alone_reads_as_the_whole_order_does() -> None:
    assert summary(read_pasted(whole_order_004())) == summary(read_pasted(pf.plan_004()))


def test_a_plan_whose_every_row_is_broken_in_two_is_still_glued_to_the_headers_width() -> None:
    """Every row of a 5-column plan came as two lines of 3 fields (a deadline cell of two lines): the pieces share
    width 3 and outnumber the header, but the glued rows cover more lines, the header's too."""
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Результат"]
    lines = ["\t".join(header)]
    for n, (title, result) in enumerate([("Анализ ВПР", "Справка"), ("Педсовет", "Протокол"), ("Семинар", "План")]):
        lines += [f"{n + 1}.\t{title}\tсентябрь –", f"декабрь\tЗавуч\t{result}"]
    plan = read_pasted("\n".join(lines))
    assert [(*row, a.expected_result) for row, a in zip(summary(plan), activities(plan), strict=True)] == [
        ("1", "Анализ ВПР", "сентябрь –\nдекабрь", "Завуч", "Справка"),
        ("2", "Педсовет", "сентябрь –\nдекабрь", "Завуч", "Протокол"),
        ("3", "Семинар", "сентябрь –\nдекабрь", "Завуч", "План"),
    ]


PLAN_ROWS = [
    ["№", "Мероприятие", "Срок", "Ответственный"],
    *[[f"{n}.", f"Мероприятие {n}", "сентябрь", "Завуч"] for n in range(1, 7)],
]


def test_a_table_of_indicators_under_the_plan_is_no_part_of_it() -> None:
    """«№ п/п | Целевой показатель | Факт | Обязательства» under the plan (a whole order pasted, or a sheet holding
    both) was read on as the plan: «№ п/п» became an activity in a section «Показатели», the indicator another
    activity numbered 1 again. A header row of another table («№» first, no title column, columns no plan names)
    ends the plan."""
    text = pf.tsv(PLAN_ROWS) + "\n\nПоказатели\n" + pf.tsv(INDICATORS)
    sheet = [*PLAN_ROWS, [], ["Показатели"], *INDICATORS]
    for plan in (read_pasted(text), read_plan(pf.xlsx_bytes(sheet), "план.xlsx")):
        assert sections(plan) == [(None, "Мероприятия", ["1", "2", "3", "4", "5", "6"])]
        assert summary(plan) == [(str(n), f"Мероприятие {n}", "сентябрь", "Завуч") for n in range(1, 7)]
        assert "repeated_number" not in codes(plan) and "unusual_number" not in codes(plan)


def test_a_second_header_row_under_the_plans_header_cuts_nothing() -> None:
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "", "Ответственный"],
        ["№ п/п", "", "начало", "окончание", ""],
        ["1.", "Анализ ВПР", "сентябрь", "октябрь", "Завуч"],
        ["2.", "Педсовет", "ноябрь", "ноябрь", "Директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.number for a in activities(plan)] == ["1", "2"]
    assert [a.responsible for a in activities(plan)] == ["Завуч", "Директор"]


# ------------------------------------------------------------------------------------ exported sheets


EXPORTED = [
    ["МБОУ СОШ № 5", "", "", "", ""],
    ["План мероприятий по повышению качества образования на 2024-2025 учебный год", "", "", "", ""],
    ["Сформировано: 01.09.2024", "", "", "", ""],
    [],
    ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"],
    ["1", "Анализ ВПР", "сентябрь", "Завуч", "Справка"],
    ["2", "Итоговое собеседование по русскому языку", "февраль", "Учитель", "Протокол"],
    ["Итого", "2 мероприятия", "", "", ""],
    [],
    ["Директор", "", "", "И.И. Иванов", ""],
]


def test_an_exported_sheets_total_row_is_no_activity() -> None:
    """A sheet exported from a school system: merged title rows, the header on row 5 and «Итого | 2 мероприятия»
    under the rows. The total was an activity numbered «Итого»."""
    for plan in (
        read_plan(pf.xlsx_bytes(EXPORTED, merges=["A1:E1", "A2:E2"]), "план.xlsx"),
        read_pasted(pf.tsv(EXPORTED)),
    ):
        assert summary(plan) == [
            ("1", "Анализ ВПР", "сентябрь", "Завуч"),
            ("2", "Итоговое собеседование по русскому языку", "февраль", "Учитель"),
        ]
        assert "unusual_number" not in codes(plan)


@pytest.mark.parametrize("total", ["ИТОГО:", "Всего по разделу 1", "Итого по плану"])
def test_total_rows_are_skipped_in_every_spelling(total: str) -> None:
    rows = [EXPORTED[4], EXPORTED[5], [total, "", "", "", "1"], EXPORTED[6]]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2"]
