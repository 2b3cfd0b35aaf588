"""Plan tables, round 18: a group of people run together with one name («Руководители ОУ Яркова А.В.», seed 003: the
lines of a Word cell) names two parties, while a post before a name («Директор Иванова И.И.») stays its holder; the
seed 000 column «Ответственный исполнитель, соисполнитель, участник» keeps every party it lists responsible (the order
of its cells is no ranking: «Образовательные организации, МКУ «Отдел образования»» too); a row Excel hides is no gap
in the numbering. Tables re-typed as municipalities do: a section's responsible merged down in Word, a title merged
over the header, «Итого», a footnote and a signature under the table, «а)», «б)» sub-rows, empty rows and the header
repeated mid-table, hidden columns; a table of indicators after the plan («№ | Наименование показателя | 2024») is
named by `unread_table`, never dropped silently."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from services.roadmap.plan_import.people import co_executors, split_people
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _paste, _shown

H = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"]
YARKOVA = "Руководители ОУ Яркова А.В."


def _read(fmt: str, rows: list[list[str]]) -> ImportedPlan:
    if fmt == "text":
        return read_pasted(pf.tsv(rows))
    if fmt == "xlsx":
        return read_plan(pf.xlsx_bytes([list(r) for r in rows]), "план.xlsx")
    if fmt == "csv":
        return read_plan(pf.csv_bytes(rows), "план.csv")
    return read_plan(pf.docx_bytes([Table([list(r) for r in rows])]), "план.docx")


def _codes(plan: ImportedPlan) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in plan.problems]


def _names(parties: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in parties]


def _hidden(rows: list[list[Any]], *, row: int | None = None, column: str | None = None) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(pf.xlsx_bytes(rows)))
    sheet = book.active
    assert sheet is not None
    if row is not None:
        sheet.row_dimensions[row].hidden = True
    if column is not None:
        sheet.column_dimensions[column].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -------------------------------------------------------------- a group run together with one name (seed 003)


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (YARKOVA, ["Руководители ОУ", "Яркова А.В."]),
        ("Классные руководители Петров П.П.", ["Классные руководители", "Петров П.П."]),
        ("Педагоги-психологи Сидорова А.А.", ["Педагоги-психологи", "Сидорова А.А."]),
        ("Руководители ШМО А.В. Яркова", ["Руководители ШМО", "А.В. Яркова"]),
        ("Руководители ОУ\nЯркова А.В.", ["Руководители ОУ", "Яркова А.В."]),
    ],
)  # fmt: skip
def test_a_group_then_one_name_without_a_comma_is_two_parties(cell: str, people: list[str]) -> None:
    """Before: «Руководители ОУ Яркова А.В.» stayed one party. A group names several people: the one name after it is
    no holder of the group's post but another party (in seed 003 the municipal methodist beside the schools' heads)."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    "cell",
    ["Директор Иванова И.И.", "Зам. директора по УВР Петрова А.А.", "Руководитель ШМО Иванова И.И.",
     "Руководители ШМО: Иванова И.И.", "Учитель математики Петров П.П."],
)  # fmt: skip
def test_a_post_before_one_name_stays_its_holder(cell: str) -> None:
    """One post (singular) before a name, or a group announcing its members with a colon, is one party."""
    assert split_people(cell) == [cell]


SEED_003 = ["№", "Мероприятия", "Результат", "Сроки", "Ответственные"]
SEED_003_ROWS = [
    ["5", "Курсы повышения квалификации педагогов по трекам ЦНППР", "Удостоверение о повышении квалификации",
     "В течение года", YARKOVA],
    ["6", "Повышение квалификации управленческих команд", "Удостоверение о повышении квалификации", "В течение года",
     YARKOVA],
]  # fmt: skip


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "text"])
def test_seed_003_rows_keep_the_cell_and_read_two_parties(fmt: str) -> None:
    plan = _read(fmt, [SEED_003, *SEED_003_ROWS])
    assert [(a.number, a.deadline, a.responsible) for a in activities(plan)] == [
        ("5", "В течение года", YARKOVA),
        ("6", "В течение года", YARKOVA),
    ]
    assert [split_people(a.responsible) for a in activities(plan)] == [["Руководители ОУ", "Яркова А.В."]] * 2
    assert [co_executors(a.extra) for a in activities(plan)] == [[], []]


