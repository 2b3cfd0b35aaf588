"""Identification engine speed: `evaluate()` against a bare pandas computation of `fail_share_30` alone.

    .venv/bin/python -m bench.identification [--sizes 1000,10000,40000]

For each size the demo region is generated (`generate(seed=2024, schools=n)`, three school years), then
timed, best of three: the bare pandas `fail_share_30` (`bare`: filter, share per row, any per school, year
and procedure, then the two conditions; `lean`: the same keeping only the rows over the threshold before
grouping), `evaluate()` with the default methodology, and `list(outcomes())`. `ratio` is evaluate / bare,
`/lean` evaluate / lean. Prints whether the engine's `fail_share_30` schools equal the bare ones.

The second table is the service end to end, on a fresh migrated database (SQLite in a temporary directory, or
a fresh PostgreSQL database with `--postgres`): the registry is loaded, the indicator frames are imported through
the import pipeline (`import rows/s`: validation, school matching, diff and bulk writes), and one identification
run of the whole region is computed and stored through `RunService` (`run`: reading the frames from the
database, `evaluate()`, the explanations, and writing the snapshot). `run/bare` compares it with the bare
pandas `fail_share_30` on the in-memory frame. `statuses` and `agreed` time the second page (50) of
`/school-statuses?category=low_results` and of `/agreed-list?q=школа` after approving the run (SQL: the status
of each school chosen by a window function, filtered and paginated with its total). `--no-service` skips it.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from bench.identification_service import service_figures
from services.identification.demo.generator import DemoRegion, generate
from services.identification.methodology.engine import engine_input_from_demo, evaluate
from services.identification.methodology.explain import iter_outcomes
from services.identification.methodology.rules import default_rules
from services.identification.vocabulary import shift_school_year

SEED = 2024
SCHOOL_YEAR = "2023-2024"
REPEATS = 3


def _fail_rows(results: pd.DataFrame) -> pd.DataFrame:
    return results[
        results["subject"].isin(["russian", "mathematics", "mathematics_basic", "mathematics_profile"])
        & results["procedure"].isin(["ВПР", "ОГЭ", "ЕГЭ"])
        & (results["participants"] >= 5)
    ]


def _two_procedures_or_two_years(over: pd.DataFrame, school_year: str) -> set[str]:
    """Schools with ≥ 2 procedures over the threshold in `school_year` or one procedure in it and the year before."""
    now = over[over["school_year"] == school_year]
    before = over[over["school_year"] == shift_school_year(school_year, -1)]
    procedures = now.groupby("school_code")["procedure"].nunique()
    two_procedures = set(procedures[procedures >= 2].index)
    two_years = set(now.merge(before, on=["school_code", "procedure"])["school_code"])
    return two_procedures | two_years


def bare_fail_share(results: pd.DataFrame, school_year: str = SCHOOL_YEAR) -> set[str]:
    """`fail_share_30` with the default parameters, the straightforward pandas way (the baseline): filter
    the subjects and procedures, the share per row, per (school, year, procedure) whether any row is over
    the threshold, then two procedures in the year or the same procedure in two consecutive years."""
    rows = _fail_rows(results)
    rows = rows.assign(over=rows["below_min"] / rows["participants"] >= 0.30)
    per_procedure = rows.groupby(["school_code", "school_year", "procedure"], observed=True)["over"].any()
    over = per_procedure[per_procedure].reset_index()
    return _two_procedures_or_two_years(over, school_year)


def lean_fail_share(results: pd.DataFrame, school_year: str = SCHOOL_YEAR) -> set[str]:
    """The same, hand-tuned: keep only the rows over the threshold before grouping (a stricter baseline)."""
    rows = _fail_rows(results)
    rows = rows[rows["below_min"] / rows["participants"] >= 0.30]
    over = rows[["school_code", "school_year", "procedure"]].drop_duplicates()
    return _two_procedures_or_two_years(over, school_year)


def _best(function: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall time of `REPEATS` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def engine_figures(region: DemoRegion) -> dict[str, Any]:
    """Timings of the engine on one generated region, and whether it agrees with the bare computation."""
    data = engine_input_from_demo(region)
    rules = default_rules()
    bare_seconds, bare = _best(lambda: bare_fail_share(data.results))
    lean_seconds, lean = _best(lambda: lean_fail_share(data.results))
    evaluate_seconds, evaluation = _best(lambda: evaluate(data, rules, SCHOOL_YEAR))
    outcomes_seconds, outcomes = _best(lambda: list(iter_outcomes(evaluation)))
    table = evaluation.table
    engine = set(table.index[table["outcome_fail_share_30"] == "fired"])
    return {
        "schools": len(data.schools),
        "result_rows": len(data.results),
        "bare_seconds": bare_seconds,
        "lean_seconds": lean_seconds,
        "evaluate_seconds": evaluate_seconds,
        "ratio": evaluate_seconds / bare_seconds,
        "lean_ratio": evaluate_seconds / lean_seconds,
        "outcomes_seconds": outcomes_seconds,
        "outcomes": len(outcomes),
        "fail_share_schools": len(engine),
        "same_as_bare": engine == bare == lean,
        "only_engine": len(engine - bare),
        "only_bare": len(bare - engine),
    }


def _row(figures: dict[str, Any]) -> str:
    same = "yes" if figures["same_as_bare"] else f"NO (+{figures['only_engine']} / -{figures['only_bare']})"
    return (
        f"{figures['schools']:>8} {figures['result_rows']:>12} {figures['bare_seconds']:>7.3f} "
        f"{figures['lean_seconds']:>7.3f} {figures['evaluate_seconds']:>9.3f} {figures['ratio']:>6.2f} "
        f"{figures['lean_ratio']:>6.2f} {figures['outcomes_seconds']:>9.3f} "
        f"{figures['evaluate_seconds'] + figures['outcomes_seconds']:>9.3f} {figures['fail_share_schools']:>8} {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,40000", help="comma-separated numbers of schools")
    parser.add_argument("--no-service", action="store_true", help="only the engine, not the service end to end")
    parser.add_argument("--postgres", action="store_true", help="the service on PostgreSQL (OPORA_TEST_POSTGRES)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    print(f"seed {SEED}, school year {SCHOOL_YEAR}, best of {REPEATS}; seconds")
    print(
        f"{'schools':>8} {'result rows':>12} {'bare':>7} {'lean':>7} {'evaluate':>9} {'ratio':>6} {'/lean':>6} "
        f"{'outcomes':>9} {'total':>9} {'fail 30%':>8} same set"
    )
    regions = {}
    bare = {}
    for size in sizes:
        regions[size] = generate(seed=SEED, schools=size)
        figures = engine_figures(regions[size])
        bare[size] = figures["bare_seconds"]
        print(_row(figures), flush=True)
    if args.no_service:
        return
    print(f"\nservice end to end on {'PostgreSQL' if args.postgres else 'SQLite'}; seconds")
    print(
        f"{'schools':>8} {'rows':>10} {'import':>8} {'rows/s':>9} {'run':>7} {'run/bare':>9} "
        f"{'statuses':>9} {'agreed':>7}"
    )
    for size, region in regions.items():
        service = service_figures(region, SCHOOL_YEAR, postgres=args.postgres)
        print(
            f"{size:>8} {service['indicator_rows']:>10} {service['import_seconds']:>8.2f} "
            f"{service['import_rows_per_second']:>9.0f} {service['run_seconds']:>7.2f} "
            f"{service['run_seconds'] / bare[size]:>9.1f} {service['statuses_page_seconds']:>9.3f} "
            f"{service['agreed_page_seconds']:>7.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
