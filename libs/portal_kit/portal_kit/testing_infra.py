"""Plain helpers for tests and benchmarks: vhosts, databases, ports, polling, peeking.

No fixtures here (those are in ``portal_kit.testing``), so scripts can use them too.
"""
from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
import requests


@dataclass(frozen=True)
class Rabbit:
    amqp_uri: str
    api_uri: str


@dataclass(frozen=True)
class Vhost:
    name: str
    amqp_uri: str
    api_uri: str

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return rabbit_api(self.api_uri, method, path, **kwargs)

    def limit_connections(self, limit: int | None) -> None:
        """Refuse connections beyond ``limit`` (0: every new one) on this vhost only;
        ``None`` lifts the limit. An outage of the broker for this vhost, safe for others."""
        path = f"/api/vhost-limits/{quote(self.name, safe='')}/max-connections"
        if limit is None:
            self.api("DELETE", path).raise_for_status()
        else:
            self.api("PUT", path, json={"value": limit}).raise_for_status()

    def connections(self) -> list[dict[str, Any]]:
        """The client connections the broker lists on this vhost, as its management API
        describes them (``name``, ``timeout`` = heartbeat, ``client_properties``); it
        lists a new one after its statistics interval, a few seconds."""
        found = self.api("GET", f"/api/vhosts/{quote(self.name, safe='')}/connections")
        found.raise_for_status()
        return list(found.json())

    def close_connection(self, name: str) -> None:
        """Force-close one client connection, as the broker closes an idle one."""
        self.api("DELETE", f"/api/connections/{quote(name, safe='')}").raise_for_status()




def docker_available() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def create_vhost(rabbit: Rabbit) -> Vhost:
    """A fresh vhost the broker user may use fully. ``PORTAL_TEST_QUEUE_TYPE=quorum``
    makes quorum its default queue type, as production's vhost (``make quorum``)."""
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    user = urlsplit(rabbit.amqp_uri).username or "guest"
    queue_type = os.environ.get("PORTAL_TEST_QUEUE_TYPE")
    # RabbitMQ 3.10's management API reads ``defaultqueuetype`` (and ignores the other
    # spelling, leaving the vhost classic); newer ones read ``default_queue_type``.
    settings = {"defaultqueuetype": queue_type, "default_queue_type": queue_type} \
        if queue_type else None
    rabbit_api(rabbit.api_uri, "PUT", f"/api/vhosts/{name}", json=settings).raise_for_status()
    if queue_type:
        made = rabbit_api(rabbit.api_uri, "GET", f"/api/vhosts/{name}").json()
        if made.get("default_queue_type") != queue_type:
            raise RuntimeError(f"the broker did not make {queue_type} the default queue type "
                               f"of vhost {name}: {made.get('default_queue_type')}")
    rabbit_api(rabbit.api_uri, "PUT", f"/api/permissions/{name}/{user}",
                json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    parts = urlsplit(rabbit.amqp_uri)
    return Vhost(name, urlunsplit(parts._replace(path="/" + quote(name, safe=""))),
                 rabbit.api_uri)


def delete_vhost(rabbit: Rabbit, vhost: Vhost, attempts: int = 10) -> None:
    """Delete the vhost, trying once a second while the broker is away (``attempts``)."""
    _delete_vhost(rabbit.api_uri, vhost.name, attempts)


def _delete_vhost(api_uri: str, name: str, attempts: int = 10) -> None:
    for _ in range(attempts):
        try:
            if rabbit_api(api_uri, "DELETE", f"/api/vhosts/{name}").status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(1)


def rabbit_api(api_uri: str, method: str, path: str, **kwargs: Any) -> requests.Response:
    parts = urlsplit(api_uri)
    host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    base = urlunsplit(parts._replace(netloc=host))
    return requests.request(method, base.rstrip("/") + path, timeout=30,
                            auth=(parts.username or "guest", parts.password or "guest"), **kwargs)


def _admin_sql(admin_url: str, statement: str) -> None:
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _with_database(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg2", path=f"/{name}"))


# The templates this process migrated, once per service ((admin URL, service folder) ->
# name), and the databases copied from them (name -> service folder).
_TEMPLATES: dict[tuple[str, str], str] = {}
_COPIES: dict[str, str] = {}


def create_database(admin_url: str, purpose: str = "db",
                    service_dir: Path | str | None = None) -> str:
    """A new PostgreSQL database; returns its SQLAlchemy URL. Empty, or with
    ``service_dir`` at the head of that service's migrations: a copy (``CREATE DATABASE
    ... TEMPLATE``) of a template this process migrated once, the same schema and rows
    as running the migrations on it, in a fraction of the time."""
    name = f"t_{purpose}_{uuid.uuid4().hex[:10]}"
    if service_dir is None:
        _admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    else:
        folder = str(Path(service_dir).resolve())
        _admin_sql(admin_url, f'CREATE DATABASE "{name}" TEMPLATE '
                              f'"{_template(admin_url, folder)}"')
        _COPIES[name] = folder
        # A first connection to a new copy builds its catalogue caches, slowly on a loaded
        # machine; done here, as the migrations did, not in the test's first request (the
        # web's one-second tokens expired during such a login).
        _admin_sql(urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}")), "SELECT 1")
    return _with_database(admin_url, name)


def drop_database(admin_url: str, database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    _COPIES.pop(name, None)
    _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(service_dir: Path | str, database_url: str) -> None:
    """Bring a test's database to the head of a service's migrations: nothing to do for
    a copy of the service's template (``create_database(..., service_dir)``); any other
    (SQLite, an empty PostgreSQL database) has the migrations run on it."""
    name = urlsplit(database_url).path.lstrip("/")
    if not (database_url.startswith("postgresql")
            and _COPIES.get(name) == str(Path(service_dir).resolve())):
        from portal_kit.migrations import upgrade
        upgrade(service_dir, database_url)


def _template(admin_url: str, service_dir: str) -> str:
    """The service's migrated template; with ``PORTAL_TEST_RESTORED_TEMPLATES`` set, the
    migrations run on a scratch database whose dump is restored into the template, as
    docs/operations.md restores one, so every test of the run meets a restored database
    (tests/contract/test_backup_restore.py runs each service's contract tests so)."""
    key = (admin_url, service_dir)
    if key not in _TEMPLATES:
        from portal_kit.migrations import upgrade
        name = f"t_template_{uuid.uuid4().hex[:10]}"
        restored = bool(os.environ.get("PORTAL_TEST_RESTORED_TEMPLATES"))
        migrated = f"{name}_dumped" if restored else name
        try:
            _admin_sql(admin_url, f'CREATE DATABASE "{migrated}"')
            upgrade(service_dir, _with_database(admin_url, migrated))  # leaves no connection
            if restored:
                _admin_sql(admin_url, f'CREATE DATABASE "{name}"')
                dump_and_restore(_libpq(admin_url, migrated), _libpq(admin_url, name))
        except Exception:
            _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
        finally:
            if restored:
                _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{migrated}" WITH (FORCE)')
        _TEMPLATES[key] = name
    return _TEMPLATES[key]


def _libpq(admin_url: str, name: str) -> str:
    return urlunsplit(urlsplit(admin_url)._replace(scheme="postgresql", path=f"/{name}"))


def dump_and_restore(source_url: str, target_url: str) -> None:
    """What docs/operations.md prescribes: a custom-format dump of one database, restored
    into another (empty) without owners or privileges; libpq URLs."""
    with tempfile.TemporaryDirectory() as folder:
        dump = str(Path(folder) / "service.dump")
        subprocess.run(["pg_dump", "--format=custom", "--file", dump, source_url],
                       check=True, capture_output=True, timeout=120)
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                        "--dbname", target_url, dump], check=True, capture_output=True,
                       timeout=120)


def drop_templates() -> None:
    """Drop the templates ``migrate`` made (at the end of a test session)."""
    while _TEMPLATES:
        (admin_url, _), name = _TEMPLATES.popitem()
        _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_config(database_url: str, vhost: Vhost, **extra: Any) -> dict[str, Any]:
    """A nameko config for a service under test: its own database, vhost and port.

    ``extra`` adds or overrides keys, e.g. ``JWKS_URL=tokens.jwks_url`` to trust ``tokens``.
    The development clock reads an offset file of its own that does not exist (real
    time), never a ``.data/clock-offset`` left by ``deploy/clock.py``.
    """
    port = free_port()
    clock_file = Path(tempfile.gettempdir()) / f"portal-test-clock-{uuid.uuid4().hex}"
    return dict({
        "AMQP_URI": vhost.amqp_uri, "DATABASE_URL": database_url,
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}", "PORTAL_ENV": "development",
        "PORTAL_CLOCK_FILE": str(clock_file),
        "EVENT_RETRY_DELAYS": [0.1, 0.2], "OUTBOX_SWEEP_SECONDS": 0.5,
        "PUBLIC_BASE_URL": "http://localhost:8000",
    }, **extra)


