"""What documents' events tell whom (``portal_contracts.documents``): an uploaded paper
document awaits confirmation (to each person entitled to confirm it: "awaiting your
approval", at once or in their daily digest, as they chose), and the trainee hears that it
was confirmed as correct, or rejected with a reason.

The trainee is found in notifications' own contact projection (their language, time
zone and address); who decided is named when notifications knows them. A trainee of
whom nothing is known yet gets a failed delivery that says so, visible to their
organisation's administrators. Each event id is applied once (inbox).
"""
from __future__ import annotations

from typing import Any

from notifications.domain import commands
from notifications.domain.model import Origin
from notifications.domain.recipients import Recipient
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer.approvals import note
from notifications.service_layer.notify import Renderer, notify
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_contracts import read
from portal_contracts.documents import DocumentConfirmedV1, DocumentRejectedV1, DocumentUploadedV1
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent

# What an uploaded document is called in a confirmer's list of items awaiting approval
# (kept as text in their digest, so it is written in their language when it is noted).
TO_CONFIRM = {
    "course_certificate": {"nb": "Kursbevis å bekrefte", "da": "Kursusbevis til bekræftelse",
                           "en": "Course certificate to confirm"},
    "time_attestation": {"nb": "Tidsattest å bekrefte", "da": "Tidsattestation til bekræftelse",
                         "en": "Time attestation to confirm"},
    "other": {"nb": "Dokument å bekrefte", "da": "Dokument til bekræftelse",
              "en": "Document to confirm"},
}
A_TRAINEE = {"nb": "En lege i spesialisering", "da": "En uddannelseslæge",
             "en": "A doctor in training"}


@idempotent("notifications.note_document_uploaded")
def note_document_uploaded(event: dict[str, Any], uow: NotificationsUnitOfWork,
                           renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(DocumentUploadedV1, event)
    trainee = uow.contacts.get(data["trainee_id"])
    for confirmer in dict.fromkeys(data["confirmers"]):
        language = _person(uow, confirmer).language
        title = TO_CONFIRM.get(data["kind"], TO_CONFIRM["other"])[language]
        if data["curriculum_item"]:
            title = f"{title} ({data['curriculum_item']})"
        note(uow, renderer, links, clock, commands.NoteAwaitingApproval(
            confirmer, trainee.name if trainee and trainee.name else A_TRAINEE[language],
            title, links.portal_url, event["id"], data["organisation_id"]))


@idempotent("notifications.mail_document_confirmed")
def mail_document_confirmed(event: dict[str, Any], uow: NotificationsUnitOfWork,
                            renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(DocumentConfirmedV1, event)
    values = {"kind": data["kind"], "curriculum_item": data["curriculum_item"],
              "decided_by": _name(uow, data["confirmed_by"]),
              "decided_at": data["confirmed_at"]}
    _to_trainee(uow, renderer, links, clock, "document_confirmed", event, data, values)


@idempotent("notifications.mail_document_rejected")
def mail_document_rejected(event: dict[str, Any], uow: NotificationsUnitOfWork,
                           renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(DocumentRejectedV1, event)
    values = {"kind": data["kind"], "reason": data["reason"].strip(),
              "decided_by": _name(uow, data["rejected_by"]), "decided_at": data["rejected_at"]}
    _to_trainee(uow, renderer, links, clock, "document_rejected", event, data, values)


def _to_trainee(uow: NotificationsUnitOfWork, renderer: Renderer, links: UnsubscribeLinks,
                clock: Clock, template: str, event: dict[str, Any], data: dict[str, Any],
                values: dict[str, Any]) -> None:
    notify(uow, renderer, links, template, _person(uow, data["trainee_id"]), values,
           Origin(event["id"], data["organisation_id"]), clock.now())


def _person(uow: NotificationsUnitOfWork, person_id: str) -> Recipient:
    contact = uow.contacts.get(person_id)
    return Recipient.person(contact) if contact else Recipient.unknown_person(person_id, None)


def _name(uow: NotificationsUnitOfWork, person_id: str) -> str:
    contact = uow.contacts.get(person_id)
    return contact.name if contact else ""
