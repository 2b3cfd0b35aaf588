"""Reading the stored data into the engine's frames.

The engine ranks the run's schools among themselves but compares them with the whole region (regional
means, the regional unemployment average), so the frames hold every school of the regions involved and
mark the run's own schools with `in_territory`.

On PostgreSQL the indicator frames come from the frames the database keeps per table and school year
(`frame_store`: why they are never stale is in its docstring), rebuilt from the rows, one SQL query per table,
for the years whose table was written since. SQLite has no triggers to keep them: it reads the rows, one query
per frame, each run. Rows come in `id` order on both, ordered once (`_in_id_order`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Select, select
from sqlalchemy import types as sa_types
from sqlmodel import Session, col

from services.identification.indicators.models import (
    AssessmentResult,
    MeasureValue,
    OlympiadParticipation,
    RiskLevel,
    SocialIndicator,
    VprObjectivity,
)
from services.identification.methodology.engine import INPUT_COLUMNS, EngineInput
from services.identification.registry.models import Municipality, Region, School, Settlement
from services.identification.runs import frame_store
from services.identification.runs.frame_store import Frame
from services.identification.vocabulary import PROCEDURES, RISK_LEVELS, SUBJECTS

# The values text columns are expected to hold (others are read too, by a second query).
VOCABULARY: dict[str, list[str]] = {
    "procedure": list(PROCEDURES),
    "subject": list(SUBJECTS),
    "level": list(RISK_LEVELS),
    "direction": ["higher", "lower"],
}

# Marks 2–5 are not read: no rule uses them, and they are a third of the largest frame.
FRAME_COLUMNS: dict[Any, tuple[str, ...]] = {
    AssessmentResult: ("procedure", "grade", "subject", "participants", "below_min", "mean_score", "max_score"),
    VprObjectivity: ("grade", "subject", "lowered", "confirmed", "raised"),
    SocialIndicator: (
        "pupils",
        "parents_higher_education_share",
        "unemployed_parents_share",
        "deviant_behaviour_share",
        "non_native_russian_share",
    ),
    OlympiadParticipation: ("pupils", "participants_regional", "participants_all_russian"),
    RiskLevel: ("factor", "level"),
    MeasureValue: ("measure", "value", "direction"),
}


def _read(session: Session, statement: Select[Any]) -> pd.DataFrame:
    """The rows of a select as a frame, fetched from the driver's cursor directly: SQLAlchemy's per-row
    processing would triple the time of reading a region's million results. On PostgreSQL the rows come as
    `COPY … TO STDOUT` CSV parsed by pandas' C reader: no Python object per row or value."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _copy_out(connection, statement)
    return _fetch(connection, statement)


def _fetch(connection: Connection, statement: Select[Any]) -> pd.DataFrame:
    result = connection.execute(statement)
    columns = list(result.keys())
    rows = result.cursor.fetchall() if result.cursor is not None else []
    result.close()
    return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)


