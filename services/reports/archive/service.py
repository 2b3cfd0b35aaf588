"""Rendering reports into the archive: queued as a job of the worker, answered at once when it is quick.

`ReportJobs.submit` (the web process) checks the request, exchanges the caller's token at the gateway for a
job credential (the caller's identity and scope, valid `job_token_ttl_seconds`, ended with the session),
writes the archive row (`running`, not started) and queues the job. `ReportRunner.run` (the worker) takes
the row with a compare-and-set, keeps its lease (`heartbeat_at`) while it reads the data over HTTP with the
job credential, builds and renders the document, stores the file under its sha256 and marks the row `done`
— or `failed` with the error's code and Russian detail, with no file. A row whose worker died (lease
lapsed) or that no worker took in time is marked failed by `expire_stale`, so nothing stays «running».
The request waits up to `reports_sync_seconds`; a render still running then is answered 202 and polled.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from huey import Huey, crontab
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from services.reports.archive.models import Report
from services.reports.archive.repository import ArchiveRepository
from services.reports.db import AuditEvent
from services.reports.documents.builders import REPORT_TYPES
from services.reports.documents.params import ReportParams
from services.reports.documents.sources import Sources
from services.reports.rendering.render import MEDIA_TYPES, Format, TemplateError, render
from services.shared import audit
from services.shared.audit import utcnow
from services.shared.db import write_transaction
from services.shared.errors import InvalidValue, NotAuthenticated, NotFound, OporaError, ServiceUnavailable
from services.shared.jobs import heartbeat
from services.shared.logs import current_request_id, request_id_bound
from services.shared.metrics import JOBS, JOBS_EXPIRED
from services.shared.pauses import pause_point
from services.shared.remote import RemoteService
from services.shared.security import Principal, TokenVerifier
from services.shared.storage import Storage, content_key

log = logging.getLogger("opora.reports")
EXTENSIONS = {"docx": "docx", "xlsx": "xlsx", "pdf": "pdf", "html": "html"}
INTERRUPTED = "Подготовка отчёта прервалась: обработчик задач остановился. Закажите отчёт ещё раз"
NOT_TAKEN = "Отчёт не подготовлен: обработчик задач не взял его вовремя. Закажите отчёт ещё раз"
RENDER_TASK = "render_report"


@dataclass
class RenderRequest:
    report_type: str
    params: ReportParams
    fmt: Format
    principal: Principal
    bearer: str


@dataclass
class Clients:
    identification: httpx.Client
    roadmap: httpx.Client


def expire_stale(session: Session, lease_seconds: int, queued_seconds: int) -> int:
    """Mark failed the running reports whose worker stopped reporting, or that no worker took in time."""
    now = utcnow()
    interrupted = session.execute(
        update(Report)
        .where(
            col(Report.status) == "running",
            col(Report.heartbeat_at) < now - timedelta(seconds=lease_seconds),
        )
        .values(status="failed", error_code="job_interrupted", error_detail=INTERRUPTED, finished_at=now)
    )
    not_taken = session.execute(
        update(Report)
        .where(
            col(Report.status) == "running",
            col(Report.started_at).is_(None),
            col(Report.created_at) < now - timedelta(seconds=queued_seconds),
        )
        .values(status="failed", error_code="job_not_taken", error_detail=NOT_TAKEN, finished_at=now)
    )
    return int(getattr(interrupted, "rowcount", 0) or 0) + int(getattr(not_taken, "rowcount", 0) or 0)


class ReportRunner:
    """What a render needs in the worker: the archive's engine, the file storage, the data services."""

    def __init__(
        self, engine: Engine, storage: Storage, clients: Clients, verifier: TokenVerifier, lease_seconds: int
    ) -> None:
        self.engine = engine
        self.storage = storage
        self.clients = clients
        self.verifier = verifier
        self.lease_seconds = lease_seconds

    def run(self, report_id: int, token: str) -> None:
        """The job: take the row, render with the job's credential, store the file or the failure."""
        if not self._take(report_id):
            log.info("report %s is not waiting for a worker; job skipped", report_id)
            return
        with heartbeat(lambda: self._update(report_id), every=max(self.lease_seconds / 4, 0.5)):
            try:
                principal = self.verifier.verify(token)
                content, title, template_id = self._render(report_id, principal, token)
            except OporaError as error:
                JOBS.labels(RENDER_TASK, "failed").inc()
                self._finish(
                    report_id, error_code=error.code, error_detail=error.detail, error_status=error.status_code
                )
                return
            except Exception:
                log.exception("report %s failed", report_id)
                JOBS.labels(RENDER_TASK, "failed").inc()
                detail = "Внутренняя ошибка при подготовке отчёта"
                self._finish(report_id, error_code="internal_error", error_detail=detail, error_status=500)
                return
            self._store(report_id, principal, content, title, template_id)
            JOBS.labels(RENDER_TASK, "done").inc()

    def _take(self, report_id: int) -> bool:
        """Compare-and-set: only one worker starts a queued report, and never a finished one."""
        now = utcnow()
        with Session(self.engine) as session:
            result = session.execute(
                update(Report)
                .where(col(Report.id) == report_id, col(Report.status) == "running", col(Report.started_at).is_(None))
                .values(started_at=now, heartbeat_at=now)
            )
            session.commit()
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def _update(self, report_id: int, **values: Any) -> bool:
        """Renew the lease (and set `values`) while the report is still running; whether it is."""
        with Session(self.engine) as session:
            running = _set_if_running(session, report_id, **values)
            session.commit()
        return running

    def _render(self, report_id: int, principal: Principal, token: str) -> tuple[bytes, str, int | None]:
        with Session(self.engine) as session:
            report = session.get(Report, report_id)
            assert report is not None
            report_type, fmt = report.report_type, report.format
            params = ReportParams.model_validate(report.parameters)
        sources = Sources(
            identification=RemoteService(self.clients.identification, token, "идентификация"),
            roadmap=RemoteService(self.clients.roadmap, token, "дорожные карты"),
        )
        self._update(report_id, progress=10)
        document = REPORT_TYPES[report_type].build(params, sources, date.today())
        self._update(report_id, progress=60)
        template = self._template(report_type, principal) if fmt in ("docx", "pdf") else None
        try:
            content = render(document, fmt, template[1] if template else None)  # type: ignore[arg-type]
        except TemplateError as error:  # a stored letterhead that fails at render time
            raise InvalidValue(error.detail, code=error.code) from None
        return content, document.title, template[0] if template else None

    def _template(self, report_type: str, principal: Principal) -> tuple[int, bytes] | None:
        """The caller's authority's own letterhead for the type: its municipality's, else its region's."""
        with Session(self.engine) as session:
            found = ArchiveRepository(session, principal).letterhead(report_type)
            if found is None:
                return None
            return found.id or 0, self.storage.read(found.storage_key)

    def _store(self, report_id: int, principal: Principal, content: bytes, title: str, template_id: int | None) -> None:
        checksum = hashlib.sha256(content).hexdigest()
        key = content_key(checksum)
        self.storage.put(key, content)
        # Done and audited in one transaction: a worker killed in between leaves neither (the lapsed lease then
        # marks the report failed), never a report in the archive whose render the audit trail does not show.
        with Session(self.engine) as session:
            write_transaction(session)
            report = session.get(Report, report_id)
            assert report is not None
            report_type, fmt = report.report_type, report.format
            done = _set_if_running(
                session,
                report_id,
                status="done",
                progress=100,
                finished_at=utcnow(),
                title=title[:500],
                file_name=f"{_file_stem(title)}.{EXTENSIONS[fmt]}",
                media_type=MEDIA_TYPES[fmt],
                size=len(content),
                checksum=checksum,
                storage_key=key,
                template_id=template_id,
            )
            if not done:
                return
            pause_point("report_done_written")
            audit.record(
                session, AuditEvent, principal, "render", "report", report_id,
                after={"type": report_type, "format": fmt, "checksum": checksum},
            )  # fmt: skip
            session.commit()

    def _finish(self, report_id: int, status: str = "failed", **values: Any) -> bool:
        """Close a running report (compare-and-set: a report already closed stays as it is)."""
        if status == "done":
            values["progress"] = 100
        return self._update(report_id, status=status, finished_at=utcnow(), **values)


