from pydantic import BaseModel


class ReportType(BaseModel):
    code: str
    label: str
    parameters: list[str]
    formats: list[str]
