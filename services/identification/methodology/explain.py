"""Per-school facts of an `Evaluation`: what each school's explanation is made of, and the explanation.

A school's facts are the outcome of each rule, its figures and the few unrounded numbers a sentence shows (see
`reasons.py`). Each rule's explainer turns the engine's arrays into columns over the territory schools once, in
the order of `evaluation.table` (vectorised selections: the decisive rows of each rule, grouped by school), and
builds the entries `[outcome, figures, extras]` of a range of schools in one comprehension; one light pass then
puts each school's entries together.

A run does not build the entries: `snapshot()` stores, per block of `BLOCK` schools, the explainers' columns
sliced to the block, as numbers (`fact_columns`: typed columns read as Python values only when listed), and
the rows of the run's table. A reader rebuilds the explainers of a block (`FactBlock`, `read_block`) and builds
the entries of the schools it reads with the same code. `school_facts()` gives every school's row and facts
that way; `iter_outcomes()` adds the Russian sentences (`reasons.Reasons`), as a run's reader does. Every
number in a facts dict is a plain Python value (NaN → None), so `json.dumps(..., allow_nan=False)` works.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from services.identification.methodology.engine import (
    CATEGORISING,
    EPS,
    FIRED,
    INSUFFICIENT,
    NOT_APPLICABLE,
    NOT_FIRED,
    SOCIAL_INDICATORS,
    Evaluation,
    IntArray,
    RuleResult,
)
from services.identification.methodology.fact_columns import FactColumn, factorised, named, narrowed, pack, unpack
from services.identification.methodology.reasons import (
    SMALL_SAMPLE_RULES,
    Facts,
    Figure,
    Reasons,
    raw,
)
from services.identification.methodology.rules import RULES, MethodologyRules

# --- formatting ---------------------------------------------------------------------------------------
#
# The explainers keep their columns as numpy arrays (object arrays where the values are already the Python
# values a dict holds) and turn a batch's slice into a list only when they build it: long-lived lists of
# Python objects would be traversed by every cyclic collection the run triggers.

Column = npt.NDArray[Any] | FactColumn


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: numpy → Python, NaN → None, floats rounded to 6 places."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return None
    return round(number, 6)


def _floats(values: npt.NDArray[Any]) -> FactColumn:
    """Vectorised `_plain` for a float array, read when listed (`fact_columns.floats`)."""
    return FactColumn("floats", np.asarray(values, dtype=np.float64))


def _counts(values: npt.NDArray[Any]) -> FactColumn:
    """Like `_floats`, but whole numbers read as ints (participants, pupils, counts)."""
    return FactColumn("counts", np.asarray(values, dtype=np.float64))


def _rounded(values: npt.NDArray[Any]) -> FactColumn:
    """`_plain` of each value of a float array, exactly as Python's `round(x, 6)` (`fact_columns.rounded`)."""
    return FactColumn("rounded", np.asarray(values, dtype=np.float64))


def _raws(values: npt.NDArray[Any]) -> FactColumn:
    """`raw` of each value of a float array: unrounded, NaN → None."""
    return FactColumn("raws", np.asarray(values, dtype=np.float64))


def _take(columns: Sequence[Column], lo: int, hi: int) -> list[list[Any]]:
    """Rows `lo…hi` of the columns, as lists of Python values."""
    return [column[lo:hi].tolist() for column in columns]


# --- the decisive rows, grouped by school -------------------------------------------------------------


