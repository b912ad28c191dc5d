"""A tiny service built only from the kit, to test its mechanisms for real.

It publishes ``portal.ledger.note.added.v1`` through the outbox when a note is
added, and records ``portal.source.thing.happened.v1`` events it consumes. A
consumed event's data can ask the handler to fail (``always_fail``), to
fail a number of times first (``fail_times``), to hit a statement timeout
(``statement_timeout``, PostgreSQL) or to find the database away (``unavailable``).
"""
from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
from amqp.exceptions import InternalError
from kombu import Connection, Exchange, Producer, Queue
from marshmallow import Schema, fields
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, text
from werkzeug.wrappers import Request

from portal_kit import events as ce
from portal_kit.audit import AuditEntry
from portal_kit.audit_log import append_only_ddl, audit_table
from portal_kit.db import kit_tables
from portal_kit.errors import Unavailable
from portal_kit.events import EventSpec
from portal_kit.http import api, load_body
from portal_kit.inbox import idempotent
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime
from portal_kit.uow import UnitOfWork
from portal_kit.wiring import ServiceParts, wire

THING_HAPPENED = "portal.source.thing.happened.v1"
NOTE_ADDED = "portal.ledger.note.added.v1"

metadata = MetaData()
outbox, inbox = kit_tables(metadata)
audit = audit_table(metadata)
entries = Table("entries", metadata, Column("id", Integer, primary_key=True),
                Column("event_id", String(64)), Column("note", String(200)))
attempts: Counter[str] = Counter()


@dataclass(frozen=True)
class AddNote:
    note: str


@dataclass(frozen=True)
class NoteAdded:
    note: str


@dataclass
class Ledger:
    events: list[Any] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)


class NoteSchema(Schema):
    note = fields.String(required=True)


def add_note(command: AddNote, uow: UnitOfWork) -> dict[str, str]:
    with uow:
        uow.session.execute(insert(entries).values(note=command.note))
        uow.track(Ledger([NoteAdded(command.note)],
                         [AuditEntry("system", "note.added", "note", command.note)]))
        uow.commit()
    return {"note": command.note}


@idempotent("ledger.record_thing")
def record_thing(event: dict[str, Any], uow: UnitOfWork) -> None:
    attempts[event["id"]] += 1
    data = event["data"]
    if data.get("always_fail"):
        raise RuntimeError("this handler always fails")
    if data.get("unavailable"):
        raise Unavailable("the database is away")
    if data.get("statement_timeout"):
        uow.session.execute(text("SET LOCAL statement_timeout = 1"))
        uow.session.execute(text("SELECT pg_sleep(1)"))
    if attempts[event["id"]] <= data.get("fail_times", 0):
        raise RuntimeError(f"failure {attempts[event['id']]}")
    uow.session.execute(insert(entries).values(event_id=event["id"], note=data.get("note")))


SPECS = {NoteAdded: EventSpec(NOTE_ADDED, NoteSchema(), lambda e: f"notes/{e.note}")}
PARTS = ServiceParts("ledger", metadata, outbox, inbox, UnitOfWork, SPECS,
                     {AddNote: add_note}, {THING_HAPPENED: [record_thing]}, audit_table=audit)


def bootstrap(config: Any, on_commit: Any = lambda: None) -> Any:
    app = wire(PARTS, config, on_commit=on_commit)
    metadata.create_all(app.engine)
    _make_audit_append_only(app.engine)
    return app


TRIGGERS = {"sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'trigger' "
                      "AND tbl_name = 'audit_log'",
            "postgresql": "SELECT 1 FROM information_schema.triggers "
                          "WHERE event_object_table = 'audit_log'"}


def _make_audit_append_only(engine: Any) -> None:
    """What a service's migration does with ``append_only(op)``, once per database."""
    with engine.begin() as connection:
        if not connection.execute(text(TRIGGERS[engine.dialect.name])).first():
            for statement in append_only_ddl(engine.dialect.name):
                connection.execute(text(statement))


class LedgerService(platform_endpoints("ledger", SPECS)):  # type: ignore[misc]
    name = "ledger"
    runtime = Runtime(bootstrap)

    @event_handler("source", THING_HAPPENED)
    def on_thing(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @api("POST", "/api/ledger/v1/notes", request=NoteSchema(), status=201)
    def add(self, request: Request) -> dict[str, str]:
        return self.runtime.handle(AddNote(**load_body(request, NoteSchema())))


def note_event(note):
    """A ledger event as the outbox stores it."""
    return ce.envelope(source="/portal/ledger", type=NOTE_ADDED, subject=f"notes/{note}",
                       data={"note": note}, time=datetime.now(UTC),
                       correlation_id=str(uuid.uuid4()), dataschema="http://x/n.json")


def thing(**data):
    return ce.envelope(source="/portal/source", type=THING_HAPPENED, subject="things/1",
                       data=data, time=datetime.now(UTC),
                       correlation_id=str(uuid.uuid4()), dataschema="http://x/t.json")


class Broker:
    def __init__(self, amqp_uri):
        self.amqp_uri = amqp_uri

    def publish(self, body, exchange="source.events", routing_key=THING_HAPPENED,
                content_type=ce.CONTENT_TYPE, headers=None):
        raw = ce.encode(body).encode() if isinstance(body, dict) else body
        with Connection(self.amqp_uri) as conn:
            ex = Exchange(exchange, "topic", durable=True)
            Producer(conn.default_channel).publish(
                raw, exchange=ex, routing_key=routing_key, content_type=content_type,
                content_encoding="utf-8", declare=[ex], headers=headers)

    def subscribe(self, name, exchange="ledger.events"):
        with Connection(self.amqp_uri) as conn:
            Queue(name, Exchange(exchange, "topic", durable=True), routing_key="#",
                  durable=True, channel=conn.default_channel).declare()
        return name

    def declare_exchange(self, name, kind):
        with Connection(self.amqp_uri) as conn:
            Exchange(name, kind, durable=True, channel=conn.default_channel).declare()

    def delete_exchange(self, name):
        with Connection(self.amqp_uri) as conn:
            Exchange(name, channel=conn.default_channel).delete()

    def drain(self, queue_name):
        """Take every message; none yet while a new quorum queue is still starting (3.10
        answers a get then with INTERNAL_ERROR noproc), so ``wait_for`` asks again."""
        messages = []
        with Connection(self.amqp_uri) as conn:
            queue = Queue(queue_name, durable=True, channel=conn.default_channel)
            queue.declare()
            try:
                while (message := queue.get(no_ack=True)) is not None:
                    messages.append(message)
            except InternalError as exc:
                if "noproc" not in str(exc):
                    raise
        return messages

    def bodies(self, queue_name):
        return [json.loads(m.body) for m in self.drain(queue_name)]


def metric(url: str, series: str) -> float:
    """The value of one Prometheus series of the running service (0 when absent)."""
    for line in requests.get(f"{url}/metrics", timeout=30).text.splitlines():
        if line.startswith(series + " "):
            return float(line[len(series) + 1:])
    return 0.0


RELAY_FAILURES = 'portal_outbox_relay_failures_total{service="ledger"}'
PARKED = 'portal_outbox_parked{service="ledger"}'
