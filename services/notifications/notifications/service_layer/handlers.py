"""Who is told what: identity's events become messages, and people's contact data.

Each handler runs in the event's own transaction with its inbox record, so a
redelivered event queues nothing twice. Messages are queued here and sent after
the commit (``sending.send_due``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from notifications.domain import commands
from notifications.domain.exceptions import DeliveryNotFound, InvalidUnsubscribeLink
from notifications.domain.messages import OFF
from notifications.domain.model import Delivery, Origin
from notifications.domain.recipients import Contact, Recipient, distinct, masked
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer import access, approvals, commands_in, documents_in, sending
from notifications.service_layer.notify import Renderer, notify
from notifications.service_layer.signoff_mails import SIGNOFF_EVENT_HANDLERS
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_contracts import notification_commands as nc
from portal_contracts import read
from portal_contracts.documents import DOCUMENT_CONFIRMED, DOCUMENT_REJECTED, DOCUMENT_UPLOADED
from portal_contracts.identity import (
    DPA_SIGNED_V2,
    DPA_TERMINATED_V2,
    PERSON_CONTACT_CHANGED,
    PERSON_REGISTERED,
    DpaSignedV2,
    DpaTerminatedV2,
    PersonContactChangedV1,
    PersonRegisteredV1,
)
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent

AGREEMENT = ("organisation_id", "organisation_name", "contact_email", "agreement_version")
SIGNED_BASE = (*AGREEMENT, "signatory_name", "signed_at")
TERMINATED_BASE = (*AGREEMENT, "reason", "terminated_at", "terminated_by_party")
SIGNED_FIELDS = (*SIGNED_BASE, "country", "signatory_person_id", "signature_method",
                 "text_version")
TERMINATED_FIELDS = (*TERMINATED_BASE, "country")


@dataclass(frozen=True)
class UnsubscribeAnswer:
    language: str
    mandatory: bool
    category: str = ""
    unsubscribed: bool = False


@idempotent("notifications.mail_agreement_signed")
def mail_agreement_signed(event: dict[str, Any], uow: NotificationsUnitOfWork,
                          renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(DpaSignedV2, event, only=SIGNED_FIELDS)
    uow.signatories.record(data["organisation_id"], data["signatory_person_id"],
                           data["agreement_version"])
    _agreement_signed(uow, renderer, links, clock, event, data)


@idempotent("notifications.mail_agreement_terminated")
def mail_agreement_terminated(event: dict[str, Any], uow: NotificationsUnitOfWork,
                              renderer: Renderer, links: UnsubscribeLinks,
                              clock: Clock) -> None:
    data = read(DpaTerminatedV2, event, only=TERMINATED_FIELDS)
    _agreement_terminated(uow, renderer, links, clock, event, data)


def _agreement_signed(uow: NotificationsUnitOfWork, renderer: Renderer,
                      links: UnsubscribeLinks, clock: Clock, event: dict[str, Any],
                      data: dict[str, Any]) -> None:
    values = {"organisation": data["organisation_name"], "signatory": data["signatory_name"],
              "signed_at": data["signed_at"], "text_version": data["text_version"],
              "paper": data["signature_method"] == "paper"}
    _to_organisation(uow, renderer, links, clock, "dpa_signed", event, data,
                     data["signatory_person_id"], values)


def _agreement_terminated(uow: NotificationsUnitOfWork, renderer: Renderer,
                          links: UnsubscribeLinks, clock: Clock, event: dict[str, Any],
                          data: dict[str, Any]) -> None:
    signatory = uow.signatories.of(data["organisation_id"], data["agreement_version"])
    values = {"organisation": data["organisation_name"], "reason": data["reason"].strip(),
              "terminated_at": data["terminated_at"],
              "by_operator": data["terminated_by_party"] == "operator"}
    _to_organisation(uow, renderer, links, clock, "dpa_terminated", event, data, signatory,
                     values)


def _to_organisation(uow: NotificationsUnitOfWork, renderer: Renderer,
                     links: UnsubscribeLinks, clock: Clock, template: str,
                     event: dict[str, Any], data: dict[str, Any], signatory_id: str | None,
                     values: dict[str, Any]) -> None:
    """The organisation's contact address and the agreement's signatory, each once."""
    country = data["country"]
    recipients = [Recipient.address(data["contact_email"], country)]
    if signatory_id:
        contact = uow.contacts.get(signatory_id)
        recipients.append(Recipient.person(contact, country) if contact else
                          Recipient.unknown_person(signatory_id, country))
    organisation, version = data["organisation_id"], data["agreement_version"]
    origin = Origin(event["id"], organisation, f"{template}:{organisation}:{version}")
    for recipient in distinct(recipients):
        is_signatory = signatory_id is not None and recipient.person_id == signatory_id
        notify(uow, renderer, links, template, recipient,
               dict(values, is_signatory=is_signatory), origin, clock.now())


@idempotent("notifications.welcome_registered_person")
def welcome_registered_person(event: dict[str, Any], uow: NotificationsUnitOfWork,
                              renderer: Renderer, links: UnsubscribeLinks,
                              clock: Clock) -> None:
    data = read(PersonRegisteredV1, event)
    contact = uow.contacts.get(data["person_id"])
    if contact is None:
        contact = Contact(data["person_id"], data["given_name"], data["family_name"],
                          data["email"], data["mobile"], data["language"], data["country"],
                          None, clock.now())
        uow.contacts.add(contact)
    else:
        contact.given_name, contact.family_name = data["given_name"], data["family_name"]
        contact.country = data["country"]
        contact.change(email=data["email"], mobile=data["mobile"], language=data["language"],
                       time_zone=contact.time_zone, at=clock.now())
    notify(uow, renderer, links, "registration_approved", Recipient.person(contact), {},
           Origin(event["id"]), clock.now())


@idempotent("notifications.record_contact_changed")
def record_contact_changed(event: dict[str, Any], uow: NotificationsUnitOfWork,
                           renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    """Keep the new contact data; a changed e-mail address is told to the old one (a
    security notice: someone else may have changed it)."""
    data = read(PersonContactChangedV1, event)
    contact = uow.contacts.get(data["person_id"])
    if contact is None:
        contact = Contact(data["person_id"], "", "", None, None, None, None, None, clock.now())
        uow.contacts.add(contact)
    old = Recipient.person(contact)
    contact.change(email=data["email"], mobile=data["mobile"], language=data["language"],
                   time_zone=data["time_zone"], at=clock.now())
    if old.email and data["email"] and old.email.lower() != data["email"].lower():
        notice = Recipient.address(old.email, contact.country, name=contact.name,
                                   language=data["language"], person_id=contact.person_id)
        notify(uow, renderer, links, "contact_changed", notice,
               {"changed_at": data["changed_at"], "new_address": masked(data["email"])},
               Origin(event["id"]), clock.now())





def unsubscribe(command: commands.Unsubscribe, uow: NotificationsUnitOfWork,
                links: UnsubscribeLinks, clock: Clock) -> UnsubscribeAnswer:
    """Turn the link's category off for its recipient; a mandatory message changes nothing."""
    delivery_id = links.delivery_id(command.token)
    with uow:
        delivery = uow.deliveries.get(delivery_id)
        if delivery is None:
            raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
        answer = UnsubscribeAnswer(delivery.language, not delivery.unsubscribable,
                                   delivery.category, delivery.unsubscribable)
        if delivery.unsubscribable:
            uow.preferences.choose(delivery.recipient_key, delivery.category, OFF, clock.now())
            uow.commit()
    return answer


