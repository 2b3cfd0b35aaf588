"""Round 21 of reading the identification documents back as the official who signs them: the detail appendix titled
of what it lists and in the singular of one school («Сведения по школе группы риска», no «школам без решения» over
no such row); the movers' reasons each from a capital in their cell («Не выполняется: …»); the methodology's
criteria with a no-break space before «%» and a category of one rule read without «хотя бы одно условие»; and notes
and cards of varied runs: a run of schools without a decision only, no year before, schools of one name, a region of
forty municipalities tied in their share, a school never at risk and one at risk three years running."""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import docx
import pytest

from services.identification.methodology.rules import default_rules
from services.identification.notes import criteria
from services.reports.documents import school_card
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.conftest import Stack
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables
from tests.reports.test_documents_read_back_12 import FORBIDDEN, _texts
from tests.reports.test_documents_read_back_18 import READ, _note, _one_at_risk
from tests.reports.test_documents_read_back_20 import NBSP, PLAIN_BEFORE_PERCENT

HISTORY = f"/api/identification/schools/{realistic.SCHOOL}/history"
DETAIL = f"/api/identification/runs/3/schools/{realistic.SCHOOL}"


def _text(document: Document, fmt: Format) -> str:
    return " ".join(_texts(document, (fmt,))[fmt].replace(NBSP, " ").split())


def _undecided(school: dict[str, Any]) -> None:
    school |= {"categories": [], "computed_categories": [], "fired": [], "insufficient_data": True, "fail_share": None}


# --- the detail appendix titled of what it lists --------------------------------------------------------------------


def _only_one_at_risk() -> dict[str, Any]:
    """МБОУ «СОШ № 1» at risk, every other school in effective mode: no school without a decision, no sign."""
    answer = realistic.note()
    for school in answer["schools"][1:]:
        school |= {"categories": ["effective"], "computed_categories": ["effective"], "fired": [],
                   "insufficient_data": False}  # fmt: skip
    answer["counts"] = {"low_results": 1, "effective": 4}
    answer["aggregates"]["territory"] |= {"categories": {"low_results": 1, "effective": 4}, "insufficient_data": 0}
    return answer


def _only_undecided() -> dict[str, Any]:
    """No decision on any of the five schools: the data was not loaded in time."""
    answer = realistic.note()
    for school in answer["schools"]:
        _undecided(school)
    answer["counts"] = {"insufficient_data": 5}
    answer["aggregates"]["territory"] |= {"categories": {}, "insufficient_data": 5, "mean_fail_share": None}
    answer["comparison"]["schools"] = []
    answer["comparison"]["categories"] = [
        {"category": "low_results", "before": 3, "entered": 0, "left": 3, "stayed": 0, "after": 0}
    ]
    answer["years"][1] |= {"categories": {}, "insufficient_data": 5, "mean_fail_share": None,
                           "over_threshold_share": None}  # fmt: skip
    answer["risk_factors"], answer["indicators"] = [], []
    answer["sources"] |= {"schools_with_results": 0, "risk_profile_schools": 0}
    return answer


def _one_undecided_only() -> dict[str, Any]:
    answer = _only_one_at_risk()
    _undecided(answer["schools"][0])
    answer["counts"] = {"effective": 4, "insufficient_data": 1}
    answer["aggregates"]["territory"] |= {"categories": {"effective": 4}, "insufficient_data": 1}
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("variant", "title"),
    [
        (_only_one_at_risk, "Сведения по школе группы риска"),
        (_only_undecided, "Сведения по школам без решения"),
        (_one_undecided_only, "Сведения по школе без решения"),
        (realistic.note, "Сведения по школам группы риска и школе без решения"),
        (_one_at_risk, "Сведения по школе группы риска, школе без решения и школе с признаками необъективности "
                       "результатов"),
    ],
)  # fmt: skip
def test_the_detail_appendix_is_titled_of_its_rows_in_their_number(variant: Any, title: str) -> None:
    """«Сведения по школам группы риска, школам без решения …» stood over one row of the one school at risk."""
    document = _note(variant())
    assert next(s.title for s in document.sections if s.appendix) == title


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_appendix_of_one_school_at_risk_reads_its_title_in_every_format(fmt: Format) -> None:
    text = _text(_note(_only_one_at_risk()), fmt)
    assert "Приложение 1 Сведения по школе группы риска" in text
    assert "школам без решения" not in text and "по школам группы риска" not in text


