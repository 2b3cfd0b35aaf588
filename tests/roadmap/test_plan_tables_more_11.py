"""Plan tables of a twelfth pass: a Word table pasted as text whose cells hold bulleted or «1)»-numbered paragraphs
(«•⇥текст», the Symbol font's «\\uf0b7»), tables drawn with pipes (Markdown, a wiki, a chat), XLSX columns hidden
for printing, Word's auto-numbered «№» cells of a table continued in a list of its own (shared counters,
«Начать заново»), section letters without a dot («А | Организационные мероприятия»), activities numbered «а)», «I.»,
a «Ответственный за контроль» column beside the executor; and shapes of municipal plans that already read right,
pinned."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
import pytest
import xlsxwriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, brief, codes, sections, summary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
COURSES = ["2", "Курсы повышения квалификации", "октябрь", "Заместитель директора по УВР"]


def problem(plan: ImportedPlan, code: str) -> list[tuple[int | None, str]]:
    return [(p.row, p.detail) for p in plan.problems if p.code == code]


def pasted(*lines: str) -> ImportedPlan:
    return read_pasted("\n".join(lines) + "\n")


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def book(rows: list[list[Any]], edit: Any = None, merges: tuple[str, ...] = ()) -> bytes:
    """A one-sheet book of `rows`, merged ranges, then `edit(sheet)` (hidden columns, formats, formulas)."""
    return pf.edited_book(rows, edit, merges)


# ---------------------------------------------------------------------------------- Word pasted: lists in cells

TAB = "\t"
HEAD = TAB.join(HEADER)
NEXT = TAB.join(COURSES)
SEMINARS = "Семинары:\nдля учителей математики;\nдля учителей физики"


@pytest.mark.parametrize("bullet", ["•", "·", "\uf0b7"])
def test_bulleted_paragraphs_of_a_title_cell_pasted_from_word_stay_in_the_activity(bullet: str) -> None:
    """Word copies a cell's bulleted paragraph as the bullet, a tab and its text: the activity was cut after its first
    bullet («Семинары: для учителей математики;» without deadline) and the last one became an unnumbered activity."""
    plan = pasted(
        HEAD,
        f"1{TAB}Семинары:",
        f"{bullet}{TAB}для учителей математики;",
        f"{bullet}{TAB}для учителей физики{TAB}сентябрь{TAB}Директор",
        NEXT,
    )
    assert brief(plan) == [("1", SEMINARS, "сентябрь", "Директор"), tuple(COURSES)]
    assert [a.row for a in activities(plan)] == [2, 5]
    assert plan.problems == []


def test_a_title_cell_bulleted_from_its_first_paragraph_pasted_from_word() -> None:
    """«1⇥•⇥Семинар…» then «•⇥курсы…⇥сентябрь⇥Директор»: the title was «•», the deadline «Семинар для учителей»."""
    plan = pasted(
        HEAD,
        f"1{TAB}•{TAB}Семинар для учителей;",
        f"•{TAB}консультации для учителей{TAB}сентябрь{TAB}Директор",
        NEXT,
    )
    assert brief(plan) == [
        ("1", "Семинар для учителей;\nконсультации для учителей", "сентябрь", "Директор"),
        tuple(COURSES),
    ]
    assert plan.problems == []


def test_bulleted_people_of_a_responsible_cell_pasted_from_word() -> None:
    """The last cell «•⇥Директор;» ⏎ «•⇥Завуч»: «Завуч» went on with the title; with the Symbol bullet «\\uf0b7» the
    bullet itself was the responsible and «Директор» an unnamed column, «Завуч» an activity numbered «»."""
    for bullet in ["•", "\uf0b7"]:
        plan = pasted(
            HEAD,
            f"1{TAB}Семинар для учителей{TAB}сентябрь{TAB}{bullet}{TAB}Директор;",
            f"{bullet}{TAB}Завуч",
            NEXT,
        )
        assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "Директор;\nЗавуч"), tuple(COURSES)]
        assert list(plan.columns) == HEADER
        assert plan.problems == []


def test_a_list_numbered_inside_a_title_cell_pasted_from_word() -> None:
    """«1)⇥для учителей математики;» ⏎ «2)⇥…⇥сентябрь⇥Директор»: the activity became the section «Семинары:» over two
    activities numbered 1 and 2 (the next row's «2» then a repeated number)."""
    plan = pasted(
        HEAD,
        f"1{TAB}Семинары:",
        f"1){TAB}для учителей математики;",
        f"2){TAB}для учителей физики{TAB}сентябрь{TAB}Директор",
        NEXT,
    )
    assert brief(plan) == [
        ("1", "Семинары:\n1) для учителей математики;\n2) для учителей физики", "сентябрь", "Директор"),
        tuple(COURSES),
    ]
    assert plan.problems == []


def test_a_row_numbered_with_a_bracket_after_a_broken_cell_is_still_the_next_row() -> None:
    """Only a list started in the cell («1)», then «2)») goes on with it: «2)» opening the next row of a plan numbered
    «1)», «2)» after a title broken over two lines stays a row of its own."""
    plan = pasted(
        HEAD,
        f"1){TAB}Семинар для учителей",
        f"математики{TAB}сентябрь{TAB}Директор",
        f"2){TAB}Курсы повышения квалификации{TAB}октябрь{TAB}Завуч",
    )
    assert brief(plan) == [
        ("1", "Семинар для учителей\nматематики", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Завуч"),
    ]


# ---------------------------------------------------------------------- Word pasted: a header cell over two columns


def test_a_header_cell_over_two_columns_pasted_from_word_keeps_the_columns_in_place() -> None:
    """Word copies «Сроки» merged over «начало | окончание» as one cell: the header was a column short, the end
    date read as the responsible and the responsible as «Столбец 5»."""
    plan = pasted(
        "№\tМероприятие\tСроки\tОтветственные\tПримечание",
        "\t\tначало\tокончание\tОО\tМОУО\t",
        "1\tСеминар для учителей\t01.09.2024\t30.09.2024\tДиректор\tММС\t",
        "2\tКурсы повышения квалификации\t01.10.2024\t31.10.2024\tЗавуч\tММС\tперенос",
        "3\tПедагогический совет\t01.11.2024\t30.11.2024\tЗавуч\tУО\t",
    )
    assert [(a.number, a.deadline, a.responsible, a.extra) for a in activities(plan)] == [
        ("1", "01.09.2024 – 30.09.2024", "Директор, ММС", {}),
        ("2", "01.10.2024 – 31.10.2024", "Завуч, ММС", {"Примечание": "перенос"}),
        ("3", "01.11.2024 – 30.11.2024", "Завуч, УО", {}),
    ]
    assert plan.problems == []


def test_a_plan_and_fact_header_pasted_from_word() -> None:
    plan = pasted(
        "№\tМероприятие\tСрок исполнения\tОтветственный",
        "\t\tплан\tфакт\t",
        "1\tСеминар для учителей\tсентябрь\tсентябрь\tДиректор",
        "2\tКурсы повышения квалификации\tоктябрь\tноябрь\tЗавуч",
        "3\tПедагогический совет\tноябрь\t\tЗавуч",
    )
    assert [(a.deadline, a.responsible) for a in activities(plan)] == [
        ("сентябрь", "Директор"),
        ("октябрь", "Завуч"),
        ("ноябрь", "Завуч"),
    ]
    assert [a.extra for a in activities(plan)] == [*FACTS, {}]


# ------------------------------------------------------------------------------------------------ pipe tables


def test_a_markdown_table_is_read() -> None:
    """«| № | Мероприятие | … |» with its «|---|» rule (a table from a chat or a wiki) was `header_not_found`; the rows
    keep their line numbers, quotes stay text."""
    plan = pasted(
        "План мероприятий",
        "",
        "| № | Мероприятие | Срок | Ответственный |",
        "|:-:|---|---|---|",
        '| 1 | Семинар «Точка роста» и "ВПР" | сентябрь | Директор |',
        "| 2 | Курсы повышения квалификации | октябрь | Заместитель директора по УВР |",
    )
    assert list(plan.columns) == HEADER
    assert brief(plan) == [("1", 'Семинар «Точка роста» и "ВПР"', "сентябрь", "Директор"), tuple(COURSES)]
    assert [a.row for a in activities(plan)] == [5, 6]
    assert plan.problems == []


def test_a_markdown_table_with_line_breaks_bold_and_a_section_row() -> None:
    """«Директор<br>Завуч» is a cell of two lines, «**Семинар**» plain text; a row with only its title in bold is the
    section over 1.1, 1.2."""
    plan = pasted(
        "| № | Мероприятие | Срок | Ответственный |",
        "|---|---|---|---|",
        "| | **1. Организационные мероприятия** | | |",
        "| 1.1 | **Семинар** для учителей | сентябрь | Директор<br>Завуч |",
        "| 1.2 | Курсы повышения квалификации | октябрь<br/>ноябрь | Завуч |",
    )
    assert sections(plan) == [("1", "Организационные мероприятия", ["1.1", "1.2"])]
    assert brief(plan) == [
        ("1.1", "Семинар для учителей", "сентябрь", "Директор\nЗавуч"),
        ("1.2", "Курсы повышения квалификации", "октябрь\nноябрь", "Завуч"),
    ]


def test_a_table_with_pipes_between_its_cells_only_is_read() -> None:
    """«№ | Мероприятие | Срок | Ответственный» without outer pipes (Word's «Преобразовать в текст» with «|»), a
    cell's second line on a line of its own; a «;» inside a cell splits nothing."""
    plan = pasted(
        " | ".join(HEADER),
        "1 | Семинар; консультации | сентябрь | Директор,",
        "завуч",
        " | ".join(COURSES),
        "3 | Педагогический совет | ноябрь | Директор; завуч",
    )
    assert brief(plan) == [
        ("1", "Семинар; консультации", "сентябрь", "Директор,\nзавуч"),
        tuple(COURSES),
        ("3", "Педагогический совет", "ноябрь", "Директор; завуч"),
    ]


def test_a_table_drawn_with_a_grid_of_pipes_and_pluses_is_read() -> None:
    rule = "+---+------------------------------+----------+---------------+"
    plan = pasted(
        rule,
        "| № | Мероприятие | Срок | Ответственный |",
        rule.replace("-", "="),
        "| 1 | Семинар для учителей | сентябрь | Директор |",
        rule,
        "| 2 | Курсы повышения квалификации | октябрь | Заместитель директора по УВР |",
        rule,
    )
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "Директор"), tuple(COURSES)]
    assert [a.row for a in activities(plan)] == [4, 6]


