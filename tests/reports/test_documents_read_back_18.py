"""Round 18 of reading the identification documents back (python-docx, openpyxl, the HTML page, the PDF's text) as
the official of an education authority who signs them: a municipality named «Муниципальное образование «Город
Кедровск»» declined as its authority, head and note say it («администрации муниципального образования …»); a
municipality set against its region after «по» in the dative («по Красноярскому краю», never «по Красноярского
края»); schools with and without quotes in their names in the order a reader looks them up, not every quoted name
first; a school without a name named by its code and a mover without a reason a dash; a note of one school at risk
in the singular («антирисковую программу … школы», «У школы группы риска отмечены факторы», never «Среди 1 школы …
наиболее часто»); a year whose list is not approved said of its list, not of the year; the subjects of «Что
работает» written as the rest of the note writes them («математика»); what the figure beside a rule is («53,0» of
«средний результат, % от максимума»); the card of a school without a short name, a risk level or a flag without
its words; municipalities tied at the cut and factors tied at the top all named; the detail appendix titled as
what it lists; a methodology named otherwise declined («Региональной методикой …»)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from services.reports.documents import identification_note, school_card
from services.reports.documents.common import genitive
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables
from tests.reports.test_documents_read_back_12 import FORBIDDEN, _book, _positions, _texts
from tests.reports.test_documents_read_back_15 import _regional

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
YEAR = realistic.YEAR
READ: tuple[Format, ...] = ("docx", "xlsx", "html")


def _note(answer: dict[str, Any], roadmap: dict[str, Any] | None = None, **params: Any) -> Document:
    sources = realistic._sources({realistic.NOTE_PATH: answer}, roadmap)
    return identification_note.build(ReportParams(school_year=YEAR, **params), sources, TODAY)


def _recommendations(document: Document) -> list[list[str]]:
    """The rows of the note's «Рекомендации» as the DOCX prints them (no header)."""
    table = next(t for t in docx_tables(render(document, "docx")) if t[0][:2] == ["№", "Мероприятие"])
    return table[1:]


# --- a municipality named «Муниципальное образование …» ------------------------------------------------------

FORMATION = "Муниципальное образование «Город Кедровск»"
FORMATION_GENITIVE = "муниципального образования «Город Кедровск»"


@pytest.mark.parametrize(
    ("name", "declined"),
    [
        (FORMATION, FORMATION_GENITIVE),
        ("Муниципальное образование город Кедровск", "муниципального образования город Кедровск"),
        ("Иркутское районное муниципальное образование", "Иркутского районного муниципального образования"),
    ],
)
def test_a_municipal_formation_is_named_in_the_genitive(name: str, declined: str) -> None:
    """«Управление образования администрации Муниципальное образование «Город Кедровск»»: the name stood in the
    nominative after «администрации», as no other kind of municipality does."""
    assert genitive(name) == declined


def _formation_note() -> dict[str, Any]:
    answer = realistic.note()
    answer["territory"] |= {"name": FORMATION, "municipalities": {"9901": FORMATION}}
    for school in answer["schools"]:
        school["municipality_name"] = FORMATION
    for moved in answer["comparison"]["schools"]:
        moved["municipality_name"] = FORMATION
    answer["aggregates"]["territory"]["name"] = FORMATION
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_the_note_of_a_municipal_formation_names_its_authority_and_territory_declined(fmt: Format) -> None:
    text = _texts(_note(_formation_note()), (fmt,))[fmt]
    assert f"Управление образования администрации {FORMATION_GENITIVE}" in text, fmt
    assert f"идентификация общеобразовательных организаций {FORMATION_GENITIVE} по итогам" in text, fmt
    assert f"Доля ШНОР среди школ {FORMATION_GENITIVE} — 40,0 %" in text, fmt
    assert f"Начальник Управления образования администрации {FORMATION_GENITIVE}" in text, fmt
    assert f"администрации {FORMATION}" not in text and f"организаций {FORMATION}" not in text, fmt


def test_the_pdf_of_a_municipal_formation_s_note_reads_its_authority_declined() -> None:
    text = _texts(_note(_formation_note()), ("pdf",))["pdf"]
    assert f"Управление образования администрации {FORMATION_GENITIVE}" in text
    assert f"администрации {FORMATION}" not in text


