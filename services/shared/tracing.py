"""OpenTelemetry traces, switched on by `OPORA_OTEL_EXPORTER_OTLP_ENDPOINT` (an OTLP/HTTP collector, e.g.
`http://otel-collector:4318`): a span per request of every process and per call to another service, the
trace context carried in the calls' `traceparent` header, so one request is one trace across services.
Unset, nothing is imported or started.
"""

from __future__ import annotations

import threading

from fastapi import FastAPI

from services.shared.settings import CommonSettings

_httpx_lock = threading.Lock()
_httpx_instrumented = False


def install_tracing(app: FastAPI, service: str, settings: CommonSettings) -> None:
    if not settings.otel_exporter_otlp_endpoint:
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": f"opora-{service}"}))
    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/")
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")))
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls="health,metrics")
    _instrument_httpx(provider)
    app.state.on_shutdown.append(provider.shutdown)


def _instrument_httpx(provider: object) -> None:
    """Calls to other services: once per process (the instrumentation patches httpx itself)."""
    global _httpx_instrumented
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    with _httpx_lock:
        if not _httpx_instrumented:
            HTTPXClientInstrumentor().instrument(tracer_provider=provider)
            _httpx_instrumented = True
