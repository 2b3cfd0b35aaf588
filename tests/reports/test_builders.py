"""The report builders against the real identification and roadmap services: what each document holds,
whose data it shows, and how missing parameters and foreign objects are answered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from services.reports.catalogue.endpoints import REPORT_TYPES
from services.reports.documents import charts
from services.reports.documents.builders import BUILDERS, REQUIRED
from services.reports.documents.common import genitive
from services.reports.documents.identification_note import choose_run
from services.reports.documents.model import Chart, Document, Paragraph, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources
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
    return next(t for t in _tables(document) if (t.title or "").startswith(title_start))


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


def test_a_coordinators_note_covers_its_municipality_with_the_agreed_list(stack: Stack) -> None:
    municipality = stack.territory["municipality"]
    note = _build(stack, "municipal_coordinator", "identification_note", school_year=YEAR)
    assert note.report_type == "identification_note" and note.issued == date.today()
    assert note.authority.startswith("Управление образования администрации ")
    assert genitive(municipality["name"]) in note.authority
    assert municipality["name"] in (note.subtitle or "") and YEAR in (note.subtitle or "")

    own = {
        s["school_code"]
        for s in _get(stack, "municipal_coordinator", "/api/identification/schools", per_page=500)["items"]
    }
    listed = [r for t in _tables(note) if (t.title or "").split(":")[0] in LABELS.values() for r in t.rows]
    assert listed and {r["code"] for r in listed} <= own
    assert {r["municipality"] for r in listed} == {municipality["name"]}

    run = _approved_run(stack, "municipal_coordinator", YEAR)
    summary = run["summary"]
    counts = {row["category"]: row["count"] for row in _table(note, "Число школ по категориям").rows}
    for code, label in LABELS.items():
        assert counts[label] == summary["categories"].get(code, 0), code
    assert counts["Недостаточно данных для решения"] == summary["insufficient_data"]
    assert f"рассмотрено {summary['schools']} школ" in _text(note)
    assert run["order_number"] in _text(note)

    agreed = _get(stack, "municipal_coordinator", "/api/identification/agreed-list", school_year=YEAR, per_page=500)
    low = [s for s in agreed["items"] if "low_results" in s["categories"]]
    table = _table(note, "ШНОР — школа с низкими")
    assert [r["code"] for r in table.rows] == [s["school_code"] for s in low]
    assert [r["school"] for r in table.rows] == [s["school_name"] for s in low]
    for row, school in zip(table.rows, low, strict=True):
        for rule in school["fired_rules"]:
            if rule["category"] == "low_results":
                assert f"{rule['label']}: {rule['reason']}" in row["reasons"]

    rules = _table(note, "Правила методики")
    assert len(rules.rows) == 11 and "Порог доли участников ниже минимума: 30 %" in rules.rows[0]["parameters"]

    previous = _approved_run(stack, "municipal_coordinator", PREVIOUS)
    comparison = _get(
        stack, "municipal_coordinator", "/api/identification/runs/compare", base=previous["id"], other=run["id"]
    )
    moved = {(c["category"], s["school_code"]) for c in comparison["categories"] for s in c["entered"] + c["left"]}
    assert previous["order_number"] in _text(note)
    if moved:
        changes = _table(note, "Школы, вошедшие в категории")
        assert {r["code"] for r in changes.rows} == {code for _, code in moved}
    movement = {r["category"]: r for r in _table(note, "Состав категорий").rows}
    for change in comparison["categories"]:
        row = movement[SHORT[change["category"]]]
        assert (row["entered"], row["left"]) == (len(change["entered"]), len(change["left"]))
        assert row["after"] == summary["categories"].get(change["category"], 0)

    years = [r["year"] for r in _table(note, "Показатели по учебным годам").rows]
    assert years == ["2021-2022", "2022-2023", "2023-2024"]
    grid = _table(note, "Статус школы и его изменение")
    assert grid.total is not None and grid.total["total"] == summary["schools"]
    pictures = _charts(note)
    assert len(pictures) == 3 and all(c.png.startswith(PNG) for c in pictures)


def test_the_regional_note_covers_every_municipality(stack: Stack) -> None:
    note = _build(stack, "regional_analyst", "identification_note", school_year=YEAR)
    region = stack.territory["region"]
    assert note.authority.startswith("Министерство образования ") and genitive(region["name"]) in note.authority
    run = _approved_run(stack, "regional_analyst", YEAR)
    assert run["summary"]["schools"] == run["schools_count"] == 60
    territories = _get(stack, "regional_analyst", "/api/identification/territories")
    names = {m["name"] for r in territories for m in r["municipalities"]}
    table = _table(note, "Категории школ по муниципалитетам")
    assert {r["municipality"] for r in table.rows} == names
    assert table.total is not None and table.total["schools"] == 60
    assert sum(r["schools"] for r in table.rows) == 60
    for code in LABELS:
        assert table.total[code] == run["summary"]["categories"].get(code, 0), code


def test_an_analyst_may_take_one_municipality_and_a_coordinator_not_the_region(stack: Stack) -> None:
    municipality = stack.territory["municipality"]
    analyst = _build(stack, "regional_analyst", "identification_note", school_year=YEAR, territory=municipality["code"])
    coordinator = _build(stack, "municipal_coordinator", "identification_note", school_year=YEAR)
    assert analyst.authority == coordinator.authority
    assert _table(analyst, "Число школ по категориям").rows == _table(coordinator, "Число школ по категориям").rows
    assert {r["municipality"] for r in _table(analyst, "Категории школ по муниципалитетам").rows} == {
        municipality["name"]
    }

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
    assert unknown.value.status_code == 403
    with pytest.raises(OporaError) as no_run:
        _build(stack, "regional_analyst", "identification_note", school_year="2015-2016")
    assert no_run.value.status_code == 404 and no_run.value.code == "no_identification_run"


def test_the_run_chosen_for_a_note() -> None:
    from services.reports.documents.common import Territory

    municipality = Territory("municipality", "99-01", "Таёжный муниципальный район", "99", "Заозёрская область")
    region = Territory("region", "99", "Заозёрская область", "99", "Заозёрская область")

    def run(id_: int, status: str, kind: str, code: str | None) -> dict[str, Any]:
        return {"id": id_, "status": status, "territory_kind": kind, "territory_code": code,
                "created_at": f"2024-09-0{id_}T10:00:00Z"}  # fmt: skip

    regional_approved = run(1, "approved", "region", "99")
    own_computed = run(2, "computed", "municipality", "99-01")
    own_approved = run(3, "approved", "municipality", "99-01")
    later_regional = run(4, "approved", "region", "99")
    assert choose_run([regional_approved, own_computed], municipality) == regional_approved
    assert choose_run([regional_approved, own_approved, later_regional], municipality) == own_approved
    assert choose_run([regional_approved, later_regional], municipality) == later_regional
    assert choose_run([own_computed], municipality) == own_computed
    assert choose_run([own_computed], municipality, approved_only=True) is None
    assert choose_run([own_approved, run(5, "superseded", "region", "99")], region) is None
    assert choose_run([run(6, "computed", "region", "77")], region) is None


# --- parameters -------------------------------------------------------------------------------------------


def test_missing_and_malformed_parameters(stack: Stack) -> None:
    assert set(BUILDERS) == set(REQUIRED) == {t.code for t in REPORT_TYPES}
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
    assert ReportParams(school_year=" 2023-2024 ", territory=" ").model_dump() == {
        "school_year": "2023-2024", "territory": None, "school_code": None, "plan_id": None,
    }  # fmt: skip


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

    years = _table(card, "Категории школы по учебным годам")
    assert [r["year"] for r in years.rows] == [s["school_year"] for s in history["statuses"]]
    last = history["statuses"][-1]
    assert last["order_number"] in years.rows[-1]["source"]
    assert all(SHORT[c] in years.rows[-1]["categories"] for c in last["categories"])

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


# --- plans ------------------------------------------------------------------------------------------------


def _municipal_plan(stack: Stack, school_year: str = "2024-2025") -> dict[str, Any]:
    own = stack.territory["school"]["code"]
    other = next(s for s in stack.territory["curated_schools"] if s["code"] != own)["code"]
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта поддержки школ с низкими образовательными результатами",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": school_year,
        "sections": [
            {
                "number": "1",
                "title": "Трек 1. Адресная поддержка ШНОР",
                "planned_results": ["Все ШНОР разработали антирисковые программы"],
                "activities": [
                    {
                        "number": "1.1",
                        "title": "Разработка антирисковых программ",
                        "responsible": [{"name": "Бабкина Н.А."}, {"name": "Руководители ОУ"}],
                        "deadline_text": "до 1 октября 2024 года",
                        "expected_result": "не менее 2 школ",
                        "final_document": "Приказ",
                        "school_codes": [own, other],
                    },
                    {
                        "number": "1.2",
                        "title": "Семинар для заместителей директоров по УВР",
                        "responsible": [{"name": "МБУ ГЦОКО"}],
                        "deadline_text": "Ноябрь",
                        "expected_result": "не менее 5 человек от школы",
                        "final_document": "Справка",
                    },
                ],
            },
            {
                "number": "2",
                "title": "Трек 2. Школы в зоне риска",
                "planned_results": ["Снижение доли обучающихся ниже минимального порога"],
                "activities": [
                    {
                        "number": "2.1",
                        "title": "Мониторинг результатов ВПР",
                        "responsible": [{"name": "Управление образования"}],
                        "deadline_text": "в срок до 20 мая 2025 года",
                        "expected_result": "100%",
                        "final_document": "Аналитическая справка",
                    }
                ],
            },
        ],
    }
    created = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator"))
    assert created.status_code == 201, created.text
    plan: dict[str, Any] = created.json()
    return plan


def _approve(stack: Stack, plan_id: int, number: str) -> None:
    headers = stack.auth("municipal_coordinator")
    etag = stack.gateway.get(f"{PLANS}/{plan_id}", headers=headers).headers["ETag"]
    approved = stack.gateway.post(
        f"{PLANS}/{plan_id}/approve",
        json={"order_number": number, "order_date": "2024-09-02"},
        headers=headers | {"If-Match": etag},
    )
    assert approved.status_code == 200, approved.text


def test_the_plan_as_the_official_table_with_its_approval(stack: Stack) -> None:
    plan = _municipal_plan(stack)
    draft = _build(stack, "municipal_coordinator", "plan", plan_id=plan["id"])
    assert draft.approval is None and "Проект плана" in _text(draft)

    _approve(stack, plan["id"], "57-од")
    document = _build(stack, "observer", "plan", plan_id=plan["id"])
    assert document.landscape and document.title == plan["title"]
    kinds = {k["code"]: k["label"] for k in _get(stack, "observer", "/api/roadmap/plan-kinds")}
    assert (document.subtitle or "").startswith(f"{kinds['municipal_roadmap']}; ")  # the roadmap service's word
    assert document.authority.startswith("Управление образования администрации ")
    assert document.approval is not None
    assert (document.approval.order_number, document.approval.order_date) == ("57-од", date(2024, 9, 2))
    assert document.approval.authority == document.authority
    tables = _tables(document)
    assert [t.title for t in tables] == ["1. Трек 1. Адресная поддержка ШНОР", "2. Трек 2. Школы в зоне риска"]
    assert [c.label for c in tables[0].columns] == [
        "№", "Мероприятие", "Ответственный", "Срок", "Ожидаемый результат", "Итоговый документ",
    ]  # fmt: skip
    first = tables[0].rows[0]
    assert first["number"] == "1.1" and first["title"].startswith("Разработка антирисковых программ")
    assert stack.territory["school"]["name"] in first["title"]
    assert first["responsible"] == "Бабкина Н.А., Руководители ОУ"
    assert (first["deadline"], first["expected"], first["document"]) == (
        "до 1 октября 2024 года",
        "не менее 2 школ",
        "Приказ",
    )
    assert tables[1].rows[0]["deadline"] == "в срок до 20 мая 2025 года"
    assert "Все ШНОР разработали антирисковые программы" in _text(document)

    with pytest.raises(OporaError) as missing:
        _build(stack, "municipal_coordinator", "plan", plan_id=999999)
    assert missing.value.status_code == 404


def test_the_execution_report_lists_done_in_progress_and_overdue_with_evidence(stack: Stack) -> None:
    plan = _municipal_plan(stack)
    _approve(stack, plan["id"], "58-од")
    coordinator = stack.auth("municipal_coordinator")
    per_school, seminar = plan["sections"][0]["activities"]
    monitoring = plan["sections"][1]["activities"][0]
    own = stack.territory["school"]["code"]
    row = next(s for s in per_school["schools"] if s["school_code"] == own)
    reported = stack.gateway.patch(
        f"/api/roadmap/activities/{per_school['id']}/schools/{own}",
        json={"status": "done", "actual_result": "Программа утверждена приказом № 12"},
        headers=stack.auth("school_staff") | {"If-Match": f'"{row["revision"]}"'},
    )
    assert reported.status_code == 200, reported.text
    etag = stack.gateway.get(f"/api/roadmap/activities/{seminar['id']}", headers=coordinator).headers["ETag"]
    done = stack.gateway.patch(
        f"/api/roadmap/activities/{seminar['id']}",
        json={"status": "done", "actual_result": "Проведён семинар, 23 участника"},
        headers=coordinator | {"If-Match": etag},
    )
    assert done.status_code == 200, done.text
    evidence = f"/api/roadmap/activities/{seminar['id']}/evidence"
    pdf = "%PDF-1.4\n% Справка\n%%EOF\n".encode()
    uploaded = stack.gateway.post(
        evidence,
        data={"title": "Справка о семинаре"},
        files={"file": ("справка-семинар.pdf", pdf)},
        headers=coordinator,
    )
    assert uploaded.status_code == 201, uploaded.text
    linked = stack.gateway.post(
        evidence, data={"title": "Новость на сайте", "url": "https://uo.example/news/seminar"}, headers=coordinator
    )
    assert linked.status_code == 201, linked.text

    # On 15 January 2025 the per-school activity (due 1 October) is overdue for one school, the monitoring not yet due.
    report = _build(stack, "observer", "plan_execution", today=date(2025, 1, 15), plan_id=plan["id"])
    assert report.landscape and report.authority.startswith("Управление образования администрации ")
    sections = _table(report, "Исполнение по разделам")
    first, second = sections.rows
    assert (first["total"], first["done"], first["overdue"], first["planned"]) == (3, 2, 1, 0)
    assert (second["total"], second["done"], second["planned"]) == (1, 0, 1)
    assert sections.total is not None and sections.total["done"] == 2 and sections.total["share"] == 0.5
    assert "выполнено 2 (50 %)" in _text(report) and "просрочено 1" in _text(report)

    done_table = _table(report, "Выполнено: 1")
    assert done_table.rows[0]["title"] == seminar["title"]
    assert done_table.rows[0]["actual"] == "Проведён семинар, 23 участника"
    assert "справка-семинар.pdf" in done_table.rows[0]["evidence"]
    assert f"/api/roadmap/evidence/{uploaded.json()['id']}/file" in done_table.rows[0]["evidence"]
    assert "https://uo.example/news/seminar" in done_table.rows[0]["evidence"]
    overdue = _table(report, "Просрочено: 1")
    assert overdue.rows[0]["title"] == per_school["title"]
    assert "Программа утверждена приказом № 12" in overdue.rows[0]["actual"]
    assert _table(report, "Запланировано, срок не наступил: 1").rows[0]["title"] == monitoring["title"]

    progress = _get(stack, "observer", f"{PLANS}/{plan['id']}/progress")
    schools = _table(report, "Исполнение по школам-участницам")
    assert [(r["code"], r["done"]) for r in schools.rows] == [
        (s["key"], s["counts"]["done"]) for s in progress["schools"]
    ]
    pictures = _charts(report)
    assert len(pictures) == 1 and pictures[0].png.startswith(PNG)


def test_the_indicator_table_has_target_and_actual_per_year(stack: Stack) -> None:
    plan = _municipal_plan(stack)
    headers = stack.auth("municipal_coordinator")
    url = f"{PLANS}/{plan['id']}/indicators"
    for body in (
        {"name": "Доля обучающихся ниже минимального порога", "unit": "%", "baseline": 34.0,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 25.0, "2025-2026": 15.0},
         "actuals": {"2024-2025": 27.5}},
        {"name": "Число школ, вышедших из группы риска", "unit": "школ", "targets": {"2025-2026": 3}},
    ):  # fmt: skip
        assert stack.gateway.post(url, json=body, headers=headers).status_code == 201
    document = _build(stack, "observer", "indicators", plan_id=plan["id"])
    table = _table(document, "Целевые и фактические значения показателей")
    assert [c.label for c in table.columns] == [
        "№", "Показатель", "Ед. изм.", "Базовое значение",
        "2024-2025, цель", "2024-2025, факт", "2025-2026, цель", "2025-2026, факт",
    ]  # fmt: skip
    first, second = table.rows
    assert first["name"] == "Доля обучающихся ниже минимального порога" and first["baseline"] == "34 (2023-2024)"
    assert (first["target:2024-2025"], first["actual:2024-2025"], first["target:2025-2026"]) == (25.0, 27.5, 15.0)
    assert first["actual:2025-2026"] is None
    assert (second["baseline"], second["target:2025-2026"], second["unit"]) == ("—", 3.0, "школ")
    assert "Показателей в плане: 2" in _text(document)

    empty = _build(stack, "observer", "indicators", plan_id=_municipal_plan(stack)["id"])
    assert "Показатели плана не заданы" in _text(empty)


def test_charts_are_png_even_without_data() -> None:
    for png in (
        charts.categories_by_municipality([], [], []),
        charts.share_trend(["2023-2024"], [("доля", [None])]),
        charts.status_change_grid([], [], []),
        charts.plan_progress(["Раздел"], [0], [0], [0], [0]),
        charts.plan_progress(["Раздел 1", "Раздел 2"], [1, 0], [1, 2], [0, 1], [3, 0]),
    ):
        assert png.startswith(PNG)