def retry_delivery(command: commands.RetryDelivery, uow: NotificationsUnitOfWork,
                   clock: Clock) -> Delivery:
    with uow:
        delivery = uow.deliveries.get(command.delivery_id)
        if delivery is None:
            raise DeliveryNotFound(f"No delivery {command.delivery_id}.")
        access.require_administrator(command.principal, delivery.organisation_id)
        delivery.retry(clock.now())
        uow.commit()
    return delivery


COMMAND_HANDLERS = {
    commands.SendDue: sending.send_due,
    commands.Unsubscribe: unsubscribe,
    commands.RetryDelivery: retry_delivery,
    commands.NoteAwaitingApproval: approvals.note_awaiting_approval,
    commands.SendDigests: approvals.send_digests,
    commands.ChoosePreferences: approvals.choose_preferences,
}

EVENT_HANDLERS = {
    DPA_SIGNED_V2: [mail_agreement_signed],
    DPA_TERMINATED_V2: [mail_agreement_terminated],
    PERSON_REGISTERED: [welcome_registered_person],
    PERSON_CONTACT_CHANGED: [record_contact_changed],
    nc.SEND_INVITATION: [commands_in.send_invitation],
    nc.SEND_INVITATION_REMINDER: [commands_in.send_invitation_reminder],
    nc.SEND_VEJLEDER_ACCESS: [commands_in.send_vejleder_access],
    DOCUMENT_UPLOADED: [documents_in.note_document_uploaded],
    DOCUMENT_CONFIRMED: [documents_in.mail_document_confirmed],
    DOCUMENT_REJECTED: [documents_in.mail_document_rejected],
    **SIGNOFF_EVENT_HANDLERS,
}
