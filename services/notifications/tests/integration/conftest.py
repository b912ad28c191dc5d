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
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import text

from notifications.entrypoints.service import NotificationsService
from portal_kit import events as ce
from portal_kit.runtime import Runtime
from portal_kit.testing import base_url, free_port, migrate, service_config, wait_for

SERVICE_DIR = Path(__file__).resolve().parents[2]
MAILCATCHER = SERVICE_DIR.parents[1] / "deploy" / "mailcatcher.py"
SMS_GATEWAY = SERVICE_DIR.parents[1] / "deploy" / "smsgateway.py"


@pytest.fixture
def database_url(make_database):
    """Notifications' database at the head of its migrations (a copy of the session's migrated
    template, so ``migrate`` has nothing left to do); SQLite variants migrate their own."""
    return make_database("db", SERVICE_DIR)


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

    def clear(self) -> None:
        requests.delete(f"http://127.0.0.1:{self.http_port}/messages", timeout=5)

    def behave(self, refuse: str | None = None, hold: bool = False) -> None:
        """Answer the next mails with ``refuse`` (an SMTP 4xx/5xx reply), or hold them."""
        requests.put(f"http://127.0.0.1:{self.http_port}/behaviour", timeout=5,
                     json={"refuse": refuse, "hold": hold}).raise_for_status()

    def held(self) -> int:
        """How many mails wait for their reply now (while told to hold)."""
        return requests.get(f"http://127.0.0.1:{self.http_port}/behaviour", timeout=5).json()[
            "held"]

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


class SmsGateway:
    """``deploy/smsgateway.py`` run as a process: its JSON API and its test behaviour."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, str(SMS_GATEWAY), "--port",
                                         str(self.port)], stdout=subprocess.DEVNULL)
        wait_for(self._healthy, timeout=20)

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health", timeout=1).ok
        except requests.RequestException:
            return False

    def messages(self) -> list[dict]:
        return requests.get(f"{self.url}/messages", timeout=5).json()

    def behave(self, status: int | None = None, delay: float = 0) -> None:
        requests.put(f"{self.url}/behaviour", json={"status": status, "delay": delay},
                     timeout=5).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def sms_gateways():
    started: list[SmsGateway] = []

    def start() -> SmsGateway:
        started.append(SmsGateway())
        return started[-1]

    yield start
    for gateway in started:
        gateway.stop()


class Notifications:
    """The running service, seen from outside: publish to it, read its log."""

    def __init__(self, container, config) -> None:
        self.container, self.config = container, config
        self.url = base_url(config)

    def command(self, command: dict) -> None:
        """Send a command as invitations does: to its private exchange invitations.commands."""
        self.publish(command, exchange="invitations.commands")

    def publish(self, event: dict, exchange: str = "identity.events") -> None:
        exchange = Exchange(exchange, "topic", durable=True)
        with Connection(self.config["AMQP_URI"]) as conn:
            Producer(conn.default_channel).publish(
                ce.encode(event).encode(), exchange=exchange, routing_key=event["type"],
                content_type=ce.CONTENT_TYPE, content_encoding="utf-8", declare=[exchange])

    def deliveries(self) -> list[dict]:
        return self.rows("select * from deliveries order by created_at")

    def contact(self, person_id: str) -> dict | None:
        found = self.rows("select * from contacts where person_id = :id", id=person_id)
        return found[0] if found else None

    def dead_letters(self) -> list:
        with Connection(self.config["AMQP_URI"]) as conn:
            queue = Queue("notifications.dead-letter", durable=True,
                          channel=conn.default_channel)
            queue.declare()
            message = queue.get(no_ack=True)
            return [message] if message else []

    def rows(self, query: str, **parameters) -> list[dict]:
        runtime = next(d for d in self.container.extensions if isinstance(d, Runtime))
        with runtime.app.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(text(query), parameters)]


@pytest.fixture
def start_notifications(container_factory, database_url, vhost, tokens):
    migrate(SERVICE_DIR, database_url)

    def start(smtp_port: int, sms_url: str = "http://127.0.0.1:9/messages",
              **extra) -> Notifications:
        config = service_config(database_url, vhost, SMTP_PORT=smtp_port,
                                SMS_GATEWAY_URL=sms_url, SMS_TIMEOUT_SECONDS=1,
                                JWKS_URL=tokens.jwks_url,
                                MAIL_SWEEP_SECONDS=0.2, MAIL_RETRY_SECONDS=0.2, **extra)
        container = container_factory(NotificationsService, config)
        container.start()
        return Notifications(container, config)

    return start


@pytest.fixture
def agreement_event():
    return make_agreement_event


@pytest.fixture
def person_event():
    return make_person_event


def identity_event(kind: str, subject: str, data: dict) -> dict:
    """A CloudEvent as identity publishes it, ``kind`` e.g. ``dpa.signed.v2``."""
    return ce.envelope(
        source="/portal/identity", type=f"portal.identity.{kind}", subject=subject, data=data,
        time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
        dataschema=f"http://localhost:8000/api/identity/schemas/portal.identity.{kind}.json")


def make_agreement_event(kind: str, organisation_name: str = "Bergen kommune", *,
                         organisation_id: str | None = None, **data) -> dict:
    """identity's ``dpa.signed.v2`` or ``dpa.terminated.v2``: ``kind`` is signed|terminated."""
    organisation_id = organisation_id or str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    body = {"organisation_id": organisation_id, "organisation_name": organisation_name,
            "kind": "municipality", "contact_email": "post@bergen.kommune.no",
            "agreement_version": 1, "recorded_by": "operator", "country": "NO",
            "text_version": 1}
    if kind == "signed":
        body.update(signatory_name="Nora Eriksen", signed_at=now, signatory_person_id=None,
                    signature_method="paper")
    else:
        body.update(terminated_by_party="organisation", reason="Merged with Askøy.",
                    terminated_at=now)
    return identity_event(f"dpa.{kind}.v2", f"organisations/{organisation_id}",
                          dict(body, **data))


