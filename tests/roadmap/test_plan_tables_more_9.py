"""Plan tables of a tenth pass: a small table nested in a cell, struck-through rows and words (DOCX and XLSX), a plan
copied from a PDF with its columns parted by spaces, a regulation of control procedures (seed 002) and the row a
table left out is named by, a «Должность» column, «Ожидаемый результат: | …» rows; and shapes that already read
right, pinned: a section column merged down beside the numbers, «Задача 1. …» rows merged across with «Ожидаемый
результат: …» under them, two lines in a deadline, a landscape page repeating its header with a «Страница 2 из 5»
row, a number written twice, numbering starting anew in each section, execution marks and indicators beside the
result, positions as the responsible, the «1 2 3 4» row, a sheet starting at column C, titles merged over B:D, empty
rows between activities, tracked changes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl.styles import Font

from services.roadmap.plan_import import ImportedPlan, PlanFileError, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, brief, codes, sections

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
SEMINAR = ["1", "Семинар для учителей", "сентябрь", "Директор"]
COURSES = ["2", "Курсы повышения квалификации", "октябрь", "Заместитель директора по УВР"]
MEETING = ["3", "Родительское собрание", "ноябрь", "Классные руководители"]


def problem(plan: ImportedPlan, code: str) -> list[tuple[int | None, str]]:
    return [(p.row, p.detail) for p in plan.problems if p.code == code]


def word_table(rows: list[list[str]]) -> tuple[Any, Any]:
    """A Word document with one table of `rows` (no merges), for tests that edit its XML."""
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    return document, table


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------- a table in a cell


def test_a_small_table_nested_in_the_responsible_cell_gives_its_people() -> None:
    """A cell split into a table of two rows («Завуч» over «Педагог-психолог») read as an empty responsible: the
    nested table's text was read only as a table of its own."""
    document, table = word_table([HEADER, SEMINAR, [*COURSES[:3], ""]])
    nested = table.cell(2, 3).add_table(rows=2, cols=1)
    nested.cell(0, 0).text = "Завуч"
    nested.cell(1, 0).text = "Педагог-психолог"
    plan = read_plan(saved(document), "план.docx")
    assert brief(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Завуч\nПедагог-психолог"),
    ]
    assert plan.problems == []


def test_a_nested_table_of_two_columns_in_a_cell_gives_a_line_a_row() -> None:
    document, table = word_table([HEADER, [*SEMINAR[:3], ""]])
    nested = table.cell(1, 3).add_table(rows=2, cols=2)
    for r, values in enumerate([["Иванова И.И.", "директор"], ["Петрова П.П.", "завуч"]]):
        for c, text in enumerate(values):
            nested.cell(r, c).text = text
    plan = read_plan(saved(document), "план.docx")
    assert activities(plan)[0].responsible == "Иванова И.И.; директор\nПетрова П.П.; завуч"


def test_an_auto_numbered_plan_in_a_frame_table_is_numbered_once() -> None:
    """The plan nested in a one-cell frame is read as its own table; its cell text now also goes into the frame's cell,
    and Word's list counters must advance once per paragraph, not twice (1, 2, not 3, 4)."""
    document = docx.Document()
    pf._add_autonumber_definition(document)
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "План мероприятий"
    plan_table = frame.cell(0, 0).add_table(rows=3, cols=4)
    for r, values in enumerate([HEADER, SEMINAR, COURSES]):
        for c, text in enumerate(values):
            plan_table.cell(r, c).text = "" if r and c == 0 else text
        if r:
            pf._number_paragraph(plan_table.cell(r, 0).paragraphs[0])
    plan = read_plan(saved(document), "план.docx")
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1", "Семинар для учителей"),
        ("2", "Курсы повышения квалификации"),
    ]


# ---------------------------------------------------------------------------------------------- struck through


def _strike(cell: Any) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.strike = True


def test_a_row_struck_through_in_word_is_a_dropped_activity_named_by_a_problem() -> None:
    document, table = word_table([HEADER, SEMINAR, COURSES, MEETING])
    for cell in table.rows[2].cells:
        _strike(cell)
    plan = read_plan(saved(document), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "3"]
    assert problem(plan, "struck_rows") == [
        (
            3,
            "Зачёркнутые строки не загружены: 3. Зачёркнутый текст считается удалённым; уберите зачёркивание и "
            "загрузите файл снова, если эти мероприятия нужны",
        )
    ]


