"""A killed process (SIGKILL) against the real processes: nothing half-written survives, nothing is referenced
before it is complete, no letter is lost or sent twice, and the next request after a restart works.

The moment of the kill is chosen, never timed: a pause point (`services/shared/pauses.py`, armed by a file in
`OPORA_PAUSE_DIR`) stops the process there and the test kills it once it is seen stopped; the worker is killed
while the test's SMTP server holds its second letter unanswered.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from services.identification.imports.models import ImportBatch, IndicatorRevision
from services.identification.indicators.models import VprObjectivity
from services.identification.runs.models import IdentificationRun, RunSchool
from services.roadmap.deadlines.job import register_notifications
from services.roadmap.deadlines.models import Notification
from services.roadmap.plans.models import Evidence
from services.roadmap.settings import RoadmapSettings
from services.shared.db import make_engine
from services.shared.jobs import make_queue
from services.shared.pauses import PAUSE_DIR, pause_point
from services.shared.storage import STALE_PART_SECONDS, LocalStorage
from tests.reliability.clients import json_of, login
from tests.roadmap.plan_rows import add_activity, add_party, add_plan, roadmap_session
from tests.roadmap.test_notifications import _SmtpHandler, _SmtpServer
from tests.stack import RunningStack, running_stack
from tests.support import serving, wait_until, web

pytestmark = pytest.mark.e2e

IDENTIFICATION = "/api/identification"
YEARS = [f"{year}-{year + 1}" for year in range(2050, 2090)]
GRADES = ("4", "5", "6", "7", "8")
SUBJECTS = ("русский", "математика")


@pytest.fixture(scope="module")
def pauses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pauses")


@pytest.fixture(scope="module")
def killed(pauses: Path) -> Iterator[RunningStack]:
    with running_stack(extra_env={PAUSE_DIR: str(pauses), "OPORA_NOTIFY_EVERY_MINUTES": "0"}) as stack:
        yield stack


def _state(pid: int) -> str:
    """The process's state letter in /proc (`T`: stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def kill_at(stack: RunningStack, pauses: Path, name: str, point: str, send: Callable[[], Any]) -> None:
    """Arm `point`, `send` a request in a thread, SIGKILL process `name` once it has stopped at the point, and
    start it again. The request's own answer (an error from the gateway or a broken connection) is dropped."""
    (pauses / point).touch()
    process = stack.processes[name]
    thread = threading.Thread(target=_quietly, args=(send,), daemon=True)
    thread.start()
    assert wait_until(lambda: _state(process.pid) == "T" or not thread.is_alive()), f"{name} never paused"
    assert _state(process.pid) == "T", f"{name} answered without reaching {point}"
    stack.stop(name, kill=True)
    thread.join()
    assert not (pauses / point).exists()
    stack.start(name)


def _quietly(send: Callable[[], Any]) -> None:
    with contextlib.suppress(httpx.HTTPError):
        send()


def _engine(stack: RunningStack, service: str) -> sa.Engine:
    return make_engine(stack.env[f"OPORA_{service.upper()}_DATABASE_URL"])


def _count(engine: sa.Engine, statement: Any) -> int:
    with Session(engine) as session:
        return int(session.exec(statement).one())


# --- (1) the identification service killed in the middle of a large import -----------------------------------


