"""What identity is asked to do. ``by`` is the verified principal acting."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal_kit.principal import Principal


@dataclass(frozen=True)
class RegisterOrganisation:
    name: str
    kind: str
    country: str
    by: Principal
    organisation_number: str | None = None
    contact_email: str | None = None
    code: str | None = None
    agreement_holder_id: str | None = None


@dataclass(frozen=True)
class OnboardOrganisation:
    organisation_id: str
    by: Principal
    organisation_number: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True)
class PublishAgreementText:
    title: str
    body: str
    by: Principal


@dataclass(frozen=True)
class SignAgreement:
    """A designated signatory signs with eID, or the operator records a paper signature."""

    organisation_id: str
    by: Principal
    text_version: int | None = None
    signatory_name: str | None = None


@dataclass(frozen=True)
class TerminateAgreement:
    organisation_id: str
    terminated_by_party: str
    reason: str
    by: Principal


@dataclass(frozen=True)
class GrantMembership:
    person_id: str
    organisation_id: str
    role: str
    by: Principal


@dataclass(frozen=True)
class WithdrawMembership:
    person_id: str
    organisation_id: str
    role: str
    by: Principal
    reason: str | None = None


@dataclass(frozen=True)
class CreateProfile:
    """An administrator creates a person's profile from the register (or for a non-doctor
    administrator, by national id, kept only as a keyed hash)."""

    country: str
    by: Principal
    organisation_id: str | None = None
    hpr_number: str | None = None
    authorisation_id: str | None = None
    national_id: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    mobile: str | None = None


@dataclass(frozen=True)
class MakeOperator:
    person_id: str
    by: Principal


@dataclass(frozen=True)
class Register:
    person_id: str
    given_name: str
    family_name: str
    email: str
    language: str
    mobile: str | None = None


@dataclass(frozen=True)
class ChangeContact:
    person_id: str
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RegisterClient:
    client_id: str
    name: str
    scopes: tuple[str, ...]
    by: Principal


@dataclass(frozen=True)
class ProtocolCall:
    """An OAuth/OpenID request as it arrived (method, URL, parameters, headers)."""

    endpoint: str
    method: str
    uri: str
    params: dict[str, list[str]]
    headers: dict[str, str]


@dataclass(frozen=True)
class Authorize:
    call: ProtocolCall


@dataclass(frozen=True)
class CompleteLogin:
    state: str | None
    code: str | None
    error: str | None = None


@dataclass(frozen=True)
class SearchRegister:
    by: Principal
    country: str | None = None
    name: str | None = None
    hpr_number: str | None = None
    authorisation_id: str | None = None


@dataclass(frozen=True)
class ListedOrganisation:
    """One agreement holder as an organisation list names it."""

    kind: str
    country: str
    code: str
    name: str
    organisation_number: str | None = None


@dataclass(frozen=True)
class LoadOrganisations:
    """Add the listed organisations that are missing; with ``update_names``, also take the
    list's names for those already known (matched by kind, country and code)."""

    listed: tuple[ListedOrganisation, ...]
    by: Principal
    update_names: bool = False
