"""More plan tables as methodists make them in Word and Excel, built as real files and read back: column index
rows, header words, hidden rows, merged cells, totals, Excel dates in the «№» column, task columns, bullet rows,
tables in content controls and text boxes."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
import openpyxl
import pytest
import xlsxwriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from services.roadmap.plan_import import read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, codes, sections, summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

HEADER = [
    "№ п/п",
    "Наименование мероприятия",
    "Срок исполнения",
    "Ответственный (ФИО, должность)",
    "Ожидаемый результат / показатель",
]
FIELDS = ["number", "title", "deadline", "responsible", "expected_result"]
ANALYSIS = ["1", "Анализ результатов ВПР", "сентябрь", "Иванова И.И., зам. директора", "Аналитическая справка"]
COUNCIL = ["2", "Педагогический совет", "октябрь", "Директор", "Протокол"]
COURSES = ["3", "Курсы повышения квалификации", "ноябрь", "Петрова П.П.", "Удостоверения"]


# --------------------------------------------------------------------------------------------- header rows


def test_a_column_index_row_written_with_dots_is_skipped() -> None:
    """«1. | 2. | 3. | 4. | 5.» under the header was an activity «1» titled «2.», and the real «1» repeated it."""
    table = pf.Table([HEADER, ["1.", "2.", "3.", "4.", "5."], ANALYSIS, COUNCIL])
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]
    assert plan.problems == [] and plan.errors == []


def test_a_column_index_row_under_a_title_merged_over_two_columns_is_skipped() -> None:
    """«1 | 2 (merged over B:C) | 3 | 4» read «1 2 2 3 4», no column index: an activity «1» titled «2»."""
    rows = [
        ["№", "Мероприятие", "", "Срок", "Ответственный"],
        ["1", "2", "", "3", "4"],
        ["1", "Анализ ВПР", "", "сентябрь", "Иванова"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["B1:C1", "B2:C2", "B3:C3"]), "план.xlsx")
    assert [(a.number, a.title, a.deadline) for a in activities(plan)] == [("1", "Анализ ВПР", "сентябрь")]
    assert plan.problems == [] and plan.errors == []


@pytest.mark.parametrize(
    "title",
    ["Задачи, мероприятия", "Направления деятельности, мероприятия", "Название мероприятия",
     "Перечень основных мероприятий"],
)  # fmt: skip
def test_titles_naming_the_activities_in_other_words_are_the_title_column(title: str) -> None:
    """Before: `header_not_found`."""
    plan = read_pasted(pf.tsv([["№ п/п", title, "Срок", "Ответственный", "Результат"], ANALYSIS]))
    assert list(plan.columns.values()) == FIELDS
    assert summary(plan) == [tuple(ANALYSIS)]


def test_a_section_row_about_activities_is_not_taken_for_the_header() -> None:
    table = pf.Table([HEADER, pf.Merged("Организационные мероприятия"), ANALYSIS, pf.Merged("Участники мероприятий")])
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Организационные мероприятия", ["1"])]


def test_a_number_sign_written_as_latin_n_without_a_space_names_the_number_column() -> None:
    """«Nп/п» was an unknown column: every activity lost its number."""
    plan = read_pasted(pf.tsv([["Nп/п", "Мероприятия", "Сроки", "Ответственные", "Ожидаемые результаты"], ANALYSIS]))
    assert list(plan.columns.values()) == FIELDS
    assert summary(plan) == [tuple(ANALYSIS)]
    assert plan.problems == []


def test_empty_trailing_columns_are_not_listed_as_columns() -> None:
    """Excel and Word leave an empty column at the right edge; it was listed as «Столбец 6», «Столбец 7»."""
    rows = [[*HEADER, "", ""], [*ANALYSIS, "", ""], [*COUNCIL, "", ""]]
    for plan in (
        read_plan(pf.csv_bytes(rows), "план.csv"),
        read_pasted(pf.tsv(rows)),
        read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx"),
    ):
        assert list(plan.columns) == HEADER
        assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]


# ------------------------------------------------------------------------------------------- merged cells


def test_a_title_merged_over_two_columns_is_one_title_not_an_extra_column() -> None:
    """A wide «Мероприятие» merged over B:C in the header and in every row: the title came again as an extra
    «Мероприятие (3)» of every activity."""
    rows = [
        ["№", "Мероприятие", "", "Срок", "Ответственный"],
        ["1", "Анализ результатов ВПР", "", "сентябрь", "Иванова И.И."],
        ["2", "Педагогический совет", "", "октябрь", "Директор"],
    ]
    xlsx = read_plan(pf.xlsx_bytes(rows, merges=["B1:C1", "B2:C2", "B3:C3"]), "план.xlsx")
    table = pf.Table([pf.Merged(r[1], first=1, last=2, cells={0: r[0], 3: r[3], 4: r[4]}) for r in rows])
    word = read_plan(pf.docx_bytes([table], width=5), "план.docx")
    for plan in (xlsx, word):
        assert plan.columns == {
            "№": "number",
            "Мероприятие": "title",
            "Срок": "deadline",
            "Ответственный": "responsible",
        }
        assert [(a.number, a.title, a.deadline, a.extra) for a in activities(plan)] == [
            ("1", "Анализ результатов ВПР", "сентябрь", {}),
            ("2", "Педагогический совет", "октябрь", {}),
        ]


def test_a_number_merged_down_over_rows_with_their_own_titles_numbers_each_row() -> None:
    """«1» merged over two rows, each its own activity with its deadline: the second had no number
    (`missing_number`)."""
    second = ["", "Анализ результатов ОГЭ", "июль", "Петрова П.П.", "Справка"]
    table = pf.Table([HEADER, ANALYSIS, second, COUNCIL], vmerge=[(0, 1, 2)])
    for plan in (
        read_plan(pf.docx_bytes([table]), "план.docx"),
        read_plan(pf.xlsx_bytes([HEADER, ANALYSIS, second, COUNCIL], merges=["A2:A3"]), "план.xlsx"),
    ):
        assert summary(plan) == [tuple(ANALYSIS), ("1", *second[1:]), tuple(COUNCIL)]
        assert plan.problems == []


# ----------------------------------------------------------------------------------------------- sections


def test_a_numbered_section_row_with_its_period_over_its_sub_items_is_a_section() -> None:
    """«1. | Организационные мероприятия | 2024-2025» over 1.1, 1.2 was an activity «1» with empty fields."""
    rows = [
        HEADER,
        ["1.", "Организационные мероприятия", "2024-2025", "", ""],
        ["1.1.", "Анализ результатов ВПР", "сентябрь", "Иванова И.И.", "Справка"],
        ["1.2.", "Педагогический совет", "октябрь", "Директор", "Протокол"],
        ["2.", "Работа с педагогами", "в течение года", "", ""],
        ["2.1.", "Курсы повышения квалификации", "ноябрь", "Петрова П.П.", "Удостоверения"],
    ]
    for plan in (read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx"), read_plan(pf.xlsx_bytes(rows), "п.xlsx")):
        assert sections(plan) == [
            ("1", "Организационные мероприятия", ["1.1", "1.2"]),
            ("2", "Работа с педагогами", ["2.1"]),
        ]
        assert plan.problems == []


def test_a_task_column_merged_down_over_its_activities_makes_sections() -> None:
    """An anti-risk programme «Задачи | Мероприятия | …»: each task was an extra value repeated on its activities;
    now it is the section, as a «Задача 1: …» row is."""
    table = pf.Table(
        [
            ["Задачи", "Мероприятия", "Сроки", "Ответственные", "Показатели"],
            ["Повышение квалификации педагогов", "Курсы ПК", "2024", "Иванова И.И.", "100% педагогов"],
            ["", "Семинар", "октябрь", "Петрова П.П.", "Материалы"],
            ["Работа с родителями", "Собрание", "ноябрь", "Сидорова С.С.", "Протокол"],
            ["", "Консультации", "в течение года", "Педагог-психолог", "Журнал"],
        ],
        vmerge=[(0, 1, 2), (0, 3, 4)],
    )
    plan = read_plan(pf.docx_bytes([table]), "программа.docx")
    assert plan.columns["Задачи"] == "section"
    assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
        ("Повышение квалификации педагогов", ["Курсы ПК", "Семинар"]),
        ("Работа с родителями", ["Собрание", "Консультации"]),
    ]
    assert all(a.extra == {} and a.deadline for a in activities(plan))
    assert plan.problems == []  # no «№» column: no missing numbers either


def test_a_task_column_written_on_every_row_or_only_on_the_first_makes_one_section_per_task() -> None:
    header = ["№", "Задача", "Мероприятие", "Срок", "Ответственный"]
    rows = [
        header,
        ["1", "Задача 1. Мотивация обучающихся", "Анкетирование", "сентябрь", "Психолог"],
        ["2", "Задача 1. Мотивация обучающихся", "Классные часы", "ежемесячно", "Классные руководители"],
        ["3", "Задача 2. Работа с родителями", "Собрание", "ноябрь", "Директор"],
        ["4", "", "Консультации", "в течение года", "Психолог"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "программа.csv")
    assert sections(plan) == [
        ("1", "Задача 1. Мотивация обучающихся", ["1", "2"]),
        ("2", "Задача 2. Работа с родителями", ["3", "4"]),
    ]


# ------------------------------------------------------------------------------------------------- rows


def test_a_total_row_under_financing_columns_is_no_activity() -> None:
    """The total is skipped and a `total_row` problem names it (this test pinned a silent skip: the user was not told
    that row 4, holding the sum 170, was not loaded)."""
    header = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Источник финансирования", "Объем, тыс. руб."]
    rows: list[list[Any]] = [
        header,
        ["1", "Закупка оборудования", "2025", "Директор", "Местный бюджет", 150],
        ["2", "Курсы ПК", "2025", "Зам. директора", "Бюджет ОО", 20],
        ["", "Итого:", "", "", "", 170],
    ]
    in_number_column = [*rows[:3], ["Всего", "", "", "", "", 170]]
    for plan in (read_plan(pf.xlsx_bytes(rows), "план.xlsx"), read_plan(pf.xlsx_bytes(in_number_column), "п.xlsx")):
        assert [a.title for a in activities(plan)] == ["Закупка оборудования", "Курсы ПК"]
        assert [(p.code, p.row) for p in plan.problems] == [("total_row", 4)] and plan.errors == []
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [(a.number, a.title, a.extra) for a in activities(plan)] == [
        ("1", "Закупка оборудования", {"Источник финансирования": "Местный бюджет", "Объем, тыс. руб.": "150"}),
        ("2", "Курсы ПК", {"Источник финансирования": "Бюджет ОО", "Объем, тыс. руб.": "20"}),
    ]
    assert codes(plan) == ["total_row"]


def test_a_number_written_in_the_title_cell_is_the_number() -> None:
    """Without a «№» column, or with it left empty: «1.1. Анализ …» kept the number in the title and every
    activity got `missing_number`."""
    without = read_pasted(
        pf.tsv(
            [
                ["Мероприятие", "Срок", "Ответственный"],
                ["1. Анализ ВПР", "сентябрь", "Иванова"],
                ["2) Педсовет", "май", "Директор"],
            ]
        )
    )
    empty = read_plan(
        pf.docx_bytes(
            [
                pf.Table(
                    [
                        HEADER,
                        ["", "1.1. Анализ ВПР", "сентябрь", "Иванова", "Справка"],
                        ["", "1.2 Педсовет", "май", "Директор", "Протокол"],
                    ]
                )
            ]
        ),
        "план.docx",
    )
    assert [(a.number, a.title) for a in activities(without)] == [("1", "Анализ ВПР"), ("2", "Педсовет")]
    assert [(a.number, a.title) for a in activities(empty)] == [("1.1", "Анализ ВПР"), ("1.2", "Педсовет")]
    assert without.problems == [] and empty.problems == []


def test_a_numbered_list_inside_a_title_cell_keeps_its_numbers() -> None:
    table = pf.Table([["Мероприятие", "Срок"], ["1. Диагностика\n2. Беседы с родителями", "сентябрь"]])
    [activity] = activities(read_plan(pf.docx_bytes([table]), "план.docx"))
    assert (activity.number, activity.title) == (None, "1. Диагностика\n2. Беседы с родителями")


def test_bullet_rows_with_their_own_deadline_are_activities_a_bullet_list_in_one_cell_is_one() -> None:
    """«1 | Организация работы:» then «– семинар | октябрь | …» and «– круглый стол | ноябрь | …»: the rows were
    glued into one activity with «октябрь ноябрь» as its deadline."""
    table = pf.Table(
        [
            HEADER,
            ["1", "Организация работы с педагогами:", "", "", ""],
            ["", "- семинар для учителей", "октябрь", "Иванова И.И.", "Материалы"],
            ["", "- круглый стол", "ноябрь", "Петрова П.П.", "Протокол"],
            ["2", "Проведение мероприятий:\n- семинар;\n- мастер-класс", "в течение года", "Директор", "Справка"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert summary(plan) == [  # round 12: the list's items are the activities 1.1, 1.2 (test_plan_tables_more_12)
        ("1.1", "Организация работы с педагогами: семинар для учителей", "октябрь", "Иванова И.И.", "Материалы"),
        ("1.2", "Организация работы с педагогами: круглый стол", "ноябрь", "Петрова П.П.", "Протокол"),
        ("2", "Проведение мероприятий:\n- семинар;\n- мастер-класс", "в течение года", "Директор", "Справка"),
    ]
    assert codes(plan) == []


def test_a_dash_in_a_deadline_or_result_cell_means_nothing_written() -> None:
    plan = read_pasted(pf.tsv([HEADER, ["1", "Анализ ВПР", "-", "Иванова И.И.", "—"]]))
    assert summary(plan) == [("1", "Анализ ВПР", "", "Иванова И.И.", "")]


# ------------------------------------------------------------------------------------------------- XLSX


def test_hidden_rows_and_columns_of_a_sheet_are_not_read_and_hidden_rows_are_named() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [[*HEADER, "Служебный"], [*ANALYSIS, "x"], ["2", "Старое мероприятие", "май", "Директор", "", "x"]]:
        sheet.append(row)
    sheet.append([*COURSES, "x"])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["F"].hidden = True
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert list(plan.columns) == HEADER
    assert summary(plan) == [tuple(ANALYSIS), tuple(COURSES)]
    assert [(p.code, p.row) for p in plan.problems if p.code == "hidden_rows"] == [("hidden_rows", 3)]
    assert "3" in plan.problems[0].detail


def test_numbers_russian_excel_turned_into_dates_are_read_as_numbers() -> None:
    """Typed «1.1» becomes 1 January (shown «01.янв»), «1.1.3» becomes 01.01.2003, «1.15» January 2015 (shown
    «янв.15»): the «№» read «01.01.2024», «январь 2015»."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["1.", "Организационные мероприятия"])
    sheet.merge_cells("B2:E2")
    numbers = [(datetime(2024, 1, 1), "d/mmm"), (datetime(2003, 1, 1), "dd.mm.yyyy"), (datetime(2024, 2, 1), "dd.mmm")]
    for index, (value, number_format) in enumerate(numbers):
        sheet.append([value, f"Мероприятие {index + 1}", "сентябрь", "Иванова", "Справка"])
        sheet.cell(index + 3, 1).number_format = number_format
    sheet.append([datetime(2015, 1, 1), "Мероприятие 4", "сентябрь", "Иванова", "Справка"])  # «1.15»: январь 2015
    sheet.cell(6, 1).number_format = "mmm.yy"
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert sections(plan) == [("1", "Организационные мероприятия", ["1.1", "1.1.3", "1.2", "1.15"])]