def test_a_row_struck_through_under_a_section_merged_down_over_it_is_named_too() -> None:
    """The section cell merged down into the crossed-out row still shows text there: the row was dropped silently."""
    rows = [["Раздел", *HEADER], ["Работа с педагогами", *SEMINAR], ["", *COURSES], ["", *MEETING]]
    document, table = word_table(rows)
    table.cell(1, 0).merge(table.cell(3, 0)).text = "Работа с педагогами"
    for cell in table.rows[2].cells[1:]:
        _strike(cell)
    plan = read_plan(saved(document), "план.docx")
    assert sections(plan) == [(None, "Работа с педагогами", ["1", "3"])]
    assert [row for row, _ in problem(plan, "struck_rows")] == [3]


def test_a_deadline_struck_through_and_written_anew_in_the_cell_is_the_new_one() -> None:
    """«~~сентябрь~~ октябрь»: a date moved by hand; the struck word was read as a part of the deadline."""
    document, table = word_table([HEADER, [*SEMINAR[:2], "", "Директор"]])
    paragraph = table.cell(1, 2).paragraphs[0]
    paragraph.add_run("сентябрь").font.strike = True
    paragraph.add_run(" октябрь")
    struck_double = table.cell(1, 3).paragraphs[0]
    struck_double._p.append(
        parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:dstrike/></w:rPr><w:t xml:space='preserve'>, завуч</w:t></w:r>")
    )
    plan = read_plan(saved(document), "план.docx")
    assert brief(plan) == [("1", "Семинар для учителей", "октябрь", "Директор")]
    assert "struck_rows" not in codes(plan)


def test_a_strike_switched_off_is_text() -> None:
    document, table = word_table([HEADER, [*SEMINAR[:3], ""]])
    table.cell(1, 3).paragraphs[0]._p.append(
        parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:strike w:val='0'/></w:rPr><w:t>Директор</w:t></w:r>")
    )
    plan = read_plan(saved(document), "план.docx")
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "Директор")]


def test_a_row_struck_through_in_excel_is_a_dropped_activity_named_by_a_problem() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in [HEADER, SEMINAR, COURSES, MEETING]:
        sheet.append(values)
    for cell in sheet[3]:
        cell.font = Font(strike=True)
    sheet["D4"].font = Font(strike=True)  # one struck cell leaves the row an activity
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "3"]
    assert [row for row, _ in problem(plan, "struck_rows")] == [3]


# -------------------------------------------------------------------------------------------- tracked changes


def test_tracked_changes_in_a_cell_read_as_accepted() -> None:
    """Pinned: the inserted text counts, the deleted does not; a row deleted with changes tracked is no activity."""
    document, table = word_table([HEADER, [*SEMINAR[:2], "", "Директор"], COURSES])
    author = "w:id='1' w:author='Методист' w:date='2025-01-01T00:00:00Z'"
    table.cell(1, 2).paragraphs[0]._p.append(
        parse_xml(f"<w:del {nsdecls('w')} {author}><w:r><w:delText>сентябрь</w:delText></w:r></w:del>")
    )
    table.cell(1, 2).paragraphs[0]._p.append(
        parse_xml(f"<w:ins {nsdecls('w')} {author.replace('1', '2', 1)}><w:r><w:t>декабрь</w:t></w:r></w:ins>")
    )
    row = table.rows[2]._tr
    row.get_or_add_trPr().append(parse_xml(f"<w:del {nsdecls('w')} {author.replace('1', '3', 1)}/>"))
    for paragraph in row.iter(f"{{{row.nsmap['w']}}}p"):
        for run in list(paragraph.iterchildren(f"{{{row.nsmap['w']}}}r")):
            text = "".join(t.text or "" for t in run.iter(f"{{{row.nsmap['w']}}}t"))
            paragraph.remove(run)
            paragraph.append(
                parse_xml(f"<w:del {nsdecls('w')} {author}><w:r><w:delText>{text}</w:delText></w:r></w:del>")
            )
    plan = read_plan(saved(document), "план.docx")
    assert brief(plan) == [("1", "Семинар для учителей", "декабрь", "Директор")]


