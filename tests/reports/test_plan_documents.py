"""The plan, the execution report and the KPI table as the documents an official signs, rendered through
`POST /api/reports/render` with the real roadmap service behind and read back with python-docx and openpyxl:
the approval block in the genitive, «Приложение к приказу», no «Дата формирования», no ISO dates, each section
heading once, the plan's own columns (seed 003's and seed 004's sets), an activity with a passed stage
overdue at an `as_of` date, the KPI deviation and verdict for both directions, numbers written by unit."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import docx
import openpyxl
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table as WordTable

from services.reports.documents.common import genitive, section_heading
from services.reports.documents.indicators import deviation_text, figure, unit_kind
from services.roadmap.plans.models import Evidence
from tests.conftest import Stack
from tests.roadmap.plan_files import plan_000, plan_001, plan_002, plan_003, plan_004
from tests.roadmap.plan_rows import roadmap_session
from tests.roadmap.test_plan_execution import import_plan, staged_plan
from tests.support import render_report

RENDER = "/api/reports/render"
PLANS = "/api/roadmap/plans"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def render(stack: Stack, username: str, report_type: str, fmt: str, **parameters: Any) -> bytes:
    """The rendered file; a report answered 202 is polled until it is done (never failed for being slow)."""
    body = {"report_type": report_type, "format": fmt, "parameters": parameters}
    answer = render_report(stack.gateway, stack.auth(username), **body)
    assert answer.status_code == 200, answer.text
    return answer.content


def word(content: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(content))


def all_paragraphs(document: WordDocument) -> list[str]:
    """Every paragraph of the body, inside tables too, and of the page headers."""
    paragraphs = document.element.body.iter(qn("w:p"))
    body = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]
    headers = [p.text for s in document.sections for p in s.header.paragraphs]
    return [*headers, *body]


def cells(row: Any) -> list[str]:
    """A row's cells as the reader sees them: a merged cell once (no-break spaces as spaces)."""
    seen, texts = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            texts.append(cell.text.replace("\xa0", " "))
    return texts


def table_with(document: WordDocument, header: str) -> WordTable:
    found = [t for t in document.tables if header in cells(t.rows[0])]
    assert len(found) == 1, [cells(t.rows[0]) for t in document.tables]
    return found[0]


def approve(stack: Stack, plan_id: int, number: str, day: str) -> None:
    headers = stack.auth("municipal_coordinator")
    etag = stack.gateway.get(f"{PLANS}/{plan_id}", headers=headers).headers["ETag"]
    answer = stack.gateway.post(
        f"{PLANS}/{plan_id}/approve",
        json={"order_number": number, "order_date": day},
        headers=headers | {"If-Match": etag},
    )
    assert answer.status_code == 200, answer.text


def municipal_genitive(stack: Stack) -> str:
    return f"Управления образования администрации {genitive(stack.territory['municipality']['name'])}"


def test_the_plan_is_the_orders_appendix_in_its_own_columns(stack: Stack) -> None:
    plan = import_plan(stack, "Дорожная карта по реализации программы", "2022-2023", file=("план.docx", plan_003()))
    approve(stack, plan["id"], "01-04-181", "2022-07-01")
    document = word(render(stack, "municipal_coordinator", "plan", "docx", plan_id=plan["id"]))
    texts = all_paragraphs(document)
    authority = municipal_genitive(stack)
    assert f"приказом {authority}" in texts and "от 01.07.2022 №\u00a001-04-181" in texts
    assert "УТВЕРЖДЕНА" in texts and not any("приказом Управление" in t for t in texts)
    assert f"Приложение к приказу {authority} от 01.07.2022 №\u00a001-04-181" in texts
    assert not any("Дата формирования" in t for t in texts)
    assert not [t for t in texts if ISO_DATE.search(t)]
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE

    # One table in the plan's own column set, a bold row per section, each heading printed once.
    table = table_with(document, "Мероприятия")
    assert cells(table.rows[0]) == ["№", "Мероприятия", "Итоговый документ", "Сроки", "Ответственный"]
    headings = [section_heading(s) for s in plan["sections"]]
    assert headings[0].startswith("Трек 1 - ") and len(headings) == 3  # «Трек 1», not «1. Трек 1»
    for heading in headings:
        assert texts.count(heading) == 1, heading
        assert [cells(r) for r in table.rows].count([heading]) == 1
    activities = [r for r in table.rows[1:] if len(cells(r)) == 5 and cells(r)[0]]
    assert len(activities) == sum(len(s["activities"]) for s in plan["sections"])
    for column in range(5):  # seed 003's plan gets no empty column
        assert any(cells(r)[column].strip() for r in activities), column
    assert any(c.startswith("Планируемый результат:") for r in table.rows for c in cells(r))


