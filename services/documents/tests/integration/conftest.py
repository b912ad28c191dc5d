"""Documents under test: its own PostgreSQL database (migrated) and RabbitMQ vhost, a
temporary folder for its bytes and spool, trusting the kit's test tokens."""
import sys
from pathlib import Path

import pytest

from documents.entrypoints.service import DocumentsService
from portal_kit.testing import base_url, migrate, service_config

sys.path.insert(0, str(Path(__file__).parent))

from documents_world import World  # noqa: E402

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url(make_database):
    """Documents' database at the head of its migrations (a copy of the session's migrated
    template, so ``migrate`` has nothing left to do); SQLite variants migrate their own."""
    return make_database("db", SERVICE_DIR)


@pytest.fixture
def settings(tmp_path):
    """Extra config for the service under test (a test may change it before ``world``)."""
    return {"STORAGE": "folder", "STORAGE_DIR": str(tmp_path / "blobs"),
            "SPOOL_DIR": str(tmp_path / "spool"), "MAX_UPLOAD_BYTES": str(2 * 1024 * 1024)}


@pytest.fixture
def world(container_factory, database_url, vhost, tokens, settings, tmp_path):
    migrate(SERVICE_DIR, database_url)
    config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url, **settings)
    container = container_factory(DocumentsService, config)
    container.start()
    return World(container, base_url(config), tokens, tmp_path)
