"""Round 19 of reading the plan documents back (python-docx, openpyxl, the HTML page) as the official who signs them:
a school's part under way says how far it has got, as an activity's own does («МБОУ СОШ № 2: выполняется (выполнено
на 50 %)»), and the execution report «по состоянию на» an earlier date prints the progress and the actual result of
that date (roadmap rebuilds them from the audit trail), never today's; a varied plan — sections full and empty,
activities without a deadline, monthly and weekly, overdue, done, cancelled, co-executors only, long titles, many
schools — reads without a word of English, a «None» or a blank cell, and its figures agree between the text and the
tables."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from services.reports.documents import plan_execution
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.documents.plan import plan_table
from services.reports.rendering.render import Format
from services.shared.contracts.roadmap import PlanColumn
from tests.conftest import Stack
from tests.reports.test_documents_read_back import PLAN_URL, _executed, _plan, _sources
from tests.reports.test_documents_read_back_12 import _pair, _texts
from tests.reports.test_plan_documents_read_back_18 import (
    AS_OF,
    READ,
    TODAY,
    _book,
    _execution_document,
    _monthly,
    _plan_document,
    _section,
    _stage,
)
from tests.roadmap.test_execution_as_of import _at, _report
from tests.roadmap.test_execution_as_of_2 import _changes_made_on, _patch, _school, _school_plan

no_database = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg
LONG = "Проведение комплексного анализа образовательных результатов обучающихся " * 5


def _school_part(code: str, name: str, state: str, **more: Any) -> dict[str, Any]:
    status = state if state in ("done", "in_progress", "planned", "cancelled") else "in_progress"
    return {"school_code": code, "school_name": name, "status": status, "state": state, "progress": 0,
            "actual_result": "", "completed_at": None} | more  # fmt: skip


def _schools_activity() -> dict[str, Any]:
    """An activity tracked per school: one done, one under way at 50 %, one overdue at 100 % reported after the
    date by an older roadmap, one not started, one with the progress of a cancelled part."""
    return _executed("2.1", "Разработка антирисковых программ", "in_progress") | {
        "per_school": True,
        "deadline_text": "Декабрь 2024 г.",
        "schools": [
            _school_part("s1", "МБОУ СОШ № 1", "done", progress=100, completed_at="2024-11-01",
                         actual_result="Программа утверждена"),
            _school_part("s2", "МБОУ СОШ № 2", "in_progress", progress=50, actual_result="Проект программы"),
            _school_part("s3", "МБОУ СОШ № 3", "overdue", progress=100),
            _school_part("s10", "МБОУ СОШ № 10", "planned"),
            _school_part("s11", "МБОУ СОШ № 11", "cancelled", status="cancelled", progress=30),
        ],
    }  # fmt: skip


def _varied_sections() -> list[dict[str, Any]]:
    """Every kind of row an execution report has: done (with its proof), overdue at 40 %, no deadline, monthly,
    weekly, cancelled with a result, co-executors only, a long title; schools; an empty section."""
    done = _executed("1.1", "Входной мониторинг", "done") | {
        "actual_result": "Мониторинг проведён",
        "evidence": [{"id": 1, "school_code": None, "kind": "file", "title": "Справка", "file_name": "справка.pdf",
                      "url": None, "uploaded_on": "2024-10-20"}],
    }  # fmt: skip
    overdue = _executed("1.2", LONG.strip(), "overdue") | {
        "progress": 40, "actual_result": "Подготовлены проекты", "responsible": "соисполнители: МБУ ГЦОКО",
        "stages": [_stage(2, "октябрь 2024", "2024-10-31", "overdue")],
    }  # fmt: skip
    undated = _executed("1.3", "Консультации для педагогов", "planned") | {"deadline_text": "", "responsible": ""}
    monthly = _executed("1.4", "Мониторинг посещаемости", "overdue") | {
        "deadline_text": "ежемесячно", "stages": _monthly(["overdue", "done", "current", *["upcoming"] * 9]),
    }  # fmt: skip
    weekly = _executed("1.5", "Планёрки", "in_progress") | {
        "deadline_text": "еженедельно",
        "stages": [_stage(10 + i, f"до {d}.11.2024", f"2024-11-{d}", s)
                   for i, (d, s) in enumerate([("08", "done"), ("15", "current"), ("22", "upcoming"),
                                               ("29", "upcoming"), ("30", "upcoming")])],
    }  # fmt: skip
    cancelled = _executed("1.6", "Выездной семинар", "cancelled") | {
        "progress": 30,
        "actual_result": "Семинар отменён из-за карантина",
    }
    return [
        _section([done, overdue, undated, monthly, weekly, cancelled]),
        _section([_schools_activity()], "2", "Программы"),
        _section([], "3", "Тиражирование опыта"),
    ]


def _varied() -> Document:
    return _execution_document(_varied_sections())


# --- a school's part under way says how far it has got -------------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_school_s_part_under_way_says_how_far_it_has_got(fmt: Format) -> None:
    """Before, «МБОУ СОШ № 2: выполняется» said nothing of the 50 % the school reported, though an activity of
    its own printed «Выполнено на 40 %» in the row above."""
    text = _texts(_varied(), (fmt,))[fmt]
    assert "МБОУ СОШ № 2: выполняется (выполнено на 50 %) — Проект программы" in text, fmt
    assert "Выполнено на 40 %" in text


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_school_s_progress_is_not_claimed_where_it_says_nothing(fmt: Format) -> None:
    """Done, not started, cancelled: no percent; 100 % of a part overdue at the date was reached after it."""
    text = _texts(_varied(), (fmt,))[fmt]
    assert "МБОУ СОШ № 1: выполнено 01.11.2024 — Программа утверждена" in text
    assert "МБОУ СОШ № 3: просрочено" in text and "100 %" not in text.split("МБОУ СОШ № 3: просрочено")[1][:40]
    assert "МБОУ СОШ № 10: срок не наступил" in text
    assert "МБОУ СОШ № 11: отменено" in text and "30 %" not in text


# --- the varied plan read as the official reads it -----------------------------------------------------------------

LATIN = re.compile(r"\b[A-Za-z]{2,}\b")


def _varied_plan() -> dict[str, Any]:
    activities = [
        {"number": "1.1", "title": LONG.strip(), "responsible": [{"name": "Иванова И.И."}],
         "co_executors": [{"name": "Петров П.П."}], "deadline_text": "до 15.10.2024",
         "expected_result": "Аналитическая справка"},
        {"number": "1.2", "title": "Заседания ШМО", "co_executors": [{"name": "Руководители ШМО"}],
         "deadline_text": "ежемесячно"},
        {"number": "1.3", "title": "Итоговый педсовет", "responsible": [{"name": "Директор"}], "deadline_text": "",
         "schools": [{"school_code": f"s{n}", "school_name": f"МБОУ СОШ № {n}"} for n in range(1, 13)]},
    ]  # fmt: skip
    sections: list[dict[str, Any]] = [
        {"number": "1", "title": "Анализ", "activities": activities, "planned_results": ["Повышение качества"]},
        {"number": "2", "title": "Тиражирование опыта", "activities": []},
    ]
    return _plan(sections) | {"title": "Антирисковая программа «Низкая учебная мотивация»"}


@no_database
@pytest.mark.parametrize("fmt", READ)
@pytest.mark.parametrize("kind", ["plan", "execution"])
def test_a_varied_plan_reads_without_english_none_or_blank_cells(fmt: Format, kind: str) -> None:
    document = _plan_document(_varied_plan()) if kind == "plan" else _varied()
    text = _texts(document, (fmt,))[fmt].replace("«Дорожная карта <ШНОР> & „школы“ 🙂»", "")
    text = text.replace('class="landscape">', "")  # the HTML reader's leftover of the page's markup
    assert not LATIN.findall(text.replace("справка.pdf", "")), (fmt, LATIN.findall(text))
    assert "None" not in text and "null" not in text and " 0 %)" not in text


@no_database
@pytest.mark.parametrize("kind", ["plan", "execution"])
def test_no_activity_row_of_the_workbook_has_a_blank_cell(kind: str) -> None:
    """Nothing set reads as a dash: a blank cell an official takes for an omission (section rows and the line of
    an empty section span the row, so only the activities' rows are read)."""
    document = _plan_document(_varied_plan()) if kind == "plan" else _varied()
    book = _book(document)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            number = str(row[0] or "")
            if re.fullmatch(r"\d+\.\d+", number):
                assert all(v not in (None, "") for v in row[: sheet.max_column]), (sheet.title, row)


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_summary_s_figures_add_up_to_the_table_s_total(fmt: Format) -> None:
    """«в плане 7 мероприятий, с учётом исполнения каждой школой-участницей — 11: выполнено 2, …» — each figure of
    the sentence is the «Итого» row's, and they add up to its «Всего»."""
    text = " ".join(_texts(_varied(), (fmt,))[fmt].split())
    summary = re.search(r"школой-участницей — (\d+): ([^.]+)\.", text)
    assert summary, text[:600]
    said = dict((words.strip(), int(n)) for words, n in re.findall(r"([а-яё ]+?) (\d+)(?:,|$)", summary.group(2)))
    assert sum(said.values()) == int(summary.group(1)) == 11, said
    assert said == {"выполнено": 2, "выполняется": 2, "просрочено": 3, "срок не наступил у": 1,
                    "срок не установлен у": 1, "отменено": 2}  # fmt: skip


@no_database
def test_the_counts_by_section_in_the_workbook_agree_with_the_summary() -> None:
    sheet = _book(_varied())["По разделам"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True) if r[0]]
    header = next(r for r in rows if r[0] == "Раздел")
    total = dict(zip(header, next(r for r in rows if r[0] == "Итого"), strict=False))
    assert total["Всего"] == 11 and total["Выполнено"] == 2 and total["Просрочено"] == 3
    parts = [total[k] for k in header[2:] if k != "Доля выполненного"]
    assert sum(parts) == total["Всего"], total
    empty = next(r for r in rows if str(r[0]).startswith("3."))
    assert empty[header.index("Доля выполненного")] == "—"


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_cancelled_activity_keeps_its_reason_and_no_progress(fmt: Format) -> None:
    text = _texts(_varied(), (fmt,))[fmt]
    assert "Семинар отменён из-за карантина" in text and "Выполнено на 30 %" not in text


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_weekly_deadline_s_weeks_ahead_read_as_one_line_of_dates(fmt: Format) -> None:
    text = _texts(_varied(), (fmt,))[fmt]
    assert "22.11.2024 – 30.11.2024 (3 этапа): срок не наступил" in text, fmt
    assert "до 08.11.2024: выполнен" in text and "до 15.11.2024: идёт" in text


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_one_school_with_overdue_activities_is_named_in_the_singular(fmt: Format) -> None:
    """Before, «просроченные мероприятия есть у школ: МБОУ СОШ № 3» of the one school."""
    text = " ".join(_texts(_varied(), (fmt,))[fmt].split())
    assert "просроченные мероприятия есть у школы: МБОУ СОШ № 3." in text, fmt
    assert "у школ:" not in text