def _set_if_running(session: Session, report_id: int, **values: Any) -> bool:
    """Renew the lease of a report (and set `values`) in `session` if it is still running (a compare-and-set: a
    report already closed stays as it is); whether it was."""
    result = session.execute(
        update(Report)
        .where(col(Report.id) == report_id, col(Report.status) == "running")
        .values(heartbeat_at=utcnow(), **values)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def _no_runner() -> ReportRunner:
    raise RuntimeError("the web process queues renders; the worker runs them")


def register_render(queue: Huey, runner: Callable[[], ReportRunner]) -> Any:
    """The render job on `queue`; `runner` gives the worker's runner (the web process only queues)."""

    @queue.task(name=RENDER_TASK)
    def render_report(report_id: int, token: str, request_id: str | None = None) -> None:
        with request_id_bound(request_id):
            runner().run(report_id, token)

    return render_report


def register_sweep(queue: Huey, engine: Callable[[], Engine], lease_seconds: int, queued_seconds: int) -> Any:
    """Every minute, in the worker: reports whose worker died or that no worker took are marked failed."""

    @queue.periodic_task(crontab(minute="*"), name="expire_stale_reports")
    def expire_stale_reports() -> None:
        with Session(engine()) as session:
            expired = expire_stale(session, lease_seconds, queued_seconds)
            session.commit()
        if expired:
            JOBS_EXPIRED.inc(expired)
            log.warning("reports marked failed after their job stopped: %s", expired)

    return expire_stale_reports


class ReportJobs:
    """The web process's side: check, archive, queue, and wait a little for the result."""

    def __init__(
        self,
        engine: Engine,
        queue: Huey,
        gateway: Callable[[], httpx.Client],
        runner: Callable[[], ReportRunner] = _no_runner,
    ) -> None:
        """`runner`: only where this process also consumes its queue (the in-process test stack)."""
        self.engine = engine
        self.queue = queue
        self.task = register_render(queue, runner)
        self.gateway = gateway

    def submit(self, request: RenderRequest) -> int:
        """Check the request, get the job's credential, write its archive row and queue it; the row id."""
        kind = REPORT_TYPES.get(request.report_type)
        if kind is None:
            raise NotFound("Нет такого вида отчёта", code="unknown_report_type")
        kind.check(request.params)
        token = self._job_token(request.bearer)
        with Session(self.engine) as session:
            report = Report(
                report_type=request.report_type,
                parameters=request.params.model_dump(mode="json", exclude_defaults=True),
                format=request.fmt,
                created_by=request.principal.subject,
                created_by_name=request.principal.name,
            )
            session.add(report)
            session.commit()
            report_id = report.id or 0
        try:
            self.task(report_id, token, current_request_id())
        except Exception:
            log.exception("report %s not queued", report_id)
            with Session(self.engine) as session:
                session.execute(
                    update(Report)
                    .where(col(Report.id) == report_id)
                    .values(status="failed", error_code="queue_unavailable", finished_at=utcnow(),
                            error_detail="Очередь задач недоступна, отчёт не поставлен в очередь")
                )  # fmt: skip
                session.commit()
            raise ServiceUnavailable("Очередь задач недоступна", code="queue_unavailable") from None
        return report_id

    def _job_token(self, bearer: str) -> str:
        try:
            answer = self.gateway().post("/api/auth/job-token", headers={"Authorization": f"Bearer {bearer}"})
        except httpx.HTTPError:
            raise ServiceUnavailable("Шлюз недоступен: задание не выдано", code="dependency_unavailable") from None
        if answer.status_code == 401:
            raise NotAuthenticated(answer.json().get("detail"), code=answer.json().get("code"))
        if answer.status_code != 200:
            raise ServiceUnavailable("Шлюз не выдал учётные данные задания", code="dependency_failed")
        token: str = answer.json()["access_token"]
        return token

    def wait(self, report_id: int, seconds: float) -> Report:
        """The report once it is no longer running, or as it is after `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            with Session(self.engine, expire_on_commit=False) as session:
                report = session.get(Report, report_id)
                assert report is not None
                if report.status != "running" or time.monotonic() >= deadline:
                    return report
            time.sleep(0.1)


def _file_stem(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(cleaned.split())[:120] or "otchet"
