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
    organisation_number: str
    contact_email: str
    registered_at: datetime
    registered_by: str


@dataclass(frozen=True)
class DpaSigned:
    """The data-processing agreement (databehandleravtale) came into force."""

    organisation_id: str
    organisation_name: str
    kind: str
    contact_email: str
    agreement_version: int
    signatory_name: str
    signed_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class DpaTerminated:
    """Either party ended the agreement; the portal may no longer be used there."""

    organisation_id: str
    organisation_name: str
    kind: str
    contact_email: str
    agreement_version: int
    terminated_by_party: str
    reason: str
    terminated_at: datetime
    recorded_by: str