def test_seed_004s_plan_has_its_period_first_and_a_draft_has_blanks(stack: Stack) -> None:
    plan = import_plan(stack, "План-график выполнения работ", "2020-2021", text=plan_004())
    document = word(render(stack, "municipal_coordinator", "plan", "docx", plan_id=plan["id"]))
    table = table_with(document, "Период реализации")
    assert cells(table.rows[0]) == [
        "№ п/п", "Период реализации", "Наименование мероприятия",
        "Прогнозируемый результат (количественные характеристики)",
    ]  # fmt: skip
    first = next(cells(r) for r in table.rows if cells(r)[0] == "1.1")
    assert first[1] == "январь – февраль 2021 г." and first[2].startswith("Разработка муниципальной концепции")
    texts = all_paragraphs(document)
    assert "УТВЕРЖДЕНО" not in texts  # a draft is not approved yet
    assert any(t.startswith(f"Приложение к приказу {municipal_genitive(stack)} от «___»") for t in texts)
    assert not any("Дата формирования" in t for t in texts)

    book = openpyxl.load_workbook(
        io.BytesIO(render(stack, "municipal_coordinator", "plan", "xlsx", plan_id=plan["id"]))
    )
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Период реализации" in values and any(v.startswith("2021 год") for v in values)


def test_the_execution_report_at_a_date_with_a_passed_stage(stack: Stack) -> None:
    plan = staged_plan(stack)
    approve(stack, plan["id"], "57-од", "2024-09-02")
    staged, seminar = plan["sections"][0]["activities"]
    coordinator = stack.auth("municipal_coordinator")
    uploaded = stack.gateway.post(
        f"/api/roadmap/activities/{seminar['id']}/evidence",
        data={"title": "Программа семинара"},
        files={"file": ("программа-семинара.pdf", b"%PDF-1.4\n%%EOF\n")},
        headers=coordinator,
    )
    assert uploaded.status_code == 201, uploaded.text
    with roadmap_session(stack.settings) as session:  # uploaded before the report's date: it lists only those
        proof = session.get(Evidence, uploaded.json()["id"])
        assert proof is not None
        proof.created_at = datetime(2024, 11, 1, 3, 0, tzinfo=UTC)
        session.add(proof)

    content = render(stack, "observer", "plan_execution", "docx", plan_id=plan["id"], as_of="2024-11-15")
    document = word(content)
    texts = all_paragraphs(document)
    assert "по состоянию на 15.11.2024" in " ".join(texts)
    assert any(f"утверждён приказом {municipal_genitive(stack)} от 02.09.2024 №\u00a057-од" in t for t in texts)
    assert not [t for t in texts if ISO_DATE.search(t)] and not any("/api/" in t for t in texts)
    assert not any("Дата формирования" in t for t in texts)
    table = table_with(document, "Фактический результат")
    rows = [cells(r) for r in table.rows]
    overdue = rows.index(["Просрочено (1)"])
    assert rows[overdue + 1][0] == "1.1" and rows[overdue + 1][1] == staged["title"]
    assert "просрочен" in rows[overdue + 1][3] and "срок не наступил" in rows[overdue + 1][3]
    planned = rows.index(["Срок не наступил (1)"])
    assert rows[planned + 1][1] == seminar["title"]
    assert "«программа-семинара.pdf» (загружено 01.11.2024)" in rows[planned + 1][5]
    assert [p.text for p in document.paragraphs].count("1. Мониторинг") == 1  # the heading once
    analysis = next(t for t in texts if t.startswith("Анализ выполнения плана"))
    assert "по состоянию на 15.11.2024 показал, что" in analysis
    assert any("пропущен промежуточный этап" in t and "№\u00a01.1 «" in t for t in texts)  # the number with its title
    signature = next(t for t in document.tables if cells(t.rows[0])[0].startswith("Начальник Управления"))
    assert municipal_genitive(stack).removeprefix("Управления ") in cells(signature.rows[0])[0]

    early = all_paragraphs(word(render(stack, "observer", "plan_execution", "docx", plan_id=plan["id"],
                                       as_of="2024-10-10")))  # fmt: skip
    assert not any(t.startswith("Просрочено (") for t in early)
    assert any("просроченных мероприятий нет" in t for t in early)

    signed = word(render(stack, "observer", "plan_execution", "docx", plan_id=plan["id"], as_of="2024-11-15",
                         signatory_name="Е.К. Бурбукина", executor_name="Бабкина Н.А.",
                         executor_phone="8 (39195) 2-23-05", as_order_appendix=True, order_number="01-04-200",
                         order_date="2024-11-20"))  # fmt: skip
    signed_texts = all_paragraphs(signed)
    assert f"Приложение к приказу {municipal_genitive(stack)} от 20.11.2024 №\u00a001-04-200" in signed_texts
    assert "Исп.: Бабкина Н.А., тел. 8 (39195) 2-23-05" in signed_texts
    assert any("Е.К. Бурбукина" in cells(t.rows[0]) for t in signed.tables)
    types = stack.gateway.get("/api/reports/types", headers=coordinator).json()
    execution_type = next(t for t in types if t["code"] == "plan_execution")
    assert execution_type["required"] == ["plan_id"] and "as_of" in execution_type["optional"]

    bad = stack.gateway.post(
        RENDER,
        json={"report_type": "plan_execution", "parameters": {"plan_id": plan["id"], "as_of": "вчера"}},
        headers=coordinator,
    )
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_the_kpi_table_with_plan_and_fact_by_year_deviation_and_verdict(stack: Stack) -> None:
    plan = staged_plan(stack)
    headers = stack.auth("municipal_coordinator")
    url = f"{PLANS}/{plan['id']}/indicators"
    for body in (
        {"name": "Доля выпускников, получивших аттестат", "unit": "%", "baseline": 88.0, "baseline_year": "2023-2024",
         "targets": {"2024-2025": 90.0, "2025-2026": 95.0}, "actuals": {"2024-2025": 92.5}},
        {"name": "Доля обучающихся ниже минимального порога", "unit": "%", "direction": "lower", "baseline": 34.0,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 25.0}, "actuals": {"2024-2025": 27.0}},
        {"name": "Число школ, вышедших из группы риска", "unit": "школ", "baseline": 1, "baseline_year": "2023-2024",
         "targets": {"2024-2025": 3}, "actuals": {"2024-2025": 3}},
        {"name": "Число обучающихся с рисками неуспешности", "unit": "чел.", "direction": "lower", "baseline": 120,
         "baseline_year": "2023-2024", "targets": {"2024-2025": 100}, "actuals": {"2024-2025": 90}},
    ):  # fmt: skip
        assert stack.gateway.post(url, json=body, headers=headers).status_code == 201

    document = word(render(stack, "observer", "indicators", "docx", plan_id=plan["id"]))
    table = table_with(document, "Показатель")
    upper, lower = cells(table.rows[0]), cells(table.rows[1])
    assert upper == ["№ п/п", "Показатель", "Ед. изм.", "2023-2024", "2024-2025", "2025-2026",
                     "Отклонение от плана", "Результат"]  # fmt: skip
    assert lower == ["№ п/п", "Показатель", "Ед. изм.", "Факт", "План", "Факт", "План", "Факт",
                     "Отклонение от плана", "Результат"]  # fmt: skip
    rows = {cells(r)[1]: cells(r) for r in table.rows[2:]}
    share = rows["Доля выпускников, получивших аттестат"]
    assert share[3:] == ["88 %", "90 %", "92,5 %", "95 %", "—", "+2,5 п. п.", "достигнуто"]
    lower_better = rows["Доля обучающихся ниже минимального порога (чем меньше, тем лучше)"]
    assert lower_better[3:5] == ["34 %", "25 %"] and lower_better[-2:] == ["+2 п. п.", "не достигнуто"]
    schools = rows["Число школ, вышедших из группы риска"]
    assert schools[3:6] == ["1", "3", "3"] and schools[-2:] == ["0", "достигнуто"]  # never «3,000»
    pupils = rows["Число обучающихся с рисками неуспешности (чем меньше, тем лучше)"]
    assert pupils[3:6] == ["120", "100", "90"] and pupils[-2:] == ["−10", "достигнуто"]
    texts = all_paragraphs(document)
    assert not any("Дата формирования" in t for t in texts) and not [t for t in texts if ISO_DATE.search(t)]
    assert any("плановые значения достигнуты по 3 из 4" in t for t in texts)

    # In XLSX every figure is a number (a percent a share formatted as a percent, points signed with their unit).
    book = openpyxl.load_workbook(io.BytesIO(render(stack, "observer", "indicators", "xlsx", plan_id=plan["id"])))
    sheet = book["Показатели"]
    by_name = {row[1].value: [c.value for c in row[3:]] for row in sheet.iter_rows(min_row=4)}
    share_row = by_name["Доля выпускников, получивших аттестат"]
    assert share_row[:4] == pytest.approx([0.88, 0.9, 0.925, 0.95]) and share_row[4:] == ["—", 2.5, "достигнуто"]
    assert [sheet.cell(4, column).number_format for column in (4, 6)] == ["0%", "0.0%"]
    assert sheet.cell(4, 9).number_format.startswith('"+"0.0"\xa0п.\xa0п."')
    assert by_name["Доля обучающихся ниже минимального порога (чем меньше, тем лучше)"][5:] == [2, "не достигнуто"]
    assert by_name["Число школ, вышедших из группы риска"][:3] == [1, 3, 3]
    assert by_name["Число обучающихся с рисками неуспешности (чем меньше, тем лучше)"][5] == -10
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if re.fullmatch(r"[+−-]?[\d\s\xa0,]+(%|\s*п\.п\.)?", t.replace("\xa0", " "))]


