"""Plan tables of a thirteenth pass: footnotes («Семинар*» and «* – при наличии финансирования» under the table) kept
as the activity's note, a numbered row announcing a list («1. Семинары:») over bulleted rows with deadlines of their
own (its items 1.1, 1.2), a table after the plan without its «№» column named, phones and e-mails in the responsible
cell, plan-grids of abbreviated months and quarters; and shapes of exported and converted plans that already read
right, pinned (an XLSX export with title rows, filters and totals, a table in a content control, a text box or a
landscape section, numbering restarted per section, start and end dates, column numbers under a continued header)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, brief, codes, sections

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
SEMINAR = ["1", "Семинар для учителей", "сентябрь", "Директор"]
COURSES = ["2", "Курсы повышения квалификации", "октябрь", "Заместитель директора по УВР"]
COUNCIL = ["3", "Педагогический совет", "ноябрь", "Директор"]
ROWS = [SEMINAR, COURSES, COUNCIL]
MONEY = "при наличии финансирования"


def problem(plan: ImportedPlan, code: str) -> list[tuple[int | None, str]]:
    return [(p.row, p.detail) for p in plan.problems if p.code == code]


def notes(plan: ImportedPlan) -> list[tuple[str | None, str, dict[str, str]]]:
    return [(a.number, a.title, a.extra) for a in activities(plan)]


def word(blocks: list[pf.Block]) -> ImportedPlan:
    return read_plan(pf.docx_bytes(blocks), "план.docx")


def book(rows: list[list[Any]], edit: Any = None, merges: tuple[str, ...] = ()) -> ImportedPlan:
    """A one-sheet book of `rows`, merged ranges, then `edit(sheet)` (panes, filters), read as a plan."""
    return read_plan(pf.edited_book(rows, edit, merges), "план.xlsx")


def saved(document: Any) -> ImportedPlan:
    out = io.BytesIO()
    document.save(out)
    return read_plan(out.getvalue(), "план.docx")


def plan_table(document: Any) -> Any:
    table = document.add_table(rows=0, cols=len(HEADER))
    for values in [HEADER, *ROWS]:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    return table


# ------------------------------------------------------------------------------------------------------ footnotes

MARKED = ["1", "Семинар для учителей*", "сентябрь", "Директор"]


@pytest.mark.parametrize(
    "below",
    [
        [f"* – {MONEY}"],  # a paragraph under the table
        [f"Примечание: * – {MONEY}"],  # the label on the footnote's line
        ["Примечание:", f"*{MONEY}"],
    ],
)
def test_a_footnote_under_a_word_table_is_the_marked_activitys_note(below: list[str]) -> None:
    """«Семинар для учителей*» and «* – при наличии финансирования» under the table: the mark stayed in the title and
    the condition was lost. The activity keeps it as its «Примечание» (the mark gone) and a problem says so."""
    plan = word([Table([HEADER, MARKED, COURSES]), *below])
    assert notes(plan) == [
        ("1", "Семинар для учителей", {"Примечание": MONEY}),
        ("2", COURSES[1], {}),
    ]
    assert problem(plan, "footnote") == [(2, f"Сноска «* {MONEY}» записана в примечание мероприятий (строки 2)")]


def test_a_footnote_row_merged_across_the_table() -> None:
    plan = word([Table([HEADER, MARKED, COURSES, Merged(f"* – {MONEY}")])])
    assert notes(plan)[0] == ("1", "Семинар для учителей", {"Примечание": MONEY})
    assert codes(plan) == ["footnote"]


def test_two_footnote_marks_in_a_deadline_and_a_title() -> None:
    """«сентябрь*» and «Курсы …**», the notes written «* | по согласованию с УО» (two cells) and «** – …» merged."""
    plan = word(
        [
            Table(
                [
                    HEADER,
                    ["1", "Семинар для учителей", "сентябрь*", "Директор"],
                    ["2", "Курсы повышения квалификации**", "октябрь", "Завуч"],
                    ["*", "по согласованию с УО", "", ""],
                    Merged(f"** – {MONEY}"),
                ]
            )
        ]
    )
    assert brief(plan) == [
        ("1", "Семинар для учителей", "сентябрь", "Директор"),
        ("2", "Курсы повышения квалификации", "октябрь", "Завуч"),
    ]
    assert [a.extra for a in activities(plan)] == [{"Примечание": "по согласованию с УО"}, {"Примечание": MONEY}]


def test_a_footnote_mark_on_the_number_or_in_superscript() -> None:
    """«1*» in the «№» cell was an unusual number; «Семинар¹» with «¹ Проводится …» under the table kept its mark."""
    starred = word([Table([HEADER, ["1*", *SEMINAR[1:]], COURSES]), f"* – {MONEY}"])
    raised = word([Table([HEADER, ["1", "Семинар для учителей¹", *SEMINAR[2:]], COURSES]), f"¹ Проводится {MONEY}"])
    assert notes(starred)[0] == ("1", "Семинар для учителей", {"Примечание": MONEY})
    assert notes(raised)[0] == ("1", "Семинар для учителей", {"Примечание": f"Проводится {MONEY}"})
    assert codes(starred) == codes(raised) == ["footnote"]


def test_a_footnote_before_the_planned_results_under_the_table() -> None:
    plan = word(
        [
            Table([HEADER, MARKED, COURSES]),
            f"* – {MONEY}",
            "Планируемые результаты:",
            "1. Повышение квалификации педагогов.",
        ]
    )
    assert notes(plan)[0] == ("1", "Семинар для учителей", {"Примечание": MONEY})
    assert [s.planned_results for s in plan.sections] == [["Повышение квалификации педагогов"]]


def test_a_footnote_under_a_sheet_and_in_pasted_text() -> None:
    sheet = book([HEADER, [1, "Семинар для учителей*", "сентябрь", "Директор"], COURSES, [], [f"* {MONEY}"]])
    text = read_pasted("\n".join(["\t".join(HEADER), "\t".join(MARKED), "\t".join(COURSES), "", f"*{MONEY}"]) + "\n")
    for plan in (sheet, text):
        assert notes(plan) == [("1", "Семинар для учителей", {"Примечание": MONEY}), ("2", COURSES[1], {})]


def test_a_footnote_joins_the_note_column_of_the_plan() -> None:
    plan = word([Table([[*HEADER, "Примечание"], [*MARKED, "перенос"], [*COURSES, ""]]), f"* – {MONEY}"])
    assert notes(plan)[0] == ("1", "Семинар для учителей", {"Примечание": f"перенос; {MONEY}"})


def test_a_footnote_on_a_header_changes_no_activity() -> None:
    """«Срок*» in the header and «* – сроки ориентировочные»: a note on the column, no activity's; nothing is named."""
    plan = word(
        [Table([["№", "Мероприятие", "Срок*", "Ответственный"], SEMINAR, COURSES]), "* – сроки ориентировочные"]
    )
    assert brief(plan) == [tuple(SEMINAR), tuple(COURSES)]
    assert plan.problems == []


