"""Round 18 of reading the plan documents back (python-docx, openpyxl, the HTML page) as the official who signs them:
a monthly deadline's months ahead on one line of the execution report, not nine lines of «срок не наступил» that
pushed the row onto a page of its own; an activity without a deadline «срок не установлен», never «срок не
наступил»; the share done of a section with nothing to do a dash in the workbook as in the DOCX; an archived version
marked as such; the activities' indicators printed in the plan (and read back by the import); the section's planned
results in the execution report beside what was done; «Другой план» left out of the subtitle; a school year typed
into the plan's name written as its subtitle writes it; co-executors without anyone responsible never printed as the
responsible, in the plan and in its execution report alike."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from services.reports.documents import indicators, plan, plan_execution
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from services.roadmap.plan_import import read_plan
from services.roadmap.plans.importing import indicator_of
from tests.conftest import Stack
from tests.reports.test_documents_figures import pdf_text
from tests.reports.test_documents_read_back import PLAN_URL, _activity, _executed, _plan, _sources
from tests.reports.test_documents_read_back_12 import _texts
from tests.reports.test_plan_documents import approve
from tests.reports.test_plan_documents import render as render_on_stack

TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
READ: tuple[Format, ...] = ("docx", "xlsx", "html")
LINE = 15.0  # points a line of 11 pt text takes in a row
MONTHS = [
    ("сентябрь 2024", "2024-09-30"), ("октябрь 2024", "2024-10-31"), ("ноябрь 2024", "2024-11-30"),
    ("декабрь 2024", "2024-12-31"), ("январь 2025", "2025-01-31"), ("февраль 2025", "2025-02-28"),
    ("март 2025", "2025-03-31"), ("апрель 2025", "2025-04-30"), ("май 2025", "2025-05-31"),
    ("июнь 2025", "2025-06-30"), ("июль 2025", "2025-07-31"), ("август 2025", "2025-08-31"),
]  # fmt: skip
no_database = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


# --- building the documents in-process from the roadmap's answers ------------------------------------------------


def _stage(number: int, label: str, due: str, state: str, **more: Any) -> dict[str, Any]:
    return {"id": number, "label": label, "stage": None, "start": None, "due": due, "completed_on": None,
            "state": state, **more}  # fmt: skip


def _monthly(states: list[str]) -> list[dict[str, Any]]:
    """The first `len(states)` months of the school year as a monthly deadline's stages, in those states."""
    months = MONTHS[: len(states)]
    return [_stage(n, label, due, state) for n, ((label, due), state) in enumerate(zip(months, states, strict=True), 1)]


def _execution_document(
    sections: list[dict[str, Any]], planned: dict[str, Any] | None = None, **plan_fields: Any
) -> Document:
    execution = {"plan_id": 7, "as_of": AS_OF.isoformat(), "column_set": "standard", "sections": sections}
    execution["columns"] = _plan([])["columns"]
    shown = planned or _plan([{"number": s["number"], "title": s["title"], "activities": []} for s in sections])
    answers = {PLAN_URL: shown | plan_fields, f"{PLAN_URL}/execution": execution, "/api/roadmap/mentor-pairs": []}
    return plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _sources(answers), TODAY)


def _section(activities: list[dict[str, Any]], number: str = "1", title: str = "Мониторинг", **more: Any
             ) -> dict[str, Any]:  # fmt: skip
    return {"id": int(number), "number": number, "title": title, "planned_results": [], "activities": activities,
            **more}  # fmt: skip


def _monthly_activity() -> dict[str, Any]:
    states = ["overdue", "done", "current", *["upcoming"] * 9]
    stages = _monthly(states)
    stages[1]["completed_on"] = "2024-10-28"
    return _executed("1.1", "Мониторинг посещаемости", "overdue") | {"deadline_text": "ежемесячно", "stages": stages}


def _plan_document(answer: dict[str, Any]) -> Document:
    return plan.build(ReportParams(plan_id=7), _sources({PLAN_URL: answer}), TODAY)


def _cell(sheet: Worksheet, text: str) -> Any:
    return next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(text))


def _book(document: Document) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))