def test_a_text_with_a_pipe_here_and_there_is_no_pipe_table() -> None:
    """Pins: a tab-separated plan whose titles hold a «|» is read by its tabs."""
    plan = pasted(
        HEAD, f"1{TAB}Семинар | практикум{TAB}сентябрь{TAB}Директор", NEXT, f"3{TAB}Совет{TAB}ноябрь{TAB}Завуч"
    )
    assert [a.title for a in activities(plan)] == ["Семинар | практикум", COURSES[1], "Совет"]


# ------------------------------------------------------------------------------------------ hidden XLSX columns


def test_a_hidden_excel_column_holding_the_deadlines_is_named() -> None:
    """«Срок» hidden for printing: the plan read without deadlines and nothing said so."""

    def hide(sheet: Any) -> None:
        sheet.column_dimensions["C"].hidden = True

    content = book([HEADER, ["1", "Семинар для учителей", "сентябрь", "Директор"], COURSES], hide)
    plan = read_plan(content, "план.xlsx")
    assert [a.deadline for a in activities(plan)] == ["", ""]
    assert problem(plan, "hidden_columns") == [
        (
            None,
            "Скрытые столбцы листа Excel не загружены: C («Срок»). Покажите их и загрузите файл снова, если в них "
            "данные плана",
        )
    ]


