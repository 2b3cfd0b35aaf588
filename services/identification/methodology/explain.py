"""Per-school explanations of an `Evaluation`: the reasons, figures and warnings a person reads.

Built lazily by `iter_outcomes()`: first a few vectorised selections (the decisive rows of each
rule, grouped by school), then one light loop that only formats. Every text is Russian; every number in
a dict is a plain Python value (NaN → None), so `json.dumps(..., allow_nan=False)` works.
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
    OUTCOME_NAMES,
    SOCIAL_INDICATORS,
    Evaluation,
    IntArray,
    RuleResult,
    fail_units,
)
from services.identification.methodology.rules import RULE_CATEGORIES, RULES, MethodologyRules, ResultsRule
from services.identification.vocabulary import RISK_LEVELS, SUBJECTS

Figure = dict[str, Any]
Explained = tuple[str, str, list[Figure]]  # outcome, reason, figures

INDICATOR_LABELS = {
    "parents_higher_education_share": "оба родителя с высшим образованием",
    "unemployed_parents_share": "безработные родители",
    "deviant_behaviour_share": "девиантное поведение",
    "non_native_russian_share": "русский язык не родной",
}
FLAG_LABELS = {
    "vpr_lowered": "отметки ВПР ниже отметок за период",
    "vpr_raised": "отметки ВПР выше отметок за период",
    "above_regional_mean": "результаты ВПР намного выше среднего по региону",
}


# --- formatting ---------------------------------------------------------------------------------------


def _number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def _percent(share: float, digits: int = 1) -> str:
    return f"{_number(share * 100, digits)} %"


def _threshold(share: float) -> str:
    """0.3 → `30 %`, 0.005 → `0,5 %`."""
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def _count(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else _number(value)


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


def _subject(code: str) -> str:
    return SUBJECTS.get(code, code).lower()


def _list(values: list[str], labels: Callable[[str], str] = str) -> str:
    return ", ".join(labels(v) for v in values)


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
        """The identifying columns of some rows as lists, and the Russian label of each row."""
        columns = {
            "school_year": self.year_names[year].tolist(),
            "procedure": self.procedure_names[procedure].tolist(),
            "subject": self.subject_names[subject].tolist(),
            "grade": _counts(grade),
        }
        columns["label"] = [
            f"{p}, {_subject(s)}, {g} класс, {y}" if g is not None else f"{p}, {_subject(s)}, {y}"
            for p, s, g, y in zip(
                columns["procedure"], columns["subject"], columns["grade"], columns["school_year"], strict=True
            )
        ]
        return columns

    def filter_text(self, rule: ResultsRule) -> str:
        return f"{_list(rule.procedures)}; {_list(rule.subjects, _subject)}"

    def no_rows(self, rule: ResultsRule) -> str:
        return (
            f"Нет результатов ({self.filter_text(rule)}) с числом участников не менее {rule.min_participants} "
            f"за {self.year}"
        )


def _parameters(rules: MethodologyRules, rule_id: str) -> dict[str, Any]:
    return dict(getattr(rules, rule_id).model_dump(mode="json"))


def _procedures_word(count: int) -> str:
    words = {1: "одна процедура", 2: "две процедуры", 3: "три процедуры", 4: "четыре процедуры"}
    return words.get(count, f"{count} процедур")


def _years_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} год"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} года"
    return f"{count} лет"


_YEARS_PROCEDURES = {
    "same": "одна и та же процедура",
    "any": "любая процедура",
    "different": "разные процедуры в соседние годы",
}


# --- explainers: one per rule; each returns (outcome, reason, figures) for school i in the evaluated year ---


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
        figures = [
            {
                "school_year": y,
                "procedure": p,
                "grade": g,
                "subject": s,
                "participants": n,
                "below_min": b,
                "share": sh,
                "threshold": rule.threshold,
                "doubtful": d,
                "rows_over": o,
            }
            for y, p, g, s, n, b, sh, d, o in zip(
                columns["school_year"], columns["procedure"], columns["grade"], columns["subject"],
                _counts(units["participants"][c]), _counts(units["below"][c]), _floats(units["share"][c]),
                units["doubtful"][c].tolist(), over, strict=True,
            )
        ]  # fmt: skip
        is_now = (units["year"][c] == ctx.now).tolist()
        self.picked = _records(bounds, [figures, columns["label"], is_now])
        self.same_year = result.arrays["same_year"][:, ctx.now].tolist()
        self.in_a_row = result.arrays["in_a_row"][:, ctx.now].tolist()
        self.procedures_over = result.arrays["procedures_over"][:, ctx.now].tolist()
        self.threshold = _threshold(rule.threshold)
        self.no_rows = ctx.no_rows(rule)
        needs = (
            f"нужно не менее {rule.same_year_procedures} разных процедур в одном году "
            f"{'или' if rule.operator == 'or' else 'и'} {_YEARS_PROCEDURES[rule.years_procedures]} "
            f"{_years_word(rule.consecutive_years)} подряд"
        )
        self.needs = needs

    @staticmethod
    def text(record: tuple[Any, ...], first: bool) -> str:
        figure, label, _ = record
        tail = " участников" if first else ""
        mark = " (результат сомнителен)" if figure["doubtful"] else ""
        return f"{label}: {figure['below_min']} из {figure['participants']}{tail} ({_percent(figure['share'])}){mark}"

    def __call__(self, i: int) -> Explained:
        state = self.state[i]
        records = self.picked.of(i)
        if state == INSUFFICIENT:
            return "insufficient_data", self.no_rows, [r[0] for r in records]
        over = [r for r in records if r[0]["rows_over"] > 0]
        if state == FIRED:
            texts = [self.text(r, k == 0) for k, r in enumerate(over)]
            texts[0] += f" ниже минимального порога при пороге {self.threshold}"
            return "fired", f"{'; '.join(texts)} — {self.condition(i)}", [r[0] for r in records]
        shown = [r for r in records if r[2] or r[0]["rows_over"] > 0]
        if over:
            listed = "; ".join(self.text(r, k == 0) for k, r in enumerate(over))
            reason = f"Не менее {self.threshold} ниже минимального порога: {listed} — {self.needs}"
        else:
            worst = max((r for r in records if r[2]), key=lambda r: r[0]["share"], default=None)
            reason = (
                f"Наибольшая доля ниже минимального порога — {self.text(worst, True)}, меньше порога {self.threshold}"
                if worst is not None
                else f"Нет результатов с долей ниже минимального порога не менее {self.threshold}"
            )
        return "not_fired", reason, [r[0] for r in shown]

    def condition(self, i: int) -> str:
        parts = []
        subject = " по одному предмету" if self.rule.same_subject else ""
        if self.same_year[i]:
            parts.append(f"{_procedures_word(self.procedures_over[i])} в одном учебном году{subject}")
        if self.in_a_row[i]:
            parts.append(
                f"{_YEARS_PROCEDURES[self.rule.years_procedures]} {_years_word(self.rule.consecutive_years)} "
                f"подряд{subject}"
            )
        return " и ".join(parts)


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
        self.picked = _records(bounds, [figures, columns["label"]])
        self.fail_fired = result.arrays["fail_fired"][:, ctx.now].tolist()
        self.worst = ctx.data.max(rows.st, result.arrays["mask"] & now, rows.share)[:, ctx.now].tolist()
        self.band = f"от {_threshold(rule.lower)} до {_threshold(rule.upper)}"
        self.no_rows = ctx.no_rows(rule)

    def __call__(self, i: int) -> Explained:
        records = self.picked.of(i)
        figures = [r[0] for r in records]
        if self.state[i] == INSUFFICIENT:
            return "insufficient_data", self.no_rows, figures
        if self.state[i] == FIRED:
            texts = "; ".join(
                f"{label}: {f['below_min']} из {f['participants']} ({_percent(f['share'])})" for f, label in records
            )
            return "fired", f"{texts} — доля ниже минимального порога {self.band}", figures
        if self.fail_fired[i]:
            return "not_fired", "Сработало правило 30 %: зона риска вблизи порога не назначается", figures
        worst = _percent(self.worst[i]) if not math.isnan(self.worst[i]) else "нет данных"
        reason = (
            f"Нет результатов с долей ниже минимального порога {self.band} за {self.ctx.year} (наибольшая: {worst})"
        )
        return "not_fired", reason, figures


class _Quantile:
    """`bottom_quartile` and `social_index_bottom_quartile`: a school value against the territory's cut."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.ctx = ctx
        self.social = social = rule_id == "social_index_bottom_quartile"
        self.rule = rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        self.state = [int(x) for x in result.state[:, ctx.now]]
        raw = result.arrays["index" if social else "composite"][:, ctx.now]
        self.value = raw.tolist()
        self.plain = _floats(raw)
        self.cut = float(result.arrays["cut"][ctx.now])
        ranked = int(result.arrays["ranked"][ctx.now])
        self.count = result.arrays["count" if social else "rows"][:, ctx.now].astype(int).tolist()
        self.fixed = {"quantile": rule.quantile, "quantile_cut": _plain(self.cut), "schools_ranked": ranked}
        digits = 2 if social or rule.scale == "zscore" else 1
        self.digits = digits
        self.tail = (
            f"границы нижних {_threshold(rule.quantile)} школ территории ({_number(self.cut, digits)}; "
            f"в сравнении школ: {ranked})"
            if ranked
            else "в сравнении нет школ"
        )
        if social:
            self.what = f"Индекс социального благополучия {ctx.year}"
            indicators = ctx.data.social[:, ctx.now, :]
            lists = [_floats(indicators[:, k]) for k in range(len(SOCIAL_INDICATORS))]
            self.indicators = [dict(zip(SOCIAL_INDICATORS, values, strict=True)) for values in zip(*lists, strict=True)]
        else:
            scale = "% от максимального балла" if rule.scale == "percent_of_max" else "z-оценка по территории"
            self.what = (
                f"Средний результат ({ctx.filter_text(rule)}; {scale}, взвешено по числу участников) за {ctx.year}"
            )
            self.no_rows = ctx.no_rows(rule)

    def __call__(self, i: int) -> Explained:
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
            return "insufficient_data", self.missing(i), [figure]
        side = "не выше" if state == FIRED else "выше"
        return (
            OUTCOME_NAMES[state],
            f"{self.what}: {_number(self.value[i], self.digits)} — {side} {self.tail}",
            [figure],
        )

    def missing(self, i: int) -> str:
        if self.social:
            return (
                f"Известно показателей социального благополучия за {self.ctx.year}: {self.count[i]} из 4, "
                f"нужно не менее {self.rule.min_indicators}"
            )
        return self.no_rows


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
        self.picked = _records(bounds, [figures, columns["label"]])
        self.unit = "п. п." if rule.scale == "percent_of_max" else "балла"
        self.scale = " % от максимума" if rule.scale == "percent_of_max" else ""
        self.limit = f"{_number(rule.gap)} {self.unit}"
        self.no_rows = ctx.no_rows(rule)

    def __call__(self, i: int) -> Explained:
        records = self.picked.of(i)
        figures = [r[0] for r in records]
        state = self.state[i]
        if state == INSUFFICIENT:
            return "insufficient_data", self.no_rows, figures
        if state == FIRED:
            shown = [r for r in records if r[0]["rows_below"] > 0]
        else:  # the largest gap is the one that matters
            shown = [max(records, key=lambda r: r[0]["difference"])]
        texts = "; ".join(
            f"{label}: {_number(f['value'])}{self.scale} при среднем по региону {_number(f['regional_mean'])}, "
            f"разница {_number(f['difference'])} {self.unit}"
            for f, label in shown
        )
        tail = f"отставание больше {self.limit}" if state == FIRED else f"отставание не больше {self.limit}"
        return OUTCOME_NAMES[state], f"{texts} — {tail}", figures


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
        window = ctx.years[max(0, ctx.now - rule.years + 1) : ctx.now + 1]
        self.window = window
        self.period = f"{window[0]} — {window[-1]}" if len(window) > 1 else window[0]
        self.limit = _threshold(rule.max_share)

    def __call__(self, i: int) -> Explained:
        figure = {
            "school_years": list(self.window),
            "years_with_data": self.years_with[i],
            "participants": self.participants[i],
            "pupils": self.pupils[i],
            "share": self.share[i],
            "max_share": self.rule.max_share,
        }
        state = self.state[i]
        if state == INSUFFICIENT:
            return "insufficient_data", f"Нет данных об участии в олимпиадах за {self.period}", [figure]
        side = "не больше" if state == FIRED else "больше"
        pupils = "обучающихся последнего года" if self.rule.denominator == "latest_pupils" else "обучающихся"
        reason = (
            f"За {self.period}: участников регионального и заключительного этапов {self.participants[i]} "
            f"на {self.pupils[i]} {pupils} ({_percent(self.share[i], 2)}) — {side} порога {self.limit}"
        )
        return OUTCOME_NAMES[state], reason, [figure]