# ---------------------------------------------------------------------------------- a numbered row over a list


@pytest.mark.parametrize("lead", ["Семинары:", "Семинары"])
def test_bulleted_rows_with_deadlines_under_a_numbered_row_are_its_items(lead: str) -> None:
    """«1. | Семинары:» with nothing else, then «– для учителей математики | сентябрь» and «– … физики | октябрь»: the
    title alone was an activity without a deadline and the seminars two activities without a number (two
    `missing_number`). They are the activities 1.1 and 1.2, titled with the list's words; «2.» goes on."""
    plan = word(
        [
            Table(
                [
                    HEADER,
                    ["1.", lead, "", ""],
                    ["", "– для учителей математики", "сентябрь", "Директор"],
                    ["", "– для учителей физики", "октябрь", "Завуч"],
                    ["2.", "Курсы повышения квалификации", "октябрь", "Завуч"],
                    ["3.", "Педагогический совет", "ноябрь", "Директор"],
                ]
            )
        ]
    )
    assert brief(plan) == [
        ("1.1", f"{lead} для учителей математики", "сентябрь", "Директор"),
        ("1.2", f"{lead} для учителей физики", "октябрь", "Завуч"),
        ("2", "Курсы повышения квалификации", "октябрь", "Завуч"),
        ("3", "Педагогический совет", "ноябрь", "Директор"),
    ]
    assert [a.row for a in activities(plan)] == [3, 4, 5, 6]
    assert plan.problems == []


