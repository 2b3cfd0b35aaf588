from services.roadmap import models  # noqa: F401  (registers every table)
from services.roadmap.db import registry
from services.roadmap.settings import get_settings
from services.shared.migrations import run_migrations

run_migrations("roadmap", registry.metadata, get_settings)