class _HardToReach:
    REASONS = (
        "Населённый пункт школы не отнесён к труднодоступным",
        "Населённый пункт школы отнесён к труднодоступным",
        "Нет сведений о труднодоступности населённого пункта школы",
    )

    def __init__(self, ctx: _Context) -> None:
        self.state = [int(x) for x in ctx.result("hard_to_reach").state[:, ctx.now]]
        self.settlement = ctx.data.settlement
        self.hard = [None if math.isnan(h) else bool(h) for h in ctx.data.hard_to_reach.tolist()]

    def __call__(self, i: int) -> Explained:
        figure = {"settlement_code": self.settlement[i], "hard_to_reach": self.hard[i]}
        return OUTCOME_NAMES[self.state[i]], self.REASONS[self.state[i]], [figure]


class _Unemployment:
    def __init__(self, ctx: _Context) -> None:
        self.state = [int(x) for x in ctx.result("unemployment").state[:, ctx.now]]
        self.settlement = ctx.data.settlement
        self.share = _floats(ctx.data.unemployment)
        average = float(ctx.result("unemployment").arrays["average"])
        self.factor = factor = float(ctx.rules.unemployment.factor)
        self.fixed = {"regional_average": _plain(average), "factor": factor, "threshold": _plain(factor * average)}
        self.tail = (
            f"при среднем по региону {_percent(average)}" if not math.isnan(average) else "",
            f"порога {_percent(factor * average)} (в {_number(factor)} раза выше среднего)"
            if not math.isnan(average)
            else "",
        )

    def __call__(self, i: int) -> Explained:
        figure = {"settlement_code": self.settlement[i], "unemployment_share": self.share[i], **self.fixed}
        state = self.state[i]
        if state == INSUFFICIENT:
            return "insufficient_data", "Нет сведений о безработице в населённом пункте школы", [figure]
        side = "не ниже" if state == FIRED else "ниже"
        reason = f"Безработица в населённом пункте {_percent(self.share[i])} {self.tail[0]} — {side} {self.tail[1]}"
        return OUTCOME_NAMES[state], reason, [figure]


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
        self.head = f"Доля ниже минимального порога ({ctx.filter_text(rule)})"
        self.missing = (
            f"нужны данные за все {_years_word(rule.years)} (не менее {rule.min_participants} участников в год)"
        )
        self.fixed = {"decline": rule.decline, "amplitude_threshold": rule.amplitude}

    def __call__(self, i: int) -> Explained:
        rule = self.rule
        figures: list[Figure] = [
            {
                "school_year": year,
                "participants": self.participants[k][i],
                "below_min": self.below[k][i],
                "share": self.shares[k][i],
            }
            for k, year in enumerate(self.years)
        ]
        series = ", ".join(
            f"{year} — {'нет данных' if math.isnan(m) else _percent(m)}"
            for year, m in zip(self.years, self.measure[i], strict=True)
        )
        state = self.state[i]
        if state == INSUFFICIENT:
            return "insufficient_data", f"{self.head}: {series}; {self.missing}", figures
        change, amplitude = self.change[i], self.amplitude[i]
        figures.append(
            {"change": _plain(change), "amplitude": _plain(amplitude), "direction_changed": bool(self.turned[i])}
            | self.fixed
        )
        if change >= rule.decline - EPS:
            tail = f"рост на {_number(change * 100)} п. п. при пороге {_number(rule.decline * 100)} п. п."
        elif state == FIRED:
            tail = f"колебания с размахом {_number(amplitude * 100)} п. п. и сменой направления"
        else:
            tail = (
                f"изменение {_number(change * 100)} п. п., размах {_number(amplitude * 100)} п. п. "
                "— результаты стабильны"
            )
        return OUTCOME_NAMES[state], f"{self.head}: {series}; {tail}", figures