def test_list_items_bulleted_in_the_number_cell_or_pasted() -> None:
    docx_plan = word(
        [
            Table(
                [
                    HEADER,
                    ["1.", "Семинары:", "", ""],
                    ["•", "для учителей математики", "сентябрь", "Директор"],
                    ["•", "для учителей физики", "октябрь", "Завуч"],
                    COURSES,
                ]
            )
        ]
    )
    text = read_pasted(
        "№\tМероприятие\tСрок\tОтветственный\n1.\tСеминары:\t\t\n\t- для учителей математики\tсентябрь\tДиректор\n"
        "\t- для учителей физики\tоктябрь\tЗавуч\n"
        "2\tКурсы повышения квалификации\tоктябрь\tЗаместитель директора по УВР\n"
    )
    for plan in (docx_plan, text):
        assert [(a.number, a.title, a.deadline) for a in activities(plan)] == [
            ("1.1", "Семинары: для учителей математики", "сентябрь"),
            ("1.2", "Семинары: для учителей физики", "октябрь"),
            ("2", COURSES[1], "октябрь"),
        ]
        assert plan.problems == []


def test_list_items_written_in_full_keep_their_titles() -> None:
    plan = word(
        [
            Table(
                [
                    HEADER,
                    ["1.", "Семинары:", "", ""],
                    ["", "– Семинар для учителей математики", "сентябрь", "Директор"],
                    ["", "– Семинар для учителей физики", "октябрь", "Завуч"],
                ]
            )
        ]
    )
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1.1", "Семинар для учителей математики"),
        ("1.2", "Семинар для учителей физики"),
    ]


def test_a_numbered_row_with_its_own_deadline_over_a_bullet_stays_an_activity() -> None:
    """«1. | Семинары: | в течение года | Директор» is an activity of its own: the bullet under it is not its item."""
    plan = word(
        [
            Table(
                [
                    HEADER,
                    ["1.", "Семинары:", "в течение года", "Директор"],
                    ["", "– для учителей математики", "сентябрь", "Директор"],
                    COURSES,
                ]
            )
        ]
    )
    assert [a.number for a in activities(plan)] == ["1", None, "2"]


# ---------------------------------------------------------------------------------- a table after the plan


def test_a_table_after_the_plan_without_its_number_column_is_named() -> None:
    """The plan's last page saved as a table of three columns («Открытые уроки | декабрь | Завуч», no «№»): it was
    dropped without a word."""
    plan = word(
        [Table([HEADER, *ROWS]), Table([["Открытые уроки", "декабрь", "Завуч"], ["Мастер-класс", "январь", "Завуч"]])]
    )
    assert len(activities(plan)) == 3
    assert problem(plan, "unread_table") == [
        (
            None,
            "Таблица после плана (строк: 2; первая: «Открытые уроки декабрь Завуч») не загружена: её столбцы не "
            "совпадают со столбцами плана. Объедините таблицы и загрузите файл снова",
        )
    ]


