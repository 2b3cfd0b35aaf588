"""Plan tables of a third pass, built as real files and read back: goal rows, groups whose deadline only the first row
shows, lettered sub-items, signatures typed in cells, month columns and month headings, two plans on one sheet,
Google Sheets CSV, text pasted from a web page, done marks."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl.styles import Font

from services.roadmap.plan_import import read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, codes, sections
from tests.roadmap.plan_files import brief as summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]


# ------------------------------------------------------------------------------------------------ goals


def test_goal_rows_spanning_the_table_are_sections() -> None:
    """«Цель 1. …» merged across the row was dropped, its activities landed in «Мероприятия»."""
    table = pf.Table(
        [
            [*HEADER, "Результат"],
            pf.Merged("Цель 1. Повышение качества образования в школе"),
            ["1", "Анализ ВПР", "сентябрь", "Иванова И.И.", "Справка"],
            ["2", "Педсовет", "октябрь", "Директор", "Протокол"],
            pf.Merged("Цель 2: Создание условий для профессионального роста педагогов"),
            ["3", "Курсы ПК", "в течение года", "Петрова П.П.", "Удостоверения"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "программа.docx")
    assert sections(plan) == [
        ("1", "Цель 1. Повышение качества образования в школе", ["1", "2"]),
        ("2", "Цель 2: Создание условий для профессионального роста педагогов", ["3"]),
    ]
    assert plan.problems == [] and plan.errors == []


def test_a_goal_over_its_tasks_stays_a_heading_of_its_own() -> None:
    """«Цель: …» then «Задача 1. …» rows in a CSV: the goal was lost; now it heads its tasks."""
    rows = [
        HEADER,
        ["Цель: повышение качества образования", "", "", ""],
        ["Задача 1. Анализ результатов", "", "", ""],
        ["1", "Анализ ВПР", "сентябрь", "Иванова"],
        ["Задача 2. Работа с кадрами", "", "", ""],
        ["2", "Курсы", "октябрь", "Директор"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "программа.csv")
    assert sections(plan) == [
        (None, "Цель: повышение качества образования", []),
        ("1", "Задача 1. Анализ результатов", ["1"]),
        ("2", "Задача 2. Работа с кадрами", ["2"]),
    ]


def test_a_goal_in_the_number_cell_beside_its_text_is_a_section() -> None:
    rows = [
        HEADER,
        ["Цель 1", "Повышение качества математического образования", "", ""],
        ["1", "Анализ ВПР", "сентябрь", "Иванова"],
        ["Цель 2", "Работа с родителями", "", ""],
        ["2", "Собрание", "октябрь", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["B2:D2", "B4:D4"]), "программа.xlsx")
    assert sections(plan) == [
        ("1", "Цель 1. Повышение качества математического образования", ["1"]),
        ("2", "Цель 2. Работа с родителями", ["2"]),
    ]


def test_a_goal_column_is_no_section_and_a_lone_goal_label_no_heading() -> None:
    """A «Цель» column merged down beside «Задачи»: the tasks group the activities, the goal stays a value; a row
    saying only «Цель» names no section."""
    table = pf.Table(
        [
            ["Цель", "Задачи", "Мероприятия", "Сроки", "Ответственные"],
            ["Повышение мотивации", "Задача 1. Диагностика", "Анкетирование", "сентябрь", "Психолог"],
            ["Повышение мотивации", "Задача 1. Диагностика", "Беседы", "октябрь", "Кл. руководители"],
            ["Повышение мотивации", "Задача 2. Проекты", "Конференция", "апрель", "Зам. директора"],
        ],
        vmerge=[(0, 1, 3), (1, 1, 2)],
    )
    plan = read_plan(pf.docx_bytes([table]), "программа.docx")
    assert sections(plan) == [("1", "Задача 1. Диагностика", [None, None]), ("2", "Задача 2. Проекты", [None])]
    assert {a.extra["Цель"] for a in activities(plan)} == {"Повышение мотивации"}
    lone_goal = pf.Table([HEADER, pf.Merged("Цель"), ["1", "Анализ", "май", "Иванова"]])
    lone = read_plan(pf.docx_bytes([lone_goal]), "программа.docx")
    assert [s.title for s in lone.sections] == ["Мероприятия"]


# ------------------------------------------------------------------ groups: the deadline in the first row only


def test_numbered_rows_under_a_first_row_deadline_keep_their_empty_cells() -> None:
    """No merge in a CSV: the deadline and responsible of row 1 are not copied to rows 2–3, nor are they glued."""
    rows = [
        [*HEADER, "Результат"],
        ["1", "Анализ результатов ВПР", "сентябрь 2024", "Иванова И.И.", "Справка"],
        ["2", "Анализ результатов ОГЭ", "", "", "Справка"],
        ["3", "Анализ результатов ЕГЭ", "", "", "Справка"],
        ["4", "Педагогический совет", "октябрь", "Директор", "Протокол"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert summary(plan) == [
        ("1", "Анализ результатов ВПР", "сентябрь 2024", "Иванова И.И."),
        ("2", "Анализ результатов ОГЭ", "", ""),
        ("3", "Анализ результатов ЕГЭ", "", ""),
        ("4", "Педагогический совет", "октябрь", "Директор"),
    ]
    assert plan.problems == []


@pytest.mark.parametrize("numbered", [True, False])
def test_unnumbered_rows_filling_only_the_title_are_activities_not_sections(numbered: bool) -> None:
    """A row with only a title under an activity whose deadline it shares (CSV, unmerged sheet) became a section;
    two such rows in turn made an empty section that was dropped with its activity."""
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Анализ результатов ВПР", "сентябрь 2024", "Иванова И.И."],
        ["Анализ результатов ОГЭ", "", ""],
        ["Анализ результатов ЕГЭ", "", ""],
        ["Педагогический совет", "октябрь", "Директор"],
    ]
    if numbered:
        rows = [["№ п/п", *rows[0]], *[["", *r] for r in rows[1:]]]
    plan = read_plan(pf.xlsx_bytes(rows) if numbered else pf.csv_bytes(rows), "план.xlsx" if numbered else "п.csv")
    assert sections(plan) == [(None, "Мероприятия", [None] * 4)]
    assert summary(plan) == [
        (None, "Анализ результатов ВПР", "сентябрь 2024", "Иванова И.И."),
        (None, "Анализ результатов ОГЭ", "", ""),
        (None, "Анализ результатов ЕГЭ", "", ""),
        (None, "Педагогический совет", "октябрь", "Директор"),
    ]


def test_title_only_headings_stay_sections() -> None:
    """A school's name or a heading in capitals in the title cell, or an unnumbered row among numbered ones, still
    heads the rows under it."""
    rows = [
        [*HEADER, "Результат"],
        ["", "МБОУ «СОШ № 3»", "", "", ""],
        ["1", "Анализ ВПР", "сентябрь", "Директор", "Справка"],
        ["2", "Курсы ПК", "октябрь", "Зам. директора", "Удостоверения"],
        ["", "МКОУ «Уньюганская СОШ»", "", "", ""],
        ["1", "Анализ ОГЭ", "июнь", "Директор", "Справка"],
        ["", "Работа с родителями", "", "", ""],
        ["2", "Собрание", "май", "Директор", "Протокол"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [(s.title, [a.number for a in s.activities]) for s in plan.sections] == [
        ("МБОУ «СОШ № 3»", ["1", "2"]),
        ("МКОУ «Уньюганская СОШ»", ["1"]),
        ("Работа с родителями", ["2"]),
    ]
    caps = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "", ""],
        ["Приказ о рабочей группе", "сентябрь", "Директор"],
        ["Положение о группе", "", ""],
        ["РАБОТА С ПЕДАГОГАМИ", "", ""],
        ["Курсы", "октябрь", "Зам."],
    ]
    plan = read_plan(pf.csv_bytes(caps), "план.csv")
    assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
        ("ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", ["Приказ о рабочей группе", "Положение о группе"]),
        ("РАБОТА С ПЕДАГОГАМИ", ["Курсы"]),
    ]


def test_a_row_without_a_title_adds_lines_to_the_activity_above() -> None:
    """«| | май 2025 | | Справка» under «1 | Диагностика | сентябрь 2024 | …»: the second date was glued on the same
    line, «сентябрь 2024 май 2025»."""
    rows = [
        ["№ п/п", "Мероприятия", "Сроки", "Ответственный", "Ожидаемый результат"],
        ["1", "Диагностика", "сентябрь 2024", "Зам. директора", "Справка"],
        ["", "", "май 2025", "", "Справка"],
        ["2", "Педсовет", "октябрь", "Директор", "Протокол"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    first = activities(plan)[0]
    assert (first.deadline, first.expected_result) == ("сентябрь 2024\nмай 2025", "Справка\nСправка")
    assert len(activities(plan)) == 2 and codes(plan) == ["continued_row"]


# ------------------------------------------------------------------------------------------- lettered items


def test_letters_in_the_number_column_are_numbered_under_their_parent() -> None:
    """«а)», «б)» under «1.» were `unusual_number` «а», «б»."""
    table = pf.Table(
        [
            ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
            ["1.", "Проведение методических мероприятий:", "", ""],
            ["а)", "семинар для учителей математики", "октябрь", "Руководитель ШМО"],
            ["б)", "круглый стол по итогам ВПР", "ноябрь", "Зам. директора по УВР"],
            ["2.", "Педагогический совет", "декабрь", "Директор"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert summary(plan) == [
        ("1", "Проведение методических мероприятий:", "", ""),
        ("1.а", "семинар для учителей математики", "октябрь", "Руководитель ШМО"),
        ("1.б", "круглый стол по итогам ВПР", "ноябрь", "Зам. директора по УВР"),
        ("2", "Педагогический совет", "декабрь", "Директор"),
    ]
    assert plan.problems == []


def test_letters_under_a_sub_item_and_letters_in_the_title_cell() -> None:
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Работа с педагогами", "", ""],
        ["1.1", "Курсы", "в течение года", "Зам. директора"],
        ["а)", "курсы по математике", "октябрь", "Учителя"],
        ["б)", "курсы по русскому", "ноябрь", "Учителя"],
        ["1.2", "Семинары:", "", ""],
        ["", "а) семинар для учителей математики", "октябрь", "Руководитель ШМО"],
        ["", "б) круглый стол по итогам ВПР", "ноябрь", ""],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["B2:D2"]), "план.xlsx")
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1.1", "Курсы"),
        ("1.1.а", "курсы по математике"),
        ("1.1.б", "курсы по русскому"),
        ("1.2", "Семинары:"),
        ("1.2.а", "семинар для учителей математики"),
        ("1.2.б", "круглый стол по итогам ВПР"),
    ]
    assert "unusual_number" not in codes(plan) and "missing_number" not in codes(plan)


# --------------------------------------------------------------------------------------------- signatures


def test_a_signature_typed_into_the_cells_of_a_sheet_is_no_activity() -> None:
    """«Директор МБОУ СОШ № 5 | ___________ | /Иванова И.И./» under the plan: the line to sign on fell into the
    deadline column, and the signature was an activity without a number."""
    rows = [HEADER, ["1", "Анализ ВПР", "сентябрь", "Иванова И.И."], ["2", "Педсовет", "октябрь", "Директор"], []]
    rows.append(["", "Директор МБОУ СОШ № 5", "___________", "/Иванова И.И./"])
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2"]
    assert plan.problems == []


def test_a_landscape_plan_after_a_portrait_title_page_with_an_approval_block() -> None:
    document = docx.Document()
    for text in ["УТВЕРЖДАЮ", "Директор МБОУ «СОШ № 5»", "___________ /Иванова И.И./", "Антирисковая программа"]:
        document.add_paragraph(text)
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    rows = [
        ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Показатели реализации"],
        ["1", "Анкетирование обучающихся", "сентябрь", "Педагог-психолог", "Справка"],
        ["2", "Родительское собрание", "октябрь", "Классные руководители", "Протокол"],
        ["", "Директор ___________ /Иванова И.И./", "", "", ""],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    document.add_paragraph("Директор ___________ /Иванова И.И./")
    out = io.BytesIO()
    document.save(out)
    plan = read_plan(out.getvalue(), "программа.docx")
    assert [a.title for a in activities(plan)] == ["Анкетирование обучающихся", "Родительское собрание"]
    assert plan.problems == [] and plan.errors == []


# ----------------------------------------------------------------------------------------------- months


def test_a_month_column_first_is_the_deadline() -> None:
    """«Месяц» merged down over its activities was an extra column: every activity had no deadline."""
    table = pf.Table(
        [
            ["Месяц", "Мероприятие", "Ответственный", "Результат"],
            ["Сентябрь", "Анализ ВПР", "Иванова", "Справка"],
            ["Сентябрь", "Входная диагностика", "Учителя", "Справка"],
            ["Октябрь", "Педсовет", "Директор", "Протокол"],
        ],
        vmerge=[(0, 1, 2)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [(a.title, a.deadline) for a in activities(plan)] == [
        ("Анализ ВПР", "Сентябрь"),
        ("Входная диагностика", "Сентябрь"),
        ("Педсовет", "Октябрь"),
    ]
    assert plan.columns["Месяц"] == "deadline"


def test_month_headings_give_the_deadline_in_a_table_without_a_deadline_column() -> None:
    table = pf.Table(
        [
            ["№", "Мероприятие", "Ответственный", "Результат"],
            pf.Merged("Сентябрь"),
            ["1", "Анализ ВПР", "Иванова", "Справка"],
            ["2", "Входная диагностика", "Учителя", "Справка"],
            pf.Merged("Октябрь – ноябрь 2024 г."),
            ["3", "Педсовет", "Директор", "Протокол"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Сентябрь", ["1", "2"]), (None, "Октябрь – ноябрь 2024 г.", ["3"])]
    assert [a.deadline for a in activities(plan)] == ["Сентябрь", "Сентябрь", "Октябрь – ноябрь 2024 г."]


# ------------------------------------------------------------------------------------------ other shapes


def test_two_plans_on_one_sheet_are_two_sections_named_by_their_titles() -> None:
    """The first plan's activities sat in «Мероприятия», the second's under its title."""
    rows: list[list[str]] = [
        ["План мероприятий МБОУ СОШ № 1"],
        HEADER,
        ["1", "Анализ ВПР", "сентябрь", "Иванова"],
        ["2", "Педсовет", "октябрь", "Директор"],
        [],
        ["План мероприятий МБОУ СОШ № 2"],
        HEADER,
        ["1", "Анализ ОГЭ", "июнь", "Петрова"],
        ["2", "Курсы", "июль", "Сидорова"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "планы.xlsx")
    assert sections(plan) == [
        (None, "План мероприятий МБОУ СОШ № 1", ["1", "2"]),
        (None, "План мероприятий МБОУ СОШ № 2", ["1", "2"]),
    ]
    assert plan.problems == []


def test_a_google_sheets_csv_with_a_bom_commas_and_multi_line_cells() -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [
            ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"],
            ["1", "Анализ результатов ВПР,\nОГЭ и ЕГЭ", "сентябрь,\nоктябрь", "Иванова И.И.", "Справка"],
            ["2", 'Педсовет "Итоги"', "октябрь", "Директор", "Протокол"],
        ]
    )
    plan = read_plan(b"\xef\xbb\xbf" + out.getvalue().encode(), "Дорожная карта - Лист1.csv")
    assert summary(plan) == [
        ("1", "Анализ результатов ВПР,\nОГЭ и ЕГЭ", "сентябрь,\nоктябрь", "Иванова И.И."),
        ("2", 'Педсовет "Итоги"', "октябрь", "Директор"),
    ]
    assert list(plan.columns) == ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"]


def test_a_table_pasted_from_a_web_page_with_non_breaking_spaces() -> None:
    text = "№\u00a0п/п\tМероприятие\tСрок\tОтветственный\n1.\tАнализ\u00a0ВПР\tсентябрь\u00a02024\tИванова\u00a0И.И.\n"
    plan = read_pasted(text + "2.\tПедсовет\tоктябрь\tДиректор\n")
    assert summary(plan) == [
        ("1", "Анализ ВПР", "сентябрь 2024", "Иванова И.И."),
        ("2", "Педсовет", "октябрь", "Директор"),
    ]


def test_a_done_mark_column_stays_an_extra_value() -> None:
    rows = [
        [*HEADER, "Отметка о выполнении"],
        ["1", "Анализ ВПР", "сентябрь", "Иванова", "да"],
        ["2", "Педсовет", "октябрь", "Директор", "+"],
        ["3", "Курсы", "ноябрь", "Петрова", "нет"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.extra for a in activities(plan)] == [{"Отметка о выполнении": v} for v in ("да", "+", "нет")]
    assert [a.expected_result for a in activities(plan)] == ["", "", ""]


def _lettered_list_document(letters: str) -> bytes:
    """«№» cells auto-numbered by Word: level 1 «%1.», level 2 «%2)» in the `letters` format."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='77'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/><w:lvlText w:val='%1.'/></w:lvl>"
            f"<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='{letters}'/><w:lvlText w:val='%2)'/></w:lvl>"
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f"<w:num {nsdecls('w')} w:numId='77'><w:abstractNumId w:val='77'/></w:num>"))
    rows = [
        (None, HEADER),
        (0, ["", "Диагностика", "сентябрь", "Зам. директора"]),
        (1, ["", "по математике", "сентябрь", "Учителя"]),
        (1, ["", "по русскому языку", "октябрь", "Учителя"]),
        (0, ["", "Педсовет", "ноябрь", "Директор"]),
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for r, (level, values) in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
        if level is not None:
            number = f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='77'/></w:numPr>"
            table.cell(r, 0).paragraphs[0]._p.get_or_add_pPr().append(parse_xml(number))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("letters", "shown"), [("russianLower", ["1.а", "1.б"]), ("lowerLetter", ["1.a", "1.b"])])
