"""documents' events reach the trainee by e-mail, as received by a real SMTP server."""
import uuid
from datetime import UTC, datetime

import requests

from portal_kit import events as ce
from portal_kit.testing import wait_for

TRAINEE_MAIL = "nora.eriksen@bergen.kommune.no"


def document_event(outcome: str, trainee_id: str, **data) -> dict:
    """documents' ``document.confirmed.v1`` or ``document.rejected.v1``."""
    now = datetime.now(UTC).isoformat()
    body = {"document_id": str(uuid.uuid4()), "trainee_id": trainee_id,
            "enrolment_id": str(uuid.uuid4()), "organisation_id": "bergen",
            "kind": "course_certificate"}
    if outcome == "uploaded":
        body.update(media_type="application/pdf", size=1024, sha256="0" * 64,
                    curriculum_item="KLS-012", attestation=None, confirmers=["p-tutor"],
                    uploaded_at=now)
    elif outcome == "confirmed":
        body.update(sha256="0" * 64, curriculum_item="KLS-012", attestation=None,
                    confirmed_by="p-tutor", confirmed_at=now)
    else:
        body.update(reason="The scan is unreadable.", rejected_by="p-tutor", rejected_at=now)
    type_ = f"portal.documents.document.{outcome}.v1"
    return ce.envelope(source="/portal/documents", type=type_,
                       subject=f"documents/{body['document_id']}", data=dict(body, **data),
                       time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
                       dataschema=f"http://localhost:8000/api/documents/schemas/{type_}.json")


def mails(catcher, count):
    return wait_for(lambda: (found := catcher.messages()) and len(found) >= count and found)


def registered(service, catcher, person_event, person_id, **data):
    service.publish(person_event("registered", person_id, **data))
    mails(catcher, 1)
    catcher.clear()


class TestDocumentOutcome:
    def test_a_confirmed_document_is_told_to_the_trainee_in_their_language_naming_the_tutor(
            self, start_notifications, catchers, person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        trainee = str(uuid.uuid4())
        registered(service, catcher, person_event, trainee)
        service.publish(person_event("registered", "p-tutor", given_name="Ola",
                                     family_name="Hansen", email="ola@bergen.kommune.no"))
        mails(catcher, 1)
        catcher.clear()
        service.publish(document_event("confirmed", trainee), exchange="documents.events")
        mail = mails(catcher, 1)[0]
        assert mail["to"] == [TRAINEE_MAIL]
        assert mail["subject"] == "Dokument bekreftet: kursbevis"
        text = " ".join(mail["text"].split())
        assert "Ola Hansen bekreftet" in text and "dokumentasjon for KLS-012" in text
        assert mail["html"] and dict(mail["headers"])["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click")

    def test_a_rejected_document_gives_the_reason_in_danish(self, start_notifications,
                                                           catchers, person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        trainee = str(uuid.uuid4())
        registered(service, catcher, person_event, trainee, language="da", country="DK")
        service.publish(document_event("rejected", trainee, kind="time_attestation"),
                        exchange="documents.events")
        mail = mails(catcher, 1)[0]
        assert mail["subject"] == "Dokument ikke godkendt: tidsattestation"
        assert "Begrundelse: The scan is unreadable." in " ".join(mail["text"].split())

    def test_the_same_event_twice_sends_one_mail(self, start_notifications, catchers,
                                                 person_event):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        trainee = str(uuid.uuid4())
        registered(service, catcher, person_event, trainee)
        event = document_event("rejected", trainee)
        service.publish(event, exchange="documents.events")
        service.publish(event, exchange="documents.events")
        mails(catcher, 1)
        later = document_event("confirmed", trainee)  # a marker: handled after the duplicate
        service.publish(later, exchange="documents.events")
        found = mails(catcher, 2)
        assert sorted(m["subject"] for m in found) == [
            "Dokument bekreftet: kursbevis", "Dokument ikke godtatt: kursbevis"]

    def test_a_trainee_without_contact_data_gets_a_failed_delivery_that_says_why(
            self, start_notifications, catchers):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        event = document_event("confirmed", str(uuid.uuid4()))
        service.publish(event, exchange="documents.events")
        failed = wait_for(lambda: [d for d in service.deliveries()
                                   if d["source_event_id"] == event["id"]])
        assert failed[0]["status"] == "failed" and "no contact data" in failed[0]["last_error"]
        assert failed[0]["organisation_id"] == "bergen" and catcher.messages() == []


class TestDocumentAwaitingConfirmation:
    def test_each_confirmer_hears_at_once_or_in_their_digest_as_they_chose(
            self, start_notifications, catchers, person_event, tokens):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        trainee, patient = str(uuid.uuid4()), str(uuid.uuid4())
        registered(service, catcher, person_event, trainee, given_name="Mette",
                   family_name="Jensen", email="mette@example.dk", language="da")
        registered(service, catcher, person_event, "p-tutor", given_name="Søren",
                   family_name="Nielsen", email="soren@example.dk", language="da")
        registered(service, catcher, person_event, patient, email="digest@example.dk")
        chosen = requests.put(f"{service.url}/api/notifications/v1/people/me/preferences",
                              json={"awaiting_approval": "daily_digest"}, timeout=10,
                              headers=tokens.headers(subject=patient))
        assert chosen.status_code == 200, chosen.text
        event = document_event("uploaded", trainee, confirmers=["p-tutor", patient, "p-tutor"])
        service.publish(event, exchange="documents.events")
        mail = mails(catcher, 1)[0]
        assert mail["to"] == ["soren@example.dk"]
        assert mail["subject"] == ("Mette Jensen afventer din godkendelse: Kursusbevis til "
                                   "bekræftelse (KLS-012)")
        kept = wait_for(lambda: service.rows("select * from digest_items"))
        assert [(k["person_id"], k["item_title"]) for k in kept] == [
            (patient, "Kursbevis å bekrefte (KLS-012)")]
        assert [d["recipient_key"] for d in deliveries_of(service, event)] == [
            "person:p-tutor"]


def deliveries_of(service, event):
    return [d for d in service.deliveries() if d["source_event_id"] == event["id"]]