@pytest.mark.parametrize(
    "after",
    [
        [Table([["Директор школы", "________", "И.И. Иванов"]])],
        ["С планом ознакомлены:", Table([["Петрова А.А.", "учитель", "01.09.2024"], ["Сидорова Б.Б.", "учитель", ""]])],
        ["Лист согласования", Table([["Должность", "Подпись", "Дата"], ["Методист", "", "в течение года"]])],
    ],
)
def test_signatures_and_lists_after_the_plan_are_no_unread_table(after: list[pf.Block]) -> None:
    plan = word([Table([HEADER, *ROWS]), *after])
    assert len(activities(plan)) == 3
    assert "unread_table" not in codes(plan)


# ------------------------------------------------------------------------------ contacts in the responsible cell


PHONE = "тел. 8 (34762) 2-15-40, ivanova@school.ru"


def test_phones_and_emails_in_the_responsible_cell_are_its_contacts() -> None:
    """«Иванова И.И., зам. директора по УВР, тел. 8 (34762) 2-15-40, ivanova@school.ru»: the responsible read as the
    whole text, the phone and the address with it. The person stays the responsible, the rest is «Контакты»."""
    plan = word(
        [
            Table(
                [
                    HEADER,
                    ["1", "Семинар для учителей", "сентябрь", f"Иванова И.И., зам. директора по УВР, {PHONE}"],
                    ["2", "Курсы повышения квалификации", "октябрь", "Петров П.П.\n+7 912 345-67-89\npetrov@mail.ru"],
                    ["3", "Педагогический совет", "ноябрь", "ММС, e-mail: mms@edu.ru"],
                    ["4", "Открытые уроки", "декабрь", "Иванова И.И. (89123456789)"],
                ]
            )
        ]
    )
    assert [(a.responsible, a.extra) for a in activities(plan)] == [
        ("Иванова И.И., зам. директора по УВР", {"Контакты": "8 (34762) 2-15-40, ivanova@school.ru"}),
        ("Петров П.П.", {"Контакты": "+7 912 345-67-89, petrov@mail.ru"}),
        ("ММС", {"Контакты": "mms@edu.ru"}),
        ("Иванова И.И.", {"Контакты": "89123456789"}),
    ]
    assert plan.problems == []


@pytest.mark.parametrize(
    ("written", "person", "contacts"),
    [
        ("Иванова И.И. – 89123456789", "Иванова И.И.", "89123456789"),
        ("Иванова И.И. тел.: 2-15-40; эл. почта: iv@mail.ru", "Иванова И.И.", "2-15-40, iv@mail.ru"),
        ("Иванова И.И., моб. +7(912)3456789", "Иванова И.И.", "+7(912)3456789"),
        ("СОШ №1 (тел. 2-15-40), СОШ №2 (тел. 2-16-41)", "СОШ №1, СОШ №2", "2-15-40, 2-16-41"),
    ],
)
def test_contacts_written_with_labels_dashes_and_brackets(written: str, person: str, contacts: str) -> None:
    plan = word([Table([HEADER, ["1", *SEMINAR[1:3], written]])])
    assert [(a.responsible, a.extra) for a in activities(plan)] == [(person, {"Контакты": contacts})]


def test_a_responsible_column_asking_for_the_phone() -> None:
    plan = word([Table([[*HEADER[:3], "Ответственный (ФИО, телефон)"], ["1", *SEMINAR[1:3], "Иванова И.И., 2-15-40"]])])
    assert [(a.responsible, a.extra) for a in activities(plan)] == [("Иванова И.И.", {"Контакты": "2-15-40"})]


@pytest.mark.parametrize(
    "responsible",
    [
        "Директор, 2024-2025",
        "Учителя 5–9 классов",
        "Иванова И.И.\nПетров П.П.",
        "Руководитель ШМО № 12",
        "Иванова, каб. 12",
    ],
)
def test_numbers_in_a_responsible_that_are_no_phone_stay(responsible: str) -> None:
    plan = word([Table([HEADER, ["1", "Семинар для учителей", "сентябрь", responsible]])])
    assert [(a.responsible, a.extra) for a in activities(plan)] == [(responsible, {})]


# ------------------------------------------------------------------------------------------------ plan-grids

