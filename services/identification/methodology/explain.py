"""Per-school facts of an `Evaluation`: what each school's explanation is made of, and the explanation.

`school_facts()` yields per school the compact facts a run stores (the outcome of each rule, its figures, the
few unrounded numbers a sentence shows; see `reasons.py`). It works per rule and column-wise: each rule's
explainer turns the engine's arrays into Python lists over the territory schools once, in the order of
`evaluation.table` (vectorised selections: the decisive rows of each rule, grouped by school), and builds the
entries `[outcome, figures, extras]` of a batch of schools in one comprehension; one light pass then puts each
school's entries together. `iter_outcomes()` adds the Russian sentences at once (`reasons.Reasons`), as a run's
reader does later. Every number in a dict is a plain Python value (NaN → None), so `json.dumps(...,
allow_nan=False)` works.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

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
from services.identification.methodology.reasons import (
    SMALL_SAMPLE_RULES,
    Facts,
    Figure,
    Reasons,
    raw,
)
from services.identification.methodology.rules import RULES, MethodologyRules

# --- formatting ---------------------------------------------------------------------------------------


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


def _rounded(values: list[float]) -> list[float | None]:
    """`_plain` of the values of a float column: Python's `round` (not numpy's, whose last digit may differ)."""
    isfinite = math.isfinite
    return [round(x, 6) if isfinite(x) else None for x in values]


def _raws(values: list[float]) -> list[float | None]:
    """`raw` of the values of a float column: unrounded, NaN → None."""
    return [None if x != x else x for x in values]


def _floats(values: npt.NDArray[Any]) -> list[Any]:
    """Vectorised `_plain` for a float array: rounded to 6 places, NaN → None."""
    rounded = np.round(np.asarray(values, dtype=np.float64), 6)
    out = rounded.astype(object)
    out[~np.isfinite(rounded)] = None
    return list(out.tolist())


def _counts(values: npt.NDArray[Any]) -> list[Any]:
    """Like `_floats`, but whole numbers become ints (participants, pupils, counts)."""
    numbers = np.asarray(values, dtype=np.float64)
    out = np.round(numbers, 6).astype(object)
    whole = np.isfinite(numbers) & (numbers == np.floor(numbers))
    out[whole] = numbers[whole].astype(np.int64)
    out[~np.isfinite(numbers)] = None
    return list(out.tolist())


# --- the decisive rows, grouped by school -------------------------------------------------------------


def _pick(
    schools: int,
    school: IntArray,
    group: IntArray,
    groups: int,
    score: npt.NDArray[np.float64],
    flag: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray, list[int]]:
    """One item per (school, group) (`group` < `groups`): the one with the highest score, the first of equal
    ones; a group whose scores are all NaN gives its first item. Answers their positions ordered by school
    and group, the bounds per school (items of school i are `bounds[i]:bounds[i + 1]`) and the number of
    flagged items of each group. Maxima per bin instead of sorting the candidates: a few times faster."""
    n = len(school)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(schools + 1, dtype=np.int64), []
    key = school.astype(np.int64) * groups + group
    bins = schools * groups
    best = np.full(bins, -np.inf)
    np.fmax.at(best, key, score)
    hits = np.flatnonzero(score == best[key])
    first = np.full(bins, n, dtype=np.int64)
    np.minimum.at(first, key[hits], hits)
    keys = np.flatnonzero(np.bincount(key, minlength=bins))
    chosen = first[keys]
    unscored = chosen == n
    if unscored.any():
        first_any = np.full(bins, n, dtype=np.int64)
        np.minimum.at(first_any, key, np.arange(n))
        chosen[unscored] = first_any[keys[unscored]]
    flagged = np.bincount(key, weights=flag, minlength=bins)[keys].astype(np.int64)
    return chosen, np.searchsorted(school[chosen], np.arange(schools + 1)), flagged.tolist()


class _Spans:
    """Where each territory school's records are in columns grouped by school (`bounds` per school of the
    data): the records of the k-th school of the table are `start[k]:end[k]`."""

    def __init__(self, order: IntArray, bounds: IntArray) -> None:
        self.start: list[int] = bounds[order].tolist()
        self.end: list[int] = bounds[order + 1].tolist()

    def split(self, a: int, b: int, build: Callable[[int, int], list[Any]]) -> list[list[Any]]:
        """The records of the schools a…b of the table, a new list per school; `build(lo, hi)` makes the
        records lo…hi (those of schools outside the territory between them too, left out here)."""
        if a >= b:
            return []
        lo = self.start[a]
        records = build(lo, self.end[b - 1])
        return [records[start - lo : end - lo] for start, end in zip(self.start[a:b], self.end[a:b], strict=True)]


def _slices(columns: list[list[Any]], lo: int, hi: int) -> list[list[Any]]:
    return [column[lo:hi] for column in columns]


# --- the context --------------------------------------------------------------------------------------


class _Context:
    """What every explainer reads: the evaluation, the year columns, labels of the codes, and `order`, the
    territory schools in the order of the table (explainers answer lists in that order)."""

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

    def enabled(self, rule_id: str) -> bool:
        return rule_id in self.results and bool(getattr(self.rules, rule_id).enabled)

    def result(self, rule_id: str) -> RuleResult:
        return self.results[rule_id]

    def now_of(self, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """An (S, T) array's evaluated year, in table order."""
        return np.asarray(values[self.order, self.now])

    def states(self, rule_id: str) -> list[int]:
        return list(self.now_of(self.result(rule_id).state).tolist())

    def row_columns(self, year: IntArray, procedure: IntArray, subject: IntArray, grade: Any) -> list[list[Any]]:
        """The identifying columns of some rows as lists: school year, procedure, grade, subject."""
        return [
            self.year_names[year].tolist(),
            self.procedure_names[procedure].tolist(),
            _counts(grade),
            self.subject_names[subject].tolist(),
        ]


