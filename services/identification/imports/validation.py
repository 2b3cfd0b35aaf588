"""From a parsed table to typed, checked rows of one kind, with every bad cell reported by row and column.

The result keeps the canonical columns the file brought (a file that lacks an optional column leaves the
stored values of that column alone), the database ids the rows resolve to, and one entry per problem with the
row number and header as the user sees them in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from services.identification.imports.kinds import (
    MUNICIPALITY_KINDS,
    SCHOOL_NAME,
    KindGroup,
    KindSpec,
)
from services.identification.imports.parsing import ParsedTable
from services.identification.imports.resolve import Resolver
from services.identification.imports.schemas import ColumnMatch, RowError
from services.identification.imports.values import Problem, convert
from services.identification.registry.models import Municipality, School, Settlement
from services.shared.errors import FieldError, InvalidValue, OporaError

MAX_LISTED_ERRORS = 1000


@dataclass
class Validated:
    kind: KindSpec
    frame: pd.DataFrame
    """Canonical columns brought by the file (typed), plus resolved ids; index = position in the table."""
    present: list[str]
    """Canonical columns the file brought."""
    errors: list[RowError]
    bad_rows: set[int]
    columns: list[ColumnMatch]
    ignored: list[str]
    row_numbers: list[int]
    candidates: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def good(self) -> pd.DataFrame:
        return self.frame.drop(index=list(self.bad_rows)) if self.bad_rows else self.frame


class Collector:
    """Collects problems as (position, column, code, reason, value) and renders them as `RowError`s."""

    def __init__(self, table: ParsedTable, headers: dict[str, str], raw: pd.DataFrame) -> None:
        self.table = table
        self.headers = headers
        self.raw = raw
        self.entries: list[tuple[int, str | None, str, str, list[dict[str, str]] | None]] = []

    def add(self, mask: pd.Series, column: str | None, code: str, detail: str | Callable[[int], str]) -> None:
        for position in mask.index[mask.fillna(False).astype(bool)]:
            text = detail(position) if callable(detail) else detail
            self.entries.append((int(position), column, code, text, None))

    def problems(self, column: str, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem.mask, column, problem.code, problem.detail)

    def errors(self, candidates: dict[int, list[dict[str, str]]]) -> list[RowError]:
        ordered = sorted(
            self.entries, key=lambda e: (e[0], list(self.headers).index(e[1]) if e[1] in self.headers else -1)
        )
        found: list[RowError] = []
        for position, column, code, reason, _ in ordered:
            value = self.raw.at[position, column] if column in self.raw.columns else None
            value_text = None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            row = self.table.row_numbers[position]
            header = self.headers.get(column or "", column)
            detail = f"«{value_text}»: {reason}" if value_text is not None and not reason.startswith("«") else reason
            found.append(
                RowError(
                    row=row,
                    column=header,
                    field=column,
                    code=code,
                    detail=f"Строка {row}, столбец «{header}»: {detail}" if header else f"Строка {row}: {detail}",
                    value=value_text,
                    candidates=candidates.get(position) if code == "unknown_school" else None,
                )
            )
        return found


def missing_columns(kind: KindSpec, present: set[str]) -> OporaError | None:
    missing = [c for c in kind.columns if c.required and c.name not in present]
    if kind.group == KindGroup.indicators and SCHOOL_NAME in present:
        missing = [c for c in missing if c.name != "school_code"]
    if not missing:
        return None
    names = ", ".join(f"«{c.label}»" for c in missing)
    return InvalidValue(
        f"В файле нет обязательных столбцов: {names}",
        code="missing_columns",
        fields=[
            FieldError(loc=["columns", c.name], code="missing_column", detail=f"Нет столбца «{c.label}»")
            for c in missing
        ],
    )


def validate(table: ParsedTable, kind: KindSpec, resolver: Resolver) -> Validated:
    """Typed and checked rows of `table`; a 422 `missing_columns` when a required column is absent."""
    mapping = table.mapping(kind)
    headers = {name: table.headers[position] or name for position, name in mapping.items()}
    error = missing_columns(kind, set(mapping.values()))
    if error is not None:
        raise error
    raw = pd.DataFrame({name: raw_column(table, position) for position, name in mapping.items()}, index=table.index)
    collector = Collector(table, headers, raw)
    frame = pd.DataFrame(index=raw.index)
    for name in raw.columns:
        frame[name], problems = convert(raw[name], kind.by_name[name])
        collector.problems(name, problems)
    _required_values(kind, frame, collector)
    candidates = _resolve(kind, frame, resolver, collector)
    _cross_checks(kind, frame, collector)
    _duplicates(kind, frame, table, collector)
    return Validated(
        kind=kind,
        frame=frame,
        present=[c for c in kind.canonical if c in frame.columns or (c == "school_code" and "school_id" in frame)],
        errors=collector.errors(candidates),
        bad_rows={position for position, *_ in collector.entries},
        columns=[ColumnMatch(header=headers[n], column=n, label=kind.by_name[n].label) for n in mapping.values()],
        ignored=ignored_headers(table, mapping),
        row_numbers=table.row_numbers,
    )


def raw_column(table: ParsedTable, position: int) -> pd.Series:
    """The cells of one column; coded by the reader, as a categorical Series (`convert` then converts each
    distinct cell once without hashing the column again)."""
    coded = table.coded.get(position)
    return table.cells[position] if coded is None else coded.categorical(table.index)


def ignored_headers(table: ParsedTable, mapping: dict[int, str]) -> list[str]:
    """Headers of the file that name no known column but hold values (the report lists them)."""
    return [h for p, h in enumerate(table.headers) if p not in mapping and h and table.filled(p)]


def _required_values(kind: KindSpec, frame: pd.DataFrame, collector: Collector) -> None:
    for spec in kind.columns:
        if not spec.required or spec.name not in frame.columns:
            continue
        if spec.name == "school_code" and SCHOOL_NAME in frame.columns:
            missing = frame["school_code"].isna() & frame[SCHOOL_NAME].isna()
            collector.add(missing, "school_code", "required", "не указана школа: ни код, ни наименование")
            continue
        collector.add(
            frame[spec.name].isna() & ~_already_bad(collector, spec.name, frame),
            spec.name,
            "required",
            "обязательное значение не заполнено",
        )
    if SCHOOL_NAME in frame.columns and "school_code" not in frame.columns:
        collector.add(frame[SCHOOL_NAME].isna(), SCHOOL_NAME, "required", "не указана школа")


def _already_bad(collector: Collector, column: str, frame: pd.DataFrame) -> pd.Series:
    bad = {position for position, name, *_ in collector.entries if name == column}
    return pd.Series(frame.index.isin(list(bad)), index=frame.index)


def _resolve(
    kind: KindSpec, frame: pd.DataFrame, resolver: Resolver, collector: Collector
) -> dict[int, list[dict[str, str]]]:
    if kind.group == KindGroup.indicators:
        if kind.name == "risk_profile":
            _resolve_factors(frame, resolver, collector)
        return _resolve_schools(frame, resolver, collector)
    if kind.name == "municipalities":
        _resolve_municipalities(frame, resolver, collector)
    elif kind.name == "settlements":
        _resolve_settlements(frame, resolver, collector)
    else:
        _resolve_registry_schools(frame, resolver, collector)
    return {}


_OUT_OF_SCOPE = "школа находится вне вашей территории"


def _resolve_schools(frame: pd.DataFrame, resolver: Resolver, collector: Collector) -> dict[int, list[dict[str, str]]]:
    """`school_id` of every row, by code or else by name; the codes of rows named by name are filled in."""
    codes = frame["school_code"] if "school_code" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    ids, unknown, outside = resolver.school_ids(codes)
    collector.add(unknown, "school_code", "unknown_school", "школа с таким кодом не найдена")
    collector.add(outside, "school_code", "out_of_scope", _OUT_OF_SCOPE)
    candidates: dict[int, list[dict[str, str]]] = {}
    if SCHOOL_NAME in frame.columns:
        by_name = codes.isna() & frame[SCHOOL_NAME].notna()
        names = frame[SCHOOL_NAME].where(by_name)
        match = resolver.schools_by_name(names)
        ids = ids.where(~by_name, match.ids)
        codes = codes.where(~by_name, match.codes)
        collector.add(match.ambiguous, SCHOOL_NAME, "ambiguous_school", "так названы несколько школ: укажите код ОО")
        for position in match.unknown.index[match.unknown]:
            found = match.candidates.get(frame.at[position, SCHOOL_NAME], [])
            candidates[int(position)] = found
        listing = {p: "; ".join(f"{c['code']} {c['name']}" for c in found) for p, found in candidates.items()}
        collector.add(
            match.unknown,
            SCHOOL_NAME,
            "unknown_school",
            lambda p: "школа с таким названием не найдена" + (f"; похожие: {listing[p]}" if listing.get(p) else ""),
        )
    frame["school_code"] = codes
    frame["school_id"] = ids.astype("Int64")
    return candidates


def _resolve_factors(frame: pd.DataFrame, resolver: Resolver, collector: Collector) -> None:
    numbers, unknown, outside = resolver.risk_factors(frame["factor"], frame["school_year"])
    collector.add(unknown, "factor", "unknown_factor", "неизвестный фактор риска")
    collector.add(outside, "factor", "unknown_factor", "фактора нет в каталоге «500+», действующем в этом учебном году")
    frame["factor"] = numbers


def _resolve_municipalities(frame: pd.DataFrame, resolver: Resolver, collector: Collector) -> None:
    ids, unknown, outside = resolver.region_ids(frame["region_code"])
    collector.add(unknown, "region_code", "unknown_region", "регион с таким кодом не найден")
    collector.add(outside, "region_code", "out_of_scope", "регион вне вашей территории")
    collector.add(
        resolver.outside_existing(Municipality, "code", frame["code"]),
        "code",
        "out_of_scope",
        "муниципалитет вне вашей территории",
    )
    frame["region_id"] = ids.astype("Int64")
    if "kind" in frame.columns:
        frame["kind"] = frame["kind"].map(lambda v: MUNICIPALITY_KINDS.get(v.lower(), v) if isinstance(v, str) else v)


def _resolve_settlements(frame: pd.DataFrame, resolver: Resolver, collector: Collector) -> None:
    ids, unknown, outside = resolver.municipality_ids(frame["municipality_code"])
    collector.add(unknown, "municipality_code", "unknown_municipality", "муниципалитет с таким кодом не найден")
    collector.add(outside, "municipality_code", "out_of_scope", "муниципалитет вне вашей территории")
    collector.add(
        resolver.outside_existing(Settlement, "code", frame["code"]),
        "code",
        "out_of_scope",
        "населённый пункт вне вашей территории",
    )
    frame["municipality_id"] = ids.astype("Int64")


def _resolve_registry_schools(frame: pd.DataFrame, resolver: Resolver, collector: Collector) -> None:
    ids, unknown, outside = resolver.municipality_ids(frame["municipality_code"])
    collector.add(unknown, "municipality_code", "unknown_municipality", "муниципалитет с таким кодом не найден")
    collector.add(outside, "municipality_code", "out_of_scope", "муниципалитет вне вашей территории")
    collector.add(
        resolver.outside_existing(School, "school_code", frame["school_code"]),
        "school_code",
        "out_of_scope",
        _OUT_OF_SCOPE,
    )
    frame["municipality_id"] = ids.astype("Int64")
    if "settlement_code" in frame.columns:
        settlement_ids, municipalities, missing = resolver.settlements(frame["settlement_code"])
        collector.add(missing, "settlement_code", "unknown_settlement", "населённый пункт с таким кодом не найден")
        mismatch = settlement_ids.notna() & ids.notna() & (municipalities != ids)
        collector.add(
            mismatch, "settlement_code", "settlement_mismatch", "населённый пункт относится к другому муниципалитету"
        )
        frame["settlement_id"] = settlement_ids.astype("Int64")


def _cross_checks(kind: KindSpec, frame: pd.DataFrame, collector: Collector) -> None:
    def has(*names: str) -> bool:
        return all(name in frame.columns for name in names)

    if kind.name == "results":
        if has("below_min", "participants"):
            collector.add(
                frame["below_min"] > frame["participants"],
                "below_min",
                "exceeds_participants",
                "больше, чем участников",
            )
        marks = [f"mark{m}" for m in range(2, 6) if f"mark{m}" in frame.columns]
        if marks and has("participants"):
            total = frame[marks].fillna(0).sum(axis=1)
            collector.add(
                total > frame["participants"],
                marks[0],
                "marks_exceed_participants",
                "сумма отметок «2»–«5» больше числа участников",
            )
        if has("mean_score", "max_score"):
            collector.add(
                frame["mean_score"] > frame["max_score"],
                "mean_score",
                "mean_above_max",
                "средний балл больше максимального",
            )
    if kind.name == "olympiad" and has("participants_regional", "pupils"):
        collector.add(
            frame["participants_regional"] > frame["pupils"],
            "participants_regional",
            "exceeds_pupils",
            "больше, чем обучающихся",
        )


def _duplicates(kind: KindSpec, frame: pd.DataFrame, table: ParsedTable, collector: Collector) -> None:
    """A later row with the key of an earlier one is an error (the earlier one stays)."""
    key = [c for c in kind.key if c in frame.columns]
    if len(key) < len(kind.key):
        return
    complete = frame[key].notna().all(axis=1)
    if not frame.loc[complete, key].duplicated(keep="first").any():
        return  # each key column holds one type, so its values repeat exactly when their text does
    keyed = frame.loc[complete, key].astype(str)
    repeated = keyed.duplicated(keep="first")
    first = keyed.drop_duplicates(keep="first").reset_index().set_index(key)["index"]
    earlier = keyed[repeated].apply(lambda row: first.get(tuple(row) if len(key) > 1 else row.iloc[0]), axis=1)
    column = kind.key[0] if "school_code" not in kind.key or "school_code" in collector.headers else SCHOOL_NAME
    collector.add(
        repeated.reindex(frame.index, fill_value=False),
        column,
        "duplicate_row",
        lambda p: f"строка повторяет строку {table.row_numbers[int(earlier[p])]} (тот же ключ)",
    )
