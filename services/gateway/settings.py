"""The gateway's settings: the signing keys and lifetimes of the tokens it issues, the login throttle, the
proxy to the services, the SPA and the demo accounts, beside what every process reads (`CommonSettings`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Self

from pydantic import Field, model_validator

from services.shared.settings import CommonSettings

DEMO_PASSWORD = "demo"
ARGON2_BLOCK_KIB = 8
"""Argon2 needs at least this much memory per lane (`parallelism`)."""


class GatewaySettings(CommonSettings):
    process: ClassVar[str] = "gateway"

    gateway_database_url: str | None = None

    jwt_private_key_file: Path | None = None
    """PEM of the one signing key (no rotation). Unset: the keys folder below."""
    jwt_keys_dir: Path | None = None
    """Folder of signing keys (every `*.pem` published, the newest signs); default `<data_dir>/keys/`,
    where a key is generated on first start outside production."""
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600

    # Login throttling. Every attempt is counted before its password is checked, atomically in SQL, per client
    # address and per account; a key over its limit is refused with 429 and Retry-After (never slowed down)
    # until `login_window_seconds` have passed since its first failure. The per-address limit is the lower one,
    # so a hostile address is stopped long before the owner of the account it guesses at is locked out.
    login_max_failures_per_address: int = 10
    login_max_failures_per_account: int = 100
    login_window_seconds: int = 900
    trusted_proxies: str = "127.0.0.1/8,::1"
    """Comma-separated addresses or networks whose `X-Forwarded-For` / `X-Real-IP` name the client."""

    # Argon2id cost of the password and client-secret hashes: pwdlib's recommended parameters, about a quarter
    # of a CPU-second per hash or check. Hashes made at another cost still verify (a hash names its parameters),
    # and a user's successful sign-in stores the password again at this cost.
    argon2_memory_kib: int = Field(default=65536, ge=ARGON2_BLOCK_KIB, le=2**32 - 1)
    argon2_time_cost: int = Field(default=3, ge=1, le=2**32 - 1)
    """Iterations over the memory."""
    argon2_parallelism: int = Field(default=4, ge=1, le=2**24 - 1)
    """Lanes (threads) of one hash: a part of the hash, so another value makes other hashes."""

    # Gateway proxy.
    proxy_connect_timeout_seconds: float = 3.0
    proxy_read_timeout_seconds: float = 120.0
    frontend_dist: Path = Path("frontend/dist")

    demo_password: str = DEMO_PASSWORD
    """Password of the demo accounts (demo mode; production refuses the demo value)."""

    @model_validator(mode="after")
    def _argon2_memory_fits_the_lanes(self) -> Self:
        """Argon2's own minimum, checked when the settings are read rather than at the first sign-in."""
        least = ARGON2_BLOCK_KIB * self.argon2_parallelism
        if self.argon2_memory_kib < least:
            raise ValueError(
                f"argon2_memory_kib (OPORA_ARGON2_MEMORY_KIB) must be at least {ARGON2_BLOCK_KIB} KiB per lane "
                f"of argon2_parallelism (OPORA_ARGON2_PARALLELISM={self.argon2_parallelism}): {least} or more"
            )
        return self

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if self.jwt_private_key_file is None and self.jwt_keys_dir is None:
            problems.append(
                "neither OPORA_JWT_KEYS_DIR nor OPORA_JWT_PRIVATE_KEY_FILE is set (a generated key is for demo only)"
            )
        if self.demo_password == DEMO_PASSWORD:
            problems.append("OPORA_DEMO_PASSWORD keeps the demo value")
        return problems


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
