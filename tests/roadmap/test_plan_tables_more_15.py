"""Plan tables of a sixteenth pass: in a three-level plan a full row «1.2.» after the items of «1.1.» keeps the
reading order (a section «1.2» after «1.1»); words broken by a hyphen at a line end inside a cell read whole. Then
what a user sees after importing a methodist's table over HTTP (the preview and the created plan): responsible cells
naming several people with their posts, «Администрация ОО», «ШМО …», «руководитель ММО»; expected results with
bullets and percentages; «Показатели», «Источник финансирования», «Ресурсы» columns; a landscape Word plan with a
table nested in a cell; Excel with deadlines and responsibles merged over several activities and the header in row 5
under a title block; warnings in Russian naming the row."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Table, activities, sections

URL = "/api/roadmap/plans/import"
H = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"]
PEOPLE = "Иванова И.И., зам. директора по УВР; Петров П.П. – учитель математики"
BULLETS = "- доля обучающихся, выполнивших ВПР на «4» и «5», не менее 45 %;\n- аналитическая справка"
TITLE_BLOCK: list[list[Any]] = [
    ["", "", "", "УТВЕРЖДАЮ"],
    ["", "", "", "Директор МБОУ «СОШ № 5» ________ Иванова И.И."],
    ["План мероприятий («дорожная карта») по повышению качества образования на 2024/2025 учебный год"],
    [],
]
THREE_LEVELS = [
    H,
    ["1.", "Организационно-управленческая деятельность", "", "", ""],
    ["1.1.", "Нормативное обеспечение", "", "", ""],
    ["1.1.1", "Приказ о рабочей группе", "сентябрь 2024", "Директор", "Приказ"],
    ["1.1.2", "Положение о ВСОКО", "октябрь 2024", "Директор", "Положение"],
    ["1.2.", "Совещание при директоре по итогам ВПР", "ноябрь 2024", "Директор", "Протокол"],
]
SECTION_2 = [["2.", "Работа с педагогами", "", "", ""], ["2.1.", "Курсы", "в течение года", "Завуч", "Удостоверения"]]


def rows(plan: ImportedPlan) -> list[tuple[str | None, str, str, str, str]]:
    return [(a.number, a.title, a.deadline, a.responsible, a.expected_result) for a in activities(plan)]


def details(plan: ImportedPlan) -> list[tuple[str, str]]:
    return [(p.code, p.detail) for p in plan.problems]


def landscape_docx(table: list[list[str]], nested: dict[tuple[int, int], list[list[str]]] | None = None) -> bytes:
    """A Word plan in landscape pages, a title paragraph over it, tables nested in the cells `nested` names."""
    document = docx.Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    document.add_paragraph("План мероприятий по повышению качества образования МБОУ «СОШ № 5»")
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, values in enumerate(table):
        for c, text in enumerate(values):
            grid.cell(r, c).text = text
    for (r, c), inner in (nested or {}).items():
        sub = grid.cell(r, c).add_table(rows=len(inner), cols=len(inner[0]))
        for ir, values in enumerate(inner):
            for ic, text in enumerate(values):
                sub.cell(ir, ic).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- «1.2.» with a deadline after the 1.1.x items


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["text", "docx", "xlsx"])
def test_a_full_row_after_the_items_of_a_sub_section_keeps_the_reading_order(fmt: str) -> None:
    """«1.2. | Совещание | ноябрь» after 1.1.1, 1.1.2: the plan's sections are a flat list, so it stays a section
    «1.2» of its own after «1.1» (as round 8 pins), in the order the methodist wrote it; moving it into section 1
    would print it before 1.1.1 in every document rendered from the plan."""
    table = [*THREE_LEVELS, *SECTION_2]
    if fmt == "text":
        plan = read_pasted(pf.tsv(table))
    else:
        content = pf.docx_bytes([Table(list(table))]) if fmt == "docx" else pf.xlsx_bytes(list(table))
        plan = read_plan(content, f"план.{fmt}")
    assert [(s[0], s[2]) for s in sections(plan)] == [
        ("1", []),
        ("1.1", ["1.1.1", "1.1.2"]),
        ("1.2", ["1.2"]),
        ("2", ["2.1"]),
    ]
    assert rows(plan)[2] == ("1.2", "Совещание при директоре по итогам ВПР", "ноябрь 2024", "Директор", "Протокол")


@pytest.mark.no_database
def test_a_top_level_full_row_after_sub_items_still_makes_its_own_section() -> None:
    """«2.» with its deadline after 1.1.1, 1.1.2 has no section «» above: its own section, as before."""
    table = [*THREE_LEVELS[:5], ["2.", "Мониторинг", "май 2025", "Завуч", "Справка"]]
    plan = read_pasted(pf.tsv(table))
    assert sections(plan)[-1] == ("2", "Мониторинг", ["2"])


# ---------------------------------------------------------------------------- words broken at a line end


@pytest.mark.no_database
def test_words_broken_by_a_hyphen_in_word_cells_read_whole() -> None:
    table = Table(
        [
            H,
            ["1", "Анализ резуль-\nтатов ВПР", "сен-\nтябрь 2024", "Заместитель дирек-\nтора по УВР", "Справка"],
            [
                "2",
                "Онлайн-\nконсультации для родителей",
                "октябрь 2024",
                "Кл. руководители",
                "Учебно-\nметодический комплекс",
            ],
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert rows(plan) == [
        ("1", "Анализ результатов ВПР", "сентябрь 2024", "Заместитель директора по УВР", "Справка"),
        ("2", "Онлайн-консультации для родителей", "октябрь 2024", "Кл. руководители", "Учебно-методический комплекс"),
    ]


@pytest.mark.no_database
def test_broken_words_in_excel_cells_and_hyphens_that_stay() -> None:
    """A hyphen before a line that starts with a capital or a digit, or one in the middle of a line, stays."""
    table = [
        H,
        ["1", "Педагогический со-\nвет", "май 2025", "Директор", "Протокол;\n- план работы"],
        ["2", "Семинар-практикум", "2024-\n2025", "ШМО", "ВПР-\n2025"],
        ["3", "Что-\nто новое", "июнь 2025", "Методист", "Кто-\nнибудь"],
    ]
    plan = read_plan(pf.xlsx_bytes(table), "план.xlsx")
    assert rows(plan) == [
        ("1", "Педагогический совет", "май 2025", "Директор", "Протокол;\n- план работы"),
        ("2", "Семинар-практикум", "2024-\n2025", "ШМО", "ВПР-\n2025"),
        ("3", "Что-то новое", "июнь 2025", "Методист", "Кто-нибудь"),
    ]


# ---------------------------------------------------------------------------- the cells as read


RESPONSIBLES = [
    PEOPLE,
    "Администрация ОО",
    "ШМО учителей начальных классов",
    "руководитель ММО",
    "Директор школы Сидорова А.В.,\nпедагог-психолог Кузнецова Е.Н.",
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_responsible_cells_keep_their_people_and_posts(fmt: str) -> None:
    table = [
        H,
        *[[str(i), f"Мероприятие {i}", "сентябрь 2024", who, "Справка"] for i, who in enumerate(RESPONSIBLES, 1)],
    ]
    content = pf.docx_bytes([Table(list(table))]) if fmt == "docx" else pf.xlsx_bytes(table)
    plan = read_plan(content, f"план.{fmt}")
    assert [a.responsible for a in activities(plan)] == RESPONSIBLES
    assert plan.problems == []


@pytest.mark.no_database
def test_expected_results_with_bullets_and_percentages_stay_as_typed() -> None:
    results = [BULLETS, "• протокол педсовета\n• план коррекции", "Снижение доли «2» на 10 %", "не менее 70% родителей"]
    table = [H, *[[str(i), f"Мероприятие {i}", "октябрь 2024", "Завуч", r] for i, r in enumerate(results, 1)]]
    plan = read_plan(pf.docx_bytes([Table(list(table))]), "план.docx")
    assert [a.expected_result for a in activities(plan)] == results


@pytest.mark.no_database
def test_an_indicators_column_alone_is_the_expected_result() -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Показатели"]
    plan = read_pasted(pf.tsv([header, ["1", "Курсы ПК", "в течение года", "Завуч", "доля педагогов 100%"]]))
    assert plan.columns["Показатели"] == "expected_result"
    assert rows(plan) == [("1", "Курсы ПК", "в течение года", "Завуч", "доля педагогов 100%")]


@pytest.mark.no_database
def test_indicators_beside_the_expected_result_and_funding_and_resources_are_kept_by_header() -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат", "Показатели",
              "Источник финансирования", "Ресурсы"]  # fmt: skip
    row = ["1", "Курсы ПК", "в течение года", "Завуч", "Повышена квалификация", "100 %", "бюджет ОО", "кадровые"]
    plan = read_pasted(pf.tsv([header, row]))
    activity = activities(plan)[0]
    assert activity.expected_result == "Повышена квалификация"
    assert activity.extra == {"Показатели": "100 %", "Источник финансирования": "бюджет ОО", "Ресурсы": "кадровые"}
    assert plan.problems == []


@pytest.mark.no_database
def test_a_landscape_word_plan_with_a_table_nested_in_a_result_cell() -> None:
    table = [H, ["1", "Анализ ВПР", "сентябрь 2024", "Директор", "Справка"],
             ["2", "Мониторинг результатов", "октябрь 2024", "Завуч", ""]]  # fmt: skip
    nested = {(2, 4): [["Показатель", "Значение"], ["Доля «2»", "не более 5%"]]}
    plan = read_plan(landscape_docx(table, nested), "план.docx")
    assert [a.number for a in activities(plan)] == ["1", "2"]
    assert activities(plan)[1].expected_result == "Показатель; Значение\nДоля «2»; не более 5%"


@pytest.mark.no_database
def test_excel_deadlines_and_responsibles_merged_over_several_activities() -> None:
    table = [
        *TITLE_BLOCK,
        H,
        ["1", "Анализ ВПР", "сентябрь 2024", "Администрация ОО", "Справка"],
        ["2", "Педсовет", None, None, "Протокол"],
        ["3", "Совещание", None, "Директор", "Приказ"],
        ["4", "Семинар", "октябрь 2024", None, "Сертификаты"],
        ["5", "Мастер-класс", None, None, "Конспект"],
    ]
    plan = read_plan(pf.xlsx_bytes(table, ["C6:C8", "D6:D7", "C9:C10", "D8:D10"]), "план.xlsx")
    assert [(a.row, a.deadline, a.responsible) for a in activities(plan)] == [
        (6, "сентябрь 2024", "Администрация ОО"),
        (7, "сентябрь 2024", "Администрация ОО"),
        (8, "сентябрь 2024", "Директор"),
        (9, "октябрь 2024", "Директор"),
        (10, "октябрь 2024", "Директор"),
    ]
    assert plan.problems == []


@pytest.mark.no_database
def test_word_deadlines_and_responsibles_merged_down_over_activities() -> None:
    table = Table(
        [
            H,
            ["1", "Анализ ВПР", "сентябрь 2024", "Администрация ОО", "Справка"],
            ["2", "Педсовет", "", "", "Протокол"],
            ["3", "Совещание", "", "Директор", "Приказ"],
        ],
        vmerge=[(2, 1, 3), (3, 1, 2)],
    )
    plan = read_plan(pf.docx_bytes([table]), "план.docx")
    assert [(a.deadline, a.responsible) for a in activities(plan)] == [
        ("сентябрь 2024", "Администрация ОО"),
        ("сентябрь 2024", "Администрация ОО"),
        ("сентябрь 2024", "Директор"),
    ]


@pytest.mark.no_database
def test_an_order_annex_title_block_over_a_header_in_row_5() -> None:
    """«Приложение 1 к приказу», the title merged over three rows; a date cell merged over two activities; the
    header naming what the columns hold in brackets."""
    table: list[list[Any]] = [
        ["Приложение 1 к приказу от 30.08.2024 № 125"],
        ["План мероприятий"],
        ["по повышению качества образования"],
        [],
        ["№", "Содержание работы", "Срок исполнения", "Ответственный (Ф.И.О., должность)",
         "Ожидаемый результат (показатели)"],
        [1, "Анализ ВПР", datetime(2024, 9, 30), "Руководи-\nтель ММО", "1) справка;\n2) план коррекции"],
        [2, "Педсовет", None, "Зам. директора по УВР / руководители ШМО", "Доля «4» и «5» — 80%"],
        [3, "Курсы", "в течение года (по графику)", "Ресурсный центр", "100 % педагогов"],
    ]  # fmt: skip
    plan = read_plan(pf.xlsx_bytes(table, ["A1:E1", "A2:E2", "A3:E3", "C6:C7"]), "план.xlsx")
    assert rows(plan) == [
        ("1", "Анализ ВПР", "30.09.2024", "Руководитель ММО", "1) справка;\n2) план коррекции"),
        ("2", "Педсовет", "30.09.2024", "Зам. директора по УВР / руководители ШМО", "Доля «4» и «5» — 80%"),
        ("3", "Курсы", "в течение года (по графику)", "Ресурсный центр", "100 % педагогов"),
    ]
    assert [a.row for a in activities(plan)] == [6, 7, 8]


@pytest.mark.no_database
def test_a_resources_column_alone_is_kept_by_its_header() -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Ресурсы", "Результат"]
    row = ["1", "Курсы", "октябрь", "Завуч", "кадровые, материально-технические", "Удостоверения"]
    plan = read_pasted(pf.tsv([header, row]))
    assert rows(plan) == [("1", "Курсы", "октябрь", "Завуч", "Удостоверения")]
    assert activities(plan)[0].extra == {"Ресурсы": "кадровые, материально-технические"}


@pytest.mark.no_database
def test_sections_merged_in_excel_with_a_responsible_merged_over_their_rows() -> None:
    table: list[list[Any]] = [
        H,
        ["1. Работа с педагогами"],
        ["1.1", "Курсы", "сентябрь", "Завуч", "Удостоверения"],
        ["1.2", "Семинар", "октябрь", None, "Сертификаты"],
        ["2. Работа с родителями"],
        ["2.1", "Собрание", "ноябрь", "Кл. руководители", "Протокол"],
    ]
    plan = read_plan(pf.xlsx_bytes(table, ["A2:E2", "D3:D4", "A5:E5"]), "план.xlsx")
    assert sections(plan) == [("1", "Работа с педагогами", ["1.1", "1.2"]), ("2", "Работа с родителями", ["2.1"])]
    assert [a.responsible for a in activities(plan)] == ["Завуч", "Завуч", "Кл. руководители"]


PASTED_FROM_WORD = (
    "№\tМероприятие\tСроки\tОтветственные\tОжидаемый результат\n"
    "1\tАнализ ВПР\tсентябрь\tДиректор\t- справка;\n- план коррекции\n"
    "2\tПедсовет\tоктябрь\tАдминистрация ОО\t• протокол\n• решение педсовета\n"
    "3\tСеминар\tноябрь\tруководитель ММО\t– не менее 90 % участников\n"
)


@pytest.mark.no_database
def test_dashed_items_of_a_last_cell_pasted_from_word_stay_in_it() -> None:
    """Word copies the result «- справка;⏎- план коррекции» as two lines, unquoted: «- план коррекции» made a
    section of its own and took the rows after it."""
    plan = read_pasted(PASTED_FROM_WORD)
    assert rows(plan) == [
        ("1", "Анализ ВПР", "сентябрь", "Директор", "- справка;\n- план коррекции"),
        ("2", "Педсовет", "октябрь", "Администрация ОО", "• протокол\n• решение педсовета"),
        ("3", "Семинар", "ноябрь", "руководитель ММО", "– не менее 90 % участников"),
    ]
    assert len(plan.sections) == 1 and plan.problems == []


@pytest.mark.no_database
def test_a_responsible_cell_of_two_people_pasted_from_word() -> None:
    text = (
        "№\tМероприятие\tСроки\tОтветственные\tОжидаемый результат\n"
        "1\tАнализ ВПР\tсентябрь\tИванова И.И., зам. директора по УВР;\nПетров П.П. – учитель математики\tСправка\n"
        "2\tПедсовет\tоктябрь\tАдминистрация ОО\tПротокол\n"
    )
    plan = read_pasted(text)
    assert [a.responsible for a in activities(plan)] == [
        "Иванова И.И., зам. директора по УВР;\nПетров П.П. – учитель математики",
        "Администрация ОО",
    ]


@pytest.mark.no_database
def test_a_heading_line_after_a_pasted_row_is_still_a_section() -> None:
    text = PASTED_FROM_WORD + "2. Работа с родителями\n2.1\tСобрание\tдекабрь\tКл. руководители\tПротокол\n"
    plan = read_pasted(text)
    assert [s[:2] for s in sections(plan)][-1] == ("2", "Работа с родителями")


# ---------------------------------------------------------------------------- through HTTP


def _header(stack: Stack) -> str:
    return json.dumps(
        {
            "kind": "municipal_roadmap",
            "title": "Дорожная карта из файла",
            "municipality_code": stack.territory["municipality"]["code"],
            "school_year": "2024-2025",
        },
        ensure_ascii=False,
    )


def _import(stack: Stack, name: str, content: bytes, *, dry_run: bool) -> dict[str, Any]:
    answer = stack.gateway.post(
        URL,
        data={"header": _header(stack), "dry_run": "true" if dry_run else "false"},
        files={"file": (name, content)},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == (200 if dry_run else 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


def _paste(stack: Stack, text: str) -> dict[str, Any]:
    answer = stack.gateway.post(
        URL, data={"header": _header(stack), "text": text}, headers=stack.auth("municipal_coordinator")
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _shown(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for s in body["sections"] for a in s["activities"]]


SCHOOL_PLAN = [
    *TITLE_BLOCK,
    H,
    ["1.", "Аналитическая деятельность", "", "", ""],
    ["1.1.", "Анализ результа-\nтов ВПР по математике", "сентябрь 2024", PEOPLE, BULLETS],
    ["1.2.", "Педагогический совет", "", "Администрация ОО", "Протокол"],
    ["2.", "Методическая работа", "", "", ""],
    ["2.1.", "Заседание ШМО", "ноябрь 2024", "ШМО учителей начальных классов", "Снижение доли «2» на 10 %"],
    ["2.2.", "Муниципальный семинар", "", "руководитель ММО", "Сертификаты"],
]
SCHOOL_MERGES = ["C7:C8", "C10:C11"]


def test_an_excel_school_plan_previewed_and_created_as_the_user_reads_it(stack: Stack) -> None:
    content = pf.xlsx_bytes(SCHOOL_PLAN, SCHOOL_MERGES)
    body = _import(stack, "дорожная_карта.xlsx", content, dry_run=True)
    assert [(s["number"], s["title"]) for s in body["sections"]] == [
        ("1", "Аналитическая деятельность"),
        ("2", "Методическая работа"),
    ]
    shown = _shown(body)
    assert [(a["row"], a["number"], a["deadline"]) for a in shown] == [
        (7, "1.1", "сентябрь 2024"),
        (8, "1.2", "сентябрь 2024"),
        (10, "2.1", "ноябрь 2024"),
        (11, "2.2", "ноябрь 2024"),
    ]
    assert shown[0]["title"] == "Анализ результатов ВПР по математике"
    assert shown[0]["responsible"] == PEOPLE and shown[0]["expected_result"] == BULLETS
    assert [a["due_dates"] for a in shown] == [["2024-09-30"], ["2024-09-30"], ["2024-11-30"], ["2024-11-30"]]
    assert body["problems"] == [] and body["activities"] == 4
    created = _import(stack, "дорожная_карта.xlsx", content, dry_run=False)
    saved = [a for s in created["sections"] for a in s["activities"]]
    assert [(a["number"], a["deadline_text"]) for a in saved] == [(a["number"], a["deadline"]) for a in shown]
    assert [[p["name"] for p in a["responsible"]] for a in saved] == [
        ["Иванова И.И., зам. директора по УВР", "Петров П.П. – учитель математики"],
        ["Администрация ОО"],
        ["ШМО учителей начальных классов"],
        ["руководитель ММО"],
    ]
    assert saved[0]["title"] == "Анализ результатов ВПР по математике" and saved[0]["expected_result"] == BULLETS


def test_a_three_level_word_plan_created_in_its_reading_order(stack: Stack) -> None:
    content = landscape_docx([*THREE_LEVELS, *SECTION_2])
    created = _import(stack, "план.docx", content, dry_run=False)
    assert [(s["number"], [a["number"] for a in s["activities"]]) for s in created["sections"]] == [
        ("1", []),
        ("1.1", ["1.1.1", "1.1.2"]),
        ("1.2", ["1.2"]),
        ("2", ["2.1"]),
    ]
    meeting = created["sections"][2]["activities"][0]
    assert (meeting["title"], meeting["deadline_text"]) == ("Совещание при директоре по итогам ВПР", "ноябрь 2024")


def test_warnings_of_the_preview_are_russian_and_name_the_row(stack: Stack) -> None:
    table = [
        H,
        ["1", "Анализ ВПР", "сентябрь 2024", "Директор", "Справка"],
        ["", "Педсовет", "октябрь 2024", "Директор", "Протокол"],
        ["4", "Семинар", "ноябрь 2024", "Методист", "Сертификаты"],
    ]
    body = _paste(stack, pf.tsv(table))
    problems = [(p["code"], p["row"], p["detail"]) for p in body["problems"]]
    assert ("missing_number", 3, "Строка 3: у мероприятия «Педсовет» нет номера") in problems
    skipped = [p for p in problems if p[0] == "skipped_number"]
    assert skipped and skipped[0][1] == 4 and skipped[0][2].startswith("Строка 4")
    assert [a["title"] for a in _shown(body)] == ["Анализ ВПР", "Педсовет", "Семинар"]


def test_funding_and_indicator_columns_do_not_hide_the_activities_in_the_preview(stack: Stack) -> None:
    header = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный исполнитель",
              "Показатели", "Источник финансирования"]  # fmt: skip
    table = [
        header,
        ["1", "Курсы повышения квалификации", "в течение года", "Иванова И.И., зам. директора по УВР",
         "доля педагогов, прошедших курсы, – 100 %", "бюджет ОО"],
        ["2", "Закупка оборудования", "до 01.12.2024", "Директор", "оснащено 2 кабинета", "субсидия"],
    ]  # fmt: skip
    body = _import(stack, "план.xlsx", pf.xlsx_bytes(table), dry_run=True)
    shown = _shown(body)
    assert [(a["title"], a["responsible"], a["expected_result"]) for a in shown] == [
        ("Курсы повышения квалификации", "Иванова И.И., зам. директора по УВР",
         "доля педагогов, прошедших курсы, – 100 %"),
        ("Закупка оборудования", "Директор", "оснащено 2 кабинета"),
    ]  # fmt: skip
    assert shown[1]["due_dates"] == ["2024-12-01"]
    assert body["columns"]["Источник финансирования"] == "extra"


def test_a_result_pasted_from_word_in_dashed_lines_is_previewed_in_its_activity(stack: Stack) -> None:
    body = _paste(stack, PASTED_FROM_WORD)
    assert len(body["sections"]) == 1 and body["activities"] == 3
    first = _shown(body)[0]
    assert (first["row"], first["expected_result"]) == (2, "- справка;\n- план коррекции")
