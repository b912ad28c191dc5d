import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from programme_world import SERVICE_DIR, World  # noqa: E402


@pytest.fixture
def database_url(make_database):
    """Competencies' database at the head of its migrations (a copy of the session's migrated
    template, so ``migrate`` has nothing left to do); SQLite variants migrate their own."""
    return make_database("db", SERVICE_DIR)


@pytest.fixture(params=["postgresql", "sqlite"])
def any_database(request, tmp_path):
    """The service's database: PostgreSQL (production) and SQLite (make run)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'competencies.db'}"
    return request.getfixturevalue("database_url")


@pytest.fixture
def world(container_factory, any_database, vhost, tokens):
    """Competencies running with the shipped curricula loaded, Bergen kommune (NO) and Region
    Hovedstaden (DK) with a practice each, agreements in force, people and a tutor known."""
    built = World.start(container_factory, any_database, vhost, tokens)
    yield built
    built.close()


@pytest.fixture
def pg_world(container_factory, database_url, vhost, tokens):
    built = World.start(container_factory, database_url, vhost, tokens)
    yield built
    built.close()
