"""Per-school facts of an `Evaluation`: what each school's explanation is made of, and the explanation.

`school_facts()` yields per school the compact facts a run stores (the outcome of each rule, its figures, the
few unrounded numbers a sentence shows; see `reasons.py`): first a few vectorised selections (the decisive rows
of each rule, grouped by school), then one light loop that only picks. `iter_outcomes()` adds the Russian
sentences at once (`reasons.Reasons`), as a run's reader does later. Every number in a dict is a plain Python
value (NaN → None), so `json.dumps(..., allow_nan=False)` works.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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
    fail_units,
)
from services.identification.methodology.reasons import (
    SMALL_SAMPLE_RULES,
    Facts,
    Figure,
    Reasons,
    raw,
)
from services.identification.methodology.rules import RULES, MethodologyRules

RuleFacts = tuple[int, list[Figure], Any]  # outcome, figures, what the sentence needs beyond them


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


def _int_or_none(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


# --- grouping the decisive rows by school -------------------------------------------------------------


@dataclass
class _Grouped:
    """Records grouped by school: the records of school i are `records[bounds[i]:bounds[i + 1]]`."""

    bounds: list[int]
    records: list[tuple[Any, ...]]

    def of(self, school: int) -> list[tuple[Any, ...]]:
        return self.records[self.bounds[school] : self.bounds[school + 1]]


def _group(schools: int, school: IntArray, columns: list[npt.NDArray[Any]], order: IntArray | None = None) -> _Grouped:
    """All records, grouped by school (stable within a school)."""
    if order is None:
        order = np.argsort(school, kind="stable")
    bounds = np.searchsorted(school[order], np.arange(schools + 1)).tolist()
    records = list(zip(*(column[order].tolist() for column in columns), strict=True)) if len(order) else []
    return _Grouped(bounds, records)


def _pick(
    schools: int, school: IntArray, group: IntArray, score: npt.NDArray[np.float64], flag: npt.NDArray[np.bool_]
) -> tuple[IntArray, list[int], list[int]]:
    """One item per (school, group), the one with the highest score: its positions, the bounds per school
    (items of school i are `bounds[i]:bounds[i + 1]`) and the number of flagged items of each group."""
    if len(school) == 0:
        return np.zeros(0, dtype=np.int64), [0] * (schools + 1), []
    order = np.lexsort((-score, group, school))
    s, g = school[order], group[order]
    first = np.flatnonzero(np.r_[True, (s[1:] != s[:-1]) | (g[1:] != g[:-1])])
    flagged = np.add.reduceat(flag[order].astype(np.int64), first)
    chosen = order[first]
    bounds = np.searchsorted(school[chosen], np.arange(schools + 1)).tolist()
    return chosen, bounds, flagged.tolist()


def _records(bounds: list[int], columns: list[list[Any]]) -> _Grouped:
    return _Grouped(bounds, list(zip(*columns, strict=True)) if columns and columns[0] else [])


# --- the context --------------------------------------------------------------------------------------


class _Context:
    """What every explainer reads: the evaluation, the year columns, labels of the codes."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.data = evaluation.data
        self.rules: MethodologyRules = evaluation.rules
        self.results = evaluation.results
        self.schools, self.years_count = self.data.shape
        self.now = self.years_count - 1
        self.years = self.data.years
        self.year = self.years[self.now]
        rows = self.data.rows
        self.procedure_names = np.array([*rows.procedures, ""], dtype=object)
        self.subject_names = np.array([*rows.subjects, ""], dtype=object)
        self.year_names = np.array(self.years, dtype=object)

    def state(self, rule_id: str) -> list[int] | None:
        result = self.results.get(rule_id)
        if result is None or not getattr(self.rules, rule_id).enabled:
            return None
        return [int(x) for x in result.state[:, self.now]]

    def result(self, rule_id: str) -> RuleResult:
        return self.results[rule_id]

    def row_columns(self, year: IntArray, procedure: IntArray, subject: IntArray, grade: Any) -> dict[str, list[Any]]:
        """The identifying columns of some rows as lists."""
        return {
            "school_year": self.year_names[year].tolist(),
            "procedure": self.procedure_names[procedure].tolist(),
            "subject": self.subject_names[subject].tolist(),
            "grade": _counts(grade),
        }


