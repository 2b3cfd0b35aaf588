"""What every Opora process reads from the environment, with the one prefix `OPORA_`.

`CommonSettings` holds what all processes share: where the data and the other processes are, token
verification (JWKS) and the list of ended sessions, the job queue, file storage, database pools, logs and
tracing, and the production checks that apply to every process. Each service adds its own fields in its own
package (`services/<name>/settings.py`, with its own cached `get_settings()`), so one `.env` (or one
container environment) still configures the whole installation: a process ignores the variables of others.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.shared import topology

Environment = Literal["demo", "development", "test", "production"]


class ProductionConfigError(RuntimeError):
    """Raised at start-up when production mode finds demo secrets or missing keys."""


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPORA_", env_file=".env", extra="ignore")

    process: ClassVar[str] = ""
    """The process of the topology these settings configure (`topology.BY_NAME`): its databases are checked
    in production mode."""

    env: Environment = "demo"
    data_dir: Path = Path("var")
    log_level: str = "INFO"
    log_json: bool = True
    otel_exporter_otlp_endpoint: str | None = None
    """OTLP/HTTP collector for OpenTelemetry traces (e.g. http://otel-collector:4318); unset: no tracing."""

    # Where the processes are. The gateway forwards to the three services; services call each other.
    gateway_url: str = f"http://127.0.0.1:{topology.GATEWAY.port}"
    identification_url: str = f"http://127.0.0.1:{topology.IDENTIFICATION.port}"
    roadmap_url: str = f"http://127.0.0.1:{topology.ROADMAP.port}"
    reports_url: str = f"http://127.0.0.1:{topology.REPORTS.port}"
    worker_url: str = f"http://127.0.0.1:{topology.WORKER.port}"

    # Tokens. The gateway signs with an ES256 key; every service verifies with the published JWKS.
    jwt_issuer: str = "opora"
    jwt_audience: str = "opora"
    jwks_url: str | None = None
    """Where services read the public keys; default `<gateway_url>/api/auth/jwks.json`."""
    jwks_json: str | None = None
    """A JWKS document given inline instead of fetched (air-gapped installations, tests)."""
    jwks_cache_seconds: int = 300
    revocation_poll_seconds: float = 5.0
    """How often each service reads the gateway's list of ended sessions; 0: never (tests in one process)."""
    leeway_seconds: int = 10

    # The job queue (huey): Redis when a URL is given (production, several hosts), else a SQLite file
    # `<data_dir>/queue.db` (make run). The worker process runs the jobs with `worker_threads` threads.
    queue_url: str | None = None
    queue_name: str = "opora"
    """Key prefix of the queue in Redis: two installations may share one Redis under different names."""
    worker_threads: int = 2
    job_lease_seconds: int = 120
    """A started job whose worker has not reported for this long is taken for dead and marked failed."""
    job_token_ttl_seconds: int = 3600
    """Lifetime of the credential the gateway issues to one job (the requesting user's identity and scope)."""

    # Files (report archive, letterheads, evidence): `local` under data_dir, or `s3` (MinIO, any S3).
    storage: Literal["local", "s3"] = "local"
    s3_endpoint_url: str | None = None
    s3_bucket: str = "opora"
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None

    # Connection pool of each engine (one per database a process uses) to PostgreSQL. The defaults keep two
    # replicas of every process under max_connections=100 less the 3 kept for superusers: the four web
    # processes with one engine and the worker with two make 6 engines; 2 replicas × 6 × (4 + 4) = 96.
    db_pool_size: int = 4
    db_max_overflow: int = 4

    def database_url(self, service: str) -> str:
        """`OPORA_<SERVICE>_DATABASE_URL` (a field of the service's own settings), else a SQLite file
        `<data_dir>/<service>.db`."""
        url: str | None = getattr(self, f"{service}_database_url", None)
        if url:
            return url
        return f"sqlite:///{(self.data_dir / f'{service}.db').as_posix()}"

    def service_url(self, service: str) -> str:
        url: str = getattr(self, f"{service}_url")
        return url.rstrip("/")

    @property
    def effective_jwks_url(self) -> str:
        return self.jwks_url or f"{self.service_url('gateway')}/api/auth/jwks.json"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def production_problems(self) -> list[str]:
        """What production mode refuses in these settings; each service's class adds its own."""
        problems: list[str] = []
        for database in topology.BY_NAME[self.process].databases if self.process else ():
            if self.database_url(database).startswith("sqlite"):
                problems.append(f"OPORA_{database.upper()}_DATABASE_URL is not set (SQLite is for demo only)")
        return problems

    def check_production(self) -> None:
        """Refuse to start in production with demo secrets, generated keys or embedded databases."""
        if not self.is_production:
            return
        problems = self.production_problems()
        if problems:
            raise ProductionConfigError("production mode refuses to start: " + "; ".join(problems))


def queue_problems(settings: CommonSettings) -> list[str]:
    """The processes that queue or run jobs need a queue every host shares."""
    if not (settings.queue_url or "").startswith("redis"):
        return ["OPORA_QUEUE_URL is not set (the SQLite queue serves one host only)"]
    return []
