"""Plan tables as municipal orders and schools write them, built as real DOCX, XLSX and CSV files and read back:
two-row headers, sections and tasks, rows holding one more responsible person, signatures, sheets, encodings."""

from __future__ import annotations

import io
from datetime import datetime

import docx
import pytest
import xlsxwriter

from services.roadmap.plan_import import ImportedPlan, PlanFileError, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

HEADER = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный исполнитель", "Ожидаемый результат"]
ANALYSIS = [
    "1.1",
    "Анализ результатов ВПР по математике",
    "до 01.10.2024",
    "Иванова И.И., заместитель директора по УВР",
    "Аналитическая справка",
]
COUNCIL = ["1.2", "Проведение педагогического совета", "сентябрь 2024 г.", "Директор", "Протокол педсовета"]
MENTORS = ["2.1", "Организация наставничества для молодых учителей", "в течение года", "Петрова П.П.", "Приказ"]


def codes(plan: ImportedPlan) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in plan.problems]


# ------------------------------------------------------------------------------------------ whole documents


def test_an_anti_risk_programme_docx_with_approval_table_sections_repeated_header_and_signature() -> None:
    content = pf.docx_bytes(
        [
            "Приложение 1 к приказу от 30.08.2024 № 145",
            pf.Table([["СОГЛАСОВАНО\nНачальник управления образования", "УТВЕРЖДАЮ\nДиректор МБОУ «СОШ № 3»"]]),
            "Антирисковая программа «Низкая учебная мотивация обучающихся»",
            pf.Table(
                [
                    HEADER,
                    ["1", "2", "3", "4", "5"],
                    pf.Merged("1. Организационно-управленческие мероприятия"),
                    ANALYSIS,
                    COUNCIL,
                    HEADER,  # repeated at the top of the next page
                    pf.Merged("2. Работа с педагогами"),
                    MENTORS,
                ]
            ),
            "",
            "Директор ____________ И.И. Иванов",
        ]
    )
    plan = read_plan(content, "Антирисковая программа.docx")
    assert [(s.number, s.title) for s in plan.sections] == [
        ("1", "Организационно-управленческие мероприятия"),
        ("2", "Работа с педагогами"),
    ]
    assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL), tuple(MENTORS)]
    assert plan.problems == [] and plan.errors == []


# ---------------------------------------------------------------------------------------- invisible marks


def test_non_breaking_spaces_and_soft_hyphens_in_headers_and_cells_are_read_as_plain_text() -> None:
    """Word puts soft hyphens (U+00AD) into hyphenated headers and non-breaking spaces after «№»; before, the
    header was not found at all."""
    header = [
        "№\u00a0п/п",
        "Наимено\u00adвание меро\u00adприятия",
        "Срок\u00a0исполнения",
        "Ответственный\u00a0исполнитель",
        "Ожидаемый\u00a0результат",
    ]
    row = ["1", "Анализ ВПР в\u00a05 классах", "до\u00a001.10.2024", "Иванова\u00a0И.И.", "Справка\u200b"]
    for plan in (
        read_pasted(pf.tsv([header, row])),
        read_plan(pf.docx_bytes([pf.Table([header, row])]), "план.docx"),
    ):
        assert list(plan.columns) == HEADER
        assert summary(plan) == [("1", "Анализ ВПР в 5 классах", "до 01.10.2024", "Иванова И.И.", "Справка")]


# ------------------------------------------------------------------------------------------------- sheets


def test_xlsx_plan_on_the_second_sheet_after_an_empty_or_a_title_sheet() -> None:
    for first in ([], [["Программа перехода школы в эффективный режим работы"], ["на 2024-2025 учебный год"]]):
        content = pf.xlsx_sheets({"Титул": first, "План": [HEADER, ANALYSIS, COUNCIL]})
        plan = read_plan(content, "программа.xlsx")
        assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]
        assert [a.row for a in activities(plan)] == [2, 3]  # rows of the sheet holding the plan


def test_two_plan_sheets_with_the_same_columns_are_one_plan_a_section_per_sheet() -> None:
    """This test pinned the bigger sheet alone being taken («2025»), the activities of «2024» lost; a plan split by
    year (or by section) over sheets with the same columns is read whole, a section per sheet, in the book's order."""
    content = pf.xlsx_sheets({"2024": [HEADER, ANALYSIS], "2025": [HEADER, COUNCIL, MENTORS]})
    plan = read_plan(content, "план.xlsx")
    assert [(s.title, [a.number for a in s.activities]) for s in plan.sections] == [
        ("2024", ["1.1"]),
        ("2025", ["1.2", "2.1"]),
    ]
    assert [p.code for p in plan.problems] == ["joined_sheets"]


