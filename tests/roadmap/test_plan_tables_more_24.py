"""Plan tables, round 24: an anti-risk programme of the 500+ project whose risks stand in a column headed «Наименование
риска» or «Фактор риска» (merged down over their activities) is read by its risks as sections, as one headed «Риск»
always was («Наименование риска» no longer takes the activities' place, «Фактор риска» no longer lands in the extra
values); a table of indicators under the plan in its own table or sheet («Показатели результативности» over «№ |
Показатель | Ед. изм. | 2024 | 2025», or «Показатель | 2024 | 2025 | 2026») ends the plan with a problem saying it was
not loaded, instead of being read as activities; Latin letters typed for the Cyrillic ones they look like («Пeтров
П.П.», «Иванова A.A.», «COШ») are made Cyrillic, so a name is found and split from the next; «все педагоги», «весь
педагогический коллектив» after a person (after a comma or on a line of its own) are a party of their own, never her
post. Read in an anti-risk programme as uploaded, previewed and saved."""

from __future__ import annotations

from typing import Any

import pytest

from services.roadmap.plan_import import read_pasted, read_plan
from services.roadmap.plan_import.people import split_people
from services.roadmap.plan_import.recognise.aliases import match_header
from services.roadmap.plan_import.tables import cyrillic_lookalikes
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, codes, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _shown
from tests.roadmap.test_plan_tables_more_18 import _read
from tests.roadmap.test_plan_tables_more_21 import FORMATS

# -------------------------------------------------------------- an anti-risk programme by its risks

RISK_ROWS = [
    ["Низкая учебная мотивация обучающихся", "Повышение учебной мотивации", "Организовать внеурочную деятельность",
     "1.1", "Предметные недели", "октябрь 2024", "ШМО учителей начальных классов",
     "доля обучающихся, участвующих в неделях, не менее 85 %"],
    ["", "", "", "1.2", "Участие в олимпиадах", "ноябрь 2024", "все педагоги", "не менее 30 % обучающихся"],
    ["Дефицит педагогических кадров", "Укомплектование штата", "Привлечь молодых специалистов", "2.1",
     "Договоры с вузами", "до 01.09.2025", "администрация ОО", "2 молодых специалиста"],
]  # fmt: skip
RISK_SECTIONS = [
    (None, "Низкая учебная мотивация обучающихся", ["1.1", "1.2"]),
    (None, "Дефицит педагогических кадров", ["2.1"]),
]
RISK_TITLES = ["Предметные недели", "Участие в олимпиадах", "Договоры с вузами"]


def _risk_header(risk: str) -> list[str]:
    return [risk, "Цель", "Задачи", "№", "Мероприятия", "Сроки реализации", "Ответственные", "Показатели"]


def _risk_file(fmt: str, risk: str) -> bytes:
    rows = [_risk_header(risk), *RISK_ROWS]
    if fmt == "xlsx":
        return pf.xlsx_bytes([list(r) for r in rows], merges=["A2:A3", "B2:B3", "C2:C3"])
    return pf.docx_bytes([Table([list(r) for r in rows], vmerge=[(0, 1, 2), (1, 1, 2), (2, 1, 2)])])


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("risk", ["Наименование риска", "Фактор риска", "Факторы риска", "Наименование рисков"])
def test_an_anti_risk_programme_is_read_by_its_risks_whatever_the_risks_column_is_called(fmt: str, risk: str) -> None:
    """Before: «Наименование риска» was the activities' column (the titles were the risks, «Мероприятия» an extra
    value, row 3 had no title); «Фактор риска» was an extra value beside one section «Мероприятия»."""
    plan = read_plan(_risk_file(fmt, risk), f"программа.{fmt}")
    assert plan.columns[risk] == "section"
    assert plan.columns["Мероприятия"] == "title"
    assert sections(plan) == RISK_SECTIONS
    assert [a.title for a in activities(plan)] == RISK_TITLES
    goals = ["Повышение учебной мотивации", "Повышение учебной мотивации", "Укомплектование штата"]
    assert [a.extra["Цель"] for a in activities(plan)] == goals
    assert activities(plan)[0].expected_result == "доля обучающихся, участвующих в неделях, не менее 85 %"
    assert plan.problems == [] and plan.errors == []


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Наименование риска", None),
        ("Наименование фактора риска", None),
        ("Наименование мероприятия", "title"),
        ("Наименование", "title"),
        ("Содержание", "title"),
    ],
)
def test_the_name_of_a_risk_names_no_activities(header: str, field: str | None) -> None:
    matched = match_header(header)
    assert (matched[0] if matched else None) == field


# -------------------------------------------------------------- the table of indicators under the plan

H = ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат"]
PLAN = [
    H,
    ["1.", "Анализ ВПР", "сентябрь", "Иванова И.И.", "Справка"],
    ["2.", "Семинар", "октябрь", "Петров П.П.", "доля обучающихся, выполнивших ВПР, не менее 85 %"],
]
BY_YEARS = [
    ["Показатели результативности", "", "", "", ""],
    ["Показатель", "2024", "2025", "2026", ""],
    ["Доля обучающихся, успевающих на «4» и «5», %", "35", "40", "45", ""],
]
NUMBERED = [
    ["Показатели результативности", "", "", "", ""],
    ["№", "Показатель", "Ед. изм.", "2024", "2025"],
    ["1", "Доля обучающихся, успевающих на «4» и «5»", "%", "35", "45"],
    ["2", "Количество педагогов, прошедших курсы", "чел.", "5", "12"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("table", "columns"), [(BY_YEARS, "Показатель | 2024 | 2025 | 2026"),
                                                (NUMBERED, "№ | Показатель | Ед. изм. | 2024 | 2025")])  # fmt: skip
def test_a_table_of_indicators_under_the_plan_is_no_activities(fmt: str, table: list[list[str]], columns: str) -> None:
    """Before: a section «Показатели результативности» of activities «Показатель» (deadline «2024»), «Доля
    обучающихся …» (number «Доля …», deadline «35») or «№»/«1» (a repeated number), with problems on the numbers."""
    plan = _read(fmt, [*PLAN, *table])
    assert sections(plan) == [(None, "Мероприятия", ["1", "2"])]
    assert [a.expected_result for a in activities(plan)] == ["Справка", PLAN[2][4]]
    assert [(p.code, p.row) for p in plan.problems] == [("unread_table", 4)]
    assert f"столбцы: «{columns}»" in plan.problems[0].detail
    assert "Целевые значения показателей внесите в план вручную" in plan.problems[0].detail


@pytest.mark.no_database
def test_a_table_of_indicators_in_the_plans_word_table_under_a_merged_heading() -> None:
    content = pf.docx_bytes([Table([*PLAN, Merged("Показатели результативности"), *NUMBERED[1:]])])
    plan = read_plan(content, "план.docx")
    assert [a.title for a in activities(plan)] == ["Анализ ВПР", "Семинар"]
    assert codes(plan) == ["unread_table"]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plan_with_an_indicators_column_reads_on_past_its_repeated_header(fmt: str) -> None:
    """The plan's own header repeated on a new page names its activities and a column «Показатели»: no table of
    indicators; nor is a section headed so with activities under it."""
    header = ["№", "Мероприятия", "Сроки", "Ответственные", "Показатели"]
    rows = [
        header,
        ["1.", "Анализ ВПР", "сентябрь", "Иванова И.И.", "100 %"],
        header,
        ["2.", "Семинар", "октябрь", "Петров П.П.", "не менее 85 %"],
        ["Мониторинг показателей результативности", "", "", "", ""],
        ["3.", "Мониторинг", "май", "Директор", "Справка"],
    ]
    plan = _read(fmt, rows)
    assert [s[2] for s in sections(plan)] == [["1", "2"], ["3"]]
    assert plan.problems == []


# -------------------------------------------------------------- Latin look-alike letters


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("text", "cyrillic"),
    [
        ("Ивaнова И.И.", "Иванова И.И."),
        ("Иванова A.A.", "Иванова А.А."),
        ("Иванова И.A.", "Иванова И.А."),
        ("A.B. Петрова", "А.В. Петрова"),
        ("MБОУ «COШ № 5»", "МБОУ «СОШ № 5»"),
        ("IT-куб", "IT-куб"),
        ("3D-принтер", "3D-принтер"),
        ("Microsoft Word, Excel-таблица", "Microsoft Word, Excel-таблица"),
        ("C 1 сентября", "C 1 сентября"),
    ],
)
def test_latin_look_alike_letters_in_russian_words_are_made_cyrillic(text: str, cyrillic: str) -> None:
    assert cyrillic_lookalikes(text) == cyrillic


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., Пeтров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("Ивaнова И.И.; Петров P.P.", ["Иванова И.И.", "Петров Р.Р."]),
        ("Иванова И.И., Иванoва И.И.", ["Иванова И.И."]),
        ("И.И. Ивaнова, П.П. Пeтров", ["И.И. Иванова", "П.П. Петров"]),
    ],
)
def test_a_name_typed_with_latin_letters_is_found_and_split(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И., Пeтров П.П.» was one party (no name found after the comma), «Иванoва И.И.» another
    person than «Иванова И.И.»."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", FORMATS)
def test_latin_letters_in_a_plans_cells_are_read_as_cyrillic(fmt: str) -> None:
    plan = _read(fmt, [H, ["1.", "Aнализ BПР", "сентябрь", "Пeтров П.П., Ивaнова И.И.", "Cправка"]])
    [activity] = activities(plan)
    assert (activity.title, activity.expected_result) == ("Анализ ВПР", "Справка")
    assert split_people(activity.responsible) == ["Петров П.П.", "Иванова И.И."]


