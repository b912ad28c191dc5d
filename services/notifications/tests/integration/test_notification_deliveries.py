import json
import time

import requests
from kombu import Connection, Exchange, Queue

from portal_kit.testing import free_port, wait_for

CONTACT = "post@bergen.kommune.no"


def sent(service, count=1):
    """Wait until ``count`` deliveries are sent; returns them."""
    def enough():
        done = [d for d in service.deliveries() if d["status"] == "sent"]
        return done if len(done) >= count else None
    return wait_for(enough)


class TestAgreementMail:
    def test_a_signed_agreement_emails_the_contact_that_the_portal_may_be_used(
            self, start_notifications, catchers, agreement_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port, SMTP_USERNAME="portal",
                                      SMTP_PASSWORD="secret")
        event = agreement_event("signed", organisation_name="Bærum kommune")
        service.publish(event)
        [mail] = wait_for(catcher.messages)
        assert mail["to"] == [CONTACT]
        assert mail["subject"] == ("Data-processing agreement in force: "
                                   "Bærum kommune can now use the portal")
        assert "The portal may now be used at Bærum kommune" in mail["text"]
        [delivery] = sent(service)
        assert (delivery["recipient"], delivery["template"]) == (CONTACT, "dpa_signed")
        assert (delivery["source_event_id"], delivery["attempts"]) == (event["id"], 1)

    def test_a_terminated_agreement_emails_the_notice_with_the_reason(
            self, start_notifications, catchers, agreement_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        service.publish(agreement_event("terminated"))
        [mail] = wait_for(catcher.messages)
        assert mail["to"] == [CONTACT]
        assert mail["subject"] == "Data-processing agreement ended: Bergen kommune"
        assert "terminated by Bergen kommune" in mail["text"]
        assert "Reason given: Merged with Askøy." in mail["text"]

    def test_the_same_event_delivered_twice_sends_one_mail(
            self, start_notifications, catchers, agreement_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        event = agreement_event("signed")
        service.publish(event)
        service.publish(event)
        wait_for(catcher.messages)
        service.publish(event)
        time.sleep(1.5)
        assert len(catcher.messages()) == 1
        assert [d["status"] for d in service.deliveries()] == ["sent"]


class TestMailServerOutage:
    def test_the_delivery_stays_queued_while_smtp_is_down_and_is_sent_once_it_is_back(
            self, start_notifications, catchers, agreement_event):
        port = free_port()
        service = start_notifications(port, MAIL_MAX_ATTEMPTS=1000)
        service.publish(agreement_event("signed"))
        wait_for(lambda: [d for d in service.deliveries()
                          if d["status"] == "queued" and d["attempts"] >= 2])
        [delivery] = service.deliveries()
        assert "ConnectionRefusedError" in delivery["last_error"]
        catcher = catchers(port)
        wait_for(catcher.messages)
        sent(service)
        time.sleep(1.0)  # several sweeps later, still one mail
        assert len(catcher.messages()) == 1

    def test_a_delivery_is_given_up_after_the_last_attempt(
            self, start_notifications, agreement_event):
        service = start_notifications(free_port(), MAIL_MAX_ATTEMPTS=2)
        service.publish(agreement_event("signed"))
        [delivery] = wait_for(lambda: [d for d in service.deliveries()
                                       if d["status"] == "failed"])
        assert delivery["attempts"] == 2 and delivery["sent_at"] is None


class TestPublishedEvents:
    def test_a_sent_mail_publishes_email_sent(self, start_notifications, catchers,
                                              agreement_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        with Connection(service.config["AMQP_URI"]) as conn:
            spy = Queue("spy", Exchange("notifications.events", "topic", durable=True),
                        routing_key="portal.notifications.#", channel=conn.default_channel)
            spy.declare()
            event = agreement_event("signed")
            service.publish(event)
            message = wait_for(lambda: spy.get(no_ack=True))
        published = json.loads(message.body)
        assert message.content_type == "application/cloudevents+json"
        assert published["type"] == "portal.notifications.email.sent.v1"
        [delivery] = sent(service)
        assert published["subject"] == f"deliveries/{delivery['id']}"
        assert published["data"] == {
            "delivery_id": delivery["id"], "recipient": CONTACT, "template": "dpa_signed",
            "source_event_id": event["id"],
            "sent_at": delivery["sent_at"].isoformat()}


class TestDeliveryLog:
    def test_operators_read_the_deliveries_to_a_recipient_newest_first(
            self, start_notifications, catchers, agreement_event, tokens):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        service.publish(agreement_event("signed"))
        sent(service)
        service.publish(agreement_event("terminated"))
        sent(service, 2)
        response = requests.get(f"{service.url}/api/notifications/v1/deliveries",
                                params={"recipient": CONTACT.upper()},
                                headers=tokens.headers(roles=["operator"]), timeout=10)
        assert response.status_code == 200, response.text
        assert [d["template"] for d in response.json()] == ["dpa_terminated", "dpa_signed"]
        assert {d["status"] for d in response.json()} == {"sent"}

    def test_the_log_needs_an_operator_token(self, start_notifications):
        service = start_notifications(free_port())
        response = requests.get(f"{service.url}/api/notifications/v1/deliveries", timeout=10)
        assert response.status_code == 401
        assert response.headers["Content-Type"] == "application/problem+json"
