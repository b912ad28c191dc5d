"""What documents' events tell the trainee: their uploaded paper document was confirmed
as correct, or rejected with a reason (``portal_contracts.documents``).

The trainee is found in notifications' own contact projection (their language, time
zone and address); who decided is named when notifications knows them. A trainee of
whom nothing is known yet gets a failed delivery that says so, visible to their
organisation's administrators. Each event id is applied once (inbox).
"""
from __future__ import annotations

from typing import Any

from notifications.domain.model import Origin
from notifications.domain.recipients import Recipient
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer.notify import Renderer, notify
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_contracts import read
from portal_contracts.documents import DocumentConfirmedV1, DocumentRejectedV1
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent


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
    contact = uow.contacts.get(data["trainee_id"])
    recipient = Recipient.person(contact) if contact else Recipient.unknown_person(
        data["trainee_id"], None)
    notify(uow, renderer, links, template, recipient, values,
           Origin(event["id"], data["organisation_id"]), clock.now())


def _name(uow: NotificationsUnitOfWork, person_id: str) -> str:
    contact = uow.contacts.get(person_id)
    return contact.name if contact else ""
