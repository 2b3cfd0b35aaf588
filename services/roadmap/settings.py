"""The roadmap service's settings: its database, the deadlines' due-soon window, the notification job and
its mail, beside what every process reads (`CommonSettings`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from services.shared.settings import CommonSettings


class RoadmapSettings(CommonSettings):
    process: ClassVar[str] = "roadmap"

    roadmap_database_url: str | None = None

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

    @property
    def effective_public_url(self) -> str:
        return (self.public_url or self.service_url("gateway")).rstrip("/")


@lru_cache
def get_settings() -> RoadmapSettings:
    return RoadmapSettings()
