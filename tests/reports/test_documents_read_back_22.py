"""Round 22 of reading the identification documents back as the official who signs them: a school of last year's
list without a decision this year neither left nor stayed («Без решения» beside «Вышли», and «Что работает» claims
no outcome of a list nobody decided on); the region's forty-four municipalities drawn over three figures printed at
their own size (labels at 9 pt, never shrunk to 6 pt) and the figure by years at its own width; «п. п.» after a
number with a no-break space, as «%»."""

from __future__ import annotations

import io
import re
import struct
from typing import Any

import docx
import pytest

from services.identification.methodology.rules import default_rules
from services.identification.notes import criteria
from services.identification.notes.service import NoteService
from services.identification.runs.models import IdentificationRun, RunSchool
from services.identification.vocabulary import Category
from services.reports.documents import charts
from services.reports.documents.model import Chart, Document
from services.reports.rendering.render import Format, render
from services.shared.contracts.identification_note import NoteTerritory
from tests.conftest import Stack
from tests.identification.test_reason_wording_2 import _fired, _quiet
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables
from tests.reports.test_documents_read_back_18 import READ, _note
from tests.reports.test_documents_read_back_20 import NBSP
from tests.reports.test_documents_read_back_21 import _forty_municipalities, _only_undecided, _text

PLAIN_BEFORE_POINTS = re.compile(r"\d[ \t]п\.|п\.[ \t]п\.")
YEARS = ("2022-2023", "2023-2024")


# --- a school without a decision this year has not left its category -------------------------------------------------


def _row(code: str, categories: list[str], rules: dict[str, Any] | None = None) -> RunSchool:
    return RunSchool(
        run_id=1, school_id=int(code[-3:]), school_code=code, school_name=f"МБОУ «СОШ № {int(code[-3:])}»",
        municipality_code="9901", categories=categories, final_categories=categories,
        stored_rules=rules or {}, trend="stayed", insufficient_data=not categories,
    )  # fmt: skip


def _movement(now: dict[str, RunSchool]) -> tuple[Any, list[Any]]:
    """ШНОР of three schools a year before (9901001–9901003) against this year's rows `now`."""
    fired = {"fail_share_30": _fired("low_results", share=0.4)}
    run = IdentificationRun.model_construct(id=1, school_year=YEARS[0], status="approved")
    previous = {f"990100{n}": (_row(f"990100{n}", ["low_results"], fired), run) for n in (1, 2, 3)}
    territory = NoteTerritory(kind="municipality", code="9901", name="Таёжный муниципальный район",
                              region_code="99", region_name="Кедровская область",
                              municipalities={"9901": "Таёжный муниципальный район"})  # fmt: skip
    service = NoteService.__new__(NoteService)  # `_category_movement` reads no database
    return service._category_movement(Category.low_results, previous, now, territory, YEARS)


@pytest.mark.no_database
def test_schools_without_a_decision_this_year_are_not_counted_as_left() -> None:
    """«Вышли 3» of three schools of last year's ШНОР whose data did not suffice this year."""
    movement, moved = _movement({f"990100{n}": _row(f"990100{n}", []) for n in (1, 2, 3)})
    assert (movement.before, movement.left, movement.stayed, movement.after) == (3, 0, 0, 0)
    assert moved == []


@pytest.mark.no_database
def test_a_school_missing_from_this_year_s_run_has_not_left_either() -> None:
    movement, moved = _movement({"9901001": _row("9901001", ["low_results"])})
    assert (movement.before, movement.left, movement.stayed, movement.after) == (3, 0, 1, 1)
    assert moved == []


@pytest.mark.no_database
def test_a_school_decided_out_of_the_category_still_left_it() -> None:
    quiet = {"fail_share_30": _quiet(share=0.1)}
    now = {"9901001": _row("9901001", ["effective"], quiet), "9901002": _row("9901002", []),
           "9901003": _row("9901003", ["low_results"])}  # fmt: skip
    movement, moved = _movement(now)
    assert (movement.before, movement.left, movement.stayed, movement.after) == (3, 1, 1, 1)
    assert [(m.school_code, m.movement) for m in moved] == [("9901001", "left")]


