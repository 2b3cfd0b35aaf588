"""The column sets a plan is written in: the five of the source orders that the importer recognises, and the
standard set of plans created in the app. A plan keeps its set, and its official table is laid out in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from services.shared.contracts.roadmap import ColumnSetCode, PlanColumn

STANDARD: list[PlanColumn] = [
    PlanColumn(field="number", label="№ п/п"),
    PlanColumn(field="title", label="Мероприятие"),
    PlanColumn(field="responsible", label="Ответственный"),
    PlanColumn(field="deadline", label="Срок"),
    PlanColumn(field="expected_result", label="Ожидаемый результат"),
    PlanColumn(field="final_document", label="Итоговый документ"),
]


@dataclass(frozen=True)
class SeedColumnSet:
    """A column set of a source order: its columns as the order heads them, and how the importer knows a table
    is written in it — a header naming one of `marks` (the importer's normalised header words: «№», «ё», case
    and punctuation ignored; a longer header starting with the words counts), or a column of one of
    `mark_fields` (the importer's field names, whichever header words name it)."""

    code: ColumnSetCode
    columns: list[PlanColumn]
    marks: frozenset[str] = frozenset()
    mark_fields: frozenset[str] = frozenset()


SEED_COLUMN_SETS: tuple[SeedColumnSet, ...] = (
    SeedColumnSet(
        "periods_004",
        [
            PlanColumn(field="number", label="№ п/п"),
            PlanColumn(field="deadline", label="Период реализации"),
            PlanColumn(field="title", label="Наименование мероприятия"),
            PlanColumn(field="expected_result", label="Прогнозируемый результат (количественные характеристики)"),
        ],
        mark_fields=frozenset({"period"}),
    ),
    SeedColumnSet(
        "report_002",
        [
            PlanColumn(field="number", label="№"),
            PlanColumn(field="title", label="Выполненные и реализуемые мероприятия"),
            PlanColumn(field="expected_result", label="Конечный результат исполнения по мероприятиям"),
        ],
        marks=frozenset({"выполненные и реализуемые мероприятия", "конечный результат"}),
    ),
    SeedColumnSet(
        "tracks_003",
        [
            PlanColumn(field="number", label="№"),
            PlanColumn(field="title", label="Мероприятия"),
            PlanColumn(field="final_document", label="Итоговый документ"),
            PlanColumn(field="deadline", label="Сроки"),
            PlanColumn(field="responsible", label="Ответственный"),
        ],
        mark_fields=frozenset({"final_document"}),
    ),
    SeedColumnSet(
        "measures_000",
        [
            PlanColumn(field="number", label="№ п/п"),
            PlanColumn(field="title", label="Основные мероприятия"),
            PlanColumn(field="responsible", label="Ответственный исполнитель, соисполнитель, участник"),
            PlanColumn(field="deadline", label="Срок реализации"),
            PlanColumn(field="expected_result", label="Непосредственный результат"),
        ],
        marks=frozenset({"основные мероприятия", "непосредственный результат", "ответственный исполнитель"}),
    ),
    SeedColumnSet(
        "content_001",
        [
            PlanColumn(field="number", label="№"),
            PlanColumn(field="title", label="Содержание деятельности"),
            PlanColumn(field="responsible", label="Исполнитель"),
            PlanColumn(field="deadline", label="Срок"),
            PlanColumn(field="expected_result", label="Ожидаемые результаты"),
        ],
        marks=frozenset({"содержание деятельности", "ожидаемые результаты"}),
    ),
)
"""The five sets of the source orders (000–004), in the order the importer tries them: a table's set is the first
whose marks its header carries (a header may carry the marks of more than one)."""

COLUMN_SETS: dict[ColumnSetCode, list[PlanColumn]] = {"standard": STANDARD}
COLUMN_SETS.update((seed.code, seed.columns) for seed in SEED_COLUMN_SETS)
COLUMN_SET_CODES: tuple[str, ...] = get_args(ColumnSetCode)


def column_set_of_import(recognised: str) -> ColumnSetCode:
    """The set an imported plan keeps: the recognised one; a table of no known set gets the standard columns."""
    for code in COLUMN_SETS:
        if code == recognised:
            return code
    return "standard"


def columns(column_set: str) -> list[PlanColumn]:
    return COLUMN_SETS.get(column_set, COLUMN_SETS["standard"])  # type: ignore[call-overload]
