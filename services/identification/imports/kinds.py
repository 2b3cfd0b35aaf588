"""What each import kind is: its canonical columns, their Russian names and aliases, types and natural key.

The one place that knows the columns of every kind. The parser maps a file's headers through `KindSpec.match`,
the validator converts and checks values by `ColumnSpec.type`, the store diffs by `KindSpec.key`, and the
exports write `KindSpec.canonical` (the demo generator's `COLUMNS`, a test keeps them equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from services.identification.indicators.models import (
    AssessmentResult,
    MeasureValue,
    OlympiadParticipation,
    RiskLevel,
    SocialIndicator,
    StaffingIndicator,
    VprObjectivity,
)
from services.identification.registry.models import Municipality, School, Settlement


class ColumnType(StrEnum):
    text = "text"
    code = "code"
    integer = "integer"
    number = "number"
    share = "share"
    boolean = "boolean"
    school_year = "school_year"
    procedure = "procedure"
    subject = "subject"
    risk_level = "risk_level"
    risk_factor = "risk_factor"
    text_list = "text_list"
    direction = "direction"


TYPE_LABELS: dict[ColumnType, str] = {
    ColumnType.text: "текст",
    ColumnType.code: "код",
    ColumnType.integer: "целое число ≥ 0",
    ColumnType.number: "число ≥ 0 (десятичная запятая допускается)",
    ColumnType.share: "доля от 0 до 1 или процент («35,5 %»)",
    ColumnType.boolean: "да/нет, 1/0, true/false",
    ColumnType.school_year: "учебный год: 2022-2023, 2022/2023, 2022–23",
    ColumnType.procedure: "процедура: ВПР, ОГЭ, ЕГЭ, ГВЭ, РПР",
    ColumnType.subject: "предмет (русское название или код)",
    ColumnType.risk_level: "уровень: высокий, средний, низкий, нет",
    ColumnType.risk_factor: "номер или название фактора риска «500+»",
    ColumnType.text_list: "значения через «|»",
    ColumnType.direction: "лучше больше / лучше меньше (higher / lower)",
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    label: str
    type: ColumnType
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None


SCHOOL_NAME = "school_name"
"""The column indicator files may carry instead of `school_code`: matched against names and aliases."""


class KindGroup(StrEnum):
    registry = "registry"
    indicators = "indicators"


@dataclass(frozen=True)
class KindSpec:
    name: str
    label: str
    group: KindGroup
    model: Any
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    """Canonical columns of the natural key (the school by `school_code` for indicator kinds)."""
    identifiers: tuple[str, ...]
    """Columns a header row must contain one of (how a row names its object)."""
    extra: tuple[ColumnSpec, ...] = ()
    """Accepted columns that are not canonical (the school's name instead of its code)."""
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for column in (*self.columns, *self.extra):
            for alias in (column.name, column.label, *column.aliases):
                self._index.setdefault(normalize_header(alias), column.name)

    @property
    def canonical(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def by_name(self) -> dict[str, ColumnSpec]:
        return {c.name: c for c in (*self.columns, *self.extra)}

    @property
    def value_columns(self) -> tuple[str, ...]:
        """Canonical columns that are not part of the key."""
        return tuple(c for c in self.canonical if c not in self.key)

    def match(self, header: str) -> str | None:
        """The canonical column a file header stands for, or None.

        Exact match of the normalised header first; then a header that starts with a long alias
        ("Количество участников (чел.)"), so the usual decorations of real exports do not matter.
        """
        normalized = normalize_header(header)
        if not normalized:
            return None
        if normalized in self._index:
            return self._index[normalized]
        prefixes = [alias for alias in self._index if len(alias) >= 8 and normalized.startswith(alias)]
        return self._index[max(prefixes, key=len)] if prefixes else None


_NOT_HEADER_CHARS = re.compile(r"[^0-9a-zа-я]+")


def normalize_header(text: str) -> str:
    """Header as compared: lower case, ё→е, everything but letters and digits dropped."""
    return _NOT_HEADER_CHARS.sub("", str(text).lower().replace("ё", "е"))


def _marks(number: int) -> tuple[str, ...]:
    mark = f"«{number}»"
    return (
        str(number),
        mark,
        f"Отметка {mark}",
        f"Отметки {number}",
        f"Количество отметок {number}",
        f"Кол-во {mark}",
        f"Количество {mark}",
        f"Отметка {number}",
    )


_SCHOOL_CODE = ColumnSpec(
    "school_code",
    "Код ОО",
    ColumnType.code,
    required=True,
    aliases=(
        "Логин ОО",
        "Код школы",
        "Код организации",
        "Код образовательной организации",
        "Код ОУ",
        "Логин",
        "Код",
    ),
    max_length=30,
)
_SCHOOL_NAME = ColumnSpec(
    SCHOOL_NAME,
    "Наименование ОО",
    ColumnType.text,
    aliases=(
        "ОО",
        "ОУ",
        "Образовательная организация",
        "Общеобразовательная организация",
        "Школа",
        "Наименование образовательной организации",
        "Наименование ОУ",
        "Название ОО",
        "Наименование школы",
        "Название школы",
        "Краткое наименование ОО",
        "Полное наименование ОО",
        "Наименование",
    ),
    max_length=500,
)
_SCHOOL_YEAR = ColumnSpec(
    "school_year", "Учебный год", ColumnType.school_year, required=True, aliases=("Год", "Уч. год", "Учебный год ОО")
)
_GRADE = ColumnSpec(
    "grade", "Класс", ColumnType.integer, required=True, aliases=("Параллель", "Классы"), minimum=1, maximum=11
)
_SUBJECT = ColumnSpec(
    "subject", "Предмет", ColumnType.subject, required=True, aliases=("Учебный предмет", "Предмет (дисциплина)")
)
_PUPILS = ColumnSpec(
    "pupils",
    "Количество обучающихся",
    ColumnType.integer,
    aliases=("Численность обучающихся", "Число обучающихся", "Обучающихся", "Контингент", "Кол-во обучающихся"),
)


def _indicator(name: str, label: str, model: Any, key: tuple[str, ...], *columns: ColumnSpec) -> KindSpec:
    return KindSpec(
        name=name,
        label=label,
        group=KindGroup.indicators,
        model=model,
        columns=(_SCHOOL_CODE, _SCHOOL_YEAR, *columns),
        key=("school_code", "school_year", *key),
        identifiers=("school_code", SCHOOL_NAME),
        extra=(_SCHOOL_NAME,),
    )


RESULTS = _indicator(
    "results",
    "Результаты оценочных процедур (ВПР, ОГЭ, ЕГЭ, ГВЭ)",
    AssessmentResult,
    ("procedure", "grade", "subject"),
    ColumnSpec(
        "procedure",
        "Процедура",
        ColumnType.procedure,
        required=True,
        aliases=("Оценочная процедура", "Вид оценочной процедуры", "Форма ГИА", "Форма", "Экзамен"),
    ),
    _GRADE,
    _SUBJECT,
    ColumnSpec(
        "participants",
        "Количество участников",
        ColumnType.integer,
        required=True,
        aliases=(
            "Кол-во участников",
            "Число участников",
            "Участников",
            "Участники",
            "Писали работу",
            "Кол-во писавших",
            "Количество писавших",
            "Количество обучающихся, писавших работу",
        ),
    ),
    ColumnSpec(
        "below_min",
        "Не преодолели минимальный порог",
        ColumnType.integer,
        aliases=(
            "Получили «2»",
            "Не преодолели минимальный балл",
            "Не преодолели минимальную границу",
            "Ниже минимального порога",
            "Не набрали минимальный балл",
            "Количество не преодолевших минимальный порог",
        ),
    ),
    ColumnSpec(
        "mean_score",
        "Средний балл",
        ColumnType.number,
        aliases=("Средний первичный балл", "Средний тестовый балл", "Ср. балл", "Средний балл ОО"),
    ),
    ColumnSpec(
        "max_score",
        "Максимальный балл",
        ColumnType.number,
        aliases=("Макс. балл", "Максимальный первичный балл", "Максимально возможный балл"),
    ),
    *(ColumnSpec(f"mark{m}", f"«{m}»", ColumnType.integer, aliases=_marks(m)) for m in range(2, 6)),
)

VPR_OBJECTIVITY = _indicator(
    "vpr_objectivity",
    "Объективность ВПР: соответствие отметок за работу отметкам по журналу",
    VprObjectivity,
    ("grade", "subject"),
    _GRADE,
    _SUBJECT,
    ColumnSpec(
        "lowered",
        "Понизили",
        ColumnType.integer,
        required=True,
        aliases=("Понизили отметку", "Понизили (Отм. < Отм. по журналу)", "Отметка ниже"),
    ),
    ColumnSpec(
        "confirmed",
        "Подтвердили",
        ColumnType.integer,
        required=True,
        aliases=("Подтвердили отметку", "Подтвердили (Отм. = Отм. по журналу)", "Отметка совпала"),
    ),
    ColumnSpec(
        "raised",
        "Повысили",
        ColumnType.integer,
        required=True,
        aliases=("Повысили отметку", "Повысили (Отм. > Отм. по журналу)", "Отметка выше"),
    ),
)

SOCIAL = _indicator(
    "social",
    "Социальные показатели",
    SocialIndicator,
    (),
    _PUPILS,
    ColumnSpec(
        "parents_higher_education_share",
        "Доля детей, оба родителя которых имеют высшее образование",
        ColumnType.share,
        aliases=("Доля родителей с высшим образованием", "Оба родителя с высшим образованием"),
    ),
    ColumnSpec(
        "unemployed_parents_share",
        "Доля детей с неработающими родителями",
        ColumnType.share,
        aliases=("Доля безработных родителей", "Неработающие родители", "Доля детей с безработными родителями"),
    ),
    ColumnSpec(
        "deviant_behaviour_share",
        "Доля обучающихся с девиантным поведением",
        ColumnType.share,
        aliases=("Девиантное поведение", "Доля детей с девиантным поведением"),
    ),
    ColumnSpec(
        "non_native_russian_share",
        "Доля обучающихся, для которых русский язык не родной",
        ColumnType.share,
        aliases=(
            "Доля обучающихся, для которых русский язык не является родным",
            "Русский язык не родной",
            "Неродной русский язык",
        ),
    ),
)

STAFFING = _indicator(
    "staffing",
    "Кадровые показатели",
    StaffingIndicator,
    (),
    ColumnSpec(
        "teachers",
        "Количество педагогов",
        ColumnType.integer,
        aliases=(
            "Число педагогических работников",
            "Численность педагогических работников",
            "Педагогов",
            "Учителей",
            "Кол-во педагогов",
        ),
    ),
    ColumnSpec("vacancies", "Количество вакансий", ColumnType.integer, aliases=("Вакансии", "Вакансий")),
    ColumnSpec(
        "teachers_over_60_share",
        "Доля педагогов старше 60 лет",
        ColumnType.share,
        aliases=("Педагоги старше 60 лет", "Доля учителей старше 60 лет"),
    ),
    ColumnSpec(
        "teachers_higher_category_share",
        "Доля педагогов высшей категории",
        ColumnType.share,
        aliases=("Доля педагогов с высшей квалификационной категорией", "Высшая категория"),
    ),
)

OLYMPIAD = _indicator(
    "olympiad",
    "Участие в олимпиадах",
    OlympiadParticipation,
    (),
    _PUPILS,
    ColumnSpec(
        "participants_regional",
        "Участники регионального этапа",
        ColumnType.integer,
        aliases=("Участников регионального этапа", "Региональный этап", "Участники региональных олимпиад"),
    ),
    ColumnSpec(
        "participants_all_russian",
        "Участники заключительного этапа",
        ColumnType.integer,
        aliases=(
            "Участников заключительного этапа",
            "Заключительный этап",
            "Всероссийский этап",
            "Участники всероссийских олимпиад",
        ),
    ),
)

RISK_PROFILE = _indicator(
    "risk_profile",
    "Рисковый профиль «500+»",
    RiskLevel,
    ("factor",),
    ColumnSpec(
        "factor",
        "Фактор риска",
        ColumnType.risk_factor,
        required=True,
        aliases=("Риск", "Номер фактора", "Номер риска", "Фактор", "Рисковый фактор"),
    ),
    ColumnSpec("level", "Уровень риска", ColumnType.risk_level, required=True, aliases=("Уровень", "Значимость риска")),
)

MEASURES = _indicator(
    "indicator_values",
    "Показатели школ (произвольные)",
    MeasureValue,
    ("measure",),
    ColumnSpec(
        "measure",
        "Показатель",
        ColumnType.code,
        required=True,
        aliases=("Код показателя", "Индекс", "Наименование показателя"),
        max_length=60,
    ),
    ColumnSpec("value", "Значение", ColumnType.number, required=True, aliases=("Значение показателя", "Величина")),
    ColumnSpec("unit", "Единица измерения", ColumnType.text, aliases=("Ед. изм.", "Единица"), max_length=40),
    ColumnSpec(
        "direction",
        "Направление",
        ColumnType.direction,
        aliases=("Что лучше", "Лучше", "Направление показателя"),
    ),
)

_MUNICIPALITY_CODE = ColumnSpec(
    "municipality_code",
    "Код муниципалитета",
    ColumnType.code,
    required=True,
    aliases=("Код МО", "Код муниципального образования", "Муниципалитет (код)"),
    max_length=20,
)

MUNICIPALITIES = KindSpec(
    name="municipalities",
    label="Муниципалитеты",
    group=KindGroup.registry,
    model=Municipality,
    columns=(
        ColumnSpec("code", "Код", ColumnType.code, required=True, aliases=_MUNICIPALITY_CODE.aliases, max_length=20),
        ColumnSpec("region_code", "Код региона", ColumnType.code, required=True, aliases=("Регион",), max_length=20),
        ColumnSpec(
            "name",
            "Наименование",
            ColumnType.text,
            required=True,
            aliases=("Название", "Муниципалитет", "Муниципальное образование", "Наименование МО"),
            max_length=300,
        ),
        ColumnSpec("kind", "Тип", ColumnType.text, aliases=("Вид", "Тип МО"), max_length=40),
    ),
    key=("code",),
    identifiers=("code",),
)

SETTLEMENTS = KindSpec(
    name="settlements",
    label="Населённые пункты",
    group=KindGroup.registry,
    model=Settlement,
    columns=(
        ColumnSpec(
            "code", "Код", ColumnType.code, required=True, aliases=("Код населённого пункта", "Код НП"), max_length=30
        ),
        _MUNICIPALITY_CODE,
        ColumnSpec(
            "name",
            "Наименование",
            ColumnType.text,
            required=True,
            aliases=("Название", "Населённый пункт", "Наименование населённого пункта"),
            max_length=300,
        ),
        ColumnSpec("kind", "Тип", ColumnType.text, aliases=("Тип населённого пункта", "Вид"), max_length=40),
        ColumnSpec(
            "rural", "Сельский", ColumnType.boolean, aliases=("Сельская местность", "Сельский населённый пункт")
        ),
        ColumnSpec("hard_to_reach", "Труднодоступный", ColumnType.boolean, aliases=("Труднодоступная местность",)),
        ColumnSpec(
            "unemployment_share",
            "Уровень безработицы",
            ColumnType.share,
            aliases=("Доля безработных", "Безработица"),
        ),
    ),
    key=("code",),
    identifiers=("code",),
)

SCHOOLS = KindSpec(
    name="schools",
    label="Школы",
    group=KindGroup.registry,
    model=School,
    columns=(
        _SCHOOL_CODE,
        _MUNICIPALITY_CODE,
        ColumnSpec("settlement_code", "Код населённого пункта", ColumnType.code, aliases=("Код НП",), max_length=30),
        ColumnSpec(
            "full_name",
            "Полное наименование",
            ColumnType.text,
            required=True,
            aliases=("Полное наименование ОО", "Наименование ОО", "Наименование"),
            max_length=500,
        ),
        ColumnSpec(
            "short_name",
            "Краткое наименование",
            ColumnType.text,
            required=True,
            aliases=("Краткое наименование ОО", "Сокращённое наименование", "Сокращённое наименование ОО"),
            max_length=300,
        ),
        ColumnSpec(
            "aliases",
            "Варианты названия",
            ColumnType.text_list,
            aliases=("Другие названия", "Синонимы", "Прежние названия"),
        ),
        ColumnSpec(
            "legal_form", "Организационно-правовая форма", ColumnType.text, aliases=("ОПФ", "Форма"), max_length=20
        ),
        ColumnSpec("kind", "Вид", ColumnType.text, aliases=("Тип ОО", "Тип", "Вид ОО"), max_length=40),
        ColumnSpec("rural", "Сельская", ColumnType.boolean, aliases=("Сельская школа", "Сельская местность")),
        ColumnSpec("small", "Малокомплектная", ColumnType.boolean, aliases=("Малокомплектная школа",)),
        ColumnSpec("roles", "Роли", ColumnType.text_list, aliases=("Статус", "Роль")),
        _PUPILS,
        ColumnSpec("teachers", "Количество педагогов", ColumnType.integer, aliases=("Педагогов", "Кол-во педагогов")),
    ),
    key=("school_code",),
    identifiers=("school_code",),
)

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        MUNICIPALITIES,
        SETTLEMENTS,
        SCHOOLS,
        RESULTS,
        VPR_OBJECTIVITY,
        SOCIAL,
        STAFFING,
        OLYMPIAD,
        RISK_PROFILE,
        MEASURES,
    )
}

MUNICIPALITY_KINDS: dict[str, str] = {
    "городской округ": "urban_district",
    "муниципальный район": "municipal_district",
    "муниципальный округ": "municipal_okrug",
}
