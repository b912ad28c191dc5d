"""Fixtures of notifications' integration tests: the service on real PostgreSQL and
RabbitMQ, a real SMTP server (``deploy/mailcatcher.py`` in a subprocess, outside
the eventlet-patched test process); operator tokens come from the kit's ``tokens``."""
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from kombu import Connection, Exchange, Producer
from sqlalchemy import text

from notifications.entrypoints.service import NotificationsService
from portal_kit import events as ce
from portal_kit.migrations import upgrade
from portal_kit.runtime import Runtime
from portal_kit.testing import base_url, free_port, service_config, wait_for

SERVICE_DIR = Path(__file__).resolve().parents[2]
MAILCATCHER = SERVICE_DIR.parents[1] / "deploy" / "mailcatcher.py"


class MailCatcher:
    """``deploy/mailcatcher.py`` run as a process: SMTP on ``smtp_port``, JSON API beside."""

    def __init__(self, smtp_port: int) -> None:
        self.smtp_port, self.http_port = smtp_port, free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "MailCatcher":
        self.process = subprocess.Popen(
            [sys.executable, str(MAILCATCHER), "--host", "127.0.0.1", "--smtp-port",
             str(self.smtp_port), "--http-port", str(self.http_port)], stdout=subprocess.DEVNULL)
        wait_for(self._healthy, timeout=20)
        return self

    def _healthy(self) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{self.http_port}/health", timeout=1).ok
        except requests.RequestException:
            return False

    def messages(self) -> list[dict]:
        return requests.get(f"http://127.0.0.1:{self.http_port}/messages", timeout=5).json()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def catchers():
    started: list[MailCatcher] = []

    def start(smtp_port: int | None = None) -> MailCatcher:
        started.append(MailCatcher(smtp_port or free_port()).start())
        return started[-1]

    yield start
    for catcher in started:
        catcher.stop()


class Notifications:
    """The running service, seen from outside: publish to it, read its log."""

    def __init__(self, container, config) -> None:
        self.container, self.config = container, config
        self.url = base_url(config)

    def publish(self, event: dict) -> None:
        exchange = Exchange("identity.events", "topic", durable=True)
        with Connection(self.config["AMQP_URI"]) as conn:
            Producer(conn.default_channel).publish(
                ce.encode(event).encode(), exchange=exchange, routing_key=event["type"],
                content_type=ce.CONTENT_TYPE, content_encoding="utf-8", declare=[exchange])

    def deliveries(self) -> list[dict]:
        runtime = next(d for d in self.container.extensions if isinstance(d, Runtime))
        with runtime.app.engine.connect() as conn:
            rows = conn.execute(text("select * from deliveries order by created_at"))
            return [dict(row._mapping) for row in rows]


@pytest.fixture
def start_notifications(container_factory, database_url, vhost, tokens):
    upgrade(SERVICE_DIR, database_url)

    def start(smtp_port: int, **extra) -> Notifications:
        config = service_config(database_url, vhost, SMTP_PORT=smtp_port,
                                JWKS_URL=tokens.jwks_url,
                                MAIL_SWEEP_SECONDS=0.2, MAIL_RETRY_SECONDS=0.2, **extra)
        container = container_factory(NotificationsService, config)
        container.start()
        return Notifications(container, config)

    return start


@pytest.fixture
def agreement_event():
    return make_agreement_event


def make_agreement_event(kind: str, organisation_name: str = "Bergen kommune", **data) -> dict:
    """A CloudEvent as identity publishes it: ``kind`` is ``signed`` or ``terminated``."""
    organisation_id = str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    body = {"organisation_id": organisation_id, "organisation_name": organisation_name,
            "kind": "municipality", "contact_email": "post@bergen.kommune.no",
            "agreement_version": 1, "recorded_by": "operator", "country": "NO",
            "text_version": 1}
    if kind == "signed":
        body.update(signatory_name="Ordfører Hansen", signed_at=now, signatory_person_id=None,
                    signature_method="paper")
    else:
        body.update(terminated_by_party="organisation", reason="Merged with Askøy.",
                    terminated_at=now)
    return ce.envelope(
        source="/portal/identity", type=f"portal.identity.dpa.{kind}.v2",
        subject=f"organisations/{organisation_id}", data=dict(body, **data),
        time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
        dataschema=f"http://localhost:8000/api/identity/schemas/portal.identity.dpa.{kind}.v2.json")
