"""Round 20 of reading the identification documents back as the official who signs them: a federal city after
«город» declined as official style writes it («администрации города Москвы», «по городу Санкт-Петербургу»), other
cities kept as written; a sign of biased marks naming ВПР once («ВПР 2023-2024: отметки ниже отметок за период»,
never «ВПР 2023-2024: отметки ВПР ниже…»); the rule reasons, warnings and signs of the note's data with a no-break
space before «%», as the note's own figures; the tables of the one school at risk titled of it («Факторы риска
«500+» у школы группы риска», «Школа группы риска»); and notes of varied runs read whole: nothing empty, English or
left as a program prints it."""

from __future__ import annotations

import copy
import gzip
import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from services.identification.methodology.reasons import Reasons
from services.identification.methodology.rules import MethodologyRules, default_rules
from services.identification.notes.service import NoteService
from services.reports.documents import school_card
from services.reports.documents.common import RAW_DECIMAL, dative, genitive
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import Format, render
from tests.conftest import Stack
from tests.identification.test_reason_wording_2 import _fired, _plain, _quiet, _row
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables
from tests.reports.test_documents_read_back_12 import FORBIDDEN, _texts
from tests.reports.test_documents_read_back_18 import READ, _note, _one_at_risk

FIXTURE = Path(__file__).parents[1] / "identification" / "fixtures" / "run_reasons.json.gz"
NBSP = "\u00a0"
PLAIN_BEFORE_PERCENT = re.compile(r"\d %")
TWICE_VPR = re.compile(r"ВПР (?:19|20)\d\d-(?:19|20)\d\d: [^;]*?отметки ВПР")
MOSCOW = "город Москва"
TODAY = realistic.TODAY


def _text(document: Document, fmt: Format) -> str:
    return " ".join(_texts(document, (fmt,))[fmt].split())


# --- federal cities after «город» ---------------------------------------------------------------------------------


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("name", "declined"),
    [
        (MOSCOW, "города Москвы"),
        ("г. Москва", "города Москвы"),
        ("город Санкт-Петербург", "города Санкт-Петербурга"),
        ("город Севастополь", "города Севастополя"),
        ("Москва", "Москвы"),
    ],
)
def test_a_federal_city_is_named_in_the_genitive_as_official_style_writes_it(name: str, declined: str) -> None:
    """«Управление образования администрации города Москва»: the city stood in the nominative."""
    assert genitive(name) == declined


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("name", "after_po"),
    [(MOSCOW, "городу Москве"), ("город Санкт-Петербург", "городу Санкт-Петербургу"),
     ("город Севастополь", "городу Севастополю")],
)  # fmt: skip
def test_a_federal_city_after_po_is_in_the_dative(name: str, after_po: str) -> None:
    assert dative(name) == after_po


@pytest.mark.no_database
def test_another_city_after_gorod_stays_as_written() -> None:
    """«города Кедровск», as the earlier rounds pinned it: only the federal cities the data names decline."""
    assert (genitive("город Кедровск"), dative("город Кедровск")) == ("города Кедровск", "городу Кедровск")
    assert genitive("городской округ город Кедровск") == "городского округа город Кедровск"


def _moscow_note(region: str = "Кедровская область") -> dict[str, Any]:
    answer = realistic.note()
    answer["territory"] |= {"name": MOSCOW, "municipalities": {"9901": MOSCOW}, "region_name": region}
    for row in (*answer["schools"], *answer["comparison"]["schools"]):
        row["municipality_name"] = MOSCOW
    answer["aggregates"]["territory"]["name"] = MOSCOW
    answer["aggregates"]["region"]["name"] = region
    return answer


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_note_of_moscow_names_its_authority_territory_and_head_declined(fmt: Format) -> None:
    text = _text(_note(_moscow_note()), fmt)
    assert "Управление образования администрации города Москвы" in text
    assert "идентификация общеобразовательных организаций города Москвы по итогам" in text
    assert "Доля ШНОР среди школ города Москвы — 40,0 %" in text
    assert "Начальник Управления образования администрации города Москвы" in text
    assert "города Москва" not in text
    assert "город Москва; 2023-2024 учебный год" in text  # the subtitle names it, in the nominative


