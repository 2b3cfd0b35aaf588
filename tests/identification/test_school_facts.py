"""`explain.school_facts()` yields, byte for byte, what it yielded before it was made fast: every school's row
of the run's table and its facts (keys, their order, values, float representation), so the reasons built
from them read word for word the same.

The fixture holds the orjson of every school's outcome of a generated region (seed 11, 600 schools) under
several methodologies and school years that take the explainers' branches (rules off, not applicable,
indicator rules, pooled grades, the earliest years, a territory of part of the region); it was written by the
per-school code (`python -m tests.identification.test_school_facts`). Pure: no database, no HTTP.
"""

from __future__ import annotations

import dataclasses
import gzip
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
import pytest

from services.identification.demo.generator import generate
from services.identification.methodology.engine import EngineInput, engine_input_from_demo, evaluate
from services.identification.methodology.explain import _rounded, school_facts
from services.identification.methodology.rules import MethodologyRules, default_rules
from tests.identification.test_run_snapshot import variant_rules

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

FIXTURE = Path(__file__).parent / "fixtures" / "school_facts.jsonl.gz"
SEED, SCHOOLS = 11, 600


def _options() -> dict[str, Any]:
    """Rule options that take other branches: pooled grades, different procedures over three years, rules
    that apply only to some schools, the three indicator rules, risk levels, no objectivity."""
    rules = default_rules().model_dump(mode="json")
    rules["fail_share_30"] |= {
        "pool_grades": True, "years_procedures": "different", "consecutive_years": 3, "same_year_procedures": 3,
        "threshold": 0.25, "taught_grades": [11],
    }  # fmt: skip
    rules["bottom_quartile"] |= {"min_pupils": 300, "quantile": 0.4}
    rules["below_regional_mean"] |= {"taught_grades": [9], "gap": 10.0, "procedures": ["ОГЭ", "ВПР"]}
    rules["near_threshold"] |= {"lower": 0.1, "upper": 0.35, "subjects": ["russian"]}
    rules["social_index_bottom_quartile"] |= {"normalisation": "minmax", "min_indicators": 4}
    rules["unemployment"] |= {"factor": 1.1}
    rules["olympiad_share"] |= {"denominator": "latest_pupils", "taught_grades": [], "max_share": 0.02}
    rules["unstable_results"] |= {"decline": 0.01, "amplitude": 0.03}
    rules["risk_count"] |= {"levels": ["high"], "min_risks": 1}
    rules["objectivity"] |= {"enabled": False}
    rules["indicator_level"] |= {"enabled": True, "measure": "ior", "threshold": 0.45}
    rules["indicator_mean"] |= {"enabled": True, "measure": "ior", "threshold": 0.5, "years": 2}
    rules["indicator_trend"] |= {"enabled": True, "measure": "ior", "decline": 0.01}
    return rules


def _some_off() -> dict[str, Any]:
    """Half the rules off, the objectivity thresholds low (many flags), an indicator with no data."""
    rules = default_rules().model_dump(mode="json")
    for rule_id in ("bottom_quartile", "hard_to_reach", "near_threshold", "risk_count", "unstable_results"):
        rules[rule_id]["enabled"] = False
    rules["objectivity"] |= {"vpr_lowered_share": 0.05, "vpr_raised_share": 0.05, "above_mean_margin": 2.0}
    rules["fail_share_30"] |= {"years_procedures": "any", "operator": "and", "same_subject": True}
    rules["indicator_level"] |= {"enabled": True, "measure": "nothing", "threshold": 1.0}
    return rules


# name: (rules, school year, a territory of part of the schools)
CASES: dict[str, tuple[dict[str, Any], str, bool]] = {
    "default": (default_rules().model_dump(mode="json"), "2023-2024", False),
    "variant": (variant_rules(), "2023-2024", False),
    "options": (_options(), "2023-2024", False),
    "some_off": (_some_off(), "2023-2024", False),
    "middle_year": (_options(), "2022-2023", False),
    "first_year": (default_rules().model_dump(mode="json"), "2021-2022", False),
    "territory": (default_rules().model_dump(mode="json"), "2023-2024", True),
}


@cache
def _input(part: bool) -> EngineInput:
    """The region; with `part` two schools in three are in the territory (the rest only count for the region's
    figures) and some settlements have no hard-to-reach or unemployment figure."""
    data = engine_input_from_demo(generate(seed=SEED, schools=SCHOOLS))
    if part:
        schools = data.schools.copy()
        every = pd.Series(range(len(schools)), index=schools.index)
        schools["in_territory"] = every % 3 != 1
        schools["hard_to_reach"] = schools["hard_to_reach"].astype(object).where(every % 7 != 2, None)
        schools.loc[every % 5 == 3, "unemployment_share"] = None
        data = dataclasses.replace(data, schools=schools)
    return data


def lines(case: str) -> list[bytes]:
    """One orjson line per school: the case, then the outcome as `school_facts` yields it."""
    rules, year, part = CASES[case]
    evaluation = evaluate(_input(part), MethodologyRules.model_validate(rules), year)
    return [orjson.dumps([case, outcome]) for outcome in school_facts(evaluation)]


@cache
def _expected() -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {case: [] for case in CASES}
    for line in gzip.decompress(FIXTURE.read_bytes()).splitlines():
        out[orjson.loads(line)[0]].append(line)
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_school_facts_equal_the_per_school_code_byte_for_byte(case: str) -> None:
    expected, actual = _expected()[case], lines(case)
    assert len(actual) == len(expected) == (SCHOOLS if not CASES[case][2] else 400)
    for want, got in zip(expected, actual, strict=True):
        assert got == want, orjson.loads(want)[1]["school_code"]


def main() -> None:
    """Write the fixture from the code as it is (only before a change to what the facts are)."""
    text = b"\n".join(line for case in CASES for line in lines(case)) + b"\n"
    FIXTURE.write_bytes(gzip.compress(text, mtime=0))


if __name__ == "__main__":
    main()


def test_vectorised_rounding_is_pythons_round() -> None:
    """`_rounded` (rint(x·1e6)/1e6, Python's round near a half) equals `round(x, 6)` value for value, also
    on exact and near halves of the sixth decimal, large and negative numbers; NaN and infinities are None."""
    rng = np.random.default_rng(3)
    halves = (np.arange(-20_000, 20_000) + 0.5) / 1e6
    values = np.concatenate(
        [
            rng.random(50_000), rng.normal(0, 40, 50_000), halves, np.nextafter(halves, np.inf),
            np.nextafter(halves, -np.inf), rng.random(2_000) * 1e7,
            [0.0, -0.0, 5e-7, -5e-7, 1.5e-6, 2.5e-6, 0.1234565, 1e300, -1e-300, np.nan, np.inf, -np.inf],
        ]
    )  # fmt: skip
    expected = [round(x, 6) if math.isfinite(x) else None for x in values.tolist()]
    assert orjson.dumps(_rounded(values).tolist()) == orjson.dumps(expected)
