"""The report builders against the real identification and roadmap services: what each document holds,
whose data it shows, and how missing parameters and foreign objects are answered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from services.reports.documents import charts, identification_note
from services.reports.documents.builders import BUILDERS, REPORT_TYPES, REQUIRED
from services.reports.documents.common import counted, genitive
from services.reports.documents.identification_note import Appendices, figure_text
from services.reports.documents.model import Chart, Document, Paragraph, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources
from services.shared.contracts.identification_note import IdentificationNote
from services.shared.errors import OporaError
from services.shared.remote import RemoteService
from tests.conftest import Stack

YEAR = "2023-2024"
PREVIOUS = "2022-2023"
PLANS = "/api/roadmap/plans"
PNG = b"\x89PNG\r\n\x1a\n"


def _sources(stack: Stack, username: str) -> Sources:
    token = stack.token(username)
    return Sources(
        identification=RemoteService(stack.gateway, token, "идентификация"),
        roadmap=RemoteService(stack.gateway, token, "дорожные карты"),
    )


def _build(stack: Stack, username: str, report_type: str, today: date | None = None, **params: Any) -> Document:
    return BUILDERS[report_type](ReportParams(**params), _sources(stack, username), today or date.today())


def _get(stack: Stack, username: str, path: str, **params: Any) -> Any:
    answer = stack.gateway.get(path, params=params, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _tables(document: Document) -> list[Table]:
    return [b for s in document.sections for b in s.blocks if isinstance(b, Table)]


def _table(document: Document, title_start: str) -> Table:
    """The table by its title or, for a table its section heads (no title of its own), by the section's."""
    return next(
        b
        for s in document.sections
        for b in s.blocks
        if isinstance(b, Table) and (b.title or s.title).startswith(title_start)
    )


def _text(document: Document) -> str:
    return "\n".join(b.text for s in document.sections for b in s.blocks if isinstance(b, Paragraph))


def _charts(document: Document) -> list[Chart]:
    return [b for s in document.sections for b in s.blocks if isinstance(b, Chart)]


def _approved_run(stack: Stack, username: str, school_year: str) -> dict[str, Any]:
    runs = _get(stack, username, "/api/identification/runs", school_year=school_year, status="approved")["items"]
    assert len(runs) == 1
    run: dict[str, Any] = runs[0]
    return run


# --- identification note ---------------------------------------------------------------------------------

LABELS = {
    "low_results": "ШНОР — школа с низкими образовательными результатами",
    "unfavourable_social": "ШНСУ — школа, функционирующая в неблагоприятных социальных условиях",
    "risk_zone": "Зона риска снижения образовательных результатов",
    "effective": "Эффективный режим",
}
SHORT = {
    "low_results": "ШНОР",
    "unfavourable_social": "ШНСУ",
    "risk_zone": "Зона риска",
    "effective": "Эффективный режим",
}
NOTE = "/api/identification/notes/identification"


def test_a_coordinators_note_lays_out_what_identification_answers(stack: Stack) -> None:
    municipality = stack.territory["municipality"]
    note = _build(stack, "municipal_coordinator", "identification_note", school_year=YEAR)
    assert note.report_type == "identification_note" and note.issued == date.today() and not note.show_issued
    assert note.authority == f"Управление образования администрации {genitive(municipality['name'])}"
    assert municipality["name"] in (note.subtitle or "") and YEAR in (note.subtitle or "")
    assert note.registration is not None and note.appendix_to is None

    data = _get(stack, "municipal_coordinator", NOTE, school_year=YEAR)
    assert data["run"]["approved"] and data["territory"]["code"] == municipality["code"]
    counts = {row["category"]: row["count"] for row in _table(note, "Число школ по категориям").rows}
    for code, label in LABELS.items():
        assert counts[label] == data["counts"][code], code
    assert counts.get("Недостаточно данных для решения", 0) == data["counts"]["insufficient_data"]
    text = _text(note)
    assert data["run"]["order_number"] in text and counted(len(data["schools"]), "рассмотрен") in text
    assert data["comparison"]["previous_order_number"] in text

    low = [s for s in data["schools"] if "low_results" in s["categories"]]
    table = _table(note, LABELS["low_results"])
    assert [r["school"] for r in table.rows] == [s["school_name"] for s in low]
    assert "municipality" not in {c.key for c in table.columns}  # one municipality: no column for it
    for row, school in zip(table.rows, low, strict=True):
        first = next(f for f in school["fired"] if f["category"] == "low_results")
        assert row["reason"].startswith(first["label"])
        assert row["figure"] == figure_text(first["value"], first["unit"])
        assert row["regional"] == figure_text(first["regional_value"], first["unit"])

    titles = [t.title for t in _tables(note)]
    assert "Категории школ по муниципалитетам" not in titles  # a municipal note keeps no section per municipality
    years = [r["year"] for r in _table(note, "Показатели по учебным годам").rows]
    assert years == ["2021-2022", "2022-2023", "2023-2024"]
    assert len(_charts(note)) == 1 and _charts(note)[0].png.startswith(PNG)
    appendices = [s.title for s in note.sections if s.appendix]
    # the demo district's appendix lists a school in effective mode with a sign of biased results: its title says so
    assert appendices == [
        # no school without a decision: the title leaves that part out
        "Сведения по школам группы риска и школам с признаками необъективности результатов",
        "Параметры методики идентификации",
    ]
    section = next(s for s in note.sections if s.title == "Параметры методики идентификации")
    parameters = next(b for b in section.blocks if isinstance(b, Table))
    assert any("Порог доли участников ниже минимума: 30\u00a0%" in r["parameters"] for r in parameters.rows)