def test_a_book_of_empty_sheets_is_a_plan_file_error() -> None:
    with pytest.raises(PlanFileError) as error:
        read_plan(pf.xlsx_sheets({"Лист1": [], "Лист2": []}), "пусто.xlsx")
    assert (error.value.code, error.value.detail) == ("no_table", "В книге Excel нет заполненных листов")


def test_an_xlsx_date_formatted_as_a_month_reads_as_the_month() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("План")
    sheet.write_row(0, 0, HEADER)
    formats = ["[$-419]mmmm yyyy;@", "mmmm", "dd.mm.yyyy"]
    for row, number_format in enumerate(formats, start=1):
        sheet.write_row(row, 0, [str(row), f"Мероприятие {row}"])
        sheet.write_datetime(row, 2, datetime(2024, 9, 1), book.add_format({"num_format": number_format}))
        sheet.write_row(row, 3, ["Иванова И.И.", "Справка"])
    book.close()
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert [a.deadline for a in activities(plan)] == ["сентябрь 2024", "сентябрь", "01.09.2024"]


# ------------------------------------------------------------------------------------------------ headers


def test_a_two_row_header_whose_merge_was_lost_in_csv_and_xlsx_joins_start_and_end() -> None:
    """«Сроки» over «начало | окончание» saved as CSV (cp1251, `;`) or unmerged in Excel: the cell right of
    «Сроки» is empty; before, the end date went to an extra «Столбец 4»."""
    rows = [
        ["№ п/п", "Наименование мероприятия", "Сроки", "", "Ответственный"],
        ["", "", "начало", "окончание", ""],
        ["1", "Анализ результатов ВПР", "01.09.2024", "30.09.2024", "Иванова И.И."],
    ]
    for plan in (read_plan(pf.csv_bytes(rows), "план.csv"), read_plan(pf.xlsx_bytes(rows), "план.xlsx")):
        assert plan.columns == {
            "№ п/п": "number",
            "Наименование мероприятия": "title",
            "Сроки (начало)": "deadline",
            "Сроки (окончание)": "deadline_end",
            "Ответственный": "responsible",
        }
        [activity] = activities(plan)
        assert (activity.row, activity.deadline, activity.extra) == (3, "01.09.2024 – 30.09.2024", {})