def _parameters(rules: MethodologyRules, rule_id: str) -> dict[str, Any]:
    return dict(getattr(rules, rule_id).model_dump(mode="json"))


# --- explainers: one per rule; each returns (outcome, figures, extras) for school i in the evaluated year ---


class _FailShare:
    """The worst unit of each (year, procedure) of the window: what the rule judged."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.rule = rule = ctx.rules.fail_share_30
        result = ctx.result("fail_share_30")
        self.state = [int(x) for x in result.state[:, ctx.now]]
        rows = ctx.data.rows
        window = result.arrays["mask"] & (rows.year >= ctx.now - rule.consecutive_years + 1)
        units = result.arrays["units"] or fail_units(ctx.data, ctx.rules, window)
        keep = np.flatnonzero(units["year"] >= ctx.now - rule.consecutive_years + 1)
        year, procedure = units["year"][keep], units["procedure"][keep]
        group = year * (len(ctx.procedure_names) + 1) + procedure
        share = units["share"][keep]
        over_unit = share >= rule.threshold - EPS
        chosen, bounds, over = _pick(ctx.schools, units["school"][keep], group, share, over_unit)
        c = keep[chosen]
        columns = ctx.row_columns(units["year"][c], units["procedure"][c], units["subject"][c], units["grade"][c])
        # Tuples now, dicts when a school is explained: 40,000 schools' figures as dicts weigh 100+ MB.
        figures = list(
            zip(
                columns["school_year"], columns["procedure"], columns["grade"], columns["subject"],
                _counts(units["participants"][c]), _counts(units["below"][c]), _floats(units["share"][c]),
                units["doubtful"][c].tolist(), over, strict=True,
            )
        )  # fmt: skip
        is_now = (units["year"][c] == ctx.now).tolist()
        self.picked = _records(bounds, [figures, is_now])
        self.same_year = result.arrays["same_year"][:, ctx.now].tolist()
        self.in_a_row = result.arrays["in_a_row"][:, ctx.now].tolist()
        self.procedures_over = result.arrays["procedures_over"][:, ctx.now].tolist()

    def figure(self, record: tuple[Any, ...]) -> Figure:
        y, p, g, s, n, b, sh, d, o = record
        return {
            "school_year": y,
            "procedure": p,
            "grade": g,
            "subject": s,
            "participants": n,
            "below_min": b,
            "share": sh,
            "threshold": self.rule.threshold,
            "doubtful": d,
            "rows_over": o,
        }

    def __call__(self, i: int) -> RuleFacts:
        state = self.state[i]
        records = self.picked.of(i)
        if state == FIRED:
            condition = [bool(self.same_year[i]), bool(self.in_a_row[i]), int(self.procedures_over[i])]
            return FIRED, [self.figure(r[0]) for r in records], condition
        if state == INSUFFICIENT:
            return INSUFFICIENT, [self.figure(r[0]) for r in records], None
        return state, [self.figure(r[0]) for r in records if r[1] or r[0][8] > 0], None


class _NearThreshold:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.rule = rule = ctx.rules.near_threshold
        result = ctx.result("near_threshold")
        self.state = [int(x) for x in result.state[:, ctx.now]]
        rows = ctx.data.rows
        now = rows.year == ctx.now
        idx = np.flatnonzero(result.arrays["band"] & now)
        share = rows.share[idx]
        chosen, bounds, in_band = _pick(
            ctx.schools, rows.school[idx], rows.procedure[idx], share, np.ones(len(idx), bool)
        )
        c = idx[chosen]
        columns = ctx.row_columns(rows.year[c], rows.procedure[c], rows.subject[c], rows.grade[c])
        figures = [
            {
                "school_year": y,
                "procedure": p,
                "grade": g,
                "subject": s,
                "participants": n,
                "below_min": b,
                "share": sh,
                "lower": rule.lower,
                "upper": rule.upper,
                "doubtful": d,
                "rows_in_band": k,
            }
            for y, p, g, s, n, b, sh, d, k in zip(
                columns["school_year"], columns["procedure"], columns["grade"], columns["subject"],
                _counts(rows.participants[c]), _counts(rows.below[c]), _floats(rows.share[c]),
                rows.doubtful[c].tolist(), in_band, strict=True,
            )
        ]  # fmt: skip
        self.picked = _records(bounds, [figures])
        self.fail_fired = result.arrays["fail_fired"][:, ctx.now].tolist()
        self.worst = ctx.data.max(rows.st, result.arrays["mask"] & now, rows.share)[:, ctx.now].tolist()

    def __call__(self, i: int) -> RuleFacts:
        figures = [r[0] for r in self.picked.of(i)]
        state = self.state[i]
        if state == NOT_FIRED:
            return state, figures, [bool(self.fail_fired[i]), raw(self.worst[i])]
        return state, figures, None


class _Quantile:
    """`bottom_quartile` and `social_index_bottom_quartile`: a school value against the territory's cut."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.ctx = ctx
        self.social = social = rule_id == "social_index_bottom_quartile"
        self.rule = rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        self.state = [int(x) for x in result.state[:, ctx.now]]
        raw_values = result.arrays["index" if social else "composite"][:, ctx.now]
        self.value = raw_values.tolist()
        self.plain = _floats(raw_values)
        self.cut = raw(float(result.arrays["cut"][ctx.now]))
        ranked = int(result.arrays["ranked"][ctx.now])
        self.count = result.arrays["count" if social else "rows"][:, ctx.now].astype(int).tolist()
        self.fixed = {"quantile": rule.quantile, "quantile_cut": _plain(self.cut), "schools_ranked": ranked}
        if social:
            indicators = ctx.data.social[:, ctx.now, :]
            lists = [_floats(indicators[:, k]) for k in range(len(SOCIAL_INDICATORS))]
            self.indicators = [dict(zip(SOCIAL_INDICATORS, values, strict=True)) for values in zip(*lists, strict=True)]

    def __call__(self, i: int) -> RuleFacts:
        figure: Figure = {"school_year": self.ctx.year, "index" if self.social else "composite": self.plain[i]}
        figure.update(self.fixed)
        if self.social:
            figure["indicators"] = self.indicators[i]
            figure["indicators_present"] = self.count[i]
        else:
            figure["rows"] = self.count[i]
            figure["scale"] = self.rule.scale
        state = self.state[i]
        if state == INSUFFICIENT:
            return state, [figure], None
        return state, [figure], [raw(self.value[i]), self.cut]


