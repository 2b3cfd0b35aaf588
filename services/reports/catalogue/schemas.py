from pydantic import BaseModel, Field


class ReportType(BaseModel):
    code: str
    label: str
    parameters: list[str] = Field(description="все параметры вида: обязательные, затем необязательные")
    required: list[str]
    optional: list[str]
    parameter_labels: dict[str, str] = Field(description="параметр → его название по-русски")
    formats: list[str]