def test_the_card_of_a_school_of_a_municipal_formation_names_its_authority_declined() -> None:
    answers = realistic.card_answers()
    answers[f"/api/identification/schools/{realistic.SCHOOL}"]["municipality_name"] = FORMATION
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    assert document.authority == f"Управление образования администрации {FORMATION_GENITIVE}"
    assert f"Управление образования администрации {FORMATION_GENITIVE}" in _texts(document, ("docx",))["docx"]


def test_the_note_appended_to_an_order_of_a_municipal_formation_names_the_authority_declined() -> None:
    document = _note(_formation_note(), as_order_appendix=True, order_number="15-од", order_date=date(2024, 9, 3))
    text = _texts(document, ("docx",))["docx"]
    assert f"Приложение к приказу Управления образования администрации {FORMATION_GENITIVE}" in text


# --- a municipality set against its region: «по» with the dative ------------------------------------------------


@pytest.mark.parametrize(
    ("region", "after_po"),
    [
        ("Красноярский край", "по Красноярскому краю"),
        ("Ханты-Мансийский автономный округ — Югра", "по Ханты-Мансийскому автономному округу — Югре"),
        ("Республика Татарстан", "по Республике Татарстан"),
        ("Чувашская Республика — Чувашия", "по Чувашской Республике — Чувашии"),
    ],
)
def test_a_municipality_s_share_is_set_against_its_region_in_the_dative(region: str, after_po: str) -> None:
    """«при 10,0 % по Красноярского края»: the region was put in the genitive after «по», right only for the
    regions whose genitive and dative coincide («по Кедровской области»)."""
    answer = realistic.note()
    answer["territory"]["region_name"] = region
    answer["aggregates"]["region"]["name"] = region
    for fmt, text in _texts(_note(answer)).items():
        assert f"— 40,0 % (2 из 5) при 10,0 % {after_po}." in text, fmt
        assert f"по {genitive(region)}" not in text, fmt


def test_a_region_whose_dative_is_its_genitive_reads_as_before() -> None:
    text = _texts(_note(realistic.note()), ("docx",))["docx"]
    assert "— 40,0 % (2 из 5) при 10,0 % по Кедровской области." in text


# --- schools with and without quotes in their names, in the order a reader looks them up -------------------------

LISTED = [  # in the order the lists must read: quotes and the space after «№» do not count
    "МБОУ «Гимназия № 2»",
    "МБОУ ООШ с. Берёзовка",
    "МБОУ СОШ №1",
    "МБОУ «СОШ № 4»",
    "МБОУ СОШ № 7",
    "МБОУ «СОШ № 12»",
]
PRINTED = [name.replace("№1", "№ 1") for name in LISTED]  # the documents print «№ 1» however it was typed


def _quoted_names_note() -> dict[str, Any]:
    answer = realistic.note()
    first = answer["schools"][0]
    answer["schools"] = []
    for index, name in enumerate(reversed(LISTED)):  # given in another order than the lists read
        school = copy.deepcopy(first) | {"school_code": f"99011{index:02d}", "school_name": name}
        answer["schools"].append(school)
    answer["counts"] = {"low_results": len(LISTED)}
    answer["comparison"]["schools"] = []
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_quoted_and_unquoted_school_names_are_listed_as_a_reader_looks_them_up(fmt: Format) -> None:
    """Every name in quotes stood before the others («МБОУ «СОШ № 12»» before «МБОУ ООШ с. Берёзовка»): the quote's
    code point is below the letters', and «№1» was ordered apart from «№ 4»."""
    text = _texts(_note(_quoted_names_note()), (fmt,))[fmt]
    found = _positions(text, PRINTED)
    assert found == sorted(found), [name for _, name in sorted(zip(found, PRINTED, strict=True))]


def test_the_appendix_lists_the_schools_in_the_same_order_as_the_lists() -> None:
    sheet = _book(_note(_quoted_names_note()))["Сведения по школам"]
    names = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == PRINTED


# --- a school without a name, a mover without a reason -----------------------------------------------------------


def _unnamed_note() -> dict[str, Any]:
    answer = realistic.note()
    answer["schools"][1]["school_name"] = "  "  # МБОУ «СОШ № 2», 9901002: the registry gave no name
    answer["comparison"]["schools"][0] |= {"school_name": "", "reason": " "}
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_a_school_without_a_name_is_named_by_its_code_in_the_note(fmt: Format) -> None:
    """The list read «1 | | Доля участников …»: a row of the ШНОР list without its school."""
    text = _texts(_note(_unnamed_note()), (fmt,))[fmt]
    assert "школа с кодом 9901002 Доля участников ниже минимального порога" in text, fmt
    assert "9901002 школа с кодом 9901002 ШНОР" in text, fmt  # the appendix: code, school, categories
    assert "ШНОР вошла школа с кодом 9901002" in text, fmt


