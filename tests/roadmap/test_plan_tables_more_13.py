"""Plan tables of a fourteenth pass: a plan-grid row marked in every month of the grid's span reads «ежемесячно»
(«ежемесячно, кроме июля и августа» with one or two months blank, «ежеквартально» for all four quarters); and the
round trip: a plan rendered by Opora (`services/reports`), edited as a methodist edits it in Word, Excel or
LibreOffice, and imported back."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.table import _Row

from services.roadmap.plan_import import ImportedPlan, PlanFileError, read_plan
from tests.reports import test_plan_round_trip as rt
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

MONTHS = ["Сентябрь", "Октябрь", "Ноябрь", "Декабрь", "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь"]
MONTHS += ["Июль", "Август"]


def book(rows: list[list[Any]], edit: Any = None) -> ImportedPlan:
    return read_plan(pf.edited_book(rows, edit), "план.xlsx")


def deadlines(plan: ImportedPlan) -> list[str]:
    return [a.deadline for a in activities(plan)]


# ------------------------------------------------------------------------------------------------ monthly grids


def test_a_row_marked_in_every_month_of_a_grid_is_monthly() -> None:
    """12 months marked: the deadline listed the twelve months; a reader of it wants «ежемесячно»."""
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", *MONTHS],
            [1, "Совещание с руководителями ОУ", "Начальник УО", *["+"] * 12],
            [2, "Мониторинг посещаемости", "Завуч", *["+"] * 6, "", *["+"] * 3, "", "+"],
            [3, "Заседание ШМО", "Руководитель ШМО", *["х"] * 10, "", ""],
            [4, "Педагогический совет", "Директор", "+", "", "", "+", *[""] * 8],
            [5, "Отчёт", "Завуч", *["+"] * 9, "", "", ""],
        ]
    )
    assert deadlines(plan) == [
        "ежемесячно",
        "ежемесячно, кроме марта и июля",
        "ежемесячно, кроме июля и августа",
        "сентябрь, декабрь",
        "сентябрь, октябрь, ноябрь, декабрь, январь, февраль, март, апрель, май",
    ]
    assert plan.problems == []


def test_a_grid_of_the_school_year_dated_months_and_quarters() -> None:
    """Nine columns «01.09.2024» … «01.05.2025» all marked: «ежемесячно»; one blank: «кроме января 2025»; four
    quarters: «ежеквартально»."""

    def dated(sheet: Any) -> None:
        for cell in sheet[1][3:]:
            cell.number_format = "dd.mm.yyyy"

    firsts = [datetime(2024 + (month < 9), month, 1) for month in [9, 10, 11, 12, 1, 2, 3, 4, 5]]
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", *firsts],
            [1, "Совещание", "Директор", *["+"] * 9],
            [2, "Семинар", "Завуч", *["+"] * 4, "", *["+"] * 4],
        ],
        dated,
    )
    assert deadlines(plan) == ["ежемесячно", "ежемесячно, кроме января 2025"]
    quarters = book(
        [
            ["№", "Мероприятие", "Ответственный", "I кв.", "II кв.", "III кв.", "IV кв."],
            [1, "Совещание", "Директор", "+", "+", "+", "+"],
            [2, "Семинар", "Завуч", "+", "+", "", "+"],
        ]
    )
    assert deadlines(quarters) == ["ежеквартально", "I квартал, II квартал, IV квартал"]


def test_a_grid_row_with_days_or_notes_in_its_cells_keeps_them() -> None:
    """A day («15») or a word in a month cell is more than a mark: the months stay listed."""
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", *MONTHS],
            [1, "Совещание", "Директор", *["15"] * 12],
        ]
    )
    assert deadlines(plan)[0].startswith("15 сентября, 15 октября")


# ------------------------------------------------------------------------------------- the round trip: helpers

ROADMAP = rt.plan_answer("standard", rt.ROADMAP_SECTIONS)
FIELDS = rt.FIELDS


def word_plan(answer: dict[str, Any]) -> tuple[Any, Any]:
    """The plan rendered as DOCX, opened as Word opens it, and its plan table."""
    document = docx.Document(io.BytesIO(rt.plan_file(answer, "docx")))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "№ п/п"]
    return document, table


def excel_plan(answer: dict[str, Any]) -> tuple[Any, Any]:
    book_ = openpyxl.load_workbook(io.BytesIO(rt.plan_file(answer, "xlsx")))
    return book_, book_["План мероприятий"]


def reread(document: Any, name: str = "план.docx") -> ImportedPlan:
    out = io.BytesIO()
    document.save(out)
    return read_plan(out.getvalue(), name)


def word_row(table: Any, number: str) -> Any:
    return next(r for r in table.rows if r.cells[0].text == number)


def sheet_row(sheet: Any, number: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == number)


def unmerge(row: Any) -> None:
    """Word's «Разделить ячейки» on a section's row merged across the table: its text stays in the first cell."""
    first = row._tr.findall(qn("w:tc"))[0]
    properties = first.find(qn("w:tcPr"))
    span = properties.find(qn("w:gridSpan"))
    properties.remove(span)
    for _ in range(int(span.get(qn("w:val"))) - 1):
        first.addnext(parse_xml(f"<w:tc {nsdecls('w')}><w:p/></w:tc>"))


def clean(plan: ImportedPlan) -> bool:
    return plan.errors == [] and plan.problems == []


# ------------------------------------------------------------------------------------------ the round trip: fixes


def test_a_row_deleted_with_changes_tracked_is_gone() -> None:
    """The methodist deletes 2.1 with «Исправления» on: Word marks the row deleted (`w:trPr/w:del`); a row whose cells
    kept unmarked text (an editor marking the row only) came back as an activity."""
    document, table = word_plan(ROADMAP)
    properties = word_row(table, "2.1")._tr.get_or_add_trPr()
    properties.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="Методист" w:date="2024-11-20T10:00:00Z"/>'))
    expected = rt.sent(ROADMAP)
    del expected[1][3][0]
    plan = reread(document)
    assert rt.received(plan) == expected and clean(plan)


def test_a_date_excel_shows_with_the_months_name_comes_back_so() -> None:
    """«15 декабря 2024» typed in Excel keeps the format «d mmmm yyyy» (or «[$-419]D MMMM YYYY;@»): it came back
    «15.12.2024», not as the sheet shows it."""
    book_, sheet = excel_plan(ROADMAP)
    for number, day, shown in [
        ("2.1", 15, "d mmmm yyyy"),
        ("4.3", 3, "[$-419]D MMMM YYYY;@"),
        ("4.4", 4, "dd.mm.yyyy"),
    ]:
        cell = sheet.cell(sheet_row(sheet, number), 4)
        cell.value, cell.number_format = datetime(2024, 12, day), shown
    plan = reread(book_, "план.xlsx")
    deadline = {a.number: a.deadline for a in activities(plan)}
    assert (deadline["2.1"], deadline["4.3"], deadline["4.4"]) == ("15 декабря 2024", "3 декабря 2024", "04.12.2024")
    assert clean(plan)


def test_a_plan_saved_as_opendocument_is_named_so() -> None:
    """LibreOffice saves in .odt/.ods by default: «Архив не является документом Word» sent the methodist looking for
    a broken file; the error names the format to save in."""
    for mimetype, expected in [
        ("application/vnd.oasis.opendocument.text", "Документ OpenDocument (.odt) не поддерживается"),
        ("application/vnd.oasis.opendocument.spreadsheet", "Таблица OpenDocument (.ods) не поддерживается"),
    ]:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("mimetype", mimetype)
            archive.writestr("content.xml", "<office:document-content/>")
        with pytest.raises(PlanFileError) as error:
            read_plan(out.getvalue(), "план.odt")
        assert error.value.code == "unreadable_file" and error.value.detail.startswith(expected)


def test_rows_an_excel_filter_hides_are_read() -> None:
    """The methodist adds «Отметка о выполнении», filters the activities not done yet and saves: the rows the filter
    hides were left out as hidden rows; they are the plan still. A row hidden by hand stays out."""
    book_, sheet = excel_plan(ROADMAP)
    sheet.cell(2, 7).value = "Отметка о выполнении"
    for number in ("1.1", "2.2", "4.3"):
        sheet.cell(sheet_row(sheet, number), 7).value = "выполнено"
        sheet.row_dimensions[sheet_row(sheet, number)].hidden = True
    sheet.auto_filter.ref = f"A2:G{sheet.max_row}"
    sheet.auto_filter.add_filter_column(6, ["в работе"], blank=True)
    plan = reread(book_, "план.xlsx")
    assert rt.received(plan) == rt.sent(ROADMAP) and clean(plan)
    assert {a.number: a.extra for a in activities(plan) if a.extra} == {
        n: {"Отметка о выполнении": "выполнено"} for n in ("1.1", "2.2", "4.3")
    }
    sheet.auto_filter.ref = None  # no filter: the hidden rows are hidden by hand
    assert "hidden_rows" in {p.code for p in reread(book_, "план.xlsx").problems}


@pytest.mark.parametrize("where", ["word", "excel"])
def test_a_section_without_activities_unmerged_between_numbered_sections(where: str) -> None:
    """«3. Работа с родителями» (no activities yet) split into «3 | Работа с родителями | | …» between sections 2 and 4:
    it came back as section 3 holding one activity «3 Работа с родителями»."""
    if where == "word":
        document, table = word_plan(ROADMAP)
        row = next(r for r in table.rows if r.cells[0].text.startswith("3."))
        unmerge(row)
        row.cells[0].text, row.cells[1].text = "3", "Работа с родителями"
        plan = reread(document)
    else:
        document, sheet = excel_plan(ROADMAP)
        at = next(c.row for c in sheet["A"] if str(c.value).startswith("3."))
        sheet.unmerge_cells(f"A{at}:F{at}")
        sheet.cell(at, 1).value, sheet.cell(at, 2).value = 3, "Работа с родителями"
        plan = reread(document, "план.xlsx")
    assert rt.received(plan) == rt.sent(ROADMAP) and clean(plan)


def test_every_section_row_split_into_number_and_title() -> None:
    document, table = word_plan(ROADMAP)
    for row in [r for r in table.rows if len(r._tr.findall(qn("w:tc"))) == 1]:
        number, _, title = row.cells[0].text.partition(". ")
        unmerge(row)
        row.cells[0].text, row.cells[1].text = number, title
    plan = reread(document)
    assert rt.received(plan) == rt.sent(ROADMAP) and clean(plan)


def test_a_lone_numbered_row_after_the_sections_stays_an_activity() -> None:
    """Without the next section over its own sub-items the row is what it was: 001's «5.» after 4.1… is its own
    section's only activity."""
    document, table = word_plan(ROADMAP)
    added = table.add_row()
    for cell, text in zip(added.cells, ["5", "Итоговый педсовет", "", "", "", ""], strict=True):
        cell.text = text
    plan = reread(document)
    assert [(s.number, [a.title for a in s.activities]) for s in plan.sections][-1] == ("5", ["Итоговый педсовет"])


