"""Round 20 of reading the plan documents back (python-docx, openpyxl, the HTML page) as the official who signs them:
an overdue deadline the methodist wrote in words («до 15 октября 2024 г.»), with «не позднее» or a two-digit year
is written once, as its stage («до 15.10.2024: просрочен»), not twice in two spellings one line over the other; a
plan without activities (or with every one cancelled) is not also told to have none overdue; a plan of a calendar
year lists only the mentor pairs that worked in its year; a link added without a title is written once, and a
proof's title writes its dates as the document does. Pinned: the progress reached keeps its «%» on its line, the
counts agree in number with their nouns (1, 2, 5, 21, 111), a plan of 300 activities keeps its header on every
page and sheet."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest

from services.reports.documents import plan_execution
from services.reports.documents.common import as_document_writes, plan_subtitle
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.conftest import Stack
from tests.reports.test_documents_read_back import PLAN_URL, _executed, _plan, _sources
from tests.reports.test_documents_read_back_12 import _pair, _texts
from tests.reports.test_plan_documents_read_back_18 import (
    READ,
    _book,
    _execution_document,
    _plan_document,
    _section,
    _stage,
)
from tests.roadmap.test_execution_as_of import _report
from tests.roadmap.test_execution_as_of_2 import PLANS

no_database = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def _overdue(number: str, deadline: str, label: str, due: str) -> dict[str, Any]:
    return _executed(number, f"Мероприятие {number}", "overdue") | {
        "deadline_text": deadline,
        "stages": [_stage(int(number.replace(".", "")), label, due, "overdue")],
    }


def _worded_deadlines() -> Document:
    """Overdue at 15.11.2024: a day in words, «не позднее», a two-digit year; and a deadline in words that is not
    its stage's day (kept beside it)."""
    return _execution_document(
        [
            _section(
                [
                    _overdue("1.1", "до 15 октября 2024 г.", "до 15.10.2024", "2024-10-15"),
                    _overdue("1.2", "не позднее 1 октября 2024 года", "до 01.10.2024", "2024-10-01"),
                    _overdue("1.3", "до 20.09.24", "до 20.09.2024", "2024-09-20"),
                    _overdue("1.4", "до 5 ноября 2024 г.", "до 15.10.2024", "2024-10-15"),
                ]
            )
        ]
    )


# --- a deadline in words written once ------------------------------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_an_overdue_deadline_written_in_words_is_written_once(fmt: Format) -> None:
    """Before, «до 15 октября 2024 г.» stood over «до 15.10.2024: просрочен»: one day twice, in two spellings."""
    text = _texts(_worded_deadlines(), (fmt,))[fmt]
    assert "15 октября" not in text and "1 октября" not in text and "20.09.24 " not in text, fmt
    assert text.count("до 15.10.2024: просрочен") == 2  # 1.1, and 1.4 under its own words
    assert "до 01.10.2024: просрочен" in text and "до 20.09.2024: просрочен" in text


@no_database
def test_a_deadline_in_words_for_another_day_than_its_stage_is_kept() -> None:
    """«до 5 ноября 2024 г.» over a stage due 15.10.2024 are two things the official must see both of."""
    word = docx.Document(io.BytesIO(render(_worded_deadlines(), "docx")))
    cells = [row.cells[3].text for row in word.tables[1].rows if row.cells[0].text == "1.4"]
    assert cells == ["до 5 ноября 2024 г.\nдо 15.10.2024: просрочен"]
    one = [row.cells[3].text for row in word.tables[1].rows if row.cells[0].text == "1.1"]
    assert one == ["до 15.10.2024: просрочен"]


# --- the progress reached never breaks before its «%» --------------------------------------------------------------


def _under_way() -> Document:
    school = {"school_code": "s2", "school_name": "МБОУ СОШ № 2", "status": "in_progress", "state": "in_progress",
              "progress": 50, "actual_result": "", "completed_at": None}  # fmt: skip
    return _execution_document(
        [
            _section(
                [
                    _executed("1.1", "Анализ", "in_progress") | {"progress": 40},
                    _executed("1.2", "Программы", "in_progress") | {"per_school": True, "schools": [school]},
                ]
            )
        ]
    )


@no_database
def test_the_progress_reached_keeps_its_percent_sign_on_its_line() -> None:
    """«Выполнено на 40 %» on one line with its «%» in the narrow «Фактический результат» column, as the share done
    is (a pin: the renderers join them with a no-break space)."""
    word = docx.Document(io.BytesIO(render(_under_way(), "docx")))
    cells = [c.text for row in word.tables[1].rows for c in row.cells]
    assert "Выполнено на 40\u00a0%" in cells
    assert any("МБОУ СОШ №\u00a02: выполняется (выполнено на 50\u00a0%)" in c for c in cells), cells
    sheet = _book(_under_way())["Раздел 1"]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "Выполнено на 40\u00a0%" in values and "Выполнено на 40 %" not in values


