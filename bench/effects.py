"""Speed of «Что работает»'s comparison: `compare` with its bootstrap over regions of growing size.

    .venv/bin/python -m bench.effects [--measures 30]

For 100, 1 000 and 5 000 listed schools in 6 strata (half completing the measure), times one comparison (2 000
bootstrap resamples) and the whole screen's worth (`measures` comparisons). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from services.roadmap.effects.statistics import Observation, compare, stratum


def region(schools: int, seed: int = 1) -> list[Observation]:
    rng = np.random.default_rng(seed)
    categories = ("low_results", "risk_zone")
    return [
        Observation(
            f"s{i}",
            stratum(categories[i % 2], float(rng.uniform(0, 0.6))),
            float(rng.normal(-0.05 if i % 3 == 0 else 0.0, 0.05)),
            i % 3 == 0,
        )
        for i in range(schools)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=30)
    args = parser.parse_args()
    for schools in (100, 1000, 5000):
        observations = region(schools)
        started = time.perf_counter()
        result = compare(observations)
        one = (time.perf_counter() - started) * 1000
        print(
            f"{schools:>5} школ: одно сравнение {one:7.1f} мс, экран из {args.measures} мер ≈ "
            f"{one * args.measures / 1000:5.1f} с; разность {result.effect:+.4f} "
            f"[{result.low:+.4f}; {result.high:+.4f}], {result.verdict}"
        )


if __name__ == "__main__":
    main()
