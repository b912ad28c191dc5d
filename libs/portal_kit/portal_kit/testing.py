"""Pytest fixtures every service uses: a fresh PostgreSQL database and RabbitMQ vhost.

With a Docker engine the session starts PostgreSQL and RabbitMQ containers
(testcontainers); without one it uses the local servers named by
``PORTAL_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``),
``PORTAL_TEST_AMQP_URI`` and ``PORTAL_TEST_RABBIT_API`` (defaults: the local broker
and its management API). Each test gets its own database and vhost, dropped after
(in the background, while the next tests run; the session waits for the last drops).
``make_database(purpose, service_dir)`` makes a database at the head of the service's
migrations, a copy of a template migrated once per session; a service's conftest makes
that its ``database_url``, and ``migrate`` then has nothing left to do (SQLite is migrated).

``tokens`` signs access tokens a service under test trusts when it is given
``JWKS_URL=tokens.jwks_url`` (see ``portal_kit.testing_tokens``).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import eventlet
import pytest

from portal_kit.testing_infra import (  # noqa: F401
    Rabbit,
    Vhost,
    base_url,
    create_database,
    create_vhost,
    delete_vhost,
    docker_available,
    drop_database,
    drop_templates,
    free_port,
    free_port_block,
    migrate,
    publish_event,
    query_service,
    rabbit_api,
    service_config,
    wait_for,
)
from portal_kit.testing_tokens import TokenFactory


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    if os.environ.get("PORTAL_TEST_POSTGRES_URL") or not docker_available():
        yield os.environ.get("PORTAL_TEST_POSTGRES_URL",
                             "postgresql://postgres@127.0.0.1:5432/postgres")
        return
    from testcontainers.community.postgres import PostgresContainer
    with PostgresContainer("postgres:16-alpine", driver=None) as container:
        yield container.get_connection_url()


@pytest.fixture(scope="session")
def rabbit() -> Iterator[Rabbit]:
    if os.environ.get("PORTAL_TEST_AMQP_URI") or not docker_available():
        yield Rabbit(os.environ.get("PORTAL_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"),
                     os.environ.get("PORTAL_TEST_RABBIT_API", "http://guest:guest@127.0.0.1:15672"))
        return
    from testcontainers.community.rabbitmq import RabbitMqContainer
    with RabbitMqContainer("rabbitmq:3.13-management").with_exposed_ports(15672) as container:
        host = container.get_container_host_ip()
        started = Rabbit(f"amqp://guest:guest@{host}:{container.get_exposed_port(5672)}/",
                         f"http://guest:guest@{host}:{container.get_exposed_port(15672)}")
        wait_for(lambda: _management_answers(started), timeout=60, interval=0.5)
        yield started


def _management_answers(rabbit: Rabbit) -> bool:
    try:
        return rabbit_api(rabbit.api_uri, "GET", "/api/overview").status_code == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def tokens() -> Iterator[TokenFactory]:
    """Signs tokens with one key per session; its JWKS is served at ``tokens.jwks_url``."""
    with TokenFactory().serving() as factory:
        yield factory


class Background:
    """Clean-ups that need not hold up the next test: a few at a time in green threads
    (psycopg2 and requests yield under eventlet), all awaited by ``finish``, which raises
    the first that failed."""

    def __init__(self, size: int = 4) -> None:
        self.pool = eventlet.GreenPool(size)
        self.running: list[Any] = []
        self.failures: list[BaseException] = []

    def spawn(self, function: Callable[..., None], *args: Any) -> None:
        done = [thread for thread in self.running if thread.dead]
        self.running = [thread for thread in self.running if not thread.dead]
        self._collect(done)
        self.running.append(self.pool.spawn(function, *args))

    def finish(self) -> None:
        running, self.running = self.running, []
        self._collect(running)
        if self.failures:
            raise self.failures[0]

    def _collect(self, threads: list[Any]) -> None:
        for thread in threads:
            try:
                thread.wait()
            except Exception as failure:
                self.failures.append(failure)


@pytest.fixture(scope="session")
def database_cleanup(postgres_admin_url: str) -> Iterator[Background]:
    """Drops the tests' databases in the background, then the session's templates."""
    background = Background()
    yield background
    try:
        background.finish()
    finally:
        drop_templates()


@pytest.fixture(scope="session")
def vhost_cleanup(rabbit: Rabbit) -> Iterator[Background]:
    """Deletes the tests' vhosts in the background."""
    background = Background()
    yield background
    background.finish()


@pytest.fixture
def make_database(postgres_admin_url: str,
                  database_cleanup: Background) -> Iterator[Callable[..., str]]:
    """``make_database(purpose, service_dir=None)`` creates a database named after the
    test's purpose, empty or migrated as ``service_dir``'s; drops them all afterwards."""
    created: list[str] = []

    def make(purpose: str = "db", service_dir: Path | str | None = None) -> str:
        created.append(create_database(postgres_admin_url, purpose, service_dir))
        return created[-1]

    yield make
    for url in created:
        database_cleanup.spawn(drop_database, postgres_admin_url, url)


@pytest.fixture
def database_url(make_database: Callable[..., str]) -> str:
    """An empty database (a service's conftest may return a migrated one instead)."""
    return make_database("db")


@pytest.fixture
def vhost(rabbit: Rabbit, vhost_cleanup: Background) -> Iterator[Vhost]:
    created = create_vhost(rabbit)
    yield created
    # In the background it may meet a later test's broker outage: it outlasts one.
    vhost_cleanup.spawn(delete_vhost, rabbit, created, 120)

@pytest.fixture(autouse=True)
def fast_teardown(request: pytest.FixtureRequest) -> None:
    """Replaces nameko's: databases and vhosts first, containers after them.

    Fixtures tear down in reverse, so containers stop before their database
    and vhost are dropped.
    """
    for name in ("postgres_admin_url", "rabbit", "make_database", "database_url", "vhost",
                 "container_factory", "runner_factory"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
