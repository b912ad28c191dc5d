"""People: who may log in, their contact data and their administrative memberships.

A person's id is opaque: it is the only id other services and events know. The national
identity number is never kept readable: identity matches on a keyed hash of it. A person
is a *profile* (created by an administrator, not yet logged in), *pending* (logged in
and allowed to register, form not yet sent) or *registered*.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from identity.domain import events
from identity.domain.audit import entry as audit_entry
from identity.domain.exceptions import (
    MembershipExists,
    MembershipNotFound,
    RegistrationNotPending,
)
from identity.domain.tickets import RegistrationTicket

LANGUAGES = ("nb", "da", "en")
DEFAULT_TIME_ZONE = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
DEFAULT_LANGUAGE = {"NO": "nb", "DK": "da"}


class PersonStatus(str, Enum):
    PROFILE = "profile"
    PENDING = "pending"
    REGISTERED = "registered"


class Role(str, Enum):
    REGION_ADMIN = "region_admin"
    MUNICIPALITY_ADMIN = "municipality_admin"
    HEALTH_TRUST_ADMIN = "health_trust_admin"
    TUTOR = "tutor"
    SIGNATORY = "signatory"


ADMIN_ROLES = frozenset({Role.REGION_ADMIN, Role.MUNICIPALITY_ADMIN, Role.HEALTH_TRUST_ADMIN})
OPERATOR = "operator"


@dataclass(eq=False)
class Membership:
    person_id: str
    organisation_id: str
    role: Role
    granted_at: datetime
    granted_by: str
    id: int | None = None


@dataclass(frozen=True)
class Contact:
    given_name: str
    family_name: str
    email: str | None = None
    mobile: str | None = None
    language: str | None = None


@dataclass(eq=False)
class Person:
    id: str
    status: PersonStatus
    country: str
    given_name: str
    family_name: str
    created_at: datetime
    created_by: str
    email: str | None = None
    mobile: str | None = None
    language: str = "en"
    time_zone: str = "Europe/Oslo"
    hpr_number: str | None = None
    dk_authorisation_id: str | None = None
    national_id_hash: str | None = None
    is_operator: bool = False
    registered_at: datetime | None = None
    pending_invitation: dict[str, Any] | None = None
    organisation_id: str | None = None
    memberships: list[Membership] = field(default_factory=list, repr=False)
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def create_profile(cls, *, country: str, contact: Contact, at: datetime, actor: str,
                       hpr_number: str | None = None, authorisation_id: str | None = None,
                       national_id_hash: str | None = None,
                       organisation_id: str | None = None) -> Person:
        """An administrator creates the profile a person registers into at first login."""
        person = cls._new(PersonStatus.PROFILE, country, contact, at, actor)
        person.hpr_number, person.dk_authorisation_id = hpr_number, authorisation_id
        person.national_id_hash = national_id_hash
        person.email, person.mobile = contact.email, contact.mobile
        person.organisation_id = organisation_id
        person.events.append(events.PersonProfileCreated(person.id, organisation_id, at, actor))
        person.audit.append(audit_entry(actor, "person.profile_created", "person", person.id,
                                        organisation_id=organisation_id))
        return person

    @classmethod
    def arrive(cls, *, country: str, contact: Contact, national_id_hash: str,
               hpr_number: str | None, authorisation_id: str | None, at: datetime) -> Person:
        """Someone the portal does not know logs in with a valid invitation: pending."""
        person = cls._new(PersonStatus.PENDING, country, contact, at, "system")
        person.national_id_hash = national_id_hash
        person.hpr_number, person.dk_authorisation_id = hpr_number, authorisation_id
        return person

    @classmethod
    def _new(cls, status: PersonStatus, country: str, contact: Contact, at: datetime,
             actor: str) -> Person:
        return cls(str(uuid.uuid4()), status, country, contact.given_name,
                   contact.family_name, at, actor,
                   language=contact.language or DEFAULT_LANGUAGE.get(country, "en"),
                   time_zone=DEFAULT_TIME_ZONE.get(country, "Europe/Oslo"))

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def registration_pending(self) -> bool:
        return self.status is not PersonStatus.REGISTERED

    def recognise(self, national_id_hash: str, hpr_number: str | None,
                  authorisation_id: str | None) -> None:
        """A profile matched at login: from now on the national id finds the person."""
        self.national_id_hash = national_id_hash
        self.hpr_number = self.hpr_number or hpr_number
        self.dk_authorisation_id = self.dk_authorisation_id or authorisation_id
        if self.status is PersonStatus.PROFILE:
            self.status = PersonStatus.PENDING

    def hold_invitation(self, ticket: RegistrationTicket, at: datetime) -> None:
        """Accept the invitation now if registered, else when the registration is sent."""
        if self.status is PersonStatus.REGISTERED:
            self._accept(ticket.as_dict(), at)
        else:
            self.pending_invitation = ticket.as_dict()

    def register(self, contact: Contact, at: datetime) -> None:
        if self.status is PersonStatus.REGISTERED:
            raise RegistrationNotPending("The registration is complete already.")
        self.given_name, self.family_name = contact.given_name, contact.family_name
        self.email, self.mobile = contact.email, contact.mobile
        self.language = contact.language or self.language
        self.status, self.registered_at = PersonStatus.REGISTERED, at
        self.events.append(events.PersonRegistered(
            self.id, self.given_name, self.family_name, str(self.email), self.mobile,
            self.language, self.country, self.hpr_number, self.dk_authorisation_id, at))
        self.audit.append(audit_entry(self.id, "person.registered", "person", self.id,
                                      from_state="pending", to_state="registered"))
        if self.pending_invitation:
            self._accept(self.pending_invitation, at)
            self.pending_invitation = None

    def _accept(self, invitation: dict[str, Any], at: datetime) -> None:
        self.events.append(events.InvitationAccepted(
            self.id, invitation["invitation_id"], invitation["trainee"], invitation["role"],
            invitation["organisation_id"], at))
        self.audit.append(audit_entry(self.id, "invitation.accepted", "invitation",
                                      invitation["invitation_id"],
                                      trainee_id=invitation["trainee"],
                                      organisation_id=invitation["organisation_id"]))

    def change_contact(self, changes: dict[str, Any], at: datetime) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.events.append(events.PersonContactChanged(
            self.id, self.email, self.mobile, self.language, self.time_zone, at))

    def membership(self, organisation_id: str, role: Role) -> Membership | None:
        return next((m for m in self.memberships
                     if m.organisation_id == organisation_id and m.role is role), None)

    def grant(self, organisation_id: str, holder_id: str, role: Role, at: datetime,
              actor: str) -> None:
        if self.membership(organisation_id, role):
            raise MembershipExists(f"The person is {role.value} there already.")
        self.memberships.append(Membership(self.id, organisation_id, role, at, actor))
        self.events.append(events.MembershipGranted(self.id, organisation_id, holder_id,
                                                    role.value, at, actor))
        self.audit.append(audit_entry(actor, "membership.granted", "person", self.id,
                                      organisation_id=organisation_id, to_state=role.value))

    def withdraw(self, organisation_id: str, holder_id: str, role: Role, at: datetime,
                 actor: str, reason: str | None = None) -> None:
        found = self.membership(organisation_id, role)
        if found is None:
            raise MembershipNotFound(f"The person is no {role.value} there.")
        self.memberships.remove(found)
        self.events.append(events.MembershipWithdrawn(self.id, organisation_id, holder_id,
                                                      role.value, at, actor))
        self.audit.append(audit_entry(actor, "membership.withdrawn", "person", self.id,
                                      organisation_id=organisation_id,
                                      from_state=role.value, reason=reason))

    def make_operator(self, at: datetime, actor: str) -> None:
        self.is_operator = True
        self.audit.append(audit_entry(actor, "operator.granted", "person", self.id))

    def token_memberships(self, in_force: Callable[[str], bool]) -> list[tuple[str, str]]:
        """Memberships for a token: none of an organisation without an agreement in force,
        except a signatory's, who can only sign."""
        return sorted((m.organisation_id, m.role.value) for m in self.memberships
                      if m.role is Role.SIGNATORY or in_force(m.organisation_id))
