"""Plan tables of a ninth pass: a title wrapped onto a line of its own that starts with a capital, a row written again
but for a wrapped responsible, the Word table left out named by the paragraph over it, «№1» in the number column,
plain numbers after sub-items, English and hyphenated headers, sums as Excel shows them; and shapes that already read
right, pinned: two Word tables repeating the header, a merged «Задачи» column, the responsible before the title, start
and end dates in two columns, hidden columns, a title block over the header, CSV in cp1251, text pasted from Excel."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, brief, codes, sections

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
DEPUTY = "Заместитель директора по УВР"


def both(rows: list[list[Any]]) -> list[ImportedPlan]:
    """The same rows pasted as text, saved as a sheet and as a Word table (one row of the file each)."""
    texts = [[str(c) for c in r] for r in rows]
    return [
        read_pasted(pf.tsv(texts)),
        read_plan(pf.xlsx_bytes(rows), "план.xlsx"),
        read_plan(pf.docx_bytes([pf.Table(list[list[str] | pf.Merged](texts))]), "план.docx"),
    ]


def problem(plan: ImportedPlan, code: str) -> list[tuple[int | None, str]]:
    return [(p.row, p.detail) for p in plan.problems if p.code == code]


# ------------------------------------------------------------------------------------ a title wrapped onto its line


def test_a_title_cut_after_an_adjective_goes_on_on_the_line_under_it() -> None:
    """«Мониторинг качества предметных» ⏎ «Образовательных результатов» (no «№» merged over both) made a section
    «Образовательных результатов» and left the activity's title cut."""
    rows = [
        HEADER,
        ["1", "Мониторинг качества предметных", "сентябрь", DEPUTY],
        ["", "Образовательных результатов", "", ""],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    for plan in both(rows):
        assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
        assert brief(plan) == [
            (
                "1",
                "Мониторинг качества предметных Образовательных результатов",
                "сентябрь",
                "Заместитель директора по УВР",
            ),
            ("2", "Педагогический совет", "октябрь", "Директор"),
        ]
        assert problem(plan, "continued_row") == [
            (3, "Строка 3 продолжает мероприятие «1» (перенос строки таблицы) и объединена с ним")
        ]


def test_a_line_opening_with_an_adjective_in_an_oblique_case_goes_on_with_the_title() -> None:
    """«Анализ результатов» ended with a noun, but «Педагогического совета» is no heading's first words."""
    rows = [
        HEADER,
        ["1", "Анализ решений", "сентябрь", "Директор"],
        ["", "Педагогического совета", "", ""],
        ["2", "Семинар для учителей", "октябрь", "Руководитель ШМО"],
    ]
    for plan in both(rows):
        assert brief(plan) == [
            ("1", "Анализ решений Педагогического совета", "сентябрь", "Директор"),
            ("2", "Семинар для учителей", "октябрь", "Руководитель ШМО"),
        ]
        assert len(plan.sections) == 1


def test_a_wrapped_sub_item_title_after_a_feminine_adjective_goes_on() -> None:
    """«Организация работы школьной» ⏎ «Службы медиации» between 1.1 and 1.2 was a section «Службы медиации»."""
    rows = [
        HEADER,
        ["1.1", "Организация работы школьной", "сентябрь", "Директор"],
        ["", "Службы медиации", "", ""],
        ["1.2", "Педагогический совет", "октябрь", "Директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [(None, "Мероприятия", ["1.1", "1.2"])]
    assert activities(plan)[0].title == "Организация работы школьной Службы медиации"


def test_a_wrapped_title_in_a_plan_without_numbers_goes_on() -> None:
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Мониторинг качества предметных", "сентябрь", "Директор"],
        ["Образовательных результатов", "", ""],
        ["Педагогический совет", "октябрь", "Директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert brief(plan) == [
        (None, "Мониторинг качества предметных Образовательных результатов", "сентябрь", "Директор"),
        (None, "Педагогический совет", "октябрь", "Директор"),
    ]


def test_a_title_wrapped_over_three_lines_ending_with_the_classes_is_one_title() -> None:
    """The third line «5–9 классов» (a count and a word in lower case) was a section."""
    rows = [
        HEADER,
        ["1", "Мониторинг качества предметных", "сентябрь", DEPUTY],
        ["", "Образовательных результатов обучающихся", "", ""],
        ["", "5–9 классов", "", ""],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    for plan in both(rows):
        assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
        assert activities(plan)[0].title == (
            "Мониторинг качества предметных Образовательных результатов обучающихся 5–9 классов"
        )
        assert [row for row, _ in problem(plan, "continued_row")] == [3, 4]


def test_a_wrapped_line_over_a_section_heading_merged_across_goes_on_with_the_title() -> None:
    """«Образовательных результатов» over «Раздел 2. …» merged across the Word table was an empty section: the heading
    filling the «№» cell hid that the numbering goes on under it."""
    rows: list[list[str] | pf.Merged] = [
        HEADER,
        ["1", "Мониторинг качества предметных", "сентябрь", DEPUTY],
        ["", "Образовательных результатов", "", ""],
        pf.Merged("Раздел 2. Работа с родителями"),
        ["2", "Родительское собрание", "октябрь", "Классные руководители"],
    ]
    plan = read_plan(pf.docx_bytes([pf.Table(rows)]), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1"]), ("2", "Работа с родителями", ["2"])]
    assert activities(plan)[0].title == "Мониторинг качества предметных Образовательных результатов"


def test_a_row_split_by_a_page_break_goes_on_in_its_title_and_its_responsible() -> None:
    """The second Word table repeats the header, then the rest of activity 2: «Образовательных результатов | |
    директора по УВР». It was an activity without a number titled «Образовательных результатов»."""
    first = pf.Table(
        [
            HEADER,
            ["1", "Анализ ВПР", "сентябрь", "Директор"],
            ["2", "Мониторинг качества предметных", "октябрь", "Заместитель"],
        ]
    )
    second = pf.Table(
        [
            HEADER,
            ["", "Образовательных результатов", "", "директора по УВР"],
            ["3", "Семинар для учителей", "ноябрь", "Руководитель ШМО"],
        ]
    )
    plan = read_plan(pf.docx_bytes([first, second]), "план.docx")
    assert brief(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Директор"),
        ("2", "Мониторинг качества предметных Образовательных результатов", "октябрь", DEPUTY),
        ("3", "Семинар для учителей", "ноябрь", "Руководитель ШМО"),
    ]
    assert codes(plan) == ["continued_row"]


def test_a_result_cut_after_an_adjective_goes_on_on_the_same_line() -> None:
    """«Повышение качества предметных» ⏎ «Результатов» in the result column was joined as two lines; a second person
    under the responsible stays a line of its own."""
    rows = [
        [*HEADER, "Ожидаемый результат"],
        ["1", "Анализ ВПР", "сентябрь", "Директор", "Повышение качества предметных"],
        ["", "", "", "", "Результатов обучающихся"],
        ["", "", "", "Петрова А.А., руководитель ШМО", ""],
        ["2", "Педагогический совет", "октябрь", "Директор", "Решение педсовета"],
    ]
    for plan in both(rows):
        assert [(a.responsible, a.expected_result) for a in activities(plan)] == [
            ("Директор\nПетрова А.А., руководитель ШМО", "Повышение качества предметных Результатов обучающихся"),
            ("Директор", "Решение педсовета"),
        ]


def test_a_heading_under_a_whole_title_stays_a_heading_though_the_numbers_go_on() -> None:
    """Pins the rule's limit (read so before): the title above ends with a noun, the heading is in the nominative."""
    rows = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Директор"],
        ["", "Организационные мероприятия", "", ""],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    for plan in both(rows):
        assert sections(plan) == [(None, "Мероприятия", ["1"]), (None, "Организационные мероприятия", ["2"])]
        assert "continued_row" not in codes(plan)


def test_a_heading_after_an_adjective_stays_a_heading_when_the_numbering_starts_anew() -> None:
    """Pins the rule's limit: «1» under the line is no carrying on of the numbering, so the line heads its rows."""
    rows = [
        HEADER,
        ["1", "Проведение заседаний методических", "сентябрь", "Директор"],
        ["", "Работа с родителями", "", ""],
        ["1", "Родительское собрание", "октябрь", "Классные руководители"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [(None, "Мероприятия", ["1"]), (None, "Работа с родителями", ["1"])]


@pytest.mark.parametrize(
    ("above", "heading"),
    [
        ("Индивидуальная работа со слабоуспевающими", "Повышение квалификации"),
        ("Контроль посещаемости неуспевающих", "Кадровое обеспечение"),
        ("Заседание методических", "Методическая работа"),
        ("Консультации для учащихся выпускных", "11 класс"),
        ("Подготовка к олимпиаде по математике", "5–9 классы"),
    ],
)
def test_a_heading_after_a_title_ending_like_an_adjective_stays_a_heading(above: str, heading: str) -> None:
    """Pins the rule's limits: a participle standing for a noun ends a whole title; a field of work, a grade head
    their rows."""
    rows = [
        HEADER,
        ["1", above, "сентябрь", "Директор"],
        ["", heading, "", ""],
        ["2", "Педсовет", "октябрь", "Директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [(None, "Мероприятия", ["1"]), (None, heading, ["2"])]
    assert activities(plan)[0].title == above


def test_a_bold_line_under_a_title_cut_after_an_adjective_stays_a_heading() -> None:
    """Pins the rule's limit: in a sheet, a line typed in bold under plain rows is a heading, not a title's rest."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in [
        HEADER,
        ["1", "Мониторинг качества предметных", "сентябрь", "Директор"],
        ["", "Образовательных результатов", "", ""],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]:
        sheet.append(values)
    sheet["B3"].font = openpyxl.styles.Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert sections(plan) == [(None, "Мероприятия", ["1"]), (None, "Образовательных результатов", ["2"])]


# ------------------------------------------------------------------------- a row written again but for a wrapped cell


def test_a_row_repeating_the_activity_but_for_a_wrapped_responsible_joins_it() -> None:
    """«1 | Анализ ВПР | сентябрь | директора по УВР» under the same row with «Заместитель» (a PDF converted to Excel
    fills the merged cells in on each row) was a second activity 1."""
    rows = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Заместитель"],
        ["1", "Анализ ВПР", "сентябрь", "директора по УВР"],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    for plan in both(rows):
        assert brief(plan) == [
            ("1", "Анализ ВПР", "сентябрь", "Заместитель директора по УВР"),
            ("2", "Педагогический совет", "октябрь", "Директор"),
        ]
        assert codes(plan) == ["continued_row"]


def test_an_unnumbered_row_repeating_the_title_but_for_a_wrapped_responsible_joins_it() -> None:
    rows = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Заместитель директора"],
        ["", "Анализ ВПР", "сентябрь", "по УВР, руководители ШМО"],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert brief(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Заместитель директора по УВР, руководители ШМО"),
        ("2", "Педагогический совет", "октябрь", "Директор"),
    ]
    assert "missing_number" not in codes(plan)


def test_a_repeated_row_with_two_wrapped_cells_joins_both() -> None:
    rows = [
        [*HEADER, "Результат"],
        ["1", "Анализ ВПР", "сентябрь", "Заместитель", "Аналитическая"],
        ["1", "Анализ ВПР", "сентябрь", "директора по УВР", "справка"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [(a.number, a.responsible, a.expected_result) for a in activities(plan)] == [
        ("1", "Заместитель директора по УВР", "Аналитическая справка")
    ]


def test_a_title_written_again_with_another_month_stays_a_second_activity() -> None:
    """Pins the rule's limit: «октябрь» starts in lower case as every month does; the row is the next occurrence."""
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Совещание при директоре", "сентябрь", "Директор"],
        ["Совещание при директоре", "октябрь", "Директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert brief(plan) == [
        (None, "Совещание при директоре", "сентябрь", "Директор"),
        (None, "Совещание при директоре", "октябрь", "Директор"),
    ]


def test_the_same_title_with_another_person_in_lower_case_stays_a_second_activity() -> None:
    """Pins the rule's limit: «социальный педагог» under «педагог-психолог» is a person of its own, no continuation."""
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Консультации для родителей", "в течение года", "педагог-психолог"],
        ["Консультации для родителей", "в течение года", "социальный педагог"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.responsible for a in activities(plan)] == ["педагог-психолог", "социальный педагог"]


# ---------------------------------------------------------------------------------- the Word table left out, named


def test_a_word_table_left_out_is_named_by_the_paragraph_over_it() -> None:
    """The problem said «В документе 2 таблицы с мероприятиями; загружена самая большая» without saying which."""
    first = pf.Table(
        [
            HEADER,
            ["1", "Анализ ВПР", "сентябрь", "Директор"],
            ["2", "Педагогический совет", "октябрь", "Директор"],
        ]
    )
    second = pf.Table([["№", "Мероприятие", "Результат"], ["1", "Курсы повышения квалификации", "Удостоверение"]])
    blocks: list[pf.Block] = ["План мероприятий на 2025 год", first, "Мероприятия по работе с кадрами", second]
    plan = read_plan(pf.docx_bytes(blocks), "план.docx")
    assert [a.title for a in activities(plan)] == ["Анализ ВПР", "Педагогический совет"]
    assert problem(plan, "other_tables") == [
        (
            None,
            "В документе 2 таблицы с мероприятиями; загружена самая большая — таблица 1 (после абзаца «План "
            "мероприятий на 2025 год»). Не загружено: таблица 2 (после абзаца «Мероприятия по работе с кадрами»), "
            "мероприятий: 1. Загрузите их отдельно, если это другие планы",
        )
    ]


def test_the_count_of_tables_agrees_with_its_noun() -> None:
    """«В документе 5 таблицы» read wrong: the noun agrees with the count."""
    blocks: list[pf.Block] = []
    thirds = ("Срок", "Результат", "Ответственный", "Итоговый документ", "Исполнитель")
    for table, (third, size) in enumerate(zip(thirds, (3, 1, 1, 1, 1), strict=True), start=1):
        rows = [[str(n), f"Мероприятие {n}", "май"] for n in range(1, size + 1)]
        blocks += [f"Мероприятия по направлению {table}", pf.Table([["№", "Мероприятие", third], *rows])]
    detail = problem(read_plan(pf.docx_bytes(blocks), "план.docx"), "other_tables")[0][1]
    assert detail.startswith("В документе 5 таблиц с мероприятиями; загружена самая большая — таблица 1 "), detail


def test_a_word_table_left_out_without_a_paragraph_over_it_is_named_by_its_columns() -> None:
    first = pf.Table([["№", "Мероприятие", "Результат"], ["1", "Курсы повышения квалификации", "Удостоверение"]])
    second = pf.Table(
        [
            HEADER,
            ["1", "Анализ ВПР", "сентябрь", "Директор"],
            ["2", "Педагогический совет", "октябрь", "Директор"],
        ]
    )
    plan = read_plan(pf.docx_bytes([first, second]), "план.docx")
    assert [a.title for a in activities(plan)] == ["Анализ ВПР", "Педагогический совет"]
    assert problem(plan, "other_tables") == [
        (
            None,
            "В документе 2 таблицы с мероприятиями; загружена самая большая — таблица 2 (столбцы «№ | Мероприятие | "
            "Срок | Ответственный»). Не загружено: таблица 1 (столбцы «№ | Мероприятие | Результат»), мероприятий: 1. "
            "Загрузите их отдельно, если это другие планы",
        )
    ]


def test_a_second_plan_pasted_under_the_first_is_named_by_the_row_of_its_header() -> None:
    rows = [
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Директор"],
        ["2", "Педагогический совет", "октябрь", "Директор"],
        ["№", "Мероприятие", "Результат", ""],
        ["1", "Курсы повышения квалификации", "Удостоверение", ""],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.title for a in activities(plan)] == ["Анализ ВПР", "Педагогический совет"]
    assert problem(plan, "other_tables") == [
        (
            None,
            "В документе 2 таблицы с мероприятиями; загружена самая большая — таблица со строки 1 (столбцы «№ | "
            "Мероприятие | Срок | Ответственный»). Не загружено: таблица со строки 4 (столбцы «№ | Мероприятие | "
            "Результат»), мероприятий: 1. Загрузите их отдельно, если это другие планы",
        )
    ]


# ------------------------------------------------------------------------------------------------ numbers


def test_a_number_sign_typed_in_each_number_cell_is_no_part_of_the_number() -> None:
    """«№1», «№ 2» were kept as the numbers, each with an `unusual_number` problem."""
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
        ["№1", "Анализ ВПР", "сентябрь", "Директор"],
        ["№ 2", "Педагогический совет", "октябрь", "Директор"],
        ["№3.", "Совещание при директоре", "ноябрь", "Заместитель директора"],
    ]
    for plan in both(rows):
        assert [a.number for a in activities(plan)] == ["1", "2", "3"]
        assert "unusual_number" not in codes(plan)


def test_number_cells_written_with_a_dot_or_a_bracket_are_plain_numbers() -> None:
    """Pins «1.», «2)» (read so before)."""
    rows = [HEADER, ["1.", "Анализ ВПР", "сентябрь", "Директор"], ["2)", "Педагогический совет", "октябрь", "Директор"]]
    for plan in both(rows):
        assert [a.number for a in activities(plan)] == ["1", "2"]
        assert plan.problems == []


def test_plain_numbers_after_the_sub_items_of_a_heading_are_each_their_own() -> None:
    """«1» without a deadline over 1.1, 1.2, then full rows «2», «3»: «3» was read into the section «2. Педагогический
    совет» that «2» made of itself."""
    rows = [
        HEADER,
        ["1", "Работа с педагогами", "", ""],
        ["1.1", "Курсы повышения квалификации", "сентябрь", "Директор"],
        ["1.2", "Семинар по функциональной грамотности", "октябрь", "Заместитель директора"],
        ["2", "Педагогический совет", "ноябрь", "Директор"],
        ["3", "Родительское собрание", "май", "Классные руководители"],
    ]
    for plan in both(rows):
        assert sections(plan) == [
            ("1", "Работа с педагогами", ["1.1", "1.2"]),
            ("2", "Педагогический совет", ["2"]),
            ("3", "Родительское собрание", ["3"]),
        ]
        assert [a.deadline for a in activities(plan)] == ["сентябрь", "октябрь", "ноябрь", "май"]


def test_an_item_after_the_sub_items_of_a_nested_heading_leaves_that_heading() -> None:
    """«1» over «1.1» (no deadline) over 1.1.1, 1.1.2, then «1.2» and «2» full rows: both were read into the section
    «1.1. Курсы повышения квалификации»."""
    rows = [
        HEADER,
        ["1", "Работа с педагогами", "", ""],
        ["1.1", "Курсы повышения квалификации", "", ""],
        ["1.1.1", "Курсы по функциональной грамотности", "сентябрь", "Директор"],
        ["1.1.2", "Курсы по цифровой образовательной среде", "октябрь", "Директор"],
        ["1.2", "Семинар для учителей", "ноябрь", DEPUTY],
        ["2", "Педагогический совет", "май", "Директор"],
    ]
    for plan in both(rows):
        assert sections(plan) == [
            ("1", "Работа с педагогами", []),
            ("1.1", "Курсы повышения квалификации", ["1.1.1", "1.1.2"]),
            ("1.2", "Семинар для учителей", ["1.2"]),
            ("2", "Педагогический совет", ["2"]),
        ]
        assert [a.deadline for a in activities(plan)] == ["сентябрь", "октябрь", "ноябрь", "май"]


# ------------------------------------------------------------------------------------------------ headers


def test_english_headers_name_the_columns() -> None:
    """«No. | Activity | Deadline | Responsible | Expected result» (a grant's template) was refused: no header."""
    rows = [
        ["No.", "Activity", "Deadline", "Responsible", "Expected result"],
        ["1", "Анализ ВПР", "сентябрь", "Директор", "Аналитическая справка"],
        ["2", "Педагогический совет", "октябрь", "Директор", "Протокол"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert plan.columns == {
        "No.": "number",
        "Activity": "title",
        "Deadline": "deadline",
        "Responsible": "responsible",
        "Expected result": "expected_result",
    }
    assert [(a.number, a.title, a.expected_result) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "Аналитическая справка"),
        ("2", "Педагогический совет", "Протокол"),
    ]


def test_english_start_and_end_dates_before_the_title_make_one_deadline() -> None:
    rows: list[list[Any]] = [
        ["Start date", "End date", "Activity", "Responsible"],
        [datetime(2025, 9, 1), datetime(2025, 9, 30), "Анализ ВПР", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "plan.xlsx")
    assert brief(plan) == [(None, "Анализ ВПР", "01.09.2025 – 30.09.2025", "Директор")]


def test_a_header_word_hyphenated_at_a_line_end_is_shown_whole() -> None:
    """«Ответст-⏎венный» was matched but shown as «Ответст- венный» in the column list."""
    rows: list[list[Any]] = [
        ["№\nп/п", "Наименование\nмероприятия", "Сроки\nисполнения", "Ответст-\nвенный"],
        [1, "Анализ ВПР", "сентябрь", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert plan.columns == {
        "№ п/п": "number",
        "Наименование мероприятия": "title",
        "Сроки исполнения": "deadline",
        "Ответственный": "responsible",
    }
    assert brief(plan) == [("1", "Анализ ВПР", "сентябрь", "Директор")]


# ------------------------------------------------------------------------------------------------ sums


def test_a_school_plans_output_column_is_the_final_document() -> None:
    """«Выход» (what an activity ends with: a report, an order) was kept as an extra value."""
    rows = [
        ["№", "Содержание работы", "Форма проведения", "Сроки", "Ответственные", "Выход"],
        ["1", "Анализ ВПР", "совещание", "сентябрь", "Директор", "Справка"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert plan.columns["Выход"] == "final_document"
    assert [(a.title, a.final_document, a.extra) for a in activities(plan)] == [
        ("Анализ ВПР", "Справка", {"Форма проведения": "совещание"})
    ]


def test_sums_formatted_with_thousands_are_kept_as_excel_shows_them() -> None:
    """«Финансирование» over «2024 | 2025 | Источник», sums formatted «# ##0,00»: «200000.5» became «200 000,50»."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in [
        [*HEADER, "Финансирование, руб.", "", ""],
        ["", "", "", "", "2024", "2025", "Источник"],
        [1, "Закупка интерактивных панелей", "2025", "Директор", 150000, 200000.5, "Местный бюджет"],
        [2, "Курсы повышения квалификации", "2025", "Заместитель директора", None, 15000, "Не требуется"],
        ["", "Итого", "", "", 150000, 215000.5, ""],
    ]:
        sheet.append(values)
    for cells in ["E1:G1", "A1:A2", "B1:B2", "C1:C2", "D1:D2"]:
        sheet.merge_cells(cells)
    for row in sheet.iter_rows(min_row=3, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert [a.extra for a in activities(plan)] == [
        {
            "Финансирование, руб. (2024)": "150 000,00",
            "Финансирование, руб. (2025)": "200 000,50",
            "Финансирование, руб. (Источник)": "Местный бюджет",
        },
        {"Финансирование, руб. (2025)": "15 000,00", "Финансирование, руб. (Источник)": "Не требуется"},
    ]
    assert problem(plan, "total_row") == [
        (5, "Строка 5: итоговая строка «Итого | 150 000,00 | 215 000,50» не загружена как мероприятие")
    ]


# ------------------------------------------------------------------------------ shapes that already read right


def test_two_word_tables_repeating_the_header_and_its_index_row_are_one_plan() -> None:
    """Pins: the second table (after «Продолжение таблицы») repeats the header on each page inside it."""
    index = ["1", "2", "3", "4"]
    first = pf.Table([HEADER, index, ["1", "Анализ ВПР", "сентябрь", "Директор"]])
    second = pf.Table(
        [
            HEADER,
            index,
            ["2", "Педагогический совет", "октябрь", "Директор"],
            HEADER,
            ["3", "Семинар для учителей", "ноябрь", "Руководитель ШМО"],
            index,
            ["4", "Курсы повышения квалификации", "декабрь", "Директор"],
        ]
    )
    plan = read_plan(pf.docx_bytes(["Дорожная карта", first, "Продолжение таблицы", second]), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1", "2", "3", "4"])]
    assert plan.problems == []


def test_a_numbered_tasks_column_merged_down_over_its_activities_makes_the_sections() -> None:
    """Pins: «1. Повысить …» merged down over two activities in a Word table."""
    table = pf.Table(
        [
            ["№", "Задачи", "Мероприятие", "Срок", "Ответственный"],
            ["1", "1. Повысить квалификацию педагогов", "Курсы", "2025", "Директор"],
            ["2", "", "Семинар", "ноябрь", "Заместитель директора"],
            ["3", "2. Вовлечь родителей", "Родительское собрание", "май", "Классные руководители"],
            ["4", "", "Лекторий", "июнь", "Педагог-психолог"],
        ],
        vmerge=[(1, 1, 2), (1, 3, 4)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [
        ("1", "Повысить квалификацию педагогов", ["1", "2"]),
        ("2", "Вовлечь родителей", ["3", "4"]),
    ]
    assert plan.problems == []


def test_the_responsible_column_before_the_title_merged_down_is_each_rows() -> None:
    """Pins: «Ответственный | Мероприятие | Срок», no number column, one responsible merged over two rows."""
    table = pf.Table(
        [
            ["Ответственный", "Мероприятие", "Срок"],
            ["Заместитель директора по УВР", "Анализ ВПР", "сентябрь"],
            ["", "Педагогический совет", "октябрь"],
            ["Директор", "Совещание при директоре", "ноябрь"],
        ],
        vmerge=[(0, 1, 2)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert brief(plan) == [
        (None, "Анализ ВПР", "сентябрь", "Заместитель директора по УВР"),
        (None, "Педагогический совет", "октябрь", "Заместитель директора по УВР"),
        (None, "Совещание при директоре", "ноябрь", "Директор"),
    ]


def test_start_and_end_dates_under_a_spanning_deadline_header_make_one_deadline() -> None:
    """Pins: «Сроки» over «с | по», real Excel dates in both."""
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "Сроки", "", "Ответственный"],
        ["", "", "с", "по", ""],
        [1, "Анализ ВПР", datetime(2025, 9, 1), datetime(2025, 9, 30), "Директор"],
        [2, "Педагогический совет", datetime(2025, 10, 15), datetime(2025, 10, 15), "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, ["C1:D1", "A1:A2", "B1:B2", "E1:E2"]), "план.xlsx")
    assert brief(plan) == [
        ("1", "Анализ ВПР", "01.09.2025 – 30.09.2025", "Директор"),
        ("2", "Педагогический совет", "15.10.2025", "Директор"),
    ]


def test_a_sheet_with_a_title_block_and_a_hidden_column_reads_the_columns_shown() -> None:
    """Pins: the header on row 5 under «Утверждаю» and the plan's title; column C (an old deadline) hidden."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in [
        ["", "", "", "Утверждаю"],
        ["", "", "", "Директор МБОУ СОШ № 1"],
        ["Дорожная карта по повышению качества образования"],
        ["на 2025/2026 учебный год"],
        ["№", "Мероприятие", "Срок (старый)", "Срок", "Ответственный"],
        [1, "Анализ ВПР", "май", datetime(2025, 9, 15), "Директор"],
        [2, "Педагогический совет", "июнь", "октябрь", "Заместитель директора"],
    ]:
        sheet.append(values)
    sheet.merge_cells("A3:E3")
    sheet.merge_cells("A4:E4")
    sheet.column_dimensions["C"].hidden = True
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert plan.columns == {"№": "number", "Мероприятие": "title", "Срок": "deadline", "Ответственный": "responsible"}
    assert [(a.row, a.number, a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        (6, "1", "Анализ ВПР", "15.09.2025", "Директор"),
        (7, "2", "Педагогический совет", "октябрь", "Заместитель директора"),
    ]


PEOPLE = "Иванов И.И., директор; Петрова А.А., зам. директора по УВР"


def test_a_cp1251_csv_with_semicolons_inside_cells_reads_as_its_text_pasted() -> None:
    """Pins: Excel's «CSV (разделители — точки с запятой)»; the same text pasted reads the same."""
    rows = [
        HEADER,
        ["1", "Анализ ВПР; подготовка справки", "сентябрь", PEOPLE],
        ["2", "Педагогический совет", "октябрь", "Директор"],
    ]
    content = pf.csv_bytes(rows)
    for plan in [read_plan(content, "план.csv"), read_pasted(content.decode("cp1251"))]:
        assert brief(plan) == [
            ("1", "Анализ ВПР; подготовка справки", "сентябрь", PEOPLE),
            ("2", "Педагогический совет", "октябрь", "Директор"),
        ]
        assert plan.problems == []


def test_text_copied_from_excel_with_quoted_cells_of_several_lines() -> None:
    """Pins: Excel quotes a cell holding line breaks; the responsible list stays whole."""
    text = (
        "№\tМероприятие\tСрок\tОтветственный\n"
        '1\t"Анализ ВПР\nв 5–9 классах"\tсентябрь\t"Иванов И.И., директор;\nПетрова А.А., зам. директора по УВР"\n'
        "2\tПедагогический совет\tоктябрь\tДиректор\n"
    )
    plan = read_pasted(text)
    assert brief(plan) == [
        ("1", "Анализ ВПР\nв 5–9 классах", "сентябрь", "Иванов И.И., директор;\nПетрова А.А., зам. директора по УВР"),
        ("2", "Педагогический совет", "октябрь", "Директор"),
    ]
