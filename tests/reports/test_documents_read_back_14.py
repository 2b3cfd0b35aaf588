"""Round 14 of reading the signed documents back (python-docx, openpyxl, the HTML page, the PDF's text) as the
head of a municipal education authority reads the analytical note on identification and the school card: the
change since the year before said by how many schools and for every risk category, a first year compared with
nothing, no rule id, no outcome code and no raw computed number («0.3333333») in a reason, every count of the
text the count of its table, the appendices numbered as the text refers to them."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from services.reports.documents import school_card
from services.reports.documents.common import readable_reason
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.rendering.render import render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, pdf_text
from tests.reports.test_documents_read_back_12 import _book, _note, _texts

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bnull\b|\{\{|\bTrue\b|\bFalse\b")
RAW_NUMBER = re.compile(r"(?<![\d.])\d+\.\d{4,}")
"""A computed number with a point: a sheet's cells are numbers (read back as such), a page's text never."""


def _unreadable(fmt: str, text: str) -> list[str]:
    found = FORBIDDEN.findall(text)
    return found if fmt == "xlsx" else [*found, *RAW_NUMBER.findall(text)]


CARD_DETAIL = f"/api/identification/runs/3/schools/{realistic.SCHOOL}"
CARD_HISTORY = f"/api/identification/schools/{realistic.SCHOOL}/history"


def _conclusions(text: str) -> str:
    """The paragraph of conclusions: from «Анализ показал» to the table of recommendations."""
    start = text.find("Анализ показал")
    assert start >= 0, text[:400]
    return text[start : text.index("Рекомендации", start)]


def _comparison(**categories: tuple[int, int]) -> list[dict[str, Any]]:
    return [
        {"category": code, "before": before, "entered": max(after - before, 0), "left": max(before - after, 0),
         "stayed": min(before, after), "after": after}
        for code, (before, after) in categories.items()
    ]  # fmt: skip


def _note_with(**categories: tuple[int, int]) -> Document:
    answer = realistic.note()
    answer["comparison"]["categories"] = _comparison(**categories)
    return _note(answer)


def _identify_all(answer: dict[str, Any]) -> dict[str, Any]:
    """Every school of the note at risk: 1 in ШНОР and ШНСУ, 2 in ШНОР, 3-5 in the zone of risk."""
    categories = [["low_results", "unfavourable_social"], ["low_results"], *[["risk_zone"]] * 3]
    for school, held in zip(answer["schools"], categories, strict=True):
        school |= {"categories": held, "computed_categories": held, "insufficient_data": False}
    answer["counts"] = {"low_results": 2, "unfavourable_social": 1, "risk_zone": 3}
    return answer


def _card(answers: dict[str, Any]) -> Document:
    return school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(answers), realistic.TODAY)


# --- the change since the year before: by how many schools, agreed with the number ------------------------------


def test_the_conclusions_say_by_how_many_schools_the_low_results_list_shrank_in_every_format() -> None:
    document = _note(realistic.note())  # ШНОР: 3 → 2
    for fmt, text in _texts(document, ("docx", "html")).items():
        assert "Число ШНОР по сравнению с прошлым годом сократилось на 1 школу (3 → 2)." in _conclusions(text), fmt


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        (3, 2, "сократилось на 1 школу (3 → 2)"),
        (2, 4, "выросло на 2 школы (2 → 4)"),
        (1, 6, "выросло на 5 школ (1 → 6)"),
        (0, 21, "выросло на 21 школу (0 → 21)"),
        (14, 2, "сократилось на 12 школ (14 → 2)"),
        (2, 2, "не изменилось (2)"),
    ],
)
def test_the_change_of_the_low_results_list_agrees_with_its_number(before: int, after: int, said: str) -> None:
    text = _texts(_note_with(low_results=(before, after)), ("docx",))["docx"]
    assert f"Число ШНОР по сравнению с прошлым годом {said}." in _conclusions(text)


def test_the_conclusions_name_the_zone_of_risk_that_grew_beside_the_low_results_list() -> None:
    text = _texts(_note_with(low_results=(2, 2), risk_zone=(1, 3)), ("docx",))["docx"]
    assert (
        "Число ШНОР по сравнению с прошлым годом не изменилось (2), число школ в зоне риска выросло на 2 школы (1 → 3)."
        in _conclusions(text)
    )


def test_a_category_empty_in_both_years_is_not_said_to_have_changed() -> None:
    text = _conclusions(_texts(_note_with(low_results=(3, 2), unfavourable_social=(0, 0)), ("docx",))["docx"])
    assert "ШНСУ" not in text.split("Число ШНОР", 1)[1]
    assert "не изменилось (0)" not in text


def test_a_first_year_compares_the_conclusions_with_nothing() -> None:
    answer = realistic.note()
    answer["comparison"] |= {"previous_approved": None, "previous_order_number": None, "previous_order_date": None}
    answer["comparison"]["schools"] = []
    text = _texts(_note(answer), ("docx",))["docx"]
    assert "Идентификация за 2022-2023 учебный год не проводилась: сравнивать не с чем." in text
    assert "по сравнению с прошлым годом" not in _conclusions(text)


def test_the_pdf_reads_the_change_as_the_docx() -> None:
    document = _note_with(low_results=(3, 2), risk_zone=(1, 3))
    expected = "число школ в зоне риска выросло на 2 школы (1 → 3)"
    assert expected in _texts(document, ("docx",))["docx"]
    assert expected in pdf_text(render(document, "pdf"))


# --- every school identified, one in two categories: the counts of the text are the counts of the tables --------


def test_every_school_at_risk_one_in_two_categories_counts_each_school_once_and_each_list_in_full() -> None:
    document = _note(_identify_all(realistic.note()))
    text = _texts(document, ("docx",))["docx"]
    needing = "Анализ показал, что 5 школ из 5 (100,0 %) нуждаются в адресной поддержке: ШНОР — 2, ШНСУ — 1, зона"
    assert f"{needing} риска — 3." in text
    assert "Закрепить за школами группы риска (5 школ)" in text
    tables = docx_tables(render(document, "docx"))
    summary = next(t for t in tables if t[0][:2] == ["Категория", "Школ"])
    counted = {row[0].split(" — ")[0].split(" ")[0]: row[1] for row in summary[1:]}
    assert counted["ШНОР"] == "2" and counted["ШНСУ"] == "1" and counted["Зона"] == "3"
    for title in ("ШНОР — школа с низкими образовательными результатами: 2 школы",
                  "ШНСУ — школа, функционирующая в неблагоприятных социальных условиях: 1 школа",
                  "Зона риска снижения образовательных результатов: 3 школы"):  # fmt: skip
        assert title in text
    detail = next(t for t in tables if t[0][:3] == ["№", "Код ОО", "Школа"])
    assert [row[3] for row in detail[1:]] == ["ШНОР, ШНСУ", "ШНОР", "Зона риска", "Зона риска", "Зона риска"]


def test_the_summary_sheet_holds_the_counts_and_shares_as_numbers() -> None:
    sheet = _book(_note(_identify_all(realistic.note())))["Сводка"]
    rows = [[c.value for c in row] for row in sheet.iter_rows() if isinstance(row[1].value, int)]
    assert [row[1] for row in rows[:3]] == [2, 1, 3]
    assert all(isinstance(row[2], float) for row in rows[:3])
    assert rows[0][2] == pytest.approx(0.4)


def test_no_school_at_risk_leaves_no_list_and_the_parameters_become_appendix_one() -> None:
    answer = realistic.note()
    for school in answer["schools"]:
        school |= {"categories": ["effective"], "computed_categories": ["effective"], "fired": [],
                   "insufficient_data": False}  # fmt: skip
    answer["counts"] = {"effective": 5}
    answer["comparison"]["categories"] = _comparison(low_results=(3, 0))
    answer["comparison"]["schools"] = []
    for fmt, text in _texts(_note(answer), ("docx", "html")).items():
        assert "Анализ показал, что ни одна из 5 школ не нуждается в адресной поддержке." in text, fmt
        assert "сократилось на 3 школы (3 → 0)" in text, fmt
        assert "приведены в приложении 1." in text and "Приложение 1 Параметры методики идентификации" in text, fmt
        assert "Приложение 2" not in text and "приложении 2" not in text, fmt
        assert "Закрепить за" not in text, fmt


def test_the_methodology_reads_with_the_same_name_and_version_in_the_text_and_its_appendix() -> None:
    answer = realistic.note()
    answer["methodology"] |= {"name": "Методика идентификации школ с низкими результатами", "version": 3}
    text = _texts(_note(answer), ("docx",))["docx"]
    assert "В соответствии с Методикой идентификации школ с низкими результатами (версия 3)" in text
    assert "Методика идентификации школ с низкими результатами, версия 3." in text


# --- a reason never carries a raw computed number ----------------------------------------------------------------


def test_a_raw_computed_number_in_a_school_s_reason_reads_as_a_number_of_the_documents() -> None:
    answer = realistic.note()
    answer["schools"][0]["fired"][0]["reason"] = "ВПР, математика, 5 класс: индекс 0.3333333 при пороге 0.25"
    answer["comparison"]["schools"][0]["reason"] = "социальный индекс 1.4666667"
    for fmt, text in _texts(_note(answer)).items():
        assert "индекс 0,33 при пороге 0.25" in text, fmt  # a figure as typed stays as typed
        assert "Социальный индекс 1,47" in text, fmt  # a cell of the movers' table starts with a capital
        assert not _unreadable(fmt, text), fmt


@pytest.mark.parametrize(
    ("reason", "read"),
    [
        ("доля 0.3333333", "доля 0,33"),
        ("приказ от 02.09.2024 № 01-04-57", "приказ от 02.09.2024 № 01-04-57"),  # a date is no number to round
        ("мероприятие 1.1 плана", "мероприятие 1.1 плана"),
        ("индекс 12345.678901.", "индекс 12\u00a0345,68."),  # thousands apart, as every figure
        ("версия 1.2.345", "версия 1.2.345"),
    ],
)
def test_a_reason_keeps_dates_and_typed_numbers_and_rounds_only_a_computed_one(reason: str, read: str) -> None:
    assert readable_reason(reason) == read


# --- the school card: a rule named as the methodology names it, an outcome in words ------------------------------


def test_the_card_never_prints_a_rule_id_or_an_outcome_code() -> None:
    answers = realistic.card_answers()
    answers[CARD_DETAIL]["rules"]["social_index"] = {
        "category": "unfavourable_social", "outcome": "not_evaluated", "reason": "",
    }  # fmt: skip
    document = _card(answers)
    for fmt, text in _texts(document).items():
        assert "social_index" not in text and "not_evaluated" not in text, fmt
        assert "Правило методики" in text, fmt
    rules = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Правило")
    assert rules[2] == ["Правило методики", "ШНСУ", "—", "—"]


def test_the_card_history_names_a_fired_rule_without_a_label_in_words() -> None:
    answers = realistic.card_answers()
    answers[CARD_HISTORY]["statuses"][0]["fired_rules"] = [{"rule": "fail_share_30"}]
    text = _texts(_card(answers), ("docx",))["docx"]
    assert "fail_share_30" not in text
    assert "согласованный список, приказ от 02.09.2024 № 01-04-57 Правило методики" in text


def test_the_card_writes_a_raw_computed_number_of_a_reason_as_the_documents_write_numbers() -> None:
    answers = realistic.card_answers()
    rule = answers[CARD_DETAIL]["rules"]["fail_share_30"]
    rule["reason"] = "ВПР, математика, 5 класс: 7 из 21 участника (доля 0.3333333)"
    document = _card(answers)
    for fmt, text in _texts(document).items():
        assert "(доля 0,33)" in text and "0.3333333" not in text, fmt


def test_the_card_of_a_school_in_two_categories_reads_both_the_same_way_everywhere() -> None:
    answers = copy.deepcopy(realistic.card_answers())
    answers[CARD_HISTORY]["statuses"][0]["categories"] = ["low_results", "unfavourable_social"]
    for fmt, text in _texts(_card(answers)).items():
        assert "Категории школы в 2023-2024 учебном году: ШНОР, ШНСУ." in text, fmt
        assert not _unreadable(fmt, text), fmt