def test_a_school_without_a_name_is_listed_after_the_named_ones_by_its_label() -> None:
    """Sorted by its blank name it stood first in the list, before «МБОУ «СОШ № 1»»."""
    sheet = _book(_note(_unnamed_note()))["ШНОР"]
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        "МБОУ «СОШ № 1»",
        "школа с кодом 9901002",
    ]


@pytest.mark.parametrize("fmt", ("docx", "xlsx"))
def test_a_mover_without_a_reason_reads_a_dash_not_a_blank_cell(fmt: Format) -> None:
    document = _note(_unnamed_note())
    if fmt == "docx":
        table = next(t for t in docx_tables(render(document, "docx")) if t[0][:2] == ["Категория", "Изменение"])
        assert table[1] == ["ШНОР", "вошла", "школа с кодом 9901002", "—"]
    else:
        sheet = _book(document)["Вошли и вышли"]
        assert [c.value for c in sheet[3]] == ["ШНОР", "вошла", "школа с кодом 9901002", "—"]


# --- a note of one school at risk, in the singular ------------------------------------------------------------------


def _one_at_risk() -> dict[str, Any]:
    """The realistic note with МБОУ «СОШ № 2» effective: one school at risk (МБОУ «СОШ № 1») with two 500+ factors,
    one school without a decision (МБОУ «СОШ № 5»), one with a sign of biased results."""
    answer = realistic.note()
    second = answer["schools"][1]
    second |= {"categories": ["effective"], "computed_categories": ["effective"], "fired": []}
    answer["schools"][3]["objectivity"] = ["ВПР 2023-2024: отметки ВПР ниже отметок за период у 36,0 % участников"]
    answer["counts"] = {"low_results": 1, "effective": 3, "insufficient_data": 1}
    answer["aggregates"]["territory"]["categories"] = {"low_results": 1, "effective": 3}
    answer["risk_factors"] = [
        {"number": 3, "name": "Дефицит педагогических кадров", "high": 1, "medium": 0, "schools": 1},
        {"number": 8, "name": "Высокая доля обучающихся с рисками учебной неуспешности", "high": 0, "medium": 1,
         "schools": 1},
    ]  # fmt: skip
    answer["objectivity"] = [{"code": "lowered", "label": "Отметки ВПР ниже отметок за период", "schools": 1}]
    answer["sources"]["objectivity_schools"] = 5
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_the_factors_of_the_one_school_at_risk_are_its_own_not_the_most_frequent_among_one(fmt: Format) -> None:
    """«Среди 1 школы группы риска наиболее часто встречаются факторы …: «…» (1 школа); «…» (1 школа)»."""
    text = _texts(_note(_one_at_risk()), (fmt,))[fmt]
    assert (
        "У школы группы риска отмечены факторы риска проекта «500+» высокого и среднего уровня: «Дефицит "
        "педагогических кадров»; «Высокая доля обучающихся с рисками учебной неуспешности»." in text
    ), fmt
    assert "Среди 1 школы" not in text and "наиболее часто" not in text, fmt
    assert "неуспешности» (1 школа)" not in text and "кадров» (1 школа)" not in text, fmt


def test_one_factor_of_the_one_school_at_risk_is_said_in_the_singular() -> None:
    answer = _one_at_risk()
    answer["risk_factors"] = answer["risk_factors"][:1]
    text = _texts(_note(answer), ("docx",))["docx"]
    assert "У школы группы риска отмечен фактор риска проекта «500+» высокого и среднего уровня: «Дефицит " in text


def test_the_one_school_at_risk_is_to_adopt_its_programme_not_programmes_of_schools() -> None:
    """«Разработать и утвердить антирисковые программы … школ группы риска», «Руководители школ группы риска»:
    of one school the head reads programmes of several."""
    rows = _recommendations(_note(_one_at_risk()))
    assert rows[1][1:3] == [
        "Разработать и утвердить антирисковую программу (программу перехода в эффективный режим работы) школы группы "
        "риска с мерами по факторам риска «Дефицит педагогических кадров» и «Высокая доля обучающихся с рисками "
        "учебной неуспешности»",
        "Руководитель школы группы риска",
    ]
    assert rows[2][1].startswith("Рассмотреть на заседаниях методических объединений учителей русского языка и "
                                 "математики результаты школы группы риска, ")  # fmt: skip
    assert rows[-1][1] == (
        "Провести мониторинг реализации антирисковой программы и повторную идентификацию по итогам учебного года"
    )