def test_numbers_shown_as_dates_in_a_csv_saved_by_russian_excel_are_read_as_numbers() -> None:
    rows = [HEADER, ["01.янв", *ANALYSIS[1:]], ["01.фев", *COUNCIL[1:]], ["янв.13", *COURSES[1:]]]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert [a.number for a in activities(plan)] == ["1.1", "1.2", "1.13"]


def test_a_deadline_date_shown_without_its_year_reads_as_shown() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["1", "Анализ ВПР", datetime(2024, 9, 15), "Иванова", "Справка"])
    sheet.cell(2, 3).number_format = "dd.mmm"
    out = io.BytesIO()
    book.save(out)
    assert [a.deadline for a in activities(read_plan(out.getvalue(), "план.xlsx"))] == ["15.09"]


# ------------------------------------------------------------------------------------------------- DOCX


def _plan_document(wrap: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("План мероприятий")
    table = document.add_table(rows=3, cols=5)
    for r, values in enumerate([HEADER, ANALYSIS, COUNCIL]):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    tbl = table._tbl
    body = tbl.getparent()
    position = body.index(tbl)
    body.remove(tbl)
    if wrap == "sdt":
        holder = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
        holder[1].append(tbl)
    else:
        holder = parse_xml(
            f"<w:p {nsdecls('w')} xmlns:v='urn:schemas-microsoft-com:vml'><w:r><w:pict><v:shape><v:textbox>"
            "<w:txbxContent/></v:textbox></v:shape></w:pict></w:r></w:p>"
        )
        box = holder.find(".//" + qn("w:txbxContent"))
        box.append(tbl)
        box.append(parse_xml(f"<w:p {nsdecls('w')}/>"))
    body.insert(position, holder)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("wrap", ["sdt", "text_box"])
def test_a_table_in_a_content_control_or_a_text_box_is_found(wrap: str) -> None:
    """Templates put the plan into a content control; some put it into a text box: before, `no_table`."""
    plan = read_plan(_plan_document(wrap), "план.docx")
    assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]