# --- done after the deadline -----------------------------------------------------------------------------------------


def _done_on(number: str, completed: str, stages: list[dict[str, Any]]) -> dict[str, Any]:
    return _executed(number, f"Мероприятие {number}", "done") | {"completed_at": completed, "stages": stages}


def _late_document() -> Document:
    """1.1 due 01.10.2024, done 20.10.2024; 1.2 due 01.10.2024, its stage marked done 28.09.2024, the status set
    20.10.2024; 1.3 staged October and May, done 20.10.2024 (the final stage ahead); 2.1 a school done late."""
    late = _done_on("1.1", "2024-10-20", [_stage(1, "до 01.10.2024", "2024-10-01", "done")])
    in_time = _done_on("1.2", "2024-10-20", [_stage(2, "до 01.10.2024", "2024-10-01", "done",
                                                    completed_on="2024-09-28")])  # fmt: skip
    staged = _done_on("1.3", "2024-10-20", [_stage(3, "октябрь 2024", "2024-10-31", "done"),
                                            _stage(4, "май 2025", "2025-05-31", "done")])  # fmt: skip
    schools = _executed("2.1", "Программы школ", "in_progress") | {
        "per_school": True, "deadline_text": "до 01.11.2024",
        "stages": [_stage(5, "до 01.11.2024", "2024-11-01", "overdue")],
        "schools": [_school_part("s1", "МБОУ СОШ № 1", "done", progress=100, completed_at="2024-11-12"),
                    _school_part("s2", "МБОУ СОШ № 2", "done", progress=100, completed_at="2024-10-30")],
    }  # fmt: skip
    return _execution_document([_section([late, in_time, staged]), _section([schools], "2", "Программы")])


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_an_activity_done_after_its_deadline_says_so(fmt: Format) -> None:
    """Before, «Выполнено 20.10.2024» stood under «до 01.10.2024» as if done in time, and the conclusions were
    silent about it."""
    text = " ".join(_texts(_late_document(), (fmt,))[fmt].split())
    assert "Выполнено 20.10.2024 с нарушением срока (срок — 01.10.2024)" in text, fmt
    assert "с нарушением срока выполнено 2 мероприятия: № 1.1 «Мероприятие 1.1»; № 2.1 «Программы школ»" in text


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_school_done_after_the_deadline_says_so_and_one_in_time_does_not(fmt: Format) -> None:
    text = _texts(_late_document(), (fmt,))[fmt]
    assert "МБОУ СОШ № 1: выполнено 12.11.2024 с нарушением срока (срок — 01.11.2024)" in text, fmt
    assert "МБОУ СОШ № 2: выполнено 30.10.2024" in text
    assert "30.10.2024 с нарушением" not in text