def test_text_moved_with_changes_tracked_counts_where_it_was_moved_to() -> None:
    document, table = word_table([HEADER, [*SEMINAR[:3], ""]])
    moved = "w:id='5' w:author='Методист' w:name='move1'"
    cell = table.cell(1, 3).paragraphs[0]._p
    cell.append(parse_xml(f"<w:moveFrom {nsdecls('w')} {moved}><w:r><w:t>Завуч</w:t></w:r></w:moveFrom>"))
    cell.append(parse_xml(f"<w:moveTo {nsdecls('w')} {moved}><w:r><w:t>Директор</w:t></w:r></w:moveTo>"))
    plan = read_plan(saved(document), "план.docx")
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "Директор")]


# --------------------------------------------------------------------------------------------- from a PDF


def test_a_plan_copied_from_a_pdf_with_columns_parted_by_spaces() -> None:
    """No tab, no semicolon: the columns stand apart by runs of spaces. It was `header_not_found`."""
    text = (
        "№   Мероприятие                          Срок          Ответственный\n"
        "1   Семинар для учителей                 сентябрь      Директор\n"
        "2   Курсы повышения квалификации         октябрь       Заместитель директора по УВР\n"
        "3   Родительское собрание                ноябрь        Классные руководители\n"
    )
    plan = read_pasted(text)
    assert brief(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Заместитель директора по УВР"),
        ("3", "Родительское собрание", "ноябрь", "Классные руководители"),
    ]
    assert plan.problems == []


def test_a_pdf_copy_with_a_title_a_two_line_header_and_wrapped_cells() -> None:
    text = (
        "                 ПЛАН МЕРОПРИЯТИЙ ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ\n"
        " №     Наименование мероприятия              Срок исполнения    Ответственный\n"
        " п/п\n"
        " 1.    Анализ результатов ВПР по             до 01.10.2024      Иванова И.И.,\n"
        "       математике и русскому языку                              заместитель директора\n"
        " 2.    Педагогический совет «Качество        ноябрь 2024        Директор\n"
        "       образования»\n"
    )
    plan = read_pasted(text)
    assert brief(plan) == [
        (
            "1",
            "Анализ результатов ВПР по математике и русскому языку",
            "до 01.10.2024",
            "Иванова И.И., заместитель директора",
        ),
        ("2", "Педагогический совет «Качество образования»", "ноябрь 2024", "Директор"),
    ]
    assert [row for row, _ in problem(plan, "continued_row")] == [5, 7]


def test_a_pdf_copy_with_centred_section_headings_an_empty_cell_and_a_page_number() -> None:
    text = (
        "№    Мероприятие                       Срок            Ответственный\n"
        "              Раздел 1. Работа с педагогами\n"
        "1    Семинар для учителей              сентябрь        Директор\n"
        "2    Курсы повышения квалификации      октябрь\n"
        "              Раздел 2. Работа с родителями\n"
        "1    Родительское собрание             ноябрь          Классные руководители\n"
        "                                   - 2 -\n"
        "2    Консультации для родителей        в течение года  Педагог-психолог\n"
    )
    plan = read_pasted(text)
    assert sections(plan) == [
        ("1", "Работа с педагогами", ["1", "2"]),
        ("2", "Работа с родителями", ["1", "2"]),
    ]
    assert brief(plan)[1] == ("2", "Курсы повышения квалификации", "октябрь", "")
    assert brief(plan)[3] == ("2", "Консультации для родителей", "в течение года", "Педагог-психолог")
    assert [a.row for a in activities(plan)] == [3, 4, 6, 8]
    assert plan.problems == []


def test_a_pdf_copy_repeating_its_header_after_a_page_number() -> None:
    text = (
        "                                ДОРОЖНАЯ КАРТА\n"
        "№    Мероприятие                       Срок            Ответственный\n"
        "1    Семинар для учителей              сентябрь        Директор\n"
        "                              Страница 2 из 5\n"
        "№    Мероприятие                       Срок            Ответственный\n"
        "2    Курсы повышения квалификации      октябрь         Завуч\n"
    )
    plan = read_pasted(text)
    assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
    assert [a.row for a in activities(plan)] == [3, 6]
    assert plan.problems == []


