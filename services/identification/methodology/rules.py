"""The rules of a methodology as data: one pydantic model per rule, every number a parameter.

A methodology version stores `MethodologyRules.model_dump(mode="json")`; the engine
(`services.identification.methodology.engine`) applies it. Defaults follow the five seed orders
(see domain.md, "Identification criteria found in the seeds"). Validation messages are in Russian:
a person reads them in the methodology editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from services.identification.vocabulary import CATEGORY_LABELS, PROCEDURES, RISK_LEVELS, SUBJECTS, Category

FORBID = ConfigDict(extra="forbid", allow_inf_nan=False)  # NaN or Infinity would pass every comparison silently
MAX_YEARS = 10
SOCIAL_INDICATORS = (
    "parents_higher_education_share",
    "unemployed_parents_share",
    "deviant_behaviour_share",
    "non_native_russian_share",
)
OBJECTIVITY_FLAGS = ("vpr_lowered", "vpr_raised", "above_regional_mean")
ObjectivityFlag = Literal["vpr_lowered", "vpr_raised", "above_regional_mean"]


def _default_doubtful_flags() -> list[ObjectivityFlag]:
    return ["vpr_raised", "above_regional_mean"]


# --- value checks with Russian messages -------------------------------------------------------------


def _share(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError("Порог должен быть от 0 до 1 (доля: 0,3 — это 30 %)")
    return value


def _quantile(value: float) -> float:
    if not 0.0 < value < 1.0:
        raise ValueError("Квантиль должен быть больше 0 и меньше 1 (0,25 — нижняя четверть)")
    return value


def _count(value: int) -> int:
    if value < 0:
        raise ValueError("Число не может быть отрицательным")
    return value


def _positive_count(value: int) -> int:
    if value < 1:
        raise ValueError("Число должно быть не меньше 1")
    return value


def _years(value: int) -> int:
    if not 1 <= value <= MAX_YEARS:
        raise ValueError(f"Число лет должно быть от 1 до {MAX_YEARS}")
    return value


def _points(value: float) -> float:
    if value < 0:
        raise ValueError("Значение в баллах не может быть отрицательным")
    return value


def _factor(value: float) -> float:
    if value <= 0:
        raise ValueError("Коэффициент должен быть больше 0")
    return value


def _procedures(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in PROCEDURES]
    if unknown:
        raise ValueError(f"Неизвестная процедура оценки: {', '.join(unknown)}; допустимы: {', '.join(PROCEDURES)}")
    if len(set(values)) != len(values):
        raise ValueError("Процедура указана дважды")
    return values


def _subjects(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in SUBJECTS]
    if unknown:
        raise ValueError(f"Неизвестный предмет: {', '.join(unknown)}")
    if len(set(values)) != len(values):
        raise ValueError("Предмет указан дважды")
    return values


def _levels(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in RISK_LEVELS]
    if unknown:
        raise ValueError(f"Неизвестный уровень риска: {', '.join(unknown)}; допустимы: {', '.join(RISK_LEVELS)}")
    return values


def _category(value: Category) -> Category:
    if value == Category.effective:
        raise ValueError(
            "Правило не может относить школу к эффективному режиму: он назначается, когда не сработало ни одно"
        )
    return value


Share = Annotated[float, AfterValidator(_share)]
Quantile = Annotated[float, AfterValidator(_quantile)]
Count = Annotated[int, AfterValidator(_count)]
PositiveCount = Annotated[int, AfterValidator(_positive_count)]
Years = Annotated[int, AfterValidator(_years)]
Points = Annotated[float, AfterValidator(_points)]
Factor = Annotated[float, AfterValidator(_factor)]
Procedures = Annotated[list[str], AfterValidator(_procedures)]
Subjects = Annotated[list[str], AfterValidator(_subjects)]
Levels = Annotated[list[str], AfterValidator(_levels)]
RuleCategory = Annotated[Category, AfterValidator(_category)]
Scale = Literal["percent_of_max", "zscore"]


def _enabled() -> Any:
    return Field(True, title="Правило включено", description="Выключенное правило не применяется")


def _procedures_field(default: list[str]) -> Any:
    return Field(
        default_factory=lambda: list(default),
        title="Процедуры оценки",
        description="Какие процедуры учитываются: ВПР, ОГЭ, ЕГЭ, ГВЭ, РПР",
    )


def _subjects_field(default: list[str]) -> Any:
    return Field(
        default_factory=lambda: list(default),
        title="Предметы",
        description="Какие предметы учитываются; «Математика» включает базовый и профильный уровни ЕГЭ",
    )


def _min_participants_field() -> Any:
    return Field(
        5,
        title="Минимальное число участников",
        description="Результаты с меньшим числом участников не используются и показываются как малая выборка",
    )


def _category_field(default: Category) -> Any:
    return Field(default, title="Категория", description="Категория, к которой правило относит школу")


# --- rules ------------------------------------------------------------------------------------------


class Rule(BaseModel):
    """What every rule has: it can be switched off."""

    model_config = FORBID

    enabled: bool = _enabled()


TAUGHT_GRADES = range(1, 12)


def _grades(values: list[int]) -> list[int]:
    wrong = [v for v in values if v not in TAUGHT_GRADES]
    if wrong:
        raise ValueError(f"Класс должен быть от 1 до 11: {', '.join(map(str, wrong))}")
    if len(set(values)) != len(values):
        raise ValueError("Класс указан дважды")
    return sorted(values)


Grades = Annotated[list[int], AfterValidator(_grades)]


class CategorisingRule(Rule):
    """A rule that puts a school into a category — and applies only where it can: to schools that teach at
    least one of `taught_grades` (empty: any school) and have at least `min_pupils` pupils. A school the rule
    does not apply to is `not_applicable`: neither fired nor missing data."""

    taught_grades: Grades = Field(
        default_factory=list,
        title="Классы, которые должна вести школа",
        description="Правило применяется к школе, если она ведёт хотя бы один из этих классов "
        "(по виду школы: НОШ — 1–4, ООШ — 1–9, СОШ, лицей, гимназия — 1–11; иначе по классам в данных); "
        "пусто — ко всем школам",
    )
    min_pupils: Count = Field(
        0,
        title="Минимальное число обучающихся",
        description="Правило применяется к школе, если в ней не меньше стольких обучающихся (по реестру)",
    )


class ResultsRule(CategorisingRule):
    """A rule reading assessment results: which procedures and subjects, and the minimum sample."""

    procedures: Procedures = _procedures_field(["ВПР", "ОГЭ", "ЕГЭ"])
    subjects: Subjects = _subjects_field(["russian", "mathematics"])
    min_participants: PositiveCount = _min_participants_field()

    @model_validator(mode="after")
    def _lists_not_empty(self) -> ResultsRule:
        if self.enabled and not self.procedures:
            raise ValueError("Укажите хотя бы одну процедуру оценки")
        if self.enabled and not self.subjects:
            raise ValueError("Укажите хотя бы один предмет")
        return self


class FailShareRule(ResultsRule):
    """`fail_share_30`: a 'procedure over the threshold in a year' is any row of that procedure (a grade and
    subject of the lists, at least `min_participants` participants) whose share below the minimum is at
    least `threshold`; with `pool_grades` the grades of a procedure and subject are summed first."""

    category: RuleCategory = _category_field(Category.low_results)
    threshold: Share = Field(
        0.30,
        title="Порог доли участников ниже минимума",
        description="Правило срабатывает, если доля участников, не преодолевших минимальный порог, не меньше порога",
    )
    same_year_procedures: PositiveCount = Field(
        2,
        title="Число разных процедур в одном году",
        description="Сколько разных процедур одного учебного года должны быть не ниже порога",
    )
    consecutive_years: Years = Field(
        2,
        title="Число лет подряд",
        description="Сколько последних лет подряд одна и та же процедура должна быть не ниже порога",
    )
    operator: Literal["or", "and"] = Field(
        "or",
        title="Сочетание условий",
        description="«or» — достаточно одного из условий (процедуры в одном году или годы подряд), «and» — нужны оба",
    )

    @model_validator(mode="after")
    def _check_counts(self) -> FailShareRule:
        if self.enabled and self.same_year_procedures > len(self.procedures):
            raise ValueError(
                f"Процедур в списке {len(self.procedures)}: не может быть {self.same_year_procedures} "
                "разных процедур в одном году"
            )
        if self.enabled and self.years_procedures == "different" and len(self.procedures) < 2:
            raise ValueError("Для разных процедур в соседние годы нужно не меньше двух процедур в списке")
        return self

    pool_grades: bool = Field(
        False,
        title="Суммировать классы",
        description="Считать долю по процедуре и предмету в целом по школе, а не по каждому классу отдельно",
    )
    years_procedures: Literal["same", "any", "different"] = Field(
        "same",
        title="Процедуры в годы подряд",
        description="same — в каждый из лет подряд одна и та же процедура; any — в каждом году любая процедура; "
        "different — в каждом году процедура, отличная от процедуры предыдущего года (приказ 003: "
        "«по одному разу в каждый из последних двух лет, в разных процедурах»)",
    )
    same_subject: bool = Field(
        False,
        title="В одном предмете",
        description="Процедуры (в одном году или в годы подряд) должны быть ниже порога по одному и тому же "
        "предмету (русский язык или математика); иначе предметы могут различаться",
    )


class BottomQuartileRule(ResultsRule):
    category: RuleCategory = _category_field(Category.low_results)
    procedures: Procedures = _procedures_field(["ЕГЭ", "ОГЭ", "ВПР"])
    quantile: Quantile = Field(
        0.25, title="Доля школ с наименьшими результатами", description="0,25 — нижняя четверть школ территории"
    )
    scale: Scale = Field(
        "percent_of_max",
        title="Общая шкала",
        description="percent_of_max — средний балл в процентах от максимального; zscore — отклонение от среднего "
        "по территории в стандартных отклонениях (по процедуре, классу и предмету)",
    )


class BelowRegionalMeanRule(ResultsRule):
    category: RuleCategory = _category_field(Category.low_results)
    gap: Points = Field(
        20.0,
        title="Отставание от среднего по региону",
        description="Правило срабатывает, если результат школы ниже среднего по региону более чем на столько "
        "п. п. (шкала «процент от максимального балла») или баллов (шкала «баллы процедуры»)",
    )
    scale: Literal["percent_of_max", "score"] = Field(
        "percent_of_max",
        title="Шкала",
        description="percent_of_max — процентные пункты от максимального балла; score — баллы самой процедуры",
    )


class OlympiadShareRule(CategorisingRule):
    category: RuleCategory = _category_field(Category.low_results)
    max_share: Share = Field(
        0.005,
        title="Наибольшая доля участников олимпиад",
        description="Правило срабатывает, если доля участников регионального и заключительного этапов не более",
    )
    years: Years = Field(3, title="Число лет", description="Учебный год идентификации и предшествующие ему")
    denominator: Literal["pupil_years", "latest_pupils"] = Field(
        "pupil_years",
        title="Знаменатель доли",
        description="pupil_years — сумма участников за годы делится на сумму численностей обучающихся за те же "
        "годы; latest_pupils — на численность обучающихся последнего года с данными",
    )
    taught_grades: Grades = Field(
        default_factory=lambda: [9, 10, 11],
        title="Классы, которые должна вести школа",
        description="Региональный этап олимпиад начинается с 9 класса: правило применяется к школам, "
        "которые ведут хотя бы один из 9–11 классов",
    )


class SocialIndexRule(CategorisingRule):
    category: RuleCategory = _category_field(Category.unfavourable_social)
    quantile: Quantile = Field(
        0.25, title="Доля школ с наименьшим индексом", description="0,25 — нижняя четверть школ территории"
    )
    weights: dict[str, float] = Field(
        default_factory=lambda: {
            "parents_higher_education_share": 1.0,
            "unemployed_parents_share": -1.0,
            "deviant_behaviour_share": -1.0,
            "non_native_russian_share": -1.0,
        },
        title="Веса показателей",
        description="Положительный вес — защитный показатель, отрицательный — фактор риска",
    )
    normalisation: Literal["zscore", "minmax", "none"] = Field(
        "zscore",
        title="Нормирование",
        description="zscore — стандартизация по территории, minmax — приведение к отрезку от 0 до 1, "
        "none — без нормирования",
    )
    min_indicators: PositiveCount = Field(
        3, title="Минимальное число показателей", description="Сколько показателей из четырёх должно быть известно"
    )

    @model_validator(mode="after")
    def _check_weights(self) -> SocialIndexRule:
        unknown = [name for name in self.weights if name not in SOCIAL_INDICATORS]
        if unknown:
            raise ValueError(f"Неизвестный показатель индекса: {', '.join(unknown)}")
        if self.enabled and not any(self.weights.values()):
            raise ValueError("Хотя бы один вес показателя должен быть отличен от нуля")
        if self.min_indicators > len(SOCIAL_INDICATORS):
            raise ValueError(f"Показателей всего {len(SOCIAL_INDICATORS)}")
        return self


class HardToReachRule(CategorisingRule):
    category: RuleCategory = _category_field(Category.unfavourable_social)


class UnemploymentRule(CategorisingRule):
    category: RuleCategory = _category_field(Category.unfavourable_social)
    factor: Factor = Field(
        1.5,
        title="Коэффициент к среднему по региону",
        description="Правило срабатывает, если безработица в населённом пункте не ниже среднего по региону, "
        "умноженного на коэффициент",
    )


class UnstableResultsRule(ResultsRule):
    """The yearly measure is the pooled share below the minimum: all rows of the lists summed per year.
    `min_participants` applies to the year's pooled participants, so small schools still have a measure."""

    category: RuleCategory = _category_field(Category.risk_zone)
    years: Years = Field(3, title="Число лет", description="Сколько последних лет сравнивается")
    decline: Share = Field(
        0.05,
        title="Рост доли ниже минимума",
        description="Правило срабатывает, если доля ниже минимума выросла с первого года до последнего "
        "не менее чем на это значение (в долях: 0,05 — 5 п. п.)",
    )
    amplitude: Share = Field(
        0.10,
        title="Размах колебаний",
        description="…или если размах доли за годы не менее этого значения (в долях: 0,10 — 10 п. п.) "
        "и направление изменения менялось",
    )


