"""The key figure of each rule: the one number that explains a decision, taken from the rule's stored figures,
and the Russian words for it. The note puts it next to the same figure's municipal and regional mean."""

from __future__ import annotations

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


def value_text(value: float | None, unit: FigureUnit) -> str:
    """A figure as a Russian document writes it: «35,5 %», «53,0», «−0,35», «3», «12,4 п. п.»."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{number_text(value * 100)} %"
    if unit == "points":
        return f"{number_text(value)} п. п."
    if unit == "index":
        return number_text(value, 2)
    if unit == "count":
        return number_text(value, 0)
    return number_text(value)