class _BelowRegionalMean:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.rule = rule = ctx.rules.below_regional_mean
        result = ctx.result("below_regional_mean")
        self.state = [int(x) for x in result.state[:, ctx.now]]
        rows, arrays = ctx.data.rows, result.arrays
        idx = np.flatnonzero(arrays["mask"] & (rows.year == ctx.now))
        gap = arrays["gap"][idx]
        chosen, bounds, below = _pick(ctx.schools, rows.school[idx], rows.procedure[idx], gap, arrays["below"][idx])
        c = k = idx[chosen]
        columns = ctx.row_columns(rows.year[c], rows.procedure[c], rows.subject[c], rows.grade[c])
        figures = [
            {
                "school_year": y,
                "procedure": p,
                "grade": g,
                "subject": s,
                "participants": n,
                "value": v,
                "regional_mean": m,
                "difference": d,
                "gap": rule.gap,
                "scale": rule.scale,
                "doubtful": doubtful,
                "rows_below": b,
            }
            for y, p, g, s, n, v, m, d, doubtful, b in zip(
                columns["school_year"], columns["procedure"], columns["grade"], columns["subject"],
                _counts(rows.participants[c]), _floats(arrays["value"][k]), _floats(arrays["regional"][k]),
                _floats(arrays["gap"][k]), rows.doubtful[c].tolist(), below, strict=True,
            )
        ]  # fmt: skip
        self.picked = _records(bounds, [figures])

    def __call__(self, i: int) -> RuleFacts:
        return self.state[i], [r[0] for r in self.picked.of(i)], None


