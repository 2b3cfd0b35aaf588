"""The expected-result parser: the forms of domain.md and the seed plans, and that no text makes it raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.roadmap.schedules.targets import Change, Comparator, Target, _parse, parse_targets

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

GE, LE, EQ, GT, LT = (
    Comparator.at_least,
    Comparator.at_most,
    Comparator.exactly,
    Comparator.more_than,
    Comparator.less_than,
)
Row = tuple[Comparator, float, str, str | None]

# (text, [(comparator, value, unit, per)])
FORMS: list[tuple[str, list[Row]]] = [
    ("не менее 2 школ", [(GE, 2, "школа", None)]),
    ("не менее 5 человек от школы", [(GE, 5, "человек", "школа")]),
    ("100%", [(EQ, 100, "%", None)]),
    ("1 пакет", [(EQ, 1, "пакет", None)]),
    ("не более 10 %", [(LE, 10, "%", None)]),
    ("до 3 мероприятий", [(LE, 3, "мероприятие", None)]),
    ("≥ 80 %", [(GE, 80, "%", None)]),
    ("> 80%", [(GT, 80, "%", None)]),
    ("менее 5 % обучающихся", [(LT, 5, "%", None)]),
    ("охват 100 % педагогов", [(EQ, 100, "%", None)]),
    ("не менее 90% обучающихся", [(GE, 90, "%", None)]),
    ("два семинара", [(EQ, 2, "семинар", None)]),
    ("не менее трех консультаций", [(GE, 3, "консультация", None)]),
    ("доля учителей 80 % и более", [(GE, 80, "%", None)]),
    ("от 5 до 10 человек", [(GE, 5, "человек", None), (LE, 10, "человек", None)]),
    ("2,5 % выпускников", [(EQ, 2.5, "%", None)]),
    # seed 004, «Прогнозируемый результат (количественные характеристики результата)»
    (
        "Проведено обучение не менее 5-ти человек от каждой школы (общее количество не менее 50 человек)",
        [(GE, 5, "человек", "школа"), (GE, 50, "человек", None)],
    ),
    (
        "Проведен 1 межмуниципальный семинар, не менее 40 участников, не менее 2 районов",
        [(EQ, 1, "семинар", None), (GE, 40, "участник", None), (GE, 2, "район", None)],
    ),
    ("Разработан 1 пакет нормативных актов, обеспечивающих реализацию концепции", [(EQ, 1, "пакет", None)]),
    ("Идентифицирована 1 группа школ с низкими результатами обучения", [(EQ, 1, "группа", None)]),
    ("Проведено не менее 4 мероприятий по обмену опытом", [(GE, 4, "мероприятие", None)]),
    (
        "Проведено не менее 1 мероприятия на базе каждой организации, вошедшей в муниципальную программу",
        [(GE, 1, "мероприятие", "школа")],
    ),
    ("Проведены не менее 1 консультации для каждой школы – участника проекта", [(GE, 1, "консультация", "школа")]),
    ("Организованы объединения педагогов в 100% школ, включенных в программу", [(EQ, 100, "%", None)]),
    (
        "В каждой общеобразовательной организации, включенной в 2020 г. в муниципальную программу, "
        "разработана 1 школьная программа повышения качества образования",
        [(EQ, 1, "программа", "школа")],
    ),
    ("Подготовлены консультанты в не менее 50% школах", [(GE, 50, "%", None)]),
    ("Создана инфраструктура в 60% общеобразовательных организаций", [(EQ, 60, "%", None)]),
    ("Введены должности в 2 общеобразовательные организации", [(EQ, 2, "школа", None)]),
    ("Заключено не менее 2 партнерских договоров.", [(GE, 2, "договор", None)]),
    (
        "Разработана и реализована 1 программа мониторинга. Сформирован 1 аналитический отчет по каждому этапу.",
        [(EQ, 1, "программа", None), (EQ, 1, "отчёт", None)],
    ),
    (
        "Разработан 1 пакет пакета нормативных правовых актов, обеспечивающих реализацию программ в 2021 г.",
        [(EQ, 1, "пакет", None)],
    ),
    ("не менее 32 часов", [(GE, 32, "час", None)]),
    # no targets: years, dates, document numbers, grades, bare numbers
    ("Проведена информационная сессия. 1", []),
    ("выпускников 9 и 11 классов", []),
    ("протокол № 5 от 25.05.2020", []),
    ("в течение 2021-2023 гг.", []),
    ("Сформирован список образовательных организаций", []),
    ("", []),
    # round 3: words before the unit, per «на»/«для каждой ШНОР», «не менее чем в», verbs of change
    ("2 приказа", [(EQ, 2, "приказ", None)]),
    ("не менее 3 (трёх) методических разработок", [(GE, 3, "разработка", None)]),
    ("не менее 1 наставника на школу", [(GE, 1, "наставник", "школа")]),
    ("не менее 2-х мероприятий для каждой ШНОР", [(GE, 2, "мероприятие", "школа")]),
    ("Положительная динамика результатов не менее чем в 80 % ОО", [(GE, 80, "%", None)]),
    ("повысить долю на 10 процентных пунктов", [(GE, 10, "п.п.", None)]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[f[0][:40] or "blank" for f in FORMS])
def test_forms(text: str, expected: list[Row]) -> None:
    targets = parse_targets(text)
    assert [(t.comparator, t.value, t.unit, t.per) for t in targets] == expected
    assert all(t.text and t.text in text for t in targets)


def test_percent_keeps_what_it_counts() -> None:
    assert [t.of for t in parse_targets("охват 100 % педагогов, не менее 90% обучающихся, 100% школ")] == [
        "педагог",
        "обучающийся",
        "школа",
    ]


def test_fragment_text() -> None:
    [target] = parse_targets("Проведено обучение не менее 5-ти человек от каждой школы")
    assert target.text == "не менее 5-ти человек от каждой школы"


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit", "change", "baseline"),
    [
        ("Повышение качества знаний с 45% до 55%", GE, 55, "%", None, 45),
        ("Снижение доли неуспевающих с 12 до 8 %", LE, 8, "%", None, 12),
        ("Повышение доли обучающихся, выполнивших ВПР на 4 и 5, до 60 процентов", GE, 60, "%", None, None),
        ("Снижение доли неуспевающих до 5 %", LE, 5, "%", None, None),
        ("Увеличение охвата дополнительным образованием на 15%", GE, 15, "%", Change.increase, None),
        ("Сокращение доли отметок «2» на 3 %", GE, 3, "%", Change.decrease, None),
        ("Рост среднего балла ОГЭ по математике на 2 балла", GE, 2, "балл", Change.increase, None),
        ("Количество проведённых мероприятий — не менее 4", GE, 4, "мероприятие", None, None),
        ("Число участников: не более 30", LE, 30, "участник", None, None),
        ("Снижение доли неуспевающих не менее чем на 10 процентных пунктов", GE, 10, "п.п.", Change.decrease, None),
        ("Рост доли отличников на 3 п.п.", GE, 3, "п.п.", Change.increase, None),
        ("Средний балл ОГЭ по математике — не менее 3,5", GE, 3.5, "балл", None, None),
        ("Проведено не менее 2 педагогических советов", GE, 2, "совет", None, None),
        ("Разработано 3 методических рекомендации", EQ, 3, "рекомендация", None, None),
        ("Охват горячим питанием 100 % обучающихся 1-4 классов", EQ, 100, "%", None, None),
    ],
)
def test_a_change_a_baseline_and_a_counted_noun(
    text: str, comparator: Comparator, value: float, unit: str, change: Change | None, baseline: float | None
) -> None:
    """«с 45 % до 55 %» targets 55 (at least, as it rises), «до 60 %» after «повышение» is at least 60, «на 15 %»
    after «увеличение» is a change; «Количество мероприятий — не менее 4» counts мероприятия."""
    [target] = parse_targets(text)
    assert (target.comparator, target.value, target.unit) == (comparator, value, unit)
    assert (target.change, target.baseline) == (change, baseline)
    assert target.text in text


def test_a_threshold_after_na_is_no_change() -> None:
    """«сдавших ЕГЭ на 80 баллов и выше» is who is counted; «на 5 %» after «Увеличение» is the change."""
    first, second = parse_targets("Увеличение доли выпускников, сдавших ЕГЭ на 80 баллов и выше, на 5%")
    assert (first.comparator, first.value, first.unit, first.change) == (GE, 80, "балл", None)
    assert (second.comparator, second.value, second.unit, second.change) == (GE, 5, "%", Change.increase)


def test_a_bare_number_after_a_comparator_without_a_counted_noun_is_no_target() -> None:
    assert parse_targets("Результат — не менее 4") == []


def test_none() -> None:
    assert parse_targets(None) == []


VOCABULARY = [
    "не менее", "не более", "до", "от", "≥", "<=", ">", "%", "процентов", "1", "2", "5-ти", "100", "2,5", "2021",
    "г.", "школ", "человек", "от школы", "каждой", "в каждой ОО", "педагогов", "обучающихся", "пакет", "два",
    "и более", "№", "25.05.2020", "-", ",", ".", "(", ")", "межмуниципальный", "семинар", "организаций",
    "общеобразовательных", "классов", "9", "", "ё", "Ё", "с", "на", "повышение", "снижение", "Увеличение",
    "Количество", "число", "мероприятий", "и выше", "баллов", "процентных пунктов", "п.п.", "Средний балл",
    "1-4", "советов", "рекомендации",
]  # fmt: skip


def _check(targets: list[Target], text: str) -> None:
    for target in targets:
        Target.model_validate(target.model_dump())
        assert target.text in text
        assert target.unit


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    _check(_parse(text), text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=14).map(" ".join))
def test_vocabulary_mixes_never_raise(text: str) -> None:
    _check(_parse(text), text)


@pytest.mark.parametrize(
    ("text", "of", "change"),
    [
        ("уменьшение на 20% количества обучающихся, получивших «2»", "обучающийся", Change.decrease),
        ("не менее 50 % от общего числа педагогов", "педагог", None),
        ("Положительная динамика результатов не менее чем в 80 % ОО", "школа", None),
        ("повысить долю на 10 процентных пунктов", None, Change.increase),
        ("Снизить долю неуспевающих на 5 %", None, Change.decrease),
    ],
)
def test_what_a_share_counts_and_its_change(text: str, of: str | None, change: Change | None) -> None:
    [target] = parse_targets(text)
    assert (target.of, target.change) == (of, change)


def test_a_base_for_an_event_is_not_a_per() -> None:
    assert parse_targets("1 семинар на базе школы")[0].per is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Не менее 1 раза в месяц", (GE, 1, "раз", "месяц")),
        ("2 раза в учебный год", (EQ, 2, "раз", "год")),
        ("не менее 1 мероприятия в четверть", (GE, 1, "мероприятие", "четверть")),
        ("не более 25 обучающихся в классе", (LE, 25, "обучающийся", "класс")),
    ],
)
def test_a_rate_is_per_its_period_or_class(text: str, expected: tuple[Comparator, float, str, str]) -> None:
    [target] = parse_targets(text)
    assert (target.comparator, target.value, target.unit, target.per) == expected


def test_a_factor_is_no_frequency() -> None:
    assert parse_targets("Рост числа участников конкурсов в 1,5 раза") == []
