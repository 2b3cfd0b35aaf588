"""The figures and facts of every document equal what the identification and roadmap services answer, on the demo
region through the API: schools per category and per municipality, each school's name, code and municipality, the
reason listed for it and its figure as rounded, a municipal user's note holding only the municipality's schools;
the plan's activities in order with their numbers, titles, deadlines and responsible; the execution by activity,
by section and by school with their totals; the KPI plans and facts under their own years; the order's number
and date, the school year and the territory's name — alike in DOCX, XLSX, HTML and PDF. A year or a territory
with no data is said so in words, never an empty table and never a 500."""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import docx
import openpyxl
import pypdf
import pytest

from services.reports.documents.common import subject_label
from services.reports.documents.model import typeset
from tests.conftest import Stack
from tests.support import render_report

FORMATS = ("docx", "xlsx", "html", "pdf")
YEAR = "2023-2024"
NOTE_YEARS = ("2021-2022", "2022-2023", YEAR)
PLAN_YEAR = "2024-2025"
PLANS = "/api/roadmap/plans"
NOTE = "/api/identification/notes/identification"
CATEGORY_TITLES = {
    "low_results": "ШНОР — школа с низкими образовательными результатами",
    "unfavourable_social": "ШНСУ — школа, функционирующая в неблагоприятных социальных условиях",
    "risk_zone": "Зона риска снижения образовательных результатов",
}
SHEETS = {"low_results": "ШНОР", "unfavourable_social": "ШНСУ", "risk_zone": "Зона риска"}


# --- reading the files back -----------------------------------------------------------------------------------


def _plain(text: Any) -> str:
    return " ".join(str(text).replace("\xa0", " ").split())


def _listed(names: list[str]) -> str:
    """Category names as a list writes them: «ШНОР, зона риска» (a word after the first with a small letter)."""
    return ", ".join([*names[:1], *(n if n.isupper() else n[:1].lower() + n[1:] for n in names[1:])])


def docx_tables(content: bytes) -> list[list[list[str]]]:
    """Every table of the DOCX as rows of cell texts, a merged cell once."""
    tables = []
    for table in docx.Document(io.BytesIO(content)).tables:
        rows = []
        for row in table.rows:
            seen: set[int] = set()
            cells = []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(_plain(cell.text))
            rows.append(cells)
        tables.append(rows)
    return tables


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return _plain("\n".join([p.text for p in document.paragraphs] + cells))


def html_tables(content: bytes) -> list[list[list[str]]]:
    page = content.decode()
    tables = []
    for table in re.findall(r"<table[^>]*>(.*?)</table>", page, re.S):
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            rows.append(
                [_plain(html.unescape(re.sub(r"<br\s*/?>", " ", re.sub(r"<(?!br)[^>]+>", "", c)))) for c in cells]
            )
        tables.append(rows)
    return tables


def html_text(content: bytes) -> str:
    page = content.decode().split("<body", 1)[1]
    return _plain(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def pdf_text(content: bytes) -> str:
    return _plain("\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages))


def book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(content: bytes, sheet: str) -> list[list[Any]]:
    return [[c for c in row] for row in book(content)[sheet].iter_rows(values_only=True)]


def xlsx_text(content: bytes) -> str:
    workbook = book(content)
    return _plain(
        "\n".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value)
    )


def text_of(fmt: str, content: bytes) -> str:
    return {"docx": docx_text, "xlsx": xlsx_text, "html": html_text, "pdf": pdf_text}[fmt](content)


def table_after(tables: list[list[list[str]]], header: list[str]) -> list[list[str]]:
    """The table whose first row starts with `header`."""
    found = [t for t in tables if t and t[0][: len(header)] == header]
    assert found, (header, [t[0] for t in tables])
    return found[0]


FIGURE_KEYS = ("value", "municipal_value", "regional_value")


def _number(value: float, decimals: int) -> str:
    """«−2,15», «0,00», «12 345,0»: half up, the zeros kept, a minus sign, never «−0»."""
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(number):.{decimals}f}".partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", " ")
    text = whole + ("," + fraction if fraction else "")
    return ("−" if number < 0 else "") + text


def _figure(value: float | None, unit: str, average: bool) -> str:
    """A figure of the category lists as identification's unit prints it; a mean of counts with one decimal."""
    if unit == "flag":
        return "—" if average else "да"
    if value is None:
        return "—"
    if unit == "share":
        return pct(value)
    if unit == "points":
        return f"{_number(value, 1)} п. п."
    if unit == "count":
        return _number(value, 1 if average else 0)
    return _number(value, 2 if unit == "index" else 1)


