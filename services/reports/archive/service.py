"""Rendering reports into the archive, in the foreground when quick and as a background job when not.

A render runs in a worker thread with its own database session: it writes the archive row first
(`running`), reads the data over HTTP with the caller's token, builds the document, renders it, stores the
file under its sha256 and marks the row `done` — or `failed` with the error's code and Russian detail, with
no file. The request waits up to `reports_sync_seconds`; a render still running then is answered 202 and
polled (`GET /reports/{id}`).
"""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from services.reports.archive.models import Report
from services.reports.archive.repository import ArchiveRepository
from services.reports.db import AuditEvent
from services.reports.documents.builders import BUILDERS, REQUIRED
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources
from services.reports.rendering.render import MEDIA_TYPES, Format, TemplateError, render
from services.shared import audit
from services.shared.audit import utcnow
from services.shared.errors import InvalidValue, NotFound, OporaError
from services.shared.remote import RemoteService
from services.shared.security import Principal

log = logging.getLogger("opora.reports")
EXTENSIONS = {"docx": "docx", "xlsx": "xlsx", "pdf": "pdf", "html": "html"}


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


class ReportRunner:
    """The worker pool of one service process and what a render needs: engine, storage, clients."""

    def __init__(self, engine: Engine, storage: Path, clients: Clients, workers: int) -> None:
        self.engine = engine
        self.storage = storage
        self.clients = clients
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report")

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def start(self, request: RenderRequest) -> tuple[int, Future[None]]:
        """Check the request, write its archive row, and start the render; the row id and the future."""
        if request.report_type not in BUILDERS:
            raise NotFound("Нет такого вида отчёта", code="unknown_report_type")
        require(request.params, *REQUIRED[request.report_type])
        with Session(self.engine) as session:
            report = Report(
                report_type=request.report_type,
                parameters=request.params.model_dump(mode="json", exclude_none=True),
                format=request.fmt,
                created_by=request.principal.subject,
                created_by_name=request.principal.name,
            )
            session.add(report)
            session.commit()
            report_id = report.id or 0
        return report_id, self.pool.submit(self._run, report_id, request)

    def _progress(self, report_id: int, progress: int) -> None:
        with Session(self.engine) as session:
            report = session.get(Report, report_id)
            if report is not None:
                report.progress = progress
                session.add(report)
                session.commit()

    def _run(self, report_id: int, request: RenderRequest) -> None:
        try:
            content, title, template_id = self._render(report_id, request)
        except OporaError as error:
            self._finish(report_id, error_code=error.code, error_detail=error.detail)
            raise
        except Exception:
            log.exception("report %s failed", report_id)
            self._finish(report_id, error_code="internal_error", error_detail="Внутренняя ошибка при подготовке отчёта")
            raise
        self._store(report_id, request, content, title, template_id)

    def _render(self, report_id: int, request: RenderRequest) -> tuple[bytes, str, int | None]:
        sources = Sources(
            identification=RemoteService(self.clients.identification, request.bearer, "идентификация"),
            roadmap=RemoteService(self.clients.roadmap, request.bearer, "дорожные карты"),
        )
        self._progress(report_id, 10)
        document = BUILDERS[request.report_type](request.params, sources, date.today())
        self._progress(report_id, 60)
        template = self._template(request) if request.fmt == "docx" else None
        try:
            content = render(document, request.fmt, template[1] if template else None)
        except TemplateError as error:  # a stored letterhead that fails at render time
            raise InvalidValue(error.detail, code=error.code) from None
        return content, document.title, template[0] if template else None

    def _template(self, request: RenderRequest) -> tuple[int, bytes] | None:
        """The caller's authority's own letterhead for the type: its municipality's, else its region's."""
        with Session(self.engine) as session:
            found = ArchiveRepository(session, request.principal).letterhead(request.report_type)
            if found is None:
                return None
            return found.id or 0, (self.storage / found.storage_key).read_bytes()

    def _store(
        self, report_id: int, request: RenderRequest, content: bytes, title: str, template_id: int | None
    ) -> None:
        checksum = hashlib.sha256(content).hexdigest()
        key = f"{checksum[:2]}/{checksum}"
        path = self.storage / key
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(".part")
            part.write_bytes(content)
            part.replace(path)
        self._finish(
            report_id,
            status="done",
            title=title[:500],
            file_name=f"{_file_stem(title)}.{EXTENSIONS[request.fmt]}",
            media_type=MEDIA_TYPES[request.fmt],
            size=len(content),
            checksum=checksum,
            storage_key=key,
            template_id=template_id,
        )
        with Session(self.engine) as session:
            audit.record(
                session, AuditEvent, request.principal, "render", "report", report_id,
                after={"type": request.report_type, "format": request.fmt, "checksum": checksum},
            )  # fmt: skip
            session.commit()

    def _finish(self, report_id: int, status: str = "failed", **values: Any) -> None:
        with Session(self.engine) as session:
            report = session.get(Report, report_id)
            if report is None:
                return
            report.status = status
            report.progress = 100 if status == "done" else report.progress
            report.finished_at = utcnow()
            for name, value in values.items():
                setattr(report, name, value)
            session.add(report)
            session.commit()

    def path(self, report: Report) -> Path:
        return self.storage / (report.storage_key or "")


def _file_stem(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(cleaned.split())[:120] or "otchet"