def _nobody_decided() -> dict[str, Any]:
    """No decision on any of the five schools; the three of last year's ШНОР neither left nor stayed."""
    answer = _only_undecided()
    answer["comparison"]["categories"] = [
        {"category": "low_results", "before": 3, "entered": 0, "left": 0, "stayed": 0, "after": 0}
    ]
    return answer


def _some_undecided() -> dict[str, Any]:
    """Of last year's three ШНОР one stayed, one left and one has no decision this year."""
    answer = realistic.note()
    answer["comparison"]["categories"] = [
        {"category": "low_results", "before": 3, "entered": 1, "left": 1, "stayed": 1, "after": 2},
        {"category": "risk_zone", "before": 2, "entered": 0, "left": 0, "stayed": 0, "after": 0},
    ]
    return answer


@pytest.mark.no_database
def test_the_composition_table_has_the_undetermined_beside_the_left() -> None:
    table = next(t for t in docx_tables(render(_note(_nobody_decided()), "docx")) if "Вышли" in t[0])
    assert table[0] == ["Категория", "Было (2022-2023)", "Вошли", "Вышли", "Остались", "Без решения",
                        "Стало (2023-2024)"]  # fmt: skip
    assert table[1] == ["ШНОР", "3", "0", "0", "0", "3", "0"]


@pytest.mark.no_database
def test_a_comparison_where_every_school_was_decided_keeps_its_five_columns() -> None:
    table = next(t for t in docx_tables(render(_note(realistic.note()), "docx")) if "Вышли" in t[0])
    assert "Без решения" not in table[0] and len(table[0]) == 6


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_undetermined_schools_are_said_not_to_have_left(fmt: Format) -> None:
    text = _text(_note(_nobody_decided()), fmt)
    assert (
        "По 3 школам, входившим в 2022-2023 учебном году в ШНОР, решение о категории в 2023-2024 учебном году не "
        "принято (данных для решения недостаточно или школы не вошли в расчёт): вышли ли они из категории, не "
        "установлено. Эти школы в графе «Вышли» не учтены." in text
    )


@pytest.mark.no_database
def test_undetermined_schools_of_two_categories_are_counted_by_category() -> None:
    text = _text(_note(_some_undecided()), "docx")
    assert (
        "По школам, входившим в 2022-2023 учебном году в категории (ШНОР — 1, зона риска — 2), решение о категории "
        "в 2023-2024 учебном году не принято" in text
    )
    assert "сократилось на 1 школу (3 → 2; по 1 школе прошлогоднего перечня решение не принято)" in text
    assert "сократилось на 2 школы (2 → 0; по 2 школам прошлогоднего перечня решение не принято)" in text


@pytest.mark.no_database
def test_one_undetermined_school_is_said_in_the_singular() -> None:
    answer = realistic.note()
    answer["comparison"]["categories"][0] |= {"left": 1}  # before 3: one left, one stayed, one undecided
    text = _text(_note(answer), "docx")
    assert "По 1 школе, входившей в 2022-2023 учебном году в ШНОР, решение о категории" in text
    assert "(данных для решения недостаточно или школа не вошла в расчёт): вышла ли она из категории" in text
    assert "Эта школа в графе «Вышли» не учтена." in text


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_what_works_claims_no_outcome_when_no_school_has_a_decision(fmt: Format) -> None:
    """«вышли из категорий риска — 2, остались в тех же категориях — 1» of a year nobody decided on."""
    text = _text(_note(_nobody_decided()), fmt)
    assert (
        "Исход для 3 школ согласованного списка 2022-2023 учебного года в 2023-2024 учебном году не определён: "
        "решение о категории в 2023-2024 учебном году не принято ни по одной школе (данных для решения "
        "недостаточно). Выводы о действенности мер не делаются." in text
    )
    assert "вышли из категорий риска" not in text and "остались в тех же категориях" not in text


@pytest.mark.no_database
def test_what_works_of_a_decided_year_reads_its_outcomes_as_before() -> None:
    text = _text(_note(realistic.note()), "docx")
    assert "вышли из категорий риска — 2, остались в тех же категориях — 1" in text


@pytest.mark.no_database
def test_what_works_of_one_listed_school_nobody_decided_on_is_in_the_singular() -> None:
    effects = realistic.effects() | {"outcomes": {"left": 1}}
    text = _text(_note(_nobody_decided(), {"/api/roadmap/effects": effects}), "docx")
    assert "Исход для единственной школы согласованного списка 2022-2023 учебного года" in text


