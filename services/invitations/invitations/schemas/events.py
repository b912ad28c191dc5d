"""Invitations' published events: each domain event, its CloudEvent type and data schema.

The types and schemas are the public contract in ``portal_contracts.invitations``.
"""
from __future__ import annotations

from typing import Any

from invitations.domain import events
from portal_contracts import invitations as contract
from portal_kit.events import EventSpec


def _relationship(event: Any) -> str:
    return f"trainees/{event.trainee_id}/relationships/{event.relationship_id}"


def _invitation(event: Any) -> str:
    return f"trainees/{event.trainee_id}/invitations/{event.invitation_id}"


def _appointment(event: Any) -> str:
    return f"appointments/{event.appointment_id}"


EVENT_SPECS: dict[type, EventSpec] = {
    events.RelationshipGranted: EventSpec(contract.RELATIONSHIP_GRANTED,
                                          contract.RelationshipGrantedV1(), _relationship),
    events.RelationshipChanged: EventSpec(contract.RELATIONSHIP_CHANGED,
                                          contract.RelationshipChangedV1(), _relationship),
    events.RelationshipEnded: EventSpec(contract.RELATIONSHIP_ENDED,
                                        contract.RelationshipEndedV1(), _relationship),
    events.InvitationSent: EventSpec(contract.INVITATION_SENT, contract.InvitationSentV1(),
                                     _invitation),
    events.InvitationResent: EventSpec(contract.INVITATION_RESENT,
                                       contract.InvitationResentV1(), _invitation),
    events.InvitationRevoked: EventSpec(contract.INVITATION_REVOKED,
                                        contract.InvitationRevokedV1(), _invitation),
    events.InvitationExpired: EventSpec(contract.INVITATION_EXPIRED,
                                        contract.InvitationExpiredV1(), _invitation),
    events.InvitationReminderDue: EventSpec(contract.INVITATION_REMINDER_DUE,
                                            contract.InvitationReminderDueV1(), _invitation),
    events.InvitationBound: EventSpec(contract.INVITATION_BOUND, contract.InvitationBoundV1(),
                                      _invitation),
    events.InvitationBindingRefused: EventSpec(contract.INVITATION_BINDING_REFUSED,
                                               contract.InvitationBindingRefusedV1(),
                                               _invitation),
    events.AppointmentMade: EventSpec(contract.APPOINTMENT_MADE, contract.AppointmentMadeV1(),
                                      _appointment),
    events.AppointmentChanged: EventSpec(contract.APPOINTMENT_CHANGED,
                                         contract.AppointmentChangedV1(), _appointment),
    events.AppointmentEnded: EventSpec(contract.APPOINTMENT_ENDED,
                                       contract.AppointmentEndedV1(), _appointment),
}
