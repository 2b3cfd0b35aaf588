"""The frames PostgreSQL keeps for runs (`runs/frame_store.py`): a run uses the stored frames of the tables that
have not changed, rebuilds the others from their rows, and answers exactly what a run over the rows answers.

Which frames a run used is read from the store's tags and versions, never from timing: a blob is rebuilt only
when its tag differs from its table's version, and a rebuild rewrites `built_at`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import numpy as np
import pytest
import sqlalchemy as sa
from sqlmodel import Session, col

from services.identification.indicators.models import AssessmentResult
from services.identification.registry.models import Region, School
from services.identification.runs import frame_store, frames
from services.identification.runs.frame_store import Frame
from tests import support
from tests.conftest import Stack

pytestmark = pytest.mark.skipif(support.backend() != "postgresql", reason="the frame store is PostgreSQL's")

RUNS = "/api/identification/runs"
YEAR = "2023-2024"
SENTINEL = "2000-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def db(stack: Stack) -> Iterator[sa.Engine]:
    engine = sa.create_engine(stack.settings.identification_database_url or "")
    yield engine
    engine.dispose()


def _run(stack: Stack) -> dict[str, Any]:
    answer = stack.gateway.post(RUNS, json={"school_year": YEAR}, headers=stack.auth("regional_analyst"))
    assert answer.status_code == 201, answer.text
    run: dict[str, Any] = answer.json()
    return run


def _outcome(stack: Stack, run_id: int) -> dict[str, Any]:
    """Every school's categories, rules with their reasons, warnings and objectivity flags, as a user reads them."""
    headers = stack.auth("regional_analyst")
    rows = stack.gateway.get(f"{RUNS}/{run_id}/results", params={"per_page": 500}, headers=headers).json()["items"]
    keys = ("categories", "final_categories", "rules", "warnings", "objectivity_flags", "fired_rules")
    out = {}
    for row in rows:
        detail = stack.gateway.get(f"{RUNS}/{run_id}/schools/{row['school_code']}", headers=headers).json()
        out[row["school_code"]] = {key: detail[key] for key in keys}
    return out


def _versions(db: sa.Engine) -> dict[str, int]:
    with db.connect() as connection:
        return {t: v for t, v in connection.execute(sa.text("SELECT table_name, version FROM frame_version")).all()}


def _blobs(db: sa.Engine) -> dict[tuple[str, str], tuple[int, str]]:
    """(table, year) → (tag, built_at) of every stored frame."""
    with db.connect() as connection:
        rows = connection.execute(sa.text("SELECT table_name, school_year, version, built_at FROM frame_blob")).all()
    return {(table, year): (version, built.isoformat()) for table, year, version, built in rows}


def _execute(db: sa.Engine, sql: str, **params: Any) -> None:
    with db.begin() as connection:
        connection.execute(sa.text(sql), params)


def _current(db: sa.Engine) -> dict[tuple[str, str], tuple[int, str]]:
    """The stored frames whose tag is their table's version (the ones a run may use)."""
    versions = _versions(db)
    return {key: value for key, value in _blobs(db).items() if value[0] == versions[key[0]]}


@pytest.fixture(scope="module")
def baseline(stack: Stack, db: sa.Engine) -> dict[str, Any]:
    """A run with the store emptied: every frame read from the rows (and stored)."""
    _execute(db, "DELETE FROM frame_blob")
    run = _run(stack)
    return {"run": run, "outcome": _outcome(stack, run["id"])}


def test_a_run_stores_the_frames_it_read_tagged_with_their_tables_version(
    db: sa.Engine, baseline: dict[str, Any]
) -> None:
    blobs = _blobs(db)
    versions = _versions(db)
    assert {table for table, _ in blobs} == set(versions)
    assert {year for _, year in blobs} >= {"2021-2022", "2022-2023", YEAR}
    assert all(tag == versions[table] for (table, _), (tag, _) in blobs.items())


def test_a_second_run_uses_the_stored_frames_and_answers_the_same(
    stack: Stack, db: sa.Engine, baseline: dict[str, Any]
) -> None:
    _execute(db, "UPDATE frame_blob SET built_at = :at", at=SENTINEL)
    stored = _blobs(db)
    again = _run(stack)
    assert _blobs(db) == stored, "no frame was rebuilt"
    assert all(built == SENTINEL for _, built in stored.values())
    assert again["summary"] == baseline["run"]["summary"]
    assert _outcome(stack, again["id"]) == baseline["outcome"]


def _tampered(db: sa.Engine) -> bytes:
    """The stored results of the run's year with every pupil below the minimum: a frame no rows give."""
    with db.connect() as connection:
        data = connection.execute(
            sa.text("SELECT data FROM frame_blob WHERE table_name = 'assessment_result' AND school_year = :year"),
            {"year": YEAR},
        ).scalar_one()
    frame = frame_store.decode(bytes(data))
    columns = {name: np.array(values) for name, values in frame.columns.items()}
    columns["below_min"] = columns["participants"].copy()
    return frame_store.encode(Frame(columns, frame.dictionaries))


