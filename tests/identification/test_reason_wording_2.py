"""How the note's reasons for schools that entered or left a category read to a methodist: the rule's label in
the sentence's case after a colon (abbreviations kept), each figure with its school year, a missing figure said in
words instead of «→ —», a no-break space before «%» and «п. п.», no codes, no «None»."""

from __future__ import annotations

import re
from typing import Any

import pytest

from services.identification.methodology.reasons import FIRED, INSUFFICIENT, NOT_FIRED
from services.identification.notes.figures import KEY_FIGURES, change_text, in_sentence, value_text
from services.identification.notes.service import NoteService
from services.identification.runs.models import RunSchool
from services.shared.contracts.identification_note import IdentificationNote
from tests.conftest import Stack
from tests.identification.test_reason_wording import YEAR, _criteria, _texts, reasons

YEARS = ("2023-2024", "2024-2025")
NBSP = "\u00a0"
RAW = re.compile(r"None|nan|→ —|\b(?:vpr|oge|ege|math|russian|fired|not_fired|insufficient_data)\b|\d{4}-\d\d-\d\d")


def _row(
    rules: dict[str, dict[str, Any]], *, categories: list[str] | None = None, overridden: bool = False
) -> RunSchool:
    """A school's row as runs stored before the fact blocks kept it: its rules with their figures as JSON."""
    kept = categories if categories is not None else []
    return RunSchool(
        run_id=1,
        school_id=1,
        school_code="S1",
        school_name="Школа № 1",
        municipality_code="M1",
        categories=kept,
        final_categories=kept,
        overridden=overridden,
        stored_rules=rules,
        trend="stayed",
    )


def _fired(category: str, **figure: Any) -> dict[str, Any]:
    return {"outcome": "fired", "category": category, "reason": "", "figures": [figure]}


def _quiet(**figure: Any) -> dict[str, Any]:
    return {"outcome": "not_fired", "reason": "", "figures": [figure] if figure else []}


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


# --- the known fault: a school that left the list ---------------------------------------------------------------


@pytest.mark.no_database
def test_a_left_school_without_a_figure_this_year_says_so_in_words() -> None:
    before = _row({"near_threshold": _fired("risk_zone", share=0.2)}, categories=["risk_zone"])
    now = _row({"near_threshold": _quiet()})
    reason = NoteService._left_reason(before, now, "risk_zone", YEARS)
    assert _plain(reason) == (
        "не выполняется: результаты вблизи порога: доля ниже минимального порога — 20 % в 2023-2024 учебном году, "
        "нет данных за 2024-2025 учебный год"
    )
    assert "→" not in reason and ": Р" not in reason


@pytest.mark.no_database
def test_a_left_school_quotes_this_years_reason_when_the_rule_did_not_hold() -> None:
    """The rule was computed and did not hold: its own reason of this year, never «нет данных»."""
    before = _row({"near_threshold": _fired("risk_zone", share=0.25)}, categories=["risk_zone"])
    quiet = _quiet() | {"reason": "Нет результатов с долей ниже минимального порога не менее 20 %, но меньше 30 %"}
    reason = NoteService._left_reason(before, _row({"near_threshold": quiet}), "risk_zone", YEARS)
    assert reason == (
        f"не выполняется: результаты вблизи порога: доля ниже минимального порога — 25{NBSP}% в 2023-2024 учебном "
        f"году, в 2024-2025 учебном году нет результатов с долей ниже минимального порога не менее 20{NBSP}%, но "
        f"меньше 30{NBSP}%"
    )


@pytest.mark.no_database
def test_a_left_school_shows_both_figures_with_their_years() -> None:
    before = _row({"fail_share_30": _fired("low_results", share=0.355)}, categories=["low_results"])
    now = _row({"fail_share_30": _quiet(share=0.12)})
    reason = NoteService._left_reason(before, now, "low_results", YEARS)
    assert _plain(reason) == (
        "не выполняется: доля участников ниже минимального порога: доля ниже минимального порога — 35,5 % "
        "в 2023-2024 учебном году, 12 % в 2024-2025 учебном году"
    )