@pytest.mark.no_database
def test_the_pdf_of_moscow_s_note_reads_its_authority_declined() -> None:
    text = _text(_note(_moscow_note()), "pdf")
    assert "администрации города Москвы" in text and "города Москва" not in text


@pytest.mark.no_database
def test_a_municipality_set_against_a_federal_city_region_reads_po_gorodu() -> None:
    """A district of Saint Petersburg against its city: «при 10,0 % по городу Санкт-Петербургу»."""
    answer = _moscow_note(region="город Санкт-Петербург")
    answer["territory"] |= {"name": "Таёжный муниципальный район", "municipalities": {"9901": "Таёжный район"}}
    text = _text(_note(answer), "docx")
    assert "при 10,0 % по городу Санкт-Петербургу." in text, text


@pytest.mark.no_database
def test_the_note_of_moscow_appended_to_an_order_names_the_authority_declined() -> None:
    document = _note(_moscow_note(), as_order_appendix=True, order_number="15-од", order_date=realistic.TODAY)
    assert "Приложение к приказу Управления образования администрации города Москвы" in _text(document, "docx")


@pytest.mark.no_database
def test_the_card_of_a_moscow_school_names_its_authority_declined() -> None:
    answers = realistic.card_answers()
    answers[f"/api/identification/schools/{realistic.SCHOOL}"]["municipality_name"] = MOSCOW
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), TODAY)
    assert document.authority == "Управление образования администрации города Москвы"
    text = _text(document, "docx")
    assert "Муниципалитет город Москва" in text  # its own field keeps the name as the register has it


# --- a sign of biased marks names ВПР once --------------------------------------------------------------------------


def _flag(code: str) -> str:
    reasons = Reasons(MethodologyRules.model_validate(default_rules().model_dump(mode="json")), realistic.YEAR)
    figures = {"school_year": realistic.YEAR, "lowered": 9, "confirmed": 14, "raised": 2, "threshold": 0.25}
    return str(reasons.flag(code, figures, 9 / 25)["detail"])


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("code", "said"),
    [("vpr_lowered", "отметки ниже отметок за период у 36,0 % участников (9 из 25)"),
     ("vpr_raised", "отметки выше отметок за период у 36,0 % участников (2 из 25)")],
)  # fmt: skip
def test_a_sign_of_biased_marks_names_vpr_once(code: str, said: str) -> None:
    detail = _flag(code)
    assert detail.startswith(f"ВПР {realistic.YEAR}: {said}"), detail
    assert detail.count("ВПР") == 1, detail


@pytest.mark.no_database
def test_no_reason_of_the_demo_region_names_vpr_twice_after_its_year() -> None:
    """The golden reasons (regenerated with `python -m tests.identification.test_run_snapshot`) read as the code
    builds them: 30 signs of biased marks, each naming ВПР once."""
    details = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    texts = [
        text
        for schools in details.values()
        for detail in schools.values()
        for text in (
            *(f["detail"] for f in detail["objectivity_flags"]),
            *(entry["reason"] for entry in detail["rules"].values()),
        )
    ]
    marks = [t for t in texts if re.search(r"ВПР \d{4}-\d{4}: отметки", t)]
    assert marks and not [t for t in texts if TWICE_VPR.search(t)]


# --- the note's data over HTTP: reasons with a no-break space, ВПР named once -------------------------------------


def test_the_note_data_writes_each_reason_with_a_no_break_space_before_percent(stack: Stack) -> None:
    """`/notes/identification` gave the fired rules' reasons, warnings and signs as the run stored them, «25,0 %»,
    beside its own figures and the movers' reasons written «25,0\u00a0%»."""
    answer = stack.gateway.get(
        "/api/identification/notes/identification",
        params={"school_year": "2023-2024"},
        headers=stack.auth("regional_analyst"),
    )
    assert answer.status_code == 200, answer.text
    schools = answer.json()["schools"]
    reasons = [f["reason"] for s in schools for f in s["fired"]]
    texts = [*reasons, *(w for s in schools for w in s["warnings"]), *(o for s in schools for o in s["objectivity"])]
    assert any(f"{NBSP}%" in t for t in reasons), reasons[:5]
    assert not [t for t in texts if PLAIN_BEFORE_PERCENT.search(t)]
    assert not [t for t in texts if TWICE_VPR.search(t)]


