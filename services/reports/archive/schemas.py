"""What the report endpoints read and answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.reports.documents.builders import REPORT_TYPE_PATTERN, REPORT_TYPES
from services.reports.documents.params import ReportParams


class RenderBody(BaseModel):
    """A field the API does not know is refused, not ignored: `params` for `parameters` would otherwise render
    the report of the caller's whole territory instead of the one named."""

    model_config = ConfigDict(extra="forbid")

    report_type: str = Field(
        pattern=REPORT_TYPE_PATTERN,
        json_schema_extra={"enum": list(REPORT_TYPES)},
        description="вид отчёта: GET /types",
    )
    format: Literal["docx", "xlsx", "pdf", "html"] = "docx"
    parameters: ReportParams = Field(default_factory=ReportParams)
    background: bool = Field(default=False, description="сразу фоновой задачей, не ожидая результата")


class ReportRead(BaseModel):
    id: int
    report_type: str
    parameters: dict[str, Any]
    format: str
    status: str
    progress: int
    error_code: str | None
    error_detail: str | None
    error_status: int | None = Field(default=None, description="HTTP-код, которым ответил бы неудавшийся отчёт")
    title: str | None
    file_name: str | None
    size: int | None
    checksum: str | None
    created_by_name: str
    created_at: datetime
    finished_at: datetime | None
    started_at: datetime | None = Field(default=None, description="когда обработчик взялся за отчёт; пусто: в очереди")
    download: str | None = Field(default=None, description="адрес файла, когда отчёт готов")


class TemplateRead(BaseModel):
    id: int
    report_type: str
    territory_kind: str
    territory_code: str | None
    name: str
    file_name: str
    fields: list[str]
    active: bool
    uploaded_by_name: str
    uploaded_at: datetime
    manageable: bool = Field(
        description="может ли вызывающий заменить или снять бланк (только своей территории; бланк региона "
        "муниципалитет видит, но не меняет)"
    )


class TemplateFields(BaseModel):
    fields: dict[str, str]
    required: list[str]
