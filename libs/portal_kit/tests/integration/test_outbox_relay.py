"""The relay and the pruner on a real database, with a publisher that does as told."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select

from kit_ledger import inbox, metadata, note_event, outbox
from portal_kit import events as ce
from portal_kit.db import make_engine, make_session_factory
from portal_kit.outbox import OutboxRelay, OutboxWriter, PublishRefused
from portal_kit.outbox_admin import parked_rows, replay
from portal_kit.retention import Pruner


class Clock:
    def __init__(self):
        self.at = datetime(2026, 3, 1, 12, tzinfo=UTC)

    def now(self):
        return self.at

    def advance(self, seconds):
        self.at += timedelta(seconds=seconds)


class Publisher:
    """Publishes unless the broker is ``down`` or refuses the row's routing key."""

    def __init__(self):
        self.published = []
        self.refused_keys = set()
        self.down = False

    def publish(self, exchange, routing_key, body, event):
        if self.down:
            raise ConnectionError("broker down")
        if routing_key in self.refused_keys:
            raise PublishRefused(f"PRECONDITION_FAILED for {routing_key}")
        self.published.append(event["data"]["note"])

    def close(self):
        pass


@pytest.fixture
def sessions(database_url):
    engine = make_engine(database_url)
    metadata.create_all(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def publisher():
    return Publisher()


@pytest.fixture
def relay(sessions, publisher, clock):
    return OutboxRelay(sessions, outbox, publisher, clock, batch_size=10, park_after=3)


def write(sessions, clock, *notes, routing_key=None):
    writer = OutboxWriter(outbox, "ledger.events", clock)
    with sessions() as session:
        for note in notes:
            event = note_event(note)
            writer.add(session, dict(event, type=routing_key or event["type"]))
        session.commit()


def rows(sessions):
    with sessions() as session:
        return {ce.decode(r.body)["data"]["note"]: r for r in session.execute(
            select(outbox.c.body, outbox.c.attempts, outbox.c.sent_at, outbox.c.parked_at))}


class TestARefusedRow:
    def test_it_does_not_hold_back_the_rows_after_it(self, relay, publisher, sessions, clock):
        write(sessions, clock, "refused", routing_key="portal.ledger.bad.v1")
        write(sessions, clock, "first", "second")
        publisher.refused_keys.add("portal.ledger.bad.v1")
        assert relay.publish_pending() == (3, 2)
        assert publisher.published == ["first", "second"]
        assert rows(sessions)["refused"].attempts == 1

    def test_it_is_retried_after_a_growing_pause_and_parked_after_its_last_attempt(
            self, relay, publisher, sessions, clock, caplog):
        write(sessions, clock, "refused", routing_key="portal.ledger.bad.v1")
        publisher.refused_keys.add("portal.ledger.bad.v1")
        attempts = []
        for _ in range(8):
            attempts.append(relay.publish_pending().taken)
            clock.advance(1)
        assert attempts == [1, 1, 0, 1, 0, 0, 0, 0]  # after 1 s, then 2 s; parked at the 3rd
        row = rows(sessions)["refused"]
        assert row.attempts == 3 and row.parked_at == clock.at - timedelta(seconds=5)
        assert relay.parked() == 1 and relay.depth()[0] == 0
        assert "parked outbox row" in caplog.text and "after 3 attempts" in caplog.text

    def test_a_parked_row_is_published_once_replayed(self, relay, publisher, sessions, clock):
        write(sessions, clock, "refused", routing_key="portal.ledger.bad.v1")
        publisher.refused_keys.add("portal.ledger.bad.v1")
        for _ in range(3):
            relay.publish_pending()
            clock.advance(10)
        [(event_id, _, routing_key, attempts, _, error)] = parked_rows(sessions, outbox)
        assert (routing_key, attempts) == ("portal.ledger.bad.v1", 3)
        assert "PRECONDITION_FAILED" in error
        publisher.refused_keys.clear()
        assert replay(sessions, outbox, ["some-other-event"]) == []
        assert replay(sessions, outbox) == [event_id]
        assert relay.publish_pending() == (1, 1)
        assert publisher.published == ["refused"]

    def test_a_body_that_is_no_json_object_is_refused_without_reaching_the_broker(
            self, relay, publisher, sessions, clock):
        with sessions() as session:
            for body in ("{not json", "[1, 2]"):
                session.execute(insert(outbox).values(
                    event_id=body, exchange="ledger.events", routing_key="x", body=body,
                    created_at=clock.now(), attempts=0))
            session.commit()
        write(sessions, clock, "fine")
        assert relay.publish_pending() == (3, 1)
        assert publisher.published == ["fine"]
        with sessions() as session:
            errors = session.execute(select(outbox.c.last_error).where(
                outbox.c.attempts == 1).order_by(outbox.c.id)).scalars().all()
        assert errors[0].startswith("PublishRefused: the body is not valid JSON")
        assert errors[1] == "PublishRefused: the body is not a JSON object"


class TestABrokerOutage:
    def test_counts_against_no_row_however_long_it_lasts(self, relay, publisher, sessions, clock):
        write(sessions, clock, "first", "second")
        publisher.down = True
        for _ in range(10):
            with pytest.raises(ConnectionError):
                relay.publish_pending()
            clock.advance(60)
        assert {note: (r.attempts, r.parked_at) for note, r in rows(sessions).items()} == {
            "first": (0, None), "second": (0, None)}
        publisher.down = False
        assert relay.publish_pending() == (2, 2)

    def test_rows_published_before_it_began_stay_sent(self, relay, publisher, sessions, clock):
        write(sessions, clock, "first", "second")
        original = publisher.publish

        def fail_on_second(exchange, routing_key, body, event):
            if event["data"]["note"] == "second":
                raise ConnectionError("broker gone")
            original(exchange, routing_key, body, event)

        publisher.publish = fail_on_second
        with pytest.raises(ConnectionError):
            relay.publish_pending()
        found = rows(sessions)
        assert found["first"].sent_at is not None and found["second"].sent_at is None


class TestRetention:
    def fill(self, sessions, clock):
        """Sent rows 8 days and 6 days old, an unsent and a parked row 40 days old,
        inbox rows 31 and 29 days old."""
        now = clock.now()
        with sessions() as session:
            for name, created, sent, parked in [
                    ("sent-8d", 8, 8, None), ("sent-6d", 6, 6, None),
                    ("unsent-40d", 40, None, None), ("parked-40d", 40, None, 39)]:
                session.execute(insert(outbox).values(
                    event_id=name, exchange="e", routing_key="k", body="{}", attempts=0,
                    created_at=now - timedelta(days=created),
                    sent_at=sent and now - timedelta(days=sent),
                    parked_at=parked and now - timedelta(days=parked)))
            for name, days in [("old-1", 31), ("old-2", 31), ("old-3", 31), ("recent", 29)]:
                session.execute(insert(inbox).values(
                    event_id=name, consumer="ledger.record_thing", event_type="t",
                    received_at=now - timedelta(days=days)))
            session.commit()

    def left(self, sessions):
        with sessions() as session:
            return (sorted(session.execute(select(outbox.c.event_id)).scalars()),
                    sorted(session.execute(select(inbox.c.event_id)).scalars()))

    def test_sent_rows_and_inbox_rows_past_their_retention_are_pruned(self, sessions, clock):
        self.fill(sessions, clock)
        pruner = Pruner(sessions, outbox, inbox, clock)
        assert pruner.prune() == 4
        assert self.left(sessions) == (["parked-40d", "sent-6d", "unsent-40d"], ["recent"])

    def test_each_call_deletes_a_bounded_number_of_rows(self, sessions, clock):
        self.fill(sessions, clock)
        pruner = Pruner(sessions, outbox, inbox, clock, batch_size=2, max_batches=1)
        assert pruner.prune() == 3  # the one old sent row, two of three inbox rows
        assert len(self.left(sessions)[1]) == 2
        assert pruner.prune() == 1
        assert self.left(sessions) == (["parked-40d", "sent-6d", "unsent-40d"], ["recent"])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_replicas_publish_each_row_once_but_in_no_global_order(sessions, clock):
    write(sessions, clock, "1", "2", "3", "4")
    published = []

    class Replica:
        def __init__(self, on_first=lambda: None):
            self.on_first = on_first

        def publish(self, exchange, routing_key, body, event):
            on_first, self.on_first = self.on_first, lambda: None
            on_first()  # the other replica runs while this one holds its batch
            published.append(event["data"]["note"])

        def close(self):
            pass

    second = OutboxRelay(sessions, outbox, Replica(), clock, batch_size=2)
    first = OutboxRelay(sessions, outbox, Replica(on_first=second.publish_pending), clock,
                        batch_size=2)
    first.publish_pending()
    assert published == ["3", "4", "1", "2"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_marking_rows_sent_does_not_wait_for_the_disk_while_writing_them_does(
        relay, sessions, clock, publisher):
    committed_with = {}

    @event.listens_for(sessions.kw["bind"], "after_cursor_execute")
    def show(connection, cursor, statement, parameters, context, executemany):
        if statement.startswith(("INSERT INTO outbox", "UPDATE outbox")):
            cursor.execute("SHOW synchronous_commit")
            committed_with[statement.split()[0]] = cursor.fetchone()[0]

    write(sessions, clock, "durable")
    relay.publish_pending()

    assert committed_with == {"INSERT": "on", "UPDATE": "off"}
    assert publisher.published == ["durable"] and rows(sessions)["durable"].sent_at
