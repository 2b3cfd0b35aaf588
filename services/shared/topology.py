"""The one list of Opora's processes: what `make run`, the tests and docker-compose start.

`tests/test_deploy_consistency.py` checks docker-compose.yml and the Dockerfiles against this list,
so a service added or moved here and forgotten there fails the suite.
"""

from dataclasses import dataclass
from pathlib import Path

SERVICES_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServiceProcess:
    name: str
    """Short name: also the URL prefix `/api/<name>/` and the settings prefix `OPORA_<NAME>_…`."""
    app: str
    """The app factory uvicorn calls (`create_app`), so importing a module starts nothing."""
    port: int
    """Default port on 127.0.0.1 for `make run`; the same port inside its container."""
    has_database: bool = True
    title: str = ""
    uses: tuple[str, ...] = ()
    """Other services' databases this process works on (the worker runs their jobs)."""

    @property
    def databases(self) -> tuple[str, ...]:
        """Every database the process connects to."""
        return ((self.name,) if self.has_database else ()) + self.uses

    @property
    def health_path(self) -> str:
        return "/api/health" if self.name == "gateway" else f"/api/{self.name}/health"

    @property
    def migrations(self) -> str:
        """Alembic config of the service (its own migration tree)."""
        return str(SERVICES_DIR / self.name / "alembic.ini")


GATEWAY = ServiceProcess("gateway", "services.gateway.main:create_app", 8000, title="Шлюз")
IDENTIFICATION = ServiceProcess(
    "identification", "services.identification.main:create_app", 8001, title="Сервис идентификации"
)
ROADMAP = ServiceProcess("roadmap", "services.roadmap.main:create_app", 8002, title="Сервис дорожных карт")
REPORTS = ServiceProcess("reports", "services.reports.main:create_app", 8003, title="Сервис отчётов")
WORKER = ServiceProcess(
    "worker",
    "services.worker.main:create_app",
    8004,
    has_database=False,
    title="Обработчик фоновых задач",
    uses=("reports", "roadmap"),
)
"""Runs the queued jobs (report renders, the notification schedule); answers only health and metrics."""

BACKENDS: tuple[ServiceProcess, ...] = (IDENTIFICATION, ROADMAP, REPORTS)
"""Services behind the gateway, in start order."""
ALL: tuple[ServiceProcess, ...] = (*BACKENDS, GATEWAY, WORKER)
BY_NAME = {process.name: process for process in ALL}

KEEP_ALIVE_SECONDS = 75
"""How long a service keeps an idle HTTP connection open (uvicorn's `timeout_keep_alive`, 5 s by default).
The gateway drops its pooled connections after `PROXY_KEEPALIVE_EXPIRY_SECONDS`, far sooner: a service never
closes a connection the gateway is about to reuse, even when a loaded machine delays either side's timers by
seconds (a body that was sent on such a connection cannot be sent again, and the request would answer 502)."""
PROXY_KEEPALIVE_EXPIRY_SECONDS = 2.0
