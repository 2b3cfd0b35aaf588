from services.reports import models  # noqa: F401  (registers every table)
from services.reports.db import registry
from services.reports.settings import get_settings
from services.shared.migrations import run_migrations

run_migrations("reports", registry.metadata, get_settings)
