"""Round 23 of reading the identification documents back as the methodist who signs them: the criteria of a
methodology whose thresholds are set otherwise than the seeds' («в 1 процедуре», never «в 1 разных процедурах»;
years in a row in any or in different procedures said so, never «в одной процедуре» of a methodology that asks for
different ones; «не менее 1 фактора риска»); a threshold of a third written one way in the criteria, the table of
years and the chart («33,33 %», never «33,3 %» beside it); a municipality tied with others in its share of ШНОР
said to share its place («1–3-е место»); 500+ factors tied at the cut all named, in the text, the table and the
recommendations, and none lost under the table; a school renamed or moved between the years named, when it left a
category, as the note names it now."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from services.identification.methodology.rules import default_rules
from services.identification.notes import criteria
from services.identification.notes.service import NoteService
from services.identification.runs.models import IdentificationRun, RunSchool
from services.identification.vocabulary import Category
from services.reports.documents import charts
from services.reports.rendering.render import Format, render
from services.shared.contracts.identification_note import NoteTerritory
from tests.identification.test_reason_wording_2 import _fired, _quiet
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables
from tests.reports.test_documents_read_back_12 import _book
from tests.reports.test_documents_read_back_18 import READ, _note, _one_at_risk
from tests.reports.test_documents_read_back_20 import NBSP
from tests.reports.test_documents_read_back_21 import _text

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

YEARS = ("2022-2023", "2023-2024")


def _rules(**fail_share: Any) -> dict[str, Any]:
    rules = default_rules().model_dump(mode="json")
    rules["fail_share_30"] |= fail_share
    return rules


def _fail_share(**parameters: Any) -> str:
    return criteria.condition("fail_share_30", _rules(**parameters)["fail_share_30"]).replace(NBSP, " ")


# --- the criteria of a methodology set otherwise ---------------------------------------------------------------------


def test_the_seeds_fail_share_reads_as_before_with_the_same_procedure_said_so() -> None:
    assert _fail_share() == (
        "не менее 30 % участников (ВПР, ОГЭ, ЕГЭ; русский язык и математика) не преодолели минимальный порог в 2 "
        "разных процедурах одного учебного года или в одной и той же процедуре 2 года подряд"
    )


def test_the_procedures_of_one_year_agree_with_their_number() -> None:
    """«не преодолели минимальный порог в 1 разных процедурах одного учебного года» of a methodology of one."""
    one = _fail_share(same_year_procedures=1)
    assert "порог в 1 процедуре одного учебного года" in one and "разных" not in one
    assert "порог в 3 разных процедурах одного учебного года" in _fail_share(same_year_procedures=3)


@pytest.mark.parametrize(
    ("procedures", "words"),
    [
        ("any", "или 2 года подряд (в каждом году — хотя бы в одной процедуре)"),
        ("different", "или 2 года подряд (в каждом году — в процедуре, отличной от процедуры предыдущего года)"),
    ],
)
def test_years_in_a_row_read_as_the_methodology_counts_them(procedures: str, words: str) -> None:
    """«в одной процедуре 2 года подряд» of a methodology that asks for different procedures in the two years (order
    003: «по одному разу в каждый из последних двух лет, в разных процедурах»)."""
    text = _fail_share(years_procedures=procedures)
    assert text.endswith(words)
    assert "или в одной процедуре" not in text and "одной и той же" not in text


def test_one_year_in_a_row_is_no_run_of_years() -> None:
    """«в одной процедуре 1 год подряд»."""
    text = _fail_share(consecutive_years=1, operator="and")
    assert text.endswith("и одновременно хотя бы в одной процедуре учебного года идентификации")
    assert "подряд" not in text


def test_one_subject_is_said_once_of_both_conditions() -> None:
    text = _fail_share(same_subject=True)
    assert text.endswith("2 года подряд, в обоих случаях — по одному и тому же предмету")
    assert text.count("предмету") == 1


@pytest.mark.parametrize(("count", "words"), [(1, "не менее 1 фактора риска"), (21, "не менее 21 фактора риска")])
def test_the_factors_of_the_profile_agree_with_their_number(count: int, words: str) -> None:
    """«в рисковом профиле «500+» не менее 1 факторов риска»; three of the seeds as before."""
    rules = default_rules().model_dump(mode="json")
    text = criteria.condition("risk_count", rules["risk_count"] | {"min_risks": count})
    assert f"{words} уровня «высокий или средний»" in text
    assert "не менее 3 факторов риска уровня" in criteria.condition("risk_count", rules["risk_count"])


def test_years_agree_with_their_number_in_the_criteria() -> None:
    """«за 21 лет»."""
    rules = default_rules().model_dump(mode="json")
    assert "за 21 год участвовало" in criteria.condition("olympiad_share", rules["olympiad_share"] | {"years": 21})


def _with_criteria(rules: dict[str, Any], threshold: float | None = None) -> dict[str, Any]:
    answer = realistic.note()
    answer["methodology"]["criteria"] = [c.model_dump(mode="json") for c in criteria.criteria(rules)]
    if threshold is not None:
        answer["threshold"] = threshold
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_the_note_of_a_methodology_of_different_procedures_says_so(fmt: Format) -> None:
    text = _text(_note(_with_criteria(_rules(years_procedures="different"))), fmt)
    assert "(в каждом году — в процедуре, отличной от процедуры предыдущего года)" in text
    assert "в одной процедуре 2 года подряд" not in text


# --- a threshold of a third, one way everywhere ---------------------------------------------------------------------

THIRD = 1 / 3


@pytest.mark.parametrize("fmt", READ)
def test_a_threshold_of_a_third_reads_the_same_in_the_criteria_and_the_years(fmt: Format) -> None:
    """«не менее 33,33 % участников» in the criteria and «от 33,3 %» over the column of the years."""
    text = _text(_note(_with_criteria(_rules(threshold=THIRD), THIRD)), fmt)
    assert "не менее 33,33 % участников" in text
    assert "Доля школ с долей ниже минимума от 33,33 %" in text
    assert "от 33,3 %" not in text


def test_the_years_sheet_heads_its_column_with_the_threshold_as_set() -> None:
    sheet = _book(_note(_with_criteria(_rules(threshold=THIRD), THIRD)))["По годам"]
    assert sheet["G2"].value == f"Доля школ с долей ниже минимума от 33,33{NBSP}%"
    table = next(t for t in docx_tables(render(_note(realistic.note()), "docx")) if t[0][0] == "Учебный год")
    assert table[0][-1] == "Доля школ с долей ниже минимума от 30 %"  # the seeds' threshold whole, as before


@pytest.mark.parametrize(("threshold", "label"), [(0.3, "порог 30 %"), (THIRD, "порог 33,33 %"),
                                                  (0.275, "порог 27,5 %"), (0.005, "порог 0,5 %")])  # fmt: skip
def test_the_chart_marks_the_threshold_as_the_criteria_write_it(threshold: float, label: str) -> None:
    """«порог 33,3333 %» drawn on the chart of years beside «33,33 %» of the criteria."""
    assert charts.threshold_label(threshold) == label.replace(" %", f"{NBSP}%")
    assert criteria.percent(threshold).replace(NBSP, " ") in label


# --- a municipality tied with others in its share ----------------------------------------------------------------


def _ranked(shares: list[tuple[int, int]], rank: int) -> dict[str, Any]:
    """The municipal note of the Таёжный district (2 ШНОР of 5) among municipalities of (ШНОР, schools) each."""
    answer = realistic.note()
    own = answer["aggregates"]["territory"]
    for number, (low, total) in enumerate(shares, start=2):
        other = copy.deepcopy(own) | {"code": f"99{number:02d}", "name": f"Район № {number}", "schools": total,
                                      "categories": {"low_results": low, "effective": total - low}}  # fmt: skip
        answer["aggregates"]["municipalities"].append(other)
    answer["aggregates"]["rank"] = rank
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_a_municipality_tied_at_the_top_shares_its_place(fmt: Format) -> None:
    """«занимает 1-е место из 5 муниципалитетов» said alike in the notes of three municipalities of 40,0 %."""
    text = _text(_note(_ranked([(4, 10), (2, 5), (1, 10), (0, 4)], rank=1)), fmt)
    assert (
        "По доле ШНОР муниципалитет занимает 1–3-е место из 5 муниципалитетов региона (такая же доля — ещё у 2 "
        "муниципалитетов; 1-е — наибольшая доля)." in text
    )
    assert "занимает 1-е место" not in text


def test_a_municipality_tied_below_the_top_shares_its_place_with_one() -> None:
    text = _text(_note(_ranked([(3, 5), (4, 10), (1, 10)], rank=2)), "docx")
    assert "занимает 2–3-е место из 4 муниципалитетов региона (такая же доля — ещё у 1 муниципалитета; 1-е" in text
    alone = _text(_note(_ranked([(1, 5), (3, 5)], rank=2)), "docx")  # a share of its own: its place alone
    assert "занимает 2-е место из 3 муниципалитетов региона (1-е — наибольшая доля)." in alone


def test_a_place_tied_with_twenty_one_municipalities_agrees_with_its_number() -> None:
    text = _text(_note(_ranked([(2, 5)] * 21 + [(0, 5)], rank=1)), "docx")
    assert "занимает 1–22-е место из 23 муниципалитетов региона (такая же доля — ещё у 21 муниципалитета;" in text


def test_municipalities_all_alike_are_said_alike_not_ranked() -> None:
    """«1–4-е место из 4 муниципалитетов» ranks nothing."""
    text = _text(_note(_ranked([(2, 5), (4, 10), (2, 5)], rank=1)), "docx")
    assert "Доля ШНОР одинакова во всех 4 муниципалитетах региона." in text
    assert "место из" not in text


# --- 500+ factors tied at the cut -------------------------------------------------------------------------------


def _factors(*counts: int, identified: int = 2) -> dict[str, Any]:
    """The realistic note with factors № 1, 2, … of `counts` schools each (high risk all), `identified` at risk."""
    answer = realistic.note()
    answer["risk_factors"] = [
        {"number": n, "name": f"Фактор {n}", "high": c, "medium": 0, "schools": c}
        for n, c in enumerate(counts, start=1)
    ]
    if identified > 2:
        extra = [realistic._school(n, ["low_results"], answer["schools"][0]["fired"]) for n in range(6, 4 + identified)]
        answer["schools"] += extra
        answer["counts"]["low_results"] = identified
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_factors_tied_with_the_third_are_all_named_as_the_most_frequent(fmt: Format) -> None:
    """«… «Фактор 1» (3 школы); «Фактор 2» (2 школы); «Фактор 3» (2 школы).» and «Фактор 4» of 2 schools left out."""
    text = _text(_note(_factors(3, 2, 2, 2, 1, identified=4)), fmt)
    assert (
        "наиболее часто встречаются факторы риска проекта «500+» высокого и среднего уровня: «Фактор 1» (3 школы); "
        "«Фактор 2» (2 школы); «Фактор 3» (2 школы); «Фактор 4» (2 школы)." in text
    )


def test_the_factors_table_keeps_a_factor_tied_with_the_fifth() -> None:
    table = next(t for t in docx_tables(render(_note(_factors(4, 3, 3, 2, 2, 2, identified=4)), "docx"))
                 if t[0][:2] == ["№ фактора", "Фактор риска"])  # fmt: skip
    assert [row[1] for row in table[1:]] == [f"Фактор {n}" for n in range(1, 7)]
    assert [row[-1] for row in table[1:]] == ["4", "3", "3", "2", "2", "2"]


@pytest.mark.parametrize("fmt", READ)
def test_the_rarer_factors_are_named_under_the_table_not_lost(fmt: Format) -> None:
    """Seven factors of the identification, five rows of the table, and nothing said of the other two."""
    text = _text(_note(_factors(4, 3, 3, 2, 2, 1, 1, identified=4)), fmt)
    assert "Реже отмечены факторы риска «500+»: «Фактор 6» (1 школа); «Фактор 7» (1 школа)." in text


def test_one_rarer_factor_is_said_in_the_singular() -> None:
    text = _text(_note(_factors(4, 3, 3, 2, 2, 1, identified=4)), "docx")
    assert "Реже отмечен фактор риска «500+»: «Фактор 6» (1 школа)." in text


def test_the_factors_table_sheet_lists_every_row_the_docx_does() -> None:
    sheet = _book(_note(_factors(4, 3, 3, 2, 2, 2, identified=4)))["Факторы риска"]
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == [f"Фактор {n}" for n in range(1, 7)]
    assert [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)] == [4, 3, 3, 2, 2, 2]  # numbers


def test_the_programmes_are_recommended_against_the_factors_tied_with_the_second() -> None:
    """«с мерами по факторам риска «Фактор 1» и «Фактор 2»» and «Фактор 3» of as many schools left out."""
    rows = next(t for t in docx_tables(render(_note(_factors(3, 2, 2, identified=4)), "docx"))
                if t[0][:2] == ["№", "Мероприятие"])  # fmt: skip
    assert any(r[1].endswith("с мерами по факторам риска «Фактор 1», «Фактор 2» и «Фактор 3»") for r in rows), rows


def test_many_factors_as_frequent_are_referred_to_not_listed_in_a_recommendation() -> None:
    """Six factors of one school each (all its own) strung into «с мерами по факторам риска «А», «Б», … и «Е»»."""
    one = _one_at_risk()
    one["risk_factors"] = _factors(1, 1, 1, 1, 1, 1)["risk_factors"]
    rows = next(t for t in docx_tables(render(_note(one), "docx")) if t[0][:2] == ["№", "Мероприятие"])
    assert rows[2][1].endswith("школы группы риска с мерами по факторам риска школы (раздел «Анализ причин»)")
    rows = next(t for t in docx_tables(render(_note(_factors(3, 2, 2, 2, identified=4)), "docx"))
                if t[0][:2] == ["№", "Мероприятие"])  # fmt: skip
    assert rows[2][1].endswith("с мерами по факторам риска школ, отмеченным чаще других (раздел «Анализ причин»)")


# --- a school renamed or moved between the years ---------------------------------------------------------------------


def _row(code: str, categories: list[str], name: str, municipality: str = "9901") -> RunSchool:
    rules = {"fail_share_30": _fired("low_results", share=0.4) if categories == ["low_results"] else _quiet(share=0.1)}
    return RunSchool(
        run_id=1, school_id=int(code[-3:]), school_code=code, school_name=name, municipality_code=municipality,
        categories=categories, final_categories=categories, stored_rules=rules, trend="stayed",
        insufficient_data=not categories,
    )  # fmt: skip


def _left(now: RunSchool) -> Any:
    """The school 9901003, МБОУ «СОШ № 3» of the Таёжный district in ШНОР a year before, and `now` this year."""
    run = IdentificationRun.model_construct(id=1, school_year=YEARS[0], status="approved")
    previous = {"9901003": (_row("9901003", ["low_results"], "МБОУ «СОШ № 3»"), run)}
    names = {"9901": "Таёжный муниципальный район", "9902": "Северный район"}
    territory = NoteTerritory(kind="region", code="99", name="Кедровская область", region_code="99",
                              region_name="Кедровская область", municipalities=names)  # fmt: skip
    service = NoteService.__new__(NoteService)  # `_category_movement` reads no database
    movement, moved = service._category_movement(Category.low_results, previous, {now.school_code: now},
                                                 territory, YEARS)  # fmt: skip
    assert (movement.left, len(moved)) == (1, 1)
    return moved[0]


def test_a_renamed_school_that_left_is_named_as_now_with_its_former_name() -> None:
    """«вышла МБОУ «СОШ № 3»» of a school the lists and the appendix name «МАОУ «Лицей № 3»»."""
    moved = _left(_row("9901003", ["effective"], "МАОУ «Лицей № 3»"))
    assert moved.school_name == "МАОУ «Лицей № 3» (в 2022-2023 учебном году — МБОУ «СОШ № 3»)"


def test_a_school_that_moved_and_left_is_placed_in_its_municipality_of_now() -> None:
    moved = _left(_row("9901003", ["effective"], "МБОУ «СОШ № 3»", municipality="9902"))
    assert (moved.school_name, moved.municipality_name) == ("МБОУ «СОШ № 3»", "Северный район")


@pytest.mark.parametrize("fmt", READ)
def test_the_renamed_school_reads_with_both_names_in_the_movers_table(fmt: Format) -> None:
    answer = realistic.note()
    moved = _left(_row("9901003", ["effective"], "МАОУ «Лицей № 3»")).model_dump(mode="json")
    answer["comparison"]["schools"].append(moved | {"municipality_name": realistic.MUNICIPALITY["name"]})
    text = _text(_note(answer), fmt)
    assert "МАОУ «Лицей № 3» (в 2022-2023 учебном году — МБОУ «СОШ № 3»)" in text


def _entered(was: list[str]) -> Any:
    """МБОУ «СОШ № 3» in ШНОР of the Северный district this year; a year before in the Таёжный district, in `was`."""
    now = _row("9901003", ["low_results"], "МБОУ «СОШ № 3»", municipality="9902")
    territory = NoteTerritory(kind="municipality", code="9902", name="Северный район", region_code="99",
                              region_name="Кедровская область", municipalities={"9902": "Северный район"})  # fmt: skip
    elsewhere = {"9901003": (_row("9901003", was, "МБОУ «СОШ № 3»"), "Таёжный муниципальный район")}
    service = NoteService.__new__(NoteService)
    movement, moved = service._category_movement(Category.low_results, {}, {"9901003": now}, territory, YEARS,
                                                 elsewhere)  # fmt: skip
    assert (movement.before, movement.entered, movement.after, len(moved)) == (0, 1, 1, 1)
    return moved[0]


def test_a_school_that_came_in_the_category_from_another_municipality_is_said_to_have_come() -> None:
    """«вошла» with its figure of this year, as a school newly at risk, of a school in ШНОР a year before next door."""
    reason = _entered(["low_results"]).reason.replace(NBSP, " ")
    assert reason.startswith(
        "Перешла из другого муниципалитета (Таёжный муниципальный район), где в 2022-2023 учебном году входила в ту "
        "же категорию; доля участников ниже минимального порога"
    )
    assert not _entered(["effective"]).reason.startswith("Перешла")  # it was not at risk there: it entered