def test_a_pdf_copy_with_two_spaces_between_cells_not_lined_up_fills_the_columns_in_order() -> None:
    """Cells parted by two spaces each, their columns not under the header's: read in order, a short row's missing
    cells at its end."""
    text = (
        "№ п/п  Наименование мероприятия  Срок  Ответственный  Отметка о выполнении\n"
        "1.  Семинар для учителей  сентябрь  Директор  выполнено\n"
        "2.  Курсы повышения квалификации  октябрь  Заместитель директора\n"
        "3.  Родительское собрание  ноябрь  Классные руководители  выполнено\n"
    )
    plan = read_pasted(text)
    assert brief(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Заместитель директора"),
        ("3", "Родительское собрание", "ноябрь", "Классные руководители"),
    ]
    assert [a.extra for a in activities(plan)] == [
        {"Отметка о выполнении": "выполнено"},
        {},
        {"Отметка о выполнении": "выполнено"},
    ]


def test_prose_with_double_spaces_is_no_table() -> None:
    """Two sentences parted by two spaces make no column: the text still has no plan header."""
    text = "Приказ.  О плане.  Утвердить.\nПлан мероприятий прилагается.\n"
    with pytest.raises(PlanFileError) as error:
        read_pasted(text)
    assert error.value.code == "header_not_found"


# ------------------------------------------------------------------------------- a regulation (seed 002)

REGULATION = [
    "№ п/п",
    "Процессы контроля и оценки качества образования",
    "Ф.И.О., должность ответственных муниципальных кураторов",
    "Документ оформляемый по результатам контроля и оценки качества процедур/процессов",
]
CURATOR = "Бондарь Елена Павловна, методист МКУ «Центр развития образования»"


def test_a_regulation_of_control_processes_reads_its_processes_as_activities() -> None:
    """The «Регламентирующие процессы и процедуры контроля» table of seed 002 was `header_not_found` alone: its
    processes, with a curator and a document each, are what the municipality does and checks."""
    rows = [
        REGULATION,
        ["1.", "Всероссийские проверочные работы", CURATOR, "Аналитическая справка о результатах ВПР"],
        ["2.", "Региональные диагностические работы", CURATOR, "Аналитическая справка"],
    ]
    for plan in (read_pasted(pf.tsv(rows)), read_plan(pf.docx_bytes([pf.Table(list(rows))]), "регламент.docx")):
        assert plan.columns == {
            "№ п/п": "number",
            "Процессы контроля и оценки качества образования": "title",
            "Ф.И.О., должность ответственных муниципальных кураторов": "responsible",
            "Документ оформляемый по результатам контроля и оценки качества процедур/процессов": "final_document",
        }
        assert [(a.number, a.title, a.responsible, a.final_document) for a in activities(plan)] == [
            ("1", "Всероссийские проверочные работы", CURATOR, "Аналитическая справка о результатах ВПР"),
            ("2", "Региональные диагностические работы", CURATOR, "Аналитическая справка"),
        ]