def insert_merged_row_above(table: Any, above: str, text: str) -> None:
    """Word's «Вставить строки выше» on the section's row merged across the table: the new row is merged too."""
    section_row = next(r for r in table.rows if r.cells[0].text.startswith(above))
    new = copy.deepcopy(section_row._tr)
    section_row._tr.addprevious(new)
    _Row(new, table).cells[0].text = text


@pytest.mark.parametrize("typed", ["1.4. Совещание с директорами", "1.4 Совещание с директорами"])
def test_an_activity_typed_in_a_row_merged_across_the_table(typed: str) -> None:
    """A row inserted above «2. Методическое сопровождение» takes its merge; the methodist types the next activity of
    section 1 in it: «1.4. Совещание …» came back as an empty section «1.4», «1.4 Совещание …» as section «1» titled
    «4 Совещание …»."""
    document, table = word_plan(ROADMAP)
    insert_merged_row_above(table, "2.", typed)
    plan = reread(document)
    expected = rt.sent(ROADMAP)
    expected[0][3].append(dict.fromkeys(FIELDS, "") | {"number": "1.4", "title": "Совещание с директорами"})
    assert rt.received(plan) == expected and clean(plan)


def test_an_activity_typed_in_a_merged_row_under_the_last_one_in_excel() -> None:
    book_, sheet = excel_plan(ROADMAP)
    below = sheet_row(sheet, "4.11") + 1
    sheet.cell(below, 1).value = "4.12. Итоговое совещание"
    sheet.merge_cells(f"A{below}:F{below}")
    plan = reread(book_, "план.xlsx")
    expected = rt.sent(ROADMAP)
    expected[3][3].append(dict.fromkeys(FIELDS, "") | {"number": "4.12", "title": "Итоговое совещание"})
    assert rt.received(plan) == expected and clean(plan)


