"""Two tiny services built only from the kit, for the event hop of `make bench` (hop.py).

``benchsource`` records a note and its ``portal.benchsource.note.added.v1`` event in
one transaction (the outbox); its relay publishes with confirms. ``benchsink`` consumes
that event with an idempotent handler (the inbox row and its own row in one
transaction). That is the path every portal event takes, without any domain around it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields
from nameko.testing.services import dummy
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from portal_kit.db import kit_tables
from portal_kit.events import EventSpec
from portal_kit.inbox import idempotent
from portal_kit.messaging import event_handler
from portal_kit.runtime import Runtime
from portal_kit.uow import UnitOfWork
from portal_kit.wiring import ServiceParts, wire

NOTE_ADDED = "portal.benchsource.note.added.v1"


@dataclass(frozen=True)
class AddNote:
    note: str


@dataclass(frozen=True)
class NoteAdded:
    note: str


@dataclass
class Note:
    events: list[Any] = field(default_factory=list)


class NoteSchema(Schema):
    note = fields.String(required=True)


def _tables() -> tuple[MetaData, Table, Table, Table]:
    metadata = MetaData()
    outbox, inbox = kit_tables(metadata)
    notes = Table("notes", metadata, Column("id", Integer, primary_key=True),
                  Column("note", String(200)), Column("event_id", String(64)))
    return metadata, outbox, inbox, notes


SOURCE_META, SOURCE_OUTBOX, SOURCE_INBOX, SOURCE_NOTES = _tables()
SINK_META, SINK_OUTBOX, SINK_INBOX, SINK_NOTES = _tables()


def add_note(command: AddNote, uow: UnitOfWork) -> None:
    with uow:
        uow.session.execute(insert(SOURCE_NOTES).values(note=command.note))
        uow.track(Note([NoteAdded(command.note)]))
        uow.commit()


@idempotent("benchsink.record_note")
def record_note(event: dict[str, Any], uow: UnitOfWork) -> None:
    uow.session.execute(insert(SINK_NOTES).values(note=event["data"]["note"],
                                                  event_id=event["id"]))


SOURCE = ServiceParts("benchsource", SOURCE_META, SOURCE_OUTBOX, SOURCE_INBOX, UnitOfWork,
                      {NoteAdded: EventSpec(NOTE_ADDED, NoteSchema(), lambda e: f"notes/{e.note}")},
                      {AddNote: add_note}, {})
SINK = ServiceParts("benchsink", SINK_META, SINK_OUTBOX, SINK_INBOX, UnitOfWork, {}, {},
                    {NOTE_ADDED: [record_note]})


def _bootstrap(parts: ServiceParts) -> Any:
    def bootstrap(config: Any, on_commit: Any = lambda: None) -> Any:
        app = wire(parts, config, on_commit=on_commit)
        parts.metadata.create_all(app.engine)
        return app
    return bootstrap


class BenchSource:
    name = "benchsource"
    runtime = Runtime(_bootstrap(SOURCE))

    @dummy
    def add(self, note: str) -> None:
        self.runtime.handle(AddNote(note))


class BenchSink:
    name = "benchsink"
    runtime = Runtime(_bootstrap(SINK))

    @event_handler("benchsource", NOTE_ADDED)
    def on_note(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)