def _read_columns(session: Session, statement: Select[Any], known: dict[str, list[str]]) -> pd.DataFrame:
    """Like `_read`, for the large indicator frames: on PostgreSQL as whole columns (`_array_out`), in the
    order of their `id`."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _array_out(connection, statement, known)
    return _fetch(connection, statement)


_ARRAY_HEADER = 20  # array_send of a one-dimensional array: ndim, flags, element type, size, lower bound
_FLOAT8_ITEMS = np.dtype([("size", ">i4"), ("value", ">f8")])
_INT4_ITEMS = np.dtype([("size", ">i4"), ("value", ">i4")])


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns_query(sql: str, names: list[str], text: list[str]) -> str:
    """The select `sql` as one row of arrays in PostgreSQL's binary format (`array_send`): every column, numbers
    as float8 with NaN for NULL, text as 1-based positions in the list passed for it (one `%s` per text column,
    0 for NULL or a value not in the list), then per text column the distinct values the list lacked."""
    positions = ", ".join(f"array_position(%s::text[], r.{_quoted(n)}::text) AS {_quoted(n + '#')}" for n in text)
    arrays = [
        f"array_send(array_agg(coalesce(q.{_quoted(n + '#')}, 0)))"
        if n in text
        else f"array_send(array_agg(coalesce(q.{_quoted(n)}::float8, 'NaN')))"
        for n in names
    ]
    missing = [
        f"array_agg(DISTINCT q.{_quoted(n)}::text) FILTER (WHERE q.{_quoted(n + '#')} IS NULL AND q.{_quoted(n)} "
        "IS NOT NULL)"
        for n in text
    ]
    inner = f"SELECT r.*{', ' + positions if text else ''} FROM ({sql.replace('%', '%%')}) AS r"
    return f"SELECT {', '.join([*arrays, *missing])} FROM ({inner}) AS q"


def _array_out(connection: Connection, statement: Select[Any], known: dict[str, list[str]]) -> pd.DataFrame:
    """The rows of a select as columns (`_array_columns`), text decoded to its values (None for NULL)."""
    frame = _array_columns(connection, statement, known)
    return pd.DataFrame({name: pd.Series(values, dtype=values.dtype) for name, values in _decoded(frame).items()})


def _array_columns(connection: Connection, statement: Select[Any], known: dict[str, list[str]]) -> Frame:
    """The rows of a select as columns (`_columns_query`) in the order of their `id`: one row comes back, which
    numpy reads without a Python object per value; COPY sends a message per row, and reading 3.7 million of them
    cost more than everything else in a run. Numbers come as float64 (NaN for NULL), text as codes into its
    dictionary: the `known` values of its column (the vocabulary) and, should the data hold others, those too
    (the query then runs once more with them added)."""
    names = [str(column.key) for column in statement.selected_columns]
    text = [str(column.key) for column in statement.selected_columns if _is_text(column.type)]
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    dictionaries = {name: list(dict.fromkeys(known.get(name, []))) for name in text}
    arrays = _fetch_arrays(connection, _columns_query(sql, names, text), names, dictionaries)
    if arrays is None:
        empty = {name: np.zeros(0, dtype=np.int32 if name in text else np.float64) for name in names}
        return Frame(empty, dictionaries)
    columns: dict[str, Any] = {}
    for k, name in enumerate(names):
        data, arrays[k] = arrays[k], None  # each column's bytes go as soon as they are read
        items = _INT4_ITEMS if name in text else _FLOAT8_ITEMS
        columns[name] = np.frombuffer(data, dtype=items, offset=_ARRAY_HEADER)["value"].astype(
            items["value"].newbyteorder("=")
        )
        del data
    return Frame(_in_id_order(columns), dictionaries)


def _fetch_arrays(
    connection: Connection, query: str, names: list[str], dictionaries: dict[str, list[str]]
) -> list[Any] | None:
    """The `array_send` bytes of each column (None when no row matched), the query run again while the data
    hold text values its dictionaries lack (they are added to `dictionaries`, sorted)."""
    text = list(dictionaries)
    raw: Any = connection.connection.dbapi_connection
    with raw.cursor(binary=True) as cursor:
        while True:
            cursor.execute(query, [dictionaries[name] for name in text])
            row = cursor.fetchone()
            missing = dict(zip(text, row[len(names) :], strict=True)) if row is not None else {}
            if not any(missing.values()):
                break
            for name, values in missing.items():
                dictionaries[name] += sorted(values or [])
    if row is None or row[0] is None:
        return None
    return list(row[: len(names)])


def _decoded(frame: Frame) -> dict[str, Any]:
    """The frame's columns with text as its values (None for code 0, NULL)."""
    return {
        name: np.array([None, *frame.dictionaries[name]], dtype=object)[values]
        if name in frame.dictionaries
        else values
        for name, values in frame.columns.items()
    }


def _in_id_order(columns: dict[str, Any]) -> dict[str, Any]:
    """The columns in the order of their `id` (the order rows were stored), permuted one column at a time: a
    frame's `take` would copy every column at once, hundreds of MB for a large region."""
    ids = columns.get("id")
    if ids is None or len(ids) < 2 or bool((ids[1:] > ids[:-1]).all()):
        return columns
    order = np.argsort(ids, kind="stable")
    for name in list(columns):
        columns[name] = columns[name].take(order)
    return columns


def _text_columns(statement: Select[Any]) -> dict[str, Any]:
    """The selected columns that hold text, read as text (codes such as `99` or `9901002` stay strings)."""
    return {str(column.key): "object" for column in statement.selected_columns if _is_text(column.type)}


