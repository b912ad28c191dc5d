"""Pytest fixtures every service uses: a fresh PostgreSQL database and RabbitMQ vhost.

With a Docker engine the session starts PostgreSQL and RabbitMQ containers
(testcontainers); without one it uses the local servers named by
``PORTAL_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``),
``PORTAL_TEST_AMQP_URI`` and ``PORTAL_TEST_RABBIT_API`` (defaults: the local broker
and its management API). Each test gets its own database and vhost, dropped after.

``tokens`` signs access tokens a service under test trusts when it is given
``JWKS_URL=tokens.jwks_url`` (see ``portal_kit.testing_tokens``).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

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
    free_port,
    free_port_block,
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


@pytest.fixture
def make_database(postgres_admin_url: str) -> Iterator[Callable[[str], str]]:
    """Creates databases named after the test's purpose; drops them all afterwards."""
    created: list[str] = []

    def make(purpose: str = "db") -> str:
        created.append(create_database(postgres_admin_url, purpose))
        return created[-1]

    yield make
    for url in created:
        drop_database(postgres_admin_url, url)


@pytest.fixture
def database_url(make_database: Callable[[str], str]) -> str:
    return make_database("db")


@pytest.fixture
def vhost(rabbit: Rabbit) -> Iterator[Vhost]:
    created = create_vhost(rabbit)
    yield created
    delete_vhost(rabbit, created)

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
