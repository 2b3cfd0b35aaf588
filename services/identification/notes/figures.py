"""The key figure of each rule: the one number that explains a decision, taken from the rule's stored figures,
and the Russian words for it. The note puts it next to the same figure's municipal and regional mean."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from services.shared.contracts.identification_note import FigureUnit

Figures = list[dict[str, Any]]


def _values(figures: Figures, key: str) -> list[float]:
    return [float(f[key]) for f in figures if isinstance(f.get(key), int | float) and not isinstance(f[key], bool)]


def _largest(key: str) -> Callable[[Figures], float | None]:
    return lambda figures: max(_values(figures, key), default=None)


def _smallest(key: str) -> Callable[[Figures], float | None]:
    return lambda figures: min(_values(figures, key), default=None)


def _spread(figures: Figures) -> float | None:
    shares = _values(figures, "share")
    return (max(shares) - min(shares)) * 100 if len(shares) > 1 else None


@dataclass(frozen=True)
class KeyFigure:
    label: str
    unit: FigureUnit
    extract: Callable[[Figures], float | None]


KEY_FIGURES: dict[str, KeyFigure] = {
    "fail_share_30": KeyFigure("доля ниже минимального порога", "share", _largest("share")),
    "bottom_quartile": KeyFigure("средний результат, % от максимума", "score", _largest("composite")),
    "below_regional_mean": KeyFigure("наименьший средний результат, % от максимума", "score", _smallest("value")),
    "olympiad_share": KeyFigure("доля участников олимпиад", "share", _largest("share")),
    "social_index_bottom_quartile": KeyFigure("индекс социального благополучия", "index", _largest("index")),
    "hard_to_reach": KeyFigure("труднодоступный населённый пункт", "flag", lambda figures: None),
    "unemployment": KeyFigure("безработица в населённом пункте", "share", _largest("unemployment_share")),
    "unstable_results": KeyFigure("размах доли ниже порога за годы", "points", _spread),
    "near_threshold": KeyFigure("доля ниже минимального порога", "share", _largest("share")),
    "risk_count": KeyFigure("факторов риска «500+»", "count", _largest("count")),
}


def key_value(rule_id: str, outcome: dict[str, Any]) -> float | None:
    figure = KEY_FIGURES.get(rule_id)
    if figure is None or outcome.get("outcome") in (None, "disabled", "insufficient_data"):
        return None
    return figure.extract(outcome.get("figures") or [])


def mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def number_text(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",").replace("-", "−")


NBSP = "\u00a0"
"""Between a number and «%» or «п. п.», as the documents print them: the unit never starts a line."""


def value_text(value: float | None, unit: FigureUnit) -> str:
    """A figure as a Russian document writes it: «35,5 %», «53,0», «−0,35», «3», «12,4 п. п.» (a no-break space
    before the unit)."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{number_text(value * 100)}{NBSP}%"
    if unit == "points":
        return f"{number_text(value)}{NBSP}п.{NBSP}п."
    if unit == "index":
        return number_text(value, 2)
    if unit == "count":
        return number_text(value, 0)
    return number_text(value)


def in_sentence(label: str) -> str:
    """A rule's label inside a sentence, after a colon: «результаты вблизи порога», never «…: Результаты…»; a
    label opening with an abbreviation («ВПР …», «ИОР …») keeps its capitals."""
    return label[:1].lower() + label[1:] if label[1:2].islower() or label[1:2] == " " else label


_UNIT_AFTER_NUMBER = re.compile(r"(\d) (%|п\. ?п\.|балл)")


def no_break(text: str) -> str:
    """A rule's reason quoted in a note's sentence: a no-break space between a number and «%», «п. п.», «балл…»
    (and inside «п. п.»), as the figures around it are written."""
    return _UNIT_AFTER_NUMBER.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2).replace(' ', NBSP)}", text)


def in_year(school_year: str) -> str:
    """«в 2023-2024 учебном году»."""
    return f"в {school_year} учебном году"


def for_year(school_year: str) -> str:
    """«за 2024-2025 учебный год»."""
    return f"за {school_year} учебный год"


def figure_words(figure: KeyFigure) -> str:
    """What a key figure is, as a sentence names it before its value: «доля ниже минимального порога»; a count
    label that follows a number («факторов риска «500+»») becomes «число факторов риска «500+»»."""
    return f"число {figure.label}" if figure.unit == "count" and figure.label.startswith("факторов") else figure.label


def figure_said(label: str, figure: KeyFigure, value: str, *, dash: bool = False) -> str:
    """A key figure's value after its rule's label and a colon, with what the figure is («доля ниже минимального
    порога 25 %», `dash`: «… — 25 %»), but the value alone when the label names the figure already: «Низкий индекс
    социального благополучия: −0,35 …», never «…благополучия: индекс социального благополучия −0,35»."""
    words = figure_words(figure)
    if words.casefold() in label.casefold():
        return value
    return f"{words} {'— ' if dash else ''}{value}"


def change_text(
    label: str,
    figure: KeyFigure,
    was: float | None,
    now: dict[str, Any],
    now_value: float | None,
    years: tuple[str, str],
) -> str:
    """Why a rule no longer holds, in words a methodist reads: the label in the sentence's case, what the key
    figure is, its value a year before and now, each with its year; no figure now said in words — too little
    data, the rule not applying, or the rule's own reason of this year — never a bare dash.

    «результаты вблизи порога: доля ниже минимального порога — 20 % в 2023-2024 учебном году, в 2024-2025
    учебном году нет результатов с долей ниже минимального порога не менее 20 %, но меньше 30 %…»."""
    before, after = years
    outcome, reason = now.get("outcome"), str(now.get("reason") or "").strip()
    if outcome == "insufficient_data":
        current = f"недостаточно данных {for_year(after)}"
    elif now_value is not None:
        current = f"{value_text(now_value, figure.unit)} {in_year(after)}"
    elif outcome == "not_applicable":
        current = f"{in_year(after)} правило к школе не применяется"
    elif outcome in (None, "disabled"):
        current = f"{in_year(after)} правило не применялось"
    elif reason:
        current = f"{in_year(after)} {no_break(in_sentence(reason))}"
    else:
        current = f"нет данных {for_year(after)}"
    if was is None:
        return f"{in_sentence(label)}: {current}"
    was_text = f"{value_text(was, figure.unit)} {in_year(before)}"
    return f"{in_sentence(label)}: {figure_said(label, figure, was_text, dash=True)}, {current}"
