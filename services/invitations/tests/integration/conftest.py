import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from invitation_world import SERVICE_DIR, World  # noqa: E402


@pytest.fixture
def database_url(make_database):
    """Invitations' database at the head of its migrations (a copy of the session's migrated
    template, so ``migrate`` has nothing left to do); SQLite variants migrate their own."""
    return make_database("db", SERVICE_DIR)


@pytest.fixture
def extra_config():
    return {}


@pytest.fixture
def world(container_factory, database_url, vhost, tokens, extra_config):
    """Invitations running on its own database and vhost, with Bergen (NO) and Region
    Hovedstaden (DK) known and their agreements in force, and spies on both exchanges."""
    built = World.start(container_factory, database_url, vhost, tokens, extra_config)
    yield built
    built.close()
