from services.identification import models  # noqa: F401  (registers every table)
from services.identification.db import registry
from services.identification.settings import get_settings
from services.shared.migrations import run_migrations

run_migrations("identification", registry.metadata, get_settings)
