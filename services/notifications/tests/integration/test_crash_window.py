"""The one case SMTP cannot close: the server took the mail, then the worker died before
recording it. After the lease the mail is sent again with the same Message-ID, so "once"
means once per Message-ID; a mail client shows it once."""
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from notifications.adapters.mailer import SmtpMailer, SmtpSettings
from notifications.bootstrap import bootstrap
from notifications.domain import commands
from notifications.domain.messages import EMAIL
from notifications.domain.model import Origin
from notifications.domain.recipients import Recipient
from notifications.service_layer.notify import notify
from portal_kit.testing import migrate, service_config, wait_for

SERVICE_DIR = Path(__file__).resolve().parents[2]
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Crashed(Exception):
    """Stands for the worker dying: not a delivery failure, nothing records it."""


class CrashAfterAccepting:
    def __init__(self, mailer):
        self.mailer, self.crash = mailer, True

    def send(self, message):
        self.mailer.send(message)
        if self.crash:
            self.crash = False
            raise Crashed()


class CrashBeforeAccepting:
    """Dies on the first mail, before the server has it; sends the rest."""

    def __init__(self, mailer):
        self.mailer, self.crash = mailer, True

    def send(self, message):
        if self.crash:
            self.crash = False
            raise Crashed()
        self.mailer.send(message)


class Clock:
    at = AT

    def now(self):
        return self.at


def test_a_mail_the_server_took_before_a_crash_is_sent_again_with_the_same_message_id(
        database_url, vhost, catchers):
    migrate(SERVICE_DIR, database_url)
    catcher, clock = catchers(), Clock()
    sender = CrashAfterAccepting(SmtpMailer(SmtpSettings(port=catcher.smtp_port)))
    app = bootstrap(service_config(database_url, vhost, MAIL_LEASE_SECONDS=300), clock=clock,
                    senders={EMAIL: sender})
    try:
        uow = app.bus.uow_factory()
        with uow:
            notify(uow, app.extras["renderer"], app.extras["links"], "registration_approved",
                   Recipient.address("kari@example.no", "NO", name="Kari Nordmann"), {},
                   Origin("event-1"), clock.now())
            uow.commit()
        with pytest.raises(Crashed):
            app.bus.handle(commands.SendDue())
        [first] = wait_for(catcher.messages)
        assert app.bus.handle(commands.SendDue()) == 0  # still claimed: within the lease
        clock.at += timedelta(minutes=5)
        assert app.bus.handle(commands.SendDue()) == 1
        first_again, second = wait_for(lambda: len(catcher.messages()) == 2
                                       and catcher.messages())
        assert first_again["message_id"] == second["message_id"] == first["message_id"]
        assert app.bus.handle(commands.SendDue()) == 0
    finally:
        app.engine.dispose()


def test_a_worker_killed_while_sending_strands_only_the_mail_in_its_hands_not_the_others_due(
        database_url, vhost, catchers):
    migrate(SERVICE_DIR, database_url)
    catcher, clock = catchers(), Clock()
    sender = CrashBeforeAccepting(SmtpMailer(SmtpSettings(port=catcher.smtp_port)))
    app = bootstrap(service_config(database_url, vhost, MAIL_LEASE_SECONDS=300), clock=clock,
                    senders={EMAIL: sender})
    try:
        uow = app.bus.uow_factory()
        with uow:
            for n in range(3):
                notify(uow, app.extras["renderer"], app.extras["links"],
                       "registration_approved",
                       Recipient.address(f"lege-{n}@example.no", "NO", name=f"Lege {n}"), {},
                       Origin(f"event-{n}"), clock.now())
            uow.commit()
        with pytest.raises(Crashed):
            app.bus.handle(commands.SendDue())
        # the next worker, within the lease, sends the two the dead one never touched
        assert app.bus.handle(commands.SendDue()) == 2
        assert len(wait_for(lambda: len(catcher.messages()) == 2 and catcher.messages())) == 2
        assert app.bus.handle(commands.SendDue()) == 0  # the third: claimed, within the lease
        clock.at += timedelta(minutes=5)
        assert app.bus.handle(commands.SendDue()) == 1
        assert len({m["message_id"] for m in wait_for(
            lambda: len(catcher.messages()) == 3 and catcher.messages())}) == 3
    finally:
        app.engine.dispose()