def test_figures_by_unit() -> None:
    assert [unit_kind(u) for u in ("%", "процентов", "школ", "чел.", "ОО", "баллов", "")] == [
        "percent", "percent", "count", "count", "count", "value", "value",
    ]  # fmt: skip
    assert [figure(3.0, "count"), figure(2.6, "count"), figure(25.0, "percent"), figure(4.25, "value")] == [
        3, 3, "25\xa0%", "4,25",
    ]  # fmt: skip
    assert figure(12.0, "value") == 12
    assert figure(None, "count") == "—"
    assert [deviation_text(-1.0, "count"), deviation_text(2.5, "percent"), deviation_text(0.0, "value")] == [
        "−1", "+2,5\xa0п.\xa0п.", "0",
    ]  # fmt: skip


def test_every_column_set_of_the_seeds_prints_its_own_header_and_no_empty_column(stack: Stack) -> None:
    for name, content, school_year in (
        ("программа.docx", plan_000(), "2021-2022"),
        ("план.xlsx", plan_001(), "2020-2021"),
        ("отчёт.docx", plan_002(), "2020-2021"),
    ):
        plan = import_plan(stack, f"План из файла {name}", school_year, file=(name, content))
        labels = [c["label"] for c in plan["columns"]]
        table = table_with(word(render(stack, "municipal_coordinator", "plan", "docx", plan_id=plan["id"])), labels[1])
        assert cells(table.rows[0]) == labels, name
        activities = [cells(r) for r in table.rows[1:] if len(cells(r)) == len(labels) and cells(r)[1]]
        assert len(activities) >= sum(len(s["activities"]) for s in plan["sections"]), name
        for column in range(1, len(labels)):
            assert any(row[column].strip() for row in activities), (name, labels[column])
