"""Organisations and their data-processing agreements (databehandleravtaler).

The operator runs the portal. Agreement holders sign an agreement with it: Norwegian
municipalities (kommuner) and health trusts (helseforetak, the LIS1 hospital year), and
Danish regions. Places of training (practices, clinics, hospitals, departments) belong
to one agreement holder and may be used while the holder's agreement is in force.
An agreement stays in force on the text version it was signed on until either party
terminates it; each signature counts up ``agreement_version``, which orders the gates.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from identity.domain import events
from identity.domain.agreements import AgreementText, HistoryEntry, Signature
from identity.domain.audit import entry as audit_entry
from identity.domain.exceptions import (
    AgreementAlreadySigned,
    AgreementNotInForce,
    NotAnAgreementHolder,
    NothingToChange,
    OrganisationNotOnboarded,
)
from identity.domain.numbers import check_country, check_organisation_number


class OrganisationKind(str, Enum):
    OPERATOR = "operator"
    MUNICIPALITY = "municipality"
    HEALTH_TRUST = "health_trust"
    REGION = "region"
    PRACTICE = "practice"
    CLINIC = "clinic"
    HOSPITAL = "hospital"
    DEPARTMENT = "department"


HOLDER_COUNTRY = {OrganisationKind.MUNICIPALITY: "NO", OrganisationKind.HEALTH_TRUST: "NO",
                  OrganisationKind.REGION: "DK"}
PLACE_KINDS = frozenset({OrganisationKind.PRACTICE, OrganisationKind.CLINIC,
                         OrganisationKind.HOSPITAL, OrganisationKind.DEPARTMENT})


class AgreementStatus(str, Enum):
    NOT_SIGNED = "not_signed"
    SIGNED = "signed"
    TERMINATED = "terminated"


class Party(str, Enum):
    OPERATOR = "operator"
    ORGANISATION = "organisation"


@dataclass(eq=False)
class Organisation:
    id: str
    name: str
    kind: OrganisationKind
    country: str
    registered_at: datetime
    organisation_number: str | None = None
    contact_email: str | None = None
    code: str | None = None
    agreement_holder_id: str | None = None
    agreement_status: AgreementStatus = AgreementStatus.NOT_SIGNED
    agreement_version: int = 0
    agreement_text_version: int | None = None
    signatory_name: str | None = None
    signatory_person_id: str | None = None
    signature_method: str | None = None
    signed_at: datetime | None = None
    terminated_at: datetime | None = None
    terminated_by_party: Party | None = None
    termination_reason: str | None = None
    history: list[HistoryEntry] = field(default_factory=list, repr=False)
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(cls, *, name: str, kind: OrganisationKind, country: str, at: datetime,
                 actor: str, organisation_number: str | None = None,
                 contact_email: str | None = None, code: str | None = None,
                 holder: Organisation | None = None) -> Organisation:
        check_country(kind.value, country, HOLDER_COUNTRY.get(kind))
        if organisation_number:
            organisation_number = check_organisation_number(country, organisation_number)
        holder_id = _holder_id(kind, country, holder)
        organisation = cls(str(uuid.uuid4()), name, kind, country, at, organisation_number,
                           contact_email, code, holder_id)
        organisation.events.append(events.OrganisationRegistered(
            organisation.id, name, kind.value, country, organisation_number, contact_email,
            code, holder_id, at, actor))
        organisation.audit.append(audit_entry(actor, "organisation.registered",
                                                     "organisation", organisation.id))
        return organisation

    @property
    def is_holder(self) -> bool:
        return self.kind in HOLDER_COUNTRY

    @property
    def holder_id(self) -> str | None:
        """The organisation whose agreement covers this one (itself for a holder)."""
        return self.id if self.is_holder else self.agreement_holder_id

    @property
    def may_use_portal(self) -> bool:
        return self.agreement_status is AgreementStatus.SIGNED

    def onboard(self, organisation_number: str | None, contact_email: str | None,
                at: datetime, actor: str) -> bool:
        """Add (or correct) the organisation number and contact e-mail; whether anything
        changed. Neither given: refused; both as they are: no event, no audit entry."""
        if not (organisation_number or contact_email):
            raise NothingToChange("Give the organisation number or the contact e-mail.")
        number = check_organisation_number(self.country, organisation_number) if \
            organisation_number else self.organisation_number
        email = contact_email or self.contact_email
        if (number, email) == (self.organisation_number, self.contact_email):
            return False
        self.organisation_number, self.contact_email = number, email
        self.events.append(events.OrganisationUpdated(
            self.id, self.name, self.kind.value, self.country, self.organisation_number,
            self.contact_email, self.code, self.agreement_holder_id, at, actor))
        self.audit.append(audit_entry(actor, "organisation.updated", "organisation",
                                             self.id))
        return True

    def rename(self, name: str, at: datetime, actor: str) -> None:
        """The official name changed (an update from the official list)."""
        self.name = name
        self.events.append(events.OrganisationUpdated(
            self.id, self.name, self.kind.value, self.country, self.organisation_number,
            self.contact_email, self.code, self.agreement_holder_id, at, actor))
        self.audit.append(audit_entry(actor, "organisation.renamed", "organisation", self.id))

    def sign_agreement(self, text: AgreementText, signature: Signature, at: datetime,
                       actor: str) -> None:
        if not self.is_holder:
            raise NotAnAgreementHolder(f"{self.name} signs no agreement of its own.")
        if not (self.organisation_number and self.contact_email):
            raise OrganisationNotOnboarded(
                f"{self.name} needs its organisation number and contact e-mail first.")
        if self.agreement_status is AgreementStatus.SIGNED:
            raise AgreementAlreadySigned(f"{self.name} has signed its agreement already.")
        before = self.agreement_status.value
        self.agreement_status = AgreementStatus.SIGNED
        self.agreement_version += 1
        self.agreement_text_version = text.version
        self.signatory_name, self.signatory_person_id = signature.name, signature.person_id
        self.signature_method, self.signed_at = signature.method, at
        self.terminated_at = self.terminated_by_party = self.termination_reason = None
        self.history.append(HistoryEntry.signed(self, at, actor))
        self.events.append(events.DpaSigned(
            self.id, self.name, self.kind.value, self.country, str(self.contact_email),
            self.agreement_version, text.version, signature.name, signature.person_id,
            signature.method, at, actor))
        self.audit.append(audit_entry(
            actor, "agreement.signed", "organisation", self.id, from_state=before,
            to_state="signed", detail={"agreement_version": self.agreement_version,
                                       "text_version": text.version,
                                       "method": signature.method}))

    def terminate_agreement(self, party: Party, reason: str, at: datetime, actor: str) -> None:
        if self.agreement_status is not AgreementStatus.SIGNED:
            raise AgreementNotInForce(f"{self.name} has no agreement in force to terminate.")
        self.agreement_status = AgreementStatus.TERMINATED
        self.terminated_at, self.terminated_by_party = at, party
        self.termination_reason = reason
        self.history.append(HistoryEntry.terminated(self, at, actor))
        self.events.append(events.DpaTerminated(
            self.id, self.name, self.kind.value, self.country, str(self.contact_email),
            self.agreement_version, self.agreement_text_version, party.value, reason, at,
            actor))
        self.audit.append(audit_entry(
            actor, "agreement.terminated", "organisation", self.id, from_state="signed",
            to_state="terminated", reason=reason,
            detail={"agreement_version": self.agreement_version, "party": party.value}))


def _holder_id(kind: OrganisationKind, country: str, holder: Organisation | None) -> str | None:
    if kind not in PLACE_KINDS:
        return None
    if holder is None or not holder.is_holder or holder.country != country:
        raise NotAnAgreementHolder("A place of training names an agreement holder of its "
                                   "country.")
    return holder.id
