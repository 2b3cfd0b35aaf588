"""The compact run snapshot: the reasons, warnings and objectivity flags built when a school is read equal, word
for word, the ones the service stored before the snapshot became compact.

The fixture holds every school's detail of the test seed region (seed 7, the same generator as the stacks) under
the default methodology and under a variant that takes the other branches of the explanations; it was generated
by the code that still stored the Russian sentences (`python -m tests.identification.test_run_snapshot`).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from services.identification.demo.generator import generate
from services.identification.demo.loader import load_indicators, load_registry
from services.identification.methodology.models import Methodology
from services.identification.methodology.rules import default_rules
from services.identification.runs.schemas import RunCreate
from services.identification.runs.service import RunService
from services.shared.db import make_engine
from services.shared.security import Principal, Role, Scope, ScopeKind
from tests import support

FIXTURE = Path(__file__).parent / "fixtures" / "run_reasons.json.gz"
SCHOOLS, SEED, YEAR = 60, 7, "2023-2024"
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
            out["compact"] = {row.school_code: (row.facts, row.stored_rules, row.stored_warnings) for row in rows}
            out["stored"] = _as_stored_before(session, service, run.id or 0)
    return out


def _as_stored_before(session: Session, service: RunService, run_id: int) -> dict[str, Any]:
    """The run's rows turned into the form runs had before the facts (sentences stored, no facts), read back."""
    rows = session.exec(service.repository.run_schools(run_id)).all()
    for row in rows:
        row.stored_rules, row.stored_warnings, row.stored_flags = row.explained()
        row.facts = None
    session.commit()
    session.info.clear()
    session.expunge_all()
    return {
        row.school_code: service.school_detail(run_id, row.school_code).model_dump(
            mode="json", include={"rules", "warnings", "objectivity_flags", "fired_rules", "categories"}
        )
        for row in session.exec(service.repository.run_schools(run_id)).all()
        if row.facts is None
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
    yield from generate_details(tmp_path_factory.mktemp("snapshot"))


@pytest.mark.parametrize("methodology", ["default", "variant"])
def test_reasons_built_on_read_equal_the_stored_ones(details: dict[str, Any], methodology: str) -> None:
    expected = json.loads(gzip.decompress(FIXTURE.read_bytes()))[methodology]
    actual = details[methodology]
    assert sorted(actual) == sorted(expected)
    for code, detail in expected.items():
        assert actual[code] == detail, code


def test_the_snapshot_stores_facts_not_sentences(details: dict[str, Any]) -> None:
    for code, (facts, rules, warnings) in details["compact"].items():
        assert facts and rules == {} and warnings == []
        reasons = [entry["reason"] for entry in details["default"][code]["rules"].values()]
        assert not any(reason.encode() in facts for reason in reasons), code
        assert len(facts) < 8000


def test_runs_stored_before_the_facts_read_as_before(details: dict[str, Any]) -> None:
    expected = json.loads(gzip.decompress(FIXTURE.read_bytes()))["default"]
    assert details["stored"] == expected


@pytest.mark.skipif(not support.POSTGRES_URL, reason="how TOAST compresses values is PostgreSQL's")
def test_the_facts_are_compressed_with_lz4_where_the_server_has_it(tmp_path: Path) -> None:
    with support.fresh_database("identification", tmp_path) as url:
        support.migrate("identification", url)
        engine = make_engine(url)
        with engine.connect() as connection:
            method = connection.execute(
                sa.text(
                    "SELECT attcompression FROM pg_attribute "
                    "WHERE attrelid = 'run_school'::regclass AND attname = 'facts'"
                )
            ).scalar_one()
            try:
                connection.execute(sa.text("CREATE TEMPORARY TABLE lz4_probe (value bytea COMPRESSION lz4)"))
                has_lz4 = True
            except sa.exc.DBAPIError:
                has_lz4 = False
        engine.dispose()
    assert method == ("l" if has_lz4 else "")


def main() -> None:
    """Write the fixture from the code as it is (only before a change to how reasons are stored)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for details in generate_details(Path(tmp)):
            details.pop("stored", None)
            details.pop("compact", None)
            text = json.dumps(details, ensure_ascii=False, sort_keys=True)
            FIXTURE.write_bytes(gzip.compress(text.encode(), mtime=0))
            print(
                f"{FIXTURE}: {sum(len(v) for v in details.values())} schools, {len(text)} characters", file=sys.stderr
            )


if __name__ == "__main__":
    main()