def test_planned_results_after_a_note_under_the_last_table_are_read() -> None:
    """«Примечание: …» under the table stopped the reading: the planned results after it were lost."""
    content = pf.docx_bytes(
        [
            pf.Table([HEADER, ANALYSIS]),
            "Примечание: * мероприятия проводятся по согласованию",
            "Планируемые результаты:",
            "- повышение доли обучающихся, преодолевших минимальный порог;",
            "",
            "Директор ____________ И.И. Иванов",
        ]
    )
    plan = read_plan(content, "программа.docx")
    assert [s.planned_results for s in plan.sections] == [
        ["повышение доли обучающихся, преодолевших минимальный порог"]
    ]


def test_formulas_of_a_book_written_by_a_program_are_computed() -> None:
    """openpyxl keeps no value for a formula, XlsxWriter keeps 0: «=A2+1» numbers were lost (`missing_number`) or
    all read «0»; now numbering, references, joined text and DATE are computed as Excel shows them."""
    rows: list[list[Any]] = [
        HEADER,
        [1, "Анализ ВПР", "сентябрь", "Иванова", "Справка"],
        ["=A2+1", "Педсовет", "октябрь", "Директор", "Протокол"],
        ["=A3+1", "Курсы", "=C3", "Петрова", '="не менее "&5&" педагогов"'],
        ["=ROW()-1", "Семинар", "=DATE(2024,12,1)", "Петрова", "Материалы"],
        ['=CONCATENATE(A5,".1")', "Мастер-класс", "декабрь", "Петрова", "Материалы"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Иванова", "Справка"),
        ("2", "Педсовет", "октябрь", "Директор", "Протокол"),
        ("3", "Курсы", "октябрь", "Петрова", "не менее 5 педагогов"),
        ("4", "Семинар", "01.12.2024", "Петрова", "Материалы"),
        ("4.1", "Мастер-класс", "декабрь", "Петрова", "Материалы"),
    ]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("План")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, [1, "Анализ ВПР", "сентябрь", "Иванова", "Справка"])
    for row in (2, 3):
        sheet.write_formula(row, 0, f"=A{row}+1")  # XlsxWriter stores 0 as the value
        sheet.write_row(row, 1, [f"Мероприятие {row}", "октябрь", "Директор", "Протокол"])
    book.close()
    assert [a.number for a in activities(read_plan(out.getvalue(), "план.xlsx"))] == ["1", "2", "3"]


