"""The identification service's settings: its database and the size of the demo region it loads, beside
what every process reads (`CommonSettings`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from services.shared.settings import CommonSettings


class IdentificationSettings(CommonSettings):
    process: ClassVar[str] = "identification"

    identification_database_url: str | None = None
    demo_seed: int = 2024
    demo_schools: int = 200


@lru_cache
def get_settings() -> IdentificationSettings:
    return IdentificationSettings()