def test_the_one_school_with_a_sign_of_biased_results_is_checked_in_the_singular() -> None:
    rows = _recommendations(_note(_one_at_risk()))
    assert any(row[1].startswith("Проверить объективность результатов ВПР в школе с признаками ") for row in rows)


def test_the_one_school_without_a_decision_is_named_in_its_recommendation() -> None:
    """«… по школам, где данных для решения недостаточно (1 школа)», «Руководители школ»: which school, the head had
    to look up in the appendix."""
    rows = _recommendations(_note(_one_at_risk()))
    lacking = next(row for row in rows if row[1].startswith("Обеспечить полноту данных"))
    assert lacking[1:3] == [
        "Обеспечить полноту данных оценочных процедур и показателей по школе, где данных для решения недостаточно "
        "(МБОУ «СОШ № 5»)",
        "Руководитель школы",
    ]


def test_several_schools_at_risk_keep_the_plural() -> None:
    rows = _recommendations(_note(realistic.note()))
    assert rows[1][2] == "Руководители школ группы риска"
    assert rows[1][1].startswith("Разработать и утвердить антирисковые программы (программы перехода в эффективный ")


# --- a year whose list is not approved --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ("docx", "xlsx"))
def test_a_year_of_the_years_table_whose_list_is_not_approved_says_so_of_its_list(fmt: Format) -> None:
    """«2022-2023 (не утверждён)» under «Учебный год»: the year read as not approved."""
    answer = realistic.note()
    answer["years"][0]["approved"] = False
    if fmt == "docx":
        table = next(t for t in docx_tables(render(_note(answer), "docx")) if t[0][:2] == ["Учебный год", "Школ"])
        years = [row[0] for row in table[1:]]
    else:
        years = [row[0] for row in _book(_note(answer))["По годам"].iter_rows(min_row=3, values_only=True)]
    assert years == ["2022-2023 (перечень не утверждён)", "2023-2024"], fmt


# --- «Что работает»: the subject as the note writes it ------------------------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_the_subjects_of_what_works_read_as_the_note_and_the_card_write_them(fmt: Format) -> None:
    """Roadmap names the subject «Математика»: the table read «ВПР | Математика» while the note's reasons and the
    card's results read «математика»."""
    effects = realistic.effects()
    effects["subjects"] = [
        effects["subjects"][0] | {"subject_label": "Математика"},
        effects["subjects"][0] | {"subject": "ikt", "subject_label": "ИКТ-грамотность"},
    ]
    text = _texts(_note(realistic.note(), {"/api/roadmap/effects": effects}), (fmt,))[fmt]
    assert "ВПР математика 3" in text, fmt
    assert "ВПР ИКТ-грамотность 3" in text, fmt  # an abbreviation keeps its capitals
    assert "Математика" not in text, fmt


# --- nothing of a program's in what the head reads ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_the_edge_notes_read_no_code_of_a_program(fmt: Format) -> None:
    for answer in (_formation_note(), _quoted_names_note(), _unnamed_note(), _one_at_risk()):
        text = _texts(_note(answer), (fmt,))[fmt]
        assert not FORBIDDEN.search(text), FORBIDDEN.search(text)
        assert "Среди 1 школы" not in text and "  " not in text, fmt


# --- what the figure beside a rule is -----------------------------------------------------------------------------


def _fired_as(rule: str, label: str, figure_label: str, unit: str, values: tuple[float, ...]) -> dict[str, Any]:
    value, municipal, regional = values
    return {
        "rule": rule, "label": label, "category": "low_results", "reason": "", "figure_label": figure_label,
        "unit": unit, "value": value, "municipal_value": municipal, "regional_value": regional,
    }  # fmt: skip


