"""A test app on its own PostgreSQL database, and a fake identity on a real port."""
from pathlib import Path

import pytest

from fake_identity import FakeIdentity, Served
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
def web_database(make_database):
    """The front end's database at the head of its migrations (a copy of the session's
    migrated template; test_migrations runs them on an empty ``database_url``)."""
    return make_database("db", WEB)


@pytest.fixture
def app(web_database, identity):
    return create_app(settings_for(web_database, identity.url))


@pytest.fixture
def browser(app):
    return Browser(app)
