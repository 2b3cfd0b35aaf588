"""Documents of the demo region rendered through the API (the four services on real databases) and read back in
every format, and the wording they share checked on built documents: a plan's activity the plan gives no deadline
or nobody reads dashes in the plan, and the execution report names it as a gap to fill («срок исполнения не
установлен у 1 мероприятия: № 1.1 «…»») and says so in its recommendations; a passed single deadline is written
once («до 01.10.2024: просрочен»); categories in a list or after a colon read «ШНОР, зона риска», never
«ШНОР, Зона риска»; the objectivity rule of the card is «без категории», never the jargon «флаги»; a reason after
its rule's label goes on with a small letter («…: средний результат»); a range of school years takes the en dash
(«за 2021-2022 – 2023-2024»), whoever wrote it; a region names no municipality «with the largest share» of 0 %,
and names those of one share in the order of their names; a region or municipality of a compound name is declined
whole («Ханты-Мансийского автономного округа — Югры», «администрации городского округа Химки»); a plan's first year
has no baseline columns of dashes."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import openpyxl
import pytest

from services.reports.documents import identification_note, indicators, plan_execution
from services.reports.documents.common import categories_text, genitive, municipality_authority
from services.reports.documents.model import Document, Paragraph, Section, typeset
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import render
from tests.conftest import Stack
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, text_of
from tests.reports.test_documents_read_back import PLAN_URL, _executed, _execution_sources, _plan, _sources
from tests.support import render_report

FORMATS = ("docx", "xlsx", "html", "pdf")
PLANS = "/api/roadmap/plans"
YEAR = "2023-2024"
TODAY = date(2024, 11, 20)
AS_OF = date(2024, 11, 15)
NO_DATABASE = pytest.mark.no_database  # see tests/conftest.py: all but the tests through the API


def _render(stack: Stack, report_type: str, fmt: str, **parameters: Any) -> str:
    headers = stack.auth("municipal_coordinator")
    answer = render_report(stack.gateway, headers, report_type=report_type, format=fmt, parameters=parameters)
    assert answer.status_code == 200, (report_type, fmt, answer.text)
    return text_of(fmt, answer.content)


def _school_codes(stack: Stack) -> list[str]:
    municipality = stack.territory["municipality"]["code"]
    schools = stack.gateway.get(
        "/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin")
    ).json()["items"]
    return sorted(s["school_code"] for s in schools if s["municipality_code"] == municipality)


# --- through the API: a plan with no deadline, for every school of the municipality ---------------------------------


def _plan_for_every_school(stack: Stack) -> dict[str, Any]:
    body = {
        "kind": "municipal_roadmap",
        "title": 'Дорожная карта "Успех каждого" на 2024-2025 учебный год',
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [
            {"number": "1", "title": "Семинары", "activities": [
                {"number": "1.1", "title": "Семинар для каждой школы", "responsible": [], "deadline_text": "",
                 "school_codes": _school_codes(stack)},
                {"number": "1.2", "title": "Совещание руководителей", "responsible": [{"name": "Бабкина Н.А."}],
                 "deadline_text": "до 01.10.2024"},
            ]},
        ],
    }  # fmt: skip
    created = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator"))
    assert created.status_code == 201, created.text
    plan: dict[str, Any] = created.json()
    return plan


def test_a_plan_for_every_school_with_no_deadline_reads_in_plain_russian_in_every_format(stack: Stack) -> None:
    plan = _plan_for_every_school(stack)
    schools = len(_school_codes(stack))
    assert schools > 1
    for fmt in FORMATS:
        document = _render(stack, "plan", fmt, plan_id=plan["id"])
        assert "Дорожная карта «Успех каждого» на 2024-2025 учебный год" in document, fmt
        if fmt != "xlsx":  # the sheet reads its own cells: see below
            named = re.search(r"Семинар для каждой школы Школы-участницы: (.+?) — — — —", document)
            assert named is not None, fmt  # every school named, not «Школы-участницы: 7»
            assert len(named.group(1).split("; ")) == schools, fmt
        text = _render(stack, "plan_execution", fmt, plan_id=plan["id"], as_of="2024-11-15")
        positions = schools + 1
        assert (
            f"в плане 2 мероприятия, с учётом исполнения каждой школой-участницей — {positions}: выполнено 0, "
            f"просрочено 1, срок не установлен у {schools}." in text  # no deadline: none to come (round 18)
        ), fmt
        assert "до 01.10.2024: просрочен" in text and "до 01.10.2024 до 01.10.2024" not in text, fmt
        assert "срок исполнения не установлен у 1 мероприятия: № 1.1 «Семинар для каждой школы»" in text, fmt
        assert "Установить сроки исполнения мероприятий, для которых они не определены." in text, fmt
        assert "позици" not in text and "None" not in text, fmt


def test_the_plan_sheet_writes_a_dash_where_the_plan_sets_nothing(stack: Stack) -> None:
    plan = _plan_for_every_school(stack)
    headers = stack.auth("municipal_coordinator")
    answer = render_report(
        stack.gateway, headers, report_type="plan", format="xlsx", parameters={"plan_id": plan["id"]}
    )
    assert answer.status_code == 200, answer.text
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content))["План мероприятий"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "1.1")
    assert list(row[2:6]) == ["—", "—", "—", "—"], row


# --- through the API: the card and the note of the demo region --------------------------------------------------


def test_the_card_lists_its_categories_in_lower_case_after_the_first(stack: Stack) -> None:
    headers = stack.auth("municipal_coordinator")
    card_of = None
    for code in _school_codes(stack):
        history = stack.gateway.get(f"/api/identification/schools/{code}/history", headers=headers).json()
        latest = history["statuses"][-1] if history["statuses"] else None
        if latest and "risk_zone" in latest["categories"] and len(latest["categories"]) > 1:
            card_of = (code, latest)
            break
    assert card_of, "the demo region has a school of two categories, one of them the risk zone"
    code, latest = card_of
    listed = categories_text(latest["categories"], in_sentence=True)
    assert "зона риска" in listed
    for fmt in FORMATS:
        text = _render(stack, "school_card", fmt, school_code=code)
        year = latest["school_year"].replace("/", "-")
        assert f"Категории школы в {year} учебном году: {listed}." in text, fmt
        assert ", Зона риска" not in text and ", Эффективный режим" not in text, fmt
        assert "флаги" not in text, fmt
        if fmt == "docx":
            rules = next(
                t for t in docx_tables(_docx(stack, code)) if t[0][:3] == ["Правило", "Категория", "Результат"]
            )
            assert "без категории" in [row[1] for row in rules[1:]], rules


def _docx(stack: Stack, code: str) -> bytes:
    headers = stack.auth("municipal_coordinator")
    answer = render_report(
        stack.gateway, headers, report_type="school_card", format="docx", parameters={"school_code": code}
    )
    assert answer.status_code == 200, answer.text
    return answer.content


def test_the_note_of_the_demo_region_writes_its_reasons_and_its_year_ranges_as_russian_runs_on(stack: Stack) -> None:
    for fmt in FORMATS:
        text = _render(stack, "identification_note", fmt, school_year=YEAR)
        if fmt == "pdf":  # a line never ends with «2023-» and goes on with «2024» (`pdf.unbroken_years_and_numbers`)
            assert not re.search(r"(?<![\d-])(19|20)\d\d- (19|20)\d\d", text), fmt
        assert "за 2021-2022 – 2023-2024 учебные годы;" in text, fmt
        assert not re.search(r"\d{4}-\d{4} — \d{4}-\d{4}", text), fmt  # a range never with the em dash
        assert not re.search(r"ВПР: Средний|олимпиадах: За|профиля «500\+»: В ", text), fmt
        if fmt != "xlsx":  # the appendix is a sheet of its own; its cells read the same (checked in docx)
            assert "Низкое участие в олимпиадах: за 2021-2022 – 2023-2024: участников" in text, fmt


# --- built documents: the wording shared by every format -----------------------------------------------------------


@NO_DATABASE
def test_categories_read_as_a_russian_list() -> None:
    assert categories_text(["low_results", "risk_zone"]) == "ШНОР, зона риска"
    assert categories_text(["risk_zone"]) == "Зона риска"  # a cell of its own starts with a capital
    assert categories_text(["risk_zone", "low_results"], in_sentence=True) == "зона риска, ШНОР"
    assert categories_text(["unfavourable_social", "effective"]) == "ШНСУ, эффективный режим"
    assert categories_text([]) == "—"


@NO_DATABASE
def test_a_range_of_school_years_takes_the_en_dash_and_a_year_s_figure_keeps_its_dash() -> None:
    assert typeset("За 2021-2022 — 2023-2024: участников") == "За 2021-2022 – 2023-2024: участников"
    assert typeset("2021-2022 - 2023-2024 учебные годы") == "2021-2022 – 2023-2024 учебные годы"
    listed = "2021-2022 — 36,5 %, 2022-2023 — 43,5 %"  # a year and its figure: the sentence's dash stays
    assert typeset(listed) == listed.replace(" %", "\xa0%")
    assert typeset("код 12021-2022 — 2023-2024") == "код 12021-2022 — 2023-2024"  # no school year: left as it is


def _note_with_reasons(reasons: list[str]) -> Document:
    answer = realistic.note()
    for school, reason in zip(answer["schools"], reasons, strict=False):
        if school["fired"]:
            school["fired"][0]["reason"] = reason
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    return identification_note.build(ReportParams(school_year=YEAR), sources, TODAY)


@NO_DATABASE
def test_a_reason_goes_on_after_its_rule_with_a_small_letter_and_an_abbreviation_stays() -> None:
    document = _note_with_reasons(
        ["Средний результат за 2023-2024: 38,1 — не выше границы", "ВПР, математика, 5 класс, 2023-2024: 8 из 20"]
    )
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][:3] == ["№", "Код ОО", "Школа"])
    rules = {row[2]: row[4] for row in rows[1:]}
    label = "Доля участников ниже минимального порога"
    assert rules["МБОУ «СОШ № 1»"] == f"{label}: средний результат за 2023-2024: 38,1 — не выше границы"
    assert rules["МБОУ «СОШ № 2»"] == f"{label}: ВПР, математика, 5 класс, 2023-2024: 8 из 20"
    assert rules["МБОУ «СОШ № 5»"] == "Недостаточно данных для решения"


@NO_DATABASE
def test_an_expert_adjustment_names_the_computed_categories_in_lower_case() -> None:
    answer = realistic.note()
    school = answer["schools"][0]
    school |= {"overridden": True, "computed_categories": ["risk_zone", "effective"], "override_reason": "решение"}
    document = identification_note.build(
        ReportParams(school_year=YEAR), realistic._sources({realistic.NOTE_PATH: answer}), TODAY
    )
    text = text_of("docx", render(document, "docx"))
    assert "Экспертная корректировка (по расчёту: зона риска, эффективный режим): решение" in text


def _staged(number: str, *, label: str, deadline: str, state: str = "overdue") -> dict[str, Any]:
    stage = {"id": 1, "label": label, "stage": None, "start": None, "due": "2024-10-01", "completed_on": None,
             "state": state}  # fmt: skip
    return _executed(number, f"Мероприятие {number}", "overdue") | {
        "deadline_text": deadline, "completed_at": None, "stages": [stage],
    }  # fmt: skip


@NO_DATABASE
def test_a_single_passed_deadline_is_written_once_and_another_stage_name_keeps_the_deadline() -> None:
    activities = [
        _staged("1.1", label="до 01.10.2024", deadline="до 01.10.2024"),
        _staged("1.2", label="октябрь 2024 (промежуточный)", deadline="октябрь 2024 г., май 2025 г."),
    ]
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources([section]), TODAY)
    rows = docx_tables(render(document, "docx"))[1]
    deadlines = {row[0]: row[3] for row in rows if len(row) > 3}
    assert deadlines["1.1"] == "до 01.10.2024: просрочен"
    assert deadlines["1.2"] == "октябрь 2024 г., май 2025 г. октябрь 2024 (промежуточный): просрочен"


@NO_DATABASE
def test_more_undated_activities_than_named_are_counted() -> None:
    activities = [_executed(f"1.{n}", f"Семинар {n}", "planned") | {"deadline_text": ""} for n in range(1, 13)]
    activities.append(_executed("2.1", "Совещание", "done") | {"deadline_text": ""})  # done: no gap to fill
    section = {"id": 1, "number": "1", "title": "Мониторинг", "planned_results": [], "activities": activities}
    document = plan_execution.build(ReportParams(plan_id=7, as_of=AS_OF), _execution_sources([section]), TODAY)
    for fmt in ("docx", "html"):
        text = text_of(fmt, render(document, fmt))
        named = "; ".join(f"№ 1.{n} «Семинар {n}»" for n in range(1, 11))
        assert f"срок исполнения не установлен у 12 мероприятий: {named} и ещё 2;" in text, fmt
        assert "«Совещание»" not in text.split("Анализ выполнения", 1)[1], fmt


def _regional(shares: dict[str, tuple[int, int]], region: str = "Кедровская область") -> Document:
    """A regional note whose municipalities have `shares`: name → (ШНОР, schools)."""
    answer = realistic.note()
    names = {f"99{n:02d}": name for n, name in enumerate(shares, start=1)}
    answer["territory"] = {"kind": "region", "code": "99", "name": region, "region_code": "99",
                           "region_name": region, "municipalities": names}  # fmt: skip
    municipalities = [
        {"code": code, "name": name, "schools": shares[name][1], "insufficient_data": 0, "mean_fail_share": 0.1,
         "categories": {"low_results": shares[name][0], "effective": shares[name][1] - shares[name][0]}}
        for code, name in names.items()
    ]  # fmt: skip
    low, total = sum(s[0] for s in shares.values()), sum(s[1] for s in shares.values())
    region = answer["aggregates"]["region"] | {"schools": total, "categories": {"low_results": low}}
    answer["aggregates"] |= {"territory": region, "region": region, "municipalities": municipalities, "rank": None}
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    return identification_note.build(ReportParams(school_year=YEAR), sources, TODAY)


@NO_DATABASE
def test_a_region_with_no_shnor_names_no_municipality_with_the_largest_share() -> None:
    document = _regional({"Таёжный район": (0, 5), "Северный район": (0, 7), "город Кедровск": (0, 12)})
    for fmt in ("docx", "xlsx", "html"):
        text = text_of(fmt, render(document, fmt))
        assert "Доля ШНОР по региону — 0,0 %; ШНОР нет ни в одном муниципалитете." in text, fmt
        assert "наибольшая доля" not in text and "(0,0 %)" not in text, fmt


@NO_DATABASE
def test_municipalities_of_the_same_share_are_named_in_the_order_of_their_names() -> None:
    shares = {"Ясный район": (1, 4), "Берёзовский район": (1, 4), "Таёжный район": (0, 11), "Алданский район": (2, 4)}
    document = _regional(shares)
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt))
        assert (
            "наибольшая доля — в муниципалитетах: Алданский район (50,0 %), Берёзовский район (25,0 %), "
            "Ясный район (25,0 %)." in text
        ), fmt
        assert "Таёжный район (0,0 %)" not in text, fmt


@NO_DATABASE
def test_a_plan_s_first_year_has_no_baseline_columns_of_dashes() -> None:
    answers = [
        {"id": n, "plan_id": 7, "name": f"Показатель {n}", "unit": unit, "direction": "higher", "baseline": None,
         "baseline_year": None, "targets": {"2024-2025": target}, "actuals": {"2024-2025": fact}}
        for n, (unit, target, fact) in enumerate([("%", 50.0, 55.5), ("чел.", 12, 14)], start=1)
    ]  # fmt: skip
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": answers})
    document = indicators.build(ReportParams(plan_id=7), sources, TODAY)
    rows = docx_tables(render(document, "docx"))[0]
    assert rows[0] == ["№ п/п", "Показатель", "Ед. изм.", "2024-2025", "Отклонение от плана", "Результат"]
    assert rows[2] == ["1", "Показатель 1", "%", "50 %", "55,5 %", "+5,5 п. п.", "достигнуто"]
    assert rows[3] == ["2", "Показатель 2", "чел.", "12", "14", "+2", "достигнуто"]
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Показатели"]
    assert "Базовый год" not in [c.value for row in sheet.iter_rows() for c in row]
    with_baseline = [answers[0] | {"baseline": 48.0, "baseline_year": "2023-2024"}, answers[1]]
    sources = _sources({PLAN_URL: _plan([]), f"{PLAN_URL}/indicators": with_baseline})
    rows = docx_tables(render(indicators.build(ReportParams(plan_id=7), sources, TODAY), "docx"))[0]
    assert rows[0][3] == "2023-2024" and rows[1][3] == "Факт" and rows[3][3] == "—"  # one has it: the column stays


@NO_DATABASE
def test_a_region_of_two_names_is_declined_in_both() -> None:
    assert genitive("Кемеровская область — Кузбасс") == "Кемеровской области — Кузбасса"
    assert genitive("Чувашская Республика — Чувашия") == "Чувашской Республики — Чувашии"
    assert genitive("Республика Северная Осетия — Алания") == "Республики Северная Осетия — Алания"  # as written
    assert genitive("Ханты-Мансийский автономный округ") == "Ханты-Мансийского автономного округа"
    assert (
        municipality_authority("Городской округ Химки")
        == "Управление образования администрации городского округа Химки"
    )
    assert genitive("городской округ город Кедровск") == "городского округа город Кедровск"
    assert genitive("сельское поселение Ключи") == "сельского поселения Ключи"
    region = "Ханты-Мансийский автономный округ — Югра"
    document = _regional({"город Сургут": (1, 4), "Нефтеюганский район": (0, 6)}, region)
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt))
        assert "Министерство образования Ханты-Мансийского автономного округа — Югры от" in text, fmt
        assert "организаций Ханты-Мансийского автономного округа — Югры по итогам 2023-2024 учебного года" in text
        assert "Министр образования Ханты-Мансийского автономного округа — Югры" in text, fmt
        assert f"{region}; 2023-2024 учебный год" in text, fmt  # the subtitle names it as it is


@NO_DATABASE
def test_a_school_year_is_never_broken_at_its_hyphen_in_the_pdf_and_the_docx_keeps_its_text() -> None:
    text = " ".join(f"слово{n} 2023-2024" for n in range(1, 60))  # one of them falls at a line's end
    document = Document(
        report_type="plan", authority="Управление образования", title="Справка", issued=TODAY,
        sections=[Section(title="Годы", blocks=[Paragraph(text=text)])],
    )  # fmt: skip
    pdf = text_of("pdf", render(document, "pdf"))
    assert pdf.count("2023-2024") == 59 and not re.search(r"2023- 2024", pdf)
    assert "\u2060" not in pdf
    word = render(document, "docx")
    assert "\u2060" not in text_of("docx", word) and text_of("docx", word).count("2023-2024") == 59
