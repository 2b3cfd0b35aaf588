"""Documents rendered with edge data and read back in every format as the official who signs them reads them: the
execution report counts activities in plain Russian («выполнено 11 из 21 мероприятия», «с учётом школ-участниц
выполнено 20 из 21»), never «позиций исполнения», and names the section of what is overdue in quotes; the
identification note of no schools or of no school at risk claims no causes of a risk group there is none of, heads
no appendix over an empty table, lists no «ШНОР: школ нет» three times, ranks no municipality «1-е — наибольшая
доля» with no ШНОР, and recommends no monitoring of programmes nobody writes; one school at risk gets «куратора и
школу-наставника», the only school of last year's list «вышла из категорий риска», a school without a decision is
never said to need no support; a date the methodist types as
2024-09-01 reads 01.09.2024; a plan's activity with no deadline or nobody responsible reads a dash; the KPI summary
names what it counts («по 21 показателю»); and numerals agree with their nouns at 1, 11–14, 21, 22 and 25."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import openpyxl
import pytest

from services.reports.documents import identification_note, indicators, plan, plan_execution
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, html_tables, text_of
from tests.reports.test_documents_read_back import PLAN_URL, _activity, _executed, _execution_sources, _plan, _sources

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
READ: tuple[Format, ...] = ("docx", "xlsx", "html")
ALL: tuple[Format, ...] = (*READ, "pdf")


def _texts(document: Document, formats: tuple[Format, ...] = READ) -> dict[str, str]:
    """The document's text in each format, as `text_of` reads it: whitespace and no-break spaces as one space."""
    return {fmt: text_of(fmt, render(document, fmt)) for fmt in formats}


# --- the execution report: activities counted in plain Russian ----------------------------------------------------


def _school(number: int, state: str) -> dict[str, Any]:
    return {
        "school_code": f"99010{number:02d}", "school_name": f"МБОУ «СОШ № {number}»", "status": state,
        "state": state, "progress": 100 if state == "done" else 0, "actual_result": "",
        "completed_at": "2024-10-20" if state == "done" else None,
    }  # fmt: skip


def _per_school_execution() -> Document:
    """Three seminars held by each of 7 schools: 21 to do, one school late with the second."""
    activities = []
    for n in (1, 2, 3):
        schools = [_school(s, "overdue" if (n, s) == (2, 1) else "done") for s in range(1, 8)]
        state = "overdue" if n == 2 else "done"
        activities.append(_executed(f"1.{n}", f"Семинар {n}", state) | {"per_school": True, "schools": schools})
    section = {"id": 1, "number": "1", "title": "Программы", "planned_results": [], "activities": activities}
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources([section]), TODAY)


def test_a_per_school_plan_counts_its_activities_with_the_schools_in_plain_russian() -> None:
    for fmt, text in _texts(_per_school_execution(), ALL).items():
        assert "в плане 3 мероприятия, с учётом исполнения каждой школой-участницей — 21: выполнено 20, " in text, fmt
        assert "просрочено 1." in text, fmt
        if fmt != "xlsx":  # the findings are on the first sheet too, but the check reads the whole book
            assert "с учётом школ-участниц выполнено 20 из 21 (95 %);" in text, fmt
        assert "просрочено 1 (раздел «1. Программы»)" in text, fmt
        assert "позици" not in text, fmt


def _plain_execution(done: int, planned: int) -> Document:
    activities = [_executed(f"1.{n}", f"Мероприятие {n}", "done") for n in range(1, done + 1)]
    activities += [_executed(f"2.{n}", f"Совещание {n}", "planned") for n in range(1, planned + 1)]
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources([section]), TODAY)


