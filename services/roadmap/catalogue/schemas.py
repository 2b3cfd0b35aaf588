from pydantic import BaseModel


class PlanKind(BaseModel):
    code: str  # a `PlanKindCode` of `services.roadmap.vocabulary`
    label: str
    description: str