class _RiskCount:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.rule = rule = ctx.rules.risk_count
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
        self.levels = " или ".join(RISK_LEVELS[level] for level in rule.levels)

    def __call__(self, i: int) -> Explained:
        rule, ctx = self.rule, self.ctx
        factors = [{"factor": f, "level": str(level)} for f, level in self.factors.of(i)]
        figure = {
            "school_year": ctx.year,
            "count": self.count[i],
            "levels": list(rule.levels),
            "min_risks": rule.min_risks,
            "factors": factors,
        }
        state = self.state[i]
        if state == INSUFFICIENT:
            return "insufficient_data", f"Нет рискового профиля «500+» за {ctx.year}", [figure]
        numbers = f" (факторы {', '.join(str(f['factor']) for f in factors)})" if factors else ""
        reason = (
            f"В рисковом профиле {ctx.year} факторов риска уровня «{self.levels}»: {self.count[i]}{numbers} "
            f"при пороге {rule.min_risks}"
        )
        return OUTCOME_NAMES[state], reason, [figure]


class _Objectivity:
    """The objectivity flags of the evaluated year, and the `objectivity` rule entry built from them."""

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
        self.doubtful = arrays["doubtful"]

    def flags_of(self, i: int) -> list[dict[str, Any]]:
        ctx, rule = self.ctx, self.rule
        out = []
        if self.flags["vpr_lowered"][i] or self.flags["vpr_raised"][i]:
            counts = {name: self.sums[name][i] for name in ("lowered", "confirmed", "raised")}
            total = sum(counts.values())
            for code, share, limit, count in (
                ("vpr_lowered", self.lowered[i], rule.vpr_lowered_share, counts["lowered"]),
                ("vpr_raised", self.raised[i], rule.vpr_raised_share, counts["raised"]),
            ):
                if self.flags[code][i]:
                    detail = (
                        f"ВПР {ctx.year}: {FLAG_LABELS[code]} у {_percent(share)} участников "
                        f"({count} из {total}) при пороге {_threshold(limit)}"
                    )
                    figures = {"school_year": ctx.year, **counts, "share": _plain(share), "threshold": limit}
                    out.append({"code": code, "detail": detail, "figures": figures})
        if self.flags["above_regional_mean"][i]:
            ege = self.ege_diff[i]
            backing = (
                "результатов ЕГЭ нет"
                if math.isnan(ege)
                else f"ЕГЭ относительно среднего по региону: {_number(ege)} п. п."
            )
            detail = (
                f"ВПР {ctx.year}: результат в среднем на {_number(self.vpr_diff[i])} п. п. выше среднего по региону "
                f"(порог {_number(rule.above_mean_margin)}) в неселективной школе; {backing}"
            )
            figures = {
                "school_year": ctx.year,
                "difference": _plain(self.vpr_diff[i]),
                "margin": rule.above_mean_margin,
                "ege_difference": _plain(ege),
            }
            out.append({"code": "above_regional_mean", "detail": detail, "figures": figures})
        return out

    def rule_entry(self, i: int, flags: list[dict[str, Any]]) -> Explained:
        if flags:
            return "fired", "; ".join(f["detail"] for f in flags), [f["figures"] for f in flags]
        if not self.sums["lowered"][i] and not self.sums["confirmed"][i] and math.isnan(self.vpr_diff[i]):
            return "insufficient_data", f"Нет данных ВПР за {self.ctx.year} для проверки объективности", []
        return "not_fired", f"Признаков необъективности результатов ВПР {self.ctx.year} не выявлено", []