def test_the_rendered_note_over_http_names_vpr_once_in_its_signs(stack: Stack) -> None:
    """The regional note as the reports service renders it, read back with python-docx: every paragraph and cell."""
    answer = stack.gateway.post(
        "/api/reports/render",
        json={"report_type": "identification_note", "format": "docx", "parameters": {"school_year": "2023-2024"}},
        headers=stack.auth("regional_analyst"),
    )
    assert answer.status_code == 200, answer.text
    word = docx.Document(io.BytesIO(answer.content))
    texts = [p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells]
    joined = "\n".join(texts)
    assert "ШНОР" in joined and not FORBIDDEN.search(joined)
    assert not [t for t in texts if TWICE_VPR.search(t)]
    assert not [t for t in texts if PLAIN_BEFORE_PERCENT.search(t)]  # the renderer's own no-break space too


# --- the tables of the one school at risk ---------------------------------------------------------------------------


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_factors_table_of_the_one_school_at_risk_is_titled_of_the_school(fmt: Format) -> None:
    text = _text(_note(_one_at_risk()), fmt)
    assert "Факторы риска «500+» у школы группы риска" in text
    assert "у школ группы риска" not in text


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_indicators_table_of_the_one_school_at_risk_names_the_school(fmt: Format) -> None:
    text = _text(_note(_one_at_risk()), fmt)
    assert "Кадровые и социальные показатели: школа группы риска и остальные школы" in text
    assert "Школы группы риска" not in text


@pytest.mark.no_database
def test_the_indicators_column_of_the_one_school_at_risk_is_headed_in_the_singular() -> None:
    table = next(t for t in docx_tables(render(_note(_one_at_risk()), "docx")) if t[0][0] == "Показатель")
    assert table[0] == ["Показатель", "Школа группы риска", "Остальные школы"]


@pytest.mark.no_database
def test_the_one_school_at_risk_without_a_profile_is_said_of_the_school() -> None:
    answer = _one_at_risk()
    answer["risk_factors"] = []
    text = _text(_note(answer), "docx")
    assert "Рискового профиля «500+» у школы группы риска за этот год нет." in text
    assert "профилей «500+» по школам группы риска" not in text


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", READ)
def test_the_tables_of_two_schools_at_risk_stay_plural(fmt: Format) -> None:
    text = _text(_note(realistic.note()), fmt)
    assert "Факторы риска «500+» у школ группы риска" in text
    assert "Кадровые и социальные показатели: школы группы риска и остальные школы" in text


# --- notes of varied runs read whole ----------------------------------------------------------------------------------

LONG = (
    "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12 с углублённым "
    "изучением отдельных предметов имени Героя Советского Союза И. И. Иванова» муниципального образования"
)


def _no_school_at_risk() -> dict[str, Any]:
    answer = realistic.note()
    for school in answer["schools"][:2]:
        school |= {"categories": ["effective"], "computed_categories": ["effective"], "fired": []}
    answer["counts"] = {"effective": 4, "insufficient_data": 1}
    answer["aggregates"]["territory"]["categories"] = {"effective": 4}
    answer["risk_factors"], answer["indicators"] = [], []
    return answer


def _long_names() -> dict[str, Any]:
    answer = realistic.note()
    answer["schools"][0]["school_name"] = LONG
    answer["comparison"]["schools"][0]["school_name"] = LONG
    answer["schools"][1]["fired"][0]["reason"] = ""  # a reason the data lost
    answer["schools"][1]["fail_share"] = None
    return answer


