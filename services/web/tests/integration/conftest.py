"""A test app on its own PostgreSQL database, and a fake identity on a real port."""
from pathlib import Path

import pytest

from fake_identity import FakeIdentity, Served
from portal_kit.migrations import upgrade
from web.app import create_app
from web_testing import PUBLIC, Browser, settings_for

WEB = Path(__file__).resolve().parents[2]


@pytest.fixture
def identity():
    fake = FakeIdentity(f"{PUBLIC}/api/identity", f"{PUBLIC}/auth/callback")
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def web_database(database_url):
    upgrade(WEB, database_url)
    return database_url


@pytest.fixture
def app(web_database, identity):
    return create_app(settings_for(web_database, identity.url))


@pytest.fixture
def browser(app):
    return Browser(app)