@pytest.mark.parametrize(
    ("done", "planned", "finding"),
    [
        (11, 10, "выполнено 11 из 21 мероприятия (52 %), срок не наступил у 10;"),
        (1, 0, "выполнено 1 из 1 мероприятия (100 %);"),
        (12, 10, "выполнено 12 из 22 мероприятий (55 %), срок не наступил у 10;"),
        (14, 11, "выполнено 14 из 25 мероприятий (56 %), срок не наступил у 11;"),
        (0, 13, "выполнено 0 из 13 мероприятий (0 %), срок не наступил у 13;"),
    ],
    ids=["11-of-21", "1-of-1", "12-of-22", "14-of-25", "0-of-13"],
)
def test_the_done_finding_agrees_the_activities_with_their_count(done: int, planned: int, finding: str) -> None:
    for fmt, text in _texts(_plain_execution(done, planned), ("docx", "html")).items():
        assert f"– {finding}" in text or f" {finding}" in text, (fmt, text[-800:])
        assert "позици" not in text, fmt


@pytest.mark.parametrize(
    ("count", "summary", "evidence"),
    [
        (21, "в плане 21 мероприятие: выполнено 21.", "ко всем 21 выполненному мероприятию"),
        (11, "в плане 11 мероприятий: выполнено 11.", "ко всем 11 выполненным мероприятиям"),
        (22, "в плане 22 мероприятия: выполнено 22.", "ко всем 22 выполненным мероприятиям"),
    ],
    ids=["21", "11", "22"],
)
def test_the_summary_and_the_evidence_finding_agree_at_11_21_and_22(count: int, summary: str, evidence: str) -> None:
    activities = [
        _executed(f"1.{n}", f"Мероприятие {n}", "done")
        | {"evidence": [{"id": n, "school_code": None, "kind": "file", "title": "Справка", "file_name": "Справка.pdf",
                         "url": None}]}
        for n in range(1, count + 1)
    ]  # fmt: skip
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources([section]), TODAY)
    for fmt, text in _texts(document).items():
        assert summary in text and f"подтверждающие документы приложены {evidence}." in text, fmt


def test_what_is_overdue_is_named_by_its_sections_in_quotes() -> None:
    first = [_executed(f"1.{n}", f"Мероприятие {n}", "overdue") | {"completed_at": None} for n in range(1, 7)]
    second = [_executed(f"2.{n}", f"Семинар {n}", "overdue") | {"completed_at": None} for n in range(1, 6)]
    sections = [
        {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": first},
        {"id": 2, "number": "2", "title": "Работа с педагогами", "planned_results": [], "activities": second},
    ]
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources(sections), TODAY)
    for fmt, text in _texts(document, ALL).items():
        assert "просрочено 11 (по разделам: «1. Мониторинг» — 6, «2. Работа с педагогами» — 5)." in text, fmt
        assert "просрочено 11: " not in text, fmt  # never «просрочено 11: 1. Мониторинг — 6»


# --- the identification note of no schools, of no school at risk, of one ------------------------------------------


def _note(
    answer: dict[str, Any], params: ReportParams | None = None, roadmap: dict[str, Any] | None = None
) -> Document:
    sources = realistic._sources({realistic.NOTE_PATH: answer}, roadmap)
    return identification_note.build(params or ReportParams(school_year=realistic.YEAR), sources, TODAY)


def _territory(answer: dict[str, Any], schools: int, categories: dict[str, int]) -> None:
    mean = 0.1 if schools else None
    aggregate = answer["aggregates"]["territory"] | {
        "schools": schools, "categories": categories, "insufficient_data": 0, "mean_fail_share": mean,
    }  # fmt: skip
    answer["aggregates"] |= {"territory": aggregate, "municipalities": [aggregate] if schools else [], "rank": 1}
    answer["counts"] = dict(categories)
    answer["sources"] |= {"schools_total": schools, "schools_in_run": schools, "schools_with_results": schools}


def _no_schools() -> dict[str, Any]:
    answer = realistic.note()
    answer["schools"], answer["risk_factors"], answer["indicators"], answer["years"] = [], [], [], []
    _territory(answer, 0, {})
    answer["sources"] |= {"procedures": [], "risk_profile_schools": 0, "social_schools": 0, "staffing_schools": 0}
    answer["comparison"] = {
        "previous_year": realistic.PREVIOUS, "previous_approved": None, "previous_order_number": None,
        "previous_order_date": None, "categories": [], "schools": [],
    }  # fmt: skip
    return answer


