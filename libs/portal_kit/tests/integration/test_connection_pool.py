"""The pool pings a connection only after it waited: no round trip per checkout in steady use."""
import psycopg2
import pytest
from sqlalchemy import exc, text

from portal_kit.db import make_engine


@pytest.fixture
def database_url(make_database):
    return make_database("db")  # PostgreSQL: SQLite has no connections to lose


def backend_of(engine):
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def terminate(admin_url, pid):
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
    connection.close()


def test_a_connection_that_waited_is_pinged_and_a_dead_one_replaced(
        database_url, postgres_admin_url):
    engine = make_engine(database_url, ping_idle_seconds=0)
    dead = backend_of(engine)
    terminate(postgres_admin_url, dead)

    assert backend_of(engine) != dead  # no error: the ping found it dead
    engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged_so_its_death_shows_once(
        database_url, postgres_admin_url):
    engine = make_engine(database_url, ping_idle_seconds=3600)
    dead = backend_of(engine)
    terminate(postgres_admin_url, dead)

    with pytest.raises(exc.OperationalError):
        backend_of(engine)
    assert backend_of(engine) != dead  # the pool dropped it; the next one is fresh
    engine.dispose()
