from services.gateway import models  # noqa: F401  (registers every table)
from services.gateway.db import registry
from services.gateway.settings import get_settings
from services.shared.migrations import run_migrations

run_migrations("gateway", registry.metadata, get_settings)
