"""Converting columns of text cells into typed values, vectorised, with the rows that failed and why.

Every converter takes a column as it came (text from a file, or typed values from a frame or JSON) and returns
the converted column and the problems found, each a mask over the rows with a stable code and a Russian
reason. Real exports write `35,5`, `1 234`, `35,5 %`, `да`, `2022/23`, `Рус. яз.`: all of it is accepted here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from services.identification.imports.kinds import ColumnSpec, ColumnType
from services.identification.imports.parsing import cell_text, tidy_text
from services.identification.vocabulary import (
    PROCEDURE_ALIASES,
    PROCEDURES,
    RISK_LEVEL_ALIASES,
    SUBJECT_ALIASES,
    parse_school_year,
)


@dataclass
class Problem:
    """Rows of one column that failed one check."""

    mask: pd.Series
    code: str
    detail: str
    """The reason in Russian; the report puts the cell's value in front of it."""


Converted = tuple[pd.Series, list[Problem]]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
TRUE_WORDS = {"да", "д", "1", "true", "yes", "y", "истина", "+", "есть"}
FALSE_WORDS = {"нет", "н", "0", "false", "no", "n", "ложь", "-", "0.0"}


def vocabulary_key(text: str) -> str:
    """A vocabulary value as compared: lower case, ё→е, spaces folded."""
    return " ".join(text.lower().replace("ё", "е").split())