def _parameters(rules: MethodologyRules, rule_id: str) -> dict[str, Any]:
    return dict(getattr(rules, rule_id).model_dump(mode="json"))


# --- explainers: one per rule; `entries(a, b)` are the entries [outcome, figures, extras] of the schools a…b of
# the table in the evaluated year ---------------------------------------------------------------------------


def _row_figures(columns: list[list[Any]], lo: int, hi: int, fixed: dict[str, Any], last: str) -> list[Figure]:
    """Figures of the rows `lo…hi` of `fail_share_30` or `near_threshold`: the row and its numbers, the rule's
    parameters (`fixed`), whether the figure is doubtful, and how many rows of its group count (named `last`)."""
    return [
        {"school_year": y, "procedure": p, "grade": g, "subject": s, "participants": n, "below_min": below,
         "share": share, **fixed, "doubtful": doubtful, last: count}
        for y, p, g, s, n, below, share, doubtful, count in zip(*_slices(columns, lo, hi), strict=True)
    ]  # fmt: skip


class _FailShare:
    """The worst unit of each (year, procedure) of the window: what the rule judged. A school where the rule
    did not fire shows only the evaluated year's units and those over the threshold."""

    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.fail_share_30
        result = ctx.result("fail_share_30")
        self.state = ctx.states("fail_share_30")
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
        state = result.state[:, ctx.now]
        of = school[chosen]
        shown = np.isin(state[of], (FIRED, INSUFFICIENT)) | (year[chosen] == ctx.now) | (np.asarray(over) > 0)
        chosen, of = chosen[shown], of[shown]
        c = keep[chosen]
        self.columns = [
            *ctx.row_columns(units["year"][c], units["procedure"][c], units["subject"][c], units["grade"][c]),
            _counts(units["participants"][c]), _counts(units["below"][c]), _floats(units["share"][c]),
            units["doubtful"][c].tolist(), np.asarray(over, dtype=np.int64)[shown].tolist(),
        ]  # fmt: skip
        self.spans = _Spans(ctx.order, np.searchsorted(of, np.arange(ctx.schools + 1)))
        arrays = result.arrays
        self.condition = [
            [same, in_a_row, over_count] if outcome == FIRED else None
            for outcome, same, in_a_row, over_count in zip(
                self.state, ctx.now_of(arrays["same_year"]).tolist(), ctx.now_of(arrays["in_a_row"]).tolist(),
                ctx.now_of(arrays["procedures_over"]).tolist(), strict=True,
            )
        ]  # fmt: skip

    def entries(self, a: int, b: int) -> list[list[Any]]:
        fixed = {"threshold": self.rule.threshold}
        figures = self.spans.split(a, b, lambda lo, hi: _row_figures(self.columns, lo, hi, fixed, "rows_over"))
        return [list(entry) for entry in zip(self.state[a:b], figures, self.condition[a:b], strict=True)]


