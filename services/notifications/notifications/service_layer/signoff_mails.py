"""Sign-off's mails: an item marked ready for approval tells the approver it was addressed
to (now, or in their daily digest, as they chose); an approval, a return with comment, or
an attestation tells the trainee, in the recipient's language."""
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


SIGNOFF_EVENT_HANDLERS = {
    contract.ITEM_SUBMITTED: [note_item_submitted],
    **{event_type: [mail_sign_off_decision] for event_type in DECISIONS},
}
