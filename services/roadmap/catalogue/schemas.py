from pydantic import BaseModel


class PlanKind(BaseModel):
    code: str
    label: str
    description: str
