"""A plan exported from Opora (DOCX, XLSX), edited in Word or Excel and imported back: the plan document is
built from the roadmap service's answer in-process (as `test_documents_read_back` does), rendered, and read with
the importer (`read_plan`). Sections, numbers, titles, deadlines as written, responsible people and expected
results come back as they were, in the plan's own column set; the title and approval blocks, the draft note,
a signature and the participants line under a title never become activities; a section without activities
stays a section."""

from __future__ import annotations

import io
from datetime import date
from typing import Any, cast

import docx
import openpyxl
import pytest

from services.reports.documents import plan as plan_document
from services.reports.documents.model import Document, Paragraph, Signature, quotes_spelt
from services.reports.documents.params import ReportParams
from services.reports.documents.sources import Sources
from services.reports.rendering.render import Format, render
from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from services.roadmap.plans.columns import COLUMN_SETS, column_set_of_import
from services.shared.remote import RemoteService

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TODAY = date(2024, 11, 20)
PLAN_URL = "/api/roadmap/plans/7"
FIELDS = ("number", "title", "responsible", "deadline", "expected_result", "final_document")
LONG_TITLE = (
    "Организация работы муниципальной методической службы по сопровождению школ с низкими образовательными "
    "результатами, включая выездные консультации, посещение и анализ уроков, экспертизу рабочих программ по "
    "учебным предметам и планов внеурочной деятельности, а также подготовку адресных рекомендаций по итогам "
    "каждого посещения и контроль их выполнения в течение учебного года"
)


