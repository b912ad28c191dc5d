"""What happened in identity; published as ``portal.identity.*`` CloudEvents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OrganisationRegistered:
    organisation_id: str
    name: str
    kind: str
    country: str
    organisation_number: str | None
    contact_email: str | None
    code: str | None
    agreement_holder_id: str | None
    registered_at: datetime
    registered_by: str


@dataclass(frozen=True)
class OrganisationUpdated:
    organisation_id: str
    name: str
    kind: str
    country: str
    organisation_number: str | None
    contact_email: str | None
    code: str | None
    agreement_holder_id: str | None
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class DpaSigned:
    """The data-processing agreement (databehandleravtale) came into force."""

    organisation_id: str
    organisation_name: str
    kind: str
    country: str
    contact_email: str
    agreement_version: int
    text_version: int
    signatory_name: str
    signatory_person_id: str | None
    signature_method: str
    signed_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class DpaTerminated:
    """Either party ended the agreement; the portal may no longer be used there."""

    organisation_id: str
    organisation_name: str
    kind: str
    country: str
    contact_email: str
    agreement_version: int
    text_version: int | None
    terminated_by_party: str
    reason: str
    terminated_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class AgreementTextPublished:
    version: int
    title: str
    published_at: datetime
    published_by: str


@dataclass(frozen=True)
class PersonProfileCreated:
    person_id: str
    organisation_id: str | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class PersonRegistered:
    person_id: str
    given_name: str
    family_name: str
    email: str
    mobile: str | None
    language: str
    country: str
    hpr_number: str | None
    authorisation_id: str | None
    registered_at: datetime


@dataclass(frozen=True)
class PersonContactChanged:
    person_id: str
    email: str | None
    mobile: str | None
    language: str
    time_zone: str
    changed_at: datetime


@dataclass(frozen=True)
class InvitationAccepted:
    person_id: str
    invitation_id: str
    trainee_id: str
    role: str
    organisation_id: str
    accepted_at: datetime


@dataclass(frozen=True)
class MembershipGranted:
    person_id: str
    organisation_id: str
    agreement_holder_id: str
    role: str
    granted_at: datetime
    granted_by: str


@dataclass(frozen=True)
class MembershipWithdrawn:
    person_id: str
    organisation_id: str
    agreement_holder_id: str
    role: str
    withdrawn_at: datetime
    withdrawn_by: str
