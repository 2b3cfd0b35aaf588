"""`/api/reports/types`: the documents the service renders and what each one needs."""

from fastapi import APIRouter

from services.reports.catalogue.schemas import ReportType
from services.shared.security import PrincipalDep

router = APIRouter(tags=["catalogue"])

FORMATS = ["docx", "xlsx", "pdf", "html"]
REPORT_TYPES = [
    ReportType(
        code="identification_note",
        label="Аналитическая справка по результатам идентификации",
        parameters=["school_year", "territory"],
        formats=FORMATS,
    ),
    ReportType(
        code="school_card",
        label="Карта рисков школы",
        parameters=["school_year", "school_code"],
        formats=FORMATS,
    ),
    ReportType(code="plan", label="Дорожная карта (план мероприятий)", parameters=["plan_id"], formats=FORMATS),
    ReportType(
        code="plan_execution",
        label="Аналитическая справка о выполнении плана",
        parameters=["plan_id"],
        formats=FORMATS,
    ),
    ReportType(code="indicators", label="Таблица показателей", parameters=["plan_id"], formats=FORMATS),
]


@router.get("/types", response_model=list[ReportType], summary="Виды отчётов")
def report_types(_principal: PrincipalDep) -> list[ReportType]:
    return REPORT_TYPES
