"""The roadmap service's vocabulary: the kinds of plan, in the words of the orders.

This is the one place they are declared; `GET /api/roadmap/plan-kinds` serves them, every plan answers its
`kind_label` from here, and the reports and the SPA read them from there.
"""

from __future__ import annotations

from enum import StrEnum

from services.roadmap.catalogue.schemas import PlanKind


class PlanKindCode(StrEnum):
    """Stable codes of the kinds of plan (in the API and in stored plans)."""

    municipal_roadmap = "municipal_roadmap"
    transition_programme = "transition_programme"
    anti_risk_programme = "anti_risk_programme"
    mentoring_plan = "mentoring_plan"
    other = "other"


PLAN_KINDS = [
    PlanKind(
        code=PlanKindCode.municipal_roadmap,
        label="Муниципальная дорожная карта",
        description="План мероприятий муниципалитета по поддержке ШНОР и ШНСУ, по направлениям (трекам)",
    ),
    PlanKind(
        code=PlanKindCode.transition_programme,
        label="Программа перехода в эффективный режим",
        description="Программа школы по переходу в эффективный режим функционирования",
    ),
    PlanKind(
        code=PlanKindCode.anti_risk_programme,
        label="Антирисковая программа",
        description="Программа школы по одному фактору риска профиля «500+»",
    ),
    PlanKind(
        code=PlanKindCode.mentoring_plan,
        label="План наставничества",
        description="Совместный план школы-наставника и подшефной школы",
    ),
    PlanKind(code=PlanKindCode.other, label="Другой план", description="Иной план мероприятий"),
]
PLAN_KIND_LABELS: dict[str, str] = {kind.code: kind.label for kind in PLAN_KINDS}
