"""A realistic report built by hand for the renderer tests: 60 schools of the Кедровский district."""

from __future__ import annotations

import io
from datetime import date, timedelta
from functools import cache

from services.reports.documents.model import (
    SECTION_ROW,
    AppendixTo,
    ApprovalBlock,
    Chart,
    Column,
    Document,
    Paragraph,
    Registration,
    Section,
    Signature,
    Table,
)

AUTHORITY = "Управление образования администрации Кедровского района"
TITLE = "Аналитическая справка по результатам идентификации школ с низкими образовательными результатами"
SETTLEMENTS = ["Кедровка", "Берёзовка", "Уньюганская", "Малиновка", "Заречье", "Сосновка", "Ключи", "Полетаево"]
HEADER = ["№", "Школа", "Участников", "Доля «2»", "Средний балл", "Дата ВПР", "Категория"]


def school_name(i: int) -> str:
    return f"МБОУ «{SETTLEMENTS[i % len(SETTLEMENTS)]}ская СОШ № {i + 1}»"


@cache
def chart_png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 3))
    axes.bar(["ШНОР", "ШНСУ", "Зона риска", "Эффективный"], [9, 4, 12, 35], color="#4a7ab0")
    axes.set_title("Школы по категориям")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    plt.close(figure)
    return buffer.getvalue()


def school_table(count: int = 60, *, odd_name: bool = True) -> Table:
    rows = []
    for i in range(count):
        rows.append(
            {
                "n": i + 1,
                "school": "<Школа> & Co" if odd_name and i == 2 else school_name(i),
                "participants": 20 + (i * 7) % 90,
                "fail_share": 0.36 if i == 0 else round(((i * 13) % 45) / 100, 3),
                "mean": round(3 + ((i * 17) % 20) / 10, 1),
                "held": date(2024, 4, 15) + timedelta(days=i % 10),
                "category": "ШНОР" if i % 5 == 0 else "эффективный режим",
            }
        )
    return Table(
        title="Таблица 1. Результаты ВПР по школам",
        columns=[
            Column(key="n", label=HEADER[0], kind="int", width=0.5),
            Column(key="school", label=HEADER[1], kind="text", width=4),
            Column(key="participants", label=HEADER[2], kind="int", width=1.2),
            Column(key="fail_share", label=HEADER[3], kind="percent", width=1),
            Column(key="mean", label=HEADER[4], kind="float", width=1.2),
            Column(key="held", label=HEADER[5], kind="date", width=1.3),
            Column(key="category", label=HEADER[6], kind="text", width=2),
        ],
        rows=rows,
        total={"school": "Итого по району", "participants": sum(r["participants"] for r in rows), "fail_share": 0.215},
        sheet="Результаты: ВПР/2024",
    )


def document(*, landscape: bool = False, approved: bool = True, rows: int = 60) -> Document:
    return Document(
        report_type="identification_note",
        authority=AUTHORITY,
        title=TITLE,
        subtitle="2023-2024 учебный год",
        issued=date(2024, 9, 2),
        landscape=landscape,
        approval=(
            ApprovalBlock(
                order_number="123-од",
                order_date=date(2024, 8, 30),
                authority="Управления образования Кедровского района",
            )
            if approved
            else None
        ),
        sections=[
            Section(
                title="1. Методика идентификации",
                blocks=[
                    Paragraph(text="Идентификация проведена по методике, утверждённой приказом № 45."),
                    Paragraph(text="Параметры", style="heading"),
                    Paragraph(text="доля участников ниже порога — не менее 30 %", style="list"),
                    Paragraph(text="результаты двух процедур в одном учебном году", style="list"),
                    Paragraph(text="Малые выборки (менее 5 участников) отмечены отдельно.", style="note"),
                    Chart(title="Рисунок 1. Школы по категориям", png=chart_png(), width_cm=14),
                ],
            ),
            Section(title="2. Результаты по школам", blocks=[school_table(rows)]),
        ],
    )


KPI_COLUMNS = [
    Column(key="name", label="Показатель", width=4),
    Column(key="unit", label="Ед. изм.", width=1),
    Column(key="plan_2024", label="План", kind="float", group="2024", decimals=1),
    Column(key="fact_2024", label="Факт", kind="float", group="2024", decimals=1),
    Column(key="plan_2025", label="План", kind="float", group="2025", decimals=1),
    Column(key="fact_2025", label="Факт", kind="float", group="2025", decimals=1),
    Column(key="verdict", label="Достигнуто", width=1.5),
]
SIGNATURE_POST = "Начальник Управления образования администрации Кедровского района"
SIGNATURE_NAME = "И.И. Иванов"
EXECUTOR = "Исп.: Петрова А.А., тел. 8 (391) 222-33-44"


def kpi_table(sections: int = 2, per_section: int = 3) -> Table:
    """A KPI table of seed 004's shape: «2024» over «План» | «Факт», a section row before each group."""
    rows: list[dict[str, object]] = []
    for s in range(sections):
        rows.append({SECTION_ROW: f"Раздел {s + 1}. Повышение качества образования"})
        for i in range(per_section):
            rows.append(
                {
                    "name": f"Доля обучающихся\nниже порога {s + 1}.{i + 1}",
                    "unit": "шт." if i == 0 else "%",
                    "plan_2024": 3 if i == 0 else 20.0,
                    "fact_2024": 4 if i == 0 else 18.55,
                    "plan_2025": 2 if i == 0 else 15.0,
                    "fact_2025": None,
                    "verdict": "достигнуто",
                }
            )
    return Table(title="Таблица 2. Показатели", columns=KPI_COLUMNS, rows=rows, sheet="Показатели")


def official_document(*, rows: int = 30, landscape: bool = False) -> Document:
    """A signed note of the new shape: appendix to an order, registration, two-level header, section rows,
    a signature with the executor and an appendix."""
    return Document(
        report_type="identification_note",
        authority=AUTHORITY,
        title=TITLE,
        issued=date(2024, 9, 2),
        show_issued=False,
        landscape=landscape,
        appendix_to=AppendixTo(number="2", authority="Управления образования Кедровского района"),
        registration=Registration(number="01-12/345", registered_on=date(2024, 9, 3)),
        sections=[
            Section(title="Основания и цель", blocks=[Paragraph(text="В соответствии с приказом … с целью …")]),
            Section(title="Показатели", blocks=[kpi_table()]),
            Section(
                title="Заключение",
                blocks=[
                    Paragraph(text="Анализ показал, что …"),
                    Signature(post=SIGNATURE_POST, name=SIGNATURE_NAME, executor=EXECUTOR),
                ],
            ),
            Section(title="Результаты по школам", appendix=True, blocks=[school_table(rows)]),
        ],
    )
