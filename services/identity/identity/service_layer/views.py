"""Read side: what the HTTP API shows, straight from the repositories."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from identity.adapters import orm
from identity.domain.agreements import AgreementText, HistoryEntry
from identity.domain.exceptions import (
    AgreementTextNotFound,
    InsufficientScope,
    TokenWithoutPerson,
)
from identity.domain.model import HOLDER_COUNTRY, AgreementStatus, Organisation, OrganisationKind
from identity.domain.people import Person
from identity.service_layer import access
from identity.service_layer.claims import subject_for
from identity.service_layer.lookups import get_organisation, get_person, holder_of
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.audit_log import AuditLog
from portal_kit.db import ROW_ID_MAX
from portal_kit.principal import Principal


def organisations(uow: IdentityUnitOfWork, by: Principal, kind: str | None = None,
                  holder_id: str | None = None) -> list[Organisation]:
    """Every organisation for the operator; an agreement holder's places for its
    administrator (who asks with ``holder_id``, to grant tutors access to them)."""
    with uow:
        if not access.is_operator(by):
            access.require_operator_or_admin(
                by, get_organisation(uow, holder_id) if holder_id else None)
        else:
            access.require_operator(by)
        kinds = [OrganisationKind(kind)] if kind else None
        return uow.organisations.list(kinds, holder_id)


def organisation(uow: IdentityUnitOfWork, organisation_id: str) -> Organisation:
    with uow:
        return get_organisation(uow, organisation_id)


def agreement_holders(uow: IdentityUnitOfWork) -> list[Any]:
    """Every agreement holder, signed or not (the public list: rows of its columns)."""
    with uow:
        return uow.organisations.agreement_statuses(list(HOLDER_COUNTRY))


def agreement_history(uow: IdentityUnitOfWork, organisation_id: str) -> list[HistoryEntry]:
    with uow:
        return list(reversed(get_organisation(uow, organisation_id).history))


def agreement_texts(uow: IdentityUnitOfWork) -> list[AgreementText]:
    with uow:
        return uow.agreement_texts.list()


def agreement_text(uow: IdentityUnitOfWork, version: int) -> AgreementText:
    with uow:
        text = uow.agreement_texts.get(version) if 0 < version <= ROW_ID_MAX else None
        if text is None:
            raise AgreementTextNotFound(f"No agreement text version {version}.")
        return text


def not_on_newest_text(uow: IdentityUnitOfWork) -> list[Organisation]:
    """Agreement holders that have not signed the newest text (or nothing at all)."""
    with uow:
        latest = uow.agreement_texts.latest()
        newest = latest.version if latest else 0
        return [o for o in uow.organisations.list(list(HOLDER_COUNTRY))
                if o.agreement_status is not AgreementStatus.SIGNED
                or (o.agreement_text_version or 0) < newest]


def person(uow: IdentityUnitOfWork, person_id: str) -> Person:
    with uow:
        return get_person(uow, person_id)


@dataclass(frozen=True)
class RegistrationView:
    person: Person
    invitation: dict[str, Any] | None


def registration(uow: IdentityUnitOfWork, person_id: str) -> RegistrationView:
    with uow:
        found = get_person(uow, person_id)
        invitation = dict(found.pending_invitation) if found.pending_invitation else None
        if invitation:
            invitation.pop("jti", None)
            invitation.pop("expires_at", None)
        return RegistrationView(found, invitation)


def people_of(uow: IdentityUnitOfWork, organisation_id: str, by: Principal) -> list[Person]:
    """An organisation's people: members of it and its places, and profiles made for it."""
    with uow:
        found = get_organisation(uow, organisation_id)
        holder = holder_of(uow, found)
        access.require_operator_or_admin(by, holder, "people")
        ids = [found.id]
        if found.is_holder:
            ids += [place.id for place in uow.organisations.list(holder_id=found.id)]
        return uow.people.of_organisations(ids)


def userinfo(uow: IdentityUnitOfWork, by: Principal) -> dict[str, Any]:
    """OpenID Connect's UserInfo: only for a token granted ``openid``, of a known person."""
    if "openid" not in str(by.claims.get("scope") or "").split():
        raise InsufficientScope("UserInfo needs a token with the openid scope.", "openid")
    with uow:
        subject = subject_for(uow, by.subject, by.assurance or "", 0)
        if subject is None:
            raise TokenWithoutPerson("The token names no person known here.")
        return subject.userinfo


def find_person(uow: IdentityUnitOfWork, email: str | None = None,
                hpr_number: str | None = None,
                authorisation_id: str | None = None) -> Person | None:
    """A person by e-mail, HPR number or Danish authorisation id (never by national id)."""
    with uow:
        if hpr_number:
            return uow.people.by_hpr_number(hpr_number)
        if authorisation_id:
            return uow.people.by_authorisation_id(authorisation_id)
        return uow.people.by_email(email) if email else None


def organisation_by_code(uow: IdentityUnitOfWork, country: str, kind: str,
                         code: str) -> Organisation | None:
    with uow:
        return uow.organisations.get_by_code(country, OrganisationKind(kind), code)


def place_named(uow: IdentityUnitOfWork, holder_id: str, name: str) -> Organisation | None:
    with uow:
        return next((o for o in uow.organisations.list(holder_id=holder_id) if o.name == name),
                    None)


def audit_entries(uow: IdentityUnitOfWork, by: Principal, **filters: Any) -> list[Any]:
    """The operator reads identity's audit log, newest first."""
    with uow:
        access.require_operator(by)
        return AuditLog(orm.audit).entries(uow.session, **filters)