# --- the movers' reasons from a capital ------------------------------------------------------------------------------

LEFT = (
    "не выполняется: доля ниже минимального порога — 40,0 % в 2022-2023 учебном году, 25,0 % в 2023-2024 учебном году"
)


def _movers() -> dict[str, Any]:
    answer = realistic.note()
    entered = answer["comparison"]["schools"][0]
    entered["reason"] = "Доля участников ниже минимального порога: 40,0 % в 2023-2024 учебном году"
    left = copy.deepcopy(entered) | {"movement": "left", "school_code": "9901003", "school_name": "МБОУ «СОШ № 3»",
                                     "reason": LEFT}  # fmt: skip
    answer["comparison"]["schools"].append(left)
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_left_school_s_reason_starts_with_a_capital_as_the_entered_one(fmt: Format) -> None:
    text = _text(_note(_movers()), fmt)
    assert "Не выполняется: доля ниже минимального порога — 40,0 % в 2022-2023 учебном году" in text
    assert "Доля участников ниже минимального порога: 40,0 % в 2023-2024 учебном году" in text
    assert "не выполняется:" not in text


@pytest.mark.no_database
def test_every_reason_cell_of_the_movers_starts_with_a_capital() -> None:
    answer = _movers()
    answer["comparison"]["schools"][0]["reason"] = "доля ниже минимума 40,0 %"  # as an earlier run stored it
    table = next(t for t in docx_tables(render(_note(answer), "docx")) if "Причина" in t[0])
    column = table[0].index("Причина")
    reasons = [row[column] for row in table[1:]]
    assert reasons and all(r[:1].isupper() for r in reasons), reasons


def test_the_demo_note_s_movers_read_each_reason_from_a_capital(stack: Stack) -> None:
    """The municipal note as the reports service renders it: entered and left schools alike in «Причина»."""
    answer = stack.gateway.post(
        "/api/reports/render",
        json={"report_type": "identification_note", "format": "docx", "parameters": {"school_year": "2023-2024"}},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == 200, answer.text
    word = docx.Document(io.BytesIO(answer.content))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in word.tables]
    movers = [t for t in tables if "Причина" in t[0]]
    reasons = [row[t[0].index("Причина")] for t in movers for row in t[1:]]
    assert reasons and all(r[:1].isupper() or r == "—" for r in reasons), reasons


# --- the methodology's criteria -------------------------------------------------------------------------------------


def _rules(*enabled: str) -> dict[str, Any]:
    rules = default_rules().model_dump(mode="json")
    for rule_id, rule in rules.items():
        if isinstance(rule, dict) and "enabled" in rule and enabled:
            rule["enabled"] = rule_id in enabled
    return rules


@pytest.mark.no_database
def test_the_criteria_write_a_no_break_space_before_percent() -> None:
    texts = [c.text for c in criteria.criteria(_rules())] + [p.parameters for p in criteria.parameters(_rules())]
    assert any(f"30{NBSP}% участников" in t for t in texts)
    assert not [t for t in texts if PLAIN_BEFORE_PERCENT.search(t)]


@pytest.mark.no_database
def test_a_category_of_one_rule_says_its_condition_not_at_least_one_of_them() -> None:
    """«у которой выполняется хотя бы одно условие: не менее 30 % …» of a category with one condition."""
    text = criteria.criteria(_rules("fail_share_30"))[0].text
    assert text.startswith(f"К школам с низкими образовательными результатами (ШНОР) относится школа, у которой не "
                           f"менее 30{NBSP}% участников")  # fmt: skip
    assert "условие" not in text


@pytest.mark.no_database
def test_a_category_of_several_rules_still_says_how_they_combine() -> None:
    assert "выполняется хотя бы одно условие: " in criteria.criteria(_rules())[0].text


@pytest.mark.no_database
def test_the_combination_is_said_of_categories_that_combine_rules_in_lower_case() -> None:
    """«ШНОР — …; ШНСУ — …; Зона риска — …»: a capital in the middle of the sentence."""
    assert "Зона риска" not in criteria.combine_text(_rules())
    assert "зона риска — достаточно любого из условий" in criteria.combine_text(_rules())
    assert criteria.combine_text(_rules("fail_share_30")) == ""


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_methodology_of_one_rule_per_category_reads_no_combination(fmt: Format) -> None:
    answer = realistic.note()
    answer["methodology"]["combine"] = ""
    text = _text(_note(answer), fmt)
    assert "Методика идентификации ШНОР, версия 2." in text
    assert "Сочетание правил" not in text


