"""Round 24 of reading the identification documents back as the official who signs them: a region's note whose
year has another run over other schools adds up to its own «рассмотрено N школ» (the territory's figures only from
the chosen run); a school of a district's last-year list now in the next district said to have moved there, never
«решение не принято»; the school card, the indicators report and the sources section read as signed."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session

from services.identification.indicators.models import AssessmentResult
from services.identification.methodology.models import Methodology
from services.identification.methodology.rules import default_rules
from services.identification.notes.service import NoteService
from services.identification.registry.models import Municipality, Region, School
from services.identification.runs.models import IdentificationRun, RunSchool
from services.reports.documents import indicators, school_card
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from services.shared.contracts.identification_note import IdentificationNote
from services.shared.db import make_engine
from services.shared.security import Principal, Role, Scope, ScopeKind
from tests import support
from tests.identification.test_reason_wording_2 import _fired, _quiet
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables
from tests.reports.test_documents_read_back_18 import READ, _note
from tests.reports.test_documents_read_back_21 import _text

YEAR, BEFORE = "2023-2024", "2022-2023"
A, B = "9901", "9902"
NAMES = {A: "Таёжный муниципальный район", B: "Северный район"}


# --- a database scene: two runs of one year, a school that moved between the districts --------------------------


def _row(run: IdentificationRun, school: School, municipality: str, low: bool) -> RunSchool:
    rules = {"fail_share_30": _fired("low_results", share=0.4) if low else _quiet(share=0.1)}
    categories = ["low_results"] if low else ["effective"]
    return RunSchool(
        run_id=run.id or 0, school_id=school.id or 0, school_code=school.school_code, school_name=school.short_name,
        municipality_code=municipality, categories=categories, final_categories=categories, stored_rules=rules,
        fail_share=0.4 if low else 0.1, trend="stayed",
    )  # fmt: skip


def _run(session: Session, methodology: Methodology, year: str, kind: str, code: str, status: str, day: int) -> Any:
    run = IdentificationRun(
        school_year=year, territory_kind=kind, territory_code=code, territory_label=code, methodology_id=methodology.id
        or 0, methodology_label="Методика идентификации, версия 1", rules=default_rules().model_dump(mode="json"),
        summary={}, status=status, order_number="12-од" if status == "approved" else None, created_by="t",
        created_by_name="Т", created_at=datetime(2024, 9, day, tzinfo=UTC),
    )  # fmt: skip
    session.add(run)
    session.flush()
    return run


def _scene(session: Session) -> None:
    """The Кедровская область of two districts. A year before, in the Таёжный district, МБОУ «СОШ № 1» and МБОУ
    «СОШ № 4» in ШНОР. This year the region's approved run: «СОШ № 1» in ШНОР, «СОШ № 2», «СОШ № 3» effective in
    the Таёжный district (ВПР of «СОШ № 1» and «СОШ № 2», ОГЭ of «СОШ № 3»); «СОШ № 4», moved to the Северный
    district, in ШНОР there, beside its «СОШ № 11»
    effective. A later computation of the Северный district alone holds also its «СОШ № 19» (in ШНОР), a school
    the region's approved run does not have."""
    region = Region(code="99", name="Кедровская область")
    session.add(region)
    session.flush()
    districts = {code: Municipality(code=code, region_id=region.id or 0, name=name) for code, name in NAMES.items()}
    session.add_all(list(districts.values()))
    session.flush()
    where = {"9901001": A, "9901002": A, "9901003": A, "9901004": B, "9902011": B, "9902019": B}
    schools = {
        code: School(
            school_code=code,
            municipality_id=districts[m].id or 0,
            full_name=f"СОШ № {int(code[-2:])}",
            short_name=f"МБОУ «СОШ № {int(code[-2:])}»",
        )
        for code, m in where.items()
    }
    session.add_all(list(schools.values()))
    methodology = Methodology(
        family="t",
        version=1,
        name="Методика",
        rules=default_rules().model_dump(mode="json"),
        created_by="t",
        created_by_name="Т",
    )
    session.add(methodology)
    session.flush()
    before = _run(session, methodology, BEFORE, "region", "99", "approved", 1)
    session.add_all([_row(before, schools[c], A, c in {"9901001", "9901004"}) for c in list(where)[:4]])
    now = _run(session, methodology, YEAR, "region", "99", "approved", 2)
    low = {"9901001", "9901004"}
    session.add_all([_row(now, schools[c], m, c in low) for c, m in where.items() if c != "9902019"])
    district = _run(session, methodology, YEAR, "municipality", B, "computed", 3)
    session.add_all([_row(district, schools[c], B, c != "9902011") for c in ("9901004", "9902011", "9902019")])
    session.add_all([_result(schools[c], p) for c, p in (("9901001", "ВПР"), ("9901002", "ВПР"), ("9901003", "ОГЭ"))])
    session.commit()