# --- the municipalities' chart readable -----------------------------------------------------------------------------


def _pictures(content: bytes) -> list[tuple[float, float, float]]:
    """Each picture of the DOCX: (printed width, printed height, width at its own size of 150 dpi), in cm."""
    word = docx.Document(io.BytesIO(content))
    found = []
    for shape in word.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        pixels = struct.unpack(">II", word.part.related_parts[blip.embed].blob[16:24])
        found.append((shape.width.cm, shape.height.cm, pixels[0] / charts.DPI * 2.54))
    return found


def _charts(document: Document) -> list[Chart]:
    return [b for s in document.sections for b in s.blocks if isinstance(b, Chart)]


@pytest.mark.no_database
def test_forty_four_municipalities_are_drawn_over_three_figures() -> None:
    titles = [c.title for c in _charts(_note(_forty_municipalities())) if c.title.startswith("Категории школ")]
    assert titles == [
        "Категории школ по муниципалитетам, часть 1 из 3 (муниципалитеты 1–15 из 44)",
        "Категории школ по муниципалитетам, часть 2 из 3 (муниципалитеты 16–30 из 44)",
        "Категории школ по муниципалитетам, часть 3 из 3 (муниципалитеты 31–44 из 44)",
    ]


@pytest.mark.no_database
def test_every_label_of_the_note_s_figures_prints_at_eight_points_at_least() -> None:
    """A chart printed at its width against its own: 9 pt labels of the municipalities, 8 pt of the years."""
    pictures = _pictures(render(_note(_forty_municipalities()), "docx"))
    assert len(pictures) == 4  # three of the municipalities, one by years
    for (width, height, own), label_pt in zip(pictures, (9, 9, 9, 8), strict=True):
        assert label_pt * width / own >= 8 - 0.01, (width, own)
        assert height <= 29.7 - 4.0 - 2.0  # within the text of a page with its caption


@pytest.mark.no_database
def test_a_region_of_few_municipalities_keeps_one_figure_titled_as_before() -> None:
    answer = _forty_municipalities()
    answer["aggregates"]["municipalities"] = answer["aggregates"]["municipalities"][:12]
    titles = [c.title for c in _charts(_note(answer)) if c.title.startswith("Категории школ")]
    assert titles == ["Категории школ по муниципалитетам"]


@pytest.mark.no_database
def test_the_parts_of_a_region_are_near_equal() -> None:
    assert [len(p) for p in charts._parts(44, 20)] == [15, 15, 14]
    assert [len(p) for p in charts._parts(41, 20)] == [14, 14, 13]
    assert [len(p) for p in charts._parts(20, 20)] == [20]


# --- the shares, the years and a region of one municipality ----------------------------------------------------------


def _three_schools(categories: list[list[str]]) -> dict[str, Any]:
    """A municipality of three schools, each in `categories` (one list per school)."""
    answer = realistic.note()
    answer["schools"] = answer["schools"][:3]
    for school, held in zip(answer["schools"], categories, strict=True):
        school |= {"categories": held, "computed_categories": held, "insufficient_data": False}
        if "low_results" not in held:
            school["fired"] = []
    counts: dict[str, int] = {}
    for held in categories:
        for category in held:
            counts[category] = counts.get(category, 0) + 1
    answer["counts"] = counts
    answer["aggregates"]["territory"] |= {"schools": 3, "categories": counts, "insufficient_data": 0}
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_shares_rounded_off_a_hundred_are_said_so_under_their_table(fmt: Format) -> None:
    """33,3 % + 33,3 % + 33,3 % = 99,9 % in «Доля школ», with nothing said of it."""
    text = _text(_note(_three_schools([["low_results"], ["risk_zone"], ["effective"]])), fmt)
    assert "Примечание: сумма долей (99,9 %) отличается от 100 % из-за округления до десятых." in text


@pytest.mark.no_database
def test_a_school_in_two_categories_is_said_once_not_under_the_table_again() -> None:
    answer = _three_schools([["low_results", "unfavourable_social"], ["effective"], ["effective"]])
    text = _text(_note(answer), "docx")
    assert "Школа может относиться к нескольким категориям." in text and "сумма долей" not in text