@no_database
def test_done_in_time_is_not_called_late() -> None:
    """A stage marked done 28.09.2024 with the status set later, and a staged deadline whose last stage is ahead."""
    text = " ".join(_texts(_late_document(), ("docx",))["docx"].split())
    assert text.count("Выполнено 20.10.2024 с нарушением срока") == 1
    assert "«Мероприятие 1.2»" not in text and "«Мероприятие 1.3»" not in text


# --- the mentor pairs of the report's date ------------------------------------------------------------------------


def _with_pairs(pairs: list[dict[str, Any]]) -> Document:
    sections = [_section([_executed("1.1", "Входной мониторинг", "done")])]
    execution = {"plan_id": 7, "as_of": AS_OF.isoformat(), "column_set": "standard", "sections": sections,
                 "columns": _plan([])["columns"]}  # fmt: skip
    answers = {PLAN_URL: _plan([{"number": "1", "title": "Мониторинг", "activities": []}]),
               f"{PLAN_URL}/execution": execution, "/api/roadmap/mentor-pairs": pairs}  # fmt: skip
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _sources(answers), TODAY)


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_pair_agreed_to_start_after_the_date_is_not_in_the_report_of_that_date(fmt: Format) -> None:
    """Before, a pair starting on 01.02.2025 was listed as working in the report «по состоянию на 15.11.2024»; a
    pair that started in September and ended in October did work in the year, so it stays."""
    working = _pair(1, "МБОУ «СОШ № 2»")
    ended = _pair(2, "МБОУ «СОШ № 3»") | {"ends_on": "2024-10-31"}
    coming = _pair(3, "МБОУ «СОШ № 4»") | {"starts_on": "2025-02-01"}
    text = _texts(_with_pairs([working, ended, coming]), (fmt,))[fmt]
    assert "МБОУ «СОШ № 2»" in text and "02.09.2024 – 31.10.2024" in text, fmt
    assert "МБОУ «СОШ № 4»" not in text and "01.02.2025" not in text


