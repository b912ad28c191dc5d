"""Alembic, the same way for every service: ``env.py`` calls ``run_migrations``.

The database URL comes from ``-x database_url=...``, else the
``<SERVICE>_DATABASE_URL`` environment variable, else the service's local
SQLite file under ``PORTAL_DATA_DIR`` (default ``.data``).

``python -m portal_kit.migrations wait services/<service> [--timeout 600]`` waits
until the service's database is at the head of its migrations (a pod's init
container, while the migration Job runs); it exits 1 when the time is up.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, pool

from portal_kit.db import database_url, make_engine


def default_database_url(service: str) -> str:
    """``<SERVICE>_DATABASE_URL``, else the SQLite file (its folder made only then: in
    Kubernetes the root file system is read-only)."""
    named = os.environ.get(f"{service.upper()}_DATABASE_URL")
    if named:
        return named
    data_dir = Path(os.environ.get("PORTAL_DATA_DIR", ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir}/{service}.db"


def run_migrations(metadata: MetaData, service: str) -> None:
    """Migrate the service's database (online), or print the SQL (``alembic --sql``)."""
    url = database_url(context.config.attributes.get("database_url")
                       or context.get_x_argument(as_dictionary=True).get("database_url")
                       or default_database_url(service))
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url) if url.startswith("sqlite") else create_engine(
        url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def upgrade(service_dir: Path | str, database_url: str, revision: str = "head") -> None:
    """Apply a service's migrations programmatically (tests)."""
    command.upgrade(_config(service_dir, database_url), revision)


def downgrade(service_dir: Path | str, database_url: str, revision: str = "base") -> None:
    command.downgrade(_config(service_dir, database_url), revision)


def _config(service_dir: Path | str, database_url: str) -> Config:
    config = Config(str(Path(service_dir) / "alembic.ini"))
    config.set_main_option("script_location", str(Path(service_dir) / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def at_head(service_dir: Path | str, url: str) -> bool:
    """Whether the database carries exactly the head revisions of the service's migrations."""
    heads = set(ScriptDirectory.from_config(_config(service_dir, url)).get_heads())
    engine = create_engine(database_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    return current == heads


def wait_for_head(service_dir: Path, timeout: float, interval: float = 2.0) -> bool:
    url = default_database_url(service_dir.name)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if at_head(service_dir, url):
                return True
        except Exception as exc:  # the database not reachable yet: wait as for a migration
            print(f"waiting for the database: {type(exc).__name__}", file=sys.stderr)
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal_kit.migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    waiting = commands.add_parser("wait", help="wait until the database is at head")
    waiting.add_argument("service_dir", type=Path, help="e.g. services/identity")
    waiting.add_argument("--timeout", type=float, default=600.0)
    arguments = parser.parse_args(argv)
    if wait_for_head(arguments.service_dir, arguments.timeout):
        return 0
    print(f"{arguments.service_dir.name}: the database is not at the head of its migrations "
          f"after {arguments.timeout:.0f}s (has its migration Job run?)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