MONTHS_SHORT = ["сен.", "окт.", "нояб.", "дек.", "янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг."]


def test_a_grid_of_abbreviated_months_gives_the_months_in_full() -> None:
    """A wide plan of 12 narrow month columns headed «сен.», «нояб.», «февр.»: the deadline was «сен, нояб», which no
    reader of deadlines knows."""
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", *MONTHS_SHORT],
            [1, "Семинар для учителей", "Директор", "+", "", "+", "", "", "+", *[""] * 6],
            [2, "Педагогический совет", "Завуч", *[""] * 11, "х"],
        ]
    )
    assert [a.deadline for a in activities(plan)] == ["сентябрь, ноябрь, февраль", "август"]
    assert plan.problems == []


def test_a_grid_headed_by_the_first_days_of_months() -> None:
    """Dates filled across the header («01.09.2024», «01.10.2024», … formatted «ДД.ММ.ГГГГ») over «+» marks: twelve
    unknown columns made the header unrecognised (`header_not_found`)."""

    def dated(sheet: Any) -> None:
        for cell in sheet[1][3:]:
            cell.number_format = "dd.mm.yyyy"

    firsts = [datetime(2024 + (month < 9), month, 1) for month in [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]]
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", *firsts],
            [1, "Семинар для учителей", "Директор", "+", "", "+", *[""] * 9],
            [2, "Педагогический совет", "Завуч", *[""] * 4, "х", *[""] * 7],
        ],
        dated,
    )
    assert [a.deadline for a in activities(plan)] == ["сентябрь 2024, ноябрь 2024", "январь 2025"]


def test_a_grid_of_quarters_without_a_deadline_header() -> None:
    """«Мероприятие | Ответственный | I кв. | II кв. | III кв. | IV кв.» marked «+»/«х»: four unknown columns beside
    three known ones made the header unrecognised (`header_not_found`)."""
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", "I кв.", "II кв.", "III кв.", "IV кв."],
            [1, "Семинар для учителей", "Директор", "+", "", "+", ""],
            [2, "Педагогический совет", "Завуч", "", "", "", "х"],
        ]
    )
    assert [(a.number, a.deadline, a.responsible) for a in activities(plan)] == [
        ("1", "I квартал, III квартал", "Директор"),
        ("2", "IV квартал", "Завуч"),
    ]


def test_a_grid_of_twelve_months_under_a_deadline_header() -> None:
    months = ["Сентябрь", "Октябрь", "Ноябрь", "Декабрь", "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь"]
    months += ["Июль", "Август"]
    plan = book(
        [
            ["№", "Мероприятие", "Ответственный", "Сроки", *[""] * 11],
            ["", "", "", *months],
            [1, "Семинар для учителей", "Директор", "+", "", "+", *[""] * 9],
        ],
        merges=("D1:O1", "A1:A2", "B1:B2", "C1:C2"),
    )
    assert brief(plan) == [("1", "Семинар для учителей", "сентябрь, ноябрь", "Директор")]


# ----------------------------------------------------------------------------------- exported shapes, pinned


def test_an_export_with_title_rows_filters_frozen_panes_and_a_total() -> None:
    """A plan exported from a school system: the organisation, the title and the period over the header, a frozen
    header with a filter, a total under it."""

    def export(sheet: Any) -> None:
        sheet.freeze_panes = "A6"
        sheet.auto_filter.ref = "A5:D8"

    plan = book(
        [
            ["МБОУ «СОШ № 1»"],
            ["Дорожная карта"],
            ["Период: 2024-2025 учебный год"],
            [],
            HEADER,
            *[[int(r[0]), *r[1:]] for r in ROWS],
            ["", "Итого: 3", "", ""],
        ],
        export,
    )
    assert brief(plan) == [tuple(r) for r in ROWS]
    assert codes(plan) == ["total_row"]