def pct(share: float | None) -> str:
    """A share as the note writes it: «45,5 %» (one decimal, kept zero, half up)."""
    assert share is not None
    value = (Decimal(repr(share)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + " %"


# --- the scene: a realistic plan, its execution and KPIs, and every document in every format --------------------


@dataclass
class Scene:
    stack: Stack
    municipality: dict[str, str]
    schools: list[dict[str, Any]]
    plan: dict[str, Any]
    execution: dict[str, Any]
    indicators: list[dict[str, Any]]
    files: dict[tuple[str, str, str], bytes] = field(default_factory=dict)

    def get(self, url: str, user: str = "municipal_coordinator", **params: Any) -> Any:
        answer = self.stack.gateway.get(url, params=params, headers=self.stack.auth(user))
        assert answer.status_code == 200, answer.text
        return answer.json()

    def render(self, report_type: str, fmt: str, user: str = "municipal_coordinator", **parameters: Any) -> bytes:
        key = (report_type, fmt, f"{user}:{sorted(parameters.items())}")
        if key not in self.files:
            body = {"report_type": report_type, "format": fmt, "parameters": parameters}
            answer = render_report(self.stack.gateway, self.stack.auth(user), **body)
            assert answer.status_code == 200, (report_type, fmt, answer.text)
            self.files[key] = answer.content
        return self.files[key]


def _if_match(stack: Stack, url: str) -> dict[str, str]:
    headers = stack.auth("municipal_coordinator")
    return headers | {"If-Match": stack.gateway.get(url, headers=headers).headers["ETag"]}


def _mark(stack: Stack, activity: int, change: dict[str, Any], school: str | None = None) -> None:
    url = f"/api/roadmap/activities/{activity}"
    headers = _if_match(stack, url)
    if school:
        read = stack.gateway.get(url, headers=headers).json()
        revision = next(s["revision"] for s in read["schools"] if s["school_code"] == school)
        headers |= {"If-Match": f'"{revision}"'}
        url += f"/schools/{school}"
    answer = stack.gateway.patch(url, json=change, headers=headers)
    assert answer.status_code == 200, answer.text


def _plan_body(municipality: str, participants: list[str]) -> dict[str, Any]:
    def activity(number: str, title: str, who: list[str], deadline: str, **more: Any) -> dict[str, Any]:
        named = {"number": number, "title": title, "responsible": [{"name": n} for n in who]}
        return named | {"deadline_text": deadline} | more

    return {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта по поддержке школ с низкими образовательными результатами",
        "municipality_code": municipality,
        "school_year": PLAN_YEAR,
        "sections": [
            {
                "number": "1",
                "title": "Организационно-методическое сопровождение",
                "activities": [
                    activity(
                        "1.1",
                        "Разработка антирисковых программ школ «СОШ № 5»",
                        ["Бабкина Н.А.", "Руководители ОУ"],
                        "до 20 сентября 2024 года",
                        expected_result="не менее 3 программ",
                        final_document="Приказ",
                        school_codes=participants,
                    ),
                    activity("1.2", "Семинар для директоров", ["МБУ ГЦОКО"], "Октябрь 2024 г.", expected_result="100%"),
                    activity(
                        "1.10",
                        "Мониторинг реализации программ",
                        ["Управление образования"],
                        "Декабрь 2024 г., май 2025 г.",
                    ),
                    activity("1.3", "Совещание руководителей", ["Управление образования"], "25.05.2025"),
                ],
            },
            {
                "number": "2",
                "title": "Работа с педагогами",
                "activities": [
                    activity(
                        "2.1", "Курсы повышения квалификации", ["ИРО"], "в течение года", school_codes=participants
                    ),
                    activity("2.2", "Стажировка на базе школы-наставника", ["ИРО"], "Март 2025"),
                ],
            },
        ],
    }


INDICATORS = [
    {
        "name": "Доля обучающихся ниже минимального порога",
        "unit": "%",
        "direction": "lower",
        "baseline": 31.25,
        "baseline_year": "2023-2024",
        "targets": {"2023-2024": 30.0, "2024-2025": 25.0, "2025-2026": 20.0},
        "actuals": {"2023-2024": 31.25, "2024-2025": 27.45},
    },
    {
        "name": "Число педагогов, прошедших курсы",
        "unit": "чел.",
        "baseline": 12,
        "baseline_year": "2023-2024",
        "targets": {"2023-2024": 12, "2024-2025": 15},
        "actuals": {"2023-2024": 12, "2024-2025": 15},
    },
    {
        "name": "Индекс ИОР школ списка",
        "unit": "индекс",
        "baseline": 0.395,
        "baseline_year": "2023-2024",
        "targets": {"2024-2025": 0.468},
        "actuals": {"2024-2025": 0.566},
    },
]


@pytest.fixture(scope="module")
def scene(stack: Stack) -> Scene:
    municipality = stack.territory["municipality"]
    schools = stack.gateway.get(
        "/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin")
    ).json()["items"]
    participants = sorted(s["school_code"] for s in schools if s["municipality_code"] == municipality["code"])[:3]
    headers = stack.auth("municipal_coordinator")
    created = stack.gateway.post(PLANS, json=_plan_body(municipality["code"], participants), headers=headers)
    assert created.status_code == 201, created.text
    plan_id = created.json()["id"]
    approval = {"order_number": "57-од", "order_date": "2024-09-02"}
    approved = stack.gateway.post(
        f"{PLANS}/{plan_id}/approve", json=approval, headers=_if_match(stack, f"{PLANS}/{plan_id}")
    )
    assert approved.status_code == 200, approved.text
    activities = [a["id"] for s in approved.json()["sections"] for a in s["activities"]]
    _mark(stack, activities[0], {"status": "done", "actual_result": "Программа утверждена"}, participants[0])
    _mark(stack, activities[0], {"status": "in_progress"}, participants[1])
    _mark(stack, activities[1], {"status": "done", "actual_result": "Семинар проведён, 25 участников"})
    _mark(stack, activities[2], {"status": "in_progress", "progress": 40})
    _mark(stack, activities[4], {"status": "done"}, participants[2])
    _mark(stack, activities[5], {"status": "cancelled"})
    for indicator in INDICATORS:
        answer = stack.gateway.post(f"{PLANS}/{plan_id}/indicators", json=indicator, headers=headers)
        assert answer.status_code == 201, answer.text
    plan = stack.gateway.get(f"{PLANS}/{plan_id}", headers=headers).json()
    execution = stack.gateway.get(f"{PLANS}/{plan_id}/execution", headers=headers).json()
    indicators = stack.gateway.get(f"{PLANS}/{plan_id}/indicators", headers=headers).json()
    return Scene(stack, municipality, schools, plan, execution, indicators)


# --- the identification note ----------------------------------------------------------------------------------


def _note(scene: Scene, user: str, year: str = YEAR) -> dict[str, Any]:
    note: dict[str, Any] = scene.get(NOTE, user, school_year=year)
    return note


def _members(note: dict[str, Any], category: str) -> list[dict[str, Any]]:
    return [s for s in note["schools"] if category in s["categories"]]


def _category_rows(tables: list[list[list[str]]], note: dict[str, Any], category: str) -> list[list[str]]:
    """The rows of a category's list, under its two header rows (a category without schools has no table)."""
    lists = [t for t in tables if t[0][:2] == ["№", "Школа"] and t[0][-1] == "Показатель основания"]
    present = [c for c in CATEGORY_TITLES if _members(note, c)]
    assert len(lists) == len(present), [t[0] for t in lists]
    return lists[present.index(category)][2:]


@pytest.mark.parametrize("year", NOTE_YEARS)
def test_the_municipal_note_counts_lists_and_reasons_are_identification_s(scene: Scene, year: str) -> None:
    note = _note(scene, "municipal_coordinator", year)
    tables = docx_tables(scene.render("identification_note", "docx", school_year=year))
    summary = table_after(tables, ["Категория", "Школ", "Доля школ"])
    total = len(note["schools"])
    for category, title in CATEGORY_TITLES.items():
        row = next(r for r in summary if r[0] == title)
        count = note["counts"].get(category, 0)
        assert row[1] == str(count) and row[2] == pct(count / total), (category, row)
        members = _members(note, category)
        rows = _category_rows(tables, note, category)
        assert [r[1] for r in rows] == [s["school_name"] for s in members], category
        for row, school in zip(rows, members, strict=True):
            primary = next(f for f in school["fired"] if f["category"] == category)
            # the rule, with what its figure is when its name does not say it («… (средний результат, % от …)»)
            assert row[2].startswith(primary["label"]) or school["overridden"], (row, primary)
            if not school["overridden"]:
                expected = [_figure(primary[k], primary["unit"], k != "value") for k in FIGURE_KEYS]
                assert row[3:6] == expected, (row, primary)
    municipality = scene.municipality["name"]
    assert all(s["municipality_name"] == municipality for s in note["schools"])
    text = docx_text(scene.render("identification_note", "docx", school_year=year))
    assert f"{municipality}; {year} учебный год" in text
    run = note["run"]
    day = "{2}.{1}.{0}".format(*run["order_date"].split("-"))
    assert f"утверждён приказом от {day} № {run['order_number']}" in text


def test_the_municipal_note_holds_only_the_municipality_s_schools_in_every_format(scene: Scene) -> None:
    own = scene.municipality["code"]
    others = {s["short_name"] for s in scene.schools if s["municipality_code"] != own}
    mine = {s["short_name"] for s in scene.schools if s["municipality_code"] == own}
    others -= mine  # a name two municipalities share proves nothing
    for fmt in FORMATS:
        text = text_of(fmt, scene.render("identification_note", fmt, school_year=YEAR))
        leaked = sorted(name for name in others if _plain(name) in text)
        assert not leaked, (fmt, leaked)


@pytest.mark.parametrize("year", NOTE_YEARS)
def test_the_regional_note_counts_every_municipality_as_identification_does(scene: Scene, year: str) -> None:
    note = _note(scene, "regional_analyst", year)
    content = scene.render("identification_note", "docx", "regional_analyst", school_year=year)
    table = table_after(docx_tables(content), ["Муниципалитет", "Школ", "ШНОР"])
    order = ("low_results", "unfavourable_social", "risk_zone", "effective")
    expected = [
        [m["name"], str(m["schools"]), *(str(m["categories"].get(c, 0)) for c in order), str(m["insufficient_data"])]
        for m in note["aggregates"]["municipalities"]
        if m["schools"]
    ]
    assert table[1:-1] == expected
    totals = [str(sum(int(row[i]) for row in expected)) for i in range(1, 7)]
    assert table[-1] == ["Итого", *totals]
    assert totals[0] == str(len(note["schools"])) and totals[-1] == str(note["counts"].get("insufficient_data", 0))
    workbook = scene.render("identification_note", "xlsx", "regional_analyst", school_year=year)
    sheet = sheet_rows(workbook, "Муниципалитеты")
    values = [[str(v) for v in row if v is not None] for row in sheet]
    for row in expected:
        assert row in values, row
    for category, name in SHEETS.items():  # each list sheet: its schools, each with its own municipality
        if not _members(note, category):
            continue
        rows = sheet_rows(workbook, name)
        listed = [(r[1], r[2]) for r in rows if isinstance(r[0], int)]
        assert listed == [(s["school_name"], s["municipality_name"]) for s in _members(note, category)], name


def test_the_detail_appendix_gives_each_school_its_code_name_and_categories(scene: Scene) -> None:
    note = _note(scene, "municipal_coordinator")
    table = table_after(
        docx_tables(scene.render("identification_note", "docx", school_year=YEAR)), ["№", "Код ОО", "Школа"]
    )
    by_code = {s["school_code"]: s for s in note["schools"]}
    short = {
        "low_results": "ШНОР",
        "unfavourable_social": "ШНСУ",
        "risk_zone": "Зона риска",
        "effective": "Эффективный режим",
    }
    assert len(table) > 1
    for row in table[1:]:
        school = by_code[row[1]]
        assert row[2] == school["school_name"]
        assert row[3] == (_listed([short[c] for c in school["categories"]]) or "недостаточно данных")
        for fired in school["fired"]:
            assert _plain(fired["label"]) in row[4]


def test_the_note_reads_the_same_figures_in_every_format(scene: Scene) -> None:
    note = _note(scene, "municipal_coordinator")
    texts = {fmt: text_of(fmt, scene.render("identification_note", fmt, school_year=YEAR)) for fmt in FORMATS}
    total = len(note["schools"])
    summary = f"рассмотрено {total} школ" if total % 10 not in (1, 2, 3, 4) else ""
    for fmt, text in texts.items():
        for school in note["schools"]:  # the schools of the lists and the appendix (those in effective mode are not)
            if set(school["categories"]) & set(CATEGORY_TITLES):
                assert _plain(school["school_name"]) in text, (fmt, school["school_name"])
        assert scene.municipality["name"] in text, fmt
        if summary and fmt != "xlsx":
            assert summary in text, fmt
    rows = sheet_rows(scene.render("identification_note", "xlsx", school_year=YEAR), "Сводка")
    counts = {r[0]: r[1] for r in rows if isinstance(r[1], int)}
    shares = {r[0]: r[2] for r in rows if isinstance(r[1], int)}
    for category, title in CATEGORY_TITLES.items():
        assert counts[title] == note["counts"].get(category, 0)
        assert shares[title] == pytest.approx(note["counts"].get(category, 0) / total)
    html_summary = table_after(
        html_tables(scene.render("identification_note", "html", school_year=YEAR)), ["Категория", "Школ", "Доля школ"]
    )
    docx_summary = table_after(
        docx_tables(scene.render("identification_note", "docx", school_year=YEAR)), ["Категория", "Школ", "Доля школ"]
    )
    assert html_summary == docx_summary
    for row in docx_summary[1:]:
        assert " ".join(row[1:]) in texts["pdf"], row


def test_the_effects_table_is_roadmap_s_and_says_how_its_change_is_averaged(scene: Scene) -> None:
    """The shares below the minimum are of all the listed schools' participants together, the change the mean of each
    school's change: the table prints roadmap's figures and says so, as «16,5 % → 18,4 %» may stand beside «−10,9»."""
    content = scene.render("identification_note", "docx", school_year=YEAR)
    found = [t for t in docx_tables(content) if t[0][:3] == ["Процедура", "Предмет", "Школ"]]
    query = {"school_year": "2022-2023", "municipality": scene.municipality["code"]}
    subjects = scene.get("/api/roadmap/effects", **query)["subjects"]
    assert len(found) == (1 if subjects else 0)
    if not subjects:
        return
    assert found[0][0][-1] == "Среднее по школам изменение доли, п. п."
    assert len(found[0]) - 1 == len(subjects)
    for row, subject in zip(found[0][1:], subjects, strict=True):
        # the subject as the note and the card write it: «математика», whatever case roadmap's label is in
        assert row[:3] == [subject["procedure"], subject_label(subject["subject"]), str(subject["schools"])], row
        assert row[3:5] == [pct(subject["share_before"]), pct(subject["share_after"])], row
        expected = (Decimal(repr(subject["change"])) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert Decimal(row[5].replace("−", "-").replace(",", ".").lstrip("+")) == expected, row
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, scene.render("identification_note", fmt, school_year=YEAR))
        assert "изменение — среднее изменений долей отдельных школ" in text, fmt


def test_a_year_without_identification_says_so_and_is_no_server_error(scene: Scene) -> None:
    for fmt in FORMATS:
        answer = render_report(
            scene.stack.gateway,
            scene.stack.auth("municipal_coordinator"),
            report_type="identification_note",
            format=fmt,
            parameters={"school_year": "2019-2020"},
        )
        assert answer.status_code in (404, 409), answer.text
        assert "2019-2020" in answer.json()["detail"] and "не проводилась" in answer.json()["detail"]


# --- the school card ------------------------------------------------------------------------------------------


def test_the_school_card_is_the_school_s_and_its_results_as_loaded(scene: Scene) -> None:
    code = scene.stack.territory["school"]["code"]
    school = scene.get(f"/api/identification/schools/{code}")
    history = scene.get(f"/api/identification/schools/{code}/history")
    for fmt in FORMATS:
        content = scene.render("school_card", fmt, school_code=code, school_year=YEAR)
        text = text_of(fmt, content)
        for needle in (school["short_name"], code, school["municipality_name"], f"{YEAR} учебный год"):
            assert _plain(needle) in text, (fmt, needle)
    tables = docx_tables(scene.render("school_card", "docx", school_code=code, school_year=YEAR))
    results = table_after(tables, ["Процедура", "Предмет", "Класс", "Учебный год"])
    assert len(results) - 1 == len(history["results"])
    for r in history["results"]:
        share = r["below_min"] / r["participants"]
        row = [r["procedure"], str(r["grade"]), r["school_year"].replace("/", "-"), str(r["participants"])]
        row += [str(r["below_min"]), pct(share)]
        assert any([x[0], x[2], x[3], x[4], x[5], x[6]] == row for x in results[1:]), row
    statuses = table_after(tables, ["Учебный год", "Категории"])
    assert [r[0] for r in statuses[1:]] == [s["school_year"].replace("/", "-") for s in history["statuses"]]


def test_the_school_card_of_a_year_without_identification_says_so(scene: Scene) -> None:
    code = scene.stack.territory["school"]["code"]
    for fmt in ("docx", "pdf"):
        text = text_of(fmt, scene.render("school_card", fmt, school_code=code, school_year="2019-2020"))
        assert "За 2019-2020 учебный год идентификация школы не проводилась" in text, fmt


# --- the plan -------------------------------------------------------------------------------------------------


def _activities(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for s in plan["sections"] for a in s["activities"]]


def _who(activity: dict[str, Any]) -> str:
    return ", ".join(p["name"] for p in activity["responsible"])


def test_the_plan_lists_every_activity_in_order_as_roadmap_holds_it(scene: Scene) -> None:
    activities = _activities(scene.plan)
    content = scene.render("plan", "docx", plan_id=scene.plan["id"])
    table = table_after(docx_tables(content), ["№ п/п", "Мероприятие"])
    rows = [r for r in table[1:] if len(r) > 1]
    assert [r[0] for r in rows] == [a["number"] for a in activities]
    for row, activity in zip(rows, activities, strict=True):
        assert row[1].startswith(_plain(activity["title"])), row
        assert row[2] == _plain(_who(activity)) and row[3] == _plain(activity["deadline_text"]), row
    headings = [r[0] for r in table[1:] if len(r) == 1]
    assert headings == [f"{s['number']}. {s['title']}" for s in scene.plan["sections"]]
    for fmt in FORMATS:
        text = text_of(fmt, scene.render("plan", fmt, plan_id=scene.plan["id"]))
        positions = [text.find(_plain(a["title"])) for a in activities]
        assert -1 not in positions and positions == sorted(positions), (fmt, positions)
        for needle in ("от 02.09.2024 № 57-од", f"{PLAN_YEAR} учебный год", scene.municipality["name"][:10]):
            assert needle in text, (fmt, needle)
        for activity in activities:
            assert _plain(activity["deadline_text"]) in text and _plain(_who(activity)) in text, (fmt, activity)


def test_the_plan_sheet_has_the_docx_rows(scene: Scene) -> None:
    docx_rows = table_after(docx_tables(scene.render("plan", "docx", plan_id=scene.plan["id"])), ["№ п/п"])
    sheet = sheet_rows(scene.render("plan", "xlsx", plan_id=scene.plan["id"]), "План мероприятий")
    numbered = [[_plain(v) if v is not None else "" for v in r] for r in sheet if r[1] is not None and r[0]]
    numbers = [r[0] for r in docx_rows[1:] if len(r) > 1]
    assert [r[0] for r in numbered if r[0] in numbers] == numbers
    html_rows = table_after(html_tables(scene.render("plan", "html", plan_id=scene.plan["id"])), ["№ п/п"])
    assert [r[0] for r in html_rows[1:] if len(r) > 1] == numbers


# --- the execution report -------------------------------------------------------------------------------------


STATE_COLUMNS = ("done", "in_progress", "overdue", "planned", "undated", "cancelled")


def _units(activity: dict[str, Any]) -> list[str]:
    """Roadmap's states, an activity still to do that has no deadline at all «срок не установлен» (round 18)."""
    undated = not activity["deadline_text"].strip() and not activity["stages"]
    if activity["per_school"] and activity["schools"] and activity["status"] != "cancelled":
        states = [s["state"] for s in activity["schools"]]
    else:
        states = [activity["state"]]
    return ["undated" if undated and state == "planned" else state for state in states]


def test_the_execution_report_counts_are_roadmap_s_states(scene: Scene) -> None:
    _check_execution_counts(scene, scene.plan["id"], scene.execution)


def _check_execution_counts(scene: Scene, plan_id: int, execution: dict[str, Any]) -> None:
    content = scene.render("plan_execution", "docx", plan_id=plan_id)
    table = table_after(docx_tables(content), ["Раздел", "Всего", "Выполнено"])
    header = table[0]
    overall: Counter[str] = Counter()
    for section, row in zip(execution["sections"], table[1:-1], strict=True):
        states = Counter(s for a in section["activities"] for s in _units(a))
        overall += states
        assert row[0].endswith(section["title"]) and row[1] == str(sum(states.values())), row
        for state, label in zip(
            STATE_COLUMNS,
            ("Выполнено", "Выполняется", "Просрочено", "Срок не наступил", "Срок не установлен", "Отменено"),
            strict=True,
        ):
            if label in header:
                assert row[header.index(label)] == str(states[state]), (label, row)
    assert table[-1][0] == "Итого" and table[-1][1] == str(sum(overall.values()))
    assert table[-1][header.index("Выполнено")] == str(overall["done"])
    active = sum(overall.values()) - overall["cancelled"]
    share = (Decimal(overall["done"]) * 100 / active).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert table[-1][-1] == f"{share} %"
    text = docx_text(content)
    assert re.search(rf"выполнено {overall['done']} из {active}(?!\d)", text), text


def test_the_execution_report_by_school_is_roadmap_s(scene: Scene) -> None:
    content = scene.render("plan_execution", "docx", plan_id=scene.plan["id"])
    table = table_after(docx_tables(content), ["Школа", "Всего", "Выполнено"])
    by_school: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for section in scene.execution["sections"]:
        for activity in section["activities"]:
            for school in activity["schools"]:
                names[school["school_code"]] = school["school_name"]
                state = "cancelled" if activity["status"] == "cancelled" else school["state"]
                by_school.setdefault(school["school_code"], Counter())[state] += 1
    assert sorted(r[0] for r in table[1:]) == sorted(names.values())
    header = table[0]
    for row in table[1:]:
        code = next(c for c, n in names.items() if n == row[0])
        states = by_school[code]
        assert row[1] == str(sum(states.values())), row
        assert row[header.index("Выполнено")] == str(states["done"]), row
        assert row[header.index("Просрочено")] == str(states["overdue"]), row


def test_the_execution_report_groups_each_activity_under_its_state(scene: Scene) -> None:
    content = scene.render("plan_execution", "docx", plan_id=scene.plan["id"])
    titles = {"done": "Выполнено", "in_progress": "Выполняется", "overdue": "Просрочено", "planned": "Срок не наступил"}
    titles |= {"cancelled": "Отменено"}
    tables = [t for t in docx_tables(content) if t[0][:2] == ["№", "Мероприятие"]]
    assert len(tables) == len(scene.execution["sections"])
    for table, section in zip(tables, scene.execution["sections"], strict=True):
        group = ""
        seen = []
        for row in table[1:]:
            if len(row) == 1:
                group = row[0]
                continue
            activity = next(a for a in section["activities"] if a["number"] == row[0])
            assert group.startswith(titles[activity["state"]]), (row[0], group, activity["state"])
            seen.append(row[0])
        assert sorted(seen) == sorted(a["number"] for a in section["activities"])


def test_the_execution_report_reads_the_same_in_every_format(scene: Scene) -> None:
    docx_table = table_after(
        docx_tables(scene.render("plan_execution", "docx", plan_id=scene.plan["id"])), ["Раздел", "Всего"]
    )
    html_table = table_after(
        html_tables(scene.render("plan_execution", "html", plan_id=scene.plan["id"])), ["Раздел", "Всего"]
    )
    assert html_table == docx_table
    pdf = pdf_text(scene.render("plan_execution", "pdf", plan_id=scene.plan["id"]))
    for row in docx_table[1:]:
        assert " ".join(row[1:]) in pdf, row
    rows = sheet_rows(scene.render("plan_execution", "xlsx", plan_id=scene.plan["id"]), "По разделам")
    totals = next(r for r in rows if r[0] == "Итого")
    assert [str(v) for v in totals[1 : len(docx_table[-1]) - 1]] == docx_table[-1][1:-1]


# --- the KPI table --------------------------------------------------------------------------------------------


def _kpi_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        text = str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
        return text.removesuffix(",0") + " %"
    if unit == "чел.":
        return str(int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return repr(float(value)).replace(".", ",").removesuffix(",0")


def test_kpi_plans_and_facts_are_roadmap_s_under_their_own_years(scene: Scene) -> None:
    content = scene.render("indicators", "docx", plan_id=scene.plan["id"])
    table = docx_tables(content)[0]
    years = sorted({y for i in scene.indicators for y in (*i["targets"], *i["actuals"])})
    baseline = scene.indicators[0]["baseline_year"]
    assert baseline in years  # the case: the baseline year is also a year of the plan
    groups = table[0]
    assert groups.count(baseline) == 1, groups  # the plan's year heads «План | Факт» alone
    assert any(baseline in g and g != baseline for g in groups), groups  # the baseline's own group, apart
    for row, indicator in zip(table[2:], scene.indicators, strict=True):
        unit = indicator["unit"]
        figures = row[4 : 4 + 2 * len(years)]
        assert row[3] == _kpi_text(indicator["baseline"], unit), row
        for n, year in enumerate(years):
            assert figures[2 * n] == _kpi_text(indicator["targets"].get(year), unit), (year, row)
            assert figures[2 * n + 1] == _kpi_text(indicator["actuals"].get(year), unit), (year, row)
    for fmt in ("html", "pdf"):
        text = text_of(fmt, scene.render("indicators", fmt, plan_id=scene.plan["id"]))
        assert "0,566" in text and "0,468" in text and "27,5 %" in text, fmt
    rows = sheet_rows(scene.render("indicators", "xlsx", plan_id=scene.plan["id"]), "Показатели")
    index = next(r for r in rows if r[1] and str(r[1]).startswith("Индекс ИОР"))
    assert 0.566 in index and 0.468 in index and 0.395 in index


def test_a_plan_without_indicators_says_so(scene: Scene) -> None:
    body = _plan_body(scene.municipality["code"], []) | {"title": "План без показателей и мероприятий", "sections": []}
    created = scene.stack.gateway.post(PLANS, json=body, headers=scene.stack.auth("municipal_coordinator"))
    assert created.status_code == 201, created.text
    plan_id = created.json()["id"]
    for fmt in FORMATS:
        text = text_of(fmt, scene.render("indicators", fmt, plan_id=plan_id))
        assert "Показатели плана не заданы" in text, fmt
        text = text_of(fmt, scene.render("plan_execution", fmt, plan_id=plan_id))
        assert "мероприятий нет" in text.lower() or "нет мероприятий" in text.lower(), (fmt, text[:600])


def test_the_execution_findings_name_only_what_is_so(scene: Scene) -> None:
    """An activity whose every stage has passed is overdue, not «пропущен промежуточный этап, хотя итоговый срок
    ещё не наступил»; a progress roadmap holds is printed as it is."""
    activities = [a for s in scene.execution["sections"] for a in s["activities"]]
    monitoring = next(a for a in activities if a["number"] == "1.10")
    assert len(monitoring["stages"]) == 2 and all(s["state"] == "overdue" for s in monitoring["stages"])
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, scene.render("plan_execution", fmt, plan_id=scene.plan["id"]))
        assert "хотя итоговый срок ещё не наступил" not in text, fmt
        assert f"Выполнено на {monitoring['progress']} %" in text, fmt
        assert "утверждён приказом Управления образования администрации" in text and "от 02.09.2024 № 57-од" in text


# --- every format: the same tables -----------------------------------------------------------------------------


COORDINATOR = "municipal_coordinator"


def _documents(scene: Scene) -> dict[str, tuple[str, str, dict[str, Any]]]:
    code = scene.stack.territory["school"]["code"]
    return {
        "note": ("identification_note", COORDINATOR, {"school_year": YEAR}),
        "regional_note": ("identification_note", "regional_analyst", {"school_year": YEAR}),
        "card": ("school_card", COORDINATOR, {"school_code": code, "school_year": YEAR}),
        "plan": ("plan", COORDINATOR, {"plan_id": scene.plan["id"]}),
        "execution": ("plan_execution", COORDINATOR, {"plan_id": scene.plan["id"]}),
        "indicators": ("indicators", COORDINATOR, {"plan_id": scene.plan["id"]}),
    }


@pytest.mark.parametrize("document", ["note", "regional_note", "card", "plan", "execution", "indicators"])
def test_the_html_tables_are_the_docx_tables(scene: Scene, document: str) -> None:
    report_type, user, parameters = _documents(scene)[document]
    word = docx_tables(scene.render(report_type, "docx", user, **parameters))
    page = html_tables(scene.render(report_type, "html", user, **parameters))
    word = [t for t in word if len(t) > 1 or len(t[0]) > 1]  # the signature's layout table is no data
    page = [t for t in page if len(t) > 1 or len(t[0]) > 1]
    assert len(page) == len(word), (len(page), len(word))
    for mine, theirs in zip(word, page, strict=True):
        if len(mine) > 1 and len(theirs[1]) < len(mine[1]):  # a two-level header: HTML spans the upper cells down
            assert set(theirs[1]) <= set(mine[1])
            mine, theirs = [mine[0], *mine[2:]], [theirs[0], *theirs[2:]]
        assert theirs == mine


def test_the_note_list_sheets_hold_identification_s_figures_as_numbers(scene: Scene) -> None:
    note = _note(scene, "municipal_coordinator")
    workbook = book(scene.render("identification_note", "xlsx", school_year=YEAR))
    word = docx_tables(scene.render("identification_note", "docx", school_year=YEAR))
    for category, name in SHEETS.items():
        members = _members(note, category)
        if not members:
            continue
        rows = [r for r in workbook[name].iter_rows() if isinstance(r[0].value, int)]
        printed = _category_rows(word, note, category)
        assert [r[1].value for r in rows] == [s["school_name"] for s in members], name
        for row, school, docx_row in zip(rows, members, printed, strict=True):
            primary = next(f for f in school["fired"] if f["category"] == category)
            if primary["unit"] == "flag" or school["overridden"]:
                continue
            for cell, key, text in zip(row[3:6], FIGURE_KEYS, docx_row[3:6], strict=True):
                assert cell.value == pytest.approx(primary[key]), (name, school["school_name"], key)
                decimals = (
                    len(cell.number_format.split(".")[1].split('"')[0].rstrip("%")) if "." in cell.number_format else 0
                )
                assert decimals == len(text.split(",")[1].split(" ")[0]) if "," in text else decimals == 0, (
                    name, key, cell.number_format, text,
                )  # fmt: skip


# --- scope ------------------------------------------------------------------------------------------------------


def test_a_regional_note_on_one_municipality_holds_only_its_schools(scene: Scene) -> None:
    own = scene.municipality["code"]
    territory = {"school_year": YEAR, "territory": own}
    note = _note_for(scene, "regional_analyst", territory)
    assert {s["municipality_code"] for s in note["schools"]} == {own}
    others = {s["short_name"] for s in scene.schools if s["municipality_code"] != own}
    others -= {s["short_name"] for s in scene.schools if s["municipality_code"] == own}
    for fmt in FORMATS:
        text = text_of(fmt, scene.render("identification_note", fmt, "regional_analyst", **territory))
        assert f"{scene.municipality['name']}; {YEAR} учебный год" in text, fmt
        assert not [name for name in others if _plain(name) in text], fmt
    mine = docx_text(scene.render("identification_note", "docx", **territory))
    theirs = docx_text(scene.render("identification_note", "docx", "regional_analyst", **territory))
    assert _numbers(mine) == _numbers(theirs)  # the same note, whoever asks for it within their scope


def test_a_municipal_user_cannot_have_the_region_s_note(scene: Scene) -> None:
    region = scene.stack.territory["region"]["code"]
    answer = render_report(
        scene.stack.gateway,
        scene.stack.auth("municipal_coordinator"),
        report_type="identification_note",
        format="docx",
        parameters={"school_year": YEAR, "territory": region},
    )
    assert answer.status_code in (403, 409) and answer.json()["code"] == "out_of_scope", answer.text


def _note_for(scene: Scene, user: str, params: dict[str, Any]) -> dict[str, Any]:
    note: dict[str, Any] = scene.get(NOTE, user, **params)
    return note


def _numbers(text: str) -> list[str]:
    """Every figure of a text, in order, without the dates a render may differ in."""
    return re.findall(r"(?<![\d.])\d+(?:,\d+)?(?![\d.])", re.sub(r"\d{2}\.\d{2}\.\d{4}", "", text))


@pytest.mark.parametrize("document", ["note", "regional_note", "card", "plan", "execution", "indicators"])
def test_the_pdf_carries_the_figures_of_the_docx(scene: Scene, document: str) -> None:
    """Every figure of the DOCX's tables is in the PDF, in the same order (the PDF is the DOCX converted)."""
    report_type, user, parameters = _documents(scene)[document]
    word = docx_tables(scene.render(report_type, "docx", user, **parameters))
    pdf = _numbers(_grouped(pdf_text(scene.render(report_type, "pdf", user, **parameters))))
    expected = _numbers(_grouped(" ".join(cell for table in word for row in table for cell in row)))
    found = Counter(pdf)
    missing = Counter(expected) - found
    assert not missing, missing


def _grouped(text: str) -> str:
    """«12 345» as one figure, «12345»."""
    return re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", text)


SHORT = {
    "low_results": "ШНОР",
    "unfavourable_social": "ШНСУ",
    "risk_zone": "Зона риска",
    "effective": "Эффективный режим",
}


def _ru_date(iso: str) -> str:
    return "{2}.{1}.{0}".format(*iso.split("-"))


def test_every_card_of_the_municipality_is_its_school_s_history(scene: Scene) -> None:
    own = [s for s in scene.schools if s["municipality_code"] == scene.municipality["code"]]
    for school in own:
        code = school["school_code"]
        history = scene.get(f"/api/identification/schools/{code}/history")
        tables = docx_tables(scene.render("school_card", "docx", school_code=code, school_year=YEAR))
        about = {row[0]: row[1] for row in table_after(tables, ["Показатель", "Значение"])[1:]}
        assert (about["Код ОО"], about["Муниципалитет"]) == (code, scene.municipality["name"]), code
        rows = table_after(tables, ["Учебный год", "Категории"])[1:]
        assert len(rows) == len(history["statuses"]), code
        for row, status in zip(rows, history["statuses"], strict=True):
            categories = _listed([SHORT[c] for c in status["categories"]]) or (
                "недостаточно данных" if status["insufficient_data"] else "—"
            )
            assert row[1] == categories, (code, row)
            if status["source"] == "approved":
                assert row[3].endswith(f"приказ от {_ru_date(status['order_date'])} № {status['order_number']}"), row
            assert row[4] == ("; ".join(r["label"] for r in status["fired_rules"]) or "—"), row
        current = next(s for s in history["statuses"] if s["school_year"].replace("/", "-") == YEAR)
        detail = scene.get(f"/api/identification/runs/{current['run_id']}/schools/{code}")
        rules = table_after(tables, ["Правило", "Категория", "Результат"])[1:]
        assert sorted((r[0], _plain(r[3])) for r in rules) == sorted(
            (_plain(rule["label"]), _plain(typeset(rule.get("reason", "")))) for rule in detail["rules"].values()
        ), code


def _shown(value: Any, number_format: str) -> str:
    """A cell as Excel shows it: half up to the format's decimals, a percent of a share, thousands apart from five
    digits on, a minus sign; a text as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _plain(value)
    if ";" in number_format or '"' in number_format:
        return "*"  # a signed or suffixed format: read by the tests of its own
    percent = number_format.endswith("%")
    decimals = len(number_format.rstrip("%").partition(".")[2])
    text = _number(value * 100 if percent else value, decimals)
    if len(text.lstrip("−").partition(",")[0]) <= 4:
        text = text.replace(" ", "")
    return text + (" %" if percent else "")


SHEET_TABLES = [
    ("note", "Сводка"),
    ("note", "По годам"),
    ("note", "Факторы риска"),
    ("regional_note", "Муниципалитеты"),
    ("regional_note", "Сводка"),
    ("card", "Результаты"),
    ("card", "ВПР и отметки"),
    ("execution", "По разделам"),
    ("execution", "По школам"),
]


@pytest.mark.parametrize(("document", "sheet"), SHEET_TABLES)
def test_the_xlsx_sheets_show_the_docx_figures(scene: Scene, document: str, sheet: str) -> None:
    report_type, user, parameters = _documents(scene)[document]
    cells = [list(row) for row in book(scene.render(report_type, "xlsx", user, **parameters))[sheet].iter_rows()]
    start = next(i for i, row in enumerate(cells) if row[0].value and all(isinstance(c.value, str) for c in row))
    header = [_plain(c.value) for c in cells[start]]
    shown = [[_shown(c.value, c.number_format) for c in row] for row in cells[start + 1 :] if row[0].value is not None]
    word = table_after(docx_tables(scene.render(report_type, "docx", user, **parameters)), header)
    assert len(shown) == len(word) - 1, sheet
    for mine, theirs in zip(word[1:], shown, strict=True):
        assert [m if t != "*" else "*" for m, t in zip(mine, theirs, strict=True)] == theirs, sheet


@pytest.mark.parametrize("document", ["note", "regional_note", "card", "plan", "execution", "indicators"])
def test_the_text_s_figures_read_the_same_in_every_format(scene: Scene, document: str) -> None:
    """The figures of the DOCX's paragraphs (the summary, the findings, the conclusions) are those of the XLSX's
    first sheet, the HTML page and the PDF."""
    report_type, user, parameters = _documents(scene)[document]
    paragraphs = docx.Document(io.BytesIO(scene.render(report_type, "docx", user, **parameters))).paragraphs
    expected = Counter(_numbers(_grouped(" ".join(_plain(p.text) for p in paragraphs))))
    first = book(scene.render(report_type, "xlsx", user, **parameters)).worksheets[0]
    sheet = " ".join(_plain(c.value) for row in first.iter_rows() for c in row if isinstance(c.value, str))
    others = {
        "xlsx": sheet,
        "html": html_text(scene.render(report_type, "html", user, **parameters)),
        "pdf": pdf_text(scene.render(report_type, "pdf", user, **parameters)),
    }
    for fmt, text in others.items():
        missing = expected - Counter(_numbers(_grouped(text)))
        assert not missing, (fmt, missing)


def test_kpi_deviation_and_verdict_are_of_the_printed_figures(scene: Scene) -> None:
    table = docx_tables(scene.render("indicators", "docx", plan_id=scene.plan["id"]))[0]
    verdicts = {row[1]: row[-2:] for row in table[2:]}
    assert verdicts["Доля обучающихся ниже минимального порога (чем меньше, тем лучше)"] == [
        "+2,5 п. п.",
        "не достигнуто",
    ]
    assert verdicts["Число педагогов, прошедших курсы"] == ["0", "достигнуто"]
    assert verdicts["Индекс ИОР школ списка"] == ["+0,098", "достигнуто"]  # 0,566 − 0,468, not 0,57 − 0,47
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, scene.render("indicators", fmt, plan_id=scene.plan["id"]))
        summary = "Показателей в плане: 3; фактические значения внесены по 3 показателям; плановые значения достигнуты"
        assert f"{summary} по 2 из 3" in text, fmt


def test_a_municipal_user_cannot_have_another_municipality_s_school_card(scene: Scene) -> None:
    other = next(s for s in scene.schools if s["municipality_code"] != scene.municipality["code"])
    answer = render_report(
        scene.stack.gateway,
        scene.stack.auth("municipal_coordinator"),
        report_type="school_card",
        format="pdf",
        parameters={"school_code": other["school_code"]},
    )
    assert answer.status_code in (403, 404, 409), answer.text
    assert other["short_name"] not in answer.text


# --- plans imported from the seeds' own tables --------------------------------------------------------------------

SEED_PLANS = {
    "000": ("программа.docx", "2021-2022"),
    "001": ("план.xlsx", "2020-2021"),
    "002": ("отчёт.docx", "2020-2021"),
    "003": ("дорожная карта.docx", "2022-2023"),
    "004": ("", "2020-2021"),
}


@pytest.mark.parametrize("seed", list(SEED_PLANS))
def test_an_imported_plan_prints_every_activity_in_roadmap_s_order(scene: Scene, seed: str) -> None:
    from tests.roadmap import plan_files
    from tests.roadmap.test_plan_execution import import_plan

    name, year = SEED_PLANS[seed]
    content = getattr(plan_files, f"plan_{seed}")()
    source = {"text": content} if isinstance(content, str) else {"file": (name, content)}
    plan = import_plan(scene.stack, f"План из образца {seed}", year, **source)
    plan = scene.get(f"{PLANS}/{plan['id']}")
    fields = [c["field"] for c in plan["columns"]]
    labels = [c["label"] for c in plan["columns"]]
    table = table_after(docx_tables(scene.render("plan", "docx", plan_id=plan["id"])), labels)
    rows = [r for r in table[1:] if len(r) == len(labels)]
    activities = _activities(plan)
    texts = {"title": "title", "deadline": "deadline_text", "expected_result": "expected_result"}
    position = 0
    for activity in activities:  # each activity's row, in order (a row may continue over a page: more rows)
        while position < len(rows) and not _row_of(rows[position], activity, fields, texts):
            position += 1
        assert position < len(rows), (seed, activity["number"], activity["title"][:60])
        position += 1
    _check_execution_counts(scene, plan["id"], scene.get(f"{PLANS}/{plan['id']}/execution"))
    pdf = pdf_text(scene.render("plan", "pdf", plan_id=plan["id"]))
    for activity in activities:
        if activity.get("number"):
            assert activity["number"] in pdf, (seed, activity["number"])


def _row_of(row: list[str], activity: dict[str, Any], fields: list[str], texts: dict[str, str]) -> bool:
    """Whether `row` prints `activity`: its number, and each of its texts the plan's columns show."""
    if "number" in fields and row[fields.index("number")] != (activity.get("number") or ""):
        return False
    for column, key in texts.items():
        if column in fields and not row[fields.index(column)].startswith(_plain(activity.get(key) or "")[:40]):
            return False
    return True