def test_seed_003_rows_saved_with_two_responsible_parties(stack: Stack) -> None:
    content = pf.xlsx_bytes([SEED_003, *SEED_003_ROWS])
    shown = _shown(_import(stack, "план.xlsx", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == [["Руководители ОУ", "Яркова А.В."]] * 2
    created = _import(stack, "план.xlsx", content, dry_run=False)
    assert [(a["number"], _names(a["responsible"]), _names(a["co_executors"])) for a in _shown(created)] == [
        ("5", ["Руководители ОУ", "Яркова А.В."], []),
        ("6", ["Руководители ОУ", "Яркова А.В."], []),
    ]


# ---------------------------------------------- seed 000: «Ответственный исполнитель, соисполнитель, участник»


SEED_000 = ["№ п/п", "Основные мероприятия", "Ответственный исполнитель, соисполнитель, участник", "Срок реализации",
            "Непосредственный результат реализации основного мероприятия (краткое описание)"]  # fmt: skip
SEED_000_ROWS = [
    ["5", "Анкетирование педагогических работников по профдефицитам",
     "Образовательные организации, МКУ «Отдел образования»", "Ежегодно", "Собрана сводная информация"],
    ["8", "Организация объективного участия обучающихся во внешних диагностических и контрольных процедурах.",
     pf.MKU, "Ежегодно", "Обеспечение комплексного мониторинга качества образования"],
    ["20", "Разработка и проведение мероприятий профилактической работы", "МКУ «Отдел образования», ОО", "Ежегодно",
     "Доля детей, семей группы риска привлеченных к мероприятиям."],
]  # fmt: skip
SEED_000_PARTIES = [
    ["Образовательные организации", "МКУ «Отдел образования»"],
    ["МКУ «Отдел образования»", "образовательные организации"],
    ["МКУ «Отдел образования»", "ОО"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "text"])
def test_seed_000_column_keeps_every_party_responsible(fmt: str) -> None:
    """Decided, not changed: the column of the state-programme form lists the executor, co-executors and participants
    together, but the seed writes the same two parties now one way («МКУ …, образовательные организации»), now the
    other («Образовательные организации, МКУ …»): the order ranks nobody, so all stay responsible, none a
    co-executor."""
    plan = _read(fmt, [SEED_000, *SEED_000_ROWS])
    assert plan.columns[SEED_000[2]] == "responsible"
    assert [split_people(a.responsible) for a in activities(plan)] == SEED_000_PARTIES
    assert [a.extra for a in activities(plan)] == [{}, {}, {}]
    assert [a.deadline for a in activities(plan)] == ["Ежегодно"] * 3


def test_seed_000_rows_saved_with_their_parties_responsible(stack: Stack) -> None:
    created = _import(stack, "план.docx", pf.docx_bytes([Table([SEED_000, *SEED_000_ROWS])]), dry_run=False)
    saved = _shown(created)
    assert [_names(a["responsible"]) for a in saved] == SEED_000_PARTIES
    assert [a["co_executors"] for a in saved] == [[], [], []]
    assert [a["number"] for a in saved] == ["5", "8", "20"]


# -------------------------------------------------------------- hidden rows and columns


PLAN = [
    H,
    ["1.", "Анализ результатов ВПР", "сентябрь", "Директор", "Справка"],
    ["2.", "Совещание при директоре", "октябрь", "Зам. директора по УВР", "Протокол"],
    ["3.", "Семинар для учителей", "ноябрь", YARKOVA, "Сертификаты"],
]


@pytest.mark.no_database
def test_a_hidden_row_is_no_gap_in_the_numbering() -> None:
    """Before: besides `hidden_rows` (row 3), `skipped_number` at row 4 called number 2 lost, though the problem just
    named its row as hidden."""
    plan = read_plan(_hidden(PLAN, row=3), "план.xlsx")
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1", "Анализ результатов ВПР"),
        ("3", "Семинар для учителей"),
    ]
    assert _codes(plan) == [("hidden_rows", 3)]


@pytest.mark.no_database
def test_a_real_gap_beside_a_hidden_row_is_still_named() -> None:
    rows = [*PLAN, ["5.", "Педсовет", "декабрь", "Директор", "Протокол"]]
    plan = read_plan(_hidden(rows, row=3), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "3", "5"]
    assert _codes(plan) == [("hidden_rows", 3), ("skipped_number", 5)]


@pytest.mark.no_database
def test_a_hidden_helper_column_is_named_and_the_plan_read_without_it() -> None:
    rows = [[*r[:2], "Код", *r[2:]] if i == 0 else [*r[:2], f"К-{i}", *r[2:]] for i, r in enumerate(PLAN)]
    plan = read_plan(_hidden(rows, column="C"), "план.xlsx")
    assert [(a.number, a.deadline, a.responsible, a.extra) for a in activities(plan)] == [
        ("1", "сентябрь", "Директор", {}),
        ("2", "октябрь", "Зам. директора по УВР", {}),
        ("3", "ноябрь", YARKOVA, {}),
    ]
    assert [p.code for p in plan.problems] == ["hidden_columns"]
    assert "«Код»" in plan.problems[0].detail


def test_a_hidden_row_previewed_and_saved_without_a_false_gap(stack: Stack) -> None:
    content = _hidden(PLAN, row=3)
    body = _import(stack, "план.xlsx", content, dry_run=True)
    assert [p["code"] for p in body["problems"]] == ["hidden_rows"]
    created = _import(stack, "план.xlsx", content, dry_run=False)
    assert [(a["number"], _names(a["responsible"])) for a in _shown(created)] == [
        ("1", ["Директор"]),
        ("3", ["Руководители ОУ", "Яркова А.В."]),
    ]


# -------------------------------------------------------------- Word: a section's responsible merged down


@pytest.mark.no_database
def test_a_sections_responsible_merged_down_in_word_is_every_rows() -> None:
    table = Table(
        [H, Merged("1. Аналитическая работа"),
         ["1.1.", "Анализ ВПР", "сентябрь", YARKOVA, "Справка"],
         ["1.2.", "Совещание", "октябрь", "", "Протокол"],
         Merged("2. Методическая работа"),
         ["2.1.", "Семинар", "ноябрь", "Директор", "Сертификаты"]],
        vmerge=[(3, 2, 3)],
    )  # fmt: skip
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert sections(plan) == [("1", "Аналитическая работа", ["1.1", "1.2"]), ("2", "Методическая работа", ["2.1"])]
    assert [a.responsible for a in activities(plan)] == [YARKOVA, YARKOVA, "Директор"]
    assert plan.problems == []


# -------------------------------------------------------------- a title over the header, totals, notes, signature


TITLED = Table([
    Merged("План мероприятий по повышению качества образования на 2024-2025 учебный год"),
    H,
    ["1.", "Анализ ВПР*", "сентябрь", "Директор", "Справка"],
    ["2.", "Совещание", "октябрь", "Зам. директора по УВР", "Протокол"],
    ["", "Итого: 2 мероприятия", "", "", ""],
])  # fmt: skip
UNDER = ["* – при наличии финансирования", "Начальник отдела образования                  И.И. Иванов"]


@pytest.mark.no_database
def test_a_title_row_totals_footnote_and_signature_around_a_word_table() -> None:
    plan = read_plan(pf.docx_bytes([TITLED, *UNDER]), "план.docx")
    assert [(a.number, a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        ("1", "Анализ ВПР", "сентябрь", "Директор"),
        ("2", "Совещание", "октябрь", "Зам. директора по УВР"),
    ]
    assert activities(plan)[0].extra == {"Примечание": "при наличии финансирования"}
    assert _codes(plan) == [("footnote", 3), ("total_row", 5)]


@pytest.mark.no_database
def test_a_signature_block_under_an_excel_table_is_no_activity() -> None:
    rows = [*PLAN, ["", "", "", "", ""], ["", "Директор МБОУ «СОШ № 5»", "", "", "И.И. Иванов"]]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3"]
    assert plan.problems == []


@pytest.mark.no_database
def test_a_signature_and_a_note_under_pasted_rows_are_no_activities() -> None:
    text = pf.tsv(PLAN) + "\n\n* – по согласованию\nНачальник отдела образования\tИ.И. Иванов"
    plan = read_pasted(text)
    assert [(a.number, a.responsible) for a in activities(plan)] == [
        ("1", "Директор"),
        ("2", "Зам. директора по УВР"),
        ("3", YARKOVA),
    ]
    assert plan.problems == []


def test_a_titled_word_table_previewed_and_saved(stack: Stack) -> None:
    content = pf.docx_bytes([TITLED, *UNDER])
    body = _import(stack, "план.docx", content, dry_run=True)
    assert [p["code"] for p in body["problems"]] == ["footnote", "total_row"]
    assert [(a["number"], a["title"]) for a in _shown(body)] == [("1", "Анализ ВПР"), ("2", "Совещание")]
    created = _import(stack, "план.docx", content, dry_run=False)
    assert [a["title"] for a in _shown(created)] == ["Анализ ВПР", "Совещание"]


# -------------------------------------------------------------- «а)», «б)» sub-rows, empty rows, repeated headers


SUBS = [
    H,
    ["1.", "Семинары", "сентябрь", "Директор", "Сертификаты"],
    ["а)", "для учителей математики", "сентябрь", "Иванова И.И.", "Сертификаты"],
    ["б)", "для учителей физики", "октябрь", "Петров П.П.", "Сертификаты"],
    ["2.", "Совещание", "ноябрь", "Завуч", "Протокол"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "text"])
def test_letter_sub_rows_number_the_items_of_the_number_above(fmt: str) -> None:
    plan = _read(fmt, SUBS)
    assert [(a.number, a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        ("1", "Семинары", "сентябрь", "Директор"),
        ("1.а", "для учителей математики", "сентябрь", "Иванова И.И."),
        ("1.б", "для учителей физики", "октябрь", "Петров П.П."),
        ("2", "Совещание", "ноябрь", "Завуч"),
    ]
    assert plan.problems == []


MID_HEADERS = [
    H,
    ["", "Раздел 1. Аналитическая деятельность", "", "", ""],
    ["1.", "Анализ ВПР", "сентябрь", "Директор", "Справка"],
    ["", "", "", "", ""],
    H,
    ["1", "2", "3", "4", "5"],
    ["", "Раздел 2. Методическая работа", "", "", ""],
    ["2.", "Семинар", "октябрь", "Завуч", "Сертификаты"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "text"])
def test_empty_rows_and_a_header_repeated_mid_table_are_skipped(fmt: str) -> None:
    plan = _read(fmt, MID_HEADERS)
    assert sections(plan) == [
        ("1", "Аналитическая деятельность", ["1"]),
        ("2", "Методическая работа", ["2"]),
    ]
    assert [(a.title, a.deadline, a.responsible) for a in activities(plan)] == [
        ("Анализ ВПР", "сентябрь", "Директор"),
        ("Семинар", "октябрь", "Завуч"),
    ]
    assert plan.problems == []


def test_sub_rows_and_repeated_headers_pasted_and_saved(stack: Stack) -> None:
    body = _paste(stack, pf.tsv(SUBS))
    assert [a["number"] for a in _shown(body)] == ["1", "1.а", "1.б", "2"]
    created = _import(stack, "план.xlsx", pf.xlsx_bytes([list(r) for r in MID_HEADERS]), dry_run=False)
    assert [(s["title"], [a["number"] for a in s["activities"]]) for s in created["sections"]] == [
        ("Аналитическая деятельность", ["1"]),
        ("Методическая работа", ["2"]),
    ]


# -------------------------------------------------------------- a table of indicators after the plan


INDICATORS = Table([
    ["№ п/п", "Наименование показателя", "Единица измерения", "2024", "2025"],
    ["1.", "Доля ОО с низкими образовательными результатами", "%", "10", "8"],
])  # fmt: skip


@pytest.mark.no_database
@pytest.mark.parametrize("between", [[], ["Целевые показатели реализации программы"]])
def test_a_table_of_indicators_after_the_plan_adds_no_activity(between: list[str]) -> None:
    plan = read_plan(pf.docx_bytes([Table([list(r) for r in PLAN]), *between, INDICATORS]), "план.docx")
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1", "Анализ результатов ВПР"),
        ("2", "Совещание при директоре"),
        ("3", "Семинар для учителей"),
    ]
    assert [a.expected_result for a in activities(plan)] == ["Справка", "Протокол", "Сертификаты"]
    (problem,) = plan.problems
    assert problem.code == "unread_table"
    assert problem.detail.startswith("Таблица показателей после плана (строк: 2; столбцы: «№ п/п | Наименование")


@pytest.mark.no_database
def test_a_table_of_readers_or_a_signature_after_the_plan_is_no_table_of_indicators() -> None:
    readers = Table([["Должность", "ФИО", "Подпись"], ["Учитель", "Петров П.П.", ""]])
    plan = read_plan(pf.docx_bytes([Table([list(r) for r in PLAN]), "Лист ознакомления", readers]), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3"]
    assert plan.problems == []


def test_a_table_of_indicators_named_in_the_preview_and_the_plan_saved(stack: Stack) -> None:
    content = pf.docx_bytes([Table([list(r) for r in PLAN]), "Целевые показатели", INDICATORS])
    body = _import(stack, "программа.docx", content, dry_run=True)
    assert [p["code"] for p in body["problems"]] == ["unread_table"]
    assert "Таблица показателей" in body["problems"][0]["detail"]
    created = _import(stack, "программа.docx", content, dry_run=False)
    assert [a["number"] for a in _shown(created)] == ["1", "2", "3"]
