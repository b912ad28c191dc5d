from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from marshmallow import Schema, fields

from portal_kit.clock import FixedClock
from portal_kit.events import EventSpec
from portal_kit.uow import EventTranslator, UnitOfWork

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
NOTE_ADDED = "portal.test.note.added.v1"


@dataclass
class NoteAdded:
    note_id: str
    author_email: str
    added_at: datetime


class NoteAddedV1(Schema):
    note_id = fields.String(required=True)
    author_email = fields.Email(required=True)
    added_at = fields.AwareDateTime(required=True)


def translator():
    spec = EventSpec(NOTE_ADDED, NoteAddedV1(), lambda e: f"notes/{e.note_id}")
    return EventTranslator("/portal/test", {NoteAdded: spec}, FixedClock(NOW),
                           "http://localhost:8000/api/test/schemas")


class TestEventTranslator:
    def test_a_valid_event_becomes_a_cloudevent_with_its_dumped_data(self):
        event = translator()(NoteAdded("n-1", "kari@example.no", NOW))
        assert (event["type"], event["subject"]) == (NOTE_ADDED, "notes/n-1")
        assert event["data"] == {"note_id": "n-1", "author_email": "kari@example.no",
                                 "added_at": "2026-01-02T03:04:05+00:00"}

    def test_an_event_whose_data_breaks_its_schema_is_refused(self):
        with pytest.raises(ValueError, match=f"event {NOTE_ADDED} does not match its schema"):
            translator()(NoteAdded("n-1", "not an e-mail", NOW))

    def test_an_event_missing_a_required_field_is_refused_naming_the_field(self):
        with pytest.raises(ValueError, match="note_id"):
            translator()(NoteAdded(None, "kari@example.no", NOW))

    def test_a_naive_time_is_refused(self):
        with pytest.raises(ValueError, match="added_at"):
            translator()(NoteAdded("n-1", "kari@example.no", NOW.replace(tzinfo=None)))


class FakeSession:
    committed = False

    def __init__(self):
        self.info = {}

    def commit(self):
        self.committed = True

    def close(self):
        pass


class FakeOutbox:
    def __init__(self):
        self.added = []

    def add(self, session, event):
        self.added.append(event)


class Note:
    def __init__(self, *events):
        self.events = list(events)


class TestUnitOfWorkCommit:
    def test_a_broken_event_is_never_written_to_the_outbox_nor_committed(self):
        session, outbox = FakeSession(), FakeOutbox()
        uow = UnitOfWork(lambda: session, outbox, None, translator(), FixedClock(NOW))
        with uow, pytest.raises(ValueError):
            uow.track(Note(NoteAdded("n-1", "not an e-mail", NOW)))
            uow.commit()
        assert outbox.added == [] and session.committed is False