def _is_text(column_type: Any) -> bool:
    if isinstance(column_type, sa_types.TypeDecorator):  # sqlmodel's AutoString
        impl = column_type.impl
        return isinstance(impl, sa_types.String) or (isinstance(impl, type) and issubclass(impl, sa_types.String))
    return isinstance(column_type, sa_types.String)


def _copy_out(connection: Connection, statement: Select[Any]) -> pd.DataFrame:
    sql = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    raw: Any = connection.connection.dbapi_connection
    buffer = io.BytesIO()
    with raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    columns = [column.key for column in statement.selected_columns]
    if buffer.getbuffer().nbytes == 0:
        return pd.DataFrame({name: [] for name in columns})
    frame = pd.read_csv(buffer, dtype=_text_columns(statement), keep_default_na=False, na_values=[""])
    for name, dtype in _text_columns(statement).items():
        frame[name] = frame[name].astype(dtype).where(frame[name].notna(), None)
    return frame


def school_frame(session: Session, region_ids: list[int], territory_ids: set[int]) -> pd.DataFrame:
    columns: list[Any] = [
        School.id,
        School.school_code,
        School.short_name,
        col(Municipality.code).label("municipality_code"),
        col(Region.code).label("region_code"),
        School.kind,
        School.rural,
        School.small,
        School.pupils,
        col(Settlement.code).label("settlement_code"),
        Settlement.hard_to_reach,
        Settlement.unemployment_share,
    ]
    statement = (
        select(*columns)
        .join(Municipality, col(School.municipality_id) == Municipality.id)
        .join(Region, col(Municipality.region_id) == Region.id)
        .outerjoin(Settlement, col(School.settlement_id) == Settlement.id)
        .where(col(Municipality.region_id).in_(region_ids), col(School.is_active).is_(True))
    )
    frame = _read(session, statement)
    frame["in_territory"] = frame["id"].isin(territory_ids)
    for column in ("rural", "small", "hard_to_reach"):  # COPY writes booleans as t and f
        frame[column] = frame[column].map({"t": True, "f": False, True: True, False: False})
    frame["hard_to_reach"] = frame["hard_to_reach"].fillna(False).astype(bool)
    for column in ("rural", "small"):
        frame[column] = frame[column].astype(bool)
    frame["pupils"] = pd.to_numeric(frame["pupils"], errors="coerce").astype(float)
    frame["unemployment_share"] = pd.to_numeric(frame["unemployment_share"], errors="coerce").astype(float)
    return frame


def _indicator_frame(
    session: Session, model: Any, region_ids: list[int], years: list[str], codes: pd.Series
) -> pd.DataFrame:
    """The table's rows of the regions' schools and the years, in the order they were stored (the explanations
    list examples in this order, so the same data gives the same words on SQLite and PostgreSQL, run after run),
    read directly (SQLite)."""
    columns = [getattr(model, name) for name in FRAME_COLUMNS[model]]
    statement = (
        select(model.id, model.school_id, model.school_year, *columns)
        .join(School, col(School.id) == model.school_id)
        .join(Municipality, col(School.municipality_id) == Municipality.id)
        .where(col(Municipality.region_id).in_(region_ids), col(model.school_year).in_(years))
    )
    frame = _read_columns(session, statement, {**VOCABULARY, "school_year": years})
    if session.connection().dialect.name != "postgresql":  # `_array_columns` has ordered PostgreSQL's
        ordered = _in_id_order({name: frame[name].to_numpy() for name in frame.columns})
        frame = pd.DataFrame({name: pd.Series(values, dtype=frame[name].dtype) for name, values in ordered.items()})
    frame.pop("id")
    frame.insert(0, "school_code", _school_codes(frame.pop("school_id"), codes))
    return frame


