"""The compact run snapshot: the reasons, warnings and objectivity flags built when a school is read equal, word
for word, the ones the service stored before the snapshot became compact.

The fixture holds every school's detail of the test seed region (seed 7, the same generator as the stacks) under
the default methodology and under a variant that takes the other branches of the explanations; it was generated
by the code that still stored the Russian sentences (`python -m tests.identification.test_run_snapshot`). One
change was made on purpose since, and the fixture edited for it alone: «7 из 21 участника» agrees with its count
(it read «участников»). A second one, the wording of the reasons (units, thresholds as the methodology states
them, «не менее / более» as the rule compares; `test_reason_wording.py`), was applied to the fixture's strings by
targeted replacements, checked to leave no other difference with what the code builds — decisions unchanged.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from services.identification.demo.generator import generate
from services.identification.demo.loader import load_indicators, load_registry
from services.identification.methodology import explain
from services.identification.methodology.models import Methodology
from services.identification.methodology.rules import default_rules
from services.identification.runs.models import RunFactBlock, RunSchool, run_facts
from services.identification.runs.schemas import RunCreate
from services.identification.runs.service import RunService
from services.shared.db import make_engine
from services.shared.security import Principal, Role, Scope, ScopeKind
from tests import support

FIXTURE = Path(__file__).parent / "fixtures" / "run_reasons.json.gz"
SCHOOLS, SEED, YEAR = 60, 7, "2023-2024"
BLOCK = 16
"""Schools per block of facts here (500 in the service), so a run of 60 schools reads from four blocks."""
ANALYST = Principal(subject="test", username="test", name="Тест", role=Role.admin, scope=Scope(kind=ScopeKind.all))


def variant_rules() -> dict[str, Any]:
    """Options the default methodology leaves off, so the other wording of each reason is read too."""
    rules = default_rules().model_dump(mode="json")
    rules["fail_share_30"] |= {"operator": "and", "years_procedures": "any", "same_subject": True}
    rules["bottom_quartile"] |= {"scale": "zscore"}
    rules["below_regional_mean"] |= {"scale": "score", "gap": 5.0}
    rules["objectivity"] |= {"exclude_doubtful": True}
    rules["olympiad_share"] |= {"years": 2}
    rules["unstable_results"] |= {"years": 2}
    return rules


def _details(session: Session) -> dict[str, Any]:
    """Every school's detail of a default run and of a variant run, by methodology and school code."""
    service = RunService(session, ANALYST)
    methodology = Methodology(
        family="variant", version=1, name="Вариант", rules=variant_rules(), created_by="test", created_by_name="Тест"
    )
    session.add(methodology)
    session.flush()
    out: dict[str, Any] = {}
    for name, methodology_id in (("default", None), ("variant", methodology.id)):
        run = service.create(RunCreate(school_year=YEAR, methodology_id=methodology_id))
        session.commit()
        rows = session.exec(service.repository.run_schools(run.id or 0)).all()
        out[name] = {
            row.school_code: service.school_detail(run.id or 0, row.school_code).model_dump(
                mode="json", include={"rules", "warnings", "objectivity_flags", "fired_rules", "categories"}
            )
            for row in rows
        }
        if name == "default":
            out["compact"] = {
                row.school_code: (row.facts, row.facts_position, row.stored_rules, row.stored_warnings) for row in rows
            }
            out["blocks"] = [
                (block.first_position, block.data)
                for block in session.exec(select(RunFactBlock).where(RunFactBlock.run_id == run.id)).all()
            ]
            run_id = run.id or 0
            out["json_facts"] = _as_stored_before(session, service, run_id, _json_facts)
            out["stored"] = _as_stored_before(session, service, run_id, _sentences)
    return out


def _json_facts(row: RunSchool) -> None:
    """The form of runs stored before the blocks: each school's facts as orjson."""
    session = object_session(row)
    assert session is not None and row.facts_position is not None
    row.facts = orjson.dumps(run_facts(session, row.run_id, row.facts_position))
    row.facts_position = None


def _sentences(row: RunSchool) -> None:
    """The form of runs stored before the facts: the sentences themselves."""
    row.stored_rules, row.stored_warnings, row.stored_flags = row.explained()
    row.facts = row.facts_position = None