def test_a_hidden_excel_column_without_text_under_the_header_is_not_named() -> None:
    """A hidden column holding only the book's title above the header, or nothing at all, is no loss."""

    def hide(sheet: Any) -> None:
        sheet.column_dimensions["E"].hidden = True
        sheet.column_dimensions["F"].hidden = True

    rows = [["", "", "", "", "Версия 2"], HEADER, ["1", "Семинар для учителей", "сентябрь", "Директор"], COURSES]
    plan = read_plan(book(rows, hide), "план.xlsx")
    assert len(activities(plan)) == 2
    assert plan.problems == []


# ---------------------------------------------------------------------------------------- Word's auto-numbering


def numbered_tables(override: int | None) -> bytes:
    """Two tables of one plan (a page break between), each «№» cell auto-numbered «1.»: the second table's cells in a
    list of their own on the same definition, restarting at `override` when given."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='77'><w:lvl w:ilvl='0'><w:start w:val='1'/>"
            "<w:numFmt w:val='decimal'/><w:lvlText w:val='%1.'/></w:lvl></w:abstractNum>"
        )
    )
    restart = f"<w:lvlOverride w:ilvl='0'><w:startOverride w:val='{override}'/></w:lvlOverride>" if override else ""
    for num_id, extra in [("5", ""), ("6", restart)]:
        numbering.append(
            parse_xml(f"<w:num {nsdecls('w')} w:numId='{num_id}'><w:abstractNumId w:val='77'/>{extra}</w:num>")
        )
    parts = [
        ("5", [["", "Семинар для учителей", "сентябрь", "Директор"], ["", *COURSES[1:]]]),
        ("6", [["", "Педагогический совет", "ноябрь", "Директор"]]),
    ]
    for num_id, rows in parts:
        table = document.add_table(rows=len(rows) + 1, cols=4)
        for c, text in enumerate(HEADER):
            table.cell(0, c).text = text
        for r, values in enumerate(rows, start=1):
            for c, text in enumerate(values):
                table.cell(r, c).text = text
            paragraph = table.cell(r, 0).paragraphs[0]
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f"<w:numPr {nsdecls('w')}><w:ilvl w:val='0'/><w:numId w:val='{num_id}'/></w:numPr>")
            )
        document.add_paragraph("")
    return saved(document)


def test_auto_numbers_go_on_in_a_table_continued_in_a_list_of_its_own() -> None:
    """Word counts the lists of one definition together: the second table shows «3.», it was read «1» (a repeated
    number)."""
    plan = read_plan(numbered_tables(None), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3"]
    assert plan.problems == []


@pytest.mark.parametrize(("start", "shown"), [(1, "1"), (5, "5")])
def test_auto_numbers_restarted_in_word_start_again(start: int, shown: str) -> None:
    """«Начать заново» (or «Задать начальное значение: 5») writes `w:startOverride`: the second table shows it."""
    plan = read_plan(numbered_tables(start), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2", shown]


# ------------------------------------------------------------------------------------------ letters and numerals


def test_a_section_letter_without_a_dot_in_the_number_cell() -> None:
    """«А | Организационные мероприятия» with no deadline or responsible was an activity numbered «А»
    (`unusual_number`), as «Б» was; with «А.» it was already a section."""
    plan = pasted(
        HEAD,
        f"А{TAB}Организационные мероприятия{TAB}{TAB}",
        f"1{TAB}Семинар для учителей{TAB}сентябрь{TAB}Директор",
        f"Б{TAB}Методическая работа{TAB}{TAB}",
        NEXT,
    )
    assert sections(plan) == [
        (None, "А. Организационные мероприятия", ["1"]),
        (None, "Б. Методическая работа", ["2"]),
    ]
    assert plan.problems == []


def test_activities_numbered_with_letters_are_no_unusual_numbers() -> None:
    """«а)», «б)», «в)» numbering the activities themselves (no «1.» above): each was `unusual_number`."""
    plan = pasted(
        HEAD,
        f"а){TAB}Семинар для учителей{TAB}сентябрь{TAB}Директор",
        f"б){TAB}Курсы повышения квалификации{TAB}октябрь{TAB}Завуч",
        f"в){TAB}Педагогический совет{TAB}ноябрь{TAB}Директор",
    )
    assert [a.number for a in activities(plan)] == ["а", "б", "в"]
    assert plan.problems == []


def test_activities_numbered_with_roman_numerals_by_word_are_no_unusual_numbers() -> None:
    """A «№» column auto-numbered «I.», «II.» (upperRoman) beside activities with their deadlines."""
    rows: list[list[str] | pf.Merged] = [
        HEADER,
        ["I.", "Семинар для учителей", "сентябрь", "Директор"],
        ["II.", "Курсы повышения квалификации", "октябрь", "Завуч"],
    ]
    plan = read_plan(pf.docx_bytes([Table(rows)]), "план.docx")
    assert [a.number for a in activities(plan)] == ["I", "II"]
    assert plan.problems == []


def test_an_odd_word_in_the_number_column_is_still_unusual() -> None:
    """Pins: «ОО» in the «№» cell is still named."""
    plan = pasted(HEAD, f"1{TAB}Семинар{TAB}сентябрь{TAB}Директор", f"ОО{TAB}Курсы{TAB}октябрь{TAB}Завуч")
    assert codes(plan) == ["unusual_number"]


# -------------------------------------------------------------------------------------------------- columns


def test_the_controller_column_beside_the_executor_is_an_extra_value() -> None:
    """«Исполнитель | Ответственный за контроль»: the controller was the responsible (the strong word) and the ones
    doing the activity an extra value; either side, the executor is the responsible now."""
    for header, row in [
        (["Исполнитель", "Ответственный за контроль"], ["Методист ММС", "Начальник управления"]),
        (["Ответственный за контроль", "Исполнители"], ["Начальник управления", "Методист ММС"]),
    ]:
        plan = pasted(TAB.join(["№", "Мероприятие", "Срок", *header]), TAB.join(["1", "Семинар", "сентябрь", *row]))
        assert brief(plan) == [("1", "Семинар", "сентябрь", "Методист ММС")]
        assert activities(plan)[0].extra == {"Ответственный за контроль": "Начальник управления"}


def test_the_controller_column_alone_names_the_responsible() -> None:
    plan = pasted(TAB.join(["№", "Мероприятие", "Срок", "Ответственный за контроль"]), "1\tСеминар\tсентябрь\tДиректор")
    assert brief(plan) == [("1", "Семинар", "сентябрь", "Директор")]


def test_a_plan_of_what_when_who_columns() -> None:
    """«Что делаем | Когда | Кто»: a school's short plan was `header_not_found`."""
    plan = pasted("№\tЧто делаем\tКогда\tКто", "1\tСеминар для учителей\tсентябрь\tДиректор")
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "Директор")]