# --- nothing to do is said once -------------------------------------------------------------------------------------


def _conclusions(document: Document, fmt: Format) -> str:
    text = " ".join(_texts(document, (fmt,))[fmt].split())
    said = text.split("показал, что:", 1)[1].split("Начальник", 1)[0]
    return said.replace("– ", "").strip()  # the list's dash: the DOCX writes it, the HTML list draws it


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_plan_without_activities_is_not_also_said_to_have_none_overdue(fmt: Format) -> None:
    """«– мероприятий к исполнению в плане нет; – просроченных мероприятий нет.» of a plan with no activity at all:
    two findings of one nothing, the first not even saying why."""
    said = _conclusions(_execution_document([_section([])]), fmt)
    assert said == "в плане нет мероприятий.", said
    assert "просроченных" not in _conclusions(_execution_document([]), fmt)


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_plan_with_every_activity_cancelled_is_said_to_have_nothing_to_do_once(fmt: Format) -> None:
    cancelled = [_executed("1.1", "Семинар", "cancelled"), _executed("1.2", "Круглый стол", "cancelled")]
    said = _conclusions(_execution_document([_section(cancelled)]), fmt)
    assert said == "мероприятий к исполнению в плане нет.", said


@no_database
def test_a_plan_with_something_to_do_still_says_nothing_is_overdue() -> None:
    said = _conclusions(_execution_document([_section([_executed("1.1", "Семинар", "done")])]), "docx")
    assert "просроченных мероприятий нет;" in said


# --- counts agree with their nouns -----------------------------------------------------------------------------------


@no_database
@pytest.mark.parametrize(
    ("count", "noun", "of"),
    [(1, "1 мероприятие", "из 1 мероприятия"), (2, "2 мероприятия", "из 2 мероприятий"),
     (5, "5 мероприятий", "из 5 мероприятий"), (21, "21 мероприятие", "из 21 мероприятия"),
     (111, "111 мероприятий", "из 111 мероприятий")],
)  # fmt: skip
def test_the_counts_of_activities_agree_with_their_nouns(count: int, noun: str, of: str) -> None:
    activities = [_executed(f"1.{n}", f"Мероприятие {n}", "done") for n in range(1, count + 1)]
    text = " ".join(_texts(_execution_document([_section(activities)]), ("docx",))["docx"].split())
    assert f"в плане {noun}: выполнено {count}." in text
    assert f"выполнено {count} {of} (100 %)" in text
    assert f"Выполнено ({count})" in text


# --- a long plan keeps its header --------------------------------------------------------------------------------


def _long_plan() -> Document:
    people = [{"name": "Иванова И.И."}, {"name": "МБУ ГЦОКО"}]  # a person and an organisation
    activities = [{"number": f"1.{n}", "title": f"Мероприятие {n}", "deadline_text": "ежемесячно",
                   "responsible": people} for n in range(1, 301)]  # fmt: skip
    return _plan_document(_plan([{"number": "1", "title": "Анализ", "activities": activities}]))


@no_database
def test_a_plan_of_300_activities_repeats_its_header_and_freezes_it_in_the_workbook() -> None:
    document = _long_plan()
    table = docx.Document(io.BytesIO(render(document, "docx"))).tables[-1]
    assert len(table.rows) == 302 and "w:tblHeader" in table.rows[0]._tr.xml
    assert [c.text for c in table.rows[0].cells] == ["№ п/п", "Мероприятие", "Ответственный", "Срок"]
    assert table.rows[301].cells[2].text == "Иванова И.И., МБУ ГЦОКО"
    sheet = _book(document)["План мероприятий"]
    assert (sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_title_rows) == ("A3", "A2:D303", "$2:$2")


# --- through the services --------------------------------------------------------------------------------------------


def test_the_report_through_the_services_writes_a_deadline_in_words_once(stack: Stack) -> None:
    """Roadmap reads «до 15 октября 2024 г.» into a stage «до 15.10.2024»; at 15.11.2024 it is overdue, written once."""
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта: сроки словами",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [{"title": "Мониторинг", "activities": [
            {"number": "1", "title": "Входная диагностика", "deadline_text": "до 15 октября 2024 г."},
            {"number": "2", "title": "Анализ результатов", "deadline_text": "не позднее 1 октября 2024 года"},
        ]}],
    }  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    text = _report(stack, plan["id"], "2024-11-15").replace("\xa0", " ")
    assert "до 15.10.2024: просрочен" in text and "до 01.10.2024: просрочен" in text
    assert "октября 2024" not in text, text