def _many_municipalities() -> dict[str, Any]:
    answer = realistic.note()
    answer["territory"] |= {"kind": "region", "code": "99", "name": "Кедровская область"}
    others = []
    for number in range(2, 5):
        other = copy.deepcopy(answer["aggregates"]["territory"])
        other |= {"code": f"990{number}", "name": f"Район № {number}", "categories": {"effective": 3}}
        others.append(other)
    answer["aggregates"]["municipalities"] += others
    return answer


def _one_at_risk_as_served() -> dict[str, Any]:
    """Round 18's note of one school at risk with its sign as the identification service now words it."""
    answer = _one_at_risk()
    answer["schools"][3]["objectivity"] = ["ВПР 2023-2024: отметки ниже отметок за период у 36,0 % участников"]
    return answer


VARIANTS = {
    "moscow": _moscow_note,
    "one_at_risk": _one_at_risk_as_served,
    "no_school_at_risk": _no_school_at_risk,
    "long_names": _long_names,
    "many_municipalities": _many_municipalities,
}


@pytest.mark.no_database
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_cell_of_the_note_reads_as_a_document(variant: str) -> None:
    """Every paragraph and cell of the DOCX: no empty cell, no English word, nothing a program prints («None»,
    «nan», «0.25»), no ordinary space before «%», ВПР named once in a sign."""
    content = render(_note(VARIANTS[variant]()), "docx")
    word = docx.Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    texts = [p.text for p in word.paragraphs] + cells
    assert all(c.strip() for c in cells), [t[0] for t in docx_tables(content) if not all(c.strip() for c in t[0])]
    joined = "\n".join(texts)
    assert not FORBIDDEN.search(joined) and not RAW_DECIMAL.search(joined)
    assert not re.search(r"\b[A-Za-z]{3,}\b", joined), re.findall(r"\b[A-Za-z]{3,}\b", joined)
    assert not PLAIN_BEFORE_PERCENT.search(joined) and not TWICE_VPR.search(joined)


@pytest.mark.no_database
def test_a_long_school_name_is_printed_whole_in_the_docx_and_the_workbook() -> None:
    document = _note(_long_names())
    assert LONG in _text(document, "docx")
    book = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))
    values = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value}
    assert any(LONG in v for v in values)


# --- a rule whose label names its figure says the figure once ---------------------------------------------------------


@pytest.mark.no_database
def test_a_school_leaving_by_its_social_index_names_the_index_once() -> None:
    """«не выполняется: низкий индекс социального благополучия: индекс социального благополучия — −0,32 …», as the
    movers' table of the demo municipality read."""
    before = _row(
        {"social_index_bottom_quartile": _fired("unfavourable_social", index=-0.32)}, categories=["unfavourable_social"]
    )
    now = _row({"social_index_bottom_quartile": _quiet(index=-0.22)})
    reason = _plain(NoteService._left_reason(before, now, "unfavourable_social", ("2022-2023", "2023-2024")))
    assert reason == (
        "не выполняется: низкий индекс социального благополучия: −0,32 в 2022-2023 учебном году, −0,22 в 2023-2024 "
        "учебном году"
    )


@pytest.mark.no_database
def test_a_school_entering_by_unemployment_names_it_once() -> None:
    row = _row(
        {"unemployment": _fired("unfavourable_social", unemployment_share=0.12)}, categories=["unfavourable_social"]
    )
    reason = _plain(NoteService._entered_reason(row, "unfavourable_social", "2024-2025"))
    assert reason == "Высокая безработица в населённом пункте: 12 % в 2024-2025 учебном году"


@pytest.mark.no_database
def test_a_figure_the_label_does_not_name_is_still_said() -> None:
    before = _row({"near_threshold": _fired("risk_zone", share=0.25)}, categories=["risk_zone"])
    now = _row({"near_threshold": _quiet(share=0.1)})
    reason = _plain(NoteService._left_reason(before, now, "risk_zone", ("2022-2023", "2023-2024")))
    assert reason.startswith("не выполняется: результаты вблизи порога: доля ниже минимального порога — 25 % в")