# ------------------------------------------------------------------------------------------- XLSX formulas

ROWS: list[list[Any]] = [
    HEADER,
    [None, "Семинар для учителей", "сентябрь", "Директор"],
    [None, "Курсы повышения квалификации", "октябрь", "Завуч"],
    [None, "Педагогический совет", "ноябрь", "Директор"],
]


@pytest.mark.parametrize(
    "numbering",
    [
        ["1", "=MAX($A$2:A2)+1", "=MAX($A$2:A3)+1"],
        ["=COUNTA($B$2:B2)", "=COUNTA($B$2:B3)", "=COUNTA($B$2:B4)"],
        ["=SUBTOTAL(103,$B$2:B2)", "=SUBTOTAL(103,$B$2:B3)", "=SUBTOTAL(3,$B$2:B4)"],
        ['=IF(B2="","",1)', '=IF(B3="","",A2+1)', '=IF(B4<>"",A3+1,"")'],
        ["=ROW()-1", '=IF(LEN(B3)>0,A2+1,"")', '=IF(ISBLANK(B4),"",A3+1)'],
    ],
)
def test_numbering_formulas_of_a_book_saved_without_their_values(numbering: list[str]) -> None:
    """A book written by a program keeps no values of its formulas: «=MAX($A$2:A2)+1», «=COUNTA($B$2:B3)»,
    «=SUBTOTAL(103,…)», «=IF(B3="","",A2+1)» numbering the rows were read as no numbers (`missing_number`)."""

    def number(sheet: Any) -> None:
        for row, formula in enumerate(numbering, start=2):
            sheet.cell(row, 1, int(formula) if formula.isdigit() else formula)

    plan = read_plan(book(ROWS, number), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3"]
    assert plan.problems == []


def test_a_formula_the_importer_does_not_know_leaves_no_number() -> None:
    """«=OFFSET(A2,0,0)+1»: OFFSET is not computed, so the cell keeps what the file stores (nothing): the number is
    missing and named, never guessed; the next row's «=A3+1» has no number to go on from either."""

    def number(sheet: Any) -> None:
        sheet["A2"] = 1
        sheet["A3"] = "=OFFSET(A2,0,0)+1"
        sheet["A4"] = "=A3+1"

    plan = read_plan(book(ROWS, number), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", None, None]
    assert codes(plan) == ["missing_number", "missing_number"]


def test_an_empty_formula_row_under_the_plan_is_no_activity() -> None:
    """«=IF(B5="","",A4+1)» filled down past the last activity gives «» there: no row."""

    def number(sheet: Any) -> None:
        sheet["A2"] = 1
        for row in range(3, 7):
            sheet.cell(row, 1, f'=IF(B{row}="","",A{row - 1}+1)')

    plan = read_plan(book(ROWS, number), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3"]
    assert plan.problems == []


# ------------------------------------------------------------------------------------- quotes in pasted text


def test_a_cell_opening_with_a_quote_pasted_from_excel_or_word_keeps_its_quotes() -> None:
    """Excel quotes a cell only when it holds a line break (and Word never): «"Точка роста": открытие центра» was
    read as a quoted field, «Точка роста: открытие центра», and «"Завуч"» lost its quotes."""
    plan = pasted(
        HEAD,
        f'1{TAB}"Точка роста": открытие центра{TAB}сентябрь{TAB}Директор',
        f'2{TAB}Конкурс "Учитель года"{TAB}октябрь{TAB}"Завуч"',
    )
    assert brief(plan) == [
        ("1", '"Точка роста": открытие центра', "сентябрь", "Директор"),
        ("2", 'Конкурс "Учитель года"', "октябрь", '"Завуч"'),
    ]


def test_a_tab_separated_file_saved_by_excel_keeps_no_quotes_around_cells_with_commas() -> None:
    """Pins: Excel's «Текст (разделители — знаки табуляции)» quotes a cell holding a comma: the quotes are no text."""
    content = "\r\n".join([HEAD, f'1{TAB}"Семинар, практикум"{TAB}сентябрь{TAB}"Директор, завуч"', NEXT]) + "\r\n"
    plan = read_plan(content.encode("utf-16"), "план.txt")
    assert brief(plan) == [("1", "Семинар, практикум", "сентябрь", "Директор, завуч"), tuple(COURSES)]


def test_a_cell_excel_quoted_for_its_line_break_or_quotes_is_one_cell() -> None:
    """Pins: «"Семинар:⏎- для учителей"» is one cell of two lines, a quoted cell with its quotes doubled one cell
    keeping them; the rows keep the lines they start on."""
    plan = pasted(
        HEAD,
        f'1{TAB}"Семинар:\n- для учителей математики"{TAB}сентябрь{TAB}Директор',
        f'2{TAB}"Конкурс ""Учитель года"""{TAB}октябрь{TAB}Завуч',
    )
    assert brief(plan) == [
        ("1", "Семинар:\n- для учителей математики", "сентябрь", "Директор"),
        ("2", 'Конкурс "Учитель года"', "октябрь", "Завуч"),
    ]
    assert [a.row for a in activities(plan)] == [2, 4]


# ---------------------------------------------------------------------------------- Word content controls

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def controlled_plan(inline: bool) -> bytes:
    """A template's plan whose deadlines are date pickers (content controls): row 1's filled in, row 2's left showing
    Word's placeholder, inline in the cell's paragraph or as a block around it."""
    document = docx.Document()
    table = word_rows(document, [HEADER, ["1", "Семинар для учителей", "", "Директор"], ["2", COURSES[1], "", "Завуч"]])
    filled = (
        f"<w:sdt {nsdecls('w')}><w:sdtPr><w:date w:fullDate='2024-09-15T00:00:00Z'/></w:sdtPr>"
        "<w:sdtContent><w:r><w:t>15.09.2024</w:t></w:r></w:sdtContent></w:sdt>"
    )
    empty = (
        f"<w:sdt {nsdecls('w')}><w:sdtPr><w:showingPlcHdr/><w:date/></w:sdtPr>"
        "<w:sdtContent><w:r><w:t>Место для ввода даты.</w:t></w:r></w:sdtContent></w:sdt>"
    )
    for row, control in [(1, filled), (2, empty)]:
        cell = table.cell(row, 2)._tc
        paragraph = cell.find(f"{{{W}}}p")
        if inline:
            paragraph.append(parse_xml(control))
        else:
            block = parse_xml(control.replace("<w:r>", f"<w:p {nsdecls('w')}><w:r>").replace("</w:r>", "</w:r></w:p>"))
            cell.replace(paragraph, block)
    return saved(document)


def word_rows(document: Any, rows: list[list[str]]) -> Any:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    return table


@pytest.mark.parametrize("inline", [True, False])
def test_the_placeholder_of_an_empty_content_control_is_no_deadline(inline: bool) -> None:
    """«Место для ввода даты.» (a date picker nobody filled) was read as the deadline of row 2."""
    plan = read_plan(controlled_plan(inline), "план.docx")
    assert [(a.number, a.deadline) for a in activities(plan)] == [("1", "15.09.2024"), ("2", "")]


# ------------------------------------------------------------------------------------------------ ditto marks


def test_ditto_marks_repeat_the_value_of_the_row_above() -> None:
    """«-//-», «то же», «"» (a ditto mark typed in Word) under «Директор» were the responsible as written; the lone
    «"» of a pasted row was even read as a quoted cell running over the next rows."""
    plan = pasted(
        TAB.join([*HEADER, "Форма отчётности"]),
        f"1{TAB}Семинар для учителей{TAB}сентябрь{TAB}Директор{TAB}Справка",
        f"2{TAB}Курсы повышения квалификации{TAB}октябрь{TAB}-//-{TAB}то же",
        f'3{TAB}Педагогический совет{TAB}-"-{TAB}"{TAB}Протокол',
        f'4{TAB}Конкурс "Учитель года"{TAB}декабрь{TAB}Завуч{TAB}"',
    )
    assert [(a.number, a.title, a.deadline, a.responsible, a.final_document) for a in activities(plan)] == [
        ("1", "Семинар для учителей", "сентябрь", "Директор", "Справка"),
        ("2", "Курсы повышения квалификации", "октябрь", "Директор", "Справка"),
        ("3", "Педагогический совет", "октябрь", "Директор", "Протокол"),
        ("4", 'Конкурс "Учитель года"', "декабрь", "Завуч", "Протокол"),
    ]


def test_a_ditto_mark_in_a_word_table_repeats_the_value_above_across_a_section_heading() -> None:
    rows: list[list[str] | Merged] = [
        HEADER,
        Merged("1. Организационные мероприятия"),
        ["1.1", "Семинар для учителей", "в течение года", "Управление образования"],
        Merged("2. Методическая работа"),
        ["2.1", "Методический день", "то же", "«-//-»"],
    ]
    plan = read_plan(pf.docx_bytes([Table(rows)]), "план.docx")
    assert brief(plan) == [
        ("1.1", "Семинар для учителей", "в течение года", "Управление образования"),
        ("2.1", "Методический день", "в течение года", "Управление образования"),
    ]


def test_a_ditto_mark_with_nothing_above_stays_as_written() -> None:
    plan = pasted(HEAD, f"1{TAB}Семинар для учителей{TAB}сентябрь{TAB}то же")
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "то же")]


# ---------------------------------------------------------------------------------------- Excel dates


def test_an_excel_date_shown_as_month_and_year_in_digits_is_that_month() -> None:
    """«09.2024» (a date formatted «mm.yyyy») was read as the day the cell stores, «01.09.2024»; a date formatted
    «ДД.ММ.ГГГГ» kept the time Excel hides («01.09.2024 10:00»), shown only when the format shows the hours."""
    formats = {"C2": "mm.yyyy", "C3": "mmm.yy", "C4": "dd.mm.yyyy", "C5": "dd.mm.yyyy hh:mm"}

    def shown(sheet: Any) -> None:
        for cell, number_format in formats.items():
            sheet[cell].number_format = number_format

    rows: list[list[Any]] = [HEADER]
    rows += [[n, f"Мероприятие {n}", datetime(2024, 9, 1, 10), "Директор"] for n in range(1, 5)]
    plan = read_plan(book(rows, shown), "план.xlsx")
    assert [a.deadline for a in activities(plan)] == [
        "сентябрь 2024",
        "сентябрь 2024",
        "01.09.2024",
        "01.09.2024 10:00",
    ]


# ------------------------------------------------------------------------------------ header over plan | fact

PLAN_FACT = [
    ["№", "Мероприятие", "Срок исполнения", "Срок исполнения", "Ответственный"],
    ["", "", "план", "факт", ""],
    ["1", "Семинар для учителей", "сентябрь", "сентябрь", "Директор"],
    ["2", COURSES[1], "октябрь", "ноябрь", "Завуч"],
]
FACTS = [{"Срок исполнения (факт)": "сентябрь"}, {"Срок исполнения (факт)": "ноябрь"}]


def test_a_fact_equal_to_the_plan_under_a_merged_header_is_kept_in_word() -> None:
    """«Срок исполнения» merged over «план | факт»: a row done in the month planned («сентябрь | сентябрь», two cells)
    lost its fact, read as one cell merged over both columns."""
    table = Table(list(PLAN_FACT), vmerge=[(0, 0, 1), (1, 0, 1), (4, 0, 1)])
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [a.extra for a in activities(plan)] == FACTS
    assert [a.deadline for a in activities(plan)] == ["сентябрь", "октябрь"]


def test_a_fact_equal_to_the_plan_under_a_merged_header_is_kept_in_excel() -> None:
    rows: list[list[Any]] = [[c or None for c in row] for row in PLAN_FACT]
    rows[0][3] = None
    plan = read_plan(book(rows, merges=("A1:A2", "B1:B2", "C1:D1", "E1:E2")), "план.xlsx")
    assert [a.extra for a in activities(plan)] == FACTS


def test_a_cell_merged_over_plan_and_fact_is_one_value() -> None:
    """Pins: a cell merged over both columns under the merged header is the plan's deadline alone."""
    rows: list[list[Any]] = [[c or None for c in row] for row in PLAN_FACT]
    rows[0][3], rows[2][3] = None, None
    plan = read_plan(book(rows, merges=("A1:A2", "B1:B2", "C1:D1", "E1:E2", "C3:D3")), "план.xlsx")
    assert [a.extra for a in activities(plan)] == [{}, FACTS[1]]
    assert [a.deadline for a in activities(plan)] == ["сентябрь", "октябрь"]


# ------------------------------------------------------------------------------ a section column without header


@pytest.mark.parametrize(
    ("first", "second"),
    [("А. Организационные мероприятия", "Б. Методическая работа"), ("А", "Б")],
)
def test_an_unnamed_first_column_of_section_letters_groups_the_activities(first: str, second: str) -> None:
    """A first column without a header, its letter (and name) merged down over the section's rows: it was an extra
    value «Столбец 1» of each activity, all in one section."""
    rows: list[list[str] | Merged] = [
        ["", *HEADER],
        [first, "1", "Семинар для учителей", "сентябрь", "Директор"],
        ["", *COURSES],
        [second, "3", "Педагогический совет", "ноябрь", "Директор"],
    ]
    plan = read_plan(pf.docx_bytes([Table(rows, vmerge=[(0, 1, 2)])]), "план.docx")
    assert sections(plan) == [(None, first, ["1", "2"]), (None, second, ["3"])]
    assert [a.extra for a in activities(plan)] == [{}, {}, {}]


def test_an_unnamed_first_column_of_other_text_stays_an_extra_value() -> None:
    """Pins: a first column without a header holding schools' names is no section column."""
    rows = [["", *HEADER], ["СОШ № 1", "1", "Семинар", "сентябрь", "Директор"], ["СОШ № 2", *COURSES]]
    plan = read_plan(pf.csv_bytes(rows), "план.csv")
    assert [a.extra for a in activities(plan)] == [{"Столбец 1": "СОШ № 1"}, {"Столбец 1": "СОШ № 2"}]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ответственное должностное лицо", "responsible"),
        ("Отчетная форма", "final_document"),
        ("Выходной документ", "final_document"),
    ],
)
def test_more_names_of_the_responsible_and_the_final_document_columns(header: str, field: str) -> None:
    """These headers named nothing: the responsible (or the report) was an extra value."""
    plan = pasted(f"№\tМероприятие\tСрок\t{header}", "1\tСеминар для учителей\tсентябрь\tЗначение")
    assert plan.columns[header] == field
    assert getattr(activities(plan)[0], field) == "Значение"