def make_person_event(kind: str, person_id: str, **data) -> dict:
    """identity's ``person.registered.v1`` or ``person.contact_changed.v1``."""
    now = datetime.now(UTC).isoformat()
    if kind == "registered":
        body = {"person_id": person_id, "given_name": "Nora", "family_name": "Eriksen",
                "email": "nora.eriksen@bergen.kommune.no", "mobile": "+4791234567",
                "language": "nb", "country": "NO", "hpr_number": None,
                "authorisation_id": None, "registered_at": now}
    else:
        body = {"person_id": person_id, "email": "nora@example.no", "mobile": None,
                "language": "nb", "time_zone": "Europe/Oslo", "changed_at": now}
    return identity_event(f"person.{kind}.v1", f"people/{person_id}", dict(body, **data))


@pytest.fixture
def invitation_command():
    return make_invitation_command


def make_invitation_command(kind: str = "invitation", **data) -> dict:
    """A command as invitations sends it: ``invitation``, ``invitation_reminder`` or
    ``vejleder_access``."""
    recipient = {"person_id": None, "name": None, "email": "ola.hansen@bergen.kommune.no",
                 "mobile": "+4791234567", "language": None}
    if kind == "vejleder_access":
        body = {"appointment_id": str(uuid.uuid4()), "recipient": dict(
                    recipient, email="anne.larsen@example.dk", mobile="+4520123456"),
                "tutor_id": "p-tutor", "tutor_name": "Søren Nielsen",
                "practice_name": "Lægehuset Nørrebro", "organisation_id": "region-h",
                "organisation_name": "Region Hovedstaden", "country": "DK",
                "valid_from": "2026-03-01", "valid_to": "2026-08-31",
                "trainee_names": ["Mette Jensen"], "link": "http://localhost:8000/"}
    else:
        body = {"invitation_id": str(uuid.uuid4()), "recipient": recipient,
                "trainee_id": "p-kari", "trainee_name": "Kari Nordmann", "role": "leader",
                "organisation_id": "bergen", "organisation_name": "Bergen kommune",
                "country": "NO", "link": f"http://localhost:8000/invitations/{uuid.uuid4().hex}",
                "expires_at": "2026-03-16T12:00:00+00:00"}
    type_ = {"invitation": "invitation", "invitation_reminder": "invitation_reminder",
             "vejleder_access": "vejleder_access"}[kind]
    return ce.envelope(
        source="/portal/invitations", type=f"portal.notifications.{type_}.send.v1",
        subject=f"invitations/{uuid.uuid4()}", data=dict(body, **data), time=datetime.now(UTC),
        correlation_id=str(uuid.uuid4()),
        dataschema=f"http://localhost:8000/api/notifications/schemas/"
                   f"portal.notifications.{type_}.send.v1.json")
