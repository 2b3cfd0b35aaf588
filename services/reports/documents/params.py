"""What a report is built for: the school year, the territory, the school, the plan.

Every report type needs some of them (`builders.REQUIRED`); `require` answers a missing one with a 422
`missing_parameter` naming it in Russian, before anything is read from the other services.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.shared.errors import FieldError, OporaError
from services.shared.ids import Code, Id
from services.shared.school_year import is_canonical_school_year

PARAMETER_LABELS = {
    "school_year": "учебный год",
    "territory": "территория (код региона или муниципалитета)",
    "school_code": "код школы",
    "plan_id": "номер плана",
}


class ReportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_year: str | None = Field(default=None, max_length=20, description="учебный год: 2023-2024")
    territory: Code | None = Field(
        default=None, description="код региона или муниципалитета; по умолчанию вся территория доступа"
    )
    school_code: Code | None = Field(default=None, description="код школы")
    plan_id: Id | None = Field(default=None, description="номер плана")

    @field_validator("school_year")
    @classmethod
    def _school_year(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not is_canonical_school_year(value):
            raise ValueError("Учебный год указывается как 2023-2024: два года подряд через дефис")
        return value

    @field_validator("territory", "school_code", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        """A blank code means none; any other value is checked against the shared code pattern."""
        return (value.strip() or None) if isinstance(value, str) else value


def require(params: ReportParams, *names: str) -> None:
    """A 422 `missing_parameter` for the first parameter of `names` that is not given."""
    for name in names:
        if getattr(params, name) is None:
            detail = f"Не указан параметр отчёта: {PARAMETER_LABELS.get(name, name)}"
            raise OporaError(
                detail,
                code="missing_parameter",
                status_code=422,
                fields=[FieldError(loc=["parameters", name], code="missing_parameter", detail=detail)],
            )