class NearThresholdRule(ResultsRule):
    category: RuleCategory = _category_field(Category.risk_zone)
    lower: Share = Field(0.20, title="Нижняя граница", description="Доля ниже минимума от этой границы включительно")
    upper: Share = Field(0.30, title="Верхняя граница", description="…и меньше этой границы")

    @model_validator(mode="after")
    def _check_band(self) -> NearThresholdRule:
        if self.lower >= self.upper:
            raise ValueError("Нижняя граница должна быть меньше верхней")
        return self


class RiskCountRule(CategorisingRule):
    category: RuleCategory = _category_field(Category.risk_zone)
    levels: Levels = Field(
        default_factory=lambda: ["high", "medium"],
        title="Учитываемые уровни риска",
        description="Какие уровни факторов риска профиля «500+» считаются",
    )
    min_risks: PositiveCount = Field(
        3, title="Минимальное число рисков", description="Правило срабатывает от стольких рисков"
    )

    @model_validator(mode="after")
    def _levels_not_empty(self) -> RiskCountRule:
        if self.enabled and not self.levels:
            raise ValueError("Укажите хотя бы один уровень риска")
        return self


Direction = Literal["higher", "lower"]


class IndicatorRule(CategorisingRule):
    """A rule on a measure imported as a generic indicator (kind `indicator_values`), e.g. the regional ИОР
    index of seed 002. Whether higher is better comes with the data (the measure's direction)."""

    measure: str = Field(
        "",
        max_length=60,
        title="Показатель",
        description="Код показателя, загруженного как «Показатель школы» (например, ior)",
    )
    category: RuleCategory = _category_field(Category.risk_zone)

    @model_validator(mode="after")
    def _measure_named(self) -> IndicatorRule:
        if self.enabled and not self.measure.strip():
            raise ValueError("Укажите код показателя")
        return self


