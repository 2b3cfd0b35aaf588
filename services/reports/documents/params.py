"""What a report is built for: the school year, the territory, the school, the plan.

Every report type needs some of them (`builders.REQUIRED`); `require` answers a missing one with a 422
`missing_parameter` naming it in Russian, before anything is read from the other services.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.shared.errors import InvalidValue
from services.shared.school_year import SchoolYear

PARAMETER_LABELS = {
    "school_year": "учебный год",
    "territory": "территория (код региона или муниципалитета)",
    "school_code": "код школы",
    "plan_id": "номер плана",
}


class ReportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_year: SchoolYear | None = None
    territory: str | None = Field(
        default=None, max_length=30, description="код региона или муниципалитета; по умолчанию вся территория доступа"
    )
    school_code: str | None = Field(default=None, max_length=30, description="код школы")
    plan_id: int | None = Field(default=None, ge=1, description="номер плана")

    @field_validator("territory", "school_code")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None


def require(params: ReportParams, *names: str) -> None:
    """A 422 `missing_parameter` for the first parameter of `names` that is not given."""
    for name in names:
        if getattr(params, name) is None:
            detail = f"Не указан параметр отчёта: {PARAMETER_LABELS.get(name, name)}"
            raise InvalidValue(detail, code="missing_parameter", loc=["parameters", name])