@pytest.mark.no_database
def test_shares_that_add_up_need_no_remark() -> None:
    assert "сумма долей" not in _text(_note(realistic.note()), "docx")


@pytest.mark.no_database
def test_a_year_of_no_decision_reads_dashes_not_zero_lists_in_the_years_table() -> None:
    """«2023-2024 5 0 0 0» of a year whose lists were never drawn up for want of data."""
    table = next(t for t in docx_tables(render(_note(_nobody_decided()), "docx")) if t[0][0] == "Учебный год")
    assert table[1][:5] == ["2022-2023", "5", "3", "0", "0"]
    assert table[2] == ["2023-2024", "5", "—", "—", "—", "—", "—"]


def _one_municipality_region() -> dict[str, Any]:
    answer = realistic.note()
    answer["territory"] |= {"kind": "region", "code": "99", "name": "Кедровская область"}
    answer["aggregates"]["region"] = answer["aggregates"]["territory"] | {"code": "99", "name": "Кедровская область"}
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_region_of_one_municipality_names_no_largest_share_of_one(fmt: Format) -> None:
    """«наибольшая доля — в муниципалитете: Таёжный муниципальный район (40,0 %)» of the only municipality."""
    text = _text(_note(_one_municipality_region()), fmt)
    assert (
        "Доля ШНОР по региону — 40,0 %; все школы идентификации — в одном муниципалитете (Таёжный муниципальный "
        "район)." in text
    )
    assert "наибольшая доля" not in text


@pytest.mark.no_database
def test_a_region_of_one_municipality_draws_no_chart_of_one_bar() -> None:
    document = _note(_one_municipality_region())
    assert not [c for c in _charts(document) if c.title.startswith("Категории школ")]
    table = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Муниципалитет")
    assert table[1][:2] == ["Таёжный муниципальный район", "5"]


@pytest.mark.no_database
def test_a_region_where_no_school_has_a_decision_claims_no_share() -> None:
    """«Доля ШНОР по региону — 0,0 %; ШНОР нет ни в одном муниципалитете» when no school was decided."""
    answer = _nobody_decided()
    answer["territory"] |= {"kind": "region", "code": "99", "name": "Кедровская область"}
    answer["aggregates"]["territory"] |= {"schools": 5}
    text = _text(_note(answer), "docx")
    assert "Доля ШНОР по региону не определена: данных для решения недостаточно ни по одной из 5 школ." in text
    assert "ШНОР нет ни в одном муниципалитете" not in text


# --- percentage points with a no-break space ------------------------------------------------------------------------


def _rules() -> dict[str, Any]:
    return default_rules().model_dump(mode="json")


@pytest.mark.no_database
def test_the_criteria_write_a_no_break_space_before_percentage_points() -> None:
    """«более чем на 20 п. п.», «не менее чем на 5 п. п.» with a space people type."""
    texts = [c.text for c in criteria.criteria(_rules())]
    texts += [t for p in criteria.parameters(_rules()) for t in (p.parameters, p.description)]
    assert any(f"20{NBSP}п.{NBSP}п." in t for t in texts)
    assert any(f"5{NBSP}п.{NBSP}п." in t for t in texts)
    assert not [t for t in texts if PLAIN_BEFORE_POINTS.search(t)]


@pytest.mark.no_database
def test_a_lag_in_points_of_the_procedure_keeps_its_unit_with_its_number() -> None:
    rules = _rules()
    rules["below_regional_mean"] |= {"scale": "score", "gap": 20}
    text = criteria.criteria(rules)[0].text
    assert f"более чем на 20{NBSP}баллов" in text


# --- the rendered note over HTTP -------------------------------------------------------------------------------------


def test_the_demo_note_counts_no_school_as_left_twice(stack: Stack) -> None:
    """The municipal note of the demo: every category's «Было» is its left, stayed and undetermined."""
    answer = stack.gateway.get(
        "/api/identification/notes/identification",
        params={"school_year": "2023-2024"},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == 200, answer.text
    note = answer.json()
    for movement in note["comparison"]["categories"]:
        assert movement["left"] + movement["stayed"] <= movement["before"]
        assert movement["stayed"] + movement["entered"] == movement["after"]
    decided = {s["school_code"] for s in note["schools"] if s["categories"]}
    assert all(m["school_code"] in decided for m in note["comparison"]["schools"] if m["movement"] == "left")