def test_the_regional_note_covers_every_municipality(stack: Stack) -> None:
    note = _build(stack, "regional_analyst", "identification_note", school_year=YEAR)
    region = stack.territory["region"]
    assert note.authority == f"Министерство образования {genitive(region['name'])}"
    territories = _get(stack, "regional_analyst", "/api/identification/territories")
    names = {m["name"] for r in territories for m in r["municipalities"]}
    table = _table(note, "Категории школ по муниципалитетам")
    assert {r["municipality"] for r in table.rows} == names
    assert sum(r["schools"] for r in table.rows) == 60
    assert "municipality" in {c.key for c in _table(note, LABELS["low_results"]).columns}


def test_long_lists_go_to_appendices_and_the_references_follow(stack: Stack) -> None:
    note = IdentificationNote.model_validate(_get(stack, "regional_analyst", NOTE, school_year=YEAR))
    small = note.model_copy(update={"schools": note.schools[:10]})
    assert Appendices.plan(small) == Appendices(lists=None, movers=None, detail=1, parameters=2)
    large = note.model_copy(update={"schools": note.schools * 3})
    plan = Appendices.plan(large)
    detail = 2 + (plan.movers is not None)
    assert (plan.lists, plan.detail, plan.parameters) == (1, detail, detail + 1)
    sources = _sources(stack, "regional_analyst")
    document = identification_note.build(ReportParams(school_year=YEAR), sources, date.today())
    planned = Appendices.plan(note)
    assert planned.detail is not None  # the region has schools at risk: their detail is an appendix
    titles = [s.title for s in document.sections if s.appendix]
    assert len(titles) == planned.parameters and titles[planned.detail - 1].startswith("Сведения по школам")
    if planned.lists:
        assert titles[planned.lists - 1] == "Перечни школ по категориям"
    text = _text(document)
    assert f"приложении {planned.parameters}" in text and f"приложении {planned.detail}" in text


def test_a_list_not_yet_approved_is_said_so(stack: Stack) -> None:
    note = IdentificationNote.model_validate(_get(stack, "municipal_coordinator", NOTE, school_year=YEAR))
    computed = note.model_copy(update={"run": note.run.model_copy(update={"approved": False, "order_number": None})})
    intro = identification_note._introduction(computed, ReportParams(school_year=YEAR))
    text = " ".join(b.text for b in intro.blocks if isinstance(b, Paragraph))
    assert "не утверждён" in text and "расчёта от" in text and "№" not in text  # no internal run number