@pytest.mark.no_database
def test_a_left_school_with_too_little_data_names_the_year() -> None:
    before = _row({"fail_share_30": _fired("low_results", share=0.4)}, categories=["low_results"])
    now = _row({"fail_share_30": {"outcome": "insufficient_data", "reason": "", "figures": []}})
    reason = _plain(NoteService._left_reason(before, now, "low_results", YEARS))
    assert reason.endswith("40 % в 2023-2024 учебном году, недостаточно данных за 2024-2025 учебный год")


@pytest.mark.no_database
def test_a_left_school_the_rule_no_longer_applies_to_says_so() -> None:
    before = _row({"olympiad_share": _fired("low_results", share=0.001)}, categories=["low_results"])
    now = _row({"olympiad_share": {"outcome": "not_applicable", "reason": "Правило не применяется", "figures": []}})
    reason = _plain(NoteService._left_reason(before, now, "low_results", YEARS))
    assert reason.endswith("0,1 % в 2023-2024 учебном году, в 2024-2025 учебном году правило к школе не применяется")


@pytest.mark.no_database
def test_two_rules_no_longer_holding_agree_in_the_plural() -> None:
    before = _row(
        {
            "fail_share_30": _fired("low_results", share=0.31),
            "olympiad_share": _fired("low_results", share=0.001),
        },
        categories=["low_results"],
    )
    now = _row({"fail_share_30": _quiet(share=0.1), "olympiad_share": _quiet(share=0.02)})
    reason = NoteService._left_reason(before, now, "low_results", YEARS)
    assert reason.startswith("не выполняются: доля участников") and "; низкое участие в олимпиадах: " in reason


@pytest.mark.no_database
def test_a_school_outside_this_years_run_names_the_year() -> None:
    before = _row({"fail_share_30": _fired("low_results", share=0.4)}, categories=["low_results"])
    assert NoteService._left_reason(before, None, "low_results", YEARS) == (
        "школа не вошла в расчёт за 2024-2025 учебный год"
    )


@pytest.mark.no_database
def test_an_expert_adjustment_that_kept_the_school_is_said_so() -> None:
    before = _row({"fail_share_30": _fired("low_results", share=0.4)}, categories=["low_results"])
    now = _row({"fail_share_30": _quiet(share=0.1)}, categories=["low_results"], overridden=True)
    assert NoteService._left_reason(before, now, "low_results", YEARS) == "экспертная корректировка"


@pytest.mark.no_database
def test_a_flag_rule_that_no_longer_holds_quotes_this_years_reason() -> None:
    before = _row({"hard_to_reach": _fired("unfavourable_social")}, categories=["unfavourable_social"])
    now = _row({"hard_to_reach": _quiet() | {"reason": "Населённый пункт школы не отнесён к труднодоступным"}})
    reason = NoteService._left_reason(before, now, "unfavourable_social", YEARS)
    assert reason == (
        "не выполняется: труднодоступный населённый пункт: в 2024-2025 учебном году населённый пункт школы "
        "не отнесён к труднодоступным"
    )


# --- a school that entered ---------------------------------------------------------------------------------------


@pytest.mark.no_database
def test_an_entered_school_says_what_its_figure_is_and_of_which_year() -> None:
    row = _row({"near_threshold": _fired("risk_zone", share=0.25)}, categories=["risk_zone"])
    reason = NoteService._entered_reason(row, "risk_zone", "2024-2025")
    assert reason == f"Результаты вблизи порога: доля ниже минимального порога 25{NBSP}% в 2024-2025 учебном году"


@pytest.mark.no_database
def test_an_entered_school_by_two_rules_lists_the_second_in_the_sentence_case() -> None:
    row = _row(
        {
            "social_index_bottom_quartile": _fired("unfavourable_social", index=-0.35),
            "unemployment": _fired("unfavourable_social", unemployment_share=0.12),
        },
        categories=["unfavourable_social"],
    )
    reason = _plain(NoteService._entered_reason(row, "unfavourable_social", "2024-2025"))
    assert reason == (
        "Низкий индекс социального благополучия: −0,35 в 2024-2025 учебном году; "
        "высокая безработица в населённом пункте: 12 % в 2024-2025 учебном году"
    )