class _Olympiad:
    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.olympiad_share
        result = ctx.result("olympiad_share")
        arrays = result.arrays
        self.state = [int(x) for x in result.state[:, ctx.now]]
        self.share = _floats(arrays["share"][:, ctx.now])
        self.participants = _counts(arrays["participants"][:, ctx.now])
        self.pupils = _counts(arrays["pupils"][:, ctx.now])
        self.years_with = arrays["years_with"][:, ctx.now].astype(int).tolist()
        self.window = ctx.years[max(0, ctx.now - rule.years + 1) : ctx.now + 1]

    def __call__(self, i: int) -> RuleFacts:
        figure = {
            "school_years": list(self.window),
            "years_with_data": self.years_with[i],
            "participants": self.participants[i],
            "pupils": self.pupils[i],
            "share": self.share[i],
            "max_share": self.rule.max_share,
        }
        return self.state[i], [figure], None


class _HardToReach:
    def __init__(self, ctx: _Context) -> None:
        self.state = [int(x) for x in ctx.result("hard_to_reach").state[:, ctx.now]]
        self.settlement = ctx.data.settlement
        self.hard = [None if math.isnan(h) else bool(h) for h in ctx.data.hard_to_reach.tolist()]

    def __call__(self, i: int) -> RuleFacts:
        return self.state[i], [{"settlement_code": self.settlement[i], "hard_to_reach": self.hard[i]}], None


class _Unemployment:
    def __init__(self, ctx: _Context) -> None:
        self.state = [int(x) for x in ctx.result("unemployment").state[:, ctx.now]]
        self.settlement = ctx.data.settlement
        self.share = _floats(ctx.data.unemployment)
        average = float(ctx.result("unemployment").arrays["average"])
        factor = float(ctx.rules.unemployment.factor)
        self.fixed = {"regional_average": _plain(average), "factor": factor, "threshold": _plain(factor * average)}
        self.average = [raw(average)]

    def __call__(self, i: int) -> RuleFacts:
        figure = {"settlement_code": self.settlement[i], "unemployment_share": self.share[i], **self.fixed}
        state = self.state[i]
        return state, [figure], None if state == INSUFFICIENT else self.average


class _Unstable:
    def __init__(self, ctx: _Context) -> None:
        self.rule = rule = ctx.rules.unstable_results
        result = ctx.result("unstable_results")
        self.state = [int(x) for x in result.state[:, ctx.now]]
        first = max(0, ctx.now - rule.years + 1)
        arrays = result.arrays
        window = slice(first, ctx.now + 1)
        self.years = ctx.years[window]
        self.measure = arrays["measure"][:, window].tolist()
        self.participants = [_counts(arrays["participants"][:, t]) for t in range(first, ctx.now + 1)]
        self.below = [_counts(arrays["below"][:, t]) for t in range(first, ctx.now + 1)]
        self.shares = [_floats(arrays["measure"][:, t]) for t in range(first, ctx.now + 1)]
        self.change = arrays["change"][:, ctx.now].tolist()
        self.amplitude = arrays["amplitude"][:, ctx.now].tolist()
        self.turned = arrays["turned"][:, ctx.now].tolist()
        self.fixed = {"decline": rule.decline, "amplitude_threshold": rule.amplitude}

    def __call__(self, i: int) -> RuleFacts:
        figures: list[Figure] = [
            {
                "school_year": year,
                "participants": self.participants[k][i],
                "below_min": self.below[k][i],
                "share": self.shares[k][i],
            }
            for k, year in enumerate(self.years)
        ]
        measures = [raw(m) for m in self.measure[i]]
        state = self.state[i]
        if state == INSUFFICIENT:
            return state, figures, [measures, None, None]
        change, amplitude = self.change[i], self.amplitude[i]
        figures.append(
            {"change": _plain(change), "amplitude": _plain(amplitude), "direction_changed": bool(self.turned[i])}
            | self.fixed
        )
        return state, figures, [measures, raw(change), raw(amplitude)]


class _RiskCount:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.rule = ctx.rules.risk_count
        result = ctx.result("risk_count")
        self.state = [int(x) for x in result.state[:, ctx.now]]
        self.count = _counts(result.arrays["count"][:, ctx.now])
        risk = ctx.data.risk
        keys = risk["keys"]
        idx = np.flatnonzero(result.arrays["counted"] & (keys.year == ctx.now))
        factor, school = risk["factor"][idx], keys.school[idx]
        levels = np.array([*risk["levels"], ""], dtype=object)[risk["level"][idx]]
        order = np.lexsort((factor, school))
        self.factors = _group(ctx.schools, school, [factor.astype(np.int64), levels], order)

    def __call__(self, i: int) -> RuleFacts:
        rule = self.rule
        figure = {
            "school_year": self.ctx.year,
            "count": self.count[i],
            "levels": list(rule.levels),
            "min_risks": rule.min_risks,
            "factors": [{"factor": f, "level": str(level)} for f, level in self.factors.of(i)],
        }
        return self.state[i], [figure], None


