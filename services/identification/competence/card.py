"""The diagnostic card «5К» (seed 002, приложение 3) and the arithmetic of its results.

A card is versioned reference data: competences with their criteria, the score scale, the raters, and the levels
by percent of the maximum. The arithmetic is pure and exact (fractions, no rounding before the comparison): a
teacher's percent for a competence is the sum of the scores given by the raters present over the maximum those
raters could give, so a missing rater lowers neither the score nor the maximum. 69.9 % is still critical: the
seed's «критический 0–69» ends below 70.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from pydantic import BaseModel, Field, model_validator

SELF = "self"
"""The rater code of the teacher's own assessment, set against the others' for the disagreement."""


class Criterion(BaseModel):
    code: str = Field(min_length=1, max_length=20, pattern=r"^[\w.\-]+$")
    title: str = Field(min_length=1, max_length=300)


class Competence(BaseModel):
    code: str = Field(min_length=1, max_length=20, pattern=r"^[\w.\-]+$")
    title: str = Field(min_length=1, max_length=300)
    criteria: list[Criterion] = Field(min_length=1, max_length=50)


class Rater(BaseModel):
    code: str = Field(min_length=1, max_length=30, pattern=r"^[\w.\-]+$")
    title: str = Field(min_length=1, max_length=200)


class ScalePoint(BaseModel):
    value: int = Field(ge=0, le=100)
    label: str = Field(min_length=1, max_length=100)


class Level(BaseModel):
    code: str = Field(min_length=1, max_length=30)
    label: str = Field(min_length=1, max_length=100)
    from_percent: int = Field(ge=0, le=100, description="Нижняя граница уровня, % от максимума (включительно)")


class CardDefinition(BaseModel):
    """The content of a diagnostic card: what is rated, by whom, on which scale, and what the levels are."""

    competences: list[Competence] = Field(min_length=1, max_length=30)
    raters: list[Rater] = Field(min_length=1, max_length=10)
    scale: list[ScalePoint] = Field(min_length=2, max_length=11)
    levels: list[Level] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _consistent(self) -> CardDefinition:
        codes = [c.code for c in self.competences]
        criteria = [k.code for c in self.competences for k in c.criteria]
        raters = [r.code for r in self.raters]
        for what, values in (("компетенций", codes), ("критериев", criteria), ("оценщиков", raters)):
            if len(set(values)) != len(values):
                raise ValueError(f"Коды {what} повторяются")
        if len({p.value for p in self.scale}) != len(self.scale):
            raise ValueError("Баллы шкалы повторяются")
        if not any(level.from_percent == 0 for level in self.levels):
            raise ValueError("Один из уровней должен начинаться с 0 %")
        return self

    @property
    def maximum(self) -> int:
        """The highest score of one criterion."""
        return max(p.value for p in self.scale)

    def criterion_codes(self) -> list[str]:
        return [k.code for c in self.competences for k in c.criteria]

    def level(self, percent: Fraction) -> Level:
        """The level whose range holds the percent: the highest lower bound not above it."""
        return max((lv for lv in self.levels if lv.from_percent <= percent), key=lambda lv: lv.from_percent)


FIVE_K = CardDefinition(
    competences=[
        Competence(
            code="K1",
            title="Предметно-методологическая компетенция",
            criteria=[
                Criterion(code="K1.1", title="Требования ФГОС к предметному содержанию"),
                Criterion(code="K1.2", title="Выбор форм и методов работы для учеников"),
                Criterion(code="K1.3", title="ИКТ-компетентность"),
                Criterion(code="K1.4", title="Индивидуализация учебного процесса"),
                Criterion(code="K1.5", title="Развитие и формирование УУД"),
            ],
        ),
        Competence(
            code="K2",
            title="Психолого-педагогическая компетенция",
            criteria=[
                Criterion(code="K2.1", title="Учет и развитие познавательной сферы ученика"),
                Criterion(code="K2.2", title="Психолого-педагогическая поддержка учеников"),
            ],
        ),
        Competence(
            code="K3",
            title="Валеологическая компетенция",
            criteria=[
                Criterion(code="K3.1", title="Организация здоровьесберегающей среды"),
                Criterion(code="K3.2", title="Организация обучения детей с ОВЗ"),
            ],
        ),
        Competence(
            code="K4",
            title="Коммуникативная компетенция",
            criteria=[
                Criterion(code="K4.1", title="Взаимодействие с учениками"),
                Criterion(code="K4.2", title="Взаимодействие с коллегами"),
            ],
        ),
        Competence(
            code="K5",
            title="Управленческая компетенция",
            criteria=[
                Criterion(
                    code="K5.1", title="Управление качеством процессов и результатов в системе «учитель – ученик»"
                ),
                Criterion(code="K5.2", title="Управление качеством трансляции собственного опыта"),
                Criterion(code="K5.3", title="Управление качеством разработки и внедрения педагогических инноваций"),
                Criterion(code="K5.4", title="Управление профессиональным ростом"),
                Criterion(code="K5.5", title="Управление участием в работе коллектива"),
            ],
        ),
    ],
    raters=[
        Rater(code=SELF, title="Самооценка"),
        Rater(code="shmo_head", title="Руководитель ШМО"),
        Rater(code="deputy", title="Заместитель директора по УВР"),
    ],
    scale=[
        ScalePoint(value=2, label="оптимальный"),
        ScalePoint(value=1, label="достаточный"),
        ScalePoint(value=0, label="критический"),
    ],
    levels=[
        Level(code="optimal", label="оптимальный", from_percent=80),
        Level(code="sufficient", label="достаточный", from_percent=70),
        Level(code="critical", label="критический", from_percent=0),
    ],
)
"""The card of seed 002: 5 competences, 16 criteria, scale 0/1/2, three raters, levels 80/70/0 %."""
FIVE_K_CODE = "5k"

CRITICAL = "critical"
"""The level code whose share per competence is the territory's professional deficit."""

Scores = Mapping[str, Mapping[str, int]]
"""One teacher's scores: rater code → criterion code → score."""


def percent(
    scores: Scores, criteria: Sequence[str], maximum: int, raters: Sequence[str] | None = None
) -> Fraction | None:
    """Sum of the given raters' scores on these criteria over the maximum of the criteria they scored.

    None when no rater scored any of them. A rater who left a criterion blank adds neither score nor maximum.
    """
    total = possible = 0
    for rater, given in scores.items():
        if raters is not None and rater not in raters:
            continue
        for criterion in criteria:
            if criterion in given:
                total += given[criterion]
                possible += maximum
    return Fraction(100 * total, possible) if possible else None


def others_mean(scores: Scores, criteria: Sequence[str], maximum: int) -> Fraction | None:
    """The mean of the other raters' percents (each rater counts once, whatever they scored)."""
    values = [percent(scores, criteria, maximum, [rater]) for rater in scores if rater != SELF]
    present = [v for v in values if v is not None]
    return sum(present, Fraction(0)) / len(present) if present else None
