"""The identification engine on hand-made frames: every default rule at its boundaries, with figures computed
by hand. Pure: no database, no HTTP."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from services.identification.demo.generator import generate, low_results_by_fail_share
from services.identification.methodology.engine import (
    INPUT_COLUMNS,
    EngineInput,
    Evaluation,
    engine_input_from_demo,
    evaluate,
    required_years,
)
from services.identification.methodology.explain import iter_outcomes
from services.identification.methodology.rules import RULES, MethodologyRules, default_rules

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

YEAR, PREV, PREV2 = "2023-2024", "2022-2023", "2021-2022"


# --- building input by hand ---------------------------------------------------------------------------


def school(code: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "school_code": code,
        "municipality_code": "99-01",
        "region_code": "99",
        "kind": "СОШ",
        "rural": False,
        "small": False,
        "pupils": 100.0,
        "settlement_code": f"s-{code}",
        "hard_to_reach": False,
        "unemployment_share": 0.05,
        "in_territory": True,
    }
    return row | fields


def result(
    code: str,
    procedure: str,
    subject: str,
    participants: float,
    below: float,
    year: str = YEAR,
    grade: int = 9,
    mean: float = float("nan"),
    max_score: float = 100.0,
) -> dict[str, Any]:
    return {
        "school_code": code, "school_year": year, "procedure": procedure, "grade": grade, "subject": subject,
        "participants": participants, "below_min": below, "mean_score": mean, "max_score": max_score,
        "mark2": None, "mark3": None, "mark4": None, "mark5": None,
    }  # fmt: skip


def frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(INPUT_COLUMNS[name]))


def make_input(schools: list[dict[str, Any]], **frames: list[dict[str, Any]]) -> EngineInput:
    data = {name: frame(name, frames.get(name, [])) for name in INPUT_COLUMNS if name != "schools"}
    return EngineInput(schools=frame("schools", schools), **data)


def only(*rule_ids: str, **parameters: dict[str, Any]) -> MethodologyRules:
    """Rules with only `rule_ids` enabled (objectivity included: off unless named)."""
    data: dict[str, Any] = {rule_id: {"enabled": rule_id in rule_ids} for rule_id in RULES}
    for rule_id, values in parameters.items():
        data.setdefault(rule_id, {}).update(values)
    return MethodologyRules.model_validate(data)


def outcomes(evaluation: Evaluation) -> dict[str, dict[str, Any]]:
    return {o["school_code"]: o for o in iter_outcomes(evaluation)}


def run(data: EngineInput, rules: MethodologyRules, year: str = YEAR) -> dict[str, dict[str, Any]]:
    return outcomes(evaluate(data, rules, year))


def rule_outcome(out: dict[str, Any], rule_id: str) -> str:
    return str(out["rules"][rule_id]["outcome"])


# --- fail_share_30 -------------------------------------------------------------------------------------

FAIL = only("fail_share_30")


def test_the_participants_agree_with_their_count() -> None:
    """«7 из 21 участника», as Russian reads «из двадцати одного участника»; «из 20 участников»."""
    data = make_input(
        [school("A")],
        results=[result("A", "ВПР", "mathematics", 21, 7, grade=5), result("A", "ОГЭ", "russian", 20, 6)],
    )
    reason = run(data, FAIL)["A"]["rules"]["fail_share_30"]["reason"]
    assert "ВПР, математика, 5 класс, 2023-2024: 7 из 21 участника (33,3 %)" in reason


def test_exactly_30_percent_in_two_procedures_fires_and_29_9_does_not() -> None:
    data = make_input(
        [school("A"), school("B")],
        results=[
            result("A", "ВПР", "mathematics", 10, 3, grade=5),
            result("A", "ОГЭ", "russian", 20, 6),
            result("B", "ВПР", "mathematics", 1000, 299, grade=5),
            result("B", "ОГЭ", "russian", 1000, 299),
        ],
    )
    out = run(data, FAIL)
    a, b = out["A"], out["B"]
    assert rule_outcome(a, "fail_share_30") == "fired"
    assert a["categories"] == ["low_results"]
    assert a["fail_share"] == pytest.approx(0.3)
    reason = a["rules"]["fail_share_30"]["reason"]
    assert "ВПР, математика, 5 класс, 2023-2024: 3 из 10 участников (30,0 %)" in reason
    assert "при пороге 30 %" in reason and "две процедуры в одном учебном году" in reason
    figures = a["rules"]["fail_share_30"]["figures"]
    assert {(f["procedure"], f["participants"], f["below_min"]) for f in figures if f["rows_over"]} == {
        ("ВПР", 10, 3),
        ("ОГЭ", 20, 6),
    }
    assert rule_outcome(b, "fail_share_30") == "not_fired"
    assert b["categories"] == ["effective"]
    assert b["fail_share"] == pytest.approx(0.299)


def test_one_procedure_in_one_year_does_not_fire() -> None:
    data = make_input(
        [school("A")],
        results=[result("A", "ВПР", "mathematics", 10, 5, grade=5), result("A", "ОГЭ", "mathematics", 10, 0)],
    )
    a = run(data, FAIL)["A"]
    assert rule_outcome(a, "fail_share_30") == "not_fired"
    assert "нужно не менее 2 разных процедур" in a["rules"]["fail_share_30"]["reason"]


def test_same_procedure_two_consecutive_years_fires() -> None:
    data = make_input(
        [school("A")],
        results=[
            result("A", "ВПР", "russian", 10, 3, year=PREV, grade=5),
            result("A", "ВПР", "russian", 10, 4, year=YEAR, grade=6),
        ],
    )
    a = run(data, FAIL)["A"]
    assert rule_outcome(a, "fail_share_30") == "fired"
    assert "одна и та же процедура 2 года подряд" in a["rules"]["fail_share_30"]["reason"]


def test_two_non_consecutive_years_do_not_fire() -> None:
    data = make_input(
        [school("A")],
        results=[
            result("A", "ВПР", "russian", 10, 5, year=PREV2),
            result("A", "ВПР", "russian", 10, 0, year=PREV),
            result("A", "ВПР", "russian", 10, 5, year=YEAR),
        ],
    )
    assert rule_outcome(run(data, FAIL)["A"], "fail_share_30") == "not_fired"


def test_small_sample_is_not_used_and_reported() -> None:
    data = make_input(
        [school("A"), school("B")],
        results=[
            result("A", "ВПР", "mathematics", 3, 2, grade=4),
            result("A", "ОГЭ", "russian", 3, 2),
            result("B", "ВПР", "mathematics", 3, 2, grade=4),
            result("B", "ОГЭ", "russian", 10, 3),
            result("B", "ОГЭ", "mathematics", 10, 3),
        ],
    )
    out = run(data, FAIL)
    a, b = out["A"], out["B"]
    assert rule_outcome(a, "fail_share_30") == "insufficient_data"
    assert a["insufficient_data"] is True and a["categories"] == []
    assert a["fail_share"] is None
    small = [w for w in a["warnings"] if w["code"] == "small_sample"]
    assert len(small) == 1 and "3 уч." in small[0]["detail"] and "меньше 5" in small[0]["detail"]
    assert small[0]["rule"] == "fail_share_30"
    assert any(w["code"] == "missing_data" and w["rule"] == "fail_share_30" for w in a["warnings"])
    # B: the small ВПР row is left out, so only ОГЭ is over the threshold — one procedure
    assert rule_outcome(b, "fail_share_30") == "not_fired"
    assert b["insufficient_data"] is False
    assert any(w["code"] == "small_sample" for w in b["warnings"])


def test_missing_subjects_are_insufficient_data_not_effective() -> None:
    data = make_input([school("A"), school("B")], results=[result("A", "ОГЭ", "physics", 20, 10)])
    out = run(data, FAIL)
    for code in ("A", "B"):
        assert rule_outcome(out[code], "fail_share_30") == "insufficient_data"
        assert out[code]["insufficient_data"] is True
        assert out[code]["categories"] == []
    assert "Нет результатов" in out["A"]["rules"]["fail_share_30"]["reason"]


def test_mathematics_levels_count_as_mathematics() -> None:
    data = make_input(
        [school("A")],
        results=[
            result("A", "ЕГЭ", "mathematics_profile", 10, 3, grade=11),
            result("A", "ОГЭ", "mathematics", 10, 3),
        ],
    )
    assert rule_outcome(run(data, FAIL)["A"], "fail_share_30") == "fired"


def test_pool_grades_and_operator() -> None:
    rows = [
        result("A", "ВПР", "mathematics", 10, 1, grade=5),
        result("A", "ВПР", "mathematics", 10, 4, grade=6),
        result("A", "ОГЭ", "mathematics", 10, 3),
    ]
    data = make_input([school("A")], results=rows)
    assert rule_outcome(run(data, FAIL)["A"], "fail_share_30") == "fired"  # grade 6: 40 %
    pooled = only("fail_share_30", fail_share_30={"pool_grades": True})
    a = run(data, pooled)["A"]
    assert rule_outcome(a, "fail_share_30") == "not_fired"  # ВПР pooled: 5 of 20 = 25 %
    both = only("fail_share_30", fail_share_30={"operator": "and"})
    assert rule_outcome(run(data, both)["A"], "fail_share_30") == "not_fired"  # no previous year


# --- bottom_quartile ------------------------------------------------------------------------------------


def _eight_schools() -> EngineInput:
    schools = [school(f"S{k}") for k in range(1, 9)] + [school("N"), school("OUT", in_territory=False)]
    results = [result(f"S{k}", "ОГЭ", "mathematics", 10, 0, mean=10.0 * k) for k in range(1, 9)]
    results.append(result("OUT", "ОГЭ", "mathematics", 10, 0, mean=1.0))
    return make_input(schools, results=results)


def test_bottom_quartile_of_eight_schools() -> None:
    evaluation = evaluate(_eight_schools(), only("bottom_quartile"), YEAR)
    out = outcomes(evaluation)
    assert "OUT" not in out and len(evaluation.table) == 9
    # percents 10…80; numpy's linear quantile: 10 + 0.25 × 7 × 10 = 27.5
    fired = {code for code, o in out.items() if rule_outcome(o, "bottom_quartile") == "fired"}
    assert fired == {"S1", "S2"}
    figure = out["S3"]["rules"]["bottom_quartile"]["figures"][0]
    assert figure["quantile_cut"] == pytest.approx(27.5)
    assert figure["composite"] == pytest.approx(30.0)
    assert figure["schools_ranked"] == 8
    assert rule_outcome(out["N"], "bottom_quartile") == "insufficient_data"
    z = outcomes(evaluate(_eight_schools(), only("bottom_quartile", bottom_quartile={"scale": "zscore"}), YEAR))
    assert {code for code, o in z.items() if rule_outcome(o, "bottom_quartile") == "fired"} == {"S1", "S2"}


def test_bottom_quartile_weights_rows_by_participants() -> None:
    data = make_input(
        [school("A"), school("B")],
        results=[
            result("A", "ОГЭ", "mathematics", 30, 0, mean=40.0),
            result("A", "ОГЭ", "russian", 10, 0, mean=80.0, max_score=50.0),
            result("B", "ОГЭ", "mathematics", 10, 0, mean=90.0),
        ],
    )
    a = run(data, only("bottom_quartile"))["A"]
    # (30 × 40 % + 10 × 160 %) / 40 = 70 %
    assert a["rules"]["bottom_quartile"]["figures"][0]["composite"] == pytest.approx(70.0)


# --- below_regional_mean ---------------------------------------------------------------------------------


def _two_means(a: float, b: float, b_in_territory: bool = True) -> EngineInput:
    return make_input(
        [school("A"), school("B", in_territory=b_in_territory)],
        results=[
            result("A", "ОГЭ", "mathematics", 10, 0, mean=a),
            result("B", "ОГЭ", "mathematics", 10, 0, mean=b),
        ],
    )


def test_below_regional_mean_boundary() -> None:
    rules = only("below_regional_mean")
    a = run(_two_means(40.0, 80.0), rules)["A"]  # regional 60: exactly 20 below
    assert rule_outcome(a, "below_regional_mean") == "not_fired"
    figure = a["rules"]["below_regional_mean"]["figures"][0]
    assert figure["regional_mean"] == pytest.approx(60.0) and figure["difference"] == pytest.approx(20.0)
    a = run(_two_means(39.0, 81.0), rules)["A"]  # regional 60: 21 below
    assert rule_outcome(a, "below_regional_mean") == "fired"
    assert "разница 21,0 п. п." in a["rules"]["below_regional_mean"]["reason"]


def test_regional_mean_uses_schools_outside_the_territory() -> None:
    out = run(_two_means(40.0, 100.0, b_in_territory=False), only("below_regional_mean"))
    assert set(out) == {"A"}
    assert rule_outcome(out["A"], "below_regional_mean") == "fired"  # regional 70


# --- olympiad_share -------------------------------------------------------------------------------------


def _olympiad(participants: list[float], years: tuple[str, ...] = (PREV2, PREV, YEAR)) -> list[dict[str, Any]]:
    return [
        {
            "school_code": "A",
            "school_year": y,
            "pupils": 200.0,
            "participants_regional": p,
            "participants_all_russian": 0,
        }
        for y, p in zip(years, participants, strict=True)
    ]


def test_olympiad_share_boundary() -> None:
    rules = only("olympiad_share")
    a = run(make_input([school("A")], olympiad=_olympiad([1, 1, 1])), rules)["A"]  # 3 / 600 = 0.5 %
    assert rule_outcome(a, "olympiad_share") == "fired"
    assert a["rules"]["olympiad_share"]["figures"][0]["share"] == pytest.approx(0.005)
    a = run(make_input([school("A")], olympiad=_olympiad([1, 2, 1])), rules)["A"]  # 4 / 600
    assert rule_outcome(a, "olympiad_share") == "not_fired"


def test_olympiad_share_missing_and_partial() -> None:
    rules = only("olympiad_share")
    b = run(make_input([school("B")], olympiad=_olympiad([1, 1, 1])), rules)["B"]
    assert rule_outcome(b, "olympiad_share") == "insufficient_data" and b["insufficient_data"] is True
    a = run(make_input([school("A")], olympiad=_olympiad([0, 5], (PREV, YEAR))), rules)["A"]
    assert rule_outcome(a, "olympiad_share") == "not_fired"  # 5 / 400
    partial = [w for w in a["warnings"] if w["code"] == "partial_years"]
    assert len(partial) == 1 and "2 года из 3" in partial[0]["detail"]


# --- social_index_bottom_quartile ------------------------------------------------------------------------

SOCIAL: dict[str, tuple[float | None, ...]] = {
    "A": (0.6, 0.1, 0.01, 0.0),
    "B": (0.5, 0.2, 0.02, 0.0),
    "C": (0.4, 0.3, 0.03, 0.1),
    "D": (0.2, 0.4, 0.05, 0.2),
}


def _social(values: dict[str, tuple[float | None, ...]]) -> EngineInput:
    names = INPUT_COLUMNS["social"][3:]
    rows = [
        {"school_code": code, "school_year": YEAR, "pupils": 100.0, **dict(zip(names, v, strict=True))}
        for code, v in values.items()
    ]
    return make_input([school(code) for code in values], social=rows)


def test_social_index_without_normalisation() -> None:
    rules = only("social_index_bottom_quartile", social_index_bottom_quartile={"normalisation": "none"})
    out = run(_social(SOCIAL), rules)
    # index = (higher − unemployed − deviant − non-native) / 4: A 0.1225, B 0.07, C −0.0075, D −0.1125;
    # cut = −0.1125 + 0.75 × (−0.0075 + 0.1125) = −0.03375
    figure = out["D"]["rules"]["social_index_bottom_quartile"]["figures"][0]
    assert figure["index"] == pytest.approx(-0.1125) and figure["quantile_cut"] == pytest.approx(-0.03375)
    fired = {c for c, o in out.items() if rule_outcome(o, "social_index_bottom_quartile") == "fired"}
    assert fired == {"D"}
    assert out["D"]["categories"] == ["unfavourable_social"]


def test_social_index_zscore_by_hand() -> None:
    out = run(_social(SOCIAL), only("social_index_bottom_quartile"))
    columns = [[float(v or 0.0) for v in c] for c in zip(*SOCIAL.values(), strict=True)]
    z = [[(v - np.mean(c)) / np.std(c) for v in c] for c in columns]
    weights = (1, -1, -1, -1)
    expected = {code: sum(w * z[k][i] for k, w in enumerate(weights)) / 4 for i, code in enumerate(SOCIAL)}
    for code, value in expected.items():
        assert out[code]["rules"]["social_index_bottom_quartile"]["figures"][0]["index"] == pytest.approx(
            value, abs=1e-4
        )
    assert {c for c, o in out.items() if rule_outcome(o, "social_index_bottom_quartile") == "fired"} == {"D"}


def test_social_index_needs_min_indicators() -> None:
    values = SOCIAL | {"E": (0.3, None, None, 0.1)}
    e = run(_social(values), only("social_index_bottom_quartile"))["E"]
    assert rule_outcome(e, "social_index_bottom_quartile") == "insufficient_data"
    assert "2 из 4" in e["rules"]["social_index_bottom_quartile"]["reason"]


# --- hard_to_reach, unemployment -------------------------------------------------------------------------


def test_hard_to_reach() -> None:
    data = make_input([school("A", hard_to_reach=True), school("B"), school("C", hard_to_reach=None)])
    out = run(data, only("hard_to_reach"))
    assert out["A"]["categories"] == ["unfavourable_social"]
    assert rule_outcome(out["B"], "hard_to_reach") == "not_fired" and out["B"]["categories"] == ["effective"]
    assert rule_outcome(out["C"], "hard_to_reach") == "insufficient_data"


def _unemployment(x: float) -> EngineInput:
    schools = [
        school("A", settlement_code="s1", unemployment_share=0.04),
        school("A2", settlement_code="s1", unemployment_share=0.04),  # the same settlement counts once
        school("B", settlement_code="s2", unemployment_share=0.04),
        school("C", settlement_code="s3", unemployment_share=0.04),
        school("X", settlement_code="s4", unemployment_share=x),
        school("M", settlement_code=None, unemployment_share=None),
    ]
    return make_input(schools)


def test_unemployment_boundary() -> None:
    rules = only("unemployment")
    # average = (0.12 + x) / 4; x = 0.072 → average 0.048, × 1.5 = 0.072
    out = run(_unemployment(0.072), rules)
    assert rule_outcome(out["X"], "unemployment") == "fired"
    figure = out["X"]["rules"]["unemployment"]["figures"][0]
    assert figure["regional_average"] == pytest.approx(0.048) and figure["threshold"] == pytest.approx(0.072)
    assert rule_outcome(out["A"], "unemployment") == "not_fired"
    assert rule_outcome(out["M"], "unemployment") == "insufficient_data"
    assert rule_outcome(run(_unemployment(0.071), rules)["X"], "unemployment") == "not_fired"


# --- unstable_results, near_threshold, risk_count ---------------------------------------------------------


def _series(below: list[float | None]) -> EngineInput:
    rows = [
        result("A", "ВПР", "mathematics", 20, b, year=y, grade=5)
        for y, b in zip((PREV2, PREV, YEAR), below, strict=True)
        if b is not None
    ]
    return make_input([school("A")], results=rows)


@pytest.mark.parametrize(
    ("below", "expected"),
    [
        ([2, 3, 4], "fired"),  # 10 → 15 → 20 %: +10 points
        ([2, 2.5, 3], "fired"),  # +5 points exactly
        ([2, 2, 2], "not_fired"),  # stable
        ([2, 5, 2.4], "fired"),  # 10 → 25 → 12 %: amplitude 15 points and a turn
        ([2, 3.5, 2.8], "not_fired"),  # amplitude 7.5 points only
        ([4, 3, 2], "not_fired"),  # improving
        ([None, 2, 4], "insufficient_data"),
    ],
)
def test_unstable_results(below: list[float | None], expected: str) -> None:
    a = run(_series(below), only("unstable_results"))["A"]
    assert rule_outcome(a, "unstable_results") == expected
    if expected == "fired":
        assert a["categories"] == ["risk_zone"]


@pytest.mark.parametrize(("below", "expected"), [(5, "fired"), (4, "fired"), (6, "not_fired"), (3, "not_fired")])
def test_near_threshold_band(below: int, expected: str) -> None:
    data = make_input([school("A")], results=[result("A", "ОГЭ", "russian", 20, below)])
    assert rule_outcome(run(data, only("near_threshold"))["A"], "near_threshold") == expected


def test_near_threshold_yields_to_fail_share() -> None:
    data = make_input(
        [school("A")],
        results=[
            result("A", "ОГЭ", "russian", 20, 5),
            result("A", "ОГЭ", "mathematics", 10, 3),
            result("A", "ВПР", "mathematics", 10, 3, grade=5),
        ],
    )
    a = run(data, only("fail_share_30", "near_threshold"))["A"]
    assert rule_outcome(a, "fail_share_30") == "fired"
    assert rule_outcome(a, "near_threshold") == "not_fired"
    assert a["categories"] == ["low_results"]


def _risks(levels: dict[int, str]) -> list[dict[str, Any]]:
    return [{"school_code": "A", "school_year": YEAR, "factor": f, "level": level} for f, level in levels.items()]


def test_risk_count_three_versus_two() -> None:
    rules = only("risk_count")
    three = run(make_input([school("A")], risk_profile=_risks({1: "high", 4: "medium", 8: "high", 9: "low"})), rules)
    assert rule_outcome(three["A"], "risk_count") == "fired" and three["A"]["risk_count"] == 3
    figure = three["A"]["rules"]["risk_count"]["figures"][0]
    assert [f["factor"] for f in figure["factors"]] == [1, 4, 8]
    two = run(make_input([school("A")], risk_profile=_risks({1: "high", 4: "medium", 9: "low", 10: "none"})), rules)
    assert rule_outcome(two["A"], "risk_count") == "not_fired" and two["A"]["risk_count"] == 2
    none = run(make_input([school("A")]), rules)["A"]
    assert rule_outcome(none, "risk_count") == "insufficient_data" and none["risk_count"] is None


# --- objectivity -------------------------------------------------------------------------------------------


def _vpr(code: str, lowered: int, confirmed: int, raised: int) -> dict[str, Any]:
    return {
        "school_code": code, "school_year": YEAR, "grade": 5, "subject": "mathematics",
        "lowered": lowered, "confirmed": confirmed, "raised": raised,
    }  # fmt: skip


def test_objectivity_mark_flags() -> None:
    data = make_input(
        [school("A"), school("B"), school("C")],
        vpr_objectivity=[_vpr("A", 6, 14, 0), _vpr("B", 5, 12, 3), _vpr("C", 5, 13, 2)],
    )
    out = run(data, only("objectivity"))
    assert [f["code"] for f in out["A"]["objectivity_flags"]] == ["vpr_lowered"]  # 6 / 20 = 30 %
    assert "30,0 %" in out["A"]["objectivity_flags"][0]["detail"]
    assert [f["code"] for f in out["B"]["objectivity_flags"]] == ["vpr_raised"]  # 3 / 20 = 15 %
    assert out["C"]["objectivity_flags"] == []
    assert rule_outcome(out["C"], "objectivity") == "not_fired"
    assert out["A"]["rules"]["objectivity"]["category"] is None
    assert out["A"]["categories"] == ["effective"]  # flags are not categories


def _inflated(kind: str = "СОШ", ege: float | None = None) -> EngineInput:
    rows = [
        result("A", "ВПР", "mathematics", 10, 3, grade=5, mean=18.0, max_score=20.0),  # 90 %
        result("B", "ВПР", "mathematics", 10, 0, grade=5, mean=10.0, max_score=20.0),  # 50 %
        result("C", "ВПР", "mathematics", 10, 0, grade=5, mean=10.0, max_score=20.0),
        result("A", "ОГЭ", "mathematics", 10, 3, mean=30.0),
    ]
    if ege is not None:
        rows += [
            result("A", "ЕГЭ", "russian", 10, 0, grade=11, mean=ege),
            result("B", "ЕГЭ", "russian", 10, 0, grade=11, mean=60.0),
        ]
    return make_input([school("A", kind=kind), school("B"), school("C")], results=rows)


def test_above_regional_mean_flag_and_doubtful_results() -> None:
    rules = only("fail_share_30", "objectivity")
    a = run(_inflated(), rules)["A"]
    flags = a["objectivity_flags"]
    assert [f["code"] for f in flags] == ["above_regional_mean"]  # 90 − 63.3 = 26.7 > 15
    assert flags[0]["figures"]["difference"] == pytest.approx(90 - 190 / 3, abs=1e-3)
    assert rule_outcome(a, "fail_share_30") == "fired"  # used, but marked
    vpr = [f for f in a["rules"]["fail_share_30"]["figures"] if f["procedure"] == "ВПР"]
    assert vpr and all(f["doubtful"] for f in vpr)
    assert "сомнителен" in a["rules"]["fail_share_30"]["reason"]
    assert any(w["code"] == "doubtful_results" for w in a["warnings"])
    excluded = only("fail_share_30", "objectivity", objectivity={"exclude_doubtful": True})
    a = run(_inflated(), excluded)["A"]
    assert rule_outcome(a, "fail_share_30") == "not_fired"  # only ОГЭ is left
    assert any(w["code"] == "doubtful_results" and "исключены" in w["detail"] for w in a["warnings"])


def test_above_regional_mean_not_flagged_when_selective_or_backed_by_ege() -> None:
    rules = only("objectivity")
    assert run(_inflated(kind="гимназия"), rules)["A"]["objectivity_flags"] == []
    assert run(_inflated(ege=80.0), rules)["A"]["objectivity_flags"] == []  # ЕГЭ above the regional 70
    flagged = run(_inflated(ege=50.0), rules)["A"]["objectivity_flags"]
    assert [f["code"] for f in flagged] == ["above_regional_mean"]


# --- combining, disabled rules, trend --------------------------------------------------------------------


def test_combine_any_versus_all() -> None:
    data = make_input([school("A", hard_to_reach=True, settlement_code="s1"), school("B", settlement_code="s2")])
    any_rules = only("hard_to_reach", "unemployment")
    assert run(data, any_rules)["A"]["categories"] == ["unfavourable_social"]
    all_rules = only("hard_to_reach", "unemployment", combine={"unfavourable_social": "all"})
    a = run(data, all_rules)["A"]
    assert rule_outcome(a, "hard_to_reach") == "fired" and rule_outcome(a, "unemployment") == "not_fired"
    assert a["categories"] == ["effective"]


def test_disabled_rule() -> None:
    a = run(make_input([school("A", hard_to_reach=True)]), only("unemployment"))["A"]
    entry = a["rules"]["hard_to_reach"]
    assert entry["outcome"] == "disabled" and entry["category"] == "unfavourable_social"
    assert entry["label"] == RULES["hard_to_reach"].label
    assert list(a["rules"]) == list(RULES)
    assert a["categories"] == ["effective"]


def _two_procedures(code: str, year: str, below: int) -> list[dict[str, Any]]:
    return [result(code, "ОГЭ", "russian", 10, below, year=year), result(code, "ВПР", "russian", 10, below, year=year)]


def test_trend() -> None:
    rows = (
        _two_procedures("STAYED", PREV, 5) + _two_procedures("STAYED", YEAR, 4)
        + _two_procedures("ENTERED", PREV, 1) + _two_procedures("ENTERED", YEAR, 4)
        + _two_procedures("LEFT", PREV, 5) + _two_procedures("LEFT", YEAR, 1)
        + _two_procedures("NEW", YEAR, 5)
        + _two_procedures("SAME", PREV, 1) + _two_procedures("SAME", YEAR, 2)
    )  # fmt: skip
    codes = ("STAYED", "ENTERED", "LEFT", "NEW", "SAME")
    evaluation = evaluate(make_input([school(c) for c in codes], results=rows), only("fail_share_30"), YEAR)
    out = outcomes(evaluation)
    assert {c: out[c]["trend"] for c in codes} == {
        "STAYED": "stayed", "ENTERED": "entered", "LEFT": "left", "NEW": "new", "SAME": "unchanged",
    }  # fmt: skip
    assert out["LEFT"]["previous_categories"] == ["low_results"] and out["LEFT"]["categories"] == ["effective"]
    assert out["NEW"]["previous_categories"] is None
    assert out["ENTERED"]["trend_change"] == pytest.approx(0.3)
    assert out["NEW"]["trend_change"] is None
    assert evaluation.table.loc["LEFT", "trend"] == "left"


# --- validation --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fail_share_30": {"threshold": 1.5}}, "Порог должен быть от 0 до 1"),
        ({"bottom_quartile": {"quantile": 0}}, "Квантиль должен быть больше 0 и меньше 1"),
        ({"near_threshold": {"lower": 0.3, "upper": 0.2}}, "Нижняя граница должна быть меньше верхней"),
        ({"fail_share_30": {"subjects": ["astronomy"]}}, "Неизвестный предмет: astronomy"),
        ({"bottom_quartile": {"procedures": ["ПИЗА"]}}, "Неизвестная процедура оценки: ПИЗА"),
        ({"risk_count": {"min_risks": -1}}, "Число должно быть не меньше 1"),
        ({"below_regional_mean": {"gap": -5}}, "не может быть отрицательным"),
        ({"fail_share_30": {"subjects": []}}, "Укажите хотя бы один предмет"),
        ({"risk_count": {"levels": ["critical"]}}, "Неизвестный уровень риска"),
        ({"unstable_results": {"years": 0}}, "Число лет должно быть от 1 до 10"),
        ({"hard_to_reach": {"category": "effective"}}, "не может относить школу к эффективному режиму"),
        ({"social_index_bottom_quartile": {"weights": {"income": 1}}}, "Неизвестный показатель индекса"),
    ],
)
def test_validation_messages_are_russian(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        MethodologyRules.model_validate(data)
    assert message in str(error.value)


def test_rules_forbid_unknown_fields_and_round_trip() -> None:
    with pytest.raises(ValidationError):
        MethodologyRules.model_validate({"fail_share_30": {"treshold": 0.3}})
    with pytest.raises(ValidationError):
        MethodologyRules.model_validate({"no_such_rule": {}})
    assert MethodologyRules.model_validate({"fail_share_30": {"enabled": False, "subjects": []}})  # off: may be empty
    rules = default_rules()
    assert MethodologyRules.model_validate(rules.model_dump(mode="json")) == rules
    assert rules.fail_share_30.threshold == 0.30 and rules.combine_mode(rules.fail_share_30.category) == "any"
    schema = MethodologyRules.model_json_schema()
    assert "Порог доли участников ниже минимума" in json.dumps(schema, ensure_ascii=False)
    assert set(RULES) == set(MethodologyRules.model_fields) - {"combine", "conditions"}


# --- robustness, JSON, the demo region ---------------------------------------------------------------------


def test_empty_frames_and_other_years() -> None:
    empty = evaluate(EngineInput.empty(), default_rules(), YEAR)
    assert empty.table.empty and list(iter_outcomes(empty)) == []
    data = make_input([school("A")], results=_two_procedures("A", "2015-2016", 9))
    a = run(data, default_rules())["A"]
    assert a["insufficient_data"] is True and "effective" not in a["categories"]
    assert a["trend"] == "new"
    assert required_years(default_rules(), YEAR) == ["2020-2021", PREV2, PREV, YEAR]


def test_outcomes_are_json_ready() -> None:
    region = generate(seed=7, schools=300)
    evaluation = evaluate(engine_input_from_demo(region), default_rules(), YEAR)
    results = list(iter_outcomes(evaluation))
    assert len(results) == 300 == len(evaluation.table)
    text = json.dumps(results, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == results
    keys = {
        "school_code", "categories", "insufficient_data", "rules", "warnings", "objectivity_flags", "risk_count",
        "fail_share", "previous_categories", "trend", "trend_change",
    }  # fmt: skip
    assert all(set(o) == keys for o in results)
    assert {o["trend"] for o in results} <= {"entered", "left", "stayed", "unchanged", "new"}


def test_fail_share_matches_the_generator_story() -> None:
    """The generator's `low_results_by_fail_share` applies no minimum sample (it says the service owns it);
    given only the rows with at least 5 participants it is the engine's definition, so the sets agree."""
    region = generate(seed=7, schools=300)
    table = evaluate(engine_input_from_demo(region), default_rules(), YEAR).table
    engine = set(table.index[table["outcome_fail_share_30"] == "fired"])
    results = region.results[region.results["participants"] >= 5]
    expected = low_results_by_fail_share(results)
    assert engine == set(expected.loc[expected["school_year"] == YEAR, "school_code"])
    assert engine  # the story has at-risk schools