def test_a_note_of_no_schools_has_no_empty_table_and_no_empty_appendix() -> None:
    document = _note(_no_schools())
    for fmt, text in _texts(document, ALL).items():
        assert "Результатов оценочных процедур за 2023-2024 учебный год нет; школ для идентификации нет." in text, fmt
        assert "(нет данных)" not in text and "Нет данных" not in text, fmt  # no table of its header alone
        assert "Сведения по школам группы риска" not in text, fmt  # no appendix over an empty table
        assert "Приложение 1 Параметры методики идентификации" in text, fmt
        assert "приведены в приложении 1." in text and "приложении 2" not in text, fmt
        assert "Показатели по учебным годам" not in text and "Участники оценочных процедур" not in text, fmt
    headers = [table[0] for table in docx_tables(render(document, "docx"))]
    assert ["Процедура"] not in headers and not [h for h in headers if h[:2] == ["Учебный год", "Школ"]], headers


def _no_risk(count: int = 11) -> dict[str, Any]:
    answer = realistic.note()
    answer["schools"] = [realistic._school(n, ["effective"], []) for n in range(1, count + 1)]
    answer["risk_factors"] = []
    _territory(answer, count, {"effective": count})
    return answer


def test_a_note_with_no_school_at_risk_claims_no_causes_of_a_risk_group() -> None:
    document = _note(_no_risk())
    for fmt, text in _texts(document, ALL).items():
        assert "Школ группы риска в 2023-2024 учебном году нет: факторы риска «500+», кадровые и социальные " in text
        assert "Рисковых профилей «500+» по школам группы риска" not in text, fmt  # as if there were such schools
        assert "Диагностика профессиональных компетенций педагогов школ группы риска" not in text, fmt
        assert "Кадровые и социальные показатели: школы группы риска" not in text, fmt  # a column of dashes
        assert "ШНОР: школ нет" not in text and "В перечнях ниже" not in text, fmt
        assert "К ШНОР, ШНСУ и зоне риска не отнесена ни одна школа" in text, fmt
        assert "Сведения по школам группы риска" not in text, fmt


def test_a_note_with_no_school_at_risk_recommends_no_monitoring_of_programmes() -> None:
    document = _note(_no_risk())
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][:2] == ["№", "Мероприятие"])
    assert [row[1] for row in rows[1:]] == ["Провести повторную идентификацию по итогам учебного года"]
    assert "антирисковых программ" not in text_of("html", render(document, "html"))


def test_a_municipality_with_no_shnor_is_not_ranked_first_by_its_share() -> None:
    document = _note(_no_risk())
    for fmt, text in _texts(document).items():
        assert "— 0,0 % (0 из 11) при 10,0 % по Кедровской области." in text, fmt
        assert "место из" not in text and "наибольшая доля" not in text, fmt
    ranked = _note(realistic.note())  # 2 ШНОР of 5, but the only municipality of its region (round 19): no place
    assert "место из" not in text_of("docx", render(ranked, "docx"))


def test_one_school_at_risk_gets_a_curator_and_a_mentor_school() -> None:
    answer = realistic.note()
    school = realistic._school(1, ["low_results"], [realistic._fired(0.5, 0.5, 0.15, "1 из 2 участников (50,0 %)")])
    answer["schools"] = [school, *(realistic._school(n, ["effective"], []) for n in range(2, 23))]
    _territory(answer, 22, {"low_results": 1, "effective": 21})
    document = _note(answer)
    for fmt, text in _texts(document, ALL).items():
        assert "Закрепить за школой группы риска куратора и школу-наставника" in text, fmt
        assert "(1 школа)" not in text, fmt
        assert "рассмотрено 22 школы. К ШНОР отнесена 1 школа" in text, fmt
        assert "в эффективном режиме работает 21 школа" in text, fmt
        assert "Анализ показал, что 1 школа из 22 (4,5 %) нуждается в адресной поддержке" in text, fmt


