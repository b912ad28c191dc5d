"""No message lost and none doubled when the mail server refuses for a while, refuses for
good, or when the broker connection drops mid-handling or refuses notifications for a
while — without stopping the shared broker: a per-vhost connection limit and a forced
close of notifications' connections (the kit's ``Vhost``), and a real SMTP server told to
refuse or to hold its reply (``deploy/mailcatcher.py``)."""
import logging
import uuid

import requests
from kombu import Connection, Exchange, Producer

from portal_kit import events as ce
from portal_kit.testing import wait_for

TRY_LATER = "451 4.3.0 Mailbox busy, try again later"
NO_SUCH_USER = "550 5.1.1 No such user here"


def deliveries_of(service, event):
    return [d for d in service.deliveries() if d["source_event_id"] == event["id"]]


def mails(catcher, count):
    return wait_for(lambda: (found := catcher.messages()) and len(found) >= count and found,
                    timeout=30)


def connection_names(vhost):
    """notifications' connections once the broker lists them (after its statistics tick)."""
    return wait_for(lambda: [c["name"] for c in vhost.connections()], timeout=30, interval=0.5)


class TestMailServerRefusing:
    def test_a_server_that_says_try_again_later_gets_the_mail_once_it_accepts(
            self, start_notifications, catchers, person_event):
        catcher = catchers()
        catcher.behave(refuse=TRY_LATER)
        service = start_notifications(catcher.smtp_port, MAIL_MAX_ATTEMPTS=1000)
        event = person_event("registered", str(uuid.uuid4()))
        service.publish(event)
        wait_for(lambda: [d for d in deliveries_of(service, event)
                          if d["status"] == "queued" and d["attempts"] >= 2])
        assert "451" in deliveries_of(service, event)[0]["last_error"]
        catcher.behave(refuse=None)
        [delivery] = wait_for(lambda: [d for d in deliveries_of(service, event)
                                       if d["status"] == "sent"])
        assert delivery["attempts"] >= 3
        marker = person_event("registered", str(uuid.uuid4()), email="marker@example.no")
        service.publish(marker)  # sent after it: every sweep in between has run
        found = mails(catcher, 2)
        assert sorted(m["to"][0] for m in found) == [
            "marker@example.no", "nora.eriksen@bergen.kommune.no"]

    def test_a_refused_recipient_fails_at_once_and_is_listed_for_administrators(
            self, start_notifications, catchers, agreement_event, tokens):
        catcher = catchers()
        catcher.behave(refuse=NO_SUCH_USER)
        service = start_notifications(catcher.smtp_port)
        event = agreement_event("signed")
        service.publish(event)
        [delivery] = wait_for(lambda: [d for d in deliveries_of(service, event)
                                       if d["status"] == "failed"])
        assert delivery["attempts"] == 1 and "550" in delivery["last_error"]
        organisation = event["data"]["organisation_id"]
        listed = requests.get(
            f"{service.url}/api/notifications/v1/organisations/{organisation}/"
            "failed-deliveries", headers=tokens.headers(roles=["operator"]), timeout=10).json()
        assert [(d["id"], d["status"]) for d in listed] == [(delivery["id"], "failed")]
        catcher.behave(refuse=None)
        assert catcher.messages() == []


class TestBrokerConnectionLost:
    def test_an_event_whose_acknowledgement_is_lost_with_the_connection_sends_one_mail(
            self, start_notifications, catchers, person_event, vhost, caplog):
        caplog.set_level(logging.INFO, logger="portal_kit.inbox")
        catcher = catchers()
        service = start_notifications(catcher.smtp_port, SMTP_TIMEOUT_SECONDS=60)
        names = connection_names(vhost)
        catcher.behave(hold=True)  # the handler waits inside SMTP, its event not yet acked
        event = person_event("registered", str(uuid.uuid4()))
        service.publish(event)
        wait_for(lambda: catcher.held() == 1, timeout=30)
        for name in names:
            vhost.close_connection(name)
        catcher.behave(hold=False)
        wait_for(lambda: f"skipped duplicate event {event['id']}" in caplog.text, timeout=60,
                 interval=0.2)  # the broker gave it again; the inbox knew it
        [delivery] = wait_for(lambda: [d for d in deliveries_of(service, event)
                                       if d["status"] == "sent"])
        assert delivery["attempts"] == 1
        assert len(mails(catcher, 1)) == 1


class TestBrokerRefusingNotifications:
    def test_events_queued_while_notifications_is_cut_off_are_each_told_once_it_is_back(
            self, start_notifications, catchers, person_event, vhost, caplog):
        caplog.set_level(logging.INFO, logger="portal_kit.inbox")
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        theirs = connection_names(vhost)
        first, second = (person_event("registered", str(uuid.uuid4()),
                                      email=f"p{n}@example.no") for n in (1, 2))
        exchange = Exchange("identity.events", "topic", durable=True)
        with Connection(vhost.amqp_uri) as ours:
            producer = Producer(ours.default_channel)
            vhost.limit_connections(0)
            try:
                for name in theirs:
                    vhost.close_connection(name)
                for event in (first, second, first):  # the first one twice
                    producer.publish(ce.encode(event).encode(), exchange=exchange,
                                     routing_key=event["type"], content_type=ce.CONTENT_TYPE,
                                     content_encoding="utf-8", declare=[exchange])
                assert service.deliveries() == []
            finally:
                vhost.limit_connections(None)
        found = mails(catcher, 2)
        assert sorted(m["to"][0] for m in found) == ["p1@example.no", "p2@example.no"]
        wait_for(lambda: f"skipped duplicate event {first['id']}" in caplog.text, timeout=30)
        wait_for(lambda: len([d for d in service.deliveries() if d["status"] == "sent"]) == 2)
        assert len(deliveries_of(service, first)) == 1 and len(catcher.messages()) == 2
