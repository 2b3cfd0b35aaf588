"""Speed of the roadmap's free-text readers: `parse_schedule` and `parse_targets` over the seed forms.

    .venv/bin/python -m bench.roadmap_parser [--repeats 200]

Every deadline and expected-result text seen in the seed orders (000–004) is parsed `repeats` times, best
of three runs; prints parses per second for each parser. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

from services.roadmap.schedules.parser import parse_schedule
from services.roadmap.schedules.targets import parse_targets

SCHOOL_YEAR = "2022-2023"
REPEATS = 200

DEADLINES: tuple[str, ...] = (
    "25.05.2020",
    "в срок до 20 мая 2020 года",
    "в срок до 10 июня 2020 года",
    "до января 2021 года",
    "Сентябрь",
    "Апрель",
    "Июнь ",
    "август 2020г",
    "Август 2020 года",
    "Август 2022г.",
    "Июнь – июль 2022 г.",
    "Июнь – август 2022г.",
    "Сентябрь – октябрь",
    "Сентябрь – октябрь 2022г.",
    "Август – сентябрь 2022г.",
    "январь – февраль 2021 г.",
    "март 2021 г. – декабрь 2021 г.",
    "апрель - май 2021г.",
    "Апрель - май",
    "май-октябрь",
    "Май - декабрь",
    "в период с мая по август 2020 года",
    "Сентябрь – октябрь 2022 г. Февраль 2023г.",
    "Август 2022 г. Декабрь 2022г. Март 2023 г.",
    "Декабрь 2022 г. Апрель 2023г.",
    "Ноябрь 2022 г. Март 2023 г.",
    "февраль 2021 г. май 2021 г. сентябрь 2021г.",
    "февраль 2021 г. май 2021 г. сентябрь 2021г. октябрь 2021 г.",
    "июнь 2021 г. сентябрь 2021 г.",
    "март 2021 г. (входной), сентябрь 2021 г. (промежуточный), ноябрь 2021 г. (итоговый)",
    "Ежегодно",
    "Ежегодно, октябрь-март",
    "Ежегодно, сентябрь-март",
    "Ежегодно, ноябрь-декабрь",
    "Ежегодно, май, сентябрь",
    "Ежегодно (начало учебного года)",
    "Ежегодно, по графику проведения промежуточной аттестации",
    "Ежегодное (в течение 2021-2023 гг.)",
    "По полугодиям",
    "В конце каждого полугодия",
    "Периодически (проведение системного анализа, не менее 2 раз в год)",
    "По итогам четверти",
    "ежемесячно",
    "1 раз в три года",
    "В течение года",
    "В течение всего периода",
    "В течение срока действия программы",
    "В течение 2022 года",
    "В течение 2022-2023 уч.года",
    "в течение 2021-2023 гг.",
    "2022 г.",
    "По запросу школ с низкими результатами обучения",
    "По отдельному графику",
    "По результатам реализации программ",
    "В соответствии с запросом",
    "В соответствии с нормативными документами и МОКК",
    "01.09.2022г.",
    "",
)

EXPECTED_RESULTS: tuple[str, ...] = (
    "не менее 2 школ",
    "не менее 5 человек от школы",
    "100%",
    "1 пакет",
    "Разработана 1 муниципальная концепция (модель) поддержки школ с низкими результатами обучения",
    "Разработан 1 пакет нормативных актов, обеспечивающих реализацию концепции",
    "Проведено не менее 4 мероприятий по обмену опытом между общеобразовательными организациями",
    "Отобрано не менее 2 школ",
    "Проведено не менее 1 мероприятия на базе каждой организации, вошедшей в муниципальную программу",
    "Разработана и реализована 1 программа мониторинга. Сформирован 1 аналитический отчет по каждому этапу.",
    "Проведено обучение не менее 5-ти человек от каждой школы (общее количество не менее 50 человек)",
    "Организованы объединения педагогов в 100% школ, включенных в муниципальную программу",
    "Проведены не менее 1 консультации для каждой школы – участника проекта",
    "Подготовлены консультанты в не менее 50% школах",
    "Создана инфраструктура в 60% общеобразовательных организаций",
    "Заключено не менее 2 партнерских договоров.",
    "Введены должности в 2 общеобразовательные организации",
    "Проведен 1 межмуниципальный семинар, не менее 40 участников, не менее 2 районов",
    "Сформирован список образовательных организаций, показавших низкие результаты обучения",
    "Охват – не менее 50% школ, включенных в проект, ежегодно.",
)


def _rate(parse: Callable[[str], Any], texts: Sequence[str], repeats: int) -> float:
    """Parses per second, best of three runs of `repeats` passes over `texts`."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeats):
            for text in texts:
                parse(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) * repeats / best


def parser_figures(repeats: int = REPEATS) -> dict[str, float]:
    """Parses per second of each reader over the seed forms, printed and returned."""
    figures = {
        "parse_schedule": _rate(lambda text: parse_schedule(text, SCHOOL_YEAR), DEADLINES, repeats),
        "parse_targets": _rate(parse_targets, EXPECTED_RESULTS, repeats),
    }
    forms = {"parse_schedule": len(DEADLINES), "parse_targets": len(EXPECTED_RESULTS)}
    print(f"{'parser':<16} {'forms':>6} {'parses/s':>10}")
    for name, rate in figures.items():
        print(f"{name:<16} {forms[name]:>6} {rate:>10,.0f}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="passes over the forms per run")
    parser_figures(parser.parse_args().repeats)


if __name__ == "__main__":
    main()