def _fresh_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text cell a string object of its own (as a database driver delivers text), where
    the generator repeats a few objects."""
    copy = frame.copy()
    for name in copy.columns:
        if copy[name].dtype == object or isinstance(copy[name].dtype, pd.StringDtype):
            copy[name] = pd.Series(
                [value if not isinstance(value, str) else "".join(list(value)) for value in copy[name].tolist()],
                index=copy.index, dtype=object,
            )  # fmt: skip
    return copy


def test_text_of_repeated_objects_is_coded_as_text_of_distinct_ones() -> None:
    """The engine compares and codes text by object first where a column repeats a few objects: it must
    answer exactly as with every cell a string of its own, missing and unexpected values included."""
    region = generate(seed=7, schools=300)
    shared = engine_input_from_demo(region)
    results = shared.results.astype({"procedure": object, "subject": object, "school_year": object})
    unexpected, missing = "ДКР", None
    results.loc[results.index[::97], "procedure"] = unexpected  # one object, outside PROCEDURES
    results.loc[results.index[5::89], "subject"] = missing
    results.loc[results.index[7::131], "school_year"] = "2023/2024"  # the written variant of the year
    shared.results = results
    assert len(results) > 4 * 1024 and results["procedure"].map(id).nunique() <= 5  # the shortcut is taken
    distinct = EngineInput(**{name: _fresh_strings(getattr(shared, name)) for name in INPUT_COLUMNS})
    assert distinct.results["procedure"].map(id).nunique() == len(results)
    rules = default_rules()
    by_object, by_text = evaluate(shared, rules, YEAR), evaluate(distinct, rules, YEAR)
    pd.testing.assert_frame_equal(by_object.table, by_text.table)
    assert list(iter_outcomes(by_object)) == list(iter_outcomes(by_text))
