"""Round 19 of reading the identification documents back as the official who signs them: the caveat «Школа может
относиться к нескольким категориям» said only when some school is in two; the deficits of the one school at risk
in the singular («педагогов школы группы риска»); no «1-е место из 1 муниципалитета» in a region of one
municipality, while a region of several still ranks."""

from __future__ import annotations

import copy
import io
import re
from datetime import date
from typing import Any

import openpyxl
import pytest

from services.reports.documents.model import Column, Document, Section, Table
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, text_of
from tests.reports.test_documents_read_back_12 import _texts
from tests.reports.test_documents_read_back_18 import READ, _note, _one_at_risk

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CAVEAT = "Школа может относиться к нескольким категориям"


def _text(document: Document, fmt: Format) -> str:
    return " ".join(_texts(document, (fmt,))[fmt].split())


# --- «Школа может относиться к нескольким категориям» only when one does ------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_no_school_in_two_categories_no_caveat_about_several(fmt: Format) -> None:
    """Every school of the realistic note is in one category at most: the caveat sent the reader looking for an
    overlap that is not there."""
    assert CAVEAT not in _text(_note(realistic.note()), fmt)


def _overlapping() -> dict[str, Any]:
    answer = realistic.note()
    first = answer["schools"][0]
    first["categories"] = first["computed_categories"] = ["low_results", "risk_zone"]
    answer["counts"] = answer["counts"] | {"risk_zone": 1}
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_a_school_in_two_categories_keeps_the_caveat(fmt: Format) -> None:
    assert f"{CAVEAT}." in _text(_note(_overlapping()), fmt)


# --- the deficits of one school at risk in the singular ------------------------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_the_deficits_of_the_one_school_at_risk_are_said_of_the_school(fmt: Format) -> None:
    text = _text(_note(_one_at_risk()), fmt)
    assert "педагогов школ группы риска" not in text and "«500+» школ группы риска" not in text
    assert "педагогов школы группы риска" in text or "«500+» школы группы риска" in text


@pytest.mark.parametrize("fmt", READ)
def test_the_deficits_of_two_schools_at_risk_stay_plural(fmt: Format) -> None:
    text = _text(_note(realistic.note()), fmt)
    assert "педагогов школ группы риска" in text or "«500+» школ группы риска" in text


# --- no ranking among one municipality ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", READ)
def test_a_region_of_one_municipality_ranks_nothing(fmt: Format) -> None:
    """«По доле ШНОР муниципалитет занимает 1-е место из 1 муниципалитета региона» compares it with itself."""
    text = _text(_note(realistic.note()), fmt)
    assert "место из" not in text
    assert "Доля ШНОР среди школ" in text  # the share itself stays


def _two_municipalities() -> dict[str, Any]:
    answer = realistic.note()
    other = copy.deepcopy(answer["aggregates"]["territory"]) | {"code": "9902", "name": "Соседний район"}
    other["categories"] = {"low_results": 0, "effective": 3}
    answer["aggregates"]["municipalities"].append(other)
    return answer


@pytest.mark.parametrize("fmt", READ)
def test_a_region_of_two_municipalities_still_ranks(fmt: Format) -> None:
    assert "занимает 1-е место из 2 муниципалитетов региона" in _text(_note(_two_municipalities()), fmt)


# --- the execution chart draws «Срок не установлен» and «Отменено» --------------------------------------------------


def _has_colour(png: bytes, colour: str) -> bool:
    """Whether the chart paints any pixel of `colour` (a bar of that series; the legend's patch counts too)."""
    from PIL import Image

    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
        return any(pixel == wanted for _, pixel in colours)


def test_activities_without_a_deadline_are_drawn_in_their_own_colour() -> None:
    """A section whose only activities have no deadline was an empty chart («Нет данных для диаграммы») and, beside
    others, a bar shorter than the row's «Всего»."""
    from services.reports.documents import charts

    png = charts.plan_progress(["Раздел 1", "Раздел 2"], [1, 0], [0, 0], [0, 0], [0, 0], undated=[2, 3])
    assert _has_colour(png, charts.STATE_COLOURS["undated"])
    assert _has_colour(png, charts.STATE_COLOURS["done"])
    alone = charts.plan_progress(["Раздел"], [0], [0], [0], [0], undated=[4])
    assert alone != charts._empty("Исполнение плана по разделам")