def test_the_marks_of_a_plan_grid_broken_over_lines_are_no_bullets() -> None:
    """Pins: in a plan-grid pasted from Word whose responsible cell holds two lines, the «•» marking a month stays."""
    plan = pasted(
        "№\tМероприятие\tСентябрь\tОктябрь\tОтветственный\tПримечание",
        "1\tСеминар для учителей\t•\t•\tДиректор,",
        f"заместитель директора{TAB}",
        "2\tКурсы повышения квалификации\t\t•\tЗавуч\t",
    )
    assert [(a.number, a.deadline, a.responsible) for a in activities(plan)] == [
        ("1", "сентябрь, октябрь", "Директор,\nзаместитель директора"),
        ("2", "октябрь", "Завуч"),
    ]


def test_a_book_written_by_xlsxwriter_with_formulas_dates_merges_and_a_hidden_column() -> None:
    """XlsxWriter stores 0 for every formula: «=MAX($A$2:A2)+1» and «=IF(B4="","",A3+1)» numbered nothing (the
    rows were read «0»); a responsible merged over two rows, dates in two formats and a hidden helper column read
    as Excel shows them."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("План")
    day, month = workbook.add_format({"num_format": "dd.mm.yyyy"}), workbook.add_format({"num_format": "mmmm yyyy"})
    sheet.write_row(0, 0, [*HEADER, "Служебный"])
    sheet.write(1, 0, 1)
    sheet.write_formula(2, 0, "=MAX($A$2:A2)+1")
    sheet.write_formula(3, 0, '=IF(B4="","",A3+1)')
    sheet.write_formula(4, 0, '=IF(B5="","",A4+1)')
    sheet.write_column(1, 1, ["Семинар для учителей", COURSES[1], "Педагогический совет"])
    sheet.write_datetime(1, 2, datetime(2024, 9, 15), day)
    sheet.write_datetime(2, 2, datetime(2024, 10, 1), month)
    sheet.write(3, 2, "ноябрь")
    sheet.merge_range(1, 3, 2, 3, "Директор")
    sheet.write(3, 3, "Завуч")
    sheet.write(1, 4, "проверено")
    sheet.set_column(4, 4, None, None, {"hidden": True})
    workbook.close()
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert brief(plan) == [
        ("1", "Семинар для учителей", "15.09.2024", "Директор"),
        ("2", COURSES[1], "октябрь 2024", "Директор"),
        ("3", "Педагогический совет", "ноябрь", "Завуч"),
    ]
    assert codes(plan) == ["hidden_columns"]
    assert "E («Служебный»)" in plan.problems[0].detail


# ------------------------------------------------------------------------ shapes that already read right, pinned


def test_pinned_a_responsible_merged_down_and_a_deadline_merged_down_in_word() -> None:
    rows: list[list[str] | Merged] = [
        ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный", "Ожидаемый результат"],
        ["1.", "Анализ результатов ВПР", "В течение года", "Управление образования", "Справка"],
        ["2.", "Семинар для заместителей директоров", "", "", "Протокол"],
        ["3.", "Совещание руководителей", "", "", "Приказ"],
        ["4.", "Мониторинг", "декабрь 2024", "ММС", "Отчёт"],
    ]
    plan = read_plan(pf.docx_bytes([Table(rows, vmerge=[(2, 1, 3), (3, 1, 3)])]), "план.docx")
    assert [(a.deadline, a.responsible) for a in activities(plan)] == [
        ("В течение года", "Управление образования"),
        ("В течение года", "Управление образования"),
        ("В течение года", "Управление образования"),
        ("декабрь 2024", "ММС"),
    ]
    assert plan.problems == []


def test_pinned_a_plan_continued_after_a_landscape_section_with_its_header_and_column_numbers() -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    document = docx.Document()
    document.add_paragraph("План мероприятий («дорожная карта»)")
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    word_rows(document, [HEADER, ["1", "2", "3", "4"], ["1", "Семинар для учителей", "сентябрь", "Директор"]])
    document.add_section(WD_SECTION.NEW_PAGE)
    word_rows(document, [HEADER, ["1", "2", "3", "4"], COURSES])
    document.add_paragraph("Начальник управления образования                    И.И. Иванов")
    plan = read_plan(saved(document), "план.docx")
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь", "Директор"), tuple(COURSES)]
    assert plan.problems == []


def test_pinned_columns_in_another_order_with_a_note_resources_and_report_form() -> None:
    header = [
        "Ответственный",
        "№",
        "Срок",
        "Мероприятие",
        "Целевой показатель",
        "Ресурсы",
        "Форма отчётности",
        "Примечание",
    ]
    row = ["Завуч", "1", "октябрь", "Курсы", "100% педагогов", "бюджет ОО", "Справка", "по плану ИРО"]
    plan = read_plan(book([header, row]), "план.xlsx")
    assert plan.columns == {
        "Ответственный": "responsible",
        "№": "number",
        "Срок": "deadline",
        "Мероприятие": "title",
        "Целевой показатель": "expected_result",
        "Ресурсы": "extra",
        "Форма отчётности": "final_document",
        "Примечание": "extra",
    }
    (activity,) = activities(plan)
    assert (activity.expected_result, activity.final_document) == ("100% педагогов", "Справка")
    assert activity.extra == {"Ресурсы": "бюджет ОО", "Примечание": "по плану ИРО"}


def test_pinned_a_date_merged_down_over_two_excel_rows_and_a_hidden_row() -> None:
    def edit(sheet: Any) -> None:
        sheet["C2"].number_format = "dd.mm.yyyy"
        sheet.row_dimensions[5].hidden = True

    rows: list[list[Any]] = [
        HEADER,
        [1, "Семинар для учителей", datetime(2024, 9, 30), "Директор"],
        [2, COURSES[1], None, "Завуч"],
        [3, "Педагогический совет", "ноябрь", "Директор"],
        [4, "Старое мероприятие", "май", "Директор"],
    ]
    plan = read_plan(book(rows, edit, merges=("C2:C3",)), "план.xlsx")
    assert [(a.number, a.deadline) for a in activities(plan)] == [
        ("1", "30.09.2024"),
        ("2", "30.09.2024"),
        ("3", "ноябрь"),
    ]
    assert codes(plan) == ["hidden_rows"]


# ------------------------------------------------------------------------- a cell merged over two field columns

MERGED_HEADER = ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"]


def test_a_deadline_merged_over_the_responsible_column_in_word_is_no_responsible() -> None:
    """«В течение года» merged over «Срок | Ответственный» was the responsible too."""
    rows: list[list[str] | Merged] = [
        MERGED_HEADER,
        ["1", "Семинар для учителей", "сентябрь", "Директор", "Справка"],
        Merged("В течение года", 2, 3, {0: "2", 1: COURSES[1], 4: "Протокол"}),
    ]
    plan = read_plan(pf.docx_bytes([Table(rows)]), "план.docx")
    assert summary(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор", "Справка"),
        ("2", COURSES[1], "В течение года", "", "Протокол"),
    ]


def test_a_responsible_merged_over_the_result_column_in_excel_is_no_result() -> None:
    rows: list[list[Any]] = [MERGED_HEADER, [1, "Семинар для учителей", "сентябрь", "Руководители ОО", None]]
    plan = read_plan(book(rows, merges=("D2:E2",)), "план.xlsx")
    assert summary(plan) == [("1", "Семинар для учителей", "сентябрь", "Руководители ОО", "")]


def test_a_mark_merged_over_months_of_a_plan_grid_marks_each_month() -> None:
    """Pins: «+» merged over «Сентябрь | Октябрь» covers both months."""
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "Сентябрь", "Октябрь", "Ноябрь", "Ответственный"],
        [1, "Семинар для учителей", "+", None, None, "Директор"],
    ]
    plan = read_plan(book(rows, merges=("C2:D2",)), "план.xlsx")
    assert [a.deadline for a in activities(plan)] == ["сентябрь, октябрь"]