PROCEDURE_KEYS: dict[str, str] = {
    **{vocabulary_key(code): code for code in PROCEDURES},
    **{vocabulary_key(alias): code for alias, code in PROCEDURE_ALIASES.items()},
    **{vocabulary_key(label): code for code, label in PROCEDURES.items()},
}
SUBJECT_KEYS: dict[str, str] = {vocabulary_key(alias): code for alias, code in SUBJECT_ALIASES.items()}
LEVEL_KEYS: dict[str, str] = {vocabulary_key(alias): code for alias, code in RISK_LEVEL_ALIASES.items()}
DIRECTION_ALIASES = {
    "higher": "higher",
    "лучше больше": "higher",
    "больше лучше": "higher",
    "выше лучше": "higher",
    "лучше выше": "higher",
    "больше — лучше": "higher",
    "выше — лучше": "higher",
    "по возрастанию": "higher",
    "lower": "lower",
    "лучше меньше": "lower",
    "меньше лучше": "lower",
    "ниже лучше": "lower",
    "лучше ниже": "lower",
    "меньше — лучше": "lower",
    "ниже — лучше": "lower",
    "по убыванию": "lower",
}
DIRECTION_KEYS: dict[str, str] = {vocabulary_key(alias): code for alias, code in DIRECTION_ALIASES.items()}


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text (object dtype, None when empty); numbers as a person writes them."""
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        tidy = tidy_text(series.to_numpy(dtype=object))
        if tidy is not None:
            return pd.Series(tidy, index=series.index, dtype=object)
        values = [
            (value.strip() or None) if isinstance(value, str) else (None if _missing(value) else cell_text(value))
            for value in series.tolist()
        ]
    else:
        values = [None if _missing(value) else cell_text(value) for value in series.tolist()]
    return pd.Series(values, index=series.index, dtype=object)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and np.isnan(value)


def convert(series: pd.Series, spec: ColumnSpec) -> Converted:
    """The column converted to its type, and the rows that failed.

    A column of text is converted once per distinct cell (a large file's column of counts, grades, years or
    subjects holds a few hundred values in 60,000 rows), then spread back to the rows: every converter judges
    a cell alone, so this gives what converting every row gives."""
    if isinstance(series.dtype, pd.CategoricalDtype) and series.cat.categories.dtype == object:
        categories = series.cat.categories.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(categories, skipna=False) in ("string", "empty"):
            return _spread(series.cat.codes.to_numpy(), categories, series.index, spec)  # coded by the reader
    if series.dtype != object and not pd.api.types.is_string_dtype(series):
        return _convert(series, spec)
    cells = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) not in ("string", "empty"):
        return _convert(series, spec)  # 1, 1.0 and True are one value to `factorize`, not to a person
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return _spread(codes, uniques, series.index, spec)


def _spread(codes: np.ndarray, uniques: np.ndarray, index: pd.Index, spec: ColumnSpec) -> Converted:
    """The distinct text cells `uniques` converted once, spread back to the rows by `codes` (-1: empty)."""
    distinct = np.empty(len(uniques) + 1, dtype=object)
    distinct[:-1] = uniques
    distinct[-1] = None  # the missing cells (code -1) take the last one
    values, problems = _convert(pd.Series(distinct, dtype=object), spec)
    spread = values.take(codes).set_axis(index)
    return spread, [
        Problem(pd.Series(p.mask.fillna(False).to_numpy(dtype=bool)[codes], index=index), p.code, p.detail)
        for p in problems
    ]


def _convert(series: pd.Series, spec: ColumnSpec) -> Converted:
    match spec.type:
        case ColumnType.integer | ColumnType.number | ColumnType.share:
            return _numbers(series, spec)
        case ColumnType.boolean:
            return _booleans(series)
        case ColumnType.school_year:
            return _mapped(
                series, parse_school_year, "invalid_school_year", "ожидается учебный год, например 2023-2024"
            )
        case ColumnType.procedure:
            return _vocabulary(series, PROCEDURE_KEYS, "unknown_procedure", "неизвестная оценочная процедура")
        case ColumnType.subject:
            return _vocabulary(series, SUBJECT_KEYS, "unknown_subject", "неизвестный предмет")
        case ColumnType.risk_level:
            return _vocabulary(series, LEVEL_KEYS, "unknown_level", "неизвестный уровень риска")
        case ColumnType.text_list:
            return _text_list(series)
        case ColumnType.direction:
            expected = "ожидается «лучше больше» или «лучше меньше»"
            return _vocabulary(series, DIRECTION_KEYS, "unknown_direction", expected)
        case _:
            return _text(series, spec)


def _text(series: pd.Series, spec: ColumnSpec) -> Converted:
    text = as_text(series)
    problems = []
    if spec.max_length:
        too_long = (text.str.len() > spec.max_length).astype(bool) if text.notna().any() else text.notna()
        problems.append(Problem(too_long, "too_long", f"значение длиннее {spec.max_length} символов"))
    return text, problems


def _text_list(series: pd.Series) -> Converted:
    """ "a|b|c" → "a|b|c" with the parts stripped and empty parts dropped (kept joined for comparison)."""
    text = as_text(series)
    joined = text.map(lambda value: "|".join(p.strip() for p in value.split("|") if p.strip()) if value else "")
    return joined.astype(object), []


def _plain_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(values, present, percent, unreadable) of a column of numbers written any usual way."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = pd.Series(series.to_numpy(dtype="float64", na_value=np.nan), index=series.index)
        present = values.notna()
        false = pd.Series(False, index=series.index)
        return values, present, false, false
    text = as_text(series)
    present = text.notna()
    # Plain numbers ("12", "15.8") are most cells of a large file: read them at once, clean only the rest.
    values = pd.to_numeric(text, errors="coerce").astype("float64")
    percent = pd.Series(False, index=series.index)
    retry = present & values.isna()
    if retry.any():
        cleaned = text[retry].astype(str).str.replace(_SPACES, "", regex=True)
        percent[retry] = cleaned.str.endswith("%")
        cleaned = cleaned.str.rstrip("%").str.replace(",", ".", regex=False)
        values[retry] = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce").astype("float64")
    values = values.where(np.isfinite(values))
    unreadable = present & values.isna()
    return values, present, percent & present, unreadable


INTEGER_MAX = 2**31 - 1
"""The largest integer a column of the database holds (a larger one would fail the write, not the row)."""


def _numbers(series: pd.Series, spec: ColumnSpec) -> Converted:
    values, _present, percent, unreadable = _plain_numbers(series)
    problems: list[Problem] = []
    if spec.type == ColumnType.share:
        values = values.where(~percent, (values / 100).round(10))
    else:
        unreadable = unreadable | percent
    expected = "ожидается целое число" if spec.type == ColumnType.integer else "ожидается число"
    problems.append(Problem(unreadable, "invalid_number", expected))
    readable = values.notna() & ~unreadable
    if spec.type == ColumnType.integer:
        fractional = readable & (values != values.round())
        problems.append(Problem(fractional, "invalid_integer", "ожидается целое число"))
        huge = readable & (values > INTEGER_MAX)
        problems.append(
            Problem(huge, "out_of_range", f"ожидается целое число не больше {INTEGER_MAX:,}".replace(",", " "))
        )
    negative = readable & (values < 0)
    problems.append(Problem(negative, "negative", "значение не может быть отрицательным"))
    if spec.type == ColumnType.share:
        outside = readable & (values > 1)
        problems.append(Problem(outside, "share_out_of_range", "доля должна быть от 0 до 1 (или от 0 до 100 %)"))
    low = spec.minimum if spec.minimum is not None else None
    high = spec.maximum
    if low is not None or high is not None:
        outside = readable & ((values < (low if low is not None else -np.inf)) | (values > (high or np.inf)))
        problems.append(Problem(outside, "out_of_range", f"ожидается число от {low:g} до {high:g}"))
    failed = np.logical_or.reduce([p.mask.to_numpy(dtype=bool) for p in problems])
    values = values.where(~failed)  # a bad cell takes part in no further check
    if spec.type == ColumnType.integer:
        return values.where(values.abs() < 2**53).round().astype("Int64"), problems
    return values, problems


def _booleans(series: pd.Series) -> Converted:
    if pd.api.types.is_bool_dtype(series):
        return series.astype(object), []
    text = as_text(series)

    def boolean(value: str) -> bool | None:
        key = vocabulary_key(value)
        return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None

    values = _by_distinct(text, boolean)
    bad = text.notna() & values.isna()
    return values, [Problem(bad, "invalid_boolean", "ожидается «да» или «нет»")]


def _by_distinct(text: pd.Series, parse: Callable[[str], object]) -> pd.Series:
    """`parse` of every text cell (None for empty ones), called once per distinct value: a column of a large
    file holds a few dozen years, subjects or procedures."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    parsed[:-1] = [parse(value) for value in uniques]
    parsed[-1] = None
    return pd.Series(parsed[codes], index=text.index, dtype=object)


def _mapped(series: pd.Series, parse: Callable[[str], str | None], code: str, expected: str) -> Converted:
    text = as_text(series)
    values = _by_distinct(text, parse)
    bad = text.notna() & values.isna()
    return values, [Problem(bad, code, expected)]


def _vocabulary(series: pd.Series, keys: Mapping[str, str], code: str, what: str) -> Converted:
    return _mapped(series, lambda value: keys.get(vocabulary_key(value)), code, what)
