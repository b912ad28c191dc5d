import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from portal_kit.testing import service_config

sys.path.insert(0, str(Path(__file__).parent))

from kit_ledger import Broker, LedgerService  # noqa: E402


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, tmp_path):
    """Every kit integration test runs on PostgreSQL and on SQLite (as ``make run`` uses it)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/ledger.db"
    return request.getfixturevalue("make_database")("db")


@pytest.fixture
def broker(vhost):
    return Broker(vhost.amqp_uri)


@pytest.fixture
def ledger_config(database_url, vhost):
    return service_config(database_url, vhost, EVENT_TRANSIENT_RETRY_SECONDS=0.2)


@pytest.fixture
def ledger(container_factory, ledger_config):
    container = container_factory(LedgerService, ledger_config)
    container.start()
    return container


@pytest.fixture
def db(database_url):
    engine = create_engine(database_url)

    def query(sql, **params):
        """Rows of a query, or how many rows a change touched (committed at once)."""
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return result.all() if result.returns_rows else result.rowcount

    yield query
    engine.dispose()
