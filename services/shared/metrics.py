"""Prometheus metrics of every process at `GET /metrics` (text format): requests by route and status,
their duration, and the job queue (depth, jobs run and failed by task).

The metrics live in the process's default registry, labelled by service, so several apps in one process
(the in-process test stack) share them without clashing.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

REQUESTS = Counter("opora_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"])
DURATION = Histogram(
    "opora_http_request_duration_seconds", "Time to answer an HTTP request", ["service", "method", "route"]
)
JOBS = Counter("opora_jobs_total", "Jobs run by the worker, by task and outcome (done, failed)", ["task", "outcome"])
JOBS_EXPIRED = Counter("opora_jobs_expired_total", "Running jobs marked failed after their worker stopped")
QUEUE_DEPTH = Gauge("opora_queue_depth", "Jobs waiting in the queue for a worker")


def install_metrics(app: FastAPI, service: str, before_scrape: Callable[[], None] | None = None) -> None:
    """Count every request of `app` and answer `GET /metrics`; `before_scrape` refreshes gauges."""

    @app.middleware("http")
    async def count(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")
        DURATION.labels(service, request.method, route).observe(time.perf_counter() - started)
        REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        return response

    router = APIRouter(tags=["health"])

    @router.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        if before_scrape is not None:
            before_scrape()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(router)
