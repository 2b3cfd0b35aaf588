"""The identification engine: a methodology's rules applied to every school at once, in pandas/numpy.

`evaluate()` turns the input frames into integer-coded numpy arrays once, then computes every rule for
every school and every school year of a short window in the same vectorised pass — the evaluated year and
the previous one (for the trend) fall out of the same arrays. Per-school figures, reasons and warnings
are built lazily from an `Evaluation` by `explain.iter_outcomes()`, which reads this module (never the
other way round).

Conventions:
- per school-year arrays have the shape (S, T): S = rows of `EngineInput.schools`, T = `required_years()`;
  the evaluated year is column T-1, the previous year T-2;
- a rule's state per school-year is NOT_FIRED, FIRED or INSUFFICIENT: missing data is never "not at risk";
- shares are compared with a tolerance of EPS so that 3 of 10 is exactly 30 %;
- regional means and the regional unemployment average use every school of the input; quantile ranks and
  normalisations use only the schools `in_territory`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from services.identification.methodology.rules import (
    CATEGORISING_RULES,
    RULE_CATEGORIES,
    SOCIAL_INDICATORS,
    CategorisingRule,
    Condition,
    MethodologyRules,
    ResultsRule,
)
from services.identification.vocabulary import (
    PROCEDURES,
    RISK_LEVELS,
    SUBJECT_FAMILY,
    SUBJECTS,
    Category,
    parse_school_year,
    shift_school_year,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
StateArray = npt.NDArray[np.int8]

EPS = 1e-9
NOT_FIRED, FIRED, INSUFFICIENT, NOT_APPLICABLE = 0, 1, 2, 3
OUTCOME_NAMES = ("not_fired", "fired", "insufficient_data", "not_applicable")
IN_CATEGORY = (Category.low_results, Category.unfavourable_social, Category.risk_zone)

INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "schools": (
        "school_code", "municipality_code", "region_code", "kind", "rural", "small", "pupils", "settlement_code",
        "hard_to_reach", "unemployment_share", "in_territory",
    ),
    "results": (
        "school_code", "school_year", "procedure", "grade", "subject", "participants", "below_min", "mean_score",
        "max_score", "mark2", "mark3", "mark4", "mark5",
    ),
    "vpr_objectivity": ("school_code", "school_year", "grade", "subject", "lowered", "confirmed", "raised"),
    "social": ("school_code", "school_year", "pupils", *SOCIAL_INDICATORS),
    "olympiad": ("school_code", "school_year", "pupils", "participants_regional", "participants_all_russian"),
    "risk_profile": ("school_code", "school_year", "factor", "level"),
    "indicators": ("school_code", "school_year", "measure", "value", "direction"),
}  # fmt: skip


@dataclass
class EngineInput:
    """The engine's frames; see `INPUT_COLUMNS`. Frames may be empty and may hold other school years."""

    schools: pd.DataFrame
    results: pd.DataFrame
    vpr_objectivity: pd.DataFrame
    social: pd.DataFrame
    olympiad: pd.DataFrame
    risk_profile: pd.DataFrame
    indicators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(INPUT_COLUMNS["indicators"])))

    @classmethod
    def empty(cls) -> EngineInput:
        return cls(**{name: pd.DataFrame(columns=list(columns)) for name, columns in INPUT_COLUMNS.items()})


def required_years(rules: MethodologyRules, school_year: str) -> list[str]:
    """The school years the engine reads for `school_year`: the longest rule window, plus one year for the trend."""
    back = max(
        rules.fail_share_30.consecutive_years,
        rules.unstable_results.years,
        rules.olympiad_share.years,
        rules.indicator_mean.years,
        rules.indicator_trend.years,
    )
    return [shift_school_year(school_year, k - back) for k in range(back + 1)]


# --- preparation: frames → integer-coded arrays ------------------------------------------------------


def _numbers(frame: pd.DataFrame, column: str) -> FloatArray:
    """The one place where input numbers are coerced: text, nullable ints, None → float64 with NaN."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    source = frame[column]
    if source.dtype == np.float64:  # the stored frames' numbers: nothing to coerce
        return np.asarray(source.to_numpy(), dtype=np.float64)
    values = pd.to_numeric(source, errors="coerce")
    return np.asarray(values.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def _codes(column: pd.Series) -> tuple[IntArray, list[Any]]:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), list(uniques)


def _lookup(uniques: list[Any], mapping: dict[Any, int]) -> IntArray:
    """A table from codes to `mapping` values; its last entry (-1) serves the missing code -1."""
    return np.array([mapping.get(u, -1) for u in uniques] + [-1], dtype=np.int64)


def _text(column: pd.Series) -> pd.Series:
    """The column as text, missing values kept missing. A column of Python strings (and None) is already that:
    checking so is one pass in C, converting copied millions of strings."""
    if isinstance(column.dtype, pd.StringDtype | pd.CategoricalDtype):  # categories: the stored frames' text
        return column
    if column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty"):
        return column
    return column.astype(str).where(column.notna())


def _index(values: list[str], column: pd.Series) -> pd.Index:
    """An index of `values` with the column's dtype: lookups between equal dtypes are the fast ones."""
    return pd.Index(values, dtype=column.dtype if isinstance(column.dtype, pd.StringDtype) else object)


class Names:
    """Names rows are looked up in (the schools' codes): the hash table of each dtype they are looked up with is
    built once per evaluation, not once per frame."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._indexes: dict[str, pd.Index] = {}

    def __len__(self) -> int:
        return len(self.names)

    def positions(self, column: pd.Series) -> IntArray:
        """The position of each value of `column` in the names, -1 for a value not among them."""
        key = str(column.dtype)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = _index(self.names, column)
        return np.asarray(index.get_indexer(column), dtype=np.int64)


def _encode(column: pd.Series, known: list[str]) -> tuple[IntArray, list[str]]:
    """Codes of a text column: a lookup against the expected values first (much faster than factorizing
    a million strings), then factorize for whatever else there is. Missing values get -1."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _encode_categories(column, known)
    column = _text(column)
    objects = _repeated_objects(column.to_numpy())
    if objects is not None:  # the few objects are encoded, each row takes its object's code
        of_row, firsts = objects
        codes, names = _encode(column.iloc[firsts], known)
        return codes[of_row], names
    names = list(dict.fromkeys(known))
    codes = np.asarray(_index(names, column).get_indexer(column), dtype=np.int64)
    other = np.flatnonzero(codes < 0)
    if len(other):
        extra_codes, extra = _codes(column.iloc[other])
        codes[other] = np.where(extra_codes >= 0, extra_codes + len(names), -1)
        names += [str(x) for x in extra]
    return codes, names


def _addresses(values: npt.NDArray[Any]) -> npt.NDArray[np.intp]:
    """Which Python object each entry of an object array is (its address): one object is equal to itself, so
    comparing addresses answers for every pair of entries that hold the same object, without comparing text."""
    return np.frombuffer(np.ascontiguousarray(values), dtype=np.intp)


