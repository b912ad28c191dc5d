"""The daily digest on real PostgreSQL with an injected clock: collected, sent once a day
at the hour in the recipient's time zone, once even when two replicas try at once."""
from datetime import UTC, datetime, timedelta
from pathlib import Path

import eventlet
import pytest

from notifications.bootstrap import bootstrap
from notifications.domain import commands
from notifications.domain.messages import EMAIL
from notifications.domain.recipients import Contact
from portal_kit.testing import migrate, service_config

SERVICE_DIR = Path(__file__).resolve().parents[2]
OSLO_MORNING = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 06:00 in Oslo: before the hour


class MovableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


class Outbox:
    """A sender that keeps what it is given (the SMTP side is tested elsewhere)."""

    def __init__(self) -> None:
        self.sent = []

    def send(self, message) -> None:
        self.sent.append(message)


@pytest.fixture
def replicas(database_url, vhost):
    migrate(SERVICE_DIR, database_url)
    clock, outbox, apps = MovableClock(OSLO_MORNING), Outbox(), []

    def start():
        config = service_config(database_url, vhost, DIGEST_HOUR=7)
        apps.append(bootstrap(config, clock=clock, senders={EMAIL: outbox}))
        return apps[-1]

    yield start, clock, outbox
    for app in apps:
        app.engine.dispose()


def register(app, person_id, time_zone="Europe/Oslo", language="nb"):
    uow = app.bus.uow_factory()
    with uow:
        uow.contacts.add(Contact(person_id, "Ola", "Hansen", f"{person_id}@example.no", None,
                                 language, "NO", time_zone, OSLO_MORNING))
        uow.commit()


def choose_digest(app, person_id):
    app.bus.handle(commands.ChoosePreferences(person_id, {"awaiting_approval": "daily_digest"}))


def ready(app, person_id, item, event_id):
    app.bus.handle(commands.NoteAwaitingApproval(person_id, "Kari Nordmann", item,
                                                 "http://localhost:8000/queue", event_id))


class TestDailyDigest:
    def test_items_wait_for_the_hour_then_go_in_one_digest_once_that_day(self, replicas):
        start, clock, outbox = replicas
        app = start()
        register(app, "ola")
        choose_digest(app, "ola")
        ready(app, "ola", "KLK-001 Akutte tilstander", "e1")
        ready(app, "ola", "KLK-002 Kroniske sykdommer", "e2")
        ready(app, "ola", "KLK-002 Kroniske sykdommer", "e2")  # the same event again
        assert app.bus.handle(commands.SendDigests()) == 0  # 06:00 in Oslo
        clock.at = OSLO_MORNING + timedelta(hours=1)  # 07:00 in Oslo
        assert app.bus.handle(commands.SendDigests()) == 1
        app.bus.handle(commands.SendDue())
        [digest] = outbox.sent
        assert digest.subject == "2 punkter venter på din godkjenning"
        assert "- Kari Nordmann: KLK-001 Akutte tilstander" in digest.text
        assert digest.unsubscribable
        clock.at += timedelta(hours=3)
        ready(app, "ola", "KLK-003 Legemidler", "e3")
        assert app.bus.handle(commands.SendDigests()) == 0  # today's is sent: tomorrow
        clock.at += timedelta(days=1)
        assert app.bus.handle(commands.SendDigests()) == 1
        app.bus.handle(commands.SendDue())
        assert outbox.sent[-1].subject == "1 punkt venter på din godkjenning"

    def test_the_hour_is_the_recipients_own(self, replicas):
        start, clock, outbox = replicas
        app = start()
        register(app, "ola", time_zone="America/New_York", language="en")
        choose_digest(app, "ola")
        ready(app, "ola", "LM-01", "e1")
        clock.at = OSLO_MORNING + timedelta(hours=6)  # 12:00 in Oslo, 06:00 in New York
        assert app.bus.handle(commands.SendDigests()) == 0
        clock.at += timedelta(hours=1)
        assert app.bus.handle(commands.SendDigests()) == 1

    def test_two_replicas_at_the_same_moment_send_one_digest(self, replicas):
        start, clock, outbox = replicas
        first, second = start(), start()
        register(first, "ola")
        choose_digest(first, "ola")
        ready(first, "ola", "LM-01", "e1")
        clock.at = OSLO_MORNING + timedelta(hours=2)
        runs = [eventlet.spawn(app.bus.handle, commands.SendDigests())
                for app in (first, second, first, second)]
        assert sorted(run.wait() for run in runs) == [0, 0, 0, 1]
        first.bus.handle(commands.SendDue())
        second.bus.handle(commands.SendDue())
        assert len(outbox.sent) == 1

    def test_immediate_is_the_default_and_off_sends_nothing(self, replicas):
        start, clock, outbox = replicas
        app = start()
        register(app, "ola")
        ready(app, "ola", "LM-01", "e1")
        app.bus.handle(commands.SendDue())
        [notice] = outbox.sent
        assert notice.subject == "Kari Nordmann venter på din godkjenning: LM-01"
        app.bus.handle(commands.ChoosePreferences("ola", {"awaiting_approval": "off"}))
        ready(app, "ola", "LM-02", "e2")
        app.bus.handle(commands.SendDue())
        assert len(outbox.sent) == 1
