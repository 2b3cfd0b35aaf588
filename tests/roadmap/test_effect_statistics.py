"""The stratified comparison with a bootstrap interval, on hand-computed numbers."""

from __future__ import annotations

import pytest

from services.roadmap.effects.statistics import METHOD, Observation, compare, stratum

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def _schools(prefix: str, layer: str, changes: list[float], completed: bool) -> list[Observation]:
    return [Observation(f"{prefix}{i}", layer, c, completed) for i, c in enumerate(changes)]


def test_a_planted_effect_is_found_and_covered() -> None:
    noise = [-0.02, 0.01, 0.0, 0.02, -0.01, 0.015, -0.015, 0.005]
    a, b = stratum("low_results", 0.1), stratum("low_results", 0.5)
    observations = (
        _schools("a", a, [n - 0.10 for n in noise], True)
        + _schools("c", a, [n + 0.0 for n in noise], False)
        + _schools("b", b, [n - 0.15 for n in noise[:4]], True)
        + _schools("d", b, [n - 0.05 for n in noise[:4]], False)
    )
    result = compare(observations)
    # by hand: stratum a −0.10 (8 completed), stratum b −0.10 (4 completed) → −0.10 whatever the weights
    assert result.effect is not None and abs(result.effect + 0.10) < 1e-9
    assert result.low is not None and result.high is not None and result.low <= -0.10 <= result.high < 0
    assert (result.completed, result.comparison, result.strata, result.verdict) == (12, 12, 2, "lower")
    assert compare(observations) == result  # a fixed seed: the same data, the same interval


def test_no_effect_is_no_difference_and_weights_follow_completed_schools() -> None:
    layer = stratum("risk_zone", 0.25)
    done = _schools("a", layer, [-0.05, 0.05, -0.03, 0.03, 0.0, 0.01], True)
    others = _schools("c", layer, [0.04, -0.04, 0.02, -0.02, 0.0, 0.0], False)
    result = compare(done + others)
    # by hand: mean(done) = 0.01/6, mean(others) = 0 → 0.001667
    assert result.effect is not None and abs(result.effect - 0.01 / 6) < 1e-6
    assert result.low is not None and result.high is not None and result.low < 0 < result.high
    assert result.verdict == "no_difference"
    lonely = Observation("z", stratum("effective", 0.9), -0.5, True)  # a stratum with nobody to compare with
    assert compare([*done, *others, lonely]).completed == 6


def test_three_schools_are_too_few_to_say() -> None:
    layer = stratum("low_results", 0.3)
    observations = _schools("a", layer, [-0.2, -0.25, -0.3], True) + _schools("c", layer, [0.0] * 10, False)
    result = compare(observations)
    assert result.effect is not None and abs(result.effect + 0.25) < 1e-9
    assert (result.completed, result.verdict) == (3, "too_few")
    assert compare(_schools("a", layer, [-0.1], True)).verdict == "no_comparison"
    assert "не доказательство" in METHOD and "вызвал" not in METHOD