# --- warnings -----------------------------------------------------------------------------------------


class _SmallSamples:
    """Rows of the evaluated year left out for too few participants, one warning per school."""

    RULES = ("fail_share_30", "bottom_quartile", "below_regional_mean", "near_threshold")

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        rows = ctx.data.rows
        bits = np.zeros(len(rows), dtype=np.int64)
        self.rule_ids = [r for r in self.RULES if getattr(ctx.rules, r).enabled]
        for bit, rule_id in enumerate(self.rule_ids):
            bits |= rows.small(getattr(ctx.rules, rule_id)).astype(np.int64) << bit
        idx = np.flatnonzero((bits > 0) & (rows.year == ctx.now))
        labels = ctx.row_columns(rows.year[idx], rows.procedure[idx], rows.subject[idx], rows.grade[idx])["label"]
        columns = [np.array(labels, dtype=object), rows.participants[idx].astype(np.int64), bits[idx]]
        self.grouped = _group(ctx.schools, rows.school[idx], columns)
        self.minimum = {r: getattr(ctx.rules, r).min_participants for r in self.rule_ids}

    def __call__(self, i: int) -> list[dict[str, Any]]:
        records = self.grouped.of(i)
        if not records:
            return []
        mask = 0
        for record in records:
            mask |= record[2]
        rule_ids = [r for bit, r in enumerate(self.rule_ids) if mask >> bit & 1]
        minimum = max(self.minimum[r] for r in rule_ids)
        shown = "; ".join(f"{label} — {n} уч." for label, n, _ in records[:3])
        more = f" и ещё {len(records) - 3}" if len(records) > 3 else ""
        labels = ", ".join(f"«{RULES[r].label}»" for r in rule_ids)
        detail = f"Не использованы из-за малого числа участников (меньше {minimum}): {shown}{more} (правила: {labels})"
        return [{"code": "small_sample", "rule": rule_ids[0] if len(rule_ids) == 1 else None, "detail": detail}]