def _result(school: School, procedure: str) -> AssessmentResult:
    return AssessmentResult(school_id=school.id or 0, school_year=YEAR, procedure=procedure, grade=9 if procedure ==
                            "ОГЭ" else 5, subject="mathematics", participants=20, below_min=4, mean_score=3.5,
                            max_score=5)  # fmt: skip


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, IdentificationNote]]:
    """The note data of the region and of the Таёжный district read from the scene, through the notes service."""
    with support.fresh_database("identification", tmp_path_factory.mktemp("scene")) as url:
        support.migrate("identification", url)
        engine = make_engine(url)
        with Session(engine) as session:
            _scene(session)
            analyst = Principal(subject="1", username="analyst", name="Аналитик", role=Role.regional_analyst,
                                scope=Scope(kind=ScopeKind.region, region="99"))  # fmt: skip
            service = NoteService(session, analyst)
            yield {code: service.note(YEAR, code) for code in ("99", A)}
        engine.dispose()


def _document(note: IdentificationNote) -> Document:
    return _note(note.model_dump(mode="json"))


def test_the_region_s_municipalities_are_counted_from_the_chosen_run(notes: dict[str, IdentificationNote]) -> None:
    """The Северный district of 3 schools (with «СОШ № 19» of its own computation) in a note of 5 schools."""
    region = notes["99"]
    assert len(region.schools) == 5
    assert {m.code: m.schools for m in region.aggregates.municipalities} == {A: 3, B: 2}
    assert region.aggregates.region.schools == 5
    assert {m.code: m.categories["low_results"] for m in region.aggregates.municipalities} == {A: 1, B: 1}


def test_the_region_s_total_is_the_schools_it_says_it_considered(notes: dict[str, IdentificationNote]) -> None:
    """«Итого 6» under «рассмотрено 5 школ»."""
    document = _document(notes["99"])
    assert "рассмотрено 5 школ" in _text(document, "docx")
    table = next(t for t in docx_tables(render(document, "docx")) if t[-1][0] == "Итого")
    assert table[-1][1] == "5" and table[-1][2] == "2"  # schools, ШНОР


def test_a_district_s_region_around_it_keeps_the_other_runs(notes: dict[str, IdentificationNote]) -> None:
    """Outside the note's own territory the region is read as before: each school's current row."""
    district = notes[A]
    assert district.aggregates.territory.schools == 3
    assert {m.code: m.schools for m in district.aggregates.municipalities} == {A: 3, B: 3}


def test_a_school_that_moved_to_the_next_district_left_the_list(notes: dict[str, IdentificationNote]) -> None:
    movement = next(m for m in notes[A].comparison.categories if m.category == "low_results")
    assert (movement.before, movement.left, movement.stayed, movement.after) == (2, 1, 1, 1)
    moved = [s for s in notes[A].comparison.schools if s.movement == "left"]
    assert [(s.school_code, s.municipality_name) for s in moved] == [("9901004", NAMES[B])]
    assert moved[0].reason == (
        "перешла в другой муниципалитет (Северный район), где в 2023-2024 учебном году входит в ту же категорию"
    )


@pytest.mark.parametrize("fmt", READ)
def test_the_moved_school_is_said_to_have_moved_not_undecided(
    notes: dict[str, IdentificationNote], fmt: Format
) -> None:
    text = _text(_document(notes[A]), fmt)
    assert "Перешла в другой муниципалитет (Северный район)" in text
    assert "решение о категории в 2023-2024 учебном году не принято" not in text
    assert "школа не вошла в расчёт" not in text


def test_the_moved_school_is_counted_under_the_left(notes: dict[str, IdentificationNote]) -> None:
    """«Было 2, Вышли 0, Остались 1, Без решения 1» of a school whose new district decided on it."""
    table = next(t for t in docx_tables(render(_document(notes[A]), "docx")) if "Вышли" in t[0])
    assert "Без решения" not in table[0]
    assert table[1] == ["ШНОР", "2", "0", "1", "1", "1"]


# --- the sources: each named once, with its year ----------------------------------------------------------------


def test_the_schools_with_results_are_every_school_of_any_procedure(notes: dict[str, IdentificationNote]) -> None:
    """«результаты … есть по 2 школам» of ВПР in two schools and ОГЭ in a third."""
    sources = notes[A].sources
    assert [(p.procedure, p.schools) for p in sources.procedures] == [("ВПР", 2), ("ОГЭ", 1)]
    assert sources.schools_with_results == 3