# --- a recurring deadline's stages ahead on one line --------------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_months_a_monthly_deadline_has_ahead_read_as_one_line(fmt: Format) -> None:
    """«ежемесячно» listed twelve months, nine of them «срок не наступил», each on its own line."""
    text = _texts(_execution_document([_section([_monthly_activity()])]), (fmt,))[fmt]
    assert "декабрь 2024 – август 2025 (9 этапов): срок не наступил" in text, fmt
    assert "январь 2025: срок не наступил" not in text and "июль 2025: срок не наступил" not in text
    for passed in ("сентябрь 2024: просрочен", "октябрь 2024: выполнен 28.10.2024", "ноябрь 2024: идёт"):
        assert passed in text, (fmt, passed)  # what happened is still said stage by stage


@no_database
def test_a_monthly_deadline_s_row_is_a_few_lines_tall_in_the_workbook() -> None:
    """Thirteen lines (195 pt): the row took most of a landscape page, and in the PDF it went whole onto the next
    one, leaving the page above it nearly empty."""
    sheet = _book(_execution_document([_section([_monthly_activity()])]))["Раздел 1"]
    row = _cell(sheet, "Мониторинг посещаемости").row
    assert (sheet.row_dimensions[row].height or LINE) <= 5 * LINE
    assert sheet.cell(row, 4).value.count("\n") == 4  # the deadline, three stages passed or current, the rest


@no_database
def test_stages_with_long_labels_ahead_are_one_line_of_dates() -> None:
    """«не позднее 5 дней после окончания четверти»: the stages ahead by their due dates, not their long labels."""
    labels = [("до 05.11.2024 (не позднее 5 дней после 31.10.2024)", "2024-11-05", "overdue")]
    labels += [(f"до 05.{m}.2025 (не позднее 5 дней после окончания четверти)", f"2025-{m}-05", "upcoming")
               for m in ("01", "04", "06")]  # fmt: skip
    stages = [_stage(n, label, due, state) for n, (label, due, state) in enumerate(labels, start=1)]
    activity = _executed("1.1", "Отчёт", "overdue") | {"deadline_text": "не позднее 5 дней после окончания четверти"}
    two = _monthly(["overdue", "upcoming", "upcoming"])  # only a run of three or more is joined
    named = _monthly(["overdue", "upcoming", "upcoming", "upcoming"])
    named[3] |= {"stage": "final"}  # a stage the plan names («итоговый») is never swallowed by one
    document = _execution_document([_section([
        activity | {"stages": stages},
        _executed("1.2", "Совещание", "overdue") | {"deadline_text": "ежемесячно", "stages": two},
        _executed("1.3", "Диагностика", "overdue") | {"deadline_text": "ежемесячно", "stages": named},
    ])])  # fmt: skip
    text = _texts(document, ("docx",))["docx"]
    assert "05.01.2025 – 05.06.2025 (3 этапа): срок не наступил" in text
    assert "до 05.11.2024 (не позднее 5 дней после 31.10.2024): просрочен" in text
    assert "октябрь 2024: срок не наступил" in text and "ноябрь 2024: срок не наступил" in text
    assert "октябрь 2024 – ноябрь 2024 (2 этапа)" not in text
    assert "декабрь 2024 (итоговый): срок не наступил" in text and "октябрь 2024 – декабрь 2024" not in text


# --- the share done of a section with nothing to do ---------------------------------------------------------------


@no_database
def test_a_section_with_nothing_to_do_has_a_dash_for_its_share_in_the_workbook() -> None:
    """The DOCX read «—», the workbook a blank cell: a figure the official takes as left out."""
    document = _execution_document(
        [_section([_executed("1.1", "Семинар", "done")]), _section([], number="2", title="Методическая помощь")]
    )
    sheet = _book(document)["По разделам"]
    row = _cell(sheet, "2. Методическая помощь").row
    assert [c.value for c in sheet[row]] == ["2. Методическая помощь", 0, 0, 0, 0, 0, "—"]
    assert sheet.cell(row - 1, 7).value == 1  # a share done is still a number, formatted as a percent
    assert "2. Методическая помощь 0 0 0 0 0 —" in _texts(document, ("docx",))["docx"]


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_section_without_activities_is_said_so_in_the_words_of_the_plan(fmt: Format) -> None:
    """The plan reads «Мероприятия в разделе не запланированы.», its execution report «Мероприятий в разделе нет.»:
    two wordings of one fact in the documents signed together."""
    document = _execution_document(
        [_section([_executed("1.1", "Семинар", "done")]), _section([], number="2", title="Методическая помощь")]
    )
    text = _texts(document, (fmt,))[fmt]
    assert f"2. Методическая помощь {plan.NO_ACTIVITIES}" in text, fmt
    assert "Мероприятий в разделе нет" not in text