class _Objectivity:
    """The objectivity flags of the evaluated year (code, figures, the unrounded numbers their detail shows),
    and the `objectivity` rule's outcome."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.rule = ctx.rules.objectivity
        arrays = ctx.result("objectivity").arrays
        now = ctx.now
        self.flags = {name: values[:, now].tolist() for name, values in arrays["flags"].items()}
        self.sums = {name: _counts(values[:, now]) for name, values in arrays["sums"].items()}
        self.lowered = arrays["lowered_share"][:, now].tolist()
        self.raised = arrays["raised_share"][:, now].tolist()
        self.vpr_diff = arrays["vpr_diff"][:, now].tolist()
        self.ege_diff = arrays["ege_diff"][:, now].tolist()

    def flags_of(self, i: int) -> list[list[Any]]:
        ctx, rule = self.ctx, self.rule
        out: list[list[Any]] = []
        if self.flags["vpr_lowered"][i] or self.flags["vpr_raised"][i]:
            counts = {name: self.sums[name][i] for name in ("lowered", "confirmed", "raised")}
            for code, share, limit in (
                ("vpr_lowered", self.lowered[i], rule.vpr_lowered_share),
                ("vpr_raised", self.raised[i], rule.vpr_raised_share),
            ):
                if self.flags[code][i]:
                    figures = {"school_year": ctx.year, **counts, "share": _plain(share), "threshold": limit}
                    out.append([code, figures, raw(share)])
        if self.flags["above_regional_mean"][i]:
            ege = self.ege_diff[i]
            figures = {
                "school_year": ctx.year,
                "difference": _plain(self.vpr_diff[i]),
                "margin": rule.above_mean_margin,
                "ege_difference": _plain(ege),
            }
            out.append(["above_regional_mean", figures, raw(self.vpr_diff[i]), raw(ege)])
        return out

    def __call__(self, i: int) -> RuleFacts:
        flags = self.flags_of(i)
        if flags:
            return FIRED, [flag[1] for flag in flags], flags
        if not self.sums["lowered"][i] and not self.sums["confirmed"][i] and math.isnan(self.vpr_diff[i]):
            return INSUFFICIENT, [], None
        return NOT_FIRED, [], None


# --- warnings -----------------------------------------------------------------------------------------


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
        columns = ctx.row_columns(rows.year[idx], rows.procedure[idx], rows.subject[idx], rows.grade[idx])
        records = [np.array(columns[name], dtype=object) for name in ("school_year", "procedure", "subject", "grade")]
        records += [rows.participants[idx].astype(np.int64), bits[idx]]
        self.grouped = _group(ctx.schools, rows.school[idx], records)

    def __call__(self, i: int) -> list[list[Any]]:
        return [list(record) for record in self.grouped.of(i)]


class _Indicator:
    """The three rules on an imported measure: its level, its mean over years, its trend."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.rule_id = rule_id
        self.rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        arrays = result.arrays
        self.state = [int(x) for x in result.state[:, ctx.now]]
        years = getattr(self.rule, "years", 1)
        self.window = ctx.years[max(0, ctx.now - years + 1) : ctx.now + 1]
        self.series = [_floats(arrays["value"][:, ctx.years.index(year)]) for year in self.window]
        self.mean = _floats(arrays["mean"][:, ctx.now]) if "mean" in arrays else None
        self.direction = arrays["direction"]

    def __call__(self, i: int) -> RuleFacts:
        figure: dict[str, Any] = {
            "measure": self.rule.measure,
            "direction": self.direction,
            "school_years": list(self.window),
            "values": [column[i] for column in self.series],
        }
        state = self.state[i]
        if state == INSUFFICIENT:
            return state, [figure], None
        if self.rule_id == "indicator_level":
            figure["threshold"] = self.rule.threshold
        elif self.rule_id == "indicator_mean":
            figure |= {"mean": self.mean[i] if self.mean is not None else None, "threshold": self.rule.threshold}
        else:
            figure |= {"decline": self.rule.decline, "amplitude": self.rule.amplitude}
        return state, [figure], None


