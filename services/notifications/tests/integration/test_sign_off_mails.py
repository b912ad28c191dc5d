"""Sign-off's mails on real PostgreSQL: ready for approval → the approver it was addressed
to (or their digest); approved, returned, attested → the trainee, in their language. An
attestation's klarmelding and return arrive as the same events (with the attestation's
kind and placement) and mail the same people."""
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifications.bootstrap import bootstrap
from notifications.domain import commands
from notifications.domain.messages import EMAIL
from notifications.domain.recipients import Contact
from portal_contracts import signoff
from portal_kit import events as ce
from portal_kit.testing import migrate, service_config

SERVICE_DIR = Path(__file__).resolve().parents[2]
AT = datetime(2027, 5, 20, 8, 0, tzinfo=UTC)


class Clock:
    def now(self):
        return AT


class Outbox:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)


@pytest.fixture
def portal(database_url, vhost):
    migrate(SERVICE_DIR, database_url)
    outbox = Outbox()
    app = bootstrap(service_config(database_url, vhost), clock=Clock(),
                    senders={EMAIL: outbox})
    uow = app.bus.uow_factory()
    with uow:
        for person, given, family, language in (("kari", "Kari", "Nordmann", "nb"),
                                                ("ola", "Ola", "Hansen", "nb"),
                                                ("mette", "Mette", "Jensen", "da")):
            uow.contacts.add(Contact(person, given, family, f"{person}@example.no", None,
                                     language, "NO", "Europe/Oslo", AT))
        uow.commit()
    yield app, outbox
    app.engine.dispose()


def event(event_type, **changes):
    data = {**signoff.SCHEMAS[event_type].EXAMPLE, "trainee_id": "kari", **changes}
    return ce.envelope(source="/portal/competencies", type=event_type, subject="x", data=data,
                       time=AT, correlation_id=str(uuid.uuid4()), dataschema="x")


def deliver(app, outbox, published):
    app.bus.handle_event(published)
    app.bus.handle(commands.SendDue())
    return outbox.sent


def test_an_item_ready_for_approval_mails_the_approver_it_was_addressed_to(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.ITEM_SUBMITTED, approver_id="ola"))
    assert mail.address == "ola@example.no"
    assert mail.subject == ("Kari Nordmann venter på din godkjenning: Akutt sykdom hos barn "
                            "i allmennpraksis")


ATTESTATION = {"kind": "time_attestation", "item_code": "tid-kbu-1",
               "placement_id": "3e4d5c6b-7a89-4b0c-9d1e-2f3a4b5c6d7e",
               "item_title": "Attestation for tidsmæssigt gennemført ansættelse, 1. ansættelse"}


def test_an_attestation_marked_ready_mails_the_approver_it_was_addressed_to(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.ITEM_SUBMITTED, approver_id="ola",
                                        **ATTESTATION))
    assert mail.address == "ola@example.no"
    assert mail.subject == ("Kari Nordmann venter på din godkjenning: Attestation for "
                            "tidsmæssigt gennemført ansættelse, 1. ansættelse")


def test_a_returned_attestation_mails_the_trainee_with_the_comment(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.ITEM_RETURNED, actor_id="ola",
                                        comment="Orlov mangler.", **ATTESTATION))
    assert mail.address == "kari@example.no"
    assert mail.subject.startswith("Sendt tilbake til deg: Attestation for tidsmæssigt")
    assert "Orlov mangler." in mail.text


def test_a_returned_item_mails_the_trainee_with_the_comment_in_their_language(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.ITEM_RETURNED, actor_id="ola",
                                        comment="Beskriv vurderingen."))
    assert mail.address == "kari@example.no"
    assert mail.subject.startswith("Sendt tilbake til deg:")
    assert "Ola Hansen har sendt" in mail.text and "Beskriv vurderingen." in mail.text


def test_an_approval_mails_the_trainee_in_danish_when_they_read_danish(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.ITEM_APPROVED, trainee_id="mette",
                                        actor_id="ola"))
    assert (mail.address, mail.subject) == (
        "mette@example.no", "Godkendt: Akutt sykdom hos barn i allmennpraksis")


def test_the_same_decision_delivered_twice_mails_once(portal):
    app, outbox = portal
    approved = event(signoff.ITEM_APPROVED, actor_id="ola")
    deliver(app, outbox, approved)
    assert len(deliver(app, outbox, approved)) == 1


def test_a_trainee_who_turned_decisions_off_gets_no_mail(portal):
    app, outbox = portal
    app.bus.handle(commands.ChoosePreferences("kari", {"sign_off_decisions": "off"}))
    assert deliver(app, outbox, event(signoff.ATTESTATION_APPROVED, actor_id="ola")) == []


def test_a_reset_mails_the_trainee_with_the_reference_and_reason_even_with_decisions_off(portal):
    app, outbox = portal
    app.bus.handle(commands.ChoosePreferences("kari", {"sign_off_decisions": "off"}))
    [mail] = deliver(app, outbox, event(signoff.ITEM_RESET, reason="Godkjent for feil lege",
                                        reference="2027/1432"))
    assert mail.address == "kari@example.no"
    assert mail.subject.startswith("Tilbakestilt:")
    assert "2027/1432" in mail.text and "Godkjent for feil lege" in mail.text


def test_a_completed_programme_tells_the_trainee_how_to_download_the_signed_record(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.PROGRAMME_COMPLETED))
    assert mail.address == "kari@example.no"
    assert mail.subject == "Utdanningsprogrammet er fullført"
    enrolment_id = signoff.SCHEMAS[signoff.PROGRAMME_COMPLETED].EXAMPLE["enrolment_id"]
    assert f"/signoff/enrolments/{enrolment_id}" in mail.text
    assert "PDF" in mail.text


def test_a_completed_programme_mails_a_danish_trainee_in_danish(portal):
    app, outbox = portal
    [mail] = deliver(app, outbox, event(signoff.PROGRAMME_COMPLETED, trainee_id="mette"))
    assert mail.subject == "Uddannelsesforløbet er gennemført"