@no_database
def test_a_stage_and_its_state_stand_on_one_printed_line() -> None:
    """«Срок и этапы» was so narrow that «сентябрь 2024: просрочен» and «до 15.10.2024: просрочен» broke after the
    colon: every stage two lines on paper, the state alone on the second."""
    passed = _stage(99, "до 15.10.2024", "2024-10-15", "overdue")
    seminar = _executed("1.2", "Семинар", "overdue") | {"deadline_text": "до 15.10.2024", "stages": [passed]}
    pdf = render(_execution_document([_section([_monthly_activity(), seminar])]), "pdf")
    lines = [line for page in pypdf.PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()]
    for stage in ("сентябрь 2024: просрочен", "до 15.10.2024: просрочен", "ноябрь 2024: идёт"):
        assert any(stage in line for line in lines), (stage, [line for line in lines if stage[:8] in line])


# --- an activity the plan gives no deadline --------------------------------------------------------------------


def _undated_document() -> Document:
    undated = _executed("1.2", "Анкетирование родителей", "planned") | {"deadline_text": ""}
    dated = _executed("1.3", "Итоговый семинар", "planned") | {"deadline_text": "май 2025"}
    return _execution_document([_section([_executed("1.1", "Семинар", "done"), undated, dated])])


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_an_activity_without_a_deadline_is_not_said_to_be_not_yet_due(fmt: Format) -> None:
    """It stood under «Срок не наступил» and was counted «срок не наступил у 2» beside a finding that its deadline
    was never set: a date it does not have cannot be still to come."""
    text = _texts(_undated_document(), (fmt,))[fmt]
    assert "в плане 3 мероприятия: выполнено 1, срок не наступил у 1, срок не установлен у 1." in text, fmt
    assert "Срок не наступил (1) 1.3 Итоговый семинар" in text, fmt
    assert "Срок не установлен (1) 1.2 Анкетирование родителей" in text, fmt
    assert "срок исполнения не установлен у 1 мероприятия: № 1.2 «Анкетирование родителей»" in text, fmt


@no_database
def test_the_counts_by_section_have_a_column_for_activities_without_a_deadline_and_add_up() -> None:
    sheet = _book(_undated_document())["По разделам"]
    header = [c.value for c in sheet[2]]
    assert header == ["Раздел", "Всего", "Выполнено", "Выполняется", "Просрочено", "Срок не наступил",
                      "Срок не установлен", "Доля выполненного"]  # fmt: skip
    for row in (3, 4):  # the section and «Итого»
        values = [c.value for c in sheet[row]]
        assert values[1:7] == [3, 1, 0, 0, 1, 1], row
        assert values[1] == sum(values[2:7])
    plain = _execution_document([_section([_executed("1.1", "Семинар", "done")])])
    assert "Срок не установлен" not in [c.value for c in _book(plain)["По разделам"][2]]  # only when there is one


# --- an archived version ----------------------------------------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_an_archived_version_of_a_plan_says_it_is_not_the_one_in_force(fmt: Format) -> None:
    """It printed «УТВЕРЖДЕНО приказом …» with nothing to tell it from the version that replaced it."""
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Семинар")]}])
    text = _texts(_plan_document(answer | {"status": "archived"}), (fmt,))[fmt]
    assert plan.ARCHIVED in text, fmt
    assert "УТВЕРЖДЕНА" in text and "от 02.09.2024 № 57-од" in text  # the order it was approved by stays
    assert plan.ARCHIVED not in _texts(_plan_document(answer), (fmt,))[fmt]  # the approved version in force


