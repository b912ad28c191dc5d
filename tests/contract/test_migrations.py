"""Schema changes only through Alembic: each service's migrations build exactly its model."""
import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from portal_kit.migrations import downgrade, upgrade

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, tmp_path):
    """PostgreSQL (production) and SQLite (``make run``, batch migrations) alike."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/service.db"
    return request.getfixturevalue("make_database")("db")


@pytest.mark.parametrize("service", SERVICES)
def test_the_migrations_build_exactly_the_tables_the_service_maps(service, database_url):
    upgrade(ROOT / "services" / service, database_url)
    metadata = importlib.import_module(f"{service}.adapters.orm").metadata
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_migrations_run_down_to_nothing_and_up_again(service, database_url):
    service_dir = ROOT / "services" / service
    upgrade(service_dir, database_url)
    downgrade(service_dir, database_url)
    engine = create_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(service_dir, database_url)