# --- a run of schools without a decision only -----------------------------------------------------------------------


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_no_share_of_lists_is_claimed_when_no_school_has_a_decision(fmt: Format) -> None:
    """«Доля ШНОР … — 0,0 % (0 из 5)» of five schools without a decision is no finding."""
    text = _text(_note(_only_undecided()), fmt)
    assert (
        "Доля ШНОР среди школ Таёжного муниципального района не определена: данных для решения недостаточно ни по "
        "одной из 5 школ." in text
    )
    assert "0,0 % (0 из 5)" not in text


@pytest.mark.no_database
def test_no_fall_of_the_lists_is_concluded_when_no_school_has_a_decision() -> None:
    """«Число ШНОР … сократилось на 3 школы (3 → 0)» when the data of all five schools was missing."""
    text = _text(_note(_only_undecided()), "docx")
    assert "Решение о категории не принято ни по одной из 5 школ: данных для решения недостаточно." in text
    assert "сократилось" not in text


@pytest.mark.no_database
def test_a_fall_of_the_lists_is_still_concluded_when_schools_have_decisions() -> None:
    assert "Число ШНОР по сравнению с прошлым годом сократилось на 1 школу (3 → 2)" in _text(
        _note(realistic.note()), "docx"
    )


# --- schools of one name --------------------------------------------------------------------------------------------


def _twins() -> dict[str, Any]:
    """A regional note: МБОУ «СОШ № 1» of the Таёжный district and of the Северный district, neither decided."""
    answer = realistic.note()
    answer["territory"] |= {
        "kind": "region",
        "code": "99",
        "name": "Кедровская область",
        "municipalities": {"9901": realistic.MUNICIPALITY["name"], "9902": "Северный район"},
    }
    answer["schools"][1] |= {"school_name": "МБОУ «СОШ № 1»", "school_code": "9902001", "municipality_code": "9902",
                             "municipality_name": "Северный район"}  # fmt: skip
    for school in answer["schools"][:2]:
        _undecided(school)
    answer["counts"] = {"effective": 2, "insufficient_data": 3}
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_schools_of_one_name_in_two_municipalities_are_told_apart_in_the_text(fmt: Format) -> None:
    text = _text(_note(_twins()), fmt)
    assert (
        "Недостаточно данных для решения (3 школы): МБОУ «СОШ № 1» (Таёжный муниципальный район), МБОУ «СОШ № 5», "
        "МБОУ «СОШ № 1» (Северный район);" in text
    )


@pytest.mark.no_database
def test_schools_of_one_name_in_one_municipality_are_told_apart_by_their_codes() -> None:
    answer = realistic.note()
    answer["schools"][4]["school_name"] = "МБОУ «СОШ № 2»"
    _undecided(answer["schools"][1])
    text = _text(_note(answer), "docx")
    assert "МБОУ «СОШ № 2» (код 9901002), МБОУ «СОШ № 2» (код 9901005)" in text


@pytest.mark.no_database
def test_a_school_of_its_own_name_is_named_alone() -> None:
    assert "Недостаточно данных для решения (1 школа): МБОУ «СОШ № 5»;" in _text(_note(realistic.note()), "docx")


# --- a region of forty municipalities -------------------------------------------------------------------------------


def _forty_municipalities() -> dict[str, Any]:
    """44 municipalities, 16 of them tied at the largest share of ШНОР (2 of 5), 3 with no school."""
    answer = realistic.note()
    answer["territory"] |= {"kind": "region", "code": "99", "name": "Кедровская область"}
    base = answer["aggregates"]["territory"]
    for number in range(2, 48):
        other = copy.deepcopy(base)
        schools = 0 if number >= 45 else 3 + number % 3
        categories = {"effective": 3, "low_results": number % 3} if schools else {}
        other |= {"code": f"99{number:02d}", "name": f"Район № {number}", "schools": schools,
                  "categories": categories, "insufficient_data": 0}  # fmt: skip
        answer["aggregates"]["municipalities"].append(other)
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_municipalities_tied_at_the_largest_share_have_it_said_once(fmt: Format) -> None:
    """«Район № 2 (40,0 %), Район № 5 (40,0 %), …» sixteen times."""
    text = _text(_note(_forty_municipalities()), fmt)
    assert "наибольшая доля (40,0 %) — в 16 муниципалитетах: Район № 2, Район № 5, Район № 8," in text
    assert "Район № 44, Таёжный муниципальный район." in text
    assert "(40,0 %), Район" not in text


