import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from invitation_world import World  # noqa: E402


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
