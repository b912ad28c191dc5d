from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterOrganisation:
    name: str
    kind: str
    country: str
    organisation_number: str
    contact_email: str
    actor: str


@dataclass(frozen=True)
class SignAgreement:
    organisation_id: str
    signatory_name: str
    actor: str


@dataclass(frozen=True)
class TerminateAgreement:
    organisation_id: str
    terminated_by_party: str
    reason: str
    actor: str


@dataclass(frozen=True)
class IssueToken:
    """OAuth 2.0 client-credentials grant (RFC 6749 section 4.4)."""

    grant_type: str
    client_id: str
    client_secret: str
