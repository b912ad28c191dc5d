"""What people (and the portal's own sweep) ask invitations to do."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal_kit.principal import Principal


@dataclass(frozen=True)
class Invite:
    by: Principal
    role: str
    email: str
    language: str | None = None
    trainee_id: str | None = None   # an administrator invites on a trainee's behalf


@dataclass(frozen=True)
class Resend:
    by: Principal
    invitation_id: str


@dataclass(frozen=True)
class Revoke:
    by: Principal
    invitation_id: str
    reason: str | None = None


@dataclass(frozen=True)
class OpenLink:
    token: str
    client: str


@dataclass(frozen=True)
class EndRelationship:
    by: Principal
    relationship_id: str
    reason: str


@dataclass(frozen=True)
class Appoint:
    by: Principal
    authorisation_id: str
    given_name: str
    family_name: str
    email: str | None
    mobile: str | None
    valid_from: date | None
    valid_to: date | None
    all_trainees: bool
    trainee_ids: tuple[str, ...]
    send_access_email: bool
    place_id: str | None = None


@dataclass(frozen=True)
class ChangeAppointment:
    by: Principal
    appointment_id: str
    valid_from: date | None
    valid_to: date | None
    all_trainees: bool
    trainee_ids: tuple[str, ...]


@dataclass(frozen=True)
class EndAppointment:
    by: Principal
    appointment_id: str
    reason: str | None = None


@dataclass(frozen=True)
class Sweep:
    """Mark expired invitations and send the reminders that are due."""

    batch: int = 100