@no_database
def test_no_pair_started_by_the_date_leaves_no_pairs_section() -> None:
    text = _texts(_with_pairs([_pair(3, "МБОУ «СОШ № 4»") | {"starts_on": "2025-02-01"}]), ("docx",))["docx"]
    assert "Наставничество" not in text


# --- through the services: the report at an earlier date -----------------------------------------------------------


def test_the_report_at_an_earlier_date_prints_the_school_s_progress_and_result_of_then(stack: Stack) -> None:
    """A school at 50 % with «Проект программы» on 01.10.2024, done today with «Программа утверждена»: the report at
    15.11.2024 has the school under way at 50 % with the draft, as it stood; today's has it done."""
    plan, own = _school_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    url = f"/api/roadmap/activities/{activity['id']}/schools/{own}"
    _patch(stack, url, {"status": "in_progress", "progress": 50, "actual_result": "Проект программы"}, "school_staff")
    _patch(stack, url, {"status": "done", "actual_result": "Программа утверждена"}, "school_staff")
    _changes_made_on(stack, f"{activity['id']}:{own}", "2024-10-01", date.today().isoformat())
    name = _school(stack, plan["id"], None).school_name
    then = _report(stack, plan["id"], "2024-11-15").replace("\xa0", " ")
    assert f"{name}: выполняется (выполнено на 50 %) — Проект программы" in then
    assert "Программа утверждена" not in then
    now = _report(stack, plan["id"], date.today().isoformat()).replace("\xa0", " ")
    late = "с нарушением срока (срок — 31.12.2024)"  # done today, the plan's December 2024 long passed
    assert f"{name}: выполнено {date.today():%d.%m.%Y} {late} — Программа утверждена" in now
    assert _at("2024-10-01").tzinfo is not None  # the helper dates the change in the service's local day


def test_a_school_s_own_plan_does_not_name_the_school_among_its_participants() -> None:
    """A school's plan printed «Семинар\\nШколы-участницы: МБОУ СОШ № 1» under its own title: the school named as
    taking part in its own plan. It names only the other schools now; a municipality's plan names them all."""
    one, two = {"school_code": "9901001", "school_name": "МБОУ СОШ № 1"}, {"school_code": "9901002",
                                                                          "school_name": "МБОУ СОШ № 2"}  # fmt: skip
    section = {"number": "1", "title": "Методическая работа", "planned_results": [], "activities": [
        {"number": "1.1", "title": "Семинар", "schools": [one]},
        {"number": "1.2", "title": "Сетевой семинар", "schools": [one, two]},
    ]}  # fmt: skip
    columns = [PlanColumn(field="number", label="№"), PlanColumn(field="title", label="Мероприятие")]
    own = plan_table({"school_code": "9901001", "sections": [section]}, columns)
    assert [r.get("title") for r in own.rows[1:]] == ["Семинар", "Сетевой семинар\nШколы-участницы: МБОУ СОШ № 2"]
    municipal = plan_table({"school_code": None, "sections": [section]}, columns)
    assert municipal.rows[1]["title"] == "Семинар\nШколы-участницы: МБОУ СОШ № 1"
