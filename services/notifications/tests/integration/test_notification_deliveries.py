import json
import time
import uuid

import requests
from kombu import Connection, Exchange, Queue

from portal_kit.testing import free_port, wait_for

CONTACT = "post@bergen.kommune.no"
SIGNATORY = "nora.eriksen@bergen.kommune.no"


def sent(service, count=1):
    """Wait until ``count`` deliveries are sent; returns them."""
    def enough():
        done = [d for d in service.deliveries() if d["status"] == "sent"]
        return done if len(done) >= count else None
    return wait_for(enough)


def mails(catcher, count):
    return wait_for(lambda: (found := catcher.messages()) and len(found) >= count and found)


def by_recipient(found):
    return {mail["to"][0]: mail for mail in found}


class TestAgreementMail:
    def test_a_signed_agreement_tells_the_contact_and_the_signatory_each_in_their_language(
            self, start_notifications, catchers, agreement_event, person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port, SMTP_USERNAME="portal",
                                      SMTP_PASSWORD="secret")
        signatory = str(uuid.uuid4())
        service.publish(person_event("registered", signatory, language="en"))
        welcome = mails(catcher, 1)[0]
        assert welcome["to"] == [SIGNATORY] and welcome["subject"] == (
            "Welcome to the competency portal")
        event = agreement_event("signed", organisation_name="Bærum kommune",
                                signatory_person_id=signatory, signature_method="eid")
        service.publish(event)
        found = by_recipient(mails(catcher, 3))
        contact, signer = found[CONTACT], found[SIGNATORY]
        assert contact["subject"] == ("Databehandleravtalen gjelder: Bærum kommune kan nå ta "
                                      "i bruk kompetanseportalen")
        assert "Fra nå av kan portalen brukes i Bærum kommune" in " ".join(
            contact["text"].split())
        assert "kontaktadressen til Bærum kommune" in " ".join(contact["text"].split())
        assert signer["subject"] == ("Data processing agreement in force: Bærum kommune can "
                                     "now use the competency portal")
        assert "Dear Nora Eriksen," in signer["text"]
        assert "because you signed the agreement" in " ".join(signer["text"].split())
        deliveries = [d for d in sent(service, 3) if d["source_event_id"] == event["id"]]
        assert sorted((d["recipient_key"], d["language"]) for d in deliveries) == sorted([
            (f"email:{CONTACT}", "nb"), (f"person:{signatory}", "en")])
        assert {d["organisation_id"] for d in deliveries} == {event["data"]["organisation_id"]}

    def test_a_terminated_agreement_tells_the_contact_and_whoever_signed_it(
            self, start_notifications, catchers, agreement_event, person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        signatory = str(uuid.uuid4())
        service.publish(person_event("registered", signatory))
        wait_for(lambda: service.contact(signatory))
        organisation = str(uuid.uuid4())
        service.publish(agreement_event("signed", organisation_id=organisation,
                                        signatory_person_id=signatory))
        mails(catcher, 3)
        catcher.clear()
        service.publish(agreement_event("terminated", organisation_id=organisation,
                                        terminated_by_party="operator"))
        found = by_recipient(mails(catcher, 2))
        assert set(found) == {CONTACT, SIGNATORY}
        text = " ".join(found[CONTACT]["text"].split())
        assert found[CONTACT]["subject"] == "Databehandleravtalen er sagt opp: Bergen kommune"
        assert "ble sagt opp av operatøren" in text
        assert "Oppgitt begrunnelse: Merged with Askøy." in text

    def test_a_signatory_without_contact_data_is_recorded_as_a_failed_delivery(
            self, start_notifications, catchers, agreement_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        stranger = str(uuid.uuid4())
        service.publish(agreement_event("signed", signatory_person_id=stranger))
        [mail] = mails(catcher, 1)
        assert mail["to"] == [CONTACT]
        [failed] = wait_for(lambda: [d for d in service.deliveries() if d["status"] == "failed"])
        assert failed["recipient_key"] == f"person:{stranger}"
        assert "no contact data" in failed["last_error"]

    def test_one_agreement_change_is_told_once_even_under_two_event_ids(
            self, start_notifications, catchers, agreement_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        first = agreement_event("signed")
        second = dict(first, id=str(uuid.uuid4()))
        service.publish(first)
        mails(catcher, 1)
        service.publish(second)
        wait_for(lambda: service.rows("select * from inbox where event_id = :id",
                                      id=second["id"]))
        time.sleep(0.5)
        assert len(catcher.messages()) == 1

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


class TestContactData:
    def test_a_changed_address_and_language_are_used_for_the_next_mail(
            self, start_notifications, catchers, agreement_event, person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        person = str(uuid.uuid4())
        service.publish(person_event("registered", person, language="nb"))
        mails(catcher, 1)
        service.publish(person_event("contact_changed", person, email="nora@example.dk",
                                     language="da", time_zone="Europe/Copenhagen"))
        wait_for(lambda: service.contact(person)["email"] == "nora@example.dk")
        [_, notice] = mails(catcher, 2)
        assert notice["to"] == ["nora.eriksen@bergen.kommune.no"]  # the old address
        assert notice["subject"] == "Din e-mailadresse i kompetenceportalen er ændret"
        assert "ændret til n***@example.dk" in " ".join(notice["text"].split())
        service.publish(agreement_event("signed", signatory_person_id=person))
        found = by_recipient(mails(catcher, 4)[2:])
        assert found["nora@example.dk"]["subject"].startswith("Databehandleraftalen er trådt")

    def test_a_change_that_keeps_the_address_sends_no_security_notice(
            self, start_notifications, catchers, person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        person = str(uuid.uuid4())
        service.publish(person_event("registered", person))
        mails(catcher, 1)
        service.publish(person_event("contact_changed", person,
                                     email="Nora.Eriksen@bergen.kommune.no", language="en"))
        wait_for(lambda: service.contact(person)["language"] == "en")
        time.sleep(0.5)
        assert len(catcher.messages()) == 1


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

    def test_a_delivery_is_dead_lettered_after_the_last_attempt_and_kept(
            self, start_notifications, agreement_event):
        service = start_notifications(free_port(), MAIL_MAX_ATTEMPTS=2)
        service.publish(agreement_event("signed"))
        [delivery] = wait_for(lambda: [d for d in service.deliveries()
                                       if d["status"] == "dead_lettered"])
        assert delivery["attempts"] == 2 and delivery["sent_at"] is None
        assert delivery["body"] and delivery["settled_at"] is not None


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

    def test_a_dead_lettered_delivery_publishes_delivery_failed(self, start_notifications,
                                                                agreement_event):
        service = start_notifications(free_port(), MAIL_MAX_ATTEMPTS=1)
        with Connection(service.config["AMQP_URI"]) as conn:
            spy = Queue("spy", Exchange("notifications.events", "topic", durable=True),
                        routing_key="portal.notifications.delivery.#",
                        channel=conn.default_channel)
            spy.declare()
            event = agreement_event("signed")
            service.publish(event)
            message = wait_for(lambda: spy.get(no_ack=True))
        data = json.loads(message.body)["data"]
        assert (data["status"], data["channel"], data["template"]) == (
            "dead_lettered", "email", "dpa_signed")
        assert data["organisation_id"] == event["data"]["organisation_id"]


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
        assert {d["language"] for d in response.json()} == {"nb"}

    def test_the_log_needs_an_operator_token(self, start_notifications):
        service = start_notifications(free_port())
        response = requests.get(f"{service.url}/api/notifications/v1/deliveries", timeout=10)
        assert response.status_code == 401
        assert response.headers["Content-Type"] == "application/problem+json"