class IndicatorLevelRule(IndicatorRule):
    threshold: float = Field(
        0.5,
        title="Пороговое значение",
        description="Правило срабатывает, если значение показателя в году идентификации не лучше порога "
        "(не выше — когда лучше большее, не ниже — когда лучше меньшее)",
    )


class IndicatorMeanRule(IndicatorRule):
    category: RuleCategory = _category_field(Category.low_results)
    threshold: float = Field(
        0.5,
        title="Пороговое среднее",
        description="Правило срабатывает, если среднее значение показателя за годы не лучше порога",
    )
    years: Years = Field(3, title="Число лет", description="Сколько последних лет усредняется; нужны все годы")


class IndicatorTrendRule(IndicatorRule):
    years: Years = Field(3, title="Число лет", description="Сколько последних лет сравнивается; нужны все годы")
    decline: float = Field(
        0.1,
        title="Ухудшение",
        description="Правило срабатывает, если показатель ухудшился с первого года до последнего не меньше "
        "чем на это значение (в единицах показателя)",
    )
    amplitude: float = Field(
        0.1,
        title="Размах колебаний",
        description="…или если размах показателя за годы не меньше этого значения и направление изменения менялось",
    )

    @model_validator(mode="after")
    def _positive(self) -> IndicatorTrendRule:
        if self.decline <= 0 or self.amplitude <= 0:
            raise ValueError("Ухудшение и размах должны быть больше 0")
        return self


