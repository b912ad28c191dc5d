"""The unit of work tells the relay after a commit only when the commit wrote outbox rows."""
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import MetaData

from portal_kit.clock import FixedClock
from portal_kit.db import kit_tables
from portal_kit.outbox import OutboxWriter
from portal_kit.uow import UnitOfWork

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
OUTBOX, _ = kit_tables(MetaData())


class FakeSession:
    def __init__(self):
        self.info, self.executed, self.commits = {}, [], 0

    def execute(self, statement, parameters=None):
        self.executed.append(statement)

    def commit(self):
        self.commits += 1

    def close(self):
        pass


@dataclass
class Aggregate:
    events: list = field(default_factory=list)


def unit_of_work(session, kicks):
    outbox = OutboxWriter(OUTBOX, "test.events", FixedClock(NOW))
    return UnitOfWork(lambda: session, outbox, None,
                      lambda e: {"id": e, "type": "portal.test.thing.happened.v1"},
                      FixedClock(NOW), on_commit=lambda: kicks.append("kick"))


class TestRelayKicks:
    def test_a_commit_that_wrote_an_event_tells_the_relay(self):
        session, kicks = FakeSession(), []
        with unit_of_work(session, kicks) as uow:
            uow.track(Aggregate(events=["e-1"]))
            uow.commit()
        assert kicks == ["kick"] and session.commits == 1

    def test_a_commit_that_wrote_no_event_leaves_the_relay_alone(self):
        session, kicks = FakeSession(), []
        with unit_of_work(session, kicks) as uow:
            uow.track(Aggregate())
            uow.commit()
        assert kicks == [] and session.commits == 1

    def test_only_the_commit_that_wrote_the_event_tells_the_relay(self):
        session, kicks = FakeSession(), []
        with unit_of_work(session, kicks) as uow:
            uow.track(Aggregate(events=["e-1"]))
            uow.commit()
            uow.commit()
        assert kicks == ["kick"] and session.commits == 2