def base_url(config: dict[str, Any]) -> str:
    return f"http://{config['WEB_SERVER_ADDRESS']}"


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll until ``predicate`` returns something truthy; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def free_port_block(size: int) -> int:
    """The first of ``size`` consecutive free ports (services sit right after the origin).

    The block lies below Linux's ephemeral range (32768-60999), where the outgoing
    connections of every process on the machine take their local ports: a block in it
    can be free when checked and taken by a connection before the portal binds it.
    """
    for _ in range(200):
        base = 12000 + uuid.uuid4().int % (32768 - 12000 - size)
        try:
            sockets = [socket.create_server(("127.0.0.1", base + i)) for i in range(size)]
        except OSError:
            continue
        for sock in sockets:
            sock.close()
        return base
    raise RuntimeError("no block of free ports")


def publish_event(amqp_uri: str, exchange: str, event: dict[str, Any]) -> None:
    """Publish a CloudEvent as a producer's relay would (structured mode, topic exchange)."""
    from kombu import Connection, Producer

    from portal_kit import events as ce
    from portal_kit.amqp import topic_exchange
    topic = topic_exchange(exchange)
    with Connection(amqp_uri) as connection:
        Producer(connection.default_channel).publish(
            ce.encode(event).encode(), exchange=topic, routing_key=event["type"],
            content_type=ce.CONTENT_TYPE, content_encoding="utf-8", declare=[topic])


def query_service(container: Any, sql: str, **params: Any) -> list[Any]:
    """Read a running service's own database (for assertions only)."""
    from sqlalchemy import text

    from portal_kit.runtime import Runtime
    runtime = next(d for d in container.extensions if isinstance(d, Runtime))
    with runtime.app.engine.connect() as connection:
        return list(connection.execute(text(sql), params).all())