@pytest.mark.parametrize("fmt", READ)
def test_the_sources_name_each_procedure_once_and_the_year_of_what_they_hold(
    notes: dict[str, IdentificationNote], fmt: Format
) -> None:
    text = _text(_document(notes[A]), fmt)
    assert (
        "Использованы результаты оценочных процедур (ВПР, ОГЭ) за 2023-2024 учебный год; в идентификацию включено "
        "3 школы из 3, результаты 2023-2024 учебного года есть по 3 школам." in text
    )
    assert "Сведения о школах (профиль «500+», показатели, объективность) — за 2023-2024 учебный год." in text
    assert text.count("Сведения о школах (") == 1


@pytest.mark.no_database
def test_the_sources_table_lists_each_procedure_once() -> None:
    answer = realistic.note()
    answer["sources"]["procedures"] += [
        {"procedure": "ОГЭ", "school_year": "2022-2023", "participants": 61, "schools": 2},
        {"procedure": "ВПР", "school_year": "2022-2023", "participants": 398, "schools": 5},
    ]
    table = next(t for t in docx_tables(render(_note(answer), "docx")) if t[0][0] == "Процедура")
    assert [row[0] for row in table[2:]] == ["ВПР", "ОГЭ"]
    assert table[0][1:] == ["2022-2023", "2023-2024"] and table[1][1:] == ["участников", "школ"] * 2
    assert table[3] == ["ОГЭ", "61", "2", "—", "—"]  # no ОГЭ in 2023-2024: a dash, never a blank or «0»


# --- the school card ------------------------------------------------------------------------------------------------

LONG = (
    "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1 с углублённым "
    "изучением отдельных предметов имени Героя Советского Союза И. И. Иванова» посёлка Кедровка"
)


def _card_answers(override: dict[str, Any] | None = None) -> dict[str, Any]:
    """МБОУ «СОШ № 1» of a very long name: ШНОР in 2020-2021, no decision in 2021-2022, no run of 2022-2023, ШНОР in
    2023-2024 by an expert's correction; an ОГЭ of 2020-2021 without figures."""
    answers = realistic.card_answers()
    base = f"/api/identification/schools/{realistic.SCHOOL}"
    answers[base] |= {"full_name": LONG, "short_name": "МБОУ «СОШ № 1 им. Героя Советского Союза И. И. Иванова»"}
    history = answers[f"{base}/history"]
    now = history["statuses"][0]
    first = copy.deepcopy(now) | {"school_year": "2020-2021", "order_number": "01-04-11", "order_date": "2021-09-01",
                                  "run_id": 1, "trend": "entered"}  # fmt: skip
    second = copy.deepcopy(now) | {"school_year": "2021-2022", "categories": [], "insufficient_data": True,
                                   "trend": None, "fired_rules": [], "source": "computed", "run_id": 2}  # fmt: skip
    history["statuses"] = [first, second, now]
    unknown = dict.fromkeys(("participants", "below_min", "mean_score", "max_score"))
    history["results"].append(
        {"procedure": "ОГЭ", "subject": "russian", "grade": 9, "school_year": "2020-2021"} | unknown
    )
    correction = {
        "created_at": "2024-09-05T10:00:00Z",
        "created_by_name": "Петрова А. А.",
        "before": ["effective"],
        "categories": ["low_results"],
        "reason": "школа вернула результаты ВПР после перепроверки",
    }
    answers[f"/api/identification/runs/3/schools/{realistic.SCHOOL}"]["overrides"] = [correction | (override or {})]
    return answers


def _card(override: dict[str, Any] | None = None) -> Document:
    sources = realistic._sources(_card_answers(override))
    return school_card.build(ReportParams(school_code=realistic.SCHOOL), sources, realistic.TODAY)


@pytest.mark.no_database
def test_the_card_lists_a_year_without_identification_between_its_years() -> None:
    """2021-2022 then 2023-2024 read as consecutive years of the school."""
    table = next(t for t in docx_tables(render(_card(), "docx")) if t[0][0] == "Учебный год" and "Основание" in t[0])
    assert [row[0] for row in table[1:]] == ["2020-2021", "2021-2022", "2022-2023", "2023-2024"]
    assert table[3] == ["2022-2023", "идентификация не проводилась", "—", "—", "—"]
    assert table[2][1:3] == ["недостаточно данных", "—"]