def test_an_analyst_may_take_one_municipality_and_a_coordinator_not_the_region(stack: Stack) -> None:
    municipality = stack.territory["municipality"]
    analyst = _build(stack, "regional_analyst", "identification_note", school_year=YEAR, territory=municipality["code"])
    coordinator = _build(stack, "municipal_coordinator", "identification_note", school_year=YEAR)
    assert analyst.authority == coordinator.authority
    assert _table(analyst, "Число школ по категориям").rows == _table(coordinator, "Число школ по категориям").rows

    with pytest.raises(OporaError) as region:
        _build(
            stack,
            "municipal_coordinator",
            "identification_note",
            school_year=YEAR,
            territory=stack.territory["region"]["code"],
        )
    assert region.value.status_code == 403 and region.value.code == "out_of_scope"
    with pytest.raises(OporaError) as unknown:
        _build(stack, "regional_analyst", "identification_note", school_year=YEAR, territory="нет-такой")
    assert (unknown.value.status_code, unknown.value.code) == (404, "unknown_territory")
    with pytest.raises(OporaError) as no_run:
        _build(stack, "regional_analyst", "identification_note", school_year="2015-2016")
    assert no_run.value.status_code == 404 and no_run.value.code == "no_identification_run"


def test_the_catalogue_and_the_checks_come_from_one_registry(stack: Stack) -> None:
    catalogue = _get(stack, "regional_analyst", "/api/reports/types")
    assert [t["code"] for t in catalogue] == list(REPORT_TYPES)
    for entry in catalogue:
        kind = REPORT_TYPES[entry["code"]]
        assert entry["label"] == kind.label and entry["formats"] == list(kind.formats)
        assert entry["required"] == list(kind.required) and entry["parameters"] == list(kind.parameters)
        assert all(entry["parameter_labels"][name] != name for name in kind.parameters)
    note = next(t for t in catalogue if t["code"] == "identification_note")
    assert {"school_year", "territory", "signatory_post", "executor_phone", "preamble"} <= set(note["parameters"])
    schema = stack.services["reports"].get("/api/reports/openapi.json").json()["components"]["schemas"]["RenderBody"]
    assert schema["properties"]["report_type"]["enum"] == list(REPORT_TYPES)
    wrong = stack.gateway.post(
        "/api/reports/render", json={"report_type": "справка"}, headers=stack.auth("regional_analyst")
    )
    assert wrong.status_code == 422 and wrong.json()["fields"][0]["loc"][-1] == "report_type"


# --- parameters -------------------------------------------------------------------------------------------


def test_missing_and_malformed_parameters(stack: Stack) -> None:
    assert set(BUILDERS) == set(REQUIRED) == set(REPORT_TYPES)
    sources = _sources(stack, "regional_analyst")
    for report_type, names in REQUIRED.items():
        with pytest.raises(OporaError) as missing:
            BUILDERS[report_type](ReportParams(), sources, date.today())
        assert (missing.value.status_code, missing.value.code) == (422, "missing_parameter"), report_type
        assert missing.value.fields[0].loc == ["parameters", names[0]]
    with pytest.raises(OporaError) as plan:
        require(ReportParams(school_year=YEAR), "plan_id")
    assert plan.value.detail == "Не указан параметр отчёта: номер плана"
    for wrong in ("2023", "2023-2025", "2023/2025", "23-24"):
        with pytest.raises(ValidationError) as invalid:
            ReportParams(school_year=wrong)
        assert "Учебный год указывается как 2023-2024" in str(invalid.value)
    for written in ("2023/2024", "2023–24", " 2023-2024 "):
        assert ReportParams(school_year=written).school_year == "2023-2024"
    given = ReportParams(school_year=" 2023-2024 ", territory=" ", signatory_name=" ").model_dump(exclude_defaults=True)
    assert given == {"school_year": "2023-2024"}


def test_territory_names_in_the_genitive() -> None:
    assert genitive("Таёжный муниципальный район") == "Таёжного муниципального района"
    assert genitive("Северо-Кедровская область") == "Северо-Кедровской области"
    assert genitive("Приволжский край") == "Приволжского края"
    assert genitive("Ханты-Мансийский автономный округ") == "Ханты-Мансийского автономного округа"
    assert genitive("город Студёноборск") == "города Студёноборск"
    assert genitive("Республика Татарстан") == "Республики Татарстан"


# --- school card ------------------------------------------------------------------------------------------


