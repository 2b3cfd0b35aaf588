"""The engine's input read from the database: on PostgreSQL the indicator frames come as one row of binary
arrays (`runs/frames.py`); they must hold exactly what the plain rows hold, values outside the vocabulary,
NULLs and the stored order included, and a run over them must equal a run over the plain rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select, update
from sqlmodel import Session, col

from services.identification.demo.generator import generate
from services.identification.demo.loader import load_indicators, load_registry
from services.identification.indicators.models import AssessmentResult, MeasureValue
from services.identification.methodology.engine import evaluate
from services.identification.methodology.explain import school_facts
from services.identification.methodology.rules import default_rules
from services.identification.registry.models import Region, School
from services.identification.runs import frames
from services.shared.db import make_engine
from tests import support

YEARS = ["2021-2022", "2022-2023", "2023-2024"]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A loaded small region with a few rows no vocabulary knows and a few NULLs."""
    demo = generate(seed=7, schools=30)
    with support.fresh_database("identification", tmp_path_factory.mktemp("frames")) as url:
        support.migrate("identification", url)
        engine = make_engine(url)
        with Session(engine) as session:
            load_registry(session, demo)
            load_indicators(session, demo)
            school_id = session.scalars(select(col(School.id)).order_by(col(School.id))).first()
            session.add_all(
                [
                    AssessmentResult(
                        school_id=school_id or 0, school_year="2023-2024", procedure="НИКО", grade=6,
                        subject="astronomy", participants=12, below_min=None, mean_score=None, max_score=20,
                    ),
                    AssessmentResult(
                        school_id=school_id or 0, school_year="2022/2023", procedure="ВПР", grade=4,
                        subject="russian", participants=10, below_min=3, mean_score=11.5, max_score=38,
                    ),
                ]
            )  # fmt: skip
            session.execute(update(MeasureValue).where(col(MeasureValue.id) % 7 == 0).values(direction=None))
            session.commit()
            yield session
        engine.dispose()


def _plain(session: Session, statement: Any) -> pd.DataFrame:
    return frames._fetch(session.connection(), statement)


def _same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Equal values column by column: numbers as floats (NaN for NULL), text as text (None for NULL)."""
    assert list(left.columns) == list(right.columns)
    assert len(left) == len(right)
    for name in left.columns:
        a, b = left[name], right[name]
        if pd.api.types.is_numeric_dtype(a) or pd.api.types.is_numeric_dtype(b):
            x = pd.to_numeric(a, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            y = pd.to_numeric(b, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            assert np.array_equal(x, y, equal_nan=True), name
        else:
            assert [None if pd.isna(v) else v for v in a] == [None if pd.isna(v) else v for v in b], name


@pytest.mark.parametrize("model", list(frames.FRAME_COLUMNS))
def test_columns_read_equal_the_plain_rows(session: Session, model: Any) -> None:
    columns = [getattr(model, name) for name in frames.FRAME_COLUMNS[model]]
    statement = select(model.id, model.school_id, model.school_year, *columns).order_by(model.id)
    read = frames._read_columns(session, statement, {**frames.VOCABULARY, "school_year": YEARS})
    _same(read, _plain(session, statement))


def test_values_outside_the_vocabulary_are_read(session: Session) -> None:
    statement: Any = select(
        col(AssessmentResult.procedure), col(AssessmentResult.subject), col(AssessmentResult.below_min)
    )
    read = frames._read_columns(session, statement, frames.VOCABULARY)
    assert ("НИКО", "astronomy") in set(zip(read["procedure"], read["subject"], strict=True))
    assert read["below_min"].isna().any()


def test_a_run_over_the_columns_equals_one_over_the_plain_rows(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    region_ids = sorted(i for i in session.scalars(select(col(Region.id))).all() if i)
    school_ids = {i for i in session.scalars(select(col(School.id))).all() if i}
    data, schools = frames.load_engine_input(session, region_ids, school_ids, YEARS)
    monkeypatch.setattr(frames, "_read_columns", lambda session, statement, known: _plain(session, statement))
    plain, _ = frames.load_engine_input(session, region_ids, school_ids, YEARS)
    for name in ("results", "vpr_objectivity", "social", "olympiad", "risk_profile", "indicators"):
        _same(getattr(data, name), getattr(plain, name))
    rules = default_rules()
    assert list(school_facts(evaluate(data, rules, YEARS[-1]))) == list(school_facts(evaluate(plain, rules, YEARS[-1])))
    assert len(schools) == 30


def test_columns_come_in_the_order_rows_were_stored() -> None:
    columns = {"id": np.array([3.0, 1.0, 2.0]), "procedure": np.array(["c", "a", "b"], dtype=object)}
    ordered = frames._in_id_order(columns)
    assert ordered["id"].tolist() == [1.0, 2.0, 3.0] and ordered["procedure"].tolist() == ["a", "b", "c"]


def test_school_codes_by_position() -> None:
    codes = pd.Series(["b", "a", "c"], index=[20, 10, 30])
    found = frames._school_codes(pd.Series([10.0, 30.0, 99.0, np.nan, 20.0]), codes)
    assert found.tolist() == ["a", "c", None, None, "b"]


def test_an_empty_selection_reads_as_an_empty_frame(session: Session) -> None:
    statement: Any = select(col(AssessmentResult.id), col(AssessmentResult.procedure)).where(
        col(AssessmentResult.grade) > 99
    )
    read = frames._read_columns(session, statement, frames.VOCABULARY)
    assert list(read.columns) == ["id", "procedure"] and read.empty