def test_a_deadline_over_plan_and_fact_keeps_the_planned_date_and_the_fact_apart() -> None:
    """Before, the «план | факт» row under the header became an activity without a title and the fact was read
    as the end of the deadline."""
    table = pf.Table(
        [
            pf.Merged("Срок исполнения", first=2, last=3, cells={0: "№", 1: "Мероприятие", 4: "Ответственный"}),
            ["№", "Мероприятие", "план", "факт", "Ответственный"],
            ["1", "Анализ результатов ВПР", "01.09.2024", "05.09.2024", "Иванова И.И."],
        ],
        vmerge=[(0, 0, 1), (1, 0, 1), (4, 0, 1)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert list(plan.columns.values()) == ["number", "title", "deadline", "extra", "responsible"]
    [activity] = activities(plan)
    assert (activity.row, activity.deadline) == (3, "01.09.2024")
    assert activity.extra == {"Срок исполнения (факт)": "05.09.2024"}
    assert plan.errors == []


def test_header_words_written_over_two_rows_make_one_header() -> None:
    table = pf.Table(
        [
            ["№", "Наименование", "Срок", "Ответственный"],
            ["п/п", "мероприятия", "исполнения", "исполнитель"],
            ["1", "Анализ результатов ВПР", "сентябрь", "Иванова И.И."],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert list(plan.columns) == HEADER[:4]
    assert summary(plan) == [("1", "Анализ результатов ВПР", "сентябрь", "Иванова И.И.", "")]
    assert plan.problems == [] and plan.errors == []


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (
            ["№ п/п", "Содержание мероприятия", "Планируемые сроки", "Ответственные лица",
             "Результат реализации мероприятия", "Вид документа"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
        (
            ["№", "Мероприятия по устранению риска", "Срок выполнения", "ФИО ответственного", "Показатели",
             "Форма подтверждения"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
        (
            ["№", "Наименование работ", "Время проведения", "Исполнитель", "Ожидаемый результат",
             "Отчетная документация"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
    ],
)  # fmt: skip
def test_more_header_words_of_school_programmes(headers: list[str], fields: list[str]) -> None:
    """Before, two unknown headers out of six meant no header row at all."""
    plan = read_pasted(pf.tsv([headers, ["1", "Анализ ВПР", "сентябрь", "Иванова И.И.", "справка", "приказ"]]))
    assert list(plan.columns.values()) == fields


def test_completion_mark_and_result_of_execution_columns_are_never_the_expected_result() -> None:
    """A plan copied from a report: «Результат выполнения» and «Отметка о выполнении» say what was done; with
    «Примечание» they no longer prevent the header from being found."""
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Результат выполнения", "Отметка о выполнении", "Примечание"]
    plan = read_pasted(pf.tsv([header, ["1", "Анализ ВПР", "сентябрь", "Иванова И.И.", "справка", "выполнено", ""]]))
    assert list(plan.columns.values()) == ["number", "title", "deadline", "responsible", "extra", "extra", "extra"]
    [activity] = activities(plan)
    assert activity.expected_result == ""
    assert activity.extra == {"Результат выполнения": "справка", "Отметка о выполнении": "выполнено"}


# ----------------------------------------------------------------------------------------------- sections


def test_task_rows_merged_across_the_table_are_sections() -> None:
    """«Задача 1: …» rows were dropped, and their activities landed in one section «Мероприятия»."""
    table = pf.Table(
        [
            HEADER,
            pf.Merged("Задача 1: Повышение предметных компетенций педагогов"),
            ["1", "Курсы повышения квалификации", "2024", "Иванова И.И.", "Удостоверения"],
            pf.Merged("Задача 2. Работа с обучающимися, имеющими трудности в обучении"),
            ["2", "Индивидуальные образовательные маршруты", "октябрь", "Петрова П.П.", "Маршруты"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "программа.docx")
    assert [(s.number, s.title, [a.number for a in s.activities]) for s in plan.sections] == [
        ("1", "Задача 1: Повышение предметных компетенций педагогов", ["1"]),
        ("2", "Задача 2. Работа с обучающимися, имеющими трудности в обучении", ["2"]),
    ]


def test_numbered_tasks_between_docx_tables_are_sections() -> None:
    content = pf.docx_bytes(
        [
            "Задача 1. Повышение предметных компетенций педагогов",
            pf.Table([HEADER, ["1", "Курсы повышения квалификации", "2024", "Иванова И.И.", "Удостоверения"]]),
            "Задача 2. Работа с родителями",
            pf.Table([HEADER, ["2", "Родительские собрания", "ежеквартально", "Классные руководители", "Протоколы"]]),
        ]
    )
    plan = read_plan(content, "программа.docx")
    assert [(s.number, s.title) for s in plan.sections] == [
        ("1", "Задача 1. Повышение предметных компетенций педагогов"),
        ("2", "Задача 2. Работа с родителями"),
    ]


def test_risk_rows_are_numbered_sections() -> None:
    rows = [
        HEADER,
        ["Риск 1. Низкая учебная мотивация обучающихся", "", "", "", ""],
        ["1", "Анкетирование обучающихся", "сентябрь", "Педагог-психолог", "Справка"],
        ["Риск 2. Высокая доля обучающихся с рисками учебной неуспешности", "", "", "", ""],
        ["1", "Диагностика учебных затруднений", "октябрь", "Учителя-предметники", "Справка"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "риски.csv")
    assert [(s.number, s.title) for s in plan.sections] == [
        ("1", "Риск 1. Низкая учебная мотивация обучающихся"),
        ("2", "Риск 2. Высокая доля обучающихся с рисками учебной неуспешности"),
    ]


# ------------------------------------------------------------------------------------------ rows of a cell


def test_a_row_with_only_one_more_responsible_person_belongs_to_the_activity_above() -> None:
    """Before, «Петрова П.П., учитель» became a section heading and the rows after it moved into it; in the last
    row, the person was lost."""
    rows = [
        HEADER,
        ANALYSIS,
        ["", "", "", "Петрова П.П., учитель математики", ""],
        COUNCIL,
        ["", "", "", "Совет школы", ""],
    ]
    for plan in (
        read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx"),
        read_plan(pf.xlsx_bytes([*rows]), "план.xlsx"),
    ):
        assert [s.title for s in plan.sections] == ["Мероприятия"]
        first, second = activities(plan)
        assert first.responsible == "Иванова И.И., заместитель директора по УВР\nПетрова П.П., учитель математики"
        assert second.responsible == "Директор\nСовет школы"
        assert [p.code for p in plan.problems] == ["continued_row", "continued_row"]


def test_a_title_merged_down_over_two_rows_keeps_each_rows_people_and_dates_on_their_own_lines() -> None:
    table = pf.Table(
        [
            HEADER,
            ["1", "Курсы повышения квалификации", "2024", "Иванова И.И.", "Удостоверения"],
            ["1", "Курсы повышения квалификации", "2025", "Петрова П.П.", "Удостоверения"],
        ],
        vmerge=[(0, 1, 2), (1, 1, 2), (4, 1, 2)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    [activity] = activities(plan)
    assert (activity.deadline, activity.responsible, activity.expected_result) == (
        "2024\n2025",
        "Иванова И.И.\nПетрова П.П.",
        "Удостоверения",
    )


def test_a_cell_with_two_lines_pasted_from_word_stays_in_its_row() -> None:
    """Word copies a cell's second line as a line of its own, without quotes: the row was cut in two and its
    second half read as an activity numbered «ВПР по математике»."""
    text = (
        "ПЛАН мероприятий\n\n"
        "№ п/п\tНаименование мероприятия\tСрок исполнения\tОтветственный\tОжидаемый результат\n"
        "1.\tАнализ результатов\nВПР по математике\tдо 01.10.2024\tИванова И.И.\tСправка\n"
        "2.\tПедагогический совет\tсентябрь\tДиректор\tПротокол\n"
    )
    plan = read_pasted(text)
    assert summary(plan) == [
        ("1", "Анализ результатов\nВПР по математике", "до 01.10.2024", "Иванова И.И.", "Справка"),
        ("2", "Педагогический совет", "сентябрь", "Директор", "Протокол"),
    ]
    assert plan.problems == [] and plan.errors == []


def test_a_number_written_with_a_bracket_is_the_number() -> None:
    plan = read_pasted(pf.tsv([HEADER, ["1)", "Анализ ВПР", "сентябрь", "Иванова И.И.", "Справка"]]))
    assert [a.number for a in activities(plan)] == ["1"]
    assert plan.problems == []


# ------------------------------------------------------------------------------------------- signatures


def test_a_signature_under_the_table_in_xlsx_and_pasted_text_is_not_an_activity() -> None:
    """Before, «Директор … И.И. Иванов» under the table joined the last activity (XLSX) or became an activity
    without a title, an error that blocked the import (pasted text)."""
    rows: list[list[str]] = [HEADER, ANALYSIS, COUNCIL, [], ["Директор", "", "", "И.И. Иванов", ""]]
    xlsx = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    pasted = read_pasted(
        pf.tsv([HEADER, ANALYSIS, COUNCIL, ["", "Заместитель директора по УВР", "", "", "Иванова И.И."]])
    )
    for plan in (xlsx, pasted):
        assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]
        assert plan.problems == [] and plan.errors == []


# ------------------------------------------------------------------------------------------------ bad files


def test_a_docx_with_only_an_approval_table_says_the_header_was_not_found() -> None:
    content = pf.docx_bytes(["ПРИКАЗ", pf.Table([["СОГЛАСОВАНО", "УТВЕРЖДАЮ"], ["Начальник", "Директор"]])])
    with pytest.raises(PlanFileError) as error:
        read_plan(content, "приказ.docx")
    assert error.value.code == "header_not_found"
    assert "заголовка" in error.value.detail


def test_an_activity_whose_title_starts_with_a_position_is_not_a_signature() -> None:
    plan = read_pasted(
        pf.tsv(
            [
                ["Мероприятие", "Срок", "Ответственный"],
                ["Директор проводит совещание с педагогами", "сентябрь", "Иванов И.И."],
                ["Заместитель директора посещает уроки", "октябрь", "Петрова П.П."],
            ]
        )
    )
    assert [a.title for a in activities(plan)] == [
        "Директор проводит совещание с педагогами",
        "Заместитель директора посещает уроки",
    ]


# ------------------------------------------------------------------------------------------ more layouts


def test_a_plan_table_inside_a_one_cell_frame_table_is_found() -> None:
    """Before: `header_not_found`, the tables inside a table's cells were not read."""
    document = docx.Document()
    document.add_paragraph("УТВЕРЖДАЮ")
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "План мероприятий"
    inner = frame.add_table(rows=3, cols=5)
    for r, values in enumerate([HEADER, ANALYSIS, COUNCIL]):
        for c, text in enumerate(values):
            inner.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    plan = read_plan(out.getvalue(), "план.docx")
    assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]


def test_a_header_with_year_columns_is_still_the_header() -> None:
    """«2024 | 2025» columns (marks by year) next to three known ones: still the header. In a plan without a deadline
    column the years marked «+» are the deadline (they were extra values, the deadline empty)."""
    table = pf.Table([["№", "Мероприятие", "2024", "2025", "Ответственный"], ["1", "Анализ ВПР", "+", "+", "Иванова"]])
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert list(plan.columns.values()) == ["number", "title", "deadline", "deadline", "responsible"]
    [activity] = activities(plan)
    assert (activity.deadline, activity.extra) == ("2024, 2025", {})
