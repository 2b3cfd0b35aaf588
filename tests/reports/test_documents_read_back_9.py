"""The report types covered least, built from edge data and read back in every format as the official who signs
them reads them: the school card's comparison of ВПР marks with term marks gives each class's three shares
(«понизили / подтвердили / повысили») adding up to exactly 100 % (1, 1 and 1 pupils: 33,4 + 33,3 + 33,3, never
99,9), while every other share keeps its exact figure; an order known by its number alone reads «приказ № 57»,
never «приказ от  № 57»; a number typed with its own «№» is printed with one («договор № 12-С», never
«договор № № 12-С»); the mentor pairs, the «5К» profile and «Что работает» read in plain Russian with quotes as
«ёлочки» however the name was typed, dashes for what is not known, and numerals agreeing at 1, 11, 21 and 22."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pypdf
import pytest

from services.reports.documents import identification_note, plan, school_card
from services.reports.documents.common import order_details, plan_basis, shares_of_whole
from services.reports.documents.model import Document, Paragraph, Section
from services.reports.documents.params import ReportParams
from services.reports.documents.people import agreement_number
from services.reports.rendering.render import Format, render
from tests.reports import test_documents_read_back_2 as realistic
from tests.reports.test_documents_figures import docx_tables, html_tables, text_of
from tests.reports.test_documents_read_back import PLAN_URL, _plan

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
ALL: tuple[Format, ...] = ("docx", "xlsx", "html", "pdf")
MARKS_HEADER = ["Учебный год", "Класс", "Предмет", "Обучающихся", "Понизили", "Подтвердили", "Повысили"]
PAIRS_HEADER = ["№", "Школа-наставник", "Подшефная школа", "Основание", "Срок", "Обоснование"]
SCHOOL_URL = f"/api/identification/schools/{realistic.SCHOOL}"
HISTORY = f"{SCHOOL_URL}/history"
RUN_URL = f"/api/identification/runs/3/schools/{realistic.SCHOOL}"
PROFILE = f"/api/identification/competence/schools/{realistic.SCHOOL}/profile"
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bnull\b|от\s+№|№\s+№|\bот\s*[.;,]")


def _clean(text: str, fmt: str) -> None:
    """What no signed document carries: «None», «nan», «null», «от  №», «№ №»."""
    found = FORBIDDEN.search(text)
    assert not found, (fmt, text[max(0, found.start() - 80) : found.end() + 80])


def _percent(cell: str) -> Decimal:
    return Decimal(cell.replace("\xa0", " ").removesuffix(" %").replace(",", "."))


# --- the school card: shares of one whole add up to 100 % ------------------------------------------------------


def _card(marks: list[dict[str, Any]] | None = None, answers: dict[str, Any] | None = None) -> Document:
    given = realistic.card_answers()
    if marks is not None:
        given[HISTORY]["vpr_objectivity"] = marks
    given |= answers or {}
    return school_card.build(ReportParams(school_code=realistic.SCHOOL), realistic._sources(given), TODAY)


def _marks(*parts: tuple[int | None, int | None, int | None]) -> list[dict[str, Any]]:
    return [
        {"school_year": "2023-2024", "grade": 4 + n, "subject": "mathematics", "lowered": lowered,
         "confirmed": confirmed, "raised": raised}
        for n, (lowered, confirmed, raised) in enumerate(parts, start=1)
    ]  # fmt: skip


def _marks_rows(content: bytes, fmt: str) -> list[list[str]]:
    tables = docx_tables(content) if fmt == "docx" else html_tables(content)
    table = next(t for t in tables if t and t[0] == MARKS_HEADER)
    return table[1:]


@pytest.mark.parametrize(
    "parts",
    [(1, 1, 1), (1, 5, 0), (2, 2, 3), (1, 1, 4), (7, 7, 7), (5, 13, 3), (1, 0, 2), (11, 11, 11)],
)
def test_the_three_shares_of_a_class_add_up_to_exactly_100_percent_in_every_format(
    parts: tuple[int, int, int],
) -> None:
    document = _card(_marks(parts))
    for fmt in ("docx", "html"):
        row = _marks_rows(render(document, fmt), fmt)[0]
        assert row[3] == str(sum(parts)), (fmt, row)
        assert sum(_percent(cell) for cell in row[4:]) == 100, (fmt, row)
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["ВПР и отметки"]
    values = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "математика")[4:]
    assert round(sum(v or 0 for v in values), 9) == 1, values  # the sheet's numbers add up too


def test_a_third_each_prints_33_4_33_3_33_3_and_the_pdf_reads_the_same() -> None:
    document = _card(_marks((1, 1, 1), (2, 1, 0)))
    for fmt in ("docx", "html"):
        rows = _marks_rows(render(document, fmt), fmt)
        assert rows[0][4:] == ["33,4 %", "33,3 %", "33,3 %"], fmt
        assert rows[1][4:] == ["66,7 %", "33,3 %", "0,0 %"], fmt
    pdf = text_of("pdf", render(document, "pdf"))
    assert "3 33,4 % 33,3 % 33,3 %" in pdf and "99,9" not in pdf and "100,1" not in pdf


def test_the_document_does_not_say_how_its_shares_were_rounded() -> None:
    for fmt in ALL:
        text = text_of(fmt, render(_card(_marks((1, 1, 1))), fmt)).lower()
        assert "округл" not in text and "наибольш" not in text and "остат" not in text, fmt


def test_a_class_with_no_pupils_counted_reads_dashes_and_a_missing_part_a_dash() -> None:
    document = _card(_marks((None, None, None), (0, 0, 0), (None, 3, 1)))
    for fmt in ("docx", "html"):
        rows = _marks_rows(render(document, fmt), fmt)
        assert rows[0][3:] == ["—", "—", "—", "—"], fmt
        assert rows[1][3:] == ["—", "—", "—", "—"], fmt  # no «0,0 %» of nobody
        assert rows[2][3:] == ["4", "—", "75,0 %", "25,0 %"], fmt
    for fmt in ALL:
        _clean(text_of(fmt, render(document, fmt)), fmt)


def test_other_shares_of_the_card_keep_their_exact_figures() -> None:
    document = _card(_marks((1, 1, 1)))
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Результаты"]
    shares = [r[6] for r in sheet.iter_rows(values_only=True) if r[0] == "ВПР"]
    assert shares == pytest.approx([10 / 28, 7 / 28], rel=1e-12)  # 35,714… %: a share of its own is never nudged
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Процедура")
    assert [r[6] for r in rows[1:]] == ["35,7 %", "25,0 %"]


@pytest.mark.parametrize(
    ("parts", "shares"),
    [
        ([1, 1, 1], [0.334, 0.333, 0.333]),
        ([0, 0, 0], [None, None, None]),
        ([None, 2, 2], [None, 0.5, 0.5]),
        ([1, 2, 3, 4, 5, 6], [0.048, 0.095, 0.143, 0.19, 0.238, 0.286]),
        ([2, 1, 1], [0.5, 0.25, 0.25]),
        ([1, 1, 2], [0.25, 0.25, 0.5]),
    ],
)
def test_shares_of_one_whole_take_the_largest_remainders(parts: list[int | None], shares: list[float | None]) -> None:
    found = shares_of_whole(parts)
    assert found == shares
    known = [s for s in found if s is not None]
    assert not known or round(sum(known) * 1000) == 1000


def test_a_tie_of_remainders_goes_to_the_larger_part() -> None:
    assert shares_of_whole([1, 2, 2, 1], digits=0) == [0.17, 0.33, 0.33, 0.17]
    assert shares_of_whole([2, 1, 1, 2], digits=0) == [0.33, 0.17, 0.17, 0.33]


@pytest.mark.parametrize(
    ("legal_form", "kind", "shown"),
    [("МБОУ", "", "МБОУ"), ("", "СОШ", "СОШ"), ("", "", "—"), ("МАОУ", "лицей", "МАОУ, лицей")],
)
def test_the_card_names_the_school_s_kind_with_what_the_registry_has(legal_form: str, kind: str, shown: str) -> None:
    school = realistic.card_answers()[SCHOOL_URL] | {"legal_form": legal_form, "kind": kind}
    document = _card(answers={SCHOOL_URL: school})
    for fmt in ("docx", "html"):
        content = render(document, fmt)
        tables = docx_tables(content) if fmt == "docx" else html_tables(content)
        facts = dict((row[0], row[1]) for row in tables[0])
        assert facts["Вид"] == shown, fmt
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Школа"]
    assert ["Вид", shown] in [[c.value for c in row[:2]] for row in sheet.iter_rows()]


def test_a_rule_with_no_explanation_reads_a_dash_and_the_fired_rule_comes_first() -> None:
    detail = realistic.card_answers()[RUN_URL]
    detail["rules"] = {
        "social": {"label": "Социальный индекс", "category": "unfavourable_social", "outcome": "disabled"},
        "flags": {"label": "Объективность ВПР", "category": None, "outcome": "not_fired", "reason": ""},
        **detail["rules"],
    }
    document = _card(answers={RUN_URL: detail})
    for fmt in ("docx", "html"):
        content = render(document, fmt)
        tables = docx_tables(content) if fmt == "docx" else html_tables(content)
        rows = next(t for t in tables if t and t[0][:2] == ["Правило", "Категория"])[1:]
        assert [r[:3] for r in rows] == [
            ["Доля участников ниже минимального порога", "ШНОР", "сработало"],
            ["Объективность ВПР", "без категории", "не сработало"],
            ["Социальный индекс", "ШНСУ", "выключено"],
        ], fmt
        assert [r[3] for r in rows[1:]] == ["—", "—"], fmt


def test_an_expert_adjustment_of_a_school_with_no_computed_category_reads_in_words_and_ends_its_sentence() -> None:
    detail = realistic.card_answers()[RUN_URL]
    detail["overrides"] = [
        {"before": [], "categories": ["low_results"], "reason": "решение комиссии от 01.09.2024 № 5",
         "created_by_name": "Иванова А.А.", "created_at": "2024-09-01T10:00:00"},
        {"before": ["low_results", "risk_zone"], "categories": ["effective"], "reason": "Повторная проверка.",
         "created_by_name": "Иванова А.А.", "created_at": "2024-09-03T10:00:00"},
    ]  # fmt: skip
    document = _card(answers={RUN_URL: detail})
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt))
        assert (
            "Экспертная корректировка 01.09.2024 (Иванова А.А.): без категории → ШНОР. "
            "Обоснование: решение комиссии от 01.09.2024 № 5." in text
        ), fmt
        assert (
            "Экспертная корректировка 03.09.2024 (Иванова А.А.): ШНОР, зона риска → эффективный режим. "
            "Обоснование: Повторная проверка. " in text
        ), fmt
        assert ": — →" not in text and "проверка.." not in text, fmt


# --- orders known in part: never «от  №» ---------------------------------------------------------------------


def test_an_order_known_in_part_is_written_without_blanks() -> None:
    assert order_details(date(2024, 9, 2), "01-04-57") == " от 02.09.2024 № 01-04-57"
    assert order_details(None, "01-04-57") == " № 01-04-57"
    assert order_details("2024-09-02", None) == " от 02.09.2024"
    assert order_details(None, "") == ""
    assert order_details("2024-09-02", "№ 57-од") == " от 02.09.2024 № 57-од"


def test_a_plans_basis_writes_its_order_as_every_other_order_line() -> None:
    """`plan_basis` wrote its own «от … № …» beside `order_details`: a «№» typed into the number was printed twice."""
    plan = {"owner_kind": "school", "owner_label": "МБОУ «СОШ № 1»", "status": "approved",
            "order_date": "2024-09-02", "order_number": "№ 57-од"}  # fmt: skip
    assert plan_basis(plan) == "утверждён приказом МБОУ «СОШ № 1» от 02.09.2024 № 57-од"


def _status(**change: Any) -> dict[str, Any]:
    given = realistic.card_answers()[HISTORY]["statuses"][0]
    return {**given, **change}


def test_the_card_of_an_order_known_by_its_number_alone_reads_prikaz_number() -> None:
    history = realistic.card_answers()[HISTORY] | {"statuses": [_status(order_date=None)]}
    document = _card(answers={HISTORY: history})
    for fmt in ALL:
        text = text_of(fmt, render(document, fmt))
        assert "согласованный список, приказ № 01-04-57" in text, fmt
        if fmt != "xlsx":  # the summary is a paragraph of the first sheet's heading: docx, html and pdf
            assert "Согласованный список утверждён приказом № 01-04-57." in text, fmt
        _clean(text, fmt)


def test_the_card_of_an_order_with_no_details_names_the_order_alone() -> None:
    history = realistic.card_answers()[HISTORY] | {"statuses": [_status(order_date=None, order_number=None)]}
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(_card(answers={HISTORY: history}), fmt))
        assert "согласованный список Доля участников" in text and "приказ Доля" not in text, fmt  # the next cell
        assert "Согласованный список утверждён." in text, fmt
        _clean(text, fmt)


def test_a_number_typed_with_its_sign_is_printed_with_one() -> None:
    history = realistic.card_answers()[HISTORY] | {"statuses": [_status(order_number="№ 01-04-57")]}
    for fmt in ALL:
        text = text_of(fmt, render(_card(answers={HISTORY: history}), fmt))
        assert "приказ от 02.09.2024 № 01-04-57" in text, fmt
        _clean(text, fmt)


def _note(**run: Any) -> Document:
    answer = realistic.note()
    answer["run"] |= run
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    return identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)


def test_the_note_of_a_list_approved_without_a_dated_order_names_its_number() -> None:
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(_note(order_date=None), fmt))
        assert "Перечень школ по категориям утверждён приказом № 01-04-57; справка" in text, fmt
        _clean(text, fmt)


def test_the_note_of_a_list_approved_by_an_order_of_no_details_says_approved() -> None:
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(_note(order_date=None, order_number=None), fmt))
        assert "Перечень школ по категориям утверждён; справка составлена по утверждённому перечню." in text, fmt
        _clean(text, fmt)


def test_the_note_compares_with_a_previous_list_of_an_undated_order() -> None:
    answer = realistic.note()
    answer["comparison"]["previous_order_date"] = None
    sources = realistic._sources({realistic.NOTE_PATH: answer})
    document = identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt))
        assert (
            "Состав категорий сравнивается с перечнем 2022-2023 учебного года, утверждённым приказом № 01-04-12."
            in text
        ), fmt
        _clean(text, fmt)


def test_the_card_lists_a_school_plan_approved_by_an_order_typed_with_its_sign() -> None:
    plans = {"items": [{"title": 'План "Точка роста"', "kind_label": "Программа антирисковых мер",
                        "school_year": "2024-2025", "status": "approved", "order_number": "№ 57-од",
                        "order_date": None}], "total": 1}  # fmt: skip
    sources = realistic._sources(realistic.card_answers(), {"/api/roadmap/plans": plans})
    document = school_card.build(ReportParams(school_code=realistic.SCHOOL), sources, TODAY)
    for fmt in ALL:
        text = text_of(fmt, render(document, fmt))
        assert "План «Точка роста» Программа антирисковых мер 2024-2025 утверждена приказ № 57-од" in text, fmt
        _clean(text, fmt)


# --- the mentor pairs ------------------------------------------------------------------------------------------

LONG_NAME = (
    'МБОУ "Гимназия № 1 имени А.С. Пушкина с углублённым изучением отдельных предметов гуманитарного профиля" '
    "городского округа «Кедровск»"
)


def _pair(number: int, **change: Any) -> dict[str, Any]:
    return {
        "id": number, "municipality_code": "9901", "mentor_school_code": "9901003",
        "mentor_school_name": "МБОУ «СОШ № 3»", "mentor_head": "Шаляпина Т.А.", "supported_school_code": "9901002",
        "supported_school_name": f"МБОУ «СОШ № {number + 10}»", "supported_head": "", "agreement_number": "12-С",
        "agreement_date": "2024-09-01", "rationale": "Стабильно высокие результаты", "starts_on": "2024-09-01",
        "ends_on": "2025-05-31",
    } | change  # fmt: skip


def _note_with_pairs(pairs: list[dict[str, Any]]) -> Document:
    sources = realistic._sources({realistic.NOTE_PATH: realistic.note()}, {"/api/roadmap/mentor-pairs": pairs})
    return identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)


def _pairs_rows(document: Document, fmt: Format) -> list[list[str]]:
    content = render(document, fmt)
    tables = docx_tables(content) if fmt == "docx" else html_tables(content)
    return next(t for t in tables if t and t[0] == PAIRS_HEADER)[1:]


def test_an_agreement_number_typed_with_its_sign_reads_one_sign_in_every_format() -> None:
    document = _note_with_pairs([_pair(1, agreement_number="№ 12-С"), _pair(2, agreement_number="N5")])
    for fmt in ("docx", "html"):
        rows = _pairs_rows(document, fmt)
        assert [r[3] for r in rows] == ["договор № 12-С от 01.09.2024", "договор № 5 от 01.09.2024"], fmt
    for fmt in ALL:
        text = text_of(fmt, render(document, fmt))
        assert "договор № 12-С от 01.09.2024" in text, fmt
        _clean(text, fmt)


def test_an_agreement_number_keeps_what_is_not_a_sign() -> None:
    assert agreement_number("Nord-1") == "Nord-1"
    assert agreement_number("No. 7") == "7"
    assert agreement_number("№") == ""
    assert agreement_number(" 12-С ") == "12-С"


def test_a_pair_with_nothing_optional_reads_dashes_and_an_open_period() -> None:
    bare = _pair(1, mentor_head="", agreement_number="", agreement_date=None, rationale="",
                 ends_on=None, mentor_school_name=LONG_NAME)  # fmt: skip
    document = _note_with_pairs([bare])
    for fmt in ("docx", "html"):
        (row,) = _pairs_rows(document, fmt)
        assert row[0] == "1", fmt
        assert row[1].startswith("МБОУ «Гимназия № 1 имени А.С. Пушкина") and "руководитель" not in row[1], fmt
        assert row[1].endswith("гуманитарного профиля» городского округа «Кедровск»"), fmt
        assert row[2:] == ["МБОУ «СОШ № 11»", "—", "с 01.09.2024, без срока окончания", "—"], fmt
    for fmt in ALL:
        text = text_of(fmt, render(document, fmt)).split('">', 1)[-1]  # html: after the body's own attribute
        assert '"' not in text and "руководитель )" not in text and "()" not in text, fmt
        _clean(text, fmt)


def test_eleven_pairs_are_numbered_in_order_in_every_format() -> None:
    document = _note_with_pairs([_pair(n) for n in range(1, 12)])
    for fmt in ("docx", "html"):
        rows = _pairs_rows(document, fmt)
        assert [r[0] for r in rows] == [str(n) for n in range(1, 12)], fmt
        assert [r[2] for r in rows] == [f"МБОУ «СОШ № {n + 10}»" for n in range(1, 12)], fmt
        assert rows[0][1] == "МБОУ «СОШ № 3» (руководитель Шаляпина Т.А.)", fmt
        assert {r[4] for r in rows} == {"01.09.2024 – 31.05.2025"}, fmt
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Наставничество"]
    numbers = [r[0] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert numbers == list(range(1, 12))


# --- the «5К» profile on the card ------------------------------------------------------------------------------


def _profile(deficits: list[dict[str, Any]], critical: list[str]) -> dict[str, Any]:
    return {
        "school_code": realistic.SCHOOL,
        "campaign": {"id": 1, "title": 'Диагностика "5К"', "stage_label": "входная", "held_on": "2024-10-01",
                     "school_year": "2024-2025"},
        "result": {"teachers": 21, "overall_mean_percent": 61.0, "deficits": deficits},
        "critical_competences": critical,
    }  # fmt: skip


def _deficit(code: str, title: str, teachers: int, critical: int, **more: Any) -> dict[str, Any]:
    return {"code": code, "title": title, "teachers": teachers, "critical": critical,
            "critical_share": critical / teachers if teachers else None, "mean_percent": None,
            "previous_critical_share": None} | more  # fmt: skip


def test_the_competence_profile_reads_its_diagnosis_in_russian_and_its_figures_as_numbers() -> None:
    deficits = [
        _deficit("K1", "Предметно-методологическая компетенция", 21, 1, mean_percent=55.55),
        _deficit("K2", "Психолого-педагогическая компетенция", 21, 0, previous_critical_share=0.1),
        _deficit("K3", "Коммуникативная компетенция", 1, 1, previous_critical_share=0.0, mean_percent=0.0),
    ]
    document = _card(answers={PROFILE: _profile(deficits, ["K1", "K3"])})
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt)).replace("- ", "-")  # the PDF may break a word at its hyphen
        assert (
            "Диагностика «5К» (входная диагностика от 01.10.2024, оценено педагогов: 21). Профессиональные дефициты: "
            "предметно-методологическая компетенция: 5 % педагогов на критическом уровне; коммуникативная "
            "компетенция: 100 % педагогов на критическом уровне." in text
        ), fmt
        _clean(text, fmt)
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Компетенция")
    assert rows[1][1:] == ["21", "1", "5 %", "—", "56 %"]
    assert rows[2][1:] == ["21", "0", "0 %", "10 %", "—"]
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))["Компетенции педагогов"]
    first = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Предметно-методологическая компетенция")
    assert first[1:3] == (21, 1) and first[3] == pytest.approx(1 / 21, rel=1e-12)  # exact in the sheet


def test_a_diagnosis_with_no_teacher_critical_says_no_deficits() -> None:
    deficits = [_deficit("K1", "Предметно-методологическая компетенция", 12, 0)]
    document = _card(answers={PROFILE: _profile(deficits, [])})
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt))
        assert "Профессиональных дефицитов не выявлено." in text and "дефициты: ." not in text, fmt


def test_one_teacher_of_many_at_the_critical_level_is_never_printed_as_0_percent() -> None:
    deficits = [
        _deficit("K1", "Предметно-методологическая компетенция", 250, 1, previous_critical_share=0.004),
        _deficit("K2", "Психолого-педагогическая компетенция", 250, 0),
        _deficit("K3", "Коммуникативная компетенция", 250, 2),  # 0,8 %: rounds to «1 %»
    ]
    document = _card(answers={PROFILE: _profile(deficits, ["K1", "K3"])})
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt)).replace("- ", "-")
        assert "предметно-методологическая компетенция: 0,4 % педагогов на критическом уровне" in text, fmt
        assert "коммуникативная компетенция: 1 % педагогов на критическом уровне" in text, fmt
        assert "0 % педагогов" not in text, fmt
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][0] == "Компетенция")
    assert [r[3:5] for r in rows[1:]] == [["0,4 %", "0,4 %"], ["0 %", "—"], ["1 %", "—"]]


def test_the_note_names_a_risk_school_s_deficits_with_its_staffing_factors() -> None:
    answer = realistic.note()
    answer["schools"][0] |= {
        "competence": {"campaign_title": 'Диагностика "5К"', "stage_label": "итоговая", "held_on": "2024-05-20",
                       "teachers": 21, "deficits": [
                           _deficit("K1", "Предметно-методологическая компетенция", 21, 1),
                           _deficit("K2", "Психолого-педагогическая компетенция", 21, 0),
                           _deficit("K4", "Управленческая компетенция", 300, 1)]},
        "staffing_factors": [{"number": 3, "name": "Дефицит педагогических кадров", "level": "high"}],
    }  # fmt: skip
    document = identification_note.build(
        ReportParams(school_year=realistic.YEAR), realistic._sources({realistic.NOTE_PATH: answer}), TODAY
    )
    header = ["Школа", "Диагностика"]
    for fmt in ("docx", "html"):
        content = render(document, fmt)
        tables = docx_tables(content) if fmt == "docx" else html_tables(content)
        (row,) = next(t for t in tables if t and t[0][:2] == header)[1:]
        assert row == [
            "МБОУ «СОШ № 1»",
            "Диагностика «5К» (итоговая диагностика от 20.05.2024, оценено педагогов: 21)",
            "предметно-методологическая компетенция: 5 % педагогов на критическом уровне "
            "управленческая компетенция: 0,3 % педагогов на критическом уровне",
            "Дефицит педагогических кадров (высокий уровень)",
        ], fmt
        assert "психолого-педагогическая" not in " ".join(row), fmt
    for fmt in ALL:
        _clean(text_of(fmt, render(document, fmt)), fmt)


# --- «Что работает» ----------------------------------------------------------------------------------------------


def _note_with_effects(outcomes: dict[str, int], measures: int = 0) -> Document:
    effects = realistic.effects() | {"outcomes": outcomes, "measures": [_measure(n) for n in range(1, measures + 1)]}
    sources = realistic._sources({realistic.NOTE_PATH: realistic.note()}, {"/api/roadmap/effects": effects})
    return identification_note.build(ReportParams(school_year=realistic.YEAR), sources, TODAY)


def _measure(number: int) -> dict[str, Any]:
    return {
        "template_id": number, "title": f'Мера "Точка роста" № {number}', "risk_factor": None, "category": None,
        "planned": 21, "completed": 21, "on_time": 21, "late": 0, "with_evidence": 0, "compared_completed": 21,
        "compared_others": 11, "strata": 2, "effect": -0.0512, "low": -0.1, "high": 0.0, "verdict": "no_difference",
        "verdict_label": "различие не подтверждено", "left_share_completed": None, "left_share_others": None,
        "schools": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("outcomes", "sentence"),
    [
        ({"left": 21}, "Из 21 школы согласованного списка 2022-2023 учебного года в 2023-2024 учебном году вышли "
                       "из категорий риска — 21."),
        ({"left": 21, "stayed": 1, "moved": 0}, "Из 22 школ согласованного списка 2022-2023 учебного года в "
                                                "2023-2024 учебном году вышли из категорий риска — 21, остались в "
                                                "тех же категориях — 1."),
        ({"stayed": 1}, "Единственная школа согласованного списка 2022-2023 учебного года в 2023-2024 учебном году "
                        "осталась в тех же категориях."),
        ({"unknown": 11}, "Из 11 школ согласованного списка 2022-2023 учебного года в 2023-2024 учебном году нет "
                          "данных — 11."),
    ],
)  # fmt: skip
def test_what_works_counts_the_list_s_schools_with_agreeing_numerals(outcomes: dict[str, int], sentence: str) -> None:
    document = _note_with_effects(outcomes)
    for fmt in ("docx", "html", "pdf"):
        text = text_of(fmt, render(document, fmt))
        assert sentence in text, fmt
        assert "— 0" not in text.split("Что работает", 1)[1].split("Выводы", 1)[0], fmt
        _clean(text, fmt)


def test_what_works_lists_its_measures_with_quotes_signs_and_an_en_dash_free_interval() -> None:
    document = _note_with_effects({"left": 2, "stayed": 1}, measures=2)
    rows = next(t for t in docx_tables(render(document, "docx")) if t[0][:2] == ["Мера", "Выполнили, школ"])
    assert rows[1] == ["Мера «Точка роста» № 1", "21", "21 / 11", "−5,1", "−10,0 … 0,0", "различие не подтверждено"]
    assert [r[0] for r in rows[1:]] == ["Мера «Точка роста» № 1", "Мера «Точка роста» № 2"]
    page = html_tables(render(document, "html"))
    assert next(t for t in page if t[0][:2] == ["Мера", "Выполнили, школ"])[1] == rows[1]  # the HTML's as the DOCX's
    for fmt in ALL:
        _clean(text_of(fmt, render(document, fmt)), fmt)


# --- the plan of a school, read whole ---------------------------------------------------------------------------


def test_a_plan_with_no_sections_renders_a_clean_document_in_every_format() -> None:
    sources = realistic._sources({}, {PLAN_URL: _plan([])})
    document = plan.build(ReportParams(plan_id=7), sources, TODAY)
    for fmt in ALL:
        text = text_of(fmt, render(document, fmt))
        assert "Дорожная карта <ШНОР> & «школы»" in text, fmt
        _clean(text, fmt)


# --- the PDF: a document's number never broken across lines ------------------------------------------------------


def test_an_order_number_is_never_broken_across_lines_in_the_pdf_and_the_docx_keeps_its_text() -> None:
    text = " ".join(f"приказом{'ь' * (n % 7)} № 01-04-{n}" for n in range(1, 70))  # some would break at «-»
    document = Document(
        report_type="plan", authority="Управление образования", title="Справка", issued=TODAY,
        sections=[Section(title="Приказы", blocks=[Paragraph(text=text)])],
    )  # fmt: skip
    reader = pypdf.PdfReader(io.BytesIO(render(document, "pdf")))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    assert not re.search(r"01-\s*\n|-04-\s*\n", raw), raw  # never «№ 01-04-» at a line's end
    assert text_of("pdf", render(document, "pdf")).count("№ 01-04-") == 69
    assert "\u2060" not in raw
    word = text_of("docx", render(document, "docx"))
    assert "\u2060" not in word and word.count("№ 01-04-") == 69