class ObjectivityRule(Rule):
    """Flags, never a category. `doubtful_flags` names the flags that make a school-year's ВПР results
    doubtful (by default the two that suggest inflated ВПР; `vpr_lowered` rather points at term marks)."""

    vpr_lowered_share: Share = Field(
        0.30,
        title="Доля пониживших отметку",
        description="Флаг, если доля отметок ВПР ниже отметки за период не меньше",
    )
    vpr_raised_share: Share = Field(
        0.15,
        title="Доля повысивших отметку",
        description="Флаг, если доля отметок ВПР выше отметки за период не меньше",
    )
    above_mean_margin: Points = Field(
        15.0,
        title="Превышение среднего по региону",
        description="Флаг, если результат ВПР (процент от максимума) выше среднего по региону больше чем на столько "
        "пунктов в неселективной школе, а ЕГЭ школы не выше среднего по региону",
    )
    selective_kinds: list[str] = Field(
        default_factory=lambda: ["лицей", "гимназия"],
        title="Селективные виды школ",
        description="Виды школ, для которых высокий результат ВПР ожидаем",
    )
    min_participants: PositiveCount = _min_participants_field()
    exclude_doubtful: bool = Field(
        False,
        title="Исключать сомнительные результаты",
        description="Не использовать ВПР школы в году с флагом; иначе они используются и помечаются как сомнительные",
    )
    doubtful_flags: list[ObjectivityFlag] = Field(
        default_factory=_default_doubtful_flags,
        title="Флаги, делающие ВПР сомнительными",
        description="При каком флаге результаты ВПР школы за год считаются сомнительными",
    )