# --- the activities' indicators ---------------------------------------------------------------------------------

STANDARD = [
    {"field": "number", "label": "№ п/п"}, {"field": "title", "label": "Мероприятие"},
    {"field": "responsible", "label": "Ответственный"}, {"field": "deadline", "label": "Срок"},
    {"field": "expected_result", "label": "Ожидаемый результат"},
    {"field": "final_document", "label": "Итоговый документ"},
]  # fmt: skip


def _indicator_plan(columns: list[dict[str, str]] | None = None) -> dict[str, Any]:
    activities = [
        _activity("1.1", "Диагностика читательской грамотности")
        | {"expected_result": "Аналитическая справка", "indicator": "Доля школ, прошедших диагностику, — 100 %"},
        _activity("1.2", "Семинар") | {"expected_result": "Протокол"},
    ]
    return _plan([{"number": "1", "title": "Мониторинг", "activities": activities}]) | {"columns": columns or STANDARD}


def _header_and_rows(document: Document) -> list[list[str]]:
    """The DOCX's first table, a merged cell once."""
    rows = []
    for row in docx.Document(io.BytesIO(render(document, "docx"))).tables[0].rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        rows.append(cells)
    return rows


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_activities_indicators_are_printed_in_the_plan(fmt: Format) -> None:
    """The plan keeps each activity's indicator (a «Показатели» column read on import): the signed table dropped it."""
    text = _texts(_plan_document(_indicator_plan()), (fmt,))[fmt]
    assert "Ожидаемый результат Показатели Итоговый документ" in text, fmt
    assert "Аналитическая справка Доля школ, прошедших диагностику, — 100 %" in text, fmt


@no_database
def test_the_indicators_column_stands_after_the_expected_result_and_only_when_there_are_some() -> None:
    rows = _header_and_rows(_plan_document(_indicator_plan()))
    assert rows[0] == ["№ п/п", "Мероприятие", "Ответственный", "Срок", "Ожидаемый результат", "Показатели",
                       "Итоговый документ"]  # fmt: skip
    seminar = next(r for r in rows if r[0] == "1.2")
    assert seminar[4:6] == ["Протокол", "—"]  # an activity without one: a dash, as every unset cell
    tracks = [{"field": "number", "label": "№"}, {"field": "title", "label": "Мероприятия"},
              {"field": "deadline", "label": "Сроки"}, {"field": "responsible", "label": "Ответственный"}]  # fmt: skip
    assert _header_and_rows(_plan_document(_indicator_plan(tracks)))[0][-1] == "Показатели"  # no result: last
    plain = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Семинар")]}])
    assert "Показатели" not in _header_and_rows(_plan_document(plain))[0]


@no_database
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_plan_exported_and_imported_again_keeps_its_indicators(fmt: Format) -> None:
    """The printed plan is also the file a methodist edits and loads back: the indicators come back as indicators,
    the expected results as they were."""
    imported = read_plan(render(_plan_document(_indicator_plan()), fmt), f"план.{fmt}")
    first, second = imported.sections[0].activities
    assert indicator_of(first) == "Доля школ, прошедших диагностику, — 100 %", fmt
    assert first.expected_result == "Аналитическая справка" and second.expected_result == "Протокол"
    assert indicator_of(second) in ("", "—")


# --- the planned results of a section in the execution report ----------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_execution_report_says_what_each_section_was_to_achieve(fmt: Format) -> None:
    """The plan prints «Планируемый результат:» under a section; the report on its execution left it out, so what
    was done could not be read against what was planned."""
    planned = ["Сформирована нормативная база", "не менее 2 школ получили адресную помощь."]
    document = _execution_document(
        [_section([_executed("1.1", "Семинар", "done")], planned_results=planned),
         _section([_executed("2.1", "Курсы", "in_progress")], number="2", title="Кадры")]
    )  # fmt: skip
    text = _texts(document, (fmt,))[fmt]
    line = "Планируемый результат: Сформирована нормативная база; не менее 2 школ получили адресную помощь."
    assert line in text, fmt
    assert text.count("Планируемый результат") == 1  # a section without planned results gets no empty line
    assert text.index("1. Мониторинг") < text.index(line) < text.index("1.1")


