"""Events published by invitations on the exchange ``invitations.events``.

**Relationships** are what every other service authorises with: this person may act
for this trainee, in this role (``leader``, ``advisor``, ``supervisor`` in LIS1;
``vejleder`` in Denmark), for this organisation, from ``valid_from`` to ``valid_to``
(inclusive dates in the organisation's time zone; ``valid_to`` null = open). Each
granted, changed or ended event carries the relationship's whole state and a
``version`` that grows by one with every change: a projection keeps the highest
version it has seen, so late or repeated events never move it back. Only an active
relationship inside its window gives a right.

**Invitations** (LIS1) and **appointments** (vejleder) are the paper trail behind them.
No event carries an e-mail address or an invitation link: links go to notifications
as private commands on ``invitations.commands`` (``portal_contracts.notification_commands``),
which outside subscribers cannot bind to. All data is *personal* (opaque person ids).
"""
from __future__ import annotations

from marshmallow import Schema, fields

RELATIONSHIP_GRANTED = "portal.invitations.relationship.granted.v1"
RELATIONSHIP_CHANGED = "portal.invitations.relationship.changed.v1"
RELATIONSHIP_ENDED = "portal.invitations.relationship.ended.v1"
INVITATION_SENT = "portal.invitations.invitation.sent.v1"
INVITATION_RESENT = "portal.invitations.invitation.resent.v1"
INVITATION_REVOKED = "portal.invitations.invitation.revoked.v1"
INVITATION_EXPIRED = "portal.invitations.invitation.expired.v1"
INVITATION_REMINDER_DUE = "portal.invitations.invitation.reminder_due.v1"
INVITATION_BOUND = "portal.invitations.invitation.bound.v1"
INVITATION_BINDING_REFUSED = "portal.invitations.invitation.binding_refused.v1"
APPOINTMENT_MADE = "portal.invitations.appointment.made.v1"
APPOINTMENT_CHANGED = "portal.invitations.appointment.changed.v1"
APPOINTMENT_ENDED = "portal.invitations.appointment.ended.v1"

RELATIONSHIP_TYPES = (RELATIONSHIP_GRANTED, RELATIONSHIP_CHANGED, RELATIONSHIP_ENDED)
ROLES = ("leader", "advisor", "supervisor", "vejleder")
REFUSAL_REASONS = ("revoked", "expired", "already_used", "own_invitation", "conflicting_role",
                   "already_in_role", "placement_ended", "dpa_not_active",
                   "unknown_invitation")


class _Personal(Schema):
    CLASSIFICATION = "personal"


class _Relationship(_Personal):
    relationship_id = fields.String(required=True)
    trainee_id = fields.String(required=True, metadata={"description": "Opaque person id"})
    person_id = fields.String(required=True, metadata={
        "description": "Who may act for the trainee (opaque person id)"})
    role = fields.String(required=True, metadata={"description": " | ".join(ROLES)})
    organisation_id = fields.String(required=True, metadata={
        "description": "The agreement holder (municipality, health trust, region)"})
    place_id = fields.String(required=True, metadata={
        "description": "The place of training (LIS1: the placement's place; vejleder: the "
                       "practice or department)"})
    source = fields.String(required=True, metadata={"description": "invitation | appointment"})
    source_id = fields.String(required=True)
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(required=True, allow_none=True, metadata={
        "description": "Last day (inclusive); null = no end set"})
    version = fields.Integer(required=True, metadata={
        "description": "Grows with every change; keep the highest seen"})


class RelationshipGrantedV1(_Relationship):
    """A person may act for a trainee in a role from ``valid_from`` to ``valid_to``
    (an invitation was accepted, or a tutor appointed a vejleder)."""

    granted_at = fields.AwareDateTime(required=True)
    granted_by = fields.String(required=True)


class RelationshipChangedV1(_Relationship):
    """A relationship's window changed (e.g. a vejleder appointment's dates)."""

    changed_at = fields.AwareDateTime(required=True)
    changed_by = fields.String(required=True)


class RelationshipEndedV1(_Relationship):
    """A relationship ended: the person may no longer act for the trainee."""

    reason = fields.String(required=True, metadata={
        "description": "replaced | ended_by_administrator | appointment_ended | "
                       "trainee_removed | placement_cancelled | placement_ended"})
    ended_at = fields.AwareDateTime(required=True)
    ended_by = fields.String(required=True)


class _Invitation(_Personal):
    invitation_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    role = fields.String(required=True, metadata={"description": " | ".join(ROLES[:3])})
    organisation_id = fields.String(required=True)
    placement_id = fields.String(required=True)


class InvitationSentV1(_Invitation):
    """A LIS1 doctor (or an administrator for them) invited a leader, advisor or supervisor."""

    expires_at = fields.AwareDateTime(required=True)
    sent_at = fields.AwareDateTime(required=True)
    sent_by = fields.String(required=True)


class InvitationResentV1(_Invitation):
    """The invitation was sent again with a new link; the old link no longer works."""

    expires_at = fields.AwareDateTime(required=True)
    resent_at = fields.AwareDateTime(required=True)
    resent_by = fields.String(required=True)


class InvitationRevokedV1(_Invitation):
    """The invitation was withdrawn before anyone accepted it."""

    reason = fields.String(required=True, allow_none=True)
    revoked_at = fields.AwareDateTime(required=True)
    revoked_by = fields.String(required=True)


class InvitationExpiredV1(_Invitation):
    """Nobody accepted the invitation before it expired."""

    expired_at = fields.AwareDateTime(required=True)


class InvitationReminderDueV1(_Invitation):
    """The invitation expires soon and has not been accepted: the invitee is reminded."""

    expires_at = fields.AwareDateTime(required=True)
    reminded_at = fields.AwareDateTime(required=True)


class InvitationBoundV1(_Invitation):
    """The person who accepted the invitation was bound to it (the link is used up)."""

    person_id = fields.String(required=True)
    relationship_id = fields.String(required=True)
    bound_at = fields.AwareDateTime(required=True)


class InvitationBindingRefusedV1(_Personal):
    """A person accepted an invitation at identity, but it could not be bound to them;
    they stay registered without the relationship."""

    invitation_id = fields.String(required=True)
    person_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    role = fields.String(required=True)
    reason = fields.String(required=True, metadata={"description": " | ".join(REFUSAL_REASONS)})
    refused_at = fields.AwareDateTime(required=True)


class _Appointment(_Personal):
    appointment_id = fields.String(required=True)
    tutor_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The vejleder; null until they have registered"})
    place_id = fields.String(required=True, metadata={"description": "Practice or department"})
    organisation_id = fields.String(required=True, metadata={"description": "The region"})
    valid_from = fields.Date(required=True, allow_none=True)
    valid_to = fields.Date(required=True, allow_none=True)
    all_trainees = fields.Boolean(required=True, metadata={
        "description": "Aktiv: every trainee of the practice, or only trainee_ids"})
    trainee_ids = fields.List(fields.String(), required=True)


class AppointmentMadeV1(_Appointment):
    """A tutor appointed a vejleder."""

    made_at = fields.AwareDateTime(required=True)
    made_by = fields.String(required=True)


class AppointmentChangedV1(_Appointment):
    """A tutor changed a vejleder's window or trainees."""

    changed_at = fields.AwareDateTime(required=True)
    changed_by = fields.String(required=True)


class AppointmentEndedV1(_Appointment):
    """A tutor ended a vejleder appointment."""

    ended_at = fields.AwareDateTime(required=True)
    ended_by = fields.String(required=True)

