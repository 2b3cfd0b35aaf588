"""End-to-end figures of the identification service: importing a generated region and running identification
on a real database (SQLite by default; a fresh PostgreSQL database with `--postgres`).

Run alone (`python -m bench.identification_service [--schools 40000] [--sqlite]`) it measures what issue 14's
goals name: the run from the database to the stored snapshot (medians of 3, wall and CPU seconds, peak memory)
and the engine with the explanations the snapshot needs beside bare pandas `fail_share_30` and a numpy floor,
with the load average printed. `summary_rows()` gives the same as rows for `make bench`'s table. Figures are
printed, never asserted."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from services.identification.demo.generator import DemoRegion, generate
from services.identification.demo.loader import load_indicators, load_registry
from services.identification.methodology.engine import EngineInput, engine_input_from_demo, evaluate
from services.identification.methodology.explain import snapshot
from services.identification.methodology.rules import default_rules
from services.identification.runs.schemas import Approval, RunCreate
from services.identification.runs.service import RunService
from services.identification.vocabulary import shift_school_year
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


# --- the run from the database to the stored snapshot, and the engine ratio (issue 14) ----------------------

RUN_GOAL_SECONDS = 3.0  # 40,000 schools × 3 years, database to stored snapshot
ENGINE_GOAL_RATIO = 2.0  # the engine with the explanations the snapshot needs, against bare pandas `fail_share_30`
REPEATS = 3


def load_indicators_fast(session: Session, region: DemoRegion) -> int:
    """The indicator frames written straight into their tables (COPY from CSV on PostgreSQL, one executemany on
    SQLite), not through the import pipeline, so a 40,000-school database loads in seconds; the rows written."""
    import io

    from sqlalchemy import insert, select
    from sqlmodel import col

    from services.identification.imports.kinds import KINDS, KindGroup
    from services.identification.registry.models import School
    from services.shared.audit import utcnow

    ids: dict[str, int] = {
        code: int(i) for code, i in session.execute(select(col(School.school_code), col(School.id))).all()
    }
    connection = session.connection()
    written = 0
    for name, frame in region.frames().items():
        spec = KINDS[name]
        if spec.group != KindGroup.indicators:
            continue
        table: Any = spec.model.__table__
        columns = [c.name for c in table.columns if c.name not in ("id", "batch_id")]
        rows = frame.assign(school_id=frame["school_code"].map(ids), updated_at=utcnow())
        rows = rows[[c for c in columns if c in rows.columns]]
        written += len(rows)
        if connection.dialect.name != "postgresql":
            records = rows.astype(object).where(rows.notna(), None).to_dict("records")
            connection.execute(insert(table), records)
            continue
        buffer = io.StringIO()
        rows.to_csv(buffer, index=False, header=False)
        raw: Any = connection.connection.dbapi_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({', '.join(rows.columns)}) FROM STDIN WITH (FORMAT csv)") as copy,
        ):
            copy.write(buffer.getvalue())
    return written


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _server_seconds(session: Session) -> Callable[[], float]:
    """CPU seconds the database's PostgreSQL backends have spent since this call, read from /proc when the server
    runs on this machine (0 elsewhere and on SQLite): the run's cost on the database side, which wall time under
    load cannot show. Every backend of the database counts, the session's and those the run opens beside it (the
    frame store writes on a connection of its own); a bench database has no other clients."""
    if session.connection().dialect.name != "postgresql":
        return lambda: 0.0

    def cpu() -> dict[int, float]:
        pids = session.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).scalars()
        seconds = {}
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            seconds[int(pid)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return seconds

    before = cpu()
    return lambda: sum(seconds - before.get(pid, 0.0) for pid, seconds in cpu().items())


def invalidate_frames(engine: sa.Engine) -> None:
    """What any write does to the frames PostgreSQL keeps for runs (`runs/frame_store.py`): a statement on each
    indicator table (here one that changes no row) bumps its version, so the next run rebuilds every frame from
    the rows, as the first run after a load does."""
    if engine.dialect.name != "postgresql":
        return
    from services.identification.runs.frames import FRAME_COLUMNS

    with engine.begin() as connection:
        for model in FRAME_COLUMNS:
            connection.execute(sa.text(f"UPDATE {model.__tablename__} SET school_id = school_id WHERE false"))


def analyze(engine: sa.Engine) -> None:
    """Table statistics after the bulk load, as autovacuum would gather them on a live server (this machine's
    has it off): without them PostgreSQL plans the run's joins for one municipality and loops 40,000 times."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))