# --- «Другой план» ----------------------------------------------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_plan_of_another_kind_is_not_subtitled_other_plan(fmt: Format) -> None:
    """«Другой план; Таёжный муниципальный район; …» under the title: the catalogue's word for the rest, which
    reads as a form left half filled."""
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Семинар")]}])
    other = answer | {"kind_label": "Другой план", "title": "План работы с молодыми педагогами"}
    text = _texts(_plan_document(other), (fmt,))[fmt]
    assert "Другой план" not in text, fmt
    assert "План работы с молодыми педагогами Таёжный муниципальный район; 2024-2025 учебный год" in text, fmt
    kept = _texts(_plan_document(answer), (fmt,))[fmt]
    assert "Муниципальная дорожная карта; Таёжный муниципальный район; 2024-2025 учебный год" in kept


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_execution_report_of_another_kind_of_plan_is_not_subtitled_other_plan(fmt: Format) -> None:
    document = _execution_document([_section([_executed("1.1", "Семинар", "done")])], kind_label="Другой план")
    text = _texts(document, (fmt,))[fmt]
    assert "Другой план" not in text, fmt
    assert "(Таёжный муниципальный район; 2024-2025 учебный год) утверждён приказом" in text, fmt
    assert "Таёжный муниципальный район; 2024-2025 учебный год; по состоянию на 15.11.2024" in text, fmt


# --- the plan's name and period as its subtitle writes them ------------------------------------------------------


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_school_year_typed_into_the_plan_s_name_reads_as_its_subtitle(fmt: Format) -> None:
    """«Дорожная карта … на 2024/2025 учебный год» over «…; 2024-2025 учебный год»: one year written two ways."""
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Семинар")]}])
    named = answer | {"title": "Дорожная карта поддержки школ на 2024/2025 учебный год"}
    text = _texts(_plan_document(named), (fmt,))[fmt]
    assert "Дорожная карта поддержки школ на 2024-2025 учебный год" in text, fmt
    assert "2024/2025" not in text


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_a_school_year_typed_into_the_plan_s_name_reads_as_its_subtitle_in_the_execution_report(fmt: Format) -> None:
    document = _execution_document(
        [_section([_executed("1.1", "Семинар", "done")])], title="Дорожная карта на 2024/25 учебный год"
    )
    text = _texts(document, (fmt,))[fmt]
    assert "плана «Дорожная карта на 2024-2025 учебный год»" in text, fmt
    assert "План «Дорожная карта на 2024-2025 учебный год» (" in text, fmt
    assert "2024/25" not in text


# --- co-executors without anyone responsible --------------------------------------------------------------------


def _co_only_plan() -> dict[str, Any]:
    activity = _activity("1.1", "Семинар") | {"id": 11, "responsible": [], "co_executors": [{"name": "МБУ ГЦОКО"}]}
    both = _activity("1.2", "Совещание") | {"id": 12, "co_executors": [{"name": "Руководители ОУ"}]}
    return _plan([{"number": "1", "title": "Мониторинг", "activities": [activity, both]}])


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_co_executors_alone_are_not_printed_as_the_responsible_in_the_plan(fmt: Format) -> None:
    """«МБУ ГЦОКО» bare under «Ответственный»: the one helping read as the one answering for the activity."""
    text = _texts(_plan_document(_co_only_plan()), (fmt,))[fmt]
    assert "Семинар соисполнители: МБУ ГЦОКО" in text, fmt
    assert "Бабкина Н.А.; соисполнители: Руководители ОУ" in text, fmt


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_execution_report_names_the_responsible_and_co_executors_as_the_plan_does(fmt: Format) -> None:
    """Roadmap's execution answer writes co-executors alone bare: the report now takes the plan's own words."""
    seminar = _executed("1.1", "Семинар", "done") | {"id": 11, "responsible": "МБУ ГЦОКО"}
    both = "Бабкина Н.А.; соисполнители: Руководители ОУ"
    meeting = _executed("1.2", "Совещание", "done") | {"id": 12, "responsible": both}
    document = _execution_document([_section([seminar, meeting])], planned=_co_only_plan())
    text = _texts(document, (fmt,))[fmt]
    assert "Семинар соисполнители: МБУ ГЦОКО" in text, fmt
    assert "Совещание Бабкина Н.А.; соисполнители: Руководители ОУ" in text, fmt