# --- the loop -----------------------------------------------------------------------------------------


def _explainers(ctx: _Context) -> dict[str, Callable[[int], RuleFacts]]:
    factories: dict[str, Callable[[], Callable[[int], RuleFacts]]] = {
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
    explainers = {rule_id: make() for rule_id, make in factories.items() if ctx.state(rule_id) is not None}
    if ctx.rules.objectivity.enabled:
        explainers["objectivity"] = _Objectivity(ctx)
    return explainers


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
    """Builds one school's facts (`reasons.py` reads them) and its row of the run's table."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ctx = ctx = _Context(evaluation)
        self.explainers = _explainers(ctx)
        self.not_applicable = {
            rule_id: [x == NOT_APPLICABLE for x in ctx.state(rule_id) or []]
            for rule_id in self.explainers
            if rule_id != "objectivity"
        }
        self.small = _SmallSamples(ctx)
        table = evaluation.table
        names = ("categories", "insufficient_data", "risk_count", "fail_share", "previous_categories", "trend")
        self.columns = {name: table[name].tolist() for name in (*names, "trend_change")}
        self.doubtful_years = _doubtful_years(ctx, evaluation.results["objectivity"].arrays["doubtful"])
        self.partial = _partial_olympiad(ctx)

    def facts(self, i: int) -> Facts:
        rules: dict[str, list[Any]] = {}
        for rule_id, explain in self.explainers.items():
            skipped = self.not_applicable.get(rule_id)
            rules[rule_id] = [NOT_APPLICABLE, [], None] if skipped and skipped[i] else list(explain(i))
        facts: Facts = {"r": rules}
        small = self.small(i)
        if small:
            facts["s"] = small
        partial = self.partial(i)
        if partial is not None:
            facts["p"] = partial
        doubtful = self.doubtful_years(i)
        if doubtful:
            facts["d"] = doubtful
        return facts

    def __call__(self, k: int, i: int) -> dict[str, Any]:
        columns = self.columns
        previous = columns["previous_categories"][k]
        return {
            "school_code": str(self.ctx.data.codes[i]),
            "categories": list(columns["categories"][k]),
            "insufficient_data": bool(columns["insufficient_data"][k]),
            "facts": self.facts(i),
            "risk_count": _int_or_none(columns["risk_count"][k]),
            "fail_share": _plain(columns["fail_share"][k]),
            "previous_categories": None if previous is None else list(previous),
            "trend": str(columns["trend"][k]),
            "trend_change": _plain(columns["trend_change"][k]),
        }


def school_facts(evaluation: Evaluation) -> Iterator[dict[str, Any]]:
    """Per territory school, in the order of `evaluation.table`: its categories and figures for the run's
    table, and `facts`, what its explanation is built from when read (`reasons.Reasons.explain`)."""
    with _gc_paused():
        build = _Facts(evaluation)
    schools = evaluation.schools.tolist()
    for start in range(0, len(schools), BATCH):
        with _gc_paused():
            batch = [build(start + k, i) for k, i in enumerate(schools[start : start + BATCH])]
        yield from batch


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


def _doubtful_years(ctx: _Context, doubtful: npt.NDArray[np.bool_]) -> Callable[[int], list[str]]:
    """The flagged years the evaluated year's rules read (a `doubtful_results` warning)."""
    window = doubtful[:, 1:]
    flagged = np.flatnonzero(window.any(axis=1))
    years = {int(i): [ctx.years[t + 1] for t in np.flatnonzero(window[i])] for i in flagged}
    return lambda i: years.get(i, [])


def _partial_olympiad(ctx: _Context) -> Callable[[int], int | None]:
    """The years with olympiad data of a school that has some but not all (a `partial_years` warning)."""
    if "olympiad_share" not in ctx.results or not ctx.rules.olympiad_share.enabled:
        return lambda i: None
    wanted = ctx.rules.olympiad_share.years
    years_with = ctx.result("olympiad_share").arrays["years_with"][:, ctx.now].tolist()
    return lambda i: int(years_with[i]) if 0 < years_with[i] < wanted else None


__all__ = ["CATEGORISING", "iter_outcomes", "school_facts"]