class FakeService:
    """The roadmap service's answers, by path."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.answers[path]


def activity(number: str | None, title: str, responsible: list[str], deadline: str, result: str = "",
             document: str = "", **more: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "number": number,
        "title": title,
        "responsible": [{"name": name} for name in responsible],
        "co_executors": [],
        "deadline_text": deadline,
        "expected_result": result,
        "final_document": document,
        **more,
    }


def section(number: str | None, title: str, activities: list[dict[str, Any]], planned: list[str] | None = None
            ) -> dict[str, Any]:  # fmt: skip
    return {"number": number, "title": title, "planned_results": planned or [], "activities": activities}


ROADMAP_SECTIONS = [
    section("1", "Организационно-управленческое обеспечение", [
        activity("1.1", "Разработка и утверждение «дорожной карты» поддержки ШНОР & школ <в зоне риска>",
                 ["Иванова И.И.,\nзаместитель начальника Управления образования"], "до 01.10.2024",
                 "Утверждена дорожная карта; 100 % школ ознакомлены", "Приказ"),
        activity("1.2", 'Мониторинг ёмкости и качества: анализ результатов ВПР "весна-2024"',
                 ["Руководители ОУ", "МБУ ГЦОКО"], "ежемесячно",
                 "Доля участников ниже порога снижена с 35 % до 25 %", "Справка"),
        activity("1.3", LONG_TITLE, ["Петров П.П."], "в течение года", "не менее 5 человек от школы", "План"),
    ], planned=["Сформирована нормативная база", "не менее 2 школ получили адресную помощь"]),
    section("2", "Методическое сопровождение", [
        activity("2.1", "Семинар для учителей математики", ["Сидорова С.С."], "I полугодие",
                 "не менее 80 % педагогов", "Программа семинара"),
        activity("2.2", "Курсы повышения квалификации (ДПП) — «Формирующее оценивание»", ["Руководители ОУ"],
                 "Ежегодно, май, сентябрь", "100%", "Удостоверение"),
    ]),
    section("3", "Работа с родителями", []),
    section("4", "Мониторинг", [
        activity(f"4.{n}", f"Мониторинг выполнения плана, этап {n}", ["Иванова И.И."],
                 "март 2025 г. (входной), ноябрь 2025 г. (итоговый)" if n == 1 else f"до {n:02d}.05.2025",
                 f"Аналитическая справка № {n}", "Справка")
        for n in range(1, 12)
    ]),
]  # fmt: skip

PROGRAMME_SECTIONS = [
    section("1", "Задача 1. Повышение предметной компетентности педагогов", [
        activity("1.1", "Диагностика профессиональных дефицитов учителей", ["Петрова А.А."], "сентябрь 2024 г.",
                 "100 % педагогов прошли диагностику", "Справка",
                 co_executors=[{"name": "руководители ШМО"}],
                 schools=[{"school_name": "МБОУ «СОШ № 1»"}, {"school_name": "МБОУ «ООШ № 3»"}]),
        activity(None, "Посещение уроков администрацией", ["Директор"], "по отдельному графику", "", ""),
        activity("1.2", "обучение на курсах ПК по программе «Формирующее оценивание»",
                 ["Заместитель директора по УВР\nПетрова А.А."], "до 31.12.2024", "не менее 3 человек",
                 "Удостоверения"),
    ], planned=["Доля педагогов, прошедших курсы, — не менее 90 %"]),
    section(None, "Работа с родителями", []),
    section("2", "Трек 2 - Мониторинг образовательных результатов", [
        activity("2.1", "Входная диагностика обучающихся 5–9 классов", ["Директор"], "I полугодие 2024 года",
                 "Доля «2» по математике снижена с 45 % до 30 %", "Протокол"),
        activity("2.2", "Итоговая диагностика", ["Директор", "Классные руководители"], "в конце III четверти",
                 "увеличение на 15 %", ""),
    ]),
]  # fmt: skip

YEAR_SECTIONS = [
    section(None, "2024 год", [
        activity("1.1", "Разработка муниципальной концепции поддержки школ", [], "январь – февраль 2024 г.",
                 "Концепция утверждена (1 документ)"),
        activity("1.2", "Выездные консультации в школах", [], "ежеквартально", "не менее 4 консультаций"),
    ]),
    section(None, "2025 год", [
        activity("2.1", "Оценка эффективности реализации концепции", [], "до 15.09.2025", "Доля ШНОР — до 10 %"),
    ]),
]  # fmt: skip


def plan_answer(column_set: str, sections: list[dict[str, Any]], *, school: bool = False, draft: bool = False
                ) -> dict[str, Any]:  # fmt: skip
    """The plan as `GET /api/roadmap/plans/{id}` answers it."""
    return {
        "id": 7,
        "title": "Антирисковая программа «Низкая учебная мотивация»" if school else "Дорожная карта <ШНОР> & «школы»",
        "status": "draft" if draft else "approved",
        "order_number": "57-од",
        "order_date": "2024-09-02",
        "owner_kind": "school" if school else "municipality",
        "owner_label": "МБОУ «СОШ № 1»" if school else "Таёжный муниципальный район",
        "municipality_code": "9901",
        "school_code": "990101" if school else None,
        "kind_label": "Антирисковая программа" if school else "Муниципальная дорожная карта",
        "school_year": "2024-2025",
        "description": "Цель: повышение качества образования.\nЗадача 1. Повысить компетентность педагогов.\n"
        "Планируемые результаты: рост доли обучающихся, успевающих на «4» и «5».",
        "column_set": column_set,
        "columns": [c.model_dump() for c in COLUMN_SETS[column_set]],  # type: ignore[index]
        "sections": sections,
    }


def plan_file(answer: dict[str, Any], fmt: Format, *, signed: bool = False) -> bytes:
    sources = Sources(
        identification=cast(RemoteService, FakeService({})),
        roadmap=cast(RemoteService, FakeService({PLAN_URL: answer})),
    )
    document: Document = plan_document.build(ReportParams(plan_id=7), sources, TODAY)
    if signed:  # a letterhead's signature under the plan, as an official adds it before signing
        document.sections[-1].blocks += [
            Signature(post="Директор МБОУ «СОШ № 1»", name="И.И. Иванов", executor="Исп.: Петрова А.А., тел. 2-23-05"),
            Paragraph(text="Согласовано: заместитель директора по УВР ____ А.А. Петрова"),
        ]
    return render(document, fmt)


def written(item: dict[str, Any], fields: set[str]) -> dict[str, str]:
    """An activity as its row shows it, in the fields of the plan's columns (the others come back empty)."""
    names = ", ".join(p["name"] for p in item["responsible"])
    co = ", ".join(p["name"] for p in item.get("co_executors") or [])
    values = {
        "number": item["number"] or "",
        "title": item["title"],
        "responsible": f"{names}; соисполнители: {co}" if co else names,
        "deadline": item["deadline_text"],
        "expected_result": item["expected_result"],
        "final_document": item["final_document"],
    }
    # exported as printed: straight quotes as «ёлочки» (`quotes_spelt`), so they come back so
    return {name: quotes_spelt(values[name]) if name in fields else "" for name in FIELDS}


