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

    # Where the processes are. The gateway forwards to the three services; services call each other.
    gateway_url: str = f"http://127.0.0.1:{topology.GATEWAY.port}"
    identification_url: str = f"http://127.0.0.1:{topology.IDENTIFICATION.port}"
    roadmap_url: str = f"http://127.0.0.1:{topology.ROADMAP.port}"
    reports_url: str = f"http://127.0.0.1:{topology.REPORTS.port}"

    # One database per service; SQLite files under data_dir unless a URL is given.
    gateway_database_url: str | None = None
    identification_database_url: str | None = None
    roadmap_database_url: str | None = None
    reports_database_url: str | None = None

    # Tokens. The gateway signs with an ES256 key; every service verifies with the published JWKS.
    jwt_issuer: str = "opora"
    jwt_audience: str = "opora"
    jwt_private_key_file: Path | None = None
    """PEM of the signing key. Unset: a key is generated into `<data_dir>/keys/` on first start."""
    jwks_url: str | None = None
    """Where services read the public keys; default `<gateway_url>/api/auth/jwks.json`."""
    jwks_json: str | None = None
    """A JWKS document given inline instead of fetched (air-gapped installations, tests)."""
    jwks_cache_seconds: int = 300
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
    notify_interval_seconds: int = 0
    """How often the roadmap service runs the notification job; 0 disables it (run it with the CLI)."""
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "opora@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    # Reports: a render that takes longer than this answers 202 and goes on as a background job.
    reports_sync_seconds: float = 10.0
    reports_workers: int = 2

    def database_url(self, service: str) -> str:
        url: str | None = getattr(self, f"{service}_database_url")
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

    def check_production(self, service: str) -> None:
        """Refuse to start in production with demo secrets, generated keys or embedded databases."""
        if not self.is_production:
            return
        problems: list[str] = []
        if service == "gateway" and self.jwt_private_key_file is None:
            problems.append("OPORA_JWT_PRIVATE_KEY_FILE is not set (a generated key is for demo only)")
        if service == "gateway" and self.demo_password == DEMO_PASSWORD:
            problems.append("OPORA_DEMO_PASSWORD keeps the demo value")
        url = self.database_url(service)
        if url.startswith("sqlite"):
            problems.append(f"OPORA_{service.upper()}_DATABASE_URL is not set (SQLite is for demo only)")
        if problems:
            raise ProductionConfigError("production mode refuses to start: " + "; ".join(problems))


@lru_cache
def get_settings() -> Settings:
    return Settings()
