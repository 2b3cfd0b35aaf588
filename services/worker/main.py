"""The worker process: runs the queued jobs of the reports and roadmap services, answers health and metrics.

It is the one process that imports two services' code: it runs their jobs against their own databases and
reaches the other services over HTTP like they do. Its HTTP side (`/api/worker/health`, `/metrics`) exists
for the orchestrator and Prometheus only. Several workers may run on several hosts against one Redis: each
job is taken by one of them; the periodic tasks are queued by every worker's scheduler and hold a lock
while they run, so the notification schedule still sends each letter once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from huey import Huey

from services.reports.archive.service import Clients, ReportRunner, register_render, register_sweep
from services.roadmap.deadlines.job import register_notifications
from services.shared.db import engine_for
from services.shared.errors import ServiceUnavailable, install_error_handlers
from services.shared.jobs import queue_depth, start_consumer
from services.shared.logs import RequestIdMiddleware, configure_logging
from services.shared.metrics import QUEUE_DEPTH, install_metrics
from services.shared.remote import service_client
from services.shared.security import TokenVerifier
from services.shared.storage import storage_for
from services.shared.tracing import install_tracing
from services.worker.settings import WorkerSettings, get_settings


def register_jobs(queue: Huey, settings: WorkerSettings, runner: ReportRunner) -> None:
    """Every task the worker runs, on `queue`."""
    register_render(queue, lambda: runner)
    register_sweep(queue, lambda: runner.engine, settings.job_lease_seconds, settings.job_token_ttl_seconds)
    roadmap = engine_for(settings, "roadmap")
    register_notifications(queue, lambda: roadmap, settings)


def create_app(settings: WorkerSettings | None = None, consume: bool = True) -> FastAPI:
    settings = settings or get_settings()
    configure_logging("worker", settings.log_level, settings.log_json)
    from services.shared.jobs import make_queue

    queue = make_queue(settings)
    clients = Clients(
        identification=service_client(settings.service_url("identification"), timeout=120),
        roadmap=service_client(settings.service_url("roadmap"), timeout=120),
    )
    engine = engine_for(settings, "reports")
    runner = ReportRunner(
        engine, storage_for(settings, "reports"), clients, TokenVerifier(settings), settings.job_lease_seconds
    )
    register_jobs(queue, settings, runner)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        consumer = start_consumer(queue, settings.worker_threads) if consume else None
        yield
        if consumer is not None:
            consumer.stop(graceful=False)
        clients.identification.close()
        clients.roadmap.close()
        engine.dispose()
        for close in app.state.on_shutdown:
            close()

    app = FastAPI(title="Опора: обработчик задач", lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.queue = queue
    app.state.on_shutdown = []
    install_error_handlers(app)
    install_metrics(app, "worker", before_scrape=lambda: QUEUE_DEPTH.set(queue_depth(queue)))
    install_tracing(app, "worker", settings)
    app.add_middleware(RequestIdMiddleware)

    @app.get("/api/worker/health", summary="Состояние обработчика и очереди")
    def health(request: Request) -> dict[str, str | int]:
        try:
            depth = int(request.app.state.queue.pending_count())
        except Exception as exc:
            raise ServiceUnavailable("Очередь задач недоступна", code="queue_unavailable") from exc
        return {"status": "ok", "service": "worker", "queue_depth": depth}

    return app
