"""What happened in invitations; published as ``portal.invitations.*`` events.

No event carries an e-mail address or a link token: the link goes to notifications
as a private command (``messages.py``), never on the public exchange.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class _Invitation:
    invitation_id: str
    trainee_id: str
    role: str
    organisation_id: str
    placement_id: str


@dataclass(frozen=True)
class InvitationSent(_Invitation):
    expires_at: datetime
    sent_at: datetime
    sent_by: str


@dataclass(frozen=True)
class InvitationResent(_Invitation):
    expires_at: datetime
    resent_at: datetime
    resent_by: str


@dataclass(frozen=True)
class InvitationRevoked(_Invitation):
    reason: str | None
    revoked_at: datetime
    revoked_by: str


@dataclass(frozen=True)
class InvitationExpired(_Invitation):
    expired_at: datetime


@dataclass(frozen=True)
class InvitationReminderDue(_Invitation):
    expires_at: datetime
    reminded_at: datetime


@dataclass(frozen=True)
class InvitationBound(_Invitation):
    person_id: str
    relationship_id: str
    bound_at: datetime


@dataclass(frozen=True)
class InvitationBindingRefused:
    invitation_id: str
    person_id: str
    trainee_id: str
    role: str
    reason: str
    refused_at: datetime


@dataclass(frozen=True)
class _Relationship:
    relationship_id: str
    trainee_id: str
    person_id: str
    role: str
    organisation_id: str
    place_id: str
    source: str
    source_id: str
    valid_from: date
    valid_to: date | None
    version: int


@dataclass(frozen=True)
class RelationshipGranted(_Relationship):
    granted_at: datetime
    granted_by: str


@dataclass(frozen=True)
class RelationshipChanged(_Relationship):
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True)
class RelationshipEnded(_Relationship):
    reason: str
    ended_at: datetime
    ended_by: str


@dataclass(frozen=True)
class _Appointment:
    appointment_id: str
    tutor_id: str
    person_id: str | None
    place_id: str
    organisation_id: str
    valid_from: date | None
    valid_to: date | None
    all_trainees: bool
    trainee_ids: list[str]


@dataclass(frozen=True)
class AppointmentMade(_Appointment):
    made_at: datetime
    made_by: str


@dataclass(frozen=True)
class AppointmentChanged(_Appointment):
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True)
class AppointmentEnded(_Appointment):
    ended_at: datetime
    ended_by: str