def test_a_process_heading_of_a_report_stays_a_section() -> None:
    """«Процесс 1: …» heads a section of the report in seed 002: only «Процессы контроля» name the activities."""
    rows = [
        pf.H002,
        ["Процесс 1: Повышение качества образования в школах с низкими результатами", "", ""],
        ["1.1.", "Прошли собеседования с администрацией школ", "Выявлены проблемные зоны школ"],
        ["Процесс 2: Развитие профессионального мастерства", "", ""],
        ["2.1.", "Проведены совещания с руководителями", "Определены направления деятельности"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [
        ("1", "Процесс 1: Повышение качества образования в школах с низкими результатами", ["1.1"]),
        ("2", "Процесс 2: Развитие профессионального мастерства", ["2.1"]),
    ]


SEED_002 = Path("/work/shared/seeds/002_7f84096b1ab106ae.txt")


def test_seed_002_keeps_the_report_and_names_the_regulation_by_its_header_row() -> None:
    """The whole order pasted: the report (52 activities) still wins over the regulation, which is now named — by the
    row of its header (62), not by the first line of the text (5)."""
    if not SEED_002.exists():
        pytest.skip("seed not available")
    plan = read_pasted(SEED_002.read_text(encoding="utf-8"))
    assert len(activities(plan)) == 52
    assert [s.number for s in plan.sections] == ["1", "2", "3"]
    [detail] = [d for _, d in problem(plan, "other_tables")]
    assert "загружена самая большая — таблица со строки 1261" in detail
    assert "Не загружено: таблица со строки 62 (столбцы «№ п/п | Процессы контроля" in detail


# ------------------------------------------------------------------------------------------- pinned shapes


def test_a_section_column_merged_down_beside_numbers_starting_anew() -> None:
    rows: list[list[str] | pf.Merged] = [
        ["Раздел", "№", "Мероприятие", "Срок", "Ответственный"],
        ["Работа с педагогами", *SEMINAR],
        ["Работа с педагогами", *COURSES],
        ["Работа с родителями", "1", "Родительское собрание", "ноябрь", "Классные руководители"],
    ]
    sheet: list[list[Any]] = [list(r) for r in rows if isinstance(r, list)]
    sheet[2][0] = ""
    for plan in (
        read_plan(pf.docx_bytes([pf.Table(rows, vmerge=[(0, 1, 2)])]), "план.docx"),
        read_plan(pf.xlsx_bytes(sheet, merges=["A2:A3"]), "план.xlsx"),
    ):
        assert sections(plan) == [(None, "Работа с педагогами", ["1", "2"]), (None, "Работа с родителями", ["1"])]
        assert [a.responsible for a in activities(plan)] == [
            "Директор",
            "Заместитель директора по УВР",
            "Классные руководители",
        ]
        assert plan.problems == []


def test_task_rows_merged_across_with_expected_results_under_their_activities() -> None:
    rows: list[list[str] | pf.Merged] = [
        HEADER,
        pf.Merged("Задача 1. Повысить учебную мотивацию обучающихся"),
        SEMINAR,
        COURSES,
        pf.Merged("Ожидаемый результат: повышена учебная мотивация"),
        pf.Merged("Задача 2. Вовлечь родителей"),
        ["1", "Родительское собрание", "ноябрь", "Классные руководители"],
        pf.Merged("Ожидаемые результаты:"),
        pf.Merged("родители вовлечены в жизнь школы"),
    ]
    plan = read_plan(pf.docx_bytes([pf.Table(rows)]), "план.docx")
    assert [(s.number, s.title, s.planned_results, [a.number for a in s.activities]) for s in plan.sections] == [
        ("1", "Задача 1. Повысить учебную мотивацию обучающихся", ["повышена учебная мотивация"], ["1", "2"]),
        ("2", "Задача 2. Вовлечь родителей", ["родители вовлечены в жизнь школы"], ["1"]),
    ]
    assert all(not a.expected_result for a in activities(plan))


def test_an_expected_result_label_in_the_number_cell_with_the_result_beside_it() -> None:
    """«Ожидаемый результат: | повышена мотивация» under a task's activities was an activity numbered «Ожидаемый
    результат:» (`unusual_number`)."""
    rows = [
        HEADER,
        ["Задача 1. Повысить учебную мотивацию", "", "", ""],
        SEMINAR,
        ["Ожидаемый результат:", "повышена учебная мотивация", "", ""],
        ["Задача 2. Вовлечь родителей", "", "", ""],
        ["1", "Родительское собрание", "ноябрь", "Классные руководители"],
        ["Ожидаемые результаты:", "родители вовлечены", "", "посещаемость собраний 80%"],
    ]
    sheet = pf.xlsx_bytes(list[list[Any]](rows), merges=["B4:D4"])
    for plan in (read_pasted(pf.tsv(rows)), read_plan(sheet, "план.xlsx")):
        assert [(s.number, s.planned_results, [a.number for a in s.activities]) for s in plan.sections] == [
            ("1", ["повышена учебная мотивация"], ["1"]),
            ("2", ["родители вовлечены", "посещаемость собраний 80%"], ["1"]),
        ]
        assert plan.problems == []


def test_task_rows_and_expected_results_merged_across_a_sheet() -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["Задача 1. Повысить учебную мотивацию"],
        [1, "Семинар для учителей", "сентябрь", "Директор"],
        ["Ожидаемый результат: повышена учебная мотивация"],
        ["Задача 2. Вовлечь родителей"],
        [1, "Родительское собрание", "ноябрь", "Классные руководители"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["A2:D2", "A4:D4", "A5:D5"]), "план.xlsx")
    assert [(s.number, s.planned_results, [a.number for a in s.activities]) for s in plan.sections] == [
        ("1", ["повышена учебная мотивация"], ["1"]),
        ("2", [], ["1"]),
    ]
    assert plan.problems == []


def test_a_deadline_of_two_lines_stays_whole() -> None:
    rows = [HEADER, ["1", "Мониторинг посещаемости", "до 01.09.2025 г.\nежемесячно", "Директор"], COURSES]
    plan = read_plan(pf.docx_bytes([pf.Table(list[list[str] | pf.Merged](rows))]), "план.docx")
    assert [a.deadline for a in activities(plan)] == ["до 01.09.2025 г.\nежемесячно", "октябрь"]


def test_a_landscape_page_repeating_the_header_with_a_page_footer_row() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph("Дорожная карта")
    rows = [HEADER, SEMINAR, ["", "", "", ""], HEADER, COURSES]
    table = document.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    table.cell(2, 0).merge(table.cell(2, 3)).text = "Страница 2 из 5"
    plan = read_plan(saved(document), "план.docx")
    assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
    assert [a.row for a in activities(plan)] == [2, 5]
    assert plan.problems == []


def test_a_number_written_twice_keeps_both_and_warns() -> None:
    rows = [HEADER, SEMINAR, COURSES, ["2", "Родительское собрание", "ноябрь", "Классные руководители"]]
    plan = read_pasted(pf.tsv(rows))
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1", "Семинар для учителей"),
        ("2", "Курсы повышения квалификации"),
        ("2", "Родительское собрание"),
    ]
    assert problem(plan, "repeated_number") == [(4, "Строка 4: номер 2 уже был в строке 3")]