# --- the mentor pairs of a calendar year's plan -------------------------------------------------------------------


def _calendar_year_report(pairs: list[dict[str, Any]], as_of: date = date(2025, 6, 30)) -> Document:
    sections = [_section([_executed("1.1", "Входной мониторинг", "done")])]
    plan = _plan([{"number": "1", "title": "Мониторинг", "activities": []}])
    plan |= {"school_year": None, "period_start": "2025-01-01", "period_end": "2025-12-31", "title": "План на 2025 год"}
    execution = {"plan_id": 7, "as_of": as_of.isoformat(), "column_set": "standard", "sections": sections,
                 "columns": plan["columns"]}  # fmt: skip
    answers = {PLAN_URL: plan, f"{PLAN_URL}/execution": execution, "/api/roadmap/mentor-pairs": pairs}
    return plan_execution.build(ReportParams(plan_id=7, as_of=as_of), _sources(answers), as_of)


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_calendar_year_plan_lists_only_the_pairs_that_worked_in_its_year(fmt: Format) -> None:
    """A plan of 2025 has no school year to ask roadmap for: every pair the municipality ever had was listed, one
    that worked in 2022-2023 too, as if working under this plan."""
    old = _pair(2, "МБОУ «СОШ № 3»") | {"starts_on": "2022-09-01", "ends_on": "2023-05-31"}
    ended = _pair(3, "МБОУ «СОШ № 4»") | {"ends_on": "2025-01-15"}
    text = _texts(_calendar_year_report([_pair(1, "МБОУ «СОШ № 2»"), old, ended]), (fmt,))[fmt]
    assert "МБОУ «СОШ № 2»" in text and "МБОУ «СОШ № 4»" in text and "02.09.2024 – 15.01.2025" in text, fmt
    assert "МБОУ «СОШ № 3»" not in text and "31.05.2023" not in text


@no_database
def test_a_pair_started_after_a_calendar_year_plan_s_year_is_not_in_its_report() -> None:
    """The report of the plan of 2025 made in February 2026 listed a pair agreed in January 2026."""
    later = _pair(5, "МБОУ «СОШ № 5»") | {"starts_on": "2026-01-12"}
    text = _texts(_calendar_year_report([_pair(1, "МБОУ «СОШ № 2»"), later], date(2026, 2, 2)), ("docx",))["docx"]
    assert "МБОУ «СОШ № 2»" in text and "МБОУ «СОШ № 5»" not in text


# --- a proof's title -------------------------------------------------------------------------------------------------


def _proof(number: int, kind: str, title: str, url: str | None = None, file_name: str | None = None) -> dict[str, Any]:
    return {"id": number, "school_code": None, "kind": kind, "title": title, "url": url, "file_name": file_name,
            "uploaded_on": "2024-10-20"}  # fmt: skip


def _proved() -> Document:
    evidence = [
        _proof(1, "link", "https://school1.ru/news/1", url="https://school1.ru/news/1"),  # added without a title
        _proof(2, "link", "https://school1.ru/news/2/", url="https://school1.ru/news/2"),
        _proof(3, "link", "Новость «Семинар» на сайте", url="https://school1.ru/news/3"),
        _proof(4, "file", "Протокол от 2024-10-18", file_name="протокол-18.pdf"),
        _proof(5, "file", "Приказ «Об утверждении плана „Школа“»", file_name="приказ.pdf"),
    ]
    done = _executed("1.1", "Семинар", "done") | {"evidence": evidence}
    return _execution_document([_section([done])])


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_link_added_without_a_title_is_written_once(fmt: Format) -> None:
    """Roadmap gives a link added without a title its address for one: «https://…/1: https://…/1 (загружено …)»."""
    text = _texts(_proved(), (fmt,))[fmt]
    assert "https://school1.ru/news/1 (загружено 20.10.2024)" in text, fmt
    assert "news/1: " not in text and "news/2/: " not in text and "https://school1.ru/news/2 (загружено" in text
    assert "Новость «Семинар» на сайте: https://school1.ru/news/3 (загружено 20.10.2024)" in text


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_proof_s_title_writes_its_dates_as_the_document_does(fmt: Format) -> None:
    text = _texts(_proved(), (fmt,))[fmt]
    assert "Протокол от 18.10.2024 — «протокол-18.pdf»" in text and "2024-10-18" not in text, fmt
    assert "Приказ «Об утверждении плана „Школа“» — «приказ.pdf»" in text