def test_letters_word_numbers_automatically_are_read_as_letters(letters: str, shown: list[str]) -> None:
    """A level numbered «а)», «б)» by Word was read as «1)», «2)»: repeated numbers 1, 1, 2, 2."""
    plan = read_plan(_lettered_list_document(letters), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", *shown, "2"]
    assert plan.problems == []


def test_a_schools_name_column_is_not_the_activities_column() -> None:
    """«Наименование ОО» before «Мероприятие» took the title: every activity was a school's name."""
    rows = [
        ["№", "Наименование ОО", "Мероприятие", "Срок", "Ответственный", "Выполнено"],
        ["1", "МБОУ СОШ № 3", "Методический выезд", "октябрь", "ИМЦ", "да"],
        ["2", "МБОУ ООШ № 7", "Посещение уроков", "ноябрь", "ИМЦ", "+"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "дорожная карта.xlsx")
    assert summary(plan) == [("1", "Методический выезд", "октябрь", "ИМЦ"), ("2", "Посещение уроков", "ноябрь", "ИМЦ")]
    assert [a.extra for a in activities(plan)] == [
        {"Наименование ОО": "МБОУ СОШ № 3", "Выполнено": "да"},
        {"Наименование ОО": "МБОУ ООШ № 7", "Выполнено": "+"},
    ]
    assert plan.columns["Наименование ОО"] == "extra"


BOLD_ROWS = [
    ["Мероприятие", "Срок", "Ответственный"],
    ["Работа с педагогами", "", ""],
    ["Курсы ПК", "в течение года", "Зам. директора"],
    ["Семинары", "", ""],
    ["Работа с обучающимися", "", ""],
    ["Консультации", "еженедельно", "Учителя"],
]


def _bold_book() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, values in enumerate(BOLD_ROWS, start=1):
        for c, text in enumerate(values, start=1):
            cell = sheet.cell(r, c, text or None)
            cell.font = Font(bold=r in {1, 2, 5})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold_document() -> bytes:
    document = docx.Document()
    table = document.add_table(rows=len(BOLD_ROWS), cols=3)
    for r, values in enumerate(BOLD_ROWS):
        for c, text in enumerate(values):
            if text:
                table.cell(r, c).paragraphs[0].add_run(text).bold = r in {0, 1, 4}
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_bold_line_in_the_title_cell_alone_is_a_heading(kind: str) -> None:
    """Headings typed in bold in the title column, not merged, head their rows; the plain title-only row under
    «Курсы ПК» is one more activity."""
    content = _bold_book() if kind == "xlsx" else _bold_document()
    plan = read_plan(content, f"план.{kind}")
    assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
        ("Работа с педагогами", ["Курсы ПК", "Семинары"]),
        ("Работа с обучающимися", ["Консультации"]),
    ]


def test_a_heading_over_the_header_repeated_on_a_new_page_names_no_plan() -> None:
    """One plan split by a page break under a heading (numbering goes on): the title above the first header stays
    the document's title, not the first section's."""
    table = pf.Table(
        [
            pf.Merged("План мероприятий"),
            HEADER,
            ["1", "Анализ", "сентябрь", "Иванова"],
            pf.Merged("Работа с кадрами"),
            HEADER,
            ["2", "Курсы", "октябрь", "Петрова"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1"]), (None, "Работа с кадрами", ["2"])]


def test_tasks_numbered_under_their_goal_and_letters_written_with_a_dot() -> None:
    table = pf.Table(
        [
            HEADER,
            pf.Merged("Цель 1. Повышение качества"),
            pf.Merged("Задача 1.1. Диагностика"),
            ["1.", "Диагностика", "сентябрь", "Зам. директора"],
            ["а.", "по математике", "сентябрь", "Учителя"],
            ["б.", "по русскому языку", "октябрь", "Учителя"],
            pf.Merged("Задача 1.2. Проекты"),
            ["2.", "Конференция", "апрель", "Зам. директора"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "программа.docx")
    assert sections(plan) == [
        ("1", "Цель 1. Повышение качества", []),
        ("1.1", "Задача 1.1. Диагностика", ["1", "1.а", "1.б"]),
        ("1.2", "Задача 1.2. Проекты", ["2"]),
    ]
    assert plan.problems == []


def test_an_executor_line_and_the_stamp_mark_under_a_sheet_are_no_activities() -> None:
    rows = [
        ["", "", "", "УТВЕРЖДАЮ"],
        ["", "", "", "Директор ___ /Иванова И.И./"],
        ["План мероприятий по повышению качества образования на 2024-2025 уч. год"],
        HEADER,
        ["1", "Анализ", "сентябрь", "Иванова"],
        ["2", "Курсы", "октябрь", "Петрова"],
        ["", "Исполнитель: Петрова П.П., тел. 8-900-000-00-00", "", ""],
        ["", "М.П.", "", ""],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert summary(plan) == [("1", "Анализ", "сентябрь", "Иванова"), ("2", "Курсы", "октябрь", "Петрова")]
    assert plan.problems == []


def test_a_heading_right_over_another_heading_stays_a_section() -> None:
    """«Раздел 1. …» over «1.1. Нормативное обеспечение» (a CSV keeps them in the first cell) was dropped."""
    rows = [
        HEADER,
        ["Раздел 1. Организационная работа", "", "", ""],
        ["1.1. Нормативное обеспечение", "", "", ""],
        ["1.1.1", "Приказ", "сентябрь", "Директор"],
        ["Раздел 2. Работа с кадрами", "", "", ""],
        ["2.1", "Курсы", "октябрь", "Зам. директора"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert sections(plan) == [
        ("1", "Организационная работа", []),
        ("1.1", "Нормативное обеспечение", ["1.1.1"]),
        ("2", "Работа с кадрами", ["2.1"]),
    ]


def test_schools_heading_their_rows_in_an_unnumbered_csv() -> None:
    rows = [
        ["Мероприятие", "Срок", "Ответственный"],
        ["МБОУ «СОШ № 3»", "", ""],
        ["Анализ ВПР", "сентябрь", "Директор"],
        ["Курсы ПК", "", ""],
        ["0456 МКОУ «Уньюганская СОШ»", "", ""],
        ["Анализ ОГЭ", "июнь", "Директор"],
        ["Гимназия № 1", "", ""],
        ["Педсовет", "август", "Директор"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "дорожная карта.csv")
    assert [(s.title, [a.title for a in s.activities]) for s in plan.sections] == [
        ("МБОУ «СОШ № 3»", ["Анализ ВПР", "Курсы ПК"]),
        ("0456 МКОУ «Уньюганская СОШ»", ["Анализ ОГЭ"]),
        ("Гимназия № 1", ["Педсовет"]),
    ]


def test_a_goal_or_task_label_alone_in_the_number_cell_marks_a_section() -> None:
    """«Цель:» in the «№» cell beside a goal merged over the rest was an activity numbered «Цель:»."""
    table = pf.Table(
        [
            HEADER,
            pf.Merged("Повышение качества образования", first=1, cells={0: "Цель:"}),
            ["1", "Анализ ВПР", "сентябрь", "Иванова"],
            pf.Merged("Диагностика", first=1, cells={0: "Задача"}),
            ["2", "Анкетирование", "октябрь", "Психолог"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "программа.docx")
    assert sections(plan) == [
        (None, "Цель: Повышение качества образования", ["1"]),
        (None, "Задача: Диагностика", ["2"]),
    ]
    assert plan.problems == []


def test_header_words_hyphenated_by_hand_in_narrow_columns() -> None:
    """«Наимено-⏎вание мероприятия», «Ответствен-⏎ный» named nothing: the header was not found."""
    header = ["№ п/п", "Наимено-\nвание мероприятия", "Сроки  реализации", "Ответствен-\nный", "Ожидаемый резуль-\nтат"]
    table = pf.Table([header, ["1", "Анализ ВПР", "сентябрь", "Иванова", "Справка"]])
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert list(plan.columns.values()) == ["number", "title", "deadline", "responsible", "expected_result"]
    assert summary(plan) == [("1", "Анализ ВПР", "сентябрь", "Иванова")]


def test_two_lines_under_the_last_activity_make_no_empty_sections() -> None:
    table = pf.Table(
        [
            HEADER,
            ["1", "Анализ ВПР", "сентябрь", "Иванова"],
            pf.Merged("Согласовано:"),
            pf.Merged("на заседании педагогического совета"),
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1"])]


@pytest.mark.parametrize("second", ["01.04.2025", "май 2025"])
def test_a_deadline_cell_of_two_lines_pasted_from_word(second: str) -> None:
    """Word pastes a cell of two lines as two lines of text; a second date «01.04.2025» opening the line was taken
    for the next row's number: an activity «1.4.25» titled «Иванова», and «Мониторинг» a section."""
    first = "01.10.2024" if second[0].isdigit() else "сентябрь 2024"
    text = f"№\tМероприятие\tСрок\tОтветственный\n1.\tМониторинг\t{first}\n{second}\tИванова\n"
    plan = read_pasted(text + "2.\tПедсовет\tоктябрь\tДиректор\n")
    assert summary(plan) == [
        ("1", "Мониторинг", f"{first}\n{second}", "Иванова"),
        ("2", "Педсовет", "октябрь", "Директор"),
    ]


def test_a_number_with_its_letter_typed_in_one_cell() -> None:
    rows = [
        HEADER,
        ["1", "Диагностика", "сентябрь", "Зам. директора"],
        ["1а", "по математике", "сентябрь", "Учителя"],
        ["1 б)", "по русскому языку", "октябрь", "Учителя"],
        ["1.в", "по физике", "октябрь", "Учителя"],
    ]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert [a.number for a in activities(plan)] == ["1", "1.а", "1.б", "1.в"]
    assert plan.problems == []


def test_title_only_rows_under_merged_headings_in_word_are_not_lost() -> None:
    """«Семинары», «Открытые уроки» with their cells left empty made two empty sections, dropped with them."""
    table = pf.Table(
        [
            ["Мероприятие", "Срок", "Ответственный"],
            pf.Merged("Работа с педагогами"),
            ["Курсы ПК", "в течение года", "Зам. директора"],
            ["Семинары", "", ""],
            ["Открытые уроки", "", ""],
            pf.Merged("Работа с обучающимися"),
            ["Консультации", "еженедельно", "Учителя"],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [(s.title, [(a.title, a.deadline) for a in s.activities]) for s in plan.sections] == [
        ("Работа с педагогами", [("Курсы ПК", "в течение года"), ("Семинары", ""), ("Открытые уроки", "")]),
        ("Работа с обучающимися", [("Консультации", "еженедельно")]),
    ]