@pytest.mark.no_database
def test_a_count_of_risk_factors_says_it_is_a_number_of_them() -> None:
    before = _row({"risk_count": _fired("risk_zone", count=3)}, categories=["risk_zone"])
    now = _row({"risk_count": _quiet(count=1)})
    assert NoteService._left_reason(before, now, "risk_zone", YEARS) == (
        "не выполняется: несколько рисков профиля «500+»: число факторов риска «500+» — 3 в 2023-2024 учебном году, "
        "1 в 2024-2025 учебном году"
    )
    assert NoteService._entered_reason(before, "risk_zone", "2023-2024") == (
        "Несколько рисков профиля «500+»: число факторов риска «500+» 3 в 2023-2024 учебном году"
    )


# --- the words and figures themselves ----------------------------------------------------------------------------


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Результаты вблизи порога", "результаты вблизи порога"),
        ("ВПР ниже порога", "ВПР ниже порога"),
        ("ОГЭ: результаты", "ОГЭ: результаты"),
        ("ИОР", "ИОР"),
        ("Я в списке", "я в списке"),
    ],
)
def test_a_label_after_a_colon_is_lower_case_unless_an_abbreviation(label: str, shown: str) -> None:
    assert in_sentence(label) == shown


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.125, "share", f"12,5{NBSP}%"),
        (0.2, "share", f"20{NBSP}%"),
        (12.4, "points", f"12,4{NBSP}п.{NBSP}п."),
        (-0.35, "index", "−0,35"),
        (3.0, "count", "3"),
        (None, "share", "—"),
    ],
)
def test_figures_are_written_the_russian_way_with_a_no_break_space(value: float | None, unit: Any, shown: str) -> None:
    assert value_text(value, unit) == shown


@pytest.mark.no_database
def test_a_rule_left_out_of_this_years_methodology_is_said_so() -> None:
    text = change_text("Результаты вблизи порога", KEY_FIGURES["near_threshold"], None, {}, None, YEARS)
    assert text == "результаты вблизи порога: в 2024-2025 учебном году правило не применялось"


# --- through HTTP: the demo region's note --------------------------------------------------------------------


def test_the_demo_notes_moved_schools_read_as_correct_russian(stack: Stack) -> None:
    answer = stack.gateway.get(
        "/api/identification/notes/identification",
        params={"school_year": "2023-2024"},
        headers=stack.auth("regional_analyst"),
    )
    assert answer.status_code == 200, answer.text
    note = IdentificationNote.model_validate(answer.json())
    reasons = [s.reason for s in note.comparison.schools]
    assert reasons
    for reason in reasons:
        assert not RAW.search(reason), reason
        assert not re.search(r": [А-ЯЁ][а-яё]", reason), reason  # lower case after a colon mid-sentence
        assert not re.search(r"\d %|\d п\. п\.", reason), reason  # the unit never starts a line
    left = [s.reason for s in note.comparison.schools if s.movement == "left" and s.reason.startswith("не выполн")]
    assert all("2022-2023 учебном году" in r for r in left)
    entered = [s.reason for s in note.comparison.schools if s.movement == "entered" and ": " in s.reason]
    assert all("2023-2024 учебном году" in r for r in entered)


# --- the rules' own reasons ----------------------------------------------------------------------------------------


def _olympiad(pupils: int, **rule: Any) -> str:
    figure = {"school_years": ["2021-2022", "2022-2023", "2023-2024"], "participants": 0, "pupils": pupils, "share": 0}
    return reasons(olympiad_share=rule).olympiad(FIRED, [figure], None)


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("pupils", "shown"),
    [(1, "на 1 обучающегося"), (81, "на 81 обучающегося"), (11, "на 11 обучающихся"), (5, "на 5 обучающихся"),
     (2, "на 2 обучающихся"), (111, "на 111 обучающихся"), (301, "на 301 обучающегося")],
)  # fmt: skip
def test_olympiad_pupils_agree_with_their_number(pupils: int, shown: str) -> None:
    assert f"этапов 0 {shown} (0,00 %)" in _olympiad(pupils)