def _large_csv(codes: list[str]) -> bytes:
    lines = ["Код ОО;Учебный год;Класс;Предмет;Понизили;Подтвердили;Повысили"]
    for n, (year, code, grade, subject) in enumerate(
        (y, c, g, s) for y in YEARS for c in codes for g in GRADES for s in SUBJECTS
    ):
        lines.append(f"{code};{year};{grade};{subject};{n % 7};{20 + n % 5};{n % 3}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _imported(engine: sa.Engine) -> tuple[int, int, int, int]:
    """Rows of the test's years, their sum of values, and the revisions and batches of vpr_objectivity."""
    with Session(engine) as session:
        rows, total = session.exec(
            select(func.count(), func.coalesce(func.sum(VprObjectivity.lowered + VprObjectivity.raised), 0)).where(
                col(VprObjectivity.school_year).in_(YEARS)
            )
        ).one()
        batches = session.exec(
            select(func.count()).select_from(ImportBatch).where(ImportBatch.kind == "vpr_objectivity")
        ).one()
        revisions = session.exec(select(func.count()).select_from(IndicatorRevision)).one()
    return int(rows), int(total), int(batches), int(revisions)


def test_an_import_killed_mid_write_leaves_nothing_and_the_same_import_then_succeeds(
    killed: RunningStack, pauses: Path
) -> None:
    analyst = login(killed, "regional_analyst")
    schools = web.get(f"{killed.url()}{IDENTIFICATION}/schools", params={"per_page": 100}, headers=analyst)
    codes = [s["school_code"] for s in json_of(schools)["items"]]
    content = _large_csv(codes)
    expected = len(YEARS) * len(codes) * len(GRADES) * len(SUBJECTS)
    assert expected >= 20_000
    engine = _engine(killed, "identification")
    try:
        before = _imported(engine)
        assert before[:2] == (0, 0)

        def post() -> httpx.Response:
            files = {"file": ("большой.csv", io.BytesIO(content), "text/csv")}
            return web.post(f"{killed.url()}{IDENTIFICATION}/imports/vpr_objectivity", files=files, headers=analyst)

        kill_at(killed, pauses, "identification", "import_values_written", post)
        assert _imported(engine) == before, "no row, no batch, no revision of the killed import"

        report = json_of(post())
        assert (report["status"], report["created"], report["updated"]) == ("applied", expected, 0)
        rows, total, *_ = _imported(engine)
        n = range(expected)
        assert (rows, total) == (expected, sum(i % 7 + i % 3 for i in n)), "the whole file, once"
        assert json_of(post())["status"] == "unchanged"
    finally:
        engine.dispose()


# --- (2) killed in the middle of an identification run -------------------------------------------------------


def _approved_per_territory(engine: sa.Engine) -> Counter[tuple[str, str | None, str]]:
    with Session(engine) as session:
        runs = session.exec(select(IdentificationRun).where(IdentificationRun.status == "approved")).all()
    return Counter((r.territory_kind, r.territory_code, r.school_year) for r in runs)


def test_a_run_killed_mid_store_leaves_no_run_and_the_next_one_is_approved_alone(
    killed: RunningStack, pauses: Path
) -> None:
    analyst = login(killed, "regional_analyst")
    runs_url = f"{killed.url()}{IDENTIFICATION}/runs"
    approved = json_of(web.get(runs_url, params={"status": "approved"}, headers=analyst))["items"]
    year = approved[0]["school_year"]
    engine = _engine(killed, "identification")
    try:
        runs = _count(engine, select(func.count()).select_from(IdentificationRun))
        rows = _count(engine, select(func.count()).select_from(RunSchool))
        kill_at(
            killed, pauses, "identification", "run_rows_written",
            lambda: web.post(runs_url, json={"school_year": year}, headers=analyst),
        )  # fmt: skip
        assert _count(engine, select(func.count()).select_from(IdentificationRun)) == runs, "no half-stored run"
        assert _count(engine, select(func.count()).select_from(RunSchool)) == rows

        run = json_of(web.post(runs_url, json={"school_year": year}, headers=analyst))
        assert run["status"] == "computed" and run["schools_count"] > 0
        order = {"order_number": "после-сбоя", "order_date": "2024-09-02"}
        assert json_of(web.post(f"{runs_url}/{run['id']}/approve", json=order, headers=analyst))["status"] == "approved"
        per_territory = _approved_per_territory(engine)
        assert per_territory[(run["territory_kind"], run["territory_code"], year)] == 1
        assert set(per_territory.values()) == {1}, per_territory
    finally:
        engine.dispose()


# --- (3) the worker killed while it sends the notification letters -------------------------------------------


class _HoldingHandler(_SmtpHandler):
    """Accepts letters until the server's `hold_at`-th, whose answer it holds until `release` (never: the
    sender is killed meanwhile); that letter is not delivered."""

    server: _HoldingSmtp

    def _data(self) -> None:
        server = self.server
        if server.release.is_set() or len(server.messages) < server.hold_at:
            super()._data()
            return
        while self.rfile.readline() not in (b".\r\n", b""):
            pass
        server.holding.set()
        server.release.wait()
        raise ConnectionAbortedError("the sender was killed")


class _HoldingSmtp(_SmtpServer):
    def __init__(self, hold_at: int) -> None:
        super().__init__()
        self.RequestHandlerClass = _HoldingHandler
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.release = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        return None  # the held connection ends with the killed sender


ADDRESSES = ("first@school.ru", "second@school.ru", "third@school.ru")


def _recipients(stack: RunningStack) -> list[str]:
    """Three users, each responsible for an overdue activity of an approved plan."""
    settings = RoadmapSettings(_env_file=None, roadmap_database_url=stack.env["OPORA_ROADMAP_DATABASE_URL"])
    subjects = [f"user:{900_001 + n}" for n in range(len(ADDRESSES))]
    with roadmap_session(settings) as session:
        plan = add_plan(session, title="План со сроками для писем", region="99", school="9999")
        for n, (subject, address) in enumerate(zip(subjects, ADDRESSES, strict=True)):
            party = add_party(session, f"Ответственный {n}", user_subject=subject, email=address)
            add_activity(session, plan, f"Мероприятие {n}", [date.today() - timedelta(days=1)], responsible=[party])
    return subjects


def _queue_the_job(stack: RunningStack) -> None:
    """Queue the notification task by name, as the worker's schedule does."""
    settings = RoadmapSettings(_env_file=None, data_dir=Path(stack.env["OPORA_DATA_DIR"]))
    queue = make_queue(settings)
    register_notifications(queue, lambda: make_engine("sqlite://"), settings)()  # the engine: the worker's own


def _mailed(engine: sa.Engine, subjects: list[str]) -> int:
    """How many of the users' notices are marked mailed."""
    statement = select(func.count()).where(
        col(Notification.user_subject).in_(subjects), col(Notification.mailed_at).is_not(None)
    )
    return _count(engine, statement.select_from(Notification))


def _with_smtp(stack: RunningStack, smtp: _HoldingSmtp) -> None:
    """Restart the worker with `smtp` as its mail server."""
    stack.stop("worker")
    stack.env.update(OPORA_SMTP_HOST="127.0.0.1", OPORA_SMTP_PORT=str(smtp.server_address[1]))
    stack.start("worker")


def test_a_worker_killed_while_mailing_sends_each_letter_once_after_a_restart(killed: RunningStack) -> None:
    subjects = _recipients(killed)
    engine = _engine(killed, "roadmap")
    with serving(_HoldingSmtp(hold_at=1)) as smtp:
        try:
            _with_smtp(killed, smtp)
            _queue_the_job(killed)
            assert wait_until(smtp.holding.is_set), "the second letter never came"
            killed.stop("worker", kill=True)
            smtp.release.set()
            assert len(smtp.messages) == 1
            killed.start("worker")
            _queue_the_job(killed)
            assert wait_until(lambda: _mailed(engine, subjects) == len(subjects)), "a letter lost"
        finally:
            smtp.release.set()
            engine.dispose()
            for name in ("OPORA_SMTP_HOST", "OPORA_SMTP_PORT"):
                killed.env.pop(name, None)
    delivered = Counter(str(message["To"]) for message in smtp.messages)
    assert {address: delivered[address] for address in ADDRESSES} == dict.fromkeys(ADDRESSES, 1), delivered
    assert set(delivered.values()) == {1}, delivered


# --- (4) the roadmap service killed in the middle of an evidence upload --------------------------------------


def _activity(stack: RunningStack, headers: dict[str, str]) -> int:
    school = json_of(web.get(f"{stack.url()}/api/auth/me", headers=headers))["scope"]["schools"][0]
    body = {
        "kind": "anti_risk_programme",
        "title": "Программа для проверки подтверждений",
        "school_code": school,
        "school_year": "2024-2025",
        "sections": [{"title": "Отчёт", "activities": [{"number": "1", "title": "Протокол", "deadline_text": "Май"}]}],
    }
    plan = json_of(web.post(f"{stack.url()}/api/roadmap/plans", json=body, headers=headers))
    activity: int = plan["sections"][0]["activities"][0]["id"]
    return activity


def _every_evidence_file_is_whole(stack: RunningStack) -> None:
    engine = _engine(stack, "roadmap")
    try:
        with Session(engine) as session:
            files = session.exec(select(Evidence).where(Evidence.kind == "file")).all()
    finally:
        engine.dispose()
    root = Path(stack.env["OPORA_DATA_DIR"]) / "evidence"
    for evidence in files:
        path = root / (evidence.storage_key or "")
        assert path.is_file(), f"evidence {evidence.id} points to a missing file"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == evidence.sha256, f"evidence {evidence.id} partial"


@pytest.mark.parametrize("point", ["storage_part_written", "storage_stored"])
def test_an_upload_killed_mid_store_leaves_no_evidence_pointing_to_a_partial_file(
    killed: RunningStack, pauses: Path, point: str
) -> None:
    staff = login(killed, "school_staff")
    activity = _activity(killed, staff)
    url = f"{killed.url()}/api/roadmap/activities/{activity}/evidence"
    content = b"%PDF-1.4\n" + hashlib.sha512(point.encode()).digest() * 40_000

    def upload() -> httpx.Response:
        files = {"file": ("протокол.pdf", content, "application/pdf")}
        return web.post(url, data={"title": "Протокол"}, files=files, headers=staff)

    kill_at(killed, pauses, "roadmap", point, upload)
    assert json_of(web.get(url, headers=staff)) == [], "no evidence of the killed upload"
    _every_evidence_file_is_whole(killed)

    evidence = json_of(upload())
    download = web.get(f"{killed.url()}/api/roadmap/evidence/{evidence['id']}/file", headers=staff)
    assert download.status_code == 200 and download.content == content
    _every_evidence_file_is_whole(killed)


def test_a_pause_point_is_inert_unless_armed_and_always_in_production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PAUSE_DIR, str(tmp_path))
    pause_point("not_armed")  # no file: the process runs on
    (tmp_path / "armed").touch()
    monkeypatch.setenv("OPORA_ENV", "production")
    pause_point("armed")
    assert (tmp_path / "armed").exists(), "production never pauses"


def test_a_killed_writers_temporary_file_is_swept_by_the_next_write(tmp_path: Path) -> None:
    """A `.part-…` file a killed upload left behind (older than `STALE_PART_SECONDS`) goes with the next write
    in its folder; one being written now (recent) stays; the stored files are untouched."""
    storage = LocalStorage(tmp_path)
    storage.put("ab/first", b"first")
    folder = tmp_path / "ab"
    old, fresh = folder / ".part-killed", folder / ".part-writing"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    long_ago = time.time() - STALE_PART_SECONDS - 1
    os.utime(old, (long_ago, long_ago))
    storage.put("ab/second", b"second")
    assert not old.exists() and fresh.exists()
    assert (storage.read("ab/first"), storage.read("ab/second")) == (b"first", b"second")