CombineMode = Literal["any", "all"]
RULE_CATEGORIES = (Category.low_results, Category.unfavourable_social, Category.risk_zone)
MAX_CONDITION_DEPTH = 8


class Condition(BaseModel):
    """A category's condition as an expression tree over rule ids: `{"op": "rule", "rule": "risk_count"}`,
    `{"op": "and" | "or", "args": [...]}` (two or more), `{"op": "not", "args": [one]}`. A rule is true
    when it fired; `not` of a rule is true when it did not fire (whatever the reason)."""

    model_config = FORBID

    op: Literal["rule", "and", "or", "not"] = Field(title="Операция", description="rule, and, or, not")
    rule: str | None = Field(None, title="Правило", description="Код правила для операции rule")
    args: list[Condition] = Field(default_factory=list, title="Операнды")

    @model_validator(mode="after")
    def _check_shape(self) -> Condition:
        if self.op == "rule":
            if self.rule not in CATEGORISING_RULES:
                known = ", ".join(CATEGORISING_RULES)
                raise ValueError(f"Неизвестное правило в условии: «{self.rule}»; допустимы: {known}")
            if self.args:
                raise ValueError("У ссылки на правило не бывает операндов")
        elif self.rule is not None:
            raise ValueError(f"Операция «{self.op}» не ссылается на правило: укажите его в операнде")
        elif self.op == "not" and len(self.args) != 1:
            raise ValueError("Отрицание (not) берёт ровно один операнд")
        elif self.op in ("and", "or") and len(self.args) < 2:
            raise ValueError(f"Операция «{self.op}» требует не меньше двух операндов")
        if self.depth() > MAX_CONDITION_DEPTH:
            raise ValueError(f"Условие вложено глубже {MAX_CONDITION_DEPTH} уровней")
        return self

    def depth(self) -> int:
        return 1 + max((arg.depth() for arg in self.args), default=0)

    def rule_ids(self) -> list[str]:
        """The rules the condition references, in order, each once."""
        found = [self.rule] if self.rule else []
        for arg in self.args:
            found += arg.rule_ids()
        return list(dict.fromkeys(found))


