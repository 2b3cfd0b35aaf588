"""Hostile plan files (DOCX/XLSX): bounded before python-docx or openpyxl opens them, a 422 with a Russian
detail through HTTP, never a 500 or a stall."""

from __future__ import annotations

import io
import json
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.roadmap.plan_import import PlanFileError, read_plan
from services.roadmap.plan_import.tables import MAX_COLUMNS, read_tables
from tests.conftest import Stack
from tests.roadmap import plan_files as pf


def _edit(content: bytes, member: str, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                text = data.decode()
                assert old in text, member
                data = text.replace(old, new, 1).encode()
            target.writestr(item, data)
    return out.getvalue()


def merge_bomb() -> bytes:
    return _edit(
        pf.plan_001(),
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        '</sheetData><mergeCells count="1"><mergeCell ref="A1:AZ1048576"/></mergeCells>',
    )


def span_bomb() -> bytes:
    """Every cell of the plan's tables claims to span a hundred million grid columns."""
    content = pf.plan_003()
    source = zipfile.ZipFile(io.BytesIO(content))
    xml = source.read("word/document.xml").decode()
    xml = re.sub(r"<w:tcPr>", '<w:tcPr><w:gridSpan w:val="100000000"/>', xml)
    xml = xml.replace("<w:trPr>", '<w:trPr><w:gridBefore w:val="100000000"/>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml.encode() if item.filename == "word/document.xml" else source.read(item.filename))
    return out.getvalue()


def test_a_merged_range_bomb_is_refused_before_openpyxl_opens_it() -> None:
    bomb = merge_bomb()
    assert len(bomb) < 20_000
    try:
        read_plan(bomb, "план.xlsx")
    except PlanFileError as error:
        assert error.code == "file_too_complex" and "Объединённые ячейки" in error.detail
    else:
        raise AssertionError("the bomb was read")


def test_grid_spans_from_the_file_are_bounded() -> None:
    tables = read_tables(span_bomb(), "план.docx")
    assert tables and all(len(row) <= MAX_COLUMNS for table in tables for row in table.rows)


def test_hostile_plans_through_http_are_422(stack: Stack) -> None:
    header = json.dumps(
        {
            "kind": "municipal_roadmap",
            "title": "Враждебный файл",
            "municipality_code": stack.territory["municipality"]["code"],
            "school_year": "2024-2025",
        },
        ensure_ascii=False,
    )
    headers = stack.auth("municipal_coordinator")
    for name, content in (("план.xlsx", merge_bomb()), ("план.docx", span_bomb())):
        answer = stack.gateway.post(
            "/api/roadmap/plans/import",
            data={"header": header},
            files={"file": (name, content, "application/octet-stream")},
            headers=headers,
        )
        assert answer.status_code in (200, 422), answer.text
        if answer.status_code == 422:
            assert re.search("[а-яё]", answer.json()["detail"])
    bomb = stack.gateway.post(
        "/api/roadmap/plans/import",
        data={"header": header},
        files={"file": ("план.xlsx", merge_bomb(), "application/octet-stream")},
        headers=headers,
    )
    assert bomb.status_code == 422 and bomb.json()["code"] == "file_too_complex"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(st.binary(max_size=1500), st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=300))))
def test_no_plan_upload_is_a_server_error(stack: Stack, data: bytes) -> None:
    header = json.dumps({"kind": "other", "title": "x", "municipality_code": stack.territory["municipality"]["code"]})
    answer = stack.gateway.post(
        "/api/roadmap/plans/import",
        data={"header": header},
        files={"file": ("план.docx", data, "application/octet-stream")},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code < 500, answer.text


deadline_texts = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                "до",
                "1",
                "31",
                "февраля",
                "2024",
                "г.",
                "ежегодно",
                "май",
                ",",
                "–",
                "-",
                "по",
                "четверть",
                "\x00",
                "9" * 30,
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    text=deadline_texts,
    school_year=st.one_of(
        st.none(), st.sampled_from(["2024-2025", "2024/25", "9999-10000", "0-1"]), st.text(max_size=12)
    ),
)
def test_no_deadline_text_is_a_server_error(stack: Stack, text: str, school_year: str | None) -> None:
    body = {"text": text} | ({"school_year": school_year} if school_year is not None else {})
    answer = stack.gateway.post("/api/roadmap/schedules/parse", json=body, headers=stack.auth("observer"))
    assert answer.status_code in (200, 422), answer.text


def test_hostile_archives_are_refused_as_evidence(stack: Stack) -> None:
    headers = stack.auth("municipal_coordinator")
    plan = stack.gateway.post(
        "/api/roadmap/plans",
        json={
            "kind": "municipal_roadmap",
            "title": "План с доказательствами",
            "municipality_code": stack.territory["municipality"]["code"],
            "school_year": "2024-2025",
            "sections": [{"title": "Раздел", "activities": [{"number": "1", "title": "Мероприятие"}]}],
        },
        headers=headers,
    )
    assert plan.status_code == 201, plan.text
    url = f"/api/roadmap/activities/{plan.json()['sections'][0]['activities'][0]['id']}/evidence"
    bomb = stack.gateway.post(url, files={"file": ("отчёт.xlsx", merge_bomb())}, headers=headers)
    assert bomb.status_code == 413 and bomb.json()["code"] == "file_too_complex", bomb.text
    broken = stack.gateway.post(url, files={"file": ("отчёт.docx", b"PK\x03\x04" + b"\x00" * 64)}, headers=headers)
    assert broken.status_code == 422 and broken.json()["code"] == "file_type_mismatch", broken.text
    good = stack.gateway.post(url, files={"file": ("план.docx", pf.plan_003())}, headers=headers)
    assert good.status_code == 201, good.text
