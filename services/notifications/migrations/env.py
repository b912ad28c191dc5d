from notifications.adapters.orm import metadata
from portal_kit.migrations import run_migrations

run_migrations(metadata, "notifications")
