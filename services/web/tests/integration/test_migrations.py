"""The web front end's schema changes only through its Alembic migrations."""
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from portal_kit.migrations import downgrade, upgrade
from web.store import metadata

WEB = Path(__file__).resolve().parents[2]


def test_the_migrations_build_exactly_the_tables_the_store_maps(database_url):
    upgrade(WEB, database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_the_migrations_run_down_to_nothing_and_up_again(database_url):
    upgrade(WEB, database_url)
    downgrade(WEB, database_url)
    engine = create_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(WEB, database_url)