def one_run(url: str, school_year: str) -> dict[str, float]:
    """One run through `RunService.create`, committed: wall, CPU of this process and of the database backend."""
    engine = make_engine(url)
    with Session(engine) as session:
        server = _server_seconds(session)
        wall, cpu = time.perf_counter(), time.process_time()
        run = RunService(session, ANALYST).create(RunCreate(school_year=school_year))
        session.commit()
        figures = {
            "wall": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu,
            "server_cpu": server(),
            "run_id": float(run.id or 0),
            "schools": float(run.schools_count),
        }
    engine.dispose()
    return figures


def own_peak_mib() -> float:
    """This process's peak RSS in MiB: `VmHWM`, the high-water mark of its own memory. Not `ru_maxrss`: Linux
    carries the parent's peak across fork (vfork) and exec into it, so a child of the bench's parent, which holds
    the generated region, reported the parent's 1.3 GiB whatever the run itself took."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_process_peak(url: str, school_year: str) -> float:
    """Peak RSS (MiB) of a fresh Python process that does one run and nothing else (the memory goal)."""
    import json
    import subprocess
    import sys

    command = [sys.executable, "-m", "bench.identification_service", "--one-run", url, "--year", school_year]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["max_rss_mib"])


def run_figures(region: DemoRegion, school_year: str, postgres: bool = True) -> dict[str, float]:
    """Medians of `REPEATS` runs of the whole region through `RunService.create` (reading the frames, the engine,
    the facts, writing the snapshot, commit), first as the first run after a load (every stored frame stale, so
    rebuilt from the rows and stored: `invalidate_frames`), then with the frames stored: wall and CPU seconds of
    this process and of the database's backends, the peak RSS of a fresh process doing one more run of each kind,
    the peak of Python and numpy allocations of one more run with stored frames (tracemalloc), and the stored
    snapshot's bytes per school. On SQLite (no stored frames) both kinds are the same run."""
    with database(postgres) as url:
        engine = make_engine(url)
        with Session(engine) as session:
            load_registry(session, region)
            rows = load_indicators_fast(session, region)
            session.commit()
        analyze(engine)
        built = []
        for _ in range(REPEATS):
            invalidate_frames(engine)
            built.append(one_run(url, school_year))
        invalidate_frames(engine)
        built_rss = fresh_process_peak(url, school_year)
        samples = [one_run(url, school_year) for _ in range(REPEATS)]
        peak_rss = fresh_process_peak(url, school_year)
        tracemalloc.start()
        with Session(engine) as session:
            RunService(session, ANALYST).create(RunCreate(school_year=school_year))
            session.rollback()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        with Session(engine) as session:
            run_id = int(samples[-1]["run_id"])
            blocks = sa.select(sa.func.sum(sa.func.length(sa.column("data")))).select_from(sa.table("run_fact_block"))
            size = session.execute(blocks.where(sa.column("run_id") == run_id)).scalar_one() / samples[-1]["schools"]
        engine.dispose()
    return {
        "schools": samples[-1]["schools"],
        "result_rows": rows,
        "run_seconds": _median([s["wall"] for s in samples]),
        "run_cpu_seconds": _median([s["cpu"] for s in samples]),
        "run_server_cpu_seconds": _median([s["server_cpu"] for s in samples]),
        "built_run_seconds": _median([s["wall"] for s in built]),
        "built_run_cpu_seconds": _median([s["cpu"] for s in built]),
        "built_run_server_cpu_seconds": _median([s["server_cpu"] for s in built]),
        "peak_mib": peak / 2**20,
        "max_rss_mib": peak_rss,
        "built_max_rss_mib": built_rss,
        "facts_bytes_per_school": float(size or 0),
    }