def test_a_merged_row_over_its_own_items_stays_a_sub_section() -> None:
    document, table = word_plan(ROADMAP)
    insert_merged_row_above(table, "2.", "1.4. Работа с молодыми педагогами")
    section_row = next(r for r in table.rows if r.cells[0].text.startswith("2."))
    item = copy.deepcopy(word_row(table, "1.3")._tr)
    section_row._tr.addprevious(item)
    _Row(item, table).cells[0].text = "1.4.1"
    plan = reread(document)
    assert [(s.number, s.title, [a.number for a in s.activities]) for s in plan.sections][:3] == [
        ("1", "Организационно-управленческое обеспечение", ["1.1", "1.2", "1.3"]),
        ("1.4", "Работа с молодыми педагогами", ["1.4.1"]),
        ("2", "Методическое сопровождение", ["2.1", "2.2"]),
    ]


# ------------------------------------------------------------------------- the round trip: edits that read right

NEW = ["1.2", "Совещание с руководителями ОУ", "Петров П.П.", "до 01.12.2024", "Проведено", "Протокол"]


def inserted_and_renumbered(table: Any, expected: list[Any]) -> None:
    """A row inserted under 1.1 (a copy of it, retyped), the rows after it renumbered 1.3, 1.4."""
    new = copy.deepcopy(word_row(table, "1.1")._tr)
    word_row(table, "1.1")._tr.addnext(new)
    for cell, text in zip(_Row(new, table).cells, NEW, strict=True):
        cell.text = text
    old = [r for r in table.rows if r.cells[0].text in {"1.2", "1.3"}][1:]
    for row, number in zip(old, ["1.3", "1.4"], strict=True):
        row.cells[0].text = number
    expected[0][3].insert(1, dict(zip(FIELDS, NEW, strict=True)))
    expected[0][3][2]["number"], expected[0][3][3]["number"] = "1.3", "1.4"