def sent(answer: dict[str, Any]) -> list[tuple[Any, ...]]:
    fields = {c["field"] for c in answer["columns"]}
    return [
        (s["number"], s["title"], s["planned_results"], [written(a, fields) for a in s["activities"]])
        for s in answer["sections"]
    ]


def received(imported: ImportedPlan) -> list[tuple[Any, ...]]:
    def values(a: Any) -> dict[str, str]:
        read = {"number": a.number or "", **{name: getattr(a, name) for name in FIELDS[1:]}}
        if co := a.extra.get("Соисполнители"):  # «…; соисполнители: …» read back apart, as the co-executors
            read["responsible"] = f"{a.responsible}; соисполнители: {co}" if a.responsible else f"соисполнители: {co}"
        return read

    return [(s.number, s.title, s.planned_results, [values(a) for a in s.activities]) for s in imported.sections]


CASES = {
    "roadmap-standard": ("standard", ROADMAP_SECTIONS, {}),
    "roadmap-tracks_003": ("tracks_003", ROADMAP_SECTIONS, {}),
    "roadmap-content_001": ("content_001", ROADMAP_SECTIONS, {}),
    "roadmap-report_002": ("report_002", ROADMAP_SECTIONS, {}),
    "programme-standard": ("standard", PROGRAMME_SECTIONS, {"school": True, "draft": True}),
    "programme-measures_000": ("measures_000", PROGRAMME_SECTIONS, {"school": True, "draft": True}),
    "years-periods_004": ("periods_004", YEAR_SECTIONS, {"draft": True}),
}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_plan_comes_back_as_it_was_exported(case: str, fmt: Format) -> None:
    column_set, sections, options = CASES[case]
    answer = plan_answer(column_set, sections, **options)
    imported = read_plan(plan_file(answer, fmt, signed=True), f"план.{fmt}")

    assert imported.errors == []
    assert column_set_of_import(imported.column_set) == column_set  # the plan keeps its own columns
    assert list(imported.columns) == [c["label"] for c in answer["columns"]]
    assert received(imported) == sent(answer)
    unnumbered = [a["title"] for s in sections for a in s["activities"] if not a["number"]]
    assert [p.detail for p in imported.problems] == [f"Строка {a.row}: у мероприятия «{a.title}» нет номера"
                                                     for s in imported.sections for a in s.activities
                                                     if a.title in unnumbered]  # fmt: skip


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_schools_under_a_title_stay_apart_from_it(fmt: Format) -> None:
    imported = read_plan(plan_file(plan_answer("standard", PROGRAMME_SECTIONS, school=True), fmt), f"п.{fmt}")
    first = imported.sections[0].activities[0]
    assert first.title == "Диагностика профессиональных дефицитов учителей"
    assert first.extra == {"Школы-участницы": "МБОУ «СОШ № 1»; МБОУ «ООШ № 3»", "Соисполнители": "руководители ШМО"}
    assert all(not a.extra for s in imported.sections for a in s.activities[1:])


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_section_without_activities_stays_a_section(fmt: Format) -> None:
    imported = read_plan(plan_file(plan_answer("content_001", ROADMAP_SECTIONS), fmt), f"п.{fmt}")
    assert [(s.number, s.title, len(s.activities)) for s in imported.sections] == [
        ("1", "Организационно-управленческое обеспечение", 3),
        ("2", "Методическое сопровождение", 2),
        ("3", "Работа с родителями", 0),
        ("4", "Мониторинг", 11),
    ]
    assert not any("не запланированы" in a.title for s in imported.sections for a in s.activities)


