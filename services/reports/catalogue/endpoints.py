"""`/api/reports/types`: the documents the service renders and what each one needs, read from the registry."""

from fastapi import APIRouter

from services.reports.catalogue.schemas import ReportType
from services.reports.documents.builders import REPORT_TYPES, ReportKind
from services.reports.documents.params import PARAMETER_LABELS
from services.shared.security import PrincipalDep

router = APIRouter(tags=["catalogue"])


def report_type(kind: ReportKind) -> ReportType:
    return ReportType(
        code=kind.code,
        label=kind.label,
        parameters=list(kind.parameters),
        required=list(kind.required),
        optional=list(kind.optional),
        parameter_labels={name: PARAMETER_LABELS.get(name, name) for name in kind.parameters},
        formats=list(kind.formats),
    )


@router.get("/types", response_model=list[ReportType], summary="Виды отчётов")
def report_types(_principal: PrincipalDep) -> list[ReportType]:
    return [report_type(kind) for kind in REPORT_TYPES.values()]
