"""The Russian wording of the reasons identification writes (they appear verbatim in the signed documents):
units (п. п. for a change of a share, % for a share, баллы for scores, agreeing with the number), the decimal
comma, thresholds as the methodology states them, and «не менее / более» as the rule compares."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from services.identification.methodology.reasons import (
    FIRED,
    INSUFFICIENT,
    NOT_FIRED,
    Reasons,
    participants_of,
    points,
    procedures_word,
    stated,
    years_word,
)
from services.identification.methodology.rules import RULES, MethodologyRules, default_rules

YEAR = "2023-2024"
FIXTURE = Path(__file__).parent / "fixtures" / "run_reasons.json.gz"


def reasons(**changes: dict[str, Any]) -> Reasons:
    rules = default_rules().model_dump(mode="json")
    for rule_id, values in changes.items():
        rules[rule_id] |= values
    return Reasons(MethodologyRules.model_validate(rules), YEAR)


def row(**values: Any) -> dict[str, Any]:
    return {"procedure": "ОГЭ", "subject": "mathematics", "grade": 9, "school_year": YEAR, **values}


# --- the formatting helpers ---


@pytest.mark.parametrize(
    ("value", "text"),
    [(1, "1 балл"), (2, "2 балла"), (5, "5 баллов"), (11, "11 баллов"), (21, "21 балл"), (20.0, "20 баллов"),
     (2.5, "2,5 балла"), (0.25, "0,25 балла")],
)  # fmt: skip
def test_points_agree_with_their_number(value: float, text: str) -> None:
    assert points(value) == text


def test_years_procedures_and_participants_agree_with_their_number() -> None:
    assert [years_word(n) for n in (1, 2, 5, 21)] == ["1 год", "2 года", "5 лет", "21 год"]
    assert procedures_word(2) == "две процедуры" and procedures_word(5) == "5 процедур"
    assert procedures_word(21) == "21 процедура"
    assert [participants_of(n) for n in (1, 5, 21)] == ["1 участника", "5 участников", "21 участника"]


def test_a_parameter_is_printed_as_the_methodology_states_it() -> None:
    assert [stated(v) for v in (20.0, 1.5, 2.0, 0.45)] == ["20", "1,5", "2", "0,45"]
    assert stated(0.45, 3) == "0,45" and stated(5.000000000000001) == "5"


# --- one sentence per rule ---


def test_unemployment_threshold_is_the_regional_mean_times_the_factor() -> None:
    text = reasons().unemployment(NOT_FIRED, [{"unemployment_share": 0.036}], [0.05])
    assert text == (
        "Безработица в населённом пункте 3,6 % при среднем по региону 5,0 % — ниже порога 7,5 % "
        "(среднее по региону × 1,5)"
    )
    fired = reasons(unemployment={"factor": 2.0}).unemployment(FIRED, [{"unemployment_share": 0.12}], [0.05])
    assert fired.endswith("— не ниже порога 10,0 % (среднее по региону × 2)")
    assert "раза выше" not in text + fired


def test_unemployment_without_a_regional_mean_has_no_dangling_words() -> None:
    text = reasons().unemployment(NOT_FIRED, [{"unemployment_share": 0.036}], [None])
    assert text == "Безработица в населённом пункте 3,6 %; среднее по региону неизвестно"


def test_unstable_results_a_change_of_a_share_is_in_percentage_points() -> None:
    figures = [{"school_year": y} for y in ("2021-2022", "2022-2023", YEAR)]
    fired = reasons().unstable(FIRED, figures, [[0.10, 0.12, 0.17], 0.07, 0.07])
    assert "2021-2022 — 10,0 %" in fired
    assert fired.endswith("рост на 7,0 п. п. — не менее порога 5 п. п.")
    swing = reasons().unstable(FIRED, figures, [[0.10, 0.25, 0.12], 0.02, 0.15])
    assert swing.endswith("колебания с размахом 15,0 п. п. (не менее порога 10 п. п.) и сменой направления")
    calm = reasons().unstable(NOT_FIRED, figures, [[0.50, 0.30, 0.10], -0.40, 0.40])
    assert "результаты стабильны" not in calm
    assert calm.endswith(
        "изменение −40,0 п. п., размах 40,0 п. п. — нет ни роста не менее чем на 5 п. п., ни колебаний со сменой "
        "направления с размахом не менее 10 п. п."
    )
    missing = reasons(unstable_results={"min_participants": 1}).unstable(
        INSUFFICIENT, figures, [[None] * 3, None, None]
    )
    assert "не менее 1 участника в год" in missing


def test_below_regional_mean_in_points_of_the_percent_scale() -> None:
    figure = row(value=40.0, regional_mean=61.2, difference=21.2, rows_below=1)
    text = reasons().below_regional_mean(FIRED, [figure], None)
    assert text == (
        "ОГЭ, математика, 9 класс, 2023-2024: 40,0 % от максимума при среднем по региону 61,2 %, "
        "разница 21,2 п. п. — отставание более 20 п. п."
    )


@pytest.mark.parametrize(
    ("gap", "limit"), [(1.0, "1 балла"), (2.0, "2 баллов"), (5.0, "5 баллов"), (21.0, "21 балла"), (2.5, "2,5 балла")]
)
def test_below_regional_mean_in_scores_agrees_with_the_gap(gap: float, limit: str) -> None:
    """«не более» takes the genitive: «1 балла», «2 баллов», «21 балла»; a threshold as stated (20, not 20,0)."""
    figure = row(value=15.1, regional_mean=19.0, difference=3.9, rows_below=0)
    text = reasons(below_regional_mean={"scale": "score", "gap": gap}).below_regional_mean(NOT_FIRED, [figure], None)
    assert "15,1 балла при среднем по региону 19,0 балла, разница 3,9 балла" in text
    assert text.endswith(f"отставание не более {limit}")
    assert points(gap, genitive=True) == limit


def test_near_threshold_band_says_which_end_is_included() -> None:
    figure = row(below_min=3, participants=12, share=0.25)
    text = reasons().near_threshold(FIRED, [figure], None)
    assert text.endswith("доля ниже минимального порога не менее 20 %, но меньше 30 %")
    skipped = reasons(fail_share_30={"threshold": 0.35}).near_threshold(NOT_FIRED, [], [True, None])
    assert skipped == (
        "Сработало правило «Доля участников ниже минимального порога» (не менее 35 %): зона риска вблизи порога "
        "не назначается"
    )


def test_risk_count_says_how_the_count_compares_with_the_threshold() -> None:
    one = reasons().risk_count(NOT_FIRED, [{"count": 1, "factors": [{"factor": 8}]}], None)
    assert (
        one
        == "В рисковом профиле за 2023-2024 факторов риска уровня «высокий или средний»: 1 (фактор 8) — менее порога 3"
    )
    three = [{"factor": f} for f in (1, 6, 10)]
    fired = reasons().risk_count(FIRED, [{"count": 3, "factors": three}], None)
    assert fired.endswith(": 3 (факторы 1, 6, 10) — не менее порога 3")


def test_olympiad_share_at_most_the_threshold() -> None:
    figure = {"school_years": ["2021-2022", "2022-2023", YEAR], "participants": 1, "pupils": 400, "share": 0.0025}
    fired = reasons().olympiad(FIRED, [figure], None)
    assert fired.endswith("(0,25 %) — не более порога 0,5 %")
    figure |= {"participants": 8, "share": 0.02}
    assert reasons().olympiad(NOT_FIRED, [figure], None).endswith("(2,00 %) — более порога 0,5 %")


def test_above_regional_mean_flag_states_its_margin_in_points() -> None:
    flag = reasons().flag("above_regional_mean", {"school_year": YEAR}, 21.0, None)
    assert "результат в среднем на 21,0 п. п. выше среднего по региону (порог — более 15 п. п.)" in flag["detail"]


def test_social_index_and_bottom_quartile_read_as_compared() -> None:
    figure = {"schools_ranked": 60}
    text = reasons().social_index(FIRED, [figure], [-2.15, -0.35])
    assert text == (
        "Индекс социального благополучия за 2023-2024: −2,15 — не выше границы нижних 25 % школ территории "
        "(−0,35; в сравнении школ: 60)"
    )


def test_indicator_thresholds_as_stated() -> None:
    rules = {"enabled": True, "measure": "ior", "threshold": 0.45}
    figure = {"direction": "higher", "values": [0.4], "school_years": [YEAR]}
    text = reasons(indicator_level=rules).indicator("indicator_level", FIRED, [figure], None)
    assert text.endswith("0,400 — не лучше порога 0,45")


def test_not_applicable_agrees_with_the_pupils() -> None:
    text = reasons(fail_share_30={"min_pupils": 21}).not_applicable_text("fail_share_30")
    assert text.endswith("в которых не менее 21 обучающегося")


# --- the rule texts and every reason of the demo region ---


def test_rule_descriptions_state_the_rule_as_it_compares() -> None:
    assert RULES["unemployment"].description == (
        "Уровень безработицы в населённом пункте школы не ниже среднего по региону, умноженного на 1,5."
    )
    assert "20 п. п." in RULES["below_regional_mean"].description
    assert "не менее 20 %, но меньше 30 %" in RULES["near_threshold"].description
    assert "правило 30 %" not in RULES["near_threshold"].description
    schema = json.dumps(MethodologyRules.model_json_schema(), ensure_ascii=False)
    assert "Во сколько раз выше среднего" not in schema


def _texts() -> list[str]:
    details = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    out = []
    for schools in details.values():
        for detail in schools.values():
            out += [entry["reason"] for entry in detail["rules"].values()]
            out += [w["detail"] for w in detail["warnings"]]
            out += [f["detail"] for f in detail["objectivity_flags"]]
    return out


def test_every_reason_of_the_demo_region_reads_in_russian() -> None:
    """The reasons of the demo region under the default methodology and a variant (the snapshot's fixture,
    which equals what the code builds): no English or field names, no decimal point, no self-contradiction."""
    texts = _texts()
    assert len(texts) > 500
    for text in texts:
        assert not re.search(r"[A-Za-z_]{2,}", text), text
        assert not re.search(r"\d\.\d", text), text
        assert "  " not in text and not text.endswith(" "), text
        assert "раза выше" not in text and "результаты стабильны" not in text, text
        assert not re.search(r"(?:рост|изменение|размах|разница) [−\d,]+ %", text), text
        assert not re.search(r"отставание (?:не )?больше|порога (?:не )?больше", text), text
        assert not re.search(r"\(факторы \d+\)", text), text
    joined = "\n".join(texts)
    assert "п. п." in joined and "баллов" in joined


# ------------------------------------------------------------------------------------------- the note's criteria


def _criteria(**changes: dict[str, Any]) -> dict[str, Any]:
    """The note's appendix (each rule's condition and parameters in words) of the default rules with `changes`."""
    from services.identification.notes.criteria import parameters

    rules = default_rules().model_dump(mode="json")
    for rule_id, values in changes.items():
        rules[rule_id] |= values
    return {p.rule: p for p in parameters(rules)}


def _spaced(text: str) -> str:
    """The text with its no-break spaces as ordinary ones (the criteria keep «5 п. п.» on one line)."""
    return text.replace("\xa0", " ")


def test_the_notes_criteria_write_each_parameter_in_its_unit() -> None:
    """A change of a share is in п. п. (it printed «Рост доли ниже минимума: 5 %»), the lag behind the regional
    mean in п. п. or in the procedure's points by the rule's scale, a coefficient without a unit, an indicator's
    own change in its units; the defaults the text falls back on are the methodology's (0,05 and 0,10)."""
    criteria = _criteria()
    unstable = criteria["unstable_results"]
    parameters, description = _spaced(unstable.parameters), _spaced(unstable.description)
    assert "Рост доли ниже минимума: 5 п. п." in parameters  # with no-break spaces, as before «%» (round 22)
    assert "10 п. п." in parameters and " %" not in parameters
    assert "не менее чем на 5 п. п." in description and "размахом не менее 10 п. п." in description
    assert "более чем на 20 п. п." in _spaced(criteria["below_regional_mean"].description)
    unemployment = criteria["unemployment"].description
    assert "не ниже среднего по региону, умноженного на 1,5" in unemployment and "раза" not in unemployment
    assert "15 п. п." in _spaced(criteria["objectivity"].parameters)
    scored = _criteria(below_regional_mean={"scale": "score", "gap": 5})["below_regional_mean"]
    assert "более чем на 5 баллов" in _spaced(scored.description) and "п. п." not in _spaced(scored.description)
    assert "5 баллов" in _spaced(scored.parameters)
    halves = _criteria(below_regional_mean={"scale": "score", "gap": 2.5})["below_regional_mean"]
    assert "более чем на 2,5 балла" in _spaced(halves.description)
    trend = _criteria(indicator_trend={"decline": 0.2})["indicator_trend"]
    assert "0,2" in trend.parameters and "20 %" not in _spaced(trend.parameters)
    assert "п. п." not in _spaced(trend.parameters)
