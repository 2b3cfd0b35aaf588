"""Settings of every Opora process, read from the environment with the one prefix `OPORA_`.

All four processes read the same class, so one `.env` (or one container environment) configures the
whole installation; each process takes the fields it needs (`database_url("roadmap")`, `service_url(...)`).
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.shared import topology

Environment = Literal["demo", "development", "test", "production"]

DEMO_PASSWORD = "demo"


class ProductionConfigError(RuntimeError):
    """Raised at start-up when production mode finds demo secrets or missing keys."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPORA_", env_file=".env", extra="ignore")

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

    # One database per service; SQLite files under data_dir unless a URL is given.
    gateway_database_url: str | None = None
    identification_database_url: str | None = None
    roadmap_database_url: str | None = None
    reports_database_url: str | None = None

    # Tokens. The gateway signs with an ES256 key; every service verifies with the published JWKS.
    jwt_issuer: str = "opora"
    jwt_audience: str = "opora"
    jwt_private_key_file: Path | None = None
    """PEM of the one signing key (no rotation). Unset: the keys folder below."""
    jwt_keys_dir: Path | None = None
    """Folder of signing keys (every `*.pem` published, the newest signs); default `<data_dir>/keys/`,
    where a key is generated on first start outside production."""
    jwks_url: str | None = None
    """Where services read the public keys; default `<gateway_url>/api/auth/jwks.json`."""
    jwks_json: str | None = None
    """A JWKS document given inline instead of fetched (air-gapped installations, tests)."""
    jwks_cache_seconds: int = 300
    revocation_poll_seconds: float = 5.0
    """How often each service reads the gateway's list of ended sessions; 0: never (tests in one process)."""
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    leeway_seconds: int = 10

    # Login throttling. Every attempt is counted before its password is checked, atomically in SQL, per client
    # address and per account; a key over its limit is refused with 429 and Retry-After (never slowed down)
    # until `login_window_seconds` have passed since its first failure. The per-address limit is the lower one,
    # so a hostile address is stopped long before the owner of the account it guesses at is locked out.
    login_max_failures_per_address: int = 10
    login_max_failures_per_account: int = 100
    login_window_seconds: int = 900
    trusted_proxies: str = "127.0.0.1/8,::1"
    """Comma-separated addresses or networks whose `X-Forwarded-For` / `X-Real-IP` name the client."""

    # Gateway proxy.
    proxy_connect_timeout_seconds: float = 3.0
    proxy_read_timeout_seconds: float = 120.0
    frontend_dist: Path = Path("frontend/dist")

    demo_password: str = Field(default=DEMO_PASSWORD)
    demo_seed: int = 2024
    demo_schools: int = 200

    # Deadlines: the due-soon window, the notification job and its mail (no SMTP host: no mail is sent).
    deadline_soon_days: int = 14
    notify_every_minutes: int = 60
    """How often the worker's periodic task runs the notification job; 0 disables it (run it with the CLI)."""
    public_url: str | None = None
    """The address people open (nginx in production), for links in letters; default the gateway's."""
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "opora@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    # Reports: a render that takes longer than this answers 202 and goes on as a background job.
    reports_sync_seconds: float = 10.0

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
    # Reports' PDF: the DOCX converted by LibreOffice running as a unoserver (XML-RPC) on this address.
    reports_office_host: str = "127.0.0.1"
    reports_office_port: int = 2003
    """The unoserver's XML-RPC port; LibreOffice itself listens on the next one."""
    reports_office_start: bool = True
    """Start a unoserver on first use when none answers on a local address (off when one runs apart)."""
    reports_office_timeout_seconds: float = 120.0
    reports_office_python: str = "/usr/bin/python3"
    """A Python with LibreOffice's `uno` module (Debian's python3-uno), to run the unoserver under."""

    def database_url(self, service: str) -> str:
        url: str | None = getattr(self, f"{service}_database_url")
        if url:
            return url
        return f"sqlite:///{(self.data_dir / f'{service}.db').as_posix()}"

    @property
    def effective_public_url(self) -> str:
        return (self.public_url or self.service_url("gateway")).rstrip("/")

    def service_url(self, service: str) -> str:
        url: str = getattr(self, f"{service}_url")
        return url.rstrip("/")

    @property
    def effective_jwks_url(self) -> str:
        return self.jwks_url or f"{self.service_url('gateway')}/api/auth/jwks.json"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def check_production(self, service: str) -> None:
        """Refuse to start in production with demo secrets, generated keys or embedded databases."""
        if not self.is_production:
            return
        problems: list[str] = []
        if service == "gateway" and self.jwt_private_key_file is None and self.jwt_keys_dir is None:
            problems.append(
                "neither OPORA_JWT_KEYS_DIR nor OPORA_JWT_PRIVATE_KEY_FILE is set (a generated key is for demo only)"
            )
        if service == "gateway" and self.demo_password == DEMO_PASSWORD:
            problems.append("OPORA_DEMO_PASSWORD keeps the demo value")
        for database in topology.BY_NAME[service].databases:
            if self.database_url(database).startswith("sqlite"):
                problems.append(f"OPORA_{database.upper()}_DATABASE_URL is not set (SQLite is for demo only)")
        if service in ("reports", "worker") and not (self.queue_url or "").startswith("redis"):
            problems.append("OPORA_QUEUE_URL is not set (the SQLite queue serves one host only)")
        if problems:
            raise ProductionConfigError("production mode refuses to start: " + "; ".join(problems))


@lru_cache
def get_settings() -> Settings:
    return Settings()