SAMPLED_ROWS = 1024
FEW_OBJECTS = 64


def _repeated_objects(values: npt.NDArray[Any]) -> tuple[IntArray, IntArray] | None:
    """For an object column that holds a few objects many times over (text cut from a list of names, as the
    demo region's and pandas' CSV reader's are), which of them each row holds and where each first appears, in
    the order they appear: hashing a million addresses is several times cheaper than hashing a million
    strings. None when the column is short, not of objects, or a sample of it holds many distinct objects."""
    if values.dtype != object or len(values) <= SAMPLED_ROWS * 4:
        return None
    addresses = _addresses(values)
    if len(np.unique(addresses[:: len(values) // SAMPLED_ROWS])) > FEW_OBJECTS:
        return None
    of_row, objects = pd.factorize(addresses)
    if len(objects) > FEW_OBJECTS:
        return None
    firsts = np.array([(of_row == k).argmax() for k in range(len(objects))], dtype=np.int64)
    return np.asarray(of_row, dtype=np.int64), firsts


def _encode_categories(column: pd.Series, known: list[str]) -> tuple[IntArray, list[str]]:
    """`_encode` of a categorical column (the frames PostgreSQL keeps): the few categories are looked up, the
    rows only take their category's code. Values outside `known` are named in the order they first appear in
    the rows, as factorizing the strings would name them."""
    names = list(dict.fromkeys(known))
    rows = np.asarray(column.cat.codes.to_numpy(), dtype=np.int64)
    categories = [str(x) for x in column.cat.categories]
    table = np.asarray(pd.Index(names, dtype=object).get_indexer(categories), dtype=np.int64)
    unknown = np.flatnonzero(table < 0)
    if len(unknown):
        present = np.isin(rows, unknown)
        _, first = np.unique(rows[present], return_index=True)
        for category in rows[present][np.sort(first)]:
            table[category] = len(names)
            names.append(categories[category])
    return np.r_[table, -1][rows], names  # a missing value's code -1 takes the last entry, -1


@dataclass
class Keys:
    """Where each row of a frame belongs. `st` is the school-year bin `school * T + year`; rows of an
    unknown school or of a year outside the window go to the overflow bin S * T, which is dropped."""

    school: IntArray
    year: IntArray
    st: IntArray
    valid: BoolArray


def _run_starts(columns: list[pd.Series]) -> IntArray:
    """Where runs of equal consecutive (school, year) values start. Imports and queries deliver rows grouped
    by school and year, so the codes need looking up once per run, not once per row; an unsorted frame
    merely has short runs."""
    change = np.zeros(len(columns[0]), dtype=bool)
    change[:1] = True
    for column in columns:
        categorical = isinstance(column.dtype, pd.CategoricalDtype)
        values = column.cat.codes.to_numpy() if categorical else column.to_numpy()
        if values.dtype != object:
            change[1:] |= values[1:] != values[:-1]
            continue
        differ = 1 + np.flatnonzero(np.diff(_addresses(values)))  # only where the objects differ can the text
        try:
            change[differ] |= values[differ] != values[differ - 1]
        except TypeError:  # pd.NA refuses to compare
            values = column.to_numpy(dtype=object, na_value="")
            change[differ] |= values[differ] != values[differ - 1]
    return np.flatnonzero(change)


def _keys(frame: pd.DataFrame, schools: Names, years: list[str]) -> Keys:
    size = len(schools) * len(years)
    if frame.empty:
        empty = np.zeros(0, dtype=np.int64)
        return Keys(empty, empty, empty, np.zeros(0, dtype=bool))
    school_column, year_column = _text(frame["school_code"]), _text(frame["school_year"])
    starts = _run_starts([school_column, year_column])
    lengths = np.diff(np.r_[starts, len(frame)])
    heads = school_column.iloc[starts]
    if isinstance(heads.dtype, pd.CategoricalDtype):
        heads = heads.astype(object)
    school = schools.positions(heads)
    codes, names = _encode(year_column.iloc[starts], years)
    position = {year: t for t, year in enumerate(years)}
    year = _lookup([parse_school_year(name) for name in names], position)[codes]  # `2022/2023` is `2022-2023`
    valid = (school >= 0) & (year >= 0)
    st = np.where(valid, school * len(years) + year, size)
    return Keys(*(np.repeat(x, lengths) for x in (school, year, st, valid)))


GRADE_SLOTS = 22  # grades 0…20, and one slot for a missing or odd grade


@dataclass
class Rows:
    """Assessment results as arrays, one entry per input row. Rules work with boolean masks over all rows
    (no gathering of a million rows); `base` marks the rows any rule may use (known school, year in the
    window, participants > 0)."""

    keys: Keys
    procedure: IntArray
    subject: IntArray
    grade: FloatArray
    participants: FloatArray
    below: FloatArray
    mean: FloatArray
    max_score: FloatArray
    procedures: list[str]
    subjects: list[str]
    base: BoolArray
    doubtful: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    excluded: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    _matches: dict[tuple[tuple[str, ...], tuple[str, ...]], BoolArray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.procedure)

    @property
    def school(self) -> IntArray:
        return self.keys.school

    @property
    def year(self) -> IntArray:
        return self.keys.year

    @property
    def st(self) -> IntArray:
        return self.keys.st

    def match(self, procedures: list[str], subjects: list[str]) -> BoolArray:
        """Base rows of the listed procedures and subjects; a subject also matches through its family."""
        key = (tuple(procedures), tuple(subjects))
        if key not in self._matches:
            procedure_ok = np.array([p in procedures for p in self.procedures] + [False])
            subject_ok = np.array([s in subjects or SUBJECT_FAMILY.get(s) in subjects for s in self.subjects] + [False])
            self._matches[key] = self.base & procedure_ok[self.procedure] & subject_ok[self.subject]
        return self._matches[key]

    def is_procedure(self, name: str) -> BoolArray:
        table = np.array([p == name for p in self.procedures] + [False])
        return np.asarray(self.base & table[self.procedure], dtype=bool)

    @cached_property
    def share(self) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(self.below / self.participants, dtype=np.float64)

    @cached_property
    def percent(self) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(np.where(self.max_score > 0, 100.0 * self.mean / self.max_score, np.nan))

    @cached_property
    def cell(self) -> IntArray:
        """The comparison cell of regional means: (year, procedure, grade, subject) as one small code."""
        grade = self.grade
        whole = np.isfinite(grade) & (grade >= 0) & (grade < GRADE_SLOTS - 1) & (grade == np.floor(grade))
        grade_slot = np.where(whole, np.nan_to_num(grade) + 1, 0).astype(np.int64)
        year = np.where(self.keys.year >= 0, self.keys.year, 0)
        key = (year * (len(self.procedures) + 1) + self.procedure + 1) * GRADE_SLOTS + grade_slot
        return np.asarray(key * (len(self.subjects) + 1) + self.subject + 1, dtype=np.int64)

    def usable(self, rule: ResultsRule) -> BoolArray:
        """Rows a results rule uses: its procedures and subjects, enough participants, not excluded."""
        return (
            self.match(rule.procedures, rule.subjects) & (self.participants >= rule.min_participants) & ~self.excluded
        )

    def small(self, rule: ResultsRule) -> BoolArray:
        return self.match(rule.procedures, rule.subjects) & (self.participants < rule.min_participants)


def _rows(frame: pd.DataFrame, schools: Names, years: list[str]) -> Rows:
    keys = _keys(frame, schools, years)
    participants = _numbers(frame, "participants")
    if len(frame):
        procedure, procedures = _encode(frame["procedure"], list(PROCEDURES))
        subject, subjects = _encode(frame["subject"], list(SUBJECTS))
    else:
        procedure = subject = np.zeros(0, dtype=np.int64)
        procedures, subjects = [], []
    return Rows(
        keys=keys,
        procedure=procedure,
        subject=subject,
        grade=_numbers(frame, "grade"),
        participants=participants,
        below=_numbers(frame, "below_min"),
        mean=_numbers(frame, "mean_score"),
        max_score=_numbers(frame, "max_score"),
        procedures=procedures,
        subjects=subjects,
        base=keys.valid & (participants > 0),
        doubtful=np.zeros(len(frame), dtype=bool),
        excluded=np.zeros(len(frame), dtype=bool),
    )


def _dense(frame: pd.DataFrame, keys: Keys, column: str, size: int) -> FloatArray:
    """A per school-year column as a flat (S * T) array, NaN where the frame has no row."""
    out = np.full(size + 1, np.nan)
    out[keys.st] = _numbers(frame, column)
    return out[:size]


@dataclass
class Data:
    """Everything `evaluate()` reads, as arrays."""

    school_year: str
    years: list[str]
    codes: npt.NDArray[np.object_]
    territory: BoolArray
    kind: list[str]
    settlement: list[str | None]
    hard_to_reach: FloatArray
    unemployment: FloatArray
    rows: Rows
    vpr: dict[str, Any]
    social: FloatArray  # (S, T, 4) in SOCIAL_INDICATORS order
    olympiad: dict[str, FloatArray]
    risk: dict[str, Any]
    has_data: BoolArray  # (S, T): any results, social, olympiad, objectivity, risk or indicator row
    pupils: FloatArray  # (S,) the registry's headcount
    taught: BoolArray  # (S, 12): grades 0…11 the school teaches
    indicators: pd.DataFrame
    indicator_keys: Keys

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.codes), len(self.years)

    @property
    def size(self) -> int:
        return len(self.codes) * len(self.years)

    def sum(self, st: IntArray, weights: npt.NDArray[Any] | None = None) -> FloatArray:
        """Sums per school-year (S, T) of `weights` (row counts when None); the overflow bin is dropped."""
        out = np.bincount(st, weights=weights, minlength=self.size + 1)[: self.size]
        return np.asarray(out, dtype=np.float64).reshape(self.shape)

    def total(self, st: IntArray, mask: BoolArray, values: FloatArray | None = None) -> FloatArray:
        """Sums of `values` (or counts) over the `mask` rows per school-year."""
        return self.sum(st, mask if values is None else np.where(mask, values, 0.0))

    def max(self, st: IntArray, mask: BoolArray, values: FloatArray) -> FloatArray:
        """Maxima of `values` over the `mask` rows per school-year, NaN where there is none."""
        out = np.full(self.size + 1, -np.inf)
        np.maximum.at(out, st, np.where(mask, values, -np.inf))
        out = out[: self.size]
        out[np.isneginf(out)] = np.nan
        return out.reshape(self.shape)


def _flag(column: pd.Series) -> FloatArray:
    """A boolean column as 1.0 / 0.0, NaN where unknown."""
    values = column.astype("boolean")
    return np.asarray(values.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def _optional(frame: pd.DataFrame, column: str, default: Any) -> pd.Series:
    return frame[column] if column in frame.columns else pd.Series(default, index=frame.index, dtype=object)


def _strings(column: pd.Series) -> list[str | None]:
    values = column.astype(object).to_numpy()
    missing = pd.isna(values)
    return [None if m else str(v) for v, m in zip(values.tolist(), missing.tolist(), strict=True)]


def prepare(data: EngineInput, rules: MethodologyRules, school_year: str) -> Data:
    """Codes, numbers and dense per school-year arrays, computed once per evaluation."""
    schools = data.schools
    codes = schools["school_code"].astype(str)
    if codes.duplicated().any():
        raise ValueError("Коды школ во входных данных повторяются")
    index = Names(codes.tolist())
    years = required_years(rules, school_year)
    shape = (len(index), len(years))
    size = shape[0] * shape[1]
    rows = _rows(data.results, index, years)
    vpr_keys = _keys(data.vpr_objectivity, index, years)
    vpr: dict[str, Any] = {name: _numbers(data.vpr_objectivity, name) for name in ("lowered", "confirmed", "raised")}
    vpr["keys"] = vpr_keys
    social_keys = _keys(data.social, index, years)
    social = np.stack([_dense(data.social, social_keys, c, size).reshape(shape) for c in SOCIAL_INDICATORS], axis=2)
    olympiad_keys = _keys(data.olympiad, index, years)
    olympiad = {
        c: _dense(data.olympiad, olympiad_keys, c, size).reshape(shape)
        for c in ("pupils", "participants_regional", "participants_all_russian")
    }
    risk_keys = _keys(data.risk_profile, index, years)
    level, levels = _encode(_optional(data.risk_profile, "level", None), list(RISK_LEVELS))
    risk = {"keys": risk_keys, "factor": _numbers(data.risk_profile, "factor"), "level": level, "levels": levels}
    indicator_keys = _keys(data.indicators, index, years)
    seen = np.zeros(size + 1, dtype=bool)
    for keys in (rows.keys, social_keys, olympiad_keys, risk_keys, vpr_keys, indicator_keys):
        seen[keys.st] = True
    return Data(
        school_year=school_year,
        years=years,
        codes=codes.to_numpy(dtype=object),
        territory=_flag(_optional(schools, "in_territory", True)) == 1.0,
        kind=[k or "" for k in _strings(_optional(schools, "kind", ""))],
        settlement=_strings(_optional(schools, "settlement_code", None)),
        hard_to_reach=_flag(_optional(schools, "hard_to_reach", None)),
        unemployment=_numbers(schools, "unemployment_share"),
        rows=rows,
        vpr=vpr,
        social=social,
        olympiad=olympiad,
        risk=risk,
        has_data=seen[:size].reshape(shape),
        pupils=_numbers(schools, "pupils"),
        taught=_taught_grades(_strings(_optional(schools, "kind", "")), rows, len(index)),
        indicators=data.indicators,
        indicator_keys=indicator_keys,
    )


KIND_GRADES: tuple[tuple[tuple[str, ...], range], ...] = (
    (("нош", "начальн"), range(1, 5)),
    (("оош", "основн"), range(1, 10)),
    (("сош", "средн", "лицей", "гимназ", "оши", "интернат", "центр образования", "цо", "кадет"), range(1, 12)),
)


def kind_grades(kind: str | None) -> range | None:
    """The grades a school of this kind teaches (НОШ 1–4, ООШ 1–9, СОШ, лицей, гимназия 1–11), None if unknown."""
    text = (kind or "").lower().replace("ё", "е")
    for words, grades in KIND_GRADES:
        if any(word in text for word in words):
            return grades
    return None


def _taught_grades(kinds: list[str | None], rows: Rows, schools: int) -> BoolArray:
    """(S, 12): the grades each school teaches — by its kind; a school of unknown kind teaches the grades
    of its results in the window, and every grade when it has none (so it is never silently dropped)."""
    seen = np.zeros((schools + 1) * 12, dtype=bool)
    grade = rows.grade
    whole = rows.base & np.isfinite(grade) & (grade >= 1) & (grade <= 11)
    school = np.where(rows.school >= 0, rows.school, schools)
    seen[(school * 12 + np.nan_to_num(grade).astype(np.int64))[whole]] = True
    from_data = seen[: schools * 12].reshape(schools, 12)
    codes, uniques = _codes(pd.Series(kinds, dtype=object).fillna(""))
    table = np.zeros((len(uniques) + 1, 12), dtype=bool)  # the last row: a kind nobody knows
    known = np.zeros(len(uniques) + 1, dtype=bool)
    for k, kind in enumerate(uniques):
        grades = kind_grades(str(kind))
        if grades is not None:
            table[k, list(grades)] = known[k] = True
    taught = table[codes]
    data_only = ~known[codes] & from_data.any(axis=1)
    taught[data_only] = from_data[data_only]
    taught[~known[codes] & ~data_only, 1:] = True
    return taught


# --- vectorised helpers -------------------------------------------------------------------------------


def _cell_mean(cell: IntArray, mask: BoolArray, values: FloatArray, weights: FloatArray) -> FloatArray:
    """Per row, the `weights`-weighted mean of `values` over the `mask` rows of its cell (NaN if none)."""
    if len(cell) == 0:
        return np.zeros(0)
    total = np.bincount(cell, weights=np.where(mask, values * weights, 0.0))
    weight = np.bincount(cell, weights=np.where(mask, weights, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray((total / weight)[cell], dtype=np.float64)


def _zero_nan(values: FloatArray) -> FloatArray:
    return np.where(np.isnan(values), 0.0, values)


def _state(fired: BoolArray, has_data: BoolArray) -> StateArray:
    return np.where(fired, FIRED, np.where(has_data, NOT_FIRED, INSUFFICIENT)).astype(np.int8)


def _window(values: FloatArray, years: int) -> FloatArray:
    """(S, T, years): for each year t the values of years t-years+1 … t (NaN before the first year)."""
    s, t = values.shape
    padded = np.concatenate([np.full((s, years - 1), np.nan), values], axis=1)
    return np.stack([padded[:, k : k + t] for k in range(years)], axis=2)


def _quantile_fired(values: FloatArray, data: Data, quantile: float) -> tuple[BoolArray, FloatArray, IntArray]:
    """Per year, which territory schools are in the bottom `quantile` of `values` (S, T); with the cut and
    the number of ranked schools per year. The cut is numpy's linear quantile of the ranked values."""
    t = values.shape[1]
    cuts = np.full(t, np.nan)
    ranked = np.zeros(t, dtype=np.int64)
    for year in range(max(0, t - 2), t):  # the evaluated and the previous year: a loop over 2 years
        column = values[:, year]
        present = data.territory & ~np.isnan(column)
        ranked[year] = int(present.sum())
        if ranked[year]:
            cuts[year] = float(np.quantile(column[present], quantile))
    with np.errstate(invalid="ignore"):
        fired = data.territory[:, None] & (values <= cuts[None, :] + EPS)
    return fired, cuts, ranked


def _weighted_mean(data: Data, mask: BoolArray, values: FloatArray, weights: FloatArray) -> FloatArray:
    """(S, T): the `weights`-weighted mean of `values` over each school-year's `mask` rows, NaN if none."""
    st = data.rows.st
    total = data.total(st, mask, values * weights)
    weight = data.total(st, mask, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(weight > 0, total / weight, np.nan), dtype=np.float64)


# --- rules ------------------------------------------------------------------------------------------


@dataclass
class RuleResult:
    """A rule's state per school-year and the arrays its explanation reads."""

    state: StateArray
    arrays: dict[str, Any] = field(default_factory=dict)


def _objectivity(data: Data, rules: MethodologyRules) -> RuleResult:
    """ВПР objectivity flags per school-year; marks the doubtful ВПР rows (and excludes them if asked)."""
    rule = rules.objectivity
    shape = data.shape
    vpr = data.vpr
    st = vpr["keys"].st
    sums = {name: data.sum(st, _zero_nan(vpr[name])) for name in ("lowered", "confirmed", "raised")}
    total = sums["lowered"] + sums["confirmed"] + sums["raised"]
    enough = total >= rule.min_participants
    with np.errstate(invalid="ignore", divide="ignore"):
        lowered_share = np.where(enough, sums["lowered"] / total, np.nan)
        raised_share = np.where(enough, sums["raised"] / total, np.nan)
    rows = data.rows
    base = (rows.participants >= rule.min_participants) & np.isfinite(rows.percent)
    vpr_rows = rows.is_procedure("ВПР")
    vpr_diff, ege_diff = _school_gaps(data, base & vpr_rows, base & rows.is_procedure("ЕГЭ"))
    selective = np.array([kind in rule.selective_kinds for kind in data.kind], dtype=bool)
    with np.errstate(invalid="ignore"):
        flags = {
            "vpr_lowered": lowered_share >= rule.vpr_lowered_share - EPS,
            "vpr_raised": raised_share >= rule.vpr_raised_share - EPS,
            "above_regional_mean": (vpr_diff > rule.above_mean_margin + EPS) & ~selective[:, None] & ~(ege_diff > 0),
        }
    if not rule.enabled:
        flags = {name: np.zeros(shape, dtype=bool) for name in flags}
    doubtful = np.zeros(shape, dtype=bool)
    for name in rule.doubtful_flags:
        doubtful |= flags[name]
    flat = np.r_[doubtful.ravel(), False]
    rows.doubtful = vpr_rows & flat[rows.st]
    rows.excluded = rows.doubtful if rule.exclude_doubtful else np.zeros(len(rows), dtype=bool)
    arrays = {
        "flags": flags,
        "doubtful": doubtful,
        "sums": sums,
        "lowered_share": lowered_share,
        "raised_share": raised_share,
        "vpr_diff": vpr_diff,
        "ege_diff": ege_diff,
    }
    return RuleResult(np.zeros(shape, dtype=np.int8), arrays)


def _school_gaps(data: Data, first: BoolArray, second: BoolArray) -> tuple[FloatArray, FloatArray]:
    """(S, T) each: participant-weighted mean of (row percent of max − regional mean of its cell) over the
    `first` rows and over the `second` rows (two procedures: their cells differ, so one pass serves both)."""
    rows = data.rows
    mask = first | second
    regional = _cell_mean(rows.cell, mask, rows.percent, rows.participants)
    st = np.where(mask, rows.st * 2 + second, data.size * 2)
    weight = np.where(mask, rows.participants, 0.0)
    size = data.size * 2
    total = np.bincount(st, weights=(rows.percent - regional) * weight, minlength=size + 1)[:size]
    count = np.bincount(st, weights=weight, minlength=size + 1)[:size]
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.where(count > 0, total / count, np.nan).reshape(*data.shape, 2)
    return gap[:, :, 0], gap[:, :, 1]


def fail_units(data: Data, rules: MethodologyRules, mask: BoolArray) -> dict[str, Any]:
    """The units `fail_share_30` judges, as arrays: its usable rows (`mask`), or with `pool_grades` the
    sums per school, year, procedure and subject family (grade None)."""
    rows = data.rows
    idx = np.flatnonzero(mask)
    units: dict[str, Any] = {
        "row": idx,
        "school": rows.school[idx],
        "year": rows.year[idx],
        "st": rows.st[idx],
        "procedure": rows.procedure[idx],
        "subject": rows.subject[idx],
        "grade": rows.grade[idx],
        "participants": rows.participants[idx],
        "below": rows.below[idx],
        "doubtful": rows.doubtful[idx],
    }
    if rules.fail_share_30.pool_grades and len(idx):
        family = np.array([SUBJECT_FAMILY.get(s, s) for s in rows.subjects] + [""], dtype=object)
        subject_group, groups = _codes(pd.Series(family[units["subject"]]))
        key = units["st"] * (len(rows.procedures) + 1) + units["procedure"]
        first, unit = _first_of_groups(key * (len(groups) + 1) + subject_group)
        units = {name: units[name][first] for name in ("row", "school", "year", "st", "procedure", "subject")} | {
            "grade": np.full(len(first), np.nan),
            "participants": np.bincount(unit, weights=units["participants"]),
            "below": np.bincount(unit, weights=units["below"]),
            "doubtful": np.bincount(unit, weights=units["doubtful"].astype(float)) > 0,
        }
    with np.errstate(invalid="ignore", divide="ignore"):
        units["share"] = units["below"] / units["participants"]
    return units


def _first_of_groups(key: IntArray) -> tuple[IntArray, IntArray]:
    """For integer group keys: the position of each group's first row, and each row's group number."""
    unit, uniques = _codes(pd.Series(key))
    first = np.full(len(uniques), len(key), dtype=np.int64)
    np.minimum.at(first, unit, np.arange(len(key)))
    return first, unit


def _fail_share(data: Data, rules: MethodologyRules) -> RuleResult:
    """`fail_share_30` per school-year. Always computed: `fail_share` and the trend sort on it.

    A procedure is over the threshold in a year when any of its units (a row: grade and subject; with
    `pool_grades` a procedure and subject summed over grades) has a share below the minimum ≥ threshold."""
    rule = rules.fail_share_30
    rows = data.rows
    s, t = data.shape
    mask = rows.usable(rule) & np.isfinite(rows.below)
    positions = {name: k for k, name in enumerate(rule.procedures)}
    local_table = _lookup(rows.procedures, positions)
    p = len(rule.procedures)
    if rule.pool_grades:
        units = fail_units(data, rules, mask)
        st, local, share = units["st"], local_table[units["procedure"]], units["share"]
        unit_mask = np.ones(len(st), dtype=bool)
    else:
        units = None
        st, local, share, unit_mask = rows.st, local_table[rows.procedure], rows.share, mask
    over = unit_mask & (share >= rule.threshold - EPS)
    subject = units["subject"] if units is not None else rows.subject
    family, f = _subject_families(rows.subjects, subject) if rule.same_subject else (np.zeros_like(st), 1)
    flags = np.zeros((s * t + 1) * p * f, dtype=bool)  # the overflow bin's slots at the end
    flags[((st * p + local) * f + family)[over]] = True
    over4 = flags[: s * t * p * f].reshape(s, t, p, f)
    procedures_over = over4.any(axis=3).sum(axis=2)
    same_year = (over4.sum(axis=2) >= rule.same_year_procedures).any(axis=2)
    in_a_row = _in_a_row(over4, rule.consecutive_years, rule.years_procedures)
    fired = (same_year | in_a_row) if rule.operator == "or" else (same_year & in_a_row)
    has = data.total(st, unit_mask) > 0
    worst = data.max(st, unit_mask, share)
    arrays = {"mask": mask, "units": units, "worst": worst, "same_year": same_year, "in_a_row": in_a_row}
    arrays["procedures_over"] = procedures_over
    return RuleResult(_state(fired, has), arrays)


def _subject_families(subjects: list[str], codes: IntArray) -> tuple[IntArray, int]:
    """Each unit's subject family (mathematics levels count as mathematics) as a small code, and the count."""
    family = np.array([SUBJECT_FAMILY.get(name, name) for name in subjects] + [""], dtype=object)
    codes_of, uniques = _codes(pd.Series(family[codes], dtype=object))
    return np.where(codes_of >= 0, codes_of, 0), max(len(uniques), 1)


def _in_a_row(over: BoolArray, years: int, procedures: str) -> BoolArray:
    """(S, T) from (S, T, P, F) over-threshold flags: over the threshold in each of the last `years` years —
    in the same procedure, in any, or each year in a procedure other than the year before's."""
    base: BoolArray = np.asarray(over.any(axis=2, keepdims=True) if procedures == "any" else over, dtype=bool)
    chain: BoolArray = base.copy()
    for _ in range(1, years):
        earlier = np.zeros_like(chain)
        if procedures == "different":
            count = chain.sum(axis=2, keepdims=True)
            earlier[:, 1:] = (count - chain)[:, :-1] > 0  # some other procedure the year before
        else:
            earlier[:, 1:] = chain[:, :-1]
        chain = base & earlier
    return np.asarray(np.any(chain, axis=3).any(axis=2), dtype=bool)


def _near_threshold(data: Data, rules: MethodologyRules, fail: RuleResult) -> RuleResult:
    rule = rules.near_threshold
    rows = data.rows
    mask = rows.usable(rule) & np.isfinite(rows.below)
    share = rows.share
    band = mask & (share >= rule.lower - EPS) & (share < rule.upper - EPS)
    in_band = data.total(rows.st, band) > 0
    fail_fired = fail.state == FIRED if rules.fail_share_30.enabled else np.zeros_like(in_band)
    has = data.total(rows.st, mask) > 0
    arrays = {"mask": mask, "band": band, "fail_fired": fail_fired}
    return RuleResult(_state(in_band & ~fail_fired, has), arrays)


def _bottom_quartile(data: Data, rules: MethodologyRules) -> RuleResult:
    rule = rules.bottom_quartile
    rows = data.rows
    mask = rows.usable(rule) & np.isfinite(rows.percent)
    value = rows.percent if rule.scale == "percent_of_max" else _zscore_in_territory(data, mask, rows.percent)
    composite = _weighted_mean(data, mask, value, rows.participants)
    fired, cuts, ranked = _quantile_fired(composite, data, rule.quantile)
    has = ~np.isnan(composite)
    arrays = {"composite": composite, "cut": cuts, "ranked": ranked, "rows": data.total(rows.st, mask)}
    return RuleResult(_state(fired & has, has), arrays)


def _zscore_in_territory(data: Data, mask: BoolArray, value: FloatArray) -> FloatArray:
    """Row values standardised per cell (year, procedure, grade, subject) over the territory's `mask` rows."""
    rows = data.rows
    inside = mask & np.r_[data.territory, False][np.where(rows.school >= 0, rows.school, len(data.territory))]
    cell = rows.cell
    if len(cell) == 0:
        return value
    count = np.bincount(cell, weights=inside)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(cell, weights=np.where(inside, value, 0.0)) / count
        deviation = value - mean[cell]
        variance = np.bincount(cell, weights=np.where(inside, deviation**2, 0.0)) / count
        std = np.sqrt(variance)[cell]
        z = np.where(std > EPS, deviation / std, 0.0)
    return np.asarray(z, dtype=np.float64)


def _below_regional_mean(data: Data, rules: MethodologyRules) -> RuleResult:
    rule = rules.below_regional_mean
    rows = data.rows
    values = rows.percent if rule.scale == "percent_of_max" else rows.mean
    mask = rows.usable(rule) & np.isfinite(values)
    regional = _cell_mean(rows.cell, mask, values, rows.participants)
    gap = regional - values
    below = mask & (gap > rule.gap + EPS)
    fired = data.total(rows.st, below) > 0
    has = data.total(rows.st, mask) > 0
    arrays = {"mask": mask, "value": values, "regional": regional, "gap": gap, "below": below}
    return RuleResult(_state(fired, has), arrays)


def _olympiad_share(data: Data, rules: MethodologyRules) -> RuleResult:
    rule = rules.olympiad_share
    pupils = data.olympiad["pupils"]
    regional, all_russian = data.olympiad["participants_regional"], data.olympiad["participants_all_russian"]
    known = (pupils > 0) & ~(np.isnan(regional) & np.isnan(all_russian))
    participants = np.where(known, np.nan_to_num(regional) + np.nan_to_num(all_russian), np.nan)
    window = _window(participants, rule.years)
    window_participants = np.nansum(window, axis=2)
    window_pupils = np.nansum(_window(np.where(known, pupils, np.nan), rule.years), axis=2)
    years_with = (~np.isnan(window)).sum(axis=2)
    if rule.denominator == "latest_pupils":
        window_pupils = _latest(_window(np.where(known, pupils, np.nan), rule.years))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(years_with > 0, window_participants / window_pupils, np.nan)
        fired = share <= rule.max_share + EPS
    arrays = {"share": share, "participants": window_participants, "pupils": window_pupils, "years_with": years_with}
    return RuleResult(_state(fired, years_with > 0), arrays)


def _latest(window: FloatArray) -> FloatArray:
    """(S, T) from (S, T, years): the last value present in each window, NaN if none."""
    present = ~np.isnan(window)
    last = window.shape[2] - 1 - np.argmax(present[:, :, ::-1], axis=2)
    values = np.take_along_axis(window, last[:, :, None], axis=2)[:, :, 0]
    return np.asarray(np.where(present.any(axis=2), values, np.nan), dtype=np.float64)


def _social_index(data: Data, rules: MethodologyRules) -> RuleResult:
    """index = Σ weight × normalised value / Σ |weight| over the present indicators with a non-zero weight;
    `min_indicators` counts those present indicators."""
    rule = rules.social_index_bottom_quartile
    weights = np.array([rule.weights.get(name, 0.0) for name in SOCIAL_INDICATORS])
    values = data.social
    normalised = _normalise(values, data.territory, rule.normalisation)
    used = weights != 0
    present = ~np.isnan(values) & used[None, None, :]
    count = present.sum(axis=2)
    weighted = np.where(present, normalised * weights[None, None, :], 0.0).sum(axis=2)
    scale = np.where(present, np.abs(weights)[None, None, :], 0.0).sum(axis=2)
    enough = count >= min(rule.min_indicators, int(used.sum()))
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(enough & (scale > 0), weighted / scale, np.nan)
    fired, cuts, ranked = _quantile_fired(index, data, rule.quantile)
    has = ~np.isnan(index)
    arrays = {"index": index, "cut": cuts, "ranked": ranked, "count": count}
    return RuleResult(_state(fired & has, has), arrays)


def _normalise(values: FloatArray, territory: BoolArray, how: str) -> FloatArray:
    """(S, T, K) values normalised per year and indicator over the territory's schools."""
    if how == "none" or values.size == 0:
        return values
    inside = np.where(territory[:, None, None], values, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a year without any social data is an all-NaN slice
        if how == "zscore":
            centre, spread = np.nanmean(inside, axis=0), np.nanstd(inside, axis=0)
        else:
            centre = np.nanmin(inside, axis=0)
            spread = np.nanmax(inside, axis=0) - centre
        return np.asarray(np.where(spread > EPS, (values - centre) / spread, 0.0 * values))


def _hard_to_reach(data: Data, rules: MethodologyRules) -> RuleResult:
    s, t = data.shape
    hard = np.broadcast_to(data.hard_to_reach[:, None], (s, t))
    return RuleResult(_state(hard == 1.0, ~np.isnan(hard)), {})


def _unemployment(data: Data, rules: MethodologyRules) -> RuleResult:
    """Settlement unemployment against the regional average over settlements, each counted once (a school
    without a settlement code counts as its own settlement)."""
    s, t = data.shape
    share = data.unemployment
    settlement = pd.Series(data.settlement, dtype=object)
    first = ~settlement.duplicated().to_numpy() | settlement.isna().to_numpy()
    counted = share[first & ~np.isnan(share)]
    average = float(counted.mean()) if len(counted) else np.nan
    with np.errstate(invalid="ignore"):
        fired = share >= rules.unemployment.factor * average - EPS
    has = ~np.isnan(share) & ~np.isnan(average)
    state = np.broadcast_to(_state(fired, has)[:, None], (s, t)).copy()
    return RuleResult(state, {"average": average, "settlements": len(counted)})


def _unstable_results(data: Data, rules: MethodologyRules) -> RuleResult:
    """The measure of a year is the pooled share below the minimum over the rule's rows."""
    rule = rules.unstable_results
    rows = data.rows
    mask = rows.match(rule.procedures, rule.subjects) & np.isfinite(rows.below) & ~rows.excluded
    participants = data.total(rows.st, mask, rows.participants)
    below = data.total(rows.st, mask, rows.below)
    with np.errstate(invalid="ignore", divide="ignore"):
        measure = np.where(participants >= max(rule.min_participants, 1), below / participants, np.nan)
    window = _window(measure, rule.years)
    complete = np.asarray(~np.isnan(window).any(axis=2), dtype=bool)
    change = window[:, :, -1] - window[:, :, 0]
    filled = np.where(complete[:, :, None], window, 0.0)
    amplitude = filled.max(axis=2) - filled.min(axis=2)
    steps = np.diff(window, axis=2)
    turned = np.asarray((steps > EPS).any(axis=2) & (steps < -EPS).any(axis=2), dtype=bool)
    fired = complete & ((change >= rule.decline - EPS) | ((amplitude >= rule.amplitude - EPS) & turned))
    arrays = {"measure": measure, "participants": participants, "below": below, "change": change}
    arrays.update(amplitude=amplitude, turned=turned)
    return RuleResult(_state(fired, complete), arrays)


def _measure(data: Data, measure: str) -> tuple[FloatArray, str]:
    """(S, T) values of an imported measure, and its direction (`higher` is better unless the data say `lower`)."""
    frame = data.indicators
    out = np.full(data.size + 1, np.nan)
    if frame.empty:
        return out[: data.size].reshape(data.shape), "higher"
    mine = (_text(frame["measure"]) == measure).fillna(False).to_numpy(dtype=bool)
    st = np.where(mine, data.indicator_keys.st, data.size)
    out[st[mine]] = _numbers(frame, "value")[mine]
    directions = frame["direction"][mine].dropna().astype(str)
    direction = "lower" if len(directions) and directions.iloc[-1] == "lower" else "higher"
    return out[: data.size].reshape(data.shape), direction


def _not_better(values: FloatArray, threshold: float, direction: str) -> BoolArray:
    with np.errstate(invalid="ignore"):
        if direction == "lower":
            return np.asarray(values >= threshold - EPS, dtype=bool)
        return np.asarray(values <= threshold + EPS, dtype=bool)


def _indicator_level(data: Data, rules: MethodologyRules) -> RuleResult:
    rule = rules.indicator_level
    values, direction = _measure(data, rule.measure)
    has = ~np.isnan(values)
    fired = has & _not_better(values, rule.threshold, direction)
    return RuleResult(_state(fired, has), {"value": values, "direction": direction})


def _indicator_mean(data: Data, rules: MethodologyRules) -> RuleResult:
    rule = rules.indicator_mean
    values, direction = _measure(data, rule.measure)
    window = _window(values, rule.years)
    complete = np.asarray(~np.isnan(window).any(axis=2), dtype=bool)
    mean = np.where(complete, np.nan_to_num(window).mean(axis=2), np.nan)
    fired = complete & _not_better(mean, rule.threshold, direction)
    return RuleResult(_state(fired, complete), {"value": values, "mean": mean, "direction": direction})


def _indicator_trend(data: Data, rules: MethodologyRules) -> RuleResult:
    """Worsening from the first to the last year of the window (in the measure's direction), or an amplitude
    with a change of direction — `unstable_results` on an imported measure."""
    rule = rules.indicator_trend
    values, direction = _measure(data, rule.measure)
    window = _window(values, rule.years)
    complete = np.asarray(~np.isnan(window).any(axis=2), dtype=bool)
    change = window[:, :, -1] - window[:, :, 0]
    worsening = -change if direction == "higher" else change
    filled = np.where(complete[:, :, None], window, 0.0)
    amplitude = filled.max(axis=2) - filled.min(axis=2)
    steps = np.diff(window, axis=2)
    turned = np.asarray((steps > EPS).any(axis=2) & (steps < -EPS).any(axis=2), dtype=bool)
    with np.errstate(invalid="ignore"):
        fired = complete & ((worsening >= rule.decline - EPS) | ((amplitude >= rule.amplitude - EPS) & turned))
    arrays = {"value": values, "change": change, "amplitude": amplitude, "turned": turned, "direction": direction}
    return RuleResult(_state(fired, complete), arrays)


MAX_FACTOR = 1000


def _risk_count(data: Data, rules: MethodologyRules) -> RuleResult:
    """Distinct factors at the counted levels per school-year; no profile at all → insufficient data."""
    rule = rules.risk_count
    risk = data.risk
    st, factor = risk["keys"].st, risk["factor"]
    valid = risk["keys"].valid & np.isfinite(factor) & (factor >= 0) & (factor < MAX_FACTOR)
    has = data.total(st, valid) > 0
    wanted = np.array([name in rule.levels for name in risk["levels"]] + [False])
    counted = valid & wanted[risk["level"]]
    slots = int(np.nan_to_num(factor[counted]).max(initial=0)) + 1
    seen = np.zeros((data.size + 1) * slots, dtype=bool)
    seen[(st * slots + np.nan_to_num(factor).astype(np.int64))[counted]] = True
    count = seen.reshape(data.size + 1, slots)[: data.size].sum(axis=1).reshape(data.shape).astype(np.float64)
    count = np.where(has, count, np.nan)
    with np.errstate(invalid="ignore"):
        fired = count >= rule.min_risks
    return RuleResult(_state(fired, has), {"count": count, "counted": counted})


# --- combining ----------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """The outcome of one evaluation: `table` per territory school; `explain.iter_outcomes()` explains it."""

    school_year: str
    table: pd.DataFrame
    data: Data
    rules: MethodologyRules
    results: dict[str, RuleResult]
    schools: IntArray  # positions of the territory schools in `data`
    fired: dict[Category, BoolArray]  # (S, T)
    insufficient: BoolArray  # (S, T)


def _combine(
    rules: MethodologyRules, results: dict[str, RuleResult], shape: tuple[int, int]
) -> dict[Category, BoolArray]:
    """Each category's condition (its tree, or `combine` over its rules) evaluated per school-year."""
    fired: dict[Category, BoolArray] = {}
    for category in RULE_CATEGORIES:
        condition = rules.condition(category)
        fired[category] = np.zeros(shape, dtype=bool) if condition is None else _holds(condition, results, shape)
    return fired


def _holds(condition: Condition, results: dict[str, RuleResult], shape: tuple[int, int]) -> BoolArray:
    if condition.op == "rule":
        result = results.get(condition.rule or "")
        return np.zeros(shape, dtype=bool) if result is None else np.asarray(result.state == FIRED, dtype=bool)
    values = [_holds(arg, results, shape) for arg in condition.args]
    if condition.op == "not":
        return ~values[0]
    return np.logical_and.reduce(values) if condition.op == "and" else np.logical_or.reduce(values)


def _enabled(rules: MethodologyRules, rule_id: str) -> bool:
    return bool(getattr(rules, rule_id).enabled)


CATEGORISING = CATEGORISING_RULES


def _compute(data: Data, rules: MethodologyRules) -> dict[str, RuleResult]:
    results = {"objectivity": _objectivity(data, rules)}  # first: it marks the doubtful rows
    results["fail_share_30"] = _fail_share(data, rules)
    computations = {
        "bottom_quartile": _bottom_quartile,
        "below_regional_mean": _below_regional_mean,
        "olympiad_share": _olympiad_share,
        "social_index_bottom_quartile": _social_index,
        "hard_to_reach": _hard_to_reach,
        "unemployment": _unemployment,
        "unstable_results": _unstable_results,
        "risk_count": _risk_count,
        "indicator_level": _indicator_level,
        "indicator_mean": _indicator_mean,
        "indicator_trend": _indicator_trend,
    }
    for rule_id, compute in computations.items():
        if _enabled(rules, rule_id):
            results[rule_id] = compute(data, rules)
    if rules.near_threshold.enabled:
        results["near_threshold"] = _near_threshold(data, rules, results["fail_share_30"])
    for rule_id in CATEGORISING:
        if rule_id in results:
            result = results[rule_id]
            result.state = np.where(_applicable(data, getattr(rules, rule_id))[:, None], result.state, NOT_APPLICABLE)
            result.state = result.state.astype(np.int8)
    return results


def _applicable(data: Data, rule: CategorisingRule) -> BoolArray:
    """(S,): the schools a rule applies to — they teach one of its grades and have enough pupils."""
    applies = np.ones(data.shape[0], dtype=bool)
    if rule.taught_grades:
        applies &= data.taught[:, rule.taught_grades].any(axis=1)
    if rule.min_pupils > 0:
        with np.errstate(invalid="ignore"):
            applies &= ~(data.pupils < rule.min_pupils)  # an unknown headcount does not exclude a school
    return applies


def _category_lists(fired: dict[Category, BoolArray], insufficient: BoolArray, column: int) -> pd.Series:
    """Category lists per school for one year column, through a bitmask (no loop over schools)."""
    mask = np.zeros(len(insufficient), dtype=np.int64)
    for bit, category in enumerate(IN_CATEGORY):
        mask |= fired[category][:, column].astype(np.int64) << bit
    mask |= (insufficient[:, column] & (mask == 0)).astype(np.int64) << len(IN_CATEGORY)
    lists: dict[int, list[str]] = {}
    for value in range(1 << (len(IN_CATEGORY) + 1)):
        names = [c.value for bit, c in enumerate(IN_CATEGORY) if value >> bit & 1]
        lists[value] = names or ([] if value >> len(IN_CATEGORY) & 1 else [Category.effective.value])
    return pd.Series(mask).map(lists)


def _trend(current: BoolArray, previous: BoolArray, had_data: BoolArray) -> npt.NDArray[np.object_]:
    conditions = [~had_data, current & ~previous, ~current & previous, current & previous]
    return np.asarray(np.select(conditions, ["new", "entered", "left", "stayed"], "unchanged"), dtype=object)


def evaluate(data: EngineInput, rules: MethodologyRules, school_year: str) -> Evaluation:
    """Apply `rules` to the territory schools of `data` for `school_year` (and, for the trend, the year before)."""
    prepared = prepare(data, rules, school_year)
    results = _compute(prepared, rules)
    shape = prepared.shape
    fired = _combine(rules, results, shape)
    insufficient = np.zeros(shape, dtype=bool)
    for rule_id in CATEGORISING:
        if rule_id in results and _enabled(rules, rule_id):
            insufficient |= results[rule_id].state == INSUFFICIENT
    now, before = shape[1] - 1, shape[1] - 2
    schools = np.flatnonzero(prepared.territory)
    in_category = np.logical_or.reduce([fired[c] for c in IN_CATEGORY])
    had_data = prepared.has_data[:, before]
    previous = _category_lists(fired, insufficient, before).where(pd.Series(had_data), None)
    worst = results["fail_share_30"].arrays["worst"]
    risk = results["risk_count"].arrays["count"][:, now] if "risk_count" in results else np.full(shape[0], np.nan)
    table = pd.DataFrame(
        {
            "categories": _category_lists(fired, insufficient, now),
            "insufficient_data": insufficient[:, now],
            "risk_count": risk,
            "fail_share": worst[:, now],
            "previous_categories": previous,
            "trend": _trend(in_category[:, now], in_category[:, before], had_data),
            "trend_change": worst[:, now] - worst[:, before],
            **{f"outcome_{rule_id}": _outcome_column(rules, results, rule_id, now) for rule_id in CATEGORISING},
        },
    )
    table.index = pd.Index(prepared.codes, name="school_code")
    table = table.iloc[schools]
    return Evaluation(school_year, table, prepared, rules, results, schools, fired, insufficient)


def _outcome_column(rules: MethodologyRules, results: dict[str, RuleResult], rule_id: str, column: int) -> Any:
    if not _enabled(rules, rule_id) or rule_id not in results:
        return "disabled"
    return np.asarray(OUTCOME_NAMES, dtype=object)[results[rule_id].state[:, column]]


# --- the demo region as engine input --------------------------------------------------------------------


def engine_input_from_demo(region: Any) -> EngineInput:
    """The engine's input for a generated `DemoRegion`, every school in the territory."""
    settlements = region.settlements.rename(columns={"code": "settlement_code"})
    settlements = settlements[["settlement_code", "hard_to_reach", "unemployment_share"]]
    schools = region.schools.merge(settlements, on="settlement_code", how="left")
    schools = schools.assign(
        region_code=str(region.region["code"]),
        pupils=pd.to_numeric(schools["pupils"], errors="coerce").astype(float),
        in_territory=True,
    )[list(INPUT_COLUMNS["schools"])]
    frames = {name: getattr(region, name) for name in INPUT_COLUMNS if hasattr(region, name) and name != "schools"}
    if hasattr(region, "indicator_values"):
        frames["indicators"] = region.indicator_values[list(INPUT_COLUMNS["indicators"])]
    return EngineInput(schools=schools, **frames)
