"""The reports service's settings: its database, the synchronous window of a render and the LibreOffice
(unoserver) that makes PDFs, beside what every process reads (`CommonSettings`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from services.shared.settings import CommonSettings, queue_problems


class ReportsSettings(CommonSettings):
    process: ClassVar[str] = "reports"

    reports_database_url: str | None = None
    # A render that takes longer than this answers 202 and goes on as a background job.
    reports_sync_seconds: float = 10.0
    # The PDF: the DOCX converted by LibreOffice running as a unoserver (XML-RPC) on this address.
    reports_office_host: str = "127.0.0.1"
    reports_office_port: int = 2003
    """The unoserver's XML-RPC port; LibreOffice itself listens on the next one."""
    reports_office_start: bool = True
    """Start a unoserver on first use when none answers on a local address (off when one runs apart)."""
    reports_office_timeout_seconds: float = 120.0
    reports_office_python: str = "/usr/bin/python3"
    """A Python with LibreOffice's `uno` module (Debian's python3-uno), to run the unoserver under."""

    def production_problems(self) -> list[str]:
        return super().production_problems() + queue_problems(self)


@lru_cache
def get_settings() -> ReportsSettings:
    return ReportsSettings()