def test_a_number_written_twice_across_two_word_tables_keeps_both() -> None:
    """The plan goes on in a second table (a page break) whose first row repeats the last number."""
    again = ["2", "Родительское собрание", "ноябрь", "Классные руководители"]
    content = pf.docx_bytes([pf.Table([HEADER, SEMINAR, COURSES]), pf.Table([again, MEETING])])
    plan = read_plan(content, "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2", "2", "3"]
    assert codes(plan) == ["repeated_number"]


def test_numbering_starting_anew_in_each_section_is_no_repeat() -> None:
    rows = [
        HEADER,
        ["Раздел 1. Работа с педагогами", "", "", ""],
        SEMINAR,
        COURSES,
        ["Раздел 2. Работа с родителями", "", "", ""],
        ["1", "Родительское собрание", "ноябрь", "Классные руководители"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == [
        ("1", "Работа с педагогами", ["1", "2"]),
        ("2", "Работа с родителями", ["1"]),
    ]
    assert plan.problems == []


def test_an_execution_mark_and_an_indicator_are_extra_values() -> None:
    rows = [
        [*HEADER, "Целевой показатель", "Ожидаемый результат", "Отметка о выполнении"],
        [*SEMINAR, "100% педагогов", "Проведён семинар", "выполнено"],
    ]
    plan = read_plan(pf.xlsx_bytes(list(rows)), "план.xlsx")
    [activity] = activities(plan)
    assert (activity.title, activity.expected_result) == ("Семинар для учителей", "Проведён семинар")
    assert activity.extra == {"Целевой показатель": "100% педагогов", "Отметка о выполнении": "выполнено"}


def test_an_execution_mark_alone_is_never_the_result() -> None:
    plan = read_pasted(pf.tsv([[*HEADER, "Отметка о выполнении"], [*SEMINAR, "выполнено"]]))
    [activity] = activities(plan)
    assert (activity.expected_result, activity.extra) == ("", {"Отметка о выполнении": "выполнено"})


def test_an_indicator_left_of_the_title_is_no_title() -> None:
    plan = read_pasted(pf.tsv([["№", "Индикатор", "Мероприятие", "Срок"], ["1", "Доля 50%", "Семинар", "май"]]))
    [activity] = activities(plan)
    assert (activity.title, activity.expected_result, activity.deadline) == ("Семинар", "Доля 50%", "май")


def test_a_responsible_column_of_positions_only_is_the_responsible() -> None:
    rows = [HEADER, ["1", "Семинар", "сентябрь", "Заместитель директора по УВР"], ["2", "Курсы", "октябрь",
            "Педагог-психолог, социальный педагог"]]  # fmt: skip
    plan = read_pasted(pf.tsv(rows))
    assert [a.responsible for a in activities(plan)] == [
        "Заместитель директора по УВР",
        "Педагог-психолог, социальный педагог",
    ]
    assert plan.problems == []


def test_a_posts_column_is_the_responsible_when_no_column_names_it() -> None:
    """«Должность» was an extra column and every activity had no responsible."""
    rows = [["№", "Мероприятие", "Срок", "Должность"], ["1", "Семинар", "сентябрь", "Заместитель директора по УВР"]]
    plan = read_pasted(pf.tsv(rows))
    assert plan.columns == {"№": "number", "Мероприятие": "title", "Срок": "deadline", "Должность": "responsible"}
    assert activities(plan)[0].responsible == "Заместитель директора по УВР"


def test_a_posts_column_beside_the_responsible_goes_with_the_name() -> None:
    """Round 20: the post is part of the party, as «завуч Иванова И.И.» typed in one cell is (it stayed an extra
    value, the party saved without it)."""
    rows = [["№", "Мероприятие", "Должность", "Ответственный"], ["1", "Семинар", "завуч", "Иванова И.И."]]
    plan = read_pasted(pf.tsv(rows))
    [activity] = activities(plan)
    assert (activity.responsible, activity.extra) == ("завуч Иванова И.И.", {})


def test_a_sheet_starting_at_column_c_with_the_column_numbers_row_and_empty_rows() -> None:
    rows: list[list[Any]] = [
        ["", "", *HEADER],
        ["", "", 1, 2, 3, 4],
        [],
        ["", "", 1, "Семинар для учителей", "сентябрь", "Директор"],
        [],
        ["", "", 2, "Курсы повышения квалификации", "октябрь", "Заместитель директора по УВР"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert brief(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Заместитель директора по УВР"),
    ]
    assert [a.row for a in activities(plan)] == [4, 6]
    assert plan.problems == []


def test_a_two_row_header_with_its_column_numbers_row_under_it() -> None:
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "Сроки", "", "Ответственный"],
        ["", "", "начало", "окончание", ""],
        [1, 2, 3, 4, 5],
        [1, "Семинар для учителей", "01.09.2024", "15.09.2024", "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["A1:A2", "B1:B2", "C1:D1", "E1:E2"]), "план.xlsx")
    assert brief(plan) == [("1", "Семинар для учителей", "01.09.2024 – 15.09.2024", "Директор")]
    assert [a.row for a in activities(plan)] == [4]
    assert plan.problems == []


def test_titles_merged_over_b_to_d_in_every_row_are_one_title_column() -> None:
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "", "", "Срок", "Ответственный"],
        ["1", "Семинар для учителей", "", "", "сентябрь", "Директор"],
        ["2", "Курсы повышения квалификации", "", "", "октябрь", "Завуч"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows, merges=["B1:D1", "B2:D2", "B3:D3"]), "план.xlsx")
    assert brief(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Завуч"),
    ]
    assert plan.columns == {"№": "number", "Мероприятие": "title", "Срок": "deadline", "Ответственный": "responsible"}
    assert all(a.extra == {} for a in activities(plan))


def test_empty_word_rows_between_activities_keep_the_rows_the_user_sees() -> None:
    blank = ["", "", "", ""]
    plan = read_plan(pf.docx_bytes([pf.Table([HEADER, blank, SEMINAR, blank, COURSES])]), "план.docx")
    assert [(a.row, a.number) for a in activities(plan)] == [(3, "1"), (5, "2")]
    assert plan.problems == []