def numpy_floor(data: EngineInput, school_year: str) -> Callable[[], int]:
    """The least any engine can do for `fail_share_30` with default parameters: the rows already integer-coded
    (outside the timing), one pass of comparisons and two scatter-ors. Returns the timed function."""
    results = data.results
    years = [shift_school_year(school_year, -1), school_year]
    keep = (
        results["subject"].isin(["russian", "mathematics", "mathematics_basic", "mathematics_profile"])
        & results["procedure"].isin(["ВПР", "ОГЭ", "ЕГЭ"])
        & results["school_year"].isin(years)
    ).to_numpy()
    frame = results[keep]
    school = pd.factorize(frame["school_code"])[0]
    year = (frame["school_year"] == school_year).to_numpy().astype(np.int64)
    procedure = pd.factorize(frame["procedure"])[0]
    participants = frame["participants"].to_numpy(dtype=np.float64)
    below = frame["below_min"].to_numpy(dtype=np.float64)
    schools = int(school.max()) + 1 if len(school) else 0

    def run() -> int:
        over = (participants >= 5) & (below >= 0.3 * participants)
        cells = np.zeros((schools, 2, 3), dtype=bool)
        cells[school[over], year[over], procedure[over]] = True
        fired = (cells[:, 1, :].sum(axis=1) >= 2) | (cells[:, 0, :] & cells[:, 1, :]).any(axis=1)
        return int(fired.sum())

    return run


def engine_ratio_figures(region: DemoRegion, school_year: str) -> dict[str, float]:
    """Medians of `REPEATS`: the bare pandas `fail_share_30`, the numpy floor, `evaluate()` alone, and `evaluate()`
    with what every school's snapshot needs (`snapshot`: its row and its block of facts); the ratios against bare
    pandas, of wall and of CPU seconds of this process (under load the wall ratio wanders, the CPU one less)."""
    from bench.identification import bare_fail_share

    data = engine_input_from_demo(region)
    rules = default_rules()
    floor = numpy_floor(data, school_year)

    def timed(function: Callable[[], Any]) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(REPEATS):
            started, cpu = time.perf_counter(), time.process_time()
            function()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        return _median(walls), _median(cpus)

    bare, bare_cpu = timed(lambda: bare_fail_share(data.results, school_year))
    numpy_seconds, _ = timed(floor)
    evaluate_seconds, evaluate_cpu = timed(lambda: evaluate(data, rules, school_year))
    explained, explained_cpu = timed(lambda: list(snapshot(evaluate(data, rules, school_year))))
    return {
        "bare_seconds": bare,
        "numpy_seconds": numpy_seconds,
        "evaluate_seconds": evaluate_seconds,
        "explained_seconds": explained,
        "bare_cpu_seconds": bare_cpu,
        "evaluate_cpu_seconds": evaluate_cpu,
        "explained_cpu_seconds": explained_cpu,
        "ratio": explained / bare,
        "cpu_ratio": explained_cpu / bare_cpu,
        "evaluate_ratio": evaluate_seconds / bare,
        "floor_ratio": numpy_seconds / bare,
    }


def bench_size() -> int:
    return int(os.environ.get("OPORA_BENCH_SCHOOLS", "40000"))


