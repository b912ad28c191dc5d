"""Alembic, the same way for every service: ``env.py`` calls ``run_migrations``.

The database URL comes from ``-x database_url=...``, else the
``<SERVICE>_DATABASE_URL`` environment variable, else the service's local
SQLite file under ``PORTAL_DATA_DIR`` (default ``.data``).
"""
from __future__ import annotations

import os
from pathlib import Path

from alembic import command, context
from alembic.config import Config
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