def test_planned_results_written_in_one_cell_end_there() -> None:
    """The next row, a section of no number, is not one more planned result."""
    text = (
        "№\tМероприятие\tСрок\n"
        "1\tСеминар\tмай 2025\n"
        '\t"Планируемый результат:\n– доля педагогов — не менее 90 %\n– 2 школы"\t\n'
        "\tРабота с родителями\t\n"
        "\tМероприятия в разделе не запланированы.\t\n"
    )
    imported = read_pasted(text)
    assert [(s.title, s.planned_results) for s in imported.sections] == [
        ("Мероприятия", ["доля педагогов — не менее 90 %", "2 школы"]),
        ("Работа с родителями", []),
    ]


def test_a_table_naming_a_field_its_seed_set_lacks_keeps_every_column() -> None:
    """003's set has no expected result: «№ | Мероприятие | Ответственный | Срок | Ожидаемый результат |
    Итоговый документ» (the columns of a plan made in Opora) reads as no seed set and keeps all six."""
    header = "\t".join(c.label for c in COLUMN_SETS["standard"])
    imported = read_pasted(f"{header}\n1\tСеминар\tИванова И.И.\tмай 2025\tне менее 80 %\tПриказ\n")
    assert imported.column_set == "generic"
    assert column_set_of_import(imported.column_set) == "standard"
    tracks = read_pasted("№\tМероприятия\tИтоговый документ\tСроки\tОтветственный\n1\tСеминар\tПриказ\tмай\tОО\n")
    assert tracks.column_set == "tracks_003"


def test_an_unnumbered_activity_is_not_joined_by_the_next_one_in_lower_case() -> None:
    """Only a row broken off at a page break takes the number of its part after the break (002)."""
    text = (
        "№\tМероприятие\tОтветственный\tСрок\n"
        "1.1\tДиагностика\tПетрова А.А.\tсентябрь\n"
        "\tПосещение уроков администрацией\tДиректор\tпо графику\n"
        "1.2\tобучение на курсах ПК\tПетрова А.А.\tдо 31.12.2024\n"
    )
    imported = read_pasted(text)
    assert [(a.number, a.title, a.deadline) for a in imported.sections[0].activities] == [
        ("1.1", "Диагностика", "сентябрь"),
        (None, "Посещение уроков администрацией", "по графику"),
        ("1.2", "обучение на курсах ПК", "до 31.12.2024"),
    ]


# --- edited in Word and Excel ------------------------------------------------------------------------------


def test_a_plan_edited_in_word_comes_back_with_the_edits() -> None:
    answer = plan_answer("standard", ROADMAP_SECTIONS)
    document = docx.Document(io.BytesIO(plan_file(answer, "docx")))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "№ п/п"]
    row = next(r for r in table.rows if r.cells[0].text == "2.1")
    row.cells[3].text = "до 15.12.2024"  # the methodist moves a deadline
    added = table.add_row()  # and adds an activity at the end
    for cell, text in zip(added.cells, ["4.12", "Итоговый педсовет", "Директор", "май 2025", "Протокол", ""],
                          strict=True):  # fmt: skip
        cell.text = text
    saved = io.BytesIO()
    document.save(saved)

    imported = read_plan(saved.getvalue(), "план (правка).docx")
    expected = sent(answer)
    expected[1][3][0]["deadline"] = "до 15.12.2024"
    expected[3][3].append(dict(zip(FIELDS, ["4.12", "Итоговый педсовет", "Директор", "май 2025", "Протокол", ""],
                                   strict=True)))  # fmt: skip
    assert received(imported) == expected and imported.errors == [] and imported.problems == []


def test_a_plan_edited_in_excel_comes_back_with_the_edits() -> None:
    answer = plan_answer("measures_000", PROGRAMME_SECTIONS, school=True)
    book = openpyxl.load_workbook(io.BytesIO(plan_file(answer, "xlsx")))
    sheet = book["План мероприятий"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "1.1")
    sheet.cell(cell.row, 4).value = date(2024, 10, 1)  # Excel turns a typed date into a date
    sheet.cell(cell.row, 5).value = 0.95  # and «95 %» into a share formatted as a percentage
    sheet.cell(cell.row, 5).number_format = "0%"
    saved = io.BytesIO()
    book.save(saved)

    imported = read_plan(saved.getvalue(), "программа.xlsx")
    expected = sent(answer)
    expected[0][3][0] |= {"deadline": "01.10.2024", "expected_result": "95%"}
    assert received(imported) == expected and imported.errors == []
