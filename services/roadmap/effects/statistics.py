"""The stratified comparison of schools that completed a measure with comparable schools that did not.

Schools are put in strata by their risk category in year Y and the band of their starting share below the
minimum. Within each stratum that holds both kinds of school, the mean change of the share (Y → Y+1) of those
that completed the measure is compared with the mean change of those that did not; the strata's differences are
averaged with the number of completing schools as weights (so the figure speaks of the schools that did the
measure). The interval is a percentile bootstrap: both groups resampled within each stratum, a fixed seed, so the
same data always give the same answer. A comparison of few schools is reported as such and never as a finding.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads with the first comparison, not with the roadmap process (see `compare`)
    import numpy as np

MIN_SCHOOLS = 5
"""Fewer completing (or comparison) schools than this: the figure is shown, the verdict is «мало школ»."""
BANDS = (0.2, 0.4)
"""Bands of the starting share below the minimum: under 20 %, 20–40 %, 40 % and more."""
RESAMPLES = 2000
SEED = 20240901

METHOD = (
    "Стратифицированное сравнение. Школы, выполнившие меру, сравниваются со школами той же категории риска и "
    "с близкой исходной долей обучающихся ниже минимального порога (до 20 %, 20–40 %, 40 % и более), которые эту "
    "меру не выполняли. В каждой группе сравнивается среднее изменение доли ниже порога за год; разности "
    "усредняются с весом по числу школ, выполнивших меру. Интервал — 95 % бутстреп-интервал (2000 повторных "
    "выборок внутри групп, фиксированное начальное число). Отрицательная разность означает, что у выполнивших "
    "меру доля ниже порога снизилась сильнее. Это наблюдаемая связь, а не доказательство действия меры: школы "
    "могли различаться и в том, что не учтено. При числе школ меньше 5 в любой из сторон вывод не делается."
)


@dataclass(frozen=True)
class Observation:
    """One school: its stratum, the change of its key figure, whether it completed the measure."""

    school_code: str
    stratum: str
    change: float
    completed: bool


@dataclass(frozen=True)
class Comparison:
    effect: float | None
    low: float | None
    high: float | None
    completed: int
    comparison: int
    strata: int
    verdict: str


def stratum(category: str, fail_share: float) -> str:
    band = sum(fail_share >= edge for edge in BANDS)
    return f"{category}:{band}"


def _resampled_means(rng: np.random.Generator, values: np.ndarray, resamples: int) -> np.ndarray:
    """The mean of each of `resamples` draws with replacement, drawn all at once."""
    return values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)


def _verdict(completed: int, others: int, low: float, high: float) -> str:
    """Too few schools on either side is never a finding; otherwise the interval's side of zero."""
    if completed < MIN_SCHOOLS or others < MIN_SCHOOLS:
        return "too_few"
    if high < 0:
        return "lower"
    if low > 0:
        return "higher"
    return "no_difference"


def _interval(
    groups: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray, resamples: int, seed: int
) -> tuple[float, float]:
    """The 95 % percentile bootstrap interval of the weighted difference, resampling within each stratum."""
    import numpy as np

    rng = np.random.default_rng(seed)
    draws = np.zeros(resamples)
    for w, (done, other) in zip(weights, groups, strict=True):
        draws += w * (_resampled_means(rng, done, resamples) - _resampled_means(rng, other, resamples))
    draws /= weights.sum()
    low, high = (float(v) for v in np.percentile(draws, [2.5, 97.5]))
    return low, high


def compare(observations: list[Observation], resamples: int = RESAMPLES, seed: int = SEED) -> Comparison:
    """The weighted difference in change (completed − not), its bootstrap interval, and the schools behind it.

    numpy is imported here: only «Что работает» compares, and every roadmap process would pay its import."""
    import numpy as np

    by_stratum: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for o in observations:
        by_stratum[o.stratum][0 if o.completed else 1].append(o.change)
    groups = [(np.array(done), np.array(other)) for done, other in by_stratum.values() if done and other]
    completed = sum(len(done) for done, _ in groups)
    others = sum(len(other) for _, other in groups)
    if not groups:
        return Comparison(None, None, None, 0, 0, 0, "no_comparison")
    weights = np.array([len(done) for done, _ in groups], dtype=float)
    effect = float(sum(w * (done.mean() - other.mean()) for w, (done, other) in zip(weights, groups, strict=True)))
    effect /= weights.sum()
    low, high = _interval(groups, weights, resamples, seed)
    verdict = _verdict(completed, others, low, high)
    return Comparison(round(effect, 6), round(low, 6), round(high, 6), completed, others, len(groups), verdict)


VERDICT_LABELS = {
    "lower": "у выполнивших меру доля ниже порога снизилась сильнее (или выросла меньше), чем у сопоставимых школ",
    "higher": "у выполнивших меру доля ниже порога снизилась слабее (или выросла больше), чем у сопоставимых школ",
    "no_difference": "различие не отличимо от случайного",
    "too_few": "мало школ для вывода",
    "no_comparison": "нет сопоставимых школ для сравнения",
}