# --- through the real roadmap and reports services ---------------------------------------------------------------


def _monthly_plan(stack: Stack) -> dict[str, Any]:
    coordinator = stack.auth("municipal_coordinator")
    body = {
        "kind": "other",
        "title": "План методической работы на 2024/2025 учебный год",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [
            {"number": "1", "title": "Мониторинг", "planned_results": ["Ежемесячные справки о посещаемости"],
             "activities": [
                 {"number": "1.1", "title": "Мониторинг посещаемости", "deadline_text": "ежемесячно",
                  "responsible": [], "co_executors": [{"name": "МБУ ГЦОКО"}],
                  "indicator": "Доля школ, сдавших сведения, — 100 %"},
             ]},
        ],
    }  # fmt: skip
    made = stack.gateway.post("/api/roadmap/plans", json=body, headers=coordinator)
    assert made.status_code == 201, made.text
    answer: dict[str, Any] = made.json()
    approve(stack, answer["id"], "01-04-181", "2024-09-02")
    return answer


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    body = document.element.body
    paragraphs = body.iter(docx.oxml.ns.qn("w:p"))
    return " ".join(" ".join("".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in paragraphs).split())


def test_a_monthly_plan_of_another_kind_read_back_through_the_services(stack: Stack) -> None:
    made = _monthly_plan(stack)
    plan_text = _docx_text(render_on_stack(stack, "municipal_coordinator", "plan", "docx", plan_id=made["id"]))
    assert "Другой план" not in plan_text
    assert "Показатели" in plan_text and "Доля школ, сдавших сведения, — 100 %" in plan_text
    assert "Мониторинг посещаемости соисполнители: МБУ ГЦОКО ежемесячно" in plan_text

    content = render_on_stack(stack, "municipal_coordinator", "plan_execution", "docx", plan_id=made["id"],
                              as_of="2024-11-15")  # fmt: skip
    text = _docx_text(content)
    assert "Другой план" not in text
    assert "Планируемый результат: Ежемесячные справки о посещаемости." in text
    assert "Мониторинг посещаемости соисполнители: МБУ ГЦОКО ежемесячно" in text
    for stage in ("сентябрь 2024: просрочен", "октябрь 2024: просрочен", "ноябрь 2024: идёт"):
        assert stage in text
    assert "декабрь 2024 – август 2025 (9 этапов): срок не наступил" in text
    assert "январь 2025: срок не наступил" not in text

    pdf = render_on_stack(stack, "municipal_coordinator", "plan_execution", "pdf", plan_id=made["id"],
                          as_of="2024-11-15")  # fmt: skip
    printed = pdf_text(pdf)  # the same words on paper, wrapped where the page's columns wrap them
    assert "(9 этапов)" in printed and "январь 2025" not in printed
    assert "Планируемый результат: Ежемесячные справки о посещаемости." in printed
    assert "Другой план" not in printed


@no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_targets_report_names_the_plan_as_the_plan_itself_does(fmt: Format) -> None:
    """The targets report («Целевые показатели плана …») printed «Другой план; …» and the title's «2024/2025» under a
    subtitle writing «2024-2025», as the plan and its execution report no longer do (`plan_subtitle`, `plan_title`)."""
    answer = _plan([{"number": "1", "title": "Мониторинг", "activities": [_activity("1.1", "Семинар")]}])
    title = "План работы с молодыми педагогами на 2024/2025 учебный год"
    other = answer | {"kind_label": "Другой план", "title": title}
    sources = _sources({PLAN_URL: other, f"{PLAN_URL}/indicators": []})
    text = _texts(indicators.build(ReportParams(plan_id=7), sources, TODAY), (fmt,))[fmt]
    assert "Другой план" not in text and "2024/2025" not in text, fmt
    assert "План работы с молодыми педагогами на 2024-2025 учебный год" in text, fmt
    assert "Таёжный муниципальный район; 2024-2025 учебный год; сведения на" in text, fmt