# --- a link that leads somewhere ------------------------------------------------------------------------------------


def test_a_link_without_a_site_or_with_a_break_inside_is_refused(stack: Stack) -> None:
    """«https://» alone and an address with a line break or a tab inside were stored; the report then printed the
    address with the break joined into a space. A link pasted with a line break after it is kept, trimmed."""
    body = {"kind": "municipal_roadmap", "title": "Дорожная карта: ссылки",
            "municipality_code": stack.territory["municipality"]["code"], "school_year": "2024-2025",
            "sections": [{"title": "Мониторинг", "activities": [{"number": "1", "title": "Семинар"}]}]}  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    url = f"/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}/evidence"
    headers = stack.auth("municipal_coordinator")
    for wrong in ("https://", "https:///news", "https://school1.ru/news\n1", "https://school1.ru/\tnews"):
        answer = stack.gateway.post(url, data={"title": "Новость", "url": wrong}, headers=headers)
        assert answer.status_code == 422, (wrong, answer.text)
        assert answer.json()["code"] == "invalid_url" and "ссылк" in answer.json()["detail"].lower(), answer.json()
    kept = stack.gateway.post(url, data={"title": "", "url": " https://school1.ru/news/1\n"}, headers=headers)
    assert kept.status_code == 201, kept.text
    assert kept.json()["url"] == "https://school1.ru/news/1"


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2025-01-01", "2025-12-31", "2025 год"),
        ("2025-01-01", "2027-12-31", "2025–2027 годы"),
        ("2025-02-01", "2025-12-31", "01.02.2025 – 31.12.2025"),
        ("2025-01-01", "2025-06-30", "01.01.2025 – 30.06.2025"),
    ],
)
def test_a_plan_of_whole_calendar_years_is_subtitled_by_its_years(start: str, end: str, said: str) -> None:
    """«Дорожная карта; Таёжный муниципальный район; 2025 год», as a programme's title names its years, not
    «01.01.2025 – 31.12.2025»; a period of other dates keeps them."""
    plan = {"kind_label": "Дорожная карта", "owner_label": "Таёжный муниципальный район", "school_year": None,
            "period_start": start, "period_end": end}  # fmt: skip
    assert plan_subtitle(plan) == f"Дорожная карта; Таёжный муниципальный район; {said}"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ('Семинар для МБОУ "СОШ № 1"', "Семинар для МБОУ «СОШ № 1»"),
        ('Проект "Школа "Успех"" на 2024/2025', "Проект «Школа „Успех“» на 2024-2025"),
        ('"Точка роста" и "IT-куб" (см. "Положение")', "«Точка роста» и «IT-куб» (см. «Положение»)"),
        ('Монитор 27" для кабинета', 'Монитор 27" для кабинета'),
        ("Проект «Школа Минпросвещения»", "Проект «Школа Минпросвещения»"),
    ],
)
def test_straight_quotes_typed_into_a_plan_are_printed_as_the_documents(typed: str, printed: str) -> None:
    """An activity typed with straight quotes printed «ёлочками» as every other name of the document, quotes inside
    quotes „лапками“; quotes that do not pair (inches) as typed."""
    assert as_document_writes(typed) == printed


@no_database
def test_a_school_s_own_plan_does_not_report_the_school_as_its_participant() -> None:
    """A school's plan whose activity is tracked for the school itself printed «Исполнение по школам-участницам»
    with the school as its one participant and «просроченные мероприятия есть у школы: <itself>»; the plan's own
    figures say it. Another school tracked in it is still reported."""
    own = {"school_code": "9901001", "school_name": "МБОУ СОШ № 1", "status": "planned", "state": "overdue",
           "progress": 0, "actual_result": "", "completed_at": None}  # fmt: skip
    other = own | {"school_code": "9901002", "school_name": "МБОУ СОШ № 2"}
    fields: dict[str, Any] = {"school_code": "9901001", "owner_kind": "school", "owner_label": "МБОУ СОШ № 1"}
    alone = _texts(
        _execution_document(
            [_section([_executed("1.1", "Программа", "overdue") | {"per_school": True, "schools": [own]}])], **fields
        ),
        ("docx",),
    )["docx"]
    assert "Исполнение по школам-участницам" not in alone and "есть у школы" not in alone
    both = _texts(
        _execution_document(
            [_section([_executed("1.1", "Программа", "overdue") | {"per_school": True, "schools": [own, other]}])],
            **fields,
        ),
        ("docx",),
    )["docx"]
    assert "Исполнение по школам-участницам" in both
    assert "просроченные мероприятия есть у школы: МБОУ СОШ № 2" in both