def _school_positions(school_ids: Any, codes: pd.Series) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each row's position among the schools of `codes` sorted by id (-1 for a school outside them), and their
    codes in that order: by position in the sorted ids rather than a hash lookup per row."""
    order = np.argsort(codes.index.to_numpy(dtype=np.int64), kind="stable")
    known = codes.index.to_numpy(dtype=np.int64)[order]
    wanted = np.asarray(school_ids, dtype=np.float64)
    at = np.searchsorted(known, wanted).clip(0, max(len(known) - 1, 0))
    found = np.isfinite(wanted) & (known[at] == wanted) if len(known) else np.zeros(len(wanted), dtype=bool)
    return np.where(found, at, -1), codes.to_numpy(dtype=object)[order]


def _school_codes(school_ids: pd.Series, codes: pd.Series) -> pd.Series:
    """The school code of each row by its school id (None for a school outside `codes`)."""
    positions, names = _school_positions(school_ids, codes)
    return pd.Series(np.array([*names, None], dtype=object)[positions], dtype=object)  # -1 takes the None


def _school_code_categories(school_ids: np.ndarray[Any, Any], codes: pd.Series) -> pd.Series:
    """`_school_codes` as a categorical column (the codes are unique): a code per school, not per row."""
    if not codes.is_unique:
        return _school_codes(pd.Series(school_ids), codes)
    positions, names = _school_positions(school_ids, codes)
    return pd.Series(pd.Categorical.from_codes(positions, categories=names))


def _stored_frame(session: Session, model: Any, years: list[str], version: int, schools: Schools) -> pd.DataFrame:
    """The table's rows of the years, as `_indicator_frame` reads them, from the frames the database keeps
    (`frame_store`): the years stored with the table's current `version` are used, the others are read from the
    rows, stored tagged `version` and used. Blobs hold every region's rows; the run's are picked by school id
    here, so a school moving to another region never makes a blob wrong."""
    table = model.__tablename__
    blobs = frame_store.stored(session, table, years, version)
    missing = [year for year in years if year not in blobs]
    if missing:
        built = _built_blobs(session, model, missing)
        frame_store.store(session, table, built, version)
        blobs |= {year: data for year, (_, data) in built.items()}
        del built
    parts = [frame_store.decode(blobs[year]) for year in years]
    columns = _assembled(parts, schools.region_ids)
    del parts, blobs
    school_ids = columns.pop("school_id")
    year_codes = columns.pop("school_year#")
    frame = pd.DataFrame({name: pd.Series(values, dtype=values.dtype) for name, values in columns.items()})
    frame.insert(0, "school_year", pd.Categorical.from_codes(year_codes.astype(np.int64) - 1, categories=years))
    frame.insert(0, "school_code", _school_code_categories(school_ids, schools.codes))
    return frame


def _built_blobs(session: Session, model: Any, years: list[str]) -> dict[str, tuple[int, bytes]]:
    """Every region's rows of the table's years read from the table (`_array_columns`, in `id` order), one blob
    per year: ids as int64, school ids as int32, numbers as float64 (every value exact), text as the smallest
    unsigned codes its dictionary needs."""
    columns = [getattr(model, name) for name in FRAME_COLUMNS[model]]
    statement = select(model.id, model.school_id, model.school_year, *columns).where(col(model.school_year).in_(years))
    read = _array_columns(session.connection(), statement, {**VOCABULARY, "school_year": years})
    year_codes = read.columns.pop("school_year")
    year_dictionary = read.dictionaries.pop("school_year")
    dtypes = {name: frame_store.code_dtype(dictionary) for name, dictionary in read.dictionaries.items()}
    dtypes |= {"id": np.dtype(np.int64), "school_id": np.dtype(np.int32)}
    built: dict[str, tuple[int, bytes]] = {}
    for year in years:
        rows = np.flatnonzero(year_codes == year_dictionary.index(year) + 1)
        part = {name: values[rows].astype(dtypes.get(name, np.float64)) for name, values in read.columns.items()}
        built[year] = (len(rows), frame_store.encode(Frame(part, read.dictionaries)))
    return built


def _assembled(parts: list[Frame], region_school_ids: np.ndarray[Any, Any]) -> dict[str, Any]:
    """The years' frames as one, text as categorical columns: the rows of the regions' schools in the order of
    their `id` (each year's are; years interleave), `school_id` as stored and `school_year#` the 1-based position
    of the year."""
    school_ids = np.concatenate([part.columns["school_id"] for part in parts])
    order = _kept_in_id_order(np.concatenate([part.columns["id"] for part in parts]), school_ids, region_school_ids)

    def taken(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return values if order is None else values[order]

    years = np.concatenate([np.full(part.rows, k + 1, dtype=np.uint8) for k, part in enumerate(parts)])
    columns: dict[str, Any] = {"school_id": taken(school_ids), "school_year#": taken(years)}
    for name in parts[0].columns:
        if name in ("id", "school_id"):
            continue
        if name in parts[0].dictionaries:
            columns[name] = _categories(parts, name, taken)
        else:
            columns[name] = taken(np.concatenate([part.columns[name] for part in parts]))
    return columns


def _kept_in_id_order(
    ids: np.ndarray[Any, Any], school_ids: np.ndarray[Any, Any], region_school_ids: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any] | None:
    """The positions of the rows of the regions' schools in `id` order; None when that is every row as it is."""
    keep = np.isin(school_ids, region_school_ids)
    order: np.ndarray[Any, Any] | None = None if bool(keep.all()) else np.flatnonzero(keep)
    kept = ids if order is None else ids[order]
    if len(kept) > 1 and not bool((kept[1:] > kept[:-1]).all()):
        by_id = np.argsort(kept, kind="stable")
        order = by_id if order is None else order[by_id]
    return order


def _categories(parts: list[Frame], name: str, taken: Callable[[Any], Any]) -> pd.Categorical:
    """A text column of the years' frames as one categorical column over the union of their dictionaries: the
    codes are renumbered per year, no string is made per row."""
    dictionary = list(dict.fromkeys(value for part in parts for value in part.dictionaries[name]))
    position = {value: k for k, value in enumerate(dictionary)}
    codes = np.concatenate(
        [np.array([-1, *(position[v] for v in part.dictionaries[name])])[part.columns[name]] for part in parts]
    )
    return pd.Categorical.from_codes(taken(codes), categories=dictionary)


@dataclass(frozen=True)
class Schools:
    """The schools a run's frames are read for: every school of its regions (active or not, as the direct read
    joins them), sorted, and the school codes of the active ones by id."""

    region_ids: np.ndarray[Any, Any]
    codes: pd.Series


def _region_school_ids(session: Session, region_ids: list[int]) -> np.ndarray[Any, Any]:
    statement = (
        select(col(School.id))
        .join(Municipality, col(School.municipality_id) == Municipality.id)
        .where(col(Municipality.region_id).in_(region_ids))
    )
    return np.sort(np.array(session.connection().execute(statement).scalars().all(), dtype=np.int64))


def load_engine_input(
    session: Session, region_ids: list[int], territory_ids: set[int], years: list[str]
) -> tuple[EngineInput, pd.DataFrame]:
    """The engine's input for the regions' schools and the given years, and the school frame with ids.

    On PostgreSQL the indicator frames come from the frames the database keeps (`frame_store`, `_stored_frame`),
    rebuilt from the rows for the years whose table changed since; on SQLite (no triggers to keep them true) they
    are read from the rows each time (`_indicator_frame`). Both give the same frames, row for row."""
    stored = session.connection().dialect.name == "postgresql"
    # The versions are read before any row: a blob is tagged with what the rows were at most.
    versions = frame_store.versions(session, [model.__tablename__ for model in FRAME_COLUMNS]) if stored else {}
    school_rows = school_frame(session, region_ids, territory_ids)
    codes = school_rows.set_index("id")["school_code"]
    schools = Schools(_region_school_ids(session, region_ids), codes) if stored else None

    def read(model: Any, frame_years: list[str]) -> pd.DataFrame:
        version = versions.get(model.__tablename__)
        if schools is None or version is None:
            return _indicator_frame(session, model, region_ids, frame_years, codes)
        return _stored_frame(session, model, frame_years, version, schools)

    # The social index and the risk count look at one year (the run's, and the previous one for the trend).
    last_two = sorted(years)[-2:]
    frames = {
        name: read(model, frame_years)
        for name, model, frame_years in (
            ("results", AssessmentResult, years),
            ("vpr_objectivity", VprObjectivity, years),
            ("social", SocialIndicator, last_two),
            ("olympiad", OlympiadParticipation, years),
            ("risk_profile", RiskLevel, last_two),
            ("indicators", MeasureValue, years),
        )
    }
    for name, frame in frames.items():
        for column in INPUT_COLUMNS[name]:
            if column not in frame:
                frame[column] = float("nan")
    data = EngineInput(schools=school_rows.drop(columns=["id", "short_name"]), **frames)
    return data, school_rows