def _pick(
    schools: int,
    school: IntArray,
    group: IntArray,
    groups: int,
    score: npt.NDArray[np.float64],
    flag: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray, IntArray]:
    """One item per (school, group) (`group` < `groups`): the one with the highest score, the first of equal
    ones; a group whose scores are all NaN gives its first item. Answers their positions ordered by school
    and group, the bounds per school (items of school i are `bounds[i]:bounds[i + 1]`) and the number of
    flagged items of each group. Maxima per bin instead of sorting the candidates: a few times faster."""
    n = len(school)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(schools + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key = school.astype(np.int64) * groups + group
    bins = schools * groups
    best = np.full(bins, -np.inf)
    np.fmax.at(best, key, score)
    hits = np.flatnonzero(score == best[key])
    first = np.full(bins, n, dtype=np.int64)
    np.minimum.at(first, key[hits], hits)
    present = np.zeros(bins, dtype=np.bool_)
    present[key] = True  # the (school, group) bins with items: a scatter, several times faster than a bincount
    keys = np.flatnonzero(present)
    chosen = first[keys]
    unscored = chosen == n
    if unscored.any():
        first_any = np.full(bins, n, dtype=np.int64)
        np.minimum.at(first_any, key, np.arange(n))
        chosen[unscored] = first_any[keys[unscored]]
    flagged = np.bincount(key, weights=flag, minlength=bins)[keys].astype(np.int64)
    return chosen, np.searchsorted(school[chosen], np.arange(schools + 1)), flagged


class _Spans:
    """Where each territory school's records are in columns grouped by school (`bounds` per school of the
    data): the records of the k-th school of the table are `start[k]:end[k]`."""

    def __init__(self, order: IntArray, bounds: IntArray) -> None:
        self.start = bounds[order]
        self.end = bounds[order + 1]

    @classmethod
    def of(cls, start: IntArray, end: IntArray) -> _Spans:
        spans = cls.__new__(cls)
        spans.start, spans.end = start, end
        return spans

    def records(self, a: int, b: int) -> tuple[int, int]:
        """The records of the schools a…b: `lo…hi`."""
        if a >= b:
            return 0, 0
        return int(self.start[a:b].min()), int(self.end[a:b].max())

    def split(self, a: int, b: int, build: Callable[[int, int], list[Any]]) -> list[list[Any]]:
        """The records of the schools a…b of the table, a new list per school; `build(lo, hi)` makes the
        records lo…hi (those of schools outside the territory between them too, left out here)."""
        if a >= b:
            return []
        starts, ends = self.start[a:b].tolist(), self.end[a:b].tolist()
        lo = starts[0]
        records = build(lo, ends[-1])
        return [records[start - lo : end - lo] for start, end in zip(starts, ends, strict=True)]


# --- the context --------------------------------------------------------------------------------------


class _Context:
    """What every explainer reads: the evaluation, the year columns, labels of the codes, and `order`, the
    territory schools in the order of the table (explainers' columns per school are in that order)."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.data = evaluation.data
        self.rules: MethodologyRules = evaluation.rules
        self.results = evaluation.results
        self.schools, self.years_count = self.data.shape
        self.now = self.years_count - 1
        self.years = self.data.years
        self.year = self.years[self.now]
        self.order = np.asarray(evaluation.schools, dtype=np.int64)
        rows = self.data.rows
        self.procedure_names = np.array([*rows.procedures, ""], dtype=object)
        self.subject_names = np.array([*rows.subjects, ""], dtype=object)
        self.year_names = np.array(self.years, dtype=object)
        self.settlements: FactColumn | None = None

    def enabled(self, rule_id: str) -> bool:
        return rule_id in self.results and bool(getattr(self.rules, rule_id).enabled)

    def result(self, rule_id: str) -> RuleResult:
        return self.results[rule_id]

    def now_of(self, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """An (S, T) array's evaluated year, in table order."""
        return np.asarray(values[self.order, self.now])

    def row_columns(self, year: IntArray, procedure: IntArray, subject: IntArray, grade: Any) -> list[Column]:
        """The identifying columns of some rows: school year, procedure, grade, subject."""
        return [
            named(year, self.year_names), named(procedure, self.procedure_names), _counts(grade),
            named(subject, self.subject_names),
        ]  # fmt: skip


def _parameters(rules: MethodologyRules, rule_id: str) -> dict[str, Any]:
    return dict(getattr(rules, rule_id).model_dump(mode="json"))


# --- explainers: one per rule; `entries(a, b)` are the entries [outcome, figures, extras] of the schools a…b of
# the table in the evaluated year; `state` is the rule's outcome per school ----------------------------------


def _row_figures(columns: list[Column], lo: int, hi: int, fixed: dict[str, Any], last: str) -> list[Figure]:
    """Figures of the rows `lo…hi` of `fail_share_30` or `near_threshold`: the row and its numbers, the rule's
    parameters (`fixed`), whether the figure is doubtful, and how many rows of its group count (named `last`)."""
    return [
        {"school_year": y, "procedure": p, "grade": g, "subject": s, "participants": n, "below_min": below,
         "share": share, **fixed, "doubtful": doubtful, last: count}
        for y, p, g, s, n, below, share, doubtful, count in zip(*_take(columns, lo, hi), strict=True)
    ]  # fmt: skip


class _FailShare:
    """The worst unit of each (year, procedure) of the window: what the rule judged. A school where the rule
    did not fire shows only the evaluated year's units and those over the threshold."""

    RECORDS = ("columns",)

    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.fail_share_30
        result = ctx.result("fail_share_30")
        self.state = ctx.now_of(result.state)
        first = ctx.now - rule.consecutive_years + 1
        units: dict[str, Any] | None = result.arrays["units"]
        if units is None:  # the units are the usable rows of the window
            rows = ctx.data.rows
            keep = np.flatnonzero(result.arrays["mask"] & (rows.year >= first))
            units = {
                "school": rows.school, "year": rows.year, "procedure": rows.procedure, "subject": rows.subject,
                "grade": rows.grade, "participants": rows.participants, "below": rows.below, "share": rows.share,
                "doubtful": rows.doubtful,
            }  # fmt: skip
        else:
            keep = np.flatnonzero(units["year"] >= first)
        school, year = units["school"][keep], units["year"][keep]
        width = len(ctx.procedure_names) + 1
        share = units["share"][keep]
        chosen, _, over = _pick(
            ctx.schools, school, year * width + units["procedure"][keep], ctx.years_count * width, share,
            share >= rule.threshold - EPS,
        )  # fmt: skip
        of = school[chosen]
        shown = np.isin(result.state[of, ctx.now], (FIRED, INSUFFICIENT)) | (year[chosen] == ctx.now) | (over > 0)
        chosen, of = chosen[shown], of[shown]
        c = keep[chosen]
        self.columns = [
            *ctx.row_columns(units["year"][c], units["procedure"][c], units["subject"][c], units["grade"][c]),
            _counts(units["participants"][c]), _counts(units["below"][c]), _floats(units["share"][c]),
            units["doubtful"][c], over[shown],
        ]  # fmt: skip
        self.spans = _Spans(ctx.order, np.searchsorted(of, np.arange(ctx.schools + 1)))
        self.condition = [ctx.now_of(result.arrays[name]) for name in ("same_year", "in_a_row", "procedures_over")]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        fixed = {"threshold": self.rule.threshold}
        figures = self.spans.split(a, b, lambda lo, hi: _row_figures(self.columns, lo, hi, fixed, "rows_over"))
        return [
            [outcome, shown, [same, in_a_row, over] if outcome == FIRED else None]
            for outcome, shown, same, in_a_row, over in zip(
                self.state[a:b].tolist(), figures, *_take(self.condition, a, b), strict=True
            )
        ]


class _NearThreshold:
    RECORDS = ("columns",)

    def __init__(self, ctx: _Context) -> None:
        self.rule = ctx.rules.near_threshold
        result = ctx.result("near_threshold")
        self.state = ctx.now_of(result.state)
        rows = ctx.data.rows
        now = rows.year == ctx.now
        idx = np.flatnonzero(result.arrays["band"] & now)
        chosen, bounds, in_band = _pick(
            ctx.schools, rows.school[idx], rows.procedure[idx], len(ctx.procedure_names), rows.share[idx],
            np.ones(len(idx), bool),
        )  # fmt: skip
        c = idx[chosen]
        self.columns = [
            *ctx.row_columns(rows.year[c], rows.procedure[c], rows.subject[c], rows.grade[c]),
            _counts(rows.participants[c]), _counts(rows.below[c]), _floats(rows.share[c]), rows.doubtful[c], in_band,
        ]  # fmt: skip
        self.spans = _Spans(ctx.order, bounds)
        self.fail_fired = ctx.now_of(result.arrays["fail_fired"])
        self.worst = _raws(ctx.now_of(ctx.data.max(rows.st, result.arrays["mask"] & now, rows.share)))

    def entries(self, a: int, b: int) -> list[list[Any]]:
        fixed = {"lower": self.rule.lower, "upper": self.rule.upper}
        figures = self.spans.split(a, b, lambda lo, hi: _row_figures(self.columns, lo, hi, fixed, "rows_in_band"))
        return [
            [outcome, shown, [fired, worst] if outcome == NOT_FIRED else None]
            for outcome, shown, fired, worst in zip(
                self.state[a:b].tolist(), figures, *_take([self.fail_fired, self.worst], a, b), strict=True
            )
        ]


class _Quantile:
    """`bottom_quartile` and `social_index_bottom_quartile`: a school value against the territory's cut."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.year = ctx.year
        self.social = social = rule_id == "social_index_bottom_quartile"
        self.rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        self.state = ctx.now_of(result.state)
        values = ctx.now_of(result.arrays["index" if social else "composite"])
        self.cut = raw(float(result.arrays["cut"][ctx.now]))
        self.ranked = int(result.arrays["ranked"][ctx.now])
        count = ctx.now_of(result.arrays["count" if social else "rows"]).astype(int)
        self.columns: list[Column] = [_floats(values), count, _raws(values)]
        if social:
            indicators = ctx.data.social[ctx.order, ctx.now, :]
            self.indicators = [_floats(indicators[:, k]) for k in range(len(SOCIAL_INDICATORS))]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        year, quantile, cut, ranked = self.year, self.rule.quantile, self.cut, self.ranked
        plain_cut = _plain(cut)
        rows = zip(self.state[a:b].tolist(), *_take(self.columns, a, b), strict=True)
        if not self.social:
            scale = self.rule.scale
            return [
                [outcome, [{"school_year": year, "composite": value, "quantile": quantile, "quantile_cut": plain_cut,
                            "schools_ranked": ranked, "rows": count, "scale": scale}],
                 None if outcome == INSUFFICIENT else [unrounded, cut]]
                for outcome, value, count, unrounded in rows
            ]  # fmt: skip
        k0, k1, k2, k3 = SOCIAL_INDICATORS  # a dict display: a few times faster than dict(zip(...)) per school
        indicators = [
            {k0: v0, k1: v1, k2: v2, k3: v3} for v0, v1, v2, v3 in zip(*_take(self.indicators, a, b), strict=True)
        ]
        return [
            [outcome, [{"school_year": year, "index": value, "quantile": quantile, "quantile_cut": plain_cut,
                        "schools_ranked": ranked, "indicators": shown, "indicators_present": count}],
             None if outcome == INSUFFICIENT else [unrounded, cut]]
            for (outcome, value, count, unrounded), shown in zip(rows, indicators, strict=True)
        ]  # fmt: skip


class _BelowRegionalMean:
    RECORDS = ("columns",)

    def __init__(self, ctx: _Context) -> None:
        self.rule = ctx.rules.below_regional_mean
        result = ctx.result("below_regional_mean")
        self.state = ctx.now_of(result.state)
        rows, arrays = ctx.data.rows, result.arrays
        idx = np.flatnonzero(arrays["mask"] & (rows.year == ctx.now))
        chosen, bounds, below = _pick(
            ctx.schools, rows.school[idx], rows.procedure[idx], len(ctx.procedure_names), arrays["gap"][idx],
            arrays["below"][idx],
        )  # fmt: skip
        c = idx[chosen]
        self.columns = [
            *ctx.row_columns(rows.year[c], rows.procedure[c], rows.subject[c], rows.grade[c]),
            _counts(rows.participants[c]), _floats(arrays["value"][c]), _floats(arrays["regional"][c]),
            _floats(arrays["gap"][c]), rows.doubtful[c], below,
        ]  # fmt: skip
        self.spans = _Spans(ctx.order, bounds)

    def figures(self, lo: int, hi: int) -> list[Figure]:
        gap, scale = self.rule.gap, self.rule.scale
        return [
            {"school_year": y, "procedure": p, "grade": g, "subject": s, "participants": n, "value": v,
             "regional_mean": m, "difference": d, "gap": gap, "scale": scale, "doubtful": doubtful, "rows_below": k}
            for y, p, g, s, n, v, m, d, doubtful, k in zip(*_take(self.columns, lo, hi), strict=True)
        ]  # fmt: skip

    def entries(self, a: int, b: int) -> list[list[Any]]:
        figures = self.spans.split(a, b, self.figures)
        return [[outcome, shown, None] for outcome, shown in zip(self.state[a:b].tolist(), figures, strict=True)]


class _Olympiad:
    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.olympiad_share
        result = ctx.result("olympiad_share")
        arrays = result.arrays
        self.state = ctx.now_of(result.state)
        self.columns: list[Column] = [
            ctx.now_of(arrays["years_with"]).astype(int), _counts(ctx.now_of(arrays["participants"])),
            _counts(ctx.now_of(arrays["pupils"])), _floats(ctx.now_of(arrays["share"])),
        ]  # fmt: skip
        self.window = ctx.years[max(0, ctx.now - rule.years + 1) : ctx.now + 1]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        window, limit = self.window, self.rule.max_share
        return [
            [outcome, [{"school_years": [*window], "years_with_data": have, "participants": n, "pupils": pupils,
                        "share": share, "max_share": limit}], None]
            for outcome, have, n, pupils, share in zip(
                self.state[a:b].tolist(), *_take(self.columns, a, b), strict=True
            )
        ]  # fmt: skip


def _settlements(ctx: _Context) -> FactColumn:
    """The territory schools' settlement codes (two rules show them: coded once per run)."""
    if ctx.settlements is None:
        ctx.settlements = factorised(ctx.data.settlement)[ctx.order]
    return ctx.settlements


class _HardToReach:
    def __init__(self, ctx: _Context) -> None:
        self.state = ctx.now_of(ctx.result("hard_to_reach").state)
        self.columns = [_settlements(ctx), FactColumn("known", ctx.data.hard_to_reach[ctx.order])]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        return [
            [outcome, [{"settlement_code": code, "hard_to_reach": hard}], None]
            for outcome, code, hard in zip(self.state[a:b].tolist(), *_take(self.columns, a, b), strict=True)
        ]


class _Unemployment:
    def __init__(self, ctx: _Context) -> None:
        self.state = ctx.now_of(ctx.result("unemployment").state)
        self.columns = [_settlements(ctx), _floats(ctx.data.unemployment[ctx.order])]
        average = float(ctx.result("unemployment").arrays["average"])
        self.factor = float(ctx.rules.unemployment.factor)
        self.average, self.threshold = _plain(average), _plain(self.factor * average)
        self.extras = [raw(average)]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        average, factor, limit, extras = self.average, self.factor, self.threshold, self.extras
        return [
            [outcome, [{"settlement_code": code, "unemployment_share": share, "regional_average": average,
                        "factor": factor, "threshold": limit}], None if outcome == INSUFFICIENT else extras]
            for outcome, code, share in zip(self.state[a:b].tolist(), *_take(self.columns, a, b), strict=True)
        ]  # fmt: skip


class _Unstable:
    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.unstable_results
        result = ctx.result("unstable_results")
        arrays = result.arrays
        self.state = ctx.now_of(result.state)
        first = max(0, ctx.now - rule.years + 1)
        self.years = ctx.years[first : ctx.now + 1]
        participants, below, measure = (
            arrays[name][ctx.order, first : ctx.now + 1] for name in ("participants", "below", "measure")
        )
        self.figures = [
            [_counts(participants[:, t]), _counts(below[:, t]), _floats(measure[:, t])] for t in range(len(self.years))
        ]
        self.measures = [_raws(measure[:, t]) for t in range(len(self.years))]
        change, amplitude = ctx.now_of(arrays["change"]), ctx.now_of(arrays["amplitude"])
        self.change: list[Column] = [
            _rounded(change),
            _rounded(amplitude),
            ctx.now_of(arrays["turned"]),
            _raws(change),
            _raws(amplitude),
        ]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        per_year = [
            [{"school_year": year, "participants": n, "below_min": below, "share": share}
             for n, below, share in zip(*_take(columns, a, b), strict=True)]
            for year, columns in zip(self.years, self.figures, strict=True)
        ]  # fmt: skip
        decline, amplitude_threshold = self.rule.decline, self.rule.amplitude
        out: list[list[Any]] = []
        for outcome, figures, measures, change, amplitude, turned, raw_change, raw_amplitude in zip(
            self.state[a:b].tolist(), zip(*per_year, strict=True), zip(*_take(self.measures, a, b), strict=True),
            *_take(self.change, a, b), strict=True,
        ):  # fmt: skip
            if outcome == INSUFFICIENT:
                out.append([outcome, [*figures], [[*measures], None, None]])
                continue
            last = {"change": change, "amplitude": amplitude, "direction_changed": turned, "decline": decline,
                    "amplitude_threshold": amplitude_threshold}  # fmt: skip
            out.append([outcome, [*figures, last], [[*measures], raw_change, raw_amplitude]])
        return out


class _RiskCount:
    RECORDS = ("factors",)

    def __init__(self, ctx: _Context) -> None:
        self.year = ctx.year
        self.rule = ctx.rules.risk_count
        result = ctx.result("risk_count")
        self.state = ctx.now_of(result.state)
        self.count = _counts(ctx.now_of(result.arrays["count"]))
        risk = ctx.data.risk
        keys = risk["keys"]
        idx = np.flatnonzero(result.arrays["counted"] & (keys.year == ctx.now))
        factor, school = risk["factor"][idx], keys.school[idx]
        order = np.lexsort((factor, school))
        self.factors = [factor[order].astype(np.int64), named(risk["level"][idx][order], [*risk["levels"], ""])]
        self.spans = _Spans(ctx.order, np.searchsorted(school[order], np.arange(ctx.schools + 1)))

    def factor_figures(self, lo: int, hi: int) -> list[Figure]:
        return [{"factor": f, "level": level} for f, level in zip(*_take(self.factors, lo, hi), strict=True)]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        factors = self.spans.split(a, b, self.factor_figures)
        year, levels, min_risks = self.year, self.rule.levels, self.rule.min_risks
        return [
            [outcome, [{"school_year": year, "count": count, "levels": [*levels], "min_risks": min_risks,
                        "factors": shown}], None]
            for outcome, count, shown in zip(self.state[a:b].tolist(), self.count[a:b].tolist(), factors, strict=True)
        ]  # fmt: skip


class _Objectivity:
    """The objectivity flags of the evaluated year (code, figures, the unrounded numbers their detail shows),
    and the `objectivity` rule's outcome."""

    def __init__(self, ctx: _Context) -> None:
        self.year = ctx.year
        self.rule = ctx.rules.objectivity
        arrays = ctx.result("objectivity").arrays
        self.flags = {name: ctx.now_of(values) for name, values in arrays["flags"].items()}
        self.sums = {name: _counts(ctx.now_of(values)) for name, values in arrays["sums"].items()}
        self.lowered = ctx.now_of(arrays["lowered_share"])
        self.raised = ctx.now_of(arrays["raised_share"])
        self.vpr_diff = ctx.now_of(arrays["vpr_diff"])
        self.ege_diff = ctx.now_of(arrays["ege_diff"])
        self.derive()

    DERIVED = ("flagged", "quiet", "state", "flagged_at", "shown")

    def derive(self) -> None:
        """What follows from the stored figures: the outcome, and the flagged schools' figures as Python values
        by their position in `flagged_at`."""
        flags = self.flags
        self.flagged = flags["vpr_lowered"] | flags["vpr_raised"] | flags["above_regional_mean"]
        self.quiet = np.array(
            [
                INSUFFICIENT if not lowered and not confirmed and math.isnan(difference) else NOT_FIRED
                for lowered, confirmed, difference in zip(
                    self.sums["lowered"].tolist(), self.sums["confirmed"].tolist(), self.vpr_diff.tolist(), strict=True
                )
            ],
            dtype=np.int64,
        )
        self.state = np.where(self.flagged, FIRED, self.quiet)
        self.flagged_at = at = np.flatnonzero(self.flagged)
        self.shown = [
            *(flags[name][at].tolist() for name in ("vpr_lowered", "vpr_raised", "above_regional_mean")),
            *(self.sums[name][at].tolist() for name in ("lowered", "confirmed", "raised")),
            *(values[at].tolist() for values in (self.lowered, self.raised, self.vpr_diff, self.ege_diff)),
        ]

    def flags_of(self, j: int) -> list[list[Any]]:
        """The flags of the j-th flagged school."""
        year, rule = self.year, self.rule
        lowered, raised, above, n_lowered, n_confirmed, n_raised, lowered_share, raised_share, vpr, ege = (
            column[j] for column in self.shown
        )
        out: list[list[Any]] = []
        if lowered or raised:
            counts = {"lowered": n_lowered, "confirmed": n_confirmed, "raised": n_raised}
            for flagged, code, share, limit in (
                (lowered, "vpr_lowered", lowered_share, rule.vpr_lowered_share),
                (raised, "vpr_raised", raised_share, rule.vpr_raised_share),
            ):
                if flagged:
                    figures = {"school_year": year, **counts, "share": _plain(share), "threshold": limit}
                    out.append([code, figures, raw(share)])
        if above:
            figures = {
                "school_year": year,
                "difference": _plain(vpr),
                "margin": rule.above_mean_margin,
                "ege_difference": _plain(ege),
            }
            out.append(["above_regional_mean", figures, raw(vpr), raw(ege)])
        return out

    def entries(self, a: int, b: int) -> list[list[Any]]:
        out = [[quiet, [], None] for quiet in self.quiet[a:b].tolist()]
        at = self.flagged_at
        first, last = np.searchsorted(at, a), np.searchsorted(at, b)
        for j, k in zip(range(first, last), at[first:last].tolist(), strict=True):
            flags = self.flags_of(j)
            out[k - a] = [FIRED, [flag[1] for flag in flags], flags]
        return out


class _Indicator:
    """The three rules on an imported measure: its level, its mean over years, its trend."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.rule_id = rule_id
        self.rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        arrays = result.arrays
        self.state = ctx.now_of(result.state)
        years = getattr(self.rule, "years", 1)
        self.window = ctx.years[max(0, ctx.now - years + 1) : ctx.now + 1]
        self.series = [_floats(arrays["value"][ctx.order, ctx.years.index(year)]) for year in self.window]
        self.mean = _floats(ctx.now_of(arrays["mean"])) if "mean" in arrays else None
        self.direction = arrays["direction"]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        rule, measure, direction, window = self.rule, self.rule.measure, self.direction, self.window
        means = self.mean[a:b].tolist() if self.mean is not None else [None] * (b - a)
        out: list[list[Any]] = []
        for outcome, values, mean in zip(
            self.state[a:b].tolist(), zip(*_take(self.series, a, b), strict=True), means, strict=True
        ):
            figure: dict[str, Any] = {
                "measure": measure, "direction": direction, "school_years": [*window], "values": [*values],
            }  # fmt: skip
            if outcome != INSUFFICIENT:
                if self.rule_id == "indicator_level":
                    figure["threshold"] = rule.threshold
                elif self.rule_id == "indicator_mean":
                    figure |= {"mean": mean, "threshold": rule.threshold}
                else:
                    figure |= {"decline": rule.decline, "amplitude": rule.amplitude}
            out.append([outcome, [figure], None])
        return out


class _SmallSamples:
    """Rows of the evaluated year left out for too few participants: per school its rows (year, procedure,
    subject, grade, participants, a bit per rule that left it out)."""

    RECORDS = ("columns",)

    def __init__(self, ctx: _Context) -> None:
        rows = ctx.data.rows
        bits = np.zeros(len(rows), dtype=np.int64)
        rule_ids = [r for r in SMALL_SAMPLE_RULES if getattr(ctx.rules, r).enabled]
        for bit, rule_id in enumerate(rule_ids):
            bits |= rows.small(getattr(ctx.rules, rule_id)).astype(np.int64) << bit
        idx = np.flatnonzero((bits > 0) & (rows.year == ctx.now))
        idx = idx[np.argsort(rows.school[idx], kind="stable")]
        year, procedure, grade, subject = ctx.row_columns(
            rows.year[idx], rows.procedure[idx], rows.subject[idx], rows.grade[idx]
        )
        self.columns = [year, procedure, subject, grade, rows.participants[idx].astype(np.int64), bits[idx]]
        self.spans = _Spans(ctx.order, np.searchsorted(rows.school[idx], np.arange(ctx.schools + 1)))

    def records(self, lo: int, hi: int) -> list[list[Any]]:
        return [[*row] for row in zip(*_take(self.columns, lo, hi), strict=True)]

    def entries(self, a: int, b: int) -> list[list[list[Any]]]:
        return self.spans.split(a, b, self.records)


# --- the loop -----------------------------------------------------------------------------------------


class _Explainer(Protocol):
    state: npt.NDArray[Any]

    def entries(self, a: int, b: int) -> list[list[Any]]: ...


def _explainers(ctx: _Context) -> dict[str, _Explainer]:
    factories: dict[str, Callable[[], _Explainer]] = {
        "fail_share_30": lambda: _FailShare(ctx),
        "bottom_quartile": lambda: _Quantile(ctx, "bottom_quartile"),
        "below_regional_mean": lambda: _BelowRegionalMean(ctx),
        "olympiad_share": lambda: _Olympiad(ctx),
        "social_index_bottom_quartile": lambda: _Quantile(ctx, "social_index_bottom_quartile"),
        "hard_to_reach": lambda: _HardToReach(ctx),
        "unemployment": lambda: _Unemployment(ctx),
        "unstable_results": lambda: _Unstable(ctx),
        "near_threshold": lambda: _NearThreshold(ctx),
        "risk_count": lambda: _RiskCount(ctx),
        "indicator_level": lambda: _Indicator(ctx, "indicator_level"),
        "indicator_mean": lambda: _Indicator(ctx, "indicator_mean"),
        "indicator_trend": lambda: _Indicator(ctx, "indicator_trend"),
    }
    explainers = {rule_id: make() for rule_id, make in factories.items() if ctx.enabled(rule_id)}
    if ctx.rules.objectivity.enabled:
        explainers["objectivity"] = _Objectivity(ctx)
    return explainers


_EXPLAINER_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        _FailShare, _NearThreshold, _Quantile, _BelowRegionalMean, _Olympiad, _HardToReach, _Unemployment,
        _Unstable, _RiskCount, _Objectivity, _Indicator, _SmallSamples,
    )
}  # fmt: skip
"""The explainers a stored block may name, by class name."""


# Schools per stored block of facts: a reader of one school decodes its block's facts at once (a few
# milliseconds), a run writes 80 blocks for a region of 40,000 schools.
BLOCK = 500


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building tens of thousands of small dicts triggers the cyclic GC over and over although none of them
    can form a cycle; pausing it while a batch is built halves the time. Restored before any yield."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sliced(value: Any, a: int, b: int) -> Any:
    """Items a…b of every column in `value` (columns, lists and dicts of them); other values as they are."""
    if isinstance(value, (np.ndarray, FactColumn)):
        return value[a:b]
    if isinstance(value, list):
        return [_sliced(item, a, b) for item in value]
    if isinstance(value, dict):
        return {key: _sliced(item, a, b) for key, item in value.items()}
    return value


def _stored(explainer: Any, a: int, b: int) -> dict[str, Any]:
    """What an explainer needs to build the entries of the schools a…b, as a block stores it: its columns
    sliced (by school, or by record for the `RECORDS` ones, with the spans made relative), its other values;
    its rule is named, not stored (the run keeps its rules), and what it derives (`DERIVED`) is left out."""
    spans: _Spans | None = getattr(explainer, "spans", None)
    lo, hi = spans.records(a, b) if spans is not None else (0, 0)
    records, skipped = getattr(explainer, "RECORDS", ()), {"spans", *getattr(explainer, "DERIVED", ())}
    attrs: dict[str, Any] = {}
    models: list[str] = []
    for name, value in vars(explainer).items():
        if name in skipped:
            continue
        if isinstance(value, BaseModel):
            models.append(name)
        else:
            attrs[name] = _sliced(value, lo, hi) if name in records else _sliced(value, a, b)
    if spans is not None:
        attrs["spans"] = [spans.start[a:b] - lo, spans.end[a:b] - lo]
    return {"class": type(explainer).__name__, "models": models, "attrs": attrs}


def _restored(stored: dict[str, Any], rule_id: str, rules: MethodologyRules) -> Any:
    """The explainer `_stored` stored, its rule taken from the run's `rules`."""
    cls = _EXPLAINER_CLASSES[stored["class"]]
    explainer = object.__new__(cls)
    attrs = dict(stored["attrs"])
    spans = attrs.pop("spans", None)
    vars(explainer).update(attrs)
    if spans is not None:
        explainer.spans = _Spans.of(*spans)
    for name in stored["models"]:
        setattr(explainer, name, getattr(rules, rule_id))
    if hasattr(explainer, "derive"):
        explainer.derive()
    return explainer


class _FactParts:
    """What some schools' facts are made of: the rules' explainers, the rows left out for small samples, the
    years of partial olympiad data and the doubtful years. All of a run's schools when it runs (`block()`
    stores some of them), a block's schools when they are read (`read()`)."""

    def __init__(
        self, explainers: dict[str, _Explainer], small: _SmallSamples, partial: FactColumn, doubtful: FactColumn
    ) -> None:
        self.explainers, self.small, self.partial, self.doubtful = explainers, small, partial, doubtful
        # Per rule the schools it does not apply to: their entry is the same whatever the explainer says.
        self.not_applicable = {
            rule_id: np.flatnonzero(explainer.state == NOT_APPLICABLE)
            for rule_id, explainer in self.explainers.items()
            if rule_id != "objectivity"
        }

    def narrow(self) -> None:
        """Every integer column in its narrowest type, once for all the blocks (`fact_columns.narrowed`)."""
        for explainer in [*self.explainers.values(), self.small]:
            vars(explainer).update({name: narrowed(value) for name, value in vars(explainer).items()})
        self.partial, self.doubtful = narrowed(self.partial), narrowed(self.doubtful)

    def rules(self, a: int, b: int) -> list[dict[str, list[Any]]]:
        """The rule entries of the schools a…b, rule by rule as the explainers come."""
        if not self.explainers:
            return [{} for _ in range(a, b)]
        columns = []
        for rule_id, explainer in self.explainers.items():
            entries = explainer.entries(a, b)
            skipped = self.not_applicable.get(rule_id)
            if skipped is not None and len(skipped):
                for k in skipped[np.searchsorted(skipped, a) : np.searchsorted(skipped, b)].tolist():
                    entries[k - a] = [NOT_APPLICABLE, [], None]
            columns.append(entries)
        rule_ids = list(self.explainers)
        return [dict(zip(rule_ids, entries, strict=True)) for entries in zip(*columns, strict=True)]

    def facts(self, a: int, b: int) -> list[Facts]:
        """The facts of the schools a…b (`reasons.py` reads them)."""
        out: list[Facts] = []
        for rules, small, partial, doubtful in zip(
            self.rules(a, b), self.small.entries(a, b), *_take([self.partial, self.doubtful], a, b), strict=True
        ):
            facts: Facts = {"r": rules}
            if small:
                facts["s"] = small
            if partial is not None:
                facts["p"] = partial
            if doubtful:
                facts["d"] = doubtful
            out.append(facts)
        return out

    def block(self, a: int, b: int) -> bytes:
        """The stored block of the schools a…b: numbers only (`fact_columns.pack`)."""
        return pack(
            {
                "schools": b - a,
                "explainers": [[rule_id, _stored(explainer, a, b)] for rule_id, explainer in self.explainers.items()],
                "small": _stored(self.small, a, b),
                "partial": self.partial[a:b],
                "doubtful": self.doubtful[a:b],
            }
        )

    @classmethod
    def read(cls, data: bytes, rules: MethodologyRules) -> tuple[int, _FactParts]:
        """A stored block's schools and parts, read with the run's `rules`."""
        tree = unpack(data)
        explainers = {rule_id: _restored(stored, rule_id, rules) for rule_id, stored in tree["explainers"]}
        small = _restored(tree["small"], "", rules)
        return int(tree["schools"]), cls(explainers, small, tree["partial"], tree["doubtful"])


class FactBlock:
    """A stored block read back with the run's `rules`: the facts of its schools, built `CHUNK` schools at a
    time as they are asked for (a page of a list reads a few schools of many blocks, an export all of them)."""

    CHUNK = 32

    def __init__(self, data: bytes, rules: MethodologyRules) -> None:
        self.size, self.parts = _FactParts.read(data, rules)
        self.chunks: dict[int, list[Facts]] = {}

    def __len__(self) -> int:
        return self.size

    def facts(self, k: int) -> Facts:
        """The facts of the block's k-th school."""
        start = k - k % self.CHUNK
        chunk = self.chunks.get(start)
        if chunk is None:
            with _gc_paused():
                chunk = self.chunks[start] = self.parts.facts(start, min(start + self.CHUNK, self.size))
        return chunk[k - start]


def read_block(data: bytes, rules: MethodologyRules) -> list[Facts]:
    """The facts of every school of a stored block, in its order."""
    with _gc_paused():
        schools, parts = _FactParts.read(data, rules)
        return parts.facts(0, schools)


class _Facts:
    """A run's snapshot: per school its row of the run's table, and the blocks of its facts."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ctx = ctx = _Context(evaluation)
        doubtful = _doubtful_years(ctx, evaluation.results["objectivity"].arrays["doubtful"])
        self.parts = _FactParts(_explainers(ctx), _SmallSamples(ctx), _partial_olympiad(ctx), doubtful)
        table = evaluation.table
        risk = table["risk_count"].to_numpy(dtype=np.float64)
        risk_count = np.where(np.isnan(risk), 0, risk).astype(np.int64).astype(object)
        risk_count[np.isnan(risk)] = None
        self.columns = [
            np.array([str(code) for code in ctx.data.codes[ctx.order].tolist()], dtype=object),
            table["categories"].to_numpy(dtype=object), table["insufficient_data"].to_numpy(dtype=bool), risk_count,
            _rounded(table["fail_share"].to_numpy(dtype=np.float64)),
            table["previous_categories"].to_numpy(dtype=object),
            np.array([str(trend) for trend in table["trend"].tolist()], dtype=object),
            _rounded(table["trend_change"].to_numpy(dtype=np.float64)),
        ]  # fmt: skip

    @property
    def size(self) -> int:
        return len(self.columns[0])

    def rows(self, a: int, b: int) -> dict[str, list[Any]]:
        """The columns (`ROW_FIELDS`) of the run's table of the schools a…b."""
        return dict(zip(ROW_FIELDS, _take(self.columns, a, b), strict=True))


ROW_FIELDS = (
    "school_code", "categories", "insufficient_data", "risk_count", "fail_share", "previous_categories", "trend",
    "trend_change",
)  # fmt: skip
"""The run table's columns `snapshot` gives per block (categories as the engine's sequences)."""


def snapshot(evaluation: Evaluation) -> Iterator[tuple[bytes, dict[str, list[Any]]]]:
    """Per block of `BLOCK` territory schools, in the order of `evaluation.table`: the stored block of their
    facts (`read_block` reads it) and the columns of their rows of the run's table (`ROW_FIELDS`)."""
    with _gc_paused():
        build = _Facts(evaluation)
        build.parts.narrow()
    for start in range(0, build.size, BLOCK):
        end = min(start + BLOCK, build.size)
        with _gc_paused():
            block, rows = build.parts.block(start, end), build.rows(start, end)
        yield block, rows


def school_facts(evaluation: Evaluation) -> Iterator[dict[str, Any]]:
    """Per territory school, in the order of `evaluation.table`: its row of the run's table with `facts`,
    what its explanation is built from when read (`reasons.Reasons.explain`), read back from the stored
    blocks as a reader reads them."""
    for block, columns in snapshot(evaluation):
        rows = zip(*columns.values(), read_block(block, evaluation.rules), strict=True)
        for code, categories, insufficient, risk, fail, previous, trend, change, facts in rows:
            yield {
                "school_code": code,
                "categories": list(categories),
                "insufficient_data": insufficient,
                "facts": facts,
                "risk_count": risk,
                "fail_share": fail,
                "previous_categories": None if previous is None else list(previous),
                "trend": trend,
                "trend_change": change,
            }


def _doubtful_years(ctx: _Context, doubtful: npt.NDArray[np.bool_]) -> FactColumn:
    """Per school the flagged years the evaluated year's rules read (a `doubtful_results` warning), or None."""
    window = np.asarray(doubtful[ctx.order, 1:], dtype=np.int64)
    bits = (window << np.arange(window.shape[1], dtype=np.int64)).sum(axis=1, dtype=np.int64)
    return FactColumn("listed", bits, list(ctx.years[1:]))


def _partial_olympiad(ctx: _Context) -> FactColumn:
    """Per school the years with olympiad data of a school that has some but not all (a `partial_years`
    warning), or None."""
    out = np.full(len(ctx.order), np.nan)
    if ctx.enabled("olympiad_share"):
        have = ctx.now_of(ctx.result("olympiad_share").arrays["years_with"]).astype(np.int64)
        partial = np.flatnonzero((have > 0) & (have < ctx.rules.olympiad_share.years))
        out[partial] = have[partial]
    return _counts(out)


def iter_outcomes(evaluation: Evaluation) -> Iterator[dict[str, Any]]:
    """Per territory school, in the order of `evaluation.table`, a JSON-ready dict: categories, rules with
    reasons, figures, labels and parameters, warnings, objectivity flags."""
    rules = evaluation.rules
    reasons = Reasons(rules, evaluation.data.years[-1])
    parameters = {rule_id: _parameters(rules, rule_id) for rule_id in RULES}
    for outcome in school_facts(evaluation):
        entries, warnings, flags = reasons.explain(outcome.pop("facts"))
        for rule_id, entry in entries.items():
            entries[rule_id] = {
                **{key: entry[key] for key in ("outcome", "category", "serves")},
                "label": RULES[rule_id].label,
                "reason": entry["reason"],
                "figures": entry["figures"],
                "parameters": parameters[rule_id],
            }
        risk_count = outcome.pop("risk_count")
        yield {
            **{key: outcome.pop(key) for key in ("school_code", "categories", "insufficient_data")},
            "rules": entries,
            "warnings": warnings,
            "objectivity_flags": flags,
            "risk_count": risk_count,
            **outcome,
        }


__all__ = [
    "BLOCK", "CATEGORISING", "ROW_FIELDS", "FactBlock", "iter_outcomes", "read_block", "school_facts", "snapshot",
]  # fmt: skip
