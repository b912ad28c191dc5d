"""Organisations (municipalities, regions) and their data-processing agreements.

A municipality (kommune) or region may use the portal only while its
data-processing agreement (databehandleravtale) is in force. The agreement
lasts until either party terminates it; it can later be signed anew, as a
new version.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from identity.domain import events
from identity.domain.exceptions import AgreementAlreadySigned, AgreementNotInForce


class OrganisationKind(str, Enum):
    MUNICIPALITY = "municipality"
    REGION = "region"


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
    organisation_number: str
    contact_email: str
    registered_at: datetime
    agreement_status: AgreementStatus = AgreementStatus.NOT_SIGNED
    agreement_version: int = 0
    signatory_name: str | None = None
    signed_at: datetime | None = None
    terminated_at: datetime | None = None
    terminated_by_party: Party | None = None
    termination_reason: str | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(cls, *, name: str, kind: OrganisationKind, country: str,
                 organisation_number: str, contact_email: str, at: datetime,
                 actor: str) -> Organisation:
        organisation = cls(str(uuid.uuid4()), name, kind, country, organisation_number,
                           contact_email, at)
        organisation.events.append(events.OrganisationRegistered(
            organisation.id, name, kind.value, country, organisation_number, contact_email,
            at, actor))
        return organisation

    def sign_agreement(self, signatory_name: str, at: datetime, actor: str) -> None:
        if self.agreement_status is AgreementStatus.SIGNED:
            raise AgreementAlreadySigned(f"{self.name} has signed its agreement already.")
        self.agreement_status = AgreementStatus.SIGNED
        self.agreement_version += 1
        self.signatory_name, self.signed_at = signatory_name, at
        self.terminated_at = self.terminated_by_party = self.termination_reason = None
        self.events.append(events.DpaSigned(
            self.id, self.name, self.kind.value, self.contact_email, self.agreement_version,
            signatory_name, at, actor))

    def terminate_agreement(self, party: Party, reason: str, at: datetime, actor: str) -> None:
        if self.agreement_status is not AgreementStatus.SIGNED:
            raise AgreementNotInForce(f"{self.name} has no agreement in force to terminate.")
        self.agreement_status = AgreementStatus.TERMINATED
        self.terminated_at, self.terminated_by_party = at, party
        self.termination_reason = reason
        self.events.append(events.DpaTerminated(
            self.id, self.name, self.kind.value, self.contact_email, self.agreement_version,
            party.value, reason, at, actor))

    @property
    def may_use_portal(self) -> bool:
        return self.agreement_status is AgreementStatus.SIGNED