# --- the loop -----------------------------------------------------------------------------------------


class _Indicator:
    """The three rules on an imported measure: its level, its mean over years, its trend."""

    def __init__(self, ctx: _Context, rule_id: str) -> None:
        self.rule_id = rule_id
        self.rule = rule = getattr(ctx.rules, rule_id)
        result = ctx.result(rule_id)
        arrays = result.arrays
        self.state = [int(x) for x in result.state[:, ctx.now]]
        years = getattr(rule, "years", 1)
        self.window = ctx.years[max(0, ctx.now - years + 1) : ctx.now + 1]
        self.series = [_floats(arrays["value"][:, ctx.years.index(year)]) for year in self.window]
        self.mean = _floats(arrays["mean"][:, ctx.now]) if "mean" in arrays else None
        self.direction = arrays["direction"]
        self.better = "лучше большее значение" if self.direction == "higher" else "лучше меньшее значение"

    def __call__(self, i: int) -> Explained:
        values = [column[i] for column in self.series]
        figure: dict[str, Any] = {
            "measure": self.rule.measure,
            "direction": self.direction,
            "school_years": list(self.window),
            "values": values,
        }
        shown = " → ".join("—" if v is None else _number(v, 3) for v in values)
        state = self.state[i]
        head = f"Показатель «{self.rule.measure}» ({self.better}) за {', '.join(self.window)}: {shown}"
        if state == INSUFFICIENT:
            return "insufficient_data", f"{head} — нет значения за все нужные годы", [figure]
        fired = state == FIRED
        if self.rule_id == "indicator_level":
            figure["threshold"] = self.rule.threshold
            tail = f"{'не лучше' if fired else 'лучше'} порога {_number(self.rule.threshold, 3)}"
        elif self.rule_id == "indicator_mean":
            mean = self.mean[i] if self.mean is not None else None
            figure |= {"mean": mean, "threshold": self.rule.threshold}
            shown_mean = "—" if mean is None else _number(mean, 3)
            tail = f"среднее {shown_mean} — {'не лучше' if fired else 'лучше'} порога {_number(self.rule.threshold, 3)}"
        else:
            figure |= {"decline": self.rule.decline, "amplitude": self.rule.amplitude}
            tail = (
                f"ухудшение не меньше {_number(self.rule.decline, 3)} или размах не меньше "
                f"{_number(self.rule.amplitude, 3)} со сменой направления"
            )
            tail = tail if fired else f"нет ни ухудшения, ни колебаний сверх порогов ({tail})"
        return OUTCOME_NAMES[state], f"{head} — {tail}", [figure]