def _figures_note() -> dict[str, Any]:
    answer = realistic.note()
    answer["schools"][0]["fired"] = [
        _fired_as("bottom_quartile", "Нижняя четверть по результатам ЕГЭ, ОГЭ и ВПР",
                  "средний результат, % от максимума", "score", (53.0, 57.6, 61.0)),
    ]  # fmt: skip
    answer["schools"][1]["fired"] = [
        _fired_as("risk_count", "Несколько рисков профиля «500+»", "факторов риска «500+»", "count", (8, 2.2, 1.6)),
    ]
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_a_list_says_what_the_figure_beside_a_rule_is(fmt: Format) -> None:
    """«Нижняя четверть по результатам ЕГЭ, ОГЭ и ВПР | 53,0 | 57,6 | 61,0», «Несколько рисков профиля «500+» | 8»:
    fifty-three what, eight what — the head had to find the rule's reason in the appendix."""
    text = _texts(_note(_figures_note()), (fmt,))[fmt]
    assert "Нижняя четверть по результатам ЕГЭ, ОГЭ и ВПР (средний результат, % от максимума)" in text, fmt
    assert "Несколько рисков профиля «500+» (число факторов риска «500+»)" in text, fmt


def test_a_rule_whose_name_says_what_its_figure_is_is_not_explained_twice() -> None:
    table = next(t for t in docx_tables(render(_note(realistic.note()), "docx")) if t[0][:2] == ["№", "Школа"])
    assert [row[2] for row in table[2:]] == ["Доля участников ниже минимального порога"] * 2


# --- one school considered ----------------------------------------------------------------------------------------


def test_a_note_of_one_school_says_its_data_sufficed_not_for_all_schools() -> None:
    answer = _one_at_risk()
    answer["schools"] = answer["schools"][:1]
    answer["counts"] = {"low_results": 1}
    text = _texts(_note(answer), ("docx",))["docx"]
    assert "рассмотрена 1 школа. К ШНОР отнесена 1 школа" in text
    # round 19: its one school is in one category, so no «Школа может относиться к нескольким категориям»
    assert "данных для решения достаточно." in text and "по всем школам" not in text


# --- the school card: a school without a short name, a level and a flag without their words -----------------------


def _card(change: Any) -> Document:
    answers = realistic.card_answers()
    change(answers)
    return school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)


def _school(answers: dict[str, Any]) -> dict[str, Any]:
    school: dict[str, Any] = answers[f"/api/identification/schools/{realistic.SCHOOL}"]
    return school


def _history(answers: dict[str, Any]) -> dict[str, Any]:
    history: dict[str, Any] = answers[f"/api/identification/schools/{realistic.SCHOOL}/history"]
    return history


@pytest.mark.parametrize(
    ("names", "titled"),
    [
        ({"short_name": ""}, "Карта рисков школы: Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»"),
        ({"short_name": " ", "full_name": ""}, "Карта рисков школы: школа с кодом 9901001"),
    ],
)
def test_the_card_of_a_school_without_a_short_name_is_titled_by_what_names_it(
    names: dict[str, str], titled: str
) -> None:
    """«Карта рисков школы: » — a card of no school."""
    document = _card(lambda answers: _school(answers).update(names))
    assert document.title == titled
    assert titled in _texts(document, ("docx",))["docx"]


def test_a_risk_level_the_card_cannot_name_is_a_dash_not_its_code() -> None:
    def change(answers: dict[str, Any]) -> None:
        _history(answers)["risk_profile"] = [
            {"factor": 3, "school_year": YEAR, "level": "high"},
            {"factor": 5, "school_year": YEAR, "level": "unknown"},
        ]

    rows = _book(_card(change))["Риски 500+"].iter_rows(min_row=3, values_only=True)
    assert [row[2] for row in rows] == ["высокий", "—"]


@pytest.mark.parametrize("fmt", READ)
def test_an_objectivity_flag_without_its_detail_is_named_not_coded(fmt: Format) -> None:
    """«2023-2024 | vpr_lowered» in the card's table of flags."""
    document = _card(
        lambda answers: _history(answers)["statuses"][0].update(objectivity_flags=[{"code": "vpr_lowered"}])
    )
    text = _texts(document, (fmt,))[fmt]
    assert "2023-2024 Отметки ВПР ниже отметок за период" in text, fmt
    assert "vpr_lowered" not in text, fmt


# --- the municipalities with the largest share of ШНОР: ties at the cut named alike ---------------------------------