def test_a_school_card_from_the_schools_own_staff(stack: Stack) -> None:
    school = stack.territory["school"]
    created = stack.gateway.post(
        PLANS,
        json={"kind": "anti_risk_programme", "title": "Антирисковая программа по фактору «Низкая учебная мотивация»",
              "school_code": school["code"], "school_year": "2024-2025", "risk_factor": 10},
        headers=stack.auth("school_staff"),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    card = _build(stack, "school_staff", "school_card", school_code=school["code"])
    history = _get(stack, "school_staff", f"/api/identification/schools/{school['code']}/history")
    assert card.title.endswith(school["name"]) and YEAR in (card.subtitle or "")
    assert card.authority.startswith("Управление образования администрации ")

    years = _table(card, "Категории по годам")
    assert [r["year"] for r in years.rows] == [s["school_year"] for s in history["statuses"]]
    last = history["statuses"][-1]
    assert last["order_number"] in years.rows[-1]["source"]
    assert all(SHORT[c].lower() in years.rows[-1]["categories"].lower() for c in last["categories"])  # «ШНОР, зона …»

    rules = _table(card, f"Правила методики и показатели школы за {YEAR}")
    fired = [r for r in rules.rows if r["outcome"] == "сработало"]
    assert [r["rule"] for r in fired] == [r["label"] for r in last["fired_rules"]][: len(fired)]
    assert {r["rule"] for r in fired} == {r["label"] for r in last["fired_rules"]}
    assert all(r["reason"] for r in rules.rows)

    factors = {f["number"]: f["name"] for f in _get(stack, "school_staff", "/api/identification/risk-factors")}
    risks = _table(card, "Уровни факторов риска")
    assert {r["factor"] for r in risks.rows} <= set(factors.values()) and len(risks.rows) == 10
    level = next(r for r in history["risk_profile"] if r["school_year"] == YEAR and r["factor"] == 1)["level"]
    assert risks.rows[0][YEAR] == {"high": "высокий", "medium": "средний", "low": "низкий", "none": "нет"}[level]

    results = _table(card, "Результаты оценочных процедур")
    assert len(results.rows) == len(history["results"])
    assert {r["procedure"] for r in results.rows} == {r["procedure"] for r in history["results"]}
    assert _table(card, "Отметки ВПР").rows
    plans = _table(card, "Планы и программы школы")
    assert created.json()["title"] in [r["title"] for r in plans.rows]

    earlier = _build(stack, "school_staff", "school_card", school_code=school["code"], school_year=PREVIOUS)
    assert _table(earlier, f"Правила методики и показатели школы за {PREVIOUS}")


def test_a_card_of_another_school_is_refused_as_the_identification_service_refuses_it(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    other = next(s for s in stack.territory["curated_schools"] if s["code"] != own)["code"]
    with pytest.raises(OporaError) as refused:
        _build(stack, "school_staff", "school_card", school_code=other)
    assert refused.value.status_code == 403 and refused.value.code == "out_of_scope"
    with pytest.raises(OporaError) as unknown:
        _build(stack, "regional_analyst", "school_card", school_code="0000000")
    assert unknown.value.status_code == 404


def test_charts_are_png_even_without_data() -> None:
    for png in (
        charts.categories_by_municipality([], [], []),
        charts.share_trend(["2023-2024"], [("доля", [None])]),
        charts.status_change_grid([], [], []),
        charts.plan_progress(["Раздел"], [0], [0], [0], [0]),
        charts.plan_progress(["Раздел 1", "Раздел 2"], [1, 0], [1, 2], [0, 1], [3, 0]),
    ):
        assert png.startswith(PNG)


def test_a_chart_drawn_again_from_the_same_figures_is_not_drawn_twice() -> None:
    """`charts.remembered`: the same figures give the PNG drawn before (not drawn again), other figures their own;
    the oldest is let go past `DRAWN_KEPT`."""
    drawn: list[tuple[str, ...]] = []

    @charts.remembered
    def chart(*labels: str, title: str = "") -> bytes:
        drawn.append(labels)
        return PNG + ",".join(labels).encode()

    first = chart("2023-2024", "2024-2025", title="Доля")
    assert chart("2023-2024", "2024-2025", title="Доля") is first and drawn == [("2023-2024", "2024-2025")]
    assert chart("2023-2024", title="Доля") != first and chart("2023-2024", "2024-2025", title="Другая") == first
    assert len(drawn) == 3
    for n in range(charts.DRAWN_KEPT):
        chart(str(n))
    chart("2023-2024", "2024-2025", title="Доля")
    assert len(drawn) == 3 + charts.DRAWN_KEPT + 1  # let go, drawn anew
    trend = charts.share_trend(["2023-2024", "2024-2025"], [("ВПР", [0.3, 0.25])], 0.3)
    assert charts.share_trend(["2023-2024", "2024-2025"], [("ВПР", [0.3, 0.25])], 0.3) is trend
