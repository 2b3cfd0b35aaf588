"""End-to-end figures of the identification service: importing a generated region and running identification
on a real database (SQLite by default; a fresh PostgreSQL database with `--postgres`)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlmodel import Session

from services.identification.demo.generator import DemoRegion
from services.identification.demo.loader import load_indicators, load_registry
from services.identification.runs.schemas import Approval, RunCreate
from services.identification.runs.service import RunService
from services.shared.db import make_engine
from services.shared.pagination import PageParams
from services.shared.security import Principal, Role, Scope, ScopeKind

ANALYST = Principal(
    subject="bench", username="bench", name="Бенчмарк", role=Role.admin, scope=Scope(kind=ScopeKind.all)
)


@contextmanager
def database(postgres: bool) -> Iterator[str]:
    """A migrated, empty identification database that is dropped afterwards."""
    if postgres:
        os.environ.setdefault("OPORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    from tests import support  # reads OPORA_TEST_POSTGRES when imported

    with tempfile.TemporaryDirectory() as tmp, support.fresh_database("identification", Path(tmp)) as url:
        support.migrate("identification", url)
        yield url


def service_figures(region: DemoRegion, school_year: str, postgres: bool = False) -> dict[str, float]:
    """Seconds to import the indicator frames, their rows per second, seconds of a run through the service, and
    seconds of one page of the school statuses (filtered by category) and of the agreed list (a search) after
    approving it."""
    rows = sum(
        len(frame)
        for name, frame in region.frames().items()
        if name not in ("municipalities", "settlements", "schools")
    )
    with database(postgres) as url:
        engine = make_engine(url)
        with Session(engine) as session:
            load_registry(session, region)
            session.commit()
        started = time.perf_counter()
        with Session(engine) as session:
            load_indicators(session, region)
            session.commit()
        import_seconds = time.perf_counter() - started
        started = time.perf_counter()
        with Session(engine) as session:
            run = RunService(session, ANALYST).create(RunCreate(school_year=school_year))
            session.commit()
            schools = run.schools_count
        run_seconds = time.perf_counter() - started
        with Session(engine) as session:
            service = RunService(session, ANALYST)
            service.approve(run.id or 0, Approval(order_number="1-од", order_date=date(2024, 9, 2)))
            session.commit()
            page = PageParams(page=2, per_page=50)
            started = time.perf_counter()
            statuses = service.statuses(school_year, page, "low_results", None, None)
            statuses_seconds = time.perf_counter() - started
            started = time.perf_counter()
            service.agreed_list(school_year, page, None, None, "школа")
            agreed_seconds = time.perf_counter() - started
        engine.dispose()
    return {
        "indicator_rows": rows,
        "import_seconds": import_seconds,
        "import_rows_per_second": rows / import_seconds,
        "run_schools": schools,
        "run_seconds": run_seconds,
        "low_results": statuses.total,
        "statuses_page_seconds": statuses_seconds,
        "agreed_page_seconds": agreed_seconds,
    }