def test_a_frame_tagged_with_an_older_version_is_never_used(
    stack: Stack, db: sa.Engine, baseline: dict[str, Any]
) -> None:
    tampered = _tampered(db)
    version = _versions(db)["assessment_result"]
    where = "table_name = 'assessment_result' AND school_year = :year"
    _execute(db, f"UPDATE frame_blob SET data = :data, version = :old, built_at = :at WHERE {where}",
             data=tampered, old=version - 1, at=SENTINEL, year=YEAR)  # fmt: skip
    ignored = _run(stack)
    assert ignored["summary"] == baseline["run"]["summary"]
    tag, built = _blobs(db)[("assessment_result", YEAR)]
    assert tag == version and built != SENTINEL, "rebuilt from the rows and tagged with the current version"
    # The same frame tagged with the current version is the one a run reads (what the tag alone decides).
    _execute(db, f"UPDATE frame_blob SET data = :data WHERE {where}", data=tampered, year=YEAR)
    used = _run(stack)
    assert used["summary"]["categories"]["low_results"] > baseline["run"]["summary"]["categories"]["low_results"]
    _execute(db, "DELETE FROM frame_blob WHERE " + where, year=YEAR)  # the true frame for the tests that follow


def test_a_run_in_a_transaction_that_wrote_the_rows_keeps_none_of_them(
    stack: Stack, db: sa.Engine, baseline: dict[str, Any]
) -> None:
    """Its own uncommitted rows and version are what it reads; kept, they would be taken for the rows of that
    version once another write commits it."""
    _execute(db, "DELETE FROM frame_blob")
    committed = _versions(db)
    with Session(db) as session:
        failing = sa.update(AssessmentResult).where(col(AssessmentResult.school_year) == YEAR)
        session.execute(failing.values(below_min=AssessmentResult.participants))
        regions = [i for i in session.scalars(sa.select(col(Region.id))) if i]
        schools = {i for i in session.scalars(sa.select(col(School.id))) if i}
        data, _ = frames.load_engine_input(session, regions, schools, ["2021-2022", "2022-2023", YEAR])
        this_year = data.results[data.results["school_year"] == YEAR]
        assert len(this_year) and (this_year["below_min"] == this_year["participants"]).all()
        session.rollback()
    assert _versions(db) == committed
    assert not [key for key in _blobs(db) if key[0] == "assessment_result"]
    assert set(_blobs(db)) == set(_current(db)) and _blobs(db), "the other tables' frames are kept"
    assert _run(stack)["summary"] == baseline["run"]["summary"]


def test_an_import_between_two_runs_shows_in_the_next_one(
    stack: Stack, db: sa.Engine, baseline: dict[str, Any]
) -> None:
    before = _run(stack)
    stored = _current(db)
    assert ("assessment_result", YEAR) in stored
    effective = next(code for code, o in baseline["outcome"].items() if o["final_categories"] == ["effective"])
    failing = [
        {"school_code": effective, "school_year": YEAR, "procedure": procedure, "grade": grade,
         "subject": "mathematics", "participants": 20, "below_min": 8}
        for procedure, grade in (("ВПР", 5), ("ОГЭ", 9))
    ]  # fmt: skip
    imported = stack.gateway.post(
        "/api/identification/imports/results/rows",
        json={"rows": failing, "source": "исправление"},
        headers=stack.auth("regional_analyst"),
    )
    assert imported.status_code == 200 and imported.json()["status"] == "applied", imported.text
    now = _current(db)
    assert ("assessment_result", YEAR) not in now, "the import made the stored results stale"
    assert {key for key in stored if key[0] != "assessment_result"} <= set(now), "other tables' frames stay"
    after = _run(stack)
    assert ("assessment_result", YEAR) in _current(db)
    school = stack.gateway.get(f"{RUNS}/{after['id']}/schools/{effective}", headers=stack.auth("regional_analyst"))
    assert "low_results" in school.json()["categories"]
    assert school.json()["rules"]["fail_share_30"]["outcome"] == "fired"
    assert after["summary"] != before["summary"]
    _execute(db, "DELETE FROM frame_blob")
    assert _outcome(stack, _run(stack)["id"]) == _outcome(stack, after["id"]), "stored frames answer as the rows do"


def test_two_runs_at_once_both_succeed_and_agree(stack: Stack, db: sa.Engine, baseline: dict[str, Any]) -> None:
    _execute(db, "DELETE FROM frame_blob")
    barrier = threading.Barrier(2)

    def run(_: int) -> httpx.Response:
        headers = stack.auth("regional_analyst")
        barrier.wait()
        return stack.gateway.post(RUNS, json={"school_year": YEAR}, headers=headers)

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(run, range(2)))
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    first, second = (a.json() for a in answers)
    assert first["summary"] == second["summary"]
    assert _outcome(stack, first["id"]) == _outcome(stack, second["id"])
    assert set(_current(db)) == set(_blobs(db)) and _blobs(db)
