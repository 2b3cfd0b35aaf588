"""The worker's settings: it runs the reports service's renders and the roadmap service's notification
schedule against their databases, so it reads both services' settings (and the queue's, in `CommonSettings`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from services.reports.settings import ReportsSettings
from services.roadmap.settings import RoadmapSettings


class WorkerSettings(RoadmapSettings, ReportsSettings):
    process: ClassVar[str] = "worker"


@lru_cache
def get_settings() -> WorkerSettings:
    return WorkerSettings()
