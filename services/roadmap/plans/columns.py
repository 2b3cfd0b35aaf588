"""The column sets a plan is written in: the five of the source orders that the importer recognises, and the
standard set of plans created in the app. A plan keeps its set, and its official table is laid out in it."""

from __future__ import annotations

from typing import get_args

from services.shared.contracts.roadmap import ColumnSetCode, PlanColumn

COLUMN_SETS: dict[ColumnSetCode, list[PlanColumn]] = {
    "standard": [
        PlanColumn(field="number", label="№ п/п"),
        PlanColumn(field="title", label="Мероприятие"),
        PlanColumn(field="responsible", label="Ответственный"),
        PlanColumn(field="deadline", label="Срок"),
        PlanColumn(field="expected_result", label="Ожидаемый результат"),
        PlanColumn(field="final_document", label="Итоговый документ"),
    ],
    "tracks_003": [
        PlanColumn(field="number", label="№"),
        PlanColumn(field="title", label="Мероприятия"),
        PlanColumn(field="final_document", label="Итоговый документ"),
        PlanColumn(field="deadline", label="Сроки"),
        PlanColumn(field="responsible", label="Ответственный"),
    ],
    "content_001": [
        PlanColumn(field="number", label="№"),
        PlanColumn(field="title", label="Содержание деятельности"),
        PlanColumn(field="responsible", label="Исполнитель"),
        PlanColumn(field="deadline", label="Срок"),
        PlanColumn(field="expected_result", label="Ожидаемые результаты"),
    ],
    "measures_000": [
        PlanColumn(field="number", label="№ п/п"),
        PlanColumn(field="title", label="Основные мероприятия"),
        PlanColumn(field="responsible", label="Ответственный исполнитель, соисполнитель, участник"),
        PlanColumn(field="deadline", label="Срок реализации"),
        PlanColumn(field="expected_result", label="Непосредственный результат"),
    ],
    "periods_004": [
        PlanColumn(field="number", label="№ п/п"),
        PlanColumn(field="deadline", label="Период реализации"),
        PlanColumn(field="title", label="Наименование мероприятия"),
        PlanColumn(field="expected_result", label="Прогнозируемый результат (количественные характеристики)"),
    ],
    "report_002": [
        PlanColumn(field="number", label="№"),
        PlanColumn(field="title", label="Выполненные и реализуемые мероприятия"),
        PlanColumn(field="expected_result", label="Конечный результат исполнения по мероприятиям"),
    ],
}
COLUMN_SET_CODES: tuple[str, ...] = get_args(ColumnSetCode)


def column_set_of_import(recognised: str) -> ColumnSetCode:
    """The set an imported plan keeps: the recognised one; a table of no known set gets the standard columns."""
    for code in COLUMN_SETS:
        if code == recognised:
            return code
    return "standard"


def columns(column_set: str) -> list[PlanColumn]:
    return COLUMN_SETS.get(column_set, COLUMN_SETS["standard"])  # type: ignore[call-overload]