def _not_applicable_reason(rules: MethodologyRules, rule_id: str) -> str:
    rule = getattr(rules, rule_id)
    parts = []
    if rule.taught_grades:
        grades = rule.taught_grades
        shown = (
            f"{grades[0]}–{grades[-1]}"
            if grades == list(range(grades[0], grades[-1] + 1))
            else _list([str(g) for g in grades])
        )
        parts.append(f"ведут хотя бы один из классов {shown}")
    if rule.min_pupils:
        parts.append(f"в которых не меньше {rule.min_pupils} обучающихся")
    return f"Правило не применяется к школе: оно применяется к школам, которые {' и '.join(parts)}"


def _explainers(ctx: _Context) -> dict[str, Callable[[int], Explained]]:
    factories: dict[str, Callable[[], Callable[[int], Explained]]] = {
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
    return {rule_id: make() for rule_id, make in factories.items() if ctx.state(rule_id) is not None}


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


class _Outcomes:
    """Builds one school's outcome dict from the explainers."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ctx = ctx = _Context(evaluation)
        self.rules = rules = ctx.rules
        self.explainers = _explainers(ctx)
        self.not_applicable = {
            rule_id: (
                [x == NOT_APPLICABLE for x in ctx.state(rule_id) or []],
                _not_applicable_reason(rules, rule_id),
            )
            for rule_id in self.explainers
        }
        self.objectivity = _Objectivity(ctx) if rules.objectivity.enabled else None
        self.small = _SmallSamples(ctx)
        self.parameters = {rule_id: _parameters(rules, rule_id) for rule_id in RULES}
        self.categories = {rule_id: _category_value(rules, rule_id) for rule_id in RULES}
        conditions = {category: rules.condition(category) for category in RULE_CATEGORIES}
        self.serves = {
            rule_id: [c.value for c, tree in conditions.items() if tree is not None and rule_id in tree.rule_ids()]
            for rule_id in RULES
        }
        table = evaluation.table
        names = ("categories", "insufficient_data", "risk_count", "fail_share", "previous_categories", "trend")
        self.columns = {name: table[name].tolist() for name in (*names, "trend_change")}
        self.doubtful_years = _doubtful_years(ctx, evaluation.results["objectivity"].arrays["doubtful"])
        self.partial = _partial_olympiad(ctx)

    def entry(self, rule_id: str, outcome: str, reason: str, figures: list[Figure]) -> dict[str, Any]:
        return {
            "outcome": outcome,
            "category": self.categories[rule_id],
            "serves": self.serves[rule_id],
            "label": RULES[rule_id].label,
            "reason": reason,
            "figures": figures,
            "parameters": self.parameters[rule_id],
        }

    def __call__(self, k: int, i: int) -> dict[str, Any]:
        entries: dict[str, dict[str, Any]] = {}
        warnings = self.small(i)
        flags: list[dict[str, Any]] = []
        for rule_id in RULES:
            if rule_id == "objectivity":
                if self.objectivity is None:
                    entries[rule_id] = self.entry(rule_id, "disabled", "Правило выключено", [])
                    continue
                flags = self.objectivity.flags_of(i)
                entries[rule_id] = self.entry(rule_id, *self.objectivity.rule_entry(i, flags))
                continue
            explain = self.explainers.get(rule_id)
            if explain is None:
                entries[rule_id] = self.entry(rule_id, "disabled", "Правило выключено", [])
                continue
            skipped, why = self.not_applicable[rule_id]
            outcome, reason, figures = ("not_applicable", why, []) if skipped[i] else explain(i)
            entries[rule_id] = self.entry(rule_id, outcome, reason, figures)
            if outcome == "insufficient_data":
                warnings.append({"code": "missing_data", "rule": rule_id, "detail": reason})
        warnings.extend(self.partial(i))
        warnings.extend(self.doubtful_years(i))
        columns = self.columns
        previous = columns["previous_categories"][k]
        return {
            "school_code": str(self.ctx.data.codes[i]),
            "categories": list(columns["categories"][k]),
            "insufficient_data": bool(columns["insufficient_data"][k]),
            "rules": entries,
            "warnings": warnings,
            "objectivity_flags": flags,
            "risk_count": _int_or_none(columns["risk_count"][k]),
            "fail_share": _plain(columns["fail_share"][k]),
            "previous_categories": None if previous is None else list(previous),
            "trend": str(columns["trend"][k]),
            "trend_change": _plain(columns["trend_change"][k]),
        }


def iter_outcomes(evaluation: Evaluation) -> Iterator[dict[str, Any]]:
    """Per territory school, in the order of `evaluation.table`, a JSON-ready dict: categories, rules with
    reasons and figures, warnings."""
    with _gc_paused():
        build = _Outcomes(evaluation)
    schools = evaluation.schools.tolist()
    for start in range(0, len(schools), BATCH):
        with _gc_paused():
            batch = [build(start + k, i) for k, i in enumerate(schools[start : start + BATCH])]
        yield from batch


def _category_value(rules: MethodologyRules, rule_id: str) -> str | None:
    category = getattr(getattr(rules, rule_id), "category", None)
    return None if category is None else str(category.value)


def _doubtful_years(ctx: _Context, doubtful: npt.NDArray[np.bool_]) -> Callable[[int], list[dict[str, Any]]]:
    """A `doubtful_results` warning for the flagged years the evaluated year's rules read."""
    window = doubtful[:, 1:]
    flagged = np.flatnonzero(window.any(axis=1))
    years = {int(i): [ctx.years[t + 1] for t in np.flatnonzero(window[i])] for i in flagged}
    how = (
        "исключены из расчёта"
        if ctx.rules.objectivity.exclude_doubtful
        else "использованы в расчёте с пометкой «сомнительно»"
    )

    def warnings(i: int) -> list[dict[str, Any]]:
        if i not in years:
            return []
        detail = f"Результаты ВПР за {', '.join(years[i])} имеют признаки необъективности: {how}"
        return [{"code": "doubtful_results", "rule": "objectivity", "detail": detail}]

    return warnings


def _partial_olympiad(ctx: _Context) -> Callable[[int], list[dict[str, Any]]]:
    if "olympiad_share" not in ctx.results or not ctx.rules.olympiad_share.enabled:
        return lambda i: []
    wanted = ctx.rules.olympiad_share.years
    years_with = ctx.result("olympiad_share").arrays["years_with"][:, ctx.now].tolist()

    def warnings(i: int) -> list[dict[str, Any]]:
        have = years_with[i]
        if not 0 < have < wanted:
            return []
        detail = f"Данные об участии в олимпиадах есть за {_years_word(int(have))} из {wanted}: доля посчитана по ним"
        return [{"code": "partial_years", "rule": "olympiad_share", "detail": detail}]

    return warnings


__all__ = ["CATEGORISING", "iter_outcomes"]