def test_cancelled_activities_are_drawn_and_an_absent_series_is_not() -> None:
    from services.reports.documents import charts

    png = charts.plan_progress(["Раздел"], [1], [0], [0], [0], undated=[0], cancelled=[2])
    assert _has_colour(png, charts.STATE_COLOURS["cancelled"])
    assert not _has_colour(png, charts.STATE_COLOURS["undated"])  # no «срок не установлен» patch of nothing


# --- thousands grouped by the column: «1 485» under «15 525» -------------------------------------------------------

NBSP = "\u00a0"


def _participants(values: list[int], total: int | None = None, **extra: Any) -> Document:
    """A regional table of participants by municipality, as the notes print it."""
    rows = [{"name": f"Муниципалитет {n}", "participants": v, **extra} for n, v in enumerate(values, start=1)]
    columns = [Column(key="name", label="Муниципалитет"), Column(key="participants", label="Участники", kind="int")]
    if extra:
        columns.append(Column(key="mean", label="Средний балл", kind="float", decimals=1))
    table = Table(
        title="Участники по муниципалитетам",
        columns=columns,
        rows=rows,
        total={"name": "Итого", "participants": total} if total is not None else None,
    )
    return Document(
        report_type="identification_note",
        authority="Министерство образования Кедровской области",
        title="Аналитическая записка",
        issued=date(2024, 11, 20),
        sections=[Section(title="Участники", blocks=[table])],
    )


def _cells(document: Document, fmt: Format) -> list[str]:
    """The «Участники» cells as printed, a no-break space read as a space (the readers differ in which they keep)."""
    if fmt == "docx":
        return [row[1].replace(NBSP, " ") for row in docx_tables(render(document, "docx"))[0][1:]]
    text = text_of(fmt, render(document, fmt)).replace(NBSP, " ")
    return re.findall(r"Муниципалитет \d+\s+(\d{1,3}(?: \d{3})+|\d+)", text)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_a_four_digit_number_is_grouped_in_a_column_of_five_digit_ones(fmt: Format) -> None:
    """The regional «Участники» printed «15 525» next to «1485»."""
    cells = _cells(_participants([15525, 1485, 312], total=17322), fmt)
    assert cells[:3] == ["15 525", "1 485", "312"], cells


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_a_column_of_four_digit_numbers_stays_ungrouped(fmt: Format) -> None:
    cells = _cells(_participants([1485, 312]), fmt)
    assert cells[:2] == ["1485", "312"], cells


def test_the_total_row_alone_groups_its_column() -> None:
    """«Итого» of 10 312 sits under the same column: the municipalities' 4-digit figures are grouped too."""
    table = docx_tables(render(_participants([8200, 2112], total=10312), "docx"))[0]
    assert [row[1].replace(NBSP, " ") for row in table[1:]] == ["8 200", "2 112", "10 312"]


def test_xlsx_shows_the_column_grouped_as_the_docx_prints_it() -> None:
    found = _formats(_participants([15525, 1485]))
    assert found[1485] == {"#,##0"} and found[15525] == {"#,##0"}  # numbers still, so they sort and sum
    assert _formats(_participants([1485, 312]))[1485] == {"0"}


def _formats(document: Document) -> dict[int, set[str]]:
    """The number formats of the integer cells of every sheet, by value."""
    book = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))
    found: dict[int, set[str]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int):
                    found.setdefault(cell.value, set()).add(cell.number_format)
    return found


def test_running_text_keeps_a_four_digit_number_whole() -> None:
    """In running text (no column) «1485 участников» stays ungrouped, «15 525» is grouped."""
    from services.reports.rendering.values import format_number

    assert format_number(1485, 0) == "1485" and format_number(15525, 0) == f"15{NBSP}525"