def deleted(table: Any, expected: list[Any]) -> None:
    row = word_row(table, "2.1")._tr
    row.getparent().remove(row)
    word_row(table, "2.2").cells[0].text = "2.1"
    del expected[1][3][0]
    expected[1][3][0]["number"] = "2.1"


def deadline_merged(table: Any, expected: list[Any]) -> None:
    """Two deadline cells merged and the one value typed: both activities have it."""
    word_row(table, "1.1").cells[3].merge(word_row(table, "1.2").cells[3]).text = "в течение года"
    expected[0][3][0]["deadline"] = expected[0][3][1]["deadline"] = "в течение года"


def result_and_document_merged(table: Any, expected: list[Any]) -> None:
    row = word_row(table, "2.1")
    row.cells[4].merge(row.cells[5]).text = "Программа семинара утверждена"
    expected[1][3][0] |= {"expected_result": "Программа семинара утверждена", "final_document": ""}


def dates_retyped(table: Any, expected: list[Any]) -> None:
    for (number, section, index), text in zip([("1.1", 0, 0), ("2.1", 1, 0), ("4.2", 3, 1)],
                                              ["01.10.24", "2024-12-15", "2 мая 2025 г."], strict=True):  # fmt: skip
        word_row(table, number).cells[3].text = text
        expected[section][3][index]["deadline"] = text


def line_added_in_cells(table: Any, expected: list[Any]) -> None:
    """Enter pressed in a title cell, one more responsible on a line of its own."""
    row = word_row(table, "2.1")
    row.cells[1].add_paragraph("(в режиме ВКС)")
    row.cells[2].add_paragraph("Петров П.П.")
    expected[1][3][0] |= {
        "title": f"{expected[1][3][0]['title']}\n(в режиме ВКС)",
        "responsible": "Сидорова С.С.\nПетров П.П.",
    }


def row_pasted_from_a_narrower_plan(table: Any, expected: list[Any]) -> None:
    """A row copied from a plan of four columns: Word pastes it with four cells."""
    new = copy.deepcopy(word_row(table, "2.2")._tr)
    for cell in new.findall(qn("w:tc"))[4:]:
        new.remove(cell)
    word_row(table, "2.2")._tr.addnext(new)
    values = ["2.3", "Вебинар «Функциональная грамотность»", "Сидорова С.С.", "февраль 2025"]
    for cell, text in zip(_Row(new, table).cells, values, strict=True):
        cell.text = text
    expected[1][3].append(dict(zip(FIELDS, [*values, "", ""], strict=True)))


