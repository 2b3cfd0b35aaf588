"""Plan tables of a seventh pass: an order pasted whole goes on past its plan with a «Таблица 4» caption over
unnumbered rows and with a table of schools' scores («Наименование ОО | Русский язык | Математика»); the plan ends
there and a problem says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.roadmap.plan_import import read_pasted, read_plan
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import activities, codes

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
PLAN = [
    HEADER,
    ["1", "Анализ результатов ВПР", "сентябрь", "Заместитель директора"],
    ["2", "Педагогический совет по качеству образования", "октябрь", "Директор"],
    ["3", "Семинар для учителей начальных классов", "ноябрь", "Методист"],
]
SCORES = [
    ["Наименование ОО", "Русский язык", "Математика", "Усредненный показатель"],
    ["", "Общий %", "Общий %", "%"],
    ["МКОУ «Нижне-Нарыкарская СОШ»", "74", "83,33", "78,6"],
    ["МКОУ «Уньюганская СОШ №1»", "47,86", "75,48", "61,8"],
    ["МКОУ «Шеркальская СОШ»", "55,08", "67,52", "61,3"],
]


def test_a_table_of_scores_after_the_plan_ends_it() -> None:
    rows = [*PLAN, [], ["Результаты диагностических работ по школам района"], *SCORES]
    for plan in (read_pasted(pf.tsv(rows)), read_plan(pf.xlsx_bytes(rows), "план.xlsx")):
        assert [a.number for a in activities(plan)] == ["1", "2", "3"]
        assert "rows_after_plan" in codes(plan)
        assert not any("СОШ" in a.title or "Наименование" in a.title for a in activities(plan))


def test_a_table_of_scores_right_under_the_last_activity_ends_the_plan() -> None:
    plan = read_pasted(pf.tsv([*PLAN, *SCORES]))
    assert [a.title for a in activities(plan)][-1] == "Семинар для учителей начальных классов"
    assert activities(plan)[-1].responsible == "Методист"
    assert [p.row for p in plan.problems if p.code == "rows_after_plan"] == [5]


def test_a_caption_over_unnumbered_rows_ends_the_plan() -> None:
    rows = [
        *PLAN,
        ["Таблица 4"],
        ["АДРЕСНАЯ ПОМОЩЬ ШКОЛАМ С НИЗКИМИ ОБРАЗОВАТЕЛЬНЫМИ РЕЗУЛЬТАТАМИ"],
        ["МКОУ «Уньюганская СОШ №1»", "МКОУ «Шеркальская СОШ»", "МКОУ «Чемашинская СОШ»"],
        ["Слабая ориентация выпускников", "Эпизодичность в оценке компетенций", "Синдром выгорания"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.number for a in activities(plan)] == ["1", "2", "3"]
    assert [p.row for p in plan.problems if p.code == "rows_after_plan"] == [5]


def test_a_caption_over_the_next_numbered_part_of_the_plan_does_not_end_it() -> None:
    rows = [
        ["Таблица 1"],
        *PLAN,
        ["Таблица 2"],
        HEADER,
        ["4", "Курсы повышения квалификации", "декабрь", "Методист"],
        ["5", "Итоговое совещание", "май", "Директор"],
    ]
    plan = read_pasted(pf.tsv(rows))
    assert [a.number for a in activities(plan)] == ["1", "2", "3", "4", "5"]
    assert "rows_after_plan" not in codes(plan)


def test_a_short_plan_or_numbered_rows_under_a_short_row_are_not_cut() -> None:
    """Under two activities nothing ends the plan; a row of short cells over numbered activities is none of a
    table of scores."""
    short = read_pasted(pf.tsv([*PLAN[:3], *SCORES[:1], ["4", "Курсы", "декабрь", "Методист"]]))
    assert "rows_after_plan" not in codes(short)
    rows = [*PLAN, ["Раздел 2", "Учителя", "Ученики", "Родители"], ["4", "Курсы", "2025", "Методист"]]
    plan = read_pasted(pf.tsv(rows))
    assert activities(plan)[-1].number == "4"
    assert "rows_after_plan" not in codes(plan)


def test_financing_figures_in_the_plan_are_no_table_of_scores() -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "2024", "2025"]
    rows = [
        header,
        ["1", "Закупка оборудования", "2024", "Директор", "150", "200"],
        ["2", "Курсы ПК", "2025", "Завуч", "20", "30"],
        ["3", "Семинар", "2025", "Методист", "5", "5"],
        ["4", "Оснащение кабинетов", "2025", "Директор", "100", "120"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["1", "2", "3", "4"]
    assert "rows_after_plan" not in codes(plan)


def test_the_seed_order_002_pasted_whole_ends_after_its_plan() -> None:
    seed = Path("/work/shared/seeds/002_7f84096b1ab106ae.txt")
    if not seed.exists():
        pytest.skip("seed not available")
    plan = read_pasted(seed.read_text(encoding="utf-8"))
    assert activities(plan)[-1].number == "3.14"
    assert [s.number for s in plan.sections] == ["1", "2", "3"]
    assert "rows_after_plan" in codes(plan)
    assert not any("СОШ»" in a.title[:40] or "Наименование ОО" in a.title for a in activities(plan))
