"""Rendering through HTTP with the real identification and roadmap services serving the data: files read
back, the archive with checksums, background jobs, letterheads, and a dependency that is down."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import docx
import httpx
import openpyxl
import pypdf
from fastapi.testclient import TestClient

from services.reports.main import create_app as create_reports
from services.shared.school_year import SCHOOL_YEAR_MESSAGE
from tests.conftest import Stack, consuming
from tests.support import poll_report, render_report

RENDER = "/api/reports/render"


def _plan(stack: Stack) -> dict[str, Any]:
    body = {
        "kind": "anti_risk_programme",
        "title": "Антирисковая программа «Высокая доля обучающихся с рисками учебной неуспешности»",
        "school_code": stack.territory["school"]["code"],
        "school_year": "2024-2025",
        "sections": [
            {
                "title": "Работа с обучающимися группы риска",
                "activities": [
                    {
                        "number": "1",
                        "title": "Выявление обучающихся с рисками учебной неуспешности",
                        "responsible": [{"name": "Бабкина Н.А."}],
                        "deadline_text": "Сентябрь",
                        "expected_result": "Список обучающихся группы риска",
                        "final_document": "Справка",
                    }
                ],
            }
        ],
    }
    created = stack.gateway.post("/api/roadmap/plans", json=body, headers=stack.auth("school_staff"))
    assert created.status_code == 201, created.text
    plan: dict[str, Any] = created.json()
    return plan


def _render(stack: Stack, username: str, **body: Any) -> httpx.Response:
    """The file, however long the render takes (a 202 is polled), or the error."""
    return render_report(stack.gateway, stack.auth(username), **body)


def test_a_plan_as_word_and_the_archive_keeps_it(stack: Stack) -> None:
    plan = _plan(stack)
    answer = _render(stack, "school_staff", report_type="plan", format="docx", parameters={"plan_id": plan["id"]})
    assert answer.status_code == 200, answer.text
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    cells = [c.text for t in docx.Document(io.BytesIO(answer.content)).tables for r in t.rows for c in r.cells]
    assert "Антирисковая программа" in text
    assert "Выявление обучающихся с рисками учебной неуспешности" in cells and "Бабкина Н.А." in cells
    report_id = int(answer.headers["X-Report-Id"])
    listed = stack.gateway.get("/api/reports/reports", headers=stack.auth("school_staff")).json()
    entry = next(r for r in listed["items"] if r["id"] == report_id)
    assert entry["status"] == "done" and entry["checksum"] == hashlib.sha256(answer.content).hexdigest()
    assert entry["parameters"] == {"plan_id": plan["id"]} and entry["created_by_name"]
    again = stack.gateway.get(entry["download"], headers=stack.auth("school_staff"))
    assert again.content == answer.content
    foreign = stack.gateway.get(f"/api/reports/reports/{report_id}", headers=stack.auth("municipal_coordinator"))
    assert foreign.status_code == 404


def test_the_identification_note_in_every_format(stack: Stack) -> None:
    municipality = stack.territory["municipality"]["name"]
    params = {"school_year": "2023-2024"}
    pdf = _render(stack, "municipal_coordinator", report_type="identification_note", format="pdf", parameters=params)
    assert pdf.status_code == 200, pdf.text
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert municipality in text and "ШНОР" in text
    xlsx = _render(stack, "municipal_coordinator", report_type="identification_note", format="xlsx", parameters=params)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any(municipality in v for v in values)
    html = _render(stack, "municipal_coordinator", report_type="identification_note", format="html", parameters=params)
    assert html.headers["content-type"].startswith("text/html") and municipality in html.text


def test_a_school_year_is_read_in_any_written_form_and_answered_canonically(stack: Stack) -> None:
    for written in ("2023/2024", "2023–24"):
        answer = _render(
            stack, "municipal_coordinator", report_type="identification_note", parameters={"school_year": written}
        )
        assert answer.status_code == 200, answer.text
        entry = stack.gateway.get(
            f"/api/reports/reports/{answer.headers['X-Report-Id']}", headers=stack.auth("municipal_coordinator")
        ).json()
        assert entry["parameters"] == {"school_year": "2023-2024"}
    bad = _render(stack, "municipal_coordinator", report_type="identification_note", parameters={"school_year": "23"})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    assert bad.json()["fields"] == [
        {"loc": ["body", "parameters", "school_year"], "code": "invalid_school_year", "detail": SCHOOL_YEAR_MESSAGE}
    ]


def test_a_large_report_is_a_background_job(stack: Stack) -> None:
    body = {"report_type": "identification_note", "format": "xlsx", "parameters": {"school_year": "2023-2024"}}
    answer = stack.gateway.post(RENDER, json=body | {"background": True}, headers=stack.auth("regional_analyst"))
    assert answer.status_code == 202, answer.text
    status = poll_report(stack.gateway, stack.auth("regional_analyst"), answer.headers["Location"])
    assert status["status"] == "done" and status["progress"] == 100, status
    file = stack.gateway.get(status["download"], headers=stack.auth("regional_analyst"))
    assert file.status_code == 200 and openpyxl.load_workbook(io.BytesIO(file.content)).worksheets


def test_bad_requests_and_other_territories(stack: Stack) -> None:
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        ("school_staff", {"report_type": "plan", "format": "docx", "parameters": {}}, 422, "missing_parameter"),
        ("school_staff", {"report_type": "tea_leaves", "format": "docx"}, 422, "validation_error"),
        (
            "school_staff",
            {"report_type": "plan", "format": "odt", "parameters": {"plan_id": 1}},
            422,
            "validation_error",
        ),
        ("school_staff", {"report_type": "plan", "parameters": {"plan_id": 999999}}, 404, "plan_not_found"),
        (
            "regional_analyst",
            {"report_type": "identification_note", "parameters": {"school_year": "2023"}},
            422,
            "validation_error",
        ),
    ]
    for username, body, status, code in cases:
        answer = _render(stack, username, **body)
        # a job that failed after a 202 reads back from the archive as 409 with the same code
        assert answer.status_code in (status, 409) and answer.json()["code"] == code, (body, answer.text)
    other = next(
        s["school_code"]
        for s in stack.gateway.get(
            "/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin")
        ).json()["items"]
        if s["school_code"] != stack.territory["school"]["code"]
    )
    card = _render(stack, "school_staff", report_type="school_card", parameters={"school_code": other})
    assert card.status_code in (403, 409) and card.json()["code"] == "out_of_scope"
    assert stack.gateway.post(RENDER, json={"report_type": "plan"}).status_code == 401
    failed = stack.gateway.get("/api/reports/reports", headers=stack.auth("school_staff")).json()["items"]
    refused = next(r for r in failed if r["status"] == "failed")
    download = stack.gateway.get(f"/api/reports/reports/{refused['id']}/file", headers=stack.auth("school_staff"))
    assert download.status_code == 409 and download.json()["detail"]


def test_a_dependency_that_is_down_gives_503_naming_it(stack: Stack) -> None:
    down = httpx.Client(base_url="http://127.0.0.1:9", timeout=2)
    settings = stack.settings.model_copy(update={"queue_name": f"{stack.settings.queue_name}-down"})
    app = create_reports(settings, identification_client=down, roadmap_client=down)
    with TestClient(app) as client, consuming(app, stack.gateway):
        answer = render_report(
            client,
            stack.auth("regional_analyst"),
            report_type="identification_note",
            parameters={"school_year": "2023-2024"},
        )
        assert answer.status_code == 503, answer.text
        assert answer.json()["code"] == "dependency_unavailable" and "идентификация" in answer.json()["detail"]
        archive = client.get("/api/reports/reports", headers=stack.auth("regional_analyst")).json()["items"]
        assert archive[0]["status"] == "failed" and archive[0]["checksum"] is None


def _letterhead(text: str, field: str = "title") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    document.add_paragraph("{{ authority }}")
    document.add_paragraph("{{ " + field + " }}")
    document.add_paragraph("{{p body }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_authority_uploads_its_letterhead(stack: Stack) -> None:
    url = "/api/reports/templates"
    headers = stack.auth("municipal_coordinator")
    bad = stack.gateway.post(
        url,
        data={"report_type": "plan"},
        files={"file": ("бланк.docx", _letterhead("Бланк", field="adress"))},
        headers=headers,
    )
    assert (
        bad.status_code == 422 and bad.json()["code"] == "unknown_template_fields" and "adress" in bad.json()["detail"]
    )
    png = stack.gateway.post(
        url, data={"report_type": "plan"}, files={"file": ("бланк.docx", b"\x89PNG....")}, headers=headers
    )
    assert png.status_code == 422
    assert (
        stack.gateway.post(
            url,
            data={"report_type": "plan"},
            files={"file": ("бланк.docx", _letterhead("x"))},
            headers=stack.auth("school_staff"),
        ).status_code
        == 403
    )
    good = stack.gateway.post(
        url,
        data={"report_type": "plan", "name": "Бланк управления"},
        files={"file": ("бланк.docx", _letterhead("МУНИЦИПАЛЬНОЕ КАЗЁННОЕ УЧРЕЖДЕНИЕ «ОТДЕЛ ОБРАЗОВАНИЯ»"))},
        headers=headers,
    )
    assert good.status_code == 201, good.text
    assert "body" in good.json()["fields"]
    plan = _plan(stack)
    rendered = _render(
        stack, "municipal_coordinator", report_type="plan", format="docx", parameters={"plan_id": plan["id"]}
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(rendered.content)).paragraphs)
    assert "ОТДЕЛ ОБРАЗОВАНИЯ" in text and "Антирисковая программа" in text
    fields = stack.gateway.get(f"{url}/fields", headers=headers).json()
    assert "body" in fields["required"]


def _text(fmt: str, content: bytes) -> str:
    """Every piece of text a person would read in the file."""
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    return content.decode()


def test_every_type_in_every_format_carries_its_data(stack: Stack) -> None:
    plan = _plan(stack)
    headers = stack.auth("school_staff")
    indicator = {"name": "Доля обучающихся ниже минимального порога", "unit": "%", "targets": {"2024-2025": 20.0}}
    assert stack.gateway.post(f"/api/roadmap/plans/{plan['id']}/indicators", json=indicator, headers=headers).is_success
    school = stack.territory["school"]
    expected = {
        "plan": ({"plan_id": plan["id"]}, "Выявление обучающихся с рисками учебной неуспешности"),
        "plan_execution": ({"plan_id": plan["id"]}, "Выявление обучающихся с рисками учебной неуспешности"),
        "indicators": ({"plan_id": plan["id"]}, "Доля обучающихся ниже минимального порога"),
        "school_card": ({"school_code": school["code"], "school_year": "2023-2024"}, school["name"]),
        "identification_note": ({"school_year": "2023-2024"}, school["name"]),
    }
    # The note is written about a territory: a school's own staff get 403, its municipality's coordinator the note.
    note = _render(stack, "school_staff", report_type="identification_note", parameters={"school_year": "2023-2024"})
    assert note.status_code == 403 and note.json()["code"] == "out_of_scope"
    for report_type, (parameters, needle) in expected.items():
        user = "municipal_coordinator" if report_type == "identification_note" else "school_staff"
        for fmt in ("docx", "xlsx", "pdf", "html"):
            answer = _render(stack, user, report_type=report_type, format=fmt, parameters=parameters)
            assert answer.status_code == 200, (report_type, fmt, answer.text)
            text = " ".join(_text(fmt, answer.content).replace("\xa0", " ").split())
            assert " ".join(needle.split()) in text, (report_type, fmt)
            if report_type == "plan_execution" and fmt != "xlsx":  # the one activity, in the findings' words
                assert "выполнено 0 из 1 мероприятия" in text, fmt


def test_a_letterhead_that_would_freeze_the_service_is_refused_at_upload(stack: Stack) -> None:
    headers = stack.auth("municipal_coordinator")
    before = stack.gateway.get("/api/reports/templates", headers=headers).json()
    for field in ("title * 3000000", "title * 300000000"):
        answer = stack.gateway.post(
            "/api/reports/templates",
            data={"report_type": "plan"},
            files={"file": ("бланк.docx", _letterhead("Бланк", field=field))},
            headers=headers,
        )
        assert answer.status_code == 422 and answer.json()["code"] == "template_too_large", answer.text
        assert "слишком длинный текст" in answer.json()["detail"]
    looping = docx.Document()
    for line in ("{{ title }}", "{% for i in range(10**6) %}{{ i }}{% endfor %}", "{{p body }}"):
        looping.add_paragraph(line)
    buffer = io.BytesIO()
    looping.save(buffer)
    answer = stack.gateway.post(
        "/api/reports/templates",
        data={"report_type": "plan"},
        files={"file": ("бланк.docx", buffer.getvalue())},
        headers=headers,
    )
    assert answer.status_code == 422 and "range()" in answer.json()["detail"], answer.text
    assert stack.gateway.get("/api/reports/templates", headers=headers).json() == before  # nothing stored


def test_a_letterhead_with_signature_and_registration_in_docx_and_pdf(stack: Stack) -> None:
    """The authority's letterhead applies to the PDF too: it is the same DOCX, converted by LibreOffice."""
    headers = stack.auth("municipal_coordinator")
    letterhead = docx.Document()
    for line in (
        "ОТДЕЛ ОБРАЗОВАНИЯ КЕДРОВСКОГО РАЙОНА",
        "{%p if registration %}",
        "Исх. от {{ registration_date }} № {{ registration_number }}",
        "{%p endif %}",
        "{{ title }}",
        "{{p body }}",
        "{{ signature_post }} ______ {{ signature_name }}",
        "Исполнитель: {{ executor }}",
    ):
        letterhead.add_paragraph(line)
    buffer = io.BytesIO()
    letterhead.save(buffer)
    uploaded = stack.gateway.post(
        "/api/reports/templates",
        data={"report_type": "plan", "name": "Бланк с подписью"},
        files={"file": ("бланк.docx", buffer.getvalue())},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    assert {"signature_post", "signature_name", "executor", "registration_number"} <= set(uploaded.json()["fields"])
    plan = _plan(stack)
    for fmt in ("docx", "pdf"):
        answer = _render(
            stack, "municipal_coordinator", report_type="plan", format=fmt, parameters={"plan_id": plan["id"]}
        )
        assert answer.status_code == 200, answer.text
        text = " ".join(_text(fmt, answer.content).split())
        assert "ОТДЕЛ ОБРАЗОВАНИЯ КЕДРОВСКОГО РАЙОНА" in text and "Антирисковая программа" in text, fmt
        assert "______" in text and "Исполнитель:" in text, fmt
