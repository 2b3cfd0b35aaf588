"""The methodology options the seed orders need, on hand-made frames with figures computed by hand: rule
eligibility (taught grades, pupils), category condition trees, `fail_share_30` across procedures and
subjects, the olympiad denominator, rules on an imported measure. Pure: no database, no HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from services.identification.demo.generator import generate
from services.identification.methodology.engine import engine_input_from_demo, evaluate, kind_grades
from services.identification.methodology.rules import MethodologyRules, default_rules
from tests.identification.test_engine import (
    PREV,
    PREV2,
    YEAR,
    make_input,
    only,
    result,
    rule_outcome,
    run,
    school,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

# --- eligibility --------------------------------------------------------------------------------------


def _olympiad(code: str, participants: int, pupils: list[float]) -> list[dict[str, Any]]:
    return [
        {"school_code": code, "school_year": y, "pupils": p, "participants_regional": participants if y == YEAR else 0,
         "participants_all_russian": 0}
        for y, p in zip((PREV2, PREV, YEAR), pupils, strict=True)
    ]  # fmt: skip


def test_kind_grades() -> None:
    assert kind_grades("НОШ") == range(1, 5) and kind_grades("МБОУ ООШ") == range(1, 10)
    assert kind_grades("СОШ") == kind_grades("лицей") == kind_grades("гимназия") == range(1, 12)
    assert kind_grades("") is None and kind_grades(None) is None


def test_olympiad_rule_skips_primary_schools_by_default() -> None:
    data = make_input(
        [school("N", kind="НОШ"), school("B", kind="ООШ"), school("S", kind="СОШ")],
        olympiad=[*_olympiad("N", 0, [100] * 3), *_olympiad("B", 0, [100] * 3), *_olympiad("S", 0, [100] * 3)],
    )
    out = run(data, only("olympiad_share"))
    assert rule_outcome(out["N"], "olympiad_share") == "not_applicable"
    assert "9–11" in out["N"]["rules"]["olympiad_share"]["reason"]
    assert out["N"]["categories"] == ["effective"] and out["N"]["insufficient_data"] is False
    assert rule_outcome(out["B"], "olympiad_share") == "fired"  # ООШ teaches grade 9
    assert rule_outcome(out["S"], "olympiad_share") == "fired" and out["S"]["categories"] == ["low_results"]
    # the old behaviour on request: every school
    everyone = only("olympiad_share", olympiad_share={"taught_grades": []})
    assert rule_outcome(run(data, everyone)["N"], "olympiad_share") == "fired"


def test_unknown_kind_teaches_the_grades_of_its_results() -> None:
    rows = [result("X", "ВПР", "russian", 10, 1, grade=4), result("Y", "ОГЭ", "russian", 10, 1, grade=9)]
    data = make_input(
        [school("X", kind=""), school("Y", kind=""), school("Z", kind="")],
        results=rows,
        olympiad=[*_olympiad("X", 0, [50] * 3), *_olympiad("Y", 0, [50] * 3), *_olympiad("Z", 0, [50] * 3)],
    )
    out = run(data, only("olympiad_share"))
    assert rule_outcome(out["X"], "olympiad_share") == "not_applicable"  # only grade-4 results
    assert rule_outcome(out["Y"], "olympiad_share") == "fired"
    assert rule_outcome(out["Z"], "olympiad_share") == "fired"  # nothing known: not silently dropped


def test_min_pupils_eligibility() -> None:
    data = make_input(
        [school("A", pupils=12.0), school("B", pupils=13.0)],
        results=[result(c, p, "russian", 10, 5) for c in "AB" for p in ("ОГЭ", "ВПР")],
    )
    out = run(data, only("fail_share_30", fail_share_30={"min_pupils": 13}))
    assert rule_outcome(out["A"], "fail_share_30") == "not_applicable"
    assert "не менее 13 обучающихся" in out["A"]["rules"]["fail_share_30"]["reason"]
    assert rule_outcome(out["B"], "fail_share_30") == "fired"


def test_grades_are_validated_in_russian() -> None:
    with pytest.raises(ValidationError, match="Класс должен быть от 1 до 11"):
        MethodologyRules.model_validate({"olympiad_share": {"taught_grades": [12]}})


# --- olympiad denominator -------------------------------------------------------------------------------


def test_olympiad_share_over_pupil_years_or_the_latest_headcount() -> None:
    # 1 participant; pupils 100, 100, 50: over pupil-years 1/250 = 0.4 % (fires at 0.5 %),
    # over the latest headcount 1/50 = 2 % (does not)
    data = make_input([school("A")], olympiad=_olympiad("A", 1, [100, 100, 50]))
    years = run(data, only("olympiad_share"))["A"]["rules"]["olympiad_share"]
    assert years["outcome"] == "fired" and years["figures"][0]["share"] == pytest.approx(1 / 250)
    latest = run(data, only("olympiad_share", olympiad_share={"denominator": "latest_pupils"}))["A"]
    figure = latest["rules"]["olympiad_share"]["figures"][0]
    assert rule_outcome(latest, "olympiad_share") == "not_fired" and figure["share"] == pytest.approx(0.02)
    assert "обучающихся последнего года" in latest["rules"]["olympiad_share"]["reason"]


# --- fail_share_30 across procedures, years and subjects -------------------------------------------------


def test_different_procedures_in_consecutive_years() -> None:
    # A: ОГЭ over in the previous year, ВПР over this year (seed 003). B: ОГЭ both years. C: ОГЭ this year only.
    rows = [
        result("A", "ОГЭ", "russian", 10, 3, year=PREV), result("A", "ВПР", "russian", 10, 3),
        result("B", "ОГЭ", "russian", 10, 3, year=PREV), result("B", "ОГЭ", "russian", 10, 3),
        result("C", "ОГЭ", "russian", 10, 3),
    ]  # fmt: skip
    data = make_input([school(c) for c in "ABC"], results=rows)
    same = run(data, only("fail_share_30"))
    assert [rule_outcome(same[c], "fail_share_30") for c in "ABC"] == ["not_fired", "fired", "not_fired"]
    different = run(data, only("fail_share_30", fail_share_30={"years_procedures": "different"}))
    assert [rule_outcome(different[c], "fail_share_30") for c in "ABC"] == ["fired", "not_fired", "not_fired"]
    assert "разные процедуры в соседние годы" in different["A"]["rules"]["fail_share_30"]["reason"]
    anything = run(data, only("fail_share_30", fail_share_30={"years_procedures": "any"}))
    assert [rule_outcome(anything[c], "fail_share_30") for c in "ABC"] == ["fired", "fired", "not_fired"]


def test_different_procedures_over_three_years() -> None:
    # ОГЭ, ВПР, ОГЭ: each year differs from the year before; ОГЭ, ОГЭ, ВПР breaks the chain in the middle
    rows = [
        result("A", "ОГЭ", "russian", 10, 3, year=PREV2), result("A", "ВПР", "russian", 10, 3, year=PREV),
        result("A", "ОГЭ", "russian", 10, 3),
        result("B", "ОГЭ", "russian", 10, 3, year=PREV2), result("B", "ОГЭ", "russian", 10, 3, year=PREV),
        result("B", "ВПР", "russian", 10, 3),
    ]  # fmt: skip
    rules = only("fail_share_30", fail_share_30={"years_procedures": "different", "consecutive_years": 3})
    out = run(make_input([school("A"), school("B")], results=rows), rules)
    assert rule_outcome(out["A"], "fail_share_30") == "fired"
    assert rule_outcome(out["B"], "fail_share_30") == "not_fired"


def test_two_procedures_in_the_same_subject() -> None:
    # A fails ОГЭ Russian and ВПР mathematics; B fails ОГЭ and ВПР in mathematics (ЕГЭ basic counts as maths)
    rows = [
        result("A", "ОГЭ", "russian", 10, 3), result("A", "ВПР", "mathematics", 10, 3),
        result("B", "ЕГЭ", "mathematics_basic", 10, 3, grade=11), result("B", "ВПР", "mathematics", 10, 3),
    ]  # fmt: skip
    data = make_input([school("A"), school("B")], results=rows)
    either = run(data, only("fail_share_30"))
    assert rule_outcome(either["A"], "fail_share_30") == rule_outcome(either["B"], "fail_share_30") == "fired"
    same = run(data, only("fail_share_30", fail_share_30={"same_subject": True}))
    assert rule_outcome(same["A"], "fail_share_30") == "not_fired"
    assert rule_outcome(same["B"], "fail_share_30") == "fired"
    assert "по одному предмету" in same["B"]["rules"]["fail_share_30"]["reason"]


def test_fail_share_counts_checked_against_the_procedure_list() -> None:
    with pytest.raises(ValidationError, match="Процедур в списке 1"):
        MethodologyRules.model_validate({"fail_share_30": {"procedures": ["ОГЭ"], "same_year_procedures": 2}})
    with pytest.raises(ValidationError, match="не меньше двух процедур"):
        MethodologyRules.model_validate(
            {"fail_share_30": {"procedures": ["ОГЭ"], "same_year_procedures": 1, "years_procedures": "different"}}
        )


# --- condition trees -------------------------------------------------------------------------------------


def _risks(code: str, count: int) -> list[dict[str, Any]]:
    return [{"school_code": code, "school_year": YEAR, "factor": f, "level": "high"} for f in range(1, count + 1)]


def test_low_results_and_at_least_three_risks() -> None:
    """Seed 000: ШНОР **and** at least three risks. risk_count serves both low_results (in the tree) and its
    own category risk_zone."""
    rows = [result(c, p, "russian", 10, 3) for c in "AB" for p in ("ОГЭ", "ВПР")]
    risks = _risks("A", 3) + _risks("B", 2) + _risks("C", 4)
    data = make_input([school(c) for c in "ABC"], results=rows, risk_profile=risks)
    tree = {"op": "and", "args": [{"op": "rule", "rule": "fail_share_30"}, {"op": "rule", "rule": "risk_count"}]}
    rules = only("fail_share_30", "risk_count", conditions={"low_results": tree})
    out = run(data, rules)
    assert out["A"]["categories"] == ["low_results", "risk_zone"]
    assert out["B"]["categories"] == ["effective"]  # fails, but two risks
    assert out["C"]["categories"] == ["risk_zone"]  # four risks, results fine


def test_not_and_or_in_a_condition() -> None:
    rows = [result(c, p, "russian", 10, 3) for c in "AB" for p in ("ОГЭ", "ВПР")]
    data = make_input([school(c) for c in "ABC"], results=rows, risk_profile=_risks("A", 3) + _risks("C", 3))
    tree = {
        "op": "or",
        "args": [
            {"op": "and", "args": [{"op": "rule", "rule": "risk_count"}, {"op": "not", "args": [
                {"op": "rule", "rule": "fail_share_30"}]}]},
            {"op": "rule", "rule": "hard_to_reach"},
        ],
    }  # fmt: skip
    rules = only("fail_share_30", "risk_count", "hard_to_reach", conditions={"risk_zone": tree})
    out = run(data, rules)
    assert [("risk_zone" in out[c]["categories"]) for c in "ABC"] == [False, False, True]


def test_combine_all_is_the_default_tree() -> None:
    rules = only("fail_share_30", "bottom_quartile", combine={"low_results": "all"})
    condition = rules.condition(rules.fail_share_30.category)
    assert condition is not None and condition.op == "and"
    assert condition.rule_ids() == ["fail_share_30", "bottom_quartile"]
    assert default_rules().condition(rules.social_index_bottom_quartile.category) is not None


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"op": "rule", "rule": "nope"}, "Неизвестное правило в условии"),
        ({"op": "and", "args": [{"op": "rule", "rule": "risk_count"}]}, "не меньше двух операндов"),
        ({"op": "not", "args": []}, "ровно один операнд"),
        ({"op": "or", "rule": "risk_count", "args": []}, "не ссылается на правило"),
        ({"op": "rule", "rule": "objectivity"}, "Неизвестное правило в условии"),
        ({"op": "and", "args": [{"op": "rule", "rule": "risk_count"}, {"op": "rule", "rule": "indicator_level"}]},
         "выключенное правило"),
    ],
)  # fmt: skip
def test_condition_trees_are_validated_in_russian(tree: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        MethodologyRules.model_validate({"conditions": {"low_results": tree}})


def test_effective_has_no_condition() -> None:
    with pytest.raises(ValidationError, match="Эффективный режим"):
        MethodologyRules.model_validate({"conditions": {"effective": {"op": "rule", "rule": "risk_count"}}})


# --- rules on an imported measure ----------------------------------------------------------------------


def _measure(
    code: str, values: list[float | None], direction: str | None = "higher", measure: str = "ior"
) -> list[dict[str, Any]]:
    return [
        {"school_code": code, "school_year": y, "measure": measure, "value": v, "direction": direction}
        for y, v in zip((PREV2, PREV, YEAR), values, strict=True)
        if v is not None
    ]


def _indicator_input() -> Any:
    return make_input(
        [school(c) for c in "ABCDE"],
        indicators=[
            *_measure("A", [0.566, 0.395, 0.468]),  # seed 002: a fall and a partial recovery
            *_measure("B", [0.60, 0.62, 0.64]),  # steadily better
            *_measure("C", [0.40, 0.42, 0.41]),  # steadily low
            *_measure("D", [None, 0.3, 0.3]),  # two years only
            *_measure("E", [10.0, 14.0, 13.0], "lower", "dropout"),  # lower is better: 10 → 13 is 3 worse
        ],
    )


def test_indicator_level() -> None:
    rules = only("indicator_level", indicator_level={"measure": "ior", "threshold": 0.468})
    out = run(_indicator_input(), rules)
    assert rule_outcome(out["A"], "indicator_level") == "fired"  # exactly at the threshold
    assert rule_outcome(out["B"], "indicator_level") == "not_fired"
    assert rule_outcome(out["E"], "indicator_level") == "insufficient_data"  # no «ior» for E
    lower = only("indicator_level", indicator_level={"measure": "dropout", "threshold": 13.0})
    assert rule_outcome(run(_indicator_input(), lower)["E"], "indicator_level") == "fired"  # lower is better: 13 ≥ 13
    lower = only("indicator_level", indicator_level={"measure": "dropout", "threshold": 13.5})
    assert rule_outcome(run(_indicator_input(), lower)["E"], "indicator_level") == "not_fired"
    assert out["A"]["categories"] == ["risk_zone"]
    figure = out["A"]["rules"]["indicator_level"]["figures"][0]
    assert figure["values"] == [pytest.approx(0.468)] and figure["direction"] == "higher"


def test_indicator_three_year_mean() -> None:
    # A: (0.566 + 0.395 + 0.468) / 3 = 0.4763; C: 0.41
    rules = only("indicator_mean", indicator_mean={"measure": "ior", "threshold": 0.45})
    out = run(_indicator_input(), rules)
    assert rule_outcome(out["A"], "indicator_mean") == "not_fired"
    assert out["A"]["rules"]["indicator_mean"]["figures"][0]["mean"] == pytest.approx(1.429 / 3)
    assert rule_outcome(out["C"], "indicator_mean") == "fired" and out["C"]["categories"] == ["low_results"]
    assert rule_outcome(out["D"], "indicator_mean") == "insufficient_data"
    assert "0,566 → 0,395 → 0,468" in out["A"]["rules"]["indicator_mean"]["reason"]


def test_indicator_trend_amplitude_with_change_of_direction() -> None:
    # A: worsening 0.098 < 0.1, amplitude 0.171 ≥ 0.1 with a turn → fired; B: better; C: amplitude 0.02;
    # E (lower is better): worsening 3 ≥ 2 → fired
    rules = only("indicator_trend", indicator_trend={"measure": "ior", "decline": 0.1, "amplitude": 0.1})
    out = run(_indicator_input(), rules)
    assert [rule_outcome(out[c], "indicator_trend") for c in "ABCD"] == [
        "fired", "not_fired", "not_fired", "insufficient_data",
    ]  # fmt: skip
    steep = only("indicator_trend", indicator_trend={"measure": "dropout", "decline": 2.0, "amplitude": 5.0})
    assert rule_outcome(run(_indicator_input(), steep)["E"], "indicator_trend") == "fired"
    calm = only("indicator_trend", indicator_trend={"measure": "ior", "decline": 0.1, "amplitude": 0.2})
    assert rule_outcome(run(_indicator_input(), calm)["A"], "indicator_trend") == "not_fired"


def test_indicator_rule_needs_a_measure() -> None:
    with pytest.raises(ValidationError, match="Укажите код показателя"):
        MethodologyRules.model_validate({"indicator_level": {"enabled": True}})


# --- the demo region under the new default --------------------------------------------------------------


def test_no_primary_school_is_low_results_only_through_olympiads() -> None:
    """The issue's figure: 18 of the 64 ШНОР of the demo region came only through `olympiad_share`, 13 of them
    НОШ; with the olympiad rule limited to schools teaching grades 9–11 no НОШ is among them."""
    region = generate()
    data = engine_input_from_demo(region)
    kinds = region.schools.set_index("school_code")["kind"]
    results = ["outcome_fail_share_30", "outcome_bottom_quartile", "outcome_below_regional_mean"]

    def only_olympiad(rules: MethodologyRules) -> Any:
        table = evaluate(data, rules, YEAR).table
        low = table[table["categories"].map(lambda c: "low_results" in c)]
        return low[(low["outcome_olympiad_share"] == "fired") & (low[results] != "fired").all(axis=1)]

    before = only_olympiad(MethodologyRules.model_validate({"olympiad_share": {"taught_grades": []}}))
    after = only_olympiad(default_rules())
    assert (kinds[before.index] == "НОШ").sum() > 0
    assert (kinds[after.index] == "НОШ").sum() == 0 and len(after) < len(before)