@pytest.mark.parametrize(
    ("outcomes", "sentence"),
    [
        ({"left": 1}, "Единственная школа согласованного списка 2022-2023 учебного года в 2023-2024 учебном году "
                      "вышла из категорий риска."),
        ({"stayed": 1}, "Единственная школа согласованного списка 2022-2023 учебного года в 2023-2024 учебном году "
                        "осталась в тех же категориях."),
        ({"unknown": 1}, "По единственной школе согласованного списка 2022-2023 учебного года сведений об исходе "
                         "в 2023-2024 учебном году нет."),
        ({"left": 14, "stayed": 7}, "Из 21 школы согласованного списка 2022-2023 учебного года в 2023-2024 учебном "
                                    "году вышли из категорий риска — 14, остались в тех же категориях — 7."),
    ],
    ids=["left", "stayed", "unknown", "21-schools"],
)  # fmt: skip
def test_what_works_says_what_became_of_the_only_school_of_the_list(outcomes: dict[str, int], sentence: str) -> None:
    effects = realistic.effects() | {"outcomes": outcomes}
    document = _note(realistic.note(), roadmap={"/api/roadmap/effects": effects})
    for fmt, text in _texts(document).items():
        assert sentence in text, fmt
        assert "— 1." not in text.split("Что работает", 1)[1][:400], fmt


def test_a_date_the_methodist_types_reads_as_every_date_of_the_document() -> None:
    params = ReportParams(
        school_year=realistic.YEAR,
        basis="приказом министерства от 2024-08-01 № 123",
        preamble="Совещание проведено 2024-09-01.\n\nСписок согласован 2024-09-10.",
        extra_text="Повторная идентификация — до 2025-09-01.",
    )
    document = _note(realistic.note(), params)
    for fmt, text in _texts(document, ALL).items():
        assert "В соответствии с приказом министерства от 01.08.2024 № 123 с целью" in text, fmt
        assert "Совещание проведено 01.09.2024." in text and "Список согласован 10.09.2024." in text, fmt
        assert "Повторная идентификация — до 01.09.2025." in text, fmt
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), fmt
    activities = [_executed("1.1", "Семинар", "done")]
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    params = ReportParams(plan_id=7, as_of=AS_OF, extra_text="Отчёт принят 2024-11-18.")
    execution = plan_execution.build(params, _execution_sources([section]), TODAY)
    assert "Отчёт принят 18.11.2024." in text_of("docx", render(execution, "docx"))


# --- the plan: a cell the plan sets nothing in ------------------------------------------------------------------


def test_an_activity_with_no_deadline_and_nobody_responsible_reads_dashes_in_every_format() -> None:
    activities = [
        _activity("1.1", "Мониторинг") | {"deadline_text": None, "responsible": []},
        _activity("1.2", "Семинар") | {"deadline_text": "  "},
        _activity("1.3", "Совещание"),
    ]
    sections = [{"number": "1", "title": "Мониторинг", "activities": activities}]
    document = plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: _plan(sections)}), TODAY)
    rows = docx_tables(render(document, "docx"))[0]
    assert rows[2:5] == [
        ["1.1", "Мониторинг", "—", "—"],
        ["1.2", "Семинар", "Бабкина Н.А.", "—"],
        ["1.3", "Совещание", "Бабкина Н.А.", "май 2025"],
    ]
    assert html_tables(render(document, "html"))[-1][2:5] == rows[2:5]
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["План мероприятий"]
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["1.1", "Мониторинг", "—", "—"] in values
    pdf = text_of("pdf", render(document, "pdf"))
    assert "1.1 Мониторинг — —" in pdf and "1.3 Совещание Бабкина Н.А. май 2025" in pdf


