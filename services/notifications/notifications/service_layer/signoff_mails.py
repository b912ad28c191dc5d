"""Sign-off's mails: an item marked ready for approval tells the approver it was addressed
to (now, or in their daily digest, as they chose); an approval, a return with comment, or
an attestation tells the trainee, in the recipient's language; so do a reset (always: it
changes their record) and the completed programme (with where to download the record)."""
from __future__ import annotations

from typing import Any

from notifications.domain import commands
from notifications.domain.model import Origin
from notifications.domain.recipients import Recipient
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer import approvals
from notifications.service_layer.notify import Renderer, notify
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_contracts import read
from portal_contracts import signoff as contract
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent

FIELDS = ("trainee_id", "enrolment_id", "agreement_holder_id", "item_code", "item_title",
          "actor_id")
DECISIONS = {contract.ITEM_APPROVED: (contract.ItemApprovedV1, "approved"),
             contract.ITEM_RETURNED: (contract.ItemReturnedV1, "returned"),
             contract.ATTESTATION_APPROVED: (contract.AttestationApprovedV1, "attested")}


def _name(uow: NotificationsUnitOfWork, person_id: str) -> str:
    contact = uow.contacts.get(person_id)
    return contact.name if contact and contact.name.strip() else ""


@idempotent("notifications.note_item_submitted")
def note_item_submitted(event: dict[str, Any], uow: NotificationsUnitOfWork,
                        renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(contract.ItemSubmittedV1, event, only=(*FIELDS, "approver_id"))
    approvals.note(uow, renderer, links, clock, commands.NoteAwaitingApproval(
        person_id=data["approver_id"], trainee_name=_name(uow, data["trainee_id"]),
        item_title=data["item_title"], link=f"{links.portal_url}/signoff/queue",
        source_event_id=event["id"], organisation_id=data["agreement_holder_id"]))


@idempotent("notifications.mail_sign_off_decision")
def mail_sign_off_decision(event: dict[str, Any], uow: NotificationsUnitOfWork,
                           renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    schema, decision = DECISIONS[event["type"]]
    data = read(schema, event, only=(*FIELDS, "comment"))
    contact = uow.contacts.get(data["trainee_id"])
    recipient = Recipient.person(contact) if contact else Recipient.unknown_person(
        data["trainee_id"], None)
    values = {"decision": decision, "item_title": data["item_title"],
              "approver_name": _name(uow, data["actor_id"]),
              "comment": (data.get("comment") or "").strip(),
              "link": f"{links.portal_url}/signoff/enrolments/{data['enrolment_id']}"}
    notify(uow, renderer, links, "sign_off_decision", recipient, values,
           Origin(event["id"], data["agreement_holder_id"]), clock.now())


def _trainee(uow: NotificationsUnitOfWork, trainee_id: str) -> Recipient:
    contact = uow.contacts.get(trainee_id)
    return Recipient.person(contact) if contact else Recipient.unknown_person(trainee_id, None)


@idempotent("notifications.mail_item_reset")
def mail_item_reset(event: dict[str, Any], uow: NotificationsUnitOfWork,
                    renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(contract.ItemResetV1, event, only=(*FIELDS, "reference", "reason"))
    values = {"item_title": data["item_title"], "reference": data["reference"],
              "reason": data["reason"].strip(),
              "link": f"{links.portal_url}/signoff/enrolments/{data['enrolment_id']}"}
    notify(uow, renderer, links, "sign_off_reset", _trainee(uow, data["trainee_id"]), values,
           Origin(event["id"], data["agreement_holder_id"]), clock.now())


@idempotent("notifications.mail_programme_completed")
def mail_programme_completed(event: dict[str, Any], uow: NotificationsUnitOfWork,
                             renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(contract.ProgrammeCompletedV1, event,
                only=("trainee_id", "enrolment_id", "agreement_holder_id", "programme"))
    values = {"programme": data["programme"],
              "link": f"{links.portal_url}/signoff/enrolments/{data['enrolment_id']}"}
    notify(uow, renderer, links, "programme_completed", _trainee(uow, data["trainee_id"]),
           values, Origin(event["id"], data["agreement_holder_id"]), clock.now())


SIGNOFF_EVENT_HANDLERS = {
    contract.ITEM_SUBMITTED: [note_item_submitted],
    contract.ITEM_RESET: [mail_item_reset],
    contract.PROGRAMME_COMPLETED: [mail_programme_completed],
    **{event_type: [mail_sign_off_decision] for event_type in DECISIONS},
}