def _default_combine() -> dict[Category, CombineMode]:
    return dict.fromkeys(RULE_CATEGORIES, "any")


class MethodologyRules(BaseModel):
    """All the rules of one methodology version, with how each category combines its rules."""

    model_config = FORBID

    fail_share_30: FailShareRule = Field(default_factory=FailShareRule, title="Доля ниже минимального порога")
    bottom_quartile: BottomQuartileRule = Field(default_factory=BottomQuartileRule, title="Нижняя четверть школ")
    below_regional_mean: BelowRegionalMeanRule = Field(
        default_factory=BelowRegionalMeanRule, title="Ниже среднего по региону"
    )
    olympiad_share: OlympiadShareRule = Field(default_factory=OlympiadShareRule, title="Участие в олимпиадах")
    social_index_bottom_quartile: SocialIndexRule = Field(
        default_factory=SocialIndexRule, title="Индекс социального благополучия"
    )
    hard_to_reach: HardToReachRule = Field(default_factory=HardToReachRule, title="Труднодоступный населённый пункт")
    unemployment: UnemploymentRule = Field(default_factory=UnemploymentRule, title="Безработица в населённом пункте")
    unstable_results: UnstableResultsRule = Field(default_factory=UnstableResultsRule, title="Нестабильные результаты")
    near_threshold: NearThresholdRule = Field(default_factory=NearThresholdRule, title="Результаты вблизи порога")
    risk_count: RiskCountRule = Field(default_factory=RiskCountRule, title="Число рисков профиля «500+»")
    objectivity: ObjectivityRule = Field(default_factory=ObjectivityRule, title="Признаки необъективности")
    indicator_level: IndicatorLevelRule = Field(
        default_factory=lambda: IndicatorLevelRule(enabled=False), title="Уровень показателя"
    )
    indicator_mean: IndicatorMeanRule = Field(
        default_factory=lambda: IndicatorMeanRule(enabled=False), title="Среднее показателя за годы"
    )
    indicator_trend: IndicatorTrendRule = Field(
        default_factory=lambda: IndicatorTrendRule(enabled=False), title="Динамика показателя"
    )
    combine: dict[Category, CombineMode] = Field(
        default_factory=_default_combine,
        title="Сочетание правил в категории",
        description="any — категория присваивается, если сработало любое включённое правило; all — если все",
    )
    conditions: dict[Category, Condition] = Field(
        default_factory=dict,
        title="Условия категорий",
        description="Условие категории как выражение из правил с and / or / not; одно правило может входить "
        "в условия нескольких категорий. Для категории без условия действует combine по правилам этой категории",
    )

    @model_validator(mode="after")
    def _check_combine(self) -> MethodologyRules:
        if Category.effective in self.combine or Category.effective in self.conditions:
            raise ValueError("Эффективный режим не сочетает правила: он назначается, когда не сработало ни одно")
        for category in RULE_CATEGORIES:
            self.combine.setdefault(category, "any")
        for category, condition in self.conditions.items():
            off = [rule_id for rule_id in condition.rule_ids() if not getattr(self, rule_id).enabled]
            if off:
                names = ", ".join(f"«{RULES[rule_id].label}» ({rule_id})" for rule_id in off)
                raise ValueError(
                    f"Условие категории «{CATEGORY_LABELS[category]}» ссылается на выключенное правило: {names}"
                )
        return self

    def combine_mode(self, category: Category) -> CombineMode:
        return self.combine.get(category, "any")

    def condition(self, category: Category) -> Condition | None:
        """The category's condition: its own tree, or the `combine` of the enabled rules of that category
        (None when there is none)."""
        if category in self.conditions:
            return self.conditions[category]
        members = [
            rule_id
            for rule_id in CATEGORISING_RULES
            if getattr(self, rule_id).enabled and getattr(self, rule_id).category == category
        ]
        if not members:
            return None
        leaves = [Condition(op="rule", rule=rule_id) for rule_id in members]
        if len(leaves) == 1:
            return leaves[0]
        return Condition(op="and" if self.combine_mode(category) == "all" else "or", args=leaves)