# --- the KPI summary names what it counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "words"), [(1, "по 1 показателю"), (4, "по 4 показателям"), (11, "по 11 показателям"),
                         (21, "по 21 показателю"), (22, "по 22 показателям")],
    ids=["1", "4", "11", "21", "22"],
)  # fmt: skip
def test_the_kpi_summary_says_by_how_many_indicators_facts_are_entered(count: int, words: str) -> None:
    answers = [
        {"id": n, "plan_id": 7, "name": f"Показатель {n}", "unit": "%", "direction": "higher", "baseline": 50.0,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 60.0}, "actuals": {"2024-2025": 60.0}}
        for n in range(1, count + 1)
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    document = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    for fmt, text in _texts(document).items():
        assert f"Показателей в плане: {count}; фактические значения внесены {words};" in text, fmt


@pytest.mark.parametrize(
    ("effective", "undecided", "sentence"),
    [
        (0, 5, "Решение о категории не принято ни по одной из 5 школ: данных для решения недостаточно."),
        (0, 1, "Решение о категории не принято по единственной школе: данных для решения недостаточно."),
        (3, 2, "Анализ показал, что ни одна из 3 школ, по которым принято решение, не нуждается в адресной "
               "поддержке; по 2 школам данных для решения недостаточно."),
        (1, 21, "Анализ показал, что единственная школа, по которой принято решение, не нуждается в адресной "
                "поддержке; по 21 школе данных для решения недостаточно."),
    ],
    ids=["none-of-5", "the-only-one", "3-decided", "1-decided-21-not"],
)  # fmt: skip
def test_a_school_without_a_decision_is_never_said_to_need_no_support(
    effective: int, undecided: int, sentence: str
) -> None:
    answer = realistic.note()
    answer["schools"] = [realistic._school(n, ["effective"], []) for n in range(1, effective + 1)]
    answer["schools"] += [realistic._school(n, [], []) for n in range(effective + 1, effective + undecided + 1)]
    _territory(answer, effective + undecided, {"effective": effective} if effective else {})
    answer["counts"]["insufficient_data"] = undecided
    for fmt, text in _texts(_note(answer), ALL).items():
        assert sentence in text, fmt
        if not effective:  # nothing decided: nothing claimed of the schools' need
            assert "не нуждается" not in text, fmt
        lacking = f"по {undecided} школ{'е' if undecided % 10 == 1 else 'ам'} данных для решения недостаточно"
        assert f"Школ группы риска в 2023-2024 учебном году нет ({lacking}): факторы риска" in text, fmt


def test_the_kpi_table_names_its_plan_in_quotes_as_the_execution_report_does() -> None:
    answers = [
        {"id": 1, "plan_id": 7, "name": "Доля выпускников", "unit": "%", "direction": "higher", "baseline": 0.5,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 100.0}, "actuals": {"2024-2025": 100.0}},
    ]  # fmt: skip
    plan_answer = _plan([]) | {"title": 'Программа "Успех каждого"'}
    document = indicators.build(
        ReportParams(plan_id=7), _sources({PLAN_URL: plan_answer, f"{PLAN_URL}/indicators": answers}), TODAY
    )
    for fmt, text in _texts(document, ALL).items():
        assert "Целевые показатели плана «Программа „Успех каждого“»" in text, fmt
        if fmt != "xlsx":  # the sheet holds them as numbers
            assert "0,5 % 100 % 100 % 0 п. п. достигнуто" in text, fmt  # 0.5 % and 100 % as set


def test_a_year_with_no_year_before_compares_with_nothing_in_every_format() -> None:
    answer = realistic.note()
    answer["comparison"] = {
        "previous_year": realistic.PREVIOUS, "previous_approved": None, "previous_order_number": None,
        "previous_order_date": None, "categories": [], "schools": [],
    }  # fmt: skip
    answer["years"] = answer["years"][1:]
    document = _note(answer, roadmap={"/api/roadmap/effects": realistic.effects() | {"outcomes": {}}})
    for fmt, text in _texts(document, ALL).items():
        assert "Идентификация за 2022-2023 учебный год не проводилась: сравнивать не с чем." in text, fmt
        assert "Состав категорий" not in text and "по сравнению с прошлым годом" not in text, fmt
        assert "Что работает" not in text, fmt  # no list a year before: nothing to say of it
        assert "Доля участников ниже минимального порога по годам" not in text, fmt  # no chart of one year