# -------------------------------------------------------------- «все педагоги» beside a person


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И., все педагоги", ["Иванова И.И.", "все педагоги"]),
        ("Иванова И.И.;\nвсе педагоги", ["Иванова И.И.", "все педагоги"]),
        ("Иванова И.И.\nвсе педагоги", ["Иванова И.И.", "все педагоги"]),
        ("Директор, все педагоги", ["Директор", "все педагоги"]),
        ("Иванова И.И., весь педагогический коллектив", ["Иванова И.И.", "весь педагогический коллектив"]),
        ("Все учителя-предметники, классные руководители 5–9 классов",
         ["Все учителя-предметники", "классные руководители 5–9 классов"]),
    ],
)  # fmt: skip
def test_all_the_teachers_beside_a_person_are_a_party_of_their_own(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И., все педагоги» was one party (the group taken for her post), «Директор, все педагоги»
    one role."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    "cell",
    ["все педагоги", "классные руководители 5–9 классов", "администрация ОО", "ШМО учителей начальных классов",
     "Иванова Ирина Ивановна", "Иванова И. И.", "И.И. Иванова"],
)  # fmt: skip
def test_one_party_stays_as_typed(cell: str) -> None:
    assert split_people(cell) == [cell]


# -------------------------------------------------------------- an anti-risk programme as uploaded

PROGRAMME = Table(
    [
        ["Фактор риска", "Цель", "Задачи", "№", "Мероприятия", "Сроки", "Ответственные", "Показатели"],
        ["Низкая учебная мотивация обучающихся", "Повышение мотивации", "Внеурочная деятельность", "1.1",
         "Предметные недели", "октябрь 2024", "ШМО учителей начальных классов, все педагоги", "не менее 85 %"],
        ["", "", "", "1.2", "Участие в олимпиадах", "ноябрь 2024", "Пeтров П.П., Ивaнова И.И.", "не менее 30 %"],
        Merged("Показатели результативности"),
        ["№", "Показатель", "Ед. изм.", "2024", "2025", "", "", ""],
        ["1", "Доля обучающихся, успевающих на «4» и «5»", "%", "35", "45", "", "", ""],
    ],
    vmerge=[(0, 1, 2), (1, 1, 2), (2, 1, 2)],
)  # fmt: skip
PROGRAMME_PARTIES = [["ШМО учителей начальных классов", "все педагоги"], ["Петров П.П.", "Иванова И.И."]]


@pytest.mark.no_database
def test_an_anti_risk_programme_as_uploaded() -> None:
    plan = read_plan(pf.docx_bytes(["Программа антирисковых мер", PROGRAMME]), "программа.docx")
    assert sections(plan) == [(None, "Низкая учебная мотивация обучающихся", ["1.1", "1.2"])]
    assert [a.title for a in activities(plan)] == ["Предметные недели", "Участие в олимпиадах"]
    assert [split_people(a.responsible) for a in activities(plan)] == PROGRAMME_PARTIES
    assert codes(plan) == ["unread_table"]


def _saved(stack: Stack, plan_id: int) -> dict[str, Any]:
    read = stack.gateway.get(f"/api/roadmap/plans/{plan_id}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    body: dict[str, Any] = read.json()
    return body


def test_an_anti_risk_programme_previewed_and_saved(stack: Stack) -> None:
    content = pf.docx_bytes(["Программа антирисковых мер", PROGRAMME])
    preview = _import(stack, "программа.docx", content, dry_run=True)
    assert [s["title"] for s in preview["sections"]] == ["Низкая учебная мотивация обучающихся"]
    assert [a["title"] for a in _shown(preview)] == ["Предметные недели", "Участие в олимпиадах"]
    assert [a["responsible_parties"] for a in _shown(preview)] == PROGRAMME_PARTIES
    assert [p["code"] for p in preview["problems"]] == ["unread_table"]
    created = _import(stack, "программа.docx", content, dry_run=False)
    shown = _shown(_saved(stack, created["id"]))
    assert [(a["number"], a["title"]) for a in shown] == [("1.1", "Предметные недели"), ("1.2", "Участие в олимпиадах")]
    assert [[p["name"] for p in a["responsible"]] for a in shown] == PROGRAMME_PARTIES


def test_an_excel_anti_risk_programme_with_indicators_previewed(stack: Stack) -> None:
    rows = [_risk_header("Наименование риска"), *RISK_ROWS, [], *[[*r, "", "", ""] for r in BY_YEARS]]
    content = pf.xlsx_bytes([list(r) for r in rows], merges=["A2:A3", "B2:B3", "C2:C3"])
    preview = _import(stack, "программа.xlsx", content, dry_run=True)
    assert [(s["number"], s["title"], [a["number"] for a in s["activities"]]) for s in preview["sections"]] == [
        tuple(s) for s in RISK_SECTIONS
    ]
    assert [a["title"] for a in _shown(preview)] == RISK_TITLES
    assert [a["responsible_parties"] for a in _shown(preview)] == [
        ["ШМО учителей начальных классов"], ["все педагоги"], ["администрация ОО"]
    ]  # fmt: skip
    assert [(p["code"], p["row"]) for p in preview["problems"]] == [("unread_table", 6)]


@pytest.mark.no_database
def test_pasted_programme_reads_alike() -> None:
    rows = [_risk_header("Фактор риска"), *[list(r) for r in RISK_ROWS]]
    rows[2][:3] = rows[1][:3]  # pasted from Word: the merged cell's text in each of its rows
    plan = read_pasted(pf.tsv(rows))
    assert sections(plan) == RISK_SECTIONS