@pytest.mark.no_database
def test_the_forty_municipalities_add_up_in_their_table() -> None:
    table = next(t for t in docx_tables(render(_note(_forty_municipalities()), "docx")) if t[0][0] == "Муниципалитет")
    assert len(table) == 1 + 44 + 1 and table[-1][0] == "Итого"
    assert int(table[-1][1]) == sum(int(row[1]) for row in table[1:-1])
    assert "Школы муниципалитетов: Район № 45, Район № 46, Район № 47 в идентификацию не включены." in _text(
        _note(_forty_municipalities()), "docx"
    )


# --- every cell of the varied notes --------------------------------------------------------------------------------

VARIANTS = {
    "only_undecided": _only_undecided,
    "only_one_at_risk": _only_one_at_risk,
    "twins": _twins,
    "forty_municipalities": _forty_municipalities,
    "movers": _movers,
}


@pytest.mark.no_database
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_cell_of_the_varied_note_reads_as_a_document(variant: str) -> None:
    content = render(_note(VARIANTS[variant]()), "docx")
    word = docx.Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    joined = "\n".join([p.text for p in word.paragraphs] + cells)
    assert all(c.strip() for c in cells)
    assert not FORBIDDEN.search(joined) and not re.search(r"\b[A-Za-z]{3,}\b", joined)
    assert not PLAIN_BEFORE_PERCENT.search(joined)
    assert not re.search(r":\s*[.;]", joined)  # never a colon before nothing


# --- the school card over the years ---------------------------------------------------------------------------------


def _card(trends: list[tuple[str, list[str], str]], year: str | None = None) -> Document:
    answers = realistic.card_answers()
    status = answers[HISTORY]["statuses"][0]
    answers[HISTORY]["statuses"] = [
        status | {"school_year": y, "categories": c, "trend": t, "insufficient_data": not c,
                  "fired_rules": status["fired_rules"] if "low_results" in c else []}
        for y, c, t in trends
    ]  # fmt: skip
    if "low_results" not in trends[-1][1]:
        answers[DETAIL]["rules"]["fail_share_30"] |= {"outcome": "not_fired"}
    return school_card.build(
        ReportParams(school_code=realistic.SCHOOL, school_year=year), realistic._sources(answers), realistic.TODAY
    )


NEVER = [("2021-2022", ["effective"], "new"), ("2022-2023", ["effective"], "unchanged"),
         (realistic.YEAR, ["effective"], "unchanged")]  # fmt: skip
THREE = [("2021-2022", ["low_results"], "entered"), ("2022-2023", ["low_results"], "stayed"),
         (realistic.YEAR, ["low_results"], "stayed")]  # fmt: skip


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_card_of_a_school_never_at_risk_says_so(fmt: Format) -> None:
    text = _text(_card(NEVER), fmt)
    assert "За 3 учебных года (2021-2022 – 2023-2024) школа в группу риска не входила." in text


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_card_of_a_school_at_risk_three_years_running_says_so(fmt: Format) -> None:
    text = _text(_card(THREE), fmt)
    assert "Школа в группе риска 3 учебных года подряд: с 2021-2022 учебного года." in text


@pytest.mark.no_database
def test_a_gap_between_the_years_breaks_the_run() -> None:
    trends = [("2020-2021", ["low_results"], "entered"), *THREE[1:]]
    assert "Школа в группе риска 2 учебных года подряд: с 2022-2023 учебного года." in _text(_card(trends), "docx")


@pytest.mark.no_database
def test_a_year_without_a_decision_claims_neither_a_run_nor_never() -> None:
    trends = [NEVER[0], ("2022-2023", [], "new"), NEVER[2]]
    text = _text(_card(trends), "docx")
    assert "не входила" not in text and "подряд" not in text


@pytest.mark.no_database
def test_one_year_at_risk_is_no_run() -> None:
    trends = [*NEVER[:2], (realistic.YEAR, ["low_results"], "entered")]
    text = _text(_card(trends), "docx")
    assert "подряд" not in text and "не входила" not in text


@pytest.mark.no_database
def test_the_card_of_an_earlier_year_counts_the_years_up_to_it() -> None:
    trends = [*THREE[:2], (realistic.YEAR, ["effective"], "left")]
    text = _text(_card(trends, year="2022-2023"), "docx")
    assert "Школа в группе риска 2 учебных года подряд: с 2021-2022 учебного года." in text