@pytest.mark.no_database
def test_olympiad_pupils_of_the_last_year_agree_too() -> None:
    assert "на 21 обучающегося последнего года (" in _olympiad(21, denominator="latest_pupils")


@pytest.mark.no_database
def test_a_missing_year_of_an_indicator_is_said_in_words() -> None:
    rules = {"enabled": True, "measure": "ИОР", "threshold": 0.45}
    figure = {"direction": "higher", "values": [0.566, None, 0.468], "school_years": ["2021-2022", "2022-2023", YEAR]}
    text = reasons(indicator_level=rules).indicator("indicator_level", INSUFFICIENT, [figure], None)
    assert text == (
        "Показатель «ИОР» (лучше большее значение) за 2021-2022, 2022-2023, 2023-2024: 0,566 → нет данных → 0,468 — "
        "нет значения за все нужные годы"
    )


@pytest.mark.no_database
def test_an_indicator_with_every_year_reads_word_for_word_as_before() -> None:
    rules = {"enabled": True, "measure": "ИОР", "threshold": 0.45}
    figure = {"direction": "higher", "values": [0.566, 0.395, 0.468], "school_years": ["2021-2022", "2022-2023", YEAR]}
    text = reasons(indicator_mean=rules).indicator("indicator_mean", NOT_FIRED, [figure | {"mean": 0.4763}], None)
    assert text == (
        "Показатель «ИОР» (лучше большее значение) за 2021-2022, 2022-2023, 2023-2024: 0,566 → 0,395 → 0,468 — "
        "среднее 0,476 — лучше порога 0,45"
    )


@pytest.mark.no_database
def test_the_demo_regions_stored_reasons_agree_pupils_with_their_number() -> None:
    """The golden file of the demo region's reasons (what runs stored before read back as): «на 81 обучающегося»."""
    found = [re.search(r"на (\d+) обучающ(его|их)ся", t) for t in _texts()]
    matches = [m for m in found if m]
    assert matches
    for m in matches:
        count = int(m.group(1))
        assert (m.group(2) == "его") == (count % 10 == 1 and count % 100 != 11), m.group(0)


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("grades", "shown"),
    [([9], "ведут 9 класс"), ([1], "ведут 1 класс"), ([5, 6, 7], "ведут хотя бы один из классов 5–7"),
     ([4, 9], "ведут хотя бы один из классов 4, 9")],
)  # fmt: skip
def test_not_applicable_names_a_single_grade_as_such(grades: list[int], shown: str) -> None:
    text = reasons(fail_share_30={"taught_grades": grades}).not_applicable_text("fail_share_30")
    assert text == f"Правило не применяется к школе: оно применяется к школам, которые {shown}"


# --- the note's criteria in words ----------------------------------------------------------------------------------


@pytest.mark.no_database
def test_an_indicators_threshold_is_in_its_own_units_not_a_percentage() -> None:
    criteria = _criteria(indicator_level={"enabled": True, "measure": "ИОР", "threshold": 0.45})
    assert "Показатель: ИОР; Пороговое значение: 0,45" in criteria["indicator_level"].parameters
    mean = _criteria(indicator_mean={"threshold": 0.5})["indicator_mean"].parameters
    assert "Пороговое среднее: 0,5" in mean and "%" not in mean


@pytest.mark.no_database
def test_an_indicator_without_a_measure_says_it_is_not_set() -> None:
    parameters = _criteria()["indicator_level"].parameters
    assert "Показатель: не задан;" in parameters and ": ;" not in parameters


@pytest.mark.no_database
def test_the_near_threshold_band_in_the_note_says_which_end_is_included() -> None:
    description = _plain(_criteria()["near_threshold"].description)
    assert "не менее 20 %, но меньше 30 %" in description and "от 20 % до 30 %" not in description