def summary_rows(schools: int | None = None, postgres: bool = True) -> list[tuple[str, str, str, str]]:
    """Rows (name, goal, measured, ratio) for `make bench`'s summary table: the run from the database to the
    stored snapshot against 3 s, and the engine with its explanations against bare pandas `fail_share_30`
    (a ratio above 1 misses the goal by that factor)."""
    schools = schools or bench_size()
    region = generate(seed=2024, schools=schools)
    run = run_figures(region, "2023-2024", postgres=postgres)
    engine = engine_ratio_figures(region, "2023-2024")
    where = "PostgreSQL" if postgres else "SQLite"
    return [
        (
            f"identification run, {schools} schools × 3 years, database to snapshot ({where})",
            f"≤ {RUN_GOAL_SECONDS:g} s",
            f"{run['run_seconds']:.2f} s ({run['run_cpu_seconds']:.2f} CPU-s + {run['run_server_cpu_seconds']:.2f} "
            f"database CPU-s, frames stored); peak RSS {run['max_rss_mib']:.0f} MiB; first run after a load "
            f"{run['built_run_seconds']:.2f} s",
            f"{run['run_seconds'] / RUN_GOAL_SECONDS:.2f}",
        ),
        (
            "engine with explanations / bare pandas fail_share_30",
            f"≤ {ENGINE_GOAL_RATIO:g}×",
            f"{engine['ratio']:.1f}× ({engine['cpu_ratio']:.1f}× of CPU-s; numpy floor {engine['floor_ratio']:.2f}×)",
            f"{engine['ratio'] / ENGINE_GOAL_RATIO:.2f}",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="The identification run and the engine ratio (issue 14).")
    parser.add_argument("--schools", type=int, default=bench_size(), help="schools of the generated region")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL (OPORA_TEST_POSTGRES)")
    parser.add_argument("--one-run", metavar="URL", help="one run on a loaded database, figures as JSON (internal)")
    parser.add_argument("--year", default="2023-2024", help="school year of --one-run")
    args = parser.parse_args()
    if args.one_run:
        import json

        figures = one_run(args.one_run, args.year)
        print(json.dumps(figures | {"max_rss_mib": own_peak_mib()}))
        return
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; medians of {REPEATS}")
    region = generate(seed=2024, schools=args.schools)
    run = run_figures(region, "2023-2024", postgres=not args.sqlite)
    print(
        f"run: {run['schools']:.0f} schools, {run['result_rows']:.0f} indicator rows; "
        f"first run after a load (frames rebuilt from the rows and stored) {run['built_run_seconds']:.2f} s wall, "
        f"{run['built_run_cpu_seconds']:.2f} CPU-s (this process) + {run['built_run_server_cpu_seconds']:.2f} CPU-s "
        f"(database backends), peak RSS of a fresh process {run['built_max_rss_mib']:.0f} MiB"
    )
    print(
        f"run with stored frames: {run['run_seconds']:.2f} s wall, {run['run_cpu_seconds']:.2f} CPU-s (this process) "
        f"+ {run['run_server_cpu_seconds']:.2f} CPU-s (database backends); peak allocations {run['peak_mib']:.0f} "
        f"MiB, peak RSS of a fresh process doing one run {run['max_rss_mib']:.0f} MiB; snapshot "
        f"{run['facts_bytes_per_school']:.0f} bytes per school"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    engine = engine_ratio_figures(region, "2023-2024")
    print(
        f"engine: bare pandas {engine['bare_seconds']:.3f} s, numpy floor {engine['numpy_seconds']:.3f} s "
        f"({engine['floor_ratio']:.2f}×), evaluate {engine['evaluate_seconds']:.3f} s "
        f"({engine['evaluate_ratio']:.2f}×), "
        f"with explanations {engine['explained_seconds']:.3f} s ({engine['ratio']:.2f}×); CPU-s: bare pandas "
        f"{engine['bare_cpu_seconds']:.3f}, evaluate {engine['evaluate_cpu_seconds']:.3f}, with explanations "
        f"{engine['explained_cpu_seconds']:.3f} ({engine['cpu_ratio']:.2f}×)"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
