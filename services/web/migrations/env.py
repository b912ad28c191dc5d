from portal_kit.migrations import run_migrations
from web.store import metadata

run_migrations(metadata, "web")
