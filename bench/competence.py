"""Speed of the «5К» arithmetic: every teacher's percent and level per competence and overall, per rater, and
the self-against-others gap, as `GET /competence/campaigns/{id}/results` computes them.

    .venv/bin/python -m bench.competence [--teachers 2000]

Scores are random (fixed seed) from three raters, one in ten teachers missing a rater; best of three runs;
prints teachers per second. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import time

from services.identification.competence.card import FIVE_K, others_mean, percent

RATERS = [r.code for r in FIVE_K.raters]


def sheets(teachers: int) -> list[dict[str, dict[str, int]]]:
    generator = random.Random(18)
    codes = FIVE_K.criterion_codes()
    made = []
    for index in range(teachers):
        raters = RATERS[:-1] if index % 10 == 0 else RATERS
        made.append({r: {c: generator.choice((0, 1, 2)) for c in codes} for r in raters})
    return made


def evaluate(scores: dict[str, dict[str, int]]) -> None:
    groups = [[k.code for k in c.criteria] for c in FIVE_K.competences] + [FIVE_K.criterion_codes()]
    for criteria in groups:
        value = percent(scores, criteria, FIVE_K.maximum)
        if value is not None:
            FIVE_K.level(value)
        for rater in RATERS:
            percent(scores, criteria, FIVE_K.maximum, [rater])
        others_mean(scores, criteria, FIVE_K.maximum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=2000)
    arguments = parser.parse_args()
    data = sheets(arguments.teachers)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for scores in data:
            evaluate(scores)
        best = min(best, time.perf_counter() - started)
    rate = arguments.teachers / best
    print(f"«5К» results: {arguments.teachers} teachers in {best * 1000:.0f} ms, {rate:.0f} teachers/s")


if __name__ == "__main__":
    main()