def test_values_excel_computed_and_saved_are_read_as_saved() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("План")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, [1, "Анализ ВПР", "сентябрь", "Иванова", "Справка"])
    sheet.write_formula(2, 0, "=SUM(A2,1)", None, 2)  # not computed by the importer: the saved value stays
    sheet.write_row(2, 1, ["Педсовет", "октябрь", "Директор", "Протокол"])
    book.close()
    assert [a.number for a in activities(read_plan(out.getvalue(), "план.xlsx"))] == ["1", "2"]


def test_a_numbered_sub_section_merged_across_the_row_is_a_section_not_an_activity() -> None:
    """«1.1. | Работа с педагогами» merged over the other columns was an activity whose deadline, responsible and
    result were its own title."""
    table = pf.Table(
        [
            HEADER,
            pf.Merged("1. Организационные мероприятия"),
            pf.Merged("Работа с педагогами", first=1, cells={0: "1.1."}),
            ["1.1.1.", "Курсы повышения квалификации", "ноябрь", "Петрова П.П.", "Удостоверения"],
            ["1.1.2.", "Семинар", "декабрь", "Сидорова С.С.", "Материалы"],
            pf.Merged("Работа с родителями", first=1, cells={0: "1.2."}),
            ["1.2.1.", "Родительское собрание", "январь", "Иванова И.И.", "Протокол"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [
        ("1", "Организационные мероприятия", []),
        ("1.1", "Работа с педагогами", ["1.1.1", "1.1.2"]),
        ("1.2", "Работа с родителями", ["1.2.1"]),
    ]
    assert plan.problems == []


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (["I.", "II."], [("I", "Организационные мероприятия"), ("II", "Работа с педагогами")]),
        (
            ["Раздел 1", "Раздел 2"],
            [("1", "Организационные мероприятия"), ("2", "Работа с педагогами")],
        ),
        (
            ["Задача 1", "Задача 2:"],
            [("1", "Задача 1. Организационные мероприятия"), ("2", "Задача 2. Работа с педагогами")],
        ),
    ],
)
def test_a_section_marked_in_the_number_cell_beside_its_title_is_a_section(
    marks: list[str], expected: list[tuple[str, str]]
) -> None:
    """«II. | Работа с педагогами | | |» was an activity numbered «II» without a deadline (`unusual_number`)."""
    rows = [
        HEADER,
        [marks[0], "Организационные мероприятия", "", "", ""],
        ANALYSIS,
        [marks[1], "Работа с педагогами", "", "", ""],
        COUNCIL,
    ]
    for plan in (read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx"), read_plan(pf.xlsx_bytes(rows), "п.xlsx")):
        assert [(s.number, s.title) for s in plan.sections] == expected
        assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]
        assert plan.problems == []


def test_a_responsible_header_over_name_and_position_columns_joins_them() -> None:
    """«Ответственный» over «ФИО | должность»: the position went to an extra column, the responsible was the name
    alone."""
    top = pf.Merged("Ответственный", first=3, last=4, cells={0: "№", 1: "Мероприятие", 2: "Срок", 5: "Результат"})
    sub = ["№", "Мероприятие", "Срок", "ФИО", "должность", "Результат"]
    row = ["1", "Анализ ВПР", "сентябрь", "Иванова И.И.", "заместитель директора по УВР", "Справка"]
    table = pf.Table([top, sub, row], vmerge=[(0, 0, 1), (1, 0, 1), (2, 0, 1), (5, 0, 1)])
    word = read_plan(pf.docx_bytes([table], width=6), "план.docx")
    header = ["№", "Мероприятие", "Срок", "Ответственный", "", "Результат"]
    excel = read_plan(pf.xlsx_bytes([header, row], merges=["D1:E1"]), "план.xlsx")
    for plan in (word, excel):
        assert summary(plan) == [
            ("1", "Анализ ВПР", "сентябрь", "Иванова И.И., заместитель директора по УВР", "Справка")
        ]
        assert [a.extra for a in activities(plan)] == [{}]
    assert list(word.columns.values()) == [
        "number",
        "title",
        "deadline",
        "responsible",
        "responsible",
        "expected_result",
    ]


W = nsdecls("w")


def _revised_document() -> bytes:
    """A plan edited with tracked changes, filled through content controls of a template."""
    document = docx.Document()
    table = document.add_table(rows=4, cols=5)
    for r, values in enumerate([HEADER, ["1", "Анализ", "сентябрь", "Иванова", "Справка"], COUNCIL, COURSES]):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    inserted = "<w:ins {w} w:id='1' w:author='М'><w:r><w:t xml:space='preserve'>{t}</w:t></w:r></w:ins>"
    table.cell(1, 1).paragraphs[0]._p.append(parse_xml(inserted.format(w=W, t=" результатов ВПР")))
    deleted = "<w:del {w} w:id='2' w:author='М'><w:r><w:delText>{t}</w:delText></w:r></w:del>"
    table.cell(1, 2).paragraphs[0]._p.append(parse_xml(deleted.format(w=W, t=" 2023")))
    hidden = f"<w:r {W}><w:rPr><w:vanish/></w:rPr><w:t xml:space='preserve'> (черновик)</w:t></w:r>"
    table.cell(1, 4).paragraphs[0]._p.append(parse_xml(hidden))
    inline = (
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent><w:r><w:t xml:space='preserve'> 2024 г.</w:t></w:r></w:sdtContent></w:sdt>"
    )
    table.cell(2, 2).paragraphs[0]._p.append(parse_xml(inline))
    cell = table.cell(3, 2)._tc
    for paragraph in cell.findall(qn("w:p")):
        cell.remove(paragraph)
    cell.append(
        parse_xml(f"<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>ноябрь</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    )
    last = table.rows[3]._tr  # a repeating section of the template: the row inside a content control
    tbl = last.getparent()
    tbl.remove(last)
    section = parse_xml(f"<w:sdt {W}><w:sdtPr/><w:sdtContent/></w:sdt>")
    section[1].append(last)
    tbl.append(section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_tracked_changes_and_content_controls_in_cells_read_as_word_shows_them() -> None:
    """The inserted words, the text of content controls and the row inside a repeating section were lost: «Анализ»,
    «октябрь», no activity 3; text formatted as hidden was read."""
    plan = read_plan(_revised_document(), "план.docx")
    assert summary(plan) == [
        ("1", "Анализ результатов ВПР", "сентябрь", "Иванова", "Справка"),
        ("2", "Педагогический совет", "октябрь 2024 г.", "Директор", "Протокол"),
        tuple(COURSES),
    ]


def test_excel_line_break_escapes_and_short_month_formats_read_as_excel_shows_them() -> None:
    """Excel writes a carriage return as «_x000D_», which openpyxl keeps: «Анализ_x000D_⏎ВПР»; a deadline formatted
    «mmm.yy» (shown «сен.24») read as a day, «01.09.2024»."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("План")
    sheet.write_row(0, 1, HEADER)  # the table starts in column B
    sheet.write_row(1, 1, ["1", "Анализ\r\nрезультатов ВПР", None, "Иванова И.И.", "Справка"])
    sheet.write_datetime(1, 3, datetime(2024, 9, 1), book.add_format({"num_format": "[$-419]mmm.yy"}))
    sheet.write_row(2, 1, ["2", "Педсовет", None, "Директор", "Протокол"])
    sheet.write_datetime(2, 3, datetime(2024, 10, 1), book.add_format({"num_format": "mmm yyyy"}))
    book.close()
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert summary(plan) == [
        ("1", "Анализ\nрезультатов ВПР", "сентябрь 2024", "Иванова И.И.", "Справка"),
        ("2", "Педсовет", "октябрь 2024", "Директор", "Протокол"),
    ]


def test_a_hidden_sheet_with_an_old_version_of_the_plan_is_not_read() -> None:
    """The hidden sheet held more activities and was taken as «the biggest plan»."""
    book = openpyxl.Workbook()
    plan_sheet = book.active
    assert plan_sheet is not None
    plan_sheet.title = "План"
    for row in [HEADER, ANALYSIS, COUNCIL]:
        plan_sheet.append(row)
    old = book.create_sheet("Старый план")
    for row in [HEADER, ANALYSIS, COUNCIL, COURSES, ["4", "Семинар", "декабрь", "Сидорова", "Материалы"]]:
        old.append(row)
    old.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]
    assert plan.problems == []


def test_title_cells_numbered_by_word_give_their_numbers() -> None:
    """Without a «№» column the numbers Word shows before each title («1. Анализ ВПР») were lost."""
    document = docx.Document()
    pf._add_autonumber_definition(document)
    table = document.add_table(rows=3, cols=3)
    for r, values in enumerate(
        [
            ["Мероприятие", "Срок", "Ответственный"],
            ["Анализ ВПР", "сентябрь", "Иванова"],
            ["Педсовет", "май", "Директор"],
        ]
    ):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
        if r:
            pf._number_paragraph(table.cell(r, 0).paragraphs[0])
    out = io.BytesIO()
    document.save(out)
    plan = read_plan(out.getvalue(), "план.docx")
    assert [(a.number, a.title, a.deadline) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "сентябрь"),
        ("2", "Педсовет", "май"),
    ]
    assert plan.problems == []


def test_a_table_continued_after_a_page_break_with_an_extra_empty_column_carries_on_the_plan() -> None:
    """The second part had one more (empty) column at the right: its activities were silently not read."""
    first = pf.Table([HEADER, ANALYSIS])
    second = pf.Table([[*COUNCIL, ""], [*COURSES, ""]])
    plan = read_plan(pf.docx_bytes([first, "", second]), "план.docx")
    assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL), tuple(COURSES)]
    assert [a.row for a in activities(plan)] == [2, 3, 4]


def test_numbered_rows_right_after_the_plan_in_a_table_of_other_columns_are_named_not_dropped() -> None:
    first = pf.Table([HEADER, ANALYSIS])
    second = pf.Table([COUNCIL[:4], COURSES[:4]])
    plan = read_plan(pf.docx_bytes([first, "", second]), "план.docx")
    assert summary(plan) == [tuple(ANALYSIS)]
    assert codes(plan) == ["unread_table"]
    assert "строк: 2" in plan.problems[0].detail and "Педагогический совет" in plan.problems[0].detail


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО, должность ответственного", "responsible"),
        ("Должность, ФИО ответственного", "responsible"),
        ("Форма предоставления результата", "final_document"),
        ("Форма представления отчёта", "final_document"),
        ("Итоговый (отчетный) документ", "final_document"),
        ("Критерии/показатели", "expected_result"),
        ("Целевые индикаторы", "expected_result"),
    ],
)
def test_more_header_words_name_their_columns(header: str, field: str) -> None:
    """Each was an unknown column: its text went to `extra`."""
    plan = read_pasted(pf.tsv([["№", "Мероприятие", "Срок", header], ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."]]))
    assert list(plan.columns.values()) == ["number", "title", "deadline", field]


def test_a_form_of_holding_the_event_is_no_final_document() -> None:
    plan = read_pasted(pf.tsv([["№", "Мероприятие", "Форма проведения мероприятия"], ["1", "Анализ ВПР", "семинар"]]))
    assert list(plan.columns.values()) == ["number", "title", "extra"]


@pytest.mark.parametrize(
    "note",
    [
        ["*", "Мероприятия, отмеченные *, проводятся по согласованию", "", "", ""],
        ["Примечание", "1. Сроки могут быть изменены.\n2. Ответственные назначаются приказом.", "", "", ""],
    ],
)
def test_a_note_row_with_its_mark_in_the_number_cell_is_no_activity(note: list[str]) -> None:
    """«* | Мероприятия, отмеченные *, …» was an activity numbered «*» (`unusual_number`)."""
    for rows in ([HEADER, ANALYSIS, note, COUNCIL], [HEADER, ANALYSIS, COUNCIL, note]):
        plan = read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx")
        assert summary(plan) == [tuple(ANALYSIS), tuple(COUNCIL)]
        assert plan.problems == [] and plan.errors == []


def test_a_number_cell_merged_with_the_title_cell_gives_the_number() -> None:
    """«1. Анализ ВПР» merged over «№» and the title: the number was «1. Анализ ВПР» (`unusual_number`)."""
    rows: list[list[str] | pf.Merged] = [
        HEADER,
        pf.Merged("1. Анализ ВПР", first=0, last=1, cells={2: "сентябрь", 3: "Иванова", 4: "Справка"}),
        pf.Merged("2. Педсовет", first=0, last=1, cells={2: "май", 3: "Директор", 4: "Протокол"}),
    ]
    plan = read_plan(pf.docx_bytes([pf.Table(rows)]), "план.docx")
    assert summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Иванова", "Справка"),
        ("2", "Педсовет", "май", "Директор", "Протокол"),
    ]
    assert plan.problems == []


def test_titles_written_in_lower_case_with_their_own_deadline_and_responsible_are_separate_activities() -> None:
    """Without numbers, «проведение педсовета | май | Директор» was glued to the activity above as its next
    line, and so was every row after it: one activity «… проведение педсовета участие в семинарах»."""
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["анализ результатов ВПР", "сентябрь", "Иванова"],
        ["проведение педсовета", "май", "Директор"],
        ["участие в семинарах", "в течение года", "Петрова"],
    ]
    plan = read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx")
    assert [(a.title, a.deadline, a.responsible) for a in activities(plan)] == [tuple(r) for r in rows[1:]]
    assert plan.problems == []


def test_a_row_broken_off_mid_sentence_still_continues_the_activity_above() -> None:
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Анализ результатов ВПР по математике и", "сентябрь", "Иванова"],
        ["русскому языку", "октябрь", "Петрова"],
    ]
    plan = read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx")
    assert [a.title for a in activities(plan)] == ["Анализ результатов ВПР по математике и русскому языку"]


def test_a_title_header_over_name_and_form_keeps_the_form_apart() -> None:
    top = pf.Merged("Мероприятие", first=1, last=2, cells={0: "№", 3: "Срок", 4: "Ответственный"})
    sub = ["№", "наименование", "форма проведения", "Срок", "Ответственный"]
    row = ["1", "Анализ ВПР", "семинар", "сентябрь", "Иванова"]
    table = pf.Table([top, sub, row], vmerge=[(0, 0, 1), (3, 0, 1), (4, 0, 1)])
    [activity] = activities(read_plan(pf.docx_bytes([table], width=5), "план.docx"))
    assert (activity.title, activity.extra) == ("Анализ ВПР", {"Мероприятие (форма проведения)": "семинар"})


@pytest.mark.parametrize("marks", [("•", "•"), ("-", "-"), ("1)", "2)"), ("а)", "б)")])
def test_list_items_on_rows_of_their_own_under_an_activity_are_lines_of_its_title(marks: tuple[str, str]) -> None:
    """«• семинар» and «1) семинар» alone in the title cell became section headings (the first one then lost, the
    activities after it moved into «• круглый стол»); dashes were glued on one line."""
    rows = [
        HEADER,
        ["1", "Проведение мероприятий:", "в течение года", "Иванова И.И.", "Справка"],
        ["", f"{marks[0]} семинар для учителей", "", "", ""],
        ["", f"{marks[1]} круглый стол", "", "", ""],
        COUNCIL,
    ]
    plan = read_plan(pf.docx_bytes([pf.Table([*rows])]), "план.docx")
    assert [s.title for s in plan.sections] == ["Мероприятия"]
    assert summary(plan) == [
        (
            "1",
            f"Проведение мероприятий:\n{marks[0]} семинар для учителей\n{marks[1]} круглый стол",
            "в течение года",
            "Иванова И.И.",
            "Справка",
        ),
        tuple(COUNCIL),
    ]