class _NearThreshold:
    def __init__(self, ctx: _Context) -> None:
        self.rule = ctx.rules.near_threshold
        result = ctx.result("near_threshold")
        self.state = ctx.states("near_threshold")
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
            _counts(rows.participants[c]), _counts(rows.below[c]), _floats(rows.share[c]), rows.doubtful[c].tolist(),
            in_band,
        ]  # fmt: skip
        self.spans = _Spans(ctx.order, bounds)
        fail_fired = ctx.now_of(result.arrays["fail_fired"]).tolist()
        worst = _raws(ctx.now_of(ctx.data.max(rows.st, result.arrays["mask"] & now, rows.share)).tolist())
        self.extras = [
            [fired, high] if outcome == NOT_FIRED else None
            for outcome, fired, high in zip(self.state, fail_fired, worst, strict=True)
        ]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        fixed = {"lower": self.rule.lower, "upper": self.rule.upper}
        figures = self.spans.split(a, b, lambda lo, hi: _row_figures(self.columns, lo, hi, fixed, "rows_in_band"))
        return [list(entry) for entry in zip(self.state[a:b], figures, self.extras[a:b], strict=True)]


class _Quantile:
    """`bottom_quartile` and `social_index_bottom_quartile`: a school value against the territory's cut."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.year = ctx.year
        self.social = social = rule_id == "social_index_bottom_quartile"
        self.rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        self.state = ctx.states(rule_id)
        values = ctx.now_of(result.arrays["index" if social else "composite"])
        self.plain = _floats(values)
        self.cut = raw(float(result.arrays["cut"][ctx.now]))
        self.extras = [
            None if outcome == INSUFFICIENT else [value, self.cut]
            for outcome, value in zip(self.state, _raws(values.tolist()), strict=True)
        ]
        self.ranked = int(result.arrays["ranked"][ctx.now])
        self.count = ctx.now_of(result.arrays["count" if social else "rows"]).astype(int).tolist()
        if social:
            indicators = ctx.data.social[ctx.order, ctx.now, :]
            self.indicators = [_floats(indicators[:, k]) for k in range(len(SOCIAL_INDICATORS))]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        year, quantile, cut, ranked = self.year, self.rule.quantile, _plain(self.cut), self.ranked
        rows = zip(self.state[a:b], self.plain[a:b], self.count[a:b], self.extras[a:b], strict=True)
        if not self.social:
            scale = self.rule.scale
            return [
                [outcome, [{"school_year": year, "composite": value, "quantile": quantile, "quantile_cut": cut,
                            "schools_ranked": ranked, "rows": count, "scale": scale}], extras]
                for outcome, value, count, extras in rows
            ]  # fmt: skip
        indicators = [
            dict(zip(SOCIAL_INDICATORS, values, strict=True))
            for values in zip(*_slices(self.indicators, a, b), strict=True)
        ]
        return [
            [outcome, [{"school_year": year, "index": value, "quantile": quantile, "quantile_cut": cut,
                        "schools_ranked": ranked, "indicators": shown, "indicators_present": count}], extras]
            for (outcome, value, count, extras), shown in zip(rows, indicators, strict=True)
        ]  # fmt: skip


class _BelowRegionalMean:
    def __init__(self, ctx: _Context) -> None:
        self.rule = ctx.rules.below_regional_mean
        result = ctx.result("below_regional_mean")
        self.state = ctx.states("below_regional_mean")
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
            _floats(arrays["gap"][c]), rows.doubtful[c].tolist(), below,
        ]  # fmt: skip
        self.spans = _Spans(ctx.order, bounds)

    def figures(self, lo: int, hi: int) -> list[Figure]:
        gap, scale = self.rule.gap, self.rule.scale
        return [
            {"school_year": y, "procedure": p, "grade": g, "subject": s, "participants": n, "value": v,
             "regional_mean": m, "difference": d, "gap": gap, "scale": scale, "doubtful": doubtful, "rows_below": k}
            for y, p, g, s, n, v, m, d, doubtful, k in zip(*_slices(self.columns, lo, hi), strict=True)
        ]  # fmt: skip

    def entries(self, a: int, b: int) -> list[list[Any]]:
        figures = self.spans.split(a, b, self.figures)
        return [[outcome, shown, None] for outcome, shown in zip(self.state[a:b], figures, strict=True)]


class _Olympiad:
    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.olympiad_share
        arrays = ctx.result("olympiad_share").arrays
        self.state = ctx.states("olympiad_share")
        self.columns = [
            ctx.now_of(arrays["years_with"]).astype(int).tolist(), _counts(ctx.now_of(arrays["participants"])),
            _counts(ctx.now_of(arrays["pupils"])), _floats(ctx.now_of(arrays["share"])),
        ]  # fmt: skip
        self.window = ctx.years[max(0, ctx.now - rule.years + 1) : ctx.now + 1]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        window, limit = self.window, self.rule.max_share
        return [
            [outcome, [{"school_years": [*window], "years_with_data": have, "participants": n, "pupils": pupils,
                        "share": share, "max_share": limit}], None]
            for outcome, have, n, pupils, share in zip(self.state[a:b], *_slices(self.columns, a, b), strict=True)
        ]  # fmt: skip


class _HardToReach:
    def __init__(self, ctx: _Context) -> None:
        self.state = ctx.states("hard_to_reach")
        settlement = ctx.data.settlement
        self.settlement = [settlement[i] for i in ctx.order.tolist()]
        self.hard = [None if h != h else bool(h) for h in ctx.data.hard_to_reach[ctx.order].tolist()]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        return [
            [outcome, [{"settlement_code": code, "hard_to_reach": hard}], None]
            for outcome, code, hard in zip(self.state[a:b], self.settlement[a:b], self.hard[a:b], strict=True)
        ]


class _Unemployment:
    def __init__(self, ctx: _Context) -> None:
        self.state = ctx.states("unemployment")
        settlement = ctx.data.settlement
        self.settlement = [settlement[i] for i in ctx.order.tolist()]
        self.share = _floats(ctx.data.unemployment[ctx.order])
        average = float(ctx.result("unemployment").arrays["average"])
        self.factor = float(ctx.rules.unemployment.factor)
        self.average, self.threshold = _plain(average), _plain(self.factor * average)
        self.extras = [raw(average)]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        average, factor, limit, extras = self.average, self.factor, self.threshold, self.extras
        return [
            [outcome, [{"settlement_code": code, "unemployment_share": share, "regional_average": average,
                        "factor": factor, "threshold": limit}], None if outcome == INSUFFICIENT else extras]
            for outcome, code, share in zip(self.state[a:b], self.settlement[a:b], self.share[a:b], strict=True)
        ]  # fmt: skip


class _Unstable:
    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.unstable_results
        arrays = ctx.result("unstable_results").arrays
        self.state = ctx.states("unstable_results")
        first = max(0, ctx.now - rule.years + 1)
        self.years = ctx.years[first : ctx.now + 1]
        by_year = [arrays[name][ctx.order, first : ctx.now + 1] for name in ("participants", "below", "measure")]
        participants, below, measure = by_year
        self.figures = [
            [_counts(participants[:, t]), _counts(below[:, t]), _floats(measure[:, t])] for t in range(len(self.years))
        ]
        self.measures = [_raws(measure[:, t].tolist()) for t in range(len(self.years))]
        change, amplitude = ctx.now_of(arrays["change"]).tolist(), ctx.now_of(arrays["amplitude"]).tolist()
        self.change = [_rounded(change), _rounded(amplitude), ctx.now_of(arrays["turned"]).tolist()]
        self.raw_change = [_raws(change), _raws(amplitude)]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        per_year = [
            [{"school_year": year, "participants": n, "below_min": below, "share": share}
             for n, below, share in zip(*_slices(columns, a, b), strict=True)]
            for year, columns in zip(self.years, self.figures, strict=True)
        ]  # fmt: skip
        decline, amplitude_threshold = self.rule.decline, self.rule.amplitude
        out: list[list[Any]] = []
        for outcome, figures, measures, change, amplitude, turned, raw_change, raw_amplitude in zip(
            self.state[a:b], zip(*per_year, strict=True), zip(*_slices(self.measures, a, b), strict=True),
            *_slices(self.change, a, b), *_slices(self.raw_change, a, b), strict=True,
        ):  # fmt: skip
            if outcome == INSUFFICIENT:
                out.append([outcome, [*figures], [[*measures], None, None]])
                continue
            last = {"change": change, "amplitude": amplitude, "direction_changed": turned, "decline": decline,
                    "amplitude_threshold": amplitude_threshold}  # fmt: skip
            out.append([outcome, [*figures, last], [[*measures], raw_change, raw_amplitude]])
        return out


class _RiskCount:
    def __init__(self, ctx: _Context) -> None:
        self.year = ctx.year
        self.rule = ctx.rules.risk_count
        result = ctx.result("risk_count")
        self.state = ctx.states("risk_count")
        self.count = _counts(ctx.now_of(result.arrays["count"]))
        risk = ctx.data.risk
        keys = risk["keys"]
        idx = np.flatnonzero(result.arrays["counted"] & (keys.year == ctx.now))
        factor, school = risk["factor"][idx], keys.school[idx]
        levels = np.array([*risk["levels"], ""], dtype=object)[risk["level"][idx]]
        order = np.lexsort((factor, school))
        self.factors = [factor[order].astype(np.int64).tolist(), [str(level) for level in levels[order].tolist()]]
        self.spans = _Spans(ctx.order, np.searchsorted(school[order], np.arange(ctx.schools + 1)))

    def entries(self, a: int, b: int) -> list[list[Any]]:
        factors = self.spans.split(
            a,
            b,
            lambda lo, hi: [
                {"factor": f, "level": level} for f, level in zip(*_slices(self.factors, lo, hi), strict=True)
            ],
        )
        year, levels, min_risks = self.year, self.rule.levels, self.rule.min_risks
        return [
            [outcome, [{"school_year": year, "count": count, "levels": [*levels], "min_risks": min_risks,
                        "factors": shown}], None]
            for outcome, count, shown in zip(self.state[a:b], self.count[a:b], factors, strict=True)
        ]  # fmt: skip


class _Objectivity:
    """The objectivity flags of the evaluated year (code, figures, the unrounded numbers their detail shows),
    and the `objectivity` rule's outcome."""

    def __init__(self, ctx: _Context) -> None:
        self.year = ctx.year
        self.rule = ctx.rules.objectivity
        arrays = ctx.result("objectivity").arrays
        self.flags = {name: ctx.now_of(values).tolist() for name, values in arrays["flags"].items()}
        self.sums = {name: _counts(ctx.now_of(values)) for name, values in arrays["sums"].items()}
        self.lowered = ctx.now_of(arrays["lowered_share"]).tolist()
        self.raised = ctx.now_of(arrays["raised_share"]).tolist()
        self.vpr_diff = ctx.now_of(arrays["vpr_diff"]).tolist()
        self.ege_diff = ctx.now_of(arrays["ege_diff"]).tolist()
        flags = self.flags
        self.flagged = [
            lowered or raised or above
            for lowered, raised, above in zip(
                flags["vpr_lowered"], flags["vpr_raised"], flags["above_regional_mean"], strict=True
            )
        ]
        self.quiet = [
            INSUFFICIENT if not lowered and not confirmed and math.isnan(difference) else NOT_FIRED
            for lowered, confirmed, difference in zip(
                self.sums["lowered"], self.sums["confirmed"], self.vpr_diff, strict=True
            )
        ]

    def flags_of(self, k: int) -> list[list[Any]]:
        year, rule = self.year, self.rule
        out: list[list[Any]] = []
        if self.flags["vpr_lowered"][k] or self.flags["vpr_raised"][k]:
            counts = {name: self.sums[name][k] for name in ("lowered", "confirmed", "raised")}
            for code, share, limit in (
                ("vpr_lowered", self.lowered[k], rule.vpr_lowered_share),
                ("vpr_raised", self.raised[k], rule.vpr_raised_share),
            ):
                if self.flags[code][k]:
                    figures = {"school_year": year, **counts, "share": _plain(share), "threshold": limit}
                    out.append([code, figures, raw(share)])
        if self.flags["above_regional_mean"][k]:
            ege = self.ege_diff[k]
            figures = {
                "school_year": year,
                "difference": _plain(self.vpr_diff[k]),
                "margin": rule.above_mean_margin,
                "ege_difference": _plain(ege),
            }
            out.append(["above_regional_mean", figures, raw(self.vpr_diff[k]), raw(ege)])
        return out

    def entries(self, a: int, b: int) -> list[list[Any]]:
        out: list[list[Any]] = []
        for k, flagged, quiet in zip(range(a, b), self.flagged[a:b], self.quiet[a:b], strict=True):
            if flagged:
                flags = self.flags_of(k)
                out.append([FIRED, [flag[1] for flag in flags], flags])
            else:
                out.append([quiet, [], None])
        return out