@pytest.mark.no_database
def test_the_card_s_sheet_of_years_has_the_missing_year_too() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(_card(), "xlsx")))
    years = [row[0] for row in book["Категории по годам"].iter_rows(min_row=3, values_only=True)]
    assert years == ["2020-2021", "2021-2022", "2022-2023", "2023-2024"]


@pytest.mark.parametrize("fmt", READ)
@pytest.mark.no_database
def test_the_card_names_the_school_in_full_and_the_correction_with_its_reason(fmt: Format) -> None:
    text = _text(_card(), fmt)
    assert LONG in text and "Карта рисков школы: МБОУ «СОШ № 1 им. Героя Советского Союза И. И. Иванова»" in text
    assert (
        "Экспертная корректировка 05.09.2024 (Петрова А. А.): эффективный режим → ШНОР. Обоснование: школа вернула "
        "результаты ВПР после перепроверки." in text
    )


@pytest.mark.parametrize("fmt", READ)
@pytest.mark.no_database
def test_a_correction_without_reason_or_author_says_so(fmt: Format) -> None:
    """«(): … Обоснование: » and a blank under the head's signature."""
    text = _text(_card({"reason": "  ", "created_by_name": ""}), fmt)
    assert "Экспертная корректировка 05.09.2024: эффективный режим → ШНОР. Обоснование не указано." in text
    assert "()" not in text and "Обоснование: " not in text


@pytest.mark.no_database
def test_the_card_s_results_unknown_read_as_dashes_and_numbers_stay_numbers() -> None:
    document = _card()
    table = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Процедура")
    assert table[-1] == ["ОГЭ", "русский язык", "9", "2020-2021", "—", "—", "—", "—", "—"]
    assert table[1][4:] == ["28", "10", "35,7 %", "3,25", "65,0 %"]  # decimal commas
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Результаты"]
    assert [c.value for c in sheet[3]][4:] == [28, 10, pytest.approx(10 / 28), 3.25, 0.65]


# --- the indicators report -----------------------------------------------------------------------------------------


def _indicators() -> Document:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Педагогов прошли КПК", "unit": "чел.", "direction": "higher",
         "baseline": 1500, "baseline_year": "2023-2024", "targets": {"2024-2025": 1600},
         "actuals": {"2024-2025": 1600.4}},
        {"id": 2, "plan_id": 7, "name": "Финансирование", "unit": "тыс. руб.", "direction": "higher",
         "baseline": 1234567.891, "baseline_year": "2023-2024", "targets": {"2024-2025": 1500000},
         "actuals": {"2024-2025": 1499999.5}},
        {"id": 3, "plan_id": 7, "name": "Доля обучающихся ниже минимума", "unit": "%", "direction": "lower",
         "baseline": 12.5, "baseline_year": "2023-2024", "targets": {"2024-2025": 10}, "actuals": {}},
    ]  # fmt: skip
    plan = realistic.PLAN_URL
    sources = realistic._sources({}, {plan: realistic._plan([]), f"{plan}/indicators": answers})
    return indicators.build(ReportParams(plan_id=7), sources, realistic.TODAY)


@pytest.mark.no_database
def test_a_count_reads_alike_in_its_plan_and_its_fact() -> None:
    """«1500 | 1 600 | 1600»: the plan of a column holding «1 500 000» grouped as no other four-digit figure."""
    rows = next(t for t in docx_tables(render(_indicators(), "docx")) if t[0][0] == "№ п/п")[2:]
    assert rows[0][3:] == ["1500", "1600", "1600", "0", "достигнуто"]
    assert rows[1][3:] == ["1 234 567,891", "1 500 000", "1 499 999,5", "−0,5", "не достигнуто"]


@pytest.mark.no_database
def test_a_missing_fact_is_a_dash_and_the_summary_counts_what_is_there() -> None:
    document = _indicators()
    text = _text(document, "docx")
    assert (
        "Показателей в плане: 3; фактические значения внесены по 2 показателям; плановые значения достигнуты по 1 из 2"
        in text
    )
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "№ п/п")[2:]
    assert rows[2][3:] == ["12,5 %", "10 %", "—", "—", "нет данных"]
    assert "None" not in text


@pytest.mark.no_database
def test_the_indicators_sheet_holds_numbers_and_dashes() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(render(_indicators(), "xlsx")))["Показатели"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0][3:7] == [1500, 1600, 1600, 0] and all(type(v) is int for v in rows[0][3:7])
    assert rows[1][3:6] == [1234567.891, 1500000, 1499999.5]
    assert rows[2][3:8] == [0.125, 0.1, "—", "—", "нет данных"]  # a percent a share; no blank, no None