def row_after_the_planned_results(table: Any, expected: list[Any]) -> None:
    planned = next(r for r in table.rows if r.cells[1].text.startswith("Планируемый результат"))
    new = copy.deepcopy(word_row(table, "1.3")._tr)
    planned._tr.addnext(new)
    values = ["1.4", "Совещание с директорами", "Иванова И.И.", "декабрь 2024", "Протокол совещания", "Протокол"]
    for cell, text in zip(_Row(new, table).cells, values, strict=True):
        cell.text = text
    expected[0][3].append(dict(zip(FIELDS, values, strict=True)))


def column_of_marks_added(table: Any, expected: list[Any]) -> None:
    """«Отметка о выполнении» inserted after «Срок»: the marks are the activities' extra values."""
    table.add_column(Cm(2))
    for row in table.rows:
        cells = row._tr.findall(qn("w:tc"))
        if len(cells) == 7:
            cells[3].addnext(cells[6])
    table.rows[0].cells[4].text = "Отметка о выполнении"
    word_row(table, "1.1").cells[4].text = "выполнено"


def column_deleted(table: Any, expected: list[Any]) -> None:
    """«Итоговый документ» deleted: the section rows span five columns."""
    for row in table.rows:
        cells = row._tr.findall(qn("w:tc"))
        if len(cells) == 6:
            row._tr.remove(cells[5])
        else:
            cells[0].find(qn("w:tcPr")).find(qn("w:gridSpan")).set(qn("w:val"), "5")
    grid = table._tbl.find(qn("w:tblGrid"))
    grid.remove(grid.findall(qn("w:gridCol"))[-1])
    for section in expected:
        for item in section[3]:
            item["final_document"] = ""


def table_split(table: Any, expected: list[Any]) -> None:
    """Ctrl+Shift+Enter before section 2: two tables, the second without its header."""
    rows = table._tbl.findall(qn("w:tr"))
    at = next(i for i, tr in enumerate(rows) if _Row(tr, table).cells[0].text.startswith("2."))
    second = copy.deepcopy(table._tbl)
    for tr in rows[at:]:
        table._tbl.remove(tr)
    for tr in second.findall(qn("w:tr"))[:at]:
        second.remove(tr)
    gap = parse_xml(f"<w:p {nsdecls('w')}/>")
    table._tbl.addnext(gap)
    gap.addnext(second)


WORD_EDITS = [inserted_and_renumbered, deleted, deadline_merged, result_and_document_merged, dates_retyped]
WORD_EDITS += [line_added_in_cells, row_pasted_from_a_narrower_plan, row_after_the_planned_results]
WORD_EDITS += [column_of_marks_added, column_deleted, table_split]


@pytest.mark.parametrize("edit", WORD_EDITS, ids=lambda edit: edit.__name__)
def test_a_plan_edited_in_word_comes_back_as_edited(edit: Any) -> None:
    document, table = word_plan(ROADMAP)
    expected = rt.sent(ROADMAP)
    edit(table, expected)
    plan = reread(document)
    assert rt.received(plan) == expected and clean(plan)


def shifted(sheet: Any, at: int) -> None:
    """Excel's «Вставить строку» at row `at`: the rows and the merged ranges under it move down one."""
    ranges = [(r.min_row, r.max_row, r.coord) for r in sheet.merged_cells.ranges]
    for *_, coord in ranges:
        sheet.unmerge_cells(coord)
    sheet.insert_rows(at)
    for low, high, _ in ranges:
        sheet.merge_cells(f"A{low + (low >= at)}:F{high + (high >= at)}")


def test_a_plan_edited_in_excel_comes_back_as_edited() -> None:
    """A row inserted (merged ranges moved as Excel moves them) and the next renumbered, a row deleted and the rest
    renumbered, a responsible merged down over four rows, a column of marks with a date in it."""
    book_, sheet = excel_plan(ROADMAP)
    at = sheet_row(sheet, "1.2")
    shifted(sheet, at)
    for column, text in enumerate(NEW, start=1):
        sheet.cell(at, column).value = text
    sheet.cell(at + 1, 1).value, sheet.cell(at + 2, 1).value = "1.3", "1.4"
    sheet.delete_rows(sheet_row(sheet, "4.11"))
    first = sheet_row(sheet, "4.1")
    sheet.merge_cells(f"C{first}:C{first + 3}")
    sheet.cell(2, 7).value = "Отметка о выполнении"
    sheet.cell(first, 7).value, sheet.cell(first, 7).number_format = datetime(2024, 12, 1), "dd.mm.yyyy"
    plan = reread(book_, "план.xlsx")
    expected = rt.sent(ROADMAP)
    expected[0][3].insert(1, dict(zip(FIELDS, NEW, strict=True)))
    expected[0][3][2]["number"], expected[0][3][3]["number"] = "1.3", "1.4"
    del expected[3][3][10]
    assert rt.received(plan) == expected and clean(plan)
    assert activities(plan)[6].extra == {"Отметка о выполнении": "01.12.2024"}