def _tied_region() -> dict[str, Any]:
    """A region of five municipalities with ШНОР: 40 %, then three at 25 % (named in reverse order of their
    names), then 10 %."""
    answer = _regional(realistic.note())
    towns = [
        ("9904", "Яровский район", 1, 4),
        ("9905", "Берёзовский район", 2, 8),
        ("9906", "Вишнёвский район", 3, 12),
        ("9907", "Осиновский район", 1, 10),
    ]
    answer["aggregates"]["municipalities"] += [
        {"code": code, "name": name, "schools": total, "categories": {"low_results": low}, "insufficient_data": 0,
         "mean_fail_share": None}
        for code, name, low, total in towns
    ]  # fmt: skip
    answer["territory"]["municipalities"] |= {code: name for code, name, _, _ in towns}
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_municipalities_tied_with_the_third_largest_share_are_all_named(fmt: Format) -> None:
    """«Таёжный муниципальный район (40,0 %), Берёзовский район (25,0 %), Вишнёвский район (25,0 %)»: Яровский
    район, also 25,0 %, left out only for its name's letter."""
    text = _texts(_note(_tied_region()), (fmt,))[fmt]
    assert (
        "наибольшая доля — в муниципалитетах: Таёжный муниципальный район (40,0 %), Берёзовский район (25,0 %), "
        "Вишнёвский район (25,0 %), Яровский район (25,0 %)." in text
    ), fmt
    assert "Осиновский район (10,0 %)" not in text, fmt


# --- the detail appendix titled as what it lists ---------------------------------------------------------------------


def _flagged_effective() -> dict[str, Any]:
    answer = realistic.note()
    answer["schools"][3]["objectivity"] = ["ВПР 2023-2024: отметки ВПР ниже отметок за период у 36,0 % участников"]
    answer["objectivity"] = [{"code": "vpr_lowered", "label": "Отметки ВПР ниже отметок за период", "schools": 1}]
    return answer


FLAGGED_TITLE = "Сведения по школам группы риска, школе без решения и школе с признаками необъективности результатов"


@pytest.mark.parametrize("fmt", READ)
def test_an_appendix_listing_an_effective_school_with_a_flag_says_it_lists_such_schools(fmt: Format) -> None:
    """«Сведения по школам группы риска и школам без решения» over a row of МБОУ «СОШ № 4» | Эффективный режим."""
    text = _texts(_note(_flagged_effective()), (fmt,))[fmt]
    assert f"Приложение 1 {FLAGGED_TITLE}" in text, fmt
    assert "9901004 МБОУ «СОШ № 4» Эффективный режим" in text, fmt


def test_an_appendix_of_the_risk_group_and_the_undecided_alone_keeps_its_title() -> None:
    text = _texts(_note(realistic.note()), ("docx",))["docx"]
    assert "Приложение 1 Сведения по школам группы риска и школе без решения №" in text


# --- the leading factor of risk: every factor as frequent as the first ---------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_factors_of_as_many_schools_as_the_first_all_lead(fmt: Format) -> None:
    """«Ведущий фактор риска — «Дефицит педагогических кадров».» while «Низкая учебная мотивация обучающихся» was of
    as many schools: the one first in the data was called the leading one."""
    answer = realistic.note()
    answer["risk_factors"] = [
        {"number": 3, "name": "Дефицит педагогических кадров", "high": 1, "medium": 1, "schools": 2},
        {"number": 10, "name": "Низкая учебная мотивация обучающихся", "high": 0, "medium": 2, "schools": 2},
        {"number": 1, "name": "Низкий уровень оснащения школы", "high": 0, "medium": 1, "schools": 1},
    ]
    text = _texts(_note(answer), (fmt,))[fmt]
    assert (
        "Ведущие факторы риска — «Дефицит педагогических кадров» и «Низкая учебная мотивация обучающихся»." in text
    ), fmt
    assert "Ведущий фактор" not in text, fmt


def test_one_factor_more_frequent_than_the_others_leads_alone() -> None:
    text = _texts(_note(realistic.note()), ("docx",))["docx"]
    assert "Ведущий фактор риска — «Дефицит педагогических кадров»." in text


# --- the methodology named in the instrumental -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "basis"),
    [
        ("методика идентификации ШНОР", "В соответствии с методикой идентификации ШНОР (версия 2) с целью"),
        ("Региональная методика идентификации школ", "В соответствии с Региональной методикой идентификации школ "),
    ],
)
def test_a_methodology_named_otherwise_is_declined_not_quoted_in_its_own_case(name: str, basis: str) -> None:
    """«В соответствии с методикой «методика идентификации ШНОР»», «… с методикой «Региональная методика …»»."""
    answer = realistic.note()
    answer["methodology"]["name"] = name
    for fmt, text in _texts(_note(answer)).items():
        assert basis in text, fmt
        assert "методикой «" not in text, fmt