def default_rules() -> MethodologyRules:
    """The default methodology: the criteria of the seed orders with their own numbers."""
    return MethodologyRules()


@dataclass(frozen=True)
class RuleInfo:
    label: str
    category: Category | None
    source: str
    description: str


RULES: dict[str, RuleInfo] = {
    "fail_share_30": RuleInfo(
        "Доля участников ниже минимального порога",
        Category.low_results,
        "003 (трек 1), показатель Рособрнадзора",
        "Не менее 30 % участников не преодолели минимальный порог по русскому языку или математике "
        "в двух разных процедурах одного учебного года или в одной процедуре два года подряд.",
    ),
    "bottom_quartile": RuleInfo(
        "Нижняя четверть по результатам ЕГЭ, ОГЭ и ВПР",
        Category.low_results,
        "004",
        "Школа входит в 25 % школ территории с наименьшими результатами ЕГЭ, ОГЭ и ВПР последнего учебного года.",
    ),
    "below_regional_mean": RuleInfo(
        "Отставание от среднего по региону",
        Category.low_results,
        "004",
        "Средний результат школы по процедуре и предмету (в процентах от максимального балла) ниже среднего "
        "по региону более чем на 20 п. п.",
    ),
    "olympiad_share": RuleInfo(
        "Низкое участие в олимпиадах",
        Category.low_results,
        "004",
        "Не более 0,5 % обучающихся участвовали в региональном и заключительном этапах олимпиад за последние 3 года.",
    ),
    "social_index_bottom_quartile": RuleInfo(
        "Низкий индекс социального благополучия",
        Category.unfavourable_social,
        "004",
        "Школа входит в 25 % школ территории с наименьшим индексом социального благополучия контингента.",
    ),
    "hard_to_reach": RuleInfo(
        "Труднодоступный населённый пункт",
        Category.unfavourable_social,
        "004",
        "Школа расположена в труднодоступном населённом пункте.",
    ),
    "unemployment": RuleInfo(
        "Высокая безработица в населённом пункте",
        Category.unfavourable_social,
        "004",
        "Уровень безработицы в населённом пункте школы не ниже среднего по региону, умноженного на 1,5.",
    ),
    "unstable_results": RuleInfo(
        "Нестабильные или снижающиеся результаты",
        Category.risk_zone,
        "002",
        "Доля участников ниже минимального порога за последние 3 года растёт или резко колеблется.",
    ),
    "near_threshold": RuleInfo(
        "Результаты вблизи порога",
        Category.risk_zone,
        "003 (трек 2)",
        "Доля участников ниже минимального порога не менее 20 %, но меньше 30 %, а правило «Доля участников "
        "ниже минимального порога» не сработало.",
    ),
    "risk_count": RuleInfo(
        "Несколько рисков профиля «500+»",
        Category.risk_zone,
        "000, ФИОКО «500+»",
        "У школы не менее трёх факторов риска высокого или среднего уровня в рисковом профиле.",
    ),
    "indicator_level": RuleInfo(
        "Низкое значение показателя",
        Category.risk_zone,
        "002 (индекс ИОР)",
        "Значение загруженного показателя школы (например, регионального индекса ИОР) в году идентификации "
        "не лучше порога.",
    ),
    "indicator_mean": RuleInfo(
        "Стабильно низкое среднее показателя",
        Category.low_results,
        "002 (индекс ИОР)",
        "Среднее значение показателя за последние 3 года не лучше порога («стабильно низкие результаты»).",
    ),
    "indicator_trend": RuleInfo(
        "Нестабильная или ухудшающаяся динамика показателя",
        Category.risk_zone,
        "002 (индекс ИОР: 0,566 → 0,395 → 0,468)",
        "Показатель за последние 3 года ухудшается или резко колеблется со сменой направления.",
    ),
    "objectivity": RuleInfo(
        "Признаки необъективности результатов",
        None,
        "002, показатель Рособрнадзора",
        "Флаги без категории: отметки ВПР ниже или выше отметок за период, результаты ВПР намного выше "
        "среднего по региону в неселективной школе без подтверждения ЕГЭ.",
    ),
}

CATEGORISING_RULES = tuple(rule_id for rule_id, info in RULES.items() if info.category is not None)