def _as_stored_before(
    session: Session, service: RunService, run_id: int, turn: Callable[[RunSchool], None]
) -> dict[str, Any]:
    """The run's rows turned into a form runs had before (`turn`), read back."""
    rows = session.exec(service.repository.run_schools(run_id)).all()
    for row in rows:
        turn(row)
    session.commit()
    session.info.clear()
    session.expunge_all()
    return {
        row.school_code: service.school_detail(run_id, row.school_code).model_dump(
            mode="json", include={"rules", "warnings", "objectivity_flags", "fired_rules", "categories"}
        )
        for row in session.exec(service.repository.run_schools(run_id)).all()
        if row.facts_position is None
    }


def generate_details(tmp: Path) -> Iterator[dict[str, Any]]:
    demo = generate(seed=SEED, schools=SCHOOLS)
    with support.fresh_database("identification", tmp) as url:
        support.migrate("identification", url)
        engine = make_engine(url)
        with Session(engine) as session:
            load_registry(session, demo)
            load_indicators(session, demo)
            session.commit()
            yield _details(session)
        engine.dispose()


@pytest.fixture(scope="module")
def details(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(explain, "BLOCK", BLOCK)
        yield from generate_details(tmp_path_factory.mktemp("snapshot"))


@pytest.mark.parametrize("methodology", ["default", "variant"])
def test_reasons_built_on_read_equal_the_stored_ones(details: dict[str, Any], methodology: str) -> None:
    expected = json.loads(gzip.decompress(FIXTURE.read_bytes()))[methodology]
    actual = details[methodology]
    assert sorted(actual) == sorted(expected)
    for code, detail in expected.items():
        assert actual[code] == detail, code


def test_the_snapshot_stores_numbers_not_sentences(details: dict[str, Any]) -> None:
    """Every school row names its place in the run's blocks of facts, which hold no sentence, no label and
    no JSON per school: a few hundred bytes a school."""
    positions = sorted(position for _, position, _, _ in details["compact"].values())
    assert positions == list(range(SCHOOLS))
    assert all(
        facts is None and rules == {} and warnings == [] for facts, _, rules, warnings in details["compact"].values()
    )
    blocks = details["blocks"]
    assert [first for first, _ in blocks] == list(range(0, SCHOOLS, BLOCK))
    data = b"".join(block for _, block in blocks)
    reasons = {entry["reason"] for detail in details["default"].values() for entry in detail["rules"].values()}
    assert not any(reason.encode() in data for reason in reasons)
    assert b"school_year" not in data and b"below_min" not in data  # no figure keys either
    assert len(data) < 1500 * SCHOOLS


def test_runs_stored_before_the_blocks_read_as_before(details: dict[str, Any]) -> None:
    """Runs stored with each school's facts as JSON, and runs stored with the sentences themselves."""
    expected = json.loads(gzip.decompress(FIXTURE.read_bytes()))["default"]
    assert details["json_facts"] == expected
    assert details["stored"] == expected


@pytest.mark.skipif(not support.POSTGRES_URL, reason="how TOAST compresses values is PostgreSQL's")
def test_the_facts_and_their_blocks_are_compressed_with_lz4_where_the_server_has_it(tmp_path: Path) -> None:
    with support.fresh_database("identification", tmp_path) as url:
        support.migrate("identification", url)
        engine = make_engine(url)
        with engine.connect() as connection:
            methods = (
                connection.execute(
                    sa.text(
                        "SELECT attcompression FROM pg_attribute WHERE (attrelid, attname) IN "
                        "(('run_school'::regclass, 'facts'), ('run_fact_block'::regclass, 'data'))"
                    )
                )
                .scalars()
                .all()
            )
            try:
                connection.execute(sa.text("CREATE TEMPORARY TABLE lz4_probe (value bytea COMPRESSION lz4)"))
                has_lz4 = True
            except sa.exc.DBAPIError:
                has_lz4 = False
        engine.dispose()
    assert list(methods) == ["l" if has_lz4 else ""] * 2


def main() -> None:
    """Write the fixture from the code as it is (only before a change to how reasons are stored)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for details in generate_details(Path(tmp)):
            for derived in ("stored", "json_facts", "compact", "blocks"):
                details.pop(derived, None)
            text = json.dumps(details, ensure_ascii=False, sort_keys=True)
            FIXTURE.write_bytes(gzip.compress(text.encode(), mtime=0))
            print(
                f"{FIXTURE}: {sum(len(v) for v in details.values())} schools, {len(text)} characters", file=sys.stderr
            )


if __name__ == "__main__":
    main()