@pytest.mark.parametrize("mark", ["I.", "1."])
def test_numbering_restarting_in_each_section(mark: str) -> None:
    second = "II." if mark == "I." else "2."
    plan = word(
        [
            Table(
                [
                    HEADER,
                    Merged(f"{mark} Организационные мероприятия"),
                    *ROWS,
                    Merged(f"{second} Работа с педагогами"),
                    ["1", "Открытые уроки", "декабрь", "Завуч"],
                    ["2", "Мастер-класс", "январь", "Завуч"],
                ]
            )
        ]
    )
    assert sections(plan) == [
        (mark.rstrip("."), "Организационные мероприятия", ["1", "2", "3"]),
        (second.rstrip("."), "Работа с педагогами", ["1", "2"]),
    ]
    assert plan.problems == []


def test_a_plan_table_in_a_content_control() -> None:
    document = docx.Document()
    document.add_paragraph("План мероприятий")
    table = plan_table(document)
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    table._tbl.addprevious(control)
    control.find(qn("w:sdtContent")).append(table._tbl)
    assert brief(saved(document)) == [tuple(r) for r in ROWS]


def test_a_plan_table_in_a_text_box() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Приложение 1")
    table = plan_table(document)._tbl
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="100" cy="100"/><wp:docPr id="5" name="tb"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        "<wps:txbx><w:txbxContent/></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice></mc:AlternateContent></w:r>"
    )
    table.getparent().remove(table)
    box = run.find(".//" + qn("w:txbxContent"))
    box.append(table)
    box.append(parse_xml(f"<w:p {nsdecls('w')}/>"))
    paragraph._p.append(run)
    assert brief(saved(document)) == [tuple(r) for r in ROWS]


def test_a_plan_in_a_landscape_section_after_the_order() -> None:
    document = docx.Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("1. Утвердить план мероприятий (приложение).")
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    document.add_paragraph("Приложение к приказу")
    plan_table(document)
    plan = saved(document)
    assert brief(plan) == [tuple(r) for r in ROWS]
    assert plan.problems == []


def test_start_and_end_dates_as_excel_dates() -> None:
    plan = book(
        [
            ["№", "Мероприятие", "Срок начала", "Срок окончания", "Ответственный"],
            [1, "Семинар для учителей", datetime(2024, 9, 1), datetime(2024, 9, 30), "Директор"],
            [2, "Педагогический совет", datetime(2024, 11, 5), datetime(2024, 11, 5), "Директор"],
        ]
    )
    assert [a.deadline for a in activities(plan)] == ["01.09.2024 – 30.09.2024", "05.11.2024"]


def test_column_numbers_under_the_header_and_a_continued_table() -> None:
    """«1 | 2 | 3 | 4» under the header, then «Продолжение приложения 1» and the next page's table opening with the
    column numbers again."""
    plan = word(
        [
            Table([HEADER, ["1", "2", "3", "4"], SEMINAR, COURSES]),
            "Продолжение приложения 1",
            Table([["1", "2", "3", "4"], COUNCIL]),
        ]
    )
    assert brief(plan) == [tuple(r) for r in ROWS]
    assert [a.row for a in activities(plan)] == [3, 4, 6]
    assert plan.problems == []


def test_a_row_split_by_a_page_break_under_continued_table() -> None:
    """«Проведение мониторинга качества | октябрь | Заместитель» and, after «Продолжение таблицы», «образования в 5-9
    классах | | директора по УВР»: one activity, named by `continued_row`."""
    plan = word(
        [
            Table([HEADER, SEMINAR, ["2", "Проведение мониторинга качества", "октябрь", "Заместитель"]]),
            "Продолжение таблицы",
            Table([["", "образования в 5-9 классах", "", "директора по УВР"], COUNCIL]),
        ]
    )
    assert brief(plan) == [
        tuple(SEMINAR),
        ("2", "Проведение мониторинга качества образования в 5-9 классах", "октябрь", "Заместитель директора по УВР"),
        tuple(COUNCIL),
    ]
    assert codes(plan) == ["continued_row"]