class _Indicator:
    """The three rules on an imported measure: its level, its mean over years, its trend."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.rule_id = rule_id
        self.rule = getattr(ctx.rules, rule_id)
        arrays = ctx.result(rule_id).arrays
        self.state = ctx.states(rule_id)
        years = getattr(self.rule, "years", 1)
        self.window = ctx.years[max(0, ctx.now - years + 1) : ctx.now + 1]
        self.series = [_floats(arrays["value"][ctx.order, ctx.years.index(year)]) for year in self.window]
        self.mean = _floats(ctx.now_of(arrays["mean"])) if "mean" in arrays else None
        self.direction = arrays["direction"]

    def entries(self, a: int, b: int) -> list[list[Any]]:
        rule, measure, direction, window = self.rule, self.rule.measure, self.direction, self.window
        means = self.mean[a:b] if self.mean is not None else [None] * (b - a)
        out: list[list[Any]] = []
        for outcome, values, mean in zip(
            self.state[a:b], zip(*_slices(self.series, a, b), strict=True), means, strict=True
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
        self.columns = [
            year,
            procedure,
            subject,
            grade,
            rows.participants[idx].astype(np.int64).tolist(),
            bits[idx].tolist(),
        ]
        self.spans = _Spans(ctx.order, np.searchsorted(rows.school[idx], np.arange(ctx.schools + 1)))

    def entries(self, a: int, b: int) -> list[list[list[Any]]]:
        return self.spans.split(a, b, self.records)

    def records(self, lo: int, hi: int) -> list[list[Any]]:
        return [[*row] for row in zip(*_slices(self.columns, lo, hi), strict=True)]


# --- the loop -----------------------------------------------------------------------------------------


class _Explainer(Protocol):
    state: list[int]

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
    return {rule_id: make() for rule_id, make in factories.items() if ctx.enabled(rule_id)}


BATCH = 2000


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


class _Facts:
    """Builds the schools' facts (`reasons.py` reads them) and their rows of the run's table, a batch of
    schools at a time; everything per school but the dicts themselves is a list in table order."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ctx = ctx = _Context(evaluation)
        self.explainers = _explainers(ctx)
        self.objectivity = _Objectivity(ctx) if ctx.rules.objectivity.enabled else None
        # Per rule the schools it does not apply to: their entry is the same whatever the explainer says.
        self.not_applicable = {
            rule_id: [state == NOT_APPLICABLE for state in explainer.state]
            for rule_id, explainer in self.explainers.items()
            if NOT_APPLICABLE in explainer.state
        }
        self.small = _SmallSamples(ctx)
        self.partial = _partial_olympiad(ctx)
        self.doubtful = _doubtful_years(ctx, evaluation.results["objectivity"].arrays["doubtful"])
        table = evaluation.table
        self.codes = [str(code) for code in ctx.data.codes[ctx.order].tolist()]
        self.columns = [
            table["categories"].tolist(), table["insufficient_data"].tolist(),
            [None if x != x else int(x) for x in table["risk_count"].tolist()],
            [_plain(x) for x in table["fail_share"].tolist()], table["previous_categories"].tolist(),
            [str(x) for x in table["trend"].tolist()], [_plain(x) for x in table["trend_change"].tolist()],
        ]  # fmt: skip

    def rules(self, a: int, b: int) -> list[dict[str, list[Any]]]:
        """The rule entries of the schools a…b, rule by rule as the explainers come."""
        columns = []
        for rule_id, explainer in self.explainers.items():
            entries = explainer.entries(a, b)
            skipped = self.not_applicable.get(rule_id)
            if skipped is not None:
                entries = [
                    [NOT_APPLICABLE, [], None] if skip else entry
                    for skip, entry in zip(skipped[a:b], entries, strict=True)
                ]
            columns.append(entries)
        rule_ids = list(self.explainers)
        if self.objectivity is not None:
            columns.append(self.objectivity.entries(a, b))
            rule_ids.append("objectivity")
        if not columns:
            return [{} for _ in range(a, b)]
        return [dict(zip(rule_ids, entries, strict=True)) for entries in zip(*columns, strict=True)]

    def batch(self, a: int, b: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for code, categories, insufficient, risk, fail, previous, trend, change, rules, small, partial, doubtful in zip(
            self.codes[a:b], *_slices(self.columns, a, b), self.rules(a, b), self.small.entries(a, b),
            self.partial[a:b], self.doubtful[a:b], strict=True,
        ):  # fmt: skip
            facts: Facts = {"r": rules}
            if small:
                facts["s"] = small
            if partial is not None:
                facts["p"] = partial
            if doubtful:
                facts["d"] = doubtful
            out.append(
                {
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
            )
        return out


def school_facts(evaluation: Evaluation) -> Iterator[dict[str, Any]]:
    """Per territory school, in the order of `evaluation.table`: its categories and figures for the run's
    table, and `facts`, what its explanation is built from when read (`reasons.Reasons.explain`)."""
    with _gc_paused():
        build = _Facts(evaluation)
    schools = len(build.codes)
    for start in range(0, schools, BATCH):
        with _gc_paused():
            batch = build.batch(start, min(start + BATCH, schools))
        yield from batch


def _doubtful_years(ctx: _Context, doubtful: npt.NDArray[np.bool_]) -> list[list[str] | None]:
    """Per school the flagged years the evaluated year's rules read (a `doubtful_results` warning)."""
    window = doubtful[ctx.order, 1:]
    out: list[list[str] | None] = [None] * len(ctx.order)
    for k in np.flatnonzero(window.any(axis=1)).tolist():
        out[k] = [ctx.years[t + 1] for t in np.flatnonzero(window[k]).tolist()]
    return out


def _partial_olympiad(ctx: _Context) -> list[int | None]:
    """Per school the years with olympiad data of a school that has some but not all (a `partial_years`
    warning)."""
    if not ctx.enabled("olympiad_share"):
        return [None] * len(ctx.order)
    wanted = ctx.rules.olympiad_share.years
    years_with = ctx.now_of(ctx.result("olympiad_share").arrays["years_with"]).tolist()
    return [int(have) if 0 < have < wanted else None for have in years_with]


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


__all__ = ["CATEGORISING", "iter_outcomes", "school_facts"]