@pytest.mark.parametrize("activities_count", [1, 200])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_plans_of_one_and_two_hundred_activities_with_sub_items(activities_count: int, fmt: rt.Format) -> None:
    """Sub-items (1.1.1), several responsible, empty fields, the schools of an activity, long texts."""
    items = [
        rt.activity(f"1.{n}", " ".join([f"Мероприятие {n}:"] + ["выездная консультация"] * (n % 9)), ["Иванова И.И.",
                    "Петров П.П."] if n % 3 else [], "до 01.12.2024" if n % 2 else "", "Итог" if n % 5 else "", "",
                    schools=[{"school_name": f"МБОУ «СОШ № {k}»"} for k in range(n % 4)])
        for n in range(1, activities_count + 1)
    ]  # fmt: skip
    if activities_count > 1:
        items[2:2] = [rt.activity("1.2.1", "семинар для учителей математики", ["Петров П.П."], "октябрь", "", "")]
    answer = rt.plan_answer("standard", [rt.section("1", "Организационные мероприятия", items, ["Результат"])])
    plan = read_plan(rt.plan_file(answer, fmt), f"план.{fmt}")
    assert rt.received(plan) == rt.sent(answer) and clean(plan)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_plan_saved_again_by_libreoffice_comes_back(tmp_path: Path) -> None:
    """Opened and saved as DOCX in LibreOffice Writer (`soffice --headless --convert-to docx`)."""
    answers = [ROADMAP, rt.plan_answer("measures_000", rt.PROGRAMME_SECTIONS, school=True, draft=True)]
    for index, answer in enumerate(answers):
        source = tmp_path / f"plan{index}.docx"
        source.write_bytes(rt.plan_file(answer, "docx", signed=True))
        command = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to"]
        subprocess.run([*command, "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"), str(source)],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
        plan = read_plan((tmp_path / "out" / source.name).read_bytes(), "план.docx")
        assert rt.received(plan) == rt.sent(answer) and plan.errors == []
        assert [p.code for p in plan.problems] == ["missing_number"] * index  # the programme's unnumbered row


def test_a_row_pasted_with_another_sections_number_is_named() -> None:
    """«3.2 | Родительское собрание | …» pasted under 1.3 stays in section 1 as the methodist placed it; nothing said
    its number was not the section's."""
    document, table = word_plan(ROADMAP)
    new = copy.deepcopy(word_row(table, "1.3")._tr)
    word_row(table, "1.3")._tr.addnext(new)
    values = ["3.2", "Родительское собрание", "Классные руководители", "сентябрь", "Протокол", "Протокол"]
    for cell, text in zip(_Row(new, table).cells, values, strict=True):
        cell.text = text
    plan = reread(document)
    expected = rt.sent(ROADMAP)
    expected[0][3].append(dict(zip(FIELDS, values, strict=True)))
    assert rt.received(plan) == expected
    assert [(p.code, p.detail) for p in plan.problems] == [
        ("foreign_number", "Строка 6: номер 3.2 не из раздела 1 «Организационно-управленческое обеспечение», "
         "мероприятие оставлено в нём"),
    ]  # fmt: skip


def test_numbering_restarting_in_each_section_is_no_foreign_number() -> None:
    answer = rt.plan_answer("standard", [
        rt.section("1", "Работа с педагогами", [rt.activity("1", "Семинар", ["Директор"], "май")]),
        rt.section("2", "Работа с родителями", [rt.activity("1", "Собрание", ["Директор"], "май"),
                                               rt.activity("1.1", "Анкетирование", ["Завуч"], "май")]),
    ])  # fmt: skip
    plan = read_plan(rt.plan_file(answer, "docx"), "план.docx")
    assert rt.received(plan) == rt.sent(answer) and "foreign_number" not in {p.code for p in plan.problems}
